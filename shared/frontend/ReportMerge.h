// `pixelpool report merge REPORT...`: joins the reports of a scaled-out batch's shards into one
// account: totals, the inputs no shard reported (a shard dropped, killed or still running) and
// the inputs reported twice (overlapping shard definitions).
//
// The merge's findings are Messages: `--json` keeps their English, the terminal
// (app/cli/ReportCommand.cpp) shows them in the user's language.
#pragma once

#include "Message.h"

#include <QJsonObject>
#include <QLocale>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>
#include <functional>

namespace pp {

// A shard whose report owns inputs that no report finished: killed or still running ("running"),
// or stopped by SIGTERM ("cancelled"). Run it again.
struct UnfinishedShard {
    int index = 0;
    QString id;     // "1/3"
    QString report; // its report, as named to merge
    QString state;  // the report's state
    int pending = 0;
};

// A report that lists fewer inputs than its shard owns (its listing's per_shard): cut or edited.
// The inputs it lacks are in no report, and only its shard, run again, knows their names.
struct ShortReport {
    int index = 0;
    QString id;     // "1/3"
    QString report; // as named to merge
    int listed = 0; // entries in its inputs
    int owned = 0;  // its share of the listing
};

struct MergedReports {
    int reports = 0;
    int listingInputs = 0;                     // inputs in the batch's listing (-1: the reports disagree)
    QMap<QString, int> totals;                 // by outcome: done, failed, already_done, skipped
    QStringList unfinished;                    // owned by a report, but pending or cancelled there
    QVector<UnfinishedShard> unfinishedShards; // the shards those belong to
    int shards = 0;                            // N, when every report agrees on it (else 0)
    QMap<int, int> shardsWithoutReport;        // shard -> its inputs (when every report agrees on N)
    QVector<ShortReport> shortReports;         // reports that lack some of their shard's inputs
    QStringList reportedTwice;                 // keys that more than one report owns
    QVector<Message> problems;                 // reports that disagree (listing, shard count), shards twice
    QVector<Message> warnings;                 // shards run with different options, a report named
                                               // twice: said, not failed
    int pending = 0;                           // inputs a report owns but no report finished
    int unreported = 0;                        // inputs in no report (-1: not known, the listings differ)
    double wallSeconds = 0, shardSeconds = 0;
    // Every shard's report is there (one that owns no input writes one too: without it, nothing
    // says that the shard ran), every input of the listing finished in exactly one of them.
    bool complete() const
    {
        return pending == 0 && unreported == 0 && shardsWithoutReport.isEmpty() && shortReports.isEmpty() &&
               reportedTwice.isEmpty() && problems.isEmpty();
    }
};

// Reads one report; false with the reason when it is not a PixelPool report, or not a valid one (a
// shard index not below its count, an outcome PixelPool does not write, a per_shard of another size).
bool readReport(const QString &path, QJsonObject *report, Message *error);

// The reports named to merge, each file once: a file named again (the same path once cleaned, or
// the same device and inode: a link, another spelling) is left out, and said in *givenTwice.
QStringList distinctReports(const QStringList &paths, QVector<Message> *givenTwice);

// What a shard's command means for its outputs, compared between reports: the command line's
// parser knows it (app/cli/ReportCommand.cpp), so that `-o out` and `--output=out/` are one. Empty
// when the command does not parse. Without one, the options as written.
using CommandMeaning = std::function<QString(const QJsonArray &command)>;

MergedReports mergeReports(const QVector<QJsonObject> &reports, const QStringList &names,
                           const CommandMeaning &meaning = {});

// The options of a shard's command that say something about its outputs, as written: the command
// without what differs between the shards of one batch by design (the shard, its report, the
// workers, what is printed) and without argv[0].
QStringList outputOptions(const QJsonArray &command);

// The stable English with its problems as text, for programs.
QJsonObject mergedToJson(const MergedReports &m);
// The account for people, a line each; numbers written as `numbers` writes them.
QVector<Message> mergedToLines(const MergedReports &m, const QLocale &numbers = QLocale::c());
// mergedToLines() in English, one line each.
QString mergedToText(const MergedReports &m);

} // namespace pp
