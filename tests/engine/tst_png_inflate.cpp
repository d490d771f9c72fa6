// PNG image data inflated at once by libdeflate (codecs/PngInflate.h): the same pixels as libpng's
// own inflate for every layout PixelPool writes, several IDAT chunks included; and every file the
// fast path is not sure of (damage with or without fixed CRCs, too much or too little data,
// interlacing, a cut) goes to libpng, which reports exactly what it reported before.
#include "ImageCodec.h"
#include "codecs/Codecs.h"
#include "codecs/PngInflate.h"

#include <QtTest>
#include <libdeflate.h>
#include <opencv2/imgproc.hpp>
#include <zlib.h>

using namespace pp;
using Bytes = std::vector<uint8_t>;

namespace {

cv::Mat picture(int w, int h, int type)
{
    cv::Mat m(h, w, CV_8UC4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec4b>(y, x) = {uchar(x * 7 + y), uchar(200 * std::sin(x * 0.05) * std::sin(y * 0.03) + 30),
                                     uchar((x ^ y) & 0xff), uchar(x < w / 3 ? 255 : 40 + y % 200)};
    cv::Mat out;
    const int channels = CV_MAT_CN(type);
    if (channels == 1)
        cv::cvtColor(m, out, cv::COLOR_BGRA2GRAY);
    else if (channels == 3)
        cv::cvtColor(m, out, cv::COLOR_BGRA2BGR);
    else
        out = m;
    if (CV_MAT_DEPTH(type) == CV_16U)
        out.convertTo(out, CV_16U, 257.0, 3.0);
    return out;
}

Bytes png(const cv::Mat &m)
{
    EncodeSettings s;
    s.format = OutputFormat::Png;
    Bytes out;
    QString error;
    QStringList warnings;
    if (!encodeImage(m, s, &out, &error, &warnings))
        qFatal("%s", qPrintable(error));
    return out;
}

uint32_t be32(const uint8_t *p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
void putBe32(uint8_t *p, uint32_t x)
{
    p[0] = uint8_t(x >> 24), p[1] = uint8_t(x >> 16), p[2] = uint8_t(x >> 8), p[3] = uint8_t(x);
}

// (offset, length) of every chunk named `type`.
std::vector<std::pair<size_t, uint32_t>> chunks(const Bytes &b, const char *type)
{
    std::vector<std::pair<size_t, uint32_t>> found;
    for (size_t at = 8; at + 12 <= b.size(); at += 12 + be32(&b[at]))
        if (std::memcmp(&b[at + 4], type, 4) == 0)
            found.emplace_back(at, be32(&b[at]));
    return found;
}

void fixCrc(Bytes *b, size_t chunk)
{
    const uint32_t length = be32(&(*b)[chunk]);
    putBe32(&(*b)[chunk + 8 + length], libdeflate_crc32(0, &(*b)[chunk + 4], length + 4));
}

// The file with its image data replaced by `stream`, cut into IDAT chunks of `piece` bytes.
Bytes withImageData(const Bytes &b, const Bytes &stream, size_t piece)
{
    const auto idat = chunks(b, "IDAT");
    Bytes out(b.begin(), b.begin() + long(idat.front().first));
    for (size_t at = 0; at < stream.size(); at += piece) {
        const size_t n = std::min(piece, stream.size() - at);
        const size_t chunk = out.size();
        out.resize(chunk + 12 + n);
        putBe32(&out[chunk], uint32_t(n));
        std::memcpy(&out[chunk + 4], "IDAT", 4);
        std::memcpy(&out[chunk + 8], &stream[at], n);
        fixCrc(&out, chunk);
    }
    const auto &last = idat.back();
    out.insert(out.end(), b.begin() + long(last.first + 12 + last.second), b.end());
    return out;
}

Bytes imageData(const Bytes &b)
{
    Bytes stream;
    for (const auto &[at, length] : chunks(b, "IDAT"))
        stream.insert(stream.end(), b.begin() + long(at + 8), b.begin() + long(at + 8 + length));
    return stream;
}

Bytes inflated(const Bytes &stream)
{
    Bytes raw(64 << 20);
    uLongf size = raw.size();
    if (uncompress(raw.data(), &size, stream.data(), stream.size()) != Z_OK)
        qFatal("test PNG does not inflate");
    raw.resize(size);
    return raw;
}

Bytes deflated(const Bytes &raw)
{
    Bytes out(compressBound(raw.size()));
    uLongf size = out.size();
    compress(out.data(), &size, raw.data(), raw.size());
    out.resize(size);
    return out;
}

struct Both {
    DecodeResult fast, plain;
    bool tookFastPath = false;
};

Both decodeBoth(const Bytes &b, bool allowDamaged = false)
{
    Both r;
    const ImageInfo info = probeImage(b.data(), b.size());
    if (!info.error.isEmpty())
        qFatal("probe: %s", qPrintable(info.error));
    codecs::InflatedPng rewrite;
    r.tookFastPath = rewrite.prepare(b.data(), b.size(), uint32_t(info.width), uint32_t(info.height));
    r.fast = codecs::decodePng(b.data(), b.size(), info, allowDamaged, true, true);
    r.plain = codecs::decodePng(b.data(), b.size(), info, allowDamaged, true, false);
    return r;
}

bool samePixels(const cv::Mat &a, const cv::Mat &b)
{
    return a.size() == b.size() && a.type() == b.type() && (a.empty() || cv::norm(a, b, cv::NORM_INF) == 0);
}

} // namespace

class TestPngInflate : public QObject
{
    Q_OBJECT
private slots:
    void fastPathGivesLibpngsPixels_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("piece"); // IDAT chunk size of the rewritten file (0: as encoded)
        QTest::newRow("BGR") << int(CV_8UC3) << 0;
        QTest::newRow("BGRA") << int(CV_8UC4) << 0;
        QTest::newRow("grey") << int(CV_8UC1) << 0;
        QTest::newRow("16-bit BGR") << int(CV_16UC3) << 0;
        QTest::newRow("16-bit BGRA") << int(CV_16UC4) << 0;
        QTest::newRow("BGR in 1000-byte IDATs") << int(CV_8UC3) << 1000;
        QTest::newRow("BGRA in 1-byte IDATs") << int(CV_8UC4) << 1;
    }
    void fastPathGivesLibpngsPixels()
    {
        QFETCH(int, type);
        QFETCH(int, piece);
        Bytes b = png(picture(517, 300, type)); // over 65535 bytes a row set: several stored blocks
        if (piece > 0)
            b = withImageData(b, imageData(b), size_t(piece));
        const Both r = decodeBoth(b);
        QVERIFY(r.tookFastPath);
        QVERIFY2(!r.fast.image.empty(), qPrintable(r.fast.error));
        QVERIFY(samePixels(r.fast.image, r.plain.image));
        QVERIFY(samePixels(r.fast.image, picture(517, 300, type)));
    }

    void anythingUnsureGoesToLibpng_data()
    {
        QTest::addColumn<QString>("damage");
        for (const char *d :
             {"byte flipped in the data, CRC fixed", "byte flipped in the data", "cut short", "one byte too few rows",
              "bytes after the rows", "bytes after the zlib stream", "interlaced flag", "PLTE CRC wrong"})
            QTest::newRow(d) << QString::fromLatin1(d);
    }
    void anythingUnsureGoesToLibpng()
    {
        QFETCH(QString, damage);
        const Bytes whole = png(picture(120, 80, CV_8UC3));
        const Bytes raw = inflated(imageData(whole));
        Bytes b = whole;
        const auto idat = chunks(b, "IDAT").front();
        if (damage == "byte flipped in the data, CRC fixed" || damage == "byte flipped in the data") {
            b[idat.first + 8 + idat.second / 2] ^= 0x55;
            if (damage.endsWith("fixed"))
                fixCrc(&b, idat.first);
        } else if (damage == "cut short") {
            b.resize(idat.first + 8 + idat.second / 2);
        } else if (damage == "one byte too few rows") {
            b = withImageData(whole, deflated(Bytes(raw.begin(), raw.end() - 1)), 8192);
        } else if (damage == "bytes after the rows") {
            Bytes more = raw;
            more.insert(more.end(), 7, 0);
            b = withImageData(whole, deflated(more), 8192);
        } else if (damage == "bytes after the zlib stream") {
            Bytes stream = imageData(whole);
            stream.push_back(0);
            stream.push_back(1);
            b = withImageData(whole, stream, 8192);
        } else if (damage == "interlaced flag") {
            b[8 + 8 + 12] = 1;
            fixCrc(&b, 8);
        } else if (damage == "PLTE CRC wrong") {
            // A palette (ignored by an RGB image, but critical) inserted before the data, its CRC off.
            const uint8_t plte[] = {0, 0, 0, 3, 'P', 'L', 'T', 'E', 1, 2, 3, 0, 0, 0, 0};
            b.insert(b.begin() + long(idat.first), std::begin(plte), std::end(plte));
        }
        for (const bool allowDamaged : {false, true}) {
            const Both r = decodeBoth(b, allowDamaged);
            QVERIFY(!r.tookFastPath);
            QCOMPARE(r.fast.error, r.plain.error);
            QCOMPARE(r.fast.warning, r.plain.warning);
            QVERIFY(samePixels(r.fast.image, r.plain.image));
        }
    }
};

QTEST_GUILESS_MAIN(TestPngInflate)
#include "tst_png_inflate.moc"
