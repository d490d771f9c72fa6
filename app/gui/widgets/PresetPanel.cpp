#include "PresetPanel.h"

#include "Contrast.h"
#include "DropLine.h"
#include "DropRouter.h"
#include "Icons.h"
#include "ParamWidgets.h"
#include "PresetLibraryModel.h"

#include <QDragEnterEvent>
#include <QFileInfo>
#include <QKeyEvent>
#include <QHBoxLayout>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QResizeEvent>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace pp::gui {

namespace {

class PresetCardDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static constexpr int kPad = 10;

    // A preset without a description has no line for it: an empty one showed under its name.
    static int descriptionHeight(const QFontMetrics &fm, const QModelIndex &index)
    {
        return index.data(PresetLibraryModel::DescriptionRole).toString().trimmed().isEmpty() ? 0 : fm.height() + 4;
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QFontMetrics fm(option.font);
        const int steps = int(index.data(PresetLibraryModel::StepsRole).toStringList().size());
        // The least width of a card: the list makes each card as wide as its viewport when that is
        // wider. At 220, a pane squeezed to 180 px (the window at its least size, then restored; a
        // large font) showed a horizontal scroll bar and its cards' texts cut mid-word without "…"
        // (window QA pass); from 150 px on they are elided in the pane's own width.
        return {150, kPad * 2 + fm.height() + 6 + descriptionHeight(fm, index) + std::max(1, steps) * fm.height() + 10};
    }

    void paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QPalette &pal = option.palette;
        const bool selected = option.state & QStyle::State_Selected;
        const bool isDefault = index.data(PresetLibraryModel::DefaultRole).toBool();
        const bool builtin = index.data(PresetLibraryModel::BuiltinRole).toBool();
        const QRect card = option.rect.adjusted(6, 4, -6, -4);
        // The cards lie on the window's colour (PresetPanel sets the list's background so).
        const CardColours colours = cardColours(pal, selected, pal.color(QPalette::Window));
        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        QPainterPath shape;
        shape.addRoundedRect(card, 8, 8);
        p->fillPath(shape, colours.fill);
        p->setPen(QPen(colours.edge, selected ? 2 : 1));
        p->drawPath(shape);
        if (option.state & QStyle::State_HasFocus) {
            // The card the keyboard is on (Enter gives it to the selected images): a ring of its own
            // around the card, apart from the selection's fill and edge, so it shows on a selected
            // card as on any other, and only while the cards have the keyboard.
            QPainterPath ring;
            ring.addRoundedRect(QRectF(card).adjusted(-3, -3, 3, 3), 10, 10);
            p->setPen(QPen(colours.focusRing, 2, Qt::DashLine));
            p->drawPath(ring);
        }
        // Accent strip on the left: blue for built-in, green for the user's own.
        const QColor accent = builtin ? QColor(42, 125, 225) : QColor(46, 158, 91);
        p->fillRect(QRect(card.left() + 1, card.top() + 8, 4, card.height() - 16), accent);

        const QFontMetrics fm(option.font);
        QFont bold = option.font;
        bold.setBold(true);
        bold.setPointSizeF(bold.pointSizeF() * 1.1);
        const QFontMetrics bfm(bold);
        const int left = card.left() + kPad + 4, width = card.width() - kPad * 2 - 4;
        int y = card.top() + kPad - 2;

        // Tag on the right: "default" or "built-in"/"user".
        QFont small = option.font;
        small.setPointSizeF(small.pointSizeF() * 0.85);
        const QFontMetrics sfm(small);
        const QString tag =
            isDefault ? PresetPanel::tr("default") : (builtin ? PresetPanel::tr("built-in") : PresetPanel::tr("user"));
        const QRect tagRect(card.right() - kPad - sfm.horizontalAdvance(tag) - 10, y + 1,
                            sfm.horizontalAdvance(tag) + 10, sfm.height() + 2);
        QPainterPath tagPath;
        tagPath.addRoundedRect(tagRect, tagRect.height() / 2.0, tagRect.height() / 2.0);
        const QColor tagFill =
            isDefault ? underWhite(QColor(42, 125, 225)) : pal.color(QPalette::AlternateBase).darker(108);
        p->fillPath(tagPath, tagFill);
        p->setFont(small);
        p->setPen(isDefault ? QColor(Qt::white) : readableOn(pal.color(QPalette::Text), tagFill));
        p->drawText(tagRect, Qt::AlignCenter, tag);

