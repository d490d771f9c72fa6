#include "BatchRunner.h"

#include "OutputPlanner.h"
#include "SharedMemory.h"

#include <QJsonDocument>
#include <QTimer>
#include <algorithm>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {

const char *eventName(BatchEvent::Kind k)
{
    switch (k) {
    case BatchEvent::Kind::Started:
        return "started";
    case BatchEvent::Kind::Progress:
        return "progress";
    case BatchEvent::Kind::Finished:
        return "finished";
    case BatchEvent::Kind::Skipped:
        return "skipped";
    case BatchEvent::Kind::Failed:
        return "failed";
    }
    return "?";
}

Message failureMessage(proto::FailureCode code, const QString &detail)
{
    using F = proto::FailureCode;
    switch (code) {
    case F::Cancelled:
        return {MessageId::Cancelled, {detail}};
    case F::Unknown:
        break;
    case F::CannotRead:
        return {MessageId::FailedCannotRead, {detail}};
    case F::Unsupported:
        return {MessageId::FailedUnsupported, {detail}};
    case F::TooLarge:
        return {MessageId::FailedTooLarge, {detail}};
    case F::Corrupt:
        return {MessageId::FailedCorrupt, {detail}};
    case F::Processing:
        return {MessageId::FailedProcessing, {detail}};
    case F::CannotWrite:
        return {MessageId::FailedCannotWrite, {detail}};
    case F::OutputExists:
        return {MessageId::FailedOutputExists, {detail}};
    case F::OutOfMemory:
        return {MessageId::FailedOutOfMemory, {detail}};
    case F::WorkerCrashed:
        return {MessageId::FailedWorkerCrashed, {detail}};
    case F::TimedOut:
        return {MessageId::FailedTimedOut, {detail}};
    case F::WorkerMisbehaved:
        return {MessageId::FailedWorkerMisbehaved, {detail}};
    case F::WorkersCannotStart:
        return {MessageId::FailedWorkersCannotStart, {detail}};
    }
    return {MessageId::FailedUnknown, {detail}};
}

