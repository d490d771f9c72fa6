// Outputs an earlier run of the same batch wrote among its inputs: `pixelpool --batch -o photos
// photos` run again took the first run's p.jpg (of p.png) as a photo, wrote p (2).jpg of it, and
// numbered p.png's own output p (3).jpg as p.jpg was an input it may not replace: each run more.
#pragma once

#include "InputScanner.h"

#include <QStringList>

namespace pp {

// Leaves out of `result` each file in `outputFolder` (or below it) that records, as its origin
// (outputOrigin(), what outputs keep in an extended attribute), another of its items as its
// source, for one of `outputNames` (a preset's outputs; one empty name for a preset without
// `outputs`): "an output an earlier run made of another image of this batch",
// LeftOutCode::EarlierOutput. Its source's output then finds it in its place (skipped under
// --overwrite skip, replaced under overwrite). Elsewhere such a file is an input as asked (a WebP
// made of a JPEG, both given to be archived); so is an output of a photo that is not in the batch
// (thumbnails of an earlier export). Reads one extended attribute per item: not for a shard, whose
// other shards' files are not looked at.
void leaveOutEarlierOutputs(ScanResult *result, const QStringList &outputNames, const QByteArray &outputFolder);

} // namespace pp
