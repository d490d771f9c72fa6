// pixelpool --batch: the headless front end. Only a QCoreApplication, no windows, no display.
// The options are in cli/Options.cpp; what is shown in cli/TerminalReport.cpp and
// cli/JsonEvents.cpp; --dry-run in cli/DryRun.cpp.
#include "BatchCommand.h"

#include "BatchRunner.h"
#include "EarlierOutputs.h"
#include "PresetLibrary.h"
#include "ScaleOut.h"
#include "Translations.h"
#include "WorkerSandbox.h"
#include "WorkerPool.h"
#include "cli/DryRun.h"
#include "cli/JsonEvents.h"
#include "cli/OptionPaths.h"
#include "cli/Options.h"
#include "cli/Output.h"
#include "cli/Print.h"
#include "cli/TerminalReport.h"

#include <QCoreApplication>
#include <QFile>
#include <QSet>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {
namespace {

// docs/cli.md lists these; --help too. NotRecorded: the batch ran, but what it did could not be
// recorded where it was asked for (the report at the end).
enum Exit { AllDone = 0, SomeFailed = 1, UsageError = 2, NotRecorded = 3, Interrupted = 130 };

using cli::print;

int usageError(const QString &message)
{
    print(stderr, QStringLiteral("pixelpool: ") + cli::visible(message) + QLatin1Char('\n'));
    return UsageError;
}

// Ctrl+C / SIGTERM / SIGHUP (the terminal or the SSH session went away): cancel cleanly (no partial
// outputs), from the first moment: the scan of the inputs stops at the flag, the batch through
// the event loop (the socket).
int g_signalPipe[2] = {-1, -1};
std::atomic_bool g_interrupted{false};
void onSignal(int sig)
{
    WorkerPool::noteStopSignal(sig); // workers that die of the same signal went with this process
    g_interrupted.store(true);
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], "x", 1);
}

// A signal the process was started with ignored stays ignored, as shells and nohup expect: a
// background job of a script (`pixelpool … &`) ignores SIGINT, `nohup pixelpool …` SIGHUP.
void catchInterrupts()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, g_signalPipe) != 0)
        g_signalPipe[0] = g_signalPipe[1] = -1; // the flag still stops a scan; a batch cannot be cancelled
    // A write that waits for a slow reader ends its wait at a signal, and after one a reader that
    // takes nothing is given up (cli/Output.h): the signal is handled whatever the readers do.
    cli::watchInterrupts(&g_interrupted, g_signalPipe[0]);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction old = {};
        if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        struct sigaction sa = {};
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(sig, &sa, nullptr);
    }
}

// Holds SIGINT, SIGTERM and SIGHUP pending while the inputs are listed: readInputList() lets them
// through only while it waits (for a terminal, a pipe, a FIFO's writer), so one that comes just
// before that wait ends it, and is not lost to a wait that may not end. Let go (and delivered) after.
class InterruptsHeld
{
public:
    InterruptsHeld()
    {
        sigset_t held;
        sigemptyset(&held);
        for (const int sig : {SIGINT, SIGTERM, SIGHUP})
            sigaddset(&held, sig);
        m_held = ::pthread_sigmask(SIG_BLOCK, &held, &m_before) == 0;
    }
    ~InterruptsHeld()
    {
        if (m_held)
            ::pthread_sigmask(SIG_SETMASK, &m_before, nullptr);
    }
    InterruptsHeld(const InterruptsHeld &) = delete;
    InterruptsHeld &operator=(const InterruptsHeld &) = delete;

private:
    sigset_t m_before;
    bool m_held = false;
};

// Standard output failed: why, in the user's language, the first time it is asked (empty after:
// it is said once). A terminal that hung up is not said: it is a hang-up (SIGHUP), and there is
// nobody there to read it.
QString stdoutFailureToSay()
{
    static bool said = false;
    const cli::StreamState state = cli::streamState(1);
    if (said || !state.error || state.hungUp)
        return {};
    said = true;
    return i18n::localText(state.error == EPIPE
                               ? Message(MessageId::StdoutClosed)
                               : Message(MessageId::StdoutCannotWrite, {}, {errnoMessage(state.error)}));
}

