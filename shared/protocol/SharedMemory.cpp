#include "SharedMemory.h"

#include "FileIO.h"

#include <QDir>
#include <QRandomGenerator>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {
namespace {

// "pixelpool-<pid>-..." -> pid, or 0.
qint64 ownerPid(const QString &name)
{
    if (!name.startsWith(QLatin1String("pixelpool-")))
        return 0;
    const QString rest = name.mid(10);
    return rest.section('-', 0, 0).toLongLong();
}

} // namespace

std::unique_ptr<SharedSegment> SharedSegment::create(const QByteArray &name, size_t size, QString *error)
{
    const int fd = ::shm_open(name.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error =
            QStringLiteral("cannot create shared memory %1: %2").arg(QString::fromUtf8(name), describeErrno(errno));
        return nullptr;
    }
    if (::ftruncate(fd, off_t(size)) != 0) {
        *error = QStringLiteral("cannot size shared memory: %1").arg(describeErrno(errno));
        ::close(fd);
        ::shm_unlink(name.constData());
        return nullptr;
    }
    void *p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) {
        *error = QStringLiteral("cannot map shared memory: %1").arg(describeErrno(errno));
        ::shm_unlink(name.constData());
        return nullptr;
    }
    return std::unique_ptr<SharedSegment>(new SharedSegment(name, static_cast<uint8_t *>(p), size));
}

std::unique_ptr<SharedSegment> SharedSegment::attach(const QByteArray &name, size_t minSize, bool writable,
                                                     QString *error)
{
    const int fd = ::shm_open(name.constData(), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC, 0);
    if (fd < 0) {
        *error = QStringLiteral("cannot open shared memory: %1").arg(describeErrno(errno));
        return nullptr;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || st.st_uid != ::getuid() || size_t(st.st_size) < minSize || st.st_size == 0) {
        *error = QStringLiteral("shared memory segment is not ours or too small");
        ::close(fd);
        return nullptr;
    }
    const size_t size = size_t(st.st_size);
    void *p = ::mmap(nullptr, size, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) {
        *error = QStringLiteral("cannot map shared memory: %1").arg(describeErrno(errno));
        return nullptr;
    }
    auto seg = std::unique_ptr<SharedSegment>(new SharedSegment(name, static_cast<uint8_t *>(p), size));
    seg->m_unlinked = true; // not ours to remove
    return seg;
}

SharedSegment::~SharedSegment()
{
    ::munmap(m_data, m_size);
    unlink();
}

void SharedSegment::unlink()
{
    if (!m_unlinked)
        ::shm_unlink(m_name.constData());
    m_unlinked = true;
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

bool processAlive(qint64 pid) { return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM); }

QString runtimeBaseDir()
{
    // A socket path must fit in sun_path (108 bytes) with our folder and name appended.
    constexpr int kRoom = 60;
    const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!xdg.isEmpty() && xdg.toLocal8Bit().size() <= kRoom && QFileInfo(xdg).isDir() && QFileInfo(xdg).isWritable())
        return xdg;
    const QString tmp = QDir::tempPath();
    return tmp.toLocal8Bit().size() <= kRoom ? tmp : QStringLiteral("/tmp");
}

int removeStaleRunFiles()
{
    int removed = 0;
    const QDir shm(QStringLiteral("/dev/shm"));
    for (const QString &name : shm.entryList({"pixelpool-*"}, QDir::Files | QDir::System)) {
        const qint64 pid = ownerPid(name);
        if (pid && !processAlive(pid) && QFileInfo(shm.filePath(name)).ownerId() == ::getuid()) {
            ::shm_unlink(("/" + name).toLocal8Bit().constData());
            ++removed;
        }
    }
    const QDir base(runtimeBaseDir());
    for (const QString &name : base.entryList({"pixelpool-*"}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const qint64 pid = ownerPid(name);
        const QFileInfo fi(base.filePath(name));
        if (pid && !processAlive(pid) && fi.ownerId() == ::getuid() && !fi.isSymLink()) {
            QDir(fi.filePath()).removeRecursively();
            ++removed;
        }
    }
    return removed;
}

} // namespace pp
