// Scale-out: the partition (stable, balanced, complete), --shard auto under each scheduler's
// variables, --inputs-from lists, names that agree across shards, and report merge.
#include "InputList.h"
#include "OutputPlanner.h"
#include "ReportMerge.h"
#include "Shard.h"
#include "ShardReport.h"

#include <QHash>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace pp;

namespace {

EnvLookup envOf(const QHash<QByteArray, QByteArray> &vars)
{
    return [vars](const char *name) -> std::optional<QByteArray> {
        const auto it = vars.constFind(QByteArray(name));
        return it == vars.constEnd() ? std::nullopt : std::optional<QByteArray>(*it);
    };
}

QVector<InputItem> itemsNamed(int n, const char *pattern)
{
    QVector<InputItem> items;
    for (int i = 0; i < n; ++i)
        items.append({QByteArray("/data/in/") + QByteArray(pattern).replace("%", QByteArray::number(i)), {}, {}});
    for (InputItem &item : items)
        item.rootLength = 9; // found in "/data/in"
    return items;
}

BatchEvent finalEvent(int index, BatchEvent::Kind kind, proto::FailureCode code = proto::FailureCode::Unknown)
{
    BatchEvent e;
    e.kind = kind;
    e.index = index;
    e.code = code;
    e.reason = kind == BatchEvent::Kind::Finished ? Message() : Message::verbatim(QStringLiteral("why"));
    return e;
}

} // namespace

class TestShard : public QObject
{
    Q_OBJECT
private slots:
    void hashIsFixed();
    void keyIsThePathAsGiven();
    void sameNameInTwoFolders();
    void namesThatAreNotUtf8();
    void balanced();
    void everyInputInExactlyOneShard();
    void manualShard_data();
    void manualShard();
    void slurmArray();
    void slurmArrayRefused_data();
    void slurmArrayRefused();
    void kubernetesAndParallel();
    void outsideAScheduler();
    void severalSchedulers();
    void inputLists();
    void namesAgreeAcrossShards();
    void reportMerge();
    void mergeNamesUnfinishedShards();
    void mergeOfDifferentListings();
    void mergeWarnsOfDifferentCommands();
    void reportRefusals();
    void reportListsEveryOutput();
    void reportNeverReplacesADevice();
    void reportFollowsItsLinksOnce();
    void mergeNamesOneShardTwiceOnly();
    void mergeReadsAFileOnce();
    void mergeComparesWhatOptionsMean();
    void mergeNamesAShortReport();
    void invalidReportsRefused_data();
    void invalidReportsRefused();
};

void TestShard::hashIsFixed()
{
    // Values computed by an independent implementation (docs/scale-out.md has it in Python):
    // these must never change, or a rerun would assign inputs to other shards.
    QCOMPARE(shardHash(""), 0xcbf29ce44fd0bfc1ull);
    QCOMPARE(shardHash("a.jpg"), 0x4c079bb576ae2c74ull);
    QCOMPARE(shardHash("IMG_0001.JPG"), 0xdd0b03b6c536c151ull);
    QCOMPARE(shardHash("2024/05/IMG_0001.JPG"), 0xa5f89bd2490e1ceeull);
    QCOMPARE(shardHash(QStringLiteral("Zürich/été.jpg").toUtf8()), 0x57e6679e173b7f0cull);
    QCOMPARE(shardOf("a.jpg", 7), 3);
    QCOMPARE(shardOf("a.jpg", 64), 52);
    QCOMPARE(shardOf("2024/05/IMG_0001.JPG", 7), 3);
    QCOMPARE(shardOf(QStringLiteral("Zürich/été.jpg").toUtf8(), 7), 5);
}

