// Edits a preset: the pipeline of steps (added from the operation catalog, removed, reordered
// by drag and drop), each step's parameters (widgets made from the catalog), and the output
// settings, with a live example of the file name. Every change is announced as a draft so the
// window's preview controller can show it. Saves into the user's preset folder, or exports, and asks
// before unsaved changes are dropped (PresetEditorSaving.cpp). The keyboard's ways through it are in
// PresetEditorKeys.cpp.
#pragma once

#include "Preset.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLayout;
class QLineEdit;
class QListWidget;
class QPushButton;
class QScrollArea;
class QToolButton;
class QVBoxLayout;

namespace pp {
struct ParamSpec;
}

namespace pp::gui {

class PresetLibraryModel;
class PreviewPane;

class PresetEditor : public QDialog
{
    Q_OBJECT
public:
    PresetEditor(PresetLibraryModel *library, QWidget *parent = nullptr);

    // A preset from the library (Save replaces it, renaming it when the name changed), or a new
    // one (Save adds it and never writes over a preset of the same name).
    enum class Opened { FromLibrary, AsNew };
    void setPreset(const Preset &preset, Opened opened = Opened::FromLibrary);
    Preset draft() const;
    // Empty when the draft is a valid preset; else what is wrong, naming the field.
    QString validate() const;
    PreviewPane *previewPane() const { return m_preview; }

    // For keyboard users and tests: the same operations the buttons and drag and drop do.
    void addStep(const QString &op);
    void removeStep(int row);
    // The step removed last comes back where it was, with its settings (Ctrl+Z); none: nothing.
    void restoreRemovedStep();
    void moveStep(int from, int to);
    int stepCount() const;
    void selectStep(int row);
    QListWidget *stepList() const { return m_steps; }
    // The steps list's items hold their step (QJsonObject) and whether it is not valid (a warning
    // sign beside it, why in its tooltip).
    static constexpr int kStepRole = Qt::UserRole + 1, kInvalidRole = Qt::UserRole + 2;

    bool save(QString *error); // as a user preset
    bool exportTo(const QString &path, QString *error);

    // Whether the draft differs from the preset as it was opened or last saved.
    bool hasUnsavedChanges() const;
    // Before the draft is dropped (the editor closed, or another preset opened in it): asks
    // whether to save the changes, discard them or cancel. True when nothing is lost (no changes,
    // saved, or discarded); false when cancelled or the save failed (the status line says why).
    bool settleUnsavedChanges();
    // Off (a window without dialogs: tests, screenshots): changes are dropped without asking.
    void setAsksBeforeDiscarding(bool ask) { m_askBeforeDiscarding = ask; }

