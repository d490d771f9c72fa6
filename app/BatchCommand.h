#pragma once

namespace pp {
// Runs `pixelpool --batch ...` (and --help, --version, --list-presets, --dry-run, and every
// command line that does not parse); returns the process exit code.
int runBatchCommand(int argc, char **argv);
// Whether this command line is for the batch command rather than the window: it asks for
// something that needs no window, or it does not parse (its error is a usage error, exit 2).
bool runsHeadless(int argc, char **argv);
} // namespace pp
