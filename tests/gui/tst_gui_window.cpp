// The window as people use it, offscreen: a pressed or dragged preset card never changes the
// default; drops say what they will change and can be undone; Ctrl+1…9 assign from the
// keyboard; the window fits 1280×1024, 1366×768 and 1920×1080 screens and no label is cut
// without "…" and a tooltip; every control has an accessible name and description; the split
// preview follows the pointer. tests/x11 proves the same gestures with a real pointer.
#include "GuiTestUtil.h"

#include "BatchBanner.h"
#include "Contrast.h"
#include "DesktopNotifier.h"
#include "ElidedLabel.h"
#include "PresetLibraryModel.h"
#include "PopupActivation.h"
#include "PresetPanel.h"
#include "PreviewPane.h"
#include "QueueDelegate.h"
#include "ProgressPanel.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "ThumbnailCache.h"
#include "StatusLine.h"
#include "Translations.h"
#include "WindowFit.h"

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDialog>
#include <QDockWidget>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTabBar>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <QLabel>
#include <QListView>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextItem>

using namespace pp;
using namespace pp::gui;
using test::WindowFixture;

namespace {

// The screens the issue names, side by side on the offscreen platform (see main()), and a
// netbook's 1024×600, below the 1024×768 the layout is made for.
const QList<QRect> kScreens{{0, 0, 1280, 1024}, {1280, 0, 1366, 768}, {2646, 0, 1920, 1080}, {4566, 0, 1024, 600}};

// The options of a window a test makes on settings of its own (one it starts again, a first
// start): one worker, no dialogs, not fitted to the screen the test runs on.
GuiOptions windowOptions(QSettings *settings, const QString &presetDir)
{
    GuiOptions o;
    o.settings = settings;
    o.userPresetDir = presetDir;
    o.workerExecutable = QStringLiteral(PIXELPOOL_WORKER);
    o.workers = 1;
    o.dialogs = false;
    o.fitToScreen = false;
    return o;
}

void addImages(MainWindow *w, const QString &dir, int n)
{
    for (int i = 0; i < n; ++i)
        test::makeImage(dir, QString("img%1.jpg").arg(i), 40, 30);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(dir)}));
}

// Interactive: what a keyboard or screen-reader user lands on.
bool isInteractive(QWidget *w)
{
    return qobject_cast<QAbstractButton *>(w) || qobject_cast<QAbstractSlider *>(w) || qobject_cast<QComboBox *>(w) ||
           qobject_cast<QLineEdit *>(w) || qobject_cast<QAbstractSpinBox *>(w) ||
           qobject_cast<QAbstractItemView *>(w) || qobject_cast<QTabBar *>(w);
}

QString describe(QWidget *w)
{
    return QString("%1 \"%2\" in %3")
        .arg(w->metaObject()->className(), w->objectName(),
             w->parentWidget() ? w->parentWidget()->metaObject()->className() : "nothing");
}

} // namespace

class TestWindow : public QObject
{
    Q_OBJECT
private slots:
    void aFirstStartOnASmallScreenShowsTwoColumnsOfCards();
    void theSkippedListOpensAsHighAsItsRows();
    void userPresetsNotLoadedAreSaid();
    void pressingOrDraggingACardKeepsTheDefault();
    void dropPreviewAndUndo();
    void undoForgetsImagesThatLeftTheQueue();
    void undoingADeletedPresetNeverLeavesItsNameWithoutIt();
    void keyboardAssigns();
    void fitsTheScreens();
    void fitArithmetic();
    void previewKeepsItsShareOfTheWidth();
    void previewRecoversFromANarrowWindow();
    void presetsRecoverFromANarrowWindow();
    void labelsFitOrElide();
    void everyControlIsNamed();
    void tabOrderFollowsLayout();
    void tabReachesTheToolbar();
    void theKeysStartInTheQueue();
    void queueMenuFromTheKeyboard();
    void queueCardsAnnounceNameAndState();
    void splitPreviewFollowsThePointer();
    void bannerAndNotification();
    void aCancelledBatchIsNotGreen();
    void workersThatCannotStartAreSaidOnce(); // it installs the German translation while it runs
    void smallScreensInBothLanguages();
    void emptyQueueIsReadWholeOnASmallScreen();
    void statusMessagesAreReadWholeOnASmallScreen();
    void anImportLeavesTheFocusWhereItWas();
    void theWindowGetsTheKeysWhenAPopupOutlivesADialog();
    void theOutputFolderTakesTheToolbarsRoom();
    void queueKeepsARowOfCardsUnderTheBannerAndTheSkippedList();
    void theWindowStaysOnASmallScreenAfterABatch();
    void presetCardsFitANarrowPane();
    void theLeastWindowCutsNothing();
    void theLeastWindowShowsTheOutputFolder();
    void theEmptyQueueHintNamesTheStartButton();
    void menuLettersAreUniqueInEachLanguage(); // last: it installs the German translation
};

void TestWindow::pressingOrDraggingACardKeepsTheDefault()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    QCOMPARE(w->defaultPreset(), QString("web"));
    QListView *cards = w->presetPanel()->view();
    PresetLibraryModel *presets = w->presetModel();
    const QRect thumb = cards->visualRect(presets->index(presets->rowOf("thumbnail")));
    QVERIFY(thumb.isValid());
    // A press and a press-and-move (the start of a drag) select the card; the default stays.
    QTest::mousePress(cards->viewport(), Qt::LeftButton, {}, thumb.center());
    QTest::mouseMove(cards->viewport(), thumb.center() + QPoint(2, 1));
    QTest::mouseRelease(cards->viewport(), Qt::LeftButton, {}, thumb.center() + QPoint(2, 1));
    QCOMPARE(w->presetPanel()->selectedPreset(), QString("thumbnail"));
    QCOMPARE(w->defaultPreset(), QString("web"));
    QVERIFY(!presets->index(presets->rowOf("thumbnail")).data(PresetLibraryModel::DefaultRole).toBool());
    // Deliberately: the default control, always visible above the cards.
    QComboBox *combo = w->presetPanel()->defaultCombo();
    QVERIFY(combo->isVisible());
    QCOMPARE(combo->currentText(), QString("web"));
    combo->setFocus();
    // A combo box changes with the arrow keys.
    const int web = presets->rowOf("web");
    QTest::keyClick(combo, web > 0 ? Qt::Key_Up : Qt::Key_Down);
    const QString next = presets->index(web > 0 ? web - 1 : web + 1).data(PresetLibraryModel::NameRole).toString();
    QTRY_COMPARE(w->defaultPreset(), next);
    QCOMPARE(combo->currentText(), next);
    w->presetPanel()->setDefaultPreset("classic");
    QCOMPARE(combo->currentText(), QString("classic"));
    QVERIFY(presets->index(presets->rowOf("classic")).data(PresetLibraryModel::DefaultRole).toBool());
}

void TestWindow::dropPreviewAndUndo()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    addImages(w, f.path("in"), 3);
    QueueModel *q = w->queueModel();
    QueueView *view = w->queueView();
    QTRY_VERIFY(view->visualRect(q->index(2)).isValid());
    PresetLibraryModel *presets = w->presetModel();
    std::unique_ptr<QMimeData> card(presets->mimeData({presets->index(presets->rowOf("thumbnail"))}));
    view->clearSelection();

    // Held over the second card: the status bar says what the drop will do, before release.
    QSignalSpy preview(view, &QueueView::presetDropPreview);
    const QPoint on = view->visualRect(q->index(1)).center();
    QDragEnterEvent enter(on, Qt::CopyAction, card.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QVERIFY(!preview.isEmpty());
    QCOMPARE(preview.last().first().toString(), QString("“thumbnail” → %1").arg(q->itemAt(1).name));
    QDropEvent dropEvent(QPointF(on), Qt::CopyAction, card.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view->viewport(), &dropEvent);
    QCOMPARE(preview.last().first().toString(), QString()); // the preview ends with the drop

    // After: exactly that image, the default unchanged, and the status bar says so.
    QCOMPARE(q->itemAt(1).preset, QString("thumbnail"));
    QVERIFY(q->itemAt(0).preset.isEmpty() && q->itemAt(2).preset.isEmpty());
    QCOMPARE(w->defaultPreset(), QString("web"));
    QVERIFY2(w->lastMessage().contains("Ctrl+Z"), qPrintable(w->lastMessage()));

    // Ctrl+Z puts it back; Ctrl+Shift+Z does it again.
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(q->itemAt(1).preset.isEmpty());
    QVERIFY2(w->lastMessage().startsWith("Undone: preset \"thumbnail\""), qPrintable(w->lastMessage()));
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(q->itemAt(1).preset, QString("thumbnail"));
    QCOMPARE(w->undoStack()->count(), 1);
}

// Images removed from the queue (Remove, Clear queue) come back with Ctrl+Z, before the preset steps
// before them are undone, theirs too. Images that cannot come back (their files added to the queue
// again, as new entries) leave the preset steps: a step says what it still changes, and one with no
// image left is passed over; Ctrl+Z and Ctrl+Shift+Z never say "Undone"/"Redone" about a change that
// did not happen.
void TestWindow::undoForgetsImagesThatLeftTheQueue()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    addImages(w, f.path("in"), 3);
    QueueModel *q = w->queueModel();
    QueueView *view = w->queueView();
    QAction *undo = nullptr, *redo = nullptr, *clear = nullptr;
    for (QAction *a : w->actions()) {
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_Z))
            undo = a;
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z))
            redo = a;
        if (a->text() == "C&lear queue")
            clear = a;
    }
    QVERIFY(undo && redo && clear);
    const quint64 first = q->itemAt(0).uid, second = q->itemAt(1).uid;
    w->assignPresetTo({q->itemAt(2).uid}, "classic");
    w->assignPresetTo({first, second}, "thumbnail");
    QVERIFY(undo->isEnabled());

    // One of the two removed: Ctrl+Z brings it back, then undoes the preset of both.
    view->setFocus();
    view->clearSelection();
    view->selectionModel()->select(q->index(q->rowOf(second)), QItemSelectionModel::Select);
    const QString secondName = q->item(second)->name;
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(q->rowCount(), 2);
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: removing %1 from the queue.").arg(secondName));
    QCOMPARE(q->rowCount(), 3);
    QCOMPARE(q->item(second)->preset, QString("thumbnail"));
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(w->lastMessage(), QString("Undone: preset \"thumbnail\" for 2 images."));
    QCOMPARE(q->item(first)->preset, QString());
    QCOMPARE(q->item(second)->preset, QString());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(q->item(first)->preset, QString("thumbnail"));
    QVERIFY2(w->lastMessage().startsWith("Redone: "), qPrintable(w->lastMessage()));

    // The queue cleared, then the same images again: the old entries cannot come back, nothing is
    // left to undo or redo, and the keys say nothing happened.
    clear->trigger();
    QCOMPARE(q->rowCount(), 0);
    QVERIFY(undo->isEnabled()); // the Clear
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QCOMPARE(q->rowCount(), 3);
    QVERIFY(!undo->isEnabled());
    QVERIFY(!redo->isEnabled());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(q->rowCount(), 3);
    for (int row = 0; row < q->rowCount(); ++row)
        QCOMPARE(q->itemAt(row).preset, QString());
    QVERIFY2(!w->lastMessage().contains("Undone") && !w->lastMessage().contains("Redone"),
             qPrintable(w->lastMessage()));

    // A new step after all that is undone as usual.
    w->assignPresetTo({q->itemAt(0).uid}, "thumbnail");
    QVERIFY(undo->isEnabled());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(q->itemAt(0).preset, QString());
    QVERIFY2(w->lastMessage().startsWith("Undone: preset \"thumbnail\""), qPrintable(w->lastMessage()));
}

