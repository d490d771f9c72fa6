// Batches started from the window with real worker processes: per-image completion reaches the
// view model as it happens, cancel leaves no partial files, failures show their reasons (in German
// too with the worker's own English words, marked as the detail),
// per-image presets and images without a file work, and previews come from workers.
#include "GuiTestUtil.h"

#include "Contrast.h"
#include "PresetEditor.h"
#include "PresetLibrary.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "ProgressPanel.h"
#include "PreviewPane.h"
#include "QueueDelegate.h"
#include "QueueModel.h"
#include "ThumbnailCache.h"
#include "QueueView.h"
#include "ScanController.h"
#include "BatchBanner.h"
#include "Translations.h"
#include "WorkerPool.h"

#include "ElidedLabel.h"

#include <QAccessible>
#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QColorSpace>
#include <QComboBox>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QSettings>
#include <QPointer>
#include <QMessageBox>
#include <QElapsedTimer>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QStatusBar>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <sys/xattr.h>

using namespace pp;
using namespace pp::gui;
using test::WindowFixture;

namespace {

void addAndWait(MainWindow *w, const QStringList &paths)
{
    QVector<QByteArray> raw;
    for (const QString &p : paths)
        raw << QFile::encodeName(p);
    QVERIFY(test::addInputsAndWait(w, raw));
}

SessionSummary runToEnd(MainWindow *w, int timeoutMs = 60000)
{
    QSignalSpy finished(w, &MainWindow::batchFinished);
    if (!finished.wait(timeoutMs))
        qFatal("the batch did not finish in time");
    return finished.first().first().value<SessionSummary>();
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next();
    return out;
}

// Queues a.jpg and, second, an image held at the gate (whose worker waits for openGate()): not
// first, where the preview of the current image would wait at the gate too. Returns the gate's path.
QString queueAndAGate(test::WindowFixture &f)
{
    const QString gated = test::makeImage(f.path("in"), "b-pixelpool-test-gate.png", 300, 250, "PNG");
    addAndWait(f.window.get(), {test::makeImage(f.path("in"), "a.jpg", 160, 120), gated});
    return gated;
}

// Saves a user preset made from the built-in `from` by `change` (which names it), as the window's
// library then shows it; the error, or empty.
QString addUserPreset(test::WindowFixture &f, const char *from, const std::function<void(Preset &)> &change)
{
    PresetLibrary library(f.path("presets"));
    const auto builtIn = library.find(QLatin1String(from));
    if (!builtIn)
        return QStringLiteral("no preset %1").arg(QLatin1String(from));
    Preset preset = builtIn->preset;
    change(preset);
    QString error;
    if (!library.saveUserPreset(preset, &error))
        return error;
    f.window->presetModel()->reload();
    return {};
}

// Gives `b` the keys and presses Space on it, as a keyboard user does; false if it never got them.
bool pressFromTheKeyboard(QAbstractButton *b)
{
    b->setFocus();
    if (!QTest::qWaitFor([b] { return QApplication::focusWidget() == b; }))
        return false;
    QTest::keyClick(b, Qt::Key_Space);
    return true;
}

// Lets the worker held at `gate` (an image whose name holds "pixelpool-test-gate", test hooks)
// go on: it waits for "<gate>.go".
bool openGate(const QString &gate)
{
    QFile go(gate + ".go");
    return go.open(QIODevice::WriteOnly);
}

} // namespace

class TestBatch : public QObject
{
    Q_OBJECT
private slots:
    void completionArrivesPerImageInCompletionOrder();
    void cancelMidBatchLeavesNoPartialFiles();
    void failedImageShowsReason();
    void retryFromTheKeyboardLeavesTheKeysInTheQueue();
    void cancelFromTheKeyboardLeavesTheKeysInTheQueue();
    void foldersMadeForNothingGo();
    void perImagePresetsAndImagesWithoutFile();
    void pauseAndResume();
    void changesWhileABatchRunsSayTheBatchGoesOnAsItStarted();
    void previewsComeFromWorkers();
    void anotherPresetInTheEditorShowsNoneOfTheLastOnesResult();
    void closingDuringBatchStopsCleanly();
    void theQuitQuestionGoesWhenTheBatchEnds();
    void escapeThatClosesAListCancelsNothing();
    void theQuitQuestionSaysABatchIsPaused();
    void aDoneImageWhoseOutputWasDeletedWaitsAgain();
    void imagesAddedDuringABatchAreSaidToWait();
    void aFailedImageIsCountedFailedAndCancelledOnesWait();
    void keyboardShortcuts();
    void escAfterAMenuClosedDoesWhatEscDoes();
    void aPresetWithOutputsIsOneCardAndWritesEach();
    void anotherPresetMakesADoneImageAgain();
    void anotherOutputFolderMakesADoneImageAgain();
    void outputsOfAnEarlierRunQueuedAgainAreSkipped();
    void aLongOutputFolderTakesOneLineOfTheBanner();
    void startMakesADoneImageWhoseOutputIsGoneAgain();
    void outputsWrittenUnderANewNameAreCounted();
    void processingDoneImagesAgainSaysWhatBecomesOfTheirOutputs();
    void anOutputWrittenAgainIsNotShownAsItWas();
    void theOutputFolderDialogOpensWhereTheFolderIsOrWouldBe();
    void oneIsSaidInTheSingular();
    void removingRowsMidBatchLeavesNoHorizontalScrollBar();
    void theBannerCountsTheWorkersWork();
    void aWarningIsReadWhole();
    void removingTheBatchsImagesClearsItsSummary();
    void undoingAClearBringsBackTheSummary();
    void thePreviewFollowsTheImageThatFails();
    void clearQueueAndRemoveAreUndone();
    void anImageRemovedWhileItsBatchRunsLeavesAtItsEnd();
    void clearQueueWaitsForTheRunningBatch();
    void undoAndRedoAfterABatchWriteNoCopies();
    void undoKeepsTheLastStepsOnly();
    void imagesRemovedWhileTheBatchRanLeaveWhateverBecameOfTheirStep_data();
    void imagesRemovedWhileTheBatchRanLeaveWhateverBecameOfTheirStep();
    void activatingAFailureShowsItsCard();
    void germanFailuresKeepTheWorkersDetail(); // last: it installs the German translation
};

namespace {
// What the window shows for images the worker cannot read, in the language installed now: each
// failed card's reason, status and tooltip, the summary's list, and the first one's preview.
struct FailureTexts {
    QStringList reasons, statuses, tooltips, banner;
    QStringList cards; // what each card paints below the image's name
    QString preview;
};

void showFailures(FailureTexts *out)
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    // A JPEG cut short after its header, and a PNG whose image data is no compressed data: the
    // decoders' words. (A file that is no image at all has PixelPool's own words, translated.)
    const QString cut = test::writeFile(f.path("in/cut.jpg"), test::cutJpeg());
    // Signature, IHDR 64×48 RGB, then an IDAT of text (CRCs right): "IDAT: incorrect header check".
    const QString garbage = test::writeFile(
        f.path("in/garbage.png"),
        QByteArray::fromHex(
            "89504e470d0a1a0a0000000d49484452000000400000003008020000002e29eb48000000424944415467617262616765"
            "2c206e6f74207a6c69622064617461676172626167652c206e6f74207a6c69622064617461676172626167652c206e6f"
            "74207a6c696220646174613cb1ac4f0000000049454e44ae426082"));
    addAndWait(w, {cut, garbage});
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 2);
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.failed, 2);
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(q->itemAt(row).state, ItemState::Failed);
        out->reasons << q->itemAt(row).reason;
        out->statuses << q->index(row).data(QueueModel::StatusTextRole).toString();
        out->tooltips << q->index(row).data(Qt::ToolTipRole).toString();
        const QStringList lines = test::paintedLines(w->queueView(), q->index(row));
        const qsizetype name = lines.indexOf(q->itemAt(row).name);
        out->cards << (name < 0 ? QString() : lines.mid(name + 1).join(' '));
    }
    QTreeWidget *list = w->batchBanner()->failureList();
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        out->banner << list->topLevelItem(i)->text(1);
    w->queueView()->setCurrentIndex(q->index(1));
    QTRY_VERIFY_WITH_TIMEOUT(!w->previewPane()->toolTip().isEmpty(), 20000);
    out->preview = w->previewPane()->toolTip();
}
} // namespace

// Double-clicking a row of the banner's failures, or Return on it, did nothing (QA windows): it now
// makes that image's card the current and only selected one, scrolled into view. Each row's
// tooltip names its file whole: two "cut.jpg" in different subfolders are told apart.
void TestBatch::activatingAFailureShowsItsCard()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QStringList inputs;
    for (int i = 0; i < 24; ++i)
        inputs << test::makeImage(f.path("in"), QString("img%1.jpg").arg(i, 2, 10, QChar('0')), 40, 30);
    const QByteArray cutShort = test::cutJpeg();
    inputs << test::writeFile(f.path("in/z1/cut.jpg"), cutShort) << test::writeFile(f.path("in/z2/cut.jpg"), cutShort);
    addAndWait(w, inputs);
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 26);
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).failed, 2);
    BatchBanner *banner = w->batchBanner();
    banner->failuresButton()->click();
    QTreeWidget *list = banner->failureList();
    QTRY_VERIFY(list->isVisible());
    QCOMPARE(list->topLevelItemCount(), 2);

    QueueView *view = w->queueView();
    const auto check = [&](int listRow, const char *how) {
        const QString path = list->topLevelItem(listRow)->toolTip(0);
        int row = -1;
        for (int r = 0; r < q->rowCount(); ++r)
            if (shownPath(q->itemAt(r).input.path) == path)
                row = r;
        const QString what = QString("%1 on \"%2\": the queue's current row %3 of %4, %5 selected")
                                 .arg(how, path)
                                 .arg(view->currentIndex().row())
                                 .arg(row)
                                 .arg(view->selectedUids().size());
        QVERIFY2(row >= 0, qPrintable(what));
        QTRY_VERIFY2(view->currentIndex().row() == row, qPrintable(what));
        QVERIFY2(view->selectedUids() == QList<quint64>{q->itemAt(row).uid}, qPrintable(what));
        QTRY_VERIFY2(view->viewport()->rect().intersects(view->visualRect(q->index(row))), qPrintable(what));
    };
    const QString first = list->topLevelItem(0)->toolTip(0), second = list->topLevelItem(1)->toolTip(0);
    QVERIFY2(first != second && first.endsWith("cut.jpg") && second.endsWith("cut.jpg") &&
                 QStringList({first, second}).join(' ').contains("z1/") &&
                 QStringList({first, second}).join(' ').contains("z2/"),
             qPrintable(first + " | " + second));

    // From the keyboard: the first row, Return.
    view->setCurrentIndex(q->index(0));
    view->scrollToTop();
    list->setFocus();
    list->setCurrentItem(list->topLevelItem(0));
    QTest::keyClick(list, Qt::Key_Return);
    check(0, "Return");
    // With the pointer: the second row, a double-click.
    view->setCurrentIndex(q->index(0));
    view->scrollToTop();
    // Through the window, as the window system delivers it (press, release, press, double-click):
    // sent to the widget, QTest's double-click is that event alone, which a list takes for a press.
    const QPoint at = list->viewport()->mapTo(w, list->visualItemRect(list->topLevelItem(1)).center());
    QTest::mouseDClick(w->windowHandle(), Qt::LeftButton, {}, at);
    check(1, "a double-click");
}

// A worker's failure is a code's headline and the worker's own English words (a decoder's). English
// shows those words; German showed only the translated headline, and the words were lost on the
// card, in its tooltip, in the summary and in the preview. German shows the headline, then the words
// in English, marked as the detail, everywhere English shows them. The card shows it whole: it
// had three lines for it, and German's "… (Details: Premature end of JPEG file)" was cut at the
// third ("(Details: Prem…").
void TestBatch::germanFailuresKeepTheWorkersDetail()
{
    FailureTexts en, de;
    showFailures(&en);
    if (QTest::currentTestFailed())
        return;
    const test::GermanTranslations german;
    QCOMPARE(german.locale, QString("de_DE"));
    showFailures(&de);
    if (QTest::currentTestFailed())
        return;
    qInfo() << "English:" << en.reasons << en.preview;
    qInfo() << "German:" << de.reasons << de.preview;
    for (int row = 0; row < 2; ++row) {
        const QString detail = en.reasons[row]; // in English the reason is the worker's words
        QVERIFY(!detail.isEmpty());
        const QString marked = QString(" (Details: %1)").arg(detail);
        QVERIFY2(de.reasons[row].endsWith(marked) && de.reasons[row].size() > marked.size(),
                 qPrintable(de.reasons[row]));
        const QString headline = de.reasons[row].chopped(marked.size());
        QVERIFY2(headline != detail, qPrintable(headline)); // the translated headline before it
        QVERIFY2(de.statuses[row].contains(de.reasons[row]), qPrintable(de.statuses[row]));
        QCOMPARE(en.cards[row], en.statuses[row]);
        QCOMPARE(de.cards[row], de.statuses[row]);
        QVERIFY2(de.tooltips[row].contains(de.reasons[row]), qPrintable(de.tooltips[row]));
        QVERIFY2(de.banner.contains(de.reasons[row]), qPrintable(de.banner.join(" | ")));
    }
    // The preview says the same: the English preview's words (after "Preview failed: ") are in the German one.
    QVERIFY2(en.preview.startsWith("Preview failed: "), qPrintable(en.preview));
    const QString previewDetail = en.preview.mid(int(qstrlen("Preview failed: ")));
    QVERIFY2(de.preview.contains(QString("(Details: %1)").arg(previewDetail)), qPrintable(de.preview));
}

