// PNG through libpng. Damage (a cut file, a CRC error in a critical chunk, broken deflate data,
// too few rows) fails the image; only a damaged end (missing IEND after every row was read) is
// tolerated when the preset allows damaged inputs.
#include "Codecs.h"

#include <csetjmp>
#include <cstring>
#include <png.h>

namespace pp::codecs {
namespace {

struct PngSource {
    const uint8_t *data;
    size_t size;
    size_t pos = 0;
};

struct PngState {
    QString error;
    QString damage; // a warning that means lost pixels
};

void pngRead(png_structp png, png_bytep out, size_t n)
{
    auto *src = static_cast<PngSource *>(png_get_io_ptr(png));
    if (n > src->size - src->pos)
        png_error(png, "the file ends before the image data does");
    std::memcpy(out, src->data + src->pos, n);
    src->pos += n;
}

void pngError(png_structp png, png_const_charp message)
{
    auto *state = static_cast<PngState *>(png_get_error_ptr(png));
    if (state->error.isEmpty())
        state->error = QString::fromLatin1(message);
    png_longjmp(png, 1);
}

// libpng reports some damage as warnings ("benign errors"): extra or missing image data, bad
// deflate data after the last row. Those mean the pixels cannot be trusted. Warnings about
// ancillary chunks (a bad ICC profile, a text chunk with a wrong CRC) leave the pixels intact.
void pngWarning(png_structp png, png_const_charp message)
{
    auto *state = static_cast<PngState *>(png_get_error_ptr(png));
    const QString text = QString::fromLatin1(message);
    const bool aboutPixels = text.contains(QLatin1String("image data"), Qt::CaseInsensitive) ||
                             text.contains(QLatin1String("compressed data"), Qt::CaseInsensitive) ||
                             text.contains(QLatin1String("IDAT")) || text.contains(QLatin1String("ecompression error"));
    if (aboutPixels && state->damage.isEmpty())
        state->damage = text;
}

// Everything that must survive a longjmp lives here, outside the setjmp frame's locals.
struct PngDecode {
    PngState state;
    png_structp png = nullptr;
    png_infop info = nullptr;
    cv::Mat image;
    std::vector<png_bytep> rows;
    bool rowsDone = false;
    ~PngDecode() { png_destroy_read_struct(&png, &info, nullptr); }
};

struct PngSink {
    std::vector<uint8_t> *out;
};

void pngWrite(png_structp png, png_bytep data, size_t n)
{
    auto *sink = static_cast<PngSink *>(png_get_io_ptr(png));
    sink->out->insert(sink->out->end(), data, data + n);
}

void pngFlush(png_structp) {}

} // namespace

DecodeResult decodePng(const uint8_t *data, size_t size, const ImageInfo &info, bool allowDamaged)
{
    DecodeResult result;
    auto d = std::make_unique<PngDecode>();
    PngSource source{data, size};
    d->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &d->state, pngError, pngWarning);
    if (d->png)
        d->info = png_create_info_struct(d->png);
    if (!d->png || !d->info) {
        result.error = QStringLiteral("out of memory while starting the PNG decoder");
        return result;
    }
    if (setjmp(png_jmpbuf(d->png))) {
        result.corrupt = true;
        if (d->rowsDone && allowDamaged) { // every row is there; only the end is damaged
            result.warning = QStringLiteral("damaged PNG end, every row decoded: %1").arg(d->state.error);
            result.image = d->image;
            return result;
        }
        result.error = QStringLiteral("damaged or truncated PNG: %1").arg(d->state.error);
        return result;
    }
    png_set_read_fn(d->png, &source, pngRead);
    // The header was checked against the pixel limit; never allocate for more than it said.
    png_set_user_limits(d->png, png_uint_32(info.width), png_uint_32(info.height));
    png_set_chunk_malloc_max(d->png, 16u << 20);
    png_read_info(d->png, d->info);