// A deleted preset's images use the default; undo and redo go through the deletion (Ctrl+Z writes
// the preset back before the steps before it give it to images again, redo deletes it again after),
// so no image is left with a preset that does not exist (a batch could not start with it).
void TestWindow::undoingADeletedPresetNeverLeavesItsNameWithoutIt()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    addImages(w, f.path("in"), 2);
    QVERIFY(QDir().mkpath(f.path("presets")));
    QFile mine(f.path("presets/mine.json"));
    QVERIFY(mine.open(QIODevice::WriteOnly));
    mine.write(R"({"format": "pixelpool-preset", "version": 1, "name": "mine", "steps": []})");
    mine.close();
    PresetLibraryModel *presets = w->presetModel();
    presets->reload();
    const int row = presets->rowOf("mine");
    QVERIFY(row >= 0 && row < 9);
    QueueModel *q = w->queueModel();
    QueueView *view = w->queueView();
    view->setFocus();
    view->selectAll();
    QTest::keyClick(view, Qt::Key(Qt::Key_1 + row), Qt::ControlModifier);
    QCOMPARE(q->itemAt(0).preset, QString("mine"));
    emit w->presetPanel()->deleteRequested("mine");
    QVERIFY(q->itemAt(0).preset.isEmpty() && q->itemAt(1).preset.isEmpty());
    const auto consistent = [&] {
        for (int i = 0; i < q->rowCount(); ++i)
            if (!q->itemAt(i).preset.isEmpty() && !presets->library()->find(q->itemAt(i).preset))
                return false;
        return true;
    };
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier); // the deletion
    QVERIFY(QFile::exists(f.path("presets/mine.json")));
    QCOMPARE(q->itemAt(0).preset, QString("mine"));
    QVERIFY(consistent());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier); // the Ctrl+1
    QVERIFY(q->itemAt(0).preset.isEmpty() && consistent());
    QVERIFY(!w->undoStack()->canUndo());
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(q->itemAt(0).preset, QString("mine"));
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(q->itemAt(0).preset.isEmpty() && q->itemAt(1).preset.isEmpty() && consistent());
    QVERIFY(!QFile::exists(f.path("presets/mine.json")));
    QVERIFY(!w->undoStack()->canRedo());
}

void TestWindow::keyboardAssigns()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    addImages(w, f.path("in"), 3);
    QueueModel *q = w->queueModel();
    QueueView *view = w->queueView();
    PresetLibraryModel *presets = w->presetModel();
    const QString third = presets->index(2).data(PresetLibraryModel::NameRole).toString();
    view->setFocus();
    view->selectionModel()->select(q->index(0), QItemSelectionModel::ClearAndSelect);
    view->selectionModel()->select(q->index(2), QItemSelectionModel::Select);
    QTest::keyClick(view, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(q->itemAt(0).preset, third);
    QVERIFY(q->itemAt(1).preset.isEmpty());
    QCOMPARE(q->itemAt(2).preset, third);
    QCOMPARE(w->defaultPreset(), QString("web"));
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(q->itemAt(0).preset.isEmpty() && q->itemAt(2).preset.isEmpty());
    // With nothing selected, Ctrl+N says what to do instead of doing something to everything.
    view->clearSelection();
    QTest::keyClick(view, Qt::Key_1, Qt::ControlModifier);
    for (int i = 0; i < 3; ++i)
        QVERIFY(q->itemAt(i).preset.isEmpty());
    QVERIFY2(w->lastMessage().startsWith("Select images first"), qPrintable(w->lastMessage()));
    // Nothing left to process: Start says which menu item redoes the images, one that exists.
    BatchEvent done;
    done.kind = BatchEvent::Kind::Finished;
    for (int i = 0; i < 3; ++i)
        q->applyEvent(q->itemAt(i).uid, done);
    QVERIFY(!w->startBatch());
    bool named = false;
    for (const QAction *menu : w->menuBar()->actions())
        for (const QAction *item : menu->menu()->actions())
            named |= !item->isSeparator() && item->isEnabled() &&
                     w->lastMessage().contains(menu->iconText() + " ▸ " + item->iconText());
    QVERIFY2(named, qPrintable(w->lastMessage()));
}

void TestWindow::fitsTheScreens()
{
    const QList<QScreen *> screens = QGuiApplication::screens();
    QCOMPARE(screens.size(), kScreens.size());
    for (QScreen *screen : screens) {
        QRect available = screen->availableGeometry();
        // First start, and a geometry saved on a larger screen brought back on this one.
        for (bool saved : {false, true}) {
            QTemporaryDir tmp;
            QSettings settings(tmp.filePath("settings.ini"), QSettings::IniFormat);
            if (saved) {
                // Saved by a window on this screen when it was larger.
                QWidget big;
                big.setScreen(screen);
                big.setGeometry(available.left() + 300, 200, 2400, 1500);
                big.show();
                QVERIFY(QTest::qWaitForWindowExposed(&big));
                settings.setValue("geometry", big.saveGeometry());
            }
            GuiOptions o;
            o.settings = &settings;
            o.userPresetDir = tmp.filePath("presets");
            o.workerExecutable = QStringLiteral(PIXELPOOL_WORKER);
            o.workers = 1;
            o.dialogs = false;
            MainWindow w(o);
            if (!saved) {
                // The constructor sized it for the primary screen; on this one, as it would be.
                w.setScreen(screen);
                w.setGeometry(firstStartGeometry(available, kFrameGuess));
            }
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            // Qt brings a saved geometry back on the screen it chooses; it must fit that one.
            available = w.screen()->availableGeometry();
            QTRY_VERIFY2(available.contains(w.frameGeometry()), qPrintable(QString("%1 on %2×%3 (saved: %4)")
                                                                               .arg(QDebug::toString(w.frameGeometry()))
                                                                               .arg(available.width())
                                                                               .arg(available.height())
                                                                               .arg(saved)));
            // Nothing asks for more than the screen: the layout's minimum fits inside it.
            QVERIFY2(w.minimumSizeHint().width() <= available.width() &&
                         w.minimumSizeHint().height() <= available.height(),
                     qPrintable(QDebug::toString(w.minimumSizeHint())));
            w.close();
        }
    }
}

// A docked pane keeps its width as the window grows: maximized on a large screen the preview stayed
// 380 px beside a queue of 3000. It keeps its share of the width instead, the one the user gives it
// by dragging its edge too.
void TestWindow::previewKeepsItsShareOfTheWidth()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    auto *preview = w->findChild<QDockWidget *>("previewDock");
    QVERIFY(preview);
    const auto near = [](int got, double want) { return std::abs(got - want) <= 6; };
    w->resize(1360, 860);
    QTRY_COMPARE(w->width(), 1360);
    QTest::qWait(50);
    const int first = preview->width();
    QVERIFY2(first >= 300 && first <= 460, qPrintable(QString::number(first)));
    w->resize(2720, 860);
    QTRY_VERIFY2(near(preview->width(), 2.0 * first),
                 qPrintable(QString("%1, was %2").arg(preview->width()).arg(first)));
    w->resize(1360, 860);
    QTRY_VERIFY2(near(preview->width(), first), qPrintable(QString("%1, was %2").arg(preview->width()).arg(first)));

    // The user drags the preview's edge 200 px to the left. Synthetic presses do not reach the
    // main window's separators offscreen (the real pointer does, under Xvfb): the dock is given the
    // width the drag gives it, then the drag's end, a release on the window itself.
    w->resizeDocks({preview}, {first + 200}, Qt::Horizontal);
    QTRY_VERIFY2(near(preview->width(), first + 200), qPrintable(QString::number(preview->width())));
    const QPoint edge(preview->geometry().left() - 1, preview->geometry().center().y());
    QMouseEvent release(QEvent::MouseButtonRelease, edge, w->mapToGlobal(edge), Qt::LeftButton, Qt::NoButton, {});
    QApplication::sendEvent(w, &release);
    const int dragged = preview->width();
    w->resize(2040, 860);
    QTRY_VERIFY2(near(preview->width(), 1.5 * dragged),
                 qPrintable(QString("%1, was %2").arg(preview->width()).arg(dragged)));
}

// Made as narrow as it goes, the window squeezes the preview to its minimum; it gets its share back
// when the window grows again, in this run and the next. The share used to be taken at the first
// resize from a width the layout had already squeezed, so the preview stayed at its minimum, and
// that width was saved and restored. The next run's presets pane too (presetsRecoverFromANarrowWindow).
void TestWindow::previewRecoversFromANarrowWindow()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    auto *preview = w->findChild<QDockWidget *>("previewDock");
    QVERIFY(preview);
    QTRY_COMPARE(w->width(), 1200);
    QTest::qWait(50);
    const int wide = preview->width();
    const int presetsWide = w->findChild<QDockWidget *>("presetDock")->width();
    QVERIFY2(wide >= 300, qPrintable(QString::number(wide)));
    const auto near = [&](int got) { return std::abs(got - wide) <= 6; };
    w->resize(600, 800); // below the window's minimum: it stops there, the panes at theirs
    QTRY_VERIFY(w->width() < 1000);
    QTest::qWait(50);
    QVERIFY2(preview->width() < wide - 100, qPrintable(QString::number(preview->width())));
    w->resize(1200, 800);
    QTRY_VERIFY2(near(preview->width()), qPrintable(QString("%1, was %2").arg(preview->width()).arg(wide)));

    // Closed while narrow, opened at the earlier size: the share, not the squeezed width.
    w->resize(600, 800);
    QTRY_VERIFY(w->width() < 1000);
    QTest::qWait(50);
    QVERIFY(w->close());
    const GuiOptions o = windowOptions(f.settings.get(), f.path("presets"));
    MainWindow again(o);
    again.resize(1200, 800);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    auto *restored = again.findChild<QDockWidget *>("previewDock");
    QTRY_VERIFY2(near(restored->width()), qPrintable(QString("%1, was %2").arg(restored->width()).arg(wide)));
    auto *presets = again.findChild<QDockWidget *>("presetDock");
    QTRY_VERIFY2(std::abs(presets->width() - presetsWide) <= 6,
                 qPrintable(QString("presets %1, was %2").arg(presets->width()).arg(presetsWide)));
}

// Made as narrow as it goes, the window squeezed the presets pane, and it never got its width back:
// a narrowing window takes from every pane alike and a widening one gives only to the queue, so at
// 1024 and 1600 px the pane stayed about 160 px wide, every built-in's name cut ("web-an…", QA D1).
// It gets its width back as the window grows (and in the next run: previewRecoversFromANarrowWindow);
// at 1024 px the names are whole.
void TestWindow::presetsRecoverFromANarrowWindow()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    auto *presets = w->findChild<QDockWidget *>("presetDock");
    QVERIFY(presets);
    w->resize(1360, 800);
    QTRY_COMPARE(w->width(), 1360);
    QTest::qWait(50);
    const int wide = presets->width();
    QVERIFY2(wide >= 260, qPrintable(QString::number(wide)));
    const auto near = [&](int got) { return std::abs(got - wide) <= 6; };
    QListView *cards = w->presetPanel()->view();
    PresetLibraryModel *model = w->presetModel();
    // The built-ins' names cut as their cards paint them (a line of its own, "web-an…" when cut).
    const auto cut = [&] {
        QStringList names;
        for (const char *name : {"classic", "grayscale", "thumbnail", "web-and-thumbnail", "web"})
            if (!test::paintedLines(cards, model->index(model->rowOf(name))).contains(name))
                names << name;
        return names;
    };
    for (const int width : {1024, 1600}) {
        w->resize(1, 800); // as narrow as it goes: the panes at their least
        QTRY_VERIFY(w->width() < 1000);
        QTest::qWait(50);
        QVERIFY2(presets->width() < wide - 50, qPrintable(QString::number(presets->width())));
        w->resize(width, 800);
        QTRY_COMPARE(w->width(), width);
        QTRY_VERIFY2(near(presets->width()),
                     qPrintable(QString("at %1: %2, was %3").arg(width).arg(presets->width()).arg(wide)));
        QTRY_VERIFY2(cut().isEmpty(), qPrintable(QString("at %1: %2 cut").arg(width).arg(cut().join(", "))));
    }
}

