// The queue of images as a Qt item model: what was added, which preset each one gets, and what
// happened to it in the last batch. It knows nothing about widgets or workers, so tests can drive
// it directly; BatchSession feeds it the engine's events.
#pragma once

#include "BatchRunner.h"
#include "InputScanner.h"

#include <QAbstractListModel>
#include <QHash>
#include <functional>
#include <QImage>
#include <QSet>
#include <QSize>
#include <array>
#include <deque>
#include <sys/stat.h>

namespace pp::gui {

enum class ItemState { Queued, Processing, Done, Failed, Skipped, Cancelled };
QString stateName(ItemState s);

// Whether a done item's result is still what Start would make of it now.
enum class Outdated {
    No,
    Preset,  // its preset is another now, or was changed since
    Folder,  // its outputs went to another folder than the one they go to now
    Removed, // its outputs were deleted or moved away since (QueueModel::recheckOutputs)
};

// One file (or one image without a file) found by a scan, with what the model needs to know
// about it without touching the disk on the UI thread.
struct ScannedFile {
    InputItem item; // its identity (device, inode) tells duplicates apart
    qint64 bytes = 0;
    qint64 modifiedNs = 0; // its mtime when scanned (0: not known): modifiedNs(st)
};

// A file's mtime in nanoseconds, as ScannedFile and QueueItem keep it.
inline qint64 modifiedNs(const struct stat &st) { return qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec; }

// What a run of this session wrote for an item: with it, the item is done again when it is given
// back the preset settings and folder it was made with (an undo, a redo, the default changed back)
// and its files are still there as they were written, instead of being made again as "name (2).jpg".
struct MadeResult {
    QByteArray ranWith; // presetSettingsKey() of the preset it was made with
    QString ranInto;    // the absolute folder its outputs went to
    QByteArray output;  // the first output, as QueueItem::output
    QSize sourceSize, outputSize;
    QString reason;                           // its warning, if any
    QVector<QPair<QByteArray, qint64>> files; // every output written, with its size (0: not known)
};

struct QueueItem {
    quint64 uid = 0; // stable while the item lives; rows shift when others are removed
    InputItem input;
    QString name; // what people see
    qint64 bytes = 0;
    qint64 modifiedNs = 0; // the source's mtime when it was added (0: not known), with bytes: unchanged since?
    QString preset;        // assigned preset; empty: the default preset
    ItemState state = ItemState::Queued;
    int worker = -1;
    int step = 0, steps = 0;
    QString reason;                                        // failed/skipped reason, or a warning when done
    proto::FailureCode code = proto::FailureCode::Unknown; // failed/skipped: why, as a code
    QByteArray output;
    QSize sourceSize, outputSize;
    // Small thumbnail of the processed image, from the finished event, premultiplied as the
    // worker made it (painted as it is). Only the most recent ones are kept (see
    // kResultBudgetBytes); the view then reads the output file instead.
    QImage result;
    // What its last run made it with: presetSettingsKey() of the preset, and the absolute folder
    // its outputs went to. A done item whose preset is another now (or was changed since), or
    // whose outputs go to another folder now, is made again at the next Start.
    QByteArray ranWith;
    QString ranInto;
    // The results the runs of this session wrote, one per preset settings and folder, oldest first
    // (a few: kMadeResults).
    QVector<MadeResult> made;
    // Done, and its outputs were found gone at the last recheckOutputs() (until it is made again).
    bool outputGone = false;
    bool isMemory() const { return !input.hasFile(); } // input.data holds the encoded image
    // What the thumbnail cache knows the source by: its path, or for an image without a file
    // (whose name two such images may share) its name and queue id.
    QByteArray thumbnailKey() const { return isMemory() ? input.path + '#' + QByteArray::number(uid) : input.path; }
};

class QueueModel : public QAbstractListModel
{
    Q_OBJECT
public:
    // Result thumbnails held in memory: a 10,000-image batch must not keep 10,000 of them. About
    // 200 of the cards' size, more than a screen shows: while the budget fills, each new one is
    // memory the UI thread touches for the first time (a page fault every 4 KB); after that the
    // memory of the ones let go is reused.
    static constexpr qint64 kResultBudgetBytes = 16ll << 20;
    // The results of this session an item remembers (MadeResult): the presets one goes back and
    // forth between, not every edit of one.
    static constexpr int kMadeResults = 8;

