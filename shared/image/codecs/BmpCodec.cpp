// BMP: what OpenCV's reader (OpenCvBridge.cpp) reads wrong is read here, or handed to it as the
// file it reads right. Bit fields of 16 and 32 bits are read here; OS/2 1.x's core header and RLE8
// and RLE4 pixels become a 40-byte header and uncompressed 8-bit indices with the same palette; a
// kind no reader here takes is refused by name. A DIB without the BMP file header (Windows'
// clipboard's) is given one. Every read of the file is bounded (ByteView, or a `has` before a
// pointer); the pixel limit was checked on the probe's size, which is the header's.
#include "ByteView.h"
#include "Codecs.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

constexpr size_t kInfoEnd = 14 + 40; // the file header and Windows' 40-byte info header

// How a BMP's pixels are stored, as its info header says: all zero for a file cut inside those
// fields, all but the header's size for OS/2's 12-byte core header (which has none of them), and
// a mask zero where the file ends before it.
struct BmpLayout {
    uint32_t headerSize = 0, bits = 0, compression = 0, dataOffset = 0, colours = 0;
    // Red, green, blue: after a 40-byte header, or inside a longer one. Alpha: only inside a header
    // of 56 bytes or more (not OS/2 2.x's 64, whose fields there mean other things); Windows' 40-byte
    // header with bit fields has the three colours' alone, and the rest of a pixel is padding.
    uint32_t masks[4] = {0, 0, 0, 0};
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
        colours = b.le32(46);
        for (size_t i = 0; i < 3; ++i)
            masks[i] = b.le32(54 + 4 * i);
        if (headerSize >= 56 && headerSize != 64)
            masks[3] = b.le32(66);
    }
};

// What a BMP's header asks for that no reader here reads ("JPEG-compressed", "64 bits a pixel");
// empty when it asks for nothing of the kind. OpenCV's reader takes 1, 4, 8, 16, 24 and 32 bits a
// pixel, uncompressed, RLE or with bit fields, behind a header of at least 36 bytes (OS/2's core
// header is made one of 40 before it gets there: os2CoreAsInfoHeader()).
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

// An n-bit sample widened to 8 bits by repeating its bits below (31 of 5 bits → 255), or cut to
// its top 8.
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

// Where a bit field lies in a pixel: its lowest bit and how many bits it has (0 for an empty mask).
struct BitField {
    int shift = 0, width = 0;
};

// The field of `mask` in a pixel of `bits`; false unless it is one run of set bits within them.
bool bitField(uint32_t mask, uint32_t bits, BitField *f)
{
    *f = {};
    if (mask == 0)
        return true;
    f->shift = __builtin_ctz(mask);
    f->width = __builtin_popcount(mask);
    return (bits == 32 || mask >> bits == 0) && uint64_t(mask >> f->shift) == (uint64_t(1) << f->width) - 1;
}

