// AVIF through libheif's AV1 encoder (aom in Debian's libheif 1.15). One thread per encode, as a
// worker runs one image per core. The speed is fixed: docs/formats.md gives the measurements it
// was chosen by. Grey images are written as monochrome AV1, so that a grey profile still fits.
// Lossless (EncodeSettings::lossless) is AV1's lossless mode on the samples themselves: 4:4:4 with the
// identity matrix (the nclx box and the sequence header say RGB, coded as G, B, R planes), which
// libheif 1.15 reads back, and libavif decodes, bit for bit (tst_jxl_avif; docs/formats.md).
#include "Codecs.h"

#include <algorithm>
#include <libheif/heif.h>
#include <memory>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

// aom's speed, 0 (slowest) to 9; libheif's default is 6. Measured on 1200-pixel photos at quality
// 75, one thread (docs/formats.md has the table): 5 takes six to seven times as long as 6 for 3-8%
// less data; 7 saves a quarter of 6's time for 5-6% more data and a fifth of a dB. So 6.
constexpr int kAomSpeed = 6;

// The largest AVIF its readers open: libavif (browsers, avifdec) at most 32768 on a side and
// 16384×16384 pixels in all (AVIF_DEFAULT_IMAGE_DIMENSION_LIMIT, _SIZE_LIMIT), libheif at most
// 32768 on a side ("Security limit exceeded"). AV1 codes up to 65536, so aom writes larger ones,
// which nothing then reads.
constexpr int kMaxAvifSide = 32768;
constexpr qint64 kMaxAvifPixels = qint64(16384) * 16384;

struct HeifFree {
    void operator()(heif_context *p) const { heif_context_free(p); }
    void operator()(heif_encoder *p) const { heif_encoder_release(p); }
    void operator()(heif_image *p) const { heif_image_release(p); }
    void operator()(heif_image_handle *p) const { heif_image_handle_release(p); }
    void operator()(heif_encoding_options *p) const { heif_encoding_options_free(p); }
};
using Context = std::unique_ptr<heif_context, HeifFree>;
using Encoder = std::unique_ptr<heif_encoder, HeifFree>;
using Image = std::unique_ptr<heif_image, HeifFree>;
using Handle = std::unique_ptr<heif_image_handle, HeifFree>;
using Options = std::unique_ptr<heif_encoding_options, HeifFree>;

QString errorText(const heif_error &e) { return QString::fromUtf8(e.message ? e.message : "unknown error").trimmed(); }

// libheif's image of 8-bit grey (monochrome), BGR or BGRA (interleaved RGB/RGBA) pixels.
Image heifImage(const cv::Mat &pixels, QString *error)
{
    const int channels = pixels.channels();
    const heif_colorspace space = channels == 1 ? heif_colorspace_monochrome : heif_colorspace_RGB;
    const heif_chroma chroma = channels == 1   ? heif_chroma_monochrome
                               : channels == 3 ? heif_chroma_interleaved_RGB
                                               : heif_chroma_interleaved_RGBA;
    const heif_channel channel = channels == 1 ? heif_channel_Y : heif_channel_interleaved;
    heif_image *raw = nullptr;
    heif_error e = heif_image_create(pixels.cols, pixels.rows, space, chroma, &raw);
    Image image(raw);
    if (e.code == heif_error_Ok)
        e = heif_image_add_plane(raw, channel, pixels.cols, pixels.rows, 8);
    int stride = 0;
    uint8_t *plane = e.code == heif_error_Ok ? heif_image_get_plane(raw, channel, &stride) : nullptr;
    if (!plane) {
        *error = e.code == heif_error_Ok ? QStringLiteral("no image plane") : errorText(e);
        return nullptr;
    }
    cv::Mat target(pixels.rows, pixels.cols, pixels.type(), plane, size_t(stride));
    if (channels == 1)
        pixels.copyTo(target);
    else // into libheif's plane: the size and type match, so nothing is reallocated
        cv::cvtColor(pixels, target, channels == 3 ? cv::COLOR_BGR2RGB : cv::COLOR_BGRA2RGBA);
    return image;
}

bool check(const heif_error &e, const char *what, QString *error)
{
    if (e.code == heif_error_Ok)
        return true;
    *error = QStringLiteral("%1: %2").arg(QLatin1String(what), errorText(e));
    return false;
}

