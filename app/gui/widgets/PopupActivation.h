// Keeps Qt's idea of the active window in step with the window system's when a popup is open.
#pragma once

#include <QObject>
#include <QPointer>

class QWidget;
class QWindow;

namespace pp::gui {

// Qt ignores the window system giving the focus to one of our windows while a popup (a menu, a
// drop-down list, a completer's list) is open, as "some delayed focus event", and does not look
// again when the popup closes. A file dialog's completer list that outlives the dialog by a moment
// (typing a path and pressing Return, with a screen reader's key listener on the accessibility
// bus) so left the main window with the X focus but without Qt's: no focus widget, and Tab, the
// arrow keys and Alt+letters did nothing until a menu was opened and closed. This watches for that
// case only: when the last popup closes after such an ignored activation, the window that has the
// focus is made the active window. One for the application.
class PopupActivation : public QObject
{
    Q_OBJECT

public:
    explicit PopupActivation(QObject *parent = nullptr);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void focusWindowChanged(QWindow *window);
    void watch(QWidget *popup);
    void settle();

    QPointer<QWidget> m_popup; // the popup open when an activation was ignored
};

} // namespace pp::gui
