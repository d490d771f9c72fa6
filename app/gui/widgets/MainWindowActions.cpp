// MainWindow: actions, menus, toolbar, and what each action does.
#include "MainWindow.h"

#include "BatchBanner.h"
#include "FolderDialog.h"
#include "Icons.h"
#include "InputScanner.h"
#include "MenuBarEscape.h"
#include "OperationCatalog.h"
#include "PresetEditor.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "PreviewController.h"
#include "PreviewPane.h"
#include "ProgressPanel.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "ThumbnailCache.h"
#include "FailureText.h"
#include "WorkerPool.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QPointer>
#include <QPushButton>
#include <QGridLayout>
#include <QInputDialog>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSet>
#include <QSettings>
#include <QSpacerItem>
#include <QThread>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <memory>
#include <functional>
#include <QUndoCommand>
#include <QFileInfo>
#include <QTimer>
#include <QSaveFile>
#include <QUrl>

namespace pp::gui {

namespace {
// Images taken out of the queue (Remove from queue, Clear queue) as one step: Ctrl+Z puts them
// back where they were, as they were (preset, state, result, what they were made with), and the
// preset steps before it still find them. Images of the running batch are not taken while it runs
// (the batch refers to them until it ends): the step holds them and takes them when the batch ends
// (takeHeld()), and Ctrl+Z before that keeps them in the queue. An image whose file is queued again
// since stays out for good (the new entry stays as it is): the step says so before Ctrl+Z, and one
// with nothing to put back is passed over.
class TakeFromQueueCommand : public QUndoCommand
{
public:
    struct Hooks {
        std::function<QList<quint64>()> busy; // the running batch's images
        // `uids` of the running batch leave the queue when it ends (`held`), or no longer (Ctrl+Z).
        std::function<void(const QList<quint64> &uids, bool held)> hold;
        std::function<QList<quint64>()> held; // every image held so far, by any step
        std::function<void(const QVector<QueueModel::TakenItem> &)> taken;
        std::function<void(const QList<quint64> &)> back; // put back by Ctrl+Z
        std::function<void()> changed;                    // the step has nothing to put back any more
    };
    TakeFromQueueCommand(QueueModel *queue, const QList<quint64> &uids, bool wholeQueue, Hooks hooks)
        : m_queue(queue), m_uids(uids), m_wholeQueue(wholeQueue), m_hooks(std::move(hooks))
    {
        // Files added since may be ones this step holds: it says so, or steps aside.
        const auto added = [this] { queueGrew(); };
        m_watch[0] = QObject::connect(queue, &QAbstractItemModel::rowsInserted, added);
        m_watch[1] = QObject::connect(queue, &QAbstractItemModel::modelReset, added);
    }
    ~TakeFromQueueCommand() override
    {
        for (const QMetaObject::Connection &c : m_watch)
            QObject::disconnect(c);
    }
    void redo() override
    {
        QList<quint64> uids = m_uids;
        const QList<quint64> running = m_hooks.busy();
        const QSet<quint64> busy(running.cbegin(), running.cend());
        const QList<quint64> already = m_hooks.held();
        const QSet<quint64> held(already.cbegin(), already.cend());
        m_held.clear();
        uids.removeIf([&](quint64 uid) {
            if (!busy.contains(uid))
                return false;
            if (!held.contains(uid)) // an earlier step holds it already: that one takes it
                m_held << uid;
            return true;
        });
        m_taken = m_queue->takeUids(uids);
        m_uids.clear();
        m_hooks.taken(m_taken);
        if (!m_held.isEmpty())
            m_hooks.hold(m_held, true);
        describe();
        if (m_taken.isEmpty() && m_held.isEmpty())
            setObsolete(true);
    }
    void undo() override
    {
        // Still held (the batch runs): they stay in the queue, and a redo holds them again.
        if (!m_held.isEmpty())
            m_hooks.hold(m_held, false);
        // The last taken first, each where it was when it was taken. Emptied first: the rows coming
        // back are not files queued again (queueGrew).
        QList<quint64> back = m_queue->restore(std::exchange(m_takenAtEnd, {}));
        back = m_queue->restore(std::exchange(m_taken, {})) + back;
        m_uids = back + std::exchange(m_held, {});
        if (m_uids.isEmpty())
            setObsolete(true);
        m_hooks.back(back);
    }
    // The batch ended: the images this step held leave the queue now, as part of it (Ctrl+Z puts
    // them back with the rest). Returns how many.
    int takeHeld()
    {
        if (m_held.isEmpty())
            return 0;
        m_takenAtEnd = m_queue->takeUids(std::exchange(m_held, {}));
        m_hooks.taken(m_takenAtEnd);
        describe();
        if (m_taken.isEmpty() && m_takenAtEnd.isEmpty())
            setObsolete(true);
        return int(m_takenAtEnd.size());
    }

private:
    void queueGrew()
    {
        if ((m_taken.isEmpty() && m_takenAtEnd.isEmpty()) || isObsolete())
            return;
        const int before = m_restorable;
        describe();
        if (m_restorable == before)
            return;
        if (m_restorable == 0 && m_held.isEmpty()) {
            // Nothing to put back: the preset steps forget these images, and Ctrl+Z passes over this one.
            setObsolete(true);
            m_queue->forgetTaken();
        }
        m_hooks.changed();
    }
    void describe()
    {
        const QVector<QueueModel::TakenItem> all = m_taken + m_takenAtEnd;
        const int n = int(all.size() + m_held.size());
        m_restorable = int(std::count_if(
            all.cbegin(), all.cend(), [this](const QueueModel::TakenItem &t) { return m_queue->canRestore(t.item); }));
        const QueueItem *held = m_held.size() == 1 ? m_queue->item(m_held.first()) : nullptr;
        const QString one = all.size() == 1 ? all.first().item.name : held ? held->name : QString();
        QString text = m_wholeQueue               ? MainWindow::tr("clearing the queue of %1").arg(imageCount(n))
                       : n == 1 && !one.isEmpty() ? MainWindow::tr("removing %1 from the queue").arg(one)
                                                  : MainWindow::tr("removing %1 from the queue").arg(imageCount(n));
        const int again = int(all.size()) - m_restorable;
        if (again > 0 && m_restorable > 0)
            text += again == 1 ? MainWindow::tr(" (1 of them is in the queue again and stays as it is there)")
                               : MainWindow::tr(" (%Ln of them are in the queue again and stay as they are there)",
                                                nullptr, again);
        setText(text);
    }

