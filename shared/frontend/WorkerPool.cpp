#include "WorkerPool.h"
#include "WorkerPoolPrivate.h"

#include "FileIO.h"
#include "SocketWrite.h"
#include "Limits.h"
#include "Preset.h"
#include "MemoryTuning.h"
#include "ThreadStart.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QThread>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {

namespace {
constexpr int kHandshakeMs = 5000;       // a connection must present its token within this
constexpr int kDisconnectGraceMs = 1000; // wait this long for the exit status after a hang-up
constexpr int kStartDeadlineMs = 20000;  // from start to Ready, generous for a loaded machine
// What a worker costs this process in open files: its process (a pidfd, its stdin), its
// connection, the channel its files go by, its preview memory, and for the two jobs it may hold an
// input's memory and the folder and the temporary file of each output (JobSpec::makeTemporaryFiles).
// Counted for a preset with the most outputs there can be: the pool's presets come later.
constexpr int kFilesPerWorker = 5 + 2 * (1 + 2 * (1 + proto::kMaxMoreOutputs));
// Kept free for the rest: a process being started (pipes, /dev/null twice), a connection being
// accepted, the batch's own files and folders, and what one job's sending reads (its input and its
// steps' files: open only while the maker hands them over, one sending at a time). A probe's files
// are not counted: a probe that cannot open them all fails, and the batch goes by file sizes.
constexpr int kFilesKept = 16 + 1 + int(proto::kMaxReadFiles);

// The soft limit on open files, raised towards the hard limit only as far as `needed` (the front
// end waits with poll() and never select()): its other children inherit it. Workers get the limit
// it had before (childLimit).
rlim_t fileLimitFor(qint64 needed, rlim_t *childLimit)
{
    rlimit l{};
    if (::getrlimit(RLIMIT_NOFILE, &l) != 0)
        return *childLimit = RLIM_INFINITY;
    static const rlim_t original = l.rlim_cur; // before any pool raised it
    *childLimit = original;
    if (l.rlim_cur != RLIM_INFINITY && qint64(l.rlim_cur) < needed && l.rlim_cur < l.rlim_max) {
        l.rlim_cur = l.rlim_max == RLIM_INFINITY ? rlim_t(needed) : std::min(rlim_t(needed), l.rlim_max);
        if (::setrlimit(RLIMIT_NOFILE, &l) != 0 && ::getrlimit(RLIMIT_NOFILE, &l) != 0)
            return original;
    }
    return l.rlim_cur;
}

// How many files this process has open; -1 when it cannot even count them.
int openFiles()
{
    DIR *d = ::opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = -1; // the listing's own
    while (const dirent *e = ::readdir(d))
        n += e->d_name[0] != '.';
    ::closedir(d);
    return n;
}

// The limit on open files, for people: "too many open files (the limit is 64: ulimit -n)".
Message tooManyFiles(rlim_t limit) { return Message(MessageId::TooManyOpenFiles, {QString::number(quint64(limit))}); }
} // namespace

Message processLimit()
{
    rlimit l{};
    if (::getuid() != 0 && ::getrlimit(RLIMIT_NPROC, &l) == 0 && l.rlim_cur != RLIM_INFINITY)
        return Message(MessageId::TooManyProcesses, {QString::number(quint64(l.rlim_cur))});
    return errnoMessage(EAGAIN);
}

WorkerPool::WorkerPool(const RunnerSettings &settings, QObject *parent) : JobRunner(parent), m_settings(settings)
{
    m_makers = new QThreadPool;
    m_makers->setMaxThreadCount(1);
    if (m_settings.workers <= 0)
        m_settings.workers = std::max(1, m_cores);
    if (m_settings.workerExecutable.isEmpty())
        m_settings.workerExecutable = QFile::decodeName(ownFilePath(OwnFolder::Libexec, "pixelpool-worker"));
    connect(&m_server, &QLocalServer::newConnection, this, &WorkerPool::onNewConnection);
    m_reopenTimer.setSingleShot(true);
    connect(&m_reopenTimer, &QTimer::timeout, this, [this] {
        reopenSlots();
        if (m_shuttingDown)
            return;
        if (m_gaveUp) { // nothing waits: say when a job may find workers again, else look later
            if (workerFileRunnable())
                emit mayStartAgain();
            else
                backOff();
            return;
        }
        if (m_running && hasWaitingWork()) {
            fillSlots();
            if (!anySlotUsable()) // the worker file is still missing or not executable
                giveUp(m_startFailure);
        }
    });
}

