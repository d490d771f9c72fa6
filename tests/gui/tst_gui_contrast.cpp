// The window in Fusion's light palette and in a dark one (qt6ct's "darker" scheme, as QA ran it):
// every word the window paints in colours of its own reads on what it is painted on (WCAG AA,
// 4.5:1): on the queue's cards in every state, selected or not, on the preset cards and on the empty
// queue; the keyboard's ring around a card shows on the list (3:1); and the bundled icons show on
// the window, a button and a list (3:1). Under the dark palette a selected card was a bright cyan
// with its white name at 2.4:1 and "Done" at 1.4:1, the ring 2.3:1, the icons dark on dark.
#include "GuiTestUtil.h"

#include "BatchBanner.h"
#include "BatchRunner.h"
#include "BatchSession.h"
#include "Contrast.h"
#include "Icons.h"
#include "PresetEditor.h"
#include "PresetLibrary.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "PreviewPane.h"
#include "QueueModel.h"
#include "QueueView.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QRegularExpression>
#include <QSlider>
#include <QScopeGuard>
#include <QStyle>
#include <QStyleFactory>

using namespace pp;
using namespace pp::gui;
using test::WindowFixture;

namespace {

QList<std::pair<QString, QPalette>> palettes()
{
    return {{"light", QApplication::style()->standardPalette()}, {"dark", test::darkPalette()}};
}

// What of `scene` does not read: a text under 4.5:1 on what was under it, a dashed or dotted ring
// (a focus ring) under 3:1 on `ground`, the list's colour the scene was painted on.
QStringList unreadable(const test::PaintedScene &scene, const QColor &ground, const QString &where, bool rings = true)
{
    QStringList out;
    for (const test::PaintedText &t : scene.texts) {
        if (t.text.trimmed().isEmpty())
            continue;
        const QColor under = scene.under(t.box.center(), t.order, ground);
        const double ratio = contrastRatio(t.colour, under);
        if (ratio < kTextContrast)
            out << QString("%1: \"%2\" in %3 on %4, %5:1")
                       .arg(where, t.text, t.colour.name(QColor::HexArgb), under.name())
                       .arg(ratio, 0, 'f', 2);
    }
    for (const test::PaintedShape &s : scene.shapes) {
        if (!rings || (s.pen.style() != Qt::DashLine && s.pen.style() != Qt::DotLine))
            continue;
        const double ratio = contrastRatio(s.pen.color(), ground);
        if (ratio < kShapeContrast)
            out << QString("%1: the ring in %2 on %3, %4:1")
                       .arg(where, s.pen.color().name(), ground.name())
                       .arg(ratio, 0, 'f', 2);
    }
    return out;
}

// The card of `index` in `view` as its delegate paints it, selected or not, with the keyboard on it.
test::PaintedScene paintedCard(QAbstractItemView *view, const QModelIndex &index, bool selected)
{
    return test::paintedScene(view->viewport(), [&](QPaintDevice *device) {
        QStyleOptionViewItem option;
        option.initFrom(view->viewport());
        option.widget = view;
        option.font = view->font();
        option.fontMetrics = QFontMetrics(option.font);
        option.rect = view->visualRect(index);
        option.state |= QStyle::State_HasFocus;
        option.state.setFlag(QStyle::State_Selected, selected);
        QPainter painter(device);
        view->itemDelegateForIndex(index)->paint(&painter, option, index);
    });
}

QColor listGround(QAbstractItemView *view)
{
    return view->viewport()->palette().color(view->viewport()->backgroundRole());
}

// Every problem on its own line of the log (a failure's message is cut after 1,000 characters), and
// the message for the failure: how many, and the first.
QString said(const QStringList &problems)
{
    for (const QString &problem : problems)
        qInfo().noquote() << problem;
    return QString("%1 do not show, as %2").arg(problems.size()).arg(problems.value(0));
}

// What is wrong with how `slider` shows that it has the keyboard: "" when its picture with the keyboard
// has, against its picture without, a ring along each of its four edges (most of a band two pixels
// deep, its corners aside) 3:1 against what it lies on. Its window must be the active one.
QString focusNotShown(QSlider *slider, const QString &where)
{
    slider->clearFocus();
    const QImage without = slider->grab().toImage();
    slider->setFocus(Qt::TabFocusReason);
    if (!slider->hasFocus())
        return where +
               QString(": it takes no focus (visible %1, enabled %2, active %3, focus %4)")
                   .arg(slider->isVisible())
                   .arg(slider->isEnabled())
                   .arg(QApplication::activeWindow() ? QApplication::activeWindow()->objectName() : "none")
                   .arg(QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className() : "none");
    const QImage with = slider->grab().toImage();
    const QColor ground = slider->palette().color(slider->backgroundRole());
    const int w = with.width(), h = with.height(), corner = 6;
    const QList<std::pair<const char *, QRect>> edges{{"top", QRect(corner, 0, w - 2 * corner, 2)},
                                                      {"bottom", QRect(corner, h - 2, w - 2 * corner, 2)},
                                                      {"left", QRect(0, corner, 2, h - 2 * corner)},
                                                      {"right", QRect(w - 2, corner, 2, h - 2 * corner)}};
    QStringList missing;
    for (const auto &[edge, band] : edges) {
        int ring = 0, all = 0;
        for (int y = band.top(); y <= band.bottom(); ++y)
            for (int x = band.left(); x <= band.right(); ++x) {
                ++all;
                const QColor c = with.pixelColor(x, y);
                ring += c != without.pixelColor(x, y) && contrastRatio(c, ground) >= kShapeContrast;
            }
        if (ring * 10 < all * 6)
            missing << QString("%1 (%2 of %3 pixels)").arg(edge).arg(ring).arg(all);
    }
    return missing.isEmpty() ? QString()
                             : QString("%1: no ring 3:1 on %2 at its %3").arg(where, ground.name(), missing.join(", "));
}

} // namespace

