// The layout check of a HEIF/AVIF file's primary image (heifLayoutDamage, Codecs.h), read from the
// boxes of ISO/IEC 23008-12 without libheif.
//
// Why: the size libheif reports for an image, and the one PixelPool's pixel limit is checked
// against, is its `ispe` box. A derived image (`grid`: tiles; `iovl`: images on a canvas; `iden`:
// another image as it is) is decoded at the size its own data gives: the grid's or overlay's
// output size, or the referenced image's. libheif 1.15 only checks that size against its own
// ceiling of 65535 a side, so a 519-byte overlay whose `ispe` says 64×64 made it allocate a
// 20000×20000 canvas (2.4 GB) before the decoder saw the mismatch, and a 65535×65535 grid crashed
// its tile thread. Here each derived image's data must agree with its `ispe`, a grid's tiles must
// cover it without a whole tile to spare, an overlay may not stack more than 4 canvases of pixels,
// and derivations are at most kMaxDepth deep (a cycle is one that never ends).
#include "Codecs.h"

#include <map>
#include <optional>
#include <vector>

namespace pp::codecs {
namespace {

constexpr int kMaxDepth = 4;                    // grid in an iden in an overlay is 3; real files use 1
constexpr size_t kMaxDerivationBytes = 1 << 20; // a grid's data is 8 or 12 bytes, an overlay's ~20 + 8 a layer
constexpr size_t kMaxItems = 1 << 20;
constexpr uint64_t kMaxOverlayLayers = 4; // an overlay decodes at most this many canvases of pixels
// Items looked at in one check: a 256×256 grid is 65,537. Images shared between layers are walked
// again each time, so overlays of overlays of shared layers would otherwise cost the product of
// their layer counts (a file of a few MB, billions of steps).
constexpr uint64_t kMaxVisits = 1 << 18;

constexpr uint32_t fourcc(const char (&s)[5])
{
    return uint32_t(uint8_t(s[0])) << 24 | uint32_t(uint8_t(s[1])) << 16 | uint32_t(uint8_t(s[2])) << 8 |
           uint32_t(uint8_t(s[3]));
}

// A read cursor that turns every read past its end into a failure (ok() false, values 0).
class Reader
{
public:
    Reader(const uint8_t *d, size_t n) : m_d(d), m_n(n) {}
    bool ok() const { return m_ok; }
    size_t left() const { return m_n - m_at; }
    uint64_t uint(int bytes) // big-endian, 0..8 bytes
    {
        if (bytes < 0 || size_t(bytes) > left()) {
            m_ok = false;
            m_at = m_n;
            return 0;
        }
        uint64_t v = 0;
        for (int i = 0; i < bytes; ++i)
            v = v << 8 | m_d[m_at++];
        return v;
    }
    uint32_t u8() { return uint32_t(uint(1)); }
    uint32_t u16() { return uint32_t(uint(2)); }
    uint32_t u32() { return uint32_t(uint(4)); }

private:
    const uint8_t *m_d;
    size_t m_n;
    size_t m_at = 0;
    bool m_ok = true;
};

struct Box {
    uint32_t type = 0;
    const uint8_t *body = nullptr;
    size_t size = 0;
};

// The boxes in [d, d + n); false when one runs past the end or is shorter than its header (the
// boxes before it are in `out`).
bool readBoxes(const uint8_t *d, size_t n, std::vector<Box> *out)
{
    size_t at = 0;
    while (n - at >= 8) {
        Reader r(d + at, n - at);
        uint64_t size = r.u32();
        const uint32_t type = r.u32();
        size_t header = 8;
        if (size == 1) {
            size = r.uint(8);
            header = 16;
        } else if (size == 0) {
            size = n - at;
        }
        if (!r.ok() || size < header || size > n - at)
            return false;
        out->push_back({type, d + at + header, size_t(size) - header});
        at += size_t(size);
        if (out->size() > kMaxItems)
            return false;
    }
    return at == n || n - at < 8; // trailing bytes shorter than a box header are ignored, as libheif does
}

struct Extent {
    uint64_t offset = 0, length = 0;
};

struct Item {
    uint32_t type = 0;
    std::optional<std::pair<uint32_t, uint32_t>> ispe;
    int construction = -1; // -1: no location
    uint64_t baseOffset = 0;
    std::vector<Extent> extents;
    std::vector<uint32_t> derivedFrom; // dimg, in order
    bool hasDerivation = false;        // libheif reads an item's first dimg reference only
};

class Layout
{
public:
    Layout(const uint8_t *data, size_t size) : m_data(data), m_size(size) {}

