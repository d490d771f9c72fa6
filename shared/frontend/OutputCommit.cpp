#include "OutputCommit.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio> // renameat2
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace pp {

namespace {

// A value from a photo (a hostile file's, through a worker) as one visible part of a path:
// folder separators and characters that do not print (control and format characters, NUL) become
// "_"; leading dots go, as a name that starts with one is hidden ("." and ".." are no names at
// all); a value with nothing visible in it (empty, or only dots, spaces, separators and such
// characters: "..", "/", "\0") is `missing`, as for a photo that does not say. At most 60
// characters and 120 bytes (two values fit in a file name of 255), cut between characters.
QByteArray nameSafe(const QString &value, const char *missing)
{
    constexpr int kMaxChars = 60, kMaxBytes = 120;
    const auto replaced = [](char32_t c) { return c == '/' || c == '\\' || !QChar::isPrint(c); };
    const QList<uint> code = value.simplified().toUcs4(); // code points (Qt 6.4 gives them as uint)
    if (std::none_of(code.cbegin(), code.cend(),
                     [&](uint c) { return !replaced(c) && c != '.' && !QChar::isSpace(c); }))
        return missing;
    QByteArray out;
    int chars = 0;
    for (const char32_t c : code) {
        if (out.isEmpty() && (c == '.' || QChar::isSpace(c)))
            continue; // a leading dot (or a space after one)
        const QByteArray utf8 = replaced(c) ? QByteArray("_") : QString::fromUcs4(&c, 1).toUtf8();
        if (chars == kMaxChars || out.size() + utf8.size() > kMaxBytes)
            break;
        out += utf8;
        ++chars;
    }
    while (out.endsWith(' '))
        out.chop(1);
    return out;
}

QString formatDate(const QDateTime &t, const QString &format)
{
    QString out;
    for (qsizetype i = 0; i < format.size(); ++i) {
        if (format[i] != QLatin1Char('%') || i + 1 == format.size()) {
            out += format[i];
            continue;
        }
        const QChar c = format[++i];
        const auto two = [](int v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); };
        switch (c.unicode()) {
        case 'Y':
            out += QString::number(t.date().year());
            break;
        case 'y':
            out += two(t.date().year() % 100);
            break;
        case 'm':
            out += two(t.date().month());
            break;
        case 'd':
            out += two(t.date().day());
            break;
        case 'H':
            out += two(t.time().hour());
            break;
        case 'M':
            out += two(t.time().minute());
            break;
        case 'S':
            out += two(t.time().second());
            break;
        case 'j':
            out += QStringLiteral("%1").arg(t.date().dayOfYear(), 3, 10, QLatin1Char('0'));
            break;
        default: // %% (checkDateFormat() refused anything else)
            out += c;
            break;
        }
    }
    return out;
}

} // namespace

ResultNames ResultNames::from(const proto::Finished &f, bool withDate)
{
    ResultNames n;
    n.width = int(f.width);
    n.height = int(f.height);
    // Every commit passes here on the window's thread: parse only what the worker sent, and only
    // what a name will use.
    if (withDate && !f.facts.taken.isEmpty())
        n.taken = QDateTime::fromString(f.facts.taken, QLatin1String(proto::kTakenFormat));
    n.camera = f.facts.camera;
    n.lens = f.facts.lens;
    n.iso = f.facts.iso;
    return n;
}

std::optional<FileTimes> fileTimesOf(int fd)
{
    struct stat st {
    };
    if (::fstat(fd, &st) != 0)
        return std::nullopt;
    return FileTimes{st.st_atim, st.st_mtim};
}

void datedByFile(proto::Finished *f, const FileTimes &times)
{
    if (f->facts.taken.isEmpty() ||
        !QDateTime::fromString(f->facts.taken, QLatin1String(proto::kTakenFormat)).isValid())
        f->facts.taken =
            QDateTime::fromSecsSinceEpoch(times.modified.tv_sec).toString(QLatin1String(proto::kTakenFormat));
}

