// The pool's bookkeeping for one worker process; shared by WorkerPool's two source files.
#pragma once

#include "WorkerPool.h"

#include <QSet>

namespace pp {

constexpr int kPreviewSlots = 3; // two jobs in flight plus one being copied out

struct WorkerPool::Worker {
    enum class State { Starting, Welcomed, Ready, Lost };
    int slot = 0;
    quint64 generation = 0;
    State state = State::Starting;
    QProcess *process = nullptr;
    QLocalSocket *socket = nullptr;
    QByteArray token;
    qint64 pid = 0;
    proto::FrameReader reader;
    std::deque<quint64> outstanding; // in the order sent; the front one may be running
    bool frontStarted = false;
    QSet<quint32> presetsSent;
    std::unique_ptr<SharedSegment> preview;
    std::vector<qint64> slotJob = std::vector<qint64>(kPreviewSlots, -1);
    QHash<quint64, int> jobSlot;
    QTimer timeout;
    int tasksDone = 0;
    bool retiring = false;
    bool killedFromOutside = false; // SIGKILL/SIGTERM from someone else
    QString pendingReason; // why it was lost, when known before the exit status
};

} // namespace pp
