// What an output name template may say ({name}, {index:4}, {date:%Y/%m}, ...), checked where a
// preset is loaded, so that a preset file, the editor and --batch refuse the same templates with
// the same words. OutputPlanner expands templates; this only judges them.
#pragma once

#include "Message.h"

#include <QString>

namespace pp {

// {index:N} pads the running number to N digits; more than this is no name anyone wants.
constexpr int kMaxIndexDigits = 20;
// The template is text of at most this many characters (a file name is 255 bytes at most).
constexpr int kMaxNameTemplateLength = 255;

// Empty when the template is usable; otherwise why not, naming the placeholder at fault.
Message checkNameTemplate(const QString &nameTemplate);
// {date:FORMAT}: empty when FORMAT uses only %Y %y %m %d %H %M %S %j and %%.
Message checkDateFormat(const QString &format);

} // namespace pp
