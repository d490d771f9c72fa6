// Every built-in preset over one folder of the files people's photos come in: camera JPEGs in all
// eight orientations with GPS, IPTC and XMP (and JPEGs whose EXIF says the orientation in odd
// places: two blocks, a block after the frame header, a tag repeated), an Adobe RGB photo, a CMYK
// JPEG with its profile, a phone HEIC, an AVIF, a JPEG XL, a camera's DNG stored sideways, a 16-bit
// PNG, a PNG with alpha and a GIF. The real pixelpool --batch does the work; the test reads every
// output back (PixelPool's decoder for the blocks, exiv2 for the tags, lcms2 for the colours) and
// checks what the output says against what the preset asked: tags, profile, depth, orientation and
// colour.
#include "BatchProcess.h"
#include "ColourManagement.h"
#include "ImageCodec.h"
#include "Operations.h"
#include "PhotoFixtures.h"
#include "TestDng.h"

#include <QDir>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cstring>
#include <exiv2/exiv2.hpp>
#include <gif_lib.h>
#include <opencv2/imgproc.hpp>

using namespace pp;
using namespace pp::testphotos;

namespace {

const char *kCmykProfile = "/usr/share/color/icc/ghostscript/default_cmyk.icc"; // libgs-common

// The upright picture every oriented file shows: red, green / blue, white quadrants (BGR).
const cv::Scalar kQuadrants[4] = {{0, 0, 255}, {0, 255, 0}, {255, 0, 0}, {255, 255, 255}};

cv::Mat quadrants(int w, int h, bool transparentRight = false)
{
    cv::Mat m(h, w, transparentRight ? CV_8UC4 : CV_8UC3);
    for (int q = 0; q < 4; ++q) {
        cv::Scalar c = kQuadrants[q];
        c[3] = transparentRight && q % 2 ? 0 : 255;
        m(cv::Rect(q % 2 * w / 2, q / 2 * h / 2, w / 2, h / 2)).setTo(c);
    }
    return m;
}

// The stored pixels of a file whose Orientation `k` shows `upright`: the inverse turn.
cv::Mat storedFor(const cv::Mat &upright, int k)
{
    return ops::applyExifOrientation(upright, k == 6 ? 8 : k == 8 ? 6 : k);
}

// The quadrants as a 4-colour GIF.
Bytes quadrantGif(int w, int h)
{
    Bytes out;
    int error = 0;
    GifFileType *g = EGifOpen(
        &out,
        [](GifFileType *f, const GifByteType *data, int n) {
            auto *o = static_cast<Bytes *>(f->UserData);
            o->insert(o->end(), data, data + n);
            return n;
        },
        &error);
    const GifColorType colours[4] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
    ColorMapObject *map = GifMakeMapObject(4, colours);
    EGifPutScreenDesc(g, w, h, 2, 0, map);
    EGifPutImageDesc(g, 0, 0, w, h, false, nullptr);
    std::vector<GifPixelType> row(static_cast<size_t>(w));
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x)
            row[size_t(x)] = GifPixelType((y >= h / 2) * 2 + (x >= w / 2));
        EGifPutLine(g, row.data(), w);
    }
    EGifCloseFile(g, &error);
    GifFreeMapObject(map);
    return out;
}

// A JPEG's segments before its first scan, each whole (marker, length and body), and the rest.
struct JpegParts {
    std::vector<Bytes> segments;
    Bytes rest;
};

JpegParts splitJpeg(const Bytes &jpeg)
{
    JpegParts p;
    size_t pos = 2;
    while (pos + 4 <= jpeg.size() && jpeg[pos + 1] != 0xDA) {
        const size_t end = std::min(jpeg.size(), pos + 2 + (size_t(jpeg[pos + 2]) << 8 | jpeg[pos + 3]));
        p.segments.emplace_back(jpeg.begin() + long(pos), jpeg.begin() + long(end));
        pos = end;
    }
    p.rest.assign(jpeg.begin() + long(pos), jpeg.end());
    return p;
}

