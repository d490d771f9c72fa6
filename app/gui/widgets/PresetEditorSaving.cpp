// PresetEditor: what Save and closing need: whether the draft is a preset (each step named as the
// list names it), whether it can be saved here (its files there to read, not a built-in's name),
// whether it changed, and the question before changes are dropped; saving and exporting.
#include "PresetEditor.h"

#include "Contrast.h"
#include "OperationCatalog.h"
#include "OutputPlanner.h"
#include "ParamWidgets.h"
#include "PresetLibraryModel.h"
#include "PreviewPane.h"
#include "FailureText.h"
#include "Translations.h"

#include <QEvent>
#include <QFileDialog>
#include <QDateTime>
#include <QFileInfo>
#include <QFormLayout>
#include <QAbstractButton>
#include <QLabel>
#include <QListWidget>
#include <QStyle>
#include <QMessageBox>

namespace pp::gui {

namespace {
// A step's title as the list shows it, in the user's language.
QString stepTitle(const QJsonObject &step)
{
    const OperationSpec *spec = OperationCatalog::builtin().find(step.value("op").toString());
    return spec ? i18n::catalogText(spec->title) : step.value("op").toString();
}

// Why normalizeStep() refused a step, with the field named as the form labels it ("Image file"),
// not as the preset file does ("logo.file"), which the loader keeps saying for files; quoted as the
// language quotes (German „Bilddatei“ was "Bilddatei" beside the path's „logo.png“).
QString stepProblem(const QJsonObject &step, Message why, QString *key = nullptr)
{
    const OperationSpec *spec = OperationCatalog::builtin().find(step.value("op").toString());
    if (spec && !why.args.isEmpty())
        for (const ParamSpec &param : spec->params)
            if (why.args[0] == spec->name + QLatin1Char('.') + param.key) {
                //: a setting's name as the editor's form labels it ("Image file"), quoted in a message
                why.args[0] = PresetEditor::tr("\"%1\"").arg(i18n::catalogText(param.label));
                if (key)
                    *key = param.key;
            }
    return FailureText::shown(why);
}

// What is wrong with `step`, and the setting it names (its key; "" when it names none); "" when
// the step is valid.
QString stepError(const QJsonObject &step, QString *key)
{
    key->clear();
    Message why;
    if (!OperationCatalog::builtin().normalizeStep(step, &why).isEmpty())
        return {};
    return stepProblem(step, why, key);
}

// Marks `field` and the inputs of its row (a number's slider, a path's Browse…) as holding what is
// wrong, saying it in their tooltips, which a screen reader reads as their description; an empty
// `problem` takes the mark away.
void markField(QFormLayout *form, QWidget *field, const QString &problem)
{
    QList<QWidget *> inputs = rowControls(form, field);
    if (!inputs.contains(field))
        inputs << field;
    for (QWidget *w : std::as_const(inputs)) {
        if (!(w->focusPolicy() & Qt::TabFocus) && w != field)
            continue;
        const bool marked = w->property("ppInvalid").toBool();
        if (problem.isEmpty() && marked) {
            w->setPalette(QPalette());
            w->setToolTip({});
            w->setProperty("ppInvalid", false);
        } else if (!problem.isEmpty()) {
            // A tint of red on the field's own colours, its words readable on it: a light red under
            // a light palette's dark words, a dark red under a dark palette's light ones.
            w->setPalette(QPalette()); // the colours it has unmarked, to tint once
            QPalette palette = w->palette();
            const QColor red(208, 69, 59, 40);
            for (const auto &[ground, words] :
                 {std::pair(QPalette::Base, QPalette::Text), std::pair(QPalette::Button, QPalette::ButtonText)}) {
                palette.setColor(ground, over(red, palette.color(ground)));
                palette.setColor(words, readableOn(palette.color(words), palette.color(ground)));
            }
            w->setPalette(palette);
            w->setToolTip(problem);
            w->setProperty("ppInvalid", true);
        }
    }
}

// What tells a version of a file from the next: a new copy or a replacement changes one of them.
QString fileState(const QString &path)
{
    const QFileInfo file(path);
    return QStringLiteral("%1 %2 %3")
        .arg(file.size())
        .arg(file.lastModified().toMSecsSinceEpoch())
        .arg(file.metadataChangeTime().toMSecsSinceEpoch());
}

// The paths of the files the steps of `p` read (File parameters their mode uses).
QStringList filesRead(const Preset &p)
{
    QStringList paths;
    QVector<QJsonObject> steps = p.steps;
    for (const PresetOutput &o : p.outputs)
        steps += o.steps;
    for (const QJsonObject &step : steps)
        for (const auto &file : OperationCatalog::builtin().filesRead(step))
            paths << file.second;
    return paths;
}
} // namespace

QString PresetEditor::validate() const
{
    const Preset p = draft();
    if (p.name.isEmpty())
        return tr("The preset needs a name.");
    const Message templateError = OutputPlanner::validateTemplate(p.output.nameTemplate);
    if (!templateError.isEmpty())
        return FailureText::shown(templateError);
    // A step is named as the list names it, "Step 5 (Logo)", not by its place in the file,
    // "steps[4]", which the preset loader says for files and the command line.
    for (int i = 0; i < p.steps.size(); ++i)
        if (Message why; OperationCatalog::builtin().normalizeStep(p.steps[i], &why).isEmpty())
            return tr("Step %1 (%2): %3")
                .arg(QString::number(i + 1), stepTitle(p.steps[i]), stepProblem(p.steps[i], why));
    Message error;
    if (!Preset::fromJson(p.toJson(), &error))
        return FailureText::shown(error);
    return {};
}

int PresetEditor::markInvalidSteps()
{
    // Every step that is not valid has a mark in the list and says why in its tooltip, where only the
    // first one was said, in the status line; the selected one's setting that is wrong is marked too.
    // Small, and a blank one of its size on the other steps, so that every step's number starts at
    // the same place.
    const int size = m_steps->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, m_steps);
    m_steps->setIconSize(QSize(size, size));
    const QIcon warning = m_steps->style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, m_steps);
    QPixmap blank(size, size);
    blank.fill(Qt::transparent);
    const QIcon none(blank);
    int invalid = 0;
    QString currentKey, currentProblem;
    for (int i = 0; i < m_steps->count(); ++i) {
        QListWidgetItem *item = m_steps->item(i);
        QString key;
        const QString problem = stepError(item->data(kStepRole).toJsonObject(), &key);
        item->setIcon(problem.isEmpty() ? none : warning);
        item->setData(kInvalidRole, !problem.isEmpty());
        item->setToolTip(problem.isEmpty() ? item->text() : item->text() + QLatin1Char('\n') + problem);
        invalid += problem.isEmpty() ? 0 : 1;
        if (i == m_steps->currentRow()) {
            currentKey = key;
            currentProblem = problem;
        }
    }
    if (m_stepForm)
        for (QWidget *field : m_stepForm->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
            if (field->objectName().startsWith(QLatin1String("param-")))
                markField(qobject_cast<QFormLayout *>(m_stepForm->layout()), field,
                          field->objectName() == QLatin1String("param-") + currentKey && !currentKey.isEmpty()
                              ? currentProblem
                              : QString());
    return invalid;
}

