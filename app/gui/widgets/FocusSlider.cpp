#include "FocusSlider.h"

#include "Contrast.h"

#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionSlider>

namespace pp::gui {

FocusSlider::FocusSlider(Qt::Orientation orientation, QWidget *parent) : QSlider(orientation, parent) {}

QSize FocusSlider::sizeHint() const { return QSlider::sizeHint() + QSize(2 * kRingMargin, 2 * kRingMargin); }

QSize FocusSlider::minimumSizeHint() const
{
    return QSlider::minimumSizeHint() + QSize(2 * kRingMargin, 2 * kRingMargin);
}

QColor FocusSlider::focusRingColour() const
{
    // What shows around the slider: it paints no background of its own.
    return readableOn(palette().color(QPalette::Highlight), palette().color(backgroundRole()), kShapeContrast);
}

void FocusSlider::initStyleOption(QStyleOptionSlider *option) const
{
    QSlider::initStyleOption(option);
    option->rect = rect().adjusted(kRingMargin, kRingMargin, -kRingMargin, -kRingMargin);
}

void FocusSlider::paintEvent(QPaintEvent *e)
{
    QSlider::paintEvent(e);
    if (!hasFocus())
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QPainterPath ring;
    const double half = kRingWidth / 2.0;
    ring.addRoundedRect(QRectF(rect()).adjusted(half, half, -half, -half), 4, 4);
    p.setPen(QPen(focusRingColour(), kRingWidth));
    p.drawPath(ring);
}

} // namespace pp::gui