// A user preset that does not load is left out of the cards and said, with its file and why, once
// the window shows; it was dropped without a word (the command line names it since d6af2be).
void TestWindow::userPresetsNotLoadedAreSaid()
{
    QTemporaryDir tmp;
    QVERIFY(QDir().mkpath(tmp.filePath("presets")));
    test::writeFile(tmp.filePath("presets/broken.json"), "{");
    QSettings settings(tmp.filePath("settings.ini"), QSettings::IniFormat);
    const GuiOptions o = windowOptions(&settings, tmp.filePath("presets"));
    MainWindow w(o);
    QStringList said;
    connect(&w, &MainWindow::message, &w, [&](const QString &text) { said << text; });
    QTRY_COMPARE(said.size(), 1);
    QVERIFY2(said[0].startsWith("Presets not loaded: ") && said[0].contains("broken.json") && said[0].contains("JSON"),
             qPrintable(said[0]));
}

// A first start on a 1024×768 screen gave the preview its 380 px beside the presets' 290 (in
// German 393: one row of its five buttons): the queue was one card wide. The preview's first
// width is a share of a small window (280 px at least), and the presets' buttons take two rows
// where one would make the panel wider than 300 px: two columns of cards fit, in both languages;
// in English the buttons stay in one row.
void TestWindow::aFirstStartOnASmallScreenShowsTwoColumnsOfCards()
{
    QStringList problems;
    test::inEachLanguage([&](bool, const QString &language) {
        QTemporaryDir tmp;
        QSettings settings(tmp.filePath("settings.ini"), QSettings::IniFormat);
        const GuiOptions o = windowOptions(&settings, tmp.filePath("presets"));
        const QSize screen = QSize(1024, 768).shrunkBy(kFrameGuess);
        {
            // What a first start on that screen has (firstStartGeometry), with nothing else saved.
            MainWindow sized(o);
            sized.resize(screen);
            settings.setValue("geometry", sized.saveGeometry());
        }
        MainWindow w(o);
        QCOMPARE(w.size(), screen);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        addImages(&w, tmp.filePath("in"), 4);
        QTRY_COMPARE(w.queueModel()->rowCount(), 4);
        QCoreApplication::processEvents();
        QAbstractItemView *queue = w.queueView();
        const QRect first = queue->visualRect(w.queueModel()->index(0)),
                    second = queue->visualRect(w.queueModel()->index(1));
        auto *preview = w.findChild<QDockWidget *>("previewDock");
        if (second.top() != first.top() || second.left() <= first.right())
            problems << QString("%1: the second card at %2,%3, the first at %4,%5; queue %6 px, preview %7 px")
                            .arg(language)
                            .arg(second.x())
                            .arg(second.y())
                            .arg(first.x())
                            .arg(first.y())
                            .arg(queue->viewport()->width())
                            .arg(preview->width());
        if (preview->width() < 280)
            problems << QString("%1: preview %2 px").arg(language).arg(preview->width());
        // Every button of the presets whole inside their panel; in one row where it has the room for
        // one (since Duplicate, not the English first start's 300 px; never the German's).
        QWidget *panel = w.presetPanel();
        const QList<QToolButton *> buttons = panel->findChildren<QToolButton *>();
        QSet<int> rows;
        int oneRow = 0;
        for (QToolButton *b : buttons)
            oneRow += b->sizeHint().width();
        const bool roomForOneRow = panel->findChild<QWidget *>("presetButtons")->width() >= oneRow;
        for (QToolButton *b : buttons) {
            const QRect r(b->mapTo(panel, QPoint(0, 0)), b->size());
            rows << r.top();
            if (!panel->rect().contains(r) || b->width() < b->sizeHint().width())
                problems << QString("%1: the button %2 at %3,%4 %5x%6 not whole in a %7x%8 panel")
                                .arg(language, b->text())
                                .arg(r.x())
                                .arg(r.y())
                                .arg(r.width())
                                .arg(r.height())
                                .arg(panel->width())
                                .arg(panel->height());
        }
        if (buttons.size() != 6 || rows.size() != (roomForOneRow ? 1 : 2))
            problems << QString("%1: %2 buttons in %3 rows").arg(language).arg(buttons.size()).arg(rows.size());
    });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

void TestWindow::fitArithmetic()
{
    const QMargins frame(4, 30, 4, 4);
    QCOMPARE(firstStartGeometry({0, 0, 1920, 1080}, frame).size(), kPreferredSize);
    QCOMPARE(firstStartGeometry({0, 0, 1280, 1024}, frame), QRect(4, 30 + (990 - 860) / 2, 1272, 860));
    QCOMPARE(firstStartGeometry({0, 0, 1366, 768}, frame), QRect(4, 30, 1358, 734));
    // Saved at 1500×1000 on a big screen, restored on 1366×768 with a panel at the top.
    QCOMPARE(fitInside({400, 300, 1500, 1000}, frame, {0, 24, 1366, 744}), QRect(4, 54, 1358, 710));
    // Already inside: left alone.
    QCOMPARE(fitInside({100, 100, 800, 600}, frame, {0, 0, 1920, 1080}), QRect(100, 100, 800, 600));
    // Off the left of a second screen: moved in, not resized.
    QCOMPARE(fitInside({1000, 50, 800, 600}, frame, {1280, 0, 1366, 768}), QRect(1284, 50, 800, 600));
}

void TestWindow::labelsFitOrElide()
{
    WindowFixture f;
    MainWindow *w = f.window.get();
    w->setOutputFolder("/home/someone/a/rather/deep/folder/of/folders/where/the/outputs/of/pixelpool/go");
    w->progressPanel()->setIdleText("Last batch: 6 done, 0 failed, 0 skipped in 0:01 — and some more words that "
                                    "make this line longer than any window");
    for (QSize size : {QSize(1272, 950), QSize(1358, 700), QSize(1000, 700)}) {
        w->resize(size);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QCoreApplication::processEvents();
        for (QLabel *label : w->findChildren<QLabel *>()) {
            if (!label->isVisibleTo(w) || label->text().isEmpty() || label->wordWrap())
                continue;
            if (auto *elided = qobject_cast<ElidedLabel *>(label)) {
                if (elided->isElided()) {
                    QVERIFY(elided->text().endsWith(QChar(0x2026)));
                    QCOMPARE(elided->toolTip(), elided->fullText());
                }
                continue;
            }
            QVERIFY2(label->sizeHint().width() <= label->width(),
                     qPrintable(QString("\"%1\" needs %2 px, has %3 at %4×%5")
                                    .arg(label->text())
                                    .arg(label->sizeHint().width())
                                    .arg(label->width())
                                    .arg(size.width())
                                    .arg(size.height())));
        }
    }
    // The long line beside Start while no batch runs is read whole, wrapped (a running batch's line
    // is cut with "…" instead: tst_gui_models).
    auto *hint = w->progressPanel()->findChild<QLabel *>("progressHint");
    QVERIFY(hint && hint->isVisible() && hint->wordWrap());
    QVERIFY(hint->text().startsWith("Last batch: 6 done, 0 failed, 0 skipped in 0:01"));
    QCOMPARE(hint->height(), hint->heightForWidth(hint->width()));
    QVERIFY(w->findChild<QToolButton *>("outputFolderButton")->toolTip().contains("/of/pixelpool/go"));
}

void TestWindow::everyControlIsNamed()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    addImages(w, f.path("in"), 2);
    int checked = 0;
    QStringList unnamed;
    for (QWidget *widget : w->findChildren<QWidget *>()) {
        if (!widget->isVisibleTo(w) || !isInteractive(widget))
            continue;
        QAccessibleInterface *a = QAccessible::queryAccessibleInterface(widget);
        QVERIFY(a);
        ++checked;
        if (a->text(QAccessible::Name).trimmed().isEmpty())
            unnamed << "no name: " + describe(widget);
        else if (a->text(QAccessible::Description).trimmed().isEmpty())
            unnamed << "no description: " + describe(widget) + " \"" + a->text(QAccessible::Name) + "\"";
    }
    // The panes behind the bottom tabs, shown or not: the skipped inputs' list and the log were
    // read out as a nameless "tree" and a nameless text.
    for (QWidget *pane :
         {static_cast<QWidget *>(w->skippedList()), static_cast<QWidget *>(w->findChild<QPlainTextEdit *>())}) {
        QVERIFY(pane);
        if (QAccessible::queryAccessibleInterface(pane)->text(QAccessible::Name).trimmed().isEmpty())
            unnamed << "no name: " + describe(pane);
    }
    // The line beside Start at rest is read as what it says: it was named "What to do next", and
    // its text was nowhere in the accessibility tree.
    auto *hint = w->progressPanel()->findChild<QLabel *>("progressHint");
    QVERIFY(hint && hint->isVisibleTo(w) && !hint->text().isEmpty());
    if (QAccessible::queryAccessibleInterface(hint)->text(QAccessible::Name) != hint->text())
        unnamed << "the line beside Start reads \"" +
                       QAccessible::queryAccessibleInterface(hint)->text(QAccessible::Name) + "\", shows \"" +
                       hint->text() + "\"";
    unnamed << test::altLettersSaidTwice(w);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join("\n")));
    QVERIFY2(checked >= 15, qPrintable(QString::number(checked)));
}

// Tab reaches every control that takes the keyboard, pane by pane as they are laid out: presets, the
// queue with its banner and progress strip, the preview, the skipped inputs and log, then the
// toolbar's output folder. The split slider is among them while the preview is side by side: it was
// disabled then, so Tab passed it by although it looked like one to move. And the queue shows that
// it has the keyboard: its current card is drawn with a focus ring, where nothing told the queue
// apart from a pane Tab had skipped.
void TestWindow::tabOrderFollowsLayout()
{
    WindowFixture f;
    MainWindow *w = f.active();
    QVERIFY(w);
    addImages(w, f.path("in"), 3);
    SessionSummary failed;
    failed.total = failed.failed = 1;
    failed.failures = {SessionFailure{w->queueModel()->itemAt(0).uid, "img0.jpg", "not a JPEG"}};
    w->batchBanner()->showSummary(failed, 0);
    auto *bottom = w->findChild<QDockWidget *>("bottomDock");
    bottom->show(); // as when an input is left out
    QVERIFY(!w->previewPane()->isSplit());
    QCoreApplication::processEvents();

    QWidget *first = w->presetPanel()->defaultCombo();
    first->setFocus();
    QList<QWidget *> reached;
    for (QWidget *at = first; at && !reached.contains(at) && reached.size() < 100; at = QApplication::focusWidget()) {
        reached << at;
        QTest::keyClick(at, Qt::Key_Tab);
    }
    QCOMPARE(QApplication::focusWidget(), first); // round, back to the start
    QStringList names;
    for (QWidget *x : reached)
        names << describe(x);

    const QList<QWidget *> expected{first,
                                    static_cast<QWidget *>(w->presetPanel()->view()),
                                    static_cast<QWidget *>(w->queueView()),
                                    static_cast<QWidget *>(w->batchBanner()->retryButton()),
                                    w->progressPanel()->findChild<QToolButton *>("startButton"),
                                    w->previewPane()->findChild<QToolButton *>("actualSizeButton"),
                                    static_cast<QWidget *>(w->previewPane()->splitSlider()),
                                    bottom->findChild<QTabBar *>(),
                                    static_cast<QWidget *>(w->skippedList()),
                                    w->findChild<QToolButton *>("outputFolderButton")};
    QList<int> positions;
    for (QWidget *x : expected) {
        QVERIFY(x);
        positions << int(reached.indexOf(x));
    }
    QVERIFY2(std::is_sorted(positions.begin(), positions.end()) && !positions.contains(-1),
             qPrintable(QDebug::toString(positions) + "\n" + names.join("\n")));
    // None left out: every control shown and enabled that takes focus by Tab.
    for (QWidget *x : w->findChildren<QWidget *>())
        if (x->isVisibleTo(w) && x->isEnabled() && isInteractive(x) && (x->focusPolicy() & Qt::TabFocus))
            QVERIFY2(reached.contains(x), qPrintable(describe(x) + " is not reached by Tab:\n" + names.join("\n")));

    // Moving the slider from the keyboard shows the split view it moves the line of.
    QWidget *slider = w->previewPane()->splitSlider();
    slider->setFocus();
    QTest::keyClick(slider, Qt::Key_Right);
    QVERIFY(w->previewPane()->isSplit());

    // The current card with the keyboard in the queue is drawn otherwise than without it.
    QueueView *view = w->queueView();
    view->setCurrentIndex(w->queueModel()->index(1));
    const QRect card = view->visualRect(w->queueModel()->index(1));
    first->setFocus();
    const QImage without = view->viewport()->grab(card).toImage();
    view->setFocus();
    const QImage with = view->viewport()->grab(card).toImage();
    QVERIFY(without != with);
}

