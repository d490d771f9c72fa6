#include "TiffSamples.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace pp::codecs::tiff {

SampleLayout::SampleLayout(TIFF *tif)
{
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_INKSET, &inks);
    hasPhotometric = TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric) == 1;
}

bool SampleLayout::beyondRgba() const
{
    if (!hasPhotometric)
        return false;
    return (format == SAMPLEFORMAT_INT && (bits == 8 || bits == 16 || bits == 32)) ||
           (format == SAMPLEFORMAT_UINT && bits == 32) ||
           (format == SAMPLEFORMAT_IEEEFP && (bits == 16 || bits == 32 || bits == 64));
}

int SampleLayout::storedType() const
{
    int depth = CV_8U;
    if (format == SAMPLEFORMAT_IEEEFP)
        depth = bits == 16 ? CV_16F : bits == 32 ? CV_32F : CV_64F;
    else if (format == SAMPLEFORMAT_INT)
        depth = bits == 8 ? CV_8S : bits == 16 ? CV_16S : CV_32S;
    else if (bits == 32)
        depth = CV_32S; // unsigned: converted by hand
    else if (bits == 16)
        depth = CV_16U;
    return CV_MAKETYPE(depth, samples);
}

QString SampleLayout::described() const
{
    QString kind;
    switch (photometric) {
    case PHOTOMETRIC_MINISWHITE:
        kind = QStringLiteral("grey (0 is white)");
        break;
    case PHOTOMETRIC_MINISBLACK:
        kind = QStringLiteral("grey");
        break;
    case PHOTOMETRIC_RGB:
        kind = QStringLiteral("RGB");
        break;
    case PHOTOMETRIC_PALETTE:
        kind = QStringLiteral("palette");
        break;
    case PHOTOMETRIC_MASK:
        kind = QStringLiteral("transparency mask");
        break;
    case PHOTOMETRIC_SEPARATED:
        kind = inks == INKSET_CMYK ? QStringLiteral("CMYK") : QStringLiteral("separated inks (not CMYK)");
        break;
    case PHOTOMETRIC_YCBCR:
        kind = QStringLiteral("YCbCr");
        break;
    case PHOTOMETRIC_CIELAB:
    case PHOTOMETRIC_ICCLAB:
    case PHOTOMETRIC_ITULAB:
        kind = QStringLiteral("L*a*b*");
        break;
    case PHOTOMETRIC_LOGL:
        kind = QStringLiteral("LogL");
        break;
    case PHOTOMETRIC_LOGLUV:
        kind = QStringLiteral("LogLuv");
        break;
    default:
        kind = QStringLiteral("photometric interpretation %1").arg(photometric);
    }
    if (!hasPhotometric)
        kind = QStringLiteral("no photometric interpretation");
    QString number;
    if (format == SAMPLEFORMAT_INT)
        number = QStringLiteral("signed ");
    else if (format == SAMPLEFORMAT_IEEEFP)
        number = QStringLiteral("floating-point ");
    else if (format != SAMPLEFORMAT_UINT && format != SAMPLEFORMAT_VOID)
        number = QStringLiteral("sample format %1 ").arg(format);
    return QStringLiteral("%1%2-bit %3%4, %5 %6 a pixel")
        .arg(separate() ? QStringLiteral("planar ") : QString())
        .arg(bits)
        .arg(number, kind)
        .arg(samples)
        .arg(samples == 1 ? QStringLiteral("sample") : QStringLiteral("samples"));
}

namespace {

// `count` samples of one plane, `T` each, into every `stride`th sample of `to`.
template <typename T> void scatter(const uint8_t *from, uint8_t *to, size_t count, int stride)
{
    const T *in = reinterpret_cast<const T *>(from);
    T *out = reinterpret_cast<T *>(to);
    for (size_t i = 0; i < count; ++i)
        out[i * size_t(stride)] = in[i];
}

// `pixels` pixels of the block just read (all samples, or plane `plane` of them) into a row of
// `stored` from column `x`.
void place(const uint8_t *from, cv::Mat *stored, int row, uint32_t x, uint32_t pixels, int plane, bool separate)
{
    const size_t sampleBytes = stored->elemSize1(), pixelBytes = stored->elemSize();
    uint8_t *to = stored->ptr<uint8_t>(row) + x * pixelBytes;
    if (!separate) {
        std::memcpy(to, from, pixels * pixelBytes);
        return;
    }
    to += size_t(plane) * sampleBytes;
    const int stride = stored->channels();
    switch (sampleBytes) {
    case 1:
        scatter<uint8_t>(from, to, pixels, stride);
        break;
    case 2:
        scatter<uint16_t>(from, to, pixels, stride);
        break;
    case 4:
        scatter<uint32_t>(from, to, pixels, stride);
        break;
    default:
        scatter<uint64_t>(from, to, pixels, stride);
    }
}

} // namespace

