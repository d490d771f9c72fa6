#include "SharedMemory.h"

#include "FileIO.h"

#include <QDateTime>
#include <QDir>
#include <QRandomGenerator>
#include <atomic>
#include <cerrno>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {
namespace {

// A hidden run folder still without its lock after this long was left by a front end that died
// while making it.
constexpr qint64 kStagingAbandonedMs = 60000;

// "pixelpool-<pid>-..." (or a run folder being made, ".pixelpool-<pid>-...") -> pid, or 0.
qint64 ownerPid(QString name)
{
    if (name.startsWith('.'))
        name.remove(0, 1);
    if (!name.startsWith(QLatin1String("pixelpool-")))
        return 0;
    const QString rest = name.mid(10);
    return rest.section('-', 0, 0).toLongLong();
}

// A process of that pid exists in this PID namespace.
bool pidExists(qint64 pid) { return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM); }

enum class RunLock {
    Held,   // its front end is running (or the lock cannot be judged: kept all the same)
    Free,   // its front end has ended
    Missing // no lock file: an older version's folder, or no folder
};

// The state of the lock of run folder `dir`. Free: the lock is now the caller's, through *fd
// (closed by the caller once the run's files are gone) or released at once without fd.
RunLock runLock(const QString &dir, int *fd = nullptr)
{
    const QByteArray path = QFile::encodeName(dir + '/' + QLatin1String(kRunLockName));
    const int f = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (f < 0)
        return errno == ENOENT || errno == ENOTDIR ? RunLock::Missing : RunLock::Held;
    if (::flock(f, LOCK_EX | LOCK_NB) != 0) {
        ::close(f);
        return RunLock::Held;
    }
    if (fd)
        *fd = f;
    else
        ::close(f);
    return RunLock::Free;
}

} // namespace

std::unique_ptr<SharedSegment> SharedSegment::create(const QByteArray &name, size_t size, QString *error)
{
    const int fd = ::memfd_create(name.constData(), MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) {
        *error =
            QStringLiteral("cannot create shared memory %1: %2").arg(QString::fromUtf8(name), describeErrno(errno));
        return nullptr;
    }
    // Its size is fixed for good: the worker it goes to cannot cut it short (where the front end's
    // copy would fault) nor make it grow.
    if (::ftruncate(fd, off_t(size)) != 0 || ::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
        *error = QStringLiteral("cannot size shared memory: %1").arg(describeErrno(errno));
        ::close(fd);
        return nullptr;
    }
    void *p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        *error = QStringLiteral("cannot map shared memory: %1").arg(describeErrno(errno));
        ::close(fd);
        return nullptr;
    }
    return std::unique_ptr<SharedSegment>(new SharedSegment(name, static_cast<uint8_t *>(p), size, fd));
}

std::unique_ptr<SharedSegment> SharedSegment::attach(int fd, size_t minSize, bool writable, QString *error)
{
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || size_t(st.st_size) < minSize || st.st_size == 0) {
        *error = QStringLiteral("shared memory segment missing or too small");
        return nullptr;
    }
    const size_t size = size_t(st.st_size);
    void *p = ::mmap(nullptr, size, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        *error = QStringLiteral("cannot map shared memory: %1").arg(describeErrno(errno));
        return nullptr;
    }
    return std::unique_ptr<SharedSegment>(new SharedSegment({}, static_cast<uint8_t *>(p), size, -1));
}

