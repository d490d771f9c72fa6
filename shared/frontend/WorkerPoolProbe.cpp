// WorkerPool: header probes for cost-aware scheduling (CostEstimator). A probe goes to the ready
// worker with the least work in hand; its reply is checked against the request like any frame.
#include "WorkerPool.h"
#include "WorkerPoolPrivate.h"

#include <QCoreApplication>
#include <algorithm>

namespace pp {

void WorkerPool::definePresetOn(Worker *w, quint32 presetId)
{
    if (w->presetsSent.contains(presetId))
        return;
    send(w, proto::DefinePreset{presetId, m_presets.value(presetId)});
    w->presetsSent.insert(presetId);
}

quint64 WorkerPool::probe(quint32 presetId, const QVector<QByteArray> &paths, const QVector<Confinement> &confinements)
{
    // A frame the worker would refuse would cost it its life, and the job it runs an attempt.
    qsizetype total = 0;
    for (const QByteArray &p : paths) {
        if (p.isEmpty() || p.size() > proto::kMaxPathBytes || p.contains('\0'))
            return 0;
        total += p.size();
    }
    if (!m_running || paths.isEmpty() || paths.size() > proto::kMaxProbePaths ||
        total > proto::kMaxProbePathBytesTotal || !m_presets.contains(presetId))
        return 0;
    const quint64 id = m_nextProbeId++;
    m_probes.insert(id, {id, presetId, paths});
    if (std::any_of(confinements.cbegin(), confinements.cend(), [](const Confinement &c) { return c.confined; }))
        m_probesConfined.insert(id, confinements);
    m_probeQueue.push_back(id);
    fillSlots();
    sendProbes();
    return id;
}

void WorkerPool::sendProbes()
{
    while (!m_probeQueue.empty()) {
        Worker *best = nullptr;
        for (Worker *w : m_workers)
            if (w && w->takesJobs() &&
                (!best || w->outstanding.size() + w->probes.size() < best->outstanding.size() + best->probes.size()))
                best = w;
        if (!best)
            return; // sent when a worker is ready
        const quint64 id = m_probeQueue.front();
        m_probeQueue.pop_front();
        const proto::ProbeRequest &request = m_probes[id];
        definePresetOn(best, request.presetId);
        best->probes.push_back(id);
        // The worker reads no file by its name: each is opened on the maker thread, in turn with
        // the jobs' files, and the request follows its files (the worker takes them as it reads it).
        m_probesOpening.insert(id);
        m_makers->start([pool = QPointer<WorkerPool>(this), id, slot = best->slot, generation = best->generation,
                         paths = request.paths, confinements = m_probesConfined.take(id), clock = m_makerClock] {
            const MakerClock::Opening opening(*clock, proto::probeFilesId(id));
            auto files = std::make_shared<Descriptors>();
            for (qsizetype i = 0; i < paths.size(); ++i) {
                int err = 0;
                const int fd = openToHand(paths[i], confinements.value(i), &err);
                if (fd < 0) { // out of descriptors here: the probe fails, and the batch goes by sizes
                    files.reset();
                    break;
                }
                files->fds.push_back(fd);
                // One that leads out of its folder is not the worker's to know of: refused.
                files->errors.push_back(err == kOutsideFolder ? EACCES : err);
            }
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [pool, id, slot, generation, files] {
                    if (pool)
                        pool->onProbeFilesOpened(id, slot, generation, files);
                },
                Qt::QueuedConnection);
        });
    }
}

void WorkerPool::onProbeFilesOpened(quint64 id, int slot, quint64 generation, const std::shared_ptr<Descriptors> &files)
{
    if (!m_probesOpening.remove(id))
        return; // given up (abandonStuckMaker)
    Worker *w = slot >= 0 && size_t(slot) < m_workers.size() ? m_workers[size_t(slot)] : nullptr;
    // Still its worker's (a lost one's probes failed as it went).
    if (!w || w->generation != generation || w->state == Worker::State::Lost ||
        std::find(w->probes.begin(), w->probes.end(), id) == w->probes.end())
        return;
    if (!files) {
        // Answered in turn: the worker's replies come in the order of its requests.
        w->probes.erase(std::find(w->probes.begin(), w->probes.end(), id));
        m_probes.remove(id);
        emit probeFailed(id);
        return;
    }
    if (handFiles(w, proto::probeFilesId(id), files->fds, files->errors))
        send(w, m_probes.value(id));
}

bool WorkerPool::onProbeReply(Worker *w, const proto::ProbeReply &reply, QString *violation)
{
    if (w->probes.empty() || w->probes.front() != reply.requestId)
        return *violation = QStringLiteral("ProbeReply for request %1 out of turn").arg(reply.requestId), false;
    const proto::ProbeRequest request = m_probes.take(reply.requestId);
    w->probes.pop_front();
    if (reply.entries.size() != request.paths.size()) {
        emit probeFailed(reply.requestId); // lose() ends this worker's other probes
        return *violation =
                   QStringLiteral("%1 probe results for %2 files").arg(reply.entries.size()).arg(request.paths.size()),
               false;
    }
    emit probed(reply);
    return true;
}

void WorkerPool::failProbes(std::deque<quint64> *ids)
{
    const std::deque<quint64> failed = std::exchange(*ids, {});
    for (const quint64 id : failed) {
        m_probes.remove(id);
        m_probesConfined.remove(id);
        emit probeFailed(id);
    }
}

} // namespace pp
