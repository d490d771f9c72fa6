#include "tst_ops.h"

#include "AreaResize.h"
#include "OpsInternal.h"
#include "Resample.h"

#include <QTest>
#include <cmath>
#include <opencv2/imgproc.hpp>

using namespace pp::ops;
using namespace testutil;

namespace {

ResizeParams rp(ResizeMode mode, int w, int h, bool downscaleOnly = false, double percent = 50)
{
    ResizeParams p;
    p.mode = mode;
    p.width = w;
    p.height = h;
    p.percent = percent;
    p.downscaleOnly = downscaleOnly;
    return p;
}

// A 3x2 image with six distinct values, for exact position checks:
//   1 2 3
//   4 5 6
cv::Mat sixPixels() { return grey({{1, 2, 3}, {4, 5, 6}}); }

} // namespace

void TestOps::resizeKnownValues()
{
    const cv::Mat in = grey({{10, 20, 30, 40}, {50, 60, 70, 80}});
    // Shrinking uses area averaging: each output pixel is the mean of the block it covers.
    COMPARE_MAT(resize(in, rp(ResizeMode::Fit, 2, 2)), grey({{35, 55}}));
    COMPARE_MAT(resize(in, rp(ResizeMode::Exact, 2, 2)), grey({{15, 35}, {55, 75}}));
    COMPARE_MAT(resize(in, rp(ResizeMode::Scale, 1, 1, false, 50)), grey({{35, 55}}));
    ResizeParams nearest = rp(ResizeMode::Exact, 8, 4);
    nearest.filter = Filter::Nearest;
    const cv::Mat big = resize(in, nearest);
    QCOMPARE(big.size(), cv::Size(8, 4));
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 8; ++x)
            QCOMPARE(int(big.at<uchar>(y, x)), int(in.at<uchar>(y / 2, x / 2)));
    QCOMPARE(in.at<uchar>(0, 0), uchar(10)); // input untouched
}

void TestOps::resizeFitSizes_data()
{
    QTest::addColumn<int>("inW");
    QTest::addColumn<int>("inH");
    QTest::addColumn<int>("boxW");
    QTest::addColumn<int>("boxH");
    QTest::addColumn<int>("outW");
    QTest::addColumn<int>("outH");
    QTest::newRow("landscape") << 4000 << 3000 << 1200 << 1200 << 1200 << 900;
    QTest::newRow("portrait") << 3000 << 4000 << 1200 << 1200 << 900 << 1200;
    QTest::newRow("rounding") << 1000 << 333 << 500 << 500 << 500 << 167; // 166.5 rounds up
    QTest::newRow("wide box") << 640 << 480 << 1000 << 100 << 133 << 100;
    QTest::newRow("enlarge") << 1 << 1 << 1200 << 800 << 800 << 800;
    QTest::newRow("needle") << 1 << 20000 << 1200 << 1200 << 1 << 1200;
    QTest::newRow("ribbon") << 30000 << 2 << 1200 << 1200 << 1200 << 1;
}

void TestOps::resizeFitSizes()
{
    QFETCH(int, inW);
    QFETCH(int, inH);
    QFETCH(int, boxW);
    QFETCH(int, boxH);
    QFETCH(int, outW);
    QFETCH(int, outH);
    QCOMPARE(resizeOutputSize({inW, inH}, rp(ResizeMode::Fit, boxW, boxH)), cv::Size(outW, outH));
}

void TestOps::resizeOutputSizeMatchesResize()
{
    const std::vector<cv::Size> inputs = {{1, 1},   {2, 1},   {1, 3},   {4, 2},   {7, 5},     {5, 7},     {33, 17},
                                          {17, 33}, {100, 3}, {3, 100}, {64, 64}, {1, 20000}, {30000, 2}, {997, 13}};
    const std::vector<cv::Size> boxes = {{1, 1}, {3, 2}, {2, 3}, {10, 10}, {50, 20}, {640, 480}};
    const ResizeMode modes[] = {ResizeMode::Fit, ResizeMode::Fill, ResizeMode::Exact, ResizeMode::Scale};
    const double percents[] = {1, 33.3, 50, 100, 150};
    int checked = 0;
    for (const cv::Size in : inputs) {
        const cv::Mat img(in, CV_8UC3, cv::Scalar(1, 2, 3));
        for (const ResizeMode mode : modes)
            for (const cv::Size box : boxes)
                for (const double percent : percents)
                    for (const bool downscaleOnly : {false, true}) {
                        if (mode != ResizeMode::Scale && percent != 50)
                            continue;
                        if (mode == ResizeMode::Scale && box != boxes.front())
                            continue;
                        const ResizeParams p = rp(mode, box.width, box.height, downscaleOnly, percent);
                        const cv::Size predicted = resizeOutputSize(in, p);
                        QVERIFY(predicted.width >= 1 && predicted.height >= 1);
                        QCOMPARE(resize(img, p).size(), predicted);
                        ++checked;
                    }
    }
    QVERIFY(checked > 500);
}

void TestOps::resizeOutputSizeOfHugeImages()
{
    // Sizes only: nothing this large is allocated.
    QCOMPARE(resizeOutputSize({60000, 40000}, rp(ResizeMode::Fit, 1200, 1200)), cv::Size(1200, 800));
    QCOMPARE(resizeOutputSize({60000, 40000}, rp(ResizeMode::Fill, 100, 100)), cv::Size(100, 100));
    QCOMPARE(resizeOutputSize({65535, 1}, rp(ResizeMode::Fit, 65535, 65535)), cv::Size(65535, 1));
    QCOMPARE(resizeOutputSize({1, 1}, rp(ResizeMode::Fit, 65535, 65535)), cv::Size(65535, 65535));
    QCOMPARE(resizeOutputSize({30000, 2}, rp(ResizeMode::Scale, 0, 0, false, 1000)), cv::Size(300000, 20));
    QCOMPARE(resizeOutputSize({30000, 2}, rp(ResizeMode::Scale, 0, 0, true, 1000)), cv::Size(30000, 2));
    QCOMPARE(resizeOutputSize({1, 20000}, rp(ResizeMode::Scale, 0, 0, false, 1)), cv::Size(1, 200));
    // Never enlarging, a 1-pixel needle fills a square box's shape at 1×1 (its centre pixel).
    QCOMPARE(resizeOutputSize({1, 20000}, rp(ResizeMode::Fill, 1000, 1000, true)), cv::Size(1, 1));
}

