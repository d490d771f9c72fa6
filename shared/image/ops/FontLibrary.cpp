#include "FontLibrary.h"

#include "FileIO.h"
#include "TextRenderer.h"

#include <QFile>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <hb-ot.h>
#include <sys/stat.h>
#include FT_TRUETYPE_TABLES_H
#include FT_FONT_FORMATS_H
#include FT_OUTLINE_H
#include FT_BBOX_H

namespace pp::ops::text {
namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// fontconfig's generic names: aliases that never match a family of that name.
bool isGenericFamily(const std::string &family)
{
    static const char *const generic[] = {"sans-serif", "sans",    "serif",     "monospace", "mono",
                                          "cursive",    "fantasy", "system-ui", "emoji",     "math"};
    const std::string f = lower(family);
    return std::any_of(std::begin(generic), std::end(generic), [&](const char *g) { return f == g; });
}

std::string patternString(const FcPattern *p, const char *object, int n = 0)
{
    FcChar8 *s = nullptr;
    return FcPatternGetString(p, object, n, &s) == FcResultMatch ? std::string(reinterpret_cast<char *>(s)) : "";
}

// Fonts TextRenderer can draw: outlines in an sfnt container (fontconfig says TrueType or CFF;
// a bare CFF or Type 1 file fails to open and is skipped), no colour glyphs (bitmaps or layers
// that coverage cannot show).
bool drawable(const FcPattern *p)
{
    FcBool scalable = FcFalse, colour = FcFalse;
    FcPatternGetBool(p, FC_SCALABLE, 0, &scalable);
    FcPatternGetBool(p, FC_COLOR, 0, &colour);
    const std::string format = patternString(p, FC_FONTFORMAT);
    return scalable && !colour && (format == "TrueType" || format == "CFF") && !patternString(p, FC_FILE).empty();
}

// The height of capitals: the OS/2 table's when it has one, else the outline of 'H'.
double capHeightOf(FT_Face ft, double upem)
{
    const auto *os2 = static_cast<const TT_OS2 *>(FT_Get_Sfnt_Table(ft, FT_SFNT_OS2));
    if (os2 && os2->version >= 2 && os2->sCapHeight > 0)
        return os2->sCapHeight / upem;
    const FT_UInt h = FT_Get_Char_Index(ft, 'H');
    if (h && FT_Load_Glyph(ft, h, FT_LOAD_NO_SCALE | FT_LOAD_NO_BITMAP) == 0 &&
        ft->glyph->format == FT_GLYPH_FORMAT_OUTLINE) {
        FT_BBox box;
        FT_Outline_Get_BBox(&ft->glyph->outline, &box);
        if (box.yMax > 0)
            return box.yMax / upem;
    }
    return 0.7; // a typical Latin cap height, for a font without capitals
}

} // namespace

FontFace::~FontFace()
{
    if (ft)
        FT_Done_Face(ft);
    hb_font_destroy(hb);
    hb_blob_destroy(blob);
}

FontLibrary::FontLibrary() = default;

FontLibrary::~FontLibrary()
{
    m_faces.clear();
    m_files.clear();
    for (auto &[pattern, fonts] : m_families)
        if (fonts->sorted)
            FcFontSetDestroy(fonts->sorted);
    if (m_config)
        FcConfigDestroy(m_config);
    if (m_ft)
        FT_Done_FreeType(m_ft);
}

bool FontLibrary::loadConfig(std::string *error)
{
    if (m_config)
        return true;
    if (!m_ft && FT_Init_FreeType(&m_ft) != 0) {
        *error = "FreeType cannot start";
        return false;
    }
    // Reads fontconfig's configuration and font caches once per process (docs: the measured cost).
    m_config = FcInitLoadConfigAndFonts();
    ++m_configLoads;
    if (!m_config) {
        *error = "fontconfig cannot load its configuration";
        return false;
    }
    return true;
}

// Takes the blob: the face releases it, also when it cannot be opened.
std::unique_ptr<FontFace> FontLibrary::makeFace(hb_blob_t *blob, int index, std::string *error)
{
    auto face = std::make_unique<FontFace>();
    face->blob = blob;
    unsigned length = 0;
    const char *data = hb_blob_get_data(blob, &length);
    const FT_Error e =
        FT_New_Memory_Face(m_ft, reinterpret_cast<const FT_Byte *>(data), FT_Long(length), index, &face->ft);
    if (e != 0 || !face->ft) {
        face->ft = nullptr;
        *error = "it is not a font FreeType can read (error " + std::to_string(e) + ")";
        return nullptr;
    }
    if (!FT_IS_SFNT(face->ft) || !FT_IS_SCALABLE(face->ft) || face->ft->num_glyphs <= 0 ||
        face->ft->units_per_EM < 16) {
        *error = std::string("it is a ") + FT_Get_Font_Format(face->ft) +
                 " font; PixelPool draws TrueType and OpenType fonts (.ttf, .otf, .ttc)";
        return nullptr;
    }
    hb_face_t *hbFace = hb_face_create(blob, unsigned(index) & 0xFFFF);
    face->hb = hb_font_create(hbFace);
    hb_face_destroy(hbFace); // the font holds its own reference
    hb_ot_font_set_funcs(face->hb);
    face->upem = face->ft->units_per_EM;
    hb_font_set_scale(face->hb, int(face->upem), int(face->upem));
    face->capHeight = capHeightOf(face->ft, face->upem);
    face->family = face->ft->family_name ? face->ft->family_name : "";
    ++m_facesOpened;
    return face;
}

