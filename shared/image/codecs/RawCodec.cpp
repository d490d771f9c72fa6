// Camera RAW through LibRaw 0.20 (the thread-safe libraw_r), from the bytes in memory: one LibRaw
// object per call, no state shared between calls or threads.
//
// Developing: the camera's white balance (use_camera_wb), sRGB primaries (output_color), LibRaw's
// default AHD demosaicing, 16 bits a channel, linear, turned upright by LibRaw's own flip, once (the
// probe reports the upright size and Orientation 1). The exposure and sRGB's tone curve are applied
// here (exposeToSrgb), so that the sRGB profile the output carries is true and a half-size
// development comes out as bright as a full one.
//
// The probe lets LibRaw read the metadata (identify, no sensor data) and the embedded preview's
// JPEG header. Before unpack() the sensor area the file declares is checked against the
// developed size the pixel limit allowed, and LibRaw's own allocation cap (max_raw_memory_mb) is
// set to that bound.
#include "Codecs.h"
#include "ColourManagement.h"
#include "Operations.h"

#include <dlfcn.h>
#include <libraw/libraw.h>
#include <cmath>
#include <memory>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

// A sensor may have masked margins around the picture; a file that declares sensor data of more
// than this many times the developed area describes no camera.
constexpr qint64 kMaxSensorToImageRatio = 3;

// libraw_r demosaics in OpenMP parallel regions. Workers are one process per core, so LibRaw gets
// one thread. libgomp keeps omp_set_num_threads() per calling thread, so this touches no other
// thread. Looked up at run time: LibRaw brought libgomp in, and linking an OpenMP runtime here
// would tie the build to one compiler's (clang's -fopenmp links libomp instead).
void useOneThread()
{
    using SetThreads = void (*)(int);
    static const auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    if (set)
        set(1);
}

struct RawState {
    QString damage; // LibRaw's data-error callback: the first sign of damaged sensor data
};

void onDataError(void *data, const char *, const int offset)
{
    QString &damage = static_cast<RawState *>(data)->damage;
    if (damage.isEmpty())
        damage = offset < 0 ? QStringLiteral("the sensor data ends early")
                            : QStringLiteral("damaged sensor data near byte %1").arg(offset);
}

void onMemoryError(void *, const char *, const char *) {} // LibRaw returns an error code as well

// LibRaw with PixelPool's settings, the file opened (metadata only); null and LibRaw's error in
// *code when it cannot read it. `state` must outlive the object.
std::unique_ptr<LibRaw> openRaw(const uint8_t *data, size_t size, RawState *state, int *code)
{
    auto raw = std::make_unique<LibRaw>(LIBRAW_OPTIONS_NONE); // large: never on the stack
    raw->set_dataerror_handler(onDataError, state);
    raw->set_memerror_handler(onMemoryError, nullptr);
    libraw_output_params_t &p = raw->imgdata.params;
    p.use_camera_wb = 1;
    p.output_color = 1; // sRGB
    p.output_bps = 16;
    p.gamm[0] = p.gamm[1] = 1; // linear: exposeToSrgb() brightens and encodes
    p.no_auto_bright = 1;
    *code = raw->open_buffer(const_cast<uint8_t *>(data), size);
    const libraw_image_sizes_t &s = raw->imgdata.sizes;
    if (*code == LIBRAW_SUCCESS && (s.width == 0 || s.height == 0 || raw->imgdata.idata.colors < 1))
        *code = LIBRAW_FILE_UNSUPPORTED;
    return *code == LIBRAW_SUCCESS ? std::move(raw) : nullptr;
}

// "camera RAW (Canon EOS R5)" for messages.
QString rawName(const LibRaw &raw)
{
    const QString make = QString::fromLatin1(raw.imgdata.idata.make).simplified();
    const QString model = QString::fromLatin1(raw.imgdata.idata.model).simplified();
    const QString camera =
        model.startsWith(make, Qt::CaseInsensitive) ? model : (make + QLatin1Char(' ') + model).trimmed();
    return camera.isEmpty() ? QStringLiteral("camera RAW") : QStringLiteral("camera RAW (%1)").arg(camera.left(60));
}

