// Entry point of the desktop window, called by app/main.cpp when there is a display.
#pragma once

namespace pp::gui {
// Runs the window until it is closed; returns the exit code. Files and folders given as
// arguments are queued. With PIXELPOOL_SCREENSHOT=DIR set, runs the scripted screenshot
// scenario instead (see Screenshot.h) and writes the PNGs into DIR.
int runGui(int argc, char **argv);
} // namespace pp::gui
