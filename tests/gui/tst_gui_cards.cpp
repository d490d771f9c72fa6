// What a card does beyond being dragged: double-clicking a finished queue card opens its result
// with the desktop's program (recorded by the fixture instead of starting a viewer), a preset
// card's "Use for all" menu entry makes that preset the default, and the preset cards work from
// the keyboard alone: Tab reaches them, the card the keyboard is on has a ring, arrows move,
// Enter or Space gives the selected images that preset as a drop does (Ctrl+Z undoes), and
// Shift+F10 or the Menu key opens the card's menu at that card. A failed card shows its reason
// whole, or when even that is too long, its cause whole and "…" after the last whole word.
#include "GuiTestUtil.h"

#include "BatchBanner.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "ProgressPanel.h"
#include "QueueModel.h"
#include "QueueDelegate.h"
#include "QueueView.h"
#include "ThumbnailCache.h"
#include "BatchRunner.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QScrollBar>
#include <QSignalSpy>
#include <QToolButton>
#include <QToolTip>
#include <QUndoStack>

using namespace pp;
using namespace pp::gui;
using test::WindowFixture;

namespace {

// The menu a right click on `view` at `pos` (viewport coordinates) opens, as a person gets it.
QMenu *contextMenuAt(QAbstractItemView *view, QPoint pos)
{
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view->viewport()->mapToGlobal(pos));
    QCoreApplication::sendEvent(view->viewport(), &event);
    return qobject_cast<QMenu *>(QApplication::activePopupWidget());
}

QAction *actionNamed(QMenu *menu, const QString &objectName)
{
    for (QAction *a : menu->actions())
        if (a->objectName() == objectName)
            return a;
    return nullptr;
}

} // namespace

class TestCards : public QObject
{
    Q_OBJECT
private slots:
    void doubleClickOpensTheResult();
    void aCardsTipOfALongPathIsShown();
    void useForAllMakesTheDefault();
    void theCurrentCardStaysInViewWhenTheListShrinks();
    void presetCardsByKeyboard();
    void deleteActsOnTheFocusedPane();
    void deletingAPresetAsksDeleteOrCancel();
    void cardsFollowThePresetsNames();
    void theEndStaysInViewAfterDeletingInALongQueue();
    void aFailedCardShowsItsReason(); // it installs the German translation while it runs
};

// A finished card opens its result with a double-click or with Enter.
void TestCards::doubleClickOpensTheResult()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::makeImage(f.path("in"), "a.jpg", 60, 40);
    test::makeImage(f.path("in"), "b.jpg", 60, 40);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 2);

    // Only the first image is processed; the second stays queued.
    QSignalSpy finished(w, &MainWindow::batchFinished);
    QVERIFY(w->startBatch({q->itemAt(0).uid}));
    QVERIFY(finished.wait(60000));
    QCOMPARE(q->itemAt(0).state, ItemState::Done);
    const QString output = QFile::decodeName(q->itemAt(0).output);
    QVERIFY(QFile::exists(output));
    // The line beside Start does not repeat the banner's counts; with the banner closed it says
    // what is left.
    QVERIFY(!w->batchBanner()->isHidden());
    QCOMPARE(w->progressPanel()->statsText(), QString());
    for (QToolButton *b : w->batchBanner()->findChildren<QToolButton *>())
        if (b->accessibleName() == "Hide summary")
            b->click();
    QVERIFY(w->batchBanner()->isHidden());
    QCOMPARE(w->progressPanel()->statsText(), QString("1 image waiting"));

    QueueView *view = w->queueView();
    const QPoint queued = view->visualRect(q->index(1)).center();
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, queued);
    QVERIFY2(f.opened.isEmpty(), "a card without a result opened something");

    const QPoint done = view->visualRect(q->index(0)).center();
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, done);
    QCOMPARE(f.opened, QList<QUrl>{QUrl::fromLocalFile(output)});
    QVERIFY2(w->lastMessage().startsWith("Opened "), qPrintable(w->lastMessage()));

    // From the keyboard, Enter on the finished card does the same (it did nothing); on the queued
    // one, nothing opens.
    f.opened.clear();
    view->setFocus();
    view->setCurrentIndex(q->index(1));
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY2(f.opened.isEmpty(), "Enter on a card without a result opened something");
    view->setCurrentIndex(q->index(0));
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(f.opened, QList<QUrl>{QUrl::fromLocalFile(output)});
    QTest::keyClick(view, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(f.opened.size(), 2);
}

