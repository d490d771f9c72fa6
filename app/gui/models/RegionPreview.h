// One region of an image at 100 %, before and after its preset: what the preview shows when the
// user switches it to actual size. The worker cuts both from a full-size decode and the preset's
// pipeline run on the whole image, so the after pixels are exactly what the batch writes.
#pragma once

#include <QImage>
#include <QMetaType>
#include <QRect>
#include <QSize>
#include <algorithm>
#include <cmath>

namespace pp::gui {

struct RegionPreview {
    QImage before, after;
    QRect beforeRect; // in the upright source's pixels
    QRect afterRect;  // in the output's pixels
    QSize beforeSize, outputSize;
    // False for a region the user has already panned away from: still right where it is (it is
    // painted at its own rectangle), but a newer one is on its way.
    bool latest = true;
    bool isNull() const { return before.isNull(); }
};

// The largest part of `wanted`, kept around its centre, whose before and after (never larger than
// the before on either side) fit a preview slot of `slotBytes` side by side, 4 bytes a pixel.
inline QRect fitRegion(const QRect &wanted, qint64 slotBytes, int maxSide)
{
    int w = std::min(wanted.width(), maxSide), h = std::min(wanted.height(), maxSide);
    if (w <= 0 || h <= 0)
        return {};
    const qint64 pixels = slotBytes / 8; // each side
    if (qint64(w) * h > pixels) {
        const double k = std::sqrt(double(pixels) / (double(w) * h));
        w = std::max(1, int(w * k));
        h = std::max(1, std::min(int(h * k), int(pixels / w)));
    }
    const QPoint c = wanted.center();
    return QRect(c.x() - w / 2, c.y() - h / 2, w, h) & wanted;
}

} // namespace pp::gui

Q_DECLARE_METATYPE(pp::gui::RegionPreview)
