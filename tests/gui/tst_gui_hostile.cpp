// The window given a folder of hostile files: the "window" case of the hostile suite
// (tests/hostile/run_hostile.py --test window runs this and checks what it reports against the
// corpus manifest). The folder is dropped on the queue as a file manager drops it, every tile is
// scrolled into view and painted so its thumbnail is asked for, and the outcome of each is written
// as JSON. The thumbnails come from workers: a file that crashes or exhausts a decoder costs a
// worker, never the window, which must answer to the end.
//
//   tst_gui_hostile CORPUS_DIR REPORT.json        exit 0: report written; else the window failed
#include "GuiTestUtil.h"
#include "JobRunner.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "ThumbnailCache.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSaveFile>
#include <QSignalSpy>
#include <QUrl>
#include <cstdio>

using namespace pp::gui;

namespace {
int fail(const char *what)
{
    std::fprintf(stderr, "tst_gui_hostile: %s\n", what);
    return 1;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc != 3)
        return fail("usage: tst_gui_hostile CORPUS_DIR REPORT.json");
    const QByteArray corpus = QByteArray(argv[1]);

    test::WindowFixture f(2);
    MainWindow *w = f.window.get();
    w->show();
    QSignalSpy scanned(w, &MainWindow::scanFinished);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QFile::decodeName(corpus))});
    if (!test::drop(w->queueView()->viewport(), &mime))
        return fail("the window refused the folder");
    if (!scanned.wait(60000))
        return fail("the folder scan did not finish within 60 s");

    QueueModel *model = w->queueModel();
    QueueView *view = w->queueView();
    ThumbnailCache *cache = w->thumbnails();
    QJsonArray items;
    const QByteArray prefix = corpus + "/";
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        const QByteArray key = index.data(QueueModel::ThumbnailKeyRole).toByteArray();
        const QByteArray path = index.data(QueueModel::PathRole).toByteArray();
        // Shown, as a person scrolling the queue would: painting the tile asks for its thumbnail.
        view->scrollTo(index);
        view->viewport()->repaint();
        QImage thumb;
        QElapsedTimer t;
        t.start();
        while ((thumb = cache->get(key)).isNull() && !cache->failed(key) && t.elapsed() < 60000)
            QTest::qWait(5);
        QJsonObject item{
            {"path_hex", QString::fromLatin1((path.startsWith(prefix) ? path.mid(prefix.size()) : path).toHex())}};
        if (!thumb.isNull()) {
            item["thumbnail"] = "ready";
            item["width"] = thumb.width();
            item["height"] = thumb.height();
        } else if (cache->failed(key)) {
            item["thumbnail"] = "failed";
            item["reason"] = cache->reason(key);
        } else {
            item["thumbnail"] = "missing"; // nothing came back within a minute
        }
        items.append(item);
    }
    const QJsonObject report{{"items", items},
                             {"side", cache->side()},
                             {"workers_replaced", w->pool()->workersReplaced()},
                             {"window_visible", w->isVisible()}};
    QSaveFile out(QString::fromLocal8Bit(argv[2]));
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(report).toJson()) < 0 || !out.commit())
        return fail("cannot write the report");
    return 0;
}
