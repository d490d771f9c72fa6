// Scale-out: which inputs of a batch this process owns when the same batch runs as many
// processes (a Slurm job array, a Kubernetes Indexed Job, GNU parallel). Every process sees the
// whole listing and keeps its share, decided by a hash of each input's name alone, so shards
// agree without talking to each other and no listing has to live in one place.
#pragma once

#include "InputScanner.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QVector>
#include <functional>
#include <optional>

namespace pp {

struct ShardSpec {
    int index = 0;                                // K: 0 <= index < count
    int count = 1;                                // N
    QString scheduler = QStringLiteral("manual"); // manual, slurm, kubernetes, parallel
    QMap<QString, QString> ids;                   // the scheduler's variables that name this task
    QString id() const { return QStringLiteral("%1/%2").arg(index).arg(count); }
};

// The name an input is partitioned by, and its key in a report: the path as given or listed (a
// folder's files: the folder as given, then their path below it), cleaned by its letters alone —
// empty and "." parts and a trailing '/' dropped ("./in//a.jpg" is "in/a.jpg"), ".." kept (through
// a link to a folder "a/../b" is not "b"). Never made absolute nor looked up on the disk: every shard
// computes the same key from the same arguments, on any machine, in any current folder. Two folder
// inputs holding the same name (cam1/a.jpg, cam2/a.jpg) are two keys. Raw bytes: names need not
// be UTF-8.
QByteArray shardKey(const InputItem &item);
QByteArray shardKeyOf(const QByteArray &path);

// FNV-1a 64 of the key's bytes, folded (h ^ h >> 32) so that the low bits mod N depend on all of
// it. Documented in docs/scale-out.md; fixed forever: changing it moves outputs between shards.
quint64 shardHash(const QByteArray &key);
inline int shardOf(const QByteArray &key, int count) { return int(shardHash(key) % quint64(count)); }

// Looks up an environment variable (nullopt: unset). Tests pass their own.
using EnvLookup = std::function<std::optional<QByteArray>(const char *name)>;
EnvLookup processEnvironment();

// `--shard K/N` or `--shard auto`; `countOption` is --shard-count ("" when not given). For auto,
// the count may also come from PIXELPOOL_SHARD_COUNT. On error returns nullopt and says why.
std::optional<ShardSpec> parseShard(const QString &option, const QString &countOption, const EnvLookup &env,
                                    Message *error);
// The same, with the error's stable English.
inline std::optional<ShardSpec> parseShard(const QString &option, const QString &countOption, const EnvLookup &env,
                                           QString *error)
{
    return withEnglishError(error, [&](Message *m) { return parseShard(option, countOption, env, m); });
}

// The whole listing seen from one shard: what it owns, and what every shard owns in number, so a
// report can say how many inputs a shard that never reported had.
struct ShardPlan {
    QVector<int> owned;      // positions in the listing, in order
    QVector<int> perShard;   // inputs of each shard 0..N-1
    quint64 fingerprint = 0; // of the whole listing's keys, in order: reports of one batch agree
};
ShardPlan planShard(const QVector<InputItem> &items, const ShardSpec &spec);

} // namespace pp
