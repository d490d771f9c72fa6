// Paints one queue entry as a card: thumbnail (the result's once done), name, size, state, the
// preset assigned to it, and the failure reason in full view rather than only in a tooltip.
#pragma once

#include <QStyledItemDelegate>

namespace pp::gui {

class ThumbnailCache;

class QueueDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    QueueDelegate(ThumbnailCache *thumbnails, QObject *parent = nullptr);

    static QSize cardSize() { return {184, 226}; }
    static int thumbnailHeight() { return 128; }
    static int thumbnailWidth() { return cardSize().width() - 22; } // at least: cards widen to fill rows

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // The item's tooltip, plus why it has no thumbnail when a worker could not make one.
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;
    // `tip` as shown: as it is, or, when a line is too long to be shown on one, as rich text that
    // wraps (a path breaks after its '/').
    static QString wrappableTip(const QString &tip);

private:
    ThumbnailCache *m_thumbnails;
};

} // namespace pp::gui
