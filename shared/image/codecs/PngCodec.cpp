// PNG through libpng. Damage (a cut file, a CRC error in a critical chunk, broken deflate data,
// too few rows) fails the image; only a damaged end (missing IEND after every row was read) is
// tolerated when the preset allows damaged inputs. Image data past the last row loses no pixel: it
// is read with a warning.
#include "Codecs.h"
#include "ColourManagement.h"
#include "HdrToSdr.h"
#include "PngInflate.h"
#include "PngText.h"

#include <algorithm>
#include <array>
#include <climits>
#include <csetjmp>
#include <cstring>
#include <libdeflate.h>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <png.h>

namespace pp::codecs {
namespace {

struct PngSource {
    const uint8_t *data;
    size_t size;
    size_t pos = 0;
    InflatedPng *inflated = nullptr; // when set, libpng reads this rewrite of the file instead
};

struct PngState {
    QString error;
    QString damage;  // a warning that means lost pixels
    QString excess;  // image data past the last row: every row is there (pngWarning)
    QString profile; // why libpng left out the iCCP profile ("too short", a zlib message…)
};

void pngRead(png_structp png, png_bytep out, size_t n)
{
    auto *src = static_cast<PngSource *>(png_get_io_ptr(png));
    if (src->inflated) {
        if (!src->inflated->read(out, n))
            png_error(png, "the file ends before the image data does");
        return;
    }
    if (n > src->size - src->pos)
        png_error(png, "the file ends before the image data does");
    std::memcpy(out, src->data + src->pos, n);
    src->pos += n;
}

// How much of the file libpng is given: all of it, or up to the first chunk (other than IDAT) whose
// stated length runs past the end. libpng allocates and zeroes a chunk's stated length before it
// reads it, and only warns when that is over its chunk limit ("chunk data is too large", a benign
// error): a 543-byte PNG claiming a 1.2 GB iTXt cost 1.2 GB and 2.5 s (found by fuzz_metadata).
// Such a chunk cannot be read anyway; without it, libpng meets the end of the file where that
// chunk's header begins and reports the cut as it does any other. IDAT is read as it streams in,
// so a file cut inside its image data goes to libpng whole, as before.
size_t readableSize(const uint8_t *data, size_t size)
{
    size_t pos = 8; // after the signature
    while (size - pos >= 8) {
        const uint64_t length = uint64_t(data[pos]) << 24 | uint64_t(data[pos + 1]) << 16 |
                                uint64_t(data[pos + 2]) << 8 | uint64_t(data[pos + 3]);
        if (length + 12 > size - pos)
            return std::memcmp(data + pos + 4, "IDAT", 4) == 0 ? size : pos;
        pos += size_t(length) + 12;
    }
    return size;
}

void pngError(png_structp png, png_const_charp message)
{
    auto *state = static_cast<PngState *>(png_get_error_ptr(png));
    if (state->error.isEmpty())
        state->error = QString::fromLatin1(message);
    png_longjmp(png, 1);
}

// Whether a libpng message is about an ancillary chunk: libpng names the chunk first ("iCCP: …"),
// and an ancillary chunk's name begins with a small letter.
bool aboutAncillaryChunk(const QString &text)
{
    return text.size() > 6 && text.at(0).isLower() && text.at(4) == QLatin1Char(':') && text.at(5) == QLatin1Char(' ');
}

// libpng reports some damage as warnings ("benign errors"): missing image data, bad deflate data
// after the last row (a checksum that does not match). Those mean the pixels cannot be trusted.
// Image data past the last row does not: bytes after the zlib stream's end ("Extra compressed
// data", as in Pillow's padded_idat.png) or a stream that inflates to more than the rows ("Too much
// image data") are said once the stream has ended, its checksum checked, and a stream that ends
// before the last row is an error; they are kept apart (PngState::excess). Warnings about
// ancillary chunks (a bad ICC profile, a text chunk with a wrong CRC) leave the pixels intact: they
// are told apart first, as their messages share words with the image data's (an iCCP stream with
// empty blocks after the profile, as exiftool writes one, is "iCCP: extra compressed data": libpng
// keeps the profile, and that warning failed the image as damaged).
void pngWarning(png_structp png, png_const_charp message)
{
    auto *state = static_cast<PngState *>(png_get_error_ptr(png));
    const QString text = QString::fromLatin1(message);
    if (aboutAncillaryChunk(text)) {
        if (text.startsWith(QLatin1String("iCCP: ")) && state->profile.isEmpty())
            state->profile = text.mid(6);
        return;
    }
    const QString what = text.startsWith(QLatin1String("IDAT: ")) ? text.mid(6) : text;
    if (what == QLatin1String("Extra compressed data") || what == QLatin1String("Too much image data")) {
        if (state->excess.isEmpty())
            state->excess = text;
        return;
    }
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
    InflatedPng inflated;
    ~PngDecode() { png_destroy_read_struct(&png, &info, nullptr); }
};

// Fails the decode with the damage a warning reported, as pngError fails it: straight to the
// setjmp, with no C++ temporary alive (png_error(…, damage.toLatin1().constData()) leaked the
// temporary's buffer on every such file: found by fuzz_metadata).
[[noreturn]] void failWithDamage(PngDecode *d)
{
    if (d->state.error.isEmpty())
        d->state.error = d->state.damage;
    png_longjmp(d->png, 1);
}

struct PngSink {
    std::vector<uint8_t> *out;
};

void pngWrite(png_structp png, png_bytep data, size_t n)
{
    auto *sink = static_cast<PngSink *>(png_get_io_ptr(png));
    sink->out->insert(sink->out->end(), data, data + n);
}

void pngFlush(png_structp) {}

// The frames of an animated PNG: its fcTL chunks, when an acTL before the image data says it is one
// (0 otherwise). Counted along the chunks, each a step, without reading any frame's data.
// *defaultIsAFrame: the image data, which is what is read, is the first frame (an fcTL precedes it);
// otherwise it is a still outside the animation.
int animationFrames(const uint8_t *data, size_t size, bool *defaultIsAFrame)
{
    bool animated = false, seenImage = false;
    int frames = 0;
    for (size_t pos = 8; size >= pos && size - pos >= 12;) {
        const uint64_t length = uint64_t(data[pos]) << 24 | uint64_t(data[pos + 1]) << 16 |
                                uint64_t(data[pos + 2]) << 8 | uint64_t(data[pos + 3]);
        const uint8_t *type = data + pos + 4;
        if (length > 0x7fffffffu || std::memcmp(type, "IEND", 4) == 0)
            break;
        if (std::memcmp(type, "IDAT", 4) == 0 && !seenImage) {
            seenImage = true;
            *defaultIsAFrame = frames > 0;
        } else if (std::memcmp(type, "acTL", 4) == 0 && !seenImage) {
            animated = true;
        } else if (std::memcmp(type, "fcTL", 4) == 0 && frames < INT_MAX) {
            ++frames;
        }
        if (length + 12 > size - pos)
            break;
        pos += size_t(length) + 12;
    }
    return animated ? frames : 0;
}

// Calls visit(type, body, length, crcRight) for each whole chunk before PLTE and the image data,
// until it returns false.
template <typename Visit> void visitHeaderChunks(const uint8_t *data, size_t size, Visit visit)
{
    for (size_t pos = 8; size >= pos && size - pos >= 12;) {
        const uint64_t length = uint64_t(data[pos]) << 24 | uint64_t(data[pos + 1]) << 16 |
                                uint64_t(data[pos + 2]) << 8 | uint64_t(data[pos + 3]);
        const uint8_t *type = data + pos + 4;
        if (length > 0x7fffffffu || length + 12 > size - pos || std::memcmp(type, "IDAT", 4) == 0 ||
            std::memcmp(type, "PLTE", 4) == 0)
            return;
        const uint8_t *crc = type + 4 + length;
        const bool crcRight =
            libdeflate_crc32(0, type, size_t(length) + 4) ==
            (uint32_t(crc[0]) << 24 | uint32_t(crc[1]) << 16 | uint32_t(crc[2]) << 8 | uint32_t(crc[3]));
        if (!visit(type, type + 4, size_t(length), crcRight))
            return;
        pos += size_t(length) + 12;
    }
}

// Whether the iCCP chunk libpng takes the profile from has a wrong CRC. libpng 1.6 drops a gAMA or
// a text chunk whose CRC is wrong, but checks an iCCP's only after it has kept the profile, and
// then only warns: the damaged profile was used and copied into outputs. The chunk libpng takes is
// the first iCCP before PLTE and the image data, unless an sRGB chunk comes first; one too short to
// hold a name and a deflate stream (under 14 bytes) it passes over.
bool iccpCrcWrong(const uint8_t *data, size_t size)
{
    bool wrong = false;
    visitHeaderChunks(data, size, [&](const uint8_t *type, const uint8_t *, size_t length, bool crcRight) {
        if (std::memcmp(type, "sRGB", 4) == 0)
            return false;
        if (std::memcmp(type, "iCCP", 4) != 0 || length < 14)
            return true;
        wrong = !crcRight;
        return false;
    });
    return wrong;
}

// What a PNG's gAMA and cHRM chunks say, read from the file: libpng forgets both when it refuses
// an iCCP profile (the whole colour space is then "invalid" to it), but they still say what the
// colours are, unless an sRGB chunk does. The first intact chunk of each kind counts, as in libpng.
struct GammaChunks {
    bool srgb = false;
    double gamma = 0; // 0: none
    double chromaticities[8] = {};
    bool hasChromaticities = false;
};

GammaChunks gammaChunks(const uint8_t *data, size_t size)
{
    GammaChunks g;
    const auto number = [](const uint8_t *p) {
        return double(uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3])) / 100000;
    };
    visitHeaderChunks(data, size, [&](const uint8_t *type, const uint8_t *body, size_t length, bool crcRight) {
        if (!crcRight)
            return true;
        if (std::memcmp(type, "sRGB", 4) == 0 && length == 1)
            g.srgb = true;
        else if (std::memcmp(type, "gAMA", 4) == 0 && length == 4 && g.gamma == 0)
            g.gamma = number(body);
        else if (std::memcmp(type, "cHRM", 4) == 0 && length == 32 && !g.hasChromaticities) {
            g.hasChromaticities = true;
            for (int i = 0; i < 8; ++i)
                g.chromaticities[i] = number(body + 4 * i);
        }
        return true;
    });
    return g;
}

