// The decode seeds of fuzz_make_seeds: small real files, one per layout the decoders handle, made
// with the same libraries PixelPool decodes with (libjpeg, libpng, libtiff, libwebp, libjxl) so that
// every option can be set, and DNGs from tests/common/TestDng.h. A few are cut short or damaged on
// purpose.
#include "PhotoFixtures.h"
#include "TestDng.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>
#include <QtEndian>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <jpeglib.h>
#include <jxl/encode.h>
#include <lcms2.h>
#include <opencv2/core.hpp>
#include <png.h>
#include <tiffio.h>
#include <webp/encode.h>
#include <webp/mux.h>
#include <zlib.h>

using pp::testphotos::rommProfile;
using Put = std::function<void(const QString &name, const QByteArray &bytes)>;

namespace {

// An odd size (partial JPEG MCUs, partial TIFF tiles) with gradients, an edge and partial alpha.
// Channels in the order the library wants them; 16-bit samples when depth is CV_16U.
cv::Mat pattern(int channels, int depth = CV_8U, int w = 37, int h = 23)
{
    cv::Mat m(h, w, CV_MAKETYPE(depth, channels));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c) {
                int v = c == 0 ? x * 255 / (w - 1) : c == 1 ? y * 255 / (h - 1) : (x + y) * 4 % 256;
                if (c == 3 || (channels == 2 && c == 1)) // alpha: clear, partial and opaque
                    v = x < 5 ? 0 : x < 20 ? x * 12 : 255;
                if (x == y)
                    v = 255 - v;
                if (depth == CV_16U)
                    m.ptr<uint16_t>(y)[x * channels + c] = uint16_t(v * 257 ^ ((x * 31 + y * 17) & 0xff));
                else
                    m.ptr<uint8_t>(y)[x * channels + c] = uint8_t(v);
            }
    return m;
}

// ---- JPEG ---------------------------------------------------------------------------------------

struct JpegOptions {
    J_COLOR_SPACE in = JCS_RGB;         // 3 channels RGB, or JCS_GRAYSCALE / JCS_CMYK
    J_COLOR_SPACE stored = JCS_UNKNOWN; // jpeg_set_colorspace() when set (JCS_YCCK)
    bool progressive = false;
    bool arithmetic = false;
    bool fullChroma = false; // 4:4:4 instead of 4:2:0
    unsigned restartRows = 0;
};

QByteArray jpegFile(const cv::Mat &m, const JpegOptions &o)
{
    jpeg_compress_struct cinfo;
    jpeg_error_mgr err;
    cinfo.err = jpeg_std_error(&err);
    jpeg_create_compress(&cinfo);
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&cinfo, &buffer, &size);
    cinfo.image_width = JDIMENSION(m.cols);
    cinfo.image_height = JDIMENSION(m.rows);
    cinfo.input_components = m.channels();
    cinfo.in_color_space = o.in;
    jpeg_set_defaults(&cinfo);
    if (o.stored != JCS_UNKNOWN)
        jpeg_set_colorspace(&cinfo, o.stored);
    jpeg_set_quality(&cinfo, 75, TRUE);
    if (o.fullChroma)
        cinfo.comp_info[0].h_samp_factor = cinfo.comp_info[0].v_samp_factor = 1;
    cinfo.arith_code = o.arithmetic ? TRUE : FALSE;
    cinfo.restart_in_rows = int(o.restartRows);
    if (o.progressive)
        jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<uint8_t *>(m.ptr<uint8_t>(int(cinfo.next_scanline)));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    const QByteArray out(reinterpret_cast<const char *>(buffer), qsizetype(size));
    free(buffer);
    return out;
}

// A libjpeg-written progressive file with its scans (each with the tables written before it) in
// `order`: its header runs to the first scan's tables, its entropy-coded data to the next marker
// that is not RSTn.
QByteArray withScans(const QByteArray &b, std::initializer_list<int> order)
{
    const auto at = [&](qsizetype i) { return i < b.size() ? uint8_t(b[i]) : 0; };
    QList<QByteArray> scans;
    qsizetype pos = 2, unit = b.indexOf("\xff\xc4");
    while (pos + 4 <= b.size() && at(pos) == 0xFF && at(pos + 1) != 0xD9) {
        qsizetype end = pos + 2 + (at(pos + 2) << 8 | at(pos + 3));
        while (at(pos + 1) == 0xDA && end + 1 < b.size() &&
               !(at(end) == 0xFF && at(end + 1) != 0 && (at(end + 1) < 0xD0 || at(end + 1) > 0xD7)))
            ++end;
        if (at(pos + 1) == 0xDA) {
            scans.append(b.mid(unit, end - unit));
            unit = end;
        }
        pos = end;
    }
    QByteArray out = b.left(b.indexOf("\xff\xc4"));
    for (const int i : order)
        out += scans.value(i);
    return out + b.mid(pos);
}

// ---- PNG ----------------------------------------------------------------------------------------

void pngWrite(png_structp png, png_bytep data, size_t n)
{
    static_cast<QByteArray *>(png_get_io_ptr(png))->append(reinterpret_cast<const char *>(data), qsizetype(n));
}
void pngFlush(png_structp) {}

