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
// cover it without a whole tile to spare and each decode at exactly its `ispe` (libheif places
// them by it), an overlay may not stack more than 4 canvases of pixels, and derivations are at
// most kMaxDepth deep (a cycle is one that never ends).
//
// A coded image is decoded at the size its stream gives, too: libde265 allocates the picture its
// HEVC sequence parameter set (SPS) describes, dav1d the frame its AV1 frame header gives (the
// sequence header's largest frame, or a size of the frame's own up to 2^16 a side, which dav1d
// does not compare with the largest), whatever the `ispe` says; the size is compared with the
// `ispe` only after decoding. So the SPSs of an hvc1 image (in its hvcC box and in its data, where
// a later one replaces the first), and the sequence and frame headers of an av01 image (in av1C and
// in its data) must not describe more than its `ispe` plus the padding a coded picture may have
// (kCodedSlack a side).
#include "Codecs.h"
#include "FrameTurn.h"
#include "HeifLayout.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
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
// A coded picture is padded to whole coding blocks (HEVC: 8 to 64 samples) and cropped to its size
// box by its conformance window; AV1 codes any size.
constexpr uint64_t kCodedSlack = 64;
// NAL units / OBUs looked at in one check: tiles that share one long run of tiny units would
// otherwise be walked again for each tile. A photo of 48 tiles has a few hundred.
constexpr uint64_t kMaxUnits = 1 << 22;