QString libRawError(int code) { return QString::fromLatin1(LibRaw::strerror(code)); }

// LibRaw's flip (bit 0: mirror left-right, 1: upside down, 2: transpose) as an EXIF Orientation.
int orientationOfFlip(int flip)
{
    static const int orientation[8] = {1, 2, 4, 3, 5, 8, 6, 7};
    return orientation[flip & 7];
}

// The embedded preview's bytes, when LibRaw finds one that is a JPEG (some cameras embed bitmaps,
// which PixelPool leaves alone). unpack_thumb() copies the preview, not the sensor data. It is
// never asked for a bitmap: LibRaw 0.20 reads a bitmap thumbnail of its tags' byte count into a
// buffer sized by its width and height (a heap overflow fuzz_probe found:
// tests/fuzz/regressions/probe/dng-bitmap-preview-overflows-libraw-layer-thumb.dng).
bool previewJpeg(LibRaw &raw, const uint8_t **bytes, size_t *size)
{
    if (!raw.is_jpeg_thumb() || !raw.thumbOK() || raw.unpack_thumb() != LIBRAW_SUCCESS)
        return false;
    const libraw_thumbnail_t &t = raw.imgdata.thumbnail;
    if (t.tformat != LIBRAW_THUMBNAIL_JPEG || !t.thumb || t.tlength < 4)
        return false;
    *bytes = reinterpret_cast<const uint8_t *>(t.thumb);
    *size = t.tlength;
    return true;
}

// The preview's header, read by PixelPool's own JPEG probe: its stored size and usable, or not.
ImageInfo probePreview(LibRaw &raw, const uint8_t **bytes, size_t *size)
{
    ImageInfo jpeg;
    if (previewJpeg(raw, bytes, size))
        jpeg = probeImage(*bytes, *size);
    if (jpeg.format != ImageFormat::Jpeg)
        jpeg.error = QStringLiteral("no JPEG preview");
    return jpeg;
}

// Decodes the preview when it is what the probe saw, upright by LibRaw's flip. Returns an empty
// image when the RAW has to be developed instead: the preview is only a shortcut, so a damaged one
// costs nothing but the time to develop.
cv::Mat decodePreview(LibRaw &raw, const ImageInfo &info, const RawDecodeRequest &r, SourceMetadata *meta)
{
    const uint8_t *bytes = nullptr;
    size_t size = 0;
    const ImageInfo jpeg = probePreview(raw, &bytes, &size);
    const int orientation = orientationOfFlip(raw.imgdata.sizes.flip);
    if (!jpeg.error.isEmpty() || ops::orientedSize({jpeg.width, jpeg.height}, orientation) != info.preview)
        return {};
    DecodeResult d = decodeJpeg(bytes, size, jpeg, r.previewEighths, false, r.withMetadata);
    if (d.image.empty())
        return {};
    if (!d.metadata.icc.empty()) // a preview's own profile describes it; else it is sRGB, as cameras make it
        meta->icc = std::move(d.metadata.icc);
    return ops::applyExifOrientation(d.image, orientation);
}

double srgbEncode(double linear)
{
    return linear <= 0.0031308 ? 12.92 * linear : 1.055 * std::pow(linear, 1 / 2.4) - 0.055;
}