// Rows are packed by the caller for bit depths below 8 (m is then CV_8UC1 of packed bytes and
// `width` gives the pixel count); 16-bit samples are written big-endian as PNG wants.
QByteArray pngFile(const cv::Mat &m, int colorType, int bitDepth, bool interlaced, int width = 0,
                   const std::vector<png_color> &palette = {}, const std::vector<png_byte> &trns = {},
                   const png_color_16 *trnsColor = nullptr)
{
    QByteArray out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    png_set_write_fn(png, &out, pngWrite, pngFlush);
    png_set_IHDR(png, info, png_uint_32(width ? width : m.cols), png_uint_32(m.rows), bitDepth, colorType,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (!palette.empty())
        png_set_PLTE(png, info, palette.data(), int(palette.size()));
    if (!trns.empty() || trnsColor)
        png_set_tRNS(png, info, trns.empty() ? nullptr : trns.data(), int(trns.size()), trnsColor);
    png_write_info(png, info);
    if (bitDepth == 16)
        png_set_swap(png); // our samples are little-endian in memory
    std::vector<png_bytep> rows(size_t(m.rows));
    for (int y = 0; y < m.rows; ++y)
        rows[size_t(y)] = const_cast<png_bytep>(m.ptr<uint8_t>(y));
    png_write_image(png, rows.data()); // handles the Adam7 passes
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return out;
}

// 1, 2 or 4 bits per pixel: values 0..(2^bits - 1), packed most significant first.
cv::Mat packed(int bits, int w, int h)
{
    const int perByte = 8 / bits;
    cv::Mat m = cv::Mat::zeros(h, (w + perByte - 1) / perByte, CV_8UC1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int v = ((x + y) / 3) % (1 << bits);
            m.ptr<uint8_t>(y)[x / perByte] |= uint8_t(v << (8 - bits * (x % perByte + 1)));
        }
    return m;
}

// ---- WebP ---------------------------------------------------------------------------------------

QByteArray webpFile(const cv::Mat &bgr, bool lossless)
{
    uint8_t *out = nullptr;
    size_t n = 0;
    const int stride = int(bgr.step);
    if (bgr.channels() == 4)
        n = lossless ? WebPEncodeLosslessBGRA(bgr.data, bgr.cols, bgr.rows, stride, &out)
                     : WebPEncodeBGRA(bgr.data, bgr.cols, bgr.rows, stride, 60, &out);
    else
        n = lossless ? WebPEncodeLosslessBGR(bgr.data, bgr.cols, bgr.rows, stride, &out)
                     : WebPEncodeBGR(bgr.data, bgr.cols, bgr.rows, stride, 60, &out);
    const QByteArray b(reinterpret_cast<const char *>(out), qsizetype(n));
    WebPFree(out);
    return b;
}

// An animation of three lossless frames on a 37×23 canvas, the first smaller than the canvas and
// off its corner (PixelPool reads the first on its canvas, and counts the others).
QByteArray webpAnimation(const cv::Mat &bgra)
{
    WebPMux *mux = WebPMuxNew();
    WebPMuxSetCanvasSize(mux, bgra.cols, bgra.rows);
    const WebPMuxAnimParams params{0, 0};
    WebPMuxSetAnimationParams(mux, &params);
    const cv::Rect frames[] = {{4, 2, 20, 12}, {0, 0, bgra.cols, bgra.rows}, {10, 10, 8, 8}};
    for (const cv::Rect &r : frames) {
        const cv::Mat part = bgra(r).clone();
        uint8_t *still = nullptr;
        const size_t n = WebPEncodeLosslessBGRA(part.data, part.cols, part.rows, int(part.step), &still);
        WebPMuxFrameInfo frame{};
        frame.bitstream = {still, n};
        frame.x_offset = r.x;
        frame.y_offset = r.y;
        frame.duration = 100;
        frame.id = WEBP_CHUNK_ANMF;
        frame.blend_method = WEBP_MUX_BLEND;
        WebPMuxPushFrame(mux, &frame, 1);
        WebPFree(still);
    }
    WebPData out;
    WebPDataInit(&out);
    WebPMuxAssemble(mux, &out);
    const QByteArray b(reinterpret_cast<const char *>(out.bytes), qsizetype(out.size));
    WebPDataClear(&out);
    WebPMuxDelete(mux);
    return b;
}

// `first` and `second` as an MPO: an MPF index (APP2, right after the SOI, little-endian) listing
// both, the second a stereo pair's other eye after the first.
QByteArray mpo(const QByteArray &first, const QByteArray &second)
{
    const auto le16 = [](uint32_t v) { return QByteArray(1, char(v)) + char(v >> 8); };
    const auto le32 = [&](uint32_t v) { return le16(v & 0xffff) + le16(v >> 16); };
    const auto index = [&](uint32_t firstSize, uint32_t secondAt) {
        const QByteArray entries = le32(0x20030000) + le32(firstSize) + le32(0) + le32(0) + le32(0x00020002) +
                                   le32(uint32_t(second.size())) + le32(secondAt) + le32(0);
        const QByteArray tiff = QByteArray("II*\0", 4) + le32(8) + le16(3) + le16(0xB000) + le16(7) + le32(4) +
                                QByteArray("0100") + le16(0xB001) + le16(4) + le32(1) + le32(2) + le16(0xB002) +
                                le16(7) + le32(uint32_t(entries.size())) + le32(8 + 2 + 36 + 4) + le32(0) + entries;
        const QByteArray payload = QByteArray("MPF\0", 4) + tiff;
        return QByteArray("\xff\xe2", 2) + char((payload.size() + 2) >> 8) + char(payload.size() + 2) + payload;
    };
    const uint32_t firstSize = uint32_t(first.size() + index(0, 0).size());
    return first.left(2) + index(firstSize, firstSize - 10) + first.mid(2) + second;
}

// ---- TIFF ---------------------------------------------------------------------------------------

struct TiffOptions {
    uint16_t compression = COMPRESSION_NONE;
    uint16_t photometric = PHOTOMETRIC_RGB;
    uint16_t predictor = 0;
    uint16_t bits = 8;
    uint16_t sampleFormat = SAMPLEFORMAT_UINT;
    uint16_t extra = 0xffff; // EXTRASAMPLE_* for a fourth (or second) sample
    bool planar = false;     // PLANARCONFIG_SEPARATE
    uint32_t tile = 0;       // tile side, or strips when 0
    uint32_t rowsPerStrip = 8;
    bool bigEndian = false;
    const uint16_t *colormap = nullptr; // 3 × 2^bits entries, for PHOTOMETRIC_PALETTE
    const float *whitePoint = nullptr;  // x, y: the WhitePoint tag
};

QByteArray writtenFile(const QByteArray &path)
{
    FILE *f = std::fopen(path.constData(), "rb");
    QByteArray out;
    char chunk[4096];
    for (size_t n; f && (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;)
        out.append(chunk, qsizetype(n));
    if (f)
        std::fclose(f);
    return out;
}

// libtiff writes to a file only; the seeds go through a temporary one.
QByteArray tiffFile(const cv::Mat &m, const TiffOptions &o, int width = 0)
{
    QTemporaryDir dir;
    const QByteArray path = (dir.path() + QStringLiteral("/t.tif")).toLocal8Bit();
    TIFF *t = TIFFOpen(path.constData(), o.bigEndian ? "wb" : "wl");
    const int channels = m.channels();
    const uint32_t w = uint32_t(width ? width : m.cols), h = uint32_t(m.rows);
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(channels));
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, o.bits);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, o.photometric);
    TIFFSetField(t, TIFFTAG_COMPRESSION, o.compression);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, o.planar ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG);
    if (o.sampleFormat != SAMPLEFORMAT_UINT)
        TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, o.sampleFormat);
    if (o.predictor)
        TIFFSetField(t, TIFFTAG_PREDICTOR, o.predictor);
    if (o.extra != 0xffff) {
        const uint16_t extra[] = {o.extra};
        TIFFSetField(t, TIFFTAG_EXTRASAMPLES, uint16_t(1), extra);
    }
    if (o.whitePoint)
        TIFFSetField(t, TIFFTAG_WHITEPOINT, o.whitePoint);
    if (o.colormap) {
        const uint32_t n = 1u << o.bits;
        TIFFSetField(t, TIFFTAG_COLORMAP, o.colormap, o.colormap + n, o.colormap + 2 * n);
    }
    if (o.compression == COMPRESSION_JPEG) {
        TIFFSetField(t, TIFFTAG_JPEGQUALITY, 75);
        TIFFSetField(t, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    }
    const size_t sampleBytes = o.bits >= 16 ? size_t(o.bits / 8) : 1;
    if (o.tile) {
        TIFFSetField(t, TIFFTAG_TILEWIDTH, o.tile);
        TIFFSetField(t, TIFFTAG_TILELENGTH, o.tile);
        const int planes = o.planar ? channels : 1;
        const int perPixel = o.planar ? 1 : channels;
        std::vector<uint8_t> tileBuf(size_t(o.tile) * o.tile * size_t(perPixel) * sampleBytes);
        for (int p = 0; p < planes; ++p)
            for (uint32_t ty = 0; ty < h; ty += o.tile)
                for (uint32_t tx = 0; tx < w; tx += o.tile) {
                    std::fill(tileBuf.begin(), tileBuf.end(), 0);
                    for (uint32_t y = 0; y < o.tile && ty + y < h; ++y)
                        for (uint32_t x = 0; x < o.tile && tx + x < w; ++x)
                            for (int c = 0; c < perPixel; ++c)
                                std::memcpy(&tileBuf[((y * o.tile + x) * size_t(perPixel) + size_t(c)) * sampleBytes],
                                            m.ptr<uint8_t>(int(ty + y)) +
                                                ((tx + x) * size_t(channels) + size_t(o.planar ? p : c)) * sampleBytes,
                                            sampleBytes);
                    TIFFWriteTile(t, tileBuf.data(), tx, ty, 0, uint16_t(p));
                }
    } else {
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, o.rowsPerStrip);
        const int planes = o.planar ? channels : 1;
        std::vector<uint8_t> row(size_t(m.step));
        for (int p = 0; p < planes; ++p)
            for (uint32_t y = 0; y < h; ++y) {
                const uint8_t *src = m.ptr<uint8_t>(int(y));
                if (o.planar) {
                    for (int x = 0; x < m.cols; ++x)
                        std::memcpy(&row[size_t(x) * sampleBytes],
                                    src + (size_t(x) * channels + size_t(p)) * sampleBytes, sampleBytes);
                } else {
                    std::memcpy(row.data(), src, row.size());
                }
                TIFFWriteScanline(t, row.data(), y, uint16_t(p)); // the predictor rewrites the row
            }
    }
    TIFFClose(t);
    return writtenFile(path);
}

