// JPEG XL through libjxl 0.7 (Debian's), as a bare codestream or in its container: the first frame
// (of an animation too, with a warning that says how many frames it has), turned upright once by libjxl from the
// codestream's orientation, which is the one that counts (the container's EXIF Orientation is to be ignored, ISO/IEC
// 18181-2). So the probe's orientation is 1, as for HEIF. The probe lets libjxl read the header only (basic info); the
// decoder refuses any other size and is handed no pixel buffer before the size is checked. No parallel runner: libjxl
// then works on the calling thread (a worker runs one image per core).
#include "Codecs.h"
#include "ColourManagement.h"
#include "HdrToSdr.h"

#include <QtEndian>
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <jxl/decode.h>
#include <memory>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

struct DecoderDeleter {
    void operator()(JxlDecoder *d) const { JxlDecoderDestroy(d); }
};
using Decoder = std::unique_ptr<JxlDecoder, DecoderDeleter>;

// A decoder over the whole file, which is all in memory.
Decoder openDecoder(const uint8_t *data, size_t size, int events)
{
    Decoder dec(JxlDecoderCreate(nullptr));
    if (!dec || JxlDecoderSubscribeEvents(dec.get(), events) != JXL_DEC_SUCCESS ||
        JxlDecoderSetInput(dec.get(), data, size) != JXL_DEC_SUCCESS)
        return nullptr;
    return dec;
}

// The next event. The whole file is there from the start, so libjxl asking for more means it has
// reached the end: the input is closed then, and libjxl either finishes (a last box that runs to
// the end of the file) or fails, which *truncated says is the file ending too early. (Closing the
// input from the start would make that failure look like any other.)
JxlDecoderStatus next(JxlDecoder *dec, bool *truncated)
{
    JxlDecoderStatus status = JxlDecoderProcessInput(dec);
    if (status == JXL_DEC_NEED_MORE_INPUT && !*truncated) {
        *truncated = true;
        JxlDecoderCloseInput(dec);
        status = JxlDecoderProcessInput(dec);
    }
    return status;
}

bool deep(const JxlBasicInfo &basic) { return basic.bits_per_sample > 8; }

QString failure(bool truncated, const char *where)
{
    return truncated
               ? QStringLiteral("truncated JPEG XL: the file ends inside its %1").arg(QLatin1String(where))
               : QStringLiteral("damaged or unsupported JPEG XL: libjxl cannot read its %1").arg(QLatin1String(where));
}

// The one place that chooses how libjxl hands the pixels over: 16 bits a sample when the image has
// more than 8 (the pipeline keeps them), else 8. Floating point when the pixels still have to be
// converted into their own profile (`linear`): libjxl 0.7 gives those in linear sRGB, which 8 bits
// would band; they become 8 or 16 bits after the conversion, by the same rule (`deep`).
JxlPixelFormat pixelFormat(const JxlBasicInfo &basic, bool linear)
{
    const uint32_t channels = basic.num_color_channels + (basic.alpha_bits > 0 ? 1 : 0);
    const JxlDataType type = linear ? JXL_TYPE_FLOAT : deep(basic) ? JXL_TYPE_UINT16 : JXL_TYPE_UINT8;
    return {channels, type, JXL_NATIVE_ENDIAN, 0};
}

int cvDepth(JxlDataType type) { return type == JXL_TYPE_FLOAT ? CV_32F : type == JXL_TYPE_UINT16 ? CV_16U : CV_8U; }

bool isSrgb(const JxlColorEncoding &c)
{
    return c.white_point == JXL_WHITE_POINT_D65 && c.transfer_function == JXL_TRANSFER_FUNCTION_SRGB &&
           (c.color_space == JXL_COLOR_SPACE_GRAY ||
            (c.color_space == JXL_COLOR_SPACE_RGB && c.primaries == JXL_PRIMARIES_SRGB));
}