namespace {

// A late pattern read piece by piece (see OutputCommit.h): text as it is meant, the result's
// placeholders, and where each use of the source's name begins and ends.
struct LatePiece {
    enum Kind : quint8 { Text, Placeholder, NameBegins, NameEnds } kind = Text;
    QByteArray text;   // Text: unescaped; Placeholder: as written ("{date:%Y/%m}")
    QByteArray key;    // Placeholder: width, height, date, camera, lens, iso
    QByteArray format; // Placeholder: what follows "date:"
};

bool isResultKey(const QByteArray &key)
{
    return key == "width" || key == "height" || key == "date" || key == "camera" || key == "lens" || key == "iso";
}

// Walks a late pattern as written: visit(piece, at, end) for each of its pieces, where piece is a
// LatePiece whose Text is one character (unescaped), and [at, end) is what it was written as.
template <typename Visit> void walkLate(const QByteArray &pattern, Visit visit)
{
    for (qsizetype i = 0; i < pattern.size();) {
        const char c = pattern[i];
        const char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
        if (c != '{') {
            visit(LatePiece{LatePiece::Text, QByteArray(1, c), {}, {}}, i, i + 1);
            ++i;
        } else if (next == '{') {
            visit(LatePiece{LatePiece::Text, QByteArray(1, '{'), {}, {}}, i, i + 2);
            i += 2;
        } else if (next == '[' || next == ']') {
            visit(LatePiece{next == '[' ? LatePiece::NameBegins : LatePiece::NameEnds, {}, {}, {}}, i, i + 2);
            i += 2;
        } else {
            const qsizetype close = pattern.indexOf('}', i);
            const QByteArray inner = close > i ? pattern.mid(i + 1, close - i - 1) : QByteArray();
            const qsizetype colon = inner.indexOf(':');
            const QByteArray key = colon < 0 ? inner : inner.left(colon);
            if (close > i && !inner.contains('{') && isResultKey(key) && (colon < 0 || key == "date")) {
                visit(LatePiece{LatePiece::Placeholder, pattern.mid(i, close - i + 1), key,
                                colon < 0 ? QByteArray() : inner.mid(colon + 1)},
                      i, close + 1);
                i = close + 1;
            } else { // a brace alone: numbering cut an escape in two (numberedVariant)
                visit(LatePiece{LatePiece::Text, QByteArray(1, '{'), {}, {}}, i, i + 1);
                ++i;
            }
        }
    }
}

QVector<LatePiece> parseLate(const QByteArray &pattern)
{
    QVector<LatePiece> pieces;
    walkLate(pattern, [&](LatePiece &&piece, qsizetype, qsizetype) {
        if (piece.kind == LatePiece::Text && !pieces.isEmpty() && pieces.last().kind == LatePiece::Text)
            pieces.last().text += piece.text;
        else
            pieces.append(std::move(piece));
    });
    return pieces;
}

// Where a late pattern's last name begins and its extension's dot is, by the text written outside
// its placeholders and its source's name (a date's "%d.%m" or "%Y/%m" is neither): [slash + 1,
// dot); dot is the pattern's size when the name has no extension.
std::pair<qsizetype, qsizetype> lateNameSpan(const QByteArray &pattern)
{
    qsizetype slash = -1, dot = -1;
    bool inName = false;
    walkLate(pattern, [&](const LatePiece &piece, qsizetype at, qsizetype) {
        if (piece.kind != LatePiece::Text) {
            inName = piece.kind == LatePiece::NameBegins || (inName && piece.kind != LatePiece::NameEnds);
        } else if (piece.text == "/") {
            slash = at;
            dot = -1;
        } else if (piece.text == "." && !inName) {
            dot = at;
        }
    });
    return {slash, dot > slash + 1 ? dot : pattern.size()};
}

QByteArray resultValue(const LatePiece &p, const ResultNames &n)
{
    if (p.key == "width")
        return QByteArray::number(n.width);
    if (p.key == "height")
        return QByteArray::number(n.height);
    if (p.key == "camera")
        return nameSafe(n.camera, "unknown");
    if (p.key == "lens")
        return nameSafe(n.lens, "unknown");
    if (p.key == "iso")
        return n.iso ? QByteArray::number(n.iso) : QByteArray("unknown");
    if (!n.taken.isValid())
        return "undated";
    // The format is the preset's (checked), the digits the photo's.
    return formatDate(n.taken, p.format.isEmpty() ? QStringLiteral("%Y-%m-%d") : QString::fromUtf8(p.format)).toUtf8();
}

} // namespace

QByteArray lateText(const QByteArray &text)
{
    QByteArray out = text;
    return out.replace("{", "{{");
}

QByteArray lateSourceName(const QByteArray &name) { return "{[" + lateText(name) + "{]"; }

QByteArray shownPattern(const QByteArray &pattern)
{
    QByteArray out;
    for (const LatePiece &p : parseLate(pattern))
        out += p.text;
    return out;
}

QByteArray knownFolderOf(const QByteArray &pattern)
{
    QByteArray known;
    for (const LatePiece &p : parseLate(pattern)) {
        if (p.kind == LatePiece::Placeholder)
            break;
        known += p.text;
    }
    return folderOf(known);
}

QByteArray fillLateName(const QByteArray &pattern, const ResultNames &n, bool *shortened, QByteArray *replaced)
{
    QByteArray out;
    QVector<std::pair<qsizetype, qsizetype>> names; // where each use of the source's name is in `out`
    qsizetype begins = -1;
    for (const LatePiece &p : parseLate(pattern)) {
        switch (p.kind) {
        case LatePiece::Text:
            out += p.text;
            break;
        case LatePiece::Placeholder: // on a memory card, as the planner writes the rest of the name
            out += n.windowsNames ? windowsName(resultValue(p, n), replaced) : resultValue(p, n);
            break;
        case LatePiece::NameBegins:
            begins = out.size();
            break;
        case LatePiece::NameEnds:
            if (begins >= 0)
                names.append({begins, out.size() - begins});
            begins = -1;
            break;
        }
    }
    // A file name too long: the source's name gives up its end first, so that the template's own
    // text ("{name} - web", "{index}", "{width}x{height}") stays and still tells outputs apart.
    // Where that is not enough, the end of the whole name goes (fitPath).
    const qsizetype file = out.lastIndexOf('/') + 1;
    qsizetype uses = 0, fixed = out.size() - file;
    for (const auto &[at, size] : std::as_const(names))
        if (at >= file) {
            ++uses;
            fixed -= size;
        }
    bool cut = false;
    if (out.size() - file > kMaxNameBytes && uses > 0 && fixed + 8 * uses <= kMaxNameBytes) {
        for (auto it = names.crbegin(); it != names.crend() && it->first >= file; ++it)
            out.replace(it->first, it->second, cutText(out.mid(it->first, it->second), (kMaxNameBytes - fixed) / uses));
        cut = true;
    }
    bool fitted = false;
    out = fitPath(out, &fitted);
    if (shortened)
        *shortened = cut || fitted;
    return out;
}

