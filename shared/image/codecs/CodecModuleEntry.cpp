// The entry point of a codec plug-in (CodecModules.h), built once per plug-in with
// PIXELPOOL_CODEC_MODULE_HEIF or PIXELPOOL_CODEC_MODULE_JXL.
#include "CodecModules.h"
#include "Codecs.h"

namespace {

#if defined(PIXELPOOL_CODEC_MODULE_HEIF)
const pp::codecs::CodecModuleEntries kEntries = {pp::codecs::kCodecModuleAbi, pp::codecs::probeHeif,
                                                 pp::codecs::decodeHeif, pp::codecs::encodeAvif};
#elif defined(PIXELPOOL_CODEC_MODULE_JXL)
const pp::codecs::CodecModuleEntries kEntries = {pp::codecs::kCodecModuleAbi, pp::codecs::probeJxl,
                                                 pp::codecs::decodeJxl, pp::codecs::encodeJxl};
#else
#error "a codec plug-in names its codec"
#endif

} // namespace

extern "C" __attribute__((visibility("default"))) const pp::codecs::CodecModuleEntries *
pixelpool_codec_module(size_t hostAbi)
{
    return hostAbi == pp::codecs::kCodecModuleAbi ? &kEntries : nullptr;
}
