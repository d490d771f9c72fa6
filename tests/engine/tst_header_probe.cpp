// probeFileHeader(), the worker's answer to a ProbeRequest: what probeImage() says of the whole
// file, from the parts of it that a header is made of, wherever they are in the file.
#include "HeaderProbe.h"
#include "ImageCodec.h"
#include "ImageInfoText.h"
#include "TestBytes.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>
#include <zlib.h>

using namespace pp;

namespace {

constexpr int kHead = 64 << 10; // what probeFileHeader() reads at once

using testbytes::be16;
using testbytes::le16;
using testbytes::le32;

// A JPEG marker segment of `length` (its length bytes included): `start`, then zeros.
QByteArray segment(quint8 marker, int length, const QByteArray &start = {})
{
    return QByteArray("\xff", 1) + char(marker) + be16(quint16(length)) + start +
           QByteArray(length - 2 - start.size(), 0);
}

// An EXIF APP1 segment whose first directory has these SHORT entries (tag, value), in this order.
QByteArray exifWith(const QList<std::pair<quint16, quint16>> &entries)
{
    QByteArray body = QByteArray("Exif\0\0II*\0\x08\0\0\0", 14) + le16(quint16(entries.size()));
    for (const auto &[tag, value] : entries)
        body += le16(tag) + le16(3) + le32(1) + le16(value) + le16(0);
    body += le32(0);
    return QByteArray("\xff\xe1", 2) + be16(quint16(2 + body.size())) + body;
}

QByteArray exif(quint16 orientation) { return exifWith({{0x0112, orientation}}); }

// A frame header of three components and a scan header of `scanComponents`, with data after it.
QByteArray frameAndScan(quint8 sof, quint16 width, quint16 height, const QByteArray &between, int scanComponents)
{
    QByteArray b = QByteArray("\xff", 1) + char(sof) + be16(17) + char(8) + be16(height) + be16(width) + char(3) +
                   QByteArray("\x01\x22\0\x02\x11\0\x03\x11\0", 9) + between;
    b += QByteArray("\xff\xda", 2) + be16(quint16(6 + 2 * scanComponents)) + char(scanComponents);
    for (int c = 1; c <= scanComponents; ++c)
        b += QByteArray(1, char(c)) + char(0);
    return b + QByteArray("\0\x3f\0", 3) + QByteArray(4000, '\x55') + QByteArray("\xff\xd9", 2);
}

// A JPEG's XMP APP1 segment whose packet has tiff:Orientation `orientation`, an element under
// another prefix where `element`.
QByteArray xmpApp1(int orientation, bool element = false)
{
    const QByteArray o = QByteArray::number(orientation);
    const QByteArray description =
        element
            ? "<rdf:Description rdf:about='' xmlns:t='http://ns.adobe.com/tiff/1.0/'><t:Orientation>" + o +
                  "</t:Orientation></rdf:Description>"
            : "<rdf:Description rdf:about='' xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Orientation='" + o + "'/>";
    const QByteArray body = QByteArray("http://ns.adobe.com/xap/1.0/\0", 29) +
                            "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
                            "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>" +
                            description + "</rdf:RDF></x:xmpmeta>";
    return QByteArray("\xff\xe1", 2) + be16(quint16(2 + body.size())) + body;
}

// An EXIF block as a PNG's eXIf or a WebP's EXIF chunk holds it: a TIFF structure (after "Exif\0\0"
// where `prefixed`) whose first directory, `gap` bytes behind its header, has the Orientation.
QByteArray exifBlock(quint16 orientation, bool prefixed, int gap = 0)
{
    return (prefixed ? QByteArray("Exif\0\0", 6) : QByteArray()) + QByteArray("II*\0", 4) + le32(quint32(8 + gap)) +
           QByteArray(gap, 0) + le16(1) + le16(0x0112) + le16(3) + le32(1) + le16(orientation) + le16(0) + le32(0);
}

QByteArray be32(quint32 v) { return be16(quint16(v >> 16)) + be16(quint16(v)); }

QByteArray pngChunk(const char *type, const QByteArray &data)
{
    const QByteArray typed = QByteArray(type, 4) + data;
    return be32(quint32(data.size())) + typed +
           be32(quint32(::crc32(0, reinterpret_cast<const Bytef *>(typed.constData()), uInt(typed.size()))));
}

// A PNG of 5000×4000 with `before` after its IHDR and `after` after its image data, which is
// `idatChunks` chunks of `idatBytes` each.
QByteArray pngWith(const QByteArray &before, const QByteArray &after, int idatChunks = 20, int idatBytes = 8192)
{
    const QByteArray ihdr = be32(5000) + be32(4000) + QByteArray("\x08\x02\0\0\0", 5);
    QByteArray png = QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + before;
    const QByteArray idat = pngChunk("IDAT", QByteArray(idatBytes, '\x55'));
    for (int i = 0; i < idatChunks; ++i)
        png += idat;
    return png + after + pngChunk("IEND", {});
}

// An XMP packet in an iTXt chunk, with tiff:Orientation `orientation`.
QByteArray xmpChunk(int orientation)
{
    return pngChunk("iTXt", QByteArray("XML:com.adobe.xmp\0\0\0\0\0", 22) +
                                "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
                                "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
                                "rdf:about='' xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Orientation='" +
                                QByteArray::number(orientation) + "'/></rdf:RDF></x:xmpmeta>");
}

// ImageMagick's raw EXIF profile (hex after "Exif\0\0") in a zTXt chunk.
QByteArray rawExifChunk(const QByteArray &block)
{
    const QByteArray text = "\nexif\n" + QByteArray::number(block.size() + 6).rightJustified(8, ' ') + "\n" +
                            QByteArray("Exif\0\0", 6).toHex() + block.toHex() + "\n";
    QByteArray packed(int(compressBound(uLong(text.size()))), 0);
    uLongf size = uLongf(packed.size());
    compress2(reinterpret_cast<Bytef *>(packed.data()), &size, reinterpret_cast<const Bytef *>(text.constData()),
              uLong(text.size()), 9);
    packed.resize(int(size));
    return pngChunk("zTXt", QByteArray("Raw profile type exif\0\0", 23) + packed);
}

// A RIFF chunk of a WebP, padded to an even size.
QByteArray webpChunk(const char *type, const QByteArray &data)
{
    return QByteArray(type, 4) + le32(quint32(data.size())) + data + QByteArray(data.size() & 1, 0);
}

// An extended WebP of 4000×3000 that says it has EXIF: `between` after its VP8X chunk, then `exif`.
QByteArray webpWithExif(const QByteArray &between, const QByteArray &exif)
{
    const QByteArray vp8x = webpChunk("VP8X", QByteArray("\x08\0\0\0", 4) + le32(3999).left(3) + le32(2999).left(3));
    const QByteArray body = QByteArray("WEBP") + vp8x + between + webpChunk("EXIF", exif);
    return QByteArray("RIFF") + le32(quint32(body.size())) + body;
}

QByteArray tiffIfd(const QList<std::pair<quint16, quint32>> &tags, quint32 next = 0)
{
    QByteArray b = le16(quint16(tags.size()));
    for (const auto &[id, value] : tags)
        b += le16(id) + le16(4) + le32(1) + le32(value);
    return b + le32(next);
}

} // namespace