// A queue of 4,000: End, then Delete of the last image. Before, the view jumped to about row 500
// with empty space below it (its layout, redone in slices of 500 after the removal, was cut to the
// first slice and kept there), and End then selected the last image without scrolling to it.
void TestCards::theEndStaysInViewAfterDeletingInALongQueue()
{
    constexpr int kImages = 4000;
    QueueModel queue;
    ThumbnailCache thumbnails(64); // no runner: the cards show their placeholders
    QueueView view(&queue, &thumbnails);
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVector<ScannedFile> files;
    for (int i = 0; i < kImages; ++i) {
        ScannedFile f;
        f.item.path = "/nowhere/img" + QByteArray::number(i) + ".jpg";
        f.bytes = 1000;
        files.append(f);
    }
    QCOMPARE(queue.addFiles(files, nullptr), kImages);
    QScrollBar *bar = view.verticalScrollBar();
    const auto inView = [&](int row) { return view.viewport()->rect().contains(view.visualRect(queue.index(row))); };
    const auto settled = [&] {
        QTest::qWait(50);
        return bar->maximum() > 0 && !bar->isSliderDown();
    };
    QVERIFY(QTest::qWaitFor(settled));
    QTRY_VERIFY(inView(0));

    view.setFocus();
    for (int deleted = 1; deleted <= 2; ++deleted) {
        QTest::keyClick(&view, Qt::Key_End);
        const int last = queue.rowCount() - 1;
        QTRY_VERIFY2(inView(last), qPrintable(QString("row %1 not in view").arg(last)));
        QCOMPARE(view.currentIndex().row(), last);
        queue.removeUids({queue.itemAt(last).uid});
        QCOMPARE(queue.rowCount(), kImages - deleted);
        // The layout is redone in slices between events: look once it is done, and while it is.
        for (int i = 0; i < 20; ++i) {
            QTest::qWait(20);
            QVERIFY2(bar->value() == bar->maximum() && bar->maximum() > 0,
                     qPrintable(QString("after deleting row %1: scrolled to %2 of %3")
                                    .arg(last)
                                    .arg(bar->value())
                                    .arg(bar->maximum())));
        }
        QVERIFY2(inView(last - 1), qPrintable(QString("row %1 not in view").arg(last - 1)));
    }
    // End brings the current image into view also when it is already the current one.
    view.scrollToTop();
    QTRY_VERIFY(inView(0));
    QTest::keyClick(&view, Qt::Key_End);
    QTRY_VERIFY(inView(queue.rowCount() - 1));
}

