// TIFF layouts as libtiff writes them (strips or tiles, interleaved or planar, every sample format),
// decoded by PixelPool: the depth, the alpha and the sign they have are kept, and what is not read
// is refused by name.
#include "ImageCodec.h"

#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <tiffio.h>

using namespace pp;

namespace {

// How a test file is written; the samples themselves are a cv::Mat in the file's sample order.
struct Layout {
    uint16_t photometric = PHOTOMETRIC_MINISBLACK;
    uint16_t format = SAMPLEFORMAT_UINT;
    uint16_t planar = PLANARCONFIG_CONTIG;
    int extraSample = -1; // EXTRASAMPLE_… of the last sample, or none
    uint32_t tile = 0;    // the side of square tiles, or strips of 8 rows
    uint16_t compression = COMPRESSION_NONE;
    QByteArray icc; // the ICC profile tag
};

// `samples` (any depth: CV_32S stands for signed or unsigned 32-bit samples, as `layout.format`
// says) as a TIFF written by libtiff; palette files get a grey ramp.
QByteArray tiffFile(const cv::Mat &samples, const Layout &layout)
{
    QTemporaryDir dir;
    const QByteArray path = QFile::encodeName(dir.filePath("written.tif"));
    TIFF *t = TIFFOpen(path.constData(), "w");
    if (!t)
        return {};
    const uint32_t w = uint32_t(samples.cols), h = uint32_t(samples.rows);
    const int bits = int(samples.elemSize1() * 8);
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(samples.channels()));
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(bits));
    TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, layout.format);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, layout.planar);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, layout.photometric);
    TIFFSetField(t, TIFFTAG_COMPRESSION, layout.compression);
    if (layout.photometric == PHOTOMETRIC_SEPARATED)
        TIFFSetField(t, TIFFTAG_INKSET, INKSET_CMYK);
    if (!layout.icc.isEmpty())
        TIFFSetField(t, TIFFTAG_ICCPROFILE, uint32_t(layout.icc.size()), layout.icc.constData());
    if (layout.extraSample >= 0) {
        const uint16_t kind = uint16_t(layout.extraSample);
        TIFFSetField(t, TIFFTAG_EXTRASAMPLES, uint16_t(1), &kind);
    }
    std::vector<uint16_t> ramp(size_t(1) << std::min(bits, 16));
    for (size_t i = 0; i < ramp.size(); ++i)
        ramp[i] = uint16_t(i * 65535 / (ramp.size() - 1));
    if (layout.photometric == PHOTOMETRIC_PALETTE)
        TIFFSetField(t, TIFFTAG_COLORMAP, ramp.data(), ramp.data(), ramp.data());
    const uint32_t side = layout.tile, stripRows = 8;
    if (side) {
        TIFFSetField(t, TIFFTAG_TILEWIDTH, side);
        TIFFSetField(t, TIFFTAG_TILELENGTH, side);
    } else {
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, stripRows);
    }
    std::vector<cv::Mat> planes{samples};
    if (layout.planar == PLANARCONFIG_SEPARATE)
        cv::split(samples, planes);
    bool ok = true;
    for (size_t p = 0; p < planes.size() && ok; ++p) {
        const cv::Mat &plane = planes[p];
        const size_t pixelBytes = plane.elemSize();
        if (side) { // edge tiles padded with zeros
            std::vector<uint8_t> tile(size_t(side) * side * pixelBytes);
            for (uint32_t ty = 0; ty < h && ok; ty += side)
                for (uint32_t tx = 0; tx < w && ok; tx += side) {
                    std::fill(tile.begin(), tile.end(), 0);
                    for (uint32_t y = ty; y < std::min(h, ty + side); ++y)
                        std::memcpy(tile.data() + (y - ty) * side * pixelBytes, plane.ptr(int(y)) + tx * pixelBytes,
                                    std::min(side, w - tx) * pixelBytes);
                    ok = TIFFWriteTile(t, tile.data(), tx, ty, 0, uint16_t(p)) > 0;
                }
        } else {
            for (uint32_t y = 0; y < h && ok; y += stripRows) {
                const uint32_t rows = std::min(stripRows, h - y);
                const cv::Mat part = plane.rowRange(int(y), int(y + rows)).clone();
                ok = TIFFWriteEncodedStrip(t, TIFFComputeStrip(t, y, uint16_t(p)), part.data,
                                           tmsize_t(part.total() * pixelBytes)) > 0;
            }
        }
    }
    TIFFClose(t);
    QFile f(QString::fromLocal8Bit(path));
    return ok && f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

DecodeResult decoded(const QByteArray &bytes)
{
    const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
    const ImageInfo info = probeImage(data, size_t(bytes.size()));
    return decodeImage(data, size_t(bytes.size()), info, 8, false, true);
}

// The file's RGB(A) order as the pipeline's BGR(A).
cv::Mat asBgr(const cv::Mat &rgb)
{
    cv::Mat out;
    if (rgb.channels() == 3)
        cv::cvtColor(rgb, out, cv::COLOR_RGB2BGR);
    else if (rgb.channels() == 4)
        cv::cvtColor(rgb, out, cv::COLOR_RGBA2BGRA);
    else
        out = rgb;
    return out;
}

// Unsigned 8- or 16-bit samples of any value, spread over the picture at random.
cv::Mat spread(int w, int h, int type)
{
    cv::Mat m(h, w, type);
    cv::RNG rng(uint64(type) * 7919 + uint64(w));
    rng.fill(m, cv::RNG::UNIFORM, 0, CV_MAT_DEPTH(type) == CV_16U ? 65536 : 256);
    return m;
}

double maxDifference(const cv::Mat &a, const cv::Mat &b)
{
    if (a.size() != b.size() || a.type() != b.type())
        return -1;
    return cv::norm(a, b, cv::NORM_INF);
}

QString reasons(const DecodeResult &r)
{
    return r.error + QLatin1Char('|') + r.metadata.warnings.join(QLatin1String("; "));
}

