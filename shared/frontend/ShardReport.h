// The report one shard of a scaled-out batch writes (--report FILE): the inputs it owned, each
// one's outcome, timings, the shard and the exact command. Rewritten whole and atomically (a
// temporary file renamed over it) when the shard starts, every so often while it runs, and at
// the end, so a shard killed at any moment leaves a report that parses and says what was done.
// docs/scale-out.md describes the format; ReportMerge.h joins the reports of all shards.
#pragma once

#include "BatchRunner.h"
#include "Shard.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QTimer>
#include <functional>

namespace pp {

// 2: keys are the paths as given, cleaned (1: relative to a folder input, which two folders could
// share), and names that are not UTF-8 carry their bytes. Merge reads one version only, so reports of
// the two partitions are never joined.
constexpr int kReportVersion = 2;

// A path in a report: FIELD is its UTF-8 (invalid bytes as U+FFFD, for people) and, only when the
// name is not valid UTF-8, FIELD_base64 holds its bytes, so that two names differing in such bytes
// stay two. reportPath() reads the bytes back.
void putReportPath(QJsonObject *o, const QString &field, const QByteArray &path);
QByteArray reportPath(const QJsonObject &o, const QString &field);

// What an input's entry says. "already_done": skipped because a complete output was there (a
// rerun resuming). "pending" and "cancelled" are not outcomes yet: merge counts them as missing.
const char *reportOutcome(const BatchEvent &e);

// A preset with `outputs`: every output of an image, by name, in the preset's order, as the report
// and `--json` list them ({name, output, existing, and width, height, bytes when written; and
// output_base64 for a name that is not UTF-8: putReportPath}).
QJsonArray batchOutputsJson(const QVector<BatchOutput> &outputs);

class ShardReport
{
public:
    // `owned` are the shard's inputs in the order BatchRunner reports them (its indices).
    ShardReport(QByteArray path, const ShardSpec &spec, const ShardPlan &plan, int listingSize, QStringList command,
                const QVector<InputItem> &owned);

    // Writes the report with every input pending; false (and why) when the file cannot be written
    // or what is at the path is not a regular file (a FIFO, socket or device: never replaced). The
    // path's symbolic links are followed here, once: every later write goes to the same file.
    bool begin(Message *error);
    // Where the report is written: the path given, its links followed by begin().
    const QByteArray &target() const { return m_target; }
    // Records an input's final event; the file is rewritten when enough time has passed (now,
    // or from the event loop a little later).
    void record(const BatchEvent &e);
    // The last write; state is "finished" or "cancelled". False when it cannot be written: the
    // last report written stays (state "running"); *error is why, or empty when a rewrite while
    // running failed for that reason already (said then, through the warning).
    bool finish(const QString &state, Message *error);
    // Rewrites while running at most this often (and at most 1/20 of the time): 1 s by default;
    // 0: after every input.
    void setMinWriteInterval(qint64 ms) { m_minIntervalMs = ms; }
    // Where a rewrite that fails while running is said (once): the terminal, in the user's
    // language. Without one, the English goes to stderr.
    void setWarning(std::function<void(const Message &)> warn) { m_warn = std::move(warn); }

private:
    bool write(const QString &state, Message *error);
    void writeIfDue();
    QJsonObject toJson(const QString &state) const;

    QByteArray m_path;    // as given, for messages
    QByteArray m_target;  // where it is written: m_path's links followed when the report began
    QJsonObject m_header; // shard, command, host, listing: fixed for the run
    QJsonArray m_inputs;
    QElapsedTimer m_clock, m_sinceWrite;
    QString m_started;
    qint64 m_writeCostMs = 0;
    qint64 m_minIntervalMs = 1000;
    bool m_warned = false;
    Message m_warnedWhy;
    bool m_dirty = false; // outcomes recorded since the last write
    QTimer m_timer;       // writes what a long image's wait would otherwise hold back
    std::function<void(const Message &)> m_warn;
};

} // namespace pp
