#include "PhotoFixtures.h"

#include "ImageCodec.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <jpeglib.h>
#include <exiv2/exiv2.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <tiffio.h>

namespace pp::testphotos {

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

Bytes rommProfile()
{
    const cmsCIExyY d50 = {0.3457, 0.3585, 1};
    const cmsCIExyYTRIPLE primaries = {{0.7347, 0.2653, 1}, {0.1596, 0.8404, 1}, {0.0366, 0.0001, 1}};
    const cmsFloat64Number romm[5] = {1.8, 1.0, 0.0, 1.0 / 16.0, 1.0 / 32.0};
    cmsToneCurve *c = cmsBuildParametricToneCurve(nullptr, 4, romm);
    cmsToneCurve *curves[3] = {c, c, c};
    cmsHPROFILE p = cmsCreateRGBProfile(&d50, &primaries, curves);
    cmsFreeToneCurve(c);
    return saveProfile(p, "ROMM-like test profile");
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

Bytes linearGrey()
{
    cmsToneCurve *curve = cmsBuildGamma(nullptr, 1.0);
    const Bytes icc = saveProfile(cmsCreateGrayProfile(cmsD50_xyY(), curve), "Linear grey");
    cmsFreeToneCurve(curve);
    return icc;
}

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
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(reinterpret_cast<const char *>(b.data()), qint64(b.size())) != qint64(b.size()))
        qFatal("cannot write %s", qPrintable(path));
}

// Colourful, mostly within sRGB's gamut even when read as Adobe RGB or P3.
cv::Mat photo(int w, int h)
{
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) = {uchar(60 + 120 * x / w), uchar(70 + 100 * y / h), uchar(180 - 90 * x / w)};
    cv::rectangle(m, {w / 8, h / 8, w / 4, h / 4}, cv::Scalar(40, 90, 170), -1);
    return m;
}

Bytes encoded(const cv::Mat &m, OutputFormat f, const Bytes &icc)
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
    Bytes out = writtenBytes(*image);
    return out;
}

Bytes writtenBytes(Exiv2::Image &image)
{
    image.writeMetadata();
    Exiv2::BasicIo &io = image.io();
    io.open();
    Bytes out(size_t(io.size()));
    io.seek(0, Exiv2::BasicIo::beg);
    io.read(out.data(), long(out.size()));
    io.close();
    return out;
}

// A phone's HEIC (or an AVIF) of the stored pixels `bgr`, to be shown turned as `orientation` says
// (libheif writes irot/imir for it, as phones do), with the same Orientation in its EXIF unless
// `exifOrientation` gives another (0: none).
Bytes heifFile(const cv::Mat &bgr, bool avif, heif_orientation orientation, std::optional<int> exifOrientation)
{
    const bool alpha = bgr.channels() == 4;
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, alpha ? cv::COLOR_BGRA2RGBA : cv::COLOR_BGR2RGB);
    heif_context *ctx = heif_context_alloc();
    heif_encoder *enc = nullptr;
    heif_context_get_encoder_for_format(ctx, avif ? heif_compression_AV1 : heif_compression_HEVC, &enc);
    heif_encoder_set_lossy_quality(enc, 90);
    heif_image *img = nullptr;
    heif_image_create(rgb.cols, rgb.rows, heif_colorspace_RGB,
                      alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, &img);
    heif_image_add_plane(img, heif_channel_interleaved, rgb.cols, rgb.rows, 8);
    int stride = 0;
    uint8_t *plane = heif_image_get_plane(img, heif_channel_interleaved, &stride);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(plane + y * stride, rgb.ptr(y), size_t(rgb.cols) * size_t(rgb.channels()));
    heif_encoding_options *options = heif_encoding_options_alloc();
    options->image_orientation = orientation;
    heif_image_handle *handle = nullptr;
    const heif_error e = heif_context_encode_image(ctx, img, enc, options, &handle);
    if (e.code != heif_error_Ok)
        qFatal("libheif: %s", e.message);
    if (exifOrientation.value_or(orientation) != 0) {
        Exiv2::ExifData exif;
        exif["Exif.Image.Make"] = "PixelPhone";
        exif["Exif.Image.Orientation"] = uint16_t(exifOrientation.value_or(orientation));
        exif["Exif.Photo.DateTimeOriginal"] = "2025:01:02 03:04:05";
        Exiv2::Blob blob;
        Exiv2::ExifParser::encode(blob, Exiv2::bigEndian, exif);
        heif_context_add_exif_metadata(ctx, handle, blob.data(), int(blob.size()));
    }
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

Bytes sixteenBitBmp(int w, int h, const std::function<uint16_t(int x, int y)> &pixel, SixteenBitBmp kind)
{
    const int header = 14 + kind.infoHeader + (kind.sixBitGreen && kind.infoHeader == 40 ? 12 : 0);
    const int stride = (w * 2 + 3) / 4 * 4;
    Bytes b(size_t(header + stride * h), 0);
    const auto put = [&](int at, uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i)
            b[size_t(at + i)] = uint8_t(v >> (8 * i));
    };
    b[0] = 'B', b[1] = 'M';
    put(2, uint32_t(b.size()), 4);
    put(10, uint32_t(header), 4);
    put(14, uint32_t(kind.infoHeader), 4);
    put(18, uint32_t(w), 4);
    put(22, kind.topDown ? uint32_t(-h) : uint32_t(h), 4);
    put(26, 1, 2);
    put(28, 16, 2);
    put(30, kind.sixBitGreen ? 3 : 0, 4);
    if (kind.sixBitGreen) {
        put(54, 0xF800, 4);
        put(58, 0x07E0, 4);
        put(62, 0x001F, 4);
    }
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            put(header + (kind.topDown ? y : h - 1 - y) * stride + 2 * x, pixel(x, y), 2);
    return b;
}

