// Simulated drops on the real widgets of the main window: files and folders (from Qt and as a
// file manager's raw text/uri-list), image data with no file behind it, preset files (good and
// broken), garbage, and preset cards onto images.
#include "GuiTestUtil.h"

#include "BatchBanner.h"
#include "Contrast.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "ScanController.h"
#include "StatusMessage.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QUrl>

using namespace pp;
using namespace pp::gui;
using test::drop;
using test::WindowFixture;

namespace {

QStringList skippedReasons(MainWindow *w)
{
    QStringList out;
    for (int i = 0; i < w->skippedList()->topLevelItemCount(); ++i)
        out << w->skippedList()->topLevelItem(i)->text(0) + ": " + w->skippedList()->topLevelItem(i)->text(1);
    return out;
}

// Drops these files and folders on the queue, as a file manager does, and waits for the scan.
void dropAndWait(MainWindow *w, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &p : paths)
        urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    QSignalSpy scanned(w, &MainWindow::scanFinished);
    QVERIFY(drop(w->queueView()->viewport(), &mime));
    QVERIFY(scanned.wait(10000));
}

} // namespace

class TestDrops : public QObject
{
    Q_OBJECT
private slots:
    void filesAndFolders();
    void theSkippedListHoldsEachEntryOnce();
    void theSkippedListEmptiesWithTheQueue();
    void theSkippedPaneClosesWhenItListsNothing();
    void aLinkOutsideTheFolderIsAddedOnlyWhenAsked();
    void pastingTextSaysWhatTheClipboardHolds();
    void aFolderDroppedAgainLeavesItsResultsOut();
    void fileManagerUriList();
    void imageDataWithoutFile();
    void presetFiles();
    void presetFilesHeldOverTheCardsSayWhatTheDropDoes();
    void presetFilesHeldOverTheQueueSayWhatTheDropDoes();
    void importedPresetsAreCountedInThePlural();
    void garbage();
    void refusedDropsReportNoCopy();
    void presetCardOntoImages();
    void settingsPersist();
};

void TestDrops::filesAndFolders()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    const QString single = test::makeImage(f.path("in"), "single.jpg", 40, 30);
    for (int i = 0; i < 3; ++i)
        test::makeImage(f.path("in/folder/sub"), QString("deep%1.png").arg(i), 30, 30, "PNG");
    test::writeFile(f.path("in/folder/notes.txt"), "not an image");

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(single), QUrl::fromLocalFile(f.path("in/folder")), QUrl::fromLocalFile(single)});
    QSignalSpy scanned(w, &MainWindow::scanFinished);
    QVERIFY(drop(w->queueView()->viewport(), &mime));
    QVERIFY(scanned.wait(10000));
    QCOMPARE(w->queueModel()->rowCount(), 4);
    const QString reasons = skippedReasons(w).join("\n");
    QVERIFY2(reasons.contains("notes.txt: not an image file name"), qPrintable(reasons));
    // Given twice, taken once: in the queue, so not left out; the status bar says so.
    QVERIFY2(!reasons.contains("single.jpg"), qPrintable(reasons));
    QVERIFY2(w->lastMessage().contains("Added 4 images; 1 was in the queue already; left out 1"),
             qPrintable(w->lastMessage()));

    // The same folder again: everything is queued already, and the status bar says so.
    QMimeData again;
    again.setUrls({QUrl::fromLocalFile(f.path("in/folder"))});
    QVERIFY(drop(w->queueView()->viewport(), &again));
    QVERIFY(scanned.wait(10000));
    QCOMPARE(w->queueModel()->rowCount(), 4);
    QVERIFY2(w->lastMessage().contains("Added 0 images; 3 were in the queue already"), qPrintable(w->lastMessage()));
    QCOMPARE(skippedReasons(w), QStringList{f.path("in/folder/notes.txt") + ": not an image file name"});
}

