#include "CompiledStep.h"
#include "tst_ops.h"

#include <QJsonArray>
#include <QTest>
#include <opencv2/imgproc.hpp>

using namespace pp;
using namespace pp::ops;
using namespace testutil;

#define COMPARE_MAT(actual, expected)                                                              \
    QVERIFY2(maxDiff((actual), (expected)) == 0,                                                   \
             (describe(actual) + " expected " + describe(expected)).constData())

namespace {

// Steps as OperationCatalog::normalizeStep returns them with defaults filled in.
std::vector<QJsonObject> normalizedDefaults()
{
    return {
        {{"op", "resize"},
         {"mode", "fit"},
         {"width", 1200},
         {"height", 1200},
         {"percent", 50.0},
         {"downscaleOnly", false},
         {"filter", "auto"}},
        {{"op", "crop"},
         {"mode", "aspect"},
         {"aspectWidth", 1.0},
         {"aspectHeight", 1.0},
         {"x", 0},
         {"y", 0},
         {"width", 100},
         {"height", 100}},
        {{"op", "rotate"}, {"angle", 90.0}, {"background", "#ffffff"}},
        {{"op", "flip"}, {"direction", "horizontal"}},
        {{"op", "autoOrient"}},
        {{"op", "blur"}, {"sigma", 2.0}},
        {{"op", "sharpen"}, {"sigma", 1.0}, {"amount", 0.5}, {"threshold", 0}},
        {{"op", "brightnessContrast"}, {"brightness", 0}, {"contrast", 0}},
        {{"op", "gamma"}, {"gamma", 1.0}},
        {{"op", "saturation"}, {"factor", 1.0}},
        {{"op", "grayscale"}},
        {{"op", "sepia"}, {"intensity", 1.0}},
        {{"op", "watermark"},
         {"text", QString::fromUtf8("\xC2\xA9 PixelPool")},
         {"position", "bottomRight"},
         {"size", 5.0},
         {"opacity", 0.5},
         {"color", "#ffffff"},
         {"margin", 2.0}},
        {{"op", "border"}, {"size", 20}, {"color", "#ffffff"}},
    };
}

CompiledStep compiled(const QJsonObject &step)
{
    QString error;
    const auto c = compileStep(step, &error);
    if (!c) qFatal("compile failed: %s", qPrintable(error));
    return *c;
}

} // namespace

