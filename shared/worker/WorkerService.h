// The worker's side of the protocol: connect, prove who we are, then run jobs until told to stop.
// Single-threaded and blocking on purpose: a worker does one image at a time, and checks its
// socket between pipeline steps so a Cancel does not wait for the whole image.
#pragma once

#include <QByteArray>
#include <QVector>

namespace pp {

// Paths kept where a signal handler can read them without allocating: one after another, each
// ended by a NUL, the list by an empty one. A path that does not fit is left out.
struct PathList {
    char *buffer = nullptr; // may be null: nothing is kept
    size_t size = 0;
};

struct WorkerOptions {
    QByteArray socketPath;
    QByteArray token;
    qint64 parentPid = 0;
    // The temporary files of the job in progress, which the worker's signal handlers remove if it
    // is killed mid-write.
    PathList inProgress;
    // The temporary files of the last jobs it wrote, which the front end may not have given their
    // final names yet: removed if the front end dies (one already renamed is no longer there).
    PathList written;
};

// Fills `list`; a signal handler that reads it meanwhile sees it empty, never in part.
void publishPaths(const PathList &list, const QVector<QByteArray> &paths);
// Removes every file in `list`. Async-signal-safe.
void unlinkPaths(const PathList &list);

// Test-only behaviours, enabled by the front end's hidden --test-flags. They let integration
// tests crash, hang or corrupt a worker on cue: an input whose file name contains the marker
// triggers it.
enum TestFlag : quint32 {
    TestMisbehave = 1,
};

// Returns the process exit code.
int runWorker(const WorkerOptions &options);

} // namespace pp
