// HEIC/HEIF and AVIF through libheif (Debian's 1.15, with libde265 for HEVC and dav1d/aom for
// AV1): the primary image of a collection (a warning says how many images it has), or the image
// the primary is a thumbnail of (said too); the still image of a sequence, whose frames libheif 1.15
// does not read (a warning says how many there are; a sequence without a still image is refused
// as a kind PixelPool does not read, not as damaged); with its rotation, mirroring and crop
// (irot/imir/clap) applied once, so the pixels come out upright and the EXIF Orientation no longer
// applies. The transformations of the picture are those of the whole image, its alpha plane
// included, as libavif and browsers read it. libheif applies them, except where it cannot: libheif
// 1.15 mirrors no picture of more than 8 bits ("Can currently only mirror images with 8 bits per
// pixel"), and leaves an alpha plane without transformations of its own (as avifenc writes it) as
// decoded: unmirrored, unturned, and not joined to its picture at all once the picture is turned
// to another size (a quarter turn) or cropped. For a mirrored image, and for one with such an alpha
// plane, PixelPool has libheif ignore the transformations, decodes an alpha plane libheif did not
// join itself, and applies them to the picture with its alpha plane, in libheif's order and with
// its rounding (HeifLayout.h). An alpha plane that still cannot be joined is left out with a
// warning. Colour stored premultiplied by its alpha (a `prem` reference, as `avifenc -p` writes
// it) is made straight as libavif makes it: libheif 1.15 says so but hands it over premultiplied.
// The probe lets libheif read the boxes only (no image data) to learn the size that the pixel
// limit is checked against, and checks that a derived image (grid, overlay) and each coded image's
// stream are of that size (HeifLayout.cpp); the decoder then refuses any other size. An EXIF
// Orientation the transformations do not amount to is said (ImageCodec.cpp, decodeImage).
#include "Codecs.h"
#include "ColourManagement.h"
#include "HeifAv1Decoder.h"
#include "HeifPluginSupport.h"
#include "HeifHevcDecoder.h"
#include "HdrToSdr.h"
#include "HeifLayout.h"

#include <QtEndian>
#include <algorithm>
#include <climits>
#include <cstring>
#include <libheif/heif.h>
#include <memory>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

struct ContextDeleter {
    void operator()(heif_context *c) const { heif_context_free(c); }
};
struct HandleDeleter {
    void operator()(heif_image_handle *h) const { heif_image_handle_release(h); }
};
struct ImageDeleter {
    void operator()(heif_image *i) const { heif_image_release(i); }
};
using Context = std::unique_ptr<heif_context, ContextDeleter>;
using Handle = std::unique_ptr<heif_image_handle, HandleDeleter>;
using Image = std::unique_ptr<heif_image, ImageDeleter>;
struct OptionsDeleter {
    void operator()(heif_decoding_options *o) const { heif_decoding_options_free(o); }
};
using Options = std::unique_ptr<heif_decoding_options, OptionsDeleter>;

// AV1 in HEIF, as its brands say: the major brand, or a compatible one after a generic mif1/msf1.
bool isAvif(const uint8_t *data, size_t size)
{
    if (size < 12)
        return false;
    const int len = int(std::min<size_t>(size, INT_MAX));
    const heif_brand2 major = heif_read_main_brand(data, len);
    if (major == heif_fourcc_to_brand("avif") || major == heif_fourcc_to_brand("avis"))
        return true;
    return (major == heif_fourcc_to_brand("mif1") || major == heif_fourcc_to_brand("msf1")) &&
           heif_has_compatible_brand(data, len, "avif") == 1;
}

// libheif's words for an error; a decoder plug-in's own words without the names of the code and
// subcode libheif puts before them ("Decoder plugin generated an error: Unspecified: its coded image
// holds no AV1 data").
QString errorText(const heif_error &e)
{
    const QString text = QString::fromUtf8(e.message ? e.message : "unknown error").trimmed();
    const QLatin1String named("Decoder plugin generated an error: Unspecified: ");
    if (e.code == heif_error_Decoder_plugin_error && text.startsWith(named) && text.size() > named.size())
        return text.mid(named.size());
    return text;
}

