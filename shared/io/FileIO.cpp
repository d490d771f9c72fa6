#include "FileIO.h"

#include "Message.h"

#include <QStringList>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <string>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace pp {
namespace {

bool writeAll(int fd, const uint8_t *data, size_t size, int *err)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *err = errno;
            return false;
        }
        data += n;
        size -= size_t(n);
    }
    return true;
}

} // namespace

int moveNoReplace(const char *temp, const char *target)
{
    if (::renameat2(AT_FDCWD, temp, AT_FDCWD, target, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return errno;
    // File systems without RENAME_NOREPLACE: link() refuses existing names atomically too.
    if (::link(temp, target) == 0) {
        ::unlink(temp);
        return 0;
    }
    if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS && errno != EMLINK)
        return errno;
    // Nor hard links (FAT, exFAT: a memory card, a USB stick): the name is claimed by creating it,
    // which refuses an existing one atomically, and the rename then replaces only that claim.
    const int claim = ::open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (claim < 0)
        return errno;
    ::close(claim);
    if (::rename(temp, target) != 0) {
        const int err = errno;
        ::unlink(target);
        return err;
    }
    return 0;
}

QString describeErrno(int err) { return errnoMessage(err).english(); }

namespace {
// Whether the file system of `path` (or of its folder, when `path` is not there) has no inode left
// for another file while it still has blocks.
bool outOfInodes(const QByteArray &path)
{
    struct statvfs fs;
    if (::statvfs(path.constData(), &fs) != 0) {
        const qsizetype slash = path.lastIndexOf('/');
        const QByteArray folder = slash > 0 ? path.left(slash) : slash == 0 ? QByteArray("/") : QByteArray(".");
        if (::statvfs(folder.constData(), &fs) != 0)
            return false;
    }
    // f_favail is what an unprivileged user may take; root may take the reserve too (f_ffree).
    const bool noInode = fs.f_files > 0 && (fs.f_ffree == 0 || (::geteuid() != 0 && fs.f_favail == 0));
    return noInode && fs.f_bavail > 0;
}
} // namespace

Message errnoMessageAt(int err, const QByteArray &path)
{
    if (err == ENOSPC && outOfInodes(path))
        return {MessageId::ErrnoNoInodes};
    return errnoMessage(err);
}

QString describeErrnoAt(int err, const QByteArray &path) { return errnoMessageAt(err, path).english(); }

namespace {

thread_local const HandedFiles *t_handed = nullptr;

// Opens a regular file for reading; refuses FIFOs, devices and folders without blocking on them.
// A handed one (HandedFiles) is a descriptor of its own on the same open file.
int openRegular(const QByteArray &path, struct stat *st, QString *error)
{
    if (const int refused = HandedFiles::refusal(path)) {
        *error = refused == EISDIR ? QStringLiteral("is a folder, not an image file")
                                   : workerErrnoDetail(WorkerErrnoDetail::CannotOpen, refused);
        return -1;
    }
    const int handed = HandedFiles::find(path);
    // O_NONBLOCK: opening a FIFO must not wait for a writer; we refuse it right after.
    const int fd = handed >= 0 ? ::fcntl(handed, F_DUPFD_CLOEXEC, 0)
                               : ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int err = errno;
        // Refused a folder's opening in a sandbox (its names are not to be listed): it is one all
        // the same.
        if (err == EACCES && ::stat(path.constData(), st) == 0 && S_ISDIR(st->st_mode)) {
            *error = QStringLiteral("is a folder, not an image file");
            return -1;
        }
        *error = workerErrnoDetail(WorkerErrnoDetail::CannotOpen, err);
        return -1;
    }
    if (::fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        ::close(fd);
        *error = S_ISDIR(st->st_mode) ? QStringLiteral("is a folder, not an image file")
                                      : QStringLiteral("not a regular file (a pipe, socket or device)");
        return -1;
    }
    return fd;
}

// Reads up to out->size() bytes from the file's start; a file that shrank meanwhile gives what is
// there. By position (pread): a handed descriptor shares its offset with every copy of it.
bool readUpTo(int fd, std::vector<uint8_t> *out, QString *error)
{
    size_t got = 0;
    while (got < out->size()) {
        const ssize_t n = ::pread(fd, out->data() + got, out->size() - got, off_t(got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = workerErrnoDetail(WorkerErrnoDetail::ReadError, errno);
            return false;
        }
        if (n == 0)
            break;
        got += size_t(n);
    }
    out->resize(got);
    return true;
}

} // namespace

HandedFiles::HandedFiles(const QList<QByteArray> &paths, const std::vector<int> &fds, const std::vector<int> &errors)
    : m_outer(t_handed)
{
    for (qsizetype i = 0; i < paths.size() && size_t(i) < fds.size(); ++i) {
        if (paths[i].isEmpty())
            continue;
        const int error = size_t(i) < errors.size() ? errors[size_t(i)] : 0;
        if (error != 0)
            m_refused.emplace_back(paths[i], error);
        else
            m_files.emplace_back(paths[i], fds[size_t(i)]);
    }
    t_handed = this;
}

HandedFiles::~HandedFiles() { t_handed = m_outer; }

int HandedFiles::find(const QByteArray &path)
{
    if (!t_handed)
        return -1;
    for (const auto &[name, fd] : t_handed->m_files)
        if (name == path)
            return fd;
    return -1;
}

int HandedFiles::refusal(const QByteArray &path)
{
    if (!t_handed)
        return 0;
    for (const auto &[name, error] : t_handed->m_refused)
        if (name == path)
            return error;
    return 0;
}

namespace {

// Whether the open file `fd` (`st`, its status) is where `c` says it must be.
bool isWhereConfined(int fd, const struct stat &st, const QByteArray &path, const Confinement &c)
{
    if (!c.confined || (c.inode != 0 && quint64(st.st_dev) == c.device && quint64(st.st_ino) == c.inode))
        return true;
    return !c.folder.isEmpty() && liesInFolder(fd, path, c.folder);
}

} // namespace

QByteArray realPathOf(int fd, const QByteArray &path)
{
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink(("/proc/self/fd/" + QByteArray::number(fd)).constData(), buffer, sizeof buffer);
    if (n > 0 && size_t(n) < sizeof buffer && buffer[0] == '/')
        return QByteArray(buffer, n);
    if (n >= 0 || (errno != ENOENT && errno != EACCES))
        return {}; // /proc is there: it cannot name this one (too long, not in this root)
    char *real = ::realpath(path.constData(), nullptr);
    const QByteArray resolved(real);
    std::free(real);
    struct stat opened, named;
    const bool same = !resolved.isEmpty() && ::fstat(fd, &opened) == 0 && ::stat(resolved.constData(), &named) == 0 &&
                      opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
    return same ? resolved : QByteArray();
}

bool liesInFolder(int fd, const QByteArray &path, const QByteArray &folder)
{
    const QByteArray real = realPathOf(fd, path);
    return !real.isEmpty() && liesBelow(real, folder);
}

int openToHand(const QByteArray &path, const Confinement &confinement, int *err)
{
#ifdef PIXELPOOL_TEST_HOOKS
    // An open that the file system does not answer (a network share that is gone), until
    // "<path>.go" is made, or a minute. "<path>.opening" says that the open has begun.
    if (path.contains("pixelpool-test-openhang") && qEnvironmentVariableIsSet("PIXELPOOL_TEST_OPEN_HANG")) {
        if (const int marker = ::open((path + ".opening").constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
            marker >= 0)
            ::close(marker);
        for (int i = 0; i < 6000 && ::access((path + ".go").constData(), F_OK) != 0; ++i)
            ::usleep(10000);
    }
#endif
    int fd = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    int why = errno;
    struct stat st;
    if (fd >= 0 && ::fstat(fd, &st) != 0) {
        why = errno;
        ::close(fd);
        fd = -1;
    } else if (fd >= 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        fd = -1;
        why = EISDIR;
    } else if (fd >= 0 && !isWhereConfined(fd, st, path, confinement)) {
        ::close(fd);
        fd = -1;
        why = kOutsideFolder;
    }
    if (fd >= 0) {
        *err = 0;
        return fd;
    }
    if (why == EMFILE || why == ENFILE || why == ENOMEM) {
        *err = why;
        return -1;
    }
    fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    *err = fd >= 0 ? why : errno;
    return fd;
}

Descriptors::~Descriptors()
{
    for (const int fd : fds)
        ::close(fd);
}

int statFile(const QByteArray &path, struct stat *st)
{
    if (const int refused = HandedFiles::refusal(path))
        return refused;
    const int handed = HandedFiles::find(path);
    const int r = handed >= 0 ? ::fstat(handed, st) : ::stat(path.constData(), st);
    return r == 0 ? 0 : errno;
}

bool waitReadable(int fd)
{
    sigset_t mask;
    if (::pthread_sigmask(SIG_SETMASK, nullptr, &mask) != 0)
        sigemptyset(&mask);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP})
        sigdelset(&mask, sig);
    pollfd p = {fd, POLLIN, 0};
    return ::ppoll(&p, 1, nullptr, &mask) >= 0;
}

