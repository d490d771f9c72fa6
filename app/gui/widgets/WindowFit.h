// Where the window goes on a screen: its first size, and a saved geometry brought back inside a
// smaller screen (a laptop after a monitor). Plain rectangle arithmetic, so tests check it for
// the screens people have without one of each; fitOnScreen() applies it to a window.
#pragma once

#include <QMargins>
#include <QRect>

class QWidget;

namespace pp::gui {

// The window manager's frame before the window is shown (title bar, borders); once shown, the
// real one is used. Generous: a guess too small leaves the frame off the screen's edge.
inline constexpr QMargins kFrameGuess{8, 32, 8, 8};
// What the window asks for on a screen with room for it.
inline constexpr QSize kPreferredSize{1360, 860};

// The client rectangle for a first start: the preferred size, smaller when the screen is, centred.
QRect firstStartGeometry(const QRect &available, const QMargins &frame);
// The preview pane's width on a first start in a window `windowWidth` wide: 380 px, and in a small
// window 30 % of it, 280 px at least, so that the queue beside it and the presets holds two columns
// of cards (at 1016 px: 304 px, where 380 left the queue one card wide).
constexpr int previewFirstWidth(int windowWidth)
{
    const int share = windowWidth * 3 / 10;
    return share < 280 ? 280 : share > 380 ? 380 : share;
}
// A shown window's frame as its window manager draws it, or kFrameGuess until that is known.
QMargins frameMargins(const QWidget *window);
// `client` moved and shrunk so that it and its frame lie inside `available`.
QRect fitInside(const QRect &client, const QMargins &frame, const QRect &available);
// Moves and shrinks a shown top-level window (the main window, the preset editor) inside its
// screen's available area, with its window manager's frame (kFrameGuess until that is known);
// a maximized or full-screen one is left as it is.
void fitOnScreen(QWidget *window);

} // namespace pp::gui
