// TIFF layouts as libtiff writes them, decoded by PixelPool.
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

} // namespace

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
};

QTEST_GUILESS_MAIN(TestTiff)
#include "tst_tiff.moc"