// Sets up a lossless encode: aom's lossless mode (the aom plug-in sets it for the alpha plane too)
// and, for colour, 4:4:4 with the identity matrix. libheif 1.15 turns interleaved RGB into G, B, R
// planes for that matrix (full range), while the YCbCr of any other matrix rounds: lossless 4:4:4
// with libheif's BT.601 gave back 14% of the kite's samples off by 1. Without the plug-in's
// "chroma" parameter the planes would be 4:2:0, on which aom 3.6 aborts for the identity matrix
// (an assertion: the worker would crash), so a refused parameter is an error, never a lossy file.
bool losslessAv1(heif_encoder *encoder, heif_image *picture, int channels, QString *error)
{
    if (!check(heif_encoder_set_lossless(encoder, 1), "lossless", error))
        return false;
    if (channels == 1)
        return true; // monochrome AV1: the grey samples alone, no matrix
    if (!check(heif_encoder_set_parameter_string(encoder, "chroma", "444"), "lossless needs 4:4:4", error))
        return false;
    heif_color_profile_nclx *nclx = heif_nclx_color_profile_alloc();
    if (!nclx) {
        *error = QStringLiteral("out of memory");
        return false;
    }
    // Primaries and transfer as libheif writes them for a lossy AVIF (unspecified: the profile, or
    // sRGB, says what the colours are); the matrix is none.
    nclx->matrix_coefficients = heif_matrix_coefficients_RGB_GBR;
    nclx->full_range_flag = 1;
    const heif_error e = heif_image_set_nclx_color_profile(picture, nclx);
    heif_nclx_color_profile_free(nclx);
    return check(e, "lossless colour description", error);
}

// --- The size boxes of an oriented AVIF, as the HEIF standard has them.
// libheif 1.15 associates an oriented image's irot/imir before its size box (ispe) and writes the
// turned size there. The standard (ISO/IEC 23008-12, and MIAF) says the size box holds the coded
// picture's size, and descriptive properties come before transformative ones; libavif, which
// browsers decode with, takes the size box for the coded size: a 200×400 picture came out of it
// as 400×200, squashed. So the file is corrected in place: each image's size box says its coded
// size and is associated before its transformations. Nothing moves (the same boxes, each as long
// as before), and libheif, which turns the size by an irot associated after the size box, reports
// the same size as before.

uint32_t bigEndian(const std::vector<uint8_t> &b, size_t at, int bytes)
{
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = v << 8 | b[at + size_t(i)];
    return v;
}

void putBigEndian(std::vector<uint8_t> &b, size_t at, uint32_t v)
{
    for (int i = 3; i >= 0; --i, v >>= 8)
        b[at + size_t(i)] = uint8_t(v);
}

constexpr uint32_t fourcc(const char (&t)[5])
{
    return uint32_t(uint8_t(t[0])) << 24 | uint32_t(uint8_t(t[1])) << 16 | uint32_t(uint8_t(t[2])) << 8 | uint8_t(t[3]);
}

struct Box {
    uint32_t type = 0;
    size_t body = 0, end = 0; // the body after the box header (a full box's version and flags included)
};

// The boxes in [from, to); empty when they do not fill it exactly.
std::vector<Box> boxesIn(const std::vector<uint8_t> &b, size_t from, size_t to)
{
    std::vector<Box> out;
    while (from < to) {
        if (to - from < 8)
            return {};
        const uint64_t size = bigEndian(b, from, 4);
        if (size < 8 || size > to - from) // libheif writes no 64-bit or open-ended box into its meta
            return {};
        out.push_back({bigEndian(b, from + 4, 4), from + 8, from + size_t(size)});
        from += size_t(size);
    }
    return out;
}

const Box *findBox(const std::vector<Box> &boxes, uint32_t type)
{
    for (const Box &box : boxes)
        if (box.type == type)
            return &box;
    return nullptr;
}

