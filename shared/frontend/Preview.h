// A finished image's preview as a worker made it: width×height pixels of premultiplied 8-bit B, G,
// R, A in memory order, rows packed. That is QImage's ARGB32_Premultiplied on a little-endian
// machine, so the window wraps it without a copy or a conversion (app/gui/models/PreviewImage.h);
// the front end itself needs no Qt GUI, and a batch without a window never loads it (nor the
// fonts, X and OpenGL libraries that Qt GUI brings).
#pragma once

#include <QtGlobal>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>

namespace pp {

class Preview
{
public:
    Preview() = default;
    // Over `pixels` (width × height × 4 bytes), which its deleter gives back when the last copy goes.
    Preview(int width, int height, std::shared_ptr<uint8_t> pixels)
        : m_pixels(std::move(pixels)), m_width(m_pixels ? width : 0), m_height(m_pixels ? height : 0)
    {
    }

    // Uninitialised, from the heap; null for an empty size or when memory runs out.
    static Preview allocate(int width, int height)
    {
        if (width <= 0 || height <= 0)
            return {};
        uint8_t *bytes = new (std::nothrow) uint8_t[size_t(width) * size_t(height) * 4];
        return bytes ? Preview(width, height, std::shared_ptr<uint8_t>(bytes, std::default_delete<uint8_t[]>()))
                     : Preview();
    }

    bool isNull() const { return !m_pixels; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    qsizetype bytesPerLine() const { return qsizetype(m_width) * 4; }
    // Copies share the pixels: only whoever made the preview writes them, before handing it on.
    uint8_t *bits() const { return m_pixels.get(); }
    uint8_t *scanLine(int y) const { return m_pixels.get() + qsizetype(y) * bytesPerLine(); }

private:
    std::shared_ptr<uint8_t> m_pixels;
    int m_width = 0, m_height = 0;
};

} // namespace pp
