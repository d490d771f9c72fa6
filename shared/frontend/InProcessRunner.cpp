#include "InProcessRunner.h"

#include <QCoreApplication>
#include <QThread>
#include <cstring>
#include <sys/stat.h>
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
    QString error; // a preset that does not parse fails each of its jobs with this error
    m_executor.definePreset(id, json, &error);
    m_presetIds.insert(json, id);
    return id;
}

void InProcessRunner::submit(const JobSpec &job)
{
    m_queue.push(job, job.priority);
    dispatch();
}

void InProcessRunner::dispatch()
{
    while (m_queue.available(m_paused) > 0 && m_running < m_settings.workers) {
        const int worker = int(m_busy.indexOf(false));
        m_busy[worker] = true;
        ++m_running;
        JobSpec spec = m_queue.take(m_paused);
        spec.holdTemporaryFolders();
        // A developer's tool: its threads read the input by name, and its times come by name.
        struct stat st {
        };
        if (spec.inputKind == proto::InputKind::File && ::stat(spec.inputPath.constData(), &st) == 0)
            spec.sourceTimes = FileTimes{st.st_atim, st.st_mtim};
        m_threads.start([this, spec, worker] { runOne(spec, worker); });
    }
}

void InProcessRunner::runOne(const JobSpec &spec, int worker)
{
    QMetaObject::invokeMethod(
        this, [this, id = spec.id, worker] { emit jobStarted(id, worker, QCoreApplication::applicationPid()); });
    proto::Job job = spec.toJob(m_settings.previewMax);
    job.previewSlot = job.previewMax > 0 ? 0 : -1; // a preview is returned in memory, not a slot
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
    Message words; // the front end's own words for a failed commit
    if (out.ok && out.finished.outcome == proto::Outcome::Written) {
        const WriteResult c = spec.commitOutputs(&out.finished);
        if (!c.ok) {
            out.ok = false;
            out.failed = {spec.id, c.code, c.error};
            words = c.words;
        }
    } else if (!out.ok) {
        spec.removeTemporaries(); // a write cut short, also in a folder moved away meanwhile
    }
    QMetaObject::invokeMethod(this, [this, out = std::move(out), words, worker] {
        {
            QMutexLocker lock(&m_cancelMutex);
            m_cancelIds.remove(out.ok ? out.finished.jobId : out.failed.jobId);
        }
        m_busy[worker] = false;
        --m_running;
        if (out.ok) {
            Preview preview;
            if (!out.preview.empty() && out.preview.type() == CV_8UC4) {
                preview = Preview::allocate(out.preview.cols, out.preview.rows);
                if (!preview.isNull()) {
                    const cv::Mat packed = out.preview.isContinuous() ? out.preview : out.preview.clone();
                    std::memcpy(preview.bits(), packed.data, packed.total() * 4);
                }
            }
            emit jobFinished(out.finished.jobId, out.finished, preview);
        } else {
            emit jobFailed(out.failed.jobId, JobFailure(out.failed, words), 1);
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
    const QList<quint64> dropped = withdraw(ids); // the queued ones; the running one is asked to stop
    QMutexLocker lock(&m_cancelMutex);
    m_cancelIds.unite(QSet<quint64>(ids.begin(), ids.end())); // those not running any more are never asked about
    return dropped;
}

QList<quint64> InProcessRunner::withdraw(const QList<quint64> &ids)
{
    const QSet<quint64> wanted(ids.begin(), ids.end());
    QList<quint64> taken;
    for (const JobSpec &s : m_queue.removeIf([&](const JobSpec &s) { return wanted.contains(s.id); }))
        taken << s.id;
    return taken;
}

void InProcessRunner::setPaused(bool paused)
{
    m_paused = paused;
    dispatch();
}

void InProcessRunner::shutdown()
{
    m_queue.takeAll();
    m_cancel = true;
    m_threads.waitForDone();
}

} // namespace pp
