// The preset editor as a user test of the window met it, on that test's 1400×950 screen (an
// offscreen one, see main()). Each test names the defect it guards against.
#include "GuiTestUtil.h"

#include "ElidedLabel.h"
#include "OperationCatalog.h"
#include "ParamWidgets.h"
#include "Pipeline.h"
#include "PresetEditor.h"
#include "PresetLibrary.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "PreviewPane.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "Translations.h"
#include "WindowFit.h"

#include <QAccessible>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSignalSpy>
#include <QSlider>
#include <QSettings>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QUndoStack>
#include <QToolButton>
#include <QWindow>

using namespace pp;
using namespace pp::gui;

namespace {

const QRect kScreen{0, 0, 1400, 950}; // the user test's screen

QJsonObject step(const QJsonObject &s)
{
    QString error;
    const QJsonObject normalized = OperationCatalog::builtin().normalizeStep(s, &error);
    if (normalized.isEmpty())
        qFatal("bad step in the test: %s", qPrintable(error));
    return normalized;
}

// What Ctrl+N starts from (MainWindow::openPresetEditor).
Preset newPreset()
{
    Preset p;
    p.name = QStringLiteral("my preset");
    p.steps = {step({{"op", "autoOrient"}}), step({{"op", "resize"}, {"width", 1600}, {"height", 1600}})};
    return p;
}

struct Editor {
    QTemporaryDir dir;
    PresetLibrary library{dir.path()};
    PresetLibraryModel model{&library};
    PresetEditor editor{&model};

    template <typename T> T *child(const char *name) { return editor.findChild<T *>(QLatin1String(name)); }
    QLabel *status() { return child<QLabel>("editorStatus"); }
    QString statusText() { return QTextDocumentFragment::fromHtml(status()->text()).toPlainText(); }
    QPushButton *save() { return child<QPushButton>("savePreset"); }
    // The bold "N. Title" above the selected step's settings.
    QString stepTitle()
    {
        static const QRegularExpression numbered(QStringLiteral("^\\d+\\. \\S"));
        for (QLabel *l : editor.findChildren<QLabel *>())
            if (numbered.match(l->text()).hasMatch() && l->font().bold())
                return l->text();
        return {};
    }
    // A new user preset of this name saved in the folder, and opened from the library as the window
    // opens one; empty, or why it could not be saved.
    QString openSavedUserPreset(const QString &name)
    {
        Preset p = newPreset();
        p.name = name;
        QString error;
        if (!library.saveUserPreset(p, &error))
            return error;
        model.reload();
        editor.setPreset(library.find(name)->preset);
        return {};
    }
    QToolButton *button(const QString &toolTip)
    {
        for (QToolButton *b : editor.findChildren<QToolButton *>())
            if (b->toolTip() == toolTip || b->toolTip().startsWith(toolTip + " (")) // "(Ctrl+Up)"
                return b;
        return nullptr;
    }
    bool show()
    {
        editor.show();
        return QTest::qWaitForWindowExposed(&editor);
    }
    // Shown with a new preset of no steps, for a test to add its own.
    bool showWithoutSteps()
    {
        Preset empty = newPreset();
        empty.steps.clear();
        editor.setPreset(empty);
        return show();
    }
};

// Answers the next message box that opens (a modal one, as the editor's question is) with
// `answer`, and keeps what it said and offered; one that never opens leaves `shown` false.
// The window as people have it (its dialogs shown), one worker, its settings and presets in a
// folder of its own.
struct PeoplesWindow {
    QTemporaryDir tmp;
    QSettings settings{tmp.filePath("settings.ini"), QSettings::IniFormat};
    std::unique_ptr<MainWindow> window;
    PeoplesWindow()
    {
        GuiOptions o;
        o.settings = &settings;
        o.userPresetDir = tmp.filePath("presets");
        o.workerExecutable = QStringLiteral(PIXELPOOL_WORKER);
        o.workers = 1;
        o.dialogs = true;
        o.fitToScreen = false;
        window = std::make_unique<MainWindow>(o);
    }
};

struct Prompt {
    bool shown = false;
    QString text, informative, title;
    int width = 0;
    QList<QMessageBox::StandardButton> offered;
    QStringList buttonTexts;
    QTimer poll;

    // Answered by the button that says `words` (its Alt+letter's "&" aside): a button of its own.
    explicit Prompt(const QString &words) : Prompt(QMessageBox::NoButton, words) {}
    explicit Prompt(QMessageBox::StandardButton answer, const QString &words = {})
    {
        poll.setInterval(10);
        QObject::connect(&poll, &QTimer::timeout, &poll, [this, answer, words] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            poll.stop();
            shown = true;
            text = box->text();
            informative = box->informativeText();
            title = box->windowTitle();
            width = box->width();
            for (QAbstractButton *b : box->buttons()) {
                offered << box->standardButton(b);
                buttonTexts << b->text();
            }
            QAbstractButton *chosen = box->button(answer);
            for (QAbstractButton *b : box->buttons())
                if (!words.isEmpty() && b->text().remove(u'&') == words)
                    chosen = b;
            if (chosen)
                chosen->click();
            else
                box->reject();
        });
        poll.start();
    }
};

} // namespace

class TestEditor : public QObject
{
    Q_OBJECT
private slots:
    void messagesNeverWidenTheEditor();
    void editorFitsTheScreenWhenShown();
    void dragReorderKeepsTheStepPanelCurrent();
    void summaryFollowsTheCropMode();
    void summaryShowsNumbersAndTextsTruly();
    void losslessIsSavedOnlyWhereItApplies();
    void pngCompressionIsAnOutputSetting();
    void formatsAreNamedAsTheDocsNameThem();
    void formShowsWhatTheModeUses();
    void choicesReadAsWords();
    void invalidStepIsNamedAsListed();
    void emptyWatermarkTextIsRefused();
    void watermarkTextTakesItsCharactersWhole();
    void namesAndPathsCountCharacters();
    void closeAsksAboutUnsavedChanges();
    void windowAsksBeforeDroppingTheEditorsChanges();
    void noSaveWithAMissingLogoFile();
    void noSaveWithAnEmptyOrDamagedLogo();
    void noSaveWithALogoThePreviewCannotRead();
    void noExportOfAnInvalidPreset();
    void returnPressesThePanelsButtons();
    void cardWithoutDescriptionHasNoEmptyLine();
    void outputsNoteUsesPlurals();
    void theOutputSettingsReachWhatOutputsDoNotSet();
    void renamingAPresetMovesIt();
    void saveNeverWritesOverAnotherPreset();
    void saveIsNamedForWhatItDoes();
    void theOutputsCheckBoxesAreInOneColumn();
    void windowFollowsARenameAndADeletedDefault();
    void theEditorPreviewsAnImageItCanRead();
    void theEditorPassesAnImageItsPreviewCannotReadAndSaysWhy();
    void savingAPresetItsBatchRunsSaysTheBatchKeepsItsSettings();
    void importSaysEveryRefusedFileInOneMessage();
    void deletingAPresetSaysWhatGoesAndCtrlZBringsItBack();
    void editorFitsASmallScreenInBothLanguages();
    void aChoiceThatDoesNotFitEndsInAnEllipsis();
    void everyStepsSettingsAreWholeAtTheDefaultAndSmallestSize();
    void invalidDraftLeavesNoOlderAfter();
    void aBuiltinPresetsDescriptionIsInTheWindowsLanguage();
    void previewNamesAStepOverThePixelLimitAsListed();
    void replacingSourcesIsAControlThatWarns();
    void replacingSourcesIsKeptThroughSaveAndLoad();
    void heldSpaceTurnsReplacingSourcesOnOnce();
    void outputsThatReplaceSourcesAreNamed();
    void refusalNamesTheEditorsControl();
    void enterCommitsTheFieldAndNeverSaves();
    void tabGoesThroughTheEditorAsItIsLaidOut();
    void everyFieldIsNamedByItsLabel();
    void aSliderSaysItsNumber();
    void everyControlHasItsAltLetterAndTheKeysAreSaid();
    void theQueuesCardMenuHasItsAltLetters();
    void theNameTakesAtMostAHundredCharacters();
    void germanQuotesTheFieldAndTheWatermarkText();
    void addANumbersExampleHasTheFormatsExtension();
    void ctrlZBringsBackARemovedStep();
    void theInvalidStepsAndSettingAreMarked();
    void anAltLetterNoControlHasTypesNothing();
    void theOutputSettingsAreLabelledByTheirLabels();
    void altTGoesToTheStepsList();
    void everyStepsSettingTakesItsAltLetterAndIsNamedByItsLabel();
    void aStepAddedFromTheKeyboardHasTheKeys();
};

// A long red error under the file name widened the editor from 1180 to 1535 px on a 1400 px
// screen (Save and Close off it), and it stayed that wide after the template was mended.
void TestEditor::messagesNeverWidenTheEditor()
{
    Editor e;
    e.editor.setPreset(newPreset());
    QVERIFY(e.show());
    const QRect available = e.editor.screen()->availableGeometry();
    QVERIFY2(available.contains(e.editor.frameGeometry()), qPrintable(QDebug::toString(e.editor.frameGeometry())));
    const int width = e.editor.width();
    const int minimum = e.editor.minimumSizeHint().width();
    auto *name = e.child<QLineEdit>("nameTemplate");
    auto *example = e.child<QLabel>("nameExample");
    QVERIFY(name && example);
    // As tall as its one line: no gap under the file name.
    QCOMPARE(example->height(), example->fontMetrics().height());
    name->selectAll();
    QTest::keyClicks(name, "{bogus}.{ext}");
    QVERIFY2(example->text().contains("unknown placeholder"), qPrintable(example->text()));
    QVERIFY2(e.status()->text().contains("unknown placeholder"), qPrintable(e.status()->text()));
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QVERIFY2(e.editor.minimumSizeHint().width() <= minimum,
             qPrintable(QString("minimum width %1, was %2").arg(e.editor.minimumSizeHint().width()).arg(minimum)));
    QCOMPARE(e.editor.width(), width);
    QVERIFY2(available.contains(e.editor.frameGeometry()), qPrintable(QDebug::toString(e.editor.frameGeometry())));
    // The message is all there to read: wrapped, not cut at the editor's edge.
    QVERIFY(example->wordWrap());
    QVERIFY(e.status()->wordWrap());
    QTRY_COMPARE(example->height(), example->heightForWidth(example->width()));
    QVERIFY2(example->height() > example->fontMetrics().height() * 3 / 2, "one line: cut, not wrapped");
    name->selectAll();
    QTest::keyClicks(name, "{name}.{ext}");
    QCoreApplication::processEvents();
    QCOMPARE(e.editor.width(), width);
}

// However it got there (a larger screen, a user's drag), the editor is brought back inside the
// screen when it is shown again.
void TestEditor::editorFitsTheScreenWhenShown()
{
    Editor e;
    e.editor.setPreset(newPreset());
    QVERIFY(e.show());
    e.editor.setGeometry(100, 50, 1600, 1100);
    e.editor.hide();
    QVERIFY(e.show());
    const QRect available = e.editor.screen()->availableGeometry();
    QTRY_VERIFY2(available.contains(e.editor.frameGeometry()), qPrintable(QDebug::toString(e.editor.frameGeometry())));
}

// A drop in the step list moves the row in the list's model (QListWidget's InternalMove): the
// dragged step stays selected, and the panel beside the list has to follow it.
void TestEditor::dragReorderKeepsTheStepPanelCurrent()
{
    Editor e;
    Preset p = newPreset();
    for (const char *op : {"grayscale", "blur", "sharpen", "gamma", "saturation", "flip", "rotate", "border",
                           "brightnessContrast", "crop", "blur"})
        p.steps << step({{"op", op}});
    p.steps << step({{"op", "sepia"}});
    QCOMPARE(p.steps.size(), 14);
    e.editor.setPreset(p);
    e.editor.selectStep(13);
    QCOMPARE(e.stepTitle(), QString("14. Sepia"));
    QToolButton *up = e.button("Move the step up");
    QToolButton *down = e.button("Move the step down");
    QVERIFY(up && down);
    QVERIFY(up->isEnabled() && !down->isEnabled());

    QVERIFY(e.editor.stepList()->model()->moveRows({}, 13, 1, {}, 0));
    QTRY_COMPARE(e.stepTitle(), QString("1. Sepia"));
    QVERIFY(e.editor.stepList()->item(0)->text().startsWith("1.  Sepia"));
    QCOMPARE(e.editor.stepList()->currentRow(), 0);
    QVERIFY(!up->isEnabled());
    QVERIFY(down->isEnabled());
    QCOMPARE(e.editor.draft().steps.first().value("op").toString(), QString("sepia"));
    // The form is the sepia step's: a change goes to it.
    auto *intensity = e.editor.findChild<QWidget *>("param-intensity");
    QVERIFY(intensity);
    down->click();
    QCOMPARE(e.stepTitle(), QString("2. Sepia"));
    QCOMPARE(e.editor.draft().steps.at(1).value("op").toString(), QString("sepia"));
}

// A card's summary said "1E+04 px, 1,2E+04 px" of a poster size and "© Jane Doe Photo" (cut,
// without a mark) of the watermark "© Jane Doe Photography 2024".
// "Lossless" checked for WebP, then JPEG chosen: the box stays checked (disabled, for a way back)
// and the preset said "lossless": true, which JPEG ignores without a word.
void TestEditor::losslessIsSavedOnlyWhereItApplies()
{
    Editor e;
    e.editor.setPreset(newPreset());
    auto *format = e.child<QComboBox>("outputFormat");
    auto *lossless = e.child<QCheckBox>("lossless");
    QVERIFY(format && lossless);
    format->setCurrentIndex(format->findData(int(OutputFormat::Webp)));
    lossless->setChecked(true);
    QVERIFY(e.editor.draft().output.lossless);
    format->setCurrentIndex(format->findData(int(OutputFormat::Jpeg)));
    QVERIFY(!lossless->isEnabled());
    QVERIFY(!e.editor.draft().output.lossless);
    QVERIFY(!e.editor.draft().toJson().value("output").toObject().value("lossless").toBool());
    format->setCurrentIndex(format->findData(int(OutputFormat::Jxl)));
    QVERIFY(lossless->isEnabled() && e.editor.draft().output.lossless); // the choice kept for the way back
}

// The editor had no PNG compression (a preset's pngCompression, zlib's level): a PNG preset's level
// was kept unseen and could not be changed. It is a number with its slider below Quality, usable
// while the format is PNG (or the input's, which may be PNG), with the range the preset loader takes,
// and what it is set to is saved and shown again.
void TestEditor::pngCompressionIsAnOutputSetting()
{
    Editor e;
    Preset png = newPreset();
    png.output.format = OutputFormat::Png;
    png.output.pngCompression = 2;
    e.editor.setPreset(png);
    QVERIFY(e.show());
    auto *level = e.child<QSpinBox>("pngCompression");
    QVERIFY2(level, "the editor has no PNG compression");
    QCOMPARE(level->value(), 2);
    QVERIFY(level->isVisible() && level->isEnabled());
    QCOMPARE(level->accessibleName(), QString("PNG compression"));
    auto *format = e.child<QComboBox>("outputFormat");
    auto *form = qobject_cast<QFormLayout *>(format->parentWidget()->layout());
    QVERIFY(form);
    QSlider *slider = nullptr;
    for (QWidget *w : rowControls(form, level))
        if (auto *s = qobject_cast<QSlider *>(w))
            slider = s;
    QVERIFY2(slider, "PNG compression has no slider, as Quality has");
    QCOMPARE(slider->value(), 2);
    // The row whose label's Alt+letter goes to `field`.
    const auto rowOf = [form](QWidget *field) {
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole))
                if (auto *label = qobject_cast<QLabel *>(item->widget()); label && label->buddy() == field)
                    return row;
        return -1;
    };
    const int qualityRow = rowOf(e.child<QSpinBox>("quality")), levelRow = rowOf(level);
    QVERIFY2(levelRow >= 0 && levelRow == qualityRow + 1, qPrintable(QString("%1, %2").arg(qualityRow).arg(levelRow)));

    // The loader's range, no more and no less.
    for (int v : {level->minimum() - 1, level->minimum(), level->maximum(), level->maximum() + 1}) {
        QJsonObject json = png.toJson();
        QJsonObject output = json.value("output").toObject();
        output.insert("pngCompression", v);
        json.insert("output", output);
        QString error;
        const bool read = Preset::fromJson(json, &error).has_value();
        QVERIFY2(read == (v >= level->minimum() && v <= level->maximum()),
                 qPrintable(QString("%1: %2").arg(v).arg(error)));
    }
    QCOMPARE(level->minimum(), 0);

    // Where it applies: PNG, and the input's format, which may be PNG.
    for (const OutputFormat f :
         {OutputFormat::Jpeg, OutputFormat::Webp, OutputFormat::Tiff, OutputFormat::Keep, OutputFormat::Png}) {
        format->setCurrentIndex(format->findData(int(f)));
        const bool applies = f == OutputFormat::Png || f == OutputFormat::Keep;
        QVERIFY2(level->isEnabled() == applies && slider->isEnabled() == applies, qPrintable(format->currentText()));
    }

    // Set, saved, read back, and shown again when the preset is opened.
    slider->setValue(9);
    QCOMPARE(level->value(), 9);
    QCOMPARE(e.editor.draft().output.pngCompression, 9);
    QVERIFY(e.editor.hasUnsavedChanges());
    QString error;
    QVERIFY2(e.editor.save(&error), qPrintable(error));
    const PresetEntry *saved = e.library.find(png.name);
    QVERIFY(saved);
    QFile file(saved->path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(file.readAll()).object().value("output").toObject().value("pngCompression"),
             QJsonValue(9));
    e.editor.setPreset(newPreset());
    QCOMPARE(e.child<QSpinBox>("pngCompression")->value(), 6);
    QVERIFY(!e.child<QSpinBox>("pngCompression")->isEnabled()); // JPEG
    e.editor.setPreset(saved->preset);
    QCOMPARE(e.editor.findChildren<QSpinBox *>("pngCompression").size(), 1); // the last preset's row went
    QCOMPARE(e.child<QSpinBox>("pngCompression")->value(), 9);
    QVERIFY(!e.editor.hasUnsavedChanges());
}

