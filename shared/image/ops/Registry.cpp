// The one table from operation names to implementations. Steps arrive normalized by
// OperationCatalog (every parameter present and in range); a missing key falls back to the
// parameter struct's default, while a value of the wrong type or an unknown choice is an
// error, since that means the step did not come through normalization.
#include "ops/Operations.h"

#include <QJsonValue>
#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <utility>

namespace pp::ops {
namespace {

int hexDigit(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9') return u - '0';
    if (u >= 'a' && u <= 'f') return u - 'a' + 10;
    if (u >= 'A' && u <= 'F') return u - 'A' + 10;
    return -1;
}

// "#rrggbb" or "#rrggbbaa" (the catalog's colour syntax) as a BGRA scalar.
std::optional<cv::Scalar> parseHexColor(const QString &hex)
{
    if ((hex.size() != 7 && hex.size() != 9) || hex[0] != QLatin1Char('#')) return std::nullopt;
    int v[4] = {0, 0, 0, 255};
    for (int i = 0; 1 + 2 * i < hex.size(); ++i) {
        const int hi = hexDigit(hex[1 + 2 * i]), lo = hexDigit(hex[2 + 2 * i]);
        if (hi < 0 || lo < 0) return std::nullopt;
        v[i] = hi * 16 + lo;
    }
    return cv::Scalar(v[2], v[1], v[0], v[3]);
}

// Reads typed parameters from a step, recording the first problem in `error`.
class Params
{
  public:
    explicit Params(const QJsonObject &step) : m_step(step), m_op(step.value("op").toString()) {}

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    double number(const char *key, double def)
    {
        const QJsonValue v = m_step.value(QLatin1String(key));
        if (v.isUndefined()) return def;
        if (!v.isDouble() || !std::isfinite(v.toDouble())) {
            fail(key, "must be a number");
            return def;
        }
        return v.toDouble();
    }

    int integer(const char *key, int def)
    {
        const double d = number(key, def);
        return int(std::clamp<double>(std::round(d), INT_MIN, INT_MAX));
    }

    bool flag(const char *key, bool def)
    {
        const QJsonValue v = m_step.value(QLatin1String(key));
        if (v.isUndefined()) return def;
        if (!v.isBool()) {
            fail(key, "must be true or false");
            return def;
        }
        return v.toBool();
    }

    QString text(const char *key, const QString &def)
    {
        const QJsonValue v = m_step.value(QLatin1String(key));
        if (v.isUndefined()) return def;
        if (!v.isString()) {
            fail(key, "must be text");
            return def;
        }
        return v.toString();
    }

    template <typename E, std::size_t N>
    E choice(const char *key, const std::array<std::pair<const char *, E>, N> &options, E def)
    {
        const QJsonValue v = m_step.value(QLatin1String(key));
        if (v.isUndefined()) return def;
        for (const auto &[name, value] : options)
            if (v.toString() == QLatin1String(name)) return value;
        fail(key, "has an unknown value");
        return def;
    }

    cv::Scalar color(const char *key, const cv::Scalar &def)
    {
        const QJsonValue v = m_step.value(QLatin1String(key));
        if (v.isUndefined()) return def;
        if (const auto c = parseHexColor(v.toString())) return *c;
        fail(key, "must be a colour like \"#ff8800\"");
        return def;
    }

  private:
    void fail(const char *key, const char *what)
    {
        if (ok())
            m_error = QStringLiteral("%1.%2 %3").arg(m_op, QLatin1String(key), QLatin1String(what));
    }

