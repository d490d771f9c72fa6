#include "WindowFit.h"

#include <QScreen>
#include <QWidget>
#include <algorithm>

namespace pp::gui {

QRect firstStartGeometry(const QRect &available, const QMargins &frame)
{
    const QRect inner = available.marginsRemoved(frame);
    const QSize size = kPreferredSize.boundedTo(inner.size());
    return {
        QPoint(inner.left() + (inner.width() - size.width()) / 2, inner.top() + (inner.height() - size.height()) / 2),
        size};
}

QRect fitInside(const QRect &client, const QMargins &frame, const QRect &available)
{
    const QRect inner = available.marginsRemoved(frame);
    const QSize size = client.size().boundedTo(inner.size());
    const int x = std::clamp(client.left(), inner.left(), inner.left() + inner.width() - size.width());
    const int y = std::clamp(client.top(), inner.top(), inner.top() + inner.height() - size.height());
    return {QPoint(x, y), size};
}

QMargins frameMargins(const QWidget *window)
{
    const QRect frame = window->frameGeometry(), client = window->geometry();
    const QMargins margins(client.left() - frame.left(), client.top() - frame.top(), frame.right() - client.right(),
                           frame.bottom() - client.bottom());
    return margins.isNull() ? kFrameGuess : margins;
}

void fitOnScreen(QWidget *window)
{
    if (window->isMaximized() || window->isFullScreen() || !window->screen())
        return;
    const QRect client = window->geometry();
    const QRect fitted = fitInside(client, frameMargins(window), window->screen()->availableGeometry());
    if (fitted != client)
        window->setGeometry(fitted);
}

} // namespace pp::gui
