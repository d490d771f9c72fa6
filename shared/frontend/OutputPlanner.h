// Decides, before any job is dispatched, where each output goes: the name template, the
// sub-folder, the overwrite policy, collisions within the batch, and that nothing escapes the
// output folder or replaces a source. Workers never decide where things go: only the result's
// placeholders ({width}, {date}…) wait for the result, and the front end fills them in when it
// commits the output.
#pragma once

#include "InputScanner.h"
#include "OutputCommit.h"
#include "Preset.h"
#include "Protocol.h"

#include <QSet>
#include <QString>
#include <memory>
#include <vector>

namespace pp {

struct PlannedOutput {
    QByteArray pattern;  // the final path, or with `late` a late pattern (fillLateName, in OutputCommit.h)
    bool late = false;   // the template holds a placeholder only the result fills ({width}, {date}…)
    QByteArray tempPath; // hidden temporary in the same folder
    Overwrite overwrite = Overwrite::Rename;
    bool skipExisting = false;       // the final path holds a complete output and the policy is skip
    bool replacesIncomplete = false; // skip policy, but the existing output is cut short: redone
    bool renamed = false;            // rename policy: the template's name is taken on disk, a numbered one is planned
    bool shortened = false;          // a name of the path was longer than the file system allows: fitPath()
    QByteArray replaced; // characters the output folder's file system takes in no name, written as '_' (windowsName)
    // `format: keep`: the format the output is written in, which its extension names (the worker
    // writes this one: proto::Job::keptFormat); Keep for another format, or a file of no known kind
    // under a name of none.
    OutputFormat keptFormat = OutputFormat::Keep;
    Message error; // set: this item cannot be written (reason for the report)
    proto::FailureCode code = proto::FailureCode::CannotWrite; // with error

    // The path as people read it: a late pattern's placeholders as written.
    QByteArray shown() const { return late ? shownPattern(pattern) : pattern; }
};

class OutputPlanner
{
public:
    // outputDir must exist or be creatable. runTag makes temporary names unique per run.
    // A look-only planner (--dry-run) decides the same but creates and removes nothing.
    enum class Mode { Write, LookOnly };
    OutputPlanner(const Preset &preset, const QString &outputDir, QByteArray runTag, Mode mode = Mode::Write);

    // Checked once before a batch starts, so that an unusable output folder is named once
    // instead of failing every image: empty when `dir` is (or, with create, now is) a folder
    // this process can write into; look-only checks that it could be made.
    // `made` (may be null): the folders it made, parents first.
    static Message checkOutputFolder(const QString &dir, bool create, QVector<QByteArray> *made = nullptr);
    // Removes the folders `made` (parents first, as checkOutputFolder lists them) that are empty,
    // deepest first, up to the first that holds anything; how many went.
    static int removeFoldersLeftEmpty(const QVector<QByteArray> &made);

    // Checks the template once; an error here is a usage error for the whole batch.
    static Message validateTemplate(const QString &nameTemplate);
    // Expands a template for a sample input (for the editor's live example).
    static QString example(const QString &nameTemplate, const QString &presetName, const QString &inputName,
                           OutputFormat format);

    // What `format: keep` writes for `item`, as plan() decides it (PlannedOutput::keptFormat): for
    // a preview to show what the batch makes.
    static OutputFormat keptFormat(const InputItem &item);

