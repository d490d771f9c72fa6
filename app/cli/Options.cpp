#include "Options.h"

#include <QFile>
#include <QStringList>
#include <cstring>

namespace pp::cli {

const QVector<OptionSpec> &optionTable()
{
    // Value names in capitals; defaults here are the ones --help shows and value() returns.
    static const QVector<OptionSpec> table = {
        {"batch", 0, nullptr, "Run without a window (this mode)."},
        {"preset", 'p', "NAME|FILE", "Preset name or .json file (default: web).", "web"},
        {"output", 'o', "DIR", "Output folder (default: the preset's, else ./pixelpool-output)."},
        {"workers", 'w', "N", "Worker processes (default 0: one per core).", "0"},
        {"recursive", 'r', nullptr, "Include sub-folders of folder inputs."},
        {"dry-run", 'n', nullptr,
         "Print what would be written where, and whether it would replace, skip or rename; "
         "start no worker and write nothing."},
        {"json", 0, nullptr, "Print one JSON object per event on stdout (docs/cli.md)."},
        {"quiet", 'q', nullptr, "Print only failed images and errors on stderr."},
        {"verbose", 0, nullptr, "Also print every finished image and each worker's start."},
        {"format", 0, "FORMAT", "Override the output format (jpeg, png, webp, tiff, bmp, jxl, avif, keep)."},
        {"quality", 0, "Q", "Override the JPEG/WebP/JPEG XL/AVIF quality (1-100)."},
        {"overwrite", 0, "POLICY", "Override the overwrite policy (skip, rename, overwrite)."},
        {"metadata", 0, "POLICY", "Override what metadata outputs keep (keep, strip-location, strip)."},
        {"colour", 0, "POLICY", "Override the colour handling (keep: the source's profile; srgb: convert to sRGB)."},
        {"max-tasks-per-worker", 0, "N", "Replace a worker after this many images (0: never).", "0"},
        {"timeout", 0, "S", "Give up on an image after this many seconds (retried once).", "300"},
        {"max-megapixels", 0, "MP", "Refuse images larger than this, before decoding.", "200"},
        {"shard", 0, "K/N|auto",
         "Run only shard K of N of the inputs (K/N), or take K and N from the scheduler (auto: Slurm "
         "array, Kubernetes Indexed Job, GNU parallel). See docs/scale-out.md."},
        {"shard-count", 0, "N", "The number of shards for --shard auto (else PIXELPOOL_SHARD_COUNT)."},
        {"inputs-from", 0, "FILE", "Read inputs from a file, one path a line (- for stdin)."},
        {"null", 0, nullptr, "--inputs-from is separated by NUL bytes (find -print0)."},
        {"report", 0, "FILE",
         "Write a JSON report of this run (shard, command, every input's outcome) to a file, updated while "
         "it runs."},
        {"list-presets", 0, nullptr, "List the available presets and exit."},
        {"help", 'h', nullptr, "Show this help and exit."},
        {"version", 'v', nullptr, "Show the version and exit."},
        {"in-process", 0, nullptr, "Developer option: run jobs on threads of this process, no workers.", nullptr, true},
        {"test-flags", 0, "FLAGS", "", "0", true},
    };
    return table;
}

const QVector<Conflict> &conflictTable()
{
    static const QVector<Conflict> table = {{"quiet", "verbose"}};
    return table;
}

namespace {

const OptionSpec *findLong(const QString &name)
{
    for (const OptionSpec &o : optionTable())
        if (name == QLatin1String(o.longName))
            return &o;
    return nullptr;
}

const OptionSpec *findShort(char c)
{
    for (const OptionSpec &o : optionTable())
        if (o.shortName && o.shortName == c)
            return &o;
    return nullptr;
}

// An argument as people read it: quoted, since it may hold spaces or be empty.
QString quoted(const QString &s) { return QLatin1Char('"') + s + QLatin1Char('"'); }

} // namespace

CommandLine CommandLine::parse(int argc, char **argv)
{
    CommandLine c;
    auto fail = [&c](const QString &why) {
        if (c.m_error.isEmpty())
            c.m_error = why;
    };
    bool onlyFiles = false;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (onlyFiles || arg.size() < 2 || arg[0] != '-') {
            c.m_positional << arg;
            continue;
        }
        if (arg == "--") {
            onlyFiles = true;
            continue;
        }
        const QString text = QString::fromUtf8(arg);
        const OptionSpec *spec = nullptr;
        QString spelling; // as written, for messages
        QString inlineValue;
        bool hasInline = false;
        if (arg.startsWith("--")) {
            const qsizetype eq = text.indexOf(QLatin1Char('='));
            spelling = eq < 0 ? text : text.left(eq);
            if (eq >= 0) {
                hasInline = true;
                inlineValue = text.mid(eq + 1);
            }
            spec = findLong(spelling.mid(2));
        } else if (arg.size() == 2) {
            spelling = text;
            spec = findShort(arg[1]);
        }
        if (!spec) {
            fail(QStringLiteral("unknown option %1 (see pixelpool --help)").arg(quoted(text)));
            continue;
        }
        const QString key = QLatin1String(spec->longName);
        if (!spec->valueName) {
            if (hasInline)
                fail(QStringLiteral("%1 takes no value").arg(spelling));
            c.m_set.insert(key);
            c.m_spelling.insert(key, spelling);
            continue;
        }
        QString value;
        if (hasInline) {
            value = inlineValue;
        } else if (i + 1 < argc) {
            // Option values that are paths (-o) go through the file name codec, like the inputs.
            value = QFile::decodeName(QByteArray(argv[++i]));
        } else {
            fail(QStringLiteral("%1 needs a value (%2)").arg(spelling, QLatin1String(spec->valueName)));
            continue;
        }
        if (c.m_set.contains(key)) {
            // One value per option: a second one is a mistake to point out, not to choose from.
            fail(QStringLiteral("--%1 is given twice: %2 %3 and %4 %5; give it once")
                     .arg(QLatin1String(spec->longName), c.m_spelling.value(key), quoted(c.m_values.value(key)),
                          spelling, quoted(value)));
            continue;
        }
        c.m_set.insert(key);
        c.m_values.insert(key, value);
        c.m_spelling.insert(key, spelling);
    }
    for (const Conflict &k : conflictTable()) {
        if (c.isSet(k.a) && c.isSet(k.b))
            fail(QStringLiteral("%1 and %2 cannot go together; choose one")
                     .arg(c.m_spelling.value(QLatin1String(k.a)), c.m_spelling.value(QLatin1String(k.b))));
    }
    return c;
}