namespace {
// The copy under way on this thread, and where to go when its mapping faults. Only a fault inside
// that mapping, on this thread, is caught; any other SIGBUS goes where it went before. Volatile,
// with signal fences: the compiler knows memcpy() does not read them and dropped the stores before
// it, and the handler found no copy under way.
thread_local sigjmp_buf *volatile t_busJump = nullptr;
thread_local const uint8_t *volatile t_busBegin = nullptr;
thread_local const uint8_t *volatile t_busEnd = nullptr;
struct sigaction g_busBefore;

void onBus(int signal, siginfo_t *info, void *context)
{
    const auto *at = static_cast<const uint8_t *>(info->si_addr);
    if (t_busJump && at >= t_busBegin && at < t_busEnd)
        siglongjmp(*t_busJump, 1);
    if (g_busBefore.sa_flags & SA_SIGINFO) {
        g_busBefore.sa_sigaction(signal, info, context);
    } else if (g_busBefore.sa_handler != SIG_DFL && g_busBefore.sa_handler != SIG_IGN) {
        g_busBefore.sa_handler(signal);
    } else {
        // Back to what it was; the faulting access runs again on return and ends the process as a
        // SIGBUS always did.
        ::sigaction(SIGBUS, &g_busBefore, nullptr);
    }
}

bool copyGuarded(const uint8_t *mapping, size_t mapped, void *to, const void *from, size_t n)
{
    static const bool installed = [] {
        struct sigaction sa {
        };
        sa.sa_sigaction = onBus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        return ::sigaction(SIGBUS, &sa, &g_busBefore) == 0;
    }();
    Q_UNUSED(installed);
    sigjmp_buf jump;
    if (sigsetjmp(jump, 1) != 0) { // the mask is restored: SIGBUS is not left blocked
        t_busJump = nullptr;
        return false;
    }
    t_busBegin = mapping;
    t_busEnd = mapping + mapped;
    t_busJump = &jump;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    std::memcpy(to, from, n);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    t_busJump = nullptr;
    return true;
}
} // namespace

bool SharedSegment::copyOut(size_t offset, void *to, size_t n) const
{
    return copyGuarded(m_data, m_size, to, m_data + offset, n);
}

bool SharedSegment::copyIn(size_t offset, const void *from, size_t n)
{
    return copyGuarded(m_data, m_size, m_data + offset, from, n);
}

SharedSegment::~SharedSegment()
{
    ::munmap(m_data, m_size);
    if (m_fd >= 0)
        ::close(m_fd);
}

RunIdentity::RunIdentity()
{
    const quint64 run = QRandomGenerator::system()->generate64();
    m_prefix = "pixelpool-" + QByteArray::number(::getpid()) + "-" + QByteArray::number(run, 16);
}

QByteArray RunIdentity::randomToken() const
{
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), 8);
    return raw.toHex();
}

bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (pidExists(pid))
        return true;
    // Not seen here; it may run in another PID namespace and share the runtime folder with us.
    const QString runs = QStringLiteral("pixelpool-%1-*").arg(pid);
    for (const QString &path : runtimeBaseDirs()) {
        const QDir base(path);
        for (const QString &name : base.entryList({runs, "." + runs}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden))
            if (runLock(base.filePath(name)) == RunLock::Held)
                return true;
    }
    return false;
}

