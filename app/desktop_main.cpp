// pixelpool-desktop: the desktop window. Started by `pixelpool` (app/main.cpp) when there is a
// display and no headless option; it takes the same arguments (files and folders to queue, after
// `--` even names that start with '-'). `pixelpool` refuses options before it starts the window;
// this executable refuses them too when started by itself.
#include "GuiMain.h"
#include "cli/Options.h"
#include "cli/StandardStreams.h"

PIXELPOOL_OPEN_CLOSED_STANDARD_STREAMS_FIRST

int main(int argc, char **argv)
{
    pp::cli::openClosedStandardStreams(); // before anything opens a descriptor
    pp::cli::takeHomeFromPasswdWhenUnset();
    return pp::gui::runGui(argv[0], [argc, argv] {
        const pp::cli::CommandLine commandLine = pp::cli::CommandLine::parse(argc, argv);
        return pp::gui::GuiArguments{commandLine.positional(),
                                     commandLine.ok() ? pp::cli::windowUsageError(commandLine) : commandLine.error()};
    });
}
