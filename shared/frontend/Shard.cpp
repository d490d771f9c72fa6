#include "Shard.h"

#include <cstdlib>

namespace pp {
namespace {

constexpr quint64 kFnvOffset = 14695981039346656037ull;
constexpr quint64 kFnvPrime = 1099511628211ull;

quint64 fnv1a(quint64 h, const QByteArray &bytes)
{
    for (char c : bytes) {
        h ^= quint64(quint8(c));
        h *= kFnvPrime;
    }
    return h;
}

constexpr int kMaxShards = 1'000'000;

// Whole non-negative numbers only: "07", "+3", "3 " or "3.0" from a scheduler is not ours to guess.
std::optional<int> number(const QByteArray &text)
{
    if (text.isEmpty() || text.size() > 9)
        return std::nullopt;
    int v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::optional<ShardSpec> fail(Message *error, Message why)
{
    *error = std::move(why);
    return std::nullopt;
}

} // namespace

QByteArray shardKeyOf(const QByteArray &path)
{
    QByteArray key;
    key.reserve(path.size());
    if (path.startsWith('/'))
        key += '/';
    qsizetype from = 0;
    while (from <= path.size()) {
        qsizetype to = path.indexOf('/', from);
        if (to < 0)
            to = path.size();
        const qsizetype length = to - from;
        if (length > 0 && !(length == 1 && path.at(from) == '.')) {
            if (!key.isEmpty() && !key.endsWith('/'))
                key += '/';
            key.append(path.constData() + from, length);
        }
        from = to + 1;
    }
    return key.isEmpty() ? QByteArray(".") : key;
}

QByteArray shardKey(const InputItem &item) { return shardKeyOf(item.path); }

quint64 shardHash(const QByteArray &key)
{
    const quint64 h = fnv1a(kFnvOffset, key);
    return h ^ (h >> 32);
}

EnvLookup processEnvironment()
{
    return [](const char *name) -> std::optional<QByteArray> {
        const char *v = std::getenv(name);
        return v ? std::optional<QByteArray>(QByteArray(v)) : std::nullopt;
    };
}

std::optional<ShardSpec> parseShard(const QString &option, const QString &countOption, const EnvLookup &env,
                                    Message *error)
{
    std::optional<int> count;
    QString countFrom;
    if (!countOption.isEmpty()) {
        count = number(countOption.toUtf8());
        countFrom = QStringLiteral("--shard-count");
    } else if (const auto v = env("PIXELPOOL_SHARD_COUNT")) {
        count = number(*v);
        countFrom = QStringLiteral("PIXELPOOL_SHARD_COUNT");
    }
    if (!countFrom.isEmpty() && (!count || *count < 1 || *count > kMaxShards))
        return fail(error, {MessageId::ShardCountRange, {countFrom, QString::number(kMaxShards)}});

    ShardSpec spec;
    if (option != QLatin1String("auto")) {
        const QStringList parts = option.split('/');
        const auto k = parts.size() == 2 ? number(parts[0].toUtf8()) : std::nullopt;
        const auto n = parts.size() == 2 ? number(parts[1].toUtf8()) : std::nullopt;
        if (!k || !n || *n < 1 || *n > kMaxShards || *k >= *n)
            return fail(error, {MessageId::ShardBadOption, {QString::number(kMaxShards), option}});
        if (count && *count != *n)
            return fail(error, {MessageId::ShardCountMismatch,
                                {option, QString::number(*n), countFrom, QString::number(*count)}});
        spec.index = *k;
        spec.count = *n;
        return spec;
    }

    auto value = [&](const char *name) { return env(name).value_or(QByteArray()); };
    auto need = [&](const char *name, std::optional<int> *out) {
        *out = number(value(name));
        return out->has_value();
    };
    auto withCount = [&](int k, const QString &scheduler, const QString &what) -> std::optional<ShardSpec> {
        if (k >= *count)
            return fail(
                error, {MessageId::ShardIndexTooLarge, {what, QString::number(k), QString::number(*count), countFrom}});
        spec.index = k;
        spec.count = *count;
        spec.scheduler = scheduler;
        return spec;
    };

    // Two schedulers' indices (GNU parallel inside a Slurm array task): taking either would give
    // every job of the other the same shard. SLURM_JOB_ID alone (a plain job) numbers nothing.
    QStringList indices;
    for (const char *name : {"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "PARALLEL_SEQ"})
        if (env(name))
            indices << QString::fromLatin1(name);
    if (indices.size() > 1)
        return fail(error, {MessageId::ShardSeveralSchedulers, {indices.join(QStringLiteral(", "))}});

    if (env("SLURM_ARRAY_TASK_ID")) {
        spec.scheduler = QStringLiteral("slurm");
        for (const char *name : {"SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "SLURM_JOB_ID", "SLURM_RESTART_COUNT"})
            if (const auto v = env(name))
                spec.ids.insert(QString::fromLatin1(name), QString::fromUtf8(*v));
        std::optional<int> id, min, max, step, tasks;
        if (!need("SLURM_ARRAY_TASK_ID", &id))
            return fail(error, {MessageId::ShardNotANumber, {QStringLiteral("SLURM_ARRAY_TASK_ID")}});
        if (count) // the array's indices are the shard numbers, whatever its shape
            return withCount(*id, spec.scheduler, QStringLiteral("SLURM_ARRAY_TASK_ID"));
        if (!need("SLURM_ARRAY_TASK_MIN", &min) || !need("SLURM_ARRAY_TASK_MAX", &max) ||
            !need("SLURM_ARRAY_TASK_STEP", &step) || !need("SLURM_ARRAY_TASK_COUNT", &tasks))
            return fail(error, {MessageId::ShardSlurmNoShape});
        if (*min != 0)
            return fail(error, {MessageId::ShardSlurmNotFromZero, {QString::number(*min)}});
        if (*step != 1)
            return fail(error, {MessageId::ShardSlurmStep, {QString::number(*step)}});
        if (*tasks != *max + 1 || *id > *max)
            return fail(error, {MessageId::ShardSlurmGaps, {QString::number(*tasks), QString::number(*max)}});
        spec.index = *id;
        spec.count = *tasks;
        return spec;
    }
    if (const auto v = env("JOB_COMPLETION_INDEX")) {
        spec.ids.insert(QStringLiteral("JOB_COMPLETION_INDEX"), QString::fromUtf8(*v));
        if (const auto pod = env("HOSTNAME"))
            spec.ids.insert(QStringLiteral("HOSTNAME"), QString::fromUtf8(*pod));
        const auto k = number(*v);
        if (!k)
            return fail(error, {MessageId::ShardNotANumber, {QStringLiteral("JOB_COMPLETION_INDEX")}});
        if (!count)
            return fail(error, {MessageId::ShardKubernetesNoCount});
        return withCount(*k, QStringLiteral("kubernetes"), QStringLiteral("JOB_COMPLETION_INDEX"));
    }
    if (const auto v = env("PARALLEL_SEQ")) {
        spec.ids.insert(QStringLiteral("PARALLEL_SEQ"), QString::fromUtf8(*v));
        const auto seq = number(*v);
        if (!seq || *seq < 1)
            return fail(error, {MessageId::ShardParallelSeq});
        if (!count)
            return fail(error, {MessageId::ShardParallelNoCount});
        return withCount(*seq - 1, QStringLiteral("parallel"), QStringLiteral("PARALLEL_SEQ - 1"));
    }
    if (env("SLURM_JOB_ID"))
        return fail(error, {MessageId::ShardSlurmNotArray});
    return fail(error, {MessageId::ShardNoScheduler});
}

ShardPlan planShard(const QVector<InputItem> &items, const ShardSpec &spec)
{
    ShardPlan plan;
    plan.perShard = QVector<int>(spec.count, 0);
    plan.fingerprint = kFnvOffset;
    for (int i = 0; i < items.size(); ++i) {
        const QByteArray key = shardKey(items[i]);
        const int shard = shardOf(key, spec.count);
        ++plan.perShard[shard];
        if (shard == spec.index)
            plan.owned << i;
        plan.fingerprint = fnv1a(plan.fingerprint, key + '\0');
    }
    return plan;
}

} // namespace pp