// Corrects the size boxes of the file libheif wrote for a `coded` picture (see above). Returns false
// with *why when the file is laid out otherwise than this expects; it is then unchanged.
bool codedSizeFirst(std::vector<uint8_t> &written, cv::Size coded, QString *why)
{
    std::vector<uint8_t> file = written; // changed only when all of it can be
    const auto refuse = [&](const char *what) {
        *why = QLatin1String(what);
        return false;
    };
    const Box *meta = findBox(boxesIn(file, 0, file.size()), fourcc("meta"));
    if (!meta || meta->end - meta->body < 4)
        return refuse("no meta box");
    const std::vector<Box> inMeta = boxesIn(file, meta->body + 4, meta->end);
    const Box *iprp = findBox(inMeta, fourcc("iprp"));
    const std::vector<Box> inIprp = iprp ? boxesIn(file, iprp->body, iprp->end) : std::vector<Box>{};
    const Box *ipco = findBox(inIprp, fourcc("ipco")), *ipma = findBox(inIprp, fourcc("ipma"));
    if (!ipco || !ipma || ipma->end - ipma->body < 8)
        return refuse("no item properties");
    const std::vector<Box> properties = boxesIn(file, ipco->body, ipco->end); // numbered from 1
    const int version = file[ipma->body];
    const bool wide = file[ipma->body + 3] & 1; // 15-bit property indices
    const size_t idBytes = version < 1 ? 2 : 4, indexBytes = wide ? 2 : 1;
    struct Association {
        size_t at;
        const Box *property;
    };
    std::vector<std::vector<Association>> items;
    size_t at = ipma->body + 8;
    for (uint32_t n = bigEndian(file, ipma->body + 4, 4); n > 0; --n) {
        if (ipma->end - at < idBytes + 1)
            return refuse("a cut property association");
        const size_t count = file[at + idBytes];
        at += idBytes + 1;
        if (ipma->end - at < count * indexBytes)
            return refuse("a cut property association");
        std::vector<Association> item;
        for (size_t i = 0; i < count; ++i, at += indexBytes) {
            const uint32_t index = bigEndian(file, at, int(indexBytes)) & (wide ? 0x7fff : 0x7f);
            if (index == 0 || index > properties.size())
                return refuse("an association with no property");
            item.push_back({at, &properties[index - 1]});
        }
        items.push_back(std::move(item));
    }
    for (std::vector<Association> &item : items) {
        const auto isType = [](uint32_t type) {
            return [type](const Association &a) { return a.property->type == type; };
        };
        const auto ispe = std::find_if(item.begin(), item.end(), isType(fourcc("ispe")));
        if (ispe == item.end())
            continue; // not an image (EXIF, XMP)
        const Box &size = *ispe->property;
        if (size.end - size.body < 12)
            return refuse("a short size box");
        int quarterTurns = 0;
        auto first = item.end(); // the first transformation associated before the size box
        for (auto a = item.begin(); a != ispe; ++a) {
            const uint32_t type = a->property->type;
            if (type == fourcc("clap"))
                return refuse("a crop before the size box");
            if (type != fourcc("irot") && type != fourcc("imir"))
                continue;
            if (first == item.end())
                first = a;
            if (type == fourcc("irot") && a->property->end > a->property->body)
                quarterTurns += file[a->property->body] & 3;
        }
        if (first == item.end())
            continue; // as the standard has it already
        uint32_t w = bigEndian(file, size.body + 4, 4), h = bigEndian(file, size.body + 8, 4);
        if (quarterTurns % 2)
            std::swap(w, h);
        if (w != uint32_t(coded.width) || h != uint32_t(coded.height))
            return refuse("a size box that is not the picture's size");
        for (const std::vector<Association> &other : items) // a shared size box cannot be turned for one
            if (&other != &item && std::any_of(other.begin(), other.end(),
                                               [&](const Association &a) { return a.property == ispe->property; }))
                return refuse("a size box shared by two images");
        putBigEndian(file, size.body + 4, w);
        putBigEndian(file, size.body + 8, h);
        // The size box's association moves before the transformations (all are indexBytes long).
        std::vector<uint8_t> order;
        for (auto a = first; a <= ispe; ++a)
            order.insert(order.end(), file.begin() + long(a->at), file.begin() + long(a->at + indexBytes));
        std::rotate(order.begin(), order.end() - long(indexBytes), order.end());
        std::copy(order.begin(), order.end(), file.begin() + long(first->at));
    }
    written.swap(file);
    return true;
}

} // namespace

