// WorkerPool: dispatching jobs, checking what workers send, cancelling them (WorkerPoolLifecycle.cpp
// replaces lost workers and stops them).
#include "WorkerPool.h"

#include "BatchRunner.h"
#include "SocketWrite.h"
#include "WorkerPoolPrivate.h"

#include <QCoreApplication>
#include <QLocalSocket>
#include <QPointer>
#include <cerrno>

namespace pp {

namespace {
constexpr quint32 kMaxOutputSide = 1u << 20;

// A region preview answers a job that asked for one: its before region within the region asked
// for, its after region within the output; no region for a job without one.
bool regionMatches(const JobSpec &spec, const proto::Finished &f)
{
    const proto::Region &asked = spec.previewOnly ? spec.region : proto::Region{};
    if (asked.isEmpty())
        return f.beforeRegion.isEmpty() && f.afterRegion.isEmpty();
    const proto::Region &b = f.beforeRegion, &a = f.afterRegion;
    return !b.isEmpty() && !a.isEmpty() && b.x >= asked.x && b.y >= asked.y &&
           qint64(b.x) + b.width <= qint64(asked.x) + asked.width &&
           qint64(b.y) + b.height <= qint64(asked.y) + asked.height && qint64(a.x) + a.width <= qint64(f.width) &&
           qint64(a.y) + a.height <= qint64(f.height);
}

} // namespace

void WorkerPool::send(Worker *w, const proto::Message &m)
{
    if (!w->socket || w->socket->state() != QLocalSocket::ConnectedState)
        return;
    writeSoon(w->socket, proto::encode(m));
}

void WorkerPool::dispatch()
{
    if (!m_running)
        return;
    int ready = 0;
    bool failedHere = false;
    for (const Worker *w : m_workers)
        ready += w && w->takesJobs();
    // First give every idle worker a job, then prefetch one more each while the queue is long
    // enough that prefetching cannot leave another worker idle at the end. Paused: the batch's
    // jobs wait; the window's previews and thumbnails still run.
    for (int depth = 1; depth <= 2 && m_queue.available(m_paused) > 0; ++depth) {
        if (depth == 2 && int(m_queue.available(m_paused)) <= ready)
            break;
        for (Worker *w : m_workers) {
            // A job that fails before it is sent (its input's shared memory cannot be made; so did a
            // temporary that could not be, until they were made off this thread) leaves the worker
            // free for the next. Before, the worker's turn was over, nothing dispatched again, and
            // the batch waited for ever.
            while (w && w->takesJobs() && int(w->outstanding.size()) < depth) {
                if (m_queue.available(m_paused) == 0)
                    return endDispatch(failedHere);
                failedHere |= !sendJob(w, m_queue.take(m_paused));
            }
        }
    }
    recallWaitingJob();
    endDispatch(failedHere);
}

void WorkerPool::endDispatch(bool failedHere)
{
    // The last jobs may have failed here: the pool may be idle now, said from the event loop (a
    // caller of submit() is not answered from inside it).
    if (failedHere)
        QTimer::singleShot(0, this, [this] {
            if (m_running)
                checkIdle();
        });
}

void WorkerPool::recallWaitingJob()
{
    if (m_paused || m_queue.available(m_paused) > 0)
        return; // paused: a batch job asked back would only wait in the queue
    int idle = 0;
    for (const Worker *w : m_workers)
        idle += w && w->takesJobs() && w->outstanding.empty();
    for (Worker *w : m_workers) {
        if (idle == 0)
            return;
        if (!w || w->state != Worker::State::Ready || w->outstanding.size() < 2 || !w->frontStarted)
            continue;
        // Not started: only the front one may be running.
        if (askBack(w, w->outstanding.back()))
            --idle;
    }
}

bool WorkerPool::askBack(Worker *w, quint64 id)
{
    Tracked &t = m_jobs[id];
    if (t.recalled || m_cancelled.contains(id))
        return false;
    t.recalled = true;
    send(w, proto::Cancel{id});
    return true;
}

void WorkerPool::recallSentAhead()
{
    for (Worker *w : m_workers) {
        if (!w || w->state != Worker::State::Ready)
            continue;
        // Behind the front one, none has started (a worker runs one at a time, in the order sent).
        for (size_t i = 1; i < w->outstanding.size(); ++i)
            if (m_jobs[w->outstanding[i]].spec.priority == JobPriority::Batch)
                askBack(w, w->outstanding[i]);
    }
}

// The time limit runs from the moment a job is the one a worker should be on: it sends Started as it
// takes the job, and again from Started for the image itself. A worker that takes its next job and
// never says so (stuck answering a probe of a file on a mount that does not answer, or hostile) was
// waited for without end, and the batch with it. Already running, the limit is that front job's: a
// job sent behind it does not start it again.
void WorkerPool::watchFront(Worker *w)
{
    if (!w->outstanding.empty() && !w->frontStarted && !w->timeout.isActive() && m_settings.timeoutSeconds > 0)
        w->timeout.start(m_settings.timeoutSeconds * 1000);
}

void WorkerPool::takeFromWorker(Worker *w, quint64 id)
{
    const auto at = std::find(w->outstanding.begin(), w->outstanding.end(), id);
    const bool wasFront = at == w->outstanding.begin();
    if (wasFront) {
        w->frontStarted = false;
        w->timeout.stop();
    }
    w->outstanding.erase(at);
    if (wasFront)
        watchFront(w);
    const int slot = w->jobSlot.contains(id) ? w->jobSlot.take(id) : -1;
    if (slot >= 0 && slot < int(w->slotJob.size()))
        w->slotJob[size_t(slot)] = -1;
}

void WorkerPool::returnRecalled(Worker *w, quint64 id)
{
    takeFromWorker(w, id);
    Tracked &t = m_jobs[id];
    t.recalled = false;
    t.spec.removeTemporaries(); // started before the recall reached it: it may have begun a write
    t.input.reset();            // it may have unlinked the segment's name: a fresh one for the next worker
    m_queue.pushFront(id, t.spec.priority);
    dispatch();
}

bool WorkerPool::sendJob(Worker *w, quint64 id)
{
    Tracked &t = m_jobs[id];
    t.recalled = false;
    t.spec.temporaries.reset(); // an attempt's before are let go; this one's are made below
    t.notMade.reset();
    const JobSpec &s = t.spec;
    definePresetOn(w, s.presetId);
    proto::Job job = s.toJob(m_settings.previewMax);
    if (t.withoutMetadata)
        job.flags |= proto::WithoutMetadata;
    if (s.inputKind == proto::InputKind::SharedMemory) {
        if (!t.input) {
            QString error;
            t.input =
                SharedSegment::create(m_run.label("in" + QByteArray::number(id) + "a" + QByteArray::number(t.attempts)),
                                      size_t(std::max<qsizetype>(1, s.inputData.size())), &error);
            auto code = proto::FailureCode::OutOfMemory;
            // Guarded as every copy is, though nobody else has the new segment yet.
            if (t.input && !t.input->copyIn(0, s.inputData.constData(), size_t(s.inputData.size()))) {
                t.input.reset();
                code = proto::FailureCode::WorkerMisbehaved;
                error = QStringLiteral("the image's shared memory was cut short while it was filled");
            }
            if (!t.input) {
                const int attempts = t.attempts;
                m_jobs.remove(id);
                emit jobFailed(id, proto::Failed{id, code, error}, attempts);
                return false;
            }
        }
        job.inputPath.clear(); // the memory is the job's first file
        job.inputBytes = quint64(s.inputData.size());
    }
    if (w->preview && job.previewMax > 0) {
        for (int i = 0; i < int(w->slotJob.size()); ++i) {
            if (w->slotJob[size_t(i)] < 0) {
                w->slotJob[size_t(i)] = qint64(id);
                w->jobSlot.insert(id, i);
                job.previewSlot = i;
                break;
            }
        }
    }
    // OpenCV's threads fill the cores that workers leave idle when fewer images than workers are
    // left (the end of a batch, a single preview); never more than the pool's size in total, so
    // --workers N keeps to N cores. Jobs in flight and still queued count, up to the pool's
    // size (a worker still starting will soon take its share).
    const int width = std::max(1, std::min(m_settings.workers, m_cores));
    qsizetype busy = 1 + qsizetype(m_queue.size());
    for (const Worker *o : m_workers)
        busy += o ? qsizetype(o->outstanding.size()) : 0;
    busy = std::clamp<qsizetype>(busy, 1, width);
    job.cvThreads = quint8(std::clamp(width / int(busy), 1, 64));
    w->outstanding.push_back(id);
    // The files it reads are opened and the outputs' temporaries made off this thread
    // (openJobFiles): the job goes now, and its files follow; the worker waits for them. A job with
    // none of them (an input in memory, previewed with a preset that reads no file) has only its
    // input's memory to hand over, at once.
    if (s.inputKind == proto::InputKind::File || !s.tempPath.isEmpty() || !m_presetReads.value(s.presetId).isEmpty()) {
        send(w, job);
        openJobFiles(w, id);
    } else if (!t.input || handFiles(w, id, {t.input->fd()})) {
        send(w, job);
    }
    watchFront(w);
    return true;
}

bool WorkerPool::handFiles(Worker *w, quint64 id, const std::vector<int> &files, const std::vector<int> &errors)
{
    const int err = sendJobFiles(w->files, id, files, errors);
    if (err == 0)
        return true;
    // Outstanding, so that its loss gives the job back. One that has gone (a crash, a kill) is lost
    // as it went, which the front end hears of next; one that leaves its channel unread is replaced
    // for it, never from inside a dispatch.
    if (err != EPIPE && err != ECONNREFUSED && err != ECONNRESET && err != ENOTCONN)
        QTimer::singleShot(0, w, [this, w] {
            if (w->state != Worker::State::Lost)
                lose(w, proto::FailureCode::WorkerMisbehaved, Message(MessageId::WorkerTookNoFiles));
        });
    return false;
}

void WorkerPool::openJobFiles(Worker *w, quint64 id)
{
    Tracked &t = m_jobs[id];
    t.spec.holdTemporaryFolders(); // before the files are made there
    const quint64 ticket = ++m_sendTickets;
    t.sendTicket = ticket;
    t.filesPending = true;
    QList<QByteArray> reads = m_presetReads.value(t.spec.presetId);
    const bool inputFile = t.spec.inputKind == proto::InputKind::File;
    if (inputFile)
        reads.prepend(t.spec.inputPath);
    // One thread, in the order sent: a job sent again never has two makers at once.
    // Answered on this thread through the application object, which outlives the pool: a pool
    // gone meanwhile lets them go.
    m_makers->start([pool = QPointer<WorkerPool>(this), id, ticket, slot = w->slot, generation = w->generation, reads,
                     inputFile, confinement = inputFile ? t.spec.inputConfinement : Confinement(),
                     paths = t.spec.tempPath.isEmpty() ? QList<QByteArray>() : t.spec.tempPaths(),
                     folders = t.spec.tempFolders, clock = m_makerClock] {
        const MakerClock::Opening opening(*clock, id);
        auto files = std::make_shared<JobFiles>();
        for (qsizetype i = 0; i < reads.size(); ++i) {
            int err = 0;
            const int fd = openToHand(reads[i], i == 0 ? confinement : Confinement(), &err);
            // Short of descriptors here, or an input that leads out of its folder now: said in the
            // front end's words (a worker handed it would be told EACCES).
            if (fd < 0 || err == kOutsideFolder) {
                if (fd >= 0)
                    ::close(fd);
                files->failure = proto::Failed{
                    id, proto::FailureCode::CannotRead,
                    workerErrnoDetail(WorkerErrnoDetail::CannotOpen,
                                      fd < 0 ? errnoMessage(err) : Message(MessageId::ErrnoOutsideFolder))};
                break;
            }
            if (i == 0 && inputFile && err == 0)
                files->inputTimes = fileTimesOf(fd);
            files->reads.fds.push_back(fd);
            files->reads.errors.push_back(err);
        }
        proto::Failed notMade;
        clock->making = true;
        if (!files->failure && !paths.isEmpty() &&
            !(files->temporaries = JobSpec::makeTemporaryFiles(id, paths, folders.get(), &notMade)))
            files->failure = notMade;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [pool, id, ticket, slot, generation, paths, files] {
                if (pool)
                    pool->onJobFilesOpened(id, ticket, slot, generation, paths, files);
                else if (files->temporaries)
                    JobSpec::discardTemporaryFiles(*files->temporaries, paths);
            },
            Qt::QueuedConnection);
    });
}

