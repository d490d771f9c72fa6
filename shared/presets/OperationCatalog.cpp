#include "OperationCatalog.h"

#include <algorithm>
#include <cmath>

namespace pp {
namespace {

using K = ParamSpec::Kind;

ParamSpec intP(QString key, QString label, int min, int max, int def, QString unit = {})
{
    return {std::move(key), std::move(label), K::Int, double(min), double(max), def, {}, unit};
}
ParamSpec dblP(QString key, QString label, double min, double max, double def, QString unit = {})
{
    return {std::move(key), std::move(label), K::Double, min, max, def, {}, unit};
}
ParamSpec boolP(QString key, QString label, bool def)
{
    return {std::move(key), std::move(label), K::Bool, 0, 1, def, {}, {}};
}
ParamSpec choiceP(QString key, QString label, QStringList choices)
{
    const QString def = choices.first();
    return {std::move(key), std::move(label), K::Choice, 0, 0, def, std::move(choices), {}};
}
ParamSpec colorP(QString key, QString label, QString def)
{
    return {std::move(key), std::move(label), K::Color, 0, 0, def, {}, {}};
}
ParamSpec textP(QString key, QString label, QString def, int maxLen)
{
    return {std::move(key), std::move(label), K::Text, 0, double(maxLen), def, {}, {}};
}

const QStringList kPositions = {"bottomRight", "bottomLeft", "topRight", "topLeft", "center",
                                "top",         "bottom",     "left",     "right"};

} // namespace

const ParamSpec *OperationSpec::param(const QString &key) const
{
    for (const ParamSpec &p : params)
        if (p.key == key)
            return &p;
    return nullptr;
}

OperationCatalog::OperationCatalog()
{
    m_ops = {
        {"resize", "Resize",
         "Fit within a box, fill and crop it, set an exact size, or scale by a percentage.",
         {choiceP("mode", "Mode", {"fit", "fill", "exact", "scale"}),
          intP("width", "Width", 1, 65535, 1200, "px"), intP("height", "Height", 1, 65535, 1200, "px"),
          dblP("percent", "Scale", 1, 1000, 50, "%"),
          boolP("downscaleOnly", "Only shrink, never enlarge", false),
          choiceP("filter", "Filter", {"auto", "area", "linear", "cubic", "lanczos", "nearest"})}},
        {"crop", "Crop", "Cut out a rectangle, or the largest centred area of an aspect ratio.",
         {choiceP("mode", "Mode", {"aspect", "rect"}), dblP("aspectWidth", "Aspect width", 0.01, 10000, 1),
          dblP("aspectHeight", "Aspect height", 0.01, 10000, 1), intP("x", "Left", 0, 1000000, 0, "px"),
          intP("y", "Top", 0, 1000000, 0, "px"), intP("width", "Width", 1, 1000000, 100, "px"),
          intP("height", "Height", 1, 1000000, 100, "px")}},
        {"rotate", "Rotate",
         "Rotate clockwise. Multiples of 90° are lossless; other angles enlarge the canvas.",
         {dblP("angle", "Angle", -360, 360, 90, "°"), colorP("background", "Background", "#ffffff")}},
        {"flip", "Flip", "Mirror the image.",
         {choiceP("direction", "Direction", {"horizontal", "vertical", "both"})}},
        {"autoOrient", "Auto-orient", "Turn the image upright as its EXIF orientation says.", {}},
        {"blur", "Gaussian blur", "Blur with a Gaussian of the given standard deviation.",
         {dblP("sigma", "Radius (sigma)", 0.1, 500, 2, "px")}},
        {"sharpen", "Sharpen", "Unsharp mask.",
         {dblP("sigma", "Radius (sigma)", 0.1, 50, 1, "px"), dblP("amount", "Amount", 0, 10, 0.5),
          intP("threshold", "Threshold", 0, 255, 0)}},
        {"brightnessContrast", "Brightness and contrast", "Shift brightness and stretch contrast.",
         {intP("brightness", "Brightness", -100, 100, 0, "%"),
          intP("contrast", "Contrast", -100, 100, 0, "%")}},
        {"gamma", "Gamma", "Gamma correction; above 1 brightens the mid-tones.",
         {dblP("gamma", "Gamma", 0.1, 10, 1)}},
        {"saturation", "Saturation", "Scale colour saturation; 0 is grey, 1 unchanged.",
         {dblP("factor", "Factor", 0, 5, 1)}},
        {"grayscale", "Grayscale", "Convert to shades of grey.", {}},
        {"sepia", "Sepia", "Warm brown tone.", {dblP("intensity", "Intensity", 0, 1, 1)}},
        {"watermark", "Text watermark", "Draw text over the image, sized relative to it.",
         {textP("text", "Text", "© PixelPool", 200), choiceP("position", "Position", kPositions),
          dblP("size", "Size (share of image height)", 1, 50, 5, "%"),
          dblP("opacity", "Opacity", 0, 1, 0.5), colorP("color", "Colour", "#ffffff"),
          dblP("margin", "Margin", 0, 25, 2, "%")}},
        {"border", "Border", "Pad the image with a coloured border.",
         {intP("size", "Width", 0, 10000, 20, "px"), colorP("color", "Colour", "#ffffff")}},
    };
}

const OperationCatalog &OperationCatalog::builtin()
{
    static const OperationCatalog catalog;
    return catalog;
}

const OperationSpec *OperationCatalog::find(const QString &name) const
{
    for (const OperationSpec &op : m_ops)
        if (op.name == name)
            return &op;
    return nullptr;
}

// Strict, character by character: a regular expression's "$" also matches before a final
// newline, which let "#ffffff\n" through validation only to fail every image in the worker.
bool OperationCatalog::parseColor(const QString &text, int rgba[4])
{
    if ((text.size() != 7 && text.size() != 9) || text[0] != QLatin1Char('#'))
        return false;
    // Digit by digit: QString::toInt() would also take "+1", "-1" and " 1".
    const auto digit = [](QChar c) {
        const char16_t u = c.unicode();
        if (u >= '0' && u <= '9') return u - '0';
        if (u >= 'a' && u <= 'f') return u - 'a' + 10;
        if (u >= 'A' && u <= 'F') return u - 'A' + 10;
        return -1;
    };
    int v[4] = {0, 0, 0, 255};
    for (int i = 0; 1 + 2 * i < text.size(); ++i) {
        const int hi = digit(text[1 + 2 * i]), lo = digit(text[2 + 2 * i]);
        if (hi < 0 || lo < 0)
            return false;
        v[i] = hi * 16 + lo;
    }
    std::copy(v, v + 4, rgba);
    return true;
}

QJsonObject OperationCatalog::normalizeStep(const QJsonObject &step, QString *error) const
{
    const QJsonValue opValue = step.value("op");
    if (!opValue.isString()) {
        *error = QStringLiteral("\"op\" must name an operation");
        return {};
    }
    const OperationSpec *spec = find(opValue.toString());
    if (!spec) {
        *error = QStringLiteral("unknown operation \"%1\"").arg(opValue.toString());
        return {};
    }
    QJsonObject out{{"op", spec->name}};
    for (auto it = step.begin(); it != step.end(); ++it) {
        if (it.key() != "op" && !spec->param(it.key())) {
            *error = QStringLiteral("%1: unknown parameter \"%2\"").arg(spec->name, it.key());
            return {};
        }
    }
    for (const ParamSpec &p : spec->params) {
        const QJsonValue v = step.contains(p.key) ? step.value(p.key) : p.defaultValue;
        const QString where = QStringLiteral("%1.%2").arg(spec->name, p.key);
        switch (p.kind) {
        case K::Int:
        case K::Double: {
            if (!v.isDouble() || !std::isfinite(v.toDouble())) {
                *error = where + QStringLiteral(" must be a number");
                return {};
            }
            const double d = v.toDouble();
            if (p.kind == K::Int && d != std::floor(d)) {
                *error = where + QStringLiteral(" must be a whole number");
                return {};
            }
            if (d < p.min || d > p.max) {
                *error = QStringLiteral("%1 is %2, outside %3..%4").arg(where).arg(d).arg(p.min).arg(p.max);
                return {};
            }
            out.insert(p.key, p.kind == K::Int ? QJsonValue(int(d)) : QJsonValue(d));
            break;
        }
        case K::Bool:
            if (!v.isBool()) {
                *error = where + QStringLiteral(" must be true or false");
                return {};
            }
            out.insert(p.key, v);
            break;
        case K::Choice:
            if (!v.isString() || !p.choices.contains(v.toString())) {
                *error = QStringLiteral("%1 must be one of: %2").arg(where, p.choices.join(", "));
                return {};
            }
            out.insert(p.key, v);
            break;
        case K::Color: {
            int rgba[4];
            if (!v.isString() || !parseColor(v.toString(), rgba)) {
                *error = where + QStringLiteral(" must be a colour like \"#ff8800\"");
                return {};
            }
            out.insert(p.key, v);
            break;
        }
        case K::Text:
            if (!v.isString() || v.toString().size() > int(p.max)) {
                *error = QStringLiteral("%1 must be text of at most %2 characters").arg(where).arg(p.max);
                return {};
            }
            out.insert(p.key, v);
            break;
        }
    }
    return out;
}

} // namespace pp
