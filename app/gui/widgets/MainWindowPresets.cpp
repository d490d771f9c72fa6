// MainWindow: giving images a preset — by a dropped card, Ctrl+1…9, a menu — as one undoable
// step each, said in the status bar; the default preset, which only changes on purpose; and a
// preset's copy (Duplicate), with the taking away and putting back of a user preset's file that
// undoing it and deleting a preset share.
#include "MainWindow.h"

#include "FailureText.h"
#include "Icons.h"
#include "PresetEditor.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "Translations.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>

#include <functional>
#include <memory>
#include <utility>

namespace pp::gui {

namespace {

// One assignment: the presets the images had before, so Ctrl+Z puts exactly those back. Images
// removed from the queue are forgotten (forgetRemoved), so the step says what it still changes;
// with none left it is obsolete: the window passes over it and the stack deletes it.
class AssignPresetCommand : public QUndoCommand
{
public:
    using Describe = std::function<QString(const QList<quint64> &uids)>;
    AssignPresetCommand(QueueModel *queue, const QList<quint64> &uids, const QString &preset, Describe describe)
        : QUndoCommand(describe(uids)), m_queue(queue), m_preset(preset), m_describe(std::move(describe))
    {
        for (quint64 uid : uids)
            if (const QueueItem *it = queue->item(uid))
                m_before.append({uid, it->preset});
    }
    void redo() override { m_queue->assignPreset(uids(), m_preset); }
    void undo() override
    {
        for (const auto &b : m_before)
            m_queue->assignPreset({b.first}, b.second);
    }
    void forgetRemoved()
    {
        const qsizetype gone = m_before.removeIf([this](const auto &b) { return !m_queue->item(b.first); });
        if (m_before.isEmpty())
            setObsolete(true);
        else if (gone > 0)
            setText(m_describe(uids()));
    }

private:
    QList<quint64> uids() const
    {
        QList<quint64> out;
        for (const auto &b : m_before)
            out << b.first;
        return out;
    }
    QueueModel *m_queue;
    QString m_preset;
    Describe m_describe;
    QList<QPair<quint64, QString>> m_before;
};

// A copy of a preset made: undone by taking the copy away (its file as it is then, so a redo brings
// back what the user made of it meanwhile) and redone by writing that back. The copy is made before
// the step is pushed, so its first redo has nothing to do; a step that fails leaves the stack.
class DuplicatePresetCommand : public QUndoCommand
{
public:
    DuplicatePresetCommand(const QString &text, std::function<bool(bool undo)> step)
        : QUndoCommand(text), m_step(std::move(step))
    {
    }
    void redo() override
    {
        if (std::exchange(m_made, false))
            return;
        setObsolete(!m_step(false));
    }
    void undo() override { setObsolete(!m_step(true)); }

private:
    std::function<bool(bool undo)> m_step;
    bool m_made = true;
};

} // namespace

void MainWindow::createPresetActions()
{
    m_undo = new QUndoStack(this);
    m_undo->setUndoLimit(kUndoSteps); // only while it is empty
    auto step = [this](const QString &text, const QList<QKeySequence> &keys, bool isUndo) {
        auto *a = new QAction(text, this);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setEnabled(false);
        addAction(a);
        connect(a, &QAction::triggered, this, [this, isUndo] {
            // Steps whose images all left the queue change nothing: the stack deletes them on the way.
            while (isUndo ? m_undo->canUndo() && m_undo->command(m_undo->index() - 1)->isObsolete()
                          : m_undo->canRedo() && m_undo->command(m_undo->index())->isObsolete())
                isUndo ? m_undo->undo() : m_undo->redo();
            if (!(isUndo ? m_undo->canUndo() : m_undo->canRedo()))
                return;
            const QString what = isUndo ? m_undo->undoText() : m_undo->redoText();
            const int steps = m_undo->count();
            isUndo ? m_undo->undo() : m_undo->redo();
            updatePreview();
            // A step that failed (a deleted preset's file could not be written back) said why, and
            // the stack dropped it (or everything): it is not "undone".
            if (m_undo->count() == steps)
                showMessage(isUndo ? tr("Undone: %1.").arg(what) : tr("Redone: %1.").arg(what));
        });
        return a;
    };
    // Both redo keys people know, whatever the platform theme says.
    m_actUndo = step(tr("&Undo preset change"), {QKeySequence(Qt::CTRL | Qt::Key_Z)}, true);
    m_actRedo = step(tr("R&edo preset change"),
                     {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)}, false);
    connect(m_undo, &QUndoStack::indexChanged, this, &MainWindow::updateUndoActions);
    connect(m_undo, &QUndoStack::canUndoChanged, this, &MainWindow::updateUndoActions);
    connect(m_undo, &QUndoStack::canRedoChanged, this, &MainWindow::updateUndoActions);
    connect(m_queue, &QueueModel::itemsRemoved, this, &MainWindow::pruneUndo); // Remove, Clear queue
    // The queue emptied (Clear queue, which Ctrl+Z undoes, or every card removed): the Skipped list
    // with it (pruneSkipped).
    const auto emptied = [this] {
        if (m_queue->rowCount() == 0 && !m_skippedEntries.isEmpty())
            pruneSkipped();
    };
    connect(m_queue, &QAbstractItemModel::rowsRemoved, this, emptied);
    connect(m_queue, &QAbstractItemModel::modelReset, this, emptied);
    // The selected card's copy (with none selected, the default's), as Edit takes it; Ctrl+D as in
    // the file managers and editors that have one.
    m_actDuplicatePreset = new QAction(icon("duplicate"), tr("&Duplicate preset"), this);
    m_actDuplicatePreset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_actDuplicatePreset->setShortcutContext(Qt::WindowShortcut);
    addAction(m_actDuplicatePreset);
    connect(m_actDuplicatePreset, &QAction::triggered, this, [this] {
        const QString card = m_presetPanel->selectedPreset();
        duplicatePreset(card.isEmpty() ? defaultPreset() : card);
    });
    // Ctrl+1…9: the N-th card for the selected images, the keyboard path of a drag.
    for (int n = 1; n <= 9; ++n) {
        auto *a = new QAction(tr("Preset %1 for the selected images").arg(n), this);
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + n)));
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
        connect(a, &QAction::triggered, this, [this, n] {
            if (n > m_presetModel->rowCount())
                return showMessage(tr("There is no preset %1.").arg(n));
            const QString name = m_presetModel->index(n - 1).data(PresetLibraryModel::NameRole).toString();
            const QList<quint64> sel = m_queueView->selectedUids();
            if (sel.isEmpty())
                return showMessage(tr("Select images first, then press Ctrl+%1 to give them \"%2\".").arg(n).arg(name));
            assignPresetTo(sel, name);
        });
    }
}

