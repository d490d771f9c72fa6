#include "GuiMain.h"

#include "Icons.h"
#include "LateKeys.h"
#include "MainWindow.h"
#include "PopupActivation.h"
#include "Screenshot.h"
#include "TestProbe.h"
#include "Translations.h"

#include <QApplication>
#include <QFile>
#include <QLocale>
#include <QSettings>
#include <QStringList>
#include <QTranslator>
#include <cstdio>
#include <unistd.h>

namespace pp::gui {

namespace {

// What Qt says while QApplication connects to the display, held back: a display that cannot be
// opened is said once, in PixelPool's words (exit code 2), instead of Qt's warnings and its
// abort ("no Qt platform plugin could be initialized. Reinstalling the application may fix this
// problem."). Qt chooses the platform (QT_QPA_PLATFORM, XDG_SESSION_TYPE, its fallbacks), so Qt
// is the one to ask whether it can be opened: its fatal message is the answer.
QByteArray g_cannotOpen;      // the message, in the user's language, made before Qt is asked
QStringList g_heldBack;       // Qt's messages while it connects, shown when it did connect
QtMessageHandler g_qtHandler; // the handler before ours

void whileConnecting(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fwrite(g_cannotOpen.constData(), 1, size_t(g_cannotOpen.size()), stderr);
        std::fflush(stderr);
        ::_exit(2);
    }
    g_heldBack << qFormatLogMessage(type, context, message);
}

// The display's variables as they are set (`DISPLAY=":99"`), for the message.
QString displayNamed()
{
    QStringList named;
    for (const char *name : {"WAYLAND_DISPLAY", "DISPLAY", "QT_QPA_PLATFORM"})
        if (const QByteArray value = qgetenv(name); !value.isEmpty())
            named << QStringLiteral("%1=\"%2\"").arg(QLatin1String(name), QString::fromLocal8Bit(value));
    return named.join(QLatin1String(", "));
}

// Before QApplication exists, so through a translator of its own.
QByteArray cannotOpenMessage()
{
    const char *const cannotOpen = QT_TRANSLATE_NOOP(
        "pp::gui", "cannot open the display (%1). For headless use: pixelpool --batch [--preset NAME] [-o DIR] "
                   "INPUT... (see pixelpool --help)");
    const char *const noDisplay =
        QT_TRANSLATE_NOOP("pp::gui", "no display found (DISPLAY and WAYLAND_DISPLAY are not set). For headless "
                                     "use: pixelpool --batch [--preset NAME] [-o DIR] INPUT... (see pixelpool --help)");
    const QString named = displayNamed();
    const char *english = named.isEmpty() ? noDisplay : cannotOpen;
    QTranslator translator;
    QString text;
    if (translator.load(QLocale::system(), QStringLiteral("pixelpool"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        text = translator.translate("pp::gui", english);
    if (text.isEmpty())
        text = QString::fromUtf8(english);
    if (!named.isEmpty())
        text = fillTemplate(text, {named});
    return (QStringLiteral("pixelpool: ") + text + QLatin1Char('\n')).toUtf8();
}

} // namespace

int runGui(char *argv0, const std::function<GuiArguments()> &readArguments)
{
    // Fractional scaling (125 %, 150 %) as the screen says, not rounded: everything is drawn
    // from vectors, layouts or @2x icons, so it stays sharp.
    QGuiApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    // Qt sees no argument but the program's name: the others are files and folders, and Qt would
    // take some of them for its own options (-style, -platform, -geometry...).
    int qtArgc = 1;
    char *qtArgv[] = {argv0, nullptr};
    g_cannotOpen = cannotOpenMessage();
    g_qtHandler = qInstallMessageHandler(whileConnecting);
    QApplication app(qtArgc, qtArgv);
    qInstallMessageHandler(g_qtHandler);
    for (const QString &line : std::as_const(g_heldBack))
        std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
    QApplication::setApplicationName(QStringLiteral("PixelPool"));
    QApplication::setOrganizationName(QStringLiteral("PixelPool"));
    QApplication::setApplicationDisplayName(QStringLiteral("PixelPool"));
    QApplication::setWindowIcon(appIcon());
    // The installed desktop entry's id (resources/desktop/): Wayland compositors and docks match
    // the window to its entry, and so to its name and icon, through it.
    QGuiApplication::setDesktopFileName(QStringLiteral(PIXELPOOL_APP_ID));
    i18n::installTranslations(&app); // the system's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)
    PopupActivation popupActivation; // the keys reach the window after a file dialog (see there)
    LateKeys lateKeys;               // and a late Alt does not close the menu Alt+letter opened

    // Raw bytes of the arguments (Linux file names need not be UTF-8), read as `pixelpool` reads
    // them: an option's value is never an input, and after "--" every argument is one.
    const GuiArguments arguments = readArguments();
    if (!arguments.error.isEmpty()) {
        std::fprintf(stderr, "pixelpool: %s\n", arguments.error.toLocal8Bit().constData());
        return 2;
    }
    const QVector<QByteArray> &inputs = arguments.inputs;

    const QString shotDir = qEnvironmentVariable("PIXELPOOL_SCREENSHOT");
    if (!shotDir.isEmpty())
        return runScreenshotScenario(shotDir, inputs);

    QSettings settings; // ~/.config/PixelPool/PixelPool.conf
    GuiOptions options;
    options.settings = &settings;
    MainWindow window(options);
    TestProbe::attachIfRequested(&window);
    window.show();
    window.addInputs(inputs);
    return app.exec();
}

} // namespace pp::gui
