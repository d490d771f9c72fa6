// Progressive JPEGs at 1/8 from their DC scans alone (codecs/JpegDcOnly.h): the same pixels as
// libjpeg's own 1/8 decode of the whole file where a component is at full resolution, within 30 dB
// where chroma is subsampled; at other reduced scales, read only as far as the scale needs
// (codecs/JpegCodec.cpp); every file that is not regular goes the whole way as before; and the
// coefficients libjpeg keeps for a progressive file count against the pixel limit.
#include "ImageCodec.h"
#include "codecs/JpegDcOnly.h"
#include "PhotoFixtures.h"

#include <QtTest>
#include <csetjmp>
#include <cstdio>
#include <jpeglib.h>
#include <opencv2/imgproc.hpp>

using namespace pp;
using testphotos::Bytes;

namespace {

// Something like a photo: smooth light, fine texture and colour edges, the same on every run.
cv::Mat scene(int w, int h)
{
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double t = std::sin(x * 0.07) * std::cos(y * 0.05);
            m.at<cv::Vec3b>(y, x) = {uchar(90 + 60 * t + 40.0 * x / w), uchar(110 + 50 * std::sin((x + y) * 0.02)),
                                     uchar(150 - 70.0 * y / h + 30 * t)};
        }
    cv::RNG rng(14);
    cv::Mat noise(h, w, CV_8UC3);
    rng.fill(noise, cv::RNG::NORMAL, 0, 6);
    m += noise;
    cv::circle(m, {w / 3, h / 2}, std::min(w, h) / 4, cv::Scalar(30, 40, 200), -1);
    cv::rectangle(m, {w / 2, h / 5, w / 4, h / 3}, cv::Scalar(200, 160, 20), -1);
    return m;
}

enum class Colour { Ycc, Grey, Cmyk };

struct Options {
    Colour colour = Colour::Ycc;
    int hSamp = 1, vSamp = 1; // luma's sampling factors (chroma 1×1)
    int quality = 100;
    int restartRows = 0;
    std::vector<jpeg_scan_info> scans; // empty: libjpeg's standard progression
    bool progressive = true;
};

// A JPEG written by libjpeg itself, progressive unless told otherwise.
Bytes writeJpeg(const cv::Mat &bgr, const Options &o)
{
    cv::Mat pixels;
    if (o.colour == Colour::Grey) {
        cv::cvtColor(bgr, pixels, cv::COLOR_BGR2GRAY);
    } else if (o.colour == Colour::Cmyk) {
        pixels.create(bgr.size(), CV_8UC4); // Adobe's inverted CMYK: 255 is no ink
        for (int y = 0; y < bgr.rows; ++y)
            for (int x = 0; x < bgr.cols; ++x) {
                const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
                pixels.at<cv::Vec4b>(y, x) = {p[2], p[1], p[0], uchar(255 - (x * 40 / bgr.cols))};
            }
    } else {
        cv::cvtColor(bgr, pixels, cv::COLOR_BGR2RGB);
    }
    const J_COLOR_SPACE space = o.colour == Colour::Grey   ? JCS_GRAYSCALE
                                : o.colour == Colour::Cmyk ? JCS_CMYK
                                                           : JCS_RGB;
    return testphotos::libjpegCompress(pixels, space, [&](jpeg_compress_struct &c) {
        if (o.colour == Colour::Cmyk)
            jpeg_set_colorspace(&c, JCS_YCCK); // what Photoshop writes; libjpeg adds the Adobe marker
        jpeg_set_quality(&c, o.quality, TRUE);
        for (int i = 0; i < c.num_components; ++i) // luma as asked, the others (CMYK's K too) at 1×1
            c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
        c.comp_info[0].h_samp_factor = o.hSamp;
        c.comp_info[0].v_samp_factor = o.vSamp;
        c.restart_in_rows = o.restartRows;
        if (o.progressive)
            jpeg_simple_progression(&c);
        if (!o.scans.empty()) {
            c.scan_info = o.scans.data();
            c.num_scans = int(o.scans.size());
        }
    });
}

