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

// One editor widget for a parameter, showing `value`. Numbers get a spin box, and a slider when
// the range is one a slider can sweep (the spin box then shows the value live while dragging).
QWidget *createParamEditor(const ParamSpec &spec, const QJsonValue &value, const ParamChanged &changed,
                           QWidget *parent);

// Fills `form` with one row per parameter of `op`, values from `step` (defaults for missing).
void buildParamForm(QFormLayout *form, const OperationSpec &op, const QJsonObject &step, const ParamChanged &changed);

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