class TestContrast : public QObject
{
    Q_OBJECT
private slots:
    void cardsReadInALightAndADarkPalette();
    void iconsShowInALightAndADarkPalette();
    void redWordsRead();
    void aFocusedSliderHasARing();
};

void TestContrast::cardsReadInALightAndADarkPalette()
{
    const QPalette original = QApplication::palette();
    const auto restore = qScopeGuard([&] { QApplication::setPalette(original); });
    QStringList problems;
    for (const auto &[name, palette] : palettes()) {
        QApplication::setPalette(palette);
        WindowFixture f(1);
        MainWindow *w = f.shown();
        QVERIFY(w);
        QueueView *queue = w->queueView();
        // The empty queue's heading and hint, on its drop zone.
        QCoreApplication::processEvents();
        const test::PaintedScene empty = test::paintedScene(queue->viewport(), [&](QPaintDevice *device) {
            queue->viewport()->render(device, QPoint(), QRegion(), QWidget::RenderFlags());
        });
        QVERIFY2(empty.texts.size() >= 2, qPrintable(name));
        problems << unreadable(empty, listGround(queue), name + ", the empty queue", false);

        // A card in each state: done, done with a warning, failed (its picture not made: its type is
        // said instead), on a worker with a preset of its own, skipped, waiting.
        QVector<QByteArray> paths;
        for (const char *file : {"done.jpg", "warned.jpg", "busy.jpg", "skipped.jpg", "waiting.jpg"})
            paths << QFile::encodeName(test::makeImage(f.path("in"), file, 60, 40));
        paths.insert(2, QFile::encodeName(test::writeFile(f.path("in/cut.jpg"), test::cutJpeg())));
        QVERIFY(test::addInputsAndWait(w, paths));
        QueueModel *q = w->queueModel();
        QCOMPARE(q->rowCount(), 6);
        const auto uid = [q](int row) { return q->itemAt(row).uid; };
        BatchEvent done;
        done.kind = BatchEvent::Kind::Finished;
        done.width = 120;
        done.height = 80;
        done.output = f.path("output/done.jpg").toUtf8();
        done.preview = Preview::allocate(12, 8);
        q->applyEvent(uid(0), done);
        done.reason = Message::verbatim("the colour profile was dropped");
        q->applyEvent(uid(1), done);
        BatchEvent failed;
        failed.kind = BatchEvent::Kind::Failed;
        failed.code = proto::FailureCode::Corrupt;
        failed.reason = failureMessage(failed.code, "Premature end of JPEG file");
        q->applyEvent(uid(2), failed);
        q->assignPreset({uid(3)}, "grayscale");
        BatchEvent started;
        started.kind = BatchEvent::Kind::Started;
        started.worker = 0;
        q->applyEvent(uid(3), started);
        BatchEvent skipped;
        skipped.kind = BatchEvent::Kind::Skipped;
        skipped.code = proto::FailureCode::Unknown;
        skipped.reason = Message::verbatim("the output exists");
        q->applyEvent(uid(4), skipped);
        for (int row = 0; row < q->rowCount(); ++row) {
            for (bool selected : {false, true}) {
                const QString where =
                    QString("%1, %2 card %3").arg(name, selected ? "selected" : "unselected", q->itemAt(row).name);
                const test::PaintedScene card = paintedCard(queue, q->index(row), selected);
                QVERIFY2(card.texts.size() >= 2, qPrintable(where));
                problems << unreadable(card, listGround(queue), where);
            }
        }

        QListView *presets = w->presetPanel()->view();
        PresetLibraryModel *model = w->presetModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            for (bool selected : {false, true}) {
                const QString where = QString("%1, %2 preset card %3")
                                          .arg(name, selected ? "selected" : "unselected",
                                               model->index(row).data(PresetLibraryModel::NameRole).toString());
                const test::PaintedScene card = paintedCard(presets, model->index(row), selected);
                QVERIFY2(card.texts.size() >= 3, qPrintable(where));
                problems << unreadable(card, listGround(presets), where);
            }
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(said(problems)));
}