    const QJsonObject &m_step;
    QString m_op;
    QString m_error;
};

constexpr std::array<std::pair<const char *, ResizeMode>, 4> kResizeModes{
    {{"fit", ResizeMode::Fit},
     {"fill", ResizeMode::Fill},
     {"exact", ResizeMode::Exact},
     {"scale", ResizeMode::Scale}}};
constexpr std::array<std::pair<const char *, Filter>, 6> kFilters{{{"auto", Filter::Auto},
                                                                   {"area", Filter::Area},
                                                                   {"linear", Filter::Linear},
                                                                   {"cubic", Filter::Cubic},
                                                                   {"lanczos", Filter::Lanczos},
                                                                   {"nearest", Filter::Nearest}}};
constexpr std::array<std::pair<const char *, CropMode>, 2> kCropModes{
    {{"aspect", CropMode::Aspect}, {"rect", CropMode::Rect}}};
constexpr std::array<std::pair<const char *, FlipDirection>, 3> kFlipDirections{
    {{"horizontal", FlipDirection::Horizontal},
     {"vertical", FlipDirection::Vertical},
     {"both", FlipDirection::Both}}};
constexpr std::array<std::pair<const char *, Position>, 9> kPositions{
    {{"bottomRight", Position::BottomRight},
     {"bottomLeft", Position::BottomLeft},
     {"topRight", Position::TopRight},
     {"topLeft", Position::TopLeft},
     {"center", Position::Center},
     {"top", Position::Top},
     {"bottom", Position::Bottom},
     {"left", Position::Left},
     {"right", Position::Right}}};

ResizeParams readResize(Params &r)
{
    const ResizeParams d;
    ResizeParams p;
    p.mode = r.choice("mode", kResizeModes, d.mode);
    p.width = r.integer("width", d.width);
    p.height = r.integer("height", d.height);
    p.percent = r.number("percent", d.percent);
    p.downscaleOnly = r.flag("downscaleOnly", d.downscaleOnly);
    p.filter = r.choice("filter", kFilters, d.filter);
    return p;
}

using SizeFn = std::function<cv::Size(cv::Size)>;
using ApplyFn = std::function<cv::Mat(const cv::Mat &)>;

SizeFn sameSize()
{
    return [](cv::Size s) { return s; };
}

// A builder reads its parameters and returns the step; Params records any error.
struct Entry
{
    const char *name;
    std::pair<ApplyFn, SizeFn> (*build)(Params &, int exifOrientation);
};

const Entry kTable[] = {
    {"resize",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const ResizeParams p = readResize(r);
         return {[p](const cv::Mat &m) { return resize(m, p); },
                 [p](cv::Size s) { return resizeOutputSize(s, p); }};
     }},
    {"crop",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const CropParams d;
         CropParams p;
         p.mode = r.choice("mode", kCropModes, d.mode);
         p.aspectWidth = r.number("aspectWidth", d.aspectWidth);
         p.aspectHeight = r.number("aspectHeight", d.aspectHeight);
         p.x = r.integer("x", d.x);
         p.y = r.integer("y", d.y);
         p.width = r.integer("width", d.width);
         p.height = r.integer("height", d.height);
         return {[p](const cv::Mat &m) { return crop(m, p); },
                 [p](cv::Size s) { return cropOutputSize(s, p); }};
     }},
    {"rotate",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const RotateParams d;
         RotateParams p;
         p.angle = r.number("angle", d.angle);
         p.background = r.color("background", d.background);
         return {[p](const cv::Mat &m) { return rotate(m, p); },
                 [p](cv::Size s) { return rotateOutputSize(s, p); }};
     }},
    {"flip",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const FlipDirection dir =
             r.choice("direction", kFlipDirections, FlipDirection::Horizontal);
         return {[dir](const cv::Mat &m) { return flip(m, dir); }, sameSize()};
     }},
    {"autoOrient",
     [](Params &, int exif) -> std::pair<ApplyFn, SizeFn> {
         return {[exif](const cv::Mat &m) { return applyExifOrientation(m, exif); },
                 [exif](cv::Size s) { return orientedSize(s, exif); }};
     }},
    {"blur",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const double sigma = r.number("sigma", 2);
         return {[sigma](const cv::Mat &m) { return gaussianBlur(m, sigma); }, sameSize()};
     }},
    {"sharpen",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const SharpenParams d;
         SharpenParams p;
         p.sigma = r.number("sigma", d.sigma);
         p.amount = r.number("amount", d.amount);
         p.threshold = r.integer("threshold", d.threshold);
         return {[p](const cv::Mat &m) { return sharpen(m, p); }, sameSize()};
     }},
    {"brightnessContrast",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const int b = r.integer("brightness", 0), c = r.integer("contrast", 0);
         return {[b, c](const cv::Mat &m) { return brightnessContrast(m, b, c); }, sameSize()};
     }},
    {"gamma",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const double g = r.number("gamma", 1);
         return {[g](const cv::Mat &m) { return gamma(m, g); }, sameSize()};
     }},
    {"saturation",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const double f = r.number("factor", 1);
         return {[f](const cv::Mat &m) { return saturation(m, f); }, sameSize()};
     }},
    {"grayscale",
     [](Params &, int) -> std::pair<ApplyFn, SizeFn> {
         return {[](const cv::Mat &m) { return grayscale(m); }, sameSize()};
     }},
    {"sepia",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const double t = r.number("intensity", 1);
         return {[t](const cv::Mat &m) { return sepia(m, t); }, sameSize()};
     }},
    {"watermark",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const WatermarkParams d;
         WatermarkParams p;
         p.text = r.text("text", QString::fromStdString(d.text)).toStdString();
         p.position = r.choice("position", kPositions, d.position);
         p.sizePercent = r.number("size", d.sizePercent);
         p.opacity = r.number("opacity", d.opacity);
         p.color = r.color("color", d.color);
         p.marginPercent = r.number("margin", d.marginPercent);
         return {[p](const cv::Mat &m) { return watermark(m, p); }, sameSize()};
     }},
    {"border",
     [](Params &r, int) -> std::pair<ApplyFn, SizeFn> {
         const BorderParams d;
         BorderParams p;
         p.size = r.integer("size", d.size);
         p.color = r.color("color", d.color);
         return {[p](const cv::Mat &m) { return border(m, p); },
                 [n = p.size](cv::Size s) {
                     // Mirrors border(): empty images and non-positive sizes pass through.
                     if (s.width <= 0 || s.height <= 0 || n <= 0) return s;
                     return cv::Size(s.width + 2 * n, s.height + 2 * n);
                 }};
     }},
};

} // namespace