// 16- and 32-bit BMPs with bit fields (and uncompressed 16-bit ones) are read here. OpenCV widens
// 16-bit samples by a shift alone (white came out as 248) and looks for their bit fields only after
// a 40-byte header, not inside the version 4 and 5 headers where writers put them (such files were
// "damaged"); it read every 32-bit one as blue, green, red and alpha whatever its masks said, so
// Windows' own layout (a 40-byte header, masks 0xFF0000, 0xFF00 and 0xFF, the fourth byte padding,
// 0) came out fully transparent, and other masks with their colours swapped. Uncompressed 16-bit is
// 5-5-5; bit fields give each colour's mask, and alpha's inside a longer header (BmpLayout): with
// one, the image has alpha, unless every pixel's is 0 (a writer that gives the mask and writes no
// alpha; browsers show such a file opaque too). Empty with the error set otherwise.
cv::Mat decodeBitFields(const uint8_t *data, size_t size, const BmpLayout &l, const ImageInfo &info,
                        DecodeResult *result)
{
    static const uint32_t kFiveFiveFive[4] = {0x7C00, 0x03E0, 0x001F, 0};
    const uint32_t *masks = l.compression == 0 ? kFiveFiveFive : l.masks;
    BitField field[4];
    bool usable = true;
    for (int c = 0; c < 4; ++c)
        usable = bitField(masks[c], l.bits, &field[c]) && (c == 3 || masks[c] != 0) && usable;
    if (!usable) {
        QString listed = QStringLiteral("%1/%2/%3").arg(masks[0], 0, 16).arg(masks[1], 0, 16).arg(masks[2], 0, 16);
        if (masks[3])
            listed += QStringLiteral("/%1").arg(masks[3], 0, 16);
        result->error =
            QStringLiteral("BMP of a kind PixelPool does not read: %1-bit bit fields %2").arg(l.bits).arg(listed);
        return {};
    }
    const size_t bytes = l.bits / 8;
    const uint64_t stride = (uint64_t(info.width) * bytes + 3) / 4 * 4;
    if (uint64_t(l.dataOffset) + stride * uint64_t(info.height) > size) {
        result->error = QStringLiteral("damaged or truncated BMP: the pixel data ends early");
        result->corrupt = true;
        return {};
    }
    const bool alpha = masks[3] != 0;
    const int channels = alpha ? 4 : 3;
    cv::Mat out(info.height, info.width, alpha ? CV_8UC4 : CV_8UC3);
    bool anyAlpha = false;
    for (int y = 0; y < info.height; ++y) {
        const uint8_t *row = data + l.dataOffset + stride * uint64_t(l.topDown ? y : info.height - 1 - y);
        uint8_t *d = out.ptr<uint8_t>(y);
        for (int x = 0; x < info.width; ++x, row += bytes, d += channels) {
            uint32_t px = uint32_t(row[0]) | uint32_t(row[1]) << 8;
            if (bytes == 4)
                px |= uint32_t(row[2]) << 16 | uint32_t(row[3]) << 24;
            for (int c = 0; c < 3; ++c) // masks are red, green, blue; the pixels blue, green, red
                d[2 - c] = uint8_t(widened((px & masks[c]) >> field[c].shift, field[c].width));
            if (alpha) {
                d[3] = uint8_t(widened((px & masks[3]) >> field[3].shift, field[3].width));
                anyAlpha = anyAlpha || d[3] != 0;
            }
        }
    }
    if (alpha && !anyAlpha)
        cv::cvtColor(out, out, cv::COLOR_BGRA2BGR);
    return out;
}

// A BMP of `pixelBytes` zero bytes behind Windows' 40-byte info header (uncompressed, `bits` a pixel,
// `entries` palette entries, all 0 for the caller to fill, as it fills the pixels at the offset
// *pixelsAt).
std::vector<uint8_t> infoHeaderFile(uint32_t width, int32_t height, uint32_t bits, size_t entries, size_t pixelBytes,
                                    size_t *pixelsAt)
{
    *pixelsAt = kInfoEnd + 4 * entries;
    std::vector<uint8_t> out(*pixelsAt + pixelBytes, 0);
    const auto put16 = [&](size_t at, uint32_t v) { out[at] = uint8_t(v), out[at + 1] = uint8_t(v >> 8); };
    const auto put32 = [&](size_t at, uint32_t v) { put16(at, v & 0xFFFF), put16(at + 2, v >> 16); };
    out[0] = 'B', out[1] = 'M';
    put32(2, uint32_t(std::min<size_t>(out.size(), UINT32_MAX)));
    put32(10, uint32_t(*pixelsAt));
    put32(14, 40);
    put32(18, width);
    put32(22, uint32_t(height)); // negative: top-down
    put16(26, 1);                // planes
    put16(28, bits);             // compression 0 (uncompressed), sizes and resolution 0
    put32(46, uint32_t(entries));
    return out;
}

// OS/2 1.x's BMP: a 12-byte core header (16-bit width and height, planes, bits a pixel; rows
// bottom-up, uncompressed) and a palette of 3-byte blue-green-red entries. OpenCV's reader takes
// its layout but never marks it colour, so every such file came out grey. It is handed over as
// what that reader reads right: the same palette and pixels behind a 40-byte header, each palette
// entry widened to 4 bytes. The palette is what lies between the header and the pixels, at most
// 2^bits entries. Empty with the error set when the header is not one OS/2 1.x writes.
std::vector<uint8_t> os2CoreAsInfoHeader(const uint8_t *data, size_t size, DecodeResult *result)
{
    constexpr size_t kCoreEnd = 14 + 12;
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
    const size_t pixels = size - dataOffset;
    size_t offset = 0; // height positive: bottom-up
    std::vector<uint8_t> out = infoHeaderFile(b.le16(18), int32_t(b.le16(20)), bits, entries, pixels, &offset);
    for (size_t i = 0; i < entries; ++i)
        std::memcpy(out.data() + kInfoEnd + 4 * i, data + kCoreEnd + 3 * i, 3);
    std::memcpy(out.data() + offset, data + dataOffset, pixels);
    return out;
}

