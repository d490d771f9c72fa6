// The preview at 100 %: switched on in the window, it shows the original's own pixels one to one
// (not the downscaled preview enlarged) beside the output's, made by a worker from the whole image;
// dragging or scrolling moves the region and asks for the new one.
#include "GuiTestUtil.h"

#include "PresetEditor.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "PreviewPane.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "Contrast.h"
#include "Translations.h"

#include <QAccessible>
#include <QApplication>
#include <QStyle>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QToolButton>
#include <QWheelEvent>
#include <algorithm>
#include <optional>

using namespace pp;
using namespace pp::gui;
using test::WindowFixture;

namespace {

// Larger than the preview (800 px) on both sides, with detail the preview cannot keep: a 1-pixel
// checkerboard in the top left corner, a red square beside it, a gradient elsewhere.
QImage makeDetailedImage()
{
    QImage img(3000, 2000, QImage::Format_RGB32);
    for (int y = 0; y < img.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < img.width(); ++x)
            line[x] = qRgb(x * 255 / img.width(), y * 255 / img.height(), 128);
    }
    for (int y = 0; y < 300; ++y)
        for (int x = 0; x < 300; ++x)
            img.setPixel(x, y, (x + y) % 2 ? qRgb(255, 255, 255) : qRgb(0, 0, 0));
    for (int y = 20; y < 120; ++y)
        for (int x = 320; x < 420; ++x)
            img.setPixel(x, y, qRgb(220, 30, 30));
    return img;
}

void sendMouse(QWidget *w, QEvent::Type type, QPoint pos, Qt::MouseButtons buttons)
{
    QMouseEvent e(type, QPointF(pos), w->mapToGlobal(QPointF(pos)), Qt::LeftButton, buttons, Qt::NoModifier);
    QCoreApplication::sendEvent(w, &e);
}

// Every pixel of `area` (image coordinates) as the pane paints it, against `expected`.
QString comparePainted(PreviewPane *pane, const QImage &shot, const QRect &area, bool after,
                       const std::function<QRgb(int, int)> &expected)
{
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QPoint at = pane->toWidget(QPointF(x, y), after).toPoint();
            const QRgb got = shot.pixel(at) | 0xff000000, want = expected(x, y) | 0xff000000;
            if (got != want)
                return QStringLiteral("%1 pixel %2,%3 (at %4,%5 in the pane) is %6, expected %7")
                    .arg(after ? "after" : "before")
                    .arg(x)
                    .arg(y)
                    .arg(at.x())
                    .arg(at.y())
                    .arg(got, 8, 16)
                    .arg(want, 8, 16);
        }
    }
    return {};
}

// 64×64, see-through on one half (left or right) and `colour` on the other: a PNG with alpha.
QImage halfTransparent(bool leftClear, QColor colour)
{
    QImage img(64, 64, QImage::Format_ARGB32);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.fillRect(leftClear ? QRect(32, 0, 32, 64) : QRect(0, 0, 32, 64), colour);
    return img;
}

// The box of the pixels of `shot` inside `within` that are `colour` (give or take a little).
QRect whereIs(const QImage &shot, QColor colour, const QRect &within)
{
    QRect box;
    for (int y = within.top(); y <= within.bottom(); ++y)
        for (int x = within.left(); x <= within.right(); ++x) {
            const QColor c = shot.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                    std::abs(c.blue() - colour.blue()) <=
                12)
                box |= QRect(x, y, 1, 1);
        }
    return box;
}

// What is wrong with the pixels of `shot` at `points` as a checkerboard under a see-through picture
// in `pal`: "" when two colours make nearly all of them, each a quarter at least, apart (1.4:1) from
// each other and neither the dark backdrop around the pictures, light greys on a light palette and
// dark ones on a dark palette.
QString notACheckerboard(const QImage &shot, const QList<QPoint> &points, const QPalette &pal, const QString &where)
{
    QMap<QRgb, int> count;
    for (const QPoint &at : points)
        ++count[shot.pixel(at) | 0xff000000];
    QList<std::pair<int, QRgb>> byCount;
    for (auto it = count.cbegin(); it != count.cend(); ++it)
        byCount.append({it.value(), it.key()});
    std::sort(byCount.begin(), byCount.end(), std::greater<>());
    const auto said = [&](const QString &what) {
        QStringList seen;
        for (qsizetype i = 0; i < std::min<qsizetype>(4, byCount.size()); ++i)
            seen << QString("%1×%2").arg(QColor(byCount[i].second).name()).arg(byCount[i].first);
        return QString("%1: %2 (%3 of %4 pixels)").arg(where, what, seen.join(", ")).arg(points.size());
    };
    if (byCount.size() < 2)
        return said("one colour, no squares");
    const int n = int(points.size());
    if (byCount[0].first + byCount[1].first < n * 9 / 10 || byCount[1].first < n / 4)
        return said("not two colours in squares");
    const QColor a(byCount[0].second), b(byCount[1].second);
    const QColor backdrop = pal.color(QPalette::Dark).darker(160);
    if (a == backdrop || b == backdrop)
        return said("the backdrop shows through");
    if (contrastRatio(a, b) < 1.4)
        return said("squares too alike");
    const bool lightPalette = relativeLuminance(pal.color(QPalette::Window)) > 0.5;
    for (const QColor &c : {a, b})
        if (lightPalette ? relativeLuminance(c) < 0.4 : relativeLuminance(c) > 0.25)
            return said(lightPalette ? "dark squares on a light palette" : "light squares on a dark palette");
    return {};
}