int readSmallFile(const QByteArray &path, qint64 maxBytes, QByteArray *out)
{
    // O_NONBLOCK: a FIFO that no one writes to yet is opened at once and waited for below, where a
    // signal ends the wait (open() would wait in the kernel, restarted after each signal, and a
    // preset given as a FIFO held the batch past Ctrl+C and SIGTERM).
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return errno;
    out->clear();
    char buf[1 << 16];
    int err = 0;
    while (out->size() <= maxBytes) {
        if (!waitReadable(fd)) {
            err = errno;
            break;
        }
        const ssize_t n = ::read(fd, buf, size_t(std::min<qint64>(sizeof buf, maxBytes + 1 - out->size())));
        if (n == 0)
            break;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            continue; // read by another process that shares the pipe first: waited for again
        if (n < 0) {
            err = errno;
            break;
        }
        out->append(buf, n);
    }
    ::close(fd);
    return err;
}

bool readRegularFile(const QByteArray &path, qint64 maxBytes, std::vector<uint8_t> *out, QString *error)
{
    struct stat st;
    const int fd = openRegular(path, &st, error);
    if (fd < 0)
        return false;
    if (st.st_size > maxBytes) {
        ::close(fd);
        *error = QStringLiteral("file of %1 bytes is over the limit of %2 bytes").arg(st.st_size).arg(maxBytes);
        return false;
    }
    // A file of the kernel's (/proc, /sys) says it is empty and yet has text: what it holds is
    // read, up to a size no such file reaches, so that it is judged by its bytes, not as empty.
    constexpr qint64 kUnsizedFileBytes = 64 << 10;
    try {
        out->resize(size_t(st.st_size > 0 ? st.st_size : std::min(kUnsizedFileBytes, maxBytes)));
    } catch (const std::bad_alloc &) {
        ::close(fd);
        *error = QStringLiteral("out of memory reading %1 bytes").arg(st.st_size);
        return false;
    }
    const bool ok = readUpTo(fd, out, error);
    ::close(fd);
    return ok;
}

