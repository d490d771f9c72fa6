#include "ElidedLabel.h"

#include <QResizeEvent>

namespace pp::gui {

ElidedLabel::ElidedLabel(QWidget *parent, Qt::TextElideMode mode) : QLabel(parent), m_mode(mode)
{
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setTextFormat(Qt::PlainText);
}

void ElidedLabel::setFullText(const QString &text)
{
    if (text == m_full && !text.isEmpty())
        return;
    m_full = text;
    updateGeometry();
    relayout();
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(QStringLiteral("Mmmm…")), fm.height()};
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(m_full) + 4, fm.height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *e)
{
    QLabel::resizeEvent(e);
    relayout();
}

void ElidedLabel::relayout()
{
    const QString shown = fontMetrics().elidedText(m_full, m_mode, std::max(0, contentsRect().width()));
    QLabel::setText(shown);
    setToolTip(shown == m_full ? QString() : m_full);
    setAccessibleName(m_full); // a screen reader reads the whole text, not the cut one
}

} // namespace pp::gui
