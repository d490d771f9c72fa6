#include "MainWindow.h"

#include "BatchBanner.h"
#include "ChoiceAccessible.h"
#include "DesktopNotifier.h"
#include "Icons.h"
#include "PresetEditor.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "PreviewController.h"
#include "PreviewPane.h"
#include "ProgressPanel.h"
#include "QueueDelegate.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "ScanController.h"
#include "StatusMessage.h"
#include "ThumbnailCache.h"
#include "FailureText.h"
#include "WindowFit.h"
#include "WorkerPool.h"
#include "WrappingPane.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QGuiApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QResizeEvent>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace pp::gui {

namespace {
// Shift+F10 opens the menu that the Menu key and a right click open (Qt::ActionsContextMenu), at
// the current entry of the list it watches.
class ShiftF10Menu : public QObject
{
public:
    explicit ShiftF10Menu(QTreeWidget *list) : QObject(list), m_list(list) {}

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() != QEvent::KeyPress)
            return false;
        const auto *key = static_cast<QKeyEvent *>(e);
        if (key->key() != Qt::Key_F10 || (key->modifiers() & ~Qt::KeypadModifier) != Qt::ShiftModifier)
            return false;
        const QRect row = m_list->visualItemRect(m_list->currentItem());
        const QPoint at =
            row.isValid() ? QPoint(row.left() + 20, row.center().y()) : m_list->viewport()->rect().center();
        auto *menu = new QMenu(m_list);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->addActions(m_list->actions());
        menu->popup(m_list->viewport()->mapToGlobal(at));
        // From the keyboard: Return takes the first action that can be taken.
        for (QAction *a : menu->actions())
            if (a->isEnabled()) {
                menu->setActiveAction(a);
                break;
            }
        return true;
    }

private:
    QTreeWidget *m_list;
};

// The before/after preview's size, and so the pool's preview slot size. Queue thumbnails of
// finished items ask for less per job (BatchSession::kResultThumbnail).
constexpr int kPreviewMax = 800;

} // namespace

