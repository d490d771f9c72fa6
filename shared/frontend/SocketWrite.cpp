#include "SocketWrite.h"

#include <QLocalSocket>
#include <cerrno>
#include <sys/socket.h>

namespace pp {

void writeSoon(QLocalSocket *socket, const QByteArray &bytes)
{
    qsizetype sent = 0;
    const int fd = int(socket->socketDescriptor());
    if (socket->bytesToWrite() == 0) {
        while (fd >= 0 && sent < bytes.size()) {
            const ssize_t n =
                ::send(fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n > 0)
                sent += n;
            else if (n < 0 && errno == EINTR)
                continue;
            else
                break; // full, or broken
        }
    }
    if (sent < bytes.size())
        socket->write(bytes.constData() + sent, bytes.size() - sent);
}

} // namespace pp