void TestShard::keyIsThePathAsGiven()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray root = QFile::encodeName(dir.path());
    QVERIFY(QDir().mkpath(dir.path() + "/in/sub"));
    for (const char *name : {"/in/a.jpg", "/in/sub/b.png"}) {
        QFile f(dir.path() + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    // A folder's files: the folder as given and their path below it, however the folder was spelt.
    for (const QByteArray &given : {root + "/in", root + "/in/", root + "/./in//"}) {
        const ScanResult scan = scanInputs({given}, {true, 8});
        QCOMPARE(scan.items.size(), 2);
        QCOMPARE(shardKey(scan.items[0]), root + "/in/a.jpg");
        QCOMPARE(shardKey(scan.items[1]), root + "/in/sub/b.png");
    }
    // A file named directly: the path as given, cleaned by its letters, never made absolute.
    const ScanResult direct = scanInputs({root + "/in/a.jpg"}, {true, 8});
    QCOMPARE(shardKey(direct.items.value(0)), root + "/in/a.jpg");
    QCOMPARE(shardKeyOf("./in//a.jpg"), QByteArray("in/a.jpg"));
    QCOMPARE(shardKeyOf("in/./a.jpg"), QByteArray("in/a.jpg"));
    QCOMPARE(shardKeyOf("//data/./in/"), QByteArray("/data/in"));
    QCOMPARE(shardKeyOf("a/../b.jpg"), QByteArray("a/../b.jpg")); // through a link, not b.jpg
    QCOMPARE(shardKeyOf(" a.jpg"), QByteArray(" a.jpg"));         // nothing else is trimmed
    QCOMPARE(shardKeyOf("in/a\xff.jpg"), QByteArray("in/a\xff.jpg"));
}

// Writes a report of `items` with every input done, and reads it back.
static QJsonObject doneReport(const QString &path, const QVector<InputItem> &items, ShardSpec spec = {},
                              QStringList command = {"pixelpool", "--batch"})
{
    const ShardPlan plan = planShard(items, spec);
    QVector<InputItem> owned;
    for (int i : plan.owned)
        owned << items[i];
    ShardReport report(QFile::encodeName(path), spec, plan, int(items.size()), command, owned);
    report.setMinWriteInterval(0);
    Message error;
    if (!report.begin(&error))
        qWarning() << error.english();
    for (int i = 0; i < owned.size(); ++i) {
        BatchEvent e = finalEvent(i, BatchEvent::Kind::Finished);
        e.output = "/out/" + owned[i].path.mid(owned[i].path.lastIndexOf('/') + 1);
        e.outputs = {{"web", e.output, 10, 10, 100, false}};
        report.record(e);
    }
    if (!report.finish("finished", &error))
        qWarning() << error.english();
    QJsonObject o;
    if (!readReport(path, &o, &error))
        qWarning() << error.english();
    return o;
}

void TestShard::sameNameInTwoFolders()
{
    // cam1/DSC_0001.jpg and cam2/DSC_0001.jpg, both folders given: two inputs, two keys, and a
    // report of them all merges complete, with one shard or three.
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.path() + "/cam1") && QDir().mkpath(dir.path() + "/cam2"));
    for (const char *name : {"/cam1/DSC_0001.jpg", "/cam2/DSC_0001.jpg", "/cam1/DSC_0002.jpg"}) {
        QFile f(dir.path() + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    const QByteArray root = QFile::encodeName(dir.path());
    const ScanResult scan = scanInputs({root + "/cam1", root + "/cam2"}, {true, 8});
    QCOMPARE(scan.items.size(), 3);
    QCOMPARE(shardKey(scan.items[0]), root + "/cam1/DSC_0001.jpg");
    QCOMPARE(shardKey(scan.items[2]), root + "/cam2/DSC_0001.jpg");
    for (int n : {1, 3}) {
        QVector<QJsonObject> reports;
        QStringList names;
        for (int k = 0; k < n; ++k) {
            ShardSpec spec;
            spec.index = k;
            spec.count = n;
            names << dir.path() + QStringLiteral("/r%1-%2.json").arg(k).arg(n);
            reports << doneReport(names.last(), scan.items, spec);
        }
        const MergedReports m = mergeReports(reports, names);
        QVERIFY2(m.complete(), qPrintable(mergedToText(m)));
        QCOMPARE(m.totals.value("done"), 3);
        QVERIFY(m.reportedTwice.isEmpty());
    }
}

void TestShard::namesThatAreNotUtf8()
{
    // in/a\xff.jpg and in/a\xfe.jpg look the same as UTF-8 (U+FFFD): the report keeps their bytes,
    // and merge tells them apart.
    QTemporaryDir dir;
    const QVector<InputItem> items{{"in/a\xff.jpg", {}, {}}, {"in/a\xfe.jpg", {}, {}}, {"in/b.jpg", {}, {}}};
    const QString path = dir.path() + "/r.json";
    const QJsonObject o = doneReport(path, items);
    const QJsonArray inputs = o.value("inputs").toArray();
    QCOMPARE(inputs.size(), 3);
    QSet<QByteArray> keys;
    for (int i = 0; i < inputs.size(); ++i) {
        const QJsonObject in = inputs[i].toObject();
        const QByteArray name = items[i].path;
        QCOMPARE(reportPath(in, "key"), name);
        QCOMPARE(reportPath(in, "path"), name);
        QCOMPARE(reportPath(in, "output"), "/out/" + name.mid(3));
        QCOMPARE(reportPath(in.value("outputs").toArray().at(0).toObject(), "output"), "/out/" + name.mid(3));
        QCOMPARE(in.value("key").toString(), displayPath(name)); // for people, as before
        QCOMPARE(in.contains("key_base64"), i < 2);              // only where UTF-8 cannot say it
        QCOMPARE(in.contains("output_base64"), i < 2);
        keys.insert(reportPath(in, "key"));
    }
    QCOMPARE(keys.size(), 3);
    QCOMPARE(inputs[0].toObject().value("key_base64").toString(), QStringLiteral("aW4vYf8uanBn"));
    const MergedReports m = mergeReports({o}, {path});
    QVERIFY2(m.complete(), qPrintable(mergedToText(m)));
    QCOMPARE(m.totals.value("done"), 3);
}

void TestShard::balanced()
{
    for (const char *pattern : {"photos/%/IMG.jpg", "IMG_%.JPG"}) {
        QVector<QByteArray> names;
        for (int i = 0; i < 100000; ++i)
            names << QByteArray(pattern).replace("%", QByteArray::number(i).rightJustified(6, '0'));
        for (int n : {2, 3, 4, 7, 8, 10, 16, 64}) {
            QVector<int> counts(n, 0);
            for (const QByteArray &name : names)
                ++counts[shardOf(name, n)];
            const double mean = double(names.size()) / n;
            const double tolerance = n <= 16 ? 0.03 : 0.08; // 64 shards of 1,562: chance alone is ~2.5 %
            for (int k = 0; k < n; ++k)
                QVERIFY2(std::abs(counts[k] - mean) <= tolerance * mean,
                         qPrintable(QStringLiteral("%1: shard %2/%3 has %4, mean %5")
                                        .arg(pattern)
                                        .arg(k)
                                        .arg(n)
                                        .arg(counts[k])
                                        .arg(mean)));
        }
    }
}

void TestShard::everyInputInExactlyOneShard()
{
    const QVector<InputItem> items = itemsNamed(1500, "2024/%.jpg");
    for (int n = 1; n <= 64; ++n) {
        QVector<int> seen(items.size(), 0);
        quint64 fingerprint = 0;
        for (int k = 0; k < n; ++k) {
            ShardSpec spec;
            spec.index = k;
            spec.count = n;
            const ShardPlan plan = planShard(items, spec);
            QCOMPARE(plan.perShard.value(k), int(plan.owned.size()));
            if (k > 0)
                QCOMPARE(plan.fingerprint, fingerprint); // every shard sees the same listing
            fingerprint = plan.fingerprint;
            for (int i : plan.owned)
                ++seen[i];
        }
        for (int i = 0; i < items.size(); ++i)
            QVERIFY2(seen[i] == 1,
                     qPrintable(QStringLiteral("input %1 in %2 shards of %3").arg(i).arg(seen[i]).arg(n)));
    }
}

void TestShard::manualShard_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("count");
    QTest::addColumn<int>("index"); // -1: refused
    QTest::addColumn<int>("shards");
    QTest::newRow("3/7") << "3/7"
                         << "" << 3 << 7;
    QTest::newRow("0/1") << "0/1"
                         << "" << 0 << 1;
    QTest::newRow("count agrees") << "2/4"
                                  << "4" << 2 << 4;
    QTest::newRow("count disagrees") << "2/4"
                                     << "5" << -1 << 0;
    QTest::newRow("K = N") << "7/7"
                           << "" << -1 << 0;
    QTest::newRow("N = 0") << "0/0"
                           << "" << -1 << 0;
    QTest::newRow("no N") << "3"
                          << "" << -1 << 0;
    QTest::newRow("negative") << "-1/4"
                              << "" << -1 << 0;
    QTest::newRow("words") << "a/b"
                           << "" << -1 << 0;
    QTest::newRow("spaces") << "1 /4"
                            << "" << -1 << 0;
}

void TestShard::manualShard()
{
    QFETCH(QString, option);
    QFETCH(QString, count);
    QFETCH(int, index);
    QFETCH(int, shards);
    QString error;
    // Variables of a scheduler do not matter for K/N given by hand.
    const auto spec = parseShard(option, count, envOf({{"SLURM_ARRAY_TASK_ID", "5"}}), &error);
    if (index < 0) {
        QVERIFY(!spec);
        QVERIFY(error.contains("--shard"));
        return;
    }
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->index, index);
    QCOMPARE(spec->count, shards);
    QCOMPARE(spec->scheduler, QStringLiteral("manual"));
}

