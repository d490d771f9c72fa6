// pixelpool --batch: the headless front end. Only a QCoreApplication, no windows, no display.
#include "BatchCommand.h"

#include "BatchRunner.h"
#include "InProcessRunner.h"
#include "Limits.h"
#include "PresetLibrary.h"
#include "ScaleOut.h"
#include "WorkerPool.h"

#include <QCommandLineParser>
#include <QThread>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QMap>
#include <QJsonObject>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace pp {
namespace {

enum Exit { AllDone = 0, SomeFailed = 1, UsageError = 2, Interrupted = 130 };

void out(FILE *f, const QString &s)
{
    const QByteArray b = s.toUtf8();
    std::fwrite(b.constData(), 1, size_t(b.size()), f);
}

QJsonObject toJson(const BatchEvent &e)
{
    QJsonObject o{{"event", eventName(e.kind)}, {"index", e.index}, {"input", displayPath(e.input)}};
    switch (e.kind) {
    case BatchEvent::Kind::Started:
        o.insert("worker", e.worker);
        o.insert("pid", e.pid);
        break;
    case BatchEvent::Kind::Progress:
        o.insert("step", e.step);
        o.insert("steps", e.steps);
        break;
    case BatchEvent::Kind::Finished:
        o.insert("output", displayPath(e.output));
        o.insert("width", e.width);
        o.insert("height", e.height);
        o.insert("source_width", e.sourceWidth);
        o.insert("source_height", e.sourceHeight);
        o.insert("bytes", e.bytes);
        o.insert("ms", e.ms);
        if (!e.reason.isEmpty())
            o.insert("warning", e.reason);
        break;
    case BatchEvent::Kind::Skipped:
        o.insert("reason", e.reason);
        o.insert("code", proto::failureCodeName(e.code));
        if (!e.output.isEmpty())
            o.insert("output", displayPath(e.output));
        break;
    case BatchEvent::Kind::Failed:
        o.insert("reason", e.reason);
        o.insert("code", proto::failureCodeName(e.code));
        o.insert("attempts", e.attempts);
        break;
    }
    return o;
}

// Ctrl+C / SIGTERM: cancel cleanly (no partial outputs) through the event loop.
int g_signalPipe[2] = {-1, -1};
void onSignal(int) { [[maybe_unused]] auto n = ::write(g_signalPipe[1], "x", 1); }

// QCommandLineParser sees arguments as QString, which cannot carry file names that are not
// UTF-8. Such arguments are replaced by a placeholder and mapped back to their raw bytes.
QStringList argumentsKeepingRaw(int argc, char **argv, QHash<QString, QByteArray> *raw)
{
    QStringList args;
    for (int i = 0; i < argc; ++i) {
        const QByteArray bytes(argv[i]);
        const QString s = QString::fromUtf8(bytes);
        if (s.toUtf8() == bytes) {
            args << s;
        } else {
            const QString key = QStringLiteral("\x01raw%1").arg(i);
            raw->insert(key, bytes);
            args << key;
        }
    }
    return args;
}

class Progress
{
public:
    Progress(bool json, bool quiet) : m_json(json), m_quiet(quiet), m_tty(::isatty(2)) {}

    void onEvent(const BatchEvent &e, int completed, int total)
    {
        if (m_json && e.kind != BatchEvent::Kind::Progress) {
            out(stdout, QString::fromUtf8(QJsonDocument(toJson(e)).toJson(QJsonDocument::Compact)) + "\n");
            std::fflush(stdout);
        }
        if (m_quiet || e.kind == BatchEvent::Kind::Started || e.kind == BatchEvent::Kind::Progress)
            return;
        const QString name = displayPath(e.input);
        QString line;
        if (e.kind == BatchEvent::Kind::Failed)
            line = QStringLiteral("failed   %1: %2").arg(name, e.reason);
        else if (e.kind == BatchEvent::Kind::Skipped)
            line = QStringLiteral("skipped  %1: %2").arg(name, e.reason);
        else if (!m_tty)
            line = QStringLiteral("done     %1 -> %2 (%3×%4, %5 ms)")
                       .arg(name, displayPath(e.output))
                       .arg(e.width)
                       .arg(e.height)
                       .arg(e.ms, 0, 'f', 0);
        if (!e.reason.isEmpty() && e.kind == BatchEvent::Kind::Finished)
            line = QStringLiteral("warning  %1: %2").arg(name, e.reason);
        if (m_tty) {
            if (!line.isEmpty())
                out(stderr, "\r\033[K" + line + "\n");
            out(stderr, QStringLiteral("\r\033[K[%1/%2] %3%")
                            .arg(completed)
                            .arg(total)
                            .arg(total ? completed * 100 / total : 100));
        } else if (!line.isEmpty()) {
            out(stderr, line + "\n");
        }
        std::fflush(stderr);
    }

