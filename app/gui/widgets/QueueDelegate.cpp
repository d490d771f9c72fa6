#include "QueueDelegate.h"

#include "Contrast.h"
#include "QueueModel.h"
#include "ThumbnailCache.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>
#include <QPainter>
#include <cmath>
#include <limits>
#include <QPainterPath>
#include <QTextLayout>

namespace pp::gui {

namespace {
// The states' own colours, as drawn for a white card; painted as dark or as light as the card they
// are on needs (readableOn).
const QColor kDone(46, 158, 91), kFailed(208, 69, 59), kBusy(42, 125, 225), kSkipped(208, 138, 26);
constexpr int kBottomMargin = 4; // between a card's last line of text and its border

QColor stateColor(ItemState s, const CardColours &card)
{
    switch (s) {
    case ItemState::Done:
        return readableOn(kDone, card.fill);
    case ItemState::Failed:
        return readableOn(kFailed, card.fill);
    case ItemState::Processing:
        return readableOn(kBusy, card.fill);
    case ItemState::Skipped:
        return readableOn(kSkipped, card.fill);
    default:
        return card.secondary;
    }
}

// The lines of `text` in `width`: wrapped between words, and inside a word only when it is longer
// than a line (a path). At most `maxLines`: when the text needs more, the last one ends with "…"
// after its last whole word (the card's tooltip has the whole); elidedText() cut wherever the
// width ended, "(Details: Prem…" read as a word of its own.
QStringList wrappedLines(const QString &text, const QFont &font, int width, int maxLines)
{
    QStringList lines;
    QTextLayout layout(text, font);
    QTextOption wrap;
    wrap.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(wrap);
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        lines << text.mid(line.textStart(), line.textLength());
    }
    layout.endLayout();
    for (QString &line : lines)
        line = line.trimmed();
    if (lines.size() <= maxLines)
        return lines;
    lines.resize(std::max(1, maxLines));
    const QFontMetrics fm(font);
    const QString ellipsis(QChar(0x2026));
    QString &last = lines.last();
    // The whole words of the last line that leave room for the ellipsis; a line that is one word
    // too long for that is cut inside it, but still with the sign of the cut.
    QString kept = last;
    while (!kept.isEmpty() && fm.horizontalAdvance(kept + ellipsis) > width) {
        const qsizetype space = kept.lastIndexOf(QLatin1Char(' '));
        if (space <= 0) {
            kept = fm.elidedText(last + ellipsis, Qt::ElideRight, width).chopped(1);
            break;
        }
        kept = kept.left(space).trimmed();
    }
    // A word can end before its punctuation is shown ("abgeschnitten (Details:" kept as
    // "abgeschnitten"): no opening bracket or colon hangs before the ellipsis.
    while (!kept.isEmpty() && QStringLiteral("(:,;-").contains(kept.back()))
        kept = kept.chopped(1).trimmed();
    last = kept + ellipsis;
    return lines;
}

enum class Glyph { Check, Cross, Redo };

void badge(QPainter *p, const QPoint &center, const QColor &color, Glyph glyph)
{
    p->setPen(Qt::NoPen);
    p->setBrush(underWhite(color, kShapeContrast)); // the white mark shows on it
    p->drawEllipse(center, 11, 11);
    p->setPen(QPen(Qt::white, 2.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p->setBrush(Qt::NoBrush);
    const QPointF c(center);
    switch (glyph) {
    case Glyph::Check:
        p->drawPolyline(QPolygonF({c + QPointF(-5, 0), c + QPointF(-1.5, 4), c + QPointF(5, -4)}));
        break;
    case Glyph::Cross:
        p->drawLine(c + QPointF(-4, -4), c + QPointF(4, 4));
        p->drawLine(c + QPointF(4, -4), c + QPointF(-4, 4));
        break;
    case Glyph::Redo: {
        // A circling arrow, open at the upper right, its head at the end of the turn: made again.
        constexpr double r = 5, endDeg = 20, pi = 3.14159265358979;
        p->drawArc(QRectF(c - QPointF(r, r), QSizeF(2 * r, 2 * r)), int((endDeg + 60) * 16), 300 * 16);
        const double a = endDeg * pi / 180;
        const QPointF end = c + QPointF(r * std::cos(a), -r * std::sin(a));
        const QPointF ahead(-std::sin(a), -std::cos(a)), across(std::cos(a), -std::sin(a));
        p->setPen(Qt::NoPen);
        p->setBrush(Qt::white);
        p->drawPolygon(QPolygonF({end + 4 * ahead, end + 3.2 * across, end - 3.2 * across}));
        break;
    }
    }
}
} // namespace

QueueDelegate::QueueDelegate(ThumbnailCache *thumbnails, QObject *parent)
    : QStyledItemDelegate(parent), m_thumbnails(thumbnails)
{
}

QSize QueueDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const { return cardSize(); }

void QueueDelegate::paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QPalette &pal = option.palette;
    const auto state = ItemState(index.data(QueueModel::StateRole).toInt());
    const bool selected = option.state & QStyle::State_Selected;
    const QRect card = option.rect.adjusted(5, 5, -5, -5);
    const CardColours colours = cardColours(pal, selected, pal.color(QPalette::Base)); // the list's base

    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    QPainterPath shape;
    shape.addRoundedRect(card, 8, 8);
    p->fillPath(shape, colours.fill);
    QColor border = colours.edge;
    if (state == ItemState::Failed && !selected)
        border = stateColor(state, colours);
    p->setPen(QPen(border, selected || state == ItemState::Failed ? 2 : 1));
    p->drawPath(shape);
    if (option.state & QStyle::State_HasFocus) {
        // The current card while the queue has the keyboard: a ring in the gap around it, so Tab
        // visibly lands in the queue and the arrow keys' card is seen (selected or not).
        QPainterPath ring;
        ring.addRoundedRect(QRectF(card).adjusted(-3, -3, 3, 3), 10, 10);
        p->setPen(QPen(colours.focusRing, 2, Qt::DotLine));
        p->drawPath(ring);
    }

    QFont bold = option.font;
    bold.setBold(true);
    const QFontMetrics bfm(bold), fm(option.font);
    const int textLeft = card.left() + 8, textWidth = card.width() - 16;
    const QString status = index.data(QueueModel::StatusTextRole).toString();
    // A failure's reason (or why an image was skipped) is read on the card, wrapped: below the
    // name there is room for three lines, and a longer reason ("Fehlgeschlagen: die Bilddaten
    // sind beschädigt oder abgeschnitten (Details: Premature end of JPEG file)" takes five) takes
    // the lines it needs from the picture, down to half of it. What still does not fit is on the
    // tooltip, and the card's last line says so with "…".
    const bool wraps = state == ItemState::Failed || state == ItemState::Skipped;
    int pictureHeight = thumbnailHeight();
    QStringList statusLines;
    if (wraps) {
        // The first line's top: below the picture and the name, as they are laid out further on.
        const int top = card.top() + 6 + thumbnailHeight() + 6 + bfm.height();
        const int room = std::max(1, (card.bottom() - kBottomMargin - top + 1) / fm.height());
        statusLines = wrappedLines(status, option.font, textWidth, std::numeric_limits<int>::max());
        const int more = std::max(0, int(statusLines.size()) - room);
        pictureHeight = std::max(thumbnailHeight() / 2, thumbnailHeight() - more * fm.height());
        const int lines = room + (thumbnailHeight() - pictureHeight) / fm.height();
        if (statusLines.size() > lines)
            statusLines = wrappedLines(status, option.font, textWidth, lines);
    }

    // Thumbnail: the result once there is one, else the source.
    const QRect thumbArea(card.left() + 6, card.top() + 6, card.width() - 12, pictureHeight);
    QImage thumb = index.data(QueueModel::ResultRole).value<QImage>();
    const bool isResult = !thumb.isNull();
    const QByteArray path = index.data(QueueModel::PathRole).toByteArray();
    const QByteArray key = index.data(QueueModel::ThumbnailKeyRole).toByteArray();
    const QByteArray output = index.data(QueueModel::OutputRole).toByteArray();
    if (!isResult && state == ItemState::Done && !output.isEmpty())
        thumb = m_thumbnails->get(output); // the result's thumbnail was let go: from the file
    if (thumb.isNull())
        thumb = m_thumbnails->get(key, index.data(QueueModel::MemoryDataRole).toByteArray(),
                                  index.data(QueueModel::ConfinementRole).value<Confinement>());
    QPainterPath thumbClip;
    thumbClip.addRoundedRect(thumbArea, 5, 5);
    const QColor thumbFill = pal.color(QPalette::AlternateBase).darker(104);
    p->fillPath(thumbClip, thumbFill);
    if (!thumb.isNull()) {
        QSizeF s = thumb.size();
        s.scale(thumbArea.size(), Qt::KeepAspectRatio);
        const QRectF target(thumbArea.left() + (thumbArea.width() - s.width()) / 2,
                            thumbArea.top() + (thumbArea.height() - s.height()) / 2, s.width(), s.height());
        p->setRenderHint(QPainter::SmoothPixmapTransform);
        p->setOpacity(state == ItemState::Cancelled || state == ItemState::Skipped ? 0.5 : 1.0);
        p->drawImage(target, thumb);
        p->setOpacity(1.0);
    } else {
        // Not made yet, or the worker could not read it: say what it is instead of a blank.
        const QString ext = QString::fromUtf8(path.mid(path.lastIndexOf('.') + 1)).toUpper().left(5);
        p->setPen(readableOn(pal.color(QPalette::PlaceholderText), thumbFill));
        QFont f = option.font;
        f.setBold(true);
        p->setFont(f);
        p->drawText(thumbArea, Qt::AlignCenter, m_thumbnails->failed(key) ? ext : QStringLiteral("…"));
        p->setFont(option.font);
    }

    // Preset chip, top left, when the item has a preset of its own.
    const QString preset = index.data(QueueModel::PresetRole).toString();
    if (!preset.isEmpty()) {
        QFont small = option.font;
        small.setPointSizeF(small.pointSizeF() * 0.85);
        small.setBold(true);
        const QFontMetrics fm(small);
        const QString text = fm.elidedText(preset, Qt::ElideRight, thumbArea.width() - 44);
        const QRect chip(thumbArea.left() + 4, thumbArea.top() + 4, fm.horizontalAdvance(text) + 12, fm.height() + 4);
        QPainterPath chipPath;
        chipPath.addRoundedRect(chip, chip.height() / 2.0, chip.height() / 2.0);
        p->fillPath(chipPath, underWhite(kBusy));
        p->setPen(Qt::white);
        p->setFont(small);
        p->drawText(chip, Qt::AlignCenter, text);
        p->setFont(option.font);
    }
    // A done card whose result is no longer what Start would make is not marked as finished.
    const QPoint badgeAt(thumbArea.right() - 14, thumbArea.top() + 14);
    const bool outdated = index.data(QueueModel::OutdatedRole).toInt() != int(Outdated::No);
    if (state == ItemState::Done)
        badge(p, badgeAt, outdated ? kSkipped : kDone, outdated ? Glyph::Redo : Glyph::Check);
    else if (state == ItemState::Failed)
        badge(p, badgeAt, kFailed, Glyph::Cross);

    if (state == ItemState::Processing) {
        // A thin bar along the thumbnail's bottom: the worker's step progress.
        const double progress = index.data(QueueModel::ProgressRole).toDouble();
        const QRectF bar(thumbArea.left() + 6, thumbArea.bottom() - 9, thumbArea.width() - 12, 5);
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(255, 255, 255, 200));
        p->drawRoundedRect(bar, 2.5, 2.5);
        p->setBrush(kBusy);
        p->drawRoundedRect(QRectF(bar.topLeft(), QSizeF(std::max(5.0, bar.width() * progress), bar.height())), 2.5,
                           2.5);
    }

