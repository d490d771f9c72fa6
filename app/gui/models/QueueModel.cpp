#include "QueueModel.h"

#include "FailureText.h"
#include "PreviewImage.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

namespace pp::gui {

QString stateName(ItemState s)
{
    switch (s) {
    case ItemState::Queued:
        return QObject::tr("Queued");
    case ItemState::Processing:
        return QObject::tr("Processing");
    case ItemState::Done:
        return QObject::tr("Done");
    case ItemState::Failed:
        return QObject::tr("Failed");
    case ItemState::Skipped:
        return QObject::tr("Skipped");
    case ItemState::Cancelled:
        return QObject::tr("Cancelled");
    }
    return {};
}

QString formatBytes(qint64 bytes) { return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat); }

QString imageCount(int n) { return n == 1 ? QObject::tr("1 image") : QObject::tr("%L1 images").arg(n); }

QueueModel::QueueModel(QObject *parent) : QAbstractListModel(parent) {}

int QueueModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_items.size()); }

static QString statusText(const QueueItem &it, Outdated outdated)
{
    // Short: a card has room for about 20 characters.
    if (outdated == Outdated::Preset)
        return QObject::tr("Preset changed");
    if (outdated == Outdated::Folder)
        return QObject::tr("Folder changed");
    if (outdated == Outdated::Removed)
        return QObject::tr("Output removed");
    switch (it.state) {
    case ItemState::Queued:
        return QObject::tr("Queued");
    case ItemState::Processing:
        return it.worker >= 0 ? QObject::tr("Worker %1").arg(it.worker + 1) : QObject::tr("Processing");
    case ItemState::Done:
        return it.outputSize.isValid()
                   ? QObject::tr("Done · %1×%2").arg(it.outputSize.width()).arg(it.outputSize.height())
                   : QObject::tr("Done");
    case ItemState::Failed:
        return QObject::tr("Failed: %1").arg(it.reason);
    case ItemState::Skipped:
        return QObject::tr("Skipped: %1").arg(it.reason);
    case ItemState::Cancelled:
        return QObject::tr("Cancelled");
    }
    return {};
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const QueueItem &it = m_items[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return it.name;
    case Qt::ToolTipRole: {
        QString tip = it.isMemory() ? tr("%1 (image without a file)").arg(it.name) : shownPath(it.input.path);
        const Outdated why = outdated(it);
        tip += "\n" + statusText(it, why);
        // The card has room for the start of a warning; here it is whole, as a failure's reason is.
        if (it.state == ItemState::Done && !it.reason.isEmpty())
            tip += "\n" + tr("Warning: %1").arg(it.reason);
        if (why == Outdated::Preset)
            tip += "\n" + tr("Done with settings its preset no longer has: Start makes it again.");
        else if (why == Outdated::Folder)
            tip += "\n" + tr("Done into %1, not the folder outputs go to now: Start makes it again there.")
                              .arg(QDir::toNativeSeparators(it.ranInto));
        else if (why == Outdated::Removed)
            tip += "\n" + tr("Its output was deleted or moved away since: Start makes it again.");
        if (!it.output.isEmpty())
            tip += "\n→ " + shownPath(it.output);
        if (!it.preset.isEmpty())
            tip += "\n" + tr("Preset: %1").arg(it.preset);
        return tip;
    }
    // What a screen reader announces for a card: its name, then its state and preset.
    case Qt::AccessibleTextRole:
        return it.name;
    case Qt::AccessibleDescriptionRole:
        return statusText(it, outdated(it)) + ". " +
               (it.preset.isEmpty() ? tr("Default preset") : tr("Preset: %1").arg(it.preset));
    case UidRole:
        return it.uid;
    case PathRole:
        return it.input.path;
    case SizeBytesRole:
        return it.bytes;
    case StateRole:
        return int(it.state);
    case StatusTextRole:
        return statusText(it, outdated(it));
    case OutdatedRole:
        return int(outdated(it));
    case ReasonRole:
        return it.reason;
    case FailureCodeRole:
        return QString::fromLatin1(proto::failureCodeName(it.code));
    case PresetRole:
        return it.preset;
    case WorkerRole:
        return it.worker;
    case ProgressRole:
        return it.steps > 0 ? double(it.step) / it.steps : 0.0;
    case ResultRole:
        return it.result;
    case OutputRole:
        return it.output;
    case IsMemoryRole:
        return it.isMemory();
    case MemoryDataRole:
        return it.input.data;
    case ThumbnailKeyRole:
        return it.thumbnailKey();
    case ConfinementRole:
        return QVariant::fromValue(it.input.confinement());
    }
    return {};
}