std::vector<uint8_t> iccProfile(JxlDecoder *dec, JxlColorProfileTarget target)
{
    size_t size = 0;
    std::vector<uint8_t> icc;
    if (JxlDecoderGetICCProfileSize(dec, nullptr, target, &size) != JXL_DEC_SUCCESS || size == 0 ||
        size > colour::kMaxProfileBytes)
        return icc;
    icc.resize(size);
    if (JxlDecoderGetColorAsICCProfile(dec, nullptr, target, icc.data(), size) != JXL_DEC_SUCCESS)
        icc.clear();
    return icc;
}

// What the decoded pixels are, decided at JXL_DEC_COLOR_ENCODING.
struct Colour {
    std::vector<uint8_t> icc;     // the image's profile; empty for sRGB (and what cannot be had)
    std::vector<uint8_t> dataIcc; // when `linear`: the profile libjxl's pixels are in
    bool linear = false;          // to be converted from dataIcc into icc after decoding
    bool deep = false;            // more than 8 bits a sample: the pipeline gets 16
    // When `linear` and not empty: the profile the pixels are converted into instead of icc, whose
    // signal icc then describes (an HDR profile's signal read through BT.709's curve, or as sRGB).
    std::vector<uint8_t> signalIcc;
    // HDR (PQ) brought to SDR before the conversion (colour::pqLightToSdr): cd/m² a unit of the
    // linear light; pqSignal, libjxl gives the PQ signal rather than linear light.
    double hdrNitsPerUnit = 0;
    bool pqSignal = false;
};

const QString kJxlLabel = QStringLiteral("JPEG XL");

bool isHdr(const JxlColorEncoding &c) { return colour::isHdrTransfer(int(c.transfer_function)); }

// The CICP (H.273) code of a colour JPEG XL's named primaries at D65 (sRGB, BT.2020, Display P3); 0 for
// others, and for grey.
int cicpPrimaries(const JxlColorEncoding &c)
{
    if (c.color_space != JXL_COLOR_SPACE_RGB || c.white_point != JXL_WHITE_POINT_D65)
        return 0;
    return c.primaries == JXL_PRIMARIES_SRGB   ? 1
           : c.primaries == JXL_PRIMARIES_2100 ? 9
           : c.primaries == JXL_PRIMARIES_P3   ? 12
                                               : 0;
}

// An HDR image named so in the codestream (PQ or HLG), read as SDR as every HDR input is
// (HdrToSdr.h). PQ's light comes from libjxl (XYB) or from the decoded PQ signal of a lossless
// image, which libjxl does not convert. libjxl 0.7's own tone mapping (its desired intensity target)
// is not used: mapping to 203 cd/m² it made 1,000 cd/m² darker than 100; nor its HLG-to-SDR
// rendering, which keeps the peak white and is darker still.
Colour hdrColour(JxlDecoder *dec, const JxlBasicInfo &basic, const JxlColorEncoding &original, QStringList *warnings)
{
    Colour c;
    c.deep = deep(basic);
    const colour::HdrReading reading =
        colour::hdrReading(cicpPrimaries(original), int(original.transfer_function), kJxlLabel);
    warnings->append(reading.warning);
    c.icc = reading.icc;
    if (reading.way == colour::HdrReading::Way::ToneMapped) {
        // XYB's linear light has the image's intensity target as 1 (a 16-bit float in the file);
        // without a believable one, or when libjxl does not convert, the signal is decoded.
        const float target = basic.intensity_target;
        c.pqSignal = basic.uses_original_profile || !std::isfinite(target) || target < 1 || target > 65504;
        JxlColorEncoding linear = original;
        linear.transfer_function = JXL_TRANSFER_FUNCTION_LINEAR;
        linear.rendering_intent = JXL_RENDERING_INTENT_RELATIVE;
        if (!c.pqSignal && JxlDecoderSetPreferredColorProfile(dec, &linear) != JXL_DEC_SUCCESS)
            c.pqSignal = true; // then libjxl gives the signal
        c.hdrNitsPerUnit = c.pqSignal ? 10000 : double(target);
        c.dataIcc = reading.linear;
        c.linear = true;
    }
    // Otherwise the signal, through BT.709's curve or as sRGB: libjxl gives the signal for any image
    // it does not convert, which is every one without a preferred profile.
    return c;
}