bool encodeAvif(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
                QStringList *warnings)
{
    if (image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)) {
        *error = QStringLiteral("AVIF needs 8-bit grey, colour or colour+alpha pixels");
        return false;
    }
    if (image.cols > kMaxAvifSide || image.rows > kMaxAvifSide || qint64(image.cols) * image.rows > kMaxAvifPixels) {
        *error = QStringLiteral("AVIF cannot hold %1×%2 pixels (its readers take at most %3 on a side and "
                                "16384×16384 in all)")
                     .arg(image.cols)
                     .arg(image.rows)
                     .arg(kMaxAvifSide);
        return false;
    }
    if (!heif_have_encoder_for_format(heif_compression_AV1)) {
        *error = QStringLiteral("this libheif has no AV1 encoder (PixelPool writes AVIF with libheif's aom "
                                "plug-in), so AVIF cannot be written here");
        return false;
    }
    Context ctx(heif_context_alloc());
    heif_encoder *rawEncoder = nullptr;
    if (!ctx || !check(heif_context_get_encoder_for_format(ctx.get(), heif_compression_AV1, &rawEncoder),
                       "no AV1 encoder", error))
        return false;
    const Encoder encoder(rawEncoder);
    const int quality = std::clamp(s.quality, 1, 100);
    if (!check(heif_encoder_set_lossy_quality(encoder.get(), quality), "quality", error))
        return false;
    // Parameters of the aom plug-in; another AV1 plug-in may lack them, which costs only speed.
    heif_encoder_set_parameter_integer(encoder.get(), "speed", kAomSpeed);
    heif_encoder_set_parameter_integer(encoder.get(), "threads", 1);
    if (!s.lossless)
        heif_encoder_set_parameter_integer(encoder.get(), "alpha-quality", quality); // aom's default is 50

    const Image picture = heifImage(image, error);
    if (!picture)
        return false;
    if (s.lossless && !losslessAv1(encoder.get(), picture.get(), image.channels(), error))
        return false;
    // Metadata that libheif refuses is left out with a warning; it never costs the picture.
    const auto keep = [&](const heif_error &e, const char *what) {
        if (e.code != heif_error_Ok)
            warnings->append(QStringLiteral("%1 left out: %2").arg(QLatin1String(what), errorText(e)));
    };
    const OutputMetadata *meta = s.metadata;
    if (meta && !meta->icc.empty())
        keep(heif_image_set_raw_color_profile(picture.get(), "prof", meta->icc.data(), meta->icc.size()),
             "colour profile");
    const Options options(heif_encoding_options_alloc());
    // The profile says what the colours are; the nclx box beside it says how YCbCr was made from
    // them, which readers need too (libheif writes only one of the two unless asked).
    options->save_two_colr_boxes_when_ICC_and_nclx_available = 1;
    options->image_orientation = heif_orientation(std::clamp(s.orientation, 1, 8)); // irot/imir
    heif_image_handle *rawHandle = nullptr;
    if (!check(heif_context_encode_image(ctx.get(), picture.get(), encoder.get(), options.get(), &rawHandle),
               "the AV1 encoder refused the image", error))
        return false;
    const Handle handle(rawHandle);
    // Blocks are capped far below INT_MAX (Metadata.h), which libheif's int sizes need.
    if (meta && !meta->exif.empty() && meta->exif.size() <= kMaxExifBytes)
        keep(heif_context_add_exif_metadata(ctx.get(), handle.get(), meta->exif.data(), int(meta->exif.size())),
             "EXIF");
    if (meta && !meta->xmp.empty() && meta->xmp.size() <= kMaxXmpBytes)
        keep(heif_context_add_XMP_metadata(ctx.get(), handle.get(), meta->xmp.data(), int(meta->xmp.size())), "XMP");

    struct Sink {
        static heif_error write(heif_context *, const void *data, size_t size, void *user)
        {
            auto *bytes = static_cast<std::vector<uint8_t> *>(user);
            const auto *p = static_cast<const uint8_t *>(data);
            bytes->insert(bytes->end(), p, p + size);
            return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
        }
    };
    heif_writer writer{1, &Sink::write};
    out->clear();
    if (!check(heif_context_write(ctx.get(), &writer, out), "writing the file", error))
        return false;
    QString why;
    if (!codedSizeFirst(*out, image.size(), &why))
        warnings->append(QStringLiteral("AVIF written with libheif's size boxes, which some readers take for another "
                                        "size (%1)")
                             .arg(why));
    return true;
}

} // namespace pp::codecs
