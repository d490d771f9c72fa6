// OS/2 1.x BMPs (a 12-byte core header, a palette of 3-byte entries): read in colour, exactly,
// as ImageMagick reads them; headers that point outside the file, or ask for what OS/2 1.x has
// no meaning for, refused by name. They came out grey: OpenCV's reader takes the layout but never
// marks it colour.
#include "ImageCodec.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

using namespace pp;

namespace {

// A colour for every (x, y) of a small image: no two neighbours alike, no grey.
cv::Vec3b colourAt(int x, int y) { return cv::Vec3b(uchar(40 + 7 * x), uchar(200 - 9 * y), uchar(90 + 5 * (x ^ y))); }

void put16(std::vector<uint8_t> &b, size_t at, uint32_t v)
{
    b[at] = uint8_t(v);
    b[at + 1] = uint8_t(v >> 8);
}

void put32(std::vector<uint8_t> &b, size_t at, uint32_t v)
{
    put16(b, at, v & 0xFFFF);
    put16(b, at + 2, v >> 16);
}

// An OS/2 1.x BMP of `image` (BGR), written as OS/2 1.x writers do: rows bottom-up, each padded
// to 4 bytes; with `bits` up to 8 through a palette of `palette` (3-byte blue-green-red entries,
// at most 2^bits of them), which must hold every colour of the image.
std::vector<uint8_t> os2Bmp(const cv::Mat &image, int bits, const std::vector<cv::Vec3b> &palette = {})
{
    const size_t stride = (size_t(image.cols) * size_t(bits) + 31) / 32 * 4;
    const size_t offset = 14 + 12 + 3 * palette.size();
    std::vector<uint8_t> b(offset + stride * size_t(image.rows), 0);
    b[0] = 'B';
    b[1] = 'M';
    put32(b, 2, uint32_t(b.size()));
    put32(b, 10, uint32_t(offset));
    put32(b, 14, 12);
    put16(b, 18, uint32_t(image.cols));
    put16(b, 20, uint32_t(image.rows));
    put16(b, 22, 1);
    put16(b, 24, uint32_t(bits));
    for (size_t i = 0; i < palette.size(); ++i)
        std::memcpy(&b[26 + 3 * i], &palette[i][0], 3);
    for (int y = 0; y < image.rows; ++y) {
        uint8_t *row = &b[offset + stride * size_t(image.rows - 1 - y)];
        for (int x = 0; x < image.cols; ++x) {
            const cv::Vec3b p = image.at<cv::Vec3b>(y, x);
            if (bits == 24) {
                std::memcpy(row + 3 * x, &p[0], 3);
                continue;
            }
            const auto found = std::find(palette.begin(), palette.end(), p);
            const uint32_t index = uint32_t(found - palette.begin());
            const int perByte = 8 / bits, shift = 8 - bits * (x % perByte + 1);
            row[x / perByte] |= uint8_t(index << shift);
        }
    }
    return b;
}

// An image of `w`×`h` in the colours of `palette` (every one of them used), or in colourAt's.
cv::Mat picture(int w, int h, const std::vector<cv::Vec3b> &palette = {})
{
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) = palette.empty() ? colourAt(x, y) : palette[size_t(x + 3 * y) % palette.size()];
    return m;
}

std::vector<cv::Vec3b> colourPalette(size_t n)
{
    std::vector<cv::Vec3b> p;
    for (size_t i = 0; i < n; ++i)
        p.push_back(cv::Vec3b(uchar(17 * i + 3), uchar(255 - 11 * i), uchar(60 + 29 * (i % 7))));
    return p;
}

DecodeResult decoded(const std::vector<uint8_t> &bmp)
{
    const ImageInfo info = probeImage(bmp.data(), bmp.size());
    if (!info.error.isEmpty()) {
        DecodeResult r;
        r.error = "probe: " + info.error;
        return r;
    }
    return decodeImage(bmp.data(), bmp.size(), info, 8, false);
}

QString describe(const cv::Mat &m)
{
    return QStringLiteral("%1×%2, %3 channels").arg(m.cols).arg(m.rows).arg(m.channels());
}

} // namespace

class TestBmp : public QObject
{
    Q_OBJECT

private slots:
    // Every pixel as written, in colour: 24 bits a pixel, and 1, 4 and 8 through a palette, a
    // full one or a shorter one (the colours the image uses, as ImageMagick writes them).
    void os2BmpIsReadInColourExactly_data()
    {
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("paletteSize");
        QTest::newRow("24 bits") << 24 << 0;
        QTest::newRow("8 bits, 256 colours") << 8 << 256;
        QTest::newRow("8 bits, 200 colours") << 8 << 200;
        QTest::newRow("4 bits, 16 colours") << 4 << 16;
        QTest::newRow("4 bits, 5 colours") << 4 << 5;
        QTest::newRow("1 bit") << 1 << 2;
    }
    void os2BmpIsReadInColourExactly()
    {
        QFETCH(int, bits);
        QFETCH(int, paletteSize);
        const std::vector<cv::Vec3b> palette = colourPalette(size_t(paletteSize));
        const cv::Mat image = picture(37, 23, palette); // odd width: every row padded
        const DecodeResult d = decoded(os2Bmp(image, bits, palette));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY2(d.image.type() == CV_8UC3, qPrintable(describe(d.image)));
        QCOMPARE(d.image.size(), image.size());
        QCOMPARE(cv::norm(d.image, image, cv::NORM_INF), 0.0);
        QVERIFY(d.warning.isEmpty());
    }

