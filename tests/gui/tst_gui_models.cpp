// The front end's view models and helpers, without a window or workers.
#include "GuiTestUtil.h"

#include "BatchBanner.h"
#include "BatchSession.h"
#include "DropRouter.h"
#include "ElidedLabel.h"
#include "ParamWidgets.h"
#include "PresetEditor.h"
#include "PresetLibraryModel.h"
#include "ProgressPanel.h"
#include "QueueModel.h"
#include "RecordingRunner.h"
#include "ScanController.h"
#include "StatusLine.h"
#include "ThumbnailCache.h"
#include "WorkerPool.h"

#include <QTextDocumentFragment>
#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QMimeData>
#include <QSignalSpy>
#include <QSlider>
#include <QToolButton>
#include <sys/stat.h>
#include <unistd.h>
#include <QUrl>
#include <sys/stat.h>

using namespace pp;
using namespace pp::gui;

class TestModels : public QObject
{
    Q_OBJECT
private slots:
    void aRateIsReadAtAGlance();
    void queueAddsAndSkipsDuplicates();
    void aDeletedFilesInodeNumberIsNotTheNextFiles();
    void namesReadAsTheyAre();
    void queueAppliesEventsInCompletionOrder();
    void queueAssignsPresets();
    void presetsIntoOneFolderNeverShareANameInASession();
    void pausedCountsOnlyDoneImagesAsDone();
    void theRateAndTimeLeftAreOfTheWorkersImages();
    void countsAreGroupedAsTheLocaleGroupsThem();
    void theBarsCountKeepsOffTheEdgeOfTheFill();
    void aCutLineEndsAfterAWholeWord();
    void queueMemoryImages();
    void queueKeepsRecentResultsOnly();
    void queueCountsFollowEveryChange();
    void takenItemsComeBackAsTheyWere();
    void aResultMadeThisSessionIsDoneAgain();
    void aQueuedNameGivenByItselfIsNoLongerConfined();
    void aResultOfAnEditedSourceIsNotTakenBack();
    void presetModelCardsAndDrag();
    void describeStepUsesCatalog();
    void routeDropClassifies();
    void scanSkipsNonImagesWithReasons();
    void aFoldersImagesAreQueuedAsAFileManagerListsThem_data();
    void aFoldersImagesAreQueuedAsAFileManagerListsThem();
    void thumbnailsComeFromWorkers();
    void thumbnailsGoBeforeTheBatchsNextJob();
    void everyCardOnScreenGoesBeforeTheBatchsNextJob();
    void aThumbnailForgottenWhileMadeIsMadeAgain();
    void paramFormsComeFromCatalog();
    void editorAsksForTheLogoFile();
    void editorSavesABuiltInOnlyUnderAnotherName();
};

static ScannedFile scanned(const QByteArray &path, quint64 inode)
{
    ScannedFile f;
    f.item.path = path;
    f.bytes = 1000;
    f.item.device = 1;
    f.item.inode = inode;
    return f;
}

// A file of the test's folder, as a scan finds it: its path, device and inode.
static ScannedFile scannedFile(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    ScannedFile f = scanned(QFile::encodeName(path), quint64(st.st_ino));
    f.item.device = quint64(st.st_dev);
    return f;
}

static QString writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

void TestModels::queueAddsAndSkipsDuplicates()
{
    QTemporaryDir dir;
    const QString one = writeFile(dir.filePath("1.jpg"), "one"), two = writeFile(dir.filePath("2.jpg"), "two"),
                  three = writeFile(dir.filePath("3.jpg"), "three"), link = dir.filePath("link.jpg");
    QVERIFY(!one.isEmpty() && !two.isEmpty() && !three.isEmpty());
    QCOMPARE(::link(QFile::encodeName(one).constData(), QFile::encodeName(link).constData()), 0);
    QueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVector<SkippedInput> skipped;
    QCOMPARE(model.addFiles({scannedFile(one), scannedFile(two)}, &skipped), 2);
    // Same inode under another path (a hard link) and the same path again: both duplicates.
    QCOMPARE(model.addFiles({scannedFile(link), scannedFile(two), scannedFile(three)}, &skipped), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(skipped.size(), 2);
    QVERIFY(skipped[0].reason.english().contains("duplicate"));
    QCOMPARE(model.index(0).data(Qt::DisplayRole).toString(), QString("1.jpg"));
    QCOMPARE(model.index(0).data(QueueModel::StatusTextRole).toString(), QString("Queued"));
    // Removing frees the identity: the file can be added again.
    model.removeUids({model.itemAt(0).uid});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(model.itemAt(1).uid), 1);
    QCOMPARE(model.addFiles({scannedFile(one)}, &skipped), 1);
}

// A queued photo deleted on disk left its inode number to the next file made, and that new photo
// was left out as "was in the queue already" (the soak QA pass: 1 of 19 new copies); an undo of a
// cleared queue said 197 of 200 deleted images were "in the queue again" and left them out. Two
// names are the same file only while both lead to it.
void TestModels::aDeletedFilesInodeNumberIsNotTheNextFiles()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath("new"));
    QVERIFY(!writeFile(dir.filePath("new/new.jpg"), "a new photo").isEmpty());
    const ScannedFile now = scannedFile(dir.filePath("new/new.jpg"));
    QVERIFY(now.item.inode != 0);
    // Queued before it was deleted, with the inode number the new file has now.
    ScannedFile gone = scanned(QFile::encodeName(dir.filePath("old.jpg")), now.item.inode);
    gone.item.device = now.item.device;
    QueueModel model;
    QVector<SkippedInput> skipped;
    QVector<QByteArray> already;
    QCOMPARE(model.addFiles({gone}, &skipped), 1);
    QCOMPARE(model.addFiles({now}, &skipped, &already), 1);
    QVERIFY2(already.isEmpty(), already.join(' ').constData());
    QCOMPARE(model.rowCount(), 2);

    // Cleared (undoably) while its file was there, deleted, its number given to a new file: the
    // undo brings it back.
    QueueModel cleared;
    const QString kept = writeFile(dir.filePath("kept.jpg"), "kept");
    const ScannedFile keptScan = scannedFile(kept);
    QCOMPARE(cleared.addFiles({gone, keptScan}, &skipped), 2);
    const QVector<QueueModel::TakenItem> taken = cleared.takeUids(cleared.uids());
    QCOMPARE(cleared.rowCount(), 0);
    QCOMPARE(cleared.addFiles({now}, &skipped), 1);
    QVERIFY(cleared.canRestore(taken[0].item));
    QCOMPARE(cleared.restore(taken).size(), 2);
    QCOMPARE(cleared.rowCount(), 3);
    // A hard link of a queued file that is there is still the same file, and stays out.
    const QString link = dir.filePath("kept-link.jpg");
    QCOMPARE(::link(QFile::encodeName(kept).constData(), QFile::encodeName(link).constData()), 0);
    QCOMPARE(cleared.addFiles({scannedFile(link)}, &skipped), 0);
}

// A name holding a right-to-left override showed a false extension: "photo<U+202E>gnp.jpg" (a
// JPEG) read "photogpj.png"; one holding a newline was drawn as two lines cut to one's height
// (window QA pass). The window names such characters instead of obeying them.
void TestModels::namesReadAsTheyAre()
{
    QueueModel model;
    QVector<SkippedInput> skipped;
    QCOMPARE(model.addFiles({scanned("/a/photo\xE2\x80\xAEgnp.jpg", 1), scanned("/a/line1\nline2.jpg", 2),
                             scanned("/a/tab\tbell\x07\x7F.jpg", 3), scanned("/a/\xE2\x81\xA7isolate.jpg", 4),
                             scanned("/a/\xD8\xB5\xD9\x88\xD8\xB1\xD8\xA9.jpg", 5)},
                            &skipped),
             5);
    QCOMPARE(model.index(0).data(Qt::DisplayRole).toString(), QString("photo[U+202E]gnp.jpg"));
    QCOMPARE(model.index(1).data(Qt::DisplayRole).toString(), QString("line1\\nline2.jpg"));
    QCOMPARE(model.index(2).data(Qt::DisplayRole).toString(), QString("tab\\tbell\\x07\\x7F.jpg"));
    QCOMPARE(model.index(3).data(Qt::DisplayRole).toString(), QString("[U+2067]isolate.jpg"));
    // Right-to-left letters are letters: shown as they are.
    QCOMPARE(model.index(4).data(Qt::DisplayRole).toString(), QString::fromUtf8("\u0635\u0648\u0631\u0629.jpg"));
    QVERIFY(model.index(0).data(Qt::ToolTipRole).toString().startsWith("/a/photo[U+202E]gnp.jpg\n"));
    QVERIFY(model.index(1).data(Qt::ToolTipRole).toString().startsWith("/a/line1\\nline2.jpg\n"));
    // The item's path is the file's own.
    QCOMPARE(model.itemAt(0).input.path, QByteArray("/a/photo\xE2\x80\xAEgnp.jpg"));

    // A reason that quotes such a name reads as it is too: a worker's failure, a skip, a warning.
    const QList<quint64> uids = model.uids();
    BatchEvent failed;
    failed.kind = BatchEvent::Kind::Failed;
    failed.code = proto::FailureCode::CannotWrite;
    failed.reason = Message(MessageId::FailedCannotWrite,
                            {QString::fromUtf8("cannot write /out/photo\u202Egnp.jpg: no space left")});
    model.applyEvent(uids[0], failed);
    QCOMPARE(model.index(0).data(QueueModel::StatusTextRole).toString(),
             QString("Failed: cannot write /out/photo[U+202E]gnp.jpg: no space left"));
    BatchEvent skip;
    skip.kind = BatchEvent::Kind::Skipped;
    skip.reason = Message(MessageId::OutputNoFreeName, {"/out/line1\nline2.jpg", "999"});
    model.applyEvent(uids[1], skip);
    QVERIFY(model.index(1).data(QueueModel::StatusTextRole).toString().contains("/out/line1\\nline2.jpg"));
    BatchEvent done;
    done.kind = BatchEvent::Kind::Finished;
    done.output = "/out/tab.jpg";
    done.reason = Message::verbatim("kept /x/\x1B[31mred");
    model.applyEvent(uids[2], done);
    QVERIFY(model.index(2).data(Qt::ToolTipRole).toString().contains("Warning: kept /x/\\x1B[31mred"));
}

