// One press of Start: the chosen queue items, grouped by the preset each one gets, run by one
// BatchRunner per preset on the window's pool, beside the previews. Every BatchEvent goes
// to the QueueModel as it happens; the counters feed the progress view. No widgets here, so the
// tests drive it with a real pool and no window.
#pragma once

#include "BatchRunner.h"
#include "QueueModel.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>

namespace pp::gui {

// What a preset makes, as one key: its settings and steps without its name and description (a
// renamed preset makes the same images).
QByteArray presetSettingsKey(const Preset &preset);
// The absolute folder a preset's outputs go to: its own folder if it names one, else the
// window's output folder.
QString outputFolderOf(const QString &presetFolder, const QString &windowFolder);

struct SessionFailure {
    quint64 uid = 0;
    QString name;
    QString reason;
    QString path = {}; // the input whole, as shown: two "cut.jpg" of different folders told apart
};

struct SessionSummary {
    int total = 0, done = 0, failed = 0, skipped = 0, cancelledItems = 0;
    int earlierOutputs = 0; // of the skipped: outputs an earlier run made of another image of the queue
    int nameTaken = 0;      // of the done: written under a numbered name, their own was taken (BatchEvent::nameTaken)
    double seconds = 0;
    bool cancelled = false;
    // The images a worker took, written or failed there (not skipped, refused by the planner or
    // cancelled), as the terminal's images/s counts them: the banner's rate is of these.
    int worked = 0;
    // The workers that began an image of this Start, by slot as BatchSummary counts them (a
    // replaced worker and its successor are one): 0 when every image was skipped or refused
    // before reaching one. Not the pool's size.
    int workers = 0;
    int workersReplaced = 0;
    QStringList outputDirs; // where the outputs went, one per preset folder
    QVector<SessionFailure> failures;
    QVector<SessionFailure> warnings; // written, with a warning (the reason): read whole in the banner's list
    QList<quint64> cancelledUids;     // never got to finish: what Retry offers besides failures
};

class BatchSession : public QObject
{
    Q_OBJECT
public:
    // Finds a preset by name (the library); nullopt when it no longer exists.
    using PresetLookup = std::function<std::optional<Preset>(const QString &name)>;

    BatchSession(JobRunner *pool, QueueModel *model, PresetLookup lookup, QObject *parent = nullptr);
    ~BatchSession() override;

    // Starts `uids`. Items without a preset of their own get defaultPreset. The output folder is
    // the preset's own, if it names one, else outputDir. Returns false (and *error) when nothing
    // can start (no items, unknown default preset, bad name template).
    bool start(const QList<quint64> &uids, const QString &defaultPreset, const QString &outputDir, QString *error);
    void setPaused(bool paused);
    void cancel();

    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_paused; }
    bool isCancelling() const { return m_cancelled && m_running; }
    int total() const { return m_total; }
    int completed() const { return m_completed; } // finished, failed or skipped; not cancelled
    int cancelledCount() const { return m_cancelledCount; }
    int done() const { return m_doneCount; } // written
    int failed() const { return m_failedCount; }
    int skipped() const { return m_skippedCount; } // their outputs existed
    // Images a worker took (tookAWorker(): written, or failed on a worker), as the banner's and
    // the terminal's summaries count them.
    int worked() const { return m_worked; }
    double elapsedSeconds() const; // not counting paused time
    // Of the images a worker took: an image skipped because its output exists costs nothing, and
    // a rerun that skipped 500 in its first second read "500 images/s" with seconds left.
    double imagesPerSecond() const;
    // The images not done yet (not finished, failed, skipped or cancelled) at that rate; -1 until
    // a worker has finished one (unknown yet).
    double etaSeconds() const;
    QList<quint64> uids() const { return m_allUids; }
    // Whether the running batch still runs images of the preset `saved` names (any case) with
    // other settings than it has: the batch goes on with the preset as it was when it started.
    bool runsOtherSettingsOf(const Preset &saved) const;

    // The longest side of the thumbnail asked of workers for finished items, in pixels: by
    // default the width of a queue card's picture at 100 %. The window asks for that width in its
    // device pixels: every byte of it is copied on the UI thread, and a larger one was only scaled
    // down again whenever the card was painted.
    static constexpr int kResultThumbnail = 162;
    void setResultThumbnail(int pixels) { m_resultThumbnail = pixels; }

signals:
    void progressChanged();
    void finished(const pp::gui::SessionSummary &summary);

private:
    struct Group {
        QString presetName;
        Preset preset;       // as it ran
        QList<quint64> uids; // by index in the group's BatchRunner
        BatchRunner *runner = nullptr;
        bool finished = false;
    };
    void onEvent(int group, const BatchEvent &e);
    void onGroupFinished(int group, const BatchSummary &s);
    void finish();

    JobRunner *m_pool;
    QPointer<QueueModel> m_model;
    PresetLookup m_lookup;
    QVector<Group> m_groups;
    QList<quint64> m_allUids;
    SessionSummary m_summary;
    // Slots of the workers that began an image, from every group's Started events (the groups
    // share the pool: their BatchSummary::workers added up would count a worker once per preset).
    QSet<int> m_workersUsed;
    int m_total = 0, m_completed = 0, m_doneCount = 0, m_failedCount = 0, m_skippedCount = 0, m_cancelledCount = 0;
    int m_worked = 0;
    int m_resultThumbnail = kResultThumbnail;
    bool m_running = false, m_paused = false, m_cancelled = false;
    QElapsedTimer m_clock, m_pauseClock;
    qint64 m_pausedNs = 0;
};

} // namespace pp::gui

Q_DECLARE_METATYPE(pp::gui::SessionSummary)