QHash<int, QByteArray> QueueModel::roleNames() const
{
    QHash<int, QByteArray> r = QAbstractListModel::roleNames();
    r.insert({{UidRole, "uid"},
              {PathRole, "path"},
              {SizeBytesRole, "bytes"},
              {StateRole, "state"},
              {StatusTextRole, "status"},
              {ReasonRole, "reason"},
              {FailureCodeRole, "failureCode"},
              {PresetRole, "preset"},
              {WorkerRole, "worker"},
              {ProgressRole, "progress"},
              {ResultRole, "result"},
              {OutputRole, "output"},
              {IsMemoryRole, "isMemory"},
              {OutdatedRole, "outdated"}});
    return r;
}

int QueueModel::addFiles(const QVector<ScannedFile> &files, QVector<SkippedInput> *skipped,
                         QVector<QByteArray> *alreadyQueued)
{
    QVector<QueueItem> fresh;
    for (const ScannedFile &f : files) {
        if (fileQueued(f.item)) {
            // Named by itself (File > Add files…, a drop of that file alone), a name a folder scan
            // queued is taken wherever it leads now, as a link named directly is: the user chose
            // it. Its folder's confinement went with it, and one that failed as leading outside
            // its folder is retried.
            if (f.item.hasFile() && !f.item.confined && f.item.rootLength == 0)
                for (QueueItem &queued : m_items)
                    if (queued.input.path == f.item.path && queued.input.confined) {
                        queued.input.confined = false;
                        queued.input.within.clear();
                        emit thumbnailOutdated(queued.thumbnailKey());
                        const QModelIndex row = index(m_rows.value(queued.uid));
                        emit dataChanged(row, row);
                    }
            if (alreadyQueued)
                alreadyQueued->append(f.item.path);
            else if (skipped)
                skipped->append({f.item.path, Message::verbatim(tr("duplicate: already in the queue"))});
            continue;
        }
        QueueItem it;
        it.uid = m_nextUid++;
        if (f.item.inode != 0)
            m_fileIds.insert({f.item.device, f.item.inode}, it.uid);
        m_paths.insert(f.item.path);
        it.input = f.item;
        it.bytes = f.bytes;
        it.modifiedNs = f.modifiedNs;
        it.name = shownPath(f.item.path.mid(f.item.path.lastIndexOf('/') + 1));
        if (!f.item.problem.isEmpty()) {
            // Problems found while scanning (a broken link, a device) are shown at once; the
            // batch reports them as failures without bothering a worker.
            it.state = ItemState::Failed; // not in the counts until it is inserted
            it.reason = FailureText::shown(f.item.problem);
        }
        fresh.append(std::move(it));
    }
    if (fresh.isEmpty())
        return 0;
    const int first = int(m_items.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (QueueItem &it : fresh) {
        m_rows.insert(it.uid, int(m_items.size()));
        ++m_counts[size_t(it.state)];
        m_items.append(std::move(it));
    }
    endInsertRows();
    emit countsChanged();
    return int(fresh.size());
}

quint64 QueueModel::addMemoryImage(const QByteArray &encoded, const QString &name)
{
    const QByteArray hash = QCryptographicHash::hash(encoded, QCryptographicHash::Sha1);
    if (encoded.isEmpty() || m_memoryHashes.contains(hash))
        return 0;
    m_memoryHashes.insert(hash);
    QueueItem it;
    it.uid = m_nextUid++;
    it.name = name.isEmpty() ? tr("pasted-image-%1.png").arg(++m_memoryCount) : name;
    // No file: the output is named after the image's name, and its bytes travel to a worker in
    // shared memory.
    it.input.path = it.name.toUtf8();
    it.input.data = encoded;
    it.bytes = encoded.size();
    const int row = int(m_items.size());
    beginInsertRows({}, row, row);
    m_rows.insert(it.uid, row);
    ++m_counts[size_t(it.state)];
    m_items.append(std::move(it));
    endInsertRows();
    emit countsChanged();
    return m_items.last().uid;
}

void QueueModel::removeUids(const QList<quint64> &uids)
{
    if (!takeUids(uids).isEmpty())
        emit itemsRemoved();
}

QVector<QueueModel::TakenItem> QueueModel::takeUids(const QList<quint64> &uids)
{
    const QSet<quint64> gone(uids.begin(), uids.end());
    QList<int> rows;
    for (quint64 uid : gone)
        if (m_rows.contains(uid))
            rows << m_rows.value(uid);
    if (rows.isEmpty())
        return {};
    std::sort(rows.begin(), rows.end());
    QVector<TakenItem> taken;
    taken.reserve(rows.size());
    for (int row : rows) {
        QueueItem &it = m_items[row];
        --m_counts[size_t(it.state)];
        if (it.isMemory())
            m_memoryHashes.remove(QCryptographicHash::hash(it.input.data, QCryptographicHash::Sha1));
        TakenItem t{row, it};
        t.item.result = QImage(); // a card that comes back shows its output file's thumbnail
        taken.append(std::move(t));
    }
    for (int row : rows)
        m_resultBytes -= m_items[row].result.sizeInBytes();
    m_completionOrder.removeIf([&](quint64 uid) { return gone.contains(uid); });
    if (rows.size() > 64) {
        // Thousands of rows one by one would be quadratic: filter once and reset the views.
        beginResetModel();
        m_items.removeIf([&](const QueueItem &it) { return gone.contains(it.uid); });
        endResetModel();
    } else {
        for (auto row = rows.crbegin(); row != rows.crend(); ++row) {
            beginRemoveRows({}, *row, *row);
            m_items.removeAt(*row);
            endRemoveRows();
        }
    }
    // The identities are rebuilt from the survivors, so a removed file can be added again.
    rebuildRows();
    emit countsChanged();
    return taken;
}

bool QueueModel::canRestore(const QueueItem &it) const
{
    if (m_rows.contains(it.uid))
        return false; // there already
    if (it.isMemory())
        return !m_memoryHashes.contains(QCryptographicHash::hash(it.input.data, QCryptographicHash::Sha1));
    return !fileQueued(it.input);
}

// Whether `path` names the file (device, inode) now.
static bool namesFile(const QByteArray &path, const QPair<quint64, quint64> &id)
{
    struct stat st;
    return ::stat(path.constData(), &st) == 0 && quint64(st.st_dev) == id.first && quint64(st.st_ino) == id.second;
}

bool QueueModel::fileQueued(const InputItem &input) const
{
    if (m_paths.contains(input.path))
        return true;
    const QPair<quint64, quint64> id{input.device, input.inode};
    if (input.inode == 0 || !m_fileIds.contains(id))
        return false;
    // The same file under another name (a hard link), only while both names lead to it: a queued
    // file deleted since leaves its inode number to the next file made, and a new photo was left
    // out as "in the queue already" (the soak QA pass: 1 of 19 new copies; an undo of a cleared
    // queue said 197 of 200 deleted images were "in the queue again").
    if (!namesFile(input.path, id))
        return false;
    for (auto it = m_fileIds.constFind(id); it != m_fileIds.cend() && it.key() == id; ++it) {
        const auto row = m_rows.constFind(it.value());
        if (row == m_rows.cend() || namesFile(m_items[*row].input.path, id))
            return true; // (not in a row yet: added by this addFiles(), its file just scanned)
    }
    return false;
}

QList<quint64> QueueModel::restore(const QVector<TakenItem> &taken)
{
    QVector<TakenItem> back;
    bool lost = false;
    for (const TakenItem &t : taken) {
        if (canRestore(t.item))
            back.append(t);
        else
            lost = lost || !m_rows.contains(t.item.uid);
    }
    std::stable_sort(back.begin(), back.end(), [](const TakenItem &a, const TakenItem &b) { return a.row < b.row; });
    QList<quint64> uids;
    for (const TakenItem &t : std::as_const(back)) {
        uids << t.item.uid;
        ++m_counts[size_t(t.item.state)];
        if (t.item.isMemory())
            m_memoryHashes.insert(QCryptographicHash::hash(t.item.input.data, QCryptographicHash::Sha1));
    }
    // Each at the row it had, counted among the items there now: in order, as they were, when
    // nothing else changed since.
    if (back.size() > 64) {
        beginResetModel();
        QVector<QueueItem> merged;
        merged.reserve(m_items.size() + back.size());
        int next = 0;
        for (QueueItem &it : m_items) {
            while (next < back.size() && back[next].row <= merged.size())
                merged.append(back[next++].item);
            merged.append(std::move(it));
        }
        while (next < back.size())
            merged.append(back[next++].item);
        m_items = std::move(merged);
        rebuildRows();
        endResetModel();
    } else {
        for (const TakenItem &t : std::as_const(back)) {
            const int row = std::min(t.row, int(m_items.size()));
            beginInsertRows({}, row, row);
            m_items.insert(row, t.item);
            rebuildRows();
            endInsertRows();
        }
    }
    QList<int> rows;
    for (quint64 uid : std::as_const(uids))
        rows << rowOf(uid);
    reviveMadeRows(rows); // the presets or the folder may have changed back meanwhile
    emit countsChanged();
    if (lost)
        emit itemsRemoved();
    return uids;
}

void QueueModel::clear()
{
    beginResetModel();
    m_items.clear();
    m_rows.clear();
    m_fileIds.clear();
    m_paths.clear();
    m_memoryHashes.clear();
    m_completionOrder.clear();
    m_withResult.clear();
    m_resultBytes = 0;
    m_counts = {};
    endResetModel();
    emit countsChanged();
    emit itemsRemoved();
}

void QueueModel::rebuildRows()
{
    m_rows.clear();
    for (int i = 0; i < m_items.size(); ++i)
        m_rows.insert(m_items[i].uid, i);
    m_fileIds.clear();
    m_paths.clear();
    for (const QueueItem &it : m_items) {
        if (it.input.hasFile())
            m_paths.insert(it.input.path);
        if (it.input.inode != 0)
            m_fileIds.insert({it.input.device, it.input.inode}, it.uid);
    }
}

void QueueModel::changed(int row)
{
    const QModelIndex i = index(row);
    emit dataChanged(i, i);
}

void QueueModel::setState(QueueItem &it, ItemState s)
{
    --m_counts[size_t(it.state)];
    ++m_counts[size_t(s)];
    it.state = s;
}

void QueueModel::keepResult(int row, const QImage &image)
{
    // Workers send it premultiplied, as painting wants it: nothing to convert on this thread.
    m_items[row].result = image;
    if (image.isNull())
        return;
    m_resultBytes += image.sizeInBytes();
    m_withResult.push_back(m_items[row].uid);
    while (m_resultBytes > kResultBudgetBytes && m_withResult.size() > 1) {
        const int old = rowOf(m_withResult.front());
        m_withResult.pop_front();
        if (old < 0 || m_items[old].result.isNull())
            continue;
        m_resultBytes -= m_items[old].result.sizeInBytes();
        m_items[old].result = QImage(); // the view falls back to a thumbnail of the output file
        changed(old);
    }
}

void QueueModel::assignPreset(const QList<quint64> &uids, const QString &preset)
{
    const QList<quint64> targets = uids.isEmpty() ? this->uids() : uids;
    QList<int> rows;
    for (quint64 uid : targets) {
        const int row = rowOf(uid);
        if (row < 0 || m_items[row].preset == preset)
            continue;
        m_items[row].preset = preset;
        changed(row);
        rows << row;
    }
    reviveMadeRows(rows);
}

void QueueModel::forgetPreset(const QString &preset) { renamePreset(preset, {}); }

void QueueModel::renamePreset(const QString &from, const QString &to)
{
    QList<int> rows;
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items[row].preset.compare(from, Qt::CaseInsensitive) == 0) {
            m_items[row].preset = to;
            changed(row);
            rows << row;
        }
    }
    reviveMadeRows(rows);
}

