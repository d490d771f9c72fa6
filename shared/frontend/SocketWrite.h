// Writing a frame to a worker from the window's thread.
#pragma once

#include <QByteArray>

class QLocalSocket;

namespace pp {

// Writes `bytes` straight into the socket while nothing waits in Qt's buffer, and leaves to that
// buffer only what the socket cannot take now (then, in order, everything after it as well).
// QLocalSocket::write() alone switches a write notifier on and off for every frame and wakes the
// thread once more; flush() reports a broken connection's error and hang-up at once, from inside
// the caller. Here a failed write leaves the bytes to Qt's buffer, whose error arrives from the
// event loop as it always did.
void writeSoon(QLocalSocket *socket, const QByteArray &bytes);

} // namespace pp