void TestCards::useForAllMakesTheDefault()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QCOMPARE(w->defaultPreset(), QString("web"));
    PresetPanel *panel = w->presetPanel();
    QListView *cards = panel->view();
    const QModelIndex thumbnail = w->presetModel()->index(w->presetModel()->rowOf("thumbnail"));
    cards->scrollTo(thumbnail);
    const QPoint at = cards->visualRect(thumbnail).center();

    QMenu *menu = contextMenuAt(cards, at);
    QVERIFY(menu);
    QAction *useForAll = actionNamed(menu, "useForAllAction");
    QVERIFY(useForAll);
    QVERIFY(useForAll->isEnabled());
    QVERIFY(useForAll->text().remove('&').startsWith("Use for all"));
    useForAll->trigger();
    menu->close();
    QCOMPARE(w->defaultPreset(), QString("thumbnail"));
    QCOMPARE(panel->defaultCombo()->currentText(), QString("thumbnail"));

    // On the card that is already the default the entry is there but has nothing to do.
    menu = contextMenuAt(cards, at);
    QVERIFY(menu);
    useForAll = actionNamed(menu, "useForAllAction");
    QVERIFY(useForAll);
    QVERIFY(!useForAll->isEnabled());
    menu->close();
    QCOMPARE(w->defaultPreset(), QString("thumbnail"));

    // Every entry has a letter of its own (the queue's menu had them, the card's none), in each
    // language, also on a user preset's card with its Delete.
    const QString user =
        test::writeFile(f.path("mine.json"), R"({"format":"pixelpool-preset","version":1,"name":"mine","steps":[]})");
    emit panel->presetFilesDropped({user});
    test::inEachLanguage([&](bool, const QString &language) {
        for (const QString &card : {QString("thumbnail"), QString("mine")}) {
            const QModelIndex i = w->presetModel()->index(w->presetModel()->rowOf(card));
            cards->scrollTo(i);
            QMenu *m = contextMenuAt(cards, cards->visualRect(i).center());
            QVERIFY(m);
            QSet<QString> letters;
            int entries = 0;
            for (QAction *a : m->actions()) {
                if (a->isSeparator())
                    continue;
                ++entries;
                const QString letter = QKeySequence::mnemonic(a->text()).toString(QKeySequence::PortableText);
                QVERIFY2(!letter.isEmpty() && !letters.contains(letter),
                         qPrintable(QString("%1, %2: \"%3\" (%4)").arg(language, card, a->text(), letter)));
                letters.insert(letter);
            }
            QCOMPARE(entries, card == "mine" ? 6 : 5); // Use for all, Give, Edit, Duplicate, Export; Delete
            m->close();
        }
    });
}

// The current card (at a first start the default's, the last) went out of view when the list
// grew shorter, as when the Skipped pane opens below it: only its top edge showed, and Tab into the
// cards put the keyboard on a card out of sight. A card in view before the list shrinks stays in view;
// one the user scrolled away from is left where it is.
void TestCards::theCurrentCardStaysInViewWhenTheListShrinks()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QListView *view = w->presetPanel()->view();
    const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, 0);
    view->setCurrentIndex(last);
    view->scrollTo(last);
    QCoreApplication::processEvents();
    const auto inView = [&](const QModelIndex &i) { return view->viewport()->rect().contains(view->visualRect(i)); };
    QVERIFY(inView(last));
    QWidget *panel = w->presetPanel();
    const int cardHeight = view->visualRect(last).height();
    const int before = panel->height();
    panel->setMaximumHeight(before - cardHeight); // the list shorter by a card
    QTRY_COMPARE(panel->height(), before - cardHeight);
    QCoreApplication::processEvents();
    QVERIFY2(inView(last), qPrintable(QString("the current card at %1 in a view of %2")
                                          .arg(QDebug::toString(view->visualRect(last)),
                                               QDebug::toString(view->viewport()->rect()))));
    // Scrolled away from it by the user: left so.
    view->verticalScrollBar()->setValue(0);
    QCoreApplication::processEvents();
    QVERIFY(!inView(last));
    panel->setMaximumHeight(panel->height() - cardHeight / 2);
    QTRY_COMPARE(panel->height(), before - cardHeight - cardHeight / 2);
    QCoreApplication::processEvents();
    QCOMPARE(view->verticalScrollBar()->value(), 0);
    panel->setMaximumHeight(QWIDGETSIZE_MAX);
}