    // Empty when the boxes were read; otherwise why not.
    QString read()
    {
        std::vector<Box> top; // a file cut short still has its meta box: libheif reads it, and so does this
        readBoxes(m_data, m_size, &top);
        const Box *meta = nullptr;
        for (const Box &b : top)
            if (b.type == fourcc("meta") && !meta)
                meta = &b;
        if (!meta || meta->size < 4)
            return QStringLiteral("it has no meta box");
        std::vector<Box> boxes;
        if (!readBoxes(meta->body + 4, meta->size - 4, &boxes))
            return QStringLiteral("its meta box runs past its end");
        for (const Box &b : boxes) {
            bool ok = true;
            switch (b.type) {
            case fourcc("pitm"):
                ok = readPitm(b);
                break;
            case fourcc("iinf"):
                ok = readIinf(b);
                break;
            case fourcc("iloc"):
                ok = readIloc(b);
                break;
            case fourcc("iref"):
                ok = readIref(b);
                break;
            case fourcc("iprp"):
                ok = readIprp(b);
                break;
            case fourcc("idat"):
                m_idat = b;
                break;
            default:
                break;
            }
            if (!ok)
                return QStringLiteral("its %1 box cannot be read").arg(typeName(b.type));
        }
        if (!m_primary)
            return QStringLiteral("it names no primary image");
        return {};
    }

    QString check()
    {
        if (QString why = walk(*m_primary, 0); !why.isEmpty())
            return why;
        for (const auto &[from, to] : m_auxiliary) // the alpha plane libheif decodes with the image
            if (to == *m_primary)
                if (QString why = walk(from, 0); !why.isEmpty())
                    return why;
        return {};
    }

private:
    static QString typeName(uint32_t t)
    {
        QString s;
        for (int shift = 24; shift >= 0; shift -= 8) {
            const char c = char(t >> shift);
            s += c >= 0x20 && c < 0x7f ? QChar(c) : QChar('?');
        }
        return s;
    }
    // The item types libheif 1.15 takes for images (item_type_is_image).
    static bool isImage(uint32_t t)
    {
        return t == fourcc("hvc1") || t == fourcc("av01") || t == fourcc("vvc1") || t == fourcc("grid") ||
               t == fourcc("iovl") || t == fourcc("iden");
    }
    static QString sizeText(uint64_t w, uint64_t h) { return QStringLiteral("%1×%2").arg(w).arg(h); }

    static int versionOf(const Box &b) { return b.size >= 4 ? b.body[0] : -1; }

    bool readPitm(const Box &b)
    {
        Reader r(b.body, b.size);
        const int version = int(r.u8());
        r.uint(3);
        m_primary = version == 0 ? r.u16() : r.u32();
        return r.ok();
    }

    bool readIinf(const Box &b)
    {
        if (b.size < 4)
            return false;
        const int version = versionOf(b);
        const size_t header = 4 + (version == 0 ? 2 : 4);
        if (b.size < header)
            return false;
        std::vector<Box> entries;
        if (!readBoxes(b.body + header, b.size - header, &entries))
            return false;
        for (const Box &e : entries) {
            if (e.type != fourcc("infe"))
                continue;
            Reader r(e.body, e.size);
            const int v = int(r.u8());
            r.uint(3);
            if (v < 2)
                continue; // no item type before version 2: not an image item libheif decodes
            const uint32_t id = v == 2 ? r.u16() : r.u32();
            r.u16(); // protection index
            const uint32_t type = r.u32();
            if (!r.ok())
                return false;
            m_items[id].type = type;
        }
        return m_items.size() <= kMaxItems;
    }

