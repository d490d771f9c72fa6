// What Preset.cpp and PresetOutputs.cpp share of reading a preset file: the readers of a list
// of steps and of an output settings object, whose errors name the JSON path they are given.
#pragma once

#include "Preset.h"

namespace pp::presetdetail {

constexpr int kMaxSteps = 64; // in `steps`, and in `steps` with one output's own

// `where` names the list in errors: "steps", "outputs[1].steps".
bool readSteps(const QJsonValue &steps, const QString &where, const QString &baseDir, QVector<QJsonObject> *out,
               Message *error);
// Reads an output settings object over *settings (the defaults, or the preset's `output` for an
// entry of `outputs`); `where` names it in errors: "output", "outputs[1].output".
bool readOutput(const QJsonObject &out, const QString &where, OutputSettings *settings, Message *error);
// Every setting, as a preset file writes it.
QJsonObject outputJson(const OutputSettings &o);
// The settings an entry of `outputs` gives itself, as its file writes them: those it was read with
// (PresetOutput::ownSettings), and any set since to another value than the preset's `shared`
// output's (--format on every output). Reading them over `shared` gives its settings back.
QJsonObject ownOutputJson(const PresetOutput &o, const OutputSettings &shared);
// A preset's `outputs` (Preset.h), after its steps and output have been read into *p.
bool readOutputs(const QJsonValue &value, Preset *p, const QString &baseDir, Message *error);
// What QJsonDocument lets through in a preset file's text (valid JSON to it): a key given twice in
// one object, of which it keeps the last without a word, and a control character written as it is
// inside a string, which JSON does not allow. The error, starting with `path`; empty when neither.
Message checkJsonText(const QByteArray &text, const QString &path);

} // namespace pp::presetdetail