// An image whose ICC profile alone says it is HDR (its cicp tag, or its curves: libjxl names no
// transfer for it), read as SDR as one named so is. Lossy (`linear`): libjxl's linear sRGB is the
// profile's light, its white (1) PQ's 10,000 cd/m²; lossless: the pixels are the profile's signal.
void hdrFromProfile(Colour *c, const colour::ProfileCicp &hdr, QStringList *warnings)
{
    const colour::HdrReading reading = colour::hdrReading(hdr.primaries, hdr.transfer, kJxlLabel);
    warnings->append(reading.warning);
    if (reading.way == colour::HdrReading::Way::ToneMapped) {
        c->hdrNitsPerUnit = 10000;
        c->pqSignal = !c->linear;
        if (!c->linear)
            c->dataIcc = reading.linear;
        c->linear = true;
    } else if (c->linear) {
        c->signalIcc = c->icc;
    }
    c->icc = reading.icc;
}

Colour readColour(JxlDecoder *dec, const JxlBasicInfo &basic, QStringList *warnings)
{
    Colour c;
    c.deep = deep(basic);
    JxlColorEncoding encoding;
    const bool named = JxlDecoderGetColorAsEncodedProfile(dec, nullptr, JXL_COLOR_PROFILE_TARGET_ORIGINAL, &encoding) ==
                       JXL_DEC_SUCCESS;
    if (named && isHdr(encoding))
        return hdrColour(dec, basic, encoding, warnings);
    if (!basic.uses_original_profile && !named) {
        // Lossy (XYB) with an ICC profile that no enum names: libjxl 0.7 has no colour management
        // and gives linear sRGB; lcms2 takes the pixels back into the image's own profile.
        c.icc = iccProfile(dec, JXL_COLOR_PROFILE_TARGET_ORIGINAL);
        c.dataIcc = iccProfile(dec, JXL_COLOR_PROFILE_TARGET_DATA);
        c.linear = !c.icc.empty() && !c.dataIcc.empty();
        if (const colour::ProfileCicp hdr = colour::hdrOfProfile(c.icc); c.linear && hdr.transfer != 0)
            hdrFromProfile(&c, hdr, warnings);
        if (!c.linear) {
            warnings->append(QStringLiteral("colour profile ignored: the JPEG XL's profile cannot be read; "
                                            "decoded as sRGB"));
            JxlColorEncoding srgb{};
            srgb.color_space = basic.num_color_channels == 1 ? JXL_COLOR_SPACE_GRAY : JXL_COLOR_SPACE_RGB;
            srgb.white_point = JXL_WHITE_POINT_D65;
            srgb.primaries = JXL_PRIMARIES_SRGB;
            srgb.transfer_function = JXL_TRANSFER_FUNCTION_SRGB;
            srgb.rendering_intent = JXL_RENDERING_INTENT_RELATIVE;
            JxlDecoderSetPreferredColorProfile(dec, &srgb);
            c.icc.clear();
        }
        return c;
    }
    // The pixels come in the image's own space: its embedded profile, or the one libjxl makes for
    // the named space. sRGB gets none, as a file without a profile is read as sRGB anyway.
    JxlColorEncoding data;
    const bool dataNamed =
        JxlDecoderGetColorAsEncodedProfile(dec, nullptr, JXL_COLOR_PROFILE_TARGET_DATA, &data) == JXL_DEC_SUCCESS;
    if (!(dataNamed && isSrgb(data))) {
        c.icc = iccProfile(dec, JXL_COLOR_PROFILE_TARGET_DATA);
        if (c.icc.empty())
            warnings->append(QStringLiteral("colour profile ignored: libjxl gives none for this JPEG XL "
                                            "(or one over the %1 MB cap)")
                                 .arg(colour::kMaxProfileBytes >> 20));
        else if (const colour::ProfileCicp hdr = colour::hdrOfProfile(c.icc); !named && hdr.transfer != 0)
            hdrFromProfile(&c, hdr, warnings);
    }
    return c;
}

