// How a choice (a QComboBox) is told to assistive technology: by its label, as every other field is.
#pragma once

namespace pp::gui {

// On Linux Qt names a choice by the item it shows ("automatic" for a resize's filter), whatever name
// it was given, and gives Down, which opens it, as its key. From the first call on, every choice is
// named by its accessible name, else by the label whose buddy it is ("Filter"), and says that label's
// Alt+letter; its value is the item it shows, and its list and actions are Qt's. Called before the
// window's first choice is asked for (MainWindow, PresetEditor); more calls do nothing.
void tellChoicesByTheirLabels();

} // namespace pp::gui
