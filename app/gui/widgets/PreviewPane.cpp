#include "PreviewPane.h"

#include "Contrast.h"
#include "FocusSlider.h"

#include <QStyle>
#include <QStyleOptionFocusRect>
#include <QHBoxLayout>
#include <algorithm>
#include <cmath>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSlider>
#include <QTextLayout>
#include <QToolButton>
#include <QVBoxLayout>

namespace pp::gui {

PreviewPane::PreviewPane(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_hint = tr("Select an image in the queue to see it before and after its preset.");
    setAccessibleName(tr("Preview"));
    describe();

    m_controls = new QWidget(this);
    auto *row = new QHBoxLayout(m_controls);
    row->setContentsMargins(0, 0, 0, 0);
    m_splitButton = new QToolButton(m_controls);
    m_splitButton->setObjectName("splitButton");
    m_splitButton->setText(tr("Split"));
    m_splitButton->setCheckable(true);
    m_splitButton->setToolTip(tr("Before and after over each other, divided by a line you drag"));
    m_splitButton->setAccessibleDescription(m_splitButton->toolTip());
    m_actualButton = new QToolButton(m_controls);
    m_actualButton->setObjectName("actualSizeButton");
    m_actualButton->setText(tr("100 %"));
    m_actualButton->setCheckable(true);
    m_actualButton->setToolTip(tr("Show the image at 100 %, one image pixel on one screen pixel, computed from the "
                                  "full-size original; drag, scroll or use the arrow keys to move around"));
    m_actualButton->setAccessibleDescription(m_actualButton->toolTip());
    m_slider = new FocusSlider(Qt::Horizontal, m_controls);
    m_slider->setObjectName("splitSlider");
    m_slider->setRange(0, 1000);
    m_slider->setSingleStep(10); // an arrow key moves the line 1 % of the way, Page Up/Down 10 %
    m_slider->setPageStep(100);
    m_slider->setValue(500);
    // Enabled side by side too, where it was disabled: it looked like one to move, and Tab passed it
    // by. Moving it shows the split view whose line it moves.
    m_slider->setAccessibleName(tr("Split position"));
    m_slider->setAccessibleDescription(
        tr("Where the line between before (left) and after (right) is; moving it shows them split"));
    row->addWidget(m_splitButton);
    row->addWidget(m_actualButton);
    row->addWidget(m_slider, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 0, 8, 6);
    layout->addStretch(1);
    layout->addWidget(m_controls);
    connect(m_splitButton, &QToolButton::toggled, this, &PreviewPane::setSplit);
    connect(m_actualButton, &QToolButton::toggled, this, &PreviewPane::setActualSize);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) { setSplitPosition(v / 1000.0); });
    connect(m_slider, &QSlider::actionTriggered, this, [this] { setSplit(true); }); // the user's move
}

void PreviewPane::setSplit(bool on)
{
    m_split = on;
    m_splitButton->setChecked(on);
    // At 100 % the view is another size split (one picture) than side by side: its region is asked
    // for again. Before, the side's region stayed, and the rest of the split view was the fitted
    // preview blown up, blurred (the window QA pass).
    announceRegion();
    update();
}

void PreviewPane::setActualSize(bool on)
{
    m_actualSize = on;
    m_actualButton->setChecked(on);
    // At 100 % the picture takes the keyboard (Tab stops on it; the arrow keys move it), as it takes
    // a drag: a keyboard user saw only its middle.
    setFocusPolicy(on ? Qt::StrongFocus : Qt::NoFocus);
    if (!on && hasFocus())
        m_actualButton->setFocus(Qt::OtherFocusReason);
    announceRegion();
    update();
}

void PreviewPane::setSplitPosition(double position)
{
    m_splitPos = std::clamp(position, 0.0, 1.0);
    const int v = int(std::lround(m_splitPos * 1000));
    if (m_slider->value() != v)
        m_slider->setValue(v);
    update();
}

QRect PreviewPane::imageArea() const
{
    QRect r = rect().adjusted(8, 6, -8, 0);
    r.setBottom(m_controls->geometry().top() - 6);
    r.setTop(noteTop());
    if (const qsizetype lines = noteLines().size())
        r.setTop(r.top() + int(lines) * fontMetrics().lineSpacing() + 6);
    return r;
}

