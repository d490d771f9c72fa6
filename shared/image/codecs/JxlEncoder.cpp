// JPEG XL through libjxl 0.7's encoder: lossy (VarDCT in XYB) at a distance made from the preset's
// quality, or lossless (modular, in the image's own colour space). The profile goes into the
// codestream, EXIF and XMP into container boxes ahead of it (a bare codestream when there are
// none), and the orientation into the codestream, where readers look for it. One thread, as a
// worker runs one image per core; the effort is fixed (docs/formats.md has the measurements).
#include "Codecs.h"

#include <jxl/encode.h>
#include <memory>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

// libjxl's effort, 1 (fastest) to 9; its default is 7. Measured on 1200-pixel photos, one thread
// (docs/formats.md has the table): lossy, 5 gives the quality of 6 and 7 at the same distance in
// 30-80% of 7's time, 3 and 4 are faster but 0.4-1 dB worse, 8 takes 11 to 17 times as long as 5;
// lossless, 5 is within 2% of 7's size in half to two thirds of its time.
constexpr int kEffort = 5;

struct EncoderDeleter {
    void operator()(JxlEncoder *e) const { JxlEncoderDestroy(e); }
};
using Encoder = std::unique_ptr<JxlEncoder, EncoderDeleter>;

// PixelPool's quality (1..100) as libjxl's distance (0.1 visually lossless .. 25 smallest), the
// mapping libjxl itself adopted after 0.7 (JxlEncoderDistanceFromQuality; cjxl's -q): 90 is
// distance 1.0, each quality step above 30 is 0.09, a quadratic below. Quality 100 is distance
// 0.1, still lossy: lossless is the preset's `lossless`.
float distanceFromQuality(int quality)
{
    const double q = std::clamp(quality, 1, 100);
    return float(q >= 30 ? 0.1 + (100 - q) * 0.09 : 53.0 / 3000.0 * q * q - 23.0 / 20.0 * q + 25.0);
}

QString encoderError(JxlEncoder *enc)
{
    switch (JxlEncoderGetError(enc)) {
    case JXL_ENC_ERR_OOM:
        return QStringLiteral("out of memory");
    case JXL_ENC_ERR_BAD_INPUT:
        return QStringLiteral("libjxl refused the input");
    case JXL_ENC_ERR_NOT_SUPPORTED:
        return QStringLiteral("not supported by libjxl");
    default:
        return QStringLiteral("libjxl failed (error %1)").arg(int(JxlEncoderGetError(enc)));
    }
}

// A box's type and contents: EXIF after its 4-byte offset to the TIFF header (0: right after it).
bool addBoxes(JxlEncoder *enc, const OutputMetadata &meta)
{
    if (!meta.exif.empty()) {
        std::vector<uint8_t> box(4, 0);
        box.insert(box.end(), meta.exif.begin(), meta.exif.end());
        if (JxlEncoderAddBox(enc, "Exif", box.data(), box.size(), JXL_FALSE) != JXL_ENC_SUCCESS)
            return false;
    }
    if (!meta.xmp.empty() && JxlEncoderAddBox(enc, "xml ", reinterpret_cast<const uint8_t *>(meta.xmp.data()),
                                              meta.xmp.size(), JXL_FALSE) != JXL_ENC_SUCCESS)
        return false;
    JxlEncoderCloseBoxes(enc);
    return true;
}

} // namespace

