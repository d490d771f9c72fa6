#include "PresetReading.h"

#include <QJsonArray>

namespace pp::presetdetail {
namespace {

bool validOutputName(const QString &name)
{
    if (name.isEmpty() || name.size() > 40)
        return false;
    for (const QChar c : name)
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')))
            return false;
    return true;
}

} // namespace

bool readOutputs(const QJsonValue &value, Preset *p, const QString &baseDir, Message *error)
{
    const QJsonArray list = value.toArray();
    if (!value.isArray() || list.isEmpty() || list.size() > kMaxPresetOutputs) {
        *error = {MessageId::OutputsNotAList, {QString::number(kMaxPresetOutputs)}};
        return false;
    }
    for (int i = 0; i < list.size(); ++i) {
        const QString where = QStringLiteral("outputs[%1]").arg(i);
        if (!list[i].isObject()) {
            *error = {MessageId::OutputNotAnObject, {where}};
            return false;
        }
        const QJsonObject entry = list[i].toObject();
        for (auto it = entry.begin(); it != entry.end(); ++it) {
            if (it.key() != QLatin1String("name") && it.key() != QLatin1String("steps") &&
                it.key() != QLatin1String("output")) {
                *error = {MessageId::UnknownSetting, {where + QLatin1Char('.') + it.key()}};
                return false;
            }
        }
        PresetOutput o;
        o.name = entry.value("name").toString();
        if (!validOutputName(o.name)) {
            *error = {MessageId::OutputBadName, {where}};
            return false;
        }
        for (int j = 0; j < i; ++j) {
            if (p->outputs[j].name.compare(o.name, Qt::CaseInsensitive) == 0) {
                *error = {MessageId::OutputNameTaken, {where, o.name, QString::number(j)}};
                return false;
            }
        }
        if (!entry.contains("steps")) {
            *error = {MessageId::OutputStepsMissing, {where}};
            return false;
        }
        if (!readSteps(entry.value("steps"), where + QStringLiteral(".steps"), baseDir, &o.steps, error))
            return false;
        if (p->steps.size() + o.steps.size() > kMaxSteps) {
            *error = {MessageId::OutputTooManySteps, {where, QString::number(kMaxSteps)}};
            return false;
        }
        const QJsonValue outValue = entry.value("output");
        if (!outValue.isUndefined() && !outValue.isObject()) {
            *error = {MessageId::MustBeObject, {where + QStringLiteral(".output")}};
            return false;
        }
        const QJsonObject out = outValue.toObject();
        for (const char *wholePreset : {"folder", "damaged"}) {
            if (out.contains(QLatin1String(wholePreset))) {
                const QString setting = QLatin1String(wholePreset);
                if (setting == QLatin1String("folder"))
                    *error = Message(MessageId::OutputWholePresetFolder, {where});
                else
                    *error = Message(MessageId::OutputWholePresetSetting, {where, setting});
                return false;
            }
        }
        o.output = p->output; // what the entry does not set
        if (!readOutput(out, where + QStringLiteral(".output"), &o.output, error))
            return false;
        for (int j = 0; j < i; ++j) {
            const OutputSettings &a = p->outputs[j].output, &b = o.output;
            // The same template makes the same names, unless {ext} tells two formats apart.
            if (a.nameTemplate == b.nameTemplate && (!a.nameTemplate.contains(QLatin1String("{ext}")) ||
                                                     formatExtension(a.format) == formatExtension(b.format))) {
                *error = {MessageId::OutputSameNames, {where, QString::number(j), o.name}};
                return false;
            }
        }
        p->outputs.append(o);
    }
    return true;
}

} // namespace pp::presetdetail
