// The operation table: the one place an operation is described. Each entry has the name used in
// preset files, the title and help the editor shows, and its parameters with their ranges and
// their one default. Validation (normalizeStep, in StepValidation.cpp), the preset editor's
// widgets, the step summaries, the front end and the worker all read this table. Titles,
// descriptions, labels and the words for choices are marked QT_TR_NOOP: the editor shows them in
// the user's language (i18n::catalogText), preset files keep the choices' names.
//
// How each operation relates to scale and how it is built from these values is the table's other
// half, OperationBuilders.cpp, one entry per operation by name (tests/ops/tst_registry.cpp checks
// both ways). The halves are apart because only workers build operations: the front end and the
// window validate presets with this half, which needs no OpenCV, and so load none of it (OpenCV's
// libraries and their constructors were a fifth of `pixelpool --batch`'s start). Adding an
// operation: an entry here, its builder there, its function in shared/image/ops/, its test.
//
// Why the table lives in the preset library: presets must validate steps, and the image library
// links presets (ImageCodec.h uses Preset.h's OutputFormat), so a table in image/ could not be
// seen from here without a cycle.
#include "OperationCatalog.h"

#include <algorithm>

namespace pp {
namespace {

using K = ParamSpec::Kind;

ParamSpec intP(QString key, QString label, int min, int max, int def, QString unit = {})
{
    return {std::move(key), std::move(label), K::Int, double(min), double(max), def, {}, unit, {}, {}, {}};
}
ParamSpec dblP(QString key, QString label, double min, double max, double def, QString unit = {})
{
    return {std::move(key), std::move(label), K::Double, min, max, def, {}, unit, {}, {}, {}};
}
ParamSpec boolP(QString key, QString label, bool def)
{
    return {std::move(key), std::move(label), K::Bool, 0, 1, def, {}, {}, {}, {}, {}};
}
// One choice: the name preset files use, and the words the editor shows (marked for translation).
struct Choice {
    const char *name;
    const char *label;
};
// The first choice is the default; the order is the implementation's enum's (StepArgs::choice).
ParamSpec choiceP(QString key, QString label, const QList<Choice> &choices)
{
    QStringList names, labels;
    for (const Choice &c : choices) {
        names << QString::fromLatin1(c.name);
        labels << QString::fromUtf8(c.label);
    }
    const QString def = names.first();
    return {std::move(key), std::move(label), K::Choice, 0, 0, def, names, {}, {}, labels, {}};
}
ParamSpec colorP(QString key, QString label, QString def)
{
    return {std::move(key), std::move(label), K::Color, 0, 0, def, {}, {}, {}, {}, {}};
}
// `minLen` 1: text that must show something (not empty, not only spaces).
ParamSpec textP(QString key, QString label, QString def, int maxLen, int minLen = 0)
{
    return {std::move(key), std::move(label), K::Text, double(minLen), double(maxLen), def, {}, {}, {}, {}, {}};
}
// A path; `required` ones have no default (an empty path is refused).
ParamSpec fileP(QString key, QString label, bool required, QString filter)
{
    ParamSpec p{std::move(key), std::move(label), K::File, required ? 1.0 : 0.0, 4096, QString(), {}, {}, {}, {}, {}};
    p.fileFilter = std::move(filter);
    return p;
}
// `p`, used only in these modes of its operation.
ParamSpec inModes(ParamSpec p, QStringList modes)
{
    p.onlyInModes = std::move(modes);
    return p;
}

// Where a watermark or logo goes: preset files keep the names, the editor shows the words in the
// user's language (app/i18n).
const QList<Choice> kPositions = {{"bottomRight", QT_TRANSLATE_NOOP("pp::OperationCatalog", "bottom right")},
                                  {"bottomLeft", QT_TRANSLATE_NOOP("pp::OperationCatalog", "bottom left")},
                                  {"topRight", QT_TRANSLATE_NOOP("pp::OperationCatalog", "top right")},
                                  {"topLeft", QT_TRANSLATE_NOOP("pp::OperationCatalog", "top left")},
                                  {"center", QT_TRANSLATE_NOOP("pp::OperationCatalog", "centre")},
                                  {"top", QT_TRANSLATE_NOOP("pp::OperationCatalog", "top")},
                                  {"bottom", QT_TRANSLATE_NOOP("pp::OperationCatalog", "bottom")},
                                  {"left", QT_TRANSLATE_NOOP("pp::OperationCatalog", "left")},
                                  {"right", QT_TRANSLATE_NOOP("pp::OperationCatalog", "right")}};

} // namespace

QString ParamSpec::choiceLabel(const QString &choice) const
{
    const qsizetype i = choices.indexOf(choice);
    return i >= 0 && i < choiceLabels.size() ? choiceLabels[i] : choice;
}

const ParamSpec *OperationSpec::param(const QString &key) const
{
    for (const ParamSpec &p : params)
        if (p.key == key)
            return &p;
    return nullptr;
}

bool OperationSpec::hasModes() const
{
    return std::any_of(params.begin(), params.end(), [](const ParamSpec &p) { return !p.onlyInModes.isEmpty(); });
}

bool OperationSpec::uses(const ParamSpec &p, const QJsonObject &step) const
{
    if (p.onlyInModes.isEmpty())
        return true;
    const ParamSpec *mode = param(QStringLiteral("mode"));
    const QJsonValue current = step.contains(QLatin1String("mode")) ? step.value(QLatin1String("mode"))
                               : mode                               ? mode->defaultValue
                                                                    : QJsonValue();
    return p.onlyInModes.contains(current.toString());
}

OperationCatalog::OperationCatalog()
{
    m_ops = {
        {"resize",
         QT_TR_NOOP("Resize"),
         QT_TR_NOOP("Fit within a box, fill and crop it, set an exact size, or scale by a percentage."),
         {choiceP("mode", QT_TR_NOOP("Mode"),
                  {{"fit", QT_TR_NOOP("fit within")},
                   {"fill", QT_TR_NOOP("fill and crop")},
                   {"exact", QT_TR_NOOP("exact size")},
                   {"scale", QT_TR_NOOP("scale by percentage")}}),
          inModes(intP("width", QT_TR_NOOP("Width"), 1, 65535, 1200, "px"), {"fit", "fill", "exact"}),
          inModes(intP("height", QT_TR_NOOP("Height"), 1, 65535, 1200, "px"), {"fit", "fill", "exact"}),
          inModes(dblP("percent", QT_TR_NOOP("Scale"), 1, 1000, 50, "%"), {"scale"}),
          boolP("downscaleOnly", QT_TR_NOOP("Only shrink, never enlarge"), false),
          choiceP("filter", QT_TR_NOOP("Filter"),
                  {{"auto", QT_TR_NOOP("automatic")},
                   {"area", QT_TR_NOOP("area average")},
                   {"linear", QT_TR_NOOP("linear")},
                   {"cubic", QT_TR_NOOP("cubic")},
                   {"lanczos", QT_TR_NOOP("Lanczos")},
                   {"nearest", QT_TR_NOOP("nearest neighbour")}})}},
        {"crop",
         QT_TR_NOOP("Crop"),
         QT_TR_NOOP("Cut out a rectangle, or the largest centred area of an aspect ratio."),
         {choiceP("mode", QT_TR_NOOP("Mode"),
                  {{"aspect", QT_TR_NOOP("aspect ratio")}, {"rect", QT_TR_NOOP("rectangle")}}),
          inModes(dblP("aspectWidth", QT_TR_NOOP("Aspect width"), 0.01, 10000, 1), {"aspect"}),
          inModes(dblP("aspectHeight", QT_TR_NOOP("Aspect height"), 0.01, 10000, 1), {"aspect"}),
          inModes(intP("x", QT_TR_NOOP("Left"), 0, 1000000, 0, "px"), {"rect"}),
          inModes(intP("y", QT_TR_NOOP("Top"), 0, 1000000, 0, "px"), {"rect"}),
          inModes(intP("width", QT_TR_NOOP("Width"), 1, 1000000, 100, "px"), {"rect"}),
          inModes(intP("height", QT_TR_NOOP("Height"), 1, 1000000, 100, "px"), {"rect"})}},
        {"rotate",
         QT_TR_NOOP("Rotate"),
         QT_TR_NOOP("Rotate clockwise. Multiples of 90° are lossless; other angles enlarge the canvas."),
         {dblP("angle", QT_TR_NOOP("Angle"), -360, 360, 90, "°"),
          colorP("background", QT_TR_NOOP("Background"), "#ffffff")}},
        {"flip",
         QT_TR_NOOP("Flip"),
         QT_TR_NOOP("Mirror the image."),
         {choiceP("direction", QT_TR_NOOP("Direction"),
                  {{"horizontal", QT_TR_NOOP("horizontal")},
                   {"vertical", QT_TR_NOOP("vertical")},
                   {"both", QT_TR_NOOP("both")}})}},
        {"autoOrient",
         QT_TR_NOOP("Auto-orient"),
         QT_TR_NOOP("Turn the image upright as its EXIF orientation says."),
         {}},
        {"blur",
         QT_TR_NOOP("Gaussian blur"),
         QT_TR_NOOP("Blur with a Gaussian of the given standard deviation."),
         {dblP("sigma", QT_TR_NOOP("Radius (sigma)"), 0.1, 500, 2, "px")}},
        {"sharpen",
         QT_TR_NOOP("Sharpen"),
         QT_TR_NOOP("Unsharp mask."),
         {dblP("sigma", QT_TR_NOOP("Radius (sigma)"), 0.1, 50, 1, "px"),
          dblP("amount", QT_TR_NOOP("Amount"), 0, 10, 0.5), intP("threshold", QT_TR_NOOP("Threshold"), 0, 255, 0)}},
        {"brightnessContrast",
         QT_TR_NOOP("Brightness and contrast"),
         QT_TR_NOOP("Shift brightness and stretch contrast."),
         {intP("brightness", QT_TR_NOOP("Brightness"), -100, 100, 0, "%"),
          intP("contrast", QT_TR_NOOP("Contrast"), -100, 100, 0, "%")}},
        {"gamma",
         QT_TR_NOOP("Gamma"),
         QT_TR_NOOP("Gamma correction; above 1 brightens the mid-tones."),
         {dblP("gamma", QT_TR_NOOP("Gamma"), 0.1, 10, 1)}},
        {"saturation",
         QT_TR_NOOP("Saturation"),
         QT_TR_NOOP("Scale colour saturation; 0 is grey, 1 unchanged."),
         {dblP("factor", QT_TR_NOOP("Factor"), 0, 5, 1)}},
        {"grayscale", QT_TR_NOOP("Grayscale"), QT_TR_NOOP("Convert to shades of grey."), {}},
        {"sepia",
         QT_TR_NOOP("Sepia"),
         QT_TR_NOOP("Warm brown tone."),
         {dblP("intensity", QT_TR_NOOP("Intensity"), 0, 1, 1)}},
        {"watermark",
         QT_TR_NOOP("Text watermark"),
         QT_TR_NOOP("Draw text over the image, sized relative to it. Characters the font lacks come from other "
                    "installed fonts."),
         {textP("text", QT_TR_NOOP("Text"), "© PixelPool", 200, 1),
          choiceP("position", QT_TR_NOOP("Position"), kPositions),
          dblP("size", QT_TR_NOOP("Size (share of image height)"), 1, 50, 5, "%"),
          dblP("opacity", QT_TR_NOOP("Opacity"), 0.01, 1, 0.5), colorP("color", QT_TR_NOOP("Colour"), "#ffffff"),
          dblP("margin", QT_TR_NOOP("Margin"), 0, 25, 2, "%"),
          textP("fontFamily", QT_TR_NOOP("Font family"), "sans-serif", 200),
          fileP("font", QT_TR_NOOP("Font file"), false, QT_TR_NOOP("Fonts (*.ttf *.otf *.ttc *.otc)"))}},
        {"logo",
         QT_TR_NOOP("Logo"),
         QT_TR_NOOP("Draw an image (a PNG with transparency, or any image PixelPool reads) over the image, sized "
                    "relative to its width."),
         {fileP("file", QT_TR_NOOP("Image file"), true,
                QT_TR_NOOP("Images (*.png *.webp *.tif *.tiff *.jpg *.jpeg *.gif *.heic *.avif *.bmp)")),
          choiceP("position", QT_TR_NOOP("Position"), kPositions),
          dblP("size", QT_TR_NOOP("Size (share of image width)"), 1, 100, 20, "%"),
          dblP("opacity", QT_TR_NOOP("Opacity"), 0.01, 1, 0.5), dblP("margin", QT_TR_NOOP("Margin"), 0, 25, 2, "%")}},
        {"border",
         QT_TR_NOOP("Border"),
         QT_TR_NOOP("Pad the image with a coloured border."),
         {intP("size", QT_TR_NOOP("Width"), 0, 10000, 20, "px"), colorP("color", QT_TR_NOOP("Colour"), "#ffffff")}},
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
