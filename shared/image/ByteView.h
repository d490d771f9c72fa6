// A bounds-checked view of bytes for the parsers of untrusted headers: every read past the end
// gives 0 (or false, or an empty view), so a parser checks `has` where a short file matters and
// reads freely where 0 is the right answer for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace pp {

// A PNG chunk's type at `p` (4 bytes the caller has): four ASCII letters. libpng fails a file at
// anything else, so a walk of the chunks ends there.
inline bool isPngChunkType(const uint8_t *p)
{
    for (int i = 0; i < 4; ++i)
        if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')))
            return false;
    return true;
}

class ByteView
{
public:
    ByteView(const uint8_t *d, size_t n) : m_d(d), m_n(n) {}
    bool has(size_t off, size_t len) const { return off <= m_n && len <= m_n - off; }
    uint8_t u8(size_t off) const { return has(off, 1) ? m_d[off] : 0; }
    uint32_t be16(size_t off) const { return has(off, 2) ? (m_d[off] << 8) | m_d[off + 1] : 0; }
    uint32_t le16(size_t off) const { return has(off, 2) ? m_d[off] | (m_d[off + 1] << 8) : 0; }
    uint32_t be32(size_t off) const { return has(off, 4) ? (be16(off) << 16) | be16(off + 2) : 0; }
    uint32_t le32(size_t off) const { return has(off, 4) ? le16(off) | (le16(off + 2) << 16) : 0; }
    uint32_t le24(size_t off) const { return has(off, 3) ? le16(off) | (m_d[off + 2] << 16) : 0; }
    bool startsWith(size_t off, const char *s) const
    {
        const size_t len = std::strlen(s);
        return has(off, len) && std::memcmp(m_d + off, s, len) == 0;
    }
    // For signatures with zero bytes, which startsWith() would cut at the first one.
    template <size_t N> bool startsWithBytes(size_t off, const char (&s)[N]) const
    {
        return has(off, N - 1) && std::memcmp(m_d + off, s, N - 1) == 0;
    }
    size_t size() const { return m_n; }
    const uint8_t *data() const { return m_d; }
    ByteView sub(size_t off, size_t len) const { return has(off, len) ? ByteView(m_d + off, len) : ByteView(m_d, 0); }

private:
    const uint8_t *m_d;
    size_t m_n;
};

} // namespace pp
