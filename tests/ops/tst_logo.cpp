// The logo: straight-alpha "over" compositing, checked on known pixels against the formula in
// Operations.h; premultiplied resampling; size and placement; the step and its file.
#include "tst_ops.h"

#include <QTest>
#include <opencv2/imgproc.hpp>

using namespace pp;
using namespace pp::ops;
using namespace testutil;

Q_DECLARE_METATYPE(cv::Rect)

namespace {

// The logo over the whole image, pixel for pixel: no resampling, so each pixel's result is the
// formula's.
LogoParams unscaled(double opacity)
{
    LogoParams p;
    p.position = Position::TopLeft;
    p.sizePercent = 100;
    p.opacity = opacity;
    p.marginPercent = 0;
    return p;
}

cv::Rect changedArea(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat d;
    cv::absdiff(a, b, d);
    cv::Mat nonZero; // in units of channels: one row of cols × channels values per image row
    cv::findNonZero(d.reshape(1, d.rows) != 0, nonZero);
    if (nonZero.empty())
        return {};
    cv::Rect r = cv::boundingRect(nonZero);
    const int cn = a.channels();
    return {r.x / cn, r.y, (r.br().x - 1) / cn - r.x / cn + 1, r.height};
}

} // namespace

void TestOps::logoBlendsExactly()
{
    // One row of four logo pixels: opaque red, half-transparent red (alpha 128), transparent
    // green, opaque black; over white, light grey and blue.
    cv::Mat logo(1, 4, CV_8UC4);
    logo.at<cv::Vec4b>(0, 0) = {0, 0, 255, 255};
    logo.at<cv::Vec4b>(0, 1) = {0, 0, 255, 128};
    logo.at<cv::Vec4b>(0, 2) = {0, 255, 0, 0};
    logo.at<cv::Vec4b>(0, 3) = {0, 0, 0, 255};
    cv::Mat image(1, 4, CV_8UC3, cv::Scalar(255, 255, 255));
    image.at<cv::Vec3b>(0, 3) = {200, 100, 50};

    const cv::Mat full = overlayLogo(image, logo, unscaled(1));
    QCOMPARE(full.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 255));
    // a = 128/255: 0·a + 255·(1 − a) = 127 exactly; 255·a + 255·(1 − a) = 255.
    QCOMPARE(full.at<cv::Vec3b>(0, 1), cv::Vec3b(127, 127, 255));
    QCOMPARE(full.at<cv::Vec3b>(0, 2), cv::Vec3b(255, 255, 255)); // its green is transparent
    QCOMPARE(full.at<cv::Vec3b>(0, 3), cv::Vec3b(0, 0, 0));

    // Opacity multiplies the logo's alpha: half of opaque black over (200, 100, 50) halves it.
    const cv::Mat half = overlayLogo(image, logo, unscaled(0.5));
    QCOMPARE(half.at<cv::Vec3b>(0, 3), cv::Vec3b(100, 50, 25));
    // a = 0.5 · 128/255 = 64/255: 255·(191/255) = 191 for blue and green, 255 for red.
    QCOMPARE(half.at<cv::Vec3b>(0, 1), cv::Vec3b(191, 191, 255));
    COMPARE_MAT(overlayLogo(image, logo, unscaled(0)), image);

    // A grey logo over a grey image keeps it grey: black, and half of white (a = 128/255) over 0.
    cv::Mat greyLogo(1, 2, CV_8UC4);
    greyLogo.at<cv::Vec4b>(0, 0) = {0, 0, 0, 255};
    greyLogo.at<cv::Vec4b>(0, 1) = {255, 255, 255, 128};
    const cv::Mat grey = overlayLogo(cv::Mat(1, 2, CV_8UC1, cv::Scalar(100)), greyLogo, unscaled(1));
    QCOMPARE(grey.type(), CV_8UC1);
    QCOMPARE(int(grey.at<uchar>(0, 0)), 0);
    QCOMPARE(int(grey.at<uchar>(0, 1)), 178); // 255·a + 100·(1 − a) = 177.6
}

void TestOps::logoOverTransparentPixels()
{
    // "Over" with the image's own alpha b: alpha = a + b(1 − a), colour = (L·a + I·b(1 − a)) / alpha.
    const cv::Mat logo(1, 3, CV_8UC4, cv::Scalar(0, 0, 255, 128));
    cv::Mat image(1, 3, CV_8UC4);
    image.at<cv::Vec4b>(0, 0) = {10, 20, 30, 0};      // transparent: its colour says nothing
    image.at<cv::Vec4b>(0, 1) = {255, 255, 255, 128}; // half-transparent white
    image.at<cv::Vec4b>(0, 2) = {255, 255, 255, 255};
    const cv::Mat out = overlayLogo(image, logo, unscaled(1));
    // b = 0: the logo's own colour and alpha, nothing of the transparent pixel's colour.
    QCOMPARE(out.at<cv::Vec4b>(0, 0), cv::Vec4b(0, 0, 255, 128));
    // a = b = 128/255: alpha = 0.75196 (192 of 255); blue = 255 · 0.25000 / 0.75196 = 84.8.
    QCOMPARE(out.at<cv::Vec4b>(0, 1), cv::Vec4b(85, 85, 255, 192));
    QCOMPARE(out.at<cv::Vec4b>(0, 2), cv::Vec4b(127, 127, 255, 255));
}

