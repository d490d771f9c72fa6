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

namespace {

// Edits from a to b (optimal string alignment: insert, delete, change, swap of neighbours).
int editDistance(const QString &a, const QString &b)
{
    const qsizetype n = a.size(), m = b.size();
    std::vector<std::vector<int>> d(size_t(n + 1), std::vector<int>(size_t(m + 1)));
    for (qsizetype i = 0; i <= n; ++i)
        d[size_t(i)][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][size_t(j)] = int(j);
    for (qsizetype i = 1; i <= n; ++i)
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int &here = d[size_t(i)][size_t(j)];
            here = std::min({d[size_t(i - 1)][size_t(j)] + 1, d[size_t(i)][size_t(j - 1)] + 1,
                             d[size_t(i - 1)][size_t(j - 1)] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                here = std::min(here, d[size_t(i - 2)][size_t(j - 2)] + 1);
        }
    return d[size_t(n)][size_t(m)];
}

// One spelling of the words that have two: British, lower case.
QString britishSpelling(const QString &name)
{
    QString s = name.toLower();
    s.replace(QLatin1String("colour"), QLatin1String("color")).replace(QLatin1String("color"), QLatin1String("colour"));
    s.replace(QLatin1String("gray"), QLatin1String("grey"));
    return s;
}

} // namespace

QString closestName(const QString &given, const QStringList &known)
{
    // Longer than any name: not a misspelling (and a bounded cost for hostile keys).
    if (given.isEmpty() || given.size() > 64)
        return {};
    const QString spelled = britishSpelling(given);
    for (const QString &k : known)
        if (britishSpelling(k) == spelled)
            return k;
    const int limit = given.size() >= 6 ? 2 : 1;
    QString best;
    int bestDistance = limit + 1, count = 0;
    for (const QString &k : known) {
        const int d = editDistance(spelled, britishSpelling(k));
        if (d < bestDistance) {
            best = k;
            bestDistance = d;
            count = 1;
        } else if (d == bestDistance) {
            ++count;
        }
    }
    return bestDistance <= limit && count == 1 ? best : QString();
}

Message withSuggestion(Message what, const QString &given, const QStringList &known)
{
    const QString closest = closestName(given, known);
    return closest.isEmpty() ? what : Message(MessageId::DidYouMean, {closest}, {std::move(what)});
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
