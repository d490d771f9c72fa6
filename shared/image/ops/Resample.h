// Separable resampling with a kernel whose support widens with the shrink factor (a triangle,
// Catmull-Rom cubic or Lanczos-3), as ImageMagick, libvips and Pillow resample. OpenCV's
// INTER_LINEAR, INTER_CUBIC and INTER_LANCZOS4 keep their few taps however much an image shrinks,
// so they sample without filtering first and alias (a zone plate shrunk 4.8 times kept rings of
// 70 levels where the picture should be flat).
#pragma once

#include <opencv2/core.hpp>

namespace pp::ops {

enum class Kernel { Triangle, CatmullRom, Lanczos3 };

// `in` (1 to 4 channels of 8-bit, 16-bit or 32-bit float samples) resampled to `size`: each axis
// that shrinks by a factor f filters with the kernel stretched f times; an axis that does not
// shrink uses it as it is. Weights are normalised, so a flat image stays flat; 8- and 16-bit
// results are rounded and clamped (the cubic and Lanczos kernels' lobes may overshoot).
cv::Mat resample(const cv::Mat &in, cv::Size size, Kernel kernel);

} // namespace pp::ops
