// A worker's preview (shared/frontend/Preview.h) as the QImage the window paints: the same pixels,
// not a copy, and no conversion (they are premultiplied as painting wants them); the image holds a
// reference to them until its last copy goes.
#pragma once

#include "Preview.h"

#include <QImage>

namespace pp {

inline QImage toImage(const Preview &preview)
{
    if (preview.isNull())
        return {};
    return QImage(
        preview.bits(), preview.width(), preview.height(), preview.bytesPerLine(), QImage::Format_ARGB32_Premultiplied,
        [](void *held) { delete static_cast<Preview *>(held); }, new Preview(preview));
}

} // namespace pp
