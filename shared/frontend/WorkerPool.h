// A pool of worker processes. Jobs are dispatched dynamically: a worker gets its next image when
// it has finished one (plus one prefetched while the queue is long), so a slow image never holds
// the others back. A worker that crashes, hangs or misbehaves is killed and replaced (at once
// while work waits, else when work comes); the image it was working on is retried once in a fresh
// worker, the others are requeued.
#pragma once

#include "FileIO.h"
#include "JobRunner.h"
#include "PreviewMemory.h"
#include "SharedMemory.h"

#include <QHash>
#include <QSet>
#include <QLocalServer>
#include <QPointer>
#include <QProcess>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <sys/resource.h>

class QLocalSocket;

namespace pp {

class WorkerPool : public JobRunner
{
    Q_OBJECT
public:
    explicit WorkerPool(const RunnerSettings &settings, QObject *parent = nullptr);
    ~WorkerPool() override;

    bool start(QString *error) override;
    quint32 registerPreset(const QByteArray &json) override;
    void submit(const JobSpec &job) override;
    QList<quint64> cancel(const QList<quint64> &ids) override;
    QList<quint64> withdraw(const QList<quint64> &ids) override;
    void setPaused(bool paused) override;
    int workerCount() const override { return m_settings.workers - int(m_closedSlots.size()); }
    int pendingCount() const override;
    void shutdown() override;
    void shutdownLater() override;

    // For tests and diagnostics.
    QList<qint64> workerPids() const;
    int readyWorkers() const;  // handshake done, taking jobs
    int jobsOnWorkers() const; // sent to a worker (running or prefetched) and not yet back
    QString socketPath() const { return m_socketPath; }
    Message whyWorkersCannotStart() const override { return m_cannotStart; }
    int workersReplaced() const override { return m_replaced; }
    quint64 probe(quint32 presetId, const QVector<QByteArray> &paths,
                  const QVector<Confinement> &confinements = {}) override;

    // The signal that is stopping this front end (SIGTERM, SIGINT, SIGHUP), noted by its handler
    // (async-signal-safe). A worker that dies of the same signal went with it (a whole process
    // group told to stop, as a service manager does): not lost, not replaced, nothing logged, and
    // the image it had waits for the cancel that follows. Any other kill of a worker is its loss.
    static void noteStopSignal(int sig) noexcept;

signals:
    // No worker can start: the message fatal() carries too.
    // Emitted first, then the jobs and probes waiting fail, then fatal().
    void gaveUp(const pp::Message &why);
    // Once after each gaveUp(), when its backoff is over and the worker file can be run (or what
    // kept workers from starting was not the file): a job submitted now may find workers again.
    // While the file stays missing or not executable, the pool looks again, backing off.
    void mayStartAgain();

private:
    // A slot whose worker could not start is tried again after this, doubling with each failure
    // up to kLastReopenMs.
    static constexpr int kFirstReopenMs = 1000;
    static constexpr int kLastReopenMs = 30000;
    struct Worker;
    struct Tracked {
        JobSpec spec;
        int attempts = 0;                     // how many workers died running it
        bool withoutMetadata = false;         // a worker crashed on it: retried without metadata
        std::shared_ptr<SharedSegment> input; // created at dispatch, per attempt
        bool recalled = false;                // asked back from a busy worker for an idle one
        bool threadsRefused = false;          // a worker running it ended for want of a thread
        quint64 sendTicket = 0;               // the sending its files are being opened for
        bool filesPending = false;            // sent, its files not handed over yet (openJobFiles)
        std::optional<proto::Failed> notMade; // why they could not be (said for the worker's failure)
    };
    // What the maker thread opened for one sending of a job (openJobFiles).
    struct JobFiles {
        Descriptors reads;                   // its input file, then the files its steps read: closed once handed over
        std::optional<FileTimes> inputTimes; // its input file's (JobSpec::sourceTimes)
        std::shared_ptr<const JobSpec::TemporaryFiles> temporaries; // its outputs'
        std::optional<proto::Failed> failure;                       // why they are not all there
    };

