// The preset library as cards (built-in and user), each showing its steps. The selected card is
// the default preset for images without one of their own; cards are dragged onto images to
// assign them. Preset .json files dropped here are imported.
#pragma once

#include <QWidget>

class QLabel;
class QListView;
class QToolButton;

namespace pp::gui {

class PresetLibraryModel;

class PresetPanel : public QWidget
{
    Q_OBJECT
public:
    PresetPanel(PresetLibraryModel *model, QWidget *parent = nullptr);

    QString selectedPreset() const;
    void selectPreset(const QString &name);
    QListView *view() const { return m_view; }

signals:
    void newRequested();
    void editRequested(const QString &name);
    void deleteRequested(const QString &name);
    void importRequested();
    void exportRequested(const QString &name);
    void presetFilesDropped(const QStringList &files);
    void rejectedDrop(const QString &why);

private:
    void updateButtons();

    PresetLibraryModel *m_model;
    QListView *m_view;
    QToolButton *m_edit, *m_delete, *m_export;
};

} // namespace pp::gui
