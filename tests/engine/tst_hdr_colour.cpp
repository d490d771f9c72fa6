// Colour descriptions that reading got wrong: HDR JPEG XL (PQ, HLG), which came out nearly black
// through its HDR profile, also when only its ICC profile says so; HDR AVIF and HEIC (nclx), read as
// sRGB; a PNG's cICP chunk, which was passed over without a word; a PNG whose
// iCCP stream has empty blocks after the profile, which failed as damaged. Files are made here
// (libjxl; libheif; OpenCV with chunks put in by hand), and what is decoded is taken to sRGB as the pipeline
// does (colour::convertToSrgb with the profile the decoder gives).
#include "HeifTestOutput.h"
#include "ColourManagement.h"
#include "HdrToSdr.h"
#include "ImageCodec.h"
#include "JxlTestOutput.h"
#include "PhotoFixtures.h"

#include <QtTest>
#include <cmath>
#include <jxl/encode.h>
#include <lcms2.h>
#include <libheif/heif.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <zlib.h>

using namespace pp;
using Bytes = std::vector<uint8_t>;

namespace {

// SMPTE ST 2084: the signal for a luminance in cd/m².
double pqSignal(double nits)
{
    const double m1 = 2610.0 / 16384, m2 = 2523.0 / 4096 * 128, c1 = 3424.0 / 4096, c2 = 2413.0 / 4096 * 32,
                 c3 = 2392.0 / 4096 * 32;
    const double y = std::pow(nits / 10000, m1);
    return std::pow((c1 + c2 * y) / (1 + c3 * y), m2);
}

// A 64×32 16-bit RGB JPEG XL in these primaries (BT.2100 unless said) with this transfer, its left half grey of signal
// `left`, its right half `right`; lossy (XYB) unless `lossless`.
Bytes hdrJxl(JxlTransferFunction transfer, double left, double right, bool lossless, float intensityTarget,
             JxlPrimaries primaries = JXL_PRIMARIES_2100, bool grey = false)
{
    const uint32_t channels = grey ? 1 : 3;
    JxlEncoder *enc = JxlEncoderCreate(nullptr);
    JxlBasicInfo basic;
    JxlEncoderInitBasicInfo(&basic);
    basic.xsize = 64;
    basic.ysize = 32;
    basic.bits_per_sample = 16;
    basic.num_color_channels = channels;
    basic.uses_original_profile = lossless;
    basic.intensity_target = intensityTarget;
    JxlEncoderSetBasicInfo(enc, &basic);
    JxlColorEncoding c{};
    c.color_space = grey ? JXL_COLOR_SPACE_GRAY : JXL_COLOR_SPACE_RGB;
    c.white_point = JXL_WHITE_POINT_D65;
    c.primaries = primaries;
    if (primaries == JXL_PRIMARIES_CUSTOM) { // Adobe RGB's
        const double rgb[6] = {0.64, 0.33, 0.21, 0.71, 0.15, 0.06};
        std::copy(rgb, rgb + 2, c.primaries_red_xy);
        std::copy(rgb + 2, rgb + 4, c.primaries_green_xy);
        std::copy(rgb + 4, rgb + 6, c.primaries_blue_xy);
    }
    c.transfer_function = transfer;
    c.rendering_intent = JXL_RENDERING_INTENT_PERCEPTUAL;
    if (JxlEncoderSetColorEncoding(enc, &c) != JXL_ENC_SUCCESS)
        qFatal("libjxl refused the colour encoding");
    JxlEncoderFrameSettings *settings = JxlEncoderFrameSettingsCreate(enc, nullptr);
    JxlEncoderFrameSettingsSetOption(settings, JXL_ENC_FRAME_SETTING_EFFORT, 3);
    JxlEncoderSetFrameLossless(settings, lossless);
    if (!lossless)
        JxlEncoderSetFrameDistance(settings, 0.5f);
    std::vector<uint16_t> pixels(64 * 32 * channels);
    for (uint32_t i = 0; i < pixels.size(); ++i)
        pixels[i] = uint16_t(std::lround((i / channels % 64 < 32 ? left : right) * 65535));
    const JxlPixelFormat format{channels, JXL_TYPE_UINT16, JXL_NATIVE_ENDIAN, 0};
    if (JxlEncoderAddImageFrame(settings, &format, pixels.data(), pixels.size() * 2) != JXL_ENC_SUCCESS)
        qFatal("libjxl could not take the frame");
    JxlEncoderCloseInput(enc);
    return testjxl::takeOutput(enc);
}

// HLG's OETF: the signal of a scene light (1 at its peak).
double hlgSignal(double e)
{
    const double a = 0.17883277, b = 1 - 4 * a, c = 0.5 - a * std::log(4 * a);
    return e <= 1.0 / 12 ? std::sqrt(3 * e) : a * std::log(12 * e - b) + c;
}

// The SDR photo the HDR files are made of: the kite, 160 pixels wide (BGR, sRGB).
cv::Mat sdrKite()
{
    const cv::Mat full = cv::imread(PIXELPOOL_SAMPLES "/kite.jpg", cv::IMREAD_COLOR);
    if (full.empty())
        qFatal("no kite.jpg");
    cv::Mat small;
    cv::resize(full, small, cv::Size(160, full.rows * 160 / full.cols), 0, 0, cv::INTER_AREA);
    return small;
}

// An SDR picture (BGR, sRGB) as an HDR signal in these CICP primaries, RGB, `bits` deep in 16-bit
// samples. PQ: its light with white at 203 cd/m² (BT.2408's reference white). HLG: as BT.2408 puts SDR
// into HLG by scene light, its white at HLG's reference white (75 %, scene light 0.265).
cv::Mat hdrSignal(const cv::Mat &sdr, int primaries, int transfer, int bits)
{
    QString why;
    const Bytes linear = colour::profileFromCicp(primaries, 8, &why);
    cmsHPROFILE from = cmsCreate_sRGBProfile();
    cmsHPROFILE to = cmsOpenProfileFromMem(linear.data(), cmsUInt32Number(linear.size()));
    cmsHTRANSFORM x = cmsCreateTransform(from, TYPE_BGR_8, to, TYPE_RGB_FLT, INTENT_RELATIVE_COLORIMETRIC, 0);
    if (!x)
        qFatal("no transform to linear light");
    cv::Mat light(sdr.size(), CV_32FC3);
    for (int y = 0; y < sdr.rows; ++y)
        cmsDoTransform(x, sdr.ptr(y), light.ptr(y), cmsUInt32Number(sdr.cols));
    cmsDeleteTransform(x);
    cmsCloseProfile(from);
    cmsCloseProfile(to);
    const double top = double((1 << bits) - 1);
    cv::Mat out(sdr.size(), CV_16UC3);
    for (int y = 0; y < sdr.rows; ++y)
        for (int x2 = 0; x2 < sdr.cols; ++x2)
            for (int c = 0; c < 3; ++c) {
                const double l = std::max(0.0, double(light.at<cv::Vec3f>(y, x2)[c]));
                const double signal = transfer == colour::kTransferPq ? pqSignal(l * 203) : hlgSignal(l * 0.2647);
                out.at<cv::Vec3w>(y, x2)[c] = uint16_t(std::lround(std::clamp(signal, 0.0, 1.0) * top));
            }
    return out;
}

// An AVIF or HEIC of an RGB signal (`bits` deep) with this nclx colour description, written by
// libheif at quality 95, 4:4:4 (an AVIF of 10 bits 4:2:2: libheif 1.15's aom asserts on 10-bit 4:4:4
// and 4:2:0).
Bytes heifWithNclx(const cv::Mat &rgb, bool avif, int bits, int primaries, int transfer)
{
    heif_context *ctx = heif_context_alloc();
    heif_encoder *encoder = nullptr;
    if (heif_context_get_encoder_for_format(ctx, avif ? heif_compression_AV1 : heif_compression_HEVC, &encoder).code !=
        heif_error_Ok)
        qFatal("no encoder");
    heif_encoder_set_lossy_quality(encoder, 95);
    heif_encoder_set_parameter(encoder, "chroma", avif && bits == 10 ? "422" : "444");
    heif_image *image = nullptr;
    heif_image_create(rgb.cols, rgb.rows, heif_colorspace_RGB, heif_chroma_interleaved_RRGGBB_LE, &image);
    heif_image_add_plane(image, heif_channel_interleaved, rgb.cols, rgb.rows, bits);
    int stride = 0;
    uint8_t *plane = heif_image_get_plane(image, heif_channel_interleaved, &stride);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(plane + size_t(y) * size_t(stride), rgb.ptr(y), size_t(rgb.cols) * 6);
    heif_color_profile_nclx *nclx = heif_nclx_color_profile_alloc();
    nclx->color_primaries = heif_color_primaries(primaries);
    nclx->transfer_characteristics = heif_transfer_characteristics(transfer);
    nclx->matrix_coefficients = primaries == 9 ? heif_matrix_coefficients_ITU_R_BT_2020_2_non_constant_luminance
                                               : heif_matrix_coefficients_ITU_R_BT_709_5;
    nclx->full_range_flag = 1;
    heif_image_set_nclx_color_profile(image, nclx);
    heif_encoding_options *options = heif_encoding_options_alloc();
    options->output_nclx_profile = nclx;
    options->macOS_compatibility_workaround_no_nclx_profile = 0;
    if (heif_context_encode_image(ctx, image, encoder, options, nullptr).code != heif_error_Ok)
        qFatal("libheif could not encode the picture");
    const Bytes out = testheif::written(ctx);
    heif_encoding_options_free(options);
    heif_nclx_color_profile_free(nclx);
    heif_image_release(image);
    heif_encoder_release(encoder);
    heif_context_free(ctx);
    return out;
}

// What is decoded, in sRGB at 8 bits as `colour: srgb` makes it (BGR).
cv::Mat inSrgb(const DecodeResult &d)
{
    cv::Mat m = d.image.clone();
    QString error;
    if (!d.metadata.icc.empty() && !colour::convertToSrgb(m, d.metadata.icc, &error))
        qFatal("conversion: %s", qPrintable(error));
    if (m.depth() == CV_16U)
        m.convertTo(m, CV_8U, 1 / 257.0);
    return m;
}

double meanLevel(const cv::Mat &bgr)
{
    const cv::Scalar m = cv::mean(bgr);
    return (m[0] + m[1] + m[2]) / 3;
}

// A lossy (XYB) or lossless 16-bit RGB JPEG XL of an RGB signal whose colours only this ICC profile
// describes.
Bytes jxlWithProfile(const cv::Mat &rgb16, const Bytes &icc, bool lossless)
{
    JxlEncoder *enc = JxlEncoderCreate(nullptr);
    JxlBasicInfo basic;
    JxlEncoderInitBasicInfo(&basic);
    basic.xsize = uint32_t(rgb16.cols);
    basic.ysize = uint32_t(rgb16.rows);
    basic.bits_per_sample = 16;
    basic.num_color_channels = 3;
    basic.uses_original_profile = lossless;
    JxlEncoderSetBasicInfo(enc, &basic);
    if (JxlEncoderSetICCProfile(enc, icc.data(), icc.size()) != JXL_ENC_SUCCESS)
        qFatal("libjxl refused the profile");
    JxlEncoderFrameSettings *settings = JxlEncoderFrameSettingsCreate(enc, nullptr);
    JxlEncoderFrameSettingsSetOption(settings, JXL_ENC_FRAME_SETTING_EFFORT, 3);
    JxlEncoderSetFrameLossless(settings, lossless);
    if (!lossless)
        JxlEncoderSetFrameDistance(settings, 0.5f);
    const cv::Mat pixels = rgb16.isContinuous() ? rgb16 : rgb16.clone();
    const JxlPixelFormat format{3, JXL_TYPE_UINT16, JXL_NATIVE_ENDIAN, 0};
    if (JxlEncoderAddImageFrame(settings, &format, pixels.data, pixels.total() * 6) != JXL_ENC_SUCCESS)
        qFatal("libjxl could not take the frame");
    JxlEncoderCloseInput(enc);
    return testjxl::takeOutput(enc);
}

// An ICC profile (v4) of BT.2020 primaries whose curves are PQ's (relative to 10,000 cd/m²) or HLG's
// (scene light) as a table of 32 steps, which libjxl 0.7 does not name as a transfer (it names those
// of a thousand steps); with a cicp tag saying so when `cicpTag`.
Bytes hdrProfile(int transfer, bool cicpTag)
{
    std::vector<cmsFloat32Number> table(32);
    for (size_t i = 0; i < table.size(); ++i) {
        const double v = double(i) / double(table.size() - 1);
        double light = 0;
        if (transfer == colour::kTransferPq) {
            const double m1 = 2610.0 / 16384, m2 = 2523.0 / 4096 * 128, c1 = 3424.0 / 4096, c2 = 2413.0 / 4096 * 32,
                         c3 = 2392.0 / 4096 * 32;
            const double e = std::pow(v, 1 / m2);
            light = std::pow(std::max(e - c1, 0.0) / (c2 - c3 * e), 1 / m1);
        } else {
            const double a = 0.17883277, b = 1 - 4 * a, c = 0.5 - a * std::log(4 * a);
            light = v <= 0.5 ? v * v / 3 : (std::exp((v - c) / a) + b) / 12;
        }
        table[i] = cmsFloat32Number(light);
    }
    cmsToneCurve *curve = cmsBuildTabulatedToneCurveFloat(nullptr, cmsUInt32Number(table.size()), table.data());
    cmsToneCurve *curves[3] = {curve, curve, curve};
    const cmsCIExyY white = {0.3127, 0.3290, 1};
    const cmsCIExyYTRIPLE primaries = {{0.708, 0.292, 1}, {0.170, 0.797, 1}, {0.131, 0.046, 1}};
    cmsHPROFILE p = cmsCreateRGBProfile(&white, &primaries, curves);
    cmsFreeToneCurve(curve);
    cmsSetProfileVersion(p, 4.4);
    if (cicpTag) {
        cmsVideoSignalType cicp{9, uint8_t(transfer), 0, 1};
        cmsWriteTag(p, cmsSigcicpTag, &cicp);
    }
    return testphotos::saveProfile(p, transfer == colour::kTransferPq ? "Rec. 2100 PQ" : "Rec. 2100 HLG");
}

DecodeResult decode(const Bytes &b)
{
    const ImageInfo info = probeImage(b.data(), b.size());
    if (!info.error.isEmpty())
        qFatal("probe: %s", qPrintable(info.error));
    return decodeImage(b.data(), b.size(), info, 8, false, true);
}

// The decoded picture in sRGB at 8 bits (as `colour: srgb` makes it), grey level of its left and
// right halves (the green channel, or grey).
std::pair<double, double> srgbHalves(const DecodeResult &d)
{
    cv::Mat m = d.image.clone();
    QString error;
    if (!d.metadata.icc.empty() && !colour::convertToSrgb(m, d.metadata.icc, &error))
        qFatal("conversion: %s", qPrintable(error));
    if (m.depth() == CV_16U)
        m.convertTo(m, CV_8U, 1 / 257.0);
    const int c = m.channels() == 1 ? 0 : 1;
    const double l = cv::mean(m(cv::Rect(4, 4, 24, 24)))[c];
    const double r = cv::mean(m(cv::Rect(36, 4, 24, 24)))[c];
    return {l, r};
}

// A PNG of these pixels (BGR, 8 or 16 bits) with these chunks put right after IHDR, in order.
Bytes pngOf(const cv::Mat &pixels, const std::vector<std::pair<std::string, Bytes>> &chunks)
{
    Bytes png;
    cv::imencode(".png", pixels, png);
    Bytes extra;
    for (const auto &[type, body] : chunks) {
        const uint32_t n = uint32_t(body.size());
        const uint8_t length[4] = {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)};
        extra.insert(extra.end(), length, length + 4);
        const size_t typeAt = extra.size();
        extra.insert(extra.end(), type.begin(), type.end());
        extra.insert(extra.end(), body.begin(), body.end());
        const uint32_t crc = uint32_t(crc32(0, extra.data() + typeAt, uInt(4 + body.size())));
        const uint8_t c[4] = {uint8_t(crc >> 24), uint8_t(crc >> 16), uint8_t(crc >> 8), uint8_t(crc)};
        extra.insert(extra.end(), c, c + 4);
    }
    png.insert(png.begin() + 33, extra.begin(), extra.end()); // signature 8, IHDR 25
    return png;
}

