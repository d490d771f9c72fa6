// A preset step made ready to run: validated once (OperationCatalog::normalizeStep), its values
// read into the implementation's parameter struct by its operation's builder. The worker compiles
// a preset's steps when the preset is defined; each job then only plans (Pipeline.h) and runs.
// This is the OpenCV side of the operation table (OperationBuilders.cpp); OperationCatalog.h is
// the side without it, all that the front end and the window link.
#pragma once

#include "OperationCatalog.h"
#include "Operations.h"

#include <QStringList>
#include <functional>
#include <optional>
#include <string>

namespace pp {

// How a step relates to the image's scale, which decides what the planner (Pipeline.cpp) may do
// with the steps before the first resize.
enum class ScaleClass {
    Invariant, // the same result relative to the image at any resolution: may run on a reduced decode
    Blur,      // a width in pixels that can be scaled: may move after a downscale
    Resize,    // the resize the planner serves with a reduced decode
    Blocker,   // works in absolute pixels: the planner leaves the pipeline as written
};

// Images that steps read from files (a logo), decoded through the project's own probe and
// decoders. The worker's implementation (image/DecodedFileCache.h) keeps what it decoded for the
// next image of the batch.
class ImageFiles
{
public:
    virtual ~ImageFiles() = default;
    // The image in the file at `path`, upright, in sRGB, as 8-bit BGRA, resized to `size`
    // (resampled premultiplied, as ops::resizeTo does), or at its own size when `size` is empty.
    // Empty with *error saying why (naming the file) when it cannot be used. The result is
    // shared: callers do not modify it.
    virtual cv::Mat load(const std::string &path, cv::Size size, QString *error) = 0;
};

// What steps may use of the process they run in. The worker's JobExecutor owns both, so their
// caches (fontconfig, opened fonts, shaped texts, decoded logos) last as long as the worker.
struct StepResources {
    ops::TextRenderer *fonts = nullptr;
    ImageFiles *files = nullptr;
};

// What a step says besides its image: warnings for the image's event (like a decoder's), and,
// when it returns no image, why.
struct StepReport {
    QStringList warnings;
    QString error;
};

// What a step learns from the job it runs in, rather than from the preset.
struct StepContext {
    int exifOrientation = 1; // the file's (autoOrient)
    // The image is `scale` times the size the step's pixel parameters were written for. Only the
    // planner sets it, and only for a Blur-class step that it moved after a downscale.
    double scale = 1;
    const StepResources *resources = nullptr; // null: steps that need fonts or files fail, saying so
    StepReport *report = nullptr;             // may be null
};

struct CompiledStep {
    QString name;
    ScaleClass scaleClass = ScaleClass::Blocker;
    bool worksInSrgb = false; // OperationBuilder::worksInSrgb
    std::function<cv::Mat(const cv::Mat &, const StepContext &)> apply;
    std::function<cv::Size(cv::Size, const StepContext &)> outputSize; // predicts apply()'s size
    // How apply()'s result lies on its input, for metadata bound to places in the picture (face
    // regions, EXIF's subject area): the EXIF orientation (1–8) whose turn (ops::applyExifOrientation)
    // makes the input's frame the result's, at any scale (1: the same frame, resized or not); 0
    // when the frame changes otherwise (a crop that cuts, a border, a turn by another angle). Null
    // is 0: such metadata is left out rather than left wrong.
    std::function<int(cv::Size, const StepContext &)> frame;
    // What the planner needs to know about the classes it rearranges:
    ops::ResizeParams resize; // ScaleClass::Resize: its parameters
    double blurSigma = 0;     // ScaleClass::Blur: its width in pixels at scale 1
    // ScaleClass::Invariant: a blur before it gives the same pixels after it (a flip, a quarter
    // turn: pixels moved, none mixed), so the planner may move the blur past it. Others mix or map
    // pixels in ways a blur does not pass through (a contrast that clips, a turn's background edge).
    bool commutesWithBlur = false;
    // Works on the picture's frame: what it does depends on which way is up (a crop rectangle, a
    // box that is not square, a flip, a turn, a watermark's corner), so it means the picture as
    // it is seen, not as it is stored.
    bool framed = false;
    // Turns the picture upright (by the job's EXIF orientation, as autoOrient does) before it
    // runs: the first framed step of a preset that has no autoOrient (compileSteps()).
    bool uprightFirst = false;

