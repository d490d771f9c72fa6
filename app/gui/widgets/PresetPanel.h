// The preset library as cards (built-in and user), each showing its steps, and the default
// preset (for images without one of their own) as a control of its own above them. Cards are
// dragged onto images to assign them; selecting or dragging a card never changes the default,
// which changes only through that control or a card's "Use for all" menu entry. Preset .json
// files dropped here are imported.
#pragma once

#include "WrappingPane.h"

class QComboBox;
class QLabel;
class QListView;
class QToolButton;

namespace pp::gui {

class PresetLibraryModel;

class PresetPanel : public WrappingPane
{
    Q_OBJECT
public:
    PresetPanel(PresetLibraryModel *model, QWidget *parent = nullptr);

    // The card Edit, Duplicate, Export and Delete act on.
    QString selectedPreset() const;
    void selectPreset(const QString &name);
    // Unknown names fall back to "web", then to the first preset.
    void setDefaultPreset(const QString &name);
    QListView *view() const { return m_view; }
    QComboBox *defaultCombo() const { return m_default; }
    // Whether images are selected in the queue ("Give to the selected images" in the card menu).
    void setSelectionAvailable(bool available) { m_selectionAvailable = available; }
    // Enter or Space on a card: the preset for the selected images, as dropping the card on them
    // (assignToSelectionRequested); without a selection, says what to do (rejectedDrop).
    void giveToSelection(const QString &name);
    // The card's menu at `pos` (the view's viewport coordinates): under the pointer, or at the
    // current card for Shift+F10 and the Menu key.
    void showCardMenu(const QPoint &pos);

signals:
    void newRequested();
    void editRequested(const QString &name);
    void deleteRequested(const QString &name);
    // A copy of the preset `name` as a user preset, to be changed in the editor.
    void duplicateRequested(const QString &name);
    void importRequested();
    void exportRequested(const QString &name);
    void presetFilesDropped(const QStringList &files);
    // While files are held over the cards: what a drop will do ("Import 2 presets"); empty when they
    // leave or are dropped.
    void presetFilesDropPreview(const QString &text);
    // Something dropped here, or Enter on a card, that did nothing: why, for the status bar.
    void rejectedDrop(const QString &why);
    void assignToSelectionRequested(const QString &name);

private:
    void updateButtons();
    void showDefault();
    int rowOrFallback(const QString &name) const;

    PresetLibraryModel *m_model;
    QComboBox *m_default;
    QListView *m_view;
    bool m_selectionAvailable = false;
    QToolButton *m_edit, *m_duplicate, *m_delete, *m_export;
    QWidget *m_buttons; // New, Edit, Duplicate, Delete, Import, Export: one row, or two in a narrow panel
};

} // namespace pp::gui
