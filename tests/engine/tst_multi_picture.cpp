// Files that hold more than one picture and the one PixelPool reads of them: an animated WebP's first
// frame, the first of a JPEG's pictures (an MPF index, JPEGs joined end to end), each with a warning
// that says what was left out; and a JPEG's EXIF split over APP1 segments as exiftool writes it.
#include "ImageCodec.h"
#include "Metadata.h"
#include "TestBytes.h"

#include <QtTest>
#include <array>
#include <opencv2/imgproc.hpp>
#include <webp/demux.h>
#include <webp/encode.h>
#include <webp/mux.h>

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

// ---- WebP ------------------------------------------------------------------------------------

struct Frame {
    cv::Mat bgra;
    int x = 0, y = 0; // even: the container halves them
    bool blend = true;
};

QByteArray losslessWebp(const cv::Mat &bgra)
{
    uint8_t *out = nullptr;
    const size_t n = WebPEncodeLosslessBGRA(bgra.data, bgra.cols, bgra.rows, int(bgra.step), &out);
    const QByteArray file(reinterpret_cast<const char *>(out), qsizetype(n));
    WebPFree(out);
    return file;
}

// An animation on a canvas, assembled by libwebpmux frame by frame (each lossless, where it is
// put), with these chunks added (EXIF, XMP…).
QByteArray webpAnimation(cv::Size canvas, const std::vector<Frame> &frames,
                         const std::vector<std::pair<const char *, QByteArray>> &chunks = {})
{
    WebPMux *mux = WebPMuxNew();
    WebPMuxSetCanvasSize(mux, canvas.width, canvas.height);
    const WebPMuxAnimParams params{0x00000000, 0};
    WebPMuxSetAnimationParams(mux, &params);
    for (const Frame &f : frames) {
        const QByteArray still = losslessWebp(f.bgra);
        WebPMuxFrameInfo info{};
        info.bitstream = {bytesOf(still), size_t(still.size())};
        info.x_offset = f.x;
        info.y_offset = f.y;
        info.duration = 100;
        info.id = WEBP_CHUNK_ANMF;
        info.dispose_method = WEBP_MUX_DISPOSE_NONE;
        info.blend_method = f.blend ? WEBP_MUX_BLEND : WEBP_MUX_NO_BLEND;
        if (WebPMuxPushFrame(mux, &info, 1) != WEBP_MUX_OK)
            qFatal("cannot add a frame");
    }
    for (const auto &[fourcc, bytes] : chunks) {
        const WebPData d{bytesOf(bytes), size_t(bytes.size())};
        WebPMuxSetChunk(mux, fourcc, &d, 1);
    }
    WebPData assembled;
    WebPDataInit(&assembled);
    if (WebPMuxAssemble(mux, &assembled) != WEBP_MUX_OK)
        qFatal("cannot assemble the animation");
    const QByteArray file(reinterpret_cast<const char *>(assembled.bytes), qsizetype(assembled.size));
    WebPDataClear(&assembled);
    WebPMuxDelete(mux);
    return file;
}

// The first frame as libwebp's WebPAnimDecoder gives it (BGRA, the whole canvas).
cv::Mat animDecoderFirstFrame(const QByteArray &file)
{
    WebPAnimDecoderOptions options;
    WebPAnimDecoderOptionsInit(&options);
    options.color_mode = MODE_BGRA;
    const WebPData data{bytesOf(file), size_t(file.size())};
    WebPAnimDecoder *decoder = WebPAnimDecoderNew(&data, &options);
    WebPAnimInfo info;
    uint8_t *pixels = nullptr;
    int timestamp = 0;
    cv::Mat out;
    if (decoder && WebPAnimDecoderGetInfo(decoder, &info) && WebPAnimDecoderGetNext(decoder, &pixels, &timestamp))
        out = cv::Mat(int(info.canvas_height), int(info.canvas_width), CV_8UC4, pixels).clone();
    WebPAnimDecoderDelete(decoder);
    return out;
}

cv::Mat solid(cv::Size size, cv::Scalar bgra) { return cv::Mat(size, CV_8UC4, bgra); }

// A gradient with a transparent corner, so that a frame's own alpha shows.
cv::Mat gradient(cv::Size size)
{
    cv::Mat m(size, CV_8UC4);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            m.at<cv::Vec4b>(y, x) = {uchar(x * 9), uchar(y * 11), uchar(200 - x - y), uchar(x + y < 6 ? 0 : 255)};
    return m;
}

// The chunk of `fourcc` first met in a RIFF file (header included), or empty.
QByteArray riffChunk(const QByteArray &file, const char *fourcc)
{
    for (qsizetype pos = 12; pos + 8 <= file.size();) {
        const quint32 length = qFromLittleEndian<quint32>(file.constData() + pos + 4);
        const qsizetype whole = 8 + qsizetype(length) + (length & 1);
        if (file.mid(pos, 4) == fourcc)
            return file.mid(pos, whole);
        pos += whole;
    }
    return {};
}