    // The size of the picture this step works on, given one of `stored` at that EXIF orientation:
    // turned when the step turns it upright first (the planners' rule: planPipeline(), planFrame()).
    cv::Size seenSize(cv::Size stored, int exifOrientation) const
    {
        return uprightFirst ? ops::orientedSize(stored, exifOrientation) : stored;
    }
};

// A normalized step's values, typed, for the builders. normalizeStep() has already checked
// them against the table; what is left to catch is a builder that reads a key its entry does
// not declare (or as the wrong kind), which fails the compile with the first such key named.
class StepArgs
{
public:
    StepArgs(const OperationSpec &spec, const QJsonObject &normalized) : m_spec(spec), m_values(normalized) {}

    double number(const char *key) const;
    int integer(const char *key) const;
    bool flag(const char *key) const;
    std::string text(const char *key) const; // UTF-8
    std::string file(const char *key) const; // a path, UTF-8
    cv::Scalar color(const char *key) const; // BGRA
    // The choice's position in the entry's list, as the implementation's enum.
    template <typename E> E choice(const char *key) const { return E(choiceIndex(key)); }

    const QString &error() const { return m_error; }

private:
    QJsonValue value(const char *key, ParamSpec::Kind kind) const;
    int choiceIndex(const char *key) const;
    void fail(const char *key, const char *why) const;

    const OperationSpec &m_spec;
    const QJsonObject &m_values;
    mutable QString m_error;
};

// The operation table's other half: for each operation of OperationCatalog, by its name, how it
// relates to scale and how it is built (OperationBuilders.cpp).
struct OperationBuilder {
    QString name; // OperationSpec::name
    // Crop's answer depends on its mode, so this sees the step's values.
    ScaleClass (*scaleClass)(const StepArgs &) = nullptr;
    // Turns validated values into the step's implementation; only runs after normalizeStep().
    CompiledStep (*build)(const StepArgs &) = nullptr;
    // Whether the step mixes colours (with each other, or with a colour of the preset): such steps
    // work in sRGB, so a photo in another colour space is converted before them (Pipeline.h).
    bool (*worksInSrgb)(const StepArgs &) = nullptr;
};

// Every operation's builder, in the catalog's order; null for a name without one.
const QVector<OperationBuilder> &operationBuilders();
const OperationBuilder *findBuilder(const QString &name);

// Validates one step object and builds it. Errors are normalizeStep()'s ("blur.sigma must be a
// number", "unknown operation \"x\""); `error` may be null.
std::optional<CompiledStep> compileStep(const QJsonObject &step, QString *error,
                                        const OperationCatalog &catalog = OperationCatalog::builtin());

// A preset's steps; an error names the step, like Preset::fromJson(): "steps[2]: ...".
// `uprightBeforeFramed`: the preset has no autoOrient, so its first framed step turns the picture
// upright first (a crop rectangle of a phone's portrait photo, stored sideways, cut the wrong part).
std::optional<QVector<CompiledStep>> compileSteps(const QVector<QJsonObject> &steps, QString *error,
                                                  const OperationCatalog &catalog = OperationCatalog::builtin(),
                                                  bool uprightBeforeFramed = false);

// "#rrggbb" or "#rrggbbaa" (OperationCatalog::parseColor) as BGRA; anything else is opaque
// black (validation refuses such text long before it gets here).
cv::Scalar colorToBgra(const QString &hex);

} // namespace pp
