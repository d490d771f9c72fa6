// A message for people, kept as a stable code and its arguments until it reaches the edge: the
// window and the terminal render it in the user's language (app/i18n/Translations.h, through
// tr()), while --json and shard reports render the stable English (english()). The engine
// builds Messages and never compares their text: code compares the id (or a FailureCode).
//
// Every id has one entry in MessageTable.cpp: its stable name and its English template, marked
// with QT_TRANSLATE_NOOP so that lupdate collects it for the translations (docs/translations.md).
#pragma once

#include <QJsonParseError>
#include <QString>
#include <QStringList>
#include <vector>

namespace pp {

enum class MessageId : quint16 {
    None = 0,
    Verbatim, // "%1": a text without a code of its own (a library's or the system's words)
    // Inputs
    NoSuchInput,
    NotRegularFile,
    DuplicateInput,
    InputGivenTwice,
    CannotReadFolder,
    BrokenLink,
    FolderLink,
    LinkOutsideFolder,
    FolderTooDeep,
    FolderMetAgain,
    HiddenFolder,
    OutputFolderInInputs,
    EarlierOutputOfInput,
    EarlierOutputOfQueued, // the window's: its source is in the queue, done or not
    SubFolderNotScanned,
    NotAnImageName,
    ImageSequenceName,
    NoImagesFound,
    FolderInShardList,
    // The output folder and names
    OutputFolderCannotBeCreated,
    OutputFolderNotAFolder,
    OutputFolderBlocked,
    OutputFolderBrokenLink,
    OutputFolderNotWritable,
    OutputFolderNotWritableIn,
    OutputFolderOutside,
    CannotCreateOutputFolder,
    OutputFolderMissing,
    OutputFolderGone,
    OutputFolderReplaced,
    OutputFolderNoLongerWritable,
    OutputNotWrittenIn, // the worker's "cannot write the output: %1", with the folder
    OutputNotCreatedIn, // "cannot create a file in the output folder: %1", with the folder
    OutputNameInvalid,
    OutputPathTooLong,
    OutputNameShortened,
    OutputNameCharactersReplaced,
    Warnings, // two warnings about one image: its causes, "%1; %2"
    OutputCannotBeWritten,
    WouldReplaceSource,
    LosslessKeptFormat, // `lossless` with `format: keep`, for an image kept in a format without a lossless mode
    OutputExists,
    OutputNoFreeName,
    OfOutput, // one of a preset's several outputs: "output \"%1\": %2"
    // An image that failed, by its FailureCode: the English is the detail as it came (%1, often a
    // decoding library's own words); a translation shows its headline instead.
    FailedUnknown,
    FailedCannotRead,
    FailedUnsupported,
    FailedTooLarge,
    FailedCorrupt,
    FailedProcessing,
    FailedCannotWrite,
    FailedOutputExists,
    FailedOutOfMemory,
    FailedWorkerCrashed,
    FailedTimedOut,
    FailedWorkerMisbehaved,
    FailedWorkersCannotStart,
    Cancelled, // %1: "cancelled", or how the pool had to stop it
    // A worker's warning on an image it wrote (%1, as it came)
    WorkerWarning,
    // Why a system call failed (errnoMessage)
    ErrnoNoSpace,
    ErrnoNoInodes, // ENOSPC with blocks free (errnoMessageAt)
    ErrnoQuota,
    ErrnoPermission,
    ErrnoReadOnly,
    ErrnoNotFound,
    ErrnoLoop,
    ErrnoIsFolder,
    ErrnoNotFolder,
    ErrnoNoMemory,
    ErrnoNoAnswer,      // an open that the file system never answered (WorkerPool::abandonStuckMaker)
    ErrnoOutsideFolder, // an input that led outside the folder it was found in when opened (openToHand)
    ErrnoNameTooLong,
    // Reading a preset: where it is in the file comes first
    At,
    DidYouMean, // a misspelt name, with the known one it is closest to (withSuggestion)
    PresetCannotOpen,
    PresetFileTooLarge,
    PresetNotJson,
    PresetNotAnObject,
    PresetCannotWrite,
    PresetBadFormat,
    PresetBadVersion,
    PresetNewerVersion,
    PresetBadName,
    UnknownSetting,
    MustBeText,
    MustBeObject,
    WholeNumberFromTo,
    MustBeBool,
    MustBeOneOf,
    LosslessConflict,
    LosslessWithoutMode,
    MustBeColour,
    MustBeOpaqueColour,
    StepsNotAList,
    TooManySteps,
    StepNotAnObject,
    OutputsNotAList,
    OutputNotAnObject,
    OutputBadName,
    OutputNameTaken,
    OutputStepsMissing,
    OutputTooManySteps,
    TooManyStepFiles,
    OutputWholePresetSetting,
    OutputWholePresetFolder,
    OutputSameNames,
    PresetWithOptions, // the preset with the command line's overrides applied
    StepFileUnreadable,
    StepFileNotRegular,
    StepFileEmpty,
    PresetDuplicateKey,
    ControlCharacter,
    // A step of a preset
    StepNoOp,
    UnknownOperation,
    UnknownParameter,
    SettingOfAnotherMode,
    SettingWithoutItsPair,
    MustBeNumber,
    MustBeWholeNumber,
    OutsideRange,
    TextTooLong,
    MustHaveText,
    InkNotVisible,
    FilePathTooLong,
    MustNameFile,
    RelativePath,
    // A file name template
    TemplateEmpty,
    TemplateControlCharacter,
    TemplateTooLong,
    TemplateAbsolute,
    TemplateUnclosedBrace,
    TemplateStrayBrace,
    TemplateUnknownPlaceholder,
    TemplateIndexWidth,
    TemplateDateFormat,
    TemplateDateFolders,
    TemplateTakesNoFormat,
    TemplateDotFolders,
    TemplatePresetDotFolder,
    TemplateEmptyFolder,
    TemplateNoFileName,
    // The preset library
    PresetNameExists,
    NoSuchPreset,
    BuiltinPresetReadOnly,
    CannotCreatePresetFolder,
    NotAUserPreset,
    CannotRemovePreset,
    PresetNameTaken,
    UserPresetNotLoaded,
    // Why a text is not JSON (QJsonParseError's English, which Qt translates itself)
    JsonUnterminatedObject,
    JsonMissingNameSeparator,
    JsonUnterminatedArray,
    JsonMissingValueSeparator,
    JsonIllegalValue,
    JsonTerminationByNumber,
    JsonIllegalNumber,
    JsonIllegalEscapeSequence,
    JsonIllegalUtf8String,
    JsonUnterminatedString,
    JsonMissingObject,
    JsonDeepNesting,
    JsonDocumentTooLarge,
    JsonGarbageAtEnd,
    JsonControlCharacter, // one PixelPool finds itself: Qt lets a raw one through
    // Scale-out options (--shard, --shard-count, --inputs-from, --null)
    ShardCountRange,
    ShardBadOption,
    ShardCountMismatch,
    ShardIndexTooLarge,
    ShardNotANumber,
    ShardSlurmNoShape,
    ShardSlurmNotFromZero,
    ShardSlurmStep,
    ShardSlurmGaps,
    ShardKubernetesNoCount,
    ShardParallelSeq,
    ShardParallelNoCount,
    ShardSlurmNotArray,
    ShardNoScheduler,
    ShardSeveralSchedulers,
    ShardWithRename,
    ShardCountWithoutAuto,
    NullWithoutInputsFrom,
    CannotReadInputList,
    InputListTooLarge,
    InputListEntryTooLong,
    InputListNulByte,
    InputListEmpty,
    // Standard output (--json events, a dry run's lines) could not be written
    StdoutCannotWrite,
    StdoutClosed,
    // The engine log (JobRunner::log): what the pool did about its workers
    LogPreviewsDisabled,
    LogWorkersFitFileLimit,
    LogRunningFewerWorkers,
    LogForeignConnection,
    LogSilentConnection,
    LogBadHello,
    LogWrongToken,
    LogProtocolBroken,
    LogMalformedFrame,
    LogWorkerLost,
    LogWorkerLostNotReplaced,
    LogWorkerStoppedAfterCancel,
    LogWorkerStoppedNotReplaced,
    // Why workers cannot start, and how a lost worker went: what the engine log, the window's
    // warning and --json say (the English is what was said before these had ids)
    WorkersCannotStart,
    CannotStartWorker,
    TooManyOpenFiles,
    Signal,
    WorkerKilledFromOutside,
    WorkerCrashedWith,
    WorkerExitedWithCode,
    WorkerTimedOut,
    WorkerDidNotStart,
    WorkerTookNoFiles,
    MakerAbandoned,
    WorkerClosedConnection,
    WorkerNotReadyInTime,
    WorkerSentInvalidMessage,
    WorkerSentMalformedFrame,
    FailedWorkerWent, // an image's failure: how its worker went, the worker the subject
    // A lost worker's log line says what it was working on: "%1" is how it went
    LogLostWorkingOn,
    LogLostWorkingOnImageWithoutFile,
    LogLostWithNoImage,
    TooManyProcesses,         // RLIMIT_NPROC reached: "too many processes and threads … (ulimit -u)"
    WorkerCannotStartThreads, // a worker ended because the system refused it a thread (its exit status says so)
    // A shard's report (--report) and `pixelpool report merge`
    ReportCannotWrite,
    ReportFolderNotAFolder,
    ReportWouldReplace,
    ReportCannotRead,
    ReportNotJson,
    ReportNotAReport,
    ReportBadVersion,
    ReportMissingParts,
    ReportShardTwice,
    ReportDifferentListings,
    ReportDifferentCounts,
    ReportIsAFolder,
    ReportEarlierPartition,
    ReportDifferentCommands,
    ReportNotRegularFile,
    ReportIsJsonOutput,
    ReportGivenTwice,
    ReportBadShard,
    ReportBadPerShard,
    ReportBadOutcome,
    ReportBadKey,
    ReportKeyTwice,
    MergeTotals,
    MergeTotalsNoListing,
    MergeShardMissing,
    MergeShardKilled,
    MergeShardCancelled,
    MergeUnfinished,
    MergeTwice,
    MergeProblem,
    MergeWarning,
    MergeComplete,
    MergeIncomplete,
    MergeIncompleteNoListing,
    MergeIncompleteShards,
    MergeReportShort,
    Count // not a message
};

struct Message {
    MessageId id = MessageId::None;
    QStringList args; // data inserted as it is: paths, names, numbers, a worker's text
    // Messages inserted after args (%N for N > args.size()), each rendered the same way as this
    // one: "cannot write to output folder %1: %2" with the folder and the errno's message.
    std::vector<Message> causes;

