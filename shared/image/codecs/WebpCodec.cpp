// WebP through libwebp: a still image, or an animation's first frame on its canvas (the other
// frames are counted, never parsed or decoded).
#include "Codecs.h"
#include "ColourManagement.h"

#include <cstring>
#include <opencv2/imgproc.hpp>
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>
#include <webp/mux.h>

namespace pp::codecs {
namespace {

uint32_t le32(const uint8_t *p) { return p[0] | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }

// What one walk along an extended (VP8X) file's chunks finds, in memory, allocating nothing: the
// first ICCP, EXIF and XMP chunks the VP8X flags announce (as libwebp's demuxer takes them), and of
// an animation the frames (ANMF chunks), counted, and where the first one ends. The walk ends at
// the RIFF chunk's end or at a chunk that runs past it (the chunks before it count).
struct WebpChunks {
    struct Span {
        const uint8_t *bytes = nullptr;
        size_t size = 0;
    };
    Span icc, exif, xmp;
    int frames = 0;
    size_t firstFrameEnd = 0; // 0: no frame
};

WebpChunks walkChunks(const uint8_t *data, size_t size)
{
    WebpChunks c;
    if (size < 21 || std::memcmp(data + 12, "VP8X", 4) != 0)
        return c;
    const uint8_t flags = data[20];
    const size_t end = std::min<size_t>(size, size_t(le32(data + 4)) + 8);
    for (size_t pos = 12; end >= 8 && pos <= end - 8;) {
        const size_t length = le32(data + pos + 4);
        if (length > end - pos - 8)
            break;
        const uint8_t *id = data + pos;
        const auto take = [&](WebpChunks::Span *span, uint32_t flag, const char *fourcc) {
            if (!span->bytes && (flags & flag) && std::memcmp(id, fourcc, 4) == 0)
                *span = {data + pos + 8, length};
        };
        take(&c.icc, ICCP_FLAG, "ICCP");
        take(&c.exif, EXIF_FLAG, "EXIF");
        take(&c.xmp, XMP_FLAG, "XMP ");
        const size_t next = std::min(end, pos + 8 + length + (length & 1));
        if (std::memcmp(id, "ANMF", 4) == 0 && ++c.frames == 1)
            c.firstFrameEnd = next;
        pos = next;
    }
    return c;
}

// The ICCP, EXIF and XMP chunks of an extended file.
void collectChunks(const WebpChunks &chunks, SourceMetadata *meta)
{
    const auto chunk = [&](const WebpChunks::Span &span, size_t cap, const char *what) {
        std::vector<uint8_t> out;
        if (span.size <= cap)
            out.assign(span.bytes, span.bytes + span.size);
        else
            meta->warnings.append(tooLargeToRead(what, span.size));
        return out;
    };
    meta->icc = chunk(chunks.icc, colour::kMaxProfileBytes, "colour profile");
    meta->exif = withoutExifHeader(chunk(chunks.exif, kMaxExifBytes + 6, "EXIF")); // some writers add it
    const std::vector<uint8_t> xmp = chunk(chunks.xmp, kMaxXmpBytes, "XMP");
    meta->xmp.assign(xmp.begin(), xmp.end());
}

// An animation's first frame on its canvas, as libwebp's WebPAnimDecoder gives it: the canvas
// transparent black, the frame decoded onto it at its offset (the first frame is drawn over nothing,
// whatever its blending). Colour without alpha when the frame covers the canvas and has none. Only
// the file up to the end of that frame is demuxed (as a partial file: libwebp checks the frame's
// place on the canvas and its bitstream), so the cost is the frame's, whatever follows it.
DecodeResult decodeFirstFrame(const uint8_t *data, const WebpChunks &chunks, cv::Size canvasSize)
{
    DecodeResult result;
    result.corrupt = true;
    const auto fail = [&](const QString &why) {
        result.error = QStringLiteral("damaged animated WebP: %1").arg(why);
        return result;
    };
    if (chunks.firstFrameEnd == 0)
        return fail(QStringLiteral("it has no frame"));
    const WebPData head{data, chunks.firstFrameEnd};
    WebPDemuxState state;
    WebPDemuxer *demux = WebPDemuxPartial(&head, &state);
    WebPIterator frame;
    const bool found = demux && WebPDemuxGetFrame(demux, 1, &frame);
    if (!found || !frame.complete) {
        if (found)
            WebPDemuxReleaseIterator(&frame);
        WebPDemuxDelete(demux);
        return fail(QStringLiteral("its first frame cannot be read"));
    }
    WebPBitstreamFeatures features;
    const bool known = WebPGetFeatures(frame.fragment.bytes, frame.fragment.size, &features) == VP8_STATUS_OK;
    const cv::Rect at(frame.x_offset, frame.y_offset, features.width, features.height);
    const bool whole = at == cv::Rect(cv::Point(), canvasSize);
    const bool alpha = frame.has_alpha || !whole;
    cv::Mat canvas;
    bool ok = known && (cv::Rect(cv::Point(), canvasSize) & at) == at;
    if (ok) {
        canvas = alpha ? cv::Mat::zeros(canvasSize, CV_8UC4) : cv::Mat(canvasSize, CV_8UC3);
        cv::Mat target = canvas(at);
        const size_t bytes = target.step * size_t(target.rows - 1) + target.elemSize() * size_t(target.cols);
        const uint8_t *in = frame.fragment.bytes;
        ok = alpha ? WebPDecodeBGRAInto(in, frame.fragment.size, target.data, bytes, int(target.step))
                   : WebPDecodeBGRInto(in, frame.fragment.size, target.data, bytes, int(target.step));
    }
    WebPDemuxReleaseIterator(&frame);
    WebPDemuxDelete(demux);
    if (!ok)
        return fail(QStringLiteral("its first frame does not decode"));
    result.corrupt = false;
    result.image = canvas;
    result.lossless = features.format == 2;
    return result;
}

// Adds the profile, EXIF and XMP chunks to an encoded still image (which makes it extended).
bool addChunks(std::vector<uint8_t> *webp, const OutputMetadata &meta, QString *error)
{
    if (meta.icc.empty() && meta.exif.empty() && meta.xmp.empty())
        return true;
    const WebPData image{webp->data(), webp->size()};
    WebPMux *mux = WebPMuxCreate(&image, 0);
    if (!mux) {
        *error = QStringLiteral("cannot add metadata to the encoded WebP");
        return false;
    }
    bool ok = true;
    const auto set = [&](const char *fourcc, const void *bytes, size_t n) {
        const WebPData d{static_cast<const uint8_t *>(bytes), n};
        if (n > 0 && ok)
            ok = WebPMuxSetChunk(mux, fourcc, &d, 1) == WEBP_MUX_OK;
    };
    set("ICCP", meta.icc.data(), meta.icc.size());
    set("EXIF", meta.exif.data(), meta.exif.size());
    set("XMP ", meta.xmp.data(), meta.xmp.size());
    WebPData assembled;
    WebPDataInit(&assembled);
    if (ok)
        ok = WebPMuxAssemble(mux, &assembled) == WEBP_MUX_OK;
    if (ok)
        webp->assign(assembled.bytes, assembled.bytes + assembled.size);
    else
        *error = QStringLiteral("cannot add metadata to the encoded WebP");
    WebPDataClear(&assembled);
    WebPMuxDelete(mux);
    return ok;
}

// Lossless WebP of BGR or BGRA pixels: what WebPEncodeLosslessBGR(A) writes (libwebp's default
// preset at its quality 70), with `exact` on, so that the colour under fully transparent pixels is
// kept as PNG, TIFF and JPEG XL outputs keep it (libwebp otherwise makes it whatever compresses best).
bool encodeLossless(const cv::Mat &colour, std::vector<uint8_t> *out, QString *error)
{
    WebPConfig config;
    WebPPicture picture;
    if (!WebPConfigPreset(&config, WEBP_PRESET_DEFAULT, 70.f) || !WebPPictureInit(&picture)) {
        *error = QStringLiteral("this libwebp does not match the version PixelPool was built with");
        return false;
    }
    config.lossless = 1;
    config.exact = 1;
    picture.use_argb = 1;
    picture.width = colour.cols;
    picture.height = colour.rows;
    WebPMemoryWriter writer;
    WebPMemoryWriterInit(&writer);
    picture.writer = WebPMemoryWrite;
    picture.custom_ptr = &writer;
    const int stride = int(colour.step);
    const bool ok = (colour.channels() == 4 ? WebPPictureImportBGRA(&picture, colour.data, stride)
                                            : WebPPictureImportBGR(&picture, colour.data, stride)) &&
                    WebPEncode(&config, &picture);
    if (ok)
        out->assign(writer.mem, writer.mem + writer.size);
    else
        *error = picture.error_code == VP8_ENC_ERROR_OUT_OF_MEMORY
                     ? QStringLiteral("out of memory")
                     : QStringLiteral("the WebP encoder refused the image (error %1)").arg(int(picture.error_code));
    WebPPictureFree(&picture);
    WebPMemoryWriterClear(&writer);
    return ok;
}

} // namespace

DecodeResult decodeWebp(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata)
{
    DecodeResult result;
    result.corrupt = true;
    WebPBitstreamFeatures features;
    const VP8StatusCode status = WebPGetFeatures(data, size, &features);
    if (status != VP8_STATUS_OK) {
        result.error =
            status == VP8_STATUS_NOT_ENOUGH_DATA
                ? QStringLiteral("damaged or truncated WebP: the file ends too early")
                : QStringLiteral("damaged or truncated WebP: unreadable header (status %1)").arg(int(status));
        return result;
    }
    // An animation's size is its canvas's (the VP8X chunk's), which the probe read and the limits
    // were checked on.
    if (!sizeMatches(cv::Size(features.width, features.height), info, &result))
        return result; // compared before allocating: the limits were checked on the probe's size
    const WebpChunks chunks = walkChunks(data, size);
    if (features.has_animation) {
        result = decodeFirstFrame(data, chunks, cv::Size(features.width, features.height));
        if (!result.image.empty() && chunks.frames > 1)
            result.warning = QStringLiteral("animated WebP of %1 frames: only the first is read").arg(chunks.frames);
    } else {
        cv::Mat image(features.height, features.width, features.has_alpha ? CV_8UC4 : CV_8UC3);
        const size_t bytes = image.step * size_t(image.rows);
        const uint8_t *ok = features.has_alpha ? WebPDecodeBGRAInto(data, size, image.data, bytes, int(image.step))
                                               : WebPDecodeBGRInto(data, size, image.data, bytes, int(image.step));
        if (!ok) {
            result.error = QStringLiteral("damaged or truncated WebP data");
            return result;
        }
        result.corrupt = false;
        result.image = image;
        result.lossless = features.format == 2; // 0: mixed, 1: lossy, 2: lossless
    }
    if (withMetadata && !result.image.empty())
        collectChunks(chunks, &result.metadata);
    return result;
}

bool encodeWebp(const cv::Mat &image, int quality, bool lossless, const OutputMetadata *meta, std::vector<uint8_t> *out,
                QString *error)
{
    if (image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)) {
        *error = QStringLiteral("WebP needs 8-bit grey, colour or colour+alpha pixels");
        return false;
    }
    if (image.cols > WEBP_MAX_DIMENSION || image.rows > WEBP_MAX_DIMENSION) {
        *error = QStringLiteral("WebP cannot hold %1×%2 pixels (at most %3 on a side)")
                     .arg(image.cols)
                     .arg(image.rows)
                     .arg(WEBP_MAX_DIMENSION);
        return false;
    }
    cv::Mat colour = image;
    if (image.channels() == 1)
        cv::cvtColor(image, colour, cv::COLOR_GRAY2BGR);
    if (lossless) {
        if (!encodeLossless(colour, out, error))
            return false;
        return !meta || addChunks(out, *meta, error);
    }
    uint8_t *encoded = nullptr;
    const float q = float(std::clamp(quality, 1, 100));
    const int w = colour.cols, h = colour.rows, stride = int(colour.step);
    const size_t n = colour.channels() == 4 ? WebPEncodeBGRA(colour.data, w, h, stride, q, &encoded)
                                            : WebPEncodeBGR(colour.data, w, h, stride, q, &encoded);
    if (n == 0 || !encoded) {
        WebPFree(encoded);
        *error = QStringLiteral("the WebP encoder refused the image");
        return false;
    }
    out->assign(encoded, encoded + n);
    WebPFree(encoded);
    return !meta || addChunks(out, *meta, error);
}

} // namespace pp::codecs
