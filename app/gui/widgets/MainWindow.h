// The main window: queue (centre), preset library (left), before/after preview (right), progress
// strip, and skipped inputs / engine log (bottom). It owns the WorkerPool that every batch and
// preview uses: the same engine as --batch, in worker processes, never on this thread.
// Everything it needs from outside comes in GuiOptions, so tests build it with a temporary
// settings file, preset folder and the freshly built worker.
#pragma once

#include "BatchSession.h"
#include "DropRouter.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <functional>
#include <memory>

class QLabel;
class QListWidget;
class QMenu;
class QSettings;
class QTabWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;
class QUndoStack;
class QMessageBox;
class QPlainTextEdit;
class QUrl;

namespace pp {
class PresetLibrary;
class WorkerPool;
} // namespace pp

namespace pp::gui {

class BatchBanner;
class DesktopNotifier;
class PresetEditor;
class StatusMessage;
struct ScanBatch;
struct QueueItem;
class PresetLibraryModel;
class PresetPanel;
class PreviewController;
class PreviewPane;
class ProgressPanel;
class QueueModel;
class QueueView;
class ScanController;
class ThumbnailCache;

struct GuiOptions {
    QSettings *settings = nullptr; // required; outlives the window
    QString userPresetDir;         // empty: PresetLibrary::defaultUserDir()
    QString workerExecutable;      // empty: pixelpool-worker next to the application
    quint32 workerTestFlags = 0;   // tests only: see TestFlag (a release worker ignores them)
    int workers = -1;              // -1: from the settings (0 there: one per core)
    bool dialogs = true;           // false (tests): problems go to the status bar only
    // Keep the window inside its screen's available area when it is shown. Off for tests and
    // screenshots that size the window themselves on the offscreen platform's 800×600 screen.
    bool fitToScreen = true;
    // Opens a result or a folder in the desktop's program for it; empty: QDesktopServices. Tests
    // record the address instead of starting a viewer.
    std::function<bool(const QUrl &)> openUrl;
    // The folder the Help menu's documents are found from (HelpDocuments.h); empty: the running
    // executable's. Tests give a folder of their own.
    QString executableDir;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const GuiOptions &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // For tests and the screenshot mode: the real parts, not stand-ins.
    QueueModel *queueModel() const { return m_queue; }
    QueueView *queueView() const { return m_queueView; }
    PresetLibraryModel *presetModel() const { return m_presetModel; }
    PresetPanel *presetPanel() const { return m_presetPanel; }
    PreviewPane *previewPane() const { return m_previewPane; }
    ProgressPanel *progressPanel() const { return m_progress; }
    ScanController *scanner() const { return m_scanner; }
    ThumbnailCache *thumbnails() const { return m_thumbnails; }
    BatchSession *session() const { return m_session; }
    JobRunner *pool() const;
    PresetEditor *presetEditor() const;
    BatchBanner *batchBanner() const { return m_banner; }
    // The steps Ctrl+Z goes back through, the oldest let go first. A step can hold what it took
    // out of the queue (a cleared queue of thousands of images with their results, a pasted
    // image's bytes), and a session of queue edits grew the stack for as long as the window was
    // open. 100 is far more than anyone walks back one Ctrl+Z at a time, and bounds what is held.
    static constexpr int kUndoSteps = 100;
    QUndoStack *undoStack() const { return m_undo; }
    QTreeWidget *skippedList() const { return m_skipped; }
    // The skipped list's "Add Anyway": the selected links to files outside their folder, queued as
    // if dropped one by one (a link named by itself is followed).
    QAction *addLinkedAction() const { return m_actAddLinked; }
    QString lastMessage() const { return m_lastMessage; }
    StatusMessage *statusMessage() const { return m_statusMessage; } // the message the status bar shows now
    QString outputFolder() const { return m_outputFolder; }
    void setOutputFolder(const QString &dir);
    void changeOutputFolder(const QString &dir); // the person chose it: set, and said
    QString defaultPreset() const;
    QString presetNameOf(const QueueItem &it) const; // its card's, or the default

