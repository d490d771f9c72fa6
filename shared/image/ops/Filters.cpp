#include "OpsInternal.h"
#include "Operations.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <opencv2/imgproc.hpp>

namespace pp::ops {
namespace {

// One border rule for every filter so that blur and sharpen agree at the edges.
constexpr int kBorder = cv::BORDER_REFLECT_101;

// From this σ on, three box filters (each O(1) a pixel, whatever its width) replace the exact
// separable kernel (O(σ) a pixel): 4× faster at σ 7 on a 1200×750 photo, 20× at σ 25, within
// 54–61 dB of the exact Gaussian for σ 4–50 (tst_ops::wideBlurIsCloseToTheExactGaussian).
// Below it the exact kernel is as fast or faster.
constexpr double kBoxBlurFromSigma = 4.0;

// Three successive box blurs whose widths (odd, two sizes) make a variance of σ² (Kovesi,
// "Fast almost-Gaussian filtering", 2010): the central limit theorem does the rest.
cv::Mat threeBoxBlur(const cv::Mat &in, double sigma)
{
    constexpr int n = 3;
    int lower = int(std::floor(std::sqrt(12.0 * sigma * sigma / n + 1.0)));
    if (lower % 2 == 0)
        --lower;
    const int upper = lower + 2;
    const int withLower =
        int(std::lround((12.0 * sigma * sigma - n * lower * lower - 4.0 * n * lower - 3.0 * n) / (-4.0 * lower - 4.0)));
    cv::Mat a = in;
    for (int i = 0; i < n; ++i) {
        const int w = i < withLower ? lower : upper;
        cv::Mat b; // a new buffer each pass: never write into the caller's image
        cv::blur(a, b, cv::Size(w, w), cv::Point(-1, -1), kBorder);
        a = b;
    }
    return a;
}

cv::Mat blurAsIs(const cv::Mat &in, double sigma)
{
    if (sigma >= kBoxBlurFromSigma)
        return threeBoxBlur(in, sigma);
    cv::Mat out;
    // Size() lets OpenCV derive the kernel from sigma (about +-3 sigma for 8-bit data, 4 for 16).
    cv::GaussianBlur(in, out, cv::Size(), sigma, sigma, kBorder);
    return out;
}

// OpenCV's separable filters hold a kernel's height of rows of the image's width, as 32-bit sums:
// for a wide strip shorter than its kernel, many times the image itself (a 10,000,000×1 strip at
// σ 15 needed 2 GB, and failed as "out of memory" at twice that). Such a strip (four times as
// wide as it is tall, or more) is blurred transposed, where those rows are as wide as it is
// short: the same filter both ways, for two strip-sized copies.
cv::Mat blurStraight(const cv::Mat &in, double sigma)
{
    if (in.cols < 4 * in.rows || in.rows > 8 * sigma + 1) // not a strip: a photo blurred hard
        return blurAsIs(in, sigma);
    cv::Mat t, out;
    cv::transpose(in, t);
    cv::transpose(blurAsIs(t, sigma), out);
    return out;
}

} // namespace

cv::Mat gaussianBlur(const cv::Mat &in, double sigma)
{
    if (in.empty() || !(sigma > 0))
        return in.clone();
    if (!detail::isOpaque(in)) {
        // Blurring straight alpha would bleed the colour of invisible pixels into the edges.
        return detail::unpremultiplied(blurStraight(detail::premultiplied(in), sigma), in.depth(), cv::Scalar::all(0));
    }
    return blurStraight(in, sigma);
}

namespace {

// out = in + amount * (in - blurred) where |in - blurred| > threshold; alpha copied.
template <typename T, typename Delta> cv::Mat unsharp(const cv::Mat &in, const cv::Mat &blurred, Delta delta)
{
    const int cn = in.channels();
    cv::Mat out(in.size(), in.type());
    for (int y = 0; y < in.rows; ++y) {
        const T *s = in.ptr<T>(y);
        const T *b = blurred.ptr<T>(y);
        T *d = out.ptr<T>(y);
        for (int i = 0; i < in.cols * cn; ++i) {
            if (cn == 4 && i % 4 == 3)
                d[i] = s[i];
            else
                d[i] = cv::saturate_cast<T>(s[i] + delta(int(s[i]) - int(b[i])));
        }
    }
    return out;
}

} // namespace

cv::Mat sharpen(const cv::Mat &in, const SharpenParams &p)
{
    if (in.empty() || !(p.sigma > 0) || p.amount == 0)
        return in.clone();
    // Sharpening works on visible colour, and alpha is copied through unchanged. With transparency
    // the mask is the blur of the premultiplied pixels, unpremultiplied: the average of the visible
    // colour around each pixel, as gaussianBlur() makes it. Blurred straight, the colour stored in
    // invisible pixels (black or white, whatever the writer left) ran into the edges of the shape:
    // up to 255 levels at σ 3, amount 3. Opaque pixels are blurred as they are.
    const cv::Mat blurred =
        detail::isOpaque(in)
            ? blurStraight(in, p.sigma)
            : detail::unpremultiplied(blurStraight(detail::premultiplied(in), p.sigma), in.depth(), cv::Scalar::all(0));
    if (in.depth() == CV_16U) {
        // The threshold is on the 8-bit scale, like every parameter.
        const int threshold = p.threshold * 257;
        return unsharp<ushort>(in, blurred,
                               [&](int d) { return std::abs(d) <= threshold ? 0 : int(std::lround(p.amount * d)); });
    }
    // The correction depends only on the difference in - blur, so it is tabulated once.
    std::array<int, 511> delta{};
    for (int d = -255; d <= 255; ++d)
        delta[d + 255] = std::abs(d) <= p.threshold ? 0 : int(std::lround(p.amount * d));
    return unsharp<uchar>(in, blurred, [&](int d) { return delta[d + 255]; });
}

} // namespace pp::ops
