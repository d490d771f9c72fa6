// The folder chooser of the window and the preset editor.
#pragma once

#include <QString>

class QWidget;

namespace pp::gui {

// Asks for a folder, opening where `current` is, or would be: an output folder not made yet (the
// first run's ~/Pictures/PixelPool) opens at the nearest folder above it that exists, not at
// whatever folder the program was started from; an empty `current` opens at `fallback`. Empty
// when the person cancels.
QString askForFolder(QWidget *parent, const QString &title, const QString &current, const QString &fallback = {});

// Where askForFolder opens for `current` (a folder that exists, or the nearest above it that does).
QString nearestExistingFolder(const QString &path);

} // namespace pp::gui
