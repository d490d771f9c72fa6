// The worker pool with real worker processes: dispatch, previews through shared memory, the
// handshake, and what happens when workers crash, hang or break the protocol.
#include "OutputPlanner.h"
#include "PresetLibrary.h"
#include "SocketWrite.h"
#include "WorkerPool.h"
#include "WorkerService.h"
#include "TestHooks.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <csignal>
#include <atomic>
#include <memory>
#include <thread>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace pp;

namespace {
struct Results {
    QList<quint64> finished;
    QHash<quint64, int> starts;
    QHash<quint64, proto::Failed> failed;
    QHash<quint64, int> attempts;
    QSet<qint64> pids;
    QHash<quint64, Preview> previews;
    QStringList log;
};
} // namespace

class TestPool : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    RunnerSettings settings(int workers = 2)
    {
        RunnerSettings s;
        s.workers = workers;
        s.workerExecutable = PIXELPOOL_WORKER;
        s.testFlags = TestMisbehave;
        s.previewMax = 64;
        return s;
    }

    QByteArray makeImage(const QString &name)
    {
        cv::Mat m(300, 400, CV_8UC3, cv::Scalar(10, 200, 30));
        cv::putText(m, name.toStdString(), {10, 150}, cv::FONT_HERSHEY_SIMPLEX, 1, {255, 255, 255});
        const QString p = m_dir.filePath(name);
        cv::imwrite(p.toStdString(), m);
        return QFile::encodeName(p);
    }

    static void track(WorkerPool &pool, Results &r)
    {
        connect(&pool, &JobRunner::jobStarted, &pool, [&r](quint64 id, int, qint64 pid) {
            r.pids.insert(pid);
            ++r.starts[id];
        });
        connect(&pool, &JobRunner::jobFinished, &pool, [&r](quint64 id, const proto::Finished &, const Preview &p) {
            r.finished << id;
            r.previews.insert(id, p);
        });
        connect(&pool, &JobRunner::jobFailed, &pool, [&r](quint64 id, const proto::Failed &f, int attempts) {
            r.failed.insert(id, f);
            r.attempts.insert(id, attempts);
        });
        connect(&pool, &JobRunner::log, &pool, [&r](const Message &m) { r.log << m.english(); });
    }

    // Reports the pool's events into r, then starts it; false (with the reason printed) when it
    // cannot start.
    static bool startTracked(WorkerPool &pool, Results &r)
    {
        track(pool, r);
        QString error;
        if (pool.start(&error))
            return true;
        qWarning("the pool cannot start: %s", qPrintable(error));
        return false;
    }

    JobSpec spec(quint64 id, quint32 preset, const QByteArray &input)
    {
        JobSpec s;
        s.id = id;
        s.presetId = preset;
        s.inputPath = input;
        s.outputPattern = QFile::encodeName(m_dir.filePath(QString("out-%1.jpg").arg(id)));
        s.tempPath = QFile::encodeName(m_dir.filePath(QString(".out-%1.part").arg(id)));
        return s;
    }

    static quint32 thumbnail(WorkerPool &pool)
    {
        return pool.registerPreset(QJsonDocument(PresetLibrary({}).find("thumbnail")->preset.toJson()).toJson());
    }

    // Lets the worker go on with a job held by the "pixelpool-test-gate" hook.
    static void openGate(const QByteArray &input)
    {
        QFile go(QFile::decodeName(input + ".go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
    }

    // The pool's connection to its one worker. Blocking its signals keeps the pool from seeing
    // the frames that arrive meanwhile, as if the event loop handled the worker's exit first.
    static QLocalSocket *workerSocket(WorkerPool &pool)
    {
        QLocalSocket *found = nullptr;
        for (QLocalSocket *s : pool.findChildren<QLocalSocket *>())
            if (s->state() == QLocalSocket::ConnectedState)
                found = s;
        return found;
    }

    // When job `id` has started (its first attempt), hides the worker's next frames from the pool
    // and lets the gated job go on: the pool then sees the worker's exit before those frames.
    void seeExitBeforeFramesAfterStart(WorkerPool &pool, Results &r, quint64 id, const QByteArray &gated)
    {
        connect(&pool, &JobRunner::jobStarted, this, [&pool, &r, id, gated](quint64 started) {
            if (started != id || r.starts[id] != 1)
                return;
            QLocalSocket *socket = workerSocket(pool);
            QVERIFY(socket);
            socket->blockSignals(true);
            openGate(gated);
        });
    }

    // Job 1 finished once (its output written), the worker's exits were charged to job 2 alone
    // (run twice, failed after two attempts), job 3 done: two workers replaced, no more.
    void checkOnlyTheSecondJobWasCharged(WorkerPool &pool, const Results &r)
    {
        QCOMPARE(r.starts.value(1), 1);
        QCOMPARE(r.finished.count(1), 1);
        QVERIFY(QFileInfo::exists(m_dir.filePath("out-1.jpg")));
        QVERIFY(r.failed.contains(2));
        QVERIFY2(r.failed[2].message.contains("exited unexpectedly with code 7"), qPrintable(r.failed[2].message));
        QCOMPARE(r.attempts[2], 2);
        QCOMPARE(r.starts.value(2), 2); // charged twice, run twice: no extra attempt
        QCOMPARE(r.finished.count(3), 1);
        QCOMPARE(pool.workersReplaced(), 2);
    }

    static bool waitIdle(WorkerPool &pool, int ms = 30000)
    {
        return QTest::qWaitFor([&] { return pool.pendingCount() == 0; }, ms);
    }

    // A test that needs limits of its own (which a process cannot raise again), or a front end to
    // kill, runs its body in a child: this program again, running only that test function.
    static bool inChild() { return qgetenv("PIXELPOOL_TEST_CHILD") == QTest::currentTestFunction(); }
    static void startChild(QProcess *child)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("PIXELPOOL_TEST_CHILD", QString::fromLatin1(QTest::currentTestFunction()));
        child->setProcessEnvironment(env);
        child->setProcessChannelMode(QProcess::MergedChannels);
        child->start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(QTest::currentTestFunction())});
        QVERIFY(child->waitForStarted());
    }
    static void runInChild()
    {
        QProcess child;
        startChild(&child);
        const bool ended = child.waitForFinished(120000);
        const QByteArray said = child.readAll();
        QVERIFY2(ended && child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, said.constData());
    }
    // In a child: at most `limit` open files, for good (the hard limit too).
    static void limitOpenFiles(rlim_t limit)
    {
        const rlimit l{limit, limit};
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &l), 0);
    }
    static int openFiles()
    {
        return int(QDir("/proc/self/fd").entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size());
    }
    // A pid no process has here, as a front end in another PID namespace looks from this one:
    // pid_max, which the kernel never gives (pids stay below it), so none can be reused meanwhile.
    static qint64 unseenPid()
    {
        QFile f("/proc/sys/kernel/pid_max");
        const qint64 pid = f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLongLong() : 0;
        return pid > 1 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH ? pid : 0;
    }

