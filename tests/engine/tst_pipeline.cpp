// The planner's speed-ups must not change the result: same output size, and within 40 dB PSNR
// of the straightforward full-resolution OpenCV pipeline on real photos.
#include "ImageCodec.h"
#include "Pipeline.h"
#include "PresetLibrary.h"

#include <QDir>
#include <QJsonObject>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace pp;

class TestPipeline : public QObject
{
    Q_OBJECT

    static QVector<CompiledStep> compiled(const QVector<QJsonObject> &json)
    {
        QString error;
        const auto c = compileSteps(json, &error);
        if (!c)
            qFatal("%s", qPrintable(error));
        return *c;
    }

    static QVector<CompiledStep> steps(const char *preset)
    {
        return compiled(PresetLibrary({}).find(preset)->preset.steps);
    }

    static std::vector<uint8_t> fileBytes(const QString &path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        const QByteArray b = f.readAll();
        return {b.begin(), b.end()};
    }

    // Runs a preset's steps on a file with or without the planner's optimisations.
    static cv::Mat process(const std::vector<uint8_t> &bytes, const QVector<CompiledStep> &s, bool optimised)
    {
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        const PipelinePlan plan = planPipeline(s, {info.width, info.height}, info.exifOrientation,
                                               {optimised && info.format == ImageFormat::Jpeg, optimised});
        const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, plan.scaleEighths, false);
        QString error;
        return runPipeline(plan, d.image, info.exifOrientation, {}, &error);
    }

