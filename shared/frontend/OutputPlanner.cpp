#include "OutputPlanner.h"

#include "FileIO.h"
#include "InputScanner.h"
#include "NameTemplate.h"
#include "OutputCommit.h"
#include "SharedMemory.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <cerrno>
#include <algorithm>
#include <climits>
#include <cstring>
#include <cstdlib>
#include <csignal>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {
namespace {

QByteArray baseName(const QByteArray &path)
{
    const QByteArray file = path.mid(path.lastIndexOf('/') + 1);
    const qsizetype dot = file.lastIndexOf('.');
    return dot > 0 ? file.left(dot) : file;
}

QByteArray sourceExt(const QByteArray &path)
{
    const QByteArray file = path.mid(path.lastIndexOf('/') + 1);
    const qsizetype dot = file.lastIndexOf('.');
    return dot > 0 ? file.mid(dot + 1) : QByteArray();
}

// The extension an output of `format: keep` gets by the source's name alone (the editor's example):
// the source's, except for formats PixelPool reads but does not write (HEIC and camera RAW are
// written as JPEG, GIF as PNG; ImageProbe.cpp keepFormatFor()) and an animated PNG, written as the
// still PNG it is decoded to.
QByteArray keepExtension(const QByteArray &sourceExtension)
{
    const QByteArray e = sourceExtension.toLower();
    if (e == "heic" || e == "heif" || e == "hif" || isCameraRawExtension(e))
        return "jpg";
    if (e == "gif" || e == "apng")
        return "png";
    return e;
}

// The extensions an output is named with, by the format it is written in; an output of `format:
// keep` keeps its source's spelling of one (a.JPEG gives a.jpeg).
struct FormatExtension {
    const char *ext;
    OutputFormat format;
};
constexpr FormatExtension kFormatExtensions[] = {
    {"jpg", OutputFormat::Jpeg},  {"jpeg", OutputFormat::Jpeg}, {"jpe", OutputFormat::Jpeg},
    {"jfif", OutputFormat::Jpeg}, {"jif", OutputFormat::Jpeg},  {"jfi", OutputFormat::Jpeg},
    {"png", OutputFormat::Png},   {"webp", OutputFormat::Webp}, {"tif", OutputFormat::Tiff},
    {"tiff", OutputFormat::Tiff}, {"bmp", OutputFormat::Bmp},   {"dib", OutputFormat::Bmp},
    {"jxl", OutputFormat::Jxl},   {"avif", OutputFormat::Avif}};

// The format an extension names (lower case); Keep for one that names none.
OutputFormat formatOfExtension(const QByteArray &ext)
{
    for (const FormatExtension &e : kFormatExtensions)
        if (ext == e.ext)
            return e.format;
    return OutputFormat::Keep;
}

// What an output of `format: keep` is for this source: the format the worker writes
// (proto::Job::keptFormat) and the extension that says it, one decision, so that the name says
// what the file is. By its first bytes, the signatures ImageProbe.cpp probeImage() tells formats by,
// and keepFormatFor()'s choice for each; the extension is the name's own when it names that format
// (a.JPEG gives a.jpeg), else the format's: a PNG named shot.jpg is written as shot.png. Only the
// signature is read here; the worker parses the file. A TIFF and a camera RAW (DNG, NEF, CR2…)
// share theirs and differ only in their directories, which the front end does not parse: a TIFF-
// shaped file under a camera RAW's name is written as JPEG (.jpg), any other as TIFF (.tif), and
// the worker writes that, whichever of the two it reads. A file of no known signature keeps its
// name's extension and the format that names, if any (the worker refuses it: probeImage() knows
// no other signature).
std::pair<OutputFormat, QByteArray> keptFormatOf(const InputItem &item)
{
    unsigned char h[512] = {}; // an ftyp box's brands: 124 of them
    qsizetype n = 0;
    if (!item.hasFile()) {
        n = std::min<qsizetype>(item.data.size(), sizeof h);
        std::memcpy(h, item.data.constData(), size_t(n));
    } else {
        // Where the file is confined to (a name a folder scan took that leads elsewhere now is read
        // as the placeholder it is opened as: nothing).
        int err = 0;
        if (const int fd = openToHand(item.path, item.confinement(), &err); fd >= 0) {
            n = std::max<qsizetype>(0, ::read(fd, h, sizeof h));
            ::close(fd);
        }
    }
    const auto at = [&](int offset, const char *magic, size_t len) {
        return qsizetype(offset + len) <= n && std::memcmp(h + offset, magic, len) == 0;
    };
    const QByteArray nameExt = sourceExt(item.path).toLower();
    OutputFormat format = OutputFormat::Keep;
    if (at(0, "\xFF\xD8\xFF", 3)) {
        format = OutputFormat::Jpeg;
    } else if (at(0, "\x89PNG\r\n\x1A\n", 8) || at(0, "GIF87a", 6) || at(0, "GIF89a", 6)) {
        format = OutputFormat::Png; // a GIF too: lossless, with transparency
    } else if (at(0, "RIFF", 4) && at(8, "WEBP", 4)) {
        format = OutputFormat::Webp;
    } else if (at(0, "II*\0", 4) || at(0, "MM\0*", 4)) {
        format = isCameraRawExtension(nameExt) ? OutputFormat::Jpeg : OutputFormat::Tiff;
    } else if (at(0, "IIU\0", 4) || at(0, "IIRO", 4) || at(0, "IIRS", 4) || at(0, "MMOR", 4) ||
               at(0, "FUJIFILMCCD-RAW", 15) || at(4, "ftypcrx ", 8)) {
        format = OutputFormat::Jpeg; // camera RAW
    } else if (at(0, "BM", 2)) {
        format = OutputFormat::Bmp;
    } else if (at(4, "ftyp", 4)) { // HEIC is written as JPEG, AVIF stays AVIF; the brands say which (isAvif)
        format = OutputFormat::Jpeg;
        if (at(8, "avif", 4) || at(8, "avis", 4))
            format = OutputFormat::Avif;
        const qsizetype box = std::min<qsizetype>(n, qsizetype(h[0]) << 24 | h[1] << 16 | h[2] << 8 | h[3]);
        for (qsizetype brand = 16; (at(8, "mif1", 4) || at(8, "msf1", 4)) && brand + 4 <= box; brand += 4)
            if (at(int(brand), "avif", 4))
                format = OutputFormat::Avif;
    } else if (at(0, "\xFF\x0A", 2) || at(0, "\0\0\0\x0CJXL \r\n\x87\n", 12)) {
        format = OutputFormat::Jxl;
    } else {
        const QByteArray named = keepExtension(nameExt);
        return {formatOfExtension(named), named};
    }
    return {format, formatOfExtension(nameExt) == format ? nameExt : formatExtension(format).toUtf8()};
}

// A preset name in a file name: keep it to safe characters.
QByteArray safeComponent(const QString &s)
{
    QString out;
    for (QChar c : s)
        out += (c.isLetterOrNumber() || c == '-' || c == '_' || c == '.') ? c : QChar('_');
    return out.toUtf8();
}

} // namespace

