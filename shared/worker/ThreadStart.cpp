#include "ThreadStart.h"

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <sys/mman.h>
#include <utility>
#include <vector>

#ifdef PIXELPOOL_TEST_HOOKS
#include <linux/capability.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace pp {

namespace {

// Room for the thread's few frames and glibc's thread block, which it puts at the top of a stack
// it is given (this program's static TLS is a few hundred bytes).
constexpr size_t kStackBytes = 128 * 1024;

struct Gate {
    std::mutex mutex;
    std::condition_variable opened;
    bool open = false;
};

void *waitAtGate(void *arg)
{
    auto *gate = static_cast<Gate *>(arg);
    std::unique_lock lock(gate->mutex);
    gate->opened.wait(lock, [gate] { return gate->open; });
    return nullptr;
}

} // namespace

ThreadRoom startableThreads(int wanted)
{
    ThreadRoom room;
    Gate gate;
    std::vector<std::pair<pthread_t, void *>> running;
    for (int i = 0; i < wanted; ++i) {
        void *stack =
            ::mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (stack == MAP_FAILED)
            break; // out of memory (the worker's cap), not of threads
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setstack(&attributes, stack, kStackBytes);
        pthread_t thread;
        const int error = ::pthread_create(&thread, &attributes, waitAtGate, &gate);
        pthread_attr_destroy(&attributes);
        if (error != 0) {
            ::munmap(stack, kStackBytes);
            room.refused = error == EAGAIN;
            break;
        }
        running.emplace_back(thread, stack);
    }
    {
        std::lock_guard lock(gate.mutex);
        gate.open = true;
    }
    gate.opened.notify_all();
    for (const auto &[thread, stack] : running) {
        ::pthread_join(thread, nullptr);
        ::munmap(stack, kStackBytes);
    }
    room.started = int(running.size());
    return room;
}

#ifdef PIXELPOOL_TEST_HOOKS
bool refuseMoreThreads()
{
    if (::getuid() == 0) {
        constexpr uid_t kNobody = 65534;
        if (::setresuid(kNobody, 0, 0) != 0)
            return false;
        __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
        __user_cap_data_struct caps[2] = {};
        if (::syscall(SYS_capget, &header, caps) != 0)
            return false;
        for (const int cap : {CAP_SYS_RESOURCE, CAP_SYS_ADMIN}) {
            const __u32 bit = 1u << (cap % 32);
            caps[cap / 32].effective &= ~bit;
            caps[cap / 32].permitted &= ~bit;
            caps[cap / 32].inheritable &= ~bit;
        }
        if (::syscall(SYS_capset, &header, caps) != 0)
            return false;
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_NPROC, &limit) != 0)
        return false;
    limit.rlim_cur = 1;
    if (::setrlimit(RLIMIT_NPROC, &limit) != 0)
        return false;
    return startableThreads(1).refused;
}
#endif

} // namespace pp
