// File access for hostile inputs and temporary outputs: the bottom of the code, used by every
// part and using none of them. Paths are raw bytes (Linux file names need
// not be UTF-8).
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <cstdint>
#include <utility>
#include <vector>

struct stat;

namespace pp {

struct Message;

constexpr qint64 kMaxInputFileBytes = qint64(2) << 30;

// Reads a whole regular file. Refuses FIFOs, devices, directories (without blocking on them)
// and files over maxBytes. On failure returns false and sets *error.
bool readRegularFile(const QByteArray &path, qint64 maxBytes, std::vector<uint8_t> *out, QString *error);

// Files handed to this thread open, by the names it knows them by: a sandboxed worker may not open
// the user's files (WorkerSandbox.h), so the front end opens a job's input, logos and fonts and
// hands their descriptors over. While one lives, readRegularFile, openRegularFile and statFile on
// this thread take a path it holds from its descriptor (read from its start, whatever was read of
// it before), any other path by name as before. A file the front end could not open comes as a
// placeholder with why (`errors`, openToHand): it fails with that reason, its name never looked at
// here. The descriptors are borrowed; scopes nest, the inner one hiding the outer.
class HandedFiles
{
public:
    // `errors`: for each of `fds`, 0 (the file) or the errno value the front end met opening it;
    // missing ones are 0.
    HandedFiles(const QList<QByteArray> &paths, const std::vector<int> &fds, const std::vector<int> &errors = {});
    ~HandedFiles();
    HandedFiles(const HandedFiles &) = delete;
    HandedFiles &operator=(const HandedFiles &) = delete;
    // The descriptor this thread was handed for `path`, or -1.
    static int find(const QByteArray &path);
    // Why the front end could not open `path`, handed so (an errno value), or 0.
    static int refusal(const QByteArray &path);

private:
    std::vector<std::pair<QByteArray, int>> m_files, m_refused;
    const HandedFiles *m_outer;
};

// stat() of `path`, or fstat() of its handed descriptor (HandedFiles); 0 or an errno value.
int statFile(const QByteArray &path, struct stat *st);

// The path the kernel knows the open file `fd` by (/proc/self/fd), links followed; without /proc,
// realpath() of `path` when that names the same file. Empty when neither can say (a path longer
// than PATH_MAX, a file swapped meanwhile).
QByteArray realPathOf(int fd, const QByteArray &path);
// Whether the open file `fd` (opened as `path`) lies in the folder whose real path is `folder`, as
// realPathOf() says. False when it cannot say.
bool liesInFolder(int fd, const QByteArray &path, const QByteArray &folder);

// Where a file a folder scan took must be when the front end opens it to hand it to a worker (a
// name in a folder from elsewhere may have become a link to the user's private files since): the
// very file the scan saw (`device`, `inode`), or a file inside `folder` (the scanned folder's real
// path, realPathOf; empty when it could not be known: then only the same file goes). Not
// `confined`: anywhere (a file named directly, --follow-links).
struct Confinement {
    bool confined = false;
    QByteArray folder;
    quint64 device = 0, inode = 0;
    bool operator==(const Confinement &o) const
    {
        return confined == o.confined && folder == o.folder && device == o.device && inode == o.inode;
    }
};

// Opens `path` for a worker to read (HandedFiles), without blocking on a FIFO: the descriptor with
// *err 0. One that cannot be opened, or a folder (whose names the worker is not to list), gives a
// placeholder (/dev/null) with *err why (EISDIR for a folder); so does one outside its
// `confinement`, with kOutsideFolder. -1 with *err only when this process is short of descriptors
// or memory, as no worker would be.
int openToHand(const QByteArray &path, const Confinement &confinement, int *err);
// openToHand's *err for a file outside its confinement (not an errno value; the front end says it
// in its own words, MessageId::ErrnoOutsideFolder, and hands the worker EACCES).
constexpr int kOutsideFolder = -1;

// Descriptors owned together and closed with them: a job's files on their way to a worker.
class Descriptors
{
public:
    Descriptors() = default;
    Descriptors(Descriptors &&o) noexcept : fds(std::exchange(o.fds, {})), errors(std::exchange(o.errors, {})) {}
    Descriptors &operator=(Descriptors &&o) noexcept
    {
        std::swap(fds, o.fds);
        std::swap(errors, o.errors);
        return *this;
    }
    Descriptors(const Descriptors &) = delete;
    Descriptors &operator=(const Descriptors &) = delete;
    ~Descriptors();
    std::vector<int> fds;
    // For each of fds, 0 or why it is a placeholder (openToHand; HandedFiles). Empty: all files.
    std::vector<int> errors;
};

// Waits until `fd` has something to read, or its end, with SIGINT, SIGTERM and SIGHUP let through
// while it waits (ppoll: never restarted after a handler). False with errno EINTR when one was
// caught, now or held pending by the caller before (a caller holds them blocked around the read,
// so that one that comes just before the wait ends it).
bool waitReadable(int fd);

// Reads a small file that may be a pipe, a FIFO or a terminal (a preset given as /dev/stdin or
// <(…)): opened without blocking, and each wait for its writer ended by a signal (waitReadable).
// At most maxBytes + 1 bytes are read (more says the file is too large). Returns 0, or an errno
// value (EINTR: a signal came while it waited).
int readSmallFile(const QByteArray &path, qint64 maxBytes, QByteArray *out);

// Opens a regular file for reading and returns its descriptor (and its size in *fileSize), or -1
// with *error set: FIFOs, devices and folders are refused without blocking on them.
int openRegularFile(const QByteArray &path, qint64 *fileSize, QString *error);

// Moves `temp` to `target` atomically without replacing an existing file (renameat2 with
// RENAME_NOREPLACE; link+unlink where the file system lacks it; where it has no hard links either,
// as FAT and exFAT, an exclusive create claims the name and the rename replaces the claim).
// Returns 0 or an errno value.
int moveNoReplace(const char *temp, const char *target);

// The temporary file an output is written into before it gets its final name: made by the front
// end in the output's folder (held open as `folderFd`, or -1: by tempPath's folder) and handed to
// the worker as a descriptor, so that a worker itself never needs to make a file (it may not:
// WorkerSandbox.h). Where the file system can (O_TMPFILE: ext4, xfs, btrfs, tmpfs…), the file has
// no name at all (*unnamed) until the front end has accepted the result and names it tempPath
// (nameTemporary): whichever process is killed, nothing is left behind. Elsewhere (FAT, exFAT, NFS)
// it is made under tempPath, exclusively (one the job left there on an attempt before is replaced).
// Returns the descriptor (write-only, close-on-exec), or -1 with *err.
int makeTemporary(const QByteArray &tempPath, int folderFd, bool *unnamed, int *err);
// Gives an unnamed temporary (makeTemporary) the name tempPath; false with *err.
bool nameTemporary(int fd, const QByteArray &tempPath, int *err);

// The worker's half of an atomic write: writes `bytes` to the temporary `fd` the front end made
// (left open), or with fd -1 to tempPath, created exclusively here and removed on failure (a
// worker's executor run in tests, and in-process). tempPath names the output in messages. The
// front end gives it its final name (frontend/OutputCommit.h).
bool writeTemporary(int fd, const QByteArray &tempPath, const std::vector<uint8_t> &bytes, QString *error);

// The path with every link, "." and ".." resolved (realpath()); empty when it leads nowhere.
QByteArray canonical(const QByteArray &path);

// Which folder a path leads to (stat(): through symbolic links), to tell it from another given its
// name since: an output folder moved away and replaced by a new one, or by a link to elsewhere.
struct FolderId {
    quint64 device = 0, inode = 0; // inode 0: not known (the path led nowhere)
    static FolderId of(const QByteArray &path);
    bool known() const { return inode != 0; }
    bool operator==(const FolderId &o) const { return device == o.device && inode == o.inode; }
    bool operator!=(const FolderId &o) const { return !(*this == o); }
};
// True when `path` now leads to a folder other than `was` (known); false when it leads to `was`, or
// nowhere (a folder gone is said as such by its callers), or `was` is not known.
bool folderReplaced(const QByteArray &path, const FolderId &was);

// A folder held open, so that a temporary file in it can be removed wherever the folder is by then:
// moved (renamed) away during the batch, its path no longer leads to the file, but the folder's
// descriptor does. The front end opens one on a job's temporary folder before a worker may make
// anything there, and keeps it until the job's outputs are committed or removed.
class FolderHandle
{
public:
    explicit FolderHandle(const QByteArray &folder);
    ~FolderHandle();
    FolderHandle(const FolderHandle &) = delete;
    FolderHandle &operator=(const FolderHandle &) = delete;
    int fd() const { return m_fd; } // -1: the folder was not there
    bool canChangeMode() const { return m_readable; }

private:
    int m_fd = -1;
    bool m_readable = false; // opened for reading (not only O_PATH): fchmod works on it
};

// Removes the temporary file `tempPath`, also when its folder (held by `folder`, may be null) has
// been moved away since, and when the folder was made read-only by its owner, this user: the
// owner's write permission is given back for the removal and taken away again at once, so the
// folder ends as it was, without the file. True when the file is gone. Only a file system
// remounted read-only, or a folder this user does not own made read-only, keeps it (the next batch
// into the folder removes it, as any stale temporary).
bool removeTemporary(const QByteArray &tempPath, const FolderHandle *folder);

// The folder part of a path: what comes before its last '/', "/" for a name at the root (empty
// for a bare name).
inline QByteArray folderOf(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash == 0 ? QByteArrayLiteral("/") : path.left(slash);
}
// Whether `path` names something below `folder` ("/" holds every other absolute path).
inline bool liesBelow(const QByteArray &path, const QByteArray &folder)
{
    return folder.endsWith('/') ? path.size() > folder.size() && path.startsWith(folder)
                                : path.startsWith(folder + '/');
}

// File systems made for Windows take no " * : < > ? \ | nor control characters in a name: FAT
// and exFAT (memory cards, USB sticks) refuse them, and on NTFS Windows cannot open a file so
// named. Whether the file system holding `path` (an existing file or folder) is one of them, by its
// type (statfs), a FUSE one on a block device (exfat-fuse, ntfs-3g) by /proc/self/mountinfo.
bool takesWindowsNamesOnly(const QByteArray &path);
// Those characters besides control characters, in Windows' own order (\ : * ? " < > |).
inline constexpr char kNotInWindowsNames[] = "\\:*?\"<>|";
// `name` with each such character written as '_' ('/' is kept: the folders of a path are named
// the same way); *replaced collects the characters replaced, each once.
QByteArray windowsName(const QByteArray &name, QByteArray *replaced = nullptr);
// Such characters as a person reads them, in any language: ": ?", a control character as "\x0a".
QString charactersText(const QByteArray &chars);

// True when both paths exist and name the same file: by device and inode, or spelled in another
// case on a file system made for Windows (namesOneFileButForCase).
bool sameFile(const QByteArray &a, const QByteArray &b);
// True when two existing paths that differ only in case ("IMG_1.JPG", "img_1.jpg") are one file on a
// file system made for Windows (takesWindowsNamesOnly): FAT and exFAT find a name in any case, and
// exfat-fuse gives each spelling an inode number of its own, so device and inode do not tell. Where
// the folder lists both names (NTFS on Linux tells names apart by case) they are two files.
bool namesOneFileButForCase(const QByteArray &a, const QByteArray &b);
// A path with its case folded (Unicode full case folding), for comparing such names.
QByteArray caseFolded(const QByteArray &path);

// The folder of the running executable, with a trailing '/' (empty if unknown). Usable before
// a QCoreApplication exists.
QByteArray executableDir();

// Where PixelPool's own files are, found from the running executable (never through PATH).
// The build tree keeps them all side by side in bin/. An installed tree has `pixelpool` in bin/,
// the window and the worker in libexec/pixelpool/ and the codec plug-in in lib/pixelpool/; the
// relative paths between those folders are compiled in (CMakeLists.txt, from GNUInstallDirs).
enum class OwnFolder { Libexec, Plugins };
// The path of `name` in `folder`: beside this executable when it is there, else in the installed
// folder when that folder exists (also when the file is missing, so a message names it), else
// beside this executable.
QByteArray ownFilePath(OwnFolder folder, const QByteArray &name);

// A readable text for an errno value, with advice for the common cases.
QString describeErrno(int err);
// Why a system call on `path` failed, as errnoMessage() says it, except for a file system out of
// inodes with blocks free: ENOSPC there is "no room for another file", not "disk full" (df shows
// space). `path` may not exist yet (a file or folder being made): its folder is asked then.
Message errnoMessageAt(int err, const QByteArray &path);
QString describeErrnoAt(int err, const QByteArray &path);

} // namespace pp
