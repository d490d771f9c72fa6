// What watermark steps read in the worker: the logo file through DecodedFileCache (probe, pixel
// limit, the project's decoders, decoded once per process), and what the steps report reaching
// the job's outcome (a failure's reason, a warning).
#include "DecodedFileCache.h"
#include "JobExecutor.h"
#include "JobRunner.h"
#include "PhotoFixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace pp;

namespace {

quint32 crc32(const QByteArray &bytes)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char ch : bytes) {
        crc ^= quint8(ch);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

// A PNG whose header claims `width`×`height` and whose data is one tiny row: the size is what
// the probe must refuse before anything is decoded.
QByteArray pngClaiming(quint32 width, quint32 height)
{
    const auto be32 = [](quint32 v) {
        const char bytes[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
        return QByteArray(bytes, 4);
    };
    const auto chunk = [&](const QByteArray &type, const QByteArray &data) {
        return be32(quint32(data.size())) + type + data + be32(crc32(type + data));
    };
    const QByteArray ihdr = be32(width) + be32(height) + QByteArray("\x08\x06\x00\x00\x00", 5); // RGBA 8-bit
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) +
           chunk("IDAT", qCompress(QByteArray(5, 0)).mid(4)) + chunk("IEND", {});
}

} // namespace

class TestLogo : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QString file(const QString &name) const { return m_dir.filePath(name); }

    void write(const QString &name, const QByteArray &bytes)
    {
        QFile f(file(name));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

    // A preset with one step, for a JobExecutor of its own.
    static QByteArray presetWith(const QJsonObject &step)
    {
        return QJsonDocument(QJsonObject{{"format", "pixelpool-preset"},
                                         {"version", 1},
                                         {"name", "marked"},
                                         {"steps", QJsonArray{step}},
                                         {"output", QJsonObject{{"format", "png"}}}})
            .toJson();
    }

    // The logo drawn opaque at the top left corner, a quarter of the photo's width, no margin.
    static QByteArray quarterWideLogoAtTopLeft(const QString &logo)
    {
        return presetWith({{"op", "logo"},
                           {"file", logo},
                           {"position", "topLeft"},
                           {"size", 25.0},
                           {"margin", 0.0},
                           {"opacity", 1.0}});
    }

    proto::Job job(const QString &out) const
    {
        JobSpec s;
        s.id = 5;
        s.presetId = 1;
        s.inputPath = QFile::encodeName(file("photo.png"));
        s.outputPattern = QFile::encodeName(file(out));
        s.tempPath = QFile::encodeName(file("." + out + ".part"));
        return s.toJob(0);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(cv::imwrite(file("photo.png").toStdString(), cv::Mat(300, 400, CV_8UC3, cv::Scalar(200, 120, 40))));
        cv::Mat logo(50, 100, CV_8UC4, cv::Scalar(0, 0, 255, 255));    // opaque red, BGRA
        logo(cv::Rect(0, 0, 100, 10)).setTo(cv::Scalar(0, 255, 0, 0)); // a transparent band on top
        QVERIFY(cv::imwrite(file("logo.png").toStdString(), logo));
    }

    void decodesOnceAndAgainWhenTheFileChanges()
    {
        DecodedFileCache cache(200'000'000);
        QString error;
        const cv::Mat first = cache.load(file("logo.png").toStdString(), {}, &error);
        QVERIFY2(!first.empty(), qPrintable(error));
        QCOMPARE(first.type(), CV_8UC4);
        QCOMPARE(first.size(), cv::Size(100, 50));
        QCOMPARE(first.at<cv::Vec4b>(5, 5)[3], uchar(0));
        QCOMPARE(first.at<cv::Vec4b>(20, 5), cv::Vec4b(0, 0, 255, 255));
        // The rest of a batch of a thousand, each image asking for the logo at its size there.
        const cv::Mat sized = cache.load(file("logo.png").toStdString(), {50, 25}, &error);
        QCOMPARE(sized.size(), cv::Size(50, 25));
        QCOMPARE(cv::norm(sized, ops::resizeTo(first, {50, 25}, ops::Filter::Auto), cv::NORM_INF), 0.0);
        for (int i = 0; i < 998; ++i) {
            QCOMPARE(cache.load(file("logo.png").toStdString(), {}, &error).data, first.data);
            QCOMPARE(cache.load(file("logo.png").toStdString(), {50, 25}, &error).data, sized.data); // resampled once
        }
        QCOMPARE(cache.decodes(), 1);
        // Another file's content (and size) under the same name is read again.
        QVERIFY(cv::imwrite(file("logo2.png").toStdString(), cv::Mat(7, 9, CV_8UC1, cv::Scalar(80))));
        const cv::Mat other = cache.load(file("logo2.png").toStdString(), {}, &error);
        QCOMPARE(other.size(), cv::Size(9, 7));
        QCOMPARE(other.at<cv::Vec4b>(3, 3), cv::Vec4b(80, 80, 80, 255)); // grey made BGRA, opaque
        QFile::remove(file("logo2.png"));
        QVERIFY(cv::imwrite(file("logo2.png").toStdString(), cv::Mat(5, 4, CV_8UC3, cv::Scalar(1, 2, 3))));
        QCOMPARE(cache.load(file("logo2.png").toStdString(), {}, &error).size(), cv::Size(4, 5));
        QCOMPARE(cache.decodes(), 3);
    }

    // A logo's colours are taken into sRGB through its profile, as an input's are: a grey one's
    // too, and a grey+alpha logo's (read as colour+alpha) with its grey profile, which was drawn
    // unconverted (level 100 of a linear grey is sRGB grey 168).
    void aLogosProfileIsApplied_data()
    {
        QTest::addColumn<int>("channels"); // the pixels written: grey, grey+alpha (as BGRA) or colour
        QTest::addColumn<QString>("profile");
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("srgb"); // the level in sRGB
        QTest::newRow("grey, linear grey profile") << 1 << "grey" << 100 << 168;
        QTest::newRow("grey+alpha, linear grey profile") << 4 << "grey" << 100 << 168;
        QTest::newRow("colour, Adobe RGB") << 3 << "adobe" << 30 << 24; // its 2.2 curve is darker low down
    }
    void aLogosProfileIsApplied()
    {
        QFETCH(int, channels);
        QFETCH(QString, profile);
        QFETCH(int, level);
        QFETCH(int, srgb);
        const int alpha = channels == 4 ? 200 : 255; // not opaque: the PNG is written grey+alpha
        const cv::Mat pixels(8, 10, CV_8UC(channels), cv::Scalar(level, level, level, alpha));
        const testphotos::Bytes icc = profile == "grey" ? testphotos::linearGrey() : testphotos::adobeRgb();
        const testphotos::Bytes png = testphotos::encoded(pixels, OutputFormat::Png, icc);
        write("profiled.png", QByteArray(reinterpret_cast<const char *>(png.data()), qsizetype(png.size())));
        DecodedFileCache cache(200'000'000);
        QString error;
        const cv::Mat logo = cache.load(file("profiled.png").toStdString(), {}, &error);
        QVERIFY2(!logo.empty(), qPrintable(error));
        const cv::Vec4b px = logo.at<cv::Vec4b>(4, 5);
        QCOMPARE(int(px[3]), alpha);
        QVERIFY2(std::abs(px[0] - srgb) <= 1 && px[0] == px[1] && px[1] == px[2],
                 qPrintable(QStringLiteral("%1 %2 %3").arg(px[0]).arg(px[1]).arg(px[2])));
    }

    void unusableFilesAreNamedAndRemembered()
    {
        DecodedFileCache cache(200'000'000);
        QString error;
        QVERIFY(cache.load(file("none.png").toStdString(), {}, &error).empty());
        QCOMPARE(error, "cannot read " + file("none.png") + ": no such file or folder");

        std::vector<uchar> png;
        QVERIFY(cv::imencode(".png", cv::Mat(64, 64, CV_8UC3, cv::Scalar(9, 9, 9)), png));
        write("cut.png", QByteArray(reinterpret_cast<const char *>(png.data()), int(png.size() / 2)));
        write("text.png", "not an image at all");
        for (int i = 0; i < 3; ++i) { // a corrupt logo is decoded once, not once per image
            QVERIFY(cache.load(file("cut.png").toStdString(), {}, &error).empty());
            QVERIFY2(error.startsWith(file("cut.png") + ": ") && error.size() > file("cut.png").size() + 10,
                     qPrintable(error));
        }
        QCOMPARE(cache.decodes(), 1);
        QVERIFY(cache.load(file("text.png").toStdString(), {}, &error).empty());
        QVERIFY2(error.startsWith(file("text.png") + ": ") && error.contains("not", Qt::CaseInsensitive),
                 qPrintable(error));
        QVERIFY(cache.load(m_dir.path().toStdString(), {}, &error).empty()); // a folder
        QVERIFY2(error.contains("is a folder"), qPrintable(error));
    }

    void bombIsRefusedBeforeDecoding()
    {
        // A decompression bomb's header is refused by the pixel limit: nothing is allocated for it.
        write("bomb.png", pngClaiming(60000, 60000));
        DecodedFileCache cache(200'000'000);
        QString error;
        QVERIFY(cache.load(file("bomb.png").toStdString(), {}, &error).empty());
        QCOMPARE(error,
                 file("bomb.png") + ": PNG of 60000×60000 (3600.0 megapixels) is over the limit of 200.0 megapixels");
        // The limit is the worker's own: a smaller one refuses a smaller logo.
        DecodedFileCache small(1000);
        QVERIFY(small.load(file("logo.png").toStdString(), {}, &error).empty());
        QVERIFY2(error.contains("100×50") && error.contains("over the limit"), qPrintable(error));
    }

    void jobsDrawTheLogoAndDecodeItOnce()
    {
        JobExecutor e(200'000'000);
        QString error;
        QVERIFY2(e.definePreset(1, quarterWideLogoAtTopLeft(file("logo.png")), &error), qPrintable(error));
        for (int i = 0; i < 3; ++i) {
            const JobOutcome o = e.run(job(QStringLiteral("marked%1.png").arg(i)), nullptr, 0, {});
            QVERIFY2(o.ok, qPrintable(o.failed.message));
            QVERIFY(o.finished.warning.isEmpty());
            // 25 % of 400 px: the logo is 100×50 where it was drawn, red under its transparent band.
            const cv::Mat out = cv::imread(QString::fromLocal8Bit(o.finished.outputPath).toStdString());
            QCOMPARE(out.at<cv::Vec3b>(30, 50), cv::Vec3b(0, 0, 255));
            QCOMPARE(out.at<cv::Vec3b>(5, 50), cv::Vec3b(200, 120, 40));
            QCOMPARE(out.at<cv::Vec3b>(100, 200), cv::Vec3b(200, 120, 40));
        }
        QCOMPARE(e.decodedFiles().decodes(), 1);
    }

    // A logo of 16 bits a channel (a PNG or TIFF exported at depth) failed every image with
    // OpenCV's "Assertion failed: scaled.type() == CV_8UC4" (operations QA pass): it is drawn at
    // 8 bits, as the photos under it are.
    void aSixteenBitLogoIsDrawn_data()
    {
        QTest::addColumn<int>("type");
        QTest::newRow("grey") << int(CV_16UC1);
        QTest::newRow("colour") << int(CV_16UC3);
        QTest::newRow("colour and alpha") << int(CV_16UC4);
    }

    void aSixteenBitLogoIsDrawn()
    {
        QFETCH(int, type);
        const int channels = CV_MAT_CN(type);
        // Red where there is colour (grey: white), 257 × the 8-bit level: exactly the 8-bit logo.
        const cv::Scalar red = channels == 1 ? cv::Scalar(65535) : cv::Scalar(0, 0, 65535, 65535);
        const QString name = QStringLiteral("logo16-%1.png").arg(channels);
        QVERIFY(cv::imwrite(file(name).toStdString(), cv::Mat(50, 100, type, red)));
        DecodedFileCache cache(200'000'000);
        QString error;
        const cv::Mat decoded = cache.load(file(name).toStdString(), {}, &error);
        QVERIFY2(!decoded.empty(), qPrintable(error));
        QCOMPARE(decoded.type(), CV_8UC4);
        JobExecutor e(200'000'000);
        QVERIFY2(e.definePreset(1, quarterWideLogoAtTopLeft(file(name)), &error), qPrintable(error));
        const JobOutcome o = e.run(job(QStringLiteral("marked16-%1.png").arg(channels)), nullptr, 0, {});
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        const cv::Mat out = cv::imread(QString::fromLocal8Bit(o.finished.outputPath).toStdString());
        QCOMPARE(out.at<cv::Vec3b>(30, 50), channels == 1 ? cv::Vec3b(255, 255, 255) : cv::Vec3b(0, 0, 255));
        QCOMPARE(out.at<cv::Vec3b>(100, 200), cv::Vec3b(200, 120, 40));
    }

    void aLogoThatCannotBeUsedFailsTheImage()
    {
        write("bomb.png", pngClaiming(60000, 60000));
        for (const QString &name : {QStringLiteral("missing.png"), QStringLiteral("bomb.png")}) {
            JobExecutor e(200'000'000);
            QString error;
            QVERIFY(e.definePreset(1, presetWith({{"op", "logo"}, {"file", file(name)}}), &error));
            const JobOutcome o = e.run(job("failed.png"), nullptr, 0, {});
            QVERIFY(!o.ok);
            QCOMPARE(o.failed.code, proto::FailureCode::Processing);
            QVERIFY2(o.failed.message.startsWith("logo: ") && o.failed.message.contains(file(name)),
                     qPrintable(o.failed.message));
            QVERIFY(!QFile::exists(file(".failed.png.part")));
        }
    }

    void textWarningsReachTheFinishedImage()
    {
        JobExecutor e(200'000'000);
        QString error;
        QVERIFY(e.definePreset(
            1, presetWith({{"op", "watermark"}, {"text", QString::fromUcs4(U"\u00A9 \u6771\U0010FFFD")}}), &error));
        const JobOutcome o = e.run(job("text.png"), nullptr, 0, {});
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        QCOMPARE(o.finished.warning, "watermark: no installed font has U+10FFFD \"" + QString::fromUcs4(U"\U0010FFFD") +
                                         "\"; drawn as missing-glyph boxes");
    }
};

QTEST_GUILESS_MAIN(TestLogo)
#include "tst_logo.moc"
