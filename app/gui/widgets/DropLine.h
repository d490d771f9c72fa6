// What a drag held over a view will do, said on the view before the drop: a line at its top, in
// bold white on a rounded fill (the queue: a preset onto images; the preset cards: files to import),
// the fill darkened where white on it would not read.
#pragma once

#include "Contrast.h"

#include <QFontMetrics>
#include <QPainter>
#include <QWidget>
#include <algorithm>

namespace pp::gui {

inline void paintDropLine(QPainter &p, const QWidget *viewport, QFont font, const QString &text, const QColor &fill)
{
    font.setBold(true);
    p.setFont(font);
    const QFontMetrics fm(font);
    const int width = std::min(fm.horizontalAdvance(text) + 24, viewport->width() - 16);
    const QRect pill((viewport->width() - width) / 2, 8, width, fm.height() + 10);
    p.setPen(Qt::NoPen);
    p.setBrush(underWhite(fill));
    p.drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
    p.setPen(Qt::white);
    p.drawText(pill, Qt::AlignCenter, fm.elidedText(text, Qt::ElideMiddle, width - 20));
}

} // namespace pp::gui