// Applies --format, --quality, --overwrite, --metadata and --colour, to every output of a preset
// with `outputs`; empty or the usage error.
QString applyOverrides(const cli::CommandLine &cl, Preset *preset)
{
    const auto each = [preset](const auto &set) {
        set(preset->output);
        for (PresetOutput &o : preset->outputs)
            set(o.output);
    };
    if (cl.isSet("format")) {
        const auto f = formatFromName(cl.value("format"));
        if (!f)
            return QCoreApplication::translate("pp::BatchCommand",
                                               "unknown format \"%1\" (jpeg, png, webp, tiff, bmp, jxl, avif, keep)")
                .arg(cl.value("format"));
        each([&](OutputSettings &o) { o.setFormat(*f); });
    }
    if (cl.isSet("quality")) {
        bool ok;
        const int q = cl.value("quality").toInt(&ok);
        if (!ok || q < 1 || q > 100)
            return QCoreApplication::translate("pp::BatchCommand", "--quality takes 1 to 100, not \"%1\"")
                .arg(cl.value("quality"));
        each([&](OutputSettings &o) { o.quality = q; });
    }
    if (cl.isSet("overwrite")) {
        const auto p = overwriteFromName(cl.value("overwrite"));
        if (!p)
            return QCoreApplication::translate("pp::BatchCommand",
                                               "--overwrite takes skip, rename or overwrite, not \"%1\"")
                .arg(cl.value("overwrite"));
        each([&](OutputSettings &o) { o.overwrite = *p; });
    }
    if (cl.isSet("metadata")) {
        const auto p = metadataFromName(cl.value("metadata"));
        if (!p)
            return QCoreApplication::translate("pp::BatchCommand",
                                               "--metadata takes keep, strip-location or strip, not \"%1\"")
                .arg(cl.value("metadata"));
        each([&](OutputSettings &o) { o.metadata = *p; });
    }
    if (cl.isSet("colour")) {
        const auto p = colourFromName(cl.value("colour"));
        if (!p)
            return QCoreApplication::translate("pp::BatchCommand", "--colour takes keep or srgb, not \"%1\"")
                .arg(cl.value("colour"));
        each([&](OutputSettings &o) { o.colour = *p; });
    }
    return i18n::localText(OutputPlanner::validateTemplate(preset->output.nameTemplate));
}

// The preset as the overrides made it, checked as a worker checks what it is sent (its JSON, read
// again): `--format png` on outputs told apart only by their formats gives them the same names,
// which a worker refused for every image while the dry run numbered them. Refused here, before any
// work, in a dry run as in a batch. Empty when it can be used.
Message presetWithOverrides(const cli::CommandLine &cl, const Preset &preset)
{
    Message why;
    if (Preset::fromJson(preset.toJson(), &why))
        return {};
    QStringList options;
    for (const char *option : {"format", "quality", "overwrite", "metadata", "colour"})
        if (cl.isSet(option))
            options << QStringLiteral("--%1 %2").arg(QLatin1String(option), cl.value(option));
    return options.isEmpty() ? why : Message(MessageId::PresetWithOptions, {options.join(QLatin1Char(' '))}, {why});
}

// --quality on a preset whose every output is lossless (PNG, TIFF, BMP, or WebP, JPEG XL or AVIF
// asked lossless) changes nothing: said on stderr, where it was ignored without a word.
void sayQualityChangesNothing(const cli::CommandLine &cl, const Preset &preset)
{
    if (!cl.isSet("quality"))
        return;
    QVector<const OutputSettings *> outputs;
    if (preset.outputs.isEmpty())
        outputs << &preset.output;
    for (const PresetOutput &o : preset.outputs)
        outputs << &o.output;
    QStringList formats;
    for (const OutputSettings *o : outputs) {
        if (o->usesQuality())
            return;
        // PNG, TIFF and BMP are lossless by nature; the others said so.
        const bool asked =
            o->format == OutputFormat::Webp || o->format == OutputFormat::Jxl || o->format == OutputFormat::Avif;
        const QString name = (asked ? QStringLiteral("lossless ") : QString()) + formatName(o->format);
        if (!formats.contains(name))
            formats << name;
    }
    print(stderr, QStringLiteral("pixelpool: ") +
                      cli::visible(QCoreApplication::translate(
                                       "pp::BatchCommand",
                                       "--quality %1 changes nothing: preset \"%2\" writes only lossless outputs (%3)")
                                       .arg(cl.value("quality"), preset.name, formats.join(QStringLiteral(", ")))) +
                      QLatin1Char('\n'));
}