bool needsDate(const QByteArray &pattern)
{
    const QVector<LatePiece> pieces = parseLate(pattern);
    return std::any_of(pieces.cbegin(), pieces.cend(), [](const LatePiece &p) { return p.key == "date"; });
}

bool needsPhotoFacts(const QByteArray &pattern)
{
    const QVector<LatePiece> pieces = parseLate(pattern);
    return std::any_of(pieces.cbegin(), pieces.cend(), [](const LatePiece &p) {
        return p.key == "date" || p.key == "camera" || p.key == "lens" || p.key == "iso";
    });
}

void copyFileTime(const FileTimes &from, const QByteArray &to)
{
    const timespec times[2] = {from.accessed, from.modified};
    // Not through a link: the output's name is in a folder a worker writes into.
    ::utimensat(AT_FDCWD, to.constData(), times, AT_SYMLINK_NOFOLLOW);
}

QByteArray fitName(const QByteArray &name)
{
    if (name.size() <= kMaxNameBytes)
        return name;
    const qsizetype dot = name.lastIndexOf('.');
    const QByteArray ext = dot > 0 && name.size() - dot <= 16 ? name.mid(dot) : QByteArray();
    return cutText(name, kMaxNameBytes - ext.size()) + ext;
}

QByteArray cutText(const QByteArray &text, qsizetype maxBytes)
{
    if (text.size() <= maxBytes)
        return text;
    qsizetype keep = std::max<qsizetype>(0, maxBytes);
    while (keep > 0 && (uchar(text[keep]) & 0xC0) == 0x80) // not inside a character
        --keep;
    while (keep > 1 && text[keep - 1] == ' ') // "a .jpg" where a word was cut after its space
        --keep;
    return text.left(keep);
}

QByteArray fitPath(const QByteArray &path, bool *shortened)
{
    QList<QByteArray> parts = path.split('/');
    bool changed = false;
    for (QByteArray &part : parts) {
        if (part.size() > kMaxNameBytes) {
            part = fitName(part);
            changed = true;
        }
    }
    if (shortened)
        *shortened = changed;
    return changed ? parts.join('/') : path;
}

QByteArray numberedVariant(const QByteArray &path, int n, bool late)
{
    qsizetype slash = path.lastIndexOf('/');
    const qsizetype dot = path.lastIndexOf('.');
    qsizetype at = (dot > slash + 1) ? dot : path.size();
    if (late)
        std::tie(slash, at) = lateNameSpan(path);
    const QByteArray suffix = " (" + QByteArray::number(n) + ")" + path.mid(at);
    QByteArray stem = path.mid(slash + 1, at - slash - 1);
    // A name that fits the file system's 255 bytes must still fit with its number: the stem gives
    // bytes up, whole UTF-8 characters (the commit failed with "File name too long" otherwise).
    if (!late && stem.size() + suffix.size() > NAME_MAX && stem.size() > 1) {
        qsizetype keep = std::max<qsizetype>(1, NAME_MAX - suffix.size());
        while (keep > 1 && (uchar(stem[keep]) & 0xC0) == 0x80) // not inside a character
            --keep;
        stem.truncate(keep);
    }
    return path.left(slash + 1) + stem + suffix;
}

namespace {

// The folders between the temporary's folder and the target's, made if missing; false when one
// cannot be made or leads outside (a symbolic link).
bool makeFolders(const QByteArray &tempPath, const QByteArray &target, QString *error)
{
    const QByteArray base = folderOf(tempPath);
    const QByteArray dir = folderOf(target);
    if (dir == base)
        return true;
    if (!liesBelow(dir, base)) {
        *error = QStringLiteral("the output name leaves its folder");
        return false;
    }
    // One folder at a time, each checked before the next is made inside it: a symbolic link that
    // leads outside gets nothing created behind it.
    char real[PATH_MAX];
    if (!::realpath(base.constData(), real)) {
        *error = QStringLiteral("the output folder %1 is gone").arg(QString::fromUtf8(base));
        return false;
    }
    const QByteArray inside(real);
    QByteArray path = base.endsWith('/') ? base.chopped(1) : base; // "/" as ""
    for (const QByteArray &part : dir.mid(path.size() + 1).split('/')) {
        path += '/' + part;
        if (::mkdir(path.constData(), 0777) != 0 && errno != EEXIST) {
            *error = QStringLiteral("cannot create output folder %1: %2")
                         .arg(QString::fromUtf8(path), describeErrnoAt(errno, path));
            return false;
        }
        if (!::realpath(path.constData(), real) || !liesBelow(QByteArray(real), inside)) {
            *error = QStringLiteral("output folder %1 leads outside the output folder (symbolic link)")
                         .arg(QString::fromUtf8(path));
            return false;
        }
    }
    return true;
}

} // namespace

