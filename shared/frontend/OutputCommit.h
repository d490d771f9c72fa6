// The front end's half of an atomic write: once it has accepted a worker's result, the complete
// temporary file gets its final name, as the overwrite policy says. A worker never decides where
// an output goes; the final name never holds a partial file.
#pragma once

#include "FileIO.h"
#include "Message.h"
#include "NameTemplate.h" // checkDateFormat()
#include "Protocol.h"

#include <QByteArray>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <optional>
#include <QString>
#include <QVector>
#include <climits>
#include <utility>

namespace pp {

// What a finished output does when its final name is taken.
enum class Overwrite : quint8 { Skip, Rename, Replace };

struct WriteResult {
    bool ok = false;
    proto::Outcome outcome = proto::Outcome::Written;
    proto::FailureCode code = proto::FailureCode::CannotWrite;
    QByteArray finalPath;
    QString error;
    Message words; // set: the error as a message for the user's language (else said under its code)
};

// What a name may take from the result: the output's size and what the photo says about itself.
struct ResultNames {
    int width = 0, height = 0;
    QDateTime taken; // invalid: "undated"
    QString camera, lens;
    quint32 iso = 0;
    // The output folder takes Windows names only (OutputPlanner::windowsNames()): the values are
    // written as the planner writes the rest of the name (windowsName: "Canon: X", "10:30").
    bool windowsNames = false;

    // From a Finished frame (untrusted text); a photo without a date of its own was given its
    // file's by the front end (JobSpec::commitOutputs, datedByFile). The date is parsed only
    // `withDate` (a name that asks for {date}).
    static ResultNames from(const proto::Finished &f, bool withDate);
};

// A file's times, as fstat() gave them for the descriptor a job's input was handed by (a name
// swapped since lends its own times to nothing).
struct FileTimes {
    timespec accessed{}, modified{};
};
std::optional<FileTimes> fileTimesOf(int fd);
// A photo whose worker sent no date of its own (or no date to be read) is dated by its file's
// modification time: written into f->facts.taken, so that whoever names the result reads one date.
void datedByFile(proto::Finished *f, const FileTimes &times);

// The files a batch reads, known by their identity (device and inode, so through any link or
// mount): an output never takes the place of one of them but its own source, and that only when
// the preset allows it (protectedPath below). Filled before the batch starts, then only read.
class SourceFiles
{
public:
    // `path` (may be empty): the file's, so that on a file system made for Windows the file is also
    // known by its path in any case (namesOneFileButForCase: exfat-fuse gives each spelling its own
    // inode number).
    void add(quint64 device, quint64 inode, const QByteArray &path = {});
    // Adds the file `path` names, if there is one.
    void add(const QByteArray &path);
    // Adds the file `path` names when resolve() comes to it: the window's queue of 10,000 files
    // is looked up in slices between events, not in one go on its thread.
    void addLater(const QByteArray &path) { m_pending.append(path); }
    // Looks up files added later until `deadline` has passed (checked every 64 files, so at least
    // 64 a call); true when none is left. Nothing may ask holdsOther() before it is true
    // (BatchRunner plans nothing before).
    bool resolve(const QDeadlineTimer &deadline);
    bool pending() const { return m_resolved < m_pending.size(); }
    // A file the batch keeps by its name while it replaces what is there: the run's report, which
    // each write renames a temporary over (ShardReport). Its identity would not do: the file it
    // names when the batch starts is gone at the first rewrite, and its inode number goes to the
    // next file made there, such as an output of another run writing into the same folder (the
    // same shard run twice at once), which then passed for the report and was not skipped; and
    // the report written since was known by nothing. By its folder's identity (through links to
    // the folder) and its name, in any case where the folder's file system takes Windows names
    // only; kept whether or not a file is there.
    void addName(const QByteArray &path);
    // Whether `path` (through symbolic links) is one of the files, other than `except`'s, or names
    // a name kept (addName).
    bool holdsOther(const QByteArray &path, const QByteArray &except) const;

private:
    bool holdsName(const QByteArray &path) const;
    struct KeptName {
        FolderId folder;
        QByteArray name; // case-folded when `folds`
        bool folds = false;
    };
    QVector<KeptName> m_names;
    QSet<std::pair<quint64, quint64>> m_ids;
    QHash<QByteArray, QByteArray> m_folded; // files on a Windows file system: canonical path case-folded -> as is
    QHash<quint64, bool> m_foldsCase;       // device: takesWindowsNamesOnly, asked once a batch
    QVector<QByteArray> m_pending;
    qsizetype m_resolved = 0; // of m_pending
};

// Whether `path` is the source `source` by its own name, which an output written there would
// replace: the same name in the same folder (known by its identity, so through a link to the
// folder or a bind mount too), or a spelling of it in another case where the file system finds
// names in any case (namesOneFileButForCase). A hard link or a symbolic link at another name that
// leads to the source is not: replacing it leaves the source as it is. False when either is missing.
bool namesSourceItself(const QByteArray &path, const QByteArray &source);

// The names a batch's outputs take: those the planner gave (literal names) and those taken when an
// output is committed (a name with {width}, {date}… is only known then), so that no two outputs of
// the batch get the same one. Shared by the planner and the commits, which the in-process runner
// makes on its threads, and by the window's presets started together: whoever looks at it or adds
// to it holds `mutex`.
class TakenNames
{
public:
    QMutex mutex;
    // The output folder is on a file system made for Windows: "A.jpg" and "a.jpg" are one name.
    // Once on, it stays on (batches into other folders then tell fewer names apart: never one too
    // few), and the names taken so far are folded too. Not while this thread holds `mutex`.
    void setFoldsCase(bool on);
    bool contains(const QByteArray &path) const { return m_paths.contains(key(path)); }
    void take(const QByteArray &path) { m_paths.insert(key(path)); }