void TestShard::slurmArray()
{
    QHash<QByteArray, QByteArray> env{{"SLURM_JOB_ID", "108"},          {"SLURM_ARRAY_JOB_ID", "100"},
                                      {"SLURM_ARRAY_TASK_ID", "4"},     {"SLURM_ARRAY_TASK_MIN", "0"},
                                      {"SLURM_ARRAY_TASK_MAX", "99"},   {"SLURM_ARRAY_TASK_STEP", "1"},
                                      {"SLURM_ARRAY_TASK_COUNT", "100"}};
    QString error;
    auto spec = parseShard("auto", "", envOf(env), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->index, 4);
    QCOMPARE(spec->count, 100);
    QCOMPARE(spec->scheduler, QStringLiteral("slurm"));
    QCOMPARE(spec->ids.value("SLURM_ARRAY_JOB_ID"), QStringLiteral("100"));
    QCOMPARE(spec->ids.value("SLURM_JOB_ID"), QStringLiteral("108"));

    // One index submitted again (sbatch --array=4): its shape says nothing; the count does.
    env["SLURM_ARRAY_TASK_MIN"] = env["SLURM_ARRAY_TASK_MAX"] = "4";
    env["SLURM_ARRAY_TASK_COUNT"] = "1";
    QVERIFY(!parseShard("auto", "", envOf(env), &error));
    QVERIFY2(error.contains("starts at 4"), qPrintable(error));
    spec = parseShard("auto", "100", envOf(env), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->id(), QStringLiteral("4/100"));
    env["PIXELPOOL_SHARD_COUNT"] = "100";
    spec = parseShard("auto", "", envOf(env), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->id(), QStringLiteral("4/100"));
    QVERIFY(!parseShard("auto", "4", envOf(env), &error)); // index 4 of 4 shards
    QVERIFY2(error.contains("only 4 shards"), qPrintable(error));
}

void TestShard::slurmArrayRefused_data()
{
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("min");
    QTest::addColumn<QByteArray>("max");
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<QByteArray>("count");
    QTest::addColumn<QString>("why");
    // sbatch --array=0,2,5: three tasks between 0 and 5
    QTest::newRow("gaps") << QByteArray("2") << QByteArray("0") << QByteArray("5") << QByteArray("1") << QByteArray("3")
                          << "gaps";
    // sbatch --array=0-12:2: is index 4 shard 4 or shard 2?
    QTest::newRow("step") << QByteArray("4") << QByteArray("0") << QByteArray("12") << QByteArray("2")
                          << QByteArray("7") << "step";
    QTest::newRow("not from 0") << QByteArray("3") << QByteArray("1") << QByteArray("7") << QByteArray("1")
                                << QByteArray("7") << "starts at 1";
    QTest::newRow("no shape") << QByteArray("3") << QByteArray() << QByteArray() << QByteArray() << QByteArray()
                              << "shape";
    QTest::newRow("not a number") << QByteArray("x") << QByteArray("0") << QByteArray("6") << QByteArray("1")
                                  << QByteArray("7") << "not a number";
}

void TestShard::slurmArrayRefused()
{
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, min);
    QFETCH(QByteArray, max);
    QFETCH(QByteArray, step);
    QFETCH(QByteArray, count);
    QFETCH(QString, why);
    QHash<QByteArray, QByteArray> env{{"SLURM_ARRAY_TASK_ID", id}};
    if (!min.isEmpty())
        env.insert("SLURM_ARRAY_TASK_MIN", min);
    if (!max.isEmpty())
        env.insert("SLURM_ARRAY_TASK_MAX", max);
    if (!step.isEmpty())
        env.insert("SLURM_ARRAY_TASK_STEP", step);
    if (!count.isEmpty())
        env.insert("SLURM_ARRAY_TASK_COUNT", count);
    QString error;
    QVERIFY(!parseShard("auto", "", envOf(env), &error));
    QVERIFY2(error.contains(why), qPrintable(error));
    QVERIFY2(error.startsWith("--shard auto:"), qPrintable(error));
}

void TestShard::kubernetesAndParallel()
{
    QString error;
    QVERIFY(!parseShard("auto", "", envOf({{"JOB_COMPLETION_INDEX", "3"}}), &error));
    QVERIFY2(error.contains("Kubernetes") && error.contains("--shard-count"), qPrintable(error));
    auto spec = parseShard("auto", "", envOf({{"JOB_COMPLETION_INDEX", "3"}, {"PIXELPOOL_SHARD_COUNT", "8"}}), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->id(), QStringLiteral("3/8"));
    QCOMPARE(spec->scheduler, QStringLiteral("kubernetes"));
    QVERIFY(!parseShard("auto", "3", envOf({{"JOB_COMPLETION_INDEX", "3"}}), &error));
    QVERIFY(!parseShard("auto", "0", envOf({{"JOB_COMPLETION_INDEX", "0"}}), &error)); // no zero shards
    // --shard-count wins over the variable.
    spec = parseShard("auto", "8", envOf({{"JOB_COMPLETION_INDEX", "3"}, {"PIXELPOOL_SHARD_COUNT", "x"}}), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->id(), QStringLiteral("3/8"));

    QVERIFY(!parseShard("auto", "", envOf({{"PARALLEL_SEQ", "1"}}), &error));
    QVERIFY2(error.contains("GNU parallel"), qPrintable(error));
    spec = parseShard("auto", "4", envOf({{"PARALLEL_SEQ", "1"}}), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->id(), QStringLiteral("0/4")); // PARALLEL_SEQ counts from 1
    QCOMPARE(spec->scheduler, QStringLiteral("parallel"));
    QVERIFY(!parseShard("auto", "4", envOf({{"PARALLEL_SEQ", "5"}}), &error));
    QVERIFY(!parseShard("auto", "4", envOf({{"PARALLEL_SEQ", "0"}}), &error));
}

void TestShard::outsideAScheduler()
{
    QString error;
    QVERIFY(!parseShard("auto", "", envOf({}), &error));
    QVERIFY2(error.contains("no scheduler found"), qPrintable(error));
    QVERIFY(!parseShard("auto", "", envOf({{"SLURM_JOB_ID", "12"}}), &error));
    QVERIFY2(error.contains("not an array"), qPrintable(error));
}

