// File access for hostile inputs and atomic outputs. Paths are raw bytes (Linux file names need
// not be UTF-8).
#pragma once

#include "Protocol.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <vector>

namespace pp {

constexpr qint64 kMaxInputFileBytes = qint64(2) << 30;

// Reads a whole regular file. Refuses FIFOs, devices, directories (without blocking on them)
// and files over maxBytes. On failure returns false and sets *error.
bool readRegularFile(const QByteArray &path, qint64 maxBytes, std::vector<uint8_t> *out,
                     QString *error);

struct WriteResult {
    bool ok = false;
    proto::Outcome outcome = proto::Outcome::Written;
    proto::FailureCode code = proto::FailureCode::CannotWrite;
    QByteArray finalPath;
    QString error;
};

// Step 1, in the worker: writes `bytes` to tempPath (created exclusively; removed on failure).
WriteResult writeTemporary(const QByteArray &tempPath, const std::vector<uint8_t> &bytes);
// Step 2, in the front end once it has accepted the worker's result: moves the complete
// temporary to the path made from `pattern` (with {width} and {height} filled in) as the
// overwrite policy says; the final name never holds a partial file. The temporary must be a
// regular file, and the result never replaces `protectedPath` (the source image, unless the
// preset allows that; empty: nothing protected). On any failure the temporary is removed.
// A worker that dies or misbehaves before this leaves no output, only a temporary that the
// front end removes.
WriteResult commitTemporary(const QByteArray &tempPath, const QByteArray &pattern, int width,
                            int height, proto::Overwrite policy, const QByteArray &protectedPath);

// True when both paths exist and name the same file (device and inode).
bool sameFile(const QByteArray &a, const QByteArray &b);

// "{width}"/"{height}" substituted with digits: the only part of a name a worker decides.
QByteArray fillSizePlaceholders(QByteArray pattern, int width, int height);

// Inserts " (n)" before the extension: "a/b.jpg" -> "a/b (2).jpg".
QByteArray numberedVariant(const QByteArray &path, int n);

// The folder of the running executable, with a trailing '/' (empty if unknown). Usable before
// a QCoreApplication exists; the project's executables and plug-ins live side by side.
QByteArray executableDir();

// A readable text for an errno value, with advice for the common cases.
QString describeErrno(int err);

} // namespace pp