std::vector<OutputPlanner::TemplatePart> OutputPlanner::parseTemplate(const QString &tmpl)
{
    static const QRegularExpression re("\\{(\\w+)(?::([^{}]*))?\\}");
    std::vector<TemplatePart> parts;
    qsizetype last = 0;
    auto it = re.globalMatch(tmpl);
    while (it.hasNext()) {
        const auto m = it.next();
        parts.push_back({tmpl.mid(last, m.capturedStart() - last).toUtf8(), {}, 0});
        last = m.capturedEnd();
        const QString key = m.captured(1);
        if (key == "name" || key == "ext" || key == "preset" || key == "index")
            // Bounded here too: example() expands templates that were never validated (the editor).
            parts.push_back({{}, key, std::clamp(m.captured(2).toInt(), 0, kMaxIndexDigits)});
        else // {width}, {date}…: filled at commit
            parts.push_back({m.captured(0).toUtf8(),
                             {},
                             0,
                             key == "width" || key == "height" || key == "date" || key == "camera" || key == "lens" ||
                                 key == "iso"});
    }
    parts.push_back({tmpl.mid(last).toUtf8(), {}, 0});
    return parts;
}

template <typename Text>
QByteArray OutputPlanner::expand(const std::vector<TemplatePart> &parts, const QByteArray &name, const QByteArray &ext,
                                 const QString &preset, int index, const Text &text)
{
    QByteArray out;
    for (const TemplatePart &p : parts) {
        if (p.result)
            out += p.literal;
        else if (p.key.isEmpty())
            out += lateText(text(p.literal));
        else if (p.key == QLatin1String("name"))
            out += lateSourceName(text(name));
        else if (p.key == QLatin1String("ext"))
            out += lateText(text(ext));
        else if (p.key == QLatin1String("preset"))
            out += safeComponent(preset);
        else
            out += QByteArray::number(index).rightJustified(p.width, '0');
    }
    return out;
}