// GNU parallel inside a Slurm array task (or any two schedulers' indices): refused, naming both,
// rather than every parallel job taking the array's index. Before, Slurm won without a word. A
// plain Slurm job (SLURM_JOB_ID, no array) numbers nothing: parallel inside it is parallel's.
void TestShard::severalSchedulers()
{
    QString error;
    QHash<QByteArray, QByteArray> env{{"SLURM_JOB_ID", "5"},          {"SLURM_ARRAY_JOB_ID", "5"},
                                      {"SLURM_ARRAY_TASK_ID", "0"},   {"SLURM_ARRAY_TASK_COUNT", "1"},
                                      {"SLURM_ARRAY_TASK_MIN", "0"},  {"SLURM_ARRAY_TASK_MAX", "0"},
                                      {"SLURM_ARRAY_TASK_STEP", "1"}, {"PARALLEL_SEQ", "2"}};
    for (const QString count : {"", "3"}) {
        QVERIFY(!parseShard("auto", count, envOf(env), &error));
        QVERIFY2(error.startsWith("--shard auto:") && error.contains("SLURM_ARRAY_TASK_ID, PARALLEL_SEQ") &&
                     error.contains("--shard K/N"),
                 qPrintable(error));
    }
    QVERIFY(!parseShard("auto", "3", envOf({{"JOB_COMPLETION_INDEX", "1"}, {"PARALLEL_SEQ", "1"}}), &error));
    QVERIFY2(error.contains("JOB_COMPLETION_INDEX, PARALLEL_SEQ"), qPrintable(error));
    // --shard K/N says which: the variables are not looked at.
    auto spec = parseShard("1/3", "", envOf(env), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->id(), QStringLiteral("1/3"));
    // Inside a plain Slurm job, PARALLEL_SEQ numbers the shards.
    spec = parseShard("auto", "3", envOf({{"SLURM_JOB_ID", "5"}, {"PARALLEL_SEQ", "2"}}), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->id(), QStringLiteral("1/3"));
    QCOMPARE(spec->scheduler, QStringLiteral("parallel"));
}

void TestShard::inputLists()
{
    QCOMPARE(splitInputList("a.jpg\nsub/b c.png\n\n trailing \n", false),
             (QVector<QByteArray>{"a.jpg", "sub/b c.png", " trailing "}));
    QCOMPARE(splitInputList(QByteArray("new\nline.jpg\0b.jpg\0\0", 20), true),
             (QVector<QByteArray>{"new\nline.jpg", "b.jpg"}));
    QCOMPARE(splitInputList("last-without-newline.jpg", false), (QVector<QByteArray>{"last-without-newline.jpg"}));
    // Written on Windows: "\r\n" ends a line; a lone "\r" inside a name stays, and NUL lists are raw.
    QCOMPARE(splitInputList("a.jpg\r\nb\rc.jpg\r\n\r\nlast.jpg\r", false),
             (QVector<QByteArray>{"a.jpg", "b\rc.jpg", "last.jpg"}));
    QCOMPARE(splitInputList(QByteArray("cr.jpg\r\0", 8), true), (QVector<QByteArray>{"cr.jpg\r"}));
    QTemporaryDir dir;
    QFile list(dir.path() + "/list");
    QVERIFY(list.open(QIODevice::WriteOnly));
    list.write("x.jpg\n\xff\xfe.jpg\n");
    list.close();
    QVector<QByteArray> paths;
    Message error;
    QVERIFY(readInputList(QFile::encodeName(list.fileName()), false, &paths, &error));
    QCOMPARE(paths, (QVector<QByteArray>{"x.jpg", "\xff\xfe.jpg"})); // raw bytes kept
    QVERIFY(!readInputList(QFile::encodeName(dir.path() + "/missing"), false, &paths, &error));
    QCOMPARE(error.id, MessageId::CannotReadInputList);
    QVERIFY2(error.english().startsWith("cannot read the input list"), qPrintable(error.english()));
}

void TestShard::namesAgreeAcrossShards()
{
    // a.png and a.bmp both become a.jpg: whichever shard runs a.bmp, it is "a (2).jpg".
    QTemporaryDir dir;
    Preset preset;
    preset.name = "web";
    preset.output.format = OutputFormat::Jpeg;
    preset.output.nameTemplate = "{name}.{ext}";
    preset.output.overwrite = OverwritePolicy::Skip;
    const InputItem first{"/in/a.png", {}, {}}, second{"/in/a.bmp", {}, {}};
    OutputPlanner alone(preset, dir.path(), "run-a");
    QVERIFY(alone.plan(first, 1, 1, {}).pattern.endsWith("/a.jpg"));
    QVERIFY(alone.plan(second, 2, 2, {}).pattern.endsWith("/a (2).jpg"));
    OutputPlanner other(preset, dir.path(), "run-b");
    other.reserve(first, 1); // another shard's input
    QVERIFY(other.plan(second, 2, 1, {}).pattern.endsWith("/a (2).jpg"));
    // An input that cannot be read still takes its name: the other shards do not know.
    OutputPlanner third(preset, dir.path(), "run-c");
    third.reserve({"/in/a.png", {}, Message::verbatim(QStringLiteral("unreadable"))}, 1);
    QVERIFY(third.plan(second, 2, 1, {}).pattern.endsWith("/a (2).jpg"));
}