void TestContrast::iconsShowInALightAndADarkPalette()
{
    const QPalette original = QApplication::palette();
    const auto restore = qScopeGuard([&] { QApplication::setPalette(original); });
    QStringList problems;
    QStringList names = QDir(":/icons").entryList({"*.png"});
    names.removeIf([](const QString &file) { return file.contains('@') || file.startsWith("app"); });
    QVERIFY(names.size() > 10);
    for (const auto &[name, palette] : palettes()) {
        QApplication::setPalette(palette);
        for (const QString &file : std::as_const(names)) {
            const QString iconName = file.chopped(4);
            const QImage shown = icon(iconName.toLatin1().constData())
                                     .pixmap(QSize(24, 24), 1.0)
                                     .toImage()
                                     .convertToFormat(QImage::Format_ARGB32);
            QVERIFY2(!shown.isNull(), qPrintable(iconName));
            // Each colour of its strokes where they cover a pixel whole (an edge's colour is rounded
            // with its coverage).
            QSet<QRgb> colours;
            for (int y = 0; y < shown.height(); ++y)
                for (int x = 0; x < shown.width(); ++x)
                    if (qAlpha(shown.pixel(x, y)) == 255)
                        colours.insert(shown.pixel(x, y));
            QVERIFY2(!colours.isEmpty(), qPrintable(iconName));
            for (QPalette::ColorRole ground :
                 {QPalette::Window, QPalette::Button, QPalette::Base, QPalette::AlternateBase}) {
                const QColor on = palette.color(ground);
                for (QRgb c : std::as_const(colours)) {
                    const double ratio = contrastRatio(QColor(c), on);
                    if (ratio < kShapeContrast) {
                        problems << QString("%1: %2 has %3 on %4, %5:1")
                                        .arg(name, iconName, QColor(c).name(), on.name())
                                        .arg(ratio, 0, 'f', 2);
                        break;
                    }
                }
            }
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(said(problems)));
}

// The editor's red words (a file name it cannot use), a setting marked as wrong (its field tinted
// red) and the red banner of a batch with a failure read in both palettes. The editor's red was
// #c0392b whatever the palette, 2.8:1 on the dark window, and a marked field was a light red under
// the dark palette's white words.
void TestContrast::redWordsRead()
{
    const QPalette original = QApplication::palette();
    const auto restore = qScopeGuard([&] { QApplication::setPalette(original); });
    QStringList problems;
    for (const auto &[name, palette] : palettes()) {
        QApplication::setPalette(palette);
        QTemporaryDir dir;
        PresetLibrary library(dir.path());
        PresetLibraryModel model(&library);
        PresetEditor editor(&model);
        Preset preset;
        preset.name = "mine";
        editor.setPreset(preset);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));

        auto *nameTemplate = editor.findChild<QLineEdit *>("nameTemplate");
        auto *example = editor.findChild<QLabel *>("nameExample");
        QVERIFY(nameTemplate && example);
        nameTemplate->selectAll();
        QTest::keyClicks(nameTemplate, "{bogus}.{ext}");
        const QRegularExpressionMatch red = QRegularExpression("color:(#[0-9a-fA-F]{6})").match(example->text());
        QVERIFY2(red.hasMatch(), qPrintable(example->text()));
        const QColor window = example->palette().color(example->backgroundRole());
        if (const double ratio = contrastRatio(QColor(red.captured(1)), window); ratio < kTextContrast)
            problems << QString("%1: the example's red %2 on %3, %4:1")
                            .arg(name, red.captured(1), window.name())
                            .arg(ratio, 0, 'f', 2);

        editor.addStep("watermark");
        auto *text = editor.findChild<QLineEdit *>("param-text");
        QVERIFY(text);
        text->selectAll();
        QTest::keyClick(text, Qt::Key_Delete);
        QVERIFY(text->property("ppInvalid").toBool());
        const QColor words = text->palette().color(QPalette::Text), field = text->palette().color(QPalette::Base);
        if (const double ratio = contrastRatio(words, field); ratio < kTextContrast)
            problems << QString("%1: a marked field's words %2 on %3, %4:1")
                            .arg(name, words.name(), field.name())
                            .arg(ratio, 0, 'f', 2);

        BatchBanner banner;
        SessionSummary summary;
        summary.total = 2;
        summary.done = 1;
        summary.failed = 1;
        summary.failures = {SessionFailure{42, "broken.jpg", "not a JPEG"}};
        banner.showSummary(summary, 0);
        const QColor bannerWords = banner.palette().color(QPalette::WindowText),
                     bannerRed = banner.palette().color(QPalette::Window);
        if (const double ratio = contrastRatio(bannerWords, bannerRed); ratio < kTextContrast)
            problems << QString("%1: the banner's words %2 on %3, %4:1")
                            .arg(name, bannerWords.name(), bannerRed.name())
                            .arg(ratio, 0, 'f', 2);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
}

