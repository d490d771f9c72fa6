// Thumbnails of queued images, made on background threads and only for what the view paints
// (so a queue of 10,000 images costs nothing until scrolled to). The newest request is served
// first and old ones are dropped when the backlog grows: after a fast scroll, what is on screen
// now matters, not what flew past.
#pragma once

#include <QByteArray>
#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <memory>

namespace pp::gui {

class ThumbnailCache : public QObject
{
    Q_OBJECT
public:
    // side: longest side of a thumbnail in device pixels.
    explicit ThumbnailCache(int side, QObject *parent = nullptr);
    ~ThumbnailCache() override;

    // The thumbnail for `key` (a file path), or a null image while it is being made (ready() is
    // emitted then) or when it cannot be made (failed(key) is true). memoryData: the encoded
    // bytes of an image without a file.
    QImage get(const QByteArray &key, const QByteArray &memoryData = {});
    bool failed(const QByteArray &key) const { return m_failed.contains(key); }
    void forget(const QByteArray &key);
    int side() const { return m_side; }

    // Reads and scales one image (also used for tests). Never decodes more than it must: JPEGs
    // are scaled while decoding.
    static QImage load(const QByteArray &path, const QByteArray &memoryData, int side);

signals:
    void ready(const QByteArray &key);

private:
    struct Shared;
    void deliver(const QByteArray &key, const QImage &image);
    void startWorkers();

    int m_side;
    QCache<QByteArray, QImage> m_cache;
    QSet<QByteArray> m_failed;
    std::shared_ptr<Shared> m_shared;
    QThreadPool m_pool;
};

} // namespace pp::gui
