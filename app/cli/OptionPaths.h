// The paths of `pixelpool --batch`'s options, checked before any work: names need not be UTF-8,
// but the preset's file, the output folder and the report are opened through QString (PresetLibrary,
// OutputPlanner, ShardReport), and a relative one made absolute through the current folder's path
// as text (QDir), where each byte that is not UTF-8 becomes U+FFFD. Such a path named another
// file or folder: `-o caf\xE9` wrote into a new folder "caf<U+FFFD>", where `-o caf\xE8` then
// replaced its outputs. It is refused instead, exit 2, never written elsewhere. --inputs-from and
// the inputs are read by their bytes and need no check.
#pragma once

#include "Message.h"
#include "Options.h"
#include "Preset.h"

#include <QString>
#include <optional>

namespace pp::cli {

// Why a path is refused: its stable English for --json (an `error` event) and its text in the
// user's language for the terminal.
struct Refusal {
    Message english;
    QString local;
};

// `option`'s value (--preset, --output, --report) is not UTF-8.
std::optional<Refusal> optionPathNotUtf8(const CommandLine &cl, const char *option);

// In a current folder whose path is not UTF-8: a relative --report; a relative output folder (-o,
// the preset's `folder`, the default pixelpool-output); a preset file given by a relative path
// whose steps name files relative to it (a logo, a font), made absolute through that path.
std::optional<Refusal> reportInCurrentFolderNotUtf8(const CommandLine &cl);
std::optional<Refusal> outputFolderInCurrentFolderNotUtf8(const QString &outputDir);
std::optional<Refusal> stepFileInCurrentFolderNotUtf8(const CommandLine &cl, const Preset &preset);

} // namespace pp::cli