void collectOtherChunks(png_structp png, png_infop info, const uint8_t *data, size_t size, SourceMetadata *meta);

// A PNG's cICP chunk (PNG third edition): the colour space as CICP codes (ITU-T H.273), which
// outranks iCCP, sRGB, gAMA and cHRM. libpng 1.6 does not know it and passes over it, so it is read
// here from the file, bounded as gAMA and cHRM are: the first cICP before PLTE and the image data,
// of 4 bytes, with a right CRC; anything else is left out with a warning, and the other chunks say
// what the colours are. Only RGB (matrix 0) in full range describes PNG pixels.
struct CicpChunk {
    bool usable = false;
    int primaries = 0, transfer = 0;
};

CicpChunk cicpChunk(const uint8_t *data, size_t size, bool grey, QStringList *warnings)
{
    CicpChunk c;
    QString why;
    visitHeaderChunks(data, size, [&](const uint8_t *type, const uint8_t *body, size_t length, bool crcRight) {
        if (std::memcmp(type, "cICP", 4) != 0)
            return true;
        if (!crcRight)
            why = QStringLiteral("damaged (its CRC is wrong)");
        else if (length != 4)
            why = QStringLiteral("%1 bytes where it has 4").arg(length);
        else if (body[2] != 0 || body[3] != 1)
            why = QStringLiteral("matrix %1, %2 range: not the RGB in full range PNG pixels are")
                      .arg(body[2])
                      .arg(body[3] == 1 ? QStringLiteral("full") : QStringLiteral("narrow"));
        else if (grey && !(body[1] == 13 || body[1] == 2))
            why = QStringLiteral("transfer %1 in a grey PNG, where only sRGB's is read").arg(body[1]);
        else
            c = {true, body[0], body[1]};
        return false;
    });
    if (!why.isEmpty())
        warnings->append(QStringLiteral("colour description (cICP) ignored: %1").arg(why));
    return c;
}

