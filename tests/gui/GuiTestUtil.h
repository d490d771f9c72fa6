// Shared by the GUI tests: images made on the spot, and a MainWindow wired to temporary
// settings, a temporary preset folder and this build's worker executable.
#pragma once

#include "MainWindow.h"
#include "Translations.h"
#include "WindowFit.h"

#include <QAbstractItemDelegate>
#include <QAccessible>
#include <QAbstractItemView>
#include <QCoreApplication>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QImage>
#include <QLinearGradient>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QMap>
#include <QSettings>
#include <QSignalSpy>
#include <QStyleOption>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QUrl>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>

namespace pp::gui::test {

// A colourful gradient so outputs differ visibly between presets (grayscale vs. classic).
inline QString makeImage(const QString &dir, const QString &name, int w, int h, const char *format = nullptr)
{
    QImage img(w, h, QImage::Format_RGB32);
    QPainter p(&img);
    QLinearGradient g(0, 0, w, h);
    g.setColorAt(0, QColor(220, 40, 40));
    g.setColorAt(0.5, QColor(40, 200, 60));
    g.setColorAt(1, QColor(30, 60, 230));
    p.fillRect(img.rect(), g);
    p.end();
    QDir().mkpath(dir);
    const QString path = dir + "/" + name;
    if (!img.save(path, format, 85))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

inline QString writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// A JPEG cut short in its quantisation table: every reader fails it as damaged, before any pixel.
inline QByteArray cutJpeg()
{
    return QByteArray::fromHex("ffd8ffe000104a46494600010100000100010000ffdb0043") + QByteArray(64, '\x08');
}

// qt6ct 0.7's darker.conf, its active colours in the order of QPalette::ColorRole; its disabled
// words are grey.
inline QPalette darkPalette()
{
    const QStringList active{"#ffffffff", "#ff424245", "#ff979797", "#ff5e5c5b", "#ff302f2e", "#ff4a4947", "#ffffffff",
                             "#ffffffff", "#ffffffff", "#ff3d3d3d", "#ff222020", "#ffe7e4e0", "#ff12608a", "#fff9f9f9",
                             "#ff0986d3", "#ffa70b06", "#ff5c5b5a", "#ffffffff", "#ff3f3f36", "#ffffffff", "#80ffffff"};
    QPalette pal;
    for (int role = 0; role < active.size(); ++role)
        if (role != QPalette::NoRole)
            pal.setColor(QPalette::ColorRole(role), QColor(active[role]));
    for (QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        pal.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return pal;
}

// Adds paths to the window's queue as a drop or the command line does, and waits until their scan
// has finished (false: it did not within 10 s).
[[nodiscard]] inline bool addInputsAndWait(MainWindow *w, const QVector<QByteArray> &paths)
{
    QSignalSpy scanned(w, &MainWindow::scanFinished);
    w->addInputs(paths);
    return scanned.wait(10000);
}

// What a drag from another application delivers: enter, move, drop. Returns whether the drop
// was accepted (false also when the enter was refused, as a real drag would end there).
inline bool drop(QWidget *target, const QMimeData *mime, QPoint pos = {40, 40})
{
    QDragEnterEvent enter(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDragMoveEvent move(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &move);
    QDropEvent dropEvent(QPointF(pos), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &dropEvent);
    return dropEvent.isAccepted();
}

// The application in German while it lives (what a German user's window says), in English again
// after: the translators it installed are removed. `locale` is what installTranslations chose.
struct GermanTranslations {
    const QString locale =
        i18n::installTranslations(QCoreApplication::instance(), QLocale(QLocale::German, QLocale::Germany));
    GermanTranslations() = default;
    GermanTranslations(const GermanTranslations &) = delete;
    GermanTranslations &operator=(const GermanTranslations &) = delete;
    ~GermanTranslations()
    {
        for (QTranslator *t : QCoreApplication::instance()->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }
};

// A piece of text something painted: where its baseline began, where it went (its ink's box, in
// the device) and the part of it the painter's clip let through; in what colour, and when
// (PaintedScene::order).
struct PaintedText {
    QString text;
    QPointF at;
    QRectF box, shown;
    QColor colour;
    int order = 0;
};

// A shape something painted, in the device: what its brush filled (invalid: nothing, or not one
// colour) and the pen it was outlined with, at the painter's opacity.
struct PaintedShape {
    QPainterPath path;
    QColor fill;
    QPen pen;
    int order = 0;
};

// What `paint` painted, text and shapes, each with its place in the order of painting.
struct PaintedScene {
    QList<PaintedText> texts;
    QList<PaintedShape> shapes;

    // The colour under `point` just before the `order`-th thing painted: the shapes filled there
    // before it, each over what was under it, on `ground` (what the device showed at first).
    QColor under(QPointF point, int order, QColor ground) const
    {
        for (const PaintedShape &s : shapes) {
            if (s.order >= order || !s.fill.isValid() || !s.path.contains(point))
                continue;
            const double a = s.fill.alphaF();
            ground = QColor::fromRgbF(float(s.fill.redF() * a + ground.redF() * (1 - a)),
                                      float(s.fill.greenF() * a + ground.greenF() * (1 - a)),
                                      float(s.fill.blueF() * a + ground.blueF() * (1 - a)));
        }
        return ground;
    }
};

// What `paint` paints on a device of `like`'s size and resolution: painted through a paint engine
// that keeps the texts and shapes and draws nothing (nothing emulated: text stays text). Images are
// not kept.
inline PaintedScene paintedScene(QWidget *like, const std::function<void(QPaintDevice *)> &paint)
{
    struct TextEngine : QPaintEngine {
        TextEngine() : QPaintEngine(QPaintEngine::AllFeatures) {}
        PaintedScene scene;
        int order = 0;
        bool begin(QPaintDevice *) override { return true; }
        bool end() override { return true; }
        void updateState(const QPaintEngineState &) override {}
        void drawPixmap(const QRectF &, const QPixmap &, const QRectF &) override {}
        void drawImage(const QRectF &, const QImage &, const QRectF &, Qt::ImageConversionFlags) override {}
        void keep(const QPainterPath &path, bool filled)
        {
            QColor fill;
            if (filled && painter()->brush().style() == Qt::SolidPattern) {
                fill = painter()->brush().color();
                fill.setAlphaF(float(fill.alphaF() * painter()->opacity()));
            }
            scene.shapes << PaintedShape{painter()->worldTransform().map(path), fill, painter()->pen(), order++};
        }
        void drawPath(const QPainterPath &path) override { keep(path, true); }
        void drawRects(const QRectF *rects, int count) override
        {
            for (int i = 0; i < count; ++i) {
                QPainterPath path;
                path.addRect(rects[i]);
                keep(path, true);
            }
        }
        void drawPolygon(const QPointF *points, int count, PolygonDrawMode mode) override
        {
            QPainterPath path;
            path.addPolygon(QPolygonF(QList<QPointF>(points, points + count)));
            if (mode != PolylineMode)
                path.closeSubpath();
            keep(path, mode != PolylineMode); // a line is outlined, not filled
        }
        void drawTextItem(const QPointF &at, const QTextItem &item) override
        {
            const QTransform t = painter()->worldTransform();
            const QRectF box =
                t.mapRect(QRectF(at.x(), at.y() - item.ascent(), item.width(), item.ascent() + item.descent()));
            QRectF shown = box;
            if (painter()->hasClipping())
                shown = box.intersected(t.mapRect(painter()->clipBoundingRect()));
            scene.texts << PaintedText{item.text(), at, box, shown, painter()->pen().color(), order++};
        }
        Type type() const override { return QPaintEngine::User; }
    };
    struct TextDevice : QPaintDevice {
        QWidget *like = nullptr;
        mutable TextEngine engine;
        QPaintEngine *paintEngine() const override { return &engine; }
        int metric(PaintDeviceMetric m) const override
        {
            switch (m) {
            case PdmWidth:
                return like->width();
            case PdmHeight:
                return like->height();
            case PdmDpiX:
            case PdmPhysicalDpiX:
                return like->logicalDpiX();
            case PdmDpiY:
            case PdmPhysicalDpiY:
                return like->logicalDpiY();
            case PdmDevicePixelRatio:
                return 1;
            case PdmDevicePixelRatioScaled:
                return int(devicePixelRatioFScale());
            case PdmWidthMM:
                return like->widthMM();
            case PdmHeightMM:
                return like->heightMM();
            case PdmNumColors:
                return INT_MAX;
            case PdmDepth:
                return 32;
            }
            return 0;
        }
    } device;
    device.like = like;
    paint(&device);
    return device.engine.scene;
}

// The texts `paint` paints on a device of `like`'s size and resolution, each with its box.
inline QList<PaintedText> paintedTexts(QWidget *like, const std::function<void(QPaintDevice *)> &paint)
{
    return paintedScene(like, paint).texts;
}

// The text a view's delegate paints for `index`, line by line from the top (a line's pieces joined
// from the left), as a person reads the card.
inline QStringList paintedLines(QAbstractItemView *view, const QModelIndex &index)
{
    const QList<PaintedText> texts = paintedTexts(view->viewport(), [&](QPaintDevice *device) {
        QStyleOptionViewItem option;
        option.initFrom(view->viewport());
        option.font = view->font();
        option.fontMetrics = QFontMetrics(option.font);
        option.rect = view->visualRect(index);
        option.state &= ~QStyle::State_HasFocus;
        QPainter painter(device);
        view->itemDelegateForIndex(index)->paint(&painter, option, index);
    });
    QMap<qreal, QMap<qreal, QString>> pieces; // by baseline, then by left edge
    for (const PaintedText &t : texts)
        pieces[std::round(t.at.y())][t.at.x()] += t.text;
    QStringList lines;
    for (const auto &line : std::as_const(pieces)) {
        QString text;
        for (const QString &piece : line)
            text += piece;
        lines << text;
    }
    return lines;
}

struct WindowFixture {
    QTemporaryDir tmp;
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<MainWindow> window;
    QList<QUrl> opened; // what the window asked the desktop to open: no viewer starts in a test

    // The window shown and exposed, as a test that sends it events needs it; null if it never was
    // exposed (the test QVERIFYs that).
    MainWindow *shown()
    {
        window->show();
        return QTest::qWaitForWindowExposed(window.get()) ? window.get() : nullptr;
    }
    // Shown and the active window, as the window's own shortcuts (Ctrl+Z) need it; null if not.
    MainWindow *active()
    {
        MainWindow *w = shown();
        if (!w)
            return nullptr;
        w->activateWindow();
        return QTest::qWaitForWindowActive(w) ? w : nullptr;
    }

    // Asked: the window's questions (quit while a batch runs…) are asked, as they are of a user; a
    // test answers them. Otherwise they go to the status bar.
    enum class Questions { ToStatusBar, Asked };

    explicit WindowFixture(int workers = 2, Questions questions = Questions::ToStatusBar)
    {
        settings = std::make_unique<QSettings>(tmp.filePath("settings.ini"), QSettings::IniFormat);
        GuiOptions o;
        o.settings = settings.get();
        o.userPresetDir = tmp.filePath("presets");
        o.workerExecutable = QStringLiteral(PIXELPOOL_WORKER);
        o.workerTestFlags = 1; // TestMisbehave: images named pixelpool-test-* misbehave on cue
        o.workers = workers;
        o.dialogs = questions == Questions::Asked;
        o.fitToScreen = false;
        o.openUrl = [this](const QUrl &url) {
            opened << url;
            return true;
        };
        window = std::make_unique<MainWindow>(o);
        window->setOutputFolder(tmp.filePath("output"));
        window->resize(1200, 800);
    }
    QString path(const QString &rel) const { return tmp.filePath(rel); }
};

// Queues in `f`'s "in" folder a damaged JPEG, cut.jpg (cutJpeg()), then a 60×40 image of each name in
// `good`, in that order, and waits for their scan (false: it did not finish). The previews' tests
// of an image they cannot read start so.
[[nodiscard]] inline bool queueCutThenGood(WindowFixture &f, MainWindow *w, const QStringList &good = {"good.jpg"})
{
    QVector<QByteArray> paths{QFile::encodeName(writeFile(f.path("in/cut.jpg"), cutJpeg()))};
    for (const QString &name : good)
        paths << QFile::encodeName(makeImage(f.path("in"), name, 60, 40));
    return addInputsAndWait(w, paths);
}

// `check` in English, then again with the application in German (its translations installed for
// the round only), told which round it is and the language's name ("English", "German"). A QVERIFY
// that fails in `check` returns from `check` only: the rounds end there, as the test would have.
inline void inEachLanguage(const std::function<void(bool german, const QString &language)> &check)
{
    for (bool german : {false, true}) {
        std::optional<GermanTranslations> de;
        if (german)
            de.emplace();
        check(german, german ? QStringLiteral("German") : QStringLiteral("English"));
        if (QTest::currentTestFailed())
            return;
    }
}

// The window in English, then in German, on a 1024×768 screen (less the window manager's frame, as
// guessed): shown at that size, it is handed to `check` with the language's name and that size.
// A QVERIFY that fails in `check` ends the rounds, as it ended the test.
inline void
inEachLanguageOnASmallScreen(const std::function<void(WindowFixture &f, const QString &language, QSize screen)> &check)
{
    inEachLanguage([&](bool, const QString &language) {
        WindowFixture f;
        const QSize screen = QSize(1024, 768).shrunkBy(kFrameGuess);
        f.window->resize(screen);
        QVERIFY(f.shown());
        QTRY_COMPARE(f.window->size(), screen);
        check(f, language, screen);
    });
}

// The Alt+letters a screen reader says for more than one control shown in `root`, each with the
// controls' names. A group box's own letter is left out: it goes to a control in the group. Qt gives
// a control without a text of its own the letter of its label, else of the group box it sits in.
inline QStringList altLettersSaidTwice(QWidget *root)
{
    QMap<QString, QStringList> sayers;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
        const QString keys = a ? a->text(QAccessible::Accelerator) : QString();
        if (w->isVisibleTo(root) && !w->inherits("QGroupBox") && keys.startsWith("Alt+"))
            sayers[keys.toLower()] << a->text(QAccessible::Name);
    }
    QStringList twice;
    for (auto it = sayers.cbegin(); it != sayers.cend(); ++it)
        if (it.value().size() > 1)
            twice << QString("%1 said for %2").arg(it.key(), it.value().join(", "));
    return twice;
}

} // namespace pp::gui::test
