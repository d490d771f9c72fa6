// pixelpool-in-process: `pixelpool --in-process`, which pixelpool execs (from libexec/pixelpool/
// when installed). The batch command with jobs run in threads of this process, a developer mode
// that measures the process boundary; apart so that pixelpool itself links none of the worker
// engine and the decoders' libraries, which cost a default batch's front end most of its start.
#include "BatchCommand.h"
#include "InProcessRunner.h"
#include "MemoryTuning.h"
#include "cli/StandardStreams.h"

PIXELPOOL_OPEN_CLOSED_STANDARD_STREAMS_FIRST

int main(int argc, char **argv)
{
    pp::cli::openClosedStandardStreams(); // before anything opens a descriptor
    pp::cli::takeHomeFromPasswdWhenUnset();
    // A worker's allocator settings (pixelpool sets the tunable; re-execs only when started directly).
    pp::tuneThisProcessLikeAWorker(argv);
    return pp::runBatchCommand(argc, argv, [](const pp::RunnerSettings &settings) -> std::unique_ptr<pp::JobRunner> {
        return std::make_unique<pp::InProcessRunner>(settings);
    });
}
