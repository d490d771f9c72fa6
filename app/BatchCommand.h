#pragma once

namespace pp {
// Runs `pixelpool --batch ...`; returns the process exit code.
int runBatchCommand(int argc, char **argv);
} // namespace pp