    QueueModel *m_queue;
    QList<quint64> m_uids;                       // undone: what a redo takes
    QVector<QueueModel::TakenItem> m_taken;      // done: what an undo puts back
    QList<quint64> m_held;                       // done, while the batch runs: what it takes when the batch ends
    QVector<QueueModel::TakenItem> m_takenAtEnd; // done: what the batch's end took (takeHeld)
    int m_restorable = 0;
    bool m_wholeQueue;
    Hooks m_hooks;
    QMetaObject::Connection m_watch[2];
};
} // namespace

namespace {
// Calls `then` after each resize of the widget it watches, from the event loop: the path the
// output folder's button shows is cut to the room the toolbar has once it has its new width.
class AfterResize : public QObject
{
public:
    AfterResize(QObject *parent, std::function<void()> then) : QObject(parent), m_then(std::move(then)) {}

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Resize)
            QTimer::singleShot(0, this, m_then);
        return false;
    }

private:
    std::function<void()> m_then;
};
} // namespace

void MainWindow::createActions()
{
    auto make = [this](const char *iconName, const QString &text, const QKeySequence &key = {}) {
        auto *a = new QAction(iconName ? icon(iconName) : QIcon(), text, this);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a); // shortcuts work even with the menu bar hidden
        return a;
    };
    m_actAddFiles = make("add-files", tr("Add &files…"), QKeySequence::Open);
    m_actAddFolder = make("add-folder", tr("Add fol&der…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_actPaste = make(nullptr, tr("&Paste image"), QKeySequence::Paste);
    m_actRemove = make("remove", tr("&Remove from queue"), QKeySequence::Delete);
    m_actClear = make("clear", tr("C&lear queue"));
    m_actStart = make("start", tr("&Start"));
    m_actStart->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_actStart->setToolTip(tr("Process the queue (Ctrl+Return)"));
    m_actPause = make("pause", tr("&Pause"), QKeySequence(Qt::CTRL | Qt::Key_P));
    m_actPause->setCheckable(true);
    m_actCancel = make("cancel", tr("&Cancel"), QKeySequence(Qt::Key_Escape));
    m_actCancel->setToolTip(tr("Stop the batch (Esc); no partial files are left"));
    m_actRetry = make("retry", tr("Retry &failed"));
    m_actRetry->setObjectName("retryAction");
    m_actOpenOutput = make("open-folder", tr("&Open output folder"));
    m_actOutputFolder = make("open-folder", tr("Ou&tput folder…"));
    m_actWorkers = make(nullptr, tr("&Workers…"));
    m_actQuit = make(nullptr, tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_actQuit->setMenuRole(QAction::QuitRole);
    m_actNewPreset = make("new-preset", tr("&New preset…"), QKeySequence::New);
    m_actEditPreset = make("edit", tr("&Edit preset…"), QKeySequence(Qt::CTRL | Qt::Key_E));
    m_actImportPreset = make("import", tr("&Import preset…"), QKeySequence(Qt::CTRL | Qt::Key_I));
    m_actExportPreset = make("export", tr("E&xport preset…"));
    m_actAssign =
        make("preset", tr("&Give the selected images the selected preset card"), QKeySequence(Qt::CTRL | Qt::Key_T));
    m_actUnassign = make(nullptr, tr("Use the default preset for the &selected images"));
    m_actRequeue = make(nullptr, tr("Process &done images again"));
    m_actAbout = make(nullptr, tr("&About PixelPool"));

    connect(m_actAddFiles, &QAction::triggered, this, &MainWindow::addFilesDialog);
    connect(m_actAddFolder, &QAction::triggered, this, &MainWindow::addFolderDialog);
    connect(m_actPaste, &QAction::triggered, this, &MainWindow::pasteImage);
    connect(m_actRemove, &QAction::triggered, this, &MainWindow::removeSelected);
    connect(m_actClear, &QAction::triggered, this, &MainWindow::removeSelected); // every image: see there
    connect(m_actStart, &QAction::triggered, this, [this] { startBatch(); });
    connect(m_actPause, &QAction::triggered, this, [this](bool on) { setPaused(on); });
    connect(m_actCancel, &QAction::triggered, this, &MainWindow::cancelBatch);
    connect(m_actRetry, &QAction::triggered, this, [this] { retryFailed({}); });
    connect(m_actOpenOutput, &QAction::triggered, this, [this] { openOutputFolder(m_outputFolder); });
    connect(m_actOutputFolder, &QAction::triggered, this, &MainWindow::chooseOutputFolder);
    connect(m_actWorkers, &QAction::triggered, this, &MainWindow::chooseWorkers);
    connect(m_actQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_actNewPreset, &QAction::triggered, this, [this] { openPresetEditor({}); });
    // Edit and Export act on the selected card; with none selected, on the default.
    auto cardOrDefault = [this] {
        const QString card = m_presetPanel->selectedPreset();
        return card.isEmpty() ? defaultPreset() : card;
    };
    connect(m_actEditPreset, &QAction::triggered, this, [this, cardOrDefault] { openPresetEditor(cardOrDefault()); });
    connect(m_actImportPreset, &QAction::triggered, this, &MainWindow::importPresetDialog);
    connect(m_actExportPreset, &QAction::triggered, this,
            [this, cardOrDefault] { exportPresetDialog(cardOrDefault()); });
    connect(m_actAssign, &QAction::triggered, this,
            [this] { assignPresetTo(m_queueView->selectedUids(), m_presetPanel->selectedPreset()); });
    connect(m_actUnassign, &QAction::triggered, this,
            [this] { assignPresetTo(m_queueView->selectedUids(), QString()); });
    connect(m_actRequeue, &QAction::triggered, this, &MainWindow::processDoneAgain);
    connect(m_actAbout, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About PixelPool"),
                           tr("<b>PixelPool %1</b><p>Batch image processing in a pool of worker "
                              "processes. The window and <tt>pixelpool --batch</tt> share one engine.</p>")
                               .arg(QStringLiteral(PIXELPOOL_GUI_VERSION)));
    });
}

