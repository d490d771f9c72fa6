#include "QueueView.h"

#include "Contrast.h"
#include "DropLine.h"
#include "Icons.h"
#include "QueueDelegate.h"
#include "QueueModel.h"
#include "ThumbnailCache.h"

#include <QAccessible>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QLocale>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <algorithm>

namespace pp::gui {

// A screen reader on a card heard nothing when it went from Queued to Processing to Done: its
// state is the card's accessible description, and Qt's list tells the accessibility bus nothing
// when a row's data changes. A screen reader also keeps what it was told of a card: one met while
// Queued and left was still read "Queued" once done. Each card the keyboard has been on (a screen
// reader has met it) says its change, whether the keyboard is still there or not; the others are
// read afresh when the keyboard gets to them. Progress and thumbnails, which leave the words as
// they were, say nothing.
void QueueView::tellTheCardsChanges(const QModelIndex &from, const QModelIndex &to)
{
    if (!QAccessible::isActive() || m_told.isEmpty())
        return;
    const auto tell = [this](int row, QString &told) {
        const QString description = m_queue->index(row).data(Qt::AccessibleDescriptionRole).toString();
        if (description == told)
            return;
        told = description;
        QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
        changed.setChild(row);
        QAccessible::updateAccessibility(&changed);
    };
    if (from.row() == to.row()) { // one card, as a batch changes them
        if (const auto it = m_told.find(m_queue->itemAt(from.row()).uid); it != m_told.end())
            tell(from.row(), *it);
        return;
    }
    for (auto it = m_told.begin(); it != m_told.end();) {
        const int row = m_queue->rowOf(it.key());
        if (row < 0) { // gone from the queue
            it = m_told.erase(it);
            continue;
        }
        if (row >= from.row() && row <= to.row())
            tell(row, *it);
        ++it;
    }
}

void QueueView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QListView::currentChanged(current, previous); // tells a screen reader the new card, as it is now
    if (QAccessible::isActive() && current.isValid())
        m_told.insert(m_queue->itemAt(current.row()).uid, current.data(Qt::AccessibleDescriptionRole).toString());
}

QueueView::QueueView(QueueModel *model, ThumbnailCache *thumbnails, QWidget *parent) : QListView(parent), m_queue(model)
{
    setModel(model);
    setItemDelegate(new QueueDelegate(thumbnails, this));
    setViewMode(QListView::IconMode);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setWrapping(true);
    setUniformItemSizes(true);
    setGridSize(QueueDelegate::cardSize());
    // One pass: the cards are all the same size on a grid, so laying out 4,000 of them takes about
    // 12 ms. Laid out in slices of 500 between events (QListView::Batched), every removal or resize
    // redid the layout from the first slice: the scroll range shrank to it, and a view at the end
    // of a long queue jumped to about row 500 and stayed there with empty space below.
    setLayoutMode(QListView::SinglePass);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionRectVisible(true);
    setDragDropMode(QAbstractItemView::DropOnly);
    // QListView::setMovement(Static) turns drops off on the viewport, and setAcceptDrops(true)
    // on an area that already accepts them does not pass it on: say it to the viewport itself.
    viewport()->setAcceptDrops(true);
    setDropIndicatorShown(false);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setObjectName("queueView");
    setAccessibleName(tr("Queue"));
    setAccessibleDescription(
        tr("The images to process, each with its preset and state. Drop images, folders or "
           "preset cards here; double-click a finished image, or press Enter on it, to open the result."));

    connect(model, &QAbstractItemModel::dataChanged, this, &QueueView::tellTheCardsChanges);

    // Thumbnails arrive one by one from the loader threads: repaint at most every 40 ms.
    auto *repaint = new QTimer(this);
    repaint->setSingleShot(true);
    repaint->setInterval(40);
    connect(repaint, &QTimer::timeout, viewport(), qOverload<>(&QWidget::update));
    connect(thumbnails, &ThumbnailCache::ready, repaint, [repaint] {
        if (!repaint->isActive())
            repaint->start();
    });

    m_emptyButtons = new QWidget(viewport());
    auto *row = m_emptyButtonsLayout = new QBoxLayout(QBoxLayout::LeftToRight, m_emptyButtons);
    row->setContentsMargins(0, 0, 0, 0);
    auto *addFiles = new QPushButton(icon("add-files"), tr("Add files…"), m_emptyButtons);
    auto *addFolder = new QPushButton(icon("add-folder"), tr("Add folder…"), m_emptyButtons);
    addFiles->setObjectName("emptyAddFiles");
    addFolder->setObjectName("emptyAddFolder");
    addFiles->setDefault(true);
    addFiles->setAccessibleDescription(tr("Choose image files to add to the queue"));
    addFolder->setAccessibleDescription(tr("Choose a folder whose images are added to the queue"));
    row->addWidget(addFiles);
    row->addWidget(addFolder);
    connect(addFiles, &QPushButton::clicked, this, &QueueView::addFilesRequested);
    connect(addFolder, &QPushButton::clicked, this, &QueueView::addFolderRequested);
    connect(model, &QAbstractItemModel::rowsInserted, this, &QueueView::updateEmptyState);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &QueueView::updateEmptyState);
    connect(model, &QAbstractItemModel::modelReset, this, &QueueView::updateEmptyState);
    updateEmptyState();
}

