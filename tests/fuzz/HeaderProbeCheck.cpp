// checkHeaderProbe(): the worker's header probe (HeaderProbe.h) against the full probe.
#include "FuzzChecks.h"

#include "HeaderProbe.h"
#include "ImageCodec.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace pp::fuzz {
namespace {

constexpr size_t kMarkerBytes = sizeof kSparseGapMarker - 1;
constexpr size_t kHeadBytes = 64 << 10; // what probeFileHeader() reads at once

struct Part {
    size_t fileOffset, inputOffset, length;
};

// Where the input's bytes go in the file it describes (FuzzChecks.h), and the file's size.
std::vector<Part> layout(const uint8_t *data, size_t size, size_t *fileSize)
{
    std::vector<Part> parts;
    size_t in = 0, out = 0, start = 0;
    const auto flush = [&](size_t end) {
        const size_t n = std::min(end - start, kSparseMaxFileBytes - out);
        if (n)
            parts.push_back({out, start, n});
        out += n;
    };
    while (in + kMarkerBytes + 3 <= size) {
        if (std::memcmp(data + in, kSparseGapMarker, kMarkerBytes) != 0) {
            ++in;
            continue;
        }
        flush(in);
        const size_t gap = size_t(data[in + 4]) | size_t(data[in + 5]) << 8 | size_t(data[in + 6]) << 16;
        out += std::min(gap, kSparseMaxFileBytes - out);
        in += kMarkerBytes + 3;
        start = in;
    }
    flush(size);
    *fileSize = out;
    return parts;
}

// A memory file (no name in any folder), reused: it holds the bytes of the latest input only.
int memoryFile()
{
    static const int fd = ::memfd_create("pixelpool-headerprobe", MFD_CLOEXEC);
    if (fd < 0)
        std::abort();
    return fd;
}

bool writeFile(int fd, const uint8_t *data, const std::vector<Part> &parts, size_t fileSize)
{
    if (::ftruncate(fd, 0) != 0 || ::ftruncate(fd, off_t(fileSize)) != 0)
        return false;
    for (const Part &p : parts)
        if (::pwrite(fd, data + p.inputOffset, p.length, off_t(p.fileOffset)) != ssize_t(p.length))
            return false;
    return true;
}

bool sameTile(const ImageInfo &a, const ImageInfo &b)
{
    return a.tileWidth == b.tileWidth && a.tileHeight == b.tileHeight;
}

QString invariants(const ImageInfo &info)
{
    const QString d = describeInfo(info);
    if (info.width < 0 || info.height < 0 || info.largestTilePixels < 0 || info.coefficientBytes < 0 ||
        info.framePixels < 0)
        return QStringLiteral("negative size, tile, coefficient bytes or frame pixels: %1").arg(d);
    if (info.exifOrientation < 1 || info.exifOrientation > 8)
        return QStringLiteral("orientation out of 1..8: %1").arg(d);
    if (!info.error.isEmpty())
        return {};
    if (info.format == ImageFormat::Unknown || info.width <= 0 || info.height <= 0)
        return QStringLiteral("accepted header without a format or a size: %1").arg(d);
    int maxSide = INT_MAX;
    if (info.format == ImageFormat::Jpeg)
        maxSide = 65535;
    else if (info.format == ImageFormat::Gif) // the screen widened to hold the first frame (probeGif):
        maxSide = 65535 + 65535;              // a frame's offset and size are 16 bits each
    else if (info.format == ImageFormat::Webp)
        maxSide = 1 << 24;
    if (info.width > maxSide || info.height > maxSide)
        return QStringLiteral("size beyond what the format can say (%1): %2").arg(maxSide).arg(d);
    return {};
}

// The formats whose headers probeFileHeader() follows past its first read.
bool followed(ImageFormat f)
{
    return f == ImageFormat::Jpeg || f == ImageFormat::Png || f == ImageFormat::Webp || f == ImageFormat::Gif ||
           f == ImageFormat::Bmp || f == ImageFormat::Tiff;
}

} // namespace

QByteArray sparseGap(size_t n)
{
    QByteArray b(kSparseGapMarker, qsizetype(kMarkerBytes));
    b += char(n & 0xff);
    b += char(n >> 8 & 0xff);
    b += char(n >> 16 & 0xff);
    return b;
}

QString checkHeaderProbe(const uint8_t *data, size_t size)
{
    size_t fileSize = 0;
    const std::vector<Part> parts = layout(data, size, &fileSize);
    const int fd = memoryFile();
    if (!writeFile(fd, data, parts, fileSize))
        return QStringLiteral("cannot write the memory file of %1 bytes").arg(fileSize);
    const QByteArray path = "/proc/self/fd/" + QByteArray::number(fd);

    bool exact = false; // the probe's own word that its answer is the whole file's
    const ImageInfo info = probeFileHeader(path, &exact);
    const QString d = describeInfo(info);
    if (const QString v = invariants(info); !v.isEmpty())
        return v;
    const ImageInfo again = probeFileHeader(path);
    if (!sameInfo(info, again) || !sameTile(info, again))
        return QStringLiteral("probeFileHeader is not deterministic:\n  first:  %1\n  second: %2")
            .arg(d, describeInfo(again));

    // The whole file in memory (calloc: the gaps cost no pages), as the job's probe sees it.
    const std::unique_ptr<uint8_t, decltype(&std::free)> whole(
        static_cast<uint8_t *>(std::calloc(std::max<size_t>(fileSize, 1), 1)), &std::free);
    for (const Part &p : parts)
        std::memcpy(whole.get() + p.fileOffset, data + p.inputOffset, p.length);
    const ImageInfo full = probeImage(whole.get(), fileSize);
    const bool agree = sameInfo(info, full) && sameTile(info, full);
    const QString both = QStringLiteral("\n  header probe: %1\n  whole file:   %2").arg(d, describeInfo(full));
    // A job refuses a large file by this answer without reading the rest (JobExecutor).
    if (exact && (info.format != full.format || info.error.isEmpty() != full.error.isEmpty() ||
                  (info.error.isEmpty() && !agree)))
        return QStringLiteral("the header probe calls its answer the whole file's, and it is not:") + both;
    if (fileSize <= kHeadBytes) {
        if (!agree)
            return QStringLiteral("a file within the first read is probed differently:") + both;
        return {};
    }
    if (info.error.isEmpty() && info.format != full.format)
        return QStringLiteral("the header probe names another format than the whole file's probe:") + both;
    if (!followed(full.format))
        return {}; // its library read zeros where the file has bytes (HeaderProbe.h)
    if (info.error.isEmpty() && !full.error.isEmpty())
        return QStringLiteral("the header probe accepts a file the whole file's probe refuses:") + both;
    if (info.error.isEmpty() && !agree)
        return QStringLiteral("the header probe says something else than the whole file's probe:") + both;
    if (full.error.isEmpty() && !info.error.isEmpty() && info.error != QLatin1String(kHeaderTooLong))
        return QStringLiteral("the header probe refuses a %1 the whole file's probe accepts:")
                   .arg(formatLabel(full.format)) +
               both;
    return {};
}

} // namespace pp::fuzz