// The image PixelPool reads (HeifLayout.h, HeifImages): the primary image, or, when that is a
// thumbnail, the image it is a thumbnail of; with the primary's handle then (`thumbnail`). Null
// `image` with `error` set when the file cannot be opened: `unsupported` when it is an image sequence
// without a still image, which libheif 1.15 cannot open (it refuses the brands, msf1 or avis
// without mif1, or finds no meta box), and which is no damage.
struct Opened {
    Handle image, thumbnail;
    HeifImages images;
    QString error;
    bool unsupported = false;
};

// Whether the file type box names a brand of HEIF or AVIF, of image sequences or of still images:
// what an MP4 video, which has a track of pictures too, does not.
bool heifBrands(const uint8_t *data, size_t size)
{
    const int len = int(std::min<size_t>(size, INT_MAX));
    const heif_brand2 major = heif_read_main_brand(data, len);
    for (const char *brand : {"msf1", "avis", "hevc", "hevx", "mif1", "avif", "heic", "heix"})
        if (major == heif_fourcc_to_brand(brand) || heif_has_compatible_brand(data, len, brand) == 1)
            return true;
    return false;
}

// libheif's reason a file does not open, with what PixelPool knows of it.
QString openError(const heif_error &e, const uint8_t *data, size_t size, const QString &kind, bool *unsupported)
{
    if (const HeifSequence sequence = heifSequence(data, size);
        sequence.withoutStill && sequence.frames > 0 && heifBrands(data, size)) {
        *unsupported = true;
        return QStringLiteral("%1 image sequence of %2 %3 without a still image (PixelPool reads %1 still "
                              "images, not a sequence's frames)")
            .arg(kind)
            .arg(sequence.frames)
            .arg(sequence.frames == 1 ? QStringLiteral("frame") : QStringLiteral("frames"));
    }
    // libheif's words for a file cut short name a position that is not where the file ends
    // ("Extent in iloc box references data outside of file bounds (points to file position 424)")
    // or a missing box: said so the reader knows what to look for.
    QString why;
    if (e.subcode == heif_suberror_End_of_data)
        why = QStringLiteral("its image data lies past the end of the file (%1 bytes): cut short or damaged")
                  .arg(qulonglong(size));
    else if (e.subcode == heif_suberror_No_meta_box)
        why = QStringLiteral("no 'meta' box, which describes its images (%1 bytes): cut short or damaged")
                  .arg(qulonglong(size));
    else
        why = errorText(e);
    return QStringLiteral("damaged or unsupported %1: %2").arg(kind, why);
}

// Items in one file that libheif is given at most. Its reading of a file's items grows with the
// square of their number (libheif 1.15: 10,000 items of a 420 KB file took 3.5 s, 20,000 took 14 s,
// and more than 20,000 it refuses as "no 'meta' box"). A photo has tens (an iPhone's 48 tiles, its
// thumbnail, EXIF, a depth map); 4,096 holds 200 megapixels in tiles of 256×256.
constexpr size_t kMaxHeifItems = 4096;

