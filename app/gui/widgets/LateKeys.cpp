#include "LateKeys.h"

#include <QApplication>
#include <QKeyEvent>
#include <QWidget>
#include <QWindow>

namespace pp::gui {

LateKeys::LateKeys(QObject *parent) : QObject(parent)
{
    QAccessible::installActivationObserver(this);
    accessibilityActiveChanged(QAccessible::isActive());
}

LateKeys::~LateKeys()
{
    QAccessible::removeActivationObserver(this);
    accessibilityActiveChanged(false);
}

void LateKeys::accessibilityActiveChanged(bool active)
{
    if (active == m_watching)
        return;
    m_watching = active;
    if (active)
        qApp->installEventFilter(this);
    else
        qApp->removeEventFilter(this);
}

bool LateKeys::eventFilter(QObject *watched, QEvent *event)
{
    // Handed back by the accessibility bridge: posted, so not spontaneous; and to a window, where
    // the window system delivered it.
    if ((event->type() != QEvent::KeyPress && event->type() != QEvent::KeyRelease) || event->spontaneous() ||
        !watched->isWindowType())
        return false;
    const int key = static_cast<QKeyEvent *>(event)->key();
    if (key != Qt::Key_Alt && key != Qt::Key_Meta && key != Qt::Key_AltGr)
        return false;
    const QWidget *popup = QApplication::activePopupWidget();
    return popup && popup->windowHandle() != watched; // pressed before the popup opened: dropped
}

} // namespace pp::gui
