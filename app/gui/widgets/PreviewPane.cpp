#include "PreviewPane.h"

#include <QHBoxLayout>
#include <algorithm>
#include <cmath>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

namespace pp::gui {

// At 1:1, which share of the full-size image one preview pixel stands for ("" when it is all).
static QString scaleNote(const QImage &image, const QSize &full)
{
    if (image.isNull() || !full.isValid() || image.width() >= full.width())
        return {};
    const double percent = 100.0 * image.width() / full.width();
    return PreviewPane::tr("%1 % of the full size").arg(percent, 0, 'f', percent < 10 ? 1 : 0);
}

PreviewPane::PreviewPane(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_hint = tr("Select an image in the queue to see it before and after its preset.");
    setAccessibleName(tr("Preview"));
    setAccessibleDescription(tr("The selected image before and after its preset"));

    m_controls = new QWidget(this);
    auto *row = new QHBoxLayout(m_controls);
    row->setContentsMargins(0, 0, 0, 0);
    m_splitButton = new QToolButton(m_controls);
    m_splitButton->setText(tr("Split"));
    m_splitButton->setCheckable(true);
    m_splitButton->setToolTip(tr("Before and after over each other, divided by a line you drag"));
    m_splitButton->setAccessibleDescription(m_splitButton->toolTip());
    m_actualButton = new QToolButton(m_controls);
    // Not "100 %": the preview is at most 800 px a side, so one to one is the original's 100 %
    // only for small images. The scale shown is written on the image (scaleNote).
    m_actualButton->setText(tr("1:1"));
    m_actualButton->setCheckable(true);
    m_actualButton->setToolTip(tr("Show the preview's pixels one to one instead of fitted; the preview is at most "
                                  "800 pixels a side, and the image says which share of the original that is"));
    m_actualButton->setAccessibleDescription(m_actualButton->toolTip());
    m_slider = new QSlider(Qt::Horizontal, m_controls);
    m_slider->setObjectName("splitSlider");
    m_slider->setRange(0, 1000);
    m_slider->setValue(500);
    m_slider->setEnabled(false);
    m_slider->setAccessibleName(tr("Split position"));
    m_slider->setAccessibleDescription(tr("Where the line between before (left) and after (right) is"));
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
}

void PreviewPane::setSplit(bool on)
{
    m_split = on;
    m_splitButton->setChecked(on);
    m_slider->setEnabled(on);
    update();
}

void PreviewPane::setActualSize(bool on)
{
    m_actualSize = on;
    m_actualButton->setChecked(on);
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
    if (!m_title.isEmpty())
        r.setTop(r.top() + fontMetrics().height() + 6);
    return r;
}

void PreviewPane::dragSplitTo(int x)
{
    const QRect area = imageArea();
    if (area.width() > 0)
        setSplitPosition(double(x - area.left()) / area.width());
}

void PreviewPane::mousePressEvent(QMouseEvent *e)
{
    if (m_split && e->button() == Qt::LeftButton && imageArea().contains(e->position().toPoint()))
        dragSplitTo(e->position().toPoint().x());
    else
        QWidget::mousePressEvent(e);
}

void PreviewPane::mouseMoveEvent(QMouseEvent *e)
{
    if (m_split && (e->buttons() & Qt::LeftButton))
        dragSplitTo(e->position().toPoint().x());
    else
        QWidget::mouseMoveEvent(e);
}

void PreviewPane::paintSplit(QPainter &p, const QRect &area)
{
    p.fillRect(area, palette().color(QPalette::Dark).darker(160));
    if (m_before.isNull()) {
        p.setPen(QColor(230, 230, 230));
        p.drawText(area, Qt::AlignCenter, tr("computing…"));
        return;
    }
    // Both images in the same rectangle, the before image's: the split line then crosses the
    // same spot of both, even when the preset changed the size.
    QSizeF s = QSizeF(m_before.size()) / m_before.devicePixelRatio();
    if (!m_actualSize)
        s.scale(area.size(), Qt::KeepAspectRatio);
    const QRectF target(area.left() + (area.width() - s.width()) / 2, area.top() + (area.height() - s.height()) / 2,
                        s.width(), s.height());
    const int splitX = area.left() + int(std::lround(m_splitPos * area.width()));
    p.save();
    p.setClipRect(area);
    p.setRenderHint(QPainter::SmoothPixmapTransform, !m_actualSize);
    p.drawImage(target, m_before);
    if (!m_after.isNull()) {
        p.setClipRect(QRect(QPoint(splitX, area.top()), area.bottomRight()));
        p.setOpacity(m_busy ? 0.45 : 1.0);
        p.drawImage(target, m_after);
        p.setOpacity(1.0);
    }
    p.setClipRect(area);
    p.setPen(QPen(Qt::white, 2));
    p.drawLine(splitX, area.top(), splitX, area.bottom());
    p.setBrush(Qt::white);
    p.setRenderHint(QPainter::Antialiasing);
    p.drawEllipse(QPoint(splitX, area.center().y()), 7, 7);
    const QFontMetrics fm(font());
    p.setPen(Qt::white);
    p.drawText(area.adjusted(6, 4, -6, -4), Qt::AlignLeft | Qt::AlignTop, tr("Before"));
    p.drawText(area.adjusted(6, 4, -6, -4), Qt::AlignRight | Qt::AlignTop,
               m_busy ? tr("After · updating…") : tr("After"));
    const QString note = m_actualSize ? scaleNote(m_before, m_beforeSize) : QString();
    if (!note.isEmpty())
        p.drawText(area.adjusted(6, 4, -6, -4), Qt::AlignLeft | Qt::AlignBottom, tr("Preview 1:1 · %1").arg(note));
    p.restore();
}

void PreviewPane::setTitle(const QString &title)
{
    m_title = title;
    update();
}

static QImage forPainting(const QImage &image)
{
    // Converted once when it arrives, not on every repaint.
    return image.isNull() ? image : image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

void PreviewPane::setBefore(const QImage &image, const QSize &size)
{
    m_before = forPainting(image);
    m_beforeSize = size;
    m_error.clear();
    update();
}

void PreviewPane::setAfter(const QImage &image, const QSize &size, double ms)
{
    m_after = forPainting(image);
    m_afterSize = size;
    m_ms = ms;
    m_error.clear();
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
    m_error = message;
    update();
}

void PreviewPane::clear(const QString &hint)
{
    m_before = m_after = {};
    m_error.clear();
    m_title.clear();
    if (!hint.isEmpty())
        m_hint = hint;
    update();
}

void PreviewPane::paintSide(QPainter &p, const QRect &r, const QImage &img, const QString &caption, bool dim)
{
    const QFontMetrics fm(font());
    const QRect captionRect(r.left(), r.bottom() - fm.height(), r.width(), fm.height());
    const QRect area = r.adjusted(0, 0, 0, -fm.height() - 4);
    // A checkerboard-free dark backdrop, so white and transparent images both show their edges.
    p.fillRect(area, palette().color(QPalette::Dark).darker(160));
    if (!img.isNull()) {
        QSizeF s = img.size();
        if (m_actualSize)
            s = QSizeF(img.size()) / img.devicePixelRatio(); // 1:1, the middle of it when larger
        else
            s.scale(area.size(), Qt::KeepAspectRatio); // fit, up or down: the whole image is shown
        const QRectF target(area.left() + (area.width() - s.width()) / 2, area.top() + (area.height() - s.height()) / 2,
                            s.width(), s.height());
        p.save();
        p.setClipRect(area);
        p.setRenderHint(QPainter::SmoothPixmapTransform, !m_actualSize);
        p.setOpacity(dim ? 0.45 : 1.0);
        p.drawImage(target, img);
        p.restore();
    } else {
        p.setPen(QColor(230, 230, 230));
        p.drawText(area, Qt::AlignCenter, tr("computing…"));
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawText(captionRect, Qt::AlignCenter, fm.elidedText(caption, Qt::ElideRight, captionRect.width()));
}

void PreviewPane::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    QRect r = rect().adjusted(8, 6, -8, 0);
    r.setBottom(m_controls->geometry().top() - 6);
    const QFontMetrics fm(font());
    if (m_before.isNull() && m_after.isNull() && m_error.isEmpty()) {
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
        r.setTop(r.top() + fm.height() + 6);
    }
    if (m_split) {
        paintSplit(p, r);
        if (!m_error.isEmpty()) {
            p.setPen(QColor(180, 40, 40));
            p.drawText(r, Qt::AlignCenter | Qt::TextWordWrap, tr("Preview failed: %1").arg(m_error));
        }
        return;
    }
    const bool sideBySide = r.width() > r.height();
    QRect a = r, b = r;
    if (sideBySide) {
        a.setRight(r.left() + r.width() / 2 - 4);
        b.setLeft(r.left() + r.width() / 2 + 4);
    } else {
        a.setBottom(r.top() + r.height() / 2 - 4);
        b.setTop(r.top() + r.height() / 2 + 4);
    }
    QString beforeCaption = m_beforeSize.isValid()
                                ? tr("Before · %1×%2").arg(m_beforeSize.width()).arg(m_beforeSize.height())
                                : tr("Before");
    const QString beforeNote = m_actualSize ? scaleNote(m_before, m_beforeSize) : QString();
    if (!beforeNote.isEmpty())
        beforeCaption += QStringLiteral(" · ") + beforeNote;
    paintSide(p, a, m_before, beforeCaption, false);
    QString afterCaption =
        m_afterSize.isValid()
            ? tr("After · %1×%2 · %3 ms").arg(m_afterSize.width()).arg(m_afterSize.height()).arg(m_ms, 0, 'f', 0)
            : tr("After");
    const QString afterNote = m_actualSize ? scaleNote(m_after, m_afterSize) : QString();
    if (!afterNote.isEmpty())
        afterCaption += QStringLiteral(" · ") + afterNote;
    if (m_busy)
        afterCaption = tr("After · updating…");
    paintSide(p, b, m_after, afterCaption, m_busy && !m_after.isNull());
    if (!m_error.isEmpty()) {
        const QRect box = b.adjusted(12, b.height() / 3, -12, -b.height() / 3);
        QPainterPath path;
        path.addRoundedRect(box, 6, 6);
        p.setRenderHint(QPainter::Antialiasing);
        p.fillPath(path, QColor(180, 40, 40, 230));
        p.setPen(Qt::white);
        p.drawText(box.adjusted(8, 4, -8, -4), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Preview failed: %1").arg(m_error));
    }
}

} // namespace pp::gui
