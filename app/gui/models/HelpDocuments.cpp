#include "HelpDocuments.h"

#include <QDir>
#include <QFileInfo>

namespace pp::gui {

QString helpFolder(const QString &executableDir)
{
    // Which installed folder the executable is in decides the way to the documents: the window is
    // installed in libexec/pixelpool/, and is in bin/ in a build tree (pixelpool-desktop beside the
    // worker, both built there).
    const QString dir = QDir::cleanPath(executableDir);
    const bool inLibexec = dir.endsWith(QLatin1Char('/') + QLatin1String(PIXELPOOL_INSTALL_LIBEXEC));
    return QDir::cleanPath(dir + QLatin1Char('/') +
                           QLatin1String(inLibexec ? PIXELPOOL_LIBEXEC_TO_HELPDIR : PIXELPOOL_BIN_TO_HELPDIR));
}

HelpDocument findHelpDocument(const QString &name, const QString &executableDir)
{
    HelpDocument doc;
    doc.lookedAt = helpFolder(executableDir) + QLatin1Char('/') + name;
    if (QFileInfo(doc.lookedAt).isFile())
        doc.path = doc.lookedAt;
    return doc;
}

} // namespace pp::gui
