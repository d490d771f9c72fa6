// A JPEG's EXIF split over APP1 segments as exiftool writes it: read joined.
#include "ImageCodec.h"
#include "Metadata.h"
#include "TestBytes.h"

#include <QtTest>
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