Bytes joinJpeg(const JpegParts &p)
{
    Bytes out{0xFF, 0xD8};
    for (const Bytes &s : p.segments)
        out.insert(out.end(), s.begin(), s.end());
    out.insert(out.end(), p.rest.begin(), p.rest.end());
    return out;
}

bool isExifSegment(const Bytes &s) { return s[1] == 0xE1 && s.size() > 10 && std::memcmp(&s[4], "Exif\0\0", 6) == 0; }

bool isFrameHeader(const Bytes &s)
{
    return s[1] >= 0xC0 && s[1] <= 0xCF && s[1] != 0xC4 && s[1] != 0xC8 && s[1] != 0xCC;
}

// An EXIF APP1 segment (little-endian) whose IFD0 has the SHORT entries `ifd0` in this order (a
// tag may repeat), and an EXIF IFD with the SHORT entries `photo` where there are any.
Bytes exifSegment(const std::vector<std::pair<uint16_t, uint16_t>> &ifd0,
                  const std::vector<std::pair<uint16_t, uint16_t>> &photo = {})
{
    // The segment's header and "Exif\0\0", then the TIFF structure (its offsets count from its "II").
    Bytes s{0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0};
    const auto put16 = [&](uint32_t v) { s.insert(s.end(), {uint8_t(v), uint8_t(v >> 8)}); };
    const auto put32 = [&](uint32_t v) { put16(v & 0xFFFF), put16(v >> 16); };
    const auto directory = [&](const std::vector<std::pair<uint16_t, uint16_t>> &entries, uint32_t next) {
        for (const auto &[tag, value] : entries)
            put16(tag), put16(3), put32(1), put16(value), put16(0);
        if (next)
            put16(0x8769), put16(4), put32(1), put32(next); // the EXIF IFD's offset
        put32(0);
    };
    const size_t ifd0Count = ifd0.size() + (photo.empty() ? 0 : 1);
    put16(uint32_t(ifd0Count));
    directory(ifd0, photo.empty() ? 0 : uint32_t(8 + 2 + 12 * ifd0Count + 4));
    if (!photo.empty()) {
        put16(uint32_t(photo.size()));
        directory(photo, 0);
    }
    s[2] = uint8_t((s.size() - 2) >> 8);
    s[3] = uint8_t(s.size() - 2);
    return s;
}

// The camera JPEG of `upright` with a second, stale EXIF block after its own (Orientation 1), as
// an editor leaves it that turned the pixels and put a fresh block before the camera's (6).
Bytes withStaleSecondExif(const cv::Mat &upright)
{
    JpegParts p = splitJpeg(cameraJpeg(upright, 1, {}));
    const auto exif = std::find_if(p.segments.begin(), p.segments.end(), isExifSegment);
    p.segments.insert(exif + 1, exifSegment({{0x0112, 6}}));
    return joinJpeg(p);
}

// The camera JPEG stored for Orientation 6 with its EXIF block after the frame header, before the
// first scan, where JPEG allows it too.
Bytes withExifAfterFrameHeader(const cv::Mat &upright)
{
    JpegParts p = splitJpeg(cameraJpeg(storedFor(upright, 6), 6, {}));
    const auto exif = std::find_if(p.segments.begin(), p.segments.end(), isExifSegment);
    const Bytes block = *exif;
    p.segments.erase(exif);
    p.segments.insert(std::find_if(p.segments.begin(), p.segments.end(), isFrameHeader) + 1, block);
    return joinJpeg(p);
}

// Upright pixels whose EXIF repeats its tags: Orientation 1, then 6, in IFD0, and PixelXDimension
// twice (neither the output's width) in the EXIF IFD.
Bytes withRepeatedTags(const cv::Mat &upright)
{
    JpegParts p = splitJpeg(encoded(upright, OutputFormat::Jpeg));
    p.segments.insert(p.segments.begin(), exifSegment({{0x0112, 1}, {0x0112, 6}}, {{0xa002, 7}, {0xa002, 9}}));
    return joinJpeg(p);
}

int countOf(const Exiv2::ExifData &d, const char *key)
{
    return int(std::count_if(d.begin(), d.end(), [&](const Exiv2::Exifdatum &e) { return e.key() == key; }));
}

