#include "PresetEditor.h"

#include "ChoiceAccessible.h"
#include "Contrast.h"
#include "ElidedLabel.h"
#include "FailureText.h"
#include "Translations.h"
#include "FolderDialog.h"
#include "Icons.h"
#include "ImageCodec.h"
#include "OperationCatalog.h"
#include "OutputPlanner.h"
#include "ParamWidgets.h"
#include "PresetLibraryModel.h"
#include "PreviewPane.h"
#include "WindowFit.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace pp::gui {

namespace {

// The formats written lossy or lossless as the preset says (PNG, TIFF and BMP are always lossless,
// JPEG never).
bool hasLosslessChoice(OutputFormat f)
{
    return f == OutputFormat::Webp || f == OutputFormat::Jxl || f == OutputFormat::Avif;
}

// A written format's name as docs/formats.md and the engine's messages give it: formatLabel() of the
// same format read. The list upper-cased the preset file's name, "WEBP".
QString formatTitle(OutputFormat f)
{
    switch (f) {
    case OutputFormat::Jpeg:
        return QLatin1String(formatLabel(ImageFormat::Jpeg));
    case OutputFormat::Png:
        return QLatin1String(formatLabel(ImageFormat::Png));
    case OutputFormat::Webp:
        return QLatin1String(formatLabel(ImageFormat::Webp));
    case OutputFormat::Tiff:
        return QLatin1String(formatLabel(ImageFormat::Tiff));
    case OutputFormat::Bmp:
        return QLatin1String(formatLabel(ImageFormat::Bmp));
    case OutputFormat::Jxl:
        return QLatin1String(formatLabel(ImageFormat::Jxl));
    case OutputFormat::Avif:
        return QLatin1String(formatLabel(ImageFormat::Avif));
    case OutputFormat::Keep:
        break;
    }
    return PresetEditor::tr("same as the input");
}

QToolButton *smallButton(const char *iconName, const QString &text, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setIcon(icon(iconName));
    b->setText(text);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    return b;
}

// A message that can be long (an unknown placeholder's error lists every known one): it wraps and
// asks for no width of its own. One red line that asked for its whole width once widened the
// editor past a 1400 px screen, with Save and Close off it, and the editor stayed that wide.
class MessageLabel : public QLabel
{
public:
    explicit MessageLabel(QWidget *parent) : QLabel(parent)
    {
        setWordWrap(true);
        QSizePolicy policy = sizePolicy(); // keeps the height-for-width that word wrap sets
        policy.setHorizontalPolicy(QSizePolicy::Ignored);
        setSizePolicy(policy);
    }
    // As tall as its lines at the width it has: a form layout gives a row its hint's height, and
    // QLabel's hint guesses a narrower label, which left a one-line example in a row of two.
    QSize sizeHint() const override { return atOwnWidth(QLabel::sizeHint()); }
    QSize minimumSizeHint() const override { return atOwnWidth(QLabel::minimumSizeHint()); }

protected:
    void resizeEvent(QResizeEvent *e) override
    {
        QLabel::resizeEvent(e);
        if (e->oldSize().width() != e->size().width())
            updateGeometry();
    }

private:
    QSize atOwnWidth(QSize hint) const
    {
        if (width() > 0)
            hint.setHeight(heightForWidth(width()));
        return hint;
    }
};

// A column that scrolls up and down only: as wide as its contents need at least (they are never cut
// at its edge nor scrolled sideways), its height whatever the editor gives it.
class SettingsColumn : public QScrollArea
{
public:
    explicit SettingsColumn(QWidget *parent) : QScrollArea(parent)
    {
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }
    QSize minimumSizeHint() const override
    {
        QSize size = QScrollArea::minimumSizeHint();
        if (widget())
            size.setWidth(widget()->minimumSizeHint().width() + scrollBarRoom());
        return size;
    }
    QSize sizeHint() const override
    {
        QSize size = QScrollArea::sizeHint();
        if (widget())
            size = widget()->sizeHint() + QSize(scrollBarRoom(), 0);
        return size;
    }

protected:
    bool event(QEvent *e) override
    {
        // The contents' minimum changed (another step's form, a language): the column's follows.
        if (e->type() == QEvent::LayoutRequest)
            updateGeometry();
        return QScrollArea::event(e);
    }
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (o == widget() && e->type() == QEvent::LayoutRequest)
            updateGeometry();
        return QScrollArea::eventFilter(o, e);
    }

private:
    // Room for the vertical scroll bar, shown or not: its coming cannot cut the contents.
    int scrollBarRoom() const { return style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this) + 2; }
};

// The outputs of `p` that may be written over their own source images: their names, or one empty
// name for a preset without `outputs`; empty when none may.
QStringList outputsReplacingSources(const Preset &p)
{
    QStringList names;
    for (const PresetOutput &o : p.targets())
        if (o.output.allowOverwriteSource)
            names << (o.name.isEmpty() ? QString() : QStringLiteral("\"%1\"").arg(o.name));
    return names;
}

