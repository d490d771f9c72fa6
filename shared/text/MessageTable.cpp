// The one table of messages: an id's stable name, its English template and, for a failure whose
// English is a detail as it came, the headline a translation shows instead. lupdate reads the
// QT_TRANSLATE_NOOP marks here (docs/translations.md).
#include "Message.h"

#include <QtGlobal>
#include <array>

namespace pp {
namespace {

struct Entry {
    MessageId id;
    const char *name;
    const char *english;
    const char *headline;
};

constexpr std::array<Entry, size_t(MessageId::Count)> kTable{{
    {MessageId::None, "none", "", nullptr},
    {MessageId::Verbatim, "verbatim", "%1", nullptr},
    {MessageId::NoSuchInput, "no-such-input", QT_TRANSLATE_NOOP("pp::Message", "no such file or folder"), nullptr},
    {MessageId::NotRegularFile, "not-regular-file",
     QT_TRANSLATE_NOOP("pp::Message", "not a regular file (a pipe, socket or device)"), nullptr},
    {MessageId::DuplicateInput, "duplicate-input",
     QT_TRANSLATE_NOOP("pp::Message", "duplicate: the same file is already queued"), nullptr},
    // An input named again (the same name, another spelling of it, a file or folder an earlier
    // input holds): the user gave it twice, no scan left it out.
    {MessageId::InputGivenTwice, "input-given-twice", QT_TRANSLATE_NOOP("pp::Message", "given twice"), nullptr},
    {MessageId::CannotReadFolder, "cannot-read-folder", QT_TRANSLATE_NOOP("pp::Message", "cannot read folder: %1"),
     nullptr},
    {MessageId::BrokenLink, "broken-link", QT_TRANSLATE_NOOP("pp::Message", "broken symbolic link: %1"), nullptr},
    {MessageId::FolderLink, "folder-link", QT_TRANSLATE_NOOP("pp::Message", "symbolic link to a folder, not followed"),
     nullptr},
    {MessageId::LinkOutsideFolder, "link-outside-folder",
     QT_TRANSLATE_NOOP("pp::Message", "symbolic link to a file outside the folder, not followed"), nullptr},
    {MessageId::FolderTooDeep, "folder-too-deep", QT_TRANSLATE_NOOP("pp::Message", "folder nested too deep"), nullptr},
    // A folder a scan meets a second time (a bind mount of a folder inside itself, or of one folder at
    // two places): not entered again; its files were taken where it was met first.
    {MessageId::FolderMetAgain, "folder-met-again",
     QT_TRANSLATE_NOOP("pp::Message", "the same folder met again while scanning (a loop or a bind mount), not "
                                      "scanned twice"),
     nullptr},
    {MessageId::HiddenFolder, "hidden-folder", QT_TRANSLATE_NOOP("pp::Message", "hidden folder, not scanned"), nullptr},
    {MessageId::OutputFolderInInputs, "output-folder-in-inputs",
     QT_TRANSLATE_NOOP("pp::Message", "the output folder, not scanned: its files are results, not inputs"), nullptr},
    {MessageId::EarlierOutputOfInput, "earlier-output-of-input",
     QT_TRANSLATE_NOOP("pp::Message", "an output an earlier run made of another image of this batch"), nullptr},
    {MessageId::EarlierOutputOfQueued, "earlier-output-of-queued",
     QT_TRANSLATE_NOOP("pp::Message", "an output an earlier run made of another image in the queue, into this folder"),
     nullptr},
    {MessageId::SubFolderNotScanned, "sub-folder-not-scanned",
     QT_TRANSLATE_NOOP("pp::Message", "sub-folder, not scanned without --recursive"), nullptr},
    {MessageId::NotAnImageName, "not-an-image-name", QT_TRANSLATE_NOOP("pp::Message", "not an image file name"),
     nullptr},
    {MessageId::ImageSequenceName, "image-sequence-name",
     QT_TRANSLATE_NOOP("pp::Message", "an image sequence (.avifs, .heics), not taken from folders: named on its own, "
                                      "its still image is read"),
     nullptr},
    {MessageId::NoImagesFound, "no-images-found", QT_TRANSLATE_NOOP("pp::Message", "no images found in the inputs"),
     nullptr},
    {MessageId::FolderInShardList, "folder-in-shard-list",
     QT_TRANSLATE_NOOP("pp::Message",
                       "a folder in the --inputs-from list of a sharded batch: list its files instead (find "
                       "DIR -type f)"),
     nullptr},
    {MessageId::OutputFolderCannotBeCreated, "output-folder-cannot-be-created",
     QT_TRANSLATE_NOOP("pp::Message", "output folder %1 cannot be created"), nullptr},
    {MessageId::OutputFolderNotAFolder, "output-folder-not-a-folder",
     QT_TRANSLATE_NOOP("pp::Message", "output folder %1 is not a folder"), nullptr},
    {MessageId::OutputFolderBlocked, "output-folder-blocked",
     QT_TRANSLATE_NOOP("pp::Message", "output folder %1 cannot be created: %2 is not a folder"), nullptr},
    {MessageId::OutputFolderBrokenLink, "output-folder-broken-link",
     QT_TRANSLATE_NOOP("pp::Message",
                       "output folder %1 cannot be created: %2 is a symbolic link to %3, which does not exist"),
     nullptr},
    {MessageId::OutputFolderNotWritable, "output-folder-not-writable",
     QT_TRANSLATE_NOOP("pp::Message", "cannot write to output folder %1: %2"), nullptr},
    {MessageId::OutputFolderNotWritableIn, "output-folder-not-writable-in",
     QT_TRANSLATE_NOOP("pp::Message", "output folder %1 cannot be created in %2: %3"), nullptr},
    {MessageId::OutputFolderOutside, "output-folder-outside",
     QT_TRANSLATE_NOOP("pp::Message", "output folder %1 leads outside %2 (symbolic link)"), nullptr},
    {MessageId::CannotCreateOutputFolder, "cannot-create-output-folder",
     QT_TRANSLATE_NOOP("pp::Message", "cannot create output folder %1: %2"), nullptr},
    {MessageId::OutputFolderMissing, "output-folder-missing",
     QT_TRANSLATE_NOOP("pp::Message", "output folder %1 does not exist and cannot be created"), nullptr},
    // During a batch (BatchRunner): every image that was to be written there fails with it.
    {MessageId::OutputFolderGone, "output-folder-gone",
     QT_TRANSLATE_NOOP("pp::Message",
                       "output folder %1 is gone (removed or moved during the batch); it is not made again"),
     nullptr},
    {MessageId::OutputFolderReplaced, "output-folder-replaced",
     QT_TRANSLATE_NOOP("pp::Message", "output folder %1 was replaced during the batch (moved away, and something else "
                                      "given its name: another folder, a link or a file); nothing is written there"),
     nullptr},
    {MessageId::OutputFolderNoLongerWritable, "output-folder-no-longer-writable",
     QT_TRANSLATE_NOOP("pp::Message", "output folder %1 can no longer be written: %2"), nullptr},
    // An image's own write that failed where the folder is fine (a full disk): the worker's words,
    // with the folder they were said of, which the worker does not know.
    {MessageId::OutputNotWrittenIn, "output-not-written-in",
     //: %1: a folder; %2: why, e.g. "no space left on the device (disk full)"
     QT_TRANSLATE_NOOP("pp::Message", "cannot write the output in %1: %2"), nullptr},
    {MessageId::OutputNotCreatedIn, "output-not-created-in",
     //: %1: a folder; %2: why, e.g. "no room for another file on the device (all its inodes are in use)"
     QT_TRANSLATE_NOOP("pp::Message", "cannot create a file in output folder %1: %2"), nullptr},
    {MessageId::OutputNameInvalid, "output-name-invalid",
     QT_TRANSLATE_NOOP("pp::Message", "the output name \"%1\" is not a valid relative path"), nullptr},
    {MessageId::OutputPathTooLong, "output-path-too-long",
     QT_TRANSLATE_NOOP(
         "pp::Message",
         "the output path %1 would be %2 bytes long, over the limit of %3 bytes (the system's PATH_MAX of "
         "%4 bytes, less room for the temporary file's name)"),
     nullptr},
    {MessageId::OutputNameShortened, "output-name-shortened",
     QT_TRANSLATE_NOOP("pp::Message",
                       "the output's name was shortened to %1 bytes, the file system's limit for a name"),
     nullptr},
    {MessageId::OutputNameCharactersReplaced, "output-name-characters-replaced",
     QT_TRANSLATE_NOOP("pp::Message",
                       "%1 written as _: a file system made for Windows, as on a memory card, takes none in a "
                       "name"),
     nullptr},
    {MessageId::Warnings, "warnings", "%1; %2", nullptr},
    {MessageId::OutputCannotBeWritten, "output-cannot-be-written",
     QT_TRANSLATE_NOOP("pp::Message", "cannot write the output %1: %2"), nullptr},
    {MessageId::WouldReplaceSource, "would-replace-source",
     QT_TRANSLATE_NOOP("pp::Message",
                       "the output would replace the source image; choose another folder or name, or turn on \"Let "
                       "outputs replace their source images\" in the preset's output settings (allowOverwriteSource "
                       "in a preset file)"),
     nullptr},
    //: %1: the format the image would be written in ("jpeg"); %2: the formats that have a lossless mode
    {MessageId::LosslessKeptFormat, "lossless-kept-format",
     QT_TRANSLATE_NOOP("pp::Message",
                       "lossless output asked for, but format: keep (same as the input) writes this image as %1, "
                       "which has no lossless mode: choose an output format that has one (%2), or turn lossless off"),
     nullptr},
    {MessageId::OutputExists, "output-exists", QT_TRANSLATE_NOOP("pp::Message", "output exists"), nullptr},
    //: %1: the output's path; %2: how many numbered names were tried ("NAME (2).png", …)
    {MessageId::OutputNoFreeName, "output-no-free-name",
     QT_TRANSLATE_NOOP("pp::Message", "no free name for %1: it and the %2 numbered names after it are taken"), nullptr},
    {MessageId::OfOutput, "of-output", QT_TRANSLATE_NOOP("pp::Message", "output \"%1\": %2"), nullptr},
    {MessageId::FailedUnknown, "failed-unknown", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the image could not be processed")},
    {MessageId::FailedCannotRead, "failed-cannot-read", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the file cannot be read")},
    // A file of no image format, or an empty one, is said in the worker's own words, translated
    // (kNotAnImageDetail, kEmptyFileDetail): the headline is for the rest, a format PixelPool knows
    // in a form it does not read (an animated WebP, a 12-bit JPEG, a BigTIFF, a Canon CRW…).
    {MessageId::FailedUnsupported, "failed-unsupported", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "a kind or feature of its format that PixelPool does not read")},
    {MessageId::FailedTooLarge, "failed-too-large", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the image is larger than the pixel limit")},
    {MessageId::FailedCorrupt, "failed-corrupt", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the image data is damaged or cut short")},
    {MessageId::FailedProcessing, "failed-processing", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "a step of the preset failed on this image")},
    {MessageId::FailedCannotWrite, "failed-cannot-write", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the output cannot be written")},
    {MessageId::FailedOutputExists, "failed-output-exists", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the output exists and may not be replaced")},
    {MessageId::FailedOutOfMemory, "failed-out-of-memory", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "not enough memory for this image")},
    {MessageId::FailedWorkerCrashed, "failed-worker-crashed", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the worker process crashed on this image")},
    {MessageId::FailedTimedOut, "failed-timed-out", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the image took longer than the time limit")},
    {MessageId::FailedWorkerMisbehaved, "failed-worker-misbehaved", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the worker process broke the protocol and was replaced")},
    {MessageId::FailedWorkersCannotStart, "failed-workers-cannot-start", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "no worker process could be started")},
    {MessageId::Cancelled, "cancelled", "%1", QT_TRANSLATE_NOOP("pp::Message", "cancelled")},
    {MessageId::WorkerWarning, "worker-warning", "%1", QT_TRANSLATE_NOOP("pp::Message", "written, with a warning")},
    {MessageId::ErrnoNoSpace, "errno-no-space",
     QT_TRANSLATE_NOOP("pp::Message", "no space left on the device (disk full)"), nullptr},
    {MessageId::ErrnoNoInodes, "errno-no-inodes",
     QT_TRANSLATE_NOOP("pp::Message", "no room for another file on the device (all its inodes are in use)"), nullptr},
    {MessageId::ErrnoQuota, "errno-quota", QT_TRANSLATE_NOOP("pp::Message", "disk quota exceeded"), nullptr},
    {MessageId::ErrnoPermission, "errno-permission", QT_TRANSLATE_NOOP("pp::Message", "permission denied"), nullptr},
    {MessageId::ErrnoReadOnly, "errno-read-only", QT_TRANSLATE_NOOP("pp::Message", "the file system is read-only"),
     nullptr},
    {MessageId::ErrnoNotFound, "errno-not-found", QT_TRANSLATE_NOOP("pp::Message", "no such file or folder"), nullptr},
    {MessageId::ErrnoLoop, "errno-loop",
     QT_TRANSLATE_NOOP("pp::Message", "too many levels of symbolic links (a link loop?)"), nullptr},
    {MessageId::ErrnoIsFolder, "errno-is-folder", QT_TRANSLATE_NOOP("pp::Message", "is a folder"), nullptr},
    {MessageId::ErrnoNotFolder, "errno-not-folder",
     QT_TRANSLATE_NOOP("pp::Message", "a file stands where a folder should be"), nullptr},
    {MessageId::ErrnoNoMemory, "errno-no-memory", QT_TRANSLATE_NOOP("pp::Message", "out of memory"), nullptr},
    {MessageId::ErrnoNoAnswer, "errno-no-answer",
     QT_TRANSLATE_NOOP("pp::Message", "no answer within the time limit (a network share or a disk that is gone?)"),
     nullptr},
    {MessageId::ErrnoOutsideFolder, "errno-outside-folder",
     QT_TRANSLATE_NOOP("pp::Message",
                       "it leads outside the folder it was found in now (a symbolic link put there since the scan?)"),
     nullptr},
    {MessageId::ErrnoNameTooLong, "errno-name-too-long", QT_TRANSLATE_NOOP("pp::Message", "file name too long"),
     nullptr},
    {MessageId::At, "at", QT_TRANSLATE_NOOP("pp::Message", "%1: %2"), nullptr},
    //: %1: the name meant, like "colour"; %2: what is wrong, like "output.color is not a known setting"
    {MessageId::DidYouMean, "did-you-mean", QT_TRANSLATE_NOOP("pp::Message", "%2 (did you mean %1?)"), nullptr},
    {MessageId::PresetCannotOpen, "preset-cannot-open", QT_TRANSLATE_NOOP("pp::Message", "%1: cannot open: %2"),
     nullptr},
    {MessageId::PresetFileTooLarge, "preset-file-too-large",
     QT_TRANSLATE_NOOP("pp::Message", "%1: larger than %2 bytes, not a preset"), nullptr},
    {MessageId::PresetNotJson, "preset-not-json",
     QT_TRANSLATE_NOOP("pp::Message", "%1: not valid JSON at line %2, column %3: %4"), nullptr},
    {MessageId::PresetNotAnObject, "preset-not-an-object",
     QT_TRANSLATE_NOOP("pp::Message", "%1: a preset must be a JSON object"), nullptr},
    {MessageId::PresetCannotWrite, "preset-cannot-write", QT_TRANSLATE_NOOP("pp::Message", "%1: cannot write: %2"),
     nullptr},
    {MessageId::PresetBadFormat, "preset-bad-format",
     QT_TRANSLATE_NOOP("pp::Message", "\"format\" must be \"pixelpool-preset\""), nullptr},
    {MessageId::PresetBadVersion, "preset-bad-version",
     QT_TRANSLATE_NOOP("pp::Message", "\"version\" must be a positive whole number"), nullptr},
    {MessageId::PresetNewerVersion, "preset-newer-version",
     QT_TRANSLATE_NOOP("pp::Message", "version %1 is newer than this PixelPool understands (%2)"), nullptr},
    {MessageId::PresetBadName, "preset-bad-name",
     QT_TRANSLATE_NOOP("pp::Message", "\"name\" must be non-empty text of at most 100 characters"), nullptr},
    {MessageId::UnknownSetting, "unknown-setting", QT_TRANSLATE_NOOP("pp::Message", "%1 is not a known setting"),
     nullptr},
    {MessageId::MustBeText, "must-be-text", QT_TRANSLATE_NOOP("pp::Message", "%1 must be text"), nullptr},
    {MessageId::MustBeObject, "must-be-object", QT_TRANSLATE_NOOP("pp::Message", "%1 must be an object"), nullptr},
    {MessageId::WholeNumberFromTo, "whole-number-from-to",
     QT_TRANSLATE_NOOP("pp::Message", "%1 must be a whole number from %2 to %3"), nullptr},
    {MessageId::MustBeBool, "must-be-bool", QT_TRANSLATE_NOOP("pp::Message", "%1 must be true or false"), nullptr},
    {MessageId::MustBeOneOf, "must-be-one-of", QT_TRANSLATE_NOOP("pp::Message", "%1 must be one of: %2"), nullptr},
    {MessageId::LosslessConflict, "lossless-conflict",
     QT_TRANSLATE_NOOP("pp::Message",
                       "%1.webpLossless (the older name of %1.lossless) says otherwise than %1.lossless"),
     nullptr},
    //: %1: the setting that asks for lossless output; %2: the setting of its format; %3: the format ("jpeg");
    //: %4: the formats that have a lossless mode
    {MessageId::LosslessWithoutMode, "lossless-without-mode",
     QT_TRANSLATE_NOOP("pp::Message",
                       "%1: %2 is %3, which has no lossless mode: choose one of %4, or turn lossless off"),
     nullptr},
    {MessageId::MustBeColour, "must-be-colour", QT_TRANSLATE_NOOP("pp::Message", "%1 must be a colour like \"%2\""),
     nullptr},
    {MessageId::MustBeOpaqueColour, "must-be-opaque-colour",
     QT_TRANSLATE_NOOP("pp::Message",
                       "%1 must be an opaque colour like \"%2\": transparency is flattened onto it, and %3 is not"),
     nullptr},
    {MessageId::StepsNotAList, "steps-not-a-list", QT_TRANSLATE_NOOP("pp::Message", "%1 must be a list of operations"),
     nullptr},
    {MessageId::TooManySteps, "too-many-steps", QT_TRANSLATE_NOOP("pp::Message", "%1 has more than %2 operations"),
     nullptr},
    {MessageId::StepNotAnObject, "step-not-an-object", QT_TRANSLATE_NOOP("pp::Message", "must be an object"), nullptr},
    {MessageId::OutputsNotAList, "outputs-not-a-list",
     QT_TRANSLATE_NOOP("pp::Message", "\"outputs\" must be a list of 1 to %1 outputs"), nullptr},
    {MessageId::OutputNotAnObject, "output-not-an-object",
     QT_TRANSLATE_NOOP("pp::Message", "%1 must be an object with a name, steps and output settings"), nullptr},
    {MessageId::OutputBadName, "output-bad-name",
     QT_TRANSLATE_NOOP("pp::Message", "%1.name must be 1 to 40 letters, digits, - or _"), nullptr},
    {MessageId::OutputNameTaken, "output-name-taken",
     QT_TRANSLATE_NOOP("pp::Message", "%1.name \"%2\" is already the name of outputs[%3]"), nullptr},
    {MessageId::OutputStepsMissing, "output-steps-missing",
     QT_TRANSLATE_NOOP("pp::Message", "%1.steps is missing (an empty list if the shared steps are all it needs)"),
     nullptr},
    {MessageId::OutputTooManySteps, "output-too-many-steps",
     QT_TRANSLATE_NOOP("pp::Message", "%1.steps: with the shared steps, more than %2 operations"), nullptr},
    {MessageId::TooManyStepFiles, "too-many-step-files",
     QT_TRANSLATE_NOOP("pp::Message", "the preset's steps read more than %1 files (logos and fonts); it reads %2"),
     nullptr},
    {MessageId::OutputWholePresetSetting, "output-whole-preset-setting",
     QT_TRANSLATE_NOOP("pp::Message", "%1.output.%2 is a setting of the whole preset: set output.%2 instead"), nullptr},
    {MessageId::OutputWholePresetFolder, "output-whole-preset-folder",
     QT_TRANSLATE_NOOP("pp::Message", "%1.output.folder is a setting of the whole preset: set output.folder instead "
                                      "and put a sub-folder in the name template, like \"thumbnail/{name}.{ext}\""),
     nullptr},
    {MessageId::OutputSameNames, "output-same-names",
     QT_TRANSLATE_NOOP("pp::Message", "%1.output.nameTemplate makes the same file names as outputs[%2]'s: give each "
                                      "output its own, like \"%3/{name}.{ext}\""),
     nullptr},
    //: %1: the command line's options, like "--format png"; %2: what the preset cannot do with them
    {MessageId::PresetWithOptions, "preset-with-options",
     QT_TRANSLATE_NOOP("pp::Message", "with %1, the preset cannot be used: %2"), nullptr},
    //: %1: the preset's name; %2: the field, like steps[2].logo.file; %3: the file; %4: why
    {MessageId::StepFileUnreadable, "step-file-unreadable",
     QT_TRANSLATE_NOOP("pp::Message", "preset \"%1\", %2: %3 cannot be read (%4), so every image would fail"), nullptr},
    //: %1: the preset's name; %2: the field, like steps[2].logo.file; %3: the file
    {MessageId::StepFileNotRegular, "step-file-not-regular",
     QT_TRANSLATE_NOOP("pp::Message",
                       "preset \"%1\", %2: %3 is not a regular file (a pipe, socket or device), so every image would "
                       "fail"),
     nullptr},
    //: %1: the preset's name; %2: the field, like steps[2].logo.file; %3: the file
    {MessageId::StepFileEmpty, "step-file-empty",
     QT_TRANSLATE_NOOP("pp::Message", "preset \"%1\", %2: %3 is an empty file, so every image would fail"), nullptr},
    //: %1: the setting, like output.quality; then where it is given the second and the first time
    {MessageId::PresetDuplicateKey, "preset-duplicate-key",
     QT_TRANSLATE_NOOP("pp::Message", "%1 is given twice, at line %2, column %3 and before at line %4, column %5: "
                                      "a preset says each setting once"),
     nullptr},
    //: %1: the setting; %2: the character's code point in hex ("000A"); %3: its place in the text, from 1
    {MessageId::ControlCharacter, "control-character",
     QT_TRANSLATE_NOOP("pp::Message", "%1 must not contain control characters (U+%2 at character %3)"), nullptr},
    {MessageId::StepNoOp, "step-no-op", QT_TRANSLATE_NOOP("pp::Message", "\"op\" must name an operation"), nullptr},
    {MessageId::UnknownOperation, "unknown-operation", QT_TRANSLATE_NOOP("pp::Message", "unknown operation \"%1\""),
     nullptr},
    {MessageId::UnknownParameter, "unknown-parameter", QT_TRANSLATE_NOOP("pp::Message", "%1: unknown parameter \"%2\""),
     nullptr},
    {MessageId::SettingOfAnotherMode, "setting-of-another-mode",
     QT_TRANSLATE_NOOP(
         "pp::Message",
         "%1 is used only in mode \"%2\", and without a \"mode\" the step is \"%3\": add \"mode\": \"%2\""),
     nullptr},
    //: %1: the setting missing ("resize.height"); %2: the one given ("resize.width"); %3: the step's mode
    {MessageId::SettingWithoutItsPair, "setting-without-its-pair",
     QT_TRANSLATE_NOOP("pp::Message", "%1 is missing: %2 is given, and mode \"%3\" needs both"), nullptr},
    {MessageId::MustBeNumber, "must-be-number", QT_TRANSLATE_NOOP("pp::Message", "%1 must be a number"), nullptr},
    {MessageId::MustBeWholeNumber, "must-be-whole-number",
     QT_TRANSLATE_NOOP("pp::Message", "%1 must be a whole number"), nullptr},
    {MessageId::OutsideRange, "outside-range", QT_TRANSLATE_NOOP("pp::Message", "%1 is %2, outside %3..%4"), nullptr},
    {MessageId::TextTooLong, "text-too-long", QT_TRANSLATE_NOOP("pp::Message", "%1 is longer than %2 characters"),
     nullptr},
    {MessageId::MustHaveText, "must-have-text",
     QT_TRANSLATE_NOOP("pp::Message",
                       "%1 must have some text to draw: it is empty, or only spaces and characters that draw nothing"),
     nullptr},
    //: %1: the setting ("watermark.color"); %2: its value ("#ffffff00"); %3: the opacity
    {MessageId::InkNotVisible, "ink-not-visible",
     QT_TRANSLATE_NOOP("pp::Message",
                       "%1 is %2: at an opacity of %3 the text would not show (less than a hundredth of it); give "
                       "the colour a higher alpha (its last two digits), or leave them out"),
     nullptr},
    {MessageId::FilePathTooLong, "file-path-too-long",
     QT_TRANSLATE_NOOP("pp::Message", "%1 is a path longer than %2 characters"), nullptr},
    {MessageId::MustNameFile, "must-name-file", QT_TRANSLATE_NOOP("pp::Message", "%1 must name a file"), nullptr},
    {MessageId::RelativePath, "relative-path",
     QT_TRANSLATE_NOOP("pp::Message",
                       "%1 is a relative path (\"%2\"); only a preset file's paths may be relative (to its folder)"),
     nullptr},
    {MessageId::TemplateEmpty, "template-empty", QT_TRANSLATE_NOOP("pp::Message", "the file name template is empty"),
     nullptr},
    //: %1: the character's code point in hex ("000A"); %2: its place in the template, from 1
    {MessageId::TemplateControlCharacter, "template-control-character",
     QT_TRANSLATE_NOOP("pp::Message", "the file name template must not contain control characters (U+%1 at "
                                      "character %2)"),
     nullptr},
    {MessageId::TemplateTooLong, "template-too-long",
     QT_TRANSLATE_NOOP("pp::Message", "the file name template is longer than %1 characters"), nullptr},
    {MessageId::TemplateAbsolute, "template-absolute",
     QT_TRANSLATE_NOOP("pp::Message", "the file name template must be relative to the output folder"), nullptr},
    //: %1: the brace's place in the template, counted in characters from 1
    {MessageId::TemplateUnclosedBrace, "template-unclosed-brace",
     QT_TRANSLATE_NOOP("pp::Message",
                       "the \"{\" at character %1 of the file name template is not closed: placeholders are "
                       "written like {name}"),
     nullptr},
    //: %1: the brace's place in the template, counted in characters from 1
    {MessageId::TemplateStrayBrace, "template-stray-brace",
     QT_TRANSLATE_NOOP("pp::Message",
                       "the \"}\" at character %1 of the file name template closes no placeholder: placeholders "
                       "are written like {name}"),
     nullptr},
    {MessageId::TemplateUnknownPlaceholder, "template-unknown-placeholder",
     QT_TRANSLATE_NOOP("pp::Message", "unknown placeholder {%1} in the file name template (known: %2)"), nullptr},
    {MessageId::TemplateIndexWidth, "template-index-width",
     QT_TRANSLATE_NOOP("pp::Message", "{index:%1}: the width is a number of digits from 1 to %2, like {index:4}"),
     nullptr},
    {MessageId::TemplateDateFormat, "template-date-format",
     QT_TRANSLATE_NOOP("pp::Message", "{date:%1}: use %Y %y %m %d %H %M %S %j or %%"), nullptr},
    {MessageId::TemplateDateFolders, "template-date-folders",
     QT_TRANSLATE_NOOP("pp::Message", "{date:%1} must not make \"%2\" folders"), nullptr},
    {MessageId::TemplateTakesNoFormat, "template-takes-no-format",
     QT_TRANSLATE_NOOP("pp::Message", "{%1} takes no format"), nullptr},
    {MessageId::TemplateDotFolders, "template-dot-folders",
     QT_TRANSLATE_NOOP("pp::Message", "the file name template must not contain \"%1\" folders"), nullptr},
    //: %1: the preset's name; %2: the folder it makes, "." or ".."
    {MessageId::TemplatePresetDotFolder, "template-preset-dot-folder",
     QT_TRANSLATE_NOOP("pp::Message", "{preset} is the preset's name \"%1\", which makes a \"%2\" folder: give "
                                      "the preset another name"),
     nullptr},
    {MessageId::TemplateEmptyFolder, "template-empty-folder",
     QT_TRANSLATE_NOOP("pp::Message", "the file name template must not make a folder without a name (\"//\")"),
     nullptr},
    {MessageId::TemplateNoFileName, "template-no-file-name",
     QT_TRANSLATE_NOOP("pp::Message", "the file name template must end with a file name"), nullptr},
    {MessageId::PresetNameExists, "preset-name-exists",
     QT_TRANSLATE_NOOP("pp::Message", "%1: a preset named \"%2\" already exists"), nullptr},
    {MessageId::NoSuchPreset, "no-such-preset",
     QT_TRANSLATE_NOOP("pp::Message", "no preset named \"%1\" (available: %2; or give a .json file)"), nullptr},
    {MessageId::BuiltinPresetReadOnly, "builtin-preset-read-only",
     QT_TRANSLATE_NOOP("pp::Message", "\"%1\" is a built-in preset; save it under another name"), nullptr},
    {MessageId::CannotCreatePresetFolder, "cannot-create-preset-folder",
     //: %1: a folder; %2: why, e.g. "permission denied"
     QT_TRANSLATE_NOOP("pp::Message", "cannot create the preset folder %1: %2"), nullptr},
    {MessageId::NotAUserPreset, "not-a-user-preset", QT_TRANSLATE_NOOP("pp::Message", "\"%1\" is not a user preset"),
     nullptr},
    {MessageId::CannotRemovePreset, "cannot-remove-preset", QT_TRANSLATE_NOOP("pp::Message", "cannot remove %1"),
     nullptr},
    {MessageId::PresetNameTaken, "preset-name-taken",
     QT_TRANSLATE_NOOP("pp::Message", "another preset is named \"%1\" already; choose a name of its own"), nullptr},
    //: %1: the file and why, like "/home/me/.config/PixelPool/presets/a.json: not valid JSON at line 1, …"
    {MessageId::UserPresetNotLoaded, "user-preset-not-loaded",
     QT_TRANSLATE_NOOP("pp::Message", "user preset not loaded: %1"), nullptr},
    {MessageId::JsonUnterminatedObject, "json-unterminated-object",
     QT_TRANSLATE_NOOP("pp::Message", "unterminated object"), nullptr},
    {MessageId::JsonMissingNameSeparator, "json-missing-name-separator",
     QT_TRANSLATE_NOOP("pp::Message", "missing name separator"), nullptr},
    {MessageId::JsonUnterminatedArray, "json-unterminated-array",
     QT_TRANSLATE_NOOP("pp::Message", "unterminated array"), nullptr},
    {MessageId::JsonMissingValueSeparator, "json-missing-value-separator",
     QT_TRANSLATE_NOOP("pp::Message", "missing value separator"), nullptr},
    {MessageId::JsonIllegalValue, "json-illegal-value", QT_TRANSLATE_NOOP("pp::Message", "illegal value"), nullptr},
    {MessageId::JsonTerminationByNumber, "json-termination-by-number",
     QT_TRANSLATE_NOOP("pp::Message", "invalid termination by number"), nullptr},
    {MessageId::JsonIllegalNumber, "json-illegal-number", QT_TRANSLATE_NOOP("pp::Message", "illegal number"), nullptr},
    {MessageId::JsonIllegalEscapeSequence, "json-illegal-escape-sequence",
     QT_TRANSLATE_NOOP("pp::Message", "invalid escape sequence"), nullptr},
    {MessageId::JsonIllegalUtf8String, "json-illegal-utf8-string",
     QT_TRANSLATE_NOOP("pp::Message", "invalid UTF8 string"), nullptr},
    {MessageId::JsonUnterminatedString, "json-unterminated-string",
     QT_TRANSLATE_NOOP("pp::Message", "unterminated string"), nullptr},
    {MessageId::JsonMissingObject, "json-missing-object",
     QT_TRANSLATE_NOOP("pp::Message", "object is missing after a comma"), nullptr},
    {MessageId::JsonDeepNesting, "json-deep-nesting", QT_TRANSLATE_NOOP("pp::Message", "too deeply nested document"),
     nullptr},
    {MessageId::JsonDocumentTooLarge, "json-document-too-large", QT_TRANSLATE_NOOP("pp::Message", "too large document"),
     nullptr},
    {MessageId::JsonGarbageAtEnd, "json-garbage-at-end",
     QT_TRANSLATE_NOOP("pp::Message", "garbage at the end of the document"), nullptr},
    //: %1: the character's code point in hex ("0000")
    {MessageId::JsonControlCharacter, "json-control-character",
     QT_TRANSLATE_NOOP("pp::Message", "control character U+%1 in a string (JSON has it written as \\u%1)"), nullptr},
    {MessageId::ShardCountRange, "shard-count-range",
     QT_TRANSLATE_NOOP("pp::Message", "%1 takes a number of shards from 1 to %2"), nullptr},
    {MessageId::ShardBadOption, "shard-bad-option",
     QT_TRANSLATE_NOOP("pp::Message", "--shard takes K/N with 0 <= K < N <= %1 (like 0/8), or auto; got \"%2\""),
     nullptr},
    {MessageId::ShardCountMismatch, "shard-count-mismatch",
     QT_TRANSLATE_NOOP("pp::Message", "--shard %1 says %2 shards but %3 says %4"), nullptr},
    {MessageId::ShardIndexTooLarge, "shard-index-too-large",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: %1 is %2, but there are only %3 shards (%4)"), nullptr},
    {MessageId::ShardNotANumber, "shard-not-a-number",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: %1 is not a number"), nullptr},
    {MessageId::ShardSlurmNoShape, "shard-slurm-no-shape",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: this Slurm array does not say its shape (SLURM_ARRAY_TASK_MIN, "
                                      "MAX, STEP and COUNT); give --shard-count N"),
     nullptr},
    {MessageId::ShardSlurmNotFromZero, "shard-slurm-not-from-zero",
     QT_TRANSLATE_NOOP(
         "pp::Message",
         "--shard auto: the Slurm array starts at %1, not 0: it may be some indices submitted again, so its shape does "
         "not say how many shards there are; give --shard-count N (array index = shard number)"),
     nullptr},
    {MessageId::ShardSlurmStep, "shard-slurm-step",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: the Slurm array's step is %1, so shard K could be index K or "
                                      "K×%1; use a step of 1 or give --shard-count N (array index = shard number)"),
     nullptr},
    {MessageId::ShardSlurmGaps, "shard-slurm-gaps",
     QT_TRANSLATE_NOOP("pp::Message",
                       "--shard auto: the Slurm array has gaps (%1 tasks with indices 0 to %2), so its shape does not "
                       "say how many shards there are; give --shard-count N (array index = shard number)"),
     nullptr},
    {MessageId::ShardKubernetesNoCount, "shard-kubernetes-no-count",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: a Kubernetes Indexed Job gives the index but not the count; give "
                                      "--shard-count N or set PIXELPOOL_SHARD_COUNT to the Job's completions"),
     nullptr},
    {MessageId::ShardParallelSeq, "shard-parallel-seq",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: PARALLEL_SEQ is not a number from 1"), nullptr},
    {MessageId::ShardParallelNoCount, "shard-parallel-no-count",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: GNU parallel numbers its jobs but does not say how many shards "
                                      "there are; give --shard-count N (shard = PARALLEL_SEQ - 1)"),
     nullptr},
    {MessageId::ShardSlurmNotArray, "shard-slurm-not-array",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: this Slurm job is not an array (no SLURM_ARRAY_TASK_ID); submit "
                                      "it with sbatch --array=0-N-1, or use --shard K/N"),
     nullptr},
    {MessageId::ShardNoScheduler, "shard-no-scheduler",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: no scheduler found (none of SLURM_ARRAY_TASK_ID, "
                                      "JOB_COMPLETION_INDEX, PARALLEL_SEQ is set); use --shard K/N"),
     nullptr},
    //: %1: the variables, such as "SLURM_ARRAY_TASK_ID, PARALLEL_SEQ"
    {MessageId::ShardSeveralSchedulers, "shard-several-schedulers",
     QT_TRANSLATE_NOOP("pp::Message", "--shard auto: the variables of more than one scheduler are set (%1), so which "
                                      "one numbers the shards is not known (GNU parallel inside a Slurm array task "
                                      "would run the same shard in every job); give --shard K/N"),
     nullptr},
    {MessageId::ShardWithRename, "shard-with-rename",
     QT_TRANSLATE_NOOP(
         "pp::Message",
         "--shard cannot use the overwrite policy \"rename\": a rerun of a shard would write a second, renamed copy "
         "instead of resuming; use --overwrite skip (redo only what has no complete output) or --overwrite overwrite"),
     nullptr},
    {MessageId::ShardCountWithoutAuto, "shard-count-without-auto",
     QT_TRANSLATE_NOOP("pp::Message", "--shard-count goes with --shard auto"), nullptr},
    {MessageId::NullWithoutInputsFrom, "null-without-inputs-from",
     QT_TRANSLATE_NOOP("pp::Message", "--null goes with --inputs-from"), nullptr},
    {MessageId::CannotReadInputList, "cannot-read-input-list",
     QT_TRANSLATE_NOOP("pp::Message", "cannot read the input list %1: %2"), nullptr},
    {MessageId::InputListTooLarge, "input-list-too-large",
     QT_TRANSLATE_NOOP(
         "pp::Message",
         "the input list %1 is too large: at most %2 MB and %3 paths (split the batch into several lists)"),
     nullptr},
    {MessageId::InputListEntryTooLong, "input-list-entry-too-long",
     QT_TRANSLATE_NOOP("pp::Message", "the input list %1 is not a list of paths: entry %2 is longer than %3 bytes, "
                                      "longer than any path"),
     nullptr},
    {MessageId::InputListNulByte, "input-list-nul-byte",
     QT_TRANSLATE_NOOP("pp::Message", "the input list %1 is not a list of paths: line %2 holds a NUL byte (a list "
                                      "separated by NUL bytes, as find -print0 writes it, needs --null)"),
     nullptr},
    {MessageId::InputListEmpty, "input-list-empty",
     QT_TRANSLATE_NOOP("pp::Message", "the input list %1 names no input: nothing to do"), nullptr},
    {MessageId::StdoutCannotWrite, "stdout-cannot-write",
     QT_TRANSLATE_NOOP("pp::Message", "cannot write to standard output: %1"), nullptr},
    {MessageId::StdoutClosed, "stdout-closed",
     QT_TRANSLATE_NOOP("pp::Message",
                       "cannot write to standard output: the program reading it has ended (broken pipe)"),
     nullptr},
    {MessageId::LogPreviewsDisabled, "log-previews-disabled",
     QT_TRANSLATE_NOOP("pp::Message", "previews disabled for worker %1: %2"), nullptr},
    {MessageId::LogWorkersFitFileLimit, "log-workers-fit-file-limit",
     QT_TRANSLATE_NOOP("pp::Message", "running %1 of the %2 workers asked for: each needs about %3 open files, and "
                                      "the limit is %4 (ulimit -n)"),
     nullptr},
    {MessageId::LogRunningFewerWorkers, "log-running-fewer-workers",
     QT_TRANSLATE_NOOP("pp::Message", "running with %1 of %2 workers: %3"), nullptr},
    {MessageId::LogForeignConnection, "log-foreign-connection",
     QT_TRANSLATE_NOOP("pp::Message", "refused a connection from another user"), nullptr},
    {MessageId::LogSilentConnection, "log-silent-connection",
     QT_TRANSLATE_NOOP("pp::Message", "dropped a connection that did not identify itself in time"), nullptr},
    {MessageId::LogBadHello, "log-bad-hello",
     QT_TRANSLATE_NOOP("pp::Message", "dropped a connection that did not start with a valid Hello"), nullptr},
    {MessageId::LogWrongToken, "log-wrong-token",
     QT_TRANSLATE_NOOP("pp::Message", "dropped a connection with a wrong token"), nullptr},
    // A worker put down for a protocol violation is then lost (LogWorkerLost…), which says
    // whether a replacement starts: only while images wait for one.
    {MessageId::LogProtocolBroken, "log-protocol-broken",
     QT_TRANSLATE_NOOP("pp::Message", "worker %1 (pid %2) broke the protocol: %3; killing it"), nullptr},
    {MessageId::LogMalformedFrame, "log-malformed-frame",
     QT_TRANSLATE_NOOP("pp::Message", "worker %1 (pid %2) sent a malformed frame: %3; killing it"), nullptr},
    {MessageId::LogWorkerLost, "log-worker-lost",
     QT_TRANSLATE_NOOP("pp::Message", "worker %1 (pid %2) lost: %3; starting a replacement"), nullptr},
    {MessageId::LogWorkerLostNotReplaced, "log-worker-lost-not-replaced",
     QT_TRANSLATE_NOOP("pp::Message", "worker %1 (pid %2) lost: %3"), nullptr},
    {MessageId::LogWorkerStoppedAfterCancel, "log-worker-stopped-after-cancel",
     QT_TRANSLATE_NOOP("pp::Message",
                       "worker %1 (pid %2) put down: its image went on %3 s after the cancel; starting a replacement"),
     nullptr},
    {MessageId::LogWorkerStoppedNotReplaced, "log-worker-stopped-not-replaced",
     QT_TRANSLATE_NOOP("pp::Message", "worker %1 (pid %2) put down: its image went on %3 s after the cancel"), nullptr},
    //: %1: why, e.g. "cannot start worker /usr/libexec/pixelpool/pixelpool-worker: permission denied"
    {MessageId::WorkersCannotStart, "workers-cannot-start",
     QT_TRANSLATE_NOOP("pp::Message", "workers cannot start (%1)"), nullptr},
    //: %1: the worker executable's path; %2: the system's reason
    {MessageId::CannotStartWorker, "cannot-start-worker",
     QT_TRANSLATE_NOOP("pp::Message", "cannot start worker %1: %2"), nullptr},
    {MessageId::TooManyOpenFiles, "too-many-open-files",
     QT_TRANSLATE_NOOP("pp::Message", "too many open files (the limit is %1: ulimit -n)"), nullptr},
    //: %1: the signal's number; %2: its name, e.g. SIGKILL
    {MessageId::Signal, "signal", QT_TRANSLATE_NOOP("pp::Message", "signal %1 (%2)"), nullptr},
    // How a worker went (the worker is the subject): a SIGKILL or SIGTERM that PixelPool did not send
    // (another program, the system when memory ran out) says nothing about the image it had.
    {MessageId::WorkerKilledFromOutside, "worker-killed-from-outside",
     QT_TRANSLATE_NOOP("pp::Message", "killed from outside PixelPool by %1"), nullptr},
    {MessageId::WorkerCrashedWith, "worker-crashed-with", QT_TRANSLATE_NOOP("pp::Message", "crashed with %1"), nullptr},
    {MessageId::WorkerExitedWithCode, "worker-exited-with-code",
     QT_TRANSLATE_NOOP("pp::Message", "exited unexpectedly with code %1"), nullptr},
    {MessageId::WorkerTimedOut, "worker-timed-out", QT_TRANSLATE_NOOP("pp::Message", "timed out after %1 s"), nullptr},
    //: %1: the time limit in seconds (--timeout); the worker is the subject
    {MessageId::WorkerDidNotStart, "worker-did-not-start",
     QT_TRANSLATE_NOOP("pp::Message", "did not start the image it was given within %1 s"), nullptr},
    {MessageId::WorkerTookNoFiles, "worker-took-no-files",
     QT_TRANSLATE_NOOP("pp::Message", "did not take the files of the images it was given"), nullptr},
    //: %1: the time limit in seconds (--timeout)
    {MessageId::MakerAbandoned, "maker-abandoned",
     QT_TRANSLATE_NOOP("pp::Message", "a file did not open within %1 s (a network share or a disk that is gone?): its "
                                      "image fails, and the others' files are opened anew"),
     nullptr},
    {MessageId::WorkerClosedConnection, "worker-closed-connection",
     QT_TRANSLATE_NOOP("pp::Message", "closed its connection"), nullptr},
    {MessageId::WorkerNotReadyInTime, "worker-not-ready-in-time",
     QT_TRANSLATE_NOOP("pp::Message", "did not get ready within %1 s"), nullptr},
    //: %1: the front end's account of the violation, in English
    {MessageId::WorkerSentInvalidMessage, "worker-sent-invalid-message",
     QT_TRANSLATE_NOOP("pp::Message", "sent an invalid message (%1)"), nullptr},
    //: %1: the front end's account of the violation, in English
    {MessageId::WorkerSentMalformedFrame, "worker-sent-malformed-frame",
     QT_TRANSLATE_NOOP("pp::Message", "sent a malformed frame (%1)"), nullptr},
    //: An image's failure. %1: how its worker went, e.g. "crashed with signal 11 (SIGSEGV)", "killed from
    //: outside PixelPool by signal 9 (SIGKILL)"
    {MessageId::FailedWorkerWent, "failed-worker-went", QT_TRANSLATE_NOOP("pp::Message", "worker %1"), nullptr},
    //: %1: the image's file; %2: how the worker went, e.g. "crashed with signal 11 (SIGSEGV)"
    {MessageId::LogLostWorkingOn, "log-lost-working-on", QT_TRANSLATE_NOOP("pp::Message", "%2 while working on %1"),
     nullptr},
    //: %1: how the worker went; the image was dropped or pasted, it has no file
    {MessageId::LogLostWorkingOnImageWithoutFile, "log-lost-working-on-image-without-file",
     QT_TRANSLATE_NOOP("pp::Message", "%1 while working on an image without a file"), nullptr},
    //: %1: how the worker went
    {MessageId::LogLostWithNoImage, "log-lost-with-no-image",
     QT_TRANSLATE_NOOP("pp::Message", "%1, with no image running"), nullptr},
    //: %1: the limit on the processes and threads of one user (ulimit -u), a number
    {MessageId::TooManyProcesses, "too-many-processes",
     QT_TRANSLATE_NOOP("pp::Message", "too many processes and threads for the user (the limit is %1: ulimit -u)"),
     nullptr},
    //: %1: why the system refused it, e.g. "too many processes and threads for the user (the limit is 6: ulimit -u)"
    {MessageId::WorkerCannotStartThreads, "worker-cannot-start-threads",
     QT_TRANSLATE_NOOP("pp::Message", "a worker cannot start threads: %1"), nullptr},
    {MessageId::ReportCannotWrite, "report-cannot-write",
     QT_TRANSLATE_NOOP("pp::Message", "cannot write the report %1: %2"), nullptr},
    {MessageId::ReportFolderNotAFolder, "report-folder-not-a-folder",
     QT_TRANSLATE_NOOP("pp::Message", "cannot write the report %1: %2 is not a folder"), nullptr},
    {MessageId::ReportWouldReplace, "report-would-replace",
     QT_TRANSLATE_NOOP("pp::Message",
                       "cannot write the report %1: that file is not a PixelPool report, and it is not replaced"),
     nullptr},
    {MessageId::ReportCannotRead, "report-cannot-read",
     QT_TRANSLATE_NOOP("pp::Message", "cannot read the report %1: %2"), nullptr},
    {MessageId::ReportNotJson, "report-not-json", QT_TRANSLATE_NOOP("pp::Message", "%1: not JSON (%2)"), nullptr},
    {MessageId::ReportNotAReport, "report-not-a-report",
     QT_TRANSLATE_NOOP("pp::Message", "%1: not a PixelPool shard report"), nullptr},
    {MessageId::ReportBadVersion, "report-bad-version",
     QT_TRANSLATE_NOOP("pp::Message", "%1: report version %2, this PixelPool reads %3"), nullptr},
    {MessageId::ReportMissingParts, "report-missing-parts",
     QT_TRANSLATE_NOOP("pp::Message", "%1: a shard report without inputs, shard or listing"), nullptr},
    {MessageId::ReportShardTwice, "report-shard-twice",
     QT_TRANSLATE_NOOP("pp::Message", "shard %1 has two reports: %2 and %3"), nullptr},
    {MessageId::ReportDifferentListings, "report-different-listings",
     QT_TRANSLATE_NOOP("pp::Message", "%1 comes from another listing of inputs (%2 inputs) than %3 (%4 inputs): run "
                                      "every shard over the same inputs (one --inputs-from file)"),
     nullptr},
    {MessageId::ReportDifferentCounts, "report-different-counts",
     QT_TRANSLATE_NOOP("pp::Message", "the reports split the batch into different numbers of shards (%1)"), nullptr},
    {MessageId::ReportIsAFolder, "report-is-a-folder",
     QT_TRANSLATE_NOOP("pp::Message", "cannot write the report %1: it is a folder; give a file name for the report, "
                                      "such as %1/shard-0.json"),
     nullptr},
    {MessageId::ReportEarlierPartition, "report-earlier-partition",
     QT_TRANSLATE_NOOP("pp::Message", "%1: a report of an earlier PixelPool (version %2), which split the inputs by "
                                      "other keys: run every shard again with this one (--overwrite skip keeps "
                                      "what is done)"),
     nullptr},
    {MessageId::ReportDifferentCommands, "report-different-commands",
     QT_TRANSLATE_NOOP("pp::Message", "%1 and %2 were made with different options (%3; %4): their outputs may "
                                      "differ"),
     nullptr},
    {MessageId::ReportNotRegularFile, "report-not-regular-file",
     QT_TRANSLATE_NOOP("pp::Message", "cannot write the report %1: not a regular file (a pipe, socket or device), "
                                      "and it is not replaced; give a file name for the report"),
     nullptr},
    {MessageId::ReportIsJsonOutput, "report-is-json-output",
     QT_TRANSLATE_NOOP("pp::Message", "cannot write the report %1: it is standard output, where --json writes its "
                                      "events; give the report a file of its own"),
     nullptr},
    {MessageId::ReportGivenTwice, "report-given-twice",
     QT_TRANSLATE_NOOP("pp::Message", "%1 is the report %2 again: read once"), nullptr},
    //: %2, %3: the values as the report has them (a number, or null when missing)
    {MessageId::ReportBadShard, "report-bad-shard",
     QT_TRANSLATE_NOOP("pp::Message", "%1: not a valid report: its shard.index %2 is not a number from 0 below its "
                                      "shard.count %3"),
     nullptr},
    {MessageId::ReportBadPerShard, "report-bad-per-shard",
     QT_TRANSLATE_NOOP("pp::Message", "%1: not a valid report: its listing.per_shard has %2 numbers for %3 shards"),
     nullptr},
    //: %3: the value as the report has it ("weird", or null when missing)
    {MessageId::ReportBadOutcome, "report-bad-outcome",
     QT_TRANSLATE_NOOP("pp::Message", "%1: not a valid report: inputs[%2].outcome is %3, not one that PixelPool "
                                      "writes (done, already_done, failed, skipped, pending, cancelled)"),
     nullptr},
    //: %3: the value as the report has it (7, null when missing)
    {MessageId::ReportBadKey, "report-bad-key",
     QT_TRANSLATE_NOOP("pp::Message", "%1: not a valid report: inputs[%2].key is %3, not an input's key (a path)"),
     nullptr},
    {MessageId::ReportKeyTwice, "report-key-twice",
     QT_TRANSLATE_NOOP("pp::Message", "%1: not a valid report: inputs[%2] and inputs[%3] are one input, %4 (a shard "
                                      "lists each of its inputs once)"),
     nullptr},
    {MessageId::MergeTotals, "merge-totals",
     QT_TRANSLATE_NOOP("pp::Message", "reports: %1, inputs: %2; %3 done, %4 failed, %5 already done, %6 skipped; "
                                      "longest shard %7 s, all shards %8 s"),
     nullptr},
    {MessageId::MergeTotalsNoListing, "merge-totals-no-listing",
     QT_TRANSLATE_NOOP("pp::Message", "reports: %1; %2 done, %3 failed, %4 already done, %5 skipped; longest shard "
                                      "%6 s, all shards %7 s"),
     nullptr},
    {MessageId::MergeShardMissing, "merge-shard-missing",
     QT_TRANSLATE_NOOP("pp::Message", "missing: shard %1 wrote no report (inputs: %2)"), nullptr},
    {MessageId::MergeShardKilled, "merge-shard-killed",
     QT_TRANSLATE_NOOP("pp::Message", "missing: shard %1 did not finish (running or killed, %2 pending): %3"), nullptr},
    {MessageId::MergeShardCancelled, "merge-shard-cancelled",
     QT_TRANSLATE_NOOP("pp::Message", "missing: shard %1 did not finish (cancelled, %2 pending): %3"), nullptr},
    {MessageId::MergeUnfinished, "merge-unfinished",
     QT_TRANSLATE_NOOP("pp::Message", "missing: %1 of the inputs not finished: %2"), nullptr},
    {MessageId::MergeTwice, "merge-twice",
     QT_TRANSLATE_NOOP("pp::Message", "twice: %1 of the inputs in more than one report (overlapping shards): %2"),
     nullptr},
    {MessageId::MergeProblem, "merge-problem", QT_TRANSLATE_NOOP("pp::Message", "problem: %1"), nullptr},
    {MessageId::MergeWarning, "merge-warning", QT_TRANSLATE_NOOP("pp::Message", "warning: %1"), nullptr},
    {MessageId::MergeComplete, "merge-complete",
     QT_TRANSLATE_NOOP("pp::Message", "complete: every input reported exactly once"), nullptr},
    {MessageId::MergeIncomplete, "merge-incomplete",
     QT_TRANSLATE_NOOP("pp::Message", "incomplete: %1 of the inputs pending in a report, %2 in no report"), nullptr},
    {MessageId::MergeIncompleteNoListing, "merge-incomplete-no-listing",
     QT_TRANSLATE_NOOP("pp::Message", "incomplete: %1 of the inputs pending in a report; how many are in no report "
                                      "is not known, as the reports are of different listings"),
     nullptr},
    //: %1: the shards' numbers ("2" or "2, 5"); %2 of %3 shards; %4, %5: numbers of inputs
    {MessageId::MergeIncompleteShards, "merge-incomplete-shards",
     QT_TRANSLATE_NOOP("pp::Message", "incomplete: shards without a report: %1 (%2 of %3); %4 of the inputs pending in "
                                      "a report, %5 in no report"),
     nullptr},
    //: %1: the shard ("1/3"); %2, %3: numbers of inputs; %4: its report
    {MessageId::MergeReportShort, "merge-report-short",
     QT_TRANSLATE_NOOP("pp::Message", "missing: shard %1 owns %2 inputs, but its report lists %3 (cut or edited; "
                                      "the others are in no report: run the shard again): %4"),
     nullptr},
}};

// The table is indexed by id: an entry out of place is a compile error, not a wrong message.
constexpr bool tableInOrder()
{
    for (size_t i = 0; i < kTable.size(); ++i)
        if (size_t(kTable[i].id) != i)
            return false;
    return true;
}
static_assert(tableInOrder(), "kTable must list every MessageId in order");

const Entry &entry(MessageId id)
{
    const size_t i = size_t(id);
    return kTable[i < kTable.size() ? i : 0];
}

} // namespace

const char *messageIdName(MessageId id) { return entry(id).name; }
const char *messageTemplate(MessageId id) { return entry(id).english; }
const char *messageHeadline(MessageId id) { return entry(id).headline; }

const char *workerErrnoDetailTemplate(WorkerErrnoDetail what)
{
    switch (what) {
    case WorkerErrnoDetail::CannotOpen:
        //: %1: why, e.g. "permission denied"
        return QT_TRANSLATE_NOOP("pp::WorkerDetail", "cannot open: %1");
    case WorkerErrnoDetail::ReadError:
        //: %1: why, e.g. "permission denied"
        return QT_TRANSLATE_NOOP("pp::WorkerDetail", "read error: %1");
    case WorkerErrnoDetail::CannotCreateOutput:
        //: %1: why, e.g. "no space left on the device (disk full)"
        return QT_TRANSLATE_NOOP("pp::WorkerDetail", "cannot create a file in the output folder: %1");
    case WorkerErrnoDetail::CannotWriteOutput:
        //: %1: why, e.g. "no space left on the device (disk full)"
        return QT_TRANSLATE_NOOP("pp::WorkerDetail", "cannot write the output: %1");
    }
    return "%1";
}

const char kEmptyFileDetail[] = QT_TRANSLATE_NOOP("pp::WorkerDetail", "empty file");
const char kNotAnImageDetail[] = QT_TRANSLATE_NOOP(
    "pp::WorkerDetail",
    "not an image PixelPool can read (JPEG, PNG, WebP, TIFF, BMP, HEIC, AVIF, GIF, JPEG XL, camera RAW)");

} // namespace pp
