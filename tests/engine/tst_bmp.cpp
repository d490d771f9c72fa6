// BMPs that OpenCV's reader read wrong. OS/2 1.x ones (a 12-byte core header, a palette of 3-byte
// entries): read in colour, exactly, as ImageMagick reads them; headers that point outside the
// file, or ask for what OS/2 1.x has no meaning for, refused by name. They came out grey: OpenCV's
// reader takes the layout but never marks it colour. 32-bit bit fields, read as their masks say
// (Windows' own layout came out fully transparent); RLE8 and RLE4 rows that go past the width, as
// ImageMagick writes them, cut there (they sheared the picture). A BMP's alpha that `format: keep`
// flattens is said.
#include "ImageCodec.h"
#include "JobExecutor.h"
#include "JobRunner.h"
#include "OneJob.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

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

// A Windows BMP of `pixels` (the stored rows, bottom-up unless `topDown`; each padded by the caller)
// behind an info header of `header` bytes (40, 56, 108 or 124) with `bits` a pixel and
// `compression`; `masks` (red, green, blue, alpha) after a 40-byte header (the first three) or
// inside a longer one; `palette` (4-byte blue-green-red-0 entries) after the header, its entry
// count in the header as `colours`.
std::vector<uint8_t> windowsBmp(int w, int h, int bits, int compression, const std::vector<uint8_t> &pixels,
                                int header = 40, std::vector<uint32_t> masks = {},
                                const std::vector<uint8_t> &palette = {}, bool topDown = false, int colours = -1)
{
    const size_t maskBytes = header == 40 && !masks.empty() ? 12 : 0;
    const size_t offset = 14 + size_t(header) + maskBytes + palette.size();
    std::vector<uint8_t> b(offset + pixels.size(), 0);
    b[0] = 'B';
    b[1] = 'M';
    put32(b, 2, uint32_t(b.size()));
    put32(b, 10, uint32_t(offset));
    put32(b, 14, uint32_t(header));
    put32(b, 18, uint32_t(w));
    put32(b, 22, topDown ? uint32_t(-h) : uint32_t(h));
    put16(b, 26, 1);
    put16(b, 28, uint32_t(bits));
    put32(b, 30, uint32_t(compression));
    put32(b, 34, uint32_t(pixels.size()));
    put32(b, 46, uint32_t(colours >= 0 ? colours : int(palette.size() / 4)));
    masks.resize(header == 40 ? std::min<size_t>(masks.size(), 3) : (header >= 56 ? 4 : 3), 0);
    for (size_t i = 0; i < masks.size() && (header > 40 || maskBytes); ++i)
        put32(b, 54 + 4 * i, masks[i]);
    std::copy(palette.begin(), palette.end(), b.begin() + ptrdiff_t(14 + size_t(header) + maskBytes));
    std::copy(pixels.begin(), pixels.end(), b.begin() + ptrdiff_t(offset));
    return b;
}

// The value `v` (8 bits) stored in the field `mask` of a pixel: its top bits, as many as the mask has.
uint32_t inField(uint32_t v, uint32_t mask)
{
    if (mask == 0)
        return 0;
    const int shift = __builtin_ctz(mask), width = __builtin_popcount(mask);
    const uint32_t stored = width >= 8 ? v << (width - 8) : v >> (8 - width);
    return (stored << shift) & mask;
}

// 32-bit pixels of `image` (BGR or BGRA) in the fields `masks` (red, green, blue, alpha), rows
// bottom-up unless `topDown`; `padding` fills the bits no mask covers.
std::vector<uint8_t> bitFieldPixels(const cv::Mat &image, const std::vector<uint32_t> &masks, bool topDown,
                                    uint32_t padding)
{
    std::vector<uint8_t> out(size_t(image.total()) * 4);
    const uint32_t covered = masks[0] | masks[1] | masks[2] | (masks.size() > 3 ? masks[3] : 0);
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x) {
            const uint8_t *p = image.ptr<uint8_t>(y) + x * image.channels();
            uint32_t v = padding & ~covered;
            for (int c = 0; c < 3; ++c)
                v |= inField(p[2 - c], masks[size_t(c)]);
            if (masks.size() > 3)
                v |= inField(image.channels() == 4 ? p[3] : 255, masks[3]);
            put32(out, 4 * (size_t(topDown ? y : image.rows - 1 - y) * size_t(image.cols) + size_t(x)), v);
        }
    return out;
}

// An n-bit sample (the top n bits of an 8-bit one) widened back to 8 bits by repeating its bits.
uchar widenedBack(uchar v, int n)
{
    if (n >= 8)
        return v;
    const uint32_t top = v >> (8 - n);
    uint32_t out = 0;
    int filled = 0;
    for (; filled < 8; filled += n)
        out = out << n | top;
    return uchar(out >> (filled - 8));
}

