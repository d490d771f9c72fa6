// Camera RAW through LibRaw. PixelPool has no real camera files, so DNGs are made from a sample
// photo (tests/common/TestDng.h: a camera with sRGB's primaries, Bayer RGGB) and what LibRaw
// develops is compared with the picture that "camera" saw.
#include "ColourManagement.h"
#include "CompiledStep.h"
#include "ImageCodec.h"
#include "InputScanner.h"
#include "JobExecutor.h"
#include "Metadata.h"
#include "Operations.h"
#include "PhotoFixtures.h"
#include "Pipeline.h"
#include "TestDng.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <dlfcn.h>
#include <exiv2/exiv2.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace pp;
using Bytes = std::vector<uint8_t>;
using testphotos::betweenEightBitLevels;

namespace {

// Patches the checks look at. The white one covers more than 1 % of the picture, so LibRaw's
// auto-brightness (the brightest 1 % become white) leaves the exposure as the camera made it.
const cv::Rect kWhite(0, 0, 60, 60), kRed(60, 0, 60, 60), kGrey(120, 0, 60, 60);

// What the camera saw: the kite sample at 600×400 with the patches.
cv::Mat scene(cv::Size size = {600, 400}, const char *sample = "kite.jpg", bool patches = true)
{
    cv::Mat s = cv::imread(QStringLiteral(PIXELPOOL_SAMPLES "/%1").arg(sample).toStdString());
    cv::resize(s, s, size, 0, 0, cv::INTER_AREA);
    if (!patches)
        return s;
    s(kWhite).setTo(cv::Scalar(255, 255, 255));
    s(kRed).setTo(cv::Scalar(30, 30, 200)); // BGR
    s(kGrey).setTo(cv::Scalar(128, 128, 128));
    return s;
}

Bytes dng(test::DngSpec spec)
{
    if (spec.bgr.empty())
        spec.bgr = scene();
    std::string error;
    Bytes b = test::makeDng(spec, &error);
    if (b.empty())
        qFatal("makeDng: %s", error.c_str());
    return b;
}

DecodeResult decodeAsIs(const Bytes &b, int scale = 8, bool allowDamaged = false, bool withMetadata = false,
                        int previewEighths = 0)
{
    const ImageInfo info = probeImage(b.data(), b.size());
    return decodeImage(b.data(), b.size(), info, scale, allowDamaged, withMetadata, previewEighths);
}

// The same, on the 8-bit scale the scenes and tolerances here are written in (a development is
// 16-bit: developedAtSixteenBits checks that).
DecodeResult decode(const Bytes &b, int scale = 8, bool allowDamaged = false, bool withMetadata = false,
                    int previewEighths = 0)
{
    DecodeResult d = decodeAsIs(b, scale, allowDamaged, withMetadata, previewEighths);
    if (d.image.depth() == CV_16U)
        d.image.convertTo(d.image, CV_8U, 1.0 / 257);
    return d;
}

// The mean colour inside a patch, away from its edges (where demosaicing mixes neighbours).
cv::Scalar patch(const cv::Mat &m, cv::Rect r) { return cv::mean(m(r - cv::Point(-8, -8) - cv::Size(16, 16))); }

bool near(const cv::Scalar &a, const cv::Scalar &b, double tolerance)
{
    for (int c = 0; c < 3; ++c)
        if (std::abs(a[c] - b[c]) > tolerance)
            return false;
    return true;
}

QVector<CompiledStep> resizeTo(int side)
{
    QString error;
    const auto steps = compileSteps(
        {QJsonObject{{"op", "resize"}, {"mode", "fit"}, {"width", side}, {"height", side}, {"filter", "area"}}},
        &error);
    if (!steps)
        qFatal("%s", qPrintable(error));
    return *steps;
}

} // namespace