std::optional<CompiledStep> compile(const QJsonObject &step, int exifOrientation, QString *error)
{
    const auto setError = [error](const QString &message) {
        if (error) *error = message;
    };
    const QJsonValue op = step.value("op");
    if (!op.isString()) {
        setError(QStringLiteral("\"op\" must name an operation"));
        return std::nullopt;
    }
    const QString name = op.toString();
    const auto entry = std::find_if(std::begin(kTable), std::end(kTable),
                                    [&](const Entry &e) { return name == QLatin1String(e.name); });
    if (entry == std::end(kTable)) {
        setError(QStringLiteral("unknown operation \"%1\"").arg(name));
        return std::nullopt;
    }
    Params reader(step);
    auto [apply, outputSize] = entry->build(reader, exifOrientation);
    if (!reader.ok()) {
        setError(reader.error());
        return std::nullopt;
    }
    return CompiledStep{name, std::move(apply), std::move(outputSize)};
}

ResizeParams resizeParams(const QJsonObject &step)
{
    // Planner use: the step was validated already, so defaults cover any gaps silently.
    Params reader(step);
    return readResize(reader);
}

// Anything but "#rrggbb" or "#rrggbbaa" gives opaque black (the catalog rejects such input
// long before it gets here).
cv::Scalar colorToBgra(const QString &hex)
{
    return parseHexColor(hex).value_or(cv::Scalar(0, 0, 0, 255));
}

} // namespace pp::ops