// libjpeg's own decode of every scan at m/8, as PixelPool decoded progressive files before: BGR,
// grey, or CMYK as libjpeg gives it.
// smoothing: libjpeg's block smoothing of a file whose scans leave coefficients out (its default).
cv::Mat libjpegAt(const Bytes &b, unsigned m, bool smoothing = true)
{
    struct Jpeg {
        jpeg_decompress_struct c;
        jpeg_error_mgr e;
    } j;
    j.c.err = jpeg_std_error(&j.e);
    jpeg_create_decompress(&j.c);
    jpeg_mem_src(&j.c, b.data(), static_cast<unsigned long>(b.size()));
    jpeg_read_header(&j.c, TRUE);
    j.c.scale_num = m;
    j.c.scale_denom = 8;
    j.c.do_block_smoothing = smoothing;
    const bool cmyk = j.c.jpeg_color_space == JCS_CMYK || j.c.jpeg_color_space == JCS_YCCK;
    j.c.out_color_space = cmyk ? JCS_CMYK : j.c.num_components == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
    jpeg_start_decompress(&j.c);
    cv::Mat out(int(j.c.output_height), int(j.c.output_width), CV_8UC(j.c.output_components));
    while (j.c.output_scanline < j.c.output_height) {
        JSAMPROW row = out.ptr<uint8_t>(int(j.c.output_scanline));
        jpeg_read_scanlines(&j.c, &row, 1);
    }
    jpeg_finish_decompress(&j.c);
    jpeg_destroy_decompress(&j.c);
    return out;
}

cv::Mat libjpegEighth(const Bytes &b) { return libjpegAt(b, 1); }

// A CMYK result as the pipeline gets it (BGR); libjpeg's CMYK through the same plain formula.
cv::Mat plainBgr(const cv::Mat &m)
{
    if (m.channels() != 4)
        return m;
    cv::Mat out(m.size(), CV_8UC3);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x) {
            const cv::Vec4b s = m.at<cv::Vec4b>(y, x);
            out.at<cv::Vec3b>(y, x) = {uchar((s[2] * s[3] + 127) / 255), uchar((s[1] * s[3] + 127) / 255),
                                       uchar((s[0] * s[3] + 127) / 255)};
        }
    return out;
}

DecodeResult decode(const Bytes &b, int scaleEighths, bool allowDamaged = false)
{
    const ImageInfo info = probeImage(b.data(), b.size());
    if (!info.error.isEmpty())
        qFatal("probe: %s", qPrintable(info.error));
    return decodeImage(b.data(), b.size(), info, scaleEighths, allowDamaged, true);
}

// A libjpeg-written progressive file cut into its header (up to the first scan's tables), each scan
// with the Huffman tables written before it, and EOI.
struct Scans {
    Bytes header, trailer;
    std::vector<Bytes> scans;
};
Scans splitScans(const Bytes &b)
{
    Scans s;
    size_t pos = 2, unit = 0;
    bool inHeader = true;
    while (pos + 4 <= b.size() && b[pos] == 0xFF) {
        const uint8_t m = b[pos + 1];
        if (m == 0xD9)
            break;
        if (inHeader && (m == 0xC4 || m == 0xDA)) {
            s.header.assign(b.begin(), b.begin() + long(pos));
            unit = pos;
            inHeader = false;
        }
        size_t end = pos + 2 + (size_t(b[pos + 2]) << 8 | b[pos + 3]);
        if (m == 0xDA) { // the entropy-coded data runs to the next marker that is not RSTn
            while (end + 1 < b.size() &&
                   !(b[end] == 0xFF && b[end + 1] != 0 && (b[end + 1] < 0xD0 || b[end + 1] > 0xD7)))
                ++end;
            s.scans.emplace_back(b.begin() + long(unit), b.begin() + long(end));
            unit = end;
        }
        pos = end;
    }
    s.trailer.assign(b.begin() + long(pos), b.end());
    return s;
}

jpeg_scan_info scan(std::initializer_list<int> comps, int ss, int se, int ah, int al)
{
    jpeg_scan_info s{};
    s.comps_in_scan = int(comps.size());
    int i = 0;
    for (const int c : comps)
        s.component_index[i++] = c;
    s.Ss = ss;
    s.Se = se;
    s.Ah = ah;
    s.Al = al;
    return s;
}

} // namespace

