#include "HeifAv1Decoder.h"
#include "HeifPluginSupport.h"

#include <cstring>
#include <dav1d/dav1d.h>
#include <libheif/heif.h>
#include <libheif/heif_plugin.h>
#include <new>
#include <vector>

namespace pp::codecs {
namespace {

// Above libheif's own AV1 decoders (dav1d 150, aom 100), so a context this is registered on uses it.
constexpr int kPriority = 200;

// The largest frame dav1d allocates, as libheif's plug-in sets it (32768², its MAX_IMAGE_WIDTH and
// _HEIGHT); the layout check (HeifLayout.cpp) has already compared every frame header with the
// size box, and the pixel limit the size box.
constexpr unsigned kFrameSizeLimit = 32768u * 32768u;

// Rounds of send/get before giving up: each round either hands dav1d more of the stream or takes a
// picture out, so a still image needs two or three; the bound only keeps a stream dav1d neither
// takes nor answers from looping.
constexpr int kMaxRounds = 256;

// Static texts: libheif copies an error's message after the decoder is freed.
const char kNoData[] = "its coded image holds no AV1 data";
const char kDamaged[] = "damaged AV1 stream (dav1d could not decode it)";
const char kNoPicture[] = "the AV1 stream holds no picture";
const char kLayout[] = "the AV1 picture is of a pixel layout or depth PixelPool does not read";

using plugin::failed;
using plugin::noMemory;
using plugin::ok;

struct Av1Decoder {
    Dav1dContext *context = nullptr;
    std::vector<uint8_t> stream; // what libheif pushed, in order
};

// dav1d's messages ("Error parsing OBU data") say nothing the failed decode does not.
void quiet(void *, const char *, va_list) {}

const char *pluginName() { return "PixelPool AV1 (dav1d, one thread)"; }

int supports(heif_compression_format format) { return format == heif_compression_AV1 ? kPriority : 0; }

heif_error newDecoder(void **out)
{
    auto *d = new (std::nothrow) Av1Decoder;
    if (!d)
        return noMemory();
    Dav1dSettings s;
    dav1d_default_settings(&s);
    s.n_threads = 1;       // a worker decodes one image per core
    s.max_frame_delay = 1; // a still image is one frame: no frames in flight
    s.all_layers = 0;      // the highest spatial layer only
    s.frame_size_limit = kFrameSizeLimit;
    s.logger.cookie = nullptr;
    s.logger.callback = quiet;
    if (dav1d_open(&d->context, &s) != 0) {
        delete d;
        return noMemory();
    }
    *out = d;
    return ok();
}

void freeDecoder(void *raw)
{
    auto *d = static_cast<Av1Decoder *>(raw);
    if (!d)
        return;
    if (d->context)
        dav1d_close(&d->context);
    delete d;
}

void setStrictDecoding(void *, int) {}

heif_error pushData(void *raw, const void *data, size_t size)
{
    return plugin::append(&static_cast<Av1Decoder *>(raw)->stream, data, size);
}

// Releases what dav1d holds of the stream and the picture on every way out.
struct Held {
    Dav1dData data{};
    Dav1dPicture picture{};
    ~Held()
    {
        dav1d_data_unref(&data);
        dav1d_picture_unref(&picture);
    }
};

void noFree(const uint8_t *, void *) {} // the stream is the decoder's, freed after dav1d is closed

void setColour(heif_image *image, const Dav1dSequenceHeader &seq)
{
    heif_color_profile_nclx *nclx = heif_nclx_color_profile_alloc();
    if (!nclx)
        return;
    // A value libheif does not know is left unspecified (libheif's plug-in does the same when not strict).
    heif_nclx_color_profile_set_color_primaries(nclx, uint16_t(seq.pri));
    heif_nclx_color_profile_set_transfer_characteristics(nclx, uint16_t(seq.trc));
    heif_nclx_color_profile_set_matrix_coefficients(nclx, uint16_t(seq.mtrx));
    nclx->full_range_flag = seq.color_range != 0;
    heif_image_set_nclx_color_profile(image, nclx);
    heif_nclx_color_profile_free(nclx);
}

heif_error decodeImage(void *raw, heif_image **out)
{
    auto *d = static_cast<Av1Decoder *>(raw);
    if (d->stream.empty())
        return failed(kNoData);
    Held held;
    if (dav1d_data_wrap(&held.data, d->stream.data(), d->stream.size(), noFree, nullptr) != 0)
        return noMemory();
    for (int round = 0;; ++round) {
        if (round == kMaxRounds)
            return failed(kDamaged);
        if (held.data.sz > 0) {
            const int sent = dav1d_send_data(d->context, &held.data);
            if (sent == DAV1D_ERR(ENOMEM))
                return noMemory();
            if (sent < 0 && sent != DAV1D_ERR(EAGAIN))
                return failed(kDamaged);
        }
        const int got = dav1d_get_picture(d->context, &held.picture);
        if (got == 0)
            break;
        if (got == DAV1D_ERR(ENOMEM))
            return noMemory();
        if (got != DAV1D_ERR(EAGAIN))
            return failed(kDamaged);
        if (held.data.sz == 0)
            return failed(kNoPicture);
    }

    const Dav1dPicture &p = held.picture;
    heif_chroma chroma = heif_chroma_undefined;
    heif_colorspace colorspace = heif_colorspace_YCbCr;
    switch (p.p.layout) {
    case DAV1D_PIXEL_LAYOUT_I420:
        chroma = heif_chroma_420;
        break;
    case DAV1D_PIXEL_LAYOUT_I422:
        chroma = heif_chroma_422;
        break;
    case DAV1D_PIXEL_LAYOUT_I444:
        chroma = heif_chroma_444;
        break;
    case DAV1D_PIXEL_LAYOUT_I400:
        chroma = heif_chroma_monochrome;
        colorspace = heif_colorspace_monochrome;
        break;
    }
    const int bits = p.p.bpc;
    if (chroma == heif_chroma_undefined || (bits != 8 && bits != 10 && bits != 12) || p.p.w <= 0 || p.p.h <= 0 ||
        !p.seq_hdr)
        return failed(kLayout);

    heif_image *image = nullptr;
    heif_error e = heif_image_create(p.p.w, p.p.h, colorspace, chroma, &image);
    if (e.code != heif_error_Ok)
        return e;
    setColour(image, *p.seq_hdr);
    const heif_channel channels[3] = {heif_channel_Y, heif_channel_Cb, heif_channel_Cr};
    const int planes = chroma == heif_chroma_monochrome ? 1 : 3;
    const size_t sampleBytes = bits > 8 ? 2 : 1;
    for (int c = 0; c < planes; ++c) {
        // Chroma planes are halved (rounding up): across for 4:2:0 and 4:2:2, down for 4:2:0 only.
        const bool across = c > 0 && chroma != heif_chroma_444;
        const bool down = c > 0 && chroma == heif_chroma_420;
        const int w = across ? (p.p.w + 1) / 2 : p.p.w;
        const int h = down ? (p.p.h + 1) / 2 : p.p.h;
        e = heif_image_add_plane(image, channels[c], w, h, bits);
        if (e.code != heif_error_Ok) {
            heif_image_release(image);
            return e;
        }
        int dstStride = 0;
        uint8_t *dst = heif_image_get_plane(image, channels[c], &dstStride);
        const auto *src = static_cast<const uint8_t *>(p.data[c]);
        const ptrdiff_t srcStride = p.stride[c > 0 ? 1 : 0];
        if (!dst || !src) {
            heif_image_release(image);
            return failed(kLayout);
        }
        for (int y = 0; y < h; ++y)
            std::memcpy(dst + size_t(y) * size_t(dstStride), src + ptrdiff_t(y) * srcStride, size_t(w) * sampleBytes);
    }
    plugin::noteDecodedPicture(p.p.w, p.p.h);
    *out = image;
    return ok();
}

const heif_decoder_plugin kPlugin = {
    3,           pluginName, nullptr,     nullptr,           supports,          newDecoder,
    freeDecoder, pushData,   decodeImage, setStrictDecoding, "pixelpool-dav1d",
};

} // namespace

const heif_decoder_plugin *av1DecoderPlugin() { return &kPlugin; }

} // namespace pp::codecs