void TestOps::resizeFillCentres()
{
    // Columns hold 0, 10, ..., 50: filling a 2x2 box keeps the two middle columns.
    cv::Mat wide(2, 6, CV_8UC1);
    for (int x = 0; x < 6; ++x)
        wide.col(x).setTo(10 * x);
    COMPARE_MAT(resize(wide, rp(ResizeMode::Fill, 2, 2)), grey({{20, 30}, {20, 30}}));
    COMPARE_MAT(resize(cv::Mat(wide.t()), rp(ResizeMode::Fill, 2, 2)), grey({{20, 20}, {30, 30}}));

    // 8x4 covering 2x2: the centred 4x4 (columns 2..5) is averaged down in pairs.
    cv::Mat wider(4, 8, CV_8UC1);
    for (int x = 0; x < 8; ++x)
        wider.col(x).setTo(10 * x);
    COMPARE_MAT(resize(wider, rp(ResizeMode::Fill, 2, 2)), grey({{25, 45}, {25, 45}}));

    // Exactly "scale to cover, then keep the centre", with the cover size rounded.
    const cv::Mat photo = noise({97, 61}, CV_8UC3, 4);
    for (const cv::Size box : {cv::Size(40, 40), cv::Size(30, 10), cv::Size(10, 30), cv::Size(120, 90)}) {
        const double s = std::max(double(box.width) / 97, double(box.height) / 61);
        const cv::Size cover(std::max(box.width, int(std::lround(97 * s))),
                             std::max(box.height, int(std::lround(61 * s))));
        const cv::Mat covered = resizeTo(photo, cover, Filter::Auto);
        const cv::Rect centre((cover.width - box.width) / 2, (cover.height - box.height) / 2, box.width, box.height);
        COMPARE_MAT(resize(photo, rp(ResizeMode::Fill, box.width, box.height)), cv::Mat(covered(centre)));
    }
    // Enlarging an extreme strip does not build the enormous covering image.
    cv::Mat strip(2, 30000, CV_8UC1, cv::Scalar(9));
    strip.colRange(14999, 15001).setTo(200);
    const cv::Mat filled = resize(strip, rp(ResizeMode::Fill, 100, 100));
    QCOMPARE(filled.size(), cv::Size(100, 100));
    // The covered centre is the two middle columns, and only they.
    COMPARE_MAT(filled, cv::Mat(100, 100, CV_8UC1, cv::Scalar(200)));
}

void TestOps::resizeDownscaleOnly()
{
    const cv::Mat in = noise({100, 50}, CV_8UC3);
    // Fit and scale would enlarge: the input comes back unchanged.
    COMPARE_MAT(resize(in, rp(ResizeMode::Fit, 400, 400, true)), in);
    COMPARE_MAT(resize(in, rp(ResizeMode::Scale, 0, 0, true, 150)), in);
    // Fill and exact keep their box's shape at the largest size the image fills without
    // enlarging (they left the image as it was, not the shape asked for). Fill 80×80 on 100×50
    // is 50×50, a centre crop with nothing resampled; exact 50×60 is 42×50, only narrowed.
    COMPARE_MAT(resize(in, rp(ResizeMode::Fill, 80, 80, true)), cv::Mat(in(cv::Rect(25, 0, 50, 50))));
    COMPARE_MAT(resize(in, rp(ResizeMode::Fill, 400, 100, true)), cv::Mat(in(cv::Rect(0, 12, 100, 25))));
    COMPARE_MAT(resize(in, rp(ResizeMode::Exact, 50, 60, true)), resizeTo(in, {42, 50}, Filter::Auto));
    COMPARE_MAT(resize(in, rp(ResizeMode::Exact, 400, 400, true)), resizeTo(in, {50, 50}, Filter::Auto));
    // The QA's case: fill 250×250 on 301×203 wrote 301×203; now the 203×203 centre.
    const cv::Mat photo = noise({301, 203}, CV_8UC3, 2);
    COMPARE_MAT(resize(photo, rp(ResizeMode::Fill, 250, 250, true)), cv::Mat(photo(cv::Rect(49, 0, 203, 203))));
    QCOMPARE(resizeOutputSize(photo.size(), rp(ResizeMode::Fill, 250, 250, true)), cv::Size(203, 203));
    // Shrinking is unaffected.
    QCOMPARE(resize(in, rp(ResizeMode::Fit, 40, 40, true)).size(), cv::Size(40, 20));
    QCOMPARE(resize(in, rp(ResizeMode::Exact, 50, 25, true)).size(), cv::Size(50, 25));
    QCOMPARE(resize(in, rp(ResizeMode::Fill, 30, 30, true)).size(), cv::Size(30, 30));
    QCOMPARE(resize(in, rp(ResizeMode::Scale, 0, 0, true, 50)).size(), cv::Size(50, 25));
    // The no-op result is a copy: writing to it must not reach the input.
    const cv::Mat before = in.clone();
    resize(in, rp(ResizeMode::Fit, 400, 400, true)).setTo(0);
    COMPARE_MAT(in, before);
}

void TestOps::resizeFilterChoice()
{
    const cv::Mat in = noise({40, 30}, CV_8UC3);
    const auto reference = [&](cv::Size size, int method) {
        cv::Mat out;
        cv::resize(in, out, size, 0, 0, method);
        return out;
    };
    COMPARE_MAT(resizeTo(in, {20, 15}, Filter::Auto), reference({20, 15}, cv::INTER_AREA));
    COMPARE_MAT(resizeTo(in, {80, 60}, Filter::Auto), reference({80, 60}, cv::INTER_CUBIC));
    // Enlarging: OpenCV's filters. An axis that shrinks: the kernel stretched (Resample.h).
    COMPARE_MAT(resizeTo(in, {83, 61}, Filter::Lanczos), reference({83, 61}, cv::INTER_LANCZOS4));
    COMPARE_MAT(resizeTo(in, {83, 61}, Filter::Linear), reference({83, 61}, cv::INTER_LINEAR));
    COMPARE_MAT(resizeTo(in, {83, 61}, Filter::Cubic), reference({83, 61}, cv::INTER_CUBIC));
    COMPARE_MAT(resizeTo(in, {20, 60}, Filter::Auto), resample(in, {20, 60}, Kernel::CatmullRom));
    COMPARE_MAT(resizeTo(in, {23, 17}, Filter::Lanczos), resample(in, {23, 17}, Kernel::Lanczos3));
    COMPARE_MAT(resizeTo(in, {23, 17}, Filter::Linear), resample(in, {23, 17}, Kernel::Triangle));
    COMPARE_MAT(resizeTo(in, {23, 17}, Filter::Cubic), resample(in, {23, 17}, Kernel::CatmullRom));
    COMPARE_MAT(resizeTo(in, {23, 17}, Filter::Nearest), reference({23, 17}, cv::INTER_NEAREST_EXACT));
    COMPARE_MAT(resizeTo(in, {80, 60}, Filter::Area), reference({80, 60}, cv::INTER_AREA));
}