// What one output file holds, read back.
struct Output {
    QString path;
    cv::Mat pixels; // stored order, as PixelPool decodes it
    SourceMetadata blocks;
    Exiv2::ExifData exif;
    Exiv2::XmpData xmp;
    Exiv2::IptcData iptc;
};

Output readOutput(const QString &path)
{
    Output o;
    o.path = path;
    const Bytes bytes = readAll(path);
    const ImageInfo info = probeImage(bytes.data(), bytes.size());
    if (!info.error.isEmpty())
        qFatal("%s: %s", qPrintable(path), qPrintable(info.error));
    DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, 8, false, true);
    o.pixels = d.image;
    o.blocks = d.metadata;
    if (!o.blocks.exif.empty())
        Exiv2::ExifParser::decode(o.exif, o.blocks.exif.data(), uint32_t(o.blocks.exif.size()));
    if (!o.blocks.xmp.empty())
        Exiv2::XmpParser::decode(o.xmp, o.blocks.xmp);
    if (!o.blocks.iptc.empty())
        Exiv2::IptcParser::decode(o.iptc, o.blocks.iptc.data(), uint32_t(o.blocks.iptc.size()));
    return o;
}

bool hasKeyContaining(const Exiv2::ExifData &d, const char *part)
{
    for (const auto &e : d)
        if (e.key().find(part) != std::string::npos)
            return true;
    return false;
}

bool hasKeyContaining(const Exiv2::XmpData &d, const char *part)
{
    for (const auto &e : d)
        if (e.key().find(part) != std::string::npos)
            return true;
    return false;
}

QString text(const Exiv2::ExifData &d, const char *key)
{
    const auto it = d.findKey(Exiv2::ExifKey(key));
    return it == d.end() ? QString() : QString::fromStdString(it->toString());
}

// The mean colour of a box around a point given as a share of the size, in BGR (or grey).
cv::Scalar meanAt(const cv::Mat &m, double fx, double fy, int half = 6)
{
    const cv::Point c(int(fx * m.cols), int(fy * m.rows));
    return cv::mean(m(cv::Rect(c.x - half, c.y - half, 2 * half, 2 * half) & cv::Rect(0, 0, m.cols, m.rows)));
}

// Whether the quadrants are upright: each quadrant's centre is nearest its own colour (luma for
// grey outputs).
QString uprightProblem(const cv::Mat &m)
{
    cv::Mat eight = ops::toEightBit(m);
    for (int q = 0; q < 4; ++q) {
        const cv::Scalar got = meanAt(eight, q % 2 ? 0.75 : 0.25, q / 2 ? 0.75 : 0.25);
        int best = -1;
        double bestDist = 1e18;
        for (int c = 0; c < 4; ++c) {
            const cv::Scalar &k = kQuadrants[c];
            const double d = eight.channels() == 1
                                 ? std::abs(got[0] - (0.114 * k[0] + 0.587 * k[1] + 0.299 * k[2]))
                                 : cv::norm(cv::Vec3d(got[0], got[1], got[2]) - cv::Vec3d(k[0], k[1], k[2]));
            if (d < bestDist)
                bestDist = d, best = c;
        }
        if (best != q)
            return QStringLiteral("quadrant %1 looks like quadrant %2").arg(q).arg(best);
    }
    return {};
}

// CIEDE2000 between two colours, each read through its profile (empty: sRGB).
double deltaE(const cv::Scalar &a, const Bytes &aIcc, const cv::Scalar &b, const Bytes &bIcc, bool aCmyk = false)
{
    const auto one = [](const cv::Scalar &s, int channels) {
        cv::Mat m(1, 1, CV_8UC(channels));
        for (int c = 0; c < channels; ++c)
            m.ptr<uint8_t>(0)[c] = cv::saturate_cast<uint8_t>(s[c]);
        return m;
    };
    return meanDeltaE(one(a, aCmyk ? 4 : 3), aIcc, one(b, 3), bIcc);
}

struct Run {
    int exitCode = -1;
    QMap<QString, QString> outputs; // input file name -> output path
    int failed = 0;
    QByteArray stderrText;
};

} // namespace