void TestModels::queueAppliesEventsInCompletionOrder()
{
    QueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addFiles({scanned("/a/1.jpg", 1), scanned("/a/2.jpg", 2), scanned("/a/3.jpg", 3)}, nullptr);
    const QList<quint64> uids = model.uids();
    QSignalSpy completed(&model, &QueueModel::itemCompleted);

    BatchEvent started;
    started.kind = BatchEvent::Kind::Started;
    started.worker = 1;
    model.applyEvent(uids[2], started);
    QCOMPARE(model.index(2).data(QueueModel::StatusTextRole).toString(), QString("Worker 2"));
    BatchEvent progress;
    progress.kind = BatchEvent::Kind::Progress;
    progress.step = 1;
    progress.steps = 4;
    model.applyEvent(uids[2], progress);
    QCOMPARE(model.index(2).data(QueueModel::ProgressRole).toDouble(), 0.25);

    BatchEvent done;
    done.kind = BatchEvent::Kind::Finished;
    done.width = 120;
    done.height = 80;
    done.output = "/out/3.jpg";
    done.preview = Preview::allocate(12, 8);
    model.applyEvent(uids[2], done);
    BatchEvent failed;
    failed.kind = BatchEvent::Kind::Failed;
    failed.reason = failureMessage(proto::FailureCode::Corrupt, "Corrupt JPEG data");
    model.applyEvent(uids[0], failed);

    QCOMPARE(completed.size(), 2);
    QCOMPARE(model.completionOrder(), (QList<quint64>{uids[2], uids[0]}));
    QCOMPARE(ItemState(model.index(2).data(QueueModel::StateRole).toInt()), ItemState::Done);
    QCOMPARE(model.index(2).data(QueueModel::StatusTextRole).toString(), QString("Done · 120×80"));
    // The result is the preview's own pixels, as painting wants them: no copy, no conversion on
    // the window's thread, and they live as long as the model keeps them.
    const QImage result = model.index(2).data(QueueModel::ResultRole).value<QImage>();
    QCOMPARE(result.size(), QSize(12, 8));
    QCOMPARE(result.format(), QImage::Format_ARGB32_Premultiplied);
    QCOMPARE(result.constBits(), done.preview.bits());
    std::memset(done.preview.bits(), 0x5a, size_t(done.preview.bytesPerLine()) * 8);
    done.preview = Preview();
    QCOMPARE(model.index(2).data(QueueModel::ResultRole).value<QImage>().pixel(11, 7), 0x5a5a5a5au);
    QCOMPARE(model.index(0).data(QueueModel::StatusTextRole).toString(), QString("Failed: Corrupt JPEG data"));
    QCOMPARE(model.countInState(ItemState::Queued), 1);

    model.resetForRun(uids);
    QCOMPARE(model.countInState(ItemState::Queued), 3);
    QVERIFY(model.completionOrder().isEmpty());
    QVERIFY(model.index(2).data(QueueModel::ResultRole).value<QImage>().isNull());
}

void TestModels::queueAssignsPresets()
{
    QueueModel model;
    model.addFiles({scanned("/a/1.jpg", 1), scanned("/a/2.jpg", 2), scanned("/a/3.jpg", 3)}, nullptr);
    const QList<quint64> uids = model.uids();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.assignPreset({uids[1]}, "grayscale");
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.item(uids[1])->preset, QString("grayscale"));
    QVERIFY(model.item(uids[0])->preset.isEmpty());
    model.assignPreset({}, "web"); // the whole queue
    for (quint64 uid : uids)
        QCOMPARE(model.item(uid)->preset, QString("web"));
    model.forgetPreset("WEB");
    for (quint64 uid : uids)
        QVERIFY(model.item(uid)->preset.isEmpty());
}

