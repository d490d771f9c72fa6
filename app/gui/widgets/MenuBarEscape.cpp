#include "MenuBarEscape.h"

#include <QApplication>
#include <QKeyEvent>
#include <QMenu>
#include <QMenuBar>
#include <memory>

namespace pp::gui {

MenuBarEscape::MenuBarEscape(QMenuBar *bar) : QObject(bar), m_bar(bar)
{
    for (QAction *a : bar->actions())
        if (QMenu *menu = a->menu())
            menu->installEventFilter(this);
}

bool MenuBarEscape::eventFilter(QObject *watched, QEvent *event)
{
    if (m_passing || event->type() != QEvent::KeyPress ||
        !static_cast<QKeyEvent *>(event)->matches(QKeySequence::Cancel))
        return false;
    // The menu first, as it would have it: it closes and gives the menu bar the keys.
    m_passing = true;
    const std::unique_ptr<QEvent> esc(event->clone());
    QCoreApplication::sendEvent(watched, esc.get());
    m_passing = false;
    // Then the menu bar's own Esc, had the menu bar taken the keys: it gives them back to the control
    // that had them before, as it does when the user presses Esc there. Sent, not posted: a key the
    // user pressed next is not handled before it.
    if (m_bar->hasFocus() && !QApplication::activePopupWidget()) {
        QKeyEvent leave(QEvent::KeyPress, Qt::Key_Escape, Qt::NoModifier);
        QCoreApplication::sendEvent(m_bar, &leave);
    }
    return true;
}

} // namespace pp::gui
