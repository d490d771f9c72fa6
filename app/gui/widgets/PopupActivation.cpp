#include "PopupActivation.h"

#include <QApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>
#include <QWindow>

namespace pp::gui {

namespace {

// The visible top-level widget whose window is `window`, as Qt's own activation looks it up.
QWidget *topLevelOf(QWindow *window)
{
    for (QWindow *w = window; w; w = w->parent()) {
        if (!w->isTopLevel())
            continue;
        for (QWidget *top : QApplication::topLevelWidgets()) {
            if (top->windowHandle() == w)
                return top->isVisible() ? top : nullptr;
        }
        return nullptr;
    }
    return nullptr;
}

} // namespace

PopupActivation::PopupActivation(QObject *parent) : QObject(parent)
{
    connect(qApp, &QGuiApplication::focusWindowChanged, this, &PopupActivation::focusWindowChanged);
}

void PopupActivation::focusWindowChanged(QWindow *window)
{
    QWidget *popup = QApplication::activePopupWidget();
    // A popup taking the focus itself is the usual case; any other window's activation while a
    // popup is open is the one Qt sets aside.
    if (window && popup && popup->windowHandle() != window)
        watch(popup);
}

void PopupActivation::watch(QWidget *popup)
{
    if (m_popup == popup)
        return;
    if (m_popup)
        m_popup->removeEventFilter(this);
    m_popup = popup;
    popup->installEventFilter(this);
}

bool PopupActivation::eventFilter(QObject *watched, QEvent *event)
{
    // Looked at after the hide: Qt closes the popup (and leaves popup mode) as part of hiding it. A
    // popup deleted while open is hidden first, so this covers that too.
    if (watched == m_popup && event->type() == QEvent::Hide)
        QTimer::singleShot(0, this, &PopupActivation::settle);
    return false;
}

void PopupActivation::settle()
{
    if (m_popup) {
        m_popup->removeEventFilter(this);
        m_popup = nullptr;
    }
    if (QWidget *popup = QApplication::activePopupWidget()) { // another popup still open
        if (popup->windowHandle() != QGuiApplication::focusWindow())
            watch(popup);
        return;
    }
    QWidget *top = topLevelOf(QGuiApplication::focusWindow());
    if (top && QApplication::activeWindow() != top)
        QApplication::setActiveWindow(top);
}

} // namespace pp::gui