    void summary(const BatchSummary &s)
    {
        if (m_json) {
            QJsonObject o{{"event", "summary"},      {"total", s.total},
                          {"done", s.done},          {"failed", s.failed},
                          {"skipped", s.skipped},    {"seconds", s.seconds},
                          {"workers", s.workers},    {"workers_replaced", s.workersReplaced},
                          {"cancelled", s.cancelled}};
            out(stdout, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) + "\n");
            std::fflush(stdout);
        }
        if (m_quiet)
            return;
        if (m_tty)
            out(stderr, "\r\033[K");
        out(stderr, QStringLiteral("%1 images: %2 done, %3 failed, %4 skipped in %5 s (%6 images/s, %7 workers)%8\n")
                        .arg(s.total)
                        .arg(s.done)
                        .arg(s.failed)
                        .arg(s.skipped)
                        .arg(s.seconds, 0, 'f', 2)
                        .arg(s.seconds > 0 ? s.total / s.seconds : 0, 0, 'f', 1)
                        .arg(s.workers)
                        .arg(s.cancelled ? QStringLiteral(" — cancelled") : QString()));
    }

private:
    bool m_json, m_quiet, m_tty;
};

} // namespace

int runBatchCommand(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("pixelpool");
    QCoreApplication::setApplicationVersion(PIXELPOOL_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        "PixelPool batch mode: process images and folders with a preset, in a pool of worker "
        "processes.\nExit codes: 0 all done, 1 some images failed, 2 usage or preset error.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {"batch", "Run without a window (this mode)."},
        {{"p", "preset"}, "Preset name or .json file (default: web).", "name|file", "web"},
        {{"o", "output"}, "Output folder (default: the preset's, else ./pixelpool-output).", "dir"},
        {{"w", "workers"}, "Worker processes (default: one per core).", "n", "0"},
        {{"r", "recursive"}, "Include sub-folders of folder inputs."},
        {"json", "Print one JSON object per event on stdout."},
        {{"q", "quiet"}, "No progress on stderr."},
        {"format", "Override the output format (jpeg, png, webp, tiff, bmp, jxl, avif, keep).", "format"},
        {"quality", "Override the JPEG/WebP/JPEG XL/AVIF quality (1-100).", "q"},
        {"overwrite", "Override the overwrite policy (skip, rename, overwrite).", "policy"},
        {"metadata", "Override what metadata outputs keep (keep, strip-location, strip).", "policy"},
        {"colour", "Override the colour handling (keep: the source's profile; srgb: convert to sRGB).", "policy"},
        {"max-tasks-per-worker", "Replace a worker after this many images (0: never).", "n", "0"},
        {"timeout", "Give up on an image after this many seconds (retried once).", "s", "300"},
        {"max-megapixels", "Refuse images larger than this, before decoding.", "mp", "200"},
        {"list-presets", "List the available presets and exit."},
        {"in-process", "Developer option: run jobs on threads of this process, no workers."},
    });
    QCommandLineOption testFlags("test-flags", "", "flags", "0");
    testFlags.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(testFlags);
    ScaleOut::addOptions(parser);
    parser.addPositionalArgument("inputs", "Image files and folders.", "INPUT...");

    QHash<QString, QByteArray> raw;
    parser.process(argumentsKeepingRaw(argc, argv, &raw));

    PresetLibrary library(PresetLibrary::defaultUserDir());
    if (parser.isSet("list-presets")) {
        for (const PresetEntry &e : library.entries())
            out(stdout,
                QStringLiteral("%1%2\t%3\n").arg(e.preset.name, e.builtin ? "" : " (user)", e.preset.description));
        return AllDone;
    }
    auto usage = [](const QString &message) {
        out(stderr, "pixelpool: " + message + "\n");
        return int(UsageError);
    };
    QString error;
    auto preset = library.resolve(parser.value("preset"), &error);
    if (!preset)
        return usage(error);
    if (parser.isSet("format")) {
        const auto f = formatFromName(parser.value("format"));
        if (!f)
            return usage(QStringLiteral("unknown format \"%1\"").arg(parser.value("format")));
        preset->output.format = *f;
    }
    if (parser.isSet("quality")) {
        bool ok;
        const int q = parser.value("quality").toInt(&ok);
        if (!ok || q < 1 || q > 100)
            return usage(QStringLiteral("--quality takes 1 to 100"));
        preset->output.quality = q;
    }
    if (parser.isSet("overwrite")) {
        const auto p = overwriteFromName(parser.value("overwrite"));
        if (!p)
            return usage(QStringLiteral("--overwrite takes skip, rename or overwrite"));
        preset->output.overwrite = *p;
    }
    if (parser.isSet("metadata")) {
        const auto p = metadataFromName(parser.value("metadata"));
        if (!p)
            return usage(QStringLiteral("--metadata takes keep, strip-location or strip"));
        preset->output.metadata = *p;
    }
    if (parser.isSet("colour")) {
        const auto p = colourFromName(parser.value("colour"));
        if (!p)
            return usage(QStringLiteral("--colour takes keep or srgb"));
        preset->output.colour = *p;
    }
    const QString templateError = OutputPlanner::validateTemplate(preset->output.nameTemplate);
    if (!templateError.isEmpty())
        return usage(templateError);

    bool ok = true;
    RunnerSettings settings;
    auto number = [&](const char *name, int min, int max) {
        bool good;
        const int v = parser.value(name).toInt(&good);
        if (!good || v < min || v > max) {
            ok = false;
            out(stderr, QStringLiteral("pixelpool: --%1 takes a number from %2 to %3\n").arg(name).arg(min).arg(max));
        }
        return v;
    };
    settings.workers = number("workers", 0, 256);
    settings.maxTasksPerWorker = number("max-tasks-per-worker", 0, 1 << 30);
    settings.timeoutSeconds = number("timeout", 1, 86400);
    settings.maxPixels = quint64(number("max-megapixels", 1, 100000)) * 1'000'000;
    settings.testFlags = quint32(number("test-flags", 0, 1 << 30));
    settings.previewMax = 0; // no progress view to show previews in
    if (!ok)
        return UsageError;

    QVector<QByteArray> inputs;
    for (const QString &a : parser.positionalArguments())
        inputs << (raw.contains(a) ? raw.value(a) : QFile::encodeName(a));
    ScaleOut scaleOut; // --shard, --inputs-from, --report
    if (!scaleOut.configure(parser, *preset, argc, argv, &inputs, &error))
        return usage(error);
    if (inputs.isEmpty())
        return usage(QStringLiteral("no inputs given (try --help)"));

    QString outputDir = parser.value("output");
    if (outputDir.isEmpty())
        outputDir = preset->output.folder.isEmpty() ? QStringLiteral("pixelpool-output") : preset->output.folder;

    const ScanResult scan = scaleOut.scan(inputs, {parser.isSet("recursive"), 64});
    Progress progress(parser.isSet("json"), parser.isSet("quiet"));
    for (const SkippedInput &s : scan.skipped) {
        BatchEvent e;
        e.kind = BatchEvent::Kind::Skipped;
        e.index = -1;
        e.input = s.path;
        e.reason = s.reason;
        if (parser.isSet("json"))
            progress.onEvent(e, 0, 0);
    }
    if (!parser.isSet("json") && !parser.isSet("quiet") && !scan.skipped.isEmpty()) {
        // Without --json the scan's leftovers are counted by reason, with a few names each.
        QMap<QString, QStringList> byReason;
        for (const SkippedInput &s : scan.skipped)
            byReason[s.reason] << displayPath(s.path);
        out(stderr, QStringLiteral("left out %1 while scanning:\n")
                        .arg(scan.skipped.size() == 1 ? QStringLiteral("1 file")
                                                      : QStringLiteral("%1 files").arg(scan.skipped.size())));
        for (auto it = byReason.cbegin(); it != byReason.cend(); ++it) {
            const QStringList &names = it.value();
            out(stderr, QStringLiteral("  %1 × %2: %3%4\n")
                            .arg(names.size())
                            .arg(it.key(), names.mid(0, 3).join(QStringLiteral(", ")),
                                 names.size() > 3 ? QStringLiteral(", …") : QString()));
        }
    }
    if (scan.items.isEmpty()) {
        out(stderr, "pixelpool: no images found in the inputs\n");
        return SomeFailed;
    }
    const QVector<InputItem> items = scaleOut.select(scan.items);
    if (!scaleOut.begin(&error))
        return usage(error);
    if (items.isEmpty()) { // a shard whose share of the inputs is empty
        progress.summary(BatchSummary{});
        return scaleOut.finish(false, &error) ? AllDone : usage(error);
    }

    // No more workers than images: each one costs a process start.
    settings.workers =
        std::min(settings.workers > 0 ? settings.workers : std::max(1, QThread::idealThreadCount()), int(items.size()));
    std::unique_ptr<JobRunner> runner;
    if (parser.isSet("in-process"))
        runner = std::make_unique<InProcessRunner>(settings);
    else
        runner = std::make_unique<WorkerPool>(settings);
    if (!runner->start(&error)) {
        // Nothing can run: still give every input its outcome, with the reason.
        out(stderr, "pixelpool: " + error + "\n");
        for (int i = 0; i < items.size(); ++i) {
            BatchEvent e;
            e.kind = BatchEvent::Kind::Failed;
            e.index = i;
            e.input = items[i].path;
            e.reason = error;
            e.code = proto::FailureCode::WorkersCannotStart;
            progress.onEvent(e, i + 1, int(items.size()));
            scaleOut.record(e);
        }
        scaleOut.finish(false, &error);
        BatchSummary s;
        s.total = int(items.size() + scan.skipped.size());
        s.failed = int(items.size());
        s.skipped = int(scan.skipped.size());
        s.workers = settings.workers;
        progress.summary(s);
        return SomeFailed;
    }
    QObject::connect(runner.get(), &JobRunner::log, [&](const QString &m) {
        if (!parser.isSet("quiet"))
            out(stderr, "pixelpool: " + m + "\n");
    });

    BatchRunner batch(runner.get(), *preset, outputDir);
    scaleOut.attach(batch);
    QObject::connect(&batch, &BatchRunner::event, [&](const BatchEvent &e) {
        progress.onEvent(e, batch.completed(), batch.total());
        scaleOut.record(e);
    });
    int exitCode = AllDone;
    QObject::connect(&batch, &BatchRunner::finished, [&](BatchSummary s) {
        // Inputs left out while scanning (not images, duplicates) are part of the account.
        s.total += int(scan.skipped.size());
        s.skipped += int(scan.skipped.size());
        progress.summary(s);
        exitCode = s.cancelled ? Interrupted : (s.failed > 0 ? SomeFailed : AllDone);
        QString why;
        if (!scaleOut.finish(s.cancelled, &why)) {
            out(stderr, "pixelpool: " + why + "\n");
            exitCode = exitCode == AllDone ? SomeFailed : exitCode;
        }
        app.quit();
    });

    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, [&] {
            char c;
            [[maybe_unused]] auto n = ::read(g_signalPipe[0], &c, 1);
            if (!parser.isSet("quiet"))
                out(stderr, "\npixelpool: cancelling…\n");
            batch.cancel();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }

    batch.start(items);
    app.exec();
    runner->shutdown();
    return exitCode;
}

} // namespace pp