// How ImageMagick (and a careless writer) fill an RLE row: pixels up to `rowPixels`, past the
// width, in runs and in absolute runs. `indices` is the picture (one index a pixel, 0..15 for
// RLE4), top row first; the data is bottom-up, each row closed by an end-of-line, the last by an
// end-of-bitmap. Runs alternate with absolute runs of odd and even lengths (padded to 16 bits).
std::vector<uint8_t> rleData(const cv::Mat &indices, bool four, int rowPixels)
{
    std::vector<uint8_t> d;
    for (int y = indices.rows - 1; y >= 0; --y) {
        std::vector<uint8_t> row(indices.ptr<uint8_t>(y), indices.ptr<uint8_t>(y) + indices.cols);
        for (int x = indices.cols; x < rowPixels; ++x) // past the width: whatever the writer had there
            row.push_back(uint8_t((x * 7 + y) % (four ? 16 : 200)));
        size_t x = 0;
        bool absolute = y % 2 == 1;
        while (x < row.size()) {
            const size_t left = row.size() - x;
            if (absolute && left >= 3) {
                const size_t n = std::min<size_t>(left, 3 + (x + size_t(y)) % 6);
                d.push_back(0);
                d.push_back(uint8_t(n));
                const size_t start = d.size();
                for (size_t i = 0; i < n; ++i) {
                    if (!four)
                        d.push_back(row[x + i]);
                    else if (i % 2 == 0)
                        d.push_back(uint8_t(row[x + i] << 4));
                    else
                        d.back() |= row[x + i];
                }
                if ((d.size() - start) % 2)
                    d.push_back(0);
                x += n;
            } else { // a run: of one index, or for RLE4 two alternating
                size_t n = 1;
                const uint8_t second = four && x + 1 < row.size() ? row[x + 1] : row[x];
                while (x + n < row.size() && n < 255 && row[x + n] == (n % 2 ? second : row[x]))
                    ++n;
                d.push_back(uint8_t(n));
                d.push_back(four ? uint8_t(row[x] << 4 | (n > 1 ? second : 0)) : row[x]);
                x += n;
            }
            absolute = !absolute;
        }
        d.push_back(0);
        d.push_back(y == 0 ? 1 : 0);
    }
    return d;
}

// A palette of `n` 4-byte entries (blue, green, red, 0) of colourPalette's colours.
std::vector<uint8_t> paletteBytes(size_t n)
{
    std::vector<uint8_t> b;
    for (const cv::Vec3b &c : colourPalette(n))
        b.insert(b.end(), {c[0], c[1], c[2], 0});
    return b;
}

