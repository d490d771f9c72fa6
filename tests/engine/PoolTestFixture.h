// The worker pool tests' fixture: real worker processes (this build's), a temporary folder for
// images and outputs, and what a test needs to watch a pool (tst_pool, tst_pool_files).
#pragma once

#include "OutputPlanner.h"
#include "PresetLibrary.h"
#include "SocketWrite.h"
#include "ThreadStart.h"
#include "WorkerPool.h"
#include "WorkerService.h"
#include "TestHooks.h"

#include <QDeadlineTimer>
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
// An environment variable set while it lives (the workers a test starts inherit it), then unset.
struct ScopedEnv {
    ScopedEnv(const char *name, const QByteArray &value) : name(name) { qputenv(name, value); }
    ~ScopedEnv() { qunsetenv(name); }
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;
    const char *name;
};

struct Results {
    QList<quint64> finished;
    QHash<quint64, int> starts;
    QHash<quint64, JobFailure> failed;
    QHash<quint64, int> attempts;
    QSet<qint64> pids;
    QHash<quint64, Preview> previews;
    QStringList log;
    QStringList fatal; // JobRunner::fatal(), in English
    QStringList said;  // log lines and failures as they came: "log: <line>", "failed <id>: <message>"
};
} // namespace

class PoolTest : public QObject
{
protected:
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

    QByteArray makeImage(const QString &name, cv::Size size = {400, 300})
    {
        cv::Mat m(size, CV_8UC3, cv::Scalar(10, 200, 30));
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
        connect(&pool, &JobRunner::jobFailed, &pool, [&r](quint64 id, const JobFailure &f, int attempts) {
            r.failed.insert(id, f);
            r.attempts.insert(id, attempts);
            r.said << QString("failed %1: %2").arg(id).arg(f.message);
        });
        connect(&pool, &JobRunner::log, &pool, [&r](const Message &m) {
            r.log << m.english();
            r.said << "log: " + m.english();
        });
        connect(&pool, &JobRunner::fatal, &pool, [&r](const Message &m) { r.fatal << m.english(); });
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
    // In a child: the soft limit on open files set to `soft`, the hard one kept (in *set: both);
    // false, with nothing changed, when the hard limit is below `hardAtLeast`.
    static bool lowerSoftFileLimit(rlim_t soft, rlim_t hardAtLeast, rlimit *set)
    {
        if (::getrlimit(RLIMIT_NOFILE, set) != 0 || set->rlim_max < hardAtLeast)
            return false;
        set->rlim_cur = soft;
        return ::setrlimit(RLIMIT_NOFILE, set) == 0;
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
};