void WorkerPool::onJobFilesOpened(quint64 id, quint64 ticket, int slot, quint64 generation,
                                  const QList<QByteArray> &paths, const std::shared_ptr<JobFiles> &opened)
{
    const std::shared_ptr<const JobSpec::TemporaryFiles> &made = opened->temporaries;
    Worker *w = slot >= 0 && size_t(slot) < m_workers.size() ? m_workers[size_t(slot)] : nullptr;
    const auto it = m_jobs.find(id);
    // Still the attempt they were made for, on its worker: else (lost, recalled, cancelled and
    // answered, sent again) nobody writes them.
    if (!w || w->generation != generation || w->state == Worker::State::Lost || it == m_jobs.end() ||
        it->sendTicket != ticket ||
        std::find(w->outstanding.begin(), w->outstanding.end(), id) == w->outstanding.end()) {
        if (made)
            JobSpec::discardTemporaryFiles(*made, paths);
        return;
    }
    Tracked &t = *it;
    t.filesPending = false;
    std::vector<int> files, errors; // as the worker takes them (WorkerService.cpp, process)
    if (!opened->failure) {
        t.spec.sourceTimes = opened->inputTimes;
        if (t.input)
            files.push_back(t.input->fd());
        errors.resize(files.size());
        files.insert(files.end(), opened->reads.fds.begin(), opened->reads.fds.end());
        errors.insert(errors.end(), opened->reads.errors.begin(), opened->reads.errors.end());
        if (made) {
            t.spec.temporaries = made;
            files.insert(files.end(), made->fds.begin(), made->fds.end());
        }
    } else {
        // The worker, handed no files, fails the job at once; its failure is said in the front
        // end's words.
        t.notMade = *opened->failure;
    }
    handFiles(w, id, files, errors);
}

