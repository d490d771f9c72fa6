#include "PreviewController.h"

#include "BatchRunner.h"
#include "FailureText.h"
#include "OperationCatalog.h"
#include "OutputPlanner.h"
#include "Pipeline.h"
#include "PreviewImage.h"

#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <algorithm>

namespace pp::gui {

bool cannotReadImage(proto::FailureCode code)
{
    using F = proto::FailureCode;
    return code == F::CannotRead || code == F::Unsupported || code == F::Corrupt || code == F::TooLarge;
}

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
    m_beforeJob = m_afterJob = m_regionJob = 0;
    if (!pool)
        return;
    m_connections << connect(pool, &JobRunner::jobFinished, this, &PreviewController::onFinished);
    m_connections << connect(pool, &JobRunner::jobFailed, this,
                             [this](quint64 id, const proto::Failed &f, int) { onFailed(id, f); });
    if (!m_path.isEmpty()) {
        requestBefore();
        requestAfter();
        requestRegion();
    }
}

quint64 PreviewController::submit(const QByteArray &presetJson, const QRect &region)
{
    if (!m_pool)
        return 0;
    JobSpec spec;
    spec.id = m_pool->reserveJobIds(1);
    spec.presetId = m_pool->registerPreset(presetJson);
    if (m_memory.isEmpty()) {
        spec.inputPath = m_path;
        spec.inputConfinement = m_confinement;
    } else {
        spec.inputKind = proto::InputKind::SharedMemory;
        spec.inputData = m_memory;
    }
    spec.keptFormat = presetJson == m_presetJson && m_presetKeepsFormat ? keptFormat() : OutputFormat::Keep;
    spec.previewOnly = true;
    spec.previewMax = m_maxSide;
    spec.priority = JobPriority::Interactive;
    if (!region.isEmpty())
        spec.region = {region.x(), region.y(), region.width(), region.height()};
    m_pool->submit(spec);
    return spec.id;
}

void PreviewController::setSource(const QByteArray &path, const QByteArray &memoryData, const Confinement &confinement)
{
    if (path == m_path && memoryData == m_memory && confinement == m_confinement)
        return;
    m_path = path;
    m_memory = memoryData;
    m_confinement = confinement;
    restart();
}

void PreviewController::reload()
{
    if (!m_path.isEmpty())
        restart();
}

void PreviewController::restart()
{
    // Results of jobs for the previous image are ignored when they arrive.
    m_beforeJob = m_afterJob = m_regionJob = 0;
    m_afterDirty = m_regionDirty = false;
    m_waitingForWorkers = false;
    m_beforeSize = {};
    m_region = {}; // the pane asks again once it knows the new image's size
    m_keptFormat.reset();
    if (m_path.isEmpty()) {
        emit busyChanged(false);
        return;
    }
    requestBefore();
    m_debounce.stop();
    requestAfter(); // a new image is shown at once; only parameter changes wait
}

OutputFormat PreviewController::keptFormat()
{
    if (!m_keptFormat) {
        InputItem source;
        source.path = m_path;
        source.data = m_memory;
        m_keptFormat = OutputPlanner::keptFormat(source);
    }
    return *m_keptFormat;
}

void PreviewController::setPreset(const Preset &preset)
{
    const QByteArray json = QJsonDocument(preset.toJson()).toJson(QJsonDocument::Compact);
    if (m_hasPreset && json == m_presetJson)
        return;
    m_presetJson = json;
    const QVector<PresetOutput> targets = preset.targets();
    m_presetKeepsFormat = std::any_of(targets.begin(), targets.end(),
                                      [](const PresetOutput &t) { return t.output.format == OutputFormat::Keep; });
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
    m_afterPreset = m_presetJson;
    emit busyChanged(true);
    requestRegion(); // the region shown at 100 % follows the preset too
}

void PreviewController::setRegion(const QRect &beforeRect)
{
    if (beforeRect == m_region)
        return;
    m_region = beforeRect;
    requestRegion();
}