int PreviewPane::noteTop() const { return 6 + (m_title.isEmpty() ? 0 : fontMetrics().height() + 6); }

void PreviewPane::dragSplitTo(int x)
{
    const QRect area = imageArea();
    if (area.width() > 0)
        setSplitPosition(double(x - area.left()) / area.width());
}

void PreviewPane::mousePressEvent(QMouseEvent *e)
{
    const QPoint pos = e->position().toPoint();
    m_drag = Drag::None;
    if (e->button() != Qt::LeftButton || !imageArea().contains(pos))
        return QWidget::mousePressEvent(e);
    // At 100 % a drag pans, except on the split line (or its handle), which still moves the line.
    const int splitX = imageArea().left() + int(std::lround(m_splitPos * imageArea().width()));
    if (m_split && (!m_actualSize || std::abs(pos.x() - splitX) <= 10)) {
        m_drag = Drag::Split;
        dragSplitTo(pos.x());
    } else if (m_actualSize) {
        m_drag = Drag::Pan;
        m_dragFrom = pos;
        setCursor(Qt::ClosedHandCursor);
    } else {
        QWidget::mousePressEvent(e);
    }
}

void PreviewPane::mouseMoveEvent(QMouseEvent *e)
{
    const QPoint pos = e->position().toPoint();
    if (m_drag == Drag::Split && (e->buttons() & Qt::LeftButton)) {
        dragSplitTo(pos.x());
    } else if (m_drag == Drag::Pan && (e->buttons() & Qt::LeftButton)) {
        panBy(pos - m_dragFrom);
        m_dragFrom = pos;
    } else {
        QWidget::mouseMoveEvent(e);
    }
}

void PreviewPane::mouseReleaseEvent(QMouseEvent *e)
{
    if (m_drag == Drag::Pan)
        unsetCursor();
    m_drag = Drag::None;
    QWidget::mouseReleaseEvent(e);
}

void PreviewPane::paintSplit(QPainter &p, const QRect &area)
{
    p.fillRect(area, palette().color(QPalette::Dark).darker(160));
    if (m_before.isNull()) {
        if (m_error.isEmpty()) { // an image that cannot be read has nothing coming
            p.setPen(QColor(230, 230, 230));
            p.drawText(area, Qt::AlignCenter, tr("computing…"));
        }
        return;
    }
    const int splitX = area.left() + int(std::lround(m_splitPos * area.width()));
    p.save();
    p.setClipRect(area);
    if (m_actualSize) {
        // Each side at its own 100 %, around the same spot.
        paintActual(p, false);
        p.setClipRect(QRect(QPoint(splitX, area.top()), area.bottomRight()));
        if (m_presetProblem.isEmpty()) {
            p.setOpacity(m_busy ? 0.45 : 1.0);
            paintActual(p, true);
            p.setOpacity(1.0);
        } else {
            p.fillRect(area, palette().color(QPalette::Dark).darker(160));
        }
    } else {
        // Both images in the same rectangle, the before image's: the split line then crosses the
        // same spot of both, even when the preset changed the size.
        QSizeF s = QSizeF(m_before.size()) / m_before.devicePixelRatio();
        s.scale(area.size(), Qt::KeepAspectRatio);
        const QRectF target(area.left() + (area.width() - s.width()) / 2, area.top() + (area.height() - s.height()) / 2,
                            s.width(), s.height());
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        drawPicture(p, target, m_before, m_beforeSeeThrough);
        if (!m_presetProblem.isEmpty()) {
            p.setClipRect(QRect(QPoint(splitX, area.top()), area.bottomRight()));
            p.fillRect(area, palette().color(QPalette::Dark).darker(160));
        } else if (!m_after.isNull()) {
            p.setClipRect(QRect(QPoint(splitX, area.top()), area.bottomRight()));
            // Where the after picture is see-through, its own checkerboard, not the before picture.
            if (m_afterSeeThrough)
                p.fillRect(target, palette().color(QPalette::Dark).darker(160));
            p.setOpacity(m_busy ? 0.45 : 1.0);
            drawPicture(p, target, m_after, m_afterSeeThrough);
            p.setOpacity(1.0);
        }
    }
    p.setClipRect(area);
    p.setPen(QPen(Qt::white, 2));
    p.drawLine(splitX, area.top(), splitX, area.bottom());
    p.setBrush(Qt::white);
    p.setRenderHint(QPainter::Antialiasing);
    p.drawEllipse(QPoint(splitX, area.center().y()), 7, 7);
    for (const SplitLabel &label : splitLabels()) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0, 0, 0, 170));
        p.drawRoundedRect(QRectF(label.box), 4, 4);
        p.setPen(Qt::white);
        p.drawText(label.box, Qt::AlignCenter, label.text);
    }
    p.restore();
}

