#include "InProcessRunner.h"

#include <QCoreApplication>
#include <QThread>
#include <opencv2/core.hpp>

namespace pp {

InProcessRunner::InProcessRunner(const RunnerSettings &settings, QObject *parent)
    : JobRunner(parent), m_settings(settings), m_executor(settings.maxPixels)
{
    if (m_settings.workers <= 0)
        m_settings.workers = std::max(1, QThread::idealThreadCount());
    m_threads.setMaxThreadCount(m_settings.workers);
    m_busy.fill(false, m_settings.workers);
}

InProcessRunner::~InProcessRunner() { shutdown(); }

bool InProcessRunner::start(QString *)
{
    cv::setNumThreads(1); // like a worker: one OpenCV thread per job thread
    return true;
}

quint32 InProcessRunner::registerPreset(const QByteArray &json)
{
    if (auto it = m_presetIds.constFind(json); it != m_presetIds.constEnd())
        return *it;
    const quint32 id = quint32(m_presetIds.size() + 1);
    QString error;
    m_threads.waitForDone(); // presets change only between jobs
    m_executor.definePreset(id, json, &error);
    m_presetIds.insert(json, id);
    return id;
}

void InProcessRunner::submit(const JobSpec &job)
{
    if (job.priority)
        m_queue.push_front(job);
    else
        m_queue.push_back(job);
    dispatch();
}

void InProcessRunner::dispatch()
{
    while (!m_paused && !m_queue.empty() && m_running < m_settings.workers) {
        const int worker = int(m_busy.indexOf(false));
        m_busy[worker] = true;
        ++m_running;
        JobSpec spec = std::move(m_queue.front());
        m_queue.pop_front();
        m_threads.start([this, spec, worker] { runOne(spec, worker); });
    }
}

void InProcessRunner::runOne(const JobSpec &spec, int worker)
{
    QMetaObject::invokeMethod(this, [this, id = spec.id, worker] {
        emit jobStarted(id, worker, QCoreApplication::applicationPid());
    });
    proto::Job job;
    job.jobId = spec.id;
    job.presetId = spec.presetId;
    job.inputKind = spec.inputKind;
    job.inputPath = spec.inputPath;
    job.outputPattern = spec.outputPattern;
    job.tempPath = spec.tempPath;
    job.overwrite = spec.overwrite;
    job.flags = spec.previewOnly ? proto::PreviewOnly : 0;
    const int previewMax = spec.previewMax < 0 ? m_settings.previewMax : spec.previewMax;
    job.previewSlot = previewMax > 0 ? 0 : -1;
    job.previewMax = quint16(previewMax);
    JobHooks hooks;
    hooks.cancelled = [this, id = spec.id] {
        if (m_cancel.load())
            return true;
        QMutexLocker lock(&m_cancelMutex);
        return m_cancelIds.contains(id);
    };
    const auto *data = reinterpret_cast<const uint8_t *>(spec.inputData.constData());
    JobOutcome out = m_executor.run(job, spec.inputKind == proto::InputKind::SharedMemory ? data : nullptr,
                                    size_t(spec.inputData.size()), hooks);
    if (out.ok && out.finished.outcome == proto::Outcome::Written) {
        const WriteResult c = spec.commitOutput(out.finished.width, out.finished.height);
        if (c.ok) {
            out.finished.outcome = c.outcome;
            out.finished.outputPath = c.finalPath;
        } else {
            out.ok = false;
            out.failed = {spec.id, c.code, c.error};
        }
    }
    QMetaObject::invokeMethod(this, [this, out = std::move(out), worker] {
        {
            QMutexLocker lock(&m_cancelMutex);
            m_cancelIds.remove(out.ok ? out.finished.jobId : out.failed.jobId);
        }
        m_busy[worker] = false;
        --m_running;
        if (out.ok) {
            QImage preview;
            if (!out.preview.empty())
                preview = QImage(out.preview.data, out.preview.cols, out.preview.rows,
                                 int(out.preview.step), QImage::Format_ARGB32).copy();
            emit jobFinished(out.finished.jobId, out.finished, preview);
        } else {
            emit jobFailed(out.failed.jobId, out.failed, 1);
        }
        dispatch();
        if (m_running == 0 && m_queue.empty()) {
            m_cancel = false;
            QMutexLocker lock(&m_cancelMutex);
            m_cancelIds.clear();
            emit idle();
        }
    });
}

QList<quint64> InProcessRunner::cancel(const QList<quint64> &ids)
{
    const QSet<quint64> wanted(ids.begin(), ids.end());
    QList<quint64> dropped;
    std::deque<JobSpec> kept;
    for (JobSpec &s : m_queue) {
        if (wanted.contains(s.id))
            dropped << s.id;
        else
            kept.push_back(std::move(s));
    }
    m_queue = std::move(kept);
    QMutexLocker lock(&m_cancelMutex);
    m_cancelIds.unite(wanted); // those not running any more are never asked about
    return dropped;
}

void InProcessRunner::setPaused(bool paused)
{
    m_paused = paused;
    dispatch();
}

void InProcessRunner::shutdown()
{
    m_queue.clear();
    m_cancel = true;
    m_threads.waitForDone();
}

} // namespace pp
