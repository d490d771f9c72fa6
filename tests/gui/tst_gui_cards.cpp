// What a card does beyond being dragged: double-clicking a finished queue card opens its result
// with the desktop's program (recorded by the fixture instead of starting a viewer), and a
// preset card's "Use for all" menu entry makes that preset the default.
#include "GuiTestUtil.h"

#include "BatchBanner.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "ProgressPanel.h"
#include "QueueModel.h"
#include "QueueView.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QListView>
#include <QMenu>
#include <QSignalSpy>
#include <QToolButton>

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
    void useForAllMakesTheDefault();
};

void TestCards::doubleClickOpensTheResult()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::makeImage(f.path("in"), "a.jpg", 60, 40);
    test::makeImage(f.path("in"), "b.jpg", 60, 40);
    QSignalSpy scanned(w, &MainWindow::scanFinished);
    w->addInputs({QFile::encodeName(f.path("in"))});
    QVERIFY(scanned.wait(10000));
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
    QVERIFY(useForAll->text().startsWith("Use for all"));
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
}

QTEST_MAIN(TestCards)
#include "tst_gui_cards.moc"