void QueueModel::setRanWith(const QList<quint64> &uids, const QByteArray &key, const QString &folder)
{
    for (quint64 uid : uids)
        if (const int row = rowOf(uid); row >= 0) {
            m_items[row].ranWith = key;
            m_items[row].ranInto = folder;
        }
}

void QueueModel::presetsChanged()
{
    if (m_items.isEmpty())
        return;
    emit dataChanged(index(0), index(int(m_items.size()) - 1), {StatusTextRole, PresetRole, OutdatedRole});
    QList<int> rows;
    for (int row = 0; row < m_items.size(); ++row)
        if (!m_items[row].made.isEmpty())
            rows << row;
    reviveMadeRows(rows);
}

void QueueModel::rememberMade(QueueItem &it, const BatchEvent &e)
{
    if (it.ranWith.isEmpty())
        return; // not started by a session: nothing says what it was made with
    MadeResult made{it.ranWith, it.ranInto, it.output, it.sourceSize, it.outputSize, it.reason, {}};
    if (e.outputs.isEmpty())
        made.files.append({e.output, e.bytes});
    for (const BatchOutput &o : e.outputs)
        made.files.append({o.path, o.bytes});
    it.made.removeIf([&](const MadeResult &m) { return m.ranWith == it.ranWith && m.ranInto == it.ranInto; });
    it.made.append(std::move(made));
    if (it.made.size() > kMadeResults)
        it.made.removeFirst();
}

