// PixelPool's AV1 and HEVC decoders for libheif (shared/image/codecs/HeifAv1Decoder.h,
// HeifHevcDecoder.h), against libheif's own dav1d and libde265 plug-ins: the same planes, bit for
// bit, for every layout and depth an AVIF or HEIC comes in and the committed seeds (a layered AV1
// stream, a hidden frame then a shown one, HEVC grids, overlays, transforms); coded images of no
// bytes, cut short or damaged fail with their reason. (libheif's dav1d plug-in leaked dav1d's
// reference to a stream of no bytes: tests/fuzz/regressions/decode/ holds that file, replayed under
// LeakSanitizer; its libde265 plug-in handed over damaged HEVC data decoded to garbage.)
#include "HeifTestOutput.h"
#include "HeifAv1Decoder.h"
#include "HeifHevcDecoder.h"
#include "ImageCodec.h"

#include <QDir>
#include <QFile>
#include <QtTest>
#include <cstring>
#include <libheif/heif.h>
#include <libheif/heif_plugin.h>

using Bytes = std::vector<uint8_t>;
using pp::codecs::av1DecoderPlugin;
using pp::codecs::hevcDecoderPlugin;

namespace {

// An AVIF (aom) or a HEIC (x265) of w×h made by libheif: YCbCr `chroma` ("420", "422", "444") or
// monochrome, `bits` deep, of a gradient with some detail (every plane varies).
Bytes encode(heif_compression_format format, int w, int h, const char *chroma, int bits, bool mono)
{
    heif_context *ctx = heif_context_alloc();
    heif_encoder *encoder = nullptr;
    if (heif_context_get_encoder_for_format(ctx, format, &encoder).code != heif_error_Ok)
        qFatal("no encoder");
    heif_encoder_set_lossy_quality(encoder, 80);
    if (format == heif_compression_AV1)
        heif_encoder_set_parameter_integer(encoder, "speed", 8);
    if (!mono)
        heif_encoder_set_parameter(encoder, "chroma", chroma);
    heif_image *image = nullptr;
    if (mono) {
        heif_image_create(w, h, heif_colorspace_monochrome, heif_chroma_monochrome, &image);
        heif_image_add_plane(image, heif_channel_Y, w, h, bits);
    } else {
        heif_image_create(w, h, heif_colorspace_RGB,
                          bits > 8 ? heif_chroma_interleaved_RRGGBB_LE : heif_chroma_interleaved_RGB, &image);
        heif_image_add_plane(image, heif_channel_interleaved, w, h, bits);
    }
    int stride = 0;
    uint8_t *plane = heif_image_get_plane(image, mono ? heif_channel_Y : heif_channel_interleaved, &stride);
    const int channels = mono ? 1 : 3, top = (1 << bits) - 1;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c) {
                const int v = (x * top / std::max(1, w - 1) * (c + 1) + y * top / std::max(1, h - 1) +
                               ((x / 3 + y / 2) % 2) * top / 8) %
                              (top + 1);
                uint8_t *at = plane + size_t(y) * size_t(stride) + size_t(x * channels + c) * (bits > 8 ? 2 : 1);
                if (bits > 8) {
                    at[0] = uint8_t(v & 0xff);
                    at[1] = uint8_t(v >> 8);
                } else {
                    at[0] = uint8_t(v);
                }
            }
    const heif_error e = heif_context_encode_image(ctx, image, encoder, nullptr, nullptr);
    if (e.code != heif_error_Ok)
        qFatal("libheif could not encode a %dx%d picture (%s, %d bits%s): %s", w, h, chroma, bits, mono ? ", grey" : "",
               e.message);
    const Bytes out = testheif::written(ctx);
    heif_image_release(image);
    heif_encoder_release(encoder);
    heif_context_free(ctx);
    return out;
}

