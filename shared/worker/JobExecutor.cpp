#include "JobExecutor.h"

#include "ColourManagement.h"
#include "FileIO.h"
#include "FrameTurn.h"
#include "HeaderProbe.h"
#include "ImageCodec.h"
#include "JobOutput.h"
#include "OutputSchedule.h"
#include "Pipeline.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <optional>
#include <sys/resource.h>
#include <sys/stat.h>

namespace pp {
namespace {

// Files larger than this are probed from their header (64 KB and a JPEG's or TIFF's header parts)
// before they are read whole: reading a smaller one costs less than 30 ms, and photos pay nothing.
constexpr qint64 kReadWholeBytes = qint64(64) << 20;

using proto::FailureCode;
static_assert(kMaxPresetOutputs == proto::kMaxMoreOutputs + 1, "the job frame carries every output of a preset");

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

// Whether the plan turns the picture upright: an autoOrient step, or a framed step of a preset
// without one (CompiledStep::uprightFirst).
bool hasAutoOrient(const PipelinePlan &plan)
{
    for (const PlannedStep &s : plan.steps)
        if (s.step.name == QLatin1String("autoOrient") || s.step.uprightFirst)
            return true;
    return false;
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

// The plan's steps from `from` up to `to`, for running a part of it. Only the last part of an
// output converts to sRGB at the end (ColourConversion::always).
PipelinePlan part(const PipelinePlan &plan, int from, int to)
{
    PipelinePlan p = plan;
    p.steps = plan.steps.mid(from, to - from);
    return p;
}

static_assert(int(ImageFormat::Raw) == proto::kMaxProbeFormat, "the probe reply carries every ImageFormat");
static_assert(int(ImageFormat::Jpeg) == 1, "ProtocolProbe.cpp allows progressive scans for JPEG only");
static_assert(int(OutputFormat::Avif) == proto::kMaxOutputFormat, "the job frame carries every OutputFormat");

// An out-of-memory failure, while decoding `decoding` or else while processing, with what a worker
// may use (" (a worker may use 4075 MB)"; Limits.h sizes it from the pixel limit) when it has a cap.
QString outOfMemory(const std::optional<ImageInfo> &decoding = std::nullopt)
{
    QString text = decoding ? QStringLiteral("out of memory decoding %1×%2").arg(decoding->width).arg(decoding->height)
                            : QStringLiteral("out of memory while processing");
    rlimit limit{};
    if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        text += QStringLiteral(" (a worker may use %1 MB)").arg(quint64(limit.rlim_cur) >> 20);
    return text;
}

} // namespace

proto::ProbeReply JobExecutor::probe(const proto::ProbeRequest &request) const
{
    std::shared_ptr<const DefinedPreset> defined;
    {
        std::shared_lock lock(*m_lock);
        defined = m_presets.value(request.presetId);
    }
    proto::ProbeReply reply;
    reply.requestId = request.requestId;
    for (const QByteArray &path : request.paths) {
        proto::ProbeEntry entry;
        const ImageInfo info = probeFileHeader(path);
        // An image the job will refuse (unreadable, not understood, over the pixel limit) costs next to
        // nothing: it is reported as unknown, and the front end falls back on its size in bytes.
        if (info.error.isEmpty() && overPixelLimit(info, m_maxPixels).isEmpty()) {
            entry.ok = true;
            entry.format = quint8(info.format);
            entry.width = quint32(info.width);
            entry.height = quint32(info.height);
            entry.progressive = info.format == ImageFormat::Jpeg && info.coefficientBytes > 0;
            entry.scaleEighths = 8;
            if (defined) { // the scale the job's decode will use (run() takes the largest of its outputs)
                const cv::Size source(info.width, info.height);
                int scale = 1;
                for (const DefinedOutput &o : defined->outputs) {
                    if (!stepsOverPixelLimit(o.steps, source, info.exifOrientation, m_maxPixels).isEmpty())
                        entry = {};
                    else
                        scale = std::max(scale, planPipeline(o.steps, source, info.exifOrientation,
                                                             planOptions(info, defined->input))
                                                    .scaleEighths);
                }
                if (entry.ok)
                    entry.scaleEighths = quint8(std::clamp(scale, 1, 8));
            }
        }
        reply.entries.append(entry);
    }
    return reply;
}

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

std::optional<QList<QByteArray>> JobExecutor::filesRead(quint32 id) const
{
    std::shared_lock lock(*m_lock);
    const std::shared_ptr<const DefinedPreset> defined = m_presets.value(id);
    return defined ? std::optional(defined->reads) : std::nullopt;
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
    DefinedPreset defined{{}, int(preset->steps.size()), preset->input, preset->output.damaged, preset->filesRead()};
    static_assert(size_t(kMaxStepFiles) == proto::kMaxReadFiles, "a job's message carries every file its steps read");
    // A preset without autoOrient anywhere (in its shared steps or any output's, so that the
    // shared steps are the same for every output) has its first framed step turn the picture.
    const auto orients = [](const QVector<QJsonObject> &steps) {
        return std::any_of(steps.cbegin(), steps.cend(), [](const QJsonObject &s) {
            return s.value("op").toString() == QLatin1String("autoOrient");
        });
    };
    bool presetOrients = orients(preset->steps);
    for (const PresetOutput &target : preset->outputs)
        presetOrients = presetOrients || orients(target.steps);
    for (const PresetOutput &target : preset->targets()) {
        auto steps = compileSteps(preset->steps + target.steps, error, OperationCatalog::builtin(), !presetOrients);
        if (!steps) {
            if (preset->hasOutputs())
                *error = QStringLiteral("output \"%1\": %2").arg(target.name, *error);
            return refuse();
        }
        defined.outputs.append({target.name, std::move(*steps), target.output});
    }
    auto shared = std::make_shared<const DefinedPreset>(std::move(defined));
    std::unique_lock lock(*m_lock);
    m_refused.remove(id);
    m_presets.insert(id, std::move(shared));
    return true;
}

JobOutcome JobExecutor::run(const proto::Job &job, const uint8_t *input, size_t inputSize, const JobHooks &hooks,
                            const std::vector<int> &outputFiles) const
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
    const bool previewOnly = job.flags & proto::PreviewOnly;
    // A preview shows the preset's first output; a job writes every one, each to its temporary.
    const int outputs = previewOnly ? 1 : int(preset.outputs.size());
    if (!previewOnly && job.moreTempPaths.size() != outputs - 1)
        return failure(job.jobId, FailureCode::Processing,
                       QStringLiteral("the job names %1 outputs, the preset makes %2")
                           .arg(QString::number(job.moreTempPaths.size() + 1), QString::number(outputs)));
    if (!previewOnly && !outputFiles.empty() && outputFiles.size() != size_t(outputs))
        return failure(job.jobId, FailureCode::Processing,
                       QStringLiteral("the job has %1 output files for %2 outputs")
                           .arg(QString::number(outputFiles.size()), QString::number(outputs)));
    const bool several = preset.outputs.size() > 1 || !preset.outputs[0].name.isEmpty();
    const auto named = [&](int i, const QString &what) {
        return several ? QStringLiteral("output \"%1\": %2").arg(preset.outputs[i].name, what) : what;
    };
    QElapsedTimer timer;
    timer.start();

