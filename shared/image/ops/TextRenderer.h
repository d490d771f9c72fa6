// Text as PixelPool draws it: a font file or a fontconfig family, HarfBuzz shaping (kerning,
// ligatures, combining marks), a fallback font for each stretch of characters the first font
// lacks (fontconfig's order of preference), and glyph outlines rasterised by FreeType with
// anti-aliasing into a coverage mask.
//
// One TextRenderer per process: the worker's JobExecutor owns it, so fontconfig's configuration,
// the opened fonts and the shaped texts are paid for once per worker, not once per image. Calls
// are serialised by a lock (a worker runs one job at a time; the in-process runner's threads
// take turns). One horizontal line: mixed directions are laid out by the Unicode Bidirectional
// Algorithm (each run shaped in its own direction and script, the runs in visual order); there
// is no vertical text.
#pragma once

#include "Operations.h"

#include <functional>
#include <memory>
#include <mutex>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace pp::ops {

struct FontChoice {
    std::string file;   // a font file, or empty: the family's best match
    std::string family; // a fontconfig pattern; its other fonts are the fallbacks either way
};

// Rasterised text: its coverage (CV_8UC1, 0..255) of `area`, in image coordinates.
struct TextLayer {
    cv::Mat coverage;
    cv::Rect area;
};

// One shaped glyph, for tests and diagnostics: which font drew which character.
struct ShapedGlyph {
    std::string fontFile;
    unsigned glyph = 0;   // 0 is the font's missing-glyph box (.notdef)
    size_t character = 0; // index of the first character it draws, in code points
    double x = 0;         // its origin on the line, in em
};

// Where fontconfig reads, as this process's configuration has it: its configuration files and the
// folders they include, the font folders and the cache folders (the user's own among them). A
// worker's sandbox lets it read these and the system's folders only (WorkerSandbox.h), so that text
// draws with the fonts it would draw with outside. Reads the configuration (no fonts): 3.5 ms on
// this machine, paid by a worker as it starts only when its jobs may draw text
// (proto::Welcome::drawsText).
std::vector<std::string> fontconfigReadPaths();

class TextRenderer
{
public:
    TextRenderer();
    ~TextRenderer();
    TextRenderer(const TextRenderer &) = delete;
    TextRenderer &operator=(const TextRenderer &) = delete;

    // Draws `utf8` with capitals `capHeightPx` tall, or smaller where its inked box would then be
    // larger than `room` (drawn whole, at the size that fits). `place` gets the size of the text's
    // inked box and returns where its top-left corner goes; only the part inside an image of size
    // `image` is rasterised. An empty layer means no ink (only spaces). False with
    // report->error when the font cannot be used; report->missing and ->familyUsed say what
    // was drawn otherwise than asked.
    bool draw(const std::string &utf8, const FontChoice &font, double capHeightPx, cv::Size2d room,
              const std::function<cv::Point2d(cv::Size2d)> &place, cv::Size image, TextLayer *out, TextReport *report);

    // The glyphs `utf8` is shaped into, in visual order. Empty with *error when the font cannot
    // be used.
    std::vector<ShapedGlyph> shapedGlyphs(const std::string &utf8, const FontChoice &font, std::string *error);

    // What has been paid for so far: fontconfig configurations loaded, fonts opened, texts
    // shaped (each shaped text is kept for the next image).
    struct Stats {
        int configLoads = 0, facesOpened = 0, textsShaped = 0;
    };
    Stats stats() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
    mutable std::mutex m_lock;
};

} // namespace pp::ops