int makeLockedRunFolder(const QString &path, QString *error, const std::function<void()> &betweenSteps)
{
    // Made under a hidden name, then renamed into place: the sweep takes a run folder without a
    // lock file for an older version's, judged by its pid. Inside it, the lock is made and locked
    // as "lock.new" and only then renamed to "lock": a lock file that exists is never unlocked
    // while its run starts, so a sweep that takes it knows the run is over (before, a sweep in
    // another front end could take "lock" between its creation and the flock, and remove the
    // folder of a run that was starting).
    const QFileInfo fi(path);
    const QByteArray staging = QFile::encodeName(fi.path() + "/." + fi.fileName());
    const QByteArray fresh = staging + '/' + kRunLockName + ".new";
    const QByteArray lock = staging + '/' + kRunLockName;
    const auto failed = [&](int fd, bool made) {
        const int e = errno;
        if (fd >= 0) {
            ::close(fd);
            ::unlink(fresh.constData());
            ::unlink(lock.constData());
        }
        if (made)
            ::rmdir(staging.constData());
        *error = QStringLiteral("cannot create the private folder %1: %2").arg(path, describeErrnoAt(e, staging));
        if (!qEnvironmentVariableIsEmpty("TMPDIR") && fi.absolutePath() == temporaryBaseDir())
            *error += QStringLiteral(" (the folder TMPDIR names)");
        return -1;
    };
    const auto step = [&] {
        if (betweenSteps)
            betweenSteps();
        return true;
    };
    if (::mkdir(staging.constData(), 0700) != 0)
        return failed(-1, false);
    if (!step() || ::chmod(staging.constData(), 0700) != 0) // whatever the umask
        return failed(-1, true);
    const int fd = ::open(fresh.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return failed(-1, true);
    if (!step() || ::flock(fd, LOCK_EX | LOCK_NB) != 0 || !step() ||
        ::renameat2(AT_FDCWD, fresh.constData(), AT_FDCWD, lock.constData(), RENAME_NOREPLACE) != 0 || !step() ||
        ::renameat2(AT_FDCWD, staging.constData(), AT_FDCWD, QFile::encodeName(path).constData(), RENAME_NOREPLACE) !=
            0)
        return failed(fd, true);
    step();
    return fd;
}

QString temporaryBaseDir()
{
    const QString tmp = qEnvironmentVariable("TMPDIR");
    return QDir::cleanPath(QDir(tmp.isEmpty() ? QStringLiteral("/tmp") : tmp).absolutePath());
}

QStringList runtimeBaseDirs()
{
    // A socket path must fit in sun_path (108 bytes) with our folder and name appended.
    constexpr int kRoom = 60;
    QStringList dirs;
    const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!xdg.isEmpty() && xdg.toLocal8Bit().size() <= kRoom && QFileInfo(xdg).isDir() && QFileInfo(xdg).isWritable())
        dirs << QDir::cleanPath(xdg);
    // $TMPDIR as it is given: QDir::tempPath() made a folder that does not exist "", so the run
    // folder was looked for at "/pixelpool-…" and the error named the root folder.
    const QString tmp = temporaryBaseDir();
    if (tmp.toLocal8Bit().size() <= kRoom && !dirs.contains(tmp))
        dirs << tmp;
    // Last, /tmp: a TMPDIR that names no folder, or one that cannot take the run folder, failed
    // every image ("workers cannot start"); the run folder holds a socket and a lock, nothing that
    // TMPDIR's size or place matters for.
    if (!dirs.contains(QStringLiteral("/tmp")))
        dirs << QStringLiteral("/tmp");
    return dirs;
}

// The run folders in `base` of runs that are over (removeStaleRunFiles).
static int removeStaleRunFolders(const QDir &base)
{
    int removed = 0;
    for (const QString &name :
         base.entryList({"pixelpool-*", ".pixelpool-*"}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const qint64 pid = ownerPid(name);
        const QFileInfo fi(base.filePath(name));
        if (!pid || fi.ownerId() != ::getuid() || fi.isSymLink())
            continue;
        // One being made (hidden) has no lock until its lock is held (makeLockedRunFolder): one
        // without a lock goes only when its pid is gone and it has stayed unfinished for a while
        // (its pid may be another PID namespace's, whose front end is still making it).
        int fd = -1;
        const RunLock lock = runLock(fi.filePath(), &fd);
        const bool abandoned =
            !name.startsWith('.') || fi.lastModified().msecsTo(QDateTime::currentDateTime()) > kStagingAbandonedMs;
        if (lock == RunLock::Free || (lock == RunLock::Missing && abandoned && !pidExists(pid))) {
            QDir(fi.filePath()).removeRecursively();
            ++removed;
        }
        if (fd >= 0)
            ::close(fd);
    }
    return removed;
}

int removeStaleRunFiles()
{
    int removed = 0;
    const QStringList bases = runtimeBaseDirs();
    // A segment goes with its run, "pixelpool-<pid>-<run>-<what>" with the folder "pixelpool-<pid>-<run>"
    // in one of the bases: swept before the folders, while a dead run's folder still says it is dead.
    const QDir shm(QStringLiteral("/dev/shm"));
    for (const QString &name : shm.entryList({"pixelpool-*"}, QDir::Files | QDir::System)) {
        const qint64 pid = ownerPid(name);
        if (!pid || QFileInfo(shm.filePath(name)).ownerId() != ::getuid())
            continue;
        RunLock lock = RunLock::Missing;
        for (const QString &base : bases) {
            const RunLock here = runLock(QDir(base).filePath(name.section('-', 0, 2)));
            if (here != RunLock::Missing)
                lock = here;
            if (here == RunLock::Held)
                break;
        }
        if (lock == RunLock::Free || (lock == RunLock::Missing && !pidExists(pid))) {
            ::shm_unlink(("/" + name).toLocal8Bit().constData());
            ++removed;
        }
    }
    for (const QString &path : bases)
        removed += removeStaleRunFolders(QDir(path));
    return removed;
}

} // namespace pp