// The toolbar's Add files…, Add folder… and Remove from queue were no Tab stops (Qt makes a
// toolbar's buttons so): a keyboard user reached only the output folder's button beside them (the
// keyboard QA pass). From where the window puts the keys, Tab goes round through the panes and then
// through the toolbar, left to right, before the presets; Space presses the button Tab is on, and a
// Remove that leaves nothing selected gives the keys to the queue, not to the next button.
void TestWindow::tabReachesTheToolbar()
{
    WindowFixture f;
    MainWindow *w = f.active();
    QVERIFY(w);
    // The empty queue's own buttons first: Tab goes from Add files… to Add folder….
    auto *emptyAddFiles = w->queueView()->findChild<QPushButton *>("emptyAddFiles");
    auto *emptyAddFolder = w->queueView()->findChild<QPushButton *>("emptyAddFolder");
    QVERIFY(emptyAddFiles && emptyAddFolder);
    QTRY_COMPARE(QApplication::focusWidget(), emptyAddFiles);
    QTest::keyClick(emptyAddFiles, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), emptyAddFolder);

    addImages(w, f.path("in"), 3);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(w->queueView()));
    QWidget *first = QApplication::focusWidget();               // where the window puts the keys
    w->queueView()->setCurrentIndex(w->queueModel()->index(2)); // selected: Remove is enabled
    QList<QWidget *> reached;
    for (QWidget *at = first; at && !reached.contains(at) && reached.size() < 100; at = QApplication::focusWidget()) {
        reached << at;
        QTest::keyClick(at, Qt::Key_Tab);
    }
    QCOMPARE(QApplication::focusWidget(), first); // round, back to the start
    QStringList names;
    for (QWidget *x : reached)
        names << describe(x);

    auto *bar = w->findChild<QToolBar *>("mainToolBar");
    QVERIFY(bar);
    QList<QWidget *> expected{static_cast<QWidget *>(w->queueView()),
                              w->progressPanel()->findChild<QToolButton *>("startButton"),
                              static_cast<QWidget *>(w->previewPane()->splitSlider())};
    QStringList buttons;
    for (QAction *a : bar->actions())
        if (auto *b = qobject_cast<QToolButton *>(bar->widgetForAction(a)); b && b->isVisible()) {
            expected << b;
            buttons << (b->defaultAction() ? b->defaultAction()->iconText() : b->objectName());
        }
    QCOMPARE(buttons, QStringList({"Add files…", "Add folder…", "Remove from queue", "outputFolderButton"}));
    expected << w->presetPanel()->defaultCombo();
    QList<int> positions;
    for (QWidget *x : expected)
        positions << int(reached.indexOf(x));
    QVERIFY2(std::is_sorted(positions.begin(), positions.end()) && !positions.contains(-1),
             qPrintable(QDebug::toString(positions) + "\n" + names.join("\n")));

    // Space on Remove removes the selected image; the keys go back to the queue.
    QWidget *remove = expected[5];
    QCOMPARE(static_cast<QToolButton *>(remove)->defaultAction()->iconText(), QString("Remove from queue"));
    remove->setFocus(Qt::TabFocusReason);
    QTest::keyClick(remove, Qt::Key_Space);
    QCOMPARE(w->queueModel()->rowCount(), 2);
    QVERIFY(!remove->isEnabled());
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(w->queueView()));
}

// The window opened with the keys on the presets' Default box, which showed nothing of it: Down
// then changed the default preset, and nothing said so (window QA pass). The keys start in the
// queue: on the empty queue's Add files… button, and on the cards once images come (given on the
// command line, they took the keys to Start); Down there changes no preset. The Default box turned from the keyboard
// says the new default in the status bar, as the window's other settings do.
void TestWindow::theKeysStartInTheQueue()
{
    WindowFixture f;
    MainWindow *w = f.active();
    QVERIFY(w);
    const QString preset = w->defaultPreset();
    auto *addFiles = w->queueView()->findChild<QPushButton *>("emptyAddFiles");
    QVERIFY(addFiles);
    QTRY_COMPARE(QApplication::focusWidget(), addFiles);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
    QCOMPARE(w->defaultPreset(), preset);

    // Images given before the window is active, as `pixelpool FILES` gives them: the keys on the cards.
    WindowFixture given;
    for (int i = 0; i < 2; ++i)
        test::makeImage(given.path("in"), QString("img%1.jpg").arg(i), 40, 30);
    QVERIFY(test::addInputsAndWait(given.window.get(), {QFile::encodeName(given.path("in"))}));
    MainWindow *g = given.active();
    QVERIFY(g);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(g->queueView()));
    const QString givenPreset = g->defaultPreset();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
    QCOMPARE(g->defaultPreset(), givenPreset);
    given.window->close();

    // Added to a window that has the keys: on the cards too.
    QVERIFY(f.active());
    addImages(w, f.path("in"), 2);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(w->queueView()));

    QComboBox *box = w->presetPanel()->defaultCombo();
    box->setFocus(Qt::TabFocusReason);
    QTest::keyClick(box, Qt::Key_Up); // "web", the default, is the last card
    QVERIFY(w->defaultPreset() != preset);
    QCOMPARE(w->lastMessage(), QString("The default preset is \"%1\" now.").arg(w->defaultPreset()));
}

// Shift+F10 and the Menu key open the queue's menu, the one a right click opens, at the current card.
void TestWindow::queueMenuFromTheKeyboard()
{
    WindowFixture f;
    MainWindow *w = f.active();
    QVERIFY(w);
    addImages(w, f.path("in"), 3);
    QueueView *view = w->queueView();
    const QModelIndex current = w->queueModel()->index(1);
    view->setFocus();
    view->setCurrentIndex(current);
    const QPoint at = view->visualRect(current).center();
    const auto texts = [](const QMenu *menu) {
        QStringList out;
        for (const QAction *a : menu->actions())
            out << a->text();
        return out;
    };
    QContextMenuEvent click(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
    QCoreApplication::sendEvent(view->viewport(), &click);
    auto *clicked = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    QVERIFY(clicked);
    const QStringList wanted = texts(clicked);
    QVERIFY2(wanted.contains("&Remove from queue"), qPrintable(wanted.join(", ")));
    clicked->close();
    QTRY_VERIFY(!QApplication::activePopupWidget());
    for (const auto &[key, modifiers] :
         {std::pair{Qt::Key_F10, Qt::ShiftModifier}, std::pair{Qt::Key_Menu, Qt::NoModifier}}) {
        QTest::keyClick(view, key, modifiers);
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY2(menu, qPrintable(QKeySequence(key | modifiers).toString()));
        QCOMPARE(texts(menu), wanted);
        const QPoint offset = menu->pos() - view->viewport()->mapToGlobal(at);
        QVERIFY2(offset.manhattanLength() <= 2, qPrintable(QDebug::toString(offset)));
        menu->close();
        QTRY_VERIFY(!QApplication::activePopupWidget());
    }
}

void TestWindow::queueCardsAnnounceNameAndState()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    addImages(w, f.path("in"), 2);
    QueueModel *q = w->queueModel();
    q->assignPreset({q->itemAt(1).uid}, "grayscale");
    QCOMPARE(q->index(0).data(Qt::AccessibleTextRole).toString(), q->itemAt(0).name);
    QCOMPARE(q->index(0).data(Qt::AccessibleDescriptionRole).toString(), QString("Queued. Default preset"));
    QCOMPARE(q->index(1).data(Qt::AccessibleDescriptionRole).toString(), QString("Queued. Preset: grayscale"));
    // Through the accessibility tree, as a screen reader asks: the view's first child.
    QAccessibleInterface *view = QAccessible::queryAccessibleInterface(w->queueView());
    QVERIFY(view && view->childCount() >= 2);
    QAccessibleInterface *card = view->child(0);
    QVERIFY(card);
    QCOMPARE(card->text(QAccessible::Name), q->itemAt(0).name);
    QCOMPARE(card->text(QAccessible::Description), QString("Queued. Default preset"));
}

void TestWindow::splitPreviewFollowsThePointer()
{
    PreviewPane pane;
    pane.resize(400, 300);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QImage before(200, 100, QImage::Format_RGB32), after(200, 100, QImage::Format_RGB32);
    before.fill(Qt::red);
    after.fill(Qt::blue);
    pane.setBefore(before, before.size());
    pane.setAfter(after, after.size(), 1);
    pane.setSplit(true);
    QVERIFY(pane.splitSlider()->isEnabled());
    const QRect area = pane.imageArea();
    const QPoint at(area.left() + area.width() / 4, area.center().y());
    QTest::mousePress(&pane, Qt::LeftButton, {}, at);
    QTest::mouseMove(&pane, at + QPoint(area.width() / 2, 0));
    QTest::mouseRelease(&pane, Qt::LeftButton, {}, at + QPoint(area.width() / 2, 0));
    QVERIFY2(qAbs(pane.splitPosition() - 0.75) < 0.02, qPrintable(QString::number(pane.splitPosition())));
    QCOMPARE(pane.splitSlider()->value(), int(std::lround(pane.splitPosition() * 1000)));
    // Left of the line is before (red), right of it after (blue).
    const QImage shot = pane.grab().toImage();
    const int y = area.center().y();
    QCOMPARE(QColor(shot.pixel(area.left() + area.width() / 2, y)), QColor(Qt::red));
    QCOMPARE(QColor(shot.pixel(area.left() + area.width() * 9 / 10, y)), QColor(Qt::blue));
}

