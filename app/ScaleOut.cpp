#include "ScaleOut.h"

#include "InputList.h"
#include "Translations.h"
#include "cli/Print.h"

#include <QSet>
#include <cstdio>
#include <sys/stat.h>

namespace pp {

bool ScaleOut::configure(const cli::CommandLine &parser, const Preset &preset, int argc, char **argv,
                         QVector<QByteArray> *inputs, QString *error)
{
    for (int i = 0; i < argc; ++i)
        m_command << QString::fromUtf8(argv[i]);
    if (parser.isSet("shard")) {
        Message why;
        m_shard = parseShard(parser.value("shard"), parser.value("shard-count"), processEnvironment(), &why);
        if (!m_shard) {
            *error = i18n::localText(why);
            return false;
        }
        // Numbering against what is already on disk depends on which run got there first: a
        // rerun would write "a (2).jpg" beside the first run's "a.jpg" instead of resuming.
        if (preset.output.overwrite == OverwritePolicy::Rename) {
            *error = i18n::localText(Message(MessageId::ShardWithRename));
            return false;
        }
    } else if (parser.isSet("shard-count")) {
        *error = i18n::localText(Message(MessageId::ShardCountWithoutAuto));
        return false;
    }
    if (parser.isSet("null") && !parser.isSet("inputs-from")) {
        *error = i18n::localText(Message(MessageId::NullWithoutInputsFrom));
        return false;
    }
    if (parser.isSet("inputs-from")) {
        QVector<QByteArray> listed;
        if (Message why; !readInputList(parser.bytes("inputs-from"), parser.isSet("null"), &listed, &why)) {
            *error = i18n::localText(why);
            return false;
        }
        m_firstListed = inputs->size();
        *inputs += listed;
        if (listed.isEmpty())
            m_emptyList = parser.value("inputs-from");
    }
    m_reportPath = parser.bytes("report"); // UTF-8: the batch command refused one that is not
    // --json's events and the report in one file (`--report /dev/stdout > run.json`): each write of
    // the report replaced the file, and the events went on into the one replaced, lost with exit 0.
    struct stat out, report;
    if (!m_reportPath.isEmpty() && parser.isSet("json") && ::fstat(1, &out) == 0 &&
        ::stat(m_reportPath.constData(), &report) == 0 && out.st_dev == report.st_dev && out.st_ino == report.st_ino) {
        *error = i18n::localText(Message(MessageId::ReportIsJsonOutput, {parser.value("report")}));
        return false;
    }
    return true;
}

ScanResult ScaleOut::scan(const QVector<QByteArray> &inputs, const ScanOptions &options,
                          const std::atomic_bool *cancel) const
{
    if (!m_shard || m_firstListed < 0)
        return scanInputs(inputs, options, {}, cancel);
    ScanResult result = scanInputs(inputs.mid(0, m_firstListed), options, {}, cancel);
    // The same name twice ("in/a.jpg", "in/./a.jpg"): one input, as a scan would say. By the name's
    // letters only: another spelling of the file (absolute, through a link) would need a stat() of
    // every entry, other shards' too, to be known in every shard (docs/scale-out.md).
    QSet<QByteArray> listed;
    for (const InputItem &item : result.items)
        listed.insert(shardKey(item));
    for (qsizetype i = m_firstListed; i < inputs.size() && !(cancel && cancel->load()); ++i) {
        const QByteArray &path = inputs[i];
        const QByteArray key = shardKeyOf(path);
        if (listed.contains(key)) {
            result.skipped.append({path, Message(MessageId::InputGivenTwice), LeftOutCode::GivenTwice});
            continue;
        }
        listed.insert(key);
        if (shardOf(key, m_shard->count) != m_shard->index) {
            result.items.append({path, {}, {}}); // another shard's: only its name matters here
            continue;
        }
        ScanResult one = scanInputs({path}, {false, 0});
        if (one.items.size() == 1 && one.items[0].rootLength == 0) {
            result.items.append(one.items[0]);
        } else {
            // A folder's files would be keyed by their path below it, which the other shards,
            // not looking, cannot know: the listing has to name files.
            result.items.append({path, {}, Message(MessageId::FolderInShardList)});
        }
    }
    return result;
}

QVector<InputItem> ScaleOut::select(const QVector<InputItem> &all)
{
    m_all = all;
    const ShardSpec spec = m_shard.value_or(ShardSpec{});
    m_plan = planShard(all, spec);
    QVector<InputItem> mine;
    mine.reserve(m_plan.owned.size());
    for (int i : m_plan.owned)
        mine << all[i];
    if (!m_reportPath.isEmpty()) {
        m_report = std::make_unique<ShardReport>(m_reportPath, spec, m_plan, int(all.size()), m_command, mine);
        m_report->setWarning([](const Message &why) { // through Output's thread, as every line
            cli::print(stderr, QStringLiteral("pixelpool: ") + i18n::localText(why) + QLatin1Char('\n'));
        });
    }
    return mine;
}

void ScaleOut::attach(BatchRunner &batch) const
{
    if (m_shard)
        batch.setWholeBatch(m_all, m_plan.owned);
    if (m_report) { // written by begin(): no output takes its place, nor that of a link to it
        batch.protectFile(m_reportPath);
        if (m_report->target() != m_reportPath)
            batch.protectFile(m_report->target());
    }
}

bool ScaleOut::begin(QString *error)
{
    Message why;
    if (!m_report || m_report->begin(&why))
        return true;
    *error = i18n::localText(why);
    return false;
}

void ScaleOut::record(const BatchEvent &e)
{
    if (m_report && e.kind != BatchEvent::Kind::Started && e.kind != BatchEvent::Kind::Progress)
        m_report->record(e);
}

bool ScaleOut::finish(bool cancelled, QString *error)
{
    Message why;
    if (!m_report || m_report->finish(cancelled ? QStringLiteral("cancelled") : QStringLiteral("finished"), &why))
        return true;
    *error = why.isEmpty() ? QString() : i18n::localText(why); // empty: said while running
    return false;
}

} // namespace pp