// The container's EXIF and XMP boxes ("Exif", "xml ", also when Brotli-compressed as "brob"), and
// whether it holds a JPEG reconstruction box ("jbrd": the image is a JPEG recompressed, lossy
// however its codestream is stored). Each box is capped like every other format's blocks.
class BoxReader
{
public:
    BoxReader(JxlDecoder *dec, SourceMetadata *meta) : m_dec(dec), m_meta(meta)
    {
        // Without Brotli in libjxl, compressed boxes cannot be read (and are left out).
        m_decompress = meta && JxlDecoderSetDecompressBoxes(dec, JXL_TRUE) == JXL_DEC_SUCCESS;
    }

    // At JXL_DEC_BOX.
    void start()
    {
        JxlBoxType type, stored;
        if (JxlDecoderGetBoxType(m_dec, type, JXL_TRUE) != JXL_DEC_SUCCESS ||
            JxlDecoderGetBoxType(m_dec, stored, JXL_FALSE) != JXL_DEC_SUCCESS)
            return;
        if (std::memcmp(type, "jbrd", 4) == 0)
            recompressedJpeg = true;
        if (!m_meta)
            return;
        const bool exif = std::memcmp(type, "Exif", 4) == 0 && m_meta->exif.empty();
        const bool xmp = std::memcmp(type, "xml ", 4) == 0 && m_meta->xmp.empty();
        if ((!exif && !xmp) || (std::memcmp(stored, "brob", 4) == 0 && !m_decompress))
            return;
        m_exif = exif;
        m_cap = exif ? kMaxExifBytes + 64 : kMaxXmpBytes; // EXIF: room for its offset field
        uint64_t raw = 0;
        JxlDecoderGetBoxSizeRaw(m_dec, &raw); // a compressed box's size says nothing of its contents
        m_box.resize(size_t(std::clamp<uint64_t>(raw, 4096, uint64_t(m_cap))));
        m_filled = 0;
        m_open = JxlDecoderSetBoxBuffer(m_dec, m_box.data(), m_box.size()) == JXL_DEC_SUCCESS;
    }

    // At JXL_DEC_BOX_NEED_MORE_OUTPUT: a larger buffer, or the box is left out.
    void grow()
    {
        if (!m_open)
            return;
        m_filled = m_box.size() - JxlDecoderReleaseBoxBuffer(m_dec);
        if (m_box.size() >= m_cap) {
            m_open = false; // no buffer set: libjxl skips the rest of the box
            m_meta->warnings.append(
                QStringLiteral("%1 left out: larger than any real block").arg(QLatin1String(m_exif ? "EXIF" : "XMP")));
            return;
        }
        m_box.resize(std::min(m_box.size() * 2, m_cap));
        m_open = JxlDecoderSetBoxBuffer(m_dec, m_box.data() + m_filled, m_box.size() - m_filled) == JXL_DEC_SUCCESS;
    }

    // At every other event: the box before it is complete.
    void finish()
    {
        if (!m_open)
            return;
        m_open = false;
        m_box.resize(m_box.size() - JxlDecoderReleaseBoxBuffer(m_dec));
        if (!m_exif) {
            m_meta->xmp.assign(m_box.begin(), m_box.end());
            return;
        }
        // A big-endian offset from after itself to the TIFF header (usually 0).
        const size_t offset = m_box.size() >= 4 ? qFromBigEndian<quint32>(m_box.data()) : 0;
        if (m_box.size() < 4 || offset > m_box.size() - 4) {
            m_meta->warnings.append(QStringLiteral("EXIF left out: its offset points outside the box"));
            return;
        }
        std::vector<uint8_t> tiff(m_box.begin() + 4 + std::ptrdiff_t(offset), m_box.end());
        tiff = withoutExifHeader(std::move(tiff));
        if (tiff.size() > kMaxExifBytes)
            m_meta->warnings.append(tooLargeToRead("EXIF", tiff.size()));
        else
            m_meta->exif = std::move(tiff);
    }

    bool recompressedJpeg = false;

private:
    JxlDecoder *m_dec;
    SourceMetadata *m_meta; // null: only the box types are looked at
    std::vector<uint8_t> m_box;
    size_t m_cap = 0, m_filled = 0;
    bool m_open = false, m_exif = false, m_decompress = false;
};

