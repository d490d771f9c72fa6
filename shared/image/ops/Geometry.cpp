// Geometry operations. Every function here returns a new image that shares no pixel data
// with its input, so callers may modify results freely even when an operation is a no-op.
#include "AreaResize.h"
#include "Resample.h"
#include "OpsInternal.h"
#include "Operations.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <opencv2/imgproc.hpp>

namespace pp::ops {
namespace {

// Rounds num/den half up for non-negative operands; 64-bit so that 65535 x 1000000 fits.
int roundDiv(std::int64_t num, std::int64_t den) { return int((2 * num + den) / (2 * den)); }

// At least 1, and clamped so that absurd requests cannot overflow int.
int roundPositive(double v) { return int(std::clamp<long>(std::lround(std::min(v, double(INT_MAX))), 1, INT_MAX)); }

// The largest rectangle of ratio aw:ah centred in `in`, at least 1x1.
cv::Rect centredAspectRect(cv::Size in, double aw, double ah)
{
    int w = in.width, h = in.height;
    if (double(in.width) * ah > double(in.height) * aw)
        w = std::clamp(roundPositive(in.height * aw / ah), 1, in.width);
    else
        h = std::clamp(roundPositive(in.width * ah / aw), 1, in.height);
    return {(in.width - w) / 2, (in.height - h) / 2, w, h};
}

// What resize() does for an input size, so that resizeOutputSize() and resize() cannot
// disagree: crop a source area, scale it to `scaled`, then keep the `keep` part of that.
struct ResizePlan {
    bool unchanged = false;
    cv::Rect source;
    cv::Size scaled;
    cv::Rect keep;
};

// Fill: scale to cover the box, then keep its centre. The covering size uses the same
// formula as the pipeline planner, so a planned resize gives the very same pixels.
void planFill(ResizePlan &plan, cv::Size in, cv::Size box)
{
    const double s = std::max(double(box.width) / in.width, double(box.height) / in.height);
    const double coverW = std::max(double(box.width), std::round(in.width * s));
    const double coverH = std::max(double(box.height), std::round(in.height * s));
    const double budget = 4.0 * std::max(double(in.area()), double(box.area()));
    if (coverW * coverH <= budget) {
        plan.scaled = {int(coverW), int(coverH)};
        plan.keep = {(plan.scaled.width - box.width) / 2, (plan.scaled.height - box.height) / 2, box.width, box.height};
        return;
    }
    // Enlarging an extreme aspect ratio would need a covering image far larger than input
    // and output; cropping the source to the box's aspect first gives the same picture to
    // within a source pixel.
    plan.source = centredAspectRect(in, box.width, box.height);
    plan.scaled = box;
    plan.keep = cv::Rect({0, 0}, box);
}

ResizePlan planResize(cv::Size in, const ResizeParams &p)
{
    ResizePlan plan{false, cv::Rect({0, 0}, in), in, cv::Rect({0, 0}, in)};
    if (in.width <= 0 || in.height <= 0) {
        plan.unchanged = true;
        return plan;
    }
    const std::int64_t w = in.width, h = in.height;
    std::int64_t boxW = std::max(1, p.width), boxH = std::max(1, p.height);
    // Fill and exact make the box's shape. Never enlarging, an image smaller than the box on
    // either side gets the largest box of that shape it fills without enlarging (fill 250×250 on
    // 301×203: a 203×203 centre crop, no resampling; exact 250×250: 203×203, only narrowed).
    // They left such an image as it was, without a word.
    if (p.downscaleOnly && (p.mode == ResizeMode::Fill || p.mode == ResizeMode::Exact) && (w < boxW || h < boxH)) {
        const double s = std::min(double(w) / double(boxW), double(h) / double(boxH));
        boxW = std::clamp<std::int64_t>(std::llround(double(boxW) * s), 1, w);
        boxH = std::clamp<std::int64_t>(std::llround(double(boxH) * s), 1, h);
    }
    switch (p.mode) {
    case ResizeMode::Fit:
        if (boxW * h <= boxH * w)
            plan.scaled = {int(boxW), std::max(1, roundDiv(h * boxW, w))};
        else
            plan.scaled = {std::max(1, roundDiv(w * boxH, h)), int(boxH)};
        break;
    case ResizeMode::Scale:
        plan.scaled = {roundPositive(double(w) * p.percent / 100.0), roundPositive(double(h) * p.percent / 100.0)};
        break;
    case ResizeMode::Exact:
        plan.scaled = {int(boxW), int(boxH)};
        break;
    case ResizeMode::Fill:
        planFill(plan, in, {int(boxW), int(boxH)});
        break;
    }
    if (p.mode != ResizeMode::Fill)
        plan.keep = cv::Rect({0, 0}, plan.scaled);
    // Fit and scale keep the image's aspect: never enlarging, one that would grow stays as it is.
    // (Fill and exact had their box made to fit above.)
    if (p.downscaleOnly && (p.mode == ResizeMode::Fit || p.mode == ResizeMode::Scale) &&
        (plan.scaled.width > in.width || plan.scaled.height > in.height))
        plan = {true, cv::Rect({0, 0}, in), in, cv::Rect({0, 0}, in)};
    return plan;
}

int interpolation(Filter f, cv::Size from, cv::Size to)
{
    switch (f) {
    case Filter::Area:
        return cv::INTER_AREA;
    case Filter::Linear:
        return cv::INTER_LINEAR;
    case Filter::Cubic:
        return cv::INTER_CUBIC;
    case Filter::Lanczos:
        return cv::INTER_LANCZOS4;
    case Filter::Nearest:
        // The source pixel under each output pixel's centre (3×3 to 1×1 takes the middle one), as
        // ImageMagick's -sample and Pillow's NEAREST do; INTER_NEAREST took each block's top-left.
        return cv::INTER_NEAREST_EXACT;
    case Filter::Auto:
        break;
    }
    // Area averaging is the alias-free choice for shrinking; for any enlarging axis it
    // degenerates to nearest-like blocks, so cubic takes over there.
    return (to.width <= from.width && to.height <= from.height) ? cv::INTER_AREA : cv::INTER_CUBIC;
}

double normalizedAngle(double angle)
{
    double a = std::fmod(angle, 360.0);
    if (a < 0)
        a += 360.0;
    return a >= 360.0 ? 0.0 : a;
}

// 0..3 quarter turns clockwise, or -1 if the angle is not a multiple of 90 degrees.
int quarterTurns(double normalized)
{
    const double q = normalized / 90.0;
    const double r = std::round(q);
    if (std::abs(q - r) > 1e-9)
        return -1;
    return int(r) % 4;
}

cv::Mat rotateQuarter(const cv::Mat &in, int turns)
{
    cv::Mat out;
    switch (turns) {
    case 1:
        cv::rotate(in, out, cv::ROTATE_90_CLOCKWISE);
        break;
    case 2:
        cv::rotate(in, out, cv::ROTATE_180);
        break;
    case 3:
        cv::rotate(in, out, cv::ROTATE_90_COUNTERCLOCKWISE);
        break;
    default:
        out = in.clone();
    }
    return out;
}

// Rect mode clips the rectangle to the image. Operations cannot fail, so a rectangle lying
// entirely outside the image degrades to the 1-pixel-wide row/column at the nearest edge
// rather than to an empty image; the crop step refuses such an image before it gets here
// (OperationCatalog.cpp).
cv::Rect cropRect(cv::Size in, const CropParams &p)
{
    if (p.mode == CropMode::Aspect) {
        const double aw = p.aspectWidth > 0 ? p.aspectWidth : 1;
        const double ah = p.aspectHeight > 0 ? p.aspectHeight : 1;
        return centredAspectRect(in, aw, ah);
    }
    const auto clipSpan = [](std::int64_t start, std::int64_t length, int limit) {
        const std::int64_t first = std::clamp<std::int64_t>(start, 0, limit - 1);
        const std::int64_t end = std::clamp<std::int64_t>(start + std::max<std::int64_t>(length, 1), first + 1, limit);
        return std::pair<int, int>(int(first), int(end - first));
    };
    const auto [x, w] = clipSpan(p.x, p.width, in.width);
    const auto [y, h] = clipSpan(p.y, p.height, in.height);
    return {x, y, w, h};
}

} // namespace

cv::Size resizeOutputSize(cv::Size in, const ResizeParams &p) { return planResize(in, p).keep.size(); }

cv::Mat resizeTo(const cv::Mat &in, cv::Size size, Filter filter)
{
    size = {std::max(1, size.width), std::max(1, size.height)};
    if (in.empty() || size == in.size())
        return in.clone();
    const int method = interpolation(filter, in.size(), size);
    // OpenCV's linear, cubic and Lanczos filters keep their few taps when an axis shrinks, and
    // alias: there the kernel is stretched with the factor (Resample.h). Enlarging stays OpenCV's.
    const bool shrinks = size.width < in.cols || size.height < in.rows;
    const auto resized = [&](const cv::Mat &image) {
        cv::Mat out;
        if (method == cv::INTER_AREA)
            areaResize(image, out, size);
        else if (shrinks && method == cv::INTER_LINEAR)
            out = resample(image, size, Kernel::Triangle);
        else if (shrinks && method == cv::INTER_CUBIC)
            out = resample(image, size, Kernel::CatmullRom);
        else if (shrinks && method == cv::INTER_LANCZOS4)
            out = resample(image, size, Kernel::Lanczos3);
        else
            cv::resize(image, out, size, 0, 0, method);
        return out;
    };
    // Nearest copies whole pixels, mixing none: straight alpha needs no premultiplying, and a
    // 16-bit one keeps its exact values.
    if (method != cv::INTER_NEAREST_EXACT && !detail::isOpaque(in)) {
        cv::Mat out;
        if (method == cv::INTER_AREA && areaResizeStraightAlpha(in, out, size, cv::Scalar::all(0)))
            return out; // without a premultiplied copy of the whole image
        return detail::unpremultiplied(resized(detail::premultiplied(in)), in.depth(), cv::Scalar::all(0));
    }
    return resized(in);
}

cv::Mat resize(const cv::Mat &in, const ResizeParams &p)
{
    const ResizePlan plan = planResize(in.size(), p);
    if (plan.unchanged)
        return in.clone();
    const cv::Mat scaled = resizeTo(in(plan.source), plan.scaled, p.filter);
    if (plan.keep.size() == scaled.size())
        return scaled;
    return scaled(plan.keep).clone();
}

cv::Rect cropArea(cv::Size in, const CropParams &p)
{
    if (in.width <= 0 || in.height <= 0)
        return cv::Rect({0, 0}, in);
    return cropRect(in, p);
}

cv::Size cropOutputSize(cv::Size in, const CropParams &p) { return cropArea(in, p).size(); }

cv::Mat crop(const cv::Mat &in, const CropParams &p)
{
    if (in.empty())
        return {};
    return in(cropRect(in.size(), p)).clone();
}

namespace {

// Each pixel of `out` where `cover` (0–255) is short of whole: the background in the share of it
// the picture leaves.
template <typename T> void blendEdges(cv::Mat &out, const cv::Mat &cover, const cv::Scalar &background)
{
    const int n = out.channels();
    for (int y = 0; y < out.rows; ++y) {
        const uchar *c = cover.ptr<uchar>(y);
        T *o = out.ptr<T>(y);
        for (int x = 0; x < out.cols; ++x) {
            if (c[x] == 255)
                continue;
            const double a = c[x] / 255.0;
            for (int k = 0; k < n; ++k)
                o[x * n + k] = cv::saturate_cast<T>(o[x * n + k] * a + background[k] * (1 - a));
        }
    }
}

// `src` turned by the affine `m` onto a canvas of `size` filled with `background` (on src's scale).
// Inside, bicubic: bilinear, as it was, softened the picture (a turn by 10° and back kept 30 dB of a
// fine texture; bicubic 41 dB). Lanczos kept 49 dB but made a straightening preset over 31
// wallpapers 4.4 times slower than bilinear (bicubic: 1.8 times). Against the background, an
// interpolation with negative lobes across the hard edge between picture and background would
// ring, so the picture is resampled with its own edge pixels repeated outward and laid on the
// background by how much of each pixel it covers, as a bilinear warp of a mask measures it (within
// about 5 % of the exact area, the edge bilinear resampling gave).
cv::Mat turned(const cv::Mat &src, const cv::Mat &m, cv::Size size, const cv::Scalar &background)
{
    cv::Mat out, cover;
    cv::warpAffine(src, out, m, size, cv::INTER_CUBIC, cv::BORDER_REPLICATE);
    cv::warpAffine(cv::Mat(src.size(), CV_8UC1, cv::Scalar(255)), cover, m, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                   cv::Scalar(0));
    switch (out.depth()) {
    case CV_8U:
        blendEdges<uchar>(out, cover, background);
        break;
    case CV_16U:
        blendEdges<ushort>(out, cover, background);
        break;
    default:
        blendEdges<float>(out, cover, background);
        break;
    }
    return out;
}

} // namespace

cv::Size rotateOutputSize(cv::Size in, const RotateParams &p)
{
    const double a = normalizedAngle(p.angle);
    const int turns = quarterTurns(a);
    if (turns >= 0)
        return turns % 2 ? cv::Size(in.height, in.width) : in;
    if (in.width <= 0 || in.height <= 0)
        return in;
    const double rad = a * CV_PI / 180.0;
    const double c = std::abs(std::cos(rad)), s = std::abs(std::sin(rad));
    // The turned picture's extent, its corners' tips allowed to overhang by a quarter pixel a side,
    // and a pixel more where that keeps the picture's centre on a pixel's centre (the canvas odd
    // where the image is): rounded up from the exact extent, a turn by 0.0001° made a 640×400 photo
    // 641×401 (0.0007 px more), its centre fell between two pixels and every pixel became the mean
    // of four; and a turn and the turn back did not meet the pixels they came from.
    const auto extent = [](double v, int side) {
        const int e = std::max(1, int(std::ceil(v - 0.5)));
        return (e - side) % 2 ? e + 1 : e;
    };
    return {extent(in.width * c + in.height * s, in.width), extent(in.width * s + in.height * c, in.height)};
}

cv::Mat rotate(const cv::Mat &in, const RotateParams &p)
{
    if (in.empty())
        return {};
    const double a = normalizedAngle(p.angle);
    const int turns = quarterTurns(a);
    if (turns >= 0)
        return rotateQuarter(in, turns);

    const cv::Size size = rotateOutputSize(in.size(), p);
    const double rad = a * CV_PI / 180.0;
    const double c = std::cos(rad), s = std::sin(rad);
    // Pixel centres sit on integer coordinates, so the image centre is at (n-1)/2. With y
    // pointing down, this matrix turns +x towards +y: clockwise on screen.
    const double cx = (in.cols - 1) / 2.0, cy = (in.rows - 1) / 2.0;
    const double ox = (size.width - 1) / 2.0, oy = (size.height - 1) / 2.0;
    const cv::Mat m = (cv::Mat_<double>(2, 3) << c, -s, ox - (c * cx - s * cy), //
                       s, c, oy - (s * cx + c * cy));
    // A background that can be seen through gives an opaque photo the alpha its corners need.
    cv::Mat withAlpha = in;
    if (in.channels() != 4 && p.background[3] < 255)
        cv::cvtColor(in, withAlpha, in.channels() == 1 ? cv::COLOR_GRAY2BGRA : cv::COLOR_BGR2BGRA);
    if (withAlpha.channels() == 4) {
        const cv::Scalar &bg = p.background;
        const cv::Mat out =
            turned(detail::premultiplied(withAlpha), m, size, detail::premultipliedColour(bg, in.depth()));
        // Transparent corners keep the background's colour for viewers that ignore alpha.
        return detail::unpremultiplied(out, in.depth(), bg);
    }
    // A grey photo with a coloured background becomes colour: the corners are the colour asked for.
    const cv::Mat src = detail::needsColour(in, p.background) ? detail::greyAsColour(in) : in;
    return turned(src, m, size, detail::onScale(src, detail::colorFor(src.channels(), p.background)));
}

cv::Mat flip(const cv::Mat &in, FlipDirection d)
{
    if (in.empty())
        return {};
    const int code = d == FlipDirection::Horizontal ? 1 : d == FlipDirection::Vertical ? 0 : -1;
    cv::Mat out;
    cv::flip(in, out, code);
    return out;
}

cv::Size orientedSize(cv::Size in, int exifOrientation)
{
    return (exifOrientation >= 5 && exifOrientation <= 8) ? cv::Size(in.height, in.width) : in;
}

cv::Mat applyExifOrientation(const cv::Mat &in, int exifOrientation)
{
    if (in.empty())
        return {};
    cv::Mat out;
    switch (exifOrientation) {
    case 2:
        return flip(in, FlipDirection::Horizontal);
    case 3:
        return rotateQuarter(in, 2);
    case 4:
        return flip(in, FlipDirection::Vertical);
    case 5:
        cv::transpose(in, out);
        return out;
    case 6:
        return rotateQuarter(in, 1);
    case 7:
        // Transverse: mirror across the anti-diagonal, i.e. transpose then turn 180 degrees.
        cv::transpose(in, out);
        return rotateQuarter(out, 2);
    case 8:
        return rotateQuarter(in, 3);
    default:
        return in.clone();
    }
}

cv::Mat border(const cv::Mat &in, const BorderParams &p)
{
    if (in.empty() || p.size <= 0)
        return in.clone();
    cv::Mat out;
    // As rotate's background: a colour that can be seen through gives an opaque image the alpha its
    // border needs (the image itself stays opaque). An opaque colour keeps 1 or 3 channels; a grey
    // image with a coloured border becomes colour.
    cv::Mat src = in;
    if (in.channels() != 4 && p.color[3] < 255)
        cv::cvtColor(in, src, in.channels() == 1 ? cv::COLOR_GRAY2BGRA : cv::COLOR_BGR2BGRA);
    else if (detail::needsColour(in, p.color))
        src = detail::greyAsColour(in);
    cv::copyMakeBorder(src, out, p.size, p.size, p.size, p.size, cv::BORDER_CONSTANT,
                       detail::onScale(src, detail::colorFor(src.channels(), p.color)));
    return out;
}

} // namespace pp::ops