void TestBatch::completionArrivesPerImageInCompletionOrder()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    // One image is held at the gate until four of the five others are done (its worker may hold
    // the fifth, prefetched): completion order is not the queue order, however fast the machine.
    // It is not the current item, whose previews would wait at the gate too.
    QStringList inputs;
    for (int i = 0; i < 5; ++i)
        inputs << test::makeImage(f.path("in"), QString("b-small%1.jpg").arg(i), 160, 120);
    const QString gated = test::makeImage(f.path("in"), "c-pixelpool-test-gate.png", 300, 250, "PNG");
    inputs << gated;
    addAndWait(w, inputs);
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 6);
    w->presetPanel()->setDefaultPreset("classic");
    w->queueView()->setCurrentIndex(q->index(0));

    QStringList poolOrder; // outputs in the order the workers reported them
    connect(w->pool(), &JobRunner::jobFinished, this, [&](quint64, const proto::Finished &r, const Preview &) {
        if (r.outcome == proto::Outcome::Written)
            poolOrder << QFile::decodeName(r.outputPath);
    });
    int deliveredWhileRunning = 0;
    QList<int> completedCounts;
    connect(q, &QueueModel::itemCompleted, this, [&](quint64 uid) {
        // Each completion is in the model at once, while the batch still runs.
        completedCounts << q->countInState(ItemState::Done) + q->countInState(ItemState::Failed);
        if (completedCounts.size() == 4) {
            QVERIFY(openGate(gated));
        }
        deliveredWhileRunning += w->session()->isRunning();
        QCOMPARE(q->item(uid)->state, ItemState::Done);
    });
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 6);
    QCOMPARE(s.failed, 0);
    QCOMPARE(completedCounts, (QList<int>{1, 2, 3, 4, 5, 6}));
    QCOMPARE(deliveredWhileRunning, 6);

    QStringList modelOrder;
    for (quint64 uid : q->completionOrder())
        modelOrder << QFile::decodeName(q->item(uid)->output);
    QCOMPARE(modelOrder, poolOrder);
    QVERIFY(q->completionOrder().indexOf(q->itemAt(5).uid) >= 4); // the gated one, fifth or sixth
    for (int row = 0; row < q->rowCount(); ++row) {
        const QueueItem &it = q->itemAt(row);
        QVERIFY(QFile::exists(QFile::decodeName(it.output)));
        QVERIFY(!it.result.isNull()); // the finished event's thumbnail
        QVERIFY(std::max(it.result.width(), it.result.height()) <= BatchSession::kResultThumbnail);
    }
    QCOMPARE(q->itemAt(5).outputSize, QSize(1200, 1000)); // classic fits within 1200×1200
    // The end is a banner in the window, not a dialog: shown, with the counts, nothing to retry.
    QVERIFY(!w->batchBanner()->isHidden());
    QVERIFY2(w->batchBanner()->countsText().startsWith("6 done · 0 failed"),
             qPrintable(w->batchBanner()->countsText()));
    // The output folder on a line of its own, not broken after its first "/" at the end of the counts.
    QCOMPARE(w->batchBanner()->countsText().section('\n', 1),
             "output: " + QFileInfo(QFile::decodeName(q->itemAt(0).output)).absolutePath());
    QVERIFY(!w->batchBanner()->retryButton()->isEnabled());
    QVERIFY(!w->batchBanner()->failuresButton()->isEnabled());
    QVERIFY(w->batchBanner()->openButton()->isEnabled());
    QVERIFY(QApplication::activeModalWidget() == nullptr);
}

void TestBatch::cancelMidBatchLeavesNoPartialFiles()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    QStringList inputs;
    for (int i = 0; i < 24; ++i)
        inputs << test::makeImage(f.path("in"), QString("photo%1.jpg").arg(i, 2, 10, QChar('0')), 1000, 750);
    addAndWait(w, inputs);
    // With the scan over and no batch yet, there is nothing to cancel.
    auto *cancelButton = w->progressPanel()->findChild<QToolButton *>("cancelButton");
    QVERIFY(cancelButton);
    QVERIFY(!cancelButton->isEnabled());
    QueueModel *q = w->queueModel();
    w->presetPanel()->setDefaultPreset("classic");
    connect(q, &QueueModel::itemCompleted, this, [&] {
        if (q->countInState(ItemState::Done) == 2)
            w->cancelBatch(); // as Esc does
    });
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QVERIFY(s.cancelled);
    QVERIFY2(s.done >= 2 && s.done < 24, qPrintable(QString::number(s.done)));
    QVERIFY(s.cancelledItems > 0);
    QCOMPARE(s.done + s.failed + s.skipped + s.cancelledItems, 24);
    QCOMPARE(q->countInState(ItemState::Cancelled), s.cancelledItems);
    QCOMPARE(q->countInState(ItemState::Queued) + q->countInState(ItemState::Processing), 0);
    // The bar counts what was processed, and says what was cancelled ("24 of 24" before).
    auto *bar = w->progressPanel()->findChild<QProgressBar *>("batchProgress");
    QCOMPARE(bar->value(), s.done + s.failed + s.skipped);
    QCOMPARE(bar->maximum(), 24);
    QCOMPARE(bar->text(), QString("%1 of 24 · %2 cancelled").arg(s.done + s.failed + s.skipped).arg(s.cancelledItems));
    QVERIFY(!cancelButton->isEnabled());

    // Only finished outputs exist: no temporary or partial file, nothing for cancelled items.
    QStringList expected;
    for (quint64 uid : q->uidsInState(ItemState::Done))
        expected << QFile::decodeName(q->item(uid)->output);
    QStringList actual = filesUnder(w->outputFolder());
    expected.sort();
    actual.sort();
    QCOMPARE(actual, expected);

    // Retry picks up the cancelled ones and completes the set.
    QVERIFY(w->batchBanner()->retryButton()->isEnabled());
    w->batchBanner()->retryButton()->click();
    const SessionSummary again = runToEnd(w);
    QCOMPARE(again.total, s.cancelledItems + s.failed);
    QCOMPARE(q->countInState(ItemState::Done), 24);
}

// Retry pressed from the keyboard starts the batch and hides the banner it is in: the keys went to
// whatever control came after the banner (the preview's Split, QA at scale). They go to the queue,
// where the images it started are.
void TestBatch::retryFromTheKeyboardLeavesTheKeysInTheQueue()
{
    WindowFixture f(2);
    MainWindow *w = f.shown();
    QVERIFY(w);
    addAndWait(w, {test::makeImage(f.path("in"), "good.jpg", 200, 150),
                   test::writeFile(f.path("in/broken.jpg"), QByteArray("garbage, not a JPEG ").repeated(50))});
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).failed, 1);
    QPushButton *retry = w->batchBanner()->retryButton();
    QVERIFY(retry->isVisible() && retry->isEnabled());
    QVERIFY(pressFromTheKeyboard(retry));
    QVERIFY(w->session() && w->session()->isRunning());
    QWidget *now = QApplication::focusWidget();
    QVERIFY2(now == w->queueView(), now ? now->metaObject()->className() : "nothing");
    QCOMPARE(runToEnd(w).failed, 1);
    // The same for the banner's close button.
    auto *close = w->batchBanner()->findChild<QToolButton *>("bannerClose");
    QVERIFY(close && close->isVisible());
    QVERIFY(pressFromTheKeyboard(close));
    QVERIFY(w->batchBanner()->isHidden());
    QCOMPARE(QApplication::focusWidget(), w->queueView());
}

// Cancel pressed from the keyboard (Space on the button, or Escape with the keys on it) disables the
// button it was pressed on: the keys went to whatever control came next, the preview's Split (QA
// keyboard pass during a batch). They go to the queue, as after Retry.
void TestBatch::cancelFromTheKeyboardLeavesTheKeysInTheQueue()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    const QString gated = queueAndAGate(f);
    const quint64 held = w->queueModel()->itemAt(1).uid;
    QVERIFY(w->startBatch({held}));
    QTRY_COMPARE(w->queueModel()->item(held)->state, ItemState::Processing); // the gate holds its worker
    auto *cancel = w->progressPanel()->findChild<QToolButton *>("cancelButton");
    QVERIFY(cancel && cancel->isEnabled());
    QVERIFY(pressFromTheKeyboard(cancel));
    QVERIFY(w->session()->isCancelling());
    QVERIFY(!cancel->isEnabled());
    QWidget *now = QApplication::focusWidget();
    QVERIFY2(now == w->queueView(), now ? now->metaObject()->className() : "nothing");
    QVERIFY(openGate(gated));
    runToEnd(w);
}

void TestBatch::failedImageShowsReason()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    const QString good = test::makeImage(f.path("in"), "good.jpg", 200, 150);
    const QString broken = test::writeFile(f.path("in/broken.jpg"), QByteArray("garbage, not a JPEG ").repeated(50));
    addAndWait(w, {good, broken});
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 2);
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 1);
    QCOMPARE(s.failed, 1);
    const QueueItem &bad = q->itemAt(1);
    QCOMPARE(bad.state, ItemState::Failed);
    QVERIFY(!bad.reason.isEmpty());
    const QString status = q->index(1).data(QueueModel::StatusTextRole).toString();
    QVERIFY2(status.startsWith("Failed: ") && status.contains(bad.reason), qPrintable(status));
    QVERIFY(q->index(1).data(Qt::ToolTipRole).toString().contains(bad.reason));
    QCOMPARE(s.failures.size(), 1);
    QCOMPARE(s.failures[0].name, QString("broken.jpg"));
    QCOMPARE(s.failures[0].reason, bad.reason);
    BatchBanner *d = w->batchBanner();
    QVERIFY(!d->isHidden());
    QCOMPARE(d->failureList()->topLevelItemCount(), 1);
    QVERIFY(d->failureList()->isHidden()); // until "Show failures"
    QCOMPARE(d->failuresButton()->text(), QString("Show failures"));
    d->failuresButton()->click();
    QVERIFY(!d->failureList()->isHidden());
    QCOMPARE(d->failureList()->topLevelItem(0)->text(1), bad.reason);
    // The button says what it does next, and the list is as tall as its one row (with room for a
    // scroll bar), not 160 pixels taken from the queue beside it.
    QCOMPARE(d->failuresButton()->text(), QString("Hide failures"));
    // To a screen reader: "Show failures", pressed (named by its words it was "Hide failures,
    // pressed", which reads both ways).
    QCOMPARE(QAccessible::queryAccessibleInterface(d->failuresButton())->text(QAccessible::Name),
             QString("Show failures"));
    QVERIFY(d->failuresButton()->isChecked());
    QTreeWidget *list = d->failureList();
    const int oneRow = list->header()->sizeHint().height() + 2 * list->frameWidth() + list->sizeHintForRow(0) +
                       list->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    QVERIFY2(list->maximumHeight() <= oneRow, qPrintable(QString("%1 > %2").arg(list->maximumHeight()).arg(oneRow)));
    d->failuresButton()->click();
    QVERIFY(d->failureList()->isHidden());
    QCOMPARE(d->failuresButton()->text(), QString("Show failures"));
    QVERIFY(d->retryButton()->isEnabled());
    qInfo("failure reason shown: %s", qPrintable(bad.reason));
}

// The sub-folders a batch made for outputs that were never written (the image failed, or was
// cancelled) go when the session ends; web-and-thumbnail's web/ and thumbnail/ stayed empty.
void TestBatch::foldersMadeForNothingGo()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    addAndWait(w, {test::writeFile(f.path("in/broken.jpg"), QByteArray("garbage, not a JPEG ").repeated(50))});
    w->presetPanel()->setDefaultPreset("web-and-thumbnail");
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.failed, 1);
    const QDir out(f.path("output"));
    QVERIFY(out.exists());
    QCOMPARE(out.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
}

void TestBatch::perImagePresetsAndImagesWithoutFile()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    addAndWait(w, {test::makeImage(f.path("in"), "colour.jpg", 300, 200),
                   test::makeImage(f.path("in"), "mono.jpg", 300, 200)});
    QueueModel *q = w->queueModel();
    q->assignPreset({q->itemAt(1).uid}, "grayscale");
    // An image dropped from a browser: bytes only, processed via shared memory.
    QByteArray png;
    QBuffer buf(&png);
    buf.open(QIODevice::WriteOnly);
    QImage web(640, 480, QImage::Format_RGB32);
    web.fill(QColor(200, 30, 30));
    web.save(&buf, "PNG");
    w->handleDrop(DropContents{{}, {}, {}, png, "from-web.png", {}, {}}, {});
    QCOMPARE(q->rowCount(), 3);
    w->presetPanel()->setDefaultPreset("thumbnail");

    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 3);
    const QImage colour(QFile::decodeName(q->itemAt(0).output));
    const QImage mono(QFile::decodeName(q->itemAt(1).output));
    const QImage fromWeb(QFile::decodeName(q->itemAt(2).output));
    QCOMPARE(colour.width(), 256);          // thumbnail: fit within 256×256
    QCOMPARE(mono.size(), QSize(300, 200)); // grayscale: full size...
    const QRgb px = mono.pixel(150, 100);
    QVERIFY(qAbs(qRed(px) - qGreen(px)) <= 2 && qAbs(qGreen(px) - qBlue(px)) <= 2); // ...and grey
    QVERIFY(q->itemAt(2).output.endsWith("/from-web.jpg"));
    QCOMPARE(fromWeb.size(), QSize(256, 192));
}

void TestBatch::pauseAndResume()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    QStringList inputs;
    for (int i = 0; i < 12; ++i)
        inputs << test::makeImage(f.path("in"), QString("p%1.jpg").arg(i), 900, 700);
    addAndWait(w, inputs);
    auto *pool = qobject_cast<WorkerPool *>(w->pool());
    QVERIFY(pool);
    QTRY_COMPARE_WITH_TIMEOUT(pool->readyWorkers(), 2, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(pool->pendingCount(), 0, 20000); // the current item's previews
    w->presetPanel()->setDefaultPreset("classic");
    QVERIFY(w->startBatch());
    auto *pauseButton = w->progressPanel()->findChild<QToolButton *>("pauseButton");
    QVERIFY(pauseButton);
    const auto told = [](QWidget *b) { return QAccessible::queryAccessibleInterface(b)->text(QAccessible::Name); };
    QCOMPARE(told(pauseButton), QString("Pause"));
    QVERIFY(!pauseButton->isChecked());
    w->setPaused(true);
    QVERIFY(w->session()->isPaused());
    // It shows "Resume" and is pressed; to a screen reader it stays "Pause", pressed: named by its
    // words it was "Resume, pressed", which reads both ways.
    QVERIFY(pauseButton->text().contains("Resume") && pauseButton->isChecked());
    QCOMPARE(told(pauseButton), QString("Pause"));
    // The Batch menu's entry is a switch with a check mark: "Pause", checked. It said "Resume" with
    // a check mark, which reads as running.
    QAction *pauseEntry = nullptr;
    for (QAction *menu : w->menuBar()->actions())
        if (menu->menu() && menu->text().remove('&') == "Batch")
            for (QAction *a : menu->menu()->actions())
                if (a->isCheckable())
                    pauseEntry = a;
    QVERIFY(pauseEntry);
    QCOMPARE(pauseEntry->text().remove('&'), QString("Pause"));
    QVERIFY(pauseEntry->isChecked());
    QVERIFY(pauseEntry->isEnabled());
    // The batch's jobs reach the pool once a worker has read their headers (cost-aware order).
    QTRY_COMPARE_WITH_TIMEOUT(pool->pendingCount() + w->session()->completed(), 12, 20000);
    // Paused: what the two workers already hold (two each at most) completes, and then nothing
    // is on a worker. Were pause ignored, a worker would get the next image as each one finished
    // and be idle only after the last of the twelve.
    QTRY_COMPARE_WITH_TIMEOUT(pool->jobsOnWorkers(), 0, 20000);
    const int held = w->session()->completed();
    QVERIFY2(held <= 4, qPrintable(QString::number(held)));
    QCOMPARE(pool->pendingCount(), 12 - held);
    // Short enough for the line beside the bar; the status bar says what pausing does.
    QTRY_COMPARE(w->progressPanel()->statsText(), QString("Paused · %1 done").arg(held));
    w->setPaused(false);
    QCOMPARE(pauseButton->text(), QString("Pause"));
    QVERIFY(!pauseButton->isChecked() && !pauseEntry->isChecked());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 12);
    QVERIFY(!pauseButton->isEnabled());
}