QList<PreviewPane::SplitLabel> PreviewPane::splitLabels() const
{
    const QFontMetrics fm(font());
    const QRect in = imageArea().adjusted(6, 4, -6, -4);
    const int padX = 5, padY = 2;
    const auto box = [&](int left, int top, int textWidth) {
        return QRect(left, top, textWidth + 2 * padX, fm.height() + 2 * padY);
    };
    const QString before = tr("Before");
    const QString after = m_busy && m_presetProblem.isEmpty() ? tr("After · updating…") : tr("After");
    const int afterWidth = fm.horizontalAdvance(after);
    QList<SplitLabel> labels{{box(in.left() - padX + 1, in.top() - padY, fm.horizontalAdvance(before)), before},
                             {box(in.right() + padX - afterWidth - 2 * padX, in.top() - padY, afterWidth), after}};
    if (m_actualSize) {
        const QString note = fm.elidedText(actualNote(Side::Both), Qt::ElideRight, in.width() - 2 * padX);
        labels.append(
            {box(in.left() - padX + 1, in.bottom() + 1 + padY - fm.height() - 2 * padY, fm.horizontalAdvance(note)),
             note});
    }
    return labels;
}

void PreviewPane::setTitle(const QString &title)
{
    m_title = title;
    describe();
    update();
}

void PreviewPane::setNote(const QString &note)
{
    if (note == m_note)
        return;
    m_note = note;
    describe();
    announceRegion(); // the pictures' room changed
    update();
}

static QImage forPainting(const QImage &image)
{
    // Converted once when it arrives, not on every repaint.
    return image.isNull() ? image : image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

bool PreviewPane::isSeeThrough(const QImage &image)
{
    if (!image.hasAlphaChannel())
        return false;
    const QImage argb = image.format() == QImage::Format_ARGB32_Premultiplied || image.format() == QImage::Format_ARGB32
                            ? image
                            : image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x)
            if (qAlpha(line[x]) != 255)
                return true;
    }
    return false;
}

void PreviewPane::drawPicture(QPainter &p, const QRectF &target, const QImage &image, bool seeThrough) const
{
    if (seeThrough) {
        // Squares of the palette's base and a fifth of its text over it: light greys on a light
        // palette, dark ones on a dark palette, told apart from each other and from the backdrop
        // around the picture. They start at the picture's corner, so they move with it.
        const QColor base = palette().color(QPalette::Base);
        QColor text = palette().color(QPalette::Text);
        text.setAlphaF(0.2f);
        constexpr int kSquare = 8;
        QImage tile(2 * kSquare, 2 * kSquare, QImage::Format_RGB32);
        tile.fill(base);
        QPainter t(&tile);
        const QColor other = over(text, base);
        t.fillRect(0, 0, kSquare, kSquare, other);
        t.fillRect(kSquare, kSquare, kSquare, kSquare, other);
        t.end();
        p.save();
        p.setBrushOrigin(target.topLeft());
        p.fillRect(target, QBrush(tile));
        p.restore();
    }
    p.drawImage(target, image);
}

void PreviewPane::setBefore(const QImage &image, const QSize &size)
{
    m_before = forPainting(image);
    m_beforeSeeThrough = isSeeThrough(m_before);
    if (size != m_beforeSize)
        m_centre.reset();
    m_beforeSize = size;
    showError({});
    // A new "before" is a new image or a new pool: the region shown so far may not be this image's.
    m_region = {};
    m_lastWanted = {};
    announceRegion();
    update();
}

void PreviewPane::setAfter(const QImage &image, const QSize &size, double ms)
{
    m_after = forPainting(image);
    m_afterSeeThrough = isSeeThrough(m_after);
    m_afterSize = size;
    m_ms = ms;
    showError({});
    update();
}

