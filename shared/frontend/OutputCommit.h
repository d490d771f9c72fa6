// The front end's half of an atomic write: once it has accepted a worker's result, the complete
// temporary file gets its final name, as the overwrite policy says. A worker never decides where
// an output goes; the final name never holds a partial file.
#pragma once

#include "FileIO.h"
#include "NameTemplate.h" // checkDateFormat()
#include "Protocol.h"

#include <QByteArray>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QSet>
#include <QString>
#include <QVector>
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
};

// What a name may take from the result: the output's size and what the photo says about itself.
struct ResultNames {
    int width = 0, height = 0;
    QDateTime taken; // invalid: "undated"
    QString camera, lens;
    quint32 iso = 0;

    // From a worker's Finished frame (untrusted text); a photo without a date is dated by its
    // file's modification time (sourcePath; empty for an image without a file). The date is
    // looked up only `withDate` (a name that asks for {date}): it costs a parse and a stat.
    static ResultNames from(const proto::Finished &f, const QByteArray &sourcePath, bool withDate);
};

// The files a batch reads, known by their identity (device and inode, so through any link or
// mount): an output never takes the place of one of them but its own source, and that only when
// the preset allows it (protectedPath below). Filled before the batch starts, then only read.
class SourceFiles
{
public:
    void add(quint64 device, quint64 inode)
    {
        if (inode != 0)
            m_ids.insert({device, inode});
    }
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
    // Whether `path` (through symbolic links) is one of the files, other than `except`'s.
    bool holdsOther(const QByteArray &path, const QByteArray &except) const;

private:
    QSet<std::pair<quint64, quint64>> m_ids;
    QVector<QByteArray> m_pending;
    qsizetype m_resolved = 0; // of m_pending
};

// Moves the complete temporary to the path made from `pattern` (with the result's placeholders
// filled in) as the overwrite policy says, creating the folders the filled-in name asks for below
// the temporary's folder. The temporary must be a regular file, and the result never replaces
// `protectedPath` (the source image, unless the preset allows that; empty: nothing protected) nor
// leaves the temporary's folder through a symbolic link. A name that holds another of the batch's
// `sources` (a name with {width}, {date}… is only known now) is never replaced nor taken for an
// earlier output: the output gets a numbered name, as with Rename. The output records `source`
// (outputOrigin); with `skipByOrigin` the skip policy keeps an existing output only when it records
// this source or nothing, and passes over another source's to the next numbered name (the planner
// does so for literal names; a name with {width}, {date}… is only known now). On any failure the
// temporary is removed.
// A worker that dies or misbehaves before this leaves no output, only a temporary that the front
// end removes.
WriteResult commitTemporary(const QByteArray &tempPath, const QByteArray &pattern, const ResultNames &names,
                            Overwrite policy, const QByteArray &protectedPath, const SourceFiles *sources = nullptr,
                            const QByteArray &source = {}, bool skipByOrigin = false);

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
QByteArray originOf(const QByteArray &sourcePath); // empty for an image without a file
inline constexpr char kOriginAttribute[] = "user.pixelpool.source";

// The placeholders only a result can fill: {width}, {height}, {date} or {date:FORMAT}, {camera},
// {lens}, {iso}. Values never contain "/" and are never "." or ".."; a missing camera, lens or ISO
// is "unknown", a missing date "undated". FORMAT takes %Y %y %m %d %H %M %S %j and %% (default
// %Y-%m-%d) and may contain "/" to make folders.
QByteArray fillResultPlaceholders(QByteArray pattern, const ResultNames &names);
// Whether a pattern still holds one of them; and whether one needs the photo's own facts.
bool hasResultPlaceholders(const QByteArray &pattern);
bool needsDate(const QByteArray &pattern); // {date} or {date:FORMAT}
bool needsPhotoFacts(const QByteArray &pattern);

// Gives `to` the modification (and access) time of `from`; best effort, as `cp -p` does.
void copyFileTime(const QByteArray &from, const QByteArray &to);

// Inserts " (n)" before the extension: "a/b.jpg" -> "a/b (2).jpg". A name that would pass 255 bytes
// with it loses the end of its stem instead (at a character's boundary).
QByteArray numberedVariant(const QByteArray &path, int n);

} // namespace pp
