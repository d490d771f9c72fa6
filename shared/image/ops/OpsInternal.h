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

// True when drawing `bgra` on a grey image needs colour channels: the colour is not a shade of grey
// (its blue, green and red differ). A grey colour (white text, a black border) leaves the image grey.
inline bool needsColour(const cv::Mat &in, const cv::Scalar &bgra)
{
    return in.channels() == 1 && (bgra[0] != bgra[1] || bgra[1] != bgra[2]);
}

// A grey image as BGR of its depth, so that a colour drawn on it is that colour, not its luma.
cv::Mat greyAsColour(const cv::Mat &grey);

// The largest value of a channel: 255 for 8-bit images, 65535 for 16-bit ones.
inline double maxValue(const cv::Mat &m) { return m.depth() == CV_16U ? 65535.0 : 255.0; }

// Parameters are written on the 8-bit scale (colours "#rrggbb", thresholds): this brings such a
// value to the image's scale (x257 for 16-bit, where 255 becomes 65535).
inline cv::Scalar onScale(const cv::Mat &m, const cv::Scalar &v8) { return m.depth() == CV_16U ? v8 * 257.0 : v8; }

// True if a BGRA image has alpha at its maximum everywhere (always true for 1/3 channels).
bool isOpaque(const cv::Mat &in);

// Interpolating or filtering straight BGRA mixes the colour of transparent pixels into their
// neighbours. These convert CV_8UC4 to premultiplied CV_16UC4 (colour*alpha, alpha*255: 16
// bits hold both exactly and on one scale) and back. `transparent` is the colour given to
// pixels that end up with alpha 0, where colour carries no information.
cv::Mat premultiply16(const cv::Mat &bgra);
cv::Mat unpremultiply16(const cv::Mat &pre, const cv::Scalar &transparent);

// The same for either depth: 8-bit goes through the exact 16-bit form above; 16-bit BGRA stays
// CV_16UC4 (colour*alpha/65535 rounded, alpha): 8 bytes a pixel, as its input.
// unpremultiplied() returns the depth premultiplied() was given (`depth`); `transparent` is on
// the 8-bit scale.
cv::Mat premultiplied(const cv::Mat &bgra);
cv::Mat unpremultiplied(const cv::Mat &pre, int depth, const cv::Scalar &transparent);
// premultiplied()'s form of a straight BGRA colour on the 8-bit scale, for border fills.
cv::Scalar premultipliedColour(const cv::Scalar &bgra8, int depth);

} // namespace pp::ops::detail