void TestCards::presetCardsByKeyboard()
{
    WindowFixture f(1);
    MainWindow *w = f.active();
    QVERIFY(w);
    for (const char *name : {"a.jpg", "b.jpg", "c.jpg"})
        test::makeImage(f.path("in"), name, 60, 40);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 3);
    const auto presets = [q] {
        QStringList out;
        for (int i = 0; i < q->rowCount(); ++i)
            out << q->itemAt(i).preset;
        return out;
    };
    PresetLibraryModel *model = w->presetModel();
    PresetPanel *panel = w->presetPanel();
    QListView *cards = panel->view();

    // Tab from the default preset's control reaches the cards.
    panel->defaultCombo()->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), panel->defaultCombo());
    for (int i = 0; i < 5 && QApplication::focusWidget() != cards; ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), cards);

    // The arrows move the card the keyboard is on.
    const int thumbnail = model->rowOf("thumbnail"), grayscale = model->rowOf("grayscale");
    QVERIFY(thumbnail > 0 && grayscale >= 0);
    cards->setCurrentIndex(model->index(thumbnail - 1));
    QTest::keyClick(cards, Qt::Key_Down);
    QCOMPARE(cards->currentIndex().row(), thumbnail);
    QCOMPARE(panel->selectedPreset(), QString("thumbnail"));

    // That card has a ring while the cards have the keyboard, around the card, not on it: the
    // selection (the same card) looks the same either way.
    const QRect item = cards->visualRect(model->index(thumbnail));
    const QImage focused = cards->viewport()->grab(item).toImage().convertToFormat(QImage::Format_RGB32);
    w->queueView()->setFocus();
    QTRY_VERIFY(!cards->hasFocus());
    const QImage unfocused = cards->viewport()->grab(item).toImage().convertToFormat(QImage::Format_RGB32);
    QCOMPARE(focused.size(), unfocused.size());
    const QRect card = QRect(QPoint(), item.size()).adjusted(6, 4, -6, -4); // PresetCardDelegate's card
    int ringPixels = 0, insidePixels = 0;
    const qreal dpr = focused.devicePixelRatio();
    for (int y = 0; y < focused.height(); ++y)
        for (int x = 0; x < focused.width(); ++x)
            if (focused.pixel(x, y) != unfocused.pixel(x, y))
                ++(card.adjusted(2, 2, -2, -2).contains(QPoint(int(x / dpr), int(y / dpr))) ? insidePixels
                                                                                            : ringPixels);
    QVERIFY2(ringPixels > 2 * (card.width() + card.height()), qPrintable(QString::number(ringPixels)));
    QCOMPARE(insidePixels, 0);
    cards->setFocus();
    QTRY_VERIFY(cards->hasFocus());

    // Without images selected Enter changes nothing and says what to do.
    QItemSelectionModel *selection = w->queueView()->selectionModel();
    selection->clearSelection();
    QTest::keyClick(cards, Qt::Key_Return);
    QCOMPARE(presets(), QStringList({"", "", ""}));
    QVERIFY2(w->lastMessage().startsWith("Select images in the queue first"), qPrintable(w->lastMessage()));

    // Enter gives the selected images the card's preset, as a drop does; Ctrl+Z undoes it.
    selection->select(q->index(0), QItemSelectionModel::Select);
    selection->select(q->index(2), QItemSelectionModel::Select);
    const int undoBefore = w->undoStack()->count();
    QTest::keyClick(cards, Qt::Key_Return);
    QCOMPARE(presets(), QStringList({"thumbnail", "", "thumbnail"}));
    QCOMPARE(w->undoStack()->count(), undoBefore + 1);
    QVERIFY2(w->lastMessage().contains("Ctrl+Z undoes"), qPrintable(w->lastMessage()));
    QCOMPARE(w->defaultPreset(), QString("web"));
    // Space does the same with another card, the keypad's Enter too.
    cards->setCurrentIndex(model->index(grayscale));
    QTest::keyClick(cards, Qt::Key_Space);
    QCOMPARE(presets(), QStringList({"grayscale", "", "grayscale"}));
    QTest::keyClick(cards, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(presets(), QStringList({"thumbnail", "", "thumbnail"}));
    QTest::keyClick(cards, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(presets(), QStringList({"", "", ""}));
    QVERIFY2(w->lastMessage().startsWith("Undone: "), qPrintable(w->lastMessage()));
    QTest::keyClick(cards, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(presets(), QStringList({"grayscale", "", "grayscale"}));

    // Shift+F10 and the Menu key (as a key, and as the context menu event the platform makes of
    // it) open the card's menu at the card the keyboard is on, whatever the pointer.
    cards->setCurrentIndex(model->index(thumbnail));
    const QPoint at = cards->visualRect(model->index(thumbnail)).center();
    const QPoint global = cards->viewport()->mapToGlobal(at);
    QCursor::setPos(cards->mapToGlobal(QPoint(2, 2)));
    const auto checkMenu = [&](const char *what) {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY2(menu, what);
        QVERIFY2(actionNamed(menu, "useForAllAction"), what);
        const QPoint offset = menu->pos() - global;
        QVERIFY2(offset.manhattanLength() <= 2,
                 qPrintable(QString("%1: %2, %3").arg(what).arg(offset.x()).arg(offset.y())));
        menu->close();
        QTRY_VERIFY(!QApplication::activePopupWidget());
    };
    QTest::keyClick(cards, Qt::Key_F10, Qt::ShiftModifier);
    checkMenu("Shift+F10");
    QTest::keyClick(cards, Qt::Key_Menu);
    checkMenu("Menu");
    QContextMenuEvent fromPlatform(QContextMenuEvent::Keyboard, QPoint(1, 1), cards->mapToGlobal(QPoint(1, 1)));
    QCoreApplication::sendEvent(cards, &fromPlatform);
    checkMenu("keyboard context menu event");

    // What the panel says it does.
    QVERIFY(cards->accessibleDescription().contains("Enter"));
}

// Delete is the window's "Remove from queue" and a card's own Delete: with a card focused it
// removed the images selected in the queue, without a question and beyond Ctrl+Z. It acts on the
// pane the keyboard is on: a user preset's card is deleted (Ctrl+Z brings it back), a built-in
// one stays, and in the queue the selected images go.
void TestCards::deleteActsOnTheFocusedPane()
{
    WindowFixture f(1);
    QVERIFY(QDir().mkpath(f.path("presets")));
    test::writeFile(f.path("presets/mine.json"),
                    R"({"format": "pixelpool-preset", "version": 1, "name": "mine", "steps": []})");
    MainWindow *w = f.active();
    QVERIFY(w);
    test::makeImage(f.path("in"), "a.jpg", 60, 40);
    test::makeImage(f.path("in"), "b.jpg", 60, 40);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 2);
    PresetLibraryModel *model = w->presetModel();
    model->reload();
    QListView *cards = w->presetPanel()->view();
    QVERIFY(model->rowOf("mine") >= 0);

    // As the report went: an image clicked in the queue, then a user preset's card.
    QueueView *view = w->queueView();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(q->index(0)).center());
    QCOMPARE(view->selectedUids(), QList<quint64>{q->itemAt(0).uid});
    cards->scrollTo(model->index(model->rowOf("mine")));
    QTest::mouseClick(cards->viewport(), Qt::LeftButton, {},
                      cards->visualRect(model->index(model->rowOf("mine"))).center());
    QTRY_VERIFY(cards->hasFocus());
    QCOMPARE(w->presetPanel()->selectedPreset(), QString("mine"));
    QTest::keyClick(cards, Qt::Key_Delete);
    QCOMPARE(q->rowCount(), 2);
    QVERIFY2(!w->lastMessage().startsWith("Removed"), qPrintable(w->lastMessage()));
    QCOMPARE(model->rowOf("mine"), -1);
    QVERIFY(!QFile::exists(f.path("presets/mine.json")));
    QVERIFY2(w->lastMessage().startsWith("Deleted preset \"mine\""), qPrintable(w->lastMessage()));
    QTest::keyClick(cards, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(model->rowOf("mine") >= 0);
    QVERIFY(QFile::exists(f.path("presets/mine.json")));

    // A built-in card has no Delete: the key does nothing there.
    cards->setFocus();
    cards->setCurrentIndex(model->index(model->rowOf("web")));
    const QString before = w->lastMessage();
    const int presetsBefore = model->rowCount();
    QTest::keyClick(cards, Qt::Key_Delete);
    QCOMPARE(q->rowCount(), 2);
    QCOMPARE(model->rowCount(), presetsBefore);
    QCOMPARE(w->lastMessage(), before);

    // In the queue Delete still removes the selected images.
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(q->rowCount(), 1);
    QCOMPARE(q->itemAt(0).name, QString("b.jpg"));
    QCOMPARE(model->rowCount(), presetsBefore);
}

// Deleting a preset asked "Yes" or "No" (QA windows): the question's buttons are named by what
// they do, "Delete" and "Cancel", Cancel the default. The status bar said "its images use the default
// preset now" also of a preset no image had: it says so only when images had it.
void TestCards::deletingAPresetAsksDeleteOrCancel()
{
    WindowFixture f(1, WindowFixture::Questions::Asked);
    for (const QString name : {"mine", "unused"})
        test::writeFile(f.path("presets/" + name + ".json"),
                        QStringLiteral(R"({"format": "pixelpool-preset", "version": 1, "name": "%1", "steps": []})")
                            .arg(name)
                            .toUtf8());
    MainWindow *w = f.active();
    QVERIFY(w);
    test::makeImage(f.path("in"), "a.jpg", 60, 40);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QueueModel *q = w->queueModel();
    PresetLibraryModel *model = w->presetModel();
    model->reload();
    q->assignPreset({q->itemAt(0).uid}, "mine");
    QListView *cards = w->presetPanel()->view();

    // Delete pressed on the card of `name`, the question answered with the button that says
    // `answer`: the question's buttons' words, the default's first.
    const auto deleteAnswering = [&](const QString &name, const QString &answer) {
        QStringList seen;
        QTimer poll;
        poll.setInterval(10);
        QObject::connect(&poll, &QTimer::timeout, &poll, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            poll.stop();
            if (box->defaultButton())
                seen << box->defaultButton()->text().remove(u'&');
            QAbstractButton *chosen = nullptr;
            for (QAbstractButton *b : box->buttons()) {
                const QString words = b->text().remove(u'&');
                if (b != box->defaultButton())
                    seen << words;
                if (words == answer)
                    chosen = b;
            }
            chosen ? chosen->click() : box->reject();
        });
        poll.start();
        cards->setFocus();
        cards->setCurrentIndex(model->index(model->rowOf(name)));
        QTest::keyClick(cards, Qt::Key_Delete);
        return seen;
    };

    QCOMPARE(deleteAnswering("mine", "Cancel"), QStringList({"Cancel", "Delete"}));
    QVERIFY(model->rowOf("mine") >= 0);
    QVERIFY(QFile::exists(f.path("presets/mine.json")));
    deleteAnswering("mine", "Delete");
    QCOMPARE(model->rowOf("mine"), -1);
    QVERIFY2(w->lastMessage().startsWith("Deleted preset \"mine\"; its images use the default preset now."),
             qPrintable(w->lastMessage()));
    deleteAnswering("unused", "Delete");
    QCOMPARE(model->rowOf("unused"), -1);
    QVERIFY2(w->lastMessage().startsWith("Deleted preset \"unused\".") && !w->lastMessage().contains("images"),
             qPrintable(w->lastMessage()));
}

