#include "ParamWidgets.h"
#include "ElidedLabel.h"
#include "FocusSlider.h"

#include "Translations.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QAction>
#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSet>
#include <QValidator>
#include <cmath>

namespace pp::gui {

ColorButton::ColorButton(QWidget *parent) : QToolButton(parent)
{
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setMinimumWidth(110);
    connect(this, &QToolButton::clicked, this, &ColorButton::choose);
    setColor(Qt::white);
}

QString ColorButton::hexName() const
{
    return m_color.alpha() == 255
               ? m_color.name(QColor::HexRgb)
               : m_color.name(QColor::HexRgb) + QStringLiteral("%1").arg(m_color.alpha(), 2, 16, QChar('0'));
}

void ColorButton::setColor(const QColor &c)
{
    m_color = c;
    // Swatch drawn at twice the size so it stays crisp on high-DPI screens.
    QPixmap swatch(32, 32);
    swatch.setDevicePixelRatio(2);
    swatch.fill(Qt::transparent);
    QPainter p(&swatch);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.setBrush(c);
    p.drawRoundedRect(QRectF(0.5, 0.5, 15, 15), 3, 3);
    p.end();
    setIcon(QIcon(swatch));
    setText(hexName());
    setAccessibleDescription(hexName()); // its name is its field's ("Colour")
}

void ColorButton::choose()
{
    const QColor c = QColorDialog::getColor(m_color, this, tr("Choose a colour"), QColorDialog::ShowAlphaChannel);
    if (c.isValid() && c != m_color) {
        setColor(c);
        emit colorChanged(c);
    }
}

namespace {

// Sliders sweep a range linearly, or logarithmically when it spans orders of magnitude
// (a blur radius of 0.1 to 500 px).
struct SliderScale {
    double min, max;
    bool log;
    static constexpr int kTicks = 1000;
    int toTick(double v) const
    {
        const double t = log ? std::log(v / min) / std::log(max / min) : (v - min) / (max - min);
        return int(std::lround(std::clamp(t, 0.0, 1.0) * kTicks));
    }
    double fromTick(int tick) const
    {
        const double t = double(tick) / kTicks;
        return log ? min * std::pow(max / min, t) : min + t * (max - min);
    }
};

// A number's slider, which moves in ticks of its range (of a logarithmic one, for a blur's radius),
// told to assistive technology as the number its box beside it holds: as ticks, a screen reader said
// "Radius 352" for 2 px.
class NumberSlider : public FocusSlider
{
public:
    NumberSlider(double min, double max, QWidget *parent) : FocusSlider(Qt::Horizontal, parent), m_min(min), m_max(max)
    {
    }
    void setNumberBox(QAbstractSpinBox *number) { m_number = number; }
    double number() const
    {
        if (auto *d = qobject_cast<QDoubleSpinBox *>(m_number))
            return d->value();
        return double(static_cast<QSpinBox *>(m_number.data())->value());
    }
    void setNumber(double v)
    {
        if (auto *d = qobject_cast<QDoubleSpinBox *>(m_number))
            d->setValue(v);
        else
            static_cast<QSpinBox *>(m_number.data())->setValue(int(std::lround(v)));
    }
    double step() const
    {
        if (auto *d = qobject_cast<QDoubleSpinBox *>(m_number))
            return d->singleStep();
        return double(static_cast<QSpinBox *>(m_number.data())->singleStep());
    }
    QString numberText() const { return m_number->text(); }
    double min() const { return m_min; }
    double max() const { return m_max; }
    bool hasNumber() const { return m_number; }

private:
    QPointer<QAbstractSpinBox> m_number;
    double m_min, m_max;
};

class NumberSliderAccessible : public QAccessibleWidget, public QAccessibleValueInterface
{
public:
    explicit NumberSliderAccessible(NumberSlider *s) : QAccessibleWidget(s, QAccessible::Slider) {}
    void *interface_cast(QAccessible::InterfaceType t) override
    {
        return t == QAccessible::ValueInterface ? static_cast<QAccessibleValueInterface *>(this)
                                                : QAccessibleWidget::interface_cast(t);
    }
    QString text(QAccessible::Text t) const override
    {
        return t == QAccessible::Value && slider()->hasNumber() ? slider()->numberText() : QAccessibleWidget::text(t);
    }
    QVariant currentValue() const override { return slider()->hasNumber() ? slider()->number() : QVariant(); }
    void setCurrentValue(const QVariant &v) override
    {
        if (slider()->hasNumber())
            slider()->setNumber(v.toDouble());
    }
    QVariant maximumValue() const override { return slider()->max(); }
    QVariant minimumValue() const override { return slider()->min(); }
    QVariant minimumStepSize() const override { return slider()->hasNumber() ? slider()->step() : QVariant(); }

private:
    NumberSlider *slider() const { return static_cast<NumberSlider *>(widget()); }
};

// Qt asks the factories by each class name of the object's, QSlider's among them.
QAccessibleInterface *numberSliderAccessible(const QString &className, QObject *object)
{
    if (className == QLatin1String("QSlider"))
        if (auto *s = dynamic_cast<NumberSlider *>(object))
            return new NumberSliderAccessible(s);
    return nullptr;
}

ParamEditor numberEditor(const ParamSpec &spec, const QJsonValue &value, const ParamChanged &changed, QWidget *parent)
{
    const bool isInt = spec.kind == ParamSpec::Kind::Int;
    const double span = spec.max - spec.min;
    // A whole number (a quality of 1 to 100) moves linearly: logarithmically, most of the slider
    // was low qualities, and 90 stood at 977 of its 1000 ticks.
    const bool logScale = !isInt && spec.min > 0 && spec.max / spec.min >= 100;
    const bool withSlider = isInt ? span <= 2000 : true;
    const QString suffix =
        spec.unit.isEmpty() ? QString() : (spec.unit == "%" || spec.unit == "°" ? spec.unit : " " + spec.unit);

    auto *row = new QHBoxLayout;
    NumberSlider *slider = nullptr;
    if (withSlider) { // made first: Tab goes through the row as it is laid out
        static const bool told = (QAccessible::installFactory(numberSliderAccessible), true);
        Q_UNUSED(told);
        slider = new NumberSlider(spec.min, spec.max, parent);
        slider->setMinimumWidth(120);
        row->addWidget(slider, 1);
    }
    QAbstractSpinBox *spinBase = nullptr;
    std::function<void(double)> setSpin;
    std::function<double()> spinValue;
    if (isInt) {
        auto *spin = new QSpinBox(parent);
        spin->setRange(int(spec.min), int(spec.max));
        spin->setValue(value.toInt(spec.defaultValue.toInt()));
        spin->setSuffix(suffix);
        spinBase = spin;
        setSpin = [spin](double v) { spin->setValue(int(std::lround(v))); };
        spinValue = [spin] { return double(spin->value()); };
        QObject::connect(spin, &QSpinBox::valueChanged, spin, [changed, key = spec.key](int v) { changed(key, v); });
    } else {
        auto *spin = new QDoubleSpinBox(parent);
        spin->setDecimals(span <= 10 ? 2 : 1);
        spin->setSingleStep(span <= 10 ? 0.05 : (span <= 100 ? 0.5 : 1));
        spin->setRange(spec.min, spec.max);
        spin->setValue(value.toDouble(spec.defaultValue.toDouble()));
        spin->setSuffix(suffix);
        spinBase = spin;
        setSpin = [spin](double v) { spin->setValue(v); };
        spinValue = [spin] { return spin->value(); };
        QObject::connect(spin, &QDoubleSpinBox::valueChanged, spin,
                         [changed, key = spec.key](double v) { changed(key, v); });
    }
    spinBase->setKeyboardTracking(false); // typing "150" is one change, not three
    spinBase->setMinimumWidth(90);
    row->addWidget(spinBase);
    if (slider) {
        slider->setNumberBox(spinBase);
        const SliderScale scale{spec.min, spec.max, logScale};
        if (isInt && !logScale) {
            slider->setRange(int(spec.min), int(spec.max));
            slider->setValue(int(spinValue()));
        } else {
            slider->setRange(0, SliderScale::kTicks);
            slider->setValue(scale.toTick(spinValue()));
        }
        const bool direct = isInt && !logScale;
        // Slider -> spin box: the spin box shows the value live while dragging.
        QObject::connect(slider, &QSlider::valueChanged, spinBase,
                         [=](int tick) { setSpin(direct ? double(tick) : scale.fromTick(tick)); });
        // Spin box -> slider, without echoing back (which would round the typed value).
        auto sync = [=] {
            const QSignalBlocker block(slider);
            slider->setValue(direct ? int(spinValue()) : scale.toTick(spinValue()));
        };
        if (auto *s = qobject_cast<QSpinBox *>(spinBase))
            QObject::connect(s, &QSpinBox::valueChanged, slider, sync);
        else if (auto *d = qobject_cast<QDoubleSpinBox *>(spinBase))
            QObject::connect(d, &QDoubleSpinBox::valueChanged, slider, sync);
    }
    return {spinBase, row};
}

// A text's limit counts characters (OperationCatalog::characters), as validation does:
// QLineEdit's maxLength counts UTF-16 units, so it took 100 emoji of a 200-character text and cut
// a longer one it was given to show. What goes past the limit is cut from what was just typed or
// pasted (it ends at the cursor), as maxLength cuts: a long paste was refused whole.
class CharacterLimit : public QValidator
{
public:
    CharacterLimit(qsizetype max, QObject *parent) : QValidator(parent), m_max(max) {}
    State validate(QString &text, int &pos) const override
    {
        qsizetype over = OperationCatalog::characters(text) - m_max;
        if (over <= 0)
            return Acceptable;
        qsizetype start = pos;
        for (; over > 0 && start > 0; --over) {
            --start;
            if (text[start].isLowSurrogate() && start > 0 && text[start - 1].isHighSurrogate())
                --start;
        }
        if (over > 0)
            return Invalid;
        text.remove(start, pos - start);
        pos = int(start);
        return Acceptable;
    }

private:
    qsizetype m_max;
};
} // namespace

void limitCharacters(QLineEdit *edit, qsizetype max)
{
    edit->setMaxLength(int(2 * max)); // a character is at most two UTF-16 units
    edit->setValidator(new CharacterLimit(max, edit));
}

namespace {
// A path with a Browse… button. The dialog never reads the file: the worker that runs the step
// does, so a file the window cannot open still gets its reason in the image's event.
ParamEditor fileEditor(const ParamSpec &spec, const QJsonValue &value, const ParamChanged &changed, QWidget *parent)
{
    auto *row = new QHBoxLayout;
    auto *edit = new QLineEdit(value.toString(spec.defaultValue.toString()), parent);
    limitCharacters(edit, qsizetype(spec.max));
    edit->setPlaceholderText(spec.min > 0 ? QObject::tr("choose a file") : QObject::tr("none"));
    auto *browse = new QPushButton(QObject::tr("Browse…"), parent);
    browse->setObjectName("browse");
    row->addWidget(edit, 1);
    row->addWidget(browse);
    QObject::connect(edit, &QLineEdit::textEdited, edit,
                     [changed, key = spec.key](const QString &t) { changed(key, t); });
    QObject::connect(browse, &QPushButton::clicked, edit, [=] {
        const QString path =
            QFileDialog::getOpenFileName(edit, i18n::catalogText(spec.label), QFileInfo(edit->text()).absolutePath(),
                                         i18n::catalogText(spec.fileFilter));
        if (path.isEmpty())
            return;
        edit->setText(path);
        changed(spec.key, path);
    });
    return {edit, row};
}

} // namespace

ParamEditor createParamEditor(const ParamSpec &spec, const QJsonValue &value, const ParamChanged &changed,
                              QWidget *parent)
{
    switch (spec.kind) {
    case ParamSpec::Kind::Int:
    case ParamSpec::Kind::Double:
        return numberEditor(spec, value, changed, parent);
    case ParamSpec::Kind::Bool: {
        auto *check = new QCheckBox(i18n::catalogText(spec.label), parent);
        check->setChecked(value.toBool(spec.defaultValue.toBool()));
        QObject::connect(check, &QCheckBox::toggled, check, [changed, key = spec.key](bool on) { changed(key, on); });
        return {check};
    }
    case ParamSpec::Kind::Choice: {
        // Its longest choice does not set the editor's width (German's are long): the closed box
        // shows what fits, cut with "…", the open list every choice whole.
        auto *combo = new ElidedChoice(parent);
        // Shown in words, in the user's language; the preset keeps the choice's name (the item's data).
        for (const QString &choice : spec.choices)
            combo->addItem(i18n::catalogText(spec.choiceLabel(choice)), choice);
        combo->setCurrentIndex(std::max(0, combo->findData(value.toString(spec.defaultValue.toString()))));
        QObject::connect(combo, &QComboBox::currentIndexChanged, combo, [changed, combo, key = spec.key](int i) {
            if (i >= 0)
                changed(key, combo->itemData(i).toString());
        });
        return {combo};
    }
    case ParamSpec::Kind::Color: {
        auto *button = new ColorButton(parent);
        int rgba[4];
        if (OperationCatalog::parseColor(value.toString(spec.defaultValue.toString()), rgba))
            button->setColor(QColor(rgba[0], rgba[1], rgba[2], rgba[3]));
        QObject::connect(button, &ColorButton::colorChanged, button,
                         [changed, key = spec.key, button] { changed(key, button->hexName()); });
        return {button};
    }
    case ParamSpec::Kind::Text: {
        auto *edit = new QLineEdit(value.toString(spec.defaultValue.toString()), parent);
        limitCharacters(edit, qsizetype(spec.max));
        QObject::connect(edit, &QLineEdit::textEdited, edit,
                         [changed, key = spec.key](const QString &t) { changed(key, t); });
        return {edit};
    }
    case ParamSpec::Kind::File:
        return fileEditor(spec, value, changed, parent);
    }
    return {new QWidget(parent)};
}

QList<QWidget *> ParamEditor::controls() const
{
    if (!row)
        return {field};
    QList<QWidget *> widgets;
    for (int i = 0; i < row->count(); ++i)
        if (QWidget *w = row->itemAt(i)->widget())
            widgets << w;
    return widgets;
}

int insertParamRow(QFormLayout *form, int row, const QString &label, const ParamEditor &editor)
{
    if (label.isEmpty()) {
        form->insertRow(row, QString(), editor.field); // a check box: its own text is its label
    } else if (!editor.row) {
        form->insertRow(row, label, editor.field); // the label's buddy is the field
    } else {
        // The label's Alt+letter goes to the number's box, the path (a row's layout gets no buddy; and
        // not a focus proxy: the editor's Tab order then went from Close back into the form).
        auto *text = new QLabel(label, form->parentWidget());
        text->setBuddy(editor.field);
        form->insertRow(row, text, editor.row);
    }
    int at = -1;
    QFormLayout::ItemRole role;
    form->getWidgetPosition(editor.row ? form->labelForField(editor.row) : editor.field, &at, &role);
    return at;
}

void buildParamForm(QFormLayout *form, const OperationSpec &op, const QJsonObject &step, const ParamChanged &changed)
{
    struct ModeRow {
        int row;
        QStringList modes;
    };
    QList<ModeRow> modeRows;
    QComboBox *mode = nullptr;
    for (const ParamSpec &p : op.params) {
        const ParamEditor editor = createParamEditor(p, step.value(p.key), changed, form->parentWidget());
        editor.field->setObjectName("param-" + p.key);
        const int row = insertParamRow(
            form, -1, p.kind == ParamSpec::Kind::Bool ? QString() : i18n::catalogText(p.label) + ":", editor);
        if (!p.onlyInModes.isEmpty())
            modeRows.append({row, p.onlyInModes});
        if (p.key == QLatin1String("mode"))
            mode = qobject_cast<QComboBox *>(editor.field);
    }
    // Only what the mode uses is shown (a crop of a rectangle has no aspect ratio to set), and
    // the rows follow the mode as it is changed.
    if (mode && !modeRows.isEmpty()) {
        const auto showUsed = [form, mode, modeRows] {
            for (const ModeRow &row : modeRows)
                form->setRowVisible(row.row, row.modes.contains(mode->currentData().toString()));
        };
        QObject::connect(mode, &QComboBox::currentIndexChanged, mode, showUsed);
        showUsed();
    }
    if (op.params.isEmpty()) {
        auto *none = new QLabel(QObject::tr("This step has no settings."), form->parentWidget());
        none->setEnabled(false);
        form->addRow(none);
    }
    nameFieldsByTheirLabels(form);
}

QString fieldName(const QString &label)
{
    QString name;
    for (qsizetype i = 0; i < label.size(); ++i) {
        if (label[i] == QLatin1Char('&') && i + 1 < label.size())
            ++i; // "&W" is "W", "&&" is "&"
        name += label[i];
    }
    name = name.trimmed();
    if (name.endsWith(QLatin1Char(':')))
        name.chop(1);
    return name.trimmed();
}

namespace {
// The widgets of a form's field: the field itself and what it holds, or what its layout holds.
void collectWidgets(QLayoutItem *item, QList<QWidget *> *widgets)
{
    if (!item)
        return;
    if (QWidget *w = item->widget()) {
        *widgets << w << w->findChildren<QWidget *>();
    } else if (QLayout *layout = item->layout()) {
        for (int i = 0; i < layout->count(); ++i)
            collectWidgets(layout->itemAt(i), widgets);
    }
}
} // namespace

QList<QWidget *> rowControls(QFormLayout *form, QWidget *field)
{
    for (int row = 0; row < form->rowCount(); ++row) {
        QList<QWidget *> widgets;
        collectWidgets(form->itemAt(row, QFormLayout::FieldRole), &widgets);
        if (widgets.contains(field))
            return widgets;
    }
    return {};
}

QChar mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] != QLatin1Char('&'))
            return text[i + 1].toLower();
        ++i; // "&&" is a "&"
    }
    return {};
}