// "If the file exists: add a number", its example with the extension `format` writes: it said
// "photo (2).jpg" for WebP, while the file name's example beside it said IMG_0042.webp.
QString renameChoice(OutputFormat format)
{
    const QString written =
        OutputPlanner::example(QStringLiteral("{name}.{ext}"), {}, QStringLiteral("photo.jpg"), format);
    return PresetEditor::tr("add a number (photo (2).%1)").arg(QFileInfo(written).suffix());
}

} // namespace

PresetEditor::PresetEditor(PresetLibraryModel *library, QWidget *parent) : QDialog(parent), m_library(library)
{
    tellChoicesByTheirLabels(); // a step's choices and the output's, named by their labels
    setWindowTitle(tr("Preset editor") + QStringLiteral("[*]")); // "*" while there are unsaved changes
    setObjectName("presetEditor");
    resize(1180, 780); // on a 1400×950 screen a text watermark's settings and the output's all in view
    // Smaller, the columns scroll (inside an 800×600 screen still); the smallest leaves the settings
    // column room for several rows, where a 120-pixel-high editor showed half a line edit.
    setMinimumSize(640, 440);

    // Left: name and the pipeline.
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *identity = new QFormLayout;
    m_name = new QLineEdit(left);
    m_name->setObjectName("presetName");
    // As long as a preset's name may be (Preset::fromJson): the 101st character is not taken, where
    // the field took 300 and the status line said '"name" must be non-empty text of at most 100 characters'.
    limitCharacters(m_name, Preset::kMaxNameCharacters);
    m_description = new QLineEdit(left);
    m_description->setObjectName("presetDescription");
    limitCharacters(m_description, Preset::kMaxDescriptionCharacters); // a longer one was cut when read again
    identity->addRow(tr("&Name:"), m_name);
    identity->addRow(tr("&Description:"), m_description);
    nameFieldsByTheirLabels(identity);
    leftLayout->addLayout(identity);
    auto *stepsBox = new QGroupBox(tr("S&teps (drag to reorder)"), left);
    auto *stepsLayout = new QVBoxLayout(stepsBox);
    m_steps = new QListWidget(stepsBox);
    m_steps->setObjectName("stepList");
    m_steps->setAccessibleName(tr("Steps"));
    m_steps->setDragDropMode(QAbstractItemView::InternalMove);
    m_steps->setDefaultDropAction(Qt::MoveAction);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    m_steps->setAlternatingRowColors(true);
    // Long step summaries are elided (full text in the tooltip), not scrolled sideways.
    m_steps->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_steps->setTextElideMode(Qt::ElideRight);
    stepsLayout->addWidget(m_steps);
    // The buttons in a row of their own, not straight in the group: Qt gives a control without a
    // text of its own its group's title, and so Move step up and down its Alt+T, which goes to the
    // list. Their tooltips, which a screen reader reads as their description, say their keys.
    auto *buttonRow = new QWidget(stepsBox);
    auto *stepButtons = new QHBoxLayout(buttonRow);
    stepButtons->setContentsMargins(0, 0, 0, 0);
    m_addStep = smallButton("add-step", tr("&Add"), buttonRow);
    m_addStep->setPopupMode(QToolButton::InstantPopup);
    auto *addMenu = new QMenu(m_addStep);
    // Chosen from the menu, the new step has the keys: its first setting, or the list on it when it has
    // none. They stayed on Add, or in the Name field after a click (the keyboard QA pass), and a
    // keyboard user went back through the editor to set the step up.
    const auto addAndGoThere = [this](const QString &name) {
        addStep(name);
        QWidget *first = m_steps;
        for (QWidget *w : m_stepForm->findChildren<QWidget *>()) // in the order they are laid out
            if ((w->focusPolicy() & Qt::TabFocus) && !w->focusProxy() && w->isEnabled() && w->isVisibleTo(m_stepForm)) {
                first = w;
                break;
            }
        first->setFocus(Qt::TabFocusReason);
    };
    for (const OperationSpec &op : OperationCatalog::builtin().operations()) {
        QAction *a = addMenu->addAction(i18n::catalogText(op.title), this,
                                        [addAndGoThere, name = op.name] { addAndGoThere(name); });
        a->setToolTip(i18n::catalogText(op.description));
    }
    addMenu->setToolTipsVisible(true);
    giveMnemonics(addMenu->actions()); // a letter chooses the step: none did
    m_addStep->setMenu(addMenu);
    m_removeStep = smallButton("remove", tr("&Remove"), buttonRow);
    m_up = smallButton("up", QString(), buttonRow);
    m_down = smallButton("down", QString(), buttonRow);
    // Icons only: a screen reader said the group's title for both.
    m_up->setAccessibleName(tr("Move step up"));
    m_down->setAccessibleName(tr("Move step down"));
    m_up->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_down->setToolButtonStyle(Qt::ToolButtonIconOnly);
    for (QToolButton *b : {m_addStep, m_removeStep, m_up, m_down})
        stepButtons->addWidget(b);
    stepButtons->addStretch();
    stepsLayout->addWidget(buttonRow);
    leftLayout->addWidget(stepsBox, 1);
    // Its title's Alt+letter goes to the list (a group's goes to the control in it last focused, or
    // to its first in the Tab order, which was Move step down): eventFilter().
    stepsBox->installEventFilter(this);

    // Middle: the selected step's parameters, then the output settings.
    auto *middle = new QWidget(this);
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    auto *stepBox = new QGroupBox(tr("Step settings"), middle);
    auto *stepBoxLayout = new QVBoxLayout(stepBox);
    m_stepTitle = new QLabel(stepBox);
    QFont bold = m_stepTitle->font();
    bold.setBold(true);
    m_stepTitle->setFont(bold);
    m_stepHelp = new QLabel(stepBox);
    m_stepHelp->setWordWrap(true);
    m_stepHelp->setForegroundRole(QPalette::PlaceholderText);
    stepBoxLayout->addWidget(m_stepTitle);
    stepBoxLayout->addWidget(m_stepHelp);
    m_stepBoxLayout = stepBoxLayout; // the form follows the help (buildStepForm)
    middleLayout->addWidget(stepBox);

    auto *outBox = new QGroupBox(tr("Output"), middle);
    m_outputForm = new QFormLayout(outBox);
    // A preset with `outputs`: the editor keeps them as they are and says so (Preset.h).
    m_outputsNote = new QLabel(outBox);
    m_outputsNote->setObjectName(QStringLiteral("outputsNote"));
    m_outputsNote->setWordWrap(true);
    m_outputForm->addRow(m_outputsNote);
    auto *folderRow = new QHBoxLayout;
    m_folder = new QLineEdit(outBox);
    m_folder->setPlaceholderText(tr("the window's output folder"));
    m_browseFolder = new QPushButton(tr("&Browse…"), outBox);
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_browseFolder);
    m_outputForm->addRow(tr("Folder:"), folderRow);
    // The path's label, for a screen reader and an Alt+letter (a row's layout gets no buddy).
    qobject_cast<QLabel *>(m_outputForm->labelForField(folderRow))->setBuddy(m_folder);
    m_template = new QLineEdit(outBox);
    m_template->setObjectName("nameTemplate");
    m_template->setToolTip(tr("Placeholders: {name} {ext} {preset} {index} {index:4} {width} {height} "
                              "{date} {date:%Y/%m} {camera} {lens} {iso}; \"/\" makes sub-folders"));
    m_outputForm->addRow(tr("File name:"), m_template);
    m_example = new MessageLabel(outBox);
    m_example->setObjectName("nameExample");
    m_example->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_outputForm->addRow(QString(), m_example);
    m_format = new ElidedChoice(outBox); // its longest item does not set the form's width
    m_format->setObjectName("outputFormat");
    for (OutputFormat f : {OutputFormat::Keep, OutputFormat::Jpeg, OutputFormat::Png, OutputFormat::Webp,
                           OutputFormat::Jxl, OutputFormat::Avif, OutputFormat::Tiff, OutputFormat::Bmp})
        m_format->addItem(formatTitle(f), int(f));
    m_outputForm->addRow(tr("Format:"), m_format);
    m_overwrite = new ElidedChoice(outBox); // its longest item does not set the form's width
    m_overwrite->setObjectName("overwritePolicy");
    m_overwrite->addItem(renameChoice(OutputFormat::Jpeg), int(OverwritePolicy::Rename));
    m_overwrite->addItem(tr("skip the image"), int(OverwritePolicy::Skip));
    m_overwrite->addItem(tr("replace the existing file"), int(OverwritePolicy::Overwrite));
    m_outputForm->addRow(tr("If the file exists:"), m_overwrite);
    // Off by default, and never on unseen: the warning under it shows while it (or an output of the
    // preset file) lets an output be written over its own source. A check box toggles once per
    // press and release, not on a held key's repeats.
    m_replaceSource = new QCheckBox(tr("Let outputs replace their source images"), outBox);
    m_replaceSource->setObjectName(QStringLiteral("allowOverwriteSource"));
    m_replaceSource->setToolTip(tr("When an image's output would have the image's own folder and name, the image "
                                   "is written over and its original is lost. Off: such an image fails, and its "
                                   "original is kept."));
    // Across the form, from its left edge: beside the labels it made the column 38 px wider in English.
    // The form's other check boxes too, in one column with it (two at the fields' edge and this one
    // at the labels' looked misplaced).
    m_outputForm->addRow(m_replaceSource);
    m_replaceSourceWarning = new QWidget(outBox);
    m_replaceSourceWarning->setObjectName(QStringLiteral("replaceSourceWarning"));
    auto *warningLayout = new QHBoxLayout(m_replaceSourceWarning);
    warningLayout->setContentsMargins(0, 0, 0, 0);
    auto *warningIcon = new QLabel(m_replaceSourceWarning);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    warningIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize));
    warningIcon->setAlignment(Qt::AlignTop);
    m_replaceSourceText = new MessageLabel(m_replaceSourceWarning);
    m_replaceSourceText->setObjectName(QStringLiteral("replaceSourceText"));
    m_replaceSourceText->setTextFormat(Qt::RichText); // every text in it is escaped
    warningLayout->addWidget(warningIcon, 0, Qt::AlignTop);
    warningLayout->addWidget(m_replaceSourceText, 1);
    m_outputForm->addRow(m_replaceSourceWarning);
    m_replaceSourceWarning->hide();
    // Its words short, the rest in the tooltip: German's "Verlustfreies WebP oder JPEG XL (größer,
    // jedes Pixel bleibt erhalten)" on one line made the editor too wide for a 1024-pixel screen.
    m_lossless = new QCheckBox(tr("Lossless WebP, JPEG XL or AVIF"), outBox);
    m_lossless->setObjectName("lossless");
    m_lossless->setToolTip(tr("Larger files, every pixel kept.") + QLatin1Char(' ') +
                           tr("With \"same as the input\", images kept as JPEG (JPEG, HEIC and camera RAW inputs) "
                              "then fail: JPEG has no lossless mode."));
    m_outputForm->addRow(m_lossless);
    m_tiffCompression = new ElidedChoice(outBox); // its longest item does not set the form's width
    m_tiffCompression->setObjectName("tiffCompression");
    m_tiffCompression->addItem(tr("LZW"), int(TiffCompression::Lzw));
    m_tiffCompression->addItem(tr("Deflate (smaller, slower)"), int(TiffCompression::Deflate));
    m_tiffCompression->addItem(tr("none (largest, read by everything)"), int(TiffCompression::None));
    m_outputForm->addRow(tr("TIFF compression:"), m_tiffCompression);
    m_metadata = new ElidedChoice(outBox); // its longest item does not set the form's width
    m_metadata->setObjectName("metadataPolicy");
    m_metadata->addItem(tr("keep all (EXIF, IPTC, XMP, profile)"), int(MetadataPolicy::Keep));
    m_metadata->addItem(tr("keep all but the location"), int(MetadataPolicy::StripLocation));
    m_metadata->addItem(tr("remove all"), int(MetadataPolicy::Strip));
    m_metadata->setToolTip(tr("What the outputs keep of each photo's metadata. Orientation, size and "
                              "thumbnail are always made true of the output."));
    m_outputForm->addRow(tr("Metadata:"), m_metadata);
    m_colour = new ElidedChoice(outBox); // its longest item does not set the form's width
    m_colour->setObjectName("colourPolicy");
    m_colour->addItem(tr("keep the photo's colour profile"), int(ColourPolicy::Keep));
    m_colour->addItem(tr("convert to sRGB"), int(ColourPolicy::Srgb));
    m_colour->setToolTip(tr("sRGB is what the web and most apps without colour management assume."));
    m_outputForm->addRow(tr("Colours:"), m_colour);
    m_raw = new ElidedChoice(outBox); // its longest item does not set the form's width
    m_raw->setObjectName("rawMode");
    m_raw->addItem(tr("develop the sensor data"), int(RawMode::Develop));
    m_raw->addItem(tr("use the camera's preview when large enough"), int(RawMode::Preview));
    m_raw->setToolTip(tr("For camera RAW files (DNG, CR2, NEF…): their embedded JPEG preview is the camera's "
                         "own rendering and far faster; it is used only when it is at least the output's size."));
    m_outputForm->addRow(tr("Camera RAW:"), m_raw);
    m_keepFileTime = new QCheckBox(tr("Give outputs the photo's file date"), outBox);
    m_keepFileTime->setObjectName("keepFileTime");
    m_keepFileTime->setToolTip(tr("The output's modification time is the source file's, as cp -p does."));
    m_outputForm->addRow(m_keepFileTime);
    middleLayout->addWidget(outBox);
    middleLayout->addStretch(1);
    // The step's settings and the output's scroll together, up and down only, each control at the
    // width it asks (the column is as wide as they need): a pane of its own inside the column, 200 px
    // high at the default size, scrolled a text watermark's settings and cut its spin boxes at its
    // edge behind a sideways scroll bar.
    m_settingsArea = new SettingsColumn(this);
    m_settingsArea->setObjectName("settingsScroll");
    m_settingsArea->setWidget(middle);
    // Not a stop of Tab's with nothing to show it has the keyboard: a control in it that gets the
    // keyboard is scrolled into view.
    m_settingsArea->setFocusPolicy(Qt::NoFocus);

    m_preview = new PreviewPane(this);
    m_preview->setObjectName("editorPreview");
    connect(m_preview, &PreviewPane::errorChanged, this, &PresetEditor::previewErrorChanged);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(m_settingsArea);
    split->addWidget(m_preview);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 4);
    split->setChildrenCollapsible(false);
    split->setSizes({300, 460, 600});

    m_status = new MessageLabel(this);
    m_status->setObjectName("editorStatus");
    m_status->setTextFormat(Qt::RichText); // errors are red; every text in it is escaped
    auto *buttons = new QDialogButtonBox(this);
    // Not the accept role: a button box makes the first such button the default again each time it
    // is shown, whatever noDefaultButtons() said.
    m_save = buttons->addButton(QString(), QDialogButtonBox::ActionRole); // nameSaveButton()
    m_save->setObjectName("savePreset");
    m_save->setIcon(icon("save"));
    m_export = buttons->addButton(tr("&Export…"), QDialogButtonBox::ActionRole);
    m_export->setObjectName("exportPreset");
    m_export->setIcon(icon("export"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setText(tr("&Close"));
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(buttons);
    // On a screen smaller than the three columns need (English fits 1024×768, German too, but not
    // 800×600), they scroll, and the status line with Save, Export and Close stays in view below.
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName("editorScroll");
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(split);
    scroll->setFocusPolicy(Qt::NoFocus);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addLayout(bottom);

    connect(m_name, &QLineEdit::textEdited, this, &PresetEditor::changed);
    connect(m_description, &QLineEdit::textEdited, this, &PresetEditor::changed);
    connect(m_folder, &QLineEdit::textEdited, this, &PresetEditor::changed);
    connect(m_template, &QLineEdit::textEdited, this, &PresetEditor::changed);
    connect(m_format, &QComboBox::currentIndexChanged, this, &PresetEditor::changed);
    connect(m_overwrite, &QComboBox::currentIndexChanged, this, &PresetEditor::changed);
    connect(m_metadata, &QComboBox::currentIndexChanged, this, &PresetEditor::changed);
    connect(m_colour, &QComboBox::currentIndexChanged, this, &PresetEditor::changed);
    connect(m_raw, &QComboBox::currentIndexChanged, this, &PresetEditor::changed);
    connect(m_keepFileTime, &QCheckBox::toggled, this, &PresetEditor::changed);
    connect(m_lossless, &QCheckBox::toggled, this, &PresetEditor::changed);
    connect(m_replaceSource, &QCheckBox::toggled, this, [this](bool on) {
        changed();
        // Turned on where the column is scrolled: the warning it brings is brought into view.
        if (on && !m_loading)
            QTimer::singleShot(0, this, [this] { m_settingsArea->ensureWidgetVisible(m_replaceSourceWarning); });
    });
    connect(m_tiffCompression, &QComboBox::currentIndexChanged, this, &PresetEditor::changed);
    connect(m_browseFolder, &QPushButton::clicked, this, &PresetEditor::chooseFolder);
    connect(m_steps, &QListWidget::currentRowChanged, this, &PresetEditor::buildStepForm);
    // A drag-and-drop reorder moves rows in the list's model; the order is the pipeline. The
    // dragged step stays the current one without currentRowChanged: its number in the panel's
    // title and whether it can move up or down are made again here.
    connect(m_steps->model(), &QAbstractItemModel::rowsMoved, this, [this] {
        QTimer::singleShot(0, this, [this] {
            renumber();
            buildStepForm();
            changed();
        });
    });
    connect(m_removeStep, &QToolButton::clicked, this, [this] { removeStep(m_steps->currentRow()); });
    connect(m_up, &QToolButton::clicked, this, [this] {
        const int r = m_steps->currentRow();
        moveStep(r, r - 1);
    });
    connect(m_down, &QToolButton::clicked, this, [this] {
        const int r = m_steps->currentRow();
        moveStep(r, r + 1);
    });
    connect(m_save, &QPushButton::clicked, this, [this] {
        QString error;
        if (!save(&error))
            m_status->setText(inErrorColour(palette(), error.toHtmlEscaped()));
    });
    connect(m_export, &QPushButton::clicked, this, &PresetEditor::exportDialog);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    // None of them is the default that Enter presses: the button box made Save one, so Enter in a
    // field, or in the editor just opened, saved the preset (a new one under its proposed name).
    noDefaultButtons();
    addShortcuts();
}

void PresetEditor::setPreset(const Preset &preset, Opened opened)
{
    m_loading = true;
    m_base = preset;
    const PresetEntry *entry = m_library->library()->find(preset.name);
    m_editing = opened == Opened::FromLibrary && entry && !entry->builtin ? entry->preset.name : QString();
    m_name->setText(preset.name);
    // A built-in preset's description in the window's language, as the presets panel shows it (its
    // file holds the English): opened in German, the editor showed the English one.
    const bool builtinWords = entry && entry->builtin && entry->preset.description == preset.description;
    m_description->setText(i18n::presetDescription(preset.description, builtinWords));
    m_name->setCursorPosition(0); // show the start of long texts, not their end
    m_description->setCursorPosition(0);
    m_steps->clear();
    m_removedSteps.clear(); // Ctrl+Z brings back steps of this preset only
    for (const QJsonObject &s : preset.steps) {
        auto *item = new QListWidgetItem(m_steps);
        item->setData(kStepRole, s);
    }
    renumber();
    // Counts in words that fit them: the English source is the plural, and "1" has a text of its
    // own, as no English translation gives it the singular (translations have their %n forms).
    QStringList outputs;
    for (const PresetOutput &o : preset.outputs) {
        const int steps = int(o.steps.size());
        outputs << (steps == 1 ? tr("%1 (1 own step)") : tr("%1 (%n own steps)", nullptr, steps)).arg(o.name);
    }
    const int count = int(preset.outputs.size());
    m_outputsNote->setText(
        (count == 1 ? tr("This preset makes 1 output: %1.")
                    : tr("This preset makes %n outputs from one decode: %1.", nullptr, count))
            .arg(outputs.join(QStringLiteral(", "))) +
        QLatin1Char(' ') +
        tr("The steps here run first, for every output; each output's own steps and settings are kept as they "
           "are (read-only here: edit them in the preset file). The settings below are what the outputs do not set."));
    m_outputsNote->setVisible(preset.hasOutputs());
    m_folder->setText(preset.output.folder);
    m_template->setText(preset.output.nameTemplate);
    m_format->setCurrentIndex(m_format->findData(int(preset.output.format)));
    m_overwrite->setCurrentIndex(m_overwrite->findData(int(preset.output.overwrite)));
    m_metadata->setCurrentIndex(m_metadata->findData(int(preset.output.metadata)));
    m_colour->setCurrentIndex(m_colour->findData(int(preset.output.colour)));
    m_raw->setCurrentIndex(m_raw->findData(int(preset.input.raw)));
    m_keepFileTime->setChecked(preset.output.keepFileTime);
    m_replaceSource->setChecked(preset.output.allowOverwriteSource);
    m_lossless->setChecked(preset.output.lossless);
    m_tiffCompression->setCurrentIndex(m_tiffCompression->findData(int(preset.output.tiffCompression)));
    // The same slider-with-value editors as step parameters, from specs of their own, with the ranges
    // the preset loader takes (Preset.cpp). Below the note, folder, template, example and format, each
    // label's Alt+letter goes to its number, as a step's number's does (a screen reader said "Quality:"
    // for the row's frame).
    for (NumberRow *number : {&m_quality, &m_pngCompression})
        if (number->row)
            m_outputForm->removeRow(number->row);
    makeNumberRow(&m_quality, {"quality", tr("Quality"), ParamSpec::Kind::Int, 1, 100, 90, {}, {}, {}, {}, {}},
                  preset.output.quality, 5, tr("Quality:"));
    // zlib's level: PNG keeps every pixel at any of them, the file is smaller and slower to write the
    // higher it is. Shown beside Quality (which PNG has not), usable while the format is PNG or kept.
    makeNumberRow(&m_pngCompression,
                  {"pngCompression", tr("PNG compression"), ParamSpec::Kind::Int, 0, 9, 6, {}, {}, {}, {}, {}},
                  preset.output.pngCompression, 6, tr("PNG compression:"));
    for (QWidget *w : std::as_const(m_pngCompression.controls))
        w->setToolTip(tr("0: fastest to write, largest file; 9: smallest, slowest. Every level keeps every pixel."));
    nameFieldsByTheirLabels(m_outputForm);
    m_steps->setCurrentRow(m_steps->count() ? 0 : -1);
    buildStepForm();
    m_loading = false;
    m_savedState = draft().toJson();
    changed();
    // Opened again, the editor starts at its first field, not on the button last pressed (Save).
    m_name->setFocus(Qt::OtherFocusReason);
}

void PresetEditor::makeNumberRow(NumberRow *number, const ParamSpec &spec, int value, int at, const QString &label)
{
    number->value = value;
    const ParamEditor editor = createParamEditor(
        spec, value,
        [this, number](const QString &, const QJsonValue &v) {
            number->value = v.toInt();
            changed();
        },
        m_outputForm->parentWidget());
    editor.field->setObjectName(spec.key);
    number->row = editor.row;
    number->controls = editor.controls();
    insertParamRow(m_outputForm, at, label, editor);
}

void PresetEditor::showEvent(QShowEvent *e)
{
    QDialog::showEvent(e);
    // An Alt+letter no control has is not typed into the field with the keyboard: eventFilter().
    // Only while shown: the editor is kept between uses, and the window's every event would pass it.
    qApp->installEventFilter(this);
    // Shown again (it is kept between uses) or first shown on a smaller screen: inside the screen,
    // with the window manager's frame once it is known.
    fitToScreen();
    QTimer::singleShot(0, this, &PresetEditor::fitToScreen);
}

void PresetEditor::hideEvent(QHideEvent *e)
{
    qApp->removeEventFilter(this);
    QDialog::hideEvent(e);
}

void PresetEditor::fitToScreen() { fitOnScreen(this); }

int PresetEditor::stepCount() const { return m_steps->count(); }
void PresetEditor::selectStep(int row) { m_steps->setCurrentRow(row); }

void PresetEditor::renumber()
{
    for (int i = 0; i < m_steps->count(); ++i) {
        QListWidgetItem *item = m_steps->item(i);
        const QJsonObject step = item->data(kStepRole).toJsonObject();
        item->setText(QStringLiteral("%1.  %2").arg(QString::number(i + 1), describeStep(step)));
        item->setToolTip(item->text());
    }
}

void PresetEditor::addStep(const QString &op)
{
    const OperationSpec *spec = OperationCatalog::builtin().find(op);
    if (!spec)
        return;
    // Defaults, valid or not: a logo has no file yet, and the status line says so until one is chosen.
    const QJsonObject step = OperationCatalog::builtin().defaultStep(op);
    insertStep(m_steps->currentRow() < 0 ? m_steps->count() : m_steps->currentRow() + 1, step);
}

void PresetEditor::insertStep(int row, const QJsonObject &step)
{
    auto *item = new QListWidgetItem;
    item->setData(kStepRole, step);
    m_steps->insertItem(row, item);
    renumber();
    m_steps->setCurrentRow(row);
    changed();
}

void PresetEditor::removeStep(int row)
{
    if (row < 0 || row >= m_steps->count())
        return;
    QListWidgetItem *item = m_steps->takeItem(row);
    m_removedSteps.append({row, item->data(kStepRole).toJsonObject()}); // for Ctrl+Z
    delete item;
    renumber();
    m_steps->setCurrentRow(std::min(row, m_steps->count() - 1));
    buildStepForm();
    changed();
}

void PresetEditor::restoreRemovedStep()
{
    if (m_removedSteps.isEmpty())
        return;
    const auto [at, step] = m_removedSteps.takeLast();
    insertStep(std::min(at, m_steps->count()), step); // where it was, or last when fewer are left
}

void PresetEditor::moveStep(int from, int to)
{
    if (from < 0 || to < 0 || from >= m_steps->count() || to >= m_steps->count() || from == to)
        return;
    QListWidgetItem *item = m_steps->takeItem(from);
    m_steps->insertItem(to, item);
    renumber();
    m_steps->setCurrentRow(to);
    changed();
}

void PresetEditor::buildStepForm()
{
    const int row = m_steps->currentRow();
    m_removeStep->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row < m_steps->count() - 1);
    auto *form = new QWidget;
    form->setObjectName("stepForm");
    auto *layout = new QFormLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // A long label (German's) puts its control on the line below where the column is narrow,
    // instead of asking the editor for a column wider than a 1024-pixel screen has.
    layout->setRowWrapPolicy(QFormLayout::WrapLongRows);
    if (row < 0) {
        m_stepTitle->setText(tr("No step selected"));
        m_stepHelp->setText(tr("Add a step with the Add button; select a step to change its settings."));
    } else {
        const QJsonObject step = m_steps->item(row)->data(kStepRole).toJsonObject();
        const OperationSpec *spec = OperationCatalog::builtin().find(step.value("op").toString());
        if (spec) {
            m_stepTitle->setText(
                QStringLiteral("%1. %2").arg(QString::number(row + 1), i18n::catalogText(spec->title)));
            m_stepHelp->setText(i18n::catalogText(spec->description));
            buildParamForm(layout, *spec, step,
                           [this](const QString &key, const QJsonValue &v) { onParamChanged(key, v); });
            giveMnemonics(layout, mnemonicsTaken());
        }
    }
    delete m_stepForm;
    m_stepForm = form;
    m_stepBoxLayout->addWidget(form);
    noDefaultButtons(); // the form's own (a logo's Browse…)
    updateTabOrder();
    markInvalidSteps(); // the selected step's setting that is wrong
}