    void spawn(int slot);
    void replaceSoon(int slot); // from the event loop: a replacement never starts inside a loss
    void fitWorkersToFileLimit();
    Message whyNotStarted(const QProcess &p) const;
    bool workerFileRunnable() const;
    bool anySlotUsable() const; // a worker in it, or a slot open for one
    // Its process could not be made (out of files or processes, no executable): its slot is closed
    // until a backoff is over (reopenSlots); the pool goes on with the workers it has, or gives up
    // without any.
    void onStartFailed(Worker *w);
    // Closes a slot whose worker could not start or could not run (for `reason`) until the backoff
    // is over: the pool goes on with the workers it has, saying so once, or gives up without any.
    void closeSlot(int slot, const Message &reason);
    // Slots closed by failed starts are open again once the backoff is over, unless the worker
    // file is missing or not executable (then they stay closed until it is back).
    void reopenSlots();
    // Every job and probe waiting fails: workers cannot start. The next submit tries again.
    void giveUp(const Message &why);
    // The same from the event loop, once however many ask (a submit must not see its own job fail
    // before it returns), unless a worker can run by then.
    void giveUpSoon();
    void backOff(); // (re)starts the backoff before closed slots are tried again, doubling it
    void onNewConnection();
    void onHandshake(QLocalSocket *socket, qint64 peerPid); // peerPid: from the kernel
    void onReadyRead(Worker *w);
    void readRemaining(Worker *w);
    void handleFrames(Worker *w, const QByteArray &bytes);
    void onTimeout(Worker *w);
    void forget(Worker *w);
    bool handleMessage(Worker *w, proto::Message &&msg, QString *violation);
    void onJobDone(Worker *w, quint64 id);
    void expectStop(Worker *w, quint64 id); // cancelled and running: put the worker down if it goes on
    void dispatch();
    // A worker left with nothing to do while another holds a job it has not started (sent ahead,
    // behind a long image): that job is asked back, and goes to whichever worker is free.
    void recallWaitingJob();
    // Paused: the batch's jobs sent ahead to a worker and not started are asked back, to wait in
    // the queue (before, each worker made one more image after the pause, its card still "Queued").
    void recallSentAhead();
    // Asks the worker for a job it holds and has not started (a Cancel it answers at once), to
    // come back unharmed (returnRecalled); false when it was asked for already, or cancelled.
    bool askBack(Worker *w, quint64 id);
    // A job the worker answered Cancelled for, asked back by recallWaitingJob: to the front of
    // the queue, unharmed (no attempt counted, no event).
    void returnRecalled(Worker *w, quint64 id);
    void takeFromWorker(Worker *w, quint64 id); // out of its list and its preview slot
    void watchFront(Worker *w);                 // the time limit for a job it has not started yet

    bool sendJob(Worker *w, quint64 id); // false: the job failed before it was sent (said)
    void endDispatch(bool failedHere);
    // The job's files on the worker's channel (sendJobFiles); false when it cannot take them (said,
    // or its loss on the way).
    bool handFiles(Worker *w, quint64 id, const std::vector<int> &files, const std::vector<int> &errors = {});
    // Opens the files job `id`, sent to `w`, reads (its input, its steps' logos and fonts) and
    // makes its outputs' temporaries, on the pool's maker thread, and hands them over when they are
    // there (onJobFilesOpened), an input's memory first.
    void openJobFiles(Worker *w, quint64 id);
    void onJobFilesOpened(quint64 id, quint64 ticket, int slot, quint64 generation, const QList<QByteArray> &paths,
                          const std::shared_ptr<JobFiles> &files);
    void send(Worker *w, const proto::Message &m);
    // Why is a code (WorkerCrashed, TimedOut, WorkerMisbehaved, ...) that the job it was running
    // fails with if it has no attempt left. How: what happened, the worker the subject ("crashed with
    // signal 11 (SIGSEGV)"), for the engine log and, as "worker crashed with …" (the time limit as it
    // is), for the image.
    void lose(Worker *w, proto::FailureCode why, const Message &how);
    void onProcessFinished(Worker *w, int exitCode, QProcess::ExitStatus status);
    void retire(Worker *w);
    // Jobs queued or probes not sent yet: what a lost or retired worker's slot is refilled for at
    // once. A slot left empty is filled when work next comes (fillSlots, from submit and probe).
    bool hasWaitingWork() const;
    // Queued jobs among `wanted`, out of the queue and forgotten (what cancel and withdraw share).
    QList<quint64> takeQueued(const QSet<quint64> &wanted);
    void fillSlots();
    void checkIdle();
    void sendProbes(); // to the idlest ready worker, each in turn: its files opened (onProbeFilesOpened)
    void onProbeFilesOpened(quint64 id, int slot, quint64 generation, const std::shared_ptr<Descriptors> &files);
    // What the maker thread is opening, since when (steady clock, ms): a job's id, or a probe's
    // files' (proto::probeFilesId); 0 when idle.
    struct MakerClock {
        std::atomic<quint64> opening{0};
        std::atomic<qint64> sinceMs{0};
        std::atomic<bool> making{false}; // past the files it reads, making the outputs' temporaries
        static qint64 nowMs()
        {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                .count();
        }
        // Set for one task of the maker's, from its start to its end.
        struct Opening {
            Opening(MakerClock &c, quint64 what) : clock(c)
            {
                clock.making = false;
                clock.sinceMs = nowMs();
                clock.opening = what;
            }
            ~Opening() { clock.opening = 0; }
            MakerClock &clock;
        };
    };
    // The maker has been opening one file for as long as the time limit (a file system that does
    // not answer): that job fails, saying so, its probe goes, and the rest are opened again on a
    // maker of their own; the stuck thread is left behind. True when it was stuck.
    bool abandonStuckMaker();
    void failProbes(std::deque<quint64> *ids); // lost with their worker, or never sent
    void definePresetOn(Worker *w, quint32 presetId);
    bool onProbeReply(Worker *w, const proto::ProbeReply &reply, QString *violation);
    void stopWorkers(); // the half of a shutdown that does not wait
    bool workersExited() const;
    void removeRunFolder();
    Preview takePreview(Worker *w, const proto::Finished &f, QString *violation);