// A PNG's cICP, read once a decode: the chunk (grey: the pixels are), the warning when it is left
// out, and for PQ or HLG how the image is read as SDR, as every HDR input is (HdrToSdr.h).
struct CicpColour {
    CicpChunk chunk;
    QStringList warnings;
    colour::HdrReading hdr;
};

CicpColour cicpColour(const uint8_t *data, size_t size, bool grey)
{
    CicpColour c;
    c.chunk = cicpChunk(data, size, grey, &c.warnings);
    if (c.chunk.usable && colour::isHdrTransfer(c.chunk.transfer))
        c.hdr = colour::hdrReading(c.chunk.primaries, c.chunk.transfer, QStringLiteral("PNG"));
    return c;
}

// The metadata chunks libpng has read (before and after the image data); grey: the pixels are;
// profileRefused: why libpng left out the iCCP profile, if it did.
void collectChunks(png_structp png, png_infop info, bool grey, const QString &profileRefused,
                   const CicpColour &cicpColour, const uint8_t *data, size_t size, SourceMetadata *meta)
{
    meta->warnings += cicpColour.warnings;
    if (const CicpChunk &cicp = cicpColour.chunk; cicp.usable) {
        if (colour::isHdrTransfer(cicp.transfer)) { // PQ and HLG: read as SDR (finishDecode)
            meta->icc = cicpColour.hdr.icc;
            meta->warnings.append(cicpColour.hdr.warning);
        } else if (!grey) { // a grey one says sRGB's curve (cicpChunk)
            QString why;
            meta->icc = colour::profileFromCicp(cicp.primaries, cicp.transfer, &why);
            if (!why.isEmpty())
                meta->warnings.append(why);
        }
        collectOtherChunks(png, info, data, size, meta);
        return;
    }
    png_charp name = nullptr;
    int compression = 0;
    png_bytep profile = nullptr;
    png_uint_32 profileSize = 0;
    // A damaged profile is left out, as a damaged text chunk is (PngText.h): the file is then read
    // as one without an iCCP chunk.
    const bool damagedProfile = iccpCrcWrong(data, size);
    if (damagedProfile)
        meta->warnings.append(QStringLiteral("colour profile ignored: damaged (its CRC is wrong)"));
    else if (png_get_iCCP(png, info, &name, &compression, &profile, &profileSize) && profile && profileSize > 0)
        meta->icc.assign(profile, profile + profileSize);
    else if (!profileRefused.isEmpty()) // one that does not inflate, or is no profile for this PNG
        meta->warnings.append(QStringLiteral("colour profile ignored: unusable (%1)").arg(profileRefused));
    // Without an iCCP (or with a damaged one) or an sRGB chunk, gAMA and cHRM say what the colours
    // are: as a profile.
    if (meta->icc.empty() && !png_get_valid(png, info, PNG_INFO_sRGB) &&
        (damagedProfile || !png_get_valid(png, info, PNG_INFO_iCCP))) {
        GammaChunks g;
        if (profileRefused.isEmpty()) {
            g.hasChromaticities = png_get_cHRM(png, info, &g.chromaticities[0], &g.chromaticities[1],
                                               &g.chromaticities[2], &g.chromaticities[3], &g.chromaticities[4],
                                               &g.chromaticities[5], &g.chromaticities[6], &g.chromaticities[7]) != 0;
            if (png_get_gAMA(png, info, &g.gamma) == 0)
                g.gamma = 0;
        } else {
            g = gammaChunks(data, size);
            if (g.srgb)
                g = GammaChunks();
        }
        const double gamma = g.gamma;
        const double *c = g.chromaticities;
        const bool hasGamma = gamma > 0;
        const bool hasChromaticities = g.hasChromaticities;
        if (hasGamma || hasChromaticities) {
            QString why;
            meta->icc = colour::profileFromPngChunks(hasGamma ? gamma : 0, hasChromaticities ? c : nullptr, grey, &why);
            if (!why.isEmpty())
                meta->warnings.append(why);
        }
    }
    collectOtherChunks(png, info, data, size, meta);
}

