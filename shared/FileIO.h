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

// Writes `bytes` to tempPath, then moves it to the path made from `pattern` (with {width} and
// {height} filled in) as the overwrite policy says. The final name never holds a partial file;
// on any failure the temporary file is removed.
WriteResult writeAtomically(const QByteArray &tempPath, const QByteArray &pattern, int width,
                            int height, proto::Overwrite policy, const std::vector<uint8_t> &bytes);

// "{width}"/"{height}" substituted with digits: the only part of a name a worker decides.
QByteArray fillSizePlaceholders(QByteArray pattern, int width, int height);

// Inserts " (n)" before the extension: "a/b.jpg" -> "a/b (2).jpg".
QByteArray numberedVariant(const QByteArray &path, int n);

// A readable text for an errno value, with advice for the common cases.
QString describeErrno(int err);

} // namespace pp
