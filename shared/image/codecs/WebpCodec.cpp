// WebP through libwebp: still images only (an animation is refused with that reason).
#include "Codecs.h"
#include "ColourManagement.h"

#include <opencv2/imgproc.hpp>
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>
#include <webp/mux.h>

namespace pp::codecs {
namespace {

// The ICCP, EXIF and XMP chunks of an extended (VP8X) file.
void collectChunks(const uint8_t *data, size_t size, SourceMetadata *meta)
{
    const WebPData whole{data, size};
    WebPDemuxer *demux = WebPDemux(&whole);
    if (!demux)
        return;
    const uint32_t flags = WebPDemuxGetI(demux, WEBP_FF_FORMAT_FLAGS);
    const auto chunk = [&](uint32_t flag, const char *fourcc, size_t cap, const char *what) {
        std::vector<uint8_t> out;
        WebPChunkIterator it;
        if ((flags & flag) && WebPDemuxGetChunk(demux, fourcc, 1, &it)) {
            if (it.chunk.size <= cap)
                out.assign(it.chunk.bytes, it.chunk.bytes + it.chunk.size);
            else
                meta->warnings.append(tooLargeToRead(what, it.chunk.size));
            WebPDemuxReleaseChunkIterator(&it);
        }
        return out;
    };
    meta->icc = chunk(ICCP_FLAG, "ICCP", colour::kMaxProfileBytes, "colour profile");
    meta->exif = withoutExifHeader(chunk(EXIF_FLAG, "EXIF", kMaxExifBytes + 6, "EXIF")); // some writers add it
    const std::vector<uint8_t> xmp = chunk(XMP_FLAG, "XMP ", kMaxXmpBytes, "XMP");
    meta->xmp.assign(xmp.begin(), xmp.end());
    WebPDemuxDelete(demux);
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
    if (features.has_animation) {
        result.corrupt = false;
        result.error = QStringLiteral("animated WebP is not supported (only still images)");
        return result;
    }
    if (!sizeMatches(cv::Size(features.width, features.height), info, &result))
        return result; // compared before allocating: the limits were checked on the probe's size
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
    if (withMetadata)
        collectChunks(data, size, &result.metadata);
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
