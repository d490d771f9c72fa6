// Text for the terminal: UTF-8, written as it is.
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdio>

namespace pp::cli {

inline void print(FILE *f, const QString &s)
{
    const QByteArray b = s.toUtf8();
    std::fwrite(b.constData(), 1, size_t(b.size()), f);
}

} // namespace pp::cli
