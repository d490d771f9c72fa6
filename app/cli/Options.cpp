#include "Options.h"

#include "Message.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringDecoder>
#include <QStringList>
#include <cstring>

namespace pp::cli {

const QVector<OptionSpec> &optionTable()
{
    // Value names in capitals; defaults here are the ones --help shows and value() returns.
    static const QVector<OptionSpec> table = {
        {"batch", 0, nullptr, QT_TRANSLATE_NOOP("pp::cli::Options", "Run without a window (this mode).")},
        {"preset", 'p', QT_TRANSLATE_NOOP("pp::cli::Options", "NAME|FILE"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "Preset name or .json file (default: web)."), "web"},
        {"output", 'o', QT_TRANSLATE_NOOP("pp::cli::Options", "DIR"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "Output folder (default: the preset's, else ./pixelpool-output).")},
        {"workers", 'w', QT_TRANSLATE_NOOP("pp::cli::Options", "N"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "Worker processes (default 0: one per core)."), "0"},
        {"recursive", 'r', nullptr, QT_TRANSLATE_NOOP("pp::cli::Options", "Include sub-folders of folder inputs.")},
        {"follow-links", 0, nullptr,
         QT_TRANSLATE_NOOP("pp::cli::Options",
                           "Also take the images that symbolic links inside folder inputs lead to outside those "
                           "folders (left out by default: a folder from elsewhere may link to your private files).")},
        {"dry-run", 'n', nullptr,
         QT_TRANSLATE_NOOP("pp::cli::Options",
                           "Print what would be written where, and whether it would replace, skip or rename; "
                           "start no worker and write nothing.")},
        {"json", 0, nullptr,
         //: %1: the path of cli.md (/usr/share/doc/pixelpool/cli.md.gz, or docs/cli.md in the source)
         QT_TRANSLATE_NOOP("pp::cli::Options", "Print one JSON object per event on stdout (%1)."), nullptr, false,
         "cli.md"},
        {"quiet", 'q', nullptr,
         QT_TRANSLATE_NOOP("pp::cli::Options", "Print only failed images and errors on stderr.")},
        {"verbose", 0, nullptr,
         QT_TRANSLATE_NOOP("pp::cli::Options",
                           "Also print every finished image, each image's start with its worker, every file a "
                           "scan left out, and whether the workers run in a sandbox.")},
        {"format", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "FORMAT"),
         QT_TRANSLATE_NOOP("pp::cli::Options",
                           "Override the output format (jpeg, png, webp, tiff, bmp, jxl, avif, keep).")},
        {"quality", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "Q"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "Override the JPEG/WebP/JPEG XL/AVIF quality (1-100).")},
        {"overwrite", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "POLICY"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "Override the overwrite policy (skip, rename, overwrite).")},
        {"metadata", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "POLICY"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "Override what metadata outputs keep (keep, strip-location, strip).")},
        {"colour", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "POLICY"),
         QT_TRANSLATE_NOOP("pp::cli::Options",
                           "Override the colour handling (keep: the source's profile; srgb: convert to sRGB).")},
        {"max-tasks-per-worker", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "N"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "Replace a worker after this many images (0: never)."), "0"},
        {"timeout", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "S"),
         QT_TRANSLATE_NOOP("pp::cli::Options",
                           "Give up on an image after this many seconds (retried once; default 300)."),
         "300"},
        {"max-megapixels", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "MP"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "Refuse images larger than this, before decoding (default 200)."),
         "200"},
        {"shard", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "K/N|auto"),
         QT_TRANSLATE_NOOP("pp::cli::Options",
                           "Run only shard K of N of the inputs (K/N), or take K and N from the scheduler (auto: Slurm "
                           "array, Kubernetes Indexed Job, GNU parallel). See %1."),
         nullptr, false, "scale-out.md"},
        {"shard-count", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "N"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "The number of shards for --shard auto (else PIXELPOOL_SHARD_COUNT).")},
        {"inputs-from", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "FILE"),
         QT_TRANSLATE_NOOP("pp::cli::Options", "Read inputs from a file, one path a line (- for stdin).")},
        {"null", 0, nullptr,
         QT_TRANSLATE_NOOP("pp::cli::Options", "--inputs-from is separated by NUL bytes (find -print0).")},
        {"report", 0, QT_TRANSLATE_NOOP("pp::cli::Options", "FILE"),
         QT_TRANSLATE_NOOP(
             "pp::cli::Options",
             "Write a JSON report of this run (shard, command, every input's outcome) to a file, updated while "
             "it runs.")},
        {"list-presets", 0, nullptr, QT_TRANSLATE_NOOP("pp::cli::Options", "List the available presets and exit.")},
        {"help", 'h', nullptr, QT_TRANSLATE_NOOP("pp::cli::Options", "Show this help and exit.")},
        {"version", 'v', nullptr, QT_TRANSLATE_NOOP("pp::cli::Options", "Show the version and exit.")},
        {"in-process", 0, nullptr,
         QT_TRANSLATE_NOOP("pp::cli::Options", "Developer option: run jobs on threads of this process, no workers."),
         nullptr, true},
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
        const OptionSpec *spec = nullptr;
        QString spelling; // as written, for messages
        QByteArray inlineValue;
        bool hasInline = false;
        if (arg.startsWith("--")) {
            // The value after '=' is taken as bytes, as one given apart is: a path need not be UTF-8.
            const qsizetype eq = arg.indexOf('=');
            spelling = QString::fromUtf8(eq < 0 ? arg : arg.left(eq));
            if (eq >= 0) {
                hasInline = true;
                inlineValue = arg.mid(eq + 1);
            }
            spec = findLong(spelling.mid(2));
        } else if (arg.size() == 2) {
            spelling = QString::fromUtf8(arg);
            spec = findShort(arg[1]);
        }
        if (!spec) {
            // Quoted, since it may hold spaces or be empty: in the template, so that a translation
            // uses its language's quotation marks.
            fail(fillTemplate(
                QCoreApplication::translate("pp::cli::Options", "unknown option \"%1\" (see pixelpool --help)"),
                {bytesShown(arg)}));
            continue;
        }
        const QString key = QLatin1String(spec->longName);
        if (!spec->valueName) {
            if (hasInline)
                fail(QCoreApplication::translate("pp::cli::Options", "%1 takes no value").arg(spelling));
            c.m_set.insert(key);
            c.m_spelling.insert(key, spelling);
            c.m_given << spelling;
            continue;
        }
        QByteArray value;
        if (hasInline) {
            value = inlineValue;
        } else if (i + 1 < argc) {
            value = QByteArray(argv[++i]); // bytes, as the inputs: bytes() gives a path as it was given
        } else {
            fail(QCoreApplication::translate("pp::cli::Options", "%1 needs a value (%2)")
                     .arg(spelling, QCoreApplication::translate("pp::cli::Options", spec->valueName)));
            continue;
        }
        if (value.isEmpty()) { // -o "$UNSET": not the current folder, nor no report
            fail(QCoreApplication::translate("pp::cli::Options", "%1 needs a value (%2)")
                     .arg(spelling, QCoreApplication::translate("pp::cli::Options", spec->valueName)));
            continue;
        }
        if (c.m_set.contains(key)) {
            // One value per option: a second one is a mistake to point out, not to choose from.
            fail(fillTemplate(QCoreApplication::translate("pp::cli::Options",
                                                          "--%1 is given twice: %2 \"%3\" and %4 \"%5\"; give it once"),
                              {QLatin1String(spec->longName), c.m_spelling.value(key),
                               bytesShown(c.m_values.value(key)), spelling, bytesShown(value)}));
            continue;
        }
        c.m_set.insert(key);
        c.m_values.insert(key, value);
        c.m_spelling.insert(key, spelling);
        c.m_given << spelling;
    }
    for (const Conflict &k : conflictTable()) {
        if (c.isSet(k.a) && c.isSet(k.b))
            fail(QCoreApplication::translate("pp::cli::Options", "%1 and %2 cannot go together; choose one")
                     .arg(c.m_spelling.value(QLatin1String(k.a)), c.m_spelling.value(QLatin1String(k.b))));
    }
    return c;
}