// Nearest took each block's top-left pixel (OpenCV's INTER_NEAREST): 3×3 to 1×1 gave the corner,
// and a picture shrunk by 3 shifted up and left by a pixel. It takes the pixel under each output
// pixel's centre, at any depth and with alpha, exactly (nothing is mixed, not even premultiplied).
void TestOps::resizeNearestTakesTheCentre()
{
    const cv::Mat nine = grey({{0, 25, 50}, {75, 100, 125}, {150, 175, 200}});
    COMPARE_MAT(resizeTo(nine, {1, 1}, Filter::Nearest), grey({{100}}));
    cv::Mat big(9, 9, CV_8UC1);
    for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 9; ++x)
            big.at<uchar>(y, x) = uchar(10 * y + x);
    COMPARE_MAT(resizeTo(big, {3, 3}, Filter::Nearest), grey({{11, 14, 17}, {41, 44, 47}, {71, 74, 77}}));
    ResizeParams third = rp(ResizeMode::Scale, 0, 0, false, 100.0 / 3);
    third.filter = Filter::Nearest;
    COMPARE_MAT(resize(big, third), grey({{11, 14, 17}, {41, 44, 47}, {71, 74, 77}}));
    // 16 bits with alpha, some of it transparent or nearly: the picked pixels as they were.
    for (const int type : {CV_8UC4, CV_16UC4, CV_16UC3, CV_8UC3}) {
        cv::Mat in = noise({9, 6}, type, 7);
        if (CV_MAT_DEPTH(type) == CV_16U)
            in *= 257; // the whole 16-bit range
        if (CV_MAT_CN(type) == 4) {
            const auto alpha = [&](int y, int x, double a) {
                in.at<cv::Vec4w>(y, x)[3] = ushort(a); // only for 16 bits
            };
            if (CV_MAT_DEPTH(type) == CV_16U) {
                alpha(1, 1, 0); // transparent: its colour is kept all the same
                alpha(1, 4, 1); // nearly so: premultiplying at 16 bits rounded its colour away
                alpha(4, 7, 300);
            } else {
                in.at<cv::Vec4b>(1, 1)[3] = 0;
                in.at<cv::Vec4b>(1, 4)[3] = 1;
            }
        }
        const cv::Mat out = resizeTo(in, {3, 2}, Filter::Nearest);
        QCOMPARE(out.type(), type);
        for (int y = 0; y < 2; ++y)
            for (int x = 0; x < 3; ++x)
                QVERIFY2(cv::norm(out.row(y).col(x), in.row(3 * y + 1).col(3 * x + 1), cv::NORM_INF) == 0,
                         qPrintable(QString("type %1 at (%2, %3)").arg(type).arg(x).arg(y)));
    }
}

void TestOps::resampleKnownWeights()
{
    // Halving with the triangle stretched twice: input centres at 0.25 and 0.75 of the kernel's
    // half-width on each side, weights 1, 3, 3, 1 (/ 8); at the edges the weights that fall
    // outside are dropped and the rest renormalised (3, 3, 1 / 7).
    const cv::Mat row = grey({{0, 0, 0, 80, 80, 80, 80, 80}});
    const cv::Mat half = resample(row, {4, 1}, Kernel::Triangle);
    const double expected[4] = {0, (0 * 1 + 0 * 3 + 80 * 3 + 80 * 1) / 8.0, 80, 80};
    for (int x = 0; x < 4; ++x)
        QVERIFY2(std::abs(half.at<uchar>(0, x) - expected[x]) <= 0.5,
                 qPrintable(QString("x %1: %2 for %3").arg(x).arg(half.at<uchar>(0, x)).arg(expected[x])));
    // A flat image stays flat, whatever the kernel, depth or factor, lobes and edges included.
    for (const Kernel k : {Kernel::Triangle, Kernel::CatmullRom, Kernel::Lanczos3})
        for (const int type : {CV_8UC3, CV_16UC1, CV_32FC4}) {
            const cv::Mat flat(97, 61, type, cv::Scalar::all(200));
            for (const cv::Size size : {cv::Size(13, 9), cv::Size(60, 97), cv::Size(7, 150)}) {
                const cv::Mat out = resample(flat, size, k);
                QCOMPARE(out.type(), type);
                QVERIFY(cv::norm(out, cv::Mat(size, type, cv::Scalar::all(200)), cv::NORM_INF) < 1e-3);
            }
        }
}

void TestOps::resampleFiltersBeforeShrinking_data()
{
    QTest::addColumn<int>("filter");
    QTest::newRow("linear") << int(Filter::Linear);
    QTest::newRow("cubic") << int(Filter::Cubic);
    QTest::newRow("lanczos") << int(Filter::Lanczos);
    QTest::newRow("auto") << int(Filter::Auto);
}
void TestOps::resampleFiltersBeforeShrinking()
{
    // A zone plate (frequency rising with the distance from the centre) shrunk 4.8 times: where
    // its frequency is beyond what the output can hold, a filter that filters first leaves flat
    // grey. OpenCV's linear, cubic and Lanczos-4 sampled it unfiltered: rings of ~70 levels.
    QFETCH(int, filter);
    const int side = 960;
    cv::Mat plate(side, side, CV_8UC1);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const double dx = x - side / 2.0, dy = y - side / 2.0;
            plate.at<uchar>(y, x) =
                cv::saturate_cast<uchar>(127.5 + 127.5 * std::cos(M_PI * (dx * dx + dy * dy) / (2.0 * side)));
        }
    const cv::Mat small = resizeTo(plate, {200, 200}, Filter(filter));
    // A corner of the output: the plate's frequency there is 0.25 to 0.35 cycles a source pixel
    // (under the source's Nyquist frequency), over twice the output's (0.104).
    cv::Scalar mean, deviation;
    cv::meanStdDev(small(cv::Rect(0, 0, 30, 30)), mean, deviation);
    QVERIFY2(deviation[0] < 4 && std::abs(mean[0] - 127.5) < 4,
             qPrintable(QString("corner: mean %1, deviation %2").arg(mean[0]).arg(deviation[0])));
    // The low frequencies at the centre are kept: the centre disc is still bright.
    QVERIFY2(small.at<uchar>(100, 100) > 230, qPrintable(QString::number(small.at<uchar>(100, 100))));
}

