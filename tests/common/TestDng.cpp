#include "TestDng.h"

#include <cmath>
#include <cstring>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <tiffio.h>

namespace pp::test {
namespace {

constexpr int kBlack = 256, kWhite = 16383;

// libtiff writes through these into a growing buffer.
struct MemoryFile {
    std::vector<uint8_t> data;
    size_t pos = 0;
};

tsize_t memRead(thandle_t h, tdata_t buf, tsize_t n)
{
    auto *f = static_cast<MemoryFile *>(h);
    const size_t count = f->pos < f->data.size() ? std::min(size_t(n), f->data.size() - f->pos) : 0;
    std::memcpy(buf, f->data.data() + f->pos, count);
    f->pos += count;
    return tsize_t(count);
}

tsize_t memWrite(thandle_t h, tdata_t buf, tsize_t n)
{
    auto *f = static_cast<MemoryFile *>(h);
    if (f->pos + size_t(n) > f->data.size())
        f->data.resize(f->pos + size_t(n));
    std::memcpy(f->data.data() + f->pos, buf, size_t(n));
    f->pos += size_t(n);
    return n;
}

toff_t memSeek(thandle_t h, toff_t off, int whence)
{
    auto *f = static_cast<MemoryFile *>(h);
    const size_t base = whence == SEEK_CUR ? f->pos : whence == SEEK_END ? f->data.size() : 0;
    f->pos = base + size_t(off);
    return f->pos;
}

int memClose(thandle_t) { return 0; }
toff_t memSize(thandle_t h) { return static_cast<MemoryFile *>(h)->data.size(); }
int memMap(thandle_t, tdata_t *, toff_t *) { return 0; }
void memUnmap(thandle_t, tdata_t, toff_t) {}

double srgbToLinear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }

// Tags that describe the whole file: they belong in IFD0.
void writeFileTags(TIFF *tif, const DngSpec &spec)
{
    const uint8_t version[4] = {1, 4, 0, 0}, backward[4] = {1, 1, 0, 0};
    TIFFSetField(tif, TIFFTAG_DNGVERSION, version);
    TIFFSetField(tif, TIFFTAG_DNGBACKWARDVERSION, backward);
    TIFFSetField(tif, TIFFTAG_MAKE, spec.make.c_str());
    TIFFSetField(tif, TIFFTAG_MODEL, spec.model.c_str());
    TIFFSetField(tif, TIFFTAG_UNIQUECAMERAMODEL, (spec.make + " " + spec.model).c_str());
    TIFFSetField(tif, TIFFTAG_ORIENTATION, uint16_t(spec.orientation));
    TIFFSetField(tif, TIFFTAG_SOFTWARE, "PixelPool tests");
    // XYZ (D65) to linear sRGB: the camera's filters are sRGB's primaries.
    const float xyzToSrgb[9] = {3.2404542f, -1.5371385f, -0.4985314f, -0.9692660f, 1.8760108f,
                                0.0415560f, 0.0556434f,  -0.2040259f, 1.0572252f};
    TIFFSetField(tif, TIFFTAG_COLORMATRIX1, 9, xyzToSrgb);
    TIFFSetField(tif, TIFFTAG_CALIBRATIONILLUMINANT1, uint16_t(21)); // D65
    const float neutral[3] = {float(spec.neutral[0]), float(spec.neutral[1]), float(spec.neutral[2])};
    TIFFSetField(tif, TIFFTAG_ASSHOTNEUTRAL, 3, neutral);
}

bool writeRaw(TIFF *tif, const DngSpec &spec, bool ifd0, std::string *error)
{
    const cv::Mat mosaic = mosaicRggb(spec.bgr, spec.neutral);
    const bool bomb = !spec.claimedSize.empty();
    const cv::Size size = bomb ? spec.claimedSize : mosaic.size();
    if (ifd0)
        writeFileTags(tif, spec);
    TIFFSetField(tif, TIFFTAG_SUBFILETYPE, 0);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, uint32_t(size.width));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, uint32_t(size.height));
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_CFA);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(size.height));
    const uint16_t repeat[2] = {2, 2};
    TIFFSetField(tif, TIFFTAG_CFAREPEATPATTERNDIM, repeat);
    const uint8_t rggb[4] = {0, 1, 1, 2};
    TIFFSetField(tif, TIFFTAG_CFAPATTERN, 4, rggb);
    const float black = kBlack;
    TIFFSetField(tif, TIFFTAG_BLACKLEVEL, 1, &black);
    const uint32_t white = kWhite;
    TIFFSetField(tif, TIFFTAG_WHITELEVEL, 1, &white);
    const tmsize_t bytes = bomb ? tmsize_t(size.width) * 2 : tmsize_t(mosaic.total() * 2);
    std::vector<uint16_t> row;
    const void *pixels = mosaic.data;
    if (bomb) { // one row of data behind a header that claims the whole size
        row.assign(size_t(size.width), uint16_t(kBlack));
        pixels = row.data();
    }
    if (spec.directoryFirst) {
        // The directory with room for the strip arrays, then the data, then the arrays filled in.
        if (!TIFFDeferStrileArrayWriting(tif) || !TIFFWriteCheck(tif, 0, "makeDng") || !TIFFWriteDirectory(tif) ||
            !TIFFSetDirectory(tif, 0)) {
            *error = "libtiff could not write the directory first";
            return false;
        }
    }
    if (TIFFWriteRawStrip(tif, 0, const_cast<void *>(pixels), bytes) != bytes) {
        *error = "libtiff could not write the raw data";
        return false;
    }
    if (spec.directoryFirst)
        return TIFFForceStrileArrayWriting(tif) || (*error = "libtiff could not write the strip arrays", false);
    return TIFFWriteDirectory(tif) || (*error = "libtiff could not write the raw IFD", false);
}

