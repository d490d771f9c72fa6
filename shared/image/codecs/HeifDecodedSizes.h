// The sizes of the pictures PixelPool's decoder plug-ins for libheif (HeifAv1Decoder.h,
// HeifHevcDecoder.h) handed over on this thread, oldest first, since the HEIF codec last cleared
// them. When libheif then cannot join a picture to its alpha plane ("Unsupported color
// conversion"), pictures of different sizes say that the data was damaged (a flipped bit in a
// sequence header made the colour 4×4 beside an alpha plane of 640×400), not that the format is
// one PixelPool does not read.
#pragma once

#include <utility>
#include <vector>

namespace pp::codecs {

inline std::vector<std::pair<int, int>> &decodedPictureSizes()
{
    thread_local std::vector<std::pair<int, int>> sizes;
    return sizes;
}

// Noted by a plug-in for each picture it hands over (a grid's tiles: at most the first 4096).
inline void noteDecodedPicture(int width, int height)
{
    std::vector<std::pair<int, int>> &sizes = decodedPictureSizes();
    if (sizes.size() < 4096)
        sizes.emplace_back(width, height);
}

} // namespace pp::codecs
