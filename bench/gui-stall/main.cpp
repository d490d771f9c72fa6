// pixelpool-gui-stall: does the window stay responsive while a batch runs?
//
// Builds the real main window as `pixelpool` does (offscreen when there is no display), shows
// it, drops images onto the queue through the same drag-and-drop events a file manager sends,
// clicks the preset card, presses the Start button, and measures the UI thread's event-loop
// latency throughout (StallMonitor) with the real worker processes. Prints one JSON object;
// exit status 0 when the batch finished, 1 when it did not (timeout), 2 on a setup error.
// See docs/benchmarks.md, "The window stays responsive".
#include "StallMonitor.h"

#include "Icons.h"
#include "MainWindow.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "QueueModel.h"
#include "QueueView.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDir>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QListView>
#include <QMimeData>
#include <QSettings>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <cstdio>

using namespace pp;
using namespace pp::gui;
using pp::stall::StallMonitor;

namespace {

QJsonArray loadAverage()
{
    QFile f("/proc/loadavg");
    QJsonArray out;
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &x : f.readAll().split(' ').mid(0, 3))
            out.append(x.toDouble());
    return out;
}

// What a drag from a file manager delivers to the widget under the pointer: enter, move, drop.
bool dropOn(QWidget *target, const QMimeData *mime, QPoint pos)
{
    QDragEnterEvent enter(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDragMoveEvent move(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &move);
    QDropEvent drop(QPointF(pos), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

// Makes `name` the default preset as a person does, in the Default list, so that the batch runs it
// on every image; returns how, or nothing when it could not. It clicked the preset's card, which
// selects the card and never changes the default: every run measured the window's default preset.
QString choosePreset(MainWindow *w, const QString &name)
{
    auto *list = w->presetPanel()->findChild<QComboBox *>("defaultPresetCombo");
    const int row = w->presetModel()->rowOf(name);
    if (!list || row < 0)
        return {};
    list->setCurrentIndex(row);
    emit list->activated(row);
    return w->defaultPreset() == name ? QStringLiteral("the Default list") : QString();
}

QToolButton *startButton(MainWindow *w)
{
    for (QAction *a : w->actions())
        if (a->text() == QObject::tr("&Start"))
            for (QToolButton *b : w->findChildren<QToolButton *>())
                if (b->defaultAction() == a)
                    return b;
    return nullptr;
}

QStringList imagesIn(const QString &dir)
{
    return QDir(dir).entryList({"*.jpg", "*.jpeg", "*.png", "*.webp", "*.tif", "*.tiff", "*.bmp"}, QDir::Files,
                               QDir::Name);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // As app/gui/GuiMain.cpp does.
    QGuiApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PixelPool"));
    QApplication::setOrganizationName(QStringLiteral("PixelPool"));
    QApplication::setApplicationDisplayName(QStringLiteral("PixelPool"));
    QApplication::setWindowIcon(appIcon());

    QCommandLineParser cl;
    cl.setApplicationDescription("Event-loop stalls of the PixelPool window while it adds and processes a batch.");
    cl.addHelpOption();
    cl.addOptions({
        {"images", "Folder of images to drop (default: bench/corpus/small).", "dir", "bench/corpus/small"},
        {"count", "Images to drop (the first N by name; 0: all).", "n", "1000"},
        {"drop", "files: drop N file URLs (a selection in a file manager); folder: drop the folder.", "how", "files"},
        {"preset", "Built-in preset made the default, in the Default list.", "name", "thumbnail"},
        {"workers", "Worker processes (-1: the window's default, one per core).", "n", "-1"},
        {"timeout", "Seconds the batch may take before the probe gives up (exit 1).", "s", "600"},
        {"interval", "Ticker interval and pause between probes, ms.", "ms", "5"},
        {"idle", "Time between showing the window and the drop, ms.", "ms", "1500"},
        {"settle", "Time measured after the scan and after the batch, ms.", "ms", "1000"},
        {"output", "Output folder (default: a temporary folder, removed).", "dir"},
        {"no-batch", "Only add the images (measures the add phase)."},
        {"no-stacks", "Do not sample the UI thread's stack during stalls."},
    });
    cl.process(app);
    auto fail = [](const QString &why) {
        std::fprintf(stderr, "pixelpool-gui-stall: %s\n", qPrintable(why));
        return 2;
    };
    const QString dir = QDir(cl.value("images")).absolutePath();
    const bool dropFolder = cl.value("drop") == "folder";
    if (!dropFolder && cl.value("drop") != "files")
        return fail("--drop is files or folder");
    QStringList names = imagesIn(dir);
    const int count = cl.value("count").toInt();
    if (!dropFolder && count > 0) {
        if (names.size() < count)
            return fail(QStringLiteral("%1 holds %2 images, fewer than %3 (bench/make-corpus.sh builds the corpus)")
                            .arg(dir)
                            .arg(names.size())
                            .arg(count));
        names = names.mid(0, count);
    }
    if (names.isEmpty())
        return fail(dir + " holds no images");

    QTemporaryDir tmp;
    QSettings settings(tmp.filePath("settings.ini"), QSettings::IniFormat); // never the user's own
    GuiOptions options;
    options.settings = &settings;
    options.userPresetDir = tmp.filePath("presets"); // built-ins only
    options.workers = cl.value("workers").toInt();
    MainWindow window(options);
    window.setOutputFolder(cl.isSet("output") ? cl.value("output") : tmp.filePath("output"));
    const QString preset = cl.value("preset");
    if (window.presetModel()->rowOf(preset) < 0)
        return fail("no preset named " + preset);

    pp::stall::MonitorOptions mo;
    mo.intervalMs = cl.value("interval").toInt();
    mo.stacks = !cl.isSet("no-stacks");
    StallMonitor monitor(mo);
    const int settleMs = cl.value("settle").toInt();
    QJsonObject out{{"probe", "pixelpool-gui-stall"},
                    {"qt", qVersion()},
                    {"platform", QGuiApplication::platformName()},
                    {"cores", QThread::idealThreadCount()},
                    {"load_average_start", loadAverage()},
                    {"images_dir", dir},
                    {"drop", dropFolder ? "folder" : "files"},
                    {"dropped", dropFolder ? 1 : int(names.size())},
                    {"preset", preset},
                    {"interval_ms", mo.intervalMs},
                    {"settle_ms", settleMs}};
    int exitCode = 1;
    QElapsedTimer clock;
    auto finish = [&](int code) {
        monitor.stop();
        exitCode = code;
        QJsonObject r = monitor.report();
        for (auto it = r.begin(); it != r.end(); ++it)
            out.insert(it.key(), it.value());
        out.insert("load_average_end", loadAverage());
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Indented).constData());
        std::fflush(stdout);
        QTimer::singleShot(0, &app, [&app, code] { app.exit(code); });
    };

    // 3. Start, as the button is pressed; the batch phase lasts until the end plus the settle time.
    auto start = [&] {
        monitor.beginPhase("batch");
        QToolButton *button = startButton(&window);
        if (!button || !button->isEnabled()) {
            out.insert("error", "no enabled Start button");
            return finish(2);
        }
        QObject::connect(&window, &MainWindow::batchFinished, &window, [&](const SessionSummary &s) {
            out.insert("batch", QJsonObject{{"finished", true},
                                            {"seconds", s.seconds},
                                            {"wall_ms_from_click", clock.elapsed()},
                                            {"total", s.total},
                                            {"done", s.done},
                                            {"failed", s.failed},
                                            {"skipped", s.skipped},
                                            {"cancelled", s.cancelled},
                                            {"workers", s.workers},
                                            {"workers_replaced", s.workersReplaced}});
            QTimer::singleShot(settleMs, &window, [&, s] { finish(s.cancelled ? 1 : 0); });
        });
        clock.start();
        button->click();
        out.insert("start_click_ms", clock.nsecsElapsed() / 1e6);
        out.insert("started", window.session() && window.session()->isRunning());
        QTimer::singleShot(cl.value("timeout").toInt() * 1000, &window, [&] {
            if (out.contains("batch"))
                return;
            out.insert("batch", QJsonObject{{"finished", false},
                                            {"done", window.queueModel()->countInState(ItemState::Done)},
                                            {"failed", window.queueModel()->countInState(ItemState::Failed)}});
            out.insert("error", "timeout");
            finish(1);
        });
    };

    // 2. The drop onto the queue; the add phase lasts until the scan is in the model, the preset
    // is made the default, and the settle time has passed.
    auto drop = [&] {
        monitor.beginPhase("add");
        QMimeData mime;
        QList<QUrl> urls;
        if (dropFolder)
            urls << QUrl::fromLocalFile(dir);
        else
            for (const QString &n : names)
                urls << QUrl::fromLocalFile(dir + "/" + n);
        mime.setUrls(urls);
        QObject::connect(
            &window, &MainWindow::scanFinished, &window,
            [&] {
                out.insert("scan_finished_ms", monitor.phaseElapsedMs());
                out.insert("queued", window.queueModel()->rowCount());
                const QString chosenBy = choosePreset(&window, preset);
                if (chosenBy.isEmpty()) {
                    std::fprintf(stderr, "pixelpool-gui-stall: cannot make \"%s\" the default preset\n",
                                 qPrintable(preset));
                    return finish(2);
                }
                out.insert("preset_chosen_by", chosenBy);
                QTimer::singleShot(settleMs, &window, [&] {
                    if (cl.isSet("no-batch"))
                        return finish(0);
                    start();
                });
            },
            Qt::SingleShotConnection);
        clock.start();
        if (!dropOn(window.queueView()->viewport(), &mime, QPoint(60, 60))) {
            out.insert("error", "the queue refused the drop");
            return finish(2);
        }
        out.insert("drop_event_ms", clock.nsecsElapsed() / 1e6);
    };

    // 1. The window as the application shows it, with its workers starting.
    window.show();
    monitor.start();
    monitor.beginPhase("startup");
    QTimer::singleShot(cl.value("idle").toInt(), &window, drop);
    app.exec();
    return exitCode;
}