QString PresetEditor::missingFile(const Preset &p) const
{
    // The worker that runs a step reads its file; a preset is checked without it, as one written
    // for another computer. But a user preset runs here, and without its logo every image fails.
    // The window reads no image: an empty file is told by its size, a damaged one by the preview,
    // whose worker failed on it and named it ("logo: /path/mark.png: damaged JPEG ...").
    enum class Why { None, Missing, Empty, Undecodable };
    const auto problem = [this](const QJsonObject &step, QString *path) {
        for (const auto &read : OperationCatalog::builtin().filesRead(step)) {
            *path = read.second;
            const QFileInfo file(*path);
            if (!(file.isFile() && file.isReadable()))
                return Why::Missing;
            if (file.size() == 0)
                return Why::Empty;
            if (const auto failed = m_failedFiles.constFind(*path);
                failed != m_failedFiles.cend() && *failed == fileState(*path))
                return Why::Undecodable;
        }
        return Why::None;
    };
    const auto consequence = [](Why why, const QString &path) {
        const QString waits =
            tr("Save waits until it can be read; Export… still writes the preset, for a computer that has it.");
        switch (why) {
        case Why::Empty:
            return tr("%1 is an empty file, so every image would fail.").arg(path) + ' ' + waits;
        case Why::Undecodable:
            return tr("%1 cannot be read as an image (the preview says why), so every image would fail.").arg(path) +
                   ' ' + waits;
        default:
            return tr("%1 is missing or cannot be read, so every image would fail. Save waits until "
                      "it is there; Export… still writes the preset, for a computer that has it.")
                .arg(path);
        }
    };
    QString path;
    for (int i = 0; i < p.steps.size(); ++i)
        if (const Why why = problem(p.steps[i], &path); why != Why::None)
            return tr("Step %1 (%2): %3").arg(QString::number(i + 1), stepTitle(p.steps[i]), consequence(why, path));
    for (const PresetOutput &o : p.outputs)
        for (int i = 0; i < o.steps.size(); ++i)
            if (const Why why = problem(o.steps[i], &path); why != Why::None)
                return tr("Output \"%1\", step %2 (%3): %4")
                    .arg(o.name, QString::number(i + 1), stepTitle(o.steps[i]), consequence(why, path));
    return {};
}

QString PresetEditor::whyNotSaved() const
{
    if (const QString invalid = validate(); !invalid.isEmpty())
        return invalid;
    if (const QString missing = missingFile(draft()); !missing.isEmpty())
        return missing;
    return nameTaken(draft().name);
}

