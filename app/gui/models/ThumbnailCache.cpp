#include "ThumbnailCache.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QMutex>
#include <QPointer>
#include <deque>

namespace pp::gui {

namespace {
constexpr int kMaxBacklog = 400;         // requests beyond this were scrolled past: dropped
constexpr qint64 kMaxSourcePixels = 100'000'000; // larger images get no thumbnail here
constexpr int kCacheKB = 96 * 1024;
} // namespace

struct ThumbnailCache::Shared {
    struct Request {
        QByteArray key, memoryData;
    };
    QMutex mutex;
    std::deque<Request> queue; // newest first
    QSet<QByteArray> queued;
    int running = 0;
    bool stopped = false;
};

ThumbnailCache::ThumbnailCache(int side, QObject *parent)
    : QObject(parent), m_side(side), m_shared(std::make_shared<Shared>())
{
    m_cache.setMaxCost(kCacheKB);
    // Two threads: enough to keep up with scrolling, without competing with the workers.
    m_pool.setMaxThreadCount(2);
}

ThumbnailCache::~ThumbnailCache()
{
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->stopped = true;
        m_shared->queue.clear();
    }
    m_pool.waitForDone(); // at most the images being read right now
}

QImage ThumbnailCache::load(const QByteArray &path, const QByteArray &memoryData, int side)
{
    QBuffer buffer;
    QImageReader reader;
    if (!memoryData.isEmpty()) {
        buffer.setData(memoryData);
        buffer.open(QIODevice::ReadOnly);
        reader.setDevice(&buffer);
    } else {
        reader.setFileName(QFile::decodeName(path));
    }
    reader.setAutoTransform(true); // EXIF orientation, as the workers' autoOrient does
    const QSize size = reader.size();
    if (!size.isValid() || qint64(size.width()) * size.height() > kMaxSourcePixels)
        return {};
    QSize scaled = size;
    if (size.width() > side || size.height() > side)
        scaled = size.scaled(side, side, Qt::KeepAspectRatio);
    reader.setScaledSize(scaled.expandedTo(QSize(1, 1)));
    QImage image = reader.read();
    if (image.isNull())
        return {};
    // The scaled size applies before the EXIF transform; rotated images come out transposed,
    // which is what we want. Convert once here so painting never converts.
    return image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied
                                                         : QImage::Format_RGB32);
}

QImage ThumbnailCache::get(const QByteArray &key, const QByteArray &memoryData)
{
    if (QImage *img = m_cache.object(key))
        return *img;
    if (m_failed.contains(key))
        return {};
    {
        QMutexLocker lock(&m_shared->mutex);
        if (m_shared->queued.contains(key)) {
            // Already waiting: move it to the front, it is being painted again.
            for (auto it = m_shared->queue.begin(); it != m_shared->queue.end(); ++it) {
                if (it->key == key) {
                    Shared::Request r = std::move(*it);
                    m_shared->queue.erase(it);
                    m_shared->queue.push_front(std::move(r));
                    break;
                }
            }
        } else {
            m_shared->queue.push_front({key, memoryData});
            m_shared->queued.insert(key);
            while (int(m_shared->queue.size()) > kMaxBacklog) {
                m_shared->queued.remove(m_shared->queue.back().key);
                m_shared->queue.pop_back();
            }
        }
    }
    startWorkers();
    return {};
}

void ThumbnailCache::startWorkers()
{
    std::shared_ptr<Shared> shared = m_shared;
    QMutexLocker lock(&shared->mutex);
    while (shared->running < m_pool.maxThreadCount() && int(shared->queue.size()) > shared->running) {
        ++shared->running;
        QPointer<ThumbnailCache> self(this);
        const int side = m_side;
        m_pool.start([shared, self, side] {
            for (;;) {
                Shared::Request r;
                {
                    QMutexLocker l(&shared->mutex);
                    if (shared->stopped || shared->queue.empty()) {
                        --shared->running;
                        return;
                    }
                    r = std::move(shared->queue.front());
                    shared->queue.pop_front();
                }
                const QImage image = load(r.key, r.memoryData, side);
                {
                    QMutexLocker l(&shared->mutex);
                    shared->queued.remove(r.key);
                    if (shared->stopped)
                        continue;
                    // The destructor waits for this pool, so `self` outlives the posting; the
                    // queued call is dropped if the cache is deleted before it runs.
                    QMetaObject::invokeMethod(self.data(), [self, key = r.key, image] {
                        if (self)
                            self->deliver(key, image);
                    }, Qt::QueuedConnection);
                }
            }
        });
    }
}

void ThumbnailCache::deliver(const QByteArray &key, const QImage &image)
{
    if (image.isNull())
        m_failed.insert(key);
    else
        m_cache.insert(key, new QImage(image), std::max<qsizetype>(1, image.sizeInBytes() / 1024));
    emit ready(key);
}

void ThumbnailCache::forget(const QByteArray &key)
{
    m_cache.remove(key);
    m_failed.remove(key);
}

} // namespace pp::gui
