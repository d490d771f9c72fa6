#include "InputList.h"

#include "FileIO.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace pp {

QVector<QByteArray> splitInputList(const QByteArray &bytes, bool nulSeparated)
{
    QVector<QByteArray> paths;
    const char sep = nulSeparated ? '\0' : '\n';
    qsizetype start = 0;
    while (start < bytes.size()) {
        qsizetype end = bytes.indexOf(sep, start);
        if (end < 0)
            end = bytes.size();
        const qsizetype next = end + 1;
        if (!nulSeparated && end > start && bytes[end - 1] == '\r')
            --end; // a "\r\n" line end (a list written on Windows)
        if (end > start)
            paths << bytes.mid(start, end - start);
        start = next;
    }
    return paths;
}

bool readInputList(const QByteArray &file, bool nulSeparated, QVector<QByteArray> *paths, Message *error)
{
    const bool stdinList = file == "-";
    const int fd = stdinList ? 0 : ::open(file.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = {MessageId::CannotReadInputList, {QString::fromUtf8(file)}, {errnoMessage(errno)}};
        return false;
    }
    // A listing is text we made ourselves or a pipe from find: read it whole, whatever its size.
    QByteArray bytes;
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0)
            break;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = {MessageId::CannotReadInputList,
                      {stdinList ? QStringLiteral("(stdin)") : QString::fromUtf8(file)},
                      {errnoMessage(errno)}};
            if (!stdinList)
                ::close(fd);
            return false;
        }
        bytes.append(buf, n);
    }
    if (!stdinList)
        ::close(fd);
    *paths = splitInputList(bytes, nulSeparated);
    return true;
}

} // namespace pp