void TestShard::reportMerge()
{
    QTemporaryDir dir;
    const QVector<InputItem> items = itemsNamed(60, "%.jpg");
    auto runShard = [&](int k, int n, bool complete) {
        ShardSpec spec;
        spec.index = k;
        spec.count = n;
        const ShardPlan plan = planShard(items, spec);
        QVector<InputItem> owned;
        for (int i : plan.owned)
            owned << items[i];
        const QString path = dir.path() + QStringLiteral("/shard-%1-of-%2.json").arg(k).arg(n);
        ShardReport report(QFile::encodeName(path), spec, plan, int(items.size()), {"pixelpool", "--batch"}, owned);
        report.setMinWriteInterval(0); // each record reaches the file, as if the shard ran for hours
        Message error;
        if (!report.begin(&error))
            qWarning() << error.english();
        for (int i = 0; i < owned.size(); ++i) {
            if (!complete && i >= owned.size() / 2)
                break; // killed halfway: the rest stays pending
            if (i % 10 == 3)
                report.record(finalEvent(i, BatchEvent::Kind::Failed, proto::FailureCode::Corrupt));
            else if (i % 10 == 5)
                report.record(finalEvent(i, BatchEvent::Kind::Skipped, proto::FailureCode::OutputExists));
            else
                report.record(finalEvent(i, BatchEvent::Kind::Finished));
        }
        if (complete && !report.finish("finished", &error))
            qWarning() << error.english();
        QJsonObject o;
        if (!readReport(path, &o, &error))
            qWarning() << error.english();
        return std::make_pair(o, int(plan.owned.size()));
    };
    QVector<QJsonObject> all;
    int perShard[3] = {};
    for (int k = 0; k < 3; ++k) {
        auto [report, owned] = runShard(k, 3, true);
        QCOMPARE(report.value("totals").toObject().value("owned").toInt(), owned);
        all << report;
        perShard[k] = owned;
    }
    MergedReports m = mergeReports(all, {"0", "1", "2"});
    QVERIFY2(m.complete(), qPrintable(mergedToText(m)));
    QCOMPARE(m.listingInputs, 60);
    QCOMPARE(m.totals.value("done") + m.totals.value("failed") + m.totals.value("already_done"), 60);
    QVERIFY(m.totals.value("failed") > 0 && m.totals.value("already_done") > 0);

    // Shard 1 dropped: its inputs are unreported, and merge says which shard and how many.
    m = mergeReports({all[0], all[2]}, {"0", "2"});
    QVERIFY(!m.complete());
    QCOMPARE(m.unreported, perShard[1]);
    QCOMPARE(m.shardsWithoutReport, (QMap<int, int>{{1, perShard[1]}}));
    QVERIFY(mergedToText(m).contains("missing: shard 1 wrote no report"));

    // Shard 1 killed halfway: the inputs it had not finished are listed by name.
    auto [partial, owned1] = runShard(1, 3, false);
    QCOMPARE(partial.value("state").toString(), QStringLiteral("running"));
    m = mergeReports({all[0], partial, all[2]}, {"0", "1", "2"});
    QVERIFY(!m.complete());
    QCOMPARE(m.unfinished.size(), owned1 - owned1 / 2);
    QCOMPARE(m.pending, owned1 - owned1 / 2);
    QCOMPARE(m.unreported, 0); // every input is in a report, pending there

    // Overlap: a shard of another split joins the reports.
    auto [other, ownedOther] = runShard(0, 2, true);
    m = mergeReports({all[0], all[1], all[2], other}, {"0", "1", "2", "other"});
    QVERIFY(!m.complete());
    QCOMPARE(m.reportedTwice.size(), ownedOther);
    QVERIFY(std::any_of(m.problems.cbegin(), m.problems.cend(),
                        [](const Message &p) { return p.id == MessageId::ReportDifferentCounts; }));
    QVERIFY(mergedToText(m).contains("problem: the reports split the batch into different numbers of shards (2, 3)"));
    // The same shard twice.
    m = mergeReports({all[0], all[1], all[1], all[2]}, {"0", "1", "1 again", "2"});
    QCOMPARE(m.reportedTwice.size(), perShard[1]);
    QCOMPARE(m.problems.value(0).id, MessageId::ReportShardTwice);
    QVERIFY(mergedToJson(m).value("problems").toArray().at(0).toString().contains("two reports"));

    // Not a report at all.
    QFile junk(dir.path() + "/junk.json");
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("{\"inputs\": []}");
    junk.close();
    QJsonObject o;
    Message error;
    QVERIFY(!readReport(junk.fileName(), &o, &error));
    QCOMPARE(error.id, MessageId::ReportNotAReport);
    QVERIFY2(error.english().contains("not a PixelPool shard report"), qPrintable(error.english()));
}

// A shard killed or cancelled: merge names it, with its state and how many of its inputs are
// pending, in the text and in --json, and counts them apart from inputs in no report.
void TestShard::mergeNamesUnfinishedShards()
{
    QTemporaryDir dir;
    const QVector<InputItem> items = itemsNamed(90, "%.jpg");
    auto shard = [&](int k, const char *how) {
        ShardSpec spec;
        spec.index = k;
        spec.count = 3;
        const ShardPlan plan = planShard(items, spec);
        QVector<InputItem> owned;
        for (int i : plan.owned)
            owned << items[i];
        const QString path = dir.path() + QStringLiteral("/shard-%1.json").arg(k);
        ShardReport report(QFile::encodeName(path), spec, plan, int(items.size()), {"pixelpool", "--batch"}, owned);
        report.setMinWriteInterval(0);
        Message error;
        if (!report.begin(&error))
            qWarning() << error.english();
        const bool whole = qstrcmp(how, "finished") == 0;
        for (int i = 0; i < (whole ? owned.size() : 5); ++i)
            report.record(finalEvent(i, BatchEvent::Kind::Finished));
        if (qstrcmp(how, "cancelled") == 0) // SIGTERM: the image in flight cancelled, the rest pending
            report.record(finalEvent(5, BatchEvent::Kind::Failed, proto::FailureCode::Cancelled));
        if (qstrcmp(how, "running") != 0 && !report.finish(how, &error)) // running: killed
            qWarning() << error.english();
        QJsonObject o;
        if (!readReport(path, &o, &error))
            qWarning() << error.english();
        return std::make_pair(o, int(owned.size()));
    };
    const auto [r0, owned0] = shard(0, "finished");
    const auto [r1, owned1] = shard(1, "running");
    const auto [r2, owned2] = shard(2, "cancelled");
    const QString n1 = dir.path() + "/shard-1.json", n2 = dir.path() + "/shard-2.json";
    const MergedReports m = mergeReports({r0, r1, r2}, {dir.path() + "/shard-0.json", n1, n2});
    QVERIFY(!m.complete());
    QCOMPARE(m.unfinishedShards.size(), 2);
    QCOMPARE(m.unfinishedShards[0].id, QStringLiteral("1/3"));
    QCOMPARE(m.unfinishedShards[0].state, QStringLiteral("running"));
    QCOMPARE(m.unfinishedShards[0].pending, owned1 - 5);
    QCOMPARE(m.unfinishedShards[1].id, QStringLiteral("2/3"));
    QCOMPARE(m.unfinishedShards[1].state, QStringLiteral("cancelled"));
    QCOMPARE(m.unfinishedShards[1].pending, owned2 - 5);
    QCOMPARE(m.pending, owned1 + owned2 - 10);
    QCOMPARE(m.unreported, 0);
    const QString text = mergedToText(m);
    QVERIFY2(text.contains(QStringLiteral("missing: shard 1/3 did not finish (running or killed, %1 pending): %2\n")
                               .arg(owned1 - 5)
                               .arg(n1)),
             qPrintable(text));
    QVERIFY2(
        text.contains(
            QStringLiteral("missing: shard 2/3 did not finish (cancelled, %1 pending): %2\n").arg(owned2 - 5).arg(n2)),
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("incomplete: %1 of the inputs pending in a report, 0 in no report")
                               .arg(owned1 + owned2 - 10)),
             qPrintable(text));
    const QJsonObject json = mergedToJson(m);
    QCOMPARE(json.value("pending").toInt(), owned1 + owned2 - 10);
    QCOMPARE(json.value("unreported").toInt(), 0);
    const QJsonArray shards = json.value("unfinished_shards").toArray();
    QCOMPARE(shards.size(), 2);
    QCOMPARE(shards[0].toObject().value("shard").toInt(), 1);
    QCOMPARE(shards[0].toObject().value("report").toString(), n1);
    QCOMPARE(shards[1].toObject().value("state").toString(), QStringLiteral("cancelled"));
    QCOMPARE(shards[1].toObject().value("pending").toInt(), owned2 - 5);

    // Shard 1 dropped and shard 2 cancelled: the one in no report, the other pending.
    const MergedReports dropped = mergeReports({r0, r2}, {"shard-0.json", n2});
    QCOMPARE(dropped.pending, owned2 - 5);
    QCOMPARE(dropped.unreported, owned1);
}

