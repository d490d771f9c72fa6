#include "JsonEvents.h"
#include "Print.h"
#include "ShardReport.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pp::cli {

const char *eventNameOf(const BatchEvent &e) { return isCancelled(e) ? "cancelled" : eventName(e.kind); }

QJsonObject imageEvent(const BatchEvent &e)
{
    QJsonObject o{{"event", eventNameOf(e)}, {"index", e.index}};
    putReportPath(&o, QStringLiteral("input"), e.input); // with input_base64 for a name that is not UTF-8
    switch (e.kind) {
    case BatchEvent::Kind::Started:
        o.insert("worker", e.worker);
        o.insert("pid", e.pid);
        break;
    case BatchEvent::Kind::Progress:
        o.insert("step", e.step);
        o.insert("steps", e.steps);
        break;
    case BatchEvent::Kind::Finished:
        putReportPath(&o, QStringLiteral("output"), e.output);
        o.insert("width", e.width);
        o.insert("height", e.height);
        o.insert("source_width", e.sourceWidth);
        o.insert("source_height", e.sourceHeight);
        o.insert("bytes", e.bytes);
        o.insert("ms", e.ms);
        if (!e.reason.isEmpty())
            o.insert("warning", e.reason.english());
        if (!e.outputs.isEmpty())
            o.insert("outputs", batchOutputsJson(e.outputs));
        if (e.nameShortened)
            o.insert("name_shortened", true);
        if (!e.nameReplaced.isEmpty())
            o.insert("name_characters_replaced", QString::fromLatin1(e.nameReplaced));
        if (e.nameTaken)
            o.insert("name_taken", true);
        break;
    case BatchEvent::Kind::Skipped:
        o.insert("reason", e.reason.english());
        o.insert("code", proto::failureCodeName(e.code));
        if (!e.output.isEmpty())
            putReportPath(&o, QStringLiteral("output"), e.output);
        if (!e.outputs.isEmpty())
            o.insert("outputs", batchOutputsJson(e.outputs));
        if (e.nameShortened)
            o.insert("name_shortened", true);
        if (!e.nameReplaced.isEmpty())
            o.insert("name_characters_replaced", QString::fromLatin1(e.nameReplaced));
        break;
    case BatchEvent::Kind::Failed:
        o.insert("reason", e.reason.english());
        o.insert("code", proto::failureCodeName(e.code));
        if (!isCancelled(e))
            o.insert("attempts", e.attempts);
        if (!e.inputFolderGone.isEmpty())
            putReportPath(&o, QStringLiteral("input_folder_gone"), e.inputFolderGone);
        break;
    }
    return o;
}

QJsonObject leftOutEvent(const SkippedInput &s)
{
    QJsonObject o{{"event", "left-out"}, {"reason", s.reason.english()}, {"code", leftOutCodeName(s.code)}};
    putReportPath(&o, QStringLiteral("input"), s.path);
    if (!s.within.isEmpty())
        putReportPath(&o, QStringLiteral("inside"), s.within);
    return o;
}

QJsonObject plannedEvent(int index, const QByteArray &input, const PlannedOutput &plan, const QString &decision)
{
    QJsonObject o{{"event", "planned"}, {"index", index}, {"decision", decision}};
    putReportPath(&o, QStringLiteral("input"), input);
    if (!plan.pattern.isEmpty())
        putReportPath(&o, QStringLiteral("output"), plan.shown());
    if (!plan.pattern.isEmpty() && plan.shortened)
        o.insert("name_shortened", true);
    if (!plan.pattern.isEmpty() && !plan.replaced.isEmpty())
        o.insert("name_characters_replaced", QString::fromLatin1(plan.replaced));
    if (!plan.error.isEmpty()) {
        o.insert("reason", plan.error.english());
        o.insert("code", proto::failureCodeName(plan.code));
    }
    return o;
}

namespace {

// "at" only says where (a file, a field), "with --format png" with what: the code is what went
// wrong there.
QLatin1String codeOf(const Message &message)
{
    const Message *what = &message;
    while (
        (what->id == MessageId::At || what->id == MessageId::PresetWithOptions || what->id == MessageId::DidYouMean) &&
        !what->causes.empty())
        what = &what->causes.back();
    return QLatin1String(messageIdName(what->id));
}

} // namespace

QJsonObject errorEvent(const char *code, const Message &message, const QVector<Message> &presetsNotLoaded)
{
    QJsonObject o{
        {"event", "error"}, {"code", code}, {"message", message.english()}, {"message_code", codeOf(message)}};
    if (!presetsNotLoaded.isEmpty()) {
        QJsonArray files;
        for (const Message &m : presetsNotLoaded) // each message's first argument is its file
            files.append(QJsonObject{{"file", m.args.value(0)}, {"message", m.english()}, {"message_code", codeOf(m)}});
        o.insert("presets_not_loaded", files);
    }
    return o;
}

QJsonObject summaryEvent(const BatchSummary &s, int leftOut)
{
    return {{"event", "summary"},
            {"total", s.total},
            {"done", s.done},
            {"failed", s.failed},
            {"skipped", s.skipped},
            {"cancelled", s.cancelledItems},
            {"left_out", leftOut},
            {"seconds", s.seconds},
            {"workers", s.workers},
            {"workers_replaced", s.workersReplaced},
            {"interrupted", s.cancelled}};
}

void writeEvent(QJsonObject event)
{
    event.insert("schema_version", kEventSchemaVersion);
    writeOut(stdout, QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n');
}

} // namespace pp::cli
