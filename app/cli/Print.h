// Text for the terminal: UTF-8, written as it is; what comes from outside (names, messages that
// quote them) goes through visible() first.
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdio>

namespace pp::cli {

// A text as a terminal should show it: control characters (a file name may hold an escape
// sequence, a carriage return or a newline) become '?', as ls shows them, so a name can neither
// drive the terminal nor split one image's line in two. --json keeps them, escaped.
inline QString visible(QString text)
{
    for (QChar &c : text)
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char('?');
    return text;
}

inline void print(FILE *f, const QString &s)
{
    const QByteArray b = s.toUtf8();
    std::fwrite(b.constData(), 1, size_t(b.size()), f);
}

} // namespace pp::cli
