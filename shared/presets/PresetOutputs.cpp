#include "PresetReading.h"

#include <QJsonArray>

namespace pp::presetdetail {
namespace {

// 1 to 40 characters (code points, as every text limit of a preset counts), each a letter, a
// digit, - or _: a letter outside the Basic Multilingual Plane is one letter, not two halves.
bool validOutputName(const QString &name)
{
    const QList<uint> characters = name.toUcs4();
    if (characters.isEmpty() || characters.size() > 40)
        return false;
    for (const uint c : characters)
        if (!(QChar::isLetterOrNumber(char32_t(c)) || c == '-' || c == '_'))
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
                *error = withSuggestion({MessageId::UnknownSetting, {where + QLatin1Char('.') + it.key()}}, it.key(),
                                        {QStringLiteral("name"), QStringLiteral("steps"), QStringLiteral("output")});
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
        o.ownSettings = out.keys();
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

QJsonObject ownOutputJson(const PresetOutput &o, const OutputSettings &shared)
{
    const QJsonObject mine = outputJson(o.output), theirs = outputJson(shared);
    // The older "webpLossless" asks for lossless WebP only (OutputSettings::setFormat): kept as it
    // was said, so that lossless follows the format the output is written in.
    const bool webpOnly =
        o.ownSettings.contains(QLatin1String("webpLossless")) && !o.ownSettings.contains(QLatin1String("lossless"));
    QJsonObject own;
    for (auto it = mine.begin(); it != mine.end(); ++it) {
        if (webpOnly && it.key() == QLatin1String("lossless"))
            continue;
        if (o.ownSettings.contains(it.key()) || theirs.value(it.key()) != *it)
            own.insert(it.key(), *it);
    }
    if (webpOnly)
        own.insert(QStringLiteral("webpLossless"), o.output.losslessWebpOnly);
    own.remove(QStringLiteral("folder")); // the whole preset's (Preset.h)
    own.remove(QStringLiteral("damaged"));
    return own;
}

} // namespace pp::presetdetail

namespace pp {

void Preset::setSharedOutput(const OutputSettings &shared)
{
    for (PresetOutput &o : outputs) {
        const QJsonObject own = presetdetail::ownOutputJson(o, output);
        OutputSettings settings = shared;
        Message error;
        // Its own settings are values it was read with, or given since: read again over `shared`,
        // they are taken whatever readOutput() then says of the whole (an editor's name template
        // being typed may not be valid yet; the preset is checked again when it is used).
        presetdetail::readOutput(own, o.name, &settings, &error);
        o.output = settings;
        o.ownSettings = own.keys();
    }
    output = shared;
}

} // namespace pp