void TestOps::areaResizeWithinOneOfOpenCv()
{
    // The fixed-point path against OpenCV's floating-point INTER_AREA: every sample within 1, for
    // every channel count, factors from barely below 1 to 64, widths that leave the vector loops
    // a scalar tail, single rows and columns, and a view into a larger image (rows not contiguous).
    cv::RNG rng(7);
    int cases = 0;
    const auto check = [&](const cv::Mat &in, cv::Size size) {
        cv::Mat ours, theirs;
        QVERIFY2(fixedPointAreaResize(in, ours, size), "the fixed-point path refused a shrinking 8-bit image");
        cv::resize(in, theirs, size, 0, 0, cv::INTER_AREA);
        QCOMPARE(ours.type(), in.type());
        QCOMPARE(ours.size(), size);
        const double worst = cv::norm(ours, theirs, cv::NORM_INF);
        QVERIFY2(worst <= 1, qPrintable(QStringLiteral("%1x%2x%3 -> %4x%5: off by %6")
                                            .arg(in.cols)
                                            .arg(in.rows)
                                            .arg(in.channels())
                                            .arg(size.width)
                                            .arg(size.height)
                                            .arg(worst)));
        ++cases;
    };
    for (int cn = 1; cn <= 4; ++cn) {
        for (int i = 0; i < 150; ++i) {
            const cv::Size from(rng.uniform(1, 260), rng.uniform(1, 200));
            cv::Mat in = noise(from, CV_8UC(cn), 100 + i);
            if (i % 2) // photo-like smoothness as well as worst-case noise
                cv::GaussianBlur(in, in, {0, 0}, 2.0);
            const auto shrunk = [&](int side) { // by a factor of 1 to 64
                return std::max(int(std::ceil(side / 64.0)), int(std::lround(side / rng.uniform(1.0, 64.0))));
            };
            check(in, {shrunk(from.width), shrunk(from.height)});
        }
        const cv::Mat big = noise({2560, 40}, CV_8UC(cn), cn);
        check(big, {1920, 30});                         // the web preset's 4:3
        check(big, {1917, 29});                         // no common period
        check(big, {2559, 40});                         // one column fewer
        check(big, {40, 1});                            // the largest factor taken
        check(big(cv::Rect(3, 5, 333, 31)), {250, 17}); // a view: rows are not contiguous
    }
    QCOMPARE(cases, 4 * 155);

    // Flat stays flat, exactly (weights sum to one on both axes).
    cv::Mat flat(97, 131, CV_8UC3, cv::Scalar(0, 128, 255));
    cv::Mat out;
    QVERIFY(fixedPointAreaResize(flat, out, {37, 50}));
    QCOMPARE(cv::norm(out, cv::Mat(50, 37, CV_8UC3, cv::Scalar(0, 128, 255)), cv::NORM_INF), 0.0);
}

void TestOps::straightAlphaAreaResizeMatchesPremultiplying_data()
{
    QTest::addColumn<int>("depth");
    QTest::newRow("8-bit") << int(CV_8U);
    QTest::newRow("16-bit") << int(CV_16U);
}

// Shrinking an image with transparency (the area filter) is done row by row without premultiplying
// a copy of the whole image; the result is what premultiplying, resizing and unpremultiplying gave:
// alpha within 1, colour within 1 wherever it can be seen (alpha of 16/255 and more; below that the
// premultiplied integers were coarser than the answer), the fill where nothing is left. And the
// memory of a large one grows by about its output, not by 8 bytes a pixel.
void TestOps::straightAlphaAreaResizeMatchesPremultiplying()
{
    QFETCH(int, depth);
    const double one = depth == CV_16U ? 257.0 : 1.0;
    cv::RNG rng(11);
    for (int i = 0; i < 120; ++i) {
        const cv::Size from(rng.uniform(1, 300), rng.uniform(1, 220));
        cv::Mat in8 = noise(from, CV_8UC4, 300 + i);
        if (i % 2)
            cv::GaussianBlur(in8, in8, {0, 0}, 2.0);
        for (int y = 0; y < in8.rows; ++y) // some fully transparent and some opaque pixels
            for (int x = 0; x < in8.cols; ++x) {
                uchar &a = in8.at<cv::Vec4b>(y, x)[3];
                a = (x / 7 + y / 5) % 5 == 0 ? 0 : (x / 3 + y) % 7 == 0 ? 255 : a;
            }
        cv::Mat in;
        in8.convertTo(in, CV_MAKETYPE(depth, 4), one);
        const cv::Size to(std::max(1, int(std::lround(from.width / rng.uniform(1.0, 80.0)))),
                          std::max(1, int(std::lround(from.height / rng.uniform(1.0, 80.0)))));
        cv::Mat ours, theirs;
        QVERIFY(areaResizeStraightAlpha(in, ours, to, cv::Scalar(10, 20, 30)));
        cv::resize(detail::premultiplied(in), theirs, to, 0, 0, cv::INTER_AREA);
        theirs = detail::unpremultiplied(theirs, depth, cv::Scalar(10, 20, 30));
        QCOMPARE(ours.type(), in.type());
        QCOMPARE(ours.size(), to);
        for (int y = 0; y < to.height; ++y)
            for (int x = 0; x < to.width; ++x) {
                const auto at = [&](const cv::Mat &m, int c) {
                    return depth == CV_16U ? double(m.at<cv::Vec4w>(y, x)[c]) : double(m.at<cv::Vec4b>(y, x)[c]);
                };
                const QString where = QStringLiteral("%1x%2 -> %3x%4 at (%5, %6)")
                                          .arg(from.width)
                                          .arg(from.height)
                                          .arg(to.width)
                                          .arg(to.height)
                                          .arg(x)
                                          .arg(y);
                QVERIFY2(std::abs(at(ours, 3) - at(theirs, 3)) <= one, qPrintable(where + " alpha"));
                if (at(theirs, 3) >= 16 * one || at(theirs, 3) == 0)
                    for (int c = 0; c < 3; ++c)
                        QVERIFY2(std::abs(at(ours, c) - at(theirs, c)) <= one,
                                 qPrintable(where + QStringLiteral(" channel %1: %2 against %3")
                                                        .arg(c)
                                                        .arg(at(ours, c))
                                                        .arg(at(theirs, c))));
            }
    }
    // Through resizeTo, the way the pipeline shrinks: a 6000×6000 image (8 bytes a pixel more
    // premultiplied at 8 bits, 288 MB).
    cv::Mat big(6000, 6000, CV_MAKETYPE(depth, 4), cv::Scalar::all(200 * one));
    big(cv::Rect(0, 0, 3000, 6000)).setTo(cv::Scalar::all(0));
    cv::Mat small;
    const long grew = peakGrowthMb([&] { small = resizeTo(big, {600, 600}, Filter::Auto); });
    if (grew < 0)
        QSKIP("this kernel cannot reset the peak resident size (/proc/self/clear_refs)");
    qInfo("6000×6000 with transparency to 600×600: the peak grew by %ld MB", grew);
    QVERIFY2(grew < 40, qPrintable(QStringLiteral("the peak grew by %1 MB").arg(grew)));
    QCOMPARE(small.size(), cv::Size(600, 600));
}

