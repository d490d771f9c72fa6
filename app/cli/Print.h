// Text for the terminal: UTF-8, written as it is; what comes from outside (names, messages that
// quote them) goes through visible() first.
#pragma once

#include "InputScanner.h"
#include "Output.h"

#include <QByteArray>
#include <QString>
#include <cstdio>

namespace pp::cli {

// A text as a terminal should show it: control characters (a file name may hold an escape
// sequence, a carriage return or a newline) become '?', as ls shows them, so a name can neither
// drive the terminal nor split one image's line in two; so do the bidirectional controls that
// reorder what follows them, so that "invoice<U+202E>gpj.exe" does not read "invoiceexe.jpg"
// where the terminal honours them. --json keeps them, escaped.
inline QString visible(QString text)
{
    for (QChar &c : text)
        if (c.category() == QChar::Other_Control || isBidiControl(c.unicode()))
            c = QLatin1Char('?');
    return text;
}

// Queues text for `f` (stdout or stderr), written by Output's thread: a reader that stops reading
// never blocks the caller (cli/Output.h). Nothing more goes to a stream after a write failed.
inline void writeOut(FILE *f, const QByteArray &b) { writeTo(f == stdout ? 1 : 2, b); }

inline void print(FILE *f, const QString &s) { writeOut(f, s.toUtf8()); }

// Standard output failed (a full disk, a reader that went away): the errno of the first failed
// write, kept in streamState(1).
inline bool stdoutFailed() { return streamState(1).error != 0; }

} // namespace pp::cli