// libjxl's interleaved samples (grey, grey+alpha, RGB, RGBA) as the pipeline takes them.
bool toPipeline(cv::Mat decoded, const Colour &colour, DecodeResult *result)
{
    if (colour.linear) {
        QString why;
        if (colour.hdrNitsPerUnit > 0)
            colour::pqLightToSdr(decoded, colour.hdrNitsPerUnit, colour.pqSignal);
        const std::vector<uint8_t> &to = !colour.signalIcc.empty() ? colour.signalIcc
                                         : colour.icc.empty()      ? colour::srgbProfile()
                                                                   : colour.icc;
        if (!colour::convertFloatBetween(decoded, colour.dataIcc, to, &why)) {
            // Colours as sRGB rather than none: the profile is then not the pixels' and is dropped.
            result->metadata.warnings.append(QStringLiteral("colour profile ignored: %1").arg(why));
            result->metadata.icc.clear();
            if (!colour::convertFloatBetween(decoded, colour.dataIcc, colour::srgbProfile(), &why)) {
                result->error = QStringLiteral("JPEG XL colours cannot be converted: %1").arg(why);
                return false;
            }
        }
        // Rounds and saturates what lies outside the gamut.
        decoded.convertTo(decoded, colour.deep ? CV_16U : CV_8U, colour.deep ? 65535.0 : 255.0);
    }
    if (decoded.channels() == 3)
        cv::cvtColor(decoded, decoded, cv::COLOR_RGB2BGR);
    else if (decoded.channels() == 4)
        cv::cvtColor(decoded, decoded, cv::COLOR_RGBA2BGRA);
    result->image = normalizeDepth(decoded); // grey+alpha to BGRA
    return true;
}

// Frames libjxl may blend into the first image. A layered image has a few; a frame of zeros is 7
// bytes of a 64×64 image's codestream, so 16 MB of zeros were 2.4 million layers, 21 s to walk
// (found by fuzz_headerprobe).
constexpr int kMaxJxlFrames = 4096;

// The pixels of the frames libjxl decodes for the first image, from their headers alone: the
// decoder, past the basic info, subscribed to frames with coalescing off, gives each frame as it is
// stored, its own size (JxlLayerInfo), and skips the frames' data. Blending the layers of a still
// image, or an animation's frames of no duration, into the image shown is libjxl's (coalescing).
// Frames kept only as references for later ones are not reported by libjxl and not counted. What
// was counted when the walk fails (the decode reports the damage); -1 for more than kMaxJxlFrames.
// Calls visit(header) for each frame header the decoder (subscribed to frames, coalescing off)
// gives, until it returns false or the frames end; false when they pass kMaxJxlFrames.
template <typename Visit> bool visitFrameHeaders(JxlDecoder *dec, bool *truncated, Visit visit)
{
    int frames = 0;
    while (next(dec, truncated) == JXL_DEC_FRAME) {
        JxlFrameHeader header;
        if (JxlDecoderGetFrameHeader(dec, &header) != JXL_DEC_SUCCESS)
            break;
        if (++frames > kMaxJxlFrames)
            return false;
        if (!visit(header))
            break;
    }
    return true;
}

qint64 firstImageFramePixels(JxlDecoder *dec, const JxlBasicInfo &basic, bool *truncated)
{
    qint64 pixels = 0;
    const bool counted = visitFrameHeaders(dec, truncated, [&](const JxlFrameHeader &header) {
        pixels += qint64(header.layer_info.xsize) * qint64(header.layer_info.ysize);
        return !(header.is_last || (basic.have_animation && header.duration != 0)); // the first image shown
    });
    return counted ? pixels : -1;
}

// The frames an animation shows, counted from their headers as firstImageFramePixels walks them
// (libjxl skips their data): a frame with a duration, or the last, is shown; one of no duration is
// blended into the next. 0 for a still image (or a header libjxl cannot read), -1 when the walk
// passes kMaxJxlFrames frames. Frames after damage are not counted.
int animationFrames(const uint8_t *data, size_t size)
{
    const Decoder dec = openDecoder(data, size, JXL_DEC_BASIC_INFO | JXL_DEC_FRAME);
    bool truncated = false;
    JxlBasicInfo basic;
    if (!dec || JxlDecoderSetCoalescing(dec.get(), JXL_FALSE) != JXL_DEC_SUCCESS ||
        next(dec.get(), &truncated) != JXL_DEC_BASIC_INFO ||
        JxlDecoderGetBasicInfo(dec.get(), &basic) != JXL_DEC_SUCCESS || !basic.have_animation)
        return 0;
    int shown = 0;
    const bool counted = visitFrameHeaders(dec.get(), &truncated, [&](const JxlFrameHeader &header) {
        shown += header.duration != 0 || header.is_last;
        return !header.is_last;
    });
    return counted ? shown : -1;
}

} // namespace