void TestOps::areaResizeLeavesTheRestToOpenCv()
{
    cv::Mat out;
    QVERIFY(!fixedPointAreaResize(noise({40, 30}, CV_16UC3), out, {30, 20})); // 16 bits
    QVERIFY(!fixedPointAreaResize(noise({40, 30}, CV_8UC3), out, {41, 20}));  // enlarges an axis
    QVERIFY(!fixedPointAreaResize(noise({650, 30}, CV_8UC1), out, {10, 30})); // beyond 64x
    QVERIFY(!fixedPointAreaResize(cv::Mat(), out, {1, 1}));
    QVERIFY(out.empty()); // untouched by every refusal
    // Whatever path it takes, areaResize gives OpenCV's answer within 1, OpenCV's exactly where
    // the fixed-point path does not apply (halving included: OpenCV's own fast path).
    for (const auto &[in, size, exact] : {std::tuple{noise({40, 30}, CV_16UC3), cv::Size(30, 20), true},
                                          std::tuple{noise({40, 30}, CV_8UC3), cv::Size(20, 15), true},
                                          std::tuple{noise({650, 30}, CV_8UC1), cv::Size(10, 30), true},
                                          std::tuple{noise({40, 30}, CV_8UC4), cv::Size(30, 20), false}}) {
        cv::Mat ours, theirs;
        areaResize(in, ours, size);
        cv::resize(in, theirs, size, 0, 0, cv::INTER_AREA);
        if (exact)
            QCOMPARE(cv::norm(ours, theirs, cv::NORM_INF), 0.0);
        else
            QVERIFY(cv::norm(ours, theirs, cv::NORM_INF) <= 1);
    }
}

void TestOps::resizeKeepsTransparentColourOut()
{
    // Left: opaque red. Right: fully transparent green, whose colour must not leak in.
    cv::Mat in(4, 8, CV_8UC4, cv::Scalar(0, 0, 255, 255));
    in.colRange(4, 8).setTo(cv::Scalar(0, 255, 0, 0));
    for (const Filter f : {Filter::Auto, Filter::Linear, Filter::Cubic, Filter::Lanczos}) {
        for (const cv::Size size : {cv::Size(3, 2), cv::Size(13, 5)}) {
            const cv::Mat out = resizeTo(in, size, f);
            QCOMPARE(out.type(), CV_8UC4);
            for (int y = 0; y < out.rows; ++y)
                for (int x = 0; x < out.cols; ++x) {
                    const cv::Vec4b px = out.at<cv::Vec4b>(y, x);
                    if (px[3] > 0) {
                        QCOMPARE(int(px[1]), 0);
                        QCOMPARE(int(px[2]), 255);
                    }
                }
            QVERIFY(out.at<cv::Vec4b>(0, 0)[3] == 255);
            QVERIFY(out.at<cv::Vec4b>(0, out.cols - 1)[3] == 0);
        }
    }
}

// 16-bit BGRA is resized premultiplied in 16-bit integers (8 bytes a pixel, like its input; it was
// float, 16, and a 196-megapixel image ran out of memory). Against the same resize in doubles: over
// any background the result is within a level of 65535, and visible colour within a few.
void TestOps::sixteenBitTransparencyResizesInSixteenBits()
{
    cv::Mat in(48, 64, CV_16UC4);
    cv::RNG rng(7);
    rng.fill(in, cv::RNG::UNIFORM, 0, 65536);
    for (int y = 0; y < in.rows; ++y) // every alpha: transparent, faint, half, opaque
        for (int x = 0; x < in.cols; ++x)
            in.at<cv::Vec4w>(y, x)[3] = ushort((x % 4 == 0) ? 0 : (x % 4 == 1) ? 40 + y : (x % 4 == 2) ? 30000 : 65535);
    QCOMPARE(detail::premultiplied(in).type(), CV_16UC4); // the working copy: 8 bytes a pixel
    cv::Mat pre(in.size(), CV_64FC4);
    for (int y = 0; y < in.rows; ++y)
        for (int x = 0; x < in.cols; ++x) {
            const cv::Vec4w s = in.at<cv::Vec4w>(y, x);
            pre.at<cv::Vec4d>(y, x) = {s[0] * (s[3] / 65535.0), s[1] * (s[3] / 65535.0), s[2] * (s[3] / 65535.0),
                                       double(s[3])};
        }
    for (const Filter f : {Filter::Auto, Filter::Linear}) {
        const cv::Size size(24, 17);
        const cv::Mat out = resizeTo(in, size, f);
        QCOMPARE(out.type(), CV_16UC4);
        cv::Mat ref;
        if (f == Filter::Auto) {
            cv::resize(pre, ref, size, 0, 0, cv::INTER_AREA);
        } else { // the stretched triangle, in floats
            cv::Mat floats;
            pre.convertTo(floats, CV_32F);
            resample(floats, size, Kernel::Triangle).convertTo(ref, CV_64F);
        }
        double worstComposite = 0, worstVisible = 0;
        for (int y = 0; y < size.height; ++y)
            for (int x = 0; x < size.width; ++x) {
                const cv::Vec4w o = out.at<cv::Vec4w>(y, x);
                const cv::Vec4d r = ref.at<cv::Vec4d>(y, x);
                QVERIFY2(std::abs(o[3] - r[3]) <= 1, qPrintable(QString("alpha %1 vs %2").arg(o[3]).arg(r[3])));
                for (int c = 0; c < 3; ++c) {
                    worstComposite = std::max(worstComposite, std::abs(o[c] * (o[3] / 65535.0) - r[c]));
                    if (r[3] >= 16384)
                        worstVisible = std::max(worstVisible, std::abs(o[c] - r[c] * 65535.0 / r[3]));
                }
            }
        QVERIFY2(worstComposite <= 1.5, qPrintable(QString::number(worstComposite))); // of 65535
        QVERIFY2(worstVisible <= 4.0, qPrintable(QString::number(worstVisible)));
    }
}

