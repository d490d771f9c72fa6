#include "StallMonitor.h"

#include <QCoreApplication>
#include <QEvent>
#include <QJsonArray>
#include <QMap>
#include <QTimer>
#include <algorithm>
#include <ctime>

namespace pp::stall {

namespace {

qint64 clockNs(clockid_t id)
{
    timespec ts;
    clock_gettime(id, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
qint64 nowNs() { return clockNs(CLOCK_MONOTONIC); }

const QEvent::Type kProbeType = QEvent::Type(QEvent::registerEventType());

struct ProbeEvent : QEvent {
    ProbeEvent(quint64 s, qint64 post, qint64 cpu) : QEvent(kProbeType), seq(s), postNs(post), postCpuNs(cpu) {}
    quint64 seq;
    qint64 postNs, postCpuNs; // when posted, and the UI thread's CPU time then
};

double percentile(QVector<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype rank = std::clamp<qsizetype>(qsizetype(std::ceil(p / 100.0 * v.size())) - 1, 0, v.size() - 1);
    return v[rank];
}

double round2(double x) { return std::round(x * 100) / 100; }

QJsonObject stats(const QVector<double> &ms)
{
    int over50 = 0, over100 = 0;
    for (double x : ms) {
        over50 += x > 50;
        over100 += x > 100;
    }
    return {{"samples", int(ms.size())},
            {"max_ms", round2(ms.isEmpty() ? 0 : *std::max_element(ms.begin(), ms.end()))},
            {"p99_ms", round2(percentile(ms, 99))},
            {"p50_ms", round2(percentile(ms, 50))},
            {"over_50ms", over50},
            {"over_100ms", over100}};
}

} // namespace

StallMonitor::StallMonitor(const MonitorOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_uiThread(pthread_self())
{
    if (m_options.stacks)
        m_sampler = std::make_unique<StackSampler>(m_uiThread);
    m_ticker = new QTimer(this);
    m_ticker->setTimerType(Qt::PreciseTimer);
    m_ticker->setInterval(m_options.intervalMs);
    connect(m_ticker, &QTimer::timeout, this, &StallMonitor::onTick);
}

StallMonitor::~StallMonitor() { stop(); }

void StallMonitor::start()
{
    m_lastTickNs = 0;
    m_ticker->start();
    m_stop = false;
    m_watchdog = std::thread([this] { watchdogLoop(); });
}

void StallMonitor::stop()
{
    m_ticker->stop();
    if (m_watchdog.joinable()) {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_watchdog.join();
    }
    if (Phase *p = current(); p && p->endNs == 0) {
        p->endNs = nowNs();
        p->cpuEndNs = clockNs(CLOCK_THREAD_CPUTIME_ID);
    }
}

void StallMonitor::beginPhase(const QString &name)
{
    const qint64 now = nowNs(), cpu = clockNs(CLOCK_THREAD_CPUTIME_ID);
    if (Phase *p = current()) {
        p->endNs = now;
        p->cpuEndNs = cpu;
    }
    Phase next;
    next.name = name;
    next.startNs = now;
    next.cpuStartNs = cpu;
    // The ticker's gap running at this moment is kept: it belongs to the phase that sees it end,
    // like a probe's delay, so a stall right after beginPhase() is measured by both.
    m_phases.append(next);
}

double StallMonitor::phaseElapsedMs() const
{
    return m_phases.isEmpty() ? 0 : (nowNs() - m_phases.last().startNs) / 1e6;
}

void StallMonitor::onTick()
{
    const qint64 now = nowNs(), cpu = clockNs(CLOCK_THREAD_CPUTIME_ID);
    Phase *p = current();
    if (p && m_lastTickNs != 0) {
        const double late = std::max(0.0, (now - m_lastTickNs) / 1e6 - m_options.intervalMs);
        p->tickLateMs.append(late);
        if (late >= m_options.reportOverMs)
            p->stalls.append(
                {"timer", std::max(0.0, (m_lastTickNs - p->startNs) / 1e6), late, (cpu - m_lastTickCpuNs) / 1e6, {}});
    }
    m_lastTickNs = now;
    m_lastTickCpuNs = cpu;
}

bool StallMonitor::event(QEvent *e)
{
    if (e->type() != kProbeType)
        return QObject::event(e);
    const auto *probe = static_cast<ProbeEvent *>(e);
    const qint64 now = nowNs(), cpu = clockNs(CLOCK_THREAD_CPUTIME_ID);
    {
        std::lock_guard lock(m_mutex);
        m_handled = probe->seq;
    }
    m_wake.notify_all();
    QVector<Stack> stacks;
    {
        std::lock_guard lock(m_mutex);
        stacks = m_samples.take(probe->seq);
    }
    Phase *p = current();
    if (!p || p->endNs != 0)
        return true;
    const double ms = (now - probe->postNs) / 1e6;
    p->probeMs.append(ms);
    if (ms >= m_options.reportOverMs)
        p->stalls.append(
            {"probe", std::max(0.0, (probe->postNs - p->startNs) / 1e6), ms, (cpu - probe->postCpuNs) / 1e6, stacks});
    return true;
}

void StallMonitor::watchdogLoop()
{
    clockid_t uiClock;
    pthread_getcpuclockid(m_uiThread, &uiClock);
    quint64 seq = 0;
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        ++seq;
        const qint64 posted = nowNs();
        lock.unlock();
        QCoreApplication::postEvent(this, new ProbeEvent(seq, posted, clockNs(uiClock)));
        qint64 nextSample = posted + qint64(m_options.sampleAfterMs) * 1'000'000;
        lock.lock();
        while (!m_stop && m_handled < seq) {
            if (m_sampler) {
                Stack s;
                if (m_sampler->take(&s))
                    m_samples[seq].append(s);
                if (nowNs() >= nextSample) {
                    m_sampler->request();
                    nextSample += qint64(m_options.sampleEveryMs) * 1'000'000;
                }
            }
            m_wake.wait_for(lock, std::chrono::milliseconds(2));
        }
        if (m_sampler) {
            Stack late; // taken after the probe got through: belongs to no stall
            m_sampler->take(&late);
        }
        m_wake.wait_for(lock, std::chrono::milliseconds(m_options.intervalMs), [this] { return m_stop.load(); });
    }
}

QJsonObject StallMonitor::report() const
{
    // Every stack of every listed stall, named in one go.
    QVector<Stack> all;
    for (const Phase &p : m_phases)
        for (const Stall &s : p.stalls)
            all += s.stacks;
    const QVector<QStringList> named = StackSampler::symbolize(all);
    int next = 0;

    QJsonObject phases;
    QJsonArray stallList;
    QMap<QString, int> ownFrames, topFrames; // hotspots over all samples of listed stalls
    for (const Phase &p : m_phases) {
        const QJsonObject timer = stats(p.tickLateMs), probe = stats(p.probeMs);
        QJsonObject o{{"duration_ms", round2(((p.endNs ? p.endNs : nowNs()) - p.startNs) / 1e6)},
                      {"ui_thread_cpu_ms", round2((p.cpuEndNs - p.cpuStartNs) / 1e6)},
                      {"timer", timer},
                      {"probe", probe},
                      {"max_stall_ms", std::max(timer["max_ms"].toDouble(), probe["max_ms"].toDouble())}};
        phases.insert(p.name, o);
        for (const Stall &s : p.stalls) {
            QMap<QString, int> distinct; // stack text -> samples
            for (int i = 0; i < s.stacks.size(); ++i) {
                const QStringList &frames = named[next++];
                distinct[frames.mid(0, 40).join('\n')]++;
                if (!frames.isEmpty())
                    topFrames[frames.first()]++;
                for (const QString &f : frames) {
                    if (f.contains("pp::")) {
                        ownFrames[f]++;
                        break;
                    }
                }
            }
            QJsonArray stacks;
            QList<QPair<int, QString>> byCount;
            for (auto it = distinct.cbegin(); it != distinct.cend(); ++it)
                byCount.append({it.value(), it.key()});
            std::sort(byCount.begin(), byCount.end(), [](auto &a, auto &b) { return a.first > b.first; });
            for (int i = 0; i < std::min<int>(3, byCount.size()); ++i)
                stacks.append(QJsonObject{{"samples", byCount[i].first},
                                          {"frames", QJsonArray::fromStringList(byCount[i].second.split('\n'))}});
            QJsonObject so{{"phase", p.name},
                           {"method", s.method},
                           {"at_ms", round2(s.atMs)},
                           {"ms", round2(s.ms)},
                           {"ui_thread_cpu_ms", round2(s.uiCpuMs)}};
            if (s.method == "probe" && m_options.stacks)
                so.insert("stack_samples", QJsonObject{{"count", int(s.stacks.size())}, {"top", stacks}});
            stallList.append(so);
        }
    }
    auto top = [](const QMap<QString, int> &m) {
        QList<QPair<int, QString>> v;
        for (auto it = m.cbegin(); it != m.cend(); ++it)
            v.append({it.value(), it.key()});
        std::sort(v.begin(), v.end(), [](auto &a, auto &b) { return a.first > b.first; });
        QJsonArray out;
        for (int i = 0; i < std::min<int>(15, v.size()); ++i)
            out.append(QJsonObject{{"frame", v[i].second}, {"samples", v[i].first}});
        return out;
    };
    return {
        {"phases", phases},
        {"stalls", stallList},
        {"hotspots", QJsonObject{{"innermost_pixelpool_frame", top(ownFrames)}, {"innermost_frame", top(topFrames)}}}};
}

} // namespace pp::stall