private slots:
    void runsJobsOnSeveralWorkersWithPreviews()
    {
        WorkerPool pool(settings());
        Results r;
        track(pool, r);
        QString error;
        QVERIFY2(pool.start(&error), qPrintable(error));
        const quint32 preset = thumbnail(pool);
        // Both workers ready first: on a loaded machine one could otherwise do all 8 alone.
        QVERIFY(QTest::qWaitFor([&] { return pool.readyWorkers() == 2; }, 20000));
        for (quint64 i = 1; i <= 8; ++i)
            pool.submit(spec(i, preset, makeImage(QString("a%1.png").arg(i))));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished.size(), 8);
        QVERIFY(r.failed.isEmpty());
        QCOMPARE(r.pids.size(), 2);
        const Preview p = r.previews.value(1);
        QVERIFY(!p.isNull());
        QCOMPARE(p.width(), 64);
        QCOMPARE(p.height(), 48);
        const uint8_t *px = p.scanLine(2) + 2 * 4; // B, G, R, A
        QVERIFY(px[1] > 150 && px[2] < 60);        // the green of the source, via shared memory
    }

    // Frames go straight into the socket; what it cannot take now waits in Qt's buffer, and
    // everything after it too: the peer reads every byte, in order.
    void framesReachThePeerWholeAndInOrder()
    {
        QLocalServer server;
        server.setSocketOptions(QLocalServer::UserAccessOption);
        QVERIFY(server.listen(m_dir.filePath("write.sock")));
        QLocalSocket client;
        client.connectToServer(server.fullServerName());
        QVERIFY(client.waitForConnected(5000));
        QVERIFY(server.waitForNewConnection(5000));
        QLocalSocket *peer = server.nextPendingConnection();
        QVERIFY(peer);

        QByteArray expected;
        const auto frame = [&](int bytes, char fill) {
            const QByteArray f(bytes, fill);
            expected += f;
            writeSoon(&client, f);
        };
        frame(100, 'a');
        QCOMPARE(client.bytesToWrite(), qint64(0)); // no event loop needed
        int room = 0;
        socklen_t len = sizeof room;
        QCOMPARE(::getsockopt(int(client.socketDescriptor()), SOL_SOCKET, SO_SNDBUF, &room, &len), 0);
        frame(4 * room + (1 << 20), 'b'); // more than the socket holds: the rest waits
        QVERIFY(client.bytesToWrite() > 0);
        frame(100, 'c'); // behind the waiting bytes, never before them
        frame(300 * 1024, 'd');
        QByteArray received;
        QVERIFY(QTest::qWaitFor(
            [&] {
                received += peer->readAll();
                return received.size() >= expected.size();
            },
            10000));
        QCOMPARE(received.size(), expected.size());
        QVERIFY(received == expected);

        // A peer that is gone: the failure is reported by the event loop, never from inside the
        // call (the pool may be in the middle of dispatching).
        bool disconnected = false;
        connect(&client, &QLocalSocket::disconnected, this, [&] { disconnected = true; });
        peer->abort();
        writeSoon(&client, QByteArray(64, 'e'));
        QVERIFY(!disconnected);
        QVERIFY(QTest::qWaitFor([&] { return disconnected; }, 10000));
    }

    // A job that runs past the first tenth of a second reports its steps; the worker keeps
    // quiet about the steps of quick ones (WorkerService: kProgressAfterMs).
    void slowJobsReportTheirSteps()
    {
        REQUIRE_TEST_HOOKS();
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        QList<int> steps;
        int total = 0;
        connect(&pool, &JobRunner::jobProgress, &pool, [&](quint64 id, int step, int of) {
            QCOMPARE(id, quint64(1));
            steps << step;
            total = of;
        });
        const QByteArray held = makeImage("slow-pixelpool-test-gate.png");
        // Held past the threshold after its Started frame: every step comes after it.
        connect(&pool, &JobRunner::jobStarted, this, [&](quint64 id) {
            if (id == 1)
                QTimer::singleShot(250, this, [&] { openGate(held); });
        });
        pool.submit(spec(1, thumbnail(pool), held));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished, QList<quint64>{1});
        QVERIFY(total > 0);
        QCOMPARE(steps.size(), total); // every step, in order, each as it begins
        for (int i = 0; i < steps.size(); ++i)
            QCOMPARE(steps[i], i);
    }

    void imageDataWithoutAFileGoesThroughSharedMemory()
    {
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        QFile f(QFile::decodeName(makeImage("mem.png")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        JobSpec s = spec(1, thumbnail(pool), {});
        s.inputKind = proto::InputKind::SharedMemory;
        s.inputData = f.readAll();
        pool.submit(s);
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished, QList<quint64>{1});
    }

    void pauseHoldsTheBatchButNotPreviews()
    {
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        pool.setPaused(true);
        pool.submit(spec(1, preset, makeImage("held.png")));
        JobSpec preview = spec(2, preset, makeImage("preview.png"));
        preview.previewOnly = true;
        preview.priority = JobPriority::Interactive; // what the window's before/after preview sends
        JobSpec thumb = spec(3, preset, makeImage("thumb.png"));
        thumb.previewOnly = true;
        thumb.priority = JobPriority::Background;
        pool.submit(thumb);
        pool.submit(preview);
        QVERIFY(QTest::qWaitFor([&] { return r.finished.contains(3); }, 20000));
        QTest::qWait(300);
        QVERIFY(!r.finished.contains(1)); // the batch job waits for resume
        pool.setPaused(false);
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished, (QList<quint64>{2, 3, 1}));
    }

    void queueLanesKeepTheirOrder()
    {
        JobQueue<int> q;
        q.push(1, JobPriority::Batch);
        q.push(2, JobPriority::Background);
        q.push(3, JobPriority::Interactive);
        q.push(4, JobPriority::Batch);
        q.pushFront(5, JobPriority::Batch); // a retry goes first within its lane
        q.push(6, JobPriority::Interactive);
        QCOMPARE(q.size(), size_t(6));
        QCOMPARE(q.available(true), size_t(3)); // paused: the batch lane waits
        QCOMPARE(q.take(true), 3);
        QCOMPARE(q.take(true), 6);
        QCOMPARE(q.take(true), 2);
        QCOMPARE(q.available(true), size_t(0));
        QCOMPARE(q.available(false), size_t(3));
        QCOMPARE(q.removeIf([](int v) { return v == 1; }), std::vector<int>{1});
        QCOMPARE(q.take(false), 5);
        QCOMPARE(q.take(false), 4);
        QVERIFY(q.empty());
    }

    void shutdownLaterDoesNotWaitForWorkers()
    {
        REQUIRE_TEST_HOOKS();
        auto *pool = new WorkerPool(settings(1));
        Results r;
        track(*pool, r);
        QString error;
        QVERIFY(pool->start(&error));
        pool->submit(spec(1, thumbnail(*pool), makeImage("pixelpool-test-hang-shutdown.png")));
        QVERIFY(QTest::qWaitFor([&] { return r.starts.contains(1); }, 20000));
        const qint64 pid = pool->workerPids().value(0);
        const QString socketDir = QFileInfo(pool->socketPath()).path();
        QPointer<WorkerPool> alive(pool);
        pool->shutdownLater();
        // Returned at once: the hung worker is still there (only the pool's timer kills it).
        QVERIFY(alive);
        QCOMPARE(::kill(pid_t(pid), 0), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!alive, 10000); // deleted itself once its worker had ended
        QVERIFY(::kill(pid_t(pid), 0) != 0);
        QVERIFY(!QFileInfo::exists(socketDir));
        QVERIFY(r.failed.isEmpty()); // no job signal after shutdownLater()
        QVERIFY(r.finished.isEmpty());
    }

    void crashedJobIsRetriedOnceInAFreshWorker()
    {
        REQUIRE_TEST_HOOKS();
        WorkerPool pool(settings());
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        pool.submit(spec(1, preset, makeImage("pixelpool-test-crashonce.png")));
        pool.submit(spec(2, preset, makeImage("pixelpool-test-crash.png")));
        for (quint64 i = 3; i <= 6; ++i)
            pool.submit(spec(i, preset, makeImage(QString("ok%1.png").arg(i))));
        QVERIFY(waitIdle(pool));
        QVERIFY(r.finished.contains(1)); // crashed once, then done
        QVERIFY(r.failed.contains(2));
        QVERIFY2(r.failed[2].message.contains("worker crashed: signal 11 (SIGSEGV)"), qPrintable(r.failed[2].message));
        QCOMPARE(r.attempts[2], 2);
        QCOMPARE(r.finished.size() + r.failed.size(), 6);                                        // nothing lost
        QCOMPARE(QSet<quint64>(r.finished.begin(), r.finished.end()).size(), r.finished.size()); // nothing twice
        // The pool keeps its size: a slot left empty (a worker lost with nothing waiting) is filled
        // when work comes.
        pool.submit(spec(7, preset, makeImage("ok7.png")));
        QCOMPARE(pool.workerPids().size(), 2);
        QVERIFY(waitIdle(pool));
        QVERIFY(r.finished.contains(7));
    }

    // A worker lost on the last image (here a --timeout) is not replaced: nothing waits for it, and
    // the log does not say a replacement starts. The next job brings a worker back. Before, a
    // replacement was started, said so, and was killed unused when the batch ended.
    void aWorkerLostWithNothingWaitingIsNotReplaced()
    {
        REQUIRE_TEST_HOOKS();
        RunnerSettings s = settings(1);
        s.timeoutSeconds = 1;
        s.retries = 0;
        WorkerPool pool(s);
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        pool.submit(spec(1, preset, makeImage("pixelpool-test-hang.png")));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.failed.value(1).code, proto::FailureCode::TimedOut);
        QCOMPARE(r.log.size(), 1);
        QVERIFY2(QRegularExpression("^worker 0 \\(pid \\d+\\) lost: timed out after 1 s$").match(r.log[0]).hasMatch(),
                 qPrintable(r.log[0]));
        QCOMPARE(pool.workerPids().size(), 0); // no process started for nothing
        QCOMPARE(pool.workersReplaced(), 1);   // the summary's count: workers lost
        pool.submit(spec(2, preset, makeImage("after-the-loss.png")));
        QCOMPARE(pool.workerPids().size(), 1);
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished, QList<quint64>{2});
    }

    void protocolViolationsReplaceTheWorker_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("reason");
        QTest::newRow("garbage frame") << "pixelpool-test-badframe.png"
                                       << "malformed";
        QTest::newRow("oversized length") << "pixelpool-test-oversize.png"
                                          << "exceeds";
        QTest::newRow("unknown type") << "pixelpool-test-unknowntype.png"
                                      << "unknown message type";
        QTest::newRow("wrong job id") << "pixelpool-test-badindex.png"
                                      << "Finished for another job";
    }
    void protocolViolationsReplaceTheWorker()
    {
        REQUIRE_TEST_HOOKS();
        QFETCH(QString, name);
        QFETCH(QString, reason);
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        pool.submit(spec(1, preset, makeImage(name)));
        pool.submit(spec(2, preset, makeImage("fine.png")));
        QVERIFY(waitIdle(pool));
        QVERIFY(r.failed.contains(1));
        QVERIFY2(r.failed[1].message.contains(reason), qPrintable(r.failed[1].message));
        QCOMPARE(r.finished, QList<quint64>{2});
        QVERIFY(r.log.join("\n").contains("; killing it"));
        QVERIFY(r.log.join("\n").contains("; starting a replacement")); // image 2 waits for one
    }

    // A region preview answers the region asked for: one of another region (a well-formed frame)
    // is a violation, and the worker is replaced; a true one comes back with both regions.
    void regionPreviewsMatchTheJob()
    {
        REQUIRE_TEST_HOOKS();
        RunnerSettings s = settings(1);
        s.previewMax = 64;
        WorkerPool pool(s);
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        JobSpec lie = spec(1, preset, makeImage("pixelpool-test-regionlie.png"));
        lie.previewOnly = true;
        lie.region = {4, 4, 8, 8};
        pool.submit(lie);
        JobSpec truth = spec(2, preset, makeImage("fine.png"));
        truth.previewOnly = true;
        truth.region = {4, 4, 8, 8};
        proto::Finished result;
        Preview preview;
        connect(&pool, &JobRunner::jobFinished, this, [&](quint64, const proto::Finished &f, const Preview &p) {
            result = f;
            preview = p;
        });
        pool.submit(truth);
        QVERIFY(waitIdle(pool));
        QVERIFY(r.failed.contains(1));
        QVERIFY2(r.failed[1].message.contains("region preview does not match"), qPrintable(r.failed[1].message));
        QVERIFY(r.log.join("\n").contains("; killing it"));
        QCOMPARE(r.finished, QList<quint64>{2});
        QCOMPARE(result.beforeRegion, (proto::Region{4, 4, 8, 8}));
        QVERIFY(!result.afterRegion.isEmpty());
        QCOMPARE(preview.width(), 8 + result.afterRegion.width);
    }

    // A worker sends Finished for job 1, Started for job 2, and exits at once: its last frames
    // and its exit reach the front end together. The event loop sees the exit first here. The
    // frames still count: job 1 is done exactly once, and the exit is charged to job 2 alone.
    void lastFramesCountWhenTheExitIsSeenFirst()
    {
        REQUIRE_TEST_HOOKS();
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        const QByteArray first = makeImage("a-pixelpool-test-gate.png");
        seeExitBeforeFramesAfterStart(pool, r, 1, first);
        pool.submit(spec(1, preset, first));
        pool.submit(spec(2, preset, makeImage("b-pixelpool-test-exitnow.png")));
        pool.submit(spec(3, preset, makeImage("c.png")));
        QVERIFY(waitIdle(pool));
        checkOnlyTheSecondJobWasCharged(pool, r);
    }

    // The same frames, handled before the exit.
    void lastFramesCountWhenTheyAreSeenFirst()
    {
        REQUIRE_TEST_HOOKS();
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        const QByteArray first = makeImage("a-pixelpool-test-gate.png");
        const QByteArray second = makeImage("b-pixelpool-test-gate-pixelpool-test-exitnow.png");
        connect(&pool, &JobRunner::jobStarted, this, [&](quint64 id) {
            if (id == 1)
                openGate(first);
            else if (id == 2) // Finished 1 and Started 2 are handled: now it may exit
                openGate(second);
        });
        pool.submit(spec(1, preset, first));
        pool.submit(spec(2, preset, second));
        pool.submit(spec(3, preset, makeImage("c.png")));
        QVERIFY(waitIdle(pool));
        checkOnlyTheSecondJobWasCharged(pool, r);
    }

    // Killed after Finished for job 1 and before Started for job 2 (the exit seen first): nobody
    // is blamed, job 1 is not run again and job 2 goes to the replacement unharmed.
    void workerKilledBetweenTwoFrames()
    {
        REQUIRE_TEST_HOOKS();
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        const QByteArray first = makeImage("a-pixelpool-test-gate-pixelpool-test-killafter.png");
        seeExitBeforeFramesAfterStart(pool, r, 1, first);
        pool.submit(spec(1, preset, first));
        pool.submit(spec(2, preset, makeImage("b.png")));
        pool.submit(spec(3, preset, makeImage("c.png")));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.starts.value(1), 1);
        QCOMPARE(r.finished.count(1), 1);
        QCOMPARE(r.starts.value(2), 1);
        QCOMPARE(r.finished.count(2), 1);
        QCOMPARE(r.finished.count(3), 1);
        QVERIFY(r.failed.isEmpty());
        QCOMPARE(pool.workersReplaced(), 1);
    }

    void hungImageTimesOut()
    {
        REQUIRE_TEST_HOOKS();
        RunnerSettings s = settings(1);
        s.timeoutSeconds = 1;
        WorkerPool pool(s);
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        pool.submit(spec(1, preset, makeImage("pixelpool-test-hang.png")));
        pool.submit(spec(2, preset, makeImage("after-hang.png")));
        QVERIFY(waitIdle(pool));
        QVERIFY2(r.failed.value(1).message.contains("timed out after 1 s"), qPrintable(r.failed.value(1).message));
        QCOMPARE(r.finished, QList<quint64>{2});
    }

    // The killed worker of a timed-out image may not be reaped yet when the pool goes (a batch
    // that ends on that failure): the pool waits for it, where Qt warned "QProcess: Destroyed
    // while process … is still running" and reaped it itself (2 of 4 `--timeout` runs). The pool
    // goes right after the failure, with no event between them in which the process could end.
    void aTimedOutWorkerIsReapedWhenThePoolGoes()
    {
        REQUIRE_TEST_HOOKS();
        QTest::failOnWarning(QRegularExpression("Destroyed while process"));
        RunnerSettings s = settings(1);
        s.timeoutSeconds = 1;
        auto pool = std::make_unique<WorkerPool>(s);
        Results r;
        QVERIFY(startTracked(*pool, r));
        const quint32 preset = thumbnail(*pool);
        QEventLoop loop;
        connect(pool.get(), &JobRunner::jobFailed, &loop, &QEventLoop::quit, Qt::DirectConnection);
        pool->submit(spec(1, preset, makeImage("pixelpool-test-hang.png")));
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY2(r.failed.value(1).message.contains("timed out after 1 s"), qPrintable(r.failed.value(1).message));
        pool.reset();
    }

    // A batch whose output folder went takes back what no worker has yet: the job running (held at
    // the gate) and the one prefetched behind it go on, the queued ones come back and never run.
    void withdrawTakesBackOnlyWhatNoWorkerHas()
    {
        REQUIRE_TEST_HOOKS();
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        const QByteArray gated = makeImage("w-pixelpool-test-gate.png");
        pool.submit(spec(1, preset, gated));
        for (quint64 i = 2; i <= 5; ++i)
            pool.submit(spec(i, preset, makeImage(QString("w%1.png").arg(i))));
        QVERIFY(QTest::qWaitFor([&] { return r.starts.contains(1); }, 20000));
        QCOMPARE(pool.jobsOnWorkers(), 2);
        QList<quint64> taken = pool.withdraw({1, 2, 3, 4, 5});
        std::sort(taken.begin(), taken.end());
        QCOMPARE(taken, (QList<quint64>{3, 4, 5}));
        QCOMPARE(pool.pendingCount(), 2);
        openGate(gated);
        QVERIFY(waitIdle(pool));
        std::sort(r.finished.begin(), r.finished.end());
        QCOMPARE(r.finished, (QList<quint64>{1, 2}));
        QVERIFY(r.failed.isEmpty());
    }

    void workersAreRecycledAfterMaxTasks()
    {
        RunnerSettings s = settings(1);
        s.maxTasksPerWorker = 2;
        WorkerPool pool(s);
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        for (quint64 i = 1; i <= 6; ++i)
            pool.submit(spec(i, preset, makeImage(QString("m%1.png").arg(i))));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished.size(), 6);
        QCOMPARE(r.pids.size(), 3);
    }

    void strangersAreTurnedAway()
    {
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        QVERIFY(QTest::qWaitFor([&] { return !pool.workerPids().isEmpty(); }));
        QLocalSocket intruder;
        intruder.connectToServer(pool.socketPath());
        QVERIFY(intruder.waitForConnected(2000));
        intruder.write(proto::encode(proto::Hello{proto::kProtocolVersion, QByteArray(64, 'a'), ::getpid()}));
        QTRY_COMPARE_WITH_TIMEOUT(intruder.state(), QLocalSocket::UnconnectedState, 3000);
        QVERIFY(r.log.join("\n").contains("wrong token"));
        // The socket's folder is private to this user.
        const QFileInfo dir(QFileInfo(pool.socketPath()).path());
        QCOMPARE(dir.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::ExeOther), QFile::Permissions());
    }

    void cancelStopsEverything()
    {
        WorkerPool pool(settings());
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        for (quint64 i = 1; i <= 40; ++i)
            pool.submit(spec(i, preset, makeImage(QString("c%1.png").arg(i))));
        QTRY_VERIFY(!r.finished.isEmpty());
        QList<quint64> all;
        for (quint64 i = 1; i <= 40; ++i)
            all << i;
        const QList<quint64> dropped = pool.cancel(all);
        QVERIFY(waitIdle(pool, 10000));
        QCOMPARE(r.finished.size() + r.failed.size() + dropped.size(), 40);
        for (const proto::Failed &f : r.failed)
            QCOMPARE(f.code, proto::FailureCode::Cancelled);
        QVERIFY(!QDir(m_dir.path()).entryList(QDir::Hidden | QDir::Files).join(",").contains(".part"));
    }

    // A batch's cancel stops its own jobs only: the window's previews on the same pool go on. The
    // batch's first image holds the one worker at the gate, so everything else is still queued
    // when the cancel comes; the worker ignores the cancel and is replaced after the grace period.
    void cancelStopsTheseJobsAndNoOthers()
    {
        REQUIRE_TEST_HOOKS();
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        QList<quint64> batch;
        for (quint64 i = 1; i <= 30; ++i) {
            pool.submit(spec(i, preset, makeImage(QString(i == 1 ? "pixelpool-test-gate-b%1.png" : "b%1.png").arg(i))));
            batch << i;
        }
        for (quint64 i = 101; i <= 104; ++i) // the window's previews, queued behind the batch
            pool.submit(spec(i, preset, makeImage(QString("p%1.png").arg(i))));
        QVERIFY(QTest::qWaitFor([&] { return r.starts.contains(1); }, 20000));
        const QList<quint64> dropped = pool.cancel(batch);
        QVERIFY(waitIdle(pool, 20000));
        // Queued ones dropped; the running one (and one the worker had prefetched) cancelled.
        QCOMPARE(dropped.size() + r.failed.size(), 30);
        QVERIFY(r.failed.size() <= 2);
        QCOMPARE(r.failed.value(1).code, proto::FailureCode::Cancelled);
        for (auto it = r.failed.cbegin(); it != r.failed.cend(); ++it) {
            QVERIFY(batch.contains(it.key()) && !dropped.contains(it.key()));
            QCOMPARE(it->code, proto::FailureCode::Cancelled);
        }
        QCOMPARE(r.finished.size(), 4);
        for (quint64 i = 101; i <= 104; ++i)
            QVERIFY2(r.finished.contains(i), qPrintable(QString("preview %1 was stopped too").arg(i)));
        QVERIFY2(r.log.join("\n").contains("put down: its image went on 3 s after the cancel; starting a replacement"),
                 qPrintable(r.log.join("\n")));
    }

    void cancelledBeforeItsStartIsStillWatched()
    {
        // The worker has started the job (its Started frame is in the socket) but the pool has
        // not read that yet when the job is cancelled; the worker then does not stop (held at
        // the gate, as a stuck decoder would be). It must be put down after the grace period like
        // one cancelled while seen running, not left running.
        REQUIRE_TEST_HOOKS();
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        QTRY_COMPARE_WITH_TIMEOUT(pool.readyWorkers(), 1, 20000);
        QLocalSocket *socket = workerSocket(pool);
        QVERIFY(socket);
        pool.submit(spec(1, thumbnail(pool), makeImage("pixelpool-test-gate-unstarted.png")));
        QCOMPARE(pool.jobsOnWorkers(), 1); // sent at once
        socket->flush();                   // written, as the event loop would
        // Wait for the worker's Started without running the event loop: the pool sees nothing.
        pollfd pfd{int(socket->socketDescriptor()), POLLIN, 0};
        QCOMPARE(::poll(&pfd, 1, 20000), 1);
        QVERIFY(pool.cancel({1}).isEmpty());
        QVERIFY(waitIdle(pool, 20000)); // the gate alone would hold it for 60 s
        QCOMPARE(r.starts.value(1), 1);
        QCOMPARE(r.failed.value(1).code, proto::FailureCode::Cancelled);
        // Nothing else waits: no replacement is started, and the log says none.
        QVERIFY2(r.log.join("\n").endsWith("put down: its image went on 3 s after the cancel"),
                 qPrintable(r.log.join("\n")));
        QCOMPARE(pool.workerPids().size(), 0);
    }

    // Each worker costs the front end open files: a pool asked for more than the limit leaves
    // room for runs with fewer and says so (before, 32 workers in 64 files: the start failures
    // gave up inside start(), and the batch waited for ever; 16 crashed).
    void theWorkerCountFitsTheFileLimit()
    {
        if (!inChild())
            return runInChild();
        limitOpenFiles(64);
        WorkerPool pool(settings(32));
        Results r;
        QVERIFY(startTracked(pool, r));
        QVERIFY2(pool.workerCount() >= 1 && pool.workerCount() < 32, qPrintable(QString::number(pool.workerCount())));
        const quint32 preset = thumbnail(pool);
        for (quint64 i = 1; i <= 20; ++i)
            pool.submit(spec(i, preset, makeImage(QString("f%1.png").arg(i))));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished.size(), 20);
        QVERIFY(r.failed.isEmpty());
        const QString said =
            QString("running %1 of the 32 workers asked for: each needs about ").arg(pool.workerCount());
        const QString log = r.log.join("\n");
        QVERIFY2(log.contains(said) && log.contains("open files, and the limit is 64 (ulimit -n)"), qPrintable(log));
        QVERIFY2(!log.contains("lost"), qPrintable(log));
    }

    // The soft limit is raised to the hard one for the front end; its workers keep the one it had.
    void theFileLimitIsRaisedForTheFrontEndOnly()
    {
        if (!inChild())
            return runInChild();
        rlimit l{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &l), 0);
        if (l.rlim_max < 4096)
            QSKIP("the hard limit on open files is below 4096");
        l.rlim_cur = 64;
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &l), 0);
        WorkerPool pool(settings(16));
        Results r;
        QVERIFY(startTracked(pool, r));
        QVERIFY(QTest::qWaitFor([&] { return pool.readyWorkers() == 16; }, 30000));
        QCOMPARE(pool.workerCount(), 16);
        rlimit now{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &now), 0);
        QVERIFY2(now.rlim_cur > 64 && now.rlim_cur <= l.rlim_max, qPrintable(QString::number(now.rlim_cur)));
        QFile limits(QString("/proc/%1/limits").arg(pool.workerPids().first()));
        QVERIFY(limits.open(QIODevice::ReadOnly));
        const QByteArray text = limits.readAll();
        QVERIFY2(QRegularExpression("Max open files +64 ").match(QString::fromLatin1(text)).hasMatch(),
                 text.constData());
        QVERIFY(r.log.isEmpty());
    }

    // A pool whose workers fit the limit leaves it as it was (before, the soft limit was raised to
    // the hard one at every start, and every other child of the window inherited it).
    void theFileLimitIsLeftWhenTheWorkersFit()
    {
        if (!inChild())
            return runInChild();
        rlimit l{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &l), 0);
        if (l.rlim_max <= 1024)
            QSKIP("the hard limit on open files is not above 1024");
        l.rlim_cur = 1024;
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &l), 0);
        WorkerPool pool(settings(2));
        Results r;
        QVERIFY(startTracked(pool, r));
        QVERIFY(QTest::qWaitFor([&] { return pool.readyWorkers() == 2; }, 30000));
        rlimit now{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &now), 0);
        QCOMPARE(now.rlim_cur, rlim_t(1024));
    }

    // No worker can start: every job fails "workers cannot start", with the reason that is (before:
    // Qt's "No such file or directory").
    void noWorkerStartsWithoutFiles()
    {
        if (!inChild())
            return runInChild();
        WorkerPool pool(settings(2));
        Results r;
        track(pool, r);
        QStringList fatal;
        connect(&pool, &JobRunner::fatal, &pool, [&](const QString &m) { fatal << m; });
        const rlim_t limit = rlim_t(openFiles() + 4); // the run folder's lock and the socket fit, a process does not
        limitOpenFiles(limit);
        QString error;
        QVERIFY2(pool.start(&error), qPrintable(error));
        const quint32 preset = thumbnail(pool);
        for (quint64 i = 1; i <= 3; ++i)
            pool.submit(spec(i, preset, "/nonexistent.png"));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.failed.size(), 3);
        const QString why = QString("too many open files (the limit is %1: ulimit -n)").arg(limit);
        for (const proto::Failed &f : std::as_const(r.failed)) {
            QCOMPARE(f.code, proto::FailureCode::WorkersCannotStart);
            QVERIFY2(f.message.startsWith("workers cannot start (cannot start worker ") &&
                         f.message.endsWith(why + ")"),
                     qPrintable(f.message));
        }
        QCOMPARE(fatal.size(), 1);
        QVERIFY(r.log.join("\n").contains("running 1 of the 2 workers asked for"));
        QVERIFY2(!r.log.join("\n").contains("lost"), qPrintable(r.log.join("\n")));
    }

    // The worker file under a name the test removes and restores: a start that fails on cue.
    QString workerCopy(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        return QFile::link(QFileInfo(PIXELPOOL_WORKER).absoluteFilePath(), path) ? path : QString();
    }

    // A worker lost while no replacement can start: the pool goes on with the others and says so
    // once (before: each failed start was replaced inside the last one's failure, thousands deep,
    // until the stack overflowed). The worker file is removed after the first workers started.
    void aReplacementThatCannotStartLeavesThePoolSmaller()
    {
        RunnerSettings s = settings(3);
        s.workerExecutable = workerCopy("vanishing-worker");
        QVERIFY(!s.workerExecutable.isEmpty());
        WorkerPool pool(s);
        Results r;
        QVERIFY(startTracked(pool, r));
        QVERIFY(QTest::qWaitFor([&] { return pool.readyWorkers() == 3; }, 20000));
        const quint32 preset = thumbnail(pool);
        QList<QByteArray> gated;
        for (quint64 i = 1; i <= 10; ++i) {
            gated << makeImage(QString("pixelpool-test-gate-%1.png").arg(i));
            pool.submit(spec(i, preset, gated.last()));
        }
        QTRY_COMPARE(pool.jobsOnWorkers(), 6);
        QVERIFY(QFile::remove(s.workerExecutable));
        ::kill(pid_t(pool.workerPids().first()), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(r.log.join("\n").contains("running with"), 10000);
        for (const QByteArray &input : gated)
            openGate(input);
        QVERIFY(waitIdle(pool, 60000));
        QCOMPARE(r.finished.size() + r.failed.size(), 10);
        QVERIFY(r.finished.size() >= 9); // the killed worker's running job may have used its retry
        QCOMPARE(pool.workerPids().size(), 2);
        QCOMPARE(pool.workerCount(), 2);
        const QStringList said = r.log.filter("running with");
        QCOMPARE(said.size(), 1); // its slot stays closed while the file is missing
        QVERIFY2(said.first().startsWith("running with 2 of 3 workers: cannot start worker " + s.workerExecutable),
                 qPrintable(said.first()));
        QCOMPARE(r.log.filter("lost").size(), 1); // the one killed
    }

    // A start that failed for a while (here the worker file was missing; out of files or
    // processes is the same) does not shrink the pool for good: the slot is tried again after a
    // backoff, and a pool that gave up runs the next job submitted (before: the window kept the
    // fewer workers, or none, until it was restarted).
    void aSlotWhoseWorkerCouldNotStartIsTriedAgain()
    {
        RunnerSettings s = settings(1);
        s.workerExecutable = workerCopy("returning-worker");
        QVERIFY(!s.workerExecutable.isEmpty());
        WorkerPool pool(s);
        Results r;
        QStringList fatal;
        connect(&pool, &JobRunner::fatal, &pool, [&](const QString &m) { fatal << m; });
        QVERIFY(startTracked(pool, r));
        QVERIFY(QTest::qWaitFor([&] { return pool.readyWorkers() == 1; }, 20000));
        const quint32 preset = thumbnail(pool);
        const QByteArray gated = makeImage("pixelpool-test-gate-again.png");
        pool.submit(spec(1, preset, gated));
        pool.submit(spec(2, preset, makeImage("again2.png")));
        QTRY_COMPARE(r.starts.value(1), 1);
        QVERIFY(QFile::remove(s.workerExecutable));
        ::kill(pid_t(pool.workerPids().first()), SIGKILL);
        QVERIFY(waitIdle(pool, 20000)); // no worker can start: both fail
        QCOMPARE(fatal.size(), 1);
        QCOMPARE(r.failed.size(), 2);
        QVERIFY(!workerCopy("returning-worker").isEmpty());
        openGate(gated);
        pool.submit(spec(3, preset, makeImage("again3.png")));
        QVERIFY(waitIdle(pool, 30000));
        QCOMPARE(r.finished, QList<quint64>{3});
        QCOMPARE(pool.workerCount(), 1);
    }

    // A front end another PID namespace runs (a container sharing /tmp or the runtime folder) has
    // a pid no process has here. Its run files and its temporaries are kept while it holds its run
    // folder's lock (before: removed by its pid, and its workers could no longer connect), and
    // swept once it lets go.
    void aRunHoldingItsLockIsNotSwept()
    {
        const qint64 pid = unseenPid();
        QVERIFY(pid > 0);
        const QString run = QString("pixelpool-%1-0123456789abcdef").arg(pid);
        const QString folder = runtimeBaseDir() + "/" + run;
        QVERIFY(QDir().mkdir(folder));
        const int lock = ::open(QFile::encodeName(folder + "/lock").constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        QVERIFY(lock >= 0);
        QCOMPARE(::flock(lock, LOCK_EX | LOCK_NB), 0);
        QString error;
        auto segment = SharedSegment::create("/" + run.toLatin1() + "-in1a0", 64, &error);
        QVERIFY2(segment, qPrintable(error));
        QTemporaryDir out;
        const QString temporary = out.filePath(".a.jpg." + run + "-1.part");
        QFile part(temporary);
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.close();
        Preset preset = PresetLibrary({}).find("classic")->preset;
        const auto plan = [&] {
            OutputPlanner planner(preset, out.path(), "tag"); // sweeps the folder's stale temporaries
            QVERIFY(planner.plan({"/in/photo.png", {}, {}}, 1, 1, {}).error.isEmpty());
        };

        removeStaleRunFiles();
        plan();
        QVERIFY(QFileInfo::exists(folder));
        QVERIFY(QFileInfo::exists("/dev/shm" + QString::fromLatin1(segment->name())));
        QVERIFY(QFileInfo::exists(temporary));
        QVERIFY(processAlive(pid));

        ::close(lock); // the front end has ended
        QVERIFY(!processAlive(pid));
        removeStaleRunFiles();
        plan();
        QVERIFY(!QFileInfo::exists(folder));
        QVERIFY(!QFileInfo::exists("/dev/shm" + QString::fromLatin1(segment->name())));
        QVERIFY(!QFileInfo::exists(temporary));
    }

    // Two front ends starting together: one's sweep never removes the other's run folder while it
    // is being made (before, a sweep between the lock file's creation and its flock took the lock
    // as free, removed the folder, and the starting front end failed "cannot create the private
    // folder"). A sweep runs after every step of the making, and a thread sweeps all along.
    void aStartingRunIsNeverSwept()
    {
        QTemporaryDir base("/tmp/pp-sweep-XXXXXX");
        QVERIFY(base.isValid());
        const bool wasSet = qEnvironmentVariableIsSet("XDG_RUNTIME_DIR");
        const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(base.path()));
        const auto restore = qScopeGuard([&] {
            if (wasSet)
                qputenv("XDG_RUNTIME_DIR", saved);
            else
                qunsetenv("XDG_RUNTIME_DIR");
        });
        QCOMPARE(runtimeBaseDir(), base.path());
        std::atomic<bool> stop{false};
        std::thread sweeper([&] {
            while (!stop)
                removeStaleRunFiles();
        });
        QString failure;
        int swept = 0;
        for (int i = 0; i < 300 && failure.isEmpty(); ++i) {
            const QString folder = base.filePath(QString("pixelpool-%1-%2").arg(::getpid()).arg(i, 0, 16));
            QString error;
            const int lock = makeLockedRunFolder(folder, &error, [&] { swept += removeStaleRunFiles(); });
            if (lock < 0)
                failure = error;
            else if (!QFileInfo::exists(folder + "/lock"))
                failure = "swept while running: " + folder;
            if (lock >= 0)
                ::close(lock);
        }
        stop = true;
        sweeper.join();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY(swept > 0); // the runs that had ended were swept meanwhile
    }

    // The same with a real PID namespace: a batch started in one does not take a running pool's
    // socket, and that pool's next workers still connect.
    void aSweepFromAnotherPidNamespaceKeepsARunningPool()
    {
        if (inChild()) {
            removeStaleRunFiles();
            return;
        }
        RunnerSettings s = settings(1);
        s.maxTasksPerWorker = 1; // each job in a fresh worker, which must connect to the socket
        WorkerPool pool(s);
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        pool.submit(spec(1, preset, makeImage("ns1.png")));
        QTRY_COMPARE(r.finished.size(), 1);
        QProcess sweep;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("PIXELPOOL_TEST_CHILD", QString::fromLatin1(QTest::currentTestFunction()));
        sweep.setProcessEnvironment(env);
        sweep.setProcessChannelMode(QProcess::MergedChannels);
        sweep.start("unshare", {"-p", "-f", "--mount-proc", QCoreApplication::applicationFilePath(),
                                QString::fromLatin1(QTest::currentTestFunction())});
        if (!sweep.waitForFinished(60000) || sweep.exitStatus() != QProcess::NormalExit || sweep.exitCode() != 0) {
            if (sweep.readAll().contains("unshare"))
                QSKIP("no new PID namespace here (unshare -p needs root or user namespaces)");
            QFAIL("the sweep in another PID namespace failed");
        }
        QVERIFY(QFileInfo::exists(pool.socketPath()));
        for (quint64 i = 2; i <= 3; ++i)
            pool.submit(spec(i, preset, makeImage(QString("ns%1.png").arg(i))));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished.size(), 3);
        QVERIFY(r.failed.isEmpty());
    }

    // A front end killed (kill -9) while an output its worker wrote waits for it (the front end
    // stalled, or not yet reading the result): the worker removes it as it goes (before, only a
    // temporary still being written was; the next batch into that folder swept the rest, and a
    // --shard run never did). Its run folder goes too.
    void aKilledFrontEndLeavesNoWrittenTemporary()
    {
        if (inChild()) {
            WorkerPool pool(settings(1));
            Results r;
            QVERIFY(startTracked(pool, r));
            pool.submit(spec(1, thumbnail(pool), makeImage("pixelpool-test-holdoutput.png")));
            std::printf("run folder: %s\nfolder: %s\n", qPrintable(QFileInfo(pool.socketPath()).path()),
                        qPrintable(m_dir.path()));
            std::fflush(stdout);
            QTest::qWait(60000); // killed meanwhile
            return;
        }
        QProcess frontEnd;
        startChild(&frontEnd);
        QString runFolder, folder; // the child's own
        QVERIFY(QTest::qWaitFor(
            [&] {
                while (frontEnd.canReadLine()) {
                    const QString line = QString::fromLocal8Bit(frontEnd.readLine().trimmed());
                    if (line.startsWith("run folder: "))
                        runFolder = line.mid(12);
                    else if (line.startsWith("folder: "))
                        folder = line.mid(8);
                }
                return !folder.isEmpty();
            },
            20000));
        const QString temporary = folder + "/.out-1.part";
        QVERIFY(QFileInfo::exists(runFolder));
        // The worker holds its result until "<input>.written.go": the output is complete, not committed.
        const bool written = QTest::qWaitFor(
            [&] {
                QFile f(temporary);
                return f.open(QIODevice::ReadOnly) && f.size() > 2 && f.readAll().endsWith("\xff\xd9");
            },
            20000);
        QTest::qWait(200); // the worker is past its write, in the hook
        frontEnd.kill();
        QVERIFY(frontEnd.waitForFinished());
        const auto gone = [](const QString &path) {
            return QTest::qWaitFor([&] { return !QFileInfo::exists(path); }, 5000);
        };
        const bool temporaryGone = gone(temporary), runFolderGone = gone(runFolder);
        const bool committed = QFileInfo::exists(folder + "/out-1.jpg");
        QDir(folder).removeRecursively(); // the killed child could not
        QVERIFY(written);
        QVERIFY(temporaryGone);
        QVERIFY(runFolderGone);
        QVERIFY(!committed);
    }

    // A worker's lists of temporaries hold every path of its last jobs written, each at its longest
    // (before: 64 KiB for up to 4 jobs of 8 outputs of 4096 bytes, and the others silently left
    // out), and a handler that reads a list while the next is written sees the one before whole
    // (before: the list read as empty while it was rewritten).
    void theListsOfTemporariesLoseNoPath()
    {
        QString folder = m_dir.path();
        while (folder.size() < proto::kMaxPathBytes - 200)
            folder += "/" + QString(100, 'd');
        QVERIFY(QDir().mkpath(folder));
        folder += "/" + QString(proto::kMaxPathBytes - 1 - folder.size() - 4, 'f'); // 4: "-NN" and a NUL
        QVector<QByteArray> paths;
        for (size_t i = 0; i < kWrittenJobsKept * (1 + proto::kMaxMoreOutputs); ++i) {
            paths << QFile::encodeName(folder + QString("-%1").arg(i, 2, 10, QChar('0')));
            QCOMPARE(int(paths.last().size()), proto::kMaxPathBytes - 1);
            QFile f(QFile::decodeName(paths.last()));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        std::vector<char> a(kWrittenListBytes), b(kWrittenListBytes);
        std::atomic<int> current{0};
        const PathList list{{a.data(), b.data()}, kWrittenListBytes, &current};
        QVERIFY(publishPaths(list, {paths.first()}));
        const char *seen = list.buffers[current.load() & 1]; // what a handler reading now has
        QVERIFY(publishPaths(list, paths));
        QCOMPARE(QByteArray(seen), paths.first()); // untouched while the next list was written
        unlinkPaths(list);
        for (const QByteArray &path : paths)
            QVERIFY2(!QFileInfo::exists(QFile::decodeName(path)), path.right(8).constData());
        QVERIFY(current.load() & kPathListReading);
        QVERIFY(publishPaths(list, {}));
        QCOMPARE(int(std::strlen(list.buffers[current.load() & 1])), proto::kMaxPathBytes - 1); // kept as read
    }

    void leavesNothingBehind()
    {
        QString socketDir;
        {
            WorkerPool pool(settings());
            QString error;
            QVERIFY(pool.start(&error));
            QVERIFY(waitIdle(pool));
            QTRY_COMPARE(pool.workerPids().size(), 2);
            socketDir = QFileInfo(pool.socketPath()).path();
            QVERIFY(QFileInfo::exists(socketDir));
        }
        QVERIFY(!QFileInfo::exists(socketDir));
        const QString mine = QString("pixelpool-%1-").arg(::getpid());
        QVERIFY(QDir("/dev/shm").entryList({mine + "*"}, QDir::Files | QDir::System).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPool)
#include "tst_pool.moc"
