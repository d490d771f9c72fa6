// A slider that shows plainly when it has the keyboard: a ring around it in the palette's highlight,
// made to stand out 3:1 from what it lies on (WCAG 2's focus indicator). Fusion marks a focused
// slider only by a faint outline of its handle, and in a column of sliders it was hard to see which
// one the arrow keys would move (editor QA pass).
#pragma once

#include <QSlider>

namespace pp::gui {

class FocusSlider : public QSlider
{
public:
    explicit FocusSlider(Qt::Orientation orientation, QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // The ring's colour on this slider's background.
    QColor focusRingColour() const;

    static constexpr int kRingWidth = 2;
    static constexpr int kRingMargin = kRingWidth + 1; // the slider itself is drawn inside the ring

protected:
    // The slider drawn, and its handle hit, inside the room the ring leaves.
    void initStyleOption(QStyleOptionSlider *option) const override;
    void paintEvent(QPaintEvent *e) override;
};

} // namespace pp::gui
