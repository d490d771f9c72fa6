// AVIF through libheif's AV1 encoder (aom in Debian's libheif 1.15). One thread per encode, as a
// worker runs one image per core. The speed is fixed: docs/formats.md gives the measurements it
// was chosen by. Grey images are written as monochrome AV1, so that a grey profile still fits.
#include "Codecs.h"

#include <libheif/heif.h>
#include <memory>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

// aom's speed, 0 (slowest) to 9; libheif's default is 6. Measured on 1200-pixel photos at quality
// 75, one thread (docs/formats.md has the table): 5 takes six to seven times as long as 6 for 3-8%
// less data; 7 saves a quarter of 6's time for 5-6% more data and a fifth of a dB. So 6.
constexpr int kAomSpeed = 6;

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

} // namespace

bool encodeAvif(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
                QStringList *warnings)
{
    if (image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)) {
        *error = QStringLiteral("AVIF needs 8-bit grey, colour or colour+alpha pixels");
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
    heif_encoder_set_parameter_integer(encoder.get(), "alpha-quality", quality); // aom's default is 50

    const Image picture = heifImage(image, error);
    if (!picture)
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
    return check(heif_context_write(ctx.get(), &writer, out), "writing the file", error);
}

} // namespace pp::codecs
