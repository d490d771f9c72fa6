#pragma once

#include <memory>

namespace pp {
class JobRunner;
struct RunnerSettings;

// Makes the runner for --in-process (jobs in threads of this process). Only pixelpool-in-process,
// which links the worker engine, has one.
using InProcessRunnerFactory = std::unique_ptr<JobRunner> (*)(const RunnerSettings &settings);

// Runs `pixelpool --batch ...` (and --help, --version, --list-presets, --dry-run, and every
// command line that does not parse); returns the process exit code.
int runBatchCommand(int argc, char **argv, InProcessRunnerFactory inProcess = nullptr);
// Whether this command line is for the batch command rather than the window: it asks for
// something that needs no window, or it does not parse (its error is a usage error, exit 2).
bool runsHeadless(int argc, char **argv);
} // namespace pp