namespace {
// The letters of `text` that may be its Alt+letter, the first letters of its words first.
QList<QChar> mnemonicCandidates(const QString &text)
{
    QList<QChar> letters;
    for (bool wordStart : {true, false})
        for (qsizetype i = 0; i < text.size(); ++i) {
            const bool startsWord = i == 0 || !text[i - 1].isLetterOrNumber();
            if (text[i].isLetter() && startsWord == wordStart && !letters.contains(text[i].toLower()))
                letters << text[i].toLower();
        }
    return letters;
}

// `text` (a control's, without an Alt+letter: any "&" in it is a "&&") with one on `letter`, its
// first, a word's first where it can.
QString withMnemonic(QString text, QChar letter)
{
    qsizetype at = -1;
    for (bool wordStart : {true, false})
        for (qsizetype i = 0; i < text.size() && at < 0; ++i)
            if (text[i].toLower() == letter && (!wordStart || i == 0 || !text[i - 1].isLetterOrNumber()))
                at = i;
    if (at >= 0)
        text.insert(at, QLatin1Char('&'));
    return text;
}

// A text that wants an Alt+letter, and how to give it one.
struct MnemonicTarget {
    QString text;
    std::function<void(const QString &)> set;
};

// Gives each of `targets` a letter that `taken` lacks and no other target has: as many as can have
// one (a watermark's eight settings left "Font file" none when each took its first free letter), each
// its first choice where that leaves the others theirs. Earlier targets are never left without one
// for a later one.
void assignMnemonics(const QList<MnemonicTarget> &targets, const QString &taken)
{
    QList<QList<QChar>> candidates;
    for (const MnemonicTarget &t : targets) {
        QList<QChar> free;
        for (QChar c : mnemonicCandidates(t.text))
            if (!taken.contains(c))
                free << c;
        candidates << free;
    }
    QHash<QChar, qsizetype> owner; // letter -> target
    // Kuhn's augmenting paths: a letter goes to a target if its owner can take another.
    std::function<bool(qsizetype, QSet<QChar> &)> place = [&](qsizetype t, QSet<QChar> &seen) {
        for (QChar c : candidates[t]) {
            if (seen.contains(c))
                continue;
            seen.insert(c);
            if (!owner.contains(c) || place(owner[c], seen)) {
                owner[c] = t;
                return true;
            }
        }
        return false;
    };
    for (qsizetype t = 0; t < targets.size(); ++t) {
        QSet<QChar> seen;
        place(t, seen);
    }
    for (auto it = owner.cbegin(); it != owner.cend(); ++it)
        targets[it.value()].set(withMnemonic(targets[it.value()].text, it.key()));
}
} // namespace