// "Batch cancelled after 0:03" was as green as a batch that went well: a cancelled one without a
// failure has the window's own colours, one with a failure stays red. The green and the red are
// tints of the palette's base, its words readable on them (tst_gui_contrast has them in a dark one).
void TestWindow::aCancelledBatchIsNotGreen()
{
    BatchBanner banner;
    SessionSummary s;
    s.total = 6;
    s.done = 6;
    s.seconds = 3;
    const auto tint = [&banner] {
        const QColor window = banner.palette().color(QPalette::Window);
        return window.green() > window.red() && window.green() > window.blue() ? QString("green")
               : window.red() > window.green() && window.red() > window.blue() ? QString("red")
                                                                               : QString("none");
    };
    const auto readable = [&banner] {
        return contrastRatio(banner.palette().color(QPalette::WindowText), banner.palette().color(QPalette::Window)) >=
               kTextContrast;
    };
    banner.showSummary(s, 0);
    QCOMPARE(tint(), QString("green"));
    QVERIFY(readable());
    s.done = 2;
    s.cancelledItems = 4;
    s.cancelled = true;
    banner.showSummary(s, 0);
    QVERIFY2(banner.headline().startsWith("Batch cancelled"), qPrintable(banner.headline()));
    QCOMPARE(banner.palette().color(QPalette::Window), QApplication::palette(&banner).color(QPalette::Window));
    QCOMPARE(banner.palette().color(QPalette::WindowText), QApplication::palette(&banner).color(QPalette::WindowText));
    s.done = 1;
    s.failed = 1;
    s.failures = {SessionFailure{42, "broken.jpg", "not a JPEG"}};
    banner.showSummary(s, 0);
    QCOMPARE(tint(), QString("red"));
    QVERIFY(readable());
}

void TestWindow::bannerAndNotification()
{
    BatchBanner banner;
    SessionSummary s;
    s.total = 6;
    s.done = 5;
    s.failed = 1;
    s.seconds = 12;
    s.worked = 6;
    s.workers = 2;
    s.outputDirs = {"/tmp/out"};
    s.failures = {SessionFailure{42, "broken.jpg", "not a JPEG"}};
    banner.showSummary(s, 0);
    QVERIFY(!banner.isHidden());
    QCOMPARE(banner.headline(), QString("Batch finished: 6 images in 0:12"));
    const auto counts = [&] {
        for (const QLabel *l : banner.findChildren<QLabel *>())
            if (l->text().contains("images/"))
                return l->text();
        return QString();
    };
    QVERIFY2(counts().contains("30\u00a0images/min with 2\u00a0workers"), qPrintable(counts()));
    // One worker, one lost: singular, never "1 workers". The count is of workers lost: it was said
    // "replaced", also when none could be (the worker file had become unreadable).
    s.workers = 1;
    s.workersReplaced = 1;
    banner.showSummary(s, 0);
    QVERIFY2(counts().contains("30\u00a0images/min with 1\u00a0worker · 1 worker lost (crashed, hung or killed)"),
             qPrintable(counts()));
    QVERIFY2(!counts().contains("workers"), qPrintable(counts()));
    s.workersReplaced = 2;
    banner.showSummary(s, 0);
    QVERIFY2(counts().contains("30\u00a0images/min with 1\u00a0worker · 2 workers lost (crashed, hung or killed)"),
             qPrintable(counts()));
    QVERIFY2(!counts().contains("replaced"), qPrintable(counts()));
    // The rate is of the images a worker took (written or failed there), not of those skipped.
    s.skipped = 18;
    s.total = 24;
    s.workersReplaced = 0;
    banner.showSummary(s, 0);
    QCOMPARE(counts(),
             QString("5 done · 1 failed · 18 skipped (output existed) · 30\u00a0images/min with 1\u00a0worker"));
    QCOMPARE(banner.countsText().section('\n', 1), QString("output: /tmp/out")); // on a line of its own
    // The headline counts the images made or tried, the skipped apart: it said "24 images in 0:12".
    QCOMPARE(banner.headline(), QString("Batch finished: 6 images in 0:12, 18 skipped"));
    // No image written: no rate, as in the terminal; the workers that took the failures (the number
    // kept with its word where the line wraps).
    const SessionSummary worked = s;
    s.done = 0;
    s.failed = 6;
    s.workers = 2;
    banner.showSummary(s, 0);
    QVERIFY2(banner.countsText().startsWith(
                 QString("0 done · 6 failed · 18 skipped (output existed) · 2%1workers\n").arg(QChar(QChar::Nbsp))),
             qPrintable(banner.countsText()));
    // No worker began an image (every one skipped or refused before): none named, no rate.
    SessionSummary idle;
    idle.total = idle.skipped = 3;
    banner.showSummary(idle, 0);
    QCOMPARE(banner.countsText(), QString("0 done · 0 failed · 3 skipped (output existed)"));
    // ...and the headline says nothing was to do: "Batch finished: 3 images in 0:01" read as if
    // they had been made again.
    QCOMPARE(banner.headline(), QString("Nothing to do: the outputs of all 3 images exist already"));
    SessionSummary one;
    one.total = one.skipped = 1;
    banner.showSummary(one, 0);
    QCOMPARE(banner.headline(), QString("Nothing to do: the image's output exists already"));
    {
        const test::GermanTranslations german;
        banner.showSummary(idle, 0);
        QCOMPARE(banner.countsText(), QString("0 fertig · 0 fehlgeschlagen · 3 übersprungen (Ausgabe existierte)"));
        QCOMPARE(banner.headline(), QString("Nichts zu tun: die Ausgaben aller 3 Bilder existieren bereits"));
        banner.showSummary(worked, 0);
        QCOMPARE(banner.headline(), QString("Stapelverarbeitung beendet: 6 Bilder in 0:12, 18 übersprungen"));
        banner.showSummary(s, 0);
        QVERIFY2(
            banner.countsText().section('\n', 0, 0).endsWith(QString(" · 2%1Arbeitsprozesse").arg(QChar(QChar::Nbsp))),
            qPrintable(banner.countsText()));
        s.workers = 1;
        banner.showSummary(s, 0);
        QVERIFY2(
            banner.countsText().section('\n', 0, 0).endsWith(QString(" · 1%1Arbeitsprozess").arg(QChar(QChar::Nbsp))),
            qPrintable(banner.countsText()));
        banner.showSummary(worked, 0);
        QVERIFY2(banner.countsText().section('\n', 0, 0).endsWith(" · 30\u00a0Bilder/min mit 1\u00a0Arbeitsprozess"),
                 qPrintable(banner.countsText()));
    }
    banner.showSummary(worked, 0);
    QVERIFY(banner.retryButton()->isEnabled());
    QSignalSpy retry(&banner, &BatchBanner::retryRequested);
    banner.retryButton()->click();
    QCOMPARE(retry.first().first().value<QList<quint64>>(), QList<quint64>{42});
    QVERIFY(banner.isHidden());

    QVERIFY(!DesktopNotifier::worthNotifying(true, 60));
    QVERIFY(!DesktopNotifier::worthNotifying(false, 9.5));
    QVERIFY(DesktopNotifier::worthNotifying(false, 10.5));
    // No session bus (main() points it nowhere, as on CI): no notification, no crash, no wait.
    DesktopNotifier notifier;
    QElapsedTimer t;
    t.start();
    QVERIFY(!notifier.notify("PixelPool", "test"));
    QVERIFY(t.elapsed() < 5000);
}

int main(int argc, char **argv)
{
    // Three screens side by side, the sizes the issue names, on the offscreen platform.
    QTemporaryDir dir;
    QFile config(dir.filePath("screens.json"));
    if (!config.open(QIODevice::WriteOnly))
        qFatal("cannot write the screen configuration");
    QByteArray json = R"({"screens": [)";
    for (int i = 0; i < kScreens.size(); ++i) {
        const QRect &r = kScreens[i];
        json += QString(R"(%1{"name": "screen%2", "x": %3, "y": %4, "width": %5, "height": %6, "logicalDpi": 96})")
                    .arg(i ? "," : "")
                    .arg(i)
                    .arg(r.x())
                    .arg(r.y())
                    .arg(r.width())
                    .arg(r.height())
                    .toUtf8();
    }
    config.write(json + "]}");
    config.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(config.fileName()));
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + QFile::encodeName(dir.filePath("no-bus")));
    QApplication app(argc, argv);
    TestWindow t;
    return QTest::qExec(&t, argc, argv);
}

// Alt and a letter choose one item of a menu, or one menu of the bar: each has one, no two share it,
// in English and in German (Alt+F, F went to "Add files…" or "Output folder…" by turns).
namespace {
// What each part of the window asks for at least, for a message that names the culprit.
QString minimumSizes(MainWindow *w)
{
    QStringList parts;
    const auto add = [&](const QString &name, QWidget *part) {
        if (part && part->isVisibleTo(w))
            parts << QString("%1 %2×%3")
                         .arg(name)
                         .arg(part->minimumSizeHint().width())
                         .arg(part->minimumSizeHint().height());
    };
    add("window", w);
    add("central", w->centralWidget());
    for (QDockWidget *dock : w->findChildren<QDockWidget *>())
        add(dock->objectName(), dock);
    for (QToolBar *bar : w->findChildren<QToolBar *>())
        add(bar->objectName(), bar);
    add("banner", w->batchBanner());
    add("progress", w->progressPanel());
    add("menu", w->menuBar());
    add("status", w->statusBar());
    for (QWidget *child : w->centralWidget()->findChildren<QWidget *>())
        if (child->isVisibleTo(w) && child->minimumSizeHint().width() > 150)
            add(QString("%1 \"%2\"").arg(child->metaObject()->className(), child->objectName()), child);
    return parts.join(", ");
}
} // namespace

