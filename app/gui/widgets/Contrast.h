// The colours the window paints with itself (cards, the states' words, focus rings, icons) read in
// whatever palette the desktop gives, light or dark. They start from the palette's roles or from
// the window's own accents, and each is moved towards black or white until it has WCAG 2's contrast
// with what it is painted on: the light blue of a selected card, made for white bases, was a bright
// cyan under a dark palette, and its white and green words 2.4:1 and 1.4:1 on it (dark palette QA).
#pragma once

#include <QColor>
#include <QPalette>

namespace pp::gui {

// WCAG 2.1 AA: normal text; large text (18 pt, or 14 pt bold), focus indicators and icons.
constexpr double kTextContrast = 4.5;
constexpr double kShapeContrast = 3.0;

// WCAG 2's relative luminance (0 black … 1 white) of an opaque colour.
double relativeLuminance(const QColor &c);
// `top` laid over the opaque `bottom` with top's alpha times `opacity`: what the eye gets.
QColor over(const QColor &top, const QColor &bottom, double opacity = 1.0);
// WCAG 2's contrast ratio (1 … 21) of `fg` painted on the opaque `bg`; a translucent `fg` counts as
// laid over `bg`.
double contrastRatio(const QColor &fg, const QColor &bg);
// `fg` when it has `ratio` against `bg`, else the colour nearest it (opaque, mixed towards black or
// white, whichever `bg` is further from) that has.
QColor readableOn(const QColor &fg, const QColor &bg, double ratio = kTextContrast);
// An accent made dark enough that white words on it have `ratio`: a chip, a tag, a badge.
QColor underWhite(const QColor &accent, double ratio = kTextContrast);

// What a card (a queued image's, a preset's) is painted with, on the list's background `around`.
struct CardColours {
    QColor fill, edge;
    QColor text;      // the name and the steps
    QColor secondary; // the description, the size, the shortcut: the palette's placeholder words
    QColor focusRing; // in the gap around the card, on `around`
};
CardColours cardColours(const QPalette &pal, bool selected, const QColor &around);

// Words in red in the window's own text (an editor's error, a warning) on `pal`'s window.
QColor errorText(const QPalette &pal);
// `html` in that red, for a rich-text label on `pal`'s window.
QString inErrorColour(const QPalette &pal, const QString &html);

} // namespace pp::gui
