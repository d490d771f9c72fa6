// `pixelpool report merge [--json] REPORT...` (shared/frontend/ReportMerge.h does the merging):
// the account in the user's language on the terminal, stable English with --json.
#pragma once

namespace pp::cli {

// Exit 0 when every input was reported exactly once, 1 when any is missing or twice, 2 for a
// usage error or a file that is not a report. argv[1] is "report".
int runReportCommand(int argc, char **argv);

} // namespace pp::cli