// The user's preset files that were left out (they do not load, or their name is taken), one line
// each on stderr: a malformed preset is named with its file and why, not dropped without a word.
void sayPresetsNotLoaded(const PresetLibrary &library)
{
    for (const Message &m : library.problems())
        print(stderr, QStringLiteral("pixelpool: ") +
                          cli::visible(i18n::localText(Message(MessageId::UserPresetNotLoaded, {}, {m}))) +
                          QLatin1Char('\n'));
}

// The runner's numbers from the command line; empty or the usage error.
QString readSettings(const cli::CommandLine &cl, RunnerSettings *settings)
{
    QString error;
    auto number = [&](const char *name, int min, int max) {
        bool good;
        const int v = cl.value(name).toInt(&good);
        if ((!good || v < min || v > max) && error.isEmpty())
            error = QCoreApplication::translate("pp::BatchCommand", "--%1 takes a number from %2 to %3, not \"%4\"")
                        .arg(QLatin1String(name), QString::number(min), QString::number(max), cl.value(name));
        return v;
    };
    settings->workers = number("workers", 0, 256);
    settings->maxTasksPerWorker = number("max-tasks-per-worker", 0, 1 << 30);
    settings->timeoutSeconds = number("timeout", 1, 86400);
    settings->maxPixels = quint64(number("max-megapixels", 1, 100000)) * 1'000'000;
    settings->testFlags = quint32(number("test-flags", 0, 1 << 30));
    settings->previewMax = 0; // no progress view to show previews in
    return error;
}

// Inputs that do not exist are not images of the batch: they are named, and the exit code
// says something was missing, but they are neither counted nor sent to a worker. One named twice
// ("a.jpg ./a.jpg") is said missing once, and given twice, as a file that exists would be.
// `named`: the missing names met so far (by sameNameKey), across calls. Stops at a signal (a listing
// of two million entries takes a while): what is left is not looked at.
QVector<QByteArray> dropMissing(const QVector<QByteArray> &inputs, QVector<SkippedInput> *missing,
                                QSet<QByteArray> *named)
{
    QVector<QByteArray> present;
    for (const QByteArray &in : inputs) {
        if (g_interrupted.load())
            break;
        // lstat: a dangling symbolic link is there, and fails as an image with its reason.
        struct stat st;
        if (::lstat(in.constData(), &st) == 0 || (errno != ENOENT && errno != ENOTDIR)) {
            present << in;
            continue;
        }
        const QByteArray key = sameNameKey(in);
        if (named->contains(key)) {
            missing->append({in, Message(MessageId::InputGivenTwice), LeftOutCode::GivenTwice});
            continue;
        }
        named->insert(key);
        missing->append({in, Message(MessageId::NoSuchInput), LeftOutCode::NotFound});
    }
    return present;
}

} // namespace

bool runsHeadless(int argc, char **argv)
{
    const cli::CommandLine cl = cli::CommandLine::parse(argc, argv);
    return !cl.ok() || cl.isSet("batch") || cl.isSet("help") || cl.isSet("version") || cl.isSet("list-presets") ||
           cl.isSet("dry-run");
}