MainWindow::MainWindow(const GuiOptions &options, QWidget *parent)
    : QMainWindow(parent), m_options(options), m_settings(options.settings)
{
    tellChoicesByTheirLabels(); // before its first choice, the default preset's, is made
    setWindowTitle(QStringLiteral("PixelPool"));
    setWindowIcon(appIcon());
    setAcceptDrops(true);
    setObjectName("mainWindow");
    m_library = std::make_unique<PresetLibrary>(options.userPresetDir.isEmpty() ? PresetLibrary::defaultUserDir()
                                                                                : options.userPresetDir);
    m_queue = new QueueModel(this);
    m_presetModel = new PresetLibraryModel(m_library.get(), this);
    m_queue->setOutdatedTest([this](const QueueItem &it) { return resultOutdated(it); });
    connect(m_presetModel, &QAbstractItemModel::modelReset, this, [this] {
        m_presetRuns.clear();
        m_queue->presetsChanged();
    });
    // Thumbnails in device pixels, so they stay sharp at 200 %.
    const qreal dpr = qApp->devicePixelRatio();
    m_thumbnails = new ThumbnailCache(int(std::ceil(172 * dpr)), this);
    // A card whose result was let go shows its output file's thumbnail: an output written again at
    // the same path (its folder emptied, the batch run again) showed the picture first made there.
    connect(m_queue, &QueueModel::outputWritten, m_thumbnails, &ThumbnailCache::forget);
    connect(m_queue, &QueueModel::thumbnailOutdated, m_thumbnails, &ThumbnailCache::forget);
    m_scanner = new ScanController(this);
    m_workersWanted = options.workers >= 0 ? options.workers : m_settings->value("workers", 0).toInt();
    createPool(m_workersWanted);
    m_preview = new PreviewController(m_pool.get(), kPreviewMax, this);
    m_editorPreview = new PreviewController(m_pool.get(), kPreviewMax, this);

    createActions();
    createPresetActions();
    buildUi();
    createMenus();
    setTabOrderByPanes();
    loadSettings();
    // A user preset that does not load (not JSON, a field wrong, the name of a built-in one) is left
    // out of the cards: said once the window shows, with the file and why, not left to be missed.
    if (!m_library->problems().isEmpty()) {
        QStringList texts;
        for (const Message &m : m_library->problems())
            texts << FailureText::shown(m);
        QTimer::singleShot(0, this, [this, texts] {
            showProblem(tr("Presets not loaded", nullptr, int(texts.size())), texts.join(QStringLiteral("; ")));
        });
    }

    connect(m_queueView, &QueueView::contentsDropped, this, &MainWindow::handleDrop);
    connect(m_queueView, &QueueView::addFilesRequested, this, &MainWindow::addFilesDialog);
    connect(m_queueView, &QueueView::addFolderRequested, this, &MainWindow::addFolderDialog);
    connect(m_queueView, &QWidget::customContextMenuRequested, this, &MainWindow::showQueueMenu);
    connect(m_queueView->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::updatePreview);
    connect(m_queueView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_queueView, &QueueView::openResultRequested, this, &MainWindow::openResult);
    // While a card is held over the queue the status bar says what the drop will change; the
    // result replaces it after the drop.
    const auto dropPreview = [this](const QString &text) {
        if (text.isEmpty())
            m_statusMessage->showMessage(m_lastMessage, 10000);
        else
            m_statusMessage->showMessage(text);
    };
    connect(m_queueView, &QueueView::presetDropPreview, this, dropPreview);
    connect(m_queue, &QueueModel::countsChanged, this, [this] {
        bringBackRemovedBatch();
        forgetRemovedBatch();
        updateActions();
        updateIdleText();
    });
    connect(m_queue, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &a, const QModelIndex &b) {
        const int cur = m_queueView->currentIndex().row();
        if (cur < a.row() || cur > b.row())
            return;
        // The batch failed on the image shown: its file may be gone or changed since its preview was
        // made, which kept showing it good until another card was selected and this one again. Made
        // again now, as that reselection does.
        const QueueItem &it = m_queue->itemAt(cur);
        const bool failedNow = it.state == ItemState::Failed && m_previewedState != ItemState::Failed &&
                               m_previewPane->property("uid").toULongLong() == it.uid;
        if (failedNow)
            m_previewPane->setProperty("uid", QVariant());
        updatePreview();
        if (failedNow)
            m_preview->reload();
    });
    connect(m_presetModel, &PresetLibraryModel::defaultPresetChanged, this, [this](const QString &name) {
        m_queue->presetsChanged();
        updatePreview();
        updateActions();
        // Images without a preset of their own take the default. Said as the window's other settings
        // are (the output folder, the worker count): the Default box turned by its wheel or arrow
        // keys changed it without a word. The preset read from the settings at start is before this.
        const QString running =
            runningBatchNote(Outdated::Preset, [](const QueueItem &it) { return it.preset.isEmpty(); });
        showMessage(tr("The default preset is \"%1\" now.").arg(name) + running + outdatedNote());
    });
    connect(m_scanner, &ScanController::progress, this, [this](int found) {
        m_scanLabel->setText(found == 1 ? tr("Scanning… 1 image found")
                                        : tr("Scanning… %Ln images found", nullptr, found));
    });
    connect(m_scanner, &ScanController::busyChanged, this, [this](bool busy) {
        m_scanLabel->setVisible(busy);
        m_scanCancel->setVisible(busy);
        if (busy)
            m_scanLabel->setText(tr("Scanning…"));
        updateActions(); // Cancel stops a scan too: enabled only while one runs
    });
    connect(m_scanner, &ScanController::finished, this, &MainWindow::onScanFinished);
    connect(m_scanner, &ScanController::imageEncoded, this, &MainWindow::addMemoryImage);
    connect(m_scanCancel, &QToolButton::clicked, m_scanner, &ScanController::cancel);

    connect(m_preview, &PreviewController::beforeReady, m_previewPane, &PreviewPane::setBefore);
    connect(m_preview, &PreviewController::afterReady, m_previewPane, &PreviewPane::setAfter);
    connect(m_preview, &PreviewController::failed, m_previewPane, &PreviewPane::setError);
    connect(m_preview, &PreviewController::busyChanged, m_previewPane, &PreviewPane::setBusy);
    connect(m_preview, &PreviewController::regionReady, m_previewPane, &PreviewPane::setRegion);
    connect(m_previewPane, &PreviewPane::regionWanted, m_preview, &PreviewController::setRegion);

    connect(m_presetPanel, &PresetPanel::newRequested, this, [this] { openPresetEditor({}); });
    connect(m_presetPanel, &PresetPanel::editRequested, this, &MainWindow::openPresetEditor);
    connect(m_presetPanel, &PresetPanel::deleteRequested, this, &MainWindow::deletePreset);
    connect(m_presetPanel, &PresetPanel::duplicateRequested, this, &MainWindow::duplicatePreset);
    connect(m_presetPanel, &PresetPanel::importRequested, this, &MainWindow::importPresetDialog);
    connect(m_presetPanel, &PresetPanel::exportRequested, this, &MainWindow::exportPresetDialog);
    connect(m_presetPanel, &PresetPanel::presetFilesDropped, this, &MainWindow::importPresetFiles);
    connect(m_presetPanel, &PresetPanel::presetFilesDropPreview, this, dropPreview);
    connect(m_presetPanel, &PresetPanel::rejectedDrop, this, &MainWindow::showMessage);
    connect(m_presetPanel, &PresetPanel::assignToSelectionRequested, this,
            [this](const QString &name) { assignPresetTo(m_queueView->selectedUids(), name); });
    connect(m_banner, &BatchBanner::retryRequested, this, &MainWindow::retryFailed);
    // Retry or the banner's close button pressed from the keyboard: the keys go to the queue, where
    // its images are, not to whatever control follows the banner (the preview's Split).
    connect(m_banner, &BatchBanner::leftWithTheKeys, this, [this] { m_queueView->setFocus(Qt::OtherFocusReason); });
    connect(m_banner, &BatchBanner::openFolderRequested, this, &MainWindow::openOutputFolder);
    connect(m_banner, &BatchBanner::dismissed, this, &MainWindow::updateIdleText);
    // A failure activated in the banner's list: its card, the current and only selected one, in view
    // (and so in the preview); the keys stay in the list, for the next failure.
    connect(m_banner, &BatchBanner::failureActivated, this, [this](quint64 uid) {
        const int row = m_queue->rowOf(uid);
        if (row < 0)
            return showMessage(tr("That image is no longer in the queue."));
        const QModelIndex at = m_queue->index(row);
        m_queueView->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect);
        m_queueView->scrollTo(at);
    });
    m_notifier = new DesktopNotifier(this);

    // Between events the rate and time left still move: refresh twice a second while running.
    m_tick = new QTimer(this);
    m_tick->setInterval(500);
    connect(m_tick, &QTimer::timeout, this, [this] { m_progress->showSession(m_session); });
    // A done card whose output was deleted on disk said Done and was not counted as waiting, while
    // Start made it again without a word (the life QA pass). About a millisecond per thousand
    // images, in slices, so a large queue does not stall the window.
    m_recheck = new QTimer(this);
    m_recheck->setSingleShot(true);
    m_recheck->setInterval(0);
    connect(m_recheck, &QTimer::timeout, this, [this] {
        m_recheckRow = m_queue->recheckOutputs(m_recheckRow, 2000);
        if (m_recheckRow < m_queue->rowCount())
            m_recheck->start();
    });
    updateActions();
    updateIdleText();
    // The keys start in the queue. Left to Qt they went to the first control in the Tab order, the
    // presets' Default box, with nothing to show it: Down changed the default preset unseen (window
    // QA pass).
    m_queueView->takeKeys(Qt::OtherFocusReason);
}