// The chunks other than colour ones: EXIF, text (XMP, ImageMagick's raw profiles), resolution.
void collectOtherChunks(png_structp png, png_infop info, const uint8_t *data, size_t size, SourceMetadata *meta)
{
    png_uint_32 exifSize = 0;
    png_bytep exif = nullptr;
    if (png_get_eXIf_1(png, info, &exifSize, &exif) && exif && exifSize > 0) {
        if (exifSize <= kMaxExifBytes)
            meta->exif.assign(exif, exif + exifSize);
        else
            meta->warnings.append(tooLargeToRead("EXIF", exifSize));
    }
    // The text chunks, read from the file by PngText.h (libpng is told to pass over them).
    meta::PngTextBlocks blocks;
    meta::readPngText(data, size, &meta->texts, &blocks, &meta->warnings);
    if (meta->xmp.empty())
        meta->xmp = std::move(blocks.xmp);
    if (meta->exif.empty() && !blocks.rawExif.empty())
        meta->exif = withoutExifHeader(meta::rawProfileBytes(blocks.rawExif, kMaxExifBytes + 6));
    if (!blocks.rawIptc.empty()) {
        const std::vector<uint8_t> b = meta::rawProfileBytes(blocks.rawIptc, kMaxIptcBytes);
        // Written as Photoshop resources (with or without the "Photoshop 3.0" name) or bare.
        const size_t skip = b.size() > 14 && std::memcmp(b.data(), "Photoshop 3.0", 14) == 0 ? 14 : 0;
        meta->iptc = b.size() > skip && b[skip] == '8'
                         ? meta::iptcFromPhotoshop(b.data() + skip, b.size() - skip, &meta->warnings)
                         : b;
    }
    if (meta->xmp.empty() && !blocks.rawXmp.empty()) {
        const std::vector<uint8_t> b = meta::rawProfileBytes(blocks.rawXmp, kMaxXmpBytes);
        meta->xmp.assign(b.begin(), b.end());
    }
    // The orientation the probe took is the first these blocks state; where they disagree, said.
    if (const QString disagree = orientationDisagreement(pngOrientations(data, size), ImageFormat::Png);
        !disagree.isEmpty())
        meta->warnings.append(disagree);
    png_uint_32 rx = 0, ry = 0;
    int unit = 0;
    if (png_get_pHYs(png, info, &rx, &ry, &unit) && unit == PNG_RESOLUTION_METER && rx > 0 && ry > 0) {
        meta->dpiX = rx * 0.0254;
        meta->dpiY = ry * 0.0254;
    }
}

// The text entries as PNG chunks: tEXt for Latin-1 text, iTXt for any other (and for an entry with a
// language or a translated keyword), compressed (zTXt, compressed iTXt) where it is long.
void textChunks(const std::vector<TextEntry> &entries, std::vector<png_text> *texts, std::vector<QByteArray> *bytes)
{
    constexpr qsizetype kCompressFrom = 1024;
    bytes->reserve(entries.size() * 4); // no reallocation: texts point into it
    const auto keep = [&](QByteArray b) { return bytes->emplace_back(std::move(b)).data(); };
    for (const TextEntry &t : entries) {
        if (!meta::isPngKeyword(t.key))
            continue; // read entries are checked; this is for entries made otherwise
        png_text c{};
        c.key = keep(t.key.toLatin1());
        const bool latin1 = std::all_of(t.text.begin(), t.text.end(), [](QChar ch) { return ch.unicode() < 256; });
        if (latin1 && t.language.isEmpty() && t.translatedKey.isEmpty()) {
            const QByteArray text = t.text.toLatin1();
            c.compression = text.size() >= kCompressFrom ? PNG_TEXT_COMPRESSION_zTXt : PNG_TEXT_COMPRESSION_NONE;
            c.text_length = size_t(text.size());
            c.text = keep(text);
        } else {
            const QByteArray text = t.text.toUtf8();
            c.compression = text.size() >= kCompressFrom ? PNG_ITXT_COMPRESSION_zTXt : PNG_ITXT_COMPRESSION_NONE;
            c.itxt_length = size_t(text.size());
            c.text = keep(text);
            c.lang = keep(t.language.toLatin1());
            c.lang_key = keep(t.translatedKey.toUtf8());
        }
        texts->push_back(c);
    }
}

