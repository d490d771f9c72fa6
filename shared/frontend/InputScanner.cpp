#include "InputScanner.h"

#include "FileIO.h"
#include "Protocol.h"

#include <QFile>
#include <QDir>
#include <QHash>
#include <QScopeGuard>
#include <QSet>
#include <QStringList>
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace pp {
namespace {

// An image sequence's name (.avifs, .heics): left out of folder scans, and said so.
bool isImageSequenceName(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower.endsWith(".avifs") || lower.endsWith(".heics");
}

struct FileId {
    dev_t dev;
    ino_t ino;
    bool operator==(const FileId &o) const { return dev == o.dev && ino == o.ino; }
};
size_t qHash(const FileId &id, size_t seed = 0) { return ::qHash(quint64(id.ino) ^ (quint64(id.dev) << 40), seed); }

// Folder inputs inside another folder input, by identity: the index of the input that holds them.
using HeldInputs = QHash<FileId, int>;

class Scanner
{
public:
    // `held`: found by an earlier pass (heldFound()); each is taken as part of the input that holds it.
    Scanner(const QVector<QByteArray> &inputs, const ScanOptions &o, const std::function<void(int)> &progress,
            const std::atomic_bool *cancel, const HeldInputs &held = {})
        : m_inputs(inputs), m_options(o), m_progress(progress), m_cancel(cancel), m_held(held)
    {
        struct stat st;
        if (!o.outputFolder.isEmpty() && ::stat(o.outputFolder.constData(), &st) == 0 && S_ISDIR(st.st_mode))
            m_output = FileId{st.st_dev, st.st_ino};
    }

    void addInput(int index)
    {
        const QByteArray &path = m_inputs[index];
        m_inputFirst = m_result.items.size();
        if (path.size() >= proto::kMaxPathBytes) {
            m_result.items.append({path, {}, errnoMessage(ENAMETOOLONG)});
            return;
        }
        struct stat st;
        if (::stat(path.constData(), &st) != 0) {
            addUnreadable(path, {}, errno, true);
            return;
        }
        // A folder is opened once, and listed and known by what was opened: its real path is the
        // folder's whose images it gives (a name swapped between a look by name and the listing
        // confined its images to another folder, "/" when it led there).
        int folder = S_ISDIR(st.st_mode) ? ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        if (folder >= 0 && ::fstat(folder, &st) != 0) {
            ::close(folder);
            folder = -1;
        }
        const auto closeFolder = qScopeGuard([&] {
            if (folder >= 0)
                ::close(folder);
        });
        if (S_ISDIR(st.st_mode) && m_options.approvedLinks) {
            m_result.skipped.append({path, Message(MessageId::FolderLink), LeftOutCode::FolderLink});
            return;
        }
        if (S_ISDIR(st.st_mode)) {
            // The same folder named twice ("in in/", "in ./in"), or one an earlier input's scan
            // entered ("-r in in/sub": said to be inside that input): its files are queued already.
            // Said once, by the name given the second time.
            const FileId id{st.st_dev, st.st_ino};
            if (const auto entered = m_entered.constFind(id); entered != m_entered.cend()) {
                m_result.skipped.append({path, Message(MessageId::InputGivenTwice), LeftOutCode::GivenTwice,
                                         entered->input >= 0 ? QByteArray() : m_inputs[entered->root]});
                if (entered->input < 0)
                    m_insideFound.insert(id, entered->root); // that input may be held by a later one
                return;
            }
            // One a later input holds ("-r in/sub in"): taken by that one's scan, with its place below
            // it, as when it comes after it. Said as inside that input, the outermost.
            if (const auto held = m_held.constFind(id); held != m_held.cend()) {
                m_result.skipped.append(
                    {path, Message(MessageId::InputGivenTwice), LeftOutCode::GivenTwice, m_inputs[*held]});
                return;
            }
            m_entered.insert(id, {index, index});
            m_inputIds.insert(index, id);
            m_root = index;
            m_rootReal = folder >= 0 ? realPathOf(folder, path) : QByteArray();
            const qsizetype first = m_result.items.size();
            scanDir(path, {}, 0, std::exchange(folder, -1));
            const int root = int(path.endsWith('/') ? path.size() : path.size() + 1);
            for (qsizetype i = first; i < m_result.items.size(); ++i) {
                m_result.items[i].rootLength = root;
                m_result.items[i].confined = !m_options.followLinks;
                m_result.items[i].within = m_options.followLinks ? QByteArray() : m_rootReal;
            }
            return;
        }
        // A file named directly is read by content, whatever its name.
        struct stat lst;
        const qsizetype before = m_result.items.size();
        addFile(path, {}, st, ::lstat(path.constData(), &lst) == 0 && S_ISLNK(lst.st_mode), true);
        if (m_options.approvedLinks && m_result.items.size() > before)
            m_result.items.back().confined = true; // that file only: its folder is not known
    }

    // True when this pass found a folder input inside a later folder input: another pass must
    // know them all (heldFound()).
    bool foundHeld() const { return !m_heldFound.isEmpty(); }
    // The folder inputs this pass found inside another folder input, each with the outermost input
    // that holds it ("-r in/sub/x in/sub in", "-r in/sub in/sub/x in": both in).
    HeldInputs heldFound() const
    {
        HeldInputs held = m_heldFound;
        for (auto inside = m_insideFound.cbegin(); inside != m_insideFound.cend(); ++inside)
            if (!held.contains(inside.key()))
                held.insert(inside.key(), *inside);
        for (int &outer : held) {
            // Past the first step (from a folder inside an input to that input), each goes to a later
            // input (one met by a scan had been scanned before it): it ends.
            for (auto id = m_inputIds.constFind(outer); id != m_inputIds.cend(); id = m_inputIds.constFind(outer)) {
                const auto further = m_heldFound.constFind(*id);
                if (further == m_heldFound.cend() || *further <= outer)
                    break;
                outer = *further;
            }
        }
        return held;
    }

    ScanResult take()
    {
        // A link left out as leading outside its folder, to a file queued after all (from another
        // input): a duplicate, as when that file was queued before it.
        for (auto link = m_outsideLinks.cbegin(); link != m_outsideLinks.cend(); ++link)
            if (m_seen.contains(*link)) {
                m_result.skipped[link.key()].reason = Message(MessageId::DuplicateInput);
                m_result.skipped[link.key()].code = LeftOutCode::Duplicate;
            }
        // A folder a scan did not enter (a sub-folder without --recursive, a hidden one, the output
        // folder...), then named as an input of its own ("in in/sub", "-r in in/.git"): it was
        // scanned after all.
        QVector<SkippedInput> kept;
        kept.reserve(m_result.skipped.size());
        for (qsizetype i = 0; i < m_result.skipped.size(); ++i) {
            const auto folder = m_notEntered.constFind(i);
            if (folder == m_notEntered.cend() || !m_entered.contains(*folder))
                kept.append(std::move(m_result.skipped[i]));
        }
        m_result.skipped = std::move(kept);
        return std::move(m_result);
    }

private:
    bool cancelled() const { return m_cancel && m_cancel->load(); }

    // An input that leads to no file (`err` from stat()): one failure however often it is met, the
    // same folder given twice or a name given twice (a link to nothing by its own identity,
    // anything else by its path), and a link to nothing is called one whichever way it came.
    // `direct`: the path is an input as given, not found by a scan.
    void addUnreadable(const QByteArray &path, const QByteArray &rel, int err, bool direct)
    {
        struct stat lst;
        const bool link = ::lstat(path.constData(), &lst) == 0 && S_ISLNK(lst.st_mode);
        // A path by its bytes (names need not be UTF-8).
        const QByteArray key =
            link ? QByteArray::number(quint64(lst.st_dev)) + ':' + QByteArray::number(quint64(lst.st_ino))
                 : sameNameKey(path);
        if (m_unreadable.contains(key)) {
            skipDuplicate(path, direct);
            return;
        }
        m_unreadable.insert(key);
        m_result.items.append(
            {path, rel, link ? Message(MessageId::BrokenLink, {}, {errnoMessage(err)}) : errnoMessage(err)});
    }

    // The second path to a file already queued: named as an input (the user gave it twice), or
    // met by a scan (a link, a hard link, a file inside a folder given too).
    void skipDuplicate(const QByteArray &path, bool direct)
    {
        if (direct)
            m_result.skipped.append({path, Message(MessageId::InputGivenTwice), LeftOutCode::GivenTwice});
        else
            m_result.skipped.append({path, Message(MessageId::DuplicateInput), LeftOutCode::Duplicate});
    }

    // `link`: path is a symbolic link to the file. `direct`: as for addUnreadable().
    void addFile(const QByteArray &path, const QByteArray &rel, const struct stat &st, bool link, bool direct = false)
    {
        const FileId id{st.st_dev, st.st_ino};
        if (const auto kept = m_seen.find(id); kept != m_seen.end()) {
            // The file itself is kept over a link to it met first (best.jpg → zebra.jpg) in the
            // same input: its outputs are named after it. Otherwise the first path met stays.
            if (kept->link && !link && kept->index >= m_inputFirst) {
                InputItem &item = m_result.items[kept->index];
                m_result.skipped.append({item.path, Message(MessageId::DuplicateInput), LeftOutCode::Duplicate});
                item.path = path;
                item.relativeDir = rel;
                kept->link = false;
                return;
            }
            skipDuplicate(path, direct);
            return;
        }
        m_seen.insert(id, {m_result.items.size(), link});
        if (!S_ISREG(st.st_mode)) { // a pipe or a device: one input that fails, however often named
            m_result.items.append({path, rel, Message(MessageId::NotRegularFile)});
            return;
        }
        m_result.items.append({path, rel, {}});
        m_result.items.back().device = quint64(st.st_dev);
        m_result.items.back().inode = quint64(st.st_ino);
        if (m_progress && m_result.items.size() % 256 == 0)
            m_progress(int(m_result.items.size()));
    }

    // An entry lstat() failed on, for another reason than a vanished one or a folder not entered:
    // a name past PATH_MAX deep in a tree (ENAMETOOLONG), an I/O error. Accounted for with that
    // reason, as what its name and readdir()'s `type` say it is: a folder cannot be read, an
    // image's name fails as an image, another name is left out. Hidden ones are left out without a
    // word where they would be anyway (a hidden folder without --recursive, a hidden file that is
    // not an image).
    void addUnlookable(const QByteArray &path, const QByteArray &rel, const QByteArray &name, unsigned char type,
                       int err)
    {
        const bool hidden = name.startsWith('.');
        if (type == DT_DIR) {
            if (!hidden || m_options.recursive)
                m_result.skipped.append({path, Message(MessageId::CannotReadFolder, {}, {errnoMessage(err)}),
                                         LeftOutCode::UnreadableFolder});
        } else if (hasImageExtension(name)) {
            addUnreadable(path, rel, err, false);
        } else if (!hidden) {
            m_result.skipped.append({path, errnoMessage(err), LeftOutCode::Other});
        }
    }

    // `opened`: the folder opened already (-1: opened here by its name), which this closes.
    void scanDir(const QByteArray &dir, const QByteArray &rel, int depth, int opened = -1)
    {
        if (cancelled()) {
            if (opened >= 0)
                ::close(opened);
            return;
        }
        DIR *d = opened >= 0 ? ::fdopendir(opened) : ::opendir(dir.constData());
        if (!d && opened >= 0)
            ::close(opened);
        if (!d) {
            m_result.skipped.append(
                {dir, Message(MessageId::CannotReadFolder, {}, {errnoMessage(errno)}), LeftOutCode::UnreadableFolder});
            return;
        }
        QVector<std::pair<QByteArray, unsigned char>> entries; // each name with the type readdir() gives
        while (dirent *e = ::readdir(d)) {
            const QByteArray name(e->d_name);
            if (name != "." && name != "..")
                entries.append({name, e->d_type});
        }
        ::closedir(d);
        std::sort(entries.begin(), entries.end(),
                  [](const auto &x, const auto &y) { return nameOrderLess(x.first, y.first); });
        const QByteArray base = dir.endsWith('/') ? dir : dir + '/';
        for (const auto &[name, type] : entries) {
            if (cancelled())
                return;
            const QByteArray path = base + name;
            struct stat lst;
            if (::lstat(path.constData(), &lst) != 0) {
                const int err = errno;
                if (err == EACCES) {
                    // Listed but not entered (read permission without search, mode 644): none of
                    // its entries can be looked at, so the folder is said as one that cannot be
                    // read (a mode 311 one is), not left out without a word.
                    m_result.skipped.append({dir, Message(MessageId::CannotReadFolder, {}, {errnoMessage(EACCES)}),
                                             LeftOutCode::UnreadableFolder});
                    return;
                }
                if (err != ENOENT) // ENOENT: vanished while we looked
                    addUnlookable(path, rel, name, type, err);
                continue;
            }
            struct stat st = lst;
            const bool link = S_ISLNK(lst.st_mode);
            if (link && ::stat(path.constData(), &st) != 0) {
                // A link to nothing by an image's name fails as that image; by another name (notes
                // moved away, a folder deleted) it is said and left out, as a file by that name is,
                // where it was left out without a word. A hidden one is not said, as hidden files are not.
                if (hasImageExtension(name))
                    addUnreadable(path, rel, errno, false);
                else if (!name.startsWith('.'))
                    m_result.skipped.append(
                        {path, Message(MessageId::BrokenLink, {}, {errnoMessage(errno)}), LeftOutCode::Other});
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                const FileId id{st.st_dev, st.st_ino};
                // Why this scan does not enter the folder (null: it does).
                std::optional<std::pair<MessageId, LeftOutCode>> notEntered;
                if (name.startsWith('.')) {
                    // Hidden folders (.thumbnails, .git) are not photos; said, not scanned.
                    if (!m_options.recursive)
                        continue;
                    notEntered = {MessageId::HiddenFolder, LeftOutCode::HiddenFolder};
                } else if (link) {
                    // Said whatever it leads to: a link is not followed (no loops, no escapes).
                    m_result.skipped.append({path, Message(MessageId::FolderLink), LeftOutCode::FolderLink});
                    continue;
                } else if (m_output && id == *m_output) {
                    // Named as the output folder with --recursive or without: "sub-folder, not
                    // scanned without --recursive" hinted that -r would take its results as inputs.
                    notEntered = {MessageId::OutputFolderInInputs, LeftOutCode::OutputFolder};
                } else if (!m_options.recursive) {
                    // Said, so that a folder of albums does not look empty or half done.
                    notEntered = {MessageId::SubFolderNotScanned, LeftOutCode::SubFolder};
                } else if (depth + 1 > m_options.maxDepth) {
                    notEntered = {MessageId::FolderTooDeep, LeftOutCode::TooDeep};
                }
                const auto entered = m_entered.constFind(id);
                if (entered != m_entered.cend() && entered->input >= 0 && entered->input != m_root) {
                    // An input of its own, named before this input that holds it, and scanned: not
                    // said as not scanned. Where this scan would go in (with --recursive), it is part
                    // of this input, as when named after it: another pass takes it so (scanInputs());
                    // met in that pass too, the tree changed meanwhile, and it is said inside.
                    if (notEntered)
                        continue;
                    if (m_held.isEmpty()) { // the first pass
                        if (!m_heldFound.contains(id))
                            m_heldFound.insert(id, m_root);
                    } else {
                        m_result.skipped.append(
                            {path, Message(MessageId::InputGivenTwice), LeftOutCode::GivenTwice, m_inputs[m_root]});
                    }
                    continue;
                }
                if (entered != m_entered.cend() && !notEntered) {
                    // Entered already by a scan, or this input itself: a loop (a bind mount of a
                    // folder inside itself) or a second way to one folder. Its files are taken once,
                    // from where it was met first; the user did not name this path.
                    m_result.skipped.append({path, Message(MessageId::FolderMetAgain), LeftOutCode::MetAgain});
                    continue;
                }
                if (notEntered) {
                    // Not said after all when it is named as an input of its own later (take()).
                    m_notEntered.insert(m_result.skipped.size(), id);
                    m_result.skipped.append({path, Message(notEntered->first), notEntered->second});
                    continue;
                }
                m_entered.insert(id, {-1, m_root});
                scanDir(path, rel.isEmpty() ? name : rel + '/' + name, depth + 1);
                continue;
            }
            if (!hasImageExtension(name)) {
                // Hidden files that are not images (.DS_Store, and the temporaries outputs are
                // written to, ".<name>.pixelpool-<pid>-<run>-<job>[-<n>].part") are left out
                // without a word. A hidden image is read like any other: ".party.pixelpool-2024.png"
                // is a photo, not a temporary (it was left out without a word, as if it were one).
                if (!name.startsWith('.'))
                    m_result.skipped.append(
                        {path,
                         Message(isImageSequenceName(name) ? MessageId::ImageSequenceName : MessageId::NotAnImageName),
                         LeftOutCode::NotAnImage});
                continue;
            }
            if (link && !m_options.followLinks && !m_seen.contains(FileId{st.st_dev, st.st_ino}) && !liesInRoot(path)) {
                // Said, not followed; said as a duplicate instead if its file is queued after all (take()).
                m_outsideLinks.insert(m_result.skipped.size(), FileId{st.st_dev, st.st_ino});
                m_result.skipped.append({path, Message(MessageId::LinkOutsideFolder), LeftOutCode::LinkOutside});
                continue;
            }
            addFile(path, rel, st, link);
        }
    }

    // Whether the file `path` leads to lies in the folder input being scanned, wherever the links
    // on the way go (a link out and back in is in). One whose place cannot be known is not.
    bool liesInRoot(const QByteArray &path) const
    {
        if (m_rootReal.isEmpty())
            return false;
        const int fd = ::open(path.constData(), O_PATH | O_CLOEXEC);
        if (fd < 0)
            return false;
        const bool inside = liesInFolder(fd, path, m_rootReal);
        ::close(fd);
        return inside;
    }

    const QVector<QByteArray> &m_inputs;
    ScanOptions m_options;
    const std::function<void(int)> &m_progress;
    const std::atomic_bool *m_cancel;
    ScanResult m_result;
    struct Kept {
        qsizetype index; // in m_result.items
        bool link;
    };
    QHash<FileId, Kept> m_seen;
    QSet<QByteArray> m_unreadable; // addUnreadable()'s
    struct Entered {
        int input = -1; // the input it is (its index in m_inputs), or -1: a folder inside one
        int root = -1;  // the input whose scan entered it
    };
    QHash<FileId, Entered> m_entered;        // folders scanned
    QHash<qsizetype, FileId> m_notEntered;   // m_result.skipped's folders not scanned (a sub-folder, a hidden one...)
    int m_root = -1;                         // the input folder being scanned
    QByteArray m_rootReal;                   // its path, links followed (realPathOf; empty: not known)
    QHash<qsizetype, FileId> m_outsideLinks; // m_result.skipped's links to files outside their folder
    QHash<int, FileId> m_inputIds;           // the folder inputs scanned, by index
    const HeldInputs m_held;                 // given by an earlier pass
    HeldInputs m_heldFound;                  // found by this one: folder inputs a later input's scan met
    HeldInputs m_insideFound;                // and folder inputs an earlier input's scan had entered
    qsizetype m_inputFirst = 0;              // the first item of the input being scanned
    std::optional<FileId> m_output;          // the output folder, when it exists already
};

} // namespace

namespace {

// What a folder scan takes. The worker decides by content; these only choose which files to send:
// every name its decoders' formats go by. An animated PNG (.apng) is a PNG whose default image
// libpng reads (the first frame, or a still shown where animations are not); .jif and .jfi are
// JPEG's, .dib is BMP's. Not here: .heics and .avifs, image sequences that libheif 1.15 does not
// read (only a file's still items).
const char *const kImageExtensions[] = {"jpg", "jpeg", "jpe", "jfif", "jif",  "jfi",  "mpo", "png",  "apng", "webp",
                                        "tif", "tiff", "bmp", "dib",  "heic", "heif", "hif", "avif", "gif",  "jxl"};
// Camera RAW through LibRaw (codecs/RawCodec.cpp), with the content ImageProbe.cpp recognises: the
// names LibRaw 0.20 (Debian's, without X3F) opens. Those whose containers the probe does not read
// (.crw, .mrw, .iiq) fail saying what they are; the TIFF-based ones and .ori (an ORF) are read by
// content, and any other content under these names fails as a file of no known kind.
const char *const kCameraRawExtensions[] = {"dng", "cr2", "cr3", "crw", "nef", "nrw", "arw", "sr2", "srf",
                                            "raf", "orf", "ori", "rw2", "rwl", "pef", "srw", "erf", "3fr",
                                            "fff", "kdc", "dcr", "k25", "mef", "mos", "mrw", "iiq"};

template <size_t N> bool endsWithOneOf(const QByteArray &lowerName, const char *const (&extensions)[N])
{
    for (const char *e : extensions) {
        const qsizetype n = qsizetype(std::strlen(e));
        if (lowerName.size() > n + 1 && lowerName.endsWith(e) && lowerName.at(lowerName.size() - n - 1) == '.')
            return true;
    }
    return false;
}

} // namespace

bool nameOrderLess(const QByteArray &a, const QByteArray &b)
{
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) { // two numbers: the shorter without its leading zeros is less
            while (i < a.size() && a[i] == '0')
                ++i;
            while (j < b.size() && b[j] == '0')
                ++j;
            const qsizetype ai = i, bj = j;
            while (i < a.size() && digit(a[i]))
                ++i;
            while (j < b.size() && digit(b[j]))
                ++j;
            if (i - ai != j - bj)
                return i - ai < j - bj;
            if (const int c = std::memcmp(a.constData() + ai, b.constData() + bj, size_t(i - ai)); c != 0)
                return c < 0;
            continue;
        }
        // Letters whatever their case, A to Z (as file managers list IMG_1 among edit_1 and
        // zebra); every other byte by its value.
        const uchar x = uchar(a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i]);
        const uchar y = uchar(b[j] >= 'A' && b[j] <= 'Z' ? b[j] + 32 : b[j]);
        if (x != y)
            return x < y;
        ++i;
        ++j;
    }
    if (i < a.size() || j < b.size())
        return i == a.size(); // the one that ended first
    return a < b;             // equal but for leading zeros or case: by the bytes
}