namespace {

int runCommand(QCoreApplication &app, int argc, char **argv, const InProcessRunnerFactory &inProcess)
{
    const cli::CommandLine cl = cli::CommandLine::parse(argc, argv);
    if (!cl.ok())
        return usageError(cl.error());
    if (cl.isSet("help")) {
        print(stdout, cli::helpText());
        return AllDone;
    }
    if (cl.isSet("version")) {
        print(stdout, QStringLiteral("pixelpool %1\n").arg(QLatin1String(PIXELPOOL_VERSION)));
        return AllDone;
    }

    PresetLibrary library(PresetLibrary::defaultUserDir());
    if (cl.isSet("list-presets")) {
        for (const PresetEntry &e : library.entries())
            print(stdout, QStringLiteral("%1%2\t%3\n")
                              .arg(cli::visible(e.preset.name),
                                   e.builtin ? QString() : QCoreApplication::translate("pp::BatchCommand", " (user)"),
                                   cli::visible(i18n::presetDescription(e.preset.description, e.builtin))));
        sayPresetsNotLoaded(library);
        return AllDone;
    }
    const bool json = cl.isSet("json"), dryRun = cl.isSet("dry-run");
    // Paths that would not survive as text, before anything is read or written; with --json an
    // error event, as a preset or an output folder that cannot be used (a report's problems have none).
    for (const auto &[option, code] :
         {std::pair{"preset", "preset"}, std::pair{"output", "output-folder"}, std::pair{"report", ""}}) {
        if (const auto why = cli::optionPathNotUtf8(cl, option)) {
            if (json && *code)
                cli::writeEvent(cli::errorEvent(code, why->english));
            return usageError(why->local);
        }
    }
    if (const auto why = cli::reportInCurrentFolderNotUtf8(cl))
        return usageError(why->local);
    Message presetError;
    std::optional<Preset> preset;
    {
        // A preset given as a FIFO or a pipe (`-p <(…)`) is waited for until its writer comes: a
        // signal ends the wait (Preset::load), one that comes just before it too.
        const InterruptsHeld held;
        preset = library.resolve(cl.value("preset"), &presetError);
    }
    // Ended by the signal: said, as a cancel while the inputs are read is. One that came while a
    // preset was read whole (a built-in one) is the scan's to see, which stops at once.
    if (g_interrupted && !preset) {
        print(stderr, QStringLiteral("pixelpool: ") +
                          QCoreApplication::translate("pp::BatchCommand", "cancelled while reading the preset") +
                          QLatin1Char('\n'));
        if (json) {
            BatchSummary s;
            s.cancelled = true;
            cli::writeEvent(cli::summaryEvent(s, 0));
        }
        return Interrupted;
    }
    if (!preset) {
        // A name not found may be one of the user's files that did not load: which, and why.
        const bool notFound = presetError.id == MessageId::NoSuchPreset;
        if (json)
            cli::writeEvent(cli::errorEvent("preset", presetError, notFound ? library.problems() : QVector<Message>{}));
        const int code = usageError(i18n::localText(presetError));
        if (notFound)
            sayPresetsNotLoaded(library);
        return code;
    }
    QString error;
    if (const QString why = applyOverrides(cl, &*preset); !why.isEmpty())
        return usageError(why);
    if (const Message why = presetWithOverrides(cl, *preset); !why.isEmpty()) {
        if (json)
            cli::writeEvent(cli::errorEvent("preset", why));
        return usageError(i18n::localText(why));
    }
    sayQualityChangesNothing(cl, *preset);
    if (const auto why = cli::stepFileInCurrentFolderNotUtf8(cl, *preset)) {
        if (json)
            cli::writeEvent(cli::errorEvent("preset", why->english));
        return usageError(why->local);
    }
    // A logo or font that is not there fails every image in its worker: said once, before any work,
    // in a dry run too (which reads no image, and said "write" for each).
    if (const Message why = preset->unreadableStepFile(); !why.isEmpty()) {
        if (json)
            cli::writeEvent(cli::errorEvent("preset", why));
        return usageError(i18n::localText(why));
    }
    RunnerSettings settings;
    if (const QString why = readSettings(cl, &settings); !why.isEmpty())
        return usageError(why);

    QString outputDir = cl.value("output");
    if (outputDir.isEmpty())
        outputDir = preset->output.folder.isEmpty() ? QStringLiteral("pixelpool-output") : preset->output.folder;
    if (const auto why = cli::outputFolderInCurrentFolderNotUtf8(outputDir)) {
        if (json)
            cli::writeEvent(cli::errorEvent("output-folder", why->english));
        return usageError(why->local);
    }

    cli::TerminalReport report(cl.isSet("quiet")     ? cli::Verbosity::Quiet
                               : cl.isSet("verbose") ? cli::Verbosity::Verbose
                                                     : cli::Verbosity::Normal);
    QVector<SkippedInput> leftOut;
    // While the inputs are read or scanned: nothing was planned or written.
    const auto cancelledWhileScanning = [&] {
        BatchSummary s;
        s.cancelled = true;
        report.note(QCoreApplication::translate("pp::BatchCommand", "cancelled while scanning the inputs"));
        if (json)
            cli::writeEvent(cli::summaryEvent(s, int(leftOut.size())));
        report.summary(s);
        return Interrupted;
    };
    QSet<QByteArray> missingNames;
    QVector<QByteArray> inputs = dropMissing(cl.positional(), &leftOut, &missingNames);
    const qsizetype given = inputs.size();
    ScaleOut scaleOut; // --shard, --inputs-from, --report
    bool configured;
    {
        const InterruptsHeld held; // ends a wait for the listing (and nothing else) when it comes
        configured = !g_interrupted && scaleOut.configure(cl, *preset, argc, argv, &inputs, &error);
    } // one held comes now
    if (g_interrupted) {
        if (json)
            for (const SkippedInput &s : leftOut)
                cli::writeEvent(cli::leftOutEvent(s));
        report.leftOut(leftOut);
        return cancelledWhileScanning();
    }
    if (!configured)
        return usageError(error);
    // The listing's entries are inputs as the arguments are: one that does not exist is named as
    // missing, not failed as an image (said "its folder is gone"). A shard keeps every entry, as
    // the partition counts them all, and stat()s none of the other shards' (ScaleOut::scan()).
    if (!scaleOut.sharded() && inputs.size() > given)
        inputs = inputs.mid(0, given) + dropMissing(inputs.mid(given), &leftOut, &missingNames);
    const int missing = int(std::count_if(leftOut.cbegin(), leftOut.cend(),
                                          [](const SkippedInput &s) { return s.code == LeftOutCode::NotFound; }));
    // An empty --inputs-from list with no other input is a batch of nothing, not a command line
    // without inputs: every shard writes its report and exits 0, so a scheduler retries none and
    // merge says complete (before: exit 2, "no inputs given", and no report).
    const bool noInput = inputs.isEmpty() && missing == 0;
    const bool nothingListed = noInput && !scaleOut.emptyList().isEmpty();
    if (noInput && !g_interrupted && !nothingListed)
        return usageError(QCoreApplication::translate("pp::BatchCommand", "no inputs given (try --help)"));
    if (nothingListed)
        report.note(i18n::localText(Message(MessageId::InputListEmpty, {scaleOut.emptyList()})));
    ScanResult scan = scaleOut.scan(
        inputs, {cl.isSet("recursive"), 64, QFile::encodeName(outputDir), cl.isSet("follow-links")}, &g_interrupted);
    if (!scaleOut.sharded() && !g_interrupted) {
        QStringList outputNames;
        for (const PresetOutput &o : preset->targets())
            outputNames << o.name;
        leaveOutEarlierOutputs(&scan, outputNames, QFile::encodeName(outputDir));
    }
    leftOut += scan.skipped;
    // A folder the scan could not read, or did not enter as nested too deep, may hold images the
    // batch never saw: as an input that does not exist, it makes the exit code 1, where "every
    // image done" said 0 to a script while that folder's photos were never looked at.
    const int unseen = int(std::count_if(scan.skipped.cbegin(), scan.skipped.cend(), [](const SkippedInput &s) {
        return s.code == LeftOutCode::UnreadableFolder || s.code == LeftOutCode::TooDeep;
    }));
    const bool incomplete = missing > 0 || unseen > 0;
    if (json)
        for (const SkippedInput &s : leftOut)
            cli::writeEvent(cli::leftOutEvent(s));
    report.leftOut(leftOut);
    if (g_interrupted)
        return cancelledWhileScanning();

    // Named once, before anything runs: every image would fail the same way. Made only when
    // something will be written there (below).
    QVector<QByteArray> outputFoldersMade; // gone again at the end if they hold nothing
    const auto outputFolderUnusable = [&](bool create) {
        const Message why = OutputPlanner::checkOutputFolder(outputDir, create, &outputFoldersMade);
        if (why.isEmpty())
            return false;
        if (json)
            cli::writeEvent(cli::errorEvent("output-folder", why));
        report.error(i18n::localText(why));
        return true;
    };
    if (outputFolderUnusable(false))
        return UsageError;
    // Nothing written: the folders this run made for the outputs go again, deepest first, up to the
    // first that holds anything (the report); a shard's stay, as another shard may be about to write
    // there. A batch that ran has its BatchRunner do it (removeEmptyFoldersMade).
    const auto removeFoldersMade = [&] {
        if (!scaleOut.sharded())
            OutputPlanner::removeFoldersLeftEmpty(outputFoldersMade);
    };
    if (scan.items.isEmpty() && !nothingListed) {
        const Message why(MessageId::NoImagesFound);
        if (json)
            cli::writeEvent(cli::errorEvent("no-images", why));
        report.error(i18n::localText(why));
        return SomeFailed;
    }
    const QVector<InputItem> items = scaleOut.select(scan.items);
    if (dryRun) {
        const int planned = cli::runDryRun(*preset, outputDir, scaleOut.listing(), scaleOut.owned(), scaleOut.sharded(),
                                           json, report, &g_interrupted);
        return g_interrupted ? Interrupted : std::max(planned, incomplete ? 1 : 0);
    }
    const QByteArray outputFolder = QFile::encodeName(outputDir);
    const bool outputFolderWasThere = ::access(outputFolder.constData(), F_OK) == 0;
    if (outputFolderUnusable(true)) // made now (a report may go into it)
        return UsageError;
    if (!scaleOut.begin(&error)) {
        // Nothing attempted, nothing left: the output folder this run made for it goes again.
        if (!outputFolderWasThere)
            ::rmdir(outputFolder.constData());
        return usageError(error);
    }
    if (items.isEmpty()) { // a shard whose share of the inputs is empty, or an empty list
        BatchSummary s;
        if (json)
            cli::writeEvent(cli::summaryEvent(s, int(leftOut.size())));
        report.summary(s);
        removeFoldersMade();
        if (scaleOut.finish(false, &error))
            return incomplete ? SomeFailed : AllDone; // as the shards that own inputs say it
        report.error(error);
        return NotRecorded;
    }

    // No more workers than images: each one costs a process start.
    settings.drawsText = preset->drawsText();
    settings.workers =
        std::min(settings.workers > 0 ? settings.workers : std::max(1, QThread::idealThreadCount()), int(items.size()));
    std::unique_ptr<JobRunner> runner;
    if (cl.isSet("in-process") && !inProcess) // pixelpool execs pixelpool-in-process for it
        return usageError(QStringLiteral("--in-process: this executable runs jobs in workers only"));
    if (cl.isSet("in-process"))
        runner = inProcess(settings);
    else
        runner = std::make_unique<WorkerPool>(settings);
    if (!runner->start(&error)) {
        // Nothing can run: said once, and every image gets its outcome with the reason.
        const Message cannotStart = runner->whyWorkersCannotStart(); // translatable, when the runner knows it
        const Message reason =
            cannotStart.isEmpty() ? failureMessage(proto::FailureCode::WorkersCannotStart, error) : cannotStart;
        if (json)
            cli::writeEvent(cli::errorEvent("workers-cannot-start", reason));
        report.error(i18n::localText(reason));
        BatchSummary s;
        s.total = int(items.size());
        s.failed = s.total; // no worker began any: s.workers stays 0
        for (int i = 0; i < items.size(); ++i) {
            BatchEvent e;
            e.kind = BatchEvent::Kind::Failed;
            e.index = i;
            e.input = items[i].path;
            e.reason = reason;
            e.code = proto::FailureCode::WorkersCannotStart;
            if (json)
                cli::writeEvent(cli::imageEvent(e));
            scaleOut.record(e);
        }
        QString why;
        const bool recorded = scaleOut.finish(false, &why);
        if (!why.isEmpty())
            report.error(why);
        if (json)
            cli::writeEvent(cli::summaryEvent(s, int(leftOut.size())));
        report.summary(s);
        removeFoldersMade(); // before, left behind empty, where a batch whose every image failed took them
        return recorded ? SomeFailed : NotRecorded;
    }
    QObject::connect(runner.get(), &JobRunner::log, [&](const Message &m) { report.note(i18n::localText(m)); });
    // Workers that began but cannot run (a file not executable, one that exits as it starts): said
    // once before the images' failures, as when none could be started at all (before, only each
    // image said it).
    if (auto *pool = qobject_cast<WorkerPool *>(runner.get()))
        QObject::connect(pool, &WorkerPool::gaveUp, [&, said = false](const Message &why) mutable {
            if (std::exchange(said, true))
                return;
            if (json)
                cli::writeEvent(cli::errorEvent("workers-cannot-start", why));
            report.error(i18n::localText(why));
        });
    // What a worker that a hostile image took over could still do (WorkerSandbox.h).
    if (cl.isSet("verbose") && cl.isSet("in-process")) {
        report.note(QCoreApplication::translate("pp::BatchCommand",
                                                "images are processed in this process (--in-process), without a "
                                                "sandbox"));
    } else if (cl.isSet("verbose")) {
        const int abi = landlockAbi();
        report.note(abi > 0 ? QCoreApplication::translate("pp::BatchCommand",
                                                          "workers run in a sandbox (Landlock ABI %1): they read "
                                                          "only the files they are handed and the system's, and "
                                                          "cannot make, change or remove any, run programs or "
                                                          "open connections")
                                  .arg(abi)
                            : QCoreApplication::translate("pp::BatchCommand",
                                                          "workers are not sandboxed: this kernel offers no Landlock"));
    }

    BatchRunner batch(runner.get(), *preset, outputDir);
    batch.setOutputFoldersMade(outputFoldersMade);
    scaleOut.attach(batch);
    // A --json batch whose events can no longer be written is cancelled, and exits 3. Not when the
    // failure came with a signal or after one (Ctrl+C ended the reader too; a terminal hung up):
    // the signal cancels it, and exit 130 says so.
    bool stdoutLost = false;
    const auto whenStdoutFails = [&] {
        if (!json || stdoutLost || !cli::stdoutFailed() || cli::streamState(1).withSignal)
            return;
        stdoutLost = true;
        report.error(stdoutFailureToSay());
        QTimer::singleShot(0, &batch, [&batch] { batch.cancel(); }); // from the event loop, not inside an event
    };
    QObject::connect(&batch, &BatchRunner::event, [&](const BatchEvent &e) {
        if (json && e.kind != BatchEvent::Kind::Progress)
            cli::writeEvent(cli::imageEvent(e));
        whenStdoutFails();
        report.onEvent(e, batch.completed(), batch.total());
        scaleOut.record(e);
    });
    int exitCode = AllDone;
    QObject::connect(&batch, &BatchRunner::finished, [&](const BatchSummary &s) {
        batch.removeEmptyFoldersMade();
        if (json)
            cli::writeEvent(cli::summaryEvent(s, int(leftOut.size())));
        report.summary(s);
        exitCode = stdoutLost    ? NotRecorded
                   : s.cancelled ? Interrupted
                                 : (s.failed > 0 || incomplete ? SomeFailed : AllDone);
        if (QString why; !scaleOut.finish(s.cancelled, &why)) {
            if (!why.isEmpty())
                report.error(why);
            exitCode = exitCode == Interrupted ? Interrupted : NotRecorded;
        }
        app.quit();
    });

    if (g_signalPipe[0] >= 0) { // a signal since the scan is waiting there: the batch is cancelled at once
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, [&] {
            char c[64];
            while (::read(g_signalPipe[0], c, sizeof c) > 0) {
            }
            report.note(QCoreApplication::translate("pp::BatchCommand", "cancelling…"));
            batch.cancel();
        });
    }
    // Written by Output's thread, a failure is known there: at once here, not at the next event.
    if (const int failedNotice = cli::streamFailedNotice(); failedNotice >= 0) {
        auto *notifier = new QSocketNotifier(failedNotice, QSocketNotifier::Read, &batch);
        QObject::connect(notifier, &QSocketNotifier::activated, [&, failedNotice] {
            quint64 count;
            [[maybe_unused]] auto n = ::read(failedNotice, &count, sizeof count);
            whenStdoutFails();
        });
    }