void MainWindow::processDoneAgain()
{
    const QList<quint64> uids = m_queue->uidsInState(ItemState::Done);
    // What Start then does to the outputs they have, as their presets' "If the file exists" says:
    // with "add a number" a rerun wrote a copy of each beside the first, unsaid.
    int numbered = 0, replaced = 0, skipped = 0;
    for (quint64 uid : uids) {
        const QueueItem *it = m_queue->item(uid);
        const std::optional<Preset> preset = it ? lookupPreset(presetNameOf(*it)) : std::nullopt;
        if (!preset)
            continue; // Start says the preset is gone
        QSet<int> policies{int(preset->output.overwrite)};
        if (preset->hasOutputs()) {
            policies.clear();
            for (const PresetOutput &o : preset->outputs)
                policies.insert(int(o.output.overwrite));
        }
        numbered += policies.contains(int(OverwritePolicy::Rename));
        replaced += policies.contains(int(OverwritePolicy::Overwrite));
        skipped += policies.contains(int(OverwritePolicy::Skip));
    }
    m_queue->resetForRun(uids);
    const int n = int(uids.size());
    QStringList said{n == 1 ? tr("1 done image waits again.") : tr("%Ln done images wait again.", nullptr, n)};
    const bool one = (numbered > 0) + (replaced > 0) + (skipped > 0) == 1;
    if (numbered > 0)
        said << (one ? tr("Start keeps their earlier outputs and writes new ones beside them, with a number added "
                          "(\"photo (2).jpg\").")
                     : tr("%Ln of them: new outputs beside the earlier ones, with a number added.", nullptr, numbered));
    if (replaced > 0)
        said << (one ? tr("Start replaces their earlier outputs.")
                     : tr("%Ln of them: the earlier outputs are replaced.", nullptr, replaced));
    if (skipped > 0)
        said << (one ? tr("Start skips each whose earlier output is still there.")
                     : tr("%Ln of them: skipped while the earlier outputs are there.", nullptr, skipped));
    showMessage(said.join(' '));
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_actAddFiles, m_actAddFolder, m_actPaste});
    file->addSeparator();
    file->addActions({m_actOutputFolder, m_actOpenOutput});
    file->addSeparator();
    file->addAction(m_actQuit);
    QMenu *queue = m_queueMenu = menuBar()->addMenu(tr("&Queue"));
    queue->addActions({m_actRemove, m_actClear});
    queue->addSeparator();
    // Undo and redo go back through the images removed from the queue too, not only preset changes.
    m_actUndo->setText(tr("&Undo"));
    m_actRedo->setText(tr("R&edo"));
    queue->addActions({m_actAssign, m_actUnassign, m_actUndo, m_actRedo});
    queue->addSeparator();
    queue->addActions({m_actRequeue});
    QMenu *batch = m_batchMenu = menuBar()->addMenu(tr("&Batch"));
    batch->addActions({m_actStart, m_actPause, m_actCancel});
    batch->addSeparator();
    batch->addActions({m_actRetry, m_actOpenOutput});
    batch->addSeparator();
    batch->addAction(m_actWorkers);
    QMenu *presets = menuBar()->addMenu(tr("&Presets"));
    presets->addActions({m_actNewPreset, m_actEditPreset, m_actDuplicatePreset, m_actImportPreset, m_actExportPreset});
    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    createHelpMenu();
    new MenuBarEscape(menuBar()); // Esc that closes a menu gives the keys back at once

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName("mainToolBar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    // Start, Pause and Cancel live next to the progress bar (ProgressPanel), not here twice.
    bar->addActions({m_actAddFiles, m_actAddFolder, m_actRemove});
    // Tab stops, left to right after the panes (setTabOrderByPanes): Qt makes a toolbar's buttons
    // none, and a keyboard user reached only the output folder's button beside them (the keyboard QA
    // pass). Tab alone, not a click: a click leaves the keys where they were, in the queue.
    for (QAction *a : bar->actions())
        if (QWidget *b = bar->widgetForAction(a))
            b->setFocusPolicy(Qt::TabFocus);
    bar->addSeparator();
    m_outputButton = new QToolButton(bar);
    m_outputButton->setIcon(icon("open-folder"));
    m_outputButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_outputButton->setObjectName("outputFolderButton");
    connect(m_outputButton, &QToolButton::clicked, this, &MainWindow::chooseOutputFolder);
    bar->addWidget(m_outputButton);
    bar->installEventFilter(new AfterResize(bar, [this] { showOutputFolderInTheToolBar(); }));
}

