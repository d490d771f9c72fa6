// The codecs whose libraries a worker loads only when it first meets their format: HEIF/AVIF
// (libheif, with its HEVC and AV1 codecs) and JPEG XL (libjxl, with highway and Brotli). Mapping
// those libraries cost every worker some 10 ms of its start, for formats most batches never see.
// Each is a plug-in (a MODULE next to the executables, or in lib/pixelpool/ when installed) with
// the codec's sources, what they share with the other decoders (CodecSupport.cpp, HeifLayout.cpp,
// colour/) and one C entry point that returns the functions below; CodecModules.cpp loads it and
// is what Codecs.h's probeHeif, decodeHeif, encodeAvif, probeJxl, decodeJxl and encodeJxl call.
// The plug-in is built with the rest (and by the fuzz build, instrumented like the rest); one from
// another build is refused by the ABI check, and a missing one fails its format's images, saying so.
#pragma once

#include "ImageCodec.h"

namespace pp::codecs {

struct CodecModuleEntries {
    // The plug-in's view of the types it exchanges: a plug-in built from other headers is refused.
    size_t abi = 0;
    ImageInfo (*probe)(const uint8_t *data, size_t size) = nullptr;
    DecodeResult (*decode)(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata) = nullptr;
    bool (*encode)(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
                   QStringList *warnings) = nullptr;
};

// Changes whenever a type the plug-ins exchange changes size; with the build's own plug-ins it
// always matches.
constexpr size_t kCodecModuleAbi = sizeof(CodecModuleEntries) * 1000003u + sizeof(ImageInfo) * 10007u +
                                   sizeof(DecodeResult) * 101u + sizeof(EncodeSettings) + 1u;

// A plug-in of this build opened (RTLD_NOW | RTLD_LOCAL): next to the executable, else in the
// installed plug-in folder, else by the loader's own search. Null with *error set (dlerror's first
// answer) when none loads. The OpenCV plug-in (OpenCvBridge.cpp) is opened here too.
void *openPlugin(const char *fileName, QString *error);

} // namespace pp::codecs

// Each plug-in's entry point: its functions, or null if `hostAbi` is not its own.
extern "C" {
using PixelpoolCodecModuleFn = const pp::codecs::CodecModuleEntries *(*)(size_t hostAbi);
}