// Its file is no longer as it was when it was added (size or mtime): a result made of it may be of
// an older content. An edit between adding and Start makes a result of the new content that is then
// not taken back either: made again, at worst, never shown stale. A file gone keeps its results.
static bool sourceChanged(const QueueItem &it)
{
    struct stat st;
    if (!it.input.hasFile() || it.modifiedNs == 0 || ::stat(it.input.path.constData(), &st) != 0)
        return false;
    return st.st_size != it.bytes || modifiedNs(st) != it.modifiedNs;
}

bool QueueModel::reviveMade(int row)
{
    QueueItem &it = m_items[row];
    // Queued and processing items may be a running batch's: it alone changes them.
    if (it.made.isEmpty() || !m_outdated || it.state == ItemState::Queued || it.state == ItemState::Processing)
        return false;
    if (it.state == ItemState::Done && !isOutdated(it))
        return false;
    QueueItem probe = it;
    probe.ranWith = QByteArrayLiteral("-"); // settings no preset has
    if (m_outdated(probe) == Outdated::No)
        return false; // its preset is gone: nothing to compare with
    for (auto made = it.made.crbegin(); made != it.made.crend(); ++made) {
        probe.ranWith = made->ranWith;
        probe.ranInto = made->ranInto;
        if (m_outdated(probe) != Outdated::No)
            continue;
        // Still there as it was written (the size it had; a later run of another preset with the
        // "overwrite" policy may have replaced it). An image whose output is gone is made again.
        const bool there = std::all_of(made->files.cbegin(), made->files.cend(), [](const auto &file) {
            const QFileInfo info(QFile::decodeName(file.first));
            return info.isFile() && (file.second <= 0 || info.size() == file.second);
        });
        if (!there || sourceChanged(it))
            return false; // one result per settings and folder: no other matches
        const bool counts = it.state != ItemState::Done || it.outputGone;
        setState(it, ItemState::Done);
        it.outputGone = false;
        it.worker = -1;
        it.step = it.steps = 0;
        it.code = proto::FailureCode::Unknown;
        it.output = made->output;
        it.sourceSize = made->sourceSize;
        it.outputSize = made->outputSize;
        it.reason = made->reason;
        it.ranWith = made->ranWith;
        it.ranInto = made->ranInto;
        m_resultBytes -= it.result.sizeInBytes();
        it.result = QImage(); // the view shows the output file's thumbnail
        changed(row);
        return counts;
    }
    return false;
}

