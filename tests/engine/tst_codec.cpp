// Header probing and decoding: sizes known before decoding, damage detected, formats by content.
#include "ImageCodec.h"
#include "Metadata.h"
#include "PhotoFixtures.h"
#include "codecs/JpegDcOnly.h"

#include <QtEndian>
#include <QtTest>
#include <sys/resource.h>
#include <gif_lib.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <lcms2.h>
#include <tiffio.h>

Q_DECLARE_METATYPE(cv::Size)

using namespace pp;

// `src` widened to `channels` (grey to BGR or BGRA, BGR to BGRA with opaque alpha), to compare a
// decode that widened it; empty when that would need dropping channels.
static cv::Mat withChannels(const cv::Mat &src, int channels)
{
    if (src.channels() == channels)
        return src;
    cv::Mat out;
    if (src.channels() == 1 && channels == 3)
        cv::cvtColor(src, out, cv::COLOR_GRAY2BGR);
    else if (src.channels() == 1 && channels == 4)
        cv::cvtColor(src, out, cv::COLOR_GRAY2BGRA);
    else if (src.channels() == 3 && channels == 4)
        cv::cvtColor(src, out, cv::COLOR_BGR2BGRA);
    return out;
}

// A TIFF PixelPool wrote, opened by libtiff from a file, as a reader meets it; closed with it.
struct LibtiffReading {
    explicit LibtiffReading(const std::vector<uint8_t> &bytes)
    {
        const QString path = dir.filePath("out.tif");
        testphotos::writeAll(path, bytes);
        tif = TIFFOpen(QFile::encodeName(path).constData(), "r");
    }
    ~LibtiffReading()
    {
        if (tif)
            TIFFClose(tif);
    }
    QTemporaryDir dir;
    TIFF *tif = nullptr;
};

class TestCodec : public QObject
{
    Q_OBJECT

    static std::vector<uint8_t> encoded(const char *ext, const cv::Mat &m, std::vector<int> params = {})
    {
        std::vector<uint8_t> out;
        cv::imencode(ext, m, out, params);
        return out;
    }
    // `m` encoded by PixelPool with `s`, probed and decoded back at full scale; an encoding
    // failure is the result's error.
    static DecodeResult encodedAndDecoded(const cv::Mat &m, const EncodeSettings &s)
    {
        std::vector<uint8_t> bytes;
        QString error;
        if (!encodeImage(m, s, &bytes, &error)) {
            DecodeResult failed;
            failed.error = QStringLiteral("cannot encode: %1").arg(error);
            return failed;
        }
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        return decodeImage(bytes.data(), bytes.size(), info, 8, false);
    }
    static cv::Mat gradient(int w, int h, int type = CV_8UC3)
    {
        cv::Mat m(h, w, type);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < m.channels(); ++c)
                    m.ptr<uint8_t>(y)[x * m.channels() + c] = uint8_t((x * 7 + y * 3 + c * 60) & 255);
        return m;
    }

    // A PNG's chunks after its signature; chunkData() the data of the first of a type (IDAT: all
    // of them joined), for building other PNGs from cv::imencode's.
    static QByteArray pngChunks(const std::vector<uint8_t> &png)
    {
        return QByteArray(reinterpret_cast<const char *>(png.data()) + 8, qsizetype(png.size()) - 8);
    }
    static QByteArray chunkData(const QByteArray &chunks, const char *type)
    {
        QByteArray out;
        for (qsizetype at = 0; at + 12 <= chunks.size();) {
            const qsizetype length = qFromBigEndian<quint32>(chunks.constData() + at);
            if (chunks.mid(at + 4, 4) == type) {
                out += chunks.mid(at + 8, length);
                if (qstrcmp(type, "IDAT") != 0)
                    break;
            }
            at += 12 + length;
        }
        return out;
    }
    static quint32 crc32(const QByteArray &bytes)
    {
        quint32 c = 0xFFFFFFFFu;
        for (const char byte : bytes) {
            c ^= quint8(byte);
            for (int k = 0; k < 8; ++k)
                c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        }
        return ~c;
    }

    static QByteArray fileBytes(const QByteArray &path)
    {
        QFile f(QString::fromLocal8Bit(path));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // `samples` (8 or 16 bits, in the file's sample order) as a one-strip TIFF written by libtiff,
    // with the photometric interpretation `photometric`, and for palette images a grey ramp.
    // With `extraSample` (EXTRASAMPLE_…) the last sample is declared as that.
    static QByteArray libtiffFile(const cv::Mat &samples, uint16_t photometric, uint16_t inkSet = INKSET_CMYK,
                                  int extraSample = -1, const float *whitePoint = nullptr)
    {
        QTemporaryDir dir;
        const QByteArray path = QFile::encodeName(dir.filePath("written.tif"));
        TIFF *t = TIFFOpen(path.constData(), "w");
        if (!t)
            return {};
        const int bits = samples.depth() == CV_16U ? 16 : 8;
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(samples.cols));
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(samples.rows));
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(samples.channels()));
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(bits));
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, photometric);
        if (photometric == PHOTOMETRIC_SEPARATED)
            TIFFSetField(t, TIFFTAG_INKSET, inkSet);
        if (whitePoint)
            TIFFSetField(t, TIFFTAG_WHITEPOINT, whitePoint);
        if (extraSample >= 0) {
            const uint16_t kind = uint16_t(extraSample);
            TIFFSetField(t, TIFFTAG_EXTRASAMPLES, uint16_t(1), &kind);
        }
        std::vector<uint16_t> ramp(size_t(1) << bits);
        for (size_t i = 0; i < ramp.size(); ++i)
            ramp[i] = uint16_t(i * 65535 / (ramp.size() - 1));
        if (photometric == PHOTOMETRIC_PALETTE)
            TIFFSetField(t, TIFFTAG_COLORMAP, ramp.data(), ramp.data(), ramp.data());
        TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, uint32_t(samples.rows));
        const cv::Mat packed = samples.clone();
        const bool ok = TIFFWriteEncodedStrip(t, 0, packed.data, tmsize_t(packed.total() * packed.elemSize())) > 0;
        TIFFClose(t);
        return ok ? fileBytes(path) : QByteArray();
    }
    // Probed, then decoded at 8 bits a sample (no damage allowed), as the worker reads a file.
    static DecodeResult decoded(const uint8_t *data, size_t size)
    {
        return decodeImage(data, size, probeImage(data, size), 8, false);
    }
    static DecodeResult decoded(const QByteArray &bytes)
    {
        return decoded(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
    }
    static DecodeResult decoded(const std::vector<uint8_t> &bytes) { return decoded(bytes.data(), bytes.size()); }

    // Values spread over the whole 16-bit range, none on the 8-bit levels (multiples of 257).
    static cv::Mat gradient16(int w, int h, int type)
    {
        cv::Mat m(h, w, type);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < m.channels(); ++c) {
                    int v = (x * 211 + y * 97 + c * 16001) % 65536;
                    if (v % 257 == 0)
                        ++v;
                    m.ptr<uint16_t>(y)[x * m.channels() + c] = uint16_t(v);
                }
        return m;
    }

    // `m` as 4 channels of its depth (grey+alpha is 2), to compare decodes that widen differently.
    static cv::Mat asFourChannels(const cv::Mat &m)
    {
        static const int codes[] = {0, cv::COLOR_GRAY2BGRA, -1, cv::COLOR_BGR2BGRA, -1};
        if (m.channels() == 4)
            return m;
        cv::Mat out;
        if (m.channels() == 2) {
            std::vector<cv::Mat> ga;
            cv::split(m, ga);
            cv::merge(std::vector<cv::Mat>{ga[0], ga[0], ga[0], ga[1]}, out);
        } else {
            cv::cvtColor(m, out, codes[m.channels()]);
        }
        return out;
    }
    // A PNG of the given rows (filter bytes included), for sources of every colour type.
    static QByteArray pngFile(int width, int height, int depth, int colourType, const QByteArray &rows,
                              const QByteArray &plte = {}, const QByteArray &trns = {})
    {
        const auto be32 = [](quint32 v) {
            const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
            return QByteArray(b, 4);
        };
        const auto chunk = [&](const QByteArray &type, const QByteArray &data) {
            return be32(quint32(data.size())) + type + data + be32(crc32(type + data));
        };
        const char tail[5] = {char(depth), char(colourType), 0, 0, 0};
        QByteArray png = QByteArray("\x89PNG\r\n\x1a\n", 8) +
                         chunk("IHDR", be32(quint32(width)) + be32(quint32(height)) + QByteArray(tail, 5));
        if (!plte.isEmpty())
            png += chunk("PLTE", plte);
        if (!trns.isEmpty())
            png += chunk("tRNS", trns);
        return png + chunk("IDAT", qCompress(rows).mid(4)) + chunk("IEND", {});
    }
    // A PNG's colour type and bit depth, from its IHDR.
    static QPair<int, int> pngLayout(const std::vector<uint8_t> &png)
    {
        return png.size() > 25 ? qMakePair(int(png[25]), int(png[24])) : qMakePair(-1, -1);
    }
    static std::vector<uint8_t> greyProfile()
    {
        cmsToneCurve *curve = cmsBuildGamma(nullptr, 2.2);
        const std::vector<uint8_t> icc =
            testphotos::saveProfile(cmsCreateGrayProfile(cmsD50_xyY(), curve), "Grey gamma 2.2");
        cmsFreeToneCurve(curve);
        return icc;
    }
    // Test pictures whose pixels allow a smaller layout than their channels (or none).
    static cv::Mat layoutPicture(const QByteArray &kind)
    {
        cv::Mat m;
        if (kind == "16-bit grey, opaque") {
            cv::cvtColor(gradient16(30, 20, CV_16UC1), m, cv::COLOR_GRAY2BGRA);
        } else if (kind == "16-bit, 3 colours") {
            m.create(20, 30, CV_16UC3);
            for (int y = 0; y < m.rows; ++y)
                for (int x = 0; x < m.cols; ++x)
                    m.at<cv::Vec3w>(y, x) = {ushort(x % 3 * 1000), 7, 9};
        } else if (kind.startsWith("grey+alpha")) { // a grey ramp under an alpha ramp: 4,096 pairs
            m.create(64, 64, CV_8UC4);
            for (int y = 0; y < 64; ++y)
                for (int x = 0; x < 64; ++x)
                    m.at<cv::Vec4b>(y, x) = {uchar(x * 4), uchar(x * 4), uchar(x * 4), uchar(y * 4)};
        } else if (kind == "few grey+alpha pairs") { // anti-aliased grey on transparency: 64 alphas
            m.create(40, 64, CV_8UC4);
            for (int y = 0; y < 40; ++y)
                for (int x = 0; x < 64; ++x)
                    m.at<cv::Vec4b>(y, x) = {60, 60, 60, uchar(x * 4 + 3)};
        } else if (kind.startsWith("grey in RGB")) {
            cv::cvtColor(gradient(50, 30, CV_8UC1), m, cv::COLOR_GRAY2BGR);
        } else if (kind.endsWith("photo")) { // noise: far more than 256 colours
            m.create(30, 40, CV_8UC3);
            cv::randu(m, 0, 256);
            if (kind == "opaque photo")
                cv::cvtColor(m, m, cv::COLOR_BGR2BGRA);
        } else if (kind.contains("colours")) {
            const int n = kind.left(kind.indexOf(' ')).toInt();
            m.create(33, 47, CV_8UC4);
            for (int y = 0; y < m.rows; ++y)
                for (int x = 0; x < m.cols; ++x) {
                    const int i = (x / 3 + y * 7) % n;
                    m.at<cv::Vec4b>(y, x) = {uchar(i * 37), uchar(i * 11), uchar(255 - i), uchar(i % 3 ? 255 : i)};
                }
            if (n < 200)
                cv::cvtColor(m, m, cv::COLOR_BGRA2BGR);
        } else if (kind == "black and white") {
            m = (gradient(45, 20, CV_8UC1) > 128);
        } else if (kind.startsWith("4 grey levels")) { // levels 2 bits cannot hold
            m = gradient(45, 20, CV_8UC1);
            m.forEach<uchar>([](uchar &v, const int *) { v = uchar(v / 64 * 10 + 10); });
        }
        return m;
    }

