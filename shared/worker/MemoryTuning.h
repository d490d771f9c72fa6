// Image buffers are large (tens of MB) and short-lived. glibc's default hands each one back to
// the kernel when it is freed, so every image pays for faulting its buffers in again: measured
// here at ~30 µs a page, over 100 ms for one 12 MB buffer. A worker keeps freed memory for the
// next image instead (bounded: its peak is one image's working set), and asks for transparent
// huge pages so first touches fault 2 MB at a time.
#pragma once

#include <QByteArray>

namespace pp {

// Call first thing in a process that processes images.
void tuneAllocatorForImages();

// GLIBC_TUNABLES value that enables huge pages for malloc, keeping what `existing` had.
QByteArray hugePageTunables(const QByteArray &existing);

// Sets GLIBC_TUNABLES in this process's environment to hugePageTunables of what it holds, for a
// process about to execute one that processes images; returns whether it changed.
bool setHugePageTunables();

// Gives this process what a worker gets: huge pages for malloc (the tunable is read at start-up,
// so the process executes itself again with `argv` when it lacks it), then the allocator settings.
// Call first thing in main(); for --in-process and the benchmark's floor.
void tuneThisProcessLikeAWorker(char **argv);

} // namespace pp
