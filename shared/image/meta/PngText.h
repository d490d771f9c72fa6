// A PNG's text chunks (tEXt, zTXt, iTXt), read from the file's bytes by PixelPool itself rather
// than by libpng, which inflates every compressed one whole into memory (up to its chunk limit
// each, a thousand of them) before anything can say no. The bytes are hostile: every chunk is
// checked against the file's end and its CRC, and what is inflated is capped for each entry and
// for all of them together; what is left out is said in the warnings.
#pragma once

#include "Metadata.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pp::meta {

// Caps on the inflated (or stored) text: of one entry, and of all entries together (the metadata
// blocks below have their own); the entries kept; the warnings that name an entry left out.
constexpr size_t kMaxPngTextBytes = size_t(1) << 20;
constexpr size_t kMaxPngTextTotal = size_t(4) << 20;
constexpr size_t kMaxPngTextEntries = 256;

// The metadata blocks that travel in text chunks, as the first chunk of each keyword holds them:
// Adobe's XMP iTXt, and ImageMagick's and exiv2's hex "Raw profile type" for EXIF, IPTC and XMP
// (capped at twice their block's cap, and a little for the lines). Further chunks of these
// keywords, and raw profiles of other kinds (8bim, APP1…), are passed over uninflated.
struct PngTextBlocks {
    std::string xmp;
    std::string rawExif, rawIptc, rawXmp;
};

// Every text chunk of a PNG in file order (before and after its image data), up to IEND, the
// first chunk that runs past the end or the first whose type is no four letters (libpng stops at
// each). The ordinary entries go to *texts, within the caps above:
// tEXt and zTXt read as Latin-1, or as UTF-8 where their bytes are that beyond ASCII (ImageMagick
// writes UTF-8 there); iTXt as UTF-8. The blocks go to *blocks. A damaged chunk (wrong CRC, a
// deflate stream that does not inflate, an iTXt that is not UTF-8, a keyword PNG does not allow)
// is left out with a warning.
void readPngText(const uint8_t *data, size_t size, std::vector<TextEntry> *texts, PngTextBlocks *blocks,
                 QStringList *warnings);

// What readPngText() puts in *blocks, without the ordinary entries and the warnings: the probe's
// reading (ImageProbe.cpp: the orientation ImageMagick's raw EXIF profile or the XMP states). Only
// the chunks of the keywords isPngBlockKeyword() names are checked and read.
PngTextBlocks readPngTextBlocks(const uint8_t *data, size_t size);

// Whether a text chunk's body (`length` bytes) begins with a keyword whose first chunk is a block
// of PngTextBlocks: what the header probe reads whole (HeaderProbe.cpp).
bool isPngBlockKeyword(const uint8_t *body, size_t length);

// The bytes of a raw profile's text ("\n<name>\n<decimal length>\n<hex…>", as ImageMagick and
// exiv2 write a binary block into a PNG's text), empty when its length is over `cap` or the
// digits do not make that many bytes.
std::vector<uint8_t> rawProfileBytes(const std::string &text, size_t cap);

// Whether a PNG keyword is one PNG allows: 1 to 79 Latin-1 printable characters, no leading,
// trailing or double space.
bool isPngKeyword(const QString &key);

} // namespace pp::meta
