#include "JobOutput.h"

#include "FileIO.h"
#include "AreaResize.h"
#include "Codecs.h"      // channelUse
#include "JobExecutor.h" // flattenAlpha

#include <opencv2/imgproc.hpp>

namespace pp::job {
namespace {

QString spaceName(colour::ProfileSpace s)
{
    switch (s) {
    case colour::ProfileSpace::Rgb:
        return QStringLiteral("an RGB");
    case colour::ProfileSpace::Gray:
        return QStringLiteral("a grey");
    case colour::ProfileSpace::Cmyk:
        return QStringLiteral("a CMYK");
    default:
        return QStringLiteral("an unusual");
    }
}

QString profileLabel(const colour::ProfileInfo &p)
{
    return p.description.isEmpty() ? QStringLiteral("embedded") : QStringLiteral("\"%1\"").arg(p.description);
}

// Whether pixels of three or four channels are grey: widened from a grey source, their colour
// channels equal.
bool greyWidened(const cv::Mat &image) { return image.channels() >= 3 && codecs::channelUse(image).grey; }

// What an output does with a grey profile, which describes grey pixels only.
enum class GreyProfile {
    Kept,       // the output's pixels are written grey: it goes with them
    OneChannel, // they are, given as one channel: grey widened to colour, no alpha (JPEG, AVIF, JPEG XL)
    Convert,    // they are not: the pixels are converted through it to sRGB
};
GreyProfile greyProfileIn(OutputFormat format, const cv::Mat &image)
{
    if (format == OutputFormat::Webp) // always colour
        return GreyProfile::Convert;
    if (image.channels() == 1 || format == OutputFormat::Bmp) // BMP carries no profile at all
        return GreyProfile::Kept;
    if (!greyWidened(image))
        return GreyProfile::Convert;
    // PNG and TIFF write equal colour channels as grey (with their alpha) beside a grey profile
    // (codecs::profileAllowsGrey); the others write three or four channels as colour.
    if (format == OutputFormat::Png || format == OutputFormat::Tiff)
        return GreyProfile::Kept;
    return image.channels() == 3 ? GreyProfile::OneChannel : GreyProfile::Convert;
}

// The profile an output embeds, given what happened to its pixels.
std::vector<uint8_t> outputProfile(const std::vector<uint8_t> &sourceIcc, const colour::ProfileInfo &source,
                                   bool converted, const cv::Mat &image, MetadataPolicy policy, QStringList *warnings)
{
    // sRGB now; grey pixels with the sRGB curve need no profile to say so (also grey widened to
    // colour from a grey profile: untagged, an encoder may write them grey)
    if (converted)
        return image.channels() == 1 || (source.space == colour::ProfileSpace::Gray && greyWidened(image))
                   ? std::vector<uint8_t>{}
                   : colour::srgbProfile();
    if (sourceIcc.empty())
        return {};
    if (policy == MetadataPolicy::Strip) {
        if (!source.srgb)
            warnings->append(QStringLiteral("metadata strip: the %1 colour profile was left out, so colours will "
                                            "look different (colour: srgb converts them instead)")
                                 .arg(profileLabel(source)));
        return {};
    }
    // Grey from an sRGB source (the grayscale step): grey without a profile is read with sRGB's
    // curve, which is the pixels' own. A source of another profile was converted to sRGB before
    // the step that made it grey (converted above), so this is the only grey made from colour here.
    if (source.space == colour::ProfileSpace::Rgb && source.srgb && image.channels() <= 2)
        return {};
    if (!colour::profileFits(source.space, image.channels()) &&
        !(source.space == colour::ProfileSpace::Gray && greyWidened(image))) {
        warnings->append(QStringLiteral("colour profile left out: the output's pixels are no longer in its colour "
                                        "model"));
        return {};
    }
    return sourceIcc;
}

// Colour times alpha, rounded as Qt's qPremultiply rounds: the window paints previews as
// premultiplied ARGB32, and converting here spares its UI thread a pass over every preview.
void premultiply(cv::Mat &bgra)
{
    for (int y = 0; y < bgra.rows; ++y) {
        uint8_t *p = bgra.ptr<uint8_t>(y);
        for (int x = 0; x < bgra.cols; ++x, p += 4) {
            const unsigned a = p[3];
            if (a == 255)
                continue;
            for (int c = 0; c < 3; ++c) {
                const unsigned t = p[c] * a;
                p[c] = uint8_t((t + (t >> 8) + 0x80) >> 8);
            }
        }
    }
}

} // namespace

// The preview the front end paints: 8-bit BGRA, alpha premultiplied (QImage's
// Format_ARGB32_Premultiplied on a little-endian machine).
cv::Mat makePreview(const cv::Mat &image, int maxSide, const std::vector<uint8_t> *displayFrom)
{
    const double s = std::min({1.0, double(maxSide) / image.cols, double(maxSide) / image.rows});
    const cv::Size size(std::max(1, int(image.cols * s)), std::max(1, int(image.rows * s)));
    cv::Mat small = (size == image.size()) ? image : cv::Mat();
    if (small.empty())
        ops::areaResize(image, small, size);
    small = ops::toEightBit(small); // the window shows 8 bits
    if (displayFrom && !displayFrom->empty() &&
        colour::convertsFrom(colour::inspectProfile(*displayFrom).space, small.channels())) {
        small = small.clone(); // never the output's own pixels
        QString ignored;       // the output's warnings say what was wrong with the profile
        colour::convertToSrgb(small, *displayFrom, &ignored);
    }
    cv::Mat bgra;
    switch (small.channels()) {
    case 1:
        cv::cvtColor(small, bgra, cv::COLOR_GRAY2BGRA);
        break;
    case 3:
        cv::cvtColor(small, bgra, cv::COLOR_BGR2BGRA);
        break;
    default:
        bgra = small.clone();
        premultiply(bgra);
        break;
    }
    return bgra;
}

proto::Region clipRegion(const proto::Region &asked, cv::Size before)
{
    const cv::Rect r = cv::Rect(asked.x, asked.y, asked.width, asked.height) & cv::Rect({0, 0}, before);
    return r.empty() ? proto::Region{} : proto::Region{r.x, r.y, r.width, r.height};
}

proto::Region mapRegion(const proto::Region &region, cv::Size before, cv::Size output)
{
    // The same spot (the centre at the same share of the frame), as large as the before region:
    // both sides of the window's 100 % view fill the same area on screen.
    const auto axis = [](int at, int length, int from, int to, int *outAt, int *outLength) {
        const double centre = (at + length / 2.0) * to / from;
        *outLength = std::min(length, to);
        *outAt = std::clamp(int(std::lround(centre - *outLength / 2.0)), 0, to - *outLength);
    };
    proto::Region r;
    axis(region.x, region.width, before.width, output.width, &r.x, &r.width);
    axis(region.y, region.height, before.height, output.height, &r.y, &r.height);
    return r;
}

cv::Mat regionPreview(const cv::Mat &before, const cv::Mat &after, const std::vector<uint8_t> *displayFrom)
{
    const cv::Mat b = makePreview(before, proto::kMaxRegionSide);
    const cv::Mat a = makePreview(after, proto::kMaxRegionSide, displayFrom);
    cv::Mat both(std::max(b.rows, a.rows), b.cols + a.cols, CV_8UC4, cv::Scalar::all(0));
    b.copyTo(both(cv::Rect(0, 0, b.cols, b.rows)));
    a.copyTo(both(cv::Rect(b.cols, 0, a.cols, a.rows)));
    return both;
}

colour::ProfileInfo usableProfile(std::vector<uint8_t> *icc, const cv::Mat &pixels, QStringList *warnings)
{
    colour::ProfileInfo p = colour::inspectProfile(*icc);
    const int channels = pixels.channels();
    if (p.space == colour::ProfileSpace::Invalid) {
        warnings->append(QStringLiteral("colour profile ignored: %1").arg(p.error));
    } else if (p.space != colour::ProfileSpace::None && !colour::profileFits(p.space, channels) &&
               !(p.space == colour::ProfileSpace::Gray && greyWidened(pixels))) {
        warnings->append(QStringLiteral("colour profile ignored: %1 profile does not describe %2 pixels")
                             .arg(spaceName(p.space), channels == 1 ? "grey" : "colour"));
    } else {
        return p;
    }
    icc->clear();
    return {};
}

OutputFormat outputFormat(const OutputSettings &settings, const Source &source)
{
    if (settings.format != OutputFormat::Keep)
        return settings.format;
    return source.kept != OutputFormat::Keep ? source.kept : keepFormatFor(source.info.format);
}

cv::Mat forFormat(cv::Mat image, OutputFormat format, const OutputSettings &settings)
{
    if (image.channels() == 4 && (format == OutputFormat::Jpeg || format == OutputFormat::Bmp))
        return flattenAlpha(ops::toEightBit(image), settings.background); // 8-bit formats
    return image;
}

bool carriesOrientation(OutputFormat format, MetadataPolicy policy, const SourceMetadata &metadata)
{
    if (policy == MetadataPolicy::Strip || format == OutputFormat::Bmp)
        return false;
    if (format == OutputFormat::Jxl || format == OutputFormat::Avif)
        return true;
    return !metadata.exif.empty() && metadata.exif.size() <= kMaxExifBytes;
}

Written writeOutput(const cv::Mat &pixels, const OutputSettings &settings, const Source &source, bool converted,
                    bool upright, int frame, int file, const QByteArray &tempPath, QStringList *warnings)
{
    Written w;
    const OutputFormat format = outputFormat(settings, source);
    cv::Mat image = pixels;
    // A grey profile goes only with pixels written grey; where the output cannot write them so, they
    // are converted through it (as for a colour step), not left to be read as sRGB.
    if (!converted && source.profile.space == colour::ProfileSpace::Gray &&
        settings.metadata != MetadataPolicy::Strip) {
        switch (greyProfileIn(format, image)) {
        case GreyProfile::Kept:
            break;
        case GreyProfile::OneChannel: {
            cv::Mat grey;
            cv::extractChannel(image, grey, 0);
            image = grey;
            break;
        }
        case GreyProfile::Convert: {
            image = image.clone(); // the caller's pixels may be another output's
            QString why;
            if (colour::convertToSrgb(image, source.metadata.icc, &why))
                converted = true;
            else
                warnings->append(QStringLiteral("colours not converted to sRGB: %1").arg(why));
            // Asked for lossless, the samples are not the source's: said (level 50 became 65).
            if (converted && settings.lossless)
                warnings->append(QStringLiteral("lossless, but the grey samples were converted through the %1 colour "
                                                "profile to sRGB: %2 holds no grey profile with them (png and tiff "
                                                "keep it)")
                                     .arg(profileLabel(source.profile), formatName(format)));
            break;
        }
        }
    }
    MetadataRequest request;
    request.policy = settings.metadata;
    request.format = format;
    request.size = image.size();
    request.orientation = upright ? 1 : source.info.exifOrientation;
    request.sourceSize = cv::Size(source.info.width, source.info.height);
    request.sourceOrientation = source.info.exifOrientation;
    request.frameTurn = frame;
    request.icc = outputProfile(source.metadata.icc, source.profile, converted, image, request.policy, warnings);
    // BMP holds no profile: pixels of another one than sRGB would be read as sRGB, as with
    // `metadata: strip` (which says so). They were left out without a word.
    if (format == OutputFormat::Bmp && !request.icc.empty()) {
        if (!converted && !source.profile.srgb)
            warnings->append(QStringLiteral("the %1 colour profile was left out: bmp holds none, so colours will look "
                                            "different (colour: srgb converts them instead)")
                                 .arg(profileLabel(source.profile)));
        request.icc.clear();
    }
    const OutputMetadata outMeta = prepareMetadata(source.metadata, request, warnings);
    if (request.orientation != 1 && outMeta.exif.empty() && format != OutputFormat::Jxl && format != OutputFormat::Avif)
        warnings->append(QStringLiteral("the pixels are written as stored, not upright: the EXIF block that said "
                                        "how to turn them was left out"));

    std::vector<uint8_t> encoded;
    EncodeSettings es{format, settings.quality, settings.pngCompression, settings.progressive};
    es.metadata = &outMeta;
    // `format: keep` keeps a lossless WebP or JPEG XL lossless: re-encoding it lossy would be a loss
    // nobody chose.
    es.lossless = settings.lossless || (settings.format == OutputFormat::Keep && source.lossless);
    es.tiffCompression = settings.tiffCompression;
    es.orientation = request.orientation;
    if (!encodeImage(image, es, &encoded, &w.error, warnings))
        return w;
    // Only the temporary file: the front end gives it its final name (commitTemporary) once it
    // has accepted this result.
    if (!writeTemporary(file, tempPath, encoded, &w.error)) {
        w.code = proto::FailureCode::CannotWrite;
        return w;
    }
    w.ok = true;
    w.bytes = encoded.size();
    return w;
}

} // namespace pp::job