class TestRaw : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    // One job through the worker's executor: the output file's bytes, and what it reported.
    struct Run {
        JobOutcome outcome;
        Bytes output;
    };
    Run run(const Bytes &input, const QString &stepsJson, const QString &raw, const QString &format = "png",
            quint64 maxPixels = 200'000'000)
    {
        const QString in = m_dir.filePath("in.dng"), out = m_dir.filePath("out.part");
        QFile f(in);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            f.write(reinterpret_cast<const char *>(input.data()), qint64(input.size())) != qint64(input.size()))
            qFatal("cannot write %s", qPrintable(in));
        f.close();
        JobExecutor executor(maxPixels);
        QString error;
        const QString preset = QStringLiteral(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":%1,
            "input":{"raw":"%2"},"output":{"format":"%3"}})")
                                   .arg(stepsJson, raw, format);
        if (!executor.definePreset(1, preset.toUtf8(), &error))
            qFatal("%s", qPrintable(error));
        proto::Job job;
        job.jobId = 1;
        job.presetId = 1;
        job.inputPath = QFile::encodeName(in);
        job.tempPath = QFile::encodeName(out);
        job.flags = proto::WantsFacts;
        Run r{executor.run(job, nullptr, 0, {}), {}};
        QFile o(out);
        if (r.outcome.ok && o.open(QIODevice::ReadOnly)) {
            const QByteArray b = o.readAll();
            r.output.assign(b.begin(), b.end());
        }
        QFile::remove(out);
        return r;
    }

    static cv::Mat pixels(const Bytes &encoded) { return cv::imdecode(encoded, cv::IMREAD_COLOR); }

    // Which picture an output shows: the scene (developed) or its negative (the preview's).
    static bool showsNegative(const cv::Mat &out, const cv::Mat &scene)
    {
        cv::Mat s, negative;
        cv::resize(scene, s, out.size(), 0, 0, cv::INTER_AREA);
        cv::bitwise_not(s, negative);
        return cv::norm(out, negative, cv::NORM_L1) < cv::norm(out, s, cv::NORM_L1);
    }