class TestJpegProgressive : public QObject
{
    Q_OBJECT

private slots:
    void dcScansGiveTheEighth_data()
    {
        QTest::addColumn<int>("colour");
        QTest::addColumn<int>("h");
        QTest::addColumn<int>("v");
        QTest::addColumn<int>("restartRows");
        QTest::addColumn<bool>("exact"); // every component at full resolution
        QTest::newRow("4:4:4") << int(Colour::Ycc) << 1 << 1 << 0 << true;
        QTest::newRow("4:2:0") << int(Colour::Ycc) << 2 << 2 << 0 << false;
        QTest::newRow("4:2:2") << int(Colour::Ycc) << 2 << 1 << 0 << false;
        QTest::newRow("grey") << int(Colour::Grey) << 1 << 1 << 0 << true;
        QTest::newRow("cmyk (adobe ycck)") << int(Colour::Cmyk) << 1 << 1 << 0 << true;
        QTest::newRow("4:2:0, restart markers") << int(Colour::Ycc) << 2 << 2 << 1 << false;
        QTest::newRow("4:4:4, restart markers") << int(Colour::Ycc) << 1 << 1 << 3 << true;
    }
    void dcScansGiveTheEighth()
    {
        QFETCH(int, colour);
        QFETCH(int, h);
        QFETCH(int, v);
        QFETCH(int, restartRows);
        QFETCH(bool, exact);
        const cv::Mat src = scene(1001, 667); // not a multiple of any MCU: edge blocks
        Options o;
        o.colour = Colour(colour);
        o.hSamp = h;
        o.vSamp = v;
        o.restartRows = restartRows;
        const Bytes file = writeJpeg(src, o);
        const DecodeResult d = decode(file, 1);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY(d.dcOnly);
        QVERIFY(d.warning.isEmpty());
        const cv::Mat whole = plainBgr(libjpegEighth(file));
        QCOMPARE(d.image.size(), cv::Size(126, 84));
        QCOMPARE(d.image.size(), whole.size());
        QCOMPARE(d.image.channels(), whole.channels());
        const double psnr = cv::PSNR(d.image, whole);
        qInfo("%s: %.2f dB against libjpeg's 1/8 of every scan", QTest::currentDataTag(), psnr);
        if (exact)
            QCOMPARE(cv::norm(d.image, whole, cv::NORM_INF), 0.0);
        else
            QVERIFY2(psnr >= 30.0, qPrintable(QString::number(psnr)));
        // The thumbnails made from it: the planner reads 1/8 only when that is at least twice the
        // output (PlanOptions::reducingGap), so half of it here. Against today's path (libjpeg's 1/8
        // of every scan) and against the full-size decode.
        const auto thumb = [](const cv::Mat &m) {
            cv::Mat t;
            cv::resize(m, t, {63, 42}, 0, 0, cv::INTER_AREA);
            return t;
        };
        const double today = cv::PSNR(thumb(d.image), thumb(whole));
        const DecodeResult full = decode(file, 8);
        QVERIFY(!full.dcOnly);
        const double fromFull = cv::PSNR(thumb(d.image), thumb(full.image));
        qInfo("%s: thumbnail %.2f dB against today's, %.2f dB against the full-size decode's", QTest::currentDataTag(),
              today, fromFull);
        QVERIFY2(today >= 30.0, qPrintable(QString::number(today)));
        QVERIFY2(fromFull >= 30.0, qPrintable(QString::number(fromFull)));
    }

    void otherScalesAndBaselineDecodeEveryScan()
    {
        const cv::Mat src = scene(320, 240);
        const Bytes progressive = writeJpeg(src, {});
        QVERIFY(decode(progressive, 1).dcOnly);
        for (int m = 2; m <= 8; ++m)
            QVERIFY(!decode(progressive, m).dcOnly);
        Options baseline;
        baseline.progressive = false;
        const DecodeResult b = decode(writeJpeg(src, baseline), 1);
        QVERIFY(!b.dcOnly);
        QCOMPARE(b.image.size(), cv::Size(40, 30));
    }

