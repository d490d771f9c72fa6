// `pixelpool --dry-run`: plans every output as a batch would (names, folders, the overwrite
// policy, collisions, sources never replaced) and prints the decisions; no worker starts and
// nothing is created, written or removed.
#pragma once

#include "InputScanner.h"
#include "Preset.h"
#include "TerminalReport.h"

#include <atomic>

namespace pp::cli {

// Plans the inputs at `owned` of `listing` (a shard's share; every one when not sharded). Sharded,
// names are planned over the whole listing, as the shard's batch plans them: {index} is an input's
// place in the listing, and the other shards' inputs before it take their names first. Returns the
// exit code: 0 when every image could be written (or skipped by policy), 1 when some could not.
// `cancel` set (a signal): it stops after the image it is at.
int runDryRun(const Preset &preset, const QString &outputDir, const QVector<InputItem> &listing,
              const QVector<int> &owned, bool sharded, bool json, TerminalReport &report,
              const std::atomic_bool *cancel = nullptr);

} // namespace pp::cli
