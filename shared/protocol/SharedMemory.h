// Shared memory for bulk bytes (preview thumbnails, image data without a file), and the run folder
// that says which front ends are running.
//
// A segment is an anonymous memory file (memfd), never a name in /dev/shm: the front end makes it
// and hands the worker its descriptor over the worker's file channel (sendJobFiles), so no other
// process can open it, and a kill -9 of either side leaves nothing behind. Its size is sealed: the
// worker cannot cut it short. removeStaleRunFiles() still sweeps the /dev/shm segments
// ("/pixelpool-<pid>-<run>-<what>") that versions before 2026-12-07 made, and the run folders.
//
// A pid alone cannot say whether a run is over: a front end in another PID namespace (a container
// sharing /tmp or the runtime folder) has a pid this one cannot see, or one it sees as another
// process. So a running front end holds an flock on the lock file of its run folder
// ("<runtime folder>/pixelpool-<pid>-<run>/lock"): the kernel releases it when the front end
// ends, however it ends, and it is seen from every PID namespace. What belongs to a run is swept
// only when its lock can be taken; by the pid only when its folder has no lock (an older version's).
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <functional>
#include <memory>

namespace pp {

class SharedSegment
{
public:
    // Makes a new segment of `size` bytes, sealed at that size; `name` only labels it (in
    // /proc/<pid>/fd and messages).
    static std::unique_ptr<SharedSegment> create(const QByteArray &name, size_t size, QString *error);
    // Maps the segment of the descriptor `fd` (left open: the caller's), all of it. minSize guards
    // against a short segment.
    static std::unique_ptr<SharedSegment> attach(int fd, size_t minSize, bool writable, QString *error);
    ~SharedSegment();
    SharedSegment(const SharedSegment &) = delete;
    SharedSegment &operator=(const SharedSegment &) = delete;

    uint8_t *data() const { return m_data; }
    size_t size() const { return m_size; }
    // Copies `n` bytes out of the segment at `offset`, or into it. A segment's file cut short (a
    // process with a descriptor of one not sealed: ftruncate) makes a plain memcpy from a page past
    // the new end die of SIGBUS; until segments were sealed, a worker could end the window that way.
    // Guarded all the same: false when that happened (what was copied is then partial); the range
    // must lie within size().
    bool copyOut(size_t offset, void *to, size_t n) const;
    bool copyIn(size_t offset, const void *from, size_t n);
    const QByteArray &name() const { return m_name; }
    int fd() const { return m_fd; } // what is handed over; -1 for one attached

private:
    SharedSegment(QByteArray name, uint8_t *data, size_t size, int fd)
        : m_name(std::move(name)), m_data(data), m_size(size), m_fd(fd)
    {
    }
    QByteArray m_name;
    uint8_t *m_data;
    size_t m_size;
    int m_fd;
};

// Names and places belonging to one run of the front end.
class RunIdentity
{
public:
    RunIdentity();                                        // random run id
    const QByteArray &prefix() const { return m_prefix; } // "pixelpool-<pid>-<run>"
    // A shared-memory segment's label: "pixelpool-<pid>-<run>-<what>".
    QByteArray label(const QByteArray &what) const { return m_prefix + "-" + what; }
    QByteArray randomToken() const; // 32 random bytes as hex

private:
    QByteArray m_prefix;
};

// False only when no front end of that pid can be running: none holds the lock of a run folder
// named for it, and no process of that pid exists here. (What a sweep of a run's files by its pid
// asks; a pid seen here may be another process, so true is not proof of a live front end.)
bool processAlive(qint64 pid);

// The lock file in each run folder.
inline constexpr char kRunLockName[] = "lock";

// Makes the run folder `path` (mode 0700) with its lock file, locked by the returned descriptor
// (close-on-exec; -1 and *error when it cannot). The folder appears under its name with its lock
// already held, and the lock file itself only once locked, so that no sweep (in this process or
// another) ever sees it unlocked. Closing the descriptor releases the lock. betweenSteps, when
// given, is called after each step (tests sweep there, as another front end may).
int makeLockedRunFolder(const QString &path, QString *error, const std::function<void()> &betweenSteps = {});

// Removes shm segments and run folders of front ends that are no longer running.
// Returns how many were removed.
int removeStaleRunFiles();

// The folders under which a run's socket folder is made, in the order they are tried:
// $XDG_RUNTIME_DIR when it is a writable folder short enough for a socket path, then the temporary
// folder ($TMPDIR, when short enough), then /tmp: a run goes to the next when one cannot take its
// folder (it does not exist, is not writable, is out of space or inodes).
// Both are swept, and searched for the runs that are alive.
QStringList runtimeBaseDirs();
// The temporary folder: $TMPDIR as given (made absolute), else /tmp.
QString temporaryBaseDir();

} // namespace pp
