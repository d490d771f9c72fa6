// The front end's half of an atomic write: once it has accepted a worker's result, the complete
// temporary file gets its final name, as the overwrite policy says. A worker never decides where
// an output goes; the final name never holds a partial file.
#pragma once

#include "FileIO.h"
#include "Protocol.h"

#include <QByteArray>
#include <QString>

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

// Moves the complete temporary to the path made from `pattern` (with {width} and {height} filled
// in) as the overwrite policy says. The temporary must be a regular file, and the result never
// replaces `protectedPath` (the source image, unless the preset allows that; empty: nothing
// protected). On any failure the temporary is removed. A worker that dies or misbehaves before
// this leaves no output, only a temporary that the front end removes.
WriteResult commitTemporary(const QByteArray &tempPath, const QByteArray &pattern, int width, int height,
                            Overwrite policy, const QByteArray &protectedPath);

// "{width}"/"{height}" substituted with digits: the only part of a name that depends on the result.
QByteArray fillSizePlaceholders(QByteArray pattern, int width, int height);

// Inserts " (n)" before the extension: "a/b.jpg" -> "a/b (2).jpg".
QByteArray numberedVariant(const QByteArray &path, int n);

} // namespace pp