// `data` must outlive the context.
Opened openImage(const uint8_t *data, size_t size, const QString &kind, Context *ctx)
{
    Opened out;
    out.images = heifImages(data, size);
    if (out.images.items > kMaxHeifItems) {
        out.unsupported = true;
        out.error = QStringLiteral("%1 of %2 items (images, tiles, metadata): more than PixelPool reads in one "
                                   "file (%3)")
                        .arg(kind)
                        .arg(qulonglong(out.images.items))
                        .arg(qulonglong(kMaxHeifItems));
        return out;
    }
    ctx->reset(heif_context_alloc());
    if (!*ctx) {
        out.error = QStringLiteral("damaged or unsupported %1: out of memory").arg(kind);
        return out;
    }
    // libheif's own ceiling for what it will allocate (width × height ≤ this²); PixelPool's pixel
    // limit is checked on the probed size before any decoding.
    heif_context_set_maximum_image_size_limit(ctx->get(), 1 << 16);
    // A grid's tiles on the calling thread, one after the other: a worker decodes one image per core
    // (libheif's default starts a thread for each tile, four at a time).
    heif_context_set_max_decoding_threads(ctx->get(), 0);
    // AV1 and HEVC through PixelPool's plug-ins (HeifAv1Decoder.h, HeifHevcDecoder.h), ahead of
    // libheif's own.
    heif_error e = heif_register_decoder(ctx->get(), av1DecoderPlugin());
    if (e.code == heif_error_Ok)
        e = heif_register_decoder(ctx->get(), hevcDecoderPlugin());
    if (e.code != heif_error_Ok) {
        out.error = QStringLiteral("damaged or unsupported %1: %2").arg(kind, errorText(e));
        return out;
    }
    e = heif_context_read_from_memory_without_copy(ctx->get(), data, size, nullptr);
    if (e.code != heif_error_Ok) {
        out.error = openError(e, data, size, kind, &out.unsupported);
        return out;
    }
    heif_image_handle *h = nullptr;
    e = heif_context_get_primary_image_handle(ctx->get(), &h);
    Handle primary(h);
    if (e.code != heif_error_Ok || !primary) {
        out.error = QStringLiteral("damaged or unsupported %1: %2").arg(kind, errorText(e));
        return out;
    }
    // A primary image that is a thumbnail: its master, at the size the pixel limit is checked on.
    const HeifImages &images = out.images;
    heif_item_id primaryId = 0;
    if (images.read == 0 || images.read == images.primary ||
        heif_context_get_primary_image_ID(ctx->get(), &primaryId).code != heif_error_Ok ||
        primaryId != images.primary) {
        out.image = std::move(primary);
        return out;
    }
    h = nullptr;
    e = heif_context_get_image_handle(ctx->get(), images.read, &h);
    out.image.reset(h);
    if (e.code != heif_error_Ok || !out.image) {
        out.image.reset();
        out.error = QStringLiteral("damaged %1: its primary image is a thumbnail of image %2, which cannot be read "
                                   "(%3)")
                        .arg(kind)
                        .arg(images.read)
                        .arg(errorText(e));
        return out;
    }
    out.thumbnail = std::move(primary);
    return out;
}

// EXIF (after the 4-byte offset to its TIFF header) and XMP.
void collectMetadata(heif_image_handle *h, SourceMetadata *meta)
{
    const int n = heif_image_handle_get_number_of_metadata_blocks(h, nullptr);
    std::vector<heif_item_id> ids(size_t(std::clamp(n, 0, 64)));
    heif_image_handle_get_list_of_metadata_block_IDs(h, nullptr, ids.data(), int(ids.size()));
    for (const heif_item_id id : ids) {
        const size_t size = heif_image_handle_get_metadata_size(h, id);
        const char *type = heif_image_handle_get_metadata_type(h, id);
        const char *content = heif_image_handle_get_metadata_content_type(h, id);
        if (size == 0 || !type)
            continue;
        const bool exif = std::strcmp(type, "Exif") == 0;
        const bool xmp = std::strcmp(type, "mime") == 0 && content && std::strcmp(content, "application/rdf+xml") == 0;
        if (size > kMaxXmpBytes) { // the larger cap; EXIF's is checked after its offset
            if (exif || xmp)
                meta->warnings.append(tooLargeToRead(exif ? "EXIF" : "XMP", size));
            continue;
        }
        std::vector<uint8_t> block(size);
        if (heif_image_handle_get_metadata(h, id, block.data()).code != heif_error_Ok)
            continue;
        if (exif && meta->exif.empty() && size > 4) {
            const quint32 offset = qFromBigEndian<quint32>(block.data());
            if (offset < size - 4 && size - 4 - offset <= kMaxExifBytes)
                meta->exif.assign(block.begin() + 4 + offset, block.end());
            else if (offset < size - 4)
                meta->warnings.append(tooLargeToRead("EXIF", size - 4 - offset));
        } else if (xmp && meta->xmp.empty()) {
            meta->xmp.assign(block.begin(), block.end());
        }
    }
}