bool hasImageExtension(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return endsWithOneOf(lower, kImageExtensions) || endsWithOneOf(lower, kCameraRawExtensions);
}

bool isCameraRawExtension(const QByteArray &extension)
{
    const QByteArray lower = extension.toLower();
    return std::any_of(std::begin(kCameraRawExtensions), std::end(kCameraRawExtensions),
                       [&](const char *e) { return lower == e; });
}

QString imageNameFilter()
{
    QStringList patterns;
    for (const char *e : kImageExtensions)
        patterns << QStringLiteral("*.%1").arg(QLatin1String(e));
    for (const char *e : kCameraRawExtensions)
        patterns << QStringLiteral("*.%1").arg(QLatin1String(e));
    return patterns.join(QLatin1Char(' '));
}

QByteArray sameNameKey(const QByteArray &path)
{
    const QByteArray absolute = path.startsWith('/') ? path : QFile::encodeName(QDir::currentPath()) + '/' + path;
    QByteArray key;
    for (const QByteArray &part : absolute.split('/'))
        if (!part.isEmpty() && part != ".")
            key += '/' + part;
    return key.isEmpty() ? QByteArray("/") : key;
}

QString displayPath(const QByteArray &path) { return QString::fromUtf8(path); }

bool isBidiControl(char32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

QString shownPath(const QByteArray &path) { return shownText(displayPath(path)); }

QString shownText(const QString &text)
{
    QString shown;
    shown.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == '\n')
            shown += QStringLiteral("\\n");
        else if (u == '\t')
            shown += QStringLiteral("\\t");
        else if (u == '\r')
            shown += QStringLiteral("\\r");
        else if (u < 0x20 || (u >= 0x7F && u < 0xA0))
            shown += QStringLiteral("\\x%1").arg(QString::number(u, 16).toUpper().rightJustified(2, QLatin1Char('0')));
        else if (isBidiControl(u))
            shown += QStringLiteral("[U+%1]").arg(QString::number(u, 16).toUpper().rightJustified(4, QLatin1Char('0')));
        else
            shown += c;
    }
    return shown;
}

