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
// A reader of stdout that went away (`| head -1`) makes writes fail with EPIPE instead of killing
// the process without a word. Called first by each command that prints (batch, report merge).
void catchBrokenPipe();
// Waits for what the command printed to reach standard output, says once on stderr why it could
// not, and returns the exit code: `code`, or 3 when standard output failed (130 after a signal).
int finishStandardOutput(int code);
// Whether this command line is for the batch command rather than the window: it asks for
// something that needs no window, or it does not parse (its error is a usage error, exit 2).
bool runsHeadless(int argc, char **argv);
} // namespace pp