// The output format list said "WEBP" where docs/formats.md, the engine's messages and the rest of
// the window say "WebP". Each format is named as docs/formats.md names it.
void TestEditor::formatsAreNamedAsTheDocsNameThem()
{
    Editor e;
    e.editor.setPreset(newPreset());
    auto *format = e.child<QComboBox>("outputFormat");
    QVERIFY(format);
    const QMap<OutputFormat, QString> docs{{OutputFormat::Jpeg, "JPEG"}, {OutputFormat::Png, "PNG"},
                                           {OutputFormat::Webp, "WebP"}, {OutputFormat::Tiff, "TIFF"},
                                           {OutputFormat::Bmp, "BMP"},   {OutputFormat::Jxl, "JPEG XL"},
                                           {OutputFormat::Avif, "AVIF"}, {OutputFormat::Keep, "same as the input"}};
    QStringList wrong;
    for (int i = 0; i < format->count(); ++i) {
        const auto f = OutputFormat(format->itemData(i).toInt());
        if (format->itemText(i) != docs.value(f))
            wrong << QString("\"%1\" for %2").arg(format->itemText(i), docs.value(f));
    }
    QCOMPARE(format->count(), int(docs.size()));
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(", ")));
}

void TestEditor::summaryShowsNumbersAndTextsTruly()
{
    QCOMPARE(describeStep(step({{"op", "resize"}, {"mode", "fit"}, {"width", 10000}, {"height", 12000}})),
             QString("Resize: fit within, 10000 px, 12000 px"));
    QCOMPARE(describeStep(step({{"op", "blur"}, {"sigma", 1.0 / 3}})).section(", ", 0, 0),
             QString("Gaussian blur: 0.333 px"));
    const QString wm = describeStep(step({{"op", "watermark"}, {"text", "© Jane Doe Photography 2024"}}));
    QVERIFY2(wm.startsWith("Text watermark: \"© Jane Doe Phot…\""), qPrintable(wm));
    QVERIFY2(describeStep(step({{"op", "watermark"}, {"text", "© Jane Doe 2024"}}))
                 .startsWith("Text watermark: \"© Jane Doe 2024\""),
             qPrintable(describeStep(step({{"op", "watermark"}, {"text", "© Jane Doe 2024"}}))));
    // An emoji (two UTF-16 units) at the cut is kept whole or left out, never halved.
    const QString emoji = describeStep(step({{"op", "watermark"}, {"text", "abcdefghijklmn\U0001F600xyz"}}));
    QVERIFY2(emoji.startsWith("Text watermark: \"abcdefghijklmn…\""), qPrintable(emoji));
}

// "Crop: rect, 1, 1" were the aspect values of a crop that cuts a rectangle.
void TestEditor::summaryFollowsTheCropMode()
{
    QCOMPARE(describeStep(step({{"op", "crop"}, {"mode", "rect"}, {"x", 5000}})),
             QString("Crop: rectangle, 5000 px, 0 px, 100 px, 100 px"));
    QCOMPARE(describeStep(step({{"op", "crop"}, {"aspectWidth", 16}, {"aspectHeight", 9}})),
             QString("Crop: aspect ratio, 16, 9"));
    QCOMPARE(describeStep(step({{"op", "resize"}, {"mode", "scale"}, {"percent", 25}})),
             QString("Resize: scale by percentage, 25%"));
    QCOMPARE(describeStep(step({{"op", "resize"}, {"mode", "fit"}, {"width", 1200}, {"height", 800}})),
             QString("Resize: fit within, 1200 px, 800 px"));

    // The list and the card say the same.
    Editor e;
    Preset p = newPreset();
    p.steps << step({{"op", "crop"}, {"mode", "rect"}, {"x", 5000}});
    e.editor.setPreset(p);
    QCOMPARE(e.editor.stepList()->item(2)->text(), QString("3.  Crop: rectangle, 5000 px, 0 px, 100 px, 100 px"));
    // Changing the mode changes the summary.
    e.editor.selectStep(2);
    auto *mode = e.editor.findChild<QComboBox *>("param-mode");
    QVERIFY(mode);
    mode->setCurrentIndex(mode->findData("aspect"));
    QCOMPARE(e.editor.stepList()->item(2)->text(), QString("3.  Crop: aspect ratio, 1, 1"));
}

// A crop of a rectangle showed the aspect ratio it ignores beside its rectangle.
void TestEditor::formShowsWhatTheModeUses()
{
    Editor e;
    Preset p = newPreset();
    p.steps << step({{"op", "crop"}, {"mode", "rect"}});
    e.editor.setPreset(p);
    e.editor.selectStep(2);
    const auto shown = [&](const char *key) {
        auto *w = e.editor.findChild<QWidget *>(QStringLiteral("param-") + QLatin1String(key));
        return w && w->isVisibleTo(&e.editor);
    };
    QVERIFY(shown("mode") && shown("x") && shown("y") && shown("width") && shown("height"));
    QVERIFY(!shown("aspectWidth") && !shown("aspectHeight"));
    auto *mode = e.editor.findChild<QComboBox *>("param-mode");
    mode->setCurrentIndex(mode->findData("aspect"));
    QVERIFY(shown("aspectWidth") && shown("aspectHeight"));
    QVERIFY(!shown("x") && !shown("y") && !shown("width") && !shown("height"));
    QCOMPARE(e.editor.draft().steps.at(2).value("x").toInt(), 0); // hidden, still kept
    e.editor.selectStep(1);                                       // the resize: fit within a box
    QVERIFY(shown("width") && shown("height") && shown("filter") && shown("downscaleOnly"));
    QVERIFY(!shown("percent"));
}

// The English window showed the names presets store ("aspect", "bottomRight", "fit").
void TestEditor::choicesReadAsWords()
{
    Editor e;
    Preset p = newPreset();
    p.steps << step({{"op", "crop"}}) << step({{"op", "watermark"}});
    e.editor.setPreset(p);
    e.editor.selectStep(1);
    auto *mode = e.editor.findChild<QComboBox *>("param-mode");
    QVERIFY(mode);
    QCOMPARE(mode->currentText(), QString("fit within"));
    e.editor.selectStep(2);
    mode = e.editor.findChild<QComboBox *>("param-mode");
    QCOMPARE(mode->itemText(0), QString("aspect ratio"));
    QCOMPARE(mode->itemText(1), QString("rectangle"));
    mode->setCurrentIndex(1);
    QCOMPARE(e.editor.draft().steps.at(2).value("mode").toString(), QString("rect")); // the file keeps the name
    e.editor.selectStep(3);
    auto *position = e.editor.findChild<QComboBox *>("param-position");
    QVERIFY(position);
    QCOMPARE(position->currentText(), QString("bottom right"));
    QCOMPARE(position->currentData().toString(), QString("bottomRight"));
    QVERIFY(e.editor.stepList()->item(3)->text().contains("bottom right"));
    // Every choice of every operation has words of its own, none a name written for code.
    for (const OperationSpec &op : OperationCatalog::builtin().operations())
        for (const ParamSpec &param : op.params)
            if (param.kind == ParamSpec::Kind::Choice) {
                QCOMPARE(param.choiceLabels.size(), param.choices.size());
                for (const QString &label : param.choiceLabels)
                    QVERIFY2(!label.isEmpty() && label.mid(1) == label.mid(1).toLower(),
                             qPrintable(op.name + "." + param.key + ": " + label));
            }
}

// "steps[4]: logo.file must name a file" for the step the list shows as "5. Logo".
void TestEditor::invalidStepIsNamedAsListed()
{
    Editor e;
    Preset p = newPreset();
    p.steps << step({{"op", "grayscale"}}) << step({{"op", "sepia"}});
    e.editor.setPreset(p);
    e.editor.selectStep(3);
    e.editor.addStep("logo");
    QVERIFY(e.editor.stepList()->item(4)->text().startsWith("5.  Logo"));
    // The field as the form labels it, not as the preset file names it ("logo.file").
    QCOMPARE(e.editor.validate(), QString("Step 5 (Logo): \"Image file\" must name a file"));
    QVERIFY2(e.statusText().contains("Step 5 (Logo): \"Image file\" must name a file"), qPrintable(e.statusText()));
    QVERIFY(!e.save()->isEnabled());
    // A preset file keeps naming the JSON field.
    Message why;
    QVERIFY(!Preset::fromJson(e.editor.draft().toJson(), &why));
    QVERIFY2(why.english().contains("logo.file must name a file"), qPrintable(why.english()));
}

// A text watermark whose text was cleared drew nothing, and Save took it without a word.
void TestEditor::emptyWatermarkTextIsRefused()
{
    Editor e;
    e.editor.setPreset(newPreset());
    QVERIFY(e.show());
    e.editor.addStep("watermark");
    auto *text = e.editor.findChild<QLineEdit *>("param-text");
    QVERIFY(text);
    text->selectAll();
    QTest::keyClick(text, Qt::Key_Delete);
    QTest::keyClicks(text, "   ");
    const QString why = e.editor.validate();
    QVERIFY2(why.contains("\"Text\" must have some text to draw"), qPrintable(why));
    QVERIFY2(e.statusText().contains("must have some text to draw"), qPrintable(e.statusText()));
    QVERIFY(!e.save()->isEnabled());
    QTest::keyClicks(text, "© 2026");
    QVERIFY2(e.editor.validate().isEmpty(), qPrintable(e.editor.validate()));
    QVERIFY(e.save()->isEnabled());
}

// The text's field counted UTF-16 units: it took 100 emoji of the 200 characters a text may have,
// and a preset's text of 150 emoji, shown in it, lost its second half at the next keystroke.
void TestEditor::watermarkTextTakesItsCharactersWhole()
{
    const QString emoji = QStringLiteral("\U0001F600");
    Editor e;
    Preset p = newPreset();
    p.steps << step({{"op", "watermark"}, {"text", emoji.repeated(150)}});
    e.editor.setPreset(p);
    QVERIFY(e.show());
    e.editor.selectStep(2);
    auto *text = e.editor.findChild<QLineEdit *>("param-text");
    QVERIFY(text);
    QCOMPARE(text->text(), emoji.repeated(150));
    text->end(false);
    text->insert(emoji.repeated(50)); // as typed or pasted: up to the limit
    QCOMPARE(text->text(), emoji.repeated(200));
    QCOMPARE(e.editor.draft().steps.value(2).value("text").toString(), emoji.repeated(200));
    QVERIFY2(e.editor.validate().isEmpty(), qPrintable(e.editor.validate()));
    text->insert(QStringLiteral("x")); // the 201st character is refused
    QCOMPARE(text->text(), emoji.repeated(200));
    QVERIFY(e.save()->isEnabled());
}

// The preset's name and a step's file counted UTF-16 units, two for an emoji: a name of 51 emoji
// was refused as "at most 100 characters" (no Save), and a logo's path of 3000 emoji, shown in
// its field, lost its second half at the next keystroke. Both count characters now, as the
// preset loader and the schema do: 100 emoji are a name, the 101st is refused.
void TestEditor::namesAndPathsCountCharacters()
{
    const QString emoji = QStringLiteral("\U0001F600");
    Editor e;
    Preset p = newPreset();
    const QString logo = QStringLiteral("/") + emoji.repeated(3000);
    p.steps << step({{"op", "logo"}, {"file", logo}});
    e.editor.setPreset(p);
    QVERIFY(e.show());
    auto *name = e.child<QLineEdit>("presetName");
    name->clear();
    name->insert(emoji.repeated(100)); // as typed or pasted
    QCOMPARE(e.editor.draft().name, emoji.repeated(100));
    e.editor.selectStep(2);
    auto *path = e.editor.findChild<QLineEdit *>("param-file");
    QCOMPARE(path->text(), logo);
    path->end(false);
    path->insert(emoji.repeated(1095)); // up to the limit of 4096 characters
    QCOMPARE(path->text(), logo + emoji.repeated(1095));
    path->insert(QStringLiteral("x")); // the 4097th is refused
    QCOMPARE(path->text(), logo + emoji.repeated(1095));
    QCOMPARE(e.editor.draft().steps.value(2).value("file").toString(), logo + emoji.repeated(1095));
    QCOMPARE(e.editor.validate(), QString());
    name->end(false);
    name->insert(QStringLiteral("x")); // the 101st is refused (theNameTakesAtMostAHundredCharacters)
    QCOMPARE(e.editor.draft().name, emoji.repeated(100));
    QCOMPARE(e.editor.validate(), QString());
}

// Close, Escape and the window's close button dropped a changed preset without a word.
void TestEditor::closeAsksAboutUnsavedChanges()
{
    Editor e;
    e.editor.setPreset(newPreset());
    QVERIFY(e.show());
    {
        Prompt none(QMessageBox::Cancel);
        e.editor.close(); // nothing changed: no question
        QVERIFY(!none.shown);
        QVERIFY(!e.editor.isVisible());
    }
    e.editor.setPreset(newPreset());
    QVERIFY(e.show());
    auto *name = e.child<QLineEdit>("presetName");
    name->selectAll();
    QTest::keyClicks(name, "unsaved work");
    {
        Prompt cancel(QMessageBox::Cancel);
        e.editor.close();
        QVERIFY(cancel.shown);
        QVERIFY2(cancel.text.contains("unsaved work"), qPrintable(cancel.text));
        QCOMPARE(cancel.offered.size(), 3);
        QVERIFY(cancel.offered.contains(QMessageBox::Save) && cancel.offered.contains(QMessageBox::Discard));
        QVERIFY(e.editor.isVisible());
    }
    {
        Prompt cancel(QMessageBox::Cancel);
        QTest::keyClick(&e.editor, Qt::Key_Escape);
        QVERIFY(cancel.shown);
        QVERIFY(e.editor.isVisible());
    }
    {
        Prompt cancel(QMessageBox::Cancel);
        e.editor.windowHandle()->close(); // the window manager's close button
        QVERIFY(cancel.shown);
        QVERIFY(e.editor.isVisible());
    }
    {
        Prompt save(QMessageBox::Save);
        QTest::keyClick(&e.editor, Qt::Key_Escape);
        QVERIFY(save.shown);
        QVERIFY(!e.editor.isVisible());
        QVERIFY(e.library.find("unsaved work"));
    }
    // Saved, then changed back and forth: nothing to ask about.
    e.editor.setPreset(e.library.find("unsaved work")->preset);
    QVERIFY(e.show());
    name->setText("unsaved work 2");
    name->setText("unsaved work");
    {
        Prompt none(QMessageBox::Cancel);
        e.editor.close();
        QVERIFY(!none.shown);
        QVERIFY(!e.editor.isVisible());
    }
    // Discard drops the change.
    e.editor.setPreset(e.library.find("unsaved work")->preset);
    QVERIFY(e.show());
    e.editor.addStep("grayscale");
    {
        Prompt discard(QMessageBox::Discard);
        e.editor.close();
        QVERIFY(discard.shown);
        QVERIFY(!e.editor.isVisible());
        QCOMPARE(e.library.find("unsaved work")->preset.steps.size(), 2);
    }
    // Changes that cannot be saved as they are: the question offers no Save and says why.
    e.editor.setPreset(e.library.find("unsaved work")->preset);
    QVERIFY(e.show());
    name->selectAll();
    QTest::keyClick(name, Qt::Key_Delete);
    {
        Prompt cancel(QMessageBox::Cancel);
        e.editor.close();
        QVERIFY(cancel.shown);
        QCOMPARE(cancel.text, QString("Discard the changes to this preset?"));
        QVERIFY2(cancel.informative.contains("The preset needs a name."), qPrintable(cancel.informative));
        QVERIFY(!cancel.offered.contains(QMessageBox::Save));
        QVERIFY(e.editor.isVisible());
    }
    {
        Prompt discard(QMessageBox::Discard);
        e.editor.close();
        QVERIFY(discard.shown);
        QVERIFY(!e.editor.isVisible());
    }
}

// The window kept one editor and gave it the next preset to edit without asking, and quitting
// dropped what it held.
void TestEditor::windowAsksBeforeDroppingTheEditorsChanges()
{
    PeoplesWindow window;
    MainWindow &w = *window.window;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.openPresetEditor({});
    PresetEditor *editor = w.presetEditor();
    QVERIFY(editor && editor->isVisible());
    auto *name = editor->findChild<QLineEdit *>("presetName");
    name->selectAll();
    QTest::keyClicks(name, "unsaved work");
    {
        Prompt cancel(QMessageBox::Cancel);
        w.openPresetEditor("web");
        QVERIFY(cancel.shown);
        QCOMPARE(editor->draft().name, QString("unsaved work"));
    }
    {
        Prompt cancel(QMessageBox::Cancel);
        QVERIFY(!w.close());
        QVERIFY(cancel.shown);
        QVERIFY(w.isVisible() && editor->isVisible());
    }
    {
        Prompt discard(QMessageBox::Discard);
        w.openPresetEditor("web");
        QVERIFY(discard.shown);
        QCOMPARE(editor->draft().name, QString("web"));
    }
    {
        Prompt none(QMessageBox::Cancel);
        QVERIFY(w.close());
        QVERIFY(!none.shown);
    }
}

// The preview said "cannot read … no such file" while the status said "Saving creates…": every
// image would have failed.
void TestEditor::noSaveWithAMissingLogoFile()
{
    Editor e;
    Preset p = newPreset();
    p.name = "with logo";
    const QString logo = e.dir.filePath("brand/mark.png");
    p.steps << step({{"op", "logo"}, {"file", logo}});
    e.editor.setPreset(p);
    QCOMPARE(e.editor.validate(), QString()); // a well-formed preset, as a file for another computer
    QVERIFY(!e.status()->text().contains("Saving creates"));
    QVERIFY2(e.status()->text().contains("Step 3 (Logo)") && e.status()->text().contains(logo),
             qPrintable(e.status()->text()));
    QVERIFY(!e.save()->isEnabled());
    QString error;
    QVERIFY(!e.editor.save(&error));
    QVERIFY2(error.contains(logo), qPrintable(error));
    QVERIFY(!e.library.find("with logo"));
    // Exporting it is still possible: the file may be where the preset is going.
    QVERIFY2(e.editor.exportTo(e.dir.filePath("export.json"), &error), qPrintable(error));

    test::makeImage(e.dir.filePath("brand"), "mark.png", 20, 20, "PNG");
    e.editor.selectStep(2);
    auto *path = e.editor.findChild<QLineEdit *>("param-file");
    QTest::keyClick(path, Qt::Key_End); // an edit of the same path, as after choosing the file again
    QTest::keyClicks(path, "x");
    QTest::keyClick(path, Qt::Key_Backspace);
    QVERIFY2(e.status()->text().contains("Saving creates"), qPrintable(e.status()->text()));
    QVERIFY(e.save()->isEnabled());
    QVERIFY2(e.editor.save(&error), qPrintable(error));
}

