// --inputs-from: a listing made once (on shared storage) feeds every shard, so a tree of a
// million files is not walked once per shard.
#pragma once

#include "Message.h"

#include <QByteArray>
#include <QString>
#include <QVector>

#include <climits>

namespace pp {

// A listing's limits (docs/scale-out.md): an entry is a path Linux takes (PATH_MAX with its NUL);
// a million paths of 500 bytes fit in the whole, a pipe from find over a tree with a typo, or
// /dev/zero, does not fill the memory.
constexpr qsizetype kMaxListedPathBytes = PATH_MAX - 1;
constexpr qint64 kMaxListBytes = qint64(512) << 20;
constexpr qsizetype kMaxListedInputs = 2'000'000;

// Reads one path a line ('\n'; or '\0' with nulSeparated, for names that hold newlines) from
// `file`, "-" being stdin. Paths stay raw bytes; empty entries are ignored; a line's "\r\n" end
// is a line end, and nothing else is trimmed (a name may end in a space; one that ends in a
// carriage return needs nulSeparated). Returns false and sets *error when it cannot be read, or
// when it is no list of paths that PixelPool takes (the limits below, a NUL byte in a line).
// SIGINT, SIGTERM or SIGHUP caught while it waits for the list (a terminal, a pipe or a FIFO whose
// writer waits) ends it: false, the reason EINTR. They are let through only while it waits, so a
// caller that blocks them around the call loses none of them to a wait that may not end.
bool readInputList(const QByteArray &file, bool nulSeparated, QVector<QByteArray> *paths, Message *error);

// The same from bytes already read.
QVector<QByteArray> splitInputList(const QByteArray &bytes, bool nulSeparated);

} // namespace pp
