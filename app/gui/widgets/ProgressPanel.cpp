#include "ProgressPanel.h"

#include "BatchSession.h"
#include "Icons.h"
#include "StatusLine.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QResizeEvent>
#include <QStyleOptionProgressBar>
#include <QStylePainter>
#include <QTimer>
#include <QToolButton>
#include <algorithm>
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

QString formatRate(double imagesPerSecond)
{
    // Images a second, with one decimal below ten. A batch of slow images (30 s each on one worker)
    // said "0.0 images/s", as if it made nothing: below one a second the rate is a minute's, and
    // below one a minute the minutes an image takes.
    const QLocale locale;
    const auto number = [&](double v) { return locale.toString(v, 'f', v < 10 ? 1 : 0); };
    if (imagesPerSecond >= 0.95)
        return ProgressPanel::tr("%1 images/s").arg(number(imagesPerSecond));
    const double perMinute = imagesPerSecond * 60;
    if (perMinute >= 0.95 || perMinute <= 0)
        return ProgressPanel::tr("%1 images/min").arg(number(std::max(0.0, perMinute)));
    return ProgressPanel::tr("%1 min an image").arg(number(1 / perMinute));
}

namespace {
// The batch's bar with its count inside, centred as the style puts it, but never across the edge of
// the fill: where the fill ended just where the text began ("10 of 79 · 69 cancelled" after a
// cancel, the "1" touching the blue), or inside it ("82 of 240" with the 8 half on the blue, half
// beside it), the text stands a few pixels past that edge, or inside the fill before it, whole in
// one colour.
class CountBar : public QProgressBar
{
public:
    using QProgressBar::QProgressBar;

protected:
    void paintEvent(QPaintEvent *e) override
    {
        QStyleOptionProgressBar opt;
        initStyleOption(&opt);
        if (!opt.textVisible || opt.text.isEmpty() || opt.invertedAppearance || orientation() != Qt::Horizontal ||
            layoutDirection() != Qt::LeftToRight)
            return QProgressBar::paintEvent(e);
        QStylePainter p(this);
        const QString text = opt.text;
        opt.textVisible = false; // the groove and the fill
        p.drawControl(QStyle::CE_ProgressBar, opt);
        opt.textVisible = true;
        const QRect label = style()->subElementRect(QStyle::SE_ProgressBarLabel, &opt, this);
        const QRect contents = style()->subElementRect(QStyle::SE_ProgressBarContents, &opt, this);
        const qint64 span = qint64(maximum()) - minimum();
        const int fill =
            contents.left() + (span > 0 ? int(contents.width() * (qint64(value()) - minimum()) / span) : 0);
        const QFontMetrics fm = fontMetrics();
        const int width = fm.horizontalAdvance(text), pad = std::max(3, fm.height() / 3);
        // Not against the bar's frame either.
        const int left = label.left() + 2, right = std::max(left, label.right() - 1 - width);
        int x = std::clamp(label.left() + (label.width() - width) / 2, left, right);
        if (fill > contents.left() && fill > x - pad && fill < x + width + pad) {
            // Across the edge, or near it: past the fill while less than half of the text would be on
            // it, else inside it; the other side where that one has no room. A bar too narrow for
            // either (at its least width) keeps the text where it is, off the edge if it is near.
            const int past = fill + pad, inside = fill - pad - width;
            const bool pastFits = past <= right, insideFits = inside >= left;
            if (pastFits && (fill < x + width / 2 || !insideFits))
                x = past;
            else if (insideFits)
                x = inside;
            else if (fill < x + pad)
                x = std::clamp(past, left, right);
            else if (fill > x + width - pad)
                x = std::clamp(inside, left, right);
        }
        const QRect textRect(x, label.top(), width, label.height());
        const QRect filled(contents.left(), contents.top(), fill - contents.left(), contents.height());
        // As the styles paint it: the text's colour beside the fill, the highlighted text's on it.
        p.setClipRegion(QRegion(rect()) - filled);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(textRect, int(Qt::AlignLeft | Qt::AlignVCenter) | Qt::TextSingleLine, text);
        if (!filled.isEmpty()) {
            p.setClipRect(filled);
            p.setPen(palette().color(QPalette::HighlightedText));
            p.drawText(textRect, int(Qt::AlignLeft | Qt::AlignVCenter) | Qt::TextSingleLine, text);
        }
    }
};
} // namespace