    void reject() override;

signals:
    void draftChanged(const pp::Preset &draft);
    // `renamedFrom`: the name the preset had before this save, when the save renamed it.
    void saved(const QString &name, const QString &renamedFrom);

protected:
    void showEvent(QShowEvent *e) override;
    void hideEvent(QHideEvent *e) override;
    void changeEvent(QEvent *e) override;
    // Enter commits the field it is pressed in, and presses a button only when it is the one with
    // the keyboard: the editor has no default button (Save was one, and Enter in any field saved).
    void keyPressEvent(QKeyEvent *e) override;
    // Alt with a letter no control has typed the letter into the field with the keyboard (Alt+F made
    // a new preset's name "f"): in the editor it does nothing. The steps group's Alt+letter goes to
    // the steps list.
    bool eventFilter(QObject *watched, QEvent *e) override;

private:
    // `step` put in the list at `row`, selected, the list renumbered (a step added, or brought back).
    void insertStep(int row, const QJsonObject &step);
    void fitToScreen();
    // Every push button of the editor, its step form's too, is pressed by a click, Space, or Enter
    // while it has the keyboard, never by Enter pressed elsewhere.
    void noDefaultButtons();
    // Tab goes through the controls as they are laid out (PresetEditorKeys.cpp).
    void updateTabOrder();
    // Ctrl+S saves; in the steps list Delete removes the step, Ctrl+Up and Ctrl+Down move it; Ctrl+Z
    // brings back a removed step (in a text field it undoes the typing, as there).
    void addShortcuts();
    // The Alt+letters of the editor's own controls, which a step's settings must not take again.
    QString mnemonicsTaken() const;
    QString whyNotSaved() const; // "" when Save can save the draft
    // Why Save cannot take this name (a built-in's, or another preset's); "" when it can.
    QString nameTaken(const QString &name) const;
    // A file a step of `p` reads that is not there to read (missing, a folder, unreadable, empty,
    // or one the preview's worker failed to decode), with the step; "" when there is none.
    QString missingFile(const Preset &p) const;
    void buildStepForm();
    // Marks each step of the list that is not valid (saying why in its tooltip) and the selected
    // one's setting that is wrong; returns how many steps are not valid.
    int markInvalidSteps();
    void onParamChanged(const QString &key, const QJsonValue &value);
    void renumber();
    void changed();
    // Save, Export and the status line for the draft as it is; true when the draft is valid.
    bool refreshSaveState();
    // Save says what it does: "Save as user preset" makes a new one, "Save changes" replaces the
    // user preset being edited (m_editing); "Save as user preset" of an open one read as a copy.
    void nameSaveButton();
    void updateOutputUi();
    // Shows or hides the warning that originals will be replaced, for the draft `p`.
    void updateSourceWarning(const Preset &p);
    void chooseFolder();
    void exportDialog();
    // The preview pane's failure changed: a logo the worker cannot decode holds Save back.
    void previewErrorChanged(const QString &failure);

    PresetLibraryModel *m_library;
    Preset m_base;            // fields the editor has no widgets for are kept from here
    QString m_editing;        // the user preset Save replaces (its name when opened or last saved); "" for a new one
    QJsonObject m_savedState; // the draft as opened or last saved, to tell whether it changed
    bool m_askBeforeDiscarding = true;
    QString m_missingFile; // as the status line last said it
    // The files the preview's failure named, each as it was then (fileState()): one changed since
    // (copied again, replaced) no longer holds Save back, though the same draft is not previewed again.
    QHash<QString, QString> m_failedFiles;
    bool m_loading = false;
    QList<QPair<int, QJsonObject>> m_removedSteps; // each removed step, with its row then, for Ctrl+Z

    QLineEdit *m_name, *m_description;
    QListWidget *m_steps;
    QToolButton *m_addStep, *m_removeStep, *m_up, *m_down;
    QLabel *m_stepTitle, *m_stepHelp;
    QScrollArea *m_settingsArea;  // the middle column: the step's settings, then the output's
    QVBoxLayout *m_stepBoxLayout; // the step's title, help and form
    QWidget *m_stepForm = nullptr;
    QLineEdit *m_folder, *m_template;
    QLabel *m_example;
    QLabel *m_outputsNote;
    QComboBox *m_format, *m_overwrite, *m_metadata, *m_colour;
    QCheckBox *m_keepFileTime = nullptr, *m_lossless = nullptr;
    // allowOverwriteSource, and the warning under it while the draft's outputs may replace sources.
    QCheckBox *m_replaceSource = nullptr;
    QWidget *m_replaceSourceWarning = nullptr;
    QLabel *m_replaceSourceText = nullptr;
    QComboBox *m_tiffCompression = nullptr, *m_raw = nullptr;
    // An output setting that is a number (Quality, PNG compression): its slider and box, made again
    // for each preset opened (a number's editor shows the value it was made with).
    struct NumberRow {
        QLayout *row = nullptr;
        QList<QWidget *> controls; // as laid out
        int value = 0;
    };
    // `number` made for `value` as row `at` of the output's form, under `label`.
    void makeNumberRow(NumberRow *number, const ParamSpec &spec, int value, int at, const QString &label);
    NumberRow m_quality, m_pngCompression;
    QFormLayout *m_outputForm;
    QLabel *m_status;
    QPushButton *m_browseFolder;
    QPushButton *m_save, *m_export, *m_close;
    PreviewPane *m_preview;
};

} // namespace pp::gui
