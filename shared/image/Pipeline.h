// Plans how a preset's steps run on one image, before any pixel is decoded.
//
// Two decisions make PixelPool fast without changing what the user gets:
//  - shrink-on-load: when the pipeline shrinks the image anyway, decode a JPEG at a reduced
//    DCT scale (k/8) that still leaves at least the size the resize needs;
//  - blur after downscale: a Gaussian blur that precedes a downscale is moved after it, with
//    its sigma scaled by the same factor (convolution commutes with scaling; the difference is
//    far below what JPEG output can show, see tests/engine/tst_pipeline.cpp for the PSNR bound).
#pragma once

#include "CompiledStep.h"

#include <QString>
#include <QVector>
#include <functional>
#include <opencv2/core.hpp>
#include <optional>

namespace pp {

struct PlannedStep {
    CompiledStep step;
    double scale = 1; // StepContext::scale: a blur moved after the downscale runs at that scale
    // For the resize that shrink-on-load served: the size to produce (computed at full
    // resolution, so the output is the same size as without the reduced decode).
    std::optional<cv::Size> exactSize;
    std::optional<cv::Size>
        fillCrop;    // fill mode: centre crop to this after the step (its resize, or the blurs moved past it)
    int source = -1; // its position in the steps planPipeline() was given (outputs compare plans by it)
};

struct PipelinePlan {
    int scaleEighths = 8; // decode at scaleEighths/8
    // Camera RAW: the embedded JPEG preview serves the resize, decoded at this scale instead of
    // developing the sensor data (0: develop; decodeImage's rawPreviewEighths).
    int previewScaleEighths = 0;
    QVector<PlannedStep> steps;
    cv::Size outputSize; // predicted
};

struct PlanOptions {
    bool canScaleDecode = false; // the input format supports reduced decoding (JPEG)
    bool reorderBlur = true;
    // A blur moves after the downscale only when its scaled σ is at least this many output
    // pixels; a narrower one keeps its place (and the full decode). See Pipeline.cpp.
    double minMovedSigma = 1.0;
    // Decode at least this many times the size the resize produces, so INTER_AREA still does
    // most of the shrinking: DCT scaling alone is a different (sharper) filter, and the result
    // must stay within 40 dB PSNR of the full-resolution reference (tst_pipeline).
    double reducingGap = 2.0;
    // Camera RAW: the one reduced decode is LibRaw's half size (scaleEighths 4): one pixel per 2×2
    // filter block, red and blue point-sampled half a pixel off, greens averaged in linear light
    // (which brightens dark, detailed scenes by 2–4 %). Measured on four sample photos mosaicked
    // (tests/common/TestDng.h), half size then downscaled is within 40 dB of the full develop only
    // for outputs of at most 1/16 of the sensor's size (40.2–55.7 dB; at 1/8 36.8–53.6, at 1/2
    // 24.7–46.4), so the executor asks for a gap of 8 with it: thumbnails, 5–10 times faster.
    bool halfOnly = false;
    // Camera RAW with `raw: preview`: the embedded JPEG preview's size (upright). It is used when it
    // is at least the size the resize needs, and decoded at a reduced DCT scale by JPEG's rule
    // (previewReducingGap) when it is much larger. Empty: develop.
    cv::Size preview = {};
    double previewReducingGap = 2.0;
};

// The preset's numbers are bounded one by one (a border of up to 10000 px, a resize to up to
// 65535 px a side), but together with a large photo they can still ask for an image larger
// than the pixel limit: that is refused before decoding, naming the step.
struct StepOverPixelLimit {
    int step = -1; // its place in the steps checked, counted from 0 as the preset file's "steps[N]"
    QString op;    // the operation's name ("border")
    cv::Size size; // what the step would make
    quint64 maxPixels = 0;
    // The failure's detail as it travels to the front end and the command line, about the preset
    // file: "steps[14] (border) would make an image of 20748×20748 (430.5 megapixels), over the
    // limit of 200.0 megapixels".
    QString text() const;
    // The fields back from text() (a window names the step as its list does); none from any other
    // text. `prefix` gets what came before it (the worker's 'output "web": ').
    static std::optional<StepOverPixelLimit> fromText(const QString &text, QString *prefix = nullptr);
};
std::optional<StepOverPixelLimit> firstStepOverPixelLimit(const QVector<CompiledStep> &steps, cv::Size source,
                                                          int orientation, quint64 maxPixels);
// firstStepOverPixelLimit()'s text(); empty when every step's result fits.
QString stepsOverPixelLimit(const QVector<CompiledStep> &steps, cv::Size source, int orientation, quint64 maxPixels);

// `source` is the stored (unoriented) size. What the planner may do with a step is its
// CompiledStep::scaleClass, from the operation table.
PipelinePlan planPipeline(const QVector<CompiledStep> &steps, cv::Size source, int exifOrientation,
                          const PlanOptions &options);

// Converting a photo's pixels to sRGB, once, at the cheapest correct point: right before the first
// step that works in sRGB (CompiledStep::worksInSrgb), else after the last step when `always` (the
// preset asks for sRGB). Geometry, blur and sharpening before that point run in the photo's own
// space, usually on fewer pixels than it was decoded with.
struct ColourConversion {
    std::function<void(cv::Mat &)> toSrgb; // null: the pixels need no conversion
    bool always = false;
    bool done = false; // set by runPipeline
};

// Runs the plan on a decoded image. `beforeStep(i, n)` is called before each step and may return
// false to stop (cancel); then runPipeline returns an empty Mat and leaves *error alone. A step
// that fails returns an empty Mat with *error set (the step's own reason when it gave one).
// `colour` may be null; `resources` are the process's fonts and file cache (StepContext), null
// where no step needs them; steps' warnings are added to `warnings` (may be null). A 16-bit image
// stays 16-bit through every step; the caller brings the result to the output format's depth.
cv::Mat runPipeline(const PipelinePlan &plan, const cv::Mat &decoded, int exifOrientation,
                    const std::function<bool(int, int)> &beforeStep, QString *error, ColourConversion *colour = nullptr,
                    const StepResources *resources = nullptr, QStringList *warnings = nullptr);

// How the plan's result lies on the image it is given (`source`, the decoded size): the steps'
// CompiledStep::frame composed, an EXIF orientation 1–8 (1: the same frame, at any scale), or 0
// when a step changes the frame otherwise (a crop that cuts, fill's crop, a border).
int planFrame(const PipelinePlan &plan, cv::Size source, int exifOrientation);

} // namespace pp
