// Camera-like test files made by the tests themselves: profiles written by lcms2, EXIF/IPTC/XMP by
// exiv2, HEIC/AVIF by libheif, and the colour distance to judge conversions. Shared by the engine's
// unit tests, the mixed-folder integration test and the fuzz-seed maker.
#pragma once

#include "Preset.h"

#include <QString>
#include <cstdint>
#include <cstdio> // before jpeglib.h, which uses FILE
#include <functional>
#include <jpeglib.h>
#include <lcms2.h>
#include <libheif/heif.h>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

namespace Exiv2 {
class Image;
}

namespace pp::testphotos {

using Bytes = std::vector<uint8_t>;

// A profile lcms2 built, saved with a description; the handle is closed.
Bytes saveProfile(cmsHPROFILE p, const char *name);
Bytes adobeRgb();    // Adobe RGB (1998) primaries and gamma
Bytes displayP3();   // Display P3: P3 primaries, sRGB's curve
Bytes lcmsSrgb();    // sRGB as lcms2 builds it
Bytes linearGrey();  // grey with a linear tone curve (gamma 1): level 100 is sRGB grey 170
Bytes rommProfile(); // wide gamut and no name libjxl knows: ROMM (ProPhoto) primaries, a linear toe

Bytes readAll(const QString &path);
void writeAll(const QString &path, const Bytes &b);

// 12 megapixels of flat patches, few bytes and much to decode, written into `dir` as heavy.png and
// progressive.jpg (the cost-aware scheduling tests); false if either cannot be written.
bool writeHeavyToDecode(const QString &dir);

// A smooth photo-like picture with a flat patch (BGR).
cv::Mat photo(int w = 600, int h = 400);
// The pixels encoded by PixelPool's own encoder, with `icc` embedded.
Bytes encoded(const cv::Mat &m, OutputFormat f, const Bytes &icc = {});
// A camera's JPEG: EXIF (PixelCam PC-1, 350 dpi, DateTimeOriginal 2024:05:06 07:08:09, ISO 800, a
// lens, GPS near Paris, a red EXIF thumbnail), IPTC (byline, city, caption), XMP (title, city,
// GPS, orientation) and the profile `icc` when not empty.
Bytes cameraJpeg(const cv::Mat &pixels, int orientation, const Bytes &icc);
// Writes `image`'s metadata (exiv2) and gives the file's bytes as they are then.
Bytes writtenBytes(Exiv2::Image &image);
// A phone's HEIC (or an AVIF) of the stored pixels `bgr`, to be shown turned as `orientation` says
// (libheif writes irot/imir for it, as phones do), with the same Orientation in its EXIF, or the
// one `exifOrientation` gives (0: no EXIF block at all). BGRA pixels give it an alpha plane.
Bytes heifFile(const cv::Mat &bgr, bool avif, heif_orientation orientation,
               std::optional<int> exifOrientation = std::nullopt);

// libjpeg's own compressor, in memory, over `pixels` as libjpeg takes its rows (RGB, grey or CMYK, as
// `space` says): `configure` runs after jpeg_set_defaults (quality, sampling, progression...),
// `markers` after jpeg_start_compress (a profile...).
Bytes libjpegCompress(const cv::Mat &pixels, J_COLOR_SPACE space,
                      const std::function<void(jpeg_compress_struct &)> &configure,
                      const std::function<void(jpeg_compress_struct &)> &markers = {});

// A 16-bit BMP whose pixel (x, y) of the picture is `pixel(x, y)` as stored: 5-5-5 uncompressed
// behind a 40-byte info header, or with 5-6-5 bit fields (after a 40-byte header, or inside a
// version 5 one of 124 bytes); rows bottom-up, or top-down (a negative height).
struct SixteenBitBmp {
    bool sixBitGreen = false;
    int infoHeader = 40;
    bool topDown = false;
};
Bytes sixteenBitBmp(int w, int h, const std::function<uint16_t(int x, int y)> &pixel, SixteenBitBmp kind);

// Adobe-style CMYK pixels (inverted: 255 is no ink), as Photoshop writes them: a gentle ramp.
cv::Mat cmykPixels(int w, int h);
// Those pixels as a quality-100 CMYK JPEG with the profile `icc` and, unless `adobeMarker` is
// false, Adobe's APP14 marker.
Bytes cmykJpeg(const cv::Mat &cmyk, const Bytes &icc, bool adobeMarker = true);
// The same inks as an 8-bit (or 16-bit, each ink × 257) CMYK TIFF (which stores 0 as no ink),
// with the profile in its tag.
Bytes cmykTiff(const cv::Mat &cmyk, const Bytes &icc, bool sixteenBits = false);

// Ordered mean of CIEDE2000 between two images' colours, each read through its profile (empty:
// sRGB). Images of 1 (grey), 3 (BGR) or 4 (CMYK, Adobe-inverted) 8-bit channels.
double meanDeltaE(const cv::Mat &a, const Bytes &aIcc, const cv::Mat &b, const Bytes &bIcc);

// How many 16-bit samples lie between two 8-bit levels (are not multiples of 257): more than one
// a pixel says the 16 bits are real, not 8-bit values widened.
size_t betweenEightBitLevels(const cv::Mat &sixteen);

} // namespace pp::testphotos
