// MainWindow: the image the preset editor previews. The editor has no choice of image of its own: it
// takes the queue's current card, or the next it can read when a batch or its own preview found that
// one unreadable, and follows a card chosen in the queue while it is open.
#include "MainWindow.h"

#include "PresetEditor.h"
#include "PreviewController.h"
#include "PreviewPane.h"
#include "QueueModel.h"

namespace pp::gui {

int MainWindow::editorImageFrom(int row, QStringList *passed) const
{
    const int rows = m_queue->rowCount();
    for (int i = 0; i < rows; ++i) {
        const QueueItem &it = m_queue->itemAt((row + i) % rows);
        const bool batchFailed = it.state == ItemState::Failed && cannotReadImage(it.code);
        // What the preview found holds until a batch writes the image (its file was replaced since).
        const bool previewFailed = m_unpreviewable.contains(it.uid) && it.state != ItemState::Done;
        if (!batchFailed && !previewFailed)
            return (row + i) % rows;
        // A batch's failure is on its card already; the preview's is said nowhere else.
        const QString said = tr("Preview of %1 failed: %2").arg(it.name, m_unpreviewable.value(it.uid));
        if (!batchFailed && !passed->contains(said))
            *passed << said;
    }
    return -1;
}

void MainWindow::previewInEditor(int row, EditorImage how)
{
    m_editorImageWas = how;
    PreviewPane *pane = m_editor->previewPane();
    if (row < 0) {
        m_editorImage = 0;
        m_editorPreview->setSource({});
        pane->clear(tr("Add images to the queue to preview this preset on one of them."));
        return;
    }
    const QueueItem &it = m_queue->itemAt(row);
    if (it.uid != m_editorImage)
        pane->clear(); // nothing of the last image (its failure) under this one's name
    m_editorImage = it.uid;
    pane->setTitle(tr("Preview: %1").arg(it.name));
    pane->setNote(how == EditorImage::Chosen ? m_editorPassed.join(QLatin1Char('\n')) : QString());
    m_editorPreview->setSource(it.input.path, it.input.data, it.input.confinement());
}

void MainWindow::editorImageUnreadable(const QString &reason)
{
    // A card chosen in the queue is shown as it is, its failure too.
    const int row = m_queue->rowOf(m_editorImage);
    if (!m_editor || m_editorImageWas != EditorImage::Chosen || row < 0)
        return;
    m_unpreviewable.insert(m_editorImage, reason);
    QStringList passed = m_editorPassed;
    const int next = editorImageFrom(row, &passed);
    if (next < 0)
        return; // none it can read: this one's failure stays in view
    m_editorPassed = passed;
    previewInEditor(next, EditorImage::Chosen);
}

} // namespace pp::gui