// Every fourth pixel of `r` (inset by 3, off the smoothed edges), but those in `except`.
QList<QPoint> samples(const QRect &r, const QList<QRect> &except = {})
{
    QList<QPoint> points;
    for (int y = r.top() + 3; y <= r.bottom() - 3; y += 4)
        for (int x = r.left() + 3; x <= r.right() - 3; x += 4)
            if (std::none_of(except.begin(), except.end(), [&](const QRect &e) { return e.contains(x, y); }))
                points << QPoint(x, y);
    return points;
}

} // namespace

// The window with `original` (saved as in/big.png) queued under `preset`, its preview shown
// fitted, before and after; *pane stays null when it does not get there (the test has failed).
void showPreview(WindowFixture &f, const QImage &original, const char *preset, PreviewPane **pane)
{
    MainWindow *w = f.shown();
    QVERIFY(w);
    QDir().mkpath(f.path("in"));
    QVERIFY(original.save(f.path("in/big.png")));
    w->presetPanel()->setDefaultPreset(preset);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    w->queueView()->setCurrentIndex(w->queueModel()->index(0));
    PreviewPane *shown = w->previewPane();
    QTRY_VERIFY_WITH_TIMEOUT(shown->hasBefore() && shown->hasAfter() && !shown->isBusy(), 20000);
    *pane = shown;
}

class TestPreview : public QObject
{
    Q_OBJECT
private slots:
    void actualSizeShowsTheOriginalsPixels();
    void resizingPresetShowsEachSideAtItsOwnScale();
    void anUnreadableImageShowsItsErrorOverBothSides();
    void theErrorLeavesTheLabelsReadable_data();
    void theErrorLeavesTheLabelsReadable();
    void aFailureTakesTheStaleAfterAway();
    void splitLabelsAreReadableOnAWhitePicture();
    void aStepThatFailsIsNamedAsListed_data();
    void aStepThatFailsIsNamedAsListed();
    void keepPreviewsTheFormatTheBatchWrites();
    void aScreenReaderHearsWhatThePaneSays();
    void transparentPartsShowACheckerboard_data();
    void transparentPartsShowACheckerboard();
    void aQueuedImagesTransparencyShowsAsACheckerboard();
};

void TestPreview::theErrorLeavesTheLabelsReadable_data()
{
    QTest::addColumn<bool>("german");
    QTest::newRow("English") << false;
    QTest::newRow("German") << true;
}

// A failed preview's red box lies beside the labels of the before/after view, never over them
// ("Before", German "Vorher"), at every width the window allows, side by side or stacked, split or
// not, at 100 % or fitted, with a short message or one longer than the room; what does not fit is
// cut with "…" and the tooltip says it whole. (Stacked, the box lay over the middle of both sides,
// where the before's caption is.)
void TestPreview::theErrorLeavesTheLabelsReadable()
{
    QFETCH(bool, german);
    std::optional<test::GermanTranslations> translations;
    if (german) {
        translations.emplace();
        QCOMPARE(translations->locale, QString("de_DE"));
    }
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    // A JPEG cut short after its header: the worker cannot read it, there is no before.
    test::writeFile(f.path("in/kaputt.jpg"), test::cutJpeg());
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QCOMPARE(w->queueModel()->rowCount(), 1);
    w->queueView()->setCurrentIndex(w->queueModel()->index(0));
    PreviewPane *pane = w->previewPane();
    QTRY_VERIFY_WITH_TIMEOUT(!pane->errorRect().isEmpty() && !pane->isBusy(), 20000);
    QVERIFY(!pane->hasBefore());
    QVERIFY2(pane->toolTip().contains(german ? "Vorschau" : "Preview failed"), qPrintable(pane->toolTip()));

    const auto isErrorRed = [](QRgb c) { return qRed(c) > 140 && qGreen(c) < 80 && qBlue(c) < 80; };
    const auto check = [&](const QString &what) {
        const QRect box = pane->errorRect();
        QVERIFY2(!box.isEmpty(), qPrintable(what));
        QVERIFY2(pane->imageArea().contains(box), qPrintable(what));
        const QImage shot = pane->grab().toImage();
        const qreal dpr = shot.devicePixelRatio();
        for (const QRect &label : pane->labelRects()) {
            QVERIFY2(!box.intersects(label),
                     qPrintable(QString("%1: the box %2 covers the label %3")
                                    .arg(what, QDebug::toString(box), QDebug::toString(label))));
            for (int y = label.top(); y <= label.bottom(); ++y)
                for (int x = label.left(); x <= label.right(); ++x)
                    if (isErrorRed(shot.pixel(QPoint(int(x * dpr), int(y * dpr)))))
                        QFAIL(qPrintable(QString("%1: red at %2,%3 in the label %4")
                                             .arg(what)
                                             .arg(x)
                                             .arg(y)
                                             .arg(QDebug::toString(label))));
        }
        // The box is painted where it says it is (its left margin has no text).
        QVERIFY2(isErrorRed(shot.pixel(QPoint(box.left() + 4, box.center().y()) * dpr)), qPrintable(what));
    };
    const QString longDetail =
        QString("a step of the preset failed on this image: cannot open /home/someone/Pictures/Holidays/2023/"
                "an-overly-long-folder-name-that-does-not-break/watermark-logo-final-final.png ")
            .repeated(6);
    const int minWidth = w->minimumSizeHint().width();
    for (const int width : {minWidth, minWidth + 120, 1200, 1600}) {
        w->resize(width, 800);
        QTRY_COMPARE(w->width(), std::max(width, minWidth));
        QTest::qWait(20); // the docks take their widths
        for (const bool before : {false, true}) {
            if (before) // the preset failed on an image that was read: its before is shown
                pane->setBefore(makeDetailedImage().scaled(600, 400), QSize(3000, 2000));
            for (const QString &message : {QString(), longDetail}) {
                if (!message.isEmpty())
                    pane->setError(message);
                else if (before)
                    pane->setError(QStringLiteral("the image data is damaged or cut short"));
                for (const bool split : {false, true})
                    for (const bool actual : {false, true}) {
                        pane->setSplit(split);
                        pane->setActualSize(actual);
                        check(QString("%1 wide (pane %2×%3), %4, %5, %6, %7 message")
                                  .arg(w->width())
                                  .arg(pane->width())
                                  .arg(pane->height())
                                  .arg(before ? "with a before" : "unreadable", split ? "split" : "side by side",
                                       actual ? "100 %" : "fitted", message.isEmpty() ? "short" : "long"));
                        if (QTest::currentTestFailed())
                            return;
                    }
            }
        }
        pane->setSplit(false);
        pane->setActualSize(false);
        pane->clear();
        w->queueView()->clearSelection();
        w->queueView()->setCurrentIndex(QModelIndex());
        w->queueView()->setCurrentIndex(w->queueModel()->index(0));
        QTRY_VERIFY_WITH_TIMEOUT(!pane->errorRect().isEmpty() && !pane->isBusy(), 20000);
    }
    // A message longer than the room is cut, and said whole in the tooltip.
    pane->setError(longDetail);
    QVERIFY(pane->toolTip().contains(longDetail));
}