WorkerPool::~WorkerPool()
{
    shutdown();
    m_makers->clear();
    if (m_makers->waitForDone(2000))
        delete m_makers;
    for (QThreadPool *stuck : m_abandonedMakers) // those whose open has come back since
        if (stuck->waitForDone(0))
            delete stuck;
}

bool WorkerPool::start(QString *error)
{
    removeStaleRunFiles();
    // The run folder in the first base that takes it: $XDG_RUNTIME_DIR, else (full, out of inodes)
    // the temporary folder. The lock is held while the pool runs: see SharedMemory.h.
    QString socketDir;
    QStringList failures;
    for (const QString &base : runtimeBaseDirs()) {
        socketDir = base + "/" + QString::fromLatin1(m_run.prefix());
        QString failure;
        m_runLock = makeLockedRunFolder(socketDir, &failure);
        if (m_runLock >= 0)
            break;
        failures << failure;
    }
    if (m_runLock < 0) {
        *error = failures.join(QStringLiteral("; "));
        m_notStarted = Message(MessageId::WorkersCannotStart, {}, {Message::verbatim(*error)});
        return false;
    }
    m_socketDir = socketDir;
    m_socketPath = m_socketDir + "/pool";
    // The limit on open files is raised first, where it can be: the socket needs one too.
    fitWorkersToFileLimit();
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server.listen(m_socketPath)) {
        // Out of files, Qt says "QLocalServer::listen: Unknown error 24": told by counting them.
        const int open = openFiles();
        const Message why = m_fileLimit != RLIM_INFINITY && (open < 0 || qint64(open) + 1 >= qint64(m_fileLimit))
                                ? tooManyFiles(m_fileLimit)
                                : Message::verbatim(m_server.errorString());
        *error = QStringLiteral("cannot listen on %1: %2").arg(m_socketPath, why.english());
        m_notStarted = Message(MessageId::WorkersCannotStart, {}, {Message::verbatim(*error)});
        return false;
    }
    m_workers.resize(size_t(m_settings.workers));
    struct stat st;
    if (::stat(QFile::encodeName(m_settings.workerExecutable).constData(), &st) != 0) {
        // As after giving up: a job submitted tries again and fails with the reason, and the file
        // is looked for after a backoff (mayStartAgain). Before, the window's previews and
        // thumbnails waited for ever, and came back only after a restart. The reason is stat's: a
        // worker in a folder this user may not enter is "permission denied", not missing.
        const int err = errno;
        m_startFailure = Message(MessageId::CannotStartWorker, {m_settings.workerExecutable}, {errnoMessage(err)});
        *error = m_startFailure.english();
        m_cannotStart = Message(MessageId::WorkersCannotStart, {}, {m_startFailure});
        m_gaveUp = true;
        backOff();
        return false;
    }
    m_running = true;
    for (int i = 0; i < m_settings.workers; ++i)
        spawn(i);
    return true;
}

// Each worker costs this process open files: more workers than the limit leaves room for would
// fail to start, or worse, leave none for accepting their connections.
void WorkerPool::fitWorkersToFileLimit()
{
    const int open = openFiles();
    m_fileLimit =
        fileLimitFor(qint64(open) + kFilesKept + qint64(m_settings.workers) * kFilesPerWorker, &m_childFileLimit);
    if (m_fileLimit == RLIM_INFINITY || open < 0)
        return;
    const qint64 room = (qint64(m_fileLimit) - open - kFilesKept) / kFilesPerWorker;
    if (room >= m_settings.workers)
        return;
    const int fit = int(std::max<qint64>(1, room));
    const Message said(MessageId::LogWorkersFitFileLimit,
                       {QString::number(fit), QString::number(m_settings.workers), QString::number(kFilesPerWorker),
                        QString::number(quint64(m_fileLimit))});
    // Room for none by the count (made for a preset with the most outputs): one is tried, and said
    // once it runs. Before, "running 1 of the 2 workers asked for" came first, and then none started.
    if (room < 1)
        m_fitToBeSaid = said;
    else
        QTimer::singleShot(0, this, [this, said] { emit log(said); }); // once the caller listens
    m_settings.workers = fit;
}

