#include "ReportMerge.h"

#include "InputScanner.h"
#include "ShardReport.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <algorithm>
#include <cerrno>
#include <sys/stat.h>

namespace pp {
namespace {

QString listSome(const QStringList &names)
{
    return names.mid(0, 10).join(QStringLiteral(", ")) + (names.size() > 10 ? QStringLiteral(", …") : QString());
}

// The value most reports have (ties: the first met), from which the others are said to differ.
template <typename T> T mostCommon(const QVector<T> &values)
{
    T best{};
    qsizetype bestCount = 0;
    for (const T &v : values)
        if (const qsizetype c = values.count(v); c > bestCount) {
            best = v;
            bestCount = c;
        }
    return best;
}

// A JSON value as it is written in the report, to quote it ("weird", 7, null).
QString jsonText(const QJsonValue &v)
{
    const QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

} // namespace

QStringList outputOptions(const QJsonArray &command)
{
    static const QStringList withValue = {"--shard", "--shard-count", "--report", "--workers", "-w"};
    static const QStringList alone = {"--quiet", "-q", "--verbose", "--json"};
    QStringList kept;
    for (int i = 1; i < command.size(); ++i) {
        const QString a = command.at(i).toString();
        const QString name = a.section(QLatin1Char('='), 0, 0);
        if (alone.contains(a))
            continue;
        if (withValue.contains(name)) {
            if (!a.contains(QLatin1Char('=')))
                ++i; // its value
            continue;
        }
        if (a.startsWith(QLatin1String("-w")) && a.size() > 2 && !a.startsWith(QLatin1String("--")))
            continue; // -w4
        kept << a;
    }
    return kept;
}

QStringList distinctReports(const QStringList &paths, QVector<Message> *givenTwice)
{
    QStringList distinct;
    QHash<QString, QString> seen; // the file's identity -> its first name
    for (const QString &path : paths) {
        struct stat st;
        const QString identity = ::stat(QFile::encodeName(path).constData(), &st) == 0
                                     ? QStringLiteral("%1:%2").arg(quint64(st.st_dev)).arg(quint64(st.st_ino))
                                     : QDir::cleanPath(path); // cannot be read: said as it is read
        if (const auto it = seen.constFind(identity); it != seen.constEnd()) {
            givenTwice->append(Message(MessageId::ReportGivenTwice, {path, *it}));
            continue;
        }
        seen.insert(identity, path);
        distinct << path;
    }
    return distinct;
}

bool readReport(const QString &path, QJsonObject *report, Message *error)
{
    QFile f(path);
    errno = 0;
    if (!f.open(QIODevice::ReadOnly)) {
        const int err = errno;
        *error = {MessageId::ReportCannotRead, {path}, {err ? errnoMessage(err) : Message::verbatim(f.errorString())}};
        return false;
    }
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError) {
        *error = {MessageId::ReportNotJson, {path}, {jsonErrorMessage(parse.error)}};
        return false;
    }
    *report = doc.object(); // empty for a document that is not an object: then not a report
    const int version = report->value("pixelpool_report").toInt(-1);
    if (version >= 1 && version < kReportVersion) {
        *error = {MessageId::ReportEarlierPartition, {path, QString::number(version)}};
        return false;
    }
    if (version != kReportVersion) {
        *error = version < 0 ? Message(MessageId::ReportNotAReport, {path})
                             : Message(MessageId::ReportBadVersion,
                                       {path, QString::number(version), QString::number(kReportVersion)});
        return false;
    }
    if (!report->value("inputs").isArray() || !report->value("shard").isObject() ||
        !report->value("listing").isObject()) {
        *error = {MessageId::ReportMissingParts, {path}};
        return false;
    }
    // What merge counts by: a report that breaks these was not written by PixelPool as it is, and
    // would be counted wrong (an outcome merge does not know is neither finished nor pending).
    const QJsonObject shard = report->value("shard").toObject();
    const int count = shard.value("count").toInt(-1), index = shard.value("index").toInt(-1);
    if (count < 1 || index < 0 || index >= count) {
        *error = {MessageId::ReportBadShard, {path, jsonText(shard.value("index")), jsonText(shard.value("count"))}};
        return false;
    }
    const QJsonValue perShard = report->value("listing").toObject().value("per_shard");
    if (perShard.toArray().size() != count) {
        *error = {MessageId::ReportBadPerShard,
                  {path, QString::number(perShard.toArray().size()), QString::number(count)}};
        return false;
    }
    // Each input by its key, once: a key that is no path counted every such input as one, and one
    // listed twice in a report was said as "overlapping shards".
    static const QStringList outcomes{"done", "already_done", "failed", "skipped", "pending", "cancelled"};
    const QJsonArray inputs = report->value("inputs").toArray();
    QHash<QByteArray, int> keys;
    for (int i = 0; i < inputs.size(); ++i) {
        const QJsonObject in = inputs[i].toObject();
        const QJsonValue outcome = in.value("outcome");
        if (!outcome.isString() || !outcomes.contains(outcome.toString())) {
            *error = {MessageId::ReportBadOutcome, {path, QString::number(i), jsonText(outcome)}};
            return false;
        }
        const QByteArray key = reportPath(in, QStringLiteral("key"));
        if (key.isEmpty() || !(in.value("key").isString() || in.value("key_base64").isString())) {
            *error = {MessageId::ReportBadKey, {path, QString::number(i), jsonText(in.value("key"))}};
            return false;
        }
        if (const auto first = keys.constFind(key); first != keys.constEnd()) {
            *error = {MessageId::ReportKeyTwice, {path, QString::number(*first), QString::number(i), displayPath(key)}};
            return false;
        }
        keys.insert(key, i);
    }
    return true;
}

MergedReports mergeReports(const QVector<QJsonObject> &reports, const QStringList &names, const CommandMeaning &meaning)
{
    MergedReports m;
    m.reports = int(reports.size());
    for (const char *k : {"done", "failed", "already_done", "skipped"})
        m.totals.insert(QString::fromLatin1(k), 0);
    QVector<QString> listings;     // fingerprint and size, per report
    QVector<QStringList> commands; // as written, to show
    QVector<QString> meanings;     // to compare
    QSet<int> counts;
    QHash<QPair<int, int>, QString> shardFile; // (index, count) -> its report
    QHash<QByteArray, int> owners;             // key (its bytes) -> how many reports own it
    QSet<QByteArray> final;
    QJsonArray perShard;
    for (int r = 0; r < reports.size(); ++r) {
        const QJsonObject &rep = reports[r];
        const QJsonObject shard = rep.value("shard").toObject();
        const QJsonObject listing = rep.value("listing").toObject();
        listings << listing.value("fingerprint").toString() + QLatin1Char('/') +
                        QString::number(listing.value("inputs").toInt());
        const QJsonArray command = rep.value("command").toArray();
        commands << outputOptions(command);
        QString meant = meaning ? meaning(command) : QString();
        if (meant.isEmpty()) // no parser, or a command it does not know: as written
            meant = QStringLiteral("written\n") + commands.last().join(QLatin1Char('\n'));
        meanings << meant;
        const int count = shard.value("count").toInt();
        counts.insert(count);
        perShard = listing.value("per_shard").toArray();
        const int index = shard.value("index").toInt();
        // The same shard of the same split only: shard 0/1 is not shard 0/3 (that the counts differ
        // is a problem of its own, said below).
        const QPair<int, int> id{index, count};
        if (shardFile.contains(id))
            m.problems << Message(MessageId::ReportShardTwice,
                                  {shard.value("id").toString(), shardFile.value(id), names.value(r)});
        shardFile.insert(id, names.value(r));
        const int listed = int(rep.value("inputs").toArray().size()), owned = perShard.at(index).toInt();
        if (listed < owned)
            m.shortReports << ShortReport{index, shard.value("id").toString(), names.value(r), listed, owned};
        const double seconds = rep.value("seconds").toDouble();
        m.shardSeconds += seconds;
        m.wallSeconds = std::max(m.wallSeconds, seconds);
        for (const QJsonValue &v : rep.value("inputs").toArray()) {
            const QJsonObject in = v.toObject();
            const QByteArray key = reportPath(in, QStringLiteral("key"));
            const QString outcome = in.value("outcome").toString();
            if (++owners[key] == 2)
                m.reportedTwice << displayPath(key);
            if (m.totals.contains(outcome)) {
                if (!final.contains(key))
                    ++m.totals[outcome];
                final.insert(key);
            }
        }
    }
    // Unfinished: owned somewhere, finished nowhere (a killed run's entry rerun elsewhere is fine),
    // said with the shard that owns it, to be run again.
    QSet<QByteArray> listed;
    for (int r = 0; r < reports.size(); ++r) {
        const QJsonObject shard = reports[r].value("shard").toObject();
        UnfinishedShard u{shard.value("index").toInt(), shard.value("id").toString(), names.value(r),
                          reports[r].value("state").toString(), 0};
        for (const QJsonValue &v : reports[r].value("inputs").toArray()) {
            const QByteArray key = reportPath(v.toObject(), QStringLiteral("key"));
            if (final.contains(key))
                continue;
            ++u.pending;
            if (!listed.contains(key)) {
                listed.insert(key);
                m.unfinished << displayPath(key);
            }
        }
        if (u.pending > 0)
            m.unfinishedShards << u;
    }
    m.pending = int(listed.size());

    // Reports of another listing than most: each named, with the one it differs from.
    const QString usual = mostCommon(listings);
    const int usualReport = int(listings.indexOf(usual));
    for (int r = 0; r < reports.size(); ++r)
        if (listings[r] != usual)
            m.problems << Message(MessageId::ReportDifferentListings,
                                  {names.value(r), listings[r].section(QLatin1Char('/'), 1), names.value(usualReport),
                                   usual.section(QLatin1Char('/'), 1)});
    const bool oneListing =
        std::all_of(listings.cbegin(), listings.cend(), [&](const QString &l) { return l == usual; });
    m.listingInputs = oneListing && !reports.isEmpty() ? usual.section(QLatin1Char('/'), 1).toInt() : -1;
    // Shards run with other presets or output folders: the outputs may differ, though all is there.
    // Compared by what they mean, shown as written.
    const QString usualMeaning = mostCommon(meanings);
    const int usualCommandReport = int(meanings.indexOf(usualMeaning));
    QSet<QString> said;
    for (int r = 0; r < reports.size(); ++r)
        if (meanings[r] != usualMeaning && !said.contains(meanings[r])) {
            said.insert(meanings[r]);
            m.warnings << Message(MessageId::ReportDifferentCommands,
                                  {names.value(r), names.value(usualCommandReport), commands[r].join(QLatin1Char(' ')),
                                   commands[usualCommandReport].join(QLatin1Char(' '))});
        }
    if (counts.size() > 1) {
        QList<int> sorted(counts.cbegin(), counts.cend());
        std::sort(sorted.begin(), sorted.end()); // as numbers: 3 before 10
        QStringList ns;
        for (int n : sorted)
            ns << QString::number(n);
        m.problems << Message(MessageId::ReportDifferentCounts, {ns.join(QStringLiteral(", "))});
    } else if (counts.size() == 1) {
        const int n = *counts.cbegin();
        m.shards = n;
        for (int k = 0; k < n; ++k)
            if (!shardFile.contains({k, n}))
                m.shardsWithoutReport.insert(k, perShard.at(k).toInt());
    }
    m.unreported = m.listingInputs >= 0 ? std::max(0, m.listingInputs - int(final.size()) - m.pending) : -1;
    return m;
}

QJsonObject mergedToJson(const MergedReports &m)
{
    QJsonObject totals;
    for (auto it = m.totals.cbegin(); it != m.totals.cend(); ++it)
        totals.insert(it.key(), it.value());
    QJsonArray without;
    for (auto it = m.shardsWithoutReport.cbegin(); it != m.shardsWithoutReport.cend(); ++it)
        without.append(QJsonObject{{"shard", it.key()}, {"inputs", it.value()}});
    QJsonArray unfinishedShards;
    for (const UnfinishedShard &u : m.unfinishedShards)
        unfinishedShards.append(QJsonObject{
            {"shard", u.index}, {"id", u.id}, {"report", u.report}, {"state", u.state}, {"pending", u.pending}});
    QJsonArray shortReports;
    for (const ShortReport &s : m.shortReports)
        shortReports.append(QJsonObject{
            {"shard", s.index}, {"id", s.id}, {"report", s.report}, {"listed", s.listed}, {"owned", s.owned}});
    const auto english = [](const QVector<Message> &messages) {
        QJsonArray list;
        for (const Message &p : messages)
            list.append(p.english());
        return list;
    };
    QJsonObject o{{"reports", m.reports},
                  {"totals", totals},
                  {"pending", m.pending},
                  {"unfinished", QJsonArray::fromStringList(m.unfinished)},
                  {"unfinished_shards", unfinishedShards},
                  {"shards_without_report", without},
                  {"short_reports", shortReports},
                  {"reported_twice", QJsonArray::fromStringList(m.reportedTwice)},
                  {"problems", english(m.problems)},
                  {"warnings", english(m.warnings)},
                  {"wall_seconds", m.wallSeconds},
                  {"shard_seconds", m.shardSeconds},
                  {"complete", m.complete()}};
    if (m.listingInputs >= 0) // not known when the reports are of different listings
        o.insert("inputs", m.listingInputs);
    if (m.unreported >= 0)
        o.insert("unreported", m.unreported);
    return o;
}

QVector<Message> mergedToLines(const MergedReports &m, const QLocale &numbers)
{
    const auto n = [&numbers](int v) { return numbers.toString(v); };
    const QStringList outcomes{n(m.totals.value("done")),
                               n(m.totals.value("failed")),
                               n(m.totals.value("already_done")),
                               n(m.totals.value("skipped")),
                               numbers.toString(m.wallSeconds, 'f', 1),
                               numbers.toString(m.shardSeconds, 'f', 1)};
    QVector<Message> lines{
        m.listingInputs >= 0 ? Message(MessageId::MergeTotals, QStringList{n(m.reports), n(m.listingInputs)} + outcomes)
                             : Message(MessageId::MergeTotalsNoListing, QStringList{n(m.reports)} + outcomes)};
    for (auto it = m.shardsWithoutReport.cbegin(); it != m.shardsWithoutReport.cend(); ++it)
        lines.append(Message(MessageId::MergeShardMissing, {n(it.key()), n(it.value())}));
    for (const UnfinishedShard &u : m.unfinishedShards)
        lines.append(Message(u.state == QLatin1String("cancelled") ? MessageId::MergeShardCancelled
                                                                   : MessageId::MergeShardKilled,
                             {u.id, n(u.pending), u.report}));
    for (const ShortReport &s : m.shortReports)
        lines.append(Message(MessageId::MergeReportShort, {s.id, n(s.owned), n(s.listed), s.report}));
    if (!m.unfinished.isEmpty())
        lines.append(Message(MessageId::MergeUnfinished, {n(int(m.unfinished.size())), listSome(m.unfinished)}));
    if (!m.reportedTwice.isEmpty())
        lines.append(Message(MessageId::MergeTwice, {n(int(m.reportedTwice.size())), listSome(m.reportedTwice)}));
    for (const Message &p : m.problems)
        lines.append(Message(MessageId::MergeProblem, {}, {p}));
    for (const Message &w : m.warnings)
        lines.append(Message(MessageId::MergeWarning, {}, {w}));
    if (m.complete()) {
        lines.append(Message(MessageId::MergeComplete));
    } else if (!m.shardsWithoutReport.isEmpty() && m.unreported >= 0) {
        QStringList shards;
        for (auto it = m.shardsWithoutReport.cbegin(); it != m.shardsWithoutReport.cend(); ++it)
            shards << n(it.key());
        lines.append(Message(MessageId::MergeIncompleteShards,
                             {listSome(shards), n(int(shards.size())), n(m.shards), n(m.pending), n(m.unreported)}));
    } else if (m.unreported >= 0) {
        lines.append(Message(MessageId::MergeIncomplete, {n(m.pending), n(m.unreported)}));
    } else {
        lines.append(Message(MessageId::MergeIncompleteNoListing, {n(m.pending)}));
    }
    return lines;
}

QString mergedToText(const MergedReports &m)
{
    QString s;
    for (const Message &line : mergedToLines(m))
        s += line.english() + QLatin1Char('\n');
    return s;
}

} // namespace pp
