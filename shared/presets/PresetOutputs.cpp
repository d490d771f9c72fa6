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

bool readOutputs(const QJsonValue &value, Preset *p, const QString &baseDir, QString *error)
{
    const QJsonArray list = value.toArray();
    if (!value.isArray() || list.isEmpty() || list.size() > kMaxPresetOutputs) {
        *error = QStringLiteral("\"outputs\" must be a list of 1 to %1 outputs").arg(kMaxPresetOutputs);
        return false;
    }
    for (int i = 0; i < list.size(); ++i) {
        const QString where = QStringLiteral("outputs[%1]").arg(i);
        if (!list[i].isObject()) {
            *error = QStringLiteral("%1 must be an object with a name, steps and output settings").arg(where);
            return false;
        }
        const QJsonObject entry = list[i].toObject();
        for (auto it = entry.begin(); it != entry.end(); ++it) {
            if (it.key() != QLatin1String("name") && it.key() != QLatin1String("steps") &&
                it.key() != QLatin1String("output")) {
                *error = QStringLiteral("%1.%2 is not a known setting").arg(where, it.key());
                return false;
            }
        }
        PresetOutput o;
        o.name = entry.value("name").toString();
        if (!validOutputName(o.name)) {
            *error = QStringLiteral("%1.name must be 1 to 40 letters, digits, - or _").arg(where);
            return false;
        }
        for (int j = 0; j < i; ++j) {
            if (p->outputs[j].name.compare(o.name, Qt::CaseInsensitive) == 0) {
                *error = QStringLiteral("%1.name \"%2\" is already the name of outputs[%3]")
                             .arg(where, o.name, QString::number(j));
                return false;
            }
        }
        if (!entry.contains("steps")) {
            *error =
                QStringLiteral("%1.steps is missing (an empty list if the shared steps are all it needs)").arg(where);
            return false;
        }
        if (!readSteps(entry.value("steps"), where + QStringLiteral(".steps"), baseDir, &o.steps, error))
            return false;
        if (p->steps.size() + o.steps.size() > kMaxSteps) {
            *error = QStringLiteral("%1.steps: with the shared steps, more than %2 operations")
                         .arg(where, QString::number(kMaxSteps));
            return false;
        }
        const QJsonValue outValue = entry.value("output");
        if (!outValue.isUndefined() && !outValue.isObject()) {
            *error = QStringLiteral("%1.output must be an object").arg(where);
            return false;
        }
        const QJsonObject out = outValue.toObject();
        for (const char *wholePreset : {"folder", "damaged"}) {
            if (out.contains(QLatin1String(wholePreset))) {
                *error = QStringLiteral("%1.output.%2 is a setting of the whole preset: set output.%2 instead%3")
                             .arg(where, QLatin1String(wholePreset),
                                  QLatin1String(wholePreset) == QLatin1String("folder")
                                      ? QStringLiteral(" and put a sub-folder in the name template, like "
                                                       "\"thumbnail/{name}.{ext}\"")
                                      : QString());
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
                *error = QStringLiteral("%1.output.nameTemplate makes the same file names as outputs[%2]'s: give each "
                                        "output its own, like \"%3/{name}.{ext}\"")
                             .arg(where, QString::number(j), o.name);
                return false;
            }
        }
        p->outputs.append(o);
    }
    return true;
}

} // namespace pp::presetdetail