// Two presets of one session (a batch each) write into one folder, with the overwrite policy:
// two photos named a.jpg in two folders, one per preset, get a.jpg and "a (2).jpg". Each batch
// planned a.jpg before, and the second output to finish replaced the first.
void TestModels::presetsIntoOneFolderNeverShareANameInASession()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath("in1") && QDir(dir.path()).mkpath("in2") && QDir(dir.path()).mkpath("out"));
    QVector<ScannedFile> files;
    for (const char *folder : {"in1", "in2"}) {
        QFile f(dir.filePath(QStringLiteral("%1/a.jpg").arg(folder)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("photo");
        f.close();
        struct stat st;
        QVERIFY(::stat(QFile::encodeName(f.fileName()).constData(), &st) == 0);
        files.append(scanned(QFile::encodeName(f.fileName()), quint64(st.st_ino)));
        files.back().item.device = quint64(st.st_dev);
    }
    QueueModel model;
    model.addFiles(files, nullptr);
    const QList<quint64> uids = model.uids();
    model.assignPreset({uids[1]}, "second");
    const auto lookup = [](const QString &name) -> std::optional<Preset> {
        Preset p;
        p.name = name;
        p.output.nameTemplate = QStringLiteral("{name}.{ext}");
        p.output.overwrite = OverwritePolicy::Overwrite;
        return p;
    };
    pp::testing::RecordingRunner runner;
    BatchSession session(&runner, &model, lookup);
    QString error;
    QVERIFY2(session.start(uids, "first", dir.filePath("out"), &error), qPrintable(error));
    QTRY_COMPARE(runner.submitted.size(), 2);
    QStringList names;
    for (const JobSpec &job : runner.submitted)
        names << QFileInfo(QFile::decodeName(job.outputPattern)).fileName();
    names.sort();
    QCOMPARE(names, QStringList({"a (2).jpg", "a.jpg"}));
    // ...and names filled at commit ({width}…) are looked for among both presets' outputs (where
    // the folder keeps extended attributes; elsewhere they are numbered when planned).
    if (keepsOrigins(QFile::encodeName(dir.filePath("out")), true)) {
        QVERIFY(runner.submitted[0].taken);
        QCOMPARE(runner.submitted[0].taken, runner.submitted[1].taken);
    }
    session.cancel();

    // An output folder that cannot be used is named before anything runs, as --batch does, and
    // no image is sent to fail one by one; the queue keeps its states.
    QFile blocker(dir.filePath("file"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    pp::testing::RecordingRunner none;
    BatchSession blocked(&none, &model, lookup);
    QVERIFY(!blocked.start(uids, "first", dir.filePath("file/out"), &error));
    QVERIFY2(error.contains(dir.filePath("file")) && error.contains("is not a folder"), qPrintable(error));
    QVERIFY(!blocked.isRunning());
    QTest::qWait(50);
    QVERIFY(none.submitted.isEmpty());
}

// The line beside the bar while paused: a failed image is not one of the done ones.
void TestModels::pausedCountsOnlyDoneImagesAsDone()
{
    QTemporaryDir dir;
    QVector<ScannedFile> files;
    for (int i = 0; i < 3; ++i)
        files.append(scanned(QFile::encodeName(dir.filePath(QStringLiteral("%1.jpg").arg(i))), quint64(i + 1)));
    QueueModel model;
    model.addFiles(files, nullptr);
    const auto lookup = [](const QString &name) -> std::optional<Preset> {
        Preset p;
        p.name = name;
        return p;
    };
    pp::testing::RecordingRunner runner;
    BatchSession session(&runner, &model, lookup);
    QString error;
    QVERIFY2(session.start(model.uids(), "web", dir.filePath("out"), &error), qPrintable(error));
    QTRY_COMPARE(runner.submitted.size(), 3);
    proto::Failed damaged;
    damaged.jobId = runner.submitted[0].id;
    damaged.code = proto::FailureCode::Corrupt;
    damaged.message = QStringLiteral("damaged");
    emit runner.jobFailed(damaged.jobId, damaged, 1);
    session.setPaused(true);
    QAction start, pause, cancel;
    ProgressPanel panel(&start, &pause, &cancel);
    panel.showSession(&session);
    QCOMPARE(panel.statsText(), QString("Paused · 0 done · 1 failed"));
    session.cancel();
}

// The rate and the time left beside the bar are of the images a worker took, as the banner's and
// the terminal's summaries count them. A rerun that skipped 20 images whose outputs exist in its
// first moment read some hundred images/s and a time left of nothing, two images still to make;
// and paused, "21 done" of 1 made.
// A rerun: `count` queued images, the first `done` of which have their outputs already (the skip
// policy), started; what is left goes to a recording runner.
struct Rerun {
    QTemporaryDir dir;
    QueueModel model;
    pp::testing::RecordingRunner runner;
    std::unique_ptr<BatchSession> session;

    bool start(int count, int done, QString *error)
    {
        QVector<ScannedFile> files;
        for (int i = 0; i < count; ++i) {
            const QString name = QStringLiteral("%1.jpg").arg(i, 4, 10, QChar('0'));
            files.append(scanned(QFile::encodeName(dir.filePath(name)), quint64(i + 1)));
            if (i < done)
                test::writeFile(dir.filePath("out/" + name), "made by the last Start");
        }
        model.addFiles(files, nullptr);
        const auto lookup = [](const QString &name) -> std::optional<Preset> {
            Preset p;
            p.name = name;
            p.output.nameTemplate = QStringLiteral("{name}.jpg");
            p.output.overwrite = OverwritePolicy::Skip;
            return p;
        };
        session = std::make_unique<BatchSession>(&runner, &model, lookup);
        return session->start(model.uids(), "web", dir.filePath("out"), error);
    }
};

void TestModels::theRateAndTimeLeftAreOfTheWorkersImages()
{
    Rerun rerun;
    QString error;
    QVERIFY2(rerun.start(22, 20, &error), qPrintable(error));
    pp::testing::RecordingRunner &runner = rerun.runner;
    QueueModel &model = rerun.model;
    BatchSession &session = *rerun.session;
    QTRY_COMPARE(runner.submitted.size(), 2);
    QCOMPARE(model.countInState(ItemState::Skipped), 20);
    QCOMPARE(session.completed(), 20);
    QTRY_VERIFY(session.elapsedSeconds() > 0.2); // a rate of the skipped would be one by now
    QAction start, pause, cancel;
    // Nothing made yet: no rate, no estimate; the skipped are counted apart. The line said
    // "0.0 images/s" as if the workers made nothing; it says no rate until there is one.
    QCOMPARE(session.imagesPerSecond(), 0.0);
    QCOMPARE(session.etaSeconds(), -1.0);
    {
        ProgressPanel panel(&start, &pause, &cancel);
        panel.showSession(&session);
        QVERIFY2(QRegularExpression(QStringLiteral("^estimating the time left · 20 skipped · elapsed 0:0\\d$"))
                     .match(panel.statsText())
                     .hasMatch(),
                 qPrintable(panel.statsText()));
    }

    // A worker made one: the rate is of that one, and the time left is of the one not done yet at
    // that rate, about the time since Start.
    proto::Finished made;
    made.jobId = runner.submitted[0].id;
    made.outputPath = runner.submitted[0].outputPattern;
    emit runner.jobStarted(made.jobId, 0, 4242);
    emit runner.jobFinished(made.jobId, made, Preview());
    QCOMPARE(model.countInState(ItemState::Done), 1);
    QCOMPARE(session.completed(), 21);
    const double before = session.elapsedSeconds();
    const double rate = session.imagesPerSecond();
    const double eta = session.etaSeconds();
    const double after = session.elapsedSeconds();
    QVERIFY2(1 / after <= rate && rate <= 1 / before,
             qPrintable(QString("%1 images/s after %2 s").arg(rate).arg(before)));
    QVERIFY2(before <= eta && eta <= after, qPrintable(QString("%1 s left after %2 s").arg(eta).arg(before)));
    {
        // The time left first, and where the line is short it stays: the last parts give way whole.
        // "3.0 im…" was all a 1088-pixel window showed of it, "… · 0:10 left · elapsed …" one of 1400.
        start.setText("&Start");
        pause.setText("&Pause");
        cancel.setText("&Cancel");
        QWidget window; // the strip inside a window, as the main window has it
        window.resize(1000, 100);
        ProgressPanel panel(&start, &pause, &cancel, &window);
        panel.showSession(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(
            QRegularExpression(QStringLiteral("^0:0\\d left · \\d+(\\.\\d)? images/s · 20 skipped · elapsed 0:0\\d$"))
                .match(panel.statsText())
                .hasMatch(),
            qPrintable(panel.statsText()));
        auto *line = panel.findChild<StatusLine *>("progressStats");
        for (int width : {900, 520, panel.minimumSizeHint().width()}) {
            QVERIFY(panel.minimumSizeHint().width() <= width);
            panel.setGeometry(0, 0, width, panel.sizeHint().height());
            QCoreApplication::processEvents();
            const QString shown = line->shownText();
            QVERIFY2(QRegularExpression(QStringLiteral("^0:0\\d left( ·|$)")).match(shown).hasMatch(),
                     qPrintable(QString("%1 px: %2").arg(width).arg(shown)));
            QVERIFY2(shown == panel.statsText() || shown.endsWith(QChar(0x2026)),
                     qPrintable(QString("%1 px: %2").arg(width).arg(shown)));
            QVERIFY(line->isElided() ? line->toolTip() == panel.statsText() : line->toolTip().isEmpty());
        }
        // Narrow, Pause and Cancel show their icons only: the line keeps its room.
        QVERIFY(panel.isCompact());
        QVERIFY(panel.findChild<QToolButton *>("cancelButton")->toolButtonStyle() == Qt::ToolButtonIconOnly);
        QVERIFY(!panel.findChild<QToolButton *>("cancelButton")->text().isEmpty()); // its name for a screen reader
    }

    session.setPaused(true);
    {
        ProgressPanel panel(&start, &pause, &cancel);
        panel.showSession(&session);
        QCOMPARE(panel.statsText(), QString("Paused · 1 done · 20 skipped"));
    }
    session.cancel();
}

// After a cancel the bar read "10 of 79 · 69 cancelled" with the "1" right against the end of the
// blue fill: the count is centred, and the fill happened to end where it began. At every value the
// text now stands a few pixels off the fill's edge (past it, or inside it). And a bar with room
// beside its text showed "82 of 240" with the 8 half on the blue, half beside it: where the text
// fits on either side of the fill's edge, it is never across it.
void TestModels::theBarsCountKeepsOffTheEdgeOfTheFill()
{
    QAction start, pause, cancel;
    ProgressPanel panel(&start, &pause, &cancel);
    auto *bar = panel.findChild<QProgressBar *>("batchProgress");
    QVERIFY(bar);
    bar->setParent(nullptr); // on its own
    const auto deleteBar = qScopeGuard([bar] { delete bar; });
    // Each value's fill (the highlight's blue along a row above the text) and the text's box.
    const auto measure = [bar](int value, int *fill, QRectF *box) {
        bar->setValue(value);
        const QImage shot = bar->grab().toImage();
        *fill = -1;
        for (int x = 0; x < shot.width(); ++x) {
            const QRgb c = shot.pixel(x, 3);
            if (qBlue(c) > qRed(c) + 60)
                *fill = x + 1;
        }
        const QList<test::PaintedText> texts = test::paintedTexts(
            bar, [bar](QPaintDevice *device) { bar->render(device, QPoint(), QRegion(), QWidget::RenderFlags()); });
        if (*fill < 0 || texts.isEmpty())
            return false;
        *box = texts.first().box;
        return true;
    };
    QStringList problems;
    int checked = 0;
    // As wide as the strip makes it for its text: no room beside the text in the middle.
    bar->setRange(0, 79);
    bar->setFormat("10 of 79 · 69 cancelled");
    bar->resize(bar->fontMetrics().horizontalAdvance(bar->format()) + 3 * bar->fontMetrics().height(), 24);
    bar->show();
    for (int value = 1; value < 79; ++value) {
        int fill = -1;
        QRectF box;
        if (!measure(value, &fill, &box)) {
            problems << QString("at %1: fill %2, no text").arg(value).arg(fill);
            continue;
        }
        if (box.left() < 0 || box.right() > bar->width())
            problems << QString("at %1: the text at %2 outside the bar").arg(value).arg(QDebug::toString(box));
        for (const qreal edge : {box.left(), box.right()})
            if (std::abs(edge - fill) < 3)
                problems << QString("at %1: the text's edge at %2, the fill's at %3").arg(value).arg(edge).arg(fill);
        ++checked;
    }
    QCOMPARE(checked, 78);
    // As wide as a window gives it: the text whole past the fill or whole inside it.
    bar->setRange(0, 240);
    bar->setFormat("%v of 240");
    bar->resize(280, 24);
    for (int value = 1; value < 240; ++value) {
        int fill = -1;
        QRectF box;
        if (!measure(value, &fill, &box)) {
            problems << QString("at %1 of 240: fill %2, no text").arg(value).arg(fill);
            continue;
        }
        if (box.left() < 0 || box.right() > bar->width())
            problems << QString("at %1 of 240: the text at %2 outside the bar").arg(value).arg(QDebug::toString(box));
        if (fill > box.left() - 3 && fill < box.right() + 3)
            problems << QString("at %1 of 240: the fill's edge at %2 across the text at %3")
                            .arg(value)
                            .arg(fill)
                            .arg(QDebug::toString(box));
        ++checked;
    }
    QCOMPARE(checked, 78 + 239);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

// The banner said "Batch finished: 10,000 images", the bar beside it "10000 of 10000" and the
// banner's counts "10000 done": every count in the window is grouped as the locale groups numbers.
void TestModels::countsAreGroupedAsTheLocaleGroupsThem()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const auto restore = qScopeGuard([&] { QLocale::setDefault(before); });
    Rerun rerun;
    QString error;
    QVERIFY2(rerun.start(1002, 1000, &error), qPrintable(error));
    BatchSession &session = *rerun.session;
    QTRY_COMPARE(rerun.runner.submitted.size(), 2);
    QCOMPARE(session.completed(), 1000);
    QAction start, pause, cancel;
    ProgressPanel panel(&start, &pause, &cancel);
    panel.showSession(&session);
    QProgressBar *bar = panel.findChild<QProgressBar *>();
    QVERIFY(bar);
    QCOMPARE(bar->text(), QString("1,000 of 1,002"));
    session.setPaused(true);
    ProgressPanel paused(&start, &pause, &cancel); // a fresh strip: no redraw interval to wait for
    paused.showSession(&session);
    QCOMPARE(paused.statsText(), QString("Paused · 0 done · 1,000 skipped"));
    session.cancel();

    BatchBanner banner;
    SessionSummary s;
    s.total = s.done = s.worked = 10000;
    s.seconds = 100;
    s.workers = 2;
    banner.showSummary(s, 1500);
    QCOMPARE(banner.headline(), QString("Batch finished: 10,000 images in 1:40"));
    QVERIFY2(banner.countsText().startsWith("10,000 done · 0 failed · 0 skipped (output existed) · 1,500 left out when "
                                            "adding · 100\u00a0images/s with 2\u00a0workers"),
             qPrintable(banner.countsText()));
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    banner.showSummary(s, 0);
    QVERIFY2(banner.countsText().startsWith("10.000 done"), qPrintable(banner.countsText()));
}

// At the window's narrowest the line beside the bar read "5 images w…": a word cut in two. A line
// too long ends in "…" after its last whole word, as the banner's headline does.
void TestModels::aCutLineEndsAfterAWholeWord()
{
    StatusLine line;
    line.show(); // resized while shown, as in the window
    const QString text("5 images waiting");
    line.setFullText(text);
    const QFontMetrics fm(line.font());
    line.resize(fm.horizontalAdvance("5 images wai") + fm.horizontalAdvance(QChar(0x2026)) + 1, 30);
    QCOMPARE(line.shownText(), QString("5 images") + QChar(0x2026));
    QCOMPARE(line.toolTip(), text);
    line.resize(fm.horizontalAdvance(text) + 2, 30);
    QCOMPARE(line.shownText(), text);
    // Not even the first word: cut inside it, as before, rather than nothing.
    line.setFullText("Processing");
    line.resize(fm.horizontalAdvance("Proc") + fm.horizontalAdvance(QChar(0x2026)) + 1, 30);
    QVERIFY2(line.shownText().startsWith("Proc") && line.shownText().endsWith(QChar(0x2026)),
             qPrintable(line.shownText()));

    ElidedLabel label;
    label.show();
    label.setFullText("Batch finished: 10,000 images in 1:40");
    label.resize(fm.horizontalAdvance("Batch finished: 10,000 ima") + fm.horizontalAdvance(QChar(0x2026)) + 1, 30);
    QCOMPARE(label.text(), QString("Batch finished: 10,000") + QChar(0x2026));
    // A cut after "finished:" keeps no colon before the "…".
    label.resize(fm.horizontalAdvance("Batch finished: 1") + fm.horizontalAdvance(QChar(0x2026)) + 1, 30);
    QCOMPARE(label.text(), QString("Batch finished") + QChar(0x2026));
}

void TestModels::queueMemoryImages()
{
    QueueModel model;
    const quint64 uid = model.addMemoryImage("\x89PNG\r\n\x1A\nfake", "from-browser.png");
    QVERIFY(uid != 0);
    QCOMPARE(model.addMemoryImage("\x89PNG\r\n\x1A\nfake", "again.png"), quint64(0)); // same bytes
    QVERIFY(model.item(uid)->isMemory());
    // No made-up path: the name to name the output after, and the bytes themselves.
    QCOMPARE(model.item(uid)->input.path, QByteArray("from-browser.png"));
    QCOMPARE(model.item(uid)->input.data, QByteArray("\x89PNG\r\n\x1A\nfake"));
    QVERIFY(!model.item(uid)->input.hasFile());
}

// The counts are kept as states change, not counted when asked: after each kind of change they
// must equal a count of the items.
void TestModels::queueCountsFollowEveryChange()
{
    QueueModel model;
    auto check = [&model](const char *after) {
        for (ItemState s : {ItemState::Queued, ItemState::Processing, ItemState::Done, ItemState::Failed,
                            ItemState::Skipped, ItemState::Cancelled})
            QVERIFY2(model.countInState(s) == model.uidsInState(s).size(),
                     qPrintable(QString("%1 after %2: %3 kept, %4 counted")
                                    .arg(stateName(s), after)
                                    .arg(model.countInState(s))
                                    .arg(model.uidsInState(s).size())));
    };
    QVector<ScannedFile> files;
    for (int i = 0; i < 100; ++i)
        files << scanned("/c/" + QByteArray::number(i) + ".jpg", quint64(100 + i));
    files[3].item.problem = Message::verbatim("a broken link"); // added as failed
    QCOMPARE(model.addFiles(files, nullptr), 100);
    model.addMemoryImage("\x89PNG\r\n\x1a\n-bytes", "pasted.png");
    check("adding");
    QCOMPARE(model.countInState(ItemState::Failed), 1);
    const QList<quint64> uids = model.uids();
    BatchEvent e;
    e.kind = BatchEvent::Kind::Started;
    model.applyEvent(uids[0], e);
    model.applyEvent(uids[1], e);
    model.applyEvent(uids[2], e);
    e.kind = BatchEvent::Kind::Finished;
    model.applyEvent(uids[0], e);
    model.applyEvent(uids[0], e); // a repeated event moves nothing twice
    e.kind = BatchEvent::Kind::Skipped;
    model.applyEvent(uids[1], e);
    e.kind = BatchEvent::Kind::Failed;
    model.applyEvent(uids[4], e);
    model.markCancelled(uids[5], "cancelled");
    check("events");
    QCOMPARE(model.countInState(ItemState::Processing), 1);
    model.resetForRun(uids.mid(0, 2));
    check("a new run");
    model.removeUids({uids[2], uids[4]}); // one by one
    check("removing two");
    model.removeUids(uids.mid(10, 70)); // a reset of the views
    check("removing many");
    QCOMPARE(model.rowCount(), 29);
    model.clear();
    check("clearing");
    QCOMPARE(model.countInState(ItemState::Queued), 0);
}

// Remove from queue and Clear queue take items out for a step that can put them back: Ctrl+Z puts
// each back at its row with its preset, state, output and the results it made, and the undo steps
// before keep them meanwhile (no itemsRemoved). One whose file (or bytes) was queued again since
// stays out, for good (itemsRemoved, so the preset steps forget it); the new entry stays as it is.
void TestModels::takenItemsComeBackAsTheyWere()
{
    QueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath("t") && QDir(dir.path()).mkpath("elsewhere"));
    const auto t = [&dir](int i) { return dir.filePath(QString("t/%1.jpg").arg(i)); };
    QVector<ScannedFile> files;
    for (int i = 0; i < 6; ++i) {
        QVERIFY(!writeFile(t(i), QByteArray::number(i)).isEmpty());
        files << scannedFile(t(i));
    }
    // 0.jpg under another name (a hard link).
    const QString elsewhere = dir.filePath("elsewhere/0.jpg");
    QCOMPARE(::link(QFile::encodeName(t(0)).constData(), QFile::encodeName(elsewhere).constData()), 0);
    model.addFiles(files, nullptr);
    const quint64 pasted = model.addMemoryImage("\x89PNG\r\n\x1a\n-taken", "pasted.png");
    const QList<quint64> uids = model.uids();
    model.assignPreset({uids[1]}, "thumbnail");
    BatchEvent done;
    done.kind = BatchEvent::Kind::Finished;
    done.output = "/out/1.jpg";
    done.width = 256;
    done.height = 171;
    done.preview = Preview::allocate(16, 16);
    model.setRanWith({uids[1]}, "key-thumbnail", "/out");
    model.applyEvent(uids[1], done);
    BatchEvent failed;
    failed.kind = BatchEvent::Kind::Failed;
    failed.reason = Message::verbatim("cannot read it");
    model.applyEvent(uids[3], failed);
    QVERIFY(!model.item(uids[1])->result.isNull());
    QSignalSpy removed(&model, &QueueModel::itemsRemoved);

    // Rows 1, 3 and the pasted image (6) out: the others close up.
    const QVector<QueueModel::TakenItem> taken = model.takeUids({uids[3], pasted, uids[1]});
    QCOMPARE(taken.size(), 3);
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(!model.item(uids[1]) && !model.item(pasted));
    QCOMPARE(removed.size(), 0); // the step that took them can put them back
    QCOMPARE(model.countInState(ItemState::Done), 0);
    QCOMPARE(model.countInState(ItemState::Failed), 0);

    // Back where they were, as they were (the result thumbnail aside: the output file's is shown).
    QCOMPARE(model.restore(taken), QList<quint64>({uids[1], uids[3], pasted}));
    QCOMPARE(model.uids(), uids);
    const QueueItem *one = model.item(uids[1]);
    QCOMPARE(one->preset, QString("thumbnail"));
    QCOMPARE(one->state, ItemState::Done);
    QCOMPARE(one->output, QByteArray("/out/1.jpg"));
    QCOMPARE(one->outputSize, QSize(256, 171));
    QCOMPARE(one->ranWith, QByteArray("key-thumbnail"));
    QVERIFY(one->result.isNull());
    QCOMPARE(model.item(uids[3])->state, ItemState::Failed);
    QCOMPARE(model.item(uids[3])->reason, QString("cannot read it"));
    QCOMPARE(model.countInState(ItemState::Done), 1);
    QCOMPARE(model.countInState(ItemState::Failed), 1);
    QCOMPARE(model.countInState(ItemState::Queued), 5);
    QCOMPARE(removed.size(), 0);
    // Their identities are back: the same file or bytes are duplicates again.
    QCOMPARE(model.addFiles({scannedFile(t(3))}, nullptr), 0);
    QCOMPARE(model.addMemoryImage("\x89PNG\r\n\x1a\n-taken", "again.png"), quint64(0));

    // Everything out, then files 0 and 2 queued again (new entries), and the pasted bytes.
    const QVector<QueueModel::TakenItem> all = model.takeUids(model.uids());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.addFiles({scannedFile(t(2)), scannedFile(elsewhere)}, nullptr), 2);
    const quint64 pastedAgain = model.addMemoryImage("\x89PNG\r\n\x1a\n-taken", "again.png");
    QVERIFY(pastedAgain != 0);
    int restorable = 0;
    for (const QueueModel::TakenItem &t : all)
        restorable += model.canRestore(t.item);
    QCOMPARE(restorable, 4);
    const QList<quint64> back = model.restore(all);
    QCOMPARE(back, QList<quint64>({uids[1], uids[3], uids[4], uids[5]}));
    QCOMPARE(removed.size(), 1); // 0, 2 and the pasted image are gone for good
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.item(uids[1])->state, ItemState::Done);

    // Many at once: one reset of the views, the order kept.
    QVector<ScannedFile> many;
    for (int i = 0; i < 200; ++i)
        many << scanned("/m/" + QByteArray::number(i) + ".jpg", quint64(1000 + i));
    model.addFiles(many, nullptr);
    const QList<quint64> order = model.uids();
    QList<quint64> odd;
    for (int row = 1; row < order.size(); row += 2)
        odd << order[row];
    const QVector<QueueModel::TakenItem> half = model.takeUids(odd);
    QCOMPARE(model.rowCount(), order.size() - odd.size());
    QCOMPARE(model.restore(half).size(), odd.size());
    QCOMPARE(model.uids(), order);
    QCOMPARE(model.countInState(ItemState::Queued), order.size() - 2);
}

// What a run of this session wrote stays with the item: given back the preset settings and folder
// it was made with (an undo of a preset change after the batch, the default changed back), a done,
// failed or cancelled item is done with that result again, while its files are still there as they
// were written; Start would have written byte-identical copies as "name (2).jpg".
void TestModels::aResultMadeThisSessionIsDoneAgain()
{
    QTemporaryDir tmp;
    const QString out = tmp.path();
    QueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // As the window's test does: each preset's settings as a key; done items made with another are outdated.
    QHash<QString, QByteArray> keys{{"web", "k-web"}, {"thumbnail", "k-thumb"}};
    QString defaultPreset = "web";
    model.setOutdatedTest([&](const QueueItem &it) {
        const QByteArray key = keys.value(it.preset.isEmpty() ? defaultPreset : it.preset);
        if (it.ranWith.isEmpty() || key.isEmpty())
            return Outdated::No;
        return key != it.ranWith ? Outdated::Preset : it.ranInto != out ? Outdated::Folder : Outdated::No;
    });
    model.addFiles({scanned("/r/a.jpg", 1), scanned("/r/b.jpg", 2)}, nullptr);
    const quint64 a = model.itemAt(0).uid, b = model.itemAt(1).uid;
    const auto run = [&](quint64 uid, const QByteArray &key, const QString &file, const QByteArray &bytes) {
        model.resetForRun({uid});
        model.setRanWith({uid}, key, out);
        BatchEvent e;
        e.kind = BatchEvent::Kind::Finished;
        e.output = QFile::encodeName(test::writeFile(out + "/" + file, bytes));
        e.bytes = bytes.size();
        e.width = bytes.size();
        e.height = 10;
        model.applyEvent(uid, e);
    };
    run(a, "k-web", "a.jpg", "web bytes");
    run(b, "k-web", "b.jpg", "web bytes of b");
    model.assignPreset({a, b}, "thumbnail");
    QCOMPARE(model.outdated(*model.item(a)), Outdated::Preset);
    run(a, "k-thumb", "a (2).jpg", "thumb");
    // b's thumbnail run failed; then a's preset goes back: a is done with its web output again.
    BatchEvent failed;
    failed.kind = BatchEvent::Kind::Failed;
    failed.reason = Message::verbatim("it failed");
    model.resetForRun({b});
    model.setRanWith({b}, "k-thumb", out);
    model.applyEvent(b, failed);
    QSignalSpy counts(&model, &QueueModel::countsChanged);
    model.assignPreset({a, b}, QString());
    for (quint64 uid : {a, b}) {
        const QueueItem *it = model.item(uid);
        QCOMPARE(it->state, ItemState::Done);
        QCOMPARE(model.outdated(*it), Outdated::No);
        QCOMPARE(it->ranWith, QByteArray("k-web"));
    }
    QCOMPARE(model.item(a)->output, QFile::encodeName(out + "/a.jpg"));
    QCOMPARE(model.item(a)->outputSize, QSize(9, 10));
    QCOMPARE(model.item(b)->output, QFile::encodeName(out + "/b.jpg"));
    QCOMPARE(model.item(b)->reason, QString()); // the failure was the thumbnail's
    QCOMPARE(model.countInState(ItemState::Done), 2);
    QCOMPARE(model.countInState(ItemState::Failed), 0);
    QVERIFY(counts.size() >= 1);
    // And forth: a's thumbnail is there; b has none, so it is to be made.
    model.assignPreset({a, b}, "thumbnail");
    QCOMPARE(model.item(a)->output, QFile::encodeName(out + "/a (2).jpg"));
    QCOMPARE(model.outdated(*model.item(a)), Outdated::No);
    QCOMPARE(model.outdated(*model.item(b)), Outdated::Preset);

    // The default changed to the preset it was made with, and back.
    model.assignPreset({a}, QString());
    QCOMPARE(model.item(a)->output, QFile::encodeName(out + "/a.jpg"));
    defaultPreset = "thumbnail";
    model.presetsChanged();
    QCOMPARE(model.item(a)->output, QFile::encodeName(out + "/a (2).jpg"));
    QCOMPARE(model.outdated(*model.item(a)), Outdated::No);
    defaultPreset = "web";
    model.presetsChanged();
    QCOMPARE(model.item(a)->output, QFile::encodeName(out + "/a.jpg"));
    // The preset edited: no result of it fits; edited back, its result does.
    model.assignPreset({a}, "thumbnail");
    keys["thumbnail"] = "k-thumb-edited";
    model.presetsChanged();
    QCOMPARE(model.outdated(*model.item(a)), Outdated::Preset);
    keys["thumbnail"] = "k-thumb";
    model.presetsChanged();
    QCOMPARE(model.outdated(*model.item(a)), Outdated::No);

    // Its web output replaced since (another size: a preset that overwrites wrote there) or gone:
    // made again at Start.
    run(b, "k-thumb", "b (2).jpg", "thumbnail of b");
    test::writeFile(out + "/b.jpg", "bytes of something else");
    QVERIFY(QFile::remove(out + "/a.jpg"));
    model.assignPreset({a, b}, QString());
    QCOMPARE(model.outdated(*model.item(a)), Outdated::Preset);
    QCOMPARE(model.outdated(*model.item(b)), Outdated::Preset);
    QCOMPARE(model.item(a)->output, QFile::encodeName(out + "/a (2).jpg"));

    // A queued image (Process done images again, or a running batch's) keeps waiting.
    model.assignPreset({a}, "thumbnail");
    model.resetForRun({a});
    model.assignPreset({a}, QString());
    model.assignPreset({a}, "thumbnail");
    QCOMPARE(model.item(a)->state, ItemState::Queued);
}

// A name a folder scan queued is confined to that folder (InputItem::confinement()); named by
// itself afterwards, it is taken wherever it leads now, as a link named directly is. Before, a
// queued file replaced by a link to a file outside its folder could be brought back only by
// removing its card and adding it again: adding it said "in the queue already" and a retry failed
// the same way (the GUI QA pass of session 44, D5).
void TestModels::aQueuedNameGivenByItselfIsNoLongerConfined()
{
    QTemporaryDir tmp;
    QVERIFY(QDir().mkpath(tmp.filePath("in")));
    const QByteArray a = QFile::encodeName(test::writeFile(tmp.filePath("in/a.jpg"), "\xff\xd8\xff source a"));
    QueueModel model;
    QCOMPARE(model.addFiles(scanForQueue({QFile::encodeName(tmp.filePath("in"))}, {}, {}, nullptr).files, nullptr), 1);
    QVERIFY(model.itemAt(0).input.confinement().confined);
    QVector<QByteArray> already;
    // Again through its folder: still confined.
    QCOMPARE(
        model.addFiles(scanForQueue({QFile::encodeName(tmp.filePath("in"))}, {}, {}, nullptr).files, nullptr, &already),
        0);
    QVERIFY(model.itemAt(0).input.confinement().confined);
    // Approved as a link (Add Anyway): still confined, to that file.
    QCOMPARE(model.addFiles(scanForQueue({a}, {}, {}, nullptr, true).files, nullptr, &already), 0);
    QVERIFY(model.itemAt(0).input.confinement().confined);
    // Named by itself: taken wherever it leads, and its thumbnail made anew.
    QSignalSpy changed(&model, &QueueModel::thumbnailOutdated);
    QCOMPARE(model.addFiles(scanForQueue({a}, {}, {}, nullptr).files, nullptr, &already), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().toByteArray(), a);
    QCOMPARE(already.size(), 3);
    QVERIFY(!model.itemAt(0).input.confinement().confined);
    QVERIFY(model.itemAt(0).input.within.isEmpty());
}

// A source edited after its result was made (in another program, between two runs): given back
// the preset it was made with, the image is made again, not shown done with a result of the old
// content. One not edited is taken back.
void TestModels::aResultOfAnEditedSourceIsNotTakenBack()
{
    QTemporaryDir tmp;
    const QString out = tmp.filePath("out");
    QVERIFY(QDir().mkpath(out));
    const QByteArray a = QFile::encodeName(test::writeFile(tmp.filePath("a.jpg"), "\xff\xd8\xff source a")),
                     b = QFile::encodeName(test::writeFile(tmp.filePath("b.jpg"), "\xff\xd8\xff source b"));
    const ScanBatch scan = scanForQueue({a, b}, QFile::encodeName(out), {}, nullptr);
    QCOMPARE(scan.files.size(), 2);
    QueueModel model;
    model.setOutdatedTest([&](const QueueItem &it) {
        if (it.ranWith.isEmpty())
            return Outdated::No;
        return (it.preset == "thumbnail" ? "k-thumb" : "k-web") != it.ranWith ? Outdated::Preset : Outdated::No;
    });
    QCOMPARE(model.addFiles(scan.files, nullptr), 2);
    const QList<quint64> uids = model.uids();
    const auto run = [&](const QByteArray &key, const QString &suffix) {
        for (int row = 0; row < 2; ++row) {
            model.resetForRun({uids[row]});
            model.setRanWith({uids[row]}, key, out);
            BatchEvent e;
            e.kind = BatchEvent::Kind::Finished;
            e.output = QFile::encodeName(test::writeFile(out + QString("/%1%2.jpg").arg(row).arg(suffix), key));
            e.bytes = key.size();
            model.applyEvent(uids[row], e);
        }
    };
    run("k-web", "");
    model.assignPreset(uids, "thumbnail");
    run("k-thumb", " (2)");
    // a edited meanwhile: same size, another mtime (as an editor that saves in place leaves it).
    QFile edited(QFile::decodeName(a));
    QVERIFY(edited.open(QIODevice::ReadWrite));
    QVERIFY(edited.setFileTime(edited.fileTime(QFileDevice::FileModificationTime).addSecs(-60),
                               QFileDevice::FileModificationTime));
    edited.close();
    model.assignPreset(uids, QString());
    QCOMPARE(model.outdated(*model.item(uids[0])), Outdated::Preset); // made again at Start
    QCOMPARE(model.item(uids[1])->state, ItemState::Done);
    QCOMPARE(model.outdated(*model.item(uids[1])), Outdated::No);
    QCOMPARE(model.item(uids[1])->output, QFile::encodeName(out + "/1.jpg"));
}

void TestModels::queueKeepsRecentResultsOnly()
{
    QueueModel model;
    QVector<ScannedFile> files;
    for (int i = 0; i < 8; ++i)
        files << scanned("/a/" + QByteArray::number(i) + ".jpg", quint64(i + 1));
    model.addFiles(files, nullptr);
    for (quint64 uid : model.uids()) {
        BatchEvent done;
        done.kind = BatchEvent::Kind::Finished;
        done.output = "/out/x.jpg";
        done.preview = Preview::allocate(1024, 1024); // 4 MB each
        model.applyEvent(uid, done);
    }
    int kept = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        kept += !model.itemAt(row).result.isNull();
    QCOMPARE(kept, 4);                         // 16 MB budget
    QVERIFY(!model.itemAt(7).result.isNull()); // the newest stay
    QVERIFY(model.itemAt(0).result.isNull());
}

void TestModels::presetModelCardsAndDrag()
{
    QTemporaryDir tmp;
    PresetLibrary library(tmp.path());
    PresetLibraryModel model(&library);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int classic = model.rowOf("classic");
    QVERIFY(classic >= 0);
    const QModelIndex i = model.index(classic);
    QVERIFY(i.data(PresetLibraryModel::BuiltinRole).toBool());
    QCOMPARE(i.data(PresetLibraryModel::StepsRole).toStringList().value(1), QString("Gaussian blur: 15 px"));
    QVERIFY(model.flags(i) & Qt::ItemIsDragEnabled);
    std::unique_ptr<QMimeData> mime(model.mimeData({i}));
    QCOMPARE(mime->data(kPresetMimeType), QByteArray("classic"));
    QSignalSpy def(&model, &PresetLibraryModel::defaultPresetChanged);
    model.setDefaultPreset("classic");
    QCOMPARE(def.size(), 1);
    QVERIFY(i.data(PresetLibraryModel::DefaultRole).toBool());
}

void TestModels::describeStepUsesCatalog()
{
    QCOMPARE(describeStep({{"op", "resize"}, {"mode", "fit"}, {"width", 1200}, {"height", 800}}),
             QString("Resize: fit within, 1200 px, 800 px"));
    QCOMPARE(describeStep({{"op", "grayscale"}}), QString("Grayscale"));
    QCOMPARE(describeStep({{"op", "rotate"}, {"angle", 90}}), QString("Rotate: 90°"));
    // A file is shown by its name; its folder rarely says what it is.
    QCOMPARE(describeStep({{"op", "logo"}, {"file", "/srv/brand/mark.png"}, {"position", "topLeft"}, {"size", 15}}),
             QString("Logo: mark.png, top left, 15%"));
}

void TestModels::routeDropClassifies()
{
    QTemporaryDir tmp;
    const QString img = test::makeImage(tmp.path(), "a.jpg", 20, 20);
    const QString preset = test::writeFile(tmp.filePath("p.json"), "{}");
    QMimeData files;
    files.setUrls({QUrl::fromLocalFile(img), QUrl::fromLocalFile(tmp.path()), QUrl::fromLocalFile(preset)});
    QVERIFY(canAcceptDrop(&files));
    DropContents c = routeDrop(&files);
    QCOMPARE(c.inputs.size(), 2);
    QCOMPARE(c.presetFiles, QStringList{preset});

    QByteArray png;
    QBuffer buf(&png);
    buf.open(QIODevice::WriteOnly);
    QImage(8, 8, QImage::Format_RGB32).save(&buf, "PNG");
    QMimeData browser;
    browser.setData("image/png", png);
    browser.setUrls({QUrl("https://example.org/photos/sunset%20beach.png?w=800")});
    c = routeDrop(&browser);
    QCOMPARE(c.imageBytes, png);
    QCOMPARE(c.imageName, QString("sunset beach.png"));

    QMimeData pixels;
    pixels.setImageData(QImage(8, 8, QImage::Format_RGB32));
    c = routeDrop(&pixels);
    QVERIFY(!c.image.isNull());

    QMimeData link;
    link.setUrls({QUrl("https://example.org/page.html")});
    QVERIFY(!canAcceptDrop(&link));
    c = routeDrop(&link);
    QVERIFY(!c.isUsable());
    QVERIFY(c.rejected.value(0).contains("web address"));

    QMimeData garbage;
    garbage.setText("hello");
    garbage.setData("image/png", "not a png at all");
    c = routeDrop(&garbage);
    QVERIFY(!c.isUsable());
    QVERIFY(c.rejected.value(0).contains("nothing to add"));
    // In words, not the formats the drag offered ("it had: TARGETS, text/plain").
    QVERIFY2(!c.rejected.value(0).contains("text/plain") && !c.rejected.value(0).contains("image/png"),
             qPrintable(c.rejected.value(0)));
    // The same from the clipboard says so.
    QMimeData words;
    words.setText("hello world");
    words.setData("TARGETS", "");
    c = routeDrop(&words, DropOrigin::Paste);
    QVERIFY(!c.isUsable());
    QCOMPARE(c.rejected, QStringList{"the clipboard holds no image, file or folder"});
    c = routeDrop(&link, DropOrigin::Paste);
    QVERIFY2(c.rejected.value(0).contains("copy the picture itself"), qPrintable(c.rejected.value(0)));

    QMimeData card;
    card.setData(kPresetMimeType, "grayscale");
    QCOMPARE(routeDrop(&card).presetName, QString("grayscale"));
}

void TestModels::scanSkipsNonImagesWithReasons()
{
    QTemporaryDir tmp;
    test::makeImage(tmp.filePath("folder"), "one.jpg", 10, 10);
    test::makeImage(tmp.filePath("folder/sub"), "two.png", 10, 10, "PNG");
    test::writeFile(tmp.filePath("folder/notes.txt"), "hello");
    const QString text = test::writeFile(tmp.filePath("readme"), "just text");
    const QString noExt = test::makeImage(tmp.path(), "picture", 10, 10, "PNG");
    const ScanBatch b =
        scanForQueue({QFile::encodeName(tmp.filePath("folder")), QFile::encodeName(text), QFile::encodeName(noExt)}, {},
                     {}, nullptr);
    QCOMPARE(b.files.size(), 3); // one.jpg, sub/two.png, picture (PNG by content)
    QCOMPARE(b.skipped.size(), 2);
    QStringList reasons;
    for (const SkippedInput &s : b.skipped)
        reasons << s.reason.english();
    QVERIFY(reasons.join("|").contains("not an image file name"));
    QVERIFY(reasons.join("|").contains("not an image (neither"));
    for (const ScannedFile &f : b.files) {
        QVERIFY(f.bytes > 0);
        QVERIFY(f.item.inode != 0);
    }
    QCOMPARE(b.files[1].item.relativeDir, QByteArray("sub"));
}

void TestModels::aFoldersImagesAreQueuedAsAFileManagerListsThem_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QStringList>("order");
    const QStringList latin{"apple.jpg", "Ärger.jpg",    "Éclair.jpg", "école.jpg",   "Étés/a.jpg", "img2.jpg",
                            "img10.jpg", "photos/b.jpg", "Zebra.jpg",  "z-given.jpg", "a-given.jpg"};
    QTest::newRow("English") << QLocale(QLocale::English, QLocale::UnitedStates) << latin;
    QTest::newRow("French") << QLocale(QLocale::French, QLocale::France) << latin;
    QTest::newRow("German") << QLocale(QLocale::German, QLocale::Germany) << latin;
    // Swedish has Ä as a letter of its own, after Z.
    QTest::newRow("Swedish") << QLocale(QLocale::Swedish, QLocale::Sweden)
                             << QStringList{"apple.jpg", "Éclair.jpg",  "école.jpg",    "Étés/a.jpg",
                                            "img2.jpg",  "img10.jpg",   "photos/b.jpg", "Zebra.jpg",
                                            "Ärger.jpg", "z-given.jpg", "a-given.jpg"};
    // The C locale collates by code points: the scan's own order (nameOrderLess) stays.
    QTest::newRow("C") << QLocale::c() << QStringList{"apple.jpg", "img2.jpg",    "img10.jpg",  "photos/b.jpg",
                                                      "Zebra.jpg", "Ärger.jpg",   "Éclair.jpg", "Étés/a.jpg",
                                                      "école.jpg", "z-given.jpg", "a-given.jpg"};
}

