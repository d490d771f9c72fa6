// Writing a frame to a worker from the window's thread.
#pragma once

#include <QByteArray>
#include <vector>

class QLocalSocket;

namespace pp {

// Writes `bytes` straight into the socket while nothing waits in Qt's buffer, and leaves to that
// buffer only what the socket cannot take now (then, in order, everything after it as well).
// QLocalSocket::write() alone switches a write notifier on and off for every frame and wakes the
// thread once more; flush() reports a broken connection's error and hang-up at once, from inside
// the caller. Here a failed write leaves the bytes to Qt's buffer, whose error arrives from the
// event loop as it always did.
void writeSoon(QLocalSocket *socket, const QByteArray &bytes);

// Hands a worker the files of job `id` (its input, the files its steps read, its outputs'
// temporaries, in that order: proto::kMaxJobFiles), or of a probe (proto::probeFilesId): one message of the job's id
// with the descriptors (SCM_RIGHTS) on the worker's file channel (WorkerOptions::filesFd), which the worker takes as it
// starts the job, waiting for it if need be; none when they could not be made. After the id, one 32-bit errno value
// for each descriptor: 0, or why the front end could not open that file, handed as a placeholder (openToHand,
// HandedFiles); `errors` may be shorter (the rest 0). Never blocks. Returns 0, or the errno value when the worker
// cannot take them now: EPIPE (or ECONNREFUSED…) when it has gone, EAGAIN when it leaves its channel unread.
int sendJobFiles(int channel, quint64 id, const std::vector<int> &fds, const std::vector<int> &errors = {});

} // namespace pp