// A button of the strip for `a`, its words beside its icon, described by the action's tooltip.
static QToolButton *stripButton(QAction *a, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setAutoRaise(false);
    b->setMinimumHeight(30);
    b->setAccessibleDescription(a->toolTip());
    return b;
}

static QToolButton *button(QAction *a, QWidget *parent)
{
    QToolButton *b = stripButton(a, parent);
    b->setDefaultAction(a);
    return b;
}

// Pause follows its action (checkable: checked while paused), as a button that says what it does
// next: "Resume" while paused. The action keeps its words, so the Batch menu says "Pause" with a
// check mark while paused; it said "Resume" with a check mark, which reads as running.
QToolButton *ProgressPanel::pauseButton(QAction *pause)
{
    QToolButton *b = stripButton(pause, this);
    b->setObjectName("pauseButton");
    b->setCheckable(true);
    // One name whatever it shows: its pressed state says paused. Named by its words, it was
    // "Resume, pressed" to a screen reader, which reads both ways.
    b->setAccessibleName(tr("Pause"));
    connect(b, &QToolButton::clicked, pause, &QAction::trigger);
    const auto follow = [b, pause] {
        b->setEnabled(pause->isEnabled());
        b->setChecked(pause->isChecked());
        // Only when it changes: this runs after every change of the action, and a new icon, even
        // the same one, would redraw and re-measure the button.
        const QString words = pause->isChecked() ? tr("Resume") : pause->iconText();
        if (b->text() != words) {
            b->setText(words);
            b->setIcon(icon(pause->isChecked() ? "start" : "pause"));
            b->setToolTip(words);
        }
    };
    connect(pause, &QAction::changed, b, follow);
    follow();
    return b;
}

ProgressPanel::ProgressPanel(QAction *start, QAction *pause, QAction *cancel, QWidget *parent)
    : QWidget(parent), m_start(start)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(8, 6, 8, 6);
    auto *startButton = button(start, this);
    startButton->setObjectName("startButton");
    QFont f = startButton->font();
    f.setBold(true);
    startButton->setFont(f);
    row->addWidget(startButton);
    m_pause = pauseButton(pause);
    row->addWidget(m_pause);
    m_cancel = button(cancel, this);
    m_cancel->setObjectName("cancelButton");
    row->addWidget(m_cancel);
    row->addSpacing(8);
    m_bar = new CountBar(this);
    m_bar->setObjectName("batchProgress");
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    m_bar->setTextVisible(true);
    m_bar->setMinimumWidth(kMinBarWidth);
    m_bar->setAccessibleName(tr("Batch progress"));
    m_bar->setAccessibleDescription(tr("How many images of the batch are finished"));
    row->addWidget(m_bar, 1);
    // Elided with the whole text as its tooltip: on a narrow window the end of the line is cut
    // visibly ("…"), never silently in the middle of a number. Its text changes while a batch
    // runs without laying the window out again (StatusLine).
    m_stats = new StatusLine(this);
    m_stats->setObjectName("progressStats");
    m_stats->setAccessibleDescription(tr("Speed and time left while a batch runs, otherwise what to do next"));
    // Never narrower than the time left ("noch 0:…" was all a narrow German window showed).
    m_stats->setMinimumWidth(
        m_stats->fontMetrics().horizontalAdvance(tr("%1 left", "time left").arg(QStringLiteral("0:00:00")) + " …"));
    row->addWidget(m_stats, 2);
    m_hint = new QLabel(this);
    m_hint->setObjectName("progressHint");
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);
    // Named by what it says (a label's text is its name): named "What to do next", it was read out
    // as those words, its text nowhere.
    m_hint->setAccessibleDescription(m_stats->accessibleDescription());
    m_hint->setMinimumWidth(m_stats->minimumWidth());
    row->addWidget(m_hint, 2);
    m_idle = emptyQueueText();
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

QString ProgressPanel::emptyQueueText() const
{
    // The button's words, not a translation of its own: the German said "Start drücken" beside a
    // button that says "Starten".
    return tr("Add images, pick a preset, press %1.", "%1: the Start button's words").arg(m_start->iconText());
}

void ProgressPanel::setIdleText(const QString &text)
{
    m_idle = text;
    m_stats->setFullText(text);
    if (!m_stats->isVisibleTo(this))
        m_hint->setText(text);
}