// 8-bit RGB `m` behind a 4×3 thumbnail (its corner) (IFD0, NewSubfileType 1): next in the chain, or in a
// SubIFD of the thumbnail (TIFF/EP).
QByteArray tiffBehindThumbnail(const cv::Mat &m, bool subIfd)
{
    QTemporaryDir dir;
    const QByteArray path = (dir.path() + QStringLiteral("/t.tif")).toLocal8Bit();
    TIFF *t = TIFFOpen(path.constData(), "wl");
    const cv::Mat thumb = m(cv::Rect(0, 0, 4, 3)).clone();
    uint64_t subIfds[1] = {};
    for (const cv::Mat &image : {thumb, m}) {
        const bool reduced = image.data == thumb.data;
        TIFFSetField(t, TIFFTAG_SUBFILETYPE, reduced ? FILETYPE_REDUCEDIMAGE : 0);
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(image.cols));
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(image.rows));
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(3));
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(8));
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, uint32_t(image.rows));
        if (reduced && subIfd)
            TIFFSetField(t, TIFFTAG_SUBIFD, uint16_t(1), subIfds);
        const cv::Mat pixels = image.clone();
        TIFFWriteEncodedStrip(t, 0, pixels.data, tmsize_t(pixels.total() * pixels.elemSize()));
        TIFFWriteDirectory(t);
    }
    TIFFClose(t);
    return writtenFile(path);
}

// ---- JPEG XL ------------------------------------------------------------------------------------

struct JxlOptions {
    bool lossless = false;
    int bits = 8;        // 8, or 16 (m is then CV_16U)
    int orientation = 1; // in the codestream
    bool boxes = false;  // a container with an Exif box and a Brotli-compressed XMP box
    int frames = 1;      // > 1: an animation of that many frames (the pattern, inverted)
};