void SourceFiles::add(quint64 device, quint64 inode, const QByteArray &path)
{
    if (inode == 0)
        return;
    m_ids.insert({device, inode});
    if (path.isEmpty())
        return;
    auto folds = m_foldsCase.constFind(device);
    if (folds == m_foldsCase.cend())
        folds = m_foldsCase.insert(device, takesWindowsNamesOnly(path));
    char real[PATH_MAX];
    if (*folds && ::realpath(path.constData(), real))
        m_folded.insert(caseFolded(real), QByteArray(real));
}

void SourceFiles::add(const QByteArray &path)
{
    struct stat st;
    if (::stat(path.constData(), &st) == 0)
        add(quint64(st.st_dev), quint64(st.st_ino), path);
}

bool SourceFiles::resolve(const QDeadlineTimer &deadline)
{
    while (m_resolved < m_pending.size()) {
        add(m_pending[m_resolved++]);
        if ((m_resolved & 63) == 0 && deadline.hasExpired())
            break;
    }
    if (m_resolved < m_pending.size())
        return false;
    m_pending.clear();
    m_resolved = 0;
    return true;
}

namespace {

// The folder `path` names a file in: "." for a bare name.
QByteArray folderHolding(const QByteArray &path)
{
    return path.contains('/') ? folderOf(path) : QByteArrayLiteral(".");
}

} // namespace

void SourceFiles::addName(const QByteArray &path)
{
    const QByteArray folder = folderHolding(path);
    const FolderId id = FolderId::of(folder);
    if (!id.known())
        return; // nothing can be written there either
    const bool folds = takesWindowsNamesOnly(folder);
    const QByteArray name = path.mid(path.lastIndexOf('/') + 1);
    m_names.append({id, folds ? caseFolded(name) : name, folds});
}

bool SourceFiles::holdsName(const QByteArray &path) const
{
    const QByteArray name = path.mid(path.lastIndexOf('/') + 1);
    FolderId folder;
    for (const KeptName &kept : m_names) {
        if ((kept.folds ? caseFolded(name) : name) != kept.name)
            continue;
        if (!folder.known()) // a stat() for a name that matches only, not for every name planned
            folder = FolderId::of(folderHolding(path));
        if (folder.known() && folder == kept.folder)
            return true;
    }
    return false;
}

bool SourceFiles::holdsOther(const QByteArray &path, const QByteArray &except) const
{
    if (!m_names.isEmpty() && holdsName(path))
        return true;
    struct stat st;
    if (m_ids.isEmpty() || ::stat(path.constData(), &st) != 0)
        return false;
    char real[PATH_MAX];
    const auto heldButForCase = [&] {
        const auto it = m_folded.constFind(caseFolded(real));
        return it != m_folded.cend() && namesOneFileButForCase(real, *it);
    };
    const bool held = m_ids.contains({quint64(st.st_dev), quint64(st.st_ino)}) ||
                      (!m_folded.isEmpty() && ::realpath(path.constData(), real) && heldButForCase());
    return held && (except.isEmpty() || !sameFile(path, except));
}

