// JPEG on libjpeg(-turbo): it gives DCT scaling (decode at 1/8..8/8 of full size, which
// shrink-on-load uses) and tells us about damage through its warnings.
#include "Codecs.h"

#include <csetjmp>
#include <cstdio>
#include <jpeglib.h>
#include <jerror.h>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

// libjpeg reports fatal errors through error_exit, which must not return: we longjmp back.
struct JpegErrors {
    jpeg_error_mgr mgr;
    jmp_buf jump;
    QString *damage; // first sign of damaged data, if any
};

void jpegErrorExit(j_common_ptr cinfo) { longjmp(reinterpret_cast<JpegErrors *>(cinfo->err)->jump, 1); }

// Warnings (level -1) are where libjpeg admits it is guessing: truncated data, bad Huffman codes.
// Treat those that mean lost pixels as damage; ignore the cosmetic ones.
void jpegEmitMessage(j_common_ptr cinfo, int level)
{
    if (level != -1)
        return;
    auto *err = reinterpret_cast<JpegErrors *>(cinfo->err);
    const int code = err->mgr.msg_code;
    // Extraneous bytes before a marker (even before EOI) mean the entropy decoder lost sync:
    // that is damage, not padding.
    const bool harmless = code == JWRN_ADOBE_XFORM || code == JWRN_JFIF_MAJOR || code == JWRN_BOGUS_ICC;
    if (harmless || !err->damage->isEmpty())
        return;
    char text[JMSG_LENGTH_MAX];
    err->mgr.format_message(cinfo, text);
    *err->damage = QString::fromLatin1(text);
}

QString jpegErrorText(j_common_ptr cinfo)
{
    char text[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, text);
    return QString::fromLatin1(text);
}

cv::Mat cmykToBgr(const cv::Mat &cmyk, bool adobeInverted)
{
    cv::Mat bgr(cmyk.rows, cmyk.cols, CV_8UC3);
    for (int y = 0; y < cmyk.rows; ++y) {
        const uint8_t *s = cmyk.ptr<uint8_t>(y);
        uint8_t *d = bgr.ptr<uint8_t>(y);
        for (int x = 0; x < cmyk.cols; ++x, s += 4, d += 3) {
            // Adobe writes inverted CMYK (255 = no ink); plain CMYK has 0 = no ink.
            const int c = adobeInverted ? s[0] : 255 - s[0];
            const int m = adobeInverted ? s[1] : 255 - s[1];
            const int ye = adobeInverted ? s[2] : 255 - s[2];
            const int k = adobeInverted ? s[3] : 255 - s[3];
            d[0] = uint8_t((ye * k + 127) / 255);
            d[1] = uint8_t((m * k + 127) / 255);
            d[2] = uint8_t((c * k + 127) / 255);
        }
    }
    return bgr;
}

// Everything that must survive a longjmp lives here, outside the setjmp frame's locals.
struct JpegDecodeState {
    jpeg_decompress_struct cinfo;
    JpegErrors errors;
    cv::Mat image;
    QString damage;
    bool started = false;
};

} // namespace

DecodeResult decodeJpeg(const uint8_t *data, size_t size, const ImageInfo &info, int scaleEighths, bool allowDamaged)
{
    DecodeResult result;
    auto state = std::make_unique<JpegDecodeState>();
    jpeg_decompress_struct &cinfo = state->cinfo;
    cinfo.err = jpeg_std_error(&state->errors.mgr);
    state->errors.mgr.error_exit = jpegErrorExit;
    state->errors.mgr.emit_message = jpegEmitMessage;
    state->errors.damage = &state->damage;
    if (setjmp(state->errors.jump)) {
        result.error = QStringLiteral("damaged JPEG: %1").arg(jpegErrorText(j_common_ptr(&cinfo)));
        result.corrupt = true;
        jpeg_destroy_decompress(&cinfo);
        return result;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    jpeg_read_header(&cinfo, TRUE);
    if (int(cinfo.image_width) != info.width || int(cinfo.image_height) != info.height) {
        // libjpeg found another frame header than the probe did (e.g. one hidden behind bytes
        // the probe took for a segment): the size limits were checked on the probe's.
        result.error = QStringLiteral("damaged JPEG: its frame header says %1×%2, the probe read %3×%4")
                           .arg(cinfo.image_width)
                           .arg(cinfo.image_height)
                           .arg(info.width)
                           .arg(info.height);
        result.corrupt = true;
        jpeg_destroy_decompress(&cinfo);
        return result;
    }
    cinfo.scale_num = unsigned(std::clamp(scaleEighths, 1, 8));
    cinfo.scale_denom = 8;
    const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    int channels = 3;
    if (cmyk) {
        cinfo.out_color_space = JCS_CMYK;
        channels = 4;
    } else if (cinfo.num_components == 1) {
        cinfo.out_color_space = JCS_GRAYSCALE;
        channels = 1;
    } else {
        cinfo.out_color_space = JCS_EXT_BGR;
    }
    jpeg_start_decompress(&cinfo);
    state->image.create(int(cinfo.output_height), int(cinfo.output_width), CV_8UC(channels));
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = state->image.ptr<uint8_t>(int(cinfo.output_scanline));
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    const bool adobe = cinfo.saw_Adobe_marker;
    jpeg_destroy_decompress(&cinfo);

    if (!state->damage.isEmpty()) {
        result.corrupt = true;
        if (!allowDamaged) {
            result.error = QStringLiteral("damaged JPEG: %1").arg(state->damage);
            return result;
        }
        result.warning = QStringLiteral("damaged JPEG, written as far as it decoded: %1").arg(state->damage);
    }
    result.image = cmyk ? cmykToBgr(state->image, adobe) : state->image;
    return result;
}

bool encodeJpeg(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error)
{
    if (image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3)) {
        *error = QStringLiteral("JPEG needs 8-bit grey or colour pixels");
        return false;
    }
    struct State {
        jpeg_compress_struct cinfo;
        JpegErrors errors;
        QString damage;
        unsigned char *buffer = nullptr;
        unsigned long size = 0;
    };
    auto st = std::make_unique<State>();
    jpeg_compress_struct &cinfo = st->cinfo;
    cinfo.err = jpeg_std_error(&st->errors.mgr);
    st->errors.mgr.error_exit = jpegErrorExit;
    st->errors.damage = &st->damage;
    if (setjmp(st->errors.jump)) {
        *error = QStringLiteral("JPEG encoder: %1").arg(jpegErrorText(j_common_ptr(&cinfo)));
        jpeg_destroy_compress(&cinfo);
        free(st->buffer);
        return false;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &st->buffer, &st->size);
    cinfo.image_width = JDIMENSION(image.cols);
    cinfo.image_height = JDIMENSION(image.rows);
    cinfo.input_components = image.channels();
    cinfo.in_color_space = image.channels() == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, s.quality, TRUE);
    if (image.channels() == 3 && s.quality >= 90) {
        // Chroma at full resolution for high quality, as ImageMagick does; 4:2:0 below.
        cinfo.comp_info[0].h_samp_factor = cinfo.comp_info[0].v_samp_factor = 1;
    }
    if (s.progressive)
        jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<uint8_t *>(image.ptr<uint8_t>(int(cinfo.next_scanline)));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    out->assign(st->buffer, st->buffer + st->size);
    free(st->buffer);
    return true;
}

} // namespace pp::codecs