// A folder's images were queued in the scan's order, the same on every machine whatever its language
// (as a batch split over machines needs): accented letters by their UTF-8 bytes, after z, so
// "école.jpg" came after "Zebra.jpg", where a file manager lists it with "ecole". They are queued as
// the user's language collates names, whatever their case, numbers by their value, a sub-folder's
// images where its name puts it; images named directly in the order given.
void TestModels::aFoldersImagesAreQueuedAsAFileManagerListsThem()
{
    QFETCH(QLocale, locale);
    QFETCH(QStringList, order);
    const QLocale before;
    QLocale::setDefault(locale);
    const auto restore = qScopeGuard([&] { QLocale::setDefault(before); });
    QTemporaryDir tmp;
    const QString folder = tmp.filePath("in");
    for (const char *name : {"Zebra.jpg", "apple.jpg", "école.jpg", "Éclair.jpg", "img10.jpg", "img2.jpg", "Ärger.jpg",
                             "Étés/a.jpg", "photos/b.jpg"})
        test::makeImage(QFileInfo(folder + "/" + QString::fromUtf8(name)).absolutePath(),
                        QFileInfo(QString::fromUtf8(name)).fileName(), 8, 8);
    const QString z = test::makeImage(tmp.path(), "z-given.jpg", 8, 8),
                  a = test::makeImage(tmp.path(), "a-given.jpg", 8, 8);
    const ScanBatch b =
        scanForQueue({QFile::encodeName(folder), QFile::encodeName(z), QFile::encodeName(a)}, {}, {}, nullptr);
    QStringList queued;
    for (const ScannedFile &f : b.files) // the folder's by their place below it
        queued << (f.item.rootLength ? QFile::decodeName(f.item.path.mid(f.item.rootLength))
                                     : QFileInfo(QFile::decodeName(f.item.path)).fileName());
    QCOMPARE(queued, order);
}