void MainWindow::addFilesDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add images"), m_lastInputDir,
                                                            tr("Images (%1);;All files (*)").arg(imageNameFilter()));
    QVector<QByteArray> paths;
    for (const QString &f : files)
        paths << QFile::encodeName(f);
    addInputs(paths);
}

void MainWindow::addFolderDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a folder of images"), m_lastInputDir);
    if (!dir.isEmpty())
        addInputs({QFile::encodeName(dir)});
}

void MainWindow::chooseOutputFolder()
{
    if (const QString dir = askForFolder(this, tr("Output folder"), m_outputFolder); !dir.isEmpty())
        changeOutputFolder(dir);
}

void MainWindow::changeOutputFolder(const QString &dir)
{
    setOutputFolder(dir);
    showMessage(tr("Outputs go to %1 (unless a preset names its own folder).").arg(dir) +
                runningBatchNote(Outdated::Folder, [](const QueueItem &) { return true; }) +
                outdatedNote(Outdated::Folder));
}

void MainWindow::removeSelected()
{
    // Remove from queue takes the selected images, Clear queue every one; either is a step Ctrl+Z
    // undoes.
    const bool wholeQueue = sender() == m_actClear;
    const QList<quint64> uids = wholeQueue ? m_queue->uids() : m_queueView->selectedUids();
    // Images of the running batch leave the queue when it ends: the batch refers to them until then.
    // (Clear queue waits for the batch to end; a Remove of every image takes the others now.)
    int kept = 0;
    if (m_session && m_session->isRunning()) {
        const QList<quint64> running = m_session->uids();
        const QSet<quint64> busy(running.cbegin(), running.cend());
        kept = int(std::count_if(uids.cbegin(), uids.cend(), [&](quint64 u) { return busy.contains(u); }));
    }
    const int removed = int(uids.size()) - kept;
    if (!uids.isEmpty())
        takeFromQueue(uids, wholeQueue);
    // Counts in words that fit them, as in the preset editor: "1" has a text of its own, the rest
    // the translation's %n forms.
    QStringList text;
    if (wholeQueue && !kept)
        text << tr("Cleared the queue of %1; Ctrl+Z brings them back.").arg(imageCount(removed));
    else if (removed > 0)
        text << (removed == 1 ? tr("Removed 1 image from the queue; Ctrl+Z brings it back.")
                              : tr("Removed %1 from the queue; Ctrl+Z brings them back.").arg(imageCount(removed)));
    else if (!kept)
        text << (wholeQueue ? tr("The queue is empty.") : tr("Select the images to remove first."));
    if (kept)
        text << (kept == 1 ? tr("1 image of the running batch leaves the queue when the batch ends.")
                           : tr("%Ln images of the running batch leave the queue when it ends.", nullptr, kept));
    showMessage(text.join(QLatin1Char(' ')));
}

void MainWindow::takeFromQueue(const QList<quint64> &uids, bool wholeQueue)
{
    TakeFromQueueCommand::Hooks hooks;
    hooks.busy = [this] { return m_session && m_session->isRunning() ? m_session->uids() : QList<quint64>(); };
    hooks.hold = [this](const QList<quint64> &uids, bool held) {
        for (quint64 uid : uids)
            held ? void(m_heldUntilBatchEnd.insert(uid)) : void(m_heldUntilBatchEnd.remove(uid));
    };
    hooks.held = [this] { return m_heldUntilBatchEnd.values(); };
    hooks.taken = [this](const QVector<QueueModel::TakenItem> &taken) {
        for (const QueueModel::TakenItem &t : taken)
            m_thumbnails->forget(t.item.thumbnailKey());
    };
    hooks.back = [this](const QList<quint64> &back) {
        // The images put back are the selection, the first of them current, as after a drop.
        QItemSelection selection;
        for (quint64 uid : back) {
            const QModelIndex at = m_queue->index(m_queue->rowOf(uid));
            selection.select(at, at);
        }
        if (back.isEmpty())
            return;
        const QModelIndex first = m_queue->index(m_queue->rowOf(back.first()));
        m_queueView->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        m_queueView->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
        m_queueView->scrollTo(first);
    };
    hooks.changed = [this] { updateUndoActions(); };
    m_undo->push(new TakeFromQueueCommand(m_queue, uids, wholeQueue, std::move(hooks)));
}