// The Skipped list piled up: the same folder dropped twice listed its README twice, files left out
// as already queued stayed listed, and the banner counted them as "left out when adding" for a batch
// that made them. Now an entry is listed once, goes when its file is queued (the pane with it when
// that empties it), and the banner counts what this batch's adds left out.
void TestDrops::theSkippedListHoldsEachEntryOnce()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::makeImage(f.path("in/album"), "a.jpg", 40, 30);
    test::makeImage(f.path("in/album"), "b.jpg", 40, 30);
    // A JPEG without an image's name: a folder's scan leaves it out, given by itself it is read.
    QFile::copy(f.path("in/album/a.jpg"), f.path("in/album/photo.dat"));
    test::writeFile(f.path("in/album/README.md"), "about this album");
    auto tabText = [w] { return w->findChild<QTabWidget *>()->tabText(0); };
    auto runBatch = [w] {
        QSignalSpy finished(w, &MainWindow::batchFinished);
        QVERIFY(w->startBatch());
        QVERIFY(finished.wait(30000));
    };
    QDockWidget *pane = w->findChild<QDockWidget *>("bottomDock");

    dropAndWait(w, {f.path("in/album")});
    QCOMPARE(w->queueModel()->rowCount(), 2);
    QCOMPARE(w->skippedList()->topLevelItemCount(), 2);
    QVERIFY(!pane->isHidden());
    dropAndWait(w, {f.path("in/album")});
    QCOMPARE(w->queueModel()->rowCount(), 2);
    QCOMPARE(skippedReasons(w).size(), 2); // each once, not twice
    QCOMPARE(tabText(), QString("Skipped (2)"));
    QVERIFY2(!skippedReasons(w).join("\n").contains("a.jpg"), qPrintable(skippedReasons(w).join("\n")));
    runBatch();
    QVERIFY2(w->batchBanner()->countsText().contains("2 left out when adding"),
             qPrintable(w->batchBanner()->countsText()));

    // The file left out is queued by itself: its entry goes.
    dropAndWait(w, {f.path("in/album/photo.dat")});
    QCOMPARE(w->queueModel()->rowCount(), 3);
    QVERIFY2(skippedReasons(w).size() == 1 && skippedReasons(w).first().endsWith("README.md: not an image file name"),
             qPrintable(skippedReasons(w).join("\n")));
    QCOMPARE(tabText(), QString("Skipped (1)"));
    runBatch();
    // This batch's adds left nothing out (README.md was left out before the last batch).
    QVERIFY2(!w->batchBanner()->countsText().contains("left out"), qPrintable(w->batchBanner()->countsText()));

    // The folder again: README.md left out again, still listed once, and counted by the next batch.
    test::makeImage(f.path("in/album"), "e.jpg", 40, 30);
    dropAndWait(w, {f.path("in/album")});
    QCOMPARE(skippedReasons(w).size(), 1);
    runBatch();
    QVERIFY2(w->batchBanner()->countsText().contains("1 left out when adding"),
             qPrintable(w->batchBanner()->countsText()));
}

// The Skipped list outlived the queue it was about: after Clear queue it still named files left out
// as "the same file is already queued", deleted long since, and grew all session (the soak QA pass:
// 192 entries over an empty queue). Emptying the queue empties it, and closes the pane opened for it.
void TestDrops::theSkippedListEmptiesWithTheQueue()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::makeImage(f.path("in/album"), "a.jpg", 40, 30);
    test::writeFile(f.path("in/album/README.md"), "about this album");
    QDockWidget *pane = w->findChild<QDockWidget *>("bottomDock");
    dropAndWait(w, {f.path("in/album")});
    QCOMPARE(skippedReasons(w).size(), 1);
    QVERIFY(!pane->isHidden());
    w->queueView()->setFocus();
    w->queueView()->selectAll();
    QTest::keyClick(w->queueView(), Qt::Key_Delete); // every card removed (Ctrl+Z would bring it back)
    QCOMPARE(w->queueModel()->rowCount(), 0);
    QVERIFY2(skippedReasons(w).isEmpty(), qPrintable(skippedReasons(w).join("\n")));
    QCOMPARE(w->findChild<QTabWidget *>()->tabText(0), QString("Skipped (0)"));
    QVERIFY(pane->isHidden());

    // Clear queue, with a card left: the same.
    test::makeImage(f.path("in/album"), "b.jpg", 40, 30);
    dropAndWait(w, {f.path("in/album")});
    QCOMPARE(skippedReasons(w).size(), 1);
    QAction *clear = nullptr;
    for (QAction *a : w->findChildren<QAction *>())
        if (a->text() == "C&lear queue")
            clear = a;
    QVERIFY(clear && clear->isEnabled());
    clear->trigger();
    QCOMPARE(w->queueModel()->rowCount(), 0);
    QVERIFY2(skippedReasons(w).isEmpty(), qPrintable(skippedReasons(w).join("\n")));
    // A card removed while others stay keeps the list.
    dropAndWait(w, {f.path("in/album")});
    QCOMPARE(skippedReasons(w).size(), 1);
    w->queueModel()->removeUids({w->queueModel()->itemAt(0).uid});
    QCOMPARE(w->queueModel()->rowCount(), 1);
    QCOMPARE(skippedReasons(w).size(), 1);
}

