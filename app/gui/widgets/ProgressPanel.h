// The strip under the queue: Start / Pause / Cancel, overall progress, images per second and
// time left. The buttons are the window's actions, so menus, shortcuts and buttons never
// disagree about what is enabled.
#pragma once

#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QProgressBar;
class QTimer;
class QToolButton;

namespace pp::gui {

class BatchSession;
class StatusLine;

class ProgressPanel : public QWidget
{
    Q_OBJECT
public:
    ProgressPanel(QAction *start, QAction *pause, QAction *cancel, QWidget *parent = nullptr);

    // Shows the session's counters; null or not running: the idle text. While a batch runs the
    // strip is redrawn at most every kRefreshMs: images finish far more often than people read.
    void showSession(const BatchSession *session);
    void setIdleText(const QString &text);
    QString statsText() const;
    // The idle text on an empty queue, naming the Start button by its own words.
    QString emptyQueueText() const;

    static constexpr int kRefreshMs = 100;
    static constexpr int kMinBarWidth = 100;

    QSize minimumSizeHint() const override;
    bool isCompact() const { return m_compact; } // Pause and Cancel show their icons only

protected:
    void resizeEvent(QResizeEvent *e) override;

private:
    void render(const BatchSession *s);
    void showIdle(); // the hint in place of the running line
    int labelsWidth() const;
    QToolButton *pauseButton(QAction *pause);

    QProgressBar *m_bar;
    QAction *m_start;
    QToolButton *m_pause, *m_cancel;
    bool m_compact = false;
    StatusLine *m_stats;
    // What to do next, while no batch runs: wrapped on two lines where it does not fit on one
    // (German's "Bilder hinzufügen, …" was cut to "Bilder…" beside Start at 1024×768).
    QLabel *m_hint;
    QString m_idle;
    QTimer *m_refresh;
    QPointer<const BatchSession> m_session;
    bool m_stale = false; // the session changed since the strip was last drawn
};

QString formatDuration(double seconds);
// "3.2 images/s"; below one a second "1.8 images/min", below one a minute "3.3 min an image".
QString formatRate(double imagesPerSecond);

} // namespace pp::gui