int MainWindow::takeHeldFromQueue()
{
    if (m_heldUntilBatchEnd.isEmpty())
        return 0;
    int taken = 0;
    // The steps done (below the stack's index) hold them; an undone one holds none.
    for (int i = 0; i < m_undo->index(); ++i)
        if (auto *step = dynamic_cast<const TakeFromQueueCommand *>(m_undo->command(i)))
            taken += const_cast<TakeFromQueueCommand *>(step)->takeHeld();
    // Those of a step the stack let go since (the oldest past kUndoSteps; every step when a preset
    // was renamed) stayed in the queue, where the status bar had said they would leave: they leave
    // too, for good, as no step is left to bring them back.
    QList<quint64> letGo;
    for (const quint64 uid : std::as_const(m_heldUntilBatchEnd))
        if (const QueueItem *it = m_queue->item(uid)) {
            m_thumbnails->forget(it->thumbnailKey());
            letGo << uid;
        }
    m_queue->removeUids(letGo);
    taken += int(letGo.size());
    m_heldUntilBatchEnd.clear();
    updateUndoActions();
    return taken;
}

void MainWindow::pasteImage()
{
    const DropContents c = routeDrop(QApplication::clipboard()->mimeData(), DropOrigin::Paste);
    if (!c.isUsable())
        return showMessage(tr("Nothing pasted: %1.")
                               .arg(c.rejected.isEmpty() ? tr("the clipboard holds no image, file or folder")
                                                         : c.rejected.join("; ")));
    handleDrop(c, {});
}

void MainWindow::importPresetDialog()
{
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Import presets"), m_lastPresetDir, tr("PixelPool presets (*.json)"));
    importPresetFiles(files);
}

void MainWindow::importPresetFiles(const QStringList &files)
{
    QStringList imported, refused; // refused: each file with its reason, in the order chosen
    for (const QString &f : files) {
        m_lastPresetDir = QFileInfo(f).absolutePath();
        Message error;
        const std::optional<QString> name = m_library->importFile(f, &error);
        if (name) {
            imported << *name;
        } else {
            const QString why = FailureText::shown(error);
            refused << (why.contains(f) ? why : tr("%1: %2").arg(f, why));
        }
    }
    QString status;
    if (!imported.isEmpty()) {
        // Reloading the cards disables Export and Edit for a moment, which takes the focus from
        // them: to the next control, or, behind the file dialog, from the whole window (Tab and the
        // arrow keys did nothing). It goes back where it was, else to the imported card.
        const QPointer<QWidget> focused = focusWidget();
        const QString keep = defaultPreset();
        m_presetModel->reload();
        m_presetPanel->setDefaultPreset(keep);
        m_presetPanel->selectPreset(imported.last());
        if (focused && focused->isEnabled() && focused->isVisible())
            focused->setFocus(Qt::OtherFocusReason);
        else
            m_presetPanel->view()->setFocus(Qt::OtherFocusReason);
        const QString names = "\"" + imported.join("\", \"") + "\"";
        // "1" has a text of its own (English has no translation file for its plural forms).
        status = imported.size() == 1 ? tr("Imported preset %1.").arg(names)
                                      : tr("Imported %n presets: %1.", nullptr, int(imported.size())).arg(names);
    }
    if (refused.isEmpty()) {
        if (!status.isEmpty()) // nothing chosen: nothing to say
            showMessage(status);
        return;
    }
    // One message for all the files refused, not a box per file stacked over each other.
    const QString title =
        refused.size() == 1 ? tr("Cannot import preset") : tr("Cannot import %n presets", nullptr, int(refused.size()));
    if (!status.isEmpty())
        status += QLatin1Char(' ');
    status += refused.size() == 1
                  ? tr("Not imported: %1").arg(refused.first())
                  : tr("%n files not imported: %1", nullptr, int(refused.size())).arg(refused.join("; "));
    showMessage(status);
    if (!m_options.dialogs)
        return;
    const QString text =
        (refused.size() == 1 ? tr("This file is not a preset PixelPool can read:")
                             : tr("These %n files are not presets PixelPool can read:", nullptr, int(refused.size()))) +
        QStringLiteral("\n\n• ") + refused.join(QStringLiteral("\n• "));
    // Window-modal and asynchronous, as showProblem's: the event loop (and the batch) carries on.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName("importProblems");
    if (!imported.isEmpty())
        box->setInformativeText(tr("Imported: %1.").arg("\"" + imported.join("\", \"") + "\""));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::exportPresetDialog(const QString &name)
{
    const std::optional<Preset> preset = lookupPreset(name);
    if (!preset)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export preset"), m_lastPresetDir + "/" + name + ".json",
                                                      tr("PixelPool presets (*.json)"));
    if (path.isEmpty())
        return;
    Message error;
    if (preset->save(path, &error))
        showMessage(tr("Exported \"%1\" to %2.").arg(name, path));
    else
        showProblem(tr("Cannot export preset"), FailureText::shown(error));
}

