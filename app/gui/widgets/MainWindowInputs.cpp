// MainWindow: what comes in — dropped or pasted files, folders, images without a file, preset
// files and preset cards — and the skipped list that says what was left out and why.
#include "MainWindow.h"

#include "PresetLibraryModel.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "ScanController.h"
#include "Translations.h"

#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileInfo>
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
    if (m_queue->addMemoryImage(bytes, name) == 0) {
        addSkipped({{name.toUtf8(), Message::verbatim(tr("duplicate: the same image is already in the queue"))}});
        return showMessage(tr("That image is already in the queue."));
    }
    showMessage(tr("Added an image without a file (%1); workers get it through shared memory.").arg(name));
}

void MainWindow::onScanFinished(const ScanBatch &batch)
{
    QVector<SkippedInput> skipped = batch.skipped;
    const int added = m_queue->addFiles(batch.files, &skipped);
    addSkipped(skipped);
    QString text =
        batch.cancelled ? tr("Scan stopped: added %1").arg(imageCount(added)) : tr("Added %1").arg(imageCount(added));
    if (!skipped.isEmpty())
        text += tr("; left out %L1 (see Skipped)").arg(skipped.size());
    showMessage(text + ".");
    if (m_queueView->currentIndex().row() < 0 && m_queue->rowCount() > 0)
        m_queueView->setCurrentIndex(m_queue->index(0));
    emit scanFinished();
}

void MainWindow::addSkipped(const QVector<SkippedInput> &skipped)
{
    if (skipped.isEmpty())
        return;
    for (const SkippedInput &s : skipped) {
        const QString reason = i18n::localText(s.reason);
        auto *item = new QTreeWidgetItem(m_skipped, {displayPath(s.path), reason});
        item->setToolTip(0, displayPath(s.path));
        item->setToolTip(1, reason);
    }
    m_skippedCount += int(skipped.size());
    m_skippedThisRun += int(skipped.size());
    m_bottomTabs->setTabText(0, tr("Skipped (%L1)").arg(m_skippedCount));
    m_bottomTabs->setCurrentIndex(0);
    if (m_bottomDock->isHidden()) {
        m_bottomDock->show();
        resizeDocks({m_bottomDock}, {150}, Qt::Vertical); // a strip, not half the window
    }
}

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
