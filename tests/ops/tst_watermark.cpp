// The watermark operation: placement, opacity, alpha, text that Hershey fonts cannot draw.
#include "tst_ops.h"

#include <QTest>
#include <opencv2/imgproc.hpp>

using namespace pp::ops;
using namespace testutil;

#define COMPARE_MAT(actual, expected)                                                                                  \
    QVERIFY2(maxDiff((actual), (expected)) == 0, (describe(actual) + " expected " + describe(expected)).constData())

Q_DECLARE_METATYPE(pp::ops::Position)

namespace {

// Bounding box of the pixels where two images differ.
cv::Rect changedArea(const cv::Mat &a, const cv::Mat &b)
{
    cv::Rect area;
    const int n = a.cols * a.channels();
    for (int y = 0; y < a.rows; ++y)
        for (int i = 0; i < n; ++i)
            if (a.ptr<uchar>(y)[i] != b.ptr<uchar>(y)[i])
                area |= cv::Rect(i / a.channels(), y, 1, 1);
    return area;
}

// A watermark that shows: white, half opaque, 5 % of the height in the bottom right corner.
// (The product's defaults are the operation table's; this is only what these tests start from.)
WatermarkParams visible()
{
    WatermarkParams p;
    p.text = "(c) PixelPool";
    p.position = Position::BottomRight;
    p.sizePercent = 5;
    p.opacity = 0.5;
    p.color = cv::Scalar(255, 255, 255, 255);
    p.marginPercent = 2;
    return p;
}

} // namespace

void TestOps::watermarkCorner_data()
{
    QTest::addColumn<Position>("position");
    QTest::addColumn<int>("column"); // expected third of the width: 0 left, 1 centre, 2 right
    QTest::addColumn<int>("row");
    QTest::newRow("bottomRight") << Position::BottomRight << 2 << 2;
    QTest::newRow("bottomLeft") << Position::BottomLeft << 0 << 2;
    QTest::newRow("topRight") << Position::TopRight << 2 << 0;
    QTest::newRow("topLeft") << Position::TopLeft << 0 << 0;
    QTest::newRow("center") << Position::Center << 1 << 1;
    QTest::newRow("top") << Position::Top << 1 << 0;
    QTest::newRow("bottom") << Position::Bottom << 1 << 2;
    QTest::newRow("left") << Position::Left << 0 << 1;
    QTest::newRow("right") << Position::Right << 2 << 1;
}

void TestOps::watermarkCorner()
{
    QFETCH(Position, position);
    QFETCH(int, column);
    QFETCH(int, row);
    const cv::Mat in = cv::Mat::zeros(300, 600, CV_8UC3);
    WatermarkParams p = visible();
    p.text = "HELLO";
    p.position = position;
    p.sizePercent = 10;  // 30 px
    p.marginPercent = 5; // 15 px of the shorter side
    p.opacity = 1;
    const cv::Mat out = watermark(in, p);
    const cv::Rect area = changedArea(in, out);
    QVERIFY(!area.empty());
    // Capitals are the requested 30 px tall; anti-aliasing and the overshoot of round
    // letters add a few faint pixels.
    QVERIFY2(area.height >= 29 && area.height <= 35, QByteArray::number(area.height).constData());
    QVERIFY(area.width > 3 * area.height && area.width < 300);

    const cv::Point centre = (area.tl() + area.br()) / 2;
    QCOMPARE(centre.x * 3 / in.cols, column);
    QCOMPARE(centre.y * 3 / in.rows, row);
    // Anchored sides sit at the margin (within anti-aliasing and the descender allowance).
    const int margin = 15;
    if (column == 0)
        QVERIFY(std::abs(area.x - margin) <= 3);
    if (column == 2)
        QVERIFY(std::abs(in.cols - area.br().x - margin) <= 3);
    if (column == 1)
        QVERIFY(std::abs(centre.x - in.cols / 2) <= 3);
    if (row == 0)
        QVERIFY(std::abs(area.y - margin) <= 3);
    if (row == 2) { // the box reserves room for descenders (about half the cap height)
        const int gap = in.rows - area.br().y;
        QVERIFY2(gap >= margin + 5 && gap <= margin + 20, QByteArray::number(gap).constData());
    }
    if (row == 1)
        QVERIFY(std::abs(centre.y - in.rows / 2) <= 10);
    // White at full opacity reaches pure white somewhere.
    double peak = 0;
    cv::minMaxLoc(out.reshape(1), nullptr, &peak);
    QCOMPARE(peak, 255.0);
}

