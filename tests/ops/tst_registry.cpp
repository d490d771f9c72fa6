// The operation table (OperationCatalog.cpp) and the steps it builds. Which operations exist
// comes from the table itself, so a new entry is covered without touching this file.
#include "CompiledStep.h"
#include "tst_ops.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <opencv2/imgproc.hpp>

using namespace pp;
using namespace pp::ops;
using namespace testutil;

namespace {

const OperationCatalog &table() { return OperationCatalog::builtin(); }

CompiledStep compiled(const QJsonObject &step)
{
    QString error;
    const auto c = compileStep(step, &error);
    if (!c)
        qFatal("compile failed: %s", qPrintable(error));
    return *c;
}

// A file for each required file parameter (a logo has no default): TestFiles serves it.
QJsonObject withRequiredFiles(const OperationSpec &op, QJsonObject step)
{
    for (const ParamSpec &p : op.params)
        if (p.kind == ParamSpec::Kind::File && p.min > 0 && !step.contains(p.key))
            step.insert(p.key, "/pixelpool-test/" + p.key + ".png");
    return step;
}

// Every entry with its defaults, and with each choice of each Choice parameter (the others at
// their defaults), labelled like "resize.filter=lanczos".
QVector<std::pair<QString, QJsonObject>> defaultsAndChoices()
{
    QVector<std::pair<QString, QJsonObject>> out;
    for (const OperationSpec &op : table().operations()) {
        out.append({op.name, withRequiredFiles(op, {{"op", op.name}})});
        for (const ParamSpec &p : op.params)
            if (p.kind == ParamSpec::Kind::Choice)
                for (const QString &c : p.choices)
                    out.append({QStringLiteral("%1.%2=%3").arg(op.name, p.key, c),
                                withRequiredFiles(op, {{"op", op.name}, {p.key, c}})});
    }
    return out;
}

// A context as a worker gives it: the process's fonts and files.
StepContext context(int orientation = 1, StepReport *report = nullptr)
{
    return {orientation, 1, &resources(), report};
}

} // namespace

void TestOps::tableEntriesAreComplete()
{
    QVERIFY(!table().operations().isEmpty());
    QSet<QString> names;
    for (const OperationSpec &op : table().operations()) {
        const QByteArray where = op.name.toUtf8();
        QVERIFY2(!op.name.isEmpty() && !op.title.isEmpty() && !op.description.isEmpty(), where);
        QVERIFY2(!names.contains(op.name), where + " appears twice");
        names.insert(op.name);
        // The table's two halves name the same operations, in the same order (CompiledStep.h).
        const int at = int(&op - table().operations().data());
        QVERIFY2(at < operationBuilders().size() && operationBuilders()[at].name == op.name, where + " has no builder");
        const OperationBuilder *builder = findBuilder(op.name);
        QVERIFY2(builder && builder->build && builder->scaleClass, where);
        QCOMPARE(table().find(op.name), &op);
        QSet<QString> keys;
        for (const ParamSpec &p : op.params) {
            const QByteArray param = where + "." + p.key.toUtf8();
            QVERIFY2(!p.key.isEmpty() && p.key != "op" && !p.label.isEmpty(), param);
            QVERIFY2(!keys.contains(p.key), param + " appears twice");
            keys.insert(p.key);
            if (p.kind == ParamSpec::Kind::Choice)
                QVERIFY2(!p.choices.isEmpty() &&
                             QSet<QString>(p.choices.begin(), p.choices.end()).size() == p.choices.size(),
                         param);
        }
        // Every default passes the entry's own validation, and the step builds from it; a
        // required file, which has no default, is refused by name until there is one.
        QString error;
        const QJsonObject complete = withRequiredFiles(op, {{"op", op.name}});
        for (const ParamSpec &p : op.params) {
            if (p.kind != ParamSpec::Kind::File || p.min == 0)
                continue;
            QVERIFY(table().normalizeStep({{"op", op.name}}, &error).isEmpty());
            QCOMPARE(error, op.name + "." + p.key + " must name a file");
        }
        const QJsonObject normalized = table().normalizeStep(complete, &error);
        QVERIFY2(!normalized.isEmpty(), qPrintable(error));
        QCOMPARE(normalized.size(), op.params.size() + 1);
        QCOMPARE(table().defaultStep(op.name).keys(), normalized.keys()); // what the editor starts from
        const auto step = compileStep(complete, &error);
        QVERIFY2(step, qPrintable(error));
        QCOMPARE(step->name, op.name);
        if (step->scaleClass == ScaleClass::Blur)
            QVERIFY2(step->blurSigma > 0, where); // the planner scales it
    }
    QCOMPARE(operationBuilders().size(), table().operations().size()); // no builder without its entry
}