    void truncatedProgressiveFailsOrWarnsAsBefore_data()
    {
        QTest::addColumn<double>("kept");
        QTest::newRow("in the DC scans") << 0.02; // the DC scans are a few percent of the file
        QTest::newRow("in the AC scans") << 0.6;
        QTest::newRow("just before EOI") << 0.999;
    }
    void truncatedProgressiveFailsOrWarnsAsBefore()
    {
        QFETCH(double, kept);
        Bytes file = writeJpeg(scene(1000, 750), {});
        file.resize(size_t(double(file.size()) * kept));
        for (const int m : {1, 2}) { // the DC-only read, and libjpeg stopping after the scans 2/8 needs
            const DecodeResult strict = decode(file, m);
            QVERIFY(!strict.dcOnly && !strict.stoppedEarly);
            QVERIFY(strict.image.empty());
            QVERIFY(strict.corrupt);
            QVERIFY2(strict.error.startsWith("damaged JPEG"), qPrintable(strict.error));
            const DecodeResult lenient = decode(file, m, true);
            QVERIFY(!lenient.dcOnly && !lenient.stoppedEarly);
            QVERIFY(!lenient.image.empty());
            QVERIFY2(lenient.warning.startsWith("damaged JPEG, written as far as it decoded"),
                     qPrintable(lenient.warning));
        }
    }

