// The runners' queue of jobs waiting for a worker: one lane per priority, each first in first
// out. The window's previews and the queue's thumbnails go before any batch job (the thumbnails
// one at a time while other jobs wait: ThumbnailCache), the background lane after every batch
// job; pausing holds the batch lane only, so the window keeps showing what it shows while a
// batch waits.
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <vector>

namespace pp {

enum class JobPriority : unsigned char {
    Interactive, // what the user waits for now (before/after previews)
    Batch,       // the images of a batch
    Background,  // nice to have when nothing else runs
};

template <class T> class JobQueue
{
public:
    void push(T job, JobPriority p) { lane(p).push_back(std::move(job)); }
    // Back at the front of its lane (a job whose worker was lost goes before the others).
    void pushFront(T job, JobPriority p) { lane(p).push_front(std::move(job)); }

    // How many jobs may start now; batchHeld (paused): the batch lane waits.
    std::size_t available(bool batchHeld) const
    {
        return lane(JobPriority::Interactive).size() + (batchHeld ? 0 : lane(JobPriority::Batch).size()) +
               lane(JobPriority::Background).size();
    }
    // The next job to start; only when available(batchHeld) > 0.
    T take(bool batchHeld)
    {
        for (auto p : {JobPriority::Interactive, JobPriority::Batch, JobPriority::Background}) {
            if (lane(p).empty() || (batchHeld && p == JobPriority::Batch))
                continue;
            T job = std::move(lane(p).front());
            lane(p).pop_front();
            return job;
        }
        return T{};
    }

    std::size_t size() const { return m_lanes[0].size() + m_lanes[1].size() + m_lanes[2].size(); }
    bool empty() const { return size() == 0; }

    // Removes and returns the jobs for which pred(job) is true, in queue order.
    template <class Pred> std::vector<T> removeIf(Pred pred)
    {
        std::vector<T> removed;
        for (auto &l : m_lanes) {
            std::deque<T> kept;
            for (T &job : l) {
                if (pred(job))
                    removed.push_back(std::move(job));
                else
                    kept.push_back(std::move(job));
            }
            l = std::move(kept);
        }
        return removed;
    }
    std::vector<T> takeAll()
    {
        return removeIf([](const T &) { return true; });
    }

private:
    std::deque<T> &lane(JobPriority p) { return m_lanes[std::size_t(p)]; }
    const std::deque<T> &lane(JobPriority p) const { return m_lanes[std::size_t(p)]; }

    std::array<std::deque<T>, 3> m_lanes;
};

} // namespace pp
