// The layout check of HEIF files (codecs/HeifLayout.cpp through probeImage): a derived primary image
// (grid, overlay, iden) or its alpha plane whose data gives another size than its size box, or that
// would cost far more than it, is refused before libheif decodes anything. The files are built box
// by box; their coded images are never decoded (the hostile corpus decodes real grids: 70_heif).
#include "HeifLayout.h"
#include "ImageCodec.h"

#include <QtTest>
#include <array>
#include <cstring>
#include <vector>

using namespace pp;
using namespace pp::codecs;

namespace {

using Bytes = std::vector<uint8_t>;

void put(Bytes &b, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        b.push_back(uint8_t(v >> (8 * i)));
}
void put(Bytes &b, const Bytes &more) { b.insert(b.end(), more.begin(), more.end()); }

Bytes box(const char *type, const Bytes &body)
{
    Bytes b;
    put(b, 8 + body.size(), 4);
    b.insert(b.end(), type, type + 4);
    put(b, body);
    return b;
}
Bytes fullBox(const char *type, int version, uint32_t flags, const Bytes &body)
{
    Bytes b;
    put(b, uint64_t(version) << 24 | flags, 4);
    put(b, body);
    return box(type, b);
}

Bytes operator+(Bytes a, const Bytes &b)
{
    put(a, b);
    return a;
}

// One item of the file: its type, size box, where its data is (in idat) and what it derives from.
struct ItemSpec {
    uint16_t id;
    const char *type;
    uint32_t w, h;                  // the size box (0: none)
    Bytes data;                     // grid/iovl data, in idat
    std::vector<uint16_t> from;     // dimg
    uint16_t auxFor = 0;            // auxl: the alpha plane of this item
    Bytes config = {};              // a coded item's hvcC or av1C box (hvc1: a stand-in without NAL units)
    Bytes coded = {};               // a coded item's data in mdat (16 bytes of 0x42 when empty)
    std::vector<Bytes> after = {};  // properties associated after its size box (irot, clap)
    std::vector<Bytes> before = {}; // and before it
    uint16_t thumbnailOf = 0;       // thmb: a thumbnail of this item
    bool hidden = false;            // its infe's flag
    const char *auxType = "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha"; // its auxC's, with auxFor
};

// Bits, most significant first.
class BitWriter
{
public:
    void put(uint64_t v, int n)
    {
        for (int i = n - 1; i >= 0; --i)
            m_bits.push_back(v >> i & 1);
    }
    void zeros(int n) { put(0, n); }
    void ue(uint64_t v) // Exp-Golomb
    {
        int n = 0;
        while ((v + 1) >> (n + 1))
            ++n;
        zeros(n);
        put(v + 1, n + 1);
    }
    Bytes bytes(bool stopBit) const
    {
        std::vector<int> bits = m_bits;
        if (stopBit)
            bits.push_back(1);
        while (bits.size() % 8)
            bits.push_back(0);
        Bytes out;
        for (size_t i = 0; i < bits.size(); i += 8) {
            uint8_t b = 0;
            for (size_t j = 0; j < 8; ++j)
                b = uint8_t(b << 1 | bits[i + j]);
            out.push_back(b);
        }
        return out;
    }

private:
    std::vector<int> m_bits;
};

// An HEVC sequence parameter set NAL unit (H.265 7.3.2.2) of a w×h picture, up to its
// conformance window (left, right, top, bottom offsets in chroma samples; none when all are 0), with
// emulation prevention bytes: its all-zero profile fields need them.
Bytes hevcSps(uint64_t w, uint64_t h, int subLayers = 0, int chromaFormat = 1, std::array<int, 4> window = {})
{
    BitWriter b;
    b.put(0, 4);         // sps_video_parameter_set_id
    b.put(subLayers, 3); // sps_max_sub_layers_minus1
    b.put(1, 1);
    b.put(1, 8);           // profile space, tier, Main
    b.put(0x60000000, 32); // compatibility
    b.zeros(48);
    b.put(90, 8); // level 3
    for (int i = 0; i < subLayers; ++i)
        b.put(3, 2); // profile and level present
    if (subLayers > 0)
        b.zeros(2 * (8 - subLayers));
    for (int i = 0; i < subLayers; ++i)
        b.zeros(88 + 8);
    b.ue(0); // sps_seq_parameter_set_id
    b.ue(uint64_t(chromaFormat));
    if (chromaFormat == 3)
        b.put(0, 1);
    b.ue(w);
    b.ue(h);
    const bool windowed = window != std::array<int, 4>{};
    b.put(windowed ? 1 : 0, 1); // conformance_window_flag
    if (windowed)
        for (const int offset : window)
            b.ue(uint64_t(offset));
    const Bytes rbsp = b.bytes(true);
    Bytes nal{0x42, 0x01}; // nal_unit_type 33
    int zeros = 0;
    for (const uint8_t c : rbsp) {
        if (zeros >= 2 && c <= 3) {
            nal.push_back(3);
            zeros = 0;
        }
        nal.push_back(c);
        zeros = c == 0 ? zeros + 1 : 0;
    }
    return nal;
}

// An hvcC box with these NAL units in one array each (an empty list: the stand-in of no units).
Bytes hvcC(const std::vector<Bytes> &nals = {})
{
    Bytes b{1, 1, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x5a, 0xf0, 0, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f};
    put(b, nals.size(), 1);
    for (const Bytes &nal : nals) {
        put(b, 0x80 | (nal[0] >> 1 & 0x3f), 1);
        put(b, 1, 2);
        put(b, nal.size(), 2);
        put(b, nal);
    }
    return box("hvcC", b);
}

// NAL units as an hvc1 item's data holds them: each after its 4-byte length.
Bytes lengthPrefixed(const std::vector<Bytes> &nals)
{
    Bytes b;
    for (const Bytes &nal : nals) {
        put(b, nal.size(), 4);
        put(b, nal);
    }
    return b;
}

// An AV1 sequence header OBU (AV1 5.5) of frames up to w×h, its sizes 16 bits, every coding tool
// off. `full`: not the reduced still picture header but one with timing and decoder model
// information (5-bit removal times) and two operating points; `sized`: the OBU has a size field;
// `orderHints`: 4-bit order hints (full only).
Bytes av1SequenceHeader(uint32_t w, uint32_t h, bool full = false, bool sized = true, bool orderHints = false,
                        uint32_t firstPoint = 0x101)
{
    BitWriter b;
    b.put(0, 3); // seq_profile
    b.put(1, 1); // still_picture
    b.put(full ? 0 : 1, 1);
    if (!full) {
        b.put(8, 5); // seq_level_idx
    } else {
        b.put(1, 1);   // timing_info_present_flag
        b.put(1, 32);  // num_units_in_display_tick
        b.put(25, 32); // time_scale
        b.put(1, 1);   // equal_picture_interval
        b.put(1, 1);   // num_ticks_per_picture_minus_1: uvlc 0
        b.put(1, 1);   // decoder_model_info_present_flag
        b.put(9, 5);   // buffer_delay_length_minus_1: delays of 10 bits
        b.put(1, 32);
        b.put(4, 5); // buffer_removal_time_length_minus_1
        b.put(4, 5);
        b.put(1, 1); // initial_display_delay_present_flag
        b.put(1, 5); // two operating points
        for (int i = 0; i < 2; ++i) {
            b.put(i == 0 ? firstPoint : 0x101, 12); // operating_point_idc
            b.put(9, 5);                            // seq_level_idx > 7: a tier bit
            b.put(0, 1);
            b.put(1, 1); // decoder_model_present_for_this_op
            b.put(100, 10);
            b.put(200, 10);
            b.put(0, 1);
            b.put(1, 1); // initial_display_delay_present_for_this_op
            b.put(9, 4);
        }
    }
    b.put(15, 4); // frame_width_bits_minus_1: 16 bits, as SVT-AV1 writes them
    b.put(15, 4);
    b.put(w - 1, 16);
    b.put(h - 1, 16);
    if (full)
        b.put(0, 1); // frame_id_numbers_present_flag
    b.zeros(3);      // 64×64 superblocks, no filter intra, no intra edge filter
    if (full) {
        b.zeros(4); // interintra, masked compound, warped motion, dual filter
        b.put(orderHints ? 1 : 0, 1);
        if (orderHints)
            b.zeros(2); // jnt_comp, ref_frame_mvs
        b.zeros(2);     // seq_choose_screen_content_tools 0, seq_force_screen_content_tools 0
        if (orderHints)
            b.put(3, 3); // order_hint_bits_minus_1
    }
    b.zeros(3);                         // superres, cdef, loop restoration
    b.zeros(1 + 1 + 1 + 1 + 2 + 1 + 1); // 8-bit 4:2:0, no colour description, range, position, uv, no film grain
    const Bytes payload = b.bytes(true);
    if (!sized)
        return Bytes{0x08} + payload; // OBU_SEQUENCE_HEADER without a size field: the rest of the data
    Bytes obu{0x0a};                  // OBU_SEQUENCE_HEADER with a size field
    put(obu, payload.size(), 1);
    put(obu, payload);
    return obu;
}

// The sequence header of the frame header rows: 64×48, full, with order hints.
const Bytes kAv1Sequence = av1SequenceHeader(64, 48, true, true, true);
// The same whose first operating point has two spatial layers.
const Bytes kAv1Layered = av1SequenceHeader(64, 48, true, true, true, 0x301);

// An AV1 frame header (AV1 5.9.2) up to its frame size, in a sequence of av1SequenceHeader(…, full
// = true, …, orderHints), then zero bits for the rest of the header.
struct Av1Frame {
    int type = 0;          // KEY_FRAME, INTER_FRAME, INTRA_ONLY_FRAME, SWITCH_FRAME
    uint32_t w = 0, h = 0; // 0: the sequence's size (no override)
    bool errorResilient = false;
    int foundRef = -1; // an inter frame that overrides: the reference whose size it takes
    bool shortSignaling = false;
    int obuType = 3;    // OBU_FRAME_HEADER; 6: OBU_FRAME; 7: OBU_REDUNDANT_FRAME_HEADER
    int spatialId = -1; // an OBU extension with this spatial id (temporal id 0); -1: none
};
Bytes av1FrameHeader(const Av1Frame &f, bool orderHints = false)
{
    const bool key = f.type == 0, intra = key || f.type == 2, switchFrame = f.type == 3;
    const bool resilient = key || switchFrame || f.errorResilient;
    BitWriter b;
    b.put(0, 1); // show_existing_frame
    b.put(uint64_t(f.type), 2);
    b.put(1, 1); // show_frame (equal picture interval: no presentation time)
    if (!key && !switchFrame)
        b.put(resilient ? 1 : 0, 1);
    b.put(0, 1); // disable_cdf_update
    if (!switchFrame)
        b.put(f.w ? 1 : 0, 1); // frame_size_override_flag
    if (orderHints)
        b.put(1, 4); // order_hint
    if (!intra && !resilient)
        b.put(7, 3); // primary_ref_frame: none
    b.put(0, 1);     // buffer_removal_time_present_flag
    if (!key && !switchFrame)
        b.put(1, 8); // refresh_frame_flags
    if (!key && resilient && orderHints)
        b.zeros(8 * 4); // ref_order_hint
    if (!intra) {
        if (orderHints)
            b.put(f.shortSignaling ? 1 : 0, 1);
        if (f.shortSignaling)
            b.zeros(6); // last_frame_idx, gold_frame_idx
        else
            b.zeros(7 * 3); // ref_frame_idx
        if (f.w && !resilient)
            for (int i = 0; i < (f.foundRef < 0 ? 7 : f.foundRef + 1); ++i)
                b.put(i == f.foundRef ? 1 : 0, 1); // found_ref
    }
    if (f.w && (f.foundRef < 0 || resilient)) {
        b.put(f.w - 1, 16);
        b.put(f.h - 1, 16);
    } else {
        b.put(0xffffffff, 32); // what a reader that misses the reference would take for a size
    }
    b.zeros(64);
    const Bytes payload = b.bytes(true);
    Bytes obu{uint8_t(f.obuType << 3 | (f.spatialId >= 0 ? 4 : 0) | 2)};
    if (f.spatialId >= 0)
        obu.push_back(uint8_t(f.spatialId << 3));
    put(obu, payload.size(), 1);
    put(obu, payload);
    return obu;
}

Bytes av1C(const Bytes &configObus = {}) { return box("av1C", Bytes{0x81, 0x00, 0x0c, 0x00} + configObus); }

// The grid description: version 0, flags (1: 32-bit sizes), rows - 1, columns - 1, width, height.
Bytes grid(int rows, int columns, uint32_t w, uint32_t h, bool wide = false)
{
    Bytes b{0, uint8_t(wide ? 1 : 0), uint8_t(rows - 1), uint8_t(columns - 1)};
    put(b, w, wide ? 4 : 2);
    put(b, h, wide ? 4 : 2);
    return b;
}
// The overlay description: version 0, flags, four fill values, the canvas, an offset pair a layer.
Bytes overlay(uint32_t w, uint32_t h, int layers)
{
    Bytes b{0, 1};
    put(b, 0, 8);
    put(b, w, 4);
    put(b, h, 4);
    put(b, 0, 8 * layers);
    return b;
}

// A HEIF file whose primary image is item `primary`. Coded items (hvc1) carry a stand-in hvcC that
// libheif's box reader accepts; their data is 16 bytes in mdat. `moreMeta`: boxes at the end of its
// meta box (grpl).
Bytes heif(const std::vector<ItemSpec> &items, uint16_t primary, const char *brand = "heic", const Bytes &moreMeta = {})
{
    Bytes ipco, ipma, iinf, iref, idat;
    put(ipco, hvcC());
    int property = 1;
    std::vector<std::pair<uint16_t, size_t>> idatAt; // item → offset in idat
    put(ipma, items.size(), 4);
    put(iinf, items.size(), 2);
    for (const ItemSpec &it : items) {
        Bytes infe;
        put(infe, it.id, 2);
        put(infe, 0, 2);
        infe.insert(infe.end(), it.type, it.type + 4);
        infe.push_back(0);
        put(iinf, fullBox("infe", 2, it.hidden ? 1 : 0, infe));
        std::vector<int> assoc;
        if (!it.config.empty()) {
            put(ipco, it.config);
            assoc.push_back(0x80 | ++property); // essential
        } else if (std::string(it.type) == "hvc1") {
            assoc.push_back(0x81); // the stand-in hvcC
        }
        for (const Bytes &before : it.before) {
            put(ipco, before);
            assoc.push_back(++property);
        }
        if (it.w) {
            Bytes ispe;
            put(ispe, it.w, 4);
            put(ispe, it.h, 4);
            put(ipco, fullBox("ispe", 0, 0, ispe));
            assoc.push_back(++property);
        }
        for (const Bytes &after : it.after) {
            put(ipco, after);
            assoc.push_back(++property);
        }
        if (it.auxFor) {
            put(ipco, fullBox("auxC", 0, 0, Bytes(it.auxType, it.auxType + std::strlen(it.auxType) + 1)));
            assoc.push_back(++property);
        }
        put(ipma, it.id, 2);
        put(ipma, assoc.size(), 1);
        for (const int a : assoc)
            put(ipma, a, 1);
        if (!it.from.empty()) {
            Bytes ref;
            put(ref, it.id, 2);
            put(ref, it.from.size(), 2);
            for (const uint16_t f : it.from)
                put(ref, f, 2);
            put(iref, box("dimg", ref));
        }
        if (it.auxFor || it.thumbnailOf) {
            Bytes ref;
            put(ref, it.id, 2);
            put(ref, 1, 2);
            put(ref, it.auxFor ? it.auxFor : it.thumbnailOf, 2);
            put(iref, box(it.auxFor ? "auxl" : "thmb", ref));
        }
        if (!it.data.empty()) {
            idatAt.emplace_back(it.id, idat.size());
            put(idat, it.data);
        }
    }
    const Bytes ftyp =
        box("ftyp", Bytes(brand, brand + 4) + Bytes{0, 0, 0, 0, 'm', 'i', 'f', '1'} + Bytes(brand, brand + 4));
    Bytes mdat; // each coded item's data
    std::vector<size_t> codedAt;
    for (const ItemSpec &it : items) {
        codedAt.push_back(mdat.size());
        put(mdat, it.coded.empty() ? Bytes(16, 0x42) : it.coded);
    }
    auto meta = [&](uint32_t mdatBody) {
        Bytes iloc{0x44, 0x00}; // version 1: offset and length 4 bytes, no base offset or index
        put(iloc, items.size(), 2);
        for (size_t i = 0; i < items.size(); ++i) {
            const ItemSpec &it = items[i];
            put(iloc, it.id, 2);
            const auto in = std::find_if(idatAt.begin(), idatAt.end(), [&](auto &p) { return p.first == it.id; });
            put(iloc, in != idatAt.end() ? 1 : 0, 2); // construction: idat or the file
            put(iloc, 0, 2);
            put(iloc, 1, 2);
            put(iloc, in != idatAt.end() ? in->second : mdatBody + codedAt[i], 4);
            put(iloc, in != idatAt.end() ? it.data.size() : (it.coded.empty() ? 16 : it.coded.size()), 4);
        }
        Bytes pitm;
        put(pitm, primary, 2);
        Bytes body =
            fullBox("hdlr", 0, 0, Bytes{0, 0, 0, 0, 'p', 'i', 'c', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        put(body, fullBox("pitm", 0, 0, pitm));
        put(body, fullBox("iloc", 1, 0, iloc));
        put(body, fullBox("iinf", 0, 0, iinf));
        if (!iref.empty())
            put(body, fullBox("iref", 0, 0, iref));
        put(body, box("iprp", box("ipco", ipco) + fullBox("ipma", 0, 0, ipma)));
        if (!idat.empty())
            put(body, box("idat", idat));
        put(body, moreMeta);
        return fullBox("meta", 0, 0, body);
    };
    const size_t metaSize = meta(0).size();
    Bytes file = ftyp;
    put(file, meta(uint32_t(ftyp.size() + metaSize + 8)));
    put(file, box("mdat", mdat));
    return file;
}

QString probeError(const Bytes &file) { return probeImage(file.data(), file.size()).error; }

ItemSpec tile(uint16_t id, uint32_t w, uint32_t h) { return {id, "hvc1", w, h, {}, {}, 0}; }
// A coded item (hvc1, av01) of size box w×h with its configuration box and data, and properties
// after its size box.
ItemSpec coded(uint16_t id, const char *type, uint32_t w, uint32_t h, const Bytes &config, const Bytes &data = {},
               const std::vector<Bytes> &after = {})
{
    return {id, type, w, h, {}, {}, 0, config, data, after};
}
// A grid of 2×2 of `tile` (item 1), w×h, the primary image.
Bytes grid2x2(const ItemSpec &tile, uint32_t w, uint32_t h, const char *brand = "heic")
{
    return heif({tile, {2, "grid", w, h, grid(2, 2, w, h), {1, 1, 1, 1}, 0}}, 2, brand);
}
// A grid of 2×2 of an HEVC tile (item 1, 64×48, SPS of its size) with an alpha plane of its own
// (item 3).
Bytes gridWithTileAlpha(const ItemSpec &alpha)
{
    return heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48)})),
                 {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0},
                 alpha},
                2);
}
ItemSpec tileAlpha(uint32_t w, uint32_t h, const Bytes &sps) { return {3, "hvc1", w, h, {}, {}, 1, hvcC({sps})}; }
// An HEVC image of w×h (its SPS of that size), hidden when `hidden`.
ItemSpec picture(uint16_t id, uint32_t w, uint32_t h, bool hidden = false)
{
    ItemSpec item = coded(id, "hvc1", w, h, hvcC({hevcSps(w, h)}));
    item.hidden = hidden;
    return item;
}
// An HEVC image of w×h that is a thumbnail of item `of`.
ItemSpec thumbnail(uint16_t id, uint32_t w, uint32_t h, uint16_t of)
{
    ItemSpec item = picture(id, w, h);
    item.thumbnailOf = of;
    return item;
}
// An alpha plane of w×h for item `of`.
ItemSpec alphaOf(uint16_t id, uint32_t w, uint32_t h, uint16_t of)
{
    ItemSpec item = picture(id, w, h);
    item.auxFor = of;
    return item;
}
// `item` as an auxiliary image of item `of`, of the auxC type `type` (an alpha plane's or a depth map's).
ItemSpec auxiliaryOf(ItemSpec item, uint16_t of, const char *type)
{
    item.auxFor = of;
    item.auxType = type;
    return item;
}
// A group list box (grpl) of one group of alternatives (altr) of the items `ids`.
Bytes alternatives(const std::vector<uint16_t> &ids)
{
    Bytes group;
    put(group, 100, 4); // group_id
    put(group, ids.size(), 4);
    for (const uint16_t id : ids)
        put(group, id, 4);
    return box("grpl", fullBox("altr", 0, 0, group));
}

