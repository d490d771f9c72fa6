// `pixelpool --batch --json`: one JSON object per line on stdout, each with "event" and
// "schema_version". resources/schema/batch-events.schema.json describes every event, and
// tests/integration/validate_events.py checks real output against it.
#pragma once

#include "BatchRunner.h"

#include <QJsonObject>
#include <cstdio>

namespace pp::cli {

// Raised when an event changes incompatibly (a field removed or retyped); new optional
// fields leave it as it is.
constexpr int kEventSchemaVersion = 1;

// An image's event (started, finished, skipped, failed, cancelled); progress has none.
QJsonObject imageEvent(const BatchEvent &e);
// An input that is not an image of the batch: a file a folder scan left out, a missing input.
QJsonObject leftOutEvent(const SkippedInput &s);
// What --dry-run would do with one image.
QJsonObject plannedEvent(int index, const QByteArray &input, const PlannedOutput &plan, const QString &decision);
// Nothing can be attempted (the preset does not load, the output folder is unusable, no worker
// starts): said once, in the stable English with the message's code. `presetsNotLoaded`: the
// user's preset files left out (PresetLibrary::problems()), when a preset's name was not found.
QJsonObject errorEvent(const char *code, const Message &message, const QVector<Message> &presetsNotLoaded = {});
QJsonObject summaryEvent(const BatchSummary &s, int leftOut);

// Writes one event as a line, at once (cli/Output.h).
void writeEvent(QJsonObject event);

// "cancelled" for a cancelled image, else the event kind's name.
const char *eventNameOf(const BatchEvent &e);

} // namespace pp::cli