void giveMnemonics(QFormLayout *form, QString taken)
{
    // The settings first, then a path's Browse… (Tab reaches it from the path).
    QList<MnemonicTarget> settings, buttons;
    for (int row = 0; row < form->rowCount(); ++row) {
        QLayoutItem *labelItem = form->itemAt(row, QFormLayout::LabelRole);
        QLayoutItem *fieldItem = form->itemAt(row, QFormLayout::FieldRole);
        auto *label = labelItem ? qobject_cast<QLabel *>(labelItem->widget()) : nullptr;
        auto *check = fieldItem ? qobject_cast<QCheckBox *>(fieldItem->widget()) : nullptr;
        if (label && !label->text().isEmpty() && label->buddy() && mnemonic(label->text()).isNull())
            settings.append({label->text(), [label](const QString &t) { label->setText(t); }});
        else if (check && mnemonic(check->text()).isNull())
            settings.append({check->text(), [check](const QString &t) { check->setText(t); }});
        else if (label && !mnemonic(label->text()).isNull())
            taken += mnemonic(label->text());
        QList<QWidget *> field;
        collectWidgets(fieldItem, &field);
        for (QWidget *w : field)
            if (auto *button = qobject_cast<QPushButton *>(w); button && mnemonic(button->text()).isNull())
                buttons.append({button->text(), [button](const QString &t) { button->setText(t); }});
    }
    assignMnemonics(settings + buttons, taken);
}

