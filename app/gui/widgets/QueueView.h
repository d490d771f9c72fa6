// The queue as a grid of cards. Takes drops of files, folders, images without a file, preset
// files and preset cards; when empty it shows a drop zone with buttons instead of a blank list.
// A preset card dropped on a selected image assigns it to the whole selection, on any other
// image to that image, and on empty space to the images without a preset of their own. While
// the card is held over the queue, the cards it would change are outlined and a line at the top
// says what the drop will do.
#pragma once

#include "DropRouter.h"

#include <QHash>
#include <QListView>
#include <limits>

class QBoxLayout;
class QPushButton;

namespace pp::gui {

class QueueModel;
class ThumbnailCache;

class QueueView : public QListView
{
    Q_OBJECT
public:
    QueueView(QueueModel *model, ThumbnailCache *thumbnails, QWidget *parent = nullptr);

    QList<quint64> selectedUids() const;
    // Where a preset dropped at `pos` (viewport coordinates) goes.
    QList<quint64> presetTargetsAt(const QPoint &pos) const;
    // What dropping `preset` at `pos` would do, in words ("“web” → 3 selected images").
    QString presetDropText(const QString &preset, const QPoint &pos) const;

    // Room for a whole row of cards at least: the banner's list and the skipped list give way
    // before the queue does (at 1024×768 they left it 70 px, not one card). On a screen too small
    // for that with the rest of the window, the window asks for less (setLeastHeight()).
    QSize minimumSizeHint() const override;
    int rowHeight() const; // a whole row of cards, with the frame
    // The least height the window can give the queue, kept between half a row and a row.
    void setLeastHeight(int height);
    int leastHeight() const;
    // The keyboard to the queue: to its cards, or while it has none to its Add files… button.
    void takeKeys(Qt::FocusReason reason);

signals:
    // targets: for a preset card, the items it is assigned to (empty: the whole queue).
    void contentsDropped(const pp::gui::DropContents &contents, const QList<quint64> &targets);
    void addFilesRequested();
    void addFolderRequested();
    // While a preset card is held over the queue: what a drop would do (empty: the drag left).
    void presetDropPreview(const QString &text);
    void openResultRequested(quint64 uid); // a finished card was double-clicked

protected:
    void dragEnterEvent(QDragEnterEvent *e) override;
    void dragMoveEvent(QDragMoveEvent *e) override;
    void dragLeaveEvent(QDragLeaveEvent *e) override;
    void dropEvent(QDropEvent *e) override;
    void paintEvent(QPaintEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;
    bool viewportEvent(QEvent *e) override;
    void mouseDoubleClickEvent(QMouseEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;

private:
    // Where the empty queue's invitation goes in the viewport: each part as tall as its words
    // wrapped at the drop zone's width, the whole centred, the buttons below the words.
    struct EmptyLayout {
        QRect zone, icon, heading, hint, buttons;
        QFont headingFont;
    };
    EmptyLayout emptyLayout() const;
    bool openResultOf(const QModelIndex &at); // asks to open a finished card's result: true if it has one
    void updateEmptyState();
    void updateGrid();
    void setDropHighlight(bool active, const QList<quint64> &targets, bool whole);
    void tellTheCardsChanges(const QModelIndex &from, const QModelIndex &to);

    QueueModel *m_queue;
    QWidget *m_emptyButtons;
    QBoxLayout *m_emptyButtonsLayout;
    bool m_dragActive = false, m_dragWhole = false;
    int m_leastHeight = std::numeric_limits<int>::max(); // a row
    QList<quint64> m_dragTargets;
    QString m_dragText;
    // The cards the keyboard has been on while accessibility was on, each with its state and preset
    // as a screen reader last had them.
    QHash<quint64, QString> m_told;
};

} // namespace pp::gui
