#include "ReportMerge.h"

#include "ShardReport.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <algorithm>
#include <cerrno>

namespace pp {
namespace {

QString listSome(const QStringList &names)
{
    return names.mid(0, 10).join(QStringLiteral(", ")) + (names.size() > 10 ? QStringLiteral(", …") : QString());
}

} // namespace

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
    return true;
}

MergedReports mergeReports(const QVector<QJsonObject> &reports, const QStringList &names)
{
    MergedReports m;
    m.reports = int(reports.size());
    for (const char *k : {"done", "failed", "already_done", "skipped"})
        m.totals.insert(QString::fromLatin1(k), 0);
    QSet<QString> fingerprints;
    QSet<int> counts, listingSizes;
    QHash<int, QString> shardFile;
    QHash<QString, int> owners; // key -> how many reports own it
    QSet<QString> final;
    QJsonArray perShard;
    for (int r = 0; r < reports.size(); ++r) {
        const QJsonObject &rep = reports[r];
        const QJsonObject shard = rep.value("shard").toObject();
        const QJsonObject listing = rep.value("listing").toObject();
        fingerprints.insert(listing.value("fingerprint").toString());
        listingSizes.insert(listing.value("inputs").toInt());
        counts.insert(shard.value("count").toInt());
        perShard = listing.value("per_shard").toArray();
        const int index = shard.value("index").toInt();
        if (shardFile.contains(index))
            m.problems << Message(MessageId::ReportShardTwice,
                                  {shard.value("id").toString(), shardFile.value(index), names.value(r)});
        shardFile.insert(index, names.value(r));
        const double seconds = rep.value("seconds").toDouble();
        m.shardSeconds += seconds;
        m.wallSeconds = std::max(m.wallSeconds, seconds);
        for (const QJsonValue &v : rep.value("inputs").toArray()) {
            const QJsonObject in = v.toObject();
            const QString key = in.value("key").toString();
            const QString outcome = in.value("outcome").toString();
            if (++owners[key] == 2)
                m.reportedTwice << key;
            if (m.totals.contains(outcome)) {
                if (!final.contains(key))
                    ++m.totals[outcome];
                final.insert(key);
            }
        }
    }
    // Unfinished: owned somewhere, finished nowhere (a killed run's entry rerun elsewhere is fine).
    QSet<QString> listed;
    for (const QJsonObject &rep : reports)
        for (const QJsonValue &v : rep.value("inputs").toArray()) {
            const QString key = v.toObject().value("key").toString();
            if (!final.contains(key) && !listed.contains(key)) {
                listed.insert(key);
                m.unfinished << key;
            }
        }
    if (fingerprints.size() > 1 || listingSizes.size() > 1)
        m.problems << Message(MessageId::ReportDifferentListings);
    m.listingInputs = listingSizes.size() == 1 ? *listingSizes.cbegin() : -1;
    if (counts.size() > 1) {
        QStringList ns;
        for (int n : counts)
            ns << QString::number(n);
        std::sort(ns.begin(), ns.end());
        m.problems << Message(MessageId::ReportDifferentCounts, {ns.join(QStringLiteral(", "))});
    } else if (counts.size() == 1) {
        const int n = *counts.cbegin();
        for (int k = 0; k < n; ++k)
            if (!shardFile.contains(k))
                m.shardsWithoutReport.insert(k, perShard.at(k).toInt());
    }
    m.unreported = m.listingInputs >= 0 ? std::max(0, m.listingInputs - int(final.size())) : int(m.unfinished.size());
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
    QJsonArray problems;
    for (const Message &p : m.problems)
        problems.append(p.english());
    return QJsonObject{{"reports", m.reports},
                       {"inputs", m.listingInputs},
                       {"totals", totals},
                       {"unreported", m.unreported},
                       {"unfinished", QJsonArray::fromStringList(m.unfinished)},
                       {"shards_without_report", without},
                       {"reported_twice", QJsonArray::fromStringList(m.reportedTwice)},
                       {"problems", problems},
                       {"wall_seconds", m.wallSeconds},
                       {"shard_seconds", m.shardSeconds},
                       {"complete", m.complete()}};
}

QVector<Message> mergedToLines(const MergedReports &m, const QLocale &numbers)
{
    const auto n = [&numbers](int v) { return numbers.toString(v); };
    QVector<Message> lines{{MessageId::MergeTotals,
                            {n(m.reports), n(m.listingInputs), n(m.totals.value("done")), n(m.totals.value("failed")),
                             n(m.totals.value("already_done")), n(m.totals.value("skipped")),
                             numbers.toString(m.wallSeconds, 'f', 1), numbers.toString(m.shardSeconds, 'f', 1)}}};
    for (auto it = m.shardsWithoutReport.cbegin(); it != m.shardsWithoutReport.cend(); ++it)
        lines.append(Message(MessageId::MergeShardMissing, {n(it.key()), n(it.value())}));
    if (!m.unfinished.isEmpty())
        lines.append(Message(MessageId::MergeUnfinished, {n(int(m.unfinished.size())), listSome(m.unfinished)}));
    if (!m.reportedTwice.isEmpty())
        lines.append(Message(MessageId::MergeTwice, {n(int(m.reportedTwice.size())), listSome(m.reportedTwice)}));
    for (const Message &p : m.problems)
        lines.append(Message(MessageId::MergeProblem, {}, {p}));
    lines.append(m.complete() ? Message(MessageId::MergeComplete)
                              : Message(MessageId::MergeIncomplete, {n(m.unreported)}));
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
