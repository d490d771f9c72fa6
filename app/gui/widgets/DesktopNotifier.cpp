#include "DesktopNotifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QVariantMap>

namespace pp::gui {

bool DesktopNotifier::notify(const QString &summary, const QString &body)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return false;
    // A plain method call, not QDBusInterface: that one introspects the service synchronously,
    // which would block the window when the notification daemon is slow or absent.
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("/org/freedesktop/Notifications"),
        QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("Notify"));
    call << QStringLiteral("PixelPool") << uint(0) << QStringLiteral("pixelpool") << summary << body << QStringList()
         << QVariantMap() << int(-1);
    return bus.send(call);
}

} // namespace pp::gui