    bool readIloc(const Box &b)
    {
        Reader r(b.body, b.size);
        const int version = int(r.u8());
        r.uint(3);
        if (version > 2)
            return false;
        const uint32_t sizes = r.u16();
        const int offsetSize = int(sizes >> 12), lengthSize = int(sizes >> 8 & 15), baseSize = int(sizes >> 4 & 15);
        const int indexSize = version >= 1 ? int(sizes & 15) : 0;
        for (const int s : {offsetSize, lengthSize, baseSize, indexSize})
            if (s != 0 && s != 4 && s != 8)
                return false;
        const uint32_t count = version < 2 ? r.u16() : r.u32();
        for (uint32_t i = 0; i < count && r.ok(); ++i) {
            const uint32_t id = version < 2 ? r.u16() : r.u32();
            const int construction = version >= 1 ? int(r.u16() & 15) : 0;
            r.u16(); // data reference index
            const uint64_t base = r.uint(baseSize);
            const uint32_t extents = r.u16();
            if (size_t(extents) * size_t(offsetSize + lengthSize + indexSize) > r.left())
                return false;
            Item &item = m_items[id];
            item.construction = construction;
            item.baseOffset = base;
            item.extents.clear();
            for (uint32_t e = 0; e < extents; ++e) {
                r.uint(indexSize);
                const uint64_t offset = r.uint(offsetSize);
                const uint64_t length = r.uint(lengthSize);
                item.extents.push_back({offset, length});
            }
            if (m_items.size() > kMaxItems)
                return false;
        }
        return r.ok();
    }

    bool readIref(const Box &b)
    {
        if (b.size < 4)
            return false;
        const int idBytes = versionOf(b) == 0 ? 2 : 4;
        std::vector<Box> refs;
        if (!readBoxes(b.body + 4, b.size - 4, &refs))
            return false;
        for (const Box &ref : refs) {
            Reader r(ref.body, ref.size);
            const uint32_t from = uint32_t(r.uint(idBytes));
            const uint32_t count = r.u16();
            std::vector<uint32_t> to;
            for (uint32_t i = 0; i < count && r.ok(); ++i)
                to.push_back(uint32_t(r.uint(idBytes)));
            if (!r.ok())
                return false;
            if (ref.type == fourcc("dimg") && !m_items[from].hasDerivation) {
                m_items[from].derivedFrom = std::move(to);
                m_items[from].hasDerivation = true;
            } else if (ref.type == fourcc("auxl"))
                for (const uint32_t t : to)
                    m_auxiliary.emplace_back(from, t);
            if (m_items.size() > kMaxItems || m_auxiliary.size() > kMaxItems)
                return false;
        }
        return true;
    }

    bool readIprp(const Box &b)
    {
        std::vector<Box> boxes;
        if (!readBoxes(b.body, b.size, &boxes))
            return false;
        std::vector<std::optional<std::pair<uint32_t, uint32_t>>> properties; // index - 1 → ispe, if one
        for (const Box &ipco : boxes) {
            if (ipco.type != fourcc("ipco") || !properties.empty())
                continue;
            std::vector<Box> props;
            if (!readBoxes(ipco.body, ipco.size, &props))
                return false;
            for (const Box &p : props) {
                std::optional<std::pair<uint32_t, uint32_t>> ispe;
                if (p.type == fourcc("ispe")) {
                    Reader r(p.body, p.size);
                    r.u32(); // version and flags
                    const uint32_t w = r.u32(), h = r.u32();
                    if (!r.ok())
                        return false;
                    ispe.emplace(w, h);
                }
                properties.push_back(ispe);
            }
        }
        for (const Box &ipma : boxes) {
            if (ipma.type != fourcc("ipma"))
                continue;
            Reader r(ipma.body, ipma.size);
            const int version = int(r.u8());
            const uint32_t flags = uint32_t(r.uint(3));
            const uint32_t entries = r.u32();
            for (uint32_t i = 0; i < entries && r.ok(); ++i) {
                const uint32_t id = version < 1 ? r.u16() : r.u32();
                const uint32_t associations = r.u8();
                for (uint32_t a = 0; a < associations && r.ok(); ++a) {
                    const uint32_t index = (flags & 1) ? (r.u16() & 0x7fff) : (r.u8() & 0x7f);
                    if (index == 0 || index > properties.size() || !properties[index - 1])
                        continue;
                    m_items[id].ispe = properties[index - 1]; // the last one, as libheif reads them
                }
                if (m_items.size() > kMaxItems)
                    return false;
            }
            if (!r.ok())
                return false;
        }
        return true;
    }