// An image sequence without a still image (ISO/IEC 23008-12 7, as the conformance file C026): a
// file type box of `brands` (the major brand first), a movie box of one track whose handler is
// `handler` ('pict') and whose sample size box lists `frames` frames, and their data, 100 bytes
// each. `meta`: a box after the file type box.
Bytes sequenceOnly(const std::vector<const char *> &brands, uint32_t frames, const char *handler = "pict",
                   const Bytes &meta = {})
{
    Bytes ftyp(brands[0], brands[0] + 4);
    put(ftyp, 0, 4); // minor version
    for (const char *brand : brands)
        ftyp.insert(ftyp.end(), brand, brand + 4);
    Bytes sizes;
    put(sizes, 0, 4); // the frames' sizes differ: listed
    put(sizes, frames, 4);
    for (uint32_t i = 0; i < frames; ++i)
        put(sizes, 100, 4);
    Bytes hdlr{0, 0, 0, 0}; // pre_defined, the handler, reserved, an empty name
    hdlr.insert(hdlr.end(), handler, handler + 4);
    hdlr.resize(hdlr.size() + 13, 0);
    const Bytes head = box("ftyp", ftyp) + meta;
    const auto movie = [&](uint32_t dataAt) {
        Bytes chunks;
        put(chunks, 1, 4);
        put(chunks, dataAt, 4);
        const Bytes stbl = box("stbl", fullBox("stsz", 0, 0, sizes) + fullBox("stco", 0, 0, chunks));
        return box("moov", box("mvhd", Bytes(100, 0)) +
                               box("trak", box("tkhd", Bytes(84, 0)) +
                                               box("mdia", fullBox("hdlr", 0, 0, hdlr) + box("minf", stbl))));
    };
    const size_t dataAt = head.size() + movie(0).size() + 8;
    return head + movie(uint32_t(dataAt)) + box("mdat", Bytes(size_t(frames) * 100, 0x42));
}