    // The file QA met: ImageMagick's `-define bmp:format=bmp2` of a photo, 24-bit and with a
    // palette, read as ImageMagick itself reads it.
    void os2BmpAsImageMagickReadsIt_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("24 bits") << QStringList();
        QTest::newRow("palette") << QStringList{"-colors", "200", "-type", "palette"};
    }
    void os2BmpAsImageMagickReadsIt()
    {
        QFETCH(QStringList, options);
        const QString convert = QStandardPaths::findExecutable("convert");
        QVERIFY2(!convert.isEmpty(), "ImageMagick's convert (scripts/install-deps.sh --tests installs it)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString source = dir.filePath("source.png"), bmp = dir.filePath("os2.bmp"), back = dir.filePath("im.png");
        QVERIFY(cv::imwrite(source.toStdString(), picture(64, 40)));
        const auto run = [&](const QStringList &args) {
            QProcess im;
            im.start(convert, args);
            return im.waitForFinished(60000) && im.exitStatus() == QProcess::NormalExit && im.exitCode() == 0;
        };
        QVERIFY(run(QStringList{source} + options + QStringList{"-define", "bmp:format=bmp2", bmp}));
        QVERIFY(run({bmp, back}));
        QFile f(bmp);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QCOMPARE(int(uint8_t(bytes[14])), 12); // a core header
        const std::vector<uint8_t> data(bytes.begin(), bytes.end());
        const DecodeResult d = decoded(data);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        const cv::Mat reference = cv::imread(back.toStdString(), cv::IMREAD_COLOR);
        QVERIFY2(d.image.type() == CV_8UC3, qPrintable(describe(d.image)));
        QCOMPARE(d.image.size(), reference.size());
        QCOMPARE(cv::norm(d.image, reference, cv::NORM_INF), 0.0);
    }

    // What the header says is checked before any pixel: a palette or pixels outside the file are
    // damage; a bit count OS/2 1.x has no meaning for, or an OS/2 2.x header shorter than the
    // fields OpenCV's reader reads, is a kind PixelPool does not read. Never an image.
    void os2BmpHeadersThatCannotBeRead_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("expected");
        QTest::newRow("pixels inside the header") << "offset 20"
                                                  << "damaged or truncated BMP";
        // Nothing between header and pixels: OpenCV took the pixels for the palette (a wrong image).
        QTest::newRow("no palette") << "offset 26"
                                    << "damaged or truncated BMP: 8 bits a pixel and no palette";
        QTest::newRow("less than a palette entry") << "offset 28"
                                                   << "damaged or truncated BMP: 8 bits a pixel and no palette";
        QTest::newRow("pixels after the end") << "offset end"
                                              << "damaged or truncated BMP";
        QTest::newRow("pixels cut short") << "cut"
                                          << "damaged or truncated BMP";
        QTest::newRow("32 bits a pixel") << "bits 32"
                                         << "BMP of a kind PixelPool does not read: OS/2 1.x with 32 bits";
        QTest::newRow("16 bits a pixel") << "bits 16"
                                         << "BMP of a kind PixelPool does not read: OS/2 1.x with 16 bits";
        QTest::newRow("no bits") << "bits 0"
                                 << "BMP of a kind PixelPool does not read: OS/2 1.x with 0 bits";
        QTest::newRow("OS/2 2.x, 16-byte header")
            << "header 16"
            << "BMP of a kind PixelPool does not read: OS/2 2.x header of 16 bytes";
    }
    void os2BmpHeadersThatCannotBeRead()
    {
        QFETCH(QString, change);
        QFETCH(QString, expected);
        const std::vector<cv::Vec3b> palette = colourPalette(16);
        // Without a palette, pixels enough for OpenCV to take 1 KB of them as one and read the rest.
        const bool big = change == "offset 26" || change == "offset 28";
        std::vector<uint8_t> bmp = os2Bmp(picture(big ? 200 : 37, big ? 100 : 23, palette), 8, palette);
        const QStringList c = change.split(' ');
        if (c[0] == "offset")
            put32(bmp, 10, c[1] == "end" ? uint32_t(bmp.size()) : c[1].toUInt());
        else if (c[0] == "bits")
            put16(bmp, 24, c[1].toUInt());
        else if (c[0] == "cut")
            bmp.resize(bmp.size() - 40);
        else if (c[0] == "header") { // an OS/2 2.x header: 32-bit width and height, then planes and bits
            std::vector<uint8_t> longer(bmp.begin(), bmp.begin() + 14);
            longer.resize(14 + 16, 0);
            put32(longer, 14, 16);
            put32(longer, 18, 37);
            put32(longer, 22, 23);
            put16(longer, 26, 1);
            put16(longer, 28, 24);
            longer.resize(longer.size() + 4 * 37 * 23, 0x80);
            put32(longer, 10, 30);
            bmp = longer;
        }
        const DecodeResult d = decoded(bmp);
        QVERIFY(d.image.empty());
        QVERIFY2(d.error.startsWith(expected), qPrintable(d.error));
        QCOMPARE(d.corrupt, expected.startsWith("damaged"));
    }
};

QTEST_GUILESS_MAIN(TestBmp)
#include "tst_bmp.moc"