        p->setFont(bold);
        p->setPen(colours.text);
        p->drawText(QRect(left, y, width - tagRect.width() - 6, bfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    bfm.elidedText(index.data(PresetLibraryModel::NameRole).toString(), Qt::ElideRight,
                                   width - tagRect.width() - 6));
        y += bfm.height() + 2;
        p->setFont(option.font);
        p->setPen(colours.secondary);
        if (const int height = descriptionHeight(fm, index)) {
            p->drawText(
                QRect(left, y, width, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(index.data(PresetLibraryModel::DescriptionRole).toString(), Qt::ElideRight, width));
            y += height;
        }
        p->setPen(colours.text);
        const QStringList steps = index.data(PresetLibraryModel::StepsRole).toStringList();
        if (index.row() < 9) {
            // The keyboard path: Ctrl+N gives the selected images the N-th card.
            p->setFont(small);
            p->setPen(colours.secondary);
            p->drawText(QRect(left, card.bottom() - sfm.height() - 4, width, sfm.height()), Qt::AlignRight,
                        PresetPanel::tr("Ctrl+%1").arg(index.row() + 1));
            p->setFont(option.font);
            p->setPen(colours.text);
        }
        if (steps.isEmpty())
            p->drawText(QRect(left, y, width, fm.height()), Qt::AlignLeft,
                        PresetPanel::tr("(no steps: converts only)"));
        for (int i = 0; i < steps.size(); ++i) {
            p->drawText(QRect(left, y, width, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                        fm.elidedText(steps[i].startsWith(QChar(0x2192)) // an output's line (PresetLibraryModel)
                                          ? steps[i]
                                          : QStringLiteral("%1. %2").arg(QString::number(i + 1), steps[i]),
                                      Qt::ElideRight, width));
            y += fm.height();
        }
        p->restore();
    }
};

// The card list; also takes preset files dropped from the file manager. From the keyboard, Enter
// or Space on a card gives it to the images selected in the queue (what dropping it on them does),
// and Shift+F10 or the Menu key opens the card's menu at that card.
class PresetListView : public QListView
{
public:
    PresetListView(PresetPanel *panel) : QListView(panel), m_panel(panel) {}

protected:
    void keyPressEvent(QKeyEvent *e) override
    {
        const Qt::KeyboardModifiers mods = e->modifiers() & ~Qt::KeypadModifier;
        const bool give = mods == Qt::NoModifier &&
                          (e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter || e->key() == Qt::Key_Space);
        const bool menu = (e->key() == Qt::Key_F10 && mods == Qt::ShiftModifier) ||
                          (e->key() == Qt::Key_Menu && mods == Qt::NoModifier);
        if (isDeleteKey(e)) {
            // A user preset's Delete, with its question; a built-in one has none.
            e->accept();
            const QModelIndex current = currentIndex();
            if (!e->isAutoRepeat() && current.isValid() && !current.data(PresetLibraryModel::BuiltinRole).toBool())
                emit m_panel->deleteRequested(current.data(PresetLibraryModel::NameRole).toString());
            return;
        }
        if (!give && !menu)
            return QListView::keyPressEvent(e);
        e->accept();
        const QModelIndex current = currentIndex();
        if (!current.isValid())
            return;
        if (give)
            m_panel->giveToSelection(current.data(PresetLibraryModel::NameRole).toString());
        else
            openMenuAtCurrent();
    }
    void resizeEvent(QResizeEvent *e) override
    {
        // The current card in view stays in view as the list grows shorter (the Skipped pane opening
        // below it hid the default's card, the last, all but its top edge); one the user scrolled
        // away from is left so. The viewport's old size is the view's, less its frame and bars.
        const QModelIndex current = currentIndex();
        const QSize oldViewport = viewport()->size() - (e->size() - e->oldSize());
        const bool wasInView = current.isValid() && e->oldSize().isValid() &&
                               QRect(QPoint(0, 0), oldViewport).contains(visualRect(current));
        QListView::resizeEvent(e);
        if (wasInView)
            scrollTo(current, EnsureVisible);
    }
    bool event(QEvent *e) override
    {
        // Delete is also the window's "Remove from queue": on a card it is the card's own Delete,
        // never the queue's (the images selected there are not what the keyboard is on).
        if (e->type() == QEvent::ShortcutOverride && isDeleteKey(static_cast<QKeyEvent *>(e))) {
            e->accept();
            return true;
        }
        // The Menu key as the platform reports it (on X11 a context menu event of its own, before
        // the key): at the current card, not wherever the pointer happens to be.
        if (e->type() == QEvent::ContextMenu &&
            static_cast<QContextMenuEvent *>(e)->reason() == QContextMenuEvent::Keyboard) {
            e->accept();
            openMenuAtCurrent();
            return true;
        }
        return QListView::event(e);
    }
    void dragEnterEvent(QDragEnterEvent *e) override
    {
        if (e->source() == this)
            return QListView::dragEnterEvent(e);
        if (!hasUrls(e->mimeData()))
            return e->ignore();
        e->acceptProposedAction();
        // Before release, as a card held over the queue does: what the drop will do.
        const DropContents c = routeDrop(e->mimeData());
        m_dropImports = !c.presetFiles.isEmpty();
        setDragText(c.presetFiles.isEmpty() ? onlyPresetFiles()
                    : c.presetFiles.size() == 1
                        ? PresetPanel::tr("Import the preset in %1").arg(QFileInfo(c.presetFiles.first()).fileName())
                        : PresetPanel::tr("Import %n presets", nullptr, int(c.presetFiles.size())));
    }
    void dragMoveEvent(QDragMoveEvent *e) override
    {
        if (e->source() == this)
            return QListView::dragMoveEvent(e);
        if (hasUrls(e->mimeData()))
            e->acceptProposedAction();
        else
            e->ignore();
    }
    void dragLeaveEvent(QDragLeaveEvent *e) override
    {
        setDragText({});
        QListView::dragLeaveEvent(e);
    }
    void dropEvent(QDropEvent *e) override
    {
        setDragText({});
        if (e->source() == this) {
            e->ignore(); // cards are not reordered by dragging
            return;
        }
        const DropContents c = routeDrop(e->mimeData());
        if (!c.presetFiles.isEmpty()) {
            e->acceptProposedAction();
            emit m_panel->presetFilesDropped(c.presetFiles);
        } else {
            e->ignore();
            emit m_panel->rejectedDrop(onlyPresetFiles());
        }
    }
    void paintEvent(QPaintEvent *e) override
    {
        QListView::paintEvent(e);
        if (m_dragText.isEmpty())
            return;
        // As the queue shows a drop: the cards outlined, and a line at the top that says what it does.
        QPainter p(viewport());
        p.setRenderHint(QPainter::Antialiasing);
        const QColor accent = m_dropImports ? QColor(42, 125, 225) : palette().color(QPalette::Mid);
        p.setPen(QPen(accent, 3));
        p.setBrush(m_dropImports ? QColor(42, 125, 225, 40) : Qt::NoBrush);
        p.drawRoundedRect(QRectF(viewport()->rect()).adjusted(2, 2, -2, -2), 8, 8);
        paintDropLine(p, viewport(), font(), m_dragText, m_dropImports ? accent : QColor(90, 90, 90));
    }

private:
    static bool isDeleteKey(QKeyEvent *e) { return e->matches(QKeySequence::Delete); }
    void openMenuAtCurrent()
    {
        const QModelIndex current = currentIndex();
        if (!current.isValid())
            return;
        scrollTo(current);
        m_panel->showCardMenu(visualRect(current).center());
    }
    static bool hasUrls(const QMimeData *m)
    {
        for (const QUrl &u : m->urls())
            if (u.isLocalFile())
                return true;
        return false;
    }
    static QString onlyPresetFiles()
    {
        return PresetPanel::tr("Only preset files (.json) can be dropped on the preset library; drop images on the "
                               "queue.");
    }
    void setDragText(const QString &text)
    {
        if (text == m_dragText)
            return;
        m_dragText = text;
        emit m_panel->presetFilesDropPreview(text);
        viewport()->update();
    }
    PresetPanel *m_panel;
    QString m_dragText; // while files are held over the cards
    bool m_dropImports = false;
};

// A tool button that Return and Enter press too, as they press the buttons of the window's dialogs:
// a QToolButton only takes Space, and Return on the focused New or Delete did nothing.
class PanelButton : public QToolButton
{
public:
    using QToolButton::QToolButton;

protected:
    void keyPressEvent(QKeyEvent *e) override
    {
        if ((e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter) &&
            (e->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier && !e->isAutoRepeat()) {
            e->accept();
            animateClick();
            return;
        }
        QToolButton::keyPressEvent(e);
    }
};

QToolButton *toolButton(const char *iconName, const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new PanelButton(parent);
    b->setIcon(icon(iconName));
    b->setText(text);
    b->setToolTip(tip);
    b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    b->setAutoRaise(true);
    return b;
}

// The panel's buttons in one row where they fit, else in two (the first three, then the others),
// so that the panel may be narrower than one row of them: in German (Neu, Bearbeiten, Löschen,
// Importieren, Exportieren) the row kept the presets 393 px wide at the least, and at 1024×768 the
// queue beside them one card wide.
class ButtonRows : public QWidget
{
public:
    ButtonRows(const QList<QToolButton *> &buttons, QWidget *parent) : QWidget(parent), m_buttons(buttons)
    {
        for (QToolButton *b : m_buttons)
            b->setParent(this);
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        setFixedHeight(rowHeight());
    }
    QSize sizeHint() const override { return {rowWidth(0, kFirstRow) + rowWidth(kFirstRow, count()), rowHeight()}; }
    QSize minimumSizeHint() const override
    {
        return {std::max(rowWidth(0, kFirstRow), rowWidth(kFirstRow, count())), rowHeight()};
    }
    bool oneRow() const { return height() < 2 * rowHeight(); }

protected:
    void resizeEvent(QResizeEvent *e) override
    {
        QWidget::resizeEvent(e);
        place();
    }
    bool event(QEvent *e) override
    {
        if (e->type() == QEvent::LayoutRequest || e->type() == QEvent::FontChange || e->type() == QEvent::StyleChange)
            place();
        return QWidget::event(e);
    }

private:
    static constexpr int kFirstRow = 3;
    int count() const { return int(m_buttons.size()); }
    int rowWidth(int from, int to) const
    {
        int w = 0;
        for (int i = from; i < to; ++i)
            w += m_buttons[i]->sizeHint().width();
        return w;
    }
    int rowHeight() const
    {
        int h = 0;
        for (QToolButton *b : m_buttons)
            h = std::max(h, b->sizeHint().height());
        return h;
    }
    void place()
    {
        const bool one = width() >= sizeHint().width();
        const int h = rowHeight();
        int x = 0, y = 0;
        for (int i = 0; i < count(); ++i) {
            if (!one && i == kFirstRow) {
                x = 0;
                y = h;
            }
            const int w = m_buttons[i]->sizeHint().width();
            m_buttons[i]->setGeometry(x, y, w, h);
            x += w;
        }
        if (height() != (one ? h : 2 * h))
            setFixedHeight(one ? h : 2 * h); // the panel lays out again around it
    }

    QList<QToolButton *> m_buttons;
};

// Claims Escape for an open list. The window's Escape cancels a running batch, and Qt tries a
// window's shortcuts before the list sees the key: the Escape that closed the Default preset's list
// cancelled the batch as well, without a question.
class ListKeepsItsEscape : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::ShortcutOverride && static_cast<QKeyEvent *>(e)->key() == Qt::Key_Escape)
            e->accept(); // the list's own key: it closes the list, and nothing else
        return false;
    }
};

} // namespace