// Which slider had the keyboard was hard to see (Fusion draws a faint line around its handle, and the
// editor's settings are a column of them): the preview's split slider and the editor's sliders (a
// step's number, Quality) have a ring in the palette's highlight, 3:1 on their background, while
// they have the keyboard, in both palettes.
void TestContrast::aFocusedSliderHasARing()
{
    const QPalette original = QApplication::palette();
    const auto restore = qScopeGuard([&] { QApplication::setPalette(original); });
    QStringList problems;
    for (const auto &[name, palette] : palettes()) {
        QApplication::setPalette(palette);
        {
            WindowFixture f(1);
            MainWindow *w = f.active();
            QVERIFY(w);
            QSlider *split = w->previewPane()->splitSlider();
            if (const QString wrong = focusNotShown(split, name + ", the split slider"); !wrong.isEmpty())
                problems << wrong;
        }
        QTemporaryDir dir;
        PresetLibrary library(dir.path());
        PresetLibraryModel model(&library);
        PresetEditor editor(&model);
        editor.setPreset(*model.preset("web"));
        editor.addStep("blur");
        editor.show();
        editor.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        auto *sigma = editor.findChild<QWidget *>("param-sigma");
        auto *output = editor.findChild<QWidget *>("outputFormat");
        QVERIFY(sigma && output);
        // A step's number's, and the output's first, Quality's.
        for (QSlider *slider :
             {sigma->parentWidget()->findChild<QSlider *>(), output->parentWidget()->findChild<QSlider *>()}) {
            QVERIFY(slider);
            if (const QString wrong = focusNotShown(slider, name + ", the editor's " + slider->accessibleName());
                !wrong.isEmpty())
                problems << wrong;
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(said(problems)));
}

QTEST_MAIN(TestContrast)
#include "tst_gui_contrast.moc"