namespace {
// UTF-8 as text, byte for byte where it is UTF-8. Not QString::fromUtf8(), which drops a byte-order
// mark at the start: "-o $'\uFEFFout'" would have been the folder "out". Stateless: a lead byte at
// the end becomes U+FFFD, not one left waiting for the rest.
QString utf8Text(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringConverter::Flag::ConvertInitialBom | QStringConverter::Flag::Stateless);
    return decoder(bytes);
}
} // namespace

QString CommandLine::value(const char *longName) const { return utf8Text(bytes(longName)); }

QByteArray CommandLine::bytes(const char *longName) const
{
    const auto it = m_values.constFind(QLatin1String(longName));
    if (it != m_values.constEnd())
        return *it;
    const OptionSpec *spec = findLong(QLatin1String(longName));
    return spec && spec->defaultValue ? QByteArray(spec->defaultValue) : QByteArray();
}

qsizetype firstByteNotUtf8(const QByteArray &bytes)
{
    const auto *s = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const uchar lead = s[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        // The length a lead byte starts, and the range its second byte must be in: the ones that
        // leave out overlong forms (E0, F0), surrogates (ED) and what is past U+10FFFF (F4).
        int length = 0;
        uchar low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF)
            length = 2;
        else if (lead >= 0xE0 && lead <= 0xEF)
            length = 3, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
        else if (lead >= 0xF0 && lead <= 0xF4)
            length = 4, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
        if (length == 0 || i + length > n || s[i + 1] < low || s[i + 1] > high)
            return i;
        for (int k = 2; k < length; ++k)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += length;
    }
    return -1;
}

