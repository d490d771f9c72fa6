// The hidden screenshot mode (PIXELPOOL_SCREENSHOT=DIR, used by scripts/screenshots.sh): drives
// the real window through a scripted scenario and saves what it looks like, so the README's
// pictures are made by the code they show and stay current.
#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

namespace pp::gui {
// Needs a QApplication. inputs: folders/files to queue (plus one broken file it makes itself).
// Returns 0 when every screenshot was written.
int runScreenshotScenario(const QString &outDir, const QVector<QByteArray> &inputs);
} // namespace pp::gui