// RLE8 and RLE4 BMPs are decoded here to their palette indices and handed over uncompressed, 8 bits
// a pixel behind a 40-byte header with the same palette, which OpenCV's reader reads right. Its own
// RLE reading carried the pixels a row holds past the image's width into the next row, shearing the
// picture, or refused the file as damaged (RLE4): ImageMagick fills every row up to its 4-byte
// stride (100 pixels for a width of 97). Pixels past a row's width are dropped, as ImageMagick and
// Pillow read them; those that a row's end, a jump (delta) or the bitmap's end skip are index 0, as
// all three leave them. Rows are read up to the end-of-bitmap code or the last row's last pixel;
// data that ends before either is damage, as is a palette the file does not hold (OpenCV failed on
// both). Empty with the error set then.
std::vector<uint8_t> rleAsUncompressed(const uint8_t *data, size_t size, const BmpLayout &l, const ImageInfo &info,
                                       DecodeResult *result)
{
    const ByteView b(data, size);
    const auto damaged = [&](const QString &why) {
        result->error = QStringLiteral("damaged or truncated BMP: %1").arg(why);
        result->corrupt = true;
        return std::vector<uint8_t>();
    };
    const size_t entries = l.colours ? l.colours : size_t(1) << l.bits, paletteAt = 14 + size_t(l.headerSize);
    if (entries > 256)
        return damaged(QStringLiteral("a palette of %1 colours for %2 bits a pixel").arg(entries).arg(l.bits));
    if (!b.has(paletteAt, 4 * entries))
        return damaged(QStringLiteral("its palette ends past the end of the file"));
    const size_t width = size_t(info.width), height = size_t(info.height), stride = (width + 3) / 4 * 4;
    size_t offset = 0;
    std::vector<uint8_t> out = infoHeaderFile(uint32_t(info.width), l.topDown ? -info.height : info.height, 8, entries,
                                              stride * height, &offset);
    std::memcpy(out.data() + kInfoEnd, data + paletteAt, 4 * entries);
    const bool four = l.bits == 4;
    // The index of the i-th pixel that `bytes` hold: two a byte, the high half first, for RLE4.
    const auto index = [four](const uint8_t *bytes, size_t i) {
        return four ? uint8_t(i % 2 ? bytes[i / 2] & 15 : bytes[i / 2] >> 4) : bytes[i];
    };
    size_t at = l.dataOffset, x = 0, y = 0; // x ≤ width: pixels past it are dropped
    while (y < height && !(y + 1 == height && x == width)) {
        if (!b.has(at, 2))
            return damaged(QStringLiteral("the RLE data ends in row %1 of %2").arg(y + 1).arg(height));
        const uint8_t count = data[at], code = data[at + 1];
        at += 2;
        uint8_t *row = out.data() + offset + stride * y;
        if (count > 0) { // a run of `count` pixels of one index (RLE4: two, alternating)
            const uint8_t first = four ? code >> 4 : code, second = four ? code & 15 : code;
            const size_t n = std::min<size_t>(count, width - x);
            for (size_t i = 0; i < n; ++i)
                row[x + i] = i % 2 ? second : first;
            x += n;
        } else if (code == 0) { // the row's end
            x = 0;
            ++y;
        } else if (code == 1) { // the bitmap's end
            break;
        } else if (code == 2) { // a jump right and down
            if (!b.has(at, 2))
                return damaged(QStringLiteral("the RLE data ends in row %1 of %2").arg(y + 1).arg(height));
            x = std::min<size_t>(width, x + data[at]);
            y += data[at + 1];
            at += 2;
        } else { // `code` pixels as they are, in bytes padded to an even number
            const size_t stored = four ? (code + 1) / 2 : code;
            if (!b.has(at, stored))
                return damaged(QStringLiteral("the RLE data ends in row %1 of %2").arg(y + 1).arg(height));
            const size_t n = std::min<size_t>(code, width - x);
            for (size_t i = 0; i < n; ++i)
                row[x + i] = index(data + at, i);
            x += n;
            at += (stored + 1) / 2 * 2;
        }
    }
    return out;
}