using Dimensions = std::pair<uint64_t, uint64_t>; // width, height

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
    void skip(size_t n)
    {
        if (n > left())
            m_ok = false;
        m_at = std::min(m_n, m_at + n);
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

// The box at `at` of [d, d + n) (at least 8 bytes are left), and its whole size in *size; none when
// it runs past the end or is shorter than its header.
std::optional<Box> boxAt(const uint8_t *d, size_t n, size_t at, size_t *size)
{
    Reader r(d + at, n - at);
    uint64_t whole = r.u32();
    const uint32_t type = r.u32();
    size_t header = 8;
    if (whole == 1) {
        whole = r.uint(8);
        header = 16;
    } else if (whole == 0) {
        whole = n - at;
    }
    if (!r.ok() || whole < header || whole > n - at)
        return std::nullopt;
    *size = size_t(whole);
    return Box{type, d + at + header, size_t(whole) - header};
}

// The boxes in [d, d + n); false when one runs past the end or is shorter than its header (the
// boxes before it are in `out`).
bool readBoxes(const uint8_t *d, size_t n, std::vector<Box> *out)
{
    size_t at = 0;
    while (n - at >= 8) {
        size_t size = 0;
        const std::optional<Box> box = boxAt(d, n, at, &size);
        if (!box)
            return false;
        out->push_back(*box);
        at += size;
        if (out->size() > kMaxItems)
            return false;
    }
    return at == n || n - at < 8; // trailing bytes shorter than a box header are ignored, as libheif does
}

// Bits of a NAL unit's payload or an OBU, most significant first; reads past the end give 0 and
// clear ok().
class BitReader
{
public:
    BitReader(const uint8_t *d, size_t n) : m_d(d), m_bits(n * 8) {}
    bool ok() const { return m_ok; }
    uint64_t bits(int n)
    {
        uint64_t v = 0;
        for (int i = 0; i < n; ++i) {
            if (m_at >= m_bits) {
                m_ok = false;
                return 0;
            }
            v = v << 1 | (m_d[m_at >> 3] >> (7 - (m_at & 7)) & 1);
            ++m_at;
        }
        return v;
    }
    void skip(size_t n)
    {
        if (n > m_bits - std::min(m_at, m_bits))
            m_ok = false;
        m_at = std::min(m_bits, m_at + n);
    }
    // ue(v), HEVC's Exp-Golomb code: more than 32 leading zeros is not a value a decoder takes.
    uint64_t ue()
    {
        int zeros = 0;
        while (bits(1) == 0 && m_ok)
            if (++zeros > 32) {
                m_ok = false;
                return 0;
            }
        return (uint64_t(1) << zeros) - 1 + bits(zeros);
    }
    // uvlc(), AV1's variable-length code (a value of 32 leading zeros or more is 2^32 - 1).
    uint64_t uvlc()
    {
        int zeros = 0;
        while (bits(1) == 0 && m_ok)
            ++zeros;
        return zeros >= 32 ? 0xffffffffu : (uint64_t(1) << zeros) - 1 + bits(zeros);
    }

private:
    const uint8_t *m_d;
    size_t m_bits;
    size_t m_at = 0;
    bool m_ok = true;
};

// The sizes an HEVC sequence parameter set (H.265 7.3.2.2) gives its pictures, as libde265 reads it.
struct HevcSps {
    Dimensions coded; // the picture decoded, whole coding blocks
    // The picture handed over: the coded one cropped by the conformance window (libde265's
    // width_confwin), in luma samples; nullopt when the SPS is cut short before the window.
    std::optional<std::pair<int64_t, int64_t>> shown;
};

// The SPS of a whole NAL unit (its 2-byte header first), or nullopt when it is not one or is cut
// short before its size.
std::optional<HevcSps> hevcSps(const uint8_t *nal, size_t size)
{
    if (size < 3 || (nal[0] >> 1 & 0x3f) != 33)
        return std::nullopt;
    // The payload without its emulation prevention bytes (00 00 03); the size comes within the
    // first ~50 bytes even with 7 sub-layers' profiles.
    uint8_t rbsp[256];
    size_t n = 0;
    int zeros = 0;
    for (size_t i = 2; i < size && n < sizeof rbsp; ++i) {
        if (zeros >= 2 && nal[i] == 3) {
            zeros = 0;
            continue;
        }
        rbsp[n++] = nal[i];
        zeros = nal[i] == 0 ? zeros + 1 : 0;
    }
    BitReader r(rbsp, n);
    r.bits(4); // sps_video_parameter_set_id
    const int subLayers = int(r.bits(3));
    r.bits(1);  // temporal id nesting
    r.skip(96); // general profile, tier and level
    bool profile[8] = {}, level[8] = {};
    for (int i = 0; i < subLayers; ++i) {
        profile[i] = r.bits(1);
        level[i] = r.bits(1);
    }
    if (subLayers > 0)
        r.skip(2 * size_t(8 - subLayers));
    for (int i = 0; i < subLayers; ++i)
        r.skip((profile[i] ? 88 : 0) + (level[i] ? 8 : 0));
    r.ue(); // sps_seq_parameter_set_id
    const uint64_t chroma = r.ue();
    const bool separatePlanes = chroma == 3 && r.bits(1);
    const uint64_t w = r.ue(), h = r.ue();
    if (!r.ok())
        return std::nullopt;
    HevcSps sps{{w, h}, std::nullopt};
    uint64_t window[4] = {}; // left, right, top, bottom, in chroma samples
    if (r.bits(1))           // conformance_window_flag
        for (uint64_t &offset : window)
            offset = r.ue();
    if (!r.ok() || chroma > 3) // libde265 refuses a chroma format past 4:4:4
        return sps;
    // The window's unit is a chroma sample (SubWidthC, SubHeightC), a luma sample without chroma.
    const int64_t unitX = separatePlanes || chroma == 0 || chroma == 3 ? 1 : 2;
    const int64_t unitY = separatePlanes || chroma != 1 ? 1 : 2;
    const auto crop = [](uint64_t side, uint64_t a, uint64_t b, int64_t unit) { // each at most 2^32
        return int64_t(side) - int64_t(a + b) * unit;
    };
    sps.shown.emplace(crop(w, window[0], window[1], unitX), crop(h, window[2], window[3], unitY));
    return sps;
}

// What an AV1 sequence header OBU's payload says (AV1 5.5): the largest frame (max_frame_width and
// height) and what its frame headers are read with.
struct Av1Sequence {
    uint64_t width = 0, height = 0;
    int widthBits = 0, heightBits = 0;
    bool complete = false; // read up to the fields a frame header needs (else only the size)
    bool reduced = false;  // reduced_still_picture_header: one key frame of the largest size
    bool decoderModel = false, equalInterval = false;
    int removalDelayBits = 0, presentationDelayBits = 0;
    int points = 0;
    uint32_t pointIdc[32] = {};
    bool pointDecoderModel[32] = {};
    int frameIdBits = 0, deltaFrameIdBits = 0;      // 0: no frame ids
    int screenContentTools = 0, forceIntegerMv = 0; // 2: chosen by each frame
    int orderHintBits = 0;
};

// The sequence header of an OBU's payload, as dav1d reads it; nullopt when it is cut short before
// its size.
std::optional<Av1Sequence> av1Sequence(const uint8_t *d, size_t size)
{
    Av1Sequence s;
    BitReader r(d, size);
    r.bits(3);             // seq_profile
    r.bits(1);             // still_picture
    s.reduced = r.bits(1); // reduced_still_picture_header
    if (s.reduced) {
        r.bits(5);
        s.points = 1;
    } else {
        int delayBits = 0;
        if (r.bits(1)) { // timing_info_present_flag
            r.skip(64);
            s.equalInterval = r.bits(1);
            if (s.equalInterval)
                r.uvlc();
            s.decoderModel = r.bits(1);
            if (s.decoderModel) {
                delayBits = int(r.bits(5)) + 1;
                r.skip(32);
                s.removalDelayBits = int(r.bits(5)) + 1;
                s.presentationDelayBits = int(r.bits(5)) + 1;
            }
        }
        const bool initialDelay = r.bits(1);
        s.points = int(r.bits(5)) + 1;
        for (int i = 0; i < s.points && r.ok(); ++i) {
            s.pointIdc[i] = uint32_t(r.bits(12)); // operating_point_idc
            if (r.bits(5) > 7)                    // seq_level_idx
                r.bits(1);                        // seq_tier
            s.pointDecoderModel[i] = s.decoderModel && r.bits(1);
            if (s.pointDecoderModel[i])
                r.skip(2 * size_t(delayBits) + 1);
            if (initialDelay && r.bits(1))
                r.bits(4);
        }
    }
    s.widthBits = int(r.bits(4)) + 1;
    s.heightBits = int(r.bits(4)) + 1;
    s.width = r.bits(s.widthBits) + 1;
    s.height = r.bits(s.heightBits) + 1;
    if (!r.ok())
        return std::nullopt;
    if (!s.reduced && r.bits(1)) { // frame_id_numbers_present_flag
        s.deltaFrameIdBits = int(r.bits(4)) + 2;
        s.frameIdBits = int(r.bits(3)) + s.deltaFrameIdBits + 1;
    }
    r.skip(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
    if (s.reduced) {
        s.screenContentTools = s.forceIntegerMv = 2;
    } else {
        r.skip(4); // interintra, masked compound, warped motion, dual filter
        const bool orderHint = r.bits(1);
        if (orderHint)
            r.skip(2); // enable_jnt_comp, enable_ref_frame_mvs
        s.screenContentTools = r.bits(1) ? 2 : int(r.bits(1));
        s.forceIntegerMv = s.screenContentTools ? (r.bits(1) ? 2 : int(r.bits(1))) : 2;
        if (orderHint)
            s.orderHintBits = int(r.bits(3)) + 1;
    }
    s.complete = r.ok();
    return s;
}

// The size an AV1 frame header (AV1 5.9.2, read as dav1d reads it, up to frame_size()) gives its
// frame (its upscaled size, the one dav1d hands over): one of its own, or the sequence's largest;
// nullopt when it takes a reference frame's, shows an existing frame, or is cut short. temporalId
// and spatialId are its OBU's (0 without an extension).
std::optional<Dimensions> av1FrameSize(const uint8_t *d, size_t size, const Av1Sequence &s, int temporalId,
                                       int spatialId)
{
    enum { Key = 0, Inter = 1, IntraOnly = 2, Switch = 3 };
    BitReader r(d, size);
    int type = Key;
    bool show = true, errorResilient = true;
    if (!s.reduced) {
        if (r.bits(1)) // show_existing_frame
            return std::nullopt;
        type = int(r.bits(2));
        show = r.bits(1);
        if (show && s.decoderModel && !s.equalInterval)
            r.skip(size_t(s.presentationDelayBits)); // frame_presentation_time
        if (!show)
            r.bits(1); // showable_frame
        errorResilient = (type == Key && show) || type == Switch || r.bits(1);
    }
    r.bits(1); // disable_cdf_update
    const bool screenContent = s.screenContentTools == 2 ? r.bits(1) : s.screenContentTools != 0;
    if (screenContent && s.forceIntegerMv == 2)
        r.bits(1);                 // force_integer_mv
    r.skip(size_t(s.frameIdBits)); // current_frame_id
    const bool override = !s.reduced && (type == Switch || r.bits(1));
    r.skip(size_t(s.orderHintBits)); // order_hint
    const bool intra = type == Key || type == IntraOnly;
    if (!intra && !errorResilient)
        r.skip(3);                     // primary_ref_frame
    if (s.decoderModel && r.bits(1)) { // buffer_removal_time_present_flag
        for (int i = 0; i < s.points; ++i) {
            const uint32_t idc = s.pointIdc[i];
            if (s.pointDecoderModel[i] && (idc == 0 || ((idc >> temporalId & 1) && (idc >> (spatialId + 8) & 1))))
                r.skip(size_t(s.removalDelayBits));
        }
    }
    const uint64_t refresh = (type == Key && show) || type == Switch ? 0xff : r.bits(8); // refresh_frame_flags
    if ((!intra || refresh != 0xff) && errorResilient)
        r.skip(8 * size_t(s.orderHintBits)); // ref_order_hint
    if (!intra) {
        const bool shortSignaling = s.orderHintBits && r.bits(1); // frame_refs_short_signaling
        if (shortSignaling)
            r.skip(6); // last_frame_idx, gold_frame_idx
        for (int i = 0; i < 7; ++i)
            r.skip((shortSignaling ? 0 : 3) + size_t(s.deltaFrameIdBits)); // ref_frame_idx, delta_frame_id
        if (override && !errorResilient)
            for (int i = 0; i < 7; ++i)
                if (r.bits(1)) // found_ref: the size of a reference frame, itself checked
                    return std::nullopt;
    }
    if (!override)
        return std::make_pair(s.width, s.height);
    const uint64_t w = r.bits(s.widthBits) + 1, h = r.bits(s.heightBits) + 1;
    if (!r.ok())
        return std::nullopt;
    return std::make_pair(w, h);
}

// A fraction as libheif 1.15 computes with them (its Fraction, box.cc): 32-bit, halved while a part
// is over 2^16, its arithmetic wrapping as libheif's does on this machine. Reproduced so that a
// clean aperture crops here exactly as it does there.
struct HeifFraction {
    int32_t n = 0, d = 1;
    static int32_t wrap(int64_t v) { return int32_t(uint32_t(uint64_t(v))); }
    HeifFraction(int64_t num, int64_t den) : n(wrap(num)), d(wrap(den))
    {
        constexpr int32_t kMax = 0x10000; // MAX_FRACTION_VALUE
        while (d > kMax || d < -kMax) {
            n /= 2;
            d /= 2;
        }
        while (n > kMax || n < -kMax) {
            n /= 2;
            d /= 2;
        }
    }
    HeifFraction operator+(const HeifFraction &b) const
    {
        return d == b.d ? HeifFraction(wrap(int64_t(n) + b.n), d)
                        : HeifFraction(wrap(wrap(int64_t(n) * b.d) + wrap(int64_t(b.n) * d)), wrap(int64_t(d) * b.d));
    }
    HeifFraction operator-(const HeifFraction &b) const
    {
        return d == b.d ? HeifFraction(wrap(int64_t(n) - b.n), d)
                        : HeifFraction(wrap(wrap(int64_t(n) * b.d) - wrap(int64_t(b.n) * d)), wrap(int64_t(d) * b.d));
    }
    HeifFraction plus(int v) const { return HeifFraction(wrap(int64_t(n) + wrap(int64_t(v) * d)), d); }
    HeifFraction half() const { return HeifFraction(n, wrap(int64_t(d) * 2)); }
    // round_down() and round(); nullopt where libheif divides by zero (or overflows the division).
    std::optional<int32_t> down() const
    {
        return d == 0 || (n == INT32_MIN && d == -1) ? std::nullopt : std::optional<int32_t>(n / d);
    }
    std::optional<int32_t> rounded() const
    {
        const int32_t t = wrap(int64_t(n) + d / 2);
        return d == 0 || (t == INT32_MIN && d == -1) ? std::nullopt : std::optional<int32_t>(t / d);
    }
};

// What a clean aperture (clap, ISO/IEC 14496-12 12.1.4) leaves of a w×h picture when libheif 1.15
// crops it (heif_context.cc, Box_clap's left_rounded() and friends, then clamped to the picture):
// its left and top column and row, width and height; nullopt when libheif fails (an empty crop) or
// divides by zero.
struct CropRect {
    uint64_t left = 0, top = 0, width = 0, height = 0;
};
std::optional<CropRect> clapRect(const std::array<uint32_t, 8> &clap, uint64_t w, uint64_t h)
{
    for (const int i : {0, 1, 2, 3, 5, 7}) // libheif refuses these past 2^31 - 1
        if (clap[size_t(i)] > uint32_t(INT32_MAX))
            return std::nullopt;
    if (clap[1] == 0 || clap[3] == 0 || clap[5] == 0 || clap[7] == 0 || w > uint64_t(INT32_MAX) ||
        h > uint64_t(INT32_MAX))
        return std::nullopt;
    const HeifFraction width(clap[0], clap[1]), height(clap[2], clap[3]);
    const HeifFraction horizontal(int32_t(clap[4]), clap[5]), vertical(int32_t(clap[6]), clap[7]);
    const auto side = [](const HeifFraction &size, const HeifFraction &offset, int64_t picture,
                         bool downFirst) -> std::optional<std::pair<int64_t, int64_t>> {
        const HeifFraction start = offset + HeifFraction(picture - 1, 2) - size.plus(-1).half();
        const std::optional<int32_t> first = downFirst ? start.down() : start.rounded(); // as libheif, left and top
        if (!first)
            return std::nullopt;
        const std::optional<int32_t> last = size.plus(-1).plus(*first).rounded();
        if (!last)
            return std::nullopt;
        return std::make_pair(std::max<int64_t>(*first, 0), std::min<int64_t>(*last, picture - 1));
    };
    const auto x = side(width, horizontal, int64_t(w), true), y = side(height, vertical, int64_t(h), false);
    if (!x || !y || x->first > x->second || y->first > y->second)
        return std::nullopt;
    return CropRect{uint64_t(x->first), uint64_t(y->first), uint64_t(x->second - x->first + 1),
                    uint64_t(y->second - y->first + 1)};
}

// The bytes of an item's extents, one after the other, read in order without copying them.
class ExtentChain
{
public:
    void add(const uint8_t *d, size_t n)
    {
        if (n)
            m_spans.emplace_back(d, n);
        m_size += n;
    }
    uint64_t size() const { return m_size; } // all of it, wherever the cursor is
    // Copies up to n bytes from the cursor into out and moves on; the count copied.
    size_t read(uint8_t *out, size_t n)
    {
        size_t done = 0;
        while (done < n && m_span < m_spans.size()) {
            const auto &[d, size] = m_spans[m_span];
            const size_t take = std::min(n - done, size - m_at);
            std::copy(d + m_at, d + m_at + take, out + done);
            done += take;
            advance(take);
        }
        return done;
    }
    // Moves on n bytes; false when fewer are left.
    bool skip(uint64_t n)
    {
        while (n > 0 && m_span < m_spans.size()) {
            const size_t take = size_t(std::min<uint64_t>(n, m_spans[m_span].second - m_at));
            n -= take;
            advance(take);
        }
        return n == 0;
    }
    bool atEnd() const { return m_span >= m_spans.size(); }
    uint64_t left() const { return m_size - m_consumed; }

private:
    void advance(size_t n)
    {
        m_consumed += n;
        m_at += n;
        if (m_at == m_spans[m_span].second) {
            ++m_span;
            m_at = 0;
        }
    }
    std::vector<std::pair<const uint8_t *, size_t>> m_spans;
    size_t m_span = 0, m_at = 0;
    uint64_t m_size = 0, m_consumed = 0;
};

struct Extent {
    uint64_t offset = 0, length = 0;
};

// An irot (turns, anticlockwise), imir (mirror: each row reversed, else the rows' order) or clap.
struct Transform {
    int turns = 0;
    std::optional<bool> mirror;
    std::optional<std::array<uint32_t, 8>> clap;
};
constexpr size_t kMaxTransforms = 64; // a photo has one or two

struct Item {
    uint32_t type = 0;
    std::optional<std::pair<uint32_t, uint32_t>> ispe;
    int construction = -1; // -1: no location
    uint64_t baseOffset = 0;
    std::vector<Extent> extents;
    std::vector<uint32_t> derivedFrom;   // dimg, in order
    std::vector<Box> configs;            // its hvcC and av1C boxes (their bodies)
    bool hasDerivation = false;          // libheif reads an item's first dimg reference only
    bool hidden = false;                 // its infe's flag: no image of its own (a tile, a layer)
    bool auxiliary = false;              // an auxiliary image (auxl) of another: an alpha plane, a depth map
    bool alpha = false;                  // its auxC says it is an alpha plane (the auxiliary libheif decodes)
    std::optional<uint32_t> thumbnailOf; // thmb: a thumbnail of that image
    // Its transformations: libheif turns the decoded picture by every irot of 90° or 270°, but its
    // size for those after its last ispe only; it crops by clap.
    int quarterTurns = 0, quarterTurnsAfterSize = 0;
    bool clap = false;
    // The turns, mirrorings and crops in the order they are associated, as libheif applies them to
    // the decoded picture; the first kMaxTransforms (transformsCut: there were more).
    std::vector<Transform> transforms;
    bool transformsCut = false;

    // An odd number of quarter turns before its last ispe: libheif turns the picture for them but
    // not its size (libheif 1.15 writes the turned size there itself).
    bool turnedBeforeSize() const { return (quarterTurns - quarterTurnsAfterSize) % 2; }
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
            case fourcc("grpl"):
                ok = readGrpl(b);
                break;
            default:
                break;
            }
            if (!ok)
                return QStringLiteral("its %1 box cannot be read").arg(typeName(b.type));
        }
        if (!m_primary)
            return QStringLiteral("it names no primary image");
        m_named = *m_primary;
        m_primary = masterOf(*m_primary).value_or(*m_primary);
        return {};
    }

    size_t itemCount() const { return m_items.size(); }

    // The image read (the primary, or the image it is a thumbnail of) and the one the file names.
    uint32_t imageRead() const { return *m_primary; }
    uint32_t primaryNamed() const { return m_named; }

    // The file's images as a viewer shows them: libheif 1.15's top-level images (image items that
    // are not hidden, not a thumbnail and not an auxiliary image), less those another image is
    // derived from (tiles, layers, the image an iden shows: a writer that does not hide them makes
    // no more pictures), and one of each group of alternatives (altr: the same picture coded
    // another way). The image read is one of them.
    uint32_t imageCount() const
    {
        std::set<uint32_t> parts;
        for (const auto &[id, item] : m_items)
            if (isImage(item.type))
                parts.insert(item.derivedFrom.begin(), item.derivedFrom.end());
        std::set<uint32_t> shown{*m_primary};
        for (const auto &[id, item] : m_items)
            if (isImage(item.type) && !item.hidden && !item.auxiliary && !item.thumbnailOf && !parts.count(id))
                shown.insert(id);
        for (const std::vector<uint32_t> &group : m_alternatives) {
            // The first of the group that is shown stands for it (the image read, when it is one).
            const bool readIsOne = std::find(group.begin(), group.end(), *m_primary) != group.end();
            bool kept = readIsOne;
            for (const uint32_t id : group) {
                if (id == *m_primary || !shown.count(id))
                    continue;
                if (kept)
                    shown.erase(id);
                kept = true;
            }
        }
        return uint32_t(std::min<size_t>(shown.size(), UINT32_MAX));
    }

    // The primary image as libheif hands it over: the picture its stream gives (a derived image's:
    // its size box), turned and cropped by each of its transformations in turn; nullopt when that
    // is not known (no size box, a stream of another size, a crop libheif fails on). *decoded:
    // the pixels decoded before a crop.
    std::optional<Dimensions> shownSize(uint64_t *decoded) const
    {
        const std::optional<Resolved> r = resolved();
        if (!r)
            return std::nullopt;
        *decoded = r->decoded.first * r->decoded.second;
        return r->shown;
    }

    // The primary image's transformations as they apply to the picture decoded for it.
    struct Resolved {
        Dimensions decoded, shown;
        std::vector<HeifStep> steps;
    };
    std::optional<Resolved> resolved() const
    {
        const auto found = m_items.find(*m_primary);
        if (found == m_items.end() || !found->second.ispe || found->second.transformsCut)
            return std::nullopt;
        const Item &item = found->second;
        Dimensions size = *item.ispe; // a derived image's, as checked
        if (item.type == fourcc("hvc1") || item.type == fourcc("av01")) {
            // The picture the decoder gives: its size box's, or, after an irot before that box,
            // turned (libheif 1.15 writes the turned size there; the standard, the coded one).
            const std::optional<Dimensions> stream = streamSize(*m_primary);
            if (!stream)
                return std::nullopt;
            const Dimensions turned(size.second, size.first);
            if (*stream != size && !(item.turnedBeforeSize() && *stream == turned))
                return std::nullopt; // libheif's own size stands, and the decode is compared with it
            size = *stream;
        }
        Resolved r;
        r.decoded = size;
        for (const Transform &t : item.transforms) {
            HeifStep step;
            if (t.clap) {
                const std::optional<CropRect> crop = clapRect(*t.clap, size.first, size.second);
                if (!crop)
                    return std::nullopt;
                step.kind = HeifStep::Kind::Crop;
                step.left = int(std::min<uint64_t>(crop->left, INT_MAX)); // within the picture
                step.top = int(std::min<uint64_t>(crop->top, INT_MAX));
                step.width = int(std::min<uint64_t>(crop->width, INT_MAX));
                step.height = int(std::min<uint64_t>(crop->height, INT_MAX));
                size = Dimensions(crop->width, crop->height);
            } else if (t.mirror) {
                step.kind = HeifStep::Kind::Mirror;
                step.reverseRows = *t.mirror;
            } else {
                step.kind = HeifStep::Kind::Turn;
                step.quarterTurns = t.turns;
                if (t.turns % 2)
                    size = Dimensions(size.second, size.first);
            }
            r.steps.push_back(step);
        }
        r.shown = size;
        return r;
    }

    // What the primary image's irots and imirs amount to, as an EXIF Orientation (meta::composeTurns:
    // a quarter turn anticlockwise is 8, each row reversed 2, the rows' order 4); 0 when it has more
    // than were read.
    int orientation() const
    {
        const auto found = m_items.find(*m_primary);
        if (found == m_items.end() || found->second.transformsCut)
            return 0;
        constexpr int kTurned[4] = {1, 8, 3, 6}; // by 0 to 3 quarter turns anticlockwise
        int orientation = 1;
        for (const Transform &t : found->second.transforms)
            if (!t.clap)
                orientation = meta::composeTurns(orientation, t.mirror ? (*t.mirror ? 2 : 4) : kTurned[t.turns & 3]);
        return orientation;
    }

    // Whether the primary's alpha plane has transformations of its own.
    bool auxiliaryTransformed() const
    {
        for (const uint32_t aux : alphaPlanesOf(*m_primary)) {
            const auto found = m_items.find(aux);
            if (found != m_items.end() && (!found->second.transforms.empty() || found->second.transformsCut))
                return true;
        }
        return false;
    }

    // Where the primary image's data begins in the file; nullopt when it is not in the file (idat).
    std::optional<uint64_t> primaryDataOffset() const
    {
        const auto found = m_items.find(*m_primary);
        if (found == m_items.end() || found->second.construction != 0 || found->second.extents.empty())
            return std::nullopt;
        return found->second.baseOffset + found->second.extents.front().offset;
    }

    QString check()
    {
        if (QString why = walk(*m_primary, 0); !why.isEmpty())
            return why;
        for (const uint32_t from : alphaPlanesOf(*m_primary)) // libheif decodes it with the image
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

    // The alpha planes (auxiliary images, auxl, of an alpha type) of image `id`: what libheif decodes
    // with it. A depth map is not decoded: a damaged one failed the whole photo.
    std::vector<uint32_t> alphaPlanesOf(uint32_t id) const
    {
        std::vector<uint32_t> planes;
        if (const auto found = m_auxiliaryOf.find(id); found != m_auxiliaryOf.end())
            for (const uint32_t a : found->second)
                if (const auto item = m_items.find(a); item != m_items.end() && item->second.alpha)
                    planes.push_back(a);
        return planes;
    }

    bool readPitm(const Box &b)
    {
        Reader r(b.body, b.size);
        const int version = int(r.u8());
        r.uint(3);
        m_primary = version == 0 ? r.u16() : r.u32();
        return r.ok();
    }

    // The image `id` is a thumbnail of, when PixelPool reads that image instead: an image item that
    // libheif 1.15 hands out (not hidden, no thumbnail or auxiliary image itself).
    std::optional<uint32_t> masterOf(uint32_t id) const
    {
        const auto thumbnail = m_items.find(id);
        if (thumbnail == m_items.end() || !thumbnail->second.thumbnailOf || *thumbnail->second.thumbnailOf == id)
            return std::nullopt;
        const auto master = m_items.find(*thumbnail->second.thumbnailOf);
        if (master == m_items.end() || !isImage(master->second.type) || master->second.hidden ||
            master->second.auxiliary || master->second.thumbnailOf)
            return std::nullopt;
        return master->first;
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
            const uint32_t flags = uint32_t(r.uint(3));
            if (v < 2)
                continue; // no item type before version 2: not an image item libheif decodes
            const uint32_t id = v == 2 ? r.u16() : r.u32();
            r.u16(); // protection index
            const uint32_t type = r.u32();
            if (!r.ok())
                return false;
            m_items[id].type = type;
            m_items[id].hidden = flags & 1;
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
            } else if (ref.type == fourcc("auxl")) {
                for (const uint32_t t : to)
                    m_auxiliaryOf[t].push_back(from);
                m_auxiliaries += to.size();
                m_items[from].auxiliary = true;
            } else if (ref.type == fourcc("thmb") && to.size() == 1 && !m_items[from].thumbnailOf) {
                m_items[from].thumbnailOf = to.front(); // libheif refuses a thumbnail of several
            }
            if (m_items.size() > kMaxItems || m_auxiliaries > kMaxItems)
                return false;
        }
        return true;
    }

    bool readIprp(const Box &b)
    {
        std::vector<Box> boxes;
        if (!readBoxes(b.body, b.size, &boxes))
            return false;
        struct Property {
            std::optional<std::pair<uint32_t, uint32_t>> ispe;
            std::optional<Box> config; // hvcC or av1C
            std::optional<Transform> transform;
            std::optional<bool> alpha; // auxC: an alpha plane's type, or another (a depth map's)
        };
        std::vector<Property> properties; // index - 1
        for (const Box &ipco : boxes) {
            if (ipco.type != fourcc("ipco") || !properties.empty())
                continue;
            std::vector<Box> props;
            if (!readBoxes(ipco.body, ipco.size, &props))
                return false;
            for (const Box &p : props) {
                Property property;
                if (p.type == fourcc("ispe")) {
                    Reader r(p.body, p.size);
                    r.u32(); // version and flags
                    const uint32_t w = r.u32(), h = r.u32();
                    if (!r.ok())
                        return false;
                    property.ispe.emplace(w, h);
                } else if (p.type == fourcc("hvcC") || p.type == fourcc("av1C")) {
                    property.config = p;
                } else if (p.type == fourcc("auxC") && p.size >= 4) {
                    // Its type, a string after the version and flags, as libheif 1.15 tells an alpha
                    // plane (which it decodes with its image) from a depth map or another kind (which
                    // it does not).
                    const std::string type(reinterpret_cast<const char *>(p.body) + 4,
                                           strnlen(reinterpret_cast<const char *>(p.body) + 4, p.size - 4));
                    property.alpha = type == "urn:mpeg:avc:2015:auxid:1" || type == "urn:mpeg:hevc:2015:auxid:1" ||
                                     type == "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha";
                } else if (p.type == fourcc("irot")) {
                    // angle × 90° anticlockwise; libheif reads a missing byte as 0
                    if (const int turns = p.size >= 1 ? p.body[0] & 3 : 0; turns != 0)
                        property.transform = Transform{turns, std::nullopt, std::nullopt};
                } else if (p.type == fourcc("imir")) {
                    // libheif 1.15 (Box_imir::parse): an odd axis reverses each row, else the rows
                    property.transform = Transform{0, p.size >= 1 && (p.body[0] & 1), std::nullopt};
                } else if (p.type == fourcc("clap")) {
                    Reader r(p.body, p.size);
                    std::array<uint32_t, 8> fields{};
                    for (uint32_t &f : fields)
                        f = r.u32();
                    if (r.ok()) // else libheif cannot read the file
                        property.transform = Transform{0, std::nullopt, fields};
                }
                properties.push_back(property);
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
                    if (index == 0 || index > properties.size())
                        continue;
                    const Property &p = properties[index - 1];
                    Item &item = m_items[id];
                    if (p.alpha)
                        item.alpha = *p.alpha; // the last one, as libheif reads them
                    if (p.ispe) {
                        item.ispe = p.ispe; // the last one, as libheif reads them
                        item.quarterTurnsAfterSize = 0;
                    } else if (p.config && item.configs.size() < 16) {
                        item.configs.push_back(*p.config); // every one is checked
                    }
                    if (p.transform) {
                        const int quarterTurn = p.transform->turns % 2;
                        item.quarterTurns += quarterTurn;
                        item.quarterTurnsAfterSize += quarterTurn;
                        item.clap |= p.transform->clap.has_value();
                        if (item.transforms.size() < kMaxTransforms)
                            item.transforms.push_back(*p.transform);
                        else
                            item.transformsCut = true;
                    }
                }
                if (m_items.size() > kMaxItems)
                    return false;
            }
            if (!r.ok())
                return false;
        }
        return true;
    }

    // The groups of alternatives (grpl's altr boxes, ISO/IEC 14496-12 8.18.3): their entities' ids.
    // libheif 1.15 does not read them: one that cannot be read is passed over, as there.
    bool readGrpl(const Box &b)
    {
        std::vector<Box> groups;
        readBoxes(b.body, b.size, &groups);
        size_t entities = 0;
        for (const Box &g : groups) {
            if (g.type != fourcc("altr"))
                continue;
            Reader r(g.body, g.size);
            r.u32(); // version and flags
            r.u32(); // group_id
            const uint32_t count = r.u32();
            std::vector<uint32_t> ids;
            for (uint32_t i = 0; i < count && r.ok() && ++entities <= kMaxItems; ++i)
                ids.push_back(r.u32());
            if (r.ok() && entities <= kMaxItems)
                m_alternatives.push_back(std::move(ids));
        }
        return true;
    }

    // The bytes of a derived image's description (its grid or overlay data), or nullopt.
    std::optional<std::vector<uint8_t>> dataOf(const Item &item) const
    {
        ExtentChain chain;
        if (!chainOf(item, &chain) || chain.size() > kMaxDerivationBytes)
            return std::nullopt;
        std::vector<uint8_t> out(size_t(chain.size()));
        chain.read(out.data(), out.size());
        return out;
    }

    // Where an item's data is: its extents in the file or in idat; false when one is not there
    // (libheif refuses to decode such an item).
    bool chainOf(const Item &item, ExtentChain *chain) const
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
            return false;
        }
        for (const Extent &e : item.extents) {
            const uint64_t at = item.baseOffset + e.offset;
            if (at < item.baseOffset || at > available)
                return false;
            const uint64_t length = e.length == 0 ? available - at : e.length;
            if (length > available - at)
                return false;
            chain->add(from + at, size_t(length));
        }
        return true;
    }

    // A coded picture within its size box, plus padding; after an irot before that box, within
    // the box or the box turned (libheif 1.15 writes the turned size there, the standard the
    // coded one).
    QString codedSizeDamage(const char *codec, const Dimensions &coded, const Item &item) const
    {
        const uint64_t w = item.ispe->first, h = item.ispe->second;
        const auto within = [&](uint64_t bw, uint64_t bh) {
            return coded.first <= bw + kCodedSlack && coded.second <= bh + kCodedSlack;
        };
        if (within(w, h) || (item.turnedBeforeSize() && within(h, w)))
            return {};
        return QStringLiteral("its %1 stream is %2 but its size box says %3")
            .arg(QLatin1String(codec), sizeText(coded.first, coded.second), sizeText(w, h));
    }

    // The size libheif gives an image item (and places a grid tile by): its last size box, turned
    // by the irots after it; nullopt without one.
    static std::optional<Dimensions> placedSize(const Item &item)
    {
        if (!item.ispe)
            return std::nullopt;
        const auto [w, h] = *item.ispe;
        return item.quarterTurnsAfterSize % 2 ? Dimensions(h, w) : Dimensions(w, h);
    }

    // The sizes the decoder hands a coded image over at, as its stream says (every SPS after its
    // window, a side it leaves nothing of as 0; the AV1 frames dav1d hands over): the first few distinct
    // ones, in the order they come.
    static constexpr size_t kStreamSizesKept = 3; // enough to know one size from several
    void noteStream(uint32_t id, const Dimensions &size)
    {
        std::vector<Dimensions> &sizes = m_streamSizes[id];
        if (sizes.size() < kStreamSizesKept && std::find(sizes.begin(), sizes.end(), size) == sizes.end())
            sizes.push_back(size);
    }

    // The one picture size the stream of `id` gives, nullopt when it gives none or several.
    std::optional<Dimensions> streamSize(uint32_t id) const
    {
        const auto found = m_streamSizes.find(id);
        if (found == m_streamSizes.end())
            return std::nullopt;
        std::optional<Dimensions> one;
        for (const Dimensions &size : found->second) {
            if (size.first == 0 || size.second == 0)
                continue;
            if (one)
                return std::nullopt;
            one = size;
        }
        return one;
    }

    // A grid tile, or its alpha plane, must be decoded at exactly the size libheif places it by:
    // libheif 1.15 steps from tile to tile by each one's placed size but pastes the picture the
    // decoder gave (and the tile's alpha plane at the tile's size). Larger, neighbours overlap, and
    // its (default 4) decoding threads write the overlap in any order; smaller, columns or rows of
    // the canvas, which is not cleared, are never written and show whatever the memory held before
    // (an earlier image's pixels, in a worker), and an alpha plane is read past its end.
    QString tileDamage(uint32_t id, const Item &item, bool alpha)
    {
        const char *what = alpha ? "the alpha plane of a tile of its grid" : "a tile of its grid";
        if (item.type == fourcc("grid") || item.type == fourcc("iovl") || item.type == fourcc("iden"))
            return QStringLiteral("%1 is a derived image").arg(QLatin1String(what));
        if (!item.ispe || item.ispe->first == 0 || item.ispe->second == 0)
            return QStringLiteral("%1 has no size").arg(QLatin1String(what));
        if (item.clap) // placed by the aperture, pasted as cropped from the decoded picture
            return QStringLiteral("%1 has a clean aperture (clap) of its own").arg(QLatin1String(what));
        // An AV1 tile turned or mirrored on its own (avifenc 0.11 puts the image's irot/imir on every
        // tile of a grid too): libavif, the AVIF reader of browsers, ignores a tile's transformations,
        // libheif 1.15 applies them to the tile and then the grid's to the whole, so every tile came
        // out turned twice, scrambled, and "done". Refused, as PixelPool cannot make libheif paste the
        // tiles unturned.
        const bool turnedOrMirrored =
            std::any_of(item.transforms.begin(), item.transforms.end(),
                        [](const Transform &t) { return t.turns % 4 != 0 || t.mirror.has_value(); });
        if (item.type == fourcc("av01") && (turnedOrMirrored || item.transformsCut))
            return QStringLiteral("%1 is turned or mirrored on its own (irot/imir), which libavif ignores and "
                                  "libheif applies: its tiles cannot be placed as its writer meant")
                .arg(QLatin1String(what));
        if (QString why = codedDamage(id, item); !why.isEmpty())
            return why;
        const auto [w, h] = *item.ispe; // what the decoder must hand over: turned by every irot, the placed size
        const Dimensions needed = item.turnedBeforeSize() ? Dimensions(h, w) : Dimensions(w, h);
        const auto found = m_streamSizes.find(id);
        if (found == m_streamSizes.end())
            return {};
        for (const Dimensions &decoded : found->second)
            if (decoded != needed)
                return QStringLiteral("%1 decodes at %2 where its size box needs %3 (%4)")
                    .arg(QLatin1String(what), sizeText(decoded.first, decoded.second),
                         sizeText(needed.first, needed.second),
                         alpha ? QStringLiteral("it would be read past its end")
                               : QStringLiteral("tiles would overlap or leave parts of the image unwritten"));
        return {};
    }

    // An HEVC parameter set of the coded image `item`: its coded size within the size box plus
    // padding; the picture it hands over is noted.
    QString spsDamage(uint32_t id, const uint8_t *nal, size_t size, const Item &item)
    {
        const std::optional<HevcSps> sps = hevcSps(nal, size);
        if (!sps)
            return {};
        if (QString why = codedSizeDamage("HEVC", sps->coded, item); !why.isEmpty())
            return why;
        if (!sps->shown) // cut short before its window: libde265 cannot read it either
            return {};
        const auto [w, h] = *sps->shown;
        noteStream(id, Dimensions(uint64_t(std::max<int64_t>(w, 0)), uint64_t(std::max<int64_t>(h, 0))));
        return {};
    }

    // Why the coded image `id` would be decoded at a larger size than its size box (hvc1: an SPS;
    // av01: a sequence or frame header); the sizes its stream hands over are noted. Each item is
    // checked once.
    QString codedDamage(uint32_t id, const Item &item)
    {
        const bool hevc = item.type == fourcc("hvc1"), av1 = item.type == fourcc("av01");
        if ((!hevc && !av1) || !item.ispe || !m_codedChecked.insert(id).second)
            return {};
        if (hevc) {
            int lengthBytes = 4;
            for (const Box &config : item.configs) {
                if (config.type != fourcc("hvcC") || config.size < 23)
                    continue;
                lengthBytes = (config.body[21] & 3) + 1; // lengthSizeMinusOne, as libheif reads it
                Reader r(config.body + 22, config.size - 22);
                const uint32_t arrays = r.u8();
                for (uint32_t a = 0; a < arrays && r.ok(); ++a) {
                    r.u8(); // completeness and NAL unit type
                    const uint32_t units = r.u16();
                    for (uint32_t u = 0; u < units && r.ok(); ++u) {
                        const size_t length = r.u16();
                        if (length > r.left())
                            break;
                        const size_t at = config.size - r.left();
                        if (QString why = spsDamage(id, config.body + at, length, item); !why.isEmpty())
                            return why;
                        r.skip(length);
                    }
                }
            }
            ExtentChain data;
            if (!chainOf(item, &data))
                return {};
            while (!data.atEnd()) { // length-prefixed NAL units
                if (++m_units > kMaxUnits)
                    return QStringLiteral("its coded images hold more than %1 NAL units").arg(kMaxUnits);
                uint8_t prefix[4];
                if (data.read(prefix, size_t(lengthBytes)) != size_t(lengthBytes))
                    break;
                uint64_t length = 0;
                for (int i = 0; i < lengthBytes; ++i)
                    length = length << 8 | prefix[i];
                uint8_t head[2];
                if (length >= 3 && data.read(head, 2) == 2 && (head[0] >> 1 & 0x3f) == 33) {
                    std::vector<uint8_t> nal(size_t(std::min<uint64_t>(length, 300)));
                    nal[0] = head[0];
                    nal[1] = head[1];
                    const size_t got = data.read(nal.data() + 2, nal.size() - 2);
                    if (QString why = spsDamage(id, nal.data(), got + 2, item); !why.isEmpty())
                        return why;
                    length -= got + 2;
                } else if (length >= 3) {
                    length -= 2;
                }
                if (!data.skip(length))
                    break;
            }
            return {};
        }
        // av01: the configuration OBUs of av1C (after its 4 bytes), then the item's data, as
        // libheif hands them to the decoder: a sequence header in av1C is the one the data's frame
        // headers are read with until the data has its own.
        std::optional<Av1Sequence> sequence;
        for (const Box &config : item.configs) {
            if (config.type != fourcc("av1C") || config.size <= 4)
                continue;
            ExtentChain obus;
            obus.add(config.body + 4, config.size - 4);
            if (QString why = av1Damage(id, &obus, item, &sequence); !why.isEmpty())
                return why;
        }
        ExtentChain data;
        if (!chainOf(item, &data))
            return {};
        return av1Damage(id, &data, item, &sequence);
    }

    // Walks a run of OBUs (AV1 5.3: a header, an optional extension byte, a leb128 size): the size
    // of each sequence header, and of each frame header that overrides it (dav1d allocates the
    // frame its header gives, up to 2^16 a side, without comparing it with the sequence's). The
    // frames dav1d hands over are noted: libheif runs it on operating point 0 with all_layers off,
    // so it drops the frames outside that point and, of a point with spatial layers, hands over
    // the highest layer's frame (a lower one only when there is none).
    QString av1Damage(uint32_t id, ExtentChain *obus, const Item &item, std::optional<Av1Sequence> *sequence)
    {
        std::optional<Dimensions> lower; // the last frame below the highest spatial layer
        bool top = false;                // a frame of the highest layer was seen
        while (!obus->atEnd()) {
            if (++m_units > kMaxUnits)
                return QStringLiteral("its coded images hold more than %1 OBUs").arg(kMaxUnits);
            uint8_t header = 0, extension = 0;
            if (obus->read(&header, 1) != 1)
                break;
            const int type = header >> 3 & 15;
            if ((header & 4) && obus->read(&extension, 1) != 1) // obu_extension_flag
                break;
            uint64_t length = 0;
            if (header & 2) { // obu_has_size_field: a leb128 size
                bool ended = false;
                for (int i = 0; i < 8 && !ended; ++i) {
                    uint8_t byte = 0;
                    if (obus->read(&byte, 1) != 1)
                        break;
                    length |= uint64_t(byte & 0x7f) << (7 * i);
                    ended = !(byte & 0x80);
                }
                if (!ended)
                    break;
            } else { // none: the OBU is the rest of the data, as dav1d reads it
                length = obus->left();
            }
            // OBU_SEQUENCE_HEADER; OBU_FRAME_HEADER, OBU_FRAME, OBU_REDUNDANT_FRAME_HEADER. A frame
            // header reads at most ~200 bytes up to its size (32 operating points' removal times).
            const bool frame = type == 3 || type == 6 || type == 7;
            if (type == 1 || (frame && *sequence && (*sequence)->complete)) {
                uint8_t payload[512];
                const size_t got = obus->read(payload, size_t(std::min<uint64_t>(length, sizeof payload)));
                std::optional<Dimensions> coded;
                if (type == 1) {
                    *sequence = av1Sequence(payload, got);
                    if (*sequence)
                        coded = std::make_pair((*sequence)->width, (*sequence)->height);
                } else {
                    const int temporalId = extension >> 5, spatialId = extension >> 3 & 3;
                    coded = av1FrameSize(payload, got, **sequence, temporalId, spatialId);
                    const uint32_t idc = (*sequence)->points ? (*sequence)->pointIdc[0] : 0; // 0: no layers
                    const bool inPoint =
                        !(header & 4) || !idc || ((idc >> temporalId & 1) && (idc >> (spatialId + 8) & 1));
                    const int highest = idc >> 8 & 15 ? 31 - __builtin_clz(idc >> 8 & 15) : 0;
                    if (coded && inPoint) {
                        if (idc && spatialId < highest) {
                            lower = coded;
                        } else {
                            top = true;
                            noteStream(id, *coded);
                        }
                    }
                }
                if (coded)
                    if (QString why = codedSizeDamage("AV1", *coded, item); !why.isEmpty())
                        return why;
                length -= got;
            }
            if (!obus->skip(length))
                break;
        }
        if (!top && lower)
            noteStream(id, *lower);
        return {};
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
            return codedDamage(id, item);
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
            std::optional<Dimensions> tile; // as libheif places them
            for (const uint32_t t : item.derivedFrom) {
                const auto it = m_items.find(t);
                if (it == m_items.end() || !isImage(it->second.type))
                    return QStringLiteral("a tile of its grid is not an image");
                if (QString why = tileDamage(t, it->second, false); !why.isEmpty())
                    return why;
                const Dimensions placed = *placedSize(it->second);
                if (tile && *tile != placed)
                    return QStringLiteral("the tiles of its grid differ in size");
                tile = placed;
                // libheif pastes a tile's own alpha plane (an auxiliary image of the tile's size) at
                // the tile's decoded size, whatever size the alpha decoded at.
                for (const uint32_t a : alphaPlanesOf(t)) {
                    if (++m_visits > kMaxVisits)
                        return QStringLiteral("its derived images refer to more than %1 images").arg(kMaxVisits);
                    const auto alpha = m_items.find(a);
                    if (alpha != m_items.end() && isImage(alpha->second.type) && placedSize(alpha->second) == placed)
                        if (QString why = tileDamage(a, alpha->second, true); !why.isEmpty())
                            return why;
                }
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
    std::optional<uint32_t> m_primary; // once read: the image read (the primary's master, when it is a thumbnail)
    uint32_t m_named = 0;              // the primary image the file names (pitm)
    std::vector<std::vector<uint32_t>> m_alternatives;
    std::map<uint32_t, Item> m_items;
    std::map<uint32_t, std::vector<uint32_t>> m_auxiliaryOf; // auxl: an image → its auxiliary images
    size_t m_auxiliaries = 0;
    std::optional<Box> m_idat;
    uint64_t m_visits = 0;
    std::set<uint32_t> m_codedChecked;                         // codedDamage
    std::map<uint32_t, std::vector<Dimensions>> m_streamSizes; // noteStream
    uint64_t m_units = 0;                                      // NAL units and OBUs looked at
};

} // namespace

