// pixelpool-desktop: the desktop window. Started by `pixelpool` (app/main.cpp) when there is a
// display and no headless option; it takes the same arguments (files and folders to queue).
#include "GuiMain.h"
#include "cli/StandardStreams.h"

int main(int argc, char **argv)
{
    pp::cli::openClosedStandardStreams(); // before anything opens a descriptor
    return pp::gui::runGui(argc, argv);
}
