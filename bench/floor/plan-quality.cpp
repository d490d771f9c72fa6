// pixelpool-bench-plan-quality: what the planner's shortcuts cost in quality and buy in time, on
// real photos (docs/benchmarks.md, "The planner's rules, measured").
//
// For every file and every variant of the plan, the preset's steps are run as the worker runs
// them (decode at the planned DCT scale, then the planned steps; no encode), and compared with
// the plain pipeline (full decode, steps in the preset's order): PSNR in dB and the median of
// five single-threaded runs in ms. Variants: the reducing gap of the JPEG decode (decode at least
// gap × the resize's output; 1 = the smallest DCT scale that covers the output) and whether a
// blur before the downscale moves after it with its σ scaled.
//
//   pixelpool-bench-plan-quality [--runs N] PRESET FILE...   PRESET: a built-in name or a .json file
//   (N: runs per variant for the median time, default 5; 1 when only the PSNR matters)
#include "ImageCodec.h"
#include "Pipeline.h"
#include "PresetLibrary.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <opencv2/core.hpp>

using namespace pp;

namespace {

struct Variant {
    const char *name;
    bool scaleDecode;
    double gap;
    bool reorderBlur;
    double minMovedSigma = 1.0;
};

int g_runs = 5;

cv::Mat run(const std::vector<uint8_t> &bytes, const ImageInfo &info, const QVector<CompiledStep> &steps,
            const Variant &v, double *ms, int *eighths)
{
    std::vector<double> times;
    cv::Mat out;
    for (int i = 0; i < g_runs; ++i) {
        QElapsedTimer t;
        t.start();
        PlanOptions o;
        o.canScaleDecode = v.scaleDecode && info.format == ImageFormat::Jpeg;
        o.reorderBlur = v.reorderBlur;
        o.reducingGap = v.gap;
        o.minMovedSigma = v.minMovedSigma;
        const PipelinePlan plan = planPipeline(steps, {info.width, info.height}, info.exifOrientation, o);
        const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, plan.scaleEighths, false);
        QString error;
        out = runPipeline(plan, d.image, info.exifOrientation, {}, &error);
        times.push_back(double(t.nsecsElapsed()) / 1e6);
        *eighths = plan.scaleEighths;
    }
    std::sort(times.begin(), times.end());
    *ms = times[times.size() / 2];
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 2 && std::string(argv[1]) == "--runs") {
        g_runs = std::max(1, std::atoi(argv[2]));
        argc -= 2;
        argv += 2;
    }
    if (argc < 3) {
        std::fprintf(stderr, "usage: pixelpool-bench-plan-quality PRESET FILE...\n");
        return 2;
    }
    cv::setNumThreads(1);
    const QString name = QString::fromLocal8Bit(argv[1]);
    QString error;
    const std::optional<Preset> preset = PresetLibrary({}).resolve(name, &error);
    if (!preset) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const auto steps = compileSteps(preset->steps, &error);
    if (!steps) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const Variant variants[] = {
        {"reference", false, 1, false},
        {"blur moved, full decode", false, 1, true},
        {"blur moved whatever its σ, full decode", false, 1, true, 0.0},
        {"gap 2", true, 2.0, true},
        {"gap 1.5", true, 1.5, true},
        {"gap 1", true, 1.0, true},
    };
    std::printf("file\tvariant\tscale/8\tms\tPSNR dB\n");
    for (int i = 2; i < argc; ++i) {
        QFile f(QString::fromLocal8Bit(argv[i]));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray b = f.readAll();
        const std::vector<uint8_t> bytes(b.begin(), b.end());
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        cv::Mat reference;
        for (const Variant &v : variants) {
            double ms = 0;
            int eighths = 8;
            const cv::Mat out = run(bytes, info, *steps, v, &ms, &eighths);
            if (reference.empty())
                reference = out;
            const double psnr = out.size() == reference.size() ? cv::PSNR(out, reference) : 0.0;
            // cv::PSNR says 361 for identical images: print that as "same".
            const std::string db = &v == variants ? "—" : psnr > 200 ? "same" : std::to_string(psnr).substr(0, 4);
            std::printf("%s\t%s\t%d\t%.1f\t%s\n", qPrintable(QFileInfo(f).fileName()), v.name, eighths, ms, db.c_str());
        }
        std::fflush(stdout);
    }
    return 0;
}
