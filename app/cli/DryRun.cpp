#include "DryRun.h"

#include "JsonEvents.h"
#include "Print.h"
#include "OutputPlanner.h"
#include "Translations.h"

#include <QCoreApplication>
#include <cstdio>
#include <sys/stat.h>

namespace pp::cli {
namespace {

bool exists(const QByteArray &path)
{
    struct stat st;
    return ::lstat(path.constData(), &st) == 0;
}

} // namespace

int runDryRun(const Preset &preset, const QString &outputDir, const QVector<InputItem> &listing,
              const QVector<int> &owned, bool sharded, bool json, TerminalReport &report,
              const std::atomic_bool *cancel)
{
    OutputPlanner planner(preset, outputDir, QByteArrayLiteral("pixelpool-dry-run"), OutputPlanner::Mode::LookOnly);
    planner.setSources(sourceFilesOf(listing));
    planner.setShard(sharded); // as the shard's batch does
    QMap<QString, int> counts;
    // A preset with `outputs`: one decision per output of each image, each named.
    const QVector<PresetOutput> targets = preset.targets();
    int nextToReserve = 0;
    for (int i = 0; i < owned.size() && !(cancel && cancel->load()); ++i) {
        const int position = owned[i];
        const InputItem &item = listing[position];
        if (sharded) { // the other shards' inputs before this one take their names first (BatchRunner)
            for (; nextToReserve < position; ++nextToReserve)
                planner.reserve(listing[nextToReserve], nextToReserve + 1);
            nextToReserve = position + 1;
            if (!item.problem.isEmpty())
                planner.reserve(item, position + 1);
        }
        for (int k = 0; k < targets.size(); ++k) {
            const QString name = targets[k].name;
            PlannedOutput plan;
            QString decision;
            if (!item.problem.isEmpty()) {
                plan.error = item.problem;
                plan.code = proto::FailureCode::CannotRead;
                decision = QStringLiteral("fail");
            } else {
                plan = planner.plan(item, position + 1, quint64(i) + 1, {}, k);
                if (!plan.error.isEmpty()) {
                    decision = QStringLiteral("fail");
                } else if (plan.skipExisting) {
                    decision = QStringLiteral("skip");
                } else if (plan.renamed) { // the planner took the first free numbered name, as the commit will
                    decision = QStringLiteral("rename");
                } else if (plan.late || !exists(plan.pattern)) {
                    decision = QStringLiteral("write"); // a {width}… name is completed once the image is made
                } else {
                    decision = QStringLiteral("replace");
                }
            }
            ++counts[decision];
            if (json) {
                QJsonObject event = plannedEvent(i, item.path, plan, decision);
                if (!name.isEmpty())
                    event.insert("output_name", name);
                writeEvent(event);
                continue;
            }
            const QString in =
                displayPath(item.path) + (name.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(name));
            const bool fails = decision == QLatin1String("fail");
            QString line =
                fails ? QStringLiteral("%1 %2: %3").arg(decision.leftJustified(7), in, i18n::localText(plan.error))
                      : QStringLiteral("%1 %2 -> %3").arg(decision.leftJustified(7), in, displayPath(plan.shown()));
            if (!fails && plan.shortened) // the name the output gets, and why it is not the template's
                line += QStringLiteral(" (%1)").arg(
                    i18n::localText(Message(MessageId::OutputNameShortened, {QString::number(kMaxNameBytes)})));
            if (!fails && !plan.replaced.isEmpty())
                line += QStringLiteral(" (%1)").arg(
                    i18n::localText(Message(MessageId::OutputNameCharactersReplaced, {charactersText(plan.replaced)})));
            print(stdout, visible(line) + QLatin1Char('\n'));
        }
    }
    QStringList parts;
    // The decisions on stdout are keywords (write, skip...) for scripts; this count is for people.
    const std::pair<const char *, const char *> words[] = {
        {"write", QT_TRANSLATE_NOOP("pp::cli::DryRun", "%1 to write")},
        {"replace", QT_TRANSLATE_NOOP("pp::cli::DryRun", "%1 to replace")},
        {"rename", QT_TRANSLATE_NOOP("pp::cli::DryRun", "%1 to rename")},
        {"skip", QT_TRANSLATE_NOOP("pp::cli::DryRun", "%1 to skip")},
        {"fail", QT_TRANSLATE_NOOP("pp::cli::DryRun", "%1 would fail")}};
    auto tr = [](const char *text) { return QCoreApplication::translate("pp::cli::DryRun", text); };
    for (const auto &[decision, label] : words)
        if (counts.value(QLatin1String(decision)) > 0)
            parts << tr(label).arg(QString::number(counts.value(QLatin1String(decision))));
    const QString images =
        owned.size() == 1
            ? QCoreApplication::translate("pp::cli::DryRun", "1 image")
            : QCoreApplication::translate("pp::cli::DryRun", "%1 images").arg(QString::number(owned.size()));
    // A shard that owns nothing: no decision to count ("0 images", not "0 images: ").
    report.note(parts.isEmpty()
                    ? QCoreApplication::translate("pp::cli::DryRun", "dry run, nothing written: %1").arg(images)
                    : QCoreApplication::translate("pp::cli::DryRun", "dry run, nothing written: %1: %2")
                          .arg(images, parts.join(QStringLiteral(", "))));
    return counts.value(QStringLiteral("fail")) > 0 ? 1 : 0;
}

} // namespace pp::cli
