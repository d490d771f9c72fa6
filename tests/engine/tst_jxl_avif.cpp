// JPEG XL in and out, AVIF out: round trips through PixelPool's own encoders and decoders, with
// the outputs read back independently where it matters (exiv2 for EXIF and XMP, lcms2 for the
// profiles the test makes), orientation applied once, damaged and bombed files refused with a
// reason, and `format: keep` through JobExecutor. The PSNR bounds are about 3 dB under what the
// encoders give today (printed), so they catch a broken mapping, not an encoder's new version.
#include "HeifTestOutput.h"
#include "ImageCodec.h"
#include "JobExecutor.h"
#include "JobRunner.h"
#include "Operations.h"
#include "JxlTestOutput.h"
#include "PhotoFixtures.h"

#include <QLibrary>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <exiv2/exiv2.hpp>
#include <jxl/encode.h>
#include <lcms2.h>
#include <libheif/heif.h>
#include <map>
#include <optional>
#include <opencv2/imgproc.hpp>

using namespace pp;
using Bytes = std::vector<uint8_t>;
using testphotos::betweenEightBitLevels;
using testphotos::rommProfile;

namespace {

// A smooth photo-like picture with edges: what lossy codecs are made for.
cv::Mat photo(int w = 320, int h = 200, int channels = 3)
{
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) = {uchar(40 + 150 * x / w), uchar(60 + 120 * y / h), uchar(200 - 100 * x / w)};
    cv::circle(m, {w / 3, h / 2}, h / 4, cv::Scalar(30, 160, 220), -1);
    cv::rectangle(m, {w / 2, h / 5, w / 4, h / 3}, cv::Scalar(200, 60, 40), -1);
    if (channels == 1)
        cv::cvtColor(m, m, cv::COLOR_BGR2GRAY);
    if (channels == 4) {
        cv::cvtColor(m, m, cv::COLOR_BGR2BGRA);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                m.at<cv::Vec4b>(y, x)[3] = uchar(x < w / 4 ? 0 : x < w / 2 ? 128 : 255);
    }
    return m;
}

Bytes encode(const cv::Mat &m, OutputFormat f, int quality = 90, bool lossless = false,
             const OutputMetadata *meta = nullptr, int orientation = 1)
{
    EncodeSettings s{f, quality, 6, false};
    s.lossless = lossless;
    s.metadata = meta;
    s.orientation = orientation;
    Bytes out;
    QString error;
    QStringList warnings;
    if (!encodeImage(m, s, &out, &error, &warnings))
        qFatal("%s", qPrintable(error));
    if (!warnings.isEmpty())
        qFatal("unexpected warnings: %s", qPrintable(warnings.join("; ")));
    return out;
}

DecodeResult decode(const Bytes &b, bool withMetadata = false)
{
    const ImageInfo info = probeImage(b.data(), b.size());
    if (!info.error.isEmpty()) {
        DecodeResult r;
        r.error = info.error;
        return r;
    }
    return decodeImage(b.data(), b.size(), info, 8, false, withMetadata);
}

Bytes exifBlock(int orientation)
{
    Exiv2::ExifData exif;
    exif["Exif.Image.Make"] = "PixelCam";
    exif["Exif.Image.Orientation"] = uint16_t(orientation);
    exif["Exif.Photo.DateTimeOriginal"] = "2024:05:06 07:08:09";
    Exiv2::Blob blob;
    Exiv2::ExifParser::encode(blob, Exiv2::littleEndian, exif);
    return Bytes(blob.begin(), blob.end());
}

// Reads EXIF and XMP of an encoded file with exiv2 (its BMFF reader: JPEG XL container, AVIF).
std::pair<Exiv2::ExifData, Exiv2::XmpData> readWithExiv2(const Bytes &b)
{
    Exiv2::enableBMFF(true);
    auto image = Exiv2::ImageFactory::open(b.data(), long(b.size()));
    image->readMetadata();
    return {image->exifData(), image->xmpData()};
}

// A bare JPEG XL codestream with its size header replaced: width and height `claimed`, the rest of
// the codestream (shifted to follow the new header bit for bit) left as it was.
Bytes withClaimedSize(const Bytes &codestream, uint32_t claimed)
{
    size_t pos = 16; // bits, after the FF 0A signature; JPEG XL packs fields from the low bit up
    const auto bits = [&](int n) {
        uint32_t v = 0;
        for (int i = 0; i < n; ++i, ++pos)
            v |= uint32_t((codestream[pos / 8] >> (pos % 8)) & 1) << i;
        return v;
    };
    const auto u32 = [&] { // U32(Bits(9), Bits(13), Bits(18), Bits(30))
        static const int widths[4] = {9, 13, 18, 30};
        bits(widths[bits(2)]);
    };
    const auto side = [&](bool small) {
        if (small)
            bits(5);
        else
            u32();
    };
    const bool small = bits(1);
    side(small);      // height
    if (bits(3) == 0) // no ratio: the width follows
        side(small);
    std::vector<bool> out;
    const auto put = [&](uint32_t v, int n) {
        for (int i = 0; i < n; ++i)
            out.push_back((v >> i) & 1);
    };
    put(0, 1);            // not small
    put(2, 2);            // the 18-bit form
    put(claimed - 1, 18); // height − 1
    put(1, 3);            // ratio 1:1: width = height
    for (size_t i = pos; i < codestream.size() * 8; ++i)
        out.push_back((codestream[i / 8] >> (i % 8)) & 1);
    Bytes b{0xFF, 0x0A};
    b.resize(2 + (out.size() + 7) / 8, 0);
    for (size_t i = 0; i < out.size(); ++i)
        b[2 + i / 8] |= uint8_t(out[i] << (i % 8));
    return b;
}

// An animation of two 16×16 frames: red, then blue.
// The container's boxes, as (offset, size) by type; a size of 0 runs to the end of the file.
std::map<std::string, std::pair<size_t, size_t>> containerBoxes(const Bytes &b)
{
    std::map<std::string, std::pair<size_t, size_t>> boxes;
    for (size_t at = 0; at + 8 <= b.size();) {
        const size_t size = size_t(b[at]) << 24 | size_t(b[at + 1]) << 16 | size_t(b[at + 2]) << 8 | b[at + 3];
        boxes.emplace(std::string(reinterpret_cast<const char *>(&b[at + 4]), 4), std::pair{at, size});
        if (size < 8)
            break;
        at += size;
    }
    return boxes;
}

uint32_t bigEndian(const Bytes &b, size_t at)
{
    return uint32_t(b[at]) << 24 | uint32_t(b[at + 1]) << 16 | uint32_t(b[at + 2]) << 8 | b[at + 3];
}

// The boxes in b[from, to) as (type, body), the body after the box header.
std::vector<std::pair<std::string, Bytes>> boxesIn(const Bytes &b, size_t from, size_t to)
{
    std::vector<std::pair<std::string, Bytes>> boxes;
    while (from + 8 <= to) {
        const size_t size = bigEndian(b, from);
        if (size < 8 || from + size > to)
            qFatal("a box runs past its container");
        boxes.emplace_back(std::string(reinterpret_cast<const char *>(&b[from + 4]), 4),
                           Bytes(b.begin() + long(from + 8), b.begin() + long(from + size)));
        from += size;
    }
    return boxes;
}

const Bytes &boxBody(const std::vector<std::pair<std::string, Bytes>> &boxes, const char *type)
{
    for (const auto &[t, body] : boxes)
        if (t == type)
            return body;
    qFatal("no %s box", type);
}

// A HEIF's item properties: for each item, the types and bodies (a full box's version and flags
// included) of its properties in the order they are associated (ipma), which is the order readers
// apply them in.
std::map<uint32_t, std::vector<std::pair<std::string, Bytes>>> itemProperties(const Bytes &file)
{
    const Bytes meta = boxBody(boxesIn(file, 0, file.size()), "meta");
    const auto inMeta = boxesIn(meta, 4, meta.size());
    const Bytes iprp = boxBody(inMeta, "iprp");
    const auto inIprp = boxesIn(iprp, 0, iprp.size());
    const auto properties = boxesIn(boxBody(inIprp, "ipco"), 0, boxBody(inIprp, "ipco").size());
    const Bytes &ipma = boxBody(inIprp, "ipma");
    const bool wide = ipma[3] & 1, longIds = ipma[0] >= 1;
    std::map<uint32_t, std::vector<std::pair<std::string, Bytes>>> items;
    size_t at = 8;
    for (uint32_t n = bigEndian(ipma, 4); n > 0; --n) {
        const uint32_t id = longIds ? bigEndian(ipma, at) : uint32_t(ipma[at]) << 8 | ipma[at + 1];
        at += longIds ? 4 : 2;
        for (int count = ipma[at++]; count > 0; --count) {
            const uint32_t index = wide ? (uint32_t(ipma[at]) << 8 | ipma[at + 1]) & 0x7fff : ipma[at] & 0x7fu;
            at += wide ? 2 : 1;
            items[id].push_back(properties.at(index - 1));
        }
    }
    return items;
}

