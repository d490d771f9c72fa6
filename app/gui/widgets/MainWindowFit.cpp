// MainWindow: staying inside the screen once shown, with the window manager's real frame; the
// preview keeping its share of the window's width.
#include "MainWindow.h"

#include "WindowFit.h"

#include <QDockWidget>
#include <QResizeEvent>
#include <QScreen>
#include <QTimer>
#include <cmath>

namespace pp::gui {

void MainWindow::showEvent(QShowEvent *e)
{
    QMainWindow::showEvent(e);
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
    const int before = e->oldSize().width(), after = e->size().width();
    if (QDockWidget *preview = sideDock(this, "previewDock"); preview && m_previewShare > 0 && after != before)
        resizeDocks({preview}, {int(std::lround(m_previewShare * after))}, Qt::Horizontal);
    if (m_fitChecks > 0) {
        --m_fitChecks;
        QTimer::singleShot(0, this, &MainWindow::fitToScreen);
    }
}

bool MainWindow::event(QEvent *e)
{
    const bool handled = QMainWindow::event(e);
    // A button released on the window itself, not on a child, ends a drag of a dock's edge (the
    // separators are the window's): the preview's width from then on is the user's share.
    if (e->type() == QEvent::MouseButtonRelease)
        if (QDockWidget *preview = sideDock(this, "previewDock"); preview && width() > 0)
            m_previewShare = double(preview->width()) / width();
    return handled;
}

void MainWindow::fitToScreen() { fitOnScreen(this); }

} // namespace pp::gui