void PreviewPane::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    update();
}

void PreviewPane::setError(const QString &message)
{
    // The after shown so far is not what the preset makes now (the preset, or its full-size run
    // that the batch makes too, failed): it goes with its caption, not left under the red box.
    if (!message.isEmpty()) {
        m_after = {};
        m_afterSize = {};
        m_ms = 0;
        m_region.after = {};
        m_region.afterRect = {};
    }
    showError(message);
    update();
}

void PreviewPane::setPresetProblem(const QString &why)
{
    if (why == m_presetProblem)
        return;
    // The result shown so far is of a preset that was valid before this change: it is not what the
    // preset makes now (nothing can be, as it is), so it is not painted while the problem lasts.
    m_presetProblem = why;
    describe();
    update();
}

bool PreviewPane::showsProblem() const
{
    // An image that cannot be read says so first: no preset would make anything of it.
    return !m_presetProblem.isEmpty() && !(m_before.isNull() && !m_error.isEmpty());
}

void PreviewPane::showError(const QString &message)
{
    if (message.isEmpty() && m_error.isEmpty())
        return; // nothing to take away (a failure said again is announced again: a new preview failed alike)
    m_error = message;
    describe();
    emit errorChanged(m_error);
}

void PreviewPane::describe()
{
    const bool boxed = showsProblem() || !m_error.isEmpty();
    setToolTip(boxed ? errorText() : QString());
    // A screen reader was told "The selected image before and after its preset", whatever the pane
    // said: not which image, not why its preview failed, not what the editor passed by. It hears
    // the pane's words as they are painted, top to bottom, each whole (the box and the note may be
    // cut with "…"), and what the pane is last.
    QStringList said;
    for (const QString &part : {m_title, m_note, boxed ? errorText() : QString()})
        if (!part.isEmpty())
            said << part;
    said << tr("The selected image before and after its preset");
    // Told to the accessibility bus (by Qt) only when the words change, not at each new state of the card.
    if (const QString description = said.join(QLatin1Char('\n')); description != accessibleDescription())
        setAccessibleDescription(description);
}

QString PreviewPane::errorText() const
{
    return showsProblem() ? tr("No preview: %1").arg(m_presetProblem) : tr("Preview failed: %1").arg(m_error);
}

namespace {
// `text` in lines of at most `width` pixels, broken between words (inside a word longer than a line,
// such as a path), at most `maxLines` of them: the last one that fits takes the rest, cut with "…".
QStringList wrapLines(const QString &text, const QFont &font, int width, int maxLines)
{
    const QFontMetrics fm(font);
    const QString plain = text.simplified();
    QTextLayout layout(plain, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    QStringList lines;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        if (lines.size() + 1 >= maxLines) {
            lines << fm.elidedText(plain.mid(line.textStart()), Qt::ElideRight, width);
            break;
        }
        lines << plain.mid(line.textStart(), line.textLength()).trimmed();
    }
    layout.endLayout();
    return lines;
}
} // namespace

QStringList PreviewPane::noteLines() const
{
    if (m_note.isEmpty())
        return {};
    const QFontMetrics fm(font());
    const int textWidth = std::max(1, width() - 16);
    const int room = std::max(1, (m_controls->geometry().top() - noteTop()) / 3 / fm.lineSpacing());
    const QStringList paragraphs = m_note.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QStringList lines;
    for (qsizetype i = 0; i < paragraphs.size(); ++i) {
        if (lines.size() >= room) { // the rest goes after the last line that fits, cut with "…"
            lines.last() = fm.elidedText(lines.last() + QLatin1Char(' ') + paragraphs.mid(i).join(QLatin1Char(' ')),
                                         Qt::ElideRight, textWidth);
            break;
        }
        lines += wrapLines(paragraphs[i], font(), textWidth, room - int(lines.size()));
    }
    return lines;
}

QList<QRect> PreviewPane::noteRects() const
{
    QList<QRect> rects;
    const int line = fontMetrics().lineSpacing();
    for (qsizetype i = 0; i < noteLines().size(); ++i)
        rects << QRect(8, noteTop() + int(i) * line, width() - 16, line);
    return rects;
}

