// Where libjpeg finds a JPEG's next marker, for the readers that must find the same segments as it
// does: the probe (ImageProbe.cpp), the header probe (HeaderProbe.cpp) and the scan walk of the
// progressive reader (codecs/JpegDcOnly.cpp). The frame header they take is then libjpeg's, so the
// size the pixel limit was checked on is the size libjpeg decodes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace pp {

// How far from where a marker is due the search looks. libjpeg skips any number of stray bytes
// (warning JWRN_EXTRANEOUS_DATA); a writer's slip leaves a few (a segment length off by one, a
// stuffed 0xFF 0x00): more than 64 KB of anything but a marker is no header.
inline constexpr size_t kJpegMarkerSearchBytes = size_t(64) << 10;

struct JpegMarkerSearch {
    size_t code = 0;  // the offset of the marker's code (its 0xFF is at code - 1), when found
    size_t stray = 0; // the bytes libjpeg discards before it: others than 0xFF, and 0xFF 0x00 pairs
    bool found = false;
    bool tooFar = false; // none in the kJpegMarkerSearchBytes from `pos`, and the file goes on
};

// libjpeg's next_marker() (jdmarker.c) from `pos`, where a marker is due: bytes other than 0xFF are
// skipped, then fill bytes (0xFF) up to the marker's code; a 0xFF 0x00 (a stuffed zero, no marker) is
// skipped too and the search goes on. Looks at no byte at or past pos + kJpegMarkerSearchBytes (nor
// past `size`): a reader of a file in parts reads that much and finds what a reader of the whole does.
inline JpegMarkerSearch jpegNextMarker(const uint8_t *d, size_t size, size_t pos)
{
    JpegMarkerSearch r;
    if (pos >= size)
        return r;
    const size_t end = size - pos > kJpegMarkerSearchBytes ? pos + kJpegMarkerSearchBytes : size;
    size_t i = pos;
    while (i < end) {
        const auto *ff = static_cast<const uint8_t *>(std::memchr(d + i, 0xFF, end - i));
        if (!ff) {
            r.stray += end - i;
            break;
        }
        r.stray += size_t(ff - d) - i;
        size_t j = size_t(ff - d) + 1;
        while (j < end && d[j] == 0xFF)
            ++j;
        if (j >= end)
            break;
        if (d[j] != 0x00) {
            r.code = j;
            r.found = true;
            return r;
        }
        r.stray += 2; // as libjpeg counts a stuffed zero
        i = j + 1;
    }
    r.tooFar = end < size;
    return r;
}

} // namespace pp
