// Whether the system lets this process start threads now: the user's limit on processes and threads
// (ulimit -u, RLIMIT_NPROC) counts every thread of every process of the user, and a container's pids
// limit does the same. A worker asks before it gives OpenCV more than one thread (WorkerService.cpp),
// and again before its last words when a library gave up for want of one (worker/main.cpp); the
// front end asks when a worker's process could not be made (WorkerPool.cpp).
#pragma once

namespace pp {

struct ThreadRoom {
    int started = 0;      // of those asked for, how many ran at once
    bool refused = false; // the system refused the next one: no more processes or threads for now
};

// Starts up to `wanted` threads that wait until all are running, then ends them all. Each has a
// stack of its own making, so that a refusal (pthread_create's EAGAIN, which glibc also gives when
// it cannot map a stack) means a process or thread limit, never a lack of memory.
ThreadRoom startableThreads(int wanted);

#ifdef PIXELPOOL_TEST_HOOKS
// Test-only: from now on the system refuses this process any new thread or process, as it does a
// user at its `ulimit -u`: RLIMIT_NPROC of 1, which a user other than root always exceeds. Root's
// own real uid is never held to it: root's becomes nobody's (the effective uid stays root's, so its
// files stay its own), without the two capabilities that lift the limit. False when it cannot be
// done here (no uid 65534 in this user namespace).
bool refuseMoreThreads();
#endif

} // namespace pp
