#include "BatchSession.h"

#include "EarlierOutputs.h"
#include "FailureText.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>
#include <QTimer>

namespace pp::gui {

QByteArray presetSettingsKey(const Preset &preset)
{
    QJsonObject json = preset.toJson();
    json.remove("name");
    json.remove("description");
    return QCryptographicHash::hash(QJsonDocument(json).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256);
}

QString outputFolderOf(const QString &presetFolder, const QString &windowFolder)
{
    return QDir(presetFolder.isEmpty() ? windowFolder : presetFolder).absolutePath();
}

namespace {

// Those of `uids` that are outputs an earlier run wrote into `outputDir` of another image of the
// queue (done or not), as --batch leaves out those of another input (leaveOutEarlierOutputs()):
// a folder dropped again with the outputs a run made in it (the output folder is the photos'
// folder) had each output made anew of its earlier output, every run more files.
QSet<quint64> earlierOutputs(const QueueModel &model, const QList<quint64> &uids, const Preset &preset,
                             const QString &outputDir)
{
    ScanResult scan;
    QHash<QByteArray, quint64> uidOf;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QueueItem &item = model.itemAt(row);
        scan.items << item.input;
        if (item.input.hasFile())
            uidOf.insert(item.input.path, item.uid);
    }
    QStringList names;
    for (const PresetOutput &o : preset.targets())
        names << o.name;
    leaveOutEarlierOutputs(&scan, names, QFile::encodeName(outputDir));
    const QSet<quint64> asked(uids.cbegin(), uids.cend());
    QSet<quint64> left;
    for (const SkippedInput &s : std::as_const(scan.skipped))
        if (const quint64 uid = uidOf.value(s.path); asked.contains(uid))
            left.insert(uid);
    return left;
}

} // namespace

BatchSession::BatchSession(JobRunner *pool, QueueModel *model, PresetLookup lookup, QObject *parent)
    : QObject(parent), m_pool(pool), m_model(model), m_lookup(std::move(lookup))
{
    qRegisterMetaType<pp::gui::SessionSummary>();
}

BatchSession::~BatchSession()
{
    // Destroyed while running (the window closes): stop the jobs so the pool is free.
    if (m_running && !m_cancelled)
        for (Group &g : m_groups)
            if (g.runner && !g.finished)
                g.runner->cancel();
}