// Reports of different listings: which report differs from which, and no made-up count.
void TestShard::mergeOfDifferentListings()
{
    QTemporaryDir dir;
    ShardSpec first, second;
    first.count = second.count = 2;
    second.index = 1;
    const QVector<InputItem> four = itemsNamed(4, "p%.jpg"), three = itemsNamed(3, "p%.jpg");
    const QString a = dir.path() + "/r0.json", b = dir.path() + "/r1.json";
    const MergedReports m = mergeReports({doneReport(a, four, first), doneReport(b, three, second)}, {a, b});
    QVERIFY(!m.complete());
    QCOMPARE(m.listingInputs, -1);
    QCOMPARE(m.unreported, -1);
    const QString text = mergedToText(m);
    QVERIFY2(!text.contains("inputs: -1") && !text.contains(" -1 ") && text.startsWith("reports: 2; "),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("problem: %1 comes from another listing of inputs (3 inputs) than %2 (4 "
                                          "inputs)")
                               .arg(b, a)),
             qPrintable(text));
    QVERIFY2(text.contains("incomplete: 0 of the inputs pending in a report; how many are in no report is not known"),
             qPrintable(text));
    const QJsonObject json = mergedToJson(m);
    QVERIFY(!json.contains("inputs") && !json.contains("unreported"));
    QVERIFY(json.value("problems").toArray().at(0).toString().contains(b));
}

// Shards run with another preset or output folder: complete, but said.
void TestShard::mergeWarnsOfDifferentCommands()
{
    QTemporaryDir dir;
    const QVector<InputItem> items = itemsNamed(20, "%.jpg");
    QVector<QJsonObject> reports;
    QStringList names;
    for (int k = 0; k < 3; ++k) {
        ShardSpec spec;
        spec.index = k;
        spec.count = 3;
        names << dir.path() + QStringLiteral("/shard-%1.json").arg(k);
        // What differs between shards by design (the shard, its report, workers, quiet) is no warning.
        QStringList command{"pixelpool",
                            "--batch",
                            "-q",
                            "--inputs-from",
                            "l.txt",
                            "-p",
                            "web",
                            "-o",
                            "out",
                            "--shard",
                            spec.id(),
                            "-w",
                            QString::number(k + 1),
                            "--report=" + names.last()};
        reports << doneReport(names.last(), items, spec, command);
    }
    MergedReports m = mergeReports(reports, names);
    QVERIFY2(m.complete() && m.warnings.isEmpty(), qPrintable(mergedToText(m)));

    ShardSpec spec;
    spec.index = 2;
    spec.count = 3;
    reports[2] = doneReport(names[2], items, spec,
                            {"pixelpool", "--batch", "--inputs-from", "l.txt", "-p", "thumbnail", "-o", "out2",
                             "--shard", "2/3", "--report", names[2]});
    m = mergeReports(reports, names);
    QVERIFY(m.complete()); // everything is there: said, not failed
    QCOMPARE(m.warnings.size(), 1);
    const QString text = mergedToText(m);
    QVERIFY2(text.contains(QStringLiteral("warning: %1 and %2 were made with different options (--batch "
                                          "--inputs-from l.txt -p thumbnail -o out2; --batch --inputs-from l.txt -p "
                                          "web -o out)")
                               .arg(names[2], names[0])),
             qPrintable(text));
    QCOMPARE(mergedToJson(m).value("warnings").toArray().size(), 1);
}

void TestShard::reportRefusals()
{
    QTemporaryDir dir;
    const QVector<InputItem> items = itemsNamed(2, "%.jpg");
    ShardSpec spec;
    const ShardPlan plan = planShard(items, spec);
    // A folder where the report should go: said as such, not "Input/output error".
    QVERIFY(QDir(dir.path()).mkdir("reports"));
    ShardReport report(QFile::encodeName(dir.path() + "/reports"), spec, plan, 2, {"pixelpool"}, items);
    Message error;
    QVERIFY(!report.begin(&error));
    QCOMPARE(error.id, MessageId::ReportIsAFolder);
    QVERIFY2(error.english().contains("it is a folder"), qPrintable(error.english()));
    // A report of the first format (keys relative to a folder input) is not merged with these.
    QFile old(dir.path() + "/old.json");
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write(R"({"pixelpool_report": 1, "shard": {}, "listing": {}, "inputs": []})");
    old.close();
    QJsonObject o;
    QVERIFY(!readReport(old.fileName(), &o, &error));
    QCOMPARE(error.id, MessageId::ReportEarlierPartition);
    QVERIFY2(error.english().contains("earlier PixelPool (version 1)"), qPrintable(error.english()));
}

// A preset with several outputs: the report names each, as --json does, not only the first.
void TestShard::reportListsEveryOutput()
{
    QTemporaryDir dir;
    const QVector<InputItem> items = itemsNamed(2, "%.jpg");
    ShardSpec spec;
    const ShardPlan plan = planShard(items, spec);
    const QString path = dir.path() + QStringLiteral("/report.json");
    ShardReport report(QFile::encodeName(path), spec, plan, int(items.size()), {"pixelpool", "--batch"}, items);
    report.setMinWriteInterval(0);
    Message error;
    QVERIFY2(report.begin(&error), qPrintable(error.english()));
    BatchEvent e = finalEvent(0, BatchEvent::Kind::Finished);
    e.output = "/out/web/a.jpg";
    e.outputs = {{"web", "/out/web/a.jpg", 1920, 1280, 400000, false},
                 {"thumbnail", "/out/thumbs/a.jpg", 0, 0, 0, true}};
    report.record(e);
    QVERIFY2(report.finish("finished", &error), qPrintable(error.english()));
    QJsonObject o;
    QVERIFY2(readReport(path, &o, &error), qPrintable(error.english()));
    const QJsonArray outputs = o.value("inputs").toArray().at(0).toObject().value("outputs").toArray();
    QCOMPARE(outputs.size(), 2);
    QCOMPARE(outputs.at(0).toObject().value("name").toString(), QStringLiteral("web"));
    QCOMPARE(outputs.at(0).toObject().value("width").toInt(), 1920);
    QCOMPARE(outputs.at(1).toObject().value("output").toString(), QStringLiteral("/out/thumbs/a.jpg"));
    QVERIFY(outputs.at(1).toObject().value("existing").toBool());
}

