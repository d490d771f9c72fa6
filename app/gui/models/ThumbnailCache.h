// Thumbnails of queued images, made by the pool's workers (preview-only jobs that go before the
// batch's next job, a few at a time while a batch runs), so the window never parses an image file
// itself. Made only
// for what the view paints, so a queue of 10,000 images costs nothing until scrolled to. The
// newest request is served first and old ones are dropped when the backlog grows: after a fast
// scroll, what is on screen now matters, not what flew past. A few jobs are in the pool at a
// time; the rest wait here, where their order can still change.
#pragma once

#include "JobRunner.h"

#include <QByteArray>
#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <deque>

namespace pp::gui {

class ThumbnailCache : public QObject
{
    Q_OBJECT
public:
    // side: longest side of a thumbnail in device pixels.
    explicit ThumbnailCache(int side, QObject *parent = nullptr);
    ~ThumbnailCache() override;

    // The runner that makes thumbnails (the window replaces its pool when the worker count
    // changes); requests in flight on the old one are sent again to the new one.
    void setRunner(JobRunner *runner);

    // The thumbnail for `key` (a file path), or a null image while it is being made (ready() is
    // emitted then) or when it cannot be made (failed(key) is true, reason(key) says why).
    // memoryData: the encoded bytes of an image without a file.
    // `confinement`: where the file must be (JobSpec::inputConfinement).
    QImage get(const QByteArray &key, const QByteArray &memoryData = {}, const Confinement &confinement = {});
    bool failed(const QByteArray &key) const { return m_failed.contains(key); }
    QString reason(const QByteArray &key) const { return m_failed.value(key); }
    // What is known of `key` goes: its file changed (an output written again at its path) or left.
    void forget(const QByteArray &key);
    // Workers may start again: thumbnails that failed because none could start are made again
    // when next painted (ready() is emitted for each, so that the view repaints them).
    void retryIfWorkersWereMissing();
    int side() const { return m_side; }

    // The preset a thumbnail job runs: upright, fit within side×side, never enlarged.
    static QByteArray presetJson(int side);

signals:
    void ready(const QByteArray &key);

private:
    struct Request {
        QByteArray key, memoryData;
        Confinement confinement;
    };
    void pump();
    void onFinished(quint64 id, const proto::Finished &f, const Preview &preview);
    void onFailed(quint64 id, const proto::Failed &f);
    // The in-flight job `id` is back; noWorkers: it failed because no worker could start.
    void settle(quint64 id, const QImage &image, const QString &failure, bool noWorkers = false);
    void cancelInFlight();

    int m_side;
    QCache<QByteArray, QImage> m_cache;
    QHash<QByteArray, QString> m_failed; // key → why
    QSet<QByteArray> m_noWorkers;        // failed keys whose failure was that no worker could start
    std::deque<Request> m_waiting;       // newest first
    QSet<QByteArray> m_waitingKeys;
    QHash<quint64, Request> m_inFlight; // job id → request
    QSet<quint64> m_forgottenInFlight;  // in flight when their key was forgotten
    QPointer<JobRunner> m_runner;
    QList<QMetaObject::Connection> m_connections;
    quint32 m_presetId = 0;
};

} // namespace pp::gui
