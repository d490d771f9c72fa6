#include "ReportCommand.h"

#include "Print.h"
#include "ReportMerge.h"
#include "Translations.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace pp::cli {
namespace {

QString usage()
{
    return QCoreApplication::translate("pp::cli::ReportCommand",
                                       "usage: pixelpool report merge [--json] [--] REPORT...") +
           QLatin1Char('\n');
}

} // namespace

int runReportCommand(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    i18n::installTranslations(&app);
    const QStringList args = app.arguments().mid(1); // report merge [--json] REPORT...
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
    const MergedReports m = mergeReports(reports, files);
    if (json) {
        print(stdout, QString::fromUtf8(QJsonDocument(mergedToJson(m)).toJson(QJsonDocument::Compact)) + "\n");
    } else {
        for (const Message &line : mergedToLines(m, QLocale()))
            print(stdout, visible(i18n::localText(line)) + QLatin1Char('\n'));
    }
    return m.complete() ? 0 : 1;
}

} // namespace pp::cli