ImageInfo probeJxl(const uint8_t *data, size_t size)
{
    ImageInfo info;
    info.format = ImageFormat::Jxl;
    // Coalescing off changes what the frame events give, not the basic info.
    const Decoder dec = openDecoder(data, size, JXL_DEC_BASIC_INFO | JXL_DEC_FRAME);
    bool truncated = false;
    const JxlDecoderStatus status = dec && JxlDecoderSetCoalescing(dec.get(), JXL_FALSE) == JXL_DEC_SUCCESS
                                        ? next(dec.get(), &truncated)
                                        : JXL_DEC_ERROR;
    JxlBasicInfo basic;
    if (status != JXL_DEC_BASIC_INFO || JxlDecoderGetBasicInfo(dec.get(), &basic) != JXL_DEC_SUCCESS) {
        info.error = failure(truncated, "header");
        return info;
    }
    // Already as libjxl will hand the pixels over: turned upright (width and height swapped for
    // orientations 5 to 8), so the probe's orientation is 1.
    if (basic.xsize == 0 || basic.ysize == 0 || basic.xsize > INT_MAX || basic.ysize > INT_MAX) {
        info.error = QStringLiteral("JPEG XL header gives an invalid size of %1×%2").arg(basic.xsize).arg(basic.ysize);
        return info;
    }
    info.width = int(basic.xsize);
    info.height = int(basic.ysize);
    info.framePixels = firstImageFramePixels(dec.get(), basic, &truncated);
    if (info.framePixels < 0) {
        info.framePixels = 0;
        info.error = QStringLiteral("JPEG XL of more than %1 frames blended into its first image (a layered image "
                                    "has a few): refused, as libjxl decodes each one")
                         .arg(kMaxJxlFrames);
    }
    return info;
}