// English stopped at 920 px, German at 1088: the window did not fit a 1024-pixel-wide screen. Now
// both fit 1024×768 with everything shown (the end-of-batch banner with every button, the skipped
// list, a deep output folder), and the queue there still has room for a row of cards.
// The worker file cannot be run (its permissions taken away), in German. Before, one warning box
// opened for each request that failed (13 for a click on an image, 40 for a Start of 40), its text
// in English; the preview said "Computing the preview…" for ever, and once the file could be run
// again only another image brought the preview back, the failed thumbnails never.
void TestWindow::workersThatCannotStartAreSaidOnce()
{
    QTemporaryDir tmp;
    const QString worker = tmp.filePath("pixelpool-worker");
    QVERIFY(QFile::copy(QStringLiteral(PIXELPOOL_WORKER), worker));
    QVERIFY(QFile::setPermissions(worker, QFile::Permissions()));
    test::GermanTranslations german;
    QSettings settings(tmp.filePath("settings.ini"), QSettings::IniFormat);
    GuiOptions o;
    o.settings = &settings;
    o.userPresetDir = tmp.filePath("presets");
    o.workerExecutable = worker;
    o.workers = 2;
    o.dialogs = true;
    o.fitToScreen = false;
    MainWindow w(o);
    w.setOutputFolder(tmp.filePath("output"));
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const auto boxes = [&] {
        QList<QMessageBox *> open;
        for (QMessageBox *b : w.findChildren<QMessageBox *>())
            if (b->isVisible())
                open << b;
        return open;
    };
    QTRY_COMPARE_WITH_TIMEOUT(boxes().size(), 1, 10000); // the pool gave up as it started
    QMessageBox *box = boxes().first();
    QCOMPARE(box->windowTitle(), QString("Arbeitsprozesse können nicht laufen"));
    QVERIFY2(box->text().startsWith("Arbeitsprozesse können nicht starten (der Arbeitsprozess " + worker +
                                    " kann nicht gestartet werden: "),
             qPrintable(box->text()));
    box->close();
    QTRY_VERIFY(boxes().isEmpty());

    addImages(&w, tmp.filePath("in"), 6);
    QueueModel *q = w.queueModel();
    QCOMPARE(q->rowCount(), 6);
    w.queueView()->setCurrentIndex(q->index(2, 0));
    PreviewPane *pane = w.previewPane();
    QTRY_VERIFY_WITH_TIMEOUT(!pane->error().isEmpty(), 10000); // says why, instead of computing for ever
    QVERIFY2(pane->error().startsWith("Arbeitsprozesse können nicht starten ("), qPrintable(pane->error()));
    QSignalSpy finished(&w, &MainWindow::batchFinished);
    QVERIFY(w.startBatch());
    QVERIFY(finished.wait(20000));
    QCOMPARE(q->countInState(ItemState::Failed), 6);
    QTest::qWait(300);
    QVERIFY2(boxes().isEmpty(), "a box again in the same episode"); // the status bar says it
    // The batch's end, and why its images failed: before, the second line came only because the
    // pool, giving up, was started again for the batch's next images, and gave up after its end.
    QVERIFY2(w.lastMessage().startsWith("Stapelverarbeitung beendet. Arbeitsprozesse können nicht laufen: "),
             qPrintable(w.lastMessage()));
    QVERIFY2(!w.lastMessage().contains("workers cannot"), qPrintable(w.lastMessage()));
    const QByteArray key = q->itemAt(0).thumbnailKey();
    QTRY_VERIFY_WITH_TIMEOUT(w.thumbnails()->failed(key), 10000);

    // The file can be run again: the preview and the thumbnails come by themselves.
    QVERIFY(QFile::setPermissions(worker, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QTRY_VERIFY_WITH_TIMEOUT(pane->error().isEmpty() && pane->caption(true).contains("×"), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(!w.thumbnails()->get(key).isNull(), 20000);
    QVERIFY(boxes().isEmpty());
    QCOMPARE(w.lastMessage(), QString("Arbeitsprozesse laufen wieder."));
}

void TestWindow::smallScreensInBothLanguages()
{
    QStringList tooLarge;
    test::inEachLanguage([&](bool, const QString &language) {
        WindowFixture f;
        MainWindow *w = f.window.get();
        w->setOutputFolder("/home/someone/Bilder/Urlaub 2024 in den Bergen/PixelPool-Ausgaben");
        SessionSummary s;
        s.total = 12;
        s.done = 9;
        s.failed = 1;
        s.cancelledItems = 2;
        s.cancelledUids = {7, 8};
        s.seconds = 12;
        s.worked = 10;
        s.workers = 2;
        s.outputDirs = {f.path("output")};
        s.failures = {SessionFailure{42, "broken.jpg", "not a JPEG"}};
        s.warnings = {SessionFailure{43, "cups.jpg", "colour profile left out"}};
        w->batchBanner()->showSummary(s, 3);
        w->findChild<QDockWidget *>("bottomDock")->show();
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QCoreApplication::processEvents();
        const QSize min = w->minimumSizeHint().expandedTo(w->minimumSize());
        qInfo("%s: %s", qPrintable(language), qPrintable(minimumSizes(w)));
        // With the window manager's frame, on a 1024×768 screen.
        const QSize screen = QSize(1024, 768).shrunkBy(kFrameGuess);
        if (min.width() > screen.width() || min.height() > screen.height()) {
            tooLarge << QString("%1: %2").arg(language, minimumSizes(w));
            return;
        }
        // There the queue still shows a whole row of cards above the banner and the strip.
        w->resize(screen);
        QTRY_COMPARE(w->size(), screen);
        QCoreApplication::processEvents();
        if (w->queueView()->viewport()->height() < QueueDelegate::cardSize().height())
            tooLarge << QString("%1: the queue is %2 px high").arg(language).arg(w->queueView()->viewport()->height());
    });
    QVERIFY2(tooLarge.isEmpty(), qPrintable(tooLarge.join("\n")));
}

namespace {
// The texts `widget` paints itself (its children apart), each with its box.
QList<test::PaintedText> paintedTexts(QWidget *widget)
{
    return test::paintedTexts(widget, [widget](QPaintDevice *device) {
        widget->render(device, QPoint(), QRegion(), QWidget::RenderFlags());
    });
}

// The words of `text`, as painted pieces split them.
QStringList wordsOf(const QString &text) { return text.split(QRegularExpression("\\s+"), Qt::SkipEmptyParts); }
} // namespace

// On a 1024×768 screen in German, the empty queue's heading "Bilder oder Ordner hier ablegen" was
// cut at both sides of the queue, its hint's third line ran into the buttons, which stood out of
// the drop zone, and the line beside Start said "Bilder…". Now every word is painted inside the
// queue, the buttons below the words, and the line beside Start is read whole.
void TestWindow::emptyQueueIsReadWholeOnASmallScreen()
{
    QStringList problems;
    test::inEachLanguageOnASmallScreen([&](WindowFixture &f, const QString &language, QSize) {
        MainWindow *w = f.window.get();
        QCoreApplication::processEvents();
        QWidget *viewport = w->queueView()->viewport();
        const QList<test::PaintedText> texts = paintedTexts(viewport);
        QStringList painted;
        for (const test::PaintedText &t : texts) {
            painted << wordsOf(t.text);
            // A pixel of slack: the ink's box is in fractions, the clip in whole pixels.
            const bool inside = QRectF(viewport->rect()).adjusted(-1, -1, 1, 1).contains(t.box);
            if (!inside || t.shown.width() < t.box.width() - 1 || t.shown.height() < t.box.height() - 2)
                problems << QString("%1: \"%2\" painted at %3, shown %4 in a queue of %5")
                                .arg(language, t.text, QDebug::toString(t.box), QDebug::toString(t.shown),
                                     QDebug::toString(viewport->rect()));
            for (const char *name : {"emptyAddFiles", "emptyAddFolder"}) {
                auto *b = w->queueView()->findChild<QPushButton *>(name);
                const QRect r(b->mapTo(viewport, QPoint(0, 0)), b->size());
                if (r.intersects(t.box.toAlignedRect()))
                    problems << QString("%1: %2 over \"%3\"").arg(language, name, t.text);
            }
        }
        const QStringList expected =
            wordsOf(QueueView::tr("Drop images or folders here")) +
            wordsOf(QueueView::tr("Folders are searched with their sub-folders. You can also paste an image "
                                  "(Ctrl+V) or drop one from a web browser."));
        if (painted != expected)
            problems << QString("%1: painted \"%2\"").arg(language, painted.join(' '));
        for (const char *name : {"emptyAddFiles", "emptyAddFolder"}) {
            auto *b = w->queueView()->findChild<QPushButton *>(name);
            const QRect r(b->mapTo(viewport, QPoint(0, 0)), b->size());
            // Inside the dashed drop zone drawn 24 px in from the queue's edges.
            if (!b->isVisible() || !viewport->rect().adjusted(24, 24, -24, -24).contains(r) ||
                b->width() < b->sizeHint().width())
                problems << QString("%1: %2 at %3 in %4")
                                .arg(language, name, QDebug::toString(r), QDebug::toString(viewport->rect()));
        }
        // The line beside Start: whole, on two lines if need be.
        ProgressPanel *panel = w->progressPanel();
        const QString hint = panel->statsText();
        QVERIFY(!hint.isEmpty());
        bool whole = false;
        for (QLabel *label : panel->findChildren<QLabel *>())
            if (label->isVisible() && label->text() == hint)
                whole = label->width() >= std::min(label->sizeHint().width(), label->minimumSizeHint().width()) &&
                        label->height() >=
                            (label->wordWrap() ? label->heightForWidth(label->width()) : label->sizeHint().height());
        for (StatusLine *line : panel->findChildren<StatusLine *>())
            if (line->isVisible() && line->fullText() == hint)
                whole = !line->isElided();
        if (!whole)
            problems << QString("%1: \"%2\" is not read whole beside Start").arg(language, hint);
    });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

// Importing a preset (Ctrl+I, or the Import button) with the focus on the Export button or in the
// queue left no control with the focus: the cards were reloaded, which disabled Export for a moment,
// and Tab and the arrow keys did nothing until the window was left and entered again. The focus
// stays where it was; where that control is gone, it is on the imported card.
void TestWindow::anImportLeavesTheFocusWhereItWas()
{
    WindowFixture f(1);
    MainWindow *w = f.window.get();
    QVERIFY(f.shown());
    PresetPanel *panel = w->presetPanel();
    QToolButton *exportButton = nullptr;
    for (QToolButton *b : panel->findChildren<QToolButton *>())
        if (b->text().remove('&') == "Export")
            exportButton = b;
    QVERIFY(exportButton);
    panel->selectPreset("thumbnail");
    QVERIFY(exportButton->isEnabled());
    int n = 0;
    const auto importOne = [&] {
        const QString name = QString("imported %1").arg(++n);
        const QString file = test::writeFile(
            f.path(QString("import/p%1.json").arg(n)),
            QString(R"({"format":"pixelpool-preset","version":1,"name":"%1","steps":[]})").arg(name).toUtf8());
        emit panel->presetFilesDropped({file});
        QCoreApplication::processEvents();
        QCOMPARE(panel->view()->currentIndex().data(PresetLibraryModel::NameRole).toString(), name);
    };
    for (QWidget *where : {static_cast<QWidget *>(exportButton), static_cast<QWidget *>(w->queueView())}) {
        where->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), where);
        importOne();
        QVERIFY2(
            QApplication::focusWidget() == where,
            qPrintable(QString("the focus was on %1, now on %2")
                           .arg(where->metaObject()->className(),
                                QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className()
                                                            : "nothing")));
    }
}

// The other half of the focus after a file dialog, the part only a window system shows (tests/x11
// with a screen reader's key listener): the dialog's completer list was still open when the window
// system gave the main window the focus. Qt set that activation aside because a popup was open,
// and did not look again when the list closed: the window had the X focus but no active window or
// focus widget in Qt, and the keys did nothing. PopupActivation (one for the application, made in
// GuiMain) makes the window that has the focus active once the popup is gone. Offscreen, a window's
// activateWindow() is the window system's activation.
void TestWindow::theWindowGetsTheKeysWhenAPopupOutlivesADialog()
{
    PopupActivation popupActivation;
    WindowFixture f(1);
    MainWindow *w = f.window.get();
    QVERIFY(f.shown());
    w->queueView()->setFocus();
    QDialog dialog(w);
    auto *edit = new QLineEdit(&dialog);
    dialog.show();
    dialog.activateWindow();
    QTRY_COMPARE(QApplication::activeWindow(), &dialog);
    QTRY_COMPARE(QApplication::focusWidget(), edit);
    QMenu list(edit); // the completer's list, as far as Qt's popup handling goes
    list.addAction("/tmp/a");
    list.popup(edit->mapToGlobal(QPoint(0, edit->height())));
    QTRY_COMPARE(QApplication::activePopupWidget(), &list);
    dialog.hide();
    w->activateWindow();
    QTRY_COMPARE(QGuiApplication::focusWindow(), w->windowHandle());
    QVERIFY2(QApplication::activeWindow() != w, "Qt no longer sets aside an activation while a popup is open");
    list.hide();
    QTRY_COMPARE(QApplication::activeWindow(), w);
    QCOMPARE(QApplication::focusWidget(), w->queueView());
}

// The toolbar's output folder was always cut to 280 px ("…/hom…80/Pictures/PixelPool"), also with
// 550 px of empty toolbar beside it. It takes the room the toolbar has, and stays a button of the
// toolbar (never pushed into its overflow menu) on a narrow window, cut to no less than before.
void TestWindow::theOutputFolderTakesTheToolbarsRoom()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QString deep = "/tmp";
    for (int i = 0; i < 30; ++i)
        deep += QString("/folder-number-%1").arg(i);
    w->setOutputFolder(deep);
    auto *button = w->findChild<QToolButton *>("outputFolderButton");
    auto *bar = qobject_cast<QToolBar *>(button->parentWidget());
    QVERIFY(button && bar);
    const auto shownPath = [&] {
        QString text = button->text();
        return button->fontMetrics().horizontalAdvance(text.remove(0, text.indexOf(':') + 2));
    };
    for (const int width : {1600, 900, 1600}) {
        w->resize(width, w->height());
        QTRY_COMPARE(w->width(), std::max(width, w->minimumSizeHint().width()));
        // The resize's own events, then the button's text, then the toolbar's layout.
        QTRY_VERIFY(button->isVisible() && bar->rect().contains(button->geometry()) &&
                    button->geometry().width() >= button->sizeHint().width() && (width < 1600 || shownPath() > 700));
        const QString what = QString("at %1 px: \"%2\", %3 px of path in a bar of %4, button at %5")
                                 .arg(w->width())
                                 .arg(button->text())
                                 .arg(shownPath())
                                 .arg(bar->width())
                                 .arg(QDebug::toString(button->geometry()));
        QVERIFY2(button->isVisible() && bar->rect().contains(button->geometry()), qPrintable(what));
        QVERIFY2(shownPath() >= 270, qPrintable(what));
        if (width == 1600)
            QVERIFY2(shownPath() > 700 && button->geometry().right() > bar->width() - 120, qPrintable(what));
    }
}

// The status bar painted its message on one line and cut it at the window's edge mid-word, with no
// "…" and no tooltip ("… as its preset has now: Start m", German "… erzeugt, als"; a preset that
// could not be imported "…: not valid JSON at line 1, col"). On a 1024×768 screen, in English and
// German: a message one line does not hold is painted whole on two, the status bar as high as they
// are; one that two lines do not hold ends after a whole word with "…", its tooltip the whole
// message; and the next short one takes a line again.
void TestWindow::statusMessagesAreReadWholeOnASmallScreen()
{
    QStringList problems;
    test::inEachLanguageOnASmallScreen([&](WindowFixture &f, const QString &language, QSize screen) {
        MainWindow *w = f.window.get();
        QStatusBar *bar = w->statusBar();
        const int oneLine = bar->height();
        // Files that are no presets, with names of words (the message's length is theirs).
        const auto garbage = [&](const QString &name) {
            return test::writeFile(f.path("import/" + name + ".json"), "garbage");
        };
        const auto nameOfWidth = [&](const QString &start, int width) {
            QString name = start;
            for (int i = 1; bar->fontMetrics().horizontalAdvance(name) < width; ++i)
                name += QString(" word%1").arg(i);
            return name;
        };
        // What the status bar paints: inside it, and the message's words in order.
        const auto painted = [&](QStringList *words, QString *lastPiece, QPoint *lastAt) {
            QCoreApplication::processEvents();
            const QList<test::PaintedText> texts = test::paintedTexts(
                bar, [bar](QPaintDevice *device) { bar->render(device, QPoint(), QRegion(), QWidget::DrawChildren); });
            for (const test::PaintedText &t : texts) {
                const bool inside = QRectF(bar->rect()).adjusted(-1, -1, 1, 1).contains(t.box);
                if (!inside || t.shown.width() < t.box.width() - 1 || t.shown.height() < t.box.height() - 2)
                    problems << QString("%1: \"%2\" painted at %3, shown %4 in a status bar of %5")
                                    .arg(language, t.text, QDebug::toString(t.box), QDebug::toString(t.shown),
                                         QDebug::toString(bar->rect()));
                *words << wordsOf(t.text);
                *lastPiece = t.text;
                *lastAt = t.box.center().toPoint();
            }
        };

        // About one line and a half: whole, on two lines.
        const QString half = garbage(nameOfWidth("a preset", bar->width() * 7 / 10));
        emit w->presetPanel()->presetFilesDropped({half});
        const QString message = w->lastMessage();
        QVERIFY2(message.contains(QFileInfo(half).fileName()), qPrintable(message));
        QTRY_VERIFY(bar->height() > oneLine); // its words inside it: painted()
        QTRY_COMPARE(w->size(), screen);
        QStringList words;
        QString last;
        QPoint lastAt;
        painted(&words, &last, &lastAt);
        if (words != wordsOf(message))
            problems << QString("%1: painted \"%2\" of \"%3\"").arg(language, words.join(' '), message);

        // Much more than two lines: cut after a whole word, with "…", the whole in the tooltip.
        QStringList many;
        for (int i = 0; i < 4; ++i)
            many << garbage(nameOfWidth(QString("preset %1").arg(i), bar->width() / 2));
        emit w->presetPanel()->presetFilesDropped(many);
        const QString longMessage = w->lastMessage();
        words.clear();
        painted(&words, &last, &lastAt);
        const QStringList all = wordsOf(longMessage);
        const QChar ellipsis(0x2026);
        if (words.isEmpty() || words.size() >= all.size() || !words.last().endsWith(ellipsis))
            problems << QString("%1: painted \"%2\" of \"%3\"").arg(language, words.join(' '), longMessage);
        else {
            words.last().chop(1);
            // Whole words, a separator left off before the "…".
            const QString cutWord = all.at(words.size() - 1);
            if (words.mid(0, words.size() - 1) != all.mid(0, words.size() - 1) ||
                !(cutWord == words.last() ||
                  (cutWord.startsWith(words.last()) && !cutWord.at(words.last().size()).isLetterOrNumber())))
                problems << QString("%1: \"%2\" is not cut after a whole word of \"%3\"")
                                .arg(language, words.join(' '), longMessage);
        }
        const QWidget *shown = bar->childAt(lastAt);
        if (!shown || shown->toolTip() != longMessage)
            problems << QString("%1: the cut message's tooltip is \"%2\"")
                            .arg(language, shown ? shown->toolTip() : QString("(nothing there)"));
        QTRY_VERIFY(bar->height() > oneLine); // its words inside it: painted()

        // A short one: one line again.
        emit w->presetPanel()->presetFilesDropped({garbage("x")});
        QTRY_COMPARE(bar->height(), oneLine);
        QTRY_COMPARE(w->size(), screen);
    });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

// The skipped list opens as high as its rows (up to five), every row whole: one left-out file (the
// samples' README) opened a 150-px strip at 1024×768, a fifth of the screen taken from the queue.
void TestWindow::theSkippedListOpensAsHighAsItsRows()
{
    for (int left : {1, 3, 9}) {
        WindowFixture f;
        MainWindow *w = f.window.get();
        w->resize(QSize(1024, 768).shrunkBy(kFrameGuess));
        QVERIFY(f.shown());
        test::makeImage(f.path("in"), "photo.jpg", 40, 30);
        for (int i = 0; i < left; ++i)
            test::writeFile(f.path(QString("in/notes%1.txt").arg(i)), "not an image");
        QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
        auto *dock = w->findChild<QDockWidget *>("bottomDock");
        QVERIFY(dock && dock->isVisible());
        QTest::qWait(50); // laid out
        auto *list = dock->findChild<QTreeWidget *>();
        QVERIFY(list);
        QCOMPARE(list->topLevelItemCount(), left);
        const int shown = std::min(left, 5);
        for (int row = 0; row < shown; ++row) {
            const QRect r = list->visualItemRect(list->topLevelItem(row));
            QVERIFY2(list->viewport()->rect().contains(r),
                     qPrintable(QString("%1 left out: row %2 at %3,%4 %5x%6 not whole in a %7 px list")
                                    .arg(left)
                                    .arg(row)
                                    .arg(r.x())
                                    .arg(r.y())
                                    .arg(r.width())
                                    .arg(r.height())
                                    .arg(list->viewport()->height())));
        }
        const int rowHeight = list->visualItemRect(list->topLevelItem(0)).height();
        QVERIFY2(list->viewport()->height() < (shown + 1) * rowHeight + rowHeight / 2,
                 qPrintable(QString("%1 left out: a %2 px list for rows of %3 px")
                                .arg(left)
                                .arg(list->viewport()->height())
                                .arg(rowHeight)));
    }
}

namespace {
// Six photos (and, when `damaged`, one cut short: a failure) beside two files that are not images,
// for which the window opens its skipped list, added to the window and run as a batch: its summary.
[[nodiscard]] bool runPhotosBesideOtherFiles(WindowFixture &f, bool damaged, SessionSummary *summary)
{
    MainWindow *w = f.window.get();
    for (int i = 0; i < 6; ++i)
        test::makeImage(f.path("in"), QString("photo%1.jpg").arg(i), 40, 30);
    if (damaged) {
        QFile photo(f.path("in/photo0.jpg"));
        if (!photo.open(QIODevice::ReadOnly))
            return false;
        test::writeFile(f.path("in/damaged.jpg"), photo.read(200));
    }
    test::writeFile(f.path("in/notes.txt"), "not an image");
    test::writeFile(f.path("in/README.md"), "not an image");
    if (!test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}))
        return false;
    auto *dock = w->findChild<QDockWidget *>("bottomDock");
    QSignalSpy finished(w, &MainWindow::batchFinished);
    if (!dock || !dock->isVisible() || !w->startBatch() || !finished.wait(60000))
        return false;
    *summary = finished.first().first().value<SessionSummary>();
    return true;
}
} // namespace