// The cards and Ctrl+1…9 followed the files' names: "renamed (2)" (renamed--2-.json) came before
// "renamed", and importing a copy of "good two" took its place and its Ctrl+6. The built-ins come
// first as they were, then the user's presets by their names (numbers by value, case aside); a
// copy comes after its original, which keeps its shortcut.
void TestCards::cardsFollowThePresetsNames()
{
    WindowFixture f(1);
    const auto preset = [&](const QString &file, const QString &name) {
        return test::writeFile(
            f.path("presets/" + file),
            QStringLiteral(R"({"format": "pixelpool-preset", "version": 1, "name": "%1", "steps": []})")
                .arg(name)
                .toUtf8());
    };
    preset("renamed--2-.json", "renamed (2)");
    preset("renamed.json", "renamed");
    preset("good-two.json", "good two");
    const QString copy =
        test::writeFile(f.path("elsewhere/good-two.json"),
                        R"({"format": "pixelpool-preset", "version": 1, "name": "good two", "steps": []})");
    MainWindow *w = f.shown();
    QVERIFY(w);
    PresetLibraryModel *model = w->presetModel();
    model->reload();
    const auto names = [model] {
        QStringList out;
        for (int row = 0; row < model->rowCount(); ++row)
            out << model->index(row).data(PresetLibraryModel::NameRole).toString();
        return out;
    };
    const QStringList builtins{"classic", "grayscale", "thumbnail", "web-and-thumbnail", "web"};
    QCOMPARE(names(), builtins + QStringList({"good two", "renamed", "renamed (2)"}));
    // What the card says is its shortcut, and what the shortcut does.
    const int goodTwo = model->rowOf("good two");
    QVERIFY(test::paintedLines(w->presetPanel()->view(), model->index(goodTwo)).contains("Ctrl+6"));

    emit w->presetPanel()->presetFilesDropped({copy});
    QCOMPARE(w->lastMessage(), QString("Imported preset \"good two (2)\"."));
    QCOMPARE(names(), builtins + QStringList({"good two", "good two (2)", "renamed", "renamed (2)"}));
    QCOMPARE(model->rowOf("good two"), goodTwo);

    // Numbers by value and case aside, as people read them.
    preset("b.json", "Shot 10");
    preset("c.json", "shot 9");
    preset("d.json", "Alpha");
    model->reload();
    QCOMPARE(names().mid(builtins.size()),
             QStringList({"Alpha", "good two", "good two (2)", "renamed", "renamed (2)", "shot 9", "Shot 10"}));

    test::makeImage(f.path("in"), "a.jpg", 60, 40);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QueueView *view = w->queueView();
    view->setFocus();
    view->selectAll();
    QTest::keyClick(view, Qt::Key_7, Qt::ControlModifier);
    QCOMPARE(w->queueModel()->itemAt(0).preset, QString("good two"));
}

