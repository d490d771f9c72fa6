// Faithful outputs: metadata (EXIF, XMP, IPTC, resolution) kept, made true and filtered by policy,
// and colour profiles kept byte for byte or converted to sRGB. The test makes its own camera-like
// files with exiv2 and its own profiles with lcms2, runs real jobs through JobExecutor and reads
// the outputs back with exiv2 and lcms2.
#include "ColourManagement.h"
#include "ImageCodec.h"
#include "JobExecutor.h"
#include "JobRunner.h"
#include "Operations.h"
#include "OneJob.h"
#include "PhotoFixtures.h"
#include "PngText.h"

#include <QJsonDocument>
#include <QtEndian>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>
#include <functional>
#include <tuple>
#include <exiv2/exiv2.hpp>
#include <libheif/heif.h>
#include <lcms2.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <png.h>
#include <zlib.h>

using namespace pp;

using namespace pp::testphotos;

namespace {

struct Written {
    bool ok = false;
    QString warning, error;
    Bytes bytes;
    cv::Mat pixels;
    Exiv2::ExifData exif;
    Exiv2::IptcData iptc;
    Exiv2::XmpData xmp;
    std::string xmpPacket;
    Bytes icc;
    cv::Size reported; // the size the finished event says
};

// A PNG written by libpng (8-bit grey or RGB) with the chunks `chunks` sets on its info.
Bytes pngWith(const cv::Mat &pixels, const std::function<void(png_structp, png_infop)> &chunks, bool interlaced = false)
{
    Bytes out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    png_set_write_fn(
        png, &out,
        [](png_structp p, png_bytep data, png_size_t n) {
            auto *o = static_cast<Bytes *>(png_get_io_ptr(p));
            o->insert(o->end(), data, data + n);
        },
        nullptr);
    png_set_IHDR(png, info, png_uint_32(pixels.cols), png_uint_32(pixels.rows), 8,
                 pixels.channels() == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    chunks(png, info);
    png_write_info(png, info);
    if (pixels.channels() == 3)
        png_set_bgr(png);
    const int passes = interlaced ? png_set_interlace_handling(png) : 1;
    for (int pass = 0; pass < passes; ++pass)
        for (int y = 0; y < pixels.rows; ++y)
            png_write_row(png, pixels.ptr<uint8_t>(y));
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

// With a gAMA chunk (and a cHRM one when `chromaticities` is given: white, red, green, blue x, y),
// and no iCCP or sRGB chunk.
Bytes pngWithGamma(const cv::Mat &pixels, double gamma, const double *chromaticities)
{
    return pngWith(pixels, [&](png_structp png, png_infop info) {
        png_set_gAMA(png, info, gamma);
        if (const double *c = chromaticities)
            png_set_cHRM(png, info, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    });
}

// With an XMP packet in its iTXt chunk.
Bytes pngWithXmp(const cv::Mat &pixels, const std::string &xmp)
{
    return pngWith(pixels, [&](png_structp png, png_infop info) {
        png_text text{};
        text.compression = PNG_ITXT_COMPRESSION_NONE;
        text.key = const_cast<char *>("XML:com.adobe.xmp");
        text.text = const_cast<char *>(xmp.c_str());
        text.itxt_length = xmp.size();
        png_set_text(png, info, &text, 1);
    });
}

// An EXIF block with a camera's make and date and `key` (MakerNote, UserComment, ImageDescription)
// `bytes` long. Serialised whole: exiv2's ExifParser::encode would drop the tag from a block over 64 KB.
Bytes exifWithLargeTag(const std::string &key, int bytes)
{
    Exiv2::ExifData exif;
    exif["Exif.Image.Make"] = "PixelCam";
    exif["Exif.Photo.DateTimeOriginal"] = "2024:05:06 07:08:09";
    if (key == "Exif.Photo.MakerNote") { // a maker's note exiv2 does not know: kept as bytes
        const Bytes note(size_t(bytes), 0x01);
        Exiv2::DataValue value(Exiv2::undefined);
        value.read(note.data(), long(note.size()));
        exif.add(Exiv2::ExifKey(key), &value);
    } else if (key == "Exif.Photo.UserComment") {
        exif[key] = "charset=Ascii " + std::string(size_t(bytes) - 8, 'c'); // 8 bytes say the charset
    } else {
        exif[key] = std::string(size_t(bytes) - 1, 'd'); // and its NUL
    }
    Exiv2::MemIo io;
    Exiv2::TiffParser::encode(io, nullptr, 0, Exiv2::littleEndian, exif, Exiv2::IptcData(), Exiv2::XmpData());
    return Bytes(io.mmap(), io.mmap() + io.size());
}

// A PNG text entry as libpng reads it back: keyword, text, chunk kind (PNG_TEXT_COMPRESSION_NONE:
// tEXt, _zTXt: zTXt, PNG_ITXT_COMPRESSION_NONE/_zTXt: iTXt), language tag and translated keyword.
struct PngTextChunk {
    QString key, text;
    int compression;
    QString language, translatedKey;
};
std::vector<PngTextChunk> pngTextChunks(const Bytes &file)
{
    std::vector<PngTextChunk> out;
    struct Source {
        const Bytes *bytes;
        size_t pos = 0;
    } source{&file};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return {};
    }
    png_set_read_fn(png, &source, [](png_structp p, png_bytep data, png_size_t n) {
        auto *s = static_cast<Source *>(png_get_io_ptr(p));
        if (n > s->bytes->size() - s->pos)
            png_error(p, "cut");
        std::memcpy(data, s->bytes->data() + s->pos, n);
        s->pos += n;
    });
    png_read_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
    png_textp texts = nullptr;
    const int count = png_get_text(png, info, &texts, nullptr);
    for (int i = 0; i < count; ++i) {
        const png_text &t = texts[i];
        const bool international = t.compression >= PNG_ITXT_COMPRESSION_NONE;
        const QByteArray text(t.text, qsizetype(international ? t.itxt_length : t.text_length));
        out.push_back({QString::fromLatin1(t.key), international ? QString::fromUtf8(text) : QString::fromLatin1(text),
                       t.compression, international ? QString::fromLatin1(t.lang) : QString(),
                       international ? QString::fromUtf8(t.lang_key) : QString()});
    }
    png_destroy_read_struct(&png, &info, nullptr);
    return out;
}

// A text chunk as bytes, for chunks libpng would not write (damaged ones, bombs).
QByteArray pngChunk(const char *type, const QByteArray &data)
{
    QByteArray out(4, '\0');
    qToBigEndian(quint32(data.size()), out.data());
    const QByteArray typed = QByteArray(type) + data;
    QByteArray crc(4, '\0');
    qToBigEndian(quint32(::crc32(0, reinterpret_cast<const Bytef *>(typed.constData()), uInt(typed.size()))),
                 crc.data());
    return out + typed + crc;
}

// The chunks put in after a PNG's IHDR.
Bytes withChunks(const Bytes &png, const QByteArray &chunks)
{
    Bytes out = png;
    out.insert(out.begin() + 33, chunks.begin(), chunks.end());
    return out;
}

// A camera's JPEG of `pixels` whose EXIF says its colour space as DCF cameras do: ColorSpace
// (1 sRGB, 0xFFFF uncalibrated) and, unless `index` is empty, the Interoperability index ("R98"
// sRGB, "R03" Adobe RGB); the profile `icc` when not empty.
Bytes dcfJpeg(const cv::Mat &pixels, uint16_t colorSpace, const char *index, const Bytes &icc)
{
    Bytes jpeg = encoded(pixels, OutputFormat::Jpeg);
    auto image = Exiv2::ImageFactory::open(jpeg.data(), long(jpeg.size()));
    image->readMetadata();
    Exiv2::ExifData exif;
    exif["Exif.Image.Make"] = "PixelCam";
    exif["Exif.Photo.ColorSpace"] = colorSpace;
    exif["Exif.Photo.PixelXDimension"] = uint32_t(pixels.cols);
    exif["Exif.Photo.PixelYDimension"] = uint32_t(pixels.rows);
    if (*index) {
        exif["Exif.Iop.InteroperabilityIndex"] = index;
        exif["Exif.Iop.InteroperabilityVersion"] = "48 49 48 48";
    }
    image->setExifData(exif);
    Exiv2::XmpData xmp;
    xmp["Xmp.exif.ColorSpace"] = std::to_string(colorSpace);
    image->setXmpData(xmp);
    if (!icc.empty()) {
        Exiv2::DataBuf buf(icc.data(), long(icc.size()));
        image->setIccProfile(buf);
    }
    Bytes out = writtenBytes(*image);
    return out;
}

QByteArray zlibCompressed(const QByteArray &data)
{
    uLongf size = compressBound(uLong(data.size()));
    QByteArray out(qsizetype(size), '\0');
    compress2(reinterpret_cast<Bytef *>(out.data()), &size, reinterpret_cast<const Bytef *>(data.constData()),
              uLong(data.size()), 9);
    out.resize(qsizetype(size));
    return out;
}

// An EXIF block (a TIFF structure, as a PNG's eXIf chunk holds it) with a camera's make and
// Orientation `orientation`.
QByteArray exifBlock(int orientation)
{
    Exiv2::ExifData exif;
    exif["Exif.Image.Make"] = "PixelCam";
    exif["Exif.Image.Orientation"] = uint16_t(orientation);
    Exiv2::MemIo io;
    Exiv2::TiffParser::encode(io, nullptr, 0, Exiv2::littleEndian, exif, Exiv2::IptcData(), Exiv2::XmpData());
    return QByteArray(reinterpret_cast<const char *>(io.mmap()), qsizetype(io.size()));
}

} // namespace

class TestMetadata : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    // The job of preset 1 on m_dir's "in" into "out.part" (removed first).
    proto::Job presetOneJob() { return testphotos::presetOneJobIn(QDir(m_dir.path())); }
    // Preset 1 of `e` run on m_dir's "in" into "out.part", with a preview of at most `previewMax`.
    JobOutcome runWithPreview(JobExecutor &e, int previewMax)
    {
        proto::Job job = presetOneJob();
        job.previewSlot = 0;
        job.previewMax = quint16(previewMax);
        return e.run(job, nullptr, 0, {});
    }

    // Runs one job with a preset made of `steps` and `output` settings on `input`.
    Written run(const Bytes &input, const char *steps, const QString &output, proto::PhotoFacts *facts = nullptr,
                quint32 flags = 0)
    {
        const QString json = QStringLiteral(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":%1,
                                               "output":%2})")
                                 .arg(QLatin1String(steps), output);
        const OneJob job =
            runOneJob(json, input, QDir(m_dir.path()), flags | (facts ? quint32(proto::WantsFacts) : 0u));
        const JobOutcome &o = job.outcome;
        if (facts)
            *facts = o.finished.facts;
        Written w;
        w.ok = o.ok;
        w.error = o.failed.message;
        w.warning = o.finished.warning;
        w.reported = cv::Size(int(o.finished.width), int(o.finished.height));
        if (!o.ok)
            return w;
        w.bytes = job.written;
        const ImageInfo info = probeImage(w.bytes.data(), w.bytes.size());
        w.pixels = decodeImage(w.bytes.data(), w.bytes.size(), info, 8, false).image;
        if (w.bytes.size() >= 2 && w.bytes[0] == 0xFF && w.bytes[1] == 0x0A)
            return w; // a bare JPEG XL codestream, which exiv2 does not read: no boxes, no metadata
        auto image = Exiv2::ImageFactory::open(w.bytes.data(), long(w.bytes.size()));
        image->readMetadata();
        w.exif = image->exifData();
        w.iptc = image->iptcData();
        w.xmp = image->xmpData();
        w.xmpPacket = image->xmpPacket();
        // A TIFF's packet is only an EXIF entry to exiv2, which drops its text when it cannot parse it.
        const auto tag = w.exif.findKey(Exiv2::ExifKey("Exif.Image.XMLPacket"));
        if (w.xmpPacket.empty() && tag != w.exif.end()) {
            std::vector<Exiv2::byte> bytes(size_t(tag->size()));
            tag->copy(bytes.data(), Exiv2::littleEndian);
            w.xmpPacket.assign(bytes.begin(), bytes.end());
        }
        if (image->iccProfileDefined())
            w.icc.assign(image->iccProfile()->pData_, image->iccProfile()->pData_ + image->iccProfile()->size_);
        return w;
    }
    static QString out(const char *format, const char *metadata, const char *colour = "keep")
    {
        return QStringLiteral(R"({"format":"%1","quality":95,"metadata":"%2","colour":"%3"})")
            .arg(QLatin1String(format), QLatin1String(metadata), QLatin1String(colour));
    }
    static QString exifText(const Exiv2::ExifData &e, const char *key)
    {
        const auto it = e.findKey(Exiv2::ExifKey(key));
        return it == e.end() ? QString() : QString::fromStdString(it->toString()).trimmed();
    }
    // Adobe CMYK (255 is no ink) as BGR by the plain formula: blue is what yellow ink lets through
    // times what black ink does, and so on.
    static cv::Mat plainPicture(const cv::Mat &cmyk)
    {
        cv::Mat bgr(cmyk.size(), CV_8UC3);
        for (int y = 0; y < cmyk.rows; ++y)
            for (int x = 0; x < cmyk.cols; ++x) {
                const cv::Vec4b v = cmyk.at<cv::Vec4b>(y, x);
                bgr.at<cv::Vec3b>(y, x) = {uchar(v[2] * v[3] / 255), uchar(v[1] * v[3] / 255),
                                           uchar(v[0] * v[3] / 255)};
            }
        return bgr;
    }
    static bool hasXmp(const Exiv2::XmpData &x, const char *key) { return x.findKey(Exiv2::XmpKey(key)) != x.end(); }
    static QString xmpText(const Exiv2::XmpData &x, const char *key)
    {
        const auto it = x.findKey(Exiv2::XmpKey(key));
        return it == x.end() ? QString() : QString::fromStdString(it->toString());
    }
    static QString iptcText(const Exiv2::IptcData &d, const char *key)
    {
        const auto it = d.findKey(Exiv2::IptcKey(key));
        return it == d.end() ? QString() : QString::fromStdString(it->toString());
    }

private slots:
    void keepCopiesEverythingAndMakesItTrue()
    {
        const Bytes icc = lcmsSrgb();
        const Written w = run(cameraJpeg(photo(), 6, icc), R"([{"op":"autoOrient"},{"op":"resize","mode":"fit",
                              "width":300,"height":300}])",
                              out("jpeg", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        QCOMPARE(w.pixels.cols, 200); // turned upright: 400×600 fitted into 300×300
        QCOMPARE(w.pixels.rows, 300);
        QCOMPARE(exifText(w.exif, "Exif.Image.Make"), QString("PixelCam"));
        QCOMPARE(exifText(w.exif, "Exif.Photo.DateTimeOriginal"), QString("2024:05:06 07:08:09"));
        QCOMPARE(exifText(w.exif, "Exif.Image.Orientation"), QString("1"));
        QCOMPARE(exifText(w.exif, "Exif.Photo.PixelXDimension"), QString("200"));
        QCOMPARE(exifText(w.exif, "Exif.Photo.PixelYDimension"), QString("300"));
        QCOMPARE(exifText(w.exif, "Exif.Image.XResolution"), QString("350/1"));
        QCOMPARE(exifText(w.exif, "Exif.GPSInfo.GPSLatitudeRef"), QString("N"));
        // The old picture's thumbnail is gone.
        QCOMPARE(Exiv2::ExifThumbC(w.exif).copy().size_, 0L);
        QCOMPARE(iptcText(w.iptc, "Iptc.Application2.Byline"), QString("Jo Photographer"));
        QCOMPARE(iptcText(w.iptc, "Iptc.Application2.City"), QString("Paris"));
        QVERIFY(hasXmp(w.xmp, "Xmp.dc.title"));
        QCOMPARE(xmpText(w.xmp, "Xmp.tiff.Orientation"), QString("1"));
        QVERIFY(w.icc == icc); // byte for byte
        // JFIF says the resolution too.
        const auto jfif = std::search(w.bytes.begin(), w.bytes.end(), std::begin("JFIF"), std::end("JFIF"));
        QVERIFY(jfif != w.bytes.end());
        QCOMPARE(int(jfif[7]), 1);                       // dots per inch
        QCOMPARE(int(jfif[8]) << 8 | int(jfif[9]), 350); // X density
    }

    void withoutAutoOrientTheTagStays()
    {
        const Written w =
            run(cameraJpeg(photo(), 6, {}), R"([{"op":"resize","mode":"scale","percent":50}])", out("jpeg", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.pixels.cols, 300);                                 // stored order
        QCOMPARE(w.reported, cv::Size(w.pixels.rows, w.pixels.cols)); // seen turned a quarter
        QCOMPARE(exifText(w.exif, "Exif.Image.Orientation"), QString("6"));
        QCOMPARE(xmpText(w.xmp, "Xmp.tiff.Orientation"), QString("6"));
        QCOMPARE(exifText(w.exif, "Exif.Photo.PixelXDimension"), QString("300"));
    }

    // An output that will not say how to turn its pixels (`metadata: strip`, BMP, a source read
    // without its metadata) has them turned upright, in every format alike: without autoOrient,
    // stripped JPEG, PNG, WebP and TIFF outputs came out sideways, while JPEG XL and AVIF said the
    // orientation in the image.
    void outputsWithoutOrientationAreUpright_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("metadata");
        QTest::addColumn<int>("orientation");
        QTest::addColumn<quint32>("flags");
        QTest::addColumn<bool>("turned"); // else stored order, the Orientation tag saying how to turn it
        for (const char *format : {"jpeg", "png", "webp", "tiff", "bmp", "jxl", "avif"})
            QTest::addRow("strip, %s", format) << format << "strip" << 6 << 0u << true;
        for (const int o : {2, 3, 4, 5, 7, 8})
            QTest::addRow("strip, jpeg, orientation %d", o) << "jpeg"
                                                            << "strip" << o << 0u << true;
        QTest::newRow("keep, bmp") << "bmp"
                                   << "keep" << 6 << 0u << true;
        QTest::newRow("keep, png, read without metadata") << "png"
                                                          << "keep" << 6 << quint32(proto::WithoutMetadata) << true;
        QTest::newRow("keep, png") << "png"
                                   << "keep" << 6 << 0u << false;
        QTest::newRow("strip-location, webp") << "webp"
                                              << "strip-location" << 8 << 0u << false;
    }
    void outputsWithoutOrientationAreUpright()
    {
        QFETCH(QString, format);
        QFETCH(QString, metadata);
        QFETCH(int, orientation);
        QFETCH(quint32, flags);
        QFETCH(bool, turned);
        // Stored 96×64 in four quadrants of their own colour; the camera says how to turn it.
        const cv::Scalar colours[4] = {{0, 0, 230}, {0, 230, 0}, {230, 0, 0}, {230, 230, 230}};
        cv::Mat stored(64, 96, CV_8UC3);
        for (int q = 0; q < 4; ++q)
            stored(cv::Rect(q % 2 * 48, q / 2 * 32, 48, 32)).setTo(colours[q]);
        const Written w = run(cameraJpeg(stored, orientation, {}), R"([{"op":"resize","mode":"scale","percent":50}])",
                              out(format.toLatin1().constData(), metadata.toLatin1().constData()), nullptr, flags);
        QVERIFY2(w.ok, qPrintable(w.error));
        cv::Mat small;
        cv::resize(stored, small, cv::Size(48, 32), 0, 0, cv::INTER_AREA);
        const cv::Mat upright = ops::applyExifOrientation(small, orientation);
        const bool inTheImage = format == "jxl" || format == "avif"; // decoded upright either way
        const cv::Mat expected = turned || inTheImage ? upright : small;
        QCOMPARE(w.reported, upright.size()); // as the output is seen, turned or said by its tag
        QCOMPARE(w.pixels.size(), expected.size());
        for (const cv::Point at :
             {cv::Point(expected.cols / 4, expected.rows / 4), cv::Point(expected.cols * 3 / 4, expected.rows / 4),
              cv::Point(expected.cols / 4, expected.rows * 3 / 4),
              cv::Point(expected.cols * 3 / 4, expected.rows * 3 / 4)}) {
            const cv::Vec3b got = w.pixels.at<cv::Vec3b>(at), want = expected.at<cv::Vec3b>(at);
            QVERIFY2(cv::norm(cv::Vec3i(got) - cv::Vec3i(want), cv::NORM_INF) <= 40,
                     qPrintable(QStringLiteral("at %1,%2").arg(at.x).arg(at.y)));
        }
        if (turned) {
            const QString tag = exifText(w.exif, "Exif.Image.Orientation");
            QVERIFY2(tag.isEmpty() || tag == "1", qPrintable(tag)); // nothing turns it again
            if (format == "avif")
                QVERIFY(std::search(w.bytes.begin(), w.bytes.end(), std::begin("irot"), std::end("irot") - 1) ==
                        w.bytes.end());
        } else {
            QCOMPARE(exifText(w.exif, "Exif.Image.Orientation"), QString::number(orientation));
        }
        if (metadata == "strip" && format != "tiff") // a TIFF's own tags are EXIF to exiv2
            QVERIFY(w.exif.empty());
    }

    // A PNG states its orientation in other places than an eXIf chunk before its image data: an
    // eXIf chunk after it (ImageMagick 6's `convert photo.jpg photo.png`), ImageMagick's "Raw profile
    // type exif" text (tEXt, zTXt or iTXt), or XMP alone (tiff:Orientation, as an attribute or an
    // element). Each is the image's orientation, as Pillow's exif_transpose() reads it: autoOrient
    // turns the pixels, and without it a kept EXIF says the source's Orientation. Before, only the
    // eXIf before the image data was looked at: the pixels stayed as stored and the output said 1.
    // Stored 96×64 in four quadrants of their own colour, for a file that says how to turn it.
    static cv::Mat fourQuadrants()
    {
        const cv::Scalar colours[4] = {{0, 0, 230}, {0, 230, 0}, {230, 0, 0}, {230, 230, 230}};
        cv::Mat stored(64, 96, CV_8UC3);
        for (int q = 0; q < 4; ++q)
            stored(cv::Rect(q % 2 * 48, q / 2 * 32, 48, 32)).setTo(colours[q]);
        return stored;
    }

    // Whether `got` has the colours of `want` (fourQuadrants(), turned or not) at its quadrants'
    // centres, within `within`.
    static bool samePixels(const cv::Mat &got, const cv::Mat &want, int within)
    {
        if (got.size() != want.size())
            return false;
        for (const cv::Point at :
             {cv::Point(want.cols / 4, want.rows / 4), cv::Point(want.cols * 3 / 4, want.rows / 4),
              cv::Point(want.cols / 4, want.rows * 3 / 4), cv::Point(want.cols * 3 / 4, want.rows * 3 / 4)})
            for (int c = 0; c < 3; ++c)
                if (std::abs(got.at<cv::Vec3b>(at)[c] - want.at<cv::Vec3b>(at)[c]) > within)
                    return false;
        return true;
    }

    // `file` (of `format`, made of `stored`) states Orientation 6, in its EXIF when `exif`, else where
    // only its XMP (`xmp`: it has XMP, which the output carries) says it: the probe says 6; autoOrient
    // turns it upright and the output says 1; without it a kept EXIF says 6 beside the stored pixels
    // (and the XMP too), XMP alone has them turned upright and says 1; a JPEG without metadata is
    // turned upright too. Pixels compared at the quadrants' centres, within `tolerance`.
    void checkOrientationSix(const Bytes &file, const cv::Mat &stored, const char *format, bool exif, bool xmp,
                             int tolerance)
    {
        QCOMPARE(probeImage(file.data(), file.size()).exifOrientation, 6);
        const cv::Mat upright = ops::applyExifOrientation(stored, 6);
        const Written turned = run(file, R"([{"op":"autoOrient"}])", out(format, "keep"));
        QVERIFY2(turned.ok, qPrintable(turned.error));
        QVERIFY2(turned.warning.isEmpty(), qPrintable(turned.warning));
        QVERIFY(samePixels(turned.pixels, upright, tolerance));
        if (exif)
            QCOMPARE(exifText(turned.exif, "Exif.Image.Orientation"), QString("1"));
        if (xmp)
            QCOMPARE(xmpText(turned.xmp, "Xmp.tiff.Orientation"), QString("1"));
        const Written kept = run(file, "[]", out(format, "keep"));
        QVERIFY2(kept.ok, qPrintable(kept.error));
        QVERIFY2(kept.warning.isEmpty(), qPrintable(kept.warning));
        QVERIFY(samePixels(kept.pixels, exif ? stored : upright, tolerance));
        if (exif)
            QCOMPARE(exifText(kept.exif, "Exif.Image.Orientation"), QString("6"));
        if (xmp)
            QCOMPARE(xmpText(kept.xmp, "Xmp.tiff.Orientation"), QString(exif ? "6" : "1"));
        const Written stripped = run(file, "[]", out("jpeg", "strip"));
        QVERIFY2(stripped.ok, qPrintable(stripped.error));
        QVERIFY(samePixels(stripped.pixels, upright, 40));
    }

    // An XMP packet (its text, without a container's prefix) that says tiff:Orientation 3.
    static std::string xmpOfOrientationThree()
    {
        return "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
               "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
               "rdf:about='' xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Orientation='3'/>"
               "</rdf:RDF></x:xmpmeta>";
    }

    // `file` (of `format`, 96×64) states Orientation 6 first, then 3 in its XMP: 6 is probed and read,
    // the output's EXIF and XMP say 6 beside the stored pixels, and the warning is `warning`.
    void checkSixReadOverThree(const Bytes &file, const char *format, const QString &warning)
    {
        QCOMPARE(probeImage(file.data(), file.size()).exifOrientation, 6);
        const Written w = run(file, "[]", out(format, "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.pixels.size(), cv::Size(96, 64));
        QCOMPARE(exifText(w.exif, "Exif.Image.Orientation"), QString("6"));
        QCOMPARE(xmpText(w.xmp, "Xmp.tiff.Orientation"), QString("6"));
        QCOMPARE(w.warning, warning);
    }

    void pngOrientationStatedElsewhere_data()
    {
        QTest::addColumn<QByteArray>("before"); // chunks after IHDR
        QTest::addColumn<QByteArray>("after");  // chunks before IEND
        QTest::addColumn<bool>("exif");         // else XMP alone says it
        const QByteArray block = exifBlock(6);
        const QByteArray hex = block.toHex();
        QByteArray lines;
        for (int i = 0; i < hex.size(); i += 72)
            lines += hex.mid(i, 72) + '\n';
        // As ImageMagick writes it: the block after "Exif\0\0", in lines of hex digits.
        const QByteArray raw = "\nexif\n" + QByteArray::number(block.size() + 6).rightJustified(8, ' ') + "\n" +
                               QByteArray("457869660000") + lines;
        const QByteArray keyword("Raw profile type exif\0", 22);
        QTest::newRow("eXIf after the image data") << QByteArray() << pngChunk("eXIf", block) << true;
        QTest::newRow("raw profile, tEXt") << pngChunk("tEXt", keyword + raw) << QByteArray() << true;
        QTest::newRow("raw profile, zTXt")
            << pngChunk("zTXt", keyword + QByteArray(1, 0) + zlibCompressed(raw)) << QByteArray() << true;
        QTest::newRow("raw profile, iTXt")
            << pngChunk("iTXt", keyword + QByteArray(4, 0) + raw) << QByteArray() << true;
        const QByteArray xmp("XML:com.adobe.xmp\0\0\0\0\0", 22);
        const auto packet = [](const char *description) {
            return QByteArray("<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
                              "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>") +
                   description + "</rdf:RDF></x:xmpmeta>";
        };
        QTest::newRow("XMP attribute")
            << pngChunk("iTXt", xmp + packet("<rdf:Description rdf:about='' xmlns:tiff='http://ns.adobe.com/tiff/1.0/' "
                                             "tiff:Orientation='6'/>"))
            << QByteArray() << false;
        QTest::newRow("XMP element, another prefix, after the image data")
            << QByteArray()
            << pngChunk("iTXt", xmp + packet("<rdf:Description rdf:about='' xmlns:t='http://ns.adobe.com/tiff/1.0/'>"
                                             "<t:Orientation> 6 </t:Orientation></rdf:Description>"))
            << false;
    }
    void pngOrientationStatedElsewhere()
    {
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        QFETCH(bool, exif);
        const cv::Mat stored = fourQuadrants();
        Bytes png = withChunks(pngWith(stored, [](png_structp, png_infop) {}), before);
        png.insert(png.end() - 12, after.begin(), after.end()); // before IEND
        // XMP alone is carried by the output, not its EXIF: there is none.
        checkOrientationSix(png, stored, "png", exif, !exif, 0);
    }

    // Where a PNG states two orientations, the first of its eXIf chunk, its raw EXIF profile and its
    // XMP that states one is read, and a warning says they disagree.
    void pngOrientationsThatDisagreeAreSaid()
    {
        const QByteArray xmp =
            QByteArray("XML:com.adobe.xmp\0\0\0\0\0", 22) + QByteArray::fromStdString(xmpOfOrientationThree());
        Bytes png = withChunks(encoded(photo(96, 64), OutputFormat::Png), pngChunk("iTXt", xmp));
        const QByteArray exif = pngChunk("eXIf", exifBlock(6));
        png.insert(png.end() - 12, exif.begin(), exif.end()); // before IEND
        checkSixReadOverThree(png, "png",
                              "the PNG states different orientations (6 in its eXIf chunk, 3 in its XMP): 6 is "
                              "read, the first of them");
    }

    // A JPEG whose XMP states the orientation and whose EXIF does not (or that has none), as
    // Pillow's exif_transpose() reads it: autoOrient turns the pixels and the output says 1; without
    // it a kept EXIF and XMP say 6 beside the stored pixels, and XMP alone (the output carries no
    // EXIF to say it) has them turned upright. Before, the probe read EXIF only: the pixels stayed
    // as stored and the output's XMP said 1.
    void jpegOrientationInXmp_data()
    {
        QTest::addColumn<bool>("exif");       // an EXIF block without an Orientation too
        QTest::addColumn<bool>("afterFrame"); // the XMP between the frame header and the first scan
        QTest::addColumn<bool>("element");    // tiff:Orientation as an element under another prefix
        QTest::newRow("XMP alone") << false << false << false;
        QTest::newRow("XMP alone, an element after the frame header") << false << true << true;
        QTest::newRow("EXIF without one, and XMP") << true << false << false;
    }
    void jpegOrientationInXmp()
    {
        QFETCH(bool, exif);
        QFETCH(bool, afterFrame);
        QFETCH(bool, element);
        const cv::Mat stored = fourQuadrants();
        Bytes jpeg = encoded(stored, OutputFormat::Jpeg);
        if (exif) {
            auto image = Exiv2::ImageFactory::open(jpeg.data(), long(jpeg.size()));
            image->readMetadata();
            Exiv2::ExifData data;
            data["Exif.Image.Make"] = "PixelCam";
            image->setExifData(data);
            jpeg = writtenBytes(*image);
        }
        const std::string description =
            element ? "<rdf:Description rdf:about='' xmlns:t='http://ns.adobe.com/tiff/1.0/'>"
                      "<t:Orientation> 6 </t:Orientation></rdf:Description>"
                    : "<rdf:Description rdf:about='' xmlns:tiff='http://ns.adobe.com/tiff/1.0/' "
                      "tiff:Orientation='6'/>";
        const std::string segment = std::string("http://ns.adobe.com/xap/1.0/", 29) +
                                    "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
                                    "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>" +
                                    description + "</rdf:RDF></x:xmpmeta>";
        Bytes app1 = {0xFF, 0xE1, uint8_t((segment.size() + 2) >> 8), uint8_t(segment.size() + 2)};
        app1.insert(app1.end(), segment.begin(), segment.end());
        size_t at = 2;
        if (afterFrame) // after the frame header's segment
            while (!(jpeg[at + 1] >= 0xC0 && jpeg[at + 1] <= 0xC2))
                at += 2 + size_t(jpeg[at + 2] << 8 | jpeg[at + 3]);
        if (afterFrame)
            at += 2 + size_t(jpeg[at + 2] << 8 | jpeg[at + 3]);
        jpeg.insert(jpeg.begin() + long(at), app1.begin(), app1.end());
        // The quadrants within what JPEG's compression changes; the XMP is carried on.
        checkOrientationSix(jpeg, stored, "jpeg", exif, true, 40);
    }

    // Where a JPEG's EXIF and XMP state different orientations, the EXIF's is read, and a warning
    // says they disagree.
    void jpegOrientationsThatDisagreeAreSaid()
    {
        Bytes jpeg = cameraJpeg(photo(96, 64), 6, {});
        const std::string segment = std::string("http://ns.adobe.com/xap/1.0/", 29) + xmpOfOrientationThree();
        Bytes app1 = {0xFF, 0xE1, uint8_t((segment.size() + 2) >> 8), uint8_t(segment.size() + 2)};
        app1.insert(app1.end(), segment.begin(), segment.end());
        jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end()); // the first XMP packet, before the EXIF
        checkSixReadOverThree(jpeg, "jpeg",
                              "the JPEG states different orientations (6 in its EXIF, 3 in its XMP): 6 is read, "
                              "the first of them");
    }

    void stripLocationRemovesOnlyThePlace()
    {
        const Written w = run(cameraJpeg(photo(), 1, {}), "[]", out("jpeg", "strip-location"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(exifText(w.exif, "Exif.Image.Make"), QString("PixelCam"));
        for (const Exiv2::Exifdatum &d : w.exif)
            QVERIFY2(d.groupName() != "GPSInfo", d.key().c_str());
        QVERIFY(!hasXmp(w.xmp, "Xmp.photoshop.City"));
        QVERIFY(!hasXmp(w.xmp, "Xmp.exif.GPSLatitude"));
        QVERIFY(hasXmp(w.xmp, "Xmp.dc.title"));
        QCOMPARE(iptcText(w.iptc, "Iptc.Application2.City"), QString());
        QCOMPARE(iptcText(w.iptc, "Iptc.Application2.Byline"), QString("Jo Photographer"));
    }

    void stripWritesNoMetadata()
    {
        const Written w = run(cameraJpeg(photo(), 6, lcmsSrgb()), "[]", out("jpeg", "strip"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY(w.exif.empty());
        QVERIFY(w.iptc.empty());
        QVERIFY(w.xmpPacket.empty());
        QVERIFY(w.icc.empty()); // an sRGB source needs no profile
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
    }

    void everyFormatCarriesWhatItCan_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("iptcBlock"); // else mirrored into XMP
        QTest::newRow("png") << "png" << false;
        QTest::newRow("webp") << "webp" << false;
        QTest::newRow("tiff") << "tiff" << true;
        QTest::newRow("jpeg") << "jpeg" << true;
    }
    void everyFormatCarriesWhatItCan()
    {
        QFETCH(QString, format);
        QFETCH(bool, iptcBlock);
        const Bytes icc = adobeRgb();
        const Written w =
            run(cameraJpeg(photo(), 3, icc), R"([{"op":"autoOrient"}])", out(format.toLatin1().constData(), "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        QCOMPARE(exifText(w.exif, "Exif.Image.Model"), QString("PC-1"));
        QCOMPARE(exifText(w.exif, "Exif.Image.Orientation"), QString("1"));
        // Exif's size tags are for compressed data: a TIFF states its size in IFD0.
        QCOMPARE(exifText(w.exif, "Exif.Photo.PixelXDimension"), format == "tiff" ? QString() : QString("600"));
        QVERIFY(hasXmp(w.xmp, "Xmp.dc.title"));
        QVERIFY(w.icc == icc);
        if (iptcBlock)
            QCOMPARE(iptcText(w.iptc, "Iptc.Application2.Byline"), QString("Jo Photographer"));
        else
            QVERIFY(hasXmp(w.xmp, "Xmp.dc.creator")); // the IPTC By-line, mirrored
        if (format == "tiff")                         // written by libtiff, not by exiv2
            QCOMPARE(exifText(w.exif, "Exif.Image.XResolution"), QString("350/1"));
        // Every reader of the format accepts what was written.
        const ImageInfo info = probeImage(w.bytes.data(), w.bytes.size());
        const DecodeResult again = decodeImage(w.bytes.data(), w.bytes.size(), info, 8, false, true);
        QVERIFY2(!again.image.empty(), qPrintable(again.error));
        QVERIFY(again.metadata.icc == icc);
        QVERIFY2(again.metadata.warnings.isEmpty(), qPrintable(again.metadata.warnings.join("; ")));
    }

    void srgbConvertsWideGamutPhotos_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("Adobe RGB") << 0;
        QTest::newRow("Display P3") << 1;
    }
    void srgbConvertsWideGamutPhotos()
    {
        QFETCH(int, which);
        const Bytes icc = which == 0 ? adobeRgb() : displayP3();
        const cv::Mat source = photo();
        const Bytes png = encoded(source, OutputFormat::Png, icc);

        const Written converted = run(png, "[]", out("png", "keep", "srgb"));
        QVERIFY2(converted.ok, qPrintable(converted.error));
        QVERIFY(converted.icc == colour::srgbProfile());
        QVERIFY(colour::inspectProfile(converted.icc).srgb);
        // The same bytes in every run: a fixed creation date, not the clock's.
        const Bytes &p = colour::srgbProfile();
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(p.data()) + 24, 4), QByteArray("\x07\xE8\x00\x01", 4));
        const double de = meanDeltaE(source, icc, converted.pixels, {});
        qInfo("mean ΔE2000 against the source's colours, read through its profile: %.3f", de);
        QVERIFY2(de < 1.0, qPrintable(QString::number(de)));

        // The reference a colour-managed expert would use: ImageMagick's -profile (lcms2 inside),
        // relative colorimetric with black-point compensation, to PixelPool's own sRGB profile.
        const QString convert = QStandardPaths::findExecutable("convert");
        QVERIFY2(!convert.isEmpty(), "ImageMagick's convert (scripts/install-deps.sh --tests installs it)");
        writeAll(m_dir.filePath("ref-in.png"), png);
        writeAll(m_dir.filePath("srgb.icc"), colour::srgbProfile());
        QProcess im;
        im.start(convert, {m_dir.filePath("ref-in.png"), "-intent", "Relative", "-black-point-compensation", "-profile",
                           m_dir.filePath("srgb.icc"), "-depth", "8", m_dir.filePath("ref-out.png")});
        QVERIFY(im.waitForFinished(60000) && im.exitCode() == 0);
        const cv::Mat reference = cv::imread(m_dir.filePath("ref-out.png").toStdString(), cv::IMREAD_COLOR);
        QCOMPARE(reference.size(), converted.pixels.size());
        const double againstReference = meanDeltaE(reference, {}, converted.pixels, {});
        qInfo("mean ΔE2000 against ImageMagick -profile: %.3f", againstReference);
        QVERIFY2(againstReference < 1.0, qPrintable(QString::number(againstReference)));

        // Kept: the same pixels, the same profile, byte for byte.
        const Written kept = run(png, "[]", out("png", "keep", "keep"));
        QVERIFY(kept.icc == icc);
        QCOMPARE(cv::norm(kept.pixels, source, cv::NORM_INF), 0.0);
        // What a viewer without the profile would show is far off: the test can tell.
        const double wrong = meanDeltaE(source, icc, kept.pixels, {});
        qInfo("mean ΔE2000 of the unconverted pixels read as sRGB: %.3f", wrong);
        QVERIFY2(wrong > 3 * de && wrong > 2.0, qPrintable(QString::number(wrong)));
    }

    // The window paints sRGB: a preview (the queue's thumbnails and the "before" side keep the
    // profile, as does a preset with `colour: keep`) shows the source's colours converted, while
    // the output keeps its pixels and profile; a converted output's preview is not converted twice.
    void previewsShowColoursInSrgb_data()
    {
        QTest::addColumn<QString>("colour");
        QTest::newRow("keep") << "keep";
        QTest::newRow("srgb") << "srgb";
    }
    void previewsShowColoursInSrgb()
    {
        QFETCH(QString, colour);
        const Bytes icc = adobeRgb();
        const cv::Mat source = photo(120, 80);
        writeAll(m_dir.filePath("in"), encoded(source, OutputFormat::Png, icc));
        const QString json = QStringLiteral(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":[],
                                               "output":{"format":"png","colour":"%1"}})")
                                 .arg(colour);
        JobExecutor e(200'000'000);
        QString error;
        QVERIFY2(e.definePreset(1, json.toUtf8(), &error), qPrintable(error));
        const JobOutcome o = runWithPreview(e, 120); // the whole picture, unscaled
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        QCOMPARE(o.preview.size(), source.size());
        cv::Mat shown;
        cv::cvtColor(o.preview, shown, cv::COLOR_BGRA2BGR);
        cv::Mat srgb = source.clone();
        QString why;
        QVERIFY2(colour::convertToSrgb(srgb, icc, &why), qPrintable(why));
        QVERIFY2(cv::norm(shown, srgb, cv::NORM_INF) <= 1,
                 qPrintable(QString::number(cv::norm(shown, srgb, cv::NORM_INF))));
        const Bytes written = readAll(m_dir.filePath("out.part"));
        const ImageInfo info = probeImage(written.data(), written.size());
        const cv::Mat pixels = decodeImage(written.data(), written.size(), info, 8, false).image;
        QCOMPARE(cv::norm(pixels, colour == "keep" ? source : srgb, cv::NORM_INF), 0.0); // the output as before
    }

    void sixteenBitPixelsConvertAtSixteenBits()
    {
        // The same conversion as at 8 bits, computed on 16-bit values: the result agrees with the
        // 8-bit one (lcms2's 8-bit path is within a level of exact) and keeps levels between them.
        const Bytes icc = adobeRgb();
        cv::Mat eight = photo(), deep;
        eight.convertTo(deep, CV_16U, 257);
        QString why;
        QVERIFY2(colour::convertToSrgb(eight, icc, &why), qPrintable(why));
        QVERIFY2(colour::convertToSrgb(deep, icc, &why), qPrintable(why));
        QCOMPARE(deep.depth(), CV_16U);
        cv::Mat back;
        deep.convertTo(back, CV_8U, 1.0 / 257);
        const double diff = cv::norm(back, eight, cv::NORM_INF);
        QVERIFY2(diff <= 1, qPrintable(QString::number(diff)));
        cv::Mat widened;
        back.convertTo(widened, CV_16U, 257);
        QVERIFY(cv::norm(deep, widened, cv::NORM_INF) > 0); // computed at 16 bits, not 8 widened
    }

    void colourStepsWorkInSrgb()
    {
        // Grayscale mixes channels: an Adobe RGB photo is converted first, even when colour is kept,
        // and the grey output needs no profile.
        const Bytes icc = adobeRgb();
        const Written w =
            run(encoded(photo(), OutputFormat::Png, icc), R"([{"op":"grayscale"}])", out("png", "keep", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.pixels.channels(), 1);
        QVERIFY(w.icc.empty());
        cv::Mat srgb = photo();
        QString why;
        QVERIFY(colour::convertToSrgb(srgb, icc, &why));
        cv::Mat grey;
        cv::cvtColor(srgb, grey, cv::COLOR_BGR2GRAY);
        QVERIFY(cv::norm(grey, w.pixels, cv::NORM_INF) <= 1);
    }

    void greyFromAnSrgbPhotoNeedsNoProfileAndNoWarning()
    {
        // The built-in grayscale preset on a photo tagged sRGB: grey without a profile is read with
        // sRGB's curve, so it goes untagged and nothing is said (the output said "colour profile
        // left out: the output's pixels are no longer in its colour model" for every such photo).
        for (const OutputFormat format : {OutputFormat::Jpeg, OutputFormat::Png}) {
            const Written w = run(encoded(photo(), format, colour::srgbProfile()), R"([{"op":"grayscale"}])",
                                  out(format == OutputFormat::Jpeg ? "jpeg" : "png", "keep", "keep"));
            QVERIFY2(w.ok, qPrintable(w.error));
            QCOMPARE(w.pixels.channels(), 1);
            QVERIFY(w.icc.empty());
            QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        }
    }

    // A PNG without an iCCP or an sRGB chunk says what its colours are with gAMA (and cHRM): that
    // is read as a profile, which `colour: srgb` converts from and `colour: keep` keeps (both
    // chunks were ignored, and the colours read as sRGB). A gamma of 1/2.2 alone says sRGB.
    void pngGammaAndChromaticitiesAreAProfile_data()
    {
        QTest::addColumn<double>("gamma");
        QTest::addColumn<bool>("adobe"); // cHRM with Adobe RGB's primaries
        QTest::addColumn<bool>("grey");
        QTest::addColumn<bool>("srgb"); // what the chunks say is sRGB
        QTest::newRow("linear") << 1.0 << false << false << false;
        QTest::newRow("linear grey") << 1.0 << false << true << false;
        QTest::newRow("gamma 1.8") << 1 / 1.8 << false << false << false;
        QTest::newRow("Adobe RGB") << 1 / 2.19921875 << true << false << false;
        QTest::newRow("1/2.2 alone") << 0.45455 << false << false << true;
        QTest::newRow("1/2.2 grey") << 0.45455 << false << true << true;
    }
    void pngGammaAndChromaticitiesAreAProfile()
    {
        QFETCH(double, gamma);
        QFETCH(bool, adobe);
        QFETCH(bool, grey);
        QFETCH(bool, srgb);
        cv::Mat source = photo(160, 120);
        if (grey)
            cv::cvtColor(source, source, cv::COLOR_BGR2GRAY);
        const double adobeChromaticities[8] = {0.3127, 0.3290, 0.64, 0.33, 0.21, 0.71, 0.15, 0.06};
        const Bytes png = pngWithGamma(source, gamma, adobe ? adobeChromaticities : nullptr);

        const Written kept = run(png, "[]", out("png", "keep", "keep"));
        QVERIFY2(kept.ok, qPrintable(kept.error));
        QVERIFY2(kept.warning.isEmpty(), qPrintable(kept.warning));
        QCOMPARE(cv::norm(kept.pixels, source, cv::NORM_INF), 0.0);
        QCOMPARE(kept.icc.empty(), srgb);

        const Written converted = run(png, "[]", out("png", "keep", "srgb"));
        QVERIFY2(converted.ok, qPrintable(converted.error));
        QCOMPARE(converted.pixels.channels(), source.channels());
        cv::Mat expected;
        if (srgb) {
            expected = source;
        } else if (adobe) {
            expected = source.clone();
            QString why;
            QVERIFY2(colour::convertToSrgb(expected, adobeRgb(), &why), qPrintable(why));
        } else {
            // Each value decoded with the file's gamma, encoded with sRGB's curve.
            cv::Mat lut(1, 256, CV_8U);
            for (int v = 0; v < 256; ++v) {
                const double linear = std::pow(v / 255.0, 1 / gamma);
                const double e = linear <= 0.0031308 ? 12.92 * linear : 1.055 * std::pow(linear, 1 / 2.4) - 0.055;
                lut.at<uchar>(v) = cv::saturate_cast<uchar>(e * 255);
            }
            cv::LUT(source, lut, expected);
        }
        const double diff = cv::norm(converted.pixels, expected, cv::NORM_INF);
        QVERIFY2(diff <= 2, qPrintable(QString::number(diff)));
        if (!srgb) // the test can tell: the values moved
            QVERIFY(cv::norm(converted.pixels, source, cv::NORM_INF) > 10);
    }

    // The XMP toolkit's time grows with the square of a packet's properties (24,000 took 12 s,
    // 150,000 past the worker's time limit): a packet of more than any real one has is left out
    // with a warning, and the picture is made. The items of one array are one property: 20,000
    // keywords are kept.
    void xmpWithTooManyPropertiesIsLeftOut()
    {
        const auto packet = [](const std::string &body) {
            return R"(<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">)"
                   R"(<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">)" +
                   body + "</rdf:Description></rdf:RDF></x:xmpmeta>";
        };
        std::string many, keywords = "<dc:subject><rdf:Bag>";
        for (int i = 0; i < 9000; ++i)
            many += "<dc:p" + std::to_string(i) + ">x</dc:p" + std::to_string(i) + ">";
        for (int i = 0; i < 20000; ++i)
            keywords += "<rdf:li>k" + std::to_string(i) + "</rdf:li>";
        keywords += "</rdf:Bag></dc:subject>";

        const Written refused = run(pngWithXmp(photo(64, 48), packet(many)), "[]", out("png", "keep"));
        QVERIFY2(refused.ok, qPrintable(refused.error));
        QVERIFY2(refused.warning.contains("XMP left out: more than 8192 properties"), qPrintable(refused.warning));
        QVERIFY(refused.xmp.empty());

        const Written kept = run(pngWithXmp(photo(64, 48), packet(keywords)), "[]", out("png", "keep"));
        QVERIFY2(kept.ok, qPrintable(kept.error));
        QVERIFY2(kept.warning.isEmpty(), qPrintable(kept.warning));
        QVERIFY(xmpText(kept.xmp, "Xmp.dc.subject").contains("k19999"));
    }

    // A JPEG with two EXIF blocks: the second adds the tags the first lacks, the first's win.
    void furtherExifBlocksAddWhatTheFirstLacks()
    {
        const auto block = [](const char *make, const char *key, const char *value) {
            Exiv2::ExifData e;
            e["Exif.Image.Make"] = make;
            e[key] = value;
            Exiv2::Blob blob;
            Exiv2::ExifParser::encode(blob, Exiv2::littleEndian, e);
            Bytes app1 = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
            app1.insert(app1.end(), blob.begin(), blob.end());
            app1[2] = uint8_t((app1.size() - 2) >> 8);
            app1[3] = uint8_t((app1.size() - 2) & 0xff);
            return app1;
        };
        Bytes jpeg = encoded(photo(64, 48), OutputFormat::Jpeg);
        const Bytes first = block("First", "Exif.Image.Artist", "one");
        const Bytes second = block("Second", "Exif.Image.Copyright", "two");
        jpeg.insert(jpeg.begin() + 2, second.begin(), second.end());
        jpeg.insert(jpeg.begin() + 2, first.begin(), first.end());
        const Written w = run(jpeg, "[]", out("jpeg", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(exifText(w.exif, "Exif.Image.Make"), QStringLiteral("First"));
        QCOMPARE(exifText(w.exif, "Exif.Image.Artist"), QStringLiteral("one"));
        QCOMPARE(exifText(w.exif, "Exif.Image.Copyright"), QStringLiteral("two"));
    }

    // EXIF over 64 KB (a camera's maker note, a long comment or description) is kept whole by every
    // format that holds it, from a PNG or a TIFF; a JPEG's APP1 segment holds 64 KB, so a JPEG keeps
    // the rest and its warning names what was left out. exiv2's encoder dropped such tags from
    // every output, and said nothing.
    void largeExifTagsAreKeptOrNamed_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("bytes");
        QTest::addColumn<QString>("warning"); // what a JPEG's says; empty: the tag is kept
        for (const char *format : {"png", "tiff", "webp", "jxl", "avif", "jpeg"}) {
            const bool jpeg = QLatin1String(format) == QLatin1String("jpeg");
            QTest::addRow("maker note, 70 KB, %s", format)
                << "png" << format << "Exif.Photo.MakerNote" << 70000
                << (jpeg ? "the camera's maker notes left out: EXIF is limited to 64 KB in a JPEG" : "");
            QTest::addRow("user comment, 70 KB, %s", format)
                << "png" << format << "Exif.Photo.UserComment" << 70000
                << (jpeg ? "EXIF tag Exif.Photo.UserComment (70000 bytes) left out: EXIF is limited to 64 KB in a JPEG"
                         : "");
            QTest::addRow("description, 70 KB, %s", format)
                << "png" << format << "Exif.Image.ImageDescription" << 70000
                << (jpeg ? "EXIF tag Exif.Image.ImageDescription (70000 bytes) left out" : "");
        }
        QTest::newRow("maker note, 60 KB, jpeg") << "png"
                                                 << "jpeg"
                                                 << "Exif.Photo.MakerNote" << 60000 << "";
        QTest::newRow("TIFF source, maker note, 70 KB, png") << "tiff"
                                                             << "png"
                                                             << "Exif.Photo.MakerNote" << 70000 << "";
        QTest::newRow("TIFF source, user comment, 200 KB, tiff") << "tiff"
                                                                 << "tiff"
                                                                 << "Exif.Photo.UserComment" << 200000 << "";
    }
    void largeExifTagsAreKeptOrNamed()
    {
        QFETCH(QString, source);
        QFETCH(QString, format);
        QFETCH(QString, key);
        QFETCH(int, bytes);
        QFETCH(QString, warning);
        const Bytes exif = exifWithLargeTag(key.toStdString(), bytes);
        Bytes input;
        if (source == "png") {
            input = pngWith(photo(64, 48), [&](png_structp png, png_infop info) {
                png_set_eXIf_1(png, info, png_uint_32(exif.size()), const_cast<png_bytep>(exif.data()));
            });
        } else {
            OutputMetadata meta;
            meta.exif = exif;
            EncodeSettings s{OutputFormat::Tiff, 90, 6, false};
            s.metadata = &meta;
            QString error;
            QVERIFY2(encodeImage(photo(64, 48), s, &input, &error), qPrintable(error));
        }
        Exiv2::enableBMFF(true); // read the AVIF's and the JPEG XL's EXIF back too
        const Written w = run(input, "[]", out(format.toLatin1().constData(), "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        if (warning.isEmpty())
            QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        else
            QVERIFY2(w.warning.contains(warning), qPrintable(w.warning));
        QCOMPARE(exifText(w.exif, "Exif.Image.Make"), QString("PixelCam"));
        QCOMPARE(exifText(w.exif, "Exif.Photo.DateTimeOriginal"), QString("2024:05:06 07:08:09"));
        const auto tag = w.exif.findKey(Exiv2::ExifKey(key.toStdString()));
        if (warning.isEmpty()) {
            QVERIFY2(tag != w.exif.end(), "kept");
            QCOMPARE(tag->size(), long(bytes));
        } else {
            QVERIFY2(tag == w.exif.end(), "left out");
        }
    }

    // A CMYK JPEG's and a CMYK TIFF's inks (8 or 16 bits) go through their profile (a TIFF's went through
    // libtiff's plain formula, and its profile was then dropped with a warning).
    void cmykFilesConvertThroughTheirProfile_data()
    {
        QTest::addColumn<bool>("tiff");
        QTest::addColumn<bool>("sixteenBits");
        QTest::newRow("JPEG") << false << false;
        QTest::newRow("TIFF") << true << false;
        QTest::newRow("TIFF, 16 bits") << true << true;
    }
    void cmykFilesConvertThroughTheirProfile()
    {
        QFETCH(bool, tiff);
        QFETCH(bool, sixteenBits);
        const Bytes cmykIcc = readAll("/usr/share/color/icc/ghostscript/default_cmyk.icc");
        if (cmykIcc.empty())
            QSKIP("no CMYK profile (Debian package libgs-common)");
        const cv::Mat cmyk = cmykPixels(160, 120);
        const Bytes file = tiff ? cmykTiff(cmyk, cmykIcc, sixteenBits) : cmykJpeg(cmyk, cmykIcc);

        Written w = run(file, "[]", out("png", "keep", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.pixels.channels(), 3);
        QCOMPARE(w.pixels.depth(), sixteenBits ? CV_16U : CV_8U); // 16-bit inks stay 16-bit
        if (sixteenBits)
            w.pixels.convertTo(w.pixels, CV_8U, 1.0 / 257);
        QVERIFY(w.icc == colour::srgbProfile()); // a CMYK profile cannot describe RGB pixels
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        const double de = meanDeltaE(cmyk, cmykIcc, w.pixels, {});
        qInfo("CMYK: mean ΔE2000 against the profile's own colours: %.3f", de);
        QVERIFY2(de < 1.5, qPrintable(QString::number(de)));
        // The plain formula that files without a profile get is far off: the test can tell.
        const double plain = meanDeltaE(cmyk, cmykIcc, plainPicture(cmyk), {});
        qInfo("CMYK: the plain formula's mean ΔE2000: %.3f", plain);
        QVERIFY2(plain > 3 * de, qPrintable(QStringLiteral("%1 vs %2").arg(plain).arg(de)));
    }

    // A CMYK JPEG without Adobe's APP14 marker holds the same inverted inks (255 is no ink) as
    // one with it, the way browsers, Pillow and ImageMagick read it: it came out as its negative's
    // dark picture before.
    void cmykJpegWithoutAnAdobeMarkerIsReadAsAdobeCmyk()
    {
        const cv::Mat cmyk = cmykPixels(160, 120);
        const Written marked = run(cmykJpeg(cmyk, {}), "[]", out("png", "keep"));
        const Written unmarked = run(cmykJpeg(cmyk, {}, false), "[]", out("png", "keep"));
        QVERIFY2(marked.ok, qPrintable(marked.error));
        QVERIFY2(unmarked.ok, qPrintable(unmarked.error));
        QCOMPARE(unmarked.pixels.size(), cmyk.size());
        QCOMPARE(unmarked.pixels.channels(), 3);
        QCOMPARE(cv::norm(unmarked.pixels, marked.pixels, cv::NORM_INF), 0.0);
        // And that is the inks' picture, not its negative.
        const cv::Mat expected = plainPicture(cmyk);
        const double off = cv::norm(unmarked.pixels, expected, cv::NORM_L1) / double(expected.total() * 3);
        QVERIFY2(off < 2, qPrintable(QString::number(off)));
    }

    // A packet in which a tool repeated a property (digiKam has written such) is refused by the XMP
    // toolkit; it is kept as text in every format, and read back from each. exiv2 cannot write
    // it into a TIFF (it must parse it): a TIFF left it out with a warning.
    void xmpWithARepeatedPropertyIsKeptAsText_data()
    {
        QTest::addColumn<QString>("format");
        for (const char *f : {"jpeg", "png", "webp", "tiff"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void xmpWithARepeatedPropertyIsKeptAsText()
    {
        QFETCH(QString, format);
        const std::string packet =
            R"(<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">)"
            R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" )"
            R"(xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmp:Rating="3">)"
            R"(<xmp:Rating>4</xmp:Rating><dc:source>Roll 42</dc:source></rdf:Description></rdf:RDF></x:xmpmeta>)"
            R"(<?xpacket end="w"?>)";
        const Written w = run(pngWithXmp(photo(64, 48), packet), "[]", out(qPrintable(format), "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(!w.warning.contains("XMP"), qPrintable(w.warning));
        QVERIFY2(w.xmpPacket.find("Roll 42") != std::string::npos, w.xmpPacket.c_str());
        QCOMPARE(w.pixels.size(), cv::Size(64, 48));
        const Written again = run(w.bytes, "[]", out("jpeg", "keep"));
        QVERIFY2(again.ok, qPrintable(again.error));
        QVERIFY2(again.xmpPacket.find("Roll 42") != std::string::npos, again.xmpPacket.c_str());
    }

    // A CMYK TIFF whose profile is no CMYK one (here Adobe RGB) is converted by the plain formula,
    // and the profile, which describes neither the inks nor their result, goes with a warning (it
    // was kept on the result, and `colour: srgb` converted the pixels through it).
    void cmykTiffWithAnRgbProfileLosesItWithAWarning_data()
    {
        QTest::addColumn<bool>("sixteenBits");
        QTest::newRow("8 bits") << false;
        QTest::newRow("16 bits") << true;
    }
    void cmykTiffWithAnRgbProfileLosesItWithAWarning()
    {
        QFETCH(bool, sixteenBits);
        const cv::Mat cmyk = cmykPixels(64, 48);
        const Written w = run(cmykTiff(cmyk, adobeRgb(), sixteenBits), "[]", out("png", "keep", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.contains("CMYK converted without its colour profile: not a CMYK profile"),
                 qPrintable(w.warning));
        QVERIFY(w.icc.empty());
        cv::Mat eight = w.pixels;
        if (sixteenBits)
            w.pixels.convertTo(eight, CV_8U, 1.0 / 257);
        QVERIFY2(cv::norm(eight, plainPicture(cmyk), cv::NORM_INF) <= 2,
                 qPrintable(QString::number(cv::norm(eight, plainPicture(cmyk), cv::NORM_INF))));
    }

    void photoFactsForNames()
    {
        proto::PhotoFacts facts;
        Written w = run(cameraJpeg(photo(), 1, {}), "[]", out("jpeg", "strip"), &facts);
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(facts.taken, QString("2024-05-06 07:08:09"));
        QCOMPARE(facts.camera, QString("PixelCam PC-1"));
        QCOMPARE(facts.lens, QString("PC 24-70mm f/2.8"));
        QCOMPARE(facts.iso, 800u);
        // Without EXIF: nothing known (the front end dates such a photo by its file).
        w = run(encoded(photo(), OutputFormat::Png), "[]", out("png", "keep"), &facts);
        QVERIFY(w.ok);
        QVERIFY(facts.taken.isEmpty() && facts.camera.isEmpty() && facts.lens.isEmpty());
        QCOMPARE(facts.iso, 0u);
    }

    void heicAndAvifComeOutUprightOnce_data()
    {
        QTest::addColumn<bool>("avif");
        QTest::addColumn<QString>("steps");
        QTest::newRow("HEIC") << false << R"([])";
        QTest::newRow("HEIC, autoOrient") << false << R"([{"op":"autoOrient"}])";
        QTest::newRow("AVIF, autoOrient") << true << R"([{"op":"autoOrient"}])";
    }
    void heicAndAvifComeOutUprightOnce()
    {
        QFETCH(bool, avif);
        QFETCH(QString, steps);
        // Upright: red on the left half, blue on the right; stored turned 90° (as a phone held
        // upright stores it), with irot and EXIF both saying so.
        cv::Mat upright(64, 96, CV_8UC3, cv::Scalar(255, 0, 0));
        upright(cv::Rect(0, 0, 48, 64)).setTo(cv::Scalar(0, 0, 255));
        cv::Mat stored;
        cv::rotate(upright, stored, cv::ROTATE_90_COUNTERCLOCKWISE);
        const Written w = run(heifFile(stored, avif, heif_orientation_rotate_90_cw), steps.toLatin1().constData(),
                              out("png", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        QCOMPARE(w.pixels.cols, 96); // turned once, by libheif, whatever the preset says
        QCOMPARE(w.pixels.rows, 64);
        const cv::Vec3b left = w.pixels.at<cv::Vec3b>(32, 10), right = w.pixels.at<cv::Vec3b>(32, 86);
        QVERIFY2(left[2] > 200 && left[0] < 60 && right[0] > 200 && right[2] < 60, "red left, blue right");
        QCOMPARE(exifText(w.exif, "Exif.Image.Orientation"), QString("1")); // viewers must not turn it again
        QCOMPARE(exifText(w.exif, "Exif.Image.Make"), QString("PixelPhone"));
        QCOMPARE(exifText(w.exif, "Exif.Photo.PixelXDimension"), QString("96"));
    }

    // HEIF has an image's own transformations (irot/imir) count and its EXIF Orientation ignored,
    // as libheif and browsers read it, while some viewers follow the EXIF: a file whose EXIF states
    // another orientation than they amount to is read as they say, the output's EXIF saying 1 beside
    // its pixels, and a warning says so. None where they agree, where the EXIF says 1, or without
    // EXIF. Before, such a file was written without a word.
    void heifOrientationsThatDisagreeAreSaid_data()
    {
        QTest::addColumn<bool>("avif");
        QTest::addColumn<int>("turn"); // what the irot/imir libheif writes amount to
        QTest::addColumn<int>("exif"); // its EXIF's Orientation; 0: no EXIF
        QTest::addColumn<QString>("warning");
        const auto unturned = [](const char *kind) {
            return QStringLiteral("the %1 states different orientations (6 in its EXIF, none in its irot/imir): it "
                                  "is read as stored, as HEIF has it (its irot/imir count, not its EXIF); viewers "
                                  "that follow the EXIF show it otherwise")
                .arg(QLatin1String(kind));
        };
        QTest::newRow("HEIC, EXIF 6, no irot") << false << 1 << 6 << unturned("HEIF");
        QTest::newRow("AVIF, EXIF 6, no irot") << true << 1 << 6 << unturned("AVIF");
        QTest::newRow("HEIC, EXIF 3, irot of 6")
            << false << 6 << 3
            << QStringLiteral("the HEIF states different orientations (3 in its EXIF, 6 in its irot/imir): 6 is "
                              "read, as HEIF has it (its irot/imir count, not its EXIF); viewers that follow the "
                              "EXIF show it otherwise");
        for (int o = 1; o <= 8; ++o)
            QTest::addRow("HEIC, EXIF %d, irot/imir of %d", o, o) << false << o << o << QString();
        QTest::newRow("AVIF, EXIF 6, irot of 6") << true << 6 << 6 << QString();
        QTest::newRow("HEIC, EXIF 1, irot of 6") << false << 6 << 1 << QString();
        QTest::newRow("HEIC, no EXIF, irot of 6") << false << 6 << 0 << QString();
        QTest::newRow("HEIC, no EXIF, no irot") << false << 1 << 0 << QString();
    }
    void heifOrientationsThatDisagreeAreSaid()
    {
        QFETCH(bool, avif);
        QFETCH(int, turn);
        QFETCH(int, exif);
        QFETCH(QString, warning);
        const cv::Mat stored = fourQuadrants();
        const Bytes file = heifFile(stored, avif, heif_orientation(turn), exif);
        // The file as made: libheif keeps the EXIF's Orientation as given.
        const ImageInfo info = probeImage(file.data(), file.size());
        const SourceMetadata source = decodeImage(file.data(), file.size(), info, 8, false, true).metadata;
        Exiv2::ExifData sourceExif;
        if (!source.exif.empty())
            Exiv2::ExifParser::decode(sourceExif, source.exif.data(), uint32_t(source.exif.size()));
        QCOMPARE(exifText(sourceExif, "Exif.Image.Orientation"), exif ? QString::number(exif) : QString());

        const Written w = run(file, "[]", out("png", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.warning, warning);
        QVERIFY(samePixels(w.pixels, ops::applyExifOrientation(stored, turn), 40));            // as the irot/imir say
        QCOMPARE(exifText(w.exif, "Exif.Image.Orientation"), exif ? QString("1") : QString()); // true of them
    }

    void keepFormatKeepsLosslessWebpLossless()
    {
        cv::Mat noise(40, 60, CV_8UC3);
        cv::randu(noise, 0, 255);
        EncodeSettings s{OutputFormat::Webp, 90, 6, false};
        s.lossless = true;
        Bytes source;
        QString error;
        QVERIFY(encodeImage(noise, s, &source, &error));
        const Written kept = run(source, "[]", QStringLiteral(R"({"format":"keep"})"));
        QVERIFY2(kept.ok, qPrintable(kept.error));
        QCOMPARE(cv::norm(kept.pixels, noise, cv::NORM_INF), 0.0);
        // Chosen by format, lossy unless the preset says lossless.
        const Written lossy = run(source, "[]", QStringLiteral(R"({"format":"webp","quality":90})"));
        QVERIFY(cv::norm(lossy.pixels, noise, cv::NORM_INF) > 0);
        const Written lossless = run(source, "[]", QStringLiteral(R"({"format":"webp","webpLossless":true})"));
        QCOMPARE(cv::norm(lossless.pixels, noise, cv::NORM_INF), 0.0);
    }

    void losslessBmpRefusesTransparency()
    {
        // BMP holds no transparency: it is flattened onto `background`, which a lossless output asked
        // for did without a word. Refused for an image with some; an opaque one is written exactly.
        cv::Mat rgba;
        cv::cvtColor(photo(40, 30), rgba, cv::COLOR_BGR2BGRA);
        const QString lossless = QStringLiteral(R"({"format":"bmp","lossless":true})");
        const Written opaque = run(encoded(rgba, OutputFormat::Png), "[]", lossless);
        QVERIFY2(opaque.ok, qPrintable(opaque.error));
        QCOMPARE(cv::norm(opaque.pixels, photo(40, 30), cv::NORM_INF), 0.0);
        rgba.at<cv::Vec4b>(7, 9)[3] = 128;
        const Written refused = run(encoded(rgba, OutputFormat::Png), "[]", lossless);
        QVERIFY(!refused.ok);
        QCOMPARE(refused.error, QStringLiteral("lossless output asked for, but bmp holds no transparency, which this "
                                               "image has: choose png, webp, tiff, jxl or avif, or turn lossless off"));
        const Written flattened = run(encoded(rgba, OutputFormat::Png), "[]", QStringLiteral(R"({"format":"bmp"})"));
        QVERIFY2(flattened.ok, qPrintable(flattened.error)); // not asked to be lossless: as before
    }

    // BMP holds no colour profile: an Adobe RGB photo (or grey of a grey profile) written as BMP
    // lost its profile without a word, its pixels then read as sRGB; said as `metadata: strip` says
    // it. sRGB's own profile, or pixels converted to sRGB, need no word.
    void bmpSaysItLeavesOutAProfile()
    {
        const Written adobe = run(encoded(photo(40, 30), OutputFormat::Png, adobeRgb()), "[]",
                                  QStringLiteral(R"({"format":"bmp","colour":"keep"})"));
        QVERIFY2(adobe.ok, qPrintable(adobe.error));
        QVERIFY2(adobe.warning.contains("colour profile was left out: bmp holds none, so colours will look different"),
                 qPrintable(adobe.warning));
        QCOMPARE(cv::norm(adobe.pixels, photo(40, 30), cv::NORM_INF), 0.0); // as written, unconverted
        const Written converted = run(encoded(photo(40, 30), OutputFormat::Png, adobeRgb()), "[]",
                                      QStringLiteral(R"({"format":"bmp","colour":"srgb"})"));
        QVERIFY2(converted.ok && converted.warning.isEmpty(), qPrintable(converted.warning));
        const Written srgb = run(encoded(photo(40, 30), OutputFormat::Png, colour::srgbProfile()), "[]",
                                 QStringLiteral(R"({"format":"bmp","colour":"keep"})"));
        QVERIFY2(srgb.ok && srgb.warning.isEmpty(), qPrintable(srgb.warning));
    }

    // IPTC mirrored into XMP (PNG, WebP, JPEG XL, AVIF) carries the date and time created, the
    // subject codes and the genre, as the IPTC Photo Metadata Standard maps them, and the
    // digitisation date as xmp:CreateDate (MWG); an IPTC-only photo came out undated (QA note 35,
    // #4). What XMP has no place for is named.
    void iptcDatesAndCodesReachTheXmp_data()
    {
        QTest::addColumn<QString>("format");
        for (const char *f : {"png", "webp"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void iptcDatesAndCodesReachTheXmp()
    {
        QFETCH(QString, format);
        Bytes jpeg = encoded(photo(40, 30), OutputFormat::Jpeg);
        auto image = Exiv2::ImageFactory::open(jpeg.data(), long(jpeg.size()));
        image->readMetadata();
        Exiv2::IptcData iptc;
        iptc["Iptc.Application2.ObjectName"] = "Title";
        iptc["Iptc.Application2.DateCreated"] = "2026-05-01";
        iptc["Iptc.Application2.TimeCreated"] = "12:34:56-02:30";
        iptc["Iptc.Application2.DigitizationDate"] = "2026-05-02";
        iptc["Iptc.Application2.DigitizationTime"] = "08:00:00+00:00";
        iptc["Iptc.Application2.Subject"] = "IPTC:15000000:Sport";
        Exiv2::StringValue second("IPTC:04000000");
        iptc.add(Exiv2::IptcKey("Iptc.Application2.Subject"), &second);
        iptc["Iptc.Application2.ObjectAttribute"] = "IPTC:011:Profile";
        iptc["Iptc.Application2.Contact"] = "Jo, +33 1 23 45 67 89";
        image->setIptcData(iptc);
        Bytes input = writtenBytes(*image);
        const Written w = run(input, "[]", out(qPrintable(format), "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.warning, QStringLiteral("IPTC Contact left out: this format holds IPTC only inside XMP, which has "
                                           "no place for it"));
        QCOMPARE(xmpText(w.xmp, "Xmp.dc.title"), QStringLiteral("lang=\"x-default\" Title"));
        QCOMPARE(xmpText(w.xmp, "Xmp.photoshop.DateCreated"), QStringLiteral("2026-05-01T12:34:56-02:30"));
        QCOMPARE(xmpText(w.xmp, "Xmp.xmp.CreateDate"), QStringLiteral("2026-05-02T08:00:00+00:00"));
        QCOMPARE(xmpText(w.xmp, "Xmp.iptc.SubjectCode"), QStringLiteral("15000000, 04000000"));
        QCOMPARE(xmpText(w.xmp, "Xmp.iptc.IntellectualGenre"), QStringLiteral("Profile"));
    }

    // Metadata bound to places in the picture follows the pixels through a resize and quarter
    // turns, and is left out when the frame changes otherwise (QA note 35, #7): after a crop, an
    // MWG face region and EXIF's SubjectArea named another part of the picture.
    void regionsFollowThePixels_data()
    {
        QTest::addColumn<QString>("steps");
        QTest::addColumn<int>("orientation"); // the source's
        QTest::addColumn<QSize>("applied");   // the regions' AppliedToDimensions
        QTest::addColumn<bool>("asText");     // in a packet kept as text
        QTest::addColumn<QString>("area");    // the region's x, y, w, h; empty: left out
        QTest::addColumn<QString>("dimensions");
        QTest::addColumn<QString>("subject"); // SubjectArea; SubjectLocation is its first two
        const QString crop = R"([{"op":"crop","mode":"rect","x":300,"y":0,"width":300,"height":400}])";
        const QString half = R"([{"op":"resize","mode":"scale","percent":50}])";
        const QString turn = R"([{"op":"rotate","angle":90}])";
        const QString upright = R"([{"op":"autoOrient"}])";
        QTest::newRow("crop") << crop << 1 << QSize(600, 400) << false << ""
                              << ""
                              << "";
        QTest::newRow("crop, as text") << crop << 1 << QSize(600, 400) << true << ""
                                       << ""
                                       << "";
        QTest::newRow("border") << R"([{"op":"border","size":10}])" << 1 << QSize(600, 400) << false << ""
                                << ""
                                << "";
        QTest::newRow("resize") << half << 1 << QSize(600, 400) << false << "0.25 0.25 0.1 0.15"
                                << "300 200"
                                << "75 50 30 20";
        QTest::newRow("quarter turn") << turn << 1 << QSize(600, 400) << false << "0.75 0.25 0.15 0.1"
                                      << "400 600"
                                      << "299 150 40 60";
        QTest::newRow("upright, stored frame") << upright << 6 << QSize(600, 400) << false << "0.75 0.25 0.15 0.1"
                                               << "400 600"
                                               << "299 150 40 60";
        QTest::newRow("upright, shown frame") << upright << 6 << QSize(400, 600) << false << "0.25 0.25 0.1 0.15"
                                              << "400 600"
                                              << "299 150 40 60";
        // Without autoOrient, a step that works on the picture's frame turns it upright first
        // (framedStepsSeeThePictureUpright): its regions turn with it.
        QTest::newRow("box of the shown frame, no autoOrient")
            << R"([{"op":"resize","mode":"exact","width":400,"height":600}])" << 6 << QSize(600, 400) << false
            << "0.75 0.25 0.15 0.1"
            << "400 600"
            << "299 150 40 60";
        QTest::newRow("upright, square: cannot tell") << upright << 3 << QSize(600, 400) << false << ""
                                                      << ""
                                                      << "449 299 60 40";
    }
    void regionsFollowThePixels()
    {
        QFETCH(QString, steps);
        QFETCH(int, orientation);
        QFETCH(QSize, applied);
        QFETCH(bool, asText);
        QFETCH(QString, area);
        QFETCH(QString, dimensions);
        QFETCH(QString, subject);
        Bytes jpeg = encoded(photo(600, 400), OutputFormat::Jpeg);
        auto image = Exiv2::ImageFactory::open(jpeg.data(), long(jpeg.size()));
        image->readMetadata();
        Exiv2::ExifData exif;
        exif["Exif.Image.Orientation"] = uint16_t(orientation);
        exif["Exif.Photo.SubjectArea"] = "150 100 60 40";
        exif["Exif.Photo.SubjectLocation"] = "150 100";
        image->setExifData(exif);
        // Ordinary string literals: moc reads raw ones with an odd number of quotes wrongly.
        const std::string packet =
            "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
            "<rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/' "
            "xmlns:mwg-rs='http://www.metadataworkinggroup.com/schemas/regions/' "
            "xmlns:stDim='http://ns.adobe.com/xap/1.0/sType/Dimensions#' "
            "xmlns:stArea='http://ns.adobe.com/xmp/sType/Area#'><xmp:Rating>4</xmp:Rating>" +
            std::string(asText ? "<xmp:Rating>3</xmp:Rating>" : "") +
            "<mwg-rs:Regions rdf:parseType='Resource'><mwg-rs:AppliedToDimensions stDim:w='" +
            std::to_string(applied.width()) + "' stDim:h='" + std::to_string(applied.height()) +
            "' stDim:unit='pixel'/><mwg-rs:RegionList><rdf:Bag><rdf:li><rdf:Description mwg-rs:Name='Alice' "
            "mwg-rs:Type='Face'><mwg-rs:Area stArea:x='0.25' stArea:y='0.25' stArea:w='0.1' stArea:h='0.15' "
            "stArea:unit='normalized'/></rdf:Description></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>"
            "</rdf:Description></rdf:RDF></x:xmpmeta>";
        Bytes input = writtenBytes(*image);
        const std::string segment = std::string("http://ns.adobe.com/xap/1.0/", 29) + packet; // exiv2 would parse it
        Bytes app1 = {0xFF, 0xE1, uint8_t((segment.size() + 2) >> 8), uint8_t(segment.size() + 2)};
        app1.insert(app1.end(), segment.begin(), segment.end());
        input.insert(input.begin() + 2, app1.begin(), app1.end());
        const Written w = run(input, qPrintable(steps), out("jpeg", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        QVERIFY2(w.xmpPacket.find("Rating") != std::string::npos, w.xmpPacket.c_str());
        const std::string region = "Xmp.mwg-rs.Regions/mwg-rs:RegionList[1]/mwg-rs:Area/stArea:";
        const std::string dims = "Xmp.mwg-rs.Regions/mwg-rs:AppliedToDimensions/stDim:";
        if (area.isEmpty()) {
            QVERIFY2(w.xmpPacket.find("Regions") == std::string::npos, w.xmpPacket.c_str());
        } else {
            QStringList got;
            for (const char *f : {"x", "y", "w", "h"})
                got << xmpText(w.xmp, (region + f).c_str());
            QCOMPARE(got.join(' '), area);
            QCOMPARE(xmpText(w.xmp, (dims + "w").c_str()) + ' ' + xmpText(w.xmp, (dims + "h").c_str()), dimensions);
            QCOMPARE(xmpText(w.xmp, "Xmp.mwg-rs.Regions/mwg-rs:RegionList[1]/mwg-rs:Name"), QStringLiteral("Alice"));
        }
        QCOMPARE(exifText(w.exif, "Exif.Photo.SubjectArea"), subject);
        QCOMPARE(exifText(w.exif, "Exif.Photo.SubjectLocation"), subject.section(' ', 0, 1));
    }

    // A BMP holds no metadata: what the source has is named in one warning, where it was dropped
    // without a word (QA note 35, #5); `metadata: strip` asked for that, and says nothing.
    void bmpSaysItLeavesOutMetadata()
    {
        Bytes jpeg = cameraJpeg(photo(40, 30), 1, {});
        const Bytes comment = {0xFF, 0xFE, 0, 11, 'a', ' ', 'n', 'o', 't', 'e', ' ', 'h', 'i'};
        jpeg.insert(jpeg.begin() + 2, comment.begin(), comment.end());
        for (const char *metadata : {"keep", "strip-location"}) {
            const Written w = run(jpeg, "[]", QStringLiteral(R"({"format":"bmp","metadata":"%1"})").arg(metadata));
            QVERIFY2(w.ok, qPrintable(w.error));
            QCOMPARE(w.warning,
                     QStringLiteral("metadata left out: bmp holds none of it (EXIF, XMP, IPTC, the comment)"));
        }
        OutputMetadata dpi; // a PNG's pHYs alone
        dpi.dpiX = dpi.dpiY = 300;
        EncodeSettings settings{OutputFormat::Png, 90, 6, false};
        settings.metadata = &dpi;
        Bytes png;
        QString error;
        QVERIFY2(encodeImage(photo(40, 30), settings, &png, &error), qPrintable(error));
        const Written resolution = run(png, "[]", QStringLiteral(R"({"format":"bmp"})"));
        QCOMPARE(resolution.warning, QStringLiteral("metadata left out: bmp holds none of it (the resolution)"));
        const Written stripped = run(jpeg, "[]", QStringLiteral(R"({"format":"bmp","metadata":"strip"})"));
        QVERIFY2(stripped.ok && stripped.warning.isEmpty(), qPrintable(stripped.warning));
        const Written bare =
            run(encoded(photo(40, 30), OutputFormat::Png), "[]", QStringLiteral(R"({"format":"bmp"})"));
        QVERIFY2(bare.ok && bare.warning.isEmpty(), qPrintable(bare.warning));
    }

    // Grey of a grey profile with alpha, written lossless as WebP (always colour) or JPEG XL: its
    // samples are converted through the profile to sRGB (level 50 became 65), which a lossless
    // output asked for did without a word. Said; PNG keeps them and the profile.
    void losslessSaysWhenGreySamplesAreConverted()
    {
        cmsToneCurve *curve = cmsBuildGamma(nullptr, 1.8);
        const Bytes grey = testphotos::saveProfile(cmsCreateGrayProfile(cmsD50_xyY(), curve), "Grey gamma 1.8");
        cmsFreeToneCurve(curve);
        cv::Mat greyAlpha(30, 40, CV_8UC2, cv::Scalar(50, 200));
        cv::Mat bgra;
        std::vector<cv::Mat> planes;
        cv::split(greyAlpha, planes);
        cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, bgra);
        const Bytes png = encoded(bgra, OutputFormat::Png, grey);
        const Written webp = run(png, "[]", QStringLiteral(R"({"format":"webp","lossless":true})"));
        QVERIFY2(webp.ok, qPrintable(webp.error));
        QVERIFY2(webp.warning.contains("lossless, but the grey samples were converted through the"),
                 qPrintable(webp.warning));
        const Written kept = run(png, "[]", QStringLiteral(R"({"format":"png","lossless":true})"));
        QVERIFY2(kept.ok && !kept.warning.contains("converted"), qPrintable(kept.warning));
    }

    void damagedMetadataIsLeftOutWithAWarning()
    {
        // An EXIF block that is not a TIFF structure and a profile that is not a profile.
        Bytes jpeg = encoded(photo(64, 48), OutputFormat::Jpeg);
        const std::string app1("\xFF\xE1\x00\x10"
                               "Exif\0\0JUNK\x01\x02\x03\x04",
                               18);
        std::string app2("\xFF\xE2\x00\x20"
                         "ICC_PROFILE\0\x01\x01", // chunk 1 of 1
                         18);
        app2.append(16, 'A');
        jpeg.insert(jpeg.begin() + 2, app2.begin(), app2.end());
        jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
        const Written w = run(jpeg, "[]", out("jpeg", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.contains("EXIF left out"), qPrintable(w.warning));
        QVERIFY2(w.warning.contains("colour profile ignored"), qPrintable(w.warning));
        QVERIFY(w.exif.empty());
        QVERIFY(w.icc.empty());
    }

    void anExifBlockWithoutTagsIsNoWarning_data()
    {
        QTest::addColumn<QByteArray>("tiff");
        // What ImageMagick leaves in a JPEG it writes (bench/corpus/wallpapers: Garden.jpg, Aqua.jpg…):
        // a TIFF header and an IFD0 of no entries.
        QTest::newRow("big-endian") << QByteArray("MM\0*\0\0\0\x08\0\0\0\0\0\0", 14);
        QTest::newRow("little-endian") << QByteArray("II*\0\x08\0\0\0\0\0\0\0\0\0", 14);
    }

    // An empty EXIF block holds nothing to keep: the output is written without a warning (every such
    // photo was "EXIF left out: no readable tags", a yellow line in the terminal and on its card).
    // A block that is not a TIFF structure keeps its warning (damagedMetadataIsLeftOutWithAWarning).
    void anExifBlockWithoutTagsIsNoWarning()
    {
        QFETCH(QByteArray, tiff);
        Bytes jpeg = encoded(photo(64, 48), OutputFormat::Jpeg);
        std::string app1("\xFF\xE1\0\0Exif\0\0", 10);
        app1.append(tiff.constData(), size_t(tiff.size()));
        app1[2] = char((app1.size() - 2) >> 8);
        app1[3] = char((app1.size() - 2) & 0xFF);
        jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
        for (const char *metadata : {"keep", "strip-location"}) {
            const Written w = run(jpeg, "[]", out("jpeg", metadata));
            QVERIFY2(w.ok, qPrintable(w.error));
            QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
            QVERIFY(w.exif.empty());
        }
    }

    // A source's EXIF with an IFD0 entry libtiff refuses in a TIFF: all of the EXIF was left out
    // (the requested Orientation with it); now that entry alone is.
    void entriesLibtiffRefusesStayOutOfTiffs_data()
    {
        QTest::addColumn<QByteArray>("exif");
        QTest::addColumn<int>("orientation");
        // A damaged phone photo's entry that has no value ("null count").
        const uint8_t empty[] = {'I',  'I',  42, 0, 8, 0, 0, 0,                 // little-endian TIFF header, IFD0 at 8
                                 2,    0,                                       // two entries
                                 0x3B, 0x01, 2,  0, 3, 0, 0, 0, 'J', 'o', 0, 0, // Artist, ASCII, 3: "Jo"
                                 0x02, 0x92, 5,  0, 0, 0, 0, 0, 0,   0,   0, 0, // ApertureValue, RATIONAL, 0
                                 0,    0,    0,  0};                            // no next IFD
        // A damaged source's entry of a type TIFF does not have (69).
        const uint8_t noType[] = {'I',  'I',  42, 0, 8, 0, 0, 0,                 // little-endian TIFF header, IFD0 at 8
                                  3,    0,                                       // three entries
                                  0x12, 0x01, 3,  0, 1, 0, 0, 0, 8,   0,   0, 0, // Orientation, SHORT, 1: 8
                                  0x3B, 0x01, 2,  0, 3, 0, 0, 0, 'J', 'o', 0, 0, // Artist, ASCII, 3: "Jo"
                                  0x02, 0x92, 69, 0, 1, 0, 0, 0, 1,   2,   3, 4, // ApertureValue, type 69, 1
                                  0,    0,    0,  0};                            // no next IFD
        QTest::newRow("an entry with no value") << QByteArray(reinterpret_cast<const char *>(empty), sizeof empty) << 1;
        QTest::newRow("an entry of no TIFF type")
            << QByteArray(reinterpret_cast<const char *>(noType), sizeof noType) << 8;
    }

    void entriesLibtiffRefusesStayOutOfTiffs()
    {
        QFETCH(QByteArray, exif);
        QFETCH(int, orientation);
        OutputMetadata meta;
        meta.exif.assign(exif.cbegin(), exif.cend());
        EncodeSettings s{OutputFormat::Tiff, 90, 6, false};
        s.metadata = &meta;
        Bytes tiff;
        QString error;
        QStringList warnings;
        QVERIFY2(encodeImage(photo(64, 48), s, &tiff, &error, &warnings), qPrintable(error));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join("; ")));
        const ImageInfo info = probeImage(tiff.data(), tiff.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.exifOrientation, orientation);
        const DecodeResult d = decodeImage(tiff.data(), tiff.size(), info, 8, false, true);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        auto image = Exiv2::ImageFactory::open(tiff.data(), long(tiff.size()));
        image->readMetadata();
        QCOMPARE(exifText(image->exifData(), "Exif.Image.Artist"), QString("Jo"));
        QCOMPARE(exifText(image->exifData(), "Exif.Image.ApertureValue"), QString());
    }

    // A TIFF that libtiff cannot read with the EXIF exiv2 wrote into it went out with no EXIF, IPTC or
    // XMP at all: a photo kept sideways by its Orientation came out without it, and its author,
    // copyright and caption were gone. libtiff now writes the TIFF again with what it writes itself
    // (the Orientation, IFD0's text entries, IPTC and XMP, besides the profile and resolution), and
    // the warning names the EXIF entries left out and what was kept. No job's EXIF reaches this any
    // more (exiv2 writes none of libtiff's image tags, and the entries libtiff refused are left out
    // before), so the EXIF is handed to the encoder: a damaged block whose IFD0 holds Orientation
    // twice, 9 first (no orientation TIFF has: libtiff refuses the directory with it) and then 6.
    void aTiffLibtiffRefusesKeepsWhatLibtiffWrites()
    {
        using Entry = std::tuple<uint16_t, uint16_t, Bytes>; // tag, type, value (its count from the type)
        const auto text = [](const char *t, size_t n) { return Bytes(t, t + n); };
        const std::vector<Entry> ifd0 = {
            {0x010E, 2, text("A test picture", 15)},      // ImageDescription
            {0x010F, 2, text("PixelCam", 9)},             // Make
            {0x0112, 3, {9, 0}},                          // Orientation 9
            {0x0112, 3, {6, 0}},                          // Orientation 6
            {0x0131, 2, text("a\0b", 4)},                 // Software: two strings
            {0x0132, 2, text("2024:05:06 07:08:09", 20)}, // DateTime
            {0x013B, 2, text("Jo", 3)},                   // Artist
            {0x4746, 3, {3, 0}},                          // Rating
            {0x8298, 2, text("(c) Jo", 7)},               // Copyright
        };
        Bytes exif = {'I', 'I', 42, 0, 8, 0, 0, 0};
        const auto put = [&](uint32_t v, int bytes) {
            for (int i = 0; i < bytes; ++i)
                exif.push_back(uint8_t(v >> (8 * i)));
        };
        put(uint32_t(ifd0.size()), 2);
        uint32_t data = uint32_t(8 + 2 + ifd0.size() * 12 + 4);
        for (const auto &[tag, type, value] : ifd0) {
            put(tag, 2), put(type, 2), put(uint32_t(type == 3 ? value.size() / 2 : value.size()), 4);
            if (value.size() <= 4) {
                exif.insert(exif.end(), value.begin(), value.end());
                exif.resize(exif.size() + 4 - value.size(), 0);
            } else {
                put(data, 4);
                data += uint32_t(value.size() + 1) & ~1u;
            }
        }
        put(0, 4); // no next IFD
        for (const auto &[tag, type, value] : ifd0)
            if (value.size() > 4) {
                exif.insert(exif.end(), value.begin(), value.end());
                exif.resize((exif.size() + 1) & ~size_t(1), 0);
            }
        OutputMetadata meta;
        meta.exif = exif;
        const std::string byline = "Jo Photographer"; // IPTC 2:80
        meta.iptc = {0x1C, 2, 80, 0, uint8_t(byline.size())};
        meta.iptc.insert(meta.iptc.end(), byline.begin(), byline.end());
        meta.xmp = R"(<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">)"
                   R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description )"
                   R"(rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li )"
                   R"(xml:lang="x-default">Test</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF>)"
                   R"(</x:xmpmeta><?xpacket end="w"?>)";
        meta.icc = lcmsSrgb();
        meta.dpiX = meta.dpiY = 300;
        EncodeSettings s{OutputFormat::Tiff, 90, 6, false};
        s.metadata = &meta;
        Bytes tiff;
        QString error;
        QStringList warnings;
        QVERIFY2(encodeImage(photo(64, 48), s, &tiff, &error, &warnings), qPrintable(error));
        QCOMPARE(warnings, QStringList{QStringLiteral(
                               "EXIF entries left out: Orientation, Software and Rating (libtiff cannot read the "
                               "TIFF with all of the EXIF: _TIFFVSetField: image: Bad value 9 for \"Orientation\" "
                               "tag); kept: Orientation, ImageDescription, Make, DateTime, Artist, Copyright, the "
                               "resolution, IPTC and XMP")});
        const ImageInfo info = probeImage(tiff.data(), tiff.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.exifOrientation, 6);
        const DecodeResult d = decodeImage(tiff.data(), tiff.size(), info, 8, false, true);
        QVERIFY2(!d.image.empty(), qPrintable(d.error));
        QCOMPARE(d.metadata.dpiX, 300.0);
        QVERIFY(d.metadata.icc == lcmsSrgb());
        auto image = Exiv2::ImageFactory::open(tiff.data(), long(tiff.size()));
        image->readMetadata();
        const Exiv2::ExifData &e = image->exifData();
        QCOMPARE(exifText(e, "Exif.Image.Orientation"), QString("6"));
        QCOMPARE(exifText(e, "Exif.Image.ImageDescription"), QString("A test picture"));
        QCOMPARE(exifText(e, "Exif.Image.Make"), QString("PixelCam"));
        QCOMPARE(exifText(e, "Exif.Image.DateTime"), QString("2024:05:06 07:08:09"));
        QCOMPARE(exifText(e, "Exif.Image.Artist"), QString("Jo"));
        QCOMPARE(exifText(e, "Exif.Image.Copyright"), QString("(c) Jo"));
        QCOMPARE(exifText(e, "Exif.Image.Software"), QString());
        QCOMPARE(exifText(e, "Exif.Image.Rating"), QString());
        QCOMPARE(iptcText(image->iptcData(), "Iptc.Application2.Byline"), QString::fromStdString(byline));
        const auto packet = e.findKey(Exiv2::ExifKey("Exif.Image.XMLPacket"));
        QVERIFY(packet != e.end());
        std::string written(size_t(packet->size()), '\0');
        packet->copy(reinterpret_cast<Exiv2::byte *>(written.data()), Exiv2::littleEndian);
        QCOMPARE(written, meta.xmp); // as it is
        QCOMPARE(xmpText(image->xmpData(), "Xmp.dc.title"), QString("lang=\"x-default\" Test"));
    }

    // A profile in APP2 chunks that do not add up is left out with the warning other damaged
    // profiles get (libjpeg drops it and only warns JWRN_BOGUS_ICC); split right, it is kept whole.
    void aProfileInChunksThatDoNotAddUpIsIgnoredWithAWarning_data()
    {
        QTest::addColumn<QList<int>>("chunks"); // number, count of each APP2 chunk, in file order
        QTest::addColumn<bool>("kept");
        QTest::newRow("1 of 2, 2 of 2") << QList<int>{1, 2, 2, 2} << true;
        QTest::newRow("2 of 2, 1 of 2 (any order)") << QList<int>{2, 2, 1, 2} << true;
        QTest::newRow("1 of 2 twice") << QList<int>{1, 2, 1, 2} << false;
        QTest::newRow("numbered 0") << QList<int>{0, 2, 1, 2} << false;
        QTest::newRow("counts differ") << QList<int>{1, 2, 2, 3} << false;
        QTest::newRow("2 of 2 missing") << QList<int>{1, 2} << false;
    }
    void aProfileInChunksThatDoNotAddUpIsIgnoredWithAWarning()
    {
        QFETCH(QList<int>, chunks);
        QFETCH(bool, kept);
        const Bytes &profile = colour::srgbProfile();
        const size_t half = profile.size() / 2;
        Bytes jpeg = encoded(photo(64, 48), OutputFormat::Jpeg);
        Bytes segments;
        for (int i = 0; i < chunks.size(); i += 2) {
            const int number = chunks[i];
            const auto from = profile.begin() + (number == 2 ? long(half) : 0);
            const auto to = number == 2 ? profile.end() : profile.begin() + long(half);
            const size_t length = 2 + 14 + size_t(to - from);
            const uint8_t head[] = {0xFF, 0xE2, uint8_t(length >> 8), uint8_t(length)};
            segments.insert(segments.end(), head, head + 4);
            const char *id = "ICC_PROFILE";
            segments.insert(segments.end(), id, id + 12); // with its terminating zero
            segments.push_back(uint8_t(number));
            segments.push_back(uint8_t(chunks[i + 1]));
            segments.insert(segments.end(), from, to);
        }
        jpeg.insert(jpeg.begin() + 2, segments.begin(), segments.end());
        const Written w = run(jpeg, "[]", out("jpeg", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        if (kept) {
            QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
            QVERIFY(w.icc == profile);
        } else {
            QCOMPARE(w.warning, QStringLiteral("colour profile ignored: its APP2 chunks are numbered wrongly or one is "
                                               "missing"));
            QVERIFY(w.icc.empty());
        }
    }

    // A PNG's text entries (Title, Author, Copyright, Description, Comment…) were dropped from
    // every output. Keep and strip-location keep them in a PNG as they were (Latin-1 in tEXt, other
    // text in iTXt, compressed where long, an iTXt's language and translated keyword too);
    // strip-location leaves out those whose keyword names a place; strip writes none.
    static Bytes pngWithText()
    {
        return pngWith(photo(64, 48), [](png_structp png, png_infop info) {
            static const std::string description(3000, 'd');
            png_text t[9] = {};
            const auto set = [&](int i, int compression, const char *key, const char *text, const char *lang = nullptr,
                                 const char *langKey = nullptr) {
                t[i].compression = compression;
                t[i].key = const_cast<char *>(key);
                t[i].text = const_cast<char *>(text);
                t[i].lang = const_cast<char *>(lang);
                t[i].lang_key = const_cast<char *>(langKey);
                if (compression >= PNG_ITXT_COMPRESSION_NONE)
                    t[i].itxt_length = std::strlen(text);
                else
                    t[i].text_length = std::strlen(text);
            };
            set(0, PNG_TEXT_COMPRESSION_NONE, "Title", "Sunset");
            set(1, PNG_TEXT_COMPRESSION_NONE, "Author", "Jo Photographer");
            set(2, PNG_ITXT_COMPRESSION_NONE, "Copyright", "\xC2\xA9 2024 Jo \xE2\x80\x93 all rights reserved");
            set(3, PNG_TEXT_COMPRESSION_zTXt, "Description", description.c_str());
            set(4, PNG_TEXT_COMPRESSION_NONE, "Comment", "shot on film");
            set(5, PNG_TEXT_COMPRESSION_NONE, "GPS Latitude", "48.85");
            set(6, PNG_ITXT_COMPRESSION_zTXt, "Title", "Sonnenuntergang", "de", "Titel");
            set(7, PNG_TEXT_COMPRESSION_NONE, "Creation Time", "Sat, 05 Dec 2026 15:00:00 +0000");
            set(8, PNG_TEXT_COMPRESSION_NONE, "Address", "1 Beach Road"); // was kept (QA note 45)
            png_set_text(png, info, t, 9);
        });
    }

    void pngTextEntriesStayInAPng_data()
    {
        QTest::addColumn<QString>("metadata");
        QTest::newRow("keep") << "keep";
        QTest::newRow("strip-location") << "strip-location";
        QTest::newRow("strip") << "strip";
    }
    void pngTextEntriesStayInAPng()
    {
        QFETCH(QString, metadata);
        const Written w = run(pngWithText(), "[]", out("png", metadata.toLatin1().constData()));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        const std::vector<PngTextChunk> texts = pngTextChunks(w.bytes);
        QStringList keys;
        for (const PngTextChunk &t : texts)
            keys.append(t.key);
        if (metadata == "strip") {
            QVERIFY2(texts.empty(), qPrintable(keys.join(", ")));
            return;
        }
        QStringList expected{"Title",        "Author", "Copyright",     "Description", "Comment",
                             "GPS Latitude", "Title",  "Creation Time", "Address"};
        if (metadata == "strip-location") {
            expected.removeAll("GPS Latitude");
            expected.removeAll("Address");
        }
        QCOMPARE(keys, expected);
        const auto entry = [&](int i) { return texts[size_t(i)]; };
        QCOMPARE(entry(0).text, QString("Sunset"));
        QCOMPARE(entry(0).compression, PNG_TEXT_COMPRESSION_NONE);
        QCOMPARE(entry(2).text, QString::fromUtf8("\xC2\xA9 2024 Jo \xE2\x80\x93 all rights reserved"));
        QCOMPARE(entry(2).compression, PNG_ITXT_COMPRESSION_NONE); // not Latin-1: iTXt
        QCOMPARE(entry(3).text, QString(3000, 'd'));
        QCOMPARE(entry(3).compression, PNG_TEXT_COMPRESSION_zTXt); // long: compressed
        const PngTextChunk german = entry(int(expected.lastIndexOf("Title")));
        QCOMPARE(german.text, QString("Sonnenuntergang"));
        QCOMPARE(german.language, QString("de"));
        QCOMPARE(german.translatedKey, QString("Titel"));
        QCOMPARE(entry(int(expected.indexOf("Creation Time"))).text, QString("Sat, 05 Dec 2026 15:00:00 +0000"));
    }

    // Other formats get the entries that have a standard home: Author in EXIF Artist and XMP
    // dc:creator, Copyright in EXIF Copyright and dc:rights, Description in EXIF ImageDescription
    // and dc:description, Title in dc:title (the German one as its "de" alternative), Comment in
    // a JPEG's COM segment or XMP exif:UserComment.
    void pngTextEntriesFindTheirHomes_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("metadata");
        for (const char *format : {"jpeg", "webp", "tiff", "jxl", "avif"}) {
            QTest::addRow("%s, keep", format) << format << "keep";
            QTest::addRow("%s, strip", format) << format << "strip";
        }
        QTest::newRow("jpeg, strip-location") << "jpeg"
                                              << "strip-location";
    }
    void pngTextEntriesFindTheirHomes()
    {
        QFETCH(QString, format);
        QFETCH(QString, metadata);
        const Written w = run(pngWithText(), "[]", out(format.toLatin1().constData(), metadata.toLatin1().constData()));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        const bool jpeg = format == "jpeg";
        const auto comment =
            std::search(w.bytes.begin(), w.bytes.end(), std::begin("shot on film"), std::end("shot on film") - 1);
        if (metadata == "strip") { // (a TIFF's own tags are EXIF's Image group to exiv2)
            for (const char *key : {"Exif.Image.Artist", "Exif.Image.Copyright", "Exif.Image.ImageDescription"})
                QVERIFY2(exifText(w.exif, key).isEmpty(), key);
            QVERIFY(w.xmpPacket.empty());
            QVERIFY(comment == w.bytes.end());
            return;
        }
        const QString copyright = QString::fromUtf8("\xC2\xA9 2024 Jo \xE2\x80\x93 all rights reserved");
        QCOMPARE(exifText(w.exif, "Exif.Image.Artist"), QString("Jo Photographer"));
        QCOMPARE(exifText(w.exif, "Exif.Image.Copyright"), copyright);
        QCOMPARE(exifText(w.exif, "Exif.Image.ImageDescription"), QString(3000, 'd'));
        QCOMPARE(xmpText(w.xmp, "Xmp.dc.title"), QString("lang=\"x-default\" Sunset, lang=\"de\" Sonnenuntergang"));
        QCOMPARE(xmpText(w.xmp, "Xmp.dc.creator"), QString("Jo Photographer"));
        QCOMPARE(xmpText(w.xmp, "Xmp.dc.rights"), QStringLiteral("lang=\"x-default\" ") + copyright);
        QCOMPARE(xmpText(w.xmp, "Xmp.dc.description"), QStringLiteral("lang=\"x-default\" ") + QString(3000, 'd'));
        if (jpeg) {
            const uint8_t com[] = {0xFF, 0xFE, 0, 14, 's', 'h', 'o', 't'};
            QVERIFY(std::search(w.bytes.begin(), w.bytes.end(), std::begin(com), std::end(com)) != w.bytes.end());
            QVERIFY(!hasXmp(w.xmp, "Xmp.exif.UserComment"));
        } else {
            QCOMPARE(xmpText(w.xmp, "Xmp.exif.UserComment"), QString("lang=\"x-default\" shot on film"));
        }
        // Every reader of the format accepts what was written.
        const ImageInfo info = probeImage(w.bytes.data(), w.bytes.size());
        const DecodeResult again = decodeImage(w.bytes.data(), w.bytes.size(), info, 8, false, true);
        QVERIFY2(!again.image.empty(), qPrintable(again.error));
        QVERIFY2(again.metadata.warnings.isEmpty(), qPrintable(again.metadata.warnings.join("; ")));
    }

    // What the source's own EXIF or XMP says stays: a text entry for the same field is not written
    // over it, in either block. A field of spaces (what cameras put in Artist) says nothing.
    void pngTextDoesNotOverrideTheSourcesExifOrXmp()
    {
        Exiv2::ExifData exif;
        exif["Exif.Image.Copyright"] = "EXIF copyright";
        exif["Exif.Image.Artist"] = std::string(31, ' ');
        Exiv2::MemIo io;
        Exiv2::TiffParser::encode(io, nullptr, 0, Exiv2::littleEndian, exif, Exiv2::IptcData(), Exiv2::XmpData());
        const Bytes block(io.mmap(), io.mmap() + io.size());
        Exiv2::XmpData xmp;
        xmp["Xmp.dc.title"] = "lang=x-default XMP title";
        std::string packet;
        Exiv2::XmpParser::encode(packet, xmp);
        const Bytes png = pngWith(photo(64, 48), [&](png_structp p, png_infop info) {
            png_set_eXIf_1(p, info, png_uint_32(block.size()), const_cast<png_bytep>(block.data()));
            png_text t[4] = {};
            t[0].compression = PNG_ITXT_COMPRESSION_NONE;
            t[0].key = const_cast<char *>("XML:com.adobe.xmp");
            t[0].text = packet.data();
            t[0].itxt_length = packet.size();
            t[1].compression = PNG_TEXT_COMPRESSION_NONE;
            t[1].key = const_cast<char *>("Copyright");
            t[1].text = const_cast<char *>("text copyright");
            t[2].compression = PNG_TEXT_COMPRESSION_NONE;
            t[2].key = const_cast<char *>("Title");
            t[2].text = const_cast<char *>("text title");
            t[3].compression = PNG_TEXT_COMPRESSION_NONE;
            t[3].key = const_cast<char *>("Author");
            t[3].text = const_cast<char *>("Jo");
            png_set_text(p, info, t, 4);
        });
        for (const char *format : {"jpeg", "webp"}) {
            const Written w = run(png, "[]", out(format, "keep"));
            QVERIFY2(w.ok, qPrintable(w.error));
            QCOMPARE(exifText(w.exif, "Exif.Image.Copyright"), QString("EXIF copyright"));
            QVERIFY(!hasXmp(w.xmp, "Xmp.dc.rights"));
            QCOMPARE(xmpText(w.xmp, "Xmp.dc.title"), QString("lang=\"x-default\" XMP title"));
            QCOMPARE(exifText(w.exif, "Exif.Image.Artist"), QString("Jo"));
            QCOMPARE(xmpText(w.xmp, "Xmp.dc.creator"), QString("Jo"));
        }
        // A PNG output keeps both, each where it was.
        const Written w = run(png, "[]", out("png", "keep"));
        QCOMPARE(exifText(w.exif, "Exif.Image.Copyright"), QString("EXIF copyright"));
        QCOMPARE(pngTextChunks(w.bytes).size(), size_t(4)); // the XMP packet and the three entries
    }

    // A JPEG's comment (COM segment) was dropped too: it stays in a JPEG, and is a PNG's "Comment".
    // Its EXIF and XMP go into a PNG's eXIf and iTXt chunks (everyFormatCarriesWhatItCan).
    void aJpegCommentTravels()
    {
        Bytes jpeg = encoded(photo(64, 48), OutputFormat::Jpeg);
        const std::string text("\xFF\xFE\x00\x0Esch\xC3\xB6n, 2024", 16);
        const Bytes com(text.begin(), text.end());
        jpeg.insert(jpeg.begin() + 2, com.begin(), com.end());
        const Written asJpeg = run(jpeg, "[]", out("jpeg", "keep"));
        QVERIFY2(asJpeg.ok, qPrintable(asJpeg.error));
        QVERIFY(std::search(asJpeg.bytes.begin(), asJpeg.bytes.end(), com.begin(), com.end()) != asJpeg.bytes.end());
        const Written asPng = run(jpeg, "[]", out("png", "keep"));
        const std::vector<PngTextChunk> texts = pngTextChunks(asPng.bytes);
        QCOMPARE(texts.size(), size_t(1));
        QCOMPARE(texts[0].key, QString("Comment"));
        QCOMPARE(texts[0].text, QString::fromUtf8("sch\xC3\xB6n, 2024"));
        QCOMPARE(texts[0].compression, PNG_TEXT_COMPRESSION_NONE); // Latin-1 after all
        const Written stripped = run(jpeg, "[]", out("jpeg", "strip"));
        QVERIFY(std::search(stripped.bytes.begin(), stripped.bytes.end(), com.begin(), com.end()) ==
                stripped.bytes.end());
    }

    // ImageMagick writes UTF-8 into tEXt (`-set comment "schön"`), and its comment keyword in lower
    // case: it is read as the UTF-8 it is, written back as PNG's Latin-1 tEXt, and is a JPEG's comment.
    void imageMagicksUtf8TextIsReadAsUtf8()
    {
        const Bytes png = withChunks(encoded(photo(64, 48), OutputFormat::Png),
                                     pngChunk("tEXt", QByteArray("comment\0a kite, sch\xC3\xB6n", 22)) +
                                         pngChunk("tEXt", QByteArray("Title\0Caf\xE9", 10)));
        const Written asPng = run(png, "[]", out("png", "keep"));
        QVERIFY2(asPng.ok, qPrintable(asPng.error));
        const std::vector<PngTextChunk> texts = pngTextChunks(asPng.bytes);
        QCOMPARE(texts.size(), size_t(2));
        QCOMPARE(texts[0].text, QString::fromUtf8("a kite, sch\xC3\xB6n"));
        QCOMPARE(texts[0].compression, PNG_TEXT_COMPRESSION_NONE);
        QCOMPARE(texts[1].text, QString::fromUtf8("Caf\xC3\xA9")); // Latin-1 stays Latin-1
        const Written asJpeg = run(png, "[]", out("jpeg", "keep"));
        const std::string com("\xFF\xFE\x00\x10"
                              "a kite, sch\xC3\xB6n",
                              18);
        QVERIFY(std::search(asJpeg.bytes.begin(), asJpeg.bytes.end(), com.begin(), com.end(),
                            [](uint8_t a, char b) { return a == uint8_t(b); }) != asJpeg.bytes.end());
        QCOMPARE(xmpText(asJpeg.xmp, "Xmp.dc.title"), QString::fromUtf8("lang=\"x-default\" Caf\xC3\xA9"));
    }

    // The text chunks are hostile bytes: a zTXt that inflates to gigabytes (a zip bomb), a thousand
    // of them, a wrong CRC, an iTXt that is not UTF-8, a keyword PNG does not allow. Each is left out
    // with a warning, having cost no more than the caps (1 MB an entry, 4 MB in all); what is
    // sound is kept. Before, libpng inflated each zTXt up to 16 MB and kept it, and a 16 MB file of
    // a thousand bombs took three minutes.
    void hostilePngTextIsBounded()
    {
        const QByteArray bomb = zlibCompressed(QByteArray(16 << 20, '\0'));
        QByteArray chunks = pngChunk("tEXt", QByteArray("Title\0Sunset", 12));
        chunks += pngChunk("zTXt", QByteArray("Comment\0\0", 9) + bomb);
        QByteArray badCrc = pngChunk("tEXt", QByteArray("Author\0Jo", 9));
        badCrc[badCrc.size() - 1] = char(badCrc[badCrc.size() - 1] ^ 1);
        chunks += badCrc;
        chunks += pngChunk("iTXt", QByteArray("Description\0\0\0\0\0\xFF\xFE", 18));
        chunks += pngChunk("tEXt", QByteArray(" Lead\0x", 8));
        chunks += pngChunk("tEXt", QByteArray("Copyright\0C", 11));
        for (int i = 0; i < 1000; ++i)
            chunks += pngChunk("zTXt", QByteArray("Bomb\0\0", 6) + bomb);
        chunks += pngChunk("zTXt", QByteArray("Software\0\0", 10) + zlibCompressed("PixelPool"));
        const Bytes png = withChunks(encoded(photo(64, 48), OutputFormat::Png), chunks);

        QElapsedTimer timer;
        timer.start();
        const Written w = run(png, "[]", out("png", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(w.warning.contains("PNG text \"Comment\" left out: it inflates to more than 1024 KB"),
                 qPrintable(w.warning));
        QVERIFY2(w.warning.contains("PNG text \"Author\" left out: damaged (its CRC is wrong)"), qPrintable(w.warning));
        QVERIFY2(w.warning.contains("PNG text \"Description\" left out: damaged (its text is not UTF-8)"),
                 qPrintable(w.warning));
        QVERIFY2(w.warning.contains("PNG text \" Lead\" left out: its keyword is not one PNG allows"),
                 qPrintable(w.warning));
        QVERIFY2(w.warning.contains("1001 more PNG text entries left out"), qPrintable(w.warning));
        QStringList keys;
        for (const PngTextChunk &t : pngTextChunks(w.bytes))
            keys.append(t.key);
        QCOMPARE(keys, QStringList({"Title", "Copyright"}));

        // What is kept stays within the caps, and what inflating cost too.
        std::vector<TextEntry> texts;
        meta::PngTextBlocks blocks;
        QStringList warnings;
        QByteArray many;
        const QByteArray megabyte = zlibCompressed(QByteArray((1 << 20) - 1, 'x'));
        for (int i = 0; i < 6; ++i)
            many += pngChunk("zTXt", QByteArray("Part\0\0", 6) + megabyte);
        const Bytes parts = withChunks(encoded(photo(64, 48), OutputFormat::Png), many);
        meta::readPngText(parts.data(), parts.size(), &texts, &blocks, &warnings);
        QCOMPARE(texts.size(), size_t(4)); // 4 MB in all
        QCOMPARE(warnings.size(), 2);
        QVERIFY2(warnings[0].contains("the text entries before it come to 4 MB, the most read"),
                 qPrintable(warnings[0]));
    }

    // A block over PixelPool's cap (a profile over 4 MB, XMP over 4 MB, EXIF over 1 MB) is left
    // unread, before any parser sees it. JPEG said so; WebP, TIFF, HEIF and a PNG's eXIf left it
    // out without a word.
    void aBlockTooLargeToReadIsSaid_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("block"); // icc, xmp or exif
        QTest::addColumn<QString>("warning");
        const size_t icc = colour::kMaxProfileBytes + 1000, xmp = kMaxXmpBytes + 1000, exif = kMaxExifBytes + 1000;
        const QString profile = QStringLiteral("colour profile ignored: %1 bytes is larger than any real profile");
        const QString block = QStringLiteral("%1 left out: %2 bytes is larger than any real block");
        QTest::newRow("JPEG profile") << "jpeg"
                                      << "icc" << profile.arg(icc);
        QTest::newRow("WebP profile") << "webp"
                                      << "icc" << profile.arg(icc);
        QTest::newRow("TIFF profile") << "tiff"
                                      << "icc" << profile.arg(icc);
        QTest::newRow("AVIF profile") << "avif"
                                      << "icc" << profile.arg(icc);
        QTest::newRow("WebP XMP") << "webp"
                                  << "xmp" << block.arg("XMP").arg(xmp);
        QTest::newRow("TIFF XMP") << "tiff"
                                  << "xmp" << block.arg("XMP").arg(xmp);
        QTest::newRow("WebP EXIF") << "webp"
                                   << "exif" << block.arg("EXIF").arg(exif);
        QTest::newRow("PNG EXIF") << "png"
                                  << "exif" << block.arg("EXIF").arg(exif);
    }
    void aBlockTooLargeToReadIsSaid()
    {
        QFETCH(QString, format);
        QFETCH(QString, block);
        QFETCH(QString, warning);
        const cv::Mat source = photo(64, 48);
        OutputMetadata meta;
        if (block == "icc") { // Adobe RGB with zeros after its tags, its header's size made to say so
            meta.icc = adobeRgb();
            meta.icc.resize(colour::kMaxProfileBytes + 1000);
            qToBigEndian(quint32(meta.icc.size()), meta.icc.data());
        } else if (block == "xmp") {
            meta.xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"></x:xmpmeta>";
            meta.xmp.resize(kMaxXmpBytes + 1000, ' ');
        } else { // a TIFF header and one empty IFD, then padding
            meta.exif = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            meta.exif.resize(kMaxExifBytes + 1000, 0);
        }
        const OutputFormat f = *formatFromName(format);
        EncodeSettings settings{f, 90, 6, false};
        settings.metadata = &meta;
        Bytes input;
        QString error;
        QVERIFY2(encodeImage(source, settings, &input, &error), qPrintable(error));
        QVERIFY(input.size() > 1000000);

        const Written w = run(input, "[]", out("png", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.contains(warning), qPrintable(w.warning));
        QVERIFY(w.icc.empty());
        QVERIFY(w.xmpPacket.size() < 100000);
    }

    // libpng keeps an iCCP profile whose CRC is wrong (it checks the CRC after keeping it, and only
    // warns): the damaged profile was used and copied into outputs, silently. It is left out now,
    // with a warning, as a damaged text chunk is, and the PNG is read as one without an iCCP: sRGB,
    // or what its gAMA says. A profile libpng itself refuses (its data does not inflate, it is no
    // profile, or one for grey pixels in a colour PNG) was left out without a word: it is said now.
    void aDamagedPngProfileIsLeftOut_data()
    {
        QTest::addColumn<QString>("damage");  // crc, deflate, junk, grey, srgb, or none
        QTest::addColumn<bool>("gamma");      // a gAMA chunk of 1.0 (linear) too
        QTest::addColumn<bool>("interlaced"); // libpng reads it all (not the fast inflate)
        QTest::newRow("wrong CRC") << "crc" << false << false;
        QTest::newRow("wrong CRC, interlaced") << "crc" << false << true;
        QTest::newRow("wrong CRC, with gAMA") << "crc" << true << false;
        QTest::newRow("does not inflate") << "deflate" << false << false;
        QTest::newRow("does not inflate, interlaced") << "deflate" << false << true;
        QTest::newRow("does not inflate, with gAMA") << "deflate" << true << false;
        QTest::newRow("not a profile") << "junk" << false << false;
        QTest::newRow("a grey profile in colour") << "grey" << false << false;
        QTest::newRow("a profile after sRGB and a linear gAMA") << "srgb" << false << false;
        QTest::newRow("intact") << "none" << false << false;
    }
    void aDamagedPngProfileIsLeftOut()
    {
        QFETCH(QString, damage);
        QFETCH(bool, gamma);
        QFETCH(bool, interlaced);
        const cv::Mat source = photo(64, 48);
        const bool written = damage == "none" || damage == "crc";
        const Bytes icc = damage == "grey" ? linearGrey() : adobeRgb();
        Bytes png = pngWith(
            source,
            [&](png_structp p, png_infop info) {
                if (written)
                    png_set_iCCP(p, info, "a98", PNG_COMPRESSION_TYPE_BASE, icc.data(), png_uint_32(icc.size()));
                if (gamma)
                    png_set_gAMA(p, info, 1.0);
            },
            interlaced);
        QCOMPARE(int(png[8 + 8 + 12]), interlaced ? 1 : 0); // IHDR's interlace method
        if (damage == "crc") {
            const auto at = std::search(png.begin(), png.end(), "iCCP", "iCCP" + 4) - png.begin();
            QVERIFY(at < long(png.size()));
            const uint32_t length = qFromBigEndian<quint32>(png.data() + at - 4);
            std::fill_n(png.begin() + at + 4 + long(length), 4, 0); // the CRC zeroed
        } else if (damage == "deflate") {                           // a zlib header, then bytes no inflate takes
            png = withChunks(png, pngChunk("iCCP", QByteArray("a98\0\0\x78\x9c", 6) + QByteArray(300, '\xff')));
        } else if (damage == "junk") { // it inflates, to no profile
            png = withChunks(png, pngChunk("iCCP", QByteArray("a98\0\0", 5) + zlibCompressed(QByteArray(4000, 'x'))));
        } else if (damage == "srgb") { // the sRGB chunk says what the colours are, not the gAMA
            QByteArray linear(4, '\0');
            qToBigEndian(quint32(100000), linear.data());
            png = withChunks(
                png, pngChunk("sRGB", QByteArray(1, '\0')) + pngChunk("gAMA", linear) +
                         pngChunk("iCCP", QByteArray("a98\0\0", 5) +
                                              zlibCompressed(QByteArray(reinterpret_cast<const char *>(icc.data()),
                                                                        qsizetype(icc.size())))));
        } else if (damage == "grey") { // libpng refuses to write it
            png = withChunks(png,
                             pngChunk("iCCP", QByteArray("a98\0\0", 5) +
                                                  zlibCompressed(QByteArray(reinterpret_cast<const char *>(icc.data()),
                                                                            qsizetype(icc.size())))));
        }

        const Written kept = run(png, "[]", out("png", "keep", "keep"));
        QVERIFY2(kept.ok, qPrintable(kept.error));
        QCOMPARE(cv::norm(kept.pixels, source, cv::NORM_INF), 0.0);
        if (damage == "none") {
            QVERIFY2(kept.warning.isEmpty(), qPrintable(kept.warning));
            QVERIFY(kept.icc == icc);
            return;
        }
        if (damage == "crc")
            QCOMPARE(kept.warning, QStringLiteral("colour profile ignored: damaged (its CRC is wrong)"));
        else
            QVERIFY2(kept.warning.startsWith("colour profile ignored: unusable (") && kept.warning.endsWith(")") &&
                         kept.warning.size() > 36,
                     qPrintable(kept.warning));
        if (damage == "grey")
            QVERIFY2(kept.warning.contains("Gray color space not permitted on RGB PNG"), qPrintable(kept.warning));
        if (gamma) // the gAMA chunk's profile: linear
            QVERIFY(!kept.icc.empty() && kept.icc != icc);
        else
            QVERIFY(kept.icc.empty());

        // Converting: nothing to convert from without gAMA (the pixels are sRGB), else the gAMA's.
        const Written converted = run(png, "[]", out("png", "keep", "srgb"));
        QVERIFY2(converted.ok, qPrintable(converted.error));
        if (gamma)
            QVERIFY(cv::norm(converted.pixels, source, cv::NORM_INF) > 10);
        else
            QCOMPARE(cv::norm(converted.pixels, source, cv::NORM_INF), 0.0);
    }

    // Grey levels of the linear profile as sRGB grey: decoded with gamma 1, encoded with sRGB's curve.
    static cv::Mat linearToSrgb(const cv::Mat &pixels)
    {
        cv::Mat lut(1, 256, CV_8U);
        for (int v = 0; v < 256; ++v) {
            const double l = v / 255.0;
            const double e = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1 / 2.4) - 0.055;
            lut.at<uchar>(v) = cv::saturate_cast<uchar>(e * 255);
        }
        std::vector<cv::Mat> planes;
        cv::split(pixels, planes);
        for (size_t c = 0; c < std::min<size_t>(3, planes.size()); ++c)
            cv::LUT(planes[c], lut, planes[c]);
        cv::Mat out;
        cv::merge(planes, out);
        return out;
    }
    // lcms2's optimised 8-bit grey transform was up to 10 levels off where a profile's curve is
    // steep: through a linear grey profile, level 1 came out 6 in sRGB, not 13, and 2 came out 12,
    // not 22.
    void eightBitGreyConvertsExactly()
    {
        cv::Mat ramp(16, 16, CV_8UC1);
        for (int v = 0; v < 256; ++v)
            ramp.at<uchar>(v / 16, v % 16) = uchar(v);
        const Written w =
            run(encoded(ramp, OutputFormat::Png, linearGrey()), "[]", R"({"format":"png","colour":"srgb"})");
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.pixels.channels(), 1);
        QVERIFY(w.icc.empty());
        const double d = cv::norm(w.pixels, linearToSrgb(ramp), cv::NORM_INF);
        QVERIFY2(d <= 1, qPrintable(QString::number(d)));
    }

    // A grey+alpha PNG or TIFF is read as colour+alpha (its colour channels equal), and its grey
    // profile was dropped ("colour profile ignored: a grey profile does not describe colour
    // pixels"): the pixels were then read as sRGB. Now the profile goes with the pixels where the
    // output writes them grey (PNG and TIFF with their alpha; JPEG, with the alpha flattened, as one
    // channel) and the pixels are converted through it where it cannot go (WebP, always colour), for
    // `colour: srgb` and before a colour step, as for a one-channel grey source. A one-channel grey
    // source with a grey profile is converted for WebP too (its profile went into the colour WebP).
    void aGreyProfileStaysWithGreyAlphaPixels_data()
    {
        QTest::addColumn<QString>("source"); // png or tiff: grey+alpha; grey: a one-channel PNG
        QTest::addColumn<QString>("steps");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("expect"); // kept, one channel, converted, colour (converted, then a colour step)
        const QString png = R"({"format":"png","colour":"keep"})";
        for (const char *source : {"png", "tiff"}) {
            const QString s = QString::fromLatin1(source);
            QTest::addRow("%s to PNG", source) << s << "[]" << png << "kept";
            QTest::addRow("%s to TIFF", source) << s << "[]"
                                                << R"({"format":"tiff","colour":"keep"})"
                                                << "kept";
            QTest::addRow("%s to JPEG", source) << s << "[]"
                                                << R"({"format":"jpeg","quality":95,"colour":"keep"})"
                                                << "one channel";
            QTest::addRow("%s to WebP", source) << s << "[]"
                                                << R"({"format":"webp","webpLossless":true})"
                                                << "converted";
            QTest::addRow("%s to PNG, colour srgb", source) << s << "[]"
                                                            << R"({"format":"png","colour":"srgb"})"
                                                            << "converted";
            QTest::addRow("%s, sepia", source) << s << R"([{"op":"sepia"}])" << png << "colour";
        }
        QTest::addRow("grey to WebP") << "grey"
                                      << "[]"
                                      << R"({"format":"webp","webpLossless":true})"
                                      << "converted";
    }
    void aGreyProfileStaysWithGreyAlphaPixels()
    {
        QFETCH(QString, source);
        QFETCH(QString, steps);
        QFETCH(QString, output);
        QFETCH(QString, expect);
        const Bytes icc = linearGrey();
        cv::Mat grey(48, 64, CV_8UC1), alpha(48, 64, CV_8UC1);
        for (int y = 0; y < grey.rows; ++y)
            for (int x = 0; x < grey.cols; ++x) {
                grey.at<uchar>(y, x) = uchar(x * 4 + y % 4);
                alpha.at<uchar>(y, x) = uchar(x < 32 ? 255 : 60 + y * 4);
            }
        cv::Mat pixels; // grey+alpha as PixelPool reads it: BGRA, the colour channels equal
        cv::merge(std::vector<cv::Mat>{grey, grey, grey, alpha}, pixels);
        if (source == "grey")
            pixels = grey;
        const Bytes file = encoded(pixels, source == "tiff" ? OutputFormat::Tiff : OutputFormat::Png, icc);
        if (source != "tiff")
            QCOMPARE(int(file[25]), source == "grey" ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_GRAY_ALPHA);

        const Written w = run(file, steps.toLatin1().constData(), output);
        QVERIFY2(w.ok, qPrintable(w.error));
        if (output.contains("webpLossless")) // lossless asked for, the samples converted: said
            QCOMPARE(w.warning, QStringLiteral("lossless, but the grey samples were converted through the \"Linear "
                                               "grey\" colour profile to sRGB: webp holds no grey profile with them "
                                               "(png and tiff keep it)"));
        else
            QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        const cv::Mat srgb = linearToSrgb(pixels);
        const cv::Rect opaque(0, 0, 32, 48);
        if (expect == "kept") {
            QVERIFY(w.icc == icc);
            QCOMPARE(cv::norm(w.pixels, pixels, cv::NORM_INF), 0.0);
            if (output.contains("png"))
                QCOMPARE(int(w.bytes[25]), PNG_COLOR_TYPE_GRAY_ALPHA);
        } else if (expect == "one channel") { // alpha flattened on white, in the profile's grey
            QVERIFY(w.icc == icc);
            QCOMPARE(w.pixels.channels(), 1);
            const double d = cv::norm(w.pixels(opaque), grey(opaque), cv::NORM_INF);
            QVERIFY2(d <= 4, qPrintable(QString::number(d)));
        } else if (expect == "converted") {
            QVERIFY(w.icc.empty()); // sRGB grey, which needs no profile
            cv::Mat got = w.pixels;
            if (source == "grey") { // WebP is colour: each channel the same grey
                QCOMPARE(got.channels(), 3);
                cv::extractChannel(got, got, 1);
            }
            const double d = cv::norm(got, srgb, cv::NORM_INF);
            QVERIFY2(d <= 2, qPrintable(QString::number(d)));
            QVERIFY(cv::norm(got, pixels, cv::NORM_INF) > 20); // the test can tell
            if (output.contains("png"))
                QCOMPARE(int(w.bytes[25]), PNG_COLOR_TYPE_GRAY_ALPHA);
        } else { // the colour step saw the pixels in sRGB: as on an untagged sRGB source
            QVERIFY(w.icc == colour::srgbProfile());
            const Written reference = run(encoded(srgb, OutputFormat::Png), steps.toLatin1().constData(), output);
            QVERIFY2(reference.ok, qPrintable(reference.error));
            QCOMPARE(w.pixels.channels(), 4);
            const double d = cv::norm(w.pixels, reference.pixels, cv::NORM_INF);
            QVERIFY2(d <= 2, qPrintable(QString::number(d)));
        }
    }

    // The window paints sRGB: the preview of an output that keeps a grey+alpha source's grey
    // profile shows its pixels converted through it (they were shown as stored).
    void aGreyAlphaPreviewShowsItsGreyInSrgb()
    {
        cv::Mat grey(48, 64, CV_8UC1), pixels;
        for (int y = 0; y < grey.rows; ++y)
            for (int x = 0; x < grey.cols; ++x)
                grey.at<uchar>(y, x) = uchar(x * 4 + y % 4);
        cv::merge(std::vector<cv::Mat>{grey, grey, grey, cv::Mat(grey.size(), CV_8UC1, cv::Scalar(255))}, pixels);
        pixels.col(0).setTo(cv::Scalar(0, 0, 0, 128)); // an alpha to keep: read as grey+alpha
        writeAll(m_dir.filePath("in"), encoded(pixels, OutputFormat::Png, linearGrey()));
        JobExecutor e(200'000'000);
        QString error;
        QVERIFY2(e.definePreset(1, R"({"format":"pixelpool-preset","version":1,"name":"t","steps":[],
                                      "output":{"format":"png","colour":"keep"}})",
                                &error),
                 qPrintable(error));
        const JobOutcome o = runWithPreview(e, 64); // the whole picture, unscaled
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        QVERIFY2(o.finished.warning.isEmpty(), qPrintable(o.finished.warning));
        QCOMPARE(o.preview.size(), pixels.size());
        const cv::Rect opaque(1, 0, 63, 48);
        const double d = cv::norm(o.preview(opaque), linearToSrgb(pixels)(opaque), cv::NORM_INF);
        QVERIFY2(d <= 2, qPrintable(QString::number(d)));
    }

    // Cameras set to Adobe RGB write no profile into their JPEGs, only EXIF's ColorSpace
    // "uncalibrated" with the Interoperability index R03 (DCF's option file). Such a photo is
    // Adobe RGB: converted from it (ΔE2000 4–5 off when read as sRGB), and kept with a profile that
    // says so. Anything less (R03 beside ColorSpace sRGB, uncalibrated without an index) is sRGB,
    // and a profile says more than EXIF.
    void exifR03IsReadAsAdobeRgb_data()
    {
        QTest::addColumn<int>("space");
        QTest::addColumn<QString>("index");
        QTest::addColumn<int>("profile"); // embedded: 0 none, 1 Display P3
        QTest::addColumn<bool>("adobe");  // read as Adobe RGB
        QTest::newRow("uncalibrated, R03") << 0xFFFF << "R03" << 0 << true;
        QTest::newRow("sRGB, R98") << 1 << "R98" << 0 << false;
        QTest::newRow("uncalibrated, no index") << 0xFFFF << "" << 0 << false;
        QTest::newRow("sRGB, R03") << 1 << "R03" << 0 << false;
        QTest::newRow("uncalibrated, R03, a Display P3 profile") << 0xFFFF << "R03" << 1 << false;
    }
    void exifR03IsReadAsAdobeRgb()
    {
        QFETCH(int, space);
        QFETCH(QString, index);
        QFETCH(int, profile);
        QFETCH(bool, adobe);
        const Bytes embedded = profile == 1 ? displayP3() : Bytes();
        const Bytes jpeg = dcfJpeg(photo(), uint16_t(space), index.toLatin1().constData(), embedded);
        const ImageInfo info = probeImage(jpeg.data(), jpeg.size());
        const DecodeResult source = decodeImage(jpeg.data(), jpeg.size(), info, 8, false, true);
        QVERIFY2(!source.image.empty(), qPrintable(source.error));
        const Bytes expected = adobe ? colour::adobeRgbProfile() : embedded;
        QVERIFY(source.metadata.icc == expected);

        // Converted: against the source's colours read as Adobe RGB through the tests' own profile.
        const Written converted = run(jpeg, "[]", out("png", "keep", "srgb"));
        QVERIFY2(converted.ok, qPrintable(converted.error));
        QVERIFY2(converted.warning.isEmpty(), qPrintable(converted.warning));
        const Bytes truth = adobe ? adobeRgb() : embedded;
        const double de = meanDeltaE(source.image, truth, converted.pixels, {});
        qInfo("mean ΔE2000 against the source read as it says: %.3f", de);
        QVERIFY2(de < 1.0, qPrintable(QString::number(de)));
        if (adobe) {
            const double asSrgb = meanDeltaE(source.image, truth, source.image, {});
            qInfo("mean ΔE2000 of the source read as sRGB: %.3f", asSrgb);
            QVERIFY2(asSrgb > 2.0, qPrintable(QString::number(asSrgb)));
        }

        // Kept: the pixels as they are, with the profile that says what they are.
        const Written kept = run(jpeg, "[]", out("png", "keep", "keep"));
        QVERIFY2(kept.ok, qPrintable(kept.error));
        QVERIFY2(kept.warning.isEmpty(), qPrintable(kept.warning));
        QVERIFY(kept.icc == expected);
        QCOMPARE(cv::norm(kept.pixels, source.image, cv::NORM_INF), 0.0);
        if (adobe) {
            const colour::ProfileInfo p = colour::inspectProfile(kept.icc);
            QCOMPARE(p.description, QString("Adobe RGB (1998)"));
            QVERIFY(!p.srgb);
            QVERIFY2(meanDeltaE(source.image, truth, kept.pixels, kept.icc) < 0.1, "not Adobe RGB's colours");
            QCOMPARE(exifText(kept.exif, "Exif.Photo.ColorSpace"), QString("65535"));
            QCOMPARE(exifText(kept.exif, "Exif.Iop.InteroperabilityIndex"), QString("R03"));
        }
    }

    // What EXIF and XMP say of the colour space is made true of the output: an Adobe RGB photo
    // converted to sRGB said "uncalibrated, R03" still (and a JPEG XL output, without a profile,
    // then said Adobe RGB and nothing else).
    void exifColourSpaceIsMadeTrue_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("colour");
        for (const char *format : {"jpeg", "png", "webp", "tiff"})
            for (const char *colour : {"srgb", "keep"})
                QTest::addRow("%s, %s", format, colour) << format << colour;
    }
    void exifColourSpaceIsMadeTrue()
    {
        QFETCH(QString, format);
        QFETCH(QString, colour);
        const Bytes icc = adobeRgb();
        const Written w = run(dcfJpeg(photo(), 0xFFFF, "R03", icc), "[]",
                              out(format.toLatin1().constData(), "keep", colour.toLatin1().constData()));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        const bool srgb = colour == "srgb";
        QVERIFY(w.icc == (srgb ? colour::srgbProfile() : icc));
        QCOMPARE(exifText(w.exif, "Exif.Photo.ColorSpace"), QString(srgb ? "1" : "65535"));
        QCOMPARE(exifText(w.exif, "Exif.Iop.InteroperabilityIndex"), QString(srgb ? "R98" : "R03"));
        QCOMPARE(xmpText(w.xmp, "Xmp.exif.ColorSpace"), QString(srgb ? "1" : "65535"));
    }

    // The same for every format, as the blocks are prepared (JPEG XL and AVIF carry them in boxes
    // that exiv2 0.27 does not read back): sRGB without a profile says sRGB; a profile other than
    // sRGB's says uncalibrated, and an index R98 (sRGB) goes.
    void exifColourSpaceIsMadeTrueInEveryFormat()
    {
        const Bytes p3 = displayP3(); // once: lcms2 dates each profile it saves by the clock
        for (const OutputFormat format : {OutputFormat::Jpeg, OutputFormat::Png, OutputFormat::Webp, OutputFormat::Tiff,
                                          OutputFormat::Jxl, OutputFormat::Avif}) {
            for (const Bytes &icc : {Bytes(), colour::srgbProfile(), p3}) {
                for (const char *index : {"R03", "R98"}) {
                    const Bytes jpeg = dcfJpeg(photo(40, 30), index == std::string("R98") ? 1 : 0xFFFF, index, {});
                    const ImageInfo info = probeImage(jpeg.data(), jpeg.size());
                    const DecodeResult source = decodeImage(jpeg.data(), jpeg.size(), info, 8, false, true);
                    MetadataRequest request;
                    request.format = format;
                    request.size = {40, 30};
                    request.icc = icc;
                    QStringList warnings;
                    const OutputMetadata m = prepareMetadata(source.metadata, request, &warnings);
                    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join("; ")));
                    Exiv2::ExifData exif;
                    Exiv2::ExifParser::decode(exif, m.exif.data(), uint32_t(m.exif.size()));
                    const bool srgb = icc != p3;
                    const QString what = QStringLiteral("format %1, index %2, profile of %3 bytes")
                                             .arg(int(format))
                                             .arg(index)
                                             .arg(icc.size());
                    QVERIFY2(exifText(exif, "Exif.Photo.ColorSpace") == QString(srgb ? "1" : "65535"),
                             qPrintable(what));
                    const QString kept = exifText(exif, "Exif.Iop.InteroperabilityIndex");
                    QVERIFY2(kept == (srgb                          ? QString("R98")
                                      : index == std::string("R03") ? QString("R03")
                                                                    : QString()),
                             qPrintable(what + ": " + kept));
                }
            }
        }
    }

    // The Exif IFD an output's EXIF has (its size tags are there) holds the tags Exif 2.32 requires
    // of it, and a JPEG's IFD0 its YCbCrPositioning (centred: libjpeg's), where the source stated
    // none: a JPEG with IFD0 tags only came out with an Exif IFD of the size alone and without its
    // YCbCrPositioning (`exiftool -validate`: five required tags missing), and a TIFF with size tags
    // Exif allows only for compressed data. What the source states (an ExifVersion 0231) is kept;
    // the colour space is the output's.
    void theExifIfdHoldsItsRequiredTags_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("p3");
        QTest::addColumn<bool>("versioned");
        const std::pair<OutputFormat, const char *> formats[] = {{OutputFormat::Jpeg, "jpeg"},
                                                                 {OutputFormat::Png, "png"},
                                                                 {OutputFormat::Webp, "webp"},
                                                                 {OutputFormat::Tiff, "tiff"}};
        for (const auto &[f, name] : formats)
            for (const bool p3 : {false, true})
                for (const bool versioned : {false, true})
                    QTest::addRow("%s%s%s", name, p3 ? ", P3" : "", versioned ? ", 0231" : "")
                        << int(f) << p3 << versioned;
    }
    void theExifIfdHoldsItsRequiredTags()
    {
        QFETCH(int, format);
        QFETCH(bool, p3);
        QFETCH(bool, versioned);
        Bytes jpeg = encoded(photo(40, 30), OutputFormat::Jpeg);
        auto image = Exiv2::ImageFactory::open(jpeg.data(), long(jpeg.size()));
        image->readMetadata();
        Exiv2::ExifData tags;
        tags["Exif.Image.Make"] = "PixelCam";
        tags["Exif.Image.YCbCrPositioning"] = uint16_t(2);
        if (versioned)
            tags["Exif.Photo.ExifVersion"] = "48 50 51 49";
        image->setExifData(tags);
        jpeg = writtenBytes(*image);
        const ImageInfo info = probeImage(jpeg.data(), jpeg.size());
        const DecodeResult source = decodeImage(jpeg.data(), jpeg.size(), info, 8, false, true);
        MetadataRequest request;
        request.format = OutputFormat(format);
        request.size = {40, 30};
        request.icc = p3 ? displayP3() : Bytes();
        QStringList warnings;
        const OutputMetadata m = prepareMetadata(source.metadata, request, &warnings);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join("; ")));
        Exiv2::ExifData exif;
        Exiv2::ExifParser::decode(exif, m.exif.data(), uint32_t(m.exif.size()));
        QCOMPARE(exifText(exif, "Exif.Image.Make"), QString("PixelCam"));
        QCOMPARE(exifText(exif, "Exif.Photo.ExifVersion"), QString(versioned ? "48 50 51 49" : "48 50 51 50"));
        QCOMPARE(exifText(exif, "Exif.Photo.FlashpixVersion"), QString("48 49 48 48"));
        QCOMPARE(exifText(exif, "Exif.Photo.ColorSpace"), QString(p3 ? "65535" : "1"));
        const bool isJpeg = OutputFormat(format) == OutputFormat::Jpeg;
        QCOMPARE(exifText(exif, "Exif.Photo.ComponentsConfiguration"), QString(isJpeg ? "1 2 3 0" : ""));
        QCOMPARE(exifText(exif, "Exif.Image.YCbCrPositioning"), QString(isJpeg ? "1" : ""));
        // Exif's size tags are for compressed data: a TIFF states its size in IFD0 alone.
        const bool isTiff = OutputFormat(format) == OutputFormat::Tiff;
        QCOMPARE(exifText(exif, "Exif.Photo.PixelXDimension"), isTiff ? QString() : QString("40"));
        QCOMPARE(exifText(exif, "Exif.Photo.PixelYDimension"), isTiff ? QString() : QString("30"));
    }

    // A damaged embedded profile (cut short with its header intact, a header that says 10 MB, a tag
    // past its end) was passed on by `colour: keep` to JPEG, WebP, TIFF and AVIF outputs and left out
    // of PNG ones, silently: libpng refuses it. One only padded past the size its header declares (a
    // writer's quirk) was left out of PNG outputs as silently. Now, whatever format carried it, a
    // damaged one is left out of every output with a warning, the pixels read as without one, and a
    // padded one is cut to its size and kept.
    void aDamagedEmbeddedProfileIsLeftOut_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("damage"); // padded, cut, size, tag, curve or colorant
        for (const char *input : {"jpeg", "webp", "tiff", "avif"})
            for (const char *damage : {"padded", "cut", "size", "tag", "curve", "colorant"})
                QTest::addRow("%s, %s", input, damage) << QString::fromLatin1(input) << QString::fromLatin1(damage);
    }
    void aDamagedEmbeddedProfileIsLeftOut()
    {
        QFETCH(QString, input);
        QFETCH(QString, damage);
        const Bytes whole = adobeRgb();
        QVERIFY(whole.size() > 400);
        Bytes icc = whole;
        QString why;
        if (damage == "padded") {
            icc.resize(icc.size() + 12, 0);
        } else if (damage == "cut") {
            icc.resize(300);
            why = QStringLiteral("its header says %1 bytes, 300 are stored").arg(whole.size());
        } else if (damage == "size") {
            qToBigEndian(quint32(10 << 20), icc.data());
            why = QStringLiteral("its header says 10485760 bytes, %1 are stored").arg(whole.size());
        } else if (damage == "curve" || damage == "colorant") {
            // A tag lcms2 converts through, of a type it does not know: the table of tags is sound
            // (the checks above pass it), and lcms2 said "Couldn't link the profiles" when converting.
            const char *sig = damage == "curve" ? "rTRC" : "rXYZ";
            const quint32 tags = qFromBigEndian<quint32>(icc.data() + 128);
            for (quint32 t = 0; t < tags; ++t) {
                const uint8_t *entry = icc.data() + 132 + t * 12;
                if (std::memcmp(entry, sig, 4) == 0)
                    std::memcpy(icc.data() + qFromBigEndian<quint32>(entry + 4), "xxxx", 4);
            }
            why = damage == "curve" ? QStringLiteral("its red tone curve (rTRC) cannot be read")
                                    : QStringLiteral("its red colorant (rXYZ) cannot be read");
        } else { // the last tag moved one byte past the end
            const quint32 tags = qFromBigEndian<quint32>(icc.data() + 128);
            uint8_t *entry = icc.data() + 132 + (tags - 1) * 12;
            const quint32 size = qFromBigEndian<quint32>(entry + 8);
            qToBigEndian(quint32(whole.size() - size + 1), entry + 4);
            why = QStringLiteral("its tag '%1' points past its %2 bytes")
                      .arg(QString::fromLatin1(reinterpret_cast<const char *>(entry), 4))
                      .arg(whole.size());
        }
        const cv::Mat source = photo(64, 48);
        OutputMetadata meta;
        meta.icc = icc;
        EncodeSettings settings{*formatFromName(input), 95, 6, false};
        settings.lossless = input == "webp"; // the others as before: JPEG has no lossless mode, AVIF lossy
        settings.metadata = &meta;
        Bytes file;
        QString error;
        QVERIFY2(encodeImage(source, settings, &file, &error), qPrintable(error));
        QVERIFY(std::search(file.begin(), file.end(), icc.begin() + 128, icc.begin() + 160) != file.end());

        for (const char *output : {"jpeg", "png", "webp", "tiff", "avif"}) {
            const Written kept = run(file, "[]", out(output, "keep", "keep"));
            QVERIFY2(kept.ok, qPrintable(kept.error));
            if (damage == "padded") {
                QVERIFY2(kept.warning.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(output, kept.warning)));
                if (std::strcmp(output, "avif") != 0) // exiv2 0.27 reads no AVIF profile
                    QVERIFY2(kept.icc == whole, output);
            } else {
                QCOMPARE(kept.warning, QStringLiteral("colour profile ignored: damaged (%1)").arg(why));
                QVERIFY2(kept.icc.empty(), output);
            }
        }
        // Read as sRGB: converting changes nothing, and says nothing more.
        const Written converted = run(file, "[]", out("png", "keep", "srgb"));
        QVERIFY2(converted.ok, qPrintable(converted.error));
        if (damage != "padded") {
            QCOMPARE(converted.warning, QStringLiteral("colour profile ignored: damaged (%1)").arg(why));
            Bytes plainFile;
            meta.icc.clear();
            QVERIFY2(encodeImage(source, settings, &plainFile, &error), qPrintable(error));
            const Written plain = run(plainFile, "[]", out("png", "keep", "srgb"));
            QCOMPARE(cv::norm(converted.pixels, plain.pixels, cv::NORM_INF), 0.0);
        }
    }

    // libpng refuses some profiles lcms2 opens (here one whose rendering intent is no ICC intent), and
    // the PNG encoder left such a profile out of a PNG output without a word: it is said now.
    void aProfileLibpngRefusesIsLeftOutOfAPngWithAWarning()
    {
        Bytes icc = adobeRgb();
        qToBigEndian(quint32(0xFFFF0000), icc.data() + 64);                     // the rendering intent
        QCOMPARE(colour::inspectProfile(icc).space, colour::ProfileSpace::Rgb); // lcms2 opens it
        const Bytes jpeg = encoded(photo(64, 48), OutputFormat::Jpeg, icc);
        const Written asJpeg = run(jpeg, "[]", out("jpeg", "keep"));
        QVERIFY2(asJpeg.ok && asJpeg.warning.isEmpty(), qPrintable(asJpeg.error + asJpeg.warning));
        QVERIFY(asJpeg.icc == icc);
        const Written asPng = run(jpeg, "[]", out("png", "keep"));
        QVERIFY2(asPng.ok, qPrintable(asPng.error));
        QVERIFY2(asPng.warning.startsWith("colour profile left out: libpng refuses it in a PNG (") &&
                     asPng.warning.contains("invalid rendering intent") &&
                     asPng.warning.endsWith("), so colours will look different (colour: srgb converts them instead)"),
                 qPrintable(asPng.warning));
        QVERIFY(asPng.icc.empty());
    }

    // A big-endian file whose Canon maker note is little-endian (a tool rewrote the rest): exiv2 reads
    // the note's directory in the file's order, finds 512 entries, refuses it and keeps the note's
    // bytes whole, which every output carries. A TIFF warned "metadata: Directory Canon with 512
    // entries considered invalid; not read.; EXIF damaged, the readable part kept: Directory Canon…",
    // a JPEG the second half: no warning now, for nothing is lost.
    static Bytes bigEndianWithLittleEndianCanonNote(const cv::Mat *pixels, Bytes *note)
    {
        // A little-endian IFD of two Canon tags with their values inline (ModelID, FileNumber).
        *note = {2, 0, 0x10, 0, 4, 0, 1, 0,    0,    0, 0x52, 0x02, 0x00, 0x80, 0x08,
                 0, 4, 0,    1, 0, 0, 0, 0x39, 0x30, 0, 0,    0,    0,    0,    0};
        Bytes t = {'M', 'M', 0, 42, 0, 0, 0, 8};
        const auto put16 = [&](size_t at, uint32_t v) { t[at] = uint8_t(v >> 8), t[at + 1] = uint8_t(v); };
        const auto put32 = [&](size_t at, uint32_t v) { put16(at, v >> 16), put16(at + 2, v & 0xFFFF); };
        struct Entry {
            uint16_t tag, type;
            uint32_t count;
            Bytes data; // inline when 4 bytes or fewer
        };
        const uint32_t w = pixels ? uint32_t(pixels->cols) : 0, h = pixels ? uint32_t(pixels->rows) : 0;
        const auto u16 = [](uint32_t v) { return Bytes{uint8_t(v >> 8), uint8_t(v), 0, 0}; };
        const auto u32 = [](uint32_t v) {
            return Bytes{uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
        };
        std::vector<Entry> ifd0;
        if (pixels)
            ifd0 = {{256, 3, 1, u16(w)},         {257, 3, 1, u16(h)},  {258, 3, 3, {0, 8, 0, 8, 0, 8}},
                    {259, 3, 1, u16(1)},         {262, 3, 1, u16(2)},  {271, 2, 6, {'C', 'a', 'n', 'o', 'n', 0}},
                    {273, 4, 1, u32(0)},         {277, 3, 1, u16(3)},  {278, 3, 1, u16(h)},
                    {279, 4, 1, u32(w * h * 3)}, {34665, 4, 1, u32(0)}};
        else
            ifd0 = {{271, 2, 6, {'C', 'a', 'n', 'o', 'n', 0}}, {34665, 4, 1, u32(0)}};
        const std::vector<Entry> exifIfd = {{37500, 7, uint32_t(note->size()), *note}};
        // Each directory, then the values that do not fit in their entries; offsets patched after.
        std::vector<std::pair<size_t, const Entry *>> outOfLine;
        const auto writeIfd = [&](const std::vector<Entry> &entries) {
            const size_t at = t.size();
            t.resize(at + 2 + entries.size() * 12 + 4, 0);
            put16(at, uint32_t(entries.size()));
            for (size_t i = 0; i < entries.size(); ++i) {
                const size_t e = at + 2 + i * 12;
                put16(e, entries[i].tag), put16(e + 2, entries[i].type), put32(e + 4, entries[i].count);
                if (entries[i].data.size() <= 4)
                    std::copy(entries[i].data.begin(), entries[i].data.end(), t.begin() + long(e + 8));
                else
                    outOfLine.emplace_back(e + 8, &entries[i]);
            }
            return at;
        };
        const size_t first = writeIfd(ifd0);
        const size_t exifAt = writeIfd(exifIfd);
        put32(first + 2 + (ifd0.size() - 1) * 12 + 8, uint32_t(exifAt)); // ExifTag is the last entry
        for (const auto &[field, entry] : outOfLine) {
            put32(field, uint32_t(t.size()));
            t.insert(t.end(), entry->data.begin(), entry->data.end());
            if (t.size() % 2)
                t.push_back(0);
        }
        if (pixels) {
            put32(first + 2 + 6 * 12 + 8, uint32_t(t.size())); // StripOffsets
            cv::Mat rgb;
            cv::cvtColor(*pixels, rgb, cv::COLOR_BGR2RGB);
            t.insert(t.end(), rgb.data, rgb.data + rgb.total() * 3);
        }
        return t;
    }
    void aMakerNoteKeptWholeIsNoDamage_data()
    {
        QTest::addColumn<bool>("tiff"); // or a JPEG whose EXIF block is such a structure
        QTest::newRow("TIFF") << true;
        QTest::newRow("JPEG") << false;
    }
    void aMakerNoteKeptWholeIsNoDamage()
    {
        QFETCH(bool, tiff);
        const cv::Mat pixels = photo(40, 30);
        Bytes note;
        Bytes input = bigEndianWithLittleEndianCanonNote(tiff ? &pixels : nullptr, &note);
        if (!tiff) {
            Bytes jpeg = encoded(pixels, OutputFormat::Jpeg);
            const size_t length = input.size() + 8;
            Bytes app1 = {0xFF, 0xE1, uint8_t(length >> 8), uint8_t(length), 'E', 'x', 'i', 'f', 0, 0};
            app1.insert(app1.end(), input.begin(), input.end());
            jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
            input = jpeg;
        }
        for (const char *format : {"jpeg", "tiff", "png"}) {
            const Written w = run(input, "[]", out(format, "keep"));
            QVERIFY2(w.ok, qPrintable(w.error));
            QVERIFY2(w.warning.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(format, w.warning)));
            QCOMPARE(exifText(w.exif, "Exif.Image.Make"), QStringLiteral("Canon"));
            const auto kept = w.exif.findKey(Exiv2::ExifKey("Exif.Photo.MakerNote"));
            QVERIFY2(kept != w.exif.end(), format);
            Bytes bytes(size_t(kept->size()));
            kept->copy(bytes.data(), Exiv2::bigEndian);
            QVERIFY2(bytes == note, format);
        }
    }

    // The maker-note previews exiv2 names are dropped with the EXIF thumbnail: they show the old
    // picture. A Sony note's PreviewImage was kept through a crop and resize (QA note 35, #8).
    void makerNotePreviewsAreDropped_data()
    {
        QTest::addColumn<QString>("make");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("kept"); // a tag of the same note that stays
        QTest::newRow("Sony1") << "SONY"
                               << "Exif.Sony1.PreviewImage"
                               << "Exif.Sony1.Quality";
        QTest::newRow("Olympus") << "OLYMPUS IMAGING CORP."
                                 << "Exif.Olympus.PreviewImage"
                                 << "Exif.Olympus.Quality";
        QTest::newRow("Casio2") << "CASIO COMPUTER CO.,LTD."
                                << "Exif.Casio2.PreviewImage"
                                << "Exif.Casio2.Quality";
    }
    void makerNotePreviewsAreDropped()
    {
        QFETCH(QString, make);
        QFETCH(QString, key);
        QFETCH(QString, kept);
        Exiv2::ExifData exif;
        exif["Exif.Image.Make"] = make.toStdString();
        exif["Exif.Image.Model"] = "X1";
        exif[kept.toStdString()] = uint16_t(2);
        const Bytes preview = encoded(photo(16, 12), OutputFormat::Jpeg);
        Exiv2::DataValue value(Exiv2::undefined);
        value.read(preview.data(), long(preview.size()));
        exif.add(Exiv2::ExifKey(key.toStdString()), &value);
        Exiv2::MemIo io;
        Exiv2::TiffParser::encode(io, nullptr, 0, Exiv2::littleEndian, exif, Exiv2::IptcData(), Exiv2::XmpData());
        SourceMetadata source;
        source.exif.assign(io.mmap(), io.mmap() + io.size());
        Exiv2::ExifData written;
        Exiv2::ExifParser::decode(written, source.exif.data(), uint32_t(source.exif.size()));
        QVERIFY2(written.findKey(Exiv2::ExifKey(key.toStdString())) != written.end(), "the source has it");
        MetadataRequest request;
        request.format = OutputFormat::Png;
        request.size = cv::Size(40, 40);
        QStringList warnings;
        const OutputMetadata m = prepareMetadata(source, request, &warnings);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join("; ")));
        Exiv2::ExifData out;
        Exiv2::ExifParser::decode(out, m.exif.data(), uint32_t(m.exif.size()));
        QVERIFY(out.findKey(Exiv2::ExifKey(key.toStdString())) == out.end());
        QCOMPARE(exifText(out, qPrintable(kept)), QStringLiteral("2"));
        QCOMPARE(exifText(out, "Exif.Image.Make"), make);
    }

    void aProfileThatDoesNotFitIsIgnored()
    {
        cv::Mat grey(40, 50, CV_8UC1, cv::Scalar(128));
        const Written w = run(encoded(grey, OutputFormat::Jpeg, adobeRgb()), "[]", out("png", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.contains("does not describe grey pixels"), qPrintable(w.warning));
        QVERIFY(w.icc.empty());
    }
};

QTEST_GUILESS_MAIN(TestMetadata)
#include "tst_metadata.moc"