class TestFaithful : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_in;
    int m_inputs = 0;
    Bytes m_cmykIcc, m_adobeIcc; // lcms2 dates a profile it saves: made once
    cv::Mat m_photo, m_cmyk;

    Run batch(const QString &preset, const QStringList &extra, const QString &out)
    {
        const BatchRun b =
            runBatch(PIXELPOOL_EXE, QStringList{"-p", preset, "-o", out} + extra + QStringList{m_in}, 300000);
        Run r;
        r.exitCode = b.exitCode;
        r.stderrText = b.err;
        for (const QJsonObject &e : b.events) {
            if (e.value("event") == "finished")
                r.outputs.insert(QFileInfo(e.value("input").toString()).fileName(), e.value("output").toString());
            else if (e.value("event") == "failed")
                ++r.failed;
        }
        return r;
    }

    void put(const QString &name, const Bytes &bytes)
    {
        writeAll(m_in + "/" + name, bytes);
        ++m_inputs;
    }
    void copySample(const QString &name)
    {
        QVERIFY(QFile::copy(PIXELPOOL_SAMPLES "/" + name, m_in + "/" + name));
        ++m_inputs;
    }

private slots:
    void initTestCase()
    {
        m_in = m_dir.filePath("photos");
        QVERIFY(QDir().mkpath(m_in));
        m_cmykIcc = readAll(kCmykProfile);
        QVERIFY2(!m_cmykIcc.empty(), "no CMYK profile: scripts/install-deps.sh --tests installs libgs-common");
        const cv::Mat upright = quadrants(640, 400);
        for (int k = 1; k <= 8; ++k)
            put(QStringLiteral("orient-%1.jpg").arg(k), cameraJpeg(storedFor(upright, k), k, {}));
        // The first EXIF block's Orientation 1 wins over a stale 6 after it; an EXIF block after
        // the frame header counts; a tag repeated in a directory is said once in the output.
        put("orient-1-then-stale-6.jpg", withStaleSecondExif(upright));
        put("orient-6-after-frame-header.jpg", withExifAfterFrameHeader(upright));
        put("orient-1-and-6-in-ifd0.jpg", withRepeatedTags(upright));
        m_photo = photo(640, 400);
        m_adobeIcc = adobeRgb();
        put("adobe.jpg", cameraJpeg(m_photo, 1, m_adobeIcc));
        m_cmyk = cmykPixels(320, 240);
        put("cmyk.jpg", cmykJpeg(m_cmyk, m_cmykIcc));
        copySample("kite-phone.heic");
        copySample("path-small.avif");
        copySample("volna-16bit.png");
        put("alpha.png", encoded(quadrants(320, 200, true), OutputFormat::Png));
        put("quadrants.gif", quadrantGif(320, 200));
        copySample("colorful-cups-960.jxl");
        pp::test::DngSpec dng; // a camera's RAW, stored sideways (Orientation 6)
        dng.bgr = storedFor(quadrants(320, 200), 6);
        dng.orientation = 6;
        put("sideways.dng", pp::test::makeDng(dng));
    }

    void everyPresetKeepsWhatItPromises_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("metadata"); // the preset's policy
        QTest::addColumn<bool>("srgb");        // colour: srgb
        QTest::addColumn<bool>("grey");
        QTest::addColumn<bool>("keepFormat");
        QTest::newRow("classic") << "classic" << QStringList() << "keep" << false << false << false;
        QTest::newRow("web") << "web" << QStringList() << "strip-location" << true << false << false;
        QTest::newRow("thumbnail") << "thumbnail" << QStringList() << "strip" << true << false << false;
        QTest::newRow("grayscale") << "grayscale" << QStringList() << "keep" << false << true << false;
        QTest::newRow("classic, format keep")
            << "classic" << QStringList{"--format", "keep"} << "keep" << false << false << true;
    }

    void everyPresetKeepsWhatItPromises()
    {
        QFETCH(QString, preset);
        QFETCH(QStringList, extra);
        QFETCH(QString, metadata);
        QFETCH(bool, srgb);
        QFETCH(bool, grey);
        QFETCH(bool, keepFormat);
        const Run r = batch(preset, extra, m_dir.filePath(QString(QTest::currentDataTag()).replace(' ', '_')));
        QVERIFY2(r.exitCode == 0 && r.failed == 0, r.stderrText.constData());
        QCOMPARE(r.outputs.size(), m_inputs);

        // Every output: upright pixels, and tags that say so and say the output's size.
        for (auto it = r.outputs.begin(); it != r.outputs.end(); ++it) {
            const Output o = readOutput(it.value());
            const QByteArray where = (it.key() + " -> " + o.path).toUtf8();
            QVERIFY2(!o.pixels.empty(), where);
            const QString orientation = text(o.exif, "Exif.Image.Orientation");
            QVERIFY2(orientation.isEmpty() || orientation == "1", where + " Orientation " + orientation.toUtf8());
            const QString width = text(o.exif, "Exif.Photo.PixelXDimension");
            QVERIFY2(width.isEmpty() || width.toInt() == o.pixels.cols, where + " PixelXDimension " + width.toUtf8());
            for (const char *key : {"Exif.Image.Orientation", "Exif.Photo.PixelXDimension"})
                QVERIFY2(countOf(o.exif, key) <= 1,
                         where + " has " + QByteArray::number(countOf(o.exif, key)) + " entries " + key);
            QVERIFY2(Exiv2::ExifThumbC(o.exif).copy().size_ == 0, where + ": the source's EXIF thumbnail is left");
            if (metadata == "strip")
                QVERIFY2(o.exif.empty() && o.xmp.empty() && o.iptc.empty(), where + ": metadata left after strip");
            if (metadata != "keep") {
                QVERIFY2(!hasKeyContaining(o.exif, "GPS") && !hasKeyContaining(o.xmp, "GPS") &&
                             !hasKeyContaining(o.xmp, "City"),
                         where + ": location left");
                QVERIFY2(o.iptc.findKey(Exiv2::IptcKey("Iptc.Application2.City")) == o.iptc.end(), where);
            }
            if (grey && it.key() != "alpha.png")
                QVERIFY2(o.pixels.channels() == 1, where);
            if (grey && o.pixels.channels() > 1) { // the alpha PNG: grey BGRA, flattened to grey BGR
                std::vector<cv::Mat> planes;
                cv::split(o.pixels, planes);
                QVERIFY2(cv::norm(planes[0], planes[2], cv::NORM_INF) <= 2, where + ": not grey");
            }
            const bool quadrantPicture =
                it.key().startsWith("orient-") || it.key() == "quadrants.gif" || it.key() == "sideways.dng";
            if (quadrantPicture)
                QVERIFY2(uprightProblem(o.pixels).isEmpty(), where + ": " + uprightProblem(o.pixels).toUtf8());
            if (it.key() == "kite-phone.heic" || it.key() == "path-small.avif" || it.key() == "colorful-cups-960.jxl")
                QVERIFY2(o.pixels.cols > o.pixels.rows, where + ": the landscape photo is no longer upright");
            const QString ext = QFileInfo(o.path).suffix();
            if (!keepFormat)
                QVERIFY2(ext == "jpg", where);
        }

        // A camera JPEG: what `metadata` keeps of its tags.
        const Output camera = readOutput(r.outputs.value("orient-6.jpg"));
        if (metadata == "keep" || metadata == "strip-location") {
            QCOMPARE(text(camera.exif, "Exif.Image.Make"), QString("PixelCam"));
            QCOMPARE(text(camera.exif, "Exif.Photo.DateTimeOriginal"), QString("2024:05:06 07:08:09"));
            QVERIFY(camera.iptc.findKey(Exiv2::IptcKey("Iptc.Application2.Byline")) != camera.iptc.end());
            QVERIFY(hasKeyContaining(camera.xmp, "Xmp.dc.title"));
        }
        if (metadata == "keep") {
            QVERIFY(hasKeyContaining(camera.exif, "GPSLatitude"));
            QVERIFY(camera.iptc.findKey(Exiv2::IptcKey("Iptc.Application2.City")) != camera.iptc.end());
        }

        // Adobe RGB: kept with its profile byte for byte, or converted to sRGB and tagged so; the
        // flat patch keeps its colour either way (ΔE2000 < 2 after resizing and JPEG).
        const Output adobe = readOutput(r.outputs.value("adobe.jpg"));
        const cv::Scalar patchIn = meanAt(m_photo, 0.25, 0.25, 10);
        const cv::Scalar patchOut = meanAt(adobe.pixels, 0.25, 0.25, 4);
        if (grey) {
            QVERIFY(adobe.blocks.icc.empty()); // converted to sRGB before the grey step: no profile needed
        } else if (srgb) {
            QVERIFY2(adobe.blocks.icc == colour::srgbProfile(), "the converted photo is not tagged sRGB");
            const double de = deltaE(patchIn, m_adobeIcc, patchOut, {});
            QVERIFY2(de < 2, qPrintable(QStringLiteral("Adobe RGB patch converted with ΔE %1").arg(de)));
        } else {
            QVERIFY2(adobe.blocks.icc == m_adobeIcc, "the Adobe RGB profile was not kept byte for byte");
            const double de = deltaE(patchIn, m_adobeIcc, patchOut, m_adobeIcc);
            QVERIFY2(de < 2, qPrintable(QStringLiteral("Adobe RGB patch kept with ΔE %1").arg(de)));
        }

        // CMYK: always turned into RGB through its own profile (the output cannot hold CMYK).
        const Output cmyk = readOutput(r.outputs.value("cmyk.jpg"));
        QCOMPARE(cmyk.pixels.channels(), grey ? 1 : 3);
        if (!grey) {
            QVERIFY(cmyk.blocks.icc.empty() ? metadata == "strip" : cmyk.blocks.icc == colour::srgbProfile());
            const double de =
                deltaE(meanAt(m_cmyk, 0.5, 0.5, 8), m_cmykIcc, meanAt(cmyk.pixels, 0.5, 0.5, 4), {}, true);
            QVERIFY2(de < 3, qPrintable(QStringLiteral("CMYK centre converted with ΔE %1").arg(de)));
        }

        // Depth and alpha: 16 bits and transparency survive where the output format holds them.
        const Output deep = readOutput(r.outputs.value("volna-16bit.png"));
        const Output alpha = readOutput(r.outputs.value("alpha.png"));
        const Output gif = readOutput(r.outputs.value("quadrants.gif"));
        // The opaque left half of the alpha PNG keeps its red and blue.
        const cv::Scalar red = meanAt(alpha.pixels, 0.25, 0.25), blue = meanAt(alpha.pixels, 0.25, 0.75);
        QVERIFY2(grey ? red[0] > blue[0] + 30 : red[2] > 200 && red[0] < 60 && blue[0] > 200 && blue[2] < 60,
                 "the alpha PNG's opaque half changed colour");
        if (keepFormat) {
            QCOMPARE(QFileInfo(deep.path).suffix(), QString("png"));
            QCOMPARE(deep.pixels.depth(), CV_16U);
            QCOMPARE(alpha.pixels.channels(), 4);
            QCOMPARE(meanAt(alpha.pixels, 0.75, 0.25)[3], 0.0); // the transparent half
            QCOMPARE(meanAt(alpha.pixels, 0.25, 0.25)[3], 255.0);
            QCOMPARE(QFileInfo(gif.path).suffix(), QString("png"));
            QCOMPARE(QFileInfo(r.outputs.value("colorful-cups-960.jxl")).suffix(), QString("jxl"));
            QCOMPARE(QFileInfo(r.outputs.value("path-small.avif")).suffix(), QString("avif"));
            QCOMPARE(QFileInfo(r.outputs.value("sideways.dng")).suffix(), QString("jpg"));
        } else {
            QCOMPARE(deep.pixels.depth(), CV_8U);
            // Flattened on the preset's white background.
            const cv::Scalar flat = meanAt(alpha.pixels, 0.75, 0.25);
            QVERIFY2(flat[0] > 240, qPrintable(QString::number(flat[0])));
        }
    }
};

QTEST_GUILESS_MAIN(TestFaithful)
#include "tst_faithful.moc"