// A palette BMP whose pixel data offset lies before the end of the palette that its header says
// follows it: a writer that left the palette out of the offset (14 + the header's size, as some
// converters write it). OpenCV read the palette's bytes as pixels, a garbled picture without a
// word; Pillow reads the pixels from after the palette, and so is it read here: a copy of the file
// with that offset, and a warning, when the file holds a whole image there (some RLE data), and
// damage otherwise (the error set). Empty, with no error, when the offset is not before the
// palette's end or the palette is no palette OpenCV reads (more than 256 entries: refused there).
std::vector<uint8_t> pixelsAfterPalette(const uint8_t *data, size_t size, const BmpLayout &l, const ImageInfo &info,
                                        DecodeResult *result, QString *warning)
{
    if (l.headerSize < 40 || (l.bits != 1 && l.bits != 4 && l.bits != 8) || l.compression > 2)
        return {};
    const size_t entries = l.colours ? l.colours : size_t(1) << l.bits;
    const size_t paletteEnd = 14 + size_t(l.headerSize) + 4 * entries;
    if (entries > 256 || l.dataOffset >= paletteEnd)
        return {};
    const uint64_t stride = (uint64_t(info.width) * l.bits + 31) / 32 * 4;
    const uint64_t needed = l.compression == 0 ? stride * uint64_t(info.height) : 2; // RLE: one code at least
    if (paletteEnd > size) {
        result->error = QStringLiteral("damaged or truncated BMP: its palette ends past the end of the file");
        result->corrupt = true;
        return {};
    }
    if (size - paletteEnd < needed) {
        result->error = QStringLiteral("damaged or truncated BMP: its pixel data offset (byte %1) lies before the end "
                                       "of its palette (byte %2), and the file ends before a whole image after it")
                            .arg(l.dataOffset)
                            .arg(paletteEnd);
        result->corrupt = true;
        return {};
    }
    std::vector<uint8_t> out(data, data + size);
    for (int i = 0; i < 4; ++i)
        out[10 + size_t(i)] = uint8_t(paletteEnd >> (8 * i));
    *warning = QStringLiteral("BMP's pixel data offset (byte %1) lies before the end of its palette (byte %2): "
                              "pixels read from after the palette")
                   .arg(l.dataOffset)
                   .arg(paletteEnd);
    return out;
}

// A DIB without a BMP file header: a Windows info header (40 bytes, or version 4's 108 or 5's 124)
// at byte 0, three masks after a 40-byte one with bit fields, the palette, then the pixels, as
// Windows' clipboard holds one (CF_DIB) and tools save it (.dib). Taken for one only when its fields
// are sane: one plane, a bit count BMP has with a compression that goes with it (RLE8 at 8 bits,
// RLE4 at 4, bottom-up; bit fields at 16 or 32), a positive width, a height, at most 256 palette
// entries (a palette of that many after a header of more than 8 bits a pixel too, as Windows lays
// out a packed DIB). `pixelsAt` is where its pixels begin.
struct HeaderlessDib {
    bool is = false;
    int32_t width = 0, height = 0;
    uint64_t pixelsAt = 0;
};

HeaderlessDib headerlessDib(const uint8_t *data, size_t size)
{
    const ByteView b(data, size);
    HeaderlessDib dib;
    const uint32_t headerSize = b.le32(0);
    if ((headerSize != 40 && headerSize != 108 && headerSize != 124) || !b.has(0, headerSize))
        return dib;
    const int32_t width = int32_t(b.le32(4)), height = int32_t(b.le32(8));
    const uint32_t planes = b.le16(12), bits = b.le16(14), compression = b.le32(16), colours = b.le32(32);
    const bool bitsKnown = bits == 1 || bits == 4 || bits == 8 || bits == 16 || bits == 24 || bits == 32;
    const bool goesWithBits = compression == 0 || (compression == 1 && bits == 8 && height > 0) ||
                              (compression == 2 && bits == 4 && height > 0) ||
                              (compression == 3 && (bits == 16 || bits == 32));
    if (planes != 1 || !bitsKnown || !goesWithBits || width <= 0 || height == 0 || height == INT32_MIN || colours > 256)
        return dib;
    const uint64_t entries = colours ? colours : bits <= 8 ? uint64_t(1) << bits : 0;
    dib.is = true;
    dib.width = width;
    dib.height = height < 0 ? -height : height;
    dib.pixelsAt = headerSize + (headerSize == 40 && compression == 3 ? 12 : 0) + 4 * entries;
    return dib;
}