class TestHeaderProbe : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // probeFileHeader() of the bytes written to a file; `whole` gets probeImage() of all of them.
    ImageInfo probeAsFile(const QByteArray &bytes, ImageInfo *whole)
    {
        const QString path = m_dir.filePath(QStringLiteral("probed"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        f.close();
        *whole = probeImage(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
        return probeFileHeader(QFile::encodeName(path));
    }

    void compareWithWholeFile(const QByteArray &bytes)
    {
        QVERIFY(bytes.size() > kHead);
        ImageInfo whole;
        const ImageInfo header = probeAsFile(bytes, &whole);
        QVERIFY2(whole.error.isEmpty(), qPrintable(testing::describeInfo(whole)));
        QCOMPARE(testing::describeInfo(header), testing::describeInfo(whole));
    }

private:
    // The orientation the header probe and the whole-file probe read of a JPEG of `before` (segments
    // before the frame header) and `after` (between it and the first scan): in the first read, and
    // behind a large profile, past it.
    void orientationInBothReads(const QByteArray &before, const QByteArray &after, int orientation)
    {
        const QByteArray small = QByteArray("\xff\xd8", 2) + before + frameAndScan(0xC0, 640, 480, after, 3);
        ImageInfo whole;
        QCOMPARE(probeAsFile(small, &whole).exifOrientation, orientation);
        QCOMPARE(whole.exifOrientation, orientation);
        const QByteArray icc("ICC_PROFILE\0\x01\x01", 14);
        const QByteArray large =
            QByteArray("\xff\xd8", 2) + segment(0xE2, 65535, icc) + before + frameAndScan(0xC2, 6000, 4000, after, 1);
        QCOMPARE(probeAsFile(large, &whole).exifOrientation, orientation);
        QCOMPARE(whole.exifOrientation, orientation);
        compareWithWholeFile(large);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void smallFileIsProbedWhole()
    {
        const QByteArray jpeg = QByteArray("\xff\xd8", 2) + exif(6) + frameAndScan(0xC0, 640, 480, {}, 3);
        ImageInfo whole;
        const ImageInfo header = probeAsFile(jpeg, &whole);
        QCOMPARE(header.exifOrientation, 6);
        QCOMPARE(testing::describeInfo(header), testing::describeInfo(whole));
    }

    // Megabytes of XMP before the frame header: the segments are walked by their headers.
    void jpegFrameHeaderBehindXmp()
    {
        const QByteArray xmp("http://ns.adobe.com/xap/1.0/\0", 29);
        QByteArray jpeg = QByteArray("\xff\xd8", 2) + exif(3);
        for (int i = 0; i < 40; ++i)
            jpeg += segment(0xE1, 65535, xmp);
        compareWithWholeFile(jpeg + frameAndScan(0xC0, 4000, 3000, {}, 3));
    }

    // The EXIF block behind a large ICC profile: its orientation is read too.
    void jpegExifPastTheFirstRead()
    {
        const QByteArray icc("ICC_PROFILE\0\x01\x01", 14);
        const QByteArray jpeg = QByteArray("\xff\xd8", 2) + segment(0xE2, 65535, icc) + segment(0xE2, 20000, icc) +
                                exif(8) + frameAndScan(0xC2, 6000, 4000, {}, 1);
        compareWithWholeFile(jpeg);
    }

    // A sequential frame with a scan per component keeps all coefficients (coefficientBytes): its
    // first scan header is read even when a segment after the frame header pushes it past the head.
    void jpegScanHeaderPastTheFirstRead()
    {
        const QByteArray jpeg = QByteArray("\xff\xd8", 2) + segment(0xFE, kHead - 200) +
                                frameAndScan(0xC1, 5000, 5000, segment(0xFE, 30000), 1);
        ImageInfo whole;
        probeAsFile(jpeg, &whole);
        QVERIFY(whole.coefficientBytes > 0);
        compareWithWholeFile(jpeg);
    }

    // Several EXIF blocks are read as the first one's tags, completed with the others': the first
    // block's Orientation 1 wins over a stale 6 after it. Before, an explicit 1 was read as none
    // and the picture turned sideways by the second block.
    void jpegFirstExifBlockStatingAnOrientationWins_data()
    {
        const QByteArray xmp = segment(0xE1, 200, QByteArray("http://ns.adobe.com/xap/1.0/\0", 29));
        const QByteArray makeOnly = exifWith({{0x010f, 7}}); // a tag, but no Orientation
        QTest::addColumn<QByteArray>("before");              // before the frame header
        QTest::addColumn<QByteArray>("after");               // between it and the first scan
        QTest::addColumn<int>("orientation");
        QTest::newRow("1, then 6") << exif(1) + exif(6) << QByteArray() << 1;
        QTest::newRow("3, then 6") << exif(3) + exif(6) << QByteArray() << 3;
        QTest::newRow("none, then 6") << makeOnly + exif(6) << QByteArray() << 6;
        QTest::newRow("XMP, then 6") << xmp + exif(6) << QByteArray() << 6;
        QTest::newRow("out of range, then 6") << exif(0) + exif(6) << QByteArray() << 1;
        QTest::newRow("1, then 6 after the frame header") << exif(1) << exif(6) << 1;
        QTest::newRow("none, then 6 after the frame header") << makeOnly << exif(6) << 6;
    }
    void jpegFirstExifBlockStatingAnOrientationWins()
    {
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        QFETCH(int, orientation);
        orientationInBothReads(before, after, orientation);
    }

    // A JPEG's XMP states the orientation where its EXIF states none, as Pillow's exif_transpose()
    // reads it: the first XMP packet's tiff:Orientation (the one the decoder keeps), before or after
    // the frame header, in the first read and past it. Before, only EXIF was read: 1.
    void jpegOrientationInXmp_data()
    {
        const QByteArray makeOnly = exifWith({{0x010f, 7}}); // a tag, but no Orientation
        QTest::addColumn<QByteArray>("before");              // before the frame header
        QTest::addColumn<QByteArray>("after");               // between it and the first scan
        QTest::addColumn<int>("orientation");
        QTest::newRow("XMP alone") << xmpApp1(6) << QByteArray() << 6;
        QTest::newRow("XMP element, another prefix") << xmpApp1(8, true) << QByteArray() << 8;
        QTest::newRow("XMP after the frame header") << QByteArray() << xmpApp1(5) << 5;
        QTest::newRow("EXIF without one, then XMP") << makeOnly + xmpApp1(7) << QByteArray() << 7;
        QTest::newRow("XMP, then EXIF: the EXIF's") << xmpApp1(3) + exif(6) << QByteArray() << 6;
        QTest::newRow("EXIF's 1, XMP after the frame header") << exif(1) << xmpApp1(6) << 1;
        QTest::newRow("an empty XMP segment, then a packet")
            << segment(0xE1, 31, QByteArray("http://ns.adobe.com/xap/1.0/\0", 29)) + xmpApp1(2) << QByteArray() << 2;
        QTest::newRow("two packets: the first's") << xmpApp1(4) + xmpApp1(7) << QByteArray() << 4;
    }
    void jpegOrientationInXmp()
    {
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        QFETCH(int, orientation);
        orientationInBothReads(before, after, orientation);
    }

    // An EXIF block may follow the frame header (before the first scan): its Orientation counts, in
    // the first read and past it. Before, the probe stopped at the frame header and the photo was
    // taken as upright, its EXIF then rewritten to say so.
    void jpegExifAfterTheFrameHeader()
    {
        const QByteArray small = QByteArray("\xff\xd8", 2) + frameAndScan(0xC0, 640, 480, exif(6), 3);
        ImageInfo whole;
        const ImageInfo header = probeAsFile(small, &whole);
        QCOMPARE(header.exifOrientation, 6);
        QCOMPARE(testing::describeInfo(header), testing::describeInfo(whole));

        const QByteArray icc("ICC_PROFILE\0\x01\x01", 14);
        const QByteArray between = segment(0xE2, 65535, icc) + segment(0xFE, 20000) + exif(8) + segment(0xFE, 300);
        for (const quint8 sof : {quint8(0xC0), quint8(0xC1), quint8(0xC2)}) {
            const QByteArray large = QByteArray("\xff\xd8", 2) + frameAndScan(sof, 6000, 4000, between, 1);
            QCOMPARE(probeAsFile(large, &whole).exifOrientation, 8);
            QVERIFY(whole.coefficientBytes > 0); // a scan of one component of three: found behind them
            compareWithWholeFile(large);
        }
    }

    // The orientation is looked for in the first kMaxJpegExifBlocks EXIF blocks, counted before and
    // after the frame header together, by both probes: more blocks are passed over, not read whole
    // (the header probe refused such a file the whole-file probe read).
    void jpegWithManyExifBlocksLooksInTheFirstOnes_data()
    {
        QTest::addColumn<int>("stating"); // which block states Orientation 6 (1-based); the others none
        QTest::addColumn<int>("orientation");
        QTest::newRow("the 4th") << 4 << 6;
        QTest::newRow("the 5th: passed over") << 5 << 1;
    }
    void jpegWithManyExifBlocksLooksInTheFirstOnes()
    {
        QFETCH(int, stating);
        QFETCH(int, orientation);
        const QByteArray makeOnly = exifWith({{0x010f, 7}});
        QByteArray between = segment(0xFE, 65000);
        for (int i = 2; i <= 8; ++i)
            between += i == stating ? exif(6) : makeOnly;
        const QByteArray jpeg = QByteArray("\xff\xd8", 2) + makeOnly + frameAndScan(0xC0, 640, 480, between, 3);
        ImageInfo whole;
        const ImageInfo header = probeAsFile(jpeg, &whole);
        QVERIFY2(header.error.isEmpty() && whole.error.isEmpty(), qPrintable(header.error + whole.error));
        QCOMPARE(whole.exifOrientation, orientation);
        QCOMPARE(testing::describeInfo(header), testing::describeInfo(whole));
    }

    // More marker segments than any real header has: refused, not walked on.
    void jpegWithEndlessSegmentsIsRefused()
    {
        QByteArray jpeg("\xff\xd8", 2);
        for (int i = 0; i < 5000; ++i)
            jpeg += segment(0xFE, 2);
        jpeg += segment(0xFE, 60000) + frameAndScan(0xC0, 640, 480, {}, 3);
        ImageInfo whole;
        const ImageInfo header = probeAsFile(jpeg, &whole);
        QVERIFY(whole.error.isEmpty());
        QCOMPARE(header.error, QLatin1String(kHeaderTooLong));
    }

    // Stray bytes where a marker is due (libjpeg skips them to the next marker, JpegMarkers.h), past
    // the first read: read as far as that marker, so that both probes find the same frame header and
    // scan header; more than 64 KB of them is no header, to both. Before, both refused the file at
    // the first stray byte.
    void jpegStrayBytesPastTheFirstRead_data()
    {
        const QByteArray icc("ICC_PROFILE\0\x01\x01", 14);
        const QByteArray profile = segment(0xE2, 65535, icc);
        QTest::addColumn<QByteArray>("jpeg");
        QTest::addColumn<QString>("error");
        QTest::newRow("5 bytes") << QByteArray("\xff\xd8", 2) + profile + "hello" +
                                        frameAndScan(0xC2, 6000, 4000, {}, 1)
                                 << QString();
        QTest::newRow("a stuffed zero after the frame header")
            << QByteArray("\xff\xd8", 2) +
                   frameAndScan(0xC1, 6000, 4000, profile + QByteArray("\xff\x00\x00\x02", 4) + exif(6), 1)
            << QString();
        QTest::newRow("64 KB less the marker")
            << QByteArray("\xff\xd8", 2) + profile + QByteArray(65534, 'j') + frameAndScan(0xC2, 6000, 4000, {}, 3)
            << QString();
        QTest::newRow("fill bytes") << QByteArray("\xff\xd8", 2) + profile + QByteArray(30000, '\xff') +
                                           frameAndScan(0xC0, 6000, 4000, {}, 3)
                                    << QString();
        QTest::newRow("64 KB") << QByteArray("\xff\xd8", 2) + profile + QByteArray(65536, 'j') +
                                      frameAndScan(0xC2, 6000, 4000, {}, 3)
                               << "damaged JPEG header (no marker in the 65536 bytes from byte 65539)";
    }
    void jpegStrayBytesPastTheFirstRead()
    {
        QFETCH(QByteArray, jpeg);
        QFETCH(QString, error);
        ImageInfo whole;
        const ImageInfo header = probeAsFile(jpeg, &whole);
        QCOMPARE(whole.error, error);
        QCOMPARE(testing::describeInfo(header), testing::describeInfo(whole));
        if (error.isEmpty())
            QCOMPARE(QSize(header.width, header.height), QSize(6000, 4000));
    }

    // A GIF's first image behind a long comment: its descriptor (which can widen a screen of 0×0)
    // is read too; behind more extension data than any real GIF has, the probe stops.
    void gifFirstImageBehindExtensions()
    {
        const auto gif = [](int commentBytes) {
            QByteArray b = QByteArray("GIF89a", 6) + le16(0) + le16(0) + QByteArray("\x80\0\0", 3) +
                           QByteArray(6, '\x7f'); // a screen of 0×0, a colour table of 2
            b += QByteArray("\x21\xfe", 2);       // a comment, in blocks of 255 bytes
            for (int left = commentBytes; left > 0; left -= 255)
                b += char(std::min(left, 255)) + QByteArray(std::min(left, 255), 'c');
            b += char(0);
            b += char(0x2c) + le16(3) + le16(2) + le16(640) + le16(480) + char(0); // at (3,2)
            return b + QByteArray("\x02\x02\x4c\x01\0\x3b", 6);
        };
        ImageInfo whole;
        const ImageInfo header = probeAsFile(gif(300000), &whole);
        QVERIFY2(whole.error.isEmpty(), qPrintable(whole.error));
        QCOMPARE(whole.width, 643);
        QCOMPARE(whole.height, 482);
        QCOMPARE(testing::describeInfo(header), testing::describeInfo(whole));

        const ImageInfo tooLong = probeAsFile(gif(17 << 20), &whole);
        QVERIFY(whole.error.isEmpty());
        QCOMPARE(tooLong.error, QLatin1String(kHeaderTooLong));
    }

    // A WebP keeps its EXIF after the image data: the chunks are walked by their headers to it, and
    // its first directory is read wherever the block puts it. Before, a WebP of more than 64 KB had
    // the orientation 1 whatever its EXIF said.
    void webpExifAfterTheImageData()
    {
        const QByteArray image = webpChunk("VP8 ", QByteArray(300001, '\x55'));
        for (const bool prefixed : {false, true}) {
            compareWithWholeFile(webpWithExif(image, exifBlock(6, prefixed)));
            compareWithWholeFile(webpWithExif(image, exifBlock(8, prefixed, 150000)));
        }
        ImageInfo whole;
        const ImageInfo header = probeAsFile(webpWithExif(image, exifBlock(6, true)), &whole);
        QCOMPARE(header.exifOrientation, 6);
    }

    // An animation's frames come before its EXIF: they are walked by their headers to it, up to 65536
    // chunks (36 minutes at 30 frames a second; an animation of 5000 frames was refused as too long
    // when animations were not read); more than that are not walked.
    void webpWithEndlessChunksIsRefused()
    {
        QByteArray frames;
        for (int i = 0; i < 5000; ++i)
            frames += webpChunk("ANMF", QByteArray(16, 0));
        compareWithWholeFile(webpWithExif(frames, exifBlock(3, false)));
        ImageInfo whole;
        const ImageInfo header = probeAsFile(webpWithExif(frames.repeated(14), exifBlock(3, false)), &whole);
        QCOMPARE(whole.exifOrientation, 3);
        QCOMPARE(header.error, QLatin1String(kHeaderTooLong));
    }

    // A PNG's eXIf chunk behind large text chunks (XMP in an iTXt) before the image data.
    void pngExifBehindLargeText()
    {
        const QByteArray ihdr = be32(5000) + be32(4000) + QByteArray("\x08\x02\0\0\0", 5);
        const QByteArray head = QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
                                pngChunk("iTXt", QByteArray(90000, 'x')) + pngChunk("tEXt", QByteArray(70000, 'y'));
        const QByteArray tail = pngChunk("IDAT", QByteArray(1000, 0)) + pngChunk("IEND", {});
        compareWithWholeFile(head + pngChunk("eXIf", exifBlock(8, false)) + tail);
        compareWithWholeFile(head + pngChunk("eXIf", exifBlock(5, true, 100000)) + tail);
        ImageInfo whole;
        const ImageInfo header = probeAsFile(head + pngChunk("eXIf", exifBlock(8, false)) + tail, &whole);
        QCOMPARE(header.exifOrientation, 8);
    }

    // ImageMagick 6 writes a PNG's eXIf after its image data, and others their XMP or a raw EXIF
    // profile there: the chunks are walked by their headers to the end, the first eXIf's directory
    // and the text chunks of those blocks read (Before, the walk stopped at the image data: such a
    // PNG was taken as upright, and its output said so.)
    void pngOrientationAfterTheImageData_data()
    {
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<QByteArray>("after");
        QTest::addColumn<int>("orientation");
        QTest::newRow("eXIf") << QByteArray() << pngChunk("eXIf", exifBlock(6, false)) << 6;
        QTest::newRow("eXIf, its directory far in")
            << QByteArray() << pngChunk("eXIf", exifBlock(5, true, 100000)) << 5;
        QTest::newRow("XMP") << QByteArray() << xmpChunk(8) << 8;
        QTest::newRow("XMP between runs of image data")
            << QByteArray() << xmpChunk(4) + pngChunk("IDAT", QByteArray(70000, 1)) + pngChunk("IDAT", {}) << 4;
        QTest::newRow("raw EXIF profile") << QByteArray() << rawExifChunk(exifBlock(3, false)) << 3;
        QTest::newRow("raw EXIF profile before, eXIf after: the eXIf's")
            << rawExifChunk(exifBlock(3, false)) << pngChunk("eXIf", exifBlock(6, false)) << 6;
        QTest::newRow("XMP before, raw EXIF profile after: the EXIF's")
            << xmpChunk(8) << rawExifChunk(exifBlock(7, false)) << 7;
        QTest::newRow("an eXIf without one, then XMP")
            << pngChunk("eXIf", QByteArray("II*\0", 4) + le32(8) + le16(0) + le32(0)) << xmpChunk(2) << 2;
    }
    void pngOrientationAfterTheImageData()
    {
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        QFETCH(int, orientation);
        const QByteArray png = pngWith(before, after);
        compareWithWholeFile(png);
        ImageInfo whole;
        QCOMPARE(probeAsFile(png, &whole).exifOrientation, orientation);
    }

    // The walk to the end is bounded: past 262144 chunks (2 GB of libpng's 8 KB image data chunks)
    // the header is too long to probe, and the file is read whole.
    void pngWithEndlessChunksIsRefused()
    {
        const QByteArray after = pngChunk("eXIf", exifBlock(6, false));
        compareWithWholeFile(pngWith({}, after, 250000, 1));
        ImageInfo whole;
        const ImageInfo header = probeAsFile(pngWith({}, after, 270000, 1), &whole);
        QCOMPARE(whole.exifOrientation, 6);
        QCOMPARE(header.error, QLatin1String(kHeaderTooLong));
    }

    void tiffDirectoryAfterThePixels()
    {
        const quint32 pixels = 300000;
        compareWithWholeFile(QByteArray("II*\0", 4) + le32(8 + pixels) + QByteArray(int(pixels), 0) +
                             tiffIfd({{256, 1000}, {257, 100}, {274, 6}, {278, 16}, {273, 8}, {279, pixels}}));
    }

    // A directory that begins inside the first read and ends past it: its tile size is read too.
    void tiffDirectoryAcrossTheFirstRead()
    {
        const quint32 at = kHead - 40;
        compareWithWholeFile(QByteArray("II*\0", 4) + le32(at) + QByteArray(int(at - 8), 0) +
                             tiffIfd({{256, 3000}, {257, 2000}, {274, 3}, {322, 256}, {323, 512}, {324, 8}}) +
                             QByteArray(100000, 0));
    }

    // A thumbnail's directory (IFD0, reduced-resolution) in the first read, the image's far behind it,
    // next in the chain or a SubIFD (TIFF/EP): the size is the image's, not the thumbnail's (whose
    // 160×120 let a 6000×4000 image past the pixel limit).
    void tiffImageFarBehindItsThumbnail_data()
    {
        QTest::addColumn<bool>("subIfd");
        QTest::newRow("next in the chain") << false;
        QTest::newRow("a SubIFD") << true;
    }
    void tiffImageFarBehindItsThumbnail()
    {
        QFETCH(bool, subIfd);
        const quint32 far = 200000;
        const QByteArray ifd0 = subIfd ? tiffIfd({{254, 1}, {256, 160}, {257, 120}, {262, 2}, {330, far}})
                                       : tiffIfd({{254, 1}, {256, 160}, {257, 120}, {262, 2}}, far);
        const QByteArray tiff =
            QByteArray("II*\0", 4) + le32(8) + ifd0 + QByteArray(int(far - 8 - ifd0.size()), 0) +
            tiffIfd({{254, 0}, {256, 6000}, {257, 4000}, {262, 2}, {274, 6}, {278, 16}, {273, 8}, {279, 1000}});
        compareWithWholeFile(tiff);
        ImageInfo whole;
        QCOMPARE(probeAsFile(tiff, &whole).width, 6000);
    }

    // A camera RAW's sensor directory (a SubIFD) far behind a small IFD0: still a camera RAW, not
    // the TIFF of its thumbnail.
    void rawSensorInAFarSubIfd()
    {
        const quint32 sub = 200000;
        const QByteArray ifd0 = tiffIfd({{254, 1}, {256, 160}, {257, 120}, {262, 2}, {330, sub}});
        const QByteArray raw = QByteArray("II*\0", 4) + le32(8) + ifd0 + QByteArray(int(sub - 8 - ifd0.size()), 0) +
                               tiffIfd({{254, 0}, {256, 6000}, {257, 4000}, {262, 32803}, {273, 8}, {279, 1000}});
        ImageInfo whole;
        const ImageInfo header = probeAsFile(raw, &whole);
        QCOMPARE(whole.format, ImageFormat::Raw);
        QCOMPARE(header.format, ImageFormat::Raw);
    }

    // An AVIF image sequence with its still image, whose boxes stand as ISO BMFF allows them: the
    // movie box first, the frames' data, then the meta box of the still image past the first read.
    // The head shows a sequence and no still image, which the probe refuses as a kind PixelPool
    // does not read: a refusal not to be made from the head, which would have failed the job on a
    // file whose still image is read.
    void heifMetaBoxPastTheFirstRead()
    {
        std::vector<uint8_t> still;
        QString error;
        cv::Mat picture(48, 64, CV_8UC3, cv::Scalar(40, 120, 220));
        if (!encodeImage(picture, EncodeSettings{OutputFormat::Avif, 90, 6, false}, &still, &error))
            QFAIL(qPrintable(error));
        const QByteArray avif(reinterpret_cast<const char *>(still.data()), int(still.size()));
        QList<std::pair<QByteArray, QByteArray>> boxes; // type, whole box: ftyp, meta, mdat as written
        for (int at = 0; at + 8 <= avif.size();) {
            const int size = int(qFromBigEndian<quint32>(avif.constData() + at));
            boxes.append({avif.mid(at + 4, 4), avif.mid(at, size)});
            at += size;
        }
        QCOMPARE(boxes.size(), 3);
        QCOMPARE(boxes[1].first, QByteArray("meta"));
        const auto box = [](const char *type, const QByteArray &body) {
            return be32(quint32(8 + body.size())) + QByteArray(type, 4) + body;
        };
        // A track of pictures (its handler 'pict') of two frames, in the meta box's place, the
        // frames' data where it was: the still's item locations stay true.
        const QByteArray hdlr = QByteArray(8, 0) + "pict" + QByteArray(13, 0);
        const QByteArray stsz = QByteArray(8, 0) + be32(2) + be32(100) + be32(100);
        const QByteArray moov =
            box("moov", box("trak", box("mdia", box("hdlr", hdlr) + box("minf", box("stbl", box("stsz", stsz))))));
        QVERIFY(boxes[1].second.size() >= moov.size() + 8);
        const QByteArray file = boxes[0].second + moov +
                                box("free", QByteArray(boxes[1].second.size() - moov.size() - 8, 0)) + boxes[2].second +
                                box("free", QByteArray(kHead, 0)) + boxes[1].second;
        ImageInfo whole;
        probeAsFile(file, &whole);
        QVERIFY2(whole.error.isEmpty(), qPrintable(whole.error));
        QCOMPARE(QSize(whole.width, whole.height), QSize(64, 48));
        bool judged = true;
        probeFileHeader(QFile::encodeName(m_dir.filePath(QStringLiteral("probed"))), &judged);
        QVERIFY(!judged);
    }
};

QTEST_GUILESS_MAIN(TestHeaderProbe)
#include "tst_header_probe.moc"