// A FIFO, a socket or a device at the report's path is refused before anything is written, and
// stays what it was: a report is a file that a temporary replaces. Before, a socket there became a
// regular file holding the report (and, as root, --report /dev/null replaced /dev/null).
void TestShard::reportNeverReplacesADevice()
{
    QTemporaryDir dir;
    const QVector<InputItem> items = itemsNamed(2, "%.jpg");
    ShardSpec spec;
    const ShardPlan plan = planShard(items, spec);
    const QByteArray socketPath = QFile::encodeName(dir.path() + "/socket.json");
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    QVERIFY(size_t(socketPath.size()) < sizeof address.sun_path);
    std::copy(socketPath.cbegin(), socketPath.cend(), address.sun_path);
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    const QByteArray link = QFile::encodeName(dir.path() + "/link.json"); // stat() follows links
    QCOMPARE(::symlink(socketPath.constData(), link.constData()), 0);
    for (const QByteArray &path : {socketPath, link}) {
        ShardReport report(path, spec, plan, 2, {"pixelpool"}, items);
        Message error;
        QVERIFY(!report.begin(&error));
        QCOMPARE(error.id, MessageId::ReportNotRegularFile);
        QVERIFY2(error.english().contains("not a regular file (a pipe, socket or device)"),
                 qPrintable(error.english()));
        struct stat st;
        QVERIFY(::stat(socketPath.constData(), &st) == 0 && S_ISSOCK(st.st_mode));
    }
    ::close(fd);
}

// The report's path is a link: it is followed when the report begins, and every write goes there,
// even when the link is changed while the shard runs (as /proc/self/fd/1 is, when /dev/stdout is
// a file that the first write replaces). Before, each write followed the link anew.
void TestShard::reportFollowsItsLinksOnce()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath("a") && QDir(dir.path()).mkpath("b"));
    const QVector<InputItem> items = itemsNamed(2, "%.jpg");
    ShardSpec spec;
    const ShardPlan plan = planShard(items, spec);
    const QByteArray link = QFile::encodeName(dir.path() + "/report.json");
    QCOMPARE(::symlink("a/report.json", link.constData()), 0); // relative to the link's folder
    ShardReport report(link, spec, plan, 2, {"pixelpool"}, items);
    Message error;
    QVERIFY2(report.begin(&error), qPrintable(error.english()));
    QVERIFY(QFile::exists(dir.path() + "/a/report.json"));
    QCOMPARE(::unlink(link.constData()), 0);
    QCOMPARE(::symlink("b/report.json", link.constData()), 0);
    report.record(finalEvent(0, BatchEvent::Kind::Finished));
    QVERIFY2(report.finish("finished", &error), qPrintable(error.english()));
    QJsonObject o;
    QVERIFY2(readReport(dir.path() + "/a/report.json", &o, &error), qPrintable(error.english()));
    QCOMPARE(o.value("state").toString(), QStringLiteral("finished"));
    QVERIFY(!QFile::exists(dir.path() + "/b/report.json"));
}

// "Shard K/N has two reports" names two reports of the same shard of the same split only: with
// reports of 3 shards, a report of shard 0/1 or of shard 1/7 is not a second report of shard 0/3
// or 1/3 (the different counts are said, as a problem of their own). Before, the index alone was
// compared: "shard 0/1 has two reports: r3/shard-0.json and r1/shard-0.json".
void TestShard::mergeNamesOneShardTwiceOnly()
{
    QTemporaryDir dir;
    const QVector<InputItem> items = itemsNamed(40, "%.jpg");
    auto report = [&](int k, int n) {
        ShardSpec spec;
        spec.index = k;
        spec.count = n;
        return doneReport(dir.path() + QStringLiteral("/r%1-%2.json").arg(k).arg(n), items, spec);
    };
    const QVector<QJsonObject> three{report(0, 3), report(1, 3), report(2, 3)};
    const QStringList names{"r3/shard-0.json", "r3/shard-1.json", "r3/shard-2.json"};
    const auto shardTwice = [](const MergedReports &m) {
        return std::count_if(m.problems.cbegin(), m.problems.cend(),
                             [](const Message &p) { return p.id == MessageId::ReportShardTwice; });
    };
    for (const auto &[k, n] : {std::pair{0, 1}, std::pair{1, 7}, std::pair{1, 10}}) {
        const MergedReports m = mergeReports(three + QVector<QJsonObject>{report(k, n)},
                                             names + QStringList{QStringLiteral("r%1/shard-%2.json").arg(n).arg(k)});
        QVERIFY(!m.complete());
        QCOMPARE(shardTwice(m), 0);
        const QString text = mergedToText(m);
        QVERIFY2(text.contains(QStringLiteral("different numbers of shards (%1)")
                                   .arg(n < 3 ? QStringLiteral("%1, 3").arg(n) : QStringLiteral("3, %1").arg(n))),
                 qPrintable(text));
        QVERIFY2(!text.contains("has two reports"), qPrintable(text));
    }
    // Another report of shard 1/3 (a rerun written elsewhere): that is a second report of it.
    const MergedReports m = mergeReports(three + QVector<QJsonObject>{report(1, 3)}, names + QStringList{"b.json"});
    QCOMPARE(shardTwice(m), 1);
    QVERIFY2(mergedToText(m).contains("shard 1/3 has two reports: r3/shard-1.json and b.json"),
             qPrintable(mergedToText(m)));
}

// The same report named twice (the same name, another spelling of it, a link to it) is read once
// and said once; merge of it is complete. Before, it was "shard 1/3 has two reports: X and X" and
// every input of it "twice".
void TestShard::mergeReadsAFileOnce()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir("r"));
    const QString a = dir.path() + "/r/a.json", b = dir.path() + "/r/b.json";
    for (const QString &f : {a, b}) {
        QFile file(f);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{}");
    }
    QVERIFY(QFile::link(a, dir.path() + "/link.json"));
    QVector<Message> twice;
    const QStringList named{a, b, dir.path() + "/r/./a.json", dir.path() + "/link.json", b, dir.path() + "/none.json"};
    QCOMPARE(distinctReports(named, &twice), (QStringList{a, b, dir.path() + "/none.json"}));
    QCOMPARE(twice.size(), 3);
    QCOMPARE(twice[0].id, MessageId::ReportGivenTwice);
    QCOMPARE(twice[0].english(), QStringLiteral("%1/r/./a.json is the report %2 again: read once").arg(dir.path(), a));
    QCOMPARE(twice[2].args, (QStringList{b, b}));
}

