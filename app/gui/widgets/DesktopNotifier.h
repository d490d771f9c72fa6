// Tells the desktop that a batch ended, through org.freedesktop.Notifications on the session
// bus, for when the window is not in front. No session bus (CI, a bare X server, ssh) or no
// notification service is not an error: the banner in the window says the same.
#pragma once

#include <QObject>

namespace pp::gui {

class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    // Batches shorter than this end while people still watch the window.
    static constexpr double kMinSeconds = 10.0;

    explicit DesktopNotifier(QObject *parent = nullptr) : QObject(parent) {}

    static bool worthNotifying(bool windowActive, double batchSeconds)
    {
        return !windowActive && batchSeconds > kMinSeconds;
    }
    // Sends without waiting for the reply. False: no session bus to send on.
    bool notify(const QString &summary, const QString &body);
};

} // namespace pp::gui
