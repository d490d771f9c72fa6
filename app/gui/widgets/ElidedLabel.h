// A one-line label that never asks for more width than it gets: when its text does not fit it
// is cut with "…" and the whole text becomes its tooltip (and stays its accessible name), so a
// narrow window shows less but never cuts a word off mid-way without saying so.
#pragma once

#include <QLabel>

class QFontMetrics;

namespace pp::gui {

// `text` cut at its end to `width`, after its last whole word and "…" ("5 images…", not
// "5 images w…"); a text whose first word does not fit is cut inside it, as elidedText() does.
QString elideAtWord(const QFontMetrics &fm, const QString &text, int width);

class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr, Qt::TextElideMode mode = Qt::ElideRight);

    void setFullText(const QString &text);
    QString fullText() const { return m_full; }
    bool isElided() const { return text() != m_full; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *e) override;

private:
    void relayout();

    QString m_full;
    Qt::TextElideMode m_mode;
};

} // namespace pp::gui