    // The bytes of a derived image's description (its grid or overlay data), or nullopt.
    std::optional<std::vector<uint8_t>> dataOf(const Item &item) const
    {
        const uint8_t *from = nullptr;
        size_t available = 0;
        if (item.construction == 0) {
            from = m_data;
            available = m_size;
        } else if (item.construction == 1 && m_idat) {
            from = m_idat->body;
            available = m_idat->size;
        } else {
            return std::nullopt;
        }
        std::vector<uint8_t> out;
        for (const Extent &e : item.extents) {
            const uint64_t at = item.baseOffset + e.offset;
            if (at < item.baseOffset || at > available)
                return std::nullopt;
            const uint64_t length = e.length == 0 ? available - at : e.length;
            if (length > available - at || out.size() + length > kMaxDerivationBytes)
                return std::nullopt;
            out.insert(out.end(), from + at, from + at + length);
        }
        return out;
    }

    // Checks what decoding `id` decodes; `pixels` is the size it gives, 0 when unknown.
    QString walk(uint32_t id, int depth, uint64_t *pixels = nullptr)
    {
        if (pixels)
            *pixels = 0;
        if (++m_visits > kMaxVisits)
            return QStringLiteral("its derived images refer to more than %1 images").arg(kMaxVisits);
        const auto found = m_items.find(id);
        if (found == m_items.end() || !isImage(found->second.type)) {
            if (depth == 0)
                return {}; // libheif refuses a primary image that is not there, and reads no such alpha
            // libheif 1.15 asserts that the item it derives from is an image, and aborts.
            return QStringLiteral("one of its derived images refers to an item that is not an image");
        }
        const Item &item = found->second;
        const bool grid = item.type == fourcc("grid"), overlay = item.type == fourcc("iovl"),
                   identity = item.type == fourcc("iden");
        if (!grid && !overlay && !identity) { // a coded image (or one libheif refuses): its size box
            if (pixels && item.ispe)
                *pixels = uint64_t(item.ispe->first) * item.ispe->second;
            return {};
        }
        if (depth >= kMaxDepth)
            return QStringLiteral("its derived images are nested more than %1 deep (or in a loop)").arg(kMaxDepth);
        if (!item.ispe)
            return QStringLiteral("its %1 image has no size box").arg(typeName(item.type));
        const uint64_t w = item.ispe->first, h = item.ispe->second;
        if (pixels)
            *pixels = w * h;
        if (identity) {
            if (item.derivedFrom.size() != 1)
                return QStringLiteral("its iden image refers to %1 images, not one").arg(item.derivedFrom.size());
            uint64_t source = 0;
            if (QString why = walk(item.derivedFrom.front(), depth + 1, &source); !why.isEmpty())
                return why;
            if (source > w * h)
                return QStringLiteral("its iden image is %1 but the image it shows has %2 pixels")
                    .arg(sizeText(w, h))
                    .arg(source);
            return {};
        }
        const std::optional<std::vector<uint8_t>> data = dataOf(item);
        if (!data)
            return QStringLiteral("the data of its %1 image is not in the file").arg(typeName(item.type));
        Reader r(data->data(), data->size());
        if (r.u8() != 0) // version
            return QStringLiteral("its %1 image is of an unknown version").arg(typeName(item.type));
        const int fieldBytes = (r.u8() & 1) ? 4 : 2;
        if (grid) {
            const uint32_t rows = r.u8() + 1, columns = r.u8() + 1;
            const uint64_t gw = r.uint(fieldBytes), gh = r.uint(fieldBytes);
            if (!r.ok())
                return QStringLiteral("its grid description is cut short");
            if (gw != w || gh != h)
                return QStringLiteral("its grid is %1 but its size box says %2").arg(sizeText(gw, gh), sizeText(w, h));
            if (item.derivedFrom.size() != size_t(rows) * columns)
                return QStringLiteral("its grid of %1 has %2 tiles")
                    .arg(sizeText(columns, rows))
                    .arg(item.derivedFrom.size());
            m_visits += item.derivedFrom.size();
            if (m_visits > kMaxVisits)
                return QStringLiteral("its derived images refer to more than %1 images").arg(kMaxVisits);
            std::optional<std::pair<uint32_t, uint32_t>> tile;
            for (const uint32_t t : item.derivedFrom) {
                const auto it = m_items.find(t);
                if (it == m_items.end() || !isImage(it->second.type))
                    return QStringLiteral("a tile of its grid is not an image");
                const Item &ti = it->second;
                if (ti.type == fourcc("grid") || ti.type == fourcc("iovl") || ti.type == fourcc("iden"))
                    return QStringLiteral("a tile of its grid is a derived image");
                if (!ti.ispe || ti.ispe->first == 0 || ti.ispe->second == 0)
                    return QStringLiteral("a tile of its grid has no size");
                if (tile && *tile != *ti.ispe)
                    return QStringLiteral("the tiles of its grid differ in size");
                tile = ti.ispe;
            }
            const uint64_t tw = tile->first, th = tile->second;
            if (tw * columns < w || th * rows < h || tw * (columns - 1) >= w || th * (rows - 1) >= h)
                return QStringLiteral("its grid of %1 is not tiled by %2 tiles of %3")
                    .arg(sizeText(w, h), sizeText(columns, rows), sizeText(tw, th));
            return {};
        }
        // iovl: four 16-bit fill values, the canvas, an offset pair per layer
        r.uint(8);
        const uint64_t cw = r.uint(fieldBytes), ch = r.uint(fieldBytes);
        if (!r.ok())
            return QStringLiteral("its overlay description is cut short");
        if (cw != w || ch != h)
            return QStringLiteral("its overlay canvas is %1 but its size box says %2")
                .arg(sizeText(cw, ch), sizeText(w, h));
        uint64_t stacked = 0;
        for (const uint32_t layer : item.derivedFrom) {
            uint64_t layerPixels = 0;
            if (QString why = walk(layer, depth + 1, &layerPixels); !why.isEmpty())
                return why;
            stacked += layerPixels;
            if (stacked > kMaxOverlayLayers * w * h)
                return QStringLiteral("its overlay stacks more than %1 times the pixels of its %2 canvas")
                    .arg(kMaxOverlayLayers)
                    .arg(sizeText(w, h));
        }
        return {};
    }

    const uint8_t *m_data;
    size_t m_size;
    std::optional<uint32_t> m_primary;
    std::map<uint32_t, Item> m_items;
    std::vector<std::pair<uint32_t, uint32_t>> m_auxiliary; // auxl: (auxiliary image, the image it is for)
    std::optional<Box> m_idat;
    uint64_t m_visits = 0;
};

} // namespace

QString heifLayoutDamage(const uint8_t *data, size_t size)
{
    Layout layout(data, size);
    if (QString why = layout.read(); !why.isEmpty())
        return why;
    return layout.check();
}

} // namespace pp::codecs
