#include "ReportCommand.h"

#include "BatchCommand.h"

#include "Options.h"
#include "Preset.h"
#include "Print.h"
#include "ReportMerge.h"
#include "Shard.h"
#include "Translations.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <vector>

namespace pp::cli {
namespace {

QString usage()
{
    return QCoreApplication::translate("pp::cli::ReportCommand",
                                       "usage: pixelpool report merge [--json] [--] REPORT...") +
           QLatin1Char('\n');
}

// What a shard's command means for its outputs, as `pixelpool --batch` would read it: each option
// by its long name with its value (the default when not given), paths cleaned by their letters as
// keys are ("--output=out/" is "-o out", "./photos" is "photos"), the inputs in order. What differs
// between shards by design (the shard, its report, workers, what is printed) is left out. Empty
// when the command does not parse: then merge compares it as written.
QString commandMeaning(const QJsonArray &command)
{
    QList<QByteArray> args;
    for (const QJsonValue &v : command)
        args << v.toString().toUtf8();
    std::vector<char *> argv;
    for (QByteArray &a : args)
        argv.push_back(a.data());
    if (argv.empty())
        return {};
    const CommandLine c = CommandLine::parse(int(argv.size()), argv.data());
    if (!c.ok())
        return {};
    static const QStringList byDesign{"shard", "shard-count", "report", "workers", "quiet", "verbose", "json"};
    const auto cleaned = [](const QString &path) { return QString::fromUtf8(shardKeyOf(path.toUtf8())); };
    QStringList meant;
    for (const OptionSpec &o : optionTable()) {
        const QString name = QLatin1String(o.longName);
        if (byDesign.contains(name))
            continue;
        if (!o.valueName) {
            if (c.isSet(o.longName))
                meant << name;
            continue;
        }
        QString v = c.value(o.longName);
        if (v.isEmpty())
            continue;
        if (name == QLatin1String("output") || (name == QLatin1String("inputs-from") && v != QLatin1String("-"))) {
            v = cleaned(v);
        } else if (name == QLatin1String("preset") && v.contains(QLatin1Char('/'))) {
            v = cleaned(v); // a file; "./web" stays one, not the preset named web
            if (!v.contains(QLatin1Char('/')))
                v.prepend(QLatin1String("./"));
        } else if (name == QLatin1String("format")) {
            if (const auto f = formatFromName(v)) // jpg, JPEG: jpeg
                v = formatName(*f);
        } else if (bool number = false; v.toInt(&number) >= 0 && number) {
            v = QString::number(v.toInt()); // 085: 85
        }
        meant << name + QLatin1Char('=') + v;
    }
    for (const QByteArray &input : c.positional())
        meant << QStringLiteral("input=") + QString::fromUtf8(shardKeyOf(input));
    return meant.join(QLatin1Char('\n'));
}

// `args`: report merge [--json] REPORT...
int reportCommand(const QStringList &args)
{
    const auto isHelp = [](const QString &a) { return a == QLatin1String("--help") || a == QLatin1String("-h"); };
    if (args.size() >= 2 && isHelp(args[1])) {
        print(stdout, usage());
        return 0;
    }
    if (args.size() < 2 || args[1] != QLatin1String("merge")) {
        print(stderr, usage());
        return 2;
    }
    bool json = false, options = true;
    QStringList files;
    for (const QString &a : args.mid(2)) {
        if (options && a == QLatin1String("--")) {
            options = false;
        } else if (options && a == QLatin1String("--json")) {
            json = true;
        } else if (options && isHelp(a)) {
            print(stdout, usage());
            return 0;
        } else if (options && a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            // Not a report's name: one that starts with '-' comes after "--" (or as ./-name.json).
            print(stderr, QStringLiteral("pixelpool: ") +
                              QCoreApplication::translate(
                                  "pp::cli::ReportCommand",
                                  "unknown option: %1 (a report whose name starts with \"-\" goes after \"--\")")
                                  .arg(visible(a)) +
                              QLatin1Char('\n') + usage());
            return 2;
        } else {
            files << a;
        }
    }
    if (files.isEmpty()) {
        print(stderr, usage());
        return 2;
    }
    QVector<Message> givenTwice; // the same file named twice: read once, said
    files = distinctReports(files, &givenTwice);
    QVector<QJsonObject> reports;
    for (const QString &f : files) {
        QJsonObject r;
        Message error;
        if (!readReport(f, &r, &error)) {
            print(stderr, QStringLiteral("pixelpool: ") + visible(i18n::localText(error)) + QLatin1Char('\n'));
            if (json) // a script reading stdout learns why too
                print(stdout, QString::fromUtf8(QJsonDocument(QJsonObject{{"error", error.english()},
                                                                          {"code", messageIdName(error.id)},
                                                                          {"report", f},
                                                                          {"complete", false}})
                                                    .toJson(QJsonDocument::Compact)) +
                                  QLatin1Char('\n'));
            return 2;
        }
        reports << r;
    }
    MergedReports m = mergeReports(reports, files, commandMeaning);
    m.warnings = givenTwice + m.warnings;
    if (json) {
        print(stdout, QString::fromUtf8(QJsonDocument(mergedToJson(m)).toJson(QJsonDocument::Compact)) + "\n");
    } else {
        for (const Message &line : mergedToLines(m, QLocale()))
            print(stdout, visible(i18n::localText(line)) + QLatin1Char('\n'));
    }
    return m.complete() ? 0 : 1;
}

} // namespace

int runReportCommand(int argc, char **argv)
{
    catchBrokenPipe();
    QCoreApplication app(argc, argv);
    i18n::installTranslations(&app);
    // A merge read by a script (`> merge.json`, `| jq`) that could not be written is said, exit 3:
    // an empty file and exit 0 read as a merge of nothing.
    return finishStandardOutput(reportCommand(app.arguments().mid(1)));
}

} // namespace pp::cli