QString heifLayoutDamage(const uint8_t *data, size_t size, HeifShownSize *shown)
{
    Layout layout(data, size);
    if (QString why = layout.read(); !why.isEmpty())
        return why;
    if (QString why = layout.check(); !why.isEmpty())
        return why;
    uint64_t decoded = 0;
    if (const std::optional<Dimensions> d = layout.shownSize(&decoded);
        shown && d && d->first <= uint64_t(INT_MAX) && d->second <= uint64_t(INT_MAX)) {
        shown->width = int(d->first);
        shown->height = int(d->second);
        shown->decodedPixels = qint64(std::min<uint64_t>(decoded, uint64_t(INT64_MAX)));
    }
    return {};
}

HeifTransforms heifTransforms(const uint8_t *data, size_t size)
{
    HeifTransforms out;
    Layout layout(data, size);
    if (!layout.read().isEmpty())
        return out;
    out.orientation = layout.orientation();
    if (!layout.check().isEmpty()) // check() learns the streams' sizes
        return out;
    const auto r = layout.resolved();
    if (!r || r->decoded.first == 0 || r->decoded.second == 0 || r->decoded.first > uint64_t(INT_MAX) ||
        r->decoded.second > uint64_t(INT_MAX))
        return out;
    out.known = true;
    out.width = int(r->decoded.first);
    out.height = int(r->decoded.second);
    out.steps = r->steps;
    out.auxiliaryTransformed = layout.auxiliaryTransformed();
    return out;
}