QRect PreviewPane::errorRoom() const
{
    const QFontMetrics fm(font());
    const QRect area = imageArea();
    if (m_split) // below "Before" and "After", above the 100 % note
        return area.adjusted(0, fm.height() + 8, 0, m_actualSize ? -(fm.height() + 8) : 0);
    const auto picture = [&](bool after) { return sideRect(after).adjusted(0, 0, 0, -fm.height() - 4); };
    if (!m_before.isNull())
        return picture(true);
    // An image that cannot be read: over both pictures side by side. Stacked, the before's caption
    // lies between them, and the box goes over the before's picture.
    const QRect before = picture(false), after = picture(true);
    return before.top() == after.top() ? before.united(after) : before;
}

PreviewPane::ErrorBox PreviewPane::errorBox() const
{
    if (m_error.isEmpty() && !showsProblem())
        return {};
    const QRect room = errorRoom();
    if (room.width() <= 0 || room.height() <= 0)
        return {};
    const QFontMetrics fm(font());
    const int inset = std::min(12, room.width() / 10), pad = 8;
    const int textWidth = std::max(1, room.width() - 2 * inset - 2 * pad);
    const int maxLines = std::max(1, (room.height() - pad) / fm.lineSpacing());
    ErrorBox e;
    e.lines = wrapLines(errorText(), font(), textWidth, maxLines);
    // The middle third of the room, taller when the text needs it, never more than the room.
    const int height =
        std::min(room.height(), std::max(room.height() / 3, int(e.lines.size()) * fm.lineSpacing() + pad));
    e.box = QRect(room.left() + inset, room.top() + (room.height() - height) / 2, room.width() - 2 * inset, height);
    return e;
}

QRect PreviewPane::errorRect() const { return errorBox().box; }

QList<QRect> PreviewPane::labelRects() const
{
    const QFontMetrics fm(font());
    if (m_split) { // as paintSplit draws them
        QList<QRect> labels;
        for (const SplitLabel &label : splitLabels())
            labels << label.box;
        return labels;
    }
    QList<QRect> captions; // as paintSide draws them
    for (const bool after : {false, true}) {
        const QRect side = sideRect(after);
        captions << QRect(side.left(), side.bottom() - fm.height(), side.width(), fm.height());
    }
    return captions;
}

void PreviewPane::clear(const QString &hint)
{
    m_before = m_after = {};
    m_beforeSize = m_afterSize = {};
    m_region = {};
    m_centre.reset();
    m_lastWanted = {};
    m_regionAsked = false;
    showError({});
    m_title.clear();
    m_note.clear();
    describe();
    if (!hint.isEmpty())
        m_hint = hint;
    update();
}

void PreviewPane::forgetAfter()
{
    m_after = {};
    m_afterSize = {};
    m_region = {}; // its after part too
    m_regionAsked = false;
    describe();
    update();
}

