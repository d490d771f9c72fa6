// A progressive JPEG at 1/8 scale from its DC scans alone (JpegDcOnly.cpp).
//
// At 1/8, libjpeg makes each pixel of a full-resolution component from its block's DC coefficient
// alone (a 1×1 inverse DCT), yet for a progressive file it still entropy-decodes every AC scan and
// keeps the whole image's coefficients, 128 bytes a block: 107 MB and ~0.7 s for a 5640×3172
// quality-100 photo, for a 256-pixel thumbnail. The DC scans are a few percent of the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

struct jpeg_decompress_struct;

namespace pp::codecs {

// At most this many scans in a JPEG: each scan is a pass over the whole image's coefficients, and a
// legal file of 883 one-coefficient scans took 39 s at 14000×14000. Real progressive files have
// about ten (libjpeg's standard progression), mozjpeg's a few dozen; 256 is what nvImageCodec and
// others allow. decodeJpeg refuses more before any decoding (jpegScanCount: the DC-only read and
// the scan-by-scan read below meet no more scans than it counts), and stops libjpeg at scan 257 of
// a file whose damage hides scans from the count.
inline constexpr int kMaxJpegScans = 256;
// And at most this many scans times megapixels: the scans a large image may have. Every scan's
// pass is over the whole picture, also at a reduced scale: an arithmetic-coded 14000×14000 file of
// 256 scans took 30 s for a thumbnail. A photo of 200 megapixels may have 20 scans, one of 24
// megapixels 170 (photos have about ten); the worst allowed takes 1 to 2.5 s.
inline constexpr double kMaxJpegScanMegapixels = 4096;

// The scans of a JPEG, counted by their markers from the start to the first thing out of place
// (EOI, a cut, no marker where one is due; stray bytes before a marker are passed over as libjpeg
// passes over them, JpegMarkers.h): what libjpeg reads, or fewer. Linear in the file's
// size, without decoding. `end` (optional): where the JPEG ends, just after its EOI; 0 when the
// walk ended elsewhere.
int jpegScanCount(const uint8_t *data, size_t size, size_t *end = nullptr);

// What libjpeg read from the frame header (jpeg_read_header), which this decoder trusts.
struct JpegFrame {
    int width = 0, height = 0;
    struct Component {
        int id = 0;
        int h = 1, v = 1;   // sampling factors
        int quantTable = 0; // which table quantises it
    };
    std::vector<Component> components;
    enum class Colour { Grey, YCbCr, Rgb, Cmyk, Ycck } colour = Colour::YCbCr;
};

// The frame as libjpeg read it; false for a colour space this decoder does not know.
bool frameOfLibjpeg(const jpeg_decompress_struct &cinfo, JpegFrame *frame);

// The image at 1/8 of the frame's size (as libjpeg's scale 1/8 gives it: grey, BGR, or CMYK for CMYK
// and YCCK files), made from the DC scans only; the AC scans are skipped by their markers, unread.
// Full-resolution components come out exactly as libjpeg makes them; subsampled chroma is repeated
// over the pixels it covers (libjpeg interpolates it from AC coefficients).
//
// Returns false, with *out untouched, whenever the file is not a regular progressive Huffman JPEG
// that this reading is sure of: any truncation, a marker where data should be, stray bytes where a
// marker is due, a bad Huffman code,
// scans out of order, a component without its DC scan, bytes left over in a scan, a restart marker
// out of sequence. The caller then decodes the whole file with libjpeg, which reports
// the damage as it always did. Damage inside the skipped AC scans goes unnoticed here (docs/formats.md).
bool decodeProgressiveDc(const uint8_t *data, size_t size, const JpegFrame &frame, cv::Mat *out);

// Whether the file passes every check of decodeProgressiveDc but the DC data's own (the markers,
// tables, scan headers and progression of the whole file, its entropy-coded data skipped unread).
// Such a file may be read by libjpeg only as far as a reduced scale needs (JpegCodec.cpp): nothing
// after those scans can be a cut, a marker out of place or a progression out of order.
bool isRegularProgressive(const uint8_t *data, size_t size, const JpegFrame &frame);

} // namespace pp::codecs
