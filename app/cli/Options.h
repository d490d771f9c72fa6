// The command line of `pixelpool`: one table of options (Options.cpp), one parser over it, and
// the help text made from the same table. QCommandLineParser is not used: it exits with 1 on an
// unknown option, takes the last of a repeated option silently, and sees arguments as QString,
// which cannot carry file names that are not UTF-8.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

namespace pp::cli {

struct OptionSpec {
    const char *longName;  // "preset"
    char shortName;        // 'p', or 0
    const char *valueName; // "NAME|FILE"; nullptr for a flag
    const char *help;
    const char *defaultValue = nullptr; // what value() returns when not given
    bool hidden = false;                // developer options, left out of --help
    const char *doc = nullptr;          // the document the help's %1 names ("cli.md"), see docPath()
};

// Every option `pixelpool` knows, in the order --help lists them.
const QVector<OptionSpec> &optionTable();

// Pairs of flags that cannot go together ("--quiet" and "--verbose").
struct Conflict {
    const char *a, *b;
};
const QVector<Conflict> &conflictTable();

class CommandLine
{
public:
    // Parses argv (argv[0] is skipped). On a usage error, ok() is false and error() says why,
    // naming the argument(s) at fault.
    static CommandLine parse(int argc, char **argv);

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    bool isSet(const char *longName) const { return m_set.contains(QLatin1String(longName)); }
    // The value given, else the table's default, else an empty string. As text: each byte that is
    // not UTF-8 becomes U+FFFD (firstByteNotUtf8()); any other value comes back byte for byte.
    QString value(const char *longName) const;
    // The value given, byte for byte (a file name need not be UTF-8), else the table's default,
    // else empty.
    QByteArray bytes(const char *longName) const;
    // Files and folders, as raw bytes (Linux file names need not be UTF-8).
    const QVector<QByteArray> &positional() const { return m_positional; }
    // The options given, as written ("-p", "--output"), in the order given.
    const QStringList &given() const { return m_given; }

private:
    QString m_error;
    QSet<QString> m_set;
    QHash<QString, QByteArray> m_values; // as given, byte for byte
    QHash<QString, QString> m_spelling;  // how each option was written ("-p" or "--preset")
    QVector<QByteArray> m_positional;
    QStringList m_given;
};

// Where `bytes` stops being UTF-8: the offset of the first byte that starts no valid UTF-8
// sequence (RFC 3629: no overlong form, no surrogate, nothing past U+10FFFF), -1 when it all is.
// Exactly the bytes CommandLine::value() turns into U+FFFD.
qsizetype firstByteNotUtf8(const QByteArray &bytes);

// `bytes` for a message: its UTF-8 as it is, each byte that is not UTF-8 as "\xE9".
QString bytesShown(const QByteArray &bytes);

// The window takes files and folders only: an option given to it (`pixelpool -p web a.jpg`, no
// --batch) is a usage error that names it, in the user's language; empty when there is none.
// Checked before the window opens, so no option and no option's value becomes an input.
QString windowUsageError(const CommandLine &commandLine);

// The --help text, from the option table.
QString helpText();

// Where a document --help names is: share/doc/pixelpool/NAME beside an installed pixelpool (the
// package installs the ones it names), else docs/NAME, as in the source tree a build runs beside.
QString docPath(const char *name);

} // namespace pp::cli
