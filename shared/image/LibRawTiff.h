// How LibRaw 0.20 reads a TIFF directory's entries (its tiff_get), so that the probe and the
// header reader look where it looks: a tag's value is in the entry itself when its count × the size
// of its type's values is at most 4 bytes, else at the offset the entry holds. A type it does not
// know counts as bytes.
#pragma once

#include <cstdint>

namespace pp {

inline bool libRawValueInline(uint32_t type, uint32_t count)
{
    static constexpr uint8_t kUnitBytes[19] = {1, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 2, 8, 8, 8, 8};
    return uint64_t(count) * kUnitBytes[type < 19 ? type : 0] <= 4;
}

// The CFA-pattern tags LibRaw reads alike: CFAPattern and Kodak's.
constexpr uint16_t kLibRawCfaTags[2] = {33422, 64777};

} // namespace pp