// irot: turned by quarterTurns × 90° anticlockwise.
Bytes irot(int quarterTurns) { return box("irot", Bytes{uint8_t(quarterTurns)}); }
// imir: mirrored about an axis (libheif 1.15: 1 reverses each row, 0 the order of the rows).
Bytes imir(int axis) { return box("imir", Bytes{uint8_t(axis)}); }
// clap: a clean aperture of w×h (ISO/IEC 14496-12 12.1.4), its centre `dx`, `dy` from the
// picture's (in halves when `halves`).
Bytes clap(uint32_t w, uint32_t h, int32_t dx = 0, int32_t dy = 0, bool halves = false)
{
    Bytes b;
    const uint32_t d = halves ? 2 : 1;
    for (const uint32_t v : {w, 1u, h, 1u, uint32_t(dx), d, uint32_t(dy), d})
        put(b, v, 4);
    return box("clap", b);
}
// A temporal delimiter OBU and an IDR slice NAL unit's first bytes: units the walks step over.
const Bytes kTemporalDelimiter{0x12, 0x00};
const Bytes kSlice{0x26, 0x01, 0xaf, 0x05, 0x40, 0x00, 0x00, 0x03, 0x01};

} // namespace

class TestHeifLayout : public QObject
{
    Q_OBJECT
private slots:
    void consistentLayoutsAreAccepted_data()
    {
        QTest::addColumn<QByteArray>("file");
        auto add = [](const char *name, const Bytes &b) {
            QTest::newRow(name) << QByteArray((const char *)b.data(), int(b.size()));
        };
        add("coded", heif({tile(1, 64, 48)}, 1));
        add("grid 2x2 of 64x48, cut to 100x90",
            heif({tile(1, 64, 48), {2, "grid", 100, 90, grid(2, 2, 100, 90), {1, 1, 1, 1}, 0}}, 2));
        add("grid with 32-bit sizes",
            heif({tile(1, 64, 48), {2, "grid", 128, 96, grid(2, 2, 128, 96, true), {1, 1, 1, 1}, 0}}, 2));
        add("overlay of two layers", heif({tile(1, 64, 48), {2, "iovl", 64, 96, overlay(64, 96, 2), {1, 1}, 0}}, 2));
        add("iden of a grid", heif({tile(1, 64, 48),
                                    {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0},
                                    {3, "iden", 128, 96, {}, {2}, 0}},
                                   3));
        add("HEVC SPS of its size", heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48)}))}, 1));
        // libheif decodes an alpha plane with its image, not a depth map: a depth map whose SPS lies
        // about its size failed the whole photo (QA note 46), where a thumbnail's lie was ignored.
        add("a depth map of a larger HEVC SPS",
            heif(
                {coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48)})),
                 auxiliaryOf(coded(2, "hvc1", 64, 48, hvcC({hevcSps(30000, 30000)})), 1, "urn:mpeg:hevc:2015:auxid:2")},
                1));
        add("a depth map (MPEG-B) of a larger HEVC SPS",
            heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48)})),
                  auxiliaryOf(coded(2, "hvc1", 64, 48, hvcC({hevcSps(30000, 30000)})), 1,
                              "urn:mpeg:mpegB:cicp:systems:auxiliary:depth")},
                 1));
        add("HEVC SPS padded to whole blocks",
            heif({coded(1, "hvc1", 100, 50, hvcC({hevcSps(128, 64)}), lengthPrefixed({hevcSps(128, 64), kSlice}))}, 1));
        add("HEVC SPS with sub-layers", heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48, 6)}))}, 1));
        add("AV1 sequence header of its size",
            heif({coded(1, "av01", 64, 48, av1C(av1SequenceHeader(64, 48)))}, 1, "avif"));
        add("AV1 sequence header without a size field",
            heif({coded(1, "av01", 64, 48, av1C(), kTemporalDelimiter + av1SequenceHeader(64, 48, false, false))}, 1,
                 "avif"));
        add("AV1 full sequence header in its data",
            heif({coded(1, "av01", 64, 48, av1C(), kTemporalDelimiter + av1SequenceHeader(64, 48, true))}, 1, "avif"));
        // AV1 frame headers: a frame size of their own within the size box, a reference's, none.
        add("AV1 key frame of a size of its own",
            heif({coded(1, "av01", 64, 48, av1C(kAv1Sequence), kTemporalDelimiter + av1FrameHeader({0, 60, 40}, true))},
                 1, "avif"));
        add("AV1 inter frame of a reference's size",
            heif({coded(1, "av01", 64, 48, av1C(kAv1Sequence),
                        av1FrameHeader({}, true) +
                            av1FrameHeader({.type = 1, .w = 40000, .h = 40000, .foundRef = 2}, true))},
                 1, "avif"));
        add("AV1 frame header without a sequence header",
            heif({coded(1, "av01", 64, 48, av1C(), av1FrameHeader({0, 40000, 40000}))}, 1, "avif"));
        add("AV1 frame header cut before its size",
            heif({coded(1, "av01", 64, 48, av1C(av1SequenceHeader(64, 48, true)), Bytes{0x1a, 0x01, 0x14})}, 1,
                 "avif"));
        // Grid tiles decode at exactly their size box (libheif places them by it).
        add("grid of HEVC tiles of their size", grid2x2(coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48)})), 128, 96));
        add("grid of HEVC tiles cropped to their size, 4:2:0",
            grid2x2(coded(1, "hvc1", 64, 48, hvcC({hevcSps(72, 64, 0, 1, {0, 4, 0, 8})}),
                          lengthPrefixed({hevcSps(72, 64, 0, 1, {0, 4, 0, 8}), kSlice})),
                    128, 96));
        add("grid of HEVC tiles cropped to their size, 4:2:2",
            grid2x2(coded(1, "hvc1", 56, 48, hvcC({hevcSps(64, 64, 0, 2, {0, 4, 0, 16})})), 112, 96));
        add("grid of HEVC tiles cropped to their size, 4:4:4",
            grid2x2(coded(1, "hvc1", 56, 48, hvcC({hevcSps(64, 64, 0, 3, {0, 8, 0, 16})})), 112, 96));
        add("grid of HEVC tiles cropped to their size, monochrome",
            grid2x2(coded(1, "hvc1", 56, 48, hvcC({hevcSps(64, 64, 0, 0, {0, 8, 0, 16})})), 112, 96));
        add("grid of HEVC tiles turned by irot",
            grid2x2(coded(1, "hvc1", 48, 64, hvcC({hevcSps(48, 64)}), {}, {irot(1)}), 128, 96));
        add("grid of HEVC tiles turned by irot before their size box", // placed unturned, decoded turned
            heif({{1, "hvc1", 64, 48, {}, {}, 0, hvcC({hevcSps(48, 64)}), {}, {}, {irot(1)}},
                  {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0}},
                 2));
        add("grid of AV1 tiles of their size",
            grid2x2(coded(1, "av01", 64, 48, av1C(kAv1Sequence), kTemporalDelimiter + av1FrameHeader({}, true)), 128,
                    96, "avif"));
        add("grid of tiles with alpha planes of their size", gridWithTileAlpha(tileAlpha(64, 48, hevcSps(64, 48))));
        add("grid of tiles with an auxiliary image of another size (libheif leaves it)",
            gridWithTileAlpha({3, "grid", 32, 24, grid(1, 1, 32, 24), {1}, 1}));
        add("grid of AV1 tiles in two spatial layers, the highest of their size", // dav1d hands it over
            grid2x2(coded(1, "av01", 64, 48, av1C(kAv1Layered),
                          av1FrameHeader({.w = 32, .h = 24, .spatialId = 0}, true) +
                              av1FrameHeader({.spatialId = 1}, true)),
                    128, 96, "avif"));
        add("grid with a grid alpha plane", heif({tile(1, 64, 48),
                                                  {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0},
                                                  {3, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 2}},
                                                 2));
    }
    void consistentLayoutsAreAccepted()
    {
        QFETCH(QByteArray, file);
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(file.constData()), size_t(file.size()));
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QVERIFY(info.format == ImageFormat::Heif || info.format == ImageFormat::Avif);
        QVERIFY(info.width > 0 && info.height > 0);
    }

    void inconsistentLayoutsAreRefusedBeforeDecoding_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("reason");
        auto add = [](const char *name, const Bytes &b, const char *reason) {
            QTest::newRow(name) << QByteArray((const char *)b.data(), int(b.size())) << QString::fromUtf8(reason);
        };
        // What libheif 1.15 decoded at the grid's or canvas's size (2.4 GB for 20000²) or crashed on.
        add("grid larger than its size box",
            heif({tile(1, 64, 64), {2, "grid", 64, 64, grid(1, 1, 20000, 20000, true), {1}, 0}}, 2),
            "damaged HEIF: its grid is 20000×20000 but its size box says 64×64");
        add("grid of 65535² with a 16-bit field",
            heif({tile(1, 64, 64), {2, "grid", 64, 64, grid(1, 1, 65535, 65535), {1}, 0}}, 2),
            "its grid is 65535×65535 but its size box says 64×64");
        add("overlay canvas larger than its size box",
            heif({tile(1, 64, 64), {2, "iovl", 64, 64, overlay(20000, 20000, 1), {1}, 0}}, 2),
            "its overlay canvas is 20000×20000 but its size box says 64×64");
        add("tiles too few to cover",
            heif({tile(1, 64, 48), {2, "grid", 200, 96, grid(2, 2, 200, 96), {1, 1, 1, 1}, 0}}, 2),
            "its grid of 200×96 is not tiled by 2×2 tiles of 64×48");
        add("a whole tile to spare",
            heif({tile(1, 64, 48), {2, "grid", 64, 96, grid(2, 2, 64, 96), {1, 1, 1, 1}, 0}}, 2),
            "its grid of 64×96 is not tiled by 2×2 tiles of 64×48");
        add("tile count", heif({tile(1, 64, 48), {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1}, 0}}, 2),
            "its grid of 2×2 has 3 tiles");
        add("tiles of two sizes",
            heif({tile(1, 64, 48), tile(3, 64, 50), {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 3, 1, 1}, 0}}, 2),
            "the tiles of its grid differ in size");
        add("tile without a size", heif({tile(1, 0, 0), {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0}}, 2),
            "a tile of its grid has no size");
        add("grid as a tile",
            heif({tile(1, 64, 48),
                  {2, "grid", 64, 48, grid(1, 1, 64, 48), {1}, 0},
                  {3, "grid", 64, 48, grid(1, 1, 64, 48), {2}, 0}},
                 3),
            "a tile of its grid is a derived image");
        add("overlay stacking", heif({tile(1, 64, 48), {2, "iovl", 64, 48, overlay(64, 48, 5), {1, 1, 1, 1, 1}, 0}}, 2),
            "its overlay stacks more than 4 times the pixels of its 64×48 canvas");
        add("iden of itself", heif({tile(1, 64, 48), {2, "iden", 64, 48, {}, {2}, 0}}, 2),
            "its derived images are nested more than 4 deep (or in a loop)");
        add("iden larger than itself", heif({tile(1, 6400, 4800), {2, "iden", 64, 48, {}, {1}, 0}}, 2),
            "its iden image is 64×48 but the image it shows has 30720000 pixels");
        // libheif 1.15 asserted (and aborted the worker) on an iden or overlay of a non-image item.
        add("iden of an item that is not an image",
            heif({{1, "hvc0", 64, 48, {}, {}, 0}, {2, "iden", 64, 48, {}, {1}, 0}}, 2),
            "one of its derived images refers to an item that is not an image");
        add("overlay of an item that is not there",
            heif({tile(1, 64, 48), {2, "iovl", 64, 48, overlay(64, 48, 1), {7}, 0}}, 2),
            "one of its derived images refers to an item that is not an image");
        add("grid of an Exif item",
            heif({{1, "Exif", 0, 0, {}, {}, 0}, {2, "grid", 64, 48, grid(1, 1, 64, 48), {1}, 0}}, 2),
            "a tile of its grid is not an image");
        // Overlays of overlays of one shared layer: 400 × 400 × 400 walks without a bound.
        {
            std::vector<uint16_t> layers2(400, 2), layers3(400, 3);
            add("overlays sharing layers",
                heif({tile(1, 1, 1),
                      {2, "iovl", 20, 20, overlay(20, 20, 400), std::vector<uint16_t>(400, 1), 0},
                      {3, "iovl", 200, 200, overlay(200, 200, 400), layers2, 0},
                      {4, "iovl", 2000, 2000, overlay(2000, 2000, 400), layers3, 0}},
                     4),
                "its derived images refer to more than 262144 images");
        }
        add("iden of two", heif({tile(1, 64, 48), {2, "iden", 64, 48, {}, {1, 1}, 0}}, 2),
            "its iden image refers to 2 images, not one");
        add("grid without a size box",
            heif({tile(1, 64, 48), {2, "grid", 0, 0, grid(1, 1, 64, 48), {1}, 0}, {3, "iden", 64, 48, {}, {2}, 0}}, 3),
            "its grid image has no size box");
        add("grid description cut short", heif({tile(1, 64, 48), {2, "grid", 64, 48, Bytes{0, 0, 0, 0, 0}, {1}, 0}}, 2),
            "its grid description is cut short");
        add("grid of a later version",
            heif({tile(1, 64, 48), {2, "grid", 64, 48, Bytes{1, 0, 0, 0, 0, 64, 0, 48}, {1}, 0}}, 2),
            "its grid image is of an unknown version");
        // A coded image decodes at its stream's size: libde265 allocated the SPS's picture, dav1d
        // the sequence header's frame, before the size was compared with the size box.
        add("HEVC SPS larger than its size box", heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(32768, 32768)}))}, 1),
            "damaged HEIF: its HEVC stream is 32768×32768 but its size box says 64×48");
        for (const char *alpha : {"urn:mpeg:hevc:2015:auxid:1", "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha"})
            add(qPrintable(QStringLiteral("an alpha plane (%1) of a larger HEVC SPS").arg(alpha)),
                heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48)})),
                      auxiliaryOf(coded(2, "hvc1", 64, 48, hvcC({hevcSps(30000, 30000)})), 1, alpha)},
                     1),
                "its HEVC stream is 30000×30000 but its size box says 64×48");
        add("HEVC SPS of sub-layers larger than its size box",
            heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(20000, 16, 6)}))}, 1),
            "its HEVC stream is 20000×16 but its size box says 64×48");
        add("HEVC 4:4:4 SPS larger than its size box",
            heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 20000, 0, 3)}))}, 1),
            "its HEVC stream is 64×20000 but its size box says 64×48");
        add("HEVC SPS in the data after one of its size",
            heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48)}),
                        lengthPrefixed({hevcSps(64, 48), kSlice, hevcSps(30000, 30000), kSlice}))},
                 1),
            "its HEVC stream is 30000×30000 but its size box says 64×48");
        add("grid tile of a larger HEVC SPS",
            heif({coded(1, "hvc1", 64, 48, hvcC({hevcSps(20000, 20000)})),
                  {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0}},
                 2),
            "its HEVC stream is 20000×20000 but its size box says 64×48");
        add("AV1 sequence header larger than its size box",
            heif({coded(1, "av01", 64, 48, av1C(av1SequenceHeader(20000, 20000)))}, 1, "avif"),
            "damaged AVIF: its AV1 stream is 20000×20000 but its size box says 64×48");
        add("AV1 full sequence header in its data, larger",
            heif({coded(1, "av01", 64, 48, av1C(av1SequenceHeader(64, 48)),
                        kTemporalDelimiter + av1SequenceHeader(40000, 48, true))},
                 1, "avif"),
            "its AV1 stream is 40000×48 but its size box says 64×48");
        add("AV1 sequence header without a size field, larger",
            heif({coded(1, "av01", 64, 48, av1C(), kTemporalDelimiter + av1SequenceHeader(64, 30000, false, false))}, 1,
                 "avif"),
            "its AV1 stream is 64×30000 but its size box says 64×48");
        // dav1d allocates the frame a frame header gives, up to 2^16 a side, without comparing it
        // with its sequence's largest frame.
        add("AV1 key frame header larger than its size box",
            heif({coded(1, "av01", 64, 48, av1C(kAv1Sequence), av1FrameHeader({0, 40000, 30000}, true))}, 1, "avif"),
            "damaged AVIF: its AV1 stream is 40000×30000 but its size box says 64×48");
        add("AV1 intra-only frame, error resilient, larger",
            heif({coded(1, "av01", 64, 48, av1C(kAv1Sequence),
                        av1FrameHeader({}, true) + av1FrameHeader({2, 64, 20000, true}, true))},
                 1, "avif"),
            "its AV1 stream is 64×20000 but its size box says 64×48");
        add("AV1 inter frame of a size of its own, larger",
            heif({coded(1, "av01", 64, 48, av1C(kAv1Sequence),
                        av1FrameHeader({}, true) + av1FrameHeader({1, 20000, 48}, true))},
                 1, "avif"),
            "its AV1 stream is 20000×48 but its size box says 64×48");
        add("AV1 inter frame, short reference signaling, larger",
            heif({coded(1, "av01", 64, 48, av1C(kAv1Sequence),
                        av1FrameHeader({}, true) +
                            av1FrameHeader({.type = 1, .w = 20000, .h = 48, .shortSignaling = true}, true))},
                 1, "avif"),
            "its AV1 stream is 20000×48 but its size box says 64×48");
        add("AV1 inter frame, error resilient, larger",
            heif({coded(1, "av01", 64, 48, av1C(kAv1Sequence),
                        av1FrameHeader({}, true) + av1FrameHeader({1, 300, 300, true}, true))},
                 1, "avif"),
            "its AV1 stream is 300×300 but its size box says 64×48");
        add("AV1 switch frame, larger",
            heif({coded(1, "av01", 64, 48, av1C(av1SequenceHeader(64, 48, true)),
                        av1FrameHeader({}) + av1FrameHeader({3, 200, 100}))},
                 1, "avif"),
            "its AV1 stream is 200×100 but its size box says 64×48");
        add("AV1 redundant frame header, larger",
            heif({coded(1, "av01", 64, 48, av1C(),
                        kTemporalDelimiter + kAv1Sequence + av1FrameHeader({.obuType = 6}, true) +
                            av1FrameHeader({.w = 32768, .h = 32768, .obuType = 7}, true))},
                 1, "avif"),
            "its AV1 stream is 32768×32768 but its size box says 64×48");
        // A tile decoded at another size than libheif places it by: the overlap written by its
        // decoding threads in any order, or canvas pixels never written (found by fuzz_decode).
        add("HEVC tile wider than its size box", grid2x2(coded(1, "hvc1", 56, 64, hvcC({hevcSps(64, 64)})), 112, 128),
            "a tile of its grid decodes at 64×64 where its size box needs 56×64");
        add("HEVC tile narrower than its size box",
            grid2x2(coded(1, "hvc1", 72, 64, hvcC({hevcSps(64, 64)})), 144, 128),
            "a tile of its grid decodes at 64×64 where its size box needs 72×64");
        add("HEVC tile whose data has an SPS of another size",
            grid2x2(coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48)}), lengthPrefixed({hevcSps(64, 56), kSlice})), 128,
                    96),
            "a tile of its grid decodes at 64×56 where its size box needs 64×48");
        add("HEVC tile cropped by too much",
            grid2x2(coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 64, 0, 1, {0, 0, 0, 16})})), 128, 96),
            "a tile of its grid decodes at 64×32 where its size box needs 64×48");
        add("HEVC tile cropped by more than it has",
            grid2x2(coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 64, 0, 1, {0, 0, 0, 40})})), 128, 96),
            "a tile of its grid decodes at 64×0 where its size box needs 64×48");
        // An AV1 tile turned or mirrored on its own, as avifenc 0.11 writes a grid with --irot or
        // --imir: libavif ignores that, libheif applied it (every tile turned twice, "done").
        const std::pair<const char *, Bytes> own[] = {{"AV1 tile turned by 180° on its own", irot(2)},
                                                      {"AV1 tile mirrored on its own", imir(0)},
                                                      {"AV1 tile mirrored across on its own", imir(1)}};
        for (const auto &[name, box] : own)
            add(name,
                grid2x2(
                    coded(1, "av01", 64, 48, av1C(kAv1Sequence), kTemporalDelimiter + av1FrameHeader({}, true), {box}),
                    128, 96, "avif"),
                "a tile of its grid is turned or mirrored on its own (irot/imir), which libavif ignores and libheif "
                "applies: its tiles cannot be placed as its writer meant");
        add("HEVC tile turned by irot, coded unturned",
            grid2x2(coded(1, "hvc1", 48, 64, hvcC({hevcSps(64, 48)}), {}, {irot(1)}), 128, 96),
            "a tile of its grid decodes at 64×48 where its size box needs 48×64");
        add("HEVC tile turned by irot before its size box, coded as placed",
            heif({{1, "hvc1", 64, 48, {}, {}, 0, hvcC({hevcSps(64, 48)}), {}, {}, {irot(1)}},
                  {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0}},
                 2),
            "a tile of its grid decodes at 64×48 where its size box needs 48×64");
        add("AV1 tile in two spatial layers, the highest of another size",
            grid2x2(coded(1, "av01", 64, 48, av1C(kAv1Layered),
                          av1FrameHeader({.w = 32, .h = 24, .spatialId = 0}, true) +
                              av1FrameHeader({.w = 60, .h = 40, .spatialId = 1}, true)),
                    128, 96, "avif"),
            "a tile of its grid decodes at 60×40 where its size box needs 64×48");
        add("AV1 tile in two spatial layers without a frame of the highest",
            grid2x2(
                coded(1, "av01", 64, 48, av1C(kAv1Layered), av1FrameHeader({.w = 32, .h = 24, .spatialId = 0}, true)),
                128, 96, "avif"),
            "a tile of its grid decodes at 32×24 where its size box needs 64×48");
        add("HEVC tile with a clean aperture",
            grid2x2(coded(1, "hvc1", 64, 48, hvcC({hevcSps(64, 48)}), {}, {clap(60, 40)}), 128, 96),
            "a tile of its grid has a clean aperture (clap) of its own");
        add("AV1 tile whose frame has a size of its own",
            grid2x2(
                coded(1, "av01", 64, 48, av1C(kAv1Sequence), kTemporalDelimiter + av1FrameHeader({0, 60, 40}, true)),
                128, 96, "avif"),
            "a tile of its grid decodes at 60×40 where its size box needs 64×48");
        add("AV1 tile whose frame has the sequence's larger size",
            grid2x2(coded(1, "av01", 64, 48, av1C(av1SequenceHeader(80, 48, true, true, true)),
                          kTemporalDelimiter + av1FrameHeader({}, true)),
                    128, 96, "avif"),
            "a tile of its grid decodes at 80×48 where its size box needs 64×48");
        // A tile's alpha plane, pasted at the tile's decoded size (read past its end when smaller).
        add("tile alpha plane of another size than its size box", gridWithTileAlpha(tileAlpha(64, 48, hevcSps(64, 64))),
            "the alpha plane of a tile of its grid decodes at 64×64 where its size box needs 64×48 (it would be read "
            "past its end)");
        add("tile alpha plane of 32768² under its size box",
            gridWithTileAlpha(tileAlpha(64, 48, hevcSps(32768, 32768))),
            "its HEVC stream is 32768×32768 but its size box says 64×48");
        add("tile alpha plane that is a derived image",
            gridWithTileAlpha({3, "grid", 64, 48, grid(1, 1, 64, 48), {1}, 1}),
            "the alpha plane of a tile of its grid is a derived image");
        add("alpha plane larger than its size box",
            heif({tile(1, 64, 64), tile(2, 64, 64), {3, "grid", 64, 64, grid(1, 1, 20000, 20000, true), {2}, 1}}, 1),
            "its grid is 20000×20000 but its size box says 64×64");
    }
    void inconsistentLayoutsAreRefusedBeforeDecoding()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, reason);
        const QString error = probeError(Bytes(file.begin(), file.end()));
        QVERIFY2(error.contains(reason), qPrintable(error));
    }

    // The size the primary image is handed over at: its size box turned and cropped by its irot
    // and clap boxes in order, wherever they stand beside the size box (libheif 1.15 reports a
    // size that leaves out those before it, and decodes them all); what is decoded before a crop
    // counts against the pixel limit.
    void sizeIsAsHandedOver_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<qint64>("decoded");
        // decoded: the pixels decoded when more than those handed over (a crop), else 0.
        auto add = [](const char *name, const std::vector<Bytes> &before, const std::vector<Bytes> &after, QSize size,
                      qint64 decoded = 0, const Bytes &sps = hevcSps(64, 48)) {
            const Bytes b = heif({{1, "hvc1", 64, 48, {}, {}, 0, hvcC({sps}), {}, after, before}}, 1);
            QTest::newRow(name) << QByteArray((const char *)b.data(), int(b.size())) << size << decoded;
        };
        add("plain", {}, {}, QSize(64, 48));
        add("turned after its size box", {}, {irot(1)}, QSize(48, 64));
        add("turned before its size box", {irot(1)}, {}, QSize(48, 64));
        // libheif 1.15 writes the turned size in the size box after an irot: the stream tells.
        add("turned before its size box, which has the turned size", {irot(1)}, {}, QSize(64, 48), 0, hevcSps(48, 64));
        { // ... where its sides differ by more than a stream may pad (PixelPool's own AVIF output)
            const Bytes b = heif({{1, "hvc1", 240, 150, {}, {}, 0, hvcC({hevcSps(150, 240)}), {}, {}, {irot(1)}}}, 1);
            QTest::newRow("turned before its size box, which has the turned size, far from square")
                << QByteArray((const char *)b.data(), int(b.size())) << QSize(240, 150) << qint64(0);
        }
        add("turned twice, before and after", {irot(3)}, {irot(1)}, QSize(64, 48));
        add("turned upside down", {irot(2)}, {}, QSize(64, 48));
        // A stream of another size than the size box: libheif's size stands (the decode is
        // compared with it and refused).
        add("stream padded past its size box", {irot(1)}, {}, QSize(64, 48), 0, hevcSps(64, 64));
        add("stream without its size", {irot(1)}, {}, QSize(64, 48), 0, Bytes{0x42, 0x01, 0x01});
        add("cropped after its size box", {}, {clap(32, 24)}, QSize(32, 24), 64 * 48);
        add("cropped before its size box", {clap(32, 24)}, {}, QSize(32, 24), 64 * 48);
        add("cropped, then turned", {clap(32, 24)}, {irot(1)}, QSize(24, 32), 64 * 48);
        add("turned, then cropped", {irot(1)}, {clap(32, 24)}, QSize(32, 24), 64 * 48);
        // Past the right edge: libheif clamps the crop (left 56 = 40 + 31.5 - 15.5).
        add("cropped past the edge", {}, {clap(32, 24, 40)}, QSize(8, 24), 64 * 48);
        // Odd sizes: libheif rounds the left edge down, the top one to nearest (left 16 = 16.5
        // down, top 12 = 11.5 rounded), then clamps to the picture.
        add("cropped at half pixels", {}, {clap(31, 23, 1, 0, true)}, QSize(31, 23), 64 * 48);
    }
    void sizeIsAsHandedOver()
    {
        QFETCH(QByteArray, file);
        QFETCH(QSize, size);
        QFETCH(qint64, decoded);
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(file.constData()), size_t(file.size()));
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(QSize(info.width, info.height), size);
        QCOMPARE(info.framePixels, decoded);
    }

    // The transformations PixelPool applies itself to a mirrored image (HeifCodec.cpp): each irot,
    // imir and clap in the order associated, before the size box or after it, a crop resolved for
    // the picture as the steps before it leave it, as libheif 1.15 applies them.
    void transformationsAreInLibheifsOrder()
    {
        using K = HeifStep::Kind;
        const auto text = [](const HeifTransforms &t) {
            QStringList steps;
            for (const HeifStep &s : t.steps)
                steps << (s.kind == K::Turn ? QStringLiteral("turn %1").arg(s.quarterTurns)
                          : s.kind == K::Mirror
                              ? QStringLiteral("mirror %1").arg(s.reverseRows ? "rows" : "columns")
                              : QStringLiteral("crop %1,%2 %3×%4").arg(s.left).arg(s.top).arg(s.width).arg(s.height));
            return QStringLiteral("%1×%2: %3").arg(t.width).arg(t.height).arg(steps.join(", "));
        };
        const Bytes file = heif({{1,
                                  "hvc1",
                                  64,
                                  48,
                                  {},
                                  {},
                                  0,
                                  hvcC({hevcSps(64, 48)}),
                                  {},
                                  {imir(1), clap(32, 24, 4, 2), irot(1), imir(0)},
                                  {irot(2)}}},
                                1);
        HeifTransforms t = heifTransforms(file.data(), file.size());
        QVERIFY(t.known);
        QVERIFY(!t.auxiliaryTransformed);
        // The crop's centre 4 right and 2 down of the picture's: left 20 = 4 + 31.5 - 15.5, top 14.
        QCOMPARE(text(t), QString("64×48: turn 2, mirror rows, crop 20,14 32×24, turn 1, mirror columns"));
        QCOMPARE(QSize(probeImage(file.data(), file.size()).width, probeImage(file.data(), file.size()).height),
                 QSize(24, 32));

        // An alpha plane with transformations of its own: libheif applies them to it whatever it
        // is asked, so PixelPool leaves a mirrored picture with it to libheif.
        const Bytes withAlpha = heif({{1, "hvc1", 64, 48, {}, {}, 0, hvcC({hevcSps(64, 48)}), {}, {imir(1)}},
                                      {2, "hvc1", 64, 48, {}, {}, 1, hvcC({hevcSps(64, 48)}), {}, {imir(1)}}},
                                     1);
        t = heifTransforms(withAlpha.data(), withAlpha.size());
        QVERIFY(t.known);
        QVERIFY(t.auxiliaryTransformed);

        // More than a photo could have: not followed, libheif's own decoding stands.
        std::vector<Bytes> many(65, imir(1));
        const Bytes tooMany = heif({{1, "hvc1", 64, 48, {}, {}, 0, hvcC({hevcSps(64, 48)}), {}, many}}, 1);
        QVERIFY(!heifTransforms(tooMany.data(), tooMany.size()).known);
        // A stream of another size than its size box: the picture they are for is not known.
        const Bytes padded = heif({{1, "hvc1", 64, 48, {}, {}, 0, hvcC({hevcSps(64, 64)}), {}, {imir(1)}}}, 1);
        QVERIFY(!heifTransforms(padded.data(), padded.size()).known);
    }

    // A crop of a picture over the pixel limit is refused: libheif decodes the whole picture.
    void aCropOfAHugePictureIsOverTheLimit()
    {
        const Bytes file =
            heif({{1, "hvc1", 20000, 20000, {}, {}, 0, hvcC({hevcSps(20000, 20000)}), {}, {clap(1, 1)}}}, 1);
        const ImageInfo info = probeImage(file.data(), file.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(QSize(info.width, info.height), QSize(1, 1));
        QVERIFY(overPixelLimit(info, 200'000'000).contains("400.0 megapixels"));
    }

    // The grid's data outside the idat box it names, or an extent past the end of the file.
    void derivationDataOutsideTheFileIsRefused()
    {
        Bytes file = heif({tile(1, 64, 48), {2, "grid", 64, 48, grid(1, 1, 64, 48), {1}, 0}}, 2);
        QVERIFY2(probeError(file).isEmpty(), qPrintable(probeError(file)));
        // iloc's entry for item 2 is the second one: id, construction, reference, count, offset, length.
        const Bytes pattern{0, 2, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 8};
        const auto at = std::search(file.begin(), file.end(), pattern.begin(), pattern.end());
        QVERIFY(at != file.end());
        *(at + 11) = 0xf0; // offset 240 in an idat of 8 bytes
        QVERIFY2(probeError(file).contains("the data of its grid image is not in the file"),
                 qPrintable(probeError(file)));
    }

    // The images of a file as a viewer shows them (HeifLayout.h, heifImages), of which PixelPool
    // reads one and says how many there are (HeifCodec.cpp): a collection or a burst of several
    // images gave its primary image without a word. A thumbnail, an alpha plane, the tiles of a grid
    // (hidden or not) and an alternative of another are no images of their own. A primary image
    // that is a thumbnail stands for the image it was made from, which is read.
    void imagesAreCounted_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("read");
        auto add = [](const char *name, const Bytes &b, int count, int read) {
            QTest::newRow(name) << QByteArray((const char *)b.data(), int(b.size())) << count << read;
        };
        add("one image", heif({picture(1, 64, 48)}, 1), 1, 1);
        add("three images, the second one primary",
            heif({picture(1, 64, 48), picture(2, 32, 32), picture(3, 48, 64)}, 2), 3, 2);
        add("an image and its thumbnail", heif({picture(1, 64, 48), thumbnail(2, 32, 24, 1)}, 1), 1, 1);
        add("two images with a thumbnail each",
            heif({picture(1, 64, 48), thumbnail(2, 32, 24, 1), picture(3, 48, 64), thumbnail(4, 24, 32, 3)}, 3), 2, 3);
        add("an image and a hidden one", heif({picture(1, 64, 48), picture(2, 64, 48, true)}, 1), 1, 1);
        add("an image and its alpha plane", heif({picture(1, 64, 48), alphaOf(2, 64, 48, 1)}, 1), 1, 1);
        add("a grid of tiles that are not hidden", grid2x2(tile(1, 64, 48), 128, 96), 1, 2);
        add("two alternatives", heif({picture(1, 64, 48), picture(2, 64, 48)}, 2, "heic", alternatives({1, 2})), 1, 2);
        add("two alternatives and another image",
            heif({picture(1, 64, 48), picture(2, 64, 48), picture(3, 32, 32)}, 1, "heic", alternatives({2, 1})), 2, 1);
        add("a primary image that is a thumbnail", heif({picture(1, 64, 48), thumbnail(2, 32, 24, 1)}, 2), 1, 1);
        add("a primary image that is a thumbnail, and another image",
            heif({picture(1, 64, 48), thumbnail(2, 32, 24, 1), picture(3, 16, 16)}, 2), 2, 1);
        // libheif 1.15 hands out no hidden image: the thumbnail stays the image read.
        add("a primary image that is a thumbnail of a hidden image",
            heif({picture(1, 64, 48, true), thumbnail(2, 32, 24, 1)}, 2), 1, 2);
    }
    void imagesAreCounted()
    {
        QFETCH(QByteArray, file);
        QFETCH(int, count);
        QFETCH(int, read);
        const auto *data = reinterpret_cast<const uint8_t *>(file.constData());
        QVERIFY2(probeError(Bytes(file.begin(), file.end())).isEmpty(),
                 qPrintable(probeError(Bytes(file.begin(), file.end()))));
        const HeifImages images = heifImages(data, size_t(file.size()));
        QCOMPARE(int(images.count), count);
        QCOMPARE(int(images.read), read);
    }

    // A primary image that is a thumbnail of another (the conformance file C005: a 128×72 thumbnail
    // of a 1280×720 image) was probed, checked and read as the thumbnail. The image it was made from
    // is read: its size is the one the pixel limit is checked on, and its layout is the one checked.
    void aPrimaryThumbnailIsProbedAsTheImageItWasMadeFrom()
    {
        const Bytes file = heif({picture(1, 640, 480), thumbnail(2, 32, 24, 1)}, 2);
        const ImageInfo info = probeImage(file.data(), file.size());
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(QSize(info.width, info.height), QSize(640, 480));
        QVERIFY(!overPixelLimit(info, 640 * 480 - 1).isEmpty());
        QVERIFY(overPixelLimit(info, 640 * 480).isEmpty());
        // The master's stream larger than its size box: refused as any primary image's is.
        const Bytes larger =
            heif({coded(1, "hvc1", 640, 480, hvcC({hevcSps(20000, 20000)})), thumbnail(2, 32, 24, 1)}, 2);
        QVERIFY2(probeError(larger).contains("its HEVC stream is 20000×20000 but its size box says 640×480"),
                 qPrintable(probeError(larger)));
    }

    // An image sequence without a still image (tracks only: the conformance file C026, brand msf1;
    // an AVIF sequence without its meta box) failed as damaged, in libheif's words: "damaged or
    // unsupported HEIF: Unsupported file-type: Unspecified: File does not include any supported
    // brands". It is a kind PixelPool does not read (the probe's format Unknown: the job fails as
    // unsupported), said as such; a file cut short or without any image stays damaged.
    void aSequenceWithoutAStillImageIsOfAKindNotRead_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<bool>("unsupported");
        QTest::addColumn<QString>("reason");
        auto add = [](const char *name, const Bytes &b, bool unsupported, const QString &reason) {
            QTest::newRow(name) << QByteArray((const char *)b.data(), int(b.size())) << unsupported << reason;
        };
        const QString sequence = QStringLiteral("%1 image sequence of %2 without a still image (PixelPool reads %1 "
                                                "still images, not a sequence's frames)");
        const Bytes c026 = sequenceOnly({"msf1", "msf1", "hevc", "iso8"}, 3);
        add("HEIF of brand msf1", c026, true, sequence.arg("HEIF", "3 frames"));
        add("one frame", sequenceOnly({"msf1", "msf1", "hevc"}, 1), true, sequence.arg("HEIF", "1 frame"));
        add("AVIF of brand avis", sequenceOnly({"avis", "avis", "msf1", "iso8"}, 3), true,
            sequence.arg("AVIF", "3 frames"));
        // Brands that promise a still image (mif1 needs a meta box): libheif finds none.
        add("AVIF of brands avif and mif1", sequenceOnly({"avis", "avif", "mif1", "msf1"}, 2), true,
            sequence.arg("AVIF", "2 frames"));
        // A meta box of another kind than images (iTunes-style metadata) holds no still image either.
        add("a meta box that is not of images",
            sequenceOnly({"msf1", "msf1", "hevc"}, 2, "pict",
                         fullBox("meta", 0, 0, fullBox("hdlr", 0, 0, Bytes{0, 0, 0, 0, 'm', 'd', 'i', 'r', 0, 0, 0,
                                                                           0, 0, 0, 0, 0,   0,   0,   0,   0, 0}))),
            true, sequence.arg("HEIF", "2 frames"));
        // Damaged: cut short inside the movie box or the frames' data; no track of pictures.
        add("cut short inside its movie box", Bytes(c026.begin(), c026.begin() + 200), false,
            "damaged or unsupported HEIF: Unsupported file-type");
        add("cut short inside its frames' data", Bytes(c026.begin(), c026.end() - 50), false,
            "damaged or unsupported HEIF: Unsupported file-type");
        // A video (MP4) names no brand of HEIF: its track of pictures is no image sequence of one.
        add("an MP4 video", sequenceOnly({"isom", "isom", "mp41"}, 3, "vide"), false,
            "damaged or unsupported HEIF: Unsupported file-type");
        add("a track of alpha planes only", sequenceOnly({"msf1", "msf1", "hevc"}, 3, "auxv"), false,
            "damaged or unsupported HEIF: Unsupported file-type");
        add("a file type box only", Bytes(c026.begin(), c026.begin() + 32), false,
            "damaged or unsupported HEIF: Unsupported file-type");
    }
    void aSequenceWithoutAStillImageIsOfAKindNotRead()
    {
        QFETCH(QByteArray, file);
        QFETCH(bool, unsupported);
        QFETCH(QString, reason);
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(file.constData()), size_t(file.size()));
        QVERIFY2(info.error.startsWith(reason), qPrintable(info.error));
        QCOMPARE(info.format == ImageFormat::Unknown, unsupported);
    }

    // Every prefix of a consistent grid file probes without a crash, and never as a size other
    // than its size box (a cut meta box is refused by libheif or by the check, never half-read).
    void everyPrefixIsSafe()
    {
        const Bytes file = heif({tile(1, 64, 48), {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0}}, 2);
        for (size_t n = 0; n <= file.size(); ++n) {
            const ImageInfo info = probeImage(file.data(), n);
            if (info.error.isEmpty())
                QVERIFY2(info.width == 128 && info.height == 96, qPrintable(QString::number(n)));
        }
    }
};

QTEST_GUILESS_MAIN(TestHeifLayout)
#include "tst_heif_layout.moc"