    // An item taken out of the queue by a step that can put it back (takeUids, restore).
    struct TakenItem {
        int row = 0; // where it was
        QueueItem item;
    };

    enum Role {
        UidRole = Qt::UserRole + 1,
        PathRole,
        SizeBytesRole,
        StateRole, // int(ItemState)
        StatusTextRole,
        ReasonRole,
        FailureCodeRole, // failureCodeName() of a failed or skipped item
        PresetRole,
        WorkerRole,
        ProgressRole, // 0..1 while processing
        ResultRole,   // QImage
        OutputRole,
        IsMemoryRole,
        MemoryDataRole,   // QByteArray: encoded bytes of an image without a file
        ThumbnailKeyRole, // QueueItem::thumbnailKey()
        OutdatedRole,     // int(Outdated)
        ConfinementRole,  // Confinement: InputItem::confinement(), where its file must be
    };

    explicit QueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds scanned files, skipping ones already queued (same device and inode, or same path).
    // Returns how many were added; the duplicates are appended to *alreadyQueued when given (they
    // are in the queue: not left out), else to *skipped with the reason.
    int addFiles(const QVector<ScannedFile> &files, QVector<SkippedInput> *skipped,
                 QVector<QByteArray> *alreadyQueued = nullptr);
    // Whether a file with this path is queued.
    bool holdsPath(const QByteArray &path) const { return m_paths.contains(path); }
    // Adds an image that exists only as bytes (dropped from a browser, pasted). Returns its uid,
    // or 0 if the same bytes are already queued.
    quint64 addMemoryImage(const QByteArray &encoded, const QString &name);
    // Removes the items for good: the undo steps forget them (itemsRemoved).
    void removeUids(const QList<quint64> &uids);
    void clear();
    // Removes the items for a step that can put them back: as removeUids, but the items are
    // returned (without their result thumbnails) and the steps before keep them.
    QVector<TakenItem> takeUids(const QList<quint64> &uids);
    // Puts taken items back where they were, as they were, except those whose file (or, for an
    // image without a file, whose bytes) is queued again since: those stay out for good
    // (itemsRemoved). Returns the uids put back.
    QList<quint64> restore(const QVector<TakenItem> &taken);
    // Whether restore() would put the item back.
    bool canRestore(const QueueItem &it) const;
    // Taken items that will not come back (their step is gone): the undo steps forget them.
    void forgetTaken() { emit itemsRemoved(); }

    // Empty `uids`: every item. Empty `preset`: back to the default preset.
    void assignPreset(const QList<quint64> &uids, const QString &preset);
    // A preset was deleted: items that named it fall back to the default.
    void forgetPreset(const QString &preset);
    // A preset was renamed: items that named it name it as it is called now.
    void renamePreset(const QString &from, const QString &to);