void TestOps::everyEntryRuns_data()
{
    QTest::addColumn<QJsonObject>("step");
    QTest::addColumn<int>("type");
    for (const auto &[label, step] : defaultsAndChoices())
        for (const int type : {CV_8UC1, CV_8UC3, CV_8UC4})
            QTest::newRow(qPrintable(QStringLiteral("%1 on %2 channels").arg(label).arg(CV_MAT_CN(type))))
                << step << type;
}

void TestOps::everyEntryRuns()
{
    QFETCH(QJsonObject, step);
    QFETCH(int, type);
    QString error;
    const auto op = compileStep(step, &error);
    QVERIFY2(op, qPrintable(error));
    StepReport report;
    const StepContext c = context(6, &report);     // an EXIF rotation, so that autoOrient changes the size
    const cv::Mat in = noise({120, 104}, type, 5); // holds the default crop rectangle, 100×100 at (0, 0)
    const cv::Mat before = in.clone();
    cv::Mat out = op->apply(in, c);
    QVERIFY2(!out.empty(), qPrintable(report.error));
    QVERIFY2(report.warnings.isEmpty(), qPrintable(report.warnings.join("; "))); // defaults draw as asked
    QCOMPARE(out.depth(), CV_8U);
    QCOMPARE(out.size(), op->outputSize(in.size(), c));
    // The convention of Operations.h: 1, 3 or 4 channels out, and alpha is kept.
    QVERIFY(out.channels() == 1 || out.channels() == 3 || out.channels() == 4);
    QCOMPARE(out.channels() == 4, in.channels() == 4);
    // Results never share pixels with the input.
    out.setTo(cv::Scalar::all(1));
    QCOMPARE(maxDiff(in, before), 0);
}

void TestOps::everyEntryKeepsSixteenBits_data()
{
    QTest::addColumn<QJsonObject>("step");
    QTest::addColumn<int>("channels");
    for (const auto &[label, step] : defaultsAndChoices())
        for (const int channels : {1, 3, 4})
            QTest::newRow(qPrintable(QStringLiteral("%1 on %2 channels").arg(label).arg(channels))) << step << channels;
}

void TestOps::everyEntryKeepsSixteenBits()
{
    // What Operations.h promises for every operation: 16 bits in, 16 bits out, and the same picture
    // as at 8 bits (parameters stay on the 8-bit scale). The watermark and the logo were blended at
    // 8 bits (a 16-bit photo with a copyright line came out 8-bit) until 2026-12-07.
    QFETCH(QJsonObject, step);
    QFETCH(int, channels);
    QString error;
    const auto op = compileStep(step, &error);
    QVERIFY2(op, qPrintable(error));
    cv::Mat in8 = noise({64, 48}, CV_8UC(channels), 5);
    if (channels == 4) { // alpha from 128 up: below that, 8-bit unpremultiplying is itself coarse
        cv::Mat alpha = noise({64, 48}, CV_8UC1, 6) / 2 + 128;
        cv::insertChannel(alpha, in8, 3);
    }
    cv::Mat in16;
    in8.convertTo(in16, CV_16U, 257);
    StepReport report;
    const StepContext c = context(6, &report); // with fonts and files: a watermark and a logo draw
    const cv::Mat out8 = op->apply(in8, c), out16 = op->apply(in16, c);
    QVERIFY2(!out16.empty(), qPrintable(report.error));
    QCOMPARE(out16.depth(), CV_16U);
    QCOMPARE(out16.size(), out8.size());
    QCOMPARE(out16.channels(), out8.channels());
    const int diff = maxDiff(toEightBit(out16), out8);
    QVERIFY2(diff >= 0 && diff <= 3, qPrintable(QStringLiteral("16-bit result differs by %1 levels").arg(diff)));
}

