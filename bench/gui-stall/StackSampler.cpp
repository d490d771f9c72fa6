#include "StackSampler.h"

#include <QCoreApplication>
#include <QHash>
#include <QProcess>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>

namespace pp::stall {

namespace {

constexpr int kSignal = SIGUSR2; // Qt itself uses no SIGUSR signal
constexpr int kMaxFrames = 64;
// Frames of the handler itself (onSignal, then the kernel's signal trampoline in libc).
constexpr int kHandlerFrames = 2;

enum State : int { Idle, Requested, Writing, Filled };
std::atomic<int> g_state{Idle};
void *g_frames[kMaxFrames];
int g_depth = 0;

void onSignal(int)
{
    int expected = Requested;
    if (!g_state.compare_exchange_strong(expected, Writing))
        return;
    const int saved = errno;
    g_depth = backtrace(g_frames, kMaxFrames); // async-signal-safe once libgcc is loaded
    errno = saved;
    g_state.store(Filled, std::memory_order_release);
}

QString demangle(const char *name)
{
    int status = 0;
    char *out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    const QString s = status == 0 && out ? QString::fromUtf8(out) : QString::fromUtf8(name);
    std::free(out);
    return s;
}

// Cuts long template argument lists so a frame stays readable in a report.
QString shorten(QString s)
{
    if (s.size() > 160)
        s = s.left(157) + "...";
    return s;
}

} // namespace

StackSampler::StackSampler(pthread_t target)
{
    void *warm[4];
    backtrace(warm, 4); // loads libgcc_s now, not inside the signal handler
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(kSignal, &sa, nullptr);
    m_target = target;
}

StackSampler::~StackSampler() { signal(kSignal, SIG_IGN); }

void StackSampler::request()
{
    int expected = Idle;
    if (g_state.compare_exchange_strong(expected, Requested))
        pthread_kill(m_target, kSignal);
}

bool StackSampler::take(Stack *out)
{
    if (g_state.load(std::memory_order_acquire) != Filled)
        return false;
    out->clear();
    for (int i = kHandlerFrames; i < g_depth; ++i)
        out->append(g_frames[i]);
    g_state.store(Idle, std::memory_order_release);
    return true;
}

QVector<QStringList> StackSampler::symbolize(const QVector<Stack> &stacks)
{
    // The executable (PixelPool's own code, linked statically) goes through addr2line, which reads
    // the debug information, inlined functions included; libraries through their dynamic symbols.
    Dl_info self = {};
    dladdr(reinterpret_cast<void *>(&demangle), &self);
    QHash<void *, QString> names;
    QList<void *> inExe;
    for (const Stack &s : stacks) {
        for (void *a : s) {
            if (names.contains(a))
                continue;
            Dl_info info = {};
            if (dladdr(a, &info) && info.dli_fbase == self.dli_fbase) {
                names.insert(a, QString());
                inExe << a;
            } else if (info.dli_sname) {
                names.insert(a, shorten(demangle(info.dli_sname)));
            } else {
                const QString lib = info.dli_fname ? QString::fromUtf8(info.dli_fname).section('/', -1) : "?";
                names.insert(a, QStringLiteral("%1+0x%2").arg(lib).arg(quintptr(a) - quintptr(info.dli_fbase), 0, 16));
            }
        }
    }
    if (!inExe.isEmpty()) {
        QStringList args{"-a", "-f", "-C", "-i", "-e", QCoreApplication::applicationFilePath()};
        for (void *a : inExe) // a return address: the call is the byte before it
            args << QStringLiteral("0x%1").arg(quintptr(a) - quintptr(self.dli_fbase) - 1, 0, 16);
        QProcess p;
        p.start(QStringLiteral("addr2line"), args);
        p.waitForFinished(60000);
        const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split('\n');
        // Output: for each address a line "0x...", then (function, file:line) pairs, innermost
        // inlined function first.
        int which = -1;
        QStringList parts;
        auto flush = [&] {
            if (which >= 0 && which < inExe.size())
                names[inExe[which]] = parts.join(QStringLiteral(" <- "));
            parts.clear();
        };
        for (int i = 0; i < lines.size(); ++i) {
            const QString &l = lines[i];
            if (l.startsWith("0x")) {
                flush();
                ++which;
            } else if (!l.isEmpty() && i + 1 < lines.size()) {
                const QString where = lines[i + 1].section('/', -1).section(" (", 0, 0);
                parts << shorten(l) + " [" + where + "]";
                ++i;
            }
        }
        flush();
        for (void *a : inExe)
            if (names.value(a).isEmpty())
                names[a] =
                    QStringLiteral("pixelpool-gui-stall+0x%1").arg(quintptr(a) - quintptr(self.dli_fbase), 0, 16);
    }
    QVector<QStringList> out;
    for (const Stack &s : stacks) {
        QStringList frames;
        for (void *a : s)
            frames << names.value(a);
        out << frames;
    }
    return out;
}

} // namespace pp::stall
