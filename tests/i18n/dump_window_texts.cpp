// Shows the window in the language of the environment (LANG, LC_ALL, LANGUAGE), adds a good and
// a damaged image and one that crashes its worker once, runs the batch, opens the failures and the
// preset editor with each of its steps, and prints every text a person can meet (the engine log's
// lines and every message of the status bar too) as one JSON line each:
//     {"where": "QLabel pp::gui::PresetPanel/…", "what": "toolTip", "text": "…"}
// tests/i18n/check_german.py reads it and fails on English left in a German window.
#include "../gui/GuiTestUtil.h"
#include "BatchBanner.h"
#include "PresetPanel.h"
#include "OperationCatalog.h"
#include "PresetEditor.h"
#include "StatusMessage.h"
#include "Translations.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTreeWidget>
#include <cstdio>

using namespace pp;
using namespace pp::gui;

namespace {

void emitText(const QString &where, const char *what, const QString &text)
{
    if (text.trimmed().isEmpty())
        return;
    const QJsonObject o{{"where", where}, {"what", what}, {"text", text}};
    std::puts(QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
}

QString nameOf(const QObject *o)
{
    QStringList path;
    for (const QObject *p = o; p; p = p->parent())
        path.prepend(QString::fromLatin1(p->metaObject()->className()));
    return path.join(QLatin1Char('/'));
}

void dumpModel(const QString &where, const QAbstractItemModel *m, const QModelIndex &parent = {})
{
    if (!m)
        return;
    for (int c = 0; c < m->columnCount(parent); ++c) {
        emitText(where, "header", m->headerData(c, Qt::Horizontal).toString());
        emitText(where, "headerToolTip", m->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString());
    }
    for (int r = 0; r < m->rowCount(parent) && r < 200; ++r)
        for (int c = 0; c < m->columnCount(parent); ++c) {
            const QModelIndex i = m->index(r, c, parent);
            emitText(where, "item", i.data(Qt::DisplayRole).toString());
            emitText(where, "itemToolTip", i.data(Qt::ToolTipRole).toString());
            emitText(where, "itemAccessibleText", i.data(Qt::AccessibleTextRole).toString());
            if (c == 0)
                dumpModel(where, m, i);
        }
}

void dumpAction(const QString &where, const QAction *a)
{
    emitText(where, "action", a->text());
    if (a->toolTip() != a->text() && a->toolTip() != QString(a->text()).remove(QLatin1Char('&')))
        emitText(where, "actionToolTip", a->toolTip());
    emitText(where, "actionStatusTip", a->statusTip());
    if (a->menu()) {
        emitText(where, "menuTitle", a->menu()->title());
        for (const QAction *sub : a->menu()->actions())
            dumpAction(where, sub);
    }
}

void dumpWidget(const QWidget *w)
{
    const QString where = nameOf(w);
    if (w->isWindow())
        emitText(where, "windowTitle", w->windowTitle());
    emitText(where, "toolTip", w->toolTip());
    emitText(where, "statusTip", w->statusTip());
    emitText(where, "whatsThis", w->whatsThis());
    emitText(where, "accessibleName", w->accessibleName());
    emitText(where, "accessibleDescription", w->accessibleDescription());
    // The status bar's message is a label of its own (StatusMessage): QStatusBar::currentMessage() is
    // always empty. Its text is the whole message, however it is wrapped or cut when painted.
    if (auto *m = qobject_cast<const StatusMessage *>(w))
        emitText(where, "statusMessage", m->text());
    else if (auto *l = qobject_cast<const QLabel *>(w))
        emitText(where, "text", l->text());
    if (auto *b = qobject_cast<const QAbstractButton *>(w))
        emitText(where, "text", b->text());
    if (auto *e = qobject_cast<const QLineEdit *>(w))
        emitText(where, "placeholderText", e->placeholderText());
    if (auto *e = qobject_cast<const QPlainTextEdit *>(w)) // the engine log
        for (const QString &line : e->toPlainText().split(QLatin1Char('\n')))
            emitText(where, "line", line);
    if (auto *g = qobject_cast<const QGroupBox *>(w))
        emitText(where, "title", g->title());
    if (auto *d = qobject_cast<const QDockWidget *>(w))
        emitText(where, "windowTitle", d->windowTitle());
    if (auto *t = qobject_cast<const QTabWidget *>(w))
        for (int i = 0; i < t->count(); ++i) {
            emitText(where, "tabText", t->tabText(i));
            emitText(where, "tabToolTip", t->tabToolTip(i));
        }
    if (auto *c = qobject_cast<const QComboBox *>(w))
        for (int i = 0; i < c->count(); ++i) {
            emitText(where, "comboItem", c->itemText(i));
            emitText(where, "comboToolTip", c->itemData(i, Qt::ToolTipRole).toString());
        }
    if (auto *v = qobject_cast<const QAbstractItemView *>(w))
        dumpModel(where, v->model());
    if (auto *m = qobject_cast<const QMenu *>(w))
        emitText(where, "menuTitle", m->title());
    for (const QAction *a : w->actions())
        dumpAction(where, a);
}

void dumpAll()
{
    for (const QWidget *top : QApplication::topLevelWidgets()) {
        if (!top->isVisible() && !qobject_cast<const QMenu *>(top))
            continue;
        dumpWidget(top);
        for (const QWidget *w : top->findChildren<QWidget *>())
            dumpWidget(w);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PixelPool"));
    emitText(QStringLiteral("translation"), "language", i18n::installTranslations(&app));

    test::WindowFixture f(1);
    MainWindow *w = f.shown();
    if (!w)
        qFatal("the window was never exposed");
    // Every message the status bar shows, as it is shown: most are replaced before a walk sees them.
    QObject::connect(w, &MainWindow::message, w,
                     [w](const QString &text) { emitText(nameOf(w->statusMessage()), "statusMessage", text); });
    const QString good = test::makeImage(f.path("in"), QStringLiteral("good.jpg"), 320, 200);
    // A JPEG whose header is fine and whose data is missing: a failure with its reason.
    QByteArray head = QByteArray::fromHex("ffd8ffe000104a46494600010100000100010000ffdb0043");
    const QString broken = test::writeFile(f.path("in/broken.jpg"), head + QByteArray(64, '\x08'));
    const QString notImage = test::writeFile(f.path("in/notes.jpg"), QByteArray("no image at all ").repeated(20));
    // Its worker crashes once (a test hook): the engine log says so, and a new worker does it.
    const QString crash = test::makeImage(f.path("in"), QStringLiteral("pixelpool-test-crashonce.jpg"), 320, 200);
    QSignalSpy scanned(w, &MainWindow::scanFinished);
    w->addInputs(
        {QFile::encodeName(good), QFile::encodeName(broken), QFile::encodeName(notImage), QFile::encodeName(crash)});
    if (!scanned.wait(10000))
        qFatal("the scan did not finish");
    QSignalSpy finished(w, &MainWindow::batchFinished);
    if (!w->startBatch() || !finished.wait(60000))
        qFatal("the batch did not run");
    w->batchBanner()->failuresButton()->click();
    QCoreApplication::processEvents();
    dumpAll();

    // Preset files that do not load, dropped on the preset library: each one's error is shown.
    const QString notJson = test::writeFile(f.path("presets/kaputt.json"), "{ \"format\": \"pixelpool-preset\", ");
    const QString unknownOp = test::writeFile(
        f.path("presets/explodieren.json"),
        R"({"format": "pixelpool-preset", "version": 1, "name": "x", "steps": [{"op": "explodieren"}]})");
    for (const QString &preset : {notJson, unknownOp}) {
        emit w->presetPanel()->presetFilesDropped({preset});
        QCoreApplication::processEvents();
        dumpAll();
    }

    // The preset editor, with a step of every operation, each selected in turn.
    w->openPresetEditor(QStringLiteral("web"));
    PresetEditor *editor = w->presetEditor();
    if (!editor)
        qFatal("no preset editor");
    for (const OperationSpec &op : OperationCatalog::builtin().operations())
        editor->addStep(op.name);
    // The logo step needs its file: without one the preset does not check, and the editor says
    // why (the preset loader's error, in the user's language).
    QCoreApplication::processEvents();
    dumpAll();
    for (int i = 0; i < editor->stepCount(); ++i) {
        editor->selectStep(i);
        QCoreApplication::processEvents();
        if (auto *path = editor->findChild<QLineEdit *>(QStringLiteral("param-file")); path && path->text().isEmpty())
            QTest::keyClicks(path, good);
    }
    for (int i = 0; i < editor->stepCount(); ++i) {
        editor->selectStep(i);
        QCoreApplication::processEvents();
        dumpAll();
    }
    editor->close();
    return 0;
}