// Channels in libjxl's order: grey, grey+alpha, RGB, RGBA. `icc`: a profile instead of sRGB by name.
QByteArray jxlFile(const cv::Mat &m, const JxlOptions &o, const std::vector<uint8_t> &icc = {})
{
    JxlEncoder *enc = JxlEncoderCreate(nullptr);
    if (o.boxes)
        JxlEncoderUseBoxes(enc);
    JxlBasicInfo basic;
    JxlEncoderInitBasicInfo(&basic);
    basic.xsize = uint32_t(m.cols);
    basic.ysize = uint32_t(m.rows);
    basic.bits_per_sample = uint32_t(o.bits);
    basic.num_color_channels = m.channels() <= 2 ? 1 : 3;
    if (m.channels() % 2 == 0) {
        basic.alpha_bits = uint32_t(o.bits);
        basic.num_extra_channels = 1;
    }
    basic.uses_original_profile = o.lossless;
    basic.orientation = JxlOrientation(o.orientation);
    if (o.frames > 1) {
        basic.have_animation = JXL_TRUE;
        basic.animation.tps_numerator = 10;
        basic.animation.tps_denominator = 1;
    }
    JxlEncoderSetBasicInfo(enc, &basic);
    if (!icc.empty()) {
        JxlEncoderSetICCProfile(enc, icc.data(), icc.size());
    } else {
        JxlColorEncoding srgb;
        JxlColorEncodingSetToSRGB(&srgb, m.channels() <= 2);
        JxlEncoderSetColorEncoding(enc, &srgb);
    }
    JxlEncoderFrameSettings *frame = JxlEncoderFrameSettingsCreate(enc, nullptr);
    JxlEncoderFrameSettingsSetOption(frame, JXL_ENC_FRAME_SETTING_EFFORT, 3);
    if (o.lossless)
        JxlEncoderSetFrameLossless(frame, JXL_TRUE);
    else
        JxlEncoderSetFrameDistance(frame, 2.0f);
    if (o.boxes) {
        const std::string xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";
        const uint8_t exif[] = {0, 0, 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12,
                                1, 3, 0, 1, 0,   0,   0,  6, 0, 0, 0, 0, 0, 0, 0};
        JxlEncoderAddBox(enc, "Exif", exif, sizeof exif, JXL_FALSE);
        JxlEncoderAddBox(enc, "xml ", reinterpret_cast<const uint8_t *>(xmp.data()), xmp.size(), JXL_TRUE);
        JxlEncoderCloseBoxes(enc);
    }
    const JxlPixelFormat format{uint32_t(m.channels()), o.bits == 16 ? JXL_TYPE_UINT16 : JXL_TYPE_UINT8,
                                JXL_NATIVE_ENDIAN, 0};
    for (int i = 0; i < o.frames; ++i) {
        if (o.frames > 1) {
            JxlFrameHeader header;
            JxlEncoderInitFrameHeader(&header);
            header.duration = 1;
            JxlEncoderSetFrameHeader(frame, &header);
        }
        const cv::Mat pixels = i % 2 ? cv::Scalar::all(o.bits == 16 ? 65535 : 255) - m : m;
        JxlEncoderAddImageFrame(frame, &format, pixels.data, pixels.total() * pixels.elemSize());
    }
    JxlEncoderCloseInput(enc);
    QByteArray out(1 << 16, 0);
    auto *next = reinterpret_cast<uint8_t *>(out.data());
    size_t room = size_t(out.size());
    if (JxlEncoderProcessOutput(enc, &next, &room) != JXL_ENC_SUCCESS)
        std::fprintf(stderr, "JPEG XL seed not written\n");
    out.resize(qsizetype(next - reinterpret_cast<uint8_t *>(out.data())));
    JxlEncoderDestroy(enc);
    return out;
}

// A wide-gamut profile libjxl cannot name (ROMM primaries, a curve with a linear toe): a lossy
// JPEG XL with it is decoded through linear sRGB and lcms2.
// A copy with `count` bytes from `offset` on set to `value`: damage inside the image data.
QByteArray damaged(QByteArray b, qsizetype offset, qsizetype count, char value = '\xff')
{
    for (qsizetype i = offset; i < offset + count && i < b.size(); ++i)
        b[i] = value;
    return b;
}

