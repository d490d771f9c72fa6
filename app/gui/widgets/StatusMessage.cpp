#include "StatusMessage.h"

#include "ElidedLabel.h"

#include <QEvent>
#include <QPainter>
#include <QStyle>
#include <QTextLayout>

namespace pp::gui {

QStringList wrapAtWords(const QFont &font, const QString &text, int width, int maxLines, bool *cut)
{
    const QFontMetrics fm(font);
    const auto last = [&](const QString &rest) {
        const QString shown = elideAtWord(fm, rest, width);
        if (cut)
            *cut = shown != rest;
        return shown;
    };
    if (text.isEmpty() || width <= 0 || fm.horizontalAdvance(text) <= width || maxLines <= 1)
        return {last(text)};
    QTextLayout layout(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    QStringList lines;
    int at = 0;
    layout.beginLayout();
    while (lines.size() < maxLines - 1) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        lines << text.mid(line.textStart(), line.textLength()).trimmed();
        at = line.textStart() + line.textLength();
    }
    layout.endLayout();
    if (const QString rest = text.mid(at).trimmed(); !rest.isEmpty())
        lines << last(rest);
    return lines;
}

StatusMessage::StatusMessage(QWidget *parent) : QLabel(parent)
{
    setObjectName("statusMessage");
    setTextFormat(Qt::PlainText);
    // As wide as the status bar leaves it, from a few letters; as high as its lines.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setContentsMargins(4, 0, 0, 0); // where QStatusBar began its own message
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &StatusMessage::clearMessage);
}

void StatusMessage::showMessage(const QString &text, int timeoutMs)
{
    if (timeoutMs > 0)
        m_timeout.start(timeoutMs);
    else
        m_timeout.stop();
    if (text == QLabel::text())
        return;
    setText(text);
    relayout();
}

QSize StatusMessage::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const qsizetype lines = std::max<qsizetype>(1, m_lines.size());
    const QMargins m = contentsMargins();
    return {fm.horizontalAdvance(QStringLiteral("Mmmm…")) + m.left() + m.right(),
            fm.height() + int(lines - 1) * fm.lineSpacing() + m.top() + m.bottom()};
}

QSize StatusMessage::minimumSizeHint() const { return sizeHint(); }

void StatusMessage::relayout()
{
    const qsizetype before = std::max<qsizetype>(1, m_lines.size());
    m_cut = false;
    m_lines = text().isEmpty() ? QStringList() : wrapAtWords(font(), text(), contentsRect().width(), kMaxLines, &m_cut);
    setToolTip(m_cut ? text() : QString());
    setAccessibleName(text()); // a screen reader reads the whole message, not the cut one
    if (std::max<qsizetype>(1, m_lines.size()) != before)
        updateGeometry(); // the status bar takes the height of the lines
    update();
}

void StatusMessage::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QFontMetrics fm = fontMetrics();
    const QRect r = contentsRect();
    // Centred as one line was, the second under it.
    const int height = fm.height() + int(std::max<qsizetype>(1, m_lines.size()) - 1) * fm.lineSpacing();
    int top = r.top() + (r.height() - height) / 2;
    for (const QString &line : m_lines) {
        style()->drawItemText(&p, QRect(r.left(), top, r.width(), fm.height()), int(Qt::AlignLeft | Qt::AlignVCenter),
                              palette(), isEnabled(), line, QPalette::WindowText);
        top += fm.lineSpacing();
    }
}

void StatusMessage::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    relayout();
}

void StatusMessage::changeEvent(QEvent *e)
{
    QLabel::changeEvent(e);
    if (e->type() == QEvent::FontChange) {
        updateGeometry();
        relayout();
    }
}

} // namespace pp::gui
