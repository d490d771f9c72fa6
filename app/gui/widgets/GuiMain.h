// Entry point of the desktop window, called by app/desktop_main.cpp when there is a display.
#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

#include <functional>

namespace pp::gui {

// The window's command line, read once the user's translation is installed: the files and
// folders to queue, or a usage error in the user's language.
struct GuiArguments {
    QVector<QByteArray> inputs;
    QString error;
};

// Runs the window until it is closed; returns the exit code. `readArguments` gives the files and
// folders to queue (none of them is ever shown to Qt, which would take `-style`, `-platform`… out
// of them). A display that cannot be opened, or a usage error, is said on stderr: exit code 2.
// With PIXELPOOL_SCREENSHOT=DIR set, runs the scripted screenshot scenario instead (see
// Screenshot.h) and writes the PNGs into DIR.
int runGui(char *argv0, const std::function<GuiArguments()> &readArguments);

} // namespace pp::gui