// A dropped folder's link to a file outside it (an archive's "x.jpg -> ~/.ssh/id_ed25519") is
// not queued, where it was: it is listed with why and where it leads, and Add Anyway in the list's
// menu (right-click, the Menu key, Shift+F10) queues it as the file it leads to then, and only
// that file is opened for it. The action takes only such entries, the selected ones or the one
// Tab rings; their entries go. A link turned to a folder meanwhile is not followed (its tree was
// queued), and a link to a file queued already left its entry behind, its reason no longer true
// (the GUI QA pass of session 44). Shift+F10 did nothing there.
void TestDrops::aLinkOutsideTheFolderIsAddedOnlyWhenAsked()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::makeImage(f.path("in/album"), "a.jpg", 40, 30);
    test::makeImage(f.path("in/elsewhere"), "holiday.jpg", 40, 30);
    test::makeImage(f.path("in/elsewhere/tree"), "private.jpg", 40, 30);
    test::writeFile(f.path("in/album/README.md"), "about this album");
    QVERIFY(QFile::link(f.path("in/elsewhere/holiday.jpg"), f.path("in/album/holiday.jpg")));
    QVERIFY(QFile::link(f.path("in/elsewhere/holiday.jpg"), f.path("in/album/same.jpg")));
    QVERIFY(QFile::link(f.path("in/elsewhere/holiday.jpg"), f.path("in/album/turned.jpg")));
    dropAndWait(w, {f.path("in/album")});
    QCOMPARE(w->queueModel()->rowCount(), 1);
    QCOMPARE(skippedReasons(w).size(), 4);
    QTreeWidget *list = w->skippedList();
    QCOMPARE(list->textElideMode(), Qt::ElideMiddle); // a long path keeps its file's name
    const auto entry = [list](const QString &name) -> QTreeWidgetItem * {
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            if (list->topLevelItem(i)->text(0).endsWith('/' + name))
                return list->topLevelItem(i);
        return nullptr;
    };
    QTreeWidgetItem *link = entry("holiday.jpg"), *readme = entry("README.md");
    QVERIFY(link && readme);
    QCOMPARE(link->text(1), QString("symbolic link to a file outside the folder, not followed"));
    QVERIFY2(link->toolTip(1).contains("Add Anyway") &&
                 link->toolTip(1).contains("It leads to " +
                                           QFileInfo(f.path("in/elsewhere/holiday.jpg")).canonicalFilePath()),
             qPrintable(link->toolTip(1)));
    QAction *add = w->addLinkedAction();
    QVERIFY(list->actions().contains(add));
    QCOMPARE(list->contextMenuPolicy(), Qt::ActionsContextMenu);
    QVERIFY(!add->isEnabled());
    readme->setSelected(true);
    QVERIFY(!add->isEnabled()); // not a link: nothing to add
    link->setSelected(true);
    QVERIFY(!add->isEnabled()); // not only links
    list->clearSelection();
    list->setCurrentItem(link, 0, QItemSelectionModel::NoUpdate); // ringed by Tab, not selected
    QVERIFY(add->isEnabled());
    // Shift+F10 opens the list's menu, with the action.
    list->setFocus();
    QTest::keyClick(list, Qt::Key_F10, Qt::ShiftModifier);
    auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    QVERIFY(menu && menu->actions().contains(add));
    QCOMPARE(menu->activeAction(), add); // Return takes it
    menu->close();
    QTRY_VERIFY(!QApplication::activePopupWidget());

    QSignalSpy scanned(w, &MainWindow::scanFinished);
    add->trigger();
    QVERIFY(scanned.wait(10000));
    QCOMPARE(w->queueModel()->rowCount(), 2);
    const QByteArray linked = QFile::encodeName(f.path("in/album/holiday.jpg"));
    QVERIFY(w->queueModel()->holdsPath(linked));
    // That very file only: a link turned elsewhere since is not opened for it.
    const Confinement c = w->queueModel()->itemAt(1).input.confinement();
    QVERIFY(c.confined && c.folder.isEmpty() && c.inode != 0);
    QVERIFY(!entry("holiday.jpg"));

    // A link to a file queued already: its entry goes, the status bar says so.
    list->clearSelection();
    entry("same.jpg")->setSelected(true);
    add->trigger();
    QVERIFY(scanned.wait(10000));
    QCOMPARE(w->queueModel()->rowCount(), 2);
    QVERIFY(!entry("same.jpg"));
    QVERIFY2(w->lastMessage().contains("Added 0 images; 1 was in the queue already"), qPrintable(w->lastMessage()));

    // A link turned to a folder after the scan: not followed, said so; nothing of its tree queued.
    QVERIFY(QFile::remove(f.path("in/album/turned.jpg")));
    QVERIFY(QFile::link(f.path("in/elsewhere"), f.path("in/album/turned.jpg")));
    list->clearSelection();
    entry("turned.jpg")->setSelected(true);
    add->trigger();
    QVERIFY(scanned.wait(10000));
    QCOMPARE(w->queueModel()->rowCount(), 2);
    QCOMPARE(entry("turned.jpg")->text(1), QString("symbolic link to a folder, not followed"));
    QCOMPARE(skippedReasons(w).size(), 2); // README.md, turned.jpg once

    // The list emptied (the queue cleared) with the focus in it: the focus goes to the queue, not
    // to whichever control came next (the output folder's button, the default preset's box).
    w->activateWindow();
    list->setFocus();
    QTRY_VERIFY(list->hasFocus());
    QAction *clear = nullptr;
    for (QAction *a : w->findChildren<QAction *>())
        if (a->text() == "C&lear queue")
            clear = a;
    QVERIFY(clear);
    clear->trigger();
    QVERIFY(w->findChild<QDockWidget *>("bottomDock")->isHidden());
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(w->queueView()));
}