// While a batch ran, a preset given to images it had not begun (Ctrl+3, a card dropped), another
// default, or another output folder was said as if it applied ("Outputs go to /out3"), but the
// batch went on with what it started with: the images came out with the old preset, into the old
// folder, and turned "Preset changed" (window lifecycle QA pass). Said now, as a saved preset's
// settings are; and nothing is said of it once the images concerned are all made.
void TestBatch::changesWhileABatchRunsSayTheBatchGoesOnAsItStarted()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    QStringList inputs;
    for (int i = 0; i < 8; ++i)
        inputs << test::makeImage(f.path("in"), QString("p%1.jpg").arg(i), 300, 200);
    addAndWait(w, inputs);
    QVERIFY(w->startBatch());
    w->setPaused(true); // the batch stays running, most of its images not begun
    QueueModel *q = w->queueModel();
    const quint64 last = q->itemAt(7).uid;
    QCOMPARE(q->item(last)->state, ItemState::Queued);
    const QString settings = "The running batch goes on with the settings it started with; Start makes its images "
                             "again once it has ended.";
    const QString folder =
        "The running batch goes on into the folder it started with; Start makes its images again here once it has "
        "ended.";
    w->assignPresetTo({last}, "thumbnail");
    QVERIFY2(w->lastMessage().contains(settings), qPrintable(w->lastMessage()));
    w->presetPanel()->setDefaultPreset("classic");
    QVERIFY2(w->lastMessage().startsWith("The default preset is \"classic\" now. " + settings),
             qPrintable(w->lastMessage()));
    const QString before = w->outputFolder();
    w->changeOutputFolder(f.path("elsewhere"));
    QVERIFY2(w->lastMessage().contains(folder), qPrintable(w->lastMessage()));
    w->setPaused(false);
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 8);
    // What was said is what happened: the batch's preset ("web", the default it started with),
    // into the folder it started with.
    QVERIFY(QFile::exists(before + "/p7.jpg"));
    QVERIFY(!QFile::exists(f.path("elsewhere/p7.jpg")));
    // No batch running: nothing said of one.
    w->assignPresetTo({last}, "web");
    QVERIFY2(!w->lastMessage().contains("running batch"), qPrintable(w->lastMessage()));
}

// The editor opened on another preset showed the last one's result, dimmed under "After ·
// updating…", for a second and a half, and for 5 to 8 s while a batch ran (the window QA pass):
// it looked like what the new preset makes. The image before it stays.
void TestBatch::anotherPresetInTheEditorShowsNoneOfTheLastOnesResult()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    addAndWait(w, {test::makeImage(f.path("in"), "view.jpg", 800, 600)});
    w->queueView()->setCurrentIndex(w->queueModel()->index(0));
    w->openPresetEditor("thumbnail");
    PresetEditor *editor = w->presetEditor();
    QTRY_VERIFY_WITH_TIMEOUT(editor->previewPane()->hasAfter(), 10000);
    QCOMPARE(editor->previewPane()->afterImage().width(), 256);
    editor->close();
    w->openPresetEditor("web");
    QVERIFY(!editor->previewPane()->hasAfter());
    QVERIFY(editor->previewPane()->hasBefore());
    QTRY_VERIFY_WITH_TIMEOUT(editor->previewPane()->hasAfter(), 10000);
    QVERIFY(editor->previewPane()->afterImage().width() != 256); // web's own
}

void TestBatch::previewsComeFromWorkers()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    addAndWait(w, {test::makeImage(f.path("in"), "view.jpg", 1600, 1200)});
    w->presetPanel()->setDefaultPreset("thumbnail");
    w->queueView()->setCurrentIndex(w->queueModel()->index(0));
    // The first preview may still be of the preset selected before "thumbnail"; the one that
    // follows the change is thumbnail's output size.
    QTRY_COMPARE_WITH_TIMEOUT(w->previewPane()->afterImage().size(), QSize(256, 192), 10000);

    // The editor's preview follows parameter changes (debounced), computed by a worker.
    w->openPresetEditor("classic");
    PresetEditor *editor = w->presetEditor();
    QTRY_VERIFY_WITH_TIMEOUT(editor->previewPane()->hasAfter(), 10000);
    const QImage first = editor->previewPane()->afterImage();
    editor->selectStep(1);                               // the blur
    auto *sigma = editor->findChild<QDoubleSpinBox *>(); // the only one: the blur radius
    QVERIFY(sigma);
    sigma->setValue(0.5);
    QTRY_VERIFY_WITH_TIMEOUT(editor->previewPane()->afterImage() != first, 10000);
    QCOMPARE(editor->draft().steps[1].value("sigma").toDouble(), 0.5);

    // Metadata and colour are output settings the editor shows and edits.
    auto *metadata = editor->findChild<QComboBox *>("metadataPolicy");
    auto *colour = editor->findChild<QComboBox *>("colourPolicy");
    QVERIFY(metadata && colour);
    QCOMPARE(MetadataPolicy(metadata->currentData().toInt()), MetadataPolicy::Keep); // classic keeps
    metadata->setCurrentIndex(metadata->findData(int(MetadataPolicy::StripLocation)));
    colour->setCurrentIndex(colour->findData(int(ColourPolicy::Srgb)));
    QCOMPARE(editor->draft().output.metadata, MetadataPolicy::StripLocation);
    QCOMPARE(editor->draft().output.colour, ColourPolicy::Srgb);
    auto *raw = editor->findChild<QComboBox *>("rawMode"); // an input setting, for camera RAW
    QVERIFY(raw);
    QCOMPARE(RawMode(raw->currentData().toInt()), RawMode::Develop);
    raw->setCurrentIndex(raw->findData(int(RawMode::Preview)));
    QCOMPARE(editor->draft().input.raw, RawMode::Preview);
    auto *lossless = editor->findChild<QCheckBox *>("lossless");
    auto *tiff = editor->findChild<QComboBox *>("tiffCompression");
    QVERIFY(lossless && tiff);
    QVERIFY(!lossless->isEnabled()); // classic writes JPEG
    auto *format = editor->findChild<QComboBox *>("outputFormat");
    QVERIFY(format);
    for (const OutputFormat f : {OutputFormat::Jxl, OutputFormat::Avif})
        QVERIFY(format->findData(int(f)) >= 0);
    format->setCurrentIndex(format->findData(int(OutputFormat::Jxl)));
    QCOMPARE(editor->draft().output.format, OutputFormat::Jxl);
    QVERIFY(lossless->isEnabled()); // JPEG XL has a lossless mode
    format->setCurrentIndex(format->findData(int(OutputFormat::Avif)));
    QVERIFY(lossless->isEnabled()); // AVIF has one too
    lossless->setChecked(true);
    QVERIFY(editor->draft().output.lossless); // saved so (before, dropped for AVIF)
    lossless->setChecked(false);
    tiff->setCurrentIndex(tiff->findData(int(TiffCompression::Deflate)));
    QCOMPARE(editor->draft().output.tiffCompression, TiffCompression::Deflate);
}

void TestBatch::closingDuringBatchStopsCleanly()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    w->show();
    QStringList inputs;
    for (int i = 0; i < 16; ++i)
        inputs << test::makeImage(f.path("in"), QString("c%1.jpg").arg(i), 1000, 750);
    addAndWait(w, inputs);
    w->presetPanel()->setDefaultPreset("classic");
    QSignalSpy finished(w, &MainWindow::batchFinished);
    connect(
        w->queueModel(), &QueueModel::itemCompleted, w, [w] { w->close(); }, Qt::SingleShotConnection);
    QVERIFY(w->startBatch());
    // Closing cancels, waits for the workers to stop, then closes: the event loop keeps running.
    QVERIFY(finished.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(!w->isVisible(), 5000);
    QVERIFY(finished.first().first().value<SessionSummary>().cancelled);
    for (const QString &file : filesUnder(w->outputFolder()))
        QVERIFY2(!file.endsWith(".part"), qPrintable(file));
    QCOMPARE(f.settings->value("outputFolder").toString(), w->outputFolder()); // saved on close
}

// "A batch is running. Cancel it and quit?" stayed up over a batch that had finished behind it.
// The question was only about the batch: when it ends, the question goes and the window quits as
// it does with no batch (settings saved, nothing cancelled).
void TestBatch::theQuitQuestionGoesWhenTheBatchEnds()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(2, WindowFixture::Questions::Asked); // the question is the point
    MainWindow &w = *f.window;
    QVERIFY(f.shown());
    const QString gated = test::makeImage(f.path("in"), "b-pixelpool-test-gate.png", 300, 250, "PNG");
    addAndWait(&w, {test::makeImage(f.path("in"), "a.jpg", 160, 120), gated});
    QVERIFY(w.startBatch());
    QSignalSpy finished(&w, &MainWindow::batchFinished);

    // The question is modal: what the user (and the batch) does meanwhile runs from timers.
    QPointer<QWidget> question; // null again once the question is gone
    bool asked = false, stayed = false;
    QElapsedTimer sinceEnd;
    QTimer watch;
    watch.setInterval(20);
    connect(&watch, &QTimer::timeout, &w, [&] {
        if (!asked) {
            question = QApplication::activeModalWidget();
            if ((asked = question)) {
                QVERIFY(question->objectName() == "quitWhileRunningQuestion");
                // Return keeps the batch (Yes was the default).
                QCOMPARE(qobject_cast<QMessageBox *>(question.data())->defaultButton(),
                         qobject_cast<QMessageBox *>(question.data())->button(QMessageBox::No));
                QVERIFY(openGate(gated)); // the batch ends behind the question
            }
            return;
        }
        if (!finished.isEmpty() && !sinceEnd.isValid())
            sinceEnd.start();
        if (sinceEnd.isValid() && sinceEnd.elapsed() > 5000 && question && question->isVisible()) {
            stayed = true; // as before: answer it so the test goes on
            qobject_cast<QMessageBox *>(question.data())->button(QMessageBox::No)->click();
        }
    });
    watch.start();
    QTimer::singleShot(0, &w, &QWidget::close);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible() || stayed, 10000);
    watch.stop();
    QVERIFY(asked);
    QVERIFY2(!stayed, "the question stayed up after the batch ended");
    QVERIFY(!w.isVisible());
    QVERIFY(!finished.first().first().value<SessionSummary>().cancelled); // it ended, not cancelled
    QCOMPARE(w.queueModel()->countInState(ItemState::Done), 2);
    QCOMPARE(f.settings->value("outputFolder").toString(), w.outputFolder()); // saved on quitting
}

// Escape is the window's Cancel. Pressed to close an open list (the Default preset's), it closed
// the list and cancelled the running batch too, without a question. It closes only the list; with
// no list open, it still cancels.
void TestBatch::escapeThatClosesAListCancelsNothing()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(1);
    MainWindow &w = *f.window;
    QVERIFY(f.shown());
    const QString gated = test::makeImage(f.path("in"), "b-pixelpool-test-gate.png", 300, 250, "PNG");
    addAndWait(&w, {test::makeImage(f.path("in"), "a.jpg", 160, 120), gated});
    QVERIFY(w.startBatch());
    QSignalSpy finished(&w, &MainWindow::batchFinished);
    auto *list = w.presetPanel()->findChild<QComboBox *>();
    QVERIFY(list);
    QVERIFY(w.session()->isRunning() && !w.session()->isCancelling());
    list->setFocus();
    list->showPopup();
    QTRY_VERIFY(QApplication::activePopupWidget());
    QWidget *popup = QApplication::activePopupWidget();
    QTest::keyClick(popup->focusWidget() ? popup->focusWidget() : popup, Qt::Key_Escape);
    QTRY_VERIFY(!QApplication::activePopupWidget());
    QApplication::processEvents();
    QVERIFY(w.session()->isRunning());
    QVERIFY2(!w.session()->isCancelling(), "the Escape that closed the list cancelled the batch");
    // Without a list open, Escape cancels.
    // (Offscreen, the closed list's window stays the active one: the window is made so again, as a
    // window manager does.)
    QApplication::setActiveWindow(&w);
    QTRY_COMPARE(QApplication::activeWindow(), &w);
    w.queueView()->setFocus();
    QTest::keyClick(w.queueView(), Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
    QVERIFY(finished.first().first().value<SessionSummary>().cancelled);
}