void MainWindow::pruneUndo()
{
    for (int i = 0; i < m_undo->count(); ++i)
        if (auto *step = dynamic_cast<const AssignPresetCommand *>(m_undo->command(i)))
            const_cast<AssignPresetCommand *>(step)->forgetRemoved();
    updateUndoActions();
}

void MainWindow::updateUndoActions()
{
    bool undo = false, redo = false;
    for (int i = 0; i < m_undo->count(); ++i)
        if (!m_undo->command(i)->isObsolete())
            (i < m_undo->index() ? undo : redo) = true;
    m_actUndo->setEnabled(undo);
    m_actRedo->setEnabled(redo);
}

void MainWindow::assignPresetTo(const QList<quint64> &uids, const QString &name)
{
    if (!name.isEmpty() && !lookupPreset(name))
        return showMessage(tr("There is no preset named \"%1\".").arg(name));
    if (m_queue->rowCount() == 0)
        return showMessage(tr("Add images first, then drop the preset on them."));
    if (uids.isEmpty())
        return showMessage(tr("Every image has a preset of its own; nothing changed."));
    auto describe = [this, name](const QList<quint64> &uids) {
        QString who;
        if (uids.size() == 1) {
            const QueueItem *it = m_queue->item(uids.first());
            who = it ? it->name : imageCount(1);
        } else {
            who = imageCount(int(uids.size()));
        }
        return name.isEmpty() ? tr("the default preset for %1").arg(who) : tr("preset \"%1\" for %2").arg(name, who);
    };
    const QString who = uids.size() == 1 && m_queue->item(uids.first()) ? m_queue->item(uids.first())->name
                                                                        : imageCount(int(uids.size()));
    m_undo->push(new AssignPresetCommand(m_queue, uids, name, describe));
    updatePreview();
    const QString running =
        runningBatchNote(Outdated::Preset, [&uids](const QueueItem &it) { return uids.contains(it.uid); });
    if (name.isEmpty())
        showMessage(tr("%1 now use the default preset (\"%2\"). Ctrl+Z undoes.").arg(who, defaultPreset()) + running +
                    outdatedNote());
    else
        showMessage(tr("Preset \"%1\" assigned to %2; the default stays \"%3\". Ctrl+Z undoes.")
                        .arg(name, who, defaultPreset()) +
                    running + outdatedNote());
}

