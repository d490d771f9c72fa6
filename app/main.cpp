// pixelpool: the desktop window by default; headless with --batch (or when asked for --help,
// --version, --list-presets or --dry-run, which need no window).
//
// The window lives in a second executable, pixelpool-desktop, next to this one: this process
// execs it. So `pixelpool --batch` never loads Qt Widgets and its libraries (about 30 more
// shared libraries, some 80 ms of every headless start on this machine). Likewise --in-process
// is pixelpool-in-process, so that this executable loads none of the decoders' libraries.
#include "BatchCommand.h"
#include "FileIO.h"
#include "MemoryTuning.h"
#include "Translations.h"
#include "cli/Options.h"
#include "cli/Print.h"
#include "cli/ReportCommand.h"
#include "cli/StandardStreams.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QStringList>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace {
bool hasArg(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0)
            return false;
        if (std::strcmp(argv[i], name) == 0)
            return true;
    }
    return false;
}

#ifdef PIXELPOOL_HAVE_GUI
// Set and not empty (`DISPLAY= pixelpool` names no display). Whether the display named can be
// opened is the window's to find out (GuiMain.cpp): it asks Qt, which chooses among them.
bool isSet(const char *name)
{
    const char *value = std::getenv(name);
    return value && *value;
}
bool hasDisplay() { return isSet("DISPLAY") || isSet("WAYLAND_DISPLAY") || isSet("QT_QPA_PLATFORM"); }

// An option the window does not take, or no display: said before the window is started (exit 2),
// in the user's language, through a QCoreApplication for the translation, which this path (the
// window's) can afford. 0 when nothing stands in the way.
int refuseWindow(int argc, char **argv)
{
    const pp::cli::CommandLine commandLine = pp::cli::CommandLine::parse(argc, argv);
    if (commandLine.given().isEmpty() && hasDisplay())
        return 0;
    QCoreApplication app(argc, argv);
    pp::i18n::installTranslations(&app);
    const QString why =
        !commandLine.given().isEmpty()
            ? pp::cli::windowUsageError(commandLine)
            : QCoreApplication::translate(
                  "pp::gui",
                  "no display found (DISPLAY and WAYLAND_DISPLAY are not set). For headless use: pixelpool --batch "
                  "[--preset NAME] [-o DIR] INPUT... (see pixelpool --help)");
    pp::cli::print(stderr, QStringLiteral("pixelpool: ") + pp::cli::visible(why) + QLatin1Char('\n'));
    return 2;
}
#endif
} // namespace

PIXELPOOL_OPEN_CLOSED_STANDARD_STREAMS_FIRST

int main(int argc, char **argv)
{
    pp::cli::openClosedStandardStreams(); // before anything opens a descriptor
    pp::cli::takeHomeFromPasswdWhenUnset();
    if (argc >= 2 && std::strcmp(argv[1], "report") == 0) // pixelpool report merge REPORT...
        return pp::cli::runReportCommand(argc, argv);
    // --help, --version, --dry-run... need no window; nor does a command line that does not
    // parse, whose error is the batch command's to report (exit code 2).
    const bool headless = pp::runsHeadless(argc, argv);
    if (headless && hasArg(argc, argv, "--in-process")) {
        // The developer mode processes images in its own threads: pixelpool-in-process, which
        // links the worker engine this executable goes without, started with the allocator
        // settings a worker has (glibc reads the tunable at start-up), so that comparing the two
        // measures the process boundary and nothing else.
        const QByteArray inProcess = pp::ownFilePath(pp::OwnFolder::Libexec, "pixelpool-in-process");
        pp::setHugePageTunables();
        ::execv(inProcess.constData(), argv);
        std::fprintf(stderr, "pixelpool: cannot start %s: %s\n", inProcess.constData(), std::strerror(errno));
        return 2;
    }
    if (headless)
        return pp::runBatchCommand(argc, argv);
#ifdef PIXELPOOL_HAVE_GUI
    // An option the window does not take (-p, -o… without --batch), or no display: a usage error,
    // before the window opens.
    if (const int refused = refuseWindow(argc, argv))
        return refused;
    // Beside this executable in the build tree, in libexec/pixelpool/ when installed.
    const QByteArray desktop = pp::ownFilePath(pp::OwnFolder::Libexec, "pixelpool-desktop");
    ::execv(desktop.constData(), argv);
    std::fprintf(stderr, "pixelpool: cannot start the desktop window %s: %s\n", desktop.constData(),
                 std::strerror(errno));
    return 2;
#else
    std::fprintf(stderr, "pixelpool: this build has no desktop window; use --batch (see --help)\n");
    return 2;
#endif
}