    // Text: name, then size and state (or the reason, wrapped, for failures).
    int y = thumbArea.bottom() + 6;
    p->setFont(bold);
    p->setPen(colours.text);
    p->drawText(QRect(textLeft, y, textWidth, bfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                bfm.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideMiddle, textWidth));
    y += bfm.height() + 1;
    p->setFont(option.font);
    const qint64 bytes = index.data(QueueModel::SizeBytesRole).toLongLong();
    p->setPen(outdated ? readableOn(kSkipped, colours.fill) : stateColor(state, colours));
    if (wraps) {
        for (const QString &line : std::as_const(statusLines)) {
            p->drawText(QRect(textLeft, y, textWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, line);
            y += fm.height();
        }
    } else {
        p->drawText(QRect(textLeft, y, textWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    fm.elidedText(status, Qt::ElideRight, textWidth));
        y += fm.height();
        p->setPen(colours.secondary);
        QString second = formatBytes(bytes);
        const QString reason = index.data(QueueModel::ReasonRole).toString();
        if (state == ItemState::Done && !reason.isEmpty())
            second = tr("warning: %1").arg(reason);
        p->drawText(QRect(textLeft, y, textWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    fm.elidedText(second, Qt::ElideRight, textWidth));
    }
    p->restore();
}

QString QueueDelegate::wrappableTip(const QString &tip)
{
    // A line as long as a deep path (4,000 bytes, no space) made a plain-text tip one line wider
    // than X can show, and none appeared (window QA pass). As rich text a tip wraps at about 80
    // characters; a path gets a place to break after each '/'.
    constexpr int kLongestLine = 160;
    const QStringList lines = tip.split(QLatin1Char('\n'));
    if (std::none_of(lines.cbegin(), lines.cend(), [](const QString &l) { return l.size() > kLongestLine; }))
        return tip;
    QStringList html;
    for (const QString &line : lines)
        html << line.toHtmlEscaped().replace(QLatin1Char('/'), QStringLiteral("/\u200B"));
    return QStringLiteral("<qt>") + html.join(QStringLiteral("<br>")) + QStringLiteral("</qt>");
}

bool QueueDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                              const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QString tip = index.data(Qt::ToolTipRole).toString();
    const QByteArray key = index.data(QueueModel::ThumbnailKeyRole).toByteArray();
    if (index.data(QueueModel::ResultRole).value<QImage>().isNull() && m_thumbnails->failed(key))
        tip += "\n" + tr("No thumbnail: %1").arg(m_thumbnails->reason(key));
    QToolTip::showText(event->globalPos(), wrappableTip(tip), view);
    return true;
}

} // namespace pp::gui