namespace {
BatchEvent cancelledEvent()
{
    BatchEvent e;
    e.kind = BatchEvent::Kind::Failed;
    e.code = proto::FailureCode::Cancelled;
    e.reason = failureMessage(e.code, QString::fromLatin1(proto::failureCodeName(e.code)));
    return e;
}

BatchEvent cannotWrite(const Message &why)
{
    BatchEvent e;
    e.kind = BatchEvent::Kind::Failed;
    e.code = proto::FailureCode::CannotWrite;
    e.reason = why;
    return e;
}

bool isFolder(const QByteArray &path)
{
    struct stat st;
    return ::stat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Whether `dir` is gone (no longer there, or no longer a folder), and why. A folder that is there
// but cannot be read (its permissions) is not gone: its images fail each with their reason.
bool isGone(const QByteArray &dir, int *err)
{
    struct stat st;
    if (::stat(dir.constData(), &st) == 0) {
        *err = ENOTDIR;
        return !S_ISDIR(st.st_mode);
    }
    *err = errno;
    return errno == ENOENT || errno == ENOTDIR;
}

// The highest folder above an input file that is gone, with why (empty: its folder is there).
QByteArray goneFolderOf(const QByteArray &path, Message *why)
{
    qsizetype slash = path.lastIndexOf('/');
    while (slash > 0 && path.at(slash - 1) == '/')
        --slash; // "in//a.jpg"
    if (slash <= 0)
        return {}; // in the working folder, or in /
    QByteArray dir = path.left(slash);
    int err = 0;
    if (!isGone(dir, &err))
        return {};
    for (qsizetype up = dir.lastIndexOf('/'); up > 0; up = dir.lastIndexOf('/')) {
        const QByteArray parent = dir.left(up);
        int parentErr = 0;
        if (parent.endsWith('/') || !isGone(parent, &parentErr))
            break;
        dir = parent;
        err = parentErr;
    }
    *why = errnoMessage(err);
    return dir;
}

// A worker's "cannot write the output: no space left on the device (disk full)" said where: the
// worker writes to a file it was handed and knows no folder, and a batch's outputs may lie in many
// (a preset's "{folder}/web"), on disks of their own. A preset with several outputs has the worker
// name the one that failed ('output "web": …'), in the order of `outputs` and of `temps`. Other
// words are kept as they came.
Message namingTheFolder(const Message &said, QString detail, const QList<QByteArray> &temps,
                        const QVector<PresetOutput> &outputs)
{
    qsizetype k = -1; // none named: the folder that holds every output's
    QString name;
    for (qsizetype i = 0; i < outputs.size() && name.isEmpty(); ++i) {
        const QString prefix = QStringLiteral("output \"%1\": ").arg(outputs[i].name);
        if (detail.startsWith(prefix)) {
            k = i;
            name = outputs[i].name;
            detail.remove(0, prefix.size());
        }
    }
    const char *templ = nullptr;
    Message error;
    if (temps.isEmpty() || k >= temps.size() || !parseWorkerErrnoDetail(detail, &templ, &error))
        return said;
    QByteArray holding = folderOf(temps[std::max<qsizetype>(k, 0)]);
    for (const QByteArray &temp : temps)
        while (k < 0 && !holding.isEmpty() && holding != "/" && !liesBelow(temp, holding))
            holding = folderOf(holding);
    const QString folder = displayPath(holding);
    const auto is = [templ](WorkerErrnoDetail what) { return qstrcmp(templ, workerErrnoDetailTemplate(what)) == 0; };
    Message where;
    if (is(WorkerErrnoDetail::CannotWriteOutput))
        where = {MessageId::OutputNotWrittenIn, {folder}, {error}};
    else if (is(WorkerErrnoDetail::CannotCreateOutput))
        where = {MessageId::OutputNotCreatedIn, {folder}, {error}};
    else
        return said;
    return name.isEmpty() ? where : Message(MessageId::OfOutput, {name}, {where});
}
} // namespace

const Message *BatchRunner::lostFolderHolding(const QList<QByteArray> &tempPaths) const
{
    for (const QByteArray &temp : tempPaths)
        for (const auto &[folder, why] : m_lostFolders)
            if (liesBelow(temp, folder))
                return &why;
    return nullptr;
}

bool BatchRunner::findLostFolder(const QList<QByteArray> &folders, QByteArray *folder, Message *why) const
{
    // The folders as they are now. A full disk, a name too long, a worker's own trouble: the
    // folder is fine, and the image failed alone.
    const QByteArray root = m_planner->rootFolder();
    if (m_planner->rootReplaced()) { // every folder of the batch lies in it
        *folder = root;
        *why = {MessageId::OutputFolderReplaced, {displayPath(root)}};
        return true;
    }
    for (QByteArray dir : folders) {
        if (!isFolder(dir)) {
            // The highest folder that went, up to the output folder itself: removed or moved away.
            while (dir.size() > root.size() && !isFolder(folderOf(dir)))
                dir = folderOf(dir);
            *folder = dir;
            *why = {MessageId::OutputFolderGone, {displayPath(dir)}};
            return true;
        }
        // Its permissions taken away, its file system remounted read-only.
        const int err = ::access(dir.constData(), W_OK | X_OK) == 0 ? 0 : errno;
        if (err == EACCES || err == EPERM || err == EROFS) {
            *folder = dir;
            *why = {MessageId::OutputFolderNoLongerWritable, {displayPath(dir)}, {errnoMessage(err)}};
            return true;
        }
    }
    return false;
}

void BatchRunner::stopWritingTo(const QByteArray &folder, const Message &why)
{
    m_lostFolders.append({folder, why});
    QList<quint64> ids;
    for (auto it = m_tempPaths.cbegin(); it != m_tempPaths.cend(); ++it) {
        const int index = m_jobIndex.value(it.key(), -1);
        if (index >= 0 && !m_done[index] &&
            std::any_of(it->cbegin(), it->cend(), [&](const QByteArray &t) { return liesBelow(t, folder); }))
            ids << it.key();
    }
    if (ids.isEmpty())
        return;
    // Not sent yet, or queued: they fail now, undecoded.
    QList<quint64> taken = m_estimator->withdraw(QSet<quint64>(ids.cbegin(), ids.cend()));
    taken += m_runner->withdraw(ids);
    for (const quint64 id : std::as_const(taken))
        complete(m_jobIndex.value(id), cannotWrite(why));
    // Those a worker holds are asked to stop, as a cancel asks, and fail with the folder's reason
    // when they end (jobFailed). Before, each ran to its end first, a long one for seconds, its card
    // "Queued" while it waited behind the one the worker was on.
    const QSet<quint64> withdrawn(taken.cbegin(), taken.cend()); // not a list's search per job
    QList<quint64> held;
    for (const quint64 id : std::as_const(ids))
        if (!withdrawn.contains(id) && !m_done[m_jobIndex.value(id)]) {
            held << id;
            m_stoppedForFolder.insert(id, why);
        }
    if (!held.isEmpty())
        m_runner->cancel(held); // none is queued any more: withdrawn above
}

void BatchRunner::namedAtCommit(quint64 id, const proto::Finished &f, bool *shortened, QByteArray *replaced,
                                bool *taken) const
{
    const QList<QByteArray> patterns = m_latePatterns.value(id);
    for (int k = 0; k < patterns.size(); ++k) {
        if (patterns[k].isEmpty()) // a literal name
            continue;
        ResultNames names = ResultNames::from(f, needsDate(patterns[k])); // dated as committed
        if (k > 0 && k - 1 < f.moreOutputs.size()) {
            names.width = int(f.moreOutputs[k - 1].width);
            names.height = int(f.moreOutputs[k - 1].height);
        }
        names.windowsNames = m_planner->windowsNames();
        bool cut = false;
        const QByteArray wanted = fillLateName(patterns[k], names, &cut, replaced); // each character once
        *shortened |= cut;
        // Written elsewhere than the name filled in: numbered past a name that was taken, as the
        // planner's renamed says of a literal name.
        const bool written =
            k == 0 ? f.outcome == proto::Outcome::Written
                   : k - 1 < f.moreOutputs.size() && f.moreOutputs[k - 1].outcome == proto::Outcome::Written;
        const QByteArray &path = k == 0 ? f.outputPath : f.moreOutputs.value(k - 1).outputPath;
        *taken |= written && !path.isEmpty() && path != wanted;
    }
}

QVector<BatchOutput> BatchRunner::outputsOf(const proto::Finished &f) const
{
    QVector<BatchOutput> list;
    const auto add = [&](int k, proto::Outcome outcome, const QByteArray &path, quint32 w, quint32 h, quint64 bytes) {
        const bool existing = outcome == proto::Outcome::SkippedExisting;
        list.append({m_preset.outputs.value(k).name, path, existing ? 0 : int(w), existing ? 0 : int(h),
                     existing ? 0 : qint64(bytes), existing});
    };
    add(0, f.outcome, f.outputPath, f.width, f.height, f.bytes);
    for (int k = 0; k < f.moreOutputs.size(); ++k) {
        const proto::Finished::Output &o = f.moreOutputs[k];
        add(k + 1, o.outcome, o.outputPath, o.width, o.height, o.bytes);
    }
    return list;
}

BatchRunner::BatchRunner(JobRunner *runner, const Preset &preset, const QString &outputDir, QObject *parent)
    : QObject(parent), m_runner(runner), m_preset(preset), m_outputDir(outputDir)
{
}

void BatchRunner::start(const QVector<InputItem> &items)
{
    m_items = items;
    m_results = QVector<BatchEvent>(items.size());
    m_done = QVector<bool>(items.size(), false);
    m_running = true;
    m_clock.start();
    m_firstJobId = m_runner->reserveJobIds(int(items.size()));
    m_replacedAtStart = m_runner->workersReplaced();
    m_workersUsed.clear();

    auto inBatch = [this](quint64 id) { return m_jobIndex.contains(id); };
    m_connections << connect(m_runner, &JobRunner::jobStarted, this, [=, this](quint64 id, int worker, qint64 pid) {
        if (!inBatch(id))
            return;
        BatchEvent e;
        e.kind = BatchEvent::Kind::Started;
        e.index = m_jobIndex.value(id);
        e.input = m_items[e.index].path;
        e.worker = worker;
        e.pid = pid;
        m_workersUsed.insert(worker);
        emit event(e);
    });
    m_connections << connect(m_runner, &JobRunner::jobProgress, this, [=, this](quint64 id, int step, int steps) {
        if (!inBatch(id))
            return;
        BatchEvent e;
        e.kind = BatchEvent::Kind::Progress;
        e.index = m_jobIndex.value(id);
        e.input = m_items[e.index].path;
        e.step = step;
        e.steps = steps;
        emit event(e);
    });
    m_connections << connect(
        m_runner, &JobRunner::jobFinished, this,
        [=, this](quint64 id, const proto::Finished &f, const Preview &preview) {
            if (!inBatch(id))
                return;
            BatchEvent e;
            e.index = m_jobIndex.value(id);
            // Skipped when every output was there already (the commit kept them).
            bool skipped = f.outcome == proto::Outcome::SkippedExisting;
            for (const proto::Finished::Output &o : f.moreOutputs)
                skipped &= o.outcome == proto::Outcome::SkippedExisting;
            e.kind = skipped ? BatchEvent::Kind::Skipped : BatchEvent::Kind::Finished;
            e.output = f.outputPath;
            e.width = int(f.width);
            e.height = int(f.height);
            e.sourceWidth = int(f.sourceWidth);
            e.sourceHeight = int(f.sourceHeight);
            e.bytes = qint64(f.bytes);
            e.ms = (double(f.decodeUs) + f.processUs + f.encodeUs) / 1000.0;
            e.reason = e.kind == BatchEvent::Kind::Skipped ? Message(MessageId::OutputExists)
                       : f.warning.isEmpty()               ? Message()
                                                           : Message(MessageId::WorkerWarning, {f.warning});
            if (e.kind == BatchEvent::Kind::Skipped) {
                e.code = proto::FailureCode::OutputExists;
                e.madeThenSkipped = true; // the planner skips without a worker
            }
            e.preview = preview;
            if (m_preset.hasOutputs())
                e.outputs = outputsOf(f);
            e.nameShortened = m_shortened.contains(e.index);
            e.nameReplaced = m_replaced.value(e.index);
            bool taken = m_nameTaken.contains(e.index); // planned numbered, or numbered at commit
            namedAtCommit(id, f, &e.nameShortened, &e.nameReplaced, &taken);
            e.nameTaken = taken && e.kind == BatchEvent::Kind::Finished;
            if (e.nameShortened && e.kind == BatchEvent::Kind::Finished) {
                const Message shortened(MessageId::OutputNameShortened, {QString::number(kMaxNameBytes)});
                e.reason = e.reason.isEmpty() ? shortened : Message(MessageId::Warnings, {}, {shortened, e.reason});
            }
            complete(e.index, e);
        });
    m_connections << connect(
        m_runner, &JobRunner::jobFailed, this, [=, this](quint64 id, const JobFailure &f, int attempts) {
            if (!inBatch(id))
                return;
            BatchEvent e;
            e.index = m_jobIndex.value(id);
            e.kind = BatchEvent::Kind::Failed;
            // The front end's own words (a worker lost, the time limit, no worker can start) are
            // said whole in the user's language; a worker's words under the code's headline.
            e.reason = !f.words.isEmpty()
                           ? f.words
                           : failureMessage(f.code, f.message.isEmpty() ? QStringLiteral("failed") : f.message);
            e.code = f.code;
            e.attempts = attempts;
            const QList<QByteArray> temps = m_tempPaths.value(id); // removed by the runner already
            // A write that failed because its folder went (or refuses files now) says so, and is
            // the last one tried there.
            QByteArray lost;
            Message why;
            const auto stopped = m_stoppedForFolder.constFind(id);
            if (stopped != m_stoppedForFolder.cend() &&
                (f.code == proto::FailureCode::Cancelled || f.code == proto::FailureCode::CannotWrite)) {
                // Stopped by stopWritingTo, or its write failed there before the stop reached it.
                e.reason = *stopped;
                e.code = proto::FailureCode::CannotWrite;
            } else if (f.code == proto::FailureCode::CannotWrite) {
                QList<QByteArray> folders;
                for (const QByteArray &temp : temps)
                    folders << folderOf(temp);
                if (const Message *known = lostFolderHolding(temps))
                    e.reason = *known;
                else if (findLostFolder(folders, &lost, &why))
                    e.reason = why;
                else if (f.words.isEmpty())
                    e.reason = namingTheFolder(e.reason, f.message, temps, m_preset.outputs);
            }
            complete(e.index, e);
            if (!lost.isEmpty())
                stopWritingTo(lost, why);
        });
    m_connections << connect(m_runner, &JobRunner::fatal, this, [this](const Message &why) {
        if (m_estimator)
            m_estimator->takePending(); // failed below with the rest
        for (int i = 0; i < m_items.size(); ++i) {
            if (m_done[i])
                continue;
            BatchEvent e;
            e.kind = BatchEvent::Kind::Failed;
            e.code = proto::FailureCode::WorkersCannotStart;
            e.reason = why;
            complete(i, e);
        }
    });

    m_presetId = m_runner->registerPreset(QJsonDocument(m_preset.toJson()).toJson(QJsonDocument::Compact));
    RunIdentity tag; // unique temporary names for this batch
    m_planner = std::make_unique<OutputPlanner>(m_preset, m_outputDir, tag.prefix());
    m_planner->setShard(!m_positions.isEmpty());
    m_planner->foldersMadeForRoot(m_outputFoldersMade);
    if (m_taken)
        m_planner->setTakenNames(m_taken);
    if (!m_sources) {
        const std::shared_ptr<SourceFiles> sources = sourceFilesOf(m_wholeBatch.isEmpty() ? items : m_wholeBatch);
        for (const QByteArray &path : m_protected)
            sources->addName(path);
        m_sources = sources;
    }
    m_planner->setSources(m_sources);
    m_estimator = std::make_unique<CostEstimator>(m_runner, m_presetId);
    m_estimator->setTimeoutMs(m_probeTimeoutMs);
    m_nextToPlan = 0;
    m_nextToReserve = 0;
    if (m_sources->pending()) // the window's queue: looked up between events, not in its click
        QTimer::singleShot(0, this, &BatchRunner::planSome);
    else
        planSome();
}

void BatchRunner::planSome()
{
    // Plans and submits in slices of about 10 ms, so that a queue of 10,000 images never holds
    // the event loop (the window, the workers' messages) for long; workers start on the first
    // jobs meanwhile. Planning follows the input order (names, numbering); each slice is then
    // submitted costliest image first (CostEstimator: a worker reads the files' headers), so
    // that a heavy image does not start last and leave the other workers idle at the end of the
    // batch.
    const QDeadlineTimer slice(m_sliceMs);
    if (m_running && !m_cancelled && !m_sources->resolve(slice)) {
        QTimer::singleShot(0, this, &BatchRunner::planSome); // no output is planned before they are known
        return;
    }
    std::vector<CostEstimator::Item> ready;
    bool more = false;
    const int first = m_nextToPlan;
    while (m_running && !m_cancelled && m_nextToPlan < m_items.size()) {
        if (m_nextToPlan > first && ((m_nextToPlan - first) & 31) == 0 && slice.hasExpired()) {
            more = true;
            break;
        }
        const int i = m_nextToPlan++;
        const InputItem &item = m_items[i];
        const quint64 id = m_firstJobId + quint64(i);
        int position = i;
        if (!m_positions.isEmpty()) { // the other shards' inputs before this one take their names first
            position = m_positions[i];
            for (; m_nextToReserve < position; ++m_nextToReserve)
                m_planner->reserve(m_wholeBatch[m_nextToReserve], m_nextToReserve + 1);
            m_nextToReserve = position + 1;
        }
        if (!item.problem.isEmpty()) {
            if (!m_positions.isEmpty())
                m_planner->reserve(item, position + 1); // as the other shards do, not knowing
            BatchEvent e;
            e.kind = BatchEvent::Kind::Failed;
            e.reason = item.problem;
            e.code = proto::FailureCode::CannotRead;
            complete(i, e);
            continue;
        }
        // Every output of the image is planned; it is skipped only when every one is complete.
        QVector<PlannedOutput> planned;
        Message problem;
        proto::FailureCode problemCode = proto::FailureCode::CannotWrite;
        bool allExist = true, late = false;
        for (int k = 0; k < m_planner->outputCount(); ++k) {
            const PlannedOutput out = m_planner->plan(item, position + 1, id, {}, k);
            if (out.shortened)
                m_shortened.insert(i);
            if (out.renamed)
                m_nameTaken.insert(i);
            if (!out.replaced.isEmpty()) {
                QByteArray &chars = m_replaced[i];
                windowsName(out.replaced, &chars); // each once
            }
            late |= out.late;
            if (!out.error.isEmpty() && problem.isEmpty()) {
                problem = m_preset.hasOutputs() ? Message(MessageId::OfOutput, {m_preset.outputs[k].name}, {out.error})
                                                : out.error;
                problemCode = out.code;
            }
            allExist &= out.skipExisting;
            planned.append(out);
        }
        // An output folder replaced since (OutputFolderReplaced) holds files of that name too: the
        // image fails with the folder's reason rather than being skipped for them.
        if (problem.isEmpty() && !m_lostFolders.isEmpty()) {
            QList<QByteArray> temps;
            for (const PlannedOutput &out : planned)
                temps << out.tempPath;
            if (const Message *lost = lostFolderHolding(temps)) {
                problem = *lost;
                problemCode = proto::FailureCode::CannotWrite;
            }
        }
        if (!problem.isEmpty() || allExist) {
            BatchEvent e;
            e.kind = problem.isEmpty() ? BatchEvent::Kind::Skipped : BatchEvent::Kind::Failed;
            e.reason = problem.isEmpty() ? Message(MessageId::OutputExists) : problem;
            e.code = problem.isEmpty() ? proto::FailureCode::OutputExists : problemCode;
            e.output = problem.isEmpty() ? planned[0].pattern : QByteArray();
            e.nameShortened = problem.isEmpty() && m_shortened.contains(i);
            e.nameReplaced = problem.isEmpty() ? m_replaced.value(i) : QByteArray();
            if (problem.isEmpty() && m_preset.hasOutputs())
                for (int k = 0; k < planned.size(); ++k)
                    e.outputs.append({m_preset.outputs[k].name, planned[k].pattern, 0, 0, 0, true});
            complete(i, e);
            // The planner makes no folder in an output folder that went (OutputPlanner::ensureDir):
            // the batch stops writing there, as after a failed write.
            QByteArray lost;
            Message why;
            if (problemCode == proto::FailureCode::CannotWrite && !lostFolderHolding({m_planner->root()}) &&
                findLostFolder({m_planner->rootFolder()}, &lost, &why))
                stopWritingTo(lost, why);
            continue;
        }
        const PlannedOutput &out = planned[0];
        JobSpec spec;
        spec.id = id;
        spec.presetId = m_presetId;
        if (item.hasFile()) {
            spec.inputPath = item.path;
            spec.inputConfinement = item.confinement();
        } else {
            spec.inputKind = proto::InputKind::SharedMemory;
            spec.inputData = item.data;
        }
        spec.previewMax = m_previewMax;
        spec.outputPattern = out.pattern;
        spec.outputLate = out.late;
        spec.tempPath = out.tempPath;
        spec.outputRoot = m_planner->rootFolder();
        spec.outputRootId = m_planner->rootId();
        spec.overwrite = out.overwrite;
        spec.mayReplaceSource = m_preset.output.allowOverwriteSource;
        spec.keepFileTime = m_preset.output.keepFileTime;
        spec.sources = m_sources;
        spec.taken = m_planner->takenNames();
        spec.windowsNames = m_planner->windowsNames();
        for (const PlannedOutput &p : std::as_const(planned)) // one for all: the planner read the file once
            if (p.keptFormat != OutputFormat::Keep)
                spec.keptFormat = p.keptFormat;
        if (m_preset.hasOutputs()) {
            spec.outputName = m_preset.outputs[0].name;
            spec.mayReplaceSource = m_preset.outputs[0].output.allowOverwriteSource;
            spec.keepFileTime = m_preset.outputs[0].output.keepFileTime;
            for (int k = 1; k < planned.size(); ++k) {
                const OutputSettings &o = m_preset.outputs[k].output;
                spec.moreOutputs.append({m_preset.outputs[k].name, planned[k].pattern, planned[k].late,
                                         planned[k].tempPath, planned[k].overwrite, o.allowOverwriteSource,
                                         o.keepFileTime});
            }
        }
        m_jobIndex.insert(id, i);
        m_tempPaths.insert(id, spec.tempPaths());
        if (late) {
            QList<QByteArray> patterns;
            for (const PlannedOutput &p : std::as_const(planned))
                patterns << (p.late ? p.pattern : QByteArray());
            m_latePatterns.insert(id, patterns);
        }
        struct stat st;
        const qint64 size = !item.hasFile()                           ? item.data.size()
                            : ::stat(item.path.constData(), &st) == 0 ? qint64(st.st_size)
                                                                      : 0;
        ready.push_back({std::move(spec), size});
    }
    if (!ready.empty())
        m_estimator->add(std::move(ready));
    if (more)
        QTimer::singleShot(0, this, &BatchRunner::planSome);
    else
        maybeFinish();
}

void BatchRunner::complete(int index, BatchEvent e)
{
    if (index < 0 || index >= m_items.size() || m_done[index])
        return; // exactly once per input, whatever a runner reports
    e.index = index;
    e.input = m_items[index].path;
    // A folder missing now has gone since the scan saw the file in it (its inode); a shard's own
    // listed entry is not looked at before it fails (ScaleOut::scan), and its folder may never
    // have been there: that entry fails as itself.
    if (e.kind == BatchEvent::Kind::Failed && e.code == proto::FailureCode::CannotRead && m_items[index].inode != 0)
        e.inputFolderGone = goneFolderOf(e.input, &e.inputFolderGoneWhy);
    m_done[index] = true;
    ++m_completed;
    BatchEvent stored = e;
    stored.preview = Preview(); // the report keeps no pixels
    m_results[index] = stored;
    emit event(e);
    maybeFinish();
}

void BatchRunner::maybeFinish()
{
    if (!m_running || m_completed < m_items.size())
        return;
    m_running = false;
    for (const QMetaObject::Connection &c : m_connections)
        disconnect(c);
    m_connections.clear();
    BatchSummary s;
    s.total = int(m_items.size());
    for (const BatchEvent &e : m_results) {
        s.done += e.kind == BatchEvent::Kind::Finished;
        s.failed += e.kind == BatchEvent::Kind::Failed && !isCancelled(e);
        s.cancelledItems += isCancelled(e);
        s.skipped += e.kind == BatchEvent::Kind::Skipped;
    }
    s.seconds = m_clock.nsecsElapsed() / 1e9;
    s.workers = int(m_workersUsed.size());
    s.workersReplaced = m_runner->workersReplaced() - m_replacedAtStart;
    s.cancelled = m_cancelled;
    s.results = m_results;
    // Deliver after the current event has been handled everywhere.
    QTimer::singleShot(0, this, [this, s] { emit finished(s); });
}

void BatchRunner::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    // Items not planned yet never reach the runner.
    for (int i = m_nextToPlan; i < m_items.size(); ++i) {
        complete(i, cancelledEvent());
    }
    m_nextToPlan = int(m_items.size());
    // Planned but still waiting for their slice's header probe: they never reach the runner.
    for (quint64 id : m_estimator->takePending())
        complete(m_jobIndex.value(id), cancelledEvent());
    QList<quint64> mine;
    for (auto it = m_jobIndex.cbegin(); it != m_jobIndex.cend(); ++it)
        if (!m_done[it.value()])
            mine << it.key();
    const QList<quint64> dropped = m_runner->cancel(mine);
    for (quint64 id : dropped) {
        if (!m_jobIndex.contains(id))
            continue;
        complete(m_jobIndex.value(id), cancelledEvent());
    }
}

void BatchRunner::removeEmptyFoldersMade()
{
    if (m_planner && !m_running)
        m_planner->removeEmptyFoldersMade();
}

void BatchRunner::setPaused(bool paused) { m_runner->setPaused(paused); }

void BatchRunner::setWholeBatch(QVector<InputItem> all, QVector<int> positions)
{
    m_wholeBatch = std::move(all);
    m_positions = std::move(positions);
}

} // namespace pp