// Ctrl+V with words on the clipboard said "Not added: nothing to add: the drop held no files,
// folders or images (it had: TARGETS, text/plain)": a drop's words and the formats' names.
void TestDrops::pastingTextSaysWhatTheClipboardHolds()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QApplication::clipboard()->setText("hello world");
    QTest::keySequence(w, QKeySequence::Paste);
    QCOMPARE(w->lastMessage(), QString("Nothing pasted: the clipboard holds no image, file or folder."));
    QCOMPARE(w->queueModel()->rowCount(), 0);
    // An image on the clipboard is still pasted.
    QImage pixels(16, 12, QImage::Format_RGB32);
    pixels.fill(Qt::darkCyan);
    QApplication::clipboard()->setImage(pixels);
    QTest::keySequence(w, QKeySequence::Paste);
    QTRY_COMPARE(w->queueModel()->rowCount(), 1);
    // Chosen, as a dropped folder's first image is, so the preview shows it.
    QCOMPARE(w->queueView()->currentIndex().row(), 0);
}

// The pane that opened for a left-out file closes when that file is queued and nothing else is
// listed; one the user opened stays.
void TestDrops::theSkippedPaneClosesWhenItListsNothing()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::makeImage(f.path("in/one"), "c.jpg", 40, 30);
    test::makeImage(f.path("in/one"), "d.jpg", 40, 30);
    QFile::copy(f.path("in/one/c.jpg"), f.path("in/one/scan.dat"));
    QFile::copy(f.path("in/one/c.jpg"), f.path("in/one/scan2.dat"));
    QDockWidget *pane = w->findChild<QDockWidget *>("bottomDock");
    QVERIFY(pane->isHidden());
    dropAndWait(w, {f.path("in/one")});
    QCOMPARE(skippedReasons(w).size(), 2);
    QVERIFY(!pane->isHidden());
    dropAndWait(w, {f.path("in/one/scan.dat")});
    QCOMPARE(skippedReasons(w).size(), 1);
    QVERIFY(!pane->isHidden());
    dropAndWait(w, {f.path("in/one/scan2.dat")});
    QCOMPARE(skippedReasons(w).size(), 0);
    QCOMPARE(w->findChild<QTabWidget *>()->tabText(0), QString("Skipped (0)"));
    QVERIFY(pane->isHidden());
    QCOMPARE(w->queueModel()->rowCount(), 4);
    // Opened by the user (View ▸ Skipped inputs and log): it stays open, listing nothing.
    pane->toggleViewAction()->trigger();
    QVERIFY(!pane->isHidden());
    dropAndWait(w, {f.path("in/one")});
    QVERIFY(!pane->isHidden());
}

// The window's output folder inside a dropped folder: the results of the last batch there are
// left out (and named), not queued as new images one folder deeper each time.
void TestDrops::aFolderDroppedAgainLeavesItsResultsOut()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::makeImage(f.path("in/album"), "beach.jpg", 40, 30);
    test::makeImage(f.path("in/album/PixelPool"), "beach.jpg", 20, 15); // last batch's result
    w->setOutputFolder(f.path("in/album/PixelPool"));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(f.path("in/album"))});
    QSignalSpy scanned(w, &MainWindow::scanFinished);
    QVERIFY(drop(w->queueView()->viewport(), &mime));
    QVERIFY(scanned.wait(10000));
    QCOMPARE(w->queueModel()->rowCount(), 1);
    const QString reasons = skippedReasons(w).join("\n");
    QVERIFY2(reasons.contains("PixelPool: the output folder"), qPrintable(reasons));
}

// What a file manager that is not a Qt program puts on the drag: only text/uri-list, raw bytes,
// one percent-encoded URL per CRLF-ended line (RFC 2483), comment lines allowed.
void TestDrops::fileManagerUriList()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    const QString single = test::makeImage(f.path("in/Ferien Übersee"), "strand 1.jpg", 40, 30);
    test::makeImage(f.path("in/Ordner #2"), "a.png", 30, 30, "PNG");
    test::makeImage(f.path("in/Ordner #2"), "b.png", 30, 30, "PNG");

    QMimeData mime;
    mime.setData("text/uri-list", "# dragged from a file manager\r\n" + QUrl::fromLocalFile(single).toEncoded() +
                                      "\r\n" + QUrl::fromLocalFile(f.path("in/Ordner #2")).toEncoded() + "\r\n");
    QCOMPARE(mime.formats(), QStringList{"text/uri-list"});
    QSignalSpy scanned(w, &MainWindow::scanFinished);
    QVERIFY(drop(w->queueView()->viewport(), &mime));
    QVERIFY(scanned.wait(10000));
    QCOMPARE(w->queueModel()->rowCount(), 3);
    QVERIFY2(w->lastMessage().contains("Added 3 images"), qPrintable("message: " + w->lastMessage()));
}