// The primary image as libheif hands it over in the colour space of its choice (converted with the
// colour description the plug-in read from the stream where the file has none), one string of
// bytes per plane (rows without their padding), decoded by PixelPool's plug-in or by libheif's own;
// empty with *error set when it fails.
std::vector<QByteArray> decodedPlanes(const Bytes &file, bool ours, QString *error)
{
    std::vector<QByteArray> planes;
    heif_context *ctx = heif_context_alloc();
    if (ours) {
        heif_register_decoder(ctx, av1DecoderPlugin());
        heif_register_decoder(ctx, hevcDecoderPlugin());
    }
    heif_image_handle *h = nullptr;
    heif_image *image = nullptr;
    heif_error e = heif_context_read_from_memory_without_copy(ctx, file.data(), file.size(), nullptr);
    if (e.code == heif_error_Ok)
        e = heif_context_get_primary_image_handle(ctx, &h);
    if (e.code == heif_error_Ok)
        e = heif_decode_image(h, &image, heif_colorspace_undefined, heif_chroma_undefined, nullptr);
    if (e.code != heif_error_Ok) {
        *error = QString::fromUtf8(e.message);
    } else {
        for (const heif_channel c : {heif_channel_Y, heif_channel_Cb, heif_channel_Cr, heif_channel_R, heif_channel_G,
                                     heif_channel_B, heif_channel_interleaved, heif_channel_Alpha}) {
            if (!heif_image_has_channel(image, c))
                continue;
            int stride = 0;
            const uint8_t *p = heif_image_get_plane_readonly(image, c, &stride);
            const int w = heif_image_get_width(image, c), rows = heif_image_get_height(image, c);
            const int bytes = w * ((heif_image_get_bits_per_pixel_range(image, c) + 7) / 8);
            QByteArray plane;
            for (int y = 0; y < rows; ++y)
                plane.append(reinterpret_cast<const char *>(p) + ptrdiff_t(y) * stride, bytes);
            planes.push_back(plane);
        }
    }
    heif_image_release(image);
    heif_image_handle_release(h);
    heif_context_free(ctx);
    return planes;
}

Bytes readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    const QByteArray b = f.readAll();
    return Bytes(b.begin(), b.end());
}

// A plug-in's own answer to this stream (as libheif would push it), or its error message.
QString decodeStream(const heif_decoder_plugin *plugin, const Bytes &stream)
{
    void *decoder = nullptr;
    if (plugin->new_decoder(&decoder).code != heif_error_Ok)
        return QStringLiteral("no decoder");
    plugin->push_data(decoder, stream.data(), stream.size());
    heif_image *image = nullptr;
    const heif_error e = plugin->decode_image(decoder, &image);
    plugin->free_decoder(decoder);
    heif_image_release(image);
    return e.code == heif_error_Ok ? QStringLiteral("decoded") : QString::fromUtf8(e.message);
}

} // namespace

Q_DECLARE_METATYPE(Bytes)

class TestHeifDecoders : public QObject
{
    Q_OBJECT

private slots:
    void eachIsChosenForItsFormatOnly()
    {
        QCOMPARE(av1DecoderPlugin()->plugin_api_version, 3);
        QVERIFY(av1DecoderPlugin()->does_support_format(heif_compression_AV1) > 150); // above libheif's dav1d
        QCOMPARE(av1DecoderPlugin()->does_support_format(heif_compression_HEVC), 0);
        QCOMPARE(hevcDecoderPlugin()->plugin_api_version, 3);
        QVERIFY(hevcDecoderPlugin()->does_support_format(heif_compression_HEVC) > 100); // above libde265's
        QCOMPARE(hevcDecoderPlugin()->does_support_format(heif_compression_AV1), 0);
    }