Message WorkerPool::whyNotStarted(const QProcess &p) const
{
    // Qt names a failure to make the process's pipes by a later errno ("No such file or
    // directory"): a lack of files is told by counting them. A process it could not make is "Resource
    // error (fork failure): Resource temporarily unavailable": when the system refuses this process
    // a thread too, the limit on processes and threads is reached.
    const int open = openFiles();
    Message why = Message::verbatim(p.errorString());
    // The worker file gone or made not executable since the pool started: said as start() says it,
    // not as execve's "No such file or directory".
    if (p.error() == QProcess::FailedToStart && ::access(QFile::encodeName(p.program()).constData(), X_OK) != 0)
        why = errnoMessage(errno); // ENOENT for a file gone, EACCES for one not executable
    else if (m_fileLimit != RLIM_INFINITY && (open < 0 || qint64(open) + kFilesKept / 2 > qint64(m_fileLimit)))
        why = tooManyFiles(m_fileLimit);
    else if (startableThreads(1).refused)
        why = processLimit();
    return Message(MessageId::CannotStartWorker, {p.program()}, {why});
}

bool WorkerPool::workerFileRunnable() const
{
    const QFileInfo file(m_settings.workerExecutable);
    return file.isFile() && file.isExecutable();
}

bool WorkerPool::anySlotUsable() const
{
    for (size_t slot = 0; slot < m_workers.size(); ++slot)
        if (m_workers[slot] || !m_closedSlots.contains(int(slot)))
            return true;
    return false;
}