void MainWindow::duplicatePreset(const QString &name)
{
    // Changes the editor holds are settled first: cancelled, nothing is made.
    if (m_editor && m_editor->isVisible() && !m_editor->settleUnsavedChanges())
        return;
    const PresetEntry *entry = m_library->find(name);
    if (!entry)
        return showProblem(tr("Cannot duplicate preset"), tr("There is no preset named \"%1\".").arg(name));
    Preset copy = entry->preset;
    copy.name = m_presetModel->copyName(entry->preset.name);
    // A built-in's description as its card shows it, in the window's language: the copy's card is the
    // user's, and shows its words as they are.
    copy.description = i18n::presetDescription(entry->preset.description, entry->builtin);
    const QString original = entry->preset.name;
    Message error;
    // As the editor saves: a new file in the user's preset folder, written whole or not at all,
    // never over another file (PresetLibrary::saveUserPreset).
    const bool written = m_library->saveUserPreset(copy, &error);
    m_presetModel->reload();
    if (!written)
        return showProblem(tr("Cannot duplicate preset"), FailureText::shown(error));
    auto taken = std::make_shared<TakenPreset>();
    auto step = [this, name = copy.name, taken](bool undo) {
        if (!undo)
            return bringPresetBack(*taken);
        if (takePresetAway(name, tr("Cannot undo the copy"), taken.get()))
            return true;
        QTimer::singleShot(0, m_undo, &QUndoStack::clear); // the steps before name the copy
        return false;
    };
    m_undo->push(new DuplicatePresetCommand(tr("the copy \"%1\" of \"%2\"").arg(copy.name, original), step));
    m_presetPanel->selectPreset(copy.name);
    openPresetEditor(copy.name);
    showMessage(tr("Made \"%1\", a copy of \"%2\", among your presets. Ctrl+Z undoes.").arg(copy.name, original));
}

bool MainWindow::takePresetAway(const QString &name, const QString &title, TakenPreset *taken)
{
    const PresetEntry *entry = m_library->find(name);
    if (!entry || entry->builtin) {
        showProblem(title, tr("\"%1\" is not one of your presets.").arg(name));
        return false;
    }
    // Read now, written back by bringPresetBack() as it was.
    QFile file(entry->path);
    if (!file.open(QIODevice::ReadOnly)) {
        showProblem(title, tr("%1 cannot be read: %2").arg(QDir::toNativeSeparators(entry->path), file.errorString()));
        return false;
    }
    TakenPreset now{entry->preset.name, entry->path, file.readAll(), {}, false};
    file.close();
    now.wasDefault = defaultPreset().compare(name, Qt::CaseInsensitive) == 0;
    Message error;
    if (!m_library->removeUserPreset(name, &error)) {
        showProblem(title, FailureText::shown(error));
        return false;
    }
    for (int row = 0; row < m_queue->rowCount(); ++row)
        if (m_queue->itemAt(row).preset.compare(name, Qt::CaseInsensitive) == 0)
            now.users << m_queue->itemAt(row).uid;
    const QString keep = defaultPreset();
    m_presetModel->reload();
    m_queue->forgetPreset(name);
    m_presetPanel->setDefaultPreset(now.wasDefault ? QString() : keep); // the fallback: "web", else the first card
    *taken = std::move(now);
    return true;
}

bool MainWindow::bringPresetBack(const TakenPreset &taken)
{
    const QString &path = taken.path;
    if (m_library->find(taken.name) || QFileInfo::exists(path)) {
        showProblem(
            tr("Cannot bring the preset back"),
            tr("A preset named \"%1\" or its file %2 is there again.").arg(taken.name, QDir::toNativeSeparators(path)));
        // The steps before name the preset: they go with it.
        QTimer::singleShot(0, m_undo, &QUndoStack::clear);
        return false;
    }
    QSaveFile out(path);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()) || !out.open(QIODevice::WriteOnly) ||
        out.write(taken.bytes) != taken.bytes.size() || !out.commit()) {
        showProblem(tr("Cannot bring the preset back"),
                    tr("%1 cannot be written: %2").arg(QDir::toNativeSeparators(path), out.errorString()));
        QTimer::singleShot(0, m_undo, &QUndoStack::clear);
        return false;
    }
    const QString keep = taken.wasDefault ? taken.name : defaultPreset();
    m_presetModel->reload();
    m_presetPanel->setDefaultPreset(keep);
    QList<quint64> still;
    for (const quint64 uid : taken.users)
        if (m_queue->item(uid))
            still << uid;
    if (!still.isEmpty()) // an empty list means every image
        m_queue->assignPreset(still, taken.name);
    m_presetPanel->selectPreset(taken.name);
    return true;
}

} // namespace pp::gui
