// One line of text that changes several times a second (the progress strip's speed and time
// left). A QLabel asks its parent for a new layout on every setText(), and in the window that
// relayout was a tenth of the UI thread's time during a batch; this widget paints its text
// itself, cut with "…" when it does not fit (the whole text then in its tooltip, and always its
// accessible name), so a new text only repaints the line.
#pragma once

#include <QWidget>

namespace pp::gui {

class StatusLine : public QWidget
{
    Q_OBJECT
public:
    explicit StatusLine(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    // A line of parts, the most important first, joined by " · ": where the whole does not fit,
    // the last parts give way whole ("0:10 left · 3.0 images/s · …"), never a number cut in two.
    void setParts(const QStringList &parts);
    QString fullText() const { return m_full; }
    QString shownText() const { return m_shown; }
    bool isElided() const { return m_shown != m_full; }

    // The height of one line and a small width, whatever the text: the layout never changes
    // because of it.
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;
    void changeEvent(QEvent *e) override;

private:
    void elide();

    QString m_full, m_shown;
    QStringList m_parts; // empty: m_full is cut at the end like any text
};

} // namespace pp::gui
