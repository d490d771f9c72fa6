// A preset's Duplicate (the presets pane's button, a card's menu, Presets ▸ Duplicate preset,
// Ctrl+D): a user who wanted a variant of a built-in or of their own preset had to type it again
// (QA pass). The copy is a user preset named "NAME copy" ("NAME copy 2"… when that is taken), saved
// as the editor saves (in the user's folder, never over another file), the same preset but for its
// name, selected and open in the editor; Ctrl+Z takes it away and Ctrl+Shift+Z brings it back.
#include "GuiTestUtil.h"

#include "OperationCatalog.h"
#include "PresetEditor.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"

#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QToolButton>

using namespace pp;
using namespace pp::gui;
using test::WindowFixture;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject jsonOf(const QString &path) { return QJsonDocument::fromJson(readAll(path)).object(); }

// The card of `name` made current, as a click on it makes it.
void selectCard(MainWindow *w, const QString &name)
{
    QListView *cards = w->presetPanel()->view();
    cards->setCurrentIndex(w->presetModel()->index(w->presetModel()->rowOf(name)));
}

QString pathOf(MainWindow *w, const QString &name)
{
    const int row = w->presetModel()->rowOf(name);
    return row < 0 ? QString() : w->presetModel()->index(row).data(PresetLibraryModel::PathRole).toString();
}

bool isBuiltin(MainWindow *w, const QString &name)
{
    return w->presetModel()->index(w->presetModel()->rowOf(name)).data(PresetLibraryModel::BuiltinRole).toBool();
}

// The entry of the card's menu with `objectName`, the menu opened by a right click on the card.
QAction *cardMenuAction(MainWindow *w, const QString &card, const QString &objectName)
{
    QListView *cards = w->presetPanel()->view();
    const QModelIndex i = w->presetModel()->index(w->presetModel()->rowOf(card));
    cards->scrollTo(i);
    const QPoint at = cards->visualRect(i).center();
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, cards->viewport()->mapToGlobal(at));
    QCoreApplication::sendEvent(cards->viewport(), &event);
    auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    if (!menu)
        return nullptr;
    for (QAction *a : menu->actions())
        if (a->objectName() == objectName)
            return a;
    return nullptr;
}

} // namespace

class TestDuplicate : public QObject
{
    Q_OBJECT
private slots:
    void duplicatingABuiltinMakesAUserCopyToEdit();
    void duplicatingAUserPresetNeverTakesAnotherNameOrFile();
    void aCopyOfALongNameIsAPresetName();
};

void TestDuplicate::duplicatingABuiltinMakesAUserCopyToEdit()
{
    WindowFixture f(1);
    MainWindow *w = f.active();
    QVERIFY(w);
    PresetLibraryModel *model = w->presetModel();
    const std::optional<Preset> web = model->preset("web");
    QVERIFY(web);
    selectCard(w, "web");
    auto *duplicate = w->presetPanel()->findChild<QToolButton *>("duplicatePresetButton");
    QVERIFY2(duplicate, "the presets pane has no Duplicate button");
    QVERIFY(duplicate->isEnabled() && duplicate->isVisible());
    duplicate->click();

    // A user preset in the user's folder, its file the built-in's preset but for the name.
    QVERIFY2(model->rowOf("web copy") >= 0, qPrintable(w->lastMessage()));
    QVERIFY(!isBuiltin(w, "web copy"));
    const QString path = pathOf(w, "web copy");
    QCOMPARE(QFileInfo(path).absolutePath(), QDir(f.path("presets")).absolutePath());
    QJsonObject expected = web->toJson();
    expected.insert("name", "web copy");
    QCOMPARE(jsonOf(path), expected);
    // Written whole, as the editor writes: no temporary left beside it.
    QCOMPARE(QDir(f.path("presets")).entryList(QDir::Files), QStringList{QFileInfo(path).fileName()});
    QVERIFY2(w->lastMessage().contains("\"web copy\"") && w->lastMessage().contains("Ctrl+Z"),
             qPrintable(w->lastMessage()));

    // Selected, and open in the editor, whose Save changes that copy.
    QCOMPARE(w->presetPanel()->selectedPreset(), QString("web copy"));
    PresetEditor *editor = w->presetEditor();
    QVERIFY(editor);
    QTRY_VERIFY(editor->isVisible());
    QCOMPARE(editor->findChild<QLineEdit *>("presetName")->text(), QString("web copy"));
    QCOMPARE(editor->findChild<QPushButton *>("savePreset")->text().remove('&'), QString("Save changes"));
    QVERIFY(!editor->hasUnsavedChanges());
    editor->close();

    // Ctrl+Z takes the copy away, Ctrl+Shift+Z brings it back as it was.
    const QByteArray bytes = readAll(path);
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w));
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(model->rowOf("web copy"), -1);
    QVERIFY(!QFile::exists(path));
    QVERIFY(model->rowOf("web") >= 0);
    QTest::keyClick(w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(model->rowOf("web copy") >= 0);
    QCOMPARE(readAll(path), bytes);
    QCOMPARE(w->presetPanel()->selectedPreset(), QString("web copy"));
}