QString bytesShown(const QByteArray &bytes)
{
    QString shown;
    for (QByteArray rest = bytes; !rest.isEmpty();) {
        const qsizetype bad = firstByteNotUtf8(rest);
        if (bad < 0) {
            shown += utf8Text(rest);
            break;
        }
        shown += utf8Text(rest.left(bad)) + QStringLiteral("\\x") +
                 QString::number(uchar(rest[bad]), 16).toUpper().rightJustified(2, QLatin1Char('0'));
        rest = rest.mid(bad + 1);
    }
    return shown;
}

QString windowUsageError(const CommandLine &commandLine)
{
    if (commandLine.given().isEmpty())
        return {};
    return fillTemplate(
        QCoreApplication::translate("pp::cli::Options",
                                    "%1: only with --batch or --dry-run; the window takes files and folders, no "
                                    "options (a name that starts with \"-\" goes after \"--\"; see pixelpool --help)"),
        {commandLine.given().join(QLatin1String(", "))});
}

QString docPath(const char *name)
{
#if defined(PIXELPOOL_BIN_TO_DOCDIR) && defined(PIXELPOOL_LIBEXEC_TO_DOCDIR)
    // From bin/pixelpool, or from libexec/pixelpool/pixelpool-in-process (--in-process --help); the
    // relative paths are cmake/Packaging.cmake's, so a moved installed tree still finds its documents.
    // Installed, a document over 4 kB is NAME.gz (cmake/CompressDocs.cmake, as Debian compresses).
    const QString here = QCoreApplication::applicationDirPath();
    for (const char *relative : {PIXELPOOL_BIN_TO_DOCDIR, PIXELPOOL_LIBEXEC_TO_DOCDIR}) {
        const QString path =
            QDir::cleanPath(here + QLatin1Char('/') + QLatin1String(relative) + QLatin1Char('/') + QLatin1String(name));
        for (const QString &installed : {path + QLatin1String(".gz"), path})
            if (QFileInfo::exists(installed))
                return installed;
    }
#endif
    return QStringLiteral("docs/") + QLatin1String(name);
}

namespace {
// A text of the help in the user's language (each one marked for lupdate where it is written).
QString text(const char *english) { return QCoreApplication::translate("pp::cli::Options", english); }
} // namespace