private slots:
    void probesEveryFormat_data()
    {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<int>("format");
        QTest::newRow("jpeg") << ".jpg" << int(ImageFormat::Jpeg);
        QTest::newRow("png") << ".png" << int(ImageFormat::Png);
        QTest::newRow("webp") << ".webp" << int(ImageFormat::Webp);
        QTest::newRow("tiff") << ".tif" << int(ImageFormat::Tiff);
        QTest::newRow("bmp") << ".bmp" << int(ImageFormat::Bmp);
    }
    // A JPEG over 65,500 pixels on a side failed with libjpeg's own words after the image had been
    // made; said as WebP's and AVIF's limits are (formats QA pass). 65,500 itself is written.
    void jpegOverItsLimitIsRefusedWithTheReason()
    {
        std::vector<uint8_t> out;
        QString error;
        EncodeSettings s;
        s.format = OutputFormat::Jpeg;
        QVERIFY(!encodeImage(cv::Mat(1, 65501, CV_8UC3, cv::Scalar(10, 20, 30)), s, &out, &error));
        QCOMPARE(error, QString("JPEG cannot hold 65501×1 pixels (at most 65500 on a side)"));
        QVERIFY2(encodeImage(cv::Mat(65500, 1, CV_8UC1, cv::Scalar(90)), s, &out, &error), qPrintable(error));
        QCOMPARE(probeImage(out.data(), out.size()).height, 65500);
    }

    // WebP's limit is said as JPEG's, naming the format once: "webp encoder: WebP cannot hold…"
    // (docs QA pass). What the encoder itself says keeps its name.
    void webpOverItsLimitIsSaidOnce()
    {
        std::vector<uint8_t> out;
        QString error;
        EncodeSettings s;
        s.format = OutputFormat::Webp;
        QVERIFY(!encodeImage(cv::Mat(20000, 1, CV_8UC3, cv::Scalar(10, 20, 30)), s, &out, &error));
        QCOMPARE(error, QString("WebP cannot hold 1×20000 pixels (at most 16383 on a side)"));
        QVERIFY2(encodeImage(cv::Mat(16383, 1, CV_8UC3, cv::Scalar(10, 20, 30)), s, &out, &error), qPrintable(error));
        QCOMPARE(probeImage(out.data(), out.size()).height, 16383);
    }

    void probesEveryFormat()
    {
        QFETCH(QString, ext);
        QFETCH(int, format);
        const auto bytes = encoded(qPrintable(ext), gradient(123, 45));
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(int(info.format), format);
        QCOMPARE(info.width, 123);
        QCOMPARE(info.height, 45);
        const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, 8, false);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.cols, 123);
    }

    void bombIsMeasuredFromTheHeaderAlone()
    {
        // A PNG header claiming 60000×60000 followed by nothing: probe must not need the data.
        auto bytes = encoded(".png", gradient(8, 8));
        bytes.resize(33); // signature + IHDR
        auto be = [&](size_t off, uint32_t v) {
            for (int i = 0; i < 4; ++i)
                bytes[off + size_t(i)] = uint8_t(v >> (24 - 8 * i));
        };
        be(16, 60000);
        be(20, 60000);
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        QCOMPARE(info.width, 60000);
        QCOMPARE(info.height, 60000);
    }

    void unknownAndEmptyAreExplained()
    {
        const QByteArray html = "<!DOCTYPE html><html></html>";
        QVERIFY(probeImage(reinterpret_cast<const uint8_t *>(html.data()), size_t(html.size()))
                    .error.contains("not an image"));
        QVERIFY(probeImage(nullptr, 0).error.contains("empty"));
        // TIFF's signature is all four bytes: a text beginning with "MM" or "II*" is no TIFF.
        for (const QByteArray &text : {QByteArray("MMXVI was a good year"), QByteArray("II** not TIFF either")}) {
            const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(text.data()), size_t(text.size()));
            QCOMPARE(info.format, ImageFormat::Unknown);
            QVERIFY2(info.error.contains("not an image"), qPrintable(info.error));
        }
        // BigTIFF is named, not "not an image".
        for (const QByteArray &big : {QByteArray("II+\0\x08\0\0\0\x10\0\0\0\0\0\0\0", 16),
                                      QByteArray("MM\0+\0\x08\0\0\0\0\0\0\0\0\0\x10", 16)}) {
            const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(big.data()), size_t(big.size()));
            QCOMPARE(info.format, ImageFormat::Unknown); // unsupported, not damaged
            QCOMPARE(info.error, QStringLiteral("BigTIFF (a TIFF with 64-bit offsets) is not supported"));
        }
    }

    void truncatedJpegFailsOrWarns()
    {
        auto bytes = encoded(".jpg", gradient(256, 256), {cv::IMWRITE_JPEG_QUALITY, 95});
        bytes.resize(bytes.size() / 2);
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        QVERIFY(info.error.isEmpty());
        const DecodeResult strict = decodeImage(bytes.data(), bytes.size(), info, 8, false);
        QVERIFY(strict.image.empty());
        QVERIFY(strict.corrupt);
        QVERIFY2(strict.error.contains("damaged JPEG"), qPrintable(strict.error));
        const DecodeResult lenient = decodeImage(bytes.data(), bytes.size(), info, 8, true);
        QVERIFY(!lenient.image.empty());
        QVERIFY(!lenient.warning.isEmpty());
    }

    void jpegDecodesAtReducedScale()
    {
        const auto bytes = encoded(".jpg", gradient(800, 600));
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        for (int m = 1; m <= 8; ++m) {
            const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, m, false);
            QCOMPARE(d.image.size(), scaledJpegSize({800, 600}, m));
        }
    }

    void alphaAndSixteenBitAreKept()
    {
        const auto rgba = encoded(".png", gradient(10, 10, CV_8UC4));
        const ImageInfo i1 = probeImage(rgba.data(), rgba.size());
        QCOMPARE(decodeImage(rgba.data(), rgba.size(), i1, 8, false).image.type(), CV_8UC4);
        // 16-bit PNG stays 16-bit, every value exact (none of them a multiple of 257).
        const cv::Mat deep = gradient16(40, 30, CV_16UC3);
        const auto png16 = encoded(".png", deep);
        const ImageInfo i2 = probeImage(png16.data(), png16.size());
        const cv::Mat d = decodeImage(png16.data(), png16.size(), i2, 8, false).image;
        QCOMPARE(d.type(), CV_16UC3);
        QCOMPARE(cv::norm(d, deep, cv::NORM_INF), 0.0);
    }

    void sixteenBitRoundTrips_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("compression");
        for (const int type : {CV_16UC1, CV_16UC3, CV_16UC4}) {
            const QByteArray cn = QByteArray::number(CV_MAT_CN(type));
            QTest::newRow("png " + cn) << int(OutputFormat::Png) << type << 0;
            QTest::newRow("tiff none " + cn) << int(OutputFormat::Tiff) << type << int(TiffCompression::None);
            QTest::newRow("tiff lzw " + cn) << int(OutputFormat::Tiff) << type << int(TiffCompression::Lzw);
            QTest::newRow("tiff deflate " + cn) << int(OutputFormat::Tiff) << type << int(TiffCompression::Deflate);
        }
    }
    void sixteenBitRoundTrips()
    {
        // PNG and TIFF write 16 bits and read them back exactly, alpha straight.
        QFETCH(int, format);
        QFETCH(int, type);
        QFETCH(int, compression);
        const cv::Mat src = gradient16(301, 77, type);
        EncodeSettings s;
        s.format = OutputFormat(format);
        s.tiffCompression = TiffCompression(compression);
        std::vector<uint8_t> bytes;
        QString error;
        const DecodeResult r = encodedAndDecoded(src, s);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.type(), type);
        QCOMPARE(cv::norm(r.image, src, cv::NORM_INF), 0.0);
        // An 8-bit format gets 8 bits, once: v / 257, rounded; lossless, it says so (it did not).
        s.format = OutputFormat::Webp;
        s.lossless = true;
        QStringList warnings;
        QVERIFY2(encodeImage(src, s, &bytes, &error, &warnings), qPrintable(error));
        QCOMPARE(warnings, QStringList{"lossless at 8 bits a sample: the image had 16, and webp is written at 8"});
        const ImageInfo webp = probeImage(bytes.data(), bytes.size());
        const cv::Mat eight = decodeImage(bytes.data(), bytes.size(), webp, 8, false).image;
        cv::Mat expected;
        src.convertTo(expected, CV_8U, 1.0 / 257);
        QCOMPARE(eight.depth(), CV_8U);
        cv::Mat visible(src.size(), CV_8U, cv::Scalar(255)); // WebP may change invisible colour
        if (expected.channels() == 4)
            cv::extractChannel(expected, visible, 3);
        QCOMPARE(cv::norm(eight, withChannels(expected, eight.channels()), cv::NORM_INF, visible > 0), 0.0);
    }

    void sixteenBitTiffTilesAndAssociatedAlpha()
    {
        // Written by libtiff itself: tiled (edge tiles cut), grey + associated alpha. The decoder
        // gives straight alpha, 16 bits.
        QTemporaryDir dir;
        const QByteArray path = QFile::encodeName(dir.filePath("tiled.tif"));
        TIFF *t = TIFFOpen(path.constData(), "w");
        QVERIFY(t);
        const uint32_t w = 40, h = 37;
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(2));
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(16));
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
        const uint16_t extra[] = {EXTRASAMPLE_ASSOCALPHA};
        TIFFSetField(t, TIFFTAG_EXTRASAMPLES, uint16_t(1), extra);
        TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
        TIFFSetField(t, TIFFTAG_TILEWIDTH, 16u);
        TIFFSetField(t, TIFFTAG_TILELENGTH, 16u);
        // Straight grey g with alpha a, stored premultiplied: g * a / 65535.
        const auto grey = [](uint32_t x, uint32_t y) { return uint16_t(1000 + x * 1500 + y * 7); };
        const auto alpha = [](uint32_t x, uint32_t y) { return uint16_t(x == 0 ? 65535 : 30000 + y * 900); };
        std::vector<uint16_t> tile(16 * 16 * 2);
        for (uint32_t ty = 0; ty < h; ty += 16)
            for (uint32_t tx = 0; tx < w; tx += 16) {
                std::fill(tile.begin(), tile.end(), 0);
                for (uint32_t y = ty; y < std::min(h, ty + 16); ++y)
                    for (uint32_t x = tx; x < std::min(w, tx + 16); ++x) {
                        const size_t i = ((y - ty) * 16 + (x - tx)) * 2;
                        tile[i] = uint16_t((uint32_t(grey(x, y)) * alpha(x, y) + 32767) / 65535);
                        tile[i + 1] = alpha(x, y);
                    }
                QVERIFY(TIFFWriteTile(t, tile.data(), tx, ty, 0, 0) > 0);
            }
        TIFFClose(t);
        const QByteArray bytes = fileBytes(path);
        const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
        const ImageInfo info = probeImage(data, size_t(bytes.size()));
        const DecodeResult r = decodeImage(data, size_t(bytes.size()), info, 8, false);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.type(), CV_16UC4);
        for (uint32_t y = 0; y < h; ++y)
            for (uint32_t x = 0; x < w; ++x) {
                const cv::Vec4w p = r.image.at<cv::Vec4w>(int(y), int(x));
                QCOMPARE(p[3], alpha(x, y));
                QVERIFY2(std::abs(int(p[0]) - grey(x, y)) <= 2 && p[0] == p[1] && p[1] == p[2],
                         qPrintable(QStringLiteral("(%1,%2): %3 for %4").arg(x).arg(y).arg(p[0]).arg(grey(x, y))));
            }
        // Cut inside the tiles: an error, never a partly filled image.
        const DecodeResult cut = decodeImage(data, size_t(bytes.size()) / 2, info, 8, false);
        QVERIFY(cut.image.empty());
        QVERIFY(!cut.error.isEmpty());
    }

    // Samples libtiff's RGBA interface refuses (32-bit, floating point) or misread (signed 16-bit
    // grey came out with dark and light swapped) are read directly and brought to 16 bits:
    // floating point 0..1 is black to white, signed -32768..32767 likewise.
    void wideAndSignedTiffSamples_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("samples");
        QTest::newRow("float 32 RGB") << int(SAMPLEFORMAT_IEEEFP) << 32 << 3;
        QTest::newRow("float 64 grey") << int(SAMPLEFORMAT_IEEEFP) << 64 << 1;
        QTest::newRow("signed 16 grey") << int(SAMPLEFORMAT_INT) << 16 << 1;
        QTest::newRow("unsigned 32 grey") << int(SAMPLEFORMAT_UINT) << 32 << 1;
    }
    void wideAndSignedTiffSamples()
    {
        QFETCH(int, format);
        QFETCH(int, bits);
        QFETCH(int, samples);
        QTemporaryDir dir;
        const QByteArray path = QFile::encodeName(dir.filePath("wide.tif"));
        TIFF *t = TIFFOpen(path.constData(), "w");
        QVERIFY(t);
        const uint32_t w = 16, h = 4;
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(samples));
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(bits));
        TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, uint16_t(format));
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, samples == 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
        TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, h);
        // Sample i of the picture is the fraction (i % 17) / 16 of the way from black to white.
        const auto fraction = [](size_t i) { return double(i % 17) / 16.0; };
        const size_t n = size_t(w) * h * size_t(samples);
        std::vector<uint8_t> strip(n * size_t(bits / 8));
        for (size_t i = 0; i < n; ++i) {
            const double f = fraction(i);
            if (format == SAMPLEFORMAT_IEEEFP && bits == 32)
                reinterpret_cast<float *>(strip.data())[i] = float(f);
            else if (format == SAMPLEFORMAT_IEEEFP)
                reinterpret_cast<double *>(strip.data())[i] = f;
            else if (format == SAMPLEFORMAT_INT)
                reinterpret_cast<int16_t *>(strip.data())[i] = int16_t(std::lround(f * 65535) - 32768);
            else
                reinterpret_cast<uint32_t *>(strip.data())[i] = uint32_t(std::lround(f * 65535)) << 16;
        }
        QVERIFY(TIFFWriteEncodedStrip(t, 0, strip.data(), tmsize_t(strip.size())) > 0);
        TIFFClose(t);
        const QByteArray bytes = fileBytes(path);
        const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
        const ImageInfo info = probeImage(data, size_t(bytes.size()));
        const DecodeResult r = decodeImage(data, size_t(bytes.size()), info, 8, false);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.type(), CV_MAKETYPE(CV_16U, samples));
        for (uint32_t y = 0; y < h; ++y)
            for (uint32_t x = 0; x < w; ++x)
                for (int c = 0; c < samples; ++c) {
                    const size_t i = (size_t(y) * w + x) * size_t(samples) + size_t(c);
                    const int got =
                        r.image.ptr<uint16_t>(int(y))[size_t(x) * size_t(samples) + size_t(samples == 3 ? 2 - c : c)];
                    QVERIFY2(std::abs(got - std::lround(fraction(i) * 65535)) <= 1,
                             qPrintable(QStringLiteral("sample %1: %2").arg(i).arg(got)));
                }
    }

    // Floating-point samples beyond 0..1 (an HDR render's highlights, scene-referred values) cannot be
    // held by 16-bit pixels: they are clipped, and a warning says how many and their range. A 0..4
    // ramp was 75 % pure white without a word.
    void floatTiffOutsideZeroToOneIsClippedWithAWarning_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("outside"); // of the 64 × 3 samples
        QTest::newRow("0 to 4") << 0.0 << 4.0 << 144;
        QTest::newRow("-1 to 1") << -1.0 << 1.0 << 96;
        QTest::newRow("0 to 1") << 0.0 << 1.0 << 0;
    }
    void floatTiffOutsideZeroToOneIsClippedWithAWarning()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, outside);
        QTemporaryDir dir;
        const QByteArray path = QFile::encodeName(dir.filePath("float.tif"));
        TIFF *t = TIFFOpen(path.constData(), "w");
        QVERIFY(t);
        const uint32_t w = 64, h = 1;
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(3));
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(32));
        TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, uint16_t(SAMPLEFORMAT_IEEEFP));
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, h);
        std::vector<float> ramp(size_t(w) * 3); // sample i: from + (to - from) i / 191
        for (size_t i = 0; i < ramp.size(); ++i)
            ramp[i] = float(from + (to - from) * double(i) / double(ramp.size() - 1));
        QVERIFY(TIFFWriteEncodedStrip(t, 0, ramp.data(), tmsize_t(ramp.size() * sizeof(float))) > 0);
        TIFFClose(t);
        const QByteArray bytes = fileBytes(path);
        const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
        const ImageInfo info = probeImage(data, size_t(bytes.size()));
        const DecodeResult r = decodeImage(data, size_t(bytes.size()), info, 8, false, true);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.type(), CV_16UC3);
        const QString all = r.metadata.warnings.join(QLatin1String("; ")) + r.warning;
        if (outside == 0) {
            QVERIFY2(all.isEmpty(), qPrintable(all));
            return;
        }
        QCOMPARE(r.metadata.warnings.size(), 1);
        const QString expected = QStringLiteral("floating-point samples outside 0 to 1 clipped to black and white: %1 "
                                                "of 192 (values from %2 to %3)")
                                     .arg(outside)
                                     .arg(from)
                                     .arg(to);
        QCOMPARE(r.metadata.warnings.first(), expected);
        double lowest = 0, highest = 0;
        cv::minMaxLoc(r.image.reshape(1), &lowest, &highest);
        QCOMPARE(lowest, 0.0);
        QCOMPARE(highest, 65535.0);
    }

    // 16-bit CMYK (print work's usual depth; libtiff's RGBA interface reads only 8-bit inks) is
    // read: by the plain formula without a profile, the same picture libtiff gives for the same
    // inks at 8 bits. It was refused as "Sorry, can not handle image", called damage.
    void sixteenBitCmykTiffIsRead()
    {
        const cv::Mat inks = gradient16(40, 30, CV_16UC4);
        const DecodeResult wide = decoded(libtiffFile(inks, PHOTOMETRIC_SEPARATED));
        QVERIFY2(wide.error.isEmpty(), qPrintable(wide.error));
        QCOMPARE(wide.image.type(), CV_16UC3);
        QCOMPARE(wide.image.size(), inks.size());
        cv::Mat inks8;
        inks.convertTo(inks8, CV_8U, 1.0 / 257);
        const DecodeResult narrow = decoded(libtiffFile(inks8, PHOTOMETRIC_SEPARATED));
        QVERIFY2(narrow.error.isEmpty(), qPrintable(narrow.error));
        QCOMPARE(narrow.image.type(), CV_8UC3);
        cv::Mat wideAs8;
        wide.image.convertTo(wideAs8, CV_8U, 1.0 / 257);
        QVERIFY2(cv::norm(wideAs8, narrow.image, cv::NORM_INF) <= 2,
                 qPrintable(QString::number(cv::norm(wideAs8, narrow.image, cv::NORM_INF))));
        // No ink is white; full black ink is black whatever the rest.
        cv::Mat corners(1, 2, CV_16UC4);
        corners.at<cv::Vec4w>(0, 0) = {0, 0, 0, 0};
        corners.at<cv::Vec4w>(0, 1) = {12345, 0, 54321, 65535};
        const DecodeResult c = decoded(libtiffFile(corners, PHOTOMETRIC_SEPARATED));
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QCOMPARE(c.image.at<cv::Vec3w>(0, 0), cv::Vec3w(65535, 65535, 65535));
        QCOMPARE(c.image.at<cv::Vec3w>(0, 1), cv::Vec3w(0, 0, 0));
    }

    // L*a*b* TIFFs are read as lcms2 reads D50 L*a*b*, whichever of TIFF's two encodings, at 8 and
    // 16 bits, L* alone, with alpha straight or associated (divided out of L*, a* and b*).
    void labTiffIsReadColorimetrically_data()
    {
        QTest::addColumn<int>("photometric");
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("extraSample");
        // Of 255 or 65535, against lcms2 from the exact L*a*b*: half a level and lcms2's rounding at
        // 8 bits; an eighth of an 8-bit level at 16 (the sRGB curve's table steps; a* and b* move
        // from 256ths to 257ths of a unit).
        QTest::addColumn<double>("tolerance");
        const int none = -1;
        QTest::newRow("CIELab, 8 bits") << int(PHOTOMETRIC_CIELAB) << int(CV_8U) << 3 << none << 1.0;
        QTest::newRow("CIELab, 16 bits") << int(PHOTOMETRIC_CIELAB) << int(CV_16U) << 3 << none << 32.0;
        QTest::newRow("ICCLab, 8 bits") << int(PHOTOMETRIC_ICCLAB) << int(CV_8U) << 3 << none << 1.0;
        QTest::newRow("ICCLab, 16 bits") << int(PHOTOMETRIC_ICCLAB) << int(CV_16U) << 3 << none << 32.0;
        QTest::newRow("CIELab, 8 bits, alpha")
            << int(PHOTOMETRIC_CIELAB) << int(CV_8U) << 4 << int(EXTRASAMPLE_UNASSALPHA) << 1.0;
        QTest::newRow("ICCLab, 16 bits, associated alpha")
            << int(PHOTOMETRIC_ICCLAB) << int(CV_16U) << 4 << int(EXTRASAMPLE_ASSOCALPHA) << 32.0;
        QTest::newRow("CIELab, 8 bits, associated alpha")
            << int(PHOTOMETRIC_CIELAB) << int(CV_8U) << 4 << int(EXTRASAMPLE_ASSOCALPHA) << 1.0;
        QTest::newRow("CIELab, L* alone") << int(PHOTOMETRIC_CIELAB) << int(CV_8U) << 1 << none << 1.0;
        QTest::newRow("ICCLab, L* alone, 16 bits, alpha")
            << int(PHOTOMETRIC_ICCLAB) << int(CV_16U) << 2 << int(EXTRASAMPLE_UNASSALPHA) << 32.0;
    }
    void labTiffIsReadColorimetrically()
    {
        QFETCH(int, photometric);
        QFETCH(int, depth);
        QFETCH(int, channels);
        QFETCH(int, extraSample);
        QFETCH(double, tolerance);
        const bool wide = depth == CV_16U, grey = channels < 3, alpha = channels % 2 == 0;
        const bool associated = extraSample == EXTRASAMPLE_ASSOCALPHA;
        const double maxCode = wide ? 65535 : 255;
        // Colours from all over sRGB (black, white and the primaries among them) as D50 L*a*b*.
        const int w = 64, h = 48;
        cv::Mat srgb(h, w, CV_8UC3);
        cv::randu(srgb, 0, 256);
        const cv::Vec3b corners[] = {{0, 0, 0}, {255, 255, 255}, {0, 0, 255}, {0, 255, 0}, {255, 0, 0}};
        for (int i = 0; i < 5; ++i)
            srgb.at<cv::Vec3b>(0, i) = corners[i];
        if (grey) {
            cv::cvtColor(srgb, srgb, cv::COLOR_BGR2GRAY);
            cv::cvtColor(srgb, srgb, cv::COLOR_GRAY2BGR);
        }
        cmsHPROFILE srgbProfile = cmsCreate_sRGBProfile(), labProfile = cmsCreateLab4Profile(nullptr);
        cmsHTRANSFORM toLab = cmsCreateTransform(srgbProfile, TYPE_BGR_8, labProfile, TYPE_Lab_DBL,
                                                 INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE);
        cmsHTRANSFORM fromLab = cmsCreateTransform(labProfile, TYPE_Lab_DBL, srgbProfile, TYPE_BGR_DBL,
                                                   INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE);
        std::vector<cmsCIELab> lab(size_t(w) * h);
        cmsDoTransform(toLab, srgb.data, lab.data(), cmsUInt32Number(lab.size()));
        // The samples in the file's encoding, and the L*a*b* they say exactly (what a reader must
        // take them for).
        cv::Mat samples(h, w, CV_MAKETYPE(depth, channels));
        std::vector<cmsCIELab> said(lab.size());
        cv::Mat alphas(h, w, depth);
        cv::randu(alphas, 0, maxCode + 1);
        alphas(cv::Rect(0, 0, 2, 1)).setTo(0); // see-through and opaque pixels among the rest
        alphas(cv::Rect(2, 0, 2, 1)).setTo(maxCode);
        for (int i = 0; i < w * h; ++i) {
            const int y = i / w, x = i % w;
            const double a = alpha ? (wide ? alphas.at<ushort>(y, x) : alphas.at<uchar>(y, x)) : maxCode;
            const double premultiply = associated ? a / maxCode : 1.0;
            const double l = lab[size_t(i)].L * premultiply, ca = lab[size_t(i)].a * premultiply,
                         cb = lab[size_t(i)].b * premultiply;
            double codes[4] = {0, 0, 0, a};
            if (photometric == PHOTOMETRIC_CIELAB) { // L* 0..255 or 0..65535; a*, b* signed, ×256 at 16 bits
                codes[0] = std::round(l * maxCode / 100);
                codes[1] = std::round(ca * (wide ? 256 : 1));
                codes[2] = std::round(cb * (wide ? 256 : 1));
            } else { // the ICC's: L* 0..255 or 0..0xFF00; a*, b* + 128, ×256 at 16 bits
                codes[0] = std::round(l * (wide ? 652.8 : 2.55));
                codes[1] = std::round((ca + 128) * (wide ? 256 : 1));
                codes[2] = std::round((cb + 128) * (wide ? 256 : 1));
            }
            const double unpremultiply = associated && a > 0 ? maxCode / a : 1.0;
            const bool signedCodes = photometric == PHOTOMETRIC_CIELAB;
            said[size_t(i)].L = codes[0] * (signedCodes || !wide ? 100 / maxCode : 100 / 65280.0) * unpremultiply;
            said[size_t(i)].a =
                (signedCodes ? codes[1] : codes[1] - 128 * (wide ? 256 : 1)) / (wide ? 256 : 1) * unpremultiply;
            said[size_t(i)].b =
                (signedCodes ? codes[2] : codes[2] - 128 * (wide ? 256 : 1)) / (wide ? 256 : 1) * unpremultiply;
            if (grey)
                said[size_t(i)].a = said[size_t(i)].b = 0;
            const int colours = grey ? 1 : 3;
            for (int c = 0; c < channels; ++c) {
                const double v = c < colours ? codes[c] : codes[3];
                const int code = int(v);
                if (wide)
                    samples.ptr<ushort>(y)[x * channels + c] =
                        ushort(signedCodes && c > 0 && c < colours ? uint16_t(int16_t(code)) : uint16_t(code));
                else
                    samples.ptr<uchar>(y)[x * channels + c] =
                        uchar(signedCodes && c > 0 && c < colours ? uint8_t(int8_t(code)) : uint8_t(code));
            }
        }
        std::vector<cv::Vec3d> expected(lab.size());
        cmsDoTransform(fromLab, said.data(), expected.data(), cmsUInt32Number(said.size()));
        cmsDeleteTransform(toLab);
        cmsDeleteTransform(fromLab);
        cmsCloseProfile(srgbProfile);
        cmsCloseProfile(labProfile);

        const DecodeResult r = decoded(libtiffFile(samples, uint16_t(photometric), INKSET_CMYK, extraSample));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const int outChannels = grey && !alpha ? 1 : alpha ? 4 : 3;
        QCOMPARE(r.image.type(), CV_MAKETYPE(depth, outChannels));
        QCOMPARE(r.image.size(), samples.size());
        double worst = 0;
        for (int i = 0; i < w * h; ++i) {
            const int y = i / w, x = i % w;
            const double a = alpha ? (wide ? alphas.at<ushort>(y, x) : alphas.at<uchar>(y, x)) : maxCode;
            for (int c = 0; c < outChannels; ++c) {
                const double got =
                    wide ? r.image.ptr<ushort>(y)[x * outChannels + c] : r.image.ptr<uchar>(y)[x * outChannels + c];
                if (c == 3) {
                    QCOMPARE(got, a); // alpha as stored
                    continue;
                }
                // Associated colour below 1/16 opacity holds too few levels to say much.
                if (associated && a < maxCode / 16)
                    continue;
                const double want = std::clamp(expected[size_t(i)][outChannels == 1 ? 1 : c], 0.0, 1.0) * maxCode;
                worst = std::max(worst, std::abs(got - want));
            }
        }
        QVERIFY2(worst <= tolerance, qPrintable(QStringLiteral("%1 levels off").arg(worst)));
    }

    // L*a*b* relative to the white the WhitePoint tag names is read so: D65, as ImageMagick writes
    // it (sRGB's own white: an sRGB image comes back as it was), and illuminant A (adapted to D65 by
    // Bradford's transform, as the books do it).
    void labTiffWithAnotherWhiteIsAdapted_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<double>("whiteX");
        QTest::addColumn<double>("whiteY");
        // Of 255, against the file's L*a*b* made sRGB by the books (at 8 bits the file is up to 17
        // levels from the image it was made from: a* and b* in whole units; the books' four-digit
        // matrix is a third of a level from the exact one near black).
        QTest::addColumn<double>("tolerance");
        QTest::newRow("D65, 8 bits") << int(CV_8U) << 0.3127 << 0.3290 << 1.0;
        QTest::newRow("D65, 16 bits") << int(CV_16U) << 0.3127 << 0.3290 << 0.5;
        QTest::newRow("illuminant A, 16 bits") << int(CV_16U) << 0.44757 << 0.40745 << 0.5;
    }
    void labTiffWithAnotherWhiteIsAdapted()
    {
        QFETCH(int, depth);
        QFETCH(double, whiteX);
        QFETCH(double, whiteY);
        QFETCH(double, tolerance);
        const bool wide = depth == CV_16U;
        cv::Mat srgb(48, 64, CV_8UC3);
        cv::randu(srgb, 0, 256);
        const cv::Vec3b corners[] = {{0, 0, 0}, {255, 255, 255}, {0, 0, 255}, {0, 255, 0}, {255, 0, 0}};
        for (int i = 0; i < 5; ++i)
            srgb.at<cv::Vec3b>(0, i) = corners[i];
        // sRGB to XYZ (D65) by the books (IEC 61966-2-1), adapted to the white by Bradford's
        // transform, and to L*a*b* relative to it (CIE 15); no profile.
        const double xn = whiteX / whiteY, zn = (1 - whiteX - whiteY) / whiteY;
        const cv::Matx33d bradford(0.8951, 0.2664, -0.1614, -0.7502, 1.7135, 0.0367, 0.0389, -0.0685, 1.0296);
        const cv::Vec3d d65(0.3127 / 0.3290, 1, (1 - 0.3127 - 0.3290) / 0.3290), white(xn, 1, zn);
        const cv::Vec3d coneD65 = bradford * d65, coneWhite = bradford * white;
        const cv::Matx33d toWhite =
            bradford.inv() *
            cv::Matx33d::diag({coneWhite[0] / coneD65[0], coneWhite[1] / coneD65[1], coneWhite[2] / coneD65[2]}) *
            bradford;
        const cv::Matx33d fromWhite = toWhite.inv();
        const auto linear = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        const auto f = [](double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; };
        const auto finv = [](double t) { return t > 6.0 / 29 ? t * t * t : (116 * t - 16) * 27 / 24389; };
        const auto gamma = [](double v) {
            v = std::clamp(v, 0.0, 1.0);
            return 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1 / 2.4) - 0.055);
        };
        cv::Mat samples(srgb.size(), CV_MAKETYPE(depth, 3)), expected(srgb.size(), CV_64FC3);
        for (int y = 0; y < srgb.rows; ++y)
            for (int x = 0; x < srgb.cols; ++x) {
                const cv::Vec3b bgr = srgb.at<cv::Vec3b>(y, x);
                const double r = linear(bgr[2] / 255.0), g = linear(bgr[1] / 255.0), b = linear(bgr[0] / 255.0);
                const cv::Vec3d xyz =
                    toWhite * cv::Vec3d(0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
                                        0.0193 * r + 0.1192 * g + 0.9505 * b);
                const double fx = f(xyz[0] / xn), fy = f(xyz[1]), fz = f(xyz[2] / zn);
                // TIFF's CIELab: L* 0..255 or 0..65535, a* and b* signed units or 256ths of one.
                const double lStep = wide ? 655.35 : 2.55, abStep = wide ? 256 : 1;
                const long l = std::lround((116 * fy - 16) * lStep), a = std::lround(500 * (fx - fy) * abStep),
                           bb = std::lround(200 * (fy - fz) * abStep);
                if (wide)
                    samples.at<cv::Vec3w>(y, x) = {ushort(l), ushort(int16_t(a)), ushort(int16_t(bb))};
                else
                    samples.at<cv::Vec3b>(y, x) = {uchar(l), uchar(int8_t(a)), uchar(int8_t(bb))};
                // What those samples say, back to sRGB by the books.
                const double gy = (l / lStep + 16) / 116, gx = gy + a / abStep / 500, gz = gy - bb / abStep / 200;
                const cv::Vec3d c = fromWhite * cv::Vec3d(finv(gx) * xn, finv(gy), finv(gz) * zn);
                const double cx = c[0], cy = c[1], cz = c[2];
                expected.at<cv::Vec3d>(y, x) = {gamma(0.0557 * cx - 0.2040 * cy + 1.0570 * cz),
                                                gamma(-0.9689 * cx + 1.8758 * cy + 0.0415 * cz),
                                                gamma(3.2406 * cx - 1.5372 * cy - 0.4986 * cz)};
            }
        const float tag[2] = {float(whiteX), float(whiteY)};
        const DecodeResult r = decoded(libtiffFile(samples, PHOTOMETRIC_CIELAB, INKSET_CMYK, -1, tag));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.type(), CV_MAKETYPE(depth, 3));
        cv::Mat back;
        r.image.convertTo(back, CV_64F, wide ? 1.0 / 257 : 1.0);
        const double worst = cv::norm(back, expected, cv::NORM_INF);
        QVERIFY2(worst <= tolerance, qPrintable(QStringLiteral("%1 levels off").arg(worst)));
        // Taken as D50 L*a*b* (no tag), the same samples are another picture.
        const DecodeResult asD50 = decoded(libtiffFile(samples, PHOTOMETRIC_CIELAB));
        QVERIFY2(asD50.error.isEmpty(), qPrintable(asD50.error));
        cv::Mat d50;
        asD50.image.convertTo(d50, CV_64F, wide ? 1.0 / 257 : 1.0);
        QVERIFY2(cv::norm(d50, expected, cv::NORM_INF) > 10,
                 qPrintable(QString::number(cv::norm(d50, expected, cv::NORM_INF))));
    }

    // A WhitePoint tag that names no light (a zero cone response, x + y at 1, far off) is taken
    // for damage: the L*a*b* is read relative to D50, as without the tag, with a warning.
    void labTiffWithAWhiteOfNoLightIsReadAsD50_data()
    {
        QTest::addColumn<float>("whiteX");
        QTest::addColumn<float>("whiteY");
        QTest::newRow("a zero cone response") << 0.100215465f << 0.129785791f;
        QTest::newRow("x + y at 1") << 0.55f << 0.45f;
        QTest::newRow("far off") << 0.01f << 0.01f;
    }
    void labTiffWithAWhiteOfNoLightIsReadAsD50()
    {
        QFETCH(float, whiteX);
        QFETCH(float, whiteY);
        cv::Mat samples(16, 24, CV_8UC3);
        cv::randu(samples, 0, 256);
        const float tag[2] = {whiteX, whiteY};
        const DecodeResult r = decoded(libtiffFile(samples, PHOTOMETRIC_CIELAB, INKSET_CMYK, -1, tag));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const DecodeResult untagged = decoded(libtiffFile(samples, PHOTOMETRIC_CIELAB));
        QVERIFY2(untagged.error.isEmpty(), qPrintable(untagged.error));
        QCOMPARE(cv::norm(r.image, untagged.image, cv::NORM_INF), 0.0);
        QVERIFY2(r.metadata.warnings.join(' ').contains("names no light"), qPrintable(r.metadata.warnings.join(' ')));
    }

    // A TIFF layout PixelPool does not read is refused as unsupported, not as damage.
    void tiffOfAnotherKindIsUnsupportedNotDamaged_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("photometric");
        QTest::addColumn<int>("inkSet");
        QTest::newRow("16-bit palette") << int(CV_16U) << 1 << int(PHOTOMETRIC_PALETTE) << int(INKSET_CMYK);
        QTest::newRow("multi-ink separated") << int(CV_8U) << 4 << int(PHOTOMETRIC_SEPARATED) << int(INKSET_MULTIINK);
    }
    void tiffOfAnotherKindIsUnsupportedNotDamaged()
    {
        QFETCH(int, depth);
        QFETCH(int, channels);
        QFETCH(int, photometric);
        QFETCH(int, inkSet);
        const cv::Mat samples(8, 8, CV_MAKETYPE(depth, channels), cv::Scalar::all(3));
        const QByteArray file = libtiffFile(samples, uint16_t(photometric), uint16_t(inkSet));
        QVERIFY(!file.isEmpty());
        const DecodeResult d = decoded(file);
        QVERIFY(d.image.empty());
        QVERIFY2(d.error.startsWith("TIFF of a kind PixelPool does not read: "), qPrintable(d.error));
        QVERIFY(!d.corrupt);
    }

    // A TIFF of several pages (a scanned letter, a fax) is read as its first page, and says so: the
    // others were dropped without a word. A reduced-resolution copy (a thumbnail's directory) is no
    // page.
    void multiPageTiffSaysOnlyItsFirstPageIsWritten_data()
    {
        QTest::addColumn<QVector<int>>("subfileTypes"); // one directory each, in file order
        QTest::addColumn<QString>("warning");
        QTest::newRow("one page") << QVector<int>{0} << QString();
        QTest::newRow("three pages") << QVector<int>{FILETYPE_PAGE, FILETYPE_PAGE, FILETYPE_PAGE}
                                     << QStringLiteral("TIFF of 3 pages: only the first is read");
        QTest::newRow("plain directories")
            << QVector<int>{0, 0} << QStringLiteral("TIFF of 2 pages: only the first is read");
        QTest::newRow("a page and its thumbnail") << QVector<int>{0, FILETYPE_REDUCEDIMAGE} << QString();
        QTest::newRow("twenty pages") << QVector<int>(20, FILETYPE_PAGE)
                                      << QStringLiteral("TIFF of 20 pages: only the first is read");
    }
    void multiPageTiffSaysOnlyItsFirstPageIsWritten()
    {
        QFETCH(QVector<int>, subfileTypes);
        QFETCH(QString, warning);
        QTemporaryDir dir;
        const QByteArray path = QFile::encodeName(dir.filePath("pages.tif"));
        TIFF *t = TIFFOpen(path.constData(), "w");
        QVERIFY(t);
        for (int page = 0; page < subfileTypes.size(); ++page) {
            const cv::Mat grey(6, 8, CV_8UC1, cv::Scalar(10 + 20 * page));
            TIFFSetField(t, TIFFTAG_SUBFILETYPE, uint32_t(subfileTypes[page]));
            TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(grey.cols));
            TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(grey.rows));
            TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(1));
            TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(8));
            TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
            TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
            TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, uint32_t(grey.rows));
            QVERIFY(TIFFWriteEncodedStrip(t, 0, grey.data, tmsize_t(grey.total())) > 0);
            QVERIFY(TIFFWriteDirectory(t));
        }
        TIFFClose(t);
        const DecodeResult d = decoded(fileBytes(path));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.image.size(), cv::Size(8, 6));
        QCOMPARE(int(d.image.at<uchar>(0, 0)), 10); // the first page
        QCOMPARE(d.warning, warning);
    }

    // A compression libtiff was built without (here JPEG 2000) is unsupported too, not damage.
    void tiffInACompressionLibtiffLacksIsUnsupported()
    {
        QByteArray file = libtiffFile(cv::Mat(8, 8, CV_8UC3, cv::Scalar::all(3)), PHOTOMETRIC_RGB);
        QVERIFY(file.startsWith("II"));
        const auto u16 = [&](qsizetype at) { return uint8_t(file[at]) | uint8_t(file[at + 1]) << 8; };
        const qsizetype ifd = qFromLittleEndian<quint32>(file.constData() + 4);
        bool patched = false;
        for (int i = 0, n = u16(ifd); i < n; ++i) {
            const qsizetype entry = ifd + 2 + 12 * i;
            if (u16(entry) == 259) { // Compression, a SHORT held in the entry
                file[entry + 8] = char(34712 & 0xff);
                file[entry + 9] = char(34712 >> 8);
                patched = true;
            }
        }
        QVERIFY(patched);
        const DecodeResult d = decoded(file);
        QVERIFY(d.image.empty());
        QCOMPARE(d.error, QStringLiteral("TIFF of a kind PixelPool does not read: compression 34712"));
        QVERIFY(!d.corrupt);
    }

    void eightBitTiffKeepsStraightAlpha_data()
    {
        QTest::addColumn<int>("compression");
        QTest::newRow("none") << int(TiffCompression::None);
        QTest::newRow("lzw") << int(TiffCompression::Lzw);
        QTest::newRow("deflate") << int(TiffCompression::Deflate);
    }
    void eightBitTiffKeepsStraightAlpha()
    {
        // PixelPool writes 8-bit alpha as unassociated; reading it back keeps the colour of nearly
        // transparent pixels exactly (premultiplying into 8 bits would leave 0 or 255 at alpha 1).
        QFETCH(int, compression);
        cv::Mat src(41, 67, CV_8UC4);
        cv::randu(src, 0, 256);
        for (int y = 0; y < src.rows; ++y)
            for (int x = 0; x < src.cols; ++x)
                src.at<cv::Vec4b>(y, x)[3] = uchar(1 + (x + y * 5) % 255);
        EncodeSettings s;
        s.format = OutputFormat::Tiff;
        s.tiffCompression = TiffCompression(compression);
        const DecodeResult r = encodedAndDecoded(src, s);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.type(), CV_8UC4);
        QCOMPARE(cv::norm(r.image, src, cv::NORM_INF), 0.0);
    }

    void exifOrientationIsRead()
    {
        QFile f(PIXELPOOL_SAMPLES "/kite-exif-rotated.jpg");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray b = f.readAll();
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(b.data()), size_t(b.size()));
        QCOMPARE(info.exifOrientation, 6);
    }

    // An Orientation tag with a count of 0 has no value (exiv2 and viewers read none): the bytes in
    // its value field are not an orientation to apply.
    void exifOrientationWithoutAValueIsIgnored_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("orientation");
        QTest::newRow("count 1") << 1 << 6;
        QTest::newRow("count 0") << 0 << 1;
    }
    void exifOrientationWithoutAValueIsIgnored()
    {
        QFETCH(int, count);
        QFETCH(int, orientation);
        std::vector<uint8_t> jpeg = encoded(".jpg", gradient(40, 30));
        // APP1: "Exif", a little-endian TIFF with one entry, Orientation SHORT × count = 6.
        const uint8_t app1[] = {
            0xFF, 0xE1, 0x00, 0x22,           'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12,
            0x01, 3,    0,    uint8_t(count), 0,   0,   0,   6,   0, 0, 0,   0,   0,  0, 0};
        jpeg.insert(jpeg.begin() + 2, std::begin(app1), std::end(app1));
        const ImageInfo info = probeImage(jpeg.data(), jpeg.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.exifOrientation, orientation);
    }

    // A PNG's eXIf chunk and a WebP's EXIF chunk say how the picture is turned, as a JPEG's
    // APP1 does (browsers, libvips and Pillow turn them): the probe reads it, so autoOrient turns
    // the picture and an output that keeps the pixels keeps the Orientation. Some writers put a
    // JPEG's "Exif\0\0" before the TIFF structure.
    void exifOrientationOfPngAndWebpIsRead_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("prefixed");
        QTest::newRow("PNG") << int(OutputFormat::Png) << false;
        QTest::newRow("WebP") << int(OutputFormat::Webp) << false;
        QTest::newRow("WebP, after Exif\\0\\0") << int(OutputFormat::Webp) << true;
    }
    void exifOrientationOfPngAndWebpIsRead()
    {
        QFETCH(int, format);
        QFETCH(bool, prefixed);
        OutputMetadata meta;
        // a little-endian TIFF with one entry: Orientation SHORT × 1 = 6
        meta.exif = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0};
        if (prefixed)
            meta.exif.insert(meta.exif.begin(), {'E', 'x', 'i', 'f', 0, 0});
        EncodeSettings s{OutputFormat(format), 90, 6, false};
        s.metadata = &meta;
        s.orientation = 6;
        std::vector<uint8_t> out;
        QString error;
        QVERIFY2(encodeImage(gradient(40, 30), s, &out, &error), qPrintable(error));
        const ImageInfo info = probeImage(out.data(), out.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.exifOrientation, 6);
    }

    // The probe's walk to a PNG's eXIf ends where libpng stops reading: at a chunk type that is not
    // four letters (the file is refused). A file of zeros after its header walked one step per 12
    // bytes; now it is one step.
    void pngChunkWalkEndsWhereLibpngStops()
    {
        OutputMetadata meta;
        meta.exif = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0};
        EncodeSettings s{OutputFormat::Png, 90, 6, false};
        s.metadata = &meta;
        s.orientation = 6;
        std::vector<uint8_t> png;
        QString error;
        QVERIFY2(encodeImage(gradient(40, 30), s, &png, &error), qPrintable(error));
        QCOMPARE(probeImage(png.data(), png.size()).exifOrientation, 6);
        // A zero-length chunk with a type of zeros right after IHDR (8 + 25 bytes), before eXIf.
        std::vector<uint8_t> cut = png;
        cut.insert(cut.begin() + 33, 12, 0);
        const ImageInfo info = probeImage(cut.data(), cut.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.exifOrientation, 1);
        const DecodeResult d = decodeImage(cut.data(), cut.size(), info, 8, false);
        QVERIFY(d.image.empty());
        QVERIFY2(d.error.contains("PNG"), qPrintable(d.error));
    }

    // An animated PNG (APNG) is a PNG whose default image is its IDAT: libpng decodes that and passes
    // over the animation's chunks (acTL, fcTL, fdAT), as every viewer without animation does. The
    // default image is the first frame, or a still that is not part of the animation.
    // Its frames are counted (the fcTL chunks, each a step along the chunks, whatever acTL claims),
    // and a warning says what was not read: they were dropped without a word.
    void animatedPngDecodesItsDefaultImage_data()
    {
        QTest::addColumn<bool>("defaultIsAFrame");
        QTest::addColumn<int>("moreFrames");  // after the second, each a frame control alone
        QTest::addColumn<quint32>("claimed"); // acTL's number of frames
        QTest::addColumn<QString>("warning");
        QTest::newRow("the first frame") << true << 0 << 2u << "animated PNG of 2 frames: only the first is read";
        QTest::newRow("a still outside the animation")
            << false << 0 << 1u << "animated PNG of 1 frame: only its still image is read";
        QTest::newRow("a still and 3 frames")
            << false << 2 << 3u << "animated PNG of 3 frames: only its still image is read";
        QTest::newRow("acTL claims 4294967295")
            << true << 10 << 4294967295u << "animated PNG of 12 frames: only the first is read";
        QTest::newRow("200000 frames") << true << 199'998 << 200'000u
                                       << "animated PNG of 200000 frames: only the first is read";
    }
    void animatedPngDecodesItsDefaultImage()
    {
        QFETCH(bool, defaultIsAFrame);
        QFETCH(int, moreFrames);
        QFETCH(quint32, claimed);
        QFETCH(QString, warning);
        const cv::Mat first = gradient(40, 30), second(30, 40, CV_8UC3, cv::Scalar(0, 0, 255));
        const QByteArray a = pngChunks(encoded(".png", first)), b = pngChunks(encoded(".png", second));
        const auto u32 = [](quint32 v) {
            QByteArray out(4, '\0');
            qToBigEndian(v, out.data());
            return out;
        };
        const auto chunk = [&](const char *type, const QByteArray &data) {
            const QByteArray typed = QByteArray(type) + data;
            return u32(quint32(data.size())) + typed + u32(crc32(typed));
        };
        quint32 sequence = 0;
        const auto frameControl = [&] { // 40×30 at 0,0, 1/10 s
            return chunk("fcTL",
                         u32(sequence++) + u32(40) + u32(30) + u32(0) + u32(0) + QByteArray("\0\1\0\x0A\0\0", 6));
        };
        QByteArray apng = QByteArray("\x89PNG\r\n\x1A\n", 8) + chunk("IHDR", chunkData(a, "IHDR"));
        apng += chunk("acTL", u32(claimed) + u32(0));
        if (defaultIsAFrame)
            apng += frameControl();
        apng += chunk("IDAT", chunkData(a, "IDAT"));
        apng += frameControl();
        apng += chunk("fdAT", u32(sequence++) + chunkData(b, "IDAT"));
        const QByteArray control = frameControl();
        apng.reserve(apng.size() + control.size() * moreFrames + 12);
        for (int i = 0; i < moreFrames; ++i)
            apng += control; // the same one again: a count, not a valid animation, is what is read
        apng += chunk("IEND", {});
        const auto *data = reinterpret_cast<const uint8_t *>(apng.constData());
        const ImageInfo info = probeImage(data, size_t(apng.size()));
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.format, ImageFormat::Png);
        QElapsedTimer timer;
        timer.start();
        for (const bool withMetadata : {false, true}) {
            const DecodeResult d = decodeImage(data, size_t(apng.size()), info, 8, false, withMetadata);
            QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
            QCOMPARE(d.warning, warning);
            QVERIFY(!d.corrupt);
            QCOMPARE(cv::norm(d.image, withChannels(first, d.image.channels()), cv::NORM_INF), 0.0);
        }
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        // A still PNG says nothing.
        QVERIFY(decoded(QByteArray("\x89PNG\r\n\x1A\n", 8) + a).warning.isEmpty());
    }

    // `bytes` put into a JPEG before the first marker `marker` at or after `from`.
    static std::vector<uint8_t> insertedBefore(std::vector<uint8_t> jpeg, uint8_t marker, const QByteArray &bytes,
                                               size_t from = 2)
    {
        const uint8_t m[] = {0xFF, marker};
        const auto at = std::search(jpeg.begin() + qsizetype(from), jpeg.end(), m, m + 2);
        if (at == jpeg.end())
            qFatal("no marker %02x", marker);
        jpeg.insert(at, bytes.begin(), bytes.end());
        return jpeg;
    }

    // Stray bytes where a marker is due in a JPEG's header (before its first scan) cost no pixel:
    // libjpeg skips them to the next marker (JWRN_EXTRANEOUS_DATA), and so do the probe and the scan
    // count, so that they find libjpeg's frame header. The image is read, with a warning that says
    // what was passed over, whatever `damaged` says. Before, the probe refused the file ("damaged JPEG
    // header (no marker at byte 81)" as for Pillow's junk_jpeg_header.jpg, "truncated JPEG header" for
    // a comment whose length is 0), and a stuffed 0xFF 0x00 between segments failed as damaged data.
    void strayBytesInAJpegHeaderAreIgnored_data()
    {
        QTest::addColumn<QByteArray>("beforeQuantTables"); // before the first DQT
        QTest::addColumn<QByteArray>("afterFrameHeader");  // before the first DHT, which follows it
        QTest::addColumn<QString>("warning");
        QTest::newRow("5 bytes") << QByteArray("hello") << QByteArray()
                                 << "JPEG header has 5 stray bytes before a "
                                    "marker; ignored";
        QTest::newRow("a stuffed zero") << QByteArray("\xff\x00\x00\x02", 4) << QByteArray()
                                        << "JPEG header has 4 stray bytes before a marker; ignored";
        QTest::newRow("a comment 3 bytes longer than it says")
            << QByteArray("\xff\xfe\x00\x05"
                          "abcxyz",
                          10)
            << QByteArray() << "JPEG header has 3 stray bytes before a marker; ignored";
        QTest::newRow("an APP14 cut a byte short, as Pillow's truncated_app14.jpg")
            << QByteArray("\xff\xee\x00\x0d"
                          "Adobe\x00\x64\x40\x00\x00\x00\x01",
                          16)
            << QByteArray() << "JPEG header has 1 stray byte before a marker; ignored";
        QTest::newRow("a comment of length 0, as wuffs' hippopotamus-bad-comment-length.jpeg")
            << QByteArray("\xff\xfe\x00\x00", 4) << QByteArray() << QString();
        QTest::newRow("after the frame header") << QByteArray() << QByteArray("junk")
                                                << "JPEG header has 4 stray bytes "
                                                   "before a marker; ignored";
        QTest::newRow("in two places") << QByteArray("hello") << QByteArray("junk")
                                       << "JPEG header has 9 stray bytes before 2 markers; ignored";
    }
    void strayBytesInAJpegHeaderAreIgnored()
    {
        QFETCH(QByteArray, beforeQuantTables);
        QFETCH(QByteArray, afterFrameHeader);
        QFETCH(QString, warning);
        const std::vector<uint8_t> clean = encoded(".jpg", gradient(96, 64));
        std::vector<uint8_t> jpeg = insertedBefore(clean, 0xDB, beforeQuantTables);
        if (!afterFrameHeader.isEmpty())
            jpeg = insertedBefore(jpeg, 0xC4, afterFrameHeader);
        const ImageInfo info = probeImage(jpeg.data(), jpeg.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(QSize(info.width, info.height), QSize(96, 64));
        const DecodeResult want = decoded(clean);
        for (const bool allowDamaged : {false, true}) {
            const DecodeResult d = decodeImage(jpeg.data(), jpeg.size(), info, 8, allowDamaged);
            QVERIFY2(!d.image.empty(), qPrintable(d.error));
            QVERIFY(!d.corrupt);
            QCOMPARE(d.warning, warning);
            QCOMPARE(cv::norm(d.image, want.image, cv::NORM_INF), 0.0);
        }
    }

    // The probe finds the frame header libjpeg finds: one among the bytes a segment's length leaves
    // out is a marker to libjpeg, and its size is what the pixel limit is checked on (60000×60000
    // here, refused before decoding). More than 64 KB of anything but a marker is no header. Stray
    // bytes after the first scan are damage, as before.
    void jpegStrayBytesAreReadAsLibjpegReadsThem()
    {
        const std::vector<uint8_t> clean = encoded(".jpg", gradient(96, 64));
        const QByteArray fakeFrame("\xff\xc0\x00\x11\x08\xea\x60\xea\x60\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 19);
        const std::vector<uint8_t> hidden =
            insertedBefore(clean, 0xDB, QByteArray("\xff\xfe\x00\x04zz", 6) + fakeFrame);
        const ImageInfo big = probeImage(hidden.data(), hidden.size());
        QVERIFY2(big.error.isEmpty(), qPrintable(big.error));
        QCOMPARE(QSize(big.width, big.height), QSize(60000, 60000));

        const std::vector<uint8_t> junk = insertedBefore(clean, 0xDB, QByteArray(65536, 'j'));
        QCOMPARE(probeImage(junk.data(), junk.size()).error,
                 QStringLiteral("damaged JPEG header (no marker in the 65536 bytes from byte 20)"));
        const std::vector<uint8_t> less = insertedBefore(clean, 0xDB, QByteArray(65534, 'j')); // and the marker
        QCOMPARE(probeImage(less.data(), less.size()).width, 96);

        std::vector<uint8_t> progressive = encoded(".jpg", gradient(96, 64), {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
        const uint8_t sos[] = {0xFF, 0xDA};
        const auto firstScan = std::search(progressive.begin(), progressive.end(), sos, sos + 2);
        const auto secondScan = std::search(firstScan + 2, progressive.end(), sos, sos + 2);
        QVERIFY(secondScan != progressive.end());
        // Before the marker that ends the first scan's data (neither a stuffed 0xFF 0x00 nor a restart;
        // the few bytes libjpeg reads ahead of the data go unseen).
        size_t at = size_t(firstScan - progressive.begin()) + 2 + (firstScan[2] << 8 | firstScan[3]);
        while (!(progressive[at] == 0xFF && progressive[at + 1] != 0 && progressive[at + 1] != 0xFF &&
                 (progressive[at + 1] < 0xD0 || progressive[at + 1] > 0xD7)))
            ++at;
        QVERIFY(at <= size_t(secondScan - progressive.begin()));
        std::vector<uint8_t> between = progressive;
        between.insert(between.begin() + qsizetype(at), 100, 'j'); // more than libjpeg reads ahead
        const ImageInfo info = probeImage(between.data(), between.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        const DecodeResult strict = decodeImage(between.data(), between.size(), info, 8, false);
        QVERIFY(strict.image.empty());
        QVERIFY2(strict.error.startsWith("damaged JPEG: Corrupt JPEG data"), qPrintable(strict.error));
        const DecodeResult lenient = decodeImage(between.data(), between.size(), info, 8, true);
        QVERIFY2(lenient.warning.startsWith("damaged JPEG, written as far as it decoded"), qPrintable(lenient.warning));
    }

    // The scans of a progressive JPEG with stray bytes in its header are counted through them, as
    // libjpeg reads them (the count bounds scans × megapixels before decoding; it was 0), and the
    // file is read at 1/8 by libjpeg, not from its DC scans alone, with the warning.
    void progressiveJpegWithStrayHeaderBytes()
    {
        const std::vector<uint8_t> clean = encoded(".jpg", gradient(96, 64), {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
        const std::vector<uint8_t> jpeg = insertedBefore(clean, 0xDB, QByteArray("\xff\x00\x00\x02", 4));
        QVERIFY(codecs::jpegScanCount(clean.data(), clean.size()) > 1);
        QCOMPARE(codecs::jpegScanCount(jpeg.data(), jpeg.size()), codecs::jpegScanCount(clean.data(), clean.size()));
        const ImageInfo info = probeImage(jpeg.data(), jpeg.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.coefficientBytes, probeImage(clean.data(), clean.size()).coefficientBytes);
        for (const int scale : {1, 8}) {
            const DecodeResult d = decodeImage(jpeg.data(), jpeg.size(), info, scale, false);
            QVERIFY2(!d.image.empty(), qPrintable(d.error));
            QCOMPARE(d.image.size(), scaledJpegSize({96, 64}, scale));
            QVERIFY(!d.dcOnly);
            QCOMPARE(d.warning, QStringLiteral("JPEG header has 4 stray bytes before a marker; ignored"));
        }
    }

    // Image data past a PNG's last row loses no pixel: bytes after the zlib stream's end (as in
    // Pillow's padded_idat.png) or a stream that inflates to more than the rows, whose checksum
    // libpng checks. Read whatever `damaged` says, with a warning. Before, it failed as damaged
    // ("damaged or truncated PNG: IDAT: Extra compressed data"). Too little data, or a checksum that
    // does not match, still fail: pixels are missing or in doubt.
    void pngImageDataPastTheLastRow_data()
    {
        QTest::addColumn<QByteArrayList>("idat"); // the IDAT chunks' data
        QTest::addColumn<QString>("error");       // of a decode that allows no damage; empty: read
        QTest::addColumn<QString>("warning");     // of a decode that allows it
        QByteArray rows;
        for (int y = 0; y < 30; ++y) {
            rows += char(0);
            for (int x = 0; x < 40; ++x)
                rows += char(x * 6 + y);
        }
        const QByteArray stream = qCompress(rows).mid(4);
        const QByteArray more = qCompress(rows + rows.left(41 * 3)).mid(4);
        QByteArray wrongSum = more;
        wrongSum[wrongSum.size() - 1] = char(wrongSum.at(wrongSum.size() - 1) ^ 1);
        const QString past = QStringLiteral("PNG image data goes on past the last row (IDAT: %1); every row was read, "
                                            "the rest ignored");
        QTest::newRow("bytes after the stream")
            << QByteArrayList{stream + "m\xee"} << QString() << past.arg("Extra compressed data");
        QTest::newRow("three rows more") << QByteArrayList{more} << QString() << past.arg("Too much image data");
        QTest::newRow("bytes after the stream, in an IDAT of their own: passed over")
            << QByteArrayList{stream, "m\xee"} << QString() << QString();
        QTest::newRow("three rows more, a wrong checksum")
            << QByteArrayList{wrongSum} << "damaged or truncated PNG: IDAT: incorrect data check"
            << "damaged PNG end, every row decoded: IDAT: incorrect data check";
        QTest::newRow("half the rows") << QByteArrayList{qCompress(rows.left(41 * 15)).mid(4)}
                                       << "damaged or truncated PNG: Not enough image data" << QString();
    }
    void pngImageDataPastTheLastRow()
    {
        QFETCH(QByteArrayList, idat);
        QFETCH(QString, error);
        QFETCH(QString, warning);
        const auto be32 = [](quint32 v) {
            const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
            return QByteArray(b, 4);
        };
        const auto chunk = [&](const QByteArray &type, const QByteArray &data) {
            return be32(quint32(data.size())) + type + data + be32(crc32(type + data));
        };
        QByteArray png =
            QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", be32(40) + be32(30) + QByteArray("\x08\0\0\0\0", 5));
        for (const QByteArray &data : idat)
            png += chunk("IDAT", data);
        png += chunk("IEND", {});
        const auto *bytes = reinterpret_cast<const uint8_t *>(png.constData());
        const ImageInfo info = probeImage(bytes, size_t(png.size()));
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        const DecodeResult strict = decodeImage(bytes, size_t(png.size()), info, 8, false);
        QCOMPARE(strict.error, error);
        QCOMPARE(strict.image.empty(), !error.isEmpty());
        QCOMPARE(strict.corrupt, !error.isEmpty());
        if (error.isEmpty()) {
            QCOMPARE(strict.warning, warning);
            for (int y = 0; y < 30; ++y)
                for (int x = 0; x < 40; ++x)
                    QCOMPARE(int(strict.image.at<uint8_t>(y, x)), (x * 6 + y) & 255);
        }
        const DecodeResult lenient = decodeImage(bytes, size_t(png.size()), info, 8, true);
        QCOMPARE(lenient.warning, warning);
        QCOMPARE(lenient.image.empty(), !error.isEmpty() && warning.isEmpty());
    }

    // PNG's signature is there to show a text-mode transfer's changes: a file whose every CR LF was
    // made LF (or LF made CR LF, CR, or CR made LF) is a damaged PNG, code `corrupt`, not a file
    // PixelPool does not read. Before, PngSuite's xcrn0g04.png and xlfn0g04.png were "not an image
    // PixelPool can read" (code `unsupported`). Other changes to the signature stay that.
    void pngSignatureChangedByATextTransfer_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<bool>("known");
        QTest::newRow("CR LF made LF") << QByteArray("\r\n") << QByteArray("\n") << true;
        QTest::newRow("LF made CR LF") << QByteArray("\n") << QByteArray("\r\n") << true;
        QTest::newRow("LF made CR (xcrn0g04.png)") << QByteArray("\n") << QByteArray("\r") << true;
        QTest::newRow("CR made LF (xlfn0g04.png)") << QByteArray("\r") << QByteArray("\n") << true;
        QTest::newRow("ctrl-Z made a space (xs7n0g01.png)") << QByteArray("\x1a") << QByteArray(" ") << false;
    }
    void pngSignatureChangedByATextTransfer()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(bool, known);
        const std::vector<uint8_t> png = encoded(".png", gradient(40, 30));
        QByteArray changed(reinterpret_cast<const char *>(png.data()), qsizetype(png.size()));
        changed.replace(from, to); // everywhere in the file, as the transfer does
        const ImageInfo info =
            probeImage(reinterpret_cast<const uint8_t *>(changed.constData()), size_t(changed.size()));
        if (known) {
            QCOMPARE(info.format, ImageFormat::Png); // refused as damaged
            QCOMPARE(info.error, QStringLiteral("damaged PNG signature (changed by a text-mode transfer)"));
        } else {
            QCOMPARE(info.format, ImageFormat::Unknown);
            QVERIFY2(info.error.startsWith("not an image PixelPool can read"), qPrintable(info.error));
        }
    }

    // A kind of JPEG libjpeg does not decode (12-bit samples, lossless) is unsupported, not damaged.
    void jpegOfAnotherKindIsUnsupportedNotDamaged()
    {
        std::vector<uint8_t> jpeg = encoded(".jpg", gradient(40, 30));
        const uint8_t sof0[] = {0xFF, 0xC0};
        const auto sof = std::search(jpeg.begin(), jpeg.end(), sof0, sof0 + 2);
        QVERIFY(sof != jpeg.end());
        sof[4] = 12; // the sample precision
        const ImageInfo info = probeImage(jpeg.data(), jpeg.size());
        const DecodeResult d = decodeImage(jpeg.data(), jpeg.size(), info, 8, false);
        QVERIFY(d.image.empty());
        QVERIFY2(d.error.startsWith("JPEG of a kind PixelPool does not read: "), qPrintable(d.error));
        QVERIFY(!d.corrupt);
    }

    // A BMP of a kind OpenCV's reader does not read is refused as unsupported, naming the kind, not
    // as damage; a damaged one of a kind it reads is still damage.
    void bmpOfAnotherKindIsUnsupportedNotDamaged_data()
    {
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("compression");
        QTest::addColumn<QString>("expected");
        QTest::newRow("JPEG inside") << 0 << 4 << "BMP of a kind PixelPool does not read: JPEG-compressed";
        QTest::newRow("PNG inside") << 0 << 5 << "BMP of a kind PixelPool does not read: PNG-compressed";
        QTest::newRow("64 bits a pixel") << 64 << 0 << "BMP of a kind PixelPool does not read: 64 bits a pixel";
        QTest::newRow("2 bits a pixel") << 2 << 0 << "BMP of a kind PixelPool does not read: 2 bits a pixel";
        QTest::newRow("24 bits, cut") << 24 << 0 << "damaged or truncated BMP";
        QTest::newRow("OS/2 2.x RLE24") << 24 << -4 << "BMP of a kind PixelPool does not read: OS/2 RLE24";
    }
    void bmpOfAnotherKindIsUnsupportedNotDamaged()
    {
        QFETCH(int, bits);
        QFETCH(int, compression);
        QFETCH(QString, expected);
        std::vector<uint8_t> bmp = encoded(".bmp", gradient(40, 30));
        QCOMPARE(int(bmp[28]), 24);
        if (compression < 0) { // an OS/2 2.x info header (64 bytes) in place of the 40-byte one
            bmp.insert(bmp.begin() + 54, 24, 0);
            bmp[14] = 64;
            bmp[10] = uint8_t(bmp[10] + 24);
            compression = -compression;
        }
        bmp[28] = uint8_t(bits);
        bmp[30] = uint8_t(compression);
        if (expected.startsWith("damaged"))
            bmp.resize(bmp.size() / 2);
        const ImageInfo info = probeImage(bmp.data(), bmp.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        const DecodeResult d = decodeImage(bmp.data(), bmp.size(), info, 8, false);
        QVERIFY(d.image.empty());
        QVERIFY2(d.error.startsWith(expected), qPrintable(d.error));
        QCOMPARE(d.corrupt, expected.startsWith("damaged"));
    }

    // A 16-bit BMP's full intensity is 255, not the 248 (252 for 5-6-5's green) of widening by a
    // shift alone; every level is the 5- or 6-bit one with its top bits repeated below. Bit fields
    // inside a version 5 header (where writers put them) are read too: they were "damaged". Rows
    // go bottom-up, or top-down for a negative height.
    void sixteenBitBmpReachesFullIntensity_data()
    {
        QTest::addColumn<bool>("sixBitGreen");
        QTest::addColumn<int>("infoHeader");
        QTest::addColumn<bool>("topDown");
        QTest::newRow("5-5-5") << false << 40 << false;
        QTest::newRow("5-6-5 bit fields") << true << 40 << false;
        QTest::newRow("5-6-5 in a version 5 header, top-down") << true << 124 << true;
    }
    void sixteenBitBmpReachesFullIntensity()
    {
        QFETCH(bool, sixBitGreen);
        QFETCH(int, infoHeader);
        QFETCH(bool, topDown);
        // Two rows of 32 pixels: blue, green and red all at level x (of 31; green of 63 at 2x + 1),
        // then black.
        const int w = 32;
        const std::vector<uint8_t> bmp = testphotos::sixteenBitBmp(
            w, 2,
            [&](int x, int y) {
                if (y > 0)
                    return uint16_t(0);
                return uint16_t(sixBitGreen ? x << 11 | (2 * x + 1) << 5 | x : x << 10 | x << 5 | x);
            },
            {sixBitGreen, infoHeader, topDown});
        const ImageInfo info = probeImage(bmp.data(), bmp.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        const DecodeResult d = decodeImage(bmp.data(), bmp.size(), info, 8, false);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.image.type(), CV_8UC3);
        QCOMPARE(d.image.size(), cv::Size(w, 2));
        const auto widened = [](int v, int bits) { return (v << (8 - bits)) | (v >> (2 * bits - 8)); };
        for (int x = 0; x < w; ++x) {
            const cv::Vec3b p = d.image.at<cv::Vec3b>(0, x);
            const int green = sixBitGreen ? widened(2 * x + 1, 6) : widened(x, 5);
            QVERIFY2(p == cv::Vec3b(uchar(widened(x, 5)), uchar(green), uchar(widened(x, 5))),
                     qPrintable(QStringLiteral("level %1: %2 %3 %4").arg(x).arg(p[0]).arg(p[1]).arg(p[2])));
            QCOMPARE(d.image.at<cv::Vec3b>(1, x), cv::Vec3b(0, 0, 0));
        }
        QCOMPARE(d.image.at<cv::Vec3b>(0, w - 1)[0], uchar(255));
        // Cut inside the pixels: damage, never a partly read image.
        const DecodeResult cut = decodeImage(bmp.data(), bmp.size() - 1, info, 8, false);
        QVERIFY(cut.image.empty() && cut.corrupt);
        QVERIFY2(cut.error.startsWith("damaged or truncated BMP"), qPrintable(cut.error));
    }

    void jpegEncoderRoundTrips()
    {
        std::vector<uint8_t> out;
        QString error;
        QVERIFY(encodeImage(gradient(64, 32), {OutputFormat::Jpeg, 90, 6, false}, &out, &error));
        const ImageInfo info = probeImage(out.data(), out.size());
        QCOMPARE(info.width, 64);
        QVERIFY(encodeImage(gradient(64, 32, CV_8UC1), {OutputFormat::Jpeg, 50, 6, true}, &out, &error));
        QVERIFY(!encodeImage(gradient(4, 4, CV_8UC4), {OutputFormat::Jpeg, 50, 6, false}, &out, &error));
    }

    // PNG holds up to 2^31 - 1 pixels a side: an image wider or taller than libpng's default limit
    // of a million is written (it failed after the whole decode, "Invalid IHDR data") and read back.
    void pngBeyondAMillionPixelsASideRoundTrips_data()
    {
        QTest::addColumn<cv::Size>("size");
        QTest::newRow("wide") << cv::Size(1000003, 1);
        QTest::newRow("tall") << cv::Size(1, 1000003);
    }
    void pngBeyondAMillionPixelsASideRoundTrips()
    {
        QFETCH(cv::Size, size);
        const cv::Mat thin = gradient(size.width, size.height, CV_8UC1);
        const DecodeResult d = encodedAndDecoded(thin, {OutputFormat::Png, 90, 1, false});
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.image.size(), thin.size());
        QCOMPARE(cv::norm(d.image, withChannels(thin, d.image.channels()), cv::NORM_INF), 0.0);
    }

    // Every format and pixel layout: our encoder's output is read back by OpenCV (an
    // independent decoder), and OpenCV's output is read by our decoder, pixel for pixel where
    // the format is lossless.
    void eachFormatRoundTrips_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("ext");
        QTest::addColumn<int>("channels");
        QTest::addColumn<bool>("lossless");
        const struct {
            OutputFormat f;
            const char *ext;
            bool lossless;
        } formats[] = {{OutputFormat::Png, ".png", true},
                       {OutputFormat::Tiff, ".tif", true},
                       {OutputFormat::Bmp, ".bmp", true},
                       {OutputFormat::Webp, ".webp", false}};
        for (const auto &f : formats)
            for (int ch : {1, 3, 4}) {
                if (f.f == OutputFormat::Webp && ch == 4)
                    continue; // lossy WebP alpha: checked by alphaSurvivesWebp
                QTest::newRow(qPrintable(QStringLiteral("%1-%2").arg(f.ext + 1).arg(ch)))
                    << int(f.f) << QString::fromLatin1(f.ext) << ch << f.lossless;
            }
    }
    void eachFormatRoundTrips()
    {
        QFETCH(int, format);
        QFETCH(QString, ext);
        QFETCH(int, channels);
        QFETCH(bool, lossless);
        const cv::Mat src = gradient(37, 23, CV_8UC(channels));
        std::vector<uint8_t> out;
        QString error;
        QVERIFY2(encodeImage(src, {OutputFormat(format), 95, 6, false}, &out, &error), qPrintable(error));
        const cv::Mat byOpenCv = cv::imdecode(out, cv::IMREAD_UNCHANGED);
        QCOMPARE(byOpenCv.size(), src.size());
        const auto theirs = encoded(ext.toLatin1().constData(), src);
        const ImageInfo info = probeImage(theirs.data(), theirs.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        const DecodeResult ours = decodeImage(theirs.data(), theirs.size(), info, 8, false);
        QVERIFY2(ours.error.isEmpty(), qPrintable(ours.error));
        QCOMPARE(ours.image.size(), src.size());
        if (!lossless) {
            const cv::Mat expected = withChannels(src, ours.image.channels());
            QVERIFY2(!expected.empty(), "the decoder dropped channels");
            QVERIFY(cv::PSNR(ours.image, expected) > 30);
            return;
        }
        if (ext == ".tif" && channels == 4) {
            // OpenCV declares no alpha kind, ours declares straight alpha; libtiff's RGBA reader
            // premultiplies the latter and our decoder undoes that. Either way straight alpha
            // comes back, within rounding wherever alpha leaves enough precision.
            const ImageInfo ownInfo = probeImage(out.data(), out.size());
            const DecodeResult own = decodeImage(out.data(), out.size(), ownInfo, 8, false);
            for (const cv::Mat &back : {ours.image, own.image}) {
                QCOMPARE(back.type(), CV_8UC4);
                for (int y = 0; y < src.rows; ++y)
                    for (int x = 0; x < src.cols; ++x) {
                        const cv::Vec4b a = src.at<cv::Vec4b>(y, x), b = back.at<cv::Vec4b>(y, x);
                        QCOMPARE(int(b[3]), int(a[3]));
                        for (int c = 0; c < 3 && a[3] >= 64; ++c)
                            QVERIFY2(std::abs(int(a[c]) - int(b[c])) <= 2,
                                     qPrintable(QStringLiteral("%1,%2").arg(x).arg(y)));
                    }
            }
            return;
        }
        // A decoder may widen grey (BMP keeps it as palette colour) but never lose a channel; the
        // pixels must come back exactly either way. BMP as OpenCV writes it has no alpha: the
        // one format that drops a channel (colour kept exactly).
        for (const cv::Mat &back : {byOpenCv, ours.image}) {
            cv::Mat expected = withChannels(src, back.channels());
            if (ext == ".bmp" && channels == 4 && back.channels() == 3)
                cv::cvtColor(src, expected, cv::COLOR_BGRA2BGR);
            QVERIFY2(!expected.empty(), "a decoder dropped channels");
            QCOMPARE(cv::norm(back, expected, cv::NORM_INF), 0.0);
        }
    }

    // A PNG holds only what the pixels use, every pixel kept: grey where the colour channels are
    // equal, no alpha where it is opaque, a palette (tRNS for translucent colours) of the smallest
    // depth where there are at most 256 colours and it takes fewer bits a pixel, grey below 8 bits
    // where the levels allow it; 16 bits keep their depth. Grey never goes with an RGB profile (it
    // would be invalid, and libpng would drop it), a palette never with a grey one.
    void pngHoldsOnlyWhatThePixelsUse_data()
    {
        QTest::addColumn<QByteArray>("picture");
        QTest::addColumn<QByteArray>("profile");
        QTest::addColumn<int>("colourType");
        QTest::addColumn<int>("depth");
        QTest::newRow("grey+alpha") << QByteArray("grey+alpha") << QByteArray() << 4 << 8;
        QTest::newRow("few grey+alpha pairs") << QByteArray("few grey+alpha pairs") << QByteArray() << 3 << 8;
        QTest::newRow("grey in RGB") << QByteArray("grey in RGB") << QByteArray() << 0 << 8;
        QTest::newRow("opaque photo") << QByteArray("opaque photo") << QByteArray() << 2 << 8;
        QTest::newRow("photo") << QByteArray("photo") << QByteArray() << 2 << 8;
        QTest::newRow("5 colours") << QByteArray("5 colours") << QByteArray() << 3 << 4;
        QTest::newRow("2 colours") << QByteArray("2 colours") << QByteArray() << 3 << 1;
        QTest::newRow("200 colours, some translucent")
            << QByteArray("200 colours, some translucent") << QByteArray() << 3 << 8;
        QTest::newRow("black and white") << QByteArray("black and white") << QByteArray() << 0 << 1;
        QTest::newRow("4 grey levels") << QByteArray("4 grey levels") << QByteArray() << 3 << 2;
        QTest::newRow("4 grey levels, grey profile") << QByteArray("4 grey levels") << QByteArray("grey") << 0 << 8;
        QTest::newRow("grey in RGB, RGB profile") << QByteArray("grey in RGB") << QByteArray("rgb") << 3 << 8;
        QTest::newRow("grey+alpha, RGB profile") << QByteArray("grey+alpha") << QByteArray("rgb") << 6 << 8;
        QTest::newRow("16-bit grey, opaque") << QByteArray("16-bit grey, opaque") << QByteArray() << 0 << 16;
        QTest::newRow("16-bit, 3 colours") << QByteArray("16-bit, 3 colours") << QByteArray() << 2 << 16;
    }
    void pngHoldsOnlyWhatThePixelsUse()
    {
        QFETCH(QByteArray, picture);
        QFETCH(QByteArray, profile);
        QFETCH(int, colourType);
        QFETCH(int, depth);
        const cv::Mat src = layoutPicture(picture);
        QVERIFY(!src.empty());
        OutputMetadata meta;
        meta.icc = profile == "rgb" ? testphotos::adobeRgb() : profile == "grey" ? greyProfile() : meta.icc;
        EncodeSettings s{OutputFormat::Png, 90, 6, false};
        s.metadata = &meta;
        std::vector<uint8_t> png;
        QString error;
        QVERIFY2(encodeImage(src, s, &png, &error), qPrintable(error));
        QCOMPARE(pngLayout(png), qMakePair(colourType, depth));
        // Every pixel as it was, by our decoder and by OpenCV's.
        const ImageInfo info = probeImage(png.data(), png.size());
        const DecodeResult ours = decodeImage(png.data(), png.size(), info, 8, false, true);
        QVERIFY2(ours.error.isEmpty(), qPrintable(ours.error));
        for (const cv::Mat &back : {ours.image, cv::imdecode(png, cv::IMREAD_UNCHANGED)}) {
            QCOMPARE(back.depth(), src.depth());
            QCOMPARE(cv::norm(asFourChannels(back), asFourChannels(src), cv::NORM_INF), 0.0);
        }
        // The profile is kept, on pixels of its colour model.
        QCOMPARE(ours.metadata.icc, meta.icc);
    }

    // A source PNG of a small layout is written in it again (`format: keep` with no step): before,
    // grey+alpha and palettes came out as RGB(A), and grey below 8 bits at 8 bits.
    void pngSourceKeepsItsLayout_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<int>("colourType");
        QTest::addColumn<int>("depth");
        QByteArray ga, palette4, palette8, bilevel, plte;
        for (int y = 0; y < 48; ++y) {
            ga += '\0';
            palette4 += '\0';
            palette8 += '\0';
            bilevel += '\0';
            for (int x = 0; x < 40; ++x)
                ga += char(x * 6) + QByteArray(1, char(y * 5 + x % 3));
            for (int x = 0; x < 40; x += 2)
                palette4 += char(((x + y) / 4 % 6) << 4 | ((x + 1 + y) / 4 % 6));
            for (int x = 0; x < 40; ++x)
                palette8 += char((x * y) % 100);
            for (int x = 0; x < 40; x += 8)
                bilevel += char(y % 2 ? 0xf0 : 0x3c);
        }
        for (int i = 0; i < 100; ++i)
            plte += QByteArray(1, char(i * 2)) + char(255 - i) + char(i * 7);
        QTest::newRow("grey+alpha") << pngFile(40, 48, 8, 4, ga) << 4 << 8;
        QTest::newRow("palette, 4 bits, tRNS")
            << pngFile(40, 48, 4, 3, palette4, plte.left(18), QByteArray("\x00\x80", 2)) << 3 << 4;
        QTest::newRow("palette, 8 bits") << pngFile(40, 48, 8, 3, palette8, plte) << 3 << 8;
        QTest::newRow("grey, 1 bit") << pngFile(40, 48, 1, 0, bilevel) << 0 << 1;
    }
    void pngSourceKeepsItsLayout()
    {
        QFETCH(QByteArray, source);
        QFETCH(int, colourType);
        QFETCH(int, depth);
        const DecodeResult in = decoded(source);
        QVERIFY2(in.error.isEmpty(), qPrintable(in.error));
        std::vector<uint8_t> png;
        QString error;
        QVERIFY2(encodeImage(in.image, {OutputFormat::Png, 90, 6, false}, &png, &error), qPrintable(error));
        QCOMPARE(pngLayout(png), qMakePair(colourType, depth));
        const DecodeResult out = decoded(QByteArray(reinterpret_cast<const char *>(png.data()), qsizetype(png.size())));
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        QCOMPARE(out.image.type(), in.image.type());
        QCOMPARE(cv::norm(out.image, in.image, cv::NORM_INF), 0.0);
    }

    // TIFF the same way, where it is simple: grey where the colour channels are equal and no RGB
    // profile goes with them, no alpha where it is opaque (before, grey+alpha came out as RGBA).
    void tiffHoldsOnlyTheChannelsThePixelsUse_data()
    {
        QTest::addColumn<QByteArray>("picture");
        QTest::addColumn<QByteArray>("profile");
        QTest::addColumn<int>("samples");
        QTest::newRow("grey+alpha") << QByteArray("grey+alpha") << QByteArray() << 2;
        QTest::newRow("grey in RGB") << QByteArray("grey in RGB") << QByteArray() << 1;
        QTest::newRow("opaque photo") << QByteArray("opaque photo") << QByteArray() << 3;
        QTest::newRow("16-bit grey, opaque") << QByteArray("16-bit grey, opaque") << QByteArray() << 1;
        QTest::newRow("grey+alpha, RGB profile") << QByteArray("grey+alpha") << QByteArray("rgb") << 4;
    }
    void tiffHoldsOnlyTheChannelsThePixelsUse()
    {
        QFETCH(QByteArray, picture);
        QFETCH(QByteArray, profile);
        QFETCH(int, samples);
        const cv::Mat src = layoutPicture(picture);
        OutputMetadata meta;
        meta.icc = profile == "rgb" ? testphotos::adobeRgb() : meta.icc;
        EncodeSettings s{OutputFormat::Tiff, 90, 6, false};
        s.metadata = &meta;
        std::vector<uint8_t> tiff;
        QString error;
        QVERIFY2(encodeImage(src, s, &tiff, &error), qPrintable(error));
        uint16_t spp = 0, photometric = 0;
        {
            const LibtiffReading read(tiff);
            QVERIFY(read.tif);
            TIFFGetField(read.tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
            TIFFGetField(read.tif, TIFFTAG_PHOTOMETRIC, &photometric);
        }
        QCOMPARE(int(spp), samples);
        QCOMPARE(int(photometric), samples < 3 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
        const ImageInfo info = probeImage(tiff.data(), tiff.size());
        const DecodeResult back = decodeImage(tiff.data(), tiff.size(), info, 8, false, true);
        QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
        QCOMPARE(back.image.depth(), src.depth());
        QCOMPARE(cv::norm(asFourChannels(back.image), asFourChannels(src), cv::NORM_INF), 0.0);
        QCOMPARE(back.metadata.icc, meta.icc);
    }

    // TIFF 6.0's baseline requires XResolution, YResolution and ResolutionUnit: a TIFF made from a
    // source that states no resolution, or with its metadata stripped, says 72 pixels an inch (before,
    // it had none of the three, and `exiftool -validate` said two required tags were missing); a
    // stated resolution is kept.
    void tiffAlwaysStatesAResolution_data()
    {
        QTest::addColumn<bool>("withMetadata");
        QTest::addColumn<double>("dpi");
        QTest::addColumn<float>("expected");
        QTest::newRow("none stated") << true << 0.0 << 72.f;
        QTest::newRow("metadata stripped") << false << 0.0 << 72.f;
        QTest::newRow("300 stated") << true << 300.0 << 300.f;
    }
    void tiffAlwaysStatesAResolution()
    {
        QFETCH(bool, withMetadata);
        QFETCH(double, dpi);
        QFETCH(float, expected);
        OutputMetadata meta;
        meta.dpiX = meta.dpiY = dpi;
        EncodeSettings s{OutputFormat::Tiff, 90, 6, false};
        s.metadata = withMetadata ? &meta : nullptr;
        std::vector<uint8_t> tiff;
        QString error;
        QVERIFY2(encodeImage(layoutPicture("opaque photo"), s, &tiff, &error), qPrintable(error));
        const LibtiffReading read(tiff);
        QVERIFY(read.tif);
        float x = 0, y = 0;
        uint16_t unit = 0;
        const bool hasX = TIFFGetField(read.tif, TIFFTAG_XRESOLUTION, &x) == 1;
        const bool hasY = TIFFGetField(read.tif, TIFFTAG_YRESOLUTION, &y) == 1;
        const bool hasUnit = TIFFGetField(read.tif, TIFFTAG_RESOLUTIONUNIT, &unit) == 1;
        QVERIFY(hasX && hasY && hasUnit);
        QCOMPARE(x, expected);
        QCOMPARE(y, expected);
        QCOMPARE(int(unit), RESUNIT_INCH);
    }

    void alphaSurvivesWebp()
    {
        cv::Mat src(20, 20, CV_8UC4, cv::Scalar(10, 200, 30, 255));
        src(cv::Rect(0, 0, 10, 20)).setTo(cv::Scalar(0, 0, 0, 0));
        std::vector<uint8_t> out;
        QString error;
        QVERIFY2(encodeImage(src, {OutputFormat::Webp, 90, 6, false}, &out, &error), qPrintable(error));
        const ImageInfo info = probeImage(out.data(), out.size());
        const cv::Mat back = decodeImage(out.data(), out.size(), info, 8, false).image;
        QCOMPARE(back.type(), CV_8UC4);
        QCOMPARE(int(back.at<cv::Vec4b>(5, 2)[3]), 0);
        QCOMPARE(int(back.at<cv::Vec4b>(5, 15)[3]), 255);
    }

    // A GIF on a 12×8 screen (or `screen`) whose first frame covers 8×6 at (2,1): red, green and a
    // transparent index, stored interlaced or not, with a second frame that must never be read.
    static std::vector<uint8_t> gif(bool interlaced, cv::Size screen = {12, 8}, int frames = 2, cv::Point at = {2, 1})
    {
        std::vector<uint8_t> out;
        int error = 0;
        GifFileType *g = EGifOpen(
            &out,
            [](GifFileType *f, const GifByteType *data, int n) {
                auto *v = static_cast<std::vector<uint8_t> *>(f->UserData);
                v->insert(v->end(), data, data + n);
                return n;
            },
            &error);
        GifColorType colours[4] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 0}, {0, 0, 255}};
        ColorMapObject *map = GifMakeMapObject(4, colours);
        EGifSetGifVersion(g, true);
        EGifPutScreenDesc(g, screen.width, screen.height, 2, 0, map);
        for (int frame = 0; frame < frames; ++frame) {
            const GifByteType gce[4] = {1, 0, 0, 2}; // transparent index 2
            EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, 4, gce);
            EGifPutImageDesc(g, at.x, at.y, 8, 6, interlaced && frame == 0, nullptr);
            std::vector<GifPixelType> rows(6 * 8);
            for (int y = 0; y < 6; ++y)
                for (int x = 0; x < 8; ++x)
                    rows[size_t(y * 8 + x)] = GifPixelType(frame > 0 ? 3 : x < 4 ? (y < 3 ? 0 : 1) : x == 7 ? 2 : 1);
            static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
            for (int pass = 0; pass < (interlaced && frame == 0 ? 4 : 1); ++pass)
                for (int y = interlaced && frame == 0 ? start[pass] : 0; y < 6;
                     y += interlaced && frame == 0 ? step[pass] : 1)
                    EGifPutLine(g, &rows[size_t(y * 8)], 8);
        }
        EGifCloseFile(g, &error);
        GifFreeMapObject(map);
        return out;
    }

    void gifFirstFrameOnItsScreen_data()
    {
        QTest::addColumn<bool>("interlaced");
        QTest::newRow("progressive rows") << false;
        QTest::newRow("interlaced") << true;
    }
    void gifFirstFrameOnItsScreen()
    {
        QFETCH(bool, interlaced);
        const std::vector<uint8_t> bytes = gif(interlaced);
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.format, ImageFormat::Gif);
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(12, 8));
        const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, 8, false);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.type(), CV_8UC4);
        QCOMPARE(d.image.at<cv::Vec4b>(1, 2), cv::Vec4b(0, 0, 255, 255)); // red, top left of the frame
        QCOMPARE(d.image.at<cv::Vec4b>(5, 3), cv::Vec4b(0, 255, 0, 255)); // green below it
        QCOMPARE(d.image.at<cv::Vec4b>(4, 9), cv::Vec4b(0, 0, 0, 0));     // the transparent index
        QCOMPARE(d.image.at<cv::Vec4b>(0, 0)[3], uchar(0));               // outside the frame
        QCOMPARE(d.image.at<cv::Vec4b>(3, 7), cv::Vec4b(0, 255, 0, 255)); // never the blue second frame
        // Cut inside the first frame's data: damaged, never a half picture.
        const DecodeResult cut = decodeImage(bytes.data(), bytes.size() / 2, info, 8, true);
        QVERIFY(cut.image.empty());
        QVERIFY2(cut.error.contains("GIF"), qPrintable(cut.error));
    }

    // Some encoders write a screen of 0×0, or one smaller than the first frame: the canvas widens
    // to hold the whole frame (as browsers and Pillow show it), where it used to be refused.
    void gifScreenWidensToTheFirstFrame_data()
    {
        QTest::addColumn<cv::Size>("screen");
        QTest::addColumn<cv::Size>("canvas");
        QTest::newRow("screen 0×0") << cv::Size(0, 0) << cv::Size(10, 7);
        QTest::newRow("screen 4×3") << cv::Size(4, 3) << cv::Size(10, 7);
        QTest::newRow("screen wider, lower") << cv::Size(16, 2) << cv::Size(16, 7);
    }
    void gifScreenWidensToTheFirstFrame()
    {
        QFETCH(cv::Size, screen);
        QFETCH(cv::Size, canvas);
        const std::vector<uint8_t> bytes = gif(false, screen);
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(cv::Size(info.width, info.height), canvas);
        const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, 8, false);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.image.size(), canvas);
        QCOMPARE(d.image.at<cv::Vec4b>(1, 2), cv::Vec4b(0, 0, 255, 255)); // the frame's top left
        QCOMPARE(d.image.at<cv::Vec4b>(6, 9), cv::Vec4b(0, 0, 0, 0));     // its transparent column
        QCOMPARE(d.image.at<cv::Vec4b>(6, 8), cv::Vec4b(0, 255, 0, 255)); // its bottom right, kept
        QCOMPARE(d.image.at<cv::Vec4b>(0, 0)[3], uchar(0));               // outside the frame
    }

    // A first frame far off a small screen widens the canvas past the pixel limit: the refusal
    // says so, where it used to give the canvas as the GIF's size ("GIF of 60008×60006").
    void gifFrameFarOffItsScreenIsSaidAsSuch()
    {
        const std::vector<uint8_t> far = gif(false, {16, 16}, 1, {60000, 60000});
        const ImageInfo info = probeImage(far.data(), far.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(60008, 60006));
        QCOMPARE(overPixelLimit(info, 200'000'000),
                 QStringLiteral("GIF of 16×16 with its first frame at 60000,60000: a canvas of 60008×60006 (3600.8 "
                                "megapixels), over the limit of 200.0 megapixels"));
        // A screen that is itself over the limit is said as the GIF's size.
        const std::vector<uint8_t> big = gif(false, {20000, 20000}, 1);
        QCOMPARE(overPixelLimit(probeImage(big.data(), big.size()), 200'000'000),
                 QStringLiteral("GIF of 20000×20000 (400.0 megapixels) is over the limit of 200.0 megapixels"));
    }

    // An animated GIF is read as its first frame, and says so: the other frames were dropped
    // without a word. They are counted along the file's blocks, never decoded: a GIF of a million
    // frames (each an empty image of 12 bytes) is counted at once.
    void animatedGifSaysOnlyItsFirstFrameIsRead_data()
    {
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("emptyFrames"); // appended before the trailer
        QTest::addColumn<QString>("warning");
        QTest::newRow("a still") << 1 << 0 << QString();
        QTest::newRow("two frames") << 2 << 0 << QStringLiteral("GIF of 2 frames: only the first is read");
        QTest::newRow("twelve frames") << 12 << 0 << QStringLiteral("GIF of 12 frames: only the first is read");
        QTest::newRow("a million frames")
            << 1 << 1'000'000 << QStringLiteral("GIF of 1000001 frames: only the first is read");
    }
    void animatedGifSaysOnlyItsFirstFrameIsRead()
    {
        QFETCH(int, frames);
        QFETCH(int, emptyFrames);
        QFETCH(QString, warning);
        std::vector<uint8_t> bytes = gif(false, {12, 8}, frames);
        QCOMPARE(bytes.back(), uint8_t(0x3b)); // the trailer
        bytes.pop_back();
        const uint8_t empty[12] = {0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0}; // 1×1, no data
        for (int i = 0; i < emptyFrames; ++i)
            bytes.insert(bytes.end(), std::begin(empty), std::end(empty));
        bytes.push_back(0x3b);
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QElapsedTimer timer;
        timer.start();
        for (const bool allowDamaged : {false, true}) {
            const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, 8, allowDamaged);
            QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
            QCOMPARE(d.image.at<cv::Vec4b>(1, 2), cv::Vec4b(0, 0, 255, 255)); // the first frame's red
            QCOMPARE(d.warning, warning);
            QVERIFY(!d.corrupt);
        }
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        // Cut inside its last frame's data: the frames whose descriptor is there count.
        if (frames == 12) {
            const DecodeResult cut = decodeImage(bytes.data(), bytes.size() - 4, info, 8, false);
            QVERIFY2(cut.error.isEmpty(), qPrintable(cut.error));
            QCOMPARE(cut.warning, warning);
        }
    }

    // What the probe reads of a GIF before its first image, and where that is not there.
    void gifWithoutAFirstImageIsRefusedByTheProbe_data()
    {
        const std::vector<uint8_t> good = gif(false);
        const QByteArray g(reinterpret_cast<const char *>(good.data()), qsizetype(good.size()));
        const qsizetype descriptor = g.indexOf(char(0x2c));
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QTest::newRow("trailer first") << g.left(descriptor) + char(0x3b) << "the file holds no image";
        QTest::newRow("cut in an extension") << g.left(descriptor - 3) << "ends before its first image";
        QTest::newRow("cut in the descriptor") << g.left(descriptor + 6) << "descriptor is cut short";
        QTest::newRow("unknown block") << g.left(descriptor) + char(0x55) + g.mid(descriptor + 1) << "an unknown block";
        QByteArray empty = g;
        empty[descriptor + 5] = 0; // width 0
        empty[descriptor + 6] = 0;
        QTest::newRow("frame of no size") << empty << "the first frame has no size (0×6)";
    }
    void gifWithoutAFirstImageIsRefusedByTheProbe()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
        QCOMPARE(info.format, ImageFormat::Gif);
        QVERIFY2(info.error.startsWith("damaged or truncated GIF: "), qPrintable(info.error));
        QVERIFY2(info.error.contains(reason), qPrintable(info.error));
    }

    // A GIF written byte by byte (giflib writes neither a code size past 8 nor an image without a
    // colour table): `w`×`h` indices, LZW minimum code size `codeSize`, each index a literal code
    // after a clear code (a stream valid at any code size from 2), a global colour table of
    // 2^(tableBits + 1) grey entries (none for -1), and `frames` copies of the image.
    static std::vector<uint8_t> rawGif(int w, int h, int codeSize, const std::vector<uint8_t> &indices, int tableBits,
                                       int frames = 1)
    {
        std::vector<uint8_t> out = {'G', 'I', 'F', '8', '9', 'a'};
        const auto le16 = [&](int v) { out.insert(out.end(), {uint8_t(v), uint8_t(v >> 8)}); };
        le16(w);
        le16(h);
        out.insert(out.end(), {uint8_t(tableBits >= 0 ? 0x80 | tableBits : 0), 0, 0});
        const int entries = tableBits >= 0 ? 2 << tableBits : 0;
        for (int i = 0; i < entries; ++i)
            out.insert(out.end(), 3, uint8_t(255 - i * 255 / (entries - 1))); // white to black: not the default
        std::vector<uint8_t> lzw;
        uint32_t bits = 0;
        int held = 0;
        const auto putCode = [&](int code) {
            bits |= uint32_t(code) << held;
            for (held += codeSize + 1; held >= 8; held -= 8, bits >>= 8)
                lzw.push_back(uint8_t(bits));
        };
        for (const uint8_t index : indices) {
            putCode(1 << codeSize);
            putCode(index);
        }
        putCode((1 << codeSize) + 1);
        if (held > 0)
            lzw.push_back(uint8_t(bits));
        for (int frame = 0; frame < frames; ++frame) {
            out.push_back(0x2c);
            le16(0), le16(0), le16(w), le16(h);
            out.insert(out.end(), {0, uint8_t(codeSize)});
            for (size_t at = 0; at < lzw.size(); at += 255) {
                const size_t n = std::min<size_t>(255, lzw.size() - at);
                out.push_back(uint8_t(n));
                out.insert(out.end(), lzw.begin() + ptrdiff_t(at), lzw.begin() + ptrdiff_t(at + n));
            }
            out.push_back(0);
        }
        out.push_back(0x3b);
        return out;
    }

    // An LZW minimum code size past 8 (GIF allows 2 to 8; Pillow's issue_2811.gif, a photo, has
    // 11) is refused as a kind PixelPool does not read, naming it: giflib cannot read it, and it
    // failed as damaged in giflib's words ("Failed to read from given file").
    void gifCodeSizeBeyondEightIsUnsupported_data()
    {
        QTest::addColumn<int>("codeSize");
        QTest::newRow("9") << 9;
        QTest::newRow("11") << 11;
        QTest::newRow("12") << 12;
    }
    void gifCodeSizeBeyondEightIsUnsupported()
    {
        QFETCH(int, codeSize);
        const std::vector<uint8_t> indices = {0, 1, 2, 3, 3, 2, 1, 0};
        const std::vector<uint8_t> bytes = rawGif(4, 2, codeSize, indices, 1);
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        for (const bool allowDamaged : {false, true}) {
            const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, 8, allowDamaged);
            QVERIFY(d.image.empty());
            QCOMPARE(d.error,
                     QStringLiteral("GIF of a kind PixelPool does not read: LZW minimum code size %1 (at most 8)")
                         .arg(codeSize));
            QVERIFY(!d.corrupt);
        }
        // The same stream at a code size of 8 is read (white to black through its table).
        const std::vector<uint8_t> eight = rawGif(4, 2, 8, indices, 1);
        const DecodeResult d = decoded(eight);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.image.at<cv::Vec3b>(0, 3), cv::Vec3b(0, 0, 0));
        QCOMPARE(d.image.at<cv::Vec3b>(1, 3), cv::Vec3b(255, 255, 255));
    }

    // A GIF with neither a global nor a local colour table (Pillow's no_palette.gif) is read with a
    // table of grey from black (index 0) to white (the last index its code size allows), as
    // ImageMagick and Pillow read it (Pillow: the index as the grey level, which is the same at a
    // code size of 8), with a warning; it failed as damaged ("the image has no colour table").
    void gifWithoutAColourTableIsReadInGrey_data()
    {
        QTest::addColumn<int>("codeSize");
        QTest::addColumn<int>("frames");
        QTest::addColumn<QString>("warning");
        QTest::newRow("code size 8") << 8 << 1
                                     << QStringLiteral(
                                            "GIF without a colour table: read as grey, index 0 black and 255 white");
        QTest::newRow("code size 2") << 2 << 1
                                     << QStringLiteral(
                                            "GIF without a colour table: read as grey, index 0 black and 3 white");
        QTest::newRow("code size 2, two frames")
            << 2 << 2
            << QStringLiteral("GIF without a colour table: read as grey, index 0 black and 3 white; GIF of 2 frames: "
                              "only the first is read");
    }
    void gifWithoutAColourTableIsReadInGrey()
    {
        QFETCH(int, codeSize);
        QFETCH(int, frames);
        QFETCH(QString, warning);
        const int w = 16, h = 3, levels = 1 << codeSize;
        std::vector<uint8_t> indices;
        for (int i = 0; i < w * h; ++i)
            indices.push_back(uint8_t(i * 37 % levels));
        const std::vector<uint8_t> bytes = rawGif(w, h, codeSize, indices, -1, frames);
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, 8, false);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.warning, warning);
        QVERIFY(!d.corrupt);
        QCOMPARE(d.image.type(), CV_8UC3);
        for (int i = 0; i < w * h; ++i) {
            const uchar grey = uchar(std::lround(indices[size_t(i)] * 255.0 / (levels - 1)));
            QCOMPARE(d.image.at<cv::Vec3b>(i / w, i % w), cv::Vec3b(grey, grey, grey));
        }
    }

    void losslessJpegIsRefused()
    {
        // JPEG has no lossless mode: asked for one, it wrote a lossy file without a word. A preset
        // cannot ask (tst_preset, tst_planner); the encoder refuses all the same.
        const cv::Mat src(16, 16, CV_8UC3, cv::Scalar(10, 20, 30));
        EncodeSettings s{OutputFormat::Jpeg, 100, 6, false};
        s.lossless = true;
        std::vector<uint8_t> out;
        QString error;
        QVERIFY(!encodeImage(src, s, &out, &error));
        QCOMPARE(error, QStringLiteral("lossless output asked for, but jpeg has no lossless mode"));
        QVERIFY(out.empty());
        // An 8-bit lossless image gets no word about depth.
        s.format = OutputFormat::Webp;
        QStringList warnings;
        QVERIFY2(encodeImage(src, s, &out, &error, &warnings), qPrintable(error));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join("; ")));
    }

    void losslessWebpAndTiffCompressionKeepEveryPixel()
    {
        cv::Mat src(37, 53, CV_8UC3);
        cv::randu(src, 0, 255); // noise: any lossy step would show
        const auto roundTrip = [&](EncodeSettings s, std::vector<uint8_t> *out) {
            QString error;
            if (!encodeImage(src, s, out, &error))
                qFatal("%s", qPrintable(error));
            const ImageInfo info = probeImage(out->data(), out->size());
            return decodeImage(out->data(), out->size(), info, 8, false);
        };
        std::vector<uint8_t> lossless, lossy;
        EncodeSettings s{OutputFormat::Webp, 90, 6, false};
        s.lossless = true;
        const DecodeResult a = roundTrip(s, &lossless);
        QCOMPARE(cv::norm(a.image, src, cv::NORM_INF), 0.0);
        QVERIFY(a.lossless); // the decoder tells: `format: keep` keeps it lossless
        s.lossless = false;
        const DecodeResult b = roundTrip(s, &lossy);
        QVERIFY(!b.lossless);
        QVERIFY(cv::norm(b.image, src, cv::NORM_INF) > 0);

        // TIFF on a gradient with noise in its low bits: every pixel must survive, and compression
        // must have something to compress.
        for (int y = 0; y < src.rows; ++y)
            for (int x = 0; x < src.cols; ++x)
                src.at<cv::Vec3b>(y, x) = {uchar(x * 4 + (src.at<cv::Vec3b>(y, x)[0] & 3)), uchar(y * 6), 90};
        std::vector<uint8_t> none, lzw, deflate;
        s.format = OutputFormat::Tiff;
        s.tiffCompression = TiffCompression::None;
        QCOMPARE(cv::norm(roundTrip(s, &none).image, src, cv::NORM_INF), 0.0);
        s.tiffCompression = TiffCompression::Lzw;
        QCOMPARE(cv::norm(roundTrip(s, &lzw).image, src, cv::NORM_INF), 0.0);
        s.tiffCompression = TiffCompression::Deflate;
        QCOMPARE(cv::norm(roundTrip(s, &deflate).image, src, cv::NORM_INF), 0.0);
        QVERIFY(none.size() >= size_t(src.total() * 3)); // uncompressed really is
        QVERIFY(deflate.size() < none.size());
    }

    // A lossless WebP keeps the colour under fully transparent pixels, as PNG, TIFF and JPEG XL
    // outputs do: libwebp's `exact` is on. Without it, libwebp made that colour black (or whatever
    // compressed best), so lossless was not lossless where the alpha plane hid a picture.
    void losslessWebpKeepsTheColourUnderTransparency()
    {
        cv::Mat src(24, 40, CV_8UC4);
        cv::randu(src, 0, 255);
        src(cv::Rect(0, 0, 20, 24)).forEach<cv::Vec4b>([](cv::Vec4b &p, const int *) { p[3] = 0; });
        src(cv::Rect(20, 0, 10, 24)).forEach<cv::Vec4b>([](cv::Vec4b &p, const int *) { p[3] = 1; });
        EncodeSettings s{OutputFormat::Webp, 90, 6, false};
        s.lossless = true;
        std::vector<uint8_t> out;
        QString error;
        QVERIFY2(encodeImage(src, s, &out, &error), qPrintable(error));
        const ImageInfo info = probeImage(out.data(), out.size());
        const DecodeResult back = decodeImage(out.data(), out.size(), info, 8, false);
        QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
        QVERIFY(back.lossless);
        QCOMPARE(back.image.type(), CV_8UC4);
        QCOMPARE(cv::norm(back.image, src, cv::NORM_INF), 0.0);
    }

    void damagedDataFailsInEveryFormat_data()
    {
        QTest::addColumn<QString>("ext");
        for (const char *e : {".png", ".tif", ".webp", ".bmp"})
            QTest::newRow(e + 1) << QString::fromLatin1(e);
    }
    void damagedDataFailsInEveryFormat()
    {
        QFETCH(QString, ext);
        const auto whole = encoded(ext.toLatin1().constData(), gradient(300, 200));
        const std::vector<uint8_t> cut(whole.begin(), whole.begin() + long(whole.size() * 2 / 3));
        const ImageInfo info = probeImage(cut.data(), cut.size());
        if (!info.error.isEmpty()) // TIFF: OpenCV writes the directory last, so it is gone
            return;
        const DecodeResult r = decodeImage(cut.data(), cut.size(), info, 8, false);
        QVERIFY2(r.image.empty(), "a cut file decoded as if complete");
        QVERIFY(r.corrupt);
        QVERIFY(!r.error.isEmpty());
    }

    // libpng allocates and zeroes a chunk's stated length before reading it (and only warns when
    // it is over the chunk limit): a chunk claiming more than the file holds is not given to it.
    // The outcome is a cut file's, without the allocation (1.2 GB and 2.5 s for a 543-byte file).
    void aChunkClaimingMoreThanTheFileIsNotAllocated_data()
    {
        QTest::addColumn<bool>("afterTheImage"); // before IDAT, or between the last IDAT and IEND
        QTest::newRow("before the image data") << false;
        QTest::newRow("after the image data") << true;
    }
    void aChunkClaimingMoreThanTheFileIsNotAllocated()
    {
        QFETCH(bool, afterTheImage);
        std::vector<uint8_t> png = encoded(".png", gradient(300, 200));
        const uint8_t claim[] = {0x49, 0x46, 0x46, 0xca, 'i', 'T', 'X', 't', 'X', 'M', 'L', ':'}; // 1.2 GB
        const size_t at = afterTheImage ? png.size() - 12 : 33; // before IEND, or after IHDR
        png.resize(at);
        png.insert(png.end(), std::begin(claim), std::end(claim));
        const ImageInfo info = probeImage(png.data(), png.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        rusage before{}, after{};
        ::getrusage(RUSAGE_SELF, &before);
        const DecodeResult strict = decodeImage(png.data(), png.size(), info, 8, false);
        const DecodeResult lenient = decodeImage(png.data(), png.size(), info, 8, true);
        ::getrusage(RUSAGE_SELF, &after);
        QVERIFY2(after.ru_maxrss - before.ru_maxrss < 300 * 1024, // KB: the peak never grew by 1.2 GB
                 qPrintable(QString::number(after.ru_maxrss - before.ru_maxrss)));
        QVERIFY(strict.image.empty() && strict.corrupt);
        QCOMPARE(strict.error, QStringLiteral("damaged or truncated PNG: the file ends before the image data does"));
        if (afterTheImage) { // every row is there: kept with a warning when damage is allowed
            QCOMPARE(lenient.image.size(), cv::Size(300, 200));
            QVERIFY2(lenient.warning.startsWith("damaged PNG end, every row decoded"), qPrintable(lenient.warning));
        } else {
            QVERIFY(lenient.image.empty());
        }
    }

    void tiffIsDecodedInStoredOrder()
    {
        // A TIFF whose Orientation tag says "rotated 180°": decoded as stored, with the
        // orientation reported, since the pipeline applies it (as for EXIF). Flipping in the
        // decoder too would undo it.
        const cv::Mat src = gradient(16, 8);
        QTemporaryDir dir;
        const QByteArray path = QFile::encodeName(dir.filePath("o3.tif"));
        TIFF *t = TIFFOpen(path.constData(), "w");
        QVERIFY(t);
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, 16u);
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, 8u);
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(3));
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(8));
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
        TIFFSetField(t, TIFFTAG_ORIENTATION, uint16_t(ORIENTATION_BOTRIGHT));
        cv::Mat rgb;
        cv::cvtColor(src, rgb, cv::COLOR_BGR2RGB);
        for (int y = 0; y < 8; ++y)
            QVERIFY(TIFFWriteScanline(t, rgb.ptr(y), uint32_t(y), 0) == 1);
        TIFFClose(t);
        const QByteArray bytes = fileBytes(path);
        const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
        const ImageInfo info = probeImage(data, size_t(bytes.size()));
        QCOMPARE(info.exifOrientation, 3);
        const DecodeResult r = decodeImage(data, size_t(bytes.size()), info, 8, false);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(cv::norm(r.image, src, cv::NORM_INF), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestCodec)
#include "tst_codec.moc"
