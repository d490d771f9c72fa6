#include "PreviewMemory.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <sys/mman.h>
#include <vector>

namespace pp {
namespace {
constexpr size_t kPage = 4096;
constexpr size_t kChunk = 2u << 20;
constexpr size_t kClasses = PreviewMemory::kLargestRecycled / kPage; // one per page count
#ifdef MADV_POPULATE_WRITE
constexpr int kMadvisePopulateWrite = MADV_POPULATE_WRITE;
#else
constexpr int kMadvisePopulateWrite = 23;
#endif
} // namespace

// Blocks are whole pages, kept by page count: previews of one batch come in a few sizes (the
// result thumbnail at each aspect ratio), so a freed block is soon taken by the same size again.
struct PreviewMemory::State {
    struct Free {
        uint8_t *block;
        bool resident; // false: its pages were given back to the system (kept over kKeepBytes)
    };
    std::mutex mutex;
    std::array<std::vector<Free>, kClasses> freeBlocks;
    std::vector<uint8_t *> chunks;
    uint8_t *carve = nullptr; // the unused end of the newest chunk
    size_t left = 0;
    size_t kept = 0; // bytes of free blocks whose pages are still in memory

    ~State()
    {
        for (uint8_t *c : chunks)
            ::munmap(c, kChunk);
    }

    // A chunk on a huge-page boundary, as a huge page where the system has them, its memory in
    // place before the first image is copied into it: page by page, first touches cost some
    // 5 µs each on a virtual machine even after MAP_POPULATE, a huge page about as much for all
    // 512 of its pages.
    static uint8_t *newChunk()
    {
        void *area = ::mmap(nullptr, 2 * kChunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (area == MAP_FAILED)
            return nullptr;
        auto *start = static_cast<uint8_t *>(area);
        auto *chunk = reinterpret_cast<uint8_t *>((reinterpret_cast<uintptr_t>(start) + kChunk - 1) & ~(kChunk - 1));
        if (chunk > start)
            ::munmap(start, size_t(chunk - start));
        if (chunk + kChunk < start + 2 * kChunk)
            ::munmap(chunk + kChunk, size_t(start + 2 * kChunk - (chunk + kChunk)));
        ::madvise(chunk, kChunk, MADV_HUGEPAGE);         // best effort: without it, small pages
        ::madvise(chunk, kChunk, kMadvisePopulateWrite); // Linux 5.14; older ones fault on use
        return chunk;
    }

    // A block of `pages` pages, or nullptr.
    uint8_t *take(size_t pages)
    {
        const std::lock_guard lock(mutex);
        const size_t bytes = pages * kPage;
        std::vector<Free> &list = freeBlocks[pages - 1];
        if (!list.empty()) {
            const Free f = list.back();
            list.pop_back();
            if (f.resident)
                kept -= bytes;
            return f.block;
        }
        if (left < bytes) {
            if (left > 0) { // the chunk's tail serves its own size later
                freeBlocks[left / kPage - 1].push_back({carve, true});
                kept += left;
                left = 0;
            }
            uint8_t *c = newChunk();
            if (!c)
                return nullptr;
            chunks.push_back(c);
            carve = c;
            left = kChunk;
        }
        uint8_t *b = carve;
        carve += bytes;
        left -= bytes;
        return b;
    }

    // Free blocks stay in memory up to kKeepBytes (a window's worth of result thumbnails); past
    // that their pages go back to the system, so that sizes a batch no longer makes do not hold
    // memory for the rest of the session.
    void give(uint8_t *block, size_t pages)
    {
        const std::lock_guard lock(mutex);
        const size_t bytes = pages * kPage;
        const bool resident = kept + bytes <= PreviewMemory::kKeepBytes;
        if (resident)
            kept += bytes;
        else
            ::madvise(block, bytes, MADV_DONTNEED);
        freeBlocks[pages - 1].push_back({block, resident});
    }

    size_t keptBytes()
    {
        const std::lock_guard lock(mutex);
        return kept;
    }
};

PreviewMemory::PreviewMemory() : m_state(std::make_shared<State>()) {}

PreviewMemory::~PreviewMemory() = default;

size_t PreviewMemory::keptBytes() const { return m_state->keptBytes(); }

Preview PreviewMemory::newPreview(int width, int height)
{
    const size_t bytes = size_t(width) * size_t(height) * 4;
    if (width <= 0 || height <= 0 || bytes > kLargestRecycled)
        return Preview::allocate(width, height);
    const size_t pages = (bytes + kPage - 1) / kPage;
    uint8_t *block = m_state->take(pages);
    if (!block)
        return Preview::allocate(width, height);
    // The block goes back to this memory (kept alive by the deleter after the PreviewMemory
    // itself is gone) when the preview's last copy does.
    return Preview(width, height,
                   std::shared_ptr<uint8_t>(block, [state = m_state, pages](uint8_t *b) { state->give(b, pages); }));
}

} // namespace pp