bool writePreview(TIFF *tif, const DngSpec &spec, bool ifd0, std::string *error)
{
    cv::Mat small;
    cv::resize(spec.previewBgr.empty() ? spec.bgr : spec.previewBgr, small, spec.previewSize, 0, 0, cv::INTER_AREA);
    std::vector<uint8_t> jpeg;
    if (!cv::imencode(".jpg", small, jpeg, {cv::IMWRITE_JPEG_QUALITY, 92})) {
        *error = "OpenCV could not encode the preview";
        return false;
    }
    if (ifd0)
        writeFileTags(tif, spec);
    TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_REDUCEDIMAGE);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, uint32_t(small.cols));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, uint32_t(small.rows));
    const uint16_t bits[3] = {8, 8, 8};
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8, bits);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_JPEG);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_YCBCR);
    TIFFSetField(tif, TIFFTAG_YCBCRSUBSAMPLING, 2, 2);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(small.rows));
    if (TIFFWriteRawStrip(tif, 0, jpeg.data(), tmsize_t(jpeg.size())) != tmsize_t(jpeg.size())) {
        *error = "libtiff could not write the preview";
        return false;
    }
    return TIFFWriteDirectory(tif) || (*error = "libtiff could not write the preview IFD", false);
}

} // namespace

cv::Mat mosaicRggb(const cv::Mat &bgr, const double neutral[3])
{
    cv::Mat out(bgr.size(), CV_16UC1);
    double lut[3][256];
    for (int c = 0; c < 3; ++c)
        for (int v = 0; v < 256; ++v)
            lut[c][v] = kBlack + std::round(srgbToLinear(v / 255.0) * neutral[c] * (kWhite - kBlack));
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            const int channel = (y & 1) + (x & 1); // 0 R, 1 G, 2 B: RGGB
            const uint8_t v = bgr.at<cv::Vec3b>(y, x)[2 - channel];
            out.at<uint16_t>(y, x) = uint16_t(lut[channel][v]);
        }
    return out;
}

std::vector<uint8_t> makeDng(const DngSpec &spec, std::string *error)
{
    std::string ignored;
    if (!error)
        error = &ignored;
    MemoryFile file;
    TIFF *tif = TIFFClientOpen("test.dng", "w", &file, memRead, memWrite, memSeek, memClose, memSize, memMap, memUnmap);
    if (!tif) {
        *error = "libtiff could not open a file in memory";
        return {};
    }
    const bool preview = !spec.previewSize.empty();
    bool ok = true;
    if (!preview) {
        ok = writeRaw(tif, spec, true, error);
    } else {
        // IFD0 points at one SubIFD, which libtiff writes as the next directory.
        uint64_t subIfd = 0;
        const auto first = [&] {
            TIFFSetField(tif, TIFFTAG_SUBIFD, 1, &subIfd);
            return spec.rawInSubIfd ? writePreview(tif, spec, true, error) : writeRaw(tif, spec, true, error);
        };
        ok = first() && (spec.rawInSubIfd ? writeRaw(tif, spec, false, error) : writePreview(tif, spec, false, error));
    }
    TIFFClose(tif);
    if (!ok)
        return {};
    return file.data;
}

} // namespace pp::test
