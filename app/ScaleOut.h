// The scale-out options of `pixelpool --batch` (--shard, --shard-count, --inputs-from, --null,
// --report) in one place, so the batch command only calls in at a few points.
#pragma once

#include "BatchRunner.h"
#include "Options.h"
#include "Preset.h"
#include "Shard.h"
#include "ShardReport.h"

#include <atomic>
#include <memory>
#include <optional>

namespace pp {

class ScaleOut
{
public:
    // Checks the options against the (overridden) preset and appends --inputs-from's paths to
    // `inputs`. False: a usage error, said in *error in the user's language.
    bool configure(const cli::CommandLine &parser, const Preset &preset, int argc, char **argv,
                   QVector<QByteArray> *inputs, QString *error);

    // Scans the inputs. Sharded, entries of --inputs-from that belong to other shards are not
    // even stat()ed: a million-name listing costs each shard a read and a hash, not a million
    // stat() calls on shared storage.
    // `cancel` set (a signal): the scan stops where it is.
    ScanResult scan(const QVector<QByteArray> &inputs, const ScanOptions &options,
                    const std::atomic_bool *cancel = nullptr) const;
    bool sharded() const { return m_shard.has_value(); }
    // --inputs-from named a list with no entry in it (a cron job's `find` that found nothing new):
    // the list as given, to name it; empty otherwise.
    QString emptyList() const { return m_emptyList; }
    // This process's share of the scanned inputs (all of them when not sharded). Call once.
    QVector<InputItem> select(const QVector<InputItem> &all);
    // Before batch.start(): names are planned over the whole listing.
    void attach(BatchRunner &batch) const;
    // After select(): the whole listing, and the places in it of this process's share, in order
    // (every place when not sharded). A dry run plans names over them as attach() has a batch do.
    const QVector<InputItem> &listing() const { return m_all; }
    const QVector<int> &owned() const { return m_plan.owned; }

    // The report (when --report): begin before the run, record each final event, finish at the end.
    // A report that cannot be written: false, and why in the user's language (finish(): empty
    // when the same reason was said while the batch ran).
    bool begin(QString *error);
    void record(const BatchEvent &e);
    bool finish(bool cancelled, QString *error);

private:
    std::optional<ShardSpec> m_shard;
    QByteArray m_reportPath;
    qsizetype m_firstListed = -1; // inputs from here on came from --inputs-from
    QString m_emptyList;
    QStringList m_command;
    QVector<InputItem> m_all;
    ShardPlan m_plan;
    std::unique_ptr<ShardReport> m_report;
};

} // namespace pp
