// What operations exist and what parameters each takes: names, types, ranges and defaults.
// This is the single source of truth for preset validation and for the preset editor's widgets.
// It knows nothing about OpenCV; the implementations live in ops/.
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVector>

namespace pp {

struct ParamSpec {
    enum class Kind { Int, Double, Bool, Choice, Color, Text };
    QString key;
    QString label;
    Kind kind = Kind::Int;
    double min = 0, max = 0;
    QJsonValue defaultValue;
    QStringList choices; // for Choice
    QString unit;        // "px", "%", "°", ... shown by the editor
};

struct OperationSpec {
    QString name;  // stable identifier used in preset files
    QString title; // for people
    QString description;
    QVector<ParamSpec> params;
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
    // defaults filled in, or an empty object and *error set.
    QJsonObject normalizeStep(const QJsonObject &step, QString *error) const;

    // Parses "#rrggbb" or "#rrggbbaa". Returns false for anything else.
    static bool parseColor(const QString &text, int rgba[4]);

private:
    OperationCatalog();
    QVector<OperationSpec> m_ops;
};

} // namespace pp
