// --inputs-from: a listing made once (on shared storage) feeds every shard, so a tree of a
// million files is not walked once per shard.
#pragma once

#include "Message.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace pp {

// Reads one path a line ('\n'; or '\0' with nulSeparated, for names that hold newlines) from
// `file`, "-" being stdin. Paths stay raw bytes; empty entries are ignored; a line's "\r\n" end
// is a line end, and nothing else is trimmed (a name may end in a space; one that ends in a
// carriage return needs nulSeparated). Returns false and sets *error when it cannot be read.
bool readInputList(const QByteArray &file, bool nulSeparated, QVector<QByteArray> *paths, Message *error);

// The same from bytes already read.
QVector<QByteArray> splitInputList(const QByteArray &bytes, bool nulSeparated);

} // namespace pp