MainWindow::~MainWindow()
{
    // Children are deleted after members: end everything that uses the pool before it goes.
    delete m_session;
    delete m_removedSession;
    m_preview->setPool(nullptr);
    m_editorPreview->setPool(nullptr);
    m_thumbnails->setRunner(nullptr);
    m_pool.reset();
}

JobRunner *MainWindow::pool() const { return m_pool.get(); }
PresetEditor *MainWindow::presetEditor() const { return m_editor; }

void MainWindow::createPool(int workers)
{
    RunnerSettings s;
    s.workers = workers;
    s.previewMax = kPreviewMax; // slot capacity: the largest preview any job may ask for
    s.workerExecutable = m_options.workerExecutable;
    s.testFlags = m_options.workerTestFlags;
    auto pool = std::make_unique<WorkerPool>(s);
    QString error;
    if (!pool->start(&error)) {
        // No worker file: said as workers that cannot run are (once, translated), and the pool
        // looks for the file again; any other failure is shown as it is.
        const Message why = pool->whyWorkersCannotStart(); // empty: not for want of workers
        QTimer::singleShot(0, this, [this, error, why] {
            if (why.isEmpty())
                showProblem(tr("Workers cannot start"), error);
            else
                workersCannotRun(why);
        });
    }
    connect(pool.get(), &JobRunner::log, this, [this](const Message &m) {
        if (m_log)
            m_log->appendPlainText(FailureText::shown(m));
    });
    connect(pool.get(), &WorkerPool::gaveUp, this, &MainWindow::workersCannotRun);
    connect(pool.get(), &JobRunner::jobStarted, this, [this] {
        if (!m_workersDownText.isEmpty())
            workersRunAgain();
    });
    // The pool tries again only for jobs submitted: what failed because no worker could start is
    // asked for again (before, the preview and the thumbnails stayed failed until another image
    // was selected).
    connect(pool.get(), &WorkerPool::mayStartAgain, this, [this] {
        m_preview->retryIfWorkersWereMissing();
        m_editorPreview->retryIfWorkersWereMissing();
        m_thumbnails->retryIfWorkersWereMissing();
    });
    std::unique_ptr<WorkerPool> old = std::exchange(m_pool, std::move(pool));
    m_thumbnails->setRunner(m_pool.get());
    if (m_preview) {
        m_preview->setPool(m_pool.get());
        m_editorPreview->setPool(m_pool.get());
    }
    // The old workers finish exiting in the background: the window does not wait for them. As
    // the window's child, a pool still waiting for them when the window closes ends with it.
    if (old) {
        old->setParent(this);
        old.release()->shutdownLater();
    }
}