namespace {

// A run that died with its workers (kill -9 of the process group, power loss) leaves hidden
// ".<name>.pixelpool-<pid>-<run>-<job>.part" files: remove those whose front end is gone. A file
// of that name that is one of the batch's inputs is an input, never swept.
void removeStaleTemporaries(const QByteArray &dir, const SourceFiles *sources)
{
    static const QRegularExpression re("^\\..*\\.pixelpool-(\\d+)-[0-9a-f]+-\\d+(?:-\\d+)?\\.part$");
    DIR *d = ::opendir(dir.constData());
    if (!d)
        return;
    while (dirent *e = ::readdir(d)) {
        const QByteArray name(e->d_name);
        if (!name.startsWith('.') || !name.endsWith(".part"))
            continue;
        const auto m = re.match(QString::fromLatin1(name));
        if (m.hasMatch() && !processAlive(m.captured(1).toLongLong()) &&
            !(sources && sources->holdsOther(dir + '/' + name, {})))
            ::unlinkat(::dirfd(d), name.constData(), 0);
    }
    ::closedir(d);
}

} // namespace

Message OutputPlanner::validateTemplate(const QString &t) { return checkNameTemplate(t); }

QString OutputPlanner::example(const QString &tmpl, const QString &presetName, const QString &inputName,
                               OutputFormat format)
{
    const QByteArray in = inputName.toUtf8();
    const QByteArray ext =
        format == OutputFormat::Keep ? keepExtension(sourceExt(in)) : formatExtension(format).toUtf8();
    ResultNames sample; // what a camera would say
    sample.width = 1200;
    sample.height = 800;
    sample.taken = QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9));
    sample.camera = QStringLiteral("Canon EOS R5");
    sample.lens = QStringLiteral("RF24-105mm F4 L IS USM");
    sample.iso = 400;
    const auto asItIs = [](const QByteArray &text) { return text; };
    return QString::fromUtf8(
        fillLateName(expand(parseTemplate(tmpl), baseName(in), ext, presetName, 1, asItIs), sample));
}

namespace {

// The deepest folder of `dir` (itself included) that exists; an empty result when none does.
QByteArray existingAncestor(QByteArray dir, struct stat *st)
{
    while (!dir.isEmpty()) {
        if (::stat(dir.constData(), st) == 0)
            return dir;
        const qsizetype slash = dir.lastIndexOf('/');
        dir = slash > 0 ? dir.left(slash) : slash == 0 && dir.size() > 1 ? QByteArray("/") : QByteArray();
    }
    return {};
}

int makeFolders(const QByteArray &dir, QVector<QByteArray> *made = nullptr);

} // namespace

OutputPlanner::OutputPlanner(const Preset &preset, const QString &outputDir, QByteArray runTag, Mode mode)
    : m_presetName(preset.name), m_runTag(std::move(runTag)), m_mode(mode)
{
    for (const PresetOutput &o : preset.targets()) {
        std::vector<TemplatePart> parts = parseTemplate(o.output.nameTemplate);
        const bool late = std::any_of(parts.cbegin(), parts.cend(), [](const TemplatePart &p) { return p.result; });
        m_targets.push_back({o.output, std::move(parts), late});
    }
    const QByteArray dir = QFile::encodeName(QDir::cleanPath(QDir(outputDir).absolutePath()));
    if (m_mode == Mode::Write) // the window's output folder stays: it is the window's setting
        makeFolders(dir);
    m_root = canonical(dir);
    m_rootMade = !m_root.isEmpty();
    if (m_root.isEmpty())
        m_root = dir; // does not exist and cannot be made: every item reports why
    if (!m_root.endsWith('/'))
        m_root += '/';
    m_keepsOrigins = keepsOrigins(m_root, m_mode == Mode::Write);
    if (m_rootMade && m_mode == Mode::Write) {
        m_rootHandle = std::make_shared<FolderHandle>(m_root);
        m_rootId = FolderId::of(m_root);
    }
    struct stat st;
    m_windowsNames = takesWindowsNamesOnly(existingAncestor(m_root, &st));
    m_taken->setFoldsCase(m_windowsNames);
}