// The file with `extra` inserted after the chunk `after`, its RIFF size made right.
QByteArray withChunksAfter(QByteArray file, const char *after, const QByteArray &extra)
{
    const QByteArray chunk = riffChunk(file, after);
    file.insert(file.indexOf(chunk) + chunk.size(), extra);
    return file.replace(4, 4, le32(quint32(file.size() - 8)));
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
    // An animation gives its first frame on its canvas, exactly as libwebp's WebPAnimDecoder gives
    // it, with a warning that says how many frames there are. It was refused as not supported.
    void animatedWebpGivesItsFirstFrame()
    {
        const cv::Size canvas(40, 30);
        const QByteArray file = webpAnimation(canvas, {{gradient({20, 12}), 4, 6},
                                                       {solid({40, 30}, {0, 0, 255, 255}), 0, 0},
                                                       {solid({10, 10}, {0, 255, 0, 128}), 2, 2}});
        const DecodeResult r = decoded(file);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.warning, QString("animated WebP of 3 frames: only the first is read"));
        QVERIFY(!r.corrupt);
        QVERIFY(r.lossless);
        QCOMPARE(r.image.type(), CV_8UC4);
        const cv::Mat expected = animDecoderFirstFrame(file);
        QCOMPARE(expected.size(), canvas);
        QCOMPARE(cv::norm(r.image, expected, cv::NORM_INF), 0.0);
        // Around the frame the canvas is transparent black; the frame keeps its own alpha.
        QCOMPARE(r.image.at<cv::Vec4b>(0, 0), cv::Vec4b(0, 0, 0, 0));
        QCOMPARE(r.image.at<cv::Vec4b>(6, 4)[3], uchar(0));
        QCOMPARE(r.image.at<cv::Vec4b>(17, 23), gradient({20, 12}).at<cv::Vec4b>(11, 19));
    }

    // One frame that covers the canvas without alpha: colour, as that still image would be, and no
    // warning (an animation of one frame leaves nothing out).
    void oneFrameAnimationWithoutWarning()
    {
        cv::Mat opaque;
        cv::cvtColor(cv::Mat(gradient({24, 16}) + cv::Scalar(0, 0, 0, 255)), opaque, cv::COLOR_BGRA2BGR);
        cv::Mat frame;
        cv::cvtColor(opaque, frame, cv::COLOR_BGR2BGRA);
        // (libwebpmux writes a still image of a single frame: an animation of two, the second dropped.)
        QByteArray file = webpAnimation({24, 16}, {{frame, 0, 0, false}, {frame, 0, 0, false}});
        const QByteArray second = riffChunk(file, "ANMF");
        file.remove(file.lastIndexOf(second), second.size());
        file.replace(4, 4, le32(quint32(file.size() - 8)));
        QVERIFY(!riffChunk(file, "ANMF").isEmpty());
        const DecodeResult r = decoded(file);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY2(r.warning.isEmpty(), qPrintable(r.warning));
        QCOMPARE(r.image.type(), CV_8UC3);
        QCOMPARE(cv::norm(r.image, opaque, cv::NORM_INF), 0.0);
    }

    // The metadata chunks after the frames are read as a still image's are, and the probe's
    // orientation is the EXIF's.
    void animatedWebpKeepsItsMetadata()
    {
        const QByteArray tiff = exifTiff(100);
        const QByteArray xmp("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>");
        const QByteArray file = webpAnimation({40, 30}, {{gradient({20, 12}), 4, 6}, {gradient({8, 8}), 0, 0}},
                                              {{"EXIF", tiff}, {"XMP ", xmp}});
        QCOMPARE(probeImage(bytesOf(file), size_t(file.size())).exifOrientation, 6);
        const DecodeResult r = decoded(file, 8, true);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(r.metadata.exif.data()), qsizetype(r.metadata.exif.size())),
                 tiff);
        QCOMPARE(QByteArray::fromStdString(r.metadata.xmp), xmp);
        QVERIFY2(r.metadata.warnings.isEmpty(), qPrintable(r.metadata.warnings.join("; ")));
    }

    // The frames after the first are counted by their chunk headers, never parsed or decoded: 20000
    // of them, the later ones no WebP at all, still give the first frame and their count.
    void framesAfterTheFirstAreOnlyCounted()
    {
        const QByteArray one = webpAnimation({40, 30}, {{gradient({20, 12}), 4, 6}});
        QByteArray more;
        for (int i = 1; i < 20000; ++i)
            more += "ANMF" + le32(16) + QByteArray(16, char(i));
        const QByteArray file = withChunksAfter(one, "ANMF", more);
        const DecodeResult r = decoded(file);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.warning, QString("animated WebP of 20000 frames: only the first is read"));
        QCOMPARE(cv::norm(r.image, animDecoderFirstFrame(one), cv::NORM_INF), 0.0);
    }

    // A first frame that cannot be read is damage, said so; an animation claiming a canvas beyond
    // the frame's is checked against the size the probe read.
    void damagedAnimatedWebp()
    {
        const QByteArray one = webpAnimation({40, 30}, {{gradient({20, 12}), 4, 6}});
        QByteArray broken = one;
        const QByteArray frame = riffChunk(one, "ANMF");
        broken.replace(broken.indexOf(frame) + 8 + 16 + 8, 6, QByteArray(6, '\x7f')); // the bitstream's header
        DecodeResult r = decoded(broken);
        QVERIFY(r.image.empty());
        QVERIFY(r.corrupt);
        QVERIFY2(r.error.startsWith("damaged animated WebP: "), qPrintable(r.error));
        // No frame at all.
        QByteArray none = one;
        none.remove(none.indexOf(frame), frame.size());
        none.replace(4, 4, le32(quint32(none.size() - 8)));
        r = decoded(none);
        QVERIFY(r.image.empty());
        QCOMPARE(r.error, QString("damaged animated WebP: it has no frame"));
    }

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