namespace {

// Calls visit(box) for each box in [d, d + n) until it returns false, at most kMaxBoxesWalked of
// them: what a sequence's boxes hold is found in the first few (a track has a dozen).
constexpr int kMaxBoxesWalked = 1024;
template <typename Visit> void walkBoxes(const uint8_t *d, size_t n, Visit visit)
{
    size_t at = 0;
    for (int i = 0; i < kMaxBoxesWalked && n - at >= 8; ++i) {
        size_t size = 0;
        const std::optional<Box> box = boxAt(d, n, at, &size);
        if (!box || !visit(*box))
            return;
        at += size;
    }
}

std::optional<Box> childBox(const Box &parent, uint32_t type)
{
    std::optional<Box> found;
    walkBoxes(parent.body, parent.size, [&](const Box &b) {
        if (b.type == type)
            found = b;
        return !found;
    });
    return found;
}

// A track's frames (its sample size box's count, no more than its entries or the file can hold)
// and where its first frame's data is (its first chunk); nullopt for a track that shows no pictures.
struct Track {
    uint32_t frames = 0;
    std::optional<uint64_t> firstChunk;
};
std::optional<Track> pictureTrack(const Box &trak, size_t fileSize)
{
    const std::optional<Box> mdia = childBox(trak, fourcc("mdia"));
    const std::optional<Box> hdlr = mdia ? childBox(*mdia, fourcc("hdlr")) : std::nullopt;
    if (!hdlr || hdlr->size < 12)
        return std::nullopt;
    Reader handler(hdlr->body + 8, 4); // after version, flags and pre_defined
    const uint32_t kind = handler.u32();
    if (kind != fourcc("pict") && kind != fourcc("vide")) // an alpha track is 'auxv'
        return std::nullopt;
    const std::optional<Box> minf = childBox(*mdia, fourcc("minf"));
    const std::optional<Box> stbl = minf ? childBox(*minf, fourcc("stbl")) : std::nullopt;
    if (!stbl)
        return std::nullopt;
    Track track;
    if (const std::optional<Box> stsz = childBox(*stbl, fourcc("stsz"))) {
        Reader r(stsz->body, stsz->size);
        r.u32(); // version and flags
        const uint32_t sampleSize = r.u32(), count = r.u32();
        if (r.ok())
            track.frames = uint32_t(std::min<uint64_t>(count, sampleSize == 0 ? r.left() / 4 : fileSize / sampleSize));
    } else if (const std::optional<Box> stz2 = childBox(*stbl, fourcc("stz2"))) {
        Reader r(stz2->body, stz2->size);
        r.u32();
        r.uint(3);
        const uint32_t bits = r.u8(), count = r.u32();
        if (r.ok() && (bits == 4 || bits == 8 || bits == 16))
            track.frames = uint32_t(std::min<uint64_t>(count, uint64_t(r.left()) * 8 / bits));
    }
    const std::optional<Box> stco = childBox(*stbl, fourcc("stco"));
    const std::optional<Box> co64 = stco ? std::nullopt : childBox(*stbl, fourcc("co64"));
    if (const std::optional<Box> chunks = stco ? stco : co64) {
        Reader r(chunks->body, chunks->size);
        r.u32();
        const uint32_t count = r.u32();
        const uint64_t first = r.uint(stco ? 4 : 8);
        if (r.ok() && count > 0)
            track.firstChunk = first;
    }
    return track;
}

} // namespace