void TestOps::logoResamplesWithoutFringes()
{
    // White logo pixels next to transparent black ones, enlarged 4 times over white: resampled
    // premultiplied, the transparent pixels' black never darkens anything.
    cv::Mat logo(4, 4, CV_8UC4, cv::Scalar(0, 0, 0, 0));
    logo(cv::Rect(1, 1, 2, 2)).setTo(cv::Scalar(255, 255, 255, 255));
    const cv::Mat white(16, 16, CV_8UC3, cv::Scalar(255, 255, 255));
    COMPARE_MAT(overlayLogo(white, logo, unscaled(1)), white);
    // The same logo halved over black: each pixel is a quarter white.
    const cv::Mat black = cv::Mat::zeros(2, 2, CV_8UC3);
    COMPARE_MAT(overlayLogo(black, logo, unscaled(1)), cv::Mat(2, 2, CV_8UC3, cv::Scalar::all(64)));
}

void TestOps::logoPlacement_data()
{
    QTest::addColumn<Position>("position");
    QTest::addColumn<cv::Rect>("expected");
    // 300×200 image, a 40×20 logo at 20 % of the width (60×30), margin 5 % of 200 = 10 px.
    QTest::newRow("bottomRight") << Position::BottomRight << cv::Rect(230, 160, 60, 30);
    QTest::newRow("bottomLeft") << Position::BottomLeft << cv::Rect(10, 160, 60, 30);
    QTest::newRow("topRight") << Position::TopRight << cv::Rect(230, 10, 60, 30);
    QTest::newRow("topLeft") << Position::TopLeft << cv::Rect(10, 10, 60, 30);
    QTest::newRow("center") << Position::Center << cv::Rect(120, 85, 60, 30);
    QTest::newRow("top") << Position::Top << cv::Rect(120, 10, 60, 30);
    QTest::newRow("bottom") << Position::Bottom << cv::Rect(120, 160, 60, 30);
    QTest::newRow("left") << Position::Left << cv::Rect(10, 85, 60, 30);
    QTest::newRow("right") << Position::Right << cv::Rect(230, 85, 60, 30);
}

void TestOps::logoPlacement()
{
    QFETCH(Position, position);
    QFETCH(cv::Rect, expected);
    LogoParams p;
    p.position = position;
    p.sizePercent = 20;
    p.opacity = 1;
    p.marginPercent = 5;
    const cv::Mat logo(20, 40, CV_8UC4, cv::Scalar(255, 255, 255, 255));
    const cv::Mat image = cv::Mat::zeros(200, 300, CV_8UC3);
    QCOMPARE(cv::Rect(pp::ops::logoPlacement(image.size(), logo.size(), p)), expected);
    const cv::Mat out = overlayLogo(image, logo, p);
    QCOMPARE(changedArea(image, out), expected);
    QCOMPARE(cv::countNonZero(out.reshape(1) == 255), expected.area() * 3); // opaque white, all of it
}

void TestOps::logoNeverTallerThanTheImage()
{
    // 100 % of the width would make this thin logo 20 times taller than the image: it is fitted
    // to the image's height instead.
    LogoParams p = unscaled(1);
    const cv::Mat thin(100, 10, CV_8UC4, cv::Scalar(255, 255, 255, 255));
    QCOMPARE(cv::Rect(pp::ops::logoPlacement({200, 100}, thin.size(), p)), cv::Rect(0, 0, 10, 100));
    // The whole width with a margin (25 % of 40 = 10 px) is fitted inside the margins on both
    // sides: 80×8, not 100×10 pushed 10 px off the image's left edge and cut, nor 90×9 touching it.
    p.position = Position::BottomRight;
    p.marginPercent = 25;
    const cv::Mat wide(10, 100, CV_8UC4, cv::Scalar(255, 255, 255, 255));
    const cv::Mat image = cv::Mat::zeros(40, 100, CV_8UC3);
    QCOMPARE(cv::Rect(pp::ops::logoPlacement(image.size(), wide.size(), p)), cv::Rect(10, 22, 80, 8));
    QCOMPARE(changedArea(image, overlayLogo(image, wide, p)), cv::Rect(10, 22, 80, 8));
}