// What libavif (the AVIF decoder of Chrome and Firefox, independent of libheif) decodes an AVIF
// to: its size and its coded picture as avifdec writes it (BGRA, 8 bits, or 16 for more; colour
// made straight where it is stored premultiplied; irot, imir and clap not applied), or an error.
// Loaded at run time; empty when the machine has no libavif.so.15.
struct AvifDecoded {
    cv::Size size;
    cv::Mat pixels;
    QString error;
};
// libavif.so.15's (0.11) avifRGBImage; its avifImage starts with width, height and depth.
struct AvifRgbImage {
    uint32_t width, height, depth;
    int format, chromaUpsampling, chromaDownsampling, avoidLibYuv, ignoreAlpha, alphaPremultiplied, isFloat;
    uint8_t *pixels;
    uint32_t rowBytes;
};
std::optional<AvifDecoded> decodeWithLibavif(const Bytes &b)
{
    static QLibrary lib(QStringLiteral("avif"), 15);
    using Create = void *(*)();
    using Read = int (*)(void *, void *, const uint8_t *, size_t);
    using Destroy = void (*)(void *);
    using Text = const char *(*)(int);
    using Defaults = void (*)(AvifRgbImage *, const void *);
    using Pixels = void (*)(AvifRgbImage *);
    using ToRgb = int (*)(const void *, AvifRgbImage *);
    const auto createDecoder = reinterpret_cast<Create>(lib.resolve("avifDecoderCreate"));
    const auto createImage = reinterpret_cast<Create>(lib.resolve("avifImageCreateEmpty"));
    const auto read = reinterpret_cast<Read>(lib.resolve("avifDecoderReadMemory"));
    const auto destroyDecoder = reinterpret_cast<Destroy>(lib.resolve("avifDecoderDestroy"));
    const auto destroyImage = reinterpret_cast<Destroy>(lib.resolve("avifImageDestroy"));
    const auto text = reinterpret_cast<Text>(lib.resolve("avifResultToString"));
    const auto rgbDefaults = reinterpret_cast<Defaults>(lib.resolve("avifRGBImageSetDefaults"));
    const auto allocate = reinterpret_cast<Pixels>(lib.resolve("avifRGBImageAllocatePixels"));
    const auto release = reinterpret_cast<Pixels>(lib.resolve("avifRGBImageFreePixels"));
    const auto toRgb = reinterpret_cast<ToRgb>(lib.resolve("avifImageYUVToRGB"));
    if (!createDecoder || !createImage || !read || !destroyDecoder || !destroyImage || !text || !rgbDefaults ||
        !allocate || !release || !toRgb)
        return std::nullopt;
    void *decoder = createDecoder(), *image = createImage();
    AvifDecoded d;
    if (const int rc = read(decoder, image, b.data(), b.size()); rc != 0) {
        d.error = QString::fromUtf8(text(rc));
    } else {
        const auto *size = static_cast<const uint32_t *>(image);
        d.size = cv::Size(int(size[0]), int(size[1]));
        AvifRgbImage rgb{};
        rgbDefaults(&rgb, image);
        rgb.format = 4; // AVIF_RGB_FORMAT_BGRA
        rgb.depth = size[2] > 8 ? 16 : 8;
        allocate(&rgb);
        if (const int rc = toRgb(image, &rgb); rc != 0)
            d.error = QString::fromUtf8(text(rc));
        else
            d.pixels = cv::Mat(d.size, rgb.depth > 8 ? CV_16UC4 : CV_8UC4, rgb.pixels, rgb.rowBytes).clone();
        release(&rgb);
    }
    destroyImage(image);
    destroyDecoder(decoder);
    return d;
}

// The size of the primary image's coded picture, as libheif decodes it without its transformations.
cv::Size codedHeifSize(const Bytes &b)
{
    heif_context *ctx = heif_context_alloc();
    heif_image_handle *handle = nullptr;
    heif_image *image = nullptr;
    heif_decoding_options *options = heif_decoding_options_alloc();
    options->ignore_transformations = 1;
    cv::Size size;
    if (heif_context_read_from_memory_without_copy(ctx, b.data(), b.size(), nullptr).code == heif_error_Ok &&
        heif_context_get_primary_image_handle(ctx, &handle).code == heif_error_Ok &&
        // In the coded colour space: libheif 1.15 converts no picture with alpha to RGB untransformed.
        heif_decode_image(handle, &image, heif_colorspace_undefined, heif_chroma_undefined, options).code ==
            heif_error_Ok)
        size = cv::Size(heif_image_get_primary_width(image), heif_image_get_primary_height(image));
    heif_image_release(image);
    heif_image_handle_release(handle);
    heif_decoding_options_free(options);
    heif_context_free(ctx);
    return size;
}

// A side×side JPEG XL of one frame for each colour (RGB), each frameSide×frameSide (its crop, from
// the image's corner: larger than the image when frameSide > side), at the lowest effort, lossy
// unless `lossless`. An animation's frames last a tick each; a still image's are layers blended
// into one image.
Bytes framedJxl(uint32_t side, uint32_t frameSide, const std::vector<cv::Scalar> &colours, bool animation,
                bool lossless = false)
{
    JxlEncoder *enc = JxlEncoderCreate(nullptr);
    JxlBasicInfo basic;
    JxlEncoderInitBasicInfo(&basic);
    basic.xsize = basic.ysize = side;
    basic.bits_per_sample = 8;
    basic.num_color_channels = 3;
    basic.uses_original_profile = lossless; // lossless needs the original colour space
    basic.have_animation = animation;
    basic.animation.tps_numerator = 10;
    basic.animation.tps_denominator = 1;
    JxlEncoderSetBasicInfo(enc, &basic);
    JxlColorEncoding srgb;
    JxlColorEncodingSetToSRGB(&srgb, JXL_FALSE);
    JxlEncoderSetColorEncoding(enc, &srgb);
    JxlEncoderFrameSettings *settings = JxlEncoderFrameSettingsCreate(enc, nullptr);
    JxlEncoderFrameSettingsSetOption(settings, JXL_ENC_FRAME_SETTING_EFFORT, 1);
    JxlEncoderSetFrameLossless(settings, lossless);
    JxlFrameHeader header;
    JxlEncoderInitFrameHeader(&header);
    header.duration = animation ? 1 : 0;
    header.layer_info.have_crop = frameSide != side;
    header.layer_info.xsize = header.layer_info.ysize = frameSide;
    JxlEncoderSetFrameHeader(settings, &header);
    const JxlPixelFormat format{3, JXL_TYPE_UINT8, JXL_NATIVE_ENDIAN, 0};
    for (const cv::Scalar &rgb : colours) {
        const cv::Mat m(static_cast<int>(frameSide), static_cast<int>(frameSide), CV_8UC3, rgb);
        if (JxlEncoderAddImageFrame(settings, &format, m.data, m.total() * 3) != JXL_ENC_SUCCESS)
            qFatal("libjxl could not take the frame");
    }
    JxlEncoderCloseInput(enc);
    return testjxl::takeOutput(enc);
}

// Two 16×16 lossless frames lasting a tick each: red, then blue.
Bytes animatedJxl() { return framedJxl(16, 16, {cv::Scalar(255, 0, 0), cv::Scalar(0, 0, 255)}, true, true); }

Bytes bmffBox(const char *type, const Bytes &body)
{
    Bytes b{uint8_t((body.size() + 8) >> 24), uint8_t((body.size() + 8) >> 16), uint8_t((body.size() + 8) >> 8),
            uint8_t(body.size() + 8)};
    for (int i = 0; i < 4; ++i)
        b.push_back(uint8_t(type[i]));
    b.insert(b.end(), body.begin(), body.end());
    return b;
}
Bytes be32(uint32_t v) { return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)}; }
Bytes operator+(Bytes a, const Bytes &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// A track of an image sequence (ISO/IEC 23008-12 7) whose sample size box claims `claimed` frames
// and lists `listed` sizes, its first chunk at `firstChunk`; `handler` "pict" (the pictures) or
// "auxv" (their alpha planes).
Bytes sequenceTrack(const char *handler, uint32_t claimed, uint32_t listed, uint32_t firstChunk)
{
    Bytes sizes = be32(0) + be32(0) + be32(claimed); // version and flags; sizes differ; count
    for (uint32_t i = 0; i < listed; ++i)
        sizes = sizes + be32(100);
    const Bytes hdlr = be32(0) + be32(0) + Bytes(handler, handler + 4) + Bytes(12, 0) + Bytes{0};
    const Bytes stbl = bmffBox("stsz", sizes) + bmffBox("stco", be32(0) + be32(1) + be32(firstChunk));
    return bmffBox("trak", bmffBox("tkhd", Bytes(84, 0)) +
                               bmffBox("mdia", bmffBox("hdlr", hdlr) + bmffBox("minf", bmffBox("stbl", stbl))));
}

// An AVIF still made an image sequence: its brand avis, and a movie box after everything with the
// given tracks (libheif 1.15 reads the still, the primary item, and not the movie).
Bytes asSequence(Bytes still, const Bytes &tracks)
{
    const auto ftyp = containerBoxes(still).at("ftyp");
    std::copy_n("avis", 4, still.begin() + long(ftyp.first + 8)); // the major brand
    return still + bmffBox("moov", bmffBox("mvhd", Bytes(100, 0)) + tracks);
}

// Where the primary item's data begins: the still's mdat holds only its picture.
uint32_t stillData(const Bytes &still) { return uint32_t(containerBoxes(still).at("mdat").first + 8); }

// The picture libheif decodes for an AVIF's primary item, interleaved in BGR(A) order as PixelPool's
// decoder hands it over: with libheif's own transformations, or without them (`transformed` false),
// more than 8 bits stretched to 16 (unless not `stretched`: as decoded). Empty when libheif fails.
cv::Mat libheifPicture(const Bytes &b, bool transformed, bool stretched = true)
{
    heif_context *ctx = heif_context_alloc();
    heif_image_handle *handle = nullptr;
    heif_image *image = nullptr;
    heif_decoding_options *options = heif_decoding_options_alloc();
    options->ignore_transformations = !transformed;
    cv::Mat out;
    if (heif_context_read_from_memory_without_copy(ctx, b.data(), b.size(), nullptr).code == heif_error_Ok &&
        heif_context_get_primary_image_handle(ctx, &handle).code == heif_error_Ok) {
        const bool alpha = heif_image_handle_has_alpha_channel(handle);
        const bool deep = heif_image_handle_get_luma_bits_per_pixel(handle) > 8;
        const heif_chroma chroma =
            deep ? (alpha ? heif_chroma_interleaved_RRGGBBAA_LE : heif_chroma_interleaved_RRGGBB_LE)
                 : (alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB);
        if (heif_decode_image(handle, &image, heif_colorspace_RGB, chroma, options).code == heif_error_Ok) {
            int stride = 0;
            const uint8_t *plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride);
            const int channels = alpha ? 4 : 3;
            const cv::Mat m(heif_image_get_height(image, heif_channel_interleaved),
                            heif_image_get_width(image, heif_channel_interleaved),
                            deep ? CV_16UC(channels) : CV_8UC(channels), const_cast<uint8_t *>(plane), size_t(stride));
            cv::Mat wide;
            m.convertTo(wide, m.depth(),
                        deep && stretched
                            ? 65535.0 /
                                  ((1 << heif_image_get_bits_per_pixel_range(image, heif_channel_interleaved)) - 1)
                            : 1.0);
            cv::cvtColor(wide, out, alpha ? cv::COLOR_RGBA2BGRA : cv::COLOR_RGB2BGR);
        }
    }
    heif_image_release(image);
    heif_image_handle_release(handle);
    heif_decoding_options_free(options);
    heif_context_free(ctx);
    return out;
}