QList<quint64> QueueView::selectedUids() const
{
    QList<quint64> out;
    const QModelIndexList rows = selectionModel()->selectedIndexes();
    for (const QModelIndex &i : rows)
        out << i.data(QueueModel::UidRole).toULongLong();
    return out;
}

QList<quint64> QueueView::presetTargetsAt(const QPoint &pos) const
{
    const QModelIndex at = indexAt(pos);
    if (!at.isValid()) {
        // Empty space: the images that follow the default, never ones given a preset on purpose.
        QList<quint64> unassigned;
        for (int row = 0; row < m_queue->rowCount(); ++row)
            if (m_queue->itemAt(row).preset.isEmpty())
                unassigned << m_queue->itemAt(row).uid;
        return unassigned;
    }
    if (selectionModel()->isSelected(at))
        return selectedUids();
    return {at.data(QueueModel::UidRole).toULongLong()};
}

QString QueueView::presetDropText(const QString &preset, const QPoint &pos) const
{
    const QModelIndex at = indexAt(pos);
    const int n = int(presetTargetsAt(pos).size());
    if (!at.isValid())
        return n ? tr("“%1” → all %2 without a preset of their own").arg(preset, imageCount(n))
                 : tr("Every image has a preset of its own: dropping here changes nothing");
    if (selectionModel()->isSelected(at) && n > 1)
        return tr("“%1” → the %2 selected images").arg(preset, QLocale().toString(n));
    return tr("“%1” → %2").arg(preset, at.data(Qt::DisplayRole).toString());
}

namespace {
QString emptyHeading() { return QueueView::tr("Drop images or folders here"); }
QString emptyHint()
{
    return QueueView::tr("Folders are searched with their sub-folders. You can also paste an image "
                         "(Ctrl+V) or drop one from a web browser.");
}
} // namespace

QueueView::EmptyLayout QueueView::emptyLayout() const
{
    EmptyLayout l;
    l.zone = viewport()->rect().adjusted(24, 24, -24, -24);
    l.headingFont = font();
    l.headingFont.setPointSizeF(l.headingFont.pointSizeF() * 1.6);
    l.headingFont.setBold(true);
    // The words wrap inside the zone: German's heading, one line in a narrow queue, was cut at both
    // of its sides, and the hint's third line ran into the buttons.
    const int textWidth = std::max(1, l.zone.width() - 24);
    const auto wrapped = [textWidth](const QFont &f, const QString &text) {
        return QFontMetrics(f).boundingRect(QRect(0, 0, textWidth, 100000), Qt::AlignCenter | Qt::TextWordWrap, text);
    };
    const int headingHeight = wrapped(l.headingFont, emptyHeading()).height();
    const int hintHeight = wrapped(font(), emptyHint()).height();
    const QSize buttons = m_emptyButtons->sizeHint();
    constexpr int kIcon = 56, kGap = 12;
    const int total = kIcon + kGap + headingHeight + kGap + hintHeight + 2 * kGap + buttons.height();
    // Centred as it was (the heading a little above the middle), and from the zone's top when the
    // zone is shorter than the whole.
    int y = std::max(l.zone.top() + kGap, l.zone.center().y() - total / 2);
    const int left = l.zone.left() + 12;
    l.icon = QRect(l.zone.center().x() - kIcon / 2, y, kIcon, kIcon);
    y += kIcon + kGap;
    l.heading = QRect(left, y, textWidth, headingHeight);
    y += headingHeight + kGap;
    l.hint = QRect(left, y, textWidth, hintHeight);
    y += hintHeight + 2 * kGap;
    l.buttons = QRect(QPoint(l.zone.center().x() - buttons.width() / 2, y), buttons);
    return l;
}

void QueueView::takeKeys(Qt::FocusReason reason)
{
    if (m_queue->rowCount() == 0)
        m_emptyButtons->findChild<QPushButton *>("emptyAddFiles")->setFocus(reason);
    else
        setFocus(reason);
}

