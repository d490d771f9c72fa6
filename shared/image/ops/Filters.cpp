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

cv::Mat blurStraight(const cv::Mat &in, double sigma)
{
    cv::Mat out;
    // Size() lets OpenCV derive the kernel from sigma (about +-3 sigma for 8-bit data).
    cv::GaussianBlur(in, out, cv::Size(), sigma, sigma, kBorder);
    return out;
}

} // namespace

cv::Mat gaussianBlur(const cv::Mat &in, double sigma)
{
    if (in.empty() || !(sigma > 0))
        return in.clone();
    if (!detail::isOpaque(in)) {
        // Blurring straight alpha would bleed the colour of invisible pixels into the edges.
        cv::Mat pre;
        cv::GaussianBlur(detail::premultiply16(in), pre, cv::Size(), sigma, sigma, kBorder);
        return detail::unpremultiply16(pre, cv::Scalar::all(0));
    }
    return blurStraight(in, sigma);
}

cv::Mat sharpen(const cv::Mat &in, const SharpenParams &p)
{
    if (in.empty() || !(p.sigma > 0) || p.amount == 0)
        return in.clone();
    // The mask comes from a straight blur: sharpening works on visible colour, and alpha is
    // copied through unchanged below.
    const cv::Mat blurred = blurStraight(in, p.sigma);

    // The correction depends only on the difference in - blur, so it is tabulated once.
    std::array<int, 511> delta{};
    for (int d = -255; d <= 255; ++d)
        delta[d + 255] = std::abs(d) <= p.threshold ? 0 : int(std::lround(p.amount * d));

    const int cn = in.channels();
    cv::Mat out(in.size(), in.type());
    for (int y = 0; y < in.rows; ++y) {
        const uchar *s = in.ptr<uchar>(y);
        const uchar *b = blurred.ptr<uchar>(y);
        uchar *d = out.ptr<uchar>(y);
        for (int i = 0; i < in.cols * cn; ++i) {
            if (cn == 4 && i % 4 == 3)
                d[i] = s[i];
            else
                d[i] = cv::saturate_cast<uchar>(s[i] + delta[s[i] - b[i] + 255]);
        }
    }
    return out;
}

} // namespace pp::ops