bool namesSourceItself(const QByteArray &path, const QByteArray &source)
{
    if (!sameFile(path, source))
        return false;
    const auto split = [](const QByteArray &p) {
        const qsizetype slash = p.lastIndexOf('/');
        return std::pair{slash < 0 ? QByteArray(".") : slash == 0 ? QByteArray("/") : p.left(slash), p.mid(slash + 1)};
    };
    const auto [pathFolder, pathName] = split(path);
    const auto [sourceFolder, sourceName] = split(source);
    struct stat a, b;
    if (pathName == sourceName && ::stat(pathFolder.constData(), &a) == 0 &&
        ::stat(sourceFolder.constData(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        return true;
    return namesOneFileButForCase(path, source); // file systems that find names in any case have no links
}

bool outputLooksComplete(const QByteArray &path)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0)
        return true; // not ours to judge (a symbolic link, unreadable): keep it
    struct stat st {
    };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return true;
    }
    // The head says what the file is; the last 64 KiB hold its end marker if it has one.
    unsigned char head[16] = {};
    const qint64 tailSize = std::min<qint64>(st.st_size, 64 * 1024);
    QByteArray tail(tailSize, '\0');
    const bool read = st.st_size > 0 && ::pread(fd, head, sizeof head, 0) == qint64(std::min<qint64>(st.st_size, 16)) &&
                      ::pread(fd, tail.data(), size_t(tailSize), st.st_size - tailSize) == tailSize;
    const auto u32be = [](const unsigned char *b) {
        return quint32(b[0]) << 24 | quint32(b[1]) << 16 | quint32(b[2]) << 8 | quint32(b[3]);
    };
    // AVIF and a JPEG XL container are a row of boxes, each saying its size: complete when they
    // reach the end of the file exactly (a size of 0 is "to the end"). A few thousand at most.
    const bool boxed = std::memcmp(head + 4, "ftyp", 4) == 0 || std::memcmp(head + 4, "JXL ", 4) == 0;
    bool boxesReachTheEnd = false;
    if (read && boxed && st.st_size >= 16) {
        qint64 at = 0;
        for (int boxes = 0; at + 8 <= st.st_size && boxes < 100000; ++boxes) {
            unsigned char b[16];
            if (::pread(fd, b, 16, at) < 8)
                break;
            qint64 size = u32be(b);
            if (size == 1 && at + 16 <= st.st_size) // a 64-bit size follows the type
                size = qint64(quint64(u32be(b + 8)) << 32 | u32be(b + 12));
            else if (size == 0)
                size = st.st_size - at;
            if (size < 8 || size > st.st_size - at) // past the end: cut short (and no overflow)
                break;
            at += size;
        }
        boxesReachTheEnd = at == st.st_size;
    }
    ::close(fd);
    if (!read)
        return false;                       // empty: the typical remains of a file whose data never reached the disk
    if (head[0] == 0xFF && head[1] == 0xD8) // JPEG: an EOI marker near the end
        return tail.contains("\xFF\xD9");
    if (std::memcmp(head, "\x89PNG\r\n\x1A\n", 8) == 0) // the whole IEND chunk last: length 0, type, CRC
        return tail.endsWith(QByteArray("\0\0\0\0IEND\xAE\x42\x60\x82", 12));
    if (std::memcmp(head, "RIFF", 4) == 0 && std::memcmp(head + 8, "WEBP", 4) == 0) {
        const quint32 riff = quint32(head[4]) | quint32(head[5]) << 8 | quint32(head[6]) << 16 | quint32(head[7]) << 24;
        return qint64(riff) + 8 <= st.st_size;
    }
    if (head[0] == 'B' && head[1] == 'M') { // BMP: its header says the file's size
        const quint32 size = quint32(head[2]) | quint32(head[3]) << 8 | quint32(head[4]) << 16 | quint32(head[5]) << 24;
        return size > 0 && qint64(size) <= st.st_size;
    }
    if (boxed)
        return boxesReachTheEnd;
    return true; // TIFF and a bare JPEG XL codestream have no end worth trusting: non-empty is all we check
}

QByteArray outputOrigin(const QByteArray &path)
{
    char value[64];
    const ssize_t n = ::lgetxattr(path.constData(), kOriginAttribute, value, sizeof value);
    return n > 0 ? QByteArray(value, qsizetype(n)) : QByteArray();
}

bool recordsAnotherSource(const QByteArray &path, const QByteArray &origin)
{
    const QByteArray recorded = outputOrigin(path);
    return !recorded.isEmpty() && recorded != origin;
}

QByteArray originOf(const QByteArray &sourcePath, const QString &output)
{
    if (sourcePath.isEmpty())
        return {};
    QByteArray absolute = sourcePath;
    if (!absolute.startsWith('/')) {
        char cwd[PATH_MAX];
        if (!::getcwd(cwd, sizeof cwd))
            return {};
        absolute = QByteArray(cwd) + '/' + absolute;
    }
    if (!output.isEmpty()) // one of a preset's several outputs, by its name
        absolute += '\0' + output.toUtf8();
    return QCryptographicHash::hash(absolute, QCryptographicHash::Sha256).toHex().left(32);
}

void TakenNames::advance(QHash<QByteArray, int> &first, const QByteArray &plain, int number, bool open)
{
    int n = first.value(plain, 1);
    if (number != n)
        return;
    for (QByteArray path = plain; m_paths.contains(key(path)) || (open && m_occupied.contains(key(path)));
         path = numberedVariant(plain, ++n)) {
    }
    first.insert(plain, n);
}

void TakenNames::setFoldsCase(bool on)
{
    QMutexLocker<QMutex> lock(&mutex); // the window's batches share one, committing on their threads
    if (!on || m_foldsCase)
        return;
    m_foldsCase = true;
    for (QSet<QByteArray> *names : {&m_paths, &m_occupied}) {
        QSet<QByteArray> folded;
        for (const QByteArray &name : std::as_const(*names))
            folded.insert(caseFolded(name));
        *names = std::move(folded);
    }
}

void TakenNames::take(const QByteArray &plain, int number, const QByteArray &path)
{
    m_paths.insert(key(path));
    advance(m_firstFree, plain, number, false);
    advance(m_firstOpen, plain, number, true);
}

void TakenNames::occupy(const QByteArray &plain, int number, const QByteArray &path)
{
    m_occupied.insert(key(path));
    advance(m_firstOpen, plain, number, true);
}

