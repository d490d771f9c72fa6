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

// Empty when the template is usable; otherwise why not, naming the placeholder at fault. With the
// preset's name, also that {preset} makes no "." or ".." folder of it (the planner keeps its dots).
Message checkNameTemplate(const QString &nameTemplate, const QString &presetName = {});
// The first control character of `text` (C0, DEL, C1: a newline, a NUL…) as its code point in hex
// and its place in characters from 1 (code points, as every text limit counts), or {-1, {}}: a
// file's name may hold one, but none that PixelPool sets should (lstat() stops at a NUL; a newline
// splits every line that names the file).
struct ControlCharacter {
    qsizetype at = -1;
    QString hex;
};
ControlCharacter findControlCharacter(const QString &text);
// {date:FORMAT}: empty when FORMAT uses only %Y %y %m %d %H %M %S %j and %%.
Message checkDateFormat(const QString &format);

} // namespace pp
