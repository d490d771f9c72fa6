#include "Pipeline.h"
#include "FrameTurn.h"

#include "ImageCodec.h"

#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace pp {
namespace {

using Steps = QVector<const CompiledStep *>;

cv::Size sizeThrough(const Steps &steps, cv::Size size, int orientation)
{
    for (const CompiledStep *s : steps)
        size = s->outputSize(size, {orientation});
    return size;
}

// The resize's size before fill mode's crop: what the decode must at least provide.
cv::Size scaledSize(cv::Size in, const ops::ResizeParams &p, cv::Size out)
{
    if (p.mode != ops::ResizeMode::Fill)
        return out;
    const double s = std::max(double(p.width) / in.width, double(p.height) / in.height);
    return {std::max(p.width, int(std::lround(in.width * s))), std::max(p.height, int(std::lround(in.height * s)))};
}

PipelinePlan unchanged(const QVector<CompiledStep> &steps, cv::Size source, int orientation)
{
    PipelinePlan plan;
    plan.outputSize = source;
    for (const CompiledStep &s : steps) {
        plan.steps.append({s, 1, std::nullopt, std::nullopt, int(&s - steps.data())});
        plan.outputSize = s.outputSize(plan.outputSize, {orientation});
    }
    return plan;
}

} // namespace

QString StepOverPixelLimit::text() const
{
    const quint64 pixels = quint64(std::max(size.width, 0)) * quint64(std::max(size.height, 0));
    return QStringLiteral("steps[%1] (%2) would make an image of %3×%4 (%5 megapixels), over the limit of %6 "
                          "megapixels")
        .arg(QString::number(step), op, QString::number(size.width), QString::number(size.height),
             QString::number(double(pixels) / 1e6, 'f', megapixelDecimals(pixels, maxPixels)),
             QString::number(double(maxPixels) / 1e6, 'f', 1));
}

std::optional<StepOverPixelLimit> StepOverPixelLimit::fromText(const QString &text, QString *prefix)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(.*)steps\\[(\\d+)\\] \\(([A-Za-z0-9_]+)\\) would make an image of (\\d+)×(\\d+) "
                       "\\([0-9.]+ megapixels\\), over the limit of ([0-9.]+) megapixels$"),
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok[4];
    StepOverPixelLimit e;
    e.step = m.captured(2).toInt(&ok[0]);
    e.op = m.captured(3);
    e.size = cv::Size(m.captured(4).toInt(&ok[1]), m.captured(5).toInt(&ok[2]));
    e.maxPixels = quint64(std::llround(m.captured(6).toDouble(&ok[3]) * 1e6));
    if (!(ok[0] && ok[1] && ok[2] && ok[3]))
        return std::nullopt;
    if (prefix)
        *prefix = m.captured(1);
    return e;
}

std::optional<StepOverPixelLimit> firstStepOverPixelLimit(const QVector<CompiledStep> &steps, cv::Size size,
                                                          int orientation, quint64 maxPixels)
{
    for (int i = 0; i < steps.size(); ++i) {
        size = steps[i].outputSize(size, {orientation});
        const quint64 pixels = quint64(std::max(size.width, 0)) * quint64(std::max(size.height, 0));
        if (pixels > maxPixels)
            return StepOverPixelLimit{i, steps[i].name, size, maxPixels};
    }
    return std::nullopt;
}

QString stepsOverPixelLimit(const QVector<CompiledStep> &steps, cv::Size size, int orientation, quint64 maxPixels)
{
    const auto over = firstStepOverPixelLimit(steps, size, orientation, maxPixels);
    return over ? over->text() : QString();
}

