#include "tst_ops.h"

#include <QTest>
#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace pp::ops;
using namespace testutil;

namespace {

// Every 8-bit value once, as a 256x1 grey image.
cv::Mat ramp()
{
    cv::Mat m(1, 256, CV_8UC1);
    for (int i = 0; i < 256; ++i)
        m.at<uchar>(i) = uchar(i);
    return m;
}

// The ramp in all colour channels plus a constant alpha.
cv::Mat rampBgra(int alpha)
{
    const cv::Mat r = ramp();
    cv::Mat out;
    cv::merge(std::vector<cv::Mat>{r, r, r, cv::Mat(r.size(), CV_8UC1, cv::Scalar(alpha))}, out);
    return out;
}

cv::Mat channel(const cv::Mat &m, int c)
{
    cv::Mat out;
    cv::extractChannel(m, out, c);
    return out;
}

double lumaOf(const cv::Vec3b &bgr) { return 0.114 * bgr[0] + 0.587 * bgr[1] + 0.299 * bgr[2]; }

// Three test colours in one 3x1 BGR image.
cv::Mat swatches()
{
    cv::Mat m(1, 3, CV_8UC3);
    m.at<cv::Vec3b>(0) = {50, 100, 200};
    m.at<cv::Vec3b>(1) = {0, 0, 255};
    m.at<cv::Vec3b>(2) = {128, 128, 128};
    return m;
}

} // namespace

void TestOps::blurConstantStaysConstant()
{
    const cv::Mat in(30, 40, CV_8UC3, cv::Scalar(77, 150, 200));
    for (const double sigma : {0.5, 3.0, 50.0})
        COMPARE_MAT(gaussianBlur(in, sigma), in);
}

void TestOps::blurImpulse()
{
    cv::Mat in = cv::Mat::zeros(41, 41, CV_8UC1);
    in.at<uchar>(20, 20) = 255;
    const double sigma = 1.5;
    const cv::Mat out = gaussianBlur(in, sigma);
    QCOMPARE(int(in.at<uchar>(20, 20)), 255); // input untouched
    cv::Mat mirrored;
    cv::flip(out, mirrored, 1);
    COMPARE_MAT(out, mirrored);
    cv::flip(out, mirrored, 0);
    COMPARE_MAT(out, mirrored);
    COMPARE_MAT(out, cv::Mat(out.t()));
    // Against the sampled 2-D Gaussian 255 * exp(-r^2 / 2 sigma^2) / (2 pi sigma^2). The sum
    // falls a little short of 255 because the far tail rounds to zero in 8 bits.
    double sum = 0;
    for (int y = 0; y < 41; ++y)
        for (int x = 0; x < 41; ++x) {
            const double r2 = (x - 20) * (x - 20) + (y - 20) * (y - 20);
            const double expected = 255 * std::exp(-r2 / (2 * sigma * sigma)) / (2 * CV_PI * sigma * sigma);
            QVERIFY2(std::abs(out.at<uchar>(y, x) - expected) <= 1.0,
                     QByteArray::number(x) + "," + QByteArray::number(y));
            sum += out.at<uchar>(y, x);
        }
    QVERIFY2(sum >= 240 && sum <= 258, QByteArray::number(sum).constData());
}

void TestOps::blurKeepsTransparentColourOut()
{
    cv::Mat in(10, 20, CV_8UC4, cv::Scalar(0, 0, 255, 255));
    in.colRange(10, 20).setTo(cv::Scalar(0, 255, 0, 0));
    const cv::Mat out = gaussianBlur(in, 2);
    for (int x = 0; x < out.cols; ++x) {
        const cv::Vec4b px = out.at<cv::Vec4b>(5, x);
        if (px[3] > 0)
            QVERIFY2(px[1] == 0 && px[2] == 255, "transparent green leaked into the blur");
    }
    QVERIFY(out.at<cv::Vec4b>(5, 10)[3] > 0 && out.at<cv::Vec4b>(5, 10)[3] < 255);
}

