// What operations exist: for each, its name, its parameters (types, ranges, defaults), how it
// relates to the image's scale and how it is built. One table (OperationCatalog.cpp) that preset
// validation, the preset editor's widgets, the planner, the worker and the tests all read.
// This header knows nothing about OpenCV: the builders' types are only declared here; building
// a step is in CompiledStep.h.
#pragma once

#include "Message.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVector>

namespace pp {

struct ParamSpec {
    // File: a path, absolute once validated (a preset file's relative paths are taken from its
    // folder); the file itself is only read by the worker that runs the step.
    enum class Kind { Int, Double, Bool, Choice, Color, Text, File };
    QString key;
    QString label;
    Kind kind = Kind::Int;
    double min = 0, max = 0; // Text, File: the shortest and longest text allowed (min 1: required)
    QJsonValue defaultValue; // the one default of this parameter
    QStringList choices;     // for Choice, in the order of the implementation's enum
    QString unit;            // "px", "%", "°", ... shown by the editor
    QString fileFilter;      // File: what the editor's file dialog offers ("Images (*.png *.jpg)")
};

// How a step relates to the image's scale, which decides what the planner (Pipeline.cpp) may do
// with the steps before the first resize.
enum class ScaleClass {
    Invariant, // the same result relative to the image at any resolution: may run on a reduced decode
    Blur,      // a width in pixels that can be scaled: may move after a downscale
    Resize,    // the resize the planner serves with a reduced decode
    Blocker,   // works in absolute pixels: the planner leaves the pipeline as written
};

class StepArgs;      // a normalized step's values, typed (CompiledStep.h)
struct CompiledStep; // a step ready to run (CompiledStep.h)

struct OperationSpec {
    QString name;  // stable identifier used in preset files
    QString title; // for people
    QString description;
    QVector<ParamSpec> params;
    // Crop's answer depends on its mode, so this sees the step's values.
    ScaleClass (*scaleClass)(const StepArgs &) = nullptr;
    // Turns validated values into the step's implementation; only runs after normalizeStep().
    CompiledStep (*build)(const StepArgs &) = nullptr;
    // Whether the step mixes colours (with each other, or with a colour of the preset): such steps
    // work in sRGB, so a photo in another colour space is converted before them (Pipeline.h).
    bool (*worksInSrgb)(const StepArgs &) = nullptr;
    // Whether the implementation only handles 8-bit pixels: a 16-bit image becomes 8-bit before
    // it (Pipeline.h). Every other operation keeps 16 bits (tests/ops/tst_registry.cpp checks).
    bool eightBitOnly = false;

    const ParamSpec *param(const QString &key) const;
};

class OperationCatalog
{
public:
    // The catalog is immutable data; one shared instance is fine (it is not state).
    static const OperationCatalog &builtin();

    const QVector<OperationSpec> &operations() const { return m_ops; }
    const OperationSpec *find(const QString &name) const;

    // Checks a step object {"op": name, params...}: unknown operation, unknown keys, wrong
    // types and out-of-range values are errors naming the field. Returns the parameters with
    // defaults filled in, or an empty object and *error set. A relative path in a File parameter
    // is taken from `baseDir` (the folder of the preset file), and refused without one.
    QJsonObject normalizeStep(const QJsonObject &step, Message *error, const QString &baseDir = {}) const;
    // The same, with the error's stable English.
    QJsonObject normalizeStep(const QJsonObject &step, QString *error, const QString &baseDir = {}) const
    {
        return withEnglishError(error, [&](Message *m) { return normalizeStep(step, m, baseDir); });
    }

    // {"op": name} with every parameter at its default, valid or not (a required file has no
    // default): what the editor starts a new step from. Empty for an unknown name.
    QJsonObject defaultStep(const QString &name) const;

    // Parses "#rrggbb" or "#rrggbbaa" into r, g, b, a. Returns false for anything else.
    static bool parseColor(const QString &text, int rgba[4]);

private:
    OperationCatalog();
    QVector<OperationSpec> m_ops;
};

} // namespace pp
