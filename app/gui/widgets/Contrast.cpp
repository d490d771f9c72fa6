#include "Contrast.h"

#include <QString>

#include <cmath>

namespace pp::gui {

namespace {
double linear(int channel)
{
    const double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

QColor mixed(const QColor &from, const QColor &to, int step) // step of 256 from `from` to `to`
{
    const auto at = [step](int a, int b) { return a + (b - a) * step / 256; };
    return QColor(at(from.red(), to.red()), at(from.green(), to.green()), at(from.blue(), to.blue()));
}
} // namespace

double relativeLuminance(const QColor &c)
{
    const QColor rgb = c.toRgb();
    return 0.2126 * linear(rgb.red()) + 0.7152 * linear(rgb.green()) + 0.0722 * linear(rgb.blue());
}

QColor over(const QColor &top, const QColor &bottom, double opacity)
{
    const double a = top.alphaF() * opacity;
    const auto at = [a](int t, int b) { return int(std::lround(t * a + b * (1 - a))); };
    const QColor t = top.toRgb(), b = bottom.toRgb();
    return QColor(at(t.red(), b.red()), at(t.green(), b.green()), at(t.blue(), b.blue()));
}

double contrastRatio(const QColor &fg, const QColor &bg)
{
    const double a = relativeLuminance(over(fg, bg)), b = relativeLuminance(bg);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

QColor readableOn(const QColor &fg, const QColor &bg, double ratio)
{
    const QColor start = over(fg, bg);
    if (contrastRatio(start, bg) >= ratio)
        return fg;
    // Towards white when the colour is lighter than what it is on, towards black when it is darker:
    // on the way the colour only gets further from `bg`, so the least step that has the ratio is
    // found by halving. When that end has not the ratio (a light grey under a mid-grey), the other
    // end has: from `bg` itself, as the colour's own way there would cross `bg`.
    const QColor white(Qt::white), black(Qt::black);
    const bool lighter = relativeLuminance(start) >= relativeLuminance(bg);
    QColor from = start, target = lighter ? white : black;
    if (contrastRatio(target, bg) < ratio) {
        from = bg;
        target = lighter ? black : white;
        if (contrastRatio(target, bg) < ratio) // no colour has it: the furthest there is
            return contrastRatio(white, bg) > contrastRatio(black, bg) ? white : black;
    }
    int lo = 0, hi = 256; // at hi the ratio is reached, at lo not
    while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        if (contrastRatio(mixed(from, target, mid), bg) >= ratio)
            hi = mid;
        else
            lo = mid;
    }
    return mixed(from, target, hi);
}

QColor underWhite(const QColor &accent, double ratio) { return readableOn(accent, Qt::white, ratio); }

CardColours cardColours(const QPalette &pal, bool selected, const QColor &around)
{
    const QColor base = pal.color(QPalette::Base), highlight = pal.color(QPalette::Highlight);
    CardColours c;
    // A tint of the highlight on the base: light blue on white, a dark blue on a dark base. The
    // highlight made lighter (what it was) is a bright colour on any highlight but a light one.
    QColor tint = highlight;
    tint.setAlphaF(0.4);
    c.fill = selected ? over(tint, base) : base;
    c.edge = selected ? readableOn(highlight, around, kShapeContrast) : pal.color(QPalette::Mid).lighter(130);
    c.text = readableOn(pal.color(QPalette::Text), c.fill);
    c.secondary = readableOn(pal.color(QPalette::PlaceholderText), c.fill);
    c.focusRing = readableOn(highlight.darker(140), around, kShapeContrast);
    return c;
}

QColor errorText(const QPalette &pal) { return readableOn(QColor(0xc0, 0x39, 0x2b), pal.color(QPalette::Window)); }

QString inErrorColour(const QPalette &pal, const QString &html)
{
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(errorText(pal).name(), html);
}

} // namespace pp::gui