// A 0-byte or truncated logo: the preview showed "empty file" / "damaged JPEG" in red while Save
// stayed enabled and the status said "Saving creates…". The window reads no image: an empty file
// is told by its size, a damaged one by the preview's failure naming it.
void TestEditor::noSaveWithAnEmptyOrDamagedLogo()
{
    Editor e;
    Preset p = newPreset();
    p.name = "with logo";
    const QString logo = e.dir.filePath("mark.png");
    test::writeFile(logo, "");
    p.steps << step({{"op", "logo"}, {"file", logo}});
    e.editor.setPreset(p);
    QVERIFY2(e.statusText().contains("Step 3 (Logo): " + logo + " is an empty file"), qPrintable(e.statusText()));
    QVERIFY(!e.save()->isEnabled());
    QString error;
    QVERIFY(!e.editor.save(&error));
    QVERIFY(!e.library.find("with logo"));

    // Written now, but the preview's worker cannot decode it: its failure names the file.
    test::writeFile(logo, QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(100, 'x'));
    e.editor.previewPane()->setError("logo: " + logo + ": damaged PNG (incorrect header check)");
    QVERIFY2(e.statusText().contains("Step 3 (Logo): " + logo + " cannot be read as an image"),
             qPrintable(e.statusText()));
    QVERIFY(!e.save()->isEnabled());
    QVERIFY(!e.editor.save(&error));
    QVERIFY2(error.contains(logo), qPrintable(error));
    QVERIFY(!e.library.find("with logo"));

    // A failure of another file (the photo previewed) holds nothing back.
    e.editor.previewPane()->setError(e.dir.filePath("photo.jpg") + ": damaged JPEG");
    QVERIFY2(e.statusText().contains("Saving creates"), qPrintable(e.statusText()));
    QVERIFY(e.save()->isEnabled());

    // The same failure again, then the logo copied anew: Save no longer waits for that failure.
    e.editor.previewPane()->setError("logo: " + logo + ": damaged PNG (incorrect header check)");
    QVERIFY(!e.save()->isEnabled());
    test::makeImage(e.dir.path(), "mark.png", 20, 20, "PNG");
    QVERIFY(e.editor.save(&error)); // the worker reads the new file
    QVERIFY(e.library.find("with logo"));
}

// The same with the real worker: a logo cut after 3000 bytes fails the editor's preview, and Save
// waits until the preview succeeds.
void TestEditor::noSaveWithALogoThePreviewCannotRead()
{
    test::WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::makeImage(f.path("in"), "photo.jpg", 64, 48);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    const QString whole = test::makeImage(f.path("logos"), "whole.jpg", 400, 300);
    QFile full(whole);
    QVERIFY(full.open(QIODevice::ReadOnly));
    const QString logo = f.path("logos/broken.jpg");
    test::writeFile(logo, full.read(full.size() / 2));
    w->openPresetEditor({});
    PresetEditor *editor = w->presetEditor();
    QVERIFY(editor);
    editor->addStep("logo");
    auto *path = editor->findChild<QLineEdit *>("param-file");
    path->setText(logo);
    emit path->textEdited(logo);
    auto *save = editor->findChild<QPushButton *>("savePreset");
    auto *status = editor->findChild<QLabel *>("editorStatus");
    QTRY_VERIFY_WITH_TIMEOUT(!editor->previewPane()->toolTip().isEmpty(), 20000);
    QVERIFY2(editor->previewPane()->toolTip().contains(logo), qPrintable(editor->previewPane()->toolTip()));
    QVERIFY(!save->isEnabled());
    QVERIFY2(status->text().contains("cannot be read as an image"), qPrintable(status->text()));
    // The whole logo: the preview succeeds and Save is there.
    path->setText(whole);
    emit path->textEdited(whole);
    QTRY_VERIFY_WITH_TIMEOUT(editor->previewPane()->hasAfter() && editor->previewPane()->toolTip().isEmpty(), 20000);
    QVERIFY2(save->isEnabled(), qPrintable(status->text()));
}

// "Export…" stayed enabled for a preset with an unknown placeholder, and after a file was chosen
// nothing was written and nothing new was said.
void TestEditor::noExportOfAnInvalidPreset()
{
    Editor e;
    e.editor.setPreset(newPreset());
    auto *exportButton = e.child<QPushButton>("exportPreset");
    QVERIFY(exportButton && exportButton->isEnabled());
    auto *name = e.child<QLineEdit>("nameTemplate");
    name->setText("{bogus}.{ext}");
    emit name->textEdited(name->text());
    QVERIFY(!exportButton->isEnabled());
    QVERIFY2(exportButton->toolTip().contains("unknown placeholder {bogus}"), qPrintable(exportButton->toolTip()));
    QString error;
    QVERIFY(!e.editor.exportTo(e.dir.filePath("out.json"), &error));
    QVERIFY2(error.contains("unknown placeholder {bogus}"), qPrintable(error));
    QVERIFY(!QFile::exists(e.dir.filePath("out.json")));
    name->setText("{name}.{ext}");
    emit name->textEdited(name->text());
    QVERIFY(exportButton->isEnabled());
}

// Return on the focused New, Edit, Delete, Import or Export button under the cards did nothing
// (Space worked): tool buttons take only Space.
void TestEditor::returnPressesThePanelsButtons()
{
    Editor e;
    PresetPanel panel(&e.model);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy created(&panel, &PresetPanel::newRequested);
    QSignalSpy imported(&panel, &PresetPanel::importRequested);
    QToolButton *add = nullptr, *import = nullptr;
    for (QToolButton *b : panel.findChildren<QToolButton *>()) {
        if (b->text() == "New")
            add = b;
        else if (b->text() == "Import")
            import = b;
    }
    QVERIFY(add && import);
    add->setFocus();
    QTest::keyClick(add, Qt::Key_Return);
    QTRY_COMPARE(created.size(), 1);
    import->setFocus();
    QTest::keyClick(import, Qt::Key_Enter, Qt::KeypadModifier);
    QTRY_COMPARE(imported.size(), 1);
    QTest::keyClick(import, Qt::Key_Space);
    QTRY_COMPARE(imported.size(), 2);
}

// A user preset without a description showed an empty line under its name on its card.
void TestEditor::cardWithoutDescriptionHasNoEmptyLine()
{
    Editor e;
    test::writeFile(e.dir.filePath("bare.json"),
                    R"({"format": "pixelpool-preset", "version": 1, "name": "bare", "steps": [{"op": "grayscale"}]})");
    test::writeFile(e.dir.filePath("told.json"),
                    R"({"format": "pixelpool-preset", "version": 1, "name": "told", )"
                    R"("description": "Black and white", "steps": [{"op": "grayscale"}]})");
    e.model.reload();
    PresetPanel panel(&e.model);
    auto *cards = panel.findChild<QListView *>();
    QVERIFY(cards);
    QModelIndex bare, told;
    for (int row = 0; row < e.model.rowCount(); ++row) {
        const QModelIndex i = e.model.index(row);
        if (i.data(PresetLibraryModel::NameRole) == "bare")
            bare = i;
        else if (i.data(PresetLibraryModel::NameRole) == "told")
            told = i;
    }
    QVERIFY(bare.isValid() && told.isValid());
    QStyleOptionViewItem option;
    option.initFrom(cards);
    const QFontMetrics fm(option.font);
    const int withLine = cards->itemDelegate()->sizeHint(option, told).height();
    QCOMPARE(cards->itemDelegate()->sizeHint(option, bare).height(), withLine - fm.height() - 4);
}

// "(2 own step(s))" in the note of a preset with outputs.
void TestEditor::outputsNoteUsesPlurals()
{
    Editor e;
    e.editor.setPreset(e.library.find("web-and-thumbnail")->preset);
    auto *note = e.child<QLabel>("outputsNote");
    QVERIFY(note);
    QVERIFY2(!note->text().contains("(s)"), qPrintable(note->text()));
    QVERIFY2(note->text().contains("web (2 own steps)"), qPrintable(note->text()));
    QVERIFY2(note->text().contains("thumbnail (1 own step)"), qPrintable(note->text()));
    QVERIFY2(note->text().startsWith("This preset makes 2 outputs from one decode"), qPrintable(note->text()));
    // One output, with three steps of its own.
    Preset one = e.library.find("web-and-thumbnail")->preset;
    one.outputs.removeLast();
    one.outputs[0].steps << step({{"op", "grayscale"}});
    e.editor.setPreset(one);
    QVERIFY2(note->text().startsWith("This preset makes 1 output: web (3 own steps)."), qPrintable(note->text()));
}

// The outputs note says "The settings below are what the outputs do not set", but a preset with
// `outputs` ran and was saved with each output's settings as they were read: a format, a metadata
// policy or the replace-source box chosen below changed none of its outputs.
void TestEditor::theOutputSettingsReachWhatOutputsDoNotSet()
{
    Editor e;
    e.editor.setPreset(e.library.find("web-and-thumbnail")->preset);
    auto *format = e.child<QComboBox>("outputFormat");
    auto *metadata = e.child<QComboBox>("metadataPolicy");
    auto *replace = e.child<QCheckBox>("allowOverwriteSource");
    QVERIFY(format && metadata && replace);
    format->setCurrentIndex(format->findData(int(OutputFormat::Png)));
    metadata->setCurrentIndex(metadata->findData(int(MetadataPolicy::Keep)));
    replace->setChecked(true);
    const Preset draft = e.editor.draft();
    QCOMPARE(draft.outputs.size(), 2);
    QString why;
    const std::optional<Preset> reread = Preset::fromJson(draft.toJson(), &why);
    QVERIFY2(reread, qPrintable(why));
    for (const Preset &p : {draft, *reread}) {
        const PresetOutput &web = p.outputs[0], &thumbnail = p.outputs[1];
        // What the outputs do not set follows the settings below.
        QCOMPARE(web.output.format, OutputFormat::Png);
        QCOMPARE(thumbnail.output.format, OutputFormat::Png);
        QVERIFY(web.output.allowOverwriteSource && thumbnail.output.allowOverwriteSource);
        // What each sets itself stays its own.
        QCOMPARE(web.output.metadata, MetadataPolicy::StripLocation);
        QCOMPARE(thumbnail.output.metadata, MetadataPolicy::Strip);
        QCOMPARE(web.output.quality, 85);
        QCOMPARE(thumbnail.output.quality, 80);
        QCOMPARE(web.output.nameTemplate, QString("web/{name}.{ext}"));
        QCOMPARE(p.output.metadata, MetadataPolicy::Keep);
    }
    // Written as the file says them: each entry with its own settings only.
    const QJsonArray entries = draft.toJson().value("outputs").toArray();
    QStringList webKeys = entries.at(0).toObject().value("output").toObject().keys();
    webKeys.sort();
    QCOMPARE(webKeys, (QStringList{"metadata", "nameTemplate", "quality"}));
    auto *warning = e.child<QWidget>("replaceSourceWarning");
    QVERIFY(warning && !warning->isHidden());
    // Replaced because of the box, not of the preset file: the warning does not send people there.
    const QString said = QTextDocumentFragment::fromHtml(e.child<QLabel>("replaceSourceText")->text()).toPlainText();
    QVERIFY2(said.startsWith("Originals are replaced by the outputs \"web\", \"thumbnail\": "), qPrintable(said));
}

// Renaming a user preset in the editor and saving it left the old one beside a copy.
void TestEditor::renamingAPresetMovesIt()
{
    Editor e;
    const QString opened = e.openSavedUserPreset("mine");
    QVERIFY2(opened.isEmpty(), qPrintable(opened));
    QString error;
    auto *name = e.child<QLineEdit>("presetName");
    name->setText("holiday");
    QSignalSpy saved(&e.editor, &PresetEditor::saved);
    QVERIFY2(e.editor.save(&error), qPrintable(error));
    QVERIFY(!e.library.find("mine") && e.library.find("holiday"));
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.at(0).at(0).toString(), QString("holiday"));
    QCOMPARE(saved.at(0).at(1).toString(), QString("mine"));
    QVERIFY2(e.status()->text().contains("Renamed"), qPrintable(e.status()->text()));
    // Saved again under the same name: no rename.
    e.editor.addStep("grayscale");
    QVERIFY2(e.editor.save(&error), qPrintable(error));
    QCOMPARE(saved.at(1).at(1).toString(), QString());
    QCOMPARE(QDir(e.dir.path()).entryList({"*.json"}), QStringList{"holiday.json"});
}

// A new preset given the name of one already saved replaced it without a word, and so did a
// preset renamed to another's name.
void TestEditor::saveNeverWritesOverAnotherPreset()
{
    Editor e;
    Preset mine = newPreset(), other = newPreset();
    mine.name = "mine";
    mine.description = "keep me";
    other.name = "other";
    QString error;
    QVERIFY(e.library.saveUserPreset(mine, &error) && e.library.saveUserPreset(other, &error));
    e.model.reload();
    Preset fresh = newPreset();
    fresh.name = "Mine";
    e.editor.setPreset(fresh, PresetEditor::Opened::AsNew);
    QVERIFY(!e.save()->isEnabled());
    QVERIFY2(e.statusText().contains("Another preset is named \"mine\""), qPrintable(e.statusText()));
    QVERIFY(!e.editor.save(&error));
    QCOMPARE(e.library.find("mine")->preset.description, QString("keep me"));
    e.editor.setPreset(e.library.find("other")->preset);
    e.child<QLineEdit>("presetName")->setText("mine");
    QVERIFY(!e.editor.save(&error));
    QVERIFY2(error.contains("\"mine\""), qPrintable(error));
    QVERIFY(e.library.find("other"));
    QCOMPARE(e.library.find("mine")->preset.description, QString("keep me"));
}

// Editing a user preset, Save read "Save as user preset", as if it saved a copy, while it
// replaces that preset: it says "Save changes" then, and "Save as user preset" for a new one (a
// built-in's settings, Ctrl+N), also as soon as a new one is saved and further edited.
void TestEditor::saveIsNamedForWhatItDoes()
{
    Editor e;
    e.editor.setPreset(e.library.find("web")->preset); // a built-in: saved under another name
    QCOMPARE(e.save()->text(), QString("&Save as user preset"));
    e.editor.setPreset(newPreset(), PresetEditor::Opened::AsNew);
    QCOMPARE(e.save()->text(), QString("&Save as user preset"));
    QVERIFY2(e.save()->toolTip().startsWith("Save the preset among your own presets ("),
             qPrintable(e.save()->toolTip()));
    QString error;
    QVERIFY2(e.editor.save(&error), qPrintable(error));
    QCOMPARE(e.save()->text(), QString("&Save changes")); // Alt+S still
    QVERIFY2(e.save()->toolTip().startsWith("Replace your preset \"my preset\" with these settings ("),
             qPrintable(e.save()->toolTip()));
    QVERIFY(e.openSavedUserPreset("mine").isEmpty());
    QCOMPARE(e.save()->text(), QString("&Save changes"));
    QVERIFY2(e.statusText().contains("Saving replaces your preset \"mine\""), qPrintable(e.statusText()));
}

// "Let outputs replace their source images" sat at the form's left edge and "Lossless…" and "Give
// outputs the photo's file date" at its fields' (QA): the three check boxes are in one column.
void TestEditor::theOutputsCheckBoxesAreInOneColumn()
{
    Editor e;
    e.editor.setPreset(newPreset(), PresetEditor::Opened::AsNew);
    QVERIFY(e.show());
    const auto left = [&](const char *name) {
        QCheckBox *box = e.child<QCheckBox>(name);
        return box ? box->mapTo(&e.editor, QPoint(0, 0)).x() : -1;
    };
    QVERIFY(left("allowOverwriteSource") >= 0);
    QCOMPARE(left("lossless"), left("allowOverwriteSource"));
    QCOMPARE(left("keepFileTime"), left("allowOverwriteSource"));
}

// The window after a rename: the images that had the preset and the default keep it under its
// new name. After deleting the default preset the default combo showed nothing and every image
// without a preset of its own had a preset that no longer existed.
// A preset saved while its batch runs: the batch goes on with the settings it started with (the
// images it has not begun too), while the status bar said only that done images would be made
// again, as if the rest of the batch now had the new settings (window QA pass: 2000 images made
// at 2400 px after the preset said 600, each then "Preset changed"). Said now; a save that changes
// no setting (the description) says nothing of it.
void TestEditor::savingAPresetItsBatchRunsSaysTheBatchKeepsItsSettings()
{
    test::WindowFixture f(2);
    MainWindow *w = f.window.get();
    test::writeFile(f.path("presets/mine.json"),
                    R"({"format": "pixelpool-preset", "version": 1, "name": "mine", "steps": [],
                        "output": {"format": "jpeg"}})");
    w->presetModel()->reload();
    QVector<QByteArray> inputs;
    for (int i = 0; i < 8; ++i)
        inputs << QFile::encodeName(test::makeImage(f.path("in"), QString("p%1.jpg").arg(i), 300, 200));
    QVERIFY(test::addInputsAndWait(w, inputs));
    w->presetPanel()->setDefaultPreset("mine");
    QVERIFY(w->startBatch());
    w->setPaused(true); // the batch stays running while the preset is saved
    w->openPresetEditor("mine");
    PresetEditor *editor = w->presetEditor();
    const QString said = "The running batch goes on with the settings it started with; Start makes its images "
                         "again once it has ended.";
    editor->findChild<QLineEdit *>("presetDescription")->setText("only words");
    QString error;
    QVERIFY2(editor->save(&error), qPrintable(error));
    QVERIFY2(w->lastMessage().startsWith("Saved preset \"mine\".") && !w->lastMessage().contains(said),
             qPrintable(w->lastMessage()));
    auto *format = editor->findChild<QComboBox *>("outputFormat");
    format->setCurrentIndex(format->findData(int(OutputFormat::Png)));
    QVERIFY(format->currentIndex() >= 0);
    QVERIFY2(editor->save(&error), qPrintable(error));
    QVERIFY2(w->lastMessage().startsWith("Saved preset \"mine\". " + said), qPrintable(w->lastMessage()));
    editor->close();
    w->setPaused(false);
    QSignalSpy finished(w, &MainWindow::batchFinished);
    QVERIFY(finished.wait(60000));
    QVERIFY(QFile::exists(w->outputFolder() + "/p7.jpg")); // as it started: JPEG
}