// One directory of a file with several: 8-bit RGB of one colour, and what it says of itself.
struct Directory {
    Directory(cv::Size size, cv::Vec3b rgb, uint32_t subfileType = 0, int subIfds = 0)
        : size(size), rgb(rgb), subfileType(subfileType), subIfds(subIfds)
    {
    }
    cv::Size size;
    cv::Vec3b rgb;
    uint32_t subfileType;     // NewSubfileType: FILETYPE_REDUCEDIMAGE for a thumbnail
    int subIfds;              // the next `subIfds` directories are its SubIFDs (outside the chain)
    uint16_t orientation = 0; // none
    QByteArray xmp;
    bool claimed = false; // a size over a strip of 16 bytes: probed, never decoded
};

Directory thumbnail(cv::Size size, cv::Vec3b rgb, int subIfds = 0)
{
    return Directory(size, rgb, FILETYPE_REDUCEDIMAGE, subIfds);
}

// `directories` as libtiff writes them: a directory with SubIFDs is followed by them, then by the
// next directory of the chain.
QByteArray tiffDirectories(const std::vector<Directory> &directories)
{
    QTemporaryDir dir;
    const QByteArray path = QFile::encodeName(dir.filePath("directories.tif"));
    TIFF *t = TIFFOpen(path.constData(), "w");
    if (!t)
        return {};
    bool ok = true;
    for (const Directory &d : directories) {
        TIFFSetField(t, TIFFTAG_SUBFILETYPE, d.subfileType);
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(d.size.width));
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(d.size.height));
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(3));
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(8));
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, uint32_t(d.size.height));
        if (d.orientation)
            TIFFSetField(t, TIFFTAG_ORIENTATION, d.orientation);
        if (!d.xmp.isEmpty())
            TIFFSetField(t, TIFFTAG_XMLPACKET, uint32_t(d.xmp.size()), d.xmp.constData());
        std::vector<uint64_t> subIfds(size_t(d.subIfds), 0); // libtiff fills them in
        if (d.subIfds)
            TIFFSetField(t, TIFFTAG_SUBIFD, uint16_t(d.subIfds), subIfds.data());
        if (d.claimed) {
            uint8_t bytes[16] = {};
            ok = ok && TIFFWriteRawStrip(t, 0, bytes, sizeof bytes) > 0;
        } else {
            const cv::Mat pixels(d.size, CV_8UC3, cv::Scalar(d.rgb[0], d.rgb[1], d.rgb[2]));
            ok = ok && TIFFWriteEncodedStrip(t, 0, pixels.data, tmsize_t(pixels.total() * 3)) > 0;
        }
        ok = ok && TIFFWriteDirectory(t);
    }
    TIFFClose(t);
    QFile f(QString::fromLocal8Bit(path));
    return ok && f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray le16(quint16 v) { return QByteArray(1, char(v & 0xff)) + char(v >> 8); }
QByteArray le32(quint32 v) { return le16(quint16(v)) + le16(quint16(v >> 16)); }

// A 4×3 grey thumbnail (IFD0, NewSubfileType 1, its 12 pixels of 77 after it), written by hand, whose
// SubIFDs and next directory are wherever `subIfds` and `next` say: past the end, inside a directory,
// at itself.
QByteArray thumbnailPointingAt(const std::vector<quint32> &subIfds, quint32 next)
{
    const quint32 n = quint32(subIfds.size()), entries = 11, array = 8 + 2 + entries * 12 + 4;
    const quint32 pixels = array + (n > 1 ? 4 * n : 0);
    const auto entry = [](quint16 tag, quint16 type, quint32 count, quint32 value) {
        return le16(tag) + le16(type) + le32(count) + (type == 3 ? le16(quint16(value)) + le16(0) : le32(value));
    };
    QByteArray b = QByteArray("II*\0", 4) + le32(8) + le16(quint16(entries)) + entry(254, 4, 1, 1) +
                   entry(256, 3, 1, 4) + entry(257, 3, 1, 3) + entry(258, 3, 1, 8) + entry(259, 3, 1, 1) +
                   entry(262, 3, 1, 1) + entry(273, 4, 1, pixels) + entry(277, 3, 1, 1) + entry(278, 3, 1, 3) +
                   entry(279, 4, 1, 12) + entry(330, 4, n, n == 1 ? subIfds[0] : array) + le32(next);
    if (n > 1)
        for (const quint32 at : subIfds)
            b += le32(at);
    return b + QByteArray(12, char(77));
}

} // namespace

Q_DECLARE_METATYPE(std::vector<Directory>)
Q_DECLARE_METATYPE(cv::Size)
Q_DECLARE_METATYPE(cv::Vec3b)

class TestTiff : public QObject
{
    Q_OBJECT

private slots:
    // Uncompressed tiles whose byte size is no multiple of 1024 (tiffcp -t -w 16 -l 16 of an 8-bit
    // RGB, grey or palette file) failed as damaged: "Invalid tile byte count for tile 0. Expected
    // 768, got 1024" (libtiff 4.5 refuses them through its RGBA interface unless the file is
    // memory-mapped). They are read as tiffcp reads them.
    void uncompressedTilesOfAnySizeAreRead_data()
    {
        QTest::addColumn<int>("photometric");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("side");
        QTest::newRow("RGB, 16×16 tiles (768 bytes)") << int(PHOTOMETRIC_RGB) << 3 << 16;
        QTest::newRow("RGB, 48×48 tiles (6912 bytes)") << int(PHOTOMETRIC_RGB) << 3 << 48;
        QTest::newRow("grey, 16×16 tiles (256 bytes)") << int(PHOTOMETRIC_MINISBLACK) << 1 << 16;
        QTest::newRow("palette, 16×16 tiles") << int(PHOTOMETRIC_PALETTE) << 1 << 16;
        QTest::newRow("RGB, 32×32 tiles (3072 bytes)") << int(PHOTOMETRIC_RGB) << 3 << 32;
    }
    void uncompressedTilesOfAnySizeAreRead()
    {
        QFETCH(int, photometric);
        QFETCH(int, channels);
        QFETCH(int, side);
        const cv::Mat samples = spread(50, 37, CV_MAKETYPE(CV_8U, channels));
        Layout layout;
        layout.photometric = uint16_t(photometric);
        layout.tile = uint32_t(side);
        const DecodeResult r = decoded(tiffFile(samples, layout));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        cv::Mat expected = asBgr(samples);
        if (photometric == PHOTOMETRIC_PALETTE) // a grey ramp: index i is grey i, in colour
            cv::cvtColor(samples, expected, cv::COLOR_GRAY2BGR);
        QCOMPARE(maxDifference(r.image, expected), 0.0);
    }