bool QueueModel::outputsGone(const QueueItem &it)
{
    if (it.state != ItemState::Done)
        return false;
    for (const MadeResult &made : it.made)
        if (made.ranWith == it.ranWith && made.ranInto == it.ranInto)
            return std::any_of(made.files.cbegin(), made.files.cend(), [](const auto &file) {
                struct stat st;
                return !file.first.isEmpty() && ::lstat(file.first.constData(), &st) != 0 && errno == ENOENT;
            });
    return false;
}

int QueueModel::recheckOutputs(int from, int count)
{
    const int end = std::min(int(m_items.size()), from + count);
    bool counts = false;
    for (int row = std::max(0, from); row < end; ++row) {
        QueueItem &it = m_items[row];
        const bool gone = it.state == ItemState::Done && outputsGone(it);
        if (gone == it.outputGone)
            continue;
        it.outputGone = gone;
        changed(row);
        counts = true;
    }
    if (counts)
        emit countsChanged();
    return end;
}

void QueueModel::reviveMadeRows(const QList<int> &rows)
{
    bool counts = false;
    for (int row : rows)
        counts |= reviveMade(row);
    if (counts)
        emit countsChanged();
}

void QueueModel::resetForRun(const QList<quint64> &uids)
{
    const QSet<quint64> again(uids.begin(), uids.end());
    m_completionOrder.removeIf([&](quint64 uid) { return again.contains(uid); });
    for (quint64 uid : uids) {
        const int row = rowOf(uid);
        if (row < 0)
            continue;
        QueueItem &it = m_items[row];
        setState(it, ItemState::Queued);
        it.worker = -1;
        it.step = it.steps = 0;
        it.reason = FailureText::shown(it.input.problem);
        it.output.clear();
        it.outputSize = {};
        m_resultBytes -= it.result.sizeInBytes();
        it.result = {};
        changed(row);
    }
    emit countsChanged();
}

