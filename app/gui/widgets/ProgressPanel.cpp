#include "ProgressPanel.h"

#include "BatchSession.h"
#include "StatusLine.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLocale>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>
#include <cmath>

namespace pp::gui {

QString formatDuration(double seconds)
{
    const qint64 s = qint64(std::ceil(std::max(0.0, seconds)));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QChar('0'))
            .arg(s % 60, 2, 10, QChar('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

static QToolButton *button(QAction *a, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setDefaultAction(a);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setAutoRaise(false);
    b->setMinimumHeight(30);
    b->setAccessibleDescription(a->toolTip());
    return b;
}

ProgressPanel::ProgressPanel(QAction *start, QAction *pause, QAction *cancel, QWidget *parent) : QWidget(parent)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(8, 6, 8, 6);
    auto *startButton = button(start, this);
    startButton->setObjectName("startButton");
    QFont f = startButton->font();
    f.setBold(true);
    startButton->setFont(f);
    row->addWidget(startButton);
    row->addWidget(button(pause, this));
    auto *cancelButton = button(cancel, this);
    cancelButton->setObjectName("cancelButton");
    row->addWidget(cancelButton);
    row->addSpacing(8);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName("batchProgress");
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    m_bar->setTextVisible(true);
    m_bar->setMinimumWidth(kMinBarWidth);
    m_bar->setAccessibleName(tr("Batch progress"));
    m_bar->setAccessibleDescription(tr("How many images of the batch are finished"));
    row->addWidget(m_bar, 2);
    // Elided with the whole text as its tooltip: on a narrow window the end of the line is cut
    // visibly ("…"), never silently in the middle of a number. Its text changes while a batch
    // runs without laying the window out again (StatusLine).
    m_stats = new StatusLine(this);
    m_stats->setObjectName("progressStats");
    m_stats->setAccessibleDescription(tr("Speed and time left while a batch runs, otherwise what to do next"));
    row->addWidget(m_stats, 3);
    m_idle = tr("Add images, pick a preset, press Start.");
    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(kRefreshMs);
    connect(m_refresh, &QTimer::timeout, this, [this] {
        if (!m_stale)
            return;
        m_stale = false;
        m_refresh->start();
        render(m_session);
    });
    showSession(nullptr);
}

void ProgressPanel::setIdleText(const QString &text)
{
    m_idle = text;
    m_stats->setFullText(text);
}

QString ProgressPanel::statsText() const { return m_stats->fullText(); }

void ProgressPanel::showSession(const BatchSession *s)
{
    m_session = s;
    if (s && s->isRunning()) {
        // The first change shows at once, the ones after it once the interval has passed.
        if (m_refresh->isActive()) {
            m_stale = true;
            return;
        }
        m_refresh->start();
    } else {
        m_refresh->stop(); // the end of a batch shows at once
    }
    m_stale = false;
    render(s);
}

void ProgressPanel::render(const BatchSession *s)
{
    if (!s || s->total() == 0) {
        m_bar->setRange(0, 1);
        m_bar->setValue(0);
        m_bar->setFormat(QString());
        m_bar->setMinimumWidth(kMinBarWidth);
        m_stats->setFullText(m_idle);
        return;
    }
    m_bar->setRange(0, s->total());
    m_bar->setValue(s->completed());
    m_bar->setFormat(s->cancelledCount() > 0
                         ? tr("%1 of %2 · %3 cancelled").arg(s->completed()).arg(s->total()).arg(s->cancelledCount())
                         : tr("%1 of %2").arg(s->completed()).arg(s->total()));
    // Wide enough for its text on one line (the style wraps it, cut at the top and bottom), as
    // "992 of 10003 · 9011 cancelled" is after a cancel. It only grows while a session is shown,
    // so the window is laid out again a few times a batch, not at every image.
    const int fits = m_bar->fontMetrics().horizontalAdvance(m_bar->text()) + 3 * m_bar->fontMetrics().height();
    if (fits > m_bar->minimumWidth())
        m_bar->setMinimumWidth(fits);
    if (!s->isRunning()) {
        m_stats->setFullText(m_idle);
        return;
    }
    QString text;
    const double rate = s->imagesPerSecond();
    const double eta = s->etaSeconds();
    if (s->isCancelling())
        text = tr("Cancelling… waiting for the workers to stop");
    else if (s->isPaused())
        text = tr("Paused · %1 done").arg(s->done()); // the status bar says what pausing does
    else if (eta < 0) // until a worker has finished an image ("estimating left" read as no sentence)
        text = tr("%1 images/s · estimating the time left · elapsed %2")
                   .arg(QLocale().toString(rate, 'f', rate < 10 ? 1 : 0), formatDuration(s->elapsedSeconds()));
    else
        text = tr("%1 images/s · %2 left · elapsed %3")
                   .arg(QLocale().toString(rate, 'f', rate < 10 ? 1 : 0), formatDuration(eta),
                        formatDuration(s->elapsedSeconds()));
    if (s->failed() > 0)
        text += tr(" · %L1 failed").arg(s->failed());
    // Why the bar moved on faster than the rate says: images whose outputs exist cost nothing and
    // are not in the rate nor in the time left.
    if (s->skipped() > 0)
        text += tr(" · %L1 skipped").arg(s->skipped());
    m_stats->setFullText(text);
}

} // namespace pp::gui
