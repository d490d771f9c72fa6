// A TIFF directory's samples as they are stored, read by PixelPool itself rather than through
// libtiff's RGBA interface (which gives 8 bits, premultiplies alpha and takes signed or
// floating-point samples for unsigned ones): strips or tiles, interleaved or planar, any whole
// number of bytes a sample. TiffCodec.cpp decides which layouts come here and what their samples
// become.
#pragma once

#include <QString>
#include <opencv2/core.hpp>
#include <tiffio.h>

namespace pp::codecs::tiff {

// How the samples are laid out, as the tags say (libtiff's defaults for those left out).
struct SampleLayout {
    uint16_t bits = 0, samples = 0, planar = 0, photometric = 0, format = 0, inks = 0;
    bool hasPhotometric = false;
    explicit SampleLayout(TIFF *tif);
    bool separate() const { return planar == PLANARCONFIG_SEPARATE; }
    // Unsigned samples of `depth` bits, interleaved or planar.
    bool unsignedOf(uint16_t depth) const { return hasPhotometric && bits == depth && format == SAMPLEFORMAT_UINT; }
    // Samples libtiff's RGBA interface refuses (32 bits, floating point) or misreads (it takes
    // signed ones for unsigned: -1 came out white, -128 black), read here and brought to a depth
    // the pipeline holds by toPipelineDepth(): signed 8, 16 and 32 bits, unsigned 32 bits,
    // floating point of 16, 32 or 64 bits.
    bool beyondRgba() const;
    // The cv::Mat type that holds one pixel's samples as stored (unsigned 32 bits in CV_32S).
    int storedType() const;
    // What a refusal names: "planar 32-bit floating-point RGB, 3 samples a pixel".
    QString described() const;
};

// The whole image into `stored` (the probe's size, layout.storedType()), strip by strip or tile by
// tile, planes interleaved. Memory per strip or tile was bounded by the probe (largestTilePixels;
// a plane's strip or tile is smaller than an interleaved one). False when libtiff cannot read one.
bool readSamples(TIFF *tif, const SampleLayout &layout, cv::Mat *stored);

// beyondRgba() samples as unsigned ones the pipeline holds: signed 8 bits at 8 (offset: the lowest
// value is black), the others at 16 (signed likewise offset, the lowest 16 bits of wider ones
// dropped). 32-bit integer grey whose samples all lie within 0..65535 (Pillow's mode "I": a 16-bit
// picture in 32-bit signed samples, which that rule made one flat grey) is read as those 16-bit
// values, and *warning says so; other 32-bit integer samples that use under 1/256 of their type's
// range come out nearly flat by that rule, and *warning says that. Floating-point samples: 0 to 1 is black to white,
// values outside it (an HDR render's highlights, scene-referred values) clipped, with *warning saying how many and
// their range; those that are no number read as 0, likewise said.
cv::Mat toPipelineDepth(const cv::Mat &stored, const SampleLayout &layout, QString *warning);

// Premultiplied colour (8 or 16 bits, alpha the last channel) made straight.
void unassociateAlpha(cv::Mat &pixels);

// Grey that the file stores with 0 for white (MinIsWhite) as the pipeline's, 0 for black: every
// channel but alpha (the fourth of four) inverted.
void invertColour(cv::Mat &pixels);

} // namespace pp::codecs::tiff