namespace {

// `mkdir -p dir`, with the reason when it fails (QDir::mkpath() keeps none): 0 when the folder is
// there, made or not, else the errno of the step that failed. `made` gets each folder it made,
// parents first.
int makeFolders(const QByteArray &dir, QVector<QByteArray> *made)
{
    if (::mkdir(dir.constData(), 0777) == 0) {
        if (made)
            made->append(dir);
        return 0;
    }
    int err = errno;
    struct stat st;
    if (err == EEXIST)
        return ::stat(dir.constData(), &st) == 0 ? (S_ISDIR(st.st_mode) ? 0 : ENOTDIR) : errno;
    if (err != ENOENT)
        return err;
    const qsizetype slash = dir.lastIndexOf('/');
    if (slash <= 0)
        return err;
    if (const int parent = makeFolders(dir.left(slash), made); parent != 0)
        return parent;
    if (::mkdir(dir.constData(), 0777) == 0) {
        if (made)
            made->append(dir);
        return 0;
    }
    err = errno;
    return err == EEXIST && ::stat(dir.constData(), &st) == 0 && S_ISDIR(st.st_mode) ? 0 : err;
}

// Why the folder `dir` cannot be made below its deepest existing folder `existing`, when the next
// name down is already taken by something stat() cannot follow: a symbolic link to nothing, or a
// loop of links. Empty otherwise.
Message blockedByLink(const QByteArray &dir, const QByteArray &existing)
{
    const qsizetype end = dir.indexOf('/', existing.size() + (existing.endsWith('/') ? 0 : 1));
    const QByteArray next = end < 0 ? dir : dir.left(end);
    struct stat st;
    if (next.size() <= existing.size() || ::lstat(next.constData(), &st) != 0 || !S_ISLNK(st.st_mode))
        return {};
    if (::stat(next.constData(), &st) == 0)
        return {};
    const int err = errno;
    if (err != ENOENT)
        return {MessageId::CannotCreateOutputFolder, {displayPath(dir)}, {errnoMessage(err)}};
    char target[PATH_MAX];
    const ssize_t n = ::readlink(next.constData(), target, sizeof target - 1);
    return {MessageId::OutputFolderBrokenLink,
            {displayPath(dir), displayPath(next), displayPath(QByteArray(target, n > 0 ? int(n) : 0))}};
}

} // namespace

Message OutputPlanner::checkOutputFolder(const QString &dirText, bool create, QVector<QByteArray> *made)
{
    const QByteArray dir = QFile::encodeName(QDir::cleanPath(QDir(dirText).absolutePath()));
    struct stat st;
    const QByteArray existing = existingAncestor(dir, &st);
    if (existing.isEmpty())
        return {MessageId::OutputFolderCannotBeCreated, {displayPath(dir)}};
    if (!S_ISDIR(st.st_mode))
        return existing == dir ? Message(MessageId::OutputFolderNotAFolder, {displayPath(dir)})
                               : Message(MessageId::OutputFolderBlocked, {displayPath(dir), displayPath(existing)});
    if (existing != dir)
        if (Message why = blockedByLink(dir, existing); !why.isEmpty())
            return why;
    // access() also says EROFS for a read-only file system, where root may not write either.
    if (::access(existing.constData(), W_OK | X_OK) != 0) {
        const Message why = errnoMessage(errno);
        return existing == dir
                   ? Message(MessageId::OutputFolderNotWritable, {displayPath(dir)}, {why})
                   : Message(MessageId::OutputFolderNotWritableIn, {displayPath(dir), displayPath(existing)}, {why});
    }
    if (existing != dir && create)
        if (const int err = makeFolders(dir, made); err != 0)
            return {MessageId::CannotCreateOutputFolder, {displayPath(dir)}, {errnoMessageAt(err, dir)}};
    return {};
}

