// Faithful outputs: metadata (EXIF, XMP, IPTC, resolution) kept, made true and filtered by policy,
// and colour profiles kept byte for byte or converted to sRGB. The test makes its own camera-like
// files with exiv2 and its own profiles with lcms2, runs real jobs through JobExecutor and reads
// the outputs back with exiv2 and lcms2.
#include "ColourManagement.h"
#include "ImageCodec.h"
#include "JobExecutor.h"
#include "JobRunner.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>
#include <exiv2/exiv2.hpp>
#include <jpeglib.h>
#include <libheif/heif.h>
#include <lcms2.h>
#include <opencv2/imgproc.hpp>

using namespace pp;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes saveProfile(cmsHPROFILE p, const char *name)
{
    cmsMLU *mlu = cmsMLUalloc(nullptr, 1);
    cmsMLUsetASCII(mlu, "en", "US", name);
    cmsWriteTag(p, cmsSigProfileDescriptionTag, mlu);
    cmsMLUfree(mlu);
    cmsUInt32Number n = 0;
    cmsSaveProfileToMem(p, nullptr, &n);
    Bytes b(n);
    cmsSaveProfileToMem(p, b.data(), &n);
    cmsCloseProfile(p);
    return b;
}

Bytes adobeRgb()
{
    const cmsCIExyY d65 = {0.3127, 0.3290, 1};
    const cmsCIExyYTRIPLE primaries = {{0.64, 0.33, 1}, {0.21, 0.71, 1}, {0.15, 0.06, 1}};
    cmsToneCurve *g = cmsBuildGamma(nullptr, 563.0 / 256.0);
    cmsToneCurve *curves[3] = {g, g, g};
    cmsHPROFILE p = cmsCreateRGBProfile(&d65, &primaries, curves);
    cmsFreeToneCurve(g);
    return saveProfile(p, "Adobe RGB (1998) compatible");
}

Bytes displayP3()
{
    const cmsCIExyY d65 = {0.3127, 0.3290, 1};
    const cmsCIExyYTRIPLE primaries = {{0.680, 0.320, 1}, {0.265, 0.690, 1}, {0.150, 0.060, 1}};
    const cmsFloat64Number srgb[5] = {2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045};
    cmsToneCurve *c = cmsBuildParametricToneCurve(nullptr, 4, srgb);
    cmsToneCurve *curves[3] = {c, c, c};
    cmsHPROFILE p = cmsCreateRGBProfile(&d65, &primaries, curves);
    cmsFreeToneCurve(c);
    return saveProfile(p, "Display P3 compatible");
}

Bytes lcmsSrgb() { return saveProfile(cmsCreate_sRGBProfile(), "sRGB built by lcms"); }

Bytes readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray b = f.readAll();
    return Bytes(b.begin(), b.end());
}

void writeAll(const QString &path, const Bytes &b)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(reinterpret_cast<const char *>(b.data()), qint64(b.size()));
}

// Colourful, mostly within sRGB's gamut even when read as Adobe RGB or P3.
cv::Mat photo(int w = 600, int h = 400)
{
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) = {uchar(60 + 120 * x / w), uchar(70 + 100 * y / h), uchar(180 - 90 * x / w)};
    cv::rectangle(m, {w / 8, h / 8, w / 4, h / 4}, cv::Scalar(40, 90, 170), -1);
    return m;
}

Bytes encoded(const cv::Mat &m, OutputFormat f, const Bytes &icc = {})
{
    OutputMetadata meta;
    meta.icc = icc;
    EncodeSettings s{f, 98, 6, false};
    s.metadata = &meta;
    Bytes out;
    QString error;
    if (!encodeImage(m, s, &out, &error))
        qFatal("%s", qPrintable(error));
    return out;
}