void TestEditor::windowFollowsARenameAndADeletedDefault()
{
    test::WindowFixture f;
    MainWindow *w = f.shown();
    QVERIFY(w);
    test::writeFile(f.path("presets/mine.json"),
                    R"({"format": "pixelpool-preset", "version": 1, "name": "mine", "steps": []})");
    w->presetModel()->reload();
    for (int i = 0; i < 2; ++i)
        test::makeImage(f.path("in"), QString("img%1.jpg").arg(i), 40, 30);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QueueModel *q = w->queueModel();
    q->assignPreset({q->itemAt(0).uid}, "mine");
    w->presetPanel()->setDefaultPreset("mine");
    QCOMPARE(w->defaultPreset(), QString("mine"));
    w->openPresetEditor("mine");
    PresetEditor *editor = w->presetEditor();
    editor->findChild<QLineEdit *>("presetName")->setText("holiday");
    QString error;
    QVERIFY2(editor->save(&error), qPrintable(error));
    QCOMPARE(q->itemAt(0).preset, QString("holiday"));
    QCOMPARE(w->defaultPreset(), QString("holiday"));
    auto *combo = w->presetPanel()->findChild<QComboBox *>("defaultPresetCombo");
    QCOMPARE(combo->currentText(), QString("holiday"));
    QVERIFY2(w->lastMessage().contains("Renamed preset \"mine\" to \"holiday\""), qPrintable(w->lastMessage()));
    editor->close();
    emit w->presetPanel()->deleteRequested("holiday");
    QVERIFY(q->itemAt(0).preset.isEmpty());
    QCOMPARE(w->defaultPreset(), QString("web"));
    QCOMPARE(combo->currentText(), QString("web"));
    QVERIFY2(w->lastMessage().contains("the default is \"web\" now"), qPrintable(w->lastMessage()));
}

// With a damaged JPEG current in the queue, the editor opened on it showed only "Preview failed:
// damaged JPEG…", with no way to another image from the editor (QA windows, D6). It previews the
// first image from the current on that no batch found unreadable, and names it; a card chosen in
// the queue while it is open is previewed and named (the title kept the first image's name).
void TestEditor::theEditorPreviewsAnImageItCanRead()
{
    test::WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QVERIFY(test::queueCutThenGood(f, w, {"good.jpg", "other.jpg"}));
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 3);
    QCOMPARE(q->itemAt(0).name, QString("cut.jpg"));
    QSignalSpy finished(w, &MainWindow::batchFinished);
    QVERIFY(w->startBatch());
    QVERIFY(finished.wait(60000));
    QCOMPARE(q->itemAt(0).state, ItemState::Failed);
    w->queueView()->setCurrentIndex(q->index(0));

    w->openPresetEditor({});
    PreviewPane *pane = w->presetEditor()->previewPane();
    QCOMPARE(pane->title(), QString("Preview: good.jpg"));
    QTRY_VERIFY2(pane->hasBefore() && !pane->isBusy(), qPrintable(pane->error()));
    QVERIFY2(pane->error().isEmpty(), qPrintable(pane->error()));

    w->queueView()->setCurrentIndex(q->index(2));
    QCOMPARE(pane->title(), QString("Preview: other.jpg"));
}

// A damaged JPEG that no batch had run, current in the queue, was previewed in the editor opened on it,
// which showed only its failure and stayed on it; the editor passed only images a batch had found
// unreadable. It passes one its own preview cannot read too, as those, previews the next it can, and
// says under the title which image it passed and why, in the batch's words, whole; opened again, it
// passes it at once. A card chosen in the queue is still previewed as it is, its failure shown.
void TestEditor::theEditorPassesAnImageItsPreviewCannotReadAndSaysWhy()
{
    test::WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QVERIFY(test::queueCutThenGood(f, w));
    QueueModel *q = w->queueModel();
    QCOMPARE(q->itemAt(0).name, QString("cut.jpg"));
    w->queueView()->setCurrentIndex(q->index(0));

    w->openPresetEditor({});
    PreviewPane *pane = w->presetEditor()->previewPane();
    QTRY_VERIFY_WITH_TIMEOUT(pane->title() == "Preview: good.jpg" && pane->hasBefore() && !pane->isBusy(), 20000);
    QVERIFY2(pane->error().isEmpty(), qPrintable(pane->error()));
    const QString note = pane->note();
    QVERIFY2(note.startsWith("Preview of cut.jpg failed: ") && note.size() > int(strlen("Preview of cut.jpg failed: ")),
             qPrintable(note));
    // Painted whole, inside the pane, above the pictures.
    const QList<test::PaintedText> texts = test::paintedTexts(
        pane, [pane](QPaintDevice *device) { pane->render(device, QPoint(), QRegion(), QWidget::RenderFlags()); });
    QString painted;
    for (const test::PaintedText &t : texts) {
        if (t.box.top() >= pane->imageArea().top())
            continue; // the pictures' captions
        painted += t.text + QLatin1Char(' ');
        QVERIFY2(QRectF(pane->rect()).contains(t.box) && t.shown == t.box,
                 qPrintable(QString("\"%1\" at %2 in a pane of %3")
                                .arg(t.text, QDebug::toString(t.box), QDebug::toString(pane->rect()))));
    }
    QVERIFY2(painted.simplified().contains(note.simplified()), qPrintable(painted));
    for (const QRect &line : pane->noteRects())
        QVERIFY(line.bottom() < pane->imageArea().top());

    // Opened again, it passes the image at once, and says why again.
    w->presetEditor()->close();
    w->openPresetEditor({});
    QCOMPARE(pane->title(), QString("Preview: good.jpg"));
    QCOMPARE(pane->note(), note);

    // Chosen in the queue, it is previewed as it is: its failure is shown, in the same words.
    w->queueView()->setCurrentIndex(q->index(1));
    w->queueView()->setCurrentIndex(q->index(0));
    QCOMPARE(pane->title(), QString("Preview: cut.jpg"));
    QVERIFY(pane->note().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!pane->error().isEmpty() && !pane->isBusy(), 20000);
    QCOMPARE(pane->title(), QString("Preview: cut.jpg"));

    // The reason is the batch's for the image.
    QSignalSpy finished(w, &MainWindow::batchFinished);
    QVERIFY(w->startBatch());
    QVERIFY(finished.wait(60000));
    QCOMPARE(q->itemAt(0).state, ItemState::Failed);
    QCOMPARE(note, "Preview of cut.jpg failed: " + q->itemAt(0).reason);
    QCOMPARE(pane->error(), q->itemAt(0).reason);
}

// Importing several files of which some are not presets opened one modal "Cannot import preset"
// box per file, stacked, the top one taking no key until clicked. One message lists each refused
// file with its reason, the good ones are imported, and the status line says both.
void TestEditor::importSaysEveryRefusedFileInOneMessage()
{
    PeoplesWindow window;
    QTemporaryDir &tmp = window.tmp;
    MainWindow &w = *window.window;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString notJson = tmp.filePath("notes.json"), noFormat = tmp.filePath("other.json"),
                  good = tmp.filePath("good.json");
    test::writeFile(notJson, "this is not JSON");
    test::writeFile(noFormat, R"(["a list, not a preset"])");
    test::writeFile(good, R"({"format": "pixelpool-preset", "version": 1, "name": "imported one", "steps": []})");
    const auto boxes = [&w] {
        QList<QMessageBox *> shown;
        for (QMessageBox *b : w.findChildren<QMessageBox *>())
            if (b->isVisible())
                shown << b;
        return shown;
    };
    emit w.presetPanel()->presetFilesDropped({notJson, good, noFormat});
    QTest::qWait(50);
    QCOMPARE(boxes().size(), 1);
    QMessageBox *box = boxes().first();
    QVERIFY2(box->text().contains(notJson) && box->text().contains(noFormat), qPrintable(box->text()));
    QVERIFY2(!box->text().contains(good), qPrintable(box->text()));
    QVERIFY2(box->informativeText().contains("imported one"), qPrintable(box->informativeText()));
    QVERIFY(w.presetModel()->library()->find("imported one"));
    QVERIFY2(w.lastMessage().contains("Imported preset \"imported one\"") && w.lastMessage().contains(notJson) &&
                 w.lastMessage().contains(noFormat),
             qPrintable(w.lastMessage()));
    // It is the window's modal box and takes Return at once.
    QCOMPARE(QApplication::activeModalWidget(), box);
    QPointer<QMessageBox> guard(box);
    QTest::keyClick(box, Qt::Key_Return);
    QTRY_VERIFY(!guard || !guard->isVisible());
    QVERIFY(boxes().isEmpty());

    // One bad file alone: the same box, for one file.
    emit w.presetPanel()->presetFilesDropped({notJson});
    QTest::qWait(50);
    QCOMPARE(boxes().size(), 1);
    QCOMPARE(boxes().first()->windowTitle(), QString("Cannot import preset"));
    QVERIFY(boxes().first()->text().contains(notJson));
    QVERIFY(boxes().first()->informativeText().isEmpty());
    boxes().first()->accept();
}

// Deleting a user preset asked only "Delete your preset "mine"?" under a title cut to "Delete pre…",
// and nothing undid it (the deletion emptied the undo stack). The question says the file is
// deleted, that it is the default and what becomes the default, and how many images lose it;
// Ctrl+Z writes the file back as it was, with the default and the images' preset; Ctrl+Shift+Z
// deletes it again.
void TestEditor::deletingAPresetSaysWhatGoesAndCtrlZBringsItBack()
{
    PeoplesWindow window;
    QTemporaryDir &tmp = window.tmp;
    MainWindow &w = *window.window;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QByteArray json = R"({"format": "pixelpool-preset", "version": 1, "name": "mine",
  "description": "kept as written", "steps": []})";
    const QString file = tmp.filePath("presets/mine.json");
    const auto readFile = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    test::writeFile(file, json);
    w.presetModel()->reload();
    for (int i = 0; i < 2; ++i)
        test::makeImage(tmp.filePath("in"), QString("img%1.jpg").arg(i), 40, 30);
    QVERIFY(test::addInputsAndWait(&w, {QFile::encodeName(tmp.filePath("in"))}));
    QueueModel *q = w.queueModel();
    QCOMPARE(q->rowCount(), 2);
    // An earlier preset change stays undoable.
    w.queueView()->setCurrentIndex(q->index(1));
    emit w.presetPanel()->assignToSelectionRequested("web");
    QCOMPARE(q->itemAt(1).preset, QString("web"));
    QCOMPARE(w.undoStack()->count(), 1);
    w.presetPanel()->setDefaultPreset("mine");
    q->assignPreset({q->itemAt(0).uid}, "mine");
    const quint64 uid = q->itemAt(0).uid;
    const int stepsBefore = w.undoStack()->count();

    {
        Prompt no(QMessageBox::Cancel);
        emit w.presetPanel()->deleteRequested("mine");
        QVERIFY(no.shown);
        QVERIFY(QFile::exists(file));
    }
    Prompt yes("Delete");
    emit w.presetPanel()->deleteRequested("mine");
    QVERIFY(yes.shown);
    QCOMPARE(yes.title, QString("Delete preset"));
    QVERIFY2(yes.width > QFontMetrics(QApplication::font()).horizontalAdvance(yes.title + " — PixelPool") + 150,
             qPrintable(QString::number(yes.width)));
    QVERIFY2(yes.text.contains("\"mine\""), qPrintable(yes.text));
    QVERIFY2(yes.informative.contains("file is deleted") && yes.informative.contains("Ctrl+Z") &&
                 yes.informative.contains("It is the default preset; \"web\" becomes the default") &&
                 yes.informative.contains("1 queued image that uses it"),
             qPrintable(yes.informative));
    QVERIFY(!QFile::exists(file));
    QCOMPARE(w.defaultPreset(), QString("web"));
    QVERIFY(q->item(uid)->preset.isEmpty());
    QVERIFY2(w.lastMessage().contains("Ctrl+Z undoes"), qPrintable(w.lastMessage()));
    QCOMPARE(w.undoStack()->count(), stepsBefore + 1);

    // Ctrl+Z, as the window's action has it.
    QAction *undo = nullptr, *redo = nullptr;
    for (QAction *a : w.actions()) {
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_Z))
            undo = a;
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z))
            redo = a;
    }
    QVERIFY(undo && redo);
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QVERIFY(QFile::exists(file));
    QCOMPARE(readFile(file), json);
    QVERIFY(w.presetModel()->library()->find("mine"));
    QCOMPARE(w.defaultPreset(), QString("mine"));
    QCOMPARE(q->item(uid)->preset, QString("mine"));
    QVERIFY2(w.lastMessage().contains("Undone: deleting the preset \"mine\""), qPrintable(w.lastMessage()));

    redo->trigger();
    QVERIFY(!QFile::exists(file));
    QCOMPARE(w.defaultPreset(), QString("web"));
    QVERIFY(q->item(uid)->preset.isEmpty());

    // A preset of that name made since: the undo says why it cannot, and writes over nothing.
    test::writeFile(file, R"({"format": "pixelpool-preset", "version": 1, "name": "mine", "steps": []})");
    w.presetModel()->reload();
    Prompt cannot(QMessageBox::Ok);
    undo->trigger();
    QTRY_VERIFY(cannot.shown);
    QVERIFY2(cannot.text.contains("\"mine\""), qPrintable(cannot.text));
    QVERIFY(!readFile(file).contains("kept as written"));
    // ... and the status line does not say it was undone.
    QVERIFY2(!w.lastMessage().contains("Undone"), qPrintable(w.lastMessage()));
}

namespace {
// What each part of the editor asks for at least, for a message that names the culprit.
QString minimumSizes(PresetEditor *editor)
{
    QStringList parts{
        QString("editor %1×%2").arg(editor->minimumSizeHint().width()).arg(editor->minimumSizeHint().height())};
    for (QWidget *child : editor->findChildren<QWidget *>())
        if (child->isVisibleTo(editor) && child->minimumSizeHint().width() > 200)
            parts << QString("%1 \"%2\" %3×%4")
                         .arg(child->metaObject()->className(), child->objectName())
                         .arg(child->minimumSizeHint().width())
                         .arg(child->minimumSizeHint().height());
    return parts.join(", ");
}
} // namespace

// In German the editor asked for 1133 px at least (English 935): on a 1024×768 screen the preview,
// "Schließen" and part of "Exportieren…" were off it. Now its columns fit 1024×768 in both
// languages, with any step's settings shown, and its buttons and preview are inside it there; on a
// smaller screen (800×600) the columns scroll and the buttons stay in view. So they do with the
// warnings of a preset that may replace source images.
void TestEditor::editorFitsASmallScreenInBothLanguages()
{
    QStringList tooLarge;
    test::inEachLanguage([&](bool, const QString &language) {
        Editor e;
        // With the warnings that replacing source images brings, under its box and beside Save.
        Preset replacing = newPreset();
        replacing.output.allowOverwriteSource = true;
        e.editor.setPreset(replacing);
        QVERIFY(e.show());
        auto *warning = e.child<QWidget>("replaceSourceWarning");
        QVERIFY(warning && warning->isVisible());
        auto *buttons = e.editor.findChild<QDialogButtonBox *>();
        QVERIFY(buttons && buttons->button(QDialogButtonBox::Close));
        const QList<QWidget *> parts{e.save(), e.child<QPushButton>("exportPreset"),
                                     buttons->button(QDialogButtonBox::Close), e.editor.previewPane()};
        // Inside the editor, and not squeezed below what each asks for (a button's whole text, the
        // preview's two pictures).
        const auto checkParts = [&](const QString &where, const QList<QWidget *> &which) {
            for (QWidget *part : which) {
                const QRect r(part->mapTo(&e.editor, QPoint(0, 0)), part->size());
                if (!part->isVisible() || !e.editor.rect().contains(r) ||
                    part->width() < part->minimumSizeHint().width())
                    tooLarge << QString("%1 at %2: %3 \"%4\" at %5 of %6")
                                    .arg(language, where, part->metaObject()->className(), part->objectName(),
                                         QDebug::toString(r), QDebug::toString(e.editor.rect()));
            }
        };
        for (const QSize screen : {QSize(1024, 768), QSize(800, 600)}) {
            const QSize client = screen.shrunkBy(kFrameGuess);
            const QString where = QString("%1×%2").arg(screen.width()).arg(screen.height());
            e.editor.resize(client);
            QTRY_COMPARE(e.editor.size(), client);
            // Every step's settings in turn.
            for (const OperationSpec &op : OperationCatalog::builtin().operations()) {
                e.editor.addStep(op.name);
                QCoreApplication::processEvents();
                if (e.editor.minimumSizeHint().width() > client.width() ||
                    e.editor.minimumSizeHint().height() > client.height())
                    tooLarge << QString("%1, %2 selected: %3").arg(language, op.name, minimumSizes(&e.editor));
                // At 1024×768 the columns fit without scrolling.
                auto *scroll = e.child<QScrollArea>("editorScroll");
                if (screen.width() == 1024 &&
                    (!scroll || scroll->horizontalScrollBar()->isVisible() || scroll->verticalScrollBar()->isVisible()))
                    tooLarge << QString("%1 at %2, %3 selected: the columns do not fit: %4")
                                    .arg(language, where, op.name, minimumSizes(&e.editor));
            }
            QCoreApplication::processEvents();
            checkParts(where, screen.width() == 1024 ? parts : parts.mid(0, 3));
        }
    });
    QVERIFY2(tooLarge.isEmpty(), qPrintable(tooLarge.join("\n")));
}