void TestOps::wideBlurIsCloseToTheExactGaussian_data()
{
    QTest::addColumn<double>("sigma");
    QTest::addColumn<int>("type");
    for (const double sigma : {4.0, 7.0, 15.0, 40.0}) {
        QTest::addRow("8-bit σ %g", sigma) << sigma << CV_8UC3;
        QTest::addRow("16-bit σ %g", sigma) << sigma << CV_16UC3;
        QTest::addRow("8-bit with alpha σ %g", sigma) << sigma << CV_8UC4;
    }
}

// From σ 4 on, gaussianBlur takes three box blurs instead of the exact kernel (Filters.cpp); on a
// real photo the result must stay within 50 dB of the exact Gaussian computed in floating point.
void TestOps::wideBlurIsCloseToTheExactGaussian()
{
    QFETCH(double, sigma);
    QFETCH(int, type);
    cv::Mat photo = cv::imread(PIXELPOOL_SAMPLES "/kite.jpg", cv::IMREAD_COLOR);
    QVERIFY(!photo.empty());
    cv::resize(photo, photo, {600, 400}, 0, 0, cv::INTER_AREA);
    const double scale = CV_MAT_DEPTH(type) == CV_16U ? 257.0 : 1.0;
    cv::Mat in;
    photo.convertTo(in, CV_MAKETYPE(CV_MAT_DEPTH(type), 3), scale);
    if (CV_MAT_CN(type) == 4)
        cv::cvtColor(in, in, cv::COLOR_BGR2BGRA); // opaque: the premultiplied path, same pixels
    cv::Mat exact, input;
    in.convertTo(input, CV_32F);
    cv::GaussianBlur(input, exact, cv::Size(), sigma, sigma, cv::BORDER_REFLECT_101);
    cv::Mat out;
    gaussianBlur(in, sigma).convertTo(out, CV_32F);
    QCOMPARE(out.size(), in.size());
    const double db = cv::PSNR(out, exact, 255.0 * scale);
    QVERIFY2(db >= 50.0, qPrintable(QStringLiteral("%1 dB").arg(db)));
}

void TestOps::thinStripBlursExactlyAndWithinItsSize_data()
{
    QTest::addColumn<double>("sigma"); // the exact kernel below σ 4, box blurs from it
    QTest::newRow("σ 2") << 2.0;
    QTest::newRow("σ 15") << 15.0;
}

// A strip shorter than its kernel (a panorama's 1-pixel line, a 3-row banner) blurs as a larger
// image would, within 50 dB of the exact Gaussian, and in memory of its own order: OpenCV's
// separable filters held a kernel's height of strip-wide 32-bit rows (about 2 GB for 8,000,000×2
// at σ 15; "out of memory" at 10,000,000×1 in a worker).
void TestOps::thinStripBlursExactlyAndWithinItsSize()
{
    QFETCH(double, sigma);
    cv::Mat strip(3, 20000, CV_8UC3);
    cv::randu(strip, 0, 256);
    cv::GaussianBlur(strip, strip, cv::Size(), 3); // some structure: not pure noise
    cv::Mat exact, input, out;
    strip.convertTo(input, CV_32F);
    cv::GaussianBlur(input, exact, cv::Size(), sigma, sigma, cv::BORDER_REFLECT_101);
    gaussianBlur(strip, sigma).convertTo(out, CV_32F);
    QCOMPARE(out.size(), strip.size());
    const double db = cv::PSNR(out, exact, 255.0);
    QVERIFY2(db >= 50.0, qPrintable(QStringLiteral("%1 dB").arg(db)));

    const cv::Mat wide(2, 8000000, CV_8UC3, cv::Scalar(10, 120, 240)); // 48 MB
    cv::Mat blurred;
    const long grew = peakGrowthMb([&] { blurred = gaussianBlur(wide, sigma); });
    if (grew < 0)
        QSKIP("this kernel cannot reset the peak resident size (/proc/self/clear_refs)");
    qInfo("8,000,000×2 at σ %g: the peak grew by %ld MB", sigma, grew);
    QVERIFY2(grew < 400, qPrintable(QStringLiteral("the peak grew by %1 MB").arg(grew)));
    QCOMPARE(blurred.size(), wide.size());
    QCOMPARE(cv::norm(blurred, wide, cv::NORM_INF), 0.0); // a flat colour stays that colour
}