private slots:
    void classicShrinksOnLoadAndMovesTheBlur()
    {
        const PipelinePlan plan = planPipeline(steps("classic"), {5120, 2880}, 1, {true, true});
        // 1280×720: the blur after the downscale (σ 3.5 output pixels) needs no margin, so the
        // smallest DCT scale that covers 1200×675 (a gap of 2 would take 4/8).
        QCOMPARE(plan.scaleEighths, 2);
        QCOMPARE(plan.steps.size(), 3);
        QCOMPARE(plan.steps[1].step.name, QString("resize"));
        QCOMPARE(plan.steps[2].step.name, QString("blur"));
        QVERIFY(qAbs(plan.steps[2].step.blurSigma * plan.steps[2].scale - 15.0 * 1200 / 5120) < 0.01);
        QCOMPARE(plan.outputSize, cv::Size(1200, 675));
    }

    void narrowBlurKeepsTheDecodeMargin()
    {
        // σ 2 at 1200/5120 is 0.47 output pixels: moved only because minMovedSigma allows it here,
        // and too narrow to hide DCT scaling, so the decode keeps its margin.
        PlanOptions o;
        o.canScaleDecode = true;
        o.minMovedSigma = 0.25;
        QVector<CompiledStep> s = steps("classic");
        s[1].blurSigma = 2.0;
        const PipelinePlan plan = planPipeline(s, {5120, 2880}, 1, o);
        QCOMPARE(plan.steps[2].step.name, QString("blur")); // moved after the resize
        QCOMPARE(plan.scaleEighths, 4); // but with the reducing gap of 2: 2560×1440 ≥ 2 × 1200×675
    }

    void rotationBeforeResizeIsAccountedFor()
    {
        // EXIF 6 turns 4000×3000 into 3000×4000; fit 1000×1000 needs 750×1000 after turning.
        const PipelinePlan plan = planPipeline(steps("thumbnail"), {4000, 3000}, 6, {true, true});
        QCOMPARE(plan.outputSize, cv::Size(192, 256));
        QVERIFY(plan.scaleEighths >= 1);
        QVERIFY(scaledJpegSize({4000, 3000}, plan.scaleEighths).height >= 192);
    }

    void stepsThatWouldExceedThePixelLimitAreNamed()
    {
        // Each number is within its bounds; together they would ask for 441 megapixels.
        const QVector<CompiledStep> s =
            compiled({{{"op", "autoOrient"}}, {{"op", "border"}, {"size", 10000}, {"color", "#ffffff"}}});
        const QString why = stepsOverPixelLimit(s, {1000, 1000}, 1, 200'000'000);
        QVERIFY2(why.startsWith("steps[1] (border) would make an image of 21000×21000 (441.0 megapixels)"),
                 qPrintable(why));
        QVERIFY(stepsOverPixelLimit(s, {1000, 1000}, 1, 500'000'000).isEmpty());
        // Just over: the figure shows it over, not as the limit itself ("200.0 … over the limit of 200.0").
        const QVector<CompiledStep> turn = compiled({{{"op", "rotate"}, {"angle", 45}}});
        QCOMPARE(stepsOverPixelLimit(turn, {20000, 1}, 1, 200'000'000),
                 QString("steps[0] (rotate) would make an image of 14144×14143 (200.04 megapixels), over the limit "
                         "of 200.0 megapixels"));
        ImageInfo png;
        png.format = ImageFormat::Png;
        png.width = png.height = 14143;
        QCOMPARE(overPixelLimit(png, 200'000'000),
                 QString("PNG of 14143×14143 (200.02 megapixels) is over the limit of 200.0 megapixels"));
        QCOMPARE(megapixelDecimals(200'000'001, 200'000'000), 6);
        QCOMPARE(megapixelDecimals(441'000'000, 200'000'000), 1);
        QVERIFY(stepsOverPixelLimit(steps("thumbnail"), {4000, 3000}, 6, 200'000'000).isEmpty());
    }

    void pixelStepsBeforeResizeKeepFullResolution()
    {
        const QVector<CompiledStep> s{compiled({{{"op", "border"}, {"size", 20}, {"color", "#ffffff"}}})[0],
                                      steps("thumbnail")[1]};
        const PipelinePlan plan = planPipeline(s, {4000, 3000}, 1, {true, true});
        QCOMPARE(plan.scaleEighths, 8);
        QCOMPARE(plan.steps[0].step.name, QString("border"));
    }

    void upscaleIsLeftAlone()
    {
        const PipelinePlan plan = planPipeline(steps("classic"), {800, 600}, 1, {true, true});
        QCOMPARE(plan.scaleEighths, 8);
        QCOMPARE(plan.steps[1].step.name, QString("blur")); // order kept
    }

    // A blur before a downscale moves after it only past steps it passes through unchanged, and only
    // where the resize scales both axes alike: moved past a turn by 30°, a clipping contrast or a
    // gamma, or before an exact resize that squeezed one axis, it made another picture (QA: 29.7,
    // 34.4, 48.8 and 26.5 dB against the steps in the preset's order).
    void aBlurMovesOnlyWhereItGivesTheSamePicture_data()
    {
        QTest::addColumn<QJsonObject>("between"); // a step after the blur; empty: none
        QTest::addColumn<QJsonObject>("resize");
        QTest::addColumn<bool>("moved");
        const QJsonObject fit{{"op", "resize"}, {"mode", "fit"}, {"width", 200}, {"height", 200}};
        QTest::newRow("fit") << QJsonObject{} << fit << true;
        QTest::newRow("flip") << QJsonObject{{"op", "flip"}, {"direction", "horizontal"}} << fit << true;
        QTest::newRow("quarter turn") << QJsonObject{{"op", "rotate"}, {"angle", -270}} << fit << true;
        QTest::newRow("autoOrient") << QJsonObject{{"op", "autoOrient"}} << fit << true;
        QTest::newRow("turn by 30°") << QJsonObject{{"op", "rotate"}, {"angle", 30}, {"background", "#ff0000"}} << fit
                                     << false;
        QTest::newRow("contrast") << QJsonObject{{"op", "brightnessContrast"}, {"contrast", 100}} << fit << false;
        QTest::newRow("gamma") << QJsonObject{{"op", "gamma"}, {"gamma", 2.2}} << fit << false;
        QTest::newRow("exact, one axis squeezed")
            << QJsonObject{} << QJsonObject{{"op", "resize"}, {"mode", "exact"}, {"width", 640}, {"height", 20}}
            << false;
        // A fill's crop runs after the moved blur: run before it, the kept edges were blurred with
        // their own reflection instead of the picture cut away (26.4 dB at σ 60, operations QA).
        QTest::newRow("fill, a narrow box")
            << QJsonObject{} << QJsonObject{{"op", "resize"}, {"mode", "fill"}, {"width", 40}, {"height", 400}} << true;
        QTest::newRow("fill, a wide box")
            << QJsonObject{} << QJsonObject{{"op", "resize"}, {"mode", "fill"}, {"width", 600}, {"height", 60}} << true;
    }
    void aBlurMovesOnlyWhereItGivesTheSamePicture()
    {
        QFETCH(QJsonObject, between);
        QFETCH(QJsonObject, resize);
        QFETCH(bool, moved);
        // Wide enough that a crop's edge blurred with the wrong neighbours shows.
        QVector<QJsonObject> json{{{"op", "blur"}, {"sigma", 40}}};
        if (!between.isEmpty())
            json << between;
        json << resize;
        const QVector<CompiledStep> s = compiled(json);
        const PipelinePlan plan = planPipeline(s, {1282, 854}, 1, {true, true});
        QCOMPARE(plan.steps.first().step.name == QLatin1String("blur"), !moved);
        // The pixels: a photo of the samples, planned against the steps in the preset's order.
        const auto bytes = fileBytes(PIXELPOOL_SAMPLES "/volna.jpg");
        QVERIFY(!bytes.empty());
        const cv::Mat fast = process(bytes, s, true);
        const cv::Mat reference = process(bytes, s, false);
        QCOMPARE(fast.size(), reference.size());
        const double psnr = cv::PSNR(fast, reference);
        QVERIFY2(psnr >= 40.0, qPrintable(QString("PSNR %1 dB").arg(psnr)));
    }

    // A nearest resize picks source pixels: a JPEG shrunk on load gave it block averages to pick
    // from, and a blur before it was moved after it, so the batch's pixels were not those of the
    // full decode a preview at 100 % makes. It runs as written, the same pixels either way.
    void nearestResizeRunsAsWritten()
    {
        const QVector<CompiledStep> s =
            compiled({{{"op", "blur"}, {"sigma", 20.0}},
                      {{"op", "resize"}, {"mode", "fit"}, {"width", 300}, {"height", 300}, {"filter", "nearest"}}});
        const PipelinePlan plan = planPipeline(s, {4000, 3000}, 1, {true, true});
        QCOMPARE(plan.scaleEighths, 8);
        QCOMPARE(plan.steps.size(), 2);
        QCOMPARE(plan.steps[0].step.name, QString("blur"));
        QVERIFY(!plan.steps[1].exactSize);
        QCOMPARE(plan.outputSize, cv::Size(300, 225));
        const QStringList jpegs = QDir(PIXELPOOL_SAMPLES).entryList({"*.jpg"}, QDir::Files, QDir::Name);
        QVERIFY(!jpegs.isEmpty());
        const auto bytes = fileBytes(QString(PIXELPOOL_SAMPLES "/") + jpegs.first());
        const cv::Mat optimised = process(bytes, s, true), reference = process(bytes, s, false);
        QVERIFY(!optimised.empty() && optimised.size() == reference.size());
        QCOMPARE(cv::norm(optimised, reference, cv::NORM_INF), 0.0);
    }

    // Fill and exact with downscaleOnly on a photo smaller than the box on one side: the box's shape
    // at the largest size the photo fills (fill: a centre crop, nothing resampled), planned or not.
    void downscaleOnlyKeepsTheBoxsShape()
    {
        const auto bytes = fileBytes(PIXELPOOL_SAMPLES "/autumn.jpg"); // 2560×1600
        QVERIFY(!bytes.empty());
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        const cv::Mat full = decodeImage(bytes.data(), bytes.size(), info, 8, false).image;
        for (const char *mode : {"fill", "exact"}) {
            const QVector<CompiledStep> s = compiled(
                {{{"op", "resize"}, {"mode", mode}, {"width", 2000}, {"height", 2000}, {"downscaleOnly", true}}});
            QCOMPARE(planPipeline(s, {2560, 1600}, 1, {true, true}).outputSize, cv::Size(1600, 1600));
            const cv::Mat optimised = process(bytes, s, true), reference = process(bytes, s, false);
            QCOMPARE(optimised.size(), cv::Size(1600, 1600));
            QCOMPARE(cv::norm(optimised, reference, cv::NORM_INF), 0.0);
            if (QByteArray(mode) == "fill")
                QCOMPARE(cv::norm(optimised, full(cv::Rect(480, 0, 1600, 1600)), cv::NORM_INF), 0.0);
        }
    }

    void optimisedMatchesReferenceOnRealPhotos_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("preset");
        for (const QString &f : QDir(PIXELPOOL_SAMPLES).entryList({"*.jpg", "*.png"}, QDir::Files, QDir::Name))
            for (const char *p : {"classic", "web", "thumbnail"})
                QTest::newRow(qPrintable(f + " " + p)) << QString(PIXELPOOL_SAMPLES "/" + f) << QString(p);
    }
    void optimisedMatchesReferenceOnRealPhotos()
    {
        QFETCH(QString, file);
        QFETCH(QString, preset);
        const auto bytes = fileBytes(file);
        QVERIFY(!bytes.empty());
        const cv::Mat fast = process(bytes, steps(qPrintable(preset)), true);
        const cv::Mat reference = process(bytes, steps(qPrintable(preset)), false);
        QCOMPARE(fast.size(), reference.size());
        const double psnr = cv::PSNR(fast, reference);
        QVERIFY2(psnr >= 40.0, qPrintable(QString("PSNR %1 dB").arg(psnr)));
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