    void thePlanesAreLibheifsOwn_data()
    {
        QTest::addColumn<Bytes>("file");
        struct Layout {
            const char *chroma;
            int bits;
            bool mono;
        };
        // 10 bits in colour in 4:2:2 only, grey in 8 bits only: libheif 1.15's aom asserts on 10-bit
        // 4:4:4 and 4:2:0 and fails a 10-bit grey frame (the seeds hold 10-bit 4:2:0 and 4:4:4 ones).
        for (const Layout l : {Layout{"420", 8, false}, Layout{"422", 8, false}, Layout{"444", 8, false},
                               Layout{"422", 10, false}, Layout{"", 8, true}})
            for (const QSize s : {QSize(64, 48), QSize(37, 23)}) // odd: chroma planes round up
                QTest::addRow("AVIF %s %d bits %dx%d", l.mono ? "grey" : l.chroma, l.bits, s.width(), s.height())
                    << encode(heif_compression_AV1, s.width(), s.height(), l.chroma, l.bits, l.mono);
        for (const Layout l : {Layout{"420", 8, false}, Layout{"422", 8, false}, Layout{"444", 8, false},
                               Layout{"420", 10, false}, Layout{"444", 10, false}, Layout{"", 8, true}})
            for (const QSize s : {QSize(64, 48), QSize(37, 23)})
                QTest::addRow("HEIC %s %d bits %dx%d", l.mono ? "grey" : l.chroma, l.bits, s.width(), s.height())
                    << encode(heif_compression_HEVC, s.width(), s.height(), l.chroma, l.bits, l.mono);
        QTest::newRow("kite-phone.heic") << readFile(PIXELPOOL_SAMPLES "/kite-phone.heic");
        const QDir seeds(PIXELPOOL_DECODE_SEEDS);
        for (const QString &name : seeds.entryList({"avif_*.avif", "heic_*.heic"}, QDir::Files, QDir::Name)) {
            QTest::addRow("%s", qPrintable(name)) << readFile(seeds.filePath(name));
        }
    }
    void thePlanesAreLibheifsOwn()
    {
        QFETCH(Bytes, file);
        QString theirError, ourError;
        const std::vector<QByteArray> theirs = decodedPlanes(file, false, &theirError);
        const std::vector<QByteArray> ours = decodedPlanes(file, true, &ourError);
        QVERIFY2(theirError.isEmpty(), qPrintable(theirError));
        QVERIFY2(ourError.isEmpty(), qPrintable(ourError));
        QVERIFY(!ours.empty());
        QCOMPARE(ours.size(), theirs.size());
        for (size_t i = 0; i < ours.size(); ++i)
            QVERIFY2(ours[i] == theirs[i], qPrintable(QString("plane %1 differs").arg(i)));
    }

    // A coded image of no bytes (an item whose extent is empty, with no configuration OBUs) and a
    // stream that is not AV1 fail with their reason; a real stream decodes.
    void streamsThatHoldNoPictureFail()
    {
        const heif_decoder_plugin *av1 = av1DecoderPlugin();
        QCOMPARE(decodeStream(av1, {}), QStringLiteral("its coded image holds no AV1 data"));
        QCOMPARE(decodeStream(av1, Bytes(64, 0x42)), QStringLiteral("damaged AV1 stream (dav1d could not decode it)"));
        QCOMPARE(decodeStream(av1, Bytes{0x12, 0x00}),
                 QStringLiteral("the AV1 stream holds no picture")); // a delimiter
        const heif_decoder_plugin *hevc = hevcDecoderPlugin();
        QCOMPARE(decodeStream(hevc, {}), QStringLiteral("its coded image holds no HEVC data"));
        QCOMPARE(decodeStream(hevc, Bytes{0, 0, 0, 9, 0x40, 0x01}),
                 QStringLiteral("its HEVC data is cut short (a NAL unit runs past its end)"));
        QCOMPARE(decodeStream(hevc, Bytes{0, 0, 0, 2, 0x4e, 0x01}), // an SEI header, nothing else
                 QStringLiteral("its HEVC data holds no picture"));
        for (const heif_compression_format f : {heif_compression_AV1, heif_compression_HEVC}) {
            QString error;
            QVERIFY2(!decodedPlanes(encode(f, 16, 16, "420", 8, false), true, &error).empty(), qPrintable(error));
        }
    }