bool WorkerPool::abandonStuckMaker()
{
    const quint64 stuck = m_makerClock->opening.load();
    const bool making = m_makerClock->making.load();
    if (stuck == 0 || MakerClock::nowMs() - m_makerClock->sinceMs.load() < qint64(m_settings.timeoutSeconds) * 1000)
        return false;
    // Left behind with its queue emptied: the thread ends with the open, or with the process.
    m_makers->clear();
    m_abandonedMakers.push_back(m_makers);
    m_makers = new QThreadPool;
    m_makers->setMaxThreadCount(1);
    m_makerClock = std::make_shared<MakerClock>();
    // Probes whose files were still to be opened go: their slices go by file sizes.
    for (const quint64 probe : std::exchange(m_probesOpening, {})) {
        for (Worker *w : m_workers)
            if (w)
                w->probes.erase(std::remove(w->probes.begin(), w->probes.end(), probe), w->probes.end());
        if (m_probes.remove(probe))
            emit probeFailed(probe);
    }
    // Jobs sent whose files are not handed over: the stuck one is handed none, and its worker fails
    // it at once in the front end's words; the others' files are opened again.
    QList<quint64> pending;
    for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it)
        if (it->filesPending)
            pending << it.key();
    for (const quint64 id : std::as_const(pending)) {
        Worker *w = nullptr;
        for (Worker *o : m_workers)
            if (o && o->state != Worker::State::Lost &&
                std::find(o->outstanding.begin(), o->outstanding.end(), id) != o->outstanding.end())
                w = o;
        Tracked &t = m_jobs[id];
        if (!w) {
            t.filesPending = false;
            continue;
        }
        if (id != stuck) {
            openJobFiles(w, id);
            continue;
        }
        t.filesPending = false;
        t.sendTicket = 0; // what the stuck thread may still make is let go as it comes
        const Message noAnswer(MessageId::ErrnoNoAnswer);
        t.notMade = making ? proto::Failed{id, proto::FailureCode::CannotWrite,
                                           workerErrnoDetail(WorkerErrnoDetail::CannotCreateOutput, noAnswer)}
                           : proto::Failed{id, proto::FailureCode::CannotRead,
                                           workerErrnoDetail(WorkerErrnoDetail::CannotOpen, noAnswer)};
        handFiles(w, id, {});
    }
    emit log(Message(MessageId::MakerAbandoned, {QString::number(m_settings.timeoutSeconds)}));
    return true;
}

