// The bytes a test's JPEG XL encoder makes once its input is closed, grown as libjxl asks; the
// encoder is destroyed. Tests that build JPEG XL files by hand (tst_jxl_avif, tst_hdr_colour).
#pragma once

#include <QtGlobal>
#include <cstdint>
#include <jxl/encode.h>
#include <vector>

namespace testjxl {

inline std::vector<uint8_t> takeOutput(JxlEncoder *enc)
{
    std::vector<uint8_t> out(1 << 16);
    uint8_t *next = out.data();
    size_t room = out.size();
    for (JxlEncoderStatus status; (status = JxlEncoderProcessOutput(enc, &next, &room)) != JXL_ENC_SUCCESS;) {
        if (status != JXL_ENC_NEED_MORE_OUTPUT)
            qFatal("libjxl could not write the image");
        const size_t used = size_t(next - out.data());
        out.resize(out.size() * 2);
        next = out.data() + used;
        room = out.size() - used;
    }
    out.resize(size_t(next - out.data()));
    JxlEncoderDestroy(enc);
    return out;
}

} // namespace testjxl
