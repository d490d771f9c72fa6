// PreviewPane at 100 %: which region it shows, how the user moves it, and how it is painted.
#include "PreviewPane.h"

#include <QKeyEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace pp::gui {

QRect PreviewPane::sideRect(bool after) const
{
    const QRect r = imageArea();
    QRect side = r;
    if (r.width() > r.height()) { // side by side
        if (after)
            side.setLeft(r.left() + r.width() / 2 + 4);
        else
            side.setRight(r.left() + r.width() / 2 - 4);
    } else { // stacked
        if (after)
            side.setTop(r.top() + r.height() / 2 + 4);
        else
            side.setBottom(r.top() + r.height() / 2 - 4);
    }
    return side;
}

QRect PreviewPane::regionViewport() const
{
    if (m_split)
        return imageArea();
    return sideRect(false).adjusted(0, 0, 0, -fontMetrics().height() - 4); // above the caption
}

QSize PreviewPane::frameSize(bool after) const
{
    return after && m_afterSize.isValid() && m_presetProblem.isEmpty() ? m_afterSize : m_beforeSize;
}

QPointF PreviewPane::viewCentre() const
{
    if (!m_centre)
        return QPointF(m_beforeSize.width() / 2.0, m_beforeSize.height() / 2.0);
    return *m_centre;
}

QRect PreviewPane::wantedRegion() const
{
    if (!m_actualSize || !m_beforeSize.isValid())
        return {};
    const QSize view = (QSizeF(regionViewport().size()) * devicePixelRatioF()).toSize();
    const int w = std::min(view.width(), m_beforeSize.width()), h = std::min(view.height(), m_beforeSize.height());
    if (w <= 0 || h <= 0)
        return {};
    const QPointF c = viewCentre();
    const int x = std::clamp(int(std::floor(c.x() - w / 2.0)), 0, m_beforeSize.width() - w);
    const int y = std::clamp(int(std::floor(c.y() - h / 2.0)), 0, m_beforeSize.height() - h);
    return {x, y, w, h};
}

QPointF PreviewPane::toWidget(const QPointF &imagePixel, bool after) const
{
    // In device pixels, an integer offset: at 100 % image pixels land exactly on screen pixels.
    const double d = devicePixelRatioF();
    const QRect view =
        after && !m_split ? sideRect(true).adjusted(0, 0, 0, -fontMetrics().height() - 4) : regionViewport();
    const QRect wanted = wantedRegion();
    double sx = 1, sy = 1;
    if (after && m_beforeSize.isValid() && frameSize(true).isValid()) {
        sx = double(frameSize(true).width()) / m_beforeSize.width();
        sy = double(frameSize(true).height()) / m_beforeSize.height();
    }
    const double cx = (wanted.x() + wanted.width() / 2.0) * sx, cy = (wanted.y() + wanted.height() / 2.0) * sy;
    const double ox = std::floor(view.width() * d / 2.0 - cx), oy = std::floor(view.height() * d / 2.0 - cy);
    return QPointF(view.left() + (ox + imagePixel.x()) / d, view.top() + (oy + imagePixel.y()) / d);
}

void PreviewPane::paintActual(QPainter &p, bool after)
{
    const QImage &preview = after ? m_after : m_before;
    const QSize frame = frameSize(after);
    if (!frame.isValid() || wantedRegion().isEmpty())
        return;
    const double d = devicePixelRatioF();
    const QPointF origin = toWidget({0, 0}, after);
    // The downscaled preview stands in where the full-size pixels have not come yet (and while
    // a drag moves the view past the region last received).
    if (!preview.isNull()) {
        p.setRenderHint(QPainter::SmoothPixmapTransform, true);
        drawPicture(p, QRectF(origin, QSizeF(frame) / d), preview, after ? m_afterSeeThrough : m_beforeSeeThrough);
    }
    const QImage &sharp = after ? m_region.after : m_region.before;
    const QRect at = after ? m_region.afterRect : m_region.beforeRect;
    if (!sharp.isNull() && (!after || m_region.outputSize == frame)) {
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        // Its checkerboard covers the enlarged preview under it, which would show through.
        drawPicture(p, QRectF(origin + QPointF(at.topLeft()) / d, QSizeF(at.size()) / d), sharp,
                    after ? m_regionAfterSeeThrough : m_regionBeforeSeeThrough);
    }
}

