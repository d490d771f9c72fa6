#include "GuiMain.h"

#include "Icons.h"
#include "MainWindow.h"
#include "Screenshot.h"
#include "TestProbe.h"
#include "Translations.h"

#include <QApplication>
#include <QFile>
#include <QSettings>

namespace pp::gui {

int runGui(int argc, char **argv)
{
    // Fractional scaling (125 %, 150 %) as the screen says, not rounded: everything is drawn
    // from vectors, layouts or @2x icons, so it stays sharp.
    QGuiApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PixelPool"));
    QApplication::setOrganizationName(QStringLiteral("PixelPool"));
    QApplication::setApplicationDisplayName(QStringLiteral("PixelPool"));
    QApplication::setWindowIcon(appIcon());
    // The installed desktop entry's id (resources/desktop/): Wayland compositors and docks match
    // the window to its entry, and so to its name and icon, through it.
    QGuiApplication::setDesktopFileName(QStringLiteral(PIXELPOOL_APP_ID));
    i18n::installTranslations(&app); // the system's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)

    // Raw bytes of the arguments: Linux file names need not be UTF-8.
    QVector<QByteArray> inputs;
    for (int i = 1; i < argc; ++i)
        if (argv[i][0] != '-')
            inputs << QByteArray(argv[i]);

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
