// What PixelPool's decoder plug-ins for libheif (HeifAv1Decoder.h, HeifHevcDecoder.h) share: their
// answers to libheif, the stream libheif pushes, and the sizes of the pictures they hand over.
#pragma once

#include <libheif/heif.h>
#include <new>
#include <utility>
#include <vector>

namespace pp::codecs::plugin {

// libheif copies an error's message after the decoder is freed: static texts only (or text that
// outlives the decoder on this thread).
inline heif_error ok() { return {heif_error_Ok, heif_suberror_Unspecified, "Success"}; }
inline heif_error failed(const char *message)
{
    return {heif_error_Decoder_plugin_error, heif_suberror_Unspecified, message};
}
inline heif_error noMemory()
{
    return {heif_error_Memory_allocation_error, heif_suberror_Unspecified, "out of memory"};
}

// What libheif pushes, appended to the decoder's stream (a coded image comes in one push).
inline heif_error append(std::vector<uint8_t> *stream, const void *data, size_t size)
{
    try {
        const auto *bytes = static_cast<const uint8_t *>(data);
        stream->insert(stream->end(), bytes, bytes + size);
    } catch (const std::bad_alloc &) {
        return noMemory();
    }
    return ok();
}

// The sizes of the pictures the plug-ins handed over on this thread, oldest first, since the HEIF
// codec last cleared them. When libheif then cannot join a picture to its alpha plane
// ("Unsupported color conversion"), pictures of different sizes say that the data was damaged (a
// flipped bit in a sequence header made the colour 4×4 beside an alpha plane of 640×400), not that
// the format is one PixelPool does not read.
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

} // namespace pp::codecs::plugin
