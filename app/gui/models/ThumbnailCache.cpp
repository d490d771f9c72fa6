#include "ThumbnailCache.h"

#include "BatchRunner.h"
#include "Preset.h"
#include "PreviewImage.h"
#include "FailureText.h"

#include <QJsonDocument>

namespace pp::gui {

namespace {
constexpr int kMaxBacklog = 400; // requests beyond this were scrolled past: dropped
constexpr int kCacheKB = 96 * 1024;
} // namespace

ThumbnailCache::ThumbnailCache(int side, QObject *parent) : QObject(parent), m_side(side)
{
    m_cache.setMaxCost(kCacheKB);
}

ThumbnailCache::~ThumbnailCache() { cancelInFlight(); }

QByteArray ThumbnailCache::presetJson(int side)
{
    Preset p;
    p.name = QStringLiteral("queue thumbnail");
    p.steps = {QJsonObject{{"op", "autoOrient"}}, QJsonObject{{"op", "resize"},
                                                              {"mode", "fit"},
                                                              {"width", side},
                                                              {"height", side},
                                                              {"downscaleOnly", true},
                                                              {"filter", "area"}}};
    p.output.format = OutputFormat::Png; // keeps transparency
    p.input.raw = RawMode::Preview;      // a camera RAW's own preview is what a thumbnail needs
    return QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact);
}

void ThumbnailCache::cancelInFlight()
{
    if (m_runner && !m_inFlight.isEmpty())
        m_runner->cancel(m_inFlight.keys());
}

void ThumbnailCache::setRunner(JobRunner *runner)
{
    for (const auto &c : m_connections)
        disconnect(c);
    m_connections.clear();
    cancelInFlight();
    // What was in flight is asked for again, first.
    for (auto it = m_inFlight.begin(); it != m_inFlight.end(); ++it)
        if (!m_waitingKeys.contains(it->key)) {
            m_waitingKeys.insert(it->key);
            m_waiting.push_front(std::move(*it));
        }
    m_inFlight.clear();
    m_forgottenInFlight.clear(); // asked for again above, of the file as it is now
    m_runner = runner;
    m_presetId = 0;
    if (!runner)
        return;
    m_presetId = runner->registerPreset(presetJson(m_side));
    m_connections << connect(runner, &JobRunner::jobFinished, this, &ThumbnailCache::onFinished);
    m_connections << connect(runner, &JobRunner::jobFailed, this,
                             [this](quint64 id, const proto::Failed &f, int) { onFailed(id, f); });
    pump();
}

QImage ThumbnailCache::get(const QByteArray &key, const QByteArray &memoryData, const Confinement &confinement)
{
    if (QImage *img = m_cache.object(key))
        return *img;
    if (m_failed.contains(key))
        return {};
    for (const Request &r : m_inFlight) // one per worker at most
        if (r.key == key)
            return {};
    if (m_waitingKeys.contains(key)) {
        // Already waiting: move it to the front, it is being painted again.
        for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it) {
            if (it->key == key) {
                Request r = std::move(*it);
                m_waiting.erase(it);
                m_waiting.push_front(std::move(r));
                break;
            }
        }
    } else {
        m_waiting.push_front({key, memoryData, confinement});
        m_waitingKeys.insert(key);
        while (int(m_waiting.size()) > kMaxBacklog) {
            m_waitingKeys.remove(m_waiting.back().key);
            m_waiting.pop_back();
        }
    }
    pump();
    return {};
}

void ThumbnailCache::pump()
{
    if (!m_runner)
        return;
    // Thumbnails go before the batch's next job: behind every batch job (the background lane) the
    // cards scrolled to during a 10,000-image batch showed "…" until it ended. While other jobs
    // wait or run (a batch, a preview), enough for each worker to run one, have the next sent
    // ahead (WorkerPool sends each worker one job ahead as the one it runs ends, before this hears
    // of that end), and one more waiting in the pool: a worker that comes free goes on with the
    // cards on screen before the batch's next job. One at a time, the job sent ahead was the
    // batch's, and each card waited for a batch job of its own (9 cards scrolled to during a batch
    // of multi-second jobs showed "…" for 45 s). With the pool to themselves, one per worker. Few
    // enough either way that what is painted next still goes first.
    const int others = m_runner->pendingCount() - int(m_inFlight.size());
    const int workers = std::max(1, m_runner->workerCount());
    const int limit = others > 0 ? 2 * workers + 1 : workers;
    while (m_inFlight.size() < limit && !m_waiting.empty()) {
        Request r = std::move(m_waiting.front());
        m_waiting.pop_front();
        m_waitingKeys.remove(r.key);
        JobSpec spec;
        spec.id = m_runner->reserveJobIds(1);
        spec.presetId = m_presetId;
        if (r.memoryData.isEmpty()) {
            spec.inputPath = r.key;
            spec.inputConfinement = r.confinement;
        } else {
            spec.inputKind = proto::InputKind::SharedMemory;
            spec.inputData = r.memoryData;
        }
        spec.previewOnly = true;
        spec.previewMax = m_side;
        spec.priority = JobPriority::Interactive;
        m_inFlight.insert(spec.id, std::move(r));
        m_runner->submit(spec);
    }
}

void ThumbnailCache::onFinished(quint64 id, const proto::Finished &, const Preview &preview)
{
    if (!m_inFlight.contains(id))
        return;
    if (preview.isNull())
        return settle(id, {}, tr("no preview came back"));
    settle(id, toImage(preview), {}); // premultiplied by the worker, as painting wants it
}

void ThumbnailCache::onFailed(quint64 id, const proto::Failed &f)
{
    if (m_inFlight.contains(id))
        settle(id, {}, FailureText::shown(failureMessage(f.code, f.message)),
               f.code == proto::FailureCode::WorkersCannotStart);
}

void ThumbnailCache::settle(quint64 id, const QImage &image, const QString &failure, bool noWorkers)
{
    const QByteArray key = m_inFlight.take(id).key;
    if (m_forgottenInFlight.remove(id)) { // made of what the file was: asked for again when painted
        emit ready(key);
        pump();
        return;
    }
    if (noWorkers)
        m_noWorkers.insert(key);
    if (image.isNull())
        m_failed.insert(key, failure);
    else
        m_cache.insert(key, new QImage(image), std::max<qsizetype>(1, image.sizeInBytes() / 1024));
    emit ready(key);
    pump();
}

void ThumbnailCache::retryIfWorkersWereMissing()
{
    const QSet<QByteArray> keys = std::exchange(m_noWorkers, {});
    for (const QByteArray &key : keys)
        if (m_failed.remove(key))
            emit ready(key); // painted again, it is asked for again
}

void ThumbnailCache::forget(const QByteArray &key)
{
    m_cache.remove(key);
    m_failed.remove(key);
    m_noWorkers.remove(key);
    for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it)
        if (it.value().key == key)
            m_forgottenInFlight.insert(it.key()); // it may have read what was there before
    if (m_waitingKeys.remove(key))
        std::erase_if(m_waiting, [&](const Request &r) { return r.key == key; });
}

} // namespace pp::gui