void TestModels::thumbnailsComeFromWorkers()
{
    QTemporaryDir tmp;
    const QByteArray path = QFile::encodeName(test::makeImage(tmp.path(), "big.jpg", 1600, 800));
    const QByteArray broken =
        QFile::encodeName(test::writeFile(tmp.filePath("broken.png"), "\x89PNG\r\n\x1a\nnot really"));
    const QByteArray missing = QFile::encodeName(tmp.filePath("missing.jpg"));
    QBuffer png;
    png.open(QIODevice::WriteOnly);
    QImage(300, 600, QImage::Format_ARGB32).save(&png, "PNG");

    RunnerSettings s;
    s.workers = 1;
    s.workerExecutable = QStringLiteral(PIXELPOOL_WORKER);
    WorkerPool pool(s);
    QString error;
    QVERIFY2(pool.start(&error), qPrintable(error));
    pool.setPaused(true); // a paused batch does not hold the window's thumbnails

    ThumbnailCache cache(64);
    cache.setRunner(&pool);
    QSignalSpy ready(&cache, &ThumbnailCache::ready);
    for (const QByteArray &key : {path, broken, missing})
        QVERIFY(cache.get(key).isNull()); // made by a worker, later
    QVERIFY(cache.get("pasted image", png.data()).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 4, 20000);
    QCOMPARE(cache.get(path).size(), QSize(64, 32));
    QCOMPARE(cache.get("pasted image").size(), QSize(32, 64));
    QVERIFY(!cache.failed(path));
    for (const QByteArray &key : {broken, missing}) {
        QVERIFY(cache.get(key).isNull());
        QVERIFY(cache.failed(key));
        QVERIFY(!cache.reason(key).isEmpty());
    }
    QCOMPARE(ready.size(), 4); // asking again costs nothing: no new jobs
    QCOMPARE(pool.pendingCount(), 0);
}

