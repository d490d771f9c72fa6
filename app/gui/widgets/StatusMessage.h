// The status bar's message. QStatusBar paints its own message on one line and cuts it at the
// window's edge, mid-word, with no "…" and no tooltip, and the end it cut off was often what to do
// ("… 1 done image was made with other settings than its preset has now: Start m"). This label
// wraps a message that one line does not hold onto a second, at a word, and cuts only what two lines
// do not hold, after a whole word with "…" (the whole message then its tooltip; always its
// accessible name and text()). The status bar is one line high again when the message is.
#pragma once

#include <QLabel>
#include <QTimer>

namespace pp::gui {

class StatusMessage : public QLabel
{
    Q_OBJECT
public:
    static constexpr int kMaxLines = 2;

    explicit StatusMessage(QWidget *parent = nullptr);

    // Shows `text` (cleared after `timeoutMs`; 0: until the next message).
    void showMessage(const QString &text, int timeoutMs = 0);
    void clearMessage() { showMessage(QString()); }
    QStringList shownLines() const { return m_lines; } // as painted, the last one cut with "…" where needed
    bool isElided() const { return m_cut; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;
    void changeEvent(QEvent *e) override;

private:
    void relayout();

    QStringList m_lines;
    bool m_cut = false;
    QTimer m_timeout;
};

// `text` in at most `maxLines` lines of `width`, broken after whole words (inside a word only where
// the word alone is wider than a line); the last line cut after its last whole word with "…" when
// the rest does not fit (*cut says so).
QStringList wrapAtWords(const QFont &font, const QString &text, int width, int maxLines, bool *cut = nullptr);

} // namespace pp::gui