// The image's colour, into meta's icc and warnings: its profile (prof/rICC), or the one its nclx
// colour description is turned into. An nclx of PQ or HLG is read as SDR as every HDR input is
// (HdrToSdr.h); the reading says what the pixels need (a PQ image's are tone mapped).
colour::HdrReading readColour(heif_image_handle *h, const QString &kind, SourceMetadata *meta)
{
    colour::HdrReading hdr;
    const heif_color_profile_type profile = heif_image_handle_get_color_profile_type(h);
    if (profile == heif_color_profile_type_prof || profile == heif_color_profile_type_rICC) {
        const size_t size = heif_image_handle_get_raw_color_profile_size(h);
        if (size > 0 && size <= colour::kMaxProfileBytes) {
            meta->icc.resize(size);
            if (heif_image_handle_get_raw_color_profile(h, meta->icc.data()).code != heif_error_Ok)
                meta->icc.clear();
        } else if (size > 0) {
            meta->warnings.append(tooLargeToRead("colour profile", size));
        }
    } else if (profile == heif_color_profile_type_nclx) {
        // libheif 1.15 hands the description over on failure too (it allocates it before it checks
        // the values, and reads one it does not know as unspecified): free it either way.
        heif_color_profile_nclx *nclx = nullptr;
        const heif_error e = heif_image_handle_get_nclx_color_profile(h, &nclx);
        if (nclx) {
            const int primaries = int(nclx->color_primaries), transfer = int(nclx->transfer_characteristics);
            heif_nclx_color_profile_free(nclx);
            if (e.code != heif_error_Ok) {
                const QString what = e.subcode == heif_suberror_Unknown_NCLX_color_primaries ? "its primaries"
                                     : e.subcode == heif_suberror_Unknown_NCLX_transfer_characteristics ? "its transfer"
                                     : e.subcode == heif_suberror_Unknown_NCLX_matrix_coefficients      ? "its matrix"
                                                                                                        : errorText(e);
                meta->warnings.append(
                    QStringLiteral("colour description (nclx) not understood (%1): read as unspecified").arg(what));
            }
            if (colour::isHdrTransfer(transfer)) {
                hdr = colour::hdrReading(primaries, transfer, kind);
                meta->icc = hdr.icc;
                meta->warnings.append(hdr.warning);
            } else {
                QString why;
                meta->icc = colour::profileFromCicp(primaries, transfer, &why);
                if (!why.isEmpty())
                    meta->warnings.append(why);
            }
        }
    }
    return hdr;
}

// The size the primary image is handed over at: the layout's (HeifShownSize), else libheif's own;
// decodedPixels, what is decoded for it when the layout knows (else 0); damage, the layout check's
// reason to refuse the file.
struct HandedOver {
    cv::Size size;
    qint64 decodedPixels = 0;
    QString damage;
};
HandedOver handedOver(heif_image_handle *h, const uint8_t *data, size_t size)
{
    HandedOver out;
    HeifShownSize shown;
    out.damage = heifLayoutDamage(data, size, &shown);
    out.size = shown.width > 0 ? cv::Size(shown.width, shown.height)
                               : cv::Size(heif_image_handle_get_width(h), heif_image_handle_get_height(h));
    out.decodedPixels = shown.decodedPixels;
    return out;
}

// Whether PixelPool applies the primary image's transformations itself (see the top): an image that
// is mirrored, or transformed at all while it has an alpha plane (which then has none of its own),
// unless an auxiliary image has transformations of its own, which libheif applies to it before it
// joins the picture whatever it is asked (a 10-bit one mirrored then still fails).
bool transformsOwn(const HeifTransforms &t, bool alphaPlane)
{
    if (!t.known || t.auxiliaryTransformed)
        return false;
    if (alphaPlane && !t.steps.empty())
        return true;
    return std::any_of(t.steps.begin(), t.steps.end(),
                       [](const HeifStep &s) { return s.kind == HeifStep::Kind::Mirror; });
}