// An output written again at its path while its old thumbnail was being made: what that job read
// is of the picture before, so it is not kept; the view is told, and asking again makes it anew.
void TestModels::aThumbnailForgottenWhileMadeIsMadeAgain()
{
    pp::testing::RecordingRunner runner;
    ThumbnailCache cache(64);
    cache.setRunner(&runner);
    QSignalSpy ready(&cache, &ThumbnailCache::ready);
    const QByteArray key = "/out/a.jpg";
    QVERIFY(cache.get(key).isNull());
    QCOMPARE(runner.submitted.size(), 1);
    const quint64 old = runner.submitted[0].id;
    cache.forget(key); // the batch wrote /out/a.jpg again
    Preview before = Preview::allocate(4, 4);
    std::fill(before.bits(), before.bits() + 64, uint8_t(200));
    emit runner.jobFinished(old, proto::Finished{}, before);
    QCOMPARE(ready.size(), 1);
    QVERIFY(cache.get(key).isNull()); // not the picture before: made again
    QCOMPARE(runner.submitted.size(), 2);
    Preview now = Preview::allocate(4, 4);
    std::fill(now.bits(), now.bits() + 64, uint8_t(90));
    emit runner.jobFinished(runner.submitted[1].id, proto::Finished{}, now);
    QCOMPARE(qRed(cache.get(key).pixel(0, 0)), 90);
}