PipelinePlan planPipeline(const QVector<CompiledStep> &steps, cv::Size source, int orientation,
                          const PlanOptions &options)
{
    // Find the first resize and check what precedes it.
    int resizeAt = -1;
    Steps before; // scale-invariant steps, in order
    Steps blurs;  // blurs to move after the resize
    for (int i = 0; i < steps.size() && resizeAt < 0; ++i) {
        switch (steps[i].scaleClass) {
        case ScaleClass::Resize:
            resizeAt = i;
            break;
        case ScaleClass::Invariant:
            // Steps run in the preset's order: a blur moves only past steps it passes through
            // unchanged. Moved past a contrast that clips, a gamma, a turn by 30° (its background's
            // edge blurred with the picture), it gave another picture (29.7–34.4 dB).
            if (!blurs.isEmpty() && !steps[i].commutesWithBlur)
                return unchanged(steps, source, orientation);
            before.append(&steps[i]);
            break;
        case ScaleClass::Blur:
            if (!options.reorderBlur)
                return unchanged(steps, source, orientation);
            blurs.append(&steps[i]);
            break;
        case ScaleClass::Blocker:
            return unchanged(steps, source, orientation);
        }
    }
    if (resizeAt < 0)
        return unchanged(steps, source, orientation);

    // The size the resize gets of a picture of `size`: after the steps before it, turned upright
    // first when the resize itself turns it (a box that is not square, in a preset without
    // autoOrient). Without that turn the shrink-on-load's size was the stored picture's: a 400×600
    // photo of Orientation 6 fitted into 300×150 came out 100×150, its upright 600×400 squeezed.
    const auto intoResize = [&](cv::Size size) {
        return steps[resizeAt].seenSize(sizeThrough(before, size, orientation), orientation);
    };
    const cv::Size resizeIn = intoResize(source);
    const ops::ResizeParams &rp = steps[resizeAt].resize;
    const cv::Size out = ops::resizeOutputSize(resizeIn, rp);
    const cv::Size need = scaledSize(resizeIn, rp, out);
    const double fx = double(need.width) / resizeIn.width;
    const double fy = double(need.height) / resizeIn.height;
    if (fx >= 1.0 || fy >= 1.0)
        return unchanged(steps, source, orientation); // not a downscale: nothing to gain

    // A blur moves after the downscale only where it stays wide at the new scale; a blur
    // narrower than an output pixel would be lost, so then keep the order (and full decode).
    const double factor = std::sqrt(fx * fy);
    // A blur at least one output pixel wide after the downscale hides the difference between
    // libjpeg's DCT scaling and an area resize, so the decode needs no margin (the reducing gap):
    // the smallest DCT scale that covers the output. Measured on the 51 JPEGs of both benchmark
    // sets with the classic preset: 52.0 dB at worst against the plain pipeline (54.2 with a gap
    // of 2), 23 % less time (docs/benchmarks.md, "The planner's rules, measured").
    bool wideBlur = false;
    for (const CompiledStep *b : blurs) {
        const double outputSigma = b->blurSigma * factor;
        if (outputSigma < options.minMovedSigma)
            return unchanged(steps, source, orientation);
        // One σ for both axes: only where the resize scales them alike, to 2 % of the blur or a tenth
        // of an output pixel (a fit's rounding). An exact 640×20 of a 641×427 photo blurred its
        // width 4.6 times too little (26.5 dB).
        if (std::abs(fx - fy) * b->blurSigma > std::max(0.1, 0.02 * outputSigma))
            return unchanged(steps, source, orientation);
        wideBlur |= outputSigma >= 1.0;
    }
    const double gap = wideBlur && !options.halfOnly ? std::min(options.reducingGap, 1.0) : options.reducingGap;

    // The smallest of `scales` (eighths of `decoded`) that still leaves `gap` times what the resize needs.
    const auto smallest = [&](cv::Size decoded, std::initializer_list<int> scales, double gap) {
        for (const int m : scales) {
            const cv::Size reduced = intoResize(scaledJpegSize(decoded, m));
            if (reduced.width >= need.width * gap && reduced.height >= need.height * gap)
                return m;
        }
        return 8;
    };
    PipelinePlan plan;
    if (options.canScaleDecode)
        plan.scaleEighths =
            options.halfOnly ? smallest(source, {4}, gap) : smallest(source, {1, 2, 3, 4, 5, 6, 7}, gap);
    if (!options.preview.empty()) {
        const cv::Size whole = intoResize(options.preview);
        if (whole.width >= need.width && whole.height >= need.height)
            plan.previewScaleEighths = smallest(options.preview, {1, 2, 3, 4, 5, 6, 7}, options.previewReducingGap);
    }
    const auto at = [&](const CompiledStep *s) { return int(s - steps.data()); };
    for (const CompiledStep *s : before)
        plan.steps.append({*s, 1, std::nullopt, std::nullopt, at(s)});
    plan.steps.append({steps[resizeAt], 1, need, std::nullopt, resizeAt});
    for (const CompiledStep *b : blurs)
        plan.steps.append({*b, factor, std::nullopt, std::nullopt, at(b)});
    // A fill's crop comes after the blurs moved past it: blurred before the crop, the edges of what
    // it keeps take in the picture it cuts away, as they did at full size. Cropped first, they were
    // blurred with their own reflection (26.4 dB from the preset's order, operations QA pass).
    if (rp.mode == ops::ResizeMode::Fill)
        plan.steps.last().fillCrop = out;
    plan.outputSize = out;
    for (int i = resizeAt + 1; i < steps.size(); ++i) {
        plan.steps.append({steps[i], 1, std::nullopt, std::nullopt, i});
        plan.outputSize = steps[i].outputSize(plan.outputSize, {orientation});
    }
    return plan;
}

