// Runs one batch: plans outputs, feeds a JobRunner, and turns what comes back into one stream
// of events (started, progress, finished, skipped, failed) that the terminal output, --json and
// the GUI's progress view all consume. The final report is in input order.
#pragma once

#include "CostEstimator.h"
#include "InputScanner.h"
#include "JobRunner.h"
#include "OutputPlanner.h"
#include "Preset.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <memory>

namespace pp {

// One output of a finished or skipped image whose preset has `outputs` (BatchEvent::outputs).
struct BatchOutput {
    QString name;
    QByteArray path;
    int width = 0, height = 0; // 0: not known (an existing output that was kept)
    qint64 bytes = 0;
    bool existing = false; // the output was already there and the policy is skip: kept as it was
};

struct BatchEvent {
    enum class Kind { Started, Progress, Finished, Skipped, Failed };
    Kind kind = Kind::Started;
    int index = 0; // position in the batch's inputs
    QByteArray input;
    QByteArray output;
    int worker = -1;
    qint64 pid = 0;
    int step = 0, steps = 0;
    int width = 0, height = 0, sourceWidth = 0, sourceHeight = 0;
    qint64 bytes = 0;
    double ms = 0;
    Message reason;                                        // skipped/failed reason, or a warning on finished
    proto::FailureCode code = proto::FailureCode::Unknown; // failed/skipped: why, for code to compare
    int attempts = 0;
    Preview preview;
    // A preset with `outputs`: every one, in the preset's order, when the image finished or was
    // skipped (`output`, `width`, `height` and `bytes` above are the first's). Empty otherwise.
    QVector<BatchOutput> outputs;
    // Finished or skipped: a name of an output's path was longer than the file system allows and
    // was shortened (fitPath; on a finished image, `reason` says so as a warning).
    bool nameShortened = false;
    // Finished or skipped: characters of an output's name that the output folder's file system
    // takes in no name (one made for Windows: a memory card, a USB stick), written as '_'
    // (windowsName), each once.
    QByteArray nameReplaced;
    // Finished: an output's name was taken, by a file there before the batch or an output another
    // source has there, and the rename policy wrote it under a numbered one (PlannedOutput::renamed):
    // a rerun's copies are said, not only seen in a name's "(2)".
    bool nameTaken = false;
    // Failed, unread: the folder the image was in went during the batch (removed, moved away, a card
    // taken out): the highest folder gone, and why it cannot be reached ("no such file or folder").
    // Every image left in it fails alike; the terminal says so once, not once an image. `reason`
    // stays what reading the image met.
    QByteArray inputFolderGone;
    Message inputFolderGoneWhy;
    // Skipped: a worker made the image before its output was found there (a name filled at commit,
    // {width}x{height}, {date}…, is known only once the image is made): work done, as a written
    // image's is, though nothing was written.
    bool madeThenSkipped = false;
};

// A cancelled image is a Failed event with code Cancelled (the window's queue marks it so);
// the summary counts it apart from the failures.
inline bool isCancelled(const BatchEvent &e)
{
    return e.kind == BatchEvent::Kind::Failed && e.code == proto::FailureCode::Cancelled;
}

// An image a worker made: written, or skipped only once made (madeThenSkipped).
inline bool madeByAWorker(const BatchEvent &e)
{
    return e.kind == BatchEvent::Kind::Finished || (e.kind == BatchEvent::Kind::Skipped && e.madeThenSkipped);
}

// An image a worker took: made (madeByAWorker), or failed on a worker (not refused before one, nor
// skipped before one, nor cancelled). A summary's images/s count these, the terminal's and the
// window's alike.
inline bool tookAWorker(const BatchEvent &e)
{
    return madeByAWorker(e) || (e.kind == BatchEvent::Kind::Failed && !isCancelled(e) && e.attempts > 0);
}

struct BatchSummary {
    int total = 0, done = 0, failed = 0, skipped = 0;
    int cancelledItems = 0; // not counted in failed
    double seconds = 0;
    // Workers that began an image of this batch, by slot (a replaced worker's successor is the
    // same one): 0 when every image was skipped or refused before reaching one.
    int workers = 0;
    int workersReplaced = 0;
    bool cancelled = false;      // the batch was cancelled (some items may have finished before)
    QVector<BatchEvent> results; // one final event per input, in input order
};

const char *eventName(BatchEvent::Kind k);

// An image's failure as a message: its code's headline, with what the worker or the pool said as
// the detail (the English text, as it came).
Message failureMessage(proto::FailureCode code, const QString &detail);

class BatchRunner : public QObject
{
    Q_OBJECT
public:
    BatchRunner(JobRunner *runner, const Preset &preset, const QString &outputDir, QObject *parent = nullptr);