void PreviewPane::paintSide(QPainter &p, const QRect &r, const QImage &side, const QString &caption, bool dim)
{
    const bool after = &side == &m_after;
    // The after side of a preset that cannot run shows nothing, not what an earlier version made.
    const QImage img = after && !m_presetProblem.isEmpty() ? QImage() : side;
    const QFontMetrics fm(font());
    const QRect captionRect(r.left(), r.bottom() - fm.height(), r.width(), fm.height());
    const QRect area = r.adjusted(0, 0, 0, -fm.height() - 4);
    // A dark backdrop, so a white image shows its edges; a transparent one has a checkerboard of its own.
    p.fillRect(area, palette().color(QPalette::Dark).darker(160));
    if (!img.isNull() && m_actualSize) {
        p.save();
        p.setClipRect(area);
        p.setOpacity(dim ? 0.45 : 1.0);
        paintActual(p, after);
        p.restore();
    } else if (!img.isNull()) {
        QSizeF s = img.size();
        s.scale(area.size(), Qt::KeepAspectRatio); // fit, up or down: the whole image is shown
        const QRectF target(area.left() + (area.width() - s.width()) / 2, area.top() + (area.height() - s.height()) / 2,
                            s.width(), s.height());
        p.save();
        p.setClipRect(area);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.setOpacity(dim ? 0.45 : 1.0);
        drawPicture(p, target, img, after ? m_afterSeeThrough : m_beforeSeeThrough);
        p.restore();
    } else if (m_error.isEmpty() && !(after && !m_presetProblem.isEmpty())) {
        // An image that cannot be read, or a preset that cannot run, has nothing coming.
        p.setPen(QColor(230, 230, 230));
        p.drawText(area, Qt::AlignCenter, tr("computing…"));
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawText(captionRect, Qt::AlignCenter, fm.elidedText(caption, Qt::ElideRight, captionRect.width()));
}

QString PreviewPane::caption(bool after) const
{
    if (!after) {
        QString text = m_beforeSize.isValid()
                           ? tr("Before · %1×%2").arg(m_beforeSize.width()).arg(m_beforeSize.height())
                           : tr("Before");
        if (m_actualSize)
            text += QStringLiteral(" · ") + actualNote(Side::Before);
        return text;
    }
    if (!m_presetProblem.isEmpty())
        return tr("After"); // no size nor time: nothing is made of the preset as it is
    if (m_busy)
        return tr("After · updating…");
    QString text =
        m_afterSize.isValid()
            ? tr("After · %1×%2 · %3 ms").arg(m_afterSize.width()).arg(m_afterSize.height()).arg(m_ms, 0, 'f', 0)
            : tr("After");
    if (m_actualSize)
        text += QStringLiteral(" · ") + actualNote(Side::After);
    return text;
}

void PreviewPane::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    QRect r = rect().adjusted(8, 6, -8, 0);
    r.setBottom(m_controls->geometry().top() - 6);
    const QFontMetrics fm(font());
    const bool nothingYet = m_before.isNull() && m_after.isNull() && m_error.isEmpty();
    if (nothingYet && m_note.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(r, Qt::AlignCenter | Qt::TextWordWrap, m_busy ? tr("Computing the preview…") : m_hint);
        return;
    }
    if (!m_title.isEmpty()) {
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(palette().color(QPalette::Text));
        const QRect titleRect(r.left(), r.top(), r.width(), fm.height());
        p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(bold).elidedText(m_title, Qt::ElideMiddle, r.width()));
        p.setFont(font());
    }
    // The note stays in view while the image it goes with is computed.
    p.setPen(palette().color(QPalette::Text));
    const QStringList note = noteLines();
    const QList<QRect> noteAt = noteRects();
    for (qsizetype i = 0; i < note.size(); ++i)
        p.drawText(noteAt[i], Qt::AlignLeft | Qt::AlignVCenter, note[i]);
    r.setTop(imageArea().top());
    if (nothingYet) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(r, Qt::AlignCenter | Qt::TextWordWrap, m_busy ? tr("Computing the preview…") : m_hint);
        return;
    }
    // White on red in a box over the pictures, beside the labels (errorBox).
    const auto paintError = [&] {
        const ErrorBox e = errorBox();
        if (e.box.isEmpty())
            return;
        QPainterPath path;
        path.addRoundedRect(e.box, 6, 6);
        p.setRenderHint(QPainter::Antialiasing);
        // A preset that cannot run is the editor's to say (its status line is red): here, grey.
        p.fillPath(path, showsProblem() ? QColor(90, 90, 90, 230) : QColor(180, 40, 40, 230));
        p.setPen(Qt::white);
        const int line = fm.lineSpacing();
        int y = e.box.top() + (e.box.height() - int(e.lines.size()) * line) / 2;
        for (const QString &text : e.lines) {
            p.drawText(QRect(e.box.left() + 8, y, e.box.width() - 16, line), Qt::AlignHCenter | Qt::AlignVCenter, text);
            y += line;
        }
    };
    // At 100 % the picture takes the keyboard: a focus frame says when it has it.
    const auto paintFocus = [&] {
        if (!hasFocus())
            return;
        QStyleOptionFocusRect focus;
        focus.initFrom(this);
        focus.rect = r.adjusted(-3, -3, 3, 3);
        focus.backgroundColor = palette().color(QPalette::Window);
        style()->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, &p, this);
    };
    if (m_split) {
        paintSplit(p, r);
        paintError();
        paintFocus();
        return;
    }
    const QRect a = sideRect(false), b = sideRect(true);
    paintSide(p, a, m_before, caption(false), false);
    paintSide(p, b, m_after, caption(true), m_busy && showsAfter());
    paintError();
    paintFocus();
}

} // namespace pp::gui
