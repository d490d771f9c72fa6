#include "StatusLine.h"

#include <QEvent>
#include <QPainter>
#include <QStyle>

namespace pp::gui {

StatusLine::StatusLine(QWidget *parent) : QWidget(parent)
{
    // Grows with the row from a few letters wide (never to nothing, as an ignored size would let
    // it); only the font decides its height.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void StatusLine::setFullText(const QString &text)
{
    if (text == m_full)
        return;
    m_full = text;
    elide();
}

QSize StatusLine::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(QStringLiteral("Mmmm…")), fontMetrics().height()};
}

QSize StatusLine::minimumSizeHint() const { return sizeHint(); }

void StatusLine::elide()
{
    const QString shown = fontMetrics().elidedText(m_full, Qt::ElideRight, std::max(0, contentsRect().width()));
    m_shown = shown;
    setToolTip(m_shown == m_full ? QString() : m_full);
    setAccessibleName(m_full); // a screen reader reads the whole text, not the cut one
    update();
}

void StatusLine::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    style()->drawItemText(&p, contentsRect(), int(Qt::AlignLeft | Qt::AlignVCenter), palette(), isEnabled(), m_shown,
                          QPalette::WindowText);
}

void StatusLine::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    elide();
}

void StatusLine::changeEvent(QEvent *e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::FontChange) {
        updateGeometry(); // the height follows the font
        elide();
    }
}

} // namespace pp::gui
