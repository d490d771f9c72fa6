#include "Icons.h"

namespace pp::gui {

QIcon icon(const char *name) { return QIcon(QStringLiteral(":/icons/%1.png").arg(QLatin1String(name))); }

QIcon appIcon()
{
    QIcon i(QStringLiteral(":/icons/app-256.png"));
    i.addFile(QStringLiteral(":/icons/app.png"));
    i.addFile(QStringLiteral(":/icons/app@2x.png"));
    return i;
}

} // namespace pp::gui
