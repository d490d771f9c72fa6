// One job as a worker runs it, for the engine's tests: a preset's JSON defined as preset 1, the
// input written to a folder's "in" and the output to its "out.part" (removed first).
#pragma once

#include "JobExecutor.h"
#include "JobRunner.h"
#include "PhotoFixtures.h"

#include <QDir>
#include <QFile>

namespace pp::testphotos {

struct OneJob {
    JobOutcome outcome;
    Bytes written; // the output's bytes (empty when the job failed)
};

// The job of preset 1 on `dir`'s "in" into its "out.part" (removed first).
inline proto::Job presetOneJobIn(const QDir &dir)
{
    QFile::remove(dir.filePath("out.part"));
    JobSpec spec;
    spec.id = 1;
    spec.presetId = 1;
    spec.inputPath = QFile::encodeName(dir.filePath("in"));
    spec.tempPath = QFile::encodeName(dir.filePath("out.part"));
    return spec.toJob(0);
}

// `flags` are added to the job's (proto::WantsFacts, proto::WithoutMetadata...).
inline OneJob runOneJob(const QString &presetJson, const Bytes &input, const QDir &dir, quint32 flags = 0)
{
    JobExecutor e(200'000'000);
    QString error;
    if (!e.definePreset(1, presetJson.toUtf8(), &error))
        qFatal("%s", qPrintable(error));
    writeAll(dir.filePath("in"), input);
    proto::Job job = presetOneJobIn(dir);
    job.flags |= flags;
    OneJob r{e.run(job, nullptr, 0, {}), {}};
    if (r.outcome.ok)
        r.written = readAll(dir.filePath("out.part"));
    return r;
}

} // namespace pp::testphotos