namespace {

// `path`'s number in the family of `plain` (1: plain itself, n: numberedVariant(plain, n)); 0 when
// it is not one of it.
int familyNumber(const QByteArray &plain, const QByteArray &path)
{
    if (path == plain)
        return 1;
    const qsizetype open = path.lastIndexOf(" (");
    const qsizetype close = open < 0 ? -1 : path.indexOf(')', open);
    bool ok = false;
    const int n = close < 0 ? 0 : path.mid(open + 2, close - open - 2).toInt(&ok);
    return ok && n >= 2 && numberedVariant(plain, n) == path ? n : 0;
}

// The plain name of the family a file name belongs to: "a (3).jpg" -> "a.jpg" (a name that
// numberedVariant shortened is its own family here: never taken for another's output).
QByteArray familyName(const QByteArray &name)
{
    const qsizetype dot = name.lastIndexOf('.');
    const qsizetype end = dot > 0 ? dot : name.size();
    const qsizetype open = name.lastIndexOf(" (", end);
    if (open < 0 || end < open + 4 || name[end - 1] != ')')
        return name;
    for (qsizetype i = open + 2; i < end - 1; ++i)
        if (name[i] < '0' || name[i] > '9')
            return name;
    return name.left(open) + name.mid(end);
}

// The regular files in `dir` (and those whose type readdir does not say), by the plain name of
// each family they may belong to: their own ("a (2).jpg" may be a family's plain name too) and
// the one without their number.
QHash<QByteArray, QVector<QByteArray>> familiesIn(const QByteArray &dir)
{
    QHash<QByteArray, QVector<QByteArray>> families;
    DIR *d = ::opendir(dir.constData());
    if (!d)
        return families;
    while (const dirent *e = ::readdir(d)) {
        if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN)
            continue;
        const QByteArray name(e->d_name);
        families[name].append(name);
        if (const QByteArray plain = familyName(name); plain != name)
            families[plain].append(name);
    }
    ::closedir(d);
    return families;
}

} // namespace

QByteArray TakenNames::outputOf(const QByteArray &plain, const QByteArray &origin, bool remember)
{
    auto family = m_families.find(plain);
    QHash<QByteArray, QMultiHash<QByteArray, QByteArray>> once; // a family not remembered
    if (family == m_families.end()) {
        const qsizetype slash = plain.lastIndexOf('/');
        const QByteArray dir = plain.left(slash);
        auto folder = m_folders.find(dir);
        if (folder == m_folders.end())
            folder = m_folders.insert(dir, familiesIn(dir));
        QMultiHash<QByteArray, QByteArray> origins;
        const auto look = [&](const QVector<QByteArray> &names) {
            for (const QByteArray &name : names) {
                const QByteArray path = dir + '/' + name;
                const QByteArray recorded = familyNumber(plain, path) > 0 ? outputOrigin(path) : QByteArray();
                if (!recorded.isEmpty())
                    origins.insert(recorded, path);
            }
        };
        const QByteArray name = plain.mid(slash + 1);
        if (name.size() + 8 > NAME_MAX) // numbered names are shortened (numberedVariant): any may be one
            for (const QVector<QByteArray> &names : std::as_const(*folder))
                look(names);
        else
            look(folder->value(name));
        family = (remember ? m_families : once).insert(plain, origins);
    }
    QByteArray best;
    int bestNumber = 0;
    for (auto it = family->constFind(origin); it != family->cend() && it.key() == origin; ++it) {
        const int n = familyNumber(plain, it.value());
        if ((bestNumber == 0 || n < bestNumber) && !m_paths.contains(key(it.value()))) {
            best = it.value();
            bestNumber = n;
        }
    }
    return best;
}

