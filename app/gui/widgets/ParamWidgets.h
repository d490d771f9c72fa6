// Editors for operation parameters, made from the OperationCatalog's ParamSpec: the catalog is
// the single source of truth, so a new operation or parameter appears in the editor without any
// code here.
#pragma once

#include "OperationCatalog.h"

#include <QColor>
#include <QToolButton>
#include <functional>

class QAction;
class QFormLayout;
class QLayout;
class QLineEdit;

namespace pp::gui {

// A button showing a colour swatch; click to choose (with alpha).
class ColorButton : public QToolButton
{
    Q_OBJECT
public:
    explicit ColorButton(QWidget *parent = nullptr);
    QColor color() const { return m_color; }
    void setColor(const QColor &c);
    QString hexName() const; // "#rrggbb" or "#rrggbbaa", as presets store colours

signals:
    void colorChanged(const QColor &c);

private:
    void choose();
    QColor m_color = Qt::white;
};

// `edit` takes at most `max` characters (as presets count them: an emoji is one); more typed or
// pasted is cut at the limit.
void limitCharacters(QLineEdit *edit, qsizetype max);

using ParamChanged = std::function<void(const QString &key, const QJsonValue &value)>;

// A parameter's controls, as a form's row holds them: `field` takes what is typed or chosen (a number's
// box, a path, a text, a choice, a check box, a colour's button); `row` lays it out with what goes
// beside it (a number's slider before it, a path's Browse… after it), or is null where the field
// stands alone. The controls are children of the form's widget, siblings of the row's label: Qt finds
// a field's label among its siblings only, for its name, its Alt+letter and its Label relation, and a
// field in a frame of its own was told to a screen reader without the label's Alt+letter.
struct ParamEditor {
    QWidget *field = nullptr;
    QLayout *row = nullptr;
    QList<QWidget *> controls() const; // the row's, as laid out; the field alone without a row
};

// The editor for a parameter, showing `value`, its controls made children of `parent` (the form's
// widget). Numbers get a spin box, and a slider when the range is one a slider can sweep (the spin box
// then shows the value live while dragging).
ParamEditor createParamEditor(const ParamSpec &spec, const QJsonValue &value, const ParamChanged &changed,
                              QWidget *parent);
// Puts `editor` in `form` as row `row` (-1: the last) under `label`, whose Alt+letter goes to its field;
// returns the row. A check box, which carries its own label, goes without one.
int insertParamRow(QFormLayout *form, int row, const QString &label, const ParamEditor &editor);

// Fills `form` with one row per parameter of `op`, values from `step` (defaults for missing). Each
// field is named "param-<key>".
void buildParamForm(QFormLayout *form, const OperationSpec &op, const QJsonObject &step, const ParamChanged &changed);
// The controls of the row of `form` that holds `field` (a number's slider and box, a path and its
// Browse…); none when no row does.
QList<QWidget *> rowControls(QFormLayout *form, QWidget *field);

// What a form's label calls its field, for a screen reader: "Width" for "&Width:".
QString fieldName(const QString &label);
// Gives each field of `form` its row's label as its accessible name: a screen reader said nothing
// for a number's slider and box, the label with its colon for a line edit, and the group's title
// ("Output") for a field that shares its row with a button.
void nameFieldsByTheirLabels(QFormLayout *form);

// The letter of `text`'s Alt+letter ("&Width" -> 'w'), lower case; none: a null QChar.
QChar mnemonic(const QString &text);
// Gives each row of `form` (its label, or a check box's own text, and a button beside its field) an Alt+letter that
// neither `taken` nor an earlier row has, a word's first letter where one is free: the steps' settings are made from
// the catalog, whose labels carry none.
void giveMnemonics(QFormLayout *form, QString taken);
// Gives the actions of a menu each a letter of its own (pressed alone while the menu is open).
void giveMnemonics(const QList<QAction *> &actions);

} // namespace pp::gui
