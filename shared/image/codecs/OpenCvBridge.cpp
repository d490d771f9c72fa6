// Loads the pixelpool-opencv-codecs plug-in on first use (see OpenCvModule.cpp). It lives next
// to the executable (the build's bin/ folder), or in lib/pixelpool/ of an installed tree.
#include "CodecModules.h"
#include "Codecs.h"

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
        QString reason;
        void *handle = openPlugin("libpixelpool-opencv-codecs.so", &reason);
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
        result.error =
            QStringLiteral("damaged or truncated %1: %2").arg(formatLabel(info.format), QString::fromStdString(error));
        result.corrupt = true;
        return result;
    }
    if (!sizeMatches(decoded.size(), info, &result))
        return result;
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
