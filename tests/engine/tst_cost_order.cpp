// Cost-aware scheduling: BatchRunner submits each slice costliest image first, by what a header
// probe says (the worker's own JobExecutor::probe, run here in-process over real files), and in
// order of bytes when the probe fails, times out or cannot be had. No image is lost or stalled.
#include "BatchRunner.h"
#include "CostEstimator.h"
#include "ImageCodec.h"
#include "JobExecutor.h"
#include "Limits.h"
#include "WorkerPool.h"
#include "WorkerService.h"
#include "PhotoFixtures.h"
#include "RecordingRunner.h"
#include "TestHooks.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <csignal>
#include <cstdlib>

using namespace pp;

namespace {

// Records what is submitted; answers probes as a worker would (or fails them, or never answers).
class ProbingRunner : public testing::RecordingRunner
{
public:
    enum class Probes { Answer, Fail, Silent, Unsupported };
    explicit ProbingRunner(Probes mode) : m_mode(mode), m_executor(kDefaultMaxPixels) {}

    quint32 registerPreset(const QByteArray &json) override
    {
        QString error;
        if (!m_executor.definePreset(1, json, &error))
            qWarning("preset refused: %s", qPrintable(error));
        return 1;
    }
    quint64 probe(quint32 presetId, const QVector<QByteArray> &paths, const QVector<Confinement> &confinements) override
    {
        if (m_mode == Probes::Unsupported)
            return 0;
        probedConfined += confinements;
        const quint64 id = ++probes;
        // Answers arrive later, over the socket, never from inside probe().
        QTimer::singleShot(0, this, [=, this] {
            if (m_mode == Probes::Answer)
                emit probed(m_executor.probe({id, presetId, paths}));
            else if (m_mode == Probes::Fail)
                emit probeFailed(id);
        });
        return id;
    }

    quint64 probes = 0;
    QVector<Confinement> probedConfined; // where each probed path must be (probe()'s `confinements`)

private:
    Probes m_mode;
    JobExecutor m_executor;
};

} // namespace

