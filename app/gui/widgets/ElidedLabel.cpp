#include "ElidedLabel.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QResizeEvent>
#include <QStyleOptionComboBox>
#include <QStylePainter>
#include <QTextDocument>
#include <QToolTip>

namespace pp::gui {

QString elideAtWord(const QFontMetrics &fm, const QString &text, int width)
{
    const QString cut = fm.elidedText(text, Qt::ElideRight, width);
    if (cut == text || cut.isEmpty())
        return cut;
    const QChar ellipsis(0x2026);
    QString kept = cut.endsWith(ellipsis) ? cut.chopped(1) : cut;
    // Where elidedText() cut at a word's end, the word is whole; otherwise back to the space
    // before the cut word.
    const bool atWordEnd = kept.size() < text.size() && !text.at(kept.size()).isLetterOrNumber();
    if (!atWordEnd) {
        qsizetype space = kept.size() - 1;
        while (space >= 0 && !kept.at(space).isSpace())
            --space;
        if (space <= 0)
            return cut; // not even the first word fits
        kept.truncate(space);
    }
    // No separator or space left hanging before the "…".
    while (!kept.isEmpty() && (kept.back().isSpace() || kept.back() == QChar(0xB7) || kept.back() == ',' ||
                               kept.back() == ';' || kept.back() == ':'))
        kept.chop(1);
    return kept.isEmpty() ? cut : kept + ellipsis;
}

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
    const int width = std::max(0, contentsRect().width());
    const QString shown = m_mode == Qt::ElideRight ? elideAtWord(fontMetrics(), m_full, width)
                                                   : fontMetrics().elidedText(m_full, m_mode, width);
    QLabel::setText(shown);
    setToolTip(shown == m_full ? QString() : m_full);
    setAccessibleName(m_full); // a screen reader reads the whole text, not the cut one
}

ElidedChoice::ElidedChoice(QWidget *parent) : QComboBox(parent)
{
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(12);
}

QString ElidedChoice::shownText() const
{
    QStyleOptionComboBox opt;
    initStyleOption(&opt);
    return shownText(opt);
}

QString ElidedChoice::shownText(const QStyleOptionComboBox &opt) const
{
    QRect field = style()->subControlRect(QStyle::CC_ComboBox, &opt, QStyle::SC_ComboBoxEditField, this);
    if (!opt.currentIcon.isNull())
        field.setLeft(field.left() + opt.iconSize.width() + 4);
    return elideAtWord(fontMetrics(), opt.currentText, field.width() - 2); // the style's inset
}

void ElidedChoice::paintEvent(QPaintEvent *)
{
    // As QComboBox paints itself, with the text cut to its field.
    QStylePainter painter(this);
    painter.setPen(palette().color(QPalette::Text));
    QStyleOptionComboBox opt;
    initStyleOption(&opt);
    painter.drawComplexControl(QStyle::CC_ComboBox, opt);
    if (currentIndex() < 0 && !placeholderText().isEmpty()) {
        opt.palette.setBrush(QPalette::ButtonText, opt.palette.placeholderText());
        opt.currentText = placeholderText();
    } else {
        opt.currentText = shownText(opt);
    }
    painter.drawControl(QStyle::CE_ComboBoxLabel, opt);
}

bool ElidedChoice::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip && isElided()) { // the whole item, above what the tooltip says
        const QString tip = toolTip().isEmpty() ? currentText()
                            : Qt::mightBeRichText(toolTip())
                                ? "<p>" + currentText().toHtmlEscaped() + "</p>" + toolTip()
                                : currentText() + QStringLiteral("\n\n") + toolTip();
        QToolTip::showText(static_cast<QHelpEvent *>(e)->globalPos(), tip, this);
        return true;
    }
    return QComboBox::event(e);
}

} // namespace pp::gui
