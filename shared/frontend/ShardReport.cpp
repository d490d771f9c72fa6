#include "ShardReport.h"

#include "FileIO.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSysInfo>
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {

const char *reportOutcome(const BatchEvent &e)
{
    switch (e.kind) {
    case BatchEvent::Kind::Finished:
        return "done";
    case BatchEvent::Kind::Skipped:
        return e.code == proto::FailureCode::OutputExists ? "already_done" : "skipped";
    case BatchEvent::Kind::Failed:
        return e.code == proto::FailureCode::Cancelled ? "cancelled" : "failed";
    default:
        return "pending";
    }
}

void putReportPath(QJsonObject *o, const QString &field, const QByteArray &path)
{
    const QString text = displayPath(path);
    o->insert(field, text);
    if (text.toUtf8() != path)
        o->insert(field + QLatin1String("_base64"), QString::fromLatin1(path.toBase64()));
    else
        o->remove(field + QLatin1String("_base64"));
}

QByteArray reportPath(const QJsonObject &o, const QString &field)
{
    const QJsonValue raw = o.value(field + QLatin1String("_base64"));
    if (raw.isString())
        return QByteArray::fromBase64(raw.toString().toLatin1());
    return o.value(field).toString().toUtf8();
}

ShardReport::ShardReport(QByteArray path, const ShardSpec &spec, const ShardPlan &plan, int listingSize,
                         QStringList command, const QVector<InputItem> &owned)
    : m_path(std::move(path)), m_target(m_path)
{
    QJsonObject ids;
    for (auto it = spec.ids.cbegin(); it != spec.ids.cend(); ++it)
        ids.insert(it.key(), it.value());
    QJsonArray perShard;
    for (int n : plan.perShard)
        perShard.append(n);
    m_header = QJsonObject{
        {"pixelpool_report", kReportVersion},
        {"shard", QJsonObject{{"index", spec.index},
                              {"count", spec.count},
                              {"id", spec.id()},
                              {"scheduler", spec.scheduler},
                              {"ids", ids}}},
        {"command", QJsonArray::fromStringList(command)},
        {"host", QSysInfo::machineHostName()},
        {"pid", qint64(::getpid())},
        {"listing", QJsonObject{{"inputs", listingSize},
                                {"fingerprint", QString::number(plan.fingerprint, 16).rightJustified(16, '0')},
                                {"per_shard", perShard}}},
    };
    for (const InputItem &item : owned) {
        QJsonObject entry;
        putReportPath(&entry, QStringLiteral("key"), shardKey(item));
        putReportPath(&entry, QStringLiteral("path"), item.path);
        entry.insert("outcome", "pending");
        m_inputs.append(entry);
    }
    m_clock.start();
    m_started = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QJsonObject ShardReport::toJson(const QString &state) const
{
    QJsonObject o = m_header;
    QMap<QString, int> totals{{"done", 0},    {"failed", 0},    {"already_done", 0},
                              {"skipped", 0}, {"cancelled", 0}, {"pending", 0}};
    for (const QJsonValue &v : m_inputs)
        ++totals[v.toObject().value("outcome").toString()];
    QJsonObject t{{"owned", int(m_inputs.size())}};
    for (auto it = totals.cbegin(); it != totals.cend(); ++it)
        t.insert(it.key(), it.value());
    o.insert("state", state);
    o.insert("started", m_started);
    o.insert("updated", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    o.insert("seconds", m_clock.nsecsElapsed() / 1e9);
    o.insert("totals", t);
    o.insert("inputs", m_inputs);
    return o;
}

bool ShardReport::write(const QString &state, Message *error)
{
    QElapsedTimer cost;
    cost.start();
    QSaveFile f(QFile::decodeName(m_target));
    const QByteArray bytes = QJsonDocument(toJson(state)).toJson(QJsonDocument::Indented);
    // Each step checked on its own, and the bytes made to reach the disk before the temporary
    // takes the report's name: QSaveFile buffers what it is given, and its commit() did not see
    // that the buffer's write failed (a full disk), so an empty file replaced the last report.
    // Failed, the temporary goes and the report that was there stays as it was.
    int err = 0;
    const auto step = [&err](auto &&call) {
        errno = 0;
        if (call())
            return true;
        err = errno ? errno : EIO;
        return false;
    };
    if (!step([&] { return f.open(QIODevice::WriteOnly); }) || !step([&] { return f.write(bytes) == bytes.size(); }) ||
        !step([&] { return f.flush(); }) || !step([&] { return ::fsync(f.handle()) == 0; }) ||
        !step([&] { return f.commit(); })) {
        f.cancelWriting();
        const QString path = displayPath(m_path);
        if (err == ENOTDIR) // errnoMessage() leaves it to strerror, which is English
            *error = {MessageId::ReportFolderNotAFolder, {path, QFileInfo(path).path()}};
        else if (err == EISDIR || QFileInfo(path).isDir())
            *error = {MessageId::ReportIsAFolder, {path}};
        else
            *error = {
                MessageId::ReportCannotWrite, {path}, {errnoMessageAt(err, m_target.isEmpty() ? m_path : m_target)}};
        return false;
    }
    m_writeCostMs = cost.elapsed();
    m_sinceWrite.start();
    m_dirty = false;
    return true;
}

// Whether `path` may be written over: nothing is there, or an earlier run's report. Anything
// else (a photo, the preset, the input list, an output of this run) is never replaced by one.
static bool mayHoldReport(const QByteArray &path)
{
    QFile f(QFile::decodeName(path));
    if (!f.exists())
        return true;
    if (f.size() == 0)
        return true; // holds nothing to lose (a report an older PixelPool failed to write on a full disk)
    if (!f.open(QIODevice::ReadOnly))
        return true; // not readable, or a folder: writing it says why
    char first = 0;
    while (f.getChar(&first) && QChar::isSpace(uchar(first))) {
    }
    if (first != '{')
        return false;
    f.seek(0);
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    return doc.isObject() && doc.object().contains(QLatin1String("pixelpool_report"));
}

// The file a report at `path` goes to: its chain of symbolic links followed, as QSaveFile follows
// it at each open. Followed once, when the report begins: a link whose target moves under the run
// would move the report. /dev/stdout redirected to a file is /proc/self/fd/1, whose target reads
// "FILE (deleted)" once the first write has put a new file in FILE's place, so the next write made
// a file of that name and FILE kept the first report ("running").
static QByteArray resolvedReportPath(const QByteArray &path)
{
    QByteArray at = path;
    for (int depth = 0; depth < 40; ++depth) { // a loop: left to the write, which says ELOOP
        struct stat st;
        if (::lstat(at.constData(), &st) != 0 || !S_ISLNK(st.st_mode))
            return at;
        char target[PATH_MAX];
        const ssize_t n = ::readlink(at.constData(), target, sizeof target);
        if (n <= 0 || n >= ssize_t(sizeof target))
            return at;
        const QByteArray next(target, n);
        const qsizetype slash = at.lastIndexOf('/');
        at = next.startsWith('/') || slash < 0 ? next : at.left(slash + 1) + next;
    }
    return path;
}

bool ShardReport::begin(Message *error)
{
    const QString shown = displayPath(m_path);
    struct stat st;
    if (::stat(m_path.constData(), &st) == 0) { // through links: what a write would replace
        if (S_ISDIR(st.st_mode)) {              // QSaveFile would say "Input/output error"
            *error = {MessageId::ReportIsAFolder, {shown}};
            return false;
        }
        // A FIFO, a socket or a device (/dev/null, a terminal, /dev/stdout into a pipe): a report is
        // a file that a temporary replaces, and it would take the device's place (as root,
        // /dev/null's). Checked before reading it too, as opening a FIFO waits for a writer.
        if (!S_ISREG(st.st_mode)) {
            *error = {MessageId::ReportNotRegularFile, {shown}};
            return false;
        }
    }
    if (!mayHoldReport(m_path)) {
        *error = {MessageId::ReportWouldReplace, {shown}};
        return false;
    }
    m_target = resolvedReportPath(m_path);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { writeIfDue(); });
    m_timer.start(int(std::max<qint64>(m_minIntervalMs, 100)));
    return write(QStringLiteral("running"), error);
}

void ShardReport::writeIfDue()
{
    // Often enough that a killed shard loses little, rarely enough that rewriting a big report
    // never costs more than a few percent of the run.
    const qint64 wait = m_minIntervalMs == 0 ? 0 : std::max<qint64>(m_minIntervalMs, 20 * m_writeCostMs);
    if (!m_dirty || m_sinceWrite.elapsed() < wait)
        return;
    Message why;
    if (!write(QStringLiteral("running"), &why) && !m_warned) {
        m_warned = true;
        m_warnedWhy = why;
        if (m_warn)
            m_warn(why);
        else
            std::fprintf(stderr, "pixelpool: %s\n", qPrintable(why.english()));
    }
}

QJsonArray batchOutputsJson(const QVector<BatchOutput> &outputs)
{
    QJsonArray list;
    for (const BatchOutput &o : outputs) {
        QJsonObject entry{{"name", o.name}, {"existing", o.existing}};
        putReportPath(&entry, QStringLiteral("output"), o.path);
        if (!o.existing) {
            entry.insert("width", o.width);
            entry.insert("height", o.height);
            entry.insert("bytes", o.bytes);
        }
        list.append(entry);
    }
    return list;
}

void ShardReport::record(const BatchEvent &e)
{
    if (e.index < 0 || e.index >= m_inputs.size())
        return;
    QJsonObject entry = m_inputs[e.index].toObject();
    entry.insert("outcome", reportOutcome(e));
    entry.insert("at", m_clock.nsecsElapsed() / 1e9);
    if (!e.output.isEmpty())
        putReportPath(&entry, QStringLiteral("output"), e.output);
    if (!e.outputs.isEmpty())
        entry.insert("outputs", batchOutputsJson(e.outputs));
    if (e.kind == BatchEvent::Kind::Finished) {
        entry.insert("ms", e.ms);
        if (!e.reason.isEmpty())
            entry.insert("warning", e.reason.english());
    } else {
        entry.insert("reason", e.reason.english());
        entry.insert("code", proto::failureCodeName(e.code));
    }
    if (e.kind == BatchEvent::Kind::Failed)
        entry.insert("attempts", e.attempts);
    m_inputs[e.index] = entry;
    m_dirty = true;
    writeIfDue();
}

bool ShardReport::finish(const QString &state, Message *error)
{
    m_timer.stop();
    if (write(state, error))
        return true;
    if (m_warned && *error == m_warnedWhy)
        *error = {}; // said while running, in the same words
    return false;
}

} // namespace pp