bool BatchSession::start(const QList<quint64> &uids, const QString &defaultPreset, const QString &outputDir,
                         QString *error)
{
    if (m_running) {
        *error = tr("a batch is already running");
        return false;
    }
    if (uids.isEmpty()) {
        *error = tr("there is nothing to process");
        return false;
    }
    // Group by preset, keeping the queue order inside each group.
    QHash<QString, int> groupOf;
    QVector<Group> groups;
    QHash<QString, Preset> presets;
    for (quint64 uid : uids) {
        const QueueItem *it = m_model->item(uid);
        if (!it)
            continue;
        const QString name = it->preset.isEmpty() ? defaultPreset : it->preset;
        const QString key = name.toLower();
        if (!groupOf.contains(key)) {
            const std::optional<Preset> p = m_lookup(name);
            if (!p) {
                *error = tr("the preset \"%1\" does not exist (any more)").arg(name);
                return false;
            }
            const Message templateError = OutputPlanner::validateTemplate(p->output.nameTemplate);
            if (!templateError.isEmpty()) {
                *error = tr("preset \"%1\": %2").arg(name, FailureText::shown(templateError));
                return false;
            }
            groupOf.insert(key, int(groups.size()));
            groups.append({p->name, {}, {}, nullptr, false});
            presets.insert(key, *p);
        }
        groups[groupOf.value(key)].uids << uid;
    }

    // Each output folder once, before anything runs (as --batch does): an unusable one is named
    // here instead of failing every image with "cannot create a file in the output folder".
    QStringList checked;
    for (const Group &g : std::as_const(groups)) {
        const Preset &preset = presets[g.presetName.toLower()];
        const QString dir = preset.output.folder.isEmpty() ? outputDir : preset.output.folder;
        if (checked.contains(dir))
            continue;
        checked << dir;
        if (const Message why = OutputPlanner::checkOutputFolder(dir, false); !why.isEmpty()) { // made by the runner
            *error = FailureText::shown(why);
            return false;
        }
    }

    for (Group &old : m_groups)
        if (old.runner)
            old.runner->deleteLater();
    m_groups = groups;
    m_allUids = uids;
    m_summary = {};
    m_workersUsed.clear();
    m_total = int(uids.size());
    m_completed = m_doneCount = m_failedCount = m_skippedCount = m_cancelledCount = m_worked = 0;
    m_cancelled = m_paused = false;
    m_pausedNs = 0;
    m_running = true;
    m_clock.start();
    m_model->resetForRun(uids);

    // All groups start at once: their jobs queue in the pool one after the other, so workers
    // never wait between presets and the queue order is kept.
    QVector<QPair<int, QVector<InputItem>>> starts;
    // Every group's files, as they are when the batches plan (a file saved by an editor since it
    // was queued is another file): no preset's output takes the place of another's input. The
    // runners look them up in slices between events before they plan their first output.
    const auto sources = std::make_shared<SourceFiles>();
    // Presets that write into one folder never give two outputs one name (each plans its own
    // names, and none would know the others' before they are written).
    const auto taken = std::make_shared<TakenNames>();
    for (int g = 0; g < m_groups.size(); ++g) {
        Group &group = m_groups[g];
        group.preset = presets.value(group.presetName.toLower());
        const Preset &preset = group.preset;
        const QString dir = preset.output.folder.isEmpty() ? outputDir : preset.output.folder;
        const QString absDir = outputFolderOf(preset.output.folder, outputDir);
        if (!m_summary.outputDirs.contains(absDir))
            m_summary.outputDirs << absDir;
        m_model->setRanWith(group.uids, presetSettingsKey(preset), absDir);
        // Never planned: each is skipped at once, its photo's output finds it in its place.
        const QSet<quint64> earlier = earlierOutputs(*m_model, group.uids, preset, absDir);
        for (quint64 uid : std::as_const(group.uids)) { // in the queue's order
            if (!earlier.contains(uid))
                continue;
            BatchEvent e;
            e.kind = BatchEvent::Kind::Skipped;
            e.input = m_model->item(uid)->input.path;
            e.reason = Message(MessageId::EarlierOutputOfQueued);
            m_model->applyEvent(uid, e, &preset);
            ++m_completed;
            ++m_skippedCount;
            ++m_summary.skipped;
            ++m_summary.earlierOutputs;
        }
        group.uids.removeIf([&](quint64 uid) { return earlier.contains(uid); });
        if (group.uids.isEmpty()) { // only outputs of one another (their origins forged): nothing to run
            group.finished = true;
            continue;
        }
        group.runner = new BatchRunner(m_pool, preset, dir, this);
        group.runner->setPreviewMax(m_resultThumbnail);
        group.runner->setSources(sources);
        group.runner->setTakenNames(taken);
        connect(group.runner, &BatchRunner::event, this, [this, g](const BatchEvent &e) { onEvent(g, e); });
        connect(group.runner, &BatchRunner::finished, this,
                [this, g](const BatchSummary &s) { onGroupFinished(g, s); });
        QVector<InputItem> items;
        items.reserve(group.uids.size());
        for (quint64 uid : group.uids) {
            const InputItem &input = m_model->item(uid)->input;
            items << input; // an image without a file carries its bytes
            if (input.hasFile())
                sources->addLater(input.path);
        }
        starts.append({g, std::move(items)});
    }
    // BatchRunner::start may report items that fail planning at once (synchronously), so the
    // counters above must be ready before the first start.
    for (const auto &s : starts)
        m_groups[s.first].runner->start(s.second);
    emit progressChanged();
    if (starts.isEmpty()) // every group left out whole: finished, once the caller has its answer
        QTimer::singleShot(0, this, [this] {
            if (m_running)
                finish();
        });
    return true;
}

void BatchSession::onEvent(int group, const BatchEvent &e)
{
    const Group &g = m_groups[group];
    if (e.index < 0 || e.index >= g.uids.size())
        return;
    const quint64 uid = g.uids[e.index];
    if (e.kind == BatchEvent::Kind::Started)
        m_workersUsed.insert(e.worker); // as BatchRunner counts its BatchSummary::workers
    const bool completes = e.kind == BatchEvent::Kind::Finished || e.kind == BatchEvent::Kind::Failed ||
                           e.kind == BatchEvent::Kind::Skipped;
    const bool cancelled = e.kind == BatchEvent::Kind::Failed && e.code == proto::FailureCode::Cancelled;
    if (cancelled) {
        if (m_model)
            m_model->markCancelled(uid, tr("cancelled"));
    } else if (m_model) {
        m_model->applyEvent(uid, e, &g.preset);
    }
    if (cancelled) { // never processed: not progress, and not in the rate
        ++m_cancelledCount;
        emit progressChanged();
    } else if (completes) {
        ++m_completed;
        m_doneCount += e.kind == BatchEvent::Kind::Finished;
        m_failedCount += e.kind == BatchEvent::Kind::Failed;
        m_skippedCount += e.kind == BatchEvent::Kind::Skipped;
        m_worked += tookAWorker(e);
        emit progressChanged();
    }
}