// A 16-bit BMP of `pattern`'s colours: 5-5-5 uncompressed behind a 40-byte header, or 5-6-5 bit
// fields inside a version 5 header, rows top-down.
QByteArray sixteenBitBmp(bool sixBitGreen)
{
    const cv::Mat rgb = pattern(3);
    const auto bytes =
        pp::testphotos::sixteenBitBmp(rgb.cols, rgb.rows,
                                      [&](int x, int y) {
                                          const cv::Vec3b p = rgb.at<cv::Vec3b>(y, x);
                                          return uint16_t(sixBitGreen ? p[0] >> 3 << 11 | p[1] >> 2 << 5 | p[2] >> 3
                                                                      : p[0] >> 3 << 10 | p[1] >> 3 << 5 | p[2] >> 3);
                                      },
                                      {sixBitGreen, sixBitGreen ? 124 : 40, sixBitGreen});
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

// An OS/2 1.x BMP of `pattern`'s colours: a 12-byte core header, rows bottom-up, 24 bits a pixel
// or 8 through a palette of 3-byte entries (the pattern's colours reduced to 3-3-2 bits, only those
// it uses, as ImageMagick writes a palette).
QByteArray os2Bmp(int bits)
{
    const cv::Mat bgr = pattern(3);
    const int w = bgr.cols, h = bgr.rows;
    QByteArray palette;
    std::vector<int> indexOf(256, -1);
    QByteArray pixels;
    const int stride = (w * bits / 8 + 3) / 4 * 4;
    for (int y = h - 1; y >= 0; --y) {
        QByteArray row;
        for (int x = 0; x < w; ++x) {
            const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
            if (bits == 24) {
                row.append(reinterpret_cast<const char *>(&p[0]), 3);
                continue;
            }
            const int key = (p[2] >> 5) << 5 | (p[1] >> 5) << 2 | p[0] >> 6;
            if (indexOf[size_t(key)] < 0) {
                indexOf[size_t(key)] = int(palette.size() / 3);
                palette.append(char((p[0] >> 6) * 85)).append(char((p[1] >> 5) * 36)).append(char((p[2] >> 5) * 36));
            }
            row.append(char(indexOf[size_t(key)]));
        }
        pixels.append(row.leftJustified(stride, '\0'));
    }
    const auto le = [](uint32_t v, int n) {
        QByteArray b;
        for (int i = 0; i < n; ++i)
            b.append(char(v >> (8 * i)));
        return b;
    };
    const int offset = 14 + 12 + int(palette.size());
    return "BM" + le(uint32_t(offset + pixels.size()), 4) + le(0, 4) + le(uint32_t(offset), 4) + le(12, 4) +
           le(uint32_t(w), 2) + le(uint32_t(h), 2) + le(1, 2) + le(uint32_t(bits), 2) + palette + pixels;
}

// A Windows BMP: a 40-byte info header or a longer one (`masks` inside it, red, green, blue, alpha;
// after a 40-byte one, three), then `palette` (4-byte entries) and `pixels` as stored.
QByteArray windowsBmp(int w, int h, int bits, int compression, const QByteArray &pixels, int header = 40,
                      const std::vector<uint32_t> &masks = {}, const QByteArray &palette = {})
{
    const auto le = [](uint32_t v, int n) {
        QByteArray b;
        for (int i = 0; i < n; ++i)
            b.append(char(v >> (8 * i)));
        return b;
    };
    QByteArray info = le(uint32_t(header), 4) + le(uint32_t(w), 4) + le(uint32_t(h), 4) + le(1, 2) +
                      le(uint32_t(bits), 2) + le(uint32_t(compression), 4) + le(uint32_t(pixels.size()), 4) +
                      le(2835, 4) + le(2835, 4) + le(uint32_t(palette.size() / 4), 4) + le(0, 4);
    for (const uint32_t m : masks)
        info += le(m, 4);
    if (header > 40)
        info = info.leftJustified(header, '\0', true);
    const int offset = 14 + int(info.size() + palette.size());
    return "BM" + le(uint32_t(offset + pixels.size()), 4) + le(0, 4) + le(uint32_t(offset), 4) + info + palette +
           pixels;
}

// A 32-bit BMP with bit fields of `pattern`'s colours: Windows' own layout (a 40-byte header, masks
// 0xFF0000, 0xFF00, 0xFF, the fourth byte padding), or alpha in the top byte of a version 5 header.
QByteArray bitFieldBmp(bool alpha)
{
    const cv::Mat bgra = pattern(4);
    QByteArray pixels;
    for (int y = bgra.rows - 1; y >= 0; --y)
        for (int x = 0; x < bgra.cols; ++x) {
            const cv::Vec4b p = bgra.at<cv::Vec4b>(y, x);
            pixels.append(char(p[0])).append(char(p[1])).append(char(p[2])).append(alpha ? char(p[3]) : '\0');
        }
    return alpha ? windowsBmp(bgra.cols, bgra.rows, 32, 3, pixels, 124, {0xFF0000, 0xFF00, 0xFF, 0xFF000000})
                 : windowsBmp(bgra.cols, bgra.rows, 32, 3, pixels, 40, {0xFF0000, 0xFF00, 0xFF});
}

// An RLE8 or RLE4 BMP of `pattern`'s grey levels in 16 (of a palette of 16 colours), each row
// filled past the width up to its stride as ImageMagick writes them, in runs, absolute runs and a
// jump (delta), closed by an end-of-line, the last by the end of the bitmap.
QByteArray rleBmp(bool four)
{
    const cv::Mat grey = pattern(1);
    const int w = grey.cols, h = grey.rows, rowPixels = four ? (w + 7) / 8 * 8 : (w + 3) / 4 * 4;
    QByteArray palette, data;
    for (int i = 0; i < 16; ++i)
        palette.append(char(i * 16)).append(char(255 - i * 9)).append(char(i * 5)).append('\0');
    for (int y = h - 1; y >= 0; --y) {
        QByteArray row;
        for (int x = 0; x < rowPixels; ++x)
            row.append(char(x < w ? grey.at<uint8_t>(y, x) >> 4 : x % 16));
        int x = 0;
        if (y == h / 2) { // a jump over the first 9 pixels
            data.append('\0').append('\2').append('\11').append('\0');
            x = 9;
        }
        for (bool absolute = y % 2 == 1; x < rowPixels; absolute = !absolute) {
            const int n = std::min(rowPixels - x, absolute ? 5 + y % 4 : 2 + x % 3);
            if (absolute && n >= 3) {
                QByteArray stored;
                for (int i = 0; i < n; ++i)
                    if (!four)
                        stored.append(row[x + i]);
                    else if (i % 2 == 0)
                        stored.append(char(row[x + i] << 4));
                    else
                        stored[stored.size() - 1] = char(stored[stored.size() - 1] | row[x + i]);
                data.append('\0').append(char(n)).append(stored.leftJustified((stored.size() + 1) / 2 * 2, '\0'));
            } else {
                data.append(char(n)).append(four ? char(row[x] << 4 | row[std::min(x + 1, rowPixels - 1)]) : row[x]);
            }
            x += n;
        }
        data.append('\0').append(y == 0 ? '\1' : '\0');
    }
    return windowsBmp(w, h, four ? 4 : 8, four ? 2 : 1, data, 40, {}, palette);
}

// An 8-bit palette BMP of `pattern`'s grey levels through a palette of 200 colours, its pixel data
// offset 14 + the header's size, which leaves the palette out (read from after the palette).
QByteArray paletteBmpOffsetBeforePalette()
{
    const cv::Mat grey = pattern(1);
    const int w = grey.cols, h = grey.rows, stride = (w + 3) / 4 * 4;
    QByteArray palette, pixels;
    for (int i = 0; i < 200; ++i)
        palette.append(char(i)).append(char(255 - i)).append(char(i * 7)).append('\0');
    for (int y = h - 1; y >= 0; --y) {
        QByteArray row;
        for (int x = 0; x < w; ++x)
            row.append(char(grey.at<uint8_t>(y, x) * 199 / 255));
        pixels.append(row.leftJustified(stride, '\0'));
    }
    QByteArray bmp = windowsBmp(w, h, 8, 0, pixels, 40, {}, palette);
    bmp[10] = char(54), bmp[11] = bmp[12] = bmp[13] = '\0';
    return bmp;
}

} // namespace

