// Before/after preview of one image with one preset, computed by the pool's workers (preview-only
// jobs that jump the queue), never on the UI thread. "Before" is the image with only autoOrient
// applied, so both sides are decoded and oriented by the same engine. Parameter changes are
// debounced, and at most one "after" job is in flight: a slider dragged for a second costs one
// or two jobs, not sixty.
#pragma once

#include "JobRunner.h"
#include "Preset.h"

#include <QImage>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace pp::gui {

class PreviewController : public QObject
{
    Q_OBJECT
public:
    PreviewController(JobRunner *pool, int maxSide, QObject *parent = nullptr);

    void setPool(JobRunner *pool); // the window replaces its pool when the worker count changes
    // The image to preview; an empty path clears the preview. memoryData: for images without a file.
    void setSource(const QByteArray &path, const QByteArray &memoryData = {});
    void setPreset(const Preset &preset); // debounced
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }
    bool hasSource() const { return !m_path.isEmpty(); }
    // Busy: a new "after" is on its way (the "before" shows its own loading state).
    bool isBusy() const { return m_afterJob || m_debounce.isActive(); }

signals:
    void beforeReady(const QImage &image, const QSize &sourceSize);
    void afterReady(const QImage &image, const QSize &outputSize, double ms);
    void failed(const QString &reason);
    void busyChanged(bool busy);

private:
    quint64 submit(const QByteArray &presetJson);
    void requestBefore();
    void requestAfter();
    void onFinished(quint64 id, const proto::Finished &f, const QImage &preview);
    void onFailed(quint64 id, const proto::Failed &f);

    QPointer<JobRunner> m_pool;
    QList<QMetaObject::Connection> m_connections;
    int m_maxSide;
    QByteArray m_path, m_memory;
    QByteArray m_presetJson, m_beforeJson;
    bool m_hasPreset = false;
    quint64 m_beforeJob = 0, m_afterJob = 0;
    bool m_afterDirty = false; // the preset changed while a job was in flight
    QTimer m_debounce;
};

} // namespace pp::gui
