// `pixelpool report merge REPORT...`: joins the reports of a scaled-out batch's shards into one
// account: totals, the inputs no shard reported (a shard dropped, killed or still running) and
// the inputs reported twice (overlapping shard definitions).
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace pp {

struct MergedReports {
    int reports = 0;
    int listingInputs = 0;              // inputs in the batch's listing (-1: the reports disagree)
    QMap<QString, int> totals;          // by outcome: done, failed, already_done, skipped
    QStringList unfinished;             // owned by a report, but pending or cancelled there
    QMap<int, int> shardsWithoutReport; // shard -> its inputs (when every report agrees on N)
    QStringList reportedTwice;          // keys that more than one report owns
    QStringList problems;               // reports that disagree (listing, shard count), shards twice
    int unreported = 0;                 // inputs without a final outcome in any report
    double wallSeconds = 0, shardSeconds = 0;
    bool complete() const { return unreported == 0 && reportedTwice.isEmpty() && problems.isEmpty(); }
};

// Reads one report; false with the reason when it is not a PixelPool report.
bool readReport(const QString &path, QJsonObject *report, QString *error);

MergedReports mergeReports(const QVector<QJsonObject> &reports, const QStringList &names);

QJsonObject mergedToJson(const MergedReports &m);
QString mergedToText(const MergedReports &m);

// The command: exit 0 when every input was reported exactly once, 1 when any is missing or
// twice, 2 for a usage error or a file that is not a report.
int runReportCommand(const QStringList &args);

} // namespace pp
