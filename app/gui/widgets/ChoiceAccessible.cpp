#include "ChoiceAccessible.h"

#include "ParamWidgets.h"

#include <QAbstractItemView>
#include <QAccessible>
#include <QAccessibleWidget>
#include <QComboBox>
#include <QCoreApplication>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>

namespace pp::gui {

namespace {

// The letter of `text`'s Alt+letter as written ("&Filter:" -> 'F'); none: a null QChar.
QChar altLetter(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] != QLatin1Char('&'))
            return text[i + 1];
        ++i; // "&&" is a "&"
    }
    return {};
}

class ChoiceAccessible : public QAccessibleWidget
{
public:
    explicit ChoiceAccessible(QComboBox *box) : QAccessibleWidget(box, QAccessible::ComboBox) {}

    // Its list of items, and the line of an editable one, as Qt has them.
    int childCount() const override { return choice()->isEditable() ? 2 : 1; }
    QAccessibleInterface *child(int index) const override
    {
        if (index == 0)
            return QAccessible::queryAccessibleInterface(choice()->view());
        if (index == 1 && choice()->isEditable())
            return QAccessible::queryAccessibleInterface(choice()->lineEdit());
        return nullptr;
    }
    int indexOfChild(const QAccessibleInterface *child) const override
    {
        if (child && child->object() == choice()->view())
            return 0;
        if (child && choice()->isEditable() && child->object() == choice()->lineEdit())
            return 1;
        return -1;
    }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    // An editable one is its line's focus proxy: the line is what has the keyboard.
    QAccessibleInterface *focusChild() const override { return choice()->isEditable() ? child(1) : nullptr; }

    QString text(QAccessible::Text t) const override
    {
        const QString shown = choice()->isEditable() ? choice()->lineEdit()->text() : choice()->currentText();
        const QLabel *label = labelledBy();
        switch (t) {
        case QAccessible::Name:
            if (!choice()->accessibleName().isEmpty())
                return choice()->accessibleName();
            return label ? fieldName(label->text()) : shown;
        case QAccessible::Value:
            return shown;
        case QAccessible::Accelerator:
            if (const QChar letter = label ? altLetter(label->text()) : QChar(); !letter.isNull())
                return QKeySequence(Qt::ALT).toString(QKeySequence::NativeText) + letter; // as Qt says a field's
            return QKeySequence(Qt::Key_Down).toString(QKeySequence::NativeText);
        default:
            return QAccessibleWidget::text(t);
        }
    }
    QAccessible::State state() const override
    {
        QAccessible::State s = QAccessibleWidget::state();
        s.expandable = true;
        s.expanded = choice()->view()->isVisible();
        s.editable = choice()->isEditable();
        return s;
    }

    // Opens its list, or closes it when open, by either name, as Qt's does.
    QStringList actionNames() const override { return {showMenuAction(), pressAction()}; }
    QString localizedActionDescription(const QString &action) const override
    {
        // Qt's own words, in Qt's catalog (qtbase), which the window loads: not ours to translate.
        static const char *const context = "QComboBox", *const opens = "Open the combo box selection popup";
        return action == showMenuAction() || action == pressAction() ? QCoreApplication::translate(context, opens)
                                                                     : QString();
    }
    void doAction(const QString &action) override
    {
        if (action != showMenuAction() && action != pressAction())
            return;
        if (choice()->view()->isVisible())
            choice()->hidePopup();
        else
            choice()->showPopup();
    }
    QStringList keyBindingsForAction(const QString &) const override { return {}; }

private:
    QComboBox *choice() const { return static_cast<QComboBox *>(widget()); }
    // The label whose buddy it is, which Qt looks for among its siblings too.
    const QLabel *labelledBy() const
    {
        if (const QWidget *parent = choice()->parentWidget())
            for (const QLabel *label : parent->findChildren<QLabel *>(Qt::FindDirectChildrenOnly))
                if (label->buddy() == choice())
                    return label;
        return nullptr;
    }
};

// Qt asks the factories by each class name of the object's, QComboBox's among them.
QAccessibleInterface *choiceAccessible(const QString &className, QObject *object)
{
    if (className == QLatin1String("QComboBox"))
        if (auto *box = qobject_cast<QComboBox *>(object))
            return new ChoiceAccessible(box);
    return nullptr;
}

} // namespace

void tellChoicesByTheirLabels()
{
    static const bool installed = (QAccessible::installFactory(choiceAccessible), true);
    Q_UNUSED(installed);
}

} // namespace pp::gui