    // A bit flipped in an AVIF's sequence header: its colour decodes at 640×432 beside its alpha
    // plane of 640×400, which libheif cannot join ("Unsupported feature: Unsupported color
    // conversion", code unsupported, as if the format were one PixelPool does not read). Damaged.
    void picturesOfDifferentSizesAreDamage()
    {
        const Bytes file =
            readFile(PIXELPOOL_DECODE_REGRESSIONS
                     "/avif-bit-flipped-in-its-sequence-header-colour-640x432-beside-alpha-640x400.avif");
        const pp::ImageInfo info = pp::probeImage(file.data(), file.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        const pp::DecodeResult d = pp::decodeImage(file.data(), file.size(), info, 8, false, true);
        QCOMPARE(d.error, QStringLiteral("damaged AVIF: its pictures decode at different sizes (640×432 and 640×400)"));
        QVERIFY(d.corrupt);
    }

    // A file cut short: inside its boxes, or inside its image data. libheif's words named a position
    // that is not the file's end ("Extent in iloc box references data outside of file bounds (points
    // to file position 424)") or a missing 'meta' box.
    void aFileCutShortSaysSo_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("error");
        QTest::newRow("in its boxes") << 200
                                      << "damaged or unsupported HEIF: no 'meta' box, which describes its images "
                                         "(200 bytes): cut short or damaged";
        QTest::newRow("in its image data")
            << 60000
            << "damaged or unsupported HEIF: its image data lies past the end of the file (60000 bytes): "
               "cut short or damaged";
    }
    void aFileCutShortSaysSo()
    {
        QFETCH(int, length);
        QFETCH(QString, error);
        Bytes file = readFile(PIXELPOOL_SAMPLES "/kite-phone.heic");
        file.resize(size_t(length));
        QCOMPARE(pp::probeImage(file.data(), file.size()).error, error);
    }

    // HEVC slice data damaged in the middle (one byte of kite-phone.heic's coded picture inverted): libde265
    // decodes it into blocks of wrong colour and says so only in a warning, which libheif's plug-in
    // never read: the image was written garbled and reported done. It fails as damaged HEVC data.
    void damagedHevcDataFails()
    {
        Bytes file = readFile(PIXELPOOL_SAMPLES "/kite-phone.heic");
        const Bytes mdat = {'m', 'd', 'a', 't'};
        const auto at = std::search(file.begin(), file.end(), mdat.begin(), mdat.end());
        QVERIFY(at != file.end());
        const size_t middle = size_t(at - file.begin()) + (file.end() - at) / 2;
        QString before;
        QVERIFY2(!decodedPlanes(file, true, &before).empty(), qPrintable(before));
        file[middle] ^= 0xff;
        QString theirs, ours;
        QVERIFY(!decodedPlanes(file, false, &theirs).empty()); // libheif's plug-in: a picture, garbled
        QVERIFY(decodedPlanes(file, true, &ours).empty());
        QVERIFY2(ours.contains("damaged HEVC data ("), qPrintable(ours));
        const pp::ImageInfo info = pp::probeImage(file.data(), file.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        const pp::DecodeResult d = pp::decodeImage(file.data(), file.size(), info, 8, false, true);
        QVERIFY2(d.error.startsWith("HEIF: damaged HEVC data ("), qPrintable(d.error));
        QVERIFY(d.corrupt);
    }

    // Through the HEIF codec, the plug-in's words are the reason, without the names libheif puts
    // before them (before: "AVIF: Decoder plugin generated an error: Unspecified" and a leak).
    void anEmptyCodedImageFailsWithItsReason()
    {
        QFile f(PIXELPOOL_DECODE_REGRESSIONS "/avif-coded-image-of-no-bytes-leaked-in-libheifs-dav1d-plugin.avif");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray b = f.readAll();
        const auto *data = reinterpret_cast<const uint8_t *>(b.constData());
        const pp::ImageInfo info = pp::probeImage(data, size_t(b.size()));
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        const pp::DecodeResult d = pp::decodeImage(data, size_t(b.size()), info, 8, false, true);
        QCOMPARE(d.error, QStringLiteral("AVIF: its coded image holds no AV1 data"));
        QVERIFY(d.corrupt);
    }
};

QTEST_GUILESS_MAIN(TestHeifDecoders)
#include "tst_heif_decoders.moc"