// A 32×16 8-bit RGB PNG of one colour (B, G, R; grey when `grey`), with these chunks after IHDR.
Bytes pngWith(const std::vector<std::pair<std::string, Bytes>> &chunks, cv::Scalar bgr = {50, 100, 200},
              bool grey = false)
{
    return pngOf(cv::Mat(16, 32, grey ? CV_8UC1 : CV_8UC3, bgr), chunks);
}

Bytes cicp(uint8_t primaries, uint8_t transfer, uint8_t matrix = 0, uint8_t fullRange = 1)
{
    return {primaries, transfer, matrix, fullRange};
}

// An iCCP body: name, compression method, zlib stream. `emptyBlocksAfter`: the profile in blocks that
// are not the last, then empty stored blocks, the last of them final, as some writers (exiftool) end
// the stream. libpng stops inflating at the profile's size, reading the chunk in pieces of up to
// 1 KB: what follows the profile must reach past the piece it ends in (here 2 KB of empty blocks).
Bytes iccpBody(const Bytes &profile, bool emptyBlocksAfter)
{
    Bytes body = {'I', 'C', 'C', 0, 0, 0x78, 0xda}; // zlib header: deflate, 32 KB window, level 9
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY); // raw deflate
    Bytes out(profile.size() + 1024);
    z.next_in = const_cast<Bytef *>(profile.data());
    z.avail_in = uInt(profile.size());
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    deflate(&z, emptyBlocksAfter ? Z_SYNC_FLUSH : Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    body.insert(body.end(), out.begin(), out.end());
    if (emptyBlocksAfter) {
        for (int i = 0; i <= 400; ++i) { // byte-aligned after the sync flush; the last one final
            const uint8_t stored[5] = {uint8_t(i == 400 ? 1 : 0), 0, 0, 0xff, 0xff};
            body.insert(body.end(), stored, stored + 5);
        }
    }
    const uint32_t adler = uint32_t(adler32(adler32(0, nullptr, 0), profile.data(), uInt(profile.size())));
    const uint8_t sum[4] = {uint8_t(adler >> 24), uint8_t(adler >> 16), uint8_t(adler >> 8), uint8_t(adler)};
    body.insert(body.end(), sum, sum + 4);
    return body;
}