QString PreviewPane::actualNote(Side side) const
{
    const QSize out = frameSize(true);
    const bool resized = out != m_beforeSize;
    QString note;
    switch (side) {
    case Side::Before:
    case Side::After: // each caption says its side's size
        note = tr("100 %");
        break;
    case Side::Both:
        note = resized ? tr("Before 100 % · after 100 % of %1×%2").arg(out.width()).arg(out.height())
                       : tr("Before and after at 100 %");
        break;
    }
    if (m_regionAsked || m_region.isNull())
        note += QStringLiteral(" · ") + tr("loading full-size pixels…");
    return note;
}

void PreviewPane::setRegion(const RegionPreview &region)
{
    if (region.beforeSize.isValid() && region.beforeSize != m_beforeSize)
        return; // made for an image no longer shown
    m_region = region;
    m_region.before = region.before.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    m_region.after = region.after.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    m_regionBeforeSeeThrough = isSeeThrough(m_region.before);
    m_regionAfterSeeThrough = isSeeThrough(m_region.after);
    if (region.latest)
        m_regionAsked = false;
    update();
}

void PreviewPane::announceRegion()
{
    const QRect wanted = wantedRegion();
    if (wanted == m_lastWanted)
        return;
    m_lastWanted = wanted;
    m_regionAsked = !wanted.isEmpty();
    emit regionWanted(wanted);
}

void PreviewPane::panBy(const QPoint &delta)
{
    const QRect before = wantedRegion();
    if (before.isEmpty())
        return;
    // The centre of what is shown, not the stored one: a centre pushed past an edge comes back at once.
    const double d = devicePixelRatioF();
    m_centre =
        QPointF(std::clamp(before.x() + before.width() / 2.0 - delta.x() * d, 0.0, m_beforeSize.width() * 1.0),
                std::clamp(before.y() + before.height() / 2.0 - delta.y() * d, 0.0, m_beforeSize.height() * 1.0));
    announceRegion();
    update();
}

void PreviewPane::wheelEvent(QWheelEvent *e)
{
    if (!m_actualSize || wantedRegion().isEmpty())
        return QWidget::wheelEvent(e);
    QPoint step = e->pixelDelta();
    if (step.isNull())
        step = (QPointF(e->angleDelta()) * (fontMetrics().height() * 3 / 120.0)).toPoint(); // 3 lines a notch
    if (e->modifiers() & Qt::ShiftModifier && step.x() == 0)
        step = QPoint(step.y(), 0); // Shift + wheel: sideways, as in other viewers
    panBy(step);
    e->accept();
}

void PreviewPane::keyPressEvent(QKeyEvent *e)
{
    // At 100 %: the arrow keys move the picture a few lines' worth, Page Up and Page Down (with
    // Shift, sideways) most of the view's height, as in other viewers.
    const QRect area = imageArea();
    if (!m_actualSize || wantedRegion().isEmpty() || area.isEmpty())
        return QWidget::keyPressEvent(e);
    const int line = fontMetrics().height() * 3;
    const int pageY = std::max(line, area.height() * 9 / 10), pageX = std::max(line, area.width() * 9 / 10);
    const bool shift = e->modifiers() & Qt::ShiftModifier;
    QPoint step;
    switch (e->key()) {
    case Qt::Key_Left:
        step = {line, 0};
        break;
    case Qt::Key_Right:
        step = {-line, 0};
        break;
    case Qt::Key_Up:
        step = {0, line};
        break;
    case Qt::Key_Down:
        step = {0, -line};
        break;
    case Qt::Key_PageUp:
        step = shift ? QPoint(pageX, 0) : QPoint(0, pageY);
        break;
    case Qt::Key_PageDown:
        step = shift ? QPoint(-pageX, 0) : QPoint(0, -pageY);
        break;
    default:
        return QWidget::keyPressEvent(e);
    }
    panBy(step); // the picture moves against the key: Right shows what is to the right
    e->accept();
}

void PreviewPane::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    announceRegion();
}

} // namespace pp::gui
