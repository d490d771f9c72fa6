#include "TextRenderer.h"

#include "FontLibrary.h"

#include <QList>
#include <QString>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <unicode/ubidi.h>
#include FT_OUTLINE_H
#include FT_BBOX_H

namespace pp::ops {
namespace {

using text::FamilyFonts;
using text::FontFace;
using text::FontLibrary;

constexpr size_t kMaxLayouts = 64;  // shaped texts kept per process: a batch has one or two
constexpr size_t kMaxFontFiles = 8; // preset font files kept (versions of edited files count)

// Unicode's Default_Ignorable_Code_Point: invisible by definition (joiners, variation
// selectors, bidi controls), so a font need not have them and they are never "missing".
bool ignorable(char32_t c)
{
    return c == 0xAD || c == 0x34F || c == 0x61C || (c >= 0x115F && c <= 0x1160) || (c >= 0x17B4 && c <= 0x17B5) ||
           (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 ||
           (c >= 0xFFF0 && c <= 0xFFF8) || (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) ||
           (c >= 0xE0000 && c <= 0xE0FFF);
}

bool isSpace(char32_t c)
{
    return c == ' ' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

// One line of text: tabs and line breaks become spaces, other control characters are dropped
// (they have no glyphs and say nothing on an image).
std::u32string drawableText(const std::string &utf8)
{
    std::u32string out;
    for (const char32_t c : QString::fromStdString(utf8).toUcs4()) {
        if (c == '\t' || c == '\n' || c == '\r')
            out += U' ';
        else if (c >= 0x20 && !(c >= 0x7F && c <= 0x9F))
            out += c;
    }
    return out;
}

// A stretch of the text shaped in one direction and script: [start, end) in code points.
struct Run {
    size_t start = 0, end = 0;
    hb_direction_t direction = HB_DIRECTION_LTR;
    hb_script_t script = HB_SCRIPT_INVALID; // none but Common characters: HarfBuzz's guess
};

// The embedding level of each character by the Unicode Bidirectional Algorithm (ICU's ubidi,
// which Qt Core already brings into every process): the paragraph's direction is its first
// strong character's, left to right without one; trailing spaces take the paragraph's level.
// All zero in the unlikely case ICU refuses the text.
std::vector<UBiDiLevel> bidiLevels(const std::u32string &text)
{
    std::vector<UBiDiLevel> levels(text.size(), 0);
    std::u16string utf16;
    std::vector<size_t> unitOf(text.size()); // each character's first UTF-16 unit
    for (size_t i = 0; i < text.size(); ++i) {
        unitOf[i] = utf16.size();
        const char32_t c = text[i];
        if (c >= 0x10000) {
            utf16 += char16_t(0xD7C0 + (c >> 10));
            utf16 += char16_t(0xDC00 | (c & 0x3FF));
        } else {
            utf16 += char16_t(c);
        }
    }
    UErrorCode status = U_ZERO_ERROR;
    const std::unique_ptr<UBiDi, void (*)(UBiDi *)> bidi(ubidi_openSized(int32_t(utf16.size()), 0, &status),
                                                         ubidi_close);
    if (!bidi || U_FAILURE(status))
        return levels;
    ubidi_setPara(bidi.get(), reinterpret_cast<const UChar *>(utf16.data()), int32_t(utf16.size()), UBIDI_DEFAULT_LTR,
                  nullptr, &status);
    const UBiDiLevel *unitLevels = U_SUCCESS(status) ? ubidi_getLevels(bidi.get(), &status) : nullptr;
    if (!unitLevels || U_FAILURE(status))
        return levels;
    for (size_t i = 0; i < text.size(); ++i)
        levels[i] = unitLevels[unitOf[i]];
    return levels;
}

// The text cut into runs of one embedding level and one script, in visual order (left to
// right): each is shaped in its level's direction, and the runs are placed by the algorithm's
// rule L2 (from the highest level down to the lowest odd one, every sequence at that level or
// higher is reversed). Common and inherited characters (spaces, digits, punctuation, marks) take
// the script of the characters before them in their run, or after them at its start.
std::vector<Run> visualRuns(const std::u32string &text)
{
    if (text.empty())
        return {};
    const std::vector<UBiDiLevel> levels = bidiLevels(text);
    hb_unicode_funcs_t *unicode = hb_unicode_funcs_get_default();
    std::vector<Run> runs;
    std::vector<UBiDiLevel> runLevels;
    for (size_t start = 0; start < text.size();) {
        size_t end = start;
        while (end < text.size() && levels[end] == levels[start])
            ++end;
        std::vector<hb_script_t> scripts(end - start, HB_SCRIPT_INVALID);
        hb_script_t last = HB_SCRIPT_INVALID;
        for (size_t i = start; i < end; ++i) {
            const hb_script_t s = hb_unicode_script(unicode, text[i]);
            if (s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED && s != HB_SCRIPT_UNKNOWN) {
                if (last == HB_SCRIPT_INVALID)
                    std::fill(scripts.begin(), scripts.begin() + (i - start), s);
                last = s;
            }
            scripts[i - start] = last;
        }
        const hb_direction_t direction = levels[start] % 2 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR;
        for (size_t i = start; i < end;) {
            size_t j = i;
            while (j < end && scripts[j - start] == scripts[i - start])
                ++j;
            runs.push_back({i, j, direction, scripts[i - start]});
            runLevels.push_back(levels[start]);
            i = j;
        }
        start = end;
    }
    std::vector<int32_t> logicalOf(runs.size());
    ubidi_reorderVisual(runLevels.data(), int32_t(runs.size()), logicalOf.data());
    std::vector<Run> visual;
    for (const int32_t i : logicalOf)
        visual.push_back(runs[size_t(i)]);
    return visual;
}

// A box in em, y up from the baseline.
struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty = true;
    void add(const Box &b, double dx, double dy)
    {
        if (b.empty)
            return;
        if (empty) {
            *this = {b.x0 + dx, b.y0 + dy, b.x1 + dx, b.y1 + dy, false};
            return;
        }
        x0 = std::min(x0, b.x0 + dx), y0 = std::min(y0, b.y0 + dy);
        x1 = std::max(x1, b.x1 + dx), y1 = std::max(y1, b.y1 + dy);
    }
};

struct Glyph {
    FontFace *face = nullptr;
    unsigned gid = 0;
    size_t cluster = 0;                 // the first character it draws
    double advance = 0, dx = 0, dy = 0; // from HarfBuzz, em
    double x = 0, y = 0;                // its origin on the line, em
    Box ink;                            // its outline's extent around its origin, em
};

// A text shaped with its fonts: everything about it that does not depend on an image.
struct Layout {
    std::vector<Glyph> glyphs;
    Box ink;
    double capHeight = 0.7; // of the first font
    std::vector<char32_t> missing;
    std::string familyUsed;
};

// Shapes a run of a text with its first font, then each stretch that font draws as .notdef with the
// first untried installed font whose coverage has the stretch's first character, and so on:
// a per-character fallback that still shapes whole stretches (a base and its marks stay in one
// font, a CJK run is one run). What no installed font draws keeps the boxes and is named.
class Shaper
{
public:
    Shaper(FontLibrary &lib, FamilyFonts *family, const std::u32string &text)
        : m_lib(lib), m_family(family), m_text(text)
    {
    }

    void span(const Run &run, FontFace *face, std::vector<size_t> tried)
    {
        const size_t start = run.start, end = run.end;
        const std::vector<Glyph> g = shapeWith(face, run);
        for (size_t i = 0; i < g.size();) {
            const bool box = g[i].gid == 0;
            size_t j = i;
            while (j < g.size() && (g[j].gid == 0) == box)
                ++j;
            if (!box) {
                glyphs.insert(glyphs.end(), g.begin() + i, g.begin() + j);
            } else {
                size_t lo = end, hi = start;
                for (size_t k = i; k < j; ++k)
                    lo = std::min(lo, g[k].cluster), hi = std::max(hi, g[k].cluster);
                size_t next = end; // the stretch ends where the next cluster starts
                for (const Glyph &o : g)
                    if (o.cluster > hi)
                        next = std::min(next, o.cluster);
                fallBack({lo, next, run.direction, run.script}, {g.begin() + i, g.begin() + j}, tried);
            }
            i = j;
        }
    }

    std::vector<Glyph> glyphs; // in visual order
    std::vector<char32_t> missing;

private:
    std::vector<Glyph> shapeWith(FontFace *face, const Run &run)
    {
        const size_t start = run.start, end = run.end;
        hb_buffer_t *buf = hb_buffer_create();
        // The whole text goes in as context (Arabic joining, marks at the stretch's edges).
        hb_buffer_add_utf32(buf, reinterpret_cast<const uint32_t *>(m_text.data()), int(m_text.size()), unsigned(start),
                            int(end - start));
        hb_buffer_set_direction(buf, run.direction); // glyphs come out in visual order either way
        if (run.script != HB_SCRIPT_INVALID)
            hb_buffer_set_script(buf, run.script);
        hb_buffer_guess_segment_properties(buf); // the language, and the script of a run of digits
        unsigned flags = HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES;
        if (start == 0)
            flags |= HB_BUFFER_FLAG_BOT;
        if (end == m_text.size())
            flags |= HB_BUFFER_FLAG_EOT;
        hb_buffer_set_flags(buf, hb_buffer_flags_t(flags));
        hb_shape(face->hb, buf, nullptr, 0);
        unsigned n = 0;
        const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
        const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, nullptr);
        std::vector<Glyph> out(n);
        for (unsigned i = 0; i < n; ++i) {
            out[i].face = face;
            out[i].gid = info[i].codepoint;
            out[i].cluster = info[i].cluster;
            out[i].advance = pos[i].x_advance / face->upem;
            out[i].dx = pos[i].x_offset / face->upem;
            out[i].dy = pos[i].y_offset / face->upem;
        }
        hb_buffer_destroy(buf);
        return out;
    }

    void fallBack(const Run &run, std::vector<Glyph> boxes, std::vector<size_t> tried)
    {
        const size_t lo = run.start, hi = run.end;
        char32_t key = 0;
        for (size_t i = lo; i < hi && !key; ++i)
            if (!ignorable(m_text[i]))
                key = m_text[i];
        for (size_t k = 0; m_family && key && k < m_family->candidates.size(); ++k) {
            const FcCharSet *chars = m_family->candidates[k].chars;
            if (std::find(tried.begin(), tried.end(), k) != tried.end() || !chars || !FcCharSetHasChar(chars, key))
                continue;
            tried.push_back(k);
            if (FontFace *face = m_lib.open(*m_family, k))
                return span(run, face, tried);
        }
        glyphs.insert(glyphs.end(), boxes.begin(), boxes.end());
        for (size_t i = lo; i < hi; ++i)
            if (!ignorable(m_text[i]) && !isSpace(m_text[i]) &&
                std::find(missing.begin(), missing.end(), m_text[i]) == missing.end())
                missing.push_back(m_text[i]);
    }

    FontLibrary &m_lib;
    FamilyFonts *m_family;
    const std::u32string &m_text;
};

// The outline's extent, unscaled; empty for a glyph without ink (a space) or one that the
// font cannot give (it is then not drawn either).
Box inkOf(FontFace *face, unsigned gid)
{
    Box b;
    if (FT_Load_Glyph(face->ft, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_BITMAP) != 0 ||
        face->ft->glyph->format != FT_GLYPH_FORMAT_OUTLINE || face->ft->glyph->outline.n_points <= 0)
        return b;
    FT_BBox box;
    FT_Outline_Get_BBox(&face->ft->glyph->outline, &box);
    if (box.xMax <= box.xMin || box.yMax <= box.yMin)
        return b;
    return {box.xMin / face->upem, box.yMin / face->upem, box.xMax / face->upem, box.yMax / face->upem, false};
}

} // namespace

struct TextRenderer::Private {
    FontLibrary lib;
    std::map<std::string, std::unique_ptr<const Layout>> layouts;
    int shaped = 0;