bool OutputPlanner::ensureDir(const QByteArray &dir, Message *error)
{
    auto it = m_dirs.constFind(dir);
    if (it == m_dirs.constEnd() && m_mode == Mode::LookOnly) {
        // Nothing is created or removed: the folder exists or could be made, and stays inside.
        Message problem = checkOutputFolder(QFile::decodeName(dir), false);
        const QByteArray real = canonical(dir);
        if (problem.isEmpty() && !real.isEmpty() && !(real + '/').startsWith(m_root))
            problem = {MessageId::OutputFolderOutside, {displayPath(dir), displayPath(m_root)}};
        it = m_dirs.insert(dir, problem);
    }
    // Replaced while the batch ran (moved away, and a new folder or a link to elsewhere given its
    // name): nothing more is planned there, as into a folder that went. Its outputs would have
    // joined, or replaced, files of a folder the batch never checked.
    if (m_mode == Mode::Write && rootReplaced()) {
        *error = {MessageId::OutputFolderReplaced, {displayPath(rootFolder())}};
        return false;
    }
    struct stat st;
    if (it == m_dirs.constEnd() && m_mode == Mode::Write && m_rootMade && ::stat(m_root.constData(), &st) != 0) {
        // The output folder was removed (or moved) while the batch ran: a sub-folder of it is not
        // made, as that would make the folder again, which its user took away.
        *error = {MessageId::OutputFolderGone, {displayPath(rootFolder())}};
        return false;
    }
    if (it == m_dirs.constEnd()) {
        Message problem;
        if (const int err = makeFolders(dir, &m_made); err != 0) {
            // Why, as the look-only planner says it (a file in the way, a folder without write
            // permission), else the system's reason (a full disk).
            problem = checkOutputFolder(QFile::decodeName(dir), false);
            if (problem.isEmpty())
                problem = {MessageId::CannotCreateOutputFolder, {displayPath(dir)}, {errnoMessageAt(err, dir)}};
            if (::stat(m_root.constData(), &st) != 0)
                problem = {MessageId::OutputFolderMissing, {displayPath(m_root)}};
        } else {
            // A sub-folder that is a symbolic link could lead anywhere: it must resolve inside,
            // and nothing is swept from where it leads.
            const QByteArray real = canonical(dir) + '/';
            if (!real.startsWith(m_root))
                problem = {MessageId::OutputFolderOutside, {displayPath(dir), displayPath(m_root)}};
            else if (!m_shard)
                removeStaleTemporaries(dir, m_sources.get());
        }
        it = m_dirs.insert(dir, problem);
    }
    *error = *it;
    return it->isEmpty();
}

OutputFormat OutputPlanner::keptFormat(const InputItem &item) { return keptFormatOf(item).first; }

