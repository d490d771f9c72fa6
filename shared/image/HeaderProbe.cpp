#include "HeaderProbe.h"

#include "ByteView.h"
#include "FileIO.h"
#include "JpegMarkers.h"
#include "LibRawTiff.h"
#include "Message.h"
#include "PngText.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <unistd.h>

namespace pp {
namespace {

constexpr size_t kHeadBytes = 64 << 10;
// Marker segments (fill bytes included) walked before the frame header's first scan: 256 MB of
// 64 KB segments, beyond any real header.
constexpr int kMaxJpegSegments = 4096;
constexpr size_t kMaxSubIfds = 8; // as many as the probe looks at (ImageProbe.cpp)
constexpr size_t kCfaPatternBytes = 36;
constexpr size_t kMaxGifHeadBytes = 16 << 20;
// PNG chunks, the image data's among them: the 8 KB chunks libpng writes in a file of 2 GB, the
// largest read (about 0.3 s of reads). A file of more is read whole to be probed.
constexpr int kMaxPngChunks = 1 << 18;
// The text chunks of a PNG read whole (its XMP and raw profiles, each capped at 4 MB or less once
// read, meta/PngText.h): four times what the blocks may hold.
constexpr size_t kMaxPngTextHeadBytes = size_t(16) << 20;
// WebP chunks before the EXIF chunk, an animation's frames among them: 36 minutes at 30 frames a
// second, each a read of its 8-byte header.
constexpr int kMaxWebpChunks = 1 << 16;

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
    // Reads [offset, offset + length) (cut at the end of the file); false on a read error. The
    // head is read first and once: asking for a part of it costs nothing.
    bool read(size_t offset, size_t length)
    {
        if (m_headRead && offset < kHeadBytes) {
            const size_t skip = std::min(length, kHeadBytes - offset);
            offset += skip;
            length -= skip;
        }
        if (offset >= m_size || length == 0)
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
    bool readHead()
    {
        m_headRead = read(0, kHeadBytes);
        return m_headRead;
    }
    // Reads the 8 bytes at `offset` (past the head; zeros past the end) into `out`, not into the
    // buffer: a page of it touched for 8 bytes costs several times the read.
    bool peek(size_t offset, uint8_t (&out)[8]) const
    {
        std::memset(out, 0, sizeof out);
        for (size_t done = 0; offset + done < m_size && done < sizeof out;) {
            const ssize_t n =
                ::pread(m_fd, out + done, std::min(sizeof out - done, m_size - offset - done), off_t(offset + done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return false;
            if (n == 0)
                break;
            done += size_t(n);
        }
        return true;
    }
    // Puts `bytes` at `offset` of the buffer, in place of what the file has there.
    void put(size_t offset, const uint8_t *bytes, size_t length)
    {
        if (offset < m_size)
            std::memcpy(m_data.get() + offset, bytes, std::min(length, m_size - offset));
    }
    uint8_t u8(size_t off) const { return off < m_size ? m_data[off] : 0; }
    uint32_t be16(size_t off) const { return uint32_t(u8(off)) << 8 | u8(off + 1); }
    uint32_t be32(size_t off) const { return be16(off) << 16 | be16(off + 2); }
    uint32_t le32(size_t off) const
    {
        return u8(off) | uint32_t(u8(off + 1)) << 8 | uint32_t(u8(off + 2)) << 16 | uint32_t(u8(off + 3)) << 24;
    }

private:
    struct Free {
        void operator()(uint8_t *p) const { std::free(p); }
    };
    int m_fd;
    size_t m_size;
    bool m_headRead = false;
    std::unique_ptr<uint8_t[], Free> m_data;
};

enum class Follow { Done, ReadError, TooLong };

// Where the next marker is from `pos` (jpegNextMarker), the bytes it looks at read first: in steps
// that grow fourfold, so that a marker a few bytes on costs a few bytes and stray bytes up to the
// search's end cost about twice their length.
bool findJpegMarker(SparseFile &f, size_t pos, JpegMarkerSearch *found)
{
    *found = {};
    if (pos >= f.size())
        return true;
    const size_t end = std::min(f.size(), pos + kJpegMarkerSearchBytes);
    for (size_t readTo = std::min(end, pos + 4);; readTo = std::min(end, pos + (readTo - pos) * 4)) {
        if (!f.read(pos, readTo - pos))
            return false;
        // Its answer from the bytes read is the whole file's once it finds a marker among them (it
        // looks at none after it), or when they are all it would look at.
        *found = jpegNextMarker(f.data(), readTo, pos);
        if (found->found || readTo == end) {
            found->tooFar = !found->found && end < f.size();
            return true;
        }
    }
}

// Reads what probeImage() reads of a JPEG, walking its marker segments as it does (ImageProbe.cpp:
// probeJpeg) and reading only each one's header: every EXIF block (its orientation), the frame
// header, and after it the segments up to the first scan header (jpegCoefficientBytes() counts that
// scan's components), EXIF blocks among them too; stray bytes where a marker is due as far as the
// next marker. Where the walk ends early, the probe ends there too and says why.
Follow followJpeg(SparseFile &f)
{
    int segments = 0, exifBlocks = 0;
    bool xmpRead = false;
    // An APP1 segment of `len` bytes at `pos`, whole in the file: read whole when it is an EXIF block,
    // or the first XMP packet (at most 64 KB).
    const auto app1 = [&](size_t pos, size_t len) {
        if (!f.read(pos + 4, std::min<size_t>(sizeof kJpegXmpId, len - 2)))
            return Follow::ReadError;
        if (!xmpRead && len - 2 > sizeof kJpegXmpId &&
            std::memcmp(f.data() + pos + 4, kJpegXmpId, sizeof kJpegXmpId) == 0) {
            xmpRead = true;
            return f.read(pos + 4, len - 2) ? Follow::Done : Follow::ReadError;
        }
        // Past the blocks probeJpeg() looks at (a file with more EXIF blocks is read, as by the
        // whole-file probe: only its orientation is looked for in the first ones).
        if (len - 2 >= 4 && std::memcmp(f.data() + pos + 4, "Exif", 4) == 0 && ++exifBlocks <= kMaxJpegExifBlocks &&
            !f.read(pos + 4, len - 2))
            return Follow::ReadError;
        return Follow::Done;
    };
    bool frame = false;
    for (size_t pos = 2;;) {
        if (++segments > kMaxJpegSegments)
            return Follow::TooLong;
        JpegMarkerSearch next;
        if (!findJpegMarker(f, pos, &next))
            return Follow::ReadError;
        if (!next.found)
            return Follow::Done;
        const size_t at = next.code - 1;
        if (!f.read(at, 5)) // the marker, its length, and a scan header's component count
            return Follow::ReadError;
        const uint8_t marker = f.u8(next.code);
        if (marker == 0xDA || marker == 0xD9)
            return Follow::Done;
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            pos = next.code + 1;
            continue;
        }
        const size_t len = f.be16(at + 2);
        const size_t end = at + 2 + std::max<size_t>(len, 2);
        if (end > f.size())
            return Follow::Done;
        if (marker == 0xE1 && len >= 2)
            if (const Follow read = app1(at, len); read != Follow::Done)
                return read;
        if (!frame && marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            frame = true;
            if (!f.read(at, 2 + len))
                return Follow::ReadError;
        }
        pos = end;
    }
}

// Reads what probeImage() reads of a GIF (ImageProbe.cpp: probeGif): the extension blocks before
// the first image descriptor, and that descriptor. They are read in 64 KB steps, as far as
// kMaxGifHeadBytes: no real GIF puts more comments and application data before its first image.
Follow followGif(SparseFile &f)
{
    constexpr size_t kStep = 64 << 10;
    size_t readTo = kHeadBytes;
    const auto have = [&](size_t end) {
        while (readTo < end && readTo < f.size()) {
            if (readTo >= kMaxGifHeadBytes || !f.read(readTo, kStep))
                return false;
            readTo += kStep;
        }
        return true;
    };
    const uint8_t flags = f.u8(10);
    size_t pos = 13 + ((flags & 0x80) ? 3u << ((flags & 7) + 1) : 0);
    for (;;) {
        if (!have(pos + 10))
            return readTo >= kMaxGifHeadBytes ? Follow::TooLong : Follow::ReadError;
        if (f.u8(pos) != 0x21)
            return Follow::Done; // the first image, the trailer, a damaged block or the end (0)
        pos += 2;
        for (;;) {
            if (!have(pos + 1))
                return readTo >= kMaxGifHeadBytes ? Follow::TooLong : Follow::ReadError;
            const uint8_t length = f.u8(pos); // 0 past the end: the walk ends above
            pos += 1 + length;
            if (length == 0)
                break;
        }
    }
}

// A TIFF's directories as probeImage() reads them (ImageProbe.cpp: probeTiff, cameraRawLayout,
// cfaPatternDamage, dngColourMatrixMismatch): IFD0's entries, its SubIFDs' entries, and the CFA
// patterns of each where LibRaw reads them.
class TiffFollower
{
public:
    // The TIFF structure at `at` (a whole file's at 0, an EXIF block's inside it), its header read.
    explicit TiffFollower(SparseFile &f, size_t at = 0) : m_f(f), m_at(at), m_le(f.u8(at) == 'I') {}

    bool follow()
    {
        const uint32_t ifd0 = u32(4);
        if (!readDirectory(ifd0))
            return false;
        std::vector<uint32_t> dirs{ifd0};
        if (const size_t e = entry(ifd0, 330); e && (u16(e + 2) == 4 || u16(e + 2) == 13)) {
            const size_t count = std::min<size_t>(u32(e + 4), kMaxSubIfds);
            const size_t values = count <= 1 ? e + 8 : u32(e + 8);
            if (!read(values, count * 4))
                return false;
            for (size_t i = 0; i < count && m_at + values + i * 4 + 4 <= m_f.size(); ++i)
                dirs.push_back(u32(values + i * 4));
        }
        for (size_t i = 1; i < dirs.size(); ++i)
            if (!readDirectory(dirs[i]))
                return false;
        // Behind a reduced-resolution IFD0 (a thumbnail), the directories of its chain where probeTiff
        // looks for the full image (ImageProbe.cpp: imageDirectory).
        if (entry(ifd0, 254))
            for (uint32_t ifd = ifd0, i = 0; i < uint32_t(kTiffDirectoriesExamined) && (ifd = next(ifd)) != 0; ++i)
                if (!readDirectory(ifd))
                    return false;
        for (const uint32_t dir : dirs)
            for (const uint16_t id : kLibRawCfaTags)
                for (const size_t e : entries(dir, id))
                    if (!libRawValueInline(u16(e + 2), u32(e + 4)) &&
                        !read(u32(e + 8), std::min<size_t>(u32(e + 4), kCfaPatternBytes)))
                        return false;
        return true;
    }

    // IFD0's entries only: what the Orientation of an EXIF block is read from (statedOrientation).
    bool followFirstDirectory() { return readDirectory(u32(4)); }

private:
    // Offsets from the structure's start, as its own offsets are.
    uint32_t u16(size_t off) const
    {
        off += m_at;
        return m_le ? m_f.u8(off) | m_f.u8(off + 1) << 8 : m_f.be16(off);
    }
    uint32_t u32(size_t off) const { return m_le ? u16(off) | u16(off + 2) << 16 : u16(off) << 16 | u16(off + 2); }
    bool read(size_t off, size_t length) { return m_f.read(m_at + off, length); }
    // A directory's entries and the offset of the next directory after them.
    bool readDirectory(uint32_t ifd)
    {
        return ifd < 8 || (read(ifd, 2) && read(size_t(ifd) + 2, size_t(u16(ifd)) * 12 + 4));
    }
    uint32_t next(uint32_t ifd) const { return ifd < 8 ? 0 : u32(size_t(ifd) + 2 + size_t(u16(ifd)) * 12); }
    // As TiffReader::entry(): the offset of tag `id`'s entry in the directory at `ifd`, or 0.
    size_t entry(uint32_t ifd, uint16_t id) const
    {
        const std::vector<size_t> all = entries(ifd, id);
        return all.empty() ? 0 : all.front();
    }
    // As TiffReader::entries(): every entry of tag `id` in the directory at `ifd`, in order.
    std::vector<size_t> entries(uint32_t ifd, uint16_t id) const
    {
        std::vector<size_t> out;
        const size_t count = u16(ifd);
        if (ifd < 8 || m_at + ifd + 2 + count * 12 > m_f.size())
            return out;
        for (size_t i = 0; i < count; ++i)
            if (u16(ifd + 2 + i * 12) == id)
                out.push_back(ifd + 2 + i * 12);
        return out;
    }

    SparseFile &m_f;
    size_t m_at;
    bool m_le;
};

// Reads what exifOrientationFromBlock() (ImageProbe.cpp) reads of a PNG's or WebP's EXIF block of
// `length` bytes at `at`: its TIFF header, 6 bytes in where the block begins "Exif" (the "Exif\0\0"
// some writers put first; the probe looks at its first 4 bytes), and the entries of its first
// directory. Not the rest: such a block can be as long as the file.
bool readExifBlock(SparseFile &f, size_t at, size_t length)
{
    if (!f.read(at, std::min<size_t>(length, 14)))
        return false;
    const bool prefixed = length >= 4 && std::memcmp(f.data() + at, "Exif", 4) == 0;
    return TiffFollower(f, prefixed ? at + 6 : at).followFirstDirectory();
}

// Reads what probeImage() reads of a PNG (ImageProbe.cpp: probePng, pngOrientations): every chunk's
// header up to IEND, through the image data (ImageMagick 6 writes its eXIf after it), the first eXIf
// chunk's EXIF block, the keyword of every text chunk, and whole the text chunks whose keyword names
// a block (meta/PngText.h: XMP and the raw profiles, read and inflated as the decoder does).
//
// A walk of 8-byte reads. Past the head, a run of image data chunks is not read into the buffer: in
// its place the buffer gets one IDAT chunk header whose length spans the run, which probeImage()
// steps over as it would over the run (it reads nothing of the image data). A 150 MB file of libpng's
// 8 KB chunks took 85 ms with every header in the buffer (a page touched for each), 20 ms so.
Follow followPng(SparseFile &f)
{
    int chunks = 0;
    size_t textBytes = 0;
    bool exifRead = false;
    size_t runStart = 0, runEnd = 0; // image data chunks stepped over, not in the buffer (none: equal)
    const auto endRun = [&] {
        if (runEnd > runStart) {
            const size_t length = runEnd - runStart - 12;
            const uint8_t header[8] = {uint8_t(length >> 24),
                                       uint8_t(length >> 16),
                                       uint8_t(length >> 8),
                                       uint8_t(length),
                                       'I',
                                       'D',
                                       'A',
                                       'T'};
            f.put(runStart, header, sizeof header);
        }
        runStart = runEnd = 0;
    };
    for (size_t pos = 8; pos + 8 <= f.size();) {
        if (++chunks > kMaxPngChunks)
            return Follow::TooLong;
        uint8_t header[8];
        if (pos >= kHeadBytes) {
            if (!f.peek(pos, header))
                return Follow::ReadError;
            const size_t length =
                size_t(header[0]) << 24 | size_t(header[1]) << 16 | size_t(header[2]) << 8 | header[3];
            // One of a run that stays within a chunk length (a file is at most 2 GB: always so).
            if (std::memcmp(header + 4, "IDAT", 4) == 0 && length <= 0x7fffffffu && pos + 12 + length <= f.size() &&
                (runEnd == runStart || pos + 12 + length - runStart - 12 <= 0x7fffffffu)) {
                if (runEnd == runStart)
                    runStart = pos;
                runEnd = pos += 12 + length;
                continue;
            }
        }
        endRun();
        if (!f.read(pos, 8))
            return Follow::ReadError;
        const size_t length = f.be32(pos);
        const char *type = reinterpret_cast<const char *>(f.data() + pos + 4);
        if (!isPngChunkType(f.data() + pos + 4) || std::memcmp(type, "IEND", 4) == 0 || length > 0x7fffffffu ||
            pos + 8 + length > f.size())
            return Follow::Done;
        if (std::memcmp(type, "eXIf", 4) == 0 && !exifRead) {
            exifRead = true;
            if (!readExifBlock(f, pos + 8, length))
                return Follow::ReadError;
        } else if (std::memcmp(type, "tEXt", 4) == 0 || std::memcmp(type, "zTXt", 4) == 0 ||
                   std::memcmp(type, "iTXt", 4) == 0) {
            if (!f.read(pos + 8, std::min<size_t>(length, 80))) // the keyword
                return Follow::ReadError;
            if (meta::isPngBlockKeyword(f.data() + pos + 8, length)) {
                textBytes += length;
                if (textBytes > kMaxPngTextHeadBytes)
                    return Follow::TooLong;
                if (!f.read(pos + 8, length + 4)) // with its CRC
                    return Follow::ReadError;
            }
        }
        pos += 12 + length;
    }
    endRun();
    return Follow::Done;
}

// Reads what probeImage() reads of a WebP (ImageProbe.cpp: probeWebp): in an extended file whose
// flags say it has EXIF, the chunks' headers up to the EXIF chunk, which comes after the image data
// (and after every frame of an animation), and that chunk's EXIF block.
Follow followWebp(SparseFile &f)
{
    constexpr uint8_t kExifFlag = 0x08;
    if (std::memcmp(f.data() + 12, "VP8X", 4) != 0 || !(f.u8(20) & kExifFlag))
        return Follow::Done;
    int chunks = 0;
    for (size_t pos = 12; pos + 8 <= f.size();) {
        if (++chunks > kMaxWebpChunks)
            return Follow::TooLong;
        if (!f.read(pos, 8))
            return Follow::ReadError;
        const size_t length = f.le32(pos + 4);
        if (pos + 8 + length > f.size())
            return Follow::Done;
        if (std::memcmp(f.data() + pos, "EXIF", 4) == 0)
            return readExifBlock(f, pos + 8, length) ? Follow::Done : Follow::ReadError;
        pos += 8 + length + (length & 1);
    }
    return Follow::Done;
}

} // namespace

ImageInfo probeFileHeader(const QByteArray &path, bool *whole)
{
    if (whole)
        *whole = false;
    ImageInfo info;
    qint64 size = 0;
    const int fd = openRegularFile(path, &size, &info.error);
    if (fd < 0)
        return info;
    SparseFile f(fd, size);
    if (!f.valid() || !f.readHead()) {
        info.error =
            size == 0 ? QString::fromLatin1(kEmptyFileDetail) : QStringLiteral("cannot read the file's header");
        return info;
    }
    if (f.size() > kHeadBytes) {
        Follow followed = Follow::Done;
        if (f.u8(0) == 0xFF && f.u8(1) == 0xD8 && f.u8(2) == 0xFF) {
            followed = followJpeg(f);
        } else if (f.u8(0) == 'G' && f.u8(1) == 'I' && f.u8(2) == 'F' && f.u8(3) == '8') {
            followed = followGif(f);
        } else if ((f.u8(0) == 'I' && f.u8(1) == 'I' && f.u8(2) == '*' && f.u8(3) == 0) ||
                   (f.u8(0) == 'M' && f.u8(1) == 'M' && f.u8(2) == 0 && f.u8(3) == '*')) {
            followed = TiffFollower(f).follow() ? Follow::Done : Follow::ReadError;
        } else if (std::memcmp(f.data(), "\x89PNG\r\n\x1a\n", 8) == 0) {
            followed = followPng(f);
        } else if (std::memcmp(f.data(), "RIFF", 4) == 0 && std::memcmp(f.data() + 8, "WEBP", 4) == 0) {
            followed = followWebp(f);
        }
        if (followed == Follow::ReadError) {
            info.error = QStringLiteral("cannot read the file's header");
            return info;
        }
        if (followed == Follow::TooLong) {
            info.error = QLatin1String(kHeaderTooLong);
            return info;
        }
    }
    info = probeImage(f.data(), f.size());
    if (whole) {
        // JPEG, TIFF, GIF, PNG and WebP were followed above; BMP says all a probe reads in its first
        // bytes; no image is told by them. The rest (a TIFF-based camera RAW too) are read by
        // libraries that look where they like; so is a HEIF/AVIF found to be an image sequence
        // without a still image (format Unknown), whose meta box of images may lie past the head.
        const ImageFormat k = info.format;
        const bool isobmff = f.size() >= 8 && std::memcmp(f.data() + 4, "ftyp", 4) == 0;
        *whole = f.size() <= kHeadBytes || (k == ImageFormat::Unknown && !isobmff) || k == ImageFormat::Jpeg ||
                 k == ImageFormat::Tiff || k == ImageFormat::Png || k == ImageFormat::Webp || k == ImageFormat::Gif ||
                 k == ImageFormat::Bmp;
    }
    return info;
}

} // namespace pp