namespace {
// Deleting a user preset, undone in this session by writing its file back (step(true)) and redone
// by deleting it again (step(false)). A step that fails leaves the stack (QUndoStack drops an
// obsolete command).
class DeletePresetCommand : public QUndoCommand
{
public:
    DeletePresetCommand(const QString &text, std::function<bool(bool undo)> step)
        : QUndoCommand(text), m_step(std::move(step))
    {
    }
    void redo() override { setObsolete(!m_step(false)); }
    void undo() override { setObsolete(!m_step(true)); }

private:
    std::function<bool(bool undo)> m_step;
};
} // namespace

void MainWindow::deletePreset(const QString &name)
{
    const PresetEntry *entry = m_library->find(name);
    if (!entry || entry->builtin)
        return showProblem(tr("Cannot delete preset"), tr("\"%1\" is not one of your presets.").arg(name));
    const bool wasDefault = defaultPreset().compare(name, Qt::CaseInsensitive) == 0;
    if (m_options.dialogs) {
        QStringList info{tr("Its file is deleted from your presets folder; Queue ▸ Undo (Ctrl+Z) "
                            "brings it back until you quit PixelPool.")};
        if (wasDefault) {
            // What PresetPanel::setDefaultPreset({}) falls back to: "web", else the first card.
            const QString next = m_library->find(QStringLiteral("web")) ? QStringLiteral("web") : QString();
            info << (next.isEmpty() ? tr("It is the default preset; the first card becomes the default.")
                                    : tr("It is the default preset; \"%1\" becomes the default.").arg(next));
        }
        int using_ = 0;
        for (int row = 0; row < m_queue->rowCount(); ++row)
            using_ += m_queue->itemAt(row).preset.compare(name, Qt::CaseInsensitive) == 0;
        if (using_)
            info << (using_ == 1 ? tr("1 queued image that uses it gets the default preset.")
                                 : tr("%Ln queued images that use it get the default preset.", nullptr, using_));
        QMessageBox box(QMessageBox::Question, tr("Delete preset"), tr("Delete your preset \"%1\"?").arg(name),
                        QMessageBox::Cancel, this);
        box.setObjectName("deletePresetQuestion");
        box.setInformativeText(info.join(QLatin1Char(' ')));
        // Buttons named by what they do, as the editor's question about unsaved changes has them:
        // "Yes" and "No" had to be read against the question. Cancel, which loses nothing, is the
        // default.
        QPushButton *remove = box.addButton(tr("&Delete"), QMessageBox::DestructiveRole);
        box.button(QMessageBox::Cancel)->setText(tr("&Cancel"));
        box.setDefaultButton(QMessageBox::Cancel);
        box.setEscapeButton(QMessageBox::Cancel);
        // QMessageBox wraps its text at a width that leaves the window manager no room for the
        // title ("Delete pre… PixelPool"): a spacer across its grid widens it.
        if (auto *grid = qobject_cast<QGridLayout *>(box.layout())) {
            const QFontMetrics fm(box.font());
            const int width =
                std::max(fm.horizontalAdvance(box.windowTitle() + " — PixelPool") + 160, fm.averageCharWidth() * 56);
            grid->addItem(new QSpacerItem(width, 0, QSizePolicy::Minimum, QSizePolicy::Fixed), grid->rowCount(), 0, 1,
                          grid->columnCount());
        }
        box.exec();
        if (box.clickedButton() != remove)
            return;
    }
    // Taken away by the first redo, written back by an undo as it was then (bringPresetBack).
    auto taken = std::make_shared<TakenPreset>();
    auto first = std::make_shared<bool>(true);
    auto step = [this, name, taken, first](bool undo) {
        if (undo)
            return bringPresetBack(*taken);
        if (!takePresetAway(name, tr("Cannot delete preset"), taken.get())) {
            if (!*first) // the steps before name the preset
                QTimer::singleShot(0, m_undo, &QUndoStack::clear);
            return false;
        }
        *first = false;
        return true;
    };
    m_undo->push(new DeletePresetCommand(tr("deleting the preset \"%1\"").arg(name), step));
    if (m_library->find(name))
        return; // not deleted: showProblem said why
    updatePreview();
    // Its images, and the default's when it was the default.
    const QList<quint64> &users = taken->users;
    const QString running = runningBatchNote(Outdated::Preset, [&](const QueueItem &it) {
        return users.contains(it.uid) || (wasDefault && it.preset.isEmpty());
    });
    if (!wasDefault && users.isEmpty())
        return showMessage(tr("Deleted preset \"%1\". Ctrl+Z undoes.").arg(name) + running);
    if (!wasDefault)
        return showMessage(
            tr("Deleted preset \"%1\"; its images use the default preset now. Ctrl+Z undoes.").arg(name) + running);
    showMessage(tr("Deleted preset \"%1\", the default; the default is \"%2\" now, for its images too. Ctrl+Z undoes.")
                    .arg(name, defaultPreset()) +
                running);
}