QByteArray OutputPlanner::relativeOutput(const InputItem &item, int index, const QByteArray &srcExt, int output,
                                         Message *error, bool *shortened, QByteArray *replaced, QByteArray *unfilled,
                                         OutputFormat *kept) const
{
    const OutputSettings &o = m_targets[size_t(output)].settings;
    QByteArray ext = formatExtension(o.format).toUtf8();
    if (o.format == OutputFormat::Keep) {
        // Read once for all the outputs of an image, which the worker writes in one format.
        if (!srcExt.isEmpty()) {
            m_kept = {index, item.path, formatOfExtension(srcExt.toLower()), srcExt};
        } else if (m_kept.index != index || m_kept.path != item.path) {
            const auto [format, name] = keptFormatOf(item);
            m_kept = {index, item.path, format, name};
        }
        ext = m_kept.ext;
        if (kept)
            *kept = m_kept.format;
    }
    const Target &target = m_targets[size_t(output)];
    // Before the numbering, so that "10:00.png" and "10?00.png" are "10_00.png" and "10_00 (2).png".
    const auto text = [&](const QByteArray &t) { return m_windowsNames ? windowsName(t, replaced) : t; };
    // In the path's order, so that *replaced lists its characters as they come.
    QByteArray rel = o.keepStructure && !item.relativeDir.isEmpty() ? lateText(text(item.relativeDir)) + '/' : "";
    rel += expand(target.parts, baseName(item.path), ext, m_presetName, index, text);
    QByteArray shown = shownPattern(rel); // as people read it: a late pattern's placeholders as written
    for (const QByteArray &part : shown.split('/')) {
        if (part.isEmpty() || part == "." || part == "..") {
            *error = {MessageId::OutputNameInvalid, {displayPath(shown)}};
            return {};
        }
    }
    // A literal name is the path, shortened now (the source's name first), so that collisions are
    // numbered among the names written; a name filled once the image is made is shortened when it
    // is committed.
    *shortened = false;
    if (!target.late) {
        if (unfilled)
            *unfilled = rel;
        shown = rel = fillLateName(rel, {}, shortened);
    }
    // The temporary's name ("." + up to 64 bytes of the name + the run's tag) may be longer than
    // the output's: room for it too.
    constexpr qsizetype kLimit = proto::kMaxPathBytes - 128;
    if (m_root.size() + shown.size() > kLimit) {
        *error = {MessageId::OutputPathTooLong,
                  {displayPath(m_root + shown), QString::number(m_root.size() + shown.size()), QString::number(kLimit),
                   QString::number(proto::kMaxPathBytes)}};
        return {};
    }
    return rel;
}

// Two outputs of one batch never get the same name (a.jpg and a.png -> a.jpg), and none gets the
// name of another of the batch's inputs (an output into the input folder: a.bmp -> a.jpg, which
// is an input too). With `avoidExisting` (the rename policy) no name something already holds is
// planned either, so that the name planned is the one the output gets, and in the same order
// however the jobs finish. A name with {width}, {date}… is numbered when it is committed, where
// outputs record their source; a shard, and a batch into a file system without extended
// attributes, number it here among the batch's identical patterns (by name, a resumed batch then
// finds each image's output where the same plan put it).
QByteArray OutputPlanner::claim(const QByteArray &rel, bool late, const QByteArray &source, bool avoidExisting,
                                bool *renamed, const QByteArray &origin, const QByteArray &unfilled, bool *shortened,
                                bool passOverSourceLinks, bool passOverOthers)
{
    const QByteArray first = (late ? lateText(m_root) : m_root) + rel;
    if (late && namesAtCommit())
        return first;
    bool cut = false; // the last numbered name's source name was shortened for its number
    const auto numbered = [&](int n) {
        if (late || unfilled.isEmpty())
            return numberedVariant(first, n, late);
        return m_root + fillLateName(numberedVariant(unfilled, n, true), {}, &cut);
    };
    QMutexLocker<QMutex> lock(&m_taken->mutex); // commits on the in-process runner's threads add to it
    // This image's own output, wherever it is in the family ("a (2).jpg" when another source's has
    // "a.jpg"): skipped or replaced there, not made again under a new name.
    if (!late && !origin.isEmpty() && m_keepsOrigins) {
        const QByteArray own = m_taken->outputOf(first, origin, false);
        if (!own.isEmpty() && !(m_sources && m_sources->holdsOther(own, source))) {
            m_taken->take(own);
            return own;
        }
    }
    QByteArray pattern = first;
    // Bounded by the names something on disk holds: a path lstat() reads otherwise than it was
    // made (cut at a NUL) finds every numbered name taken, and the loop held the process at 100 %
    // CPU, deaf to signals. Past the bound the output fails with the reason (plan()).
    int onDisk = 0;
    for (int n = 2;; pattern = numbered(n++)) {
        if (onDisk > kMaxNamesOnDisk)
            return {};
        if (m_taken->contains(pattern))
            continue;
        if (late)
            break;
        if (m_sources && m_sources->holdsOther(pattern, source))
            continue;
        if (passOverOthers && recordsAnotherSource(pattern, origin) &&
            !(!passOverSourceLinks && namesSourceItself(pattern, source))) { // not this one's to skip or replace
            *renamed = true;
            ++onDisk;
            continue;
        }
        struct stat st;
        if ((!avoidExisting && !passOverSourceLinks) || ::lstat(pattern.constData(), &st) != 0)
            break;
        if (!source.isEmpty() && sameFile(pattern, source)) {
            // Its own name is refused below, or replaced when the preset allows it. A hard or
            // symbolic link to the source is another name: no finished output to keep (skip), and
            // nothing rename would replace; the output takes the next name, as past another input.
            if (!passOverSourceLinks || namesSourceItself(pattern, source))
                break;
        } else if (!avoidExisting) {
            break;
        }
        *renamed = true;
        ++onDisk;
    }
    if (shortened && cut && pattern != first)
        *shortened = true;
    m_taken->take(pattern);
    return pattern;
}

