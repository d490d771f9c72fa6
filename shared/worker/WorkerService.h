// The worker's side of the protocol: connect, prove who we are, then run jobs until told to stop.
// Single-threaded and blocking on purpose: a worker does one image at a time, and checks its
// socket between pipeline steps so a Cancel does not wait for the whole image.
#pragma once

#include <QByteArray>
#include <QVector>
#include <atomic>

#include "Protocol.h"

namespace pp {

// Jobs whose temporaries a worker keeps listed after writing them: the front end holds at most two
// jobs on a worker, so a third one sent means the first was committed; four leaves room.
inline constexpr size_t kWrittenJobsKept = 4;
// Room for every path of one job (its output and its others), each ended by a NUL.
inline constexpr size_t kJobPathBytes = size_t(1 + proto::kMaxMoreOutputs) * (proto::kMaxPathBytes + 1);
// What the worker's lists need, each path at its longest, plus the list's end: nothing is left out.
inline constexpr size_t kInProgressListBytes = kJobPathBytes + 1;
inline constexpr size_t kWrittenListBytes = kWrittenJobsKept * kJobPathBytes + 1;

// Paths kept where a signal handler can read them without allocating: one after another, each
// ended by a NUL, the list by an empty one. Two buffers: the main thread fills the one not in use
// and then names it in `current` (a release store), so a handler, on whichever thread the signal
// reaches, reads a whole list, the last one published. A handler marks the list as being read
// (kPathListReading): from then on it is not rewritten, as the process is about to end.
inline constexpr int kPathListReading = 2;
struct PathList {
    char *buffers[2] = {nullptr, nullptr}; // may be null: nothing is kept
    size_t size = 0;                       // of each buffer
    std::atomic<int> *current = nullptr;   // the buffer a handler reads (0 or 1), | kPathListReading
};
static_assert(std::atomic<int>::is_always_lock_free, "read from signal handlers");

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

// Fills `list`; a signal handler that reads it meanwhile sees the list published before, never a
// part. False when a path does not fit (none does when the list is as large as its k...Bytes).
bool publishPaths(const PathList &list, const QVector<QByteArray> &paths);
// Removes every file in `list`. Async-signal-safe; the list is not rewritten after.
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
