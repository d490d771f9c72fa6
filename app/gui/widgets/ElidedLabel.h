// A one-line label that never asks for more width than it gets: when its text does not fit it
// is cut with "…" and the whole text becomes its tooltip (and stays its accessible name), so a
// narrow window shows less but never cuts a word off mid-way without saying so.
#pragma once

#include <QComboBox>
#include <QLabel>

class QStyleOptionComboBox;

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

// A choice narrower than its current item (its longest does not set a form's width: German's are
// long): the closed box shows what fits, cut with "…" (elideAtWord), and the whole item as its
// tooltip; the open list shows every item whole. A style draws the closed box's text clipped, cut
// mid-word without a sign ("alles außer dem Aufnahmeort beh").
class ElidedChoice : public QComboBox
{
    Q_OBJECT
public:
    explicit ElidedChoice(QWidget *parent = nullptr);
    QString shownText() const; // the current item as the closed box shows it
    bool isElided() const { return shownText() != currentText(); }

protected:
    void paintEvent(QPaintEvent *e) override;
    bool event(QEvent *e) override;

private:
    QString shownText(const QStyleOptionComboBox &opt) const; // with the option paintEvent made
};

} // namespace pp::gui
