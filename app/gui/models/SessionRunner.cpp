#include "SessionRunner.h"

namespace pp::gui {

SessionRunner::SessionRunner(JobRunner *pool, int thumbnailMax, QObject *parent)
    : JobRunner(parent), m_pool(pool), m_thumbnailMax(thumbnailMax),
      m_replacedAtStart(pool->workersReplaced())
{
    connect(pool, &JobRunner::jobStarted, this, [this](quint64 id, int worker, qint64 pid) {
        if (const auto it = m_toLocal.constFind(id); it != m_toLocal.constEnd())
            emit jobStarted(*it, worker, pid);
    });
    connect(pool, &JobRunner::jobProgress, this, [this](quint64 id, int step, int steps) {
        if (const auto it = m_toLocal.constFind(id); it != m_toLocal.constEnd())
            emit jobProgress(*it, step, steps);
    });
    connect(pool, &JobRunner::jobFinished, this,
            [this](quint64 id, const proto::Finished &f, const QImage &preview) {
        quint64 local;
        if (!take(id, &local))
            return;
        proto::Finished mine = f;
        mine.jobId = local;
        emit jobFinished(local, mine, preview);
        if (m_toLocal.isEmpty())
            emit idle();
    });
    connect(pool, &JobRunner::jobFailed, this, [this](quint64 id, const proto::Failed &f, int attempts) {
        quint64 local;
        if (!take(id, &local))
            return;
        proto::Failed mine = f;
        mine.jobId = local;
        emit jobFailed(local, mine, attempts);
        if (m_toLocal.isEmpty())
            emit idle();
    });
    connect(pool, &JobRunner::log, this, &JobRunner::log);
    connect(pool, &JobRunner::fatal, this, &JobRunner::fatal);
}

bool SessionRunner::take(quint64 poolId, quint64 *local)
{
    const auto it = m_toLocal.find(poolId);
    if (it == m_toLocal.end())
        return false;
    *local = *it;
    m_toLocal.erase(it);
    return true;
}

void SessionRunner::setMemoryInput(const QByteArray &path, const QByteArray &encoded)
{
    m_memory.insert(path, encoded);
}

void SessionRunner::submit(const JobSpec &job)
{
    JobSpec spec = job;
    spec.id = m_pool->reserveJobIds(1);
    if (spec.previewMax < 0)
        spec.previewMax = m_thumbnailMax;
    if (const auto it = m_memory.constFind(job.inputPath); it != m_memory.constEnd()) {
        spec.inputKind = proto::InputKind::SharedMemory;
        spec.inputData = *it;
    }
    m_toLocal.insert(spec.id, job.id);
    m_pool->submit(spec);
}

QList<quint64> SessionRunner::cancelAll()
{
    if (m_cancelled)
        return m_dropped; // every BatchRunner of the session asks; all get the same answer
    m_cancelled = true;
    QList<quint64> others;
    for (quint64 poolId : m_pool->cancelAll()) {
        quint64 local;
        if (take(poolId, &local))
            m_dropped << local;
        else
            others << poolId;
    }
    if (!others.isEmpty())
        emit othersDropped(others);
    return m_dropped;
}

} // namespace pp::gui
