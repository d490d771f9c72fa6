// How the outputs of a preset with `outputs` share the work of one image.
//
// Every output has its own plan (Pipeline.h) over the preset's shared steps followed by its own,
// and the image is decoded once, at the largest scale any plan asks for: each plan's resize has
// its exact size, so a plan stays right on a larger decode than it was made for. Outputs then run
// largest first, and each starts from the furthest point it can take from one that ran before:
//  - a common prefix: where two plans run the same steps (the shared steps, planned the same way),
//    the later output continues from the earlier one's image after them;
//  - a derived downscale: where both plans continue with a resize to an exact size, the earlier
//    one's is not cropped (fit, or exact: the whole frame in either case) and it is at least `gap`
//    times the later one's in both directions, the later output resizes the earlier one's resized
//    image instead. It is the rule that lets a JPEG decode at a reduced DCT scale
//    (PlanOptions::reducingGap): what stays to be shrunk is shrunk by INTER_AREA, which barely
//    notices that its source was made by INTER_AREA already.
// Nothing after the earlier output's resize (a sharpening, a watermark) reaches the later one.
#pragma once

#include "Pipeline.h"

#include <QVector>

namespace pp {

struct OutputRun {
    int output = 0; // index into the plans (the preset's order)
    // Where its image comes from: -1, the decoded image; else the position in the schedule of the
    // run whose image after `fromStep` of its plan's steps it continues from.
    int from = -1;
    int fromStep = 0;
    int startStep = 0;    // the first step of its own plan that it runs
    bool derived = false; // a derived downscale (startStep is its resize)
};

// The order to run the outputs in (largest predicted output first) and where each starts.
// `sharedSteps`: how many of each plan's source steps are the preset's shared ones.
QVector<OutputRun> scheduleOutputs(const QVector<PipelinePlan> &plans, int sharedSteps, double gap = 2.0);

// The positions in the schedule's run `run`'s plan after which a later run takes its image,
// in increasing order.
QVector<int> snapshotSteps(const QVector<OutputRun> &schedule, int run);

} // namespace pp