void TestDrops::imageDataWithoutFile()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    // A browser drag: encoded PNG bytes plus the web address they came from.
    QByteArray png;
    QBuffer buf(&png);
    buf.open(QIODevice::WriteOnly);
    QImage(64, 48, QImage::Format_RGB32).save(&buf, "PNG");
    QMimeData browser;
    browser.setData("image/png", png);
    browser.setUrls({QUrl("https://example.org/cat.png")});
    QVERIFY(drop(w->queueView()->viewport(), &browser));
    QCOMPARE(w->queueModel()->rowCount(), 1);
    const QueueItem &it = w->queueModel()->itemAt(0);
    QVERIFY(it.isMemory());
    QCOMPARE(it.name, QString("cat.png"));
    QCOMPARE(it.input.data, png);
    QVERIFY(!it.input.hasFile());

    // Pixels only (a paste from an image editor): encoded off the UI thread, then queued.
    QMimeData pixels;
    QImage red(32, 32, QImage::Format_RGB32);
    red.fill(Qt::red);
    pixels.setImageData(red);
    QVERIFY(drop(w->queueView()->viewport(), &pixels));
    QTRY_COMPARE_WITH_TIMEOUT(w->queueModel()->rowCount(), 2, 5000);
    QVERIFY(w->queueModel()->itemAt(1).input.data.startsWith("\x89PNG"));
}

void TestDrops::presetFiles()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    const QString good = test::writeFile(f.path("dl/sepia-look.json"), R"({
        "format": "pixelpool-preset", "version": 1, "name": "sepia look",
        "steps": [ { "op": "sepia", "intensity": 0.8 } ],
        "output": { "format": "jpeg", "quality": 80 } })");
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(good)});
    QVERIFY(drop(w->queueView()->viewport(), &mime));
    QVERIFY(w->presetModel()->rowOf("sepia look") >= 0);
    QVERIFY(QFile::exists(f.path("presets/sepia-look.json")));
    QVERIFY(w->lastMessage().contains("Imported preset \"sepia look\""));

    // A broken one, dropped on the preset library: the message names the file and the problem.
    const QString broken = test::writeFile(f.path("dl/broken.json"), R"({
        "format": "pixelpool-preset", "version": 1, "name": "broken",
        "steps": [ { "op": "blurr", "sigma": 2 } ] })");
    QMimeData bad;
    bad.setUrls({QUrl::fromLocalFile(broken)});
    QListView *cards = w->presetPanel()->view();
    QVERIFY(drop(cards->viewport(), &bad));
    QVERIFY2(w->lastMessage().contains("broken.json") && w->lastMessage().contains("blurr"),
             qPrintable(w->lastMessage()));
    QCOMPARE(w->presetModel()->rowOf("broken"), -1);

    // Not JSON at all.
    const QString junk = test::writeFile(f.path("dl/junk.json"), "{ this is not json");
    QMimeData junkMime;
    junkMime.setUrls({QUrl::fromLocalFile(junk)});
    QVERIFY(drop(w->queueView()->viewport(), &junkMime));
    QVERIFY2(w->lastMessage().contains("junk.json"), qPrintable(w->lastMessage()));
}

