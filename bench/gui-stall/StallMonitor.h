// Event-loop latency of the UI thread, measured two ways at once:
//  - a ticker: a precise QTimer on the UI thread; each tick records how much later than its
//    interval it came after the previous one (what a timer-driven animation would see);
//  - a watchdog thread: posts a probe event to the UI thread, waits until it is handled, and
//    records the delay (what a posted input or paint event would see). While a probe is late,
//    it samples the UI thread's stack (StackSampler), so a stall comes with where it was spent.
// Samples are filed under the phase current when they are handled (beginPhase()).
#pragma once

#include "StackSampler.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

class QTimer;

namespace pp::stall {

struct MonitorOptions {
    int intervalMs = 5;     // ticker interval, and the watchdog's pause between probes
    int reportOverMs = 50;  // stalls at least this long are listed one by one
    bool stacks = true;     // sample the UI thread's stack during stalls
    int sampleAfterMs = 30; // a probe this late starts the sampling...
    int sampleEveryMs = 10; // ...one sample this often while it stays unhandled
};

class StallMonitor : public QObject
{
    Q_OBJECT
public:
    explicit StallMonitor(const MonitorOptions &options, QObject *parent = nullptr);
    ~StallMonitor() override;

    void start();
    void stop();
    // Ends the current phase (if any) and starts `name`.
    void beginPhase(const QString &name);
    double phaseElapsedMs() const;

    // { "phases": {name: stats}, "stalls": [...], "hotspots": {...} }. Call after stop().
    QJsonObject report() const;

protected:
    bool event(QEvent *e) override;

private:
    struct Stall {
        QString method; // "timer" or "probe"
        double atMs = 0, ms = 0, uiCpuMs = 0;
        QVector<Stack> stacks;
    };
    struct Phase {
        QString name;
        qint64 startNs = 0, endNs = 0, cpuStartNs = 0, cpuEndNs = 0;
        QVector<double> tickLateMs, probeMs;
        QVector<Stall> stalls;
    };
    void onTick();
    void watchdogLoop();
    Phase *current() { return m_phases.isEmpty() ? nullptr : &m_phases.last(); }

    MonitorOptions m_options;
    QTimer *m_ticker = nullptr;
    qint64 m_lastTickNs = 0, m_lastTickCpuNs = 0;
    QVector<Phase> m_phases;
    pthread_t m_uiThread;
    std::unique_ptr<StackSampler> m_sampler;

    std::thread m_watchdog;
    std::atomic_bool m_stop{false};
    std::atomic<quint64> m_handled{0}; // sequence number of the last probe handled
    std::mutex m_mutex;                // guards m_samples and m_wake
    std::condition_variable m_wake;
    QHash<quint64, QVector<Stack>> m_samples; // probe sequence -> stacks taken while it waited
};

} // namespace pp::stall
