// One batch session's view of the window's WorkerPool, given to the session's BatchRunners.
//
// The pool is shared with the previews and lives as long as the window, so this adapter:
//  - maps the session's job ids onto ids reserved from the pool (BatchRunner reserves ids from
//    the runner it is given; two independent counters on one pool would collide);
//  - asks for small result thumbnails (the pool's preview slots are sized for the 800 px
//    before/after preview; a queue thumbnail needs a fraction of that);
//  - turns queue entries without a file into shared-memory jobs (BatchRunner only knows paths);
//  - makes cancelAll() idempotent for the session: the pool drops every queued job at once,
//    and each of the session's BatchRunners (one per preset) must learn which were its own.
#pragma once

#include "JobRunner.h"

#include <QHash>

namespace pp::gui {

class SessionRunner : public JobRunner
{
    Q_OBJECT
public:
    SessionRunner(JobRunner *pool, int thumbnailMax, QObject *parent = nullptr);

    // Image data for the synthetic paths of queue entries without a file.
    void setMemoryInput(const QByteArray &path, const QByteArray &encoded);

    bool start(QString *) override { return true; } // the pool is already running
    quint32 registerPreset(const QByteArray &json) override { return m_pool->registerPreset(json); }
    void submit(const JobSpec &job) override;
    QList<quint64> cancelAll() override;
    void setPaused(bool paused) override { m_pool->setPaused(paused); }
    int workerCount() const override { return m_pool->workerCount(); }
    int pendingCount() const override { return int(m_toLocal.size()); }
    void shutdown() override {} // the pool belongs to the window
    int workersReplaced() const override { return m_pool->workersReplaced() - m_replacedAtStart; }

signals:
    // Jobs of others (previews) that the pool dropped when this session cancelled.
    void othersDropped(const QList<quint64> &poolIds);

private:
    bool take(quint64 poolId, quint64 *local);

    JobRunner *m_pool;
    int m_thumbnailMax;
    int m_replacedAtStart;
    QHash<quint64, quint64> m_toLocal; // pool id -> session id, while queued or running
    QHash<QByteArray, QByteArray> m_memory;
    bool m_cancelled = false;
    QList<quint64> m_dropped; // session ids dropped by the cancel
};

} // namespace pp::gui
