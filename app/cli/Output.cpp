#include "Output.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace pp::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Queued beyond this, a write waits for the reader (until a signal): a reader that never reads
// costs a megabyte, not the whole batch's events.
constexpr qint64 kRoomBytes = 1 << 20;
// One write() takes whole records up to this: a pipe writes as much at once, whole.
constexpr qsizetype kPieceBytes = PIPE_BUF;

std::atomic<const std::atomic_bool *> g_flag{nullptr};
std::atomic_int g_signalled{-1};
// When this side first saw the signal (nanoseconds of Clock, 0: not yet): a reader's grace starts
// there at the earliest.
std::atomic<qint64> g_signalSeen{0};
const int g_failedNotice = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

bool signalled()
{
    const std::atomic_bool *flag = g_flag.load();
    if (!flag || !flag->load())
        return false;
    qint64 none = 0;
    g_signalSeen.compare_exchange_strong(none, Clock::now().time_since_epoch().count());
    return true;
}

Clock::time_point signalSeen() { return Clock::time_point(Clock::duration(g_signalSeen.load())); }

// On the writer's thread, where SIGINT, SIGTERM and SIGHUP are blocked: one that came is either
// handled already (the flag) or pending for the main thread.
bool signalCame()
{
    if (const std::atomic_bool *flag = g_flag.load(); flag && flag->load())
        return true;
    sigset_t pending;
    sigemptyset(&pending);
    ::sigpending(&pending);
    return sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1 ||
           sigismember(&pending, SIGHUP) == 1;
}

// SIGHUP has a handler (the batch's): a terminal that hung up is raised as one. Not when it is
// ignored (nohup, `trap '' HUP`: the hang-up is to be ignored) nor left to kill the process.
bool hangUpCaught()
{
    struct sigaction current = {};
    return ::sigaction(SIGHUP, nullptr, &current) == 0 && !(current.sa_flags & SA_SIGINFO) &&
           current.sa_handler != SIG_IGN && current.sa_handler != SIG_DFL;
}

void notify(int eventFd)
{
    const quint64 one = 1;
    [[maybe_unused]] auto n = ::write(eventFd, &one, sizeof one);
}

void clear(int eventFd)
{
    quint64 count;
    [[maybe_unused]] auto n = ::read(eventFd, &count, sizeof count);
}

// Writes all of `bytes` (waiting as long as the reader needs); 0 or the errno that stopped it.
int writeAll(int fd, const QByteArray &bytes)
{
    const char *p = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, size_t(left));
        if (n > 0) {
            p += n;
            left -= n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd writable{fd, POLLOUT, 0}; // a descriptor someone made non-blocking
            ::poll(&writable, 1, -1);
        } else {
            return n < 0 ? errno : EIO;
        }
    }
    return 0;
}

qint64 lines(const QByteArray &bytes) { return bytes.count('\n'); }

// One queue and the thread that writes it, for one destination (stdout and stderr share one when
// they are the same file).
class Writer
{
public:
    Writer()
    {
        for (const int fd : {1, 2})
            m_terminal[fd] = ::isatty(fd) == 1;
    }

    void add(int fd, const QByteArray &bytes)
    {
        std::unique_lock lock(m_mutex);
        StreamState &state = m_state[fd];
        if (state.error)
            return; // said once, at the end: nothing more goes there
        if (m_givenUp) {
            state.droppedBytes += bytes.size();
            state.droppedLines += lines(bytes);
            return;
        }
        if (m_inline) { // no thread: as stdio would
            if (const int error = writeAll(fd, bytes))
                fail(fd, error);
            return;
        }
        if (m_waiting == 0) // the reader has taken all so far: its time runs from now
            m_since = Clock::now();
        m_queue.push_back({fd, bytes});
        m_waiting += bytes.size();
        start();
        m_work.notify_one();
        const bool full = m_waiting > kRoomBytes;
        lock.unlock();
        if (full)
            waitForRoom();
    }

    StreamState state(int fd)
    {
        std::lock_guard lock(m_mutex);
        return m_state[fd];
    }

    void drain()
    {
        for (;;) {
            Clock::time_point since;
            {
                std::lock_guard lock(m_mutex);
                if (m_waiting == 0 || m_givenUp)
                    return;
                since = m_since;
            }
            const bool afterSignal = signalled();
            int timeout = -1;
            if (afterSignal) {
                const Clock::time_point deadline = std::max(since, signalSeen()) + std::chrono::seconds(kGiveUpSeconds);
                const Clock::time_point now = Clock::now();
                if (now >= deadline) {
                    giveUp();
                    return;
                }
                timeout = int(std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count());
            }
            waitForProgress(afterSignal, timeout);
        }
    }

private:
    struct Record {
        int fd;
        QByteArray bytes;
    };

