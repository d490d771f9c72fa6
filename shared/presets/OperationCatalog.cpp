// The operation table: the one place an operation is described. Each entry has the name used in
// preset files, the title and help the editor shows, its parameters with their ranges and their
// one default, how it relates to scale (for the planner) and the builder that reads its values
// into the implementation's parameter struct. Validation (normalizeStep, in StepValidation.cpp),
// the preset editor's widgets, the step summaries, the planner (through CompiledStep::scaleClass),
// the worker and the tests all read this table. Titles, descriptions, labels and choices are
// marked QT_TR_NOOP: the editor shows them in the user's language (i18n::catalogText), preset
// files keep the names. Adding an operation: an entry here, its function
// in shared/image/ops/, its test. A step that needs the process's fonts or files gets them, and
// reports warnings or its failure, through its StepContext (CompiledStep.h).
//
// Why the table lives in the preset library: presets must validate steps, and the image library
// links presets (ImageCodec.h uses Preset.h's OutputFormat), so a table in image/ could not be
// seen from here without a cycle. The implementations are pure cv::Mat functions in their own
// target, pixelpool-ops, below presets; so the builders can sit next to the parameters they
// read, while OperationCatalog.h and Preset.h stay free of OpenCV.
#include "OperationCatalog.h"

#include "CompiledStep.h"

#include <algorithm>
#include <cmath>