bool WorkerPool::handleMessage(Worker *w, proto::Message &&msg, QString *violation)
{
    using S = Worker::State;
    const bool front = !w->outstanding.empty();
    const quint64 frontId = front ? w->outstanding.front() : 0;
    if (auto *m = std::get_if<proto::Ready>(&msg)) {
        Q_UNUSED(m);
        if (w->state != S::Welcomed)
            return *violation = QStringLiteral("unexpected Ready"), false;
        w->state = S::Ready;
        m_startFailures = 0;
        if (m_fitToBeSaid)
            emit log(*std::exchange(m_fitToBeSaid, std::nullopt));
        m_reopenDelayMs = kFirstReopenMs;
        sendProbes(); // before its first jobs: a probe holds a slice of the batch back
        dispatch();
        return true;
    }
    if (w->state != S::Ready)
        return *violation = QStringLiteral("%1 before Ready").arg(proto::typeName(proto::typeOf(msg))), false;
    if (auto *m = std::get_if<proto::ProbeReply>(&msg)) // answered between a job's frames too
        return onProbeReply(w, *m, violation);
    if (auto *m = std::get_if<proto::Started>(&msg)) {
        if (!front || m->jobId != frontId || w->frontStarted)
            return *violation = QStringLiteral("Started for job %1 out of turn").arg(m->jobId), false;
        w->frontStarted = true;
        if (m_settings.timeoutSeconds > 0)
            w->timeout.start(m_settings.timeoutSeconds * 1000);
        if (m_cancelled.contains(frontId))
            expectStop(w, frontId); // cancelled before it started: it must stop at once
        emit jobStarted(m->jobId, w->slot, w->pid);
        return true;
    }
    // A job it held but had not started, asked back (cancelled, or recalled for a worker that is
    // free): answered at once, between the steps of the one it runs (Protocol.h, Cancel).
    if (auto *m = std::get_if<proto::Failed>(&msg);
        m && m->code == proto::FailureCode::Cancelled && !(front && w->frontStarted && m->jobId == frontId)) {
        const quint64 id = m->jobId;
        if (std::find(w->outstanding.begin(), w->outstanding.end(), id) == w->outstanding.end() ||
            !(m_cancelled.contains(id) || m_jobs.value(id).recalled))
            return *violation = QStringLiteral("Failed for job %1, which it was not asked to stop").arg(id), false;
        if (!m_cancelled.contains(id))
            return returnRecalled(w, id), true;
        takeFromWorker(w, id);
        const int attempts = m_jobs.value(id).attempts;
        m_jobs[id].spec.removeTemporaries(); // made for it, never written: named ones have a name
        m_jobs.remove(id);
        m_cancelled.remove(id);
        emit jobFailed(id, *m, attempts);
        checkIdle();
        return true;
    }
    if (!front || !w->frontStarted)
        return *violation = QStringLiteral("%1 with no job running").arg(proto::typeName(proto::typeOf(msg))), false;
    if (auto *m = std::get_if<proto::Progress>(&msg)) {
        if (m->jobId != frontId)
            return *violation = QStringLiteral("Progress for another job"), false;
        emit jobProgress(m->jobId, m->step, m->steps);
        return true;
    }
    if (auto *m = std::get_if<proto::Failed>(&msg)) {
        if (m->jobId != frontId)
            return *violation = QStringLiteral("Failed for another job"), false;
        if (m->code == proto::FailureCode::Cancelled && !m_cancelled.contains(frontId)) {
            // Recalled, but it had started the job before the recall reached it: stopped, it goes
            // to the next free worker as if it had never been sent.
            if (m_jobs.value(frontId).recalled)
                return returnRecalled(w, frontId), true;
            // Stopped when nobody asked: an image it did not make would be counted as cancelled,
            // not as failed, and the batch would end with status 0.
            return *violation =
                       QStringLiteral("Failed for job %1 as cancelled, which it was not asked to stop").arg(frontId),
                   false;
        }
        const int attempts = m_jobs.value(frontId).attempts + 1;
        const auto &notMade = m_jobs[frontId].notMade;
        const proto::Failed failure = notMade ? *notMade : *m; // its temporary could not be made
        m_jobs[frontId].spec.removeTemporaries();              // never committed: a named one has its name
        onJobDone(w, frontId);
        emit jobFailed(failure.jobId, failure, attempts);
        checkIdle();
        return true;
    }
    if (auto *m = std::get_if<proto::Finished>(&msg)) {
        if (m->jobId != frontId)
            return *violation = QStringLiteral("Finished for another job"), false;
        const JobSpec &spec = m_jobs[frontId].spec;
        const bool previewOnly = m->outcome == proto::Outcome::PreviewOnly;
        if (previewOnly != spec.previewOnly)
            return *violation = QStringLiteral("outcome does not match the job"), false;
        if (m->width == 0 || m->height == 0 || m->width > kMaxOutputSide || m->height > kMaxOutputSide)
            return *violation = QStringLiteral("output size %1×%2").arg(m->width).arg(m->height), false;
        if (m->outcome == proto::Outcome::SkippedExisting ||
            (m->outcome == proto::Outcome::Written && m->outputPath != spec.tempPath))
            return *violation = QStringLiteral("output not in the job's temporary file"), false;
        // A preset with `outputs`: every other output, each in its own temporary, or none for a preview.
        if (m->moreOutputs.size() != (previewOnly ? 0 : spec.moreOutputs.size()))
            return *violation = QStringLiteral("%1 outputs for a job of %2")
                                    .arg(m->moreOutputs.size() + 1)
                                    .arg(spec.moreOutputs.size() + 1),
                   false;
        for (int k = 0; k < m->moreOutputs.size(); ++k) {
            const proto::Finished::Output &o = m->moreOutputs[k];
            if (o.outcome != proto::Outcome::Written || o.outputPath != spec.moreOutputs[k].tempPath)
                return *violation = QStringLiteral("output not in the job's temporary file"), false;
            if (o.width == 0 || o.height == 0 || o.width > kMaxOutputSide || o.height > kMaxOutputSide)
                return *violation = QStringLiteral("output size %1×%2").arg(o.width).arg(o.height), false;
        }
        if (!regionMatches(spec, *m))
            return *violation = QStringLiteral("region preview does not match the job"), false;
        const Preview preview = takePreview(w, *m, violation);
        if (!violation->isEmpty())
            return false;
        proto::Finished result = *m;
        if (result.outcome == proto::Outcome::Written) {
            // Accepted: now, and only now, the output gets its final name.
            const WriteResult c = spec.commitOutputs(&result);
            if (!c.ok) {
                const int attempts = m_jobs.value(frontId).attempts + 1;
                onJobDone(w, frontId);
                emit jobFailed(frontId, JobFailure({frontId, c.code, c.error}, c.words), attempts);
                checkIdle();
                return true;
            }
        }
        onJobDone(w, frontId);
        emit jobFinished(result.jobId, result, preview);
        checkIdle();
        return true;
    }
    return *violation = QStringLiteral("unexpected %1").arg(proto::typeName(proto::typeOf(msg))), false;
}