// The primary image's alpha plane (an auxiliary image of an alpha type), whether or not libheif
// joins it to the picture; null without one.
Handle alphaPlaneOf(heif_image_handle *h)
{
    const int count = std::clamp(heif_image_handle_get_number_of_auxiliary_images(h, 0), 0, 16);
    std::vector<heif_item_id> ids(size_t(count), 0);
    ids.resize(size_t(std::max(0, heif_image_handle_get_list_of_auxiliary_image_IDs(h, 0, ids.data(), count))));
    for (const heif_item_id id : ids) {
        heif_image_handle *raw = nullptr;
        if (heif_image_handle_get_auxiliary_image_handle(h, id, &raw).code != heif_error_Ok || !raw)
            continue;
        Handle aux(raw);
        const char *type = nullptr;
        if (heif_image_handle_get_auxiliary_type(aux.get(), &type).code != heif_error_Ok || !type)
            continue;
        const bool alpha = std::strcmp(type, "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha") == 0 ||
                           std::strcmp(type, "urn:mpeg:hevc:2015:auxid:1") == 0 ||
                           std::strcmp(type, "urn:mpeg:avc:2015:auxid:1") == 0; // libheif's alpha types
        heif_image_handle_free_auxiliary_types(aux.get(), &type);
        if (alpha)
            return aux;
    }
    return nullptr;
}

// Why an alpha plane of another size than its picture is left out.
QString otherSize(heif_image_handle *plane, cv::Size picture)
{
    return QStringLiteral("it is %1×%2, its picture %3×%4")
        .arg(heif_image_handle_get_width(plane))
        .arg(heif_image_handle_get_height(plane))
        .arg(picture.width)
        .arg(picture.height);
}

// An alpha plane libheif did not join to its picture, decoded as it is stored (it has no
// transformations of its own) into *samples at the picture's depth: 8 bits, or `pictureBits` in 16.
// Its samples are taken as libheif takes those of an alpha plane it joins: its luma, coded in grey
// as alpha planes are (libheif 1.15 hands a plane coded in colour over only as RGB, whose values
// are not that luma: such a plane is left out). Nothing of another size than the `picture` is
// decoded. Empty when it is joined; else why not.
QString decodeAlphaPlane(heif_image_handle *plane, cv::Size picture, int pictureBits, cv::Mat *samples)
{
    const int w = heif_image_handle_get_width(plane), h = heif_image_handle_get_height(plane);
    if (w != picture.width || h != picture.height)
        return otherSize(plane, picture);
    const Options options(heif_decoding_options_alloc());
    if (!options)
        return QStringLiteral("out of memory");
    options->ignore_transformations = 1;
    heif_image *raw = nullptr;
    const heif_error e =
        heif_decode_image(plane, &raw, heif_colorspace_undefined, heif_chroma_undefined, options.get());
    const Image image(raw);
    if (e.code != heif_error_Ok || !image)
        return errorText(e);
    if (heif_image_get_colorspace(image.get()) != heif_colorspace_monochrome)
        return QStringLiteral("it is coded in colour, not in grey");
    int stride = 0;
    const uint8_t *y = heif_image_get_plane_readonly(image.get(), heif_channel_Y, &stride);
    const int bits = heif_image_get_bits_per_pixel_range(image.get(), heif_channel_Y);
    if (!y || bits < 1 || bits > 16 || heif_image_get_width(image.get(), heif_channel_Y) != w ||
        heif_image_get_height(image.get(), heif_channel_Y) != h)
        return QStringLiteral("it decodes at another size than its size box says");
    const cv::Mat stored(h, w, bits > 8 ? CV_16UC1 : CV_8UC1, const_cast<uint8_t *>(y), size_t(stride));
    stored.convertTo(*samples, pictureBits > 8 ? CV_16U : CV_8U,
                     double((1 << pictureBits) - 1) / double((1 << bits) - 1));
    return {};
}