cv::Mat cmykPixels(int w, int h)
{
    cv::Mat cmyk(h, w, CV_8UC4);
    for (int y = 0; y < cmyk.rows; ++y)
        for (int x = 0; x < cmyk.cols; ++x)
            cmyk.at<cv::Vec4b>(y, x) = {uchar(255 - x * 160 / w), uchar(255 - y * 120 / h), uchar(200 + x * 40 / w),
                                        uchar(230 + y * 15 / h)};
    return cmyk;
}

Bytes libjpegCompress(const cv::Mat &pixels, J_COLOR_SPACE space,
                      const std::function<void(jpeg_compress_struct &)> &configure,
                      const std::function<void(jpeg_compress_struct &)> &markers)
{
    struct Jpeg {
        jpeg_compress_struct c;
        jpeg_error_mgr e;
    } j;
    unsigned char *buf = nullptr;
    unsigned long size = 0;
    j.c.err = jpeg_std_error(&j.e);
    jpeg_create_compress(&j.c);
    jpeg_mem_dest(&j.c, &buf, &size);
    j.c.image_width = JDIMENSION(pixels.cols);
    j.c.image_height = JDIMENSION(pixels.rows);
    j.c.input_components = pixels.channels();
    j.c.in_color_space = space;
    jpeg_set_defaults(&j.c);
    configure(j.c);
    jpeg_start_compress(&j.c, TRUE);
    if (markers)
        markers(j.c);
    while (j.c.next_scanline < j.c.image_height) {
        JSAMPROW row = const_cast<uint8_t *>(pixels.ptr<uint8_t>(int(j.c.next_scanline)));
        jpeg_write_scanlines(&j.c, &row, 1);
    }
    jpeg_finish_compress(&j.c);
    jpeg_destroy_compress(&j.c);
    const Bytes file(buf, buf + size);
    free(buf);
    return file;
}

Bytes cmykJpeg(const cv::Mat &cmyk, const Bytes &icc, bool adobeMarker)
{
    return libjpegCompress(
        cmyk, JCS_CMYK,
        [&](jpeg_compress_struct &c) {
            jpeg_set_quality(&c, 100, TRUE);
            c.write_Adobe_marker = adobeMarker ? TRUE : FALSE;
        },
        [&](jpeg_compress_struct &c) {
            if (!icc.empty())
                jpeg_write_icc_profile(&c, icc.data(), unsigned(icc.size()));
        });
}

Bytes cmykTiff(const cv::Mat &cmyk, const Bytes &icc, bool sixteenBits)
{
    const QString path =
        QDir::temp().filePath(QStringLiteral("pixelpool-cmyk-%1.tif").arg(QCoreApplication::applicationPid()));
    TIFF *t = TIFFOpen(QFile::encodeName(path).constData(), "w");
    CV_Assert(t);
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(cmyk.cols));
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(cmyk.rows));
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, sixteenBits ? 16 : 8);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 4);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_SEPARATED);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_LZW);
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 16);
    if (!icc.empty())
        TIFFSetField(t, TIFFTAG_ICCPROFILE, uint32_t(icc.size()), icc.data());
    std::vector<uint16_t> row(size_t(cmyk.cols) * 4);
    std::vector<uint8_t> narrow(row.size());
    for (int y = 0; y < cmyk.rows; ++y) {
        const uint8_t *in = cmyk.ptr<uint8_t>(y); // Adobe's inverted inks, as cmykPixels gives them
        for (size_t i = 0; i < row.size(); ++i) {
            narrow[i] = uint8_t(255 - in[i]);
            row[i] = uint16_t(narrow[i] * 257);
        }
        void *samples = sixteenBits ? static_cast<void *>(row.data()) : static_cast<void *>(narrow.data());
        CV_Assert(TIFFWriteScanline(t, samples, uint32_t(y), 0) == 1);
    }
    TIFFClose(t);
    QFile f(path);
    CV_Assert(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    f.remove();
    return Bytes(bytes.begin(), bytes.end());
}

size_t betweenEightBitLevels(const cv::Mat &sixteen)
{
    CV_Assert(sixteen.depth() == CV_16U);
    size_t between = 0;
    for (int y = 0; y < sixteen.rows; ++y) {
        const ushort *row = sixteen.ptr<ushort>(y);
        for (int x = 0; x < sixteen.cols * sixteen.channels(); ++x)
            between += row[x] % 257 != 0;
    }
    return between;
}

bool writeHeavyToDecode(const QString &dir)
{
    cv::Mat flat(3000, 4000, CV_8UC3);
    for (int y = 0; y < flat.rows; ++y)
        for (int x = 0; x < flat.cols; ++x)
            flat.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x / 250 * 16), uchar(y / 250 * 16), 128);
    return cv::imwrite((dir + QStringLiteral("/heavy.png")).toStdString(), flat) &&
           cv::imwrite((dir + QStringLiteral("/progressive.jpg")).toStdString(), flat,
                       {cv::IMWRITE_JPEG_PROGRESSIVE, 1, cv::IMWRITE_JPEG_QUALITY, 90});
}

} // namespace pp::testphotos