bool keepsOrigins(QByteArray path, bool mayWrite)
{
    // On a file, as an output's: some file systems answer a read (ENODATA) and refuse a write,
    // and a shared folder (sticky, someone else's) refuses an attribute on itself, not on files
    // in it. An unnamed temporary file, gone when closed; where there is none, a read.
    const int fd = mayWrite ? ::open(path.constData(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600) : -1;
    if (fd >= 0) {
        const bool kept = ::fsetxattr(fd, kOriginAttribute, "probe", 5, 0) == 0;
        ::close(fd);
        return kept;
    }
    for (;;) { // the nearest folder that exists, through symbolic links
        if (::getxattr(path.constData(), kOriginAttribute, nullptr, 0) >= 0 || errno == ENODATA)
            return true;
        if ((errno != ENOENT && errno != ENOTDIR) || path == "/")
            return false; // ENOTSUP: FAT, ramfs, some network shares
        while (path.endsWith('/') && path.size() > 1)
            path.chop(1);
        const qsizetype slash = path.lastIndexOf('/');
        path.truncate(std::max<qsizetype>(slash, 1)); // "/a" -> "/"
    }
}

WriteResult commitTemporary(const QByteArray &tempPath, const QByteArray &pattern, const ResultNames *names,
                            Overwrite policy, const QByteArray &protectedPath, const SourceFiles *sources,
                            const QByteArray &source, TakenNames *taken, const QString &output)
{
    WriteResult r;
    const bool late = names != nullptr;
    const QByteArray target = late ? fillLateName(pattern, *names) : pattern;
    r.finalPath = target;
    struct stat st {
    };
    if (::lstat(tempPath.constData(), &st) != 0) {
        // Made by the front end (makeTemporary), named until now: something else removed it.
        r.error = QStringLiteral("the output's temporary file is gone: %1").arg(describeErrno(errno));
        return r;
    }
    if (!S_ISREG(st.st_mode)) { // a worker is not trusted to have written a plain file
        if (!S_ISDIR(st.st_mode))
            ::unlink(tempPath.constData());
        r.error = QStringLiteral("the worker's output is not a regular file");
        return r;
    }
    // Nor to have written a file of its own: a second name of another file of this user (a hard
    // link to ~/.ssh/id_rsa) was moved into the output folder, and given an attribute and a time
    // there (security review). What is looked at from here on is this file, by its descriptor; a
    // worker that puts another in its place meanwhile is caught when it has its name (done()).
    const int fd = ::open(tempPath.constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat own {
    };
    if (fd < 0 || ::fstat(fd, &own) != 0 || own.st_dev != st.st_dev || own.st_ino != st.st_ino || own.st_nlink > 1) {
        if (fd >= 0)
            ::close(fd);
        ::unlink(tempPath.constData()); // a name; the file it named, if another's, stays as it was
        r.error = QStringLiteral("the worker's output is not a file of its own");
        return r;
    }
    const struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    // The front end makes the file (makeTemporary): a worker that says it wrote an output it never
    // wrote leaves it empty, and no image is empty.
    if (own.st_size == 0) {
        ::unlink(tempPath.constData());
        r.error = QStringLiteral("the worker wrote nothing into the output's file");
        return r;
    }
    if (!makeFolders(tempPath, target, &r.error)) {
        ::unlink(tempPath.constData());
        return r;
    }
    // On the temporary, so that the final name never lacks it; best effort. One the worker set
    // itself never stays.
    const QByteArray origin = originOf(source, late ? output : QString());
    const bool recorded =
        !origin.isEmpty() && ::fsetxattr(fd, kOriginAttribute, origin.constData(), size_t(origin.size()), 0) == 0;
    if (!recorded)
        ::fremovexattr(fd, kOriginAttribute);
    // A literal name is the one the planner took for this output. A name filled in now is looked
    // for in its family; where the outputs record their sources, skipping keeps this source's
    // output wherever it is, and otherwise looks for a name nothing uses, as rename does.
    const bool byOrigin = late && taken && recorded && policy == Overwrite::Skip;
    const bool free = policy == Overwrite::Rename || byOrigin;
    QMutexLocker<QMutex> lock(taken ? &taken->mutex : nullptr);
    const auto done = [&](proto::Outcome outcome, int n) {
        struct stat there {
        };
        if (outcome == proto::Outcome::Written && (::lstat(r.finalPath.constData(), &there) != 0 ||
                                                   there.st_dev != own.st_dev || there.st_ino != own.st_ino)) {
            ::unlink(r.finalPath.constData()); // what the worker put there, not the file it wrote
            r.error = QStringLiteral("the worker's output was replaced while it was moved into place");
            return r;
        }
        r.ok = true;
        r.outcome = outcome;
        if (taken && late)
            taken->take(target, n, r.finalPath);
        else if (taken)
            taken->take(r.finalPath);
        return r;
    };
    const auto fail = [&](int err) {
        ::unlink(tempPath.constData());
        // A file system that refuses some characters in names and is not known to (takesWindowsNamesOnly:
        // a Windows share, a FUSE one of its own kind) says so as EINVAL or ENOENT ("no such file"
        // while the folder is there): say which.
        QByteArray refused;
        windowsName(r.finalPath.mid(r.finalPath.lastIndexOf('/') + 1), &refused);
        if ((err == EINVAL || err == ENOENT) && !refused.isEmpty() &&
            ::access(folderOf(r.finalPath).constData(), F_OK) == 0)
            r.error = QStringLiteral("cannot move the output to %1: the output folder's file system does not take "
                                     "%2 in a name")
                          .arg(QString::fromUtf8(r.finalPath), charactersText(refused));
        else
            r.error = QStringLiteral("cannot move the output to %1: %2")
                          .arg(QString::fromUtf8(r.finalPath), describeErrnoAt(err, r.finalPath));
        return r;
    };
    // Over what is at r.finalPath: replacing, or redoing an output cut short.
    const auto renameOver = [&](int n) {
        return ::rename(tempPath.constData(), r.finalPath.constData()) == 0 ? done(proto::Outcome::Written, n)
                                                                            : fail(errno);
    };
    // Replacing where outputs record their sources (`taken`: not a shard, a file system that keeps
    // extended attributes): an output that records another source is never replaced, also one that
    // a batch running alongside wrote into the planned name since; what is there is looked at again
    // once it is out of the way (a batch alongside that wrote in between gets its output back).
    // The source itself at its own name (the preset lets outputs replace it) is no other's output.
    const auto othersOutput = [&](const QByteArray &path, const QByteArray &name) {
        return recordsAnotherSource(path, origin) && !(!source.isEmpty() && namesSourceItself(name, source));
    };
    enum class Replaced { Done, PassedOver, Failed };
    WriteResult replacedResult;
    const auto replaceUnlessAnother = [&](int n) {
        const char *temp = tempPath.constData(), *name = r.finalPath.constData();
        for (int tries = 0; tries < 16; ++tries) {
            struct stat there;
            if (::lstat(name, &there) != 0) {
                const int err = moveNoReplace(temp, name);
                if (err == EEXIST)
                    continue; // written meanwhile: looked at again
                replacedResult = err == 0 ? done(proto::Outcome::Written, n) : fail(err);
                return err == 0 ? Replaced::Done : Replaced::Failed;
            }
            if (othersOutput(r.finalPath, r.finalPath))
                return Replaced::PassedOver;
            if (S_ISDIR(there.st_mode) || ::renameat2(AT_FDCWD, temp, AT_FDCWD, name, RENAME_EXCHANGE) != 0) {
                if (!S_ISDIR(there.st_mode) && errno == ENOENT)
                    continue; // gone meanwhile
                // No exchange on this file system (or a folder, which the rename refuses): replaced.
                replacedResult = renameOver(n);
                return replacedResult.ok ? Replaced::Done : Replaced::Failed;
            }
            // The temporary's name holds what the output's name held: the file looked at, or one a
            // batch alongside put there in between, which gets its name back when it is another's.
            struct stat displaced;
            const bool same =
                ::lstat(temp, &displaced) == 0 && displaced.st_dev == there.st_dev && displaced.st_ino == there.st_ino;
            if (!same && recordsAnotherSource(tempPath, origin)) {
                if (::renameat2(AT_FDCWD, temp, AT_FDCWD, name, RENAME_EXCHANGE) == 0)
                    return Replaced::PassedOver;
                const int err = errno; // it stays, this output goes
                ::rename(temp, name);
                replacedResult = fail(err);
                return Replaced::Failed;
            }
            ::unlink(temp);
            replacedResult = done(proto::Outcome::Written, n);
            return Replaced::Done;
        }
        replacedResult = fail(EEXIST);
        return Replaced::Failed;
    };
    const bool guarded = taken && policy == Overwrite::Replace;
    if (guarded && late && !origin.isEmpty()) {
        // This source's output, wherever it is in the family: replaced there.
        const QByteArray own = taken->outputOf(target, origin);
        if (!own.isEmpty() && !(sources && sources->holdsOther(own, source)) &&
            !(!protectedPath.isEmpty() && sameFile(own, protectedPath))) {
            r.finalPath = own;
            if (const Replaced how = replaceUnlessAnother(familyNumber(target, own)); how != Replaced::PassedOver)
                return replacedResult;
        }
    }
    if (byOrigin) {
        const QByteArray own = taken->outputOf(target, origin);
        if (!own.isEmpty() && outputOrigin(own) == origin && !(sources && sources->holdsOther(own, source)) &&
            !(!protectedPath.isEmpty() && sameFile(own, protectedPath))) {
            r.finalPath = own;
            const int n = familyNumber(target, own);
            if (!outputLooksComplete(own))
                return renameOver(n); // cut short by a crash: redone
            ::unlink(tempPath.constData());
            return done(proto::Outcome::SkippedExisting, n);
        }
    }
    const int first = !late || !taken ? 1 : free ? taken->firstOpen(target) : taken->firstFree(target);
    for (int n = first; n < first + 10000; ++n) {
        r.finalPath = n == 1 ? target : numberedVariant(target, n);
        if (taken && (late || n > 1) && taken->contains(r.finalPath))
            continue; // another output of the batch
        const auto inUse = [&] {
            if (taken && late && free)
                taken->occupy(target, n, r.finalPath);
        };
        if (sources && sources->holdsOther(r.finalPath, source)) {
            inUse(); // another input of the batch
            continue;
        }
        if (!protectedPath.isEmpty() && sameFile(r.finalPath, protectedPath)) {
            if (policy != Overwrite::Replace)
                continue;
            // The planner refuses literal names; a name with {width}, {date}… is only known now.
            ::unlink(tempPath.constData());
            r.code = proto::FailureCode::OutputExists;
            r.words = Message(MessageId::WouldReplaceSource); // as the planner says it of a literal name
            r.error = r.words.english();
            return r;
        }
        // Replace takes the first name that holds no other source's output (guarded), or without
        // the batch's names the name whatever is there (a literal name only its own: past it, the
        // output is numbered as with rename).
        if (guarded) {
            if (replaceUnlessAnother(n) != Replaced::PassedOver)
                return replacedResult;
            continue;
        }
        if (policy == Overwrite::Replace && (late || n == 1))
            return renameOver(n);
        const int err = moveNoReplace(tempPath.constData(), r.finalPath.constData());
        if (err == 0)
            return done(proto::Outcome::Written, n);
        if (err != EEXIST)
            return fail(err);
        if (policy == Overwrite::Skip && !source.isEmpty() && sameFile(r.finalPath, source)) {
            // The source itself (the preset lets outputs replace it: nothing protected above) is no
            // finished output to keep: by its own name it is replaced, as the planner replaces a
            // literal one; a link to it is passed over.
            if (namesSourceItself(r.finalPath, source))
                return renameOver(n);
            inUse();
            continue;
        }
        if (policy == Overwrite::Skip && !byOrigin && !(taken && recordsAnotherSource(r.finalPath, origin))) {
            // Kept by name (a literal name, a shard's, a file system without attributes); a name
            // filled in now is redone when cut short, as the planner redoes a literal one.
            if (late && !outputLooksComplete(r.finalPath))
                return renameOver(n);
            ::unlink(tempPath.constData());
            return done(proto::Outcome::SkippedExisting, n);
        }
        inUse();
    }
    return fail(EEXIST); // every name tried is in use
}

} // namespace pp