QString PresetEditor::nameTaken(const QString &name) const
{
    // A built-in preset is never replaced: its name has to change before Save means anything.
    const PresetEntry *existing = m_library->library()->find(name);
    if (existing && existing->builtin)
        return tr("\"%1\" is built-in: give your version another name to save it.").arg(name);
    // Save replaces the preset being edited, never another one that has (or is given) its name.
    if (existing && (m_editing.isEmpty() || existing != m_library->library()->find(m_editing)))
        return tr("Another preset is named \"%1\" already: give this one a name of its own, or delete that "
                  "preset first.")
            .arg(existing->preset.name);
    return {};
}

bool PresetEditor::hasUnsavedChanges() const { return draft().toJson() != m_savedState; }

bool PresetEditor::settleUnsavedChanges()
{
    if (!m_askBeforeDiscarding || !hasUnsavedChanges())
        return true;
    const QString name = draft().name;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"), QString(), QMessageBox::Discard | QMessageBox::Cancel,
                    this);
    // Save is offered only when it would work; else the question says why it would not.
    if (const QString why = whyNotSaved(); why.isEmpty()) {
        box.setText(name.isEmpty() ? tr("Save the changes to this preset?")
                                   : tr("Save the changes to the preset \"%1\"?").arg(name));
        box.addButton(QMessageBox::Save);
        box.setDefaultButton(QMessageBox::Save);
        box.setInformativeText(tr("Your changes are lost if you don't save them."));
    } else {
        box.setText(name.isEmpty() ? tr("Discard the changes to this preset?")
                                   : tr("Discard the changes to the preset \"%1\"?").arg(name));
        box.setDefaultButton(QMessageBox::Cancel);
        box.setInformativeText(tr("They cannot be saved as they are: %1").arg(why));
    }
    box.setEscapeButton(QMessageBox::Cancel);
    // Each with its Alt+letter (the standard buttons have none here).
    if (QAbstractButton *save = box.button(QMessageBox::Save))
        save->setText(tr("&Save"));
    box.button(QMessageBox::Discard)->setText(tr("&Discard"));
    box.button(QMessageBox::Cancel)->setText(tr("&Cancel"));
    switch (box.exec()) {
    case QMessageBox::Save: {
        QString error;
        if (save(&error))
            return true;
        m_status->setText(inErrorColour(palette(), error.toHtmlEscaped()));
        return false;
    }
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void PresetEditor::reject()
{
    // Close, Escape and the window's close button all come here (QDialog::closeEvent rejects).
    if (settleUnsavedChanges())
        QDialog::reject();
}

void PresetEditor::previewErrorChanged(const QString &failure)
{
    // The pane shows a failure, and takes it back when a result comes: Save follows, without a new
    // draft (the preview of this one is what failed).
    QHash<QString, QString> failed;
    for (const QString &path : filesRead(draft()))
        if (failure.contains(path + QLatin1Char(':')))
            failed.insert(path, fileState(path));
    if (failed != m_failedFiles) {
        m_failedFiles = failed;
        if (!m_loading)
            refreshSaveState();
    }
}

void PresetEditor::changeEvent(QEvent *e)
{
    QDialog::changeEvent(e);
    // Back from the file manager with the logo copied where the step says: Save no longer waits.
    if (e->type() == QEvent::ActivationChange && isActiveWindow() && !m_loading &&
        missingFile(draft()) != m_missingFile)
        changed();
}

bool PresetEditor::save(QString *error)
{
    if (const QString why = whyNotSaved(); !why.isEmpty()) {
        *error = why;
        return false;
    }
    const Preset p = draft();
    Message why;
    const bool written = m_library->library()->saveUserPreset(p, &why, m_editing);
    *error = FailureText::shown(why);
    m_library->reload();
    // A rename that wrote the new file but could not remove the old one leaves both: from now on
    // the editor edits the new one, and the error names the file left.
    if (!written && why.id != MessageId::CannotRemovePreset)
        return false;
    const QString renamedFrom = m_editing.isEmpty() || m_editing == p.name ? QString() : m_editing;
    m_editing = p.name;
    nameSaveButton();
    m_savedState = p.toJson();
    setWindowModified(false);
    if (written)
        m_status->setText(renamedFrom.isEmpty()
                              ? tr("Saved \"%1\" in %2.").arg(p.name, m_library->library()->userDir()).toHtmlEscaped()
                              : tr("Renamed \"%1\" to \"%2\" and saved it in %3.")
                                    .arg(renamedFrom, p.name, m_library->library()->userDir())
                                    .toHtmlEscaped());
    emit saved(p.name, written ? renamedFrom : QString());
    return written;
}

bool PresetEditor::exportTo(const QString &path, QString *error)
{
    const QString invalid = validate();
    if (!invalid.isEmpty()) {
        *error = invalid;
        return false;
    }
    Message why;
    const bool saved = draft().save(path, &why);
    *error = FailureText::shown(why);
    return saved;
}

void PresetEditor::exportDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export preset"), draft().name + ".json",
                                                      tr("PixelPool presets (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportTo(path, &error))
        m_status->setText(tr("Exported to %1.").arg(path).toHtmlEscaped());
    else
        m_status->setText(inErrorColour(palette(), tr("Not exported to %1: %2").arg(path, error).toHtmlEscaped()));
}

} // namespace pp::gui