// Quitting over a paused batch asked "A batch is running. Cancel it and quit?", as if it went on.
// It says the batch is paused; and over a batch being cancelled already it asks nothing: the window
// closes once the batch has stopped.
void TestBatch::theQuitQuestionSaysABatchIsPaused()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(1, WindowFixture::Questions::Asked); // the question is the point
    MainWindow &w = *f.window;
    QVERIFY(f.shown());
    const QString gated = test::makeImage(f.path("in"), "b-pixelpool-test-gate.png", 300, 250, "PNG");
    // Not first: the preview shows the current image, and would wait at the gate too.
    addAndWait(&w, {test::makeImage(f.path("in"), "a.jpg", 160, 120), gated,
                    test::makeImage(f.path("in"), "c.jpg", 160, 120)});
    const quint64 held = w.queueModel()->itemAt(1).uid;
    QVERIFY(w.startBatch({held}));
    QSignalSpy finished(&w, &MainWindow::batchFinished);
    QTRY_COMPARE(w.queueModel()->item(held)->state, ItemState::Processing); // the gate holds its worker
    w.setPaused(true);
    QString asked;
    QTimer watch;
    watch.setInterval(20);
    connect(&watch, &QTimer::timeout, &w, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            asked = box->text();
            box->button(QMessageBox::No)->click();
        }
    });
    watch.start();
    QTimer::singleShot(0, &w, &QWidget::close);
    QTRY_VERIFY(!asked.isEmpty());
    QVERIFY2(asked.startsWith("A batch is paused. Cancel it and quit?"), qPrintable(asked));
    QVERIFY(w.isVisible());
    QVERIFY(finished.isEmpty());

    // Cancelled, then closed: no question; the window goes once the batch has stopped. The gate
    // holds its worker without reading the cancel: the pool puts the worker down after its grace
    // period, and the batch ends then. (A question would be answered No by `watch`: the window
    // would stay.)
    asked.clear();
    w.cancelBatch();
    QVERIFY(w.session()->isCancelling());
    QTimer::singleShot(0, &w, &QWidget::close);
    QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible(), 20000);
    watch.stop();
    QVERIFY2(asked.isEmpty(), qPrintable(asked));
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.first().first().value<SessionSummary>().cancelled);
}

// A done card whose output was deleted on disk still said Done, and the line beside Start said
// "184 images waiting" where Start made 186, without a word (the life QA pass). Coming back to the
// window (its activation) looks at the outputs again: such a card says "Output removed", counts as
// waiting, and is done again if its file comes back.
void TestBatch::aDoneImageWhoseOutputWasDeletedWaitsAgain()
{
    WindowFixture f(2);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QStringList inputs;
    for (int i = 0; i < 3; ++i)
        inputs << test::makeImage(f.path("in"), QString("p%1.jpg").arg(i), 160, 120);
    addAndWait(w, inputs);
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 3);
    w->batchBanner()->hide(); // the line beside Start says what waits once the banner is closed
    QueueModel *q = w->queueModel();
    const quint64 uid = q->itemAt(1).uid;
    const QString output = QFile::decodeName(q->item(uid)->output);
    QVERIFY(QFile::exists(output));
    const auto status = [q, uid] { return q->index(q->rowOf(uid)).data(QueueModel::StatusTextRole).toString(); };
    const auto activate = [w] {
        QEvent activated(QEvent::WindowActivate);
        QApplication::sendEvent(w, &activated);
    };
    activate();
    QTest::qWait(50);
    QVERIFY2(status().startsWith("Done"), qPrintable(status()));

    // Moved away in a file manager, then back to the window.
    QVERIFY(QFile::rename(output, output + ".away"));
    activate();
    QTRY_COMPARE(status(), QString("Output removed"));
    QVERIFY(q->isOutdated(*q->item(uid)));
    QCOMPARE(w->progressPanel()->statsText(), QString("1 image waiting"));
    QCOMPARE(w->batchBanner()->waitingText(), QString("1 image is waiting: Start (Ctrl+Return) processes it."));
    QVERIFY2(q->index(q->rowOf(uid))
                 .data(Qt::ToolTipRole)
                 .toString()
                 .contains("Its output was deleted or moved away since: Start makes it again."),
             qPrintable(q->index(q->rowOf(uid)).data(Qt::ToolTipRole).toString()));
    // Back where it was: done again, nothing waits.
    QVERIFY(QFile::rename(output + ".away", output));
    activate();
    QTRY_VERIFY2(status().startsWith("Done"), qPrintable(status()));
    QVERIFY2(w->progressPanel()->statsText().startsWith("Every image is done."),
             qPrintable(w->progressPanel()->statsText()));

    // Deleted: Start makes that one again, and only that one.
    QVERIFY(QFile::remove(output));
    activate();
    QTRY_COMPARE(status(), QString("Output removed"));
    QVERIFY(w->startBatch());
    const SessionSummary again = runToEnd(w);
    QCOMPARE(again.total, 1);
    QCOMPARE(again.done, 1);
    QVERIFY2(status().startsWith("Done"), qPrintable(status()));
    QVERIFY(QFile::exists(QFile::decodeName(q->item(uid)->output)));
}

// Seven images dropped during a 351-image batch: at its end the bar read "351 of 351", the banner
// "Batch finished", and nothing said seven were still waiting. The drop says they wait for the
// batch, and its end says how many wait and how to start them, in the banner and the status bar.
void TestBatch::imagesAddedDuringABatchAreSaidToWait()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(2);
    MainWindow *w = f.shown();
    QVERIFY(w);
    const QString gated = queueAndAGate(f);
    QVERIFY(w->startBatch());
    addAndWait(
        w, {test::makeImage(f.path("more"), "c.jpg", 160, 120), test::makeImage(f.path("more"), "d.jpg", 160, 120)});
    QCOMPARE(
        w->lastMessage(),
        QString("Added 2 images. They wait until the running batch ends; Start (Ctrl+Return) then processes them."));
    QVERIFY(openGate(gated));
    QCOMPARE(runToEnd(w).done, 2);
    const QString waiting("2 images are waiting: Start (Ctrl+Return) processes them.");
    QVERIFY(!w->batchBanner()->isHidden());
    QCOMPARE(w->batchBanner()->waitingText(), waiting);
    QLabel *line = w->batchBanner()->findChild<QLabel *>("summaryWaiting");
    QVERIFY(line && line->isVisible());
    QCOMPARE(w->lastMessage(), "Batch finished. " + waiting);
    QVERIFY(w->batchBanner()->accessibleDescription().contains(waiting));

    // Start takes them; then nothing waits, and the line goes.
    QTest::keyClick(w, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(runToEnd(w).done, 2);
    QCOMPARE(w->batchBanner()->waitingText(), QString());
    QVERIFY(!line->isVisible());
    QCOMPARE(w->lastMessage(), QString("Batch finished."));
    // One added after the end: the banner's line says so too.
    addAndWait(w, {test::makeImage(f.path("late"), "e.jpg", 160, 120)});
    QCOMPARE(w->batchBanner()->waitingText(), QString("1 image is waiting: Start (Ctrl+Return) processes it."));
}

// What the banner says waits is what Start takes: cancelled images too. It said "53 images are
// waiting" where Start made 56, and nothing after a cancel of 205, which Start then made (the window
// QA pass). A failed image is counted failed, never waiting: the banner said "1 image is waiting" of
// a damaged JPEG it counted failed beside Retry failed, and so did the line beside Start (the
// keyboard QA pass). Start leaves it (it would fail the same way again); Retry failed takes it.
void TestBatch::aFailedImageIsCountedFailedAndCancelledOnesWait()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    // A photo cut short, as `head -c 3000 good.jpg > bad.jpg` makes one.
    const QString good = test::makeImage(f.path("in"), "a.jpg", 640, 480);
    QFile whole(test::makeImage(f.path("src"), "whole.jpg", 640, 480));
    QVERIFY(whole.open(QIODevice::ReadOnly) && whole.size() > 3000);
    const QString bad = test::writeFile(f.path("in/c-bad.jpg"), whole.read(3000));
    addAndWait(w, {good, bad});
    QVERIFY(w->startBatch());
    const SessionSummary first = runToEnd(w);
    QCOMPARE(first.done, 1);
    QCOMPARE(first.failed, 1);
    QueueModel *q = w->queueModel();
    const quint64 badUid = q->itemAt(1).uid;
    QCOMPARE(q->itemAt(1).state, ItemState::Failed);
    QVERIFY2(w->batchBanner()->countsText().startsWith("1 done · 1 failed"),
             qPrintable(w->batchBanner()->countsText()));
    QCOMPARE(w->batchBanner()->waitingText(), QString());
    QCOMPARE(w->lastMessage(), QString("Batch finished."));
    // The line beside Start, once the banner is closed, counts it failed and names what takes it.
    const QString failedLine("1 image failed: Batch ▸ Retry failed tries it again.");
    w->batchBanner()->findChild<QToolButton *>("bannerClose")->click();
    QCOMPARE(w->progressPanel()->statsText(), failedLine);
    // Start leaves it, and says so.
    QVERIFY(!w->startBatch());
    QCOMPARE(w->lastMessage(), failedLine);
    QCOMPARE(q->item(badUid)->state, ItemState::Failed);

    // Cancelled as it starts: what it did not make waits, and Start takes exactly that; the failed
    // one is still counted apart.
    const QString held = test::makeImage(f.path("in"), "b-pixelpool-test-slowgate.png", 300, 250, "PNG");
    addAndWait(w, {held, test::makeImage(f.path("in"), "d.jpg", 160, 120)});
    QCOMPARE(w->progressPanel()->statsText(), QString("2 images waiting · 1 failed"));
    QVERIFY(w->startBatch());
    w->cancelBatch();
    QVERIFY(runToEnd(w).cancelled);
    const int cancelled = q->countInState(ItemState::Cancelled);
    QCOMPARE(q->rowCount() - q->countInState(ItemState::Done) - q->countInState(ItemState::Failed), cancelled);
    QVERIFY2(cancelled >= 1, qPrintable(QString::number(cancelled))); // the held one at least
    QCOMPARE(q->countInState(ItemState::Failed), 1);
    const QString waiting = cancelled == 1 ? QString("1 image is waiting: Start (Ctrl+Return) processes it.")
                                           : QString("2 images are waiting: Start (Ctrl+Return) processes them.");
    QCOMPARE(w->batchBanner()->waitingText(), waiting);
    QCOMPARE(w->lastMessage(), "Batch cancelled. " + waiting);
    // The menu's Retry takes the cancelled ones too, and says so, as the banner's button does.
    auto *retry = w->findChild<QAction *>("retryAction");
    QVERIFY(retry);
    QCOMPARE(retry->text(), QString("Retry &failed and cancelled"));
    QVERIFY(openGate(held));
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).total, cancelled);
    QCOMPARE(q->item(badUid)->state, ItemState::Failed);
    // Retry failed takes it.
    QVERIFY(retry->isEnabled());
    QCOMPARE(retry->text(), QString("Retry &failed"));
    retry->trigger();
    const SessionSummary retried = runToEnd(w);
    QCOMPARE(retried.total, 1);
    QCOMPARE(retried.failed, 1);
}

void TestBatch::keyboardShortcuts()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    QStringList inputs;
    for (int i = 0; i < 12; ++i)
        inputs << test::makeImage(f.path("in"), QString("k%1.jpg").arg(i), 900, 700);
    addAndWait(w, inputs);
    w->show();
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w));
    QueueView *view = w->queueView();
    view->setFocus();

    // Delete removes the selection from the queue.
    view->selectionModel()->select(w->queueModel()->index(11), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(w->queueModel()->rowCount(), 11);

    // Ctrl+Return starts, Esc cancels.
    w->presetPanel()->setDefaultPreset("classic");
    QSignalSpy finished(w, &MainWindow::batchFinished);
    QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(w->session() && w->session()->isRunning());
    QTest::keyClick(view, Qt::Key_Escape);
    QVERIFY(finished.wait(20000));
    QVERIFY(finished.first().first().value<SessionSummary>().cancelled);
}

// Esc closed a menu (opened with Alt+F or a click) and left the menu bar with the keys, its title
// lit: the next Esc only put the keys back, and a keyboard user pressed it twice more to cancel the
// batch (the keyboard QA pass). The Esc that closes a menu leaves the menu bar, the keys back where
// they were; the next one is the window's: Cancel.
void TestBatch::escAfterAMenuClosedDoesWhatEscDoes()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(1);
    MainWindow *w = f.active();
    QVERIFY(w);
    QMenuBar *bar = w->menuBar();
    QMenu *file = bar->actions().first()->menu();
    QCOMPARE(file->title(), QString("&File"));
    for (const bool byClick : {false, true}) {
        const QString how = byClick ? "clicked" : "Alt+F";
        const QString gate = queueAndAGate(f);
        QVERIFY(w->startBatch());
        QVERIFY(w->session()->isRunning());
        QueueView *view = w->queueView();
        view->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(view));

        if (byClick)
            QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(bar->actions().first()).center());
        else
            QTest::keyClick(view, Qt::Key_F, Qt::AltModifier);
        QTRY_COMPARE(QApplication::activePopupWidget(), static_cast<QWidget *>(file));
        // The offscreen platform gives a shown menu the focus later, as an event: taken while the menu
        // is open, where Qt sets it aside. Taken after, it made the closed menu the active window.
        QTRY_COMPARE(QGuiApplication::focusWindow(), file->windowHandle());
        QTest::keyClick(file, Qt::Key_Escape);
        QTRY_VERIFY(!QApplication::activePopupWidget());
        // The menu bar let the keys go: they are where they were, and no title is lit.
        QVERIFY2(QApplication::focusWidget() == view,
                 qPrintable(how + ": the keys are on " +
                            (QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className()
                                                         : QString("nothing"))));
        if (QAction *lit = bar->activeAction())
            QFAIL(qPrintable(how + ": " + lit->text() + " is still lit"));
        QVERIFY(w->session()->isRunning() && !w->session()->isCancelling());

        // The next Esc cancels the batch, as Esc does in the window.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QVERIFY2(w->session()->isCancelling(), qPrintable(how + ": Esc did not cancel"));
        QVERIFY(openGate(gate));
        QVERIFY(runToEnd(w).cancelled);
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(view));
        w->queueModel()->clear();
        QVERIFY(QFile::remove(gate + ".go")); // the next round's image waits at the gate again
    }
}