HeifImages heifImages(const uint8_t *data, size_t size)
{
    HeifImages out;
    Layout layout(data, size);
    const bool read = layout.read().isEmpty();
    out.items = layout.itemCount(); // those read, where a later box could not be
    if (!read)
        return out;
    out.count = layout.imageCount();
    out.read = layout.imageRead();
    out.primary = layout.primaryNamed();
    return out;
}

HeifSequence heifSequence(const uint8_t *data, size_t size)
{
    HeifSequence out;
    std::optional<Box> moov;
    // Whether there is a meta box of images (libheif reads one without a handler box as one), and
    // whether every top-level box was read: a file cut short may have lost it.
    bool stills = false, whole = true;
    size_t at = 0;
    for (int i = 0; at < size && size - at >= 8; ++i) {
        size_t boxSize = 0;
        const std::optional<Box> b = i < kMaxBoxesWalked ? boxAt(data, size, at, &boxSize) : std::nullopt;
        if (!b) {
            whole = false;
            break;
        }
        if (b->type == fourcc("moov") && !moov)
            moov = b;
        if (b->type == fourcc("meta")) {
            const std::optional<Box> hdlr =
                b->size >= 4 ? childBox(Box{b->type, b->body + 4, b->size - 4}, fourcc("hdlr")) : std::nullopt;
            stills |= !hdlr || (hdlr->size >= 12 && Reader(hdlr->body + 8, 4).u32() == fourcc("pict"));
        }
        at += boxSize;
    }
    if (!moov)
        return out;
    std::optional<Track> track;
    walkBoxes(moov->body, moov->size, [&](const Box &b) {
        if (b.type == fourcc("trak"))
            track = pictureTrack(b, size);
        return !track;
    });
    if (!track)
        return out;
    out.frames = track->frames;
    out.withoutStill = !stills && whole;
    Layout layout(data, size);
    if (layout.read().isEmpty())
        if (const std::optional<uint64_t> still = layout.primaryDataOffset())
            out.stillIsFirstFrame = track->firstChunk == still;
    return out;
}

} // namespace pp::codecs
