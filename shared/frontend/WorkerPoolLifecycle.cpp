// WorkerPool: the lives of its workers: retiring one (maxtasksperchild), losing one that died, hung
// or broke the protocol, replacing it (with backoff when it cannot start), and stopping them all.
#include "WorkerPool.h"

#include "BatchRunner.h"
#include "WorkerPoolPrivate.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QLocalSocket>
#include <atomic>
#include <csignal>
#include <unistd.h>
#include <utility>
#include <vector>

namespace pp {

namespace {
constexpr int kMaxStartFailures = 3;
constexpr int kShutdownGraceMs = 300; // for all workers together, then they are killed

QString signalText(int sig)
{
    const char *abbrev = sigabbrev_np(sig);
    return abbrev ? QStringLiteral("signal %1 (SIG%2)").arg(sig).arg(QLatin1String(abbrev))
                  : QStringLiteral("signal %1").arg(sig);
}

Message signalMessage(int sig)
{
    const char *abbrev = sigabbrev_np(sig);
    return abbrev ? Message(MessageId::Signal, {QString::number(sig), "SIG" + QLatin1String(abbrev)})
                  : Message::verbatim(signalText(sig));
}

std::atomic_int g_stopSignal{0};
static_assert(std::atomic_int::is_always_lock_free);

} // namespace

void WorkerPool::noteStopSignal(int sig) noexcept { g_stopSignal.store(sig); }

// maxtasksperchild: the worker finishes what it holds, then exits; a fresh one takes its slot.
void WorkerPool::retire(Worker *w)
{
    w->retiring = true; // no new jobs; called again from onJobDone until it has drained
    if (!w->outstanding.empty() || w->state == Worker::State::Lost)
        return;
    failProbes(&w->probes); // rare (a probe sent during its last job): the slice goes by bytes
    send(w, proto::Shutdown{});
    w->state = Worker::State::Lost;
    if (QLocalSocket *socket = std::exchange(w->socket, nullptr)) {
        // The connection outlives the worker until the Shutdown frame is out and it hangs up.
        QObject::disconnect(socket, nullptr, w, nullptr);
        socket->setParent(this);
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromServer();
    }
    QProcess *p = w->process;
    QTimer::singleShot(kCancelGraceMs, p, [p] { p->kill(); }); // one that lingers is put down
    const int slot = w->slot;
    forget(w);
    if (m_running && hasWaitingWork())
        replaceSoon(slot); // otherwise when work comes (fillSlots)
}

void WorkerPool::onProcessFinished(Worker *w, int exitCode, QProcess::ExitStatus status)
{
    if (w->state == Worker::State::Lost)
        return;
    w->killedFromOutside = status == QProcess::CrashExit && (exitCode == SIGKILL || exitCode == SIGTERM);
    // The front end's own stop signal was noted by its handler before this exit could be seen: the
    // signal reached this process in the same kill() that reached the worker.
    w->wentWithFrontEnd = w->killedFromOutside && exitCode == g_stopSignal.load();
    w->crashed = status == QProcess::CrashExit && exitCode > 0 && !w->killedFromOutside;
    w->threadsRefused = status == QProcess::NormalExit && exitCode == proto::kExitCannotStartThreads;
    w->exited = true;
    // The exit can be seen before the frames the worker sent just before it: they count first,
    // so a job it finished is done and a job it started is the one that was running.
    readRemaining(w);
    // Taken at its word once per image: a second worker ending so on the same image is taken for
    // that image's doing (a worker the image took over could say anything), an attempt as a crash
    // is. Else one image could close every slot in turn, and every image waiting would fail
    // "workers cannot start" where a crash costs that image only.
    if (w->threadsRefused && !w->outstanding.empty() && w->frontStarted) {
        if (const auto running = m_jobs.find(w->outstanding.front()); running != m_jobs.end()) {
            if (std::exchange(running->threadsRefused, true)) {
                w->threadsRefused = false;
                w->crashed = true;
            }
        }
    }
    if (w->threadsRefused)
        lose(w, proto::FailureCode::WorkersCannotStart,
             Message(MessageId::WorkerCannotStartThreads, {}, {processLimit()}));
    else if (status == QProcess::CrashExit)
        lose(w, proto::FailureCode::WorkerCrashed,
             Message(w->killedFromOutside ? MessageId::WorkerKilledFromOutside : MessageId::WorkerCrashedWith, {},
                     {signalMessage(exitCode)}));
    else
        lose(w, proto::FailureCode::WorkerCrashed,
             Message(MessageId::WorkerExitedWithCode, {QString::number(exitCode)}));
}

void WorkerPool::onTimeout(Worker *w)
{
    readRemaining(w); // a Finished or Started frame waiting in the buffer means it did not hang
    if (w->state == Worker::State::Lost || w->timeout.isActive() || w->outstanding.empty())
        return;
    // Its image's files are not handed over yet: it waits for the maker, no fault of its own. A
    // maker stuck on one file that long is left behind, and that image fails instead.
    if (const auto front = m_jobs.constFind(w->outstanding.front());
        !w->frontStarted && front != m_jobs.cend() && front->filesPending) {
        abandonStuckMaker();
        watchFront(w);
        return;
    }
    const QString limit = QString::number(m_settings.timeoutSeconds);
    lose(w, proto::FailureCode::TimedOut,
         w->frontStarted ? Message(MessageId::WorkerTimedOut, {limit})
                         : Message(MessageId::WorkerDidNotStart, {limit}));
}

// Takes a worker out of its slot. Its connection is closed at once; the object goes when the
// event loop next runs, as one of its own handlers may be on the stack now.
void WorkerPool::forget(Worker *w)
{
    w->state = Worker::State::Lost;
    w->timeout.stop();
    QProcess *p = w->process;
    QObject::disconnect(p, nullptr, w, nullptr);
    if (p->state() == QProcess::NotRunning) {
        p->deleteLater();
    } else {
        connect(p, &QProcess::finished, p, &QObject::deleteLater);
        // A shutdown waits for it too: destroyed unreaped with the pool, Qt warned "QProcess:
        // Destroyed while process … is still running" after a --timeout kill and blocked to reap it.
        m_exiting.removeAll(nullptr);
        m_exiting << p;
    }
    if (w->socket) {
        QObject::disconnect(w->socket, nullptr, w, nullptr);
        w->socket->disconnectFromServer();
    }
    if (m_workers[size_t(w->slot)] == w)
        m_workers[size_t(w->slot)] = nullptr;
    w->deleteLater();
}

void WorkerPool::lose(Worker *w, proto::FailureCode why, const Message &how)
{
    if (w->state == Worker::State::Lost)
        return;
    // A worker that did not start the image it was given in time (onTimeout) is as suspect as one
    // that hung on it: that image is charged an attempt, so a worker that never starts cannot be
    // replaced for ever.
    const bool notStarted = why == proto::FailureCode::TimedOut && !w->frontStarted && !w->outstanding.empty();
    const bool charged = w->frontStarted || notStarted;
    // What the image it was running fails with: how the worker went, said of the worker; the time
    // limit is the image's own.
    const Message words =
        why == proto::FailureCode::TimedOut && !notStarted ? how : Message(MessageId::FailedWorkerWent, {}, {how});
    // Not the image's doing, nor a loss to count: a worker that went with the front end (its images
    // wait for the cancel that follows), or one the system refused a thread (its images go to the
    // others unharmed, and its slot waits: closeSlot).
    const bool quiet = w->wentWithFrontEnd || w->threadsRefused;
    // The log line names the image it was working on (not the ones it held for later), or says that
    // none was running: before, a kill from outside was said as the worker "crashed on this image"
    // in a line that named no image.
    Message lostHow(MessageId::LogLostWithNoImage, {}, {how});
    if (const auto running =
            w->outstanding.empty() || !w->frontStarted ? m_jobs.cend() : m_jobs.constFind(w->outstanding.front());
        running != m_jobs.cend())
        lostHow = running->spec.inputKind == proto::InputKind::File
                      ? Message(MessageId::LogLostWorkingOn, {QFile::decodeName(running->spec.inputPath)}, {how})
                      : Message(MessageId::LogLostWorkingOnImageWithoutFile, {}, {how});
    const bool wasReady = w->state == Worker::State::Ready;
    w->state = Worker::State::Lost;
    // Counted before the failures below are reported: a worker lost to a crash, a hang or a protocol
    // violation, not one put down because it did not stop when cancelled.
    if (m_running && !m_shuttingDown && why != proto::FailureCode::Cancelled && !quiet)
        ++m_replaced;
    w->timeout.stop();
    if (w->process->state() != QProcess::NotRunning)
        w->process->kill();
    // A worker that cannot start (missing, broken, crashing on load) counts towards giving up;
    // one killed from outside while it was starting does not say the binary is broken.
    if (!wasReady && m_running && !w->killedFromOutside && !quiet)
        ++m_startFailures;

    // The job it was running is the suspect: retry it once elsewhere. Jobs it had not started
    // go back to the front of the queue unharmed. Those that fail are said after the log line, which
    // says how the worker went (before, "failed IMG: worker crashed …" came first, and the line that
    // explained it after).
    std::deque<quint64> requeue;
    struct Failure {
        quint64 id;
        JobFailure failure;
        int attempts;
    };
    std::vector<Failure> failures;
    for (size_t i = 0; i < w->outstanding.size(); ++i) {
        const quint64 id = w->outstanding[i];
        Tracked &t = m_jobs[id];
        t.spec.removeTemporaries(); // a write may have been cut short
        t.input.reset();            // the worker may have unlinked its name: a retry gets a fresh segment
        if (m_cancelled.remove(id)) {
            failures.push_back({id, proto::cancelledFailure(id), t.attempts});
            m_jobs.remove(id);
            continue;
        }
        if (i == 0 && charged && !quiet) {
            ++t.attempts;
            if (t.attempts > m_settings.retries) {
                failures.push_back({id, JobFailure({id, why, words.english()}, words), t.attempts});
                m_jobs.remove(id);
                continue;
            }
            // A crash (not a kill from outside, not a hang) may have come from reading the file's
            // metadata: the retry leaves it unread, so damaged metadata costs the metadata only.
            if (w->crashed)
                t.withoutMetadata = true;
        }
        requeue.push_back(id);
    }
    for (auto it = requeue.rbegin(); it != requeue.rend(); ++it)
        m_queue.pushFront(*it, m_jobs.value(*it).spec.priority);
    w->outstanding.clear();
    // A probe is not retried: the file that killed this worker may be among its paths.
    failProbes(&w->probes);

    bool anyReady = false;
    for (const Worker *o : m_workers)
        anyReady |= o && o->state == Worker::State::Ready;
    const bool givingUp = m_startFailures >= kMaxStartFailures && !anyReady;
    // A replacement only for work that waits: after the batch's last image nothing would use it
    // (the slot is filled again when work comes: fillSlots()).
    const bool replace = !givingUp && hasWaitingWork() && !quiet;
    if (m_running && !m_shuttingDown && !quiet) {
        const QString slot = QString::number(w->slot), pid = QString::number(w->pid);
        if (why == proto::FailureCode::Cancelled) // expectStop(): no fault of the image
            emit log(Message(replace ? MessageId::LogWorkerStoppedAfterCancel : MessageId::LogWorkerStoppedNotReplaced,
                             {slot, pid, QString::number(kCancelGraceMs / 1000)}));
        else
            emit log(Message(replace ? MessageId::LogWorkerLost : MessageId::LogWorkerLostNotReplaced, {slot, pid},
                             {lostHow}));
    }
    for (const Failure &f : failures)
        emit jobFailed(f.id, f.failure, f.attempts);
    const int slot = w->slot;
    const bool threadsRefused = w->threadsRefused;
    if (w->socket)
        w->socket->abort();
    forget(w);

    if (!m_running || m_shuttingDown)
        return;
    if (threadsRefused)
        return closeSlot(slot, how);
    if (givingUp)
        return giveUp(how);
    if (replace)
        replaceSoon(slot);
    checkIdle();
}

void WorkerPool::giveUp(const Message &why)
{
    m_running = false;
    m_gaveUp = true;
    const Message said(MessageId::WorkersCannotStart, {}, {why});
    const QString message = said.english();
    m_cannotStart = said;
    // The slots are looked at again after a backoff, so that whoever shows this can try again
    // (mayStartAgain) instead of failing each image it asks for until something else happens.
    if (!m_reopenTimer.isActive())
        backOff();
    m_givingUp = true;
    emit gaveUp(said);
    failProbes(&m_probeQueue);
    while (!m_queue.empty()) // with those submitted meanwhile
        for (quint64 id : m_queue.takeAll()) {
            m_jobs.remove(id);
            emit jobFailed(id, JobFailure({id, proto::FailureCode::WorkersCannotStart, message}, said), 0);
        }
    m_givingUp = false;
    emit fatal(said);
}

void WorkerPool::giveUpSoon()
{
    if (std::exchange(m_giveUpDue, true))
        return;
    QTimer::singleShot(0, this, [this] {
        m_giveUpDue = false;
        if (m_running && !m_shuttingDown && !anySlotUsable() && hasWaitingWork())
            giveUp(m_startFailure);
        else
            dispatch();
    });
}

void WorkerPool::backOff()
{
    m_reopenTimer.start(m_reopenDelayMs);
    m_reopenDelayMs = std::min(m_reopenDelayMs * 2, kLastReopenMs);
}

void WorkerPool::replaceSoon(int slot)
{
    QTimer::singleShot(0, this, [this, slot] {
        if (m_running && !m_shuttingDown && size_t(slot) < m_workers.size() && !m_workers[size_t(slot)] &&
            !m_closedSlots.contains(slot))
            spawn(slot);
    });
}

void WorkerPool::onStartFailed(Worker *w)
{
    if (w->state == Worker::State::Lost)
        return;
    const Message reason = w->startProblem.isEmpty() ? whyNotStarted(*w->process) : w->startProblem;
    const int slot = w->slot;
    forget(w);
    if (!m_running || m_shuttingDown)
        return;
    closeSlot(slot, reason);
}

void WorkerPool::closeSlot(int slot, const Message &reason)
{
    // Starting it again at once would fail again (and did, thousands of times a second): its slot
    // stays empty until the backoff is over (before, for the rest of the pool's life: one
    // transient lack of files or processes left the window with fewer workers, or none).
    m_closedSlots.insert(slot);
    m_startFailure = reason;
    if (!m_reopenTimer.isActive())
        backOff();
    int alive = 0, open = 0;
    for (size_t i = 0; i < m_workers.size(); ++i) {
        alive += m_workers[i] != nullptr;
        open += !m_workers[i] && !m_closedSlots.contains(int(i));
    }
    if (alive == 0) {
        if (open == 0)
            return giveUp(reason);
        fillSlots(); // slots left empty while idle: tried before giving up, each once
        return;
    }
    // Said once for all the slots that fail together (they fail inside one start() each, and are
    // handled one after another from the event loop).
    m_shrinkReason = reason;
    if (std::exchange(m_shrinkToBeSaid, true))
        return;
    QTimer::singleShot(0, this, [this] {
        m_shrinkToBeSaid = false;
        if (!m_running || m_shuttingDown)
            return;
        int running = 0;
        for (const Worker *o : m_workers)
            running += o != nullptr;
        if (running == 0) // the rest went meanwhile: giving up says why, once
            return;
        emit log(Message(MessageId::LogRunningFewerWorkers,
                         {QString::number(running), QString::number(m_settings.workers)}, {m_shrinkReason}));
    });
}

void WorkerPool::reopenSlots()
{
    if (m_closedSlots.isEmpty() || m_reopenTimer.isActive())
        return;
    if (workerFileRunnable())
        m_closedSlots.clear();
}

bool WorkerPool::hasWaitingWork() const { return !m_queue.empty() || !m_probeQueue.empty(); }

void WorkerPool::fillSlots()
{
    if (!m_running || m_shuttingDown)
        return;
    for (size_t slot = 0; slot < m_workers.size(); ++slot)
        if (!m_workers[slot] && !m_closedSlots.contains(int(slot)))
            spawn(int(slot));
}

void WorkerPool::checkIdle()
{
    if (m_jobs.isEmpty())
        emit idle();
}

void WorkerPool::stopWorkers()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_running = false;
    // A worker still starting has no work to lose: it is stopped at once. The others are asked
    // to exit and share one short grace period (not one each), then are killed. The workers'
    // bookkeeping goes now, so nothing they still send or do reaches the pool's signals; their
    // processes (children of the pool) are what is left to wait for.
    for (Worker *w : m_workers) {
        if (!w)
            continue;
        if (QProcess *p = w->process) {
            QObject::disconnect(p, nullptr, w, nullptr);
            if (p->state() != QProcess::NotRunning) {
                if (w->state == Worker::State::Ready || w->state == Worker::State::Welcomed) {
                    send(w, proto::Shutdown{});
                    if (w->socket)
                        w->socket->flush();
                } else {
                    p->kill();
                }
                m_exiting << p;
            }
        }
        delete w; // lost ones already went with deleteLater
    }
    m_workers.clear();
    m_server.close();
}