// Preset files held over the cards: before release the status bar says what the drop will do
// ("Import 2 presets", as a card held over the queue says "“thumbnail” → …") and the cards are
// outlined with that line on them; it ends when the files leave or are dropped.
void TestDrops::presetFilesHeldOverTheCardsSayWhatTheDropDoes()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    const auto preset = [&](const QString &name) {
        return test::writeFile(
            f.path("dl/" + name + ".json"),
            QString(R"({"format": "pixelpool-preset", "version": 1, "name": "%1", "steps": []})").arg(name).toUtf8());
    };
    QMimeData two;
    two.setUrls({QUrl::fromLocalFile(preset("first")), QUrl::fromLocalFile(preset("second"))});
    QListView *cards = w->presetPanel()->view();
    QSignalSpy said(w->presetPanel(), &PresetPanel::presetFilesDropPreview);
    const QImage before = cards->viewport()->grab().toImage();
    QDragEnterEvent enter(QPoint(40, 40), Qt::CopyAction, &two, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(cards->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QCOMPARE(said.size(), 1);
    QCOMPARE(said.last().first().toString(), QString("Import 2 presets"));
    QCOMPARE(w->statusMessage()->text(), QString("Import 2 presets"));
    QVERIFY(cards->viewport()->grab().toImage() != before); // the cards show it too
    QDragLeaveEvent leave;
    QCoreApplication::sendEvent(cards->viewport(), &leave);
    QCOMPARE(said.last().first().toString(), QString());
    QVERIFY(w->statusMessage()->text() != "Import 2 presets");

    // One file: named. Then dropped: imported, and the line gives way to the result.
    QMimeData one;
    one.setUrls({QUrl::fromLocalFile(preset("third"))});
    QVERIFY(test::drop(cards->viewport(), &one));
    QCOMPARE(said.at(said.size() - 2).first().toString(), QString("Import the preset in third.json"));
    QCOMPARE(said.last().first().toString(), QString());
    QVERIFY(w->presetModel()->rowOf("third") >= 0);
    QVERIFY2(w->lastMessage().contains("Imported preset \"third\""), qPrintable(w->lastMessage()));

    // Not a preset file: said before release too, as the drop would say it.
    QMimeData image;
    image.setUrls({QUrl::fromLocalFile(test::makeImage(f.path("in"), "a.jpg", 40, 30))});
    QDragEnterEvent enterImage(QPoint(40, 40), Qt::CopyAction, &image, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(cards->viewport(), &enterImage);
    QVERIFY2(said.last().first().toString().startsWith("Only preset files (.json)"),
             qPrintable(said.last().first().toString()));
    QCoreApplication::sendEvent(cards->viewport(), &leave);
}

namespace {
// Pixels of the drop line's fill (the accent, opaque) in the middle third of the queue's top strip,
// where the line is: the outline alone leaves none there (its fill there is see-through).
int dropLinePixels(QWidget *viewport)
{
    const QImage shot = viewport->grab().toImage().convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int y = 12; y < 22; ++y)
        for (int x = shot.width() / 3; x < shot.width() * 2 / 3; ++x)
            n += shot.pixel(x, y) == underWhite(QColor(42, 125, 225)).rgb(); // the line's blue, under white words
    return n;
}
} // namespace

// Preset files held over the queue (which imports them) showed only its outline, while held over
// the cards they say "Import 2 presets". The queue says it too, on a line at its top and in the
// status bar, empty or not, and with the images of the drop named ("…; add a.jpg to the queue");
// images alone show the outline as before.
void TestDrops::presetFilesHeldOverTheQueueSayWhatTheDropDoes()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    const auto preset = [&](const QString &name) {
        return test::writeFile(
            f.path("dl/" + name + ".json"),
            QString(R"({"format": "pixelpool-preset", "version": 1, "name": "%1", "steps": []})").arg(name).toUtf8());
    };
    QWidget *queue = w->queueView()->viewport();
    QSignalSpy said(w->queueView(), &QueueView::presetDropPreview);
    const auto lastSaid = [&] { return said.isEmpty() ? QString("(nothing said)") : said.last().first().toString(); };
    const auto hold = [&](const QList<QUrl> &urls) {
        QMimeData mime;
        mime.setUrls(urls);
        QDragEnterEvent enter(QPoint(60, 60), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(queue, &enter);
        return enter.isAccepted();
    };
    QDragLeaveEvent leave;
    const QString image = test::makeImage(f.path("in"), "a.jpg", 40, 30);

    for (const bool empty : {true, false}) {
        if (!empty)
            QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(image)}));
        QVERIFY(hold({QUrl::fromLocalFile(preset("first")), QUrl::fromLocalFile(preset("second"))}));
        QCOMPARE(lastSaid(), QString("Import 2 presets"));
        QCOMPARE(w->statusMessage()->text(), QString("Import 2 presets"));
        QVERIFY2(dropLinePixels(queue) > 100, qPrintable(QString::number(dropLinePixels(queue))));
        QCoreApplication::sendEvent(queue, &leave);
        QCOMPARE(lastSaid(), QString());
        QVERIFY(w->statusMessage()->text() != "Import 2 presets");
        QCOMPARE(dropLinePixels(queue), 0);

        // An image alone: the outline, no line.
        const qsizetype before = said.size();
        QVERIFY(hold({QUrl::fromLocalFile(image)}));
        QCOMPARE(dropLinePixels(queue), 0);
        QCOMPARE(said.size(), before);
        QCoreApplication::sendEvent(queue, &leave);
    }
    QVERIFY(hold({QUrl::fromLocalFile(preset("third")), QUrl::fromLocalFile(image)}));
    QCOMPARE(lastSaid(), QString("Import the preset in third.json; add a.jpg to the queue"));
    QCoreApplication::sendEvent(queue, &leave);

    // Dropped: imported, and the line gives way to the result.
    QMimeData two;
    two.setUrls({QUrl::fromLocalFile(preset("first")), QUrl::fromLocalFile(preset("second"))});
    QVERIFY(drop(queue, &two));
    QCOMPARE(lastSaid(), QString());
    QVERIFY(w->presetModel()->rowOf("first") >= 0 && w->presetModel()->rowOf("second") >= 0);
    QCOMPARE(dropLinePixels(queue), 0);

    const test::GermanTranslations german;
    QVERIFY(hold({QUrl::fromLocalFile(preset("fourth")), QUrl::fromLocalFile(preset("fifth"))}));
    QCOMPARE(lastSaid(), QString("2 Voreinstellungen importieren"));
    QCoreApplication::sendEvent(queue, &leave);
}

