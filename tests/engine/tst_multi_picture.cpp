// Files that hold more than one picture and the one PixelPool reads of them: the first of a JPEG's
// pictures (an MPF index, JPEGs joined end to end), with a warning that says what was left out; and a
// JPEG's EXIF split over APP1 segments as exiftool writes it.
#include "ImageCodec.h"
#include "Metadata.h"
#include "TestBytes.h"

#include <QtTest>
#include <array>
#include <opencv2/imgproc.hpp>

using namespace pp;
using testbytes::be16;
using testbytes::le16;
using testbytes::le32;

namespace {

const uint8_t *bytesOf(const QByteArray &b) { return reinterpret_cast<const uint8_t *>(b.constData()); }

DecodeResult decoded(const QByteArray &file, int scaleEighths = 8, bool withMetadata = false)
{
    const ImageInfo info = probeImage(bytesOf(file), size_t(file.size()));
    if (!info.error.isEmpty()) {
        DecodeResult failed;
        failed.error = QStringLiteral("probe: %1").arg(info.error);
        return failed;
    }
    return decodeImage(bytesOf(file), size_t(file.size()), info, scaleEighths, false, withMetadata);
}

// ---- JPEG ------------------------------------------------------------------------------------

QByteArray jpeg(const cv::Mat &bgr, bool progressive = false)
{
    EncodeSettings s;
    s.format = OutputFormat::Jpeg;
    s.progressive = progressive;
    std::vector<uint8_t> out;
    QString error;
    if (!encodeImage(bgr, s, &out, &error))
        qFatal("cannot encode a JPEG: %s", qPrintable(error));
    return QByteArray(reinterpret_cast<const char *>(out.data()), qsizetype(out.size()));
}

cv::Mat picture(int seed)
{
    cv::Mat m(48, 64, CV_8UC3);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<cv::Vec3b>(y, x) = {uchar(x * 4 + seed), uchar(y * 5), uchar(seed * 40)};
    return m;
}

QByteArray segment(quint8 marker, const QByteArray &payload)
{
    return QByteArray("\xff", 1) + char(marker) + be16(quint16(payload.size() + 2)) + payload;
}

// The JPEG with `segments` right after its SOI.
QByteArray withSegments(const QByteArray &jpeg, const QByteArray &segments)
{
    return jpeg.left(2) + segments + jpeg.mid(2);
}

// An MPF index (little-endian) in its APP2 segment, of these entries: attribute (flags and type),
// size, offset from the index's TIFF header.
QByteArray mpfSegment(const QList<std::array<quint32, 3>> &entries)
{
    QByteArray values;
    for (const auto &[attribute, size, offset] : entries)
        values += le32(attribute) + le32(size) + le32(offset) + le16(0) + le16(0);
    const quint32 valuesAt = 8 + 2 + 3 * 12 + 4;
    const QByteArray ifd = le16(3) + le16(0xB000) + le16(7) + le32(4) + QByteArray("0100") + le16(0xB001) + le16(4) +
                           le32(1) + le32(quint32(entries.size())) + le16(0xB002) + le16(7) +
                           le32(quint32(values.size())) + le32(valuesAt) + le32(0);
    return segment(0xE2, QByteArray("MPF\0", 4) + QByteArray("II*\0", 4) + le32(8) + ifd + values);
}

constexpr quint32 kPrimary = 0x20030000, kDisparity = 0x00020002, kLargeThumbnail = 0x00010001;

// `first` with an MPF index listing it and `second` after it, as a camera writes an MPO (the index's
// TIFF header 8 bytes into its segment, which comes right after the SOI).
QByteArray mpo(const QByteArray &first, const QByteArray &second, quint32 secondType)
{
    const int indexSize = mpfSegment({{0, 0, 0}, {0, 0, 0}}).size();
    const quint32 firstSize = quint32(first.size() + indexSize);
    const quint32 tiffAt = 2 + 8;
    const QByteArray index =
        mpfSegment({{kPrimary, firstSize, 0}, {secondType, quint32(second.size()), firstSize - tiffAt}});
    return withSegments(first, index) + second;
}

// A TIFF structure of an EXIF block whose first directory holds Make, Orientation 6, an
// ImageDescription of `description` bytes and the Artist "Ansel" stored after it.
QByteArray exifTiff(int description)
{
    const quint32 descriptionAt = 8 + 2 + 4 * 12 + 4, artistAt = descriptionAt + quint32(description);
    return QByteArray("II*\0", 4) + le32(8) + le16(4) + le16(0x010E) + le16(2) + le32(quint32(description)) +
           le32(descriptionAt) + le16(0x010F) + le16(2) + le32(4) + QByteArray("Pix\0", 4) + le16(0x0112) + le16(3) +
           le32(1) + le16(6) + le16(0) + le16(0x013B) + le16(2) + le32(6) + le32(artistAt) + le32(0) +
           QByteArray(description - 1, 'd') + QByteArray(1, 0) + QByteArray("Ansel\0", 6);
}

// The EXIF block in APP1 segments as exiftool writes one too large for a segment: the first full,
// each further one "Exif\0\0" and the next bytes.
QByteArray exifSegments(const QByteArray &tiff)
{
    constexpr int kRoom = 65533 - 6;
    QByteArray out;
    for (qsizetype at = 0; at < tiff.size(); at += kRoom)
        out += segment(0xE1, QByteArray("Exif\0\0", 6) + tiff.mid(at, kRoom));
    return out;
}

} // namespace

