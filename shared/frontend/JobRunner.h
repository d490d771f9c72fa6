// What the batch runner and the GUI talk to: something that runs jobs and reports each one as it
// completes. WorkerPool runs them in worker processes; InProcessRunner in threads of this
// process (a developer option that shows what the process boundary costs).
#pragma once

#include "JobQueue.h"
#include "Message.h"
#include "OutputCommit.h"
#include "Preset.h"
#include "Preview.h"
#include "Protocol.h"

#include <QObject>
#include <algorithm>
#include <memory>
#include <vector>

namespace pp {

// One more output of a job whose preset has `outputs` (the first is in JobSpec's own fields):
// where it goes, decided before the job is dispatched, as for the first.
struct JobOutputSpec {
    QString name; // the preset's name for it
    QByteArray outputPattern;
    bool late = false; // outputPattern is a late pattern (fillLateName), else the final path
    QByteArray tempPath;
    Overwrite overwrite = Overwrite::Rename;
    bool mayReplaceSource = false;
    bool keepFileTime = false;
};

// A job's failure as a runner reports it: the worker's Failed frame, or one the front end decided
// itself (its worker was lost, the time limit), then with `words`: what happened, translatable, the
// English of which is `message`.
struct JobFailure : proto::Failed {
    JobFailure() = default;
    JobFailure(const proto::Failed &failed, Message words = {}) : proto::Failed(failed), words(std::move(words)) {}
    Message words;
};

struct JobSpec {
    quint64 id = 0; // chosen by the caller, unique while the runner lives
    quint32 presetId = 0;
    proto::InputKind inputKind = proto::InputKind::File;
    QByteArray inputPath; // for File
    // For File: where the input must be when the front end opens it (InputItem::confinement(): a
    // folder scan's), else anywhere.
    Confinement inputConfinement;
    QByteArray inputData; // for SharedMemory: the encoded image bytes
    QByteArray outputPattern;
    bool outputLate = false; // outputPattern is a late pattern (fillLateName), else the final path
    QByteArray tempPath;
    // The output folder as the batch made or found it (OutputPlanner::rootId(); not known: not
    // checked): a folder given its path since (the output folder moved away, a new one or a link in
    // its place) gets nothing, and the job fails with OutputFolderReplaced.
    QByteArray outputRoot;
    FolderId outputRootId;
    Overwrite overwrite = Overwrite::Rename;
    bool mayReplaceSource = false; // the preset allows replacing originals (allowOverwriteSource)
    bool keepFileTime = false;     // the output gets the source's modification time
    // For File: the input's times from the descriptor it was handed by (the runner's, as it opens
    // it): {date} for a photo without one of its own, and keepFileTime. Not known: neither.
    std::optional<FileTimes> sourceTimes;
    bool previewOnly = false;
    int previewMax = -1; // -1: the runner's default; 0: no preview
    // previewOnly: a region of the before image at 100 % instead of the whole (proto::Job::region).
    proto::Region region;
    JobPriority priority = JobPriority::Batch;
    QString outputName;                         // a preset with `outputs`: the first's name
    QVector<JobOutputSpec> moreOutputs;         // ... and the others, in the preset's order
    std::shared_ptr<const SourceFiles> sources; // the batch's: no output takes one's place
    std::shared_ptr<TakenNames> taken;          // OutputPlanner::takenNames(): commitTemporary
    bool windowsNames = false; // OutputPlanner::windowsNames(): names filled at commit too (ResultNames)
    // `format: keep`: what the outputs are written in, as their names say (PlannedOutput::keptFormat).
    OutputFormat keptFormat = OutputFormat::Keep;