void TestOps::compileRejectsBadSteps()
{
    QString error;
    QVERIFY(!compileStep({{"op", "nope"}}, &error));
    QVERIFY2(error.contains("nope"), qPrintable(error));
    error.clear();
    QVERIFY(!compileStep({}, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!compileStep({{"op", "resize"}, {"mode", "bogus"}}, &error));
    QVERIFY2(error.contains("resize.mode"), qPrintable(error));
    error.clear();
    QVERIFY(!compileStep({{"op", "rotate"}, {"background", "red"}}, &error));
    QVERIFY2(error.contains("rotate.background"), qPrintable(error));
    QVERIFY(!compileStep({{"op", "blur"}, {"sigma", "2"}}, &error));
    QVERIFY(!compileStep({{"op", "nope"}}, nullptr)); // no error sink is fine

    const auto steps = compileSteps({QJsonObject{{"op", "grayscale"}}, QJsonObject{{"op", "blur"}, {"radius", 1}}}, &error);
    QVERIFY(!steps);
    QVERIFY2(error.startsWith("steps[1]: ") && error.contains("radius"), qPrintable(error));
}

void TestOps::everyOpAcceptsEveryChannelCount()
{
    const std::vector<QJsonObject> steps = normalizedDefaults();
    QCOMPARE(int(steps.size()), 14);
    for (const QJsonObject &step : steps) {
        const CompiledStep op = compiled(step);
        const StepContext context{6}; // an EXIF rotation, so that autoOrient changes the size
        QCOMPARE(op.name, step.value("op").toString());
        for (const int type : {CV_8UC1, CV_8UC3, CV_8UC4}) {
            const cv::Mat in = noise({37, 23}, type, 5);
            const cv::Mat before = in.clone();
            cv::Mat out = op.apply(in, context);
            const QByteArray where =
                op.name.toUtf8() + " on " + QByteArray::number(CV_MAT_CN(type));
            QVERIFY2(!out.empty(), where.constData());
            QVERIFY2(out.depth() == CV_8U, where.constData());
            int expectedChannels = CV_MAT_CN(type);
            if (op.name == "sepia" && type == CV_8UC1) expectedChannels = 3;
            if (op.name == "grayscale" && type == CV_8UC3) expectedChannels = 1;
            QVERIFY2(out.channels() == expectedChannels, where.constData());
            QVERIFY2(out.size() == op.outputSize(in.size(), context), where.constData());
            // Results never share pixels with the input.
            out.setTo(cv::Scalar::all(1));
            QVERIFY2(maxDiff(in, before) == 0, where.constData());
        }
    }
}

void TestOps::extremeParametersOnTinyImages()
{
    // Catalog extremes on degenerate images: nothing may throw, and sizes stay predictable.
    const std::vector<QJsonObject> steps = {
        {{"op", "resize"}, {"mode", "fill"}, {"width", 1}, {"height", 65535}},
        {{"op", "resize"}, {"mode", "scale"}, {"percent", 1.0}},
        {{"op", "crop"}, {"mode", "aspect"}, {"aspectWidth", 0.01}, {"aspectHeight", 10000.0}},
        {{"op", "crop"},
         {"mode", "rect"},
         {"x", 1000000},
         {"y", 1000000},
         {"width", 1000000},
         {"height", 1}},
        {{"op", "rotate"}, {"angle", -359.5}, {"background", "#00000000"}},
        {{"op", "rotate"}, {"angle", 45.0}},
        {{"op", "blur"}, {"sigma", 500.0}},
        {{"op", "sharpen"}, {"sigma", 50.0}, {"amount", 10.0}, {"threshold", 255}},
        {{"op", "brightnessContrast"}, {"brightness", -100}, {"contrast", 100}},
        {{"op", "gamma"}, {"gamma", 0.1}},
        {{"op", "saturation"}, {"factor", 5.0}},
        {{"op", "watermark"},
         {"text", QString(200, QLatin1Char('M'))},
         {"size", 50.0},
         {"margin", 25.0},
         {"opacity", 1.0},
         {"position", "center"}},
        {{"op", "border"}, {"size", 100}, {"color", "#12345678"}},
    };
    for (const QJsonObject &step : steps) {
        const CompiledStep op = compiled(step);
        for (const cv::Size size : {cv::Size(1, 1), cv::Size(1, 7), cv::Size(7, 1), cv::Size(3, 2)})
            for (const int type : {CV_8UC1, CV_8UC3, CV_8UC4}) {
                const cv::Mat out = op.apply(noise(size, type, 11), {});
                QVERIFY2(!out.empty() && out.size() == op.outputSize(size, {}),
                         qPrintable(op.name +
                                    QStringLiteral(" on %1x%2").arg(size.width).arg(size.height)));
            }
    }
}

void TestOps::registryParsing()
{
    const ResizeParams r = compiled({{"op", "resize"},
                                     {"mode", "fill"},
                                     {"width", 300},
                                     {"height", 200},
                                     {"percent", 25.0},
                                     {"downscaleOnly", true},
                                     {"filter", "lanczos"}})
                               .resize;
    QVERIFY(r.mode == ResizeMode::Fill && r.width == 300 && r.height == 200 && r.percent == 25 &&
            r.downscaleOnly && r.filter == Filter::Lanczos);

    QCOMPARE(colorToBgra("#ff8800"), cv::Scalar(0, 0x88, 0xff, 255));
    QCOMPARE(colorToBgra("#11223344"), cv::Scalar(0x33, 0x22, 0x11, 0x44));
    QCOMPARE(colorToBgra("#AbCdEf"), cv::Scalar(0xef, 0xcd, 0xab, 255));
    QCOMPARE(colorToBgra("#12345"), cv::Scalar(0, 0, 0, 255));
    QCOMPARE(colorToBgra("#+1+2+3"), cv::Scalar(0, 0, 0, 255));
    QCOMPARE(colorToBgra("#ffffff\n"), cv::Scalar(0, 0, 0, 255));

    // Keys reach the right fields: compiled steps equal direct calls with the same values.
    const cv::Mat in = noise({64, 48}, CV_8UC3, 9);
    WatermarkParams w;
    w.text = "Hi";
    w.position = Position::TopLeft;
    w.sizePercent = 20;
    w.opacity = 0.8;
    w.color = cv::Scalar(0, 255, 0, 255);
    w.marginPercent = 10;
    COMPARE_MAT(compiled({{"op", "watermark"},
                          {"text", "Hi"},
                          {"position", "topLeft"},
                          {"size", 20.0},
                          {"opacity", 0.8},
                          {"color", "#00ff00"},
                          {"margin", 10.0}})
                    .apply(in, {}),
                watermark(in, w));
    CropParams c;
    c.mode = CropMode::Rect;
    c.x = 3, c.y = 4, c.width = 20, c.height = 10;
    COMPARE_MAT(compiled({{"op", "crop"},
                          {"mode", "rect"},
                          {"x", 3},
                          {"y", 4},
                          {"width", 20},
                          {"height", 10},
                          {"aspectWidth", 1.0},
                          {"aspectHeight", 1.0}})
                    .apply(in, {}),
                crop(in, c));
    SharpenParams s;
    s.sigma = 2, s.amount = 3, s.threshold = 4;
    COMPARE_MAT(
        compiled({{"op", "sharpen"}, {"sigma", 2.0}, {"amount", 3.0}, {"threshold", 4}}).apply(in, {}),
        sharpen(in, s));
    COMPARE_MAT(
        compiled({{"op", "brightnessContrast"}, {"brightness", 10}, {"contrast", -20}}).apply(in, {}),
        brightnessContrast(in, 10, -20));
    COMPARE_MAT(compiled({{"op", "flip"}, {"direction", "vertical"}}).apply(in, {}),
                flip(in, FlipDirection::Vertical));
    BorderParams b;
    b.size = 3;
    b.color = cv::Scalar(1, 2, 3, 255);
    const CompiledStep bordered = compiled({{"op", "border"}, {"size", 3}, {"color", "#030201"}});
    COMPARE_MAT(bordered.apply(in, {}), border(in, b));
    QCOMPARE(bordered.outputSize(in.size(), {}), cv::Size(70, 54));
    RotateParams rot;
    rot.angle = 33;
    rot.background = cv::Scalar(0, 0, 0, 255);
    const CompiledStep rotated =
        compiled({{"op", "rotate"}, {"angle", 33.0}, {"background", "#000000"}});
    COMPARE_MAT(rotated.apply(in, {}), rotate(in, rot));

    // autoOrient uses the orientation of the job it runs in.
    const CompiledStep orient = compiled({{"op", "autoOrient"}});
    COMPARE_MAT(orient.apply(in, {8}), applyExifOrientation(in, 8));
    QCOMPARE(orient.outputSize({64, 48}, {8}), cv::Size(48, 64));
    QCOMPARE(orient.outputSize({64, 48}, {1}), cv::Size(64, 48));
}