int OutputPlanner::removeFoldersLeftEmpty(const QVector<QByteArray> &made)
{
    int removed = 0;
    for (auto dir = made.crbegin(); dir != made.crend() && ::rmdir(dir->constData()) == 0; ++dir)
        ++removed;
    return removed;
}

int OutputPlanner::removeEmptyFoldersMade()
{
    int removed = 0;
    if (!m_shard) { // another machine's shard may be about to write into it
        for (auto dir = m_made.crbegin(); dir != m_made.crend(); ++dir)
            removed += ::rmdir(dir->constData()) == 0; // one that holds anything stays
        // The output folder the batch made, left empty (every image failed), and those made above
        // it, up to the first that holds anything; not one given its name since.
        if (m_mode == Mode::Write && m_rootMade && !rootReplaced())
            removed += removeFoldersLeftEmpty(m_rootFoldersMade);
    }
    m_made.clear();
    m_rootFoldersMade.clear();
    m_dirs.clear(); // made again if planned again
    return removed;
}

void OutputPlanner::reserve(const InputItem &item, int index)
{
    for (int output = 0; output < outputCount(); ++output) {
        Message error;
        bool renamed = false, shortened = false;
        QByteArray unfilled;
        const QByteArray rel = relativeOutput(item, index, {}, output, &error, &shortened, nullptr, &unfilled);
        if (!rel.isEmpty())
            claim(rel, m_targets[size_t(output)].late, item.hasFile() ? item.path : QByteArray(), false, &renamed, {},
                  unfilled);
    }
}

std::shared_ptr<SourceFiles> sourceFilesOf(const QVector<InputItem> &items)
{
    auto sources = std::make_shared<SourceFiles>();
    for (const InputItem &item : items)
        sources->add(item.device, item.inode, item.hasFile() ? item.path : QByteArray());
    return sources;
}

