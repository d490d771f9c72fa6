// `pixelpool --dry-run`: plans every output as a batch would (names, folders, the overwrite
// policy, collisions, sources never replaced) and prints the decisions; no worker starts and
// nothing is created, written or removed.
#pragma once

#include "InputScanner.h"
#include "Preset.h"
#include "TerminalReport.h"

#include <atomic>

namespace pp::cli {

// Returns the exit code: 0 when every image could be written (or skipped by policy), 1 when
// some could not. `cancel` set (a signal): it stops after the image it is at.
int runDryRun(const Preset &preset, const QString &outputDir, const QVector<InputItem> &items, bool sharded, bool json,
              TerminalReport &report, const std::atomic_bool *cancel = nullptr);

} // namespace pp::cli