void ProgressPanel::showIdle()
{
    m_stats->setFullText(m_idle);
    m_hint->setText(m_idle);
    m_stats->hide();
    m_hint->show();
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
        // An empty bar says nothing: its room goes to the hint until a batch has images.
        m_bar->hide();
        showIdle();
        return;
    }
    m_bar->show();
    m_bar->setRange(0, s->total());
    m_bar->setValue(s->completed());
    // Counts with the locale's grouping, as the banner's "10,000 images" ("10000 of 10000" beside it).
    const QLocale locale;
    m_bar->setFormat(s->cancelledCount() > 0
                         ? tr("%1 of %2 · %3 cancelled")
                               .arg(locale.toString(s->completed()), locale.toString(s->total()),
                                    locale.toString(s->cancelledCount()))
                         : tr("%1 of %2").arg(locale.toString(s->completed()), locale.toString(s->total())));
    // Wide enough for its text on one line (the style wraps it, cut at the top and bottom), as
    // "992 of 10003 · 9011 cancelled" is after a cancel. It only grows while a session is shown,
    // so the window is laid out again a few times a batch, not at every image.
    const int fits = m_bar->fontMetrics().horizontalAdvance(m_bar->text()) + 3 * m_bar->fontMetrics().height();
    if (fits > m_bar->minimumWidth())
        m_bar->setMinimumWidth(fits);
    if (!s->isRunning()) {
        showIdle();
        return;
    }
    m_hint->hide();
    m_stats->show();
    QString text;
    const double rate = s->imagesPerSecond();
    const double eta = s->etaSeconds();
    if (s->isCancelling())
        text = tr("Cancelling… waiting for the workers to stop");
    else if (s->isPaused())
        text = tr("Paused · %1 done").arg(locale.toString(s->done())); // the status bar says what pausing does
    if (!text.isEmpty()) {
        if (s->failed() > 0)
            text += tr(" · %L1 failed").arg(s->failed());
        if (s->skipped() > 0)
            text += tr(" · %L1 skipped").arg(s->skipped());
        m_stats->setFullText(text);
        return;
    }
    // The most important first: where the line is short the last parts give way whole, and the time
    // left stays ("3.0 im…" was all a 1088-pixel window showed, "… · 0:10 left · elapsed …" one of
    // 1400).
    QStringList parts;
    // Until a worker has finished an image: no estimate yet ("estimating left" read as no sentence).
    parts << (eta < 0 ? tr("estimating the time left") : tr("%1 left", "time left").arg(formatDuration(eta)));
    if (s->failed() > 0)
        parts << tr("%L1 failed").arg(s->failed());
    // Nor a rate ("estimating the time left · 0.0 images/s" said the batch made nothing).
    if (eta >= 0)
        parts << formatRate(rate);
    // Why the bar moved on faster than the rate says: images whose outputs exist cost nothing and
    // are not in the rate nor in the time left.
    if (s->skipped() > 0)
        parts << tr("%L1 skipped").arg(s->skipped());
    parts << tr("elapsed %1").arg(formatDuration(s->elapsedSeconds()));
    m_stats->setParts(parts);
}

int ProgressPanel::labelsWidth() const
{
    // What Pause's and Cancel's words take beside their icons.
    int width = 0;
    for (const QToolButton *b : {m_pause, m_cancel})
        width += b->fontMetrics().horizontalAdvance(b->text()) + 8;
    return width;
}

QSize ProgressPanel::minimumSizeHint() const
{
    // Narrow, Pause and Cancel are their icons (with their words as tooltips and accessible names):
    // the strip asks for no more than that.
    QSize size = QWidget::minimumSizeHint();
    if (!m_compact)
        size.rwidth() -= labelsWidth();
    // The bar's room kept while it is hidden: the strip asks for the same width idle or running, and
    // the queue beside the preview keeps its width (without, it lost a column of cards at 1024×768).
    if (m_bar->isHidden())
        size.rwidth() += m_bar->minimumWidth() + std::max(0, layout()->spacing());
    return size;
}

void ProgressPanel::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    const int compactMinimum = QWidget::minimumSizeHint().width() - (m_compact ? 0 : labelsWidth());
    // With their words only where that leaves the line room for the time left and the rate.
    const int lineRoom = m_stats->fontMetrics().horizontalAdvance(QStringLiteral("0:00 left · 0.0 images/s"));
    const bool compact = width() < compactMinimum + labelsWidth() + lineRoom;
    if (compact == m_compact)
        return;
    m_compact = compact;
    for (QToolButton *b : {m_pause, m_cancel})
        b->setToolButtonStyle(compact ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
}

} // namespace pp::gui