    const Layout *layout(const std::string &utf8, const FontChoice &font, std::string *error)
    {
        if (lib.fileCount() >= kMaxFontFiles) { // layouts point into the files' fonts: both go
            layouts.clear();
            lib.forgetFiles();
        }
        FontFace *file = nullptr;
        std::string fileKey;
        if (!font.file.empty() && !(file = lib.file(font.file, &fileKey, error)))
            return nullptr;
        const std::string key = utf8 + '\0' + fileKey + '\0' + font.family;
        if (auto it = layouts.find(key); it != layouts.end())
            return it->second.get();

        FamilyFonts *family = lib.family(font.family.empty() ? "sans-serif" : font.family, error);
        if (!family)
            return nullptr;
        std::vector<size_t> tried;
        FontFace *first = file;
        for (size_t k = 0; !first && k < family->candidates.size(); ++k) {
            tried.push_back(k);
            first = lib.open(*family, k);
        }
        if (!first) {
            *error = "no installed font can be drawn (fontconfig lists no TrueType or OpenType font)";
            return nullptr;
        }
        const std::u32string text = drawableText(utf8);
        Shaper shaper(lib, family, text);
        for (const Run &run : visualRuns(text))
            shaper.span(run, first, tried);
        // Named in the order they are written, whichever way their runs go.
        std::stable_sort(shaper.missing.begin(), shaper.missing.end(),
                         [&](char32_t a, char32_t b) { return text.find(a) < text.find(b); });

        auto l = std::make_unique<Layout>();
        l->capHeight = first->capHeight;
        l->missing = std::move(shaper.missing);
        if (!file)
            l->familyUsed = family->familyUsed;
        double pen = 0;
        for (Glyph g : shaper.glyphs) {
            g.x = pen + g.dx;
            g.y = g.dy;
            pen += g.advance;
            g.ink = inkOf(g.face, g.gid);
            l->ink.add(g.ink, g.x, g.y);
            l->glyphs.push_back(g);
        }
        ++shaped;
        if (layouts.size() >= kMaxLayouts)
            layouts.clear();
        return layouts.emplace(key, std::move(l)).first->second.get();
    }