void TestDuplicate::duplicatingAUserPresetNeverTakesAnotherNameOrFile()
{
    WindowFixture f(1);
    // Written as the window writes user presets, so that the copy's bytes can be compared whole.
    Preset mine;
    mine.name = "mine";
    mine.description = "Half size, PNG";
    mine.output.format = OutputFormat::Png;
    mine.output.pngCompression = 9;
    QString error;
    mine.steps = {
        OperationCatalog::builtin().normalizeStep({{"op", "resize"}, {"mode", "scale"}, {"percent", 50}}, &error)};
    QVERIFY2(!mine.steps[0].isEmpty(), qPrintable(error));
    QVERIFY(QDir().mkpath(f.path("presets")));
    QVERIFY2(mine.save(f.path("presets/mine.json"), &error), qPrintable(error));
    // "mine copy" is taken by a preset, and the file "mine copy 2" would get holds no preset (a file
    // the library leaves out): neither is written over.
    Preset taken = mine;
    taken.name = "Mine Copy";
    taken.steps.clear();
    QVERIFY2(taken.save(f.path("presets/mine-copy.json"), &error), qPrintable(error));
    const QByteArray notAPreset = "{ not a preset";
    test::writeFile(f.path("presets/mine-copy-2.json"), notAPreset);
    const QByteArray takenBytes = readAll(f.path("presets/mine-copy.json"));
    MainWindow *w = f.active();
    QVERIFY(w);
    PresetLibraryModel *model = w->presetModel();
    model->reload(); // the files written after the window read its folder
    QVERIFY(model->rowOf("mine") >= 0 && model->rowOf("mine copy") >= 0);
    QCOMPARE(model->copyName("mine"), QString("mine copy 2"));

    // From the card's menu.
    QAction *duplicate = cardMenuAction(w, "mine", "duplicatePresetAction");
    QVERIFY2(duplicate, "the card's menu has no Duplicate");
    duplicate->trigger();
    if (QWidget *menu = QApplication::activePopupWidget())
        menu->close();
    QVERIFY2(model->rowOf("mine copy 2") >= 0, qPrintable(w->lastMessage()));
    const QString path = pathOf(w, "mine copy 2");
    QVERIFY(path != f.path("presets/mine-copy-2.json"));
    QCOMPARE(readAll(f.path("presets/mine-copy-2.json")), notAPreset);
    QCOMPARE(readAll(f.path("presets/mine-copy.json")), takenBytes);
    // The same file but for the name.
    QByteArray expected = readAll(f.path("presets/mine.json"));
    QVERIFY(expected.contains("\"name\": \"mine\""));
    expected.replace("\"name\": \"mine\"", "\"name\": \"mine copy 2\"");
    QCOMPARE(readAll(path), expected);
    QCOMPARE(model->preset("mine copy 2")->output.pngCompression, 9);
    QCOMPARE(w->presetPanel()->selectedPreset(), QString("mine copy 2"));
    QTRY_VERIFY(w->presetEditor() && w->presetEditor()->isVisible());
    QCOMPARE(w->presetEditor()->findChild<QLineEdit *>("presetName")->text(), QString("mine copy 2"));
    w->presetEditor()->close();

    // Ctrl+D, which Presets ▸ Duplicate preset says, on the selected card: the next free name.
    QAction *inMenu = nullptr;
    for (QAction *menu : w->menuBar()->actions())
        if (menu->menu() && menu->text().remove('&') == "Presets")
            for (QAction *a : menu->menu()->actions())
                if (a->text().remove('&') == "Duplicate preset")
                    inMenu = a;
    QVERIFY2(inMenu, "the Presets menu has no Duplicate preset");
    QCOMPARE(inMenu->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
    selectCard(w, "mine");
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w));
    QTest::keyClick(w, Qt::Key_D, Qt::ControlModifier);
    QVERIFY2(model->rowOf("mine copy 3") >= 0, qPrintable(w->lastMessage()));
    QCOMPARE(model->preset("mine copy 3")->steps, mine.steps);
    QCOMPARE(QDir(f.path("presets")).entryList(QDir::Files).size(), 5);
}

// A name of a hundred characters, the most a preset's name has, still has a copy, of at most as many.
void TestDuplicate::aCopyOfALongNameIsAPresetName()
{
    QTemporaryDir dir;
    PresetLibrary library(dir.path());
    PresetLibraryModel model(&library);
    // Cut through the emoji: it goes whole.
    const QString longName = QString(95, QLatin1Char('a')) + QString::fromUcs4(U"\U0001F600") + "bbbb";
    QCOMPARE(OperationCatalog::characters(longName), Preset::kMaxNameCharacters);
    const QString copy = model.copyName(longName);
    QVERIFY2(copy.endsWith(" copy"), qPrintable(copy));
    QCOMPARE(OperationCatalog::characters(copy), Preset::kMaxNameCharacters);
    QVERIFY(!copy.contains(QChar(0xFFFD)) && !copy.back().isHighSurrogate());
    Preset p;
    p.name = copy;
    QString error;
    QVERIFY2(Preset::fromJson(p.toJson(), &error), qPrintable(error));
}

QTEST_MAIN(TestDuplicate)
#include "tst_gui_duplicate.moc"
