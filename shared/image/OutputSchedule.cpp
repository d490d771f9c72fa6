#include "OutputSchedule.h"

#include <algorithm>
#include <numeric>

namespace pp {
namespace {

// The same step planned the same way: one of the shared steps (the outputs' own steps are
// never the same, even when written alike, as they are not run on the same image).
bool sameStep(const PlannedStep &a, const PlannedStep &b, int sharedSteps)
{
    return a.source == b.source && a.source >= 0 && a.source < sharedSteps && a.scale == b.scale &&
           a.exactSize == b.exactSize && a.fillCrop == b.fillCrop;
}

int commonPrefix(const PipelinePlan &a, const PipelinePlan &b, int sharedSteps)
{
    int n = 0;
    while (n < a.steps.size() && n < b.steps.size() && sameStep(a.steps[n], b.steps[n], sharedSteps))
        ++n;
    return n;
}

} // namespace

QVector<OutputRun> scheduleOutputs(const QVector<PipelinePlan> &plans, int sharedSteps, double gap)
{
    QVector<int> order(plans.size());
    std::iota(order.begin(), order.end(), 0);
    const auto area = [&](int i) { return qint64(plans[i].outputSize.width) * plans[i].outputSize.height; };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return area(a) > area(b); });

    QVector<OutputRun> runs;
    for (const int output : order) {
        const PipelinePlan &plan = plans[output];
        OutputRun best{output, -1, 0, 0, false};
        for (int r = 0; r < runs.size(); ++r) {
            const OutputRun &earlier = runs[r];
            const PipelinePlan &before = plans[earlier.output];
            const int common = commonPrefix(before, plan, sharedSteps);
            // The earlier run's image exists after each step it ran itself; at its start only when
            // that is a true state of its plan (a derived run starts from another output's image).
            const int firstOwn = earlier.startStep + (earlier.derived ? 1 : 0);
            if (common < plan.steps.size() && common < before.steps.size() && common >= earlier.startStep) {
                const PlannedStep &theirs = before.steps[common];
                const PlannedStep &mine = plan.steps[common];
                if (theirs.exactSize && !theirs.fillCrop && mine.exactSize &&
                    mine.exactSize->width * gap <= theirs.exactSize->width &&
                    mine.exactSize->height * gap <= theirs.exactSize->height) {
                    // The later (smaller) of the candidates is the cheaper start.
                    best = {output, r, common + 1, common, true};
                    continue;
                }
            }
            if (!best.derived && common >= firstOwn && common > best.startStep)
                best = {output, r, common, common, false};
        }
        runs.append(best);
    }
    return runs;
}

QVector<int> snapshotSteps(const QVector<OutputRun> &schedule, int run)
{
    QVector<int> steps;
    for (const OutputRun &r : schedule)
        if (r.from == run && !steps.contains(r.fromStep))
            steps.append(r.fromStep);
    std::sort(steps.begin(), steps.end());
    return steps;
}

} // namespace pp