    // Coverage of `area` (image coordinates) with the pen's start of the baseline at `origin`
    // and an em of `em` pixels. Each glyph is rasterised unhinted at its exact sub-pixel place
    // into a bitmap of only its visible part, and merged by maximum (marks over their bases).
    cv::Mat rasterise(const Layout &l, double em, cv::Point2d origin, cv::Rect area)
    {
        cv::Mat mask = cv::Mat::zeros(area.size(), CV_8UC1);
        cv::Mat bitmap;
        for (const Glyph &g : l.glyphs) {
            if (g.ink.empty)
                continue;
            const double gx = origin.x + g.x * em, gy = origin.y - g.y * em; // the glyph's origin, y down
            const double left = std::floor(gx + g.ink.x0 * em) - 1, right = std::ceil(gx + g.ink.x1 * em) + 1;
            const double top = std::floor(gy - g.ink.y1 * em) - 1, bottom = std::ceil(gy - g.ink.y0 * em) + 1;
            const int x0 = int(std::max<double>(area.x, left)), x1 = int(std::min<double>(area.br().x, right));
            const int y0 = int(std::max<double>(area.y, top)), y1 = int(std::min<double>(area.br().y, bottom));
            if (x1 <= x0 || y1 <= y0)
                continue;
            const cv::Rect r(x0, y0, x1 - x0, y1 - y0);
            FT_Face ft = g.face->ft;
            if (FT_Load_Glyph(ft, g.gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_BITMAP) != 0 ||
                ft->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
                continue;
            // Font units to 26.6 pixels of the bitmap, whose origin is its bottom-left corner.
            FT_Outline &o = ft->glyph->outline;
            const double k = em / g.face->upem;
            const double ox = gx - r.x, oy = r.y + r.height - gy;
            for (int i = 0; i < o.n_points; ++i) {
                o.points[i].x = FT_Pos(std::lround((ox + o.points[i].x * k) * 64));
                o.points[i].y = FT_Pos(std::lround((oy + o.points[i].y * k) * 64));
            }
            bitmap.create(r.size(), CV_8UC1);
            bitmap.setTo(0);
            FT_Bitmap target{};
            target.rows = unsigned(r.height);
            target.width = unsigned(r.width);
            target.pitch = int(bitmap.step);
            target.buffer = bitmap.data;
            target.num_grays = 256;
            target.pixel_mode = FT_PIXEL_MODE_GRAY;
            FT_Raster_Params params{};
            params.target = &target;
            params.source = &o;
            params.flags = FT_RASTER_FLAG_AA;
            if (FT_Outline_Render(lib.freetype(), &o, &params) != 0)
                continue;
            cv::Mat dst = mask(r - area.tl());
            cv::max(dst, bitmap, dst);
        }
        return mask;
    }
};

TextRenderer::TextRenderer() : d(std::make_unique<Private>()) {}
TextRenderer::~TextRenderer() = default;

bool TextRenderer::draw(const std::string &utf8, const FontChoice &font, double capHeightPx, cv::Size2d room,
                        const std::function<cv::Point2d(cv::Size2d)> &place, cv::Size image, TextLayer *out,
                        TextReport *report)
{
    std::lock_guard lock(m_lock);
    *out = {};
    std::string error;
    const Layout *l = d->layout(utf8, font, &error);
    if (!l) {
        if (report)
            report->error = error;
        return false;
    }
    if (report) {
        report->missing = l->missing;
        report->familyUsed = l->familyUsed;
    }
    if (l->ink.empty || image.empty() || !(capHeightPx > 0))
        return true;
    // The inked box scales with the em: a text too large for the room is drawn at the em that fits.
    const cv::Size2d inkEm(l->ink.x1 - l->ink.x0, l->ink.y1 - l->ink.y0);
    double em = capHeightPx / l->capHeight;
    if (room.width > 0 && room.height > 0)
        em = std::min({em, room.width / inkEm.width, room.height / inkEm.height});
    const cv::Size2d ink(inkEm.width * em, inkEm.height * em);
    const cv::Point2d topLeft = place(ink);
    const cv::Point2d origin(topLeft.x - l->ink.x0 * em, topLeft.y + l->ink.y1 * em);
    // Anti-aliasing reaches into the pixels around the exact box. Clamped in double first:
    // a text far wider than the image has corners no int can hold.
    const double x0 = std::max(0.0, std::floor(topLeft.x) - 1), y0 = std::max(0.0, std::floor(topLeft.y) - 1);
    const double x1 = std::min<double>(image.width, std::ceil(topLeft.x + ink.width) + 1);
    const double y1 = std::min<double>(image.height, std::ceil(topLeft.y + ink.height) + 1);
    if (x1 <= x0 || y1 <= y0)
        return true;
    out->area = cv::Rect(int(x0), int(y0), int(x1 - x0), int(y1 - y0));
    out->coverage = d->rasterise(*l, em, origin, out->area);
    return true;
}

std::vector<ShapedGlyph> TextRenderer::shapedGlyphs(const std::string &utf8, const FontChoice &font, std::string *error)
{
    std::lock_guard lock(m_lock);
    std::vector<ShapedGlyph> out;
    if (const Layout *l = d->layout(utf8, font, error))
        for (const Glyph &g : l->glyphs)
            out.push_back({g.face->file, g.gid, g.cluster, g.x});
    return out;
}

TextRenderer::Stats TextRenderer::stats() const
{
    std::lock_guard lock(m_lock);
    return {d->lib.configLoads(), d->lib.facesOpened(), d->shaped};
}

} // namespace pp::ops