// At 1024×768, a finished batch with warnings (the banner's list of them open) and inputs left out
// (the skipped list open below) left the queue 120 px high, not one card. Now the queue keeps a
// whole row of cards; the banner's list shows a few rows and scrolls, the skipped list one at least.
void TestWindow::queueKeepsARowOfCardsUnderTheBannerAndTheSkippedList()
{
    QStringList problems;
    test::inEachLanguageOnASmallScreen([&](WindowFixture &f, const QString &language, QSize screen) {
        MainWindow *w = f.window.get();
        // The batch runs; its summary is then shown as one whose images all came with a warning
        // (an Adobe RGB profile left out), the longest list a banner has.
        SessionSummary s;
        QVERIFY(runPhotosBesideOtherFiles(f, false, &s));
        QCOMPARE(s.done, 6);
        auto *dock = w->findChild<QDockWidget *>("bottomDock");
        for (int i = 0; i < 6; ++i)
            s.warnings << SessionFailure{w->queueModel()->itemAt(i).uid, QString("photo%1.jpg").arg(i),
                                         "metadata strip: the Adobe RGB colour profile was left out"};
        BatchBanner *banner = w->batchBanner();
        banner->showSummary(s, 2);
        banner->failuresButton()->click(); // "Show warnings"
        QVERIFY(banner->failureList()->isVisible());
        // Laid out again (the window's layout follows the banner's on a posted event).
        QTest::qWait(200);
        if (w->size() != screen)
            problems << QString("%1: the window is %2: %3").arg(language, QDebug::toString(w->size()), minimumSizes(w));
        const int queue = w->queueView()->viewport()->height();
        if (queue < QueueDelegate::cardSize().height())
            problems << QString("%1: the queue is %2 px high, a card %3 (banner %4, dock %5)")
                            .arg(language)
                            .arg(queue)
                            .arg(QueueDelegate::cardSize().height())
                            .arg(banner->height())
                            .arg(dock->height());
        QTreeWidget *list = banner->failureList();
        const int row = list->sizeHintForRow(0);
        if (list->viewport()->height() < 2 * row)
            problems << QString("%1: the warnings list shows %2 px, a row is %3")
                            .arg(language)
                            .arg(list->viewport()->height())
                            .arg(row);
        if (list->viewport()->height() < list->topLevelItemCount() * row && !list->verticalScrollBar()->isVisible())
            problems << QString("%1: the warnings list is cut without a scroll bar").arg(language);
        auto *skipped = w->findChild<QTreeWidget *>("skippedList");
        if (skipped->viewport()->height() < skipped->sizeHintForRow(0))
            problems << QString("%1: the skipped list shows %2 px").arg(language).arg(skipped->viewport()->height());
    });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

// On a 1024×600 screen, a finished batch's banner with its list of failures open, and the skipped
// list below it, grew the window 60 px past the screen's bottom edge: the status bar and the
// skipped list were off the screen, and the window stayed that tall once the banner was closed.
// Now the queue's row of cards gives way there (down to half a row; it scrolls), and takes its
// row back when the banner is closed.
void TestWindow::theWindowStaysOnASmallScreenAfterABatch()
{
    QScreen *small = nullptr;
    for (QScreen *screen : QGuiApplication::screens())
        if (screen->geometry().size() == QSize(1024, 600))
            small = screen;
    QVERIFY(small);
    QStringList problems;
    test::inEachLanguage([&](bool, const QString &language) {
        WindowFixture f;
        MainWindow *w = f.window.get();
        const QRect available = small->availableGeometry();
        w->setScreen(small);
        w->setGeometry(fitInside(available, kFrameGuess, available));
        QVERIFY(f.shown());
        QCOMPARE(w->screen(), small);
        SessionSummary s;
        QVERIFY(runPhotosBesideOtherFiles(f, true, &s));
        QCOMPARE(s.failed, 1);
        BatchBanner *banner = w->batchBanner();
        QVERIFY(banner->isVisible());
        banner->failuresButton()->click(); // "Show failures"
        QVERIFY(banner->failureList()->isVisible());
        QTest::qWait(200); // the window's layout follows the banner's on a posted event
        const int frame = w->frameGeometry().height() - w->height();
        const int room = available.height() - (frame > 0 ? frame : kFrameGuess.top() + kFrameGuess.bottom());
        if (w->height() > room)
            problems << QString("%1: the window is %2 px high, the screen has room for %3: %4")
                            .arg(language)
                            .arg(w->height())
                            .arg(room)
                            .arg(minimumSizes(w));
        // What gave way is the queue, and only down to half a row: the banner's words, its list's
        // row and the skipped list's row are whole.
        QueueView *queue = w->queueView();
        if (queue->height() < queue->rowHeight() / 2)
            problems << QString("%1: the queue is %2 px high, a row %3")
                            .arg(language)
                            .arg(queue->height())
                            .arg(queue->rowHeight());
        if (banner->height() < banner->minimumSizeHint().height())
            problems << QString("%1: the banner is %2 px high, its words need %3")
                            .arg(language)
                            .arg(banner->height())
                            .arg(banner->minimumSizeHint().height());
        QTreeWidget *failures = banner->failureList();
        if (failures->viewport()->height() < failures->sizeHintForRow(0))
            problems << QString("%1: the failures list shows %2 px").arg(language).arg(failures->viewport()->height());
        auto *skipped = w->findChild<QTreeWidget *>("skippedList");
        if (skipped->viewport()->height() < skipped->sizeHintForRow(0))
            problems << QString("%1: the skipped list shows %2 px").arg(language).arg(skipped->viewport()->height());
        // The banner closed, the queue has its row again, in a window that did not move off the screen.
        banner->findChild<QToolButton *>("bannerClose")->click();
        QTRY_VERIFY(!banner->isVisible());
        QTest::qWait(200);
        if (queue->height() < queue->rowHeight())
            problems << QString("%1: with the banner closed the queue is %2 px high, a row %3")
                            .arg(language)
                            .arg(queue->height())
                            .arg(queue->rowHeight());
        if (w->height() > room)
            problems << QString("%1: with the banner closed the window is %2 px high").arg(language).arg(w->height());
    });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

// Squeezed to 180 px (the window at its least size, then restored; a large font), the presets
// pane showed a horizontal scroll bar under cards 220 px wide, their texts cut mid-word without
// "…" (window QA pass). The cards take the pane's width down to 150 px.
// At its least size the window cut the preset pane's second row of buttons in half ("Import" and
// "Export" without their lower half): the pane asked for the height of its hint and buttons at a
// guessed width, wider than the pane is there, so for fewer lines and one row. Every control shown
// lies whole inside what holds it, in both languages.
void TestWindow::theLeastWindowCutsNothing()
{
    test::inEachLanguage([&](bool, const QString &language) {
        WindowFixture f;
        MainWindow *w = f.shown();
        QVERIFY(w);
        addImages(w, f.path("in"), 2);
        w->resize(1, 1); // as small as it goes
        QTRY_COMPARE(w->size(), w->minimumSize());
        QCoreApplication::processEvents();
        QStringList cut;
        for (QWidget *c : w->findChildren<QWidget *>()) {
            QWidget *holder = c->parentWidget();
            if (!c->isVisibleTo(w) || c->isWindow() || !holder || holder == w)
                continue;
            if (qobject_cast<QAbstractScrollArea *>(holder->parentWidget()) || holder->inherits("QTabBar"))
                continue; // scrolled contents, a tab bar's own scroll buttons
            if (!holder->rect().contains(c->geometry()))
                cut << QString("%1: %2 at %3,%4 %5×%6 in %7×%8")
                           .arg(language, describe(c))
                           .arg(c->x())
                           .arg(c->y())
                           .arg(c->width())
                           .arg(c->height())
                           .arg(holder->width())
                           .arg(holder->height());
        }
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join("\n")));
    });
}