// A failed card had three lines for its reason: German's "Fehlgeschlagen: die Bilddaten sind
// beschädigt oder abgeschnitten (Details: …)" was cut at the third, inside a word ("(Details:
// Prem…"). A reason that fits when the picture gives up some of its height is shown whole; one
// longer still shows its cause whole and ends in "…" after its last whole word, the tooltip has it.
void TestCards::aFailedCardShowsItsReason()
{
    const test::GermanTranslations german;
    QCOMPARE(german.locale, QString("de_DE"));
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::makeImage(f.path("in"), "a.jpg", 60, 40);
    test::makeImage(f.path("in"), "b.jpg", 60, 40);
    test::makeImage(f.path("in"), "c.jpg", 60, 40);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 3);
    // What a card says below its name, line by line.
    const auto cardLines = [&](int row) {
        const QStringList lines = test::paintedLines(w->queueView(), q->index(row));
        const qsizetype name = lines.indexOf(q->itemAt(row).name);
        return name < 0 ? lines : lines.mid(name + 1);
    };
    const auto fail = [&](int row, const QString &detail) {
        BatchEvent e;
        e.kind = BatchEvent::Kind::Failed;
        e.code = proto::FailureCode::Corrupt;
        e.reason = failureMessage(e.code, detail);
        e.attempts = 1;
        q->applyEvent(q->itemAt(row).uid, e);
        return q->index(row).data(QueueModel::StatusTextRole).toString();
    };

    // As a JPEG cut short fails: five lines or so, all of it on the card.
    const QString cut = fail(0, "Premature end of JPEG file");
    QCOMPARE(cut, QString("Fehlgeschlagen: die Bilddaten sind beschädigt oder abgeschnitten (Details: Premature end "
                          "of JPEG file)"));
    QStringList lines = cardLines(0);
    qInfo() << lines;
    QVERIFY2(lines.size() > 3, qPrintable(lines.join(" | ")));
    QCOMPARE(lines.join(' '), cut);

    // Words that would need more lines than the card has: the cause whole, then whole words up to
    // "…"; the tooltip has all of it.
    const QString detail = "Corrupt JPEG data: 4711 extraneous bytes before marker 0xd9, then a premature end of the "
                           "data segment in scan 3 of 4, component 2, at row 1536 of 4000";
    const QString longOne = fail(1, detail);
    lines = cardLines(1);
    qInfo() << lines;
    QVERIFY2(lines.size() > 3, qPrintable(lines.join(" | ")));
    QVERIFY2(lines.last().endsWith(QChar(0x2026)), qPrintable(lines.join(" | ")));
    const QString shown = lines.join(' ').chopped(1);
    QVERIFY2(longOne.startsWith(shown) && !longOne.at(shown.size()).isLetterOrNumber(), qPrintable(shown));
    QVERIFY2(shown.startsWith(longOne.left(longOne.indexOf(" (Details: "))), qPrintable(shown));
    QVERIFY2(shown.contains("(Details: Corrupt JPEG data"), qPrintable(shown));
    QVERIFY(q->index(1).data(Qt::ToolTipRole).toString().contains(longOne));

    // A short reason keeps the card as it was: the picture its full height, the text below it.
    const QString empty = fail(2, QString());
    QCOMPARE(cardLines(2).join(' '), empty);
    QVERIFY2(cardLines(2).size() <= 3, qPrintable(cardLines(2).join(" | ")));
}

