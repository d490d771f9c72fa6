// Integers as the bytes of a file format: for building headers by hand in tests and seeds.
#pragma once

#include <QByteArray>
#include <QtEndian>

namespace testbytes {

inline QByteArray be16(quint16 v)
{
    v = qToBigEndian(v);
    return QByteArray(reinterpret_cast<const char *>(&v), 2);
}
inline QByteArray le16(quint16 v)
{
    v = qToLittleEndian(v);
    return QByteArray(reinterpret_cast<const char *>(&v), 2);
}
inline QByteArray le32(quint32 v)
{
    v = qToLittleEndian(v);
    return QByteArray(reinterpret_cast<const char *>(&v), 4);
}

} // namespace testbytes
