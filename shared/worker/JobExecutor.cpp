#include "JobExecutor.h"

#include "ColourManagement.h"
#include "FileIO.h"
#include "ImageCodec.h"
#include "Pipeline.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <opencv2/imgproc.hpp>
#include <sys/stat.h>

namespace pp {
namespace {

using proto::FailureCode;

JobOutcome failOutcome(const proto::Failed &f)
{
    JobOutcome o;
    o.failed = f;
    return o;
}

JobOutcome failure(quint64 jobId, FailureCode code, const QString &message)
{
    return failOutcome({jobId, code, message});
}

quint32 elapsedUs(QElapsedTimer &t)
{
    const qint64 ns = t.nsecsElapsed();
    t.restart();
    return quint32(std::min<qint64>(ns / 1000, UINT32_MAX));
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

// The preview the front end paints: 8-bit BGRA, alpha premultiplied (QImage's
// Format_ARGB32_Premultiplied on a little-endian machine).
cv::Mat makePreview(const cv::Mat &image, int maxSide)
{
    const double s = std::min({1.0, double(maxSide) / image.cols, double(maxSide) / image.rows});
    const cv::Size size(std::max(1, int(image.cols * s)), std::max(1, int(image.rows * s)));
    cv::Mat small = (size == image.size()) ? image : cv::Mat();
    if (small.empty())
        cv::resize(image, small, size, 0, 0, cv::INTER_AREA);
    small = ops::toEightBit(small); // the window shows 8 bits
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

// The source's profile, if it is one the pixels can be read through; a profile that cannot be
// used is dropped with a warning (the pixels are then taken as sRGB, as every viewer would).
colour::ProfileInfo usableProfile(std::vector<uint8_t> *icc, int channels, QStringList *warnings)
{
    colour::ProfileInfo p = colour::inspectProfile(*icc);
    if (p.space == colour::ProfileSpace::Invalid) {
        warnings->append(QStringLiteral("colour profile ignored: %1").arg(p.error));
    } else if (p.space != colour::ProfileSpace::None && !colour::profileFits(p.space, channels)) {
        warnings->append(QStringLiteral("colour profile ignored: %1 profile does not describe %2 pixels")
                             .arg(spaceName(p.space), channels == 1 ? "grey" : "colour"));
    } else {
        return p;
    }
    icc->clear();
    return {};
}

// The profile an output embeds, given what happened to its pixels.
std::vector<uint8_t> outputProfile(const std::vector<uint8_t> &sourceIcc, const colour::ProfileInfo &source,
                                   bool converted, const cv::Mat &image, MetadataPolicy policy, QStringList *warnings)
{
    if (converted) // sRGB now; grey pixels with the sRGB curve need no profile to say so
        return image.channels() == 1 ? std::vector<uint8_t>{} : colour::srgbProfile();
    if (sourceIcc.empty())
        return {};
    if (policy == MetadataPolicy::Strip) {
        if (!source.srgb)
            warnings->append(QStringLiteral("metadata strip: the %1 colour profile was left out, so colours will "
                                            "look different (colour: srgb converts them instead)")
                                 .arg(profileLabel(source)));
        return {};
    }
    if (!colour::profileFits(source.space, image.channels())) {
        warnings->append(QStringLiteral("colour profile left out: the output's pixels are no longer in its colour "
                                        "model"));
        return {};
    }
    return sourceIcc;
}

// What the decoder of this input can do instead of a full decode (Pipeline.h says when each is used).
PlanOptions planOptions(const ImageInfo &info, const InputSettings &input)
{
    PlanOptions o;
    o.canScaleDecode = info.format == ImageFormat::Jpeg;
    if (info.format == ImageFormat::Raw) {
        o.canScaleDecode = true;
        o.halfOnly = true;
        o.reducingGap = 8.0; // half size only for outputs of at most 1/16 of the sensor (Pipeline.h)
        if (input.raw == RawMode::Preview)
            o.preview = info.preview;
    }
    return o;
}

bool hasAutoOrient(const PipelinePlan &plan)
{
    for (const PlannedStep &s : plan.steps)
        if (s.step.name == QLatin1String("autoOrient"))
            return true;
    return false;
}

} // namespace

cv::Mat flattenAlpha(const cv::Mat &bgra, const QString &backgroundHex)
{
    const cv::Scalar bg = colorToBgra(backgroundHex);
    cv::Mat out(bgra.size(), CV_8UC3);
    for (int y = 0; y < bgra.rows; ++y) {
        const uint8_t *s = bgra.ptr<uint8_t>(y);
        uint8_t *d = out.ptr<uint8_t>(y);
        for (int x = 0; x < bgra.cols; ++x, s += 4, d += 3) {
            const int a = s[3];
            for (int c = 0; c < 3; ++c)
                d[c] = uint8_t((s[c] * a + int(bg[c]) * (255 - a) + 127) / 255);
        }
    }
    return out;
}

bool JobExecutor::definePreset(quint32 id, const QByteArray &json, QString *error)
{
    const auto refuse = [&] {
        std::unique_lock lock(*m_lock);
        m_presets.remove(id);
        m_refused.insert(id, *error);
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("preset %1 is not a JSON object").arg(id);
        return refuse();
    }
    const auto preset = Preset::fromJson(doc.object(), error);
    if (!preset)
        return refuse();
    // Validated again while compiling: once per preset, so that no job has to.
    auto steps = compileSteps(preset->steps, error);
    if (!steps)
        return refuse();
    auto defined =
        std::make_shared<const DefinedPreset>(DefinedPreset{std::move(*steps), preset->input, preset->output});
    std::unique_lock lock(*m_lock);
    m_refused.remove(id);
    m_presets.insert(id, std::move(defined));
    return true;
}

JobOutcome JobExecutor::run(const proto::Job &job, const uint8_t *input, size_t inputSize, const JobHooks &hooks) const
{
    std::shared_ptr<const DefinedPreset> defined;
    {
        std::shared_lock lock(*m_lock);
        defined = m_presets.value(job.presetId);
        if (!defined)
            return failure(job.jobId, FailureCode::Processing,
                           m_refused.contains(job.presetId)
                               ? QStringLiteral("the preset cannot be used: %1").arg(m_refused.value(job.presetId))
                               : QStringLiteral("preset %1 was never defined").arg(job.presetId));
    }
    const DefinedPreset &preset = *defined;
    QElapsedTimer timer;
    timer.start();

    std::vector<uint8_t> fileBytes;
    if (job.inputKind == proto::InputKind::File) {
        QString error;
        if (!readRegularFile(job.inputPath, kMaxInputFileBytes, &fileBytes, &error))
            return failure(job.jobId, FailureCode::CannotRead, error);
        input = fileBytes.data();
        inputSize = fileBytes.size();
    }

    const ImageInfo info = probeImage(input, inputSize);
    if (!info.error.isEmpty())
        return failure(job.jobId, info.format == ImageFormat::Unknown ? FailureCode::Unsupported : FailureCode::Corrupt,
                       info.error);
    if (const QString tooLarge = overPixelLimit(info, m_maxPixels); !tooLarge.isEmpty())
        return failure(job.jobId, FailureCode::TooLarge, tooLarge);

    const cv::Size source(info.width, info.height);
    if (const QString tooLarge = stepsOverPixelLimit(preset.steps, source, info.exifOrientation, m_maxPixels);
        !tooLarge.isEmpty())
        return failure(job.jobId, FailureCode::TooLarge, tooLarge);
    const PipelinePlan plan = planPipeline(preset.steps, source, info.exifOrientation, planOptions(info, preset.input));
    const bool allowDamaged = preset.output.damaged == DamagedPolicy::Warn;
    const bool withMetadata = !(job.flags & proto::WithoutMetadata);
    DecodeResult decoded;
    try {
        decoded = decodeImage(input, inputSize, info, plan.scaleEighths, allowDamaged, withMetadata,
                              plan.previewScaleEighths);
    } catch (const std::bad_alloc &) {
        return failure(job.jobId, FailureCode::OutOfMemory,
                       QStringLiteral("out of memory decoding %1×%2").arg(info.width).arg(info.height));
    } catch (const cv::Exception &e) { // OpenCV reports a failed allocation this way
        return failure(
            job.jobId, FailureCode::OutOfMemory,
            QStringLiteral("cannot decode %1×%2: %3")
                .arg(QString::number(info.width), QString::number(info.height), QString::fromStdString(e.msg)));
    }
    if (decoded.image.empty())
        return failure(job.jobId, decoded.corrupt ? FailureCode::Corrupt : FailureCode::Unsupported, decoded.error);
    fileBytes = {}; // the compressed bytes are no longer needed: free them before processing
    const bool sourceLossless = decoded.lossless;
    JobOutcome outcome;
    proto::Finished &fin = outcome.finished;
    fin.jobId = job.jobId;
    fin.sourceWidth = quint32(info.width);
    fin.sourceHeight = quint32(info.height);
    fin.decodeUs = elapsedUs(timer);
    QStringList warnings;
    if (!withMetadata)
        warnings.append(QStringLiteral("converted without its metadata (EXIF, XMP, IPTC, colour profile): the first "
                                       "attempt crashed the worker, and reading the metadata may have caused it"));
    if (!decoded.warning.isEmpty())
        warnings.append(decoded.warning);
    SourceMetadata &sourceMeta = decoded.metadata;
    warnings += sourceMeta.warnings;
    const colour::ProfileInfo profile = usableProfile(&sourceMeta.icc, decoded.image.channels(), &warnings);
    ColourConversion conversion;
    conversion.always = preset.output.colour == ColourPolicy::Srgb;
    if (!sourceMeta.icc.empty() && !profile.srgb) {
        conversion.toSrgb = [&](cv::Mat &m) {
            QString why;
            if (!colour::convertToSrgb(m, sourceMeta.icc, &why))
                warnings.append(QStringLiteral("colours not converted to sRGB: %1").arg(why));
        };
    }

    QString error;
    cv::Mat image;
    try {
        image = runPipeline(
            plan, decoded.image, info.exifOrientation,
            [&](int step, int steps) {
                if (hooks.cancelled && hooks.cancelled())
                    return false;
                if (hooks.progress)
                    hooks.progress(step, steps);
                return true;
            },
            &error, &conversion, &m_resources, &warnings);
    } catch (const cv::Exception &e) {
        error = QString::fromStdString(e.msg);
    } catch (const std::bad_alloc &) {
        return failure(job.jobId, FailureCode::OutOfMemory, QStringLiteral("out of memory while processing"));
    }
    decoded.image.release();
    if (image.empty()) {
        if (hooks.cancelled && hooks.cancelled())
            return failOutcome(proto::cancelledFailure(job.jobId));
        return failure(job.jobId, FailureCode::Processing, error);
    }
    fin.processUs = elapsedUs(timer);
    fin.width = quint32(image.cols);
    fin.height = quint32(image.rows);

    OutputFormat format = preset.output.format;
    if (format == OutputFormat::Keep)
        format = keepFormatFor(info.format);
    if (image.channels() == 4 && (format == OutputFormat::Jpeg || format == OutputFormat::Bmp))
        image = flattenAlpha(ops::toEightBit(image), preset.output.background); // 8-bit formats
    if (job.previewSlot >= 0 && job.previewMax > 0)
        outcome.preview = makePreview(image, job.previewMax);

    if (job.flags & proto::PreviewOnly) {
        fin.warning = warnings.join(QStringLiteral("; "));
        fin.outcome = proto::Outcome::PreviewOnly;
        fin.encodeUs = elapsedUs(timer);
        outcome.ok = true;
        return outcome;
    }
    if (hooks.cancelled && hooks.cancelled())
        return failOutcome(proto::cancelledFailure(job.jobId));

    MetadataRequest request;
    request.policy = preset.output.metadata;
    request.format = format;
    request.size = image.size();
    request.orientation = hasAutoOrient(plan) ? 1 : info.exifOrientation;
    request.icc = outputProfile(sourceMeta.icc, profile, conversion.done, image, request.policy, &warnings);
    const OutputMetadata outMeta = prepareMetadata(sourceMeta, request, &warnings);
    if (job.flags & proto::WantsFacts) {
        const meta::Facts facts = meta::photoFacts(sourceMeta);
        fin.facts = {facts.taken, facts.camera, facts.lens, facts.iso};
    }

    std::vector<uint8_t> encoded;
    EncodeSettings es{format, preset.output.quality, preset.output.pngCompression, preset.output.progressive};
    es.metadata = &outMeta;
    // `format: keep` keeps a lossless WebP or JPEG XL lossless: re-encoding it lossy would be a loss
    // nobody chose.
    es.lossless = preset.output.lossless || (preset.output.format == OutputFormat::Keep && sourceLossless);
    es.tiffCompression = preset.output.tiffCompression;
    es.orientation = request.orientation;
    if (!encodeImage(image, es, &encoded, &error, &warnings))
        return failure(job.jobId, FailureCode::Processing, error);
    warnings.removeDuplicates();
    fin.warning = warnings.join(QStringLiteral("; "));
    // Only the temporary file: the front end gives it its final name (commitTemporary) once it
    // has accepted this result.
    QString writeError;
    if (!writeTemporary(job.tempPath, encoded, &writeError))
        return failure(job.jobId, proto::FailureCode::CannotWrite, writeError);
    fin.outcome = proto::Outcome::Written;
    fin.outputPath = job.tempPath;
    fin.bytes = encoded.size();
    fin.encodeUs = elapsedUs(timer);
    outcome.ok = true;
    return outcome;
}

} // namespace pp
