// GIF through giflib: the first frame, placed on the logical screen (widened to hold the whole
// frame where the frame reaches past it), whose size is what the probe reads and the pixel limit
// checks. Only that frame is read (never DGifSlurp, which would read every frame of an animation
// into memory). Pixels the frame leaves uncovered, or marks with its transparent index, are
// transparent; an image without any comes out as BGR. A frame without a colour table is read as
// grey; an LZW code size giflib does not read (past 8) is refused by name.
#include "Codecs.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <gif_lib.h>
#include <memory>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

struct GifSource {
    const uint8_t *data;
    size_t size;
    size_t pos = 0;
};

int gifRead(GifFileType *g, GifByteType *out, int n)
{
    auto *src = static_cast<GifSource *>(g->UserData);
    const size_t k = std::min(size_t(std::max(n, 0)), src->size - src->pos);
    std::memcpy(out, src->data + src->pos, k);
    src->pos += k;
    return int(k);
}

struct GifCloser {
    void operator()(GifFileType *g) const
    {
        int error = 0;
        DGifCloseFile(g, &error);
    }
};

QString gifError(int code)
{
    const char *text = GifErrorString(code);
    return text ? QString::fromLatin1(text) : QStringLiteral("error %1").arg(code);
}

// The images (frames) of a GIF, counted along its blocks without decoding any: each one's data is
// passed over sub-block by sub-block, a step per up to 255 bytes. Stops at the trailer, at a byte
// that begins no block, or at the end; a frame whose descriptor is there counts.
int gifFrames(const uint8_t *data, size_t size)
{
    if (size < 13)
        return 0;
    const auto colourTable = [](uint8_t flags) { return flags & 0x80 ? size_t(3) << ((flags & 7) + 1) : 0; };
    size_t pos = 13 + colourTable(data[10]);
    const auto skipSubBlocks = [&] {
        while (pos < size) {
            const uint8_t n = data[pos++];
            if (n == 0)
                return true;
            pos += n;
        }
        return false;
    };
    int frames = 0;
    while (pos < size) {
        const uint8_t introducer = data[pos++];
        if (introducer == 0x21) { // an extension: its label, then sub-blocks
            ++pos;
            if (!skipSubBlocks())
                break;
        } else if (introducer == 0x2C) { // an image: its descriptor, colour table, LZW code size, data
            if (size - pos < 9)
                break;
            ++frames;
            pos += 9 + colourTable(data[pos + 8]) + 1;
            if (!skipSubBlocks())
                break;
        } else {
            break; // the trailer (0x3B), or damage
        }
    }
    return frames;
}

// The LZW minimum code size of the image whose descriptor follows its separator at `descriptor`:
// the byte after the descriptor's 9 bytes and its local colour table; 0 past the end of the data.
int lzwCodeSize(const uint8_t *data, size_t size, size_t descriptor)
{
    if (descriptor > size || size - descriptor < 9)
        return 0;
    const uint8_t flags = data[descriptor + 8];
    const size_t at = descriptor + 9 + (flags & 0x80 ? size_t(3) << ((flags & 7) + 1) : 0);
    return at < size ? data[at] : 0;
}

} // namespace

