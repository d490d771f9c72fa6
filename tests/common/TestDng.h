// Small camera-like DNGs for the tests, written with libtiff from an ordinary photo: PixelPool has
// no real camera files in the repository, and a DNG made from a known picture lets a test compare
// what LibRaw develops with what the "camera" saw.
//
// The simulated camera: its colour filters have sRGB's primaries (ColorMatrix1 is XYZ → linear
// sRGB, D65), it records white as AsShotNeutral (so its raw channels are linear sRGB × neutral),
// 14 bits over a black level of 256, Bayer RGGB. Developed with the camera's white balance into
// sRGB, the picture comes back as it was, up to demosaicing error.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace pp::test {

struct DngSpec {
    cv::Mat bgr;                         // 8-bit sRGB, what the camera saw (stored orientation)
    int orientation = 1;                 // TIFF Orientation of the whole file
    cv::Size previewSize;                // an embedded JPEG preview of this size; empty: none
    cv::Mat previewBgr;                  // what the preview shows, if not `bgr` (so a test can tell which was used)
    bool rawInSubIfd = true;             // DNG's usual layout: preview in IFD0, raw in a SubIFD; else the reverse
    double neutral[3] = {0.5, 1.0, 0.7}; // AsShotNeutral, R G B: the camera's response to white
    std::string make = "PixelPool", model = "Test Camera 1";
    cv::Size claimedSize; // non-empty: the raw IFD claims this size but holds one row (a bomb)
    // The directory before the sensor data, as cameras write it (so that a file cut short keeps its
    // directory); libtiff otherwise writes it after the data. Only without a preview.
    bool directoryFirst = false;
};

// The DNG's bytes; empty (and *error) when libtiff refused something.
std::vector<uint8_t> makeDng(const DngSpec &spec, std::string *error = nullptr);

// The Bayer RGGB mosaic makeDng() stores: 16-bit, one value a pixel, black level 256, white 16383.
cv::Mat mosaicRggb(const cv::Mat &bgr, const double neutral[3]);

} // namespace pp::test