// LibRaw's own auto-brightness reads the histogram of each development, so a half-size one came out
// up to 5% brighter than the full one (path.jpg, tests/engine/tst_raw.cpp). One rule for both, from
// dcraw: the level above which 1% of a channel's samples lie, in the brightest channel, becomes
// white; it is read on a rendition of at most 256 pixels a side, which both developments agree on.
// Then sRGB's curve, in 16 bits.
void exposeToSrgb(cv::Mat &linear)
{
    cv::Mat small = linear;
    const double scale = 256.0 / std::max(linear.cols, linear.rows);
    if (scale < 1)
        cv::resize(linear, small, {}, scale, scale, cv::INTER_AREA);
    constexpr int kBins = 4096; // 16 levels each
    std::vector<int> histogram(3 * kBins);
    for (int y = 0; y < small.rows; ++y) {
        const uint16_t *px = small.ptr<uint16_t>(y);
        for (int i = 0; i < small.cols * 3; ++i)
            ++histogram[(i % 3) * kBins + (px[i] >> 4)];
    }
    const qint64 percent = qint64(small.total()) / 100;
    int white = kBins / 64; // at most 64 times brighter
    for (int c = 0; c < 3; ++c) {
        qint64 above = 0;
        for (int bin = kBins - 1; bin > white; --bin)
            if ((above += histogram[c * kBins + bin]) > percent) {
                white = bin;
                break;
            }
    }
    const double gain = double(kBins) / (white + 1);
    std::vector<uint16_t> curve(65536);
    for (int v = 0; v < 65536; ++v)
        curve[v] = uint16_t(std::lround(65535 * srgbEncode(std::min(1.0, v * gain / 65535))));
    for (int y = 0; y < linear.rows; ++y) {
        uint16_t *px = linear.ptr<uint16_t>(y);
        for (int i = 0; i < linear.cols * 3; ++i)
            px[i] = curve[px[i]];
    }
}

// The developed size at half size: LibRaw halves Bayer sensors (evened first) and leaves others.
bool halfSizeFits(cv::Size decoded, const ImageInfo &info)
{
    if (decoded == cv::Size(info.width, info.height))
        return true;
    return std::abs(decoded.width - info.width / 2) <= 1 && std::abs(decoded.height - info.height / 2) <= 1;
}

cv::Mat develop(LibRaw &raw, const ImageInfo &info, const RawDecodeRequest &r, RawState &state, DecodeResult *result)
{
    result->corrupt = true;
    const QString name = rawName(raw);
    const libraw_image_sizes_t &s = raw.imgdata.sizes;
    const qint64 sensor = qint64(std::max<int>(s.raw_width, s.width + s.left_margin)) *
                          (std::max<int>(s.raw_height, s.height + s.top_margin) + 8);
    const qint64 allowed = kMaxSensorToImageRatio * qint64(info.width) * info.height + (1 << 20);
    if (sensor > allowed) {
        result->error = QStringLiteral("%1 declares sensor data of %2×%3 for a picture of %4×%5")
                            .arg(name, QString::number(s.raw_width), QString::number(s.raw_height),
                                 QString::number(info.width), QString::number(info.height));
        return {};
    }
    // LibRaw's own cap on what unpack() allocates (up to 4 samples of 2 bytes a sensor pixel).
    raw.imgdata.params.max_raw_memory_mb = unsigned(std::min<qint64>(allowed * 8 / (1 << 20) + 1, UINT_MAX));
    raw.imgdata.params.half_size = r.scaleEighths <= 4;
    useOneThread();
    int code = raw.unpack();
    if (code == LIBRAW_SUCCESS && (r.allowDamaged || state.damage.isEmpty()))
        code = raw.dcraw_process();
    if (code == LIBRAW_UNSUFFICIENT_MEMORY)
        throw std::bad_alloc(); // the executor reports it as out of memory, like any decoder's
    if (!state.damage.isEmpty() && (code != LIBRAW_SUCCESS || !r.allowDamaged)) {
        result->error = QStringLiteral("damaged %1: %2").arg(name, state.damage);
        return {};
    }
    if (code != LIBRAW_SUCCESS) {
        result->error = QStringLiteral("%1: %2").arg(name, libRawError(code));
        result->corrupt = code != LIBRAW_FILE_UNSUPPORTED && code != LIBRAW_NOT_IMPLEMENTED;
        return {};
    }
    int width = 0, height = 0, colors = 0, bits = 0;
    raw.get_mem_image_format(&width, &height, &colors, &bits);
    const cv::Size size(width, height);
    if (r.scaleEighths > 4 ? !sizeMatches(size, info, result) : !halfSizeFits(size, info)) {
        if (result->error.isEmpty())
            result->error = QStringLiteral("%1 developed to %2×%3 at half size, not half of %4×%5")
                                .arg(name, QString::number(width), QString::number(height), QString::number(info.width),
                                     QString::number(info.height));
        return {};
    }
    if (colors != 3 || bits != 16) {
        result->error = QStringLiteral("%1 developed to %2 channels of %3 bits")
                            .arg(name, QString::number(colors), QString::number(bits));
        return {};
    }
    // Developed at 16 bits and kept so: the pipeline and 16-bit outputs (PNG, TIFF, JPEG XL) keep them.
    cv::Mat wide(size, CV_16UC3);
    code = raw.copy_mem_image(wide.data, int(wide.step), 1); // BGR
    raw.recycle();                                           // LibRaw's buffers, before the pipeline's
    if (code != LIBRAW_SUCCESS) {
        result->error = QStringLiteral("%1: %2").arg(name, libRawError(code));
        return {};
    }
    if (!state.damage.isEmpty())
        result->warning = QStringLiteral("damaged %1, written as far as it developed: %2").arg(name, state.damage);
    result->corrupt = !result->warning.isEmpty();
    exposeToSrgb(wide);
    return normalizeDepth(wide);
}

} // namespace

