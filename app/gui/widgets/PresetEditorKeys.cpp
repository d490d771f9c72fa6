// PresetEditor from the keyboard: what Enter does (it commits a field, never saves), and the order
// in which Tab goes through the editor's controls.
#include "PresetEditor.h"

#include "PreviewPane.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
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
} // namespace

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

void PresetEditor::updateTabOrder()
{
    // As the editor is laid out: the name and the steps on the left, the selected step's settings
    // and then the output's in the middle (Quality under Format), the preview, then the buttons.
    // The step's form and the Quality row are made again while the editor is open, and were
    // reached last, after Close.
    QList<QWidget *> order{m_name, m_description, m_steps, m_addStep, m_removeStep, m_up, m_down};
    order += tabStops(m_stepForm);
    order += {m_folder, m_browseFolder, m_template, m_format};
    order += tabStops(m_qualityRow);
    order += {m_overwrite, m_replaceSource, m_lossless, m_tiffCompression, m_metadata, m_colour, m_raw, m_keepFileTime};
    order += tabStops(m_preview);
    // The button box as well: it hands the keyboard to its first button (Tab from Close went back to Save).
    order += {m_save->parentWidget(), m_save, m_export, m_close};
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order[i - 1], order[i]);
}

} // namespace pp::gui
