// The header probe of a file on disk, for cost-aware scheduling (proto::ProbeRequest): what
// probeImage() says of it, reading only the parts of the file a header is made of.
#pragma once

#include "ImageCodec.h"

#include <QByteArray>

namespace pp {

// Reads the file's first 64 KB; when the header goes on beyond them, follows it there without
// reading what lies between: a JPEG's marker segments (megabytes of XMP before the frame header are
// not rare), a TIFF's first directory (often written after the pixels). The parts not read are
// zeros to the probe. info.error says why a file could not be probed.
ImageInfo probeFileHeader(const QByteArray &path);

} // namespace pp