// An image that cannot be read has no before and no after coming: the error is shown over both
// sides, in either mode, not beside a "computing…" that never ends.
void TestPreview::anUnreadableImageShowsItsErrorOverBothSides()
{
    PreviewPane pane;
    pane.resize(700, 500);
    pane.setTitle(QStringLiteral("empty.jpg"));
    pane.setError(QStringLiteral("empty file"));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    const auto isErrorRed = [](QRgb c) { return qRed(c) > 140 && qGreen(c) < 80 && qBlue(c) < 80; };
    for (const bool split : {false, true}) {
        pane.setSplit(split);
        const QImage shot = pane.grab().toImage();
        const QRect area = pane.imageArea();
        const QPoint left(area.left() + area.width() / 5, area.center().y());
        const QPoint right(area.right() - area.width() / 5, area.center().y());
        QVERIFY2(isErrorRed(shot.pixel(left)) && isErrorRed(shot.pixel(right)),
                 qPrintable(QStringLiteral("split %1: %2 and %3")
                                .arg(split)
                                .arg(shot.pixel(left), 8, 16)
                                .arg(shot.pixel(right), 8, 16)));
    }
}

// A preset edited into one that fails (Crop with Left = 5000) left the last result and its caption
// "After · 1600×1600 · 33 ms" under the red box, as if it were what the preset makes now. The failure
// takes them away, fitted and at 100 %, and says so (errorChanged); the next result brings an after back.
void TestPreview::aFailureTakesTheStaleAfterAway()
{
    PreviewPane pane;
    pane.resize(800, 500);
    pane.setTitle(QStringLiteral("photo.jpg"));
    QImage before(400, 400, QImage::Format_RGB32), after(400, 400, QImage::Format_RGB32);
    before.fill(qRgb(40, 40, 200));
    after.fill(qRgb(30, 220, 30));
    pane.setBefore(before, QSize(1600, 1600));
    pane.setAfter(after, QSize(1600, 1600), 33);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QCOMPARE(pane.caption(true), QStringLiteral("After · 1600×1600 · 33 ms"));
    const auto greenShown = [&] {
        const QImage shot = pane.grab().toImage();
        const qreal dpr = shot.devicePixelRatio();
        const QRect box = pane.errorRect();
        for (int y = pane.imageArea().top(); y <= pane.imageArea().bottom(); y += 3)
            for (int x = pane.imageArea().left(); x <= pane.imageArea().right(); x += 3) {
                if (box.contains(x, y))
                    continue;
                const QRgb c = shot.pixel(QPoint(int(x * dpr), int(y * dpr)));
                if (qGreen(c) > 120 && qRed(c) < 90 && qBlue(c) < 90)
                    return true;
            }
        return false;
    };
    QVERIFY(greenShown());
    QSignalSpy errors(&pane, &PreviewPane::errorChanged);
    pane.setBusy(true);
    pane.setError(QStringLiteral("a step of the preset failed on this image: the crop lies outside the image"));
    pane.setBusy(false);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).at(0).toString(), pane.error());
    for (const bool actual : {false, true}) {
        pane.setActualSize(actual);
        QVERIFY(!pane.hasAfter());
        QVERIFY2(!pane.caption(true).contains(QStringLiteral("1600")), qPrintable(pane.caption(true)));
        QVERIFY2(!greenShown(), actual ? "100 %" : "fitted");
        QVERIFY(!pane.errorRect().isEmpty());
    }
    pane.setActualSize(false);
    QVERIFY(pane.hasBefore()); // what was read stays
    pane.setAfter(after, QSize(1600, 1000), 21);
    QCOMPARE(errors.size(), 2);
    QVERIFY(errors.at(1).at(0).toString().isEmpty());
    QVERIFY(pane.errorRect().isEmpty());
    QCOMPARE(pane.caption(true), QStringLiteral("After · 1600×1000 · 21 ms"));
    QVERIFY(greenShown());
}