// The distinct colours of 8-bit pixels (B, G, R, A packed into a word, grey as B = G = R, no alpha
// as 255), up to 256: an open-addressed table of 1024 slots, so a lookup is a multiply and a probe
// or two. A photo overflows it within its first few hundred pixels.
class ColourTable
{
public:
    static constexpr int kMax = 256;
    // Adds every pixel's colour; false as soon as there are more than `most` (at most kMax).
    bool addAll(const cv::Mat &image, int most)
    {
        const int n = image.channels();
        if (n == 1) { // grey levels: a table of 256 is enough
            std::array<bool, 256> seen{};
            for (int y = 0; y < image.rows; ++y) {
                const uint8_t *p = image.ptr<uint8_t>(y);
                for (int x = 0; x < image.cols; ++x) {
                    if (seen[p[x]])
                        continue;
                    if (m_count == most)
                        return false;
                    seen[p[x]] = true;
                    insert(colourAt(p + x, 1), m_count);
                    m_colours[size_t(m_count++)] = colourAt(p + x, 1);
                }
            }
            return true;
        }
        for (int y = 0; y < image.rows; ++y) {
            const uint8_t *p = image.ptr<uint8_t>(y);
            uint32_t last = colourAt(p, n) ^ 1; // differs from the first pixel
            for (int x = 0; x < image.cols; ++x, p += n) {
                const uint32_t c = colourAt(p, n);
                if (c == last)
                    continue; // runs are what flat pictures are made of
                last = c;
                if (find(c) < 0) {
                    if (m_count == most)
                        return false;
                    insert(c, m_count);
                    m_colours[size_t(m_count++)] = c;
                }
            }
        }
        return true;
    }
    int count() const { return m_count; }
    const uint32_t *colours() const { return m_colours.data(); }
    // Renumbers the colours in the order given (a permutation of colours()).
    void reorder(const std::vector<uint32_t> &order)
    {
        m_slots.fill(kEmpty);
        for (size_t i = 0; i < order.size(); ++i) {
            m_colours[i] = order[i];
            insert(order[i], int(i));
        }
    }
    // Each pixel's number in the table, one a byte.
    void indexRow(const uint8_t *p, int channels, int width, uint8_t *out) const
    {
        uint32_t last = colourAt(p, channels);
        uint8_t index = uint8_t(find(last));
        for (int x = 0; x < width; ++x, p += channels) {
            const uint32_t c = colourAt(p, channels);
            if (c != last) {
                last = c;
                index = uint8_t(find(c));
            }
            out[x] = index;
        }
    }
    static uint32_t colourAt(const uint8_t *p, int channels)
    {
        switch (channels) {
        case 1:
            return 0xff000000u | uint32_t(p[0]) * 0x010101u;
        case 3:
            return 0xff000000u | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
        default:
            return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
        }
    }

private:
    static constexpr int kSlots = 1024;
    static constexpr uint64_t kEmpty = ~uint64_t(0);
    static size_t slotOf(uint32_t c) { return (c * 0x9E3779B1u) >> 22; }
    int find(uint32_t c) const
    {
        for (size_t s = slotOf(c);; s = (s + 1) % kSlots) {
            if (m_slots[s] == kEmpty)
                return -1;
            if (uint32_t(m_slots[s]) == c)
                return int(m_slots[s] >> 32);
        }
    }
    void insert(uint32_t c, int index)
    {
        size_t s = slotOf(c);
        while (m_slots[s] != kEmpty)
            s = (s + 1) % kSlots;
        m_slots[s] = uint64_t(index) << 32 | c;
    }
    std::array<uint64_t, kSlots> m_slots = filled();
    std::array<uint32_t, kMax> m_colours{};
    int m_count = 0;
    static std::array<uint64_t, kSlots> filled()
    {
        std::array<uint64_t, kSlots> a;
        a.fill(kEmpty);
        return a;
    }
};

// How the pixels are written: the PNG colour type and depth, and for each written pixel the
// input's channels it takes (before png_set_bgr turns B, G, R into R, G, B).
struct PngLayout {
    int type = PNG_COLOR_TYPE_RGB;
    int depth = 8;
    std::vector<int> picked; // empty: every channel, as it is
    int greyStep = 0;        // grey below 8 bits: each value is this times the stored one
    std::unique_ptr<ColourTable> palette;
    bool rewritten() const { return palette || greyStep || !picked.empty(); } // rows not the image's own
};

// The smallest grey depth below 8 bits that holds every grey value in `table` exactly (0: none).
int lowGreyDepth(const ColourTable &table)
{
    for (const int depth : {1, 2, 4}) {
        const uint32_t step = 255u / ((1u << depth) - 1);
        const uint32_t *c = table.colours();
        if (std::all_of(c, c + table.count(), [&](uint32_t v) { return (v & 0xff) % step == 0; }))
            return depth;
    }
    return 0;
}

