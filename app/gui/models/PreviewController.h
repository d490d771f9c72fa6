// Before/after preview of one image with one preset, computed by the pool's workers (preview-only
// jobs that jump the queue), never on the UI thread. "Before" is the image with only autoOrient
// applied, so both sides are decoded and oriented by the same engine. Parameter changes are
// debounced, and at most one "after" job is in flight: a slider dragged for a second costs one
// or two jobs, not sixty. At 100 % the pane asks for the region it shows (setRegion): one job
// at a time, the latest region wins, so dragging never queues a backlog.
#pragma once

#include "JobRunner.h"
#include "Preset.h"
#include "RegionPreview.h"

#include <QImage>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <optional>

namespace pp::gui {

// Whether a failure says the image itself cannot be read (missing, not an image, damaged, over the
// pixel limit): no preset would make anything of it.
bool cannotReadImage(proto::FailureCode code);

class PreviewController : public QObject
{
    Q_OBJECT
public:
    PreviewController(JobRunner *pool, int maxSide, QObject *parent = nullptr);

    void setPool(JobRunner *pool); // the window replaces its pool when the worker count changes
    // The image to preview; an empty path clears the preview. memoryData: for images without a file;
    // confinement: where its file must be (JobSpec::inputConfinement).
    void setSource(const QByteArray &path, const QByteArray &memoryData = {}, const Confinement &confinement = {});
    // The same image made again, before and after: its file may have changed or gone since (a
    // batch failed on it). Results of the jobs in flight are ignored when they arrive.
    void reload();
    void setPreset(const Preset &preset); // debounced
    void setDebounceMs(int ms) { m_debounce.setInterval(ms); }
    bool hasSource() const { return !m_path.isEmpty(); }
    // Busy: a new "after" is on its way (the "before" shows its own loading state).
    bool isBusy() const { return m_afterJob || m_debounce.isActive(); }
    // The region of the before image (upright source pixels) to show at 100 %; empty: none. Cut
    // to what a preview slot holds beside its after region.
    void setRegion(const QRect &beforeRect);
    QRect region() const { return m_region; }
    bool isRegionBusy() const { return m_regionJob != 0; }
    // What the pane says when a preview failed because no worker can start (the pool's reason in
    // the user's language; empty: the failure's own words).
    void setWorkersCannotStartText(const QString &text) { m_noWorkersText = text; }
    // Workers may start again: a preview that failed because none could start is asked for again.
    void retryIfWorkersWereMissing();
    int regionJobsSent() const { return m_regionJobsSent; }

signals:
    void beforeReady(const QImage &image, const QSize &sourceSize);
    void afterReady(const QImage &image, const QSize &outputSize, double ms);
    void failed(const QString &reason);
    // After failed(): the image itself cannot be read (cannotReadImage), as its "before" found.
    void sourceUnreadable(const QString &reason);
    void busyChanged(bool busy);
    void regionReady(const pp::gui::RegionPreview &region);

private:
    void restart(); // forgets the jobs in flight and asks for the current image again
    quint64 submit(const QByteArray &presetJson, const QRect &region = {});
    void requestRegion();
    void onRegionFinished(const proto::Finished &f, const QImage &preview, bool latest);
    void requestBefore();
    void requestAfter();
    void onFinished(quint64 id, const proto::Finished &f, const Preview &preview);
    void onFailed(quint64 id, const proto::Failed &f);
    // What the pane says of a failure of `presetJson` on the image (FailureText::of).
    QString failureText(const proto::Failed &f, const QByteArray &presetJson) const;

    QPointer<JobRunner> m_pool;
    QList<QMetaObject::Connection> m_connections;
    int m_maxSide;
    QByteArray m_path, m_memory;
    Confinement m_confinement;
    // What `format: keep` writes for the image, as the batch's planner decides it from its first bytes
    // and its name (a TIFF named scan.nef is a JPEG): the after side is made in that format. Read
    // (512 bytes, on this thread) only once a preset that keeps the format is shown with the image.
    OutputFormat keptFormat();
    std::optional<OutputFormat> m_keptFormat;
    QByteArray m_presetJson, m_beforeJson;
    bool m_hasPreset = false;
    bool m_presetKeepsFormat = false; // an output of the preset says `format: keep`
    quint64 m_beforeJob = 0, m_afterJob = 0;
    bool m_afterDirty = false; // the preset changed while a job was in flight
    QByteArray m_afterPreset;  // the preset of the after job in flight
    QSize m_beforeSize;        // the upright source's, once known
    QRect m_region;
    quint64 m_regionJob = 0;
    QByteArray m_regionPreset;  // the preset of the region job in flight
    bool m_regionDirty = false; // the region or the preset changed while a region job was in flight
    int m_regionJobsSent = 0;
    bool m_waitingForWorkers = false; // a job of the image shown failed: no worker could start
    QString m_noWorkersText;
    QTimer m_debounce;
};

} // namespace pp::gui
