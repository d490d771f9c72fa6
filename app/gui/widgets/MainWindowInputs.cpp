// MainWindow: what comes in — dropped or pasted files, folders, images without a file, preset
// files and preset cards — and the skipped list that says what was left out and why.
#include "MainWindow.h"

#include "PresetLibraryModel.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "ScanController.h"
#include "FailureText.h"

#include <QApplication>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QMimeData>
#include <QTabWidget>
#include <QTreeWidget>

namespace pp::gui {

void MainWindow::addInputs(const QVector<QByteArray> &paths)
{
    if (paths.isEmpty())
        return;
    m_lastInputDir = QFileInfo(QFile::decodeName(paths.first())).absolutePath();
    m_scanner->scan(paths, QFile::encodeName(m_outputFolder));
}

void MainWindow::handleDrop(const DropContents &c, const QList<quint64> &targets)
{
    if (!c.presetName.isEmpty())
        return assignPresetTo(targets, c.presetName);
    if (!c.presetFiles.isEmpty())
        importPresetFiles(c.presetFiles);
    if (!c.inputs.isEmpty())
        addInputs(c.inputs);
    if (!c.imageBytes.isEmpty())
        addMemoryImage(c.imageBytes, c.imageName);
    else if (!c.image.isNull())
        m_scanner->encodeImage(c.image, c.imageName); // PNG encoding off the UI thread
    if (!c.rejected.isEmpty())
        showMessage(tr("Not added: %1").arg(c.rejected.join("; ")));
}

void MainWindow::addMemoryImage(const QByteArray &bytes, const QString &name)
{
    // The same image is queued: nothing is left out, so the Skipped list does not name it.
    if (m_queue->addMemoryImage(bytes, name) == 0)
        return showMessage(tr("That image is already in the queue."));
    QString text = tr("Added an image without a file (%1); workers get it through shared memory.").arg(name);
    if (m_session && m_session->isRunning())
        text += ' ' + tr("It waits until the running batch ends; Start (Ctrl+Return) then processes it.");
    showMessage(text);
    // As after a drop of files: with no card chosen, the queue's first is, and the preview shows it
    // (a pasted image into an empty queue was neither chosen nor previewed: the window QA pass).
    if (m_queueView->currentIndex().row() < 0 && m_queue->rowCount() > 0)
        m_queueView->setCurrentIndex(m_queue->index(0));
}

void MainWindow::onScanFinished(const ScanBatch &batch)
{
    QVector<SkippedInput> skipped = batch.skipped;
    QVector<QByteArray> alreadyQueued;
    const int added = m_queue->addFiles(batch.files, &skipped, &alreadyQueued);
    // A file in the queue is not left out: one queued before, or given twice in this drop (taken
    // once). Listed, they piled up at every drop of the same folder, and the banner counted them as
    // left out of a batch that made them.
    const int queued = int(alreadyQueued.size() +
                           skipped.removeIf([this](const SkippedInput &s) { return m_queue->holdsPath(s.path); }));
    pruneSkipped();
    addSkipped(skipped);
    QString text =
        batch.cancelled ? tr("Scan stopped: added %1").arg(imageCount(added)) : tr("Added %1").arg(imageCount(added));
    if (queued > 0)
        text +=
            queued == 1 ? tr("; 1 was in the queue already") : tr("; %Ln were in the queue already", nullptr, queued);
    if (!skipped.isEmpty())
        text += tr("; left out %L1 (see Skipped)").arg(skipped.size());
    text += '.';
    if (added > 0 && m_session && m_session->isRunning())
        text += ' ' + (added == 1 ? tr("It waits until the running batch ends; Start (Ctrl+Return) then processes it.")
                                  : tr("They wait until the running batch ends; Start (Ctrl+Return) then processes "
                                       "them."));
    showMessage(text);
    if (m_queueView->currentIndex().row() < 0 && m_queue->rowCount() > 0)
        m_queueView->setCurrentIndex(m_queue->index(0));
    emit scanFinished();
}

void MainWindow::addSkipped(const QVector<SkippedInput> &skipped)
{
    if (skipped.isEmpty())
        return;
    for (const SkippedInput &s : skipped) {
        const QString reason = FailureText::shown(s.reason);
        QTreeWidgetItem *&item = m_skippedEntries[{s.path, reason}];
        if (!item) { // the same file left out for the same reason again is listed once
            item = new QTreeWidgetItem(m_skipped, {shownPath(s.path), reason});
            item->setToolTip(0, shownPath(s.path));
            item->setToolTip(1, reason);
            item->setData(0, kSkippedPathRole, s.path);
            item->setData(0, kSkippedCodeRole, int(s.code));
            if (s.code == LeftOutCode::LinkOutside) {
                // Rich text, so that it wraps; where it leads, as it is now.
                const QString target = QFileInfo(QFile::decodeName(s.path)).canonicalFilePath();
                QString tip = QStringLiteral("<p>") + reason.toHtmlEscaped() + QStringLiteral("</p>");
                if (!target.isEmpty())
                    tip += QStringLiteral("<p>") + tr("It leads to %1.").arg(shownText(target).toHtmlEscaped()) +
                           QStringLiteral("</p>");
                tip += QStringLiteral("<p>") +
                       tr("A folder from elsewhere may link to your private files. If you know where it leads, "
                          "choose Add Anyway from this list's context menu (right-click, the Menu key or "
                          "Shift+F10).")
                           .toHtmlEscaped() +
                       QStringLiteral("</p>");
                item->setToolTip(1, tip);
            }
        }
        item->setData(0, kSkippedRunRole, m_skippedRun);
    }
    updateSkippedTab();
    m_bottomTabs->setCurrentIndex(0);
    if (m_bottomDock->isHidden()) {
        m_bottomDock->show();
        m_bottomDockShownForList = true;
        resizeDocks({m_bottomDock}, {skippedDockHeight()}, Qt::Vertical);
    }
}

int MainWindow::skippedDockHeight() const
{
    // As high as its list, up to five rows, not half the window, nor a fixed strip: one left-out
    // file (the samples' README) took 150 px of a 768-px screen from the queue.
    const int rows = std::clamp(m_skipped->topLevelItemCount(), 1, 5);
    const int row = std::max(m_skipped->sizeHintForRow(0), m_skipped->fontMetrics().height() + 2);
    const int list = m_skipped->header()->sizeHint().height() + rows * row + 2 * m_skipped->frameWidth();
    // The dock's title and the tab widget's tabs and frame, as laid out around a page.
    const int around = m_bottomDock->sizeHint().height() - m_bottomTabs->currentWidget()->sizeHint().height();
    return std::min(around + list + 2, 150);
}

void MainWindow::pruneSkipped()
{
    // An empty queue (Clear queue, every card removed) empties the list too: what it named was left
    // out of that queue ("duplicate: the same file is already queued" of a file queued no more), and
    // it grew all session (the soak QA pass: 192 entries, a year-old duplicate among them, over an
    // empty queue).
    const bool emptied = m_queue->rowCount() == 0;
    for (auto it = m_skippedEntries.begin(); it != m_skippedEntries.end();) {
        if (emptied || m_queue->holdsPath(it.key().first)) {
            delete it.value();
            it = m_skippedEntries.erase(it);
        } else {
            ++it;
        }
    }
    updateSkippedTab();
    if (m_skippedEntries.isEmpty() && m_bottomDockShownForList && !m_bottomDock->isHidden()) {
        // The focus in it goes to the queue, not to whichever control comes next.
        if (QWidget *focus = QApplication::focusWidget(); focus && m_bottomDock->isAncestorOf(focus))
            m_queueView->setFocus(Qt::OtherFocusReason);
        m_bottomDock->hide();
        m_bottomDockShownForList = false;
    }
}

int MainWindow::leftOutThisRun() const
{
    int n = 0;
    for (const QTreeWidgetItem *item : m_skippedEntries)
        n += item->data(0, kSkippedRunRole).toInt() == m_skippedRun;
    return n;
}

QList<QTreeWidgetItem *> MainWindow::chosenSkipped() const
{
    QList<QTreeWidgetItem *> chosen = m_skipped->selectedItems();
    if (chosen.isEmpty() && m_skipped->currentItem())
        chosen << m_skipped->currentItem();
    return chosen;
}

void MainWindow::addLinkedFiles()
{
    // Each is taken as the file it leads to now, and only that file is opened for it
    // (ScanOptions::approvedLinks). Their entries go: what the scan leaves out of them (a link
    // that leads to a folder now, a file queued already) is said anew.
    QVector<QByteArray> links;
    for (QTreeWidgetItem *item : chosenSkipped()) {
        if (item->data(0, kSkippedCodeRole).toInt() != int(LeftOutCode::LinkOutside))
            continue;
        links << item->data(0, kSkippedPathRole).toByteArray();
        m_skippedEntries.remove({links.back(), item->text(1)});
        delete item;
    }
    updateSkippedTab();
    if (!links.isEmpty())
        m_scanner->scan(links, QFile::encodeName(m_outputFolder), true);
}

void MainWindow::updateSkippedTab() { m_bottomTabs->setTabText(0, tr("Skipped (%L1)").arg(m_skippedEntries.size())); }

void MainWindow::dragEnterEvent(QDragEnterEvent *e)
{
    // Drops anywhere in the window (preview, status bar) count as drops on the queue.
    if (canAcceptDrop(e->mimeData()) && !e->mimeData()->hasFormat(kPresetMimeType))
        e->acceptProposedAction();
    else
        e->ignore();
}

void MainWindow::dropEvent(QDropEvent *e)
{
    const DropContents c = routeDrop(e->mimeData());
    // A drop with nothing to add is refused, so the source (a file manager) does not report a
    // copy; the status bar still says why.
    if (c.isUsable()) {
        e->acceptProposedAction();
    } else {
        e->setDropAction(Qt::IgnoreAction);
        e->ignore();
    }
    handleDrop(c, {});
}

} // namespace pp::gui
