#include "HeifHevcDecoder.h"
#include "HeifPluginSupport.h"

#include <cstring>
#include <libde265/de265.h>
#include <libheif/heif.h>
#include <libheif/heif_plugin.h>
#include <new>
#include <string>
#include <vector>

namespace pp::codecs {
namespace {

// Above libheif's own libde265 plug-in (100), so a context this is registered on uses it.
constexpr int kPriority = 200;

// Static texts, or the last warning's words kept on this thread until the next failure: libheif
// copies an error's message after the decoder is freed.
const char kNoData[] = "its coded image holds no HEVC data";
const char kCutShort[] = "its HEVC data is cut short (a NAL unit runs past its end)";
const char kNoPicture[] = "its HEVC data holds no picture";
const char kLayout[] = "the HEVC picture is of a pixel layout PixelPool does not read";
thread_local std::string t_damage;

using plugin::failed;
using plugin::noMemory;
using plugin::ok;

struct HevcDecoder {
    de265_decoder_context *context = nullptr;
    std::vector<uint8_t> stream; // NAL units, each after its 4-byte length, as libheif pushes them
};

const char *pluginName() { return "PixelPool HEVC (libde265, one thread)"; }

int supports(heif_compression_format format) { return format == heif_compression_HEVC ? kPriority : 0; }

heif_error newDecoder(void **out)
{
    auto *d = new (std::nothrow) HevcDecoder;
    if (!d)
        return noMemory();
    d->context = de265_new_decoder(); // no worker threads: it decodes in de265_decode
    if (!d->context) {
        delete d;
        return noMemory();
    }
    *out = d;
    return ok();
}

void freeDecoder(void *raw)
{
    auto *d = static_cast<HevcDecoder *>(raw);
    if (!d)
        return;
    if (d->context)
        de265_free_decoder(d->context);
    delete d;
}

void setStrictDecoding(void *, int) {}

heif_error pushData(void *raw, const void *data, size_t size)
{
    return plugin::append(&static_cast<HevcDecoder *>(raw)->stream, data, size);
}

// Warnings that say nothing about the picture: how libde265 threads, and SEI it skipped.
bool harmless(de265_error warning)
{
    return warning == DE265_WARNING_NO_WPP_CANNOT_USE_MULTITHREADING ||
           warning == DE265_WARNING_NUMBER_OF_THREADS_LIMITED_TO_MAXIMUM ||
           warning == DE265_WARNING_SPS_MISSING_CANNOT_DECODE_SEI;
}

// The first warning of libde265 that says the data was damaged, or DE265_OK; reads them all.
de265_error firstDamage(de265_decoder_context *context)
{
    de265_error first = DE265_OK;
    for (int i = 0; i < 1000; ++i) { // libde265 keeps at most a few dozen
        const de265_error w = de265_get_warning(context);
        if (w == DE265_OK)
            break;
        if (first == DE265_OK && !harmless(w))
            first = w;
    }
    return first;
}

heif_error damaged(de265_error why)
{
    t_damage = std::string("damaged HEVC data (") + de265_get_error_text(why) + ")";
    return failed(t_damage.c_str());
}

void setColour(heif_image *image, const de265_image *picture)
{
    heif_color_profile_nclx *nclx = heif_nclx_color_profile_alloc();
    if (!nclx)
        return;
    // A value libheif does not know is left unspecified (libheif's plug-in does the same when not strict).
    heif_nclx_color_profile_set_color_primaries(nclx, uint16_t(de265_get_image_colour_primaries(picture)));
    heif_nclx_color_profile_set_transfer_characteristics(nclx,
                                                         uint16_t(de265_get_image_transfer_characteristics(picture)));
    heif_nclx_color_profile_set_matrix_coefficients(nclx, uint16_t(de265_get_image_matrix_coefficients(picture)));
    nclx->full_range_flag = de265_get_image_full_range_flag(picture) != 0;
    heif_image_set_nclx_color_profile(image, nclx);
    heif_nclx_color_profile_free(nclx);
}

// The picture as a heif_image of its planes, or an error.
heif_error toImage(const de265_image *picture, heif_image **out)
{
    const de265_chroma chroma = de265_get_chroma_format(picture);
    const bool mono = chroma == de265_chroma_mono;
    const int bits = de265_get_bits_per_pixel(picture, 0);
    if (bits < 8 || bits > 16)
        return failed(kLayout);
    heif_image *image = nullptr;
    heif_error e = heif_image_create(de265_get_image_width(picture, 0), de265_get_image_height(picture, 0),
                                     mono ? heif_colorspace_monochrome : heif_colorspace_YCbCr,
                                     heif_chroma(chroma), // the same numbers: monochrome, 4:2:0, 4:2:2, 4:4:4
                                     &image);
    if (e.code != heif_error_Ok)
        return e;
    const heif_channel channels[3] = {heif_channel_Y, heif_channel_Cb, heif_channel_Cr};
    for (int c = 0; c < (mono ? 1 : 3); ++c) {
        const int w = de265_get_image_width(picture, c), h = de265_get_image_height(picture, c);
        int srcStride = 0;
        const uint8_t *src = de265_get_image_plane(picture, c, &srcStride);
        if (de265_get_bits_per_pixel(picture, c) != bits || w <= 0 || h <= 0 || !src) {
            heif_image_release(image);
            return failed(kLayout);
        }
        e = heif_image_add_plane(image, channels[c], w, h, bits);
        if (e.code != heif_error_Ok) {
            heif_image_release(image);
            return e;
        }
        int dstStride = 0;
        uint8_t *dst = heif_image_get_plane(image, channels[c], &dstStride);
        const size_t rowBytes = size_t(w) * (bits > 8 ? 2 : 1);
        for (int y = 0; y < h; ++y)
            std::memcpy(dst + size_t(y) * size_t(dstStride), src + size_t(y) * size_t(srcStride), rowBytes);
    }
    setColour(image, picture);
    plugin::noteDecodedPicture(de265_get_image_width(picture, 0), de265_get_image_height(picture, 0));
    *out = image;
    return ok();
}

heif_error decodeImage(void *raw, heif_image **out)
{
    auto *d = static_cast<HevcDecoder *>(raw);
    if (d->stream.empty())
        return failed(kNoData);
    const uint8_t *p = d->stream.data();
    size_t left = d->stream.size();
    while (left > 0) {
        if (left < 4)
            return failed(kCutShort);
        const size_t length = size_t(p[0]) << 24 | size_t(p[1]) << 16 | size_t(p[2]) << 8 | p[3];
        if (length > left - 4)
            return failed(kCutShort);
        // A NAL unit shorter than its header. (libde265's own error: DE265_ERROR_INVALID_ARGUMENT,
        // which the libde265-dev of bookworm's main archive, before its security update, lacks.)
        if (const de265_error err = de265_push_NAL(d->context, p + 4, int(length), 0, nullptr); err != DE265_OK)
            return damaged(err);
        p += 4 + length;
        left -= 4 + length;
    }
    if (de265_flush_data(d->context) != DE265_OK)
        return noMemory();
    heif_image *image = nullptr;
    int more = 1;
    while (more) {
        more = 0;
        const de265_error e = de265_decode(d->context, &more);
        if (e == DE265_ERROR_OUT_OF_MEMORY) {
            heif_image_release(image);
            return noMemory();
        }
        if (e != DE265_OK && e != DE265_ERROR_WAITING_FOR_INPUT_DATA && e != DE265_ERROR_IMAGE_BUFFER_FULL) {
            heif_image_release(image);
            return damaged(e);
        }
        if (const de265_image *picture = de265_get_next_picture(d->context)) {
            heif_image_release(image); // the last one counts, as in libheif's plug-in
            image = nullptr;
            const heif_error made = toImage(picture, &image);
            de265_release_next_picture(d->context);
            if (made.code != heif_error_Ok)
                return made;
        }
    }
    if (const de265_error why = firstDamage(d->context); why != DE265_OK) {
        heif_image_release(image);
        return damaged(why);
    }
    if (!image)
        return failed(kNoPicture);
    *out = image;
    return ok();
}

const heif_decoder_plugin kPlugin = {
    3,
    pluginName,
    nullptr,
    nullptr,
    supports,
    newDecoder,
    freeDecoder,
    pushData,
    decodeImage,
    setStrictDecoding,
    "pixelpool-libde265",
};

} // namespace

const heif_decoder_plugin *hevcDecoderPlugin() { return &kPlugin; }

} // namespace pp::codecs
