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

std::optional<ShardSpec> fail(QString *error, const QString &why)
{
    *error = why;
    return std::nullopt;
}

} // namespace

QByteArray shardKey(const InputItem &item) { return item.path.mid(item.rootLength); }

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
                                    QString *error)
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
        return fail(error, QStringLiteral("%1 takes a number of shards from 1 to %2").arg(countFrom).arg(kMaxShards));

    ShardSpec spec;
    if (option != QLatin1String("auto")) {
        const QStringList parts = option.split('/');
        const auto k = parts.size() == 2 ? number(parts[0].toUtf8()) : std::nullopt;
        const auto n = parts.size() == 2 ? number(parts[1].toUtf8()) : std::nullopt;
        if (!k || !n || *n < 1 || *n > kMaxShards || *k >= *n)
            return fail(error, QStringLiteral("--shard takes K/N with 0 <= K < N <= %1 (like 0/8), or auto; got \"%2\"")
                                   .arg(kMaxShards)
                                   .arg(option));
        if (count && *count != *n)
            return fail(error, QStringLiteral("--shard %1 says %2 shards but %3 says %4")
                                   .arg(option)
                                   .arg(*n)
                                   .arg(countFrom)
                                   .arg(*count));
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
            return fail(error, QStringLiteral("--shard auto: %1 is %2, but there are only %3 shards (%4)")
                                   .arg(what)
                                   .arg(k)
                                   .arg(*count)
                                   .arg(countFrom));
        spec.index = k;
        spec.count = *count;
        spec.scheduler = scheduler;
        return spec;
    };

    if (env("SLURM_ARRAY_TASK_ID")) {
        spec.scheduler = QStringLiteral("slurm");
        for (const char *name : {"SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "SLURM_JOB_ID", "SLURM_RESTART_COUNT"})
            if (const auto v = env(name))
                spec.ids.insert(QString::fromLatin1(name), QString::fromUtf8(*v));
        std::optional<int> id, min, max, step, tasks;
        if (!need("SLURM_ARRAY_TASK_ID", &id))
            return fail(error, QStringLiteral("--shard auto: SLURM_ARRAY_TASK_ID is not a number"));
        if (count) // the array's indices are the shard numbers, whatever its shape
            return withCount(*id, spec.scheduler, QStringLiteral("SLURM_ARRAY_TASK_ID"));
        if (!need("SLURM_ARRAY_TASK_MIN", &min) || !need("SLURM_ARRAY_TASK_MAX", &max) ||
            !need("SLURM_ARRAY_TASK_STEP", &step) || !need("SLURM_ARRAY_TASK_COUNT", &tasks))
            return fail(error, QStringLiteral("--shard auto: this Slurm array does not say its shape (SLURM_ARRAY_TASK_"
                                              "MIN, MAX, STEP and COUNT); give --shard-count N"));
        if (*min != 0)
            return fail(error,
                        QStringLiteral("--shard auto: the Slurm array starts at %1, not 0: it may be some indices "
                                       "submitted again, so its shape does not say how many shards there "
                                       "are; give --shard-count N (array index = shard number)")
                            .arg(*min));
        if (*step != 1)
            return fail(error, QStringLiteral("--shard auto: the Slurm array's step is %1, so shard K could be index K "
                                              "or K×%1; use a step of 1 or give --shard-count N (array index = shard "
                                              "number)")
                                   .arg(*step));
        if (*tasks != *max + 1 || *id > *max)
            return fail(error, QStringLiteral("--shard auto: the Slurm array has gaps (%1 tasks with indices 0 to %2), "
                                              "so its shape does not say how many shards there are; give "
                                              "--shard-count N (array index = shard number)")
                                   .arg(*tasks)
                                   .arg(*max));
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
            return fail(error, QStringLiteral("--shard auto: JOB_COMPLETION_INDEX is not a number"));
        if (!count)
            return fail(error, QStringLiteral("--shard auto: a Kubernetes Indexed Job gives the index but not the "
                                              "count; give --shard-count N or set PIXELPOOL_SHARD_COUNT to the "
                                              "Job's completions"));
        return withCount(*k, QStringLiteral("kubernetes"), QStringLiteral("JOB_COMPLETION_INDEX"));
    }
    if (const auto v = env("PARALLEL_SEQ")) {
        spec.ids.insert(QStringLiteral("PARALLEL_SEQ"), QString::fromUtf8(*v));
        const auto seq = number(*v);
        if (!seq || *seq < 1)
            return fail(error, QStringLiteral("--shard auto: PARALLEL_SEQ is not a number from 1"));
        if (!count)
            return fail(error, QStringLiteral("--shard auto: GNU parallel numbers its jobs but does not say how many "
                                              "shards there are; give --shard-count N (shard = PARALLEL_SEQ - 1)"));
        return withCount(*seq - 1, QStringLiteral("parallel"), QStringLiteral("PARALLEL_SEQ - 1"));
    }
    if (env("SLURM_JOB_ID"))
        return fail(error, QStringLiteral("--shard auto: this Slurm job is not an array (no SLURM_ARRAY_TASK_ID); "
                                          "submit it with sbatch --array=0-N-1, or use --shard K/N"));
    return fail(error, QStringLiteral("--shard auto: no scheduler found (none of SLURM_ARRAY_TASK_ID, "
                                      "JOB_COMPLETION_INDEX, PARALLEL_SEQ is set); use --shard K/N"));
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