void PresetEditor::onParamChanged(const QString &key, const QJsonValue &value)
{
    QListWidgetItem *item = m_steps->currentItem();
    if (!item)
        return;
    QJsonObject step = item->data(kStepRole).toJsonObject();
    step.insert(key, value);
    item->setData(kStepRole, step);
    renumber();
    changed();
}

Preset PresetEditor::draft() const
{
    Preset p = m_base;
    p.name = m_name->text().trimmed();
    p.description = m_description->text().trimmed();
    p.steps.clear();
    for (int i = 0; i < m_steps->count(); ++i)
        p.steps << m_steps->item(i)->data(kStepRole).toJsonObject();
    OutputSettings o = p.output;
    o.folder = m_folder->text().trimmed();
    o.nameTemplate = m_template->text();
    o.format = OutputFormat(m_format->currentData().toInt());
    o.overwrite = OverwritePolicy(m_overwrite->currentData().toInt());
    o.metadata = MetadataPolicy(m_metadata->currentData().toInt());
    o.colour = ColourPolicy(m_colour->currentData().toInt());
    p.input.raw = RawMode(m_raw->currentData().toInt());
    o.keepFileTime = m_keepFileTime->isChecked();
    o.allowOverwriteSource = m_replaceSource->isChecked();
    // Only where it applies: a box checked for WebP stays checked (disabled) when JPEG is chosen,
    // and a JPEG preset saved then said "lossless": true, which JPEG ignores without a word.
    o.lossless = m_lossless->isChecked() && (hasLosslessChoice(o.format) || o.format == OutputFormat::Keep);
    o.tiffCompression = TiffCompression(m_tiffCompression->currentData().toInt());
    o.quality = m_quality.value;
    o.pngCompression = m_pngCompression.value;
    // An entry of `outputs` takes from these what it does not set itself (the outputs note says so).
    p.setSharedOutput(o);
    return p;
}