Bytes p3Profile()
{
    QString why;
    const Bytes p3 = colour::profileFromCicp(12, 13, &why);
    if (p3.empty() || !why.isEmpty())
        qFatal("no Display P3 profile");
    return p3;
}

DecodeResult decodePngBytes(const Bytes &b)
{
    const ImageInfo info = probeImage(b.data(), b.size());
    if (!info.error.isEmpty())
        qFatal("probe: %s", qPrintable(info.error));
    return decodeImage(b.data(), b.size(), info, 8, false, true);
}

} // namespace

class TestHdrColour : public QObject
{
    Q_OBJECT

private slots:
    // A PQ JPEG XL is tone mapped: BT.2408's reference white (203 cd/m²) becomes nearly white (247,
    // the roll-off starts at 80 % of it), 20 cd/m² stays where SDR has it (about 0.1 of white: sRGB
    // 89), and a warning says so; stored in XYB (libjxl gives linear light) or as it is (PixelPool
    // decodes the signal), whatever intensity target (the unit of XYB's linear light) the file has.
    // Before, 203 cd/m² came out at 38 of 255 and 20 cd/m² at 7, silently.
    void pqIsToneMappedToSdr_data()
    {
        QTest::addColumn<bool>("lossless");
        QTest::addColumn<float>("intensityTarget");
        QTest::newRow("lossy") << false << 10000.f;
        QTest::newRow("lossy, 1000 cd/m² target") << false << 1000.f;
        QTest::newRow("lossy, 255 cd/m² target") << false << 255.f;
        QTest::newRow("lossless") << true << 10000.f;
    }
    void pqIsToneMappedToSdr()
    {
        QFETCH(bool, lossless);
        QFETCH(float, intensityTarget);
        const DecodeResult d =
            decode(hdrJxl(JXL_TRANSFER_FUNCTION_PQ, pqSignal(203), pqSignal(20), lossless, intensityTarget));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        const auto [white, dark] = srgbHalves(d);
        qInfo("203 cd/m²: %.1f, 20 cd/m²: %.1f", white, dark);
        QVERIFY2(std::abs(white - 247) < 4, qPrintable(QString::number(white)));
        QVERIFY2(std::abs(dark - 89) < 4, qPrintable(QString::number(dark)));
        QCOMPARE(d.metadata.warnings,
                 QStringList{QStringLiteral("HDR JPEG XL (PQ) tone-mapped to SDR: 203 cd/m² made white, brighter "
                                            "highlights rolled off")});
    }

