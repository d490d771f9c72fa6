// The fonts behind TextRenderer (not part of the public interface): fontconfig's configuration,
// the fonts a family pattern resolves to in fallback order, font files named by presets, and
// each font opened once for HarfBuzz (shaping) and FreeType (outlines) from the same bytes.
// Not thread-safe on its own: TextRenderer serialises every call.
#pragma once

#include <cstdint>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pp::ops::text {

// One opened font. Only sfnt fonts (TrueType and OpenType outlines): HarfBuzz shapes those
// itself, and every font fontconfig offers as a fallback on Debian is one of them.
struct FontFace {
    FontFace() = default;
    FontFace(const FontFace &) = delete;
    FontFace &operator=(const FontFace &) = delete;
    ~FontFace();

    std::string file;
    std::string family;         // its first family name, for messages
    std::vector<uint8_t> bytes; // a preset's font file as read (the blob points into it)
    hb_blob_t *blob = nullptr;  // the font's bytes (a system font's are mapped)
    hb_font_t *hb = nullptr;    // scale: font units (upem), so positions divide by upem into em
    FT_Face ft = nullptr;       // outlines, loaded unscaled
    double upem = 1000;         // font units per em
    double capHeight = 0.7;     // the height of capitals, em

    bool has(char32_t c) const { return FT_Get_Char_Index(ft, FT_ULong(c)) != 0; }
};

// What a fontconfig pattern ("sans-serif", "DejaVu Serif:bold") resolves to: fontconfig's best
// match first, then the other installed fonts in its order of preference, to fall back on for
// characters the first one lacks. Only fonts TextRenderer can draw are listed (scalable sfnt
// outlines, no colour bitmaps).
struct FamilyFonts {
    struct Candidate {
        std::string file;
        int index = 0;              // the face in a collection (and named instance, upper bits)
        FcCharSet *chars = nullptr; // fontconfig's coverage, owned by `sorted`
        FontFace *face = nullptr;   // opened on first use
        bool broken = false;        // could not be opened: never tried again
    };
    FcFontSet *sorted = nullptr;
    std::vector<Candidate> candidates;
    std::string familyUsed; // the best match's family when the requested family is not installed
};

class FontLibrary
{
public:
    FontLibrary();
    ~FontLibrary();
    FontLibrary(const FontLibrary &) = delete;
    FontLibrary &operator=(const FontLibrary &) = delete;

    // The fonts for a fontconfig pattern, cached. Null with *error when the pattern does not
    // parse. Loads fontconfig's configuration on first use (the one-time cost of text).
    FamilyFonts *family(const std::string &pattern, std::string *error);
    // Candidate i of a family, opened on first use; null when it cannot be opened.
    FontFace *open(FamilyFonts &family, size_t i);
    // A font file a preset names: read without blocking, at most kMaxFontFileBytes, checked to
    // be a scalable sfnt font. Cached by path, modification time and size (*key says which), so
    // an edited file is read again. Null with *error saying why it cannot be used.
    FontFace *file(const std::string &path, std::string *key, std::string *error);

    // Drops the preset font files read so far (whatever was shaped with them must go first):
    // keeps a worker whose presets' fonts keep changing from holding every version.
    size_t fileCount() const { return m_files.size(); }
    void forgetFiles() { m_files.clear(); }

    FT_Library freetype() const { return m_ft; }
    int configLoads() const { return m_configLoads; }
    int facesOpened() const { return m_facesOpened; }

    static constexpr int64_t kMaxFontFileBytes = int64_t(64) << 20; // CJK collections reach ~30 MB

private:
    bool loadConfig(std::string *error);
    std::unique_ptr<FontFace> makeFace(hb_blob_t *blob, int index, std::string *error);

    FT_Library m_ft = nullptr;
    FcConfig *m_config = nullptr;
    std::map<std::string, std::unique_ptr<FamilyFonts>> m_families;
    std::map<std::string, std::unique_ptr<FontFace>> m_faces; // system fonts by file and index
    std::map<std::string, std::unique_ptr<FontFace>> m_files; // preset fonts by path, mtime, size
    int m_configLoads = 0;
    int m_facesOpened = 0;
};

} // namespace pp::ops::text
