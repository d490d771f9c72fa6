// POSIX shared memory for bulk bytes (preview thumbnails, image data without a file), and the
// run folder that says which front ends are running.
//
// Names carry the front end's pid and a random run id: "/pixelpool-<pid>-<run>-<what>".
// The front end unlinks a segment as soon as the worker has mapped it, so a kill -9 of either
// side leaves nothing behind; removeStaleRunFiles() sweeps what an older crash may have left.
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
    // Creates a new segment (fails if the name exists), mode 0600.
    static std::unique_ptr<SharedSegment> create(const QByteArray &name, size_t size, QString *error);
    // Maps an existing segment of this user. minSize guards against a short segment.
    static std::unique_ptr<SharedSegment> attach(const QByteArray &name, size_t minSize, bool writable, QString *error);
    ~SharedSegment();
    SharedSegment(const SharedSegment &) = delete;
    SharedSegment &operator=(const SharedSegment &) = delete;

    uint8_t *data() const { return m_data; }
    size_t size() const { return m_size; }
    // Copies `n` bytes out of the segment at `offset`, or into it. The other process that maps it
    // can cut the segment's file short (ftruncate on its own descriptor), and a plain memcpy from a
    // page past the new end dies of SIGBUS: a worker could end the window that way. False when that
    // happened (what was copied is then partial); the range must lie within size().
    bool copyOut(size_t offset, void *to, size_t n) const;
    bool copyIn(size_t offset, const void *from, size_t n);
    const QByteArray &name() const { return m_name; }
    void unlink(); // removes the name; the mapping stays valid

private:
    SharedSegment(QByteArray name, uint8_t *data, size_t size) : m_name(std::move(name)), m_data(data), m_size(size) {}
    QByteArray m_name;
    uint8_t *m_data;
    size_t m_size;
    bool m_unlinked = false;
};

// Names and places belonging to one run of the front end.
class RunIdentity
{
public:
    RunIdentity();                                        // random run id
    const QByteArray &prefix() const { return m_prefix; } // "pixelpool-<pid>-<run>"
    QByteArray shmName(const QByteArray &what) const { return "/" + m_prefix + "-" + what; }
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