PresetPanel::PresetPanel(PresetLibraryModel *model, QWidget *parent) : WrappingPane(parent), m_model(model)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    // The default is its own control, always in sight: pressing, selecting or dragging a card
    // never changes it, so a drag onto one image cannot silently change all the others.
    auto *defaultRow = new QHBoxLayout;
    auto *defaultLabel = new QLabel(tr("&Default:"), this);
    m_default = new QComboBox(this);
    m_default->setObjectName("defaultPresetCombo");
    m_default->setModel(model);
    m_default->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_default->setMinimumContentsLength(8);
    m_default->view()->installEventFilter(new ListKeepsItsEscape(m_default));
    m_default->setToolTip(tr("The preset for every image that has none of its own"));
    m_default->setAccessibleName(tr("Default preset"));
    m_default->setAccessibleDescription(
        tr("The preset used for every image in the queue that has no preset of its own"));
    defaultLabel->setBuddy(m_default);
    defaultRow->addWidget(defaultLabel);
    defaultRow->addWidget(m_default, 1);
    layout->addLayout(defaultRow);

    auto *hint = new QLabel(tr("Drag a card onto images to give them that preset (Ctrl+Z undoes), or select images "
                               "and press Ctrl+1…9 or Enter on a card."),
                            this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(hint);

    m_view = new PresetListView(this);
    m_view->setObjectName("presetView");
    m_view->setModel(model);
    m_view->setItemDelegate(new PresetCardDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setDragEnabled(true);
    m_view->setAcceptDrops(true);
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    m_view->setDefaultDropAction(Qt::CopyAction);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->viewport()->setBackgroundRole(QPalette::Window);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setAccessibleName(tr("Preset library"));
    m_view->setAccessibleDescription(
        tr("Preset cards: drag one onto images, or press Enter or Space on one, to give the images selected in the "
           "queue that preset (Ctrl+Z undoes); the context menu (Menu key, Shift+F10) makes one the default"));
    // With more cards than fit (several user presets, or a short pane under two rows of buttons) the
    // list scrolls: its bar is a control too, said by what it moves.
    m_view->verticalScrollBar()->setAccessibleName(tr("Preset cards"));
    m_view->verticalScrollBar()->setAccessibleDescription(tr("Scrolls the preset cards up and down"));
    layout->addWidget(m_view, 1);

    auto *add = toolButton("new-preset", tr("New"), tr("Create a new preset"), this);
    m_edit = toolButton("edit", tr("Edit"), tr("Edit the selected preset (double-click a card)"), this);
    m_duplicate = toolButton("duplicate", tr("Duplicate"),
                             tr("Make a copy of the selected preset among your presets and edit it (Ctrl+D)"), this);
    m_duplicate->setObjectName("duplicatePresetButton");
    m_delete = toolButton("remove", tr("Delete"), tr("Delete the selected user preset"), this);
    auto *import = toolButton("import", tr("Import"), tr("Import a preset file (or drop .json files here)"), this);
    m_export = toolButton("export", tr("Export"), tr("Save the selected preset as a file"), this);
    const QList<QToolButton *> buttons{add, m_edit, m_duplicate, m_delete, import, m_export};
    for (QToolButton *b : buttons) {
        b->setAccessibleName(b->text() + tr(" preset"));
        b->setAccessibleDescription(b->toolTip());
    }
    m_buttons = new ButtonRows(buttons, this);
    m_buttons->setObjectName("presetButtons");
    layout->addWidget(m_buttons);

    connect(add, &QToolButton::clicked, this, &PresetPanel::newRequested);
    connect(m_edit, &QToolButton::clicked, this, [this] { emit editRequested(selectedPreset()); });
    connect(m_duplicate, &QToolButton::clicked, this, [this] { emit duplicateRequested(selectedPreset()); });
    connect(m_delete, &QToolButton::clicked, this, [this] { emit deleteRequested(selectedPreset()); });
    connect(import, &QToolButton::clicked, this, &PresetPanel::importRequested);
    connect(m_export, &QToolButton::clicked, this, [this] { emit exportRequested(selectedPreset()); });
    connect(m_view, &QListView::doubleClicked, this,
            [this](const QModelIndex &i) { emit editRequested(i.data(PresetLibraryModel::NameRole).toString()); });
    connect(m_view, &QWidget::customContextMenuRequested, this, &PresetPanel::showCardMenu);
    // The selection only says which card Edit, Export and Delete act on.
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &PresetPanel::updateButtons);
    connect(m_default, &QComboBox::activated, this, [this](int row) {
        m_model->setDefaultPreset(m_model->index(row).data(PresetLibraryModel::NameRole).toString());
    });
    connect(model, &PresetLibraryModel::defaultPresetChanged, this, &PresetPanel::showDefault);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        showDefault();
        updateButtons();
    });
    updateButtons();
}