// A camera's JPEG: EXIF with GPS, resolution and a thumbnail, IPTC, XMP and a profile.
Bytes cameraJpeg(const cv::Mat &pixels, int orientation, const Bytes &icc)
{
    Bytes jpeg = encoded(pixels, OutputFormat::Jpeg);
    auto image = Exiv2::ImageFactory::open(jpeg.data(), long(jpeg.size()));
    image->readMetadata();
    Exiv2::ExifData exif;
    exif["Exif.Image.Make"] = "PixelCam";
    exif["Exif.Image.Model"] = "PC-1";
    exif["Exif.Image.Orientation"] = uint16_t(orientation);
    exif["Exif.Image.XResolution"] = Exiv2::URational(350, 1);
    exif["Exif.Image.YResolution"] = Exiv2::URational(350, 1);
    exif["Exif.Image.ResolutionUnit"] = uint16_t(2);
    exif["Exif.Photo.DateTimeOriginal"] = "2024:05:06 07:08:09";
    exif["Exif.Photo.ISOSpeedRatings"] = uint16_t(800);
    exif["Exif.Photo.LensModel"] = "PC 24-70mm f/2.8";
    exif["Exif.Photo.PixelXDimension"] = uint32_t(pixels.cols);
    exif["Exif.Photo.PixelYDimension"] = uint32_t(pixels.rows);
    exif["Exif.GPSInfo.GPSLatitudeRef"] = "N";
    exif["Exif.GPSInfo.GPSLatitude"] = "48/1 51/1 2400/100";
    exif["Exif.GPSInfo.GPSLongitudeRef"] = "E";
    exif["Exif.GPSInfo.GPSLongitude"] = "2/1 21/1 300/100";
    cv::Mat red(60, 80, CV_8UC3, cv::Scalar(0, 0, 255));
    const Bytes thumb = encoded(red, OutputFormat::Jpeg);
    Exiv2::ExifThumb(exif).setJpegThumbnail(thumb.data(), long(thumb.size()));
    image->setExifData(exif);
    Exiv2::IptcData iptc;
    iptc["Iptc.Application2.Byline"] = "Jo Photographer";
    iptc["Iptc.Application2.City"] = "Paris";
    iptc["Iptc.Application2.Caption"] = "A test picture";
    image->setIptcData(iptc);
    Exiv2::XmpData xmp;
    xmp["Xmp.dc.title"] = "lang=\"x-default\" Test";
    xmp["Xmp.photoshop.City"] = "Paris";
    xmp["Xmp.exif.GPSLatitude"] = "48,51.4N";
    xmp["Xmp.tiff.Orientation"] = std::to_string(orientation);
    image->setXmpData(xmp);
    if (!icc.empty()) {
        Exiv2::DataBuf buf(icc.data(), long(icc.size()));
        image->setIccProfile(buf);
    }
    image->writeMetadata();
    Exiv2::BasicIo &io = image->io();
    io.open();
    Bytes out(size_t(io.size()));
    io.seek(0, Exiv2::BasicIo::beg);
    io.read(out.data(), long(out.size()));
    io.close();
    return out;
}

// A phone's HEIC (or an AVIF) of the stored pixels `bgr`, to be shown turned as `orientation` says
// (libheif writes irot/imir for it, as phones do), with the same Orientation in its EXIF.
Bytes heifFile(const cv::Mat &bgr, bool avif, heif_orientation orientation)
{
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    heif_context *ctx = heif_context_alloc();
    heif_encoder *enc = nullptr;
    heif_context_get_encoder_for_format(ctx, avif ? heif_compression_AV1 : heif_compression_HEVC, &enc);
    heif_encoder_set_lossy_quality(enc, 90);
    heif_image *img = nullptr;
    heif_image_create(rgb.cols, rgb.rows, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &img);
    heif_image_add_plane(img, heif_channel_interleaved, rgb.cols, rgb.rows, 8);
    int stride = 0;
    uint8_t *plane = heif_image_get_plane(img, heif_channel_interleaved, &stride);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(plane + y * stride, rgb.ptr(y), size_t(rgb.cols) * 3);
    heif_encoding_options *options = heif_encoding_options_alloc();
    options->image_orientation = orientation;
    heif_image_handle *handle = nullptr;
    const heif_error e = heif_context_encode_image(ctx, img, enc, options, &handle);
    if (e.code != heif_error_Ok)
        qFatal("libheif: %s", e.message);
    Exiv2::ExifData exif;
    exif["Exif.Image.Make"] = "PixelPhone";
    exif["Exif.Image.Orientation"] = uint16_t(orientation);
    exif["Exif.Photo.DateTimeOriginal"] = "2025:01:02 03:04:05";
    Exiv2::Blob blob;
    Exiv2::ExifParser::encode(blob, Exiv2::bigEndian, exif);
    heif_context_add_exif_metadata(ctx, handle, blob.data(), int(blob.size()));
    struct Sink {
        static heif_error write(heif_context *, const void *data, size_t size, void *user)
        {
            auto *out = static_cast<Bytes *>(user);
            out->insert(out->end(), static_cast<const uint8_t *>(data), static_cast<const uint8_t *>(data) + size);
            return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
        }
    };
    Bytes out;
    heif_writer writer{1, &Sink::write};
    heif_context_write(ctx, &writer, &out);
    heif_encoding_options_free(options);
    heif_image_handle_release(handle);
    heif_image_release(img);
    heif_encoder_release(enc);
    heif_context_free(ctx);
    return out;
}

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
};