bool WorkerPool::workersExited() const
{
    for (const QPointer<QProcess> &p : m_exiting)
        if (p && p->state() != QProcess::NotRunning)
            return false;
    return true;
}

void WorkerPool::removeRunFolder()
{
    // The lock goes first (the run is over: a sweep may take what is left of it): at the limit on
    // open files, its descriptor is the one removing the folder needs to read it.
    if (m_runLock >= 0)
        ::close(m_runLock);
    m_runLock = -1;
    if (!m_socketDir.isEmpty())
        QDir(m_socketDir).removeRecursively();
    m_socketDir.clear();
}

void WorkerPool::shutdown()
{
    stopWorkers();
    const QDeadlineTimer grace(kShutdownGraceMs);
    for (const QPointer<QProcess> &p : m_exiting)
        if (p && p->state() != QProcess::NotRunning &&
            !p->waitForFinished(int(std::max<qint64>(grace.remainingTime(), 0))))
            p->kill();
    for (const QPointer<QProcess> &p : m_exiting)
        if (p && p->state() != QProcess::NotRunning)
            p->waitForFinished(1000);
    removeRunFolder();
}

void WorkerPool::shutdownLater()
{
    stopWorkers();
    const auto done = [this] {
        if (!workersExited() || m_deleting)
            return;
        m_deleting = true;
        removeRunFolder();
        deleteLater();
    };
    for (const QPointer<QProcess> &p : m_exiting)
        if (p)
            connect(p, &QProcess::finished, this, done);
    QTimer::singleShot(kShutdownGraceMs, this, [this] {
        for (const QPointer<QProcess> &p : m_exiting)
            if (p && p->state() != QProcess::NotRunning)
                p->kill();
    });
    done();
}

} // namespace pp
