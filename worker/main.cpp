// pixelpool-worker: started by the front end, never by people. Everything it reads is treated as
// hostile; it runs with a memory cap and dies with its parent.
#include "MemoryTuning.h"
#include "SharedMemory.h"
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
char g_lockPath[4096];
// The temporary outputs of the job in progress, and of the jobs written that the front end may not
// have committed (see WorkerOptions).
char g_inProgress[16 * 1024];
char g_written[64 * 1024];
pid_t g_parent = 0;
constexpr int kParentDeathSignal = SIGUSR2; // nobody else sends it to a worker

// The front end died (it was killed: it could not clean up). Nobody else will remove the run's
// socket and folder, nor the outputs it had not given their final names: do it here, with
// async-signal-safe calls only.
void onParentDeath(int)
{
    pp::unlinkPaths({g_inProgress, sizeof g_inProgress}); // never leave a half-written file behind
    pp::unlinkPaths({g_written, sizeof g_written});
    ::unlink(g_socketPath);
    ::unlink(g_lockPath);
    ::rmdir(g_socketDir);
    ::_exit(3);
}

// SIGTERM from anyone else (the front end itself never sends it): the front end may live on and
// start a replacement on the same socket, and commit what this worker wrote, so only the job in
// progress's files go, unless the front end is already gone.
void onTerminate(int sig)
{
    if (::getppid() != g_parent)
        onParentDeath(sig);
    pp::unlinkPaths({g_inProgress, sizeof g_inProgress});
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
    std::snprintf(g_lockPath, sizeof g_lockPath, "%s/%s", g_socketDir, pp::kRunLockName);

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

    return pp::runWorker({QByteArray(socketPath),
                          tokenBytes,
                          qint64(g_parent),
                          {g_inProgress, sizeof g_inProgress},
                          {g_written, sizeof g_written}});
}
