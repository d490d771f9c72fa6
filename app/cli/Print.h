// Text for the terminal: UTF-8, written as it is; what comes from outside (names, messages that
// quote them) goes through visible() first.
#pragma once

#include <QByteArray>
#include <QString>
#include <cerrno>
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

// Standard output's fate: the errno of the first write that failed (a full disk, a reader that
// went away), and whether that was said. Once failed, nothing more is written there.
struct StdoutState {
    int error = 0;
    bool said = false;
};
inline StdoutState &stdoutState()
{
    static StdoutState state;
    return state;
}
inline bool stdoutFailed() { return stdoutState().error != 0; }

// Writes (and, with flush, flushes) bytes to `f`; stdout's first failure is kept in stdoutState().
inline void writeOut(FILE *f, const QByteArray &b, bool flush)
{
    if (f == stdout && stdoutFailed())
        return;
    errno = 0;
    std::fwrite(b.constData(), 1, size_t(b.size()), f);
    if (flush)
        std::fflush(f);
    if (f == stdout && std::ferror(stdout))
        stdoutState().error = errno ? errno : EIO;
}

inline void print(FILE *f, const QString &s) { writeOut(f, s.toUtf8(), false); }

// Writes out what stdout holds; false when stdout failed, now or before.
inline bool flushStdout()
{
    writeOut(stdout, {}, true);
    return !stdoutFailed();
}

} // namespace pp::cli