    // Highlights above reference white roll off below white in their order: 1000 cd/m² is brighter
    // than 100 (sRGB 185: unchanged, under the knee) and within the SDR range.
    void pqHighlightsKeepTheirOrder_data()
    {
        QTest::addColumn<bool>("lossless");
        QTest::newRow("lossy") << false;
        QTest::newRow("lossless") << true;
    }
    void pqHighlightsKeepTheirOrder()
    {
        QFETCH(bool, lossless);
        const DecodeResult d = decode(hdrJxl(JXL_TRANSFER_FUNCTION_PQ, pqSignal(100), pqSignal(1000), lossless, 10000));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        const auto [mid, bright] = srgbHalves(d);
        qInfo("100 cd/m²: %.1f, 1000 cd/m²: %.1f", mid, bright);
        QVERIFY2(std::abs(mid - 185) < 4, qPrintable(QString::number(mid)));
        QVERIFY2(bright > 250, qPrintable(QString::number(bright)));
    }

    // HLG is read as the SDR-compatible signal it is: 75 % (its reference white) through the BT.709
    // curve in BT.2020 primaries is sRGB 198 for a grey, 50 % is 139.
    void hlgIsReadAsItsSdrSignal_data()
    {
        QTest::addColumn<bool>("lossless");
        QTest::newRow("lossy") << false;
        QTest::newRow("lossless") << true;
    }
    void hlgIsReadAsItsSdrSignal()
    {
        QFETCH(bool, lossless);
        const DecodeResult d = decode(hdrJxl(JXL_TRANSFER_FUNCTION_HLG, 0.75, 0.5, lossless, 1000));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        const auto [white, mid] = srgbHalves(d);
        qInfo("HLG 0.75: %.1f, 0.5: %.1f", white, mid);
        QVERIFY2(std::abs(white - 198) < 6, qPrintable(QString::number(white)));
        QVERIFY2(std::abs(mid - 139) < 6, qPrintable(QString::number(mid)));
        QCOMPARE(
            d.metadata.warnings.filter(QStringLiteral("HDR JPEG XL (HLG) read as its SDR-compatible signal")).size(),
            1);
    }