// Colour premultiplied by its alpha (RGBA, samples up to `maxIn`) made straight, at the pipeline's
// scale (`maxOut`: 255, or 65535 for more than 8 bits), in one rounding: c·maxOut/a as libavif
// computes it (avifRGBImageUnpremultiplyAlpha: rounded, at most the largest sample; no colour where
// alpha is 0), from the samples as decoded, so 10/12-bit samples lose nothing to a stretch first.
template <typename In, typename Out> cv::Mat straightened(const cv::Mat &premultiplied, double maxIn, double maxOut)
{
    cv::Mat out(premultiplied.size(), CV_MAKETYPE(cv::DataType<Out>::depth, 4));
    for (int y = 0; y < premultiplied.rows; ++y) {
        const In *p = premultiplied.ptr<In>(y);
        Out *q = out.ptr<Out>(y);
        for (int x = 0; x < premultiplied.cols; ++x, p += 4, q += 4) {
            const double a = std::min<double>(p[3], maxIn);
            for (int c = 0; c < 3; ++c)
                q[c] = a > 0 ? Out(std::min(maxOut, std::round(double(p[c]) * maxOut / a))) : Out(0);
            q[3] = Out(std::round(a * maxOut / maxIn));
        }
    }
    return out;
}

// The decoded samples (`bits` deep, in 8 or 16 bits) at the pipeline's scale: 8 bits as they are,
// more stretched to 16; premultiplied colour made straight.
cv::Mat atPipelineScale(const cv::Mat &samples, int bits, bool premultiplied)
{
    const double maxIn = double((1 << bits) - 1);
    if (premultiplied && samples.channels() == 4)
        return samples.depth() == CV_8U ? straightened<uint8_t, uint8_t>(samples, maxIn, 255.0)
                                        : straightened<uint16_t, uint16_t>(samples, maxIn, 65535.0);
    if (samples.depth() == CV_8U)
        return samples;
    cv::Mat wide;
    samples.convertTo(wide, CV_16U, 65535.0 / maxIn);
    return wide;
}

// libheif 1.15's transformations (heif_context.cc, decode_image_planar; HeifPixelImage's
// rotate_ccw, mirror_inplace and crop), on the decoded picture of `t.width`×`t.height`. They move
// pixels and drop some, never change one, so applying them to the interleaved picture gives what
// libheif gives from its planes. False when the picture is not of that size.
bool applyTransforms(cv::Mat *image, const HeifTransforms &t)
{
    if (image->cols != t.width || image->rows != t.height)
        return false;
    for (const HeifStep &step : t.steps) {
        cv::Mat next;
        switch (step.kind) {
        case HeifStep::Kind::Turn:
            cv::rotate(*image, next,
                       step.quarterTurns == 1   ? cv::ROTATE_90_COUNTERCLOCKWISE
                       : step.quarterTurns == 2 ? cv::ROTATE_180
                                                : cv::ROTATE_90_CLOCKWISE);
            break;
        case HeifStep::Kind::Mirror:
            cv::flip(*image, next, step.reverseRows ? 1 : 0);
            break;
        case HeifStep::Kind::Crop:
            if (step.left < 0 || step.top < 0 || step.width <= 0 || step.height <= 0 ||
                step.width > image->cols - step.left || step.height > image->rows - step.top)
                return false;
            next = (*image)(cv::Rect(step.left, step.top, step.width, step.height)).clone();
            break;
        }
        *image = std::move(next);
    }
    return true;
}

// An image sequence's frames beside the still image that is read, said as an animated PNG's are.
QString sequenceWarning(const uint8_t *data, size_t size, const QString &kind)
{
    const HeifSequence sequence = heifSequence(data, size);
    if (sequence.stillIsFirstFrame && sequence.frames > 1)
        return QStringLiteral("animated %1 of %2 frames: only the first is read").arg(kind).arg(sequence.frames);
    if (!sequence.stillIsFirstFrame && sequence.frames > 0)
        return QStringLiteral("animated %1 of %2 %3: only its still image is read")
            .arg(kind)
            .arg(sequence.frames)
            .arg(sequence.frames == 1 ? QStringLiteral("frame") : QStringLiteral("frames"));
    return {};
}

} // namespace

