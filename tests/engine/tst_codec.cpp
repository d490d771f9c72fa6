// Header probing and decoding: sizes known before decoding, damage detected, formats by content.
#include "ImageCodec.h"

#include <QtTest>
#include <opencv2/imgcodecs.hpp>

using namespace pp;

class TestCodec : public QObject
{
    Q_OBJECT

    static std::vector<uint8_t> encoded(const char *ext, const cv::Mat &m, std::vector<int> params = {})
    {
        std::vector<uint8_t> out;
        cv::imencode(ext, m, out, params);
        return out;
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
        QVERIFY(probeImage(reinterpret_cast<const uint8_t *>(html.data()), size_t(html.size())).error.contains("not an image"));
        QVERIFY(probeImage(nullptr, 0).error.contains("empty"));
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

    void alphaAndSixteenBitAreNormalised()
    {
        const auto rgba = encoded(".png", gradient(10, 10, CV_8UC4));
        const ImageInfo i1 = probeImage(rgba.data(), rgba.size());
        QCOMPARE(decodeImage(rgba.data(), rgba.size(), i1, 8, false).image.type(), CV_8UC4);
        cv::Mat deep(10, 10, CV_16UC3, cv::Scalar(65535, 0, 32768));
        const auto png16 = encoded(".png", deep);
        const ImageInfo i2 = probeImage(png16.data(), png16.size());
        const cv::Mat d = decodeImage(png16.data(), png16.size(), i2, 8, false).image;
        QCOMPARE(d.type(), CV_8UC3);
        QCOMPARE(int(d.at<cv::Vec3b>(0, 0)[0]), 255);
        QCOMPARE(int(d.at<cv::Vec3b>(0, 0)[2]), 128);
    }

    void exifOrientationIsRead()
    {
        QFile f(PIXELPOOL_SAMPLES "/kite-exif-rotated.jpg");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray b = f.readAll();
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(b.data()), size_t(b.size()));
        QCOMPARE(info.exifOrientation, 6);
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
};

QTEST_GUILESS_MAIN(TestCodec)
#include "tst_codec.moc"