// A batch of `count` images on `pool` (preview-only jobs of `image` in the batch lane stand for
// them); *done counts those finished. Returns the first job's id.
static quint64 submitPreviewBatch(WorkerPool &pool, quint32 preset, const QByteArray &image, int count, int *done)
{
    const quint64 first = pool.reserveJobIds(count);
    QObject::connect(&pool, &JobRunner::jobFinished, &pool, [=](quint64 id, const proto::Finished &, const Preview &) {
        *done += id >= first && id < first + quint64(count);
    });
    for (int i = 0; i < count; ++i) {
        JobSpec job;
        job.id = first + quint64(i);
        job.presetId = preset;
        job.inputPath = image;
        job.previewOnly = true;
        job.previewMax = 256;
        job.priority = JobPriority::Batch;
        pool.submit(job);
    }
    return first;
}

// The cards scrolled to during a long batch stayed "…" until it ended: their thumbnails waited
// behind every batch job. One goes before the batch's next job now (and only one at a time, so the
// batch keeps the other workers).
void TestModels::thumbnailsGoBeforeTheBatchsNextJob()
{
    QTemporaryDir tmp;
    const QByteArray big = QFile::encodeName(test::makeImage(tmp.path(), "big.jpg", 2400, 1600));
    const QByteArray card = QFile::encodeName(test::makeImage(tmp.path(), "card.jpg", 300, 200));
    RunnerSettings s;
    s.workers = 1;
    s.workerExecutable = QStringLiteral(PIXELPOOL_WORKER);
    WorkerPool pool(s);
    QString error;
    QVERIFY2(pool.start(&error), qPrintable(error));
    ThumbnailCache cache(64);
    cache.setRunner(&pool);

    constexpr int kBatch = 60;
    int batchDone = 0, batchDoneWhenReady = -1;
    connect(&cache, &ThumbnailCache::ready, &pool, [&](const QByteArray &key) {
        if (key == card && batchDoneWhenReady < 0)
            batchDoneWhenReady = batchDone;
    });
    submitPreviewBatch(pool, pool.registerPreset(ThumbnailCache::presetJson(256)), big, kBatch, &batchDone);
    QTRY_VERIFY_WITH_TIMEOUT(batchDone >= 1, 20000);
    const int doneWhenAsked = batchDone;
    QVERIFY(cache.get(card).isNull()); // scrolled to while the batch runs
    QTRY_VERIFY_WITH_TIMEOUT(batchDoneWhenReady >= 0, 60000);
    // At most the one running and the one the worker has been sent ahead (WorkerPool prefetches
    // one) go first; behind the batch, every one of the 60 did.
    const int wentFirst = batchDoneWhenReady - doneWhenAsked;
    QVERIFY2(doneWhenAsked < kBatch / 2 && wentFirst <= 2,
             qPrintable(QString("%1 of %2 batch jobs went first").arg(wentFirst).arg(kBatch - doneWhenAsked)));
    QCOMPARE(cache.get(card).size(), QSize(64, 43));
    QTRY_COMPARE_WITH_TIMEOUT(batchDone, kBatch, 120000);
}

