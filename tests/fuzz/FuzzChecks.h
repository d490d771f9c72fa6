// Property checks shared by the libFuzzer targets (fuzz_*.cpp, built with clang and sanitizers
// when PIXELPOOL_FUZZ is ON) and by test_fuzz_regressions, which replays every committed seed and
// reproducer in the normal build.
//
// Each check takes arbitrary bytes and returns an empty string when every property holds, or a
// description of the first violation. Crashes, out-of-bounds reads and undefined behaviour are
// left to the sanitizers (fuzz build) or simply crash the replayer (normal build).
#pragma once

#include "ImageInfoText.h"

#include <QByteArray>
#include <QString>
#include <cstddef>
#include <cstdint>

namespace pp {
struct ImageInfo;
}

namespace pp::fuzz {

// Every field of a probe's result, for violation messages (tests/common); whether two results are the same.
using testing::describeInfo;
bool sameInfo(const ImageInfo &a, const ImageInfo &b);

// proto::FrameReader fed with the bytes as a stream, once whole and once in pseudo-random chunks
// (split points derived from the bytes, so a file always replays the same way):
//  - both feeds yield the same messages and the same error;
//  - nothing is yielded after the reader has failed;
//  - every decoded message re-encodes to a frame that decodes again, alone and without error,
//    to a message whose encoding is byte-for-byte the same;
//  - that re-encoding equals the original frame, unless a text field of the original was not
//    valid UTF-8 (QString replaces such bytes);
//  - what is left buffered at the end is an incomplete frame with a valid header.
QString checkFrames(const uint8_t *data, size_t size);
// Whether checkFrames() also runs its (slow) buffer-compaction feed for this input.
bool framesCheckCompacts(const QByteArray &stream);

// Bytes -> QJsonDocument -> Preset::fromJson. When it succeeds: toJson() -> fromJson() succeeds
// and toJson() is then stable; the same holds through JSON text (what Preset::save writes and
// Preset::load reads); the values are within their documented ranges. When it fails, it says why.
QString checkPreset(const uint8_t *data, size_t size);

// probeImage() on the bytes (held in a buffer of exactly that size, so ASan sees any over-read):
// width/height never negative, orientation 1..8, largestTilePixels never negative, a result
// without error has a known format and a positive size, an unknown format always has an error,
// and probing is deterministic.
QString checkProbe(const uint8_t *data, size_t size);

// Images small enough for checkDecode() to decode (it skips larger ones, and BMP).
constexpr qint64 kDecodeMaxPixels = qint64(1) << 20;

// probeImage() then decodeImage() on the bytes, for JPEG, PNG, WebP and TIFF images whose header
// asks for at most kDecodeMaxPixels (and, for TIFF, tiles or strips no larger). The bytes sit
// at the end of a read-only mapping followed by an inaccessible page, so a read past the end
// (or any write to the input) faults even in the uninstrumented libjpeg/libpng/libtiff/libwebp.
// Decoded at 8/8, and a JPEG also at a reduced scale, each with allowDamaged false and true:
//  - a result has an image or an error, never both and never neither;
//  - an image is 8-bit with 1, 3 or 4 channels, of the probed size (a JPEG: scaledJpegSize());
//  - allowDamaged=false never returns an image with a warning;
//  - what allowDamaged=false decodes, allowDamaged=true decodes identically (no warning); what
//    only allowDamaged=true decodes carries a warning;
//  - decoding is deterministic: same image bytes, error and warning.
QString checkDecode(const uint8_t *data, size_t size);

// Metadata from hostile files to every output: the bytes are probed and decoded with metadata (as
// checkDecode(), small JPEG, PNG, WebP and TIFF images only, inside a guarded mapping), then for
// every policy (keep, strip-location, strip) and every output format with metadata (JPEG, PNG,
// WebP, TIFF) prepareMetadata() makes the blocks for a small image, which is encoded with them and
// decoded again with metadata:
//  - collecting metadata never changes the pixels or the decode's error;
//  - collected blocks stay within the documented caps;
//  - metadata never fails an encode (what cannot be written is a warning), and every output decodes;
//  - strip leaves no EXIF, XMP or IPTC in the output; no output carries GPS tags under
//    strip-location; an output with EXIF says the requested Orientation.
QString checkMetadata(const uint8_t *data, size_t size);

// The file checkHeaderProbe() writes for its bytes: the bytes as they are, except that each
// kSparseGapMarker followed by a 3-byte little-endian count n stands for n zero bytes (a file
// of up to kSparseMaxFileBytes, past which the rest is dropped). A few bytes of input so describe
// a file whose header goes on past the probe's first 64 KB (HeaderProbe.h).
inline constexpr char kSparseGapMarker[] = "@GAP";
constexpr size_t kSparseMaxFileBytes = size_t(16) << 20;
// The input that stands for `n` zero bytes.
QByteArray sparseGap(size_t n);

// probeFileHeader() (the worker's answer to a ProbeRequest) on the file the bytes describe (above),
// written to a memory file and read through its path as the worker reads it:
//  - deterministic (every field the same twice);
//  - a result without error has a known format, a positive size within the format's limits
//    (JPEG and GIF 65535, WebP 2^24), orientation 1..8, tile pixels and coefficient bytes >= 0;
//  - a file of at most the 64 KB it reads at once gets every field (error included) as
//    probeImage() gives it for the whole file;
//  - a larger file: an accepted header names the format probeImage() names for the whole file;
//    for JPEG, PNG, WebP, GIF, BMP and TIFF (whose headers it reads wherever they are) it is
//    accepted exactly when the whole file is (or refused as kHeaderTooLong), with the same fields.
//    Camera RAW, HEIF, AVIF and JPEG XL are described from the first 64 KB (HeaderProbe.h).
// Out-of-bounds reads of the file's buffer are the sanitizers' part; a loop over counts in the file
// shows up as libFuzzer's timeout.
QString checkHeaderProbe(const uint8_t *data, size_t size);

} // namespace pp::fuzz