const char *leftOutCodeName(LeftOutCode c)
{
    switch (c) {
    case LeftOutCode::Other:
        return "other";
    case LeftOutCode::NotAnImage:
        return "not-an-image";
    case LeftOutCode::Duplicate:
        return "duplicate";
    case LeftOutCode::FolderLink:
        return "folder-link";
    case LeftOutCode::LinkOutside:
        return "link-outside";
    case LeftOutCode::TooDeep:
        return "too-deep";
    case LeftOutCode::UnreadableFolder:
        return "unreadable-folder";
    case LeftOutCode::NotFound:
        return "not-found";
    case LeftOutCode::HiddenFolder:
        return "hidden-folder";
    case LeftOutCode::OutputFolder:
        return "output-folder";
    case LeftOutCode::SubFolder:
        return "sub-folder";
    case LeftOutCode::GivenTwice:
        return "given-twice";
    case LeftOutCode::MetAgain:
        return "folder-met-again";
    case LeftOutCode::EarlierOutput:
        return "earlier-output";
    }
    return "other";
}

bool leftOutIsFolder(LeftOutCode c)
{
    return c == LeftOutCode::FolderLink || c == LeftOutCode::TooDeep || c == LeftOutCode::UnreadableFolder ||
           c == LeftOutCode::HiddenFolder || c == LeftOutCode::OutputFolder || c == LeftOutCode::SubFolder ||
           c == LeftOutCode::MetAgain;
}

ScanResult scanInputs(const QVector<QByteArray> &inputs, const ScanOptions &options,
                      const std::function<void(int)> &progress, const std::atomic_bool *cancel)
{
    // The count shown goes on from where a first pass left it.
    int shown = 0;
    const std::function<void(int)> counted = [&](int n) {
        if (n > shown) {
            shown = n;
            progress(n);
        }
    };
    const auto scan = [&](const HeldInputs &held) {
        Scanner s(inputs, options, progress ? counted : progress, cancel, held);
        for (int i = 0; i < inputs.size(); ++i) {
            if (cancel && cancel->load())
                break; // a listing of a million files stops too, not only a folder's scan
            s.addInput(i);
        }
        return s;
    };
    Scanner first = scan({});
    if (!first.foundHeld() || (cancel && cancel->load()))
        return first.take();
    // "-r in/sub in": in/sub was scanned as an input of its own, flat, before in's scan met it. Once
    // more, with in/sub taken by in's scan, as "-r in in/sub" would: the same images, outputs and
    // words whichever comes first. Only then is a tree scanned twice.
    return scan(first.heldFound()).take();
}

} // namespace pp