void TestOps::cropRect()
{
    const cv::Mat in = grey({{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}, {10, 11, 12, 13, 14}, {15, 16, 17, 18, 19}});
    CropParams p;
    p.mode = CropMode::Rect;
    p.x = 1, p.y = 1, p.width = 3, p.height = 2;
    COMPARE_MAT(crop(in, p), grey({{6, 7, 8}, {11, 12, 13}}));
    QCOMPARE(cropOutputSize(in.size(), p), cv::Size(3, 2));
}

void TestOps::cropRectClipping()
{
    const cv::Mat in = grey({{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}, {10, 11, 12, 13, 14}, {15, 16, 17, 18, 19}});
    CropParams p;
    p.mode = CropMode::Rect;
    p.x = 3, p.y = 2, p.width = 10, p.height = 10; // overhangs right and bottom
    COMPARE_MAT(crop(in, p), grey({{13, 14}, {18, 19}}));
    p.x = 10, p.y = 10, p.width = 5, p.height = 5; // entirely outside: nearest corner pixel
    COMPARE_MAT(crop(in, p), grey({{19}}));
    QCOMPARE(cropOutputSize(in.size(), p), cv::Size(1, 1));
    p.x = 7, p.y = 1, p.width = 2, p.height = 2; // outside to the right: last column
    COMPARE_MAT(crop(in, p), grey({{9}, {14}}));
    p.x = -3, p.y = -1, p.width = 2, p.height = 3; // negative origin: clipped at 0
    COMPARE_MAT(crop(in, p), grey({{0}, {5}}));
}

void TestOps::cropAspect()
{
    cv::Mat in(4, 6, CV_8UC1);
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 6; ++x)
            in.at<uchar>(y, x) = uchar(10 * y + x);
    CropParams p;
    p.aspectWidth = 1, p.aspectHeight = 1;
    COMPARE_MAT(crop(in, p), cv::Mat(in(cv::Rect(1, 0, 4, 4))));

    const cv::Mat square = noise({100, 100}, CV_8UC3);
    p.aspectWidth = 16, p.aspectHeight = 9; // 56.25 rows round to 56, centred at y = 22
    QCOMPARE(cropOutputSize(square.size(), p), cv::Size(100, 56));
    COMPARE_MAT(crop(square, p), cv::Mat(square(cv::Rect(0, 22, 100, 56))));
    p.aspectWidth = 1, p.aspectHeight = 3; // tall: 33.3 columns round to 33, x = 33
    COMPARE_MAT(crop(square, p), cv::Mat(square(cv::Rect(33, 0, 33, 100))));
    p.aspectWidth = 10000, p.aspectHeight = 0.01; // extreme: at least one row
    QCOMPARE(crop(square, p).size(), cv::Size(100, 1));
}

void TestOps::rotateQuarterTurns()
{
    const cv::Mat in = sixPixels();
    const auto turned = [&](double angle) {
        RotateParams p;
        p.angle = angle;
        const cv::Mat out = rotate(in, p);
        if (rotateOutputSize(in.size(), p) != out.size())
            return cv::Mat();
        return out;
    };
    const cv::Mat cw = grey({{4, 1}, {5, 2}, {6, 3}});
    const cv::Mat half = grey({{6, 5, 4}, {3, 2, 1}});
    const cv::Mat ccw = grey({{3, 6}, {2, 5}, {1, 4}});
    COMPARE_MAT(turned(90), cw);
    COMPARE_MAT(turned(-270), cw);
    COMPARE_MAT(turned(450), cw);
    COMPARE_MAT(turned(180), half);
    COMPARE_MAT(turned(-180), half);
    COMPARE_MAT(turned(270), ccw);
    COMPARE_MAT(turned(-90), ccw);
    COMPARE_MAT(turned(0), in);
    COMPARE_MAT(turned(360), in);
    COMPARE_MAT(turned(-360), in);
}

void TestOps::rotateArbitraryAngle()
{
    // A grey canvas with a uniform centre block and a marker block to the right of centre.
    cv::Mat in(61, 101, CV_8UC3, cv::Scalar(90, 90, 90));
    in(cv::Rect(50 - 4, 30 - 4, 9, 9)).setTo(cv::Scalar(10, 200, 30));
    in(cv::Rect(50 + 30 - 3, 30 - 3, 7, 7)).setTo(cv::Scalar(250, 0, 0));
    RotateParams p;
    p.angle = 30;
    p.background = cv::Scalar(0, 0, 255, 255);
    const cv::Mat out = rotate(in, p);
    const double rad = 30 * CV_PI / 180;
    // The turned extent (117.97 × 103.33), the corners' tips allowed to overhang by a quarter
    // pixel, odd as the image is so that its centre stays on a pixel's centre: 118 → 119.
    const cv::Size expected(119, 103);
    QCOMPARE(out.size(), expected);
    QCOMPARE(rotateOutputSize(in.size(), p), expected);

    const double cx = (out.cols - 1) / 2.0, cy = (out.rows - 1) / 2.0;
    QCOMPARE(out.at<cv::Vec3b>(int(cy), int(cx)), cv::Vec3b(10, 200, 30));
    // Clockwise on screen: a point right of the centre moves down and right.
    const int mx = int(std::lround(cx + 30 * std::cos(rad))), my = int(std::lround(cy + 30 * std::sin(rad)));
    // Bicubic may overshoot a hard step by a few levels.
    QVERIFY(cv::norm(cv::Vec3i(out.at<cv::Vec3b>(my, mx)) - cv::Vec3i(250, 0, 0), cv::NORM_INF) <= 4);
    // Corners are background.
    QCOMPARE(out.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 255));
    QCOMPARE(out.at<cv::Vec3b>(out.rows - 1, out.cols - 1), cv::Vec3b(0, 0, 255));

    // Grey input with a grey background stays grey (a coloured one: colourDrawnOnAGreyImage).
    cv::Mat grey1;
    cv::cvtColor(in, grey1, cv::COLOR_BGR2GRAY);
    const RotateParams greyBackground{30, cv::Scalar(40, 40, 40, 255)};
    const cv::Mat g = rotate(grey1, greyBackground);
    QCOMPARE(g.type(), CV_8UC1);
    QCOMPARE(int(g.at<uchar>(0, 0)), 40);

    // Negative angles turn the other way.
    p.angle = -30;
    const cv::Mat back = rotate(in, p);
    QVERIFY(
        cv::norm(cv::Vec3i(back.at<cv::Vec3b>(int(std::lround(cy - 30 * std::sin(rad))), mx)) - cv::Vec3i(250, 0, 0),
                 cv::NORM_INF) <= 4);
}