// Presets imported together were said in the singular: "Imported preset "first", "second"." Now
// "Imported 2 presets: …", in German too ("2 Voreinstellungen importiert: …"); one is still "Imported
// preset "…".".
void TestDrops::importedPresetsAreCountedInThePlural()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    const auto dropPresets = [&](const QStringList &names) {
        QList<QUrl> urls;
        for (const QString &name : names)
            urls << QUrl::fromLocalFile(
                test::writeFile(f.path("dl/" + name + ".json"),
                                QString(R"({"format": "pixelpool-preset", "version": 1, "name": "%1", "steps": []})")
                                    .arg(name)
                                    .toUtf8()));
        QMimeData mime;
        mime.setUrls(urls);
        return drop(w->queueView()->viewport(), &mime);
    };
    QVERIFY(dropPresets({"first", "second"}));
    QCOMPARE(w->lastMessage(), QString("Imported 2 presets: \"first\", \"second\"."));
    QVERIFY(dropPresets({"third"}));
    QCOMPARE(w->lastMessage(), QString("Imported preset \"third\"."));
    const test::GermanTranslations german;
    QVERIFY(dropPresets({"fourth", "fifth", "sixth"}));
    QCOMPARE(w->lastMessage(), QString("3 Voreinstellungen importiert: \"fourth\", \"fifth\", \"sixth\"."));
}

void TestDrops::garbage()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    QMimeData text;
    text.setText("some text from an editor");
    // The drag is refused on entry (no-drop cursor)...
    QVERIFY(!drop(w->queueView()->viewport(), &text));
    QCOMPARE(w->queueModel()->rowCount(), 0);

    // Claims to be a PNG but is not: the drag looks fine, the drop is refused with a reason.
    QMimeData fakePng;
    fakePng.setData("image/png", "definitely not a PNG");
    QVERIFY(!drop(w->queueView()->viewport(), &fakePng));
    QCOMPARE(w->queueModel()->rowCount(), 0);
    QVERIFY2(w->lastMessage().contains("nothing to add"), qPrintable("message: " + w->lastMessage()));

    // Only files that are not images: refused at the drop, with the reason.
    const QString junk = test::writeFile(f.path("junk/data.bin"), QByteArray(300, '\x07'));
    QMimeData junkFiles;
    junkFiles.setUrls({QUrl::fromLocalFile(junk)});
    QVERIFY(!drop(w->queueView()->viewport(), &junkFiles));
    QCOMPARE(w->queueModel()->rowCount(), 0);
    QVERIFY2(w->lastMessage().contains("data.bin is not an image or a folder"), qPrintable(w->lastMessage()));
    // Beside an image, the same file is left out by the scan, with the reason in the Skipped list.
    junkFiles.setUrls(
        {QUrl::fromLocalFile(junk), QUrl::fromLocalFile(test::makeImage(f.path("junk"), "ok.jpg", 40, 30))});
    QSignalSpy scannedJunk(w, &MainWindow::scanFinished);
    QVERIFY(drop(w->queueView()->viewport(), &junkFiles));
    QVERIFY(scannedJunk.wait(5000));
    QCOMPARE(w->queueModel()->rowCount(), 1);
    QVERIFY(skippedReasons(w).join("\n").contains("data.bin: not an image"));
    w->queueModel()->clear();

    // A file that does not exist (deleted between drag and drop) is reported, not queued silently.
    QMimeData gone;
    gone.setUrls({QUrl::fromLocalFile(f.path("vanished.jpg"))});
    QSignalSpy scanned(w, &MainWindow::scanFinished);
    QVERIFY(drop(w->queueView()->viewport(), &gone));
    QVERIFY(scanned.wait(5000));
    QCOMPARE(w->queueModel()->rowCount(), 1);
    QCOMPARE(w->queueModel()->itemAt(0).state, ItemState::Failed);
    QVERIFY(!w->queueModel()->itemAt(0).reason.isEmpty());
}