// A choice narrower than its item showed it clipped mid-word without a sign, in German at any
// size: "alles außer dem Aufnahmeort beh", "eine Nummer anhängen (foto (2).j" (the window QA
// pass). Every choice of the output's and of each step's settings is cut at a word with "…" where
// it does not fit, and says the whole item in its tooltip.
void TestEditor::aChoiceThatDoesNotFitEndsInAnEllipsis()
{
    QStringList problems;
    int elided = 0;
    test::inEachLanguage([&](bool, const QString &language) {
        Editor e;
        QVERIFY(e.showWithoutSteps());
        e.editor.resize(e.editor.minimumSizeHint().expandedTo(e.editor.minimumSize()));
        QTest::qWait(20);
        const auto check = [&](QComboBox *box) {
            auto *choice = qobject_cast<ElidedChoice *>(box);
            if (!choice) {
                problems << QString("%1: %2 clips its items").arg(language, box->objectName());
                return;
            }
            for (int i = 0; i < choice->count(); ++i) {
                choice->setCurrentIndex(i);
                const QString shown = choice->shownText();
                if (shown == choice->currentText())
                    continue;
                ++elided;
                const QFontMetrics fm = choice->fontMetrics();
                if (!shown.endsWith(QChar(0x2026)) || fm.horizontalAdvance(shown) > choice->width())
                    problems << QString("%1: %2 shows \"%3\" of \"%4\"")
                                    .arg(language, choice->objectName(), shown, choice->currentText());
            }
        };
        for (const char *name :
             {"outputFormat", "overwritePolicy", "tiffCompression", "metadataPolicy", "colourPolicy"})
            check(e.child<QComboBox>(name));
        for (const OperationSpec &op : OperationCatalog::builtin().operations()) {
            e.editor.addStep(op.name);
            QTest::qWait(10);
            for (QComboBox *box : e.editor.findChildren<QComboBox *>(QRegularExpression("^param-")))
                if (box->isVisible())
                    check(box);
        }
    });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
    QVERIFY(elided > 0); // German's long items do not fit the smallest editor
}

// At its default size on a 1400×950 screen the editor cut the step settings: the text watermark's
// spin boxes stood past the pane's edge without their arrows behind a sideways scroll bar, a logo's
// "Browse…" showed "Br", and a step with many settings scrolled in a pane 200 px high. Now every
// control of every step's settings (each mode's too) is as wide as it asks and in view at the
// default size, in English and in German; at the smallest size the editor allows, each is whole
// where its pane scrolls to it.
void TestEditor::everyStepsSettingsAreWholeAtTheDefaultAndSmallestSize()
{
    QStringList problems;
    test::inEachLanguage([&](bool, const QString &language) {
        Editor e;
        QVERIFY(e.showWithoutSteps());
        const QSize defaultSize = e.editor.size();
        const QSize smallest = e.editor.minimumSizeHint().expandedTo(e.editor.minimumSize());
        for (const QSize size : {defaultSize, smallest}) {
            const bool atDefault = size == defaultSize;
            e.editor.resize(size);
            QTRY_COMPARE(e.editor.size(), size);
            for (const OperationSpec &op : OperationCatalog::builtin().operations()) {
                e.editor.addStep(op.name);
                auto *mode = e.editor.findChild<QComboBox *>("param-mode");
                for (int m = 0; m < (mode ? mode->count() : 1); ++m) {
                    if (mode)
                        mode->setCurrentIndex(m);
                    QTest::qWait(20); // laid out again
                    const QString where =
                        QString("%1, %2%3 at %4×%5")
                            .arg(language, op.name, mode ? " (" + mode->currentText() + ")" : QString())
                            .arg(size.width())
                            .arg(size.height());
                    QList<QWidget *> controls;
                    auto *form = qobject_cast<QFormLayout *>(e.child<QWidget>("stepForm")->layout());
                    for (QWidget *field : e.editor.findChildren<QWidget *>(QRegularExpression("^param-")))
                        if (field->isVisible())
                            controls << rowControls(form, field); // a number's slider too, a path's Browse…
                    for (QWidget *w : std::as_const(controls)) {
                        if (!w->isVisible() ||
                            (w->inherits("QLineEdit") && w->parentWidget()->inherits("QAbstractSpinBox")))
                            continue;
                        if (!atDefault)
                            for (QWidget *p = w->parentWidget(); p; p = p->parentWidget())
                                if (auto *area = qobject_cast<QScrollArea *>(p))
                                    area->ensureWidgetVisible(w, 0, 0);
                        const bool button = qobject_cast<QAbstractButton *>(w) != nullptr;
                        const int wanted = button ? w->sizeHint().width() : w->minimumSizeHint().width();
                        const QRegion visible = w->visibleRegion();
                        if (w->width() < wanted || visible != QRegion(w->rect()))
                            problems << QString("%1: %2 \"%3\" is %4 wide (asks %5), %6 of %7 in view")
                                            .arg(where, w->metaObject()->className(), w->objectName())
                                            .arg(w->width())
                                            .arg(wanted)
                                            .arg(QDebug::toString(visible.boundingRect()), QDebug::toString(w->rect()));
                    }
                }
            }
            while (e.editor.stepCount())
                e.editor.removeStep(0);
        }
    });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

namespace {
// How many pixels of `image` inside `r` are the test photo's pure green.
int greenPixels(const QImage &image, const QRect &r)
{
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            if (const QColor c = image.pixelColor(x, y); c.green() > 180 && c.red() < 90 && c.blue() < 90)
                ++n;
    return n;
}
} // namespace

// After emptying a Text watermark's text, the editor showed the error and disabled Save, but the
// preview's after side still showed the last valid draft's "© PixelPool", captioned "After ·
// 1600×1000 · 318 ms". Now a draft that cannot run leaves no after picture and says why, also
// when the valid draft's result comes back after it; a valid draft brings the after back.
void TestEditor::invalidDraftLeavesNoOlderAfter()
{
    test::WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QImage green(320, 200, QImage::Format_RGB32);
    green.fill(QColor(0, 255, 0));
    QDir().mkpath(f.path("in"));
    QVERIFY(green.save(f.path("in/green.png")));
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    w->openPresetEditor({});
    PresetEditor *editor = w->presetEditor();
    QVERIFY(editor);
    PreviewPane *pane = editor->previewPane();
    editor->addStep("watermark");
    auto *text = editor->findChild<QLineEdit *>("param-text");
    QVERIFY(text);
    QTRY_VERIFY_WITH_TIMEOUT(pane->showsAfter() && !pane->isBusy() && pane->caption(true).contains("×"), 20000);
    const auto afterSide = [pane] { // its picture, above its caption (beside the before's, or under it)
        const QRect before = pane->labelRects().value(0), caption = pane->labelRects().value(1);
        const int top = caption.top() != before.top() ? before.bottom() + 1 : pane->imageArea().top();
        return QRect(caption.left(), top, caption.width(), caption.top() - top);
    };
    QVERIFY2(greenPixels(pane->grab().toImage(), afterSide()) > 100, "the test sees no after picture");
    // A valid change, whose result is still on its way when the text is emptied.
    QTest::keyClicks(text, "x");
    text->selectAll();
    QTest::keyClick(text, Qt::Key_Delete);
    QVERIFY(!editor->findChild<QPushButton *>("savePreset")->isEnabled());
    QTest::qWait(1000); // the debounce and the job of the valid draft, if one was sent
    QTRY_VERIFY_WITH_TIMEOUT(!pane->isBusy(), 20000);
    QCoreApplication::processEvents();
    QCOMPARE(pane->caption(true), QString("After"));
    QVERIFY(!pane->showsAfter());
    QVERIFY2(pane->toolTip().contains("must have some text to draw"), qPrintable(pane->toolTip()));
    QVERIFY2(!pane->errorRect().isEmpty() && afterSide().contains(pane->errorRect()),
             qPrintable(QDebug::toString(pane->errorRect())));
    QCOMPARE(greenPixels(pane->grab().toImage(), afterSide()), 0);
    // Valid again: the after comes back, with its size.
    QTest::keyClicks(text, "ok");
    QTRY_VERIFY_WITH_TIMEOUT(pane->showsAfter() && !pane->isBusy() && pane->caption(true).contains("×"), 20000);
    QVERIFY(pane->presetProblem().isEmpty());
    QVERIFY(greenPixels(pane->grab().toImage(), afterSide()) > 100);
}

// A built-in preset opened in German shows its description in German, as the presets panel does
// (it showed the English of the preset's file), and that is no change to ask about on closing.
void TestEditor::aBuiltinPresetsDescriptionIsInTheWindowsLanguage()
{
    test::GermanTranslations de;
    test::WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    w->openPresetEditor({});
    PresetEditor *editor = w->presetEditor();
    QVERIFY(editor);
    const PresetEntry *classic = w->presetModel()->library()->find("classic");
    QVERIFY(classic && classic->builtin);
    editor->setPreset(classic->preset);
    auto *description = editor->findChild<QLineEdit *>("presetDescription");
    QVERIFY(description);
    const QString german = i18n::presetDescription(classic->preset.description, true);
    QVERIFY2(german != classic->preset.description, "no German for the classic preset's description");
    QCOMPARE(description->text(), german);
    QVERIFY(!editor->hasUnsavedChanges());
}

// A Border of 9999 px failed in the preview as "steps[14] (border) would make an image of …" while
// the list said "15. Border", and in German the list said "2. Rahmen" beside that English. The
// preview names the step as the list does, in the user's language; the worker's text, which the
// command line shows about the preset file, keeps "steps[N]".
void TestEditor::previewNamesAStepOverThePixelLimitAsListed()
{
    test::inEachLanguage([&](bool german, const QString &) {
        test::WindowFixture f(1);
        MainWindow *w = f.shown();
        QVERIFY(w);
        test::makeImage(f.path("in"), "photo.jpg", 64, 48);
        QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
        w->openPresetEditor({});
        PresetEditor *editor = w->presetEditor();
        QVERIFY(editor);
        editor->selectStep(editor->stepCount() - 1);
        editor->addStep("border"); // the third step
        auto *width = editor->findChild<QSpinBox *>("param-size");
        QVERIFY(width);
        width->setValue(9999);
        QTRY_VERIFY_WITH_TIMEOUT(!editor->previewPane()->error().isEmpty(), 20000);
        const QString error = editor->previewPane()->error();
        const QString expected = german ? "Schritt 3 (Rahmen): das Bild wäre" : "Step 3 (Border): the image would be";
        QVERIFY2(error.startsWith(expected), qPrintable(error));
        QVERIFY2(!error.contains("steps["), qPrintable(error));
        QVERIFY2(editor->stepList()->item(2)->text().startsWith(german ? "3.  Rahmen" : "3.  Border"),
                 qPrintable(editor->stepList()->item(2)->text()));
    });
    // The worker's text is read back field by field, and nothing else is taken for it.
    const StepOverPixelLimit over{14, "border", cv::Size(20748, 20748), 200'000'000};
    QCOMPARE(over.text(), QString("steps[14] (border) would make an image of 20748×20748 (430.5 megapixels), over the "
                                  "limit of 200.0 megapixels"));
    QString prefix;
    const auto back = StepOverPixelLimit::fromText("output \"web\": " + over.text(), &prefix);
    QVERIFY(back);
    QCOMPARE(back->step, 14);
    QCOMPARE(back->op, QString("border"));
    QCOMPARE(back->size.width, 20748);
    QCOMPARE(back->maxPixels, quint64(200'000'000));
    QCOMPARE(prefix, QString("output \"web\": "));
    QVERIFY(!StepOverPixelLimit::fromText("steps[1]: unknown operation \"explode\""));
}

namespace {
// Whether `w` is shown and wholly in view of the editor (no scrolling hides any of it).
bool wholeInView(QWidget *w) { return w->isVisible() && w->visibleRegion() == QRegion(w->rect()); }
} // namespace

// A preset with "allowOverwriteSource": true (imported, as a user test's roundtrip.json) looked in
// the editor exactly like one without it: no control showed it, and Save kept it unseen. Now a
// check box in the output settings says it, off by default, and a warning under it and one beside
// Save say while it is on that originals are replaced.
void TestEditor::replacingSourcesIsAControlThatWarns()
{
    Editor e;
    e.editor.setPreset(newPreset());
    QVERIFY(e.show());
    auto *replace = e.child<QCheckBox>("allowOverwriteSource");
    auto *warning = e.child<QWidget>("replaceSourceWarning");
    auto *warningText = e.child<QLabel>("replaceSourceText");
    QVERIFY(replace && warning && warningText);
    QCOMPARE(replace->text(), QString("Let outputs replace their source images"));
    QVERIFY(replace->parentWidget()->inherits("QGroupBox"));
    QCOMPARE(static_cast<QGroupBox *>(replace->parentWidget())->title(), QString("Output"));
    QVERIFY(!replace->isChecked());
    QVERIFY(!warning->isVisible());
    QVERIFY(!e.editor.draft().output.allowOverwriteSource);
    QVERIFY2(!e.statusText().contains("source"), qPrintable(e.statusText()));

    // Opened with it on: the box is checked and both warnings say so.
    Preset risky = newPreset();
    risky.output.allowOverwriteSource = true;
    e.editor.setPreset(risky);
    QVERIFY(replace->isChecked());
    QTRY_VERIFY(warning->isVisible());
    const QString said = QTextDocumentFragment::fromHtml(warningText->text()).toPlainText();
    QVERIFY2(said.startsWith("Originals are replaced:") && said.contains("original is lost"), qPrintable(said));
    QVERIFY2(e.statusText().contains("Its outputs may replace their source images (Output)."),
             qPrintable(e.statusText()));
    QVERIFY(e.editor.draft().output.allowOverwriteSource);
    QVERIFY(!e.editor.isWindowModified());

    // Turned off with a click: no warning, and the draft changed.
    QTest::mouseClick(replace, Qt::LeftButton, {}, QPoint(8, replace->height() / 2));
    QVERIFY(!replace->isChecked());
    QVERIFY(!warning->isVisible());
    QVERIFY2(!e.statusText().contains("source"), qPrintable(e.statusText()));
    QVERIFY(!e.editor.draft().output.allowOverwriteSource);
    QVERIFY(e.editor.isWindowModified());

    // Turned on where the settings column is scrolled away from it (a step with many settings at
    // the smallest size): the warning comes with it, in view.
    e.editor.addStep("watermark");
    e.editor.resize(e.editor.minimumSizeHint().expandedTo(e.editor.minimumSize()));
    QTest::qWait(50);
    for (QWidget *p = replace->parentWidget(); p; p = p->parentWidget())
        if (auto *area = qobject_cast<QScrollArea *>(p))
            area->ensureWidgetVisible(replace, 0, 0);
    QVERIFY2(wholeInView(replace), qPrintable(QDebug::toString(replace->visibleRegion().boundingRect()) + " of " +
                                              QDebug::toString(replace->rect())));
    // The box at the column's bottom edge: what comes under it is out of view unless scrolled to.
    QScrollBar *bar = e.child<QScrollArea>("settingsScroll")->verticalScrollBar();
    const int scrolled = bar->value();
    QVERIFY2(scrolled > 0 && scrolled < bar->maximum(),
             qPrintable(QString("%1 of %2").arg(scrolled).arg(bar->maximum())));
    QTest::mouseClick(replace, Qt::LeftButton, {}, QPoint(8, replace->height() / 2));
    QVERIFY(replace->isChecked());
    QVERIFY(e.editor.draft().output.allowOverwriteSource);
    QTRY_VERIFY2(wholeInView(warning), qPrintable(QDebug::toString(warning->visibleRegion().boundingRect())));
    QVERIFY(bar->value() > scrolled);
}

// Saved and read back from the preset folder, as the window and the command line read it.
void TestEditor::replacingSourcesIsKeptThroughSaveAndLoad()
{
    Editor e;
    const QString opened = e.openSavedUserPreset("mine");
    QVERIFY2(opened.isEmpty(), qPrintable(opened));
    QString error;
    auto *replace = e.child<QCheckBox>("allowOverwriteSource");
    QVERIFY(replace && !replace->isChecked());
    replace->setChecked(true);
    QVERIFY2(e.editor.save(&error), qPrintable(error));
    const auto read = Preset::load(QDir(e.dir.path()).filePath("mine.json"), &error);
    QVERIFY2(read, qPrintable(error));
    QVERIFY(read->output.allowOverwriteSource);
    e.model.reload();
    e.editor.setPreset(newPreset());
    QVERIFY(!replace->isChecked());
    e.editor.setPreset(e.library.find("mine")->preset);
    QVERIFY(replace->isChecked());
    QVERIFY(!e.editor.hasUnsavedChanges());
    // And off again.
    replace->setChecked(false);
    QVERIFY2(e.editor.save(&error), qPrintable(error));
    const auto again = Preset::load(QDir(e.dir.path()).filePath("mine.json"), &error);
    QVERIFY2(again, qPrintable(error));
    QVERIFY(!again->output.allowOverwriteSource);
}

// Space held on the box (its key repeating) turns it on once, and with the warning shown: it never
// flickers on and off, nor ends wherever the repeats left it.
void TestEditor::heldSpaceTurnsReplacingSourcesOnOnce()
{
    Editor e;
    e.editor.setPreset(newPreset());
    QVERIFY(e.show());
    auto *replace = e.child<QCheckBox>("allowOverwriteSource");
    QVERIFY(replace);
    replace->setFocus();
    QSignalSpy toggled(replace, &QCheckBox::toggled);
    QTest::sendKeyEvent(QTest::KeyAction::Press, replace, Qt::Key_Space, ' ', Qt::NoModifier);
    for (int i = 0; i < 20; ++i) { // X11's repeats: a release and a press, both marked as repeats
        QKeyEvent release(QEvent::KeyRelease, Qt::Key_Space, Qt::NoModifier, QStringLiteral(" "), true);
        QCoreApplication::sendEvent(replace, &release);
        QKeyEvent press(QEvent::KeyPress, Qt::Key_Space, Qt::NoModifier, QStringLiteral(" "), true);
        QCoreApplication::sendEvent(replace, &press);
    }
    QCOMPARE(toggled.count(), 0); // nothing until the key is let go
    QTest::sendKeyEvent(QTest::KeyAction::Release, replace, Qt::Key_Space, ' ', Qt::NoModifier);
    QCOMPARE(toggled.count(), 1);
    QVERIFY(replace->isChecked());
    auto *warning = e.child<QWidget>("replaceSourceWarning");
    QVERIFY(warning);
    QTRY_VERIFY(warning->isVisible());
}

// A preset file whose `outputs` let one of them replace sources (read-only in the editor) is
// warned of too, naming that output.
void TestEditor::outputsThatReplaceSourcesAreNamed()
{
    Editor e;
    Preset two = e.library.find("web-and-thumbnail")->preset;
    QCOMPARE(two.outputs.size(), 2);
    e.editor.setPreset(two);
    QVERIFY(e.show());
    auto *warning = e.child<QWidget>("replaceSourceWarning");
    QVERIFY(warning && !warning->isVisible());
    two.outputs[1].output.allowOverwriteSource = true;
    e.editor.setPreset(two);
    QTRY_VERIFY(warning->isVisible());
    const QString said = QTextDocumentFragment::fromHtml(e.child<QLabel>("replaceSourceText")->text()).toPlainText();
    QVERIFY2(said.startsWith("Originals are replaced by the output \"thumbnail\" (set in the preset file):"),
             qPrintable(said));
    QVERIFY2(e.statusText().contains("may replace their source images"), qPrintable(e.statusText()));
    // The preset's own box, unchecked, leaves the outputs that say it themselves as they are: the
    // warning stays as long as one does.
    QVERIFY(!e.child<QCheckBox>("allowOverwriteSource")->isChecked());
    two.outputs[0].output.allowOverwriteSource = true;
    e.editor.setPreset(two);
    QVERIFY2(QTextDocumentFragment::fromHtml(e.child<QLabel>("replaceSourceText")->text())
                 .toPlainText()
                 .startsWith("Originals are replaced by the outputs \"web\", \"thumbnail\""),
             qPrintable(e.child<QLabel>("replaceSourceText")->text()));
}

// An image whose output would replace it failed with "… or allow overwriting originals in the
// preset", while the editor had no control of that name (or any). Now the reason names the box as
// the editor shows it, in English and in German, and the preset file's key for the command line.
void TestEditor::refusalNamesTheEditorsControl()
{
    test::inEachLanguage([&](bool german, const QString &) {
        Editor e;
        e.editor.setPreset(newPreset());
        auto *replace = e.child<QCheckBox>("allowOverwriteSource");
        QVERIFY(replace);
        const QString reason = i18n::localText(Message(MessageId::WouldReplaceSource));
        QVERIFY2(reason.contains(replace->text()), qPrintable(QString("%1 / %2").arg(reason, replace->text())));
        QVERIFY2(reason.contains("allowOverwriteSource"), qPrintable(reason));
        QVERIFY2(german == reason.contains("Quellbild"), qPrintable(reason));
    });
}

// Enter in any field of the editor, or in the editor just opened, saved the preset: Save was the
// dialog's default button. A user who pressed Enter to finish a name, a number or a file's path found
// a new preset on disk ("step one.json", then "my preset.json" and "my preset 2.json" when the editor
// opened again on Save). Enter now commits the field only; Save, or Enter on Save itself, saves.
void TestEditor::enterCommitsTheFieldAndNeverSaves()
{
    Editor e;
    Preset p = newPreset();
    const QString logo = e.dir.filePath("mark.png");
    test::makeImage(e.dir.path(), "mark.png", 20, 20, "PNG");
    p.steps << step({{"op", "logo"}, {"file", logo}});
    e.editor.setPreset(p, PresetEditor::Opened::AsNew);
    QVERIFY(e.show());
    QVERIFY(QTest::qWaitForWindowActive(&e.editor));
    const auto savedFiles = [&e] { return QDir(e.library.userDir()).entryList({"*.json"}, QDir::Files); };
    const auto pressEnter = [&e](QWidget *field) {
        field->setFocus();
        QCOMPARE(QApplication::focusWidget(), field);
        QTest::keyClick(field, Qt::Key_Return);
        QTest::keyClick(field, Qt::Key_Enter, Qt::KeypadModifier);
        QCoreApplication::processEvents();
        QVERIFY(e.editor.isVisible());
    };
    for (QPushButton *b : e.editor.findChildren<QPushButton *>())
        QVERIFY2(!b->isDefault() && !b->autoDefault(), qPrintable(b->text()));

    // Right after opening: the keyboard is in the name, and Enter there saves nothing.
    auto *name = e.child<QLineEdit>("presetName");
    QCOMPARE(QApplication::focusWidget(), name);
    QTest::keyClick(name, Qt::Key_Return);
    QVERIFY2(savedFiles().isEmpty(), qPrintable(savedFiles().join(", ")));

    name->selectAll();
    QTest::keyClicks(name, "step one");
    pressEnter(name);
    QCOMPARE(e.editor.draft().name, QString("step one"));
    auto *description = e.child<QLineEdit>("presetDescription");
    QTest::keyClicks(description, "desc");
    pressEnter(description);
    pressEnter(e.child<QLineEdit>("nameTemplate"));
    pressEnter(e.child<QComboBox>("outputFormat"));
    pressEnter(e.child<QListWidget>("stepList"));

    e.editor.selectStep(1);
    auto *width = e.editor.findChild<QSpinBox *>("param-width");
    QVERIFY(width);
    width->setFocus();
    width->selectAll();
    QTest::keyClicks(width, "1200");
    pressEnter(width);
    QCOMPARE(e.editor.draft().steps[1].value("width").toInt(), 1200); // the number is committed

    e.editor.selectStep(2);
    auto *path = e.editor.findChild<QLineEdit *>("param-file");
    QTest::keyClick(path, Qt::Key_End);
    QTest::keyClicks(path, "x");
    QTest::keyClick(path, Qt::Key_Backspace);
    QVERIFY(e.save()->isEnabled()); // a valid draft, the logo there to read
    pressEnter(path);
    for (QPushButton *b : e.editor.findChildren<QPushButton *>())
        QVERIFY2(!b->isDefault(), qPrintable(b->text()));

    QVERIFY2(savedFiles().isEmpty(), qPrintable(savedFiles().join(", ")));
    QVERIFY(e.editor.isWindowModified());
    QVERIFY(!e.statusText().startsWith("Saved"));

    // Enter on Save, the button the keyboard is on, is pressing it.
    e.save()->setFocus();
    QTest::keyClick(e.save(), Qt::Key_Return);
    QTRY_COMPARE(savedFiles(), QStringList{"step-one.json"});
    QVERIFY(!e.editor.isWindowModified());

    // Opened again (the window keeps its editor): at the name again, not on Save.
    e.editor.close();
    Preset another = newPreset();
    e.editor.setPreset(another, PresetEditor::Opened::AsNew);
    QVERIFY(e.show());
    QVERIFY(QTest::qWaitForWindowActive(&e.editor));
    QCOMPARE(QApplication::focusWidget(), name);
    QTest::keyClick(name, Qt::Key_Return);
    QCOMPARE(savedFiles(), QStringList{"step-one.json"});

    // Escape still asks about the changes Enter kept in the editor.
    QTest::keyClicks(name, " 2");
    QTest::keyClick(name, Qt::Key_Return);
    Prompt cancel(QMessageBox::Cancel);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QVERIFY(cancel.shown);
    QVERIFY(e.editor.isVisible());
    QCOMPARE(savedFiles(), QStringList{"step-one.json"});
}

// Tab went from the steps' buttons to the output settings, through the preview and Save, Export and
// Close, to two scroll areas that showed nothing of having the keyboard, then to Quality (which is
// under Format) and last to the selected step's settings, from where it went round to the name.
void TestEditor::tabGoesThroughTheEditorAsItIsLaidOut()
{
    Editor e;
    Preset p = newPreset();
    p.steps << step({{"op", "watermark"}, {"text", "© PixelPool"}});
    e.editor.setPreset(p);
    QVERIFY(e.show());
    QVERIFY(QTest::qWaitForWindowActive(&e.editor));
    auto *name = e.child<QLineEdit>("presetName");
    auto *middle = e.child<QScrollArea>("settingsScroll")->widget();
    for (int row : {1, 2, 0}) {
        e.editor.selectStep(row);
        QTRY_VERIFY(e.child<QWidget>("stepForm")->isVisible()); // a layout shows a new child later
        name->setFocus();
        QList<QWidget *> reached;
        for (QWidget *at = name; at && !reached.contains(at) && reached.size() < 100;
             at = QApplication::focusWidget()) {
            reached << at;
            QTest::keyClick(at, Qt::Key_Tab);
        }
        QStringList names;
        for (QWidget *w : reached)
            names << QString("%1 %2 \"%3\"")
                         .arg(w->metaObject()->className(), w->objectName(), w->property("text").toString());
        const QString said = QString("step %1:\n").arg(row + 1) + names.join("\n");
        QVERIFY2(QApplication::focusWidget() == name, qPrintable(said)); // round, back to the name
        // Only controls that show they have the keyboard: no scroll area, no bare container.
        for (QWidget *w : reached)
            QVERIFY2(qobject_cast<QAbstractButton *>(w) || qobject_cast<QAbstractSpinBox *>(w) ||
                         qobject_cast<QAbstractSlider *>(w) || qobject_cast<QComboBox *>(w) ||
                         qobject_cast<QLineEdit *>(w) || qobject_cast<QListView *>(w),
                     qPrintable(said));
        // Left column, then the middle one top to bottom (left to right on a line), then the preview,
        // then the buttons.
        const auto column = [&](QWidget *w) {
            return w->window() != &e.editor                  ? -1
                   : name->parentWidget()->isAncestorOf(w)   ? 0
                   : middle->isAncestorOf(w)                 ? 1
                   : e.editor.previewPane()->isAncestorOf(w) ? 2
                                                             : 3;
        };
        QList<int> columns;
        for (QWidget *w : reached)
            columns << column(w);
        QVERIFY2(std::is_sorted(columns.begin(), columns.end()) && columns.first() == 0, qPrintable(said));
        QPoint last(-1, -1);
        for (QWidget *w : reached) {
            if (column(w) != 1)
                continue;
            const QPoint at = w->mapTo(middle, w->rect().center());
            QVERIFY2(at.y() > last.y() + 2 || (std::abs(at.y() - last.y()) <= 2 && at.x() > last.x()),
                     qPrintable(said));
            last = at;
        }
        // The step's settings come before the output's, each of them reached.
        QWidget *form = e.child<QWidget>("stepForm");
        int fields = 0;
        for (QWidget *w : form->findChildren<QWidget *>())
            if (w->isVisibleTo(&e.editor) && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy()) {
                ++fields;
                QVERIFY2(reached.contains(w), qPrintable(said));
                QVERIFY2(reached.indexOf(w) < reached.indexOf(e.child<QComboBox>("outputFormat")), qPrintable(said));
            }
        QVERIFY(row == 0 || fields >= 3);
        QVERIFY2(reached.indexOf(e.save()) == reached.size() - 3, qPrintable(said)); // Save, Export…, Close
    }
}

// A screen reader said nothing for every slider and spin box of the steps' settings (a Resize's width,
// a watermark's size) and for Quality, the steps list, a logo's "Image file" and a watermark's "Font
// file" (only their placeholder); it said "Output", the group's title, for the folder, and "Steps (drag
// to reorder)" for both arrow buttons. Each field is now named by its form label, in German too.
void TestEditor::everyFieldIsNamedByItsLabel()
{
    const auto interactive = [](QWidget *w) {
        return qobject_cast<QAbstractButton *>(w) || qobject_cast<QAbstractSlider *>(w) ||
               qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractSpinBox *>(w) ||
               qobject_cast<QAbstractItemView *>(w) ||
               (qobject_cast<QLineEdit *>(w) && !qobject_cast<QAbstractSpinBox *>(w->parentWidget()));
    };
    const auto nameOf = [](QWidget *w) {
        QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
        return a ? a->text(QAccessible::Name) : QString("(no interface)");
    };
    QStringList wrong;
    test::inEachLanguage([&](bool german, const QString &language) {
        const auto said = [german](const char *english, const char *deutsch) {
            return QString::fromUtf8(german ? deutsch : english);
        };
        const auto expect = [&](QWidget *w, const QString &name) {
            if (!w)
                wrong << "missing: " + name;
            else if (nameOf(w) != name)
                wrong << QString("%1 named \"%2\", not \"%3\"").arg(w->metaObject()->className(), nameOf(w), name);
        };
        Editor e;
        e.editor.setPreset(newPreset());
        QVERIFY(e.show());
        for (const OperationSpec &op : OperationCatalog::builtin().operations()) {
            e.editor.addStep(op.name);
            QCoreApplication::processEvents();
            for (QWidget *w : e.editor.findChildren<QWidget *>()) {
                if (!w->isVisibleTo(&e.editor) || !interactive(w))
                    continue;
                const QString name = nameOf(w);
                if (name.trimmed().isEmpty() || name.endsWith(':') || name.contains('&'))
                    wrong << QString("%1, %2: %3 \"%4\" named \"%5\"")
                                 .arg(language, op.name, w->metaObject()->className(), w->objectName(), name);
            }
        }
        e.editor.setPreset(newPreset());
        e.editor.selectStep(1);
        expect(e.editor.findChild<QSpinBox *>("param-width"), said("Width", "Breite"));
        QWidget *quality = e.child<QComboBox>("outputFormat")->parentWidget()->findChild<QSlider *>();
        expect(quality, said("Quality", "Qualität"));
        expect(quality ? quality->parentWidget()->findChild<QSpinBox *>() : nullptr, said("Quality", "Qualität"));
        expect(e.child<QLineEdit>("presetName"), said("Name", "Name"));
        expect(e.child<QListWidget>("stepList"), said("Steps", "Schritte"));
        expect(e.child<QLineEdit>("nameTemplate"), said("File name", "Dateiname"));
        QLineEdit *folder = nullptr;
        for (QLineEdit *l : e.editor.findChildren<QLineEdit *>())
            if (l->placeholderText() == said("the window's output folder", "der Ausgabeordner des Fensters"))
                folder = l;
        expect(folder, said("Folder", "Ordner"));
        QToolButton *up = nullptr, *down = nullptr;
        for (QToolButton *b : e.editor.findChildren<QToolButton *>()) {
            if (b->toolTip().startsWith(said("Move the step up", "Den Schritt nach oben")))
                up = b;
            else if (b->toolTip().startsWith(said("Move the step down", "Den Schritt nach unten")))
                down = b;
        }
        expect(up, said("Move step up", "Schritt nach oben"));
        expect(down, said("Move step down", "Schritt nach unten"));
        e.editor.addStep("logo");
        expect(e.editor.findChild<QLineEdit *>("param-file"), said("Image file", "Bilddatei"));
        e.editor.addStep("watermark");
        expect(e.editor.findChild<QLineEdit *>("param-font"), said("Font file", "Schriftdatei"));
        auto *colour = qobject_cast<ColorButton *>(e.editor.findChild<QWidget *>("param-color"));
        expect(colour, said("Colour", "Farbe"));
        if (colour &&
            QAccessible::queryAccessibleInterface(colour)->text(QAccessible::Description) != colour->hexName())
            wrong << "the colour's description is not its value";
    });
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join("\n")));
}

