#include "Pipeline.h"

#include "ImageCodec.h"
#include "ops/Operations.h"

#include <cmath>

namespace pp {
namespace {

enum class Kind { ScaleInvariant, Blur, Resize, Blocker };

// How a step before the first resize relates to scale: invariant steps give the same result
// (relative to the image) at any resolution; blockers work in absolute pixels.
Kind classify(const QJsonObject &step)
{
    const QString op = step.value("op").toString();
    if (op == "resize")
        return Kind::Resize;
    if (op == "blur")
        return Kind::Blur;
    if (op == "crop")
        return step.value("mode").toString() == "aspect" ? Kind::ScaleInvariant : Kind::Blocker;
    static const QStringList invariant = {"autoOrient", "rotate",    "flip",      "brightnessContrast",
                                          "gamma",      "saturation", "grayscale", "sepia"};
    return invariant.contains(op) ? Kind::ScaleInvariant : Kind::Blocker;
}

cv::Size sizeThrough(const QVector<QJsonObject> &steps, cv::Size size, int orientation)
{
    for (const QJsonObject &s : steps) {
        QString ignored;
        const auto compiled = ops::compile(s, orientation, &ignored);
        if (compiled)
            size = compiled->outputSize(size);
    }
    return size;
}

// The resize's size before fill mode's crop: what the decode must at least provide.
cv::Size scaledSize(cv::Size in, const ops::ResizeParams &p, cv::Size out)
{
    if (p.mode != ops::ResizeMode::Fill)
        return out;
    const double s = std::max(double(p.width) / in.width, double(p.height) / in.height);
    return {std::max(p.width, int(std::lround(in.width * s))),
            std::max(p.height, int(std::lround(in.height * s)))};
}

PipelinePlan unchanged(const QVector<QJsonObject> &steps, cv::Size source, int orientation)
{
    PipelinePlan plan;
    for (const QJsonObject &s : steps)
        plan.steps.append({s, std::nullopt, std::nullopt});
    plan.outputSize = sizeThrough(steps, source, orientation);
    return plan;
}

} // namespace

PipelinePlan planPipeline(const QVector<QJsonObject> &steps, cv::Size source, int orientation,
                          const PlanOptions &options)
{
    // Find the first resize and check what precedes it.
    int resizeAt = -1;
    QVector<QJsonObject> before; // scale-invariant steps, in order
    QVector<QJsonObject> blurs;  // blurs to move after the resize
    for (int i = 0; i < steps.size() && resizeAt < 0; ++i) {
        switch (classify(steps[i])) {
        case Kind::Resize: resizeAt = i; break;
        case Kind::ScaleInvariant: before.append(steps[i]); break;
        case Kind::Blur:
            if (!options.reorderBlur)
                return unchanged(steps, source, orientation);
            blurs.append(steps[i]);
            break;
        case Kind::Blocker: return unchanged(steps, source, orientation);
        }
    }
    if (resizeAt < 0)
        return unchanged(steps, source, orientation);

    const cv::Size resizeIn = sizeThrough(before, source, orientation);
    const ops::ResizeParams rp = ops::resizeParams(steps[resizeAt]);
    const cv::Size out = ops::resizeOutputSize(resizeIn, rp);
    const cv::Size need = scaledSize(resizeIn, rp, out);
    const double fx = double(need.width) / resizeIn.width;
    const double fy = double(need.height) / resizeIn.height;
    if (fx >= 1.0 || fy >= 1.0)
        return unchanged(steps, source, orientation); // not a downscale: nothing to gain

    // A blur moves after the downscale only where it stays wide at the new scale; a blur
    // narrower than an output pixel would be lost, so then keep the order (and full decode).
    const double factor = std::sqrt(fx * fy);
    for (const QJsonObject &b : blurs)
        if (b.value("sigma").toDouble() * factor < 1.0)
            return unchanged(steps, source, orientation);

    int scale = 8;
    if (options.canScaleDecode) {
        for (int m = 1; m < 8; ++m) {
            const cv::Size reduced = sizeThrough(before, scaledJpegSize(source, m), orientation);
            if (reduced.width >= need.width * options.reducingGap &&
                reduced.height >= need.height * options.reducingGap) {
                scale = m;
                break;
            }
        }
    }

    PipelinePlan plan;
    plan.scaleEighths = scale;
    for (const QJsonObject &s : before)
        plan.steps.append({s, std::nullopt, std::nullopt});
    PlannedStep resize{steps[resizeAt], need, std::nullopt};
    if (rp.mode == ops::ResizeMode::Fill)
        resize.fillCrop = out;
    plan.steps.append(resize);
    for (QJsonObject b : blurs) {
        b.insert("sigma", b.value("sigma").toDouble() * factor);
        plan.steps.append({b, std::nullopt, std::nullopt});
    }
    for (int i = resizeAt + 1; i < steps.size(); ++i)
        plan.steps.append({steps[i], std::nullopt, std::nullopt});
    QVector<QJsonObject> rest;
    for (int i = resizeAt + 1; i < steps.size(); ++i)
        rest.append(steps[i]);
    plan.outputSize = sizeThrough(rest, out, orientation);
    return plan;
}

cv::Mat runPipeline(const PipelinePlan &plan, const cv::Mat &decoded, int orientation,
                    const std::function<bool(int, int)> &beforeStep, QString *error)
{
    cv::Mat image = decoded;
    const int n = int(plan.steps.size());
    for (int i = 0; i < n; ++i) {
        if (beforeStep && !beforeStep(i, n)) {
            *error = QStringLiteral("cancelled");
            return {};
        }
        const PlannedStep &ps = plan.steps[i];
        if (ps.exactSize) {
            const ops::ResizeParams rp = ops::resizeParams(ps.step);
            image = ops::resizeTo(image, *ps.exactSize, rp.filter);
            if (ps.fillCrop) {
                const cv::Size c = *ps.fillCrop;
                image = image(cv::Rect((image.cols - c.width) / 2, (image.rows - c.height) / 2,
                                       c.width, c.height))
                            .clone();
            }
            continue;
        }
        const auto compiled = ops::compile(ps.step, orientation, error);
        if (!compiled)
            return {};
        image = compiled->apply(image);
        if (image.empty()) {
            *error = QStringLiteral("%1 produced no image").arg(compiled->name);
            return {};
        }
    }
    return image;
}

} // namespace pp
