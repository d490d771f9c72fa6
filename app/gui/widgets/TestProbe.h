// For the X11 tests (tests/x11) only, in builds with PIXELPOOL_TEST_HOOKS: writes where the
// window's parts are on the screen and what they show — preset cards, queue cards with their
// preset and state, the Start button, the status bar — to a JSON file whenever it changes, so a
// test that moves the real pointer with xdotool knows where to press and what happened.
// PIXELPOOL_TEST_PROBE names the file; without it (and in release builds) nothing is written.
#pragma once

#include <QObject>
#include <QString>

namespace pp::gui {

class MainWindow;

class TestProbe : public QObject
{
    Q_OBJECT
public:
    // Null when not asked for or not built with the hooks.
    static TestProbe *attachIfRequested(MainWindow *window);

private:
    TestProbe(MainWindow *window, const QString &path);
    void write();

    MainWindow *m_window;
    QString m_path;
    QByteArray m_last;
};

} // namespace pp::gui
