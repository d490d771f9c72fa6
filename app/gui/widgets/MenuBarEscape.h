// Esc that closes a menu of the menu bar also lets the menu bar go.
#pragma once

#include <QObject>

class QMenuBar;

namespace pp::gui {

// Qt closes a menu of the menu bar on Esc (opened with Alt+letter or a click) and then keeps the
// menu bar with the keys, its title lit, as on Windows: the next Esc only gives the keys back, and
// the window's own Esc (Cancel the batch) needed a third (the keyboard QA pass). Installed on the
// menu bar's menus, this lets the menu close as Qt does and then takes the menu bar out of that
// state as Qt's own Esc there does, so the keys are back where they were before the menu opened and
// the next Esc is the window's. Esc in a submenu still closes only the submenu (its keys go to it,
// not to the menus watched here), and the arrow keys still go from menu to menu while one is open.
class MenuBarEscape : public QObject
{
public:
    // Watches the menus `bar` has now.
    explicit MenuBarEscape(QMenuBar *bar);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QMenuBar *m_bar;
    bool m_passing = false; // the Esc is being given to the menu
};

} // namespace pp::gui