// At the least window the German toolbar put the Output folder button behind its "»" (QA windows,
// D5): its three other buttons' words are longer than the English ones, and the folder was what
// went. In both languages the whole toolbar is shown there, the folder's path in it; the other
// buttons give up their words first (their tooltips keep them).
void TestWindow::theLeastWindowShowsTheOutputFolder()
{
    test::inEachLanguage([&](bool, const QString &language) {
        WindowFixture f;
        MainWindow *w = f.shown();
        QVERIFY(w);
        w->resize(1, 1); // as small as it goes
        QTRY_COMPARE(w->size(), w->minimumSize());
        auto *button = w->findChild<QToolButton *>("outputFolderButton");
        QVERIFY(button);
        auto *bar = qobject_cast<QToolBar *>(button->parentWidget());
        QVERIFY(bar);
        auto *overflow = bar->findChild<QToolButton *>("qt_toolbar_ext_button");
        const auto what = [&] {
            QStringList shown;
            for (QAction *a : bar->actions())
                if (QWidget *b = bar->widgetForAction(a); b && b->isVisible())
                    shown << QString("%1 at %2")
                                 .arg(qobject_cast<QToolButton *>(b) ? qobject_cast<QToolButton *>(b)->text() : "|",
                                      QDebug::toString(b->geometry()));
            return QString("%1 at %2 px: %3 in a bar of %4")
                .arg(language)
                .arg(w->width())
                .arg(shown.join(", "))
                .arg(bar->width());
        };
        QTRY_VERIFY2(button->isVisible() && bar->rect().contains(button->geometry()) &&
                         !(overflow && overflow->isVisible()),
                     qPrintable(what()));
        QVERIFY2(button->text().contains(QDir::toNativeSeparators(f.path("output")).right(12)), qPrintable(what()));
        for (QAction *a : bar->actions())
            if (!a->isSeparator())
                QVERIFY2(bar->widgetForAction(a) && bar->widgetForAction(a)->isVisible(), qPrintable(what()));
        // Wide again, every button has its words back.
        w->resize(1360, w->height());
        const auto allWords = [&] {
            for (QAction *a : bar->actions())
                if (auto *b = qobject_cast<QToolButton *>(bar->widgetForAction(a)))
                    if (b->toolButtonStyle() != Qt::ToolButtonTextBesideIcon)
                        return false;
            return true;
        };
        QTRY_VERIFY2(allWords(), qPrintable(what()));
    });
}

// The German hint beside Start on an empty queue said "… Start drücken." beside a button that says
// "Starten" (QA windows, D3): the hint names the button by its own words, in both languages.
void TestWindow::theEmptyQueueHintNamesTheStartButton()
{
    test::inEachLanguage([&](bool, const QString &language) {
        WindowFixture f;
        MainWindow *w = f.shown();
        QVERIFY(w);
        auto *start = w->findChild<QToolButton *>("startButton");
        QVERIFY(start);
        const QString words = QString(start->text()).remove(u'&');
        const QString hint = w->progressPanel()->statsText();
        QVERIFY2(hint.contains(QRegularExpression("\\b" + QRegularExpression::escape(words) + "\\b")),
                 qPrintable(QString("%1: \"%2\" beside \"%3\"").arg(language, hint, words)));
    });
}

void TestWindow::presetCardsFitANarrowPane()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    auto *dock = w->findChild<QDockWidget *>("presetDock");
    QVERIFY(dock);
    w->resizeDocks({dock}, {180}, Qt::Horizontal);
    QTRY_VERIFY(dock->width() <= 190);
    auto *cards = w->presetPanel()->findChild<QListView *>();
    QVERIFY(cards);
    QCoreApplication::processEvents();
    QTRY_VERIFY(!cards->horizontalScrollBar()->isVisible());
    for (int row = 0; row < cards->model()->rowCount(); ++row) {
        const QRect card = cards->visualRect(cards->model()->index(row, 0));
        QVERIFY2(
            card.left() >= 0 && card.right() < cards->viewport()->width(),
            qPrintable(QStringLiteral("card %1: %2 in %3").arg(row).arg(card.width()).arg(cards->viewport()->width())));
    }
}

void TestWindow::menuLettersAreUniqueInEachLanguage()
{
    const auto letterOf = [](const QString &text) {
        for (qsizetype i = text.indexOf(QLatin1Char('&')); i >= 0 && i + 1 < text.size();
             i = text.indexOf(QLatin1Char('&'), i + 2))
            if (text[i + 1] != QLatin1Char('&'))
                return text[i + 1].toLower();
        return QChar();
    };
    const auto check = [&](QMenuBar *bar, const QString &language) {
        QHash<QChar, QString> menus;
        // Alt+letter of the window itself: the menus', and the labels' and buttons' in the window
        // outside the menus (German "S&tandard:" was "&Standard:", Alt+S of "&Stapel" too: each
        // press went to the other, window QA pass).
        for (const QWidget *w : bar->window()->findChildren<QWidget *>()) {
            QString text;
            if (const auto *label = qobject_cast<const QLabel *>(w); label && label->buddy())
                text = label->text();
            else if (const auto *button = qobject_cast<const QAbstractButton *>(w))
                text = button->text();
            const QChar key = letterOf(text);
            if (key.isNull() || w->window() != bar->window())
                continue;
            QVERIFY2(!menus.contains(key),
                     qPrintable(QStringLiteral("%1: %2 / %3").arg(language, text, menus.value(key))));
            menus.insert(key, text);
        }
        for (const QAction *m : bar->actions()) {
            const QChar key = letterOf(m->text());
            QVERIFY2(!key.isNull() && !menus.contains(key),
                     qPrintable(QStringLiteral("%1: %2 / %3").arg(language, m->text(), menus.value(key))));
            menus.insert(key, m->text());
            QHash<QChar, QString> items;
            for (const QAction *a : m->menu()->actions()) {
                if (a->isSeparator() || a->menu())
                    continue;
                // Every item has one: the View menu's panels too, whose texts were their dock titles
                // with none, and so were left out of this check.
                const QChar letter = letterOf(a->text());
                QVERIFY2(!letter.isNull(),
                         qPrintable(QStringLiteral("%1, %2: %3 has no letter").arg(language, m->text(), a->text())));
                QVERIFY2(
                    !items.contains(letter),
                    qPrintable(
                        QStringLiteral("%1, %2: %3 / %4").arg(language, m->text(), a->text(), items.value(letter))));
                items.insert(letter, a->text());
            }
        }
    };
    {
        WindowFixture f;
        check(f.window->menuBar(), QStringLiteral("English"));
    }
    const test::GermanTranslations german;
    QCOMPARE(german.locale, QStringLiteral("de_DE"));
    WindowFixture f;
    check(f.window->menuBar(), QStringLiteral("German"));
}

#include "tst_gui_window.moc"
