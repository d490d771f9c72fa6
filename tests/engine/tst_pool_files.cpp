// The worker pool's files: the front end's open-file limit and the workers that fit it, a slot
// whose worker cannot start, the run folder's lock that keeps a running pool from being swept
// (also from another PID namespace), the temporaries a killed front end's workers remove, and the
// file a batch keeps by its name while it rewrites it (--report).
#include "PoolTestFixture.h"
#include "BatchRunner.h"
#include "WorkerSandbox.h"

#include <QLocalServer>
#include <QScopeGuard>
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tuple>

class TestPoolFiles : public PoolTest
{
    Q_OBJECT

    static bool writeFile(const QByteArray &path, const QByteArray &bytes)
    {
        QFile f(QFile::decodeName(path));
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
    }
    // Into the file `to` is (its inode kept), `from`'s bytes.
    static bool copyInto(const QByteArray &from, const QByteArray &to)
    {
        QFile f(QFile::decodeName(from));
        return f.open(QIODevice::ReadOnly) && writeFile(to, f.readAll());
    }

    // A batch of one held image ("pixelpool-test-holdoutput") into `out`, keeping `report` as
    // --report's file is kept (BatchRunner::protectFile), as shard 0 of 1 or as a batch of its own:
    // `meanwhile` runs once the worker has written the output, before the front end commits it.
    // *result: the image's final event.
    void runHeld(const Preset &preset, const QByteArray &input, const QString &out, const QByteArray &report,
                 bool shard, BatchEvent *result, const std::function<void()> &meanwhile)
    {
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        BatchRunner batch(&pool, preset, out);
        InputItem item;
        item.path = input;
        if (shard)
            batch.setWholeBatch({item}, {0});
        batch.protectFile(report);
        bool ended = false;
        connect(&batch, &BatchRunner::finished, &batch, [&](const BatchSummary &s) {
            ended = true;
            *result = s.results.value(0);
        });
        batch.start({item});
        QVERIFY(QTest::qWaitFor([&] { return QFile::exists(QFile::decodeName(input + ".written")); }, 20000));
        meanwhile();
        QFile go(QFile::decodeName(input + ".written.go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
        QVERIFY(QTest::qWaitFor([&] { return ended; }, 30000));
        pool.shutdown();
    }

private slots:
    // A worker is given what it needs and nothing more of the front end's: no file the front end was
    // started with and left open (QProcess closes none: a marker file opened without O_CLOEXEC, as a
    // launcher's or a shell's redirection is), and no token readable in /proc/<pid>/environ
    // (unsetenv() took it out of `environ` only). Both were there before (security review). And it
    // runs with no_new_privs: nothing it executes gains privileges.
    void aWorkerInheritsNoFileAndShowsNoToken()
    {
        const QByteArray marker = m_dir.filePath("inherited-marker").toUtf8();
        const int fd = ::open(marker.constData(), O_CREAT | O_RDWR, 0600); // no O_CLOEXEC, on purpose
        QVERIFY(fd >= 3);
        WorkerPool pool(settings(1));
        Results r;
        const bool started = startTracked(pool, r);
        ::close(fd);
        QVERIFY(started);
        QVERIFY(QTest::qWaitFor([&] { return pool.readyWorkers() == 1; }, 20000));
        const qint64 pid = pool.workerPids().value(0);
        QVERIFY(pid > 0);
        const QDir fds(QString("/proc/%1/fd").arg(pid));
        const QStringList open = fds.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
        QVERIFY(!open.isEmpty());
        for (const QString &n : open)
            QVERIFY2(QFile::symLinkTarget(fds.filePath(n)) != QFile::decodeName(marker),
                     qPrintable(QString("fd %1 is the front end's %2").arg(n, QFile::decodeName(marker))));
        QFile environ(QString("/proc/%1/environ").arg(pid));
        QVERIFY(environ.open(QIODevice::ReadOnly));
        for (const QByteArray &entry : environ.readAll().split('\0'))
            QVERIFY2(!entry.startsWith("PIXELPOOL_TOKEN=") || entry == "PIXELPOOL_TOKEN=", entry.constData());
        QFile status(QString("/proc/%1/status").arg(pid));
        QVERIFY(status.open(QIODevice::ReadOnly));
        QVERIFY(status.readAll().contains("\nNoNewPrivs:\t1\n"));
    }

    // What the sandbox lets a worker read opens no folder that holds the user's files: not the home
    // folder, one above it, /tmp or the root, wherever a font folder of fontconfig's, a library's
    // folder or PixelPool's own folder is (a font folder "~", LD_LIBRARY_PATH=~, the build run from
    // the home folder: security review 43, finding 3); its plug-ins by their files. A font folder in
    // the home folder stays (~/.local/share/fonts).
    void theSandboxReadsNoFolderThatHoldsTheUsersFiles()
    {
        const QByteArray plugin = ownFilePath(OwnFolder::Plugins, "libpixelpool-heif.so");
        const QByteArray home = folderOf(folderOf(plugin)); // the build's folder is in it
        const QByteArray oldHome = qgetenv("HOME"), oldPath = qgetenv("LD_LIBRARY_PATH");
        qputenv("HOME", home);
        qputenv("LD_LIBRARY_PATH", home);
        const struct Restore {
            QByteArray h, p;
            ~Restore()
            {
                qputenv("HOME", h);
                qputenv("LD_LIBRARY_PATH", p);
            }
        } restore{oldHome, oldPath};
        SandboxOptions box;
        box.readable = {home,
                        home + "/.local/share/fonts",
                        "/",
                        "/tmp",
                        "/tmp/fonts-of-mine",
                        home + "/.config/fontconfig/fonts.conf",
                        "/usr/share/fonts"};
        const QList<QByteArray> readable = sandboxReadable(box);
        for (const QByteArray &path : readable) {
            if (path != "/" && path != home && !home.startsWith(path + '/') && path != "/tmp" &&
                path != folderOf(plugin))
                continue;
            // Seen once in a full run (session 45: "/"), not again in 20 runs alone or beside the
            // tests that ran with it: the libraries' folders come from /proc/self/maps, said here
            // whole so that its line is known the next time.
            QFile maps("/proc/self/maps");
            QVERIFY(maps.open(QIODevice::ReadOnly));
            QFAIL(qPrintable(QString("%1 is readable; /proc/self/maps:\n%2")
                                 .arg(QString::fromLocal8Bit(path), QString::fromLocal8Bit(maps.readAll()))));
        }
        for (const QByteArray &path : {home + "/.local/share/fonts", QByteArray("/tmp/fonts-of-mine"),
                                       home + "/.config/fontconfig/fonts.conf", plugin})
            QVERIFY2(readable.contains(path), path.constData());
    }

    // A worker taken over by a hostile image (a decoder's bug that runs the image's code) reads what
    // it is handed and the system's files, and can do nothing that outlasts it: it cannot read or
    // list the user's other files (the image's neighbour, its folder, also through /proc/self/root),
    // read the front end's environment, make, change or remove a file
    // (its outputs come as descriptors the front end made) nor its mode, times or attributes, run a
    // program, open a connection (TCP, or a UNIX socket by its path: the session bus would run any
    // program it was asked to) or signal the front end.
    // Before, it could do all of that with the user's rights (security review C1); with Landlock
    // alone, it could still reach a UNIX socket by its path; until its inputs were handed to it
    // open, it could read any file of the user's.
    // The same on the kernels PixelPool meets: this one's Landlock, and as Debian bookworm's 6.1
    // kernel offers it (ABI 2, without the truncation ABI 3 covers) and as the first (ABI 1).
    // Before truncate() was refused by the seccomp filter, a worker on bookworm's kernel could empty
    // any file of the user's by its path.
    void aWorkerTakenOverReadsOnlyWhatItIsHanded_data()
    {
        QTest::addColumn<int>("maxAbi");
        QTest::newRow("this kernel's") << 0;
        QTest::newRow("ABI 2 (Debian bookworm)") << 2;
        QTest::newRow("ABI 1") << 1;
    }
    void aWorkerTakenOverReadsOnlyWhatItIsHanded()
    {
        REQUIRE_TEST_HOOKS();
        QFETCH(int, maxAbi);
        const int abi = landlockAbi();
        if (abi == 0)
            QSKIP("this kernel offers no Landlock: workers run unsandboxed (pixelpool --batch --verbose says so)");
        // The hooks' markers may be made in the scratch folder only, not beside the image.
        const QString scratch = m_dir.filePath("scratch");
        QVERIFY(QDir().mkpath(scratch));
        const ScopedEnv markers("PIXELPOOL_TEST_SCRATCH", QFile::encodeName(scratch));
        const ScopedEnv capped("PIXELPOOL_TEST_LANDLOCK_ABI", QByteArray::number(maxAbi));
        const QByteArray input = makeImage(QString("abi%1-pixelpool-test-escape.png").arg(maxAbi));
        QFile victim(QFile::decodeName(input + ".victim"));
        QVERIFY(victim.open(QIODevice::WriteOnly) && victim.write("the user's file") == 15);
        victim.close();
        QLocalServer listening; // a UNIX socket by path, as the session bus's is
        QVERIFY(listening.listen(QFile::decodeName(input + ".sock")));
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        pool.submit(spec(1, thumbnail(pool), input));
        QVERIFY(waitIdle(pool));
        QVERIFY(r.failed.contains(1));
        QCOMPARE(r.failed.value(1).message,
                 QString("create denied; change denied; chmod denied; truncate denied; times denied; xattr denied; "
                         "read denied; "
                         "list denied; environ denied; root denied; remove denied; run denied; tcp denied; unix "
                         "denied; signal denied"));
        QVERIFY(!QFileInfo::exists(QFile::decodeName(input + ".escaped")));
        QVERIFY(victim.open(QIODevice::ReadOnly));
        QCOMPARE(victim.readAll(), QByteArray("the user's file"));
        QVERIFY(QFileInfo(victim).lastModified().toSecsSinceEpoch() > 0);
        QCOMPARE(QFileInfo(victim).permissions() & QFileDevice::ExeOwner, QFileDevice::Permissions());
        QVERIFY2(r.log.isEmpty(), qPrintable(r.log.join("\n")));
    }

    // A file a folder scan took must still be the file the scan saw, or lie in that folder, when
    // the front end opens it (JobSpec::inputConfinement): one that became a link to a file outside
    // it since (someone else's share, swapped while the batch runs) fails in the front end's words,
    // and no worker is handed it, neither for its job nor for a probe; a link that stays inside goes.
    // Where the folder's real path could not be known (a path past PATH_MAX, a parent folder the
    // user may not search) only the file the scan saw goes: that case took any file at all (security
    // review 44, D1). Before, the file a link led to was opened and handed over.
    void aFileThatLeadsOutsideItsFolderNowIsNeverHanded()
    {
        QVERIFY(QDir().mkpath(m_dir.filePath("scanned")) && QDir().mkpath(m_dir.filePath("private")));
        const QByteArray secret = makeImage("private/secret.png"), inside = makeImage("scanned/inside.png");
        const QString swapped = m_dir.filePath("scanned/swapped.png"), linked = m_dir.filePath("scanned/linked.png");
        QVERIFY(QFile::link(QFile::decodeName(secret), swapped));
        QVERIFY(QFile::link(QFile::decodeName(inside), linked));
        char *real = ::realpath(QFile::encodeName(m_dir.filePath("scanned")).constData(), nullptr);
        const Confinement within{true, QByteArray(real), 0, 0};
        std::free(real);
        struct stat st;
        QVERIFY(::stat(inside.constData(), &st) == 0);
        const Confinement thatFile{true, {}, quint64(st.st_dev), quint64(st.st_ino)};
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        const quint32 preset = thumbnail(pool);
        const std::vector<std::tuple<int, QString, Confinement>> jobs = {
            {1, swapped, within}, {2, linked, within}, {3, linked, thatFile}, {4, swapped, thatFile}};
        for (const auto &[id, path, confinement] : jobs) {
            JobSpec s = spec(quint64(id), preset, QFile::encodeName(path));
            s.inputConfinement = confinement;
            pool.submit(s);
        }
        QVERIFY(waitIdle(pool));
        std::sort(r.finished.begin(), r.finished.end());
        QCOMPARE(r.finished, (QList<quint64>{2, 3}));
        for (const quint64 id : {1, 4}) {
            QCOMPARE(r.failed.value(id).message,
                     QString("cannot open: it leads outside the folder it was found in now (a symbolic link put "
                             "there since the scan?)"));
            QCOMPARE(r.attempts.value(id), 1); // the front end's: not tried again
        }
        QSignalSpy probed(&pool, &JobRunner::probed);
        const quint64 id =
            pool.probe(preset, {QFile::encodeName(swapped), QFile::encodeName(linked)}, {within, within});
        QVERIFY(id != 0);
        QVERIFY(probed.wait(10000));
        const auto reply = probed.first().first().value<proto::ProbeReply>();
        QCOMPARE(reply.entries.size(), 2);
        QVERIFY(!reply.entries[0].ok);
        QVERIFY(reply.entries[1].ok);
        pool.shutdown();
    }

    // A job's input is dated by the file handed for it, its times taken from the descriptor as the
    // front end opens it: a name swapped for a link to another file while the image is made lends
    // that file's times to nothing. Before, {date} (a photo without a date of its own) and
    // keepFileTime looked the name up again at commit: the output was named 2019 and given 2019's
    // time, the other file's.
    void anOutputIsDatedByTheFileHandedNotByItsNameAtCommit()
    {
        const QByteArray input = makeImage("dated-pixelpool-test-holdoutput.png"), other = makeImage("other.png");
        const timespec handed[2] = {{992606400, 0}, {992606400, 0}};    // 2001-06-15 12:00 UTC
        const timespec swapped[2] = {{1560600000, 0}, {1560600000, 0}}; // 2019-06-15 12:00 UTC
        QVERIFY(::utimensat(AT_FDCWD, input.constData(), handed, 0) == 0);
        QVERIFY(::utimensat(AT_FDCWD, other.constData(), swapped, 0) == 0);
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        QByteArray written;
        connect(&pool, &JobRunner::jobFinished, &pool,
                [&written](quint64, const proto::Finished &f, const Preview &) { written = f.outputPath; });
        JobSpec s = spec(1, thumbnail(pool), input);
        s.outputPattern = lateText(QFile::encodeName(m_dir.path()) + "/") + "{date:%Y}" + lateText(".jpg");
        s.outputLate = true;
        s.keepFileTime = true;
        pool.submit(s);
        // The worker holds the written image until "<input>.written.go".
        QVERIFY(QTest::qWaitFor([&] { return QFile::exists(QFile::decodeName(input + ".written")); }, 20000));
        QVERIFY(::rename(input.constData(), (input + ".moved").constData()) == 0);
        QVERIFY(::symlink(other.constData(), input.constData()) == 0);
        QFile go(QFile::decodeName(input + ".written.go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished, QList<quint64>{1});
        QCOMPARE(written, QFile::encodeName(m_dir.filePath("2001.jpg")));
        struct stat st;
        QVERIFY(::stat(written.constData(), &st) == 0);
        QCOMPARE(qint64(st.st_mtim.tv_sec), qint64(992606400));
        pool.shutdown();
    }

    // A file the front end could not open is handed as a placeholder with why: the worker says that
    // reason without looking the name up itself (a hijacked one learnt from stat() what exists where,
    // and unsandboxed it read the file). Here the name is a readable file the worker was told it could
    // not open; before, the placeholder sent it to the name, and it read it.
    void aFileTheFrontEndCouldNotOpenIsNotLookedUpByTheWorker()
    {
        const QByteArray image = makeImage("refused.png");
        const int placeholder = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        QVERIFY(placeholder >= 0);
        const auto closing = qScopeGuard([&] { ::close(placeholder); });
        std::vector<uint8_t> bytes;
        QString error;
        struct stat st;
        {
            const HandedFiles handed({image}, {placeholder}, {EACCES});
            QVERIFY(!readRegularFile(image, kMaxInputFileBytes, &bytes, &error));
            QCOMPARE(error, QString("cannot open: permission denied"));
            QCOMPARE(statFile(image, &st), EACCES);
            qint64 size = 0;
            QCOMPARE(openRegularFile(image, &size, &error), -1);
        }
        {
            const HandedFiles handed({image}, {placeholder}, {EISDIR});
            QVERIFY(!readRegularFile(image, kMaxInputFileBytes, &bytes, &error));
            QCOMPARE(error, QString("is a folder, not an image file"));
        }
        // /dev/null itself, handed as the file it is: a device, not a placeholder.
        {
            const HandedFiles handed({image}, {placeholder}, {0});
            QVERIFY(!readRegularFile(image, kMaxInputFileBytes, &bytes, &error));
            QCOMPARE(error, QString("not a regular file (a pipe, socket or device)"));
        }
        QVERIFY(readRegularFile(image, kMaxInputFileBytes, &bytes, &error)); // by name, with none handed
        QCOMPARE(qint64(bytes.size()), QFileInfo(QFile::decodeName(image)).size());
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
        if (!lowerSoftFileLimit(64, 4096, &l))
            QSKIP("the hard limit on open files is below 4096");
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
        if (!lowerSoftFileLimit(1024, 1025, &l))
            QSKIP("the hard limit on open files is not above 1024");
        WorkerPool pool(settings(2));
        Results r;
        QVERIFY(startTracked(pool, r));
        QVERIFY(QTest::qWaitFor([&] { return pool.readyWorkers() == 2; }, 30000));
        rlimit now{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &now), 0);
        QCOMPARE(now.rlim_cur, rlim_t(1024));
    }

    // No worker can start: every job fails "workers cannot start", with the reason that is (before:
    // Qt's "No such file or directory"), and the pool does not say first that it runs one (before:
    // "running 1 of the 2 workers asked for", and then none started).
    void noWorkerStartsWithoutFiles()
    {
        if (!inChild())
            return runInChild();
        WorkerPool pool(settings(2));
        Results r;
        track(pool, r);
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
        QCOMPARE(r.fatal.size(), 1);
        QVERIFY2(r.log.isEmpty(), qPrintable(r.log.join("\n")));
    }

    // Too few files for the pool's own socket: the error names the limit, as the workers' failures
    // do (before: Qt's "QLocalServer::listen: Unknown error 24").
    void aPoolThatCannotListenNamesTheFileLimit()
    {
        if (!inChild())
            return runInChild();
        auto pool = std::make_unique<WorkerPool>(settings(2));
        Results r;
        track(*pool, r);
        const QByteArray image = makeImage("never-run.png"); // while files may still be opened
        // Room for one more file, the run folder's lock: the next descriptor given is the lowest free.
        const int lowestFree = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        QVERIFY(lowestFree >= 0);
        ::close(lowestFree);
        const rlim_t limit = rlim_t(lowestFree) + 1;
        limitOpenFiles(limit);
        QString error;
        QVERIFY(!pool->start(&error));
        QVERIFY2(QRegularExpression("^cannot listen on /.*/pool: too many open files \\(the limit is " +
                                    QString::number(limit) + ": ulimit -n\\)$")
                     .match(error)
                     .hasMatch(),
                 qPrintable(error));
        // A job asked of it fails, with the reason. Before, it waited for ever: the window's preview
        // and thumbnails said "Computing…" until it was closed (a read-only /tmp, QA of session 46).
        pool->submit(spec(1, thumbnail(*pool), image));
        QTRY_COMPARE_WITH_TIMEOUT(r.failed.size(), 1, 10000);
        QCOMPARE(r.failed.value(1).code, proto::FailureCode::WorkersCannotStart);
        QVERIFY2(r.failed.value(1).message.contains("too many open files"), qPrintable(r.failed.value(1).message));
        // Nor is its run folder left behind: removing it needs the descriptor its lock held (before,
        // the lock was closed after, and the folder stayed).
        const QString runFolder = QFileInfo(pool->socketPath()).path();
        QVERIFY(QFileInfo::exists(runFolder));
        pool.reset();
        QVERIFY2(!QFileInfo::exists(runFolder), qPrintable(runFolder));
    }

    // The system refuses the front end a process (its user at `ulimit -u`): the reason names the
    // limit, where it was Qt's "Resource error (fork failure): Resource temporarily unavailable".
    void noWorkerStartsWithoutProcesses()
    {
        REQUIRE_TEST_HOOKS();
#ifdef PIXELPOOL_TEST_HOOKS // refuseMoreThreads() is a test hook: a build without them has none
        if (!inChild())
            return runInChild();
        // The real uid becomes nobody's: the worker where nobody reaches it, also when the build tree
        // is not (a checkout under root's home, mode 700, where the start failed as "no such file").
        QTemporaryDir reachable(QDir::tempPath() + "/pixelpool-nobody-XXXXXX");
        const QString worker = reachable.filePath("pixelpool-worker");
        QVERIFY(QFile::setPermissions(reachable.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                            QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup |
                                                            QFile::ExeGroup));
        QVERIFY(QFile::copy(PIXELPOOL_WORKER, worker));
        RunnerSettings s = settings(2);
        s.workerExecutable = worker;
        WorkerPool pool(s);
        Results r;
        track(pool, r);
        QVERIFY(refuseMoreThreads());
        QString error;
        QVERIFY2(pool.start(&error), qPrintable(error));
        pool.submit(spec(1, thumbnail(pool), "/nonexistent.png"));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.failed.size(), 1);
        QCOMPARE(r.failed[1].code, proto::FailureCode::WorkersCannotStart);
        QCOMPARE(r.failed[1].message, QString("workers cannot start (cannot start worker %1: too many processes and "
                                              "threads for the user (the limit is 1: ulimit -u))")
                                          .arg(worker));
        QVERIFY2(r.log.isEmpty(), qPrintable(r.log.join("\n")));
#endif
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
        QCOMPARE(r.fatal.size(), 1);
        QCOMPARE(r.failed.size(), 2);
        QVERIFY(!workerCopy("returning-worker").isEmpty());
        openGate(gated);
        pool.submit(spec(3, preset, makeImage("again3.png")));
        QVERIFY(waitIdle(pool, 30000));
        QCOMPARE(r.finished, QList<quint64>{3});
        QCOMPARE(pool.workerCount(), 1);
    }

    // A worker file that cannot be run (its permissions taken away): what is asked for fails after
    // the call that asked has returned, all of it with one fatal() and its reason as a message
    // (gaveUp), and once the file can be run again the pool says so (mayStartAgain) and runs what
    // comes. Before, a job submitted while the backoff ran waited for ever (the window's preview
    // said "Computing the preview…" for good), and one submitted after it failed inside submit(),
    // before its caller had recorded its id.
    void aWorkerFileThatCannotBeRunIsSaidOnceAndWaitedFor()
    {
        RunnerSettings s = settings(2);
        s.workerExecutable = m_dir.filePath("unrunnable-worker");
        QFile::remove(s.workerExecutable);
        QVERIFY(QFile::copy(PIXELPOOL_WORKER, s.workerExecutable));
        QVERIFY(QFile::setPermissions(s.workerExecutable, QFile::Permissions()));
        WorkerPool pool(s);
        Results r;
        QList<Message> said;
        int mayStart = 0;
        bool submitting = false, failedInside = false;
        connect(&pool, &WorkerPool::gaveUp, &pool, [&](const Message &m) { said << m; });
        connect(&pool, &WorkerPool::mayStartAgain, &pool, [&] { ++mayStart; });
        connect(&pool, &JobRunner::jobFailed, &pool, [&] { failedInside |= submitting; });
        QVERIFY(startTracked(pool, r));
        QTRY_COMPARE_WITH_TIMEOUT(r.fatal.size(), 1, 10000); // no worker could start: said once
        const quint32 preset = thumbnail(pool);
        submitting = true;
        for (quint64 i = 1; i <= 3; ++i)
            pool.submit(spec(i, preset, makeImage(QString("unrun%1.png").arg(i))));
        submitting = false;
        QTRY_COMPARE_WITH_TIMEOUT(r.failed.size(), 3, 10000);
        QVERIFY(!failedInside);
        QCOMPARE(r.fatal.size(), 2); // one for the three
        for (const proto::Failed &f : std::as_const(r.failed))
            QCOMPARE(f.code, proto::FailureCode::WorkersCannotStart);
        QCOMPARE(said.size(), 2);
        QCOMPARE(said.last().id, MessageId::WorkersCannotStart);
        QCOMPARE(said.last().english(), r.fatal.last());
        QCOMPARE(said.last().causes.size(), size_t(1));
        QCOMPARE(said.last().causes[0].id, MessageId::CannotStartWorker);
        QVERIFY2(r.fatal.last().startsWith("workers cannot start (cannot start worker " + s.workerExecutable + ": "),
                 qPrintable(r.fatal.last()));
        QTest::qWait(1500); // a backoff or more: the file still cannot be run, nothing is said
        QCOMPARE(mayStart, 0);
        QCOMPARE(r.fatal.size(), 2);

        QVERIFY(QFile::setPermissions(s.workerExecutable, QFile::ReadOwner | QFile::ExeOwner));
        QTRY_COMPARE_WITH_TIMEOUT(mayStart, 1, 40000);
        pool.submit(spec(4, preset, makeImage("unrun4.png")));
        QVERIFY(waitIdle(pool, 30000));
        QCOMPARE(r.finished, QList<quint64>{4});
        QCOMPARE(r.fatal.size(), 2);
    }

    // A worker file missing when the pool starts: start() says why, as a message, and the pool
    // acts as after giving up: a job fails with the reason, and once the file is there the pool
    // says so and runs what comes. Before, it never ran: the window's previews and thumbnails
    // waited for ever, also after the file came back.
    void aWorkerFileMissingAtStartIsWaitedFor()
    {
        RunnerSettings s = settings(1);
        s.workerExecutable = m_dir.filePath("missing-worker");
        QFile::remove(s.workerExecutable);
        WorkerPool pool(s);
        Results r;
        int mayStart = 0;
        connect(&pool, &WorkerPool::mayStartAgain, &pool, [&] { ++mayStart; });
        track(pool, r);
        QString error;
        QVERIFY(!pool.start(&error));
        QCOMPARE(error, "cannot start worker " + s.workerExecutable + ": no such file or folder");
        QCOMPARE(pool.whyWorkersCannotStart().id, MessageId::WorkersCannotStart);
        QCOMPARE(pool.whyWorkersCannotStart().causes.at(0).id, MessageId::CannotStartWorker);
        const quint32 preset = thumbnail(pool);
        pool.submit(spec(1, preset, makeImage("missing1.png")));
        QTRY_COMPARE_WITH_TIMEOUT(r.failed.size(), 1, 10000);
        QCOMPARE(r.failed.value(1).code, proto::FailureCode::WorkersCannotStart);
        QVERIFY(QFile::copy(PIXELPOOL_WORKER, s.workerExecutable));
        QTRY_COMPARE_WITH_TIMEOUT(mayStart, 1, 40000);
        pool.submit(spec(2, preset, makeImage("missing2.png")));
        QVERIFY(waitIdle(pool, 30000));
        QCOMPARE(r.finished, QList<quint64>{2});
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
        const QString folder = runtimeBaseDirs().first() + "/" + run;
        QVERIFY(QDir().mkdir(folder));
        const int lock = ::open(QFile::encodeName(folder + "/lock").constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        QVERIFY(lock >= 0);
        QCOMPARE(::flock(lock, LOCK_EX | LOCK_NB), 0);
        // A segment by name in /dev/shm, as versions before 2026-12-07 made them (now memfds).
        const QByteArray segment = "/" + run.toLatin1() + "-in1a0";
        const int shm = ::shm_open(segment.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        QVERIFY(shm >= 0);
        ::close(shm);
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
        QVERIFY(QFileInfo::exists("/dev/shm" + QString::fromLatin1(segment)));
        QVERIFY(QFileInfo::exists(temporary));
        QVERIFY(processAlive(pid));

        ::close(lock); // the front end has ended
        QVERIFY(!processAlive(pid));
        removeStaleRunFiles();
        plan();
        QVERIFY(!QFileInfo::exists(folder));
        QVERIFY(!QFileInfo::exists("/dev/shm" + QString::fromLatin1(segment)));
        QVERIFY(!QFileInfo::exists(temporary));
    }

    // A TMPDIR that names no folder: the run folder was looked for at "/pixelpool-…" (QDir::tempPath()
    // made the missing folder ""), the error named the root folder, not TMPDIR, and every image
    // failed. It is named, and the run goes to /tmp.
    void aMissingTmpdirIsNamedAndPassedOver()
    {
        const bool xdgSet = qEnvironmentVariableIsSet("XDG_RUNTIME_DIR");
        const QByteArray xdg = qgetenv("XDG_RUNTIME_DIR");
        const bool tmpSet = qEnvironmentVariableIsSet("TMPDIR");
        const QByteArray tmp = qgetenv("TMPDIR");
        qunsetenv("XDG_RUNTIME_DIR");
        qputenv("TMPDIR", "/nonexistent-pixelpool-tmp/");
        const auto restore = qScopeGuard([&] {
            xdgSet ? qputenv("XDG_RUNTIME_DIR", xdg) : qunsetenv("XDG_RUNTIME_DIR");
            tmpSet ? qputenv("TMPDIR", tmp) : qunsetenv("TMPDIR");
        });
        QCOMPARE(runtimeBaseDirs(), (QStringList{"/nonexistent-pixelpool-tmp", "/tmp"}));
        QString error;
        QCOMPARE(makeLockedRunFolder(runtimeBaseDirs().first() + "/pixelpool-1-run", &error), -1);
        QCOMPARE(error, QString("cannot create the private folder /nonexistent-pixelpool-tmp/pixelpool-1-run: no such "
                                "file or folder (the folder TMPDIR names)"));
        // A pool starts there, and its workers run.
        WorkerPool pool(settings(1));
        Results r;
        QVERIFY(startTracked(pool, r));
        QVERIFY2(pool.socketPath().startsWith("/tmp/pixelpool-"), qPrintable(pool.socketPath()));
        pool.submit(spec(1, thumbnail(pool), makeImage("tmpdir.png")));
        QVERIFY(waitIdle(pool));
        QCOMPARE(r.finished.size(), 1);
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
        QCOMPARE(runtimeBaseDirs().first(), base.path());
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

    // Two runs of one shard at once (a Slurm task requeued while the first copy still runs), with
    // the skip policy: the run whose output finds the other's complete one at its name skips it.
    // Each run's --report is rewritten by a temporary renamed over it, and the inode the report
    // had when the batch began goes to the next file made, such as the output the other run
    // writes at the name both planned. Before, the report was kept by that inode: the other run's
    // output passed for this run's report, and this run wrote its own beside it as "a (2).jpg"
    // (QA: 49 outputs of 48 inputs in half the trials, with or without --shard). The inode's
    // reuse is made certain here: the report's first file itself becomes the other run's output.
    void anOutputGivenTheReportsFormerInodeIsKeptAsAnOutput()
    {
        for (const bool shard : {true, false}) {
            const QString tag = shard ? QStringLiteral("shard") : QStringLiteral("batch");
            const QString out = m_dir.filePath("kept-" + tag);
            QVERIFY(QDir().mkpath(out));
            const QByteArray input = makeImage(tag + "-pixelpool-test-holdoutput.png");
            const QByteArray report = QFile::encodeName(m_dir.filePath(tag + "-report.json"));
            QVERIFY(writeFile(report, R"({"pixelpool_report": 2, "state": "running"})"));
            const QByteArray theirs = QFile::encodeName(out + "/" + tag + "-pixelpool-test-holdoutput.jpg");
            const QByteArray complete = makeImage(tag + "-complete.jpg");
            Preset preset = PresetLibrary({}).find("thumbnail")->preset;
            preset.output.overwrite = OverwritePolicy::Skip;
            BatchEvent e;
            runHeld(preset, input, out, report, shard, &e, [&] {
                // The report rewritten; its former file, a complete image now, at the output's name.
                QVERIFY(::rename(report.constData(), theirs.constData()) == 0);
                QVERIFY(copyInto(complete, theirs));
                QVERIFY(writeFile(report, R"({"pixelpool_report": 2, "state": "running", "inputs": []})"));
            });
            if (QTest::currentTestFailed())
                return;
            QVERIFY2(e.kind == BatchEvent::Kind::Skipped, qPrintable(tag + ": " + eventName(e.kind) + " " + e.output));
            QCOMPARE(e.output, theirs);
            QCOMPARE(QDir(out).entryList(QDir::Files), QStringList{QFileInfo(QFile::decodeName(theirs)).fileName()});
        }
    }

    // And the report itself keeps its name from the outputs after its first rewrite: one named
    // only when committed ({width}x{height}) that falls on it gets the next numbered name, with the
    // overwrite policy too. Before, only the file the report was when the batch began was kept, and
    // the output replaced the rewritten report.
    void aRewrittenReportKeepsItsNameFromTheOutputs()
    {
        for (const bool shard : {true, false}) {
            const QString tag = shard ? QStringLiteral("shard") : QStringLiteral("batch");
            const QString out = m_dir.filePath("named-" + tag);
            QVERIFY(QDir().mkpath(out));
            const QByteArray input = makeImage(tag + "-named-pixelpool-test-holdoutput.png"); // 400×300: 256×192
            const QByteArray report = QFile::encodeName(out + "/256x192.jpg");
            const QByteArray rewritten = R"({"pixelpool_report": 2, "state": "running", "inputs": []})";
            QVERIFY(writeFile(report, R"({"pixelpool_report": 2, "state": "running"})"));
            Preset preset = PresetLibrary({}).find("thumbnail")->preset;
            preset.output.overwrite = OverwritePolicy::Overwrite;
            preset.output.nameTemplate = QStringLiteral("{width}x{height}.{ext}");
            BatchEvent e;
            runHeld(preset, input, out, report, shard, &e, [&] {
                const QByteArray next = report + ".next"; // as a report is rewritten: renamed over it
                QVERIFY(writeFile(next, rewritten));
                QVERIFY(::rename(next.constData(), report.constData()) == 0);
            });
            if (QTest::currentTestFailed())
                return;
            QVERIFY2(e.kind == BatchEvent::Kind::Finished, qPrintable(tag + ": " + eventName(e.kind)));
            QCOMPARE(e.output, QFile::encodeName(out + "/256x192 (2).jpg"));
            QFile kept(QFile::decodeName(report));
            QVERIFY(kept.open(QIODevice::ReadOnly));
            QCOMPARE(kept.readAll(), rewritten);
        }
    }

    // A front end killed (kill -9) while an output its worker wrote waits for it (the front end
    // stalled, or not yet reading the result): nothing is left in the output folder. Before, the
    // worker removed its temporary as it went; now the front end makes it, without a name until the
    // result is accepted (JobSpec::makeTemporaryFiles), so there is nothing to remove. The run folder
    // goes too.
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
        QVERIFY(QFileInfo::exists(runFolder));
        // The worker holds its result until "<input>.written.go": the output is complete, not
        // committed; "<input>.written" says it has got there.
        const QString input = folder + "/pixelpool-test-holdoutput.png";
        const bool written = QTest::qWaitFor([&] { return QFileInfo::exists(input + ".written"); }, 20000);
        frontEnd.kill();
        QVERIFY(frontEnd.waitForFinished());
        const bool runFolderGone = QTest::qWaitFor([&] { return !QFileInfo::exists(runFolder); }, 5000);
        const QStringList left = QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System);
        bool unnamed = false;
        int err = 0;
        const int probe = makeTemporary(QFile::encodeName(folder + "/.probe.part"), -1, &unnamed, &err);
        if (probe >= 0)
            ::close(probe);
        QFile::remove(folder + "/.probe.part");
        QDir(folder).removeRecursively(); // the killed child could not
        QVERIFY(written);
        QVERIFY(runFolderGone);
        if (!unnamed)
            QSKIP("this file system names temporaries from the start (no O_TMPFILE): the next batch removes them");
        QCOMPARE(left, QStringList({"pixelpool-test-holdoutput.png", "pixelpool-test-holdoutput.png.written"}));
    }
};

QTEST_GUILESS_MAIN(TestPoolFiles)
#include "tst_pool_files.moc"