class TestMultiPicture : public QObject
{
    Q_OBJECT

private slots:
    // An MPO (an MPF index listing a second picture, a stereo pair's other eye): the first picture,
    // with a warning. Before, nothing was said.
    void mpfPicturesAreSaid()
    {
        const QByteArray first = jpeg(picture(1)), second = jpeg(picture(2));
        DecodeResult r = decoded(mpo(first, second, kDisparity));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.warning, QString("JPEG of 2 pictures (MPF): only the first is read"));
        QCOMPARE(cv::norm(r.image, decoded(first).image, cv::NORM_INF), 0.0);
        // A large thumbnail (a camera's preview of the same photo) is no picture of its own, nor is a
        // picture the index lists outside the file (the file cut after the first).
        r = decoded(mpo(first, second, kLargeThumbnail));
        QVERIFY2(r.warning.isEmpty(), qPrintable(r.warning));
        const QByteArray cut = mpo(first, second, kDisparity);
        r = decoded(cut.left(cut.size() - second.size()));
        QVERIFY2(r.error.isEmpty() && r.warning.isEmpty(), qPrintable(r.error + r.warning));
    }

    // JPEGs joined end to end (cat a.jpg b.jpg c.jpg): the first, with a warning that counts them,
    // also when the first is progressive and read only in part (its DC scans at 1/8, some of its
    // scans at 2/8). Before, nothing was said.
    void joinedJpegsAreSaid_data()
    {
        QTest::addColumn<bool>("progressive");
        QTest::addColumn<int>("scale");
        QTest::newRow("baseline") << false << 8;
        QTest::newRow("progressive") << true << 8;
        QTest::newRow("progressive at 1/8") << true << 1;
        QTest::newRow("progressive at 2/8") << true << 2;
    }
    void joinedJpegsAreSaid()
    {
        QFETCH(bool, progressive);
        QFETCH(int, scale);
        const QByteArray first = jpeg(picture(1), progressive), second = jpeg(picture(2)),
                         third = jpeg(picture(3), true);
        const DecodeResult alone = decoded(first, scale);
        QVERIFY2(alone.error.isEmpty() && alone.warning.isEmpty(), qPrintable(alone.error + alone.warning));
        DecodeResult r = decoded(first + second, scale);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.warning, QString("JPEG of 2 pictures (joined end to end): only the first is read"));
        QCOMPARE(r.dcOnly, alone.dcOnly);
        QCOMPARE(r.stoppedEarly, alone.stoppedEarly);
        QCOMPARE(cv::norm(r.image, alone.image, cv::NORM_INF), 0.0);
        r = decoded(first + second + third, scale);
        QCOMPARE(r.warning, QString("JPEG of 3 pictures (joined end to end): only the first is read"));
    }

    // Bytes after the EOI that are no whole JPEG stay unsaid: random ones, a JPEG cut short, an SOI
    // alone.
    void trailingBytesAreNoPicture()
    {
        const QByteArray first = jpeg(picture(1)), second = jpeg(picture(2));
        QByteArray noise(3000, 0);
        for (int i = 0; i < noise.size(); ++i)
            noise[i] = char((i * 7919) >> 3);
        for (const QByteArray &after :
             {noise, second.left(second.size() / 2), QByteArray("\xff\xd8\xff\xd9", 4), QByteArray("\xff\xd8", 2)}) {
            const DecodeResult r = decoded(first + after);
            QVERIFY2(r.error.isEmpty() && r.warning.isEmpty(), qPrintable(r.error + r.warning));
        }
    }

    // exiftool writes an EXIF block too large for one APP1 segment over several, the further ones
    // "Exif\0\0" and the block's next bytes: it is read whole, as exiftool reads it. Before, the
    // first segment alone was the block (its tags past 64 KB lost) and the second warned "EXIF left
    // out: This does not look like a TIFF image".
    void exifOverTwoSegmentsIsJoined()
    {
        const QByteArray tiff = exifTiff(70000);
        QVERIFY(tiff.size() > 65527 && tiff.size() < 2 * 65527);
        const QByteArray file = withSegments(jpeg(picture(1)), exifSegments(tiff));
        const DecodeResult r = decoded(file, 8, true);
        QVERIFY2(r.error.isEmpty() && r.warning.isEmpty(), qPrintable(r.error + r.warning));
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(r.metadata.exif.data()), qsizetype(r.metadata.exif.size())),
                 tiff);
        QVERIFY(r.metadata.moreExif.empty());
        MetadataRequest request;
        request.format = OutputFormat::Png; // EXIF up to 1 MB
        request.size = {64, 48};
        QStringList warnings = r.metadata.warnings;
        const OutputMetadata out = prepareMetadata(r.metadata, request, &warnings);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join("; ")));
        QVERIFY(QByteArray::fromRawData(reinterpret_cast<const char *>(out.exif.data()), qsizetype(out.exif.size()))
                    .contains("Ansel"));
        // A block of its own after it (a TIFF header of its own) is a further block, as before.
        const QByteArray twice = withSegments(
            jpeg(picture(1)), exifSegments(tiff) + segment(0xE1, QByteArray("Exif\0\0", 6) + exifTiff(10)));
        const DecodeResult r2 = decoded(twice, 8, true);
        QCOMPARE(r2.metadata.exif.size(), size_t(tiff.size()));
        QCOMPARE(r2.metadata.moreExif.size(), size_t(1));
        QCOMPARE(r2.metadata.moreExif.front().size(), size_t(exifTiff(10).size()));
    }

    // Joined, a block is bounded as any EXIF block is: past 1 MB it is left out, said so, and the
    // segments after it are not kept.
    void joinedExifIsBounded()
    {
        const QByteArray tiff = exifTiff(int(kMaxExifBytes) + 1000);
        const QByteArray file = withSegments(jpeg(picture(1)), exifSegments(tiff));
        const DecodeResult r = decoded(file, 8, true);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.metadata.exif.empty());
        QVERIFY(r.metadata.moreExif.empty());
        QCOMPARE(r.metadata.warnings,
                 QStringList{QString("EXIF left out: %1 bytes is larger than any real block").arg(tiff.size())});
    }
};

QTEST_GUILESS_MAIN(TestMultiPicture)
#include "tst_multi_picture.moc"