// A HEIC of `stored` (BGR; 8 bits, or 16 bits a sample holding 10-bit values) with `orientation` as
// its irot/imir, written by libheif itself at quality 100 (HEVC: libheif 1.15's aom asserts on 10
// bits, taking them for 16; libheif mirrors no 10-bit picture, whatever its codec). A size x265
// does not code (not a multiple of 8) is coded larger and cut: by a grid of one tile, or with
// `clap` by a clean aperture.
Bytes libheifHeic(const cv::Mat &stored, int orientation, bool clap = false)
{
    heif_context *ctx = heif_context_alloc();
    heif_encoder *encoder = nullptr;
    if (heif_context_get_encoder_for_format(ctx, heif_compression_HEVC, &encoder).code != heif_error_Ok)
        qFatal("no HEVC encoder");
    heif_encoder_set_lossy_quality(encoder, 100);
    heif_image *image = nullptr;
    heif_image_create(stored.cols, stored.rows, heif_colorspace_RGB, heif_chroma_444, &image);
    const heif_channel channels[3] = {heif_channel_B, heif_channel_G, heif_channel_R}; // BGR order
    for (int c = 0; c < 3; ++c) {
        const bool deep = stored.depth() == CV_16U;
        heif_image_add_plane(image, channels[c], stored.cols, stored.rows, deep ? 10 : 8);
        int stride = 0;
        uint8_t *plane = heif_image_get_plane(image, channels[c], &stride);
        for (int y = 0; y < stored.rows; ++y)
            for (int x = 0; x < stored.cols; ++x) {
                uint8_t *row = plane + size_t(y) * size_t(stride);
                if (deep)
                    reinterpret_cast<uint16_t *>(row)[x] = stored.at<cv::Vec3w>(y, x)[c];
                else
                    row[x] = stored.at<cv::Vec3b>(y, x)[c];
            }
    }
    heif_encoding_options *options = heif_encoding_options_alloc();
    options->image_orientation = heif_orientation(orientation);
    options->macOS_compatibility_workaround = !clap;
    if (heif_context_encode_image(ctx, image, encoder, options, nullptr).code != heif_error_Ok)
        qFatal("libheif could not encode the picture");
    const Bytes out = testheif::written(ctx);
    heif_encoding_options_free(options);
    heif_image_release(image);
    heif_encoder_release(encoder);
    heif_context_free(ctx);
    return out;
}

// A file of several images written by libheif (HEVC or AV1), image i of sizes[i] in the flat colour
// colours[i] (BGR); each with a thumbnail of at most 32 a side when `thumbnails`. The primary image is
// image `primary`, or its thumbnail when `thumbnailIsPrimary` (as in the conformance file C005).
Bytes libheifImages(heif_compression_format codec, const std::vector<cv::Size> &sizes,
                    const std::vector<cv::Scalar> &colours, int primary, bool thumbnails,
                    bool thumbnailIsPrimary = false)
{
    heif_context *ctx = heif_context_alloc();
    heif_encoder *encoder = nullptr;
    if (heif_context_get_encoder_for_format(ctx, codec, &encoder).code != heif_error_Ok)
        qFatal("no encoder");
    heif_encoder_set_lossy_quality(encoder, 90);
    for (size_t i = 0; i < sizes.size(); ++i) {
        heif_image *image = nullptr;
        heif_image_create(sizes[i].width, sizes[i].height, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &image);
        heif_image_add_plane(image, heif_channel_interleaved, sizes[i].width, sizes[i].height, 8);
        int stride = 0;
        uint8_t *plane = heif_image_get_plane(image, heif_channel_interleaved, &stride);
        for (int y = 0; y < sizes[i].height; ++y)
            for (int x = 0; x < sizes[i].width; ++x)
                for (int c = 0; c < 3; ++c) // RGB from BGR
                    plane[size_t(y) * size_t(stride) + size_t(x) * 3 + size_t(c)] = uint8_t(colours[i][2 - c]);
        heif_image_handle *handle = nullptr, *thumbnail = nullptr;
        if (heif_context_encode_image(ctx, image, encoder, nullptr, &handle).code != heif_error_Ok ||
            (thumbnails &&
             heif_context_encode_thumbnail(ctx, image, handle, encoder, nullptr, 32, &thumbnail).code != heif_error_Ok))
            qFatal("libheif could not encode the picture");
        if (int(i) == primary)
            heif_context_set_primary_image(ctx, thumbnailIsPrimary && thumbnail ? thumbnail : handle);
        heif_image_handle_release(thumbnail);
        heif_image_handle_release(handle);
        heif_image_release(image);
    }
    const Bytes out = testheif::written(ctx);
    heif_encoder_release(encoder);
    heif_context_free(ctx);
    return out;
}

// An AVIF whose alpha plane has none of the transformations of its picture, as libavif (avifenc)
// writes one: each irot and imir association (or those of type `only`) of an item with an auxC
// property (the alpha plane) made one of its size box (ispe), in place.
Bytes alphaWithoutTransformations(Bytes b, const std::string &only = {})
{
    const Bytes meta = boxBody(boxesIn(b, 0, b.size()), "meta");
    const auto inMeta = boxesIn(meta, 4, meta.size());
    const Bytes iprp = boxBody(inMeta, "iprp");
    const auto inIprp = boxesIn(iprp, 0, iprp.size());
    const auto properties = boxesIn(boxBody(inIprp, "ipco"), 0, boxBody(inIprp, "ipco").size());
    const auto ipmaAt = std::search(b.begin(), b.end(), "ipma", "ipma" + 4) - b.begin() + 4; // its body
    if (b[size_t(ipmaAt)] != 0 || (b[size_t(ipmaAt) + 3] & 1))
        qFatal("an ipma of another version than libheif writes");
    size_t at = size_t(ipmaAt) + 8;
    for (uint32_t n = bigEndian(b, size_t(ipmaAt) + 4); n > 0; --n) {
        at += 2; // the item's id
        const int count = b[at++];
        std::vector<size_t> transformations;
        std::optional<uint8_t> ispe;
        bool alpha = false;
        for (int i = 0; i < count; ++i, ++at) {
            const std::string &type = properties.at((b[at] & 0x7fu) - 1).first;
            alpha |= type == "auxC";
            if (type == "ispe")
                ispe = b[at] & 0x7f;
            if ((type == "irot" || type == "imir") && (only.empty() || type == only))
                transformations.push_back(at);
        }
        for (const size_t t : transformations)
            if (alpha && ispe)
                b[t] = *ispe;
    }
    return b;
}

// A decode seed kept as a file (tests/fuzz/corpus/decode; tests/fuzz/README.md says how it was made).
Bytes decodeSeed(const char *name)
{
    QFile f(QStringLiteral(PIXELPOOL_DECODE_SEEDS "/%1").arg(QLatin1String(name)));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read the seed %s", name);
    const QByteArray b = f.readAll();
    return Bytes(b.begin(), b.end());
}

// The 40×24 picture the avifenc seeds avif_*_40x24.avif were made from, BGRA, as stored at `bits`
// (8 or 10), in 16-bit samples: colour ramps, and alpha in four bands of ten columns: transparent,
// a ramp down the rows, half, opaque.
cv::Mat seedPicture(int bits)
{
    const int k = bits > 8 ? 4 : 1;
    const int alphaSteps[4] = {0, 11 * k, bits > 8 ? 512 : 128, (1 << bits) - 1};
    cv::Mat m(24, 40, CV_16UC4);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x) {
            const int band = x / 10;
            m.at<cv::Vec4w>(y, x) = {ushort((200 - 4 * x) * k), ushort(10 * y * k), ushort(6 * x * k),
                                     ushort(band == 1 ? alphaSteps[1] * y : alphaSteps[band])};
        }
    return m;
}

// `samples` of `bits` (in any depth) at the pipeline's scale: 8 bits, or stretched to 16.
cv::Mat atPipelineScale(const cv::Mat &samples, int bits)
{
    cv::Mat out;
    samples.convertTo(out, bits > 8 ? CV_16U : CV_8U, bits > 8 ? 65535.0 / ((1 << bits) - 1) : 1.0);
    return out;
}

} // namespace

class TestJxlAvif : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    // One job through JobExecutor (pixel limit `maxPixels`); the output's bytes, or empty with *why.
    Bytes runJob(const Bytes &input, const QString &steps, const QString &output, QString *why,
                 quint64 maxPixels = 200'000'000, proto::FailureCode *code = nullptr)
    {
        const QString json = QStringLiteral(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":%1,
                                               "output":%2})")
                                 .arg(steps, output);
        JobExecutor e(maxPixels);
        if (!e.definePreset(1, json.toUtf8(), why))
            qFatal("%s", qPrintable(*why));
        QFile in(m_dir.filePath("in"));
        if (!in.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write the input");
        in.write(reinterpret_cast<const char *>(input.data()), qint64(input.size()));
        in.close();
        QFile::remove(m_dir.filePath("out.part"));
        JobSpec s;
        s.id = 1;
        s.presetId = 1;
        s.inputPath = QFile::encodeName(in.fileName());
        s.tempPath = QFile::encodeName(m_dir.filePath("out.part"));
        const JobOutcome o = e.run(s.toJob(0), nullptr, 0, {});
        *why = o.ok ? o.finished.warning : o.failed.message;
        if (code)
            *code = o.failed.code;
        if (!o.ok)
            return {};
        QFile out(m_dir.filePath("out.part"));
        if (!out.open(QIODevice::ReadOnly))
            return {};
        const QByteArray b = out.readAll();
        return Bytes(b.begin(), b.end());
    }