    void addInputs(const QVector<QByteArray> &paths);
    void handleDrop(const pp::gui::DropContents &contents, const QList<quint64> &targets);
    // Gives `uids` the preset `name` (empty: back to the default) as one undoable step.
    void assignPresetTo(const QList<quint64> &uids, const QString &name);
    // Starts the items not done yet (or exactly `uids`). Returns false with a message shown.
    bool startBatch(const QList<quint64> &uids = {});
    void cancelBatch();
    void setPaused(bool paused);
    void openPresetEditor(const QString &name); // empty: a new preset

signals:
    void message(const QString &text); // everything shown in the status bar
    void scanFinished();
    void batchFinished(const pp::gui::SessionSummary &summary);
    void desktopNotified(bool sent); // the batch ended while the window was in the background

protected:
    void closeEvent(QCloseEvent *e) override;
    void showEvent(QShowEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;
    void moveEvent(QMoveEvent *e) override;
    bool event(QEvent *e) override;
    void dragEnterEvent(QDragEnterEvent *e) override;
    void dropEvent(QDropEvent *e) override;

private:
    // MainWindow.cpp: building, state, batches; MainWindowInputs.cpp: drops, scans, skipped list;
    // MainWindowPresets.cpp: assigning presets, undo, Ctrl+1…9; MainWindowFit.cpp: the screen, the preview's share of
    // it.
    void buildUi();
    void setTabOrderByPanes(); // once every pane and the toolbar are made
    void createPool(int workers);
    void loadSettings();
    void saveSettings();
    void showMessage(const QString &text);
    QString everyImageDoneText() const; // what to do when there is nothing left to process
    // "2 images failed: Batch ▸ Retry failed tries them again."; `failed` is the queue's failed count.
    QString failedText(int failed) const;
    // Queue ▸ Process done images again: they wait again, and the status bar says what Start does
    // to their earlier outputs.
    void processDoneAgain();
    // Done items made with settings their preset no longer has (another preset given to them,
    // the default changed, the preset edited), or into another folder than their outputs go to
    // now (the output folder changed): Start makes them again.
    Outdated resultOutdated(const QueueItem &it) const;
    int outdatedCount(Outdated why) const;
    QString outdatedNote(Outdated why = Outdated::Preset) const; // " N done images … Start makes them again." or ""
    // A change made while a batch runs reaches none of its images, not even those not begun:
    // " The running batch goes on with …", when some of `uids` (those of `affects`) are still to
    // be made by it, or "".
    QString runningBatchNote(Outdated why, const std::function<bool(const QueueItem &)> &affects) const;
    void showProblem(const QString &title, const QString &text);
    // The pool gave up: no worker can start. Said in the status bar each time, in one box per episode
    // (the box still open is updated; before, one box opened per failed request: 40 for a batch of 40).
    void workersCannotRun(const Message &why);
    void workersRunAgain(); // a job started after workersCannotRun()
    void updateActions();
    void updateIdleText();
    // What Start takes (QueueModel::waitsForStart): every image not done and not failed, and the done
    // ones to be made again.
    int waitingCount() const;
    // "7 images are waiting: Start …", or empty; `waiting` is waitingCount()
    QString waitingText(int waiting) const;
    void updatePreview();
    // The editor's preview on the queue's `row` (-1: none), named in its title. `chosen`: the editor
    // chose it itself (editorImageFrom), and the pane's note says which images it passed by and why;
    // else it is a card chosen in the queue, shown as it is (MainWindowEditorPreview.cpp).
    enum class EditorImage { Chosen, CardChosen };
    void previewInEditor(int row, EditorImage how);
    // The first image from `row` on, going round, that neither a batch nor the editor's preview found
    // unreadable; -1 when there is none. Adds to `passed` what the preview found of those it passes.
    int editorImageFrom(int row, QStringList *passed) const;
    // The editor's preview cannot read the image it chose itself: it goes on to the next it can.
    void editorImageUnreadable(const QString &reason);
    // After images left the queue: the preview of none, and the last batch's summary and bar once
    // none of its images is left (kept aside: m_removedSession).
    void forgetRemovedBatch();
    // After images came back (Ctrl+Z of a Clear): the summary and bar of the batch they were in, as
    // they were before it, unless a batch has started since.
    void bringBackRemovedBatch();
    void onScanFinished(const ScanBatch &batch);
    void addSkipped(const QVector<SkippedInput> &skipped);
    // Drops the skipped list's entries for files that are queued now (they are not left out), and
    // hides the pane when that empties it and it was opened for the list.
    void pruneSkipped();
    int leftOutThisRun() const;    // entries left out since the last batch ended and still listed
    int skippedDockHeight() const; // the skipped list's pane when it opens: its rows, up to five
    void updateSkippedTab();
    void addLinkedFiles(); // m_actAddLinked
    // The skipped list's entries an action takes: the selected ones, else the current one (ringed
    // by Tab, not selected).
    QList<QTreeWidgetItem *> chosenSkipped() const;
    void addMemoryImage(const QByteArray &bytes, const QString &name);
    void onBatchFinished(const SessionSummary &summary);
    void fitToScreen();
    // On a screen too small for the window's least height (1024×600 after a batch: the banner and
    // the skipped list), the queue's row of cards gives way, down to half a row, so that the
    // window does not grow past the screen's edge.
    void keepLeastHeightOnScreen();
    void showOutputFolderInTheToolBar(); // the button's path, cut to the room the toolbar has
    void openResult(quint64 uid);
    void createPresetActions();
    // Images left the queue: preset steps forget them, and a step left with none is passed over
    // by Ctrl+Z and Ctrl+Shift+Z (the actions are enabled only when a step would change something).
    void pruneUndo();
    void updateUndoActions();
    std::optional<Preset> lookupPreset(const QString &name) const;
    // A copy of the preset `name` among the user's presets ("NAME copy"), selected and opened in the
    // editor, as one undoable step.
    void duplicatePreset(const QString &name);
    // A user preset taken away by an undo step (deleting it, undoing its copy) and what puts it back:
    // its file's bytes, the images that had it, whether it was the default.
    struct TakenPreset {
        QString name, path;
        QByteArray bytes;
        QList<quint64> users;
        bool wasDefault = false;
    };
    // Removes the user preset `name` (its images and, when it was the default, the default fall back:
    // "web", else the first card) and fills `taken`; false when it cannot, said under `title`.
    bool takePresetAway(const QString &name, const QString &title, TakenPreset *taken);
    // Writes `taken` back and gives it its images and the default again; false when its name or its file is
    // taken again or it cannot be written (said; the undo steps, which name it, go).
    bool bringPresetBack(const TakenPreset &taken);
    // MainWindowActions.cpp: menus, toolbar and what the actions do.
    void createActions();
    void createMenus();
    void addFilesDialog();
    void addFolderDialog();
    void chooseOutputFolder();
    void removeSelected();
    // One undoable step taking `uids` out of the queue; those of the running batch when it ends.
    void takeFromQueue(const QList<quint64> &uids, bool wholeQueue);
    int takeHeldFromQueue(); // the batch ended: the images removed while it ran leave; how many did
    void pasteImage();
    void importPresetDialog();
    void importPresetFiles(const QStringList &files);
    void exportPresetDialog(const QString &name);
    void deletePreset(const QString &name);
    void presetSaved(const QString &name, const QString &renamedFrom); // from the editor
    void chooseWorkers();
    void openOutputFolder(const QString &dir);
    bool openUrl(const QUrl &url) const;
    void showQueueMenu(const QPoint &pos);
    // MainWindowHelp.cpp: the Help menu, and its documents opened in the desktop's program for them.
    void createHelpMenu();
    void openHelpDocument(const QString &name, const QString &title);
    void retryFailed(const QList<quint64> &uids);

    GuiOptions m_options;
    QSettings *m_settings;
    std::unique_ptr<PresetLibrary> m_library;
    struct PresetRun {
        QByteArray key; // presetSettingsKey(); empty: no such preset
        QString folder; // the preset's own output folder, or empty
    };
    mutable QHash<QString, PresetRun> m_presetRuns; // by lower-case name
    std::unique_ptr<WorkerPool> m_pool;
    int m_workersWanted = 0;
    QueueModel *m_queue = nullptr;
    PresetLibraryModel *m_presetModel = nullptr;
    ThumbnailCache *m_thumbnails = nullptr;
    ScanController *m_scanner = nullptr;
    PreviewController *m_preview = nullptr, *m_editorPreview = nullptr;
    QPointer<BatchSession> m_session;
    // The last batch, after every image of it left the queue: its summary comes back with them.
    QPointer<BatchSession> m_removedSession;
    bool m_removedSummaryShown = false; // its banner was shown (not closed) when its images left
    QueueView *m_queueView = nullptr;
    PresetPanel *m_presetPanel = nullptr;
    PreviewPane *m_previewPane = nullptr;
    ProgressPanel *m_progress = nullptr;
    QTabWidget *m_bottomTabs = nullptr;
    QTreeWidget *m_skipped = nullptr;
    QAction *m_actAddLinked = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QDockWidget *m_bottomDock = nullptr;
    QLabel *m_scanLabel = nullptr;
    StatusMessage *m_statusMessage = nullptr;
    QToolButton *m_scanCancel = nullptr, *m_outputButton = nullptr;
    QPointer<PresetEditor> m_editor;
    // The images the editor's preview could not read, each with why; forgotten when one is read.
    QHash<quint64, QString> m_unpreviewable;
    quint64 m_editorImage = 0; // the image the editor previews
    quint64 m_editorCard = 0;  // the queue's current card as the editor last followed it
    EditorImage m_editorImageWas = EditorImage::Chosen;
    QStringList m_editorPassed;         // what the editor's preview found of the images it passed by
    QPointer<QMessageBox> m_workersBox; // "Workers cannot run", while it is open
    // What workersCannotRun() said (the status bar, a batch's end); empty while workers run: from
    // then until a job starts.
    QString m_workersDownText;
    BatchBanner *m_banner = nullptr;
    DesktopNotifier *m_notifier = nullptr;
    QUndoStack *m_undo = nullptr;
    QAction *m_actUndo = nullptr, *m_actRedo = nullptr;
    QString m_outputFolder, m_lastInputDir, m_lastPresetDir, m_lastMessage;
    int m_fitChecks = 0;             // window-manager resizes still checked against the screen
    double m_previewShare = 0;       // the preview's share of the window's width (loadSettings, saved)
    int m_presetWidth = 0;           // the presets pane's width, in pixels (loadSettings, saved)
    bool m_closeWhenStopped = false; // closing waits for cancelled workers: no partial files
    // The skipped list by (path, reason), each once however often it is left out again; an
    // entry's kSkippedRunRole holds the m_skippedRun it was last left out in.
    QHash<QPair<QByteArray, QString>, QTreeWidgetItem *> m_skippedEntries;
    // The entries' data: the path left out (raw bytes), that run, and why (LeftOutCode).
    static constexpr int kSkippedPathRole = Qt::UserRole, kSkippedRunRole = Qt::UserRole + 1,
                         kSkippedCodeRole = Qt::UserRole + 2;
    int m_skippedRun = 0;                  // batches ended so far
    bool m_bottomDockShownForList = false; // opened by a skipped input, not by the user
    QTimer *m_tick = nullptr;
    // Looks at the done images' outputs again when the window is activated (someone may have deleted
    // them in a file manager meanwhile), a slice of rows at a time: m_recheckRow is the next row.
    QTimer *m_recheck = nullptr;
    int m_recheckRow = 0;
    QSet<quint64> m_heldUntilBatchEnd;              // removed while their batch ran: they leave when it ends
    ItemState m_previewedState = ItemState::Queued; // of the image the preview shows, as updatePreview() saw it

    QAction *m_actAddFiles, *m_actAddFolder, *m_actPaste, *m_actRemove, *m_actClear, *m_actStart, *m_actPause,
        *m_actCancel, *m_actRetry, *m_actOpenOutput, *m_actOutputFolder, *m_actWorkers, *m_actQuit, *m_actNewPreset,
        *m_actEditPreset, *m_actImportPreset, *m_actExportPreset, *m_actAssign, *m_actUnassign, *m_actRequeue,
        *m_actAbout, *m_actUserGuide = nullptr, *m_actCliReference = nullptr;
    QMenu *m_queueMenu = nullptr, *m_batchMenu = nullptr;
    QAction *m_actDuplicatePreset = nullptr; // MainWindowPresets.cpp
};

} // namespace pp::gui
