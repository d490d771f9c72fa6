// Decides, before any job is dispatched, where each output goes: the name template, the
// sub-folder, the overwrite policy, collisions within the batch, and that nothing escapes the
// output folder or replaces a source. Workers never decide where things go (apart from filling
// in {width} and {height}).
#pragma once

#include "InputScanner.h"
#include "Preset.h"
#include "Protocol.h"

#include <QSet>
#include <QString>

namespace pp {

struct PlannedOutput {
    QByteArray pattern;  // final path; may still hold {width}/{height}
    QByteArray tempPath; // hidden temporary in the same folder
    proto::Overwrite overwrite = proto::Overwrite::Rename;
    bool skipExisting = false; // the final path exists and the policy is skip: no job needed
    QString error;             // set: this item cannot be written (reason for the report)
};

class OutputPlanner
{
public:
    // outputDir must exist or be creatable. runTag makes temporary names unique per run.
    OutputPlanner(const Preset &preset, const QString &outputDir, QByteArray runTag);

    // Checks the template once; an error here is a usage error for the whole batch.
    static QString validateTemplate(const QString &nameTemplate);
    // Expands a template for a sample input (for the editor's live example).
    static QString example(const QString &nameTemplate, const QString &presetName,
                           const QString &inputName, OutputFormat format);

    PlannedOutput plan(const InputItem &item, int index, quint64 jobId, const QByteArray &sourceFormatExt);

private:
    bool ensureDir(const QByteArray &dir, QString *error);

    Preset m_preset;
    QByteArray m_root;     // canonical output folder, with trailing '/'
    QByteArray m_runTag;
    QSet<QByteArray> m_planned;
    QHash<QByteArray, QString> m_dirs; // folders created or checked: "" ok, else the error
};

} // namespace pp