Preview WorkerPool::takePreview(Worker *w, const proto::Finished &f, QString *violation)
{
    const int expected = w->jobSlot.value(f.jobId, -1);
    if (f.previewSlot < 0)
        return {};
    if (f.previewSlot != expected || !w->preview) {
        *violation = QStringLiteral("preview in slot %1, assigned %2").arg(f.previewSlot).arg(expected);
        return {};
    }
    const size_t slotBytes = w->preview->size() / w->slotJob.size();
    const size_t need = size_t(f.previewWidth) * f.previewHeight * 4;
    // A region preview holds two regions side by side (Protocol.h): its sides are checked against
    // the job (regionMatches), its bytes here, like any preview's.
    const int max = f.beforeRegion.isEmpty() ? m_settings.previewMax : 65535;
    if (f.previewWidth == 0 || f.previewHeight == 0 || f.previewWidth > max || f.previewHeight > max ||
        need > slotBytes) {
        *violation = QStringLiteral("preview of %1×%2").arg(f.previewWidth).arg(f.previewHeight);
        return {};
    }
    // Premultiplied, as the worker made it and the window paints it. Values a hostile worker
    // gets wrong (colour above alpha) only paint wrong colours: they are never indices or sizes.
    Preview image = m_previewMemory.newPreview(f.previewWidth, f.previewHeight);
    if (image.isNull())
        return {}; // out of memory: the result goes on without its preview
    // Both packed (Protocol.h, Preview.h): one copy of `need` bytes, checked against the slot above.
    // The worker maps the segment too, and one that cut it short faulted this copy: the window died
    // of SIGBUS (security review). Now that is the worker's violation.
    if (!w->preview->copyOut(size_t(f.previewSlot) * slotBytes, image.bits(), need)) {
        *violation = QStringLiteral("its preview memory was cut short");
        return {};
    }
    return image;
}