void writeDecodeSeeds(const Put &put)
{
    // BMP: the 16- and 32-bit bit fields PixelPool reads itself (the rest go through the OpenCV
    // plug-in), and OS/2 1.x and RLE ones, which PixelPool rewrites as uncompressed ones behind a
    // 40-byte header for that plug-in.
    put("bmp_16_555.bmp", sixteenBitBmp(false));
    put("bmp_16_565_v5_top_down.bmp", sixteenBitBmp(true));
    put("bmp_32_bitfields_40_byte_header.bmp", bitFieldBmp(false));
    put("bmp_32_bitfields_v5_alpha.bmp", bitFieldBmp(true));
    put("bmp_rle8_rows_past_width.bmp", rleBmp(false));
    put("bmp_rle4_rows_past_width.bmp", rleBmp(true));
    put("bmp_os2_24.bmp", os2Bmp(24));
    put("bmp_os2_palette8.bmp", os2Bmp(8));
    put("bmp_palette8_offset_before_palette.bmp", paletteBmpOffsetBeforePalette());
    put("dib_32_bitfields_headerless.dib", bitFieldBmp(false).mid(14)); // Windows' clipboard's, no file header

    // JPEG: colour in RGB order (libjpeg's default), grey, CMYK and YCCK.
    const cv::Mat rgb = pattern(3), grey = pattern(1), cmyk = pattern(4);
    const QByteArray j420 = jpegFile(rgb, {});
    put("jpeg_420.jpg", j420);
    put("jpeg_444.jpg", jpegFile(rgb, {.fullChroma = true}));
    put("jpeg_grey.jpg", jpegFile(grey, {.in = JCS_GRAYSCALE}));
    const QByteArray jprog = jpegFile(rgb, {.progressive = true});
    put("jpeg_progressive.jpg", jprog);
    put("jpeg_cmyk_adobe.jpg", jpegFile(cmyk, {.in = JCS_CMYK}));
    put("jpeg_ycck_adobe.jpg", jpegFile(cmyk, {.in = JCS_CMYK, .stored = JCS_YCCK}));
    put("jpeg_arithmetic.jpg", jpegFile(rgb, {.arithmetic = true}));
    put("jpeg_restart_every_row.jpg", jpegFile(rgb, {.restartRows = 1}));
    // Cut, or a stray marker, half-way through the entropy-coded data.
    const qsizetype scan = j420.indexOf("\xff\xda");
    const qsizetype middle = scan + (j420.size() - scan) / 2;
    put("jpeg_420_truncated.jpg", j420.left(middle));
    put("jpeg_progressive_truncated.jpg", jprog.left(jprog.size() / 2));
    // Progressive files for the DC-only read at 1/8 (codecs/JpegDcOnly.h): every colour space and
    // sampling it handles, restart markers, and progressions it must leave to libjpeg (libjpeg's
    // standard script: 0 DC, 1-5 AC, 6 DC refined, 7-9 AC refined).
    put("jpeg_progressive_444.jpg", jpegFile(rgb, {.progressive = true, .fullChroma = true}));
    put("jpeg_progressive_grey.jpg", jpegFile(grey, {.in = JCS_GRAYSCALE, .progressive = true}));
    put("jpeg_progressive_ycck.jpg", jpegFile(cmyk, {.in = JCS_CMYK, .stored = JCS_YCCK, .progressive = true}));
    put("jpeg_progressive_restart.jpg", jpegFile(rgb, {.progressive = true, .restartRows = 1}));
    put("jpeg_progressive_ac_before_dc.jpg", withScans(jprog, {1, 0, 2, 3, 4, 5, 6, 7, 8, 9}));
    put("jpeg_progressive_no_dc.jpg", withScans(jprog, {1, 2, 3, 4, 5, 7, 8, 9}));
    put("jpeg_progressive_dc_unrefined.jpg", withScans(jprog, {0, 1, 2, 3, 4, 5, 7, 8, 9}));
    put("jpeg_progressive_cut_in_dc.jpg", withScans(jprog, {0}).chopped(4)); // EOI and the DC scan's end
    QByteArray strayMarker = j420;
    strayMarker.replace(middle, 2, "\xff\xd5");
    put("jpeg_420_stray_marker.jpg", strayMarker);
    // Stray bytes between header segments, which libjpeg, the probe and the scan count skip to the
    // next marker: a few, a stuffed zero, and a comment whose length is 0.
    const auto beforeQuantTables = [](QByteArray jpeg, const QByteArray &bytes) {
        return jpeg.insert(jpeg.indexOf(QByteArray("\xff\xdb", 2)), bytes);
    };
    put("jpeg_420_stray_header_bytes.jpg", beforeQuantTables(j420, "hello"));
    put("jpeg_progressive_stuffed_zero_in_header.jpg", beforeQuantTables(jprog, QByteArray("\xff\x00\x00\x02", 4)));
    put("jpeg_420_comment_length_0.jpg", beforeQuantTables(j420, QByteArray("\xff\xfe\x00\x00", 4)));
    // More than one picture: an MPO (MPF index), and two JPEGs joined end to end (the first read,
    // the others counted).
    put("jpeg_mpo_2_pictures.jpg", mpo(j420, jpegFile(grey, {.in = JCS_GRAYSCALE})));
    put("jpeg_joined_progressive_and_baseline.jpg", jprog + j420);

    // PNG: every colour type, bit depths 1..16, palette with tRNS, Adam7.
    const cv::Mat rgba = pattern(4), greyAlpha = pattern(2);
    const QByteArray pRgb = pngFile(rgb, PNG_COLOR_TYPE_RGB, 8, false);
    put("png_rgb8.png", pRgb);
    put("png_rgba8_interlaced.png", pngFile(rgba, PNG_COLOR_TYPE_RGB_ALPHA, 8, true));
    put("png_rgba16.png", pngFile(pattern(4, CV_16U), PNG_COLOR_TYPE_RGB_ALPHA, 16, false));
    put("png_rgb16_interlaced.png", pngFile(pattern(3, CV_16U), PNG_COLOR_TYPE_RGB, 16, true));
    put("png_grey8.png", pngFile(grey, PNG_COLOR_TYPE_GRAY, 8, false));
    put("png_grey16.png", pngFile(pattern(1, CV_16U), PNG_COLOR_TYPE_GRAY, 16, false));
    put("png_grey_alpha8.png", pngFile(greyAlpha, PNG_COLOR_TYPE_GRAY_ALPHA, 8, false));
    put("png_grey1_interlaced.png", pngFile(packed(1, 37, 23), PNG_COLOR_TYPE_GRAY, 1, true, 37));
    const png_color_16 greyKey{0, 0, 0, 0, 2};
    put("png_grey2_trns.png", pngFile(packed(2, 37, 23), PNG_COLOR_TYPE_GRAY, 2, false, 37, {}, {}, &greyKey));
    std::vector<png_color> palette;
    for (int i = 0; i < 16; ++i)
        palette.push_back({png_byte(i * 16), png_byte(255 - i * 16), png_byte(i * 7)});
    put("png_palette4_trns.png",
        pngFile(packed(4, 37, 23), PNG_COLOR_TYPE_PALETTE, 4, false, 37, palette, {0, 64, 128, 200}));
    put("png_palette4_interlaced.png", pngFile(packed(4, 37, 23), PNG_COLOR_TYPE_PALETTE, 4, true, 37, palette));
    put("png_rgb8_truncated.png", pRgb.left(pRgb.size() * 2 / 3));
    put("png_rgb8_no_iend.png", pRgb.left(pRgb.size() - 12));    // every row there, the end missing
    put("png_rgb8_bad_idat.png", damaged(pRgb, 33 + 8 + 20, 4)); // inside IDAT: CRC no longer matches
    // Two bytes after the zlib stream, in the IDAT chunk (its CRC right): every row is there.
    QByteArray padded = pRgb;
    const qsizetype idat = padded.indexOf("IDAT") - 4;
    const quint32 idatLength = qFromBigEndian<quint32>(padded.constData() + idat);
    padded.insert(idat + 8 + qsizetype(idatLength), "m\xee", 2);
    qToBigEndian(idatLength + 2, padded.data() + idat);
    qToBigEndian(quint32(::crc32(0, reinterpret_cast<const Bytef *>(padded.constData() + idat + 4), idatLength + 6)),
                 padded.data() + idat + 8 + idatLength + 2);
    put("png_rgb8_padded_idat.png", padded);

    // WebP: lossy (VP8; with alpha VP8X + ALPH) and lossless (VP8L), colour in BGR order.
    const cv::Mat bgr = pattern(3), bgra = pattern(4);
    const QByteArray wLossy = webpFile(bgr, false);
    put("webp_lossy.webp", wLossy);
    put("webp_lossy_alpha.webp", webpFile(bgra, false));
    put("webp_lossless.webp", webpFile(bgr, true));
    put("webp_lossless_alpha.webp", webpFile(bgra, true));
    put("webp_lossy_truncated.webp", wLossy.left(wLossy.size() * 2 / 3));
    put("webp_animation_3_frames.webp", webpAnimation(bgra));

    // TIFF: strips and tiles, each compression, grey/RGB/RGBA/palette/bilevel/L*a*b*, 16-bit, planar.
    put("tiff_rgb_strips.tif", tiffFile(rgb, {}));
    const QByteArray tLzw = tiffFile(rgb, {.compression = COMPRESSION_LZW, .predictor = PREDICTOR_HORIZONTAL});
    put("tiff_rgb_lzw_predictor.tif", tLzw);
    put("tiff_rgb_lzw_damaged.tif", damaged(tLzw, 8 + 40, 24));
    put("tiff_grey_deflate_be.tif",
        tiffFile(grey,
                 {.compression = COMPRESSION_ADOBE_DEFLATE, .photometric = PHOTOMETRIC_MINISBLACK, .bigEndian = true}));
    put("tiff_rgba_packbits_unassoc.tif",
        tiffFile(rgba, {.compression = COMPRESSION_PACKBITS, .extra = EXTRASAMPLE_UNASSALPHA}));
    put("tiff_rgba_assoc_tiled.tif", tiffFile(rgba, {.extra = EXTRASAMPLE_ASSOCALPHA, .tile = 16}));
    put("tiff_rgb_tiled_lzw.tif", tiffFile(rgb, {.compression = COMPRESSION_LZW, .tile = 16}));
    put("tiff_rgb16_tiled_deflate.tif",
        tiffFile(pattern(3, CV_16U), {.compression = COMPRESSION_ADOBE_DEFLATE, .bits = 16, .tile = 16}));
    put("tiff_rgb_planar_strips.tif", tiffFile(rgb, {.compression = COMPRESSION_LZW, .planar = true}));
    put("tiff_grey_alpha_strips.tif",
        tiffFile(greyAlpha, {.photometric = PHOTOMETRIC_MINISBLACK, .extra = EXTRASAMPLE_UNASSALPHA}));
    put("tiff_bilevel_packbits.tif",
        tiffFile(packed(1, 37, 23),
                 {.compression = COMPRESSION_PACKBITS, .photometric = PHOTOMETRIC_MINISWHITE, .bits = 1}, 37));
    std::vector<uint16_t> colormap(3 * 16);
    for (int i = 0; i < 16; ++i) {
        colormap[size_t(i)] = uint16_t(i * 4369);
        colormap[size_t(16 + i)] = uint16_t(65535 - i * 4369);
        colormap[size_t(32 + i)] = uint16_t(i * 2000);
    }
    put("tiff_palette4.tif",
        tiffFile(packed(4, 37, 23), {.photometric = PHOTOMETRIC_PALETTE, .bits = 4, .colormap = colormap.data()}, 37));
    put("tiff_ycbcr_jpeg_tiled.tif",
        tiffFile(rgb, {.compression = COMPRESSION_JPEG, .photometric = PHOTOMETRIC_YCBCR, .tile = 16}));
    const float d65[2] = {0.3127f, 0.3290f};
    put("tiff_cielab8_lzw_d65.tif",
        tiffFile(rgb, {.compression = COMPRESSION_LZW, .photometric = PHOTOMETRIC_CIELAB, .whitePoint = d65}));
    put("tiff_icclab16_alpha_tiled.tif",
        tiffFile(pattern(4, CV_16U),
                 {.photometric = PHOTOMETRIC_ICCLAB, .bits = 16, .extra = EXTRASAMPLE_ASSOCALPHA, .tile = 16}));
    // Read by PixelPool's own reader (codecs/TiffSamples.h): planar 16-bit tiles of 512 bytes
    // (uncompressed, no multiple of 1024), CMYK with alpha, MinIsWhite, signed samples; and JPEG
    // data that libjpeg decodes only by guessing.
    put("tiff_rgb16_planar_tiled.tif", tiffFile(pattern(3, CV_16U), {.bits = 16, .planar = true, .tile = 16}));
    put("tiff_cmyk16_alpha_planar.tif", tiffFile(pattern(5, CV_16U), {.compression = COMPRESSION_ADOBE_DEFLATE,
                                                                      .photometric = PHOTOMETRIC_SEPARATED,
                                                                      .bits = 16,
                                                                      .extra = EXTRASAMPLE_UNASSALPHA,
                                                                      .planar = true}));
    put("tiff_grey16_miniswhite.tif",
        tiffFile(pattern(1, CV_16U),
                 {.compression = COMPRESSION_LZW, .photometric = PHOTOMETRIC_MINISWHITE, .bits = 16}));
    put("tiff_grey8_signed.tif",
        tiffFile(grey, {.photometric = PHOTOMETRIC_MINISBLACK, .sampleFormat = SAMPLEFORMAT_INT}));
    cv::Mat grey32; // 16-bit values in signed 32-bit samples, as Pillow saves its mode "I"
    pattern(1, CV_16U).convertTo(grey32, CV_32S);
    put("tiff_grey32_signed_within_16_bits.tif",
        tiffFile(grey32, {.photometric = PHOTOMETRIC_MINISBLACK, .bits = 32, .sampleFormat = SAMPLEFORMAT_INT}));
    const QByteArray tJpeg = tiffFile(rgb, {.compression = COMPRESSION_JPEG, .rowsPerStrip = 16});
    put("tiff_rgb_jpeg_damaged.tif", damaged(tJpeg, tJpeg.size() / 4, 16, '\x5a'));
    put("tiff_rgb_behind_a_thumbnail.tif", tiffBehindThumbnail(rgb, false));
    put("tiff_ep_rgb_in_a_subifd_of_a_thumbnail.tif", tiffBehindThumbnail(rgb, true));

    // JPEG XL: lossy (VarDCT, XYB) and lossless (modular), grey to RGBA, 16-bit, a codestream
    // orientation, the container with EXIF and compressed XMP boxes, an animation, a profile
    // libjxl cannot name, and a cut one. Channels in RGB order, as libjxl wants them.
    const QByteArray jLossy = jxlFile(rgb, {});
    put("jxl_lossy.jxl", jLossy);
    put("jxl_lossless_alpha.jxl", jxlFile(rgba, {.lossless = true}));
    put("jxl_grey_lossless.jxl", jxlFile(grey, {.lossless = true}));
    put("jxl_grey_alpha_lossy.jxl", jxlFile(greyAlpha, {}));
    put("jxl_rgb16_lossless.jxl", jxlFile(pattern(3, CV_16U), {.lossless = true, .bits = 16}));
    put("jxl_oriented6_boxes.jxl", jxlFile(rgb, {.orientation = 6, .boxes = true}));
    put("jxl_animation.jxl", jxlFile(rgb, {.lossless = true, .frames = 2}));
    put("jxl_romm_profile_lossy.jxl", jxlFile(rgb, {}, rommProfile()));
    put("jxl_lossy_truncated.jxl", jLossy.left(jLossy.size() * 2 / 3));

    // Camera RAW (DNG, Bayer RGGB; LibRaw wants 22 pixels a side): the raw in IFD0; a JPEG preview
    // in IFD0 and the raw in a SubIFD, stored sideways; the directory first and the data cut short.
    const auto dng = [](const pp::test::DngSpec &spec) {
        const std::vector<uint8_t> b = pp::test::makeDng(spec);
        return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
    };
    pp::test::DngSpec spec;
    spec.bgr = bgr;
    put("dng_37x23.dng", dng(spec));
    spec.orientation = 6;
    spec.previewSize = {18, 12};
    put("dng_37x23_preview_turned.dng", dng(spec));
    spec = {};
    spec.bgr = bgr;
    spec.directoryFirst = true;
    const QByteArray first = dng(spec);
    put("dng_37x23_cut.dng", first.left(first.size() * 2 / 3));
}