bool readSamples(TIFF *tif, const SampleLayout &layout, cv::Mat *stored)
{
    const bool separate = layout.separate();
    const int planes = separate ? stored->channels() : 1;
    // Bytes of one pixel in one strip or tile: all its samples, or one of them.
    const size_t unitBytes = separate ? stored->elemSize1() : stored->elemSize();
    const uint32_t width = uint32_t(stored->cols), height = uint32_t(stored->rows);
    if (TIFFIsTiled(tif)) {
        uint32_t tw = 0, th = 0;
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
        const tmsize_t tileBytes = TIFFTileSize(tif);
        if (tw == 0 || th == 0 || tileBytes <= 0 || size_t(tileBytes) < size_t(tw) * th * unitBytes)
            return false;
        std::vector<uint8_t> tile(static_cast<size_t>(tileBytes));
        for (int plane = 0; plane < planes; ++plane)
            for (uint32_t y = 0; y < height; y += th)
                for (uint32_t x = 0; x < width; x += tw) {
                    if (TIFFReadTile(tif, tile.data(), x, y, 0, uint16_t(plane)) < 0)
                        return false;
                    const uint32_t w = std::min(tw, width - x), h = std::min(th, height - y);
                    for (uint32_t r = 0; r < h; ++r)
                        place(tile.data() + size_t(r) * tw * unitBytes, stored, int(y + r), x, w, plane, separate);
                }
        return true;
    }
    uint32_t rowsPerStrip = 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rowsPerStrip);
    rowsPerStrip = std::clamp<uint32_t>(rowsPerStrip, 1, height);
    const size_t rowBytes = size_t(width) * unitBytes;
    const tmsize_t stripBytes = TIFFStripSize(tif);
    if (stripBytes <= 0 || size_t(stripBytes) < rowBytes)
        return false;
    std::vector<uint8_t> strip(static_cast<size_t>(stripBytes));
    for (int plane = 0; plane < planes; ++plane)
        for (uint32_t y = 0; y < height; y += rowsPerStrip) {
            const uint32_t rows = std::min(rowsPerStrip, height - y);
            const tmsize_t want = tmsize_t(rows * rowBytes);
            if (size_t(want) > strip.size() ||
                TIFFReadEncodedStrip(tif, TIFFComputeStrip(tif, y, uint16_t(plane)), strip.data(), want) != want)
                return false;
            for (uint32_t r = 0; r < rows; ++r)
                place(strip.data() + r * rowBytes, stored, int(y + r), 0, width, plane, separate);
        }
    return true;
}

namespace {

// The lowest and highest of 32-bit integer samples (signed or unsigned), of all of them and of the
// colour ones (all but the last of 2 or 4 samples a pixel, which is alpha): one pass over them.
struct SampleRange {
    qint64 lowest = 0, highest = 0, colourLowest = 0, colourHighest = 0;
};

SampleRange sampleRange(const cv::Mat &stored, bool isSigned)
{
    const size_t n = size_t(stored.channels()), perRow = size_t(stored.cols) * n;
    const bool alpha = n == 2 || n == 4;
    qint64 lo[2] = {INT64_MAX, INT64_MAX}, hi[2] = {INT64_MIN, INT64_MIN}; // colour, alpha
    for (int y = 0; y < stored.rows; ++y) {
        const auto *p = reinterpret_cast<const uint32_t *>(stored.ptr(y));
        for (size_t i = 0; i < perRow; ++i) {
            const qint64 v = isSigned ? qint64(int32_t(p[i])) : qint64(p[i]);
            const int which = alpha && i % n == n - 1 ? 1 : 0;
            lo[which] = std::min(lo[which], v);
            hi[which] = std::max(hi[which], v);
        }
    }
    SampleRange r;
    r.colourLowest = lo[0];
    r.colourHighest = hi[0];
    r.lowest = alpha ? std::min(lo[0], lo[1]) : lo[0];
    r.highest = alpha ? std::max(hi[0], hi[1]) : hi[0];
    return r;
}

} // namespace

