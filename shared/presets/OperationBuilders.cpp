// The operation table's OpenCV side (CompiledStep.h): for each operation of OperationCatalog.cpp,
// by name, how it relates to scale (for the planner) and the builder that reads its validated
// values into the implementation's parameter struct (shared/image/ops/). Only the processes that
// run steps link this: the worker, pixelpool-in-process, the tests. A step that needs the process's
// fonts or files gets them, and reports warnings or its failure, through its StepContext.
#include "CompiledStep.h"

#include <cmath>

namespace pp {
namespace {

template <ScaleClass C> ScaleClass always(const StepArgs &) { return C; }

cv::Size keepSize(cv::Size in, const StepContext &) { return in; }
int sameFrame(cv::Size, const StepContext &) { return 1; }

// Most operations need nothing from the job and keep the image's size.
template <typename F> CompiledStep pixelsOnly(F f)
{
    CompiledStep s;
    s.apply = [f = std::move(f)](const cv::Mat &m, const StepContext &) { return f(m); };
    s.outputSize = keepSize;
    s.frame = sameFrame;
    return s;
}

// Like pixelsOnly, for an operation that uses the process's resources or reports on its work.
template <typename F> CompiledStep withContext(F f)
{
    CompiledStep s;
    s.apply = std::move(f);
    s.outputSize = keepSize;
    s.frame = sameFrame;
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
    CompiledStep s = withContext([p](const cv::Mat &m, const StepContext &c) {
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
    s.framed = true; // a corner, and text that reads left to right
    return s;
}

CompiledStep logoStep(const StepArgs &a)
{
    ops::LogoParams p;
    p.position = a.choice<ops::Position>("position");
    p.sizePercent = a.number("size");
    p.opacity = a.number("opacity");
    p.marginPercent = a.number("margin");
    CompiledStep s = withContext([p, file = a.file("file")](const cv::Mat &m, const StepContext &c) {
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
    s.framed = true;
    return s;
}

// Crop in aspect mode keeps proportions, so it gives the same picture from a reduced decode; a
// rectangle is in absolute pixels.
bool srgbAlways(const StepArgs &) { return true; }
// Right angles move pixels only; other angles fill the corners with the background colour.
bool rotateFills(const StepArgs &a) { return std::fmod(std::fabs(a.number("angle")), 90.0) != 0; }

// Nearest picks source pixels: from a reduced decode (averaged blocks), or before a blur moved
// after it, it would pick others than from the image as decoded, and the batch would not give what
// a full decode (a preview at 100 %) gives. The planner leaves such a resize as written.
ScaleClass resizeScaleClass(const StepArgs &a)
{
    return a.choice<ops::Filter>("filter") == ops::Filter::Nearest ? ScaleClass::Blocker : ScaleClass::Resize;
}

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

const QVector<OperationBuilder> &operationBuilders()
{
    constexpr auto invariant = always<ScaleClass::Invariant>;
    constexpr auto blocker = always<ScaleClass::Blocker>;
    static const QVector<OperationBuilder> table = {
        {"resize", resizeScaleClass,
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
             s.framed = p.mode != ops::ResizeMode::Scale && p.width != p.height; // a box that is not square
             if (p.mode != ops::ResizeMode::Fill)                                // which crops
                 s.frame = sameFrame;
             return s;
         }},
        {"crop", cropScaleClass,
         [](const StepArgs &a) {
             const ops::CropParams p = cropParams(a);
             CompiledStep s = resizing([p](const cv::Mat &m) { return ops::crop(m, p); },
                                       [p](cv::Size in) { return ops::cropOutputSize(in, p); });
             s.frame = [p](cv::Size in, const StepContext &) {
                 return ops::cropArea(in, p) == cv::Rect(cv::Point(), in) ? 1 : 0;
             };
             // A rectangle partly outside the image is clipped to it, saying so (an image smaller
             // than the preset was made for gives a smaller picture than asked); one wholly outside
             // would leave a 1-pixel edge: the image fails instead, saying so.
             if (p.mode == ops::CropMode::Rect)
                 s.apply = [p](const cv::Mat &m, const StepContext &c) {
                     if (p.x < m.cols && p.y < m.rows) {
                         const cv::Rect kept = ops::cropArea(m.size(), p);
                         if (c.report && kept != cv::Rect(p.x, p.y, p.width, p.height))
                             c.report->warnings << QStringLiteral("crop: the rectangle %1×%2 at (%3, %4) reaches past "
                                                                  "the %5×%6 image; cropped to %7×%8 at (%9, %10)")
                                                       .arg(p.width)
                                                       .arg(p.height)
                                                       .arg(p.x)
                                                       .arg(p.y)
                                                       .arg(m.cols)
                                                       .arg(m.rows)
                                                       .arg(kept.width)
                                                       .arg(kept.height)
                                                       .arg(kept.x)
                                                       .arg(kept.y);
                         return ops::crop(m, p);
                     }
                     return stepFails(c, QStringLiteral("crop: the rectangle at (%1, %2) lies outside the %3×%4 image")
                                             .arg(p.x)
                                             .arg(p.y)
                                             .arg(m.cols)
                                             .arg(m.rows));
                 };
             s.framed = p.mode == ops::CropMode::Rect || p.aspectWidth != p.aspectHeight;
             return s;
         }},
        {"rotate", invariant,
         [](const StepArgs &a) {
             ops::RotateParams p;
             p.angle = a.number("angle");
             p.background = a.color("background");
             CompiledStep s = resizing([p](const cv::Mat &m) { return ops::rotate(m, p); },
                                       [p](cv::Size in) { return ops::rotateOutputSize(in, p); });
             s.commutesWithBlur = std::abs(std::remainder(p.angle / 90, 1.0)) <= 1e-9; // a quarter turn: exact
             // Clockwise as seen: of a mirrored picture's stored pixels, it would turn the other way.
             s.framed = std::abs(std::remainder(p.angle / 180, 1.0)) > 1e-9;
             const int turns = int(((std::lround(p.angle / 90) % 4) + 4) % 4);
             const int orientation[] = {1, 6, 3, 8};
             s.frame = [quarter = s.commutesWithBlur, o = orientation[turns]](cv::Size, const StepContext &) {
                 return quarter ? o : 0;
             };
             return s;
         },
         rotateFills},
        {"flip", invariant,
         [](const StepArgs &a) {
             const auto d = a.choice<ops::FlipDirection>("direction");
             CompiledStep s = pixelsOnly([d](const cv::Mat &m) { return ops::flip(m, d); });
             s.commutesWithBlur = true;
             s.framed = true; // of a picture stored sideways, horizontal would be vertical as seen
             const int orientation = d == ops::FlipDirection::Horizontal ? 2
                                     : d == ops::FlipDirection::Vertical ? 4
                                                                         : 3;
             s.frame = [orientation](cv::Size, const StepContext &) { return orientation; };
             return s;
         }},
        {"autoOrient", invariant,
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
             s.frame = [](cv::Size, const StepContext &c) {
                 return c.exifOrientation < 2 || c.exifOrientation > 8 ? 1 : c.exifOrientation;
             };
             s.commutesWithBlur = true; // flips and quarter turns
             return s;
         }},
        {"blur", always<ScaleClass::Blur>,
         [](const StepArgs &a) {
             CompiledStep s;
             s.blurSigma = a.number("sigma");
             // The planner may run it after a downscale: then the radius shrinks with the image.
             s.apply = [sigma = s.blurSigma](const cv::Mat &m, const StepContext &c) {
                 return ops::gaussianBlur(m, sigma * c.scale);
             };
             s.outputSize = keepSize;
             s.frame = sameFrame;
             return s;
         }},
        {"sharpen", blocker,
         [](const StepArgs &a) {
             ops::SharpenParams p;
             p.sigma = a.number("sigma");
             p.amount = a.number("amount");
             p.threshold = a.integer("threshold");
             return pixelsOnly([p](const cv::Mat &m) { return ops::sharpen(m, p); });
         }},
        {"brightnessContrast", invariant,
         [](const StepArgs &a) {
             const int b = a.integer("brightness"), c = a.integer("contrast");
             return pixelsOnly([b, c](const cv::Mat &m) { return ops::brightnessContrast(m, b, c); });
         },
         srgbAlways},
        {"gamma", invariant,
         [](const StepArgs &a) {
             const double g = a.number("gamma");
             return pixelsOnly([g](const cv::Mat &m) { return ops::gamma(m, g); });
         },
         srgbAlways},
        {"saturation", invariant,
         [](const StepArgs &a) {
             const double f = a.number("factor");
             return pixelsOnly([f](const cv::Mat &m) { return ops::saturation(m, f); });
         },
         srgbAlways},
        {"grayscale", invariant,
         [](const StepArgs &) { return pixelsOnly([](const cv::Mat &m) { return ops::grayscale(m); }); }, srgbAlways},
        {"sepia", invariant,
         [](const StepArgs &a) {
             const double t = a.number("intensity");
             return pixelsOnly([t](const cv::Mat &m) { return ops::sepia(m, t); });
         },
         srgbAlways},
        // A text watermark is sized relative to the image, but it is drawn in pixels after
        // rasterising glyphs: at a reduced decode it would come out different.
        // Blended at the image's depth: a 16-bit photo stays 16-bit (it was brought to 8 bits first).
        {"watermark", blocker, watermarkStep, srgbAlways},
        // A logo from a file, drawn over the image; like the text, sized relative to the image
        // but composited in pixels.
        {"logo", blocker, logoStep, srgbAlways}, // blended at the image's depth, as the text
        {"border", blocker,
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
    return table;
}

const OperationBuilder *findBuilder(const QString &name)
{
    for (const OperationBuilder &b : operationBuilders())
        if (b.name == name)
            return &b;
    return nullptr;
}

} // namespace pp