// A number's slider was told to a screen reader in its own ticks: Quality's slider said 977 for a
// quality of 90 (a whole number from 1 to 100 was swept logarithmically, most of the slider low
// qualities), a blur's radius 352 for 2 px. Quality's slider now moves linearly, and every number's
// slider says the number, its range and its step, as its box does; set through the accessibility
// interface, it sets the number.
void TestEditor::aSliderSaysItsNumber()
{
    Editor e;
    e.editor.setPreset(newPreset());
    QVERIFY(e.show());
    auto *quality = e.child<QComboBox>("outputFormat")->parentWidget()->findChild<QSlider *>();
    QVERIFY(quality);
    auto *qualityBox = quality->parentWidget()->findChild<QSpinBox *>();
    QVERIFY(qualityBox);
    QCOMPARE(quality->value(), qualityBox->value()); // linear: its ticks are the qualities
    QAccessibleValueInterface *q = QAccessible::queryAccessibleInterface(quality)->valueInterface();
    QVERIFY(q);
    QCOMPARE(q->currentValue().toDouble(), double(qualityBox->value()));
    QCOMPARE(q->minimumValue().toDouble(), 1.0);
    QCOMPARE(q->maximumValue().toDouble(), 100.0);

    e.editor.addStep("blur");
    QCoreApplication::processEvents();
    auto *radiusBox = e.editor.findChild<QDoubleSpinBox *>("param-sigma");
    QVERIFY(radiusBox);
    auto *radius = radiusBox->parentWidget()->findChild<QSlider *>();
    QVERIFY(radius);
    radiusBox->setValue(2);
    QAccessibleInterface *r = QAccessible::queryAccessibleInterface(radius);
    QVERIFY(r && r->valueInterface());
    QCOMPARE(r->valueInterface()->currentValue().toDouble(), 2.0);
    QCOMPARE(r->text(QAccessible::Value), radiusBox->text());
    QCOMPARE(r->valueInterface()->maximumValue().toDouble(), 500.0);
    r->valueInterface()->setCurrentValue(15.0);
    QCOMPARE(radiusBox->value(), 15.0);
    QCOMPARE(r->valueInterface()->currentValue().toDouble(), 15.0);
}

namespace {
QString said(bool german, const char *english, const char *deutsch)
{
    return QString::fromUtf8(german ? deutsch : english);
}

// The letter of a text's Alt+letter ("&Width" -> 'w'); none: a null QChar.
QChar altLetter(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i)
        if (text[i] == '&') {
            if (text[i + 1] != '&')
                return text[i + 1].toLower();
            ++i;
        }
    return {};
}

// The Alt+letters `texts` carry, and what is wrong with them: a text without one, two with the same.
QStringList mnemonicProblems(const QStringList &texts)
{
    QStringList problems;
    QHash<QChar, QString> seen;
    for (const QString &text : texts) {
        const QChar letter = altLetter(text);
        if (letter.isNull())
            problems << QString("no Alt+letter: \"%1\"").arg(text);
        else if (seen.contains(letter))
            problems << QString("Alt+%1 twice: \"%2\" and \"%3\"").arg(letter, seen[letter], text);
        else
            seen.insert(letter, text);
    }
    return problems;
}
} // namespace

