#include "BatchBanner.h"

#include "Contrast.h"
#include "ElidedLabel.h"
#include "Icons.h"
#include "ProgressPanel.h"

#include <QGridLayout>
#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QShowEvent>
#include <QStyle>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace pp::gui {

BatchBanner::BatchBanner(QWidget *parent) : QFrame(parent)
{
    setObjectName("batchBanner");
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setAccessibleName(tr("Batch summary"));
    setAccessibleDescription(tr("The result of the last batch and what to do next"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(10, 6, 6, 6);
    // The headline with the close button, the counts wrapped below it, then the actions: in the
    // queue pane's width (about 550 px at 1280×1024) one row would leave the text a few words.
    auto *top = new QHBoxLayout;
    m_buttons = new QGridLayout;
    m_headline = new ElidedLabel(this);
    m_headline->setObjectName("bannerHeadline");
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);
    m_counts = new QLabel(this);
    m_counts->setObjectName("summaryCounts");
    m_counts->setWordWrap(true);
    m_counts->setTextFormat(Qt::PlainText); // file names and folders are data
    m_output = new ElidedLabel(this, Qt::ElideMiddle);
    m_output->setObjectName("summaryOutput");
    m_output->setTextFormat(Qt::PlainText);
    top->addWidget(m_headline, 1);
    m_waiting = new QLabel(this);
    m_waiting->setObjectName("summaryWaiting");
    m_waiting->setWordWrap(true);
    m_waiting->setTextFormat(Qt::PlainText);
    QFont waitingFont = m_waiting->font();
    waitingFont.setBold(true);
    m_waiting->setFont(waitingFont);
    m_waiting->hide();

    m_open = new QPushButton(icon("open-folder"), tr("Open output folder"), this);
    m_retry = new QPushButton(icon("retry"), tr("Retry failed"), this);
    m_showFailures = new QPushButton(tr("Show failures"), this);
    m_showFailures->setCheckable(true);
    m_close = new QToolButton(this);
    m_close->setObjectName("bannerClose");
    m_close->setIcon(icon("cancel"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Hide this summary"));
    m_open->setAccessibleDescription(tr("Open the folder the outputs were written to"));
    m_retry->setAccessibleDescription(tr("Process the images that failed or were cancelled again"));
    m_showFailures->setAccessibleDescription(tr("Show or hide every failure and warning with its reason"));
    m_close->setAccessibleName(tr("Hide summary"));
    m_close->setAccessibleDescription(m_close->toolTip());
    top->addWidget(m_close);
    outer->addLayout(top);
    outer->addWidget(m_counts);
    outer->addWidget(m_output);
    outer->addWidget(m_waiting);
    outer->addLayout(m_buttons);
    reflowButtons();

    m_failures = new QTreeWidget(this);
    m_failures->setObjectName("failureList");
    m_failures->setHeaderLabels({tr("Image"), tr("Reason")});
    m_failures->setRootIsDecorated(false);
    m_failures->setUniformRowHeights(true);
    // A row and a scroll bar where the window is short, its rows up to six where it has room
    // (fitFailureList).
    fitFailureList();
    m_failures->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_failures->setAccessibleName(tr("Failures"));
    m_failures->setAccessibleDescription(
        tr("Every image that failed in the last batch, with the reason, and every one written with a warning; "
           "Return or a double-click on one shows its card in the queue"));
    m_failures->hide();
    outer->addWidget(m_failures);

    connect(m_failures, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { emit failureActivated(item->data(0, Qt::UserRole).value<quint64>()); });
    connect(m_showFailures, &QPushButton::toggled, this, [this](bool shown) {
        m_failures->setVisible(shown);
        updateFailuresButton();
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        leave();
        emit retryRequested(m_retryUids);
    });
    connect(m_open, &QPushButton::clicked, this, [this] { emit openFolderRequested(m_outputDir); });
    connect(m_close, &QToolButton::clicked, this, [this] {
        leave();
        emit dismissed();
    });
    hide();
}

void BatchBanner::leave()
{
    // Said before it hides, so the keys go where they are given at once: hidden with them, the
    // banner passed them to the next control first, the Split button, for a moment.
    if (isAncestorOf(QApplication::focusWidget()))
        emit leftWithTheKeys();
    hide();
}

QString BatchBanner::headlineOf(const SessionSummary &s)
{
    if (s.cancelled)
        return tr("Batch cancelled after %1").arg(formatDuration(s.seconds));
    // The images a Start made or tried, not the ones skipped because their outputs exist: a
    // second Start of 20 done images said "20 images in 0:01", as if it had made them again.
    if (s.skipped == 0)
        return tr("Batch finished: %1 in %2").arg(imageCount(s.total), formatDuration(s.seconds));
    const int tried = s.total - s.skipped - s.cancelledItems;
    // Short enough to be read whole in the queue pane's width, in German too (the status bar says
    // the batch finished).
    if (tried <= 0)
        return s.skipped == 1 ? tr("Nothing to do: the image's output exists already")
                              : tr("Nothing to do: the outputs of all %L1 images exist already").arg(s.skipped);
    return tr("Batch finished: %1 in %2, %L3 skipped").arg(imageCount(tried), formatDuration(s.seconds)).arg(s.skipped);
}

void BatchBanner::showSummary(const SessionSummary &s, int skippedWhileAdding)
{
    m_headline->setFullText(headlineOf(s));
    QStringList parts;
    // Counts with the locale's grouping, as the headline's ("10,000 images", then "10000 done").
    const QLocale locale;
    const auto count = [&locale](int n) { return locale.toString(n); };
    // Outputs written beside ones already there under a numbered name ("x (2).jpg"): a rerun's
    // copies, which only a card's tooltip named.
    parts << (s.nameTaken > 0
                  ? tr("%1 done (%2 under a new name: the name was taken)").arg(count(s.done), count(s.nameTaken))
                  : tr("%1 done").arg(count(s.done)))
          << tr("%1 failed").arg(count(s.failed));
    // Outputs of an earlier run queued again are skipped for another reason than an output that exists.
    if (s.skipped > s.earlierOutputs || s.earlierOutputs == 0)
        parts << tr("%1 skipped (output existed)").arg(count(s.skipped - s.earlierOutputs));
    if (s.earlierOutputs > 0)
        parts << tr("%1 skipped (outputs of an earlier run)").arg(count(s.earlierOutputs));
    if (s.cancelledItems)
        parts << tr("%1 cancelled").arg(count(s.cancelledItems));
    if (!s.warnings.isEmpty())
        parts << (s.warnings.size() == 1 ? tr("1 with a warning")
                                         : tr("%Ln with warnings", nullptr, int(s.warnings.size())));
    if (skippedWhileAdding)
        parts << tr("%1 left out when adding").arg(count(skippedWhileAdding));
    // As the terminal's summary says it: a rate only when an image was written, of the images a
    // worker took ("257.0 images/s" for 1 written among 20 skipped read like work done), and the
    // workers that began an image, none when every image was skipped or refused before reaching
    // one (a second Start of done images said "with 2 workers", the pool's size).
    if (s.done > 0 && s.workers > 0) {
        // Each number with its word where the line wraps, as the workers' below: a longer line of
        // counts ended in "· 817" with "images/s with 2 workers" on the next, or in "with 2" with
        // "workers" alone.
        QString rate = formatRate(s.seconds > 0 ? s.worked / s.seconds : 0);
        rate.replace(rate.indexOf(QLatin1Char(' ')), 1, QChar::Nbsp);
        QString part =
            s.workers == 1 ? tr("%1 with 1 worker").arg(rate) : tr("%1 with %2 workers").arg(rate, count(s.workers));
        const QString workers = count(s.workers) + QLatin1Char(' ');
        if (const qsizetype at = part.lastIndexOf(workers); at > part.indexOf(QChar::Nbsp))
            part.replace(at + workers.size() - 1, 1, QChar::Nbsp);
        parts << part;
    } else if (s.workers > 0) {
        // The number stays with its word where the line wraps ("· 1" ending a line, German's
        // "Arbeitsprozess" alone on the next, read as a count of nothing).
        QString workers = s.workers == 1 ? tr("1 worker") : tr("%1 workers").arg(count(s.workers));
        parts << workers.replace(' ', QChar::Nbsp);
    }
    // The pool counts the workers it lost (--json's workers_replaced): a replacement starts only
    // while images wait and only if it can (said "2 workers replaced" when the worker file had
    // become unreadable and none was).
    if (s.workersReplaced == 1)
        parts << tr("1 worker lost (crashed, hung or killed)");
    else if (s.workersReplaced > 1)
        parts << tr("%1 workers lost (crashed, hung or killed)").arg(count(s.workersReplaced));
    m_counts->setText(parts.join(" · "));
    // The output folders on a line of their own: at the end of the counts' line, a long path was
    // broken after its first "/".
    m_output->setFullText(s.outputDirs.isEmpty() ? QString() : tr("output: %1").arg(s.outputDirs.join(", ")));
    m_output->setVisible(!s.outputDirs.isEmpty());

    m_failures->clear();
    m_retryUids.clear();
    // Each row knows its image, for the window to show its card, and names its file whole.
    const auto add = [this](const SessionFailure &f, const QString &reason) {
        auto *item = new QTreeWidgetItem(m_failures, {f.name, reason});
        item->setData(0, Qt::UserRole, f.uid);
        item->setToolTip(0, f.path.isEmpty() ? f.name : f.path);
        item->setToolTip(1, reason);
    };
    for (const SessionFailure &f : s.failures) {
        add(f, f.reason);
        m_retryUids << f.uid;
    }
    // Images written with a warning (a colour profile left out, a glyph no font has) in the same
    // list, after the failures: a card has room only for the warning's first words.
    for (const SessionFailure &w : s.warnings)
        add(w, tr("warning: %1").arg(w.reason));
    m_retryUids += s.cancelledUids;
    m_retry->setText(s.cancelledUids.isEmpty() ? tr("Retry failed") : tr("Retry failed and cancelled"));
    m_retry->setEnabled(!m_retryUids.isEmpty());
    m_listed = s.warnings.isEmpty() ? Listed::Failures : s.failures.isEmpty() ? Listed::Warnings : Listed::Both;
    m_showFailures->setEnabled(!s.failures.isEmpty() || !s.warnings.isEmpty());
    m_showFailures->setChecked(false);
    updateFailuresButton(); // and the buttons flowed again: their words changed (Retry's above too)
    fitFailureList();
    m_outputDir = s.outputDirs.isEmpty() ? QString() : s.outputDirs.first();
    m_open->setEnabled(!m_outputDir.isEmpty());
    // Green when all went well, red when something failed: the colour is the first thing read. A
    // batch cancelled without a failure did not go well either, and is not green: it has the
    // window's own colours, as the strip under it has. The red and the green are tints of the
    // palette's base under words that read on them: pale on a light palette, dark on a dark one (a
    // pale pink there had the window's light icons on it).
    QPalette pal = QApplication::palette(this);
    if (s.failed || !s.cancelled) {
        const QColor tint = s.failed ? QColor(208, 69, 59, 26) : QColor(46, 158, 91, 26);
        pal.setColor(QPalette::Window, over(tint, pal.color(QPalette::Base)));
        pal.setColor(QPalette::WindowText, readableOn(pal.color(QPalette::WindowText), pal.color(QPalette::Window)));
    }
    setPalette(pal);
    updateDescription();
    show();
}

void BatchBanner::setWaitingText(const QString &text)
{
    if (text == m_waiting->text())
        return;
    m_waiting->setText(text);
    m_waiting->setVisible(!text.isEmpty());
    updateDescription();
}

QString BatchBanner::waitingText() const { return m_waiting->text(); }

void BatchBanner::updateDescription()
{
    QString text = m_headline->fullText() + ". " + countsText();
    if (!m_waiting->text().isEmpty())
        text += '\n' + m_waiting->text();
    setAccessibleDescription(text);
}

QList<QPushButton *> BatchBanner::buttons() const { return {m_open, m_retry, m_showFailures}; }

void BatchBanner::reflowButtons()
{
    // As many buttons on a row as the width holds: in a narrow window (German's "Fehlgeschlagene
    // und abgebrochene wiederholen" beside two more) one row asked the window for 720 pixels.
    const QList<QPushButton *> all = buttons();
    const int n = int(all.size());
    const QMargins margins = layout()->contentsMargins();
    const int room = width() - margins.left() - margins.right();
    const int spacing = std::max(0, m_buttons->horizontalSpacing());
    int columns = n;
    for (; columns > 1; --columns) {
        int widest = 0;
        for (int first = 0; first < n; first += columns) {
            int row = -spacing;
            for (int i = first; i < std::min(first + columns, n); ++i)
                row += all[i]->sizeHint().width() + spacing;
            widest = std::max(widest, row);
        }
        if (widest <= room)
            break;
    }
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QPushButton *b : all)
        m_buttons->removeWidget(b);
    for (int i = 0; i < n; ++i)
        m_buttons->addWidget(all[i], i / columns, i % columns);
    for (int c = 0; c <= n; ++c)
        m_buttons->setColumnStretch(c, c == columns ? 1 : 0); // the buttons keep to the left
}

QSize BatchBanner::minimumSizeHint() const
{
    // The buttons one above the other if need be: the widest of them, or the headline's few letters
    // with the close button.
    QSize size = QFrame::minimumSizeHint();
    int widest = m_headline->minimumSizeHint().width() + m_close->sizeHint().width() + 6;
    for (const QPushButton *b : buttons())
        widest = std::max(widest, b->sizeHint().width());
    const QMargins margins = layout()->contentsMargins();
    size.setWidth(std::min(size.width(), widest + margins.left() + margins.right()));
    return size;
}

void BatchBanner::resizeEvent(QResizeEvent *e)
{
    QFrame::resizeEvent(e);
    reflowButtons();
}

QTreeWidget *BatchBanner::takeFailureList(QWidget *parent)
{
    layout()->removeWidget(m_failures);
    const bool shown = !m_failures->isHidden();
    m_failures->setParent(parent);
    m_failures->setVisible(shown && !isHidden());
    return m_failures;
}

void BatchBanner::showEvent(QShowEvent *e)
{
    QFrame::showEvent(e);
    if (!e->spontaneous())
        m_failures->setVisible(m_showFailures->isChecked());
}

void BatchBanner::hideEvent(QHideEvent *e)
{
    QFrame::hideEvent(e);
    // Out of the banner, the list goes with it (closed, a retry, the queue emptied).
    if (!e->spontaneous() && m_failures->parentWidget() != this)
        m_failures->hide();
}

void BatchBanner::updateFailuresButton()
{
    // What the button does next: "Hide failures" while the list is open.
    const bool open = m_showFailures->isChecked();
    QString show, hide;
    switch (m_listed) {
    case Listed::Failures:
        show = tr("Show failures"), hide = tr("Hide failures");
        break;
    case Listed::Warnings:
        show = tr("Show warnings"), hide = tr("Hide warnings");
        break;
    case Listed::Both:
        show = tr("Show failures and warnings"), hide = tr("Hide failures and warnings");
        break;
    }
    m_showFailures->setText(open ? hide : show);
    // To a screen reader its name stays "Show …" and its pressed state says the list is open:
    // named by its words, it was "Hide failures, pressed", which reads both ways.
    m_showFailures->setAccessibleName(show);
    reflowButtons(); // its words changed
}

void BatchBanner::fitFailureList()
{
    // As tall as its rows, up to six (then it scrolls): one failure took a list of 160 pixels,
    // taken from the queue beside it. Room for a horizontal scroll bar, which a long name brings.
    const int rows = std::clamp(m_failures->topLevelItemCount(), 1, 6);
    const int rowHeight =
        m_failures->topLevelItemCount() > 0 ? m_failures->sizeHintForRow(0) : m_failures->fontMetrics().height() + 2;
    const int chrome = m_failures->header()->sizeHint().height() + 2 * m_failures->frameWidth() +
                       m_failures->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    m_failures->setMinimumHeight(chrome + rowHeight);
    m_failures->setMaximumHeight(chrome + rows * rowHeight);
}

QString BatchBanner::headline() const { return m_headline->fullText(); }
QString BatchBanner::countsText() const
{
    return m_output->fullText().isEmpty() ? m_counts->text() : m_counts->text() + '\n' + m_output->fullText();
}

} // namespace pp::gui
