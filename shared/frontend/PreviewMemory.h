// Memory for the previews a worker pool hands to the window. A batch in the window makes one
// result thumbnail per image, each a fresh buffer of 50-100 KB copied out of the worker's slot;
// from the system, every page of such a buffer costs a fault on first touch, 5-10 µs in a
// virtual machine, which made that copy a quarter of the window thread's work per image. Here
// the buffers are recycled between images, and new memory comes 2 MB at a time, as one huge
// page where the system allows, already in place.
#pragma once

#include "Preview.h"

#include <memory>

namespace pp {

class PreviewMemory
{
public:
    PreviewMemory();
    ~PreviewMemory(); // previews still alive keep the memory they live in until they go

    PreviewMemory(const PreviewMemory &) = delete;
    PreviewMemory &operator=(const PreviewMemory &) = delete;

    // An uninitialised width×height preview (null if out of memory or empty). Larger ones than
    // a preview usually is come from the heap.
    Preview newPreview(int width, int height);

    // Free memory kept in place for the next previews; what is freed beyond goes back to the
    // system (and costs its page faults again when it is used).
    size_t keptBytes() const;

    static constexpr size_t kLargestRecycled = 256 * 1024;
    static constexpr size_t kKeepBytes = 32u << 20;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace pp
