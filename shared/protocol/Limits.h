// Limits shared by the front end and the workers.
#pragma once

#include <QtGlobal>

namespace pp {

constexpr quint64 kDefaultMaxPixels = 200'000'000; // refuse larger images before decoding

// Address-space cap of a worker: room for the decoded image at the pixel limit in a few working
// copies (4 bytes a pixel, ~4 copies) plus the runtime and OpenCV's thread stacks.
inline quint64 defaultWorkerMemoryMB(quint64 maxPixels)
{
    return std::max<quint64>(2048, maxPixels * 16 / (1 << 20) + 1024);
}

} // namespace pp
