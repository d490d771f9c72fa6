#include "StatusLine.h"

#include "ElidedLabel.h"

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

namespace {
const QString kSeparator = QStringLiteral(" · ");
}

void StatusLine::setFullText(const QString &text)
{
    if (text == m_full && m_parts.isEmpty())
        return;
    m_parts.clear();
    m_full = text;
    elide();
}

void StatusLine::setParts(const QStringList &parts)
{
    if (parts == m_parts && !parts.isEmpty())
        return;
    m_parts = parts;
    m_full = parts.join(kSeparator);
    elide();
}

QSize StatusLine::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(QStringLiteral("Mmmm…")), fontMetrics().height()};
}

QSize StatusLine::minimumSizeHint() const { return sizeHint(); }

void StatusLine::elide()
{
    const int width = std::max(0, contentsRect().width());
    QString shown = elideAtWord(fontMetrics(), m_full, width); // "5 images…", not "5 images w…"
    // Whole parts from the end first, as long as the first one fits with the sign of the cut.
    bool fits = false;
    for (qsizetype keep = m_parts.size() - 1; shown != m_full && keep >= 1 && !fits; --keep) {
        const QString fewer = QStringList(m_parts.mid(0, keep)).join(kSeparator) + kSeparator + QChar(0x2026);
        if ((fits = fontMetrics().horizontalAdvance(fewer) <= width))
            shown = fewer;
    }
    // The first part whole, with the sign of the rest, even where the separator has no room.
    if (!fits && shown != m_full && !m_parts.isEmpty()) {
        const QString first = m_parts.first() + QStringLiteral(" ") + QChar(0x2026);
        if (fontMetrics().horizontalAdvance(first) <= width)
            shown = first;
    }
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