PngLayout pngLayout(const cv::Mat &image, const std::vector<uint8_t> &icc)
{
    PngLayout l;
    const int n = image.channels();
    const ChannelUse use = channelUse(image);
    const bool grey = n == 1 || (use.grey && profileAllowsGrey(icc));
    const bool alpha = !use.opaque;
    l.type = grey ? (alpha ? PNG_COLOR_TYPE_GRAY_ALPHA : PNG_COLOR_TYPE_GRAY)
                  : (alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB);
    if (n > 1 && grey)
        l.picked = alpha ? std::vector<int>{0, 3} : std::vector<int>{0};
    else if (n == 4 && !alpha)
        l.picked = {0, 1, 2};
    if (image.depth() == CV_16U) {
        l.depth = 16; // 16 bits stay as they are: no palette, no lower depth
        return l;
    }
    if (image.empty())
        return l; // libpng refuses it
    // Grey needs a palette only below 8 bits, so for 16 levels at most: a grey photo stops early.
    auto table = std::make_unique<ColourTable>();
    if (!table->addAll(image, l.type == PNG_COLOR_TYPE_GRAY ? 16 : ColourTable::kMax))
        return l;
    const int colours = table->count();
    if (l.type == PNG_COLOR_TYPE_GRAY) {
        if (const int depth = lowGreyDepth(*table)) { // e.g. black and white: 1 bit, no palette
            l.depth = depth;
            l.greyStep = 255 / ((1 << depth) - 1);
            return l;
        }
    }
    // A palette where it takes fewer bits a pixel than the channels would; PLTE is colour, so a
    // grey profile cannot go with it (an RGB one can).
    const int paletteDepth = colours <= 2 ? 1 : colours <= 4 ? 2 : colours <= 16 ? 4 : 8;
    const int channelBits = 8 * ((grey ? 1 : 3) + (alpha ? 1 : 0));
    const bool greyProfile = !icc.empty() && profileAllowsGrey(icc);
    if (paletteDepth < channelBits && !greyProfile) {
        // Translucent colours first (tRNS then lists only them), the others as they first appear: the
        // background gets a low index, and nearby pixels near indices (smaller than luminance order by
        // 0.3-11 % on screenshots and diagrams). libpng filters a palette image by default with None,
        // its best choice for these (adaptive filters made them 15-35 % larger).
        std::vector<uint32_t> order(table->colours(), table->colours() + colours);
        std::stable_partition(order.begin(), order.end(), [](uint32_t c) { return c >> 24 != 255; });
        table->reorder(order);
        l.type = PNG_COLOR_TYPE_PALETTE;
        l.depth = paletteDepth;
        l.palette = std::move(table);
    }
    return l;
}

// One row as the layout writes it, into `row` (sized for it).
void layoutRow(const cv::Mat &image, int y, const PngLayout &l, std::vector<uint8_t> *row)
{
    const int n = image.channels();
    const uint8_t *p = image.ptr<uint8_t>(y);
    if (l.palette) {
        l.palette->indexRow(p, n, image.cols, row->data());
    } else if (l.greyStep) {
        for (int x = 0; x < image.cols; ++x)
            (*row)[size_t(x)] = uint8_t(p[x * n] / l.greyStep);
    } else if (image.depth() == CV_16U) {
        const uint16_t *s = image.ptr<uint16_t>(y);
        auto *d = reinterpret_cast<uint16_t *>(row->data());
        for (int x = 0; x < image.cols; ++x)
            for (const int c : l.picked)
                *d++ = s[x * n + c];
    } else {
        uint8_t *d = row->data();
        for (int x = 0; x < image.cols; ++x)
            for (const int c : l.picked)
                *d++ = p[x * n + c];
    }
}

// The decoded rows become the result: a PQ image's pixels tone mapped to SDR whether or not its
// metadata is read (they depend on it; HLG's need nothing, its profile is BT.709's curve), then the
// metadata chunks when wanted. False with result->error when lcms2 cannot convert the colours.
bool finishDecode(PngDecode *d, const uint8_t *data, size_t size, bool withMetadata, DecodeResult *result)
{
    result->image = d->image;
    const bool grey = d->image.channels() == 1;
    const CicpColour cicp = cicpColour(data, size, grey);
    if (cicp.hdr.way == colour::HdrReading::Way::ToneMapped) {
        cv::Mat &bgr = result->image;
        cv::Mat rgb;
        cv::cvtColor(bgr, rgb, bgr.channels() == 4 ? cv::COLOR_BGRA2RGBA : cv::COLOR_BGR2RGB);
        if (QString why; !colour::pqSignalToSdr(rgb, cicp.hdr, &why)) {
            result->corrupt = false; // the colours, not any damage
            result->error = QStringLiteral("PNG colours cannot be converted: %1").arg(why);
            return false;
        }
        cv::cvtColor(rgb, bgr, rgb.channels() == 4 ? cv::COLOR_RGBA2BGRA : cv::COLOR_RGB2BGR);
    }
    if (withMetadata)
        collectChunks(d->png, d->info, grey, d->state.profile, cicp, data, size, &result->metadata);
    return true;
}

} // namespace