void TestBatch::aPresetWithOutputsIsOneCardAndWritesEach()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    // One card for the preset, its outputs as lines on it after the shared steps.
    const QAbstractItemModel *cards = w->presetPanel()->view()->model();
    QCOMPARE(cards->rowCount(), int(PresetLibrary({}).entries().size())); // no card per output
    QStringList lines;
    int found = 0;
    for (int row = 0; row < cards->rowCount(); ++row) {
        const QModelIndex card = cards->index(row, 0);
        if (card.data(PresetLibraryModel::NameRole).toString() == QLatin1String("web-and-thumbnail")) {
            ++found;
            lines = card.data(PresetLibraryModel::StepsRole).toStringList();
        }
    }
    QCOMPARE(found, 1);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines[1].startsWith(QStringLiteral("→ web: ")), qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith(QStringLiteral("→ thumbnail: ")), qPrintable(lines[2]));

    addAndWait(w, {test::makeImage(f.path("in"), "large.jpg", 2400, 1600),
                   test::makeImage(f.path("in"), "small.jpg", 800, 600)});
    w->presetPanel()->setDefaultPreset("web-and-thumbnail");
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 2);
    QCOMPARE(s.failed, 0);
    const QString out = f.path("output");
    QCOMPARE(QImage(out + "/web/large.jpg").size(), QSize(1920, 1280));
    QCOMPARE(QImage(out + "/thumbnail/large.jpg").size(), QSize(256, 171));
    QCOMPARE(QImage(out + "/web/small.jpg").size(), QSize(800, 600)); // never enlarged
    QCOMPARE(QImage(out + "/thumbnail/small.jpg").size(), QSize(256, 192));
    QVERIFY(w->queueModel()->itemAt(0).output.endsWith("/web/large.jpg")); // the queue shows the first

    // The editor shows the outputs read-only, says so, and keeps them in what it saves.
    w->openPresetEditor("web-and-thumbnail");
    PresetEditor *editor = w->presetEditor();
    auto *note = editor->findChild<QLabel *>("outputsNote");
    QVERIFY(note && note->isVisibleTo(editor));
    QVERIFY2(note->text().contains("web") && note->text().contains("thumbnail"), qPrintable(note->text()));
    editor->findChild<QComboBox *>("outputFormat")->setCurrentIndex(0); // a change to the shared settings
    const Preset draft = editor->draft();
    const Preset original = PresetLibrary({}).find("web-and-thumbnail")->preset;
    QCOMPARE(draft.outputs.size(), 2);
    QCOMPARE(draft.toJson().value("outputs"), original.toJson().value("outputs"));
    w->openPresetEditor("web");
    QVERIFY(!note->isVisibleTo(editor));
}

// The item of the window's menus with this text (as the menu has it, with its mnemonic), or null.
static QAction *menuItem(MainWindow *w, const QString &text)
{
    for (QAction *menu : w->menuBar()->actions())
        for (QAction *item : menu->menu()->actions())
            if (item->text() == text)
                return item;
    return nullptr;
}

// What a card's badge shows, painted as the queue paints it: how many pixels of the done green
// and of the amber of a result to make again its top right corner has (each as dark as its white
// mark needs).
static QPair<int, int> badgeColours(MainWindow *w, int row)
{
    QueueView *view = w->queueView();
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = QRect(QPoint(0, 0), view->itemDelegate()->sizeHint(option, w->queueModel()->index(row)));
    QImage card(option.rect.size(), QImage::Format_RGB32);
    card.fill(Qt::white);
    QPainter painter(&card);
    view->itemDelegate()->paint(&painter, option, w->queueModel()->index(row));
    painter.end();
    const QRgb done = underWhite(QColor(46, 158, 91), kShapeContrast).rgb() & 0xffffff,
               again = underWhite(QColor(208, 138, 26), kShapeContrast).rgb() & 0xffffff;
    int green = 0, amber = 0;
    for (int y = 0; y < 40; ++y)
        for (int x = card.width() - 40; x < card.width(); ++x) {
            const QRgb c = card.pixel(x, y) & 0xffffff;
            green += c == done;
            amber += c == again;
        }
    return {green, amber};
}

// A done image given another preset stayed done: Start said every image was done, and the card
// still showed the old result as if it were the new preset's.
void TestBatch::anotherPresetMakesADoneImageAgain()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 300, 200), test::makeImage(f.path("in"), "b.jpg", 300, 200)});
    QueueModel *q = w->queueModel();
    w->presetPanel()->setDefaultPreset("grayscale");
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 2);
    QVERIFY(!w->startBatch()); // nothing to do
    QVERIFY2(w->lastMessage().startsWith("Every image is done"), qPrintable(w->lastMessage()));

    w->assignPresetTo({q->itemAt(0).uid}, "thumbnail");
    QVERIFY2(w->lastMessage().contains("1 done image was made with other settings"), qPrintable(w->lastMessage()));
    QCOMPARE(q->index(0).data(QueueModel::StatusTextRole).toString(), QString("Preset changed"));
    QVERIFY(q->index(1).data(QueueModel::StatusTextRole).toString().startsWith("Done · "));
    // The changed one shows no green check (it did): it is to be made again.
    QCOMPARE(badgeColours(w, 0).first, 0);
    QVERIFY(badgeColours(w, 0).second > 100);
    QVERIFY(badgeColours(w, 1).first > 100);
    const QByteArray keptOutput = q->itemAt(1).output;
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.total, 1);
    QCOMPARE(QImage(QFile::decodeName(q->itemAt(0).output)).width(), 256);
    QCOMPARE(q->itemAt(1).output, keptOutput);
    QVERIFY(q->index(0).data(QueueModel::StatusTextRole).toString().startsWith("Done · "));

    // Another default: the image without a preset of its own is made again; back to the default
    // it was made with, it is done again.
    w->presetPanel()->setDefaultPreset("web");
    QVERIFY2(w->lastMessage().contains("The default preset is \"web\" now. 1 done image"),
             qPrintable(w->lastMessage()));
    w->presetPanel()->setDefaultPreset("grayscale");
    QCOMPARE(q->index(1).data(QueueModel::StatusTextRole).toString().left(7), QString("Done · "));
    QVERIFY(!w->startBatch());
}

// The banner says what the terminal's summary says: the workers that began an image, none when
// every image was skipped, and a rate of the images a worker took. A second Start of done images
// with "skip the image" said "… images/s with 2 workers" (the pool's size, its skips counted as
// work), and 1 written among 20 skipped showed the rate of 21. Its headline counts the images made
// or tried, the skipped apart: it said "Batch finished: 20 images in 0:01" of 20 skipped.
void TestBatch::theBannerCountsTheWorkersWork()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    QCOMPARE(addUserPreset(f, "thumbnail",
                           [](Preset &p) {
                               p.name = "thumbnail, skip";
                               p.output.overwrite = OverwritePolicy::Skip;
                           }),
             QString());
    w->presetPanel()->setDefaultPreset("thumbnail, skip");
    QAction *clear = menuItem(w, "C&lear queue");
    QVERIFY(clear);
    BatchBanner *banner = w->batchBanner();
    QStringList photos;
    for (int i = 0; i < 20; ++i)
        photos << test::makeImage(f.path("in"), QString("p%1.jpg").arg(i, 2, 10, QChar('0')), 120, 80);
    addAndWait(w, photos);
    QVERIFY(w->startBatch());
    SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 20);
    QVERIFY2(s.workers >= 1 && s.workers <= 2, qPrintable(QString::number(s.workers)));
    // The rate's number stays with its unit where the line wraps (a no-break space between them).
    QVERIFY2(banner->countsText().contains("\u00a0images/s with "), qPrintable(banner->countsText()));
    QVERIFY2(banner->headline().startsWith("Batch finished: 20 images in "), qPrintable(banner->headline()));

    // The rate in the banner, and how many images it is of in the batch's seconds (the rate is
    // rounded to 0.1 below 10, to 1 above).
    const auto imagesOfTheRate = [&](const SessionSummary &summary) {
        const QString text = banner->countsText();
        const int at = text.indexOf("\u00a0images/s with ");
        const QString number = text.left(at).section(' ', -1); // "1,652" or "3.4"
        const double rate = QLocale().toDouble(number);
        const double half = number.contains(QLocale().decimalPoint()) ? 0.05 : 0.5;
        return QPair<double, double>((rate - half) * summary.seconds, (rate + half) * summary.seconds);
    };

    // Again from a new queue: every output is there, every image skipped before any worker.
    clear->trigger();
    addAndWait(w, photos);
    QVERIFY(w->startBatch());
    s = runToEnd(w);
    QCOMPARE(s.skipped, 20);
    QCOMPARE(s.workers, 0);
    QVERIFY2(banner->countsText().startsWith("0 done · 0 failed · 20 skipped (output existed)"),
             qPrintable(banner->countsText()));
    QVERIFY2(!banner->countsText().contains("images/s") && !banner->countsText().contains("worker"),
             qPrintable(banner->countsText()));
    // ...and its headline says nothing was made (it said "20 images in 0:01", as if they had been).
    QCOMPARE(banner->headline(), QString("Nothing to do: the outputs of all 20 images exist already"));

    // One new image among them: the rate is of that one, on the one worker that took it.
    clear->trigger();
    photos << test::makeImage(f.path("in"), "zz-new.jpg", 120, 80);
    addAndWait(w, photos);
    QVERIFY(w->startBatch());
    s = runToEnd(w);
    QCOMPARE(s.done, 1);
    QCOMPARE(s.skipped, 20);
    QCOMPARE(s.workers, 1);
    QVERIFY2(banner->countsText().section('\n', 0, 0).endsWith("\u00a0images/s with 1\u00a0worker"),
             qPrintable(banner->countsText()));
    QVERIFY2(
        QRegularExpression("^Batch finished: 1 image in \\d+:\\d\\d, 20 skipped$").match(banner->headline()).hasMatch(),
        qPrintable(banner->headline()));
    auto of = imagesOfTheRate(s);
    QVERIFY2(of.first <= 1 && 1 <= of.second, qPrintable(QString("%1 – %2 images in %3 s: %4")
                                                             .arg(of.first)
                                                             .arg(of.second)
                                                             .arg(s.seconds)
                                                             .arg(banner->countsText())));

    // One more written and one failing on its worker: the rate is of those two, not of the 21
    // skipped.
    clear->trigger();
    photos << test::makeImage(f.path("in"), "zz-newer.jpg", 120, 80);
    QFile first(photos.first());
    QVERIFY(first.open(QIODevice::ReadOnly));
    photos << test::writeFile(f.path("in/zz-broken.jpg"), first.read(300)); // a JPEG cut short
    addAndWait(w, photos);
    QVERIFY(w->startBatch());
    s = runToEnd(w);
    QCOMPARE(s.done, 1);
    QCOMPARE(s.failed, 1);
    QCOMPARE(s.skipped, 21);
    QVERIFY2(s.workers >= 1 && s.workers <= 2, qPrintable(QString::number(s.workers)));
    QVERIFY2(QRegularExpression("^Batch finished: 2 images in \\d+:\\d\\d, 21 skipped$")
                 .match(banner->headline())
                 .hasMatch(),
             qPrintable(banner->headline()));
    QVERIFY2(banner->countsText()
                 .section('\n', 0, 0)
                 .endsWith(s.workers == 1 ? QString("\u00a0images/s with 1\u00a0worker")
                                          : QString("\u00a0images/s with 2\u00a0workers")),
             qPrintable(banner->countsText()));
    of = imagesOfTheRate(s);
    QVERIFY2(of.first <= 2 && 2 <= of.second, qPrintable(QString("%1 – %2 images in %3 s: %4")
                                                             .arg(of.first)
                                                             .arg(of.second)
                                                             .arg(s.seconds)
                                                             .arg(banner->countsText())));
}

// An image written with a warning showed its first words on the card ("warning: colour profile
// l…"), and nowhere else in the window: not in the card's tooltip, not in the summary. Now the
// tooltip has the whole warning and the banner counts and lists it.
void TestBatch::aWarningIsReadWhole()
{
    WindowFixture f(1);
    MainWindow *w = f.window.get();
    // A photo in Adobe RGB through a preset that keeps colours as they are and strips metadata: its
    // profile is left out, and a warning says the colours will look different.
    QCOMPARE(addUserPreset(f, "thumbnail",
                           [](Preset &p) {
                               p.name = "thumbnail, colours kept";
                               p.output.colour = ColourPolicy::Keep;
                               p.output.metadata = MetadataPolicy::Strip;
                           }),
             QString());
    QImage photo(160, 120, QImage::Format_RGB32);
    photo.fill(QColor(200, 60, 40));
    photo.setColorSpace(QColorSpace(QColorSpace::AdobeRgb));
    QDir().mkpath(f.path("in"));
    QVERIFY(photo.save(f.path("in/profiled.jpg"), "JPEG", 90));
    addAndWait(w, {f.path("in/profiled.jpg"), test::makeImage(f.path("in"), "plain.png", 60, 40)});
    w->presetPanel()->setDefaultPreset("thumbnail, colours kept");
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 2);
    QueueModel *q = w->queueModel();
    const QueueItem &warned = q->itemAt(0);
    QCOMPARE(warned.state, ItemState::Done);
    QVERIFY2(warned.reason.contains("colour profile"), qPrintable(warned.reason));
    QVERIFY(warned.reason.size() > 40); // longer than a card's line
    const QString tip = q->index(0).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains("Warning: " + warned.reason), qPrintable(tip));
    QVERIFY(!q->index(1).data(Qt::ToolTipRole).toString().contains("Warning"));

    QCOMPARE(s.warnings.size(), 1);
    QCOMPARE(s.warnings[0].name, QString("profiled.jpg"));
    QCOMPARE(s.warnings[0].reason, warned.reason);
    BatchBanner *d = w->batchBanner();
    QVERIFY2(d->countsText().contains("1 with a warning"), qPrintable(d->countsText()));
    QVERIFY(d->failuresButton()->isEnabled());
    QCOMPARE(d->failuresButton()->text(), QString("Show warnings"));
    QVERIFY(!d->retryButton()->isEnabled()); // nothing failed
    d->failuresButton()->click();
    QVERIFY(!d->failureList()->isHidden());
    QCOMPARE(d->failureList()->topLevelItemCount(), 1);
    QCOMPARE(d->failureList()->topLevelItem(0)->text(0), QString("profiled.jpg"));
    QCOMPARE(d->failureList()->topLevelItem(0)->text(1), "warning: " + warned.reason);
}

