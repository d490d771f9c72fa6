// A faster inflate for libpng (PngInflate.cpp).
//
// Most of a big PNG's decode is zlib's inflate: 130–220 ms of a 3840×2400 RGBA wallpaper, which
// libdeflate's whole-buffer inflate does in 35–45 ms. libpng cannot be given another inflate, so
// the image data is inflated here once, at once, and libpng is handed the same file with its
// IDAT chunks replaced by one that holds the inflated bytes as stored (uncompressed) deflate
// blocks: libpng's zlib copies those through, and libpng unfilters, expands and converts the rows
// exactly as it would have, reporting everything else as it always did.
//
// Taken only for a file this reading is sure of: the signature, every chunk inside the file up to
// IEND, one run of IDAT chunks with correct CRCs, a non-interlaced IHDR of the probed size, and a
// zlib stream that libdeflate inflates without error to exactly the size the header implies, with
// nothing after it. Anything else (damage of any kind, interlacing, more or less data than rows)
// is decoded from the original bytes by libpng, which reports it as it always did.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pp::codecs {

// The file as libpng will read it: pieces of the original and of the inflated data, in order.
class InflatedPng
{
public:
    // False (and nothing kept) when the file is not one the fast path is sure of.
    bool prepare(const uint8_t *data, size_t size, uint32_t width, uint32_t height);

    // Copies the next n bytes of the rewritten file; false past its end.
    bool read(uint8_t *out, size_t n);

private:
    struct Piece {
        const uint8_t *data;
        size_t size;
    };
    void add(const uint8_t *data, size_t size) { m_pieces.push_back({data, size}); }

    std::vector<uint8_t> m_pixels;  // the inflated image data: filter byte + row, for every row
    std::vector<uint8_t> m_framing; // chunk header, zlib header, block headers, Adler-32, CRC
    std::vector<Piece> m_pieces;
    size_t m_piece = 0, m_offset = 0;
};

} // namespace pp::codecs