ImageInfo probeHeif(const uint8_t *data, size_t size)
{
    ImageInfo info;
    info.format = isAvif(data, size) ? ImageFormat::Avif : ImageFormat::Heif;
    const char *kind = formatLabel(info.format);
    Context ctx;
    const Opened opened = openImage(data, size, QLatin1String(kind), &ctx);
    const Handle &h = opened.image;
    if (!h) {
        info.error = opened.error;
        if (opened.unsupported) // refused as a kind PixelPool does not read, not as damaged
            info.format = ImageFormat::Unknown;
        return info;
    }
    info.width = heif_image_handle_get_width(h.get());
    info.height = heif_image_handle_get_height(h.get());
    if (info.width <= 0 || info.height <= 0) {
        info.error = QStringLiteral("%1 without an image size").arg(QLatin1String(kind));
        return info;
    }
    const HandedOver over = handedOver(h.get(), data, size);
    if (!over.damage.isEmpty()) {
        info.error = QStringLiteral("damaged %1: %2").arg(QLatin1String(kind), over.damage);
        return info;
    }
    info.width = over.size.width;
    info.height = over.size.height;
    if (over.decodedPixels > qint64(info.width) * info.height) // a crop of a larger picture
        info.framePixels = over.decodedPixels;
    return info; // orientation 1: libheif turns the pixels upright itself
}