// A fine texture (three sines, up to 0.95 of the highest frequency a pixel grid holds).
static cv::Mat fineTexture(cv::Size size)
{
    cv::Mat t(size, CV_8UC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const double v = 128 + 50 * std::sin(x * 0.9 + y * 0.3) + 40 * std::sin(x * 0.2 - y * 1.1) +
                             20 * std::sin(0.5 * x + 0.7 * y);
            t.at<cv::Vec3b>(y, x) = cv::Vec3b::all(cv::saturate_cast<uchar>(v));
        }
    return t;
}

// A straightening turn so small that it moves nothing by a pixel leaves the photo as it was: by
// 0.0001° a 640×400 photo came out 641×401 (its extent, 0.0007 px more, rounded up), its centre
// between pixels and each pixel the mean of four (28 dB).
void TestOps::aTinyTurnLeavesThePhotoAsItWas()
{
    const cv::Mat in = fineTexture({640, 400});
    for (const double angle : {0.0001, -0.0001, 0.001}) {
        const cv::Mat out = rotate(in, RotateParams{angle, cv::Scalar(0, 0, 255, 255)});
        QCOMPARE(out.size(), in.size());
        const cv::Rect inner(8, 8, in.cols - 16, in.rows - 16);
        QVERIFY2(cv::PSNR(out(inner), in(inner)) > 45, qPrintable(QString::number(cv::PSNR(out(inner), in(inner)))));
    }
}

// A turn keeps the picture's detail: by 10° and back by −10° a fine texture came back at 30 dB
// (bilinear: a softened photo); bicubic inside the picture keeps 41 dB. The edge against the
// background does not ring: its pixels lie between the background and the picture.
void TestOps::aTurnKeepsTheDetail()
{
    const cv::Mat in = fineTexture({300, 200});
    const RotateParams there{10, cv::Scalar(0, 0, 255, 255)}, back{-10, cv::Scalar(0, 0, 255, 255)};
    const cv::Mat turned = rotate(in, there), returned = rotate(turned, back);
    const cv::Rect inner((returned.cols - 220) / 2, (returned.rows - 120) / 2, 220, 120);
    const cv::Rect original((in.cols - 220) / 2, (in.rows - 120) / 2, 220, 120);
    const double psnr = cv::PSNR(returned(inner), in(original));
    QVERIFY2(psnr > 38, qPrintable(QString::number(psnr)));
    // Along the top edge's middle: background above, picture below, nothing beyond either.
    const cv::Mat flat(in.size(), CV_8UC3, cv::Scalar(200, 200, 200));
    const cv::Mat edge = rotate(flat, there);
    for (int y = 0; y < edge.rows / 2; ++y) {
        const cv::Vec3b p = edge.at<cv::Vec3b>(y, edge.cols / 2);
        QVERIFY2(p[0] <= 200 && p[1] <= 200 && p[2] >= 200,
                 qPrintable(QString("row %1: %2,%3,%4").arg(y).arg(p[0]).arg(p[1]).arg(p[2])));
    }
}

void TestOps::rotateTransparentBackground()
{
    const cv::Mat in(40, 40, CV_8UC4, cv::Scalar(20, 40, 60, 255));
    RotateParams p;
    p.angle = 45;
    p.background = cv::Scalar(255, 255, 255, 0);
    const cv::Mat out = rotate(in, p);
    QCOMPARE(out.type(), CV_8UC4);
    QCOMPARE(out.at<cv::Vec4b>(0, 0)[3], uchar(0));
    QCOMPARE(out.at<cv::Vec4b>(out.rows / 2, out.cols / 2), cv::Vec4b(20, 40, 60, 255));
    // Anti-aliased edges fade in alpha only: the white of the transparent background must
    // not lighten them.
    int edges = 0;
    for (int y = 0; y < out.rows; ++y)
        for (int x = 0; x < out.cols; ++x) {
            const cv::Vec4b px = out.at<cv::Vec4b>(y, x);
            if (px[3] > 0 && px[3] < 255) {
                ++edges;
                QVERIFY2(std::abs(px[0] - 20) <= 1 && std::abs(px[1] - 40) <= 1 && std::abs(px[2] - 60) <= 1,
                         "edge colour contaminated by the background");
            }
        }
    QVERIFY(edges > 0);
}

void TestOps::rotateSeeThroughBackgroundOnAnOpaqueImage_data()
{
    QTest::addColumn<int>("type");
    QTest::newRow("8-bit colour") << int(CV_8UC3);
    QTest::newRow("8-bit grey") << int(CV_8UC1);
    QTest::newRow("16-bit colour") << int(CV_16UC3);
}

// A background with alpha below 255 around an opaque photo (no alpha channel): the corners are as
// see-through as it says, and the photo stays opaque. They came out opaque, the alpha dropped.
void TestOps::rotateSeeThroughBackgroundOnAnOpaqueImage()
{
    QFETCH(int, type);
    const double one = CV_MAT_DEPTH(type) == CV_16U ? 257.0 : 1.0;
    const cv::Mat in(40, 40, type, cv::Scalar::all(90 * one));
    RotateParams p;
    p.angle = 30;
    p.background = cv::Scalar(0, 0, 255, 128);
    const cv::Mat out = rotate(in, p);
    QCOMPARE(out.type(), CV_MAKETYPE(CV_MAT_DEPTH(type), 4));
    const auto at = [&](int y, int x) {
        return one == 1 ? cv::Vec4d(out.at<cv::Vec4b>(y, x)) : cv::Vec4d(out.at<cv::Vec4w>(y, x)) / one;
    };
    for (int c = 0; c < 4; ++c) {
        QVERIFY2(std::abs(at(0, 0)[c] - p.background[c]) <= 1, qPrintable(QString::number(at(0, 0)[c])));
        QVERIFY2(std::abs(at(out.rows / 2, out.cols / 2)[c] - (c == 3 ? 255 : 90)) <= 1,
                 qPrintable(QString::number(at(out.rows / 2, out.cols / 2)[c])));
    }
    p.background[3] = 255; // an opaque one adds no alpha (red makes a grey photo colour)
    QCOMPARE(rotate(in, p).channels(), in.channels() == 1 ? 3 : in.channels());
}

