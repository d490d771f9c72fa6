// The end of a batch, as a strip inside the window above the progress bar (not a dialog that
// covers the queue): how many were done, failed and skipped, how long it took, and what people
// do next: open the output folder, retry the failures, see every failure with its reason.
#pragma once

#include "BatchSession.h"

#include <QFrame>

class QGridLayout;
class QLabel;
class QPushButton;
class QToolButton;
class QTreeWidget;

namespace pp::gui {

class ElidedLabel;

class BatchBanner : public QFrame
{
    Q_OBJECT
public:
    explicit BatchBanner(QWidget *parent = nullptr);

    // skippedWhileAdding: inputs left out when they were added (not images, duplicates).
    void showSummary(const SessionSummary &summary, int skippedWhileAdding);
    QString headline() const;
    QString countsText() const;
    // Images in the queue that no batch has taken yet (added while the batch ran, or left out of a
    // Start of a few): what Start does next, on a line of its own; empty hides the line.
    void setWaitingText(const QString &text);
    QString waitingText() const;

    QPushButton *retryButton() const { return m_retry; }
    // Hides it, and says leftWithTheKeys() if one of its buttons had them.
    void leave();
    QPushButton *openButton() const { return m_open; }
    QPushButton *failuresButton() const { return m_showFailures; }
    QTreeWidget *failureList() const { return m_failures; }
    int buttonColumns() const { return m_columns; } // the buttons' row wraps in a narrow window
    // The list of failures and warnings out of the banner, for the window to lay out under it
    // beside the queue (made a child of `parent`): inside the banner it made the banner as tall as
    // the list wanted, and at 1024×768 the queue was left less than one card high. Shown and hidden
    // with the banner and its "Show failures" button as before.
    QTreeWidget *takeFailureList(QWidget *parent);

    QSize minimumSizeHint() const override;

signals:
    void retryRequested(const QList<quint64> &uids);
    void openFolderRequested(const QString &dir);
    void dismissed(); // its close button was pressed
    // A row of the failure list was activated (a double-click, Return): the window shows its card.
    void failureActivated(quint64 uid);
    // It is about to hide (leave()) while one of its buttons has the keys (Retry or its close button
    // pressed from the keyboard): they would go to whatever control follows it.
    void leftWithTheKeys();

protected:
    void resizeEvent(QResizeEvent *e) override;
    void showEvent(QShowEvent *e) override;
    void hideEvent(QHideEvent *e) override;

private:
    QList<QPushButton *> buttons() const;
    void reflowButtons();
    void updateDescription();
    void updateFailuresButton();
    void fitFailureList();
    // What the banner's headline says of a batch: how many images it made or tried, and in what
    // time; the ones skipped because their outputs exist apart.
    static QString headlineOf(const SessionSummary &summary);

    ElidedLabel *m_headline;
    QLabel *m_counts; // wraps: the counts are read in full, never cut
    // The output folders, one line cut in the middle: wrapped, a path of 1,900 characters took
    // 22 lines and made the window taller than the screen (window QA pass).
    ElidedLabel *m_output;
    QLabel *m_waiting;
    QPushButton *m_retry, *m_open, *m_showFailures;
    QToolButton *m_close;
    QTreeWidget *m_failures;
    QGridLayout *m_buttons;
    int m_columns = 0;
    enum class Listed { Failures, Warnings, Both } m_listed = Listed::Failures; // in the failure list
    QList<quint64> m_retryUids;
    QString m_outputDir;
};

} // namespace pp::gui