    Message() = default;
    Message(MessageId i, QStringList a = {}, std::vector<Message> c = {})
        : id(i), args(std::move(a)), causes(std::move(c))
    {
    }
    // A text that has no code of its own; rendered as it is in every language.
    static Message verbatim(const QString &text)
    {
        return text.isEmpty() ? Message() : Message(MessageId::Verbatim, {text});
    }

    bool isEmpty() const { return id == MessageId::None; }
    // The stable English text: what --json and shard reports print.
    QString english() const;
    bool operator==(const Message &o) const { return id == o.id && args == o.args && causes == o.causes; }
    bool operator!=(const Message &o) const { return !(*this == o); }
};

// Calls f(Message *) and puts the message's stable English into *error: the QString overloads of
// functions whose errors are messages (for the worker's failure reasons and tests).
template <typename F> auto withEnglishError(QString *error, F &&f)
{
    Message m;
    auto result = f(&m);
    *error = m.english();
    return result;
}

// The stable name of an id ("output-exists"), for logs and tests.
const char *messageIdName(MessageId id);
// The English template (QT_TRANSLATE_NOOP-marked, context "pp::Message").
const char *messageTemplate(MessageId id);
// The text a translation renders for an id, when it differs from the English template: the
// headline of a failure whose English is a detail as it came ("%1"). nullptr otherwise.
const char *messageHeadline(MessageId id);
// The translation context of every template and headline.
constexpr const char *kMessageContext = "pp::Message";

// A worker's own words for a failure that say more than its code's headline: an empty input is
// `unsupported`, as any file that is no image. The worker sends them as the failure's English detail
// (ImageProbe, HeaderProbe); the front end shows them translated, where the translation has them, in
// place of the headline (i18n::localText). Context "pp::WorkerDetail", marked in MessageTable.cpp.
extern const char kEmptyFileDetail[];
extern const char kNotAnImageDetail[]; // a file whose first bytes are no format PixelPool reads
constexpr const char *kWorkerDetailContext = "pp::WorkerDetail";

// The worker's own words around a system error: which of its file accesses failed, with the
// error's English (errnoMessage) as %1, "cannot write the output: no space left on the device
// (disk full)". The worker sends them filled in as the failure's English detail (io/FileIO.cpp);
// the front end reads them back (parseWorkerErrnoDetail) and shows them translated, the error
// too, in place of the headline. Templates in MessageTable.cpp, context "pp::WorkerDetail".
enum class WorkerErrnoDetail { CannotOpen, ReadError, CannotCreateOutput, CannotWriteOutput };
const char *workerErrnoDetailTemplate(WorkerErrnoDetail what);
QString workerErrnoDetail(WorkerErrnoDetail what, int err);
QString workerErrnoDetail(WorkerErrnoDetail what, const Message &error);
// Whether `detail` is such words with an error PixelPool names itself (not strerror's text): then
// *templ is its template and *error the error's message.
bool parseWorkerErrnoDetail(const QString &detail, const char **templ, Message *error);

// Inserts args into a template in one pass: %1..%99 are replaced, a "%N" inside an inserted
// argument is never substituted again (file names are data, not templates).
QString fillTemplate(const QString &templ, const QStringList &args);

// Why a system call failed, as a message ("permission denied"); strerror's text as it is for the
// errors PixelPool does not name itself.
Message errnoMessage(int err);
// Why a text is not JSON, with QJsonParseError::errorString()'s English: that one is translated
// by Qt's own translation once one is installed, which --json must not show.
Message jsonErrorMessage(QJsonParseError::ParseError error);
// The known name a misspelt `given` most likely meant: the same but for case, a British or American
// spelling (color, gray), or at most one edit away (two for a name of six characters or more: a
// letter added, left out, changed, or two side by side swapped); empty when none is that close, or
// two are.
QString closestName(const QString &given, const QStringList &known);
// `what` (an unknown setting, operation or parameter) with "(did you mean X?)" when closestName()
// finds one; else `what` as it is.
Message withSuggestion(Message what, const QString &given, const QStringList &known);
// Where a JSON parse error (QJsonParseError::offset, in bytes of UTF-8 `text`) is, for people:
// line and column (in characters, after any byte-order mark), both from 1.
struct TextPosition {
    qsizetype line = 1, column = 1;
};
TextPosition textPosition(const QByteArray &text, qsizetype offset);

} // namespace pp
