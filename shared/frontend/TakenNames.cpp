#include "TakenNames.h"

#include "OutputCommit.h"

#include <algorithm>
#include <sys/stat.h>
#include <sys/xattr.h>

namespace pp {

TakenNames::TakenNames() = default;
TakenNames::~TakenNames() = default;

void TakenNames::advance(QHash<QByteArray, int> &first, const QByteArray &plain, int number, bool open)
{
    int n = first.value(plain, 1);
    if (number != n)
        return;
    for (QByteArray path = plain; m_paths.contains(path) || (open && m_occupied.contains(path));
         path = numberedVariant(plain, ++n)) {
    }
    first.insert(plain, n);
}

void TakenNames::take(const QByteArray &plain, int number, const QByteArray &path)
{
    m_paths.insert(path);
    advance(m_firstFree, plain, number, false);
    advance(m_firstOpen, plain, number, true);
}

void TakenNames::occupy(const QByteArray &plain, int number, const QByteArray &path)
{
    m_occupied.insert(path);
    advance(m_firstOpen, plain, number, true);
}

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

void TakenNames::lookBelow(const QByteArray &dir, int depth)
{
    for (const Folder &root : std::as_const(m_roots))
        if (root.path == dir && root.depth >= depth)
            return;
    m_roots.append({dir, depth});
    m_toRead.append({dir, depth});
}

bool TakenNames::covered(const QByteArray &dir) const
{
    if (m_read.contains(dir))
        return true;
    // A folder that did not exist when its root was read (a {date:%Y/%m} one made by this batch)
    // holds nothing from earlier runs.
    for (const Folder &root : m_roots)
        if (dir.startsWith(root.path + '/') && dir.count('/') - root.path.count('/') <= root.depth)
            return true;
    return false;
}

bool TakenNames::index(const QDeadlineTimer &deadline)
{
    for (int files = 0;; ++files) {
        if (!m_dir) {
            if (m_toRead.isEmpty())
                return true;
            m_reading = m_toRead.takeLast();
            if (m_read.contains(m_reading.path)) // two roots, one below the other
                continue;
            m_read.insert(m_reading.path);
            m_dir.reset(::opendir(m_reading.path.constData()));
            if (!m_dir)
                continue; // not there (yet): nothing of an earlier run
        }
        if ((files & 63) == 63 && deadline.hasExpired())
            return false;
        const dirent *e = ::readdir(m_dir.get());
        if (!e) {
            m_dir.reset();
            continue;
        }
        const QByteArray name(e->d_name);
        if (name == "." || name == "..")
            continue;
        // Temporaries (".a.jpg.<run>-<job>.part") record their source too; they are no output.
        if (name.startsWith('.') && name.endsWith(".part"))
            continue;
        const QByteArray path = m_reading.path + '/' + name;
        unsigned char type = e->d_type;
        if (type == DT_UNKNOWN) {
            struct stat st {
            };
            type = ::lstat(path.constData(), &st) != 0 ? DT_UNKNOWN
                   : S_ISDIR(st.st_mode)               ? DT_DIR
                   : S_ISREG(st.st_mode)               ? DT_REG
                                                       : DT_UNKNOWN;
        }
        if (type == DT_DIR && m_reading.depth > 0) {
            m_toRead.append({path, m_reading.depth - 1});
        } else if (type == DT_REG) {
            const QByteArray origin = outputOrigin(path);
            if (origin.isEmpty())
                continue;
            m_byOrigin.insert(origin, path);
            char planned[64];
            const ssize_t n = ::lgetxattr(path.constData(), kPlannedAttribute, planned, sizeof planned);
            if (n > 0)
                m_byPlan.insert(QByteArray(planned, qsizetype(n)), path);
        }
    }
}

QVector<QByteArray> TakenNames::plannedAs(const QByteArray &key) const
{
    QVector<QByteArray> paths = m_byPlan.values(key);
    std::sort(paths.begin(), paths.end(), [](const QByteArray &a, const QByteArray &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    return paths;
}

QByteArray TakenNames::outputOf(const QByteArray &plain, const QByteArray &origin)
{
    const QByteArray dir = plain.left(plain.lastIndexOf('/'));
    if (!covered(dir))
        lookBelow(dir, 0);
    index(QDeadlineTimer(QDeadlineTimer::Forever)); // nothing to read once the planner has read it all
    QByteArray best;
    int bestNumber = 0;
    // Numbered names of a long name are shortened (numberedVariant): familyNumber knows them.
    for (auto it = m_byOrigin.constFind(origin); it != m_byOrigin.cend() && it.key() == origin; ++it) {
        const QByteArray &path = it.value();
        if (path.size() <= dir.size() || !path.startsWith(dir) || path[dir.size()] != '/' ||
            path.indexOf('/', dir.size() + 1) >= 0)
            continue;
        const int n = familyNumber(plain, path);
        if (n > 0 && (bestNumber == 0 || n < bestNumber) && !m_paths.contains(path)) {
            best = path;
            bestNumber = n;
        }
    }
    return best;
}

} // namespace pp
