// The end of a batch: how many were done, failed and skipped, how long it took, every failure
// with its reason, and the two things people do next: retry the failures, open the output.
#pragma once

#include "BatchSession.h"

#include <QDialog>

class QPushButton;
class QTreeWidget;

namespace pp::gui {

class SummaryDialog : public QDialog
{
    Q_OBJECT
public:
    // skippedWhileAdding: inputs left out when they were added (not images, duplicates).
    SummaryDialog(const SessionSummary &summary, int skippedWhileAdding, QWidget *parent = nullptr);

    QPushButton *retryButton() const { return m_retry; }
    QPushButton *openButton() const { return m_open; }
    QTreeWidget *failureList() const { return m_failures; }

signals:
    void retryRequested(const QList<quint64> &uids);
    void openFolderRequested(const QString &dir);

private:
    QPushButton *m_retry, *m_open;
    QTreeWidget *m_failures;
};

} // namespace pp::gui