void PresetEditor::updateOutputUi()
{
    const Preset p = draft();
    const QString templateError = FailureText::shown(OutputPlanner::validateTemplate(p.output.nameTemplate));
    if (templateError.isEmpty())
        m_example->setText(
            tr("Example: IMG_0042.jpg → %1")
                .arg(OutputPlanner::example(p.output.nameTemplate, p.name, "IMG_0042.jpg", p.output.format)));
    else
        m_example->setText(inErrorColour(palette(), templateError.toHtmlEscaped()));
    const OutputFormat f = p.output.format;
    m_overwrite->setItemText(m_overwrite->findData(int(OverwritePolicy::Rename)), renameChoice(f));
    for (QWidget *w : std::as_const(m_quality.controls))
        w->setEnabled(p.output.usesQuality());
    for (QWidget *w : std::as_const(m_pngCompression.controls)) // "same as the input" keeps a PNG a PNG
        w->setEnabled(f == OutputFormat::Png || f == OutputFormat::Keep);
    m_lossless->setEnabled(hasLosslessChoice(f) || f == OutputFormat::Keep);
    m_tiffCompression->setEnabled(p.output.format == OutputFormat::Tiff || p.output.format == OutputFormat::Keep);
    updateSourceWarning(p);
}

void PresetEditor::updateSourceWarning(const Preset &p)
{
    const QStringList replacing = outputsReplacingSources(p);
    if (replacing.isEmpty()) {
        m_replaceSourceWarning->hide();
        return;
    }
    const QString why = tr("an image whose output would have its own folder and name is written over, and the "
                           "original is lost.");
    // The box below is what the outputs take when they do not say it themselves (setSharedOutput):
    // checked, it is why; unchecked, the outputs that replace say so in the preset file.
    const QString names = replacing.join(QStringLiteral(", "));
    const bool ownSetting = !p.output.allowOverwriteSource;
    const QString what =
        !p.hasOutputs() ? tr("Originals are replaced:")
        : ownSetting    ? (replacing.size() == 1
                               ? tr("Originals are replaced by the output %1 (set in the preset file):").arg(names)
                               : tr("Originals are replaced by the outputs %1 (set in the preset file):").arg(names))
                        : (replacing.size() == 1 ? tr("Originals are replaced by the output %1:").arg(names)
                                                 : tr("Originals are replaced by the outputs %1:").arg(names));
    m_replaceSourceText->setText(
        inErrorColour(palette(), QStringLiteral("<b>%1</b> %2").arg(what.toHtmlEscaped(), why.toHtmlEscaped())));
    m_replaceSourceWarning->show();
}