bool encodeJxl(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
               QStringList *warnings)
{
    const int channels = image.channels();
    const bool wide = image.depth() == CV_16U;
    if ((image.depth() != CV_8U && !wide) || (channels != 1 && channels != 3 && channels != 4)) {
        *error = QStringLiteral("JPEG XL needs 8- or 16-bit grey, colour or colour+alpha pixels");
        return false;
    }
    const Encoder enc(JxlEncoderCreate(nullptr));
    if (!enc) {
        *error = QStringLiteral("out of memory");
        return false;
    }
    const OutputMetadata *meta = s.metadata;
    const bool boxes = meta && (!meta->exif.empty() || !meta->xmp.empty());
    if (boxes && JxlEncoderUseBoxes(enc.get()) != JXL_ENC_SUCCESS) { // makes it a container
        *error = encoderError(enc.get());
        return false;
    }

    JxlBasicInfo basic;
    JxlEncoderInitBasicInfo(&basic);
    basic.xsize = uint32_t(image.cols);
    basic.ysize = uint32_t(image.rows);
    basic.bits_per_sample = wide ? 16 : 8;
    basic.num_color_channels = channels == 1 ? 1 : 3;
    if (channels == 4) {
        basic.alpha_bits = basic.bits_per_sample;
        basic.num_extra_channels = 1;
    }
    // Lossless keeps the samples in their own space; lossy works in XYB.
    basic.uses_original_profile = s.lossless ? JXL_TRUE : JXL_FALSE;
    basic.orientation = JxlOrientation(std::clamp(s.orientation, 1, 8));
    if (JxlEncoderSetBasicInfo(enc.get(), &basic) != JXL_ENC_SUCCESS) {
        *error = QStringLiteral("%1×%2 pixels: %3")
                     .arg(QString::number(image.cols), QString::number(image.rows), encoderError(enc.get()));
        return false;
    }
    bool profiled = false;
    if (meta && !meta->icc.empty()) {
        profiled = JxlEncoderSetICCProfile(enc.get(), meta->icc.data(), meta->icc.size()) == JXL_ENC_SUCCESS;
        if (!profiled)
            warnings->append(QStringLiteral("colour profile left out: libjxl cannot use it; the JPEG XL says sRGB"));
    }
    if (!profiled) {
        JxlColorEncoding srgb;
        JxlColorEncodingSetToSRGB(&srgb, channels == 1 ? JXL_TRUE : JXL_FALSE);
        if (JxlEncoderSetColorEncoding(enc.get(), &srgb) != JXL_ENC_SUCCESS) {
            *error = encoderError(enc.get());
            return false;
        }
    }

    JxlEncoderFrameSettings *frame = JxlEncoderFrameSettingsCreate(enc.get(), nullptr);
    const bool set =
        frame && JxlEncoderFrameSettingsSetOption(frame, JXL_ENC_FRAME_SETTING_EFFORT, kEffort) == JXL_ENC_SUCCESS &&
        (s.lossless ? JxlEncoderSetFrameLossless(frame, JXL_TRUE)
                    : JxlEncoderSetFrameDistance(frame, distanceFromQuality(s.quality))) == JXL_ENC_SUCCESS;
    if (!set) {
        *error = encoderError(enc.get());
        return false;
    }
    // Ahead of the codestream, where a reader that stops at the first frame still finds them.
    if (boxes && !addBoxes(enc.get(), *meta)) {
        warnings->append(QStringLiteral("EXIF and XMP left out: %1").arg(encoderError(enc.get())));
        JxlEncoderCloseBoxes(enc.get());
    }

    cv::Mat samples; // interleaved, rows packed, in libjxl's channel order
    if (channels == 1)
        samples = image.isContinuous() ? image : image.clone();
    else
        cv::cvtColor(image, samples, channels == 3 ? cv::COLOR_BGR2RGB : cv::COLOR_BGRA2RGBA);
    const JxlPixelFormat format{uint32_t(channels), wide ? JXL_TYPE_UINT16 : JXL_TYPE_UINT8, JXL_NATIVE_ENDIAN, 0};
    if (JxlEncoderAddImageFrame(frame, &format, samples.data, samples.total() * samples.elemSize()) !=
        JXL_ENC_SUCCESS) {
        *error = encoderError(enc.get());
        return false;
    }
    JxlEncoderCloseInput(enc.get());

    out->assign(std::max<size_t>(size_t(image.total() / 4), 4096), 0);
    uint8_t *next = out->data();
    size_t room = out->size();
    for (;;) {
        const JxlEncoderStatus status = JxlEncoderProcessOutput(enc.get(), &next, &room);
        if (status == JXL_ENC_SUCCESS)
            break;
        if (status != JXL_ENC_NEED_MORE_OUTPUT) {
            *error = encoderError(enc.get());
            return false;
        }
        const size_t used = size_t(next - out->data());
        out->resize(out->size() * 2);
        next = out->data() + used;
        room = out->size() - used;
    }
    out->resize(size_t(next - out->data()));
    return true;
}

} // namespace pp::codecs