// Ordered mean of CIEDE2000 between two images' colours, each read through its profile.
double meanDeltaE(const cv::Mat &a, const Bytes &aIcc, const cv::Mat &b, const Bytes &bIcc)
{
    cmsHPROFILE lab = cmsCreateLab4Profile(nullptr);
    const auto toLab = [&](const cv::Mat &m, const Bytes &icc) {
        cmsHPROFILE p =
            icc.empty() ? cmsCreate_sRGBProfile() : cmsOpenProfileFromMem(icc.data(), cmsUInt32Number(icc.size()));
        const bool cmyk = cmsGetColorSpace(p) == cmsSigCmykData;
        // (lcms has no TYPE_CMYK_8_REV to floating point: the caller's Adobe CMYK is inverted here.)
        cmsHTRANSFORM x = cmsCreateTransform(p, cmyk ? TYPE_CMYK_8 : TYPE_BGR_8, lab, TYPE_Lab_DBL,
                                             INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION);
        if (!x)
            qFatal("no transform to Lab");
        std::vector<cmsCIELab> out(size_t(m.total()));
        cv::Mat c = cmyk ? cv::Scalar::all(255) - m : m.clone();
        cmsDoTransform(x, c.data, out.data(), cmsUInt32Number(m.total()));
        cmsDeleteTransform(x);
        cmsCloseProfile(p);
        return out;
    };
    const auto la = toLab(a, aIcc), lb = toLab(b, bIcc);
    cmsCloseProfile(lab);
    double sum = 0;
    for (size_t i = 0; i < la.size(); ++i)
        sum += cmsCIE2000DeltaE(&la[i], &lb[i], 1, 1, 1);
    return sum / double(la.size());
}

} // namespace

