// The inflated rewrite of a PNG for libpng (PngInflate.h says why). The bytes are hostile: every
// read is bounded by the file's end, every size by the probed header and a cap, and anything
// unexpected gives up so that libpng, reading the original, decides what is damaged.
#include "PngInflate.h"

#include <algorithm>
#include <cstring>
#include <libdeflate.h>
#include <memory>

namespace pp::codecs {
namespace {

// Inflated image data up to this size take the fast path (an 8-bit RGBA 8K image is 133 MB),
// which holds it whole next to the decoded image; beyond it libpng streams the rows as before.
constexpr uint64_t kMaxInflatedBytes = uint64_t(256) << 20;
constexpr size_t kStoredBlock = 65535; // the most a stored deflate block holds

uint32_t be32(const uint8_t *p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

void putBe32(std::vector<uint8_t> *v, uint32_t x)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        v->push_back(uint8_t(x >> shift));
}

// Bits a pixel for a valid (colour type, bit depth); 0 for any other pair.
int bitsPerPixel(int colourType, int depth)
{
    const bool common = depth == 8 || depth == 16;
    switch (colourType) {
    case 0: // grey
        return common || depth == 1 || depth == 2 || depth == 4 ? depth : 0;
    case 2: // RGB
        return common ? 3 * depth : 0;
    case 3: // palette
        return depth == 1 || depth == 2 || depth == 4 || depth == 8 ? depth : 0;
    case 4: // grey + alpha
        return common ? 2 * depth : 0;
    case 6: // RGBA
        return common ? 4 * depth : 0;
    default:
        return 0;
    }
}

struct DecompressorDeleter {
    void operator()(libdeflate_decompressor *d) const { libdeflate_free_decompressor(d); }
};

} // namespace

bool InflatedPng::prepare(const uint8_t *data, size_t size, uint32_t width, uint32_t height)
{
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (size < 8 + 25 || std::memcmp(data, signature, 8) != 0)
        return false;
    // IHDR first: the size the probe checked, a known layout, no interlacing.
    const uint8_t *ihdr = data + 8;
    if (be32(ihdr) != 13 || std::memcmp(ihdr + 4, "IHDR", 4) != 0 || be32(ihdr + 8) != width ||
        be32(ihdr + 12) != height || ihdr[18] != 0 || ihdr[19] != 0 || ihdr[20] != 0)
        return false;
    const int bits = bitsPerPixel(ihdr[17], ihdr[16]);
    if (bits == 0 || width == 0 || height == 0)
        return false;
    const uint64_t rowBytes = (uint64_t(width) * uint64_t(bits) + 7) / 8;
    const uint64_t inflated = uint64_t(height) * (1 + rowBytes);
    if (inflated > kMaxInflatedBytes)
        return false;

    // The chunks up to IEND: one run of IDATs, each with its CRC right.
    size_t firstIdat = 0, afterIdat = 0, pos = 8;
    std::vector<std::pair<size_t, size_t>> idat; // (offset of the data, length)
    bool ended = false;
    while (!ended) {
        if (size - pos < 12)
            return false;
        const uint32_t length = be32(data + pos);
        if (length > 0x7fffffffu || size - pos - 12 < length)
            return false;
        const uint8_t *type = data + pos + 4;
        // Critical chunks (an upper-case first letter) are checked here, so that libpng need not
        // check them again over the rewrite (PngInflate.h); ancillary ones stay libpng's to judge.
        if ((type[0] & 0x20) == 0 && libdeflate_crc32(0, type, size_t(length) + 4) != be32(type + 4 + length))
            return false;
        if (std::memcmp(type, "IDAT", 4) == 0) {
            if (idat.empty())
                firstIdat = pos;
            else if (afterIdat != pos)
                return false; // another chunk between two IDATs
            idat.emplace_back(pos + 8, length);
            afterIdat = pos + 12 + length;
        }
        ended = std::memcmp(type, "IEND", 4) == 0;
        pos += 12 + size_t(length);
    }
    if (idat.empty())
        return false;

    // The zlib stream, whole: in place when it is one chunk, else joined.
    std::vector<uint8_t> joined;
    const uint8_t *stream = data + idat.front().first;
    size_t streamSize = idat.front().second;
    if (idat.size() > 1) {
        streamSize = 0;
        for (const auto &[at, length] : idat)
            streamSize += length;
        joined.reserve(streamSize);
        for (const auto &[at, length] : idat)
            joined.insert(joined.end(), data + at, data + at + length);
        stream = joined.data();
    }
    const std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> inflater(libdeflate_alloc_decompressor());
    if (!inflater)
        return false;
    m_pixels.resize(size_t(inflated));
    size_t consumed = 0, produced = 0;
    // Exactly the rows, and the stream ends where the data does (its Adler-32 checked): libpng
    // would call anything else damage, so it is left to libpng.
    if (libdeflate_zlib_decompress_ex(inflater.get(), stream, streamSize, m_pixels.data(), m_pixels.size(), &consumed,
                                      &produced) != LIBDEFLATE_SUCCESS ||
        consumed != streamSize || produced != m_pixels.size()) {
        m_pixels = {};
        return false;
    }

    // One IDAT of stored blocks: length, "IDAT", zlib header, blocks, Adler-32, CRC. The Adler-32
    // and the CRC are left zero: libdeflate checked the original's, the walk above every critical
    // chunk's, and libpng is told not to check them again (PNG_IGNORE_ADLER32, PNG_CRC_QUIET_USE).
    const size_t blocks = std::max<size_t>(1, (m_pixels.size() + kStoredBlock - 1) / kStoredBlock);
    const uint64_t chunkLength = 2 + 5 * uint64_t(blocks) + m_pixels.size() + 4;
    m_framing.clear();
    m_framing.reserve(8 + 2 + 5 * blocks + 8);
    putBe32(&m_framing, uint32_t(chunkLength));
    m_framing.insert(m_framing.end(), {'I', 'D', 'A', 'T', 0x78, 0x01});
    for (size_t b = 0; b < blocks; ++b) {
        const size_t n = std::min(kStoredBlock, m_pixels.size() - b * kStoredBlock);
        m_framing.insert(m_framing.end(), {uint8_t(b + 1 == blocks ? 1 : 0), uint8_t(n), uint8_t(n >> 8), uint8_t(~n),
                                           uint8_t(~n >> 8)});
    }
    m_framing.insert(m_framing.end(), 8, 0); // Adler-32 and CRC

    m_pieces.clear();
    add(data, firstIdat);
    add(m_framing.data(), 10); // length, "IDAT", zlib header
    const uint8_t *header = m_framing.data() + 10;
    for (size_t b = 0; b < blocks; ++b, header += 5) {
        add(header, 5);
        add(m_pixels.data() + b * kStoredBlock, std::min(kStoredBlock, m_pixels.size() - b * kStoredBlock));
    }
    add(m_framing.data() + m_framing.size() - 8, 8);
    add(data + afterIdat, size - afterIdat);
    m_piece = m_offset = 0;
    return true;
}

bool InflatedPng::read(uint8_t *out, size_t n)
{
    while (n > 0) {
        if (m_piece >= m_pieces.size())
            return false;
        const Piece &p = m_pieces[m_piece];
        const size_t take = std::min(n, p.size - m_offset);
        std::memcpy(out, p.data + m_offset, take);
        out += take, n -= take, m_offset += take;
        if (m_offset == p.size)
            ++m_piece, m_offset = 0;
    }
    return true;
}

} // namespace pp::codecs
