// WebP through libwebp: still images only (an animation is refused with that reason).
#include "Codecs.h"

#include <opencv2/imgproc.hpp>
#include <webp/decode.h>
#include <webp/encode.h>

namespace pp::codecs {

DecodeResult decodeWebp(const uint8_t *data, size_t size, const ImageInfo &info)
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
    return result;
}

bool encodeWebp(const cv::Mat &image, int quality, std::vector<uint8_t> *out, QString *error)
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
    uint8_t *encoded = nullptr;
    const float q = float(std::clamp(quality, 1, 100));
    const size_t n = colour.channels() == 4
                         ? WebPEncodeBGRA(colour.data, colour.cols, colour.rows, int(colour.step), q, &encoded)
                         : WebPEncodeBGR(colour.data, colour.cols, colour.rows, int(colour.step), q, &encoded);
    if (n == 0 || !encoded) {
        WebPFree(encoded);
        *error = QStringLiteral("the WebP encoder refused the image");
        return false;
    }
    out->assign(encoded, encoded + n);
    WebPFree(encoded);
    return true;
}

} // namespace pp::codecs