    RunnerSettings m_settings;
    const int m_cores = QThread::idealThreadCount(); // asked once: it is a system call
    RunIdentity m_run;
    quint64 m_sendTickets = 0;
    // One thread: the files jobs and probes read, and the outputs' temporaries (openJobFiles), in
    // the order asked. Left behind at destruction when it is stuck on a file system that does not
    // answer (it ends with the process).
    QThreadPool *m_makers = nullptr;
    std::shared_ptr<MakerClock> m_makerClock = std::make_shared<MakerClock>();
    std::vector<QThreadPool *> m_abandonedMakers; // each stuck on an open (abandonStuckMaker)
    QSet<quint64> m_probesOpening;                // probes whose files the maker is to open
    QString m_socketDir, m_socketPath;
    int m_runLock = -1;                      // the run folder's lock, held while the pool runs
    rlim_t m_fileLimit = RLIM_INFINITY;      // on this process's open files
    rlim_t m_childFileLimit = RLIM_INFINITY; // the workers': the one before it was raised
    QSet<int> m_closedSlots;                 // slots no worker could be started in, until reopenSlots()
    QTimer m_reopenTimer;                    // the backoff before closed slots are tried again
    int m_reopenDelayMs = kFirstReopenMs;    // the next backoff: doubles with each failure, to a limit
    Message m_startFailure;                  // why the last worker could not start
    bool m_gaveUp = false;                   // giveUp(): not running until the next submit
    bool m_givingUp = false;                 // inside giveUp(): a job submitted now fails with the rest
    Message m_cannotStart;                   // what the last giveUp() said
    Message m_notStarted;     // start() failed before any worker could (its run folder, its socket): each job fails
    bool m_giveUpDue = false; // giveUpSoon() is on its way
    bool m_shrinkToBeSaid = false;        // a log line on the slots closed is due
    std::optional<Message> m_fitToBeSaid; // the workers that fit the file limit, said when one is ready
    Message m_shrinkReason;
    QLocalServer m_server;
    std::vector<Worker *> m_workers; // indexed by slot; children of the pool
    QHash<quint32, QByteArray> m_presets;
    QHash<quint32, QList<QByteArray>> m_presetReads; // Preset::filesRead: each job hands them over
    quint32 m_nextPresetId = 1;
    JobQueue<quint64> m_queue;
    QHash<quint64, Tracked> m_jobs; // queued or running
    PreviewMemory m_previewMemory;  // the previews' copies, recycled
    QSet<quint64> m_cancelled;      // running jobs asked to stop
    bool m_running = false, m_paused = false, m_shuttingDown = false, m_deleting = false;
    QList<QPointer<QProcess>> m_exiting; // workers' processes asked to exit or killed, not yet reaped
    int m_replaced = 0;
    int m_startFailures = 0; // consecutive workers that died before getting ready
    quint64 m_generation = 0;
    std::deque<quint64> m_probeQueue;                      // not sent yet
    QHash<quint64, proto::ProbeRequest> m_probes;          // queued or sent, until answered
    QHash<quint64, QVector<Confinement>> m_probesConfined; // where their paths must be (probe()), until sent
    quint64 m_nextProbeId = 1;
};

} // namespace pp
