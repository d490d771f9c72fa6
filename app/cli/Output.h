// Standard output and error of the command line, written by a thread of their own: a reader that
// stops reading (a pipe nobody drains, a pager left open, a terminal held by Ctrl+S) blocks that
// thread, never the event loop, so the batch, its workers' time-outs and Ctrl+C, SIGTERM and
// SIGHUP go on. What is given is written whole and in order; stdout and stderr that are the same
// file (a terminal, `2>&1`) share one queue, so their lines keep the order they were given in.
#pragma once

#include <QByteArray>
#include <QtGlobal>
#include <atomic>

namespace pp::cli {

// How the output learns of a signal that cancels (SIGINT, SIGTERM, SIGHUP): the flag the signals'
// handler sets, and a descriptor it makes readable after setting it.
void watchInterrupts(const std::atomic_bool *flag, int signalled);

// A reader that takes nothing for this long once a signal came is given up: the output it did not
// take is dropped, so that a cancelled PixelPool ends whatever its readers do.
constexpr int kGiveUpSeconds = 3;

// Queues bytes for descriptor 1 or 2, written with one write() where they fit in PIPE_BUF (a line
// is not split by another writer of the same pipe). Returns at once, but for one case: when more
// than a megabyte waits for a slow reader, it waits for room (the batch goes at the reader's
// pace, its memory bounded) until a signal comes; after one it does not wait (a cancel adds an
// event an image at most, and the batch must end).
void writeTo(int fd, const QByteArray &bytes);

struct StreamState {
    int error = 0;           // errno of the first write that failed; nothing is written after it
    bool withSignal = false; // that failure came with a signal, or after one: the signal decides
    bool hungUp = false;     // EIO on a terminal: the terminal hung up, taken as its SIGHUP
    qint64 droppedBytes = 0; // given up: kGiveUpSeconds after a signal, the reader took nothing
    qint64 droppedLines = 0;
};
StreamState streamState(int fd);

// Readable (an eventfd) when a stream has failed: the event loop watches it to act at once.
int streamFailedNotice();

// Waits until everything queued is written, or has failed. Before a signal it waits as long as
// the readers need (a signal ends that wait); after one, a reader that takes nothing for
// kGiveUpSeconds is given up. Made at exit too (what main() returned after printing).
void drainOutput();

} // namespace pp::cli