ImageInfo probeRaw(const uint8_t *data, size_t size, cv::Size claimed)
{
    ImageInfo info;
    info.format = ImageFormat::Raw;
    RawState state;
    int code = 0;
    const std::unique_ptr<LibRaw> raw = openRaw(data, size, &state, &code);
    if (!raw) {
        if (claimed.width > 65535 || claimed.height > 65535) {
            // Beyond what LibRaw reads; said as a size, the pixel limit refuses it like any bomb.
            info.width = claimed.width;
            info.height = claimed.height;
        } else {
            info.error = QStringLiteral("damaged or unsupported camera RAW: %1").arg(libRawError(code));
        }
        return info;
    }
    const libraw_image_sizes_t &s = raw->imgdata.sizes;
    const int orientation = orientationOfFlip(s.flip);
    const uint8_t *bytes = nullptr;
    size_t previewSize = 0;
    const ImageInfo jpeg = probePreview(*raw, &bytes, &previewSize);
    // The developed size: LibRaw stretches sensors with non-square pixels and turns Fujifilm's
    // diagonal ones (adjust_sizes_info_only), then applies the flip.
    raw->adjust_sizes_info_only();
    info.width = s.iwidth;
    info.height = s.iheight;
    if (info.width <= 0 || info.height <= 0) {
        info.error = QStringLiteral("%1 without a picture size").arg(rawName(*raw));
        return info;
    }
    // The preview is offered only when it shows the same picture: the same aspect within 1 % (so the
    // planned resize does not distort it, and one the camera turned already is not turned twice),
    // and no more pixels than the picture the pixel limit checks.
    if (!jpeg.error.isEmpty())
        return info;
    const cv::Size upright = ops::orientedSize({jpeg.width, jpeg.height}, orientation);
    const double aspect = double(upright.width) * info.height / (double(upright.height) * info.width);
    if (std::abs(aspect - 1) <= 0.01 && qint64(upright.width) * upright.height <= qint64(info.width) * info.height)
        info.preview = upright;
    return info;
}

DecodeResult decodeRaw(const uint8_t *data, size_t size, const ImageInfo &info, const RawDecodeRequest &request)
{
    DecodeResult result;
    RawState state;
    int code = 0;
    const std::unique_ptr<LibRaw> raw = openRaw(data, size, &state, &code);
    if (!raw) {
        result.error = QStringLiteral("damaged or unsupported camera RAW: %1").arg(libRawError(code));
        result.corrupt = code != LIBRAW_FILE_UNSUPPORTED;
        return result;
    }
    if (request.withMetadata) {
        meta::readRawMetadata(data, size, &result.metadata);
        result.metadata.icc = colour::srgbProfile();
    }
    if (request.previewEighths > 0 && !info.preview.empty()) {
        result.image = decodePreview(*raw, info, request, &result.metadata);
        if (!result.image.empty())
            return result;
    }
    result.image = develop(*raw, info, request, state, &result);
    return result;
}

} // namespace pp::codecs