    // Plans every item and submits the jobs, in slices between events (a long queue never
    // holds the event loop). Items that fail planning report as they are planned; the first
    // slice is planned before start() returns.
    void start(const QVector<InputItem> &items);
    // Stops this batch's jobs and no others on the runner (the window's previews go on).
    void cancel();
    // The size of the preview each finished image brings back (-1: the runner's default; 0: none).
    void setPreviewMax(int pixels) { m_previewMax = pixels; }
    void setPaused(bool paused);
    // One shard of a scaled-out batch (before start()): start()'s items are the shard's share of
    // `all`, at the positions `positions`. Names are planned as if all of `all` ran here (the
    // in-batch numbering, {index}), so every shard gives every input the same output name, and
    // temporaries of other processes are left alone (they may be another machine's).
    void setWholeBatch(QVector<InputItem> all, QVector<int> positions);
    // The files no output may take the place of (default: this batch's inputs, or the whole
    // batch's); the window gives every preset's batch all the files it queued, to be looked up
    // (SourceFiles::addLater) in slices before the first output is planned.
    void setSources(std::shared_ptr<SourceFiles> sources) { m_sources = std::move(sources); }
    // The output names taken by the batches that run alongside (the window's presets, a batch
    // each, into one folder): no output takes a name another's output took. Default: this
    // batch's own.
    void setTakenNames(std::shared_ptr<TakenNames> taken) { m_taken = std::move(taken); }
    // A file besides the inputs that no output may take the place of (the run's --report): kept by
    // its name, as the batch rewrites it (SourceFiles::addName).
    void protectFile(const QByteArray &path) { m_protected << path; }
    bool isRunning() const { return m_running; }
    // Once the batch has ended, and every batch that may write into its folders too: the
    // sub-folders its plan made that hold nothing (their images failed or were cancelled) go, and
    // so does the output folder when it was made for the batch and holds nothing.
    void removeEmptyFoldersMade();
    // The output folder (and folders above it) were made for this batch before start(), parents
    // first (OutputPlanner::checkOutputFolder's `made`): gone again if they hold nothing at the end.
    void setOutputFoldersMade(QVector<QByteArray> made) { m_outputFoldersMade = std::move(made); }
    int total() const { return int(m_items.size()); }
    // How long a slice waits for its header probe before it goes in order of bytes (before start()).
    void setProbeTimeoutMs(int ms) { m_probeTimeoutMs = ms; }
    // How long one planning slice may take before the runner lets other events in (10 ms; tests
    // give 0: the least a slice does, 64 sources looked up or 32 images planned).
    void setPlanSliceMs(int ms) { m_sliceMs = ms; }
    const CostEstimator *costEstimator() const { return m_estimator.get(); }
    int completed() const { return m_completed; }

signals:
    void event(const pp::BatchEvent &e);
    void finished(const pp::BatchSummary &summary);

private:
    void complete(int index, BatchEvent e);
    QVector<BatchOutput> outputsOf(const proto::Finished &f) const;
    // An output folder gone or no longer writable during the batch (docs/cli.md, "When the output
    // folder goes during the batch"): the first write that fails there tells; the images still to
    // be written there fail at once with why, without being sent to a worker, and the folder is
    // not made again (nor by the planner: OutputPlanner::ensureDir).
    const Message *lostFolderHolding(const QList<QByteArray> &tempPaths) const;
    bool findLostFolder(const QList<QByteArray> &folders, QByteArray *folder, Message *why) const;
    void stopWritingTo(const QByteArray &folder, const Message &why);
    void maybeFinish();
    void planSome();

    JobRunner *m_runner;
    Preset m_preset;
    QString m_outputDir;
    QVector<InputItem> m_items;
    QVector<BatchEvent> m_results;
    QVector<bool> m_done;
    QHash<quint64, int> m_jobIndex;
    QHash<quint64, QList<QByteArray>> m_tempPaths;
    QSet<int> m_shortened;             // images whose planned names were shortened
    QHash<int, QByteArray> m_replaced; // images whose planned names had characters replaced
    QSet<int> m_nameTaken;             // images with an output planned under a numbered name: its own was taken
    QHash<quint64, QList<QByteArray>>
        m_latePatterns; // jobs with names filled at commit: each output's late pattern (empty: literal)
    // What the commit does to the names it fills (commitTemporary): shortens one too long, and
    // replaces what the file system takes in no name; said as the planner's own changes are.
    void namedAtCommit(quint64 id, const proto::Finished &f, bool *shortened, QByteArray *replaced, bool *taken) const;
    QVector<std::pair<QByteArray, Message>> m_lostFolders; // gone or unwritable since the start, with why
    QHash<quint64, Message> m_stoppedForFolder;            // jobs a worker held, asked to stop: their folder is lost
    quint64 m_firstJobId = 0;
    quint32 m_presetId = 0;
    std::unique_ptr<OutputPlanner> m_planner;
    std::unique_ptr<CostEstimator> m_estimator; // orders each planned slice before it is submitted
    int m_nextToPlan = 0;
    std::shared_ptr<SourceFiles> m_sources;
    std::shared_ptr<TakenNames> m_taken;
    QVector<QByteArray> m_protected;
    QVector<QByteArray> m_outputFoldersMade;
    QVector<InputItem> m_wholeBatch; // sharded: every input of the batch, m_positions[i] is item i's
    QVector<int> m_positions;
    int m_nextToReserve = 0;
    int m_previewMax = -1;
    int m_probeTimeoutMs = 2000;
    int m_sliceMs = 10;
    int m_replacedAtStart = 0; // the runner is shared: count only what happened during this batch
    QSet<int> m_workersUsed;   // slots of the workers that began an image of this batch
    int m_completed = 0;
    bool m_running = false, m_cancelled = false;
    QElapsedTimer m_clock;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace pp