DecodeResult decodePng(const uint8_t *data, size_t size, const ImageInfo &info, bool allowDamaged, bool withMetadata,
                       bool fastInflate)
{
    DecodeResult result;
    auto d = std::make_unique<PngDecode>();
    PngSource source{data, size >= 8 ? readableSize(data, size) : size};
    // The image data inflated at once by libdeflate when the file is clean (PngInflate.h).
    if (fastInflate && d->inflated.prepare(data, size, uint32_t(info.width), uint32_t(info.height)))
        source.inflated = &d->inflated;
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
            finishDecode(d.get(), data, size, withMetadata, &result);
            return result;
        }
        result.error = QStringLiteral("damaged or truncated PNG: %1").arg(d->state.error);
        return result;
    }
    png_set_read_fn(d->png, &source, pngRead);
    if (source.inflated) {
        // The rewrite's checksums are not computed: what they would protect was checked (PngInflate.h).
        png_set_option(d->png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
        png_set_crc_action(d->png, PNG_CRC_QUIET_USE, PNG_CRC_NO_CHANGE);
    }
    // The header was checked against the pixel limit; never allocate for more than it said.
    png_set_user_limits(d->png, png_uint_32(info.width), png_uint_32(info.height));
    png_set_chunk_malloc_max(d->png, 16u << 20);
    // The text chunks are read by PngText.h, bounded; libpng would inflate each zTXt and iTXt whole,
    // with or without metadata wanted, before the first row.
    static const png_byte kText[] = "tEXt\0zTXt\0iTXt";
    png_set_keep_unknown_chunks(d->png, PNG_HANDLE_CHUNK_NEVER, kText, 3);
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
    // 16 bits stay 16 bits (the pipeline keeps them where it can), in the host's byte order.
    const int bytesPerSample = bitDepth == 16 ? 2 : 1;
    if (bitDepth == 16 && QSysInfo::ByteOrder == QSysInfo::LittleEndian)
        png_set_swap(d->png);
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
    if (png_get_rowbytes(d->png, d->info) != size_t(w) * size_t(channels) * size_t(bytesPerSample)) {
        result.error = QStringLiteral("PNG with an unexpected pixel layout");
        result.corrupt = true;
        return result;
    }
    if (!sizeMatches(cv::Size(int(w), int(h)), info, &result))
        return result; // compared before allocating: the limits were checked on the probe's size
    d->image.create(int(h), int(w), CV_MAKETYPE(bytesPerSample == 2 ? CV_16U : CV_8U, channels));
    d->rows.resize(h);
    for (png_uint_32 y = 0; y < h; ++y)
        d->rows[y] = d->image.ptr<uint8_t>(int(y));
    png_read_image(d->png, d->rows.data());
    d->rowsDone = true;
    if (!d->state.damage.isEmpty()) // the rows are in, but libpng had to guess
        failWithDamage(d.get());
    png_read_end(d->png, withMetadata ? d->info : nullptr); // chunks after the image data too
    if (!d->state.damage.isEmpty())
        failWithDamage(d.get());
    if (!finishDecode(d.get(), data, size, withMetadata, &result))
        return result;
    const auto warn = [&](const QString &w) {
        result.warning = result.warning.isEmpty() ? w : result.warning + QStringLiteral("; ") + w;
    };
    // Nothing is missing: read whatever `damaged` says, and said.
    if (!d->state.excess.isEmpty())
        warn(QStringLiteral("PNG image data goes on past the last row (%1); every row was read, the rest ignored")
                 .arg(d->state.excess));
    // An animation's frames are never read: the warning says so, with how many there are.
    bool defaultIsAFrame = false;
    const int frames = animationFrames(data, size, &defaultIsAFrame);
    if (defaultIsAFrame && frames > 1)
        warn(QStringLiteral("animated PNG of %1 frames: only the first is read").arg(frames));
    else if (!defaultIsAFrame && frames > 0)
        warn(QStringLiteral("animated PNG of %1 %2: only its still image is read")
                 .arg(frames)
                 .arg(frames == 1 ? QStringLiteral("frame") : QStringLiteral("frames")));
    return result;
}

ChannelUse channelUse(const cv::Mat &image)
{
    ChannelUse use;
    const int n = image.channels();
    if (n < 3)
        return use;
    const auto scan = [&](auto sample, decltype(sample) max) {
        using T = decltype(sample);
        for (int y = 0; y < image.rows && (use.grey || (n == 4 && use.opaque)); ++y) {
            const T *row = image.ptr<T>(y);
            const T *end = row + size_t(image.cols) * size_t(n);
            for (const T *p = row; use.grey && p != end; p += n)
                use.grey = p[0] == p[1] && p[1] == p[2];
            for (const T *a = row + 3; n == 4 && use.opaque && a < end; a += n)
                use.opaque = *a == max;
        }
    };
    if (image.depth() == CV_16U)
        scan(uint16_t(), uint16_t(65535));
    else
        scan(uint8_t(), uint8_t(255));
    return use;
}

namespace {

// While the encoder is given a profile: libpng's reason for refusing it ("profile 'ICC profile':
// 40h: invalid rendering intent"), which it reports as a warning once benign errors are.
void pngEncodeWarning(png_structp png, png_const_charp message)
{
    auto *state = static_cast<PngState *>(png_get_error_ptr(png));
    if (state->profile.isEmpty())
        state->profile = QString::fromLatin1(message);
}

} // namespace

bool profileAllowsGrey(const std::vector<uint8_t> &icc)
{
    // The colour space in the profile's header (bytes 16-19), as libpng checks it against the pixels.
    return icc.empty() || (icc.size() >= 20 && std::memcmp(icc.data() + 16, "GRAY", 4) == 0);
}