void TestOps::logoKeepsItsMarginsWhole_data()
{
    QTest::addColumn<Position>("position");
    QTest::addColumn<cv::Rect>("expected");
    // An 800×300 image, a 200×100 logo at 100 % of the width, margin 2 % of 300 = 6 px: it fits the
    // room the margins leave on every side, 288 px high. It was fitted to the image's 300 px and
    // pushed 6 px past the edge (its bottom rows cut); then to 294 px, a margin kept on its anchored
    // side only, touching the edge across from it.
    QTest::newRow("topLeft") << Position::TopLeft << cv::Rect(6, 6, 576, 288);
    QTest::newRow("bottomRight") << Position::BottomRight << cv::Rect(218, 6, 576, 288);
    QTest::newRow("top") << Position::Top << cv::Rect(112, 6, 576, 288);
    QTest::newRow("left") << Position::Left << cv::Rect(6, 6, 576, 288);
    QTest::newRow("center") << Position::Center << cv::Rect(112, 6, 576, 288);
}

void TestOps::logoKeepsItsMarginsWhole()
{
    QFETCH(Position, position);
    QFETCH(cv::Rect, expected);
    LogoParams p = unscaled(1);
    p.position = position;
    p.marginPercent = 2;
    cv::Mat framed(100, 200, CV_8UC4, cv::Scalar(0, 0, 255, 255)); // red in a black frame
    cv::rectangle(framed, cv::Rect(0, 0, 200, 100), cv::Scalar(0, 0, 0, 255), 1);
    const cv::Mat image(300, 800, CV_8UC3, cv::Scalar(255, 255, 255));
    QCOMPARE(cv::Rect(pp::ops::logoPlacement(image.size(), framed.size(), p)), expected);
    const cv::Mat out = overlayLogo(image, framed, p);
    QCOMPARE(changedArea(image, out), expected);
    // Its frame is there on all four sides: nothing of it was cut.
    for (const cv::Point at : {cv::Point(expected.x + expected.width / 2, expected.y),
                               cv::Point(expected.x + expected.width / 2, expected.br().y - 1),
                               cv::Point(expected.x, expected.y + expected.height / 2),
                               cv::Point(expected.br().x - 1, expected.y + expected.height / 2)}) {
        const cv::Vec3b v = out.at<cv::Vec3b>(at);
        QVERIFY2(v[0] < 128 && v[1] < 128 && v[2] < 128,
                 qPrintable(QString("(%1, %2): %3 %4 %5").arg(at.x).arg(at.y).arg(v[0]).arg(v[1]).arg(v[2])));
    }
}

void TestOps::logoStepReadsItsFile()
{
    // The compiled step asks the process's files for its logo (the worker's cache, here
    // TestFiles) and composites it as overlayLogo does.
    QString error;
    const auto step = compileStep(
        {{"op", "logo"}, {"file", "/logos/mark.png"}, {"position", "topLeft"}, {"size", 50.0}, {"opacity", 0.7}},
        &error);
    QVERIFY2(step, qPrintable(error));
    QCOMPARE(step->worksInSrgb, true);
    const cv::Mat in = noise({40, 30}, CV_8UC3, 4);
    StepReport report;
    files().asked.clear();
    const cv::Mat out = step->apply(in, {1, 1, &resources(), &report});
    QCOMPARE(files().asked, (QStringList{"/logos/mark.png", "/logos/mark.png"})); // its size, then at its size
    LogoParams p;
    p.position = Position::TopLeft;
    p.sizePercent = 50;
    p.opacity = 0.7;
    p.marginPercent = 2;
    COMPARE_MAT(out, overlayLogo(in, files().logo, p));
    QVERIFY(report.error.isEmpty() && report.warnings.isEmpty());

    // A file that cannot be used fails the image, with the file's reason.
    const auto corrupt = compileStep({{"op", "logo"}, {"file", "/logos/corrupt.png"}}, &error);
    QVERIFY(corrupt);
    QVERIFY(corrupt->apply(in, {1, 1, &resources(), &report}).empty());
    QCOMPARE(report.error, QStringLiteral("logo: /logos/corrupt.png: PNG data is damaged"));
    // The file is required, and a relative one only means something next to a preset file.
    QVERIFY(!compileStep({{"op", "logo"}}, &error));
    QCOMPARE(error, QStringLiteral("logo.file must name a file"));
    QVERIFY(!compileStep({{"op", "logo"}, {"file", "mark.png"}}, &error));
    QVERIFY2(error.startsWith("logo.file is a relative path (\"mark.png\")"), qPrintable(error));
    const QJsonObject resolved =
        OperationCatalog::builtin().normalizeStep({{"op", "logo"}, {"file", "../art/mark.png"}}, &error, "/p/presets");
    QCOMPARE(resolved.value("file").toString(), QStringLiteral("/p/art/mark.png"));
}