    // The job frame as far as this spec decides it. The runner adds where the input bytes and
    // the preview go (shared memory, preview slot) and how many OpenCV threads the job gets.
    proto::Job toJob(int runnerPreviewMax) const
    {
        proto::Job j;
        j.jobId = id;
        j.presetId = presetId;
        j.inputKind = inputKind;
        j.inputPath = inputPath;
        j.tempPath = tempPath;
        j.keptFormat = quint8(keptFormat);
        bool facts = outputLate && needsPhotoFacts(outputPattern);
        for (const JobOutputSpec &o : moreOutputs) {
            j.moreTempPaths.append(o.tempPath);
            facts |= o.late && needsPhotoFacts(o.outputPattern);
        }
        j.flags = (previewOnly ? proto::PreviewOnly : 0) | (facts ? proto::WantsFacts : 0);
        j.previewMax =
            quint16(std::clamp(previewMax < 0 ? runnerPreviewMax : std::min(previewMax, runnerPreviewMax), 0, 65535));
        if (previewOnly)
            j.region = region;
        return j;
    }

    // What the output, once its name is known, must never replace.
    QByteArray protectedPath() const
    {
        return inputKind == proto::InputKind::File && !mayReplaceSource ? inputPath : QByteArray();
    }
    // The front end's half of an atomic write: the accepted result's temporary files get their
    // final names (commitTemporary with each output's names, policy and protected source), and
    // `result` the final paths and outcomes. An output that cannot be committed fails the image
    // with a reason naming it; the outputs committed before it stay (each is complete), the
    // temporaries of the others are removed.
    WriteResult commitOutputs(proto::Finished *result) const;
    // Every temporary file the job may leave behind.
    QList<QByteArray> tempPaths() const
    {
        QList<QByteArray> paths{tempPath};
        for (const JobOutputSpec &o : moreOutputs)
            paths.append(o.tempPath);
        return paths;
    }
    // The folders of tempPaths(), held open by the runner from before a worker may make the files
    // until the job is done (each copy of the spec shares them), so that removeTemporaries() finds
    // the files also in a folder that was moved away or made read-only meanwhile (FolderHandle).
    using FolderList = std::vector<std::unique_ptr<FolderHandle>>;
    std::shared_ptr<const FolderList> tempFolders;
    void holdTemporaryFolders();
    // The temporaries themselves, made by the front end for a job sent to a worker, which writes
    // into them by their descriptors and makes no file of its own (makeTemporary: unnamed where the
    // file system can, named tempPaths() where not). Shared by each copy of the spec, closed with
    // the last.
    struct TemporaryFiles {
        std::vector<int> fds;      // in the order of tempPaths()
        std::vector<bool> unnamed; // named at commit (nameTemporary)
        TemporaryFiles() = default;
        TemporaryFiles(const TemporaryFiles &) = delete;
        TemporaryFiles &operator=(const TemporaryFiles &) = delete;
        ~TemporaryFiles();
    };
    std::shared_ptr<const TemporaryFiles> temporaries;
    // Makes the temporaries of `paths` in their held `folders` (holdTemporaryFolders; null: by
    // their paths), on any thread (the pool makes them off its own: a file's creation costs a
    // quarter of a millisecond on some disks). Null, with the failure to report as a worker said it
    // before ("cannot create a file in the output folder: …", CannotWrite), when one cannot be made;
    // none is left then.
    static std::shared_ptr<const TemporaryFiles> makeTemporaryFiles(quint64 id, const QList<QByteArray> &paths,
                                                                    const FolderList *folders, proto::Failed *failure);
    // Lets go of temporaries made for an attempt that no longer wants them: a named one is removed
    // while its name is still its own (the descriptors close with the last copy).
    static void discardTemporaryFiles(const TemporaryFiles &files, const QList<QByteArray> &paths);
    // The descriptor of the kth temporary (tempPaths()) when it has no name yet, else -1.
    int unnamedTemporary(int k) const;
    // Removes the temporaries from the `from`th on (0: the first output's), wherever their folders
    // are now (removeTemporary).
    void removeTemporaries(int from = 0) const;
};

struct RunnerSettings {
    int workers = 0;           // 0: one per core
    int maxTasksPerWorker = 0; // 0: unlimited
    int timeoutSeconds = 300;  // per image
    int retries = 1;           // a job whose worker died is retried this often
    quint64 maxPixels = 200'000'000;
    quint64 memoryLimitMB = 0; // per worker address space; 0: from maxPixels
    int previewMax = 128;      // default preview size; 0: none
    quint32 testFlags = 0;     // passed to workers (test builds only)
    QString workerExecutable;  // empty: "pixelpool-worker" next to this executable
    // The workers may draw text (a watermark step): their sandbox lets them read fontconfig's
    // folders, which each reads as it starts (3.5 ms of a start-up of 25). A batch whose preset
    // draws none says false (Preset::drawsText).
    bool drawsText = true;
};

class JobRunner : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~JobRunner() override = default;