    // An image refused before decoding, by its probe: not understood, damaged, over the limit.
    const auto refused = [&](const ImageInfo &probed) -> std::optional<JobOutcome> {
        if (!probed.error.isEmpty())
            return failure(job.jobId,
                           probed.format == ImageFormat::Unknown ? FailureCode::Unsupported : FailureCode::Corrupt,
                           probed.error);
        if (const QString tooLarge = overPixelLimit(probed, m_maxPixels); !tooLarge.isEmpty())
            return failure(job.jobId, FailureCode::TooLarge, tooLarge);
        return std::nullopt;
    };
    std::vector<uint8_t> fileBytes;
    if (job.inputKind == proto::InputKind::File) {
        // A large file is probed from its header first: one that is no image, or whose header
        // already fails or is over the limit, is refused without being read. A sparse 1.9 GB .jpg
        // was read into memory whole (6 s, 1.9 GB) to be found no image.
        struct stat st;
        if (statFile(job.inputPath, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > kReadWholeBytes) {
            bool whole = false;
            const ImageInfo head = probeFileHeader(job.inputPath, &whole);
            if (const auto refusal = whole ? refused(head) : std::nullopt)
                return *refusal;
        }
        QString error;
        if (!readRegularFile(job.inputPath, kMaxInputFileBytes, &fileBytes, &error))
            return failure(job.jobId, FailureCode::CannotRead, error);
        input = fileBytes.data();
        inputSize = fileBytes.size();
    }

    const ImageInfo info = probeImage(input, inputSize);
    if (const auto refusal = refused(info))
        return *refusal;

    const cv::Size source(info.width, info.height);
    QVector<PipelinePlan> plans;
    for (int i = 0; i < outputs; ++i) {
        const QVector<CompiledStep> &steps = preset.outputs[i].steps;
        if (const QString tooLarge = stepsOverPixelLimit(steps, source, info.exifOrientation, m_maxPixels);
            !tooLarge.isEmpty())
            return failure(job.jobId, FailureCode::TooLarge, named(i, tooLarge));
        plans.append(planPipeline(steps, source, info.exifOrientation, planOptions(info, preset.input)));
    }
    // One decode serves every output: at the largest scale any of them needs (each plan's resize
    // has its exact size, so a plan stays right on more pixels than it asked for), from the RAW
    // preview only when every output can take it.
    int scaleEighths = 1, previewScaleEighths = 0;
    bool everyFromPreview = true;
    for (const PipelinePlan &plan : plans) {
        scaleEighths = std::max(scaleEighths, plan.scaleEighths);
        previewScaleEighths = std::max(previewScaleEighths, plan.previewScaleEighths);
        everyFromPreview &= plan.previewScaleEighths > 0;
    }
    if (!everyFromPreview)
        previewScaleEighths = 0;
    // A region at 100 % needs every source pixel: a full decode, never a RAW's embedded preview.
    const bool region = previewOnly && !job.region.isEmpty();
    if (region) {
        scaleEighths = 8;
        previewScaleEighths = 0;
    }
    const bool allowDamaged = preset.damaged == DamagedPolicy::Warn;
    const bool withMetadata = !(job.flags & proto::WithoutMetadata);
    DecodeResult decoded;
    try {
        m_decodes->fetch_add(1);
        decoded = decodeImage(input, inputSize, info, scaleEighths, allowDamaged, withMetadata, previewScaleEighths);
    } catch (const std::bad_alloc &) {
        return failure(job.jobId, FailureCode::OutOfMemory, outOfMemory(info));
    } catch (const cv::Exception &e) { // OpenCV reports a failed allocation this way
        if (e.code == cv::Error::StsNoMem)
            return failure(job.jobId, FailureCode::OutOfMemory, outOfMemory(info));
        return failure(
            job.jobId, FailureCode::OutOfMemory,
            QStringLiteral("cannot decode %1×%2: %3")
                .arg(QString::number(info.width), QString::number(info.height), QString::fromStdString(e.msg)));
    }
    if (decoded.image.empty())
        return failure(job.jobId, decoded.corrupt ? FailureCode::Corrupt : FailureCode::Unsupported, decoded.error);
    fileBytes = {}; // the compressed bytes are no longer needed: free them before processing
    const cv::Size decodedSize = decoded.image.size(); // the image itself goes once no output needs it
    JobOutcome outcome;
    proto::Finished &fin = outcome.finished;
    fin.jobId = job.jobId;
    // As the photo is seen, as the output's size is: a phone's portrait stored sideways under
    // Orientation 6 is 3000×4000.
    const cv::Size sourceSeen = ops::orientedSize({info.width, info.height}, info.exifOrientation);
    fin.sourceWidth = quint32(sourceSeen.width);
    fin.sourceHeight = quint32(sourceSeen.height);
    fin.decodeUs = elapsedUs(timer);
    QStringList warnings;
    if (!withMetadata)
        warnings.append(QStringLiteral("converted without its metadata (EXIF, XMP, IPTC, colour profile): the first "
                                       "attempt crashed the worker, and reading the metadata may have caused it"));
    if (!decoded.warning.isEmpty())
        warnings.append(decoded.warning);
    SourceMetadata &sourceMeta = decoded.metadata;
    warnings += sourceMeta.warnings;
    const colour::ProfileInfo profile = job::usableProfile(&sourceMeta.icc, decoded.image, &warnings);
    std::function<void(cv::Mat &)> toSrgb;
    if (!sourceMeta.icc.empty() && !profile.srgb) {
        toSrgb = [&](cv::Mat &m) {
            // In place, on pixels that another output may still start from: on a copy.
            cv::Mat copy = m.clone();
            QString why;
            if (!colour::convertToSrgb(copy, sourceMeta.icc, &why))
                warnings.append(QStringLiteral("colours not converted to sRGB: %1").arg(why));
            m = copy;
        };
    }
    if (job.flags & proto::WantsFacts) {
        const meta::Facts facts = meta::photoFacts(sourceMeta);
        fin.facts = {facts.taken, facts.camera, facts.lens, facts.iso};
    }
    const job::Source src{info, sourceMeta, profile, decoded.lossless, OutputFormat(job.keptFormat)};
    // The before side of a region preview: what the "before" preview shows (the upright image in
    // sRGB), cut before the steps run.
    cv::Mat beforeRegion;
    cv::Size beforeSize;
    if (region) {
        const cv::Mat upright = ops::applyExifOrientation(decoded.image, info.exifOrientation);
        beforeSize = upright.size();
        fin.beforeRegion = job::clipRegion(job.region, beforeSize);
        if (fin.beforeRegion.isEmpty())
            return failure(job.jobId, FailureCode::Processing, QStringLiteral("the region is outside the image"));
        const proto::Region &r = fin.beforeRegion;
        beforeRegion = upright(cv::Rect(r.x, r.y, r.width, r.height)).clone();
        if (toSrgb)
            toSrgb(beforeRegion);
    }

    // Every output's steps, in the order and from the starting points the schedule says.
    const QVector<OutputRun> schedule = scheduleOutputs(plans, preset.sharedSteps);
    int totalSteps = 0, doneSteps = 0;
    for (const OutputRun &r : schedule)
        totalSteps += int(plans[r.output].steps.size()) - r.startStep;
    struct Snapshot {
        int run, step;
        cv::Mat image;
        bool converted;
    };
    QVector<Snapshot> snapshots;
    quint32 processUs = 0, encodeUs = 0;
    for (int r = 0; r < schedule.size(); ++r) {
        const OutputRun &run = schedule[r];
        const int i = run.output;
        const PipelinePlan &plan = plans[i];
        const OutputSettings &settings = preset.outputs[i].output;
        ColourConversion conversion{toSrgb, false, false};
        cv::Mat image;
        if (run.from < 0) {
            image = decoded.image;
        } else {
            for (const Snapshot &s : snapshots) {
                if (s.run == run.from && s.step == run.fromStep) {
                    image = s.image;
                    conversion.done = s.converted;
                }
            }
        }
        int at = run.startStep;
        QString error = image.empty() ? QStringLiteral("no image to start from") : QString();
        // Runs the plan's steps up to `to`; only the last part converts to sRGB at the end.
        const auto runTo = [&](int to, bool last) {
            conversion.always = last && settings.colour == ColourPolicy::Srgb;
            const int offset = doneSteps;
            image = runPipeline(
                part(plan, at, to), image, info.exifOrientation,
                [&](int step, int) {
                    if (hooks.cancelled && hooks.cancelled())
                        return false;
                    if (hooks.progress)
                        hooks.progress(offset + step, totalSteps);
                    return true;
                },
                &error, &conversion, &m_resources, &warnings);
            doneSteps += to - at;
            at = to;
            return !image.empty();
        };
        try {
            // Where later outputs take their image (before this one's own sRGB conversion at the end).
            bool ok = !image.empty();
            for (const int cut : snapshotSteps(schedule, r)) {
                if (ok && cut > at)
                    ok = runTo(cut, false);
                if (ok)
                    snapshots.append({r, cut, image, conversion.done});
            }
            if (ok)
                runTo(int(plan.steps.size()), true);
        } catch (const cv::Exception &e) {
            image.release();
            if (e.code == cv::Error::StsNoMem) // OpenCV's text names its own source file and bytes
                return failure(job.jobId, FailureCode::OutOfMemory, named(i, outOfMemory()));
            error = QString::fromStdString(e.msg);
        } catch (const std::bad_alloc &) {
            return failure(job.jobId, FailureCode::OutOfMemory, named(i, outOfMemory()));
        }
        if (image.empty()) {
            if (hooks.cancelled && hooks.cancelled())
                return failOutcome(proto::cancelledFailure(job.jobId));
            return failure(job.jobId, FailureCode::Processing, named(i, error));
        }
        bool neededLater = false;
        for (int later = r + 1; later < schedule.size(); ++later)
            neededLater |= schedule[later].from < 0;
        if (!neededLater)
            decoded.image.release(); // only the snapshots stay
        processUs += elapsedUs(timer);

        const OutputFormat format = job::outputFormat(settings, src);
        // BMP holds no transparency (forFormat flattens it onto `background`): asked for lossless,
        // an image with some is refused, as JPEG is before any work (Preset::fromJson, OutputPlanner);
        // kept as BMP (`format: keep`, which chose no format that drops it), it is flattened with a
        // warning, where a BMP's alpha was lost without a word; so is an image `keep` writes as JPEG
        // (a HEIC with alpha), flattened without a word before.
        bool flattenedByKeep = false;
        if ((settings.lossless || settings.format == OutputFormat::Keep) &&
            (format == OutputFormat::Bmp || format == OutputFormat::Jpeg) && image.channels() == 4) {
            cv::Mat alpha;
            cv::extractChannel(image, alpha, 3);
            double least = 0;
            cv::minMaxLoc(alpha, &least);
            const bool transparent = least < (image.depth() == CV_16U ? 65535 : 255);
            if (transparent && settings.lossless)
                return failure(job.jobId, FailureCode::Unsupported,
                               named(i, QStringLiteral("lossless output asked for, but %1 holds no transparency, "
                                                       "which this image has: choose png, webp, tiff, jxl or avif, "
                                                       "or turn lossless off")
                                            .arg(formatName(format))));
            flattenedByKeep = transparent;
        }
        image = job::forFormat(image, format, settings);
        bool upright = hasAutoOrient(plan) || info.exifOrientation < 2 || info.exifOrientation > 8;
        int frame = planFrame(plan, decodedSize, info.exifOrientation);
        if (!upright && !job::carriesOrientation(format, settings.metadata, sourceMeta)) {
            image = ops::applyExifOrientation(image, info.exifOrientation); // nothing will say how to turn it
            upright = true;
            frame = frame ? meta::composeTurns(frame, info.exifOrientation) : 0;
        }
        // Pixels still in the source's colour space are shown converted (the window paints sRGB).
        const std::vector<uint8_t> *displayFrom = toSrgb && !conversion.done ? &sourceMeta.icc : nullptr;
        if (i == 0 && region) {
            fin.afterRegion = job::mapRegion(fin.beforeRegion, beforeSize, image.size());
            const proto::Region &r = fin.afterRegion;
            outcome.preview =
                job::regionPreview(beforeRegion, image(cv::Rect(r.x, r.y, r.width, r.height)), displayFrom);
        } else if (i == 0 && job.previewSlot >= 0 && job.previewMax > 0) {
            outcome.preview = job::makePreview(image, job.previewMax, displayFrom);
        }
        if (previewOnly) {
            fin.width = quint32(image.cols);
            fin.height = quint32(image.rows);
            break;
        }
        if (hooks.cancelled && hooks.cancelled())
            return failOutcome(proto::cancelledFailure(job.jobId));
        QStringList outputWarnings;
        if (flattenedByKeep)
            outputWarnings.append(QStringLiteral("transparency flattened onto %1: format: keep writes this image as "
                                                 "%2, which holds none (png, webp, tiff, jxl and avif keep it)")
                                      .arg(settings.background, formatName(format)));
        const QByteArray &tempPath = i == 0 ? job.tempPath : job.moreTempPaths[i - 1];
        const int file = outputFiles.empty() ? -1 : outputFiles[size_t(i)];
        const job::Written w =
            job::writeOutput(image, settings, src, conversion.done, upright, frame, file, tempPath, &outputWarnings);
        for (const QString &warning : outputWarnings)
            warnings.append(named(i, warning));
        if (!w.ok)
            return failure(job.jobId, w.code, named(i, w.error));
        encodeUs += elapsedUs(timer);
        // The size as the output is seen, which {width} and {height} name and the events report:
        // pixels kept in stored order under an Orientation of 5 to 8 are shown turned a quarter (a
        // phone's portrait fitted into a square box was named and reported 50×25, seen as 25×50).
        const cv::Size seen = upright ? image.size() : ops::orientedSize(image.size(), info.exifOrientation);
        const quint32 shownWidth = quint32(seen.width), shownHeight = quint32(seen.height);
        if (i == 0) {
            fin.outputPath = job.tempPath;
            fin.width = shownWidth;
            fin.height = shownHeight;
            fin.bytes = w.bytes;
        } else {
            if (fin.moreOutputs.size() < outputs - 1)
                fin.moreOutputs.resize(outputs - 1);
            fin.moreOutputs[i - 1] = {proto::Outcome::Written, tempPath, shownWidth, shownHeight, w.bytes};
        }
    }
    warnings.removeDuplicates();
    fin.warning = warnings.join(QStringLiteral("; "));
    fin.processUs = processUs;
    fin.encodeUs = encodeUs;
    fin.outcome = previewOnly ? proto::Outcome::PreviewOnly : proto::Outcome::Written;
    if (!previewOnly)
        fin.outputPath = job.tempPath;
    outcome.ok = true;
    return outcome;
}

} // namespace pp
