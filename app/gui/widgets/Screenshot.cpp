#include "Screenshot.h"

#include "MainWindow.h"
#include "PresetEditor.h"
#include "PresetPanel.h"
#include "PreviewPane.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "WindowFit.h"
#include "BatchBanner.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QListWidget>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>

namespace pp::gui {

namespace {

bool save(QWidget *w, const QString &path)
{
    const bool ok = w->grab().save(path);
    std::fprintf(stderr, "screenshot: %s %s\n", ok ? "wrote" : "FAILED to write", qPrintable(path));
    return ok;
}

// Runs the event loop until `done()` or the timeout; the scenario waits only this way.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

} // namespace

int runScreenshotScenario(const QString &outDir, const QVector<QByteArray> &givenInputs)
{
    QDir().mkpath(outDir);
    QTemporaryDir tmp; // settings, user presets and outputs: nothing of the user's is touched
    QSettings settings(tmp.filePath("settings.ini"), QSettings::IniFormat);
    GuiOptions options;
    options.settings = &settings;
    options.userPresetDir = tmp.filePath("presets");
    options.workers = 3;
    options.dialogs = false;
    options.fitToScreen = false;

    // One broken image, first in the queue, so a failure with its reason shows early.
    QDir().mkpath(tmp.filePath("incoming"));
    QFile broken(tmp.filePath("incoming/holiday-042.jpg"));
    broken.open(QIODevice::WriteOnly);
    broken.write(QByteArray("\xFF\xD8\xFF\xE0 this is not really a JPEG", 30).repeated(20));
    broken.close();
    QVector<QByteArray> inputs{QFile::encodeName(broken.fileName())};
    inputs += givenInputs;

    MainWindow window(options);
    window.setOutputFolder(tmp.filePath("output"));
    window.resize(kPreferredSize); // what a first start asks for
    window.show();
    window.presetPanel()->setDefaultPreset("classic");

    bool scanned = false;
    QObject::connect(&window, &MainWindow::scanFinished, [&] { scanned = true; });
    window.addInputs(inputs);
    if (!waitFor([&] { return scanned; }, 30000) || window.queueModel()->rowCount() < 2) {
        std::fprintf(stderr, "screenshot: no images found in the inputs\n");
        return 1;
    }
    QueueModel *queue = window.queueModel();
    // Show per-image presets: two images get "grayscale" as if a card had been dropped on them.
    const QList<quint64> uids = queue->uids();
    if (uids.size() > 4)
        window.handleDrop(DropContents{{}, {}, "grayscale", {}, {}, {}, {}}, {uids[2], uids[3]});
    window.queueView()->setCurrentIndex(queue->index(1));
    waitFor([&] { return window.previewPane()->hasAfter() && window.previewPane()->hasBefore(); }, 20000);

    int ok = 0, expected = 0;
    bool finished = false;
    QObject::connect(&window, &MainWindow::batchFinished, [&] { finished = true; });
    if (!window.startBatch())
        return 1;
    // Mid-batch: several done, the failure shown, others still on their workers.
    const int total = queue->rowCount();
    waitFor(
        [&] {
            const int done = queue->countInState(ItemState::Done);
            // Early enough that the cards on workers are still in the first rows, with the failure.
            return (done >= std::min(4, total / 2) && queue->countInState(ItemState::Failed) > 0 &&
                    queue->countInState(ItemState::Processing) > 0) ||
                   finished;
        },
        90000);
    ++expected;
    ok += save(&window, outDir + "/main-window.png");

    // The preset editor: "classic" with a watermark step added (text, choices, sliders and a
    // colour picker, all made from the operation catalog) and the worker's preview of it.
    window.openPresetEditor("classic");
    PresetEditor *editor = window.presetEditor();
    editor->resize(1400, 800);
    editor->findChild<QLineEdit *>("presetName")->setText("classic + watermark");
    editor->selectStep(editor->stepCount() - 1);
    editor->addStep("watermark");
    waitFor(
        [&] {
            PreviewPane *pane = editor->previewPane();
            return pane->hasAfter() && pane->hasBefore() && !pane->isBusy();
        },
        30000);
    QCoreApplication::processEvents();
    ++expected;
    ok += save(editor, outDir + "/preset-editor.png");
    editor->close();

    waitFor([&] { return finished; }, 180000);
    if (finished) {
        QCoreApplication::processEvents();
        ++expected;
        // The banner with the summary, its failure list open, under the finished queue.
        window.batchBanner()->failuresButton()->setChecked(true);
        waitFor([] { return false; }, 300); // let it lay out
        ok += save(&window, outDir + "/main-window-done.png");
    }
    window.close();
    return ok == expected ? 0 : 1;
}

} // namespace pp::gui