    void irregularProgressionsGoTheWholeWay()
    {
        // libjpeg's encoder refuses such scripts, so the scans of a regular file are moved and left
        // out byte by byte. Its standard progression for colour: 0 DC of all components (the low bit
        // left for later), 1 Y AC 1-5, 2 Cr AC, 3 Cb AC, 4 Y AC 6-63, 5 Y AC refined, 6 DC refined,
        // 7-9 AC refined.
        const cv::Mat src = scene(200, 120);
        const Bytes file = writeJpeg(src, {});
        const Scans s = splitScans(file);
        QCOMPARE(s.scans.size(), size_t(10));
        const auto join = [&](std::initializer_list<int> order) {
            Bytes out = s.header;
            for (const int i : order)
                out.insert(out.end(), s.scans[size_t(i)].begin(), s.scans[size_t(i)].end());
            out.insert(out.end(), s.trailer.begin(), s.trailer.end());
            return out;
        };
        QVERIFY(decode(join({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), 1).dcOnly); // the split itself is faithful
        // AC before its component's DC, no DC at all, the DC refined before it starts: libjpeg's
        // progression warnings make all three damaged, at 1/8 as at any scale.
        // A refinement out of order after the scans 2/8 needs (the Cb AC refined twice) is an
        // error there too, though that scan would not be read.
        for (const Bytes &bad : {join({1, 0, 2, 3, 4, 5, 6, 7, 8, 9}), join({1, 2, 3, 4, 5, 7, 8, 9}),
                                 join({6, 0, 1, 2, 3, 4, 5, 7, 8, 9}), join({0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 9})}) {
            for (const int m : {1, 2}) {
                const DecodeResult d = decode(bad, m);
                QVERIFY(!d.dcOnly && !d.stoppedEarly);
                QVERIFY(d.image.empty());
                QVERIFY2(d.error.contains("Inconsistent progression"), qPrintable(d.error));
            }
        }
        // Without the DC refinement the file is regular (the last bit of DC is simply not sent).
        const Bytes unrefined = join({0, 1, 2, 3, 4, 5, 7, 8, 9});
        const DecodeResult d = decode(unrefined, 1);
        QVERIFY(d.dcOnly);
        QCOMPARE(cv::norm(d.image, libjpegEighth(unrefined), cv::NORM_INF), 0.0);

        // DC scans one component at a time, refined later: regular, read DC-only, and exact.
        Options separate;
        separate.scans = {scan({0}, 0, 0, 0, 1),  scan({1}, 0, 0, 0, 1),   scan({2}, 0, 0, 0, 1),
                          scan({0}, 1, 63, 0, 0), scan({0}, 0, 0, 1, 0),   scan({1}, 1, 63, 0, 0),
                          scan({2}, 1, 63, 0, 0), scan({1, 2}, 0, 0, 1, 0)};
        const Bytes one = writeJpeg(src, separate);
        const DecodeResult e = decode(one, 1);
        QVERIFY2(e.dcOnly, qPrintable(e.error));
        QCOMPARE(cv::norm(e.image, libjpegEighth(one), cv::NORM_INF), 0.0);
    }

    void reducedScalesReadTheScansTheyNeed_data()
    {
        QTest::addColumn<int>("m");
        QTest::addColumn<int>("hSamp");
        QTest::addColumn<int>("scansRead"); // of libjpeg's standard progression's 10
        // 2/8 (thumbnails): the DC, luma's AC 1-5 and chroma's first passes; 6/8 (web): luma's
        // AC 6-63 too. The refinements, where most of the bits are, stay unread.
        QTest::newRow("2/8 4:4:4") << 2 << 1 << 4;
        QTest::newRow("2/8 4:2:0") << 2 << 2 << 4;
        QTest::newRow("6/8 4:4:4") << 6 << 1 << 5;
        QTest::newRow("6/8 4:2:0") << 6 << 2 << 5;
    }
    void reducedScalesReadTheScansTheyNeed()
    {
        QFETCH(int, m);
        QFETCH(int, hSamp);
        QFETCH(int, scansRead);
        Options o;
        o.hSamp = o.vSamp = hSamp;
        const Bytes file = writeJpeg(scene(1001, 667), o);
        const DecodeResult d = decode(file, m);
        QVERIFY2(d.error.isEmpty() && d.warning.isEmpty(), qPrintable(d.error + d.warning));
        QVERIFY(d.stoppedEarly);
        const cv::Mat whole = libjpegAt(file, unsigned(m));
        QCOMPARE(d.image.size(), whole.size());
        // What the planner makes of it: an area resize to at most half (PlanOptions::reducingGap).
        const auto half = [](const cv::Mat &i) {
            cv::Mat t;
            cv::resize(i, t, {i.cols / 2, i.rows / 2}, 0, 0, cv::INTER_AREA);
            return t;
        };
        const double psnr = cv::PSNR(half(d.image), half(whole));
        qInfo("%s: %.2f dB against every scan", QTest::currentDataTag(), psnr);
        QVERIFY2(psnr >= 40.0, qPrintable(QString::number(psnr)));
        // Exactly the pixels of the scans read: libjpeg's own decode of the file without the others
        // (without the smoothing it applies to a file that never sends some coefficients).
        const Scans s = splitScans(file);
        QCOMPARE(s.scans.size(), size_t(10));
        Bytes first = s.header;
        for (int i = 0; i < scansRead; ++i)
            first.insert(first.end(), s.scans[size_t(i)].begin(), s.scans[size_t(i)].end());
        first.insert(first.end(), s.trailer.begin(), s.trailer.end());
        QCOMPARE(cv::norm(d.image, libjpegAt(first, unsigned(m), false), cv::NORM_INF), 0.0);
        Bytes fewer = s.header; // one scan less is not enough
        for (int i = 0; i < scansRead - 1; ++i)
            fewer.insert(fewer.end(), s.scans[size_t(i)].begin(), s.scans[size_t(i)].end());
        fewer.insert(fewer.end(), s.trailer.begin(), s.trailer.end());
        QVERIFY(!decode(fewer, m).stoppedEarly);
        // Full size reads every scan; so does a baseline file at any scale.
        QVERIFY(!decode(file, 8).stoppedEarly);
        Options baseline = o;
        baseline.progressive = false;
        QVERIFY(!decode(writeJpeg(scene(1001, 667), baseline), m).stoppedEarly);
    }

    void scansInAnotherOrder()
    {
        const cv::Mat src = scene(800, 600);
        // Spectral selection only, as Photoshop writes: 2/8 needs luma's AC 1-5, not 6-63.
        Options bands;
        bands.scans = {scan({0, 1, 2}, 0, 0, 0, 0), scan({0}, 1, 5, 0, 0), scan({1}, 1, 63, 0, 0),
                       scan({2}, 1, 63, 0, 0), scan({0}, 6, 63, 0, 0)};
        const Bytes b = writeJpeg(src, bands);
        const DecodeResult d = decode(b, 2);
        QVERIFY2(d.stoppedEarly, qPrintable(d.error));
        const double psnr = cv::PSNR(d.image, libjpegAt(b, 2));
        qInfo("bands: %.2f dB against every scan at 2/8", psnr);
        QVERIFY2(psnr >= 40.0, qPrintable(QString::number(psnr)));
        // Luma's AC last and whole: nothing to leave out, and the pixels are libjpeg's own.
        Options late;
        late.scans = {scan({0, 1, 2}, 0, 0, 0, 0), scan({1}, 1, 63, 0, 0), scan({2}, 1, 63, 0, 0),
                      scan({0}, 1, 63, 0, 0)};
        const Bytes l = writeJpeg(src, late);
        const DecodeResult e = decode(l, 2);
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QVERIFY(!e.stoppedEarly);
        QCOMPARE(cv::norm(e.image, libjpegAt(l, 2), cv::NORM_INF), 0.0);
    }

    void damageInTheScansReadOrLeftOut()
    {
        const Bytes file = writeJpeg(scene(1000, 750), {});
        const Scans s = splitScans(file);
        // Random bytes (no 0xFF) over the middle of one scan's entropy-coded data.
        const auto damaged = [&](size_t which) {
            Bytes out = s.header;
            for (size_t i = 0; i < s.scans.size(); ++i) {
                Bytes scanBytes = s.scans[i];
                if (i == which) {
                    cv::RNG rng(7);
                    for (size_t k = scanBytes.size() / 3; k < scanBytes.size() / 2; ++k)
                        scanBytes[k] = uint8_t(rng.uniform(0, 255));
                }
                out.insert(out.end(), scanBytes.begin(), scanBytes.end());
            }
            out.insert(out.end(), s.trailer.begin(), s.trailer.end());
            return out;
        };
        // In luma's AC 1-5, which 2/8 reads: damaged, as at full size.
        const Bytes early = damaged(1);
        for (const int m : {2, 8}) {
            const DecodeResult d = decode(early, m);
            QVERIFY(d.image.empty());
            QVERIFY2(d.error.startsWith("damaged JPEG"), qPrintable(d.error));
        }
        // In the last refinement, which 2/8 leaves unread: unseen there (docs/formats.md), as the
        // DC-only read does not see damage in the AC scans; full size still fails it.
        const Bytes late = damaged(9);
        const DecodeResult small = decode(late, 2);
        QVERIFY2(small.stoppedEarly && small.error.isEmpty() && small.warning.isEmpty(), qPrintable(small.error));
        const DecodeResult full = decode(late, 8);
        QVERIFY(full.image.empty());
        QVERIFY2(full.error.startsWith("damaged JPEG"), qPrintable(full.error));
    }

    // A scan is a pass over every coefficient of the image: a legal file of hundreds of
    // one-coefficient scans took 39 s at 14000×14000. Up to 256 (kMaxJpegScans) decode, at every scale and
    // through every path (DC-only, stopped early, whole); more are refused with the reason, counted
    // before decoding, or, when damage hides them from the count, at the first scan past the limit.
    void scansBeyondTheLimitAreRefused_data()
    {
        QTest::addColumn<int>("firstBit"); // each AC coefficient in scans from this bit down to 0
        QTest::addColumn<int>("scans");
        QTest::addColumn<bool>("hidden"); // a stray byte before the tenth scan ends the count there
        QTest::newRow("253 scans") << 3 << 1 + 63 * 4 << false;
        QTest::newRow("379 scans") << 5 << 1 + 63 * 6 << false;
        QTest::newRow("379 scans, 370 hidden from the count") << 5 << 1 + 63 * 6 << true;
    }
    void scansBeyondTheLimitAreRefused()
    {
        QFETCH(int, firstBit);
        QFETCH(int, scans);
        QFETCH(bool, hidden);
        Options o;
        o.colour = Colour::Grey;
        o.scans = {scan({0}, 0, 0, 0, 0)};
        for (int k = 1; k < 64; ++k) {
            o.scans.push_back(scan({0}, k, k, 0, firstBit));
            for (int bit = firstBit; bit > 0; --bit)
                o.scans.push_back(scan({0}, k, k, bit, bit - 1));
        }
        QCOMPARE(int(o.scans.size()), scans);
        Bytes b = writeJpeg(scene(96, 64), o);
        if (hidden) { // libjpeg skips it with a warning and reads on; the count stops there
            const uint8_t sos[] = {0xFF, 0xDA};
            auto at = b.begin();
            for (int i = 0; i < 10; ++i)
                at = std::search(at + (i ? 1 : 0), b.end(), sos, sos + 2);
            QVERIFY(at != b.end());
            b.insert(at, 0x00);
        }
        for (const int eighths : {8, 4, 2, 1}) {
            const DecodeResult d = decode(b, eighths);
            if (scans <= 256) {
                QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
                QCOMPARE(d.image.size(), cv::Size(96 * eighths / 8, 64 * eighths / 8));
                if (eighths == 8)
                    QCOMPARE(cv::norm(d.image, libjpegAt(b, 8), cv::NORM_INF), 0.0);
            } else {
                QVERIFY(d.image.empty());
                QCOMPARE(d.error, QStringLiteral("JPEG of more than 256 scans (progressive photos have about ten): "
                                                 "refused, as each scan is a pass over the whole image"));
                QVERIFY(!d.corrupt);
            }
        }
    }

    // Scans times megapixels are bounded too: every scan's pass is over the whole picture, also at
    // a reduced scale (an arithmetic-coded 14000×14000 file of 256 scans took 30 s for a
    // thumbnail). 64 scans are allowed for a photo of 64 megapixels, not for one of 65.
    void scansTimesMegapixelsAreBounded()
    {
        Options o;
        o.colour = Colour::Grey;
        o.quality = 10;
        o.scans = {scan({0}, 0, 0, 0, 0)};
        for (int k = 1; k < 64; ++k)
            o.scans.push_back(scan({0}, k, k, 0, 0));
        Bytes b = writeJpeg(scene(64, 48), o);
        // Its frame header made to say 8064×8064 (65.0 MP): the refusal comes before any decoding.
        const uint8_t sof2[] = {0xFF, 0xC2};
        const auto sof = std::search(b.begin(), b.end(), sof2, sof2 + 2);
        QVERIFY(sof != b.end());
        for (const size_t at : {size_t(5), size_t(7)}) { // height, width
            sof[ptrdiff_t(at)] = 8064 >> 8;
            sof[ptrdiff_t(at + 1)] = 8064 & 0xff;
        }
        for (const int eighths : {8, 1}) {
            const DecodeResult d = decode(b, eighths);
            QVERIFY(d.image.empty());
            QCOMPARE(d.error, QStringLiteral("JPEG of 64 scans over 8064×8064 pixels: refused, as each scan is a pass "
                                             "over the whole image (at most 4096 scans times megapixels; progressive "
                                             "photos have about ten scans)"));
            QVERIFY(!d.corrupt);
        }
        QCOMPARE(codecs::jpegScanCount(b.data(), b.size()), 64);
        QVERIFY(64 * 8000.0 * 8000 / 1e6 <= codecs::kMaxJpegScanMegapixels); // 8000×8000 would be allowed
    }

    // The count before decoding (jpegScanCount) walks the segments as the DC-only read does, the
    // same walk: fill bytes before a marker are skipped, a scan cut short still counts, stray bytes
    // before a marker and a length under 2 are read past as libjpeg reads past them (JpegMarkers.h;
    // the count ended there, short of the scans libjpeg reads), and the first thing out of place
    // ends the count (libjpeg may read on; it is stopped at scan 257).
    void scansAreCountedByTheirMarkers_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<int>("counted");
        QTest::newRow("as written") << "" << 10;
        QTest::newRow("fill bytes before every marker") << "fill" << 10;
        QTest::newRow("cut in the last scan's data") << "cut" << 10;
        QTest::newRow("EOI before the fourth scan") << "eoi" << 3;
        QTest::newRow("a stray byte before the fourth scan") << "stray" << 10;
        QTest::newRow("a restart marker before the fourth scan") << "restart" << 3;
        QTest::newRow("a comment whose length is 1, before the fourth scan") << "length" << 10;
        QTest::newRow("a segment past the end, before the fourth scan") << "long" << 3;
    }
    void scansAreCountedByTheirMarkers()
    {
        QFETCH(QString, edit);
        QFETCH(int, counted);
        Bytes b = writeJpeg(scene(64, 48), {}); // libjpeg's standard progression: 10 scans
        std::vector<size_t> sos;                // where each scan's SOS marker is
        for (size_t i = 0; i + 1 < b.size(); ++i)
            if (b[i] == 0xFF && b[i + 1] == 0xDA)
                sos.push_back(i);
        QCOMPARE(int(sos.size()), 10);
        const auto at = b.begin() + std::ptrdiff_t(sos[3]);
        if (edit == "fill") {
            for (size_t i = b.size() - 2; i >= 2; --i) // every marker: 0xFF before a byte that is not 0x00
                if (b[i] == 0xFF && b[i + 1] != 0x00 && (b[i + 1] < 0xD0 || b[i + 1] > 0xD7))
                    b.insert(b.begin() + std::ptrdiff_t(i), {0xFF, 0xFF});
        } else if (edit == "cut") {
            b.resize(sos[9] + (b.size() - sos[9]) / 2);
        } else if (edit == "eoi") {
            b.insert(at, {0xFF, 0xD9});
        } else if (edit == "stray") {
            b.insert(at, 0x00);
        } else if (edit == "restart") {
            b.insert(at, {0xFF, 0xD0});
        } else if (edit == "length") {
            b.insert(at, {0xFF, 0xFE, 0x00, 0x01});
        } else if (edit == "long") {
            b.insert(at, {0xFF, 0xFE, 0xFF, 0xF0});
        }
        QCOMPARE(codecs::jpegScanCount(b.data(), b.size()), counted);
    }