void QueueModel::applyEvent(quint64 uid, const BatchEvent &e, const Preset *preset)
{
    const int row = rowOf(uid);
    if (row < 0)
        return; // removed meanwhile
    QueueItem &it = m_items[row];
    bool completed = false;
    switch (e.kind) {
    case BatchEvent::Kind::Started:
        setState(it, ItemState::Processing);
        it.worker = e.worker;
        it.step = 0;
        break;
    case BatchEvent::Kind::Progress:
        setState(it, ItemState::Processing);
        it.step = e.step;
        it.steps = e.steps;
        break;
    case BatchEvent::Kind::Finished:
        setState(it, ItemState::Done);
        it.outputGone = false;
        it.output = e.output;
        it.reason = FailureText::shown(e.reason); // a warning, if any
        it.sourceSize = QSize(e.sourceWidth, e.sourceHeight);
        it.outputSize = QSize(e.width, e.height);
        rememberMade(it, e);
        keepResult(row, toImage(e.preview));
        completed = true;
        if (e.outputs.isEmpty())
            emit outputWritten(e.output);
        for (const BatchOutput &o : e.outputs)
            if (!o.existing)
                emit outputWritten(o.path);
        break;
    case BatchEvent::Kind::Skipped:
        setState(it, ItemState::Skipped);
        it.code = e.code;
        it.output = e.output;
        it.reason = FailureText::shown(e.reason);
        completed = true;
        break;
    case BatchEvent::Kind::Failed:
        setState(it, ItemState::Failed);
        it.reason = FailureText::of(e.reason, preset);
        it.code = e.code;
        completed = true;
        break;
    }
    changed(row);
    if (completed) {
        m_completionOrder.append(uid);
        emit itemCompleted(uid);
        emit countsChanged();
    }
}

void QueueModel::markCancelled(quint64 uid, const QString &reason)
{
    const int row = rowOf(uid);
    if (row < 0)
        return;
    QueueItem &it = m_items[row];
    setState(it, ItemState::Cancelled);
    it.reason = reason;
    it.code = proto::FailureCode::Cancelled;
    it.worker = -1;
    changed(row);
    emit countsChanged();
}

const QueueItem *QueueModel::item(quint64 uid) const
{
    const int row = rowOf(uid);
    return row < 0 ? nullptr : &m_items[row];
}

QList<quint64> QueueModel::uids() const
{
    QList<quint64> out;
    out.reserve(m_items.size());
    for (const QueueItem &it : m_items)
        out << it.uid;
    return out;
}

QList<quint64> QueueModel::uidsInState(ItemState s) const
{
    QList<quint64> out;
    for (const QueueItem &it : m_items)
        if (it.state == s)
            out << it.uid;
    return out;
}

} // namespace pp::gui
