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
    {MessageId::CannotReadFolder, "cannot-read-folder", QT_TRANSLATE_NOOP("pp::Message", "cannot read folder: %1"),
     nullptr},
    {MessageId::BrokenLink, "broken-link", QT_TRANSLATE_NOOP("pp::Message", "broken symbolic link: %1"), nullptr},
    {MessageId::FolderLink, "folder-link", QT_TRANSLATE_NOOP("pp::Message", "symbolic link to a folder, not followed"),
     nullptr},
    {MessageId::FolderTooDeep, "folder-too-deep", QT_TRANSLATE_NOOP("pp::Message", "folder nested too deep"), nullptr},
    {MessageId::NotAnImageName, "not-an-image-name", QT_TRANSLATE_NOOP("pp::Message", "not an image file name"),
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
    {MessageId::OutputNameInvalid, "output-name-invalid",
     QT_TRANSLATE_NOOP("pp::Message", "the output name \"%1\" is not a valid relative path"), nullptr},
    {MessageId::OutputPathTooLong, "output-path-too-long",
     QT_TRANSLATE_NOOP("pp::Message", "the output path would be longer than the system allows"), nullptr},
    {MessageId::WouldReplaceSource, "would-replace-source",
     QT_TRANSLATE_NOOP("pp::Message",
                       "the output would replace the source image; choose another folder or name, or allow overwriting "
                       "originals in the preset"),
     nullptr},
    {MessageId::OutputExists, "output-exists", QT_TRANSLATE_NOOP("pp::Message", "output exists"), nullptr},
    {MessageId::OfOutput, "of-output", QT_TRANSLATE_NOOP("pp::Message", "output \"%1\": %2"), nullptr},
    {MessageId::FailedUnknown, "failed-unknown", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the image could not be processed")},
    {MessageId::FailedCannotRead, "failed-cannot-read", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "the file cannot be read")},
    {MessageId::FailedUnsupported, "failed-unsupported", "%1",
     QT_TRANSLATE_NOOP("pp::Message", "not an image format PixelPool reads")},
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
    {MessageId::ErrnoQuota, "errno-quota", QT_TRANSLATE_NOOP("pp::Message", "disk quota exceeded"), nullptr},
    {MessageId::ErrnoPermission, "errno-permission", QT_TRANSLATE_NOOP("pp::Message", "permission denied"), nullptr},
    {MessageId::ErrnoReadOnly, "errno-read-only", QT_TRANSLATE_NOOP("pp::Message", "the file system is read-only"),
     nullptr},
    {MessageId::ErrnoNotFound, "errno-not-found", QT_TRANSLATE_NOOP("pp::Message", "no such file or folder"), nullptr},
    {MessageId::ErrnoLoop, "errno-loop",
     QT_TRANSLATE_NOOP("pp::Message", "too many levels of symbolic links (a link loop?)"), nullptr},
    {MessageId::ErrnoIsFolder, "errno-is-folder", QT_TRANSLATE_NOOP("pp::Message", "is a folder"), nullptr},
    {MessageId::ErrnoNoMemory, "errno-no-memory", QT_TRANSLATE_NOOP("pp::Message", "out of memory"), nullptr},
    {MessageId::ErrnoNameTooLong, "errno-name-too-long", QT_TRANSLATE_NOOP("pp::Message", "file name too long"),
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

} // namespace pp