QTEST_MAIN(TestCards)
// A card's tooltip holding a path of 4,000 bytes (no space in it) was one line wider than X can
// show, and no tooltip appeared anywhere on the card (window QA pass). It wraps now, within the
// screen, the path whole.
void TestCards::aCardsTipOfALongPathIsShown()
{
    WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    QString deep = f.path("in");
    while (deep.size() < 3900)
        deep += "/" + QString(60, QLatin1Char('d'));
    const QString image = test::makeImage(deep, "deep.jpg", 60, 40);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(image)}));
    QueueView *view = w->queueView();
    const QRect card = view->visualRect(w->queueModel()->index(0));
    QHelpEvent help(QEvent::ToolTip, card.center(), view->viewport()->mapToGlobal(card.center()));
    QApplication::sendEvent(view->viewport(), &help);
    QWidget *tip = nullptr;
    for (QWidget *top : QApplication::topLevelWidgets())
        if (top->inherits("QTipLabel") && top->isVisible())
            tip = top;
    QVERIFY(tip);
    const QRect screen = w->screen()->geometry();
    QVERIFY2(tip->width() <= screen.width(), qPrintable(QString::number(tip->width())));
    QVERIFY(QToolTip::text().contains(QString(deep).replace("/", QStringLiteral("/\u200B")).toHtmlEscaped()));
    // A short tip stays as it is: plain text.
    QCOMPARE(QueueDelegate::wrappableTip("/a/b.jpg\nQueued"), QString("/a/b.jpg\nQueued"));
    QToolTip::hideText();
}

#include "tst_gui_cards.moc"