// Options compared by what they mean (the command line's parser says it: CommandMeaning), shown as
// written: reports whose commands mean the same are no warning, whatever their spelling.
void TestShard::mergeComparesWhatOptionsMean()
{
    QTemporaryDir dir;
    const QVector<InputItem> items = itemsNamed(10, "%.jpg");
    QVector<QJsonObject> reports;
    QStringList names;
    const QList<QStringList> spellings{{"pixelpool", "--batch", "-o", "out", "photos/"},
                                       {"pixelpool", "--batch", "--output=out/", "./photos"}};
    for (int k = 0; k < 2; ++k) {
        ShardSpec spec;
        spec.index = k;
        spec.count = 2;
        names << dir.path() + QStringLiteral("/shard-%1.json").arg(k);
        reports << doneReport(names.last(), items, spec, spellings[k]);
    }
    MergedReports m = mergeReports(reports, names);
    QCOMPARE(m.warnings.size(), 1); // as written, they differ
    const CommandMeaning same = [](const QJsonArray &) { return QStringLiteral("output=out\ninput=photos"); };
    m = mergeReports(reports, names, same);
    QVERIFY2(m.complete() && m.warnings.isEmpty(), qPrintable(mergedToText(m)));
    // A command the parser does not know (empty meaning) is compared as written.
    const CommandMeaning unknown = [](const QJsonArray &) { return QString(); };
    QCOMPARE(mergeReports(reports, names, unknown).warnings.size(), 1);
}

// A report without one of its shard's inputs (cut or edited): merge names the shard, its report
// and how many it lacks, to be run again. Before: "1 in no report", without a name.
void TestShard::mergeNamesAShortReport()
{
    QTemporaryDir dir;
    const QVector<InputItem> items = itemsNamed(30, "%.jpg");
    QVector<QJsonObject> reports;
    QStringList names;
    for (int k = 0; k < 3; ++k) {
        ShardSpec spec;
        spec.index = k;
        spec.count = 3;
        names << dir.path() + QStringLiteral("/shard-%1.json").arg(k);
        reports << doneReport(names.last(), items, spec);
    }
    QJsonArray inputs = reports[1].value("inputs").toArray();
    const int owned = int(inputs.size());
    inputs.removeAt(2);
    reports[1].insert("inputs", inputs);
    const MergedReports m = mergeReports(reports, names);
    QVERIFY(!m.complete());
    QCOMPARE(m.unreported, 1);
    QCOMPARE(m.shortReports.size(), 1);
    const QString text = mergedToText(m);
    QVERIFY2(text.contains(QStringLiteral("missing: shard 1/3 owns %1 inputs, but its report lists %2 (cut or edited; "
                                          "the others are in no report: run the shard again): %3\n")
                               .arg(owned)
                               .arg(owned - 1)
                               .arg(names[1])),
             qPrintable(text));
    const QJsonArray json = mergedToJson(m).value("short_reports").toArray();
    QCOMPARE(json.size(), 1);
    QCOMPARE(json[0].toObject().value("report").toString(), names[1]);
    QCOMPARE(json[0].toObject().value("listed").toInt(), owned - 1);
    QCOMPARE(json[0].toObject().value("owned").toInt(), owned);
}

// What merge counts by, broken: refused as not a valid report, naming the field, rather than
// counted wrong. Before, shard.index 5 of 3 was taken, and an unknown outcome was counted as
// "running or killed" in a finished report.
void TestShard::invalidReportsRefused_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("id");
    QTest::addColumn<QString>("said");
    const int shard = int(MessageId::ReportBadShard), outcome = int(MessageId::ReportBadOutcome);
    QTest::newRow("index = count") << "shard.index" << QJsonValue(3) << shard
                                   << "its shard.index 3 is not a number from 0 below its shard.count 3";
    QTest::newRow("index > count") << "shard.index" << QJsonValue(5) << shard << "shard.index 5 is not";
    QTest::newRow("index < 0") << "shard.index" << QJsonValue(-1) << shard << "shard.index -1 is not";
    QTest::newRow("index a text") << "shard.index" << QJsonValue("1") << shard << "shard.index \"1\" is not";
    QTest::newRow("count 0") << "shard.count" << QJsonValue(0) << shard << "below its shard.count 0";
    QTest::newRow("per_shard short") << "listing.per_shard" << QJsonValue(QJsonArray{4, 3})
                                     << int(MessageId::ReportBadPerShard)
                                     << "its listing.per_shard has 2 numbers for 3 shards";
    QTest::newRow("outcome unknown") << "outcome" << QJsonValue("weird") << outcome
                                     << "inputs[0].outcome is \"weird\", not one that PixelPool writes";
    QTest::newRow("outcome missing") << "outcome" << QJsonValue(QJsonValue::Undefined) << outcome
                                     << "inputs[0].outcome is null";
}

void TestShard::invalidReportsRefused()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(int, id);
    QFETCH(QString, said);
    QTemporaryDir dir;
    const QString path = dir.path() + "/r.json";
    ShardSpec spec;
    spec.index = 1;
    spec.count = 3;
    QJsonObject o = doneReport(path, itemsNamed(30, "%.jpg"), spec);
    const QString part = field.section('.', 0, 0), name = field.section('.', 1);
    if (part == QLatin1String("outcome")) {
        QJsonArray inputs = o.value("inputs").toArray();
        QJsonObject first = inputs[0].toObject();
        if (value.isUndefined())
            first.remove("outcome");
        else
            first.insert("outcome", value);
        inputs[0] = first;
        o.insert("inputs", inputs);
    } else {
        QJsonObject inner = o.value(part).toObject();
        inner.insert(name, value);
        o.insert(part, inner);
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QJsonDocument(o).toJson());
    f.close();
    QJsonObject read;
    Message error;
    QVERIFY(!readReport(path, &read, &error));
    QCOMPARE(int(error.id), id);
    QVERIFY2(error.english().startsWith(path + ": not a valid report: ") && error.english().contains(said),
             qPrintable(error.english()));
}

QTEST_GUILESS_MAIN(TestShard)
#include "tst_shard.moc"