// A headerless DIB as the BMP file it would be: BMP's 14-byte file header before it, its pixel data
// offset where the DIB's pixels begin. Empty with the error set when they begin at or past the end
// of the data (the probe took the bytes for a DIB, so they are one).
std::vector<uint8_t> withFileHeader(const uint8_t *data, size_t size, DecodeResult *result)
{
    const HeaderlessDib dib = headerlessDib(data, size);
    if (!dib.is || dib.pixelsAt >= size) {
        result->error = QStringLiteral("damaged or truncated BMP: the DIB ends before its pixels");
        result->corrupt = true;
        return {};
    }
    std::vector<uint8_t> out(14 + size, 0);
    const auto put32 = [&](size_t at, uint64_t v) {
        for (size_t i = 0; i < 4; ++i)
            out[at + i] = uint8_t(v >> (8 * i));
    };
    out[0] = 'B', out[1] = 'M';
    put32(2, std::min<uint64_t>(out.size(), UINT32_MAX));
    put32(10, 14 + dib.pixelsAt);
    std::memcpy(out.data() + 14, data, size);
    return out;
}

} // namespace

std::optional<ImageInfo> probeHeaderlessDib(const uint8_t *data, size_t size)
{
    const HeaderlessDib dib = headerlessDib(data, size);
    if (!dib.is)
        return std::nullopt;
    ImageInfo info;
    info.format = ImageFormat::Bmp;
    info.width = dib.width;
    info.height = dib.height;
    return info;
}

DecodeResult decodeBmp(const uint8_t *data, size_t size, const ImageInfo &info)
{
    DecodeResult result;
    std::vector<uint8_t> fileHeaderAdded;
    if (!ByteView(data, size).startsWith(0, "BM")) { // a DIB without one, as the probe found
        fileHeaderAdded = withFileHeader(data, size, &result);
        if (fileHeaderAdded.empty())
            return result;
        data = fileHeaderAdded.data();
        size = fileHeaderAdded.size();
    }
    std::vector<uint8_t> infoHeaderCopy;
    if (ByteView(data, size).le32(14) == 12) {
        infoHeaderCopy = os2CoreAsInfoHeader(data, size, &result);
        if (infoHeaderCopy.empty())
            return result;
        data = infoHeaderCopy.data();
        size = infoHeaderCopy.size();
    }
    if (const QString kind = unreadBmpKind(BmpLayout(data, size)); !kind.isEmpty()) {
        result.error = QStringLiteral("BMP of a kind PixelPool does not read: %1").arg(kind);
        return result;
    }
    QString moved; // the warning that the pixels were read from after the palette
    const std::vector<uint8_t> movedPixels =
        pixelsAfterPalette(data, size, BmpLayout(data, size), info, &result, &moved);
    if (!result.error.isEmpty())
        return result;
    if (!movedPixels.empty()) {
        data = movedPixels.data();
        size = movedPixels.size();
    }
    const BmpLayout layout(data, size);
    if ((layout.bits == 16 && (layout.compression == 0 || layout.compression == 3)) ||
        (layout.bits == 32 && layout.compression == 3)) {
        result.image = decodeBitFields(data, size, layout, info, &result);
        return result;
    }
    std::vector<uint8_t> uncompressed;
    if ((layout.bits == 8 && layout.compression == 1) || (layout.bits == 4 && layout.compression == 2)) {
        uncompressed = rleAsUncompressed(data, size, layout, info, &result);
        if (uncompressed.empty())
            return result;
        data = uncompressed.data();
        size = uncompressed.size();
    }
    result = decodeWithOpenCv(data, size, info);
    if (!result.image.empty())
        result.warning = moved;
    return result;
}

} // namespace pp::codecs