    // A new run of these items starts: back to Queued, last results cleared.
    void resetForRun(const QList<quint64> &uids);
    // These items run with the preset whose presetSettingsKey() is `key`, into `folder`.
    void setRanWith(const QList<quint64> &uids, const QByteArray &key, const QString &folder);
    // Whether a done item's result is not what Start makes of it now (the window knows the
    // presets and the output folder); such an item says so, and Start makes it again.
    void setOutdatedTest(std::function<Outdated(const QueueItem &)> test) { m_outdated = std::move(test); }
    Outdated outdated(const QueueItem &it) const
    {
        if (it.state != ItemState::Done)
            return Outdated::No;
        if (it.outputGone)
            return Outdated::Removed;
        return m_outdated ? m_outdated(it) : Outdated::No;
    }
    bool isOutdated(const QueueItem &it) const { return outdated(it) != Outdated::No; }
    // Whether Start takes the item (it waits): one no run has made yet (queued, cancelled, skipped),
    // or one done whose result is not what Start makes of it now. A failed one is not waiting: Start
    // would fail it again the same way; it is counted failed, and Retry failed takes it.
    bool waitsForStart(const QueueItem &it) const
    {
        return it.state == ItemState::Done ? isOutdated(it) : it.state != ItemState::Failed;
    }
    // A done item whose outputs this session wrote are gone (deleted or moved away since): Start
    // makes it again, where it said every image was done while none of those files existed. An
    // output replaced by another file (edited since) is not gone: making it again would write a
    // copy beside it.
    static bool outputsGone(const QueueItem &it);
    // Looks again at the outputs of the done items of rows [from, from + count): those found gone
    // (outputsGone) say "Output removed" and count as waiting, those back again are done again.
    // Returns the row after the last one looked at (rowCount() at the end).
    int recheckOutputs(int from, int count);
    // Presets were changed, renamed, the default or the output folder changed: every row's status
    // may read otherwise.
    void presetsChanged();
    // An event of the engine's batch stream for the item `uid`.
    // `preset`: the one the image runs with, to name a step that failed as the editor's list does.
    void applyEvent(quint64 uid, const BatchEvent &e, const Preset *preset = nullptr);
    // The session was cancelled and the item never got to a worker (or was stopped there).
    void markCancelled(quint64 uid, const QString &reason);

    int rowOf(quint64 uid) const { return m_rows.value(uid, -1); }
    const QueueItem &itemAt(int row) const { return m_items.at(row); }
    const QueueItem *item(quint64 uid) const;
    QList<quint64> uids() const;
    QList<quint64> uidsInState(ItemState s) const;
    // Kept up to date as states change: the window asks after every event of a batch.
    int countInState(ItemState s) const { return m_counts[size_t(s)]; }
    // Items in the order they completed (done, failed or skipped) since the last resetForRun.
    const QList<quint64> &completionOrder() const { return m_completionOrder; }

signals:
    void itemCompleted(quint64 uid); // done, failed or skipped
    // A file was written at `path` (each output of a finished image): a thumbnail of what was
    // there before is of another picture.
    void outputWritten(const QByteArray &path);
    // What was known of a queued image's file no longer holds (its name, named by itself, is taken
    // wherever it leads now): its thumbnail is made anew.
    void thumbnailOutdated(const QByteArray &thumbnailKey);
    void countsChanged();
    // Items left the queue for good (removeUids, clear; taken ones that will not come back); sent
    // once they are gone, so item() no longer finds them.
    void itemsRemoved();

private:
    // Whether a file is queued already: by its path, or by its device and inode where they are known.
    bool fileQueued(const InputItem &input) const;
    std::function<Outdated(const QueueItem &)> m_outdated;
    void rebuildRows();
    void changed(int row);
    void setState(QueueItem &it, ItemState s);
    void keepResult(int row, const QImage &image);
    void rememberMade(QueueItem &it, const BatchEvent &e);
    // Items whose result is not what Start makes of them now, but one they were made with earlier
    // in this session is (MadeResult): done with that one again. Returns whether a count changed.
    bool reviveMade(int row);
    void reviveMadeRows(const QList<int> &rows);

    QVector<QueueItem> m_items;
    QHash<quint64, int> m_rows; // uid -> row
    // (device, inode) of queued files -> their uids. Only a hint: a queued file deleted since may
    // have left its inode number to a new file (fileQueued looks again).
    QMultiHash<QPair<quint64, quint64>, quint64> m_fileIds;
    QSet<QByteArray> m_paths;
    QSet<QByteArray> m_memoryHashes;
    QList<quint64> m_completionOrder;
    std::array<int, 6> m_counts{};    // items per ItemState
    std::deque<quint64> m_withResult; // oldest first
    qint64 m_resultBytes = 0;
    quint64 m_nextUid = 1;
    int m_memoryCount = 0;
};

QString formatBytes(qint64 bytes);
// "1 image", "12 images" (English plurals without a translation file).
QString imageCount(int n);

} // namespace pp::gui
