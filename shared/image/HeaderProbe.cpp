#include "HeaderProbe.h"

#include "FileIO.h"

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <unistd.h>

namespace pp {
namespace {

constexpr size_t kHeadBytes = 64 << 10;
constexpr int kMaxJpegSegments = 4096; // 256 MB of 64 KB segments: beyond any real header

// The file's bytes at their own offsets, read only where asked: a calloc'd buffer of the file's
// size, whose pages stay unmapped zeros until a part is read into them.
class SparseFile
{
public:
    SparseFile(int fd, qint64 size) : m_fd(fd), m_size(size_t(size))
    {
        if (size > 0 && size <= kMaxInputFileBytes)
            m_data.reset(static_cast<uint8_t *>(std::calloc(m_size, 1)));
    }
    ~SparseFile() { ::close(m_fd); }
    bool valid() const { return m_data != nullptr; }
    const uint8_t *data() const { return m_data.get(); }
    size_t size() const { return m_size; }
    // Reads [offset, offset + length) (cut at the end of the file); false on a read error.
    bool read(size_t offset, size_t length)
    {
        if (offset >= m_size)
            return true;
        length = std::min(length, m_size - offset);
        while (length > 0) {
            const ssize_t n = ::pread(m_fd, m_data.get() + offset, length, off_t(offset));
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return false;
            if (n == 0)
                break; // the file shrank: the rest stays zeros
            offset += size_t(n);
            length -= size_t(n);
        }
        return true;
    }
    uint8_t u8(size_t off) const { return off < m_size ? m_data[off] : 0; }
    uint32_t be16(size_t off) const { return uint32_t(u8(off)) << 8 | u8(off + 1); }

private:
    struct Free {
        void operator()(uint8_t *p) const { std::free(p); }
    };
    int m_fd;
    size_t m_size;
    std::unique_ptr<uint8_t[], Free> m_data;
};

// Follows a JPEG's marker segments from the first one past the head, reading each one's 4-byte
// header only, up to the frame header, which is read with what follows it (its first scan header).
bool readJpegFrameHeader(SparseFile &f)
{
    size_t pos = 2;
    for (int i = 0; i < kMaxJpegSegments && pos + 4 <= f.size(); ++i) {
        if (pos + 4 > kHeadBytes && !f.read(pos, 4))
            return false;
        if (f.u8(pos) != 0xFF)
            return true; // damaged: the probe says so
        const uint8_t marker = f.u8(pos + 1);
        if (marker == 0xFF || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            pos += marker == 0xFF ? 1 : 2;
            continue;
        }
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof)
            return f.read(pos, kHeadBytes);
        if (marker == 0xDA || marker == 0xD9)
            return true;
        pos += 2 + f.be16(pos + 2);
    }
    return true;
}

} // namespace

ImageInfo probeFileHeader(const QByteArray &path)
{
    ImageInfo info;
    qint64 size = 0;
    const int fd = openRegularFile(path, &size, &info.error);
    if (fd < 0)
        return info;
    SparseFile f(fd, size);
    if (!f.valid() || !f.read(0, kHeadBytes)) {
        info.error = size == 0 ? QStringLiteral("empty file") : QStringLiteral("cannot read the file's header");
        return info;
    }
    info = probeImage(f.data(), f.size());
    if (info.error.isEmpty() || f.size() <= kHeadBytes)
        return info;
    bool more = false;
    if (info.format == ImageFormat::Jpeg) {
        more = readJpegFrameHeader(f);
    } else if (info.format == ImageFormat::Tiff) {
        const bool le = f.u8(0) == 'I';
        const size_t ifd = le ? size_t(f.u8(4)) | size_t(f.u8(5)) << 8 | size_t(f.u8(6)) << 16 | size_t(f.u8(7)) << 24
                              : size_t(f.be16(4)) << 16 | f.be16(6);
        more = f.read(ifd, kHeadBytes);
    }
    return more ? probeImage(f.data(), f.size()) : info;
}

} // namespace pp
