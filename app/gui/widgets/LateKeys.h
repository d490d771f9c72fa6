// Keys a screen reader's listener hands back late must not close the menu a shortcut opened since.
#pragma once

#include <QAccessible>
#include <QObject>

namespace pp::gui {

// With a screen reader's key listener on the accessibility bus, Qt sends each key over D-Bus before
// handling it and posts it, when the answer comes, to where it was pressed. A shortcut is handled at
// once, without that detour: Alt+B opens the Batch menu on B, and the Alt pressed before it can come
// back after the menu is open, when the bus is slow (just after a file dialog closed, while the
// screen reader asks about the widgets it lost). A menu closes on Alt: the first Alt+letter after a
// dialog opened its menu and closed it at once, and a letter typed next went to the window (a
// quick Alt+B, W changed the Default preset instead of opening Workers…). This drops an Alt (or
// Meta) key that comes back to another window while a popup is open: it was pressed before the
// popup opened. Pressed while it is open, it comes back to the popup, and closes it as it should.
// It watches the keys only while accessibility is on. One for the application.
class LateKeys : public QObject, public QAccessible::ActivationObserver
{
public:
    explicit LateKeys(QObject *parent = nullptr);
    ~LateKeys() override;

    void accessibilityActiveChanged(bool active) override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool m_watching = false;
};

} // namespace pp::gui