// Ctrl+A, Delete after a batch: "Batch finished: 3 images…" and a full "3 of 3" bar stayed beside
// the empty queue, and the preview kept showing the last image.
void TestBatch::removingTheBatchsImagesClearsItsSummary()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 60, 40), test::makeImage(f.path("in"), "b.jpg", 60, 40),
                   test::makeImage(f.path("in"), "c.jpg", 60, 40)});
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 3);
    auto *bar = w->progressPanel()->findChild<QProgressBar *>("batchProgress");
    QCOMPARE(bar->text(), QString("3 of 3"));
    QVERIFY(!w->batchBanner()->isHidden());
    QTRY_VERIFY(w->previewPane()->hasBefore());

    // One image removed: the summary is still the batch's.
    QueueView *view = w->queueView();
    view->setFocus();
    view->selectionModel()->select(w->queueModel()->index(2), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(w->queueModel()->rowCount(), 2);
    QVERIFY(!w->batchBanner()->isHidden());
    QCOMPARE(bar->text(), QString("3 of 3"));

    QTest::keyClick(view, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(w->queueModel()->rowCount(), 0);
    QVERIFY(w->batchBanner()->isHidden());
    QCOMPARE(bar->value(), bar->minimum());
    QVERIFY2(!bar->text().contains("of"), qPrintable(bar->text()));
    QCOMPARE(w->progressPanel()->statsText(), QString("Add images, pick a preset, press Start."));
    QVERIFY(!w->previewPane()->hasBefore());
    QVERIFY(!w->previewPane()->hasAfter());
    QTest::qWait(300); // no late preview of the image that went
    QVERIFY(!w->previewPane()->hasBefore() && !w->previewPane()->hasAfter());

    // Images added again show no summary of a batch they were not in.
    addAndWait(w, {f.path("in/a.jpg")});
    QVERIFY(w->batchBanner()->isHidden());
    QCOMPARE(w->progressPanel()->statsText(), QString("1 image waiting"));
}

// Clear queue after a batch took its summary with the images, and Ctrl+Z put the images back with
// their results and failures but not the summary: no "Batch finished", no list of what failed and
// why, no Retry, and an empty bar. Ctrl+Z brings them back as they were before the Clear (a summary
// closed before it stays closed); a batch run since is the one summarised.
void TestBatch::undoingAClearBringsBackTheSummary()
{
    WindowFixture f(1);
    MainWindow *w = f.active(); // Ctrl+Z is a window shortcut
    QVERIFY(w);
    const QString cut = test::writeFile(f.path("in/cut.jpg"), test::cutJpeg());
    addAndWait(w,
               {test::makeImage(f.path("in"), "a.jpg", 60, 40), cut, test::makeImage(f.path("in"), "c.jpg", 60, 40)});
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).failed, 1);
    BatchBanner *banner = w->batchBanner();
    auto *bar = w->progressPanel()->findChild<QProgressBar *>("batchProgress");
    QVERIFY(!banner->isHidden());
    banner->failuresButton()->click();
    QVERIFY(!banner->failureList()->isHidden());
    const QString headline = banner->headline(), counts = banner->countsText(), barText = bar->text();
    QCOMPARE(barText, QString("3 of 3"));
    QCOMPARE(banner->failureList()->topLevelItemCount(), 1);
    QAction *clear = menuItem(w, "C&lear queue");
    QVERIFY(clear);
    const auto asBefore = [&](const char *when) {
        const QString where = QString("%1: ").arg(when);
        QVERIFY2(!banner->isHidden(), qPrintable(where + "no summary"));
        QCOMPARE(banner->headline(), headline);
        QCOMPARE(banner->countsText(), counts);
        QVERIFY2(!banner->failureList()->isHidden(), qPrintable(where + "no list of failures"));
        QCOMPARE(banner->failureList()->topLevelItemCount(), 1);
        QCOMPARE(banner->failureList()->topLevelItem(0)->text(0), QString("cut.jpg"));
        QVERIFY(banner->retryButton()->isEnabled());
        QCOMPARE(bar->text(), barText);
    };

    clear->trigger();
    QCOMPARE(w->queueModel()->rowCount(), 0);
    QVERIFY(banner->isHidden());
    QVERIFY(banner->failureList()->isHidden());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->queueModel()->rowCount(), 3);
    asBefore("after Ctrl+Z");
    if (QTest::currentTestFailed())
        return;
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w->queueModel()->rowCount(), 0);
    QVERIFY(banner->isHidden());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    asBefore("after Ctrl+Shift+Z, Ctrl+Z");
    if (QTest::currentTestFailed())
        return;

    // A summary closed before the Clear stays closed; the bar comes back.
    banner->findChild<QToolButton *>()->click();
    QVERIFY(banner->isHidden());
    clear->trigger();
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->queueModel()->rowCount(), 3);
    QVERIFY(banner->isHidden());
    QCOMPARE(bar->text(), barText);

    // A batch run after the Clear is the one summarised when its images come back.
    clear->trigger();
    addAndWait(w, {test::makeImage(f.path("in2"), "d.jpg", 60, 40)});
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 1);
    const QString next = banner->headline();
    QVERIFY2(next.startsWith("Batch finished: 1 image in "), qPrintable(next));
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->queueModel()->rowCount(), 4);
    QVERIFY(!banner->isHidden());
    QCOMPARE(banner->headline(), next);
    QCOMPARE(bar->text(), QString("1 of 1"));
}

// The source of the image shown was deleted after it was queued: the batch failed on it ("cannot
// open" on the card) while the preview kept its good before and after; the red box came only
// after another card was selected and this one again.
void TestBatch::thePreviewFollowsTheImageThatFails()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    const QString gone = test::makeImage(f.path("in"), "gone.jpg", 160, 120);
    addAndWait(w, {gone});
    w->queueView()->setCurrentIndex(w->queueModel()->index(0));
    PreviewPane *pane = w->previewPane();
    QTRY_VERIFY_WITH_TIMEOUT(pane->hasBefore() && pane->hasAfter(), 20000);
    QVERIFY(pane->error().isEmpty());

    QVERIFY(QFile::remove(gone));
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.failed, 1);
    QCOMPARE(w->queueView()->currentIndex().row(), 0); // still the image shown
    QTRY_VERIFY_WITH_TIMEOUT(!pane->error().isEmpty(), 20000);
    QVERIFY2(pane->error().startsWith("cannot open"), qPrintable(pane->error()));
    QVERIFY(!pane->hasBefore()); // no picture of a file that is not there
    QVERIFY(!pane->hasAfter());
}

namespace {
struct CardState {
    quint64 uid;
    QString preset;
    ItemState state;
    QByteArray output;
    bool operator==(const CardState &) const = default;
};
QList<CardState> cards(const QueueModel *q)
{
    QList<CardState> out;
    for (int row = 0; row < q->rowCount(); ++row) {
        const QueueItem &it = q->itemAt(row);
        out.append({it.uid, it.preset, it.state, it.output});
    }
    return out;
}
QStringList namesUnder(const QString &dir)
{
    QStringList names;
    for (const QString &file : filesUnder(dir))
        names << QFileInfo(file).fileName();
    names.sort();
    return names;
}

} // namespace

// Delete on a queued image of a running (or paused) batch said "1 image of the running batch stays
// until it ends", and after the end it was still in the queue: the removal was dropped. It leaves
// when the batch ends now, as part of the Delete's step: Ctrl+Z before the end keeps it, after the end
// puts it back where it was, and Ctrl+Shift+Z takes it again.
void TestBatch::anImageRemovedWhileItsBatchRunsLeavesAtItsEnd()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(1);
    MainWindow *w = f.active(); // Ctrl+Z is a window shortcut
    QVERIFY(w);
    const QString gated = test::makeImage(f.path("in"), "a-pixelpool-test-gate.png", 300, 250, "PNG");
    addAndWait(w, {gated, test::makeImage(f.path("in"), "b.jpg", 160, 120),
                   test::makeImage(f.path("in"), "c.jpg", 160, 120), test::makeImage(f.path("in"), "d.jpg", 160, 120)});
    QueueModel *q = w->queueModel();
    QueueView *view = w->queueView();
    const quint64 b = q->itemAt(1).uid, c = q->itemAt(2).uid;
    QVERIFY(w->startBatch());
    w->setPaused(true);
    view->setFocus();
    const auto deleteRow = [&](quint64 uid) {
        view->selectionModel()->select(q->index(q->rowOf(uid)), QItemSelectionModel::ClearAndSelect);
        QTest::keyClick(view, Qt::Key_Delete);
    };
    deleteRow(c);
    QCOMPARE(w->lastMessage(), QString("1 image of the running batch leaves the queue when the batch ends."));
    QVERIFY(q->item(c));
    // Changed minds before the end: it stays.
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: removing c.jpg from the queue."));
    deleteRow(b);
    QCOMPARE(w->lastMessage(), QString("1 image of the running batch leaves the queue when the batch ends."));
    deleteRow(b); // said twice: one step holds it
    QCOMPARE(q->rowCount(), 4);

    w->setPaused(false);
    QVERIFY(openGate(gated));
    QCOMPARE(runToEnd(w).done, 4);
    QCOMPARE(w->lastMessage(),
             QString("Batch finished. Removed 1 image of the batch from the queue, as asked while it ran."));
    QCOMPARE(q->rowCount(), 3);
    QVERIFY(!q->item(b));
    QVERIFY(q->item(c));

    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: removing b.jpg from the queue."));
    QCOMPARE(q->rowCount(), 4);
    QCOMPARE(q->rowOf(b), 1); // where it was
    QCOMPARE(q->itemAt(1).state, ItemState::Done);
    QTest::keyClick(w, Qt::Key_Z, Qt::ShiftModifier | Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Redone: removing b.jpg from the queue."));
    QVERIFY(!q->item(b));
    QCOMPARE(q->rowCount(), 3);
}

// Clear queue took every image at once, asked nothing and could not be undone. Clear queue and
// Remove from queue are steps of the undo stack: Ctrl+Z puts the images back where they were, as
// they were (preset, done state, output: nothing is made again), and says so; the preset steps
// before it undo as before. An image whose file was added again since stays as the new entry.
void TestBatch::clearQueueAndRemoveAreUndone()
{
    WindowFixture f(2);
    MainWindow *w = f.active(); // Ctrl+Z is a window shortcut
    QVERIFY(w);
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 300, 200), test::makeImage(f.path("in"), "b.jpg", 300, 200),
                   test::makeImage(f.path("in"), "c.jpg", 300, 200)});
    QueueModel *q = w->queueModel();
    QueueView *view = w->queueView();
    w->assignPresetTo({q->itemAt(1).uid}, "thumbnail");
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 3);
    const QList<CardState> done = cards(q);
    const QStringList outputs = namesUnder(f.path("output"));
    QCOMPARE(outputs.size(), 3);
    QAction *clear = menuItem(w, "C&lear queue"), *undo = nullptr, *redo = nullptr;
    for (QAction *a : w->actions()) {
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_Z))
            undo = a;
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z))
            redo = a;
    }
    QVERIFY(clear && undo && redo);

    clear->trigger();
    QCOMPARE(q->rowCount(), 0);
    QCOMPARE(w->lastMessage(), QString("Cleared the queue of 3 images; Ctrl+Z brings them back."));
    QVERIFY(undo->isEnabled());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: clearing the queue of 3 images."));
    QCOMPARE(cards(q), done);
    QCOMPARE(view->selectedUids().size(), 3); // what came back is selected
    QCOMPARE(view->currentIndex().row(), 0);
    QVERIFY(!w->startBatch()); // every image is done: nothing is made again
    QVERIFY2(w->lastMessage().startsWith("Every image is done"), qPrintable(w->lastMessage()));

    // The step before it: b's preset, then both again.
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: preset \"thumbnail\" for b.jpg."));
    QCOMPARE(q->itemAt(1).preset, QString());
    QCOMPARE(q->index(1).data(QueueModel::StatusTextRole).toString(), QString("Preset changed"));
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w->lastMessage(), QString("Redone: clearing the queue of 3 images."));
    QCOMPARE(q->rowCount(), 0);
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(cards(q), done); // b done with its thumbnail again, not made again

    // Remove from queue alike.
    view->setFocus();
    view->selectionModel()->select(q->index(0), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(w->lastMessage(), QString("Removed 1 image from the queue; Ctrl+Z brings it back."));
    QCOMPARE(q->rowCount(), 2);
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: removing a.jpg from the queue."));
    QCOMPARE(cards(q), done);

    // Files added again after a Clear are new entries; the step puts back only the others and says so.
    clear->trigger();
    addAndWait(w, {f.path("in/a.jpg")});
    QCOMPARE(q->rowCount(), 1);
    const quint64 again = q->itemAt(0).uid;
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: clearing the queue of 3 images (1 of them is in the queue again and "
                                       "stays as it is there)."));
    QCOMPARE(q->rowCount(), 3);
    QCOMPARE(q->itemAt(0).uid, again);
    QCOMPARE(q->itemAt(0).state, ItemState::Queued);
    QCOMPARE(cards(q).mid(1), done.mid(1));
    // All of them added again: nothing to put back, and Ctrl+Z says nothing of it.
    clear->trigger();
    addAndWait(w, {f.path("in")});
    QCOMPARE(q->rowCount(), 3);
    QVERIFY(!undo->isEnabled());
    const QString added = w->lastMessage();
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), added);
    QCOMPARE(q->rowCount(), 3);
    QCOMPARE(namesUnder(f.path("output")), outputs);
}

// Clear queue is not offered while a batch runs (the batch refers to its images until it ends);
// Remove from queue takes the others (the batch's at its end), and Ctrl+Z puts them back meanwhile
// without touching the batch, whose image is written as usual and stays. After it, Clear queue takes it too, done, and
// Ctrl+Z brings it back done.
void TestBatch::clearQueueWaitsForTheRunningBatch()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(1);
    MainWindow *w = f.active(); // Ctrl+Z is a window shortcut
    QVERIFY(w);
    const QString gated = test::makeImage(f.path("in"), "b-pixelpool-test-gate.png", 300, 250, "PNG");
    addAndWait(
        w, {test::makeImage(f.path("in"), "a.jpg", 160, 120), gated, test::makeImage(f.path("in"), "c.jpg", 160, 120)});
    QueueModel *q = w->queueModel();
    QueueView *view = w->queueView();
    const quint64 held = q->itemAt(1).uid;
    QVERIFY(w->startBatch({held}));
    QTRY_COMPARE(q->item(held)->state, ItemState::Processing);
    QAction *clear = menuItem(w, "C&lear queue");
    QVERIFY(clear);
    QVERIFY(!clear->isEnabled());
    clear->trigger();
    QCOMPARE(q->rowCount(), 3);

    view->setFocus();
    view->selectAll();
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(w->lastMessage(), QString("Removed 2 images from the queue; Ctrl+Z brings them back. 1 image of the "
                                       "running batch leaves the queue when the batch ends."));
    QCOMPARE(q->uids(), QList<quint64>{held});
    // The step is of the three: two taken, the batch's held until it ends; Ctrl+Z keeps all three.
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: removing 3 images from the queue."));
    QCOMPARE(q->rowCount(), 3);
    QCOMPARE(q->itemAt(1).uid, held);
    QCOMPARE(q->item(held)->state, ItemState::Processing);
    QVERIFY(w->session()->isRunning());

    QVERIFY(openGate(gated));
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 1);
    QCOMPARE(s.total, 1);
    const QByteArray output = q->item(held)->output;
    QVERIFY(QFile::exists(QFile::decodeName(output)));
    QCOMPARE(q->countInState(ItemState::Queued), 2);

    QVERIFY(clear->isEnabled());
    clear->trigger();
    QCOMPARE(q->rowCount(), 0);
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(q->rowCount(), 3);
    QCOMPARE(q->item(held)->state, ItemState::Done);
    QCOMPARE(q->item(held)->output, output);
    QCOMPARE(namesUnder(f.path("output")).size(), 1);
}