void TestOps::sharpenMatchesUnsharpMask()
{
    // A vertical step: 100 on the left, 150 on the right.
    cv::Mat step(5, 20, CV_8UC1, cv::Scalar(100));
    step.colRange(10, 20).setTo(150);
    SharpenParams p;
    p.sigma = 1, p.amount = 1.5, p.threshold = 0;
    const cv::Mat out = sharpen(step, p);
    QVERIFY(out.at<uchar>(2, 9) < 100);      // dark side darker
    QVERIFY(out.at<uchar>(2, 10) > 150);     // bright side brighter
    QCOMPARE(int(out.at<uchar>(2, 2)), 100); // flat areas untouched
    QCOMPARE(int(out.at<uchar>(2, 17)), 150);

    // Against the formula out = in + amount * (in - blur) on noise, with a threshold.
    const cv::Mat in = noise({31, 17}, CV_8UC3, 7);
    p.sigma = 1.3, p.amount = 0.7, p.threshold = 5;
    cv::Mat blurred;
    cv::GaussianBlur(in, blurred, cv::Size(), p.sigma, p.sigma, cv::BORDER_REFLECT_101);
    cv::Mat expected(in.size(), in.type());
    for (int i = 0; i < int(in.total()) * 3; ++i) {
        const int v = in.data[i], d = v - blurred.data[i];
        expected.data[i] =
            std::abs(d) <= p.threshold ? uchar(v) : cv::saturate_cast<uchar>(v + std::lround(p.amount * d));
    }
    COMPARE_MAT(sharpen(in, p), expected);
}

void TestOps::sharpenThreshold()
{
    cv::Mat step(5, 20, CV_8UC1, cv::Scalar(100));
    step.colRange(10, 20).setTo(150);
    cv::Mat blurred;
    cv::GaussianBlur(step, blurred, cv::Size(), 1, 1, cv::BORDER_REFLECT_101);
    cv::Mat diff;
    cv::absdiff(step, blurred, diff);
    double largest = 0;
    cv::minMaxLoc(diff, nullptr, &largest);
    QVERIFY(largest > 2);

    SharpenParams p;
    p.sigma = 1, p.amount = 2, p.threshold = int(largest);
    COMPARE_MAT(sharpen(step, p), step); // every difference is at or below the threshold
    p.threshold = int(largest) - 1;
    const cv::Mat out = sharpen(step, p);
    for (int x = 0; x < step.cols; ++x) {
        const bool changed = out.at<uchar>(2, x) != step.at<uchar>(2, x);
        QCOMPARE(changed, int(diff.at<uchar>(2, x)) == int(largest));
    }
}

void TestOps::sharpenKeepsAlpha()
{
    const cv::Mat in = noise({20, 10}, CV_8UC4, 3);
    SharpenParams p;
    p.sigma = 1, p.amount = 3;
    const cv::Mat out = sharpen(in, p);
    COMPARE_MAT(channel(out, 3), channel(in, 3));
    QVERIFY(maxDiff(channel(out, 0), channel(in, 0)) > 0);
}

void TestOps::sharpenIgnoresColourOfTransparentPixels_data()
{
    QTest::addColumn<int>("depth");
    QTest::addColumn<double>("sigma");
    QTest::addColumn<double>("amount");
    QTest::newRow("8-bit, the web preset's") << CV_8U << 1.0 << 0.5;
    QTest::newRow("8-bit, strong") << CV_8U << 3.0 << 3.0;
    QTest::newRow("8-bit, wide (box blurs)") << CV_8U << 6.0 << 2.0;
    QTest::newRow("16-bit, strong") << CV_16U << 3.0 << 3.0;
}