void BatchSession::onGroupFinished(int group, const BatchSummary &s)
{
    Group &g = m_groups[group];
    g.finished = true;
    for (const BatchEvent &e : s.results) {
        if (e.index < 0 || e.index >= g.uids.size())
            continue;
        const quint64 uid = g.uids[e.index];
        m_summary.worked += tookAWorker(e);
        switch (e.kind) {
        case BatchEvent::Kind::Finished:
            ++m_summary.done;
            m_summary.nameTaken += e.nameTaken;
            if (!e.reason.isEmpty()) {
                const QueueItem *it = m_model ? m_model->item(uid) : nullptr;
                m_summary.warnings.append(
                    {uid, it ? it->name : shownPath(e.input), FailureText::shown(e.reason), shownPath(e.input)});
            }
            break;
        case BatchEvent::Kind::Skipped:
            ++m_summary.skipped;
            break;
        case BatchEvent::Kind::Failed:
            if (e.code == proto::FailureCode::Cancelled) {
                ++m_summary.cancelledItems;
                m_summary.cancelledUids << uid;
            } else {
                ++m_summary.failed;
                const QueueItem *it = m_model ? m_model->item(uid) : nullptr;
                m_summary.failures.append({uid, it ? it->name : shownPath(e.input),
                                           FailureText::of(e.reason, &g.preset), shownPath(e.input)});
            }
            break;
        default:
            break;
        }
    }
    m_summary.workersReplaced = std::max(m_summary.workersReplaced, s.workersReplaced);
    for (const Group &other : m_groups)
        if (!other.finished)
            return;
    finish();
}

void BatchSession::finish()
{
    if (m_paused) {
        m_pausedNs += m_pauseClock.nsecsElapsed();
        m_paused = false;
        m_pool->setPaused(false); // the pool is shared: never leave it paused
    }
    m_summary.total = m_total;
    m_summary.seconds = elapsedSeconds();
    m_summary.cancelled = m_cancelled;
    m_summary.workers = int(m_workersUsed.size());
    m_running = false;
    for (const Group &g : std::as_const(m_groups)) // all ended: none writes into another's folders now
        if (g.runner)
            g.runner->removeEmptyFoldersMade();
    emit progressChanged();
    emit finished(m_summary);
}

void BatchSession::setPaused(bool paused)
{
    if (!m_running || paused == m_paused)
        return;
    m_paused = paused;
    if (paused)
        m_pauseClock.start();
    else
        m_pausedNs += m_pauseClock.nsecsElapsed();
    m_pool->setPaused(paused);
    emit progressChanged();
}

void BatchSession::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    if (m_paused)
        setPaused(false); // running jobs must be told; queued ones are dropped anyway
    for (Group &g : m_groups)
        if (g.runner && !g.finished)
            g.runner->cancel();
    emit progressChanged();
}

bool BatchSession::runsOtherSettingsOf(const Preset &saved) const
{
    if (!m_running)
        return false;
    for (const Group &g : m_groups)
        if (!g.finished && g.presetName.compare(saved.name, Qt::CaseInsensitive) == 0 &&
            presetSettingsKey(g.preset) != presetSettingsKey(saved))
            return true;
    return false;
}

double BatchSession::elapsedSeconds() const
{
    if (!m_clock.isValid())
        return 0;
    qint64 ns = m_clock.nsecsElapsed() - m_pausedNs;
    if (m_paused)
        ns -= m_pauseClock.nsecsElapsed();
    return std::max<qint64>(0, ns) / 1e9;
}

double BatchSession::imagesPerSecond() const
{
    const double s = elapsedSeconds();
    return s > 0.05 ? m_worked / s : 0;
}

double BatchSession::etaSeconds() const
{
    const double rate = imagesPerSecond();
    if (m_worked == 0 || rate <= 0)
        return -1;
    return std::max(0, m_total - m_completed - m_cancelledCount) / rate;
}

} // namespace pp::gui
