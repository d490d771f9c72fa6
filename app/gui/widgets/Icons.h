// Icons from resources/icons (compiled in). QIcon picks the @2x files on high-DPI screens.
#pragma once

#include <QIcon>

namespace pp::gui {
QIcon icon(const char *name);
QIcon appIcon();
} // namespace pp::gui
