// POSIX shared memory for bulk bytes (preview thumbnails, image data without a file).
//
// Names carry the front end's pid and a random run id: "/pixelpool-<pid>-<run>-<what>".
// The front end unlinks a segment as soon as the worker has mapped it, so a kill -9 of either
// side leaves nothing behind; removeStaleRunFiles() sweeps what an older crash may have left.
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>
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

// True while the process (a front end named in a run's files) exists.
bool processAlive(qint64 pid);

// Removes shm segments and socket folders of front ends that are no longer running.
// Returns how many were removed.
int removeStaleRunFiles();

// The folder under which the run's socket folder is made: $XDG_RUNTIME_DIR, else /tmp.
QString runtimeBaseDir();

} // namespace pp
