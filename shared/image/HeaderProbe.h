// The header probe of a file on disk, for cost-aware scheduling (proto::ProbeRequest): what
// probeImage() says of it, reading only the parts of the file a header is made of.
#pragma once

#include "ImageCodec.h"

#include <QByteArray>

namespace pp {

// Reads the file's first 64 KB and, in a larger JPEG, TIFF, GIF, PNG or WebP, the parts past them
// that probeImage() reads, without what lies between: a JPEG's marker segment headers (megabytes of
// XMP before the frame header are not rare), its EXIF blocks and first XMP packet, its frame
// header and first scan header; a TIFF's first directory (often written after the pixels), its
// SubIFDs and their CFA patterns; a GIF's extension blocks up to its first image descriptor; a
// PNG's chunk headers to its end (through the image data, which its eXIf chunk may follow), that
// chunk's first directory, and the text chunks that hold its XMP or a raw EXIF profile; a WebP's
// chunk headers up to its EXIF chunk (after the image data) and that block's first directory. For
// those formats the answer is what probeImage() says of the whole file. The parts not read are
// zeros to the probe: a format whose library reads where it likes (camera RAW, HEIF, AVIF, JPEG
// XL) is described from its first 64 KB. info.error says why a file could not be probed,
// kHeaderTooLong for a JPEG, GIF, PNG or WebP header longer than a real one (a PNG of more than
// 262144 chunks: such a file is read whole to be probed). `whole` (optional) is set when the answer
// is what probeImage() says of the whole file: a file of at most 64 KB, a JPEG, TIFF, GIF, PNG or
// WebP followed as above, a BMP (its header is in its first bytes), or one that is no image by its
// first bytes.
ImageInfo probeFileHeader(const QByteArray &path, bool *whole = nullptr);

inline constexpr char kHeaderTooLong[] = "the image header is too long to probe";

} // namespace pp
