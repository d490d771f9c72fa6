// Standard input, output and error as every part of PixelPool expects them: open. And a home
// folder (HOME) as every part expects one.
#pragma once

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

namespace pp::cli {

// Opens /dev/null on each of descriptors 0, 1 and 2 that is closed (`pixelpool … <&- >&- 2>&-`,
// a daemon that closed them). Call first in main(), before anything opens a descriptor: the next
// one opened takes the lowest free number, and a socket that became descriptor 2 was then written
// every line meant for stderr (the batch hung once the socket's buffer was full, and its signal
// handling with it). Best effort: where /dev/null cannot be opened, nothing better can be done.
// Run before every static initializer by PIXELPOOL_OPEN_CLOSED_STANDARD_STREAMS_FIRST (below).
inline void openClosedStandardStreams()
{
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        const int opened = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (opened >= 0 && opened != fd) { // fd was the lowest free number, so this cannot be
            ::dup2(opened, fd);
            ::close(opened);
        }
    }
}

// Sets HOME from the user's passwd entry where it is unset or empty (`env -u HOME`, a service
// started without one), as GLib's g_get_home_dir() falls back to it. Qt took "/" for home: the
// window offered "//Pictures/PixelPool" as the output folder (and as root would have made
// /Pictures), and user presets were looked for in "//.config", not found, without a word. Call in
// main() before Qt reads the environment; the workers inherit it.
inline void takeHomeFromPasswdWhenUnset()
{
    if (const char *home = std::getenv("HOME"); home && *home)
        return;
    if (const passwd *user = ::getpwuid(::getuid()); user && user->pw_dir && *user->pw_dir)
        ::setenv("HOME", user->pw_dir, 1);
}

} // namespace pp::cli

// Put at file scope in an executable's main source: openClosedStandardStreams() runs before any
// static initializer (.preinit_array runs before those of every library and of the executable).
// Called first in main() was too late: an eventfd a static initializer makes took the number of
// a closed stdout, and `--json >&-` wrote its events into it (exit 3, every image cancelled);
// with stdin closed, `--inputs-from -` read it and waited for ever.
#define PIXELPOOL_OPEN_CLOSED_STANDARD_STREAMS_FIRST                                                                   \
    [[gnu::section(".preinit_array"), gnu::used]] static void (*const pixelpoolOpenStreamsFirst)(                      \
        int, char **, char **) = [](int, char **, char **) { pp::cli::openClosedStandardStreams(); };