// A logo on transparent pixels whose stored colour is black in one file and white in another (as
// writers leave it): the visible pixels must come out the same, and a flat colour stays flat up to
// the shape's edge. A straight blur made the first opaque column (104,147,184) over white.
void TestOps::sharpenIgnoresColourOfTransparentPixels()
{
    QFETCH(int, depth);
    QFETCH(double, sigma);
    QFETCH(double, amount);
    const double scale = depth == CV_16U ? 257.0 : 1.0;
    const auto logo = [&](double hidden) {
        cv::Mat m(24, 40, CV_MAKETYPE(depth, 4), cv::Scalar(hidden, hidden, hidden, 0) * scale);
        m(cv::Rect(12, 6, 16, 12)).setTo(cv::Scalar(160, 128, 90, 255) * scale);
        m(cv::Rect(28, 6, 2, 12)).setTo(cv::Scalar(160, 128, 90, 128) * scale); // a soft edge
        return m;
    };
    SharpenParams p;
    p.sigma = sigma, p.amount = amount, p.threshold = 0;
    const cv::Mat overBlack = sharpen(logo(0), p), overWhite = sharpen(logo(255), p);
    const cv::Mat visible = channel(logo(0), 3) > 0;
    QVERIFY(cv::countNonZero(visible) > 0);
    for (int c = 0; c < 3; ++c) {
        cv::Mat a = channel(overBlack, c), b = channel(overWhite, c);
        QCOMPARE(cv::norm(a, b, cv::NORM_INF, visible), 0.0);
        // The flat block, its edges included: no halo of the hidden colour (a level of rounding).
        const double expected = cv::Scalar(160, 128, 90)[c] * scale;
        const cv::Mat block = a(cv::Rect(12, 6, 16, 12));
        double lo = 0, hi = 0;
        cv::minMaxLoc(block, &lo, &hi);
        QVERIFY2(lo >= expected - scale && hi <= expected + scale,
                 qPrintable(QStringLiteral("channel %1: %2..%3, not %4").arg(c).arg(lo).arg(hi).arg(expected)));
    }
    COMPARE_MAT(channel(overBlack, 3), channel(logo(0), 3));

    // Opaque pixels with alpha are sharpened as the same pixels without it.
    cv::Mat colour = noise({31, 17}, CV_MAKETYPE(depth, 3), 5), withAlpha;
    cv::cvtColor(colour, withAlpha, cv::COLOR_BGR2BGRA);
    cv::Mat dropped;
    cv::cvtColor(sharpen(withAlpha, p), dropped, cv::COLOR_BGRA2BGR);
    COMPARE_MAT(dropped, sharpen(colour, p));
}

void TestOps::brightnessContrastValues()
{
    const cv::Mat in = ramp();
    const std::pair<int, int> cases[] = {{20, 0}, {0, 50}, {0, -100}, {-30, 40}, {100, 0}, {-100, 100}};
    for (const auto &[b, c] : cases) {
        cv::Mat expected(in.size(), CV_8UC1);
        for (int v = 0; v < 256; ++v)
            expected.at<uchar>(v) = cv::saturate_cast<uchar>((v - 127.5) * (1 + c / 100.0) + 127.5 + 2.55 * b);
        COMPARE_MAT(brightnessContrast(in, b, c), expected);
    }
    QCOMPARE(int(brightnessContrast(in, 100, 0).at<uchar>(0)), 255);  // +100 shifts by full scale
    QCOMPARE(int(brightnessContrast(in, 0, -100).at<uchar>(0)), 128); // -100 is flat mid-grey
    COMPARE_MAT(brightnessContrast(in, 0, 0), in);

    const cv::Mat bgra = rampBgra(77);
    const cv::Mat out = brightnessContrast(bgra, 10, 20);
    COMPARE_MAT(channel(out, 3), channel(bgra, 3));
    COMPARE_MAT(channel(out, 1), brightnessContrast(in, 10, 20));
}

void TestOps::gammaValues()
{
    const cv::Mat in = ramp();
    for (const double g : {2.2, 0.5, 1.0, 10.0}) {
        cv::Mat expected(in.size(), CV_8UC1);
        for (int v = 0; v < 256; ++v)
            expected.at<uchar>(v) = cv::saturate_cast<uchar>(255 * std::pow(v / 255.0, 1 / g));
        COMPARE_MAT(gamma(in, g), expected);
    }
    QVERIFY(gamma(in, 2.2).at<uchar>(128) > 128); // above 1 brightens
    QVERIFY(gamma(in, 0.5).at<uchar>(128) < 128);
    const cv::Mat bgra = rampBgra(33);
    COMPARE_MAT(channel(gamma(bgra, 2), 3), channel(bgra, 3));
    COMPARE_MAT(channel(gamma(bgra, 2), 2), gamma(in, 2));
}