void MainWindow::presetSaved(const QString &name, const QString &renamedFrom)
{
    m_presetPanel->selectPreset(name);
    // The running batch goes on with the preset as it started (its images not yet begun too):
    // said, where the note alone read as if the new settings were being used.
    const std::optional<Preset> saved = lookupPreset(name);
    const QString running =
        saved && m_session && m_session->runsOtherSettingsOf(*saved)
            ? " " + tr("The running batch goes on with the settings it started with; Start makes its images again "
                       "once it has ended.")
            : QString();
    if (renamedFrom.isEmpty())
        return showMessage(tr("Saved preset \"%1\".").arg(name) + running + outdatedNote());
    // The images and the default that had the preset keep it under its new name; the undo steps
    // name the old one, so they go (as when a preset is deleted).
    m_queue->renamePreset(renamedFrom, name);
    if (defaultPreset().compare(renamedFrom, Qt::CaseInsensitive) == 0)
        m_presetPanel->setDefaultPreset(name);
    m_undo->clear();
    showMessage(tr("Renamed preset \"%1\" to \"%2\"; its images have it under the new name.").arg(renamedFrom, name));
}

void MainWindow::openPresetEditor(const QString &name)
{
    // The editor is kept between uses: changes it holds are not replaced without asking.
    if (m_editor && m_editor->isVisible() && !m_editor->settleUnsavedChanges())
        return;
    Preset preset;
    auto opened = PresetEditor::Opened::FromLibrary;
    if (const std::optional<Preset> found = lookupPreset(name)) {
        preset = *found;
    } else {
        opened = PresetEditor::Opened::AsNew;
        // A name no preset has yet, so Save works as soon as the steps are right.
        preset.name = tr("my preset");
        for (int n = 2; m_library->find(preset.name); ++n)
            preset.name = tr("my preset %1").arg(n);
        QString error;
        preset.steps = {
            QJsonObject{{"op", "autoOrient"}},
            OperationCatalog::builtin().normalizeStep({{"op", "resize"}, {"width", 1600}, {"height", 1600}}, &error)};
        preset.steps[0] = OperationCatalog::builtin().normalizeStep(preset.steps[0], &error);
    }
    if (!m_editor) {
        m_editor = new PresetEditor(m_presetModel, this);
        m_editor->setWindowFlag(Qt::Window);
        m_editor->setAsksBeforeDiscarding(m_options.dialogs);
        connect(m_editor, &PresetEditor::draftChanged, m_editorPreview, &PreviewController::setPreset);
        PreviewPane *pane = m_editor->previewPane();
        connect(m_editorPreview, &PreviewController::beforeReady, pane, &PreviewPane::setBefore);
        connect(m_editorPreview, &PreviewController::afterReady, pane, &PreviewPane::setAfter);
        connect(m_editorPreview, &PreviewController::failed, pane, &PreviewPane::setError);
        connect(m_editorPreview, &PreviewController::busyChanged, pane, &PreviewPane::setBusy);
        connect(m_editorPreview, &PreviewController::regionReady, pane, &PreviewPane::setRegion);
        connect(pane, &PreviewPane::regionWanted, m_editorPreview, &PreviewController::setRegion);
        connect(m_editorPreview, &PreviewController::sourceUnreadable, this, &MainWindow::editorImageUnreadable);
        // Read after all (its file replaced since): no longer passed by.
        connect(m_editorPreview, &PreviewController::beforeReady, this,
                [this] { m_unpreviewable.remove(m_editorImage); });
        connect(m_editor, &PresetEditor::saved, this, &MainWindow::presetSaved);
    }
    m_editor->setPreset(preset, opened);
    // What the last preset made is not what this one makes: before, it stayed in view, dimmed
    // under "After · updating…", for seconds while a batch ran (the window QA pass).
    m_editor->previewPane()->forgetAfter();
    // The queue's current image, else the first; one a batch or the editor's preview found unreadable
    // (a damaged JPEG) gives way to the next that is not, going round: the editor showed that image's
    // failure alone, and has no choice of image of its own. A card chosen in the queue is previewed
    // as it is.
    const QModelIndex cur = m_queueView->currentIndex();
    const int start = cur.isValid() ? cur.row() : 0;
    m_editorCard = cur.isValid() ? m_queue->itemAt(start).uid : 0;
    m_editorPassed.clear();
    const int row = editorImageFrom(start, &m_editorPassed);
    if (row < 0) // none it can read: the current one says why
        m_editorPassed.clear();
    previewInEditor(row < 0 && m_queue->rowCount() ? start : row, EditorImage::Chosen);
    m_editor->show();
    m_editor->raise();
    m_editor->activateWindow();
}

void MainWindow::chooseWorkers()
{
    bool ok = false;
    const int n = QInputDialog::getInt(
        this, tr("Workers"),
        tr("Worker processes (0: one per processor core, here %1):").arg(QThread::idealThreadCount()), m_workersWanted,
        0, 256, 1, &ok);
    if (!ok || n == m_workersWanted)
        return;
    if (m_session && m_session->isRunning())
        return showMessage(tr("The worker count can change when the batch has ended."));
    m_workersWanted = n;
    createPool(n);
    m_settings->setValue("workers", n);
    const int count = m_pool->workerCount();
    showMessage(count == 1 ? tr("Now using 1 worker process.") : tr("Now using %Ln worker processes.", nullptr, count));
}

