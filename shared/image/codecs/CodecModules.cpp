// Loads the HEIF/AVIF and JPEG XL plug-ins on first use (CodecModules.h) and forwards Codecs.h's
// functions for those formats to them.
#include "CodecModules.h"
#include "Codecs.h"
#include "FileIO.h"

#include <dlfcn.h>
#include <string>

namespace pp::codecs {

void *openPlugin(const char *fileName, QString *error)
{
    QString reason;
    for (const std::string &path : {ownFilePath(OwnFolder::Plugins, fileName).toStdString(), std::string(fileName)}) {
        if (void *handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL))
            return handle;
        if (reason.isEmpty())
            reason = QString::fromLocal8Bit(::dlerror());
    }
    *error = reason;
    return nullptr;
}

namespace {

struct Module {
    const CodecModuleEntries *entries = nullptr;
    QString error; // why there are none
};

// Loads once: each caller below keeps its answer in a function-local static.
Module load(const char *fileName, const char *what)
{
    Module m;
    QString reason;
    void *handle = openPlugin(fileName, &reason);
    const auto entry =
        handle ? reinterpret_cast<PixelpoolCodecModuleFn>(::dlsym(handle, "pixelpool_codec_module")) : nullptr;
    m.entries = entry ? entry(kCodecModuleAbi) : nullptr;
    if (handle && !entry)
        reason = QStringLiteral("no entry point");
    else if (entry && !m.entries)
        reason = QStringLiteral("built from other sources than this executable");
    if (!m.entries)
        m.error = QStringLiteral("the %1 plug-in %2 is missing or broken (%3)")
                      .arg(QLatin1String(what), QLatin1String(fileName), reason);
    return m;
}

const Module &heif()
{
    static const Module m = load("libpixelpool-heif.so", "HEIF/AVIF");
    return m;
}
const Module &jxl()
{
    static const Module m = load("libpixelpool-jxl.so", "JPEG XL");
    return m;
}

ImageInfo probeWith(const Module &m, ImageFormat format, const uint8_t *data, size_t size)
{
    if (m.entries)
        return m.entries->probe(data, size);
    ImageInfo info;
    info.format = format;
    info.error = m.error;
    return info;
}

DecodeResult decodeWith(const Module &m, const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata)
{
    if (m.entries)
        return m.entries->decode(data, size, info, withMetadata);
    DecodeResult r;
    r.error = m.error;
    return r;
}

bool encodeWith(const Module &m, const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out,
                QString *error, QStringList *warnings)
{
    if (m.entries)
        return m.entries->encode(image, s, out, error, warnings);
    *error = m.error;
    return false;
}

} // namespace

ImageInfo probeHeif(const uint8_t *data, size_t size) { return probeWith(heif(), ImageFormat::Heif, data, size); }
DecodeResult decodeHeif(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata)
{
    return decodeWith(heif(), data, size, info, withMetadata);
}
bool encodeAvif(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
                QStringList *warnings)
{
    return encodeWith(heif(), image, s, out, error, warnings);
}

ImageInfo probeJxl(const uint8_t *data, size_t size) { return probeWith(jxl(), ImageFormat::Jxl, data, size); }
DecodeResult decodeJxl(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata)
{
    return decodeWith(jxl(), data, size, info, withMetadata);
}
bool encodeJxl(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
               QStringList *warnings)
{
    return encodeWith(jxl(), image, s, out, error, warnings);
}

} // namespace pp::codecs