// Ctrl+Z's steps were kept for as long as the window was open, each with what it changed or took out
// of the queue (the images, their results, a pasted image's bytes): a long session of queue edits
// grew without bound. The last MainWindow::kUndoSteps are kept, the oldest let go first; Ctrl+Z goes
// back through every one of them, Ctrl+Shift+Z forward again.
void TestBatch::undoKeepsTheLastStepsOnly()
{
    WindowFixture f(1);
    MainWindow *w = f.active(); // Ctrl+Z is a window shortcut
    QVERIFY(w);
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 60, 40), test::makeImage(f.path("in"), "b.jpg", 60, 40),
                   test::makeImage(f.path("in"), "c.jpg", 60, 40)});
    QueueModel *q = w->queueModel();
    QUndoStack *undo = w->undoStack();
    const quint64 a = q->itemAt(0).uid, c = q->itemAt(2).uid;
    // The first step takes c out of the queue; then preset after preset for a.
    w->queueView()->setFocus();
    w->queueView()->selectionModel()->select(q->index(2), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(w->queueView(), Qt::Key_Delete);
    QVERIFY(!q->item(c));
    const QStringList presets{"thumbnail", "grayscale", "classic"};
    const int steps = MainWindow::kUndoSteps + 20;
    QStringList given{QString()}; // a's preset after each step, before the first
    for (int i = 1; i < steps; ++i) {
        w->assignPresetTo({a}, presets[i % presets.size()]);
        given << q->item(a)->preset;
    }
    QCOMPARE(undo->count(), MainWindow::kUndoSteps);
    for (int i = steps - 1; i >= steps - MainWindow::kUndoSteps; --i) {
        QCOMPARE(q->item(a)->preset, given[i]);
        QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w->lastMessage(), QString("Undone: preset \"%1\" for a.jpg.").arg(given[i]));
    }
    QCOMPARE(q->item(a)->preset, given[steps - MainWindow::kUndoSteps - 1]);
    QVERIFY(!undo->canUndo());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier); // nothing older: c stays out
    QVERIFY(!q->item(c));
    QCOMPARE(q->item(a)->preset, given[steps - MainWindow::kUndoSteps - 1]);
    for (int i = 0; i < MainWindow::kUndoSteps; ++i)
        QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(q->item(a)->preset, given.last());
    QCOMPARE(undo->count(), MainWindow::kUndoSteps);
}

void TestBatch::imagesRemovedWhileTheBatchRanLeaveWhateverBecameOfTheirStep_data()
{
    QTest::addColumn<bool>("rename");
    QTest::newRow("the oldest step let go") << false;
    QTest::newRow("a preset renamed") << true;
}

// An image of the running batch removed from the queue leaves when the batch ends, taken by the
// Remove's step (anImageRemovedWhileItsBatchRunsLeavesAtItsEnd). When that step was gone by then
// (let go as the oldest of MainWindow::kUndoSteps, or with every step when a preset was renamed), the
// image stayed in the queue, where the status bar had said it would leave. It leaves all the same.
void TestBatch::imagesRemovedWhileTheBatchRanLeaveWhateverBecameOfTheirStep()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    QFETCH(bool, rename);
    WindowFixture f(1);
    MainWindow *w = f.active(); // Delete and Ctrl+1 are window shortcuts
    QVERIFY(w);
    test::writeFile(f.path("presets/mine.json"),
                    R"({"format": "pixelpool-preset", "version": 1, "name": "mine", "steps": []})");
    QVERIFY(w->presetModel()->reload().isEmpty());
    const QString gated = queueAndAGate(f);
    QueueModel *q = w->queueModel();
    QueueView *view = w->queueView();
    const quint64 held = q->itemAt(1).uid;
    QVERIFY(w->startBatch({held}));
    QTRY_COMPARE(q->item(held)->state, ItemState::Processing); // the gate holds its worker
    view->setFocus();
    view->selectAll();
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(q->uids(), QList<quint64>{held});
    QVERIFY2(w->lastMessage().endsWith("1 image of the running batch leaves the queue when the batch ends."),
             qPrintable(w->lastMessage()));

    if (rename) {
        w->openPresetEditor("mine");
        w->presetEditor()->findChild<QLineEdit *>("presetName")->setText("holiday");
        QString error;
        QVERIFY2(w->presetEditor()->save(&error), qPrintable(error));
        w->presetEditor()->close();
        QCOMPARE(w->undoStack()->count(), 0); // the steps named the old name
    } else {
        for (int i = 0; i < MainWindow::kUndoSteps; ++i)
            w->assignPresetTo({held}, i % 2 ? "grayscale" : "thumbnail");
        QCOMPARE(w->undoStack()->count(), MainWindow::kUndoSteps);
        QVERIFY2(w->undoStack()->text(0).startsWith("preset"), qPrintable(w->undoStack()->text(0)));
    }

    QVERIFY(openGate(gated));
    QCOMPARE(runToEnd(w).done, 1);
    QCOMPARE(w->lastMessage(),
             QString("Batch finished. Removed 1 image of the batch from the queue, as asked while it ran."));
    QCOMPARE(q->rowCount(), 0);
}

// Undo after a batch made the images again: web's outputs made, then thumbnail's (the same names:
// "a (2).jpg"), and Ctrl+Z back to web gave "Preset changed" and Start wrote "a (3).jpg", a
// byte-identical copy of a.jpg (and a redo "a (4).jpg"). An image given back the settings and
// folder of a result this session made, whose files are still there as they were written, is done
// with it again; one whose output is gone is made again.
void TestBatch::undoAndRedoAfterABatchWriteNoCopies()
{
    WindowFixture f(2);
    MainWindow *w = f.active(); // Ctrl+Z is a window shortcut
    QVERIFY(w);
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 300, 200), test::makeImage(f.path("in"), "b.jpg", 300, 200)});
    QueueModel *q = w->queueModel();
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 2);
    w->assignPresetTo(q->uids(), "thumbnail");
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 2);
    const QString out = f.path("output");
    const QStringList made{"a (2).jpg", "a.jpg", "b (2).jpg", "b.jpg"};
    QCOMPARE(namesUnder(out), made);

    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: preset \"thumbnail\" for 2 images."));
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(q->itemAt(row).preset, QString());
        QVERIFY2(q->index(row).data(QueueModel::StatusTextRole).toString().startsWith("Done · 300×200"),
                 qPrintable(q->index(row).data(QueueModel::StatusTextRole).toString()));
    }
    QCOMPARE(QFileInfo(QFile::decodeName(q->itemAt(0).output)).fileName(), QString("a.jpg"));
    QVERIFY(!w->startBatch());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QFileInfo(QFile::decodeName(q->itemAt(0).output)).fileName(), QString("a (2).jpg"));
    QVERIFY(q->index(0).data(QueueModel::StatusTextRole).toString().startsWith("Done · 256×"));
    QVERIFY(!w->startBatch());
    QCOMPARE(namesUnder(out), made);

    // a.jpg deleted meanwhile: back to web, a is made again (under its own name), b is done.
    QVERIFY(QFile::remove(out + "/a.jpg"));
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(q->index(0).data(QueueModel::StatusTextRole).toString(), QString("Preset changed"));
    QVERIFY(q->index(1).data(QueueModel::StatusTextRole).toString().startsWith("Done · "));
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.total, 1);
    QCOMPARE(namesUnder(out), made);
}

// A done image stayed done when the output folder changed: Start said every image was done and
// made nothing in the new folder, and the cards still showed a green check.
void TestBatch::anotherOutputFolderMakesADoneImageAgain()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    QCOMPARE(addUserPreset(f, "grayscale",
                           [&f](Preset &p) {
                               p.name = "own folder";
                               p.output.folder = f.path("own");
                           }),
             QString());
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 300, 200), test::makeImage(f.path("in"), "b.jpg", 300, 200),
                   test::makeImage(f.path("in"), "c.jpg", 300, 200)});
    QueueModel *q = w->queueModel();
    w->presetPanel()->setDefaultPreset("grayscale");
    w->assignPresetTo({q->itemAt(2).uid}, "own folder");
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 3);
    const QString first = w->outputFolder();
    QVERIFY(QFile::exists(first + "/a.jpg") && QFile::exists(f.path("own") + "/c.jpg"));
    QCOMPARE(badgeColours(w, 0).second, 0);
    QVERIFY(badgeColours(w, 0).first > 100);

    // Another folder through File ▸ Output folder…, as a person picks it.
    QVERIFY(QDir().mkpath(f.path("second")));
    QAction *choose = menuItem(w, "Ou&tput folder…");
    QVERIFY(choose);
    QTimer answer;
    connect(&answer, &QTimer::timeout, this, [&] {
        if (auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
            dialog->setDirectory(f.path("second"));
            QMetaObject::invokeMethod(dialog, "accept"); // a slot: what the Choose button does
        }
    });
    answer.start(20);
    choose->trigger();
    answer.stop();
    QCOMPARE(w->outputFolder(), f.path("second"));
    QVERIFY2(w->lastMessage().contains("2 done images went to another folder: Start makes them again here."),
             qPrintable(w->lastMessage()));
    QCOMPARE(q->index(0).data(QueueModel::StatusTextRole).toString(), QString("Folder changed"));
    QCOMPARE(q->index(1).data(QueueModel::StatusTextRole).toString(), QString("Folder changed"));
    QVERIFY2(q->index(0).data(Qt::ToolTipRole).toString().contains("Start makes it again there"),
             qPrintable(q->index(0).data(Qt::ToolTipRole).toString()));
    // The preset with a folder of its own still writes there: its image is done.
    QVERIFY(q->index(2).data(QueueModel::StatusTextRole).toString().startsWith("Done · "));
    // Not marked as finished: the badge is no green check.
    QCOMPARE(badgeColours(w, 0).first, 0);
    QVERIFY(badgeColours(w, 0).second > 100);
    QVERIFY(badgeColours(w, 2).first > 100);

    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.total, 2);
    QVERIFY(QFile::exists(f.path("second") + "/a.jpg") && QFile::exists(f.path("second") + "/b.jpg"));
    QVERIFY(QFile::exists(first + "/a.jpg")); // what was made before stays where it is
    QVERIFY(!QFile::exists(f.path("second") + "/c.jpg"));
    QVERIFY(q->index(0).data(QueueModel::StatusTextRole).toString().startsWith("Done · "));
    QVERIFY(!w->startBatch());

    // Back to the first folder: the results made there are still there as they were written, so
    // the images are done with them again (Start made them again there as "a (2).jpg"). One whose
    // result there was deleted meanwhile is made again.
    QVERIFY(QFile::remove(first + "/b.jpg"));
    w->setOutputFolder(first);
    QVERIFY(q->index(0).data(QueueModel::StatusTextRole).toString().startsWith("Done · "));
    QCOMPARE(q->itemAt(0).output, QFile::encodeName(first + "/a.jpg"));
    QCOMPARE(q->index(1).data(QueueModel::StatusTextRole).toString(), QString("Folder changed"));
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).total, 1);
    QCOMPARE(QDir(first).entryList(QDir::Files, QDir::Name), QStringList({"a.jpg", "b.jpg"}));
}

// The status bar counts one thing in the singular: it said "Now using 1 worker processes" and "1 image of
// the running batch stay until it ends" (now "leaves the queue when the batch ends").
// Photos whose output folder is their own folder, dropped again after a run: the run's outputs
// came in with them and were each made anew as photos ("p0 (2).jpg" of p0.jpg), every run more
// files. As --batch leaves out an output of another input, the window skips an output an earlier
// run wrote into this folder of an image in the queue, and writes nothing.
void TestBatch::outputsOfAnEarlierRunQueuedAgainAreSkipped()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    const QString photos = f.path("photos");
    test::makeImage(photos, "p0.png", 300, 200);
    test::makeImage(photos, "p1.png", 300, 200);
    w->setOutputFolder(photos);
    w->presetPanel()->setDefaultPreset("thumbnail");
    addAndWait(w, {photos});
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 2);
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 2);
    if (::getxattr(QFile::encodeName(photos + "/p0.jpg").constData(), "user.pixelpool.source", nullptr, 0) < 0)
        QSKIP("the folder keeps no extended attributes: outputs record no source here");
    const QStringList before = QDir(photos).entryList(QDir::Files, QDir::Name);
    QCOMPARE(before, QStringList({"p0.jpg", "p0.png", "p1.jpg", "p1.png"}));

    addAndWait(w, {photos}); // the folder again: its two outputs are new images of the queue
    QCOMPARE(q->rowCount(), 4);
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.total, 2);
    QCOMPARE(s.skipped, 2);
    QCOMPARE(s.earlierOutputs, 2);
    QCOMPARE(s.done + s.failed, 0);
    QCOMPARE(QDir(photos).entryList(QDir::Files, QDir::Name), before);
    // Not "(output existed)": they are not skipped for their outputs.
    QVERIFY2(w->batchBanner()->countsText().startsWith("0 done · 0 failed · 2 skipped (outputs of an earlier run)"),
             qPrintable(w->batchBanner()->countsText()));
    for (int row : {2, 3}) {
        QVERIFY(q->itemAt(row).name.endsWith(".jpg"));
        QCOMPARE(q->index(row).data(QueueModel::StatusTextRole).toString(),
                 QString("Skipped: an output an earlier run made of another image in the queue, into this folder"));
    }

    // Into another folder they are images as any other: made there.
    w->setOutputFolder(f.path("elsewhere"));
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 4);
    QCOMPARE(QDir(photos).entryList(QDir::Files, QDir::Name), before);
}

