// Loads the pixelpool-opencv-codecs plug-in on first use (see OpenCvModule.cpp). It lives next
// to the executable (the build's bin/ folder), or in lib/pixelpool/ of an installed tree.
#include "ByteView.h"
#include "CodecModules.h"
#include "Codecs.h"

#include <algorithm>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <string>

namespace pp::codecs {
namespace {

using DecodeFn = bool (*)(const uint8_t *, size_t, cv::Mat *, std::string *);
using EncodeFn = bool (*)(const char *, const cv::Mat *, std::vector<uint8_t> *, std::string *);

struct Module {
    DecodeFn decode = nullptr;
    EncodeFn encode = nullptr;
    QString error;
};

const Module &module()
{
    static Module m;
    static std::once_flag once;
    std::call_once(once, [] {
        QString reason;
        void *handle = openPlugin("libpixelpool-opencv-codecs.so", &reason);
        if (handle) {
            m.decode = reinterpret_cast<DecodeFn>(::dlsym(handle, "pixelpool_opencv_decode"));
            m.encode = reinterpret_cast<EncodeFn>(::dlsym(handle, "pixelpool_opencv_encode"));
        }
        if (!m.decode || !m.encode)
            m.error = QStringLiteral("the OpenCV codec plug-in is missing or broken (%1)")
                          .arg(reason.isEmpty() ? QStringLiteral("no entry points") : reason);
    });
    return m;
}

// How a BMP's pixels are stored, as its info header says: all zero for a file cut inside those
// fields, all but the header's size for OS/2's 12-byte core header (which has none of them), and
// a mask zero where the file ends before it.
struct BmpLayout {
    uint32_t headerSize = 0, bits = 0, compression = 0, dataOffset = 0;
    uint32_t masks[3] = {0, 0, 0}; // red, green, blue: after a 40-byte header, or inside a longer one
    bool topDown = false;
    BmpLayout(const uint8_t *data, size_t size)
    {
        const ByteView b(data, size);
        headerSize = b.has(0, 34) ? b.le32(14) : 0; // cut inside the fields: nothing is known
        if (headerSize < 40)
            return;
        dataOffset = b.le32(10);
        topDown = int32_t(b.le32(22)) < 0;
        bits = b.le16(28);
        compression = b.le32(30);
        for (size_t i = 0; i < 3; ++i)
            masks[i] = b.le32(54 + 4 * i);
    }
};

// What a BMP's header asks for that OpenCV's reader does not read ("JPEG-compressed", "64 bits a
// pixel"); empty when it asks for nothing of the kind. Its reader takes 1, 4, 8, 16, 24 and 32
// bits a pixel, uncompressed, RLE or with bit fields, behind a header of at least 36 bytes (OS/2's
// core header is made one of 40 before it gets there: os2CoreAsInfoHeader()).
QString unreadBmpKind(const BmpLayout &l)
{
    if (l.headerSize > 12 && l.headerSize < 36)
        return QStringLiteral("OS/2 2.x header of %1 bytes").arg(l.headerSize);
    if (l.headerSize < 40)
        return {};
    if (l.headerSize == 64 && (l.compression == 3 || l.compression == 4)) // OS/2 2.x's own meanings
        return l.compression == 3 ? QStringLiteral("OS/2 Huffman-compressed") : QStringLiteral("OS/2 RLE24");
    switch (l.compression) {
    case 0: // uncompressed
    case 1: // RLE8
    case 2: // RLE4
    case 3: // bit fields
        break;
    case 4:
        return QStringLiteral("JPEG-compressed");
    case 5:
        return QStringLiteral("PNG-compressed");
    case 6:
        return QStringLiteral("alpha bit fields");
    case 11:
    case 12:
    case 13:
        return QStringLiteral("CMYK");
    default:
        return QStringLiteral("compression %1").arg(l.compression);
    }
    if (l.bits != 1 && l.bits != 4 && l.bits != 8 && l.bits != 16 && l.bits != 24 && l.bits != 32)
        return QStringLiteral("%1 bits a pixel").arg(l.bits);
    return {};
}

// An n-bit sample widened to 8 bits by repeating its bits below (31 of 5 bits → 255).
uint32_t widened(uint32_t v, int n)
{
    if (n >= 8)
        return v >> (n - 8);
    uint32_t out = 0;
    int filled = 0;
    for (; filled < 8; filled += n)
        out = out << n | v;
    return out >> (filled - 8);
}

// 16-bit BMPs are read here: OpenCV widens their samples by a shift alone (white came out as 248)
// and looks for bit fields only after a 40-byte header, not inside the version 4 and 5 headers
// where writers put them (such files were "damaged"). Uncompressed is 5-5-5; bit fields give each
// colour's mask, contiguous and within 16 bits. Empty with the error set otherwise.
cv::Mat decodeSixteenBitBmp(const uint8_t *data, size_t size, const BmpLayout &l, const ImageInfo &info,
                            DecodeResult *result)
{
    const uint32_t *masks = l.masks;
    static const uint32_t kFiveFiveFive[3] = {0x7C00, 0x03E0, 0x001F};
    if (l.compression == 0)
        masks = kFiveFiveFive;
    int shift[3], width[3];
    for (int c = 0; c < 3; ++c) {
        const uint32_t m = masks[c];
        shift[c] = m ? __builtin_ctz(m) : 0;
        width[c] = m ? __builtin_popcount(m) : 0;
        if (m == 0 || m > 0xFFFF || (m >> shift[c]) != (1u << width[c]) - 1) {
            result->error =
                QStringLiteral("BMP of a kind PixelPool does not read: 16-bit bit fields %1")
                    .arg(QStringLiteral("%1/%2/%3").arg(masks[0], 0, 16).arg(masks[1], 0, 16).arg(masks[2], 0, 16));
            return {};
        }
    }
    const uint64_t stride = (uint64_t(info.width) * 2 + 3) / 4 * 4;
    if (uint64_t(l.dataOffset) + stride * uint64_t(info.height) > size) {
        result->error = QStringLiteral("damaged or truncated BMP: the pixel data ends early");
        result->corrupt = true;
        return {};
    }
    cv::Mat bgr(info.height, info.width, CV_8UC3);
    for (int y = 0; y < info.height; ++y) {
        const uint8_t *row = data + l.dataOffset + stride * uint64_t(l.topDown ? y : info.height - 1 - y);
        uint8_t *d = bgr.ptr<uint8_t>(y);
        for (int x = 0; x < info.width; ++x, d += 3) {
            const uint32_t px = uint32_t(row[2 * x]) | uint32_t(row[2 * x + 1]) << 8;
            for (int c = 0; c < 3; ++c) // masks are red, green, blue; the pixels blue, green, red
                d[2 - c] = uint8_t(widened((px & masks[c]) >> shift[c], width[c]));
        }
    }
    return bgr;
}

// OS/2 1.x's BMP: a 12-byte core header (16-bit width and height, planes, bits a pixel; rows
// bottom-up, uncompressed) and a palette of 3-byte blue-green-red entries. OpenCV's reader takes
// its layout but never marks it colour, so every such file came out grey. It is handed over as
// what that reader reads right: the same palette and pixels behind a 40-byte header, each palette
// entry widened to 4 bytes. The palette is what lies between the header and the pixels, at most
// 2^bits entries. Empty with the error set when the header is not one OS/2 1.x writes.
std::vector<uint8_t> os2CoreAsInfoHeader(const uint8_t *data, size_t size, DecodeResult *result)
{
    constexpr size_t kCoreEnd = 14 + 12, kInfoEnd = 14 + 40;
    const ByteView b(data, size);
    const uint32_t dataOffset = b.le32(10), bits = b.le16(24);
    if (b.has(0, kCoreEnd) && bits != 1 && bits != 4 && bits != 8 && bits != 24) {
        result->error =
            QStringLiteral("BMP of a kind PixelPool does not read: OS/2 1.x with %1 bits a pixel").arg(bits);
        return {};
    }
    if (!b.has(0, kCoreEnd) || dataOffset < kCoreEnd || dataOffset >= size) {
        result->error = QStringLiteral("damaged or truncated BMP: the pixel data is not inside the file");
        result->corrupt = true;
        return {};
    }
    const size_t entries = bits <= 8 ? std::min<size_t>(size_t(1) << bits, (dataOffset - kCoreEnd) / 3) : 0;
    if (bits <= 8 && entries == 0) { // OpenCV would take the pixels for the palette it lacks
        result->error = QStringLiteral("damaged or truncated BMP: %1 bits a pixel and no palette").arg(bits);
        result->corrupt = true;
        return {};
    }
    const size_t pixels = size - dataOffset, offset = kInfoEnd + 4 * entries;
    std::vector<uint8_t> out(offset + pixels, 0);
    const auto put16 = [&](size_t at, uint32_t v) { out[at] = uint8_t(v), out[at + 1] = uint8_t(v >> 8); };
    const auto put32 = [&](size_t at, uint32_t v) { put16(at, v & 0xFFFF), put16(at + 2, v >> 16); };
    out[0] = 'B', out[1] = 'M';
    put32(2, uint32_t(std::min<size_t>(out.size(), UINT32_MAX)));
    put32(10, uint32_t(offset));
    put32(14, 40);
    put32(18, b.le16(18)); // width
    put32(22, b.le16(20)); // height, positive: bottom-up
    put16(26, 1);          // planes
    put16(28, bits);       // compression 0 (uncompressed), sizes and resolution 0
    put32(46, uint32_t(entries));
    for (size_t i = 0; i < entries; ++i)
        std::memcpy(out.data() + kInfoEnd + 4 * i, data + kCoreEnd + 3 * i, 3);
    std::memcpy(out.data() + offset, data + dataOffset, pixels);
    return out;
}

} // namespace

DecodeResult decodeWithOpenCv(const uint8_t *data, size_t size, const ImageInfo &info)
{
    DecodeResult result;
    std::vector<uint8_t> infoHeaderCopy;
    if (info.format == ImageFormat::Bmp && ByteView(data, size).le32(14) == 12) {
        infoHeaderCopy = os2CoreAsInfoHeader(data, size, &result);
        if (infoHeaderCopy.empty())
            return result;
        data = infoHeaderCopy.data();
        size = infoHeaderCopy.size();
    }
    if (info.format == ImageFormat::Bmp) { // 16-bit ones are read here, without the plug-in
        const BmpLayout bmp(data, size);
        if (bmp.bits == 16 && (bmp.compression == 0 || bmp.compression == 3)) {
            result.image = decodeSixteenBitBmp(data, size, bmp, info, &result);
            return result;
        }
    }
    const Module &m = module();
    if (!m.decode) {
        result.error = QStringLiteral("cannot decode %1: %2").arg(formatLabel(info.format), m.error);
        return result;
    }
    cv::Mat decoded;
    std::string error;
    if (!m.decode(data, size, &decoded, &error)) {
        const QString kind = info.format == ImageFormat::Bmp ? unreadBmpKind(BmpLayout(data, size)) : QString();
        if (!kind.isEmpty()) {
            result.error = QStringLiteral("BMP of a kind PixelPool does not read: %1").arg(kind);
            return result;
        }
        result.error =
            QStringLiteral("damaged or truncated %1: %2").arg(formatLabel(info.format), QString::fromStdString(error));
        result.corrupt = true;
        return result;
    }
    if (!sizeMatches(decoded.size(), info, &result))
        return result;
    result.image = normalizeDepth(decoded);
    return result;
}

bool encodeWithOpenCv(const char *ext, const cv::Mat &image, std::vector<uint8_t> *out, QString *error)
{
    const Module &m = module();
    if (!m.encode) {
        *error = m.error;
        return false;
    }
    std::string message;
    if (!m.encode(ext, &image, out, &message)) {
        *error = QString::fromStdString(message);
        return false;
    }
    return true;
}

} // namespace pp::codecs