private slots:
    void jxlProbeReadsTheHeaderOnly()
    {
        const Bytes bare = encode(photo(123, 45), OutputFormat::Jxl);
        QCOMPARE(bare[0], uint8_t(0xFF)); // no metadata: a bare codestream
        QCOMPARE(bare[1], uint8_t(0x0A));
        OutputMetadata meta;
        meta.exif = exifBlock(1);
        const Bytes boxed = encode(photo(123, 45), OutputFormat::Jxl, 90, false, &meta);
        QVERIFY(std::memcmp(boxed.data(), "\0\0\0\x0cJXL \r\n\x87\n", 12) == 0); // the container
        for (const Bytes &b : {bare, boxed}) {
            // The header is all the probe needs: a file cut right after it still probes.
            const ImageInfo info = probeImage(b.data(), std::min<size_t>(b.size(), 64));
            QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
            QCOMPARE(info.format, ImageFormat::Jxl);
            QCOMPARE(cv::Size(info.width, info.height), cv::Size(123, 45));
            QCOMPARE(info.exifOrientation, 1);
        }
        const ImageInfo cut = probeImage(bare.data(), 3);
        QVERIFY2(cut.error.contains("JPEG XL"), qPrintable(cut.error));
    }

    void jxlLossyIsCloseAndQualityCounts()
    {
        const cv::Mat src = photo();
        const Bytes q90 = encode(src, OutputFormat::Jxl, 90), q50 = encode(src, OutputFormat::Jxl, 50);
        const DecodeResult d = decode(q90);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.type(), CV_8UC3);
        const double psnr = cv::PSNR(d.image, src);
        qInfo("JPEG XL quality 90: %.2f dB, %zu bytes; quality 50: %zu bytes", psnr, q90.size(), q50.size());
        QVERIFY2(psnr >= 40.0, qPrintable(QString::number(psnr))); // distance 1.0: 43.7 dB today
        QVERIFY(q50.size() < q90.size());
        QVERIFY(!d.lossless); // XYB: `format: keep` may write it lossy again
    }

    void jxlLosslessKeepsEveryPixel_data()
    {
        QTest::addColumn<int>("channels");
        QTest::newRow("grey") << 1;
        QTest::newRow("colour") << 3;
        QTest::newRow("colour+alpha") << 4;
    }
    void jxlLosslessKeepsEveryPixel()
    {
        QFETCH(int, channels);
        cv::Mat noise(37, 53, CV_8UC(channels));
        cv::randu(noise, 0, 256);
        const DecodeResult d = decode(encode(noise, OutputFormat::Jxl, 90, true));
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.channels(), channels == 1 ? 1 : channels);
        QCOMPARE(cv::norm(d.image, noise, cv::NORM_INF), 0.0);
        QVERIFY(d.lossless);
    }

    void jxlKeepsSixteenBits_data() { jxlLosslessKeepsEveryPixel_data(); }
    void jxlKeepsSixteenBits()
    {
        // Lossless at 16 bits: every sample back exactly, so none was squeezed through 8 bits.
        QFETCH(int, channels);
        cv::Mat noise(37, 53, CV_16UC(channels));
        cv::randu(noise, 0, 65536);
        const DecodeResult d = decode(encode(noise, OutputFormat::Jxl, 90, true));
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.type(), noise.type());
        QCOMPARE(cv::norm(d.image, noise, cv::NORM_INF), 0.0);
        // Lossy keeps the depth too, and lands between 8-bit levels.
        cv::Mat ramp(64, 256, CV_16UC3);
        for (int x = 0; x < ramp.cols; ++x)
            ramp.col(x).setTo(cv::Scalar::all(x * 256 + 77));
        const DecodeResult lossy = decode(encode(ramp, OutputFormat::Jxl, 95));
        QCOMPARE(lossy.image.type(), CV_16UC3);
        QVERIFY(betweenEightBitLevels(lossy.image) > lossy.image.total());
        QVERIFY(cv::PSNR(lossy.image / 257, ramp / 257) > 40);
    }

    void alphaIsKept_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("JPEG XL") << int(OutputFormat::Jxl);
        QTest::newRow("AVIF") << int(OutputFormat::Avif);
    }
    void alphaIsKept()
    {
        QFETCH(int, format);
        const cv::Mat src = photo(96, 64, 4);
        const DecodeResult d = decode(encode(src, OutputFormat(format)));
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.type(), CV_8UC4);
        std::vector<cv::Mat> a, b;
        cv::split(d.image, a);
        cv::split(src, b);
        QVERIFY2(cv::norm(a[3], b[3], cv::NORM_INF) <= 8, "alpha kept");
        QCOMPARE(d.image.at<cv::Vec4b>(32, 80)[3], uchar(255));
    }

    void avifIsCloseAndQualityCounts()
    {
        const cv::Mat src = photo();
        const Bytes q90 = encode(src, OutputFormat::Avif, 90), q40 = encode(src, OutputFormat::Avif, 40);
        const ImageInfo info = probeImage(q90.data(), q90.size());
        QCOMPARE(info.format, ImageFormat::Avif);
        const DecodeResult d = decode(q90);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        const double psnr = cv::PSNR(d.image, src);
        qInfo("AVIF quality 90: %.2f dB, %zu bytes; quality 40: %zu bytes", psnr, q90.size(), q40.size());
        QVERIFY2(psnr >= 38.0, qPrintable(QString::number(psnr))); // 41.2 dB today
        QVERIFY(q40.size() < q90.size());
        // Grey pixels go in as monochrome AV1 and come back grey.
        const DecodeResult grey = decode(encode(photo(64, 48, 1), OutputFormat::Avif, 90));
        QVERIFY2(!grey.image.empty(), qPrintable(grey.error));
        cv::Mat g;
        cv::cvtColor(grey.image, g, cv::COLOR_BGR2GRAY);
        const double greyPsnr = cv::PSNR(g, photo(64, 48, 1));
        qInfo("AVIF quality 90, grey: %.2f dB", greyPsnr);
        QVERIFY2(greyPsnr >= 38.0, qPrintable(QString::number(greyPsnr)));
    }

    void avifLosslessKeepsEveryPixel_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<bool>("noise");
        QTest::newRow("grey, noise") << 1 << true;
        QTest::newRow("colour, noise") << 3 << true;
        QTest::newRow("colour+alpha, noise") << 4 << true;
        QTest::newRow("colour, photo") << 3 << false;
        QTest::newRow("colour+alpha, photo") << 4 << false;
    }
    void avifLosslessKeepsEveryPixel()
    {
        // `lossless` was ignored for AVIF: the file was lossy (quality 90: 41 dB) without a word. Now
        // every sample comes back, through libheif (PixelPool's reader) and through libavif (the
        // browsers' reader), at an odd size, which 4:2:0 would have had to round.
        QFETCH(int, channels);
        QFETCH(bool, noise);
        cv::Mat src(37, 53, CV_8UC(channels));
        if (noise)
            cv::randu(src, 0, 256);
        else
            src = photo(53, 37, channels);
        const Bytes b = encode(src, OutputFormat::Avif, 90, true);
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        cv::Mat back = d.image;
        if (channels == 1 && back.channels() == 3)
            cv::cvtColor(back, back, cv::COLOR_BGR2GRAY); // monochrome AV1 is read as grey colour
        QCOMPARE(back.type(), src.type());
        QCOMPARE(cv::norm(back, src, cv::NORM_INF), 0.0);
        qInfo("%d×%d, %d channels, lossless AVIF: %zu bytes", src.cols, src.rows, channels, b.size());

        // How the colour is coded: 4:4:4 without a matrix (RGB as G, B, R planes), said by the nclx box.
        heif_context *ctx = heif_context_alloc();
        heif_image_handle *handle = nullptr;
        heif_image *coded = nullptr;
        heif_color_profile_nclx *nclx = nullptr;
        QCOMPARE(heif_context_read_from_memory_without_copy(ctx, b.data(), b.size(), nullptr).code, heif_error_Ok);
        QCOMPARE(heif_context_get_primary_image_handle(ctx, &handle).code, heif_error_Ok);
        QCOMPARE(heif_decode_image(handle, &coded, heif_colorspace_undefined, heif_chroma_undefined, nullptr).code,
                 heif_error_Ok);
        const heif_chroma chroma = heif_image_get_chroma_format(coded);
        heif_image_handle_get_nclx_color_profile(handle, &nclx);
        const int matrix = nclx ? int(nclx->matrix_coefficients) : -1;
        heif_nclx_color_profile_free(nclx);
        heif_image_release(coded);
        heif_image_handle_release(handle);
        heif_context_free(ctx);
        if (channels == 1) {
            QCOMPARE(chroma, heif_chroma_monochrome);
        } else {
            QCOMPARE(chroma, heif_chroma_444);
            QCOMPARE(matrix, int(heif_matrix_coefficients_RGB_GBR));
        }

        const auto avif = decodeWithLibavif(b);
        if (!avif) {
            qInfo("no libavif.so.15 here: not decoded with libavif");
            return;
        }
        QVERIFY2(avif->error.isEmpty(), qPrintable(avif->error));
        cv::Mat expected = src; // as libavif gives it: BGRA, grey as three equal channels, opaque without alpha
        if (channels < 4)
            cv::cvtColor(src, expected, channels == 1 ? cv::COLOR_GRAY2BGRA : cv::COLOR_BGR2BGRA);
        QCOMPARE(cv::norm(avif->pixels, expected, cv::NORM_INF), 0.0);
    }

    void avifLossyIsStillLossy()
    {
        // Lossless is asked for, never assumed: without it the picture is 4:2:0 YCbCr at its quality.
        const cv::Mat src = photo(53, 37);
        const Bytes lossy = encode(src, OutputFormat::Avif, 90), lossless = encode(src, OutputFormat::Avif, 90, true);
        QVERIFY(lossy.size() < lossless.size());
        QVERIFY(cv::norm(decode(lossy).image, src, cv::NORM_INF) > 0);
    }

    void profilesAreKeptByteForByte_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("lossless");
        QTest::newRow("JPEG XL lossy") << int(OutputFormat::Jxl) << false;
        QTest::newRow("JPEG XL lossless") << int(OutputFormat::Jxl) << true;
        QTest::newRow("AVIF") << int(OutputFormat::Avif) << false;
        QTest::newRow("AVIF lossless") << int(OutputFormat::Avif) << true;
    }
    void profilesAreKeptByteForByte()
    {
        QFETCH(int, format);
        QFETCH(bool, lossless);
        OutputMetadata meta;
        meta.icc = rommProfile();
        const cv::Mat src = photo();
        const DecodeResult d = decode(encode(src, OutputFormat(format), 90, lossless, &meta), true);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QVERIFY2(d.metadata.warnings.isEmpty(), qPrintable(d.metadata.warnings.join("; ")));
        QVERIFY(d.metadata.icc == meta.icc);
        // The pixels are in that profile's space again (lossy JPEG XL: taken back from linear sRGB).
        if (lossless) {
            QCOMPARE(cv::norm(d.image, src, cv::NORM_INF), 0.0);
        } else {
            const double psnr = cv::PSNR(d.image, src);
            qInfo("PSNR in the profile's own space: %.2f dB", psnr);
            // Today 47.2 dB (JPEG XL) and 41.2 dB (AVIF); without the way back from linear sRGB
            // the JPEG XL would be far darker.
            QVERIFY2(psnr >= 38.0, qPrintable(QString::number(psnr)));
        }
    }

    void sRgbNeedsNoProfile()
    {
        // sRGB is said by name in the codestream: read back as no profile, like a file without one.
        const DecodeResult d = decode(encode(photo(64, 48), OutputFormat::Jxl), true);
        QVERIFY(d.metadata.icc.empty());
    }

    void exifAndXmpInTheContainer_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("JPEG XL") << int(OutputFormat::Jxl);
        QTest::newRow("AVIF") << int(OutputFormat::Avif);
    }
    void exifAndXmpInTheContainer()
    {
        QFETCH(int, format);
        OutputMetadata meta;
        meta.exif = exifBlock(1);
        Exiv2::XmpData xmp;
        xmp["Xmp.dc.creator"] = "Jo";
        Exiv2::XmpParser::encode(meta.xmp, xmp);
        const Bytes b = encode(photo(64, 48), OutputFormat(format), 90, false, &meta);
        auto [exif, xmpBack] = readWithExiv2(b); // an independent reader
        QCOMPARE(QString::fromStdString(exif["Exif.Image.Make"].toString()), QString("PixelCam"));
        QCOMPARE(QString::fromStdString(xmpBack["Xmp.dc.creator"].toString()), QString("Jo"));
        const DecodeResult d = decode(b, true); // and PixelPool's own
        QVERIFY(d.metadata.exif == meta.exif);
        QCOMPARE(d.metadata.xmp, meta.xmp);
    }

    void orientationIsAppliedOnce_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("JPEG XL") << int(OutputFormat::Jxl);
        QTest::newRow("AVIF") << int(OutputFormat::Avif);
    }
    void orientationIsAppliedOnce()
    {
        QFETCH(int, format);
        // Upright: red on the left, blue on the right; stored turned, with orientation 6 saying so
        // in the image itself and in its EXIF (as cameras do). Its sides differ by more than a
        // coded picture may pad its size box by (BUG-21: the probe compared the stream with the
        // turned size box libheif 1.15 writes; PixelPool's own AVIFs now say the coded size).
        cv::Mat upright(64, 192, CV_8UC3, cv::Scalar(255, 0, 0));
        upright(cv::Rect(0, 0, 96, 64)).setTo(cv::Scalar(0, 0, 255));
        cv::Mat stored;
        cv::rotate(upright, stored, cv::ROTATE_90_COUNTERCLOCKWISE);
        OutputMetadata meta;
        meta.exif = exifBlock(6);
        const Bytes b = encode(stored, OutputFormat(format), 95, false, &meta, 6);
        const ImageInfo info = probeImage(b.data(), b.size());
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(192, 64)); // as it will be decoded
        QCOMPARE(info.exifOrientation, 1);                              // so the pipeline turns nothing
        for (const char *steps : {"[]", R"([{"op":"autoOrient"}])"}) {
            QString why;
            const Bytes png = runJob(b, steps, R"({"format":"png"})", &why);
            QVERIFY2(!png.empty(), qPrintable(why));
            const DecodeResult d = decode(png, true);
            QCOMPARE(d.image.size(), cv::Size(192, 64));
            const cv::Vec3b left = d.image.at<cv::Vec3b>(32, 10), right = d.image.at<cv::Vec3b>(32, 182);
            QVERIFY2(left[2] > 200 && left[0] < 60 && right[0] > 200 && right[2] < 60, "red left, blue right");
            Exiv2::ExifData exif;
            Exiv2::ExifParser::decode(exif, d.metadata.exif.data(), uint32_t(d.metadata.exif.size()));
            QCOMPARE(exif["Exif.Image.Orientation"].toLong(), 1L); // viewers must not turn it again
        }
    }

    // An oriented AVIF's size box (ispe) holds the coded picture's size and is associated before
    // its irot and imir, as the HEIF standard has it. libheif 1.15 wrote the turned size after
    // them, which libavif (the decoder of browsers) takes for the coded size: a portrait photo
    // decoded squashed into a landscape frame. Every reader shows the picture upright.
    void avifSizeBoxIsTheCodedSize_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<int>("channels");
        for (int o = 1; o <= 8; ++o)
            QTest::addRow("orientation %d", o) << o << 3;
        QTest::newRow("orientation 6, alpha") << 6 << 4;
        QTest::newRow("orientation 5, alpha") << 5 << 4;
    }
    void avifSizeBoxIsTheCodedSize()
    {
        QFETCH(int, orientation);
        QFETCH(int, channels);
        // Stored 48×96 (the coded picture), in four quadrants of their own colour.
        const cv::Scalar colours[4] = {{0, 0, 230}, {0, 230, 0}, {230, 0, 0}, {230, 230, 230}};
        cv::Mat stored(96, 48, channels == 4 ? CV_8UC4 : CV_8UC3);
        for (int q = 0; q < 4; ++q)
            stored(cv::Rect(q % 2 * 24, q / 2 * 48, 24, 48)).setTo(colours[q] + cv::Scalar(0, 0, 0, 255));
        const Bytes b = encode(stored, OutputFormat::Avif, 90, false, nullptr, orientation);

        int images = 0;
        for (const auto &[id, properties] : itemProperties(b)) {
            const auto isType = [](const char *type) { return [type](const auto &p) { return p.first == type; }; };
            const auto ispe = std::find_if(properties.begin(), properties.end(), isType("ispe"));
            if (ispe == properties.end())
                continue; // EXIF, XMP
            ++images;
            QCOMPARE(cv::Size(int(bigEndian(ispe->second, 4)), int(bigEndian(ispe->second, 8))), stored.size());
            const auto irot = std::find_if(properties.begin(), properties.end(), isType("irot"));
            const auto imir = std::find_if(properties.begin(), properties.end(), isType("imir"));
            QVERIFY2(ispe < irot && ispe < imir, "the size box comes before the transformations");
            QCOMPARE(irot != properties.end(), orientation == 3 || orientation >= 5);
            QCOMPARE(imir != properties.end(),
                     orientation == 2 || orientation == 4 || orientation == 5 || orientation == 7);
        }
        QCOMPARE(images, channels == 4 ? 2 : 1); // the alpha plane is an image of its own
        QCOMPARE(codedHeifSize(b), stored.size());

        // libheif (PixelPool's reader) hands it over upright, the size it reports included.
        const cv::Mat upright = ops::applyExifOrientation(stored, orientation);
        const ImageInfo info = probeImage(b.data(), b.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(cv::Size(info.width, info.height), upright.size());
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.size(), upright.size());
        for (const cv::Point at :
             {cv::Point(upright.cols / 4, upright.rows / 4), cv::Point(upright.cols * 3 / 4, upright.rows / 4),
              cv::Point(upright.cols / 4, upright.rows * 3 / 4),
              cv::Point(upright.cols * 3 / 4, upright.rows * 3 / 4)}) {
            cv::Mat got, want;
            d.image(cv::Rect(at, cv::Size(1, 1))).convertTo(got, CV_32F);
            upright(cv::Rect(at, cv::Size(1, 1))).convertTo(want, CV_32F);
            QVERIFY2(cv::norm(got, want, cv::NORM_INF) <= 40,
                     qPrintable(QStringLiteral("at %1,%2").arg(at.x).arg(at.y)));
        }

        // libavif decodes the coded picture (a browser then turns it by irot and imir).
        const auto avif = decodeWithLibavif(b);
        if (!avif) {
            qInfo("no libavif.so.15 here: not decoded with libavif");
            return;
        }
        QVERIFY2(avif->error.isEmpty(), qPrintable(avif->error));
        QCOMPARE(avif->size, stored.size());
    }

    // AVIF's readers open at most 32768 pixels on a side (libavif: avifdec and browsers, and
    // libheif) and 16384×16384 in all: a larger output is refused with that reason, as a WebP over
    // 16383 is. Before, it was written and reported done, and nothing opened it.
    void avifOverWhatItsReadersOpenIsRefused_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("32769 wide") << QSize(32769, 2);
        QTest::newRow("32769 high") << QSize(2, 32769);
        QTest::newRow("16385×16385") << QSize(16385, 16385); // never touched: only its size is read
    }
    void avifOverWhatItsReadersOpenIsRefused()
    {
        QFETCH(QSize, size);
        const cv::Mat grey(size.height(), size.width(), CV_8UC1);
        Bytes out;
        QString error;
        QVERIFY(!encodeImage(grey, {OutputFormat::Avif, 90, 6, false}, &out, &error));
        QCOMPARE(error, QStringLiteral("AVIF cannot hold %1×%2 pixels (its readers take at most 32768 "
                                       "on a side and 16384×16384 in all)")
                            .arg(size.width())
                            .arg(size.height()));
    }
    void avifOfThirtyTwoThousandPixelsIsWrittenAndRead()
    {
        const cv::Mat wide(2, 32768, CV_8UC1, cv::Scalar(90));
        const Bytes b = encode(wide, OutputFormat::Avif);
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.size(), wide.size());
        if (const auto avif = decodeWithLibavif(b)) {
            QVERIFY2(avif->error.isEmpty(), qPrintable(avif->error));
            QCOMPARE(avif->size, wide.size());
        }
        // Through a job, as `pixelpool --batch` meets it: the image fails with the reason.
        const Bytes png = encode(cv::Mat(1, 33000, CV_8UC3, cv::Scalar(10, 20, 30)), OutputFormat::Png);
        QString why;
        proto::FailureCode code{};
        QVERIFY(runJob(png, "[]", R"({"format":"avif"})", &why, 200'000'000, &code).empty());
        QCOMPARE(code, proto::FailureCode::Processing);
        QVERIFY2(
            why.contains(QStringLiteral("AVIF cannot hold 33000×1 pixels (its readers take at most 32768 on a side")),
            qPrintable(why));
    }

    void animatedJxlGivesItsFirstFrame()
    {
        const DecodeResult d = decode(animatedJxl(), true);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.at<cv::Vec3b>(8, 8), cv::Vec3b(0, 0, 255)); // red, in BGR order
    }

    // The frames of an animation after its first are never read: a warning says how many there
    // are, as a GIF's, an animated PNG's and a multi-page TIFF's do. A JPEG XL animation and an AVIF
    // image sequence became still images without a word, with `format: keep` too.
    void animatedJxlSaysItsFrames()
    {
        QCOMPARE(decode(animatedJxl(), true).warning, QString("animated JPEG XL of 2 frames: only the first is read"));
        const std::vector<cv::Scalar> three{cv::Scalar(255, 0, 0), cv::Scalar(0, 255, 0), cv::Scalar(0, 0, 255)};
        QCOMPARE(decode(framedJxl(16, 16, three, true)).warning,
                 QString("animated JPEG XL of 3 frames: only the first is read"));
        QString why;
        QVERIFY(!runJob(framedJxl(16, 16, three, true), "[]", R"({"format":"keep"})", &why).empty());
        QCOMPARE(why, QString("animated JPEG XL of 3 frames: only the first is read"));
        // The layers of a still image are blended into it, and one frame is all a still image has.
        QCOMPARE(decode(framedJxl(16, 16, three, false)).warning, QString());
        QCOMPARE(decode(encode(photo(), OutputFormat::Jxl)).warning, QString());
        // Counted from the frames' headers, and no further than the frames libjxl may blend.
        const Bytes many = framedJxl(8, 8, std::vector<cv::Scalar>(4100, cv::Scalar(9, 9, 9)), true, true);
        QCOMPARE(decode(many).warning, QString("animated JPEG XL of more than 4096 frames: only the first is read"));
    }

    void avifSequenceSaysItsFrames_data()
    {
        QTest::addColumn<QString>("tracks"); // the tracks, in order: "pict" or "auxv", then frames claimed/listed
        QTest::addColumn<bool>("stillIsFirstFrame");
        QTest::addColumn<QString>("warning");
        const QString first = QStringLiteral("animated AVIF of %1 frames: only the first is read");
        QTest::newRow("two frames") << "pict 2/2" << true << first.arg(2);
        QTest::newRow("one frame") << "pict 1/1" << true << QString();
        QTest::newRow("its alpha planes' track first") << "auxv 9/9 pict 5/5" << true << first.arg(5);
        QTest::newRow("a still apart from its frames")
            << "pict 3/3" << false << "animated AVIF of 3 frames: only its still image is read";
        QTest::newRow("a still apart from its one frame")
            << "pict 1/1" << false << "animated AVIF of 1 frame: only its still image is read";
        QTest::newRow("more frames claimed than listed") << "pict 4000000000/7" << true << first.arg(7);
        QTest::newRow("alpha planes only") << "auxv 4/4" << true << QString();
    }
    void avifSequenceSaysItsFrames()
    {
        QFETCH(QString, tracks);
        QFETCH(bool, stillIsFirstFrame);
        QFETCH(QString, warning);
        const Bytes still = encode(photo(64, 48), OutputFormat::Avif);
        Bytes moov;
        const QStringList parts = tracks.split(' ');
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            const QStringList frames = parts[i + 1].split('/');
            moov = moov + sequenceTrack(qPrintable(parts[i]), frames[0].toUInt(), frames[1].toUInt(),
                                        stillData(still) + (stillIsFirstFrame ? 0 : 1));
        }
        const Bytes sequence = asSequence(still, moov);
        const DecodeResult d = decode(sequence, true);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.warning, warning);
        QCOMPARE(cv::norm(d.image, decode(still).image, cv::NORM_INF), 0.0); // the still, as before
        QString why;
        QVERIFY(!runJob(sequence, "[]", R"({"format":"keep"})", &why).empty());
        QCOMPARE(why, warning);
    }

    // An image sequence without a still image (tracks only: an avifenc sequence without its meta
    // box, brands as written or only avis, msf1 and iso8) failed as damaged: "damaged or unsupported
    // AVIF: no 'meta' box, which describes its images (… bytes): cut short or damaged", or "…:
    // Unsupported file-type: Unspecified: File does not include any supported brands." It fails as
    // a kind PixelPool does not read, saying what it is, as an animated WebP does; cut short inside
    // its movie box, it is still damaged.
    void aSequenceWithoutAStillImageIsUnsupported_data()
    {
        QTest::addColumn<QString>("brands"); // the file type box's, in place ("" as written)
        QTest::addColumn<int>("cut");        // bytes cut off its end
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        const QString sequence = QStringLiteral("AVIF image sequence of 3 frames without a still image (PixelPool "
                                                "reads AVIF still images, not a sequence's frames)");
        QTest::newRow("brands as written") << "" << 0 << int(proto::FailureCode::Unsupported) << sequence;
        QTest::newRow("brands of a sequence only")
            << "avis avis msf1 iso8" << 0 << int(proto::FailureCode::Unsupported) << sequence;
        QTest::newRow("cut short inside its movie box")
            << "" << 40 << int(proto::FailureCode::Corrupt) << "damaged or unsupported AVIF: no 'meta' box";
    }
    void aSequenceWithoutAStillImageIsUnsupported()
    {
        QFETCH(QString, brands);
        QFETCH(int, cut);
        QFETCH(int, code);
        QFETCH(QString, reason);
        const Bytes still = encode(photo(64, 48), OutputFormat::Avif);
        Bytes b = asSequence(still, sequenceTrack("pict", 3, 3, stillData(still)));
        const auto boxes = containerBoxes(b);
        std::copy_n("free", 4, b.begin() + long(boxes.at("meta").first + 4)); // no still image
        if (!brands.isEmpty()) { // the major brand, then the compatible ones, the last repeated to the end
            const QStringList list = brands.split(' ');
            const auto [at, size] = boxes.at("ftyp");
            std::copy_n(qPrintable(list[0]), 4, b.begin() + long(at + 8));
            for (size_t i = 0; 16 + 4 * i + 4 <= size; ++i)
                std::copy_n(qPrintable(list[int(std::min<size_t>(i + 1, size_t(list.size() - 1)))]), 4,
                            b.begin() + long(at + 16 + 4 * i));
        }
        b.resize(b.size() - size_t(cut));
        QString why;
        proto::FailureCode failed{};
        QVERIFY(runJob(b, "[]", R"({"format":"png"})", &why, 200'000'000, &failed).empty());
        QVERIFY2(why.startsWith(reason), qPrintable(why));
        QCOMPARE(int(failed), code);
    }

    // A HEIF or AVIF of several images (a burst, a collection) gave its primary image without a
    // word that the others were left out, where a TIFF, a GIF and an animated PNG or JPEG XL say
    // so. Thumbnails are no images of their own.
    void severalImagesSayThatOnlyThePrimaryIsRead_data()
    {
        QTest::addColumn<bool>("av1");
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("primary");
        QTest::addColumn<bool>("thumbnails");
        QTest::addColumn<QString>("warning");
        QTest::newRow("HEIF of 3, the second primary")
            << false << 3 << 1 << true << "HEIF of 3 images: only the primary is read";
        QTest::newRow("HEIF of 2, the first primary")
            << false << 2 << 0 << false << "HEIF of 2 images: only the primary is read";
        QTest::newRow("AVIF of 3, the last primary")
            << true << 3 << 2 << true << "AVIF of 3 images: only the primary is read";
        QTest::newRow("HEIF of 1 with its thumbnail") << false << 1 << 0 << true << QString();
        QTest::newRow("AVIF of 1 with its thumbnail") << true << 1 << 0 << true << QString();
    }
    void severalImagesSayThatOnlyThePrimaryIsRead()
    {
        QFETCH(bool, av1);
        QFETCH(int, images);
        QFETCH(int, primary);
        QFETCH(bool, thumbnails);
        QFETCH(QString, warning);
        const std::vector<cv::Size> sizes{{64, 48}, {96, 64}, {48, 48}};
        const std::vector<cv::Scalar> colours{{200, 40, 40}, {40, 200, 40}, {40, 40, 200}};
        const Bytes b =
            libheifImages(av1 ? heif_compression_AV1 : heif_compression_HEVC,
                          std::vector<cv::Size>(sizes.begin(), sizes.begin() + images), colours, primary, thumbnails);
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.size(), sizes[size_t(primary)]); // the primary, as before
        QVERIFY(cv::norm(cv::mean(d.image) - colours[size_t(primary)], cv::NORM_INF) < 8);
        QCOMPARE(d.warning, warning);
        QString why;
        QVERIFY(!runJob(b, "[]", R"({"format":"png"})", &why).empty());
        QCOMPARE(why, warning);
    }

    // A primary image that is a thumbnail of another (its thmb reference; the conformance file C005,
    // a 128×72 thumbnail of a 1280×720 image) gave the thumbnail without a word, where libheif's own
    // heif-convert gives the image it was made from. That image is read, with a warning, and it is
    // its size the pixel limit is checked on.
    void aPrimaryThumbnailGivesTheImageItWasMadeFrom()
    {
        const cv::Scalar colour(40, 120, 220);
        const Bytes b = libheifImages(heif_compression_HEVC, {{256, 128}}, {colour}, 0, true, true);
        QCOMPARE(libheifPicture(b, true).size(), cv::Size(32, 16)); // the primary image is the thumbnail
        const ImageInfo info = probeImage(b.data(), b.size());
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(256, 128));
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.size(), cv::Size(256, 128));
        QVERIFY(cv::norm(cv::mean(d.image) - colour, cv::NORM_INF) < 8);
        const QString warning("HEIF's primary image is a 32×16 thumbnail: the 256×128 image it was made from is "
                              "read instead");
        QCOMPARE(d.warning, warning);
        QString why;
        const Bytes png = runJob(b, "[]", R"({"format":"png"})", &why);
        QCOMPARE(why, warning);
        QCOMPARE(decode(png).image.size(), cv::Size(256, 128));
        // Over a pixel limit the thumbnail is under: refused before decoding.
        proto::FailureCode code{};
        QVERIFY(runJob(b, "[]", R"({"format":"png"})", &why, 256 * 128 - 1, &code).empty());
        QCOMPARE(code, proto::FailureCode::TooLarge);
    }

    // libheif 1.15 mirrors no picture of more than 8 bits ("Can currently only mirror images with 8
    // bits per pixel"): a 10-bit AVIF or HEIC with an imir failed, though 10-bit images and imir are
    // read. PixelPool mirrors (and turns, in libheif's order) such an image itself.
    void mirroredDeepImageIsRead_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<int>("width"); // 48: libheif codes it 64 wide, in a grid of one tile cut to 48
        for (const int o : {2, 4, 5, 7})
            QTest::addRow("orientation %d (imir)", o) << o << 64;
        for (const int o : {2, 4}) // a grid turned by libheif has its size box turned: refused as damaged
            QTest::addRow("orientation %d (imir), a grid", o) << o << 48;
        QTest::newRow("orientation 6 (irot alone: libheif's own)") << 6 << 64;
    }
    void mirroredDeepImageIsRead()
    {
        QFETCH(int, orientation);
        QFETCH(int, width);
        // Stored width×96 (the coded picture), in four quadrants of their own colour with a ramp across.
        const cv::Scalar colours[4] = {{0, 0, 920}, {0, 920, 0}, {920, 0, 0}, {920, 920, 920}};
        cv::Mat stored(96, width, CV_16UC3);
        for (int q = 0; q < 4; ++q)
            stored(cv::Rect(q % 2 * width / 2, q / 2 * 48, width / 2, 48)).setTo(colours[q]);
        for (int x = 0; x < stored.cols; ++x)
            stored.col(x) += cv::Scalar::all(x);
        const Bytes b = libheifHeic(stored, orientation);
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.type(), CV_16UC3);
        // Exactly the picture libheif decodes, turned upright as its orientation says...
        const cv::Mat coded = libheifPicture(b, false);
        QCOMPARE(coded.size(), stored.size());
        const cv::Mat upright = ops::applyExifOrientation(coded, orientation);
        QCOMPARE(d.image.size(), upright.size());
        QCOMPARE(cv::norm(d.image, upright, cv::NORM_INF), 0.0);
        // ...which is the picture stored, turned upright (lossy: close).
        cv::Mat wanted;
        ops::applyExifOrientation(stored, orientation).convertTo(wanted, CV_16U, 65535.0 / 1023);
        const double psnr = cv::PSNR(d.image, wanted, 65535);
        QVERIFY2(psnr > 35, qPrintable(QString::number(psnr)));
    }

    // Where libheif can apply an imir itself (8 bits), PixelPool's own transformations give exactly
    // what it gives: with an irot, and with the clap libheif writes for a size it codes larger.
    void mirroredImageIsAsLibheifGivesIt_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<bool>("clap");
        for (const int o : {2, 4, 5, 7}) {
            QTest::addRow("orientation %d", o) << o << false;
            QTest::addRow("orientation %d, cut by a clean aperture", o) << o << true;
        }
    }
    void mirroredImageIsAsLibheifGivesIt()
    {
        QFETCH(int, orientation);
        QFETCH(bool, clap);
        const cv::Mat stored = photo(clap ? 60 : 64, clap ? 44 : 40);
        const Bytes b = clap ? libheifHeic(stored, orientation, true)
                             : encode(stored, OutputFormat::Avif, 90, false, nullptr, orientation);
        const auto &properties = itemProperties(b).begin()->second;
        QCOMPARE(std::any_of(properties.begin(), properties.end(), [](const auto &p) { return p.first == "clap"; }),
                 clap);
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        const cv::Mat libheif = libheifPicture(b, true);
        QCOMPARE(d.image.size(), libheif.size());
        QCOMPARE(d.image.size(), ops::applyExifOrientation(stored, orientation).size());
        QCOMPARE(cv::norm(d.image, libheif, cv::NORM_INF), 0.0);
    }

    // An alpha plane without transformations of its own (as avifenc writes it) is turned, mirrored
    // and cut with its picture: the picture's transformations are the whole image's, as libavif and
    // browsers read it. libheif 1.15 left it as decoded: a mirrored picture's transparency stood on
    // the wrong side, a picture turned by 180° kept its alpha plane unturned, and one turned by a
    // quarter lost it (libheif joins no alpha plane of another size than its turned picture): fully
    // opaque, its hidden pixels shown. With transformations of its own (as libheif writes it),
    // libheif's own decoding stands.
    void transformedAvifsAlphaGoesWithItsPicture_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<bool>("alphaTransformed");
        for (int o = 2; o <= 8; ++o) {
            QTest::addRow("orientation %d, alpha without transformations", o) << o << false;
            QTest::addRow("orientation %d, alpha with its own", o) << o << true;
        }
    }
    void transformedAvifsAlphaGoesWithItsPicture()
    {
        QFETCH(int, orientation);
        QFETCH(bool, alphaTransformed);
        const cv::Mat stored = photo(96, 64, 4); // transparent on the left, opaque on the right
        Bytes b = encode(stored, OutputFormat::Avif, 90, false, nullptr, orientation);
        if (!alphaTransformed)
            b = alphaWithoutTransformations(b);
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.warning, QString());
        const cv::Mat upright = ops::applyExifOrientation(stored, orientation);
        QCOMPARE(d.image.size(), upright.size());
        QCOMPARE(d.image.channels(), 4);
        std::vector<cv::Mat> got, wanted;
        cv::split(d.image, got);
        cv::split(upright, wanted);
        QVERIFY2(cv::norm(got[3], wanted[3], cv::NORM_INF) <= 8, "the alpha plane is where its picture is");
        const cv::Mat libheif = libheifPicture(b, true);
        if (alphaTransformed) {
            QCOMPARE(cv::norm(d.image, libheif, cv::NORM_INF), 0.0);
        } else { // the colour exactly as libheif turns it
            cv::Mat colour, libheifColour = libheif;
            cv::cvtColor(d.image, colour, cv::COLOR_BGRA2BGR);
            if (libheif.channels() == 4)
                cv::cvtColor(libheif, libheifColour, cv::COLOR_BGRA2BGR);
            QCOMPARE(cv::norm(colour, libheifColour, cv::NORM_INF), 0.0);
        }
    }

    // avifenc --irot (here lossless, 8 and 10 bits): the alpha plane has no irot of its own. It is
    // turned with its picture, as libavif's decoding turned by the irot: before, the image came out
    // fully opaque.
    void quarterTurnedAvifKeepsItsAlpha_data()
    {
        QTest::addColumn<QString>("seed");
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("rotation"); // cv::rotate's for the irot (anticlockwise)
        QTest::newRow("8 bits, irot 1") << "avif_irot1_alpha_without_irot_40x24.avif" << 8
                                        << int(cv::ROTATE_90_COUNTERCLOCKWISE);
        QTest::newRow("10 bits, irot 3") << "avif_irot3_alpha_without_irot_10bit_40x24.avif" << 10
                                         << int(cv::ROTATE_90_CLOCKWISE);
    }
    void quarterTurnedAvifKeepsItsAlpha()
    {
        QFETCH(QString, seed);
        QFETCH(int, bits);
        QFETCH(int, rotation);
        const Bytes b = decodeSeed(qPrintable(seed));
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.warning, QString());
        QCOMPARE(d.image.type(), bits > 8 ? CV_16UC4 : CV_8UC4);
        cv::Mat upright;
        cv::rotate(atPipelineScale(seedPicture(bits), bits), upright, rotation);
        QCOMPARE(d.image.size(), upright.size());
        QCOMPARE(cv::norm(d.image, upright, cv::NORM_INF), 0.0); // lossless
        const auto avif = decodeWithLibavif(b);
        if (!avif) {
            qInfo("no libavif.so.15 here: not decoded with libavif");
            return;
        }
        QVERIFY2(avif->error.isEmpty(), qPrintable(avif->error));
        cv::Mat libavif;
        cv::rotate(avif->pixels, libavif, rotation);
        QCOMPARE(cv::norm(d.image, libavif, cv::NORM_INF), 0.0);
    }

    // An alpha plane that still cannot go with its picture (here: turned by an irot of the
    // picture's, mirrored by an imir of its own only) is left out with a warning, never silently.
    void alphaPlaneLeftOutIsSaid()
    {
        Bytes b = encode(photo(96, 64, 4), OutputFormat::Avif, 90, false, nullptr, 5); // irot and imir
        b = alphaWithoutTransformations(b, "irot");
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.channels(), 3);
        QCOMPARE(d.warning, QStringLiteral("AVIF read without its alpha plane: it is 96×64, its picture 64×96"));
        QString why;
        QVERIFY(!runJob(b, "[]", R"({"format":"png"})", &why).empty());
        QCOMPARE(why, d.warning);
    }

    // Colour stored premultiplied by its alpha (`prem`, avifenc -p; here lossless) is made straight
    // as libavif makes it: libheif 1.15 says so but hands it over premultiplied, and white at half
    // alpha came out as 128 grey. At 10 bits from the samples as decoded, in one rounding.
    void premultipliedAlphaIsMadeStraight_data()
    {
        QTest::addColumn<QString>("seed");
        QTest::addColumn<int>("bits");
        QTest::newRow("8 bits") << "avif_premultiplied_40x24.avif" << 8;
        QTest::newRow("10 bits") << "avif_premultiplied_10bit_40x24.avif" << 10;
    }
    void premultipliedAlphaIsMadeStraight()
    {
        QFETCH(QString, seed);
        QFETCH(int, bits);
        const Bytes b = decodeSeed(qPrintable(seed));
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.warning, QString());
        QCOMPARE(d.image.type(), bits > 8 ? CV_16UC4 : CV_8UC4);
        cv::Mat got;
        d.image.convertTo(got, CV_64F);
        const double max = (1 << bits) - 1, top = bits > 8 ? 65535 : 255;
        // libavif's arithmetic (avifRGBImageUnpremultiplyAlpha) on the samples libheif decodes.
        cv::Mat premultiplied;
        libheifPicture(b, true, false).convertTo(premultiplied, CV_64F);
        QCOMPARE(premultiplied.size(), got.size());
        // What it was made from: premultiplied, each sample lost up to half a step, which dividing
        // by the alpha multiplies.
        cv::Mat source;
        seedPicture(bits).convertTo(source, CV_64F);
        int differ = 0, far = 0;
        for (int y = 0; y < got.rows; ++y)
            for (int x = 0; x < got.cols; ++x) {
                const cv::Vec4d p = premultiplied.at<cv::Vec4d>(y, x), g = got.at<cv::Vec4d>(y, x),
                                s = source.at<cv::Vec4d>(y, x);
                const double a = p[3];
                differ += g[3] != std::round(a * top / max);
                for (int c = 0; c < 3; ++c) {
                    differ += g[c] != (a > 0 ? std::min(top, std::round(p[c] * top / a)) : 0.0);
                    far += a > 0 && std::abs(g[c] - s[c] * top / max) > (0.5 * max / a + 0.5) * top / max + 0.5;
                }
            }
        QCOMPARE(differ, 0);
        QCOMPARE(far, 0);
        // And as libavif (avifdec) decodes it: within its own rounding (it makes 10 bits 16 before
        // dividing) and what its premultiplied samples lost (at the lowest alpha, 1/11).
        const auto avif = decodeWithLibavif(b);
        if (!avif) {
            qInfo("no libavif.so.15 here: not decoded with libavif");
            return;
        }
        QVERIFY2(avif->error.isEmpty(), qPrintable(avif->error));
        cv::Mat libavif;
        avif->pixels.convertTo(libavif, CV_64F);
        double worst = 0;
        for (int y = 0; y < got.rows; ++y)
            for (int x = 0; x < got.cols; ++x)
                for (int c = 0; c < 4; ++c)
                    worst = std::max(worst, std::abs(got.at<cv::Vec4d>(y, x)[c] - libavif.at<cv::Vec4d>(y, x)[c]));
        qInfo("largest difference from libavif: %g of %g", worst, top);
        QVERIFY2(worst <= top / 255, qPrintable(QString::number(worst)));
    }

    void truncatedJxlFailsWithAReason()
    {
        const Bytes whole = encode(photo(), OutputFormat::Jxl);
        for (const size_t keep : {whole.size() / 2, size_t(12)}) {
            const Bytes cut(whole.begin(), whole.begin() + long(keep));
            const ImageInfo info = probeImage(cut.data(), cut.size());
            if (!info.error.isEmpty()) { // the header itself is cut
                QVERIFY2(info.error.contains("JPEG XL"), qPrintable(info.error));
                continue;
            }
            const DecodeResult d = decodeImage(cut.data(), cut.size(), info, 8, true);
            QVERIFY(d.image.empty());
            QVERIFY(d.corrupt);
            QVERIFY2(d.error.contains("truncated JPEG XL"), qPrintable(d.error));
        }
    }

    // Damage confined to the EXIF box costs the EXIF only, and collecting metadata never changes
    // whether, or why, an image decodes (tests/fuzz/regressions/metadata/jxl-*).
    void damagedExifBoxCostsOnlyItself()
    {
        OutputMetadata meta;
        meta.exif = exifBlock(1);
        const Bytes whole = encode(photo(64, 48), OutputFormat::Jxl, 90, false, &meta);
        const auto boxes = containerBoxes(whole);
        QVERIFY(boxes.count("Exif"));
        const auto [at, size] = boxes.at("Exif");

        // An EXIF box two bytes long: too short for its offset field.
        Bytes shortExif(whole.begin(), whole.begin() + long(at));
        const uint8_t header[] = {0, 0, 0, 10, 'E', 'x', 'i', 'f', 0, 0};
        shortExif.insert(shortExif.end(), std::begin(header), std::end(header));
        shortExif.insert(shortExif.end(), whole.begin() + long(at + size), whole.end());
        const DecodeResult plain = decode(shortExif), with = decode(shortExif, true);
        QVERIFY2(!with.image.empty(), qPrintable(with.error));
        QVERIFY(with.metadata.exif.empty());
        QVERIFY2(with.metadata.warnings.join('\n').contains("EXIF left out"),
                 qPrintable(with.metadata.warnings.join('\n')));
        QCOMPARE(cv::norm(plain.image, with.image, cv::NORM_INF), 0.0);

        // An EXIF box that runs to the end of the file, swallowing the rest of the codestream: the
        // same failure with the metadata as without.
        Bytes swallowing = whole;
        std::fill_n(swallowing.begin() + long(at), 4, 0);
        const DecodeResult plainCut = decode(swallowing), withCut = decode(swallowing, true);
        QVERIFY(plainCut.image.empty() && withCut.image.empty());
        QVERIFY2(plainCut.error.contains("JPEG XL"), qPrintable(plainCut.error));
        QCOMPARE(withCut.error, plainCut.error);
    }

    void jxlBombIsRefusedBeforeDecoding()
    {
        const Bytes bomb = withClaimedSize(encode(photo(40, 30), OutputFormat::Jxl), 100000);
        const ImageInfo info = probeImage(bomb.data(), bomb.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(100000, 100000));
        QString why;
        proto::FailureCode code{};
        QVERIFY(runJob(bomb, "[]", R"({"format":"png"})", &why, 200'000'000, &code).empty());
        QCOMPARE(code, proto::FailureCode::TooLarge);
        QVERIFY2(why.contains("JPEG XL of 100000×100000") && why.contains("over the limit"), qPrintable(why));
        // Asked to decode anyway, the decoder itself refuses a size other than the header's.
        ImageInfo lie = info;
        lie.width = lie.height = 40;
        const DecodeResult d = decodeImage(bomb.data(), bomb.size(), lie, 8, false);
        QVERIFY(d.image.empty());
        QVERIFY2(d.error.contains("header says"), qPrintable(d.error));
    }

    // A frame's crop may be far larger than the image (2^30 a side), and libjxl decodes the whole
    // frame before it blends the part inside: a 10 KB file whose header says 256×256 decoded a
    // 16384×16384 frame (3.6 s, 712 MB). The frames libjxl decodes for the first image count
    // against the pixel limit, read from their headers before any decoding.
    void jxlFramesCountAgainstThePixelLimit_data()
    {
        QTest::addColumn<int>("frameSide");
        QTest::addColumn<int>("frames");
        QTest::addColumn<bool>("animation");
        QTest::addColumn<qint64>("framePixels"); // what the probe says libjxl decodes
        QTest::newRow("one frame, the image's size") << 64 << 1 << false << qint64(64 * 64);
        QTest::newRow("one frame of 1024×1024") << 1024 << 1 << false << qint64(1024 * 1024);
        QTest::newRow("three layers of 512×512") << 512 << 3 << false << qint64(3 * 512 * 512);
        QTest::newRow("animation: its first frame only") << 1024 << 3 << true << qint64(1024 * 1024);
    }
    void jxlFramesCountAgainstThePixelLimit()
    {
        QFETCH(int, frameSide);
        QFETCH(int, frames);
        QFETCH(bool, animation);
        QFETCH(qint64, framePixels);
        const Bytes file = framedJxl(64, uint32_t(frameSide),
                                     std::vector<cv::Scalar>(size_t(frames), cv::Scalar(40, 120, 200)), animation);
        const ImageInfo info = probeImage(file.data(), file.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(64, 64));
        QCOMPARE(info.framePixels, framePixels);
        QString why;
        proto::FailureCode code{};
        const quint64 justEnough = quint64(framePixels), tooFew = quint64(framePixels) - 1;
        QVERIFY2(!runJob(file, "[]", R"({"format":"png"})", &why, std::max<quint64>(justEnough, 64 * 64)).empty(),
                 qPrintable(why));
        if (framePixels > 64 * 64) {
            QVERIFY(runJob(file, "[]", R"({"format":"png"})", &why, tooFew, &code).empty());
            QCOMPARE(code, proto::FailureCode::TooLarge);
            QVERIFY2(why.contains("JPEG XL of 64×64 decodes frames of") && why.contains("over the limit"),
                     qPrintable(why));
        }
    }

    // A frame of zeros is 7 bytes of a 64×64 image's codestream: 16 MB of zeros after its
    // signature and size were 2.4 million layers, 21 s to walk.
    void jxlOfThousandsOfLayersIsRefused()
    {
        for (const size_t zeros : {size_t(5000 * 7), size_t(16) << 20}) {
            Bytes file(zeros + 4, 0);
            file[0] = 0xff, file[1] = 0x0a, file[2] = 0x4f, file[3] = 0x02; // 64×64
            const ImageInfo info = probeImage(file.data(), file.size());
            QVERIFY2(info.error.contains("JPEG XL of more than 4096 frames"), qPrintable(info.error));
        }
        Bytes few(4000 * 7 + 4, 0); // 4000 layers and the last cut short: the walk ends where libjxl does
        few[0] = 0xff, few[1] = 0x0a, few[2] = 0x4f, few[3] = 0x02;
        const ImageInfo info = probeImage(few.data(), few.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QVERIFY2(info.framePixels >= 3900 * 64 * 64, qPrintable(QString::number(info.framePixels)));
    }

    void keepWritesJxlAsJxlAndAvifAsAvif()
    {
        QCOMPARE(keepFormatFor(ImageFormat::Jxl), OutputFormat::Jxl);
        QCOMPARE(keepFormatFor(ImageFormat::Avif), OutputFormat::Avif);
        QCOMPARE(keepFormatFor(ImageFormat::Heif), OutputFormat::Jpeg); // PixelPool writes no HEVC
        cv::Mat noise(40, 60, CV_8UC3);
        cv::randu(noise, 0, 256);
        QString why;
        // A lossless JPEG XL stays lossless with `keep`; a lossy one is written lossy.
        const Bytes kept = runJob(encode(noise, OutputFormat::Jxl, 90, true), "[]", R"({"format":"keep"})", &why);
        QVERIFY2(!kept.empty(), qPrintable(why));
        QCOMPARE(probeImage(kept.data(), kept.size()).format, ImageFormat::Jxl);
        QCOMPARE(cv::norm(decode(kept).image, noise, cv::NORM_INF), 0.0);
        const Bytes lossy = runJob(encode(photo(), OutputFormat::Jxl), "[]", R"({"format":"keep"})", &why);
        QVERIFY(!decode(lossy).lossless);
        const Bytes avif = runJob(encode(photo(), OutputFormat::Avif), "[]", R"({"format":"keep"})", &why);
        QVERIFY2(!avif.empty(), qPrintable(why));
        QCOMPARE(probeImage(avif.data(), avif.size()).format, ImageFormat::Avif);
    }
};

QTEST_GUILESS_MAIN(TestJxlAvif)
#include "tst_jxl_avif.moc"