// The line beside Start when no batch runs: what to do next. The counts of the last batch are
// the banner's; saying them here too only repeated them, cut short.
void MainWindow::updateIdleText()
{
    if (m_session && m_session->isRunning())
        return;
    // Images no batch has taken yet, added while the last one ran or left out of a Start of a few:
    // the banner said "Batch finished" over 7 images dropped during it, and nothing that they wait.
    const int waiting = waitingCount(); // one pass over the rows for both texts
    m_banner->setWaitingText(waitingText(waiting));
    const int total = m_queue->rowCount();
    QString text;
    if (total == 0)
        text = m_progress->emptyQueueText();
    else if (!m_banner->isHidden())
        text.clear(); // the banner has the summary and what to do next
    else if (const int failed = m_queue->countInState(ItemState::Failed); waiting > 0 && failed > 0)
        text = tr("%1 waiting · %2 failed").arg(imageCount(waiting), QLocale().toString(failed));
    else if (waiting > 0)
        text = tr("%1 waiting").arg(imageCount(waiting));
    else if (failed > 0) // not waiting: Start leaves them (QueueModel::waitsForStart)
        text = failedText(failed);
    else
        text = everyImageDoneText();
    m_progress->setIdleText(text);
}

int MainWindow::waitingCount() const
{
    // Every image Start takes (QueueModel::waitsForStart): those not done (not taken by a batch yet,
    // cancelled), and the done ones to be made again (output deleted since, preset or folder
    // changed). The banner counted only those no batch had taken: "53 images are waiting", and Start
    // made 56; none after a cancel of 205, which Start then made (the window QA pass). A failed one
    // is counted failed, not waiting: it said "1 image is waiting" of a damaged JPEG the banner
    // counted failed beside Retry failed (the keyboard QA pass).
    const int done = m_queue->countInState(ItemState::Done);
    int n = m_queue->rowCount() - done - m_queue->countInState(ItemState::Failed);
    for (int row = 0; done > 0 && row < m_queue->rowCount(); ++row)
        n += m_queue->isOutdated(m_queue->itemAt(row));
    return n;
}

QString MainWindow::waitingText(int queued) const
{
    if (queued == 0)
        return {};
    return queued == 1 ? tr("1 image is waiting: Start (Ctrl+Return) processes it.")
                       : tr("%1 are waiting: Start (Ctrl+Return) processes them.").arg(imageCount(queued));
}

bool MainWindow::openUrl(const QUrl &url) const
{
    return m_options.openUrl ? m_options.openUrl(url) : QDesktopServices::openUrl(url);
}

void MainWindow::openOutputFolder(const QString &dir)
{
    QDir().mkpath(dir);
    if (!openUrl(QUrl::fromLocalFile(dir)))
        showMessage(tr("Cannot open %1 in the file manager.").arg(dir));
}

void MainWindow::openResult(quint64 uid)
{
    const QueueItem *it = m_queue->item(uid);
    if (!it || it->output.isEmpty())
        return;
    const QString path = QFile::decodeName(it->output);
    if (!openUrl(QUrl::fromLocalFile(path)))
        showMessage(tr("No program to open %1 with.").arg(path));
    else
        showMessage(tr("Opened %1.").arg(path));
}

void MainWindow::showQueueMenu(const QPoint &pos)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_actRemove);
    QMenu *assign = menu->addMenu(icon("preset"), tr("&Give the selected images the preset"));
    for (int row = 0; row < m_presetModel->rowCount(); ++row) {
        const QString name = m_presetModel->index(row).data(PresetLibraryModel::NameRole).toString();
        // Text after a tab is shown as the shortcut; Ctrl+N itself is a window action.
        const QString label = row < 9 ? QStringLiteral("%1\tCtrl+%2").arg(name).arg(row + 1) : name;
        assign->addAction(label, this, [this, name] { assignPresetTo(m_queueView->selectedUids(), name); });
    }
    assign->setEnabled(m_queueView->selectionModel()->hasSelection());
    menu->addAction(m_actUnassign);
    menu->addAction(m_actUndo);
    const QModelIndex at = m_queueView->indexAt(pos);
    const QByteArray output = at.data(QueueModel::OutputRole).toByteArray();
    if (!output.isEmpty()) {
        const quint64 uid = at.data(QueueModel::UidRole).toULongLong();
        menu->addAction(tr("&Open the result"), this, [this, uid] { openResult(uid); });
        const QString dir = QFileInfo(QFile::decodeName(output)).absolutePath();
        menu->addAction(icon("open-folder"), tr("S&how the output in its folder"), this,
                        [this, dir] { openOutputFolder(dir); });
    }
    menu->addSeparator();
    menu->addActions({m_actRetry, m_actRequeue});
    menu->popup(m_queueView->viewport()->mapToGlobal(pos));
}

void MainWindow::retryFailed(const QList<quint64> &uids)
{
    QList<quint64> todo = uids;
    if (todo.isEmpty())
        todo = m_queue->uidsInState(ItemState::Failed) + m_queue->uidsInState(ItemState::Cancelled);
    if (!todo.isEmpty())
        startBatch(todo);
}

} // namespace pp::gui
