// Every field of a probe's result in one line, for test and fuzz failure messages.
#pragma once

#include "ImageCodec.h"

#include <QString>

namespace pp::testing {

inline QString describeInfo(const ImageInfo &i)
{
    return QStringLiteral("format %1, %2×%3, orientation %4, largestTilePixels %5 (%6×%7), preview %8×%9, "
                          "coefficientBytes %10, error \"%11\"")
        .arg(formatLabel(i.format))
        .arg(i.width)
        .arg(i.height)
        .arg(i.exifOrientation)
        .arg(i.largestTilePixels)
        .arg(i.tileWidth)
        .arg(i.tileHeight)
        .arg(i.preview.width)
        .arg(i.preview.height)
        .arg(i.coefficientBytes)
        .arg(i.error);
}

} // namespace pp::testing
