// The pool's bookkeeping for one worker process; shared by WorkerPool's source files.
#pragma once

#include "WorkerPool.h"

#include <QSet>
#include <unistd.h>

namespace pp {

constexpr int kPreviewSlots = 3;     // two jobs in flight plus one being copied out
constexpr int kCancelGraceMs = 3000; // a worker asked to stop a job, or to exit, then is killed

// Why the system refuses this process new processes and threads, for people: the user's limit
// (ulimit -u; root is not held to it) when one is set, else the error as it is. Workers have the
// front end's limit.
Message processLimit();

// A QObject child of the pool: every connection and timer that refers to a worker has the worker
// as its context, so none can outlive it. A lost worker is deleted later, never while one of its
// own handlers may still be on the stack.
struct WorkerPool::Worker : QObject {
    enum class State { Starting, Welcomed, Ready, Lost };
    using QObject::QObject;
    ~Worker() override
    {
        if (files >= 0)
            ::close(files);
    }
    bool takesJobs() const { return state == State::Ready && !retiring && !exited; }

    int slot = 0;
    quint64 generation = 0;
    State state = State::Starting;
    QProcess *process = nullptr;
    QLocalSocket *socket = nullptr;
    int files = -1;       // the front end's end of the channel the job's files go by (sendJobFiles)
    Message startProblem; // why it was not started, when it was not for its process (onStartFailed)
    QByteArray token;
    qint64 pid = 0;
    proto::FrameReader reader;
    std::deque<quint64> outstanding; // in the order sent; the front one may be running
    std::deque<quint64> probes;      // probe requests sent, answered in this order
    bool frontStarted = false;
    QSet<quint32> presetsSent;
    std::unique_ptr<SharedSegment> preview;
    std::vector<qint64> slotJob = std::vector<qint64>(kPreviewSlots, -1);
    QHash<quint64, int> jobSlot;
    QTimer timeout;
    int tasksDone = 0;
    bool retiring = false;
    bool exited = false;            // its process has ended: what it said is being read, no new jobs
    bool killedFromOutside = false; // SIGKILL/SIGTERM from someone else
    bool wentWithFrontEnd = false;  // died of the signal that stops the front end (noteStopSignal)
    bool crashed = false;           // died of a signal of its own, or hung up mid-job
    bool threadsRefused = false;    // ended because the system refused it a thread (kExitCannotStartThreads)
};

} // namespace pp