DecodeResult decodeHeif(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata)
{
    DecodeResult result;
    result.corrupt = true;
    const QString kind = QLatin1String(formatLabel(info.format));
    Context ctx;
    const Opened opened = openImage(data, size, kind, &ctx);
    const Handle &h = opened.image;
    if (!h) {
        result.corrupt = !opened.unsupported;
        result.error = opened.error;
        return result;
    }
    // The file as probed: the size it is handed over at is the one the pixel limit was checked on.
    const HandedOver over = handedOver(h.get(), data, size);
    if (!over.damage.isEmpty()) {
        result.error = QStringLiteral("damaged %1: %2").arg(kind, over.damage);
        return result;
    }
    if (!sizeMatches(over.size, info, &result))
        return result;
    const bool joined = heif_image_handle_has_alpha_channel(h.get()); // libheif joins the alpha plane
    const Handle alphaPlane = alphaPlaneOf(h.get());
    const bool deep = heif_image_handle_get_luma_bits_per_pixel(h.get()) > 8;
    const heif_chroma chroma = deep ? (joined ? heif_chroma_interleaved_RRGGBBAA_LE : heif_chroma_interleaved_RRGGBB_LE)
                                    : (joined ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB);
    const HeifTransforms transforms = heifTransforms(data, size);
    const bool own = transformsOwn(transforms, alphaPlane != nullptr);
    const Options options(own ? heif_decoding_options_alloc() : nullptr);
    if (own && !options) {
        result.corrupt = false;
        result.error = QStringLiteral("out of memory");
        return result;
    }
    if (own)
        options->ignore_transformations = 1;
    heif_image *raw = nullptr;
    plugin::decodedPictureSizes().clear();
    const heif_error e = heif_decode_image(h.get(), &raw, heif_colorspace_RGB, chroma, options.get());
    const Image image(raw);
    if (e.code != heif_error_Ok || !image) {
        result.corrupt = e.code != heif_error_Unsupported_feature && e.code != heif_error_Unsupported_filetype;
        result.error = QStringLiteral("%1: %2").arg(kind, errorText(e));
        const std::vector<std::pair<int, int>> &sizes = plugin::decodedPictureSizes();
        const auto other = std::find_if(sizes.begin(), sizes.end(), [&](const auto &s) { return s != sizes.front(); });
        if (e.subcode == heif_suberror_Unsupported_color_conversion && alphaPlane && other != sizes.end()) {
            result.corrupt = true;
            result.error = QStringLiteral("damaged %1: its pictures decode at different sizes (%2×%3 and %4×%5)")
                               .arg(kind)
                               .arg(sizes.front().first)
                               .arg(sizes.front().second)
                               .arg(other->first)
                               .arg(other->second);
        }
        return result;
    }
    int stride = 0;
    const uint8_t *plane = heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
    const int w = heif_image_get_width(image.get(), heif_channel_interleaved);
    const int hgt = heif_image_get_height(image.get(), heif_channel_interleaved);
    if (!plane)
        return result;
    if (own && (w != transforms.width || hgt != transforms.height)) {
        result.error = QStringLiteral("damaged %1: its picture decodes at %2×%3, not at the %4×%5 its "
                                      "transformations are for")
                           .arg(kind)
                           .arg(w)
                           .arg(hgt)
                           .arg(transforms.width)
                           .arg(transforms.height);
        return result;
    }
    if (!own && !sizeMatches(cv::Size(w, hgt), info, &result))
        return result;
    // 10/12-bit samples are little-endian in 16 bits.
    const int bits =
        deep ? std::clamp(heif_image_get_bits_per_pixel_range(image.get(), heif_channel_interleaved), 9, 16) : 8;
    cv::Mat samples(hgt, w, deep ? CV_16UC(joined ? 4 : 3) : CV_8UC(joined ? 4 : 3), const_cast<uint8_t *>(plane),
                    size_t(stride));
    QStringList warnings;
    if (alphaPlane && !joined) {
        // Transformed by PixelPool, the picture is joined to its alpha plane here, as decoded; else
        // libheif's picture is of another size than its alpha plane, which is said.
        cv::Mat alphaSamples;
        const QString why = own ? decodeAlphaPlane(alphaPlane.get(), samples.size(), bits, &alphaSamples)
                                : otherSize(alphaPlane.get(), cv::Size(heif_image_handle_get_width(h.get()),
                                                                       heif_image_handle_get_height(h.get())));
        if (why.isEmpty()) {
            std::vector<cv::Mat> planes;
            cv::split(samples, planes);
            planes.push_back(alphaSamples);
            cv::merge(planes, samples);
        } else {
            warnings.append(QStringLiteral("%1 read without its alpha plane: %2").arg(kind, why));
        }
    }
    const bool alpha = samples.channels() == 4;
    // Stretched to the pipeline's full 16-bit scale; colour premultiplied by its alpha made straight.
    cv::Mat decoded = atPipelineScale(samples, bits, alpha && heif_image_handle_is_premultiplied_alpha(h.get()) != 0);
    // The colour is read whether or not the metadata is kept: an HDR image's pixels depend on it.
    SourceMetadata colourMeta;
    const colour::HdrReading hdr = readColour(h.get(), kind, &colourMeta);
    if (hdr.way == colour::HdrReading::Way::ToneMapped) {
        QString why;
        if (!colour::pqSignalToSdr(decoded, hdr, &why)) {
            result.corrupt = false;
            result.error = QStringLiteral("%1 colours cannot be converted: %2").arg(kind, why);
            return result;
        }
    }
    cv::cvtColor(decoded, result.image, alpha ? cv::COLOR_RGBA2BGRA : cv::COLOR_RGB2BGR); // copies out
    if (own && (!applyTransforms(&result.image, transforms) ||
                !sizeMatches(cv::Size(result.image.cols, result.image.rows), info, &result))) {
        result.image.release();
        if (result.error.isEmpty())
            result.error = QStringLiteral("damaged %1: its crop (clap) lies outside its picture").arg(kind);
        return result;
    }
    result.corrupt = false;
    if (withMetadata) {
        collectMetadata(h.get(), &result.metadata);
        result.metadata.icc = std::move(colourMeta.icc);
        result.metadata.warnings += colourMeta.warnings;
    }
    if (const QString sequence = sequenceWarning(data, size, kind); !sequence.isEmpty())
        warnings.prepend(sequence);
    if (opened.thumbnail)
        warnings.prepend(QStringLiteral("%1's primary image is a %2×%3 thumbnail: the %4×%5 image it was made from is "
                                        "read instead")
                             .arg(kind)
                             .arg(heif_image_handle_get_width(opened.thumbnail.get()))
                             .arg(heif_image_handle_get_height(opened.thumbnail.get()))
                             .arg(result.image.cols)
                             .arg(result.image.rows));
    if (opened.images.count > 1)
        warnings.prepend(
            QStringLiteral("%1 of %2 images: only the primary is read").arg(kind).arg(opened.images.count));
    result.warning = warnings.join(QStringLiteral("; "));
    return result;
}

} // namespace pp::codecs