void TestOps::borderSeeThroughColourOnAnOpaqueImage_data()
{
    QTest::addColumn<int>("type");
    QTest::newRow("8-bit colour") << int(CV_8UC3);
    QTest::newRow("8-bit grey") << int(CV_8UC1);
    QTest::newRow("16-bit colour") << int(CV_16UC3);
    QTest::newRow("16-bit grey") << int(CV_16UC1);
    QTest::newRow("8-bit with alpha") << int(CV_8UC4);
    QTest::newRow("16-bit with alpha") << int(CV_16UC4);
}

// A border colour with alpha below 255 around a photo without an alpha channel was written opaque,
// while the same colour as a rotate's background made the corners see-through. Now as rotate: the
// border is as see-through as the colour says, the photo stays as it was.
void TestOps::borderSeeThroughColourOnAnOpaqueImage()
{
    QFETCH(int, type);
    const double one = CV_MAT_DEPTH(type) == CV_16U ? 257.0 : 1.0;
    const cv::Mat in(6, 8, type, cv::Scalar(90, 90, 90, 200) * one);
    BorderParams p;
    p.size = 3;
    p.color = cv::Scalar(0x30, 0x20, 0xff, 0x80); // #ff203080
    const cv::Mat out = border(in, p);
    QCOMPARE(out.type(), CV_MAKETYPE(CV_MAT_DEPTH(type), 4));
    QCOMPARE(out.size(), cv::Size(14, 12));
    const auto at = [&](int y, int x) {
        return one == 1 ? cv::Vec4d(out.at<cv::Vec4b>(y, x)) : cv::Vec4d(out.at<cv::Vec4w>(y, x)) / one;
    };
    const double alpha = in.channels() == 4 ? 200 : 255;
    for (int c = 0; c < 4; ++c) {
        QCOMPARE(at(0, 0)[c], p.color[c]);
        QCOMPARE(at(11, 13)[c], p.color[c]);
        QCOMPARE(at(3, 3)[c], c == 3 ? alpha : 90.0);
        QCOMPARE(at(8, 10)[c], c == 3 ? alpha : 90.0);
    }
    p.color[3] = 255; // an opaque one adds no alpha (red makes a grey photo colour)
    QCOMPARE(border(in, p).channels(), in.channels() == 1 ? 3 : in.channels());
}

void TestOps::exifOrientation_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<cv::Mat>("expected");
    QTest::newRow("0 (invalid)") << 0 << sixPixels();
    QTest::newRow("1 as stored") << 1 << sixPixels();
    QTest::newRow("2 mirror h") << 2 << grey({{3, 2, 1}, {6, 5, 4}});
    QTest::newRow("3 rotate 180") << 3 << grey({{6, 5, 4}, {3, 2, 1}});
    QTest::newRow("4 mirror v") << 4 << grey({{4, 5, 6}, {1, 2, 3}});
    QTest::newRow("5 transpose") << 5 << grey({{1, 4}, {2, 5}, {3, 6}});
    QTest::newRow("6 rotate 90 cw") << 6 << grey({{4, 1}, {5, 2}, {6, 3}});
    QTest::newRow("7 transverse") << 7 << grey({{6, 3}, {5, 2}, {4, 1}});
    QTest::newRow("8 rotate 90 ccw") << 8 << grey({{3, 6}, {2, 5}, {1, 4}});
    QTest::newRow("9 (invalid)") << 9 << sixPixels();
}

void TestOps::exifOrientation()
{
    QFETCH(int, orientation);
    QFETCH(cv::Mat, expected);
    const cv::Mat in = sixPixels();
    COMPARE_MAT(applyExifOrientation(in, orientation), expected);
    QCOMPARE(orientedSize(in.size(), orientation), expected.size());
    // Colour images move whole pixels.
    cv::Mat bgr;
    cv::merge(std::vector<cv::Mat>{in, in + 10, in + 20}, bgr);
    cv::Mat expectedBgr;
    cv::merge(std::vector<cv::Mat>{expected, expected + 10, expected + 20}, expectedBgr);
    COMPARE_MAT(applyExifOrientation(bgr, orientation), expectedBgr);
}

void TestOps::flipDirections()
{
    const cv::Mat in = sixPixels();
    COMPARE_MAT(flip(in, FlipDirection::Horizontal), grey({{3, 2, 1}, {6, 5, 4}}));
    COMPARE_MAT(flip(in, FlipDirection::Vertical), grey({{4, 5, 6}, {1, 2, 3}}));
    COMPARE_MAT(flip(in, FlipDirection::Both), grey({{6, 5, 4}, {3, 2, 1}}));
}

void TestOps::borderColours()
{
    BorderParams p;
    p.size = 2;
    p.color = cv::Scalar(0x30, 0x20, 0x10, 0xff); // #102030
    const cv::Mat bgr(1, 2, CV_8UC3, cv::Scalar(1, 2, 3));
    const cv::Mat out = border(bgr, p);
    QCOMPARE(out.size(), cv::Size(6, 5));
    QCOMPARE(out.at<cv::Vec3b>(0, 0), cv::Vec3b(0x30, 0x20, 0x10));
    QCOMPARE(out.at<cv::Vec3b>(2, 2), cv::Vec3b(1, 2, 3));
    QCOMPARE(out.at<cv::Vec3b>(2, 3), cv::Vec3b(1, 2, 3));
    QCOMPARE(out.at<cv::Vec3b>(2, 4), cv::Vec3b(0x30, 0x20, 0x10));

    const cv::Mat bgra(1, 2, CV_8UC4, cv::Scalar(1, 2, 3, 4));
    p.color[3] = 0x80; // #10203080
    const cv::Mat out4 = border(bgra, p);
    QCOMPARE(out4.at<cv::Vec4b>(4, 5), cv::Vec4b(0x30, 0x20, 0x10, 0x80));
    QCOMPARE(out4.at<cv::Vec4b>(2, 2), cv::Vec4b(1, 2, 3, 4));

    // A grey image with a grey border stays grey (a coloured one: colourDrawnOnAGreyImage).
    const cv::Mat g(1, 2, CV_8UC1, cv::Scalar(7));
    BorderParams greyBorder = p;
    greyBorder.color = cv::Scalar(0x30, 0x30, 0x30, 0xff);
    const cv::Mat out1 = border(g, greyBorder);
    QCOMPARE(out1.type(), CV_8UC1);
    QCOMPARE(int(out1.at<uchar>(0, 0)), 0x30);
    QCOMPARE(int(out1.at<uchar>(2, 3)), 7);

    p.size = 0;
    COMPARE_MAT(border(bgr, p), bgr);
}