void WorkerPool::spawn(int slot)
{
    // Qt closes the server, and removes its socket, when it fails to accept a connection (out of
    // files): listen again, or no worker could ever connect.
    if (!QFileInfo::exists(m_socketPath)) {
        m_server.close();
        m_server.listen(m_socketPath);
    }
    auto *w = new Worker(this);
    w->slot = slot;
    w->generation = ++m_generation;
    w->token = m_run.randomToken();
    if (m_settings.previewMax > 0) {
        QString error;
        const size_t slotBytes = size_t(m_settings.previewMax) * m_settings.previewMax * 4;
        w->preview =
            SharedSegment::create(m_run.label("w" + QByteArray::number(slot) + "g" + QByteArray::number(w->generation)),
                                  slotBytes * kPreviewSlots, &error);
        if (!w->preview)
            emit log(Message(MessageId::LogPreviewsDisabled, {QString::number(slot)}, {Message::verbatim(error)}));
    }
    w->timeout.setSingleShot(true);
    connect(&w->timeout, &QTimer::timeout, w, [this, w] { onTimeout(w); });

    auto *p = new QProcess(this); // outlives the worker until it is reaped
    w->process = p;
    // The channel the job's files go by (its temporaries: the worker makes none itself), one way:
    // a worker has nothing to send on it. Its end is the one descriptor it inherits.
    int files[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, files) != 0) {
        w->startProblem = Message(MessageId::CannotStartWorker, {m_settings.workerExecutable}, {errnoMessage(errno)});
        m_workers[size_t(slot)] = w;
        QTimer::singleShot(0, w, [this, w] { onStartFailed(w); });
        return;
    }
    w->files = files[0];
    ::shutdown(w->files, SHUT_RD);
    // Its preview memory first, under job id 0: waiting in the channel until it is welcomed.
    if (w->preview) {
        if (const int err = sendJobFiles(w->files, 0, {w->preview->fd()})) {
            emit log(Message(MessageId::LogPreviewsDisabled, {QString::number(slot)}, {errnoMessage(err)}));
            w->preview.reset();
        }
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PIXELPOOL_TOKEN", QString::fromLatin1(w->token));
    // OpenCV reads its own decode limit from the environment once, at load time.
    env.insert("OPENCV_IO_MAX_IMAGE_PIXELS", QString::number(m_settings.maxPixels));
    env.insert("GLIBC_TUNABLES", QString::fromLatin1(hugePageTunables(env.value("GLIBC_TUNABLES").toLatin1())));
    p->setProcessEnvironment(env);
    p->setStandardOutputFile(QProcess::nullDevice());
    if (qEnvironmentVariableIsEmpty("PIXELPOOL_DEBUG"))
        p->setStandardErrorFile(QProcess::nullDevice());
    else
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const quint64 memMB =
        m_settings.memoryLimitMB ? m_settings.memoryLimitMB : defaultWorkerMemoryMB(m_settings.maxPixels);
    p->setArguments({"--connect", m_socketPath, "--parent", QString::number(::getpid()), "--memory-limit",
                     QString::number(memMB), "--files", QString::number(files[1])});
    p->setProgram(m_settings.workerExecutable);
    // Ctrl+C and a hang-up reach the terminal's whole foreground process group, workers too: the
    // front end cancels and tells its workers. Ignored from before exec (which keeps an ignored
    // disposition), so that a worker still starting up cannot die of one and count as crashed.
    p->setChildProcessModifier([limit = m_childFileLimit, channel = files[1]] {
        ::signal(SIGINT, SIG_IGN);
        ::signal(SIGHUP, SIG_IGN);
        // The files this process was started with and left open (Qt's QProcess closes none) are not
        // the worker's to read or write: a shell's redirections, a launcher's sockets. Best effort,
        // on a kernel without close_range() they stay.
        ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
        ::fcntl(channel, F_SETFD, 0); // but for its end of the channel its files come by
        // A worker parses hostile bytes: whatever it runs gains no privileges (a set-user-ID program
        // runs as the user), as the first step a sandbox takes.
        ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        rlimit l{};
        if (::getrlimit(RLIMIT_NOFILE, &l) == 0 && limit < l.rlim_cur) {
            l.rlim_cur = limit;
            ::setrlimit(RLIMIT_NOFILE, &l);
        }
    });
    connect(p, &QProcess::finished, w,
            [this, w](int code, QProcess::ExitStatus status) { onProcessFinished(w, code, status); });
    // A process that cannot start says so from inside start(): handled from the event loop,
    // never inside this call (which may be a replacement's, from inside a loss).
    connect(p, &QProcess::errorOccurred, w, [this, w](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            QTimer::singleShot(0, w, [this, w] { onStartFailed(w); });
    });
    m_workers[size_t(slot)] = w;
    p->start();
    ::close(files[1]); // the worker's now (or nobody's)
    w->pid = p->processId();
    // A worker that never gets ready (stuck loading, never connects) must not stall the pool.
    QTimer::singleShot(kStartDeadlineMs, w, [this, w] {
        if (w->state == Worker::State::Starting || w->state == Worker::State::Welcomed)
            lose(w, proto::FailureCode::WorkersCannotStart,
                 Message(MessageId::WorkerNotReadyInTime, {QString::number(kStartDeadlineMs / 1000)}));
    });
}

