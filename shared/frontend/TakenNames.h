// The names a batch's outputs take, and what its output folders already hold from earlier runs.
#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QVector>
#include <dirent.h>
#include <memory>

namespace pp {

// The names a batch's outputs take: those the planner gave (literal names) and those taken when an
// output is committed (a name with {width}, {date}… is only known then), so that no two outputs of
// the batch get the same one. Shared by the planner and the commits, which the in-process runner
// makes on its threads, and by the window's presets started together: whoever looks at it or adds
// to it holds `mutex`.
class TakenNames
{
public:
    TakenNames();
    ~TakenNames();
    TakenNames(const TakenNames &) = delete;
    TakenNames &operator=(const TakenNames &) = delete;

    QMutex mutex;
    bool contains(const QByteArray &path) const { return m_paths.contains(path); }
    void take(const QByteArray &path) { m_paths.insert(path); }

    // A family of names: `plain` (number 1), then numberedVariant(plain, 2), 3… Two places to
    // start looking, so that 5,000 photos named by one {date} do not each try 5,000 names: every
    // number below firstFree(plain) is taken by the batch, every one below firstOpen(plain) is
    // taken or was found in use (occupy(): a file there, another input).
    int firstFree(const QByteArray &plain) const { return m_firstFree.value(plain, 1); }
    int firstOpen(const QByteArray &plain) const { return m_firstOpen.value(plain, 1); }
    void take(const QByteArray &plain, int number, const QByteArray &path);
    void occupy(const QByteArray &plain, int number, const QByteArray &path);

    // What the output folders hold from earlier runs, for a resumed batch with the skip policy:
    // the outputs that record their source (outputOrigin) and their plan (kPlannedAttribute),
    // read below `dir` and down to `depth` folders deeper. lookBelow() only notes the folder;
    // index() reads until `deadline` has passed (checked every 64 files), so that a folder of
    // 100,000 files is read between the window's events, not in one go; true when all is read.
    void lookBelow(const QByteArray &dir, int depth);
    bool index(const QDeadlineTimer &deadline);
    // The files found that record `key` (plannedKey: this source, this planned name), shortest
    // name first.
    QVector<QByteArray> plannedAs(const QByteArray &key) const;
    // The output of the family that records `origin` (outputOrigin) and that no output of the
    // batch took, the lowest number first; empty when there is none. From what index() read; a
    // folder no lookBelow() named is read now, once.
    QByteArray outputOf(const QByteArray &plain, const QByteArray &origin);

private:
    void advance(QHash<QByteArray, int> &first, const QByteArray &plain, int number, bool open);
    bool covered(const QByteArray &dir) const;
    QSet<QByteArray> m_paths, m_occupied;
    QHash<QByteArray, int> m_firstFree, m_firstOpen;

    struct Folder {
        QByteArray path;
        int depth = 0; // folders below it still to read
    };
    QVector<Folder> m_roots, m_toRead; // as named; still to read, the last first
    QSet<QByteArray> m_read;
    Folder m_reading; // the folder open in m_dir
    struct CloseDir {
        void operator()(DIR *d) const { ::closedir(d); }
    };
    std::unique_ptr<DIR, CloseDir> m_dir;
    QMultiHash<QByteArray, QByteArray> m_byOrigin, m_byPlan; // recorded value -> path
};

// `path`'s number in the family of `plain` (1: plain itself, n: numberedVariant(plain, n)); 0 when
// it is not one of it.
int familyNumber(const QByteArray &plain, const QByteArray &path);

} // namespace pp
