// Decoding and encoding: chooses the codec for a format. Each format has its own file in codecs/
// (see codecs/Codecs.h for why OpenCV's imgcodecs is not linked).
#include "ImageCodec.h"
#include "ColourManagement.h"
#include "Metadata.h"
#include "Operations.h"
#include "codecs/Codecs.h"
#include "codecs/HeifLayout.h"

#include <cmath>
#include <cstring>
#include <opencv2/imgproc.hpp>

namespace pp {

int megapixelDecimals(quint64 pixels, quint64 limit)
{
    if (pixels <= limit)
        return 1;
    for (int d = 1; d < 6; ++d) {
        const double scale = std::pow(10.0, d);
        if (std::round(double(pixels) / 1e6 * scale) > std::round(double(limit) / 1e6 * scale))
            return d;
    }
    return 6;
}

QString overPixelLimit(const ImageInfo &info, quint64 maxPixels)
{
    const auto megapixels = [maxPixels](qint64 pixels) {
        return QString::number(double(pixels) / 1e6, 'f', megapixelDecimals(quint64(pixels), maxPixels));
    };
    const qint64 pixels = qint64(info.width) * info.height;
    const QString dims = QStringLiteral("%1 of %2×%3")
                             .arg(formatLabel(info.format), QString::number(info.width), QString::number(info.height));
    if (quint64(pixels) > maxPixels && info.format == ImageFormat::Gif &&
        info.screen != cv::Size(info.width, info.height))
        return QStringLiteral("%1 of %2×%3 with its first frame at %4,%5: a canvas of %6×%7 (%8 megapixels), over "
                              "the limit of %9 megapixels")
            .arg(formatLabel(info.format), QString::number(info.screen.width), QString::number(info.screen.height),
                 QString::number(info.firstFrameAt.x), QString::number(info.firstFrameAt.y),
                 QString::number(info.width), QString::number(info.height), megapixels(pixels),
                 megapixels(qint64(maxPixels)));
    if (quint64(pixels) > maxPixels)
        return QStringLiteral("%1 (%2 megapixels) is over the limit of %3 megapixels")
            .arg(dims, megapixels(pixels), megapixels(qint64(maxPixels)));
    if (quint64(info.largestTilePixels) > maxPixels)
        return QStringLiteral("%1 declares tiles of %2×%3 (%4 megapixels each), over the limit of %5 megapixels")
            .arg(dims, QString::number(info.tileWidth), QString::number(info.tileHeight),
                 megapixels(info.largestTilePixels), megapixels(qint64(maxPixels)));
    if (quint64(info.framePixels) > maxPixels)
        return QStringLiteral("%1 decodes frames of %2 megapixels for its first image (a frame may be larger than "
                              "the image, and is decoded whole), over the limit of %3 megapixels")
            .arg(dims, megapixels(info.framePixels), megapixels(qint64(maxPixels)));
    if (quint64(info.coefficientBytes) > maxPixels * kLimitBytesPerPixel)
        return QStringLiteral("%1 is read scan by scan (progressive): decoding it holds %2 MB of DCT coefficients, "
                              "over the limit of %3 MB (what an image of %4 megapixels takes)")
            .arg(dims, QString::number(double(info.coefficientBytes) / 1e6, 'f', 1),
                 QString::number(double(maxPixels * kLimitBytesPerPixel) / 1e6, 'f', 1), megapixels(qint64(maxPixels)));
    return {};
}

namespace {

DecodeResult decodeFormat(const uint8_t *data, size_t size, const ImageInfo &info, int scaleEighths, bool allowDamaged,
                          bool withMetadata, int rawPreviewEighths)
{
    switch (info.format) {
    case ImageFormat::Jpeg:
        return codecs::decodeJpeg(data, size, info, scaleEighths, allowDamaged, withMetadata);
    case ImageFormat::Png:
        return codecs::decodePng(data, size, info, allowDamaged, withMetadata);
    case ImageFormat::Webp:
        return codecs::decodeWebp(data, size, info, withMetadata);
    case ImageFormat::Tiff:
        return codecs::decodeTiff(data, size, info, withMetadata);
    case ImageFormat::Heif:
    case ImageFormat::Avif:
        return codecs::decodeHeif(data, size, info, withMetadata);
    case ImageFormat::Jxl:
        return codecs::decodeJxl(data, size, info, withMetadata);
    case ImageFormat::Gif:
        return codecs::decodeGif(data, size, info);
    case ImageFormat::Raw:
        return codecs::decodeRaw(data, size, info, {scaleEighths, rawPreviewEighths, allowDamaged, withMetadata});
    case ImageFormat::Bmp:
        return codecs::decodeBmp(data, size, info);
    default:
        return codecs::decodeWithOpenCv(data, size, info);
    }
}

} // namespace

DecodeResult decodeImage(const uint8_t *data, size_t size, const ImageInfo &info, int scaleEighths, bool allowDamaged,
                         bool withMetadata, int rawPreviewEighths)
{
    DecodeResult r = decodeFormat(data, size, info, scaleEighths, allowDamaged, withMetadata, rawPreviewEighths);
    // The embedded profile, whatever the format carried it in: bytes past the size its header
    // declares (padding, a writer's quirk) are cut, losing nothing; a damaged one (cut short, a size
    // or a tag past its end) is left out, and the pixels are read as without one. lcms2 opened such
    // profiles, and `colour: keep` passed them on to JPEG, WebP, TIFF and AVIF outputs, while libpng
    // refused them from PNG outputs, silently: colours shifted by up to 37 levels.
    colour::trimProfilePadding(&r.metadata.icc);
    if (const QString damage = colour::profileDamage(r.metadata.icc); !damage.isEmpty()) {
        r.metadata.warnings.append(QStringLiteral("colour profile ignored: damaged (%1)").arg(damage));
        r.metadata.icc.clear();
    }
    // A camera set to Adobe RGB writes no ICC profile into its JPEG, only EXIF's ColorSpace
    // "uncalibrated" with the Interoperability index R03 (DCF), which Photoshop, Lightroom and
    // darktable honour: read as sRGB, its colours were off by ΔE2000 4–5 on average. Only formats
    // whose one statement of colour is a profile (PNG's sRGB chunk, HEIF's and JPEG XL's colour
    // descriptions, a RAW developed to sRGB say more than EXIF does).
    const bool profileOnly =
        info.format == ImageFormat::Jpeg || info.format == ImageFormat::Tiff || info.format == ImageFormat::Webp;
    if (withMetadata && profileOnly && r.metadata.icc.empty() && r.image.channels() >= 3 &&
        meta::exifSaysAdobeRgb(r.metadata))
        r.metadata.icc = colour::adobeRgbProfile();
    // A HEIF's or AVIF's pixels are turned as its irot/imir say, its EXIF Orientation ignored
    // (codecs/HeifCodec.cpp); where the two disagree, said, as a JPEG's EXIF and XMP are. Here, not
    // in the HEIF plug-in: the EXIF structure is read by the probe's reader (ImageProbe.cpp).
    const bool heif = info.format == ImageFormat::Heif || info.format == ImageFormat::Avif;
    if (withMetadata && heif && !r.image.empty() && !r.metadata.exif.empty())
        if (const QString disagree = heifOrientationDisagreement(
                r.metadata.exif, codecs::heifTransforms(data, size).orientation, info.format);
            !disagree.isEmpty())
            r.metadata.warnings.append(disagree);
    return r;
}

bool holdsSixteenBits(OutputFormat format)
{
    return format == OutputFormat::Png || format == OutputFormat::Tiff || format == OutputFormat::Jxl;
}

bool encodeImage(const cv::Mat &pixels, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
                 QStringList *warnings)
{
    // A preset cannot ask for it (Preset::fromJson, OutputPlanner): were it asked all the same, a lossy
    // file would be written in its place without a word.
    if (s.lossless && !hasLosslessMode(s.format)) {
        *error = QStringLiteral("lossless output asked for, but %1 has no lossless mode").arg(formatName(s.format));
        return false;
    }
    const cv::Mat image = holdsSixteenBits(s.format) ? pixels : ops::toEightBit(pixels);
    QStringList ignored;
    if (!warnings)
        warnings = &ignored;
    if (s.lossless && image.depth() != pixels.depth())
        warnings->append(QStringLiteral("lossless at 8 bits a sample: the image had 16, and %1 is written at 8")
                             .arg(formatName(s.format)));
    bool ok = false;
    switch (s.format) {
    case OutputFormat::Jpeg:
        return codecs::encodeJpeg(image, s, out, error);
    case OutputFormat::Png:
        ok = codecs::encodePng(image, s.pngCompression, s.metadata, out, error, warnings);
        break;
    case OutputFormat::Webp:
        ok = codecs::encodeWebp(image, s.quality, s.lossless, s.metadata, out, error);
        break;
    case OutputFormat::Tiff:
        ok = codecs::encodeTiff(image, s.tiffCompression, s.metadata, out, error, warnings);
        break;
    case OutputFormat::Bmp:
        ok = codecs::encodeWithOpenCv(".bmp", image, out, error);
        break;
    case OutputFormat::Jxl:
        ok = codecs::encodeJxl(image, s, out, error, warnings);
        break;
    case OutputFormat::Avif:
        ok = codecs::encodeAvif(image, s, out, error, warnings);
        break;
    default:
        *error = QStringLiteral("no output format chosen");
        return false;
    }
    // The encoder's own words get its name; a limit of the format that says the format's name is
    // said as JPEG's is ("webp encoder: WebP cannot hold 1×20000 pixels" named WebP twice).
    if (!ok && !error->startsWith(formatName(s.format) + QLatin1Char(' '), Qt::CaseInsensitive))
        *error = QStringLiteral("%1 encoder: %2").arg(formatName(s.format), *error);
    return ok;
}

} // namespace pp
