// Header parsing for every format PixelPool reads. Each parser reads only what it needs, checks
// every offset against the buffer, and never allocates by what the file claims.
#include "ByteView.h"
#include "ImageCodec.h"
#include "JpegMarkers.h"
#include "LibRawTiff.h"
#include "Message.h"
#include "PngText.h"
#include "XmpText.h"
#include "codecs/Codecs.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <optional>

namespace pp {
namespace {

using Bytes = ByteView;

// A TIFF structure (a whole TIFF file, or the EXIF block inside a JPEG).
class TiffReader
{
public:
    explicit TiffReader(Bytes b) : m_b(b), m_le(b.startsWith(0, "II")) {}
    bool valid() const { return (m_b.startsWith(0, "II") || m_b.startsWith(0, "MM")) && u16(2) == 42; }
    uint32_t u16(size_t off) const { return m_le ? m_b.le16(off) : m_b.be16(off); }
    uint32_t u32(size_t off) const { return m_le ? m_b.le32(off) : m_b.be32(off); }
    uint32_t firstIfd() const { return u32(4); }
    // Value of a SHORT or LONG tag in the first IFD, or `fallback`.
    uint32_t tag(uint16_t id, uint32_t fallback) const { return tagIn(firstIfd(), id, fallback); }
    uint32_t tagIn(uint32_t ifd, uint16_t id, uint32_t fallback) const { return valueIn(ifd, id).value_or(fallback); }
    // Value of a SHORT or LONG tag (its first entry) in the directory at `ifd`; none without one.
    std::optional<uint32_t> valueIn(uint32_t ifd, uint16_t id) const
    {
        const size_t e = entry(ifd, id);
        const uint32_t type = e && u32(e + 4) > 0 ? u16(e + 2) : 0; // a count of 0 has no value, as exiv2 reads it
        if (type == 3)                                              // SHORT
            return u16(e + 8);
        if (type == 4 || type == 13) // LONG, IFD
            return u32(e + 8);
        return std::nullopt;
    }
    bool hasTag(uint32_t ifd, uint16_t id) const { return entry(ifd, id) != 0; }
    // How many values tag `id` has in the directory at `ifd` (0: no such tag).
    uint32_t countOf(uint32_t ifd, uint16_t id) const
    {
        const size_t e = entry(ifd, id);
        return e ? u32(e + 4) : 0;
    }
    // The bytes of a BYTE-typed tag (at most `max`), inline or at their offset.
    std::vector<uint8_t> bytesOf(uint32_t ifd, uint16_t id, size_t max) const
    {
        const size_t e = entry(ifd, id);
        std::vector<uint8_t> out;
        if (!e || (u16(e + 2) != 1 && u16(e + 2) != 7))
            return out;
        const size_t count = std::min<size_t>(u32(e + 4), max);
        const size_t at = u32(e + 4) <= 4 ? e + 8 : u32(e + 8);
        for (size_t i = 0; i < count && m_b.has(at + i, 1); ++i)
            out.push_back(m_b.u8(at + i));
        return out;
    }
    // The SubIFDs of a directory (tag 330: LONG or IFD offsets), at most `max` of them.
    std::vector<uint32_t> subIfds(uint32_t ifd, size_t max) const
    {
        const size_t e = entry(ifd, 330);
        std::vector<uint32_t> out;
        if (!e || (u16(e + 2) != 4 && u16(e + 2) != 13))
            return out;
        const size_t count = std::min<size_t>(u32(e + 4), max);
        const size_t values = count <= 1 ? e + 8 : u32(e + 8);
        for (size_t i = 0; i < count && m_b.has(values + i * 4, 4); ++i)
            out.push_back(u32(values + i * 4));
        return out;
    }
    // Whether a directory lies at `ifd`: some entries and the offset of the next, all inside.
    bool isDirectory(uint32_t ifd) const
    {
        return ifd >= 8 && m_b.has(ifd, 2) && u16(ifd) > 0 && m_b.has(ifd, 2 + size_t(u16(ifd)) * 12 + 4);
    }
    // The offset of the directory after the one at `ifd` in its chain, or 0 (none, or not in it).
    uint32_t nextIfd(uint32_t ifd) const { return isDirectory(ifd) ? u32(ifd + 2 + size_t(u16(ifd)) * 12) : 0; }
    // The offset of tag `id`'s 12-byte entry in the directory at `ifd`, or 0.
    size_t entry(uint32_t ifd, uint16_t id) const
    {
        const std::vector<size_t> all = entries(ifd, id);
        return all.empty() ? 0 : all.front();
    }
    // Every entry of tag `id` in the directory at `ifd`, in the directory's order: LibRaw reads a
    // tag as often as it is there.
    std::vector<size_t> entries(uint32_t ifd, uint16_t id) const
    {
        std::vector<size_t> out;
        const uint32_t count = u16(ifd);
        if (ifd < 8 || !m_b.has(ifd, 2 + size_t(count) * 12))
            return out;
        for (uint32_t i = 0; i < count; ++i)
            if (u16(ifd + 2 + size_t(i) * 12) == id)
                out.push_back(ifd + 2 + size_t(i) * 12);
        return out;
    }

private:
    Bytes m_b;
    bool m_le;
};

// The Orientation an EXIF block (a TIFF structure) states in its first directory: 1 to 8 (1 for a
// value outside them), or none when it has no such tag or is no TIFF structure.
std::optional<int> statedOrientation(Bytes block)
{
    const TiffReader tiff(block);
    const std::optional<uint32_t> o = tiff.valid() ? tiff.valueIn(tiff.firstIfd(), 0x0112) : std::nullopt;
    if (!o)
        return std::nullopt;
    return (*o >= 1 && *o <= 8) ? int(*o) : 1;
}

// The Orientation a JPEG's APP1 segment states: none for one that is no EXIF block (XMP…) too.
std::optional<int> statedOrientationInApp1(Bytes app1)
{
    if (!app1.startsWith(0, "Exif"))
        return std::nullopt;
    return statedOrientation(app1.sub(6, app1.size() - 6));
}

// A PNG's or WebP's EXIF block: the TIFF structure itself, which some writers put after the
// "Exif\0\0" a JPEG has (the decoders take it either way). Its Orientation, or none.
std::optional<int> statedOrientationInBlock(Bytes block)
{
    return statedOrientation(block.startsWith(0, "Exif\0\0") ? block.sub(6, block.size() - 6) : block);
}

// The same, 1 where it states none.
int exifOrientationFromBlock(Bytes block) { return statedOrientationInBlock(block).value_or(1); }

// XMP's tiff:Orientation, 1 to 8; none without one, or with another value (Pillow's reading turns
// nothing for one either).
std::optional<int> xmpOrientation(const std::string &packet)
{
    const std::optional<std::string> text =
        meta::xmpPropertyValue(packet, "http://ns.adobe.com/tiff/1.0/", "Orientation");
    if (!text)
        return std::nullopt;
    const QString value = QString::fromStdString(*text).trimmed();
    bool number = false;
    const int o = value.toInt(&number);
    return number && o >= 1 && o <= 8 ? std::optional<int>(o) : std::nullopt;
}

// A JPEG read scan by scan (progressive, or sequential with a scan per component) has libjpeg keep
// every DCT coefficient of the image until the last scan (jdcoefct.c): each component's blocks,
// rounded up to its sampling factors, 128 bytes a block. 0 for a file read in one scan. `sof` is the
// frame header's offset; `scan` the first scan header's (which says how many components the scan
// holds), or the file's size where the walk found none.
qint64 jpegCoefficientBytes(Bytes b, size_t sof, uint32_t len, uint8_t marker, const ImageInfo &info, size_t scan)
{
    const uint32_t n = b.u8(sof + 9);
    if (n == 0 || len < 8 + 3 * n)
        return 0; // libjpeg refuses the frame before allocating anything
    uint32_t hMax = 1, vMax = 1;
    for (uint32_t i = 0; i < n; ++i) {
        hMax = std::max<uint32_t>(hMax, std::clamp<uint32_t>(b.u8(sof + 11 + 3 * i) >> 4, 1, 4));
        vMax = std::max<uint32_t>(vMax, std::clamp<uint32_t>(b.u8(sof + 11 + 3 * i) & 15, 1, 4));
    }
    const bool progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
    // A sequential file cut before its first scan header fails in libjpeg before any allocation.
    if (!progressive && (!b.has(scan, 5) || b.u8(scan + 1) != 0xDA || b.u8(scan + 4) >= n))
        return 0;
    qint64 bytes = 0;
    for (uint32_t i = 0; i < n; ++i) {
        const uint32_t h = std::clamp<uint32_t>(b.u8(sof + 11 + 3 * i) >> 4, 1, 4);
        const uint32_t v = std::clamp<uint32_t>(b.u8(sof + 11 + 3 * i) & 15, 1, 4);
        const qint64 wBlocks = (qint64(info.width) * h + 8 * hMax - 1) / (8 * hMax);
        const qint64 hBlocks = (qint64(info.height) * v + 8 * vMax - 1) / (8 * vMax);
        bytes += (wBlocks + h - 1) / h * h * ((hBlocks + v - 1) / v * v) * 128;
    }
    return bytes;
}

bool isJpegFrameHeader(uint8_t marker)
{
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// The marker segments are walked as libjpeg reads them (jdmarker.c), so that the frame header
// whose size the pixel limit is checked on is the one libjpeg decodes: where a marker is due, stray
// bytes before it are passed over (JpegMarkers.h; libjpeg warns, and the decoder says so), a length
// under 2 is taken as no data (the next marker is due after the length bytes), and a second frame
// header is not looked at (libjpeg refuses the file there). The walk goes on after the frame
// header to the first scan header: APPn segments may stand there (libjpeg reads them with the
// header), an EXIF block too, and the scan header says how many components the first scan holds.
// `stated` (optional) gets the orientations its EXIF and XMP state.
ImageInfo probeJpeg(Bytes b, StatedOrientations *stated = nullptr)
{
    ImageInfo info;
    info.format = ImageFormat::Jpeg;
    // The first EXIF block that states an Orientation gives it (of the first kMaxJpegExifBlocks
    // EXIF blocks, as the header probe reads them), as the decoder joins the blocks
    // (the first one's tags, completed with the others'): an explicit 1 there is not overruled by
    // a stale block after it. Where none states one, the first XMP packet's tiff:Orientation (the
    // one the decoder keeps: the first APP1 of kJpegXmpId with a packet), as Pillow's
    // exif_transpose() reads it.
    StatedOrientations o;
    int exifBlocks = 0;
    bool xmpRead = false;
    const auto app1 = [&](size_t pos, uint32_t len) {
        const Bytes block = b.sub(pos + 4, len - 2);
        if (!xmpRead && block.size() > sizeof kJpegXmpId && block.startsWith(0, kJpegXmpId) &&
            block.u8(sizeof kJpegXmpId - 1) == 0) {
            xmpRead = true;
            o.xmp = xmpOrientation(std::string(reinterpret_cast<const char *>(block.data()) + sizeof kJpegXmpId,
                                               block.size() - sizeof kJpegXmpId));
            return;
        }
        if (o.exif || !block.startsWith(0, "Exif") || ++exifBlocks > kMaxJpegExifBlocks)
            return;
        o.exif = statedOrientationInApp1(block);
    };
    size_t sof = 0, scan = b.size(); // the frame header's and the first scan header's 0xFF
    uint32_t sofLength = 0;
    uint8_t sofMarker = 0;
    for (size_t pos = 2;;) {
        const JpegMarkerSearch next = jpegNextMarker(b.data(), b.size(), pos);
        if (!next.found) {
            if (next.tooFar && !sof) {
                info.error = QStringLiteral("damaged JPEG header (no marker in the %1 bytes from byte %2)")
                                 .arg(kJpegMarkerSearchBytes)
                                 .arg(pos);
                return info;
            }
            break; // the end of the file; after the frame header, libjpeg says what is wrong there
        }
        const size_t at = next.code - 1;
        const uint8_t marker = b.u8(next.code);
        if (marker == 0xDA || marker == 0xD9) {
            scan = at;
            break;
        }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) { // no length
            pos = next.code + 1;
            continue;
        }
        const uint32_t len = b.be16(at + 2);
        const size_t end = at + 2 + std::max<uint32_t>(len, 2);
        if (!b.has(at, end - at)) {
            if (sof)
                break;
            info.error = QStringLiteral("truncated JPEG header");
            return info;
        }
        if (marker == 0xE1 && len >= 2)
            app1(at, len);
        if (!sof && isJpegFrameHeader(marker)) {
            if (len < 8) { // libjpeg refuses it before reading its size
                info.error = QStringLiteral("damaged JPEG header (a frame header of %1 bytes)").arg(len);
                return info;
            }
            sof = at;
            sofLength = len;
            sofMarker = marker;
            info.height = int(b.be16(at + 5));
            info.width = int(b.be16(at + 7));
        }
        pos = end;
    }
    if (!sof) {
        info.error = QStringLiteral("truncated JPEG: no frame header");
        return info;
    }
    if (info.width == 0 || info.height == 0)
        info.error = QStringLiteral("JPEG header gives a size of %1×%2").arg(info.width).arg(info.height);
    else
        info.coefficientBytes = jpegCoefficientBytes(b, sof, sofLength, sofMarker, info, scan);
    info.exifOrientation = o.taken();
    if (stated)
        *stated = o;
    return info;
}

ImageInfo probePng(Bytes b)
{
    ImageInfo info;
    info.format = ImageFormat::Png;
    if (!b.startsWith(12, "IHDR") || !b.has(16, 13)) {
        info.error = QStringLiteral("truncated PNG: no IHDR chunk");
        return info;
    }
    const uint32_t w = b.be32(16), h = b.be32(20);
    if (w == 0 || h == 0 || w > 0x7fffffff || h > 0x7fffffff) {
        info.error = QStringLiteral("PNG header gives an invalid size of %1×%2").arg(w).arg(h);
        return info;
    }
    info.width = int(w);
    info.height = int(h);
    info.exifOrientation = pngOrientations(b.data(), b.size()).taken();
    return info;
}

ImageInfo probeWebp(Bytes b)
{
    ImageInfo info;
    info.format = ImageFormat::Webp;
    if (b.startsWith(12, "VP8 ") && b.has(26, 4) && b.u8(23) == 0x9d && b.u8(24) == 0x01 && b.u8(25) == 0x2a) {
        info.width = int(b.le16(26) & 0x3fff);
        info.height = int(b.le16(28) & 0x3fff);
    } else if (b.startsWith(12, "VP8L") && b.has(21, 4) && b.u8(20) == 0x2f) {
        const uint32_t bits = b.le32(21);
        info.width = int((bits & 0x3fff) + 1);
        info.height = int(((bits >> 14) & 0x3fff) + 1);
    } else if (b.startsWith(12, "VP8X") && b.has(24, 6)) {
        info.width = int(b.le24(24) + 1);
        info.height = int(b.le24(27) + 1);
    } else {
        info.error = QStringLiteral("truncated or unsupported WebP header");
    }
    if (info.error.isEmpty() && (info.width == 0 || info.height == 0))
        info.error = QStringLiteral("WebP header gives a size of zero");
    // An extended file that says it has EXIF: its first EXIF chunk (after the image data), as
    // the decoder keeps it.
    constexpr uint8_t kExifFlag = 0x08;
    if (info.error.isEmpty() && b.startsWith(12, "VP8X") && (b.u8(20) & kExifFlag)) {
        for (size_t pos = 12; b.has(pos, 8);) {
            const uint32_t length = b.le32(pos + 4);
            if (!b.has(pos + 8, length))
                break;
            if (b.startsWith(pos, "EXIF")) {
                info.exifOrientation = exifOrientationFromBlock(b.sub(pos + 8, length));
                break;
            }
            pos += 8 + size_t(length) + (length & 1);
        }
    }
    return info;
}

// IFD0 and its SubIFDs (at most 8), where RAW formats keep their sensor data and its tags.
std::vector<uint32_t> rawDirectories(const TiffReader &tiff)
{
    std::vector<uint32_t> ifds{tiff.firstIfd()};
    for (const uint32_t sub : tiff.subIfds(tiff.firstIfd(), 8))
        ifds.push_back(sub);
    return ifds;
}

// A TIFF-structured file is a camera RAW when it says so: Canon's "CR" after the header (CR2), a
// DNGVersion tag, or a directory of sensor data (PhotometricInterpretation CFA 32803 or LinearRaw
// 34892) in IFD0 or one of its SubIFDs (NEF, ARW, PEF, SRW, ERF, 3FR keep it there). An ordinary
// TIFF has none of these, so it keeps the TIFF decoder. Returns the sensor directory's size (empty
// for a CR2 or a DNG without one), or nullopt for an ordinary TIFF.
std::optional<cv::Size> cameraRawLayout(Bytes b)
{
    const TiffReader tiff(b);
    const uint32_t ifd0 = tiff.firstIfd();
    const bool cr2 = b.startsWith(8, "CR\x02");
    const bool dng = tiff.hasTag(ifd0, 50706);
    for (const uint32_t ifd : rawDirectories(tiff)) {
        const uint32_t photometric = tiff.tagIn(ifd, 262, 0);
        if (photometric == 32803 || photometric == 34892) {
            const cv::Size claimed(int(std::min<uint32_t>(tiff.tagIn(ifd, 256, 0), INT_MAX)),
                                   int(std::min<uint32_t>(tiff.tagIn(ifd, 257, 0), INT_MAX)));
            // A side missing or zero is no size to claim: LibRaw's reading decides (probeRaw takes
            // a claimed side beyond 65535 as the picture's size, even beside a zero).
            return claimed.width > 0 && claimed.height > 0 ? claimed : cv::Size();
        }
    }
    if (cr2 || dng)
        return cv::Size();
    return std::nullopt;
}

// LibRaw's count of a CFA pattern's colours: its distinct values below 32, at most four; `bits`
// has a bit for each.
struct CfaColours {
    int count = 0;
    uint32_t bits = 0;
};
CfaColours libRawColours(const uint8_t *pattern, size_t n)
{
    CfaColours c;
    for (size_t k = 0; k < n && c.count < 4; ++k)
        if (const uint8_t v = pattern[k]; v < 32 && !(c.bits & (1u << v))) {
            c.bits |= 1u << v;
            ++c.count;
        }
    return c;
}

// A DNG whose colour matrix has fewer rows than its sensor has colours: LibRaw 0.20 reads the
// matrix with the colour count it knows at that point (IFD0 comes before the sensor's SubIFD) and
// later uses rows it never filled, uninitialised memory, so the colours would change from run to
// run. The colours are counted as LibRaw counts them: distinct CFAPattern values below 32, at most
// four (the first 36 of the pattern). Empty when the file is consistent or not such a DNG.
QString dngColourMatrixMismatch(Bytes b)
{
    const TiffReader tiff(b);
    const uint32_t ifd0 = tiff.firstIfd();
    if (!tiff.hasTag(ifd0, 50706))
        return {};
    int colours = 0;
    for (const uint32_t ifd : rawDirectories(tiff)) {
        const std::vector<uint8_t> pattern = tiff.bytesOf(ifd, 33422, 36);
        colours = std::max(colours, libRawColours(pattern.data(), pattern.size()).count);
    }
    for (const uint16_t matrix : {uint16_t(50721), uint16_t(50722)}) {
        const uint32_t values = tiff.countOf(ifd0, matrix);
        if (values > 0 && values < uint32_t(3 * colours))
            return QStringLiteral("damaged DNG: its colour matrix has %1 values for a sensor of %2 colours")
                .arg(values)
                .arg(colours);
    }
    return {};
}

// Whether the entry at `e` is a CFARepeatPatternDim that makes LibRaw 0.20 take the sensor for
// X-Trans: it reads two 16-bit values where its tiff_get puts them and wants 6 and 6. Only a value
// held in the entry itself is taken (the header reader reads directories, not what they point to).
bool libRawSaysXTrans(const TiffReader &tiff, size_t e)
{
    return tiff.u16(e) == 33421 && libRawValueInline(tiff.u16(e + 2), tiff.u32(e + 4)) && tiff.u16(e + 8) == 6 &&
           tiff.u16(e + 10) == 6;
}

// A camera RAW whose CFA pattern LibRaw 0.20 would read into uninitialised memory, so that the
// sensor's colours changed from run to run (parse_tiff_ifd). It reads up to 16 bytes of the pattern
// with fread into a stack array (a pattern past the end of the file leaves it unfilled), counts the
// colours as the distinct values below 32 (at most four), writes the entries of a table of 256 on
// the stack for its codes of that many colours (0, 1, 2, 3; CMY and GMCY have their own), then
// looks every byte of the pattern up in that table: a byte whose entry it did not write (one of 32
// or more, or 3 in a pattern of the three colours 0, 1 and 3) reads an entry never written. It
// reads the pattern as bytes whatever the tag's type says, at the tag's offset when count × the
// type's size is over 4 (as its tiff_get).
//
// A pattern of 36 values is X-Trans. LibRaw reads it safely only once a CFARepeatPatternDim of 6×6
// (33421) has told it so; otherwise (and always for Kodak's tag 64777) it takes a path whose loop
// over the 36 values indexes one 6-byte row of its table, which the compiler Debian builds it with
// turned into a loop without an end: it writes over LibRaw's own state until the worker crashes.
// So a 36-value pattern is read only right after its 6×6 repeat size, as in every X-Trans DNG.
// Empty when every pattern is sound.
QString cfaPatternDamage(Bytes b)
{
    const TiffReader tiff(b);
    for (const uint32_t ifd : rawDirectories(tiff)) {
        for (const uint16_t id : kLibRawCfaTags) {
            for (const size_t e : tiff.entries(ifd, id)) {
                const uint32_t type = tiff.u16(e + 2), count = tiff.u32(e + 4);
                if (count == 0)
                    continue;
                if (count == 36) {
                    if (id == 33422 && e >= ifd + 2 + 12 && libRawSaysXTrans(tiff, e - 12))
                        continue;
                    return QStringLiteral("damaged camera RAW: its X-Trans CFA pattern (tag %1) does not follow "
                                          "a 6×6 CFARepeatPatternDim, which LibRaw cannot read")
                        .arg(id);
                }
                const uint64_t at = libRawValueInline(type, count) ? e + 8 : tiff.u32(e + 8);
                const uint32_t bytes = std::min<uint32_t>(count, 16);
                if (at + bytes > b.size())
                    return QStringLiteral("damaged camera RAW: its CFA pattern (%1 bytes at %2) lies outside the file")
                        .arg(bytes)
                        .arg(at);
                const Bytes pattern = b.sub(size_t(at), bytes);
                const CfaColours colours = libRawColours(pattern.data(), bytes);
                // The table's entries LibRaw writes: its colour codes for the first `colours` colours.
                uint8_t codes[4] = {0, 1, 2, 3};
                if (colours.bits == 070) // CMY
                    std::memcpy(codes, "\3\4\5", 3);
                if (colours.bits == 072) // GMCY
                    std::memcpy(codes, "\5\3\4\1", 4);
                for (uint32_t k = 0; k < bytes; ++k) {
                    const uint8_t v = pattern.u8(k);
                    if (std::find(codes, codes + colours.count, v) == codes + colours.count)
                        return QStringLiteral(
                                   "damaged camera RAW: its CFA pattern has colour %1, not one of its %2 colours")
                            .arg(v)
                            .arg(colours.count);
                }
            }
        }
    }
    return {};
}

// The directory of a TIFF that is read: IFD0, unless it says it is a reduced-resolution copy of
// another (NewSubfileType bit 0: a thumbnail, or TIFF/EP's and DNG's preview). Then the first
// directory with a size that says no such thing, looked for in IFD0's SubIFDs (at most 8: where
// TIFF/EP keeps the full image) and then in the next kTiffDirectoriesExamined directories of its
// chain (a thumbnail written before the page); IFD0 when there is none. The walk is bounded, and a
// loop in the chain only walks the same directories again. HeaderProbe.cpp reads what it looks at.
uint32_t imageDirectory(const TiffReader &tiff)
{
    const uint32_t ifd0 = tiff.firstIfd();
    const auto reduced = [&](uint32_t ifd) { return (tiff.tagIn(ifd, 254, 0) & 1) != 0; };
    if (!reduced(ifd0))
        return ifd0;
    const auto full = [&](uint32_t ifd) {
        return tiff.isDirectory(ifd) && !reduced(ifd) && tiff.tagIn(ifd, 256, 0) > 0 && tiff.tagIn(ifd, 257, 0) > 0;
    };
    const std::vector<uint32_t> ifd0AndSubIfds = rawDirectories(tiff);
    for (size_t i = 1; i < ifd0AndSubIfds.size(); ++i)
        if (full(ifd0AndSubIfds[i]))
            return ifd0AndSubIfds[i];
    uint32_t ifd = ifd0;
    for (int i = 0; i < kTiffDirectoriesExamined && (ifd = tiff.nextIfd(ifd)) != 0; ++i)
        if (full(ifd))
            return ifd;
    return ifd0;
}

ImageInfo probeTiff(Bytes b)
{
    ImageInfo info;
    info.format = ImageFormat::Tiff;
    const TiffReader tiff(b);
    const uint32_t dir = imageDirectory(tiff);
    const uint32_t w = tiff.tagIn(dir, 256, 0), h = tiff.tagIn(dir, 257, 0);
    if (w == 0 || h == 0 || w > 0x7fffffff || h > 0x7fffffff) {
        info.error = QStringLiteral("TIFF header has no valid image size");
        return info;
    }
    info.width = int(w);
    info.height = int(h);
    // The directory's own Orientation, or IFD0's where it has none: a reduced-resolution copy
    // shows the picture turned as its full image is.
    const uint32_t o = tiff.valueIn(dir, 0x0112).value_or(tiff.tag(0x0112, 1));
    info.exifOrientation = (o >= 1 && o <= 8) ? int(o) : 1;
    const uint32_t tw = tiff.tagIn(dir, 322, 0), th = tiff.tagIn(dir, 323, 0);
    const uint32_t rowsPerStrip = tiff.tagIn(dir, 278, h);
    // Two 32-bit tile sides can overflow qint64: multiply unsigned (fits in 64 bits) and clamp.
    const quint64 tilePixels = (tw && th) ? quint64(tw) * th : quint64(w) * std::min(rowsPerStrip, h);
    info.largestTilePixels = qint64(std::min<quint64>(tilePixels, quint64(INT64_MAX)));
    info.tileWidth = (tw && th) ? tw : w;
    info.tileHeight = (tw && th) ? th : std::min(rowsPerStrip, h);
    return info;
}

// A GIF's canvas: its logical screen, widened to hold the first frame where that frame reaches
// past it (a screen of 0×0, or smaller than the frame, as some encoders write; browsers and Pillow
// show the whole frame). The walk goes through the extension blocks to the first image
// descriptor (HeaderProbe.cpp reads as far for a file); GifCodec.cpp places the frame the same way.
ImageInfo probeGif(Bytes b)
{
    ImageInfo info;
    info.format = ImageFormat::Gif;
    const auto damaged = [&](const char *why) {
        info.error = QStringLiteral("damaged or truncated GIF: %1").arg(QLatin1String(why));
        return info;
    };
    if (!b.has(6, 7))
        return damaged("the header is cut short");
    const uint32_t screenWidth = b.le16(6), screenHeight = b.le16(8);
    const uint8_t flags = b.u8(10);
    size_t pos = 13 + ((flags & 0x80) ? 3u << ((flags & 7) + 1) : 0);
    for (;;) {
        if (!b.has(pos, 1))
            return damaged("the file ends before its first image");
        const uint8_t record = b.u8(pos);
        if (record == 0x3B)
            return damaged("the file holds no image");
        if (record == 0x21) { // extension: a label, then sub-blocks up to an empty one
            pos += 2;
            for (;;) {
                if (!b.has(pos, 1))
                    return damaged("the file ends before its first image");
                const uint8_t length = b.u8(pos);
                pos += 1 + length;
                if (length == 0)
                    break;
            }
            continue;
        }
        if (record != 0x2C)
            return damaged("an unknown block comes before the first image");
        if (!b.has(pos, 10))
            return damaged("the first image descriptor is cut short");
        const uint32_t left = b.le16(pos + 1), top = b.le16(pos + 3);
        const uint32_t width = b.le16(pos + 5), height = b.le16(pos + 7);
        if (width == 0 || height == 0) {
            info.error =
                QStringLiteral("damaged or truncated GIF: the first frame has no size (%1×%2)").arg(width).arg(height);
            return info;
        }
        info.width = int(std::max(screenWidth, left + width));
        info.height = int(std::max(screenHeight, top + height));
        info.screen = cv::Size(int(screenWidth), int(screenHeight));
        info.firstFrameAt = cv::Point(int(left), int(top));
        return info;
    }
}

ImageInfo probeBmp(Bytes b)
{
    ImageInfo info;
    info.format = ImageFormat::Bmp;
    const uint32_t headerSize = b.le32(14);
    if (!b.has(14, 12) || headerSize < 12) {
        info.error = QStringLiteral("truncated BMP header");
        return info;
    }
    int64_t w, h;
    if (headerSize == 12) { // OS/2 core header
        w = b.le16(18);
        h = b.le16(20);
    } else {
        w = int32_t(b.le32(18));
        h = int32_t(b.le32(22));
    }
    h = h < 0 ? -h : h;
    if (w <= 0 || h <= 0 || w > 0x7fffffff || h > 0x7fffffff) {
        info.error = QStringLiteral("BMP header gives an invalid size");
        return info;
    }
    info.width = int(w);
    info.height = int(h);
    return info;
}

// cfaPatternDamage() for the RAWs whose TIFF structures LibRaw parses under another header: an
// RW2 or an ORF is one from its start; a RAF holds one at the offset its header gives at byte 100
// (the sensor's) and one 12 bytes into its JPEG preview (the EXIF block), whose offset is at byte
// 84; LibRaw reads both, big-endian offsets as the RAF header is. Empty when every pattern is
// sound.
QString embeddedCfaDamage(Bytes b)
{
    if (!b.startsWith(0, "FUJIFILMCCD-RAW"))
        return b.startsWith(4, "ftypcrx ") ? QString() : cfaPatternDamage(b);
    for (const size_t at : {size_t(b.be32(100)), size_t(b.be32(84)) + 12}) {
        const Bytes tiff = b.sub(at, b.size() - std::min(at, b.size()));
        if (tiff.startsWith(0, "II") || tiff.startsWith(0, "MM"))
            if (const QString damage = cfaPatternDamage(tiff); !damage.isEmpty())
                return damage;
    }
    return {};
}

// A camera RAW the probe refuses before LibRaw reads it, and why.
ImageInfo refusedRaw(const QString &damage)
{
    ImageInfo info;
    info.format = ImageFormat::Raw;
    info.error = damage;
    return info;
}

} // namespace

uint32_t tiffImageDirectory(const uint8_t *data, size_t size) { return imageDirectory(TiffReader(Bytes(data, size))); }

// The chunks are walked to IEND, through the image data: an eXIf after it is what ImageMagick 6
// writes. The walk ends where libpng's would: at a chunk type that is not four letters (libpng fails
// the file there, so a file of zeros after its header costs one step, not one per 12 bytes), or at a
// chunk that runs past the end; each step is at least 12 bytes (HeaderProbe.cpp reads the chunks'
// headers as far, so the same chunks are found in a file of gigabytes). The text blocks are read as
// the decoder reads them (meta/PngText.h), the first chunk of each keyword.
StatedOrientations pngOrientations(const uint8_t *data, size_t size)
{
    const Bytes b(data, size);
    StatedOrientations o;
    for (size_t pos = 8; b.has(pos, 8);) {
        const uint32_t length = b.be32(pos);
        if (!isPngChunkType(b.data() + pos + 4) || b.startsWith(pos + 4, "IEND") || length > 0x7fffffffu ||
            !b.has(pos + 8, length))
            break;
        if (b.startsWith(pos + 4, "eXIf")) { // the first (libpng refuses a second as a duplicate)
            o.exif = statedOrientationInBlock(b.sub(pos + 8, length));
            break;
        }
        pos += 12 + size_t(length);
    }
    const meta::PngTextBlocks blocks = meta::readPngTextBlocks(data, size);
    if (!blocks.rawExif.empty())
        if (const std::vector<uint8_t> exif = meta::rawProfileBytes(blocks.rawExif, kMaxExifBytes + 6); !exif.empty())
            o.rawExif = statedOrientationInBlock(Bytes(exif.data(), exif.size()));
    if (!blocks.xmp.empty()) {
        o.xmp = xmpOrientation(blocks.xmp);
    } else if (!blocks.rawXmp.empty()) {
        const std::vector<uint8_t> xmp = meta::rawProfileBytes(blocks.rawXmp, kMaxXmpBytes);
        o.xmp = xmpOrientation(std::string(xmp.begin(), xmp.end()));
    }
    return o;
}

StatedOrientations jpegOrientations(const uint8_t *data, size_t size)
{
    StatedOrientations o;
    probeJpeg(Bytes(data, size), &o);
    return o;
}

QString orientationDisagreement(const StatedOrientations &o, ImageFormat format)
{
    const std::pair<std::optional<int>, const char *> places[] = {
        {o.exif, format == ImageFormat::Png ? "its eXIf chunk" : "its EXIF"},
        {o.rawExif, "its raw EXIF profile"},
        {o.xmp, "its XMP"}};
    QStringList said;
    bool differ = false;
    for (const auto &[value, where] : places) {
        if (!value)
            continue;
        differ |= *value != o.taken();
        said.append(QStringLiteral("%1 in %2").arg(*value).arg(QLatin1String(where)));
    }
    if (!differ)
        return {};
    return QStringLiteral("the %1 states different orientations (%2): %3 is read, the first of them")
        .arg(QLatin1String(formatLabel(format)))
        .arg(said.join(QStringLiteral(", ")))
        .arg(o.taken());
}

QString heifOrientationDisagreement(const std::vector<uint8_t> &exif, int transforms, ImageFormat format)
{
    const int stated = statedOrientationInBlock(Bytes(exif.data(), exif.size())).value_or(1);
    if (stated == 1 || stated == transforms || transforms < 1 || transforms > 8)
        return {};
    const QString read =
        transforms == 1 ? QStringLiteral("it is read as stored") : QStringLiteral("%1 is read").arg(transforms);
    return QStringLiteral("the %1 states different orientations (%2 in its EXIF, %3 in its irot/imir): %4, as HEIF "
                          "has it (its irot/imir count, not its EXIF); viewers that follow the EXIF show it otherwise")
        .arg(QLatin1String(formatLabel(format)))
        .arg(stated)
        .arg(transforms == 1 ? QStringLiteral("none") : QString::number(transforms), read);
}

ImageInfo probeImage(const uint8_t *data, size_t size)
{
    const Bytes b(data, size);
    if (size == 0) {
        ImageInfo empty;
        empty.error = QString::fromLatin1(kEmptyFileDetail);
        return empty;
    }
    if (b.u8(0) == 0xFF && b.u8(1) == 0xD8 && b.u8(2) == 0xFF)
        return probeJpeg(b);
    if (b.startsWith(0, "\x89PNG\r\n\x1a\n"))
        return probePng(b);
    // PNG's signature as a text-mode transfer leaves it (what it is made to show: the rest of such a
    // file is changed alike): CR LF made LF (DOS to Unix), LF made CR LF (Unix to DOS), LF made CR
    // and CR made LF (PngSuite's xcrn0g04.png and xlfn0g04.png).
    for (const char *mangled : {"\x89PNG\n\x1a\n", "\x89PNG\r\r\n\x1a\r\n", "\x89PNG\r\r\x1a\r", "\x89PNG\n\n\x1a\n"}) {
        if (b.startsWith(0, mangled)) {
            ImageInfo info;
            info.format = ImageFormat::Png; // refused as damaged, not as no image
            info.error = QStringLiteral("damaged PNG signature (changed by a text-mode transfer)");
            return info;
        }
    }
    if (b.startsWith(0, "RIFF") && b.startsWith(8, "WEBP"))
        return probeWebp(b);
    if (b.startsWithBytes(0, "II*\0") || b.startsWithBytes(0, "MM\0*")) {
        if (const std::optional<cv::Size> raw = cameraRawLayout(b)) {
            QString damage = cfaPatternDamage(b);
            if (damage.isEmpty())
                damage = dngColourMatrixMismatch(b);
            if (!damage.isEmpty())
                return refusedRaw(damage);
            return codecs::probeRaw(data, size, *raw);
        }
        return probeTiff(b);
    }
    // RAWs with a header of their own: Panasonic/Leica RW2 and Olympus ORF (TIFFs with another
    // magic, whose directories LibRaw reads as a TIFF's), Fujifilm RAF (TIFFs inside), Canon CR3
    // (ISO BMFF, before HEIF's ftyp).
    if (b.startsWithBytes(0, "IIU\0") || b.startsWith(0, "IIRO") || b.startsWith(0, "IIRS") ||
        b.startsWith(0, "MMOR") || b.startsWith(0, "FUJIFILMCCD-RAW") || b.startsWith(4, "ftypcrx ")) {
        if (const QString damage = embeddedCfaDamage(b); !damage.isEmpty())
            return refusedRaw(damage);
        return codecs::probeRaw(data, size, {});
    }
    if (b.startsWithBytes(0, "II+\0") || b.startsWithBytes(0, "MM\0+")) { // 64-bit offsets: no probe reads them
        ImageInfo info; // format Unknown: refused as unsupported, not as damaged
        info.error = QStringLiteral("BigTIFF (a TIFF with 64-bit offsets) is not supported");
        return info;
    }
    if (b.startsWith(0, "BM"))
        return probeBmp(b);
    if (b.startsWith(4, "ftyp"))
        return codecs::probeHeif(data, size); // through libheif: boxes only, no image data
    // JPEG XL: a bare codestream, or the container's signature box (ISO/IEC 18181-2).
    if (b.startsWithBytes(0, "\xff\x0a") || b.startsWithBytes(0, "\0\0\0\x0cJXL \r\n\x87\n"))
        return codecs::probeJxl(data, size); // through libjxl: the header only
    if (b.startsWith(0, "GIF87a") || b.startsWith(0, "GIF89a"))
        return probeGif(b);
    // Camera RAWs whose own containers no probe here reads (LibRaw would): named, so that a folder's
    // .crw, .mrw, .iiq or .x3f fails saying what it is, not as a file of no known kind.
    const std::pair<bool, const char *> rawKinds[] = {
        {b.startsWith(6, "HEAPCCDR"), "Canon CRW"},
        {b.startsWithBytes(0, "\0MRM"), "Minolta MRW"},
        {b.startsWith(0, "IIII") || b.startsWith(0, "MMMM"), "Phase One IIQ"},
        {b.startsWith(0, "FOVb"), "Sigma X3F"}};
    for (const auto &[is, kind] : rawKinds) {
        if (is) {
            ImageInfo info; // format Unknown: refused as unsupported
            info.error = QStringLiteral("a camera RAW of a kind PixelPool does not read (%1)").arg(QLatin1String(kind));
            return info;
        }
    }
    if (const std::optional<ImageInfo> dib = codecs::probeHeaderlessDib(data, size))
        return *dib; // a BMP without its file header: Windows' clipboard's DIB
    ImageInfo info;
    info.error = QString::fromLatin1(kNotAnImageDetail);
    return info;
}

OutputFormat keepFormatFor(ImageFormat input)
{
    switch (input) {
    case ImageFormat::Png:
        return OutputFormat::Png;
    case ImageFormat::Webp:
        return OutputFormat::Webp;
    case ImageFormat::Tiff:
        return OutputFormat::Tiff;
    case ImageFormat::Bmp:
        return OutputFormat::Bmp;
    case ImageFormat::Gif:
        return OutputFormat::Png; // lossless, with transparency; PixelPool writes no GIF
    case ImageFormat::Avif:
        return OutputFormat::Avif;
    case ImageFormat::Jxl:
        return OutputFormat::Jxl;
    case ImageFormat::Raw:
        return OutputFormat::Jpeg; // what a camera makes of its RAW; as HEIC (docs/formats.md)
    default:                       // JPEG, and HEIC: PixelPool writes no HEVC (docs/formats.md says why)
        return OutputFormat::Jpeg;
    }
}

} // namespace pp