void PreviewController::requestRegion()
{
    if (m_path.isEmpty() || !m_hasPreset || m_region.isEmpty())
        return;
    if (m_regionJob) {
        m_regionDirty = true; // only the latest region is sent, when the job in flight is back
        return;
    }
    m_regionDirty = false;
    // The slot holds the before and the after region side by side.
    const QRect fitted = fitRegion(m_region, qint64(m_maxSide) * m_maxSide * 4, proto::kMaxRegionSide);
    if (fitted.isEmpty())
        return;
    m_regionJob = submit(m_presetJson, fitted);
    m_regionPreset = m_presetJson;
    ++m_regionJobsSent;
}

void PreviewController::onRegionFinished(const proto::Finished &f, const QImage &preview, bool latest)
{
    const proto::Region &b = f.beforeRegion, &a = f.afterRegion;
    if (preview.isNull() || b.isEmpty() || preview.width() < b.width + a.width)
        return; // the pool has checked the frame: only a runner without previews gets here
    RegionPreview r;
    r.before = preview.copy(0, 0, b.width, b.height);
    r.after = preview.copy(b.width, 0, a.width, a.height);
    r.beforeRect = QRect(b.x, b.y, b.width, b.height);
    r.afterRect = QRect(a.x, a.y, a.width, a.height);
    r.beforeSize = m_beforeSize;
    r.outputSize = QSize(int(f.width), int(f.height));
    r.latest = latest;
    emit regionReady(r);
}

void PreviewController::onFinished(quint64 id, const proto::Finished &f, const Preview &preview)
{
    // Every job of the runner comes by here, a batch's too: only this controller's own previews
    // become images.
    if (id == 0)
        return;
    if (id == m_regionJob) {
        m_regionJob = 0;
        // A region the user panned away from still shows the right pixels where it is while the
        // next comes; one made with a preset since changed does not.
        const bool dirty = m_regionDirty;
        if (m_regionPreset == m_presetJson)
            onRegionFinished(f, toImage(preview), !dirty);
        if (dirty)
            requestRegion();
        return;
    }
    if (id == m_beforeJob) {
        m_beforeJob = 0;
        // The upright size (the "before" job only orients): what a region's coordinates refer to.
        m_beforeSize = QSize(int(f.width), int(f.height));
        emit beforeReady(toImage(preview), m_beforeSize);
    } else if (id == m_afterJob) {
        m_afterJob = 0;
        if (m_afterDirty)
            requestAfter(); // the result is already stale: the next one is coming
        else
            emit afterReady(toImage(preview), QSize(int(f.width), int(f.height)),
                            (double(f.decodeUs) + f.processUs + f.encodeUs) / 1000.0);
    } else {
        return;
    }
    if (!isBusy())
        emit busyChanged(false);
}

void PreviewController::retryIfWorkersWereMissing()
{
    if (!std::exchange(m_waitingForWorkers, false) || m_path.isEmpty())
        return;
    if (!m_beforeJob)
        requestBefore();
    requestAfter();
    requestRegion();
}

void PreviewController::onFailed(quint64 id, const proto::Failed &f)
{
    const bool mine = id != 0 && (id == m_regionJob || id == m_beforeJob || id == m_afterJob);
    if (mine && f.code == proto::FailureCode::WorkersCannotStart)
        m_waitingForWorkers = true;
    if (id != 0 && id == m_regionJob) {
        m_regionJob = 0;
        if (m_regionDirty)
            requestRegion();
        else
            emit failed(failureText(f, m_regionPreset));
        return;
    }
    if (id == 0 || (id != m_beforeJob && id != m_afterJob))
        return;
    const bool before = id == m_beforeJob;
    (before ? m_beforeJob : m_afterJob) = 0;
    if (!before && m_afterDirty) {
        requestAfter();
        return;
    }
    const QString text = failureText(f, before ? m_beforeJson : m_afterPreset);
    emit failed(text);
    if (!isBusy())
        emit busyChanged(false);
    if (before && cannotReadImage(f.code))
        emit sourceUnreadable(text); // last: the window may show another image
}

QString PreviewController::failureText(const proto::Failed &f, const QByteArray &presetJson) const
{
    if (f.code == proto::FailureCode::WorkersCannotStart && !m_noWorkersText.isEmpty())
        return m_noWorkersText;
    Message invalid;
    const std::optional<Preset> preset = Preset::fromJson(QJsonDocument::fromJson(presetJson).object(), &invalid);
    return FailureText::of(failureMessage(f.code, f.message), preset ? &*preset : nullptr);
}

} // namespace pp::gui