    report.batchStarts();
    batch.start(items);
    app.exec();
    runner->shutdown();
    return exitCode;
}

} // namespace

// A reader of stdout that went away (`| head -1`) makes writes fail with EPIPE instead of killing
// the process without a word: said, and a --json batch cancelled cleanly (exit 3). A handler, not
// SIG_IGN, so that the workers started from here begin with the default again.
namespace {
void onBrokenPipe(int) {}
} // namespace

void catchBrokenPipe()
{
    struct sigaction old = {};
    if (::sigaction(SIGPIPE, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
        return; // ignored already: writes fail with EPIPE as wanted
    struct sigaction sa = {};
    sa.sa_handler = onBrokenPipe;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGPIPE, &sa, nullptr);
}

int runBatchCommand(int argc, char **argv, InProcessRunnerFactory inProcess)
{
    catchBrokenPipe();
    catchInterrupts();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("pixelpool");
    QCoreApplication::setApplicationVersion(PIXELPOOL_VERSION);
    // The terminal speaks the user's language, usage errors and --help too; --json stays English.
    i18n::installTranslations(&app);
    return finishStandardOutput(runCommand(app, argc, argv, inProcess));
}

int finishStandardOutput(int code)
{
    // What stdout was given (--json events, a dry run's lines, the help...) must have reached it:
    // waited for, but after a signal no longer than its reader takes something (cli/Output.h).
    cli::drainOutput();
    const cli::StreamState out = cli::streamState(1);
    if (out.droppedBytes > 0) {
        const QString lines = QString::number(out.droppedLines), bytes = QString::number(out.droppedBytes),
                      seconds = QString::number(cli::kGiveUpSeconds);
        print(stderr, QStringLiteral("pixelpool: ") +
                          (out.droppedLines == 1
                               ? QCoreApplication::translate("pp::BatchCommand",
                                                             "standard output: the last line (%1 bytes) not written: "
                                                             "the program reading it took nothing for %2 s after the "
                                                             "signal")
                                     .arg(bytes, seconds)
                               : QCoreApplication::translate("pp::BatchCommand",
                                                             "standard output: the last %1 lines (%2 bytes) not "
                                                             "written: the program reading it took nothing for %3 s "
                                                             "after the signal")
                                     .arg(lines, bytes, seconds)) +
                          QLatin1Char('\n'));
        cli::drainOutput();
    }
    if (const QString why = stdoutFailureToSay(); !why.isEmpty())
        print(stderr, QStringLiteral("pixelpool: ") + cli::visible(why) + QLatin1Char('\n'));
    cli::drainOutput();
    // Output given up after a signal, or a failure that came with one: the signal decides.
    if (out.droppedBytes > 0 || cli::streamState(2).droppedBytes > 0 || (out.error && out.withSignal))
        return Interrupted;
    if (out.error)
        return code == Interrupted ? code : NotRecorded;
    return code;
}

} // namespace pp
