// The header probe of a file on disk, for cost-aware scheduling (proto::ProbeRequest): what
// probeImage() says of it, reading only the parts of the file a header is made of.
#pragma once

#include "ImageCodec.h"

#include <QByteArray>

namespace pp {

// Reads the file's first 64 KB and, in a larger JPEG or TIFF, the parts past them that
// probeImage() reads, without what lies between: a JPEG's marker segment headers (megabytes of
// XMP before the frame header are not rare), its EXIF blocks, its frame header and first scan
// header; a TIFF's first directory (often written after the pixels), its SubIFDs and their CFA
// patterns; a GIF's extension blocks up to its first image descriptor. For those formats the
// answer is what probeImage() says of the whole file. The parts not read are zeros to the probe: a
// format whose library reads where it likes (camera RAW, HEIF, AVIF, JPEG XL) is described from
// its first 64 KB. info.error says why a file could not be probed, kHeaderTooLong for a JPEG or
// GIF header longer than a real one. `whole` (optional) is set when the answer is what
// probeImage() says of the whole file: a file of at most 64 KB, a JPEG, TIFF or GIF followed as
// above, a PNG, WebP or BMP (their headers are in their first bytes), or one that is no image by
// its first bytes.
ImageInfo probeFileHeader(const QByteArray &path, bool *whole = nullptr);

inline constexpr char kHeaderTooLong[] = "the image header is too long to probe";

} // namespace pp