    void coefficientsCountAgainstThePixelLimit()
    {
        // 5000×4000 at 4:4:4: 20 megapixels, 120 MB of coefficients when progressive.
        const cv::Mat src = scene(64, 48);
        Bytes progressive = writeJpeg(src, {});
        Options baselineOptions;
        baselineOptions.progressive = false;
        Bytes baseline = writeJpeg(src, baselineOptions);
        const auto claim = [](Bytes &b, int w, int h) {
            for (size_t i = 2; i + 9 < b.size(); ++i)
                if (b[i] == 0xFF && (b[i + 1] == 0xC0 || b[i + 1] == 0xC2)) {
                    b[i + 5] = uint8_t(h >> 8), b[i + 6] = uint8_t(h), b[i + 7] = uint8_t(w >> 8),
                          b[i + 8] = uint8_t(w);
                    return;
                }
            QFAIL("no frame header");
        };
        claim(progressive, 5000, 4000);
        claim(baseline, 5000, 4000);
        const ImageInfo p = probeImage(progressive.data(), progressive.size());
        const ImageInfo b = probeImage(baseline.data(), baseline.size());
        QCOMPARE(p.coefficientBytes, qint64(625) * 500 * 3 * 128);
        QCOMPARE(b.coefficientBytes, qint64(0));
        // 25 megapixels: the pixels fit, the progressive file's coefficients (120 MB > 100 MB) do not.
        QVERIFY(overPixelLimit(b, 25'000'000).isEmpty());
        const QString why = overPixelLimit(p, 25'000'000);
        QVERIFY2(why.contains("120.0 MB of DCT coefficients, over the limit of 100.0 MB"), qPrintable(why));
        QVERIFY(overPixelLimit(p, 30'000'000).isEmpty());

        // Within the limit, libjpeg may take what the probe counted and no more: the same header
        // with a smaller count refuses to allocate.
        const DecodeResult within = decodeImage(progressive.data(), progressive.size(), p, 8, true);
        QVERIFY2(!within.image.empty(), qPrintable(within.error)); // a bomb of zeros, with a warning
        QVERIFY(!within.warning.isEmpty());
        ImageInfo understated = p;
        understated.coefficientBytes = 1 << 20;
        const DecodeResult refused = decodeImage(progressive.data(), progressive.size(), understated, 8, true);
        QVERIFY(refused.image.empty());
        QVERIFY(!refused.error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestJpegProgressive)
#include "tst_jpeg_progressive.moc"