void TestOps::sixteenBitsAreNotEightBitsWidened()
{
    // A smooth 16-bit ramp through geometry, blur and a tone curve keeps values between the
    // 8-bit levels: the operations compute at 16 bits, they do not round to 8 and widen.
    cv::Mat ramp(32, 1024, CV_16UC3);
    for (int y = 0; y < ramp.rows; ++y)
        for (int x = 0; x < ramp.cols; ++x)
            ramp.at<cv::Vec3w>(y, x) = cv::Vec3w::all(ushort(x * 64 + y));
    for (const QJsonObject &step :
         {QJsonObject{{"op", "resize"}, {"mode", "scale"}, {"percent", 50}}, QJsonObject{{"op", "blur"}},
          QJsonObject{{"op", "gamma"}, {"gamma", 1.8}}, QJsonObject{{"op", "brightnessContrast"}, {"contrast", 20}},
          QJsonObject{{"op", "rotate"}, {"angle", 10}}, QJsonObject{{"op", "saturation"}, {"factor", 1.5}},
          QJsonObject{{"op", "sharpen"}}, QJsonObject{{"op", "grayscale"}}}) {
        const cv::Mat out = compiled(step).apply(ramp, {});
        QCOMPARE(out.depth(), CV_16U);
        // Among the picture's values (not a rotation's white corners or a clipped end):
        int values = 0, between = 0;
        for (int y = 0; y < out.rows; ++y)
            for (int x = 0; x < out.cols * out.channels(); ++x) {
                const ushort v = out.ptr<ushort>(y)[x];
                values += v != 0 && v != 65535;
                between += v % 257 != 0;
            }
        QVERIFY2(values > 5000 && between > values / 2, qPrintable(step.value("op").toString()));
    }
}

void TestOps::numericExtremesOnTinyImages()
{
    // Each number at its minimum, just above it (an angle that is no quarter turn) and at its
    // maximum, on degenerate images: nothing may throw, and sizes stay predictable (a crop
    // rectangle that misses the image fails it, saying so). Results the
    // prediction says are huge (a 10000 px border) are not made; their size is still predicted.
    for (const auto &[label, base] : defaultsAndChoices()) {
        const OperationSpec &op = *table().find(base.value("op").toString());
        for (const ParamSpec &p : op.params) {
            QVector<QJsonValue> extremes;
            if (p.kind == ParamSpec::Kind::Int)
                extremes = {p.min, std::min(p.min + 1, p.max), p.max};
            else if (p.kind == ParamSpec::Kind::Double)
                extremes = {p.min, p.min + (p.max - p.min) / 997, p.max};
            else if (p.kind == ParamSpec::Kind::Text)
                extremes = {QString(int(p.min), QLatin1Char('M')), QString(int(p.max), QLatin1Char('M'))};
            else if (p.kind == ParamSpec::Kind::Color)
                extremes = {QStringLiteral("#00000000"), QStringLiteral("#ffffffff")};
            else if (p.kind == ParamSpec::Kind::File && p.min > 0) // TestFiles serves any path
                extremes = {QStringLiteral("/"), "/" + QString(int(p.max) - 1, QLatin1Char('l'))};
            for (const QJsonValue &v : extremes) {
                QJsonObject step = base;
                step.insert(p.key, v);
                if (!op.uses(p, step)) // a setting of another mode is refused without its mode named
                    step.insert(QStringLiteral("mode"), p.onlyInModes.first());
                // One side of a box or a ratio is refused without the other (a fit's other is free).
                for (const auto &[a, b] : {std::pair{"width", "height"}, std::pair{"aspectWidth", "aspectHeight"}})
                    for (const auto &[given, other] : {std::pair{a, b}, std::pair{b, a}})
                        if (p.key == QLatin1String(given) && !step.contains(QLatin1String(other)))
                            step.insert(QLatin1String(other), op.param(QLatin1String(other))->defaultValue);
                const QString where = QStringLiteral("%1 with %2 = %3").arg(label, p.key, v.toVariant().toString());
                QString error;
                const auto compiled = compileStep(step, &error);
                if (!compiled && error.contains("the text would not show")) // a watermark of no ink is refused
                    continue;
                QVERIFY2(compiled, qPrintable(where + ": " + error));
                const CompiledStep &c = *compiled;
                for (const cv::Size size : {cv::Size(1, 1), cv::Size(1, 7), cv::Size(7, 1), cv::Size(3, 2)}) {
                    const cv::Size predicted = c.outputSize(size, {});
                    QVERIFY2(predicted.width > 0 && predicted.height > 0, qPrintable(where));
                    if (double(predicted.width) * predicted.height > (1 << 20))
                        continue;
                    for (const int type : {CV_8UC1, CV_8UC3, CV_8UC4}) {
                        StepReport report;
                        const cv::Mat out = c.apply(noise(size, type, 11), context(1, &report));
                        if (out.empty() && report.error.startsWith("crop: the rectangle at")) // the one refusal
                            continue;
                        QVERIFY2(!out.empty() && out.size() == predicted,
                                 qPrintable(where + QStringLiteral(" on %1x%2").arg(size.width).arg(size.height)));
                    }
                }
            }
        }
    }
}