bool encodePng(const cv::Mat &image, int compression, const OutputMetadata *meta, std::vector<uint8_t> *out,
               QString *error, QStringList *warnings)
{
    if ((image.depth() != CV_8U && image.depth() != CV_16U) ||
        (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)) {
        *error = QStringLiteral("PNG needs 8- or 16-bit grey, colour or colour+alpha pixels");
        return false;
    }
    struct Encode {
        PngState state;
        png_structp png = nullptr;
        png_infop info = nullptr;
        ~Encode() { png_destroy_write_struct(&png, &info); }
    };
    auto e = std::make_unique<Encode>();
    // Decided before setjmp: what a longjmp leaves behind is only what was made before it.
    static const std::vector<uint8_t> kNoProfile;
    const PngLayout layout = pngLayout(image, meta ? meta->icc : kNoProfile);
    std::vector<png_color> plte;
    std::vector<png_byte> trns;
    if (layout.palette) {
        for (int i = 0; i < layout.palette->count(); ++i) {
            const uint32_t c = layout.palette->colours()[i];
            plte.push_back({png_byte(c >> 16), png_byte(c >> 8), png_byte(c)});
            if (c >> 24 != 255) // translucent colours come first
                trns.push_back(png_byte(c >> 24));
        }
    }
    std::vector<uint8_t> row(layout.rewritten() ? image.cols * image.elemSize() : 0);
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
        *error = e->state.error;
        return false;
    }
    png_set_write_fn(e->png, &sink, pngWrite, pngFlush);
    // PNG holds up to 2^31 - 1 pixels a side; libpng's default limit of a million is for readers.
    png_set_user_limits(e->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_set_compression_level(e->png, std::clamp(compression, 0, 9));
    const bool wide = image.depth() == CV_16U;
    png_set_IHDR(e->png, e->info, png_uint_32(image.cols), png_uint_32(image.rows), layout.depth, layout.type,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (layout.palette) {
        png_set_PLTE(e->png, e->info, plte.data(), int(plte.size()));
        if (!trns.empty())
            png_set_tRNS(e->png, e->info, trns.data(), int(trns.size()), nullptr);
    }
    png_text xmp{};
    std::vector<png_text> texts;
    std::vector<QByteArray> textBytes; // what texts point into, until png_set_text has copied it
    if (meta) {
        // A profile libpng finds unfit would abort the encode: make that a warning that drops it.
        png_set_benign_errors(e->png, 1);
        if (!meta->icc.empty()) {
            png_set_error_fn(e->png, &e->state, pngError, pngEncodeWarning);
            png_set_iCCP(e->png, e->info, "ICC profile", PNG_COMPRESSION_TYPE_BASE, meta->icc.data(),
                         png_uint_32(meta->icc.size()));
            png_set_error_fn(e->png, &e->state, pngError, pngWarning);
            if (!png_get_valid(e->png, e->info, PNG_INFO_iCCP)) // until 2026-12-06 left out without a word
                warnings->append(
                    QStringLiteral("colour profile left out: libpng refuses it in a PNG (%1), so colours "
                                   "will look different (colour: srgb converts them instead)")
                        .arg(e->state.profile.isEmpty() ? QStringLiteral("no reason given") : e->state.profile));
        }
        if (!meta->exif.empty())
            png_set_eXIf_1(e->png, e->info, png_uint_32(meta->exif.size()), const_cast<png_bytep>(meta->exif.data()));
        if (!meta->xmp.empty()) {
            xmp.compression = PNG_ITXT_COMPRESSION_NONE;
            xmp.key = const_cast<char *>("XML:com.adobe.xmp");
            xmp.text = const_cast<char *>(meta->xmp.data());
            xmp.itxt_length = meta->xmp.size();
            png_set_text(e->png, e->info, &xmp, 1);
        }
        textChunks(meta->texts, &texts, &textBytes);
        if (!texts.empty())
            png_set_text(e->png, e->info, texts.data(), int(texts.size()));
        if (meta->dpiX > 0 && meta->dpiY > 0)
            png_set_pHYs(e->png, e->info, png_uint_32(std::lround(meta->dpiX / 0.0254)),
                         png_uint_32(std::lround(meta->dpiY / 0.0254)), PNG_RESOLUTION_METER);
    }
    png_write_info(e->png, e->info);
    if (layout.type == PNG_COLOR_TYPE_RGB || layout.type == PNG_COLOR_TYPE_RGB_ALPHA)
        png_set_bgr(e->png);
    if (layout.depth < 8)
        png_set_packing(e->png); // one index or grey level a byte in, several a byte out
    if (wide && QSysInfo::ByteOrder == QSysInfo::LittleEndian)
        png_set_swap(e->png);
    for (int y = 0; y < image.rows; ++y) {
        if (layout.rewritten())
            layoutRow(image, y, layout, &row);
        png_write_row(e->png, layout.rewritten() ? row.data() : const_cast<png_bytep>(image.ptr<uint8_t>(y)));
    }
    png_write_end(e->png, nullptr);
    return true;
}

} // namespace pp::codecs