class TestMetadata : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    // Runs one job with a preset made of `steps` and `output` settings on `input`.
    Written run(const Bytes &input, const char *steps, const QString &output, proto::PhotoFacts *facts = nullptr)
    {
        const QString json = QStringLiteral(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":%1,
                                               "output":%2})")
                                 .arg(QLatin1String(steps), output);
        JobExecutor e(200'000'000);
        QString error;
        if (!e.definePreset(1, json.toUtf8(), &error))
            qFatal("%s", qPrintable(error));
        writeAll(m_dir.filePath("in"), input);
        QFile::remove(m_dir.filePath("out.part"));
        JobSpec s;
        s.id = 1;
        s.presetId = 1;
        s.inputPath = QFile::encodeName(m_dir.filePath("in"));
        s.tempPath = QFile::encodeName(m_dir.filePath("out.part"));
        proto::Job job = s.toJob(0);
        if (facts)
            job.flags |= proto::WantsFacts;
        const JobOutcome o = e.run(job, nullptr, 0, {});
        if (facts)
            *facts = o.finished.facts;
        Written w;
        w.ok = o.ok;
        w.error = o.failed.message;
        w.warning = o.finished.warning;
        if (!o.ok)
            return w;
        w.bytes = readAll(m_dir.filePath("out.part"));
        const ImageInfo info = probeImage(w.bytes.data(), w.bytes.size());
        w.pixels = decodeImage(w.bytes.data(), w.bytes.size(), info, 8, false).image;
        auto image = Exiv2::ImageFactory::open(w.bytes.data(), long(w.bytes.size()));
        image->readMetadata();
        w.exif = image->exifData();
        w.iptc = image->iptcData();
        w.xmp = image->xmpData();
        w.xmpPacket = image->xmpPacket();
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
        QCOMPARE(w.pixels.cols, 300); // stored order
        QCOMPARE(exifText(w.exif, "Exif.Image.Orientation"), QString("6"));
        QCOMPARE(xmpText(w.xmp, "Xmp.tiff.Orientation"), QString("6"));
        QCOMPARE(exifText(w.exif, "Exif.Photo.PixelXDimension"), QString("300"));
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
        QCOMPARE(exifText(w.exif, "Exif.Photo.PixelXDimension"), QString("600"));
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

        // Kept: the same pixels, the same profile, byte for byte.
        const Written kept = run(png, "[]", out("png", "keep", "keep"));
        QVERIFY(kept.icc == icc);
        QCOMPARE(cv::norm(kept.pixels, source, cv::NORM_INF), 0.0);
        // What a viewer without the profile would show is far off: the test can tell.
        const double wrong = meanDeltaE(source, icc, kept.pixels, {});
        qInfo("mean ΔE2000 of the unconverted pixels read as sRGB: %.3f", wrong);
        QVERIFY2(wrong > 3 * de && wrong > 2.0, qPrintable(QString::number(wrong)));
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

    void cmykJpegsConvertThroughTheirProfile()
    {
        const Bytes cmykIcc = readAll("/usr/share/color/icc/ghostscript/default_cmyk.icc");
        if (cmykIcc.empty())
            QSKIP("no CMYK profile (Debian package libgs-common)");
        // Adobe-style CMYK (inverted: 255 is no ink), as Photoshop writes it.
        cv::Mat cmyk(120, 160, CV_8UC4);
        for (int y = 0; y < cmyk.rows; ++y)
            for (int x = 0; x < cmyk.cols; ++x)
                cmyk.at<cv::Vec4b>(y, x) = {uchar(255 - x), uchar(255 - y), uchar(200 + x / 4), uchar(230 + y / 8)};
        struct Jpeg {
            jpeg_compress_struct c;
            jpeg_error_mgr e;
        } j;
        unsigned char *buf = nullptr;
        unsigned long size = 0;
        j.c.err = jpeg_std_error(&j.e);
        jpeg_create_compress(&j.c);
        jpeg_mem_dest(&j.c, &buf, &size);
        j.c.image_width = JDIMENSION(cmyk.cols);
        j.c.image_height = JDIMENSION(cmyk.rows);
        j.c.input_components = 4;
        j.c.in_color_space = JCS_CMYK;
        jpeg_set_defaults(&j.c);
        jpeg_set_quality(&j.c, 100, TRUE);
        j.c.write_Adobe_marker = TRUE;
        jpeg_start_compress(&j.c, TRUE);
        jpeg_write_icc_profile(&j.c, cmykIcc.data(), unsigned(cmykIcc.size()));
        for (int y = 0; y < cmyk.rows; ++y) {
            JSAMPROW row = cmyk.ptr<uint8_t>(y);
            jpeg_write_scanlines(&j.c, &row, 1);
        }
        jpeg_finish_compress(&j.c);
        jpeg_destroy_compress(&j.c);
        const Bytes file(buf, buf + size);
        free(buf);

        const Written w = run(file, "[]", out("png", "keep", "keep"));
        QVERIFY2(w.ok, qPrintable(w.error));
        QCOMPARE(w.pixels.channels(), 3);
        QVERIFY(w.icc == colour::srgbProfile()); // a CMYK profile cannot describe RGB pixels
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        const double de = meanDeltaE(cmyk, cmykIcc, w.pixels, {});
        qInfo("CMYK: mean ΔE2000 against the profile's own colours: %.3f", de);
        QVERIFY2(de < 1.5, qPrintable(QString::number(de)));
        // The plain formula that files without a profile get is far off: the test can tell.
        cv::Mat naive(cmyk.size(), CV_8UC3);
        for (int y = 0; y < cmyk.rows; ++y)
            for (int x = 0; x < cmyk.cols; ++x) {
                const cv::Vec4b v = cmyk.at<cv::Vec4b>(y, x);
                naive.at<cv::Vec3b>(y, x) = {uchar(v[2] * v[3] / 255), uchar(v[1] * v[3] / 255),
                                             uchar(v[0] * v[3] / 255)};
            }
        const double plain = meanDeltaE(cmyk, cmykIcc, naive, {});
        qInfo("CMYK: the plain formula's mean ΔE2000: %.3f", plain);
        QVERIFY2(plain > 3 * de, qPrintable(QStringLiteral("%1 vs %2").arg(plain).arg(de)));
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
