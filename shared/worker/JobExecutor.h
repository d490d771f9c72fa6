// Processes one image from start to end: read, check, plan, decode, run the steps, encode,
// write atomically, make a preview. The worker process runs this; so does the in-process mode
// (a developer option for measuring what the process boundary costs). One code path for both.
#pragma once

#include "CompiledStep.h"
#include "DecodedFileCache.h"
#include "Preset.h"
#include "Protocol.h"
#include "TextRenderer.h"

#include <QHash>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <opencv2/core.hpp>

namespace pp {

struct JobOutcome {
    bool ok = false;
    proto::Finished finished; // when ok
    proto::Failed failed;     // when !ok
    cv::Mat preview;          // BGRA, at most previewMax on each side; empty when not asked
};

struct JobHooks {
    std::function<bool()> cancelled; // polled between steps
    std::function<void(int step, int steps)> progress;
};

class JobExecutor
{
public:
    explicit JobExecutor(quint64 maxPixels)
        : m_maxPixels(maxPixels), m_fonts(std::make_unique<ops::TextRenderer>()),
          m_files(std::make_unique<DecodedFileCache>(maxPixels)), m_resources{m_fonts.get(), m_files.get()}
    {
    }

    // Parses, validates and compiles a preset for later jobs, which then only plan and run its
    // steps. Returns false (and *error) for one that does not parse; jobs that use that id then
    // fail with that error. Safe while jobs run on other threads (the in-process runner): a job
    // keeps the definition it started with.
    bool definePreset(quint32 id, const QByteArray &json, QString *error);
    // The files the steps of preset `id` read (Preset::filesRead), in the order a job's files come;
    // none when it was never defined, or refused.
    std::optional<QList<QByteArray>> filesRead(quint32 id) const;

    // `input` is the file's bytes for InputKind::SharedMemory jobs (else empty: the executor
    // reads job.inputPath itself, from the descriptor handed for it where one was: HandedFiles). `outputFiles`: the
    // temporaries the front end made for the job's outputs (job.tempPath, then job.moreTempPaths), written and left
    // open; empty: the executor creates the files itself (in-process, and tests).
    JobOutcome run(const proto::Job &job, const uint8_t *input, size_t inputSize, const JobHooks &hooks,
                   const std::vector<int> &outputFiles = {}) const;

    // Cost-aware scheduling: what each file's header says (format, size, progressive scans) and the
    // scale the preset's plan decodes it at. Reads the first bytes of each file only; no pixels.
    proto::ProbeReply probe(const proto::ProbeRequest &request) const;

    // The files steps decoded (logos), kept for the jobs after: tests count its decodes.
    const DecodedFileCache &decodedFiles() const { return *m_files; }
    // Images decoded by run(): one per job, however many outputs its preset makes (tests count them).
    quint64 imagesDecoded() const { return m_decodes->load(); }

private:
    struct DefinedOutput {
        QString name;                // empty: the one output of a preset without `outputs`
        QVector<CompiledStep> steps; // the preset's shared steps, then the output's own
        OutputSettings output;
    };
    struct DefinedPreset {
        QVector<DefinedOutput> outputs; // Preset::targets(): never empty
        int sharedSteps = 0;
        InputSettings input;
        DamagedPolicy damaged = DamagedPolicy::Fail;
        QList<QByteArray> reads; // Preset::filesRead
    };
    quint64 m_maxPixels;
    // What steps use of this process, for as long as it lives: fonts and decoded logos.
    std::unique_ptr<ops::TextRenderer> m_fonts;
    std::unique_ptr<DecodedFileCache> m_files;
    StepResources m_resources;
    QHash<quint32, std::shared_ptr<const DefinedPreset>> m_presets;
    QHash<quint32, QString> m_refused; // ids whose definition did not parse, and why
    std::unique_ptr<std::shared_mutex> m_lock = std::make_unique<std::shared_mutex>();
    std::unique_ptr<std::atomic<quint64>> m_decodes = std::make_unique<std::atomic<quint64>>(0);
};

// Composites BGRA over an opaque background colour (for formats without alpha).
cv::Mat flattenAlpha(const cv::Mat &bgra, const QString &backgroundHex);

} // namespace pp