void TestOps::saturationValues()
{
    const cv::Mat in = swatches();
    for (const double f : {0.0, 0.5, 1.0, 2.0, 5.0}) {
        const cv::Mat out = saturation(in, f);
        QCOMPARE(out.type(), CV_8UC3);
        for (int i = 0; i < 3; ++i) {
            const cv::Vec3b px = in.at<cv::Vec3b>(i);
            const double y = lumaOf(px);
            for (int c = 0; c < 3; ++c) {
                const int expected = cv::saturate_cast<uchar>(y + f * (px[c] - y));
                QVERIFY2(std::abs(out.at<cv::Vec3b>(i)[c] - expected) <= 1, QByteArray::number(f).constData());
            }
        }
    }
    COMPARE_MAT(saturation(in, 1), in);
    const cv::Mat g = ramp();
    COMPARE_MAT(saturation(g, 3), g); // nothing to saturate in grey
    cv::Mat bgra;
    cv::cvtColor(in, bgra, cv::COLOR_BGR2BGRA);
    bgra.at<cv::Vec4b>(1)[3] = 9;
    const cv::Mat out = saturation(bgra, 0);
    COMPARE_MAT(channel(out, 3), channel(bgra, 3));
    QVERIFY(std::abs(out.at<cv::Vec4b>(0)[0] - lumaOf(in.at<cv::Vec3b>(0))) <= 1);
}

void TestOps::grayscaleChannels()
{
    const cv::Mat in = swatches();
    const cv::Mat g = grayscale(in);
    QCOMPARE(g.type(), CV_8UC1);
    for (int i = 0; i < 3; ++i)
        QVERIFY(std::abs(g.at<uchar>(i) - lumaOf(in.at<cv::Vec3b>(i))) <= 1);

    cv::Mat bgra;
    cv::cvtColor(in, bgra, cv::COLOR_BGR2BGRA);
    bgra.at<cv::Vec4b>(0)[3] = 12;
    const cv::Mat g4 = grayscale(bgra);
    QCOMPARE(g4.type(), CV_8UC4);
    for (int i = 0; i < 3; ++i) {
        const cv::Vec4b px = g4.at<cv::Vec4b>(i);
        QCOMPARE(int(px[0]), int(g.at<uchar>(i)));
        QCOMPARE(int(px[1]), int(g.at<uchar>(i)));
        QCOMPARE(int(px[2]), int(g.at<uchar>(i)));
        QCOMPARE(px[3], bgra.at<cv::Vec4b>(i)[3]);
    }
    COMPARE_MAT(grayscale(g), g);
}

void TestOps::sepiaValues()
{
    // Rows are output B, G, R; columns input B, G, R.
    const double tone[3][3] = {{0.131, 0.534, 0.272}, {0.168, 0.686, 0.349}, {0.189, 0.769, 0.393}};
    const cv::Mat in = swatches();
    for (const double t : {1.0, 0.5, 0.0}) {
        const cv::Mat out = sepia(in, t);
        for (int i = 0; i < 3; ++i) {
            const cv::Vec3b px = in.at<cv::Vec3b>(i);
            for (int r = 0; r < 3; ++r) {
                const double toned = tone[r][0] * px[0] + tone[r][1] * px[1] + tone[r][2] * px[2];
                const int expected = cv::saturate_cast<uchar>((1 - t) * px[r] + t * toned);
                QVERIFY(std::abs(out.at<cv::Vec3b>(i)[r] - expected) <= 1);
            }
        }
    }
    // Grey input gains colour channels; BGRA keeps alpha.
    const cv::Mat g(2, 2, CV_8UC1, cv::Scalar(100));
    const cv::Mat toned = sepia(g, 1);
    QCOMPARE(toned.type(), CV_8UC3);
    const cv::Vec3b px = toned.at<cv::Vec3b>(1, 1);
    QVERIFY(std::abs(px[0] - 100 * 0.937) <= 1 && std::abs(px[2] - 135.1) <= 1);
    QVERIFY(px[2] > px[1] && px[1] > px[0]); // warm
    cv::Mat bgra(2, 2, CV_8UC4, cv::Scalar(10, 20, 30, 40));
    const cv::Mat out4 = sepia(bgra, 1);
    QCOMPARE(out4.type(), CV_8UC4);
    COMPARE_MAT(channel(out4, 3), channel(bgra, 3));
}
