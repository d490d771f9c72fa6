// Colour operations. On BGRA input the alpha channel is passed through untouched.
#include "OpsInternal.h"
#include "Operations.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace pp::ops {
namespace {

// A per-value function on the 8-bit scale (0..255 in, 0..255 out), applied to the colour channels
// only, through a table: 256 entries for 8-bit images, 65536 (the function at v/257, times 257) for
// 16-bit ones.
template <typename F> cv::Mat applyCurve(const cv::Mat &in, F f)
{
    if (in.depth() == CV_16U) {
        std::vector<ushort> table(65536);
        for (int v = 0; v < 65536; ++v)
            table[size_t(v)] = cv::saturate_cast<ushort>(f(v / 257.0) * 257.0);
        const int cn = in.channels();
        cv::Mat out(in.size(), in.type());
        for (int y = 0; y < in.rows; ++y) {
            const ushort *s = in.ptr<ushort>(y);
            ushort *d = out.ptr<ushort>(y);
            for (int i = 0; i < in.cols * cn; ++i)
                d[i] = (cn == 4 && i % 4 == 3) ? s[i] : table[s[i]];
        }
        return out;
    }
    cv::Mat lut(1, 256, CV_8U);
    for (int i = 0; i < 256; ++i)
        lut.at<uchar>(i) = cv::saturate_cast<uchar>(f(double(i)));
    cv::Mat out;
    if (in.channels() == 4) {
        cv::Mat identity(1, 256, CV_8U);
        for (int i = 0; i < 256; ++i)
            identity.at<uchar>(i) = uchar(i);
        cv::Mat lut4;
        cv::merge(std::vector<cv::Mat>{lut, lut, lut, identity}, lut4);
        cv::LUT(in, lut4, out);
    } else {
        cv::LUT(in, lut, out);
    }
    return out;
}

// Applies a 3x3 matrix acting on (B, G, R) column vectors; alpha, if any, maps to itself.
cv::Mat transformColour(const cv::Mat &bgr, const cv::Matx33d &m)
{
    cv::Mat out;
    if (bgr.channels() == 4) {
        cv::Matx44d m4 = cv::Matx44d::eye();
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c)
                m4(r, c) = m(r, c);
        cv::transform(bgr, out, m4);
    } else {
        cv::transform(bgr, out, m);
    }
    return out;
}

// Each row produces the luma of (B, G, R).
cv::Matx33d lumaRows()
{
    return {0.114, 0.587, 0.299, //
            0.114, 0.587, 0.299, //
            0.114, 0.587, 0.299};
}

} // namespace

// Brightness adds brightnessPercent * 2.55 to every value (+100 turns everything white).
// Contrast scales distances from mid-grey 127.5 by 1 + contrastPercent / 100: -100 gives flat
// grey, 0 leaves the image alone, +100 doubles the contrast. Linear in the percentage and
// monotonic, like CSS contrast(); contrast is applied first so that it pivots on mid-grey.
cv::Mat brightnessContrast(const cv::Mat &in, int brightnessPercent, int contrastPercent)
{
    if (in.empty() || (brightnessPercent == 0 && contrastPercent == 0))
        return in.clone();
    const double shift = std::clamp(brightnessPercent, -100, 100) * 2.55;
    const double factor = 1.0 + std::clamp(contrastPercent, -100, 100) / 100.0;
    return applyCurve(in, [&](double v) { return (v - 127.5) * factor + 127.5 + shift; });
}

// out = 255 * (in / 255)^(1 / gamma): gamma above 1 lifts the mid-tones.
cv::Mat gamma(const cv::Mat &in, double gamma)
{
    if (in.empty() || !(gamma > 0) || gamma == 1)
        return in.clone();
    return applyCurve(in, [&](double v) { return 255.0 * std::pow(v / 255.0, 1.0 / gamma); });
}

// Blends every pixel with its own luma: out = Y + factor * (in - Y). 0 is grey, 1 the
// original, above 1 pushes colours away from grey (clipped to 0..255).
cv::Mat saturation(const cv::Mat &in, double factor)
{
    if (in.empty() || in.channels() == 1 || factor == 1)
        return in.clone();
    const double f = std::max(0.0, factor);
    return transformColour(in, f * cv::Matx33d::eye() + (1 - f) * lumaRows());
}

cv::Mat grayscale(const cv::Mat &in)
{
    if (in.empty() || in.channels() == 1)
        return in.clone();
    cv::Mat out;
    if (in.channels() == 3) {
        cv::cvtColor(in, out, cv::COLOR_BGR2GRAY);
        return out;
    }
    // BGRA keeps its alpha, so the result stays BGRA with equal colour channels.
    cv::Mat grey;
    cv::cvtColor(in, grey, cv::COLOR_BGRA2GRAY);
    out.create(in.size(), CV_MAKETYPE(in.depth(), 4));
    const cv::Mat sources[] = {grey, in};
    const int pairs[] = {0, 0, 0, 1, 0, 2, 4, 3}; // grey -> B, G, R; alpha (index 1+3) -> A
    cv::mixChannels(sources, 2, &out, 1, pairs, 4);
    return out;
}

// The common sepia matrix (as used by e.g. Microsoft's documentation), blended with the
// original by intensity. Grey input becomes BGR first, since sepia adds colour.
cv::Mat sepia(const cv::Mat &in, double intensity)
{
    if (in.empty())
        return {};
    cv::Mat src = in;
    if (in.channels() == 1)
        cv::cvtColor(in, src, cv::COLOR_GRAY2BGR);
    const double t = std::clamp(intensity, 0.0, 1.0);
    // Rows and columns in B, G, R order.
    const cv::Matx33d tone(0.131, 0.534, 0.272, //
                           0.168, 0.686, 0.349, //
                           0.189, 0.769, 0.393);
    return transformColour(src, (1 - t) * cv::Matx33d::eye() + t * tone);
}

} // namespace pp::ops
