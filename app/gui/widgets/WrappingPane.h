// A pane whose words wrap, and whose least height is the one they need at its width.
#pragma once

#include <QLayout>
#include <QResizeEvent>
#include <QWidget>
#include <algorithm>

namespace pp::gui {

// Its least height is the one its layout needs at the width it has (wrapped labels and banners
// counted at their height there), not at the width a minimum size guesses: that guess is wider than
// a narrow pane, so the words take fewer lines in it and the pane asked for too little. The queue
// with its banner (German's three rows of buttons) and the preset pane (its hint and its buttons in
// two rows, cut off at the window's least size) are such panes. Laid out again when its width
// changes.
class WrappingPane : public QWidget
{
public:
    using QWidget::QWidget;
    QSize minimumSizeHint() const override
    {
        QSize size = QWidget::minimumSizeHint();
        if (layout() && layout()->hasHeightForWidth() && width() > 0)
            size.setHeight(std::max(size.height(), layout()->minimumHeightForWidth(width())));
        return size;
    }

protected:
    void resizeEvent(QResizeEvent *e) override
    {
        QWidget::resizeEvent(e);
        if (e->oldSize().width() != e->size().width())
            updateGeometry();
    }
};

} // namespace pp::gui