    // A family of names: `plain` (number 1), then numberedVariant(plain, 2), 3… Two places to
    // start looking, so that 5,000 photos named by one {date} do not each try 5,000 names: every
    // number below firstFree(plain) is taken by the batch, every one below firstOpen(plain) is
    // taken or was found in use (occupy(): a file there, another input).
    int firstFree(const QByteArray &plain) const { return m_firstFree.value(plain, 1); }
    int firstOpen(const QByteArray &plain) const { return m_firstOpen.value(plain, 1); }
    void take(const QByteArray &plain, int number, const QByteArray &path);
    void occupy(const QByteArray &plain, int number, const QByteArray &path);
    // The output of the family that records `origin` (outputOrigin) and that no output of the
    // batch took, the lowest number first; empty when there is none. A folder's names are read
    // once, when one of its families is first asked for, and a family's attributes once too
    // (`remember`: a literal name's family is asked for once, and its attributes are read again).
    QByteArray outputOf(const QByteArray &plain, const QByteArray &origin, bool remember = true);

private:
    void advance(QHash<QByteArray, int> &first, const QByteArray &plain, int number, bool open);
    QByteArray key(const QByteArray &path) const { return m_foldsCase ? caseFolded(path) : path; }
    bool m_foldsCase = false;
    QSet<QByteArray> m_paths, m_occupied;
    QHash<QByteArray, int> m_firstFree, m_firstOpen;
    QHash<QByteArray, QHash<QByteArray, QVector<QByteArray>>> m_folders; // folder: family's plain name -> names
    QHash<QByteArray, QMultiHash<QByteArray, QByteArray>> m_families;    // plain path: origin -> paths
};

// Moves the complete temporary to `pattern`, or with `names` to the path filled in from the late
// pattern `pattern` (fillLateName), as the overwrite policy says, creating the folders the filled-in name asks for
// below the temporary's folder. The temporary must be a regular file, and the result never replaces `protectedPath`
// (the source image, unless the preset allows that; empty: nothing protected) nor leaves the temporary's folder through
// a symbolic link. When the name is taken the output tries the numbered names after it ("a (2).jpg", "a (3).jpg"…),
// passing over another of the batch's `sources` and its own protected source (replacing that is refused with Replace).
// Rename passes over whatever is there, Replace replaces it, Skip keeps it and writes nothing. The output records
// `source`, and for a name filled at commit which of the preset's outputs it is (`output`, its
// name: outputOrigin).
// With `taken` (the batch's names; null for a shard of a scaled-out batch and for a folder
// without extended attributes, whose names are all chosen when planning and whose skip goes by
// name) the output never takes a name another output of the batch has, and skipping keeps an
// existing literal name's output only when it records this source or nothing. Skipping never keeps
// the source itself as its output: by its own name (the preset lets it be replaced) it is replaced,
// a link to it is passed over (namesSourceItself). A name filled in
// now ({width}x{height}, {date}) starts from its plain name: "400x300.jpg", and "400x300 (2).jpg"
// only for a second image of that size. Where the output records its source, skipping such a
// name keeps only this source's output, wherever it is in the family (TakenNames::outputOf),
// redoes it when it is cut short (outputLooksComplete), and otherwise writes the first name in use
// by nothing. With `taken`, replacing never replaces an output that records another source (nor,
// for an image without a file, any source): a name filled now replaces this source's output
// wherever it is in the family, else the first name no output of the batch took that holds no
// other source's output; a literal name is replaced unless it now holds another source's output
// (a batch alongside wrote it since it was planned), which is passed over for the numbered names
// after it. What the name holds is exchanged with the temporary and looked at again, so that one
// that came in between gets its name back. On any failure the temporary is removed.
// A worker that dies or misbehaves before this leaves no output, only a temporary that the front
// end removes.
WriteResult commitTemporary(const QByteArray &tempPath, const QByteArray &pattern, const ResultNames *names,
                            Overwrite policy, const QByteArray &protectedPath, const SourceFiles *sources = nullptr,
                            const QByteArray &source = {}, TakenNames *taken = nullptr, const QString &output = {});

// False for an output that a crash or power loss cut short: empty, a JPEG/PNG/WebP whose end is
// missing, a BMP shorter than its header says, an AVIF or JPEG XL container whose boxes stop short
// of the end (a TIFF or a bare JPEG XL codestream only when empty). Outputs are renamed into place only when complete,
// but a file system may lose the data of a renamed file that was not flushed when the power went. The skip policy
// redoes such an output (the planner, and the commit for a name filled in then).
bool outputLooksComplete(const QByteArray &path);

// Each output carries in the extended attribute user.pixelpool.source a digest of its source's
// absolute path (originOf: comparable, but it says nothing of the folders), where the file system
// keeps extended attributes. A batch resumed with the skip policy tells by it an output of another
// source with the same name (IMG_1.JPG done as IMG_1.jpg, IMG_1.CR2 added to the folder since; or
// two cards' IMG_1.JPG) from its own. outputOrigin: empty when none is recorded (another tool's
// file, a file system without extended attributes, an image without a file).
QByteArray outputOrigin(const QByteArray &path);
// Whether the output at `path` records a source other than `origin` (the planner and the commit
// pass over such a name when skipping); an output that records nothing is nobody else's.
bool recordsAnotherSource(const QByteArray &path, const QByteArray &origin);
// Whether the file system of the folder `path` keeps extended attributes, so that outputs can
// record their source: with `mayWrite` an attribute is set on an unnamed temporary file in it;
// otherwise (a dry run, or no such file there) one is read, from the nearest folder that exists.
// The planner leaves names filled at commit to the commit where they do; elsewhere it numbers
// them when planning.
bool keepsOrigins(QByteArray path, bool mayWrite);
// `output`: the name of one of a preset's several outputs, for a name filled at commit (two
// outputs of one photo may then fall in one family: "{date}.jpg" and "{date}.{ext}"). A literal
// name tells its outputs apart itself, and keeps the source's digest alone.
QByteArray originOf(const QByteArray &sourcePath, const QString &output = {}); // empty for an image without a file
inline constexpr char kOriginAttribute[] = "user.pixelpool.source";

// A name filled in at commit is planned as a late pattern: text, with each '{' written "{{"; the
// placeholders only a result can fill, from the template only (a source named "{width}.png" or a
// folder "{date}" stays as it is named): {width}, {height}, {date} or {date:FORMAT}, {camera},
// {lens}, {iso}; and each use of the source's name between "{[" and "{]", so that a name too long
// gives up the source's name first, as a literal one does (OutputPlanner). Any other name is
// planned as the final path itself.
// A camera or lens is one visible name: no "/", nothing that does not print, no leading dot, at
// most 60 characters and 120 bytes; one with nothing visible in it ("..", "/", spaces) is missing.
// A missing camera, lens or ISO is "unknown", a missing date "undated". FORMAT takes %Y %y %m %d %H
// %M %S %j and %% (default %Y-%m-%d) and may contain "/" to make folders.
QByteArray lateText(const QByteArray &text);
QByteArray lateSourceName(const QByteArray &name);
// The late pattern as people read it: its placeholders as written, the rest as it will be named.
QByteArray shownPattern(const QByteArray &pattern);
// The folder a late pattern names before its first placeholder (where its temporary goes).
QByteArray knownFolderOf(const QByteArray &pattern);
// The path: placeholders filled in, a file name too long shortened (the source's name first, then
// fitPath), and *shortened says so; with names.windowsNames, *replaced (may be null) collects the
// characters of the values written as '_'.
QByteArray fillLateName(const QByteArray &pattern, const ResultNames &names, bool *shortened = nullptr,
                        QByteArray *replaced = nullptr);
// Whether a late pattern needs the photo's date, or any of its own facts.
bool needsDate(const QByteArray &pattern); // {date} or {date:FORMAT}
bool needsPhotoFacts(const QByteArray &pattern);

// Gives `to` these modification and access times; best effort, as `cp -p` does.
void copyFileTime(const FileTimes &from, const QByteArray &to);

// A name longer than the file system allows (NAME_MAX, 255 bytes; a long source name, a camera and
// a lens in one name; a multi-byte UTF-8 name reaches it with fewer characters) loses the end of
// its stem, whole UTF-8 characters, and keeps its extension (the text after its last dot, up to
// 16 bytes): fitName. fitPath fits every component of a path (sub-folders lose their end too),
// and says whether it changed one. The planner fits literal names, the commit names filled then.
inline constexpr int kMaxNameBytes = NAME_MAX;
QByteArray fitName(const QByteArray &name);
// UTF-8 `text` in at most `maxBytes`: whole characters, no space left at the cut.
QByteArray cutText(const QByteArray &text, qsizetype maxBytes);
QByteArray fitPath(const QByteArray &path, bool *shortened = nullptr);

// Inserts " (n)" before the extension: "a/b.jpg" -> "a/b (2).jpg". A name that would pass 255 bytes
// with it loses the end of its stem instead (at a character's boundary).
// `late`: path is a late pattern, never shortened (its bytes are not its name's: fillLateName fits
// it, the source's name first), numbered before the extension its template writes: the dots and
// slashes of its placeholders ("{date:%d.%m}") and of its source's name do not count.
QByteArray numberedVariant(const QByteArray &path, int n, bool late = false);

} // namespace pp
