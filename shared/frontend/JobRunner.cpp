#include "JobRunner.h"

#include "InputScanner.h"

#include <sys/stat.h>
#include <unistd.h>

namespace pp {
namespace {

// The held folder of the kth temporary (JobSpec::holdTemporaryFolders), or null.
const FolderHandle *heldFolder(const JobSpec::FolderList *folders, int k)
{
    return folders && size_t(k) < folders->size() ? (*folders)[size_t(k)].get() : nullptr;
}

} // namespace

void JobSpec::holdTemporaryFolders()
{
    if (tempFolders || tempPath.isEmpty())
        return;
    auto folders = std::make_shared<std::vector<std::unique_ptr<FolderHandle>>>();
    for (const QByteArray &temp : tempPaths())
        folders->push_back(std::make_unique<FolderHandle>(folderOf(temp)));
    tempFolders = std::move(folders);
}

JobSpec::TemporaryFiles::~TemporaryFiles()
{
    for (const int fd : fds)
        ::close(fd);
}

std::shared_ptr<const JobSpec::TemporaryFiles> JobSpec::makeTemporaryFiles(quint64 id, const QList<QByteArray> &paths,
                                                                           const FolderList *folders,
                                                                           proto::Failed *failure)
{
    auto made = std::make_shared<TemporaryFiles>();
    for (int k = 0; k < paths.size(); ++k) {
        const FolderHandle *folder = heldFolder(folders, k);
        bool unnamed = false;
        int err = 0;
        const int fd = makeTemporary(paths[k], folder ? folder->fd() : -1, &unnamed, &err);
        if (fd < 0) {
            discardTemporaryFiles(*made, paths);
            *failure =
                proto::Failed{id, proto::FailureCode::CannotWrite,
                              workerErrnoDetail(WorkerErrnoDetail::CannotCreateOutput, errnoMessageAt(err, paths[k]))};
            return nullptr;
        }
        made->fds.push_back(fd);
        made->unnamed.push_back(unnamed);
    }
    return made;
}

void JobSpec::discardTemporaryFiles(const TemporaryFiles &files, const QList<QByteArray> &paths)
{
    // A named one only while its name is still its own: a later attempt's may have taken it.
    for (size_t k = 0; k < files.fds.size() && k < size_t(paths.size()); ++k) {
        struct stat own, named;
        if (!files.unnamed[k] && ::fstat(files.fds[k], &own) == 0 && ::lstat(paths[int(k)].constData(), &named) == 0 &&
            own.st_dev == named.st_dev && own.st_ino == named.st_ino)
            ::unlink(paths[int(k)].constData());
    }
}

int JobSpec::unnamedTemporary(int k) const
{
    return temporaries && size_t(k) < temporaries->fds.size() && temporaries->unnamed[size_t(k)]
               ? temporaries->fds[size_t(k)]
               : -1;
}

void JobSpec::removeTemporaries(int from) const
{
    const QList<QByteArray> temps = tempPaths();
    for (int k = std::max(0, from); k < temps.size(); ++k)
        if (unnamedTemporary(k) < 0)
            removeTemporary(temps[k], heldFolder(tempFolders.get(), k));
}

WriteResult JobSpec::commitOutputs(proto::Finished *result) const
{
    const QByteArray source = inputKind == proto::InputKind::File ? inputPath : QByteArray();
    bool withDate = outputLate && needsDate(outputPattern);
    for (const JobOutputSpec &o : moreOutputs)
        withDate |= o.late && needsDate(o.outputPattern);
    if (withDate && sourceTimes)
        datedByFile(result, *sourceTimes);
    ResultNames names = ResultNames::from(*result, withDate);
    names.windowsNames = windowsNames;
    const auto commit = [&](int k, const QString &output, const QByteArray &temp, const QByteArray &pattern, bool late,
                            const ResultNames &n, Overwrite policy, bool mayReplace, bool keepTime) {
        // Checked just before each rename: an output folder replaced since the batch made or found
        // it gets nothing (its files of that name would be replaced, or joined by a part of the batch).
        if (folderReplaced(outputRoot, outputRootId)) {
            WriteResult r;
            r.words = Message(MessageId::OutputFolderReplaced, {displayPath(outputRoot)});
            r.error = r.words.english();
            return r;
        }
        // An unnamed temporary gets its name now that the result is accepted: until now nothing
        // was there to be left behind, whichever process ended.
        int err = 0;
        if (const int unnamed = unnamedTemporary(k); unnamed >= 0 && !nameTemporary(unnamed, temp, &err)) {
            WriteResult r;
            r.error = QStringLiteral("the output's temporary file could not be given its name: %1")
                          .arg(describeErrnoAt(err, temp));
            return r;
        }
        WriteResult r = commitTemporary(temp, pattern, late ? &n : nullptr, policy,
                                        inputKind == proto::InputKind::File && !mayReplace ? inputPath : QByteArray(),
                                        sources.get(), source, taken.get(), output);
        if (r.ok && r.outcome == proto::Outcome::Written && keepTime && sourceTimes)
            copyFileTime(*sourceTimes, r.finalPath);
        return r;
    };
    WriteResult first =
        commit(0, outputName, tempPath, outputPattern, outputLate, names, overwrite, mayReplaceSource, keepFileTime);
    // The failed output's temporary too: one whose folder was moved away is not where the commit
    // looked for it.
    const auto fail = [&](WriteResult r, const QString &name, int from) {
        if (!name.isEmpty()) {
            r.error = QStringLiteral("output \"%1\": %2").arg(name, r.error);
            if (!r.words.isEmpty())
                r.words = Message(MessageId::OfOutput, {name}, {r.words});
        }
        removeTemporaries(from);
        return r;
    };
    if (!first.ok)
        return fail(first, outputName, 0);
    result->outcome = first.outcome;
    result->outputPath = first.finalPath;
    for (int k = 0; k < moreOutputs.size(); ++k) {
        const JobOutputSpec &o = moreOutputs[k];
        proto::Finished::Output &out = result->moreOutputs[k];
        ResultNames n = names; // {width} and {height} are this output's
        n.width = int(out.width);
        n.height = int(out.height);
        const WriteResult r = commit(k + 1, o.name, o.tempPath, o.outputPattern, o.late, n, o.overwrite,
                                     o.mayReplaceSource, o.keepFileTime);
        if (!r.ok)
            return fail(r, o.name, k + 1); // moreOutputs[k] is the (k + 1)th temporary
        out.outcome = r.outcome;
        out.outputPath = r.finalPath;
    }
    return first;
}

} // namespace pp