// The banner said the output folder wrapped over as many lines as it took: one of 1,900
// characters took 22, the window's least height became 860 on a 768-pixel screen, and the status
// bar and the Skipped pane could not be reached (window QA pass). One line, cut in the middle,
// the whole path in its tooltip.
void TestBatch::aLongOutputFolderTakesOneLineOfTheBanner()
{
    WindowFixture f(1);
    MainWindow *w = f.window.get();
    QString deep = f.path("out");
    while (deep.size() < 1900)
        deep += "/a-rather-long-folder-name-of-an-archive";
    QVERIFY(QDir().mkpath(deep));
    w->setOutputFolder(deep);
    w->presetPanel()->setDefaultPreset("thumbnail");
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 300, 200)});
    w->resize(1000, 700);
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 1);
    QCoreApplication::processEvents();
    QVERIFY2(w->minimumSizeHint().height() < 700, qPrintable(QString::number(w->minimumSizeHint().height())));
    auto *output = w->batchBanner()->findChild<ElidedLabel *>("summaryOutput");
    QVERIFY(output);
    QCOMPARE(output->fullText(), "output: " + deep);
    QVERIFY(output->isElided());
    QCOMPARE(output->toolTip(), output->fullText());
    QVERIFY2(output->height() < 2 * output->fontMetrics().height(), qPrintable(QString::number(output->height())));
    QCOMPARE(w->batchBanner()->countsText().section('\n', 1), "output: " + deep);
}

// A done image whose output was deleted since stayed done: Start said "Every image is done" while
// none of its files existed (window QA pass). Start makes it again, at its name; an output edited
// since (another size) is left as it is, not copied beside.
void TestBatch::startMakesADoneImageWhoseOutputIsGoneAgain()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    w->presetPanel()->setDefaultPreset("thumbnail");
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 300, 200), test::makeImage(f.path("in"), "b.jpg", 300, 200),
                   test::makeImage(f.path("in"), "c.jpg", 300, 200)});
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 3);
    const QString out = w->outputFolder();
    QVERIFY(QFile::remove(out + "/a.jpg"));
    QFile edited(out + "/b.jpg");
    QVERIFY(edited.open(QIODevice::Append));
    edited.write("more");
    edited.close();
    const qint64 editedSize = QFileInfo(out + "/b.jpg").size();
    QVERIFY(w->startBatch());
    const SessionSummary s = runToEnd(w);
    QCOMPARE(s.total, 1);
    QCOMPARE(s.done, 1);
    QCOMPARE(QDir(out).entryList(QDir::Files, QDir::Name), QStringList({"a.jpg", "b.jpg", "c.jpg"}));
    QCOMPARE(QFileInfo(out + "/b.jpg").size(), editedSize);
    QVERIFY(!w->startBatch());
    QVERIFY2(w->lastMessage().startsWith("Every image is done"), qPrintable(w->lastMessage()));
}

// The rename policy writes an output whose name is taken under a numbered one ("a (2).jpg"): a
// second run of done images said "6 done · 0 failed · 0 skipped (output existed)" and nothing of
// the six copies beside the first outputs, which only a card's tooltip named. The banner counts
// them as the engine planned them, also when another preset writes to the same names, and not a
// new image's output among them.
void TestBatch::outputsWrittenUnderANewNameAreCounted()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    w->presetPanel()->setDefaultPreset("thumbnail"); // rename, "{name}.{ext}"
    QStringList photos;
    for (const char *name : {"a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg"})
        photos << test::makeImage(f.path("in"), name, 300, 200);
    addAndWait(w, photos);
    BatchBanner *banner = w->batchBanner();
    QVERIFY(w->startBatch());
    SessionSummary s = runToEnd(w);
    QCOMPARE(s.done, 6);
    QCOMPARE(s.nameTaken, 0);
    QVERIFY2(banner->countsText().startsWith("6 done · 0 failed · 0 skipped (output existed)"),
             qPrintable(banner->countsText()));

    QAction *again = menuItem(w, "Process &done images again");
    QVERIFY(again);
    again->trigger();
    QVERIFY(w->startBatch());
    s = runToEnd(w);
    QCOMPARE(s.done, 6);
    QCOMPARE(s.nameTaken, 6);
    QVERIFY(QFile::exists(w->outputFolder() + "/a (2).jpg"));
    QVERIFY2(banner->countsText().startsWith("6 done (6 under a new name: the name was taken) · 0 failed · "),
             qPrintable(banner->countsText()));

    // Another preset to the same names, with a new image whose name is free.
    addAndWait(w, {test::makeImage(f.path("in"), "g.jpg", 300, 200)});
    w->presetPanel()->setDefaultPreset("grayscale");
    QVERIFY(w->startBatch());
    s = runToEnd(w);
    QCOMPARE(s.done, 7);
    QCOMPARE(s.nameTaken, 6);
    QVERIFY(QFile::exists(w->outputFolder() + "/a (3).jpg"));
    QVERIFY(QFile::exists(w->outputFolder() + "/g.jpg"));
    QVERIFY2(banner->countsText().startsWith("7 done (6 under a new name: the name was taken) · 0 failed · "),
             qPrintable(banner->countsText()));
}

// Queue ▸ Process done images again said nothing: with "add a number" (the built-in presets') the
// next Start wrote a copy of each output beside the first. The status bar says what Start does to
// the earlier outputs, as each image's preset says.
void TestBatch::processingDoneImagesAgainSaysWhatBecomesOfTheirOutputs()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    QCOMPARE(addUserPreset(f, "thumbnail",
                           [](Preset &p) {
                               p.name = "thumbnail, replace";
                               p.output.overwrite = OverwritePolicy::Overwrite;
                           }),
             QString());
    w->presetPanel()->setDefaultPreset("thumbnail");
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 300, 200), test::makeImage(f.path("in"), "b.jpg", 300, 200)});
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 2);
    QAction *again = menuItem(w, "Process &done images again");
    QVERIFY(again);
    again->trigger();
    QCOMPARE(w->lastMessage(), QString("2 done images wait again. Start keeps their earlier outputs and writes new "
                                       "ones beside them, with a number added (\"photo (2).jpg\")."));
    QCOMPARE(w->queueModel()->countInState(ItemState::Queued), 2);

    w->assignPresetTo({w->queueModel()->itemAt(0).uid}, "thumbnail, replace");
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 2);
    again->trigger();
    QCOMPARE(w->lastMessage(), QString("2 done images wait again. 1 of them: new outputs beside the earlier ones, "
                                       "with a number added. 1 of them: the earlier outputs are replaced."));
}

// A card whose result was let go (over the window's budget for results, with thousands done) shows
// the thumbnail of its output file, kept by path. The outputs deleted and the batch run again with
// another preset, the cards that had been on screen showed the picture first made there (QA at
// 8,000 images: "Done · 1200×900", blurred on disk, the unblurred first result on the card). An
// output written again is the cache's to forget, also while its old thumbnail is being made.
void TestBatch::anOutputWrittenAgainIsNotShownAsItWas()
{
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    w->presetPanel()->setDefaultPreset("grayscale");
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 300, 200)});
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 1);
    const QByteArray output = w->queueModel()->itemAt(0).output;
    QVERIFY(QFile::exists(QFile::decodeName(output)));
    ThumbnailCache *thumbnails = w->thumbnails();
    const auto colourOf = [&] {
        const QImage t = thumbnails->get(output);
        return t.isNull() ? -1 : qAbs(t.pixelColor(2, t.height() / 2).red() - t.pixelColor(2, t.height() / 2).blue());
    };
    QTRY_VERIFY_WITH_TIMEOUT(colourOf() >= 0, 20000);
    QVERIFY2(colourOf() <= 8, qPrintable(QString::number(colourOf()))); // grey
    QVERIFY(QFile::remove(QFile::decodeName(output)));
    w->presetPanel()->setDefaultPreset("classic"); // a blur, in colour, to the same name
    QVERIFY(w->startBatch());
    QCOMPARE(runToEnd(w).done, 1);
    QCOMPARE(w->queueModel()->itemAt(0).output, output);
    QTRY_VERIFY_WITH_TIMEOUT(colourOf() > 60, 20000);
}

void TestBatch::oneIsSaidInTheSingular()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    WindowFixture f(2);
    MainWindow *w = f.window.get();
    w->show();
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w));

    // Batch ▸ Workers…, 1.
    QAction *workers = menuItem(w, "&Workers…");
    QVERIFY(workers);
    QTimer answer;
    connect(&answer, &QTimer::timeout, this, [] {
        if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
            dialog->setIntValue(1);
            dialog->accept();
        }
    });
    answer.start(20);
    workers->trigger();
    answer.stop();
    QCOMPARE(w->lastMessage(), QString("Now using 1 worker process."));

    // The scan's count, while it runs.
    emit w->scanner()->progress(1);
    bool scanning = false;
    for (const QLabel *label : w->statusBar()->findChildren<QLabel *>())
        scanning |= label->text() == "Scanning… 1 image found";
    QVERIFY(scanning);

    // Removing images of a running batch: they stay. One image, then two.
    const QString gated = test::makeImage(f.path("in"), "b-pixelpool-test-gate.png", 300, 250, "PNG");
    addAndWait(w, {test::makeImage(f.path("in"), "a.jpg", 160, 120), gated,
                   test::makeImage(f.path("in"), "c.jpg", 160, 120), test::makeImage(f.path("in"), "d.jpg", 160, 120)});
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 4);
    QVERIFY(w->startBatch({q->itemAt(1).uid, q->itemAt(2).uid}));
    QueueView *view = w->queueView();
    w->activateWindow(); // again, after the dialog
    QVERIFY(QTest::qWaitForWindowActive(w));
    view->setFocus();
    view->selectionModel()->select(q->index(0), QItemSelectionModel::ClearAndSelect);
    view->selectionModel()->select(q->index(1), QItemSelectionModel::Select);
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(w->lastMessage(),
             QString("Removed 1 image from the queue; Ctrl+Z brings it back. 1 image of the running batch leaves "
                     "the queue when the batch ends."));
    view->selectAll();
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(w->lastMessage(),
             QString("Removed 1 image from the queue; Ctrl+Z brings it back. 2 images of the running batch leave "
                     "the queue when it ends."));
    // Only images of the batch: nothing was removed, and it does not say "Removed 0 images".
    view->selectAll();
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(w->lastMessage(), QString("2 images of the running batch leave the queue when it ends."));
    QCOMPARE(q->rowCount(), 2);
    QVERIFY(openGate(gated));
    QCOMPARE(runToEnd(w).done, 2);
    QCOMPARE(w->lastMessage(), QString("Batch finished. Removed 2 images of the batch from the queue, as asked while "
                                       "it ran."));
    QCOMPARE(q->rowCount(), 0);
}

// Reported: a ~12 px horizontal scroll bar in the queue after rows were removed mid-batch. Not
// reproduced (offscreen and under Xvfb, Fusion and Windows styles, scale 1 to 1.5, widths 950 to
// 1400); this keeps the case: a batch held at the gate, the other rows removed so the vertical scroll
// bar goes too, at a few usual widths.
void TestBatch::removingRowsMidBatchLeavesNoHorizontalScrollBar()
{
#ifndef PIXELPOOL_TEST_HOOKS
    QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
    for (int width : {1000, 1200, 1366}) {
        WindowFixture f(2);
        MainWindow *w = f.window.get();
        w->resize(width, 800);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QStringList inputs;
        for (int i = 0; i < 30; ++i)
            inputs << test::makeImage(f.path("in"), QString("a%1.jpg").arg(i, 2, 10, QChar('0')), 80, 60);
        const QString gated = test::makeImage(f.path("in"), "z-pixelpool-test-gate.png", 300, 250, "PNG");
        addAndWait(w, inputs << gated);
        QueueModel *q = w->queueModel();
        QueueView *view = w->queueView();
        // A row of cards and more, as many as the queue shows without scrolling (one column at 1000
        // px: the window may be narrower than its queue's two columns), the last one held at the gate.
        const QSize card = QueueDelegate::cardSize();
        const int columns = std::max(1, view->viewport()->width() / card.width());
        const int cards = std::min(columns + 1, columns * (view->viewport()->height() / card.height()));
        QList<quint64> batch;
        for (int row = q->rowCount() - cards; row < q->rowCount(); ++row)
            batch << q->itemAt(row).uid;
        QVERIFY(w->startBatch(batch));
        QTRY_VERIFY(view->verticalScrollBar()->isVisible());
        view->selectAll();
        for (QAction *a : w->actions())
            if (a->text() == "&Remove from queue")
                a->trigger();
        QCOMPARE(q->rowCount(), cards); // the batch's images stay
        for (int t = 0; t < 10; ++t) {
            QTest::qWait(20);
            QVERIFY2(!view->horizontalScrollBar()->isVisible(),
                     qPrintable(QString("at %1 px: range %2").arg(width).arg(view->horizontalScrollBar()->maximum())));
        }
        QVERIFY(!view->verticalScrollBar()->isVisible());
        QVERIFY(openGate(gated));
        QCOMPARE(runToEnd(w).done, cards);
    }
}

// The first run's output folder (~/Pictures/PixelPool) is made by the first batch: File ▸ Output
// folder… opened at whatever folder the program was started from, as Qt's dialog does for a folder
// that is not there. It opens at the nearest folder above it that is.
void TestBatch::theOutputFolderDialogOpensWhereTheFolderIsOrWouldBe()
{
    WindowFixture f(1);
    MainWindow *w = f.window.get();
    QVERIFY(QDir().mkpath(f.path("pictures")));
    QAction *choose = menuItem(w, "Ou&tput folder…");
    QVERIFY(choose);
    const auto openedAt = [&](const QString &outputFolder) {
        w->setOutputFolder(outputFolder);
        QString at;
        QTimer answer;
        connect(&answer, &QTimer::timeout, this, [&] {
            if (auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
                at = dialog->directory().absolutePath();
                dialog->reject();
            }
        });
        answer.start(20);
        choose->trigger();
        answer.stop();
        return at;
    };
    QCOMPARE(openedAt(f.path("pictures/PixelPool/2026")), f.path("pictures"));
    QCOMPARE(openedAt(f.path("pictures")), f.path("pictures"));
    QCOMPARE(w->outputFolder(), f.path("pictures")); // cancelled: unchanged
}

QTEST_MAIN(TestBatch)
#include "tst_gui_batch.moc"