int openRegularFile(const QByteArray &path, qint64 *fileSize, QString *error)
{
    struct stat st;
    const int fd = openRegular(path, &st, error);
    if (fd >= 0)
        *fileSize = qint64(st.st_size);
    return fd;
}

int makeTemporary(const QByteArray &tempPath, int folderFd, bool *unnamed, int *err)
{
    // Linked to its name later through /proc/self/fd (linkat with AT_EMPTY_PATH needs a
    // capability): without /proc, named from the start.
    static const bool procFds = ::access("/proc/self/fd", X_OK) == 0;
    bool unnamedWanted = procFds;
#ifdef PIXELPOOL_TEST_HOOKS
    // Tests of what is left where temporaries have names (FAT, exFAT, NFS) on any file system.
    unnamedWanted = unnamedWanted && !qEnvironmentVariableIsSet("PIXELPOOL_TEST_NAMED_TEMPORARIES");
#endif
    if (unnamedWanted) {
        const int fd = folderFd >= 0 ? ::openat(folderFd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666)
                                     : ::open(folderOf(tempPath).constData(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *unnamed = true;
            return fd;
        }
        // EOPNOTSUPP: a file system without them (FAT, exFAT, NFS); EISDIR: a kernel without them.
        if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
            *err = errno;
            return -1;
        }
    }
    *unnamed = false;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = ::open(tempPath.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        *err = errno;
        // The job's own from an attempt before (its names are the run's and the job's alone).
        if (errno != EEXIST || ::unlink(tempPath.constData()) != 0)
            return -1;
    }
    return -1;
}

bool nameTemporary(int fd, const QByteArray &tempPath, int *err)
{
    const QByteArray self = "/proc/self/fd/" + QByteArray::number(fd);
    if (::linkat(AT_FDCWD, self.constData(), AT_FDCWD, tempPath.constData(), AT_SYMLINK_FOLLOW) == 0)
        return true;
    *err = errno;
    return false;
}

bool writeTemporary(int fd, const QByteArray &tempPath, const std::vector<uint8_t> &bytes, QString *error)
{
    const bool own = fd < 0;
    if (own) {
        fd = ::open(tempPath.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            *error = workerErrnoDetail(WorkerErrnoDetail::CannotCreateOutput, errnoMessageAt(errno, tempPath));
            return false;
        }
    }
    int err = 0;
    bool written = writeAll(fd, bytes.data(), bytes.size(), &err);
    if (own && ::close(fd) != 0 && written) {
        written = false;
        err = errno;
    }
    if (!written) {
        if (own)
            ::unlink(tempPath.constData());
        *error = workerErrnoDetail(WorkerErrnoDetail::CannotWriteOutput, errnoMessageAt(err, tempPath));
        return false;
    }
    return true;
}

