#include "SocketWrite.h"

#include "Protocol.h"

#include <QLocalSocket>
#include <cerrno>
#include <cstring>
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

int sendJobFiles(int channel, quint64 id, const std::vector<int> &fds, const std::vector<int> &errors)
{
    if (channel < 0 || fds.size() > proto::kMaxChannelFiles)
        return EINVAL;
    proto::FilesHeader header{id, {}};
    for (size_t i = 0; i < fds.size() && i < errors.size(); ++i)
        header.errors[i] = qint32(errors[i]);
    const size_t size = proto::FilesHeader::bytes(fds.size());
    iovec data{&header, size};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * proto::kMaxChannelFiles)] = {};
    msghdr m{};
    m.msg_iov = &data;
    m.msg_iovlen = 1;
    if (!fds.empty()) { // none: the job's files could not be made (the worker fails it)
        m.msg_control = control;
        m.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
        cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
        std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
    }
    ssize_t n;
    while ((n = ::sendmsg(channel, &m, MSG_DONTWAIT | MSG_NOSIGNAL)) < 0 && errno == EINTR) {
    }
    return n < 0 ? errno : n == ssize_t(size) ? 0 : EMSGSIZE;
}

} // namespace pp
