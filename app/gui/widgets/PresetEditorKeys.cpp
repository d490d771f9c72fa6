// PresetEditor from the keyboard: what Enter does (it commits a field, never saves), the order in
// which Tab goes through the editor's controls, its shortcuts, and the Alt+letters of a step's
// settings.
#include "PresetEditor.h"

#include "ParamWidgets.h"
#include "PreviewPane.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QToolButton>

namespace pp::gui {

namespace {
// The controls under `root` that Tab stops at, in the order they were made, which is the order they
// are laid out in (a number's slider before its box, a path before its Browse…).
QList<QWidget *> tabStops(QWidget *root)
{
    QList<QWidget *> stops;
    if (!root)
        return stops;
    for (QWidget *w : root->findChildren<QWidget *>())
        if ((w->focusPolicy() & Qt::TabFocus) && !w->focusProxy() && w->window() == root->window()) // no popup's
            stops << w;
    return stops;
}

QString shortcutText(const QKeySequence &keys) { return keys.toString(QKeySequence::NativeText); }
} // namespace

void PresetEditor::nameSaveButton()
{
    const QString keys = shortcutText(QKeySequence::Save);
    if (m_editing.isEmpty()) {
        m_save->setText(tr("&Save as user preset"));
        m_save->setToolTip(tr("Save the preset among your own presets (%1)").arg(keys));
    } else {
        m_save->setText(tr("&Save changes"));
        m_save->setToolTip(tr("Replace your preset \"%1\" with these settings (%2)").arg(m_editing, keys));
    }
}

void PresetEditor::addShortcuts()
{
    const QKeySequence save(QKeySequence::Save), remove(Qt::Key_Delete), up(Qt::CTRL | Qt::Key_Up),
        down(Qt::CTRL | Qt::Key_Down);
    // Save's button only: a draft it cannot save (the status line says why) is not saved by the keys.
    connect(new QShortcut(save, this), &QShortcut::activated, m_save, &QPushButton::click);
    nameSaveButton(); // its tooltip says its keys
    // In the steps list, on the step it has; the buttons say their keys.
    const auto inList = [this](const QKeySequence &keys, QToolButton *button) {
        auto *shortcut = new QShortcut(keys, m_steps, nullptr, nullptr, Qt::WidgetShortcut);
        connect(shortcut, &QShortcut::activated, button, &QToolButton::click);
    };
    inList(remove, m_removeStep);
    inList(up, m_up);
    inList(down, m_down);
    // Anywhere but in a text field, which undoes its own typing.
    connect(new QShortcut(QKeySequence::Undo, this), &QShortcut::activated, this, &PresetEditor::restoreRemovedStep);
    m_removeStep->setToolTip(tr("Remove the selected step (%1; %2 brings it back)")
                                 .arg(shortcutText(remove), shortcutText(QKeySequence::Undo)));
    m_up->setToolTip(tr("Move the step up (%1)").arg(shortcutText(up)));
    m_down->setToolTip(tr("Move the step down (%1)").arg(shortcutText(down)));
}

QString PresetEditor::mnemonicsTaken() const
{
    QString taken;
    const auto take = [&taken](const QString &text) {
        if (const QChar letter = mnemonic(text); !letter.isNull())
            taken += letter;
    };
    for (QWidget *w : findChildren<QWidget *>()) {
        if (m_stepForm && (w == m_stepForm || m_stepForm->isAncestorOf(w)))
            continue; // the form being replaced
        if (auto *label = qobject_cast<QLabel *>(w))
            take(label->text());
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            take(button->text());
        else if (auto *group = qobject_cast<QGroupBox *>(w))
            take(group->title());
    }
    return taken;
}

void PresetEditor::noDefaultButtons()
{
    for (QPushButton *b : findChildren<QPushButton *>()) {
        b->setAutoDefault(false);
        b->setDefault(false);
    }
}

void PresetEditor::keyPressEvent(QKeyEvent *e)
{
    if (e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter) {
        // A field that takes Enter (a spin box committing its number, a line edit) has done so and
        // passed the key on: it ends here, where QDialog would press a default button.
        auto *button = qobject_cast<QAbstractButton *>(focusWidget());
        if ((qobject_cast<QPushButton *>(button) || qobject_cast<QToolButton *>(button)) && button->isEnabled() &&
            (e->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier && !e->isAutoRepeat())
            button->animateClick();
        e->accept();
        return;
    }
    QDialog::keyPressEvent(e);
}

bool PresetEditor::eventFilter(QObject *watched, QEvent *e)
{
    if (e->type() == QEvent::Shortcut && watched == m_steps->parentWidget()) {
        m_steps->setFocus(Qt::ShortcutFocusReason);
        return true;
    }
    if (e->type() == QEvent::KeyPress && watched->isWidgetType() && static_cast<QWidget *>(watched)->window() == this) {
        // Reached only when no Alt+letter took the key. AltGr is not Alt here (or is Ctrl+Alt).
        const auto *key = static_cast<QKeyEvent *>(e);
        const Qt::KeyboardModifiers mods = key->modifiers();
        if ((mods & Qt::AltModifier) && !(mods & (Qt::ControlModifier | Qt::MetaModifier)) && !key->text().isEmpty() &&
            key->text().front().isPrint())
            return true;
    }
    return QDialog::eventFilter(watched, e);
}

void PresetEditor::updateTabOrder()
{
    // As the editor is laid out: the name and the steps on the left, the selected step's settings
    // and then the output's in the middle (Quality and PNG compression under Format), the preview, then
    // the buttons. The step's form and those rows are made again while the editor is open, and were
    // reached last, after Close.
    QList<QWidget *> order{m_name, m_description, m_steps, m_addStep, m_removeStep, m_up, m_down};
    order += tabStops(m_stepForm);
    order += {m_folder, m_browseFolder, m_template, m_format};
    for (QWidget *w : m_quality.controls + m_pngCompression.controls)
        if (w->focusPolicy() & Qt::TabFocus)
            order << w;
    order += {m_overwrite, m_replaceSource, m_lossless, m_tiffCompression, m_metadata, m_colour, m_raw, m_keepFileTime};
    order += tabStops(m_preview);
    // The button box as well: it hands the keyboard to its first button (Tab from Close went back to Save).
    order += {m_save->parentWidget(), m_save, m_export, m_close};
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order[i - 1], order[i]);
}

} // namespace pp::gui
