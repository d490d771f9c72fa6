#include "PreviewController.h"

#include "BatchRunner.h"
#include "Translations.h"

#include <QJsonDocument>

namespace pp::gui {

PreviewController::PreviewController(JobRunner *pool, int maxSide, QObject *parent)
    : QObject(parent), m_maxSide(maxSide)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &PreviewController::requestAfter);
    Preset original;
    original.name = QStringLiteral("original");
    original.steps = {QJsonObject{{"op", "autoOrient"}}};
    original.output.format = OutputFormat::Png; // keeps transparency in the "before" side
    m_beforeJson = QJsonDocument(original.toJson()).toJson(QJsonDocument::Compact);
    setPool(pool);
}

void PreviewController::setPool(JobRunner *pool)
{
    for (const auto &c : m_connections)
        disconnect(c);
    m_connections.clear();
    m_pool = pool;
    m_beforeJob = m_afterJob = 0;
    if (!pool)
        return;
    m_connections << connect(pool, &JobRunner::jobFinished, this, &PreviewController::onFinished);
    m_connections << connect(pool, &JobRunner::jobFailed, this,
                             [this](quint64 id, const proto::Failed &f, int) { onFailed(id, f); });
    if (!m_path.isEmpty()) {
        requestBefore();
        requestAfter();
    }
}

quint64 PreviewController::submit(const QByteArray &presetJson)
{
    if (!m_pool)
        return 0;
    JobSpec spec;
    spec.id = m_pool->reserveJobIds(1);
    spec.presetId = m_pool->registerPreset(presetJson);
    if (m_memory.isEmpty()) {
        spec.inputPath = m_path;
    } else {
        spec.inputKind = proto::InputKind::SharedMemory;
        spec.inputData = m_memory;
    }
    spec.previewOnly = true;
    spec.previewMax = m_maxSide;
    spec.priority = JobPriority::Interactive;
    m_pool->submit(spec);
    return spec.id;
}

void PreviewController::setSource(const QByteArray &path, const QByteArray &memoryData)
{
    if (path == m_path && memoryData == m_memory)
        return;
    m_path = path;
    m_memory = memoryData;
    // Results of jobs for the previous image are ignored when they arrive.
    m_beforeJob = m_afterJob = 0;
    m_afterDirty = false;
    if (m_path.isEmpty()) {
        emit busyChanged(false);
        return;
    }
    requestBefore();
    m_debounce.stop();
    requestAfter(); // a new image is shown at once; only parameter changes wait
}

void PreviewController::setPreset(const Preset &preset)
{
    const QByteArray json = QJsonDocument(preset.toJson()).toJson(QJsonDocument::Compact);
    if (m_hasPreset && json == m_presetJson)
        return;
    m_presetJson = json;
    m_hasPreset = true;
    if (!m_path.isEmpty()) {
        m_debounce.start();
        emit busyChanged(true);
    }
}

void PreviewController::requestBefore()
{
    if (m_path.isEmpty())
        return;
    m_beforeJob = submit(m_beforeJson);
}

void PreviewController::requestAfter()
{
    if (m_path.isEmpty() || !m_hasPreset)
        return;
    if (m_afterJob) {
        m_afterDirty = true; // sent when the job in flight is back
        return;
    }
    m_afterDirty = false;
    m_afterJob = submit(m_presetJson);
    emit busyChanged(true);
}

void PreviewController::onFinished(quint64 id, const proto::Finished &f, const QImage &preview)
{
    if (id == 0)
        return;
    if (id == m_beforeJob) {
        m_beforeJob = 0;
        emit beforeReady(preview, QSize(int(f.sourceWidth), int(f.sourceHeight)));
    } else if (id == m_afterJob) {
        m_afterJob = 0;
        if (m_afterDirty)
            requestAfter(); // the result is already stale: the next one is coming
        else
            emit afterReady(preview, QSize(int(f.width), int(f.height)),
                            (double(f.decodeUs) + f.processUs + f.encodeUs) / 1000.0);
    } else {
        return;
    }
    if (!isBusy())
        emit busyChanged(false);
}

void PreviewController::onFailed(quint64 id, const proto::Failed &f)
{
    if (id == 0 || (id != m_beforeJob && id != m_afterJob))
        return;
    const bool before = id == m_beforeJob;
    (before ? m_beforeJob : m_afterJob) = 0;
    if (!before && m_afterDirty) {
        requestAfter();
        return;
    }
    emit failed(i18n::localText(failureMessage(f.code, f.message)));
    if (!isBusy())
        emit busyChanged(false);
}

} // namespace pp::gui