PlannedOutput OutputPlanner::plan(const InputItem &item, int index, quint64 jobId, const QByteArray &srcExt, int output)
{
    PlannedOutput out;
    const OutputSettings &o = m_targets[size_t(output)].settings;
    QByteArray unfilled;
    const QByteArray rel = relativeOutput(item, index, srcExt, output, &out.error, &out.shortened, &out.replaced,
                                          &unfilled, &out.keptFormat);
    if (rel.isEmpty())
        return out;
    // Claimed before the folder is checked, as reserve() does without checking it.
    const QByteArray source = item.hasFile() ? item.path : QByteArray();
    // Skip and overwrite go by the source each output records: an image skips or replaces only its
    // own output, and passes over another source's (an image without a file skips by name, and
    // replaces no output that records a source). Not in a shard, whose names go by name alone.
    const bool replaces = o.overwrite == OverwritePolicy::Overwrite;
    const bool byOrigin = (o.overwrite == OverwritePolicy::Skip || replaces) && !m_shard && !source.isEmpty();
    out.late = m_targets[size_t(output)].late;
    const QByteArray origin = byOrigin ? originOf(source) : QByteArray();
    QByteArray pattern = claim(rel, out.late, source, o.overwrite == OverwritePolicy::Rename, &out.renamed, origin,
                               unfilled, &out.shortened, !replaces, byOrigin || (replaces && !m_shard));
    if (pattern.isEmpty()) {
        out.error = {MessageId::OutputNoFreeName, {displayPath(m_root + rel), QString::number(kMaxNamesOnDisk)}};
        return out;
    }
    // Asked for lossless, an image kept as JPEG (a JPEG, a HEIC, a camera RAW) would be written
    // lossy: refused, before any work, and the name stays claimed as other shards reserve it. A
    // format of a preset's own is checked when the preset is read (Preset::fromJson).
    if (o.lossless && o.format == OutputFormat::Keep && out.keptFormat != OutputFormat::Keep &&
        !hasLosslessMode(out.keptFormat)) {
        out.code = proto::FailureCode::Unsupported;
        out.error = {MessageId::LosslessKeptFormat, {formatName(out.keptFormat), losslessFormatNames()}};
        return out;
    }
    // The temporary goes into the deepest folder that is known now; folders named by the result
    // ({date:%Y/%m}/…) are made when it is committed.
    const QByteArray dir = out.late ? knownFolderOf(pattern) : folderOf(pattern);
    if (!ensureDir(dir, &out.error))
        return out;

    switch (o.overwrite) {
    case OverwritePolicy::Skip:
        out.overwrite = Overwrite::Skip;
        break;
    case OverwritePolicy::Rename:
        out.overwrite = Overwrite::Rename;
        break;
    case OverwritePolicy::Overwrite:
        out.overwrite = Overwrite::Replace;
        break;
    }
    if (!out.late) {
        // Resolved only when something is there: realpath() on each of 10,000 new names is
        // most of what planning costs.
        struct stat st;
        const QByteArray realOut = ::lstat(pattern.constData(), &st) == 0 ? canonical(pattern) : QByteArray();
        // What is there must be a file to replace or to keep: a folder (or a link to one) cannot
        // be replaced, and a pipe or device is no output to skip. A link that leads nowhere is
        // not an output either: it is redone (replaced) with the skip policy.
        struct stat target;
        const bool present = !realOut.isEmpty() && ::stat(pattern.constData(), &target) == 0;
        if (present && !S_ISREG(target.st_mode)) {
            out.error = {MessageId::OutputCannotBeWritten,
                         {displayPath(pattern)},
                         {S_ISDIR(target.st_mode) ? errnoMessage(EISDIR) : Message(MessageId::NotRegularFile)}};
            return out;
        }
        if (out.overwrite == Overwrite::Skip && ::lstat(pattern.constData(), &st) == 0 && !present) {
            out.overwrite = Overwrite::Replace;
            out.replacesIncomplete = true;
        }
        // The source at the name, by its identity: through a hard link too, which the commit
        // refuses (a dry run said "replace", and a worker made an output the commit threw away).
        if (!realOut.isEmpty() && item.hasFile() && sameFile(pattern, item.path)) {
            if (!o.allowOverwriteSource) {
                out.code = proto::FailureCode::OutputExists;
                out.error = {MessageId::WouldReplaceSource};
                return out;
            }
            out.overwrite = Overwrite::Replace;
        }
        if (out.overwrite == Overwrite::Skip && !realOut.isEmpty()) {
            if (outputLooksComplete(realOut)) {
                out.skipExisting = true;
            } else { // a resumed batch redoes what a crash or power loss cut short
                out.overwrite = Overwrite::Replace;
                out.replacesIncomplete = true;
            }
        }
    }
    out.pattern = pattern;
    // The temporary carries the output's name for people who see it, in characters every file
    // system takes: FAT and exFAT (memory cards, USB sticks) refuse : ? * " < > | \ and bytes
    // that are not whole UTF-8 characters, which cutting at 64 bytes could leave.
    const QByteArray shown = out.shown();
    QByteArray file = shown.mid(shown.lastIndexOf('/') + 1).left(64);
    for (char &c : file) {
        const bool portable = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                              (c != 0 && std::strchr(" ._-+,=@()[]{}~#&'!%", c));
        if (!portable)
            c = '_';
    }
    // A job's outputs after the first: "-<job>-<output>.part", never the name of another job's.
    out.tempPath = dir + "/." + file + "." + m_runTag + "-" + QByteArray::number(jobId) +
                   (output > 0 ? "-" + QByteArray::number(output) : QByteArray()) + ".part";
    return out;
}

} // namespace pp
