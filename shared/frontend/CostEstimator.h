// Cost-aware scheduling: orders each slice of a batch costliest image first, so that the batch does
// not end with every worker idle but one, still decoding a heavy file that started last.
//
// The front end never reads image bytes: a worker reads the headers of the slice's files
// (JobRunner::probe, proto::ProbeRequest) and says each one's format, size, whether it is a
// progressive JPEG and the scale the preset's plan decodes it at. estimatedCostMs() turns that
// into milliseconds with the per-format table in CostEstimator.cpp. While a slice's probe is out,
// the slice waits (and the slices after it, to keep their order); a probe that fails or takes
// too long leaves its slice in order of size in bytes, as before. Nothing is ever dropped.
#pragma once

#include "JobRunner.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QPointer>
#include <QTimer>
#include <deque>
#include <vector>

namespace pp {

class CostEstimator : public QObject
{
    Q_OBJECT
public:
    struct Item {
        JobSpec spec;
        qint64 bytes = 0; // the file's size (or the bytes given in memory)
    };

    CostEstimator(JobRunner *runner, quint32 presetId, QObject *parent = nullptr);

    // How long a slice waits for its probe before it goes in order of bytes.
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Adds a slice; its jobs reach the runner, ordered, after every slice added before.
    void add(std::vector<Item> slice);
    // Drops the slices not submitted yet and returns their job ids (a cancelled or failed batch).
    QList<quint64> takePending();
    // Takes these jobs out of the slices not submitted yet (their output folder is gone), and
    // returns those it held.
    QList<quint64> withdraw(const QSet<quint64> &ids);
    bool holdsJobs() const { return !m_slices.empty(); }
    // Slices ordered by cost / by bytes since construction (tests and diagnostics).
    int slicesByCost() const { return m_byCost; }
    int slicesByBytes() const { return m_byBytes; }

    // The estimated time of one job, from what the probe said; -1 for an entry the probe could not
    // read (then only its bytes say something).
    static double estimatedCostMs(const proto::ProbeEntry &entry);
    // Costliest first; items without a cost (< 0) get one from their bytes (kMsPerUnknownMB), so
    // that they still fall in among the others. Stable: equal costs keep the slice's order.
    static std::vector<int> costOrder(const std::vector<double> &costs, const std::vector<qint64> &bytes);

private:
    struct Slice {
        std::vector<Item> items;
        std::vector<double> costs; // -1 until probed (and for inputs in memory)
        QList<quint64> requests;   // probe requests still out
        bool resolved = false;     // every probe answered, or gave up on
        bool byCost = false;
        QTimer *timer = nullptr;
    };

    void onProbed(const proto::ProbeReply &reply);
    void onProbeFailed(quint64 requestId);
    void giveUp(Slice *slice);
    void submitReady();

    QPointer<JobRunner> m_runner; // a pool the window replaced may be gone before a timeout
    quint32 m_presetId;
    int m_timeoutMs = 2000;
    std::deque<Slice> m_slices;
    QHash<quint64, std::pair<Slice *, int>> m_requests; // request id -> its slice, first item index
    QSet<quint64> m_withdrawn;                          // in a slice still, never to be submitted
    int m_byCost = 0, m_byBytes = 0;
};

} // namespace pp