    // `output`: which of the preset's outputs (Preset::targets()); every one claims its own name,
    // and no two outputs of the batch get the same one. `sourceFormatExt`: with `format: keep`, the
    // extension to give (and the format it names) instead of what the source's first bytes say.
    PlannedOutput plan(const InputItem &item, int index, quint64 jobId, const QByteArray &sourceFormatExt,
                       int output = 0);
    int outputCount() const { return int(m_targets.size()); }
    // Takes the name plan() would give an input, without touching the file system, readable or
    // not: shards claim a name for every input of the batch, theirs or another shard's (which they
    // do not even stat), so the in-batch numbering ("a (2).jpg") is the same in every shard.
    void reserve(const InputItem &item, int index);
    // A shard of a scaled-out batch: it removes no stale temporary (one whose process is not
    // running here may belong to a shard on another machine, writing into the same shared folder
    // right now); its skip and its overwrite go by name; and a name with {width}, {date}… is numbered now among
    // the batch's identical patterns. Shards reserve each other's names without looking at the
    // disk, so they must number alike, and a skipped commit never replaces what another shard
    // wrote. Otherwise the skip and overwrite policies take the name of the family whose output
    // records this source, and pass over a name whose output records another source (outputOrigin)
    // for the next numbered one, so that a resumed batch skips, and a rerun replaces, only its own
    // outputs, and a name with {width}, {date}… is numbered when it is committed, among the names
    // of its family it meets (takenNames), where the output folder keeps extended attributes
    // (keepsOrigins: elsewhere outputs cannot be told apart but by the plan's numbers).
    void setShard(bool on) { m_shard = on; }
    // The sub-folders plan() made for names, removed where nothing was written into them (images
    // that failed or were cancelled), and then the output folder when it was made for the batch
    // (foldersMadeForRoot: the command line's) and it holds nothing and is still the one made (not
    // replaced); never a folder that was there before. Not in a shard. Only when no other batch may still
    // write there: the window's batches into one folder all end first. Returns how many went.
    int removeEmptyFoldersMade();
    // The output folder, and the folders above it that did not exist either, were made for this
    // batch before the planner (checkOutputFolder's `made`, parents first).
    void foldersMadeForRoot(const QVector<QByteArray> &made) { m_rootFoldersMade += made; }
    // What keepsOrigins() found for the output folder when the planner was made; tests of a file
    // system without extended attributes say false.
    void setKeepsOrigins(bool on) { m_keepsOrigins = on; }
    // Names taken by batches that run alongside (BatchRunner::setTakenNames), before the first plan().
    void setTakenNames(std::shared_ptr<TakenNames> taken)
    {
        m_taken = std::move(taken);
        m_taken->setFoldsCase(m_windowsNames);
    }
    // The names the batch's outputs take, for their commits (commitTemporary); null for a shard
    // and for a folder that keeps no extended attributes, whose names are all chosen when
    // planning and whose commits keep what is there by name.
    std::shared_ptr<TakenNames> takenNames() const { return namesAtCommit() ? m_taken : nullptr; }
    // The files the batch reads: no output is planned over one of them but its own source.
    void setSources(std::shared_ptr<const SourceFiles> sources) { m_sources = std::move(sources); }
    // The output folder, canonical, with a trailing '/'; rootFolder() without it ("/" stays "/").
    const QByteArray &root() const { return m_root; }
    // The output folder's file system takes Windows names only (takesWindowsNamesOnly): names are
    // planned, and filled at commit, with '_' for what it does not take (windowsName).
    bool windowsNames() const { return m_windowsNames; }
    QByteArray rootFolder() const { return m_root.size() > 1 ? m_root.chopped(1) : m_root; }
    // The output folder as the planner made or found it (not known in a look-only planner, or when
    // it could not be made). Outputs are committed only while its path still leads there
    // (JobSpec::commitOutputs), not into a folder given its name since.
    FolderId rootId() const { return m_rootId; }
    // Its path leads to another folder now (moved away and replaced by a new folder, or by a link
    // to elsewhere): nothing more is planned there.
    bool rootReplaced() const { return folderReplaced(rootFolder(), m_rootId); }

private:
    // Whether a name with {width}, {date}… is numbered when it is committed (its family searched
    // with takenNames()) rather than here: not in a shard, not where outputs cannot record their
    // source. claim() and takenNames() follow this one decision, so the two never mix.
    bool namesAtCommit() const { return !m_shard && m_keepsOrigins; }
    // A name template split once into literal text and placeholders, so that planning 10,000
    // outputs does not run a regular expression 10,000 times.
    struct TemplatePart {
        QByteArray literal;  // text, or the placeholder itself ("{width}") when key is empty
        QString key;         // name, ext, preset, index
        int width = 0;       // {index:N}
        bool result = false; // literal is a placeholder only the result fills
    };
    static std::vector<TemplatePart> parseTemplate(const QString &tmpl);
    // As a late pattern (lateText, lateSourceName), its text through `text` (windowsName or nothing).
    template <typename Text>
    static QByteArray expand(const std::vector<TemplatePart> &parts, const QByteArray &name, const QByteArray &ext,
                             const QString &preset, int index, const Text &text);
    bool ensureDir(const QByteArray &dir, Message *error);
    // The output's path below the root, checked; empty with *error set when it cannot be one. A
    // late pattern when the output's template holds a result's placeholder (Target::late), else
    // the path itself, whose names longer than the file system allows are shortened (the source's
    // name first, then fitPath), and *shortened says so. On a file system made for Windows the
    // characters it takes in no name are '_' (windowsName), and *replaced (may be null) gets them.
    // *unfilled (may be null): a literal name as the pattern it was filled from, for claim().
    // *kept (may be null): PlannedOutput::keptFormat.
    QByteArray relativeOutput(const InputItem &item, int index, const QByteArray &srcExt, int output, Message *error,
                              bool *shortened, QByteArray *replaced, QByteArray *unfilled = nullptr,
                              OutputFormat *kept = nullptr) const;
    // `origin`: the source's (originOf) when a literal name is looked for among its family's names
    // by the source its output records (skip and overwrite policies): the name of the family's
    // output that records it (TakenNames::outputOf), else the first name that records no other.
    // `passOverOthers`: a name whose output records a source other than `origin` (any, when
    // `origin` is empty) is passed over (*renamed), never skipped or replaced.
    // `unfilled`: a literal name's pattern, so that its numbered names are shortened as it was
    // (the source's name first; *shortened says so), not at their ends.
    // `passOverSourceLinks` (skip, rename): a name that leads to the source but is not its own
    // (namesSourceItself: a hard link, a symbolic link) is passed over as a name in use.
    // Empty when more than kMaxNamesOnDisk of the names tried are held on disk.
    QByteArray claim(const QByteArray &rel, bool late, const QByteArray &source, bool avoidExisting, bool *renamed,
                     const QByteArray &origin = {}, const QByteArray &unfilled = {}, bool *shortened = nullptr,
                     bool passOverSourceLinks = false, bool passOverOthers = false);
    static constexpr int kMaxNamesOnDisk = 100000;