cv::Mat toPipelineDepth(const cv::Mat &stored, const SampleLayout &layout, QString *warning)
{
    cv::Mat out;
    const size_t perRow = size_t(stored.cols) * size_t(stored.channels());
    if (layout.format == SAMPLEFORMAT_INT && layout.bits == 8) {
        stored.convertTo(out, CV_8U, 1.0, 128.0); // -128..127 to 0..255
    } else if (layout.format == SAMPLEFORMAT_INT && layout.bits == 16) {
        stored.convertTo(out, CV_16U, 1.0, 32768.0);                        // -32768..32767 to 0..65535
    } else if (layout.bits == 32 && layout.format != SAMPLEFORMAT_IEEEFP) { // kept in CV_32S's bytes
        const bool isSigned = layout.format == SAMPLEFORMAT_INT;
        const SampleRange range = sampleRange(stored, isSigned);
        const uint32_t offset = isSigned ? 0x80000000u : 0;
        const bool grey = layout.photometric == PHOTOMETRIC_MINISBLACK || layout.photometric == PHOTOMETRIC_MINISWHITE;
        const bool sixteen = grey && range.lowest >= 0 && range.highest <= 65535; // every sample, alpha too
        out.create(stored.size(), CV_MAKETYPE(CV_16U, stored.channels()));
        for (int y = 0; y < stored.rows; ++y) {
            const auto *src = reinterpret_cast<const uint32_t *>(stored.ptr(y));
            uint16_t *dst = out.ptr<uint16_t>(y);
            for (size_t i = 0; i < perRow; ++i)
                dst[i] = uint16_t(sixteen ? src[i] : (src[i] ^ offset) >> 16);
        }
        const QString kind = QStringLiteral("32-bit %1 %2 samples")
                                 .arg(isSigned ? QStringLiteral("signed") : QStringLiteral("unsigned"),
                                      grey ? QStringLiteral("grey") : QStringLiteral("RGB"));
        if (sixteen) {
            *warning = QStringLiteral("%1 all lie within 0 to 65535 (from %2 to %3): read as 16-bit values")
                           .arg(kind)
                           .arg(range.lowest)
                           .arg(range.highest);
        } else if (range.colourHighest > range.colourLowest &&
                   range.colourHighest - range.colourLowest < (qint64(1) << 24)) { // under 1/256 of 2^32
            *warning = QStringLiteral("%1 use almost none of their range (from %2 to %3, of %4 to %5): the picture "
                                      "comes out nearly flat")
                           .arg(kind)
                           .arg(range.colourLowest)
                           .arg(range.colourHighest)
                           .arg(isSigned ? qint64(INT32_MIN) : 0)
                           .arg(isSigned ? qint64(INT32_MAX) : qint64(UINT32_MAX));
        }
    } else {
        cv::Mat floats = stored; // the stored pixels are this function's to change
        if (floats.depth() != CV_32F)
            stored.convertTo(floats, CV_32F);
        const cv::Mat flat = floats.reshape(1);
        const int nan = int(flat.total()) - cv::countNonZero(flat == flat);
        cv::patchNaNs(floats, 0);
        double lowest = 0, highest = 0;
        cv::minMaxLoc(flat, &lowest, &highest);
        if (lowest < 0 || highest > 1) {
            const int outside = cv::countNonZero(flat < 0) + cv::countNonZero(flat > 1);
            *warning = QStringLiteral("floating-point samples outside 0 to 1 clipped to black and white: %1 of %2 "
                                      "(values from %3 to %4)")
                           .arg(outside)
                           .arg(flat.total())
                           .arg(lowest, 0, 'g', 4)
                           .arg(highest, 0, 'g', 4);
        }
        if (nan > 0) {
            const QString nans = QStringLiteral("%1 floating-point samples that are no number read as 0").arg(nan);
            *warning = warning->isEmpty() ? nans : *warning + QStringLiteral("; ") + nans;
        }
        floats.convertTo(out, CV_16U, 65535.0); // rounded and clamped to 0..65535
    }
    return out;
}

namespace {

template <typename T> void unassociate(cv::Mat &pixels)
{
    constexpr uint32_t kMax = std::numeric_limits<T>::max();
    const int n = pixels.channels();
    for (int y = 0; y < pixels.rows; ++y) {
        T *p = pixels.ptr<T>(y);
        for (int x = 0; x < pixels.cols; ++x, p += n) {
            const uint32_t a = p[n - 1];
            if (a != 0 && a != kMax)
                for (int c = 0; c < n - 1; ++c)
                    p[c] = T(std::min<uint32_t>(kMax, (p[c] * kMax + a / 2) / a));
        }
    }
}

} // namespace

void unassociateAlpha(cv::Mat &pixels)
{
    if (pixels.depth() == CV_16U)
        unassociate<uint16_t>(pixels);
    else
        unassociate<uint8_t>(pixels);
}

void invertColour(cv::Mat &pixels)
{
    cv::Mat inverted;
    cv::bitwise_not(pixels, inverted); // for unsigned samples: the maximum less each
    if (pixels.channels() != 4) {
        pixels = inverted;
        return;
    }
    const int fromTo[] = {0, 0, 1, 1, 2, 2};
    cv::mixChannels(&inverted, 1, &pixels, 1, fromTo, 3);
}

} // namespace pp::codecs::tiff
