// Runs jobs on threads of this process with the same JobExecutor the workers use. A developer
// option (--in-process) to measure what the process boundary costs; it has none of the pool's
// protection: a crash in a decoder takes the whole program down.
#pragma once

#include "JobExecutor.h"
#include "JobRunner.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QThreadPool>
#include <atomic>
#include <deque>

namespace pp {

class InProcessRunner : public JobRunner
{
    Q_OBJECT
public:
    explicit InProcessRunner(const RunnerSettings &settings, QObject *parent = nullptr);
    ~InProcessRunner() override;

    bool start(QString *error) override;
    quint32 registerPreset(const QByteArray &json) override;
    void submit(const JobSpec &job) override;
    QList<quint64> cancel(const QList<quint64> &ids) override;
    QList<quint64> withdraw(const QList<quint64> &ids) override;
    void setPaused(bool paused) override;
    int workerCount() const override { return m_settings.workers; }
    int pendingCount() const override { return int(m_queue.size()) + m_running; }
    void shutdown() override;

private:
    void dispatch();
    void runOne(const JobSpec &spec, int worker);

    RunnerSettings m_settings;
    JobExecutor m_executor; // presets are defined on the GUI thread before jobs use them
    QHash<QByteArray, quint32> m_presetIds;
    QThreadPool m_threads;
    JobQueue<JobSpec> m_queue;
    QVector<bool> m_busy;
    int m_running = 0;
    bool m_paused = false;
    std::atomic_bool m_cancel{false}; // everything: shutting down
    QMutex m_cancelMutex;
    QSet<quint64> m_cancelIds; // running jobs asked to stop
};

} // namespace pp