void WorkerPool::onJobDone(Worker *w, quint64 id)
{
    takeFromWorker(w, id); // its front job
    m_jobs.remove(id);
    m_cancelled.remove(id);
    ++w->tasksDone;
    if (m_settings.maxTasksPerWorker > 0 && w->tasksDone >= m_settings.maxTasksPerWorker)
        retire(w);
    dispatch();
}

void WorkerPool::expectStop(Worker *w, quint64 id)
{
    // A worker that goes on with a cancelled job is put down; lose() ends that job as cancelled
    // and gives the others it held to other workers.
    QTimer::singleShot(kCancelGraceMs, w, [this, w, id] {
        if (w->frontStarted && !w->outstanding.empty() && w->outstanding.front() == id)
            lose(w, proto::FailureCode::Cancelled, Message::verbatim(QStringLiteral("did not stop when cancelled")));
    });
}

QList<quint64> WorkerPool::takeQueued(const QSet<quint64> &wanted)
{
    QList<quint64> taken;
    for (quint64 id : m_queue.removeIf([&](quint64 id) { return wanted.contains(id); })) {
        taken << id;
        m_jobs.remove(id);
    }
    return taken;
}

QList<quint64> WorkerPool::cancel(const QList<quint64> &ids)
{
    const QSet<quint64> wanted(ids.begin(), ids.end());
    const QList<quint64> dropped = takeQueued(wanted);
    for (Worker *w : m_workers) {
        if (!w)
            continue;
        for (quint64 id : w->outstanding) {
            if (!wanted.contains(id))
                continue;
            m_cancelled.insert(id);
            send(w, proto::Cancel{id});
        }
        if (!w->outstanding.empty() && w->frontStarted && wanted.contains(w->outstanding.front()))
            expectStop(w, w->outstanding.front());
        // A cancelled job that has not started yet gets its grace period when its Started frame
        // arrives (handleMessage): one already on its way would otherwise run unwatched.
    }
    checkIdle();
    return dropped;
}

QList<quint64> WorkerPool::withdraw(const QList<quint64> &ids)
{
    const QList<quint64> taken = takeQueued(QSet<quint64>(ids.begin(), ids.end()));
    checkIdle();
    return taken;
}

} // namespace pp