cv::Mat runPipeline(const PipelinePlan &plan, const cv::Mat &decoded, int orientation,
                    const std::function<bool(int, int)> &beforeStep, QString *error, ColourConversion *colour,
                    const StepResources *resources, QStringList *warnings)
{
    cv::Mat image = decoded;
    const auto convert = [&] {
        if (colour && colour->toSrgb && !colour->done) {
            colour->toSrgb(image);
            colour->done = true;
        }
    };
    const int n = int(plan.steps.size());
    for (int i = 0; i < n; ++i) {
        if (beforeStep && !beforeStep(i, n))
            return {}; // stopped: the caller knows why
        const PlannedStep &ps = plan.steps[i];
        if (ps.step.uprightFirst) {
            image = ops::applyExifOrientation(image, orientation);
            orientation = 1;
        }
        if (ps.step.worksInSrgb)
            convert();
        if (ps.exactSize) {
            image = ops::resizeTo(image, *ps.exactSize, ps.step.resize.filter);
        } else {
            StepReport report;
            image = ps.step.apply(image, {orientation, ps.scale, resources, &report});
            if (warnings)
                *warnings += report.warnings;
            if (image.empty()) {
                *error =
                    report.error.isEmpty() ? QStringLiteral("%1 produced no image").arg(ps.step.name) : report.error;
                return {};
            }
        }
        if (ps.fillCrop) {
            const cv::Size c = *ps.fillCrop;
            image = image(cv::Rect((image.cols - c.width) / 2, (image.rows - c.height) / 2, c.width, c.height)).clone();
        }
    }
    if (colour && colour->always)
        convert();
    return image;
}

int planFrame(const PipelinePlan &plan, cv::Size source, int orientation)
{
    int turn = 1;
    cv::Size size = source;
    for (const PlannedStep &ps : plan.steps) {
        const StepContext context{orientation, ps.scale, nullptr, nullptr};
        const cv::Size in = ps.step.seenSize(size, orientation);
        if (ps.step.uprightFirst && orientation >= 2 && orientation <= 8) // runPipeline() turns it first
            turn = meta::composeTurns(turn, orientation);
        const int t = ps.fillCrop ? 0 : ps.step.frame ? ps.step.frame(in, context) : 0;
        if (t < 1 || t > 8)
            return 0;
        turn = meta::composeTurns(turn, t);
        size = ps.exactSize ? *ps.exactSize : ps.step.outputSize(size, context); // turned by its own
        if (ps.fillCrop)
            size = *ps.fillCrop;
        if (ps.step.uprightFirst)
            orientation = 1;
    }
    return turn;
}

} // namespace pp