private slots:
    void probeReadsTheUprightDevelopedSize()
    {
        const Bytes plain = dng({});
        ImageInfo info = probeImage(plain.data(), plain.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.format, ImageFormat::Raw);
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(600, 400));
        QVERIFY(info.preview.empty());
        // Turned by its Orientation 6; the preview in IFD0 (DNG's usual layout), or in a SubIFD.
        for (const bool rawInSubIfd : {true, false}) {
            test::DngSpec spec;
            spec.orientation = 6;
            spec.previewSize = {300, 200};
            spec.rawInSubIfd = rawInSubIfd;
            const Bytes turned = dng(spec);
            info = probeImage(turned.data(), turned.size());
            QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
            QCOMPARE(cv::Size(info.width, info.height), cv::Size(400, 600));
            QCOMPARE(info.exifOrientation, 1); // LibRaw turns it; nothing may turn it again
            QCOMPARE(info.preview, cv::Size(200, 300));
        }
        // A preview of another picture (another aspect, or larger than the RAW) is never offered.
        for (const cv::Size other : {cv::Size(300, 150), cv::Size(900, 600)}) {
            test::DngSpec spec;
            spec.previewSize = other;
            const Bytes b = dng(spec);
            info = probeImage(b.data(), b.size());
            QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
            QVERIFY(info.preview.empty());
        }
    }

    void ordinaryTiffsKeepTheTiffDecoder()
    {
        Bytes tiff;
        QString error;
        QVERIFY(encodeImage(scene(), {OutputFormat::Tiff}, &tiff, &error));
        const ImageInfo info = probeImage(tiff.data(), tiff.size());
        QCOMPARE(info.format, ImageFormat::Tiff);
        QVERIFY(info.error.isEmpty());
    }

    void developsWhatTheCameraSaw()
    {
        const DecodeResult d = decode(dng({}));
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.size(), cv::Size(600, 400));
        QVERIFY(d.warning.isEmpty());
        // Demosaicing (AHD) loses some detail at edges: 40.1 dB measured on this picture.
        const double psnr = cv::PSNR(d.image, scene());
        qInfo("developed vs the scene: %.2f dB", psnr);
        QVERIFY2(psnr >= 38, qPrintable(QString::number(psnr)));
        QVERIFY(near(patch(d.image, kRed), {30, 30, 200}, 6)); // the red patch stays red
        QVERIFY(near(patch(d.image, kWhite), {255, 255, 255}, 3));
        // Workers are one a core: LibRaw's OpenMP regions ran on this thread alone.
        const auto maxThreads = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "omp_get_max_threads"));
        QVERIFY(maxThreads);
        QCOMPARE(maxThreads(), 1);
    }

    void developedAtSixteenBits()
    {
        // The development's 16 bits reach the pipeline: smooth gradients, not 8-bit steps widened.
        const DecodeResult d = decodeAsIs(dng({}));
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.type(), CV_16UC3);
        QVERIFY2(betweenEightBitLevels(d.image) > d.image.total(), "only multiples of 257");
        // And out of the worker into a 16-bit TIFF.
        const Run r = run(dng({}), "[]", "develop", "tiff");
        QVERIFY2(r.outcome.ok, qPrintable(r.outcome.failed.message));
        const cv::Mat tiff = cv::imdecode(r.output, cv::IMREAD_UNCHANGED);
        QCOMPARE(tiff.type(), CV_16UC3);
        QCOMPARE(cv::norm(tiff, d.image, cv::NORM_INF), 0.0);
        // The preview (a JPEG) stays 8-bit.
        test::DngSpec spec;
        spec.previewSize = {600, 400};
        spec.previewBgr = scene();
        QCOMPARE(decodeAsIs(dng(spec), 8, false, false, 8).image.depth(), CV_8U);
    }

    void whiteBalanceIsTheCamerasAsShotNeutral_data()
    {
        QTest::addColumn<double>("red");
        QTest::addColumn<double>("blue");
        QTest::newRow("daylight-like") << 0.5 << 0.7;
        QTest::newRow("tungsten-like") << 0.9 << 0.35;
    }
    void whiteBalanceIsTheCamerasAsShotNeutral()
    {
        // The raw channels differ by these factors; grey must come out grey all the same.
        QFETCH(double, red);
        QFETCH(double, blue);
        test::DngSpec spec;
        spec.neutral[0] = red;
        spec.neutral[2] = blue;
        const DecodeResult d = decode(dng(spec));
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        const cv::Scalar grey = patch(d.image, kGrey);
        QVERIFY2(near(grey, {128, 128, 128}, 4),
                 qPrintable(QStringLiteral("%1 %2 %3").arg(grey[0]).arg(grey[1]).arg(grey[2])));
        QVERIFY(cv::PSNR(d.image, scene()) >= 38);
    }

    void orientationIsAppliedOnce_data()
    {
        QTest::addColumn<int>("orientation");
        for (int o = 1; o <= 8; ++o)
            QTest::newRow(qPrintable(QString::number(o))) << o;
    }
    void orientationIsAppliedOnce()
    {
        QFETCH(int, orientation);
        const DecodeResult upright = decode(dng({}));
        test::DngSpec spec;
        spec.orientation = orientation;
        const Bytes b = dng(spec);
        const ImageInfo info = probeImage(b.data(), b.size());
        QCOMPARE(info.exifOrientation, 1);
        const DecodeResult d = decode(b);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        // What EXIF Orientation `orientation` asks viewers to do, done once by LibRaw.
        const cv::Mat expected = ops::applyExifOrientation(upright.image, orientation);
        QCOMPARE(d.image.size(), expected.size());
        QCOMPARE(cv::Size(info.width, info.height), expected.size());
        QCOMPARE(cv::norm(d.image, expected, cv::NORM_INF), 0.0);
    }

    void halfSizeOnlyForThumbnails()
    {
        // Half size (one pixel per 2×2 filter block) is LibRaw's fast path.
        const DecodeResult half = decode(dng({}), 4);
        QVERIFY2(!half.image.empty(), qPrintable(half.error));
        QCOMPARE(half.image.size(), cv::Size(300, 200));
        // The executor lets the planner take it only for outputs of at most 1/16 of the sensor…
        PlanOptions raw;
        raw.canScaleDecode = raw.halfOnly = true;
        raw.reducingGap = 8.0;
        QCOMPARE(planPipeline(resizeTo(160), {2560, 1600}, 1, raw).scaleEighths, 4);
        QCOMPARE(planPipeline(resizeTo(161), {2560, 1600}, 1, raw).scaleEighths, 8);
        QCOMPARE(planPipeline(resizeTo(1280), {2560, 1600}, 1, raw).scaleEighths, 8);
        // …where it stays within 40 dB of the full develop, also on the sample where it differs
        // most (a dark, detailed scene; its exposure here is the development's own choice).
        test::DngSpec spec;
        spec.bgr = scene({2560, 1600}, "path.jpg", false);
        const Bytes b = dng(spec);
        cv::Mat full, fast;
        cv::resize(decode(b, 8).image, full, {160, 100}, 0, 0, cv::INTER_AREA);
        cv::resize(decode(b, 4).image, fast, {160, 100}, 0, 0, cv::INTER_AREA);
        const double psnr = cv::PSNR(full, fast);
        qInfo("half size vs full develop at 1/16: %.2f dB", psnr);
        QVERIFY2(psnr >= 40, qPrintable(QString::number(psnr)));
    }

    void previewOnlyWhenItIsLargeEnough_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("steps");
        QTest::addColumn<cv::Size>("size");
        QTest::addColumn<bool>("preview");
        const auto fit = [](int side) {
            return QStringLiteral(R"([{"op":"autoOrient"},{"op":"resize","mode":"fit","width":%1,"height":%1}])")
                .arg(side);
        };
        QTest::newRow("preview, small output") << "preview" << fit(150) << cv::Size(100, 150) << true;
        QTest::newRow("preview, as large as it") << "preview" << fit(300) << cv::Size(200, 300) << true;
        QTest::newRow("preview, larger output") << "preview" << fit(450) << cv::Size(300, 450) << false;
        QTest::newRow("preview, no resize") << "preview"
                                            << "[]" << cv::Size(400, 600) << false;
        QTest::newRow("develop, small output") << "develop" << fit(150) << cv::Size(100, 150) << false;
    }
    void previewOnlyWhenItIsLargeEnough()
    {
        QFETCH(QString, raw);
        QFETCH(QString, steps);
        QFETCH(cv::Size, size);
        QFETCH(bool, preview);
        // The preview shows the negative, so the output says which one was used; both are turned
        // by the DNG's Orientation 6.
        test::DngSpec spec;
        spec.orientation = 6;
        spec.previewSize = {300, 200};
        cv::bitwise_not(scene(), spec.previewBgr);
        const Run r = run(dng(spec), steps, raw);
        QVERIFY2(r.outcome.ok, qPrintable(r.outcome.failed.message));
        const cv::Mat out = pixels(r.output);
        QCOMPARE(out.size(), size);
        QCOMPARE(showsNegative(out, ops::applyExifOrientation(scene(), 6)), preview);
    }

    void damagedPreviewFallsBackToDeveloping()
    {
        test::DngSpec spec;
        spec.previewSize = {300, 200};
        cv::bitwise_not(scene(), spec.previewBgr);
        Bytes b = dng(spec);
        const uint8_t soiMarker[] = {0xFF, 0xD8, 0xFF}; // 14-bit sensor data never holds these bytes
        const auto soi = std::search(b.begin(), b.end(), std::begin(soiMarker), std::end(soiMarker));
        QVERIFY(soi != b.end() && b.end() - soi > 4000);
        std::fill(soi + 1500, soi + 4000, uint8_t(0x55)); // its entropy-coded data
        const DecodeResult d = decode(b, 8, false, false, 8);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.size(), cv::Size(600, 400)); // developed
        QVERIFY(!showsNegative(d.image, scene()));
    }

    void truncatedDngFailsWithAReason()
    {
        test::DngSpec spec;
        spec.directoryFirst = true; // as a camera writes it: cut short, the directory is still there
        const Bytes whole = dng(spec);
        const Bytes cut(whole.begin(), whole.begin() + qsizetype(whole.size() * 6 / 10));
        const ImageInfo info = probeImage(cut.data(), cut.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error)); // the directories are all there
        for (const bool allowDamaged : {false, true}) {
            const DecodeResult d = decodeImage(cut.data(), cut.size(), info, 8, allowDamaged);
            QVERIFY(d.image.empty());
            QVERIFY(d.corrupt);
            QVERIFY2(d.error.contains("damaged camera RAW (PixelPool Test Camera 1): the sensor data ends early"),
                     qPrintable(d.error));
        }
    }

    // Writes the `n`-byte number `v` at `at` in the file's byte order.
    static void putNumber(Bytes &b, size_t at, uint32_t v, int n)
    {
        const bool le = b[0] == 'I';
        for (int i = 0; i < n; ++i)
            b[at + size_t(i)] = uint8_t(le ? v >> (8 * i) : v >> (8 * (n - 1 - i)));
    }

    // The entry of the CFAPattern (BYTE ×4, inline) of a DNG made by makeDng(), in IFD0 or a SubIFD.
    static size_t cfaPatternEntry(const Bytes &b)
    {
        const bool le = b[0] == 'I';
        auto u16 = [&](size_t at) { return le ? b[at] | b[at + 1] << 8 : b[at] << 8 | b[at + 1]; };
        auto u32 = [&](size_t at) {
            return le ? uint32_t(u16(at)) | uint32_t(u16(at + 2)) << 16 : uint32_t(u16(at)) << 16 | u16(at + 2);
        };
        std::vector<size_t> ifds{u32(4)};
        for (size_t k = 0; k < ifds.size(); ++k)
            for (size_t i = 0, n = u16(ifds[k]); i < n; ++i) {
                const size_t e = ifds[k] + 2 + i * 12;
                if (u16(e) == 330)
                    ifds.push_back(u32(e + 4) == 1 ? u32(e + 8) : u32(u32(e + 8)));
                if (u16(e) == 33422 && u32(e + 4) == 4)
                    return e;
            }
        return 0;
    }

    // A CFA of four colours with a colour matrix for three: LibRaw 0.20 would develop it with rows
    // of the matrix it never read (uninitialised memory, other colours on every run). Refused.
    void fourColourCfaWithAThreeColourMatrixIsRefused()
    {
        Bytes b = dng({});
        const size_t e = cfaPatternEntry(b);
        QVERIFY(e);
        QCOMPARE(int(b[e + 8 + 2]), 1); // R G G B → R G E B
        b[e + 8 + 2] = 3;
        const ImageInfo info = probeImage(b.data(), b.size());
        QCOMPARE(info.format, ImageFormat::Raw);
        QCOMPARE(info.error, QStringLiteral("damaged DNG: its colour matrix has 9 values for a sensor of 4 colours"));
    }

    // A CFA pattern said to be past the end of the file: LibRaw 0.20 would count the sensor's
    // colours from a stack array its fread never filled (other colours on every run). Refused,
    // whatever type the tag claims (LibRaw reads the pattern as bytes).
    void cfaPatternOutsideTheFileIsRefused_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("BYTE") << 1;
        QTest::newRow("no such type (316)") << 316;
    }
    void cfaPatternOutsideTheFileIsRefused()
    {
        QFETCH(int, type);
        Bytes b = dng({});
        const size_t e = cfaPatternEntry(b);
        QVERIFY(e);
        const auto put = [&](size_t at, uint32_t v, int n) { putNumber(b, at, v, n); };
        put(e + 2, uint32_t(type), 2);
        put(e + 4, 1024, 4);
        const uint32_t at = uint32_t(b.size()) - 6; // 6 of its 16 bytes read within the file
        put(e + 8, at, 4);
        const ImageInfo info = probeImage(b.data(), b.size());
        QCOMPARE(info.format, ImageFormat::Raw);
        QCOMPARE(info.error,
                 QStringLiteral("damaged camera RAW: its CFA pattern (16 bytes at %1) lies outside the file").arg(at));
        // 16 bytes that are all in the file are not outside it (what they hold is another check's).
        put(e + 8, uint32_t(b.size()) - 16, 4);
        QVERIFY(!probeImage(b.data(), b.size()).error.contains("lies outside the file"));
    }

    // A pattern naming a colour whose entry LibRaw 0.20 never writes in its colour table (it maps
    // only its codes for the colours it counted): the lookup reads uninitialised memory. Refused;
    // the four-colour and CMY layouts it knows are not.
    void cfaPatternWithColoursItDoesNotDeclareIsRefused_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QString>("error"); // empty: not this check's
        QTest::newRow("0 1 1 3: three colours, 3 unmapped")
            << QByteArray("\0\1\1\3", 4)
            << "damaged camera RAW: its CFA pattern has colour 3, not one of its 3 colours";
        QTest::newRow("0 1 1 40: 40 is never counted")
            << QByteArray("\0\1\1\50", 4)
            << "damaged camera RAW: its CFA pattern has colour 40, not one of its 2 colours";
        QTest::newRow("0 1 3 2: four colours") << QByteArray("\0\1\3\2", 4) << QString();
        QTest::newRow("3 4 4 5: CMY") << QByteArray("\3\4\4\5", 4) << QString();
    }
    void cfaPatternWithColoursItDoesNotDeclareIsRefused()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(QString, error);
        Bytes b = dng({});
        const size_t e = cfaPatternEntry(b);
        QVERIFY(e);
        std::memcpy(b.data() + e + 8, pattern.constData(), 4);
        const ImageInfo info = probeImage(b.data(), b.size());
        if (error.isEmpty())
            QVERIFY2(!info.error.contains("CFA pattern"), qPrintable(info.error));
        else
            QCOMPARE(info.error, error);
    }

    // A 36-value CFA pattern is X-Trans. LibRaw 0.20 reads it safely only right after a
    // CFARepeatPatternDim of 6×6; otherwise (and for Kodak's tag 64777 always) it runs a loop that,
    // as Debian's compiler built it, never ends: it wrote over LibRaw's state until the worker
    // crashed. Refused unless the 6×6 comes first; the layout of an X-Trans DNG is not.
    // A DNG whose CFA pattern is 36 values of an X-Trans layout (tag `tag`), after an entry
    // `repeatTag` holding `repeat`, `repeat`; false if the DNG is not laid out as expected.
    static bool withXTransPattern(Bytes *out, int tag, int repeatTag, int repeat)
    {
        Bytes b = dng({});
        const size_t e = cfaPatternEntry(b);
        const bool le = b[0] == 'I';
        if (!e || (le ? b[e - 12] | b[e - 11] << 8 : b[e - 12] << 8 | b[e - 11]) != 33421)
            return false; // CFARepeatPatternDim (SHORT ×2) before it, as libtiff sorts the tags
        putNumber(b, e - 12, uint32_t(repeatTag), 2);
        putNumber(b, e - 12 + 8, uint32_t(repeat), 2);
        putNumber(b, e - 12 + 10, uint32_t(repeat), 2);
        const uint32_t at = uint32_t(b.size());
        for (int i = 0; i < 36; ++i) // an X-Trans layout of the colours 0, 1, 2
            b.push_back(uint8_t("\1\1\0\1\1\2\1\1\2\1\1\0\2\0\1\0\2\1"[i % 18]));
        putNumber(b, e, uint32_t(tag), 2);
        putNumber(b, e + 2, 1, 2);  // BYTE
        putNumber(b, e + 4, 36, 4); // ×36, at the end of the file
        putNumber(b, e + 8, at, 4);
        *out = std::move(b);
        return true;
    }

    void xTransPatternWithoutItsRepeatSizeIsRefused_data()
    {
        QTest::addColumn<int>("tag");
        QTest::addColumn<int>("repeatTag"); // the entry before the pattern
        QTest::addColumn<int>("repeat");    // its two values
        QTest::addColumn<QString>("error"); // empty: not this check's
        const QString refused = QStringLiteral("damaged camera RAW: its X-Trans CFA pattern (tag %1) does not "
                                               "follow a 6×6 CFARepeatPatternDim, which LibRaw cannot read");
        QTest::newRow("after a 2×2 repeat size") << 33422 << 33421 << 2 << refused.arg(33422);
        QTest::newRow("after another tag holding 6, 6") << 33422 << 33420 << 6 << refused.arg(33422);
        QTest::newRow("Kodak's tag, after a 6×6") << 64777 << 33421 << 6 << refused.arg(64777);
        QTest::newRow("right after a 6×6 (X-Trans DNG)") << 33422 << 33421 << 6 << QString();
    }
    void xTransPatternWithoutItsRepeatSizeIsRefused()
    {
        QFETCH(int, tag);
        QFETCH(int, repeatTag);
        QFETCH(int, repeat);
        QFETCH(QString, error);
        Bytes b;
        QVERIFY(withXTransPattern(&b, tag, repeatTag, repeat));
        const ImageInfo info = probeImage(b.data(), b.size());
        QCOMPARE(info.format, ImageFormat::Raw);
        if (!error.isEmpty()) {
            QCOMPARE(info.error, error);
            return;
        }
        QVERIFY2(!info.error.contains("CFA"), qPrintable(info.error));
        // LibRaw reads the X-Trans layout and returns, with a picture or a failure that names the
        // camera (this process would not survive the other path).
        const Run r = run(b, "[]", "develop");
        if (!r.outcome.ok)
            QVERIFY2(r.outcome.failed.message.startsWith("camera RAW (PixelPool Test Camera 1)"),
                     qPrintable(r.outcome.failed.message));
    }

    // LibRaw parses the directories of an RW2 or an ORF as a TIFF's, and the TIFFs inside a RAF
    // (at the offset in its header's byte 100, and 12 bytes into its JPEG preview): the same CFA
    // checks hold there. Each of these crashed the worker before (SIGSEGV in LibRaw).
    void cfaChecksReachRawsWithTheirOwnHeader_data()
    {
        QTest::addColumn<QString>("wrap");
        QTest::addColumn<bool>("damaged");
        for (const bool damaged : {true, false})
            for (const char *wrap : {"RW2", "ORF", "RAF sensor TIFF", "RAF preview EXIF"})
                QTest::newRow(qPrintable(QString("%1, %2").arg(wrap, damaged ? "damaged" : "sound")))
                    << QString(wrap) << damaged;
    }
    void cfaChecksReachRawsWithTheirOwnHeader()
    {
        QFETCH(QString, wrap);
        QFETCH(bool, damaged);
        Bytes tiff;
        QVERIFY(withXTransPattern(&tiff, 33422, 33421, damaged ? 2 : 6));
        QCOMPARE(tiff[0], uint8_t('I'));
        Bytes b;
        if (wrap == "RW2" || wrap == "ORF") {
            b = tiff;
            std::memcpy(b.data(), wrap == "RW2" ? "IIU\0" : "IIRO", 4);
        } else { // a RAF header: big-endian offsets; a Fuji directory of no entries at 156
            b.assign(160, 0);
            std::memcpy(b.data(), "FUJIFILMCCD-RAW 0201FF129502X-T1", 32);
            const auto be32 = [&](size_t at, uint32_t v) {
                for (int i = 0; i < 4; ++i)
                    b[at + size_t(i)] = uint8_t(v >> (24 - 8 * i));
            };
            be32(92, 156);
            if (wrap == "RAF sensor TIFF") {
                be32(100, 160);
            } else { // a JPEG whose APP1 holds the TIFF: its start is 12 bytes into the JPEG
                be32(84, 160);
                const char jpeg[] = "\xFF\xD8\xFF\xE1\0\0Exif\0\0";
                b.insert(b.end(), jpeg, jpeg + 12);
            }
            b.insert(b.end(), tiff.begin(), tiff.end());
        }
        const ImageInfo info = probeImage(b.data(), b.size());
        QCOMPARE(info.format, ImageFormat::Raw);
        if (damaged)
            QCOMPARE(info.error, QStringLiteral("damaged camera RAW: its X-Trans CFA pattern (tag 33422) does not "
                                                "follow a 6×6 CFARepeatPatternDim, which LibRaw cannot read"));
        else
            QVERIFY2(!info.error.contains("CFA"), qPrintable(info.error));
    }

    void bombsAreRefusedBeforeUnpacking_data()
    {
        QTest::addColumn<int>("side");
        QTest::newRow("60000, within LibRaw's reach") << 60000;
        QTest::newRow("100000, beyond it") << 100000;
    }
    void bombsAreRefusedBeforeUnpacking()
    {
        QFETCH(int, side);
        test::DngSpec spec;
        spec.bgr = cv::Mat(48, 64, CV_8UC3, cv::Scalar(90, 120, 150));
        spec.claimedSize = {side, side};
        const Bytes bomb = dng(spec);
        QVERIFY(bomb.size() < 300'000); // one row of data behind a header that claims billions of pixels
        const ImageInfo info = probeImage(bomb.data(), bomb.size());
        QCOMPARE(info.format, ImageFormat::Raw);
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(side, side));
        const Run r = run(bomb, "[]", "develop");
        QVERIFY(!r.outcome.ok);
        QCOMPARE(r.outcome.failed.code, proto::FailureCode::TooLarge);
        QVERIFY2(r.outcome.failed.message.contains("over the limit"), qPrintable(r.outcome.failed.message));
        if (side > 65535)
            return;
        // Should a probe ever say less than the file declares, the decoder refuses to unpack it.
        ImageInfo lying = info;
        lying.width = 640;
        lying.height = 480;
        const DecodeResult d = decodeImage(bomb.data(), bomb.size(), lying, 8, true);
        QVERIFY(d.image.empty());
        QVERIFY2(d.error.contains("declares sensor data of 60000×60000 for a picture of 640×480"), qPrintable(d.error));
    }

    // A sensor directory (CFA) with one side beyond LibRaw's reach and none for the other claims
    // no size: the probe must not accept a picture of N×0.
    void sensorSideWithoutTheOtherIsRefused_data()
    {
        QTest::addColumn<quint16>("sideTag");
        QTest::newRow("width only") << quint16(256);
        QTest::newRow("height only") << quint16(257);
    }
    void sensorSideWithoutTheOtherIsRefused()
    {
        QFETCH(quint16, sideTag);
        QByteArray b("II*\0\x08\0\0\0", 8);
        const auto u16 = [&b](quint16 v) { b += char(v & 0xff), b += char(v >> 8); };
        const auto entry = [&](quint16 tag, quint32 value) {
            u16(tag), u16(4), u16(1), u16(0), u16(quint16(value)), u16(quint16(value >> 16));
        };
        u16(3);
        entry(sideTag, 212237);
        entry(262, 32803); // PhotometricInterpretation: CFA
        entry(273, 50);    // StripOffsets
        b += QByteArray(4 + 64, '\0');
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(b.constData()), size_t(b.size()));
        QCOMPARE(info.format, ImageFormat::Raw);
        QVERIFY2(!info.error.isEmpty(), qPrintable(QStringLiteral("%1×%2").arg(info.width).arg(info.height)));
    }

    void metadataNamesAndFormatKeep()
    {
        test::DngSpec spec;
        spec.orientation = 6;
        const Bytes b = dng(spec);
        const DecodeResult d = decode(b, 8, false, true);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QVERIFY(!d.metadata.exif.empty());
        QVERIFY(d.metadata.icc == colour::srgbProfile()); // what the developed pixels are
        QCOMPARE(meta::photoFacts(d.metadata).camera, QString("PixelPool Test Camera 1"));

        // `format: keep` writes a JPEG; the photo's names reach the front end; the output's EXIF
        // says Orientation 1 and nothing of how to develop the sensor data.
        const Run r = run(b, "[]", "develop", "keep");
        QVERIFY2(r.outcome.ok, qPrintable(r.outcome.failed.message));
        QCOMPARE(r.outcome.finished.facts.camera, QString("PixelPool Test Camera 1"));
        const ImageInfo out = probeImage(r.output.data(), r.output.size());
        QCOMPARE(out.format, ImageFormat::Jpeg);
        QCOMPARE(cv::Size(out.width, out.height), cv::Size(400, 600));
        QCOMPARE(out.exifOrientation, 1);
        auto image = Exiv2::ImageFactory::open(r.output.data(), long(r.output.size()));
        image->readMetadata();
        const Exiv2::ExifData &exif = image->exifData();
        const auto make = exif.findKey(Exiv2::ExifKey("Exif.Image.Make"));
        QVERIFY(make != exif.end() && make->toString() == "PixelPool");
        for (const char *gone : {"Exif.Image.DNGVersion", "Exif.Image.ColorMatrix1", "Exif.Image.AsShotNeutral",
                                 "Exif.Image.UniqueCameraModel", "Exif.Image.CFAPattern"})
            QVERIFY2(exif.findKey(Exiv2::ExifKey(gone)) == exif.end(), gone);
        QVERIFY(image->iccProfileDefined()); // the sRGB profile
    }

    void recognisedByContentNotByName()
    {
        const QByteArray text = "This is a text file with a .cr2 name, not a photo.\n";
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(text.constData()), size_t(text.size()));
        QCOMPARE(info.format, ImageFormat::Unknown);
        QVERIFY(info.error.contains("camera RAW"));
        // Headers of RAWs with their own magic reach LibRaw, which names what it cannot read.
        for (const QByteArray &magic :
             {QByteArray("IIU\0\x08\0\0\0", 8), QByteArray("IIRO\x08\0\0\0", 8), QByteArray("FUJIFILMCCD-RAW 0201"),
              QByteArray("\0\0\0\x18"
                         "ftypcrx ",
                         12)}) {
            const QByteArray bytes = magic + QByteArray(200, '\x11');
            const ImageInfo i = probeImage(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
            QCOMPARE(i.format, ImageFormat::Raw);
            QVERIFY2(i.error.startsWith("damaged or unsupported camera RAW"), qPrintable(i.error));
        }
        QVERIFY(hasImageExtension("IMG_0001.CR3") && hasImageExtension("x/a.dng") && hasImageExtension("b.RW2"));
        QVERIFY(!hasImageExtension("notes.txt") && !hasImageExtension("dng") && !hasImageExtension("a.xdng"));
        QVERIFY(isCameraRawExtension("NEF") && !isCameraRawExtension("jpg"));
        QVERIFY(imageNameFilter().contains("*.cr2") && imageNameFilter().contains("*.jpg"));
    }
};

QTEST_GUILESS_MAIN(TestRaw)
#include "tst_raw.moc"
