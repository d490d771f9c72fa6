#include "FolderDialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

namespace pp::gui {

QString nearestExistingFolder(const QString &path)
{
    if (path.isEmpty())
        return {};
    QString dir = QDir::cleanPath(QDir(path).absolutePath());
    while (!QFileInfo(dir).isDir()) {
        const QString up = QFileInfo(dir).absolutePath(); // "/a/b" -> "/a"; "/" stays "/"
        if (up == dir)
            return {};
        dir = up;
    }
    return dir;
}

QString askForFolder(QWidget *parent, const QString &title, const QString &current, const QString &fallback)
{
    return QFileDialog::getExistingDirectory(parent, title,
                                             nearestExistingFolder(current.isEmpty() ? fallback : current));
}

} // namespace pp::gui