void giveMnemonics(const QList<QAction *> &actions)
{
    QList<MnemonicTarget> targets;
    for (QAction *a : actions)
        if (!a->isSeparator() && mnemonic(a->text()).isNull())
            targets.append({a->text(), [a](const QString &t) { a->setText(t); }});
    assignMnemonics(targets, {});
}

void nameFieldsByTheirLabels(QFormLayout *form)
{
    for (int row = 0; row < form->rowCount(); ++row) {
        QLayoutItem *labelItem = form->itemAt(row, QFormLayout::LabelRole);
        auto *label = labelItem ? qobject_cast<QLabel *>(labelItem->widget()) : nullptr;
        if (!label || label->text().isEmpty())
            continue;
        QList<QWidget *> widgets;
        collectWidgets(form->itemAt(row, QFormLayout::FieldRole), &widgets);
        // What shows no words of its own: a button keeps its text ("Browse…"), but a colour's says
        // only the colour, which becomes its description.
        for (QWidget *w : widgets) {
            const bool named = qobject_cast<QLineEdit *>(w) || qobject_cast<QComboBox *>(w) ||
                               qobject_cast<QAbstractSpinBox *>(w) || qobject_cast<QAbstractSlider *>(w) ||
                               qobject_cast<ColorButton *>(w);
            if (named && !qobject_cast<QAbstractSpinBox *>(w->parentWidget())) // not a spin box's own line edit
                w->setAccessibleName(fieldName(label->text()));
        }
    }
}

} // namespace pp::gui