void WorkerPool::onNewConnection()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        // The kernel tells us who connected; only our own uid gets as far as the token check.
        ucred cred{};
        socklen_t len = sizeof cred;
        if (::getsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
            cred.uid != ::getuid()) {
            emit log(Message(MessageId::LogForeignConnection));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        // Until a worker claims it (onHandshake makes it that worker's child), the socket is the
        // server's, and the handshake is its only connection to the pool.
        connect(socket, &QLocalSocket::readyRead, this,
                [this, socket, peer = qint64(cred.pid)] { onHandshake(socket, peer); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(kHandshakeMs, socket, [this, socket] {
            if (socket->parent() == &m_server) {
                emit log(Message(MessageId::LogSilentConnection));
                socket->abort();
            }
        });
    }
}

void WorkerPool::onHandshake(QLocalSocket *socket, qint64 peerPid)
{
    if (socket->bytesAvailable() < proto::kHeaderSize)
        return;
    proto::Header h;
    QByteArray head = socket->peek(proto::kHeaderSize);
    if (!proto::parseHeader(head.constData(), &h).isEmpty() || h.type != quint16(proto::Type::Hello) ||
        h.payloadLength > 256) {
        emit log(Message(MessageId::LogBadHello));
        socket->abort();
        return;
    }
    if (socket->bytesAvailable() < proto::kHeaderSize + h.payloadLength)
        return;
    socket->read(proto::kHeaderSize);
    QString err;
    auto msg = proto::decodePayload(h, socket->read(h.payloadLength), &err);
    const auto *hello = msg ? std::get_if<proto::Hello>(&*msg) : nullptr;
    Worker *w = nullptr;
    for (Worker *cand : m_workers) {
        if (hello && cand && cand->state == Worker::State::Starting && cand->token == hello->token &&
            peerPid == cand->pid)
            w = cand;
    }
    if (!w) {
        emit log(Message(MessageId::LogWrongToken));
        socket->abort();
        return;
    }
    disconnect(socket, nullptr, this, nullptr); // no more handshake
    disconnect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    socket->setParent(w);
    w->socket = socket;
    w->token.clear(); // one-time
    connect(socket, &QLocalSocket::readyRead, w, [this, w] { onReadyRead(w); });
    connect(socket, &QLocalSocket::disconnected, w, [this, w] {
        if (w->state == Worker::State::Lost)
            return;
        readRemaining(w); // what it said before hanging up counts
        if (w->state == Worker::State::Lost)
            return;
        // Its exit status normally follows at once and names the cause; one that hung up but
        // does not exit is put down.
        QTimer::singleShot(kDisconnectGraceMs, w, [this, w] {
            w->crashed = true; // no worker hangs up in the middle of its work on purpose
            lose(w, proto::FailureCode::WorkerCrashed, Message(MessageId::WorkerClosedConnection));
        });
    });
    proto::Welcome welcome;
    if (w->preview) {
        welcome.previewSlots = kPreviewSlots;
        welcome.previewSlotBytes = quint32(w->preview->size() / kPreviewSlots);
    }
    welcome.maxPixels = m_settings.maxPixels;
    welcome.cvThreads = 1;
    welcome.testFlags = m_settings.testFlags;
    welcome.drawsText = m_settings.drawsText;
    send(w, welcome);
    // The initializer: every preset known so far, once.
    for (auto it = m_presets.cbegin(); it != m_presets.cend(); ++it) {
        send(w, proto::DefinePreset{it.key(), it.value()});
        w->presetsSent.insert(it.key());
    }
    w->state = Worker::State::Welcomed;
    if (socket->bytesAvailable())
        onReadyRead(w);
}

void WorkerPool::onReadyRead(Worker *w)
{
    if (w->state != Worker::State::Lost)
        handleFrames(w, w->socket->readAll());
}

// Everything a worker wrote before its process ended or it hung up is already in this process's
// buffers (Qt's, then the kernel's). Read all of it, without waiting, so that its last frames
// are handled before anyone decides what it was running when it went.
void WorkerPool::readRemaining(Worker *w)
{
    if (!w->socket || w->state == Worker::State::Lost)
        return;
    QByteArray rest = w->socket->readAll();
    const int fd = int(w->socket->socketDescriptor());
    if (fd >= 0) {
        char buffer[64 * 1024];
        // Bounded: a worker that writes as fast as this reads kept the thread here, its memory growing.
        // What it wrote before it went fits (a frame is at most 1 MiB); the rest waits for the next read.
        while (rest.size() < qsizetype(proto::kMaxPayload) * 4) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0)
                rest.append(buffer, n);
            else if (n < 0 && errno == EINTR)
                continue;
            else
                break; // end of stream, or nothing more right now
        }
    }
    handleFrames(w, rest);
}