void PresetEditor::changed()
{
    if (m_loading)
        return;
    setWindowModified(hasUnsavedChanges());
    updateOutputUi();
    // A draft that is not a preset is not sent to the preview: its after side says there is nothing
    // to show, rather than keep the picture of the last valid draft under a caption with its size.
    if (refreshSaveState()) {
        m_preview->setPresetProblem({});
        emit draftChanged(draft()); // still shown in the preview, which says what the worker makes of it
    } else {
        m_preview->setPresetProblem(validate());
    }
}

bool PresetEditor::refreshSaveState()
{
    nameSaveButton();
    // What whyNotSaved() asks, each once: the status line shows the first answer.
    const QString error = validate();
    // Export writes what the preset loader reads back: an invalid draft would be refused by it.
    m_export->setEnabled(error.isEmpty());
    m_export->setToolTip(error.isEmpty() ? tr("Write the preset to a file, for another computer or to share it.")
                                         : tr("Not possible while the preset is invalid: %1").arg(error));
    const int invalidSteps = markInvalidSteps();
    if (!error.isEmpty()) {
        m_save->setEnabled(false);
        // The first error, and how many steps have one: the others were not said.
        const QString others =
            invalidSteps > 1
                ? QLatin1Char(' ') + tr("(%n steps are not valid: each is marked in the list.)", nullptr, invalidSteps)
                : QString();
        m_status->setText(inErrorColour(palette(), (error + others).toHtmlEscaped()));
        return false;
    }
    const Preset p = draft();
    const QString &name = p.name;
    m_missingFile = missingFile(p);
    const QString taken = m_missingFile.isEmpty() ? nameTaken(name) : QString();
    m_save->setEnabled(m_missingFile.isEmpty() && taken.isEmpty());
    if (!m_missingFile.isEmpty())
        m_status->setText(inErrorColour(palette(), m_missingFile.toHtmlEscaped()));
    else {
        const QString saving = !taken.isEmpty() ? taken
                               : !m_editing.isEmpty() && m_editing != name
                                   ? tr("Saving renames your preset \"%1\" to \"%2\".").arg(m_editing, name)
                               : !m_editing.isEmpty() ? tr("Saving replaces your preset \"%1\".").arg(name)
                                                      : tr("Saving creates the user preset \"%1\".").arg(name);
        // Beside Save, in view however the settings column is scrolled: a preset that may write over
        // originals (one imported so, as well) never looks like one that may not.
        const QString replaces =
            outputsReplacingSources(p).isEmpty()
                ? QString()
                : QLatin1Char(' ') +
                      inErrorColour(palette(),
                                    tr("Its outputs may replace their source images (Output).").toHtmlEscaped());
        m_status->setText(saving.toHtmlEscaped() + replaces);
    }
    return true;
}

void PresetEditor::chooseFolder()
{
    const QString dir = askForFolder(this, tr("Output folder"), m_folder->text(), QDir::homePath());
    if (!dir.isEmpty()) {
        m_folder->setText(dir);
        changed();
    }
}

} // namespace pp::gui