QString helpText()
{
    // Commands and options are typed as they are; only what describes them is translated.
    const QString input = text(QT_TRANSLATE_NOOP("pp::cli::Options", "INPUT...")),
                  option = text(QT_TRANSLATE_NOOP("pp::cli::Options", "OPTION...")),
                  report = text(QT_TRANSLATE_NOOP("pp::cli::Options", "REPORT..."));
    const QVector<QPair<QString, QString>> usage = {
        {QStringLiteral("pixelpool [%1]").arg(input),
         text(QT_TRANSLATE_NOOP("pp::cli::Options", "the window, with these files queued"))},
        {QStringLiteral("pixelpool --batch [%1] %2").arg(option, input),
         text(QT_TRANSLATE_NOOP("pp::cli::Options", "process images and folders, no window"))},
        {QStringLiteral("pixelpool --dry-run [%1] %2").arg(option, input), QString()},
        {QStringLiteral("pixelpool report merge [--json] [--] %1").arg(report),
         text(QT_TRANSLATE_NOOP("pp::cli::Options", "join the reports of a batch's shards (--shard, --report)"))},
    };
    int usageWidth = 0;
    for (const auto &u : usage)
        usageWidth = std::max(usageWidth, int(u.first.size()));
    QStringList lines;
    const QString usageLabel = text(QT_TRANSLATE_NOOP("pp::cli::Options", "Usage:")) + QLatin1Char(' ');
    for (int i = 0; i < usage.size(); ++i) {
        const QString head = i == 0 ? usageLabel : QString(usageLabel.size(), QLatin1Char(' '));
        lines << (usage[i].second.isEmpty() ? head + usage[i].first
                                            : head + usage[i].first.leftJustified(usageWidth + 2) + usage[i].second);
    }
    lines << QString()
          << text(QT_TRANSLATE_NOOP("pp::cli::Options", "PixelPool batch mode: process images and folders with a "
                                                        "preset, in a pool of worker processes."))
          << QString() << text(QT_TRANSLATE_NOOP("pp::cli::Options", "Options:"));
    QVector<QPair<QString, QString>> rows;
    int width = 0;
    for (const OptionSpec &o : optionTable()) {
        if (o.hidden)
            continue;
        QString left = o.shortName ? QStringLiteral("  -%1, --%2").arg(QChar(o.shortName), QLatin1String(o.longName))
                                   : QStringLiteral("      --%1").arg(QLatin1String(o.longName));
        if (o.valueName)
            left += QLatin1Char(' ') + text(o.valueName);
        width = std::max(width, int(left.size()));
        rows.append({left, o.doc ? fillTemplate(text(o.help), {docPath(o.doc)}) : text(o.help)});
    }
    for (const auto &r : rows)
        lines << r.first.leftJustified(width + 2) + r.second;
    lines << QString() << text(QT_TRANSLATE_NOOP("pp::cli::Options", "Arguments:"))
          << QStringLiteral("  %1  ").arg(input) +
                 text(QT_TRANSLATE_NOOP("pp::cli::Options",
                                        "Image files and folders; after \"--\", even names that start with \"-\"."))
          << QString() << text(QT_TRANSLATE_NOOP("pp::cli::Options", "Exit codes:"))
          << QStringLiteral("  0    ") +
                 text(QT_TRANSLATE_NOOP("pp::cli::Options", "every image done (or skipped by policy)"))
          << QStringLiteral("  1    ") +
                 text(QT_TRANSLATE_NOOP("pp::cli::Options",
                                        "some images failed, an input does not exist, or no input is an image"))
          << QStringLiteral("  2    ") +
                 text(QT_TRANSLATE_NOOP(
                     "pp::cli::Options",
                     "nothing was attempted: usage error, preset error, or an unusable output folder"))
          << QStringLiteral("  3    ") +
                 text(QT_TRANSLATE_NOOP("pp::cli::Options", "what was done could not be recorded: the report "
                                                            "(--report) at the end, or standard output"))
          << QStringLiteral("  130  ") +
                 text(QT_TRANSLATE_NOOP("pp::cli::Options", "cancelled (Ctrl+C, SIGINT, SIGTERM or SIGHUP)"))
          << QString()
          << fillTemplate(
                 text(QT_TRANSLATE_NOOP("pp::cli::Options",
                                        "NO_COLOR in the environment turns colours off. The full reference: %1.")),
                 {docPath("cli.md")});
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace pp::cli
