// pixelpool-worker: started by the front end, never by people. Everything it reads is treated as
// hostile; it runs with a memory cap and dies with its parent.
#include "MemoryTuning.h"
#include "Protocol.h"
#include "SharedMemory.h"
#include "ThreadStart.h"
#include "WorkerService.h"

#include <QByteArray>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <string>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {

char g_socketPath[4096];
char g_socketDir[4096];
char g_lockPath[4096];
pid_t g_parent = 0;
constexpr int kParentDeathSignal = SIGUSR2; // nobody else sends it to a worker

// The front end died (it was killed: it could not clean up). Nobody else will remove the run's
// socket and folder: do it here, with async-signal-safe calls only. (The outputs it had not given
// their final names have none: JobSpec::makeTemporaryFiles.)
// The run folder goes only if this worker can take its lock, which proves its front end gone (the
// lock is never removed otherwise: a run folder without one is judged by its pid alone).
void onParentDeath(int)
{
    // The front end's last threads may still be exiting, its files still open: a moment's grace.
    // Another worker that took the lock first has removed it (open fails).
    const int lock = ::open(g_lockPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    for (int i = 0; lock >= 0 && i < 100; ++i) {
        if (::flock(lock, LOCK_EX | LOCK_NB) == 0) {
            ::unlink(g_socketPath);
            ::unlink(g_lockPath);
            ::rmdir(g_socketDir);
            break;
        }
        const timespec pause{0, 10 * 1000 * 1000};
        ::nanosleep(&pause, nullptr);
    }
    ::_exit(3);
}

// SIGTERM from anyone else (the front end itself never sends it): unless the front end is already
// gone, the worker dies of the signal, so that the front end says who stopped it ("killed from outside PixelPool by
// signal 15 (SIGTERM)"), or, told to stop by the same signal (a whole process group), knows it went with it.
void onTerminate(int sig)
{
    if (::getppid() != g_parent)
        onParentDeath(sig);
    struct sigaction dfl {
    };
    dfl.sa_handler = SIG_DFL;
    ::sigaction(SIGTERM, &dfl, nullptr);
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    ::sigprocmask(SIG_UNBLOCK, &term, nullptr);
    ::raise(SIGTERM);
    ::_exit(3); // not reached
}

std::terminate_handler g_terminate = nullptr; // the runtime's: says what was thrown, and aborts

// Where a library that could not start a thread gives up when nothing can catch it: TBB, refused
// one by pthread_create, throws from a function that may not throw. When the system refuses this
// worker threads now (the user's ulimit -u, a container's pids limit), that was the cause, and the
// worker says so by its exit status (the image is not to blame); anything else aborts as before,
// a crash.
[[noreturn]] void onUncaught()
{
    if (pp::startableThreads(1).refused)
        ::_exit(pp::proto::kExitCannotStartThreads);
    if (g_terminate)
        g_terminate();
    std::abort();
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
    const char *files = argValue(argc, argv, "--files");
    const char *token = std::getenv("PIXELPOOL_TOKEN");
    if (!socketPath || !parent || !files || !token || std::strlen(socketPath) >= sizeof g_socketPath) {
        std::fprintf(stderr, "pixelpool-worker is started by pixelpool, not by hand.\n");
        return 2;
    }
    g_parent = pid_t(std::atoll(parent));
    std::strcpy(g_socketPath, socketPath);
    std::strcpy(g_socketDir, socketPath);
    if (char *slash = std::strrchr(g_socketDir, '/'))
        *slash = '\0';
    std::snprintf(g_lockPath, sizeof g_lockPath, "%s/%s", g_socketDir, pp::kRunLockName);

    g_terminate = std::set_terminate(onUncaught);
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
    // Keep the token out of any child's environment and out of /proc/<pid>/environ, which shows the
    // block the process started with: unsetenv() alone takes it out of `environ` only, and the
    // characters stayed readable there (security review). Overwritten in that block, once copied.
    const QByteArray tokenBytes(token);
    std::memset(const_cast<char *>(token), 0, tokenBytes.size());
    ::unsetenv("PIXELPOOL_TOKEN");

    return pp::runWorker({QByteArray(socketPath), tokenBytes, qint64(g_parent), std::atoi(files)});
}