    virtual bool start(QString *error) = 0;
    // Registers a preset (JSON as Preset::toJson) and returns the id jobs refer to.
    virtual quint32 registerPreset(const QByteArray &json) = 0;
    virtual void submit(const JobSpec &job) = 0;
    // Stops these jobs and no others (a batch's, while the window's previews go on): those still
    // queued are dropped and returned, with no signal for them; running ones are asked to stop and
    // then report Cancelled (a worker that does not stop in time is replaced).
    virtual QList<quint64> cancel(const QList<quint64> &ids) = 0;
    // Takes back those of these jobs that no worker has yet, and returns them, with no signal for
    // them; the others run on (a batch whose output folder is gone takes back its jobs bound there,
    // and cancels those a worker has).
    virtual QList<quint64> withdraw(const QList<quint64> &ids)
    {
        Q_UNUSED(ids);
        return {};
    }
    virtual void setPaused(bool paused) = 0;
    virtual int workerCount() const = 0;
    virtual int pendingCount() const = 0; // queued + running
    virtual void shutdown() = 0;          // stop workers; no more signals after this
    // The same without waiting for the workers to end (the window replacing its pool): no job
    // signals after this call; the runner deletes itself once its workers have ended.
    virtual void shutdownLater()
    {
        shutdown();
        deleteLater();
    }
    virtual int workersReplaced() const { return 0; }
    // Why no worker can run, when start() failed or fatal() was said for it: a message for the
    // user's language. Empty: not known (start() failed for another reason, said in its error).
    virtual Message whyWorkersCannotStart() const { return {}; }
    // Cost-aware scheduling (CostEstimator): has a worker read these files' headers, as for a job of
    // the preset (registered before) would. Returns the request's id, then exactly one of probed()
    // or probeFailed() follows for it; 0 when this runner cannot probe (no signal follows). At most
    // proto::kMaxProbePaths paths, proto::kMaxProbePathBytesTotal bytes of them together.
    // `confinements`: for each path, where it must be when opened (JobSpec::inputConfinement); a
    // missing one: anywhere.
    virtual quint64 probe(quint32 presetId, const QVector<QByteArray> &paths,
                          const QVector<Confinement> &confinements = {})
    {
        Q_UNUSED(presetId);
        Q_UNUSED(paths);
        Q_UNUSED(confinements);
        return 0;
    }

    // Reserves `count` consecutive job ids, unique for the runner's lifetime: the one id space
    // that every batch and preview on this runner shares.
    quint64 reserveJobIds(int count)
    {
        const quint64 first = m_nextJobId;
        m_nextJobId += quint64(count) + 1;
        return first;
    }

signals:
    void jobStarted(quint64 id, int worker, qint64 pid);
    void jobProgress(quint64 id, int step, int steps);
    void jobFinished(quint64 id, const pp::proto::Finished &result, const pp::Preview &preview);
    // The job's temporaries are gone when this is emitted: the runner removed them through the
    // folders it held (JobSpec::removeTemporaries), wherever those went.
    void jobFailed(quint64 id, const pp::JobFailure &failure, int attempts);
    void log(const pp::Message &message); // worker replaced, protocol violation, ...
    void idle();                          // nothing queued or running
    void fatal(const pp::Message &why);   // workers cannot run at all (FailureCode::WorkersCannotStart)
    void probed(const pp::proto::ProbeReply &reply);
    void probeFailed(quint64 requestId); // the worker was lost before it answered

private:
    quint64 m_nextJobId = 1;
};

} // namespace pp
