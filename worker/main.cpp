// pixelpool-worker: started by the front end, never by people. Everything it reads is treated as
// hostile; it runs with a memory cap and dies with its parent.
#include "MemoryTuning.h"
#include "WorkerService.h"

#include <QByteArray>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {

char g_socketPath[4096];
char g_socketDir[4096];
char g_tempPath[4096]; // the job in progress's temporary output (see WorkerOptions)
pid_t g_parent = 0;
constexpr int kParentDeathSignal = SIGUSR2; // nobody else sends it to a worker

void removeTemporary()
{
    if (g_tempPath[0])
        ::unlink(g_tempPath); // never leave a half-written file behind
}

// The front end died (it was killed: it could not clean up). Nobody else will remove the run's
// socket and folder: do it here, with async-signal-safe calls only.
void onParentDeath(int)
{
    removeTemporary();
    ::unlink(g_socketPath);
    ::rmdir(g_socketDir);
    ::_exit(3);
}

// SIGTERM from anyone else (the front end itself never sends it): the front end may live on and
// start a replacement on the same socket, so only this worker's own files go, unless the front end
// is already gone.
void onTerminate(int sig)
{
    if (::getppid() != g_parent)
        onParentDeath(sig);
    removeTemporary();
    ::_exit(3);
}

const char *argValue(int argc, char **argv, const char *name)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return nullptr;
}

} // namespace

int main(int argc, char **argv)
{
    pp::tuneAllocatorForImages();
    const char *socketPath = argValue(argc, argv, "--connect");
    const char *parent = argValue(argc, argv, "--parent");
    const char *memory = argValue(argc, argv, "--memory-limit");
    const char *token = std::getenv("PIXELPOOL_TOKEN");
    if (!socketPath || !parent || !token || std::strlen(socketPath) >= sizeof g_socketPath) {
        std::fprintf(stderr, "pixelpool-worker is started by pixelpool, not by hand.\n");
        return 2;
    }
    g_parent = pid_t(std::atoll(parent));
    std::strcpy(g_socketPath, socketPath);
    std::strcpy(g_socketDir, socketPath);
    if (char *slash = std::strrchr(g_socketDir, '/'))
        *slash = '\0';

    struct sigaction sa {
    };
    sa.sa_handler = onTerminate;
    ::sigaction(SIGTERM, &sa, nullptr);
    // The kernel sends the death signal when the thread that started us exits, which for the
    // front end means it is dying. A signal of its own says so: while a killed front end's other
    // threads are still exiting, getppid() goes on naming it (we are handed to one of them first).
    sa.sa_handler = onParentDeath;
    ::sigaction(kParentDeathSignal, &sa, nullptr);
    ::prctl(PR_SET_PDEATHSIG, kParentDeathSignal);
    if (::getppid() != g_parent) // the parent died before prctl took effect
        onParentDeath(kParentDeathSignal);

    if (memory) {
        const rlim_t bytes = rlim_t(std::strtoull(memory, nullptr, 10)) << 20;
        if (bytes > 0) {
            const rlimit limit{bytes, bytes};
            ::setrlimit(RLIMIT_AS, &limit);
        }
    }
    // Keep the token out of any child's environment and out of /proc/<pid>/environ.
    const QByteArray tokenBytes(token);
    ::unsetenv("PIXELPOOL_TOKEN");

    return pp::runWorker({QByteArray(socketPath), tokenBytes, qint64(g_parent), g_tempPath, sizeof g_tempPath});
}
