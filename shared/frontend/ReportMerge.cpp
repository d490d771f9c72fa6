#include "ReportMerge.h"

#include "ShardReport.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <algorithm>
#include <cstdio>

namespace pp {
namespace {

void out(FILE *f, const QString &s)
{
    const QByteArray b = s.toUtf8();
    std::fwrite(b.constData(), 1, size_t(b.size()), f);
}

QString listSome(const QStringList &names)
{
    return names.mid(0, 10).join(QStringLiteral(", ")) + (names.size() > 10 ? QStringLiteral(", …") : QString());
}

} // namespace

bool readReport(const QString &path, QJsonObject *report, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("%1: not JSON (%2)").arg(path, parse.errorString());
        return false;
    }
    *report = doc.object();
    const int version = report->value("pixelpool_report").toInt(-1);
    if (version != kReportVersion) {
        *error = version < 0 ? QStringLiteral("%1: not a PixelPool shard report").arg(path)
                             : QStringLiteral("%1: report version %2, this PixelPool reads %3")
                                   .arg(path)
                                   .arg(version)
                                   .arg(kReportVersion);
        return false;
    }
    if (!report->value("inputs").isArray() || !report->value("shard").isObject() ||
        !report->value("listing").isObject()) {
        *error = QStringLiteral("%1: a shard report without inputs, shard or listing").arg(path);
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
            m.problems << QStringLiteral("shard %1 has two reports: %2 and %3")
                              .arg(shard.value("id").toString(), shardFile.value(index), names.value(r));
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
        m.problems << QStringLiteral("the reports come from different listings of inputs: run every shard over "
                                     "the same inputs (one --inputs-from file)");
    m.listingInputs = listingSizes.size() == 1 ? *listingSizes.cbegin() : -1;
    if (counts.size() > 1) {
        QStringList ns;
        for (int n : counts)
            ns << QString::number(n);
        std::sort(ns.begin(), ns.end());
        m.problems << QStringLiteral("the reports split the batch into different numbers of shards (%1)")
                          .arg(ns.join(QStringLiteral(", ")));
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
    return QJsonObject{{"reports", m.reports},
                       {"inputs", m.listingInputs},
                       {"totals", totals},
                       {"unreported", m.unreported},
                       {"unfinished", QJsonArray::fromStringList(m.unfinished)},
                       {"shards_without_report", without},
                       {"reported_twice", QJsonArray::fromStringList(m.reportedTwice)},
                       {"problems", QJsonArray::fromStringList(m.problems)},
                       {"wall_seconds", m.wallSeconds},
                       {"shard_seconds", m.shardSeconds},
                       {"complete", m.complete()}};
}

QString mergedToText(const MergedReports &m)
{
    QString s = QStringLiteral("%1 reports, %2 inputs: %3 done, %4 failed, %5 already done, %6 skipped; "
                               "longest shard %7 s, all shards %8 s\n")
                    .arg(m.reports)
                    .arg(m.listingInputs)
                    .arg(m.totals.value("done"))
                    .arg(m.totals.value("failed"))
                    .arg(m.totals.value("already_done"))
                    .arg(m.totals.value("skipped"))
                    .arg(m.wallSeconds, 0, 'f', 1)
                    .arg(m.shardSeconds, 0, 'f', 1);
    for (auto it = m.shardsWithoutReport.cbegin(); it != m.shardsWithoutReport.cend(); ++it)
        s += QStringLiteral("missing: shard %1 wrote no report (%2 inputs)\n").arg(it.key()).arg(it.value());
    if (!m.unfinished.isEmpty())
        s += QStringLiteral("missing: %1 inputs not finished (a shard killed or still running): %2\n")
                 .arg(m.unfinished.size())
                 .arg(listSome(m.unfinished));
    if (!m.reportedTwice.isEmpty())
        s += QStringLiteral("twice: %1 inputs in more than one report (overlapping shards): %2\n")
                 .arg(m.reportedTwice.size())
                 .arg(listSome(m.reportedTwice));
    for (const QString &p : m.problems)
        s += QStringLiteral("problem: %1\n").arg(p);
    s += m.complete() ? QStringLiteral("complete: every input reported exactly once\n")
                      : QStringLiteral("incomplete: %1 inputs unreported\n").arg(m.unreported);
    return s;
}

int runReportCommand(const QStringList &args)
{
    // args: report merge [--json] REPORT...
    const QString usage = QStringLiteral("usage: pixelpool report merge [--json] REPORT.json...\n");
    if (args.size() < 2 || args[1] != QLatin1String("merge")) {
        out(stderr, usage);
        return 2;
    }
    bool json = false;
    QStringList files;
    for (const QString &a : args.mid(2)) {
        if (a == QLatin1String("--json"))
            json = true;
        else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out(stdout, usage);
            return 0;
        } else
            files << a;
    }
    if (files.isEmpty()) {
        out(stderr, usage);
        return 2;
    }
    QVector<QJsonObject> reports;
    for (const QString &f : files) {
        QJsonObject r;
        QString error;
        if (!readReport(f, &r, &error)) {
            out(stderr, "pixelpool: " + error + "\n");
            return 2;
        }
        reports << r;
    }
    const MergedReports m = mergeReports(reports, files);
    if (json)
        out(stdout, QString::fromUtf8(QJsonDocument(mergedToJson(m)).toJson(QJsonDocument::Compact)) + "\n");
    else
        out(stdout, mergedToText(m));
    return m.complete() ? 0 : 1;
}

} // namespace pp