// A drop on the window outside the queue (the preview, the status bar) that holds nothing to add
// is refused: the source then sees no action, and a file manager does not report a copy.
void TestDrops::refusedDropsReportNoCopy()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    // Enter, move and drop, all sent whatever the enter said, so dropEvent itself is checked.
    auto verdict = [w](const QMimeData *mime) {
        QDragEnterEvent enter(QPoint(40, 40), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(w, &enter);
        QDragMoveEvent move(QPoint(40, 40), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(w, &move);
        QDropEvent dropEvent(QPointF(40, 40), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(w, &dropEvent);
        return dropEvent.isAccepted() ? dropEvent.dropAction() : Qt::IgnoreAction;
    };
    QMimeData text;
    text.setText("some text from an editor");
    QCOMPARE(verdict(&text), Qt::IgnoreAction);
    QMimeData unsupported;
    unsupported.setUrls({QUrl::fromLocalFile(test::writeFile(f.path("in/notes.txt"), "not an image")),
                         QUrl::fromLocalFile(test::writeFile(f.path("in/data.bin"), QByteArray(300, '\x07')))});
    QCOMPARE(verdict(&unsupported), Qt::IgnoreAction);
    QVERIFY2(w->lastMessage().contains("none of the 2 dropped files"), qPrintable(w->lastMessage()));
    QMimeData fakePng;
    fakePng.setData("image/png", "definitely not a PNG");
    QCOMPARE(verdict(&fakePng), Qt::IgnoreAction);
    QVERIFY(!w->scanner()->isBusy());
    QCOMPARE(w->queueModel()->rowCount(), 0);

    // A file without an image name whose bytes are an image, and a folder: both taken, as copies.
    const QString photo = test::makeImage(f.path("in"), "photo.jpg", 40, 30);
    QVERIFY(QFile::rename(photo, f.path("in/photo.download")));
    for (const QString &path : {f.path("in/photo.download"), f.path("in")}) {
        QMimeData usable;
        usable.setUrls({QUrl::fromLocalFile(path)});
        QSignalSpy scanned(w, &MainWindow::scanFinished);
        QCOMPARE(verdict(&usable), Qt::CopyAction);
        QVERIFY(scanned.wait(5000));
    }
    QCOMPARE(w->queueModel()->rowCount(), 1);
}

void TestDrops::presetCardOntoImages()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    for (int i = 0; i < 5; ++i)
        test::makeImage(f.path("in"), QString("img%1.jpg").arg(i), 40, 30);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QueueModel *q = w->queueModel();
    QueueView *view = w->queueView();
    QCOMPARE(q->rowCount(), 5);
    QTRY_VERIFY(view->visualRect(q->index(4)).isValid());

    // The drag payload is the one the preset panel itself produces.
    PresetLibraryModel *presets = w->presetModel();
    std::unique_ptr<QMimeData> card(presets->mimeData({presets->index(presets->rowOf("grayscale"))}));

    // Onto a selected image: the whole selection gets it.
    view->selectionModel()->select(q->index(1), QItemSelectionModel::ClearAndSelect);
    view->selectionModel()->select(q->index(3), QItemSelectionModel::Select);
    QVERIFY(drop(view->viewport(), card.get(), view->visualRect(q->index(3)).center()));
    QCOMPARE(q->itemAt(1).preset, QString("grayscale"));
    QCOMPARE(q->itemAt(3).preset, QString("grayscale"));
    QVERIFY(q->itemAt(0).preset.isEmpty());
    QVERIFY(q->itemAt(2).preset.isEmpty());

    // Onto an image that is not selected: only that one.
    std::unique_ptr<QMimeData> thumb(presets->mimeData({presets->index(presets->rowOf("thumbnail"))}));
    QVERIFY(drop(view->viewport(), thumb.get(), view->visualRect(q->index(0)).center()));
    QCOMPARE(q->itemAt(0).preset, QString("thumbnail"));
    QCOMPARE(q->itemAt(1).preset, QString("grayscale"));

    // Onto empty space: the images without a preset of their own, never the ones given one.
    std::unique_ptr<QMimeData> web(presets->mimeData({presets->index(presets->rowOf("web"))}));
    const QPoint empty(view->viewport()->width() - 5, view->viewport()->height() - 5);
    QVERIFY(!view->indexAt(empty).isValid());
    QCOMPARE(view->presetDropText("web", empty), QString("“web” → all 2 images without a preset of their own"));
    QVERIFY(drop(view->viewport(), web.get(), empty));
    const QStringList after{"thumbnail", "grayscale", "web", "grayscale", "web"};
    for (int i = 0; i < 5; ++i)
        QCOMPARE(q->itemAt(i).preset, after[i]);
    QVERIFY2(w->lastMessage().contains("assigned to 2 images"), qPrintable(w->lastMessage()));
    // None of the drops changed the default.
    QCOMPARE(w->defaultPreset(), QString("web"));
}

void TestDrops::settingsPersist()
{
    WindowFixture f;
    QVERIFY(f.shown());
    f.window->presetPanel()->setDefaultPreset("grayscale");
    f.window->setOutputFolder(f.path("elsewhere"));
    f.window->resize(1333, 877);
    f.window->close();
    f.window.reset();

    GuiOptions o;
    o.settings = f.settings.get();
    o.userPresetDir = f.path("presets");
    o.workerExecutable = QStringLiteral(PIXELPOOL_WORKER);
    o.dialogs = false;
    o.fitToScreen = false; // the offscreen screen is 800×600
    MainWindow again(o);   // worker count from the settings this time
    QCOMPARE(again.defaultPreset(), QString("grayscale"));
    QCOMPARE(again.outputFolder(), f.path("elsewhere"));
    QCOMPARE(again.size(), QSize(1333, 877));
}

QTEST_MAIN(TestDrops)
#include "tst_gui_drops.moc"
