// Where the documents the window's Help menu opens are: the user guide and the command-line
// reference, as Markdown files a desktop program shows.
#pragma once

#include <QString>

namespace pp::gui {

// The folder of the documents for a window whose executable is in `executableDir`. Installed, the
// window is in libexec/pixelpool/ and the documents in share/pixelpool/doc/ (uncompressed: the
// copies in share/doc/pixelpool/ are compressed, as Debian's packages have them, and a system may
// leave that folder out); the relative path between the two is compiled in (cmake/Packaging.cmake),
// so a moved tree finds them. A build tree has the window in bin/ and the same folder under the
// build, through the relative path from bin/, where CMake links each installed document to docs/.
QString helpFolder(const QString &executableDir);

// `name` ("user-guide.md") in helpFolder(): `path` when it is there, and always where it was looked
// for, for a message that says so.
struct HelpDocument {
    QString path;     // empty: not there
    QString lookedAt; // helpFolder()/name
};
HelpDocument findHelpDocument(const QString &name, const QString &executableDir);

} // namespace pp::gui