void QueueView::updateEmptyState()
{
    const bool empty = m_queue->rowCount() == 0;
    // The first images in: the keys on the drop zone's buttons go to the cards. Hidden with them,
    // they went to the next control, the Start button, when the images came before the window was
    // active (`pixelpool FILES`).
    if (QWidget *keys = window()->focusWidget(); !empty && keys && m_emptyButtons->isAncestorOf(keys))
        setFocus(Qt::OtherFocusReason);
    m_emptyButtons->setVisible(empty);
    if (empty) {
        // Side by side where they fit in the zone, else one above the other.
        m_emptyButtonsLayout->setDirection(QBoxLayout::LeftToRight);
        const int room = viewport()->width() - 2 * 24 - 24;
        if (m_emptyButtons->sizeHint().width() > room)
            m_emptyButtonsLayout->setDirection(QBoxLayout::TopToBottom);
        m_emptyButtons->setGeometry(emptyLayout().buttons);
    }
    viewport()->update();
}

QSize QueueView::minimumSizeHint() const
{
    QSize size = QListView::minimumSizeHint();
    size.setHeight(std::max(size.height(), leastHeight()));
    return size;
}

int QueueView::rowHeight() const { return QueueDelegate::cardSize().height() + 2 * frameWidth(); }

int QueueView::leastHeight() const { return std::clamp(m_leastHeight, rowHeight() / 2, rowHeight()); }

void QueueView::setLeastHeight(int height)
{
    const int before = leastHeight();
    m_leastHeight = height;
    if (leastHeight() != before)
        updateGeometry();
}

void QueueView::resizeEvent(QResizeEvent *e)
{
    updateGrid();
    QListView::resizeEvent(e);
    updateEmptyState();
}

bool QueueView::viewportEvent(QEvent *e)
{
    if (e->type() == QEvent::Resize)
        updateGrid(); // the scroll bar came or went
    return QListView::viewportEvent(e);
}

void QueueView::updateGrid()
{
    // Spread the columns over the whole width instead of leaving a ragged gap on the right. The
    // width is taken as if the scroll bar were shown, so its coming and going cannot make the
    // column count flip back and forth.
    const QSize card = QueueDelegate::cardSize();
    const int bar =
        verticalScrollBar()->isVisible() ? 0 : style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    const int width = viewport()->width() - bar - 2;
    const int columns = std::max(1, width / card.width());
    const QSize grid(std::max(card.width(), width / columns), card.height());
    if (grid != gridSize())
        setGridSize(grid);
}

bool QueueView::openResultOf(const QModelIndex &at)
{
    if (!at.isValid() || at.data(QueueModel::OutputRole).toByteArray().isEmpty() ||
        ItemState(at.data(QueueModel::StateRole).toInt()) != ItemState::Done)
        return false;
    emit openResultRequested(at.data(QueueModel::UidRole).toULongLong());
    return true;
}

void QueueView::mouseDoubleClickEvent(QMouseEvent *e)
{
    if (openResultOf(indexAt(e->position().toPoint()))) {
        e->accept();
        return;
    }
    QListView::mouseDoubleClickEvent(e);
}