FamilyFonts *FontLibrary::family(const std::string &pattern, std::string *error)
{
    if (auto it = m_families.find(pattern); it != m_families.end())
        return it->second.get();
    if (!loadConfig(error))
        return nullptr;
    FcPattern *request = FcNameParse(reinterpret_cast<const FcChar8 *>(pattern.c_str()));
    if (!request) {
        *error = "fontFamily \"" + pattern + "\" is not a fontconfig font name (like \"DejaVu Sans:bold\")";
        return nullptr;
    }
    const std::string requested = patternString(request, FC_FAMILY);
    FcConfigSubstitute(m_config, request, FcMatchPattern);
    FcDefaultSubstitute(request);
    FcResult result = FcResultMatch;
    // Untrimmed: trimming drops fonts that add no coverage to those before them, which could be
    // a drawable font behind a Type 1 one that covers the same characters.
    auto fonts = std::make_unique<FamilyFonts>();
    fonts->sorted = FcFontSort(m_config, request, FcFalse, nullptr, &result);
    FcPatternDestroy(request);
    for (int i = 0; fonts->sorted && i < fonts->sorted->nfont; ++i) {
        const FcPattern *p = fonts->sorted->fonts[i];
        if (!drawable(p))
            continue;
        FamilyFonts::Candidate c;
        c.file = patternString(p, FC_FILE);
        FcPatternGetInteger(p, FC_INDEX, 0, &c.index);
        FcPatternGetCharSet(p, FC_CHARSET, 0, &c.chars);
        const bool duplicate = std::any_of(fonts->candidates.begin(), fonts->candidates.end(),
                                           [&](const auto &o) { return o.file == c.file && o.index == c.index; });
        if (!duplicate)
            fonts->candidates.push_back(c);
    }
    if (!requested.empty() && !isGenericFamily(requested) && !fonts->candidates.empty()) {
        const FcPattern *best = nullptr;
        for (int i = 0; i < fonts->sorted->nfont && !best; ++i)
            if (patternString(fonts->sorted->fonts[i], FC_FILE) == fonts->candidates.front().file)
                best = fonts->sorted->fonts[i];
        bool installed = false;
        for (int n = 0; best && !installed; ++n) {
            const std::string name = patternString(best, FC_FAMILY, n);
            if (name.empty())
                break;
            installed = lower(name) == lower(requested);
        }
        if (!installed && best)
            fonts->familyUsed = patternString(best, FC_FAMILY);
    }
    return m_families.emplace(pattern, std::move(fonts)).first->second.get();
}

FontFace *FontLibrary::open(FamilyFonts &family, size_t i)
{
    FamilyFonts::Candidate &c = family.candidates[i];
    if (c.face || c.broken)
        return c.face;
    const std::string key = c.file + '\n' + std::to_string(c.index);
    if (auto it = m_faces.find(key); it != m_faces.end())
        return c.face = it->second.get();
    // Installed fonts are the system's, not a preset's: mapped rather than read.
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(c.file.c_str());
    std::string why;
    std::unique_ptr<FontFace> face = blob ? makeFace(blob, c.index, &why) : nullptr;
    if (!face) {
        c.broken = true;
        return nullptr;
    }
    face->file = c.file;
    c.face = face.get();
    m_faces.emplace(key, std::move(face));
    return c.face;
}

} // namespace pp::ops::text

namespace pp::ops {

std::vector<std::string> fontconfigReadPaths()
{
    std::vector<std::string> paths;
    FcConfig *config = FcInitLoadConfig();
    if (!config)
        return paths;
    // Each file and folder as named, never the folder of a file (a configuration in the home
    // folder would open the home folder): a folder the configuration includes (conf.d) is listed.
    const auto add = [&](FcStrList *list) {
        if (!list)
            return;
        while (FcChar8 *s = FcStrListNext(list))
            if (s[0] == '/')
                paths.emplace_back(reinterpret_cast<const char *>(s));
        FcStrListDone(list);
    };
    add(FcConfigGetConfigFiles(config));
    add(FcConfigGetConfigDirs(config));
    add(FcConfigGetFontDirs(config));
    add(FcConfigGetCacheDirs(config));
    FcConfigDestroy(config);
    return paths;
}

} // namespace pp::ops

namespace pp::ops::text {

FontFace *FontLibrary::file(const std::string &path, std::string *key, std::string *error)
{
    const QByteArray native = QFile::encodeName(QString::fromStdString(path));
    const auto fail = [&](const std::string &why) -> FontFace * {
        *error = "font file " + path + ": " + why;
        return nullptr;
    };
    struct stat st {
    };
    if (const int err = statFile(native, &st))
        return fail(describeErrno(err).toStdString());
    if (S_ISDIR(st.st_mode))
        return fail("is a folder, not a font file");
    *key = path + '\n' + std::to_string(st.st_mtim.tv_sec) + '.' + std::to_string(st.st_mtim.tv_nsec) + '\n' +
           std::to_string(st.st_size);
    if (auto it = m_files.find(*key); it != m_files.end())
        return it->second.get();
    if (!m_ft && FT_Init_FreeType(&m_ft) != 0)
        return fail("FreeType cannot start");
    // A preset's font is as untrusted as an image: read like one, parsed here in the worker.
    std::vector<uint8_t> bytes;
    QString readError;
    if (!readRegularFile(native, kMaxFontFileBytes, &bytes, &readError))
        return fail(readError.toStdString());
    auto owned = std::make_unique<std::vector<uint8_t>>(std::move(bytes));
    hb_blob_t *blob = hb_blob_create(reinterpret_cast<const char *>(owned->data()), unsigned(owned->size()),
                                     HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    std::string why;
    std::unique_ptr<FontFace> face = makeFace(blob, 0, &why);
    if (!face)
        return fail(why);
    face->bytes = std::move(*owned); // a vector's move keeps its buffer, where the blob points
    face->file = path;
    return m_files.emplace(*key, std::move(face)).first->second.get();
}

} // namespace pp::ops::text