void MainWindow::buildUi()
{
    m_queueView = new QueueView(m_queue, m_thumbnails, this);
    m_progress = new ProgressPanel(m_actStart, m_actPause, m_actCancel, this);
    m_progress->setObjectName("progressPanel");
    auto *central = new WrappingPane(this); // the queue, the banner and the progress strip
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_queueView, 1);
    m_banner = new BatchBanner(central); // made here: tab order follows the order widgets are made
    layout->addWidget(m_banner);
    // The banner's failures and warnings under it, sharing the height with the queue: where the
    // window is short the list scrolls and the queue keeps its row of cards (QueueView's minimum).
    layout->addWidget(m_banner->takeFailureList(central));
    layout->addWidget(m_progress);
    setCentralWidget(central);

    m_presetPanel = new PresetPanel(m_presetModel, this);
    auto *presetDock = new QDockWidget(tr("Presets"), this);
    presetDock->setObjectName("presetDock");
    presetDock->setWidget(m_presetPanel);
    presetDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, presetDock);
    // The View menu shows and hides the panes with their toggle actions, whose text is the dock's
    // title, without a letter for Alt: each is given its own (the titles stay without "&").
    presetDock->toggleViewAction()->setText(tr("&Presets", "View menu: shows or hides the pane"));

    m_previewPane = new PreviewPane(this);
    m_previewPane->setObjectName("previewPane");
    auto *previewDock = new QDockWidget(tr("Preview"), this);
    previewDock->setObjectName("previewDock");
    previewDock->setWidget(m_previewPane);
    previewDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::RightDockWidgetArea, previewDock);
    previewDock->toggleViewAction()->setText(tr("Pre&view", "View menu: shows or hides the pane"));

    m_skipped = new QTreeWidget(this);
    m_skipped->setObjectName("skippedList");
    m_skipped->setAccessibleName(tr("Skipped inputs"));
    m_skipped->setHeaderLabels({tr("Left out"), tr("Why")});
    m_skipped->setRootIsDecorated(false);
    m_skipped->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_skipped->setColumnWidth(0, 380);
    // As short as one row with its header where the window is short: the queue keeps its cards.
    m_skipped->setUniformRowHeights(true);
    m_skipped->setMinimumHeight(m_skipped->header()->sizeHint().height() + m_skipped->fontMetrics().height() +
                                2 * m_skipped->frameWidth() + 6);
    // A link to a file outside the dropped folder is left out (ScanOptions::followLinks): the user
    // who knows where it leads takes it here, as when dropping that link by itself.
    m_skipped->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_skipped->setTextElideMode(Qt::ElideMiddle); // a long path keeps its file's name
    m_skipped->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_actAddLinked = new QAction(tr("&Add Anyway"), m_skipped);
    m_actAddLinked->setObjectName("addLinkedAction");
    m_actAddLinked->setToolTip(tr("Queue the files the selected links lead to, outside their folders"));
    m_actAddLinked->setEnabled(false);
    m_skipped->addAction(m_actAddLinked);
    connect(m_actAddLinked, &QAction::triggered, this, &MainWindow::addLinkedFiles);
    const auto chosenChanged = [this] {
        const QList<QTreeWidgetItem *> chosen = chosenSkipped();
        m_actAddLinked->setEnabled(!chosen.isEmpty() && std::all_of(chosen.cbegin(), chosen.cend(), [](auto *item) {
            return item->data(0, kSkippedCodeRole).toInt() == int(LeftOutCode::LinkOutside);
        }));
    };
    connect(m_skipped, &QTreeWidget::itemSelectionChanged, this, chosenChanged);
    connect(m_skipped, &QTreeWidget::currentItemChanged, this, chosenChanged);
    m_skipped->installEventFilter(new ShiftF10Menu(m_skipped));
    m_log = new QPlainTextEdit(this);
    m_log->setAccessibleName(tr("Engine log"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setMinimumHeight(2 * m_log->fontMetrics().lineSpacing() + 2 * m_log->frameWidth() + 8);
    m_bottomTabs = new QTabWidget(this);
    m_bottomTabs->addTab(m_skipped, tr("Skipped (0)"));
    m_bottomTabs->addTab(m_log, tr("Engine log"));
    // Tab stops at the tab bar in its place (setTabOrderByPanes). The tab widget, which handed its focus
    // on to the tab bar, was a stop of its own, last in the focus chain: Tab from the last control went
    // back to the tabs instead of round to the first.
    m_bottomTabs->setFocusProxy(nullptr);
    m_bottomTabs->setFocusPolicy(Qt::NoFocus);
    m_bottomDock = new QDockWidget(tr("Skipped inputs and log"), this);
    m_bottomDock->setObjectName("bottomDock");
    m_bottomDock->setWidget(m_bottomTabs);
    addDockWidget(Qt::BottomDockWidgetArea, m_bottomDock);
    m_bottomDock->toggleViewAction()->setText(tr("&Skipped inputs and log", "View menu: shows or hides the pane"));
    m_bottomDock->hide(); // shown when something is skipped
    // Opened by the user (the View menu, its close button): closed by the user alone.
    connect(m_bottomDock->toggleViewAction(), &QAction::triggered, this, [this] { m_bottomDockShownForList = false; });

    // The messages: wrapped to a second line, not cut at the window's edge as QStatusBar's own.
    m_statusMessage = new StatusMessage(this);
    statusBar()->addWidget(m_statusMessage, 1);
    m_scanLabel = new QLabel(this);
    m_scanCancel = new QToolButton(this);
    m_scanCancel->setIcon(icon("cancel"));
    m_scanCancel->setToolTip(tr("Stop scanning"));
    m_scanCancel->setAccessibleName(tr("Stop scanning"));
    m_scanCancel->setAutoRaise(true);
    statusBar()->addPermanentWidget(m_scanLabel);
    statusBar()->addPermanentWidget(m_scanCancel);
    m_scanLabel->hide();
    m_scanCancel->hide();
}

void MainWindow::setTabOrderByPanes()
{
    // Tab follows the panes as they are laid out, left to right and then down: presets, the queue
    // with its banner and progress strip, the preview, the skipped inputs and log (their tabs before
    // the page), then the toolbar's and the status bar's controls. Without this the order would be
    // the order the widgets were made in.
    QList<QWidget *> order;
    const QList<QWidget *> panes{m_presetPanel, centralWidget(),
                                 m_previewPane, m_bottomTabs->tabBar(),
                                 m_bottomTabs,  findChild<QToolBar *>("mainToolBar"),
                                 statusBar()};
    for (QWidget *pane : panes) {
        if (!pane)
            continue;
        for (QWidget *w : QList<QWidget *>{pane} + pane->findChildren<QWidget *>())
            if ((w->focusPolicy() & Qt::TabFocus) && !w->focusProxy() && w->window() == this && // not a popup
                !order.contains(w))
                order << w;
    }
    for (int i = 1; i < order.size(); ++i)
        setTabOrder(order[i - 1], order[i]);
}

void MainWindow::loadSettings()
{
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    setOutputFolder(m_settings->value("outputFolder", (pictures.isEmpty() ? QDir::homePath() : pictures) + "/PixelPool")
                        .toString());
    m_lastInputDir = m_settings->value("lastInputFolder", QDir::homePath()).toString();
    m_lastPresetDir = m_settings->value("lastPresetFolder", QDir::homePath()).toString();
    const QString preset = m_settings->value("defaultPreset", "web").toString();
    m_presetPanel->setDefaultPreset(preset);
    m_presetPanel->selectPreset(preset);
    if (!restoreGeometry(m_settings->value("geometry").toByteArray())) {
        setGeometry(firstStartGeometry(screen()->availableGeometry(), kFrameGuess));
    } else if (m_options.fitToScreen && !isMaximized() && !isFullScreen()) {
        // Saved on a larger screen, or one that is gone: inside the screen it came back on.
        QScreen *on = QGuiApplication::screenAt(geometry().center());
        setGeometry(fitInside(geometry(), kFrameGuess, (on ? on : screen())->availableGeometry()));
    }
    // The presets' buttons in a row if it is at most 300 px wide, else in two.
    const int presetFirstWidth = std::clamp(m_presetPanel->sizeHint().width(), 270, 300);
    if (!restoreState(m_settings->value("windowState").toByteArray())) {
        resizeDocks({findChild<QDockWidget *>("presetDock"), findChild<QDockWidget *>("previewDock")},
                    {presetFirstWidth, previewFirstWidth(width())}, Qt::Horizontal);
        resizeDocks({m_bottomDock}, {150}, Qt::Vertical);
    }
    // The skipped list starts empty: a pane left open last time would only take the queue's room.
    m_bottomDock->hide();
    // The preview's share of the width (MainWindowFit.cpp) is saved itself: the width in the saved
    // state may be one the layout squeezed it to in a narrow window. Without one, the first layout's.
    const double share = m_settings->value("previewShare").toDouble();
    m_previewShare = share >= 0.05 && share <= 0.9 ? share : double(previewFirstWidth(width())) / std::max(width(), 1);
    // The presets pane's width too, for the same reason; in pixels, as its cards' names need them.
    const int presetWidth = m_settings->value("presetWidth").toInt();
    m_presetWidth = presetWidth >= 100 && presetWidth <= 2000 ? presetWidth : presetFirstWidth;
}

void MainWindow::saveSettings()
{
    m_settings->setValue("geometry", saveGeometry());
    m_settings->setValue("windowState", saveState());
    m_settings->setValue("previewShare", m_previewShare);
    m_settings->setValue("presetWidth", m_presetWidth);
    m_settings->setValue("outputFolder", m_outputFolder);
    m_settings->setValue("lastInputFolder", m_lastInputDir);
    m_settings->setValue("lastPresetFolder", m_lastPresetDir);
    m_settings->setValue("defaultPreset", defaultPreset());
    m_settings->setValue("workers", m_workersWanted);
    m_settings->sync();
}

void MainWindow::setOutputFolder(const QString &dir)
{
    const bool changed = dir != m_outputFolder;
    m_outputFolder = dir;
    if (changed) {
        m_queue->presetsChanged(); // done cards say whether their outputs went elsewhere
        updateActions();
    }
    if (m_outputButton) {
        const QString full = QDir::toNativeSeparators(dir);
        showOutputFolderInTheToolBar();
        m_outputButton->setToolTip(tr("Outputs go to %1 when the preset names no folder. Click to change.").arg(full));
        m_outputButton->setAccessibleName(tr("Output folder"));
        m_outputButton->setAccessibleDescription(full);
    }
}

void MainWindow::showOutputFolderInTheToolBar()
{
    if (!m_outputButton)
        return;
    // A deep folder would widen the toolbar past a small screen: cut in the middle, where the least
    // telling part of a path is (the tooltip says it whole), to the room the toolbar has beside its
    // other buttons, and never to less than 280 px. It was always cut to 280 px: on a wide window,
    // "…/hom…80/Pictures/PixelPool" beside 550 px of empty toolbar.
    const QString full = QDir::toNativeSeparators(m_outputFolder);
    const QFontMetrics fm = m_outputButton->fontMetrics();
    auto *bar = qobject_cast<QToolBar *>(m_outputButton->parentWidget());
    const int least = 280;
    int room = least;
    bool restyled = false;
    if (bar && bar->isVisible()) {
        const int spacing = std::max(0, bar->layout()->spacing());
        // The button less its text: its icon and margins.
        const int chrome = m_outputButton->sizeHint().width() - fm.horizontalAdvance(m_outputButton->text());
        const QMargins margins = bar->contentsMargins() + bar->layout()->contentsMargins();
        const auto free = [&] {
            int taken = 0; // the other buttons and separators, each with the spacing after it
            for (QAction *a : bar->actions())
                if (QWidget *w = bar->widgetForAction(a); w && w != m_outputButton && a->isVisible())
                    taken += w->sizeHint().width() + spacing;
            return bar->width() - margins.left() - margins.right() - taken - chrome -
                   fm.horizontalAdvance(tr("Output: %1").arg(QString())) - 2 * spacing - 8;
        };
        // Where the path would have less than its least, the other buttons give up their words, the
        // least needed first (their tooltips keep them): in German at the least window the three
        // took the room and the folder went behind the toolbar's "»", out of sight.
        QList<QToolButton *> wordsGoFirst;
        for (QAction *a : {m_actRemove, m_actAddFolder, m_actAddFiles})
            if (auto *b = qobject_cast<QToolButton *>(bar->widgetForAction(a)))
                wordsGoFirst << b;
        QList<Qt::ToolButtonStyle> before;
        for (QToolButton *b : wordsGoFirst) {
            before << b->toolButtonStyle();
            b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        }
        for (QToolButton *b : wordsGoFirst)
            if (free() < least)
                b->setToolButtonStyle(Qt::ToolButtonIconOnly);
        for (int i = 0; i < wordsGoFirst.size(); ++i)
            restyled |= wordsGoFirst[i]->toolButtonStyle() != before[i];
        room = std::max(room, free());
    }
    const QString text = tr("Output: %1").arg(fm.elidedText(full, Qt::ElideMiddle, room));
    if (text == m_outputButton->text() && !restyled)
        return;
    m_outputButton->setText(text);
    // A toolbar grown narrower has put the longer button into its overflow menu, where a change of
    // its size is not seen: the toolbar lays itself out again with the shorter one.
    if (bar)
        bar->layout()->invalidate();
}

QString MainWindow::defaultPreset() const { return m_presetModel->defaultPreset(); }

QString MainWindow::presetNameOf(const QueueItem &it) const
{
    return it.preset.isEmpty() ? defaultPreset() : it.preset;
}

std::optional<Preset> MainWindow::lookupPreset(const QString &name) const { return m_presetModel->preset(name); }

Outdated MainWindow::resultOutdated(const QueueItem &it) const
{
    if (it.ranWith.isEmpty())
        return Outdated::No;
    const QString name = presetNameOf(it).toLower();
    auto run = m_presetRuns.constFind(name);
    if (run == m_presetRuns.cend()) {
        const std::optional<Preset> preset = lookupPreset(name);
        run = m_presetRuns.insert(name,
                                  preset ? PresetRun{presetSettingsKey(*preset), preset->output.folder} : PresetRun{});
    }
    if (run->key.isEmpty())
        return Outdated::No; // a preset that is gone: Start says so
    if (run->key != it.ranWith)
        return Outdated::Preset;
    if (!it.ranInto.isEmpty() && outputFolderOf(run->folder, m_outputFolder) != it.ranInto)
        return Outdated::Folder;
    return Outdated::No;
}

int MainWindow::outdatedCount(Outdated why) const
{
    int n = 0;
    for (int row = 0; row < m_queue->rowCount(); ++row)
        n += m_queue->outdated(m_queue->itemAt(row)) == why;
    return n;
}

QString MainWindow::outdatedNote(Outdated why) const
{
    const int n = outdatedCount(why);
    if (n == 0)
        return {};
    if (why == Outdated::Folder)
        return " " + (n == 1 ? tr("1 done image went to another folder: Start makes it again here.")
                             : tr("%Ln done images went to another folder: Start makes them again here.", nullptr, n));
    return " " + (n == 1
                      ? tr("1 done image was made with other settings than its preset has now: Start makes it again.")
                      : tr("%Ln done images were made with other settings than their preset has now: Start makes "
                           "them again.",
                           nullptr, n));
}

QString MainWindow::runningBatchNote(Outdated why, const std::function<bool(const QueueItem &)> &affects) const
{
    if (!m_session || !m_session->isRunning())
        return {};
    const QList<quint64> uids = m_session->uids();
    const bool toBeMade = std::any_of(uids.begin(), uids.end(), [&](quint64 uid) {
        const QueueItem *it = m_queue->item(uid);
        return it && (it->state == ItemState::Queued || it->state == ItemState::Processing) && affects(*it);
    });
    if (!toBeMade)
        return {};
    return " " + (why == Outdated::Folder ? tr("The running batch goes on into the folder it started with; Start makes "
                                               "its images again here once it has ended.")
                                          : tr("The running batch goes on with the settings it started with; Start "
                                               "makes its images again once it has ended."));
}

QString MainWindow::everyImageDoneText() const
{
    // Names the menu item as the menu shows it, in the user's language.
    return tr("Every image is done. Use %1 ▸ %2 to redo them.")
        .arg(m_queueMenu->menuAction()->iconText(), m_actRequeue->iconText());
}

QString MainWindow::failedText(int failed) const
{
    // Names the menu item as the menu shows it. Said only when nothing waits, so no image is cancelled
    // and the item reads "Retry failed".
    const QString where = m_batchMenu->menuAction()->iconText() + QStringLiteral(" ▸ ") + m_actRetry->iconText();
    return failed == 1 ? tr("1 image failed: %1 tries it again.").arg(where)
                       : tr("%1 failed: %2 tries them again.").arg(imageCount(failed), where);
}

void MainWindow::showMessage(const QString &text)
{
    m_lastMessage = text;
    m_statusMessage->showMessage(text, 10000);
    emit message(text);
}

void MainWindow::showProblem(const QString &title, const QString &text)
{
    showMessage(title + ": " + text);
    if (!m_options.dialogs)
        return;
    // Window-modal and asynchronous: the event loop (and the batch) carries on meanwhile.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::workersCannotRun(const Message &why)
{
    const QString text = FailureText::shown(why);
    m_preview->setWorkersCannotStartText(text);
    m_editorPreview->setWorkersCannotStartText(text);
    const QString title = tr("Workers cannot run");
    const bool saidAlready = !m_workersDownText.isEmpty();
    m_workersDownText = title + ": " + text;
    showMessage(m_workersDownText);
    if (m_workersBox) {
        m_workersBox->setText(text);
        return;
    }
    if (saidAlready || !m_options.dialogs)
        return; // said once until workers run again: the status bar and the preview say it meanwhile
    m_workersBox = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    m_workersBox->setObjectName("workersCannotRunBox");
    m_workersBox->setAttribute(Qt::WA_DeleteOnClose);
    m_workersBox->open(); // window-modal and asynchronous, as showProblem's
}

void MainWindow::workersRunAgain()
{
    m_workersDownText.clear();
    if (m_workersBox)
        m_workersBox->close();
    showMessage(tr("Workers run again."));
}

void MainWindow::updatePreview()
{
    const QModelIndex cur = m_queueView->currentIndex();
    if (!cur.isValid()) {
        m_preview->setSource({});
        m_previewPane->clear();
        return;
    }
    const QueueItem &it = m_queue->itemAt(cur.row());
    m_previewedState = it.state;
    const QString name = presetNameOf(it);
    const std::optional<Preset> preset = lookupPreset(name);
    if (m_previewPane->property("uid").toULongLong() != it.uid) {
        m_previewPane->clear();
        m_previewPane->setProperty("uid", it.uid);
    }
    m_previewPane->setTitle(tr("%1 — %2").arg(it.name, name));
    if (preset)
        m_preview->setPreset(*preset);
    m_preview->setSource(it.input.path, it.input.data, it.input.confinement());
    // A card chosen in the queue is previewed in the editor as it is; the same card changed (its
    // state, its preset) leaves the image the editor chose itself in its preview.
    if (m_editor && it.uid != m_editorCard) {
        m_editorCard = it.uid;
        previewInEditor(cur.row(), EditorImage::CardChosen);
    }
}

bool MainWindow::startBatch(const QList<quint64> &requested)
{
    if (m_session && m_session->isRunning())
        return false;
    QList<quint64> uids = requested;
    if (uids.isEmpty()) {
        for (quint64 uid : m_queue->uids())
            if (const QueueItem *it = m_queue->item(uid);
                m_queue->waitsForStart(*it) || (it->state == ItemState::Done && QueueModel::outputsGone(*it)))
                uids << uid;
    }
    if (uids.isEmpty()) {
        const int failed = m_queue->countInState(ItemState::Failed);
        showMessage(failed > 0                ? failedText(failed)
                    : m_queue->rowCount() > 0 ? everyImageDoneText()
                                              : tr("The queue is empty: add images first."));
        return false;
    }
    delete m_session;        // the last one's summary has been shown
    delete m_removedSession; // and one whose images were removed is not brought back any more
    m_banner->leave();
    m_session = new BatchSession(
        m_pool.get(), m_queue, [this](const QString &n) { return lookupPreset(n); }, this);
    m_session->setResultThumbnail(int(std::ceil(QueueDelegate::thumbnailWidth() * devicePixelRatioF())));
    connect(m_session, &BatchSession::progressChanged, this, [this] {
        m_progress->showSession(m_session);
        updateActions();
    });
    connect(m_session, &BatchSession::finished, this, &MainWindow::onBatchFinished);
    QString error;
    if (!m_session->start(uids, defaultPreset(), m_outputFolder, &error)) {
        showProblem(tr("Cannot start"), error);
        return false;
    }
    m_tick->start();
    showMessage(tr("Processing %1…").arg(imageCount(int(uids.size()))));
    updateActions();
    return true;
}

void MainWindow::cancelBatch()
{
    if (m_session && m_session->isRunning()) {
        m_session->cancel();
        // A worker stops an image between its steps: one that is written before it gets there
        // (an image about to finish) is done, and kept, as the banner counts it.
        showMessage(tr("Cancelling: queued images are dropped, running ones stop (one a worker finishes first is "
                       "kept); no partial files are left."));
    } else if (m_scanner->isBusy()) {
        m_scanner->cancel();
    }
}

void MainWindow::setPaused(bool paused)
{
    if (m_session && m_session->isRunning()) {
        m_session->setPaused(paused);
        showMessage(paused ? tr("Paused: images already on a worker finish; nothing new starts.") : tr("Resumed."));
    }
    updateActions();
}

void MainWindow::onBatchFinished(const SessionSummary &summary)
{
    m_tick->stop();
    updateActions();
    if (m_closeWhenStopped) {
        emit batchFinished(summary);
        QTimer::singleShot(0, this, &QWidget::close);
        return;
    }
    m_banner->showSummary(summary, leftOutThisRun());
    updateIdleText();
    m_progress->showSession(m_session);
    // The banner is enough while people watch; a long batch that ended behind other windows
    // also tells the desktop.
    if (DesktopNotifier::worthNotifying(isActiveWindow(), summary.seconds))
        emit desktopNotified(m_notifier->notify(m_banner->headline(), m_banner->countsText()));
    ++m_skippedRun; // what is left out from now on is the next batch's
    QString said = summary.cancelled ? tr("Batch cancelled.") : tr("Batch finished.");
    // Its images failed for want of workers: the status bar still says why (it said it as the
    // pool gave up, just before).
    if (!m_workersDownText.isEmpty())
        said += ' ' + m_workersDownText;
    // Images removed while the batch ran leave now, as the status bar said then (before, they stayed).
    if (const int left = takeHeldFromQueue(); left > 0)
        said +=
            ' ' + (left == 1
                       ? tr("Removed 1 image of the batch from the queue, as asked while it ran.")
                       : tr("Removed %1 of the batch from the queue, as asked while it ran.").arg(imageCount(left)));
    if (const QString waiting = waitingText(waitingCount()); !waiting.isEmpty())
        said += ' ' + waiting;
    showMessage(said);
    emit batchFinished(summary);
}

void MainWindow::forgetRemovedBatch()
{
    // An empty queue previews nothing: the current card may go without the view saying so.
    if (m_queue->rowCount() == 0 && m_previewPane->property("uid").toULongLong() != 0) {
        m_previewPane->setProperty("uid", QVariant());
        updatePreview();
    }
    if (!m_session || m_session->isRunning())
        return;
    const QList<quint64> uids = m_session->uids();
    if (std::any_of(uids.cbegin(), uids.cend(), [this](quint64 uid) { return m_queue->item(uid) != nullptr; }))
        return;
    // Every image of the last batch was removed: its summary and its full bar ("12 of 12" beside
    // an empty queue) went with them. Kept aside: Ctrl+Z puts the images back, and them with them.
    if (m_removedSession)
        m_removedSession->deleteLater();
    m_removedSession = std::exchange(m_session, nullptr);
    m_removedSummaryShown = !m_banner->isHidden();
    m_banner->leave();
    m_progress->showSession(nullptr);
}

void MainWindow::bringBackRemovedBatch()
{
    if (m_session || !m_removedSession)
        return;
    const QList<quint64> uids = m_removedSession->uids();
    if (std::none_of(uids.cbegin(), uids.cend(), [this](quint64 uid) { return m_queue->item(uid) != nullptr; }))
        return;
    m_session = std::exchange(m_removedSession, nullptr);
    if (m_removedSummaryShown)
        m_banner->show();
    m_progress->showSession(m_session);
}

void MainWindow::updateActions()
{
    const bool running = m_session && m_session->isRunning();
    const bool cancelling = running && m_session->isCancelling();
    const bool start = !running && m_queue->rowCount() > 0, pause = running && !cancelling,
               cancel = pause || m_scanner->isBusy();
    const bool selection = m_queueView->selectionModel()->hasSelection();
    // A button of the strip about to be disabled with the keys on it (Cancel pressed from the
    // keyboard, Pause as the batch ends): the keys go to the queue, not to whatever control follows
    // the strip (the preview's Split). So do they from the toolbar's Remove pressed from the keyboard,
    // which leaves nothing selected: not on to the output folder's button.
    if (const QWidget *keys = QApplication::focusWidget(); keys && m_progress->isAncestorOf(keys)) {
        const QString name = keys->objectName();
        if ((name == "startButton" && !start) || (name == "pauseButton" && !pause) ||
            (name == "cancelButton" && !cancel))
            m_queueView->setFocus(Qt::OtherFocusReason);
    } else if (const auto *button = qobject_cast<const QToolButton *>(keys);
               button && button->defaultAction() == m_actRemove && !selection) {
        m_queueView->setFocus(Qt::OtherFocusReason);
    }
    m_actStart->setEnabled(start);
    m_actPause->setEnabled(pause);
    const bool paused = running && m_session->isPaused();
    m_actPause->setChecked(paused); // the Pause button shows "Resume" then (ProgressPanel)
    m_actCancel->setEnabled(cancel);
    m_actRemove->setEnabled(selection);
    m_actClear->setEnabled(!running && m_queue->rowCount() > 0);
    const int cancelled = m_queue->countInState(ItemState::Cancelled);
    m_actRetry->setEnabled(!running && (m_queue->countInState(ItemState::Failed) > 0 || cancelled > 0));
    // It takes both, as the banner's button says (the window QA pass: the menu said "Retry failed").
    m_actRetry->setText(cancelled > 0 ? tr("Retry &failed and cancelled") : tr("Retry &failed"));
    m_actRequeue->setEnabled(!running && m_queue->countInState(ItemState::Done) > 0);
    m_actAssign->setEnabled(selection && !m_presetPanel->selectedPreset().isEmpty());
    m_presetPanel->setSelectionAvailable(selection);
    m_actUnassign->setEnabled(selection);
    m_actWorkers->setEnabled(!running);
}

void MainWindow::closeEvent(QCloseEvent *e)
{
    // The preset editor asks about its unsaved changes first; Cancel there keeps both open.
    if (m_editor && m_editor->isVisible() && !m_editor->close()) {
        e->ignore();
        return;
    }
    // A batch being cancelled already is not asked about: quitting waits for it to stop, as below.
    if (m_session && m_session->isRunning() && !m_session->isCancelling() && m_options.dialogs) {
        // Said as it is: "A batch is running" over a paused one read as if it went on.
        QMessageBox box(QMessageBox::Question, tr("Quit PixelPool"),
                        m_session->isPaused() ? tr("A batch is paused. Cancel it and quit? Images already written "
                                                   "stay; no partial files are left.")
                                              : tr("A batch is running. Cancel it and quit? Images already written "
                                                   "stay; no partial files are left."),
                        QMessageBox::Yes | QMessageBox::No, this);
        box.setObjectName("quitWhileRunningQuestion");
        // Return keeps the batch: a Return meant for the window cost hours of work (the window QA
        // pass found Yes the default; Delete preset's is Cancel too).
        box.setDefaultButton(QMessageBox::No);
        // The batch may end while the question is up: it asked only about cancelling the batch,
        // and stayed up over the finished batch. Quitting then goes on as it does with no batch.
        bool ended = false;
        connect(m_session, &BatchSession::finished, &box, [&box, &ended] {
            ended = true;
            box.done(QMessageBox::No);
        });
        const int answer = box.exec();
        if (!ended && answer != QMessageBox::Yes) {
            e->ignore();
            return;
        }
    }
    if (m_session && m_session->isRunning()) {
        // Let the workers stop (and remove their temporary files) before the pool goes away;
        // the window closes itself when the batch reports its end.
        m_closeWhenStopped = true;
        m_session->cancel();
        e->ignore();
        return;
    }
    saveSettings();
    if (m_editor)
        m_editor->close();
    e->accept();
}

} // namespace pp::gui
