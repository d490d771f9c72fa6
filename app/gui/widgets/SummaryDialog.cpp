#include "SummaryDialog.h"

#include "Icons.h"
#include "ProgressPanel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pp::gui {

SummaryDialog::SummaryDialog(const SessionSummary &s, int skippedWhileAdding, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(s.cancelled ? tr("Batch cancelled") : tr("Batch finished"));
    setObjectName("summaryDialog");
    resize(620, s.failures.isEmpty() ? 240 : 440);
    auto *layout = new QVBoxLayout(this);

    auto *headline = new QLabel(this);
    QFont big = headline->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    headline->setFont(big);
    headline->setText(s.cancelled ? tr("Cancelled after %1").arg(formatDuration(s.seconds))
                                  : tr("%1 processed in %2").arg(imageCount(s.total), formatDuration(s.seconds)));
    layout->addWidget(headline);

    QStringList parts;
    parts << tr("<b style='color:#2e9e5b'>%1 done</b>").arg(s.done);
    parts << (s.failed ? tr("<b style='color:#c0392b'>%1 failed</b>").arg(s.failed) : tr("0 failed"));
    parts << tr("%1 skipped (output existed)").arg(s.skipped);
    if (s.cancelledItems)
        parts << tr("%1 cancelled").arg(s.cancelledItems);
    if (skippedWhileAdding)
        parts << tr("%1 left out when adding (not images or duplicates)").arg(skippedWhileAdding);
    auto *counts = new QLabel(parts.join(" · "), this);
    counts->setObjectName("summaryCounts");
    counts->setWordWrap(true);
    layout->addWidget(counts);
    const double rate = s.seconds > 0 ? (s.done + s.failed + s.skipped) / s.seconds : 0;
    QString detail = tr("%1 images/s with %2 workers").arg(rate, 0, 'f', 1).arg(s.workers);
    if (s.workersReplaced)
        detail += tr("; workers replaced after a crash or hang: %1").arg(s.workersReplaced);
    if (!s.outputDirs.isEmpty())
        detail += "<br>" + tr("Output: %1").arg(s.outputDirs.join(", ").toHtmlEscaped());
    auto *info = new QLabel(detail, this);
    info->setWordWrap(true);
    info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(info);

    m_failures = new QTreeWidget(this);
    m_failures->setObjectName("failureList");
    m_failures->setHeaderLabels({tr("Image"), tr("Reason")});
    m_failures->setRootIsDecorated(false);
    m_failures->setWordWrap(true);
    QList<quint64> failed;
    for (const SessionFailure &f : s.failures) {
        auto *item = new QTreeWidgetItem(m_failures, {f.name, f.reason});
        item->setToolTip(1, f.reason);
        failed << f.uid;
    }
    m_failures->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_failures->setVisible(!s.failures.isEmpty());
    if (!s.failures.isEmpty())
        layout->addWidget(new QLabel(tr("Failures:"), this));
    layout->addWidget(m_failures, 1);
    if (s.failures.isEmpty())
        layout->addStretch(1);

    auto *buttons = new QDialogButtonBox(this);
    failed += s.cancelledUids;
    m_retry = buttons->addButton(s.cancelledUids.isEmpty() ? tr("Retry failed") : tr("Retry failed and cancelled"),
                                 QDialogButtonBox::ActionRole);
    m_retry->setIcon(icon("retry"));
    m_retry->setEnabled(!failed.isEmpty());
    m_open = buttons->addButton(tr("Open output folder"), QDialogButtonBox::ActionRole);
    m_open->setIcon(icon("open-folder"));
    m_open->setEnabled(!s.outputDirs.isEmpty());
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setDefault(true);
    layout->addWidget(buttons);

    connect(m_retry, &QPushButton::clicked, this, [this, failed] {
        emit retryRequested(failed);
        accept();
    });
    connect(m_open, &QPushButton::clicked, this,
            [this, dirs = s.outputDirs] { emit openFolderRequested(dirs.first()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

} // namespace pp::gui