namespace pp {
namespace {

using K = ParamSpec::Kind;

ParamSpec intP(QString key, QString label, int min, int max, int def, QString unit = {})
{
    return {std::move(key), std::move(label), K::Int, double(min), double(max), def, {}, unit, {}};
}
ParamSpec dblP(QString key, QString label, double min, double max, double def, QString unit = {})
{
    return {std::move(key), std::move(label), K::Double, min, max, def, {}, unit, {}};
}
ParamSpec boolP(QString key, QString label, bool def)
{
    return {std::move(key), std::move(label), K::Bool, 0, 1, def, {}, {}, {}};
}
// The first choice is the default; the order is the implementation's enum's (StepArgs::choice).
ParamSpec choiceP(QString key, QString label, QStringList choices)
{
    const QString def = choices.first();
    return {std::move(key), std::move(label), K::Choice, 0, 0, def, std::move(choices), {}, {}};
}
ParamSpec colorP(QString key, QString label, QString def)
{
    return {std::move(key), std::move(label), K::Color, 0, 0, def, {}, {}, {}};
}
ParamSpec textP(QString key, QString label, QString def, int maxLen)
{
    return {std::move(key), std::move(label), K::Text, 0, double(maxLen), def, {}, {}, {}};
}
// A path; `required` ones have no default (an empty path is refused).
ParamSpec fileP(QString key, QString label, bool required, QString filter)
{
    return {std::move(key),   std::move(label), K::File, required ? 1.0 : 0.0, 4096, QString(), {}, {},
            std::move(filter)};
}

template <ScaleClass C> ScaleClass always(const StepArgs &) { return C; }

cv::Size keepSize(cv::Size in, const StepContext &) { return in; }

// Most operations need nothing from the job and keep the image's size.
template <typename F> CompiledStep pixelsOnly(F f)
{
    CompiledStep s;
    s.apply = [f = std::move(f)](const cv::Mat &m, const StepContext &) { return f(m); };
    s.outputSize = keepSize;
    return s;
}

// Like pixelsOnly, for an operation that uses the process's resources or reports on its work.
template <typename F> CompiledStep withContext(F f)
{
    CompiledStep s;
    s.apply = std::move(f);
    s.outputSize = keepSize;
    return s;
}

// Like pixelsOnly, for an operation whose output size depends on its parameters.
template <typename F, typename G> CompiledStep resizing(F f, G size)
{
    CompiledStep s;
    s.apply = [f = std::move(f)](const cv::Mat &m, const StepContext &) { return f(m); };
    s.outputSize = [size = std::move(size)](cv::Size in, const StepContext &) { return size(in); };
    return s;
}

// Marked for translation: the editor shows each choice in the user's language (app/i18n), while
// preset files keep these names.
const QStringList kPositions = {
    QT_TRANSLATE_NOOP("pp::OperationCatalog", "bottomRight"), QT_TRANSLATE_NOOP("pp::OperationCatalog", "bottomLeft"),
    QT_TRANSLATE_NOOP("pp::OperationCatalog", "topRight"),    QT_TRANSLATE_NOOP("pp::OperationCatalog", "topLeft"),
    QT_TRANSLATE_NOOP("pp::OperationCatalog", "center"),      QT_TRANSLATE_NOOP("pp::OperationCatalog", "top"),
    QT_TRANSLATE_NOOP("pp::OperationCatalog", "bottom"),      QT_TRANSLATE_NOOP("pp::OperationCatalog", "left"),
    QT_TRANSLATE_NOOP("pp::OperationCatalog", "right")};

// A step that cannot run says why in the job's failure reason.
cv::Mat stepFails(const StepContext &c, const QString &why)
{
    if (c.report)
        c.report->error = why;
    return {};
}

// "U+6771 "東"", the form warnings name characters in: the code for what cannot be seen, the
// character for people.
QString describeCharacters(const std::vector<char32_t> &chars)
{
    constexpr size_t kListed = 10;
    QStringList names;
    for (size_t i = 0; i < chars.size() && i < kListed; ++i) {
        const char32_t c = chars[i];
        const QString code = QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0'));
        names << QStringLiteral("U+%1 \"%2\"").arg(code, QString::fromUcs4(&c, 1));
    }
    if (chars.size() > kListed)
        names << QStringLiteral("and %1 more").arg(chars.size() - kListed);
    return names.join(QStringLiteral(", "));
}

CompiledStep watermarkStep(const StepArgs &a)
{
    ops::WatermarkParams p;
    p.text = a.text("text");
    p.position = a.choice<ops::Position>("position");
    p.sizePercent = a.number("size");
    p.opacity = a.number("opacity");
    p.color = a.color("color");
    p.marginPercent = a.number("margin");
    p.fontFile = a.file("font");
    p.fontFamily = a.text("fontFamily");
    return withContext([p](const cv::Mat &m, const StepContext &c) {
        if (!c.resources || !c.resources->fonts)
            return stepFails(c, QStringLiteral("watermark: no fonts where this step runs"));
        ops::TextReport r;
        cv::Mat out = ops::watermark(m, p, *c.resources->fonts, &r);
        if (out.empty())
            return stepFails(c, QStringLiteral("watermark: %1").arg(QString::fromStdString(r.error)));
        if (c.report && !r.familyUsed.empty())
            c.report->warnings << QStringLiteral("watermark: font family \"%1\" is not installed; drawn with \"%2\"")
                                      .arg(QString::fromStdString(p.fontFamily), QString::fromStdString(r.familyUsed));
        if (c.report && !r.missing.empty())
            c.report->warnings << QStringLiteral("watermark: no installed font has %1; drawn as missing-glyph boxes")
                                      .arg(describeCharacters(r.missing));
        return out;
    });
}

CompiledStep logoStep(const StepArgs &a)
{
    ops::LogoParams p;
    p.position = a.choice<ops::Position>("position");
    p.sizePercent = a.number("size");
    p.opacity = a.number("opacity");
    p.marginPercent = a.number("margin");
    return withContext([p, file = a.file("file")](const cv::Mat &m, const StepContext &c) {
        if (!c.resources || !c.resources->files)
            return stepFails(c, QStringLiteral("logo: no files can be read where this step runs"));
        // The logo's own size decides its size on this image; the files keep it at that size for
        // the next image (a batch's photos mostly share one size), so it is resampled once.
        QString why;
        const cv::Mat logo = c.resources->files->load(file, {}, &why);
        if (logo.empty())
            return stepFails(c, QStringLiteral("logo: %1").arg(why));
        const cv::Rect2d placed = ops::logoPlacement(m.size(), logo.size(), p);
        const cv::Mat sized = c.resources->files->load(file, cv::Size(int(placed.width), int(placed.height)), &why);
        if (sized.empty())
            return stepFails(c, QStringLiteral("logo: %1").arg(why));
        return ops::compositeLogo(m, sized, cv::Point(int(placed.x), int(placed.y)), p.opacity);
    });
}

// Crop in aspect mode keeps proportions, so it gives the same picture from a reduced decode; a
// rectangle is in absolute pixels.
bool srgbAlways(const StepArgs &) { return true; }
// Right angles move pixels only; other angles fill the corners with the background colour.
bool rotateFills(const StepArgs &a) { return std::fmod(std::fabs(a.number("angle")), 90.0) != 0; }

ScaleClass cropScaleClass(const StepArgs &a)
{
    return a.choice<ops::CropMode>("mode") == ops::CropMode::Aspect ? ScaleClass::Invariant : ScaleClass::Blocker;
}

ops::CropParams cropParams(const StepArgs &a)
{
    ops::CropParams p;
    p.mode = a.choice<ops::CropMode>("mode");
    p.aspectWidth = a.number("aspectWidth");
    p.aspectHeight = a.number("aspectHeight");
    p.x = a.integer("x");
    p.y = a.integer("y");
    p.width = a.integer("width");
    p.height = a.integer("height");
    return p;
}

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
    constexpr auto invariant = always<ScaleClass::Invariant>;
    constexpr auto blocker = always<ScaleClass::Blocker>;
    m_ops = {
        {"resize",
         QT_TR_NOOP("Resize"),
         QT_TR_NOOP("Fit within a box, fill and crop it, set an exact size, or scale by a percentage."),
         {choiceP("mode", QT_TR_NOOP("Mode"),
                  {QT_TR_NOOP("fit"), QT_TR_NOOP("fill"), QT_TR_NOOP("exact"), QT_TR_NOOP("scale")}),
          intP("width", QT_TR_NOOP("Width"), 1, 65535, 1200, "px"),
          intP("height", QT_TR_NOOP("Height"), 1, 65535, 1200, "px"),
          dblP("percent", QT_TR_NOOP("Scale"), 1, 1000, 50, "%"),
          boolP("downscaleOnly", QT_TR_NOOP("Only shrink, never enlarge"), false),
          choiceP("filter", QT_TR_NOOP("Filter"),
                  {QT_TR_NOOP("auto"), QT_TR_NOOP("area"), QT_TR_NOOP("linear"), QT_TR_NOOP("cubic"),
                   QT_TR_NOOP("lanczos"), QT_TR_NOOP("nearest")})},
         always<ScaleClass::Resize>,
         [](const StepArgs &a) {
             ops::ResizeParams p;
             p.mode = a.choice<ops::ResizeMode>("mode");
             p.width = a.integer("width");
             p.height = a.integer("height");
             p.percent = a.number("percent");
             p.downscaleOnly = a.flag("downscaleOnly");
             p.filter = a.choice<ops::Filter>("filter");
             CompiledStep s = resizing([p](const cv::Mat &m) { return ops::resize(m, p); },
                                       [p](cv::Size in) { return ops::resizeOutputSize(in, p); });
             s.resize = p;
             return s;
         }},
        {"crop",
         QT_TR_NOOP("Crop"),
         QT_TR_NOOP("Cut out a rectangle, or the largest centred area of an aspect ratio."),
         {choiceP("mode", QT_TR_NOOP("Mode"), {QT_TR_NOOP("aspect"), QT_TR_NOOP("rect")}),
          dblP("aspectWidth", QT_TR_NOOP("Aspect width"), 0.01, 10000, 1),
          dblP("aspectHeight", QT_TR_NOOP("Aspect height"), 0.01, 10000, 1),
          intP("x", QT_TR_NOOP("Left"), 0, 1000000, 0, "px"), intP("y", QT_TR_NOOP("Top"), 0, 1000000, 0, "px"),
          intP("width", QT_TR_NOOP("Width"), 1, 1000000, 100, "px"),
          intP("height", QT_TR_NOOP("Height"), 1, 1000000, 100, "px")},
         cropScaleClass,
         [](const StepArgs &a) {
             const ops::CropParams p = cropParams(a);
             CompiledStep s = resizing([p](const cv::Mat &m) { return ops::crop(m, p); },
                                       [p](cv::Size in) { return ops::cropOutputSize(in, p); });
             // A rectangle partly outside the image is clipped to it; one wholly outside (a batch
             // of smaller images than the preset was made for) would leave a 1-pixel edge: the
             // image fails instead, saying so.
             if (p.mode == ops::CropMode::Rect)
                 s.apply = [p](const cv::Mat &m, const StepContext &c) {
                     if (p.x < m.cols && p.y < m.rows)
                         return ops::crop(m, p);
                     return stepFails(c, QStringLiteral("crop: the rectangle at (%1, %2) lies outside the %3×%4 image")
                                             .arg(p.x)
                                             .arg(p.y)
                                             .arg(m.cols)
                                             .arg(m.rows));
                 };
             return s;
         }},
        {"rotate",
         QT_TR_NOOP("Rotate"),
         QT_TR_NOOP("Rotate clockwise. Multiples of 90° are lossless; other angles enlarge the canvas."),
         {dblP("angle", QT_TR_NOOP("Angle"), -360, 360, 90, "°"),
          colorP("background", QT_TR_NOOP("Background"), "#ffffff")},
         invariant,
         [](const StepArgs &a) {
             ops::RotateParams p;
             p.angle = a.number("angle");
             p.background = a.color("background");
             return resizing([p](const cv::Mat &m) { return ops::rotate(m, p); },
                             [p](cv::Size in) { return ops::rotateOutputSize(in, p); });
         },
         rotateFills},
        {"flip",
         QT_TR_NOOP("Flip"),
         QT_TR_NOOP("Mirror the image."),
         {choiceP("direction", QT_TR_NOOP("Direction"),
                  {QT_TR_NOOP("horizontal"), QT_TR_NOOP("vertical"), QT_TR_NOOP("both")})},
         invariant,
         [](const StepArgs &a) {
             const auto d = a.choice<ops::FlipDirection>("direction");
             return pixelsOnly([d](const cv::Mat &m) { return ops::flip(m, d); });
         }},
        {"autoOrient",
         QT_TR_NOOP("Auto-orient"),
         QT_TR_NOOP("Turn the image upright as its EXIF orientation says."),
         {},
         invariant,
         [](const StepArgs &) {
             // The orientation is the file's, so it comes with each job.
             CompiledStep s;
             s.apply = [](const cv::Mat &m, const StepContext &c) {
                 // Upright already: the same pixels, not a copy of them (a full-size copy of every
                 // photo without a turn; operations never change their input).
                 if (c.exifOrientation < 2 || c.exifOrientation > 8)
                     return m;
                 return ops::applyExifOrientation(m, c.exifOrientation);
             };
             s.outputSize = [](cv::Size in, const StepContext &c) { return ops::orientedSize(in, c.exifOrientation); };
             return s;
         }},
        {"blur",
         QT_TR_NOOP("Gaussian blur"),
         QT_TR_NOOP("Blur with a Gaussian of the given standard deviation."),
         {dblP("sigma", QT_TR_NOOP("Radius (sigma)"), 0.1, 500, 2, "px")},
         always<ScaleClass::Blur>,
         [](const StepArgs &a) {
             CompiledStep s;
             s.blurSigma = a.number("sigma");
             // The planner may run it after a downscale: then the radius shrinks with the image.
             s.apply = [sigma = s.blurSigma](const cv::Mat &m, const StepContext &c) {
                 return ops::gaussianBlur(m, sigma * c.scale);
             };
             s.outputSize = keepSize;
             return s;
         }},
        {"sharpen",
         QT_TR_NOOP("Sharpen"),
         QT_TR_NOOP("Unsharp mask."),
         {dblP("sigma", QT_TR_NOOP("Radius (sigma)"), 0.1, 50, 1, "px"),
          dblP("amount", QT_TR_NOOP("Amount"), 0, 10, 0.5), intP("threshold", QT_TR_NOOP("Threshold"), 0, 255, 0)},
         blocker,
         [](const StepArgs &a) {
             ops::SharpenParams p;
             p.sigma = a.number("sigma");
             p.amount = a.number("amount");
             p.threshold = a.integer("threshold");
             return pixelsOnly([p](const cv::Mat &m) { return ops::sharpen(m, p); });
         }},
        {"brightnessContrast",
         QT_TR_NOOP("Brightness and contrast"),
         QT_TR_NOOP("Shift brightness and stretch contrast."),
         {intP("brightness", QT_TR_NOOP("Brightness"), -100, 100, 0, "%"),
          intP("contrast", QT_TR_NOOP("Contrast"), -100, 100, 0, "%")},
         invariant,
         [](const StepArgs &a) {
             const int b = a.integer("brightness"), c = a.integer("contrast");
             return pixelsOnly([b, c](const cv::Mat &m) { return ops::brightnessContrast(m, b, c); });
         },
         srgbAlways},
        {"gamma",
         QT_TR_NOOP("Gamma"),
         QT_TR_NOOP("Gamma correction; above 1 brightens the mid-tones."),
         {dblP("gamma", QT_TR_NOOP("Gamma"), 0.1, 10, 1)},
         invariant,
         [](const StepArgs &a) {
             const double g = a.number("gamma");
             return pixelsOnly([g](const cv::Mat &m) { return ops::gamma(m, g); });
         },
         srgbAlways},
        {"saturation",
         QT_TR_NOOP("Saturation"),
         QT_TR_NOOP("Scale colour saturation; 0 is grey, 1 unchanged."),
         {dblP("factor", QT_TR_NOOP("Factor"), 0, 5, 1)},
         invariant,
         [](const StepArgs &a) {
             const double f = a.number("factor");
             return pixelsOnly([f](const cv::Mat &m) { return ops::saturation(m, f); });
         },
         srgbAlways},
        {"grayscale",
         QT_TR_NOOP("Grayscale"),
         QT_TR_NOOP("Convert to shades of grey."),
         {},
         invariant,
         [](const StepArgs &) { return pixelsOnly([](const cv::Mat &m) { return ops::grayscale(m); }); },
         srgbAlways},
        {"sepia",
         QT_TR_NOOP("Sepia"),
         QT_TR_NOOP("Warm brown tone."),
         {dblP("intensity", QT_TR_NOOP("Intensity"), 0, 1, 1)},
         invariant,
         [](const StepArgs &a) {
             const double t = a.number("intensity");
             return pixelsOnly([t](const cv::Mat &m) { return ops::sepia(m, t); });
         },
         srgbAlways},
        // A text watermark is sized relative to the image, but it is drawn in pixels after
        // rasterising glyphs: at a reduced decode it would come out different.
        {"watermark",
         QT_TR_NOOP("Text watermark"),
         QT_TR_NOOP("Draw text over the image, sized relative to it. Characters the font lacks come from other "
                    "installed fonts."),
         {textP("text", QT_TR_NOOP("Text"), "© PixelPool", 200),
          choiceP("position", QT_TR_NOOP("Position"), kPositions),
          dblP("size", QT_TR_NOOP("Size (share of image height)"), 1, 50, 5, "%"),
          dblP("opacity", QT_TR_NOOP("Opacity"), 0, 1, 0.5), colorP("color", QT_TR_NOOP("Colour"), "#ffffff"),
          dblP("margin", QT_TR_NOOP("Margin"), 0, 25, 2, "%"),
          textP("fontFamily", QT_TR_NOOP("Font family"), "sans-serif", 200),
          fileP("font", QT_TR_NOOP("Font file"), false, QT_TR_NOOP("Fonts (*.ttf *.otf *.ttc *.otc)"))},
         blocker,
         watermarkStep,
         srgbAlways,
         true}, // eightBitOnly: glyphs are blended at 8 bits
        // A logo from a file, drawn over the image; like the text, sized relative to the image
        // but composited in pixels.
        {"logo",
         QT_TR_NOOP("Logo"),
         QT_TR_NOOP("Draw an image (a PNG with transparency, or any image PixelPool reads) over the image, sized "
                    "relative to its width."),
         {fileP("file", QT_TR_NOOP("Image file"), true,
                QT_TR_NOOP("Images (*.png *.webp *.tif *.tiff *.jpg *.jpeg *.gif *.heic *.avif *.bmp)")),
          choiceP("position", QT_TR_NOOP("Position"), kPositions),
          dblP("size", QT_TR_NOOP("Size (share of image width)"), 1, 100, 20, "%"),
          dblP("opacity", QT_TR_NOOP("Opacity"), 0, 1, 0.5), dblP("margin", QT_TR_NOOP("Margin"), 0, 25, 2, "%")},
         blocker,
         logoStep,
         srgbAlways,
         true}, // eightBitOnly: the logo is blended at 8 bits
        {"border",
         QT_TR_NOOP("Border"),
         QT_TR_NOOP("Pad the image with a coloured border."),
         {intP("size", QT_TR_NOOP("Width"), 0, 10000, 20, "px"), colorP("color", QT_TR_NOOP("Colour"), "#ffffff")},
         blocker,
         [](const StepArgs &a) {
             ops::BorderParams p;
             p.size = a.integer("size");
             p.color = a.color("color");
             return resizing([p](const cv::Mat &m) { return ops::border(m, p); },
                             [n = p.size](cv::Size in) {
                                 // Mirrors border(): empty images and non-positive sizes pass through.
                                 if (in.width <= 0 || in.height <= 0 || n <= 0)
                                     return in;
                                 return cv::Size(in.width + 2 * n, in.height + 2 * n);
                             });
         },
         srgbAlways},
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

} // namespace pp
