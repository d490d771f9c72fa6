// What the decoders share, apart from the probe and the codecs' choice (ImageCodec.cpp): also
// linked into the codec plug-ins (CodecModules.h), which load no other part of the engine.
#include "Codecs.h"

#include <cstring>
#include <opencv2/core.hpp>

namespace pp {

const char *formatLabel(ImageFormat f)
{
    switch (f) {
    case ImageFormat::Jpeg:
        return "JPEG";
    case ImageFormat::Png:
        return "PNG";
    case ImageFormat::Webp:
        return "WebP";
    case ImageFormat::Tiff:
        return "TIFF";
    case ImageFormat::Bmp:
        return "BMP";
    case ImageFormat::Heif:
        return "HEIF";
    case ImageFormat::Gif:
        return "GIF";
    case ImageFormat::Avif:
        return "AVIF";
    case ImageFormat::Jxl:
        return "JPEG XL";
    case ImageFormat::Raw:
        return "camera RAW";
    case ImageFormat::Unknown:
        break;
    }
    return "unknown";
}

namespace codecs {

std::vector<uint8_t> withoutExifHeader(std::vector<uint8_t> exif)
{
    if (exif.size() > 6 && std::memcmp(exif.data(), "Exif\0\0", 6) == 0)
        exif.erase(exif.begin(), exif.begin() + 6);
    return exif;
}

QString tooLargeToRead(const char *what, size_t size)
{
    if (std::strcmp(what, "colour profile") == 0)
        return QStringLiteral("colour profile ignored: %1 bytes is larger than any real profile").arg(size);
    return QStringLiteral("%1 left out: %2 bytes is larger than any real block").arg(QLatin1String(what)).arg(size);
}

// Brings what a decoder gave to the pipeline's convention: 8 or 16 bits, 1/3/4 channels.
cv::Mat normalizeDepth(const cv::Mat &in)
{
    cv::Mat out = in;
    if (out.depth() != CV_8U && out.depth() != CV_16U)
        out.convertTo(out, CV_8U, out.depth() == CV_32F || out.depth() == CV_64F ? 255.0 : 1.0);
    if (out.channels() == 2) { // grey + alpha
        std::vector<cv::Mat> planes;
        cv::split(out, planes);
        cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, out);
    }
    return out;
}

bool sizeMatches(cv::Size size, const ImageInfo &info, DecodeResult *result)
{
    if (size.width == info.width && size.height == info.height)
        return true;
    result->error = QStringLiteral("%1 decoded to %2×%3 but its header says %4×%5")
                        .arg(formatLabel(info.format), QString::number(size.width), QString::number(size.height),
                             QString::number(info.width), QString::number(info.height));
    result->corrupt = true;
    return false;
}

} // namespace codecs

} // namespace pp
