// The Help menu: the user guide and the command-line reference open in the desktop's program for
// them, from a build tree and from an installed layout, and a document that is not there is said
// with where it was looked for.
#include "GuiTestUtil.h"

#include "HelpDocuments.h"
#include "QueueView.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>

using namespace pp::gui;
using test::WindowFixture;

namespace {

QByteArray contentsOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A window whose documents are looked for from `executableDir`, as if its executable were there.
struct WindowFrom {
    QTemporaryDir tmp;
    QSettings settings{tmp.filePath("settings.ini"), QSettings::IniFormat};
    QList<QUrl> opened;
    std::unique_ptr<MainWindow> window;
    explicit WindowFrom(const QString &executableDir)
    {
        GuiOptions o;
        o.settings = &settings;
        o.userPresetDir = tmp.filePath("presets");
        o.workerExecutable = QStringLiteral(PIXELPOOL_WORKER);
        o.workers = 1;
        o.dialogs = false;
        o.fitToScreen = false;
        o.openUrl = [this](const QUrl &url) {
            opened << url;
            return true;
        };
        o.executableDir = executableDir;
        window = std::make_unique<MainWindow>(o);
    }
};

} // namespace

class TestHelp : public QObject
{
    Q_OBJECT
private slots:
    void theHelpMenuOpensTheGuideAndTheReference();
    void aDocumentNotThereIsSaidWithWhereItWasLookedFor();
};

// The Help menu had About alone. The user guide (F1) and the command-line reference open as the
// files docs/ holds, here from the build tree's bin/ as an installed window does from libexec/.
void TestHelp::theHelpMenuOpensTheGuideAndTheReference()
{
    WindowFixture f;
    MainWindow *w = f.active();
    QVERIFY(w);
    QMenu *help = w->menuBar()->actions().last()->menu();
    QVERIFY(help);
    QCOMPARE(help->title(), QString("&Help"));
    QStringList items;
    for (QAction *a : help->actions())
        items << (a->isSeparator() ? QString("-") : a->text());
    QCOMPARE(items, QStringList({"&User guide", "&Command-line reference", "-", "&About PixelPool"}));

    const QString docs = QStringLiteral(PIXELPOOL_SOURCE_DIR "/docs/");
    const auto opens = [&](QAction *action, const QString &name) -> QString {
        const qsizetype before = f.opened.size();
        action->trigger();
        if (f.opened.size() != before + 1)
            return "nothing opened; the status bar says: " + w->lastMessage();
        const QUrl url = f.opened.last();
        if (!url.isLocalFile() || !QFileInfo(url.toLocalFile()).isFile())
            return url.toString() + " is not a file";
        if (contentsOf(url.toLocalFile()) != contentsOf(docs + name))
            return url.toLocalFile() + " is not docs/" + name;
        if (w->lastMessage() != "Opened " + url.toLocalFile() + ".")
            return "the status bar says: " + w->lastMessage();
        return {};
    };
    auto *guide = w->findChild<QAction *>("userGuideAction");
    auto *reference = w->findChild<QAction *>("cliReferenceAction");
    QVERIFY(guide && reference);
    QString problem = opens(guide, "user-guide.md");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = opens(reference, "cli.md");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // F1 is the guide's, wherever the keys are in the window.
    QTest::keyClick(w->queueView(), Qt::Key_F1);
    QCOMPARE(f.opened.size(), 3);
    QCOMPARE(f.opened.last(), f.opened.first());
}

// An installed window is in libexec/pixelpool/ and reads share/pixelpool/doc/, where
// tests/package/install-tree.sh finds the documents installed; one in bin/ (a build tree) reads the
// same folder. A document not there is no dead menu item: it says where it was looked for.
void TestHelp::aDocumentNotThereIsSaidWithWhereItWasLookedFor()
{
    QTemporaryDir prefix;
    const QString installed = prefix.filePath("share/pixelpool/doc");
    QCOMPARE(helpFolder(prefix.filePath("libexec/pixelpool")), installed);
    QCOMPARE(helpFolder(prefix.filePath("bin")), installed);

    WindowFrom from(prefix.filePath("libexec/pixelpool"));
    auto *guide = from.window->findChild<QAction *>("userGuideAction");
    QVERIFY(guide);
    guide->trigger();
    QVERIFY(from.opened.isEmpty());
    QCOMPARE(from.window->lastMessage(),
             QString("User guide: Not installed: there is no %1/user-guide.md.").arg(installed));

    test::writeFile(installed + "/user-guide.md", "# PixelPool\n");
    guide->trigger();
    QCOMPARE(from.opened, QList<QUrl>({QUrl::fromLocalFile(installed + "/user-guide.md")}));
}

QTEST_MAIN(TestHelp)
#include "tst_gui_help.moc"