    struct Target {
        OutputSettings settings;
        std::vector<TemplatePart> parts;
        bool late = false; // a part is a result's placeholder
    };
    QString m_presetName;
    QByteArray m_root;       // canonical output folder, with trailing '/'
    bool m_rootMade = false; // it was there (or made) when the planner was: one gone since is not made again
    // The output folder as it was when the planner made or found it, and held open, so that a file
    // system that makes its inode numbers up (CIFS without serverino, FUSE) keeps the folder's while
    // the batch runs, and it is not taken for a replaced one.
    FolderId m_rootId;
    std::shared_ptr<FolderHandle> m_rootHandle;
    QByteArray m_runTag;
    Mode m_mode = Mode::Write;
    std::vector<Target> m_targets;                                        // one per output of the preset
    std::shared_ptr<TakenNames> m_taken = std::make_shared<TakenNames>(); // planned literal names, then committed ones
    QHash<QByteArray, Message> m_dirs;     // folders created or checked: empty ok, else the error
    QVector<QByteArray> m_made;            // the folders ensureDir() made, parents first
    QVector<QByteArray> m_rootFoldersMade; // the output folder and those above it made for the batch, parents first
    bool m_shard = false;
    bool m_keepsOrigins = true;  // the output folder's file system (keepsOrigins)
    bool m_windowsNames = false; // the output folder's file system takes Windows names only (takesWindowsNamesOnly)
    std::shared_ptr<const SourceFiles> m_sources;
    // `format: keep`'s format and extension for the image planned last, read from its first bytes
    // once for all its outputs, which the worker writes in that one format (JobSpec::keptFormat).
    struct Kept {
        int index = -1;
        QByteArray path;
        OutputFormat format = OutputFormat::Keep;
        QByteArray ext;
    };
    mutable Kept m_kept;
};

// The identities of the files `items` name (InputItem::device, inode).
std::shared_ptr<SourceFiles> sourceFilesOf(const QVector<InputItem> &items);

} // namespace pp
