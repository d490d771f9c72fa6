#include "MemoryTuning.h"

#include <cstdlib>
#include <malloc.h>
#include <unistd.h>

namespace pp {

void tuneAllocatorForImages()
{
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc allows: big buffers come from the heap
    mallopt(M_TRIM_THRESHOLD, 512 << 20); // keep freed memory for the next image
    mallopt(M_TOP_PAD, 64 << 20);
}

QByteArray hugePageTunables(const QByteArray &existing)
{
    if (existing.contains("glibc.malloc.hugetlb"))
        return existing;
    return existing.isEmpty() ? QByteArray("glibc.malloc.hugetlb=1") : existing + ":glibc.malloc.hugetlb=1";
}

bool setHugePageTunables()
{
    const char *current = std::getenv("GLIBC_TUNABLES");
    const QByteArray wanted = hugePageTunables(current ? QByteArray(current) : QByteArray());
    if (current && wanted == current)
        return false;
    ::setenv("GLIBC_TUNABLES", wanted.constData(), 1);
    return true;
}

void tuneThisProcessLikeAWorker(char **argv)
{
    if (setHugePageTunables())
        ::execv("/proc/self/exe", argv); // returns only on failure: go on without huge pages
    tuneAllocatorForImages();
}

} // namespace pp