void TestOps::invariantStepsScaleWithTheImage()
{
    // What the planner relies on when it runs Invariant steps on a reduced decode: their output
    // size follows the input's. (Blockers such as a rectangle crop or a border do not.)
    for (const auto &[label, step] : defaultsAndChoices()) {
        QString error;
        const auto c = compileStep(step, &error);
        QVERIFY2(c, qPrintable(error));
        if (c->scaleClass != ScaleClass::Invariant)
            continue;
        const cv::Size full = c->outputSize({640, 480}, {6}), half = c->outputSize({320, 240}, {6});
        QVERIFY2(std::abs(full.width - 2 * half.width) <= 2 && std::abs(full.height - 2 * half.height) <= 2,
                 qPrintable(label));
    }
}

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
    QVERIFY(!compileStep({{"op", "rotate"}, {"background", "#ffffff\n"}}, &error));
    QVERIFY(!compileStep({{"op", "blur"}, {"sigma", "2"}}, &error));
    QVERIFY(!compileStep({{"op", "nope"}}, nullptr)); // no error sink is fine

    const auto steps =
        compileSteps({QJsonObject{{"op", "grayscale"}}, QJsonObject{{"op", "blur"}, {"radius", 1}}}, &error);
    QVERIFY(!steps);
    QVERIFY2(error.startsWith("steps[1]: ") && error.contains("radius"), qPrintable(error));
}

void TestOps::blurRunsAtTheScaleItIsGiven()
{
    // The planner moves a blur after a downscale by running it with StepContext::scale.
    const cv::Mat in = noise({64, 48}, CV_8UC3, 3);
    const CompiledStep blur = compiled({{"op", "blur"}, {"sigma", 6.0}});
    QCOMPARE(blur.scaleClass, ScaleClass::Blur);
    QCOMPARE(blur.blurSigma, 6.0);
    COMPARE_MAT(blur.apply(in, {1, 0.25}), gaussianBlur(in, 1.5));
    COMPARE_MAT(blur.apply(in, {}), gaussianBlur(in, 6.0));
}