// Indices of `n` colours for a picture of w×h: neighbours differ, and runs of equal ones occur.
cv::Mat indexPicture(int w, int h, int n)
{
    cv::Mat m(h, w, CV_8UC1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<uchar>(y, x) = uchar(((x / 3) * 5 + y * 3 + (x % 7 == 0 ? 1 : 0)) % n);
    return m;
}

// The stored rows of `indices` at `bits` a pixel (1, 4 or 8; the leftmost pixel in a byte's high
// bits), bottom-up, each padded to 4 bytes.
std::vector<uint8_t> packedIndices(const cv::Mat &indices, int bits)
{
    const size_t stride = (size_t(indices.cols) * size_t(bits) + 31) / 32 * 4;
    std::vector<uint8_t> out(stride * size_t(indices.rows), 0);
    for (int y = 0; y < indices.rows; ++y)
        for (int x = 0; x < indices.cols; ++x) {
            const int perByte = 8 / bits, shift = 8 - bits * (x % perByte + 1);
            out[stride * size_t(indices.rows - 1 - y) + size_t(x / perByte)] |=
                uint8_t(indices.at<uchar>(y, x) << shift);
        }
    return out;
}

cv::Mat throughPalette(const cv::Mat &indices, const std::vector<cv::Vec3b> &palette)
{
    cv::Mat m(indices.size(), CV_8UC3);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<cv::Vec3b>(y, x) = palette[indices.at<uchar>(y, x)];
    return m;
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

    // A 32-bit BMP with bit fields is read as its masks say: Windows' own layout (a 40-byte header,
    // masks 0xFF0000, 0xFF00 and 0xFF, the fourth byte padding) opaque, whatever that byte holds;
    // other masks with their colours where the masks put them; alpha only where a longer header
    // gives its mask, and then only if some pixel has any (a writer that gives the mask and writes
    // no alpha). OpenCV read every such file as blue, green, red, alpha: the first came out fully
    // transparent, the second transparent and with red and blue swapped.
    void thirtyTwoBitFieldsAreReadAsTheirMasksSay_data()
    {
        QTest::addColumn<int>("header");
        QTest::addColumn<QList<uint>>("masks");
        QTest::addColumn<uint>("padding");
        QTest::addColumn<bool>("withAlpha"); // the picture has alpha (stored where the mask says)
        QTest::addColumn<bool>("topDown");
        QTest::addColumn<int>("channels"); // read
        const QList<uint> bgrx{0xFF0000, 0xFF00, 0xFF}, rgbx{0xFF, 0xFF00, 0xFF0000};
        QTest::newRow("40 bytes, Windows' layout") << 40 << bgrx << 0u << false << false << 3;
        QTest::newRow("40 bytes, padding not 0") << 40 << bgrx << 0x5A000000u << false << false << 3;
        QTest::newRow("40 bytes, red first") << 40 << rgbx << 0u << false << true << 3;
        QTest::newRow("40 bytes, red in the top byte")
            << 40 << QList<uint>{0xFF000000, 0xFF0000, 0xFF00} << 0u << false << false << 3;
        QTest::newRow("version 5, BGRA") << 124 << QList<uint>{0xFF0000, 0xFF00, 0xFF, 0xFF000000} << 0u << true
                                         << false << 4;
        QTest::newRow("version 4, RGBA in another order")
            << 108 << QList<uint>{0xFF00, 0xFF0000, 0xFF000000, 0xFF} << 0u << true << true << 4;
        QTest::newRow("version 5, an alpha mask and every alpha 0")
            << 124 << QList<uint>{0xFF0000, 0xFF00, 0xFF, 0xFF000000} << 0u << false << false << 3;
        QTest::newRow("version 5, no alpha mask, padding 0")
            << 124 << QList<uint>{0xFF0000, 0xFF00, 0xFF, 0} << 0u << false << false << 3;
        QTest::newRow("56 bytes, 10-10-10 and 2 bits of alpha")
            << 56 << QList<uint>{0x3FF00000, 0xFFC00, 0x3FF, 0xC0000000} << 0u << true << false << 4;
        QTest::newRow("52 bytes, 5-6-5 in 32 bits")
            << 52 << QList<uint>{0xF800, 0x7E0, 0x1F} << 0xFFFF0000u << false << false << 3;
    }
    void thirtyTwoBitFieldsAreReadAsTheirMasksSay()
    {
        QFETCH(int, header);
        QFETCH(QList<uint>, masks);
        QFETCH(uint, padding);
        QFETCH(bool, withAlpha);
        QFETCH(bool, topDown);
        QFETCH(int, channels);
        const int w = 37, h = 23;
        cv::Mat image = picture(w, h);
        if (withAlpha) {
            cv::Mat alpha(h, w, CV_8UC1);
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x)
                    alpha.at<uchar>(y, x) = uchar(x * 7 + y);
            cv::Mat parts[] = {image, alpha};
            cv::merge(parts, 2, image);
        }
        const std::vector<uint32_t> m(masks.begin(), masks.end());
        std::vector<uint32_t> stored = m;
        if (!withAlpha && stored.size() > 3) // a mask given, or not, and every alpha 0 (the padding)
            stored[3] = 0;
        const std::vector<uint8_t> bmp =
            windowsBmp(w, h, 32, 3, bitFieldPixels(image, stored, topDown, padding), header, m, {}, topDown);
        const DecodeResult d = decoded(bmp);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY2(d.image.channels() == channels && d.image.depth() == CV_8U, qPrintable(describe(d.image)));
        QCOMPARE(d.image.size(), cv::Size(w, h));
        cv::Mat expected(h, w, CV_MAKETYPE(CV_8U, channels));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < channels; ++c) {
                    const uint32_t mask = m[size_t(c < 3 ? 2 - c : 3)];
                    const uchar v = c < image.channels() ? image.ptr<uchar>(y)[x * image.channels() + c] : 255;
                    expected.ptr<uchar>(y)[x * channels + c] = widenedBack(v, __builtin_popcount(mask));
                }
        QCOMPARE(cv::norm(d.image, expected, cv::NORM_INF), 0.0);
    }

    // Masks that are not one run of bits, a colour without one, or pixels the file does not hold
    // are refused: the first two as a kind PixelPool does not read, the last as damage.
    void thirtyTwoBitFieldsThatCannotBeRead_data()
    {
        QTest::addColumn<QList<uint>>("masks");
        QTest::addColumn<bool>("cut");
        QTest::addColumn<QString>("expected");
        QTest::newRow("mask with a gap") << QList<uint>{0xF0F000, 0xFF00, 0xFF} << false
                                         << "BMP of a kind PixelPool does not read: 32-bit bit fields f0f000/ff00/ff";
        QTest::newRow("no green") << QList<uint>{0xFF0000, 0, 0xFF} << false
                                  << "BMP of a kind PixelPool does not read: 32-bit bit fields ff0000/0/ff";
        QTest::newRow("cut short") << QList<uint>{0xFF0000, 0xFF00, 0xFF} << true
                                   << "damaged or truncated BMP: the pixel data ends early";
    }
    void thirtyTwoBitFieldsThatCannotBeRead()
    {
        QFETCH(QList<uint>, masks);
        QFETCH(bool, cut);
        QFETCH(QString, expected);
        const std::vector<uint32_t> m(masks.begin(), masks.end());
        std::vector<uint8_t> bmp = windowsBmp(37, 23, 32, 3, bitFieldPixels(picture(37, 23), m, false, 0), 40, m);
        if (cut)
            bmp.resize(bmp.size() - 1);
        const DecodeResult d = decoded(bmp);
        QVERIFY(d.image.empty());
        QCOMPARE(d.error, expected);
        QCOMPARE(d.corrupt, cut);
    }

    // RLE8 and RLE4 rows that hold pixels past the width (ImageMagick fills each row up to its
    // 4-byte stride, 100 pixels for a width of 97; here in runs and in absolute runs) are cut at
    // the width, as ImageMagick and Pillow read them. OpenCV carried those pixels into the next
    // row (RLE8: the picture sheared) or refused the file as damaged (RLE4).
    void rleRowsPastTheWidthAreCut_data()
    {
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("rowPixels");
        for (const int bits : {8, 4})
            for (const int width : {97, 30, 5, 1}) {
                const int stride = bits == 8 ? (width + 3) / 4 * 4 : (width + 7) / 8 * 8;
                QTest::addRow("RLE%d, width %d, rows of %d", bits, width, stride) << bits << width << stride;
                QTest::addRow("RLE%d, width %d, rows of %d", bits, width, width + 40) << bits << width << width + 40;
                QTest::addRow("RLE%d, width %d, rows of %d", bits, width, width) << bits << width << width;
            }
    }
    void rleRowsPastTheWidthAreCut()
    {
        QFETCH(int, bits);
        QFETCH(int, width);
        QFETCH(int, rowPixels);
        const int h = 23, colours = bits == 8 ? 200 : 16;
        const cv::Mat indices = indexPicture(width, h, colours);
        const std::vector<uint8_t> bmp =
            windowsBmp(width, h, bits, bits == 8 ? 1 : 2, rleData(indices, bits == 4, rowPixels), 40, {},
                       paletteBytes(size_t(colours)));
        const DecodeResult d = decoded(bmp);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY2(d.image.type() == CV_8UC3, qPrintable(describe(d.image)));
        QCOMPARE(cv::norm(d.image, throughPalette(indices, colourPalette(size_t(colours))), cv::NORM_INF), 0.0);
    }

    // A jump (delta), a row's end and the bitmap's end before the last pixel leave the pixels they
    // skip at index 0; a jump past the width or the last row goes no further than them.
    void rleJumpsAndEarlyEndsLeaveIndexZero()
    {
        const int w = 10, h = 6;
        const std::vector<uint8_t> data = {
            3, 0x11,            // row 0 (bottom): three of index 0x11
            0, 2,    4,   1,    // jump 4 right, 1 down: (7, 1)
            5, 0x22,            // five of 0x22 (three fit)
            0, 0,               // row 2
            0, 2,    200, 0,    // a jump past the width: the rest of row 2 is dropped
            4, 0x33,            // dropped
            0, 0,               // row 3
            0, 3,    1,   2, 3, // absolute, three, padded
            0,                  //
            0, 1,               // the bitmap's end: rows 4 and 5 stay index 0
        };
        const std::vector<uint8_t> bmp = windowsBmp(w, h, 8, 1, data, 40, {}, paletteBytes(256));
        cv::Mat expected(h, w, CV_8UC1, cv::Scalar(0));
        const auto at = [&](int x, int fileRow) -> uchar & { return expected.at<uchar>(h - 1 - fileRow, x); };
        at(0, 0) = at(1, 0) = at(2, 0) = 0x11;
        at(7, 1) = at(8, 1) = at(9, 1) = 0x22;
        at(0, 3) = 1, at(1, 3) = 2, at(2, 3) = 3;
        const DecodeResult d = decoded(bmp);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(cv::norm(d.image, throughPalette(expected, colourPalette(256)), cv::NORM_INF), 0.0);
        // A jump below the last row ends the picture too.
        const std::vector<uint8_t> down = {2, 5, 0, 2, 0, 250, 9, 9};
        const DecodeResult jumped = decoded(windowsBmp(w, h, 8, 1, down, 40, {}, paletteBytes(256)));
        QVERIFY2(jumped.error.isEmpty(), qPrintable(jumped.error));
        QCOMPARE(jumped.image.at<cv::Vec3b>(h - 1, 1), colourPalette(256)[5]);
        QCOMPARE(jumped.image.at<cv::Vec3b>(h - 1, 2), colourPalette(256)[0]);
    }

    // Data that ends before the bitmap's end and its last row, and a palette the file does not
    // hold, are damage; never an image read in part.
    void rleDamage_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cut after a row") << "cut rows"
                                         << "damaged or truncated BMP: the RLE data ends in row 2 of 23";
        QTest::newRow("cut inside an absolute run") << "cut absolute"
                                                    << "damaged or truncated BMP: the RLE data ends in row 1 of 23";
        QTest::newRow("cut inside a jump") << "cut jump"
                                           << "damaged or truncated BMP: the RLE data ends in row 1 of 23";
        QTest::newRow("palette past the end") << "palette"
                                              << "damaged or truncated BMP: its palette ends past the end of the file";
        QTest::newRow("palette of 300") << "colours 300"
                                        << "damaged or truncated BMP: a palette of 300 colours for 8 bits a pixel";
    }
    void rleDamage()
    {
        QFETCH(QString, change);
        QFETCH(QString, expected);
        const cv::Mat indices = indexPicture(30, 23, 200);
        std::vector<uint8_t> data = rleData(indices, false, 32);
        std::vector<uint8_t> bmp;
        if (change == "cut rows") {
            const std::vector<uint8_t> full = data;
            data.clear();
            for (size_t i = 0, ends = 0; i + 1 < full.size() && ends < 1; i += 2) { // through the first row's end
                data.insert(data.end(), full.begin() + ptrdiff_t(i), full.begin() + ptrdiff_t(i + 2));
                if (full[i] == 0 && full[i + 1] == 0)
                    ++ends;
                else if (full[i] == 0 && full[i + 1] > 2) { // an absolute run: copy its bytes whole
                    const size_t n = (full[i + 1] + 1u) / 2 * 2;
                    data.insert(data.end(), full.begin() + ptrdiff_t(i + 2), full.begin() + ptrdiff_t(i + 2 + n));
                    i += n;
                }
            }
        } else if (change == "cut absolute") {
            data = {0, 5, 1, 2};
        } else if (change == "cut jump") {
            data = {2, 7, 0, 2, 1};
        }
        if (change == "palette") // 256 entries given, 2 stored, and the file ends
            bmp = windowsBmp(30, 23, 8, 1, {0, 1}, 40, {}, paletteBytes(2), false, 256);
        else
            bmp = windowsBmp(30, 23, 8, 1, data, 40, {}, paletteBytes(200), false, change == "colours 300" ? 300 : -1);
        const DecodeResult d = decoded(bmp);
        QVERIFY(d.image.empty());
        QCOMPARE(d.error, expected);
        QVERIFY(d.corrupt);
    }

    // A palette BMP whose pixel data offset leaves out the palette that follows its header (14 +
    // the header's size, as a converter writes it; or any offset short of the palette's end) is
    // read from after the palette, with a warning, as Pillow reads it; one whose file then ends
    // before a whole image is damaged. OpenCV read the palette's bytes as pixels: a garbled
    // picture, without a word.
    void paletteLeftOutOfThePixelOffset_data()
    {
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("colours");      // the header's count (0: 2^bits)
        QTest::addColumn<int>("compression");  // 0, or RLE (8 bits: 1)
        QTest::addColumn<int>("offset");       // -1: 14 + the header's size
        QTest::addColumn<int>("cut");          // bytes cut off the end
        QTest::addColumn<QString>("expected"); // the warning, or the error
        const QString moved = "BMP's pixel data offset (byte %1) lies before the end of its palette (byte %2): "
                              "pixels read from after the palette";
        const QString damaged = "damaged or truncated BMP: its pixel data offset (byte %1) lies before the end of "
                                "its palette (byte %2), and the file ends before a whole image after it";
        QTest::newRow("8 bits, 252 colours, offset 54") << 8 << 252 << 0 << -1 << 0 << moved.arg(54).arg(1062);
        QTest::newRow("8 bits, 252 colours, offset 54, a byte short")
            << 8 << 252 << 0 << -1 << 1 << damaged.arg(54).arg(1062);
        QTest::newRow("8 bits, 256 colours, offset 54") << 8 << 0 << 0 << -1 << 0 << moved.arg(54).arg(1078);
        QTest::newRow("8 bits, inside the palette") << 8 << 200 << 0 << 300 << 0 << moved.arg(300).arg(854);
        QTest::newRow("8 bits, inside the header") << 8 << 200 << 0 << 20 << 0 << moved.arg(20).arg(854);
        QTest::newRow("8 bits, at the palette's last entry") << 8 << 200 << 0 << 850 << 0 << moved.arg(850).arg(854);
        QTest::newRow("4 bits, offset 54") << 4 << 0 << 0 << -1 << 0 << moved.arg(54).arg(118);
        QTest::newRow("1 bit, version 5 header, offset 138") << 1 << 2 << 0 << -1 << 0 << moved.arg(138).arg(146);
        QTest::newRow("RLE8, offset 54") << 8 << 200 << 1 << -1 << 0 << moved.arg(54).arg(854);
        QTest::newRow("RLE8, offset 54, no data after the palette")
            << 8 << 200 << 1 << -1 << -1 << damaged.arg(54).arg(854);
    }
    void paletteLeftOutOfThePixelOffset()
    {
        QFETCH(int, bits);
        QFETCH(int, colours);
        QFETCH(int, compression);
        QFETCH(int, offset);
        QFETCH(int, cut);
        QFETCH(QString, expected);
        const size_t entries = colours ? size_t(colours) : size_t(1) << bits;
        const int w = 37, h = 23, header = bits == 1 ? 124 : 40;
        const cv::Mat indices = indexPicture(w, h, int(entries));
        const std::vector<uint8_t> pixels = compression ? rleData(indices, false, w) : packedIndices(indices, bits);
        std::vector<uint8_t> bmp = windowsBmp(w, h, bits, compression, cut < 0 ? std::vector<uint8_t>{} : pixels,
                                              header, {}, paletteBytes(entries), false, colours);
        put32(bmp, 10, uint32_t(offset < 0 ? 14 + header : offset));
        bmp.resize(bmp.size() - size_t(std::max(cut, 0)));
        const DecodeResult d = decoded(bmp);
        if (expected.startsWith("damaged")) {
            QVERIFY(d.image.empty());
            QCOMPARE(d.error, expected);
            QVERIFY(d.corrupt);
            return;
        }
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY2(d.image.type() == CV_8UC3, qPrintable(describe(d.image)));
        QCOMPARE(cv::norm(d.image, throughPalette(indices, colourPalette(entries)), cv::NORM_INF), 0.0);
        QCOMPARE(d.warning, expected);
        QVERIFY(!d.corrupt);
    }

    // A DIB without a BMP file header (a BITMAPINFOHEADER or a version 4 or 5 header at byte 0, its
    // masks and palette after it, then the pixels: what Windows' clipboard holds, saved as .dib) is
    // read as the BMP it is, behind the probe and the pixel limit: a folder's .dib, which PixelPool
    // takes for a BMP by its name, failed as "not an image PixelPool can read (…, BMP, …)".
    void headerlessDibIsRead_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("32-bit bit fields behind 40 bytes (the clipboard's)") << "bitfields 40";
        QTest::newRow("16-bit 5-6-5 inside a version 5 header") << "bitfields 124";
        QTest::newRow("24-bit, top-down") << "24 top-down";
        QTest::newRow("8-bit, 200 colours, version 4 header") << "palette 108";
        QTest::newRow("4-bit RLE") << "rle4";
    }
    void headerlessDibIsRead()
    {
        QFETCH(QString, kind);
        const int w = 37, h = 23;
        std::vector<uint8_t> bmp;
        cv::Mat expected;
        if (kind.startsWith("bitfields")) {
            const bool v5 = kind.endsWith("124");
            const std::vector<uint32_t> masks =
                v5 ? std::vector<uint32_t>{0xF800, 0x7E0, 0x1F, 0} : std::vector<uint32_t>{0xFF0000, 0xFF00, 0xFF};
            cv::Mat image = picture(w, h);
            if (v5) { // 5-6-5: the top bits of each sample, widened back
                for (int y = 0; y < h; ++y)
                    for (int x = 0; x < w; ++x) {
                        cv::Vec3b &p = image.at<cv::Vec3b>(y, x);
                        p = cv::Vec3b(widenedBack(p[0], 5), widenedBack(p[1], 6), widenedBack(p[2], 5));
                    }
                std::vector<uint8_t> pixels;
                const size_t stride = (size_t(w) * 2 + 3) / 4 * 4;
                pixels.assign(stride * size_t(h), 0);
                for (int y = 0; y < h; ++y)
                    for (int x = 0; x < w; ++x) {
                        const cv::Vec3b p = image.at<cv::Vec3b>(y, x);
                        put16(pixels, stride * size_t(h - 1 - y) + 2 * size_t(x),
                              uint32_t(p[2] >> 3 << 11 | p[1] >> 2 << 5 | p[0] >> 3));
                    }
                bmp = windowsBmp(w, h, 16, 3, pixels, 124, masks);
            } else {
                bmp = windowsBmp(w, h, 32, 3, bitFieldPixels(image, masks, false, 0), 40, masks);
            }
            expected = image;
        } else if (kind == "24 top-down") {
            expected = picture(w, h);
            const size_t stride = (size_t(w) * 3 + 3) / 4 * 4;
            std::vector<uint8_t> pixels(stride * size_t(h), 0);
            for (int y = 0; y < h; ++y)
                std::memcpy(&pixels[stride * size_t(y)], expected.ptr(y), size_t(w) * 3);
            bmp = windowsBmp(w, h, 24, 0, pixels, 40, {}, {}, true);
        } else {
            const bool rle = kind == "rle4";
            const size_t entries = rle ? 16 : 200;
            const cv::Mat indices = indexPicture(w, h, int(entries));
            bmp = rle ? windowsBmp(w, h, 4, 2, rleData(indices, true, w), 40, {}, paletteBytes(entries))
                      : windowsBmp(w, h, 8, 0, packedIndices(indices, 8), 108, {}, paletteBytes(entries));
            expected = throughPalette(indices, colourPalette(entries));
        }
        const std::vector<uint8_t> dib(bmp.begin() + 14, bmp.end());
        const ImageInfo info = probeImage(dib.data(), dib.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.format, ImageFormat::Bmp);
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(w, h));
        const DecodeResult d = decodeImage(dib.data(), dib.size(), info, 8, false);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY2(d.image.type() == CV_8UC3, qPrintable(describe(d.image)));
        QCOMPARE(cv::norm(d.image, expected, cv::NORM_INF), 0.0);
        QVERIFY2(d.warning.isEmpty(), qPrintable(d.warning));
    }

    // What is taken for a headerless DIB: a header of 40, 108 or 124 bytes whose fields are sane
    // (one plane, a bit count and compression that go together, a positive width, a height); other
    // bytes stay no image. A DIB whose pixels the file does not hold is damaged.
    void headerlessDibThatCannotBeRead_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("expected");
        const QString notAnImage = "probe: not an image PixelPool can read";
        QTest::newRow("two planes") << "planes 2" << notAnImage;
        QTest::newRow("7 bits a pixel") << "bits 7" << notAnImage;
        QTest::newRow("RLE8 at 24 bits") << "compression 1" << notAnImage;
        QTest::newRow("width 0") << "width 0" << notAnImage;
        QTest::newRow("header of 64 bytes") << "header 64" << notAnImage;
        QTest::newRow("cut in the header") << "cut 30" << notAnImage;
        QTest::newRow("60000×60000") << "size" << QString();
        QTest::newRow("cut in the pixels") << "cut 200"
                                           << "damaged or truncated BMP";
        QTest::newRow("ends in its palette") << "palette"
                                             << "damaged or truncated BMP: the DIB ends before its pixels";
    }
    void headerlessDibThatCannotBeRead()
    {
        QFETCH(QString, change);
        QFETCH(QString, expected);
        const int w = 37, h = 23;
        const size_t stride = (size_t(w) * 3 + 3) / 4 * 4;
        std::vector<uint8_t> bmp = windowsBmp(w, h, 24, 0, std::vector<uint8_t>(stride * size_t(h), 0x40));
        if (change == "palette")
            bmp = windowsBmp(w, h, 8, 0, {}, 40, {}, paletteBytes(16), false, 256);
        std::vector<uint8_t> dib(bmp.begin() + 14, bmp.end());
        const QStringList c = change.split(' ');
        if (c[0] == "planes")
            put16(dib, 12, c[1].toUInt());
        else if (c[0] == "bits")
            put16(dib, 14, c[1].toUInt());
        else if (c[0] == "compression")
            put32(dib, 16, c[1].toUInt());
        else if (c[0] == "width")
            put32(dib, 4, c[1].toUInt());
        else if (c[0] == "header")
            put32(dib, 0, c[1].toUInt());
        else if (c[0] == "cut")
            dib.resize(c[1].toUInt());
        else if (c[0] == "size")
            put32(dib, 4, 60000), put32(dib, 8, 60000);
        if (change == "size") { // a BMP of that size, which the pixel limit refuses before any decoding
            const ImageInfo info = probeImage(dib.data(), dib.size());
            QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
            QCOMPARE(info.format, ImageFormat::Bmp);
            QCOMPARE(cv::Size(info.width, info.height), cv::Size(60000, 60000));
            QVERIFY(overPixelLimit(info, 100'000'000).contains("over the limit"));
            return;
        }
        const DecodeResult d = decoded(dib);
        QVERIFY(d.image.empty());
        QVERIFY2(d.error.startsWith(expected), qPrintable(d.error));
        QCOMPARE(d.corrupt, expected.startsWith("damaged"));
    }

    // ImageMagick's RLE8 (its BMP3 with -compress RLE) of widths that are not multiples of 4,
    // read as ImageMagick itself reads them.
    void rleAsImageMagickWritesIt_data()
    {
        QTest::addColumn<int>("width");
        QTest::newRow("97") << 97;
        QTest::newRow("30") << 30;
        QTest::newRow("64") << 64;
    }
    void rleAsImageMagickWritesIt()
    {
        QFETCH(int, width);
        const QString convert = QStandardPaths::findExecutable("convert");
        QVERIFY2(!convert.isEmpty(), "ImageMagick's convert (scripts/install-deps.sh --tests installs it)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString source = dir.filePath("source.png"), bmp = dir.filePath("rle.bmp"), back = dir.filePath("im.png");
        QVERIFY(cv::imwrite(source.toStdString(), picture(width, 41)));
        const auto run = [&](const QStringList &args) {
            QProcess im;
            im.start(convert, args);
            return im.waitForFinished(60000) && im.exitStatus() == QProcess::NormalExit && im.exitCode() == 0;
        };
        QVERIFY(run({source, "-colors", "200", "-type", "palette", "-compress", "RLE", "BMP3:" + bmp}));
        QVERIFY(run({bmp, back}));
        QFile f(bmp);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QCOMPARE(int(uint8_t(bytes[30])), 1); // RLE8
        const DecodeResult d = decoded(std::vector<uint8_t>(bytes.begin(), bytes.end()));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        const cv::Mat reference = cv::imread(back.toStdString(), cv::IMREAD_COLOR);
        QVERIFY2(d.image.type() == CV_8UC3, qPrintable(describe(d.image)));
        QCOMPARE(d.image.size(), reference.size());
        QCOMPARE(cv::norm(d.image, reference, cv::NORM_INF), 0.0);
    }

    // A BMP's transparency that `format: keep` flattens (BMP as PixelPool writes it holds none) is
    // said, with the background it went onto; it was lost without a word. An opaque alpha channel
    // loses nothing and says nothing; `format: bmp` asks for the flattening, as `format: jpeg` does.
    void keptBmpSaysItFlattenedTransparency_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("transparent");
        QTest::addColumn<QString>("warning");
        const QString flattened = "transparency flattened onto #204060: format: keep writes this image as bmp, "
                                  "which holds none (png, webp, tiff, jxl and avif keep it)";
        QTest::newRow("keep, transparent") << "keep" << true << flattened;
        QTest::newRow("keep, opaque") << "keep" << false << QString();
        QTest::newRow("bmp, transparent") << "bmp" << true << QString();
    }
    void keptBmpSaysItFlattenedTransparency()
    {
        QFETCH(QString, format);
        QFETCH(bool, transparent);
        QFETCH(QString, warning);
        const int w = 37, h = 23;
        cv::Mat image = picture(w, h), alpha(h, w, CV_8UC1, cv::Scalar(255));
        if (transparent)
            alpha(cv::Rect(0, 0, 10, h)).setTo(0);
        cv::Mat parts[] = {image, alpha};
        cv::merge(parts, 2, image);
        const std::vector<uint32_t> masks{0xFF0000, 0xFF00, 0xFF, 0xFF000000};
        const std::vector<uint8_t> bmp = windowsBmp(w, h, 32, 3, bitFieldPixels(image, masks, false, 0), 124, masks);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString json = QStringLiteral(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":[],
            "output":{"format":"%1","background":"#204060"}})")
                                 .arg(format);
        const testphotos::OneJob o = testphotos::runOneJob(json, bmp, QDir(dir.path()));
        QVERIFY2(o.outcome.ok, qPrintable(o.outcome.failed.message));
        QCOMPARE(o.outcome.finished.warning, warning);
        const DecodeResult d = decoded(o.written);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.image.channels(), 3);
        QCOMPARE(d.image.at<cv::Vec3b>(0, 0), transparent ? cv::Vec3b(0x60, 0x40, 0x20) : colourAt(0, 0));
        QCOMPARE(d.image.at<cv::Vec3b>(0, 20), colourAt(20, 0));
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