void QueueView::keyPressEvent(QKeyEvent *e)
{
    // Shift+F10 and the Menu key open the menu a right click opens, at the current card. (On X11 Qt
    // makes the Menu key a context menu event itself, before the key; the menu then has the key.)
    const bool menuKey = (e->key() == Qt::Key_F10 && e->modifiers() == Qt::ShiftModifier) ||
                         (e->key() == Qt::Key_Menu && e->modifiers() == Qt::NoModifier);
    // Enter on a finished card opens its result, as a double-click does (from the keyboard it took
    // the context menu's "Open the result").
    const bool enter = (e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter) &&
                       (e->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
    if (enter && !e->isAutoRepeat() && openResultOf(currentIndex())) {
        e->accept();
        return;
    }
    if (!menuKey) {
        QListView::keyPressEvent(e);
        // Home and End show the image they go to also when it was the current one already (the
        // view scrolled away with the wheel): Qt scrolls only when the current image changes.
        if ((e->key() == Qt::Key_Home || e->key() == Qt::Key_End) && currentIndex().isValid())
            scrollTo(currentIndex());
        return;
    }
    QPoint at = viewport()->rect().center();
    if (const QModelIndex current = currentIndex(); current.isValid()) {
        scrollTo(current);
        at = visualRect(current).center();
    }
    // In viewport coordinates, as a scroll area's context menu events are.
    QContextMenuEvent menu(QContextMenuEvent::Keyboard, at, viewport()->mapToGlobal(at), e->modifiers());
    QCoreApplication::sendEvent(this, &menu);
    e->accept();
}

void QueueView::setDropHighlight(bool active, const QList<quint64> &targets, bool whole)
{
    if (!active && m_dragActive && !m_dragText.isEmpty()) {
        m_dragText.clear();
        emit presetDropPreview({});
    }
    m_dragActive = active;
    m_dragTargets = targets;
    m_dragWhole = whole;
    viewport()->update();
}

void QueueView::dragEnterEvent(QDragEnterEvent *e)
{
    if (!canAcceptDrop(e->mimeData())) {
        e->ignore();
        return;
    }
    e->setDropAction(Qt::CopyAction);
    e->accept();
    // Files held over the queue: what the drop does besides adding images (preset files it imports),
    // on the queue and in the status bar, as the preset cards say it. Looked at once, as they come.
    if (!e->mimeData()->hasFormat(kPresetMimeType)) {
        const QString text = queueDropText(routeDrop(e->mimeData()));
        if (text != m_dragText) {
            m_dragText = text;
            emit presetDropPreview(text);
        }
    }
    dragMoveEvent(e);
}

void QueueView::dragMoveEvent(QDragMoveEvent *e)
{
    if (!canAcceptDrop(e->mimeData())) {
        e->ignore();
        return;
    }
    e->setDropAction(Qt::CopyAction);
    e->accept();
    if (e->mimeData()->hasFormat(kPresetMimeType)) {
        const QPoint pos = e->position().toPoint();
        setDropHighlight(true, presetTargetsAt(pos), false);
        const QString text = presetDropText(QString::fromUtf8(e->mimeData()->data(kPresetMimeType)), pos);
        if (text != m_dragText) {
            m_dragText = text;
            emit presetDropPreview(text);
        }
    } else {
        setDropHighlight(true, {}, true);
    }
}

void QueueView::dragLeaveEvent(QDragLeaveEvent *e)
{
    setDropHighlight(false, {}, false);
    e->accept();
}

void QueueView::dropEvent(QDropEvent *e)
{
    setDropHighlight(false, {}, false);
    const DropContents contents = routeDrop(e->mimeData());
    QList<quint64> targets;
    if (!contents.presetName.isEmpty())
        targets = presetTargetsAt(e->position().toPoint());
    e->setDropAction(contents.isUsable() ? Qt::CopyAction : Qt::IgnoreAction);
    e->setAccepted(contents.isUsable());
    emit contentsDropped(contents, targets);
}

void QueueView::paintEvent(QPaintEvent *e)
{
    QListView::paintEvent(e);
    QPainter p(viewport());
    p.setRenderHint(QPainter::Antialiasing);
    const QColor accent(42, 125, 225);
    if (m_queue->rowCount() == 0) {
        // The empty state: an invitation, not a blank list.
        const EmptyLayout l = emptyLayout();
        QPainterPath path;
        path.addRoundedRect(l.zone, 14, 14);
        const QColor zone = m_dragActive ? over(QColor(42, 125, 225, 30), palette().color(QPalette::Base))
                                         : palette().color(QPalette::AlternateBase);
        p.fillPath(path, zone);
        p.setPen(QPen(m_dragActive ? accent : palette().color(QPalette::Mid), 2, Qt::DashLine));
        p.drawPath(path);
        icon("drop").paint(&p, l.icon);
        p.setFont(l.headingFont);
        p.setPen(readableOn(palette().color(QPalette::Text), zone));
        p.drawText(l.heading, Qt::AlignCenter | Qt::TextWordWrap, emptyHeading());
        p.setFont(font());
        p.setPen(readableOn(palette().color(QPalette::PlaceholderText), zone));
        p.drawText(l.hint, Qt::AlignCenter | Qt::TextWordWrap, emptyHint());
        if (m_dragActive && !m_dragText.isEmpty())
            paintDropLine(p, viewport(), font(), m_dragText, accent); // preset files: what the drop imports
        return;
    }
    if (!m_dragActive)
        return;
    p.setPen(QPen(accent, 3));
    p.setBrush(QColor(42, 125, 225, 40));
    if (m_dragWhole) {
        p.drawRoundedRect(QRectF(viewport()->rect()).adjusted(2, 2, -2, -2), 8, 8);
        if (!m_dragText.isEmpty())
            paintDropLine(p, viewport(), font(), m_dragText, accent); // preset files: what the drop imports
        return;
    }
    for (quint64 uid : m_dragTargets) {
        const QRect r = visualRect(m_queue->index(m_queue->rowOf(uid)));
        if (r.intersects(viewport()->rect()))
            p.drawRoundedRect(QRectF(r).adjusted(4, 4, -4, -4), 8, 8);
    }
    if (!m_dragText.isEmpty()) {
        paintDropLine(p, viewport(), font(), m_dragText, accent); // before release: what the drop will change
    }
}

} // namespace pp::gui