void TestOps::watermarkOpacity()
{
    const cv::Mat in = cv::Mat::zeros(100, 200, CV_8UC3);
    WatermarkParams p = visible();
    p.opacity = 0;
    COMPARE_MAT(watermark(in, p), in);
    p.opacity = 1;
    p.color[3] = 0; // a transparent colour draws nothing either
    COMPARE_MAT(watermark(in, p), in);
    p.color = cv::Scalar(255, 255, 255, 255);
    p.opacity = 0.5;
    double peak = 0;
    cv::minMaxLoc(watermark(in, p).reshape(1), nullptr, &peak);
    QVERIFY2(peak >= 126 && peak <= 129, QByteArray::number(peak).constData());
    // Colour and grey images take the colour; grey uses its luma.
    p.opacity = 1;
    p.color = cv::Scalar(0, 0, 255, 255);
    p.sizePercent = 30;
    const cv::Mat red = watermark(in, p);
    QVERIFY(maxDiff(red, in) == 255);
    QCOMPARE(cv::sum(red)[0], 0.0);
    QCOMPARE(cv::sum(red)[1], 0.0);
    const cv::Mat g = watermark(cv::Mat::zeros(100, 200, CV_8UC1), p);
    cv::minMaxLoc(g, nullptr, &peak);
    QCOMPARE(int(peak), int(std::lround(0.299 * 255)));
}

void TestOps::watermarkKeepsAlpha()
{
    cv::Mat in(100, 200, CV_8UC4, cv::Scalar(0, 0, 0, 100));
    in.at<cv::Vec4b>(90, 190)[3] = 7;
    WatermarkParams p = visible();
    p.opacity = 1;
    p.sizePercent = 20;
    const cv::Mat out = watermark(in, p);
    cv::Mat alphaIn, alphaOut;
    cv::extractChannel(in, alphaIn, 3);
    cv::extractChannel(out, alphaOut, 3);
    COMPARE_MAT(alphaOut, alphaIn);
    QVERIFY(maxDiff(out, in) > 100);
}

void TestOps::watermarkNonAscii()
{
    const cv::Mat in = cv::Mat::zeros(80, 300, CV_8UC3);
    WatermarkParams a = visible(), b = visible();
    a.opacity = b.opacity = 1;
    a.sizePercent = b.sizePercent = 20;
    a.text = "\xC3\x84\xC2\xA9x"; // "Ä©x"
    b.text = "?(c)x";
    COMPARE_MAT(watermark(in, a), watermark(in, b));
    a.text = "\xE4\xB8\xAD\xF0\x9F\x98\x80"; // a CJK character and an emoji: one '?' each
    b.text = "??";
    COMPARE_MAT(watermark(in, a), watermark(in, b));
    QVERIFY(maxDiff(watermark(in, a), in) > 0);
    a.text = "   ";
    COMPARE_MAT(watermark(in, a), in);
}

void TestOps::watermarkWiderThanImage()
{
    const cv::Mat in(20, 60, CV_8UC3, cv::Scalar(10, 10, 10));
    WatermarkParams p = visible();
    p.text = std::string(200, 'W');
    p.sizePercent = 50;
    p.opacity = 1;
    for (const Position pos : {Position::BottomRight, Position::TopLeft, Position::Center}) {
        p.position = pos;
        const cv::Mat out = watermark(in, p);
        QCOMPARE(out.size(), in.size());
        QVERIFY(maxDiff(out, in) > 0);
    }
    // A tall image with a huge text allocates only the visible part.
    const cv::Mat tall(4000, 3, CV_8UC1, cv::Scalar(0));
    QCOMPARE(watermark(tall, p).size(), tall.size());
}