    // A tiled TIFF cut short (its directory first: written here by hand) fails, never giving a
    // partly filled image: libtiff checks every tile against the end of the bytes it was given.
    void cutTilesFail()
    {
        const uint32_t w = 40, h = 20, side = 16, tiles = 6, tileBytes = side * side; // 3 × 2 tiles
        const cv::Mat grey = spread(int(w), int(h), CV_8UC1);
        QByteArray file("II*\0", 4);
        const auto u16 = [&](uint32_t v) { file.append(char(v & 255)).append(char((v >> 8) & 255)); };
        const auto u32 = [&](uint32_t v) { u16(v & 0xffff), u16(v >> 16); };
        const uint32_t entries = 10, arrays = 8 + 2 + entries * 12 + 4, data = arrays + 2 * 4 * tiles;
        u32(8);
        u16(entries);
        for (const auto &[tag, value] : std::vector<std::pair<uint32_t, uint32_t>>{
                 {256, w}, {257, h}, {258, 8}, {259, 1}, {262, 1}, {277, 1}, {322, side}, {323, side}})
            u16(tag), u16(3), u32(1), u16(value), u16(0);      // SHORT
        u16(324), u16(4), u32(tiles), u32(arrays);             // TileOffsets: LONGs
        u16(325), u16(4), u32(tiles), u32(arrays + 4 * tiles); // TileByteCounts
        u32(0);
        for (uint32_t i = 0; i < tiles; ++i)
            u32(data + i * tileBytes);
        for (uint32_t i = 0; i < tiles; ++i)
            u32(tileBytes);
        QCOMPARE(uint32_t(file.size()), data);
        for (uint32_t ty = 0; ty < h; ty += side)
            for (uint32_t tx = 0; tx < w; tx += side)
                for (uint32_t y = ty; y < ty + side; ++y)
                    for (uint32_t x = tx; x < tx + side; ++x)
                        file.append(y < h && x < w ? char(grey.at<uint8_t>(int(y), int(x))) : '\0');
        const DecodeResult whole = decoded(file);
        QVERIFY2(whole.error.isEmpty(), qPrintable(whole.error));
        QCOMPARE(maxDifference(whole.image, grey), 0.0);
        for (const qsizetype cut : {qsizetype(data + 3 * tileBytes + 100), qsizetype(file.size() - 1)}) {
            const DecodeResult r = decoded(file.left(cut));
            QVERIFY2(r.image.empty(), qPrintable(QString::number(cut)));
            QVERIFY2(r.error.startsWith("cannot decode TIFF: "), qPrintable(r.error));
            QVERIFY(r.corrupt);
        }
    }

    // A strip whose offset lies past the end of the file (Pillow's crash-*.tif) fails as damaged
    // in words that are true: libtiff says "Read error on strip 0; got 18446744073709550238 bytes,
    // expected 1012" of it (the file's size less the offset, wrapped below 0), which the user was
    // shown. A strip cut short by the file's end keeps libtiff's own words, whose numbers are true.
    // Both the samples read by PixelPool (16-bit) and libtiff's RGBA interface (8-bit).
    void stripPastTheEndIsSaidTrue_data()
    {
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("past"); // the strip's offset past the end of the file; < 0: before it
        QTest::addColumn<QString>("expected");
        const QString past = "cannot decode TIFF: damaged or truncated file: strip 0 begins at byte %1, past its "
                             "end (%2 bytes)";
        QTest::newRow("8-bit, 1000 bytes past the end") << 8 << 1000 << past.arg(1000 + 134).arg(134);
        QTest::newRow("16-bit, 1000 bytes past the end") << 16 << 1000 << past.arg(1000 + 134).arg(134);
        QTest::newRow("8-bit, a byte past the end") << 8 << 1 << past.arg(135).arg(134);
        QTest::newRow("8-bit, cut short") << 8 << -20 << QString();
        QTest::newRow("16-bit, cut short") << 16 << -20 << QString();
    }
    void stripPastTheEndIsSaidTrue()
    {
        QFETCH(int, bits);
        QFETCH(int, past);
        QFETCH(QString, expected);
        const uint32_t w = 8, h = 4, bytes = w * h * uint32_t(bits) / 8;
        QByteArray file("II*\0", 4);
        const auto u16 = [&](uint32_t v) { file.append(char(v & 255)).append(char((v >> 8) & 255)); };
        const auto u32 = [&](uint32_t v) { u16(v & 0xffff), u16(v >> 16); };
        const uint32_t entries = 10, end = 8 + 2 + entries * 12 + 4; // the directory, then nothing
        QCOMPARE(end, 134u);
        u32(8);
        u16(entries);
        for (const auto &[tag, value] : std::vector<std::pair<uint32_t, uint32_t>>{
                 {256, w}, {257, h}, {258, uint32_t(bits)}, {259, 1}, {262, 1}, {277, 1}, {278, h}})
            u16(tag), u16(3), u32(1), u16(value), u16(0);         // SHORT
        u16(273), u16(4), u32(1), u32(uint32_t(int(end) + past)); // StripOffsets
        u16(279), u16(4), u32(1), u32(bytes);                     // StripByteCounts
        u16(284), u16(3), u32(1), u16(1), u16(0);                 // PlanarConfiguration
        u32(0);
        QCOMPARE(uint32_t(file.size()), end);
        const DecodeResult r = decoded(file);
        QVERIFY(r.image.empty());
        QVERIFY(r.corrupt);
        if (!expected.isEmpty()) {
            QCOMPARE(r.error, expected);
            return;
        }
        // Cut short: every number said is at most the file's size.
        QVERIFY2(r.error.startsWith("cannot decode TIFF: "), qPrintable(r.error));
        static const QRegularExpression number("\\d+");
        for (QRegularExpressionMatchIterator i = number.globalMatch(r.error); i.hasNext();)
            QVERIFY2(i.next().captured().toULongLong() <= quint64(file.size()), qPrintable(r.error));
    }

