// Loads the pixelpool-opencv-codecs plug-in on first use (see OpenCvModule.cpp). It lives next
// to the executable (the build's bin/ folder), or in lib/pixelpool/ of an installed tree.
#include "Codecs.h"
#include "FileIO.h"

#include <dlfcn.h>
#include <mutex>
#include <string>

namespace pp::codecs {
namespace {

using DecodeFn = bool (*)(const uint8_t *, size_t, cv::Mat *, std::string *);
using EncodeFn = bool (*)(const char *, const cv::Mat *, std::vector<uint8_t> *, std::string *);

struct Module {
    DecodeFn decode = nullptr;
    EncodeFn encode = nullptr;
    QString error;
};

const Module &module()
{
    static Module m;
    static std::once_flag once;
    std::call_once(once, [] {
        const char *name = "libpixelpool-opencv-codecs.so";
        void *handle = nullptr;
        QString reason;
        for (const std::string &path : {ownFilePath(OwnFolder::Plugins, name).toStdString(), std::string(name)}) {
            handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (handle)
                break;
            if (reason.isEmpty())
                reason = QString::fromLocal8Bit(::dlerror());
        }
        if (handle) {
            m.decode = reinterpret_cast<DecodeFn>(::dlsym(handle, "pixelpool_opencv_decode"));
            m.encode = reinterpret_cast<EncodeFn>(::dlsym(handle, "pixelpool_opencv_encode"));
        }
        if (!m.decode || !m.encode)
            m.error = QStringLiteral("the OpenCV codec plug-in is missing or broken (%1)")
                          .arg(reason.isEmpty() ? QStringLiteral("no entry points") : reason);
    });
    return m;
}

// How a BMP's pixels are stored, as its info header says: all zero for a file cut inside those
// fields, all but the header's size for OS/2's 12-byte core header (which has none of them), and
// the green mask where the file ends before it.
struct BmpLayout {
    uint32_t headerSize = 0, bits = 0, compression = 0, greenMask = 0;
    BmpLayout(const uint8_t *data, size_t size)
    {
        const auto le = [&](size_t at, int bytes) {
            uint32_t v = 0;
            for (int i = bytes - 1; i >= 0 && at + size_t(bytes) <= size; --i)
                v = v << 8 | data[at + size_t(i)];
            return v;
        };
        headerSize = size >= 34 ? le(14, 4) : 0; // cut inside the fields: nothing is known
        if (headerSize < 40)
            return;
        bits = le(28, 2);
        compression = le(30, 4);
        greenMask = le(58, 4); // after a 40-byte header with bit fields, or inside a longer one
    }
};

// What a BMP's header asks for that OpenCV's reader does not read ("JPEG-compressed", "64 bits a
// pixel"); empty when it asks for nothing of the kind. Its reader takes 1, 4, 8, 16, 24 and 32
// bits a pixel, uncompressed, RLE or with bit fields; OS/2's core header has neither field.
QString unreadBmpKind(const BmpLayout &l)
{
    if (l.headerSize < 40)
        return {};
    switch (l.compression) {
    case 0: // uncompressed
    case 1: // RLE8
    case 2: // RLE4
    case 3: // bit fields
        break;
    case 4:
        return QStringLiteral("JPEG-compressed");
    case 5:
        return QStringLiteral("PNG-compressed");
    case 6:
        return QStringLiteral("alpha bit fields");
    case 11:
    case 12:
    case 13:
        return QStringLiteral("CMYK");
    default:
        return QStringLiteral("compression %1").arg(l.compression);
    }
    if (l.bits != 1 && l.bits != 4 && l.bits != 8 && l.bits != 16 && l.bits != 24 && l.bits != 32)
        return QStringLiteral("%1 bits a pixel").arg(l.bits);
    return {};
}

// OpenCV widens the 5-bit samples of a 16-bit BMP (and the 6-bit green of 5-6-5) by shifting
// alone, so that full intensity comes out as 248 (252). Each is widened here as other readers
// do, its top bits repeated below (31 → 255), for which the shift left exactly the room.
void widenSixteenBitBmp(cv::Mat &bgr, const BmpLayout &l)
{
    if (l.headerSize < 40 || l.bits != 16 || bgr.type() != CV_8UC3)
        return;
    const bool sixBitGreen = l.compression == 3 && l.greenMask == 0x07E0; // bit fields of 5-6-5
    for (int y = 0; y < bgr.rows; ++y) {
        uint8_t *p = bgr.ptr<uint8_t>(y);
        for (int x = 0; x < bgr.cols; ++x, p += 3) {
            p[0] = uint8_t(p[0] | p[0] >> 5);
            p[1] = uint8_t(p[1] | (sixBitGreen ? p[1] >> 6 : p[1] >> 5));
            p[2] = uint8_t(p[2] | p[2] >> 5);
        }
    }
}

} // namespace

DecodeResult decodeWithOpenCv(const uint8_t *data, size_t size, const ImageInfo &info)
{
    DecodeResult result;
    const Module &m = module();
    if (!m.decode) {
        result.error = QStringLiteral("cannot decode %1: %2").arg(formatLabel(info.format), m.error);
        return result;
    }
    cv::Mat decoded;
    std::string error;
    if (!m.decode(data, size, &decoded, &error)) {
        const QString kind = info.format == ImageFormat::Bmp ? unreadBmpKind(BmpLayout(data, size)) : QString();
        if (!kind.isEmpty()) {
            result.error = QStringLiteral("BMP of a kind PixelPool does not read: %1").arg(kind);
            return result;
        }
        result.error =
            QStringLiteral("damaged or truncated %1: %2").arg(formatLabel(info.format), QString::fromStdString(error));
        result.corrupt = true;
        return result;
    }
    if (!sizeMatches(decoded.size(), info, &result))
        return result;
    if (info.format == ImageFormat::Bmp)
        widenSixteenBitBmp(decoded, BmpLayout(data, size));
    result.image = normalizeDepth(decoded);
    return result;
}

bool encodeWithOpenCv(const char *ext, const cv::Mat &image, std::vector<uint8_t> *out, QString *error)
{
    const Module &m = module();
    if (!m.encode) {
        *error = m.error;
        return false;
    }
    std::string message;
    if (!m.encode(ext, &image, out, &message)) {
        *error = QString::fromStdString(message);
        return false;
    }
    return true;
}

} // namespace pp::codecs