namespace {

// One pass of libjxl over the file. `readBoxes`: the EXIF and XMP boxes' contents are collected
// (into the result's metadata when `withMetadata`); `withMetadata` alone keeps the colour profile.
DecodeResult decodeOnce(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata, bool readBoxes)
{
    DecodeResult result;
    result.corrupt = true;
    const Decoder dec =
        openDecoder(data, size, JXL_DEC_BASIC_INFO | JXL_DEC_COLOR_ENCODING | JXL_DEC_FULL_IMAGE | JXL_DEC_BOX);
    if (!dec || JxlDecoderSetUnpremultiplyAlpha(dec.get(), JXL_TRUE) != JXL_DEC_SUCCESS) {
        result.corrupt = false;
        result.error = QStringLiteral("JPEG XL decoder cannot be started");
        return result;
    }
    SourceMetadata collected;
    BoxReader boxes(dec.get(), readBoxes ? &collected : nullptr);
    JxlBasicInfo basic{};
    Colour colour;
    QStringList colourWarnings;
    cv::Mat pixels;
    bool haveImage = false, truncated = false;
    for (;;) {
        const JxlDecoderStatus status = next(dec.get(), &truncated);
        if (status != JXL_DEC_BOX_NEED_MORE_OUTPUT)
            boxes.finish();
        if (status == JXL_DEC_BASIC_INFO) {
            if (JxlDecoderGetBasicInfo(dec.get(), &basic) != JXL_DEC_SUCCESS) {
                result.error = failure(false, "header");
                return result;
            }
            // Before libjxl decodes anything: the limits were checked on the probe's size.
            if (!sizeMatches(cv::Size(int(std::min<uint32_t>(basic.xsize, INT_MAX)),
                                      int(std::min<uint32_t>(basic.ysize, INT_MAX))),
                             info, &result))
                return result;
        } else if (status == JXL_DEC_COLOR_ENCODING) {
            colour = readColour(dec.get(), basic, &colourWarnings);
        } else if (status == JXL_DEC_NEED_IMAGE_OUT_BUFFER) {
            if (haveImage)
                break; // a further frame: only the first one is read
            const JxlPixelFormat format = pixelFormat(basic, colour.linear);
            size_t bytes = 0;
            pixels.create(info.height, info.width, CV_MAKETYPE(cvDepth(format.data_type), int(format.num_channels)));
            if (JxlDecoderImageOutBufferSize(dec.get(), &format, &bytes) != JXL_DEC_SUCCESS ||
                bytes != pixels.total() * pixels.elemSize() ||
                JxlDecoderSetImageOutBuffer(dec.get(), &format, pixels.data, bytes) != JXL_DEC_SUCCESS) {
                result.error = QStringLiteral("JPEG XL with an unexpected pixel layout");
                return result;
            }
        } else if (status == JXL_DEC_FULL_IMAGE) {
            haveImage = true;
            // The boxes after the codestream are read for a still image; an animation stops at
            // its first frame, so only the metadata before its codestream is kept.
            if (!readBoxes || basic.have_animation)
                break;
        } else if (status == JXL_DEC_BOX) {
            boxes.start();
        } else if (status == JXL_DEC_BOX_NEED_MORE_OUTPUT) {
            boxes.grow();
        } else if (status == JXL_DEC_SUCCESS) {
            break;
        } else if (haveImage) {
            // Damage after the picture costs only what follows it.
            collected.warnings.append(
                QStringLiteral("JPEG XL metadata after the image left out: %1").arg(failure(truncated, "container")));
            break;
        } else {
            result.error = failure(truncated, pixels.empty() ? "header" : "image data");
            return result;
        }
    }
    if (!haveImage) {
        result.error = QStringLiteral("JPEG XL without an image");
        return result;
    }
    if (withMetadata) {
        result.metadata = std::move(collected);
        result.metadata.icc = colour.icc;
        result.metadata.warnings += colourWarnings;
    }
    if (!toPipeline(std::move(pixels), colour, &result)) // moved: converted in place, never copied
        return result;
    result.corrupt = false;
    // The codestream does not say whether it is lossless. A lossless one is stored in the image's
    // own colour space, a lossy one in XYB; a recompressed JPEG is stored in its own space too but
    // carries its reconstruction box. So this is "most likely lossless" (docs/formats.md).
    result.lossless = basic.uses_original_profile && !boxes.recompressedJpeg;
    return result;
}

// An animation's first frame is read: the warning says how many there are, as a GIF's does.
DecodeResult withFramesSaid(DecodeResult result, const uint8_t *data, size_t size)
{
    if (result.image.empty())
        return result;
    if (const int frames = animationFrames(data, size); frames < 0)
        result.warning =
            QStringLiteral("animated JPEG XL of more than %1 frames: only the first is read").arg(kMaxJxlFrames);
    else if (frames > 1)
        result.warning = QStringLiteral("animated JPEG XL of %1 frames: only the first is read").arg(frames);
    return result;
}

} // namespace

DecodeResult decodeJxl(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata)
{
    DecodeResult result = decodeOnce(data, size, info, withMetadata, withMetadata);
    if (!withMetadata || !result.image.empty())
        return withFramesSaid(std::move(result), data, size);
    // Reading a box's contents changes how libjxl walks the file (it copies the box instead of
    // skipping it, so a box that runs past the end asks for more input where a skipped one fails
    // at once). The image and its failure are the ones a read without the boxes gives, so that
    // collecting metadata never decides whether, or why, an image decodes; damaged boxes cost
    // only themselves.
    DecodeResult withoutBoxes = decodeOnce(data, size, info, true, false);
    if (!withoutBoxes.image.empty())
        withoutBoxes.metadata.warnings.append(
            QStringLiteral("JPEG XL EXIF and XMP left out: reading them fails (%1)").arg(result.error));
    return withFramesSaid(std::move(withoutBoxes), data, size);
}

} // namespace pp::codecs
