// MainWindow: staying inside the screen once shown, with the window manager's real frame; the
// preview keeping its share of the window's width, the presets pane its width.
#include "MainWindow.h"

#include "QueueView.h"
#include "WindowFit.h"

#include <QDockWidget>
#include <QLayout>
#include <QResizeEvent>
#include <QScreen>
#include <QTimer>
#include <QWindow>
#include <cmath>

namespace pp::gui {

void MainWindow::showEvent(QShowEvent *e)
{
    QMainWindow::showEvent(e);
    // On another screen, another room for the window's least height.
    if (windowHandle())
        connect(windowHandle(), &QWindow::screenChanged, this, &MainWindow::keepLeastHeightOnScreen,
                Qt::UniqueConnection);
    // The window manager's frame is known only once the window is shown, and a window manager
    // may apply a saved size of its own when it maps the window: fit again at each of the
    // first few moves and resizes it makes, then leave the user's own alone.
    if (m_options.fitToScreen) {
        m_fitChecks = 6;
        QTimer::singleShot(0, this, &MainWindow::fitToScreen);
    }
}

void MainWindow::moveEvent(QMoveEvent *e)
{
    QMainWindow::moveEvent(e);
    if (m_fitChecks > 0) {
        --m_fitChecks;
        QTimer::singleShot(0, this, &MainWindow::fitToScreen);
    }
}

namespace {
// Docked at the left or right, and shown (or to be, with the window: its first resize comes before
// its docks are shown).
QDockWidget *sideDock(QMainWindow *w, const char *name)
{
    auto *dock = w->findChild<QDockWidget *>(name);
    const Qt::DockWidgetArea area = dock ? w->dockWidgetArea(dock) : Qt::NoDockWidgetArea;
    return dock && dock->isVisibleTo(w) && !dock->isFloating() &&
                   (area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea)
               ? dock
               : nullptr;
}
} // namespace

void MainWindow::resizeEvent(QResizeEvent *e)
{
    QMainWindow::resizeEvent(e);
    // The preview keeps its share of the window's width, as it was first given or as the user last
    // dragged its edge. A docked pane keeps its width when the window grows: maximized on a
    // 3840-pixel screen, the preview stayed 380 px wide beside a queue of 3000. The share is known
    // before any resize (loadSettings): taken at a resize, it was the width the layout had already
    // squeezed the dock to, and after a window made as narrow as it goes the preview stayed at its
    // minimum for good. The first resize, when the window is shown, gives it the share too, whatever
    // width the saved state had.
    // The presets pane gets its width back the same way, in pixels: a narrowing window takes its
    // width from every pane alike, and grows only the queue again, so after one narrow moment the
    // presets stayed 150 px wide at every size, each card's name cut ("web-an…").
    const int before = e->oldSize().width(), after = e->size().width();
    QList<QDockWidget *> docks;
    QList<int> widths;
    if (QDockWidget *presets = sideDock(this, "presetDock"); presets && m_presetWidth > 0) {
        docks << presets;
        widths << m_presetWidth;
    }
    if (QDockWidget *preview = sideDock(this, "previewDock"); preview && m_previewShare > 0) {
        docks << preview;
        widths << int(std::lround(m_previewShare * after));
    }
    if (!docks.isEmpty() && after != before)
        resizeDocks(docks, widths, Qt::Horizontal);
    if (m_fitChecks > 0) {
        --m_fitChecks;
        QTimer::singleShot(0, this, &MainWindow::fitToScreen);
    }
}

bool MainWindow::event(QEvent *e)
{
    // Before the layout sets the window's least size from its parts (and so grows the window).
    if (e->type() == QEvent::LayoutRequest)
        keepLeastHeightOnScreen();
    if (e->type() == QEvent::WindowActivate && m_recheck) {
        m_recheckRow = 0; // from the top again, also when a round is under way
        m_recheck->start();
    }
    const bool handled = QMainWindow::event(e);
    // A button released on the window itself, not on a child, ends a drag of a dock's edge (the
    // separators are the window's): the preview's width from then on is the user's share, and the
    // presets pane's width the user's.
    if (e->type() == QEvent::MouseButtonRelease) {
        if (QDockWidget *preview = sideDock(this, "previewDock"); preview && width() > 0)
            m_previewShare = double(preview->width()) / width();
        if (QDockWidget *presets = sideDock(this, "presetDock"))
            m_presetWidth = presets->width();
    }
    return handled;
}

void MainWindow::fitToScreen() { fitOnScreen(this); }

void MainWindow::keepLeastHeightOnScreen()
{
    if (!screen() || !layout() || !m_queueView)
        return;
    const QMargins frame = frameMargins(this);
    const int room = screen()->availableGeometry().height() - frame.top() - frame.bottom();
    // What the window lacks (or has to spare) is taken from (or given back to) the queue's least
    // height. When the side panes are what is tall, the queue's giving way changes nothing, and
    // it stays at half a row until there is room again.
    const int least = m_queueView->leastHeight(), total = layout()->totalMinimumSize().height();
    if (total > room || least < m_queueView->rowHeight())
        m_queueView->setLeastHeight(least + room - total);
    // The window's own least height, kept on the screen: when a part is shown (the banner's list),
    // Qt lays out every pane up to the window at once, and the layout's least height, set then,
    // grew the window past the screen's edge before this had a say.
    setMinimumHeight(std::max(1, std::min(total + m_queueView->leastHeight() - least, room)));
}

} // namespace pp::gui
