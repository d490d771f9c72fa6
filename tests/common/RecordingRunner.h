// A JobRunner that takes jobs and keeps them, running nothing: for tests of what the front end
// submits (a window's batches, the preview), which answer the jobs themselves if at all.
#pragma once

#include "JobRunner.h"

namespace pp::testing {

class RecordingRunner : public JobRunner
{
public:
    bool start(QString *) override { return true; }
    quint32 registerPreset(const QByteArray &) override { return ++m_presets; }
    void submit(const JobSpec &job) override { submitted.append(job); }
    QList<quint64> cancel(const QList<quint64> &) override { return {}; }
    void setPaused(bool) override {}
    int workerCount() const override { return 1; }
    int pendingCount() const override { return int(submitted.size()); }
    void shutdown() override {}

    QList<JobSpec> submitted;

private:
    quint32 m_presets = 0;
};

} // namespace pp::testing
