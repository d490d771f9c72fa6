// MainWindow: staying inside the screen once shown, with the window manager's real frame.
#include "MainWindow.h"

#include "WindowFit.h"

#include <QScreen>
#include <QTimer>

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

void MainWindow::resizeEvent(QResizeEvent *e)
{
    QMainWindow::resizeEvent(e);
    if (m_fitChecks > 0) {
        --m_fitChecks;
        QTimer::singleShot(0, this, &MainWindow::fitToScreen);
    }
}

void MainWindow::fitToScreen()
{
    if (isMaximized() || isFullScreen() || !screen())
        return;
    const QRect frame = frameGeometry(), client = geometry();
    QMargins margins(client.left() - frame.left(), client.top() - frame.top(), frame.right() - client.right(),
                     frame.bottom() - client.bottom());
    if (margins.isNull())
        margins = kFrameGuess;
    const QRect fitted = fitInside(client, margins, screen()->availableGeometry());
    if (fitted != client)
        setGeometry(fitted);
}

} // namespace pp::gui