QString CommandLine::value(const char *longName) const
{
    const auto it = m_values.constFind(QLatin1String(longName));
    if (it != m_values.constEnd())
        return *it;
    const OptionSpec *spec = findLong(QLatin1String(longName));
    return spec && spec->defaultValue ? QString::fromLatin1(spec->defaultValue) : QString();
}

QString helpText()
{
    QStringList lines;
    lines << QStringLiteral("Usage: pixelpool [INPUT...]                   the window, with these files queued")
          << QStringLiteral("       pixelpool --batch [OPTION...] INPUT...  process images and folders, no window")
          << QStringLiteral("       pixelpool --dry-run [OPTION...] INPUT...") << QString()
          << QStringLiteral("PixelPool batch mode: process images and folders with a preset, in a pool "
                            "of worker processes.")
          << QString() << QStringLiteral("Options:");
    QVector<QPair<QString, QString>> rows;
    int width = 0;
    for (const OptionSpec &o : optionTable()) {
        if (o.hidden)
            continue;
        QString left = o.shortName ? QStringLiteral("  -%1, --%2").arg(QChar(o.shortName), QLatin1String(o.longName))
                                   : QStringLiteral("      --%1").arg(QLatin1String(o.longName));
        if (o.valueName)
            left += QLatin1Char(' ') + QLatin1String(o.valueName);
        width = std::max(width, int(left.size()));
        rows.append({left, QString::fromUtf8(o.help)});
    }
    for (const auto &r : rows)
        lines << r.first.leftJustified(width + 2) + r.second;
    lines << QString() << QStringLiteral("Arguments:")
          << QStringLiteral("  INPUT...  Image files and folders; after \"--\", even names that start with \"-\".")
          << QString() << QStringLiteral("Exit codes:")
          << QStringLiteral("  0    every image done (or skipped by policy)")
          << QStringLiteral("  1    some images failed, or an input does not exist")
          << QStringLiteral("  2    nothing was attempted: usage error, preset error, or an unusable output folder")
          << QStringLiteral("  130  cancelled (Ctrl+C, SIGINT or SIGTERM)") << QString()
          << QStringLiteral("NO_COLOR in the environment turns colours off. The full reference: docs/cli.md.");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace pp::cli