// The editor had no Alt+letter (Name, Description, Add, Remove, a step's settings, Save, Export,
// Close, the unsaved-changes question's buttons) and no Ctrl+S; in the steps list Delete and
// Ctrl+Up/Down did nothing. Each has its Alt+letter now, none twice with any step's settings shown,
// in German too; Ctrl+S saves, and the list's keys remove and move the step, as their buttons'
// tooltips say.
void TestEditor::everyControlHasItsAltLetterAndTheKeysAreSaid()
{
    QStringList problems;
    test::inEachLanguage([&](bool german, const QString &language) {
        Editor e;
        e.editor.setPreset(newPreset(), PresetEditor::Opened::AsNew);
        QVERIFY(e.show());
        QVERIFY(QTest::qWaitForWindowActive(&e.editor));
        for (const OperationSpec &op : OperationCatalog::builtin().operations()) {
            e.editor.addStep(op.name);
            QCoreApplication::processEvents();
            QStringList texts;
            for (QWidget *w : e.editor.findChildren<QWidget *>()) {
                if (!w->isVisibleTo(&e.editor))
                    continue;
                auto *label = qobject_cast<QLabel *>(w);
                auto *button = qobject_cast<QAbstractButton *>(w);
                const bool stepsSetting = e.child<QWidget>("stepForm")->isAncestorOf(w);
                if (label && label->buddy() &&
                    (stepsSetting || e.child<QLineEdit>("presetName") == label->buddy() ||
                     e.child<QLineEdit>("presetDescription") == label->buddy()))
                    texts << label->text();
                else if ((qobject_cast<QCheckBox *>(w) && stepsSetting) ||
                         (qobject_cast<QPushButton *>(w) && !stepsSetting) ||
                         (qobject_cast<QToolButton *>(w) && !button->text().isEmpty() &&
                          w->parentWidget()->inherits("QGroupBox"))) // Add, Remove
                    texts << button->text();
                else if (!altLetter(label ? label->text() : button ? button->text() : QString()).isNull())
                    texts << (label ? label->text() : button->text()); // none twice
            }
            for (const QString &problem : mnemonicProblems(texts))
                problems << QString("%1, %2: %3").arg(language, op.name, problem);
        }
        // The Add menu: a letter of its own for each operation, which chooses it while the menu is open.
        QStringList operations;
        for (QToolButton *b : e.editor.findChildren<QToolButton *>())
            if (b->menu())
                for (QAction *a : b->menu()->actions())
                    operations << a->text();
        QCOMPARE(operations.size(), OperationCatalog::builtin().operations().size());
        for (const QString &problem : mnemonicProblems(operations))
            problems << language + ", the Add menu: " + problem;
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));

        // The keys do what they say.
        e.editor.setPreset(newPreset(), PresetEditor::Opened::AsNew);
        e.editor.addStep("grayscale"); // after the selected first step: Auto-orient, Grayscale, Resize
        e.editor.selectStep(2);
        QTRY_VERIFY(e.child<QWidget>("stepForm")->isVisible());
        QTest::keyClick(&e.editor, Qt::Key_N, Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), e.child<QLineEdit>("presetName"));
        QLabel *widthLabel = nullptr;
        for (QLabel *l : e.child<QWidget>("stepForm")->findChildren<QLabel *>())
            if (l->buddy() && l->buddy()->objectName() == "param-width")
                widthLabel = l;
        QVERIFY(widthLabel);
        QVERIFY2(!altLetter(widthLabel->text()).isNull(), qPrintable(widthLabel->text()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key(altLetter(widthLabel->text()).toUpper().unicode()),
                        Qt::AltModifier);
        QCOMPARE(QApplication::focusWidget(), widthLabel->buddy());

        QListWidget *list = e.editor.stepList();
        list->setFocus();
        const auto opAt = [&e](int row) { return e.editor.draft().steps[row].value("op").toString(); };
        QCOMPARE(opAt(1), QString("grayscale"));
        e.editor.selectStep(1);
        QTest::keyClick(list, Qt::Key_Down, Qt::ControlModifier);
        QCOMPARE(opAt(2), QString("grayscale"));
        QCOMPARE(list->currentRow(), 2);
        QTest::keyClick(list, Qt::Key_Up, Qt::ControlModifier);
        QCOMPARE(opAt(1), QString("grayscale"));
        QCOMPARE(list->currentRow(), 1);
        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(e.editor.stepCount(), 2);
        QCOMPARE(opAt(1), QString("resize"));
        QCOMPARE(QApplication::focusWidget(), list);
        const auto keysOf = [](QKeySequence keys) { return keys.toString(QKeySequence::NativeText); };
        QVERIFY2(e.button(said(german, "Move the step up", "Den Schritt nach oben verschieben"))
                     ->toolTip()
                     .contains(keysOf(Qt::CTRL | Qt::Key_Up)),
                 qPrintable(language));
        QVERIFY(e.button(said(german, "Move the step down", "Den Schritt nach unten verschieben"))
                    ->toolTip()
                    .contains(keysOf(Qt::CTRL | Qt::Key_Down)));
        QVERIFY(e.button(said(german, "Remove the selected step", "Den ausgewählten Schritt entfernen"))
                    ->toolTip()
                    .contains(keysOf(Qt::Key_Delete)));
        QVERIFY(e.save()->toolTip().contains(keysOf(QKeySequence::Save)));
        // A screen reader says each control's Alt+letter, and one control's only: the Steps group's
        // title gave its letter to Move step up and down, which Alt+T never reaches.
        for (const QString &twice : test::altLettersSaidTwice(&e.editor))
            problems << language + ": " + twice;

        // The question before changes are dropped: its buttons have theirs.
        QTest::keyClicks(e.child<QLineEdit>("presetDescription"), "keys");
        {
            Prompt cancel(QMessageBox::Cancel);
            e.editor.close();
            QVERIFY(cancel.shown);
            QCOMPARE(cancel.buttonTexts.size(), 3);
            for (const QString &problem : mnemonicProblems(cancel.buttonTexts))
                problems << language + ", the question: " + problem;
        }
        QVERIFY(e.library.find(e.editor.draft().name) == nullptr);
        e.editor.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&e.editor));
        QVERIFY(e.save()->isEnabled());
        QTest::keyClick(list, Qt::Key_S, Qt::ControlModifier);
        QVERIFY(e.library.find(e.editor.draft().name));
        QVERIFY(!e.editor.isWindowModified());
    });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

// The queue's card menu had no Alt+letter for "Open the result" and "Show the output in its folder".
void TestEditor::theQueuesCardMenuHasItsAltLetters()
{
    QStringList problems;
    test::inEachLanguage([&](bool, const QString &language) {
        test::WindowFixture f(1);
        MainWindow *w = f.shown();
        QVERIFY(w);
        test::makeImage(f.path("in"), "a.jpg", 60, 40);
        QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
        QueueModel *q = w->queueModel();
        QSignalSpy finished(w, &MainWindow::batchFinished);
        QVERIFY(w->startBatch({q->itemAt(0).uid}));
        QVERIFY(finished.wait(60000));
        QCOMPARE(q->itemAt(0).state, ItemState::Done);
        QueueView *view = w->queueView();
        view->selectionModel()->select(q->index(0), QItemSelectionModel::ClearAndSelect);
        emit view->customContextMenuRequested(view->visualRect(q->index(0)).center());
        QMenu *menu = nullptr;
        QTRY_VERIFY((menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())));
        QStringList texts;
        for (QAction *a : menu->actions())
            if (!a->isSeparator() && a->isVisible())
                texts << a->text();
        QVERIFY2(texts.size() >= 8, qPrintable(texts.join(", ")));
        for (const QString &problem : mnemonicProblems(texts))
            problems << language + ": " + problem;
        menu->close();
    });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

// A 300-character name was taken, and the status line said '"name" must be non-empty text of at
// most 100 characters' (the preset file's key, and "non-empty" of a name that was not), in German
// too. The field takes 100 characters; more typed or pasted is cut where it goes past, and so is a
// description past the 1000 characters a preset keeps.
void TestEditor::theNameTakesAtMostAHundredCharacters()
{
    Editor e;
    e.editor.setPreset(newPreset(), PresetEditor::Opened::AsNew);
    QVERIFY(e.show());
    auto *name = e.child<QLineEdit>("presetName");
    name->selectAll();
    name->insert(QString(300, 'n')); // pasted
    QCOMPARE(name->text(), QString(100, 'n'));
    QCOMPARE(e.editor.draft().name, QString(100, 'n'));
    QCOMPARE(e.editor.validate(), QString());
    QVERIFY(e.save()->isEnabled());
    QTest::keyClicks(name, "x"); // typed at the end: refused
    QCOMPARE(name->text(), QString(100, 'n'));
    // Pasted inside: what fits of it is kept, the text after it too.
    name->setCursorPosition(10);
    name->backspace();
    name->insert("ABCDE");
    QCOMPARE(name->text(), QString(9, 'n') + "A" + QString(90, 'n'));
    QCOMPARE(name->cursorPosition(), 10);
    auto *description = e.child<QLineEdit>("presetDescription");
    description->insert(QString(1200, 'd'));
    QCOMPARE(e.editor.draft().description, QString(1000, 'd'));
    QVERIFY2(!e.statusText().contains("\"name\""), qPrintable(e.statusText()));
    QString error;
    QVERIFY2(e.editor.save(&error), qPrintable(error));
    QCOMPARE(e.library.find(name->text())->preset.description, QString(1000, 'd'));
}

// In German the field a step's error names came in straight quotes beside the template's own:
// 'Schritt 14 (Logo): "Bilddatei" ist ein relativer Pfad („logo.png“)', and the steps list read
// 'Text-Wasserzeichen: "© PixelPool"'. Both quote as German does now; English keeps its quotes.
void TestEditor::germanQuotesTheFieldAndTheWatermarkText()
{
    test::inEachLanguage([&](bool german, const QString &) {
        Editor e;
        Preset p = newPreset();
        p.steps << step({{"op", "watermark"}, {"text", "© PixelPool"}});
        e.editor.setPreset(p);
        QVERIFY(e.show());
        e.editor.selectStep(2);
        e.editor.addStep("logo"); // after the watermark
        auto *path = e.editor.findChild<QLineEdit *>("param-file");
        QTest::keyClicks(path, "logo.png");
        QCOMPARE(e.editor.validate(),
                 said(german,
                      "Step 4 (Logo): \"Image file\" is a relative path (\"logo.png\"); only a preset "
                      "file's paths may be relative (to its folder)",
                      "Schritt 4 (Logo): „Bilddatei“ ist ein relativer Pfad („logo.png“); nur die Pfade einer "
                      "Voreinstellungsdatei dürfen relativ sein (zu ihrem Ordner)"));
        QCOMPARE(e.editor.stepList()->item(2)->text(),
                 said(german, "3.  Text watermark: \"© PixelPool\", bottom right, 5%",
                      "3.  Text-Wasserzeichen: „© PixelPool“, unten rechts, 5%"));
    });
}

// "If the file exists: add a number (photo (2).jpg)" kept ".jpg" with the format WebP, while the file
// name's example beside it said IMG_0042.webp.
void TestEditor::addANumbersExampleHasTheFormatsExtension()
{
    Editor e;
    e.editor.setPreset(newPreset());
    QComboBox *format = e.child<QComboBox>("outputFormat");
    QComboBox *overwrite = e.child<QComboBox>("overwritePolicy");
    QVERIFY(format && overwrite);
    const auto choice = [&] { return overwrite->itemText(overwrite->findData(int(OverwritePolicy::Rename))); };
    QCOMPARE(choice(), QString("add a number (photo (2).jpg)"));
    for (const auto &[f, ext] : {std::pair{OutputFormat::Webp, "webp"}, std::pair{OutputFormat::Png, "png"},
                                 std::pair{OutputFormat::Jxl, "jxl"}, std::pair{OutputFormat::Jpeg, "jpg"}}) {
        format->setCurrentIndex(format->findData(int(f)));
        QCOMPARE(choice(), QString("add a number (photo (2).%1)").arg(ext));
        QVERIFY2(e.child<QLabel>("nameExample")->text().endsWith(QString("IMG_0042.%1").arg(ext)),
                 qPrintable(e.child<QLabel>("nameExample")->text()));
    }
}