class TestCostOrder : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QVector<InputItem> m_items;
    Preset m_fit;

    static RunnerSettings poolSettings()
    {
        RunnerSettings s;
        s.workers = 1;
        s.workerExecutable = PIXELPOOL_WORKER;
        s.testFlags = TestMisbehave;
        return s;
    }

    static qint64 sizeOf(const QString &path) { return QFileInfo(path).size(); }

    QStringList submittedNames(const ProbingRunner &runner) const
    {
        QStringList names;
        for (const JobSpec &j : runner.submitted)
            names << QFileInfo(QFile::decodeName(j.inputPath)).fileName();
        return names;
    }

    // Runs a batch of the three files and waits until every job has been submitted.
    QStringList order(ProbingRunner &runner, int timeoutMs = 2000)
    {
        BatchRunner batch(&runner, m_fit, m_dir.filePath("out"));
        batch.setProbeTimeoutMs(timeoutMs);
        batch.start(m_items);
        [&] { QTRY_COMPARE_WITH_TIMEOUT(runner.submitted.size(), m_items.size(), 10000); }();
        return submittedNames(runner);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir().mkpath(m_dir.filePath("out")));
        // A baseline JPEG of noise: the most bytes, the cheapest to decode.
        cv::Mat noise(700, 900, CV_8UC3);
        cv::randu(noise, 0, 255);
        QVERIFY(cv::imwrite(m_dir.filePath("baseline.jpg").toStdString(), noise, {cv::IMWRITE_JPEG_QUALITY, 100}));
        // Flat patches of 12 megapixels compress to little: a PNG, and a progressive JPEG.
        QVERIFY(testphotos::writeHeavyToDecode(m_dir.path()));
        for (const char *name : {"baseline.jpg", "heavy.png", "progressive.jpg"}) {
            InputItem item;
            item.path = QFile::encodeName(m_dir.filePath(name));
            m_items.append(item);
        }
        // The premise: by bytes, the baseline JPEG would go first.
        QVERIFY(sizeOf(m_dir.filePath("baseline.jpg")) > 2 * sizeOf(m_dir.filePath("heavy.png")));
        QVERIFY(sizeOf(m_dir.filePath("baseline.jpg")) > 2 * sizeOf(m_dir.filePath("progressive.jpg")));

        // Fit within 1000 pixels: a JPEG decodes at a smaller DCT scale, a PNG cannot.
        const QByteArray json = R"({"format": "pixelpool-preset", "version": 1, "name": "fit",
            "steps": [{"op": "resize", "mode": "fit", "width": 1000, "height": 1000, "downscaleOnly": true}],
            "output": {"format": "jpeg", "quality": 80, "nameTemplate": "{name}.{ext}"}})";
        QString error;
        const auto preset = Preset::fromJson(QJsonDocument::fromJson(json).object(), &error);
        QVERIFY2(preset, qPrintable(error));
        m_fit = *preset;
    }

    void theWorkersProbeSaysWhatEachFileIs()
    {
        JobExecutor executor(kDefaultMaxPixels);
        QString error;
        QVERIFY(executor.definePreset(1, QJsonDocument(m_fit.toJson()).toJson(), &error));
        QVector<QByteArray> paths;
        for (const InputItem &item : m_items)
            paths.append(item.path);
        paths.append(QFile::encodeName(m_dir.filePath("missing.jpg")));
        const proto::ProbeReply reply = executor.probe({5, 1, paths});
        QCOMPARE(reply.requestId, 5u);
        QCOMPARE(reply.entries.size(), 4);
        const proto::ProbeEntry &baseline = reply.entries[0], &png = reply.entries[1], &progressive = reply.entries[2];
        QCOMPARE(baseline, (proto::ProbeEntry{true, quint8(ImageFormat::Jpeg), 900, 700, false, 8}));
        QCOMPARE(png, (proto::ProbeEntry{true, quint8(ImageFormat::Png), 4000, 3000, false, 8}));
        QVERIFY(progressive.ok && progressive.progressive);
        QCOMPARE(progressive.width, 4000u);
        QVERIFY2(progressive.scaleEighths < 8, "the plan decodes 4000 pixels for 1000 at a smaller scale");
        QVERIFY(!reply.entries[3].ok); // the job will say why
    }

    void heavyPngAndProgressiveJpegGoBeforeABiggerBaselineJpeg()
    {
        ProbingRunner runner(ProbingRunner::Probes::Answer);
        const QStringList names = order(runner);
        QCOMPARE(runner.probes, 1u);
        QCOMPARE(names.last(), QStringLiteral("baseline.jpg"));
    }

    void aFailedProbeFallsBackToBytes()
    {
        ProbingRunner runner(ProbingRunner::Probes::Fail);
        const QStringList names = order(runner);
        QCOMPARE(runner.probes, 1u); // asked, and the answer never came: the worker died
        QCOMPARE(names.first(), QStringLiteral("baseline.jpg"));
    }

    void anUnansweredProbeFallsBackToBytesAfterItsTimeout()
    {
        ProbingRunner runner(ProbingRunner::Probes::Silent);
        const QStringList names = order(runner, 50);
        QCOMPARE(runner.probes, 1u);
        QCOMPARE(names.first(), QStringLiteral("baseline.jpg"));
    }

    // Images a folder scan took are opened only where they still lie in that folder, for their
    // probes and their jobs alike (JobSpec::inputConfinement, openToHand; the worker pool's side is
    // tst_pool_files' aFileThatLeadsOutsideItsFolderNowIsNeverHanded).
    void aScannedImageKeepsItsFolderToItsProbeAndItsJob()
    {
        ScanOptions flat;
        flat.recursive = false;
        const ScanResult scan = scanInputs({QFile::encodeName(m_dir.path())}, flat);
        QCOMPARE(scan.items.size(), 3);
        char *real = ::realpath(QFile::encodeName(m_dir.path()).constData(), nullptr);
        const QByteArray folder(real);
        std::free(real);
        ProbingRunner runner(ProbingRunner::Probes::Answer);
        BatchRunner batch(&runner, m_fit, m_dir.filePath("out"));
        batch.start(scan.items);
        QTRY_COMPARE_WITH_TIMEOUT(runner.submitted.size(), 3, 10000);
        QCOMPARE(runner.probedConfined.size(), 3);
        for (const Confinement &c : runner.probedConfined)
            QVERIFY(c.confined && c.folder == folder && c.inode != 0);
        for (const JobSpec &j : runner.submitted)
            QVERIFY(j.inputConfinement.confined && j.inputConfinement.folder == folder &&
                    j.inputConfinement.inode != 0);
    }

    void aRunnerThatCannotProbeSubmitsByBytesAtOnce()
    {
        ProbingRunner runner(ProbingRunner::Probes::Unsupported);
        BatchRunner batch(&runner, m_fit, m_dir.filePath("out"));
        batch.start(m_items);
        QCOMPARE(submittedNames(runner).first(), QStringLiteral("baseline.jpg")); // before start() returned
    }

    // The window hands a batch its queued files to look up later (SourceFiles::addLater): no output
    // is planned before they are known, so an output never takes the place of one of them, even
    // when thousands come before it and the lookup takes many slices (the least a slice does: 64).
    void noOutputIsPlannedBeforeTheSourcesAreKnown()
    {
        QTemporaryDir out;
        QFile queued(out.filePath("baseline.jpg")); // another queued file, where baseline's output goes
        QVERIFY(queued.open(QIODevice::WriteOnly));
        queued.write("queued");
        queued.close();
        auto sources = std::make_shared<SourceFiles>();
        for (int i = 0; i < 20000; ++i)
            sources->addLater(QFile::encodeName(out.filePath(QStringLiteral("gone/%1.jpg").arg(i))));
        sources->addLater(QFile::encodeName(queued.fileName()));
        Preset overwrite = m_fit;
        overwrite.output.overwrite = OverwritePolicy::Overwrite;
        ProbingRunner runner(ProbingRunner::Probes::Unsupported);
        BatchRunner batch(&runner, overwrite, out.path());
        batch.setSources(sources);
        batch.setPlanSliceMs(0);
        batch.start({m_items[0]});
        QTRY_COMPARE_WITH_TIMEOUT(runner.submitted.size(), 1, 10000);
        QVERIFY(!sources->pending());
        QCOMPARE(QFileInfo(QFile::decodeName(runner.submitted[0].outputPattern)).fileName(),
                 QStringLiteral("baseline (2).jpg"));

        // Not even one file is looked up in start(): the window's click returns first, whatever
        // the number of presets (a runner each) that share the files.
        auto one = std::make_shared<SourceFiles>();
        one->addLater(QFile::encodeName(queued.fileName()));
        ProbingRunner second(ProbingRunner::Probes::Unsupported);
        BatchRunner later(&second, overwrite, out.path());
        later.setSources(one);
        later.start({m_items[0]});
        QVERIFY(one->pending());
        QVERIFY(second.submitted.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(second.submitted.size(), 1, 10000);
    }

    // An image given in memory is never probed: it goes by its bytes among the probed files.
    void anImageInMemoryGoesByItsBytes()
    {
        QFile baseline(QFile::decodeName(m_items[0].path));
        QVERIFY(baseline.open(QIODevice::ReadOnly));
        InputItem pasted;
        pasted.path = "pasted.jpg";
        pasted.data = baseline.readAll();
        ProbingRunner runner(ProbingRunner::Probes::Answer);
        BatchRunner batch(&runner, m_fit, m_dir.filePath("out"));
        batch.start({pasted, m_items[1], m_items[2]});
        QTRY_COMPARE_WITH_TIMEOUT(runner.submitted.size(), 3, 10000);
        QCOMPARE(runner.probes, 1u);
        QCOMPARE(runner.submitted.last().inputKind, proto::InputKind::SharedMemory);
    }

    // Held back for their probe when the batch is cancelled: each ends cancelled, once, never run.
    void cancellingWhileAProbeIsOutCancelsEveryImageOnce()
    {
        ProbingRunner runner(ProbingRunner::Probes::Silent);
        BatchRunner batch(&runner, m_fit, m_dir.filePath("out"));
        QList<int> cancelled;
        connect(&batch, &BatchRunner::event, this, [&](const BatchEvent &e) {
            if (isCancelled(e))
                cancelled << e.index;
        });
        QSignalSpy finished(&batch, &BatchRunner::finished);
        batch.start(m_items);
        QVERIFY(runner.submitted.isEmpty());
        batch.cancel();
        QVERIFY(finished.wait(2000));
        std::sort(cancelled.begin(), cancelled.end());
        QCOMPARE(cancelled, (QList<int>{0, 1, 2}));
        QTest::qWait(100); // past what would have been the probe's timeout
        QVERIFY(runner.submitted.isEmpty());
    }

    // Withdrawn while its slice waits for the probe (its output folder went): never submitted, and
    // not among what a cancel takes back; the rest of the slice goes as before.
    void aJobWithdrawnWhileItsProbeIsOutIsNeverSubmitted()
    {
        ProbingRunner runner(ProbingRunner::Probes::Silent);
        CostEstimator estimator(&runner, 1);
        estimator.setTimeoutMs(50);
        std::vector<CostEstimator::Item> slice;
        for (quint64 id = 1; id <= 3; ++id) {
            JobSpec spec;
            spec.id = id;
            spec.inputPath = m_items[int(id - 1)].path;
            slice.push_back({spec, qint64(id)});
        }
        estimator.add(std::move(slice));
        QCOMPARE(estimator.withdraw({2, 99}), QList<quint64>{2});
        QCOMPARE(estimator.withdraw({2}), QList<quint64>{}); // once
        QTRY_COMPARE_WITH_TIMEOUT(runner.submitted.size(), 2, 2000);
        QTest::qWait(100);
        QCOMPARE(runner.submitted.size(), 2);
        for (const JobSpec &j : runner.submitted)
            QVERIFY(j.id != 2);
        std::vector<CostEstimator::Item> more(1);
        more[0].spec.id = 4;
        more[0].spec.inputPath = m_items[0].path;
        CostEstimator held(&runner, 1);
        held.setTimeoutMs(60000);
        held.add(std::move(more));
        QCOMPARE(held.withdraw({4}), QList<quint64>{4});
        QCOMPARE(held.takePending(), QList<quint64>{});
    }

    // The real thing: a worker process answers, entry for entry, what the executor says in-process.
    void aWorkerAnswersAProbe()
    {
        WorkerPool pool(poolSettings());
        QString error;
        QVERIFY2(pool.start(&error), qPrintable(error));
        const quint32 preset = pool.registerPreset(QJsonDocument(m_fit.toJson()).toJson());
        QSignalSpy probed(&pool, &JobRunner::probed);
        QVector<QByteArray> paths;
        for (const InputItem &item : m_items)
            paths.append(item.path);
        const quint64 id = pool.probe(preset, paths);
        QVERIFY(id != 0);
        QVERIFY(probed.wait(10000));
        const auto reply = probed.first().first().value<proto::ProbeReply>();
        QCOMPARE(reply.requestId, id);
        JobExecutor executor(kDefaultMaxPixels);
        QVERIFY(executor.definePreset(preset, QJsonDocument(m_fit.toJson()).toJson(), &error));
        QCOMPARE(reply.entries, executor.probe({id, preset, paths}).entries);
        QCOMPARE(pool.probe(preset, QVector<QByteArray>(proto::kMaxProbePaths + 1, "/a.jpg")), 0u); // over the limit
        pool.shutdown();
    }

    // A worker lost before it answered (here: killed while a job holds it) fails its probe, which
    // is never sent again: the file that killed it may be among the paths.
    void aProbeLostWithItsWorkerFails()
    {
        REQUIRE_TEST_HOOKS();
        WorkerPool pool(poolSettings());
        QString error;
        QVERIFY2(pool.start(&error), qPrintable(error));
        const quint32 preset = pool.registerPreset(QJsonDocument(m_fit.toJson()).toJson());
        const QString gated = m_dir.filePath("held-pixelpool-test-gate.png");
        QVERIFY(QFile::copy(m_dir.filePath("heavy.png"), gated));
        JobSpec job;
        job.id = 1;
        job.presetId = preset;
        job.inputPath = QFile::encodeName(gated);
        job.outputPattern = QFile::encodeName(m_dir.filePath("out/held.jpg"));
        job.tempPath = QFile::encodeName(m_dir.filePath("out/.held.part"));
        QSignalSpy started(&pool, &JobRunner::jobStarted);
        QSignalSpy failed(&pool, &JobRunner::probeFailed);
        QSignalSpy probed(&pool, &JobRunner::probed);
        pool.submit(job);
        QVERIFY(started.wait(10000)); // held at the gate: the worker reads no frames now
        const quint64 id = pool.probe(preset, {m_items[0].path});
        QVERIFY(id != 0);
        ::kill(pid_t(started.first().at(2).toLongLong()), SIGKILL);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().first().toULongLong(), id);
        QFile go(gated + ".go"); // the retry goes through
        QVERIFY(go.open(QIODevice::WriteOnly));
        QSignalSpy finished(&pool, &JobRunner::jobFinished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(probed.size(), 0);
        pool.shutdown();
    }

    void costsFollowWhatDecodingDoes()
    {
        using E = proto::ProbeEntry;
        const auto cost = [](const E &e) { return CostEstimator::estimatedCostMs(e); };
        const quint8 jpeg = quint8(ImageFormat::Jpeg), png = quint8(ImageFormat::Png);
        // A progressive JPEG costs more than a baseline one of the same size and scale.
        QVERIFY(cost({true, jpeg, 4000, 3000, true, 4}) > cost({true, jpeg, 4000, 3000, false, 4}));
        // At 1/8 a progressive JPEG is read from its DC scans only: cheaper than at 2/8.
        QVERIFY(cost({true, jpeg, 4000, 3000, true, 1}) < cost({true, jpeg, 4000, 3000, true, 2}));
        // A PNG cannot decode at a smaller scale: it costs its whole size.
        QVERIFY(cost({true, png, 4000, 3000, false, 1}) > cost({true, jpeg, 4000, 3000, false, 1}));
        QCOMPARE(cost(E{}), -1.0);
        // Unknown costs come from bytes; equal costs keep the slice's order.
        QCOMPARE(CostEstimator::costOrder({-1, 100, -1, 100}, {1'000'000, 0, 100'000'000, 0}),
                 (std::vector<int>{2, 1, 3, 0}));
    }
};

QTEST_GUILESS_MAIN(TestCostOrder)
#include "tst_cost_order.moc"