// Nine cards scrolled to during a batch of multi-second jobs showed "…" for 45 s (QA of session
// 46): one thumbnail at a time, the job sent ahead to the worker that made one was the batch's, so
// each card waited for a batch job of its own. The cards on screen go before the batch's next jobs
// now, all of them.
void TestModels::everyCardOnScreenGoesBeforeTheBatchsNextJob()
{
    QTemporaryDir tmp;
    const QByteArray big = QFile::encodeName(test::makeImage(tmp.path(), "big.jpg", 2400, 1600));
    QList<QByteArray> cards;
    for (int i = 0; i < 5; ++i)
        cards << QFile::encodeName(test::makeImage(tmp.path(), QString("card%1.jpg").arg(i), 300, 200));
    RunnerSettings s;
    s.workers = 1;
    s.workerExecutable = QStringLiteral(PIXELPOOL_WORKER);
    WorkerPool pool(s);
    QString error;
    QVERIFY2(pool.start(&error), qPrintable(error));
    ThumbnailCache cache(64);
    cache.setRunner(&pool);
    constexpr int kBatch = 60;
    int batchDone = 0, cardsReady = 0, batchDoneWhenAllReady = -1;
    connect(&cache, &ThumbnailCache::ready, &pool, [&](const QByteArray &key) {
        if (cards.contains(key) && ++cardsReady == int(cards.size()))
            batchDoneWhenAllReady = batchDone;
    });
    submitPreviewBatch(pool, pool.registerPreset(ThumbnailCache::presetJson(256)), big, kBatch, &batchDone);
    QTRY_VERIFY_WITH_TIMEOUT(batchDone >= 1, 20000);
    const int doneWhenAsked = batchDone;
    for (const QByteArray &card : cards) // painted, as a scroll shows them
        QVERIFY(cache.get(card).isNull());
    QTRY_VERIFY_WITH_TIMEOUT(batchDoneWhenAllReady >= 0, 60000);
    // The one running and the one sent ahead when they were asked for, and no more.
    const int wentFirst = batchDoneWhenAllReady - doneWhenAsked;
    QVERIFY2(doneWhenAsked < kBatch / 2 && wentFirst <= 2,
             qPrintable(QString("%1 batch jobs went before the last of %2 cards").arg(wentFirst).arg(cards.size())));
    QTRY_COMPARE_WITH_TIMEOUT(batchDone, kBatch, 120000);
}

void TestModels::paramFormsComeFromCatalog()
{
    // Every operation gets one editor per parameter, with no per-operation code.
    for (const OperationSpec &op : OperationCatalog::builtin().operations()) {
        QWidget host;
        auto *form = new QFormLayout(&host);
        buildParamForm(form, op, {}, [](const QString &, const QJsonValue &) {});
        for (const ParamSpec &p : op.params)
            QVERIFY2(host.findChild<QWidget *>("param-" + p.key), qPrintable(op.name + "." + p.key));
    }
    // A slider drives its spin box live, and changes reach the callback as JSON numbers.
    QWidget host;
    auto *form = new QFormLayout(&host);
    QString key;
    QJsonValue value;
    buildParamForm(form, *OperationCatalog::builtin().find("blur"), {{"op", "blur"}, {"sigma", 15}},
                   [&](const QString &k, const QJsonValue &v) {
                       key = k;
                       value = v;
                   });
    auto *spin = host.findChild<QDoubleSpinBox *>();
    auto *slider = host.findChild<QSlider *>();
    QVERIFY(spin && slider);
    QCOMPARE(spin->value(), 15.0);
    slider->setValue(slider->maximum());
    QCOMPARE(key, QString("sigma"));
    QCOMPARE(value.toDouble(), 500.0);
    QCOMPARE(spin->value(), 500.0);
}

void TestModels::editorAsksForTheLogoFile()
{
    // A new logo step starts without a file: the editor says so and will not save until there
    // is one. The path is typed or chosen with Browse…; a relative one is refused by name.
    QTemporaryDir dir;
    PresetLibrary lib(dir.path());
    PresetLibraryModel model(&lib);
    PresetEditor editor(&model);
    Preset preset = lib.find("classic")->preset;
    preset.name = "with logo";
    editor.setPreset(preset);
    editor.selectStep(editor.stepCount() - 1);
    editor.addStep("logo");
    QCOMPARE(editor.stepCount(), preset.steps.size() + 1);
    auto *status = editor.findChild<QLabel *>("editorStatus");
    QVERIFY2(status->text().contains("&quot;Image file&quot; must name a file"), qPrintable(status->text()));
    QCOMPARE(editor.validate(), QStringLiteral("Step 4 (Logo): \"Image file\" must name a file"));
    auto *path = editor.findChild<QLineEdit *>("param-file");
    QVERIFY(path);
    QVERIFY(path->parentWidget()->findChild<QPushButton *>("browse"));
    QTest::keyClicks(path, "mark.png");
    QVERIFY2(editor.validate().contains("\"Image file\" is a relative path"), qPrintable(editor.validate()));
    path->clear();
    QTest::keyClicks(path, "/srv/brand/mark.png");
    QCOMPARE(editor.validate(), QString());
    QCOMPARE(editor.draft().steps.last().value("file").toString(), QString("/srv/brand/mark.png"));
}

// A built-in preset opened in the editor cannot be saved under its own name (the library would
// refuse it): Save is disabled and the status says why, until the name is changed.
void TestModels::editorSavesABuiltInOnlyUnderAnotherName()
{
    QTemporaryDir dir;
    PresetLibrary lib(dir.path());
    PresetLibraryModel model(&lib);
    PresetEditor editor(&model);
    editor.setPreset(lib.find("web")->preset);
    auto *save = editor.findChild<QPushButton *>("savePreset");
    QVERIFY(save);
    QCOMPARE(save->text(), QString("&Save as user preset")); // Alt+S
    auto *name = editor.findChild<QLineEdit *>("presetName");
    auto *status = editor.findChild<QLabel *>("editorStatus");
    name->setText("web "); // edited and back: the same built-in name once trimmed
    name->setText("web");
    QVERIFY(!save->isEnabled());
    QVERIFY2(status->text().contains("is built-in"), qPrintable(status->text()));
    QTest::keyClicks(name, " for the blog");
    QVERIFY(save->isEnabled());
    const QString said = QTextDocumentFragment::fromHtml(status->text()).toPlainText(); // rich text, escaped
    QVERIFY2(said.contains("Saving creates the user preset \"web for the blog\""), qPrintable(said));
}

// "0.0 images/s" for a batch of 30-second images, as if it made nothing: a rate below one image a
// second is a minute's, below one a minute the minutes an image takes.
void TestModels::aRateIsReadAtAGlance()
{
    QCOMPARE(formatRate(42.4), QString("42 images/s"));
    QCOMPARE(formatRate(3.26), QString("3.3 images/s"));
    QCOMPARE(formatRate(0.03), QString("1.8 images/min"));
    QCOMPARE(formatRate(0.5), QString("30 images/min"));
    QCOMPARE(formatRate(1.0 / 300), QString("5.0 min an image"));
    QCOMPARE(formatRate(0), QString("0.0 images/min"));
}

QTEST_MAIN(TestModels)
#include "tst_gui_models.moc"