// Remove took a step away at once, and nothing brought it back: its settings (a Resize's 1234 px)
// had to be made again. Ctrl+Z in the editor brings back the step removed last, where it was and
// with its settings, once per removed step.
void TestEditor::ctrlZBringsBackARemovedStep()
{
    Editor e;
    Preset p = newPreset();
    p.steps[1] = step({{"op", "resize"}, {"width", 1234}, {"height", 987}});
    p.steps << step({{"op", "grayscale"}});
    e.editor.setPreset(p);
    QVERIFY(e.show());
    QVERIFY(QTest::qWaitForWindowActive(&e.editor));
    const Preset opened = e.editor.draft();
    QListWidget *list = e.editor.stepList();
    list->setFocus();
    e.editor.selectStep(1);
    QTest::keyClick(list, Qt::Key_Delete); // the Resize
    QTest::keyClick(list, Qt::Key_Delete); // the Grayscale, at its place now
    QCOMPARE(e.editor.stepCount(), 1);
    QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(e.editor.stepCount(), 2);
    QCOMPARE(e.editor.draft().steps[1].value("op").toString(), QString("grayscale"));
    QCOMPARE(list->currentRow(), 1);
    QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(e.editor.draft().steps, opened.steps); // where it was, 1234×987
    QCOMPARE(e.stepTitle(), QString("2. Resize"));
    QVERIFY(!e.editor.hasUnsavedChanges());
    QVERIFY(!e.editor.isWindowModified());
    QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier); // nothing more to bring back
    QCOMPARE(e.editor.draft().steps, opened.steps);

    // With the Remove button, and Ctrl+Z from wherever the keyboard is but a text field.
    QToolButton *remove = e.button("Remove the selected step");
    QVERIFY(remove);
    QVERIFY2(remove->toolTip().contains(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)),
             qPrintable(remove->toolTip()));
    e.editor.selectStep(0);
    remove->click();
    QCOMPARE(e.editor.stepCount(), 2);
    auto *format = e.child<QComboBox>("outputFormat");
    format->setFocus();
    QTest::keyClick(format, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(e.editor.draft().steps, opened.steps);
    // In the name Ctrl+Z undoes the typing, not a removal.
    e.editor.removeStep(2);
    auto *name = e.child<QLineEdit>("presetName");
    name->setFocus();
    QTest::keyClicks(name, "x");
    QTest::keyClick(name, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(name->text(), opened.name);
    QCOMPARE(e.editor.stepCount(), 2);
    // Another preset opened: the steps removed from this one stay removed.
    e.editor.setPreset(newPreset());
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(e.editor.stepCount(), 2);
}

// What was not valid was said only in the status line, and only the first of several steps: the
// list and the form showed nothing. Each step that is not valid now has a mark in the list and says
// why in its tooltip, the status line says how many there are, and the selected step's setting that
// is wrong is marked and says why (its tooltip, which a screen reader reads), until it is mended.
void TestEditor::theInvalidStepsAndSettingAreMarked()
{
    Editor e;
    e.editor.setPreset(newPreset());
    QVERIFY(e.show());
    e.editor.selectStep(1);
    e.editor.addStep("watermark"); // row 2
    auto *text = e.editor.findChild<QLineEdit *>("param-text");
    QVERIFY(text);
    const QColor normal = text->palette().color(QPalette::Base);
    text->selectAll();
    QTest::keyClick(text, Qt::Key_Delete);
    e.editor.addStep("logo"); // row 3, no file yet
    QListWidget *list = e.editor.stepList();
    QCOMPARE(list->count(), 4);
    const auto marked = [list](int row) { return list->item(row)->data(PresetEditor::kInvalidRole).toBool(); };
    QVERIFY(!marked(0) && !marked(1) && marked(2) && marked(3));
    QVERIFY(list->item(2)->icon().cacheKey() != list->item(0)->icon().cacheKey()); // a warning sign
    QVERIFY2(list->item(2)->toolTip().contains("\"Text\" must have some text to draw"),
             qPrintable(list->item(2)->toolTip()));
    QVERIFY2(list->item(3)->toolTip().contains("\"Image file\" must name a file"),
             qPrintable(list->item(3)->toolTip()));
    QVERIFY2(e.statusText().startsWith("Step 3 (Text watermark): ") &&
                 e.statusText().contains("(2 steps are not valid: each is marked in the list.)"),
             qPrintable(e.statusText()));

    // The logo is selected: its path is marked, the other settings not.
    auto *path = e.editor.findChild<QLineEdit *>("param-file");
    QVERIFY(path->palette().color(QPalette::Base) != normal);
    QVERIFY2(QAccessible::queryAccessibleInterface(path)->text(QAccessible::Description).contains("must name a file"),
             qPrintable(path->toolTip()));
    auto *position = e.editor.findChild<QComboBox *>("param-position");
    QVERIFY(position && !position->property("ppInvalid").toBool() && position->toolTip().isEmpty());
    // The watermark selected: its text is marked.
    e.editor.selectStep(2);
    text = e.editor.findChild<QLineEdit *>("param-text");
    QVERIFY(text->palette().color(QPalette::Base) != normal);
    QVERIFY2(text->toolTip().contains("must have some text to draw"), qPrintable(text->toolTip()));
    QTest::keyClicks(text, "© 2026"); // mended: the marks go
    QCOMPARE(text->palette().color(QPalette::Base), normal);
    QVERIFY(text->toolTip().isEmpty());
    QVERIFY(!marked(2));
    QCOMPARE(list->item(2)->icon().cacheKey(), list->item(0)->icon().cacheKey());
    QVERIFY2(e.statusText().startsWith("Step 4 (Logo): ") && !e.statusText().contains("steps are not valid"),
             qPrintable(e.statusText()));
}

namespace {
// The rows of the editor's Output form that are a setting: the text that names it (its label's, or a
// check box's own) and the control its Alt+letter goes to (a label's buddy; none: null).
QList<QPair<QString, QWidget *>> outputSettings(PresetEditor &editor)
{
    QList<QPair<QString, QWidget *>> rows;
    auto *form = qobject_cast<QFormLayout *>(editor.findChild<QComboBox *>("outputFormat")->parentWidget()->layout());
    if (!form)
        return rows;
    for (int row = 0; row < form->rowCount(); ++row) {
        const auto widgetAt = [form, row](QFormLayout::ItemRole role) {
            QLayoutItem *item = form->itemAt(row, role);
            return item ? item->widget() : nullptr;
        };
        auto *label = qobject_cast<QLabel *>(widgetAt(QFormLayout::LabelRole));
        auto *check = qobject_cast<QCheckBox *>(widgetAt(QFormLayout::FieldRole));
        if (!check)
            check = qobject_cast<QCheckBox *>(widgetAt(QFormLayout::SpanningRole));
        if (label && !label->text().isEmpty())
            rows.append({label->text(), label->buddy()});
        else if (check)
            rows.append({check->text(), check});
    }
    return rows;
}

// Every Alt+letter the editor's controls carry (labels with a buddy, buttons, group titles).
QString lettersTaken(PresetEditor &editor)
{
    QString letters;
    for (QWidget *w : editor.findChildren<QWidget *>()) {
        QChar letter;
        if (auto *label = qobject_cast<QLabel *>(w); label && label->buddy())
            letter = altLetter(label->text());
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            letter = altLetter(button->text());
        else if (auto *group = qobject_cast<QGroupBox *>(w))
            letter = altLetter(group->title());
        if (!letter.isNull())
            letters += letter;
    }
    return letters;
}
} // namespace

// An Alt+letter that no control has was typed into the field with the keyboard as text: Alt+F made a
// new preset's name "f" (in German Alt+O and Alt+F made it "of"). It does nothing now, in any field
// of the editor, in German too.
void TestEditor::anAltLetterNoControlHasTypesNothing()
{
    test::inEachLanguage([&](bool, const QString &language) {
        Editor e;
        Preset p = newPreset();
        p.steps << step({{"op", "watermark"}, {"text", "PixelPool"}});
        e.editor.setPreset(p, PresetEditor::Opened::AsNew);
        QVERIFY(e.show());
        QVERIFY(QTest::qWaitForWindowActive(&e.editor));
        e.editor.selectStep(2);
        const QString taken = lettersTaken(e.editor);
        QString free;
        for (char c = 'a'; c <= 'z'; ++c)
            if (!taken.contains(QLatin1Char(c)))
                free += QLatin1Char(c);
        QVERIFY2(!free.isEmpty(), qPrintable(language + ": every letter is taken"));
        QList<QLineEdit *> fields{e.child<QLineEdit>("presetName"), e.child<QLineEdit>("presetDescription"),
                                  e.child<QLineEdit>("nameTemplate"), e.editor.findChild<QLineEdit *>("param-text")};
        for (QLineEdit *field : fields) {
            QVERIFY(field);
            field->setFocus();
            QCOMPARE(QApplication::focusWidget(), field);
            const QString before = field->text();
            for (QChar letter : free) {
                QTest::keyClick(field, Qt::Key(letter.toUpper().unicode()), Qt::AltModifier);
                QTest::keyClick(field, Qt::Key(letter.toUpper().unicode()), Qt::AltModifier | Qt::ShiftModifier);
            }
            QVERIFY2(field->text() == before,
                     qPrintable(QString("%1: Alt+%2 made \"%3\" \"%4\"").arg(language, free, before, field->text())));
            QCOMPARE(QApplication::focusWidget(), field);
        }
        // Typed without Alt, a letter is still text.
        QTest::keyClick(fields[0], Qt::Key_X);
        QCOMPARE(fields[0]->text(), QString("my presetx"));
    });
}

// A screen reader could not tell what the Folder's path and Quality's number are: the Folder label had
// no buddy, and Quality's was the row's frame (named "Quality:"), not its number. Each output setting's
// label is now its control's buddy, so the control is labelled by it, and named by it, in German too.
// Quality's number was not labelled by it (in a frame with its slider, the label was no sibling of
// it), and a choice was named by the item it showed: both are now, as every other setting.
void TestEditor::theOutputSettingsAreLabelledByTheirLabels()
{
    QStringList wrong;
    test::inEachLanguage([&](bool german, const QString &language) {
        Editor e;
        e.editor.setPreset(newPreset(), PresetEditor::Opened::AsNew);
        QVERIFY(e.show());
        const auto labelsOf = [](QWidget *w) {
            QStringList labels;
            for (const auto &[other, relation] :
                 QAccessible::queryAccessibleInterface(w)->relations(QAccessible::Label))
                labels << other->text(QAccessible::Name);
            return labels;
        };
        QSet<QWidget *> labelled;
        for (const auto &[text, control] : outputSettings(e.editor)) {
            if (!control) {
                wrong << QString("%1: \"%2\" labels nothing").arg(language, text);
                continue;
            }
            labelled << control;
            if (qobject_cast<QCheckBox *>(control))
                continue; // named by its own text
            QStringList labelNames;
            for (const QString &l : labelsOf(control))
                labelNames << fieldName(l);
            if (!labelNames.contains(fieldName(text)))
                wrong << QString("%1: %2 is labelled by %3, not \"%4\"")
                             .arg(language, control->metaObject()->className(), labelsOf(control).join(", "), text);
            const QString name = QAccessible::queryAccessibleInterface(control)->text(QAccessible::Name);
            if (name != fieldName(text))
                wrong << QString("%1: %2 named \"%3\", not \"%4\"")
                             .arg(language, control->metaObject()->className(), name, fieldName(text));
        }
        QLineEdit *folder = nullptr;
        for (QLineEdit *l : e.editor.findChildren<QLineEdit *>())
            if (l->placeholderText() == said(german, "the window's output folder", "der Ausgabeordner des Fensters"))
                folder = l;
        QVERIFY(folder);
        QVERIFY2(labelled.contains(folder), qPrintable(language + ": the Folder label's control is not the path"));
        QCOMPARE(fieldName(labelsOf(folder).value(0)), said(german, "Folder", "Ordner"));
        QCOMPARE(QAccessible::queryAccessibleInterface(folder)->text(QAccessible::Name),
                 said(german, "Folder", "Ordner"));
        auto *quality = e.child<QComboBox>("outputFormat")->parentWidget()->findChild<QSpinBox *>();
        QVERIFY(quality);
        QVERIFY2(labelled.contains(quality), qPrintable(language + ": the Quality label's control is not its number"));
        for (const auto &[object, english, deutsch] : QList<std::tuple<const char *, const char *, const char *>>{
                 {"outputFormat", "Format", "Format"},
                 {"overwritePolicy", "If the file exists", "Wenn die Datei existiert"},
                 {"tiffCompression", "TIFF compression", "TIFF-Kompression"},
                 {"metadataPolicy", "Metadata", "Metadaten"},
                 {"colourPolicy", "Colours", "Farben"},
                 {"rawMode", "Camera RAW", "Kamera-RAW"}}) {
            QStringList names;
            for (const QString &l : labelsOf(e.editor.findChild<QWidget *>(QLatin1String(object))))
                names << fieldName(l);
            if (!names.contains(said(german, english, deutsch)))
                wrong << QString("%1: %2 is labelled by %3").arg(language, object, names.join(", "));
        }
    });
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join("\n")));
}

// "Steps (drag to reorder)" has Alt+T, and it took the keyboard to the Move-step-down button (or the
// step button last pressed), not to the steps list. It goes to the list now, in German too.
void TestEditor::altTGoesToTheStepsList()
{
    test::inEachLanguage([&](bool, const QString &language) {
        Editor e;
        e.editor.setPreset(newPreset(), PresetEditor::Opened::AsNew);
        QVERIFY(e.show());
        QVERIFY(QTest::qWaitForWindowActive(&e.editor));
        auto *name = e.child<QLineEdit>("presetName");
        QToolButton *down =
            e.button(said(language == "German", "Move the step down", "Den Schritt nach unten verschieben"));
        QVERIFY(down);
        for (QWidget *before : {static_cast<QWidget *>(name), static_cast<QWidget *>(down)}) {
            before->setFocus();
            name->setFocus();
            QTest::keyClick(name, Qt::Key_T, Qt::AltModifier);
            QVERIFY2(QApplication::focusWidget() == e.editor.stepList(),
                     qPrintable(QString("%1: Alt+T took the keyboard to %2")
                                    .arg(language, QApplication::focusWidget()->metaObject()->className())));
        }
        QCOMPARE(name->text(), QString("my preset"));
    });
}

namespace {
// The control of a setting of `kind` that takes what is typed or chosen: a number's box (not its slider),
// a path or a text, a choice, a check box, a colour's button.
bool takesTheSetting(ParamSpec::Kind kind, QWidget *w)
{
    using K = ParamSpec::Kind;
    switch (kind) {
    case K::Int:
        return qobject_cast<QSpinBox *>(w);
    case K::Double:
        return qobject_cast<QDoubleSpinBox *>(w);
    case K::Bool:
        return qobject_cast<QCheckBox *>(w);
    case K::Choice:
        return qobject_cast<QComboBox *>(w);
    case K::Color:
        return qobject_cast<ColorButton *>(w);
    case K::Text:
    case K::File:
        return qobject_cast<QLineEdit *>(w) && !qobject_cast<QAbstractSpinBox *>(w->parentWidget());
    }
    return false;
}

// What row `row` of `form` holds beside its label: its field, or the controls its layout lays out, and
// what they hold.
QList<QWidget *> fieldsOfRow(QFormLayout *form, int row)
{
    QLayoutItem *item = form->itemAt(row, QFormLayout::FieldRole);
    QList<QWidget *> widgets;
    if (item && item->widget())
        widgets << item->widget();
    for (int i = 0; item && item->layout() && i < item->layout()->count(); ++i)
        if (QWidget *w = item->layout()->itemAt(i)->widget())
            widgets << w;
    for (QWidget *w : QList<QWidget *>(widgets))
        widgets << w->findChildren<QWidget *>();
    return widgets;
}
} // namespace

// A step's number and path sat in a frame of their own with their slider or Browse…, where Qt does not
// find their label (it looks among a field's siblings): a screen reader was told neither the label's
// Alt+letter nor that the label labels them. A choice was named by the item it showed ("fit within",
// not "Mode") and said Down for its key. For every setting of every operation of the catalogue, in each
// of its modes, in German too: the label's Alt+letter, pressed in the editor, takes the keyboard to
// the control that takes the setting (the box, not the slider; the path, not Browse…), and that control
// is named by the label (without its "&" and colon), says the Alt+letter and is labelled by the label.
void TestEditor::everyStepsSettingTakesItsAltLetterAndIsNamedByItsLabel()
{
    QStringList wrong;
    QSet<int> kindsTried, kinds;
    test::inEachLanguage([&](bool, const QString &language) {
        Editor e;
        e.editor.setPreset(newPreset(), PresetEditor::Opened::AsNew);
        QVERIFY(e.show());
        QVERIFY(QTest::qWaitForWindowActive(&e.editor));
        auto *name = e.child<QLineEdit>("presetName");
        for (const OperationSpec &op : OperationCatalog::builtin().operations()) {
            e.editor.addStep(op.name);
            QCoreApplication::processEvents(); // the new form shown
            QWidget *stepForm = e.child<QWidget>("stepForm");
            auto *form = qobject_cast<QFormLayout *>(stepForm->layout());
            QVERIFY(form);
            auto *mode = stepForm->findChild<QComboBox *>("param-mode");
            QSet<QString> tried;
            for (int m = 0; m < (mode ? mode->count() : 1); ++m) {
                if (mode)
                    mode->setCurrentIndex(m);
                for (int row = 0; row < op.params.size(); ++row) {
                    const ParamSpec &p = op.params[row];
                    kinds << int(p.kind);
                    const QList<QWidget *> fields = fieldsOfRow(form, row);
                    if (fields.isEmpty() || !fields[0]->isVisibleTo(&e.editor) || tried.contains(p.key))
                        continue;
                    tried << p.key;
                    kindsTried << int(p.kind);
                    const QString where = QString("%1, %2.%3").arg(language, op.name, p.key);
                    QWidget *field = nullptr;
                    for (QWidget *w : fields)
                        if (takesTheSetting(p.kind, w))
                            field = w;
                    auto *label = qobject_cast<QLabel *>(form->itemAt(row, QFormLayout::LabelRole)
                                                             ? form->itemAt(row, QFormLayout::LabelRole)->widget()
                                                             : nullptr);
                    auto *check = qobject_cast<QCheckBox *>(field);
                    const QString text = check ? check->text() : label ? label->text() : QString();
                    const QChar letter = altLetter(text);
                    if (!field || letter.isNull()) {
                        wrong << QString("%1: no field or no Alt+letter (\"%2\")").arg(where, text);
                        continue;
                    }
                    // A colour's button is pressed by its label's Alt+letter, as a button by its own: its
                    // dialog opens, and is closed here.
                    bool dialogShown = false;
                    QTimer closeDialog;
                    closeDialog.setInterval(10);
                    QObject::connect(&closeDialog, &QTimer::timeout, &closeDialog, [&] {
                        if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget())) {
                            dialogShown = true;
                            dialog->reject();
                        }
                    });
                    closeDialog.start();
                    name->setFocus();
                    QTest::keyClick(&e.editor, Qt::Key(letter.toUpper().unicode()), Qt::AltModifier);
                    QWidget *focus = QApplication::focusWidget();
                    if (focus != field)
                        wrong << QString("%1: Alt+%2 took the keyboard to %3 \"%4\", not to the %5")
                                     .arg(where, letter, focus ? focus->metaObject()->className() : "nothing",
                                          focus ? focus->objectName() : QString(), field->metaObject()->className());
                    if (p.kind == ParamSpec::Kind::Color) {
                        QTRY_VERIFY2(dialogShown, qPrintable(where));
                        e.editor.activateWindow();
                        QVERIFY(QTest::qWaitForWindowActive(&e.editor));
                    }
                    QAccessibleInterface *a = QAccessible::queryAccessibleInterface(field);
                    const QString keys =
                        QKeySequence(Qt::ALT | Qt::Key(letter.toUpper().unicode())).toString(QKeySequence::NativeText);
                    if (a->text(QAccessible::Name) != fieldName(text))
                        wrong << QString("%1: %2 named \"%3\", not \"%4\"")
                                     .arg(where, field->metaObject()->className(), a->text(QAccessible::Name),
                                          fieldName(text));
                    if (a->text(QAccessible::Accelerator).compare(keys, Qt::CaseInsensitive) !=
                        0) // "Alt+w" as "&width"
                        wrong << QString("%1: %2 says \"%3\" for its keys, not %4")
                                     .arg(where, field->metaObject()->className(), a->text(QAccessible::Accelerator),
                                          keys);
                    bool labelled = check != nullptr; // labelled by its own text
                    for (const auto &[other, relation] : a->relations(QAccessible::Label))
                        labelled = labelled || other->object() == label;
                    if (!labelled)
                        wrong << QString("%1: %2 is not labelled by \"%3\"")
                                     .arg(where, field->metaObject()->className(), text);
                }
            }
        }
    });
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join("\n")));
    QCOMPARE(kindsTried, kinds); // every kind of setting the catalogue has was tried
}

int main(int argc, char **argv)
{
    QTemporaryDir dir;
    QFile config(dir.filePath("screen.json"));
    if (!config.open(QIODevice::WriteOnly))
        qFatal("cannot write the screen configuration");
    config.write(QString(R"({"screens": [{"name": "screen0", "x": %1, "y": %2, "width": %3, "height": %4, )"
                         R"("logicalDpi": 96}]})")
                     .arg(kScreen.x())
                     .arg(kScreen.y())
                     .arg(kScreen.width())
                     .arg(kScreen.height())
                     .toUtf8());
    config.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(config.fileName()));
    QApplication app(argc, argv);
    TestEditor t;
    return QTest::qExec(&t, argc, argv);
}

// After a step was chosen from the Add menu the keys were in the Name field, at the top (the
// keyboard QA pass): a keyboard user went back down through the list to set the step up. They go to
// the new step: its first setting, or the steps list on it when it has none.
void TestEditor::aStepAddedFromTheKeyboardHasTheKeys()
{
    Editor e;
    QVERIFY(e.showWithoutSteps());
    e.editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&e.editor));
    QToolButton *add = nullptr;
    for (QToolButton *b : e.editor.findChildren<QToolButton *>())
        if (b->text() == "&Add")
            add = b;
    QVERIFY(add && add->menu());
    // The menu opened by Space on Add, its operation chosen with the keys: Down until it is the
    // active one, then Return, as a keyboard user does.
    const auto addFromTheMenu = [&](const QString &title) {
        add->setFocus(Qt::TabFocusReason);
        QTimer choose;
        choose.setInterval(10);
        bool chosen = false;
        QObject::connect(&choose, &QTimer::timeout, &choose, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            // The offscreen platform gives a shown menu the focus later, as an event: taken while the menu
            // is open, where Qt sets it aside. Taken after, it made the closed menu the active window.
            if (!menu || QGuiApplication::focusWindow() != menu->windowHandle())
                return;
            choose.stop();
            for (int i = 0; i < menu->actions().size() &&
                            (!menu->activeAction() || menu->activeAction()->text().remove(u'&') != title);
                 ++i)
                QTest::keyClick(menu, Qt::Key_Down);
            chosen = menu->activeAction() && menu->activeAction()->text().remove(u'&') == title;
            QTest::keyClick(menu, chosen ? Qt::Key_Return : Qt::Key_Escape);
        });
        choose.start();
        QTest::keyClick(add, Qt::Key_Space); // the menu's own loop runs the timer until it closes
        return chosen && !QApplication::activePopupWidget();
    };
    const auto firstSetting = [&]() -> QWidget * {
        auto *form = e.editor.findChild<QWidget *>("stepForm");
        for (QWidget *w : form ? form->findChildren<QWidget *>() : QList<QWidget *>())
            if ((w->focusPolicy() & Qt::TabFocus) && !w->focusProxy() && w->isVisibleTo(&e.editor))
                return w;
        return nullptr;
    };

    QVERIFY(addFromTheMenu("Gaussian blur"));
    QCOMPARE(e.editor.stepCount(), 1);
    QCOMPARE(e.stepTitle(), QString("1. Gaussian blur"));
    QWidget *blurFirst = nullptr;
    QTRY_VERIFY((blurFirst = firstSetting())); // the new form is shown by its layout, on the next turn
    QTRY_COMPARE(QApplication::focusWidget(), blurFirst);

    // A step without settings: the list has the keys, on it.
    QVERIFY(addFromTheMenu("Grayscale"));
    QCOMPARE(e.editor.stepCount(), 2);
    QCOMPARE(e.stepTitle(), QString("2. Grayscale"));
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(e.editor.stepList()));
    QVERIFY(!firstSetting());
    QCOMPARE(e.editor.stepList()->currentRow(), 1);
}

#include "tst_gui_editor.moc"