    void start()
    {
        if (m_started)
            return;
        // The thread leaves SIGINT, SIGTERM and SIGHUP to the main thread: a wait there that lets
        // them through (ppoll) must be the one they end.
        sigset_t interrupts, before;
        sigemptyset(&interrupts);
        for (const int sig : {SIGINT, SIGTERM, SIGHUP})
            sigaddset(&interrupts, sig);
        ::pthread_sigmask(SIG_BLOCK, &interrupts, &before);
        try {
            if (m_progress < 0) // out of files: the thread could not tell drain() what it wrote (a wait for ever)
                throw std::system_error(EMFILE, std::generic_category());
            std::thread([this] { run(); }).detach(); // never joined: it may be blocked in write() at exit
            m_started = true;
        } catch (const std::system_error &) {
            m_inline = true;
        }
        ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
        if (m_inline) { // what is queued goes now
            while (!m_queue.empty()) {
                const Record r = m_queue.front();
                m_queue.pop_front();
                if (const int error = m_state[r.fd].error ? 0 : writeAll(r.fd, r.bytes))
                    fail(r.fd, error);
            }
            m_waiting = 0;
        }
    }

    void run()
    {
        for (;;) {
            std::unique_lock lock(m_mutex);
            m_work.wait(lock, [this] { return !m_queue.empty(); });
            const int fd = m_queue.front().fd;
            QByteArray piece;
            while (!m_queue.empty() && m_queue.front().fd == fd &&
                   (piece.isEmpty() || piece.size() + m_queue.front().bytes.size() <= kPieceBytes)) {
                piece += m_queue.front().bytes;
                m_queue.pop_front();
            }
            m_inFlight = {fd, piece};
            lock.unlock();
            const int error = writeAll(fd, piece);
            lock.lock();
            m_inFlight = {};
            if (!m_givenUp) // given up, what waited is counted as dropped already
                m_waiting -= piece.size();
            m_since = Clock::now();
            const bool failed = error && !m_state[fd].error;
            if (failed)
                fail(fd, error);
            lock.unlock();
            notify(m_progress);
            if (failed)
                notify(g_failedNotice);
        }
    }

    // Under the lock. What waits for `fd` is not written either.
    void fail(int fd, int error)
    {
        StreamState &state = m_state[fd];
        state.error = error;
        state.hungUp = error == EIO && m_terminal[fd] && hangUpCaught();
        if (state.hungUp)
            ::kill(::getpid(), SIGHUP); // as the terminal's own would have: the batch is cancelled
        state.withSignal = state.hungUp || signalCame();
        for (auto it = m_queue.begin(); it != m_queue.end();) {
            if (it->fd != fd) {
                ++it;
                continue;
            }
            m_waiting -= it->bytes.size();
            it = m_queue.erase(it);
        }
    }

    void giveUp()
    {
        std::lock_guard lock(m_mutex);
        m_givenUp = true;
        const auto drop = [this](const Record &r) {
            m_state[r.fd].droppedBytes += r.bytes.size();
            m_state[r.fd].droppedLines += lines(r.bytes);
        };
        if (!m_inFlight.bytes.isEmpty())
            drop(m_inFlight);
        for (const Record &r : m_queue)
            drop(r);
        m_queue.clear();
        m_waiting = 0;
    }

    void waitForRoom()
    {
        for (;;) {
            {
                std::lock_guard lock(m_mutex);
                if (m_waiting <= kRoomBytes || m_givenUp)
                    return;
            }
            if (signalled())
                return;
            waitForProgress(false, -1);
        }
    }

    // Until the writer takes a step, or (before a signal) a signal comes, or `timeout` ms.
    void waitForProgress(bool afterSignal, int timeout)
    {
        pollfd fds[2] = {{m_progress, POLLIN, 0}, {afterSignal ? -1 : g_signalled.load(), POLLIN, 0}};
        ::poll(fds, 2, timeout);
        clear(m_progress);
    }

    std::mutex m_mutex;
    std::condition_variable m_work;
    std::deque<Record> m_queue;
    Record m_inFlight{};
    qint64 m_waiting = 0;      // bytes queued or being written
    Clock::time_point m_since; // the reader last took something, or last had something to take
    StreamState m_state[3];
    bool m_terminal[3] = {};
    bool m_started = false, m_inline = false, m_givenUp = false;
    const int m_progress = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
};

struct Writers {
    Writer *of[3] = {};
};

// Made at the first write, and never destroyed: a writer's thread may be blocked in write() when
// the process exits, which ends it.
Writers &writers()
{
    static Writers made = [] {
        Writers w;
        struct stat out, err;
        w.of[1] = new Writer;
        const bool sameFile =
            ::fstat(1, &out) == 0 && ::fstat(2, &err) == 0 && out.st_dev == err.st_dev && out.st_ino == err.st_ino;
        w.of[2] = sameFile ? w.of[1] : new Writer;
        std::atexit(drainOutput); // what main() returned after printing reaches its reader
        return w;
    }();
    return made;
}

} // namespace

void watchInterrupts(const std::atomic_bool *flag, int signalled)
{
    g_signalled.store(signalled);
    g_flag.store(flag);
}

void writeTo(int fd, const QByteArray &bytes)
{
    if ((fd == 1 || fd == 2) && !bytes.isEmpty())
        writers().of[fd]->add(fd, bytes);
}

StreamState streamState(int fd) { return fd == 1 || fd == 2 ? writers().of[fd]->state(fd) : StreamState{}; }

int streamFailedNotice() { return g_failedNotice; }

void drainOutput()
{
    Writers &w = writers();
    w.of[1]->drain();
    if (w.of[2] != w.of[1])
        w.of[2]->drain();
}

} // namespace pp::cli
