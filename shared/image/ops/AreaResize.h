// Area-averaging downscale (OpenCV's INTER_AREA) in fixed point with SIMD.
#pragma once

#include <opencv2/core.hpp>

namespace pp::ops {

// `out` = `in` resized to `size` by area averaging, what cv::resize(INTER_AREA) computes, each
// sample within 1 of it. 8-bit images of 1-4 channels that shrink on both axes take a
// fixed-point path three to four times faster than OpenCV's at fractional factors (2560 -> 1920:
// 17 -> 6 ms), where OpenCV has no vector code; everything else goes to cv::resize.
void areaResize(const cv::Mat &in, cv::Mat &out, cv::Size size);

// The fixed-point path alone; false (and `out` untouched) where it does not apply. For tests.
bool fixedPointAreaResize(const cv::Mat &in, cv::Mat &out, cv::Size size);

// `out` = 8- or 16-bit straight-alpha BGRA `in` shrunk to `size` (no axis grows) by area
// averaging weighted by alpha, so the colour of transparent pixels does not bleed into visible
// ones: what premultiplying, area-resizing and unpremultiplying computes, within 1 level, without
// a premultiplied copy of the image (8 bytes a pixel more at 8 bits, which tripled the memory of
// an image with transparency). One output row at a time, in floating point: beyond `in` and
// `out`, a row. Pixels that end fully transparent take `transparent` as their colour. False (and
// `out` untouched) where it does not apply.
bool areaResizeStraightAlpha(const cv::Mat &in, cv::Mat &out, cv::Size size, const cv::Scalar &transparent);

} // namespace pp::ops