QString PresetPanel::selectedPreset() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? i.data(PresetLibraryModel::NameRole).toString() : QString();
}

int PresetPanel::rowOrFallback(const QString &name) const
{
    int row = m_model->rowOf(name);
    if (row < 0)
        row = m_model->rowOf(QStringLiteral("web"));
    if (row < 0 && m_model->rowCount() > 0)
        row = 0;
    return row;
}

void PresetPanel::selectPreset(const QString &name)
{
    const int row = rowOrFallback(name);
    if (row >= 0)
        m_view->setCurrentIndex(m_model->index(row));
}

void PresetPanel::setDefaultPreset(const QString &name)
{
    const int row = rowOrFallback(name);
    if (row >= 0)
        m_model->setDefaultPreset(m_model->index(row).data(PresetLibraryModel::NameRole).toString());
    showDefault();
}

void PresetPanel::showDefault() { m_default->setCurrentIndex(m_model->rowOf(m_model->defaultPreset())); }

void PresetPanel::giveToSelection(const QString &name)
{
    if (!m_selectionAvailable)
        return emit rejectedDrop(
            tr("Select images in the queue first; Enter on a card then gives them its preset (as a drop does)."));
    emit assignToSelectionRequested(name);
}

void PresetPanel::showCardMenu(const QPoint &pos)
{
    const QModelIndex at = m_view->indexAt(pos);
    if (!at.isValid())
        return;
    const QString name = at.data(PresetLibraryModel::NameRole).toString();
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction *useForAll = menu->addAction(icon("preset"), tr("Use for all images without their own preset"), this,
                                         [this, name] { setDefaultPreset(name); });
    useForAll->setObjectName("useForAllAction");
    useForAll->setEnabled(!at.data(PresetLibraryModel::DefaultRole).toBool());
    QAction *give = menu->addAction(tr("Give to the selected images"), this,
                                    [this, name] { emit assignToSelectionRequested(name); });
    give->setEnabled(m_selectionAvailable);
    menu->addSeparator();
    menu->addAction(icon("edit"), tr("Edit…"), this, [this, name] { emit editRequested(name); });
    // A built-in's too: its copy is the user's own, to change.
    menu->addAction(icon("duplicate"), tr("Duplicate"), this, [this, name] { emit duplicateRequested(name); })
        ->setObjectName("duplicatePresetAction");
    menu->addAction(icon("export"), tr("Export…"), this, [this, name] { emit exportRequested(name); });
    if (!at.data(PresetLibraryModel::BuiltinRole).toBool())
        menu->addAction(icon("remove"), tr("Delete"), this, [this, name] { emit deleteRequested(name); });
    giveMnemonics(menu->actions()); // a letter chooses an entry, as in the queue's menu
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

void PresetPanel::updateButtons()
{
    const QModelIndex i = m_view->currentIndex();
    m_edit->setEnabled(i.isValid());
    m_duplicate->setEnabled(i.isValid());
    m_export->setEnabled(i.isValid());
    m_delete->setEnabled(i.isValid() && !i.data(PresetLibraryModel::BuiltinRole).toBool());
}

} // namespace pp::gui