void TestOps::buildersReadEachKeyIntoItsField()
{
    const CompiledStep resized = compiled({{"op", "resize"},
                                           {"mode", "fill"},
                                           {"width", 300},
                                           {"height", 200},
                                           {"percent", 25.0},
                                           {"downscaleOnly", true},
                                           {"filter", "lanczos"}});
    const ResizeParams &r = resized.resize;
    QVERIFY(r.mode == ResizeMode::Fill && r.width == 300 && r.height == 200 && r.percent == 25 && r.downscaleOnly &&
            r.filter == Filter::Lanczos);
    // The planner serves a resize with a reduced decode and moves blurs past it, except a nearest
    // one: it picks source pixels, which neither keeps (that resize runs as written).
    QCOMPARE(resized.scaleClass, ScaleClass::Resize);
    for (const char *filter : {"auto", "area", "linear", "cubic", "lanczos"})
        QCOMPARE(compiled({{"op", "resize"}, {"filter", filter}}).scaleClass, ScaleClass::Resize);
    QCOMPARE(compiled({{"op", "resize"}, {"filter", "nearest"}}).scaleClass, ScaleClass::Blocker);

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
    w.fontFamily = "DejaVu Serif";
    COMPARE_MAT(compiled({{"op", "watermark"},
                          {"text", "Hi"},
                          {"position", "topLeft"},
                          {"size", 20.0},
                          {"opacity", 0.8},
                          {"color", "#00ff00"},
                          {"margin", 10.0},
                          {"fontFamily", "DejaVu Serif"}})
                    .apply(in, context()),
                watermark(in, w, fonts()));
    LogoParams l;
    l.position = Position::Center;
    l.sizePercent = 30;
    l.opacity = 0.9;
    l.marginPercent = 1;
    COMPARE_MAT(compiled({{"op", "logo"},
                          {"file", "/a/logo.png"},
                          {"position", "center"},
                          {"size", 30.0},
                          {"opacity", 0.9},
                          {"margin", 1.0}})
                    .apply(in, context()),
                overlayLogo(in, files().logo, l));
    CropParams c;
    c.mode = CropMode::Rect;
    c.x = 3, c.y = 4, c.width = 20, c.height = 10;
    COMPARE_MAT(
        compiled({{"op", "crop"}, {"mode", "rect"}, {"x", 3}, {"y", 4}, {"width", 20}, {"height", 10}}).apply(in, {}),
        crop(in, c));
    // Wholly outside the image (here 64×48): the image fails, saying why, rather than coming out
    // as the 1-pixel edge nearest the rectangle.
    for (const auto &[x, y] : {std::pair{64, 0}, std::pair{0, 48}, std::pair{500, 500}}) {
        StepReport report;
        const cv::Mat outside =
            compiled({{"op", "crop"}, {"mode", "rect"}, {"x", x}, {"y", y}, {"width", 20}, {"height", 10}})
                .apply(in, context(1, &report));
        QVERIFY(outside.empty());
        QCOMPARE(report.error,
                 QStringLiteral("crop: the rectangle at (%1, %2) lies outside the 64×48 image").arg(x).arg(y));
    }
    // Partly outside: clipped, and the image's result says what was asked and what was cut (it was
    // clipped without a word). Inside, and touching the edges: no warning.
    {
        StepReport report;
        const cv::Mat clipped =
            compiled({{"op", "crop"}, {"mode", "rect"}, {"x", 50}, {"y", 40}, {"width", 20}, {"height", 10}})
                .apply(in, context(1, &report));
        COMPARE_MAT(clipped, cv::Mat(in(cv::Rect(50, 40, 14, 8))));
        QCOMPARE(report.warnings,
                 QStringList("crop: the rectangle 20×10 at (50, 40) reaches past the 64×48 image; cropped to 14×8 at "
                             "(50, 40)"));
        StepReport none;
        compiled({{"op", "crop"}, {"mode", "rect"}, {"x", 44}, {"y", 38}, {"width", 20}, {"height", 10}})
            .apply(in, context(1, &none));
        QVERIFY2(none.warnings.isEmpty(), qPrintable(none.warnings.join("; ")));
    }
    SharpenParams s;
    s.sigma = 2, s.amount = 3, s.threshold = 4;
    COMPARE_MAT(compiled({{"op", "sharpen"}, {"sigma", 2.0}, {"amount", 3.0}, {"threshold", 4}}).apply(in, {}),
                sharpen(in, s));
    COMPARE_MAT(compiled({{"op", "brightnessContrast"}, {"brightness", 10}, {"contrast", -20}}).apply(in, {}),
                brightnessContrast(in, 10, -20));
    COMPARE_MAT(compiled({{"op", "flip"}, {"direction", "vertical"}}).apply(in, {}), flip(in, FlipDirection::Vertical));
    BorderParams b;
    b.size = 3;
    b.color = cv::Scalar(1, 2, 3, 255);
    const CompiledStep bordered = compiled({{"op", "border"}, {"size", 3}, {"color", "#030201"}});
    COMPARE_MAT(bordered.apply(in, {}), border(in, b));
    QCOMPARE(bordered.outputSize(in.size(), {}), cv::Size(70, 54));
    RotateParams rot;
    rot.angle = 33;
    rot.background = cv::Scalar(0, 0, 0, 255);
    const CompiledStep rotated = compiled({{"op", "rotate"}, {"angle", 33.0}, {"background", "#000000"}});
    COMPARE_MAT(rotated.apply(in, {}), rotate(in, rot));

    // autoOrient uses the orientation of the job it runs in.
    const CompiledStep orient = compiled({{"op", "autoOrient"}});
    COMPARE_MAT(orient.apply(in, {8}), applyExifOrientation(in, 8));
    QCOMPARE(orient.outputSize({64, 48}, {8}), cv::Size(48, 64));
    QCOMPARE(orient.outputSize({64, 48}, {1}), cv::Size(64, 48));
    // Upright already (1, or no valid orientation): the same pixels, not a full-size copy (which
    // cost every photo a copy, and a 196-megapixel 16-bit one its memory).
    for (const int upright : {1, 0, 9})
        QVERIFY(orient.apply(in, {upright}).data == in.data);
}
