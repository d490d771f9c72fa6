#include "Message.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pp {

QString fillTemplate(const QString &templ, const QStringList &args)
{
    QString out;
    out.reserve(templ.size() + 32);
    for (qsizetype i = 0; i < templ.size(); ++i) {
        const QChar c = templ[i];
        if (c == QLatin1Char('%') && i + 1 < templ.size() && templ[i + 1].isDigit()) {
            qsizetype j = i + 1;
            int n = 0;
            while (j < templ.size() && templ[j].isDigit() && j - i <= 2)
                n = n * 10 + templ[j++].digitValue();
            if (n >= 1 && n <= args.size()) {
                out += args[n - 1];
                i = j - 1;
                continue;
            }
        }
        out += c;
    }
    return out;
}

QString Message::english() const
{
    if (isEmpty())
        return {};
    QStringList all = args;
    for (const Message &cause : causes)
        all << cause.english();
    return fillTemplate(QString::fromUtf8(messageTemplate(id)), all);
}

Message errnoMessage(int err)
{
    switch (err) {
    case ENOSPC:
        return {MessageId::ErrnoNoSpace};
    case EDQUOT:
        return {MessageId::ErrnoQuota};
    case EACCES:
    case EPERM:
        return {MessageId::ErrnoPermission};
    case EROFS:
        return {MessageId::ErrnoReadOnly};
    case ENOENT:
        return {MessageId::ErrnoNotFound};
    case ELOOP:
        return {MessageId::ErrnoLoop};
    case EISDIR:
        return {MessageId::ErrnoIsFolder};
    case ENOTDIR:
        return {MessageId::ErrnoNotFolder};
    case ENOMEM:
        return {MessageId::ErrnoNoMemory};
    case ENAMETOOLONG:
        return {MessageId::ErrnoNameTooLong};
    default:
        return Message::verbatim(QString::fromLocal8Bit(std::strerror(err)));
    }
}

QString workerErrnoDetail(WorkerErrnoDetail what, int err) { return workerErrnoDetail(what, errnoMessage(err)); }

QString workerErrnoDetail(WorkerErrnoDetail what, const Message &error)
{
    return fillTemplate(QString::fromLatin1(workerErrnoDetailTemplate(what)), {error.english()});
}

bool parseWorkerErrnoDetail(const QString &detail, const char **templ, Message *error)
{
    for (const WorkerErrnoDetail what : {WorkerErrnoDetail::CannotOpen, WorkerErrnoDetail::ReadError,
                                         WorkerErrnoDetail::CannotCreateOutput, WorkerErrnoDetail::CannotWriteOutput}) {
        const QLatin1String pattern(workerErrnoDetailTemplate(what));
        const qsizetype at = pattern.indexOf(QLatin1String("%1"));
        const QLatin1String prefix = pattern.left(at), suffix = pattern.mid(at + 2);
        if (!detail.startsWith(prefix) || !detail.endsWith(suffix) || detail.size() < prefix.size() + suffix.size())
            continue;
        const QStringView said = QStringView(detail).mid(prefix.size(), detail.size() - prefix.size() - suffix.size());
        for (int id = int(MessageId::ErrnoNoSpace); id <= int(MessageId::ErrnoNameTooLong); ++id) {
            if (said == QString::fromUtf8(messageTemplate(MessageId(id)))) {
                *templ = pattern.data();
                *error = Message(MessageId(id));
                return true;
            }
        }
    }
    return false;
}

Message jsonErrorMessage(QJsonParseError::ParseError error)
{
    const int first = int(MessageId::JsonUnterminatedObject), last = int(MessageId::JsonGarbageAtEnd);
    const int id = first + int(error) - int(QJsonParseError::UnterminatedObject);
    static_assert(int(MessageId::JsonGarbageAtEnd) - int(MessageId::JsonUnterminatedObject) ==
                  int(QJsonParseError::GarbageAtEnd) - int(QJsonParseError::UnterminatedObject));
    return id >= first && id <= last ? Message(MessageId(id)) : Message::verbatim(QStringLiteral("not JSON"));
}

TextPosition textPosition(const QByteArray &text, qsizetype offset)
{
    TextPosition at;
    // Qt's offset is just past what it could not read: the character before it is the one.
    const qsizetype end = std::clamp<qsizetype>(offset - 1, 0, text.size());
    const qsizetype start = text.startsWith("\xEF\xBB\xBF") ? 3 : 0; // a byte-order mark is no column
    for (qsizetype i = start; i < end; ++i) {
        const auto c = uchar(text[i]);
        if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
            ++at.line;
            at.column = 1;
        } else if (c != '\r' && (c & 0xC0) != 0x80) { // not a UTF-8 continuation byte: a character
            ++at.column;
        }
    }
    return at;
}

} // namespace pp
