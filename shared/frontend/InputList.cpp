#include "InputList.h"

#include "FileIO.h"

#include <cerrno>
#include <cstring>
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
    const QString shown = stdinList ? QStringLiteral("(stdin)") : QString::fromUtf8(file);
    // O_NONBLOCK: a FIFO that no one writes to yet is opened at once and waited for below, where a
    // signal ends the wait (open() would wait in the kernel, restarted after each signal).
    const int fd = stdinList ? 0 : ::open(file.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        *error = {MessageId::CannotReadInputList, {shown}, {errnoMessage(errno)}};
        return false;
    }
    // Read as it comes, each entry checked as it grows: /dev/zero or a binary file given by
    // mistake is refused after a few kilobytes, not read until memory runs out.
    const char sep = nulSeparated ? '\0' : '\n';
    QVector<QByteArray> out;
    QByteArray entry;
    qint64 total = 0, line = 1;
    const auto refuse = [&](Message why) {
        *error = std::move(why);
        if (!stdinList)
            ::close(fd);
        return false;
    };
    const auto tooLarge = [&] {
        return Message(MessageId::InputListTooLarge,
                       {shown, QString::number(kMaxListBytes >> 20), QString::number(kMaxListedInputs)});
    };
    const auto tooLong = [&] {
        return Message(MessageId::InputListEntryTooLong,
                       {shown, QString::number(line), QString::number(kMaxListedPathBytes)});
    };
    // An entry is measured as it grows, one byte more let in for the '\r' of a "\r\n" line end,
    // and again without it when it ends.
    const qsizetype growLimit = kMaxListedPathBytes + (nulSeparated ? 0 : 1);
    const auto endEntry = [&] {
        if (!nulSeparated && entry.endsWith('\r'))
            entry.chop(1); // a "\r\n" line end (a list written on Windows)
        if (entry.size() > kMaxListedPathBytes)
            return tooLong();
        if (!entry.isEmpty())
            out << entry;
        entry.clear();
        return out.size() <= kMaxListedInputs ? Message() : tooLarge();
    };
    char buf[1 << 16];
    for (;;) {
        // A terminal, a pipe or a FIFO whose writer waits: Ctrl+C or SIGTERM ends the wait (EINTR,
        // said as the reason; the caller knows whether it was asked to stop).
        if (!waitReadable(fd))
            return refuse({MessageId::CannotReadInputList, {shown}, {errnoMessage(errno)}});
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0)
            break;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            continue; // read by another process that shares the pipe first: waited for again
        if (n < 0)
            return refuse({MessageId::CannotReadInputList, {shown}, {errnoMessage(errno)}});
        total += n;
        if (total > kMaxListBytes)
            return refuse(tooLarge());
        const char *p = buf, *const end = buf + n;
        while (p < end) {
            const char *stop = static_cast<const char *>(std::memchr(p, sep, size_t(end - p)));
            const char *const partEnd = stop ? stop : end;
            if (!nulSeparated && std::memchr(p, '\0', size_t(partEnd - p)))
                return refuse({MessageId::InputListNulByte, {shown, QString::number(line)}});
            entry.append(p, partEnd - p);
            if (entry.size() > growLimit)
                return refuse(tooLong());
            if (!stop)
                break;
            if (Message why = endEntry(); !why.isEmpty())
                return refuse(std::move(why));
            ++line;
            p = stop + 1;
        }
    }
    if (Message why = endEntry(); !why.isEmpty())
        return refuse(std::move(why));
    if (!stdinList)
        ::close(fd);
    *paths = std::move(out);
    return true;
}

} // namespace pp