    // JPEG-compressed data that libjpeg decodes only by guessing ("Corrupt JPEG data: …", which libtiff
    // passes on as a warning) is damage, as in a JPEG file: such a TIFF was written and reported
    // done, with wrong pixels from the damage on.
    void damagedJpegDataFails()
    {
        cv::Mat picture(64, 96, CV_8UC3);
        for (int y = 0; y < picture.rows; ++y)
            for (int x = 0; x < picture.cols; ++x)
                picture.at<cv::Vec3b>(y, x) = cv::Vec3b(uint8_t(x * 2), uint8_t(y * 3), uint8_t((x * y) & 255));
        Layout layout;
        layout.photometric = PHOTOMETRIC_RGB;
        layout.compression = COMPRESSION_JPEG;
        const QByteArray file = tiffFile(picture, layout);
        QVERIFY(!file.isEmpty());
        const DecodeResult intact = decoded(file);
        QVERIFY2(intact.error.isEmpty(), qPrintable(intact.error));
        // Bytes inside the third strip's entropy-coded data changed.
        QTemporaryDir dir;
        const QString path = dir.filePath("jpeg.tif");
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(file) == file.size());
        out.close();
        TIFF *t = TIFFOpen(QFile::encodeName(path).constData(), "r");
        QVERIFY(t);
        uint64_t *offsets = nullptr, *counts = nullptr;
        QVERIFY(TIFFGetField(t, TIFFTAG_STRIPOFFSETS, &offsets) == 1 && offsets);
        QVERIFY(TIFFGetField(t, TIFFTAG_STRIPBYTECOUNTS, &counts) == 1 && counts);
        const qsizetype at = qsizetype(offsets[2] + counts[2] / 2);
        TIFFClose(t);
        QByteArray damaged = file;
        for (qsizetype i = at; i < at + 16; ++i)
            damaged[i] = char(damaged[i] ^ 0x5a);
        const DecodeResult r = decoded(damaged);
        QVERIFY(r.image.empty());
        QVERIFY2(r.error.startsWith("cannot decode TIFF: damaged JPEG data: Corrupt JPEG data"), qPrintable(r.error));
        QVERIFY(r.corrupt);
    }

    // CMYK with alpha (as Photoshop saves CMYK with transparency): 8-bit was written opaque, its alpha
    // dropped without a word; 16-bit was refused with libtiff's bare "Sorry, can not handle image".
    // The inks become colour as without alpha (through the file's CMYK profile, or by the plain
    // formula), and the alpha is kept as stored, straight.
    void cmykWithAlphaKeepsItsAlpha_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("planar");
        QTest::addColumn<int>("extraSample");
        QTest::addColumn<bool>("profile");
        const int contig = PLANARCONFIG_CONTIG, straight = EXTRASAMPLE_UNASSALPHA;
        QTest::newRow("8-bit") << int(CV_8U) << contig << straight << false;
        QTest::newRow("16-bit") << int(CV_16U) << contig << straight << false;
        QTest::newRow("16-bit planar") << int(CV_16U) << int(PLANARCONFIG_SEPARATE) << straight << false;
        QTest::newRow("8-bit associated") << int(CV_8U) << contig << int(EXTRASAMPLE_ASSOCALPHA) << false;
        QTest::newRow("8-bit, CMYK profile") << int(CV_8U) << contig << straight << true;
        QTest::newRow("16-bit, CMYK profile") << int(CV_16U) << contig << straight << true;
    }
    void cmykWithAlphaKeepsItsAlpha()
    {
        QFETCH(int, depth);
        QFETCH(int, planar);
        QFETCH(int, extraSample);
        QFETCH(bool, profile);
        Layout plain;
        plain.photometric = PHOTOMETRIC_SEPARATED;
        if (profile) {
            QFile icc(QStringLiteral("/usr/share/color/icc/ghostscript/default_cmyk.icc"));
            if (!icc.open(QIODevice::ReadOnly))
                QSKIP("no CMYK profile (Debian package libgs-common)");
            plain.icc = icc.readAll();
        }
        const cv::Mat inks = spread(40, 30, CV_MAKETYPE(depth, 4));
        cv::Mat alpha = spread(40, 30, depth);
        const double full = depth == CV_16U ? 65535 : 255;
        alpha.colRange(0, 20).setTo(0); // the left half see-through, a column opaque
        alpha.col(25).setTo(full);
        const DecodeResult opaque = decoded(tiffFile(inks, plain));
        QVERIFY2(opaque.error.isEmpty(), qPrintable(opaque.error));
        cv::Mat stored;
        cv::merge(std::vector<cv::Mat>{inks, alpha}, stored);
        const bool associated = extraSample == EXTRASAMPLE_ASSOCALPHA;
        if (associated) // inks times alpha; only the opaque column keeps them exactly
            for (int y = 0; y < stored.rows; ++y)
                for (int x = 0; x < stored.cols; ++x)
                    for (int c = 0; c < 4; ++c) {
                        auto *p = stored.ptr<uint8_t>(y) + x * 5;
                        p[c] = uint8_t(std::lround(p[c] * p[4] / 255.0));
                    }
        Layout withAlpha = plain;
        withAlpha.planar = uint16_t(planar);
        withAlpha.extraSample = extraSample;
        const DecodeResult r = decoded(tiffFile(stored, withAlpha));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY2(r.metadata.warnings.isEmpty(), qPrintable(reasons(r)));
        QCOMPARE(r.image.type(), CV_MAKETYPE(depth, 4));
        std::vector<cv::Mat> got;
        cv::split(r.image, got);
        QCOMPARE(maxDifference(got[3], alpha), 0.0);
        cv::Mat colour;
        cv::merge(std::vector<cv::Mat>{got[0], got[1], got[2]}, colour);
        // 8-bit inks without alpha go through libtiff's RGBA interface, whose plain formula rounds
        // differently by a level.
        const double rounding = depth == CV_8U && !profile ? 1 : 0;
        if (!associated) {
            QVERIFY2(maxDifference(colour, opaque.image) <= rounding,
                     qPrintable(QString::number(maxDifference(colour, opaque.image))));
            return;
        }
        QVERIFY(maxDifference(colour.col(25), opaque.image.col(25)) <= rounding);
        // Elsewhere within what premultiplying into 8 bits left of the inks, where alpha is high.
        const cv::Mat solid = alpha > 200;
        QVERIFY(cv::countNonZero(solid) > 100);
        QVERIFY2(cv::norm(colour, opaque.image, cv::NORM_INF, solid) <= 4,
                 qPrintable(QString::number(cv::norm(colour, opaque.image, cv::NORM_INF, solid))));
    }

    // Signed samples are read with the lowest value black, the highest white, at every depth and
    // layout: signed 8-bit grey was read as unsigned (-1 white, 0 black: a jump halfway up a ramp),
    // planar signed 16-bit RGB too, and wrapped at 8 bits.
    void signedSamplesAreOffset_data()
    {
        QTest::addColumn<int>("depth"); // CV_8S, CV_16S, CV_32S
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("planar");
        QTest::newRow("8-bit grey") << int(CV_8S) << 1 << int(PLANARCONFIG_CONTIG);
        QTest::newRow("8-bit RGB, planar") << int(CV_8S) << 3 << int(PLANARCONFIG_SEPARATE);
        QTest::newRow("16-bit RGB, planar") << int(CV_16S) << 3 << int(PLANARCONFIG_SEPARATE);
        QTest::newRow("32-bit grey") << int(CV_32S) << 1 << int(PLANARCONFIG_CONTIG);
    }
    void signedSamplesAreOffset()
    {
        QFETCH(int, depth);
        QFETCH(int, channels);
        QFETCH(int, planar);
        // A ramp from the lowest value to the highest, along each row.
        const int w = 256, h = 3;
        cv::Mat ramp(h, w, CV_MAKETYPE(depth, channels));
        const double lowest = depth == CV_8S ? -128 : depth == CV_16S ? -32768 : -2147483648.0;
        const double step = -2 * lowest / w;
        const auto level = [&](int x, int c) { return step * ((x + c * 40) % w); }; // from 0; the channels apart
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < channels; ++c) {
                    const double v = lowest + level(x, c);
                    if (depth == CV_8S)
                        ramp.ptr<int8_t>(y)[x * channels + c] = int8_t(v);
                    else if (depth == CV_16S)
                        ramp.ptr<int16_t>(y)[x * channels + c] = int16_t(v);
                    else
                        ramp.ptr<int32_t>(y)[x * channels + c] = int32_t(v);
                }
        Layout layout;
        layout.photometric = channels == 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
        layout.format = SAMPLEFORMAT_INT;
        layout.planar = uint16_t(planar);
        const DecodeResult r = decoded(tiffFile(ramp, layout));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const int outDepth = depth == CV_8S ? CV_8U : CV_16U;
        QCOMPARE(r.image.type(), CV_MAKETYPE(outDepth, channels));
        cv::Mat expected(h, w, CV_MAKETYPE(outDepth, channels));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < channels; ++c) {
                    const int to = channels == 3 ? 2 - c : c; // RGB to BGR
                    const double v = level(x, c);
                    if (outDepth == CV_8U)
                        expected.ptr<uint8_t>(y)[x * channels + to] = uint8_t(v);
                    else if (depth == CV_16S)
                        expected.ptr<uint16_t>(y)[x * channels + to] = uint16_t(v);
                    else // 32 bits: the highest 16
                        expected.ptr<uint16_t>(y)[x * channels + to] = uint16_t(uint32_t(v) >> 16);
                }
        QCOMPARE(maxDifference(r.image, expected), 0.0);
    }

    // 32-bit integer grey whose samples all lie within 0..65535 (Pillow's mode "I" saved as TIFF, a
    // signed 32-bit grey) is read as the 16-bit values it holds, with a warning that says so: the
    // rule for 32 bits (the lowest signed value black, the top 16 bits kept) made such a picture
    // one flat grey (32768), or black when unsigned, without a word. Other 32-bit samples keep that
    // rule, and a warning says when they use almost none of their range (under 1/256 of it), so
    // the picture comes out nearly flat. Colour keeps the rule too.
    void thirtyTwoBitGreyWithinSixteenBits_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("photometric");
        QTest::addColumn<qint64>("lowest");  // the samples go from here…
        QTest::addColumn<qint64>("highest"); // …to here, along each row
        QTest::addColumn<bool>("asSixteen"); // read as 16-bit values; else by the rule
        QTest::addColumn<QString>("warning");
        const int grey = PHOTOMETRIC_MINISBLACK, signedInt = SAMPLEFORMAT_INT, unsignedInt = SAMPLEFORMAT_UINT;
        const QString within =
            "32-bit %1 grey samples all lie within 0 to 65535 (from %2 to %3): read as 16-bit values";
        const QString flat = "32-bit %1 %2 samples use almost none of their range (from %3 to %4, of %5 to %6): "
                             "the picture comes out nearly flat";
        QTest::newRow("signed, 0 to 65532 (Pillow's mode I)")
            << signedInt << 1 << grey << qint64(0) << qint64(65532) << true << within.arg("signed").arg(0).arg(65532);
        QTest::newRow("unsigned, 0 to 65535") << unsignedInt << 1 << grey << qint64(0) << qint64(65535) << true
                                              << within.arg("unsigned").arg(0).arg(65535);
        QTest::newRow("signed, 100 to 200")
            << signedInt << 1 << grey << qint64(100) << qint64(200) << true << within.arg("signed").arg(100).arg(200);
        QTest::newRow("signed, MinIsWhite") << signedInt << 1 << int(PHOTOMETRIC_MINISWHITE) << qint64(0)
                                            << qint64(65535) << true << within.arg("signed").arg(0).arg(65535);
        QTest::newRow("signed, grey+alpha")
            << signedInt << 2 << grey << qint64(0) << qint64(65535) << true << within.arg("signed").arg(0).arg(65535);
        QTest::newRow("signed, -1 to 65535")
            << signedInt << 1 << grey << qint64(-1) << qint64(65535) << false
            << flat.arg("signed", "grey").arg(-1).arg(65535).arg(-2147483648LL).arg(2147483647);
        QTest::newRow("unsigned, 0 to 65536")
            << unsignedInt << 1 << grey << qint64(0) << qint64(65536) << false
            << flat.arg("unsigned", "grey").arg(0).arg(65536).arg(0).arg(4294967295LL);
        QTest::newRow("signed RGB, 0 to 65535")
            << signedInt << 3 << int(PHOTOMETRIC_RGB) << qint64(0) << qint64(65535) << false
            << flat.arg("signed", "RGB").arg(0).arg(65535).arg(-2147483648LL).arg(2147483647);
        QTest::newRow("signed, a 1/256 of the range")
            << signedInt << 1 << grey << qint64(-8388608) << qint64(8388608) << false << QString();
        QTest::newRow("unsigned, the whole range")
            << unsignedInt << 1 << grey << qint64(0) << qint64(4294967295LL) << false << QString();
    }
    void thirtyTwoBitGreyWithinSixteenBits()
    {
        QFETCH(int, format);
        QFETCH(int, channels);
        QFETCH(int, photometric);
        QFETCH(qint64, lowest);
        QFETCH(qint64, highest);
        QFETCH(bool, asSixteen);
        QFETCH(QString, warning);
        const int w = 256, h = 3;
        // Sample x of a row: from the lowest at x = 0 to the highest at the last; alpha the other way.
        const auto value = [&](int x, int c) {
            const int at = channels % 2 == 0 && c == channels - 1 ? w - 1 - x : x;
            return lowest + (highest - lowest) * at / (w - 1);
        };
        cv::Mat samples(h, w, CV_MAKETYPE(CV_32S, channels));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < channels; ++c)
                    samples.ptr<uint32_t>(y)[x * channels + c] = uint32_t(value(x, c));
        Layout layout;
        layout.photometric = uint16_t(photometric);
        layout.format = uint16_t(format);
        layout.extraSample = channels % 2 == 0 ? EXTRASAMPLE_UNASSALPHA : -1;
        const DecodeResult r = decoded(tiffFile(samples, layout));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.metadata.warnings, warning.isEmpty() ? QStringList() : QStringList{warning});
        const int outChannels = channels == 2 ? 4 : channels;
        QCOMPARE(r.image.type(), CV_MAKETYPE(CV_16U, outChannels));
        const uint32_t offset = format == SAMPLEFORMAT_INT ? 0x80000000u : 0;
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < outChannels; ++c) {
                const int from = channels == 2 ? (c == 3 ? 1 : 0) : channels == 3 ? 2 - c : c; // BGR(A) from the file's
                const qint64 v = value(x, from);
                uint32_t expected = asSixteen ? uint32_t(v) : (uint32_t(v) ^ offset) >> 16;
                if (photometric == PHOTOMETRIC_MINISWHITE)
                    expected = 65535 - expected;
                QVERIFY2(r.image.ptr<uint16_t>(1)[x * outChannels + c] == expected,
                         qPrintable(QStringLiteral("x %1, channel %2: %3, not %4")
                                        .arg(x)
                                        .arg(c)
                                        .arg(r.image.ptr<uint16_t>(1)[x * outChannels + c])
                                        .arg(expected)));
            }
    }

    // Planar layouts and MinIsWhite grey are read at their depth, as their interleaved and MinIsBlack
    // counterparts are: 16-bit planar RGB(A) and MinIsWhite grey came out at 8 bits without a word
    // (and RGBA premultiplied, losing the colour of nearly transparent pixels), planar floating point
    // and planar 16-bit CMYK were refused with libtiff's bare "Sorry, …".
    void planarAndMinIsWhiteKeepTheirDepth_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("photometric");
        QTest::addColumn<int>("planar");
        QTest::addColumn<int>("tile");
        const int rgb = PHOTOMETRIC_RGB, contig = PLANARCONFIG_CONTIG, separate = PLANARCONFIG_SEPARATE;
        QTest::newRow("16-bit RGB, planar strips") << int(CV_16U) << 3 << rgb << separate << 0;
        QTest::newRow("16-bit RGB, planar tiles") << int(CV_16U) << 3 << rgb << separate << 16;
        QTest::newRow("16-bit RGBA, planar") << int(CV_16U) << 4 << rgb << separate << 0;
        QTest::newRow("8-bit RGBA, planar") << int(CV_8U) << 4 << rgb << separate << 16;
        QTest::newRow("16-bit grey, MinIsWhite") << int(CV_16U) << 1 << int(PHOTOMETRIC_MINISWHITE) << contig << 0;
        QTest::newRow("16-bit grey+alpha, MinIsWhite")
            << int(CV_16U) << 2 << int(PHOTOMETRIC_MINISWHITE) << contig << 16;
        QTest::newRow("32-bit float RGB, planar") << int(CV_32F) << 3 << rgb << separate << 0;
    }
    void planarAndMinIsWhiteKeepTheirDepth()
    {
        QFETCH(int, depth);
        QFETCH(int, channels);
        QFETCH(int, photometric);
        QFETCH(int, planar);
        QFETCH(int, tile);
        const int w = 45, h = 29;
        cv::Mat samples = spread(w, h, CV_MAKETYPE(depth == CV_32F ? CV_16U : depth, channels));
        const bool alpha = channels % 2 == 0;
        if (alpha) { // nearly transparent pixels among them, whose colour is to be kept
            cv::Mat a;
            cv::extractChannel(samples, a, channels - 1);
            a.col(3).setTo(7);
            cv::insertChannel(a, samples, channels - 1);
        }
        cv::Mat expected = samples.clone(); // 16-bit (or 8-bit) samples, file order
        if (depth == CV_32F)                // 0..1 black to white
            samples.convertTo(samples, CV_32F, 1.0 / 65535);
        Layout layout;
        layout.photometric = uint16_t(photometric);
        layout.planar = uint16_t(planar);
        layout.tile = uint32_t(tile);
        layout.format = depth == CV_32F ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT;
        layout.extraSample = alpha ? EXTRASAMPLE_UNASSALPHA : -1;
        const DecodeResult r = decoded(tiffFile(samples, layout));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY2(r.metadata.warnings.isEmpty(), qPrintable(reasons(r)));
        if (photometric == PHOTOMETRIC_MINISWHITE) { // 0 is white
            std::vector<cv::Mat> parts;
            cv::split(expected, parts);
            cv::bitwise_not(parts[0], parts[0]);
            cv::merge(parts, expected);
        }
        if (channels == 2) { // grey+alpha is read as BGRA
            std::vector<cv::Mat> ga;
            cv::split(expected, ga);
            cv::merge(std::vector<cv::Mat>{ga[0], ga[0], ga[0], ga[1]}, expected);
        }
        expected = asBgr(expected);
        QCOMPARE(r.image.depth(), depth == CV_8U ? CV_8U : CV_16U);
        QVERIFY2(maxDifference(r.image, expected) <= (depth == CV_32F ? 1 : 0),
                 qPrintable(QString::number(maxDifference(r.image, expected))));
    }

    // 16-bit CMYK is the same picture planar as interleaved.
    void planarSixteenBitCmykIsRead()
    {
        const cv::Mat inks = spread(33, 21, CV_16UC4);
        Layout layout;
        layout.photometric = PHOTOMETRIC_SEPARATED;
        const DecodeResult interleaved = decoded(tiffFile(inks, layout));
        QVERIFY2(interleaved.error.isEmpty(), qPrintable(interleaved.error));
        layout.planar = PLANARCONFIG_SEPARATE;
        const DecodeResult planar = decoded(tiffFile(inks, layout));
        QVERIFY2(planar.error.isEmpty(), qPrintable(planar.error));
        QCOMPARE(planar.image.type(), CV_16UC3);
        QCOMPARE(maxDifference(planar.image, interleaved.image), 0.0);
    }

    // What PixelPool does not read is refused by name, as unsupported, never misread: signed and
    // floating-point samples outside the layouts read above (the RGBA interface would take them for
    // unsigned), and what libtiff says "Sorry" to, with its words.
    void layoutsNotReadAreNamed_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("photometric");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("planar");
        QTest::addColumn<QString>("error");
        const int contig = PLANARCONFIG_CONTIG;
        QTest::newRow("signed CMYK") << int(CV_8S) << 4 << int(PHOTOMETRIC_SEPARATED) << int(SAMPLEFORMAT_INT) << contig
                                     << "TIFF of a kind PixelPool does not read: 8-bit signed CMYK, 4 samples a pixel";
        QTest::newRow("float CMYK, planar")
            << int(CV_32F) << 4 << int(PHOTOMETRIC_SEPARATED) << int(SAMPLEFORMAT_IEEEFP) << int(PLANARCONFIG_SEPARATE)
            << "TIFF of a kind PixelPool does not read: planar 32-bit floating-point CMYK, 4 samples a pixel";
        QTest::newRow("16-bit palette")
            << int(CV_16U) << 1 << int(PHOTOMETRIC_PALETTE) << int(SAMPLEFORMAT_UINT) << contig
            << "TIFF of a kind PixelPool does not read: 16-bit palette, 1 sample a pixel (Sorry, can not handle "
               "image)";
    }
    void layoutsNotReadAreNamed()
    {
        QFETCH(int, depth);
        QFETCH(int, channels);
        QFETCH(int, photometric);
        QFETCH(int, format);
        QFETCH(int, planar);
        QFETCH(QString, error);
        Layout layout;
        layout.photometric = uint16_t(photometric);
        layout.format = uint16_t(format);
        layout.planar = uint16_t(planar);
        const QByteArray file = tiffFile(cv::Mat(8, 8, CV_MAKETYPE(depth, channels), cv::Scalar::all(3)), layout);
        QVERIFY(!file.isEmpty());
        const DecodeResult r = decoded(file);
        QVERIFY(r.image.empty());
        QVERIFY2(r.error.startsWith(error), qPrintable(r.error));
        QVERIFY(!r.corrupt);
    }

    // A thumbnail written before its image (IFD0 a reduced-resolution copy, NewSubfileType 1) was what
    // PixelPool read, and the warning called it a page ("TIFF of 2 pages: only the first is read");
    // TIFF/EP's layout, the image in a SubIFD of a reduced-resolution IFD0, gave its 40×30 preview
    // without a word. The first directory that is no reduced-resolution copy is read (its size is
    // the probe's, its Orientation its own or IFD0's), and a thumbnail is no page. A file of
    // thumbnails only is read from IFD0, as before.
    void theImageIsReadBehindItsThumbnail_data()
    {
        const cv::Vec3b red(255, 0, 0), green(0, 255, 0), blue(0, 0, 255);
        const cv::Size small(40, 30), full(160, 120);
        QTest::addColumn<std::vector<Directory>>("directories");
        QTest::addColumn<cv::Size>("size");
        QTest::addColumn<cv::Vec3b>("rgb");
        QTest::addColumn<int>("orientation");
        QTest::addColumn<QString>("warning");
        Directory thumb = thumbnail(small, red);
        thumb.orientation = 6;
        QTest::newRow("a thumbnail, then the image")
            << std::vector<Directory>{thumb, {full, blue}} << full << blue << 6 << QString();
        Directory page = {full, blue, FILETYPE_PAGE};
        page.orientation = 3;
        QTest::newRow("a thumbnail, then two pages")
            << std::vector<Directory>{thumbnail(small, red), page, {{50, 40}, green, FILETYPE_PAGE}} << full << blue
            << 3 << QStringLiteral("TIFF of 2 pages: only the first is read");
        Directory preview = thumbnail(small, red, 1);
        preview.orientation = 8;
        QTest::newRow("TIFF/EP: the image in a SubIFD of its preview")
            << std::vector<Directory>{preview, {full, blue}} << full << blue << 8 << QString();
        QTest::newRow("TIFF/EP: a smaller preview in the first SubIFD")
            << std::vector<Directory>{thumbnail(small, red, 2), thumbnail({20, 15}, green), {full, blue}} << full
            << blue << 1 << QString();
        QTest::newRow("a thumbnail with a SubIFD of its own, then the image")
            << std::vector<Directory>{thumbnail(small, red, 1), thumbnail({20, 15}, green), {full, blue}} << full
            << blue << 1 << QString();
        QTest::newRow("thumbnails only") << std::vector<Directory>{thumbnail(small, red), thumbnail({20, 15}, green)}
                                         << small << red << 1 << QString();
        QTest::newRow("the image, its reduced copies in SubIFDs")
            << std::vector<Directory>{{full, blue, 0, 2}, thumbnail({80, 60}, green), thumbnail(small, red)} << full
            << blue << 1 << QString();
        QTest::newRow("the image, then its thumbnail")
            << std::vector<Directory>{{full, blue}, thumbnail(small, red)} << full << blue << 1 << QString();
    }
    void theImageIsReadBehindItsThumbnail()
    {
        QFETCH(std::vector<Directory>, directories);
        QFETCH(cv::Size, size);
        QFETCH(cv::Vec3b, rgb);
        QFETCH(int, orientation);
        QFETCH(QString, warning);
        const QByteArray file = tiffDirectories(directories);
        QVERIFY(!file.isEmpty());
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(file.constData()), size_t(file.size()));
        QCOMPARE(cv::Size(info.width, info.height), size);
        QCOMPARE(info.exifOrientation, orientation);
        const DecodeResult r = decoded(file);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.size(), size);
        QCOMPARE(r.image.at<cv::Vec3b>(0, 0), cv::Vec3b(rgb[2], rgb[1], rgb[0]));
        QCOMPARE(r.warning, warning);
    }

    // The size checked against the pixel limit is that of the directory decoded: a 40×30 thumbnail
    // in IFD0 let an image of 20000×20000 behind it, in the next directory or in a SubIFD, past it.
    void aThumbnailLetsNoLargeImagePastThePixelLimit_data()
    {
        QTest::addColumn<int>("subIfds");
        QTest::newRow("in the next directory") << 0;
        QTest::newRow("in a SubIFD") << 1;
    }
    void aThumbnailLetsNoLargeImagePastThePixelLimit()
    {
        QFETCH(int, subIfds);
        Directory large{{20000, 20000}, {0, 0, 255}};
        large.claimed = true;
        const QByteArray file = tiffDirectories({thumbnail({40, 30}, {255, 0, 0}, subIfds), large});
        QVERIFY(!file.isEmpty());
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(file.constData()), size_t(file.size()));
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(20000, 20000));
        QCOMPARE(info.largestTilePixels, qint64(20000) * 20000);
        const QString refused = overPixelLimit(info, 100'000'000);
        QVERIFY2(refused.contains(QStringLiteral("20000×20000")), qPrintable(refused));
    }

    // The file's XMP packet, which belongs in IFD0, is kept when the image read is another
    // directory without one.
    void theXmpOfAThumbnailsDirectoryIsKept()
    {
        const QByteArray packet = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";
        Directory preview = thumbnail({40, 30}, {255, 0, 0}, 1);
        preview.xmp = packet;
        const DecodeResult r = decoded(tiffDirectories({preview, {{160, 120}, {0, 0, 255}}}));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.size(), cv::Size(160, 120));
        QCOMPARE(QByteArray::fromStdString(r.metadata.xmp), packet);
    }

    // Behind a thumbnail, the walk for the image is bounded and checks every offset: a chain that
    // loops, SubIFDs past the end, inside the header or at IFD0 itself, read the thumbnail.
    void aThumbnailPointingAnywhereIsReadSafely_data()
    {
        QTest::addColumn<std::vector<quint32>>("subIfds");
        QTest::addColumn<quint32>("next");
        QTest::newRow("a chain back to IFD0") << std::vector<quint32>{} << 8u;
        QTest::newRow("a chain into IFD0's entries") << std::vector<quint32>{} << 10u;
        QTest::newRow("next past the end") << std::vector<quint32>{} << 0xfffffff0u;
        QTest::newRow("a SubIFD at IFD0") << std::vector<quint32>{8} << 8u;
        QTest::newRow("SubIFDs anywhere") << std::vector<quint32>{0xffffffffu, 4, 8, 10, 150} << 0u;
    }
    void aThumbnailPointingAnywhereIsReadSafely()
    {
        QFETCH(std::vector<quint32>, subIfds);
        QFETCH(quint32, next);
        const QByteArray file = thumbnailPointingAt(subIfds, next);
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(file.constData()), size_t(file.size()));
        QCOMPARE(cv::Size(info.width, info.height), cv::Size(4, 3));
        const DecodeResult r = decoded(file);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.size(), cv::Size(4, 3));
        QCOMPARE(int(r.image.at<uchar>(0, 0)), 77);
    }

    // A 16-bit layout that only libtiff's RGBA interface reads (here grey with a sample of no
    // declared meaning beside it) comes out at 8 bits, and says so: it did so without a word.
    void sixteenBitsReadAtEightSaySo()
    {
        Layout layout;
        layout.extraSample = EXTRASAMPLE_UNSPECIFIED;
        const cv::Mat samples = spread(20, 10, CV_16UC2);
        const DecodeResult r = decoded(tiffFile(samples, layout));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.image.depth(), CV_8U);
        QCOMPARE(r.metadata.warnings,
                 QStringList{"TIFF of 16-bit grey, 2 samples a pixel read at 8 bits (libtiff's RGBA interface "
                             "reads it only so)"});
    }
};

QTEST_GUILESS_MAIN(TestTiff)
#include "tst_tiff.moc"
