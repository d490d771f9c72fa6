// What operations exist: for each, its name and its parameters (types, ranges, defaults). One
// table (OperationCatalog.cpp) that preset validation, the preset editor's widgets, the front end,
// the worker and the tests all read. This half knows nothing about OpenCV: how each operation
// relates to scale and how it is built are the table's other half (CompiledStep.h,
// OperationBuilders.cpp), which only the processes that run steps link.
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
    // Choice: each choice in words, in the order of `choices` ("bottom right" for "bottomRight"):
    // the editor shows these, in the user's language; preset files keep the names.
    QStringList choiceLabels;
    // Used only while the operation's "mode" is one of these (a crop's rectangle only in mode
    // "rect"); empty: always. Presets keep every value; the editor shows and summarises what is used.
    QStringList onlyInModes;

    // The words for one of the choices (English; i18n::catalogText translates them), or `choice`
    // itself when it is none of them.
    QString choiceLabel(const QString &choice) const;
};

struct OperationSpec {
    QString name;  // stable identifier used in preset files
    QString title; // for people
    QString description;
    QVector<ParamSpec> params;

    const ParamSpec *param(const QString &key) const;
    // Whether some parameters are used only in some modes (ParamSpec::onlyInModes).
    bool hasModes() const;
    // Whether `p` matters to `step`: it is used in the step's mode, or in every mode.
    bool uses(const ParamSpec &p, const QJsonObject &step) const;
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

    // The files `step` reads (a logo, a font): each File parameter its mode uses that names one, as
    // {key, path}. Only the worker reads their bytes; the front ends look whether they are there.
    QVector<std::pair<QString, QString>> filesRead(const QJsonObject &step) const;

    // Parses "#rrggbb" or "#rrggbbaa" into r, g, b, a. Returns false for anything else.
    static bool parseColor(const QString &text, int rgba[4]);

    // The length every text limit of a preset counts (a Text or File parameter, the name, the
    // output's folder, name template and name): characters (code points), as the preset schema's
    // maxLength does. QString::size() counts UTF-16 units, two for an emoji.
    static qsizetype characters(const QString &text);

private:
    OperationCatalog();
    QVector<OperationSpec> m_ops;
};

} // namespace pp