void TestPreview::actualSizeShowsTheOriginalsPixels()
{
    WindowFixture f(1);
    const QImage original = makeDetailedImage();
    PreviewPane *pane = nullptr;
    showPreview(f, original, "grayscale", &pane); // a colour operation: the output keeps the size
    if (!pane)
        return;
    QVERIFY(pane->region().isNull()); // fitted: no region asked for

    QSignalSpy wanted(pane, &PreviewPane::regionWanted);
    auto *actual = pane->findChild<QToolButton *>("actualSizeButton");
    QVERIFY(actual);
    actual->click();
    QVERIFY(pane->isActualSize());
    QCOMPARE(wanted.size(), 1);
    const QRect middle = wanted.last().first().toRect();
    QVERIFY(!middle.isEmpty());
    QVERIFY(QRect(0, 0, 3000, 2000).contains(middle));
    QVERIFY(middle.contains(QPoint(1500, 1000))); // it starts in the middle of the image
    QTRY_VERIFY_WITH_TIMEOUT(!pane->region().isNull() && pane->region().latest, 20000);
    QCOMPARE(pane->region().beforeSize, QSize(3000, 2000));
    QCOMPARE(pane->region().outputSize, QSize(3000, 2000));
    QVERIFY(middle.contains(pane->region().beforeRect));

    // A drag towards the bottom right brings the top left corner into view and asks for it.
    const QPoint from = pane->regionViewport().center();
    sendMouse(pane, QEvent::MouseButtonPress, from, Qt::LeftButton);
    sendMouse(pane, QEvent::MouseMove, from + QPoint(400, 300), Qt::LeftButton);
    sendMouse(pane, QEvent::MouseMove, from + QPoint(4000, 3000), Qt::LeftButton);
    sendMouse(pane, QEvent::MouseButtonRelease, from + QPoint(4000, 3000), Qt::NoButton);
    QVERIFY(wanted.size() >= 3);
    const QRect corner = wanted.last().first().toRect();
    QCOMPARE(corner.topLeft(), QPoint(0, 0));
    QCOMPARE(corner.size(), middle.size());
    QTRY_VERIFY_WITH_TIMEOUT(pane->region().latest && pane->region().beforeRect.topLeft() == QPoint(0, 0), 20000);
    const RegionPreview region = pane->region();
    QCOMPARE(region.afterRect, region.beforeRect); // the same size: the same pixels

    // The pane shows the original's pixels one to one: the checkerboard and the red square's
    // edge, exactly (a downscaled preview would show grey there), and the after side the same
    // spot in grey.
    const QRect seen = region.beforeRect & QRect(0, 0, 440, 140);
    QVERIFY2(seen.width() >= 100 && seen.height() >= 100, "the pane is too small for the test");
    const QImage shot = pane->grab().toImage();
    QString v = comparePainted(pane, shot, seen, false, [&](int x, int y) { return original.pixel(x, y); });
    QVERIFY2(v.isEmpty(), qPrintable(v));
    v = comparePainted(pane, shot, seen, true, [&](int x, int y) {
        return region.after.pixel(x - region.afterRect.x(), y - region.afterRect.y());
    });
    QVERIFY2(v.isEmpty(), qPrintable(v));
    for (int y = seen.top(); y <= seen.bottom(); ++y) {
        for (int x = seen.left(); x <= seen.right(); ++x) {
            const QRgb in = original.pixel(x, y), out = region.after.pixel(x, y);
            QVERIFY(qRed(out) == qGreen(out) && qGreen(out) == qBlue(out)); // grey
            if (x < 300 && y < 300) // the checkerboard: black and white stay, pixel for pixel
                QCOMPARE(out | 0xff000000, in | 0xff000000);
        }
    }
    // Scrolling moves down and asks for that region.
    const int before = int(wanted.size());
    QWheelEvent wheel(QPointF(from), pane->mapToGlobal(QPointF(from)), QPoint(), QPoint(0, -360), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(pane, &wheel);
    QCOMPARE(int(wanted.size()), before + 1);
    QVERIFY(wanted.last().first().toRect().top() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(pane->region().latest && pane->region().beforeRect.top() > 0, 20000);

    // From the keyboard: at 100 % the picture takes the focus, and the arrow keys and Page Up/Down
    // move it as the wheel does (a keyboard user saw only the middle of the image).
    QCOMPARE(pane->focusPolicy(), Qt::StrongFocus);
    pane->setFocus();
    QTRY_VERIFY(pane->hasFocus());
    const auto shown = [&] { return wanted.last().first().toRect(); };
    QRect at = shown();
    QTest::keyClick(pane, Qt::Key_Right);
    QVERIFY2(shown().left() > at.left() && shown().top() == at.top(), qPrintable(QDebug::toString(shown())));
    at = shown();
    QTest::keyClick(pane, Qt::Key_Down);
    QVERIFY2(shown().top() > at.top() && shown().left() == at.left(), qPrintable(QDebug::toString(shown())));
    at = shown();
    QTest::keyClick(pane, Qt::Key_PageUp);
    QVERIFY2(shown().top() < at.top() - at.height() / 2 || shown().top() == 0, qPrintable(QDebug::toString(shown())));
    at = shown();
    QTest::keyClick(pane, Qt::Key_Left);
    QVERIFY2(shown().left() < at.left(), qPrintable(QDebug::toString(shown())));
    QTRY_VERIFY_WITH_TIMEOUT(pane->region().latest && pane->region().beforeRect.topLeft() == shown().topLeft(), 20000);

    // Split at 100 %: one picture, in a view of another size than a side's, asks for its own
    // region (before, the side's region stayed, and the rest was the fitted preview blown up).
    auto *split = pane->findChild<QToolButton *>("splitButton");
    QVERIFY(split);
    const QRect sideRegion = shown();
    split->click();
    QVERIFY(pane->isSplit());
    QCOMPARE(shown(), pane->wantedRegion());
    QVERIFY2(shown() != sideRegion, qPrintable(QDebug::toString(shown())));
    QTRY_VERIFY_WITH_TIMEOUT(pane->region().latest && pane->region().beforeRect == shown(), 20000);
    split->click();
    QCOMPARE(shown(), sideRegion);

    // Fitted again: no region is wanted any more, and the picture no longer takes the keyboard.
    actual->click();
    QVERIFY(wanted.last().first().toRect().isEmpty());
    QCOMPARE(pane->focusPolicy(), Qt::NoFocus);
    QVERIFY(!pane->hasFocus());
}

void TestPreview::resizingPresetShowsEachSideAtItsOwnScale()
{
    WindowFixture f(1);
    const QImage original = makeDetailedImage();
    PreviewPane *pane = nullptr;
    showPreview(f, original, "web", &pane); // fits into 1920 pixels
    if (!pane)
        return;
    pane->setActualSize(true);
    QTRY_VERIFY_WITH_TIMEOUT(!pane->region().isNull() && pane->region().latest, 20000);
    const RegionPreview r = pane->region();
    QCOMPARE(r.outputSize, QSize(1920, 1280));
    // The after region is the same spot in output pixels (its centre 0.64 times the before's), as
    // large as the before region: both sides fill the same area at 100 % of their own pixels.
    QCOMPARE(r.afterRect.size(), r.beforeRect.size());
    const QPointF expected =
        QPointF(r.beforeRect.x() + r.beforeRect.width() / 2.0, r.beforeRect.y() + r.beforeRect.height() / 2.0) * 0.64;
    const QPointF got(r.afterRect.x() + r.afterRect.width() / 2.0, r.afterRect.y() + r.afterRect.height() / 2.0);
    QVERIFY2((got - expected).manhattanLength() <= 2, qPrintable(QString("after centre %1,%2, expected %3,%4")
                                                                     .arg(got.x())
                                                                     .arg(got.y())
                                                                     .arg(expected.x())
                                                                     .arg(expected.y())));
    QCOMPARE(r.after.size(), r.afterRect.size()); // at 100 % of the output, not scaled again
    // The before side is still the original's pixels.
    const QImage shot = pane->grab().toImage();
    const QRect seen = r.beforeRect.adjusted(10, 10, -10, -10) & QRect(r.beforeRect.center(), QSize(60, 60));
    const QString v = comparePainted(pane, shot, seen, false, [&](int x, int y) { return original.pixel(x, y); });
    QVERIFY2(v.isEmpty(), qPrintable(v));
}

// Split, the labels ("Before", "After", and at 100 % "Before 100 % · after 100 % of 1920×1280") lie
// over the pictures: each has a dark backdrop, so white text stays readable on a white sky or a
// white watermark (it was drawn straight on the picture and vanished there).
void TestPreview::splitLabelsAreReadableOnAWhitePicture()
{
    WindowFixture f(1);
    QImage white(3000, 2000, QImage::Format_RGB32);
    white.fill(Qt::white);
    PreviewPane *pane = nullptr;
    showPreview(f, white, "web", &pane);
    if (!pane)
        return;
    pane->setSplit(true);
    for (const bool actual : {false, true}) {
        pane->setActualSize(actual);
        if (actual)
            QTRY_VERIFY_WITH_TIMEOUT(!pane->region().isNull() && pane->region().latest, 20000);
        const QImage shot = pane->grab().toImage();
        const qreal dpr = shot.devicePixelRatio();
        const QList<QRect> labels = pane->labelRects();
        QCOMPARE(labels.size(), actual ? 3 : 2);
        for (const QRect &label : labels) {
            QVERIFY2(pane->imageArea().contains(label), qPrintable(QDebug::toString(label)));
            int light = 0, all = 0;
            for (int y = label.top(); y <= label.bottom(); ++y)
                for (int x = label.left(); x <= label.right(); ++x, ++all)
                    light += qGray(shot.pixel(QPoint(int(x * dpr), int(y * dpr)))) > 200;
            // White text on its backdrop: a fraction of the label's pixels, never most of them.
            QVERIFY2(light * 2 < all, qPrintable(QString("%1 of %2 pixels light in the label %3 (100 %: %4)")
                                                     .arg(light)
                                                     .arg(all)
                                                     .arg(QDebug::toString(label))
                                                     .arg(actual)));
        }
    }
}

// A logo whose file is a damaged JPEG: the preview said "a step of the preset failed on this image
// (detail: logo: /…/bad.jpg: truncated JPEG header)" in German, the step not named, where a step over
// the pixel limit is named as the editor's list names it. Named so too now, also where two steps have
// the operation (the one whose file the worker names), and once: German read "Vorschau
// fehlgeschlagen: Schritt 3 (Logo): ein Schritt der Voreinstellung ist bei diesem Bild gescheitert
// (Details: …)", the step said twice. German says that the step failed and marks the worker's words
// as the detail; English has them after the step, as it had.
void TestPreview::aStepThatFailsIsNamedAsListed_data()
{
    QTest::addColumn<bool>("german");
    QTest::addColumn<QString>("steps"); // where the damaged logo is: "third", "twice" or "output"
    QTest::addColumn<QString>("named"); // what the text says before the worker's words
    QTest::newRow("English") << false << "third"
                             << "Step 3 (Logo): ";
    QTest::newRow("German") << true << "third"
                            << "Schritt 3 (Logo) ist gescheitert (Details: ";
    QTest::newRow("English, two steps") << false << "twice"
                                        << "Logo step: ";
    QTest::newRow("German, two steps") << true << "twice"
                                       << "Einer der Schritte „Logo“ ist gescheitert (Details: ";
    QTest::newRow("English, an output's") << false << "output"
                                          << "Output \"web\", step 1 (Logo): ";
    QTest::newRow("German, an output's") << true << "output"
                                         << "Ausgabe „web“, Schritt 1 (Logo) ist gescheitert (Details: ";
}

void TestPreview::aStepThatFailsIsNamedAsListed()
{
    QFETCH(bool, german);
    QFETCH(QString, steps);
    QFETCH(QString, named);
    std::unique_ptr<test::GermanTranslations> de;
    if (german)
        de = std::make_unique<test::GermanTranslations>();
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    const QString good = test::makeImage(f.path("logos"), "good.png", 20, 10, "PNG");
    const QString bad = test::writeFile(f.path("logos/bad.jpg"), test::cutJpeg());
    const auto logo = [](const QString &file) { return QJsonObject{{"op", "logo"}, {"file", file}}; };
    const QJsonObject autoOrient{{"op", "autoOrient"}};
    QJsonObject preset{
        {"format", "pixelpool-preset"}, {"version", 1}, {"name", "logos"}, {"output", QJsonObject{{"format", "png"}}}};
    if (steps == "third") {
        preset["steps"] = QJsonArray{autoOrient, logo(good), logo(bad)};
    } else if (steps == "twice") {
        preset["steps"] = QJsonArray{autoOrient, logo(bad), logo(bad)};
    } else {
        preset["steps"] = QJsonArray{autoOrient, logo(good)};
        preset["outputs"] = QJsonArray{QJsonObject{{"name", "web"},
                                                   {"steps", QJsonArray{logo(bad)}},
                                                   {"output", QJsonObject{{"nameTemplate", "web/{name}.{ext}"}}}},
                                       QJsonObject{{"name", "small"},
                                                   {"steps", QJsonArray{}},
                                                   {"output", QJsonObject{{"nameTemplate", "small/{name}.{ext}"}}}}};
    }
    test::writeFile(f.path("presets/logos.json"), QJsonDocument(preset).toJson());
    const QStringList notLoaded = w->presetModel()->reload();
    QVERIFY2(notLoaded.isEmpty(), qPrintable(notLoaded.join('\n')));
    w->presetPanel()->setDefaultPreset("logos");
    test::makeImage(f.path("in"), "photo.jpg", 64, 48);
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    w->queueView()->setCurrentIndex(w->queueModel()->index(0));
    PreviewPane *pane = w->previewPane();
    QTRY_VERIFY_WITH_TIMEOUT(!pane->error().isEmpty(), 20000);
    const QString error = pane->error();
    // The step, then the worker's words with the file (not its "logo: ").
    QVERIFY2(error.startsWith(named + bad + ": "), qPrintable(error));
    QVERIFY2(!german || error.endsWith(")"), qPrintable(error));
    // As the pane says it: the step once.
    const QString shown = pane->toolTip();
    QCOMPARE(shown, (german ? "Vorschau fehlgeschlagen: " : "Preview failed: ") + error);
    QCOMPARE(shown.count(german ? "Schritt" : "step", Qt::CaseInsensitive), 1);

    // The batch says it in the same words, on the card and in the summary's list of failures: they
    // read "ein Schritt der Voreinstellung ist bei diesem Bild gescheitert (Details: logo: …)".
    QSignalSpy finished(w, &MainWindow::batchFinished);
    QVERIFY(w->startBatch());
    QVERIFY(finished.wait(60000));
    const SessionSummary summary = finished.first().first().value<SessionSummary>();
    QCOMPARE(summary.failed, 1);
    QCOMPARE(summary.failures.value(0).reason, error);
    const QueueItem &item = w->queueModel()->itemAt(0);
    QCOMPARE(item.state, ItemState::Failed);
    QCOMPARE(item.reason, error);
    const QString status = w->queueModel()->index(0).data(QueueModel::StatusTextRole).toString();
    QCOMPARE(status.count(german ? "Schritt" : "step", Qt::CaseInsensitive), 1);
    QVERIFY2(status.endsWith(error), qPrintable(status));
}

// `format: keep` writes what the output's name says: a TIFF named scan.nef is written as scan.jpg,
// a JPEG (the planner decides it from the name; 6c1eef0). The preview made it as the source's own
// format, a TIFF: a transparent TIFF was previewed transparent, and written flattened onto the
// preset's white. It is previewed as the batch writes it; one named plain.tif stays a TIFF in both.
void TestPreview::keepPreviewsTheFormatTheBatchWrites()
{
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    // Blue on the left, transparent on the right.
    QImage source(64, 48, QImage::Format_ARGB32);
    source.fill(Qt::transparent);
    for (int y = 0; y < source.height(); ++y)
        for (int x = 0; x < source.width() / 2; ++x)
            source.setPixel(x, y, qRgba(0, 0, 255, 255));
    QDir().mkpath(f.path("in"));
    QVERIFY(source.save(f.path("in/scan.nef"), "TIFF"));
    QVERIFY(QFile::copy(f.path("in/scan.nef"), f.path("in/plain.tif")));
    const QJsonObject preset{{"format", "pixelpool-preset"},
                             {"version", 1},
                             {"name", "kept"},
                             {"steps", QJsonArray{QJsonObject{{"op", "autoOrient"}}}},
                             {"output", QJsonObject{{"format", "keep"}}}};
    test::writeFile(f.path("presets/kept.json"), QJsonDocument(preset).toJson());
    QVERIFY(w->presetModel()->reload().isEmpty());
    w->presetPanel()->setDefaultPreset("kept");
    QVERIFY(test::addInputsAndWait(w, {QFile::encodeName(f.path("in"))}));
    QueueModel *q = w->queueModel();
    QCOMPARE(q->rowCount(), 2);
    PreviewPane *pane = w->previewPane();
    // The after side's right half: white and opaque where the batch writes a JPEG, transparent in a TIFF.
    QMap<QString, QRgb> previewed;
    for (int row = 0; row < q->rowCount(); ++row) {
        w->queueView()->setCurrentIndex(q->index(row));
        QTRY_VERIFY_WITH_TIMEOUT(pane->hasAfter(), 20000);
        const QImage after = pane->afterImage();
        QCOMPARE(after.size(), source.size());
        previewed[q->itemAt(row).name] = after.pixel(48, 24);
    }
    const QRgb scan = previewed.value("scan.nef"), plain = previewed.value("plain.tif");
    QVERIFY2(qAlpha(scan) == 255 && qRed(scan) > 250 && qGreen(scan) > 250 && qBlue(scan) > 250,
             qPrintable(QString("scan.nef previewed as #%1").arg(scan, 8, 16, QChar('0'))));
    QVERIFY2(qAlpha(plain) == 0, qPrintable(QString("plain.tif previewed as #%1").arg(plain, 8, 16, QChar('0'))));

    // What the batch writes.
    QSignalSpy finished(w, &MainWindow::batchFinished);
    QVERIFY(w->startBatch());
    QVERIFY(finished.wait(60000));
    QCOMPARE(QDir(f.path("output")).entryList(QDir::Files), QStringList({"plain.tif", "scan.jpg"}));
    const QImage written(f.path("output/scan.jpg"), "JPEG");
    QVERIFY(!written.isNull());
    QVERIFY2(qGray(written.pixel(48, 24)) > 250, "scan.jpg is white where its source is transparent");
    const QImage tiff(f.path("output/plain.tif"), "TIFF");
    QVERIFY(tiff.hasAlphaChannel());
    QCOMPARE(qAlpha(tiff.pixel(48, 24)), 0);
}

// A screen reader heard "The selected image before and after its preset" whatever the pane showed:
// not which image, not the red box's "Preview failed: …", not the editor's note on an image it
// passed by, not why the preset cannot run. It hears the pane's own words, whole, as they change
// (the selection, a failure, the note). (Qt tells the bus of a new description itself; the offscreen
// platform has no bus to check it on.)
void TestPreview::aScreenReaderHearsWhatThePaneSays()
{
    const auto heard = [](QWidget *pane) {
        return QAccessible::queryAccessibleInterface(pane)->text(QAccessible::Description);
    };
    WindowFixture f(1);
    MainWindow *w = f.shown();
    QVERIFY(w);
    QVERIFY(test::queueCutThenGood(f, w));
    QueueModel *q = w->queueModel();
    QCOMPARE(q->itemAt(0).name, QString("cut.jpg"));
    PreviewPane *pane = w->previewPane();

    w->queueView()->setCurrentIndex(q->index(0));
    QTRY_VERIFY_WITH_TIMEOUT(!pane->error().isEmpty() && !pane->isBusy(), 20000);
    const QString failed = "Preview failed: " + pane->error();
    QVERIFY2(pane->toolTip() == failed, qPrintable(pane->toolTip())); // what the red box says, whole
    QCOMPARE(heard(pane), pane->title() + "\n" + failed + "\nThe selected image before and after its preset");

    w->queueView()->setCurrentIndex(q->index(1));
    QTRY_VERIFY_WITH_TIMEOUT(pane->hasAfter() && !pane->isBusy(), 20000);
    QCOMPARE(heard(pane), QString("good.jpg — web\nThe selected image before and after its preset"));

    // The editor's pane says which image it passed by and why, above the one it previews.
    w->queueView()->setCurrentIndex(q->index(0));
    w->openPresetEditor({});
    PreviewPane *editorPane = w->presetEditor()->previewPane();
    QTRY_VERIFY_WITH_TIMEOUT(editorPane->title() == "Preview: good.jpg" && editorPane->hasBefore(), 20000);
    QVERIFY(editorPane->note().startsWith("Preview of cut.jpg failed: "));
    QCOMPARE(heard(editorPane),
             "Preview: good.jpg\n" + editorPane->note() + "\nThe selected image before and after its preset");
    // A draft that cannot run: its grey box's words.
    editorPane->setPresetProblem("Step 1 (Crop): the width must be at least 1");
    QCOMPARE(heard(editorPane), "Preview: good.jpg\n" + editorPane->note() +
                                    "\nNo preview: Step 1 (Crop): the width must be at least 1"
                                    "\nThe selected image before and after its preset");
    editorPane->setPresetProblem({});
    QVERIFY(!heard(editorPane).contains("No preview"));

    // Nothing chosen: the words go with the pictures.
    w->queueView()->setCurrentIndex(QModelIndex());
    QCOMPARE(heard(pane), QString("The selected image before and after its preset"));
}

void TestPreview::transparentPartsShowACheckerboard_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light palette") << false;
    QTest::newRow("dark palette") << true;
}

// A PNG with alpha looked as if painted on the dark backdrop around the pictures, its transparent
// parts that backdrop's colour, and split, the after side's transparent parts showed the before
// picture (QA pass). Both sides, side by side, split and at 100 %, show a checkerboard there, in
// colours of the palette's.
void TestPreview::transparentPartsShowACheckerboard()
{
    QFETCH(bool, dark);
    PreviewPane pane;
    const QPalette pal = dark ? test::darkPalette() : QApplication::style()->standardPalette();
    pane.setPalette(pal);
    pane.resize(640, 420);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    const QColor red(220, 30, 30), blue(30, 60, 230);
    // Before: clear on the left; after: clear on the right, where the before is red.
    pane.setBefore(halfTransparent(true, red), QSize(64, 64));
    pane.setAfter(halfTransparent(false, blue), QSize(64, 64), 5);

    // Side by side: the clear half beside each coloured one.
    QImage shot = pane.grab().toImage();
    const QRect area = pane.imageArea();
    const QRect left(area.left(), area.top(), area.width() / 2, area.height());
    const QRect right(area.left() + area.width() / 2, area.top(), area.width() - area.width() / 2, area.height());
    const QRect redHalf = whereIs(shot, red, left), blueHalf = whereIs(shot, blue, right);
    QVERIFY2(redHalf.width() > 40 && blueHalf.width() > 40, qPrintable(QDebug::toString(QList{redHalf, blueHalf})));
    QString wrong = notACheckerboard(shot, samples(redHalf.translated(-redHalf.width(), 0)), pal, "before");
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    wrong = notACheckerboard(shot, samples(blueHalf.translated(blueHalf.width(), 0)), pal, "after");
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    // The coloured halves stay as they are.
    QCOMPARE(shot.pixelColor(redHalf.center()), red);
    QCOMPARE(shot.pixelColor(blueHalf.center()), blue);

    // Split in the middle: the before's clear half on the left, the after's on the right, and no red.
    pane.setSplit(true);
    shot = pane.grab().toImage();
    QSizeF fitted(64, 64);
    fitted.scale(QSizeF(area.size()), Qt::KeepAspectRatio);
    const QRect target(QPoint(area.left() + int(area.width() - fitted.width()) / 2,
                              area.top() + int(area.height() - fitted.height()) / 2),
                       fitted.toSize());
    const int splitX = area.left() + area.width() / 2;
    QList<QRect> except = pane.labelRects();
    except << QRect(splitX - 10, area.top(), 20, area.height()); // the line and its handle
    wrong = notACheckerboard(shot, samples(target, except), pal, "split");
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    QVERIFY(whereIs(shot, red, target).isEmpty());

    // At 100 %, the downscaled preview standing in until the full-size pixels come.
    pane.setSplit(false);
    pane.setActualSize(true);
    shot = pane.grab().toImage();
    for (const bool after : {false, true}) {
        QList<QPoint> points;
        for (int y = 2; y < 62; y += 2)
            for (int x = after ? 34 : 2; x < (after ? 62 : 30); x += 2)
                points << pane.toWidget(QPointF(x + 0.5, y + 0.5), after).toPoint();
        except = pane.labelRects();
        points.removeIf([&](const QPoint &at) {
            return std::any_of(except.begin(), except.end(), [&](const QRect &e) { return e.contains(at); });
        });
        wrong = notACheckerboard(shot, points, pal, after ? "after at 100 %" : "before at 100 %");
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
}

// The same through the window: a PNG with alpha queued under a preset that writes PNG, each side
// as a worker made it.
void TestPreview::aQueuedImagesTransparencyShowsAsACheckerboard()
{
    WindowFixture f(1);
    test::writeFile(f.path("presets/png.json"),
                    R"({"format": "pixelpool-preset", "version": 1, "name": "png", "steps": [],
                        "output": {"format": "png"}})");
    f.window->presetModel()->reload(); // written after the window read its folder
    const QColor red(220, 30, 30);
    QImage original(600, 400, QImage::Format_ARGB32);
    original.fill(Qt::transparent);
    QPainter(&original).fillRect(QRect(300, 0, 300, 400), red);
    PreviewPane *pane = nullptr;
    showPreview(f, original, "png", &pane);
    QVERIFY(pane);
    QCOMPARE(f.window->defaultPreset(), QString("png"));
    const QImage shot = pane->grab().toImage();
    // The window's preview pane is taller than wide: before above after.
    const QRect area = pane->imageArea();
    const bool stacked = area.height() >= area.width();
    const QRect first = stacked ? QRect(area.topLeft(), QSize(area.width(), area.height() / 2))
                                : QRect(area.topLeft(), QSize(area.width() / 2, area.height()));
    const QRect second = stacked ? first.translated(0, first.height()) : first.translated(first.width(), 0);
    for (const QRect &side : {first, second}) {
        const QRect redHalf = whereIs(shot, red, side);
        QVERIFY2(redHalf.width() > 20, qPrintable(QDebug::toString(redHalf)));
        const QString wrong = notACheckerboard(shot, samples(redHalf.translated(-redHalf.width(), 0)), pane->palette(),
                                               side == first ? "before" : "after");
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
}

QTEST_MAIN(TestPreview)
#include "tst_gui_preview.moc"