    const int colorType = png_get_color_type(d->png, d->info);
    const int bitDepth = png_get_bit_depth(d->png, d->info);
    const bool hasTrns = png_get_valid(d->png, d->info, PNG_INFO_tRNS);
    const bool alpha = (colorType & PNG_COLOR_MASK_ALPHA) || hasTrns;
    const bool grey = !(colorType & PNG_COLOR_MASK_COLOR) && colorType != PNG_COLOR_TYPE_PALETTE;
    if (colorType == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(d->png);
    if (grey && bitDepth < 8)
        png_set_expand_gray_1_2_4_to_8(d->png);
    if (hasTrns)
        png_set_tRNS_to_alpha(d->png);
    if (bitDepth == 16)
        png_set_scale_16(d->png); // v / 257, rounded
    int channels = 3;
    if (grey && !alpha) {
        channels = 1;
    } else {
        if (grey)
            png_set_gray_to_rgb(d->png); // grey + alpha becomes BGRA
        png_set_bgr(d->png);
        channels = alpha ? 4 : 3;
    }
    png_set_interlace_handling(d->png);
    png_read_update_info(d->png, d->info);
    const png_uint_32 w = png_get_image_width(d->png, d->info);
    const png_uint_32 h = png_get_image_height(d->png, d->info);
    if (png_get_rowbytes(d->png, d->info) != size_t(w) * size_t(channels)) {
        result.error = QStringLiteral("PNG with an unexpected pixel layout");
        result.corrupt = true;
        return result;
    }
    if (!sizeMatches(cv::Size(int(w), int(h)), info, &result))
        return result; // compared before allocating: the limits were checked on the probe's size
    d->image.create(int(h), int(w), CV_8UC(channels));
    d->rows.resize(h);
    for (png_uint_32 y = 0; y < h; ++y)
        d->rows[y] = d->image.ptr<uint8_t>(int(y));
    png_read_image(d->png, d->rows.data());
    d->rowsDone = true;
    if (!d->state.damage.isEmpty()) // the rows are in, but libpng had to guess
        png_error(d->png, d->state.damage.toLatin1().constData());
    png_read_end(d->png, nullptr);
    if (!d->state.damage.isEmpty())
        png_error(d->png, d->state.damage.toLatin1().constData());
    result.image = d->image;
    return result;
}

bool encodePng(const cv::Mat &image, int compression, std::vector<uint8_t> *out, QString *error)
{
    if (image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)) {
        *error = QStringLiteral("PNG needs 8-bit grey, colour or colour+alpha pixels");
        return false;
    }
    struct Encode {
        PngState state;
        png_structp png = nullptr;
        png_infop info = nullptr;
        ~Encode() { png_destroy_write_struct(&png, &info); }
    };
    auto e = std::make_unique<Encode>();
    PngSink sink{out};
    out->clear();
    e->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &e->state, pngError, pngWarning);
    if (e->png)
        e->info = png_create_info_struct(e->png);
    if (!e->png || !e->info) {
        *error = QStringLiteral("out of memory while starting the PNG encoder");
        return false;
    }
    if (setjmp(png_jmpbuf(e->png))) {
        *error = QStringLiteral("PNG encoder: %1").arg(e->state.error);
        return false;
    }
    png_set_write_fn(e->png, &sink, pngWrite, pngFlush);
    png_set_compression_level(e->png, std::clamp(compression, 0, 9));
    const int type = image.channels() == 1   ? PNG_COLOR_TYPE_GRAY
                     : image.channels() == 3 ? PNG_COLOR_TYPE_RGB
                                             : PNG_COLOR_TYPE_RGB_ALPHA;
    png_set_IHDR(e->png, e->info, png_uint_32(image.cols), png_uint_32(image.rows), 8, type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(e->png, e->info);
    if (image.channels() > 1)
        png_set_bgr(e->png);
    for (int y = 0; y < image.rows; ++y)
        png_write_row(e->png, const_cast<png_bytep>(image.ptr<uint8_t>(y)));
    png_write_end(e->png, nullptr);
    return true;
}

} // namespace pp::codecs