QByteArray canonical(const QByteArray &path)
{
    char buf[PATH_MAX];
    return ::realpath(path.constData(), buf) ? QByteArray(buf) : QByteArray();
}

FolderId FolderId::of(const QByteArray &path)
{
    struct stat st;
    if (::stat(path.constData(), &st) != 0)
        return {};
    return {quint64(st.st_dev), quint64(st.st_ino)};
}

bool folderReplaced(const QByteArray &path, const FolderId &was)
{
    const FolderId now = FolderId::of(path);
    return was.known() && now.known() && now != was;
}

FolderHandle::FolderHandle(const QByteArray &folder)
{
    // For reading when it can be (fchmod needs it); a folder without read permission still gives
    // a handle that unlinkat() can use.
    m_fd = ::open(folder.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    m_readable = m_fd >= 0;
    if (m_fd < 0)
        m_fd = ::open(folder.constData(), O_PATH | O_DIRECTORY | O_CLOEXEC);
}

FolderHandle::~FolderHandle()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool removeTemporary(const QByteArray &tempPath, const FolderHandle *folder)
{
    if (tempPath.isEmpty())
        return true;
    const QByteArray name = tempPath.mid(tempPath.lastIndexOf('/') + 1);
    const int dir = folder ? folder->fd() : -1;
    // Through the folder first: it is the one the job was given, wherever it went since. Its
    // path only when there is no handle, or the file is not in the held folder (the folder was
    // moved before the worker began, and one of the same name made in its place).
    int err = 0;
    if (dir >= 0 && ::unlinkat(dir, name.constData(), 0) == 0)
        return true;
    err = dir >= 0 ? errno : ENOENT;
    if (err == ENOENT) {
        if (::unlink(tempPath.constData()) == 0 || errno == ENOENT || errno == ENOTDIR)
            return true;
        return false;
    }
    if ((err != EACCES && err != EPERM) || !folder->canChangeMode())
        return false;
    // A folder made read-only while the file was being made: its owner may write in it again for
    // the moment of the removal. Set back to the mode it had, unless someone changed it meanwhile.
    struct stat st;
    if (::fstat(dir, &st) != 0 || st.st_uid != ::geteuid())
        return false;
    const mode_t mode = st.st_mode & 07777;
    const mode_t open = mode | S_IWUSR | S_IXUSR;
    if (open == mode || ::fchmod(dir, open) != 0)
        return false;
    const bool removed = ::unlinkat(dir, name.constData(), 0) == 0 || errno == ENOENT;
    if (::fstat(dir, &st) == 0 && (st.st_mode & 07777) == open)
        ::fchmod(dir, mode);
    return removed;
}

QByteArray executableDir()
{
    char exe[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return {};
    const QByteArray path(exe, int(n));
    return path.left(path.lastIndexOf('/') + 1);
}

QByteArray ownFilePath(OwnFolder folder, const QByteArray &name)
{
    const QByteArray dir = executableDir();
    const QByteArray beside = dir + name;
    if (dir.isEmpty() || ::access(beside.constData(), F_OK) == 0)
        return beside;
    // The window and the worker are both in libexec/pixelpool/, so the window finds the worker
    // beside itself; the other cases depend on which installed folder this executable is in.
    const bool inLibexec = dir.endsWith("/" PIXELPOOL_INSTALL_LIBEXEC "/");
    const char *relative = nullptr;
    if (folder == OwnFolder::Plugins)
        relative = inLibexec ? PIXELPOOL_LIBEXEC_TO_PLUGINS : PIXELPOOL_BIN_TO_PLUGINS;
    else if (!inLibexec)
        relative = PIXELPOOL_BIN_TO_LIBEXEC;
    if (!relative)
        return beside;
    const QByteArray installedDir = dir + relative + '/';
    struct stat st;
    if (::stat(installedDir.constData(), &st) != 0 || !S_ISDIR(st.st_mode))
        return beside;
    // Said as the folder it is ("cannot start worker /usr/libexec/pixelpool/pixelpool-worker: …"),
    // not through the relative way there ("/usr/bin/../libexec/pixelpool/…", as messages said it).
    char real[PATH_MAX];
    return (::realpath(installedDir.constData(), real) ? QByteArray(real) + '/' : installedDir) + name;
}

bool sameFile(const QByteArray &a, const QByteArray &b)
{
    struct stat sa, sb;
    if (::stat(a.constData(), &sa) != 0 || ::stat(b.constData(), &sb) != 0 || sa.st_dev != sb.st_dev)
        return false;
    return sa.st_ino == sb.st_ino || namesOneFileButForCase(a, b);
}

QByteArray caseFolded(const QByteArray &path) { return QString::fromUtf8(path).toCaseFolded().toUtf8(); }

bool namesOneFileButForCase(const QByteArray &a, const QByteArray &b)
{
    char ra[PATH_MAX], rb[PATH_MAX];
    if (!::realpath(a.constData(), ra) || !::realpath(b.constData(), rb) || std::strcmp(ra, rb) == 0)
        return false;
    struct stat sa, sb;
    if (caseFolded(ra) != caseFolded(rb) || ::stat(ra, &sa) != 0 || ::stat(rb, &sb) != 0 || sa.st_dev != sb.st_dev ||
        !takesWindowsNamesOnly(ra))
        return false;
    // NTFS (ntfs3, ntfs-3g) tells names apart by case on Linux: where the folder lists both
    // spellings they are two files. A file system that finds a name in any case lists one.
    const QByteArray pa(ra), pb(rb);
    const qsizetype slashA = pa.lastIndexOf('/'), slashB = pb.lastIndexOf('/');
    if (pa.left(slashA) != pb.left(slashB))
        return true; // a folder spelled otherwise: its names are not both listed in one place
    const QByteArray nameA = pa.mid(slashA + 1), nameB = pb.mid(slashB + 1);
    DIR *d = ::opendir(slashA > 0 ? pa.left(slashA).constData() : "/");
    if (!d)
        return true;
    bool listsA = false, listsB = false;
    while (const dirent *e = ::readdir(d)) {
        listsA |= nameA == e->d_name;
        listsB |= nameB == e->d_name;
    }
    ::closedir(d);
    return !(listsA && listsB);
}

namespace {

// The file system type of a FUSE mount on a block device, as /proc/self/mountinfo names it
// ("fuseblk": exfat-fuse, ntfs-3g); a FUSE file system of another kind (sshfs, a cloud drive)
// is "fuse.<name>".
bool isFuseBlock(dev_t device)
{
    std::ifstream mounts("/proc/self/mountinfo");
    const std::string id = std::to_string(major(device)) + ':' + std::to_string(minor(device));
    std::string line;
    while (std::getline(mounts, line)) {
        // "36 25 0:32 / /media/card rw,nosuid - fuseblk /dev/sdb1 rw,…": the third field is the
        // device, the one after " - " the type.
        const size_t first = line.find(' '), second = first == std::string::npos ? first : line.find(' ', first + 1);
        if (second == std::string::npos || line.compare(second + 1, id.size() + 1, id + ' ') != 0)
            continue;
        const size_t dash = line.find(" - ");
        return dash != std::string::npos && line.compare(dash + 3, 8, "fuseblk ") == 0;
    }
    return false;
}

} // namespace

bool takesWindowsNamesOnly(const QByteArray &path)
{
    // Asked again by each batch (not remembered per device): a card taken out and another file
    // system mounted may get the same device number.
    struct stat st;
    struct statfs fs;
    if (::stat(path.constData(), &st) != 0 || ::statfs(path.constData(), &fs) != 0)
        return false;
    constexpr unsigned long kMsdos = 0x4d44, kExfat = 0x2011BAB0, kNtfs = 0x5346544e, kNtfs3 = 0x7366746e,
                            kFuse = 0x65735546;
    const auto type = static_cast<unsigned long>(fs.f_type);
    return type == kMsdos || type == kExfat || type == kNtfs || type == kNtfs3 ||
           (type == kFuse && isFuseBlock(st.st_dev));
}

QByteArray windowsName(const QByteArray &name, QByteArray *replaced)
{
    QByteArray out = name;
    for (char &c : out) {
        if (c != 0 && (uchar(c) < 0x20 || std::strchr(kNotInWindowsNames, c) != nullptr)) {
            if (replaced && !replaced->contains(c))
                *replaced += c;
            c = '_';
        }
    }
    return out;
}

QString charactersText(const QByteArray &chars)
{
    QStringList shown;
    for (const char c : chars)
        shown << (uchar(c) < 0x20 ? QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'))
                                  : QString(QLatin1Char(c)));
    return shown.join(QLatin1Char(' '));
}

} // namespace pp