DecodeResult decodeGif(const uint8_t *data, size_t size, const ImageInfo &info)
{
    DecodeResult result;
    result.corrupt = true;
    GifSource src{data, size};
    int error = 0;
    std::unique_ptr<GifFileType, GifCloser> gif(DGifOpen(&src, gifRead, &error));
    if (!gif) {
        result.error = QStringLiteral("damaged or truncated GIF: %1").arg(gifError(error));
        return result;
    }
    const auto fail = [&](const QString &why) {
        result.error = QStringLiteral("damaged or truncated GIF: %1").arg(why);
        return result;
    };
    int transparentIndex = -1;
    for (;;) {
        GifRecordType type = UNDEFINED_RECORD_TYPE;
        if (DGifGetRecordType(gif.get(), &type) == GIF_ERROR)
            return fail(gifError(gif->Error));
        if (type == TERMINATE_RECORD_TYPE)
            return fail(QStringLiteral("the file holds no image"));
        if (type == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType *ext = nullptr;
            if (DGifGetExtension(gif.get(), &code, &ext) == GIF_ERROR)
                return fail(gifError(gif->Error));
            if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4 && (ext[1] & 1))
                transparentIndex = ext[4];
            while (ext) {
                if (DGifGetExtensionNext(gif.get(), &ext) == GIF_ERROR)
                    return fail(gifError(gif->Error));
            }
            continue;
        }
        if (type != IMAGE_DESC_RECORD_TYPE)
            continue;
        // The LZW minimum code size, after the descriptor and its colour table: giflib has read the
        // record's first byte alone (it reads ahead of nothing) and refuses a size past 8, which GIF
        // does not allow, as a failed read. Some encoders write up to 11 (Pillow reads such files):
        // a kind of GIF giflib does not read, not damage.
        const int codeSize = lzwCodeSize(data, size, src.pos);
        if (codeSize > 8) {
            result.corrupt = false;
            result.error = QStringLiteral("GIF of a kind PixelPool does not read: LZW minimum code size %1 (at most 8)")
                               .arg(codeSize);
            return result;
        }
        if (DGifGetImageDesc(gif.get()) == GIF_ERROR)
            return fail(gifError(gif->Error));
        const GifImageDesc &d = gif->Image;
        // Without a colour table (neither the frame's nor the screen's), grey from black to white
        // over the indices the code size allows, as ImageMagick reads it (and Pillow, which takes
        // the index for the grey level: the same at a code size of 8), with a warning; the GIF
        // specification leaves the table to the reader. Indices are below 2^codeSize.
        const ColorMapObject *map = d.ColorMap ? d.ColorMap : gif->SColorMap;
        std::vector<GifColorType> grey;
        QString noTable; // the warning that it has none
        if (!map || map->ColorCount <= 0) {
            grey.resize(size_t(1) << std::clamp(codeSize, 1, 8));
            for (size_t i = 0; i < grey.size(); ++i) {
                const auto level = GifByteType(std::lround(double(i) * 255 / double(grey.size() - 1)));
                grey[i] = {level, level, level};
            }
            noTable = QStringLiteral("GIF without a colour table: read as grey, index 0 black and %1 white")
                          .arg(grey.size() - 1);
        }
        const GifColorType *colours = map && map->ColorCount > 0 ? map->Colors : grey.data();
        const int colourCount = map && map->ColorCount > 0 ? map->ColorCount : int(grey.size());
        if (d.Width <= 0 || d.Height <= 0)
            return fail(QStringLiteral("the first frame has no size (%1×%2)").arg(d.Width).arg(d.Height));
        // The canvas is the screen widened to hold the whole frame, as the probe measured it
        // (ImageProbe.cpp: probeGif), and so within the pixel limit; every row and column of the
        // frame (Left and Top are 0..65535) lands on it.
        if (!sizeMatches(cv::Size(std::max(gif->SWidth, d.Left + d.Width), std::max(gif->SHeight, d.Top + d.Height)),
                         info, &result))
            return result;
        cv::Mat canvas(info.height, info.width, CV_8UC4, cv::Scalar(0, 0, 0, 0));
        std::vector<GifPixelType> line(size_t(d.Width));
        bool transparent = d.Left > 0 || d.Top > 0 || d.Left + d.Width < info.width || d.Top + d.Height < info.height;
        const int passes = d.Interlace ? 4 : 1;
        static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
        for (int pass = 0; pass < passes; ++pass) {
            for (int row = d.Interlace ? start[pass] : 0; row < d.Height; row += d.Interlace ? step[pass] : 1) {
                if (DGifGetLine(gif.get(), line.data(), d.Width) == GIF_ERROR)
                    return fail(gifError(gif->Error));
                uint8_t *out = canvas.ptr<uint8_t>(d.Top + row) + 4 * d.Left;
                for (int col = 0; col < d.Width; ++col) {
                    const int index = line[size_t(col)];
                    if (index == transparentIndex || index >= colourCount) {
                        transparent = true;
                        continue; // stays transparent
                    }
                    const GifColorType &c = colours[index];
                    uint8_t *p = out + 4 * col;
                    p[0] = c.Blue;
                    p[1] = c.Green;
                    p[2] = c.Red;
                    p[3] = 255;
                }
            }
        }
        result.corrupt = false;
        if (transparent) {
            result.image = canvas;
        } else {
            cv::Mat bgr;
            cv::cvtColor(canvas, bgr, cv::COLOR_BGRA2BGR);
            result.image = bgr;
        }
        // The first frame only: the rest of an animation is never decoded, only counted, so that
        // the warning says what was left out.
        QStringList warnings;
        if (!noTable.isEmpty())
            warnings.append(noTable);
        if (const int frames = gifFrames(data, size); frames > 1)
            warnings.append(QStringLiteral("GIF of %1 frames: only the first is read").arg(frames));
        result.warning = warnings.join(QLatin1String("; "));
        return result;
    }
}

} // namespace pp::codecs
