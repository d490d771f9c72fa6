// Helpers shared by the operation sources; not part of the public interface.
#pragma once

#include <opencv2/core.hpp>

namespace pp::ops::detail {

// BT.601 luma, the weights cv::cvtColor uses for BGR -> grey, so a grey fill next to a
// converted image matches it.
inline double luma(const cv::Scalar &bgra) { return 0.114 * bgra[0] + 0.587 * bgra[1] + 0.299 * bgra[2]; }

// A BGRA colour expressed for an image of `channels` channels: grey for 1, BGR for 3, BGRA for 4.
inline cv::Scalar colorFor(int channels, const cv::Scalar &bgra)
{
    if (channels == 1)
        return cv::Scalar::all(luma(bgra));
    if (channels == 3)
        return cv::Scalar(bgra[0], bgra[1], bgra[2]);
    return bgra;
}

// True if a BGRA image has alpha 255 everywhere (always true for 1/3 channels).
bool isOpaque(const cv::Mat &in);

// Interpolating or filtering straight BGRA mixes the colour of transparent pixels into their
// neighbours. These convert CV_8UC4 to premultiplied CV_16UC4 (colour*alpha, alpha*255: 16
// bits hold both exactly and on one scale) and back. `transparent` is the colour given to
// pixels that end up with alpha 0, where colour carries no information.
cv::Mat premultiply16(const cv::Mat &bgra);
cv::Mat unpremultiply16(const cv::Mat &pre, const cv::Scalar &transparent);

} // namespace pp::ops::detail
