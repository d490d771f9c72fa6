// The bytes of the file a test's libheif context holds (tst_jxl_avif, tst_hdr_colour,
// tst_heif_decoders build AVIF and HEIC files with libheif's encoders).
#pragma once

#include <QtGlobal>
#include <cstdint>
#include <libheif/heif.h>
#include <vector>

namespace testheif {

inline std::vector<uint8_t> written(heif_context *ctx)
{
    std::vector<uint8_t> out;
    heif_writer writer{1, [](heif_context *, const void *data, size_t size, void *to) {
                           auto *bytes = static_cast<std::vector<uint8_t> *>(to);
                           bytes->insert(bytes->end(), static_cast<const uint8_t *>(data),
                                         static_cast<const uint8_t *>(data) + size);
                           return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
                       }};
    if (heif_context_write(ctx, &writer, &out).code != heif_error_Ok)
        qFatal("libheif could not write the file");
    return out;
}

} // namespace testheif