    // An AVIF or HEIC whose nclx says PQ is tone mapped as a PQ JPEG XL is, and one that says HLG is
    // read through the BT.709 curve, each in its own primaries: the SDR kite made HDR (10 or 12 bits),
    // measured against that kite in sRGB (mean level of 255, ΔE2000): PQ 92.3 against 92.3, ΔE 0.3 to
    // 0.7; HLG 91.7, ΔE 3.0 to 3.1. Before, both were read as sRGB ("colour description (CICP transfer
    // 16, PQ) cannot be converted: read as sRGB"): PQ ΔE 8.5 to 11.6 (mean 86.7 to 93.9), HLG mean 82.0,
    // ΔE 9.0.
    void hdrHeifIsReadAsSdr_data()
    {
        QTest::addColumn<bool>("avif");
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("primaries");
        QTest::addColumn<int>("transfer");
        QTest::addColumn<double>("maxDeltaE");
        QTest::addColumn<double>("maxLevelOff");
        QTest::newRow("AVIF PQ 10-bit BT.2020") << true << 10 << 9 << 16 << 1.0 << 1.0;
        QTest::newRow("AVIF PQ 12-bit Display P3") << true << 12 << 12 << 16 << 1.0 << 1.0;
        QTest::newRow("HEIC PQ 10-bit BT.2020") << false << 10 << 9 << 16 << 1.0 << 1.0;
        QTest::newRow("HEIC PQ 12-bit sRGB primaries") << false << 12 << 1 << 16 << 1.0 << 1.0;
        QTest::newRow("AVIF HLG 10-bit BT.2020") << true << 10 << 9 << 18 << 4.0 << 2.0;
        QTest::newRow("HEIC HLG 12-bit BT.2020") << false << 12 << 9 << 18 << 4.0 << 2.0;
    }
    void hdrHeifIsReadAsSdr()
    {
        QFETCH(bool, avif);
        QFETCH(int, bits);
        QFETCH(int, primaries);
        QFETCH(int, transfer);
        QFETCH(double, maxDeltaE);
        QFETCH(double, maxLevelOff);
        const cv::Mat sdr = sdrKite();
        const DecodeResult d =
            decode(heifWithNclx(hdrSignal(sdr, primaries, transfer, bits), avif, bits, primaries, transfer));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.image.depth(), CV_16U);
        const cv::Mat got = inSrgb(d);
        const double deltaE = testphotos::meanDeltaE(sdr, {}, got, {});
        const double level = meanLevel(got), wanted = meanLevel(sdr);
        qInfo("mean level %.1f (SDR %.1f), ΔE2000 %.2f", level, wanted, deltaE);
        const QString format = avif ? "AVIF" : "HEIF";
        QCOMPARE(
            d.metadata.warnings,
            QStringList{transfer == 16
                            ? "HDR " + format +
                                  " (PQ) tone-mapped to SDR: 203 cd/m² made white, brighter highlights "
                                  "rolled off"
                            : "HDR " + format + " (HLG) read as its SDR-compatible signal: through the BT.709 curve"});
        QVERIFY2(deltaE < maxDeltaE, qPrintable(QString::number(deltaE)));
        QVERIFY2(std::abs(level - wanted) < maxLevelOff, qPrintable(QString::number(level)));
    }

    // The pixels of an HDR AVIF do not depend on its metadata being kept: read without it (as after
    // a worker crashed on it), a PQ one is tone mapped all the same, and only its profile is left out.
    void hdrHeifWithoutMetadataIsToneMappedToo()
    {
        const cv::Mat sdr = sdrKite();
        const Bytes b = heifWithNclx(hdrSignal(sdr, 1, 16, 12), true, 12, 1, 16);
        const ImageInfo info = probeImage(b.data(), b.size());
        const DecodeResult with = decodeImage(b.data(), b.size(), info, 8, false, true);
        const DecodeResult without = decodeImage(b.data(), b.size(), info, 8, false, false);
        QVERIFY2(without.error.isEmpty(), qPrintable(without.error));
        QVERIFY(without.metadata.icc.empty() && without.metadata.warnings.isEmpty());
        QCOMPARE(cv::norm(with.image, without.image, cv::NORM_INF), 0.0);
        const double level = meanLevel(inSrgb(without)); // sRGB's primaries: no profile needed
        QVERIFY2(std::abs(level - meanLevel(sdr)) < 1, qPrintable(QString::number(level)));
    }

    // An nclx colour description with a value libheif does not know (CICP's reserved ones) is read
    // with that value as unspecified, and says so: the Display P3 primaries beside an unknown
    // transfer still count (unspecified reads as sRGB's curve). Before, it was dropped without a word,
    // and the description libheif 1.15 hands over on that failure leaked (52 bytes per image in a
    // worker; fuzz_decode's leak, tests/fuzz/regressions/decode/).
    void nclxWithAnUnknownValueIsReadAsUnspecified_data()
    {
        QTest::addColumn<bool>("avif");
        QTest::addColumn<int>("field"); // 0 primaries, 1 transfer
        QTest::addColumn<bool>("p3");
        QTest::addColumn<QString>("warning");
        QTest::newRow("AVIF, primaries 200") << true << 0 << false
                                             << "colour description (nclx) not understood (its primaries): read "
                                                "as unspecified";
        QTest::newRow("HEIC, primaries 200") << false << 0 << false
                                             << "colour description (nclx) not understood (its primaries): read "
                                                "as unspecified";
        QTest::newRow("HEIC, transfer 200") << false << 1 << true
                                            << "colour description (nclx) not understood (its transfer): read as "
                                               "unspecified";
    }
    void nclxWithAnUnknownValueIsReadAsUnspecified()
    {
        QFETCH(bool, avif);
        QFETCH(int, field);
        QFETCH(bool, p3);
        QFETCH(QString, warning);
        cv::Mat rgb;
        cv::cvtColor(sdrKite(), rgb, cv::COLOR_BGR2RGB);
        rgb.convertTo(rgb, CV_16U, 1023 / 255.0);
        Bytes b = heifWithNclx(rgb, avif, 10, 12, 13); // Display P3, sRGB's curve
        const Bytes colrNclx = {'c', 'o', 'l', 'r', 'n', 'c', 'l', 'x'};
        const auto at = std::search(b.begin(), b.end(), colrNclx.begin(), colrNclx.end());
        QVERIFY(at != b.end());
        const size_t value = size_t(at - b.begin()) + colrNclx.size() + 2 * size_t(field);
        QCOMPARE(int(b[value]) << 8 | b[value + 1], field == 0 ? 12 : 13);
        b[value + 1] = 200; // reserved in CICP (H.273)
        const DecodeResult d = decode(b);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.metadata.warnings, QStringList{warning});
        QVERIFY(p3 ? d.metadata.icc == p3Profile() : d.metadata.icc.empty());
    }

    // A JPEG XL whose PQ or HLG only its ICC profile says (a cicp tag, or curves alone that libjxl
    // does not name as a transfer) is read as one named so: the PQ kite tone mapped, the HLG one through
    // BT.709's curve, in BT.2020 primaries. Before, its profile made 10,000 cd/m² (PQ) or the HLG peak
    // white: the PQ kite came out nearly black (mean 9.4 against 92.3, ΔE 30.7), the HLG one dark (47.6,
    // ΔE 15.6); now PQ 92.9 (lossy; its light is the profile's 32-step curve's) or 92.3, HLG 91.7.
    void hdrProfileJxlIsReadAsSdr_data()
    {
        QTest::addColumn<int>("transfer");
        QTest::addColumn<bool>("cicpTag");
        QTest::addColumn<bool>("lossless");
        QTest::addColumn<double>("maxDeltaE");
        QTest::addColumn<double>("maxLevelOff");
        QTest::newRow("PQ lossy, cicp tag") << 16 << true << false << 2.0 << 1.5;
        QTest::newRow("PQ lossy, curves") << 16 << false << false << 2.0 << 1.5;
        QTest::newRow("PQ lossless, curves") << 16 << false << true << 1.0 << 1.0;
        QTest::newRow("HLG lossy, curves") << 18 << false << false << 4.0 << 2.0;
        QTest::newRow("HLG lossless, cicp tag") << 18 << true << true << 4.0 << 2.0;
    }
    void hdrProfileJxlIsReadAsSdr()
    {
        QFETCH(int, transfer);
        QFETCH(bool, cicpTag);
        QFETCH(bool, lossless);
        QFETCH(double, maxDeltaE);
        QFETCH(double, maxLevelOff);
        const cv::Mat sdr = sdrKite();
        const DecodeResult d =
            decode(jxlWithProfile(hdrSignal(sdr, 9, transfer, 16), hdrProfile(transfer, cicpTag), lossless));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        const cv::Mat got = inSrgb(d);
        const double deltaE = testphotos::meanDeltaE(sdr, {}, got, {});
        const double level = meanLevel(got), wanted = meanLevel(sdr);
        qInfo("mean level %.1f (SDR %.1f), ΔE2000 %.2f", level, wanted, deltaE);
        QCOMPARE(d.metadata.warnings,
                 QStringList{transfer == 16 ? "HDR JPEG XL (PQ) tone-mapped to SDR: 203 cd/m² made white, brighter "
                                              "highlights rolled off"
                                            : "HDR JPEG XL (HLG) read as its SDR-compatible signal: through the BT.709 "
                                              "curve"});
        QVERIFY2(deltaE < maxDeltaE, qPrintable(QString::number(deltaE)));
        QVERIFY2(std::abs(level - wanted) < maxLevelOff, qPrintable(QString::number(level)));
    }

    // What an ICC profile says of HDR: its cicp tag's transfer outranks its curves (here a gamma of
    // 2.2); without the tag, PQ or HLG curves (of 32 steps) say it; the primaries are its colorants'.
    void hdrOfProfileReadsTheTagAndTheCurves()
    {
        cmsToneCurve *gamma = cmsBuildGamma(nullptr, 2.2);
        cmsToneCurve *curves[3] = {gamma, gamma, gamma};
        const cmsCIExyY white = {0.3127, 0.3290, 1};
        const cmsCIExyYTRIPLE bt2020 = {{0.708, 0.292, 1}, {0.170, 0.797, 1}, {0.131, 0.046, 1}};
        cmsHPROFILE tagged = cmsCreateRGBProfile(&white, &bt2020, curves);
        cmsFreeToneCurve(gamma);
        cmsSetProfileVersion(tagged, 4.4);
        cmsVideoSignalType pq{9, 16, 0, 1};
        cmsWriteTag(tagged, cmsSigcicpTag, &pq);
        const colour::ProfileCicp fromTag = colour::hdrOfProfile(testphotos::saveProfile(tagged, "tagged"));
        QCOMPARE(fromTag.transfer, 16);
        QCOMPARE(fromTag.primaries, 9);
        const colour::ProfileCicp hlg = colour::hdrOfProfile(hdrProfile(18, false));
        QCOMPARE(hlg.transfer, 18);
        QCOMPARE(hlg.primaries, 9);
        QCOMPARE(colour::hdrOfProfile(hdrProfile(16, false)).transfer, 16);
        QCOMPARE(colour::hdrOfProfile(testphotos::displayP3()).transfer, 0);
        QCOMPARE(colour::hdrOfProfile(colour::srgbProfile()).transfer, 0);
        QCOMPARE(colour::hdrOfProfile(testphotos::linearGrey()).transfer, 0);
    }

    // PQ or HLG in primaries PixelPool makes no profile for (here Adobe RGB's), or grey, is read as
    // sRGB with the warning an AVIF's gets, its signal as the pixels.
    void hdrInOtherPrimariesIsReadAsSrgbWithTheAvifWarning_data()
    {
        QTest::addColumn<int>("transfer");
        QTest::addColumn<bool>("lossless");
        QTest::addColumn<bool>("grey");
        QTest::addColumn<QString>("warning");
        const QString pq = "colour description (CICP transfer 16, PQ) cannot be converted: read as sRGB";
        const QString hlg = "colour description (CICP transfer 18, HLG) cannot be converted: read as sRGB";
        QTest::newRow("PQ lossy") << int(JXL_TRANSFER_FUNCTION_PQ) << false << false << pq;
        QTest::newRow("PQ lossless") << int(JXL_TRANSFER_FUNCTION_PQ) << true << false << pq;
        QTest::newRow("HLG lossless") << int(JXL_TRANSFER_FUNCTION_HLG) << true << false << hlg;
        QTest::newRow("PQ grey lossy") << int(JXL_TRANSFER_FUNCTION_PQ) << false << true << pq;
        QTest::newRow("HLG grey lossless") << int(JXL_TRANSFER_FUNCTION_HLG) << true << true << hlg;
    }
    void hdrInOtherPrimariesIsReadAsSrgbWithTheAvifWarning()
    {
        QFETCH(int, transfer);
        QFETCH(bool, lossless);
        QFETCH(bool, grey);
        QFETCH(QString, warning);
        const double signal = 0.58;
        const DecodeResult d = decode(hdrJxl(JxlTransferFunction(transfer), signal, signal, lossless, 10000,
                                             grey ? JXL_PRIMARIES_2100 : JXL_PRIMARIES_CUSTOM, grey));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY(d.metadata.icc.empty());
        const auto [left, right] = srgbHalves(d);
        QVERIFY2(std::abs(left - signal * 255) < 3 && std::abs(right - signal * 255) < 3,
                 qPrintable(QString::number(left)));
        QCOMPARE(d.metadata.warnings, QStringList{warning});
    }

    // cICP 12/13/0/1 is Display P3: read as that profile (the output carries it), ahead of the
    // iCCP, sRGB and gAMA chunks a PNG may carry beside it (PNG third edition). Before, it was read as
    // sRGB and the output had neither cICP nor profile.
    void cicpDisplayP3IsReadAsItsProfile_data()
    {
        QTest::addColumn<bool>("withOthers");
        QTest::newRow("alone") << false;
        QTest::newRow("before iCCP and gAMA") << true;
        QTest::newRow("after sRGB") << true;
    }
    void cicpDisplayP3IsReadAsItsProfile()
    {
        QFETCH(bool, withOthers);
        std::vector<std::pair<std::string, Bytes>> chunks = {{"cICP", cicp(12, 13)}};
        if (withOthers && QByteArray(QTest::currentDataTag()) == "after sRGB")
            chunks.insert(chunks.begin(), {"sRGB", Bytes{0}});
        else if (withOthers)
            chunks.insert(chunks.end(),
                          {{"iCCP", iccpBody(colour::srgbProfile(), false)}, {"gAMA", Bytes{0, 0, 0xb1, 0x8f}}});
        const DecodeResult d = decodePngBytes(pngWith(chunks));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.metadata.warnings, QStringList());
        QVERIFY(d.metadata.icc == p3Profile());
    }

    // A grey PNG's cICP is read for its curve: sRGB's (the grey is sRGB grey, no profile needed),
    // ahead of a gAMA of 1 beside it; any other is left out with a warning (grey profiles are made
    // from gAMA only), and the gAMA counts.
    void cicpInAGreyPng_data()
    {
        QTest::addColumn<int>("transfer");
        QTest::addColumn<QStringList>("warnings");
        QTest::addColumn<bool>("profile");
        QTest::newRow("sRGB curve") << 13 << QStringList() << false;
        QTest::newRow("BT.709 curve")
            << 1
            << QStringList{"colour description (cICP) ignored: transfer 1 in a grey PNG, where only sRGB's is read"}
            << true;
    }
    void cicpInAGreyPng()
    {
        QFETCH(int, transfer);
        QFETCH(QStringList, warnings);
        QFETCH(bool, profile);
        const DecodeResult d = decodePngBytes(
            pngWith({{"cICP", cicp(9, uint8_t(transfer))}, {"gAMA", Bytes{0, 0x01, 0x86, 0xa0}}}, {128}, true));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.image.channels(), 1);
        QCOMPARE(d.metadata.warnings, warnings);
        QCOMPARE(!d.metadata.icc.empty(), profile); // gAMA 1: a linear grey profile
    }

    // A PNG whose cICP says PQ or HLG is read as SDR as an HDR AVIF or JPEG XL is (HdrToSdr.h): the PQ
    // kite tone mapped, the HLG one through BT.709's curve, with the warning; the pixels tone mapped
    // also when the metadata is not read. Before, both were read as sRGB with "colour description
    // (CICP transfer 16, PQ) cannot be converted: read as sRGB" (the kite made PQ: ΔE2000 8.4 to 11.5
    // off the SDR photo; HLG mean 82.0 for 92.3, ΔE 9.0); now ΔE 0.0 to 0.3 (PQ), 3.0 (HLG).
    void hdrPngIsReadAsSdr_data()
    {
        QTest::addColumn<int>("primaries");
        QTest::addColumn<int>("transfer");
        QTest::addColumn<int>("bits");
        QTest::addColumn<double>("maxDeltaE");
        QTest::addColumn<double>("maxLevelOff");
        QTest::newRow("PQ 16-bit BT.2020") << 9 << 16 << 16 << 1.0 << 1.0;
        QTest::newRow("PQ 16-bit Display P3") << 12 << 16 << 16 << 1.0 << 1.0;
        QTest::newRow("PQ 8-bit sRGB primaries") << 1 << 16 << 8 << 3.0 << 1.5;
        QTest::newRow("HLG 16-bit BT.2020") << 9 << 18 << 16 << 4.0 << 2.0;
    }
    void hdrPngIsReadAsSdr()
    {
        QFETCH(int, primaries);
        QFETCH(int, transfer);
        QFETCH(int, bits);
        QFETCH(double, maxDeltaE);
        QFETCH(double, maxLevelOff);
        const cv::Mat sdr = sdrKite();
        cv::Mat bgr;
        cv::cvtColor(hdrSignal(sdr, primaries, transfer, 16), bgr, cv::COLOR_RGB2BGR);
        if (bits == 8)
            bgr.convertTo(bgr, CV_8U, 1 / 257.0);
        const Bytes png = pngOf(bgr, {{"cICP", cicp(uint8_t(primaries), uint8_t(transfer))}});
        const DecodeResult d = decodePngBytes(png);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        const cv::Mat got = inSrgb(d);
        const double deltaE = testphotos::meanDeltaE(sdr, {}, got, {});
        const double level = meanLevel(got), wanted = meanLevel(sdr);
        qInfo("mean level %.1f (SDR %.1f), ΔE2000 %.2f", level, wanted, deltaE);
        QCOMPARE(d.metadata.warnings,
                 QStringList{transfer == 16 ? QString("HDR PNG (PQ) tone-mapped to SDR: 203 cd/m² made white, "
                                                      "brighter highlights rolled off")
                                            : QString("HDR PNG (HLG) read as its SDR-compatible signal: through the "
                                                      "BT.709 curve")});
        QVERIFY2(deltaE < maxDeltaE, qPrintable(QString::number(deltaE)));
        QVERIFY2(std::abs(level - wanted) < maxLevelOff, qPrintable(QString::number(level)));
        const ImageInfo info = probeImage(png.data(), png.size());
        const DecodeResult without = decodeImage(png.data(), png.size(), info, 8, false, false);
        QVERIFY2(without.error.isEmpty(), qPrintable(without.error));
        QCOMPARE(cv::norm(d.image, without.image, cv::NORM_INF), 0.0);
    }

    // PQ and HLG in primaries PixelPool has no profile for are read as sRGB, with the warning an
    // AVIF's gives.
    void cicpPqInOtherPrimariesWarns()
    {
        const DecodeResult d = decodePngBytes(pngWith({{"cICP", cicp(5, 16)}}));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY(d.metadata.icc.empty());
        QCOMPARE(d.metadata.warnings,
                 QStringList{"colour description (CICP transfer 16, PQ) cannot be converted: read as sRGB"});
    }

    // A cICP chunk that is damaged, of the wrong size, or not for RGB pixels is left out with a
    // warning, and the chunks beside it say what the colours are (here an iCCP of Display P3); one
    // after the image data is not read at all (the PNG third edition puts it before).
    void hostileCicpIsLeftOut_data()
    {
        QTest::addColumn<Bytes>("png");
        QTest::addColumn<QString>("warning");
        const Bytes iccp = iccpBody(p3Profile(), false);
        Bytes damaged = pngWith({{"cICP", cicp(1, 13)}, {"iCCP", iccp}});
        damaged[33 + 8 + 1] = 16; // transfer sRGB → PQ: the body changed, its CRC not
        QTest::newRow("CRC wrong") << damaged << "colour description (cICP) ignored: damaged (its CRC is wrong)";
        QTest::newRow("5 bytes") << pngWith({{"cICP", Bytes{1, 13, 0, 1, 0}}, {"iCCP", iccp}})
                                 << "colour description (cICP) ignored: 5 bytes where it has 4";
        QTest::newRow("empty") << pngWith({{"cICP", Bytes{}}, {"iCCP", iccp}})
                               << "colour description (cICP) ignored: 0 bytes where it has 4";
        QTest::newRow("YCbCr matrix") << pngWith({{"cICP", cicp(1, 13, 1, 1)}, {"iCCP", iccp}})
                                      << "colour description (cICP) ignored: matrix 1, full range: not the RGB in "
                                         "full range PNG pixels are";
        QTest::newRow("narrow range") << pngWith({{"cICP", cicp(1, 13, 0, 0)}, {"iCCP", iccp}})
                                      << "colour description (cICP) ignored: matrix 0, narrow range: not the RGB in "
                                         "full range PNG pixels are";
        Bytes late = pngWith({{"iCCP", iccp}});
        const Bytes tail = pngWith({{"cICP", cicp(1, 13)}});
        // The cICP chunk (after IHDR in `tail`) moved right before IEND.
        late.insert(late.end() - 12, tail.begin() + 33, tail.begin() + 33 + 16);
        QTest::newRow("after the image data") << late << QString();
    }
    void hostileCicpIsLeftOut()
    {
        QFETCH(Bytes, png);
        QFETCH(QString, warning);
        const DecodeResult d = decodePngBytes(png);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.metadata.warnings, warning.isEmpty() ? QStringList() : QStringList{warning});
        QVERIFY(d.metadata.icc == p3Profile());
        QCOMPARE(d.image.at<cv::Vec3b>(0, 0), cv::Vec3b(50, 100, 200));
    }

    // An iCCP stream with empty blocks after the profile (exiftool ends one so) is whole: libpng keeps
    // the profile and says "iCCP: extra compressed data", which failed the image as damaged pixels.
    void iccpWithEmptyBlocksAfterTheProfileIsRead()
    {
        const DecodeResult d = decodePngBytes(pngWith({{"iCCP", iccpBody(p3Profile(), true)}}));
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY2(d.warning.isEmpty(), qPrintable(d.warning));
        QCOMPARE(d.metadata.warnings, QStringList());
        QVERIFY(d.metadata.icc == p3Profile());
    }
};

QTEST_GUILESS_MAIN(TestHdrColour)
#include "tst_hdr_colour.moc"