void WorkerPool::handleFrames(Worker *w, const QByteArray &bytes)
{
    w->reader.append(bytes);
    while (auto msg = w->reader.next()) {
        QString violation;
        if (!handleMessage(w, std::move(*msg), &violation)) {
            emit log(Message(MessageId::LogProtocolBroken, {QString::number(w->slot), QString::number(w->pid)},
                             {Message::verbatim(violation)}));
            lose(w, proto::FailureCode::WorkerMisbehaved, Message(MessageId::WorkerSentInvalidMessage, {violation}));
            return;
        }
        if (w->state == Worker::State::Lost)
            return;
    }
    if (w->reader.failed()) {
        emit log(Message(MessageId::LogMalformedFrame, {QString::number(w->slot), QString::number(w->pid)},
                         {Message::verbatim(w->reader.error())}));
        lose(w, proto::FailureCode::WorkerMisbehaved,
             Message(MessageId::WorkerSentMalformedFrame, {w->reader.error()}));
    }
}

int WorkerPool::pendingCount() const { return int(m_jobs.size()); }

QList<qint64> WorkerPool::workerPids() const
{
    QList<qint64> pids;
    for (const Worker *w : m_workers)
        if (w && w->state != Worker::State::Lost)
            pids << w->pid;
    return pids;
}

int WorkerPool::readyWorkers() const
{
    int n = 0;
    for (const Worker *w : m_workers)
        n += w && w->state == Worker::State::Ready;
    return n;
}

int WorkerPool::jobsOnWorkers() const
{
    int n = 0;
    for (const Worker *w : m_workers)
        n += w ? int(w->outstanding.size()) : 0;
    return n;
}

quint32 WorkerPool::registerPreset(const QByteArray &json)
{
    for (auto it = m_presets.cbegin(); it != m_presets.cend(); ++it)
        if (it.value() == json)
            return it.key();
    const quint32 id = m_nextPresetId++;
    m_presets.insert(id, json);
    // One that does not parse reads nothing: its worker refuses it, and its jobs fail saying why.
    QString ignored;
    const std::optional<Preset> preset = Preset::fromJson(QJsonDocument::fromJson(json).object(), &ignored);
    m_presetReads.insert(id, preset ? preset->filesRead() : QList<QByteArray>());
    return id;
}

void WorkerPool::submit(const JobSpec &job)
{
    // No run folder or socket: nothing can ever run it. It fails with why, from the event loop,
    // as a job of a pool that gave up does (before, it waited for ever).
    if (!m_notStarted.isEmpty()) {
        QTimer::singleShot(0, this, [this, id = job.id, why = m_notStarted] {
            emit jobFailed(id, JobFailure({id, proto::FailureCode::WorkersCannotStart, why.english()}, why), 0);
        });
        return;
    }
    // What kept workers from starting may be over; not for a job submitted while the pool gives
    // up (a batch's next images, submitted as their header probes fail): before, it started the
    // workers again, which were lost after the batch had said it was over.
    if (m_gaveUp && !m_shuttingDown && !m_givingUp) {
        m_gaveUp = false;
        m_running = true;
        m_startFailures = 0;
    }
    Tracked t;
    t.spec = job;
    m_jobs.insert(job.id, std::move(t));
    m_queue.push(job.id, job.priority);
    reopenSlots();
    fillSlots();
    // Every slot closed: with the worker file gone or not executable nothing can run it (a backoff
    // for another cause, out of files, is waited for). Said from the event loop: the caller learns
    // of its job's failure after it has its id (before, a preview asked for then waited for ever).
    if (m_running && !anySlotUsable() && (!m_reopenTimer.isActive() || !workerFileRunnable()))
        return giveUpSoon();
    dispatch();
}

void WorkerPool::setPaused(bool paused)
{
    m_paused = paused;
    if (paused)
        recallSentAhead();
    dispatch();
}

} // namespace pp
