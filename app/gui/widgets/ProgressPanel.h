// The strip under the queue: Start / Pause / Cancel, overall progress, images per second and
// time left. The buttons are the window's actions, so menus, shortcuts and buttons never
// disagree about what is enabled.
#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QProgressBar;
class QToolButton;

namespace pp::gui {

class BatchSession;
class ElidedLabel;

class ProgressPanel : public QWidget
{
    Q_OBJECT
public:
    ProgressPanel(QAction *start, QAction *pause, QAction *cancel, QWidget *parent = nullptr);

    // Shows the session's counters; null or not running: the idle text.
    void showSession(const BatchSession *session);
    void setIdleText(const QString &text);
    QString statsText() const;

private:
    QProgressBar *m_bar;
    ElidedLabel *m_stats;
    QString m_idle;
};

QString formatDuration(double seconds);

} // namespace pp::gui
