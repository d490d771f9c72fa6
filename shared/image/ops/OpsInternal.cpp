#include "OpsInternal.h"
#include "Operations.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace pp::ops {

cv::Mat toEightBit(const cv::Mat &in)
{
    if (in.depth() != CV_16U)
        return in;
    cv::Mat out;
    in.convertTo(out, CV_8U, 1.0 / 257.0);
    return out;
}

} // namespace pp::ops

namespace pp::ops::detail {

cv::Mat greyAsColour(const cv::Mat &grey)
{
    cv::Mat out;
    cv::cvtColor(grey, out, cv::COLOR_GRAY2BGR);
    return out;
}

bool isOpaque(const cv::Mat &in)
{
    if (in.channels() != 4)
        return true;
    if (in.depth() == CV_16U) {
        for (int y = 0; y < in.rows; ++y) {
            const ushort *p = in.ptr<ushort>(y);
            for (int x = 0; x < in.cols; ++x)
                if (p[4 * x + 3] != 65535)
                    return false;
        }
        return true;
    }
    for (int y = 0; y < in.rows; ++y) {
        const uchar *p = in.ptr<uchar>(y);
        for (int x = 0; x < in.cols; ++x)
            if (p[4 * x + 3] != 255)
                return false;
    }
    return true;
}

cv::Mat premultiply16(const cv::Mat &bgra)
{
    CV_Assert(bgra.type() == CV_8UC4);
    cv::Mat pre(bgra.size(), CV_16UC4);
    for (int y = 0; y < bgra.rows; ++y) {
        const uchar *s = bgra.ptr<uchar>(y);
        ushort *d = pre.ptr<ushort>(y);
        for (int x = 0; x < bgra.cols; ++x, s += 4, d += 4) {
            const int a = s[3];
            d[0] = ushort(s[0] * a);
            d[1] = ushort(s[1] * a);
            d[2] = ushort(s[2] * a);
            d[3] = ushort(a * 255);
        }
    }
    return pre;
}

cv::Mat unpremultiply16(const cv::Mat &pre, const cv::Scalar &transparent)
{
    CV_Assert(pre.type() == CV_16UC4);
    uchar fill[3];
    for (int c = 0; c < 3; ++c)
        fill[c] = cv::saturate_cast<uchar>(transparent[c]);
    cv::Mat out(pre.size(), CV_8UC4);
    for (int y = 0; y < pre.rows; ++y) {
        const ushort *s = pre.ptr<ushort>(y);
        uchar *d = out.ptr<uchar>(y);
        for (int x = 0; x < pre.cols; ++x, s += 4, d += 4) {
            // Cubic and Lanczos kernels can overshoot the opaque maximum.
            const int a16 = std::min<int>(s[3], 255 * 255);
            if (a16 == 0) {
                std::copy(fill, fill + 3, d);
                d[3] = 0;
                continue;
            }
            for (int c = 0; c < 3; ++c)
                d[c] = uchar(std::min(255, (s[c] * 255 + a16 / 2) / a16));
            d[3] = uchar((a16 + 127) / 255);
        }
    }
    return out;
}

cv::Mat premultiplied(const cv::Mat &bgra)
{
    if (bgra.depth() != CV_16U)
        return premultiply16(bgra);
    CV_Assert(bgra.type() == CV_16UC4);
    // colour × alpha / 65535, rounded: within half a level of the exact product, which is all a
    // composite over any background can show. (Kept in float before, this doubled the memory of a
    // 16-bit image with transparency, 24 bytes a pixel with its input, and a 196-megapixel one failed.)
    cv::Mat pre(bgra.size(), CV_16UC4);
    for (int y = 0; y < bgra.rows; ++y) {
        const ushort *s = bgra.ptr<ushort>(y);
        ushort *d = pre.ptr<ushort>(y);
        for (int x = 0; x < bgra.cols; ++x, s += 4, d += 4) {
            const uint32_t a = s[3];
            for (int c = 0; c < 3; ++c)
                d[c] = ushort((s[c] * a + 32767) / 65535); // 65535² + 32767 fits 32 bits
            d[3] = ushort(a);
        }
    }
    return pre;
}

cv::Mat unpremultiplied(const cv::Mat &pre, int depth, const cv::Scalar &transparent)
{
    if (depth != CV_16U)
        return unpremultiply16(pre, transparent);
    CV_Assert(pre.type() == CV_16UC4);
    ushort fill[3];
    for (int c = 0; c < 3; ++c)
        fill[c] = cv::saturate_cast<ushort>(transparent[c] * 257.0);
    cv::Mat out(pre.size(), CV_16UC4);
    for (int y = 0; y < pre.rows; ++y) {
        const ushort *s = pre.ptr<ushort>(y);
        ushort *d = out.ptr<ushort>(y);
        for (int x = 0; x < pre.cols; ++x, s += 4, d += 4) {
            const uint32_t a = s[3];
            if (a == 0) {
                std::copy(fill, fill + 3, d);
                d[3] = 0;
                continue;
            }
            for (int c = 0; c < 3; ++c) // cubic and Lanczos overshoot: colour above alpha saturates
                d[c] = ushort(std::min<uint32_t>(65535, (s[c] * 65535u + a / 2) / a));
            d[3] = ushort(a);
        }
    }
    return out;
}

cv::Scalar premultipliedColour(const cv::Scalar &bg, int depth)
{
    if (depth != CV_16U)
        return {bg[0] * bg[3], bg[1] * bg[3], bg[2] * bg[3], bg[3] * 255};
    const double a = bg[3] / 255.0;
    return {bg[0] * 257 * a, bg[1] * 257 * a, bg[2] * 257 * a, bg[3] * 257};
}

} // namespace pp::ops::detail
