// MainWindow's Help menu: the user guide and the command-line reference, opened as files in the
// desktop's program for Markdown, and About.
#include "MainWindow.h"

#include "HelpDocuments.h"

#include <QAction>
#include <QCoreApplication>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QUrl>

namespace pp::gui {

void MainWindow::createHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    m_actUserGuide = help->addAction(tr("&User guide"), this,
                                     [this] { openHelpDocument(QStringLiteral("user-guide.md"), tr("User guide")); });
    m_actUserGuide->setObjectName("userGuideAction");
    m_actUserGuide->setShortcut(QKeySequence::HelpContents); // F1
    m_actUserGuide->setShortcutContext(Qt::WindowShortcut);
    addAction(m_actUserGuide); // F1 with the menu bar hidden too, as the window's other keys
    // docs/cli.md rather than the man page: the same options with the --json events, their schemas and
    // the exit codes, in the same program as the guide (the man page is troff, gzipped when installed).
    m_actCliReference = help->addAction(tr("&Command-line reference"), this, [this] {
        openHelpDocument(QStringLiteral("cli.md"), tr("Command-line reference"));
    });
    m_actCliReference->setObjectName("cliReferenceAction");
    help->addSeparator();
    help->addAction(m_actAbout);
}

void MainWindow::openHelpDocument(const QString &name, const QString &title)
{
    const QString from =
        m_options.executableDir.isEmpty() ? QCoreApplication::applicationDirPath() : m_options.executableDir;
    const HelpDocument doc = findHelpDocument(name, from);
    // Not there (an install that left it out): said with the place it was looked for, where a dead
    // menu item would say nothing.
    if (doc.path.isEmpty())
        return showProblem(title, tr("Not installed: there is no %1.").arg(doc.lookedAt));
    if (!openUrl(QUrl::fromLocalFile(doc.path)))
        return showProblem(title, tr("No program to open %1 with.").arg(doc.path));
    showMessage(tr("Opened %1.").arg(doc.path));
}

} // namespace pp::gui
