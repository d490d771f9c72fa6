// The text watermark: placement, opacity, alpha, and text drawn as written: shaping, fallback
// fonts for what the first font lacks, and the characters no installed font has named.
// Fonts: DejaVu (fonts-dejavu-core) and Droid Sans Fallback (fonts-droid-fallback, CJK), which
// scripts/install-deps.sh installs. Noncharacters (U+FFFF) and private-use characters of plane 16
// stand for what no font has: fonts do not map them.
#include "tst_ops.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <opencv2/imgproc.hpp>

using namespace pp;
using namespace pp::ops;
using namespace testutil;

namespace {

// Bounding box of the pixels where two images differ.
cv::Rect changedArea(const cv::Mat &a, const cv::Mat &b)
{
    cv::Rect area;
    const int n = a.cols * a.channels();
    for (int y = 0; y < a.rows; ++y)
        for (int i = 0; i < n; ++i)
            if (a.ptr<uchar>(y)[i] != b.ptr<uchar>(y)[i])
                area |= cv::Rect(i / a.channels(), y, 1, 1);
    return area;
}

// How much ink a text left: the sum of what it changed.
double ink(const cv::Mat &before, const cv::Mat &after)
{
    cv::Mat d;
    cv::absdiff(before, after, d);
    return cv::sum(d)[0];
}

// A watermark that shows: white, half opaque, 5 % of the height in the bottom right corner.
// (The product's defaults are the operation table's; this is only what these tests start from.)
WatermarkParams visible()
{
    WatermarkParams p;
    p.text = "\u00A9 PixelPool";
    p.position = Position::BottomRight;
    p.sizePercent = 5;
    p.opacity = 0.5;
    p.color = cv::Scalar(255, 255, 255, 255);
    p.marginPercent = 2;
    p.fontFamily = "sans-serif";
    return p;
}

cv::Mat draw(const cv::Mat &in, const WatermarkParams &p, TextReport *report = nullptr)
{
    return watermark(in, p, fonts(), report);
}

std::vector<ShapedGlyph> shaped(const std::string &text, const FontChoice &font = {"", "sans-serif"})
{
    std::string error;
    const auto glyphs = fonts().shapedGlyphs(text, font, &error);
    if (!error.empty())
        qWarning("%s", error.c_str());
    return glyphs;
}

std::string dejaVuSans() { return shaped("A", {"", "DejaVu Sans"}).at(0).fontFile; }

} // namespace

void TestOps::watermarkCorner_data()
{
    QTest::addColumn<Position>("position");
    QTest::addColumn<int>("column"); // expected third of the width: 0 left, 1 centre, 2 right
    QTest::addColumn<int>("row");
    QTest::newRow("bottomRight") << Position::BottomRight << 2 << 2;
    QTest::newRow("bottomLeft") << Position::BottomLeft << 0 << 2;
    QTest::newRow("topRight") << Position::TopRight << 2 << 0;
    QTest::newRow("topLeft") << Position::TopLeft << 0 << 0;
    QTest::newRow("center") << Position::Center << 1 << 1;
    QTest::newRow("top") << Position::Top << 1 << 0;
    QTest::newRow("bottom") << Position::Bottom << 1 << 2;
    QTest::newRow("left") << Position::Left << 0 << 1;
    QTest::newRow("right") << Position::Right << 2 << 1;
}

void TestOps::watermarkCorner()
{
    QFETCH(Position, position);
    QFETCH(int, column);
    QFETCH(int, row);
    const cv::Mat in = cv::Mat::zeros(300, 600, CV_8UC3);
    WatermarkParams p = visible();
    p.text = "HELLO";
    p.position = position;
    p.sizePercent = 10;  // 30 px
    p.marginPercent = 5; // 15 px of the shorter side
    p.opacity = 1;
    const cv::Mat out = draw(in, p);
    const cv::Rect area = changedArea(in, out);
    QVERIFY(!area.empty());
    // Capitals are the requested 30 px tall; the overshoot of the round O and anti-aliasing add
    // a pixel or two.
    QVERIFY2(area.height >= 30 && area.height <= 33, QByteArray::number(area.height).constData());
    QVERIFY(area.width > 3 * area.height && area.width < 300);

    const cv::Point centre = (area.tl() + area.br()) / 2;
    QCOMPARE(centre.x * 3 / in.cols, column);
    QCOMPARE(centre.y * 3 / in.rows, row);
    // The margin is measured to the ink. (Hershey text reserved room for descenders under the
    // baseline; an outline font knows where its ink is, so "HELLO" sits at the margin.)
    const int margin = 15;
    if (column == 0)
        QVERIFY2(std::abs(area.x - margin) <= 1, QByteArray::number(area.x).constData());
    if (column == 2)
        QVERIFY(std::abs(in.cols - area.br().x - margin) <= 1);
    if (column == 1)
        QVERIFY(std::abs(centre.x - in.cols / 2) <= 2);
    if (row == 0)
        QVERIFY2(std::abs(area.y - margin) <= 1, QByteArray::number(area.y).constData());
    if (row == 2)
        QVERIFY2(std::abs(in.rows - area.br().y - margin) <= 1, QByteArray::number(area.br().y).constData());
    if (row == 1)
        QVERIFY(std::abs(centre.y - in.rows / 2) <= 2);
    // White at full opacity reaches pure white somewhere: stems are several pixels wide.
    double peak = 0;
    cv::minMaxLoc(out.reshape(1), nullptr, &peak);
    QCOMPARE(peak, 255.0);
}

void TestOps::watermarkOpacity()
{
    const cv::Mat in = cv::Mat::zeros(100, 200, CV_8UC3);
    WatermarkParams p = visible();
    p.opacity = 0;
    COMPARE_MAT(draw(in, p), in);
    p.opacity = 1;
    p.color[3] = 0; // a transparent colour draws nothing either
    COMPARE_MAT(draw(in, p), in);
    p.color = cv::Scalar(255, 255, 255, 255);
    p.opacity = 0.5;
    p.sizePercent = 30;
    double peak = 0;
    cv::minMaxLoc(draw(in, p).reshape(1), nullptr, &peak);
    QVERIFY2(peak >= 126 && peak <= 129, QByteArray::number(peak).constData());
    // The text takes the colour (on a grey image too: colourDrawnOnAGreyImage).
    p.opacity = 1;
    p.color = cv::Scalar(0, 0, 255, 255);
    const cv::Mat red = draw(in, p);
    QVERIFY(maxDiff(red, in) == 255);
    QCOMPARE(cv::sum(red)[0], 0.0);
    QCOMPARE(cv::sum(red)[1], 0.0);
    // Only spaces (and control characters, which are dropped) leave no ink.
    p.text = "  \t \x01 ";
    COMPARE_MAT(draw(in, p), in);
}

void TestOps::watermarkKeepsAlpha()
{
    cv::Mat in(100, 200, CV_8UC4, cv::Scalar(0, 0, 0, 100));
    in.at<cv::Vec4b>(90, 190)[3] = 7;
    WatermarkParams p = visible();
    p.opacity = 1;
    p.sizePercent = 20;
    const cv::Mat out = draw(in, p);
    cv::Mat alphaIn, alphaOut;
    cv::extractChannel(in, alphaIn, 3);
    cv::extractChannel(out, alphaOut, 3);
    COMPARE_MAT(alphaOut, alphaIn);
    QVERIFY(maxDiff(out, in) > 100);
}

// A text that would reach past the image, its margins kept (a long line on a portrait photo), is
// drawn whole inside them, smaller: it kept its size and was cut at the image's edge, so that
// "© Jöhn Dœ Photography 2024" at 5 % of a 1080×2400 screenshot's height read "graphy 2024".
void TestOps::watermarkWiderThanImage()
{
    const cv::Mat in(100, 600, CV_8UC3, cv::Scalar(10, 10, 10));
    WatermarkParams p = visible();
    p.text = "\u00A9 J\u00F6hn D\u0153 Photography 2024";
    p.sizePercent = 50;  // 50 px capitals: a line of about 1,000 pixels
    p.marginPercent = 5; // 5 px of the shorter side
    p.opacity = 1;
    const int margin = 5;
    for (const Position pos :
         {Position::BottomRight, Position::TopLeft, Position::Center, Position::Left, Position::Bottom}) {
        p.position = pos;
        const cv::Mat out = draw(in, p);
        QCOMPARE(out.size(), in.size());
        const cv::Rect area = changedArea(in, out);
        const QByteArray where = QDebug::toString(QRect(area.x, area.y, area.width, area.height)).toUtf8();
        QVERIFY2(!area.empty() && area.height < 50, where.constData()); // smaller than asked
        // Inside its margins on every side, the one across from its anchor too (anti-aliasing may
        // reach a pixel further), and as wide as they let it be: fitted, not shrunk further. A
        // bottom-right text shrunk to fit touched the left edge (QA: column 0 at 247 of 255).
        QVERIFY2(area.x >= margin - 1 && area.br().x <= in.cols - (margin - 1), where.constData());
        QVERIFY2(area.width >= in.cols - 2 * margin - 2, where.constData());
        if (pos == Position::BottomRight || pos == Position::Bottom)
            QVERIFY2(std::abs(in.rows - area.br().y - margin) <= 1, where.constData());
    }
    // A tall, thin image and a huge text (2000 px capitals asked for): drawn at the size its 3
    // columns hold, nothing rasterised outside the image.
    p.text = std::string(201, 'W');
    p.position = Position::BottomRight;
    const cv::Mat tall(4000, 3, CV_8UC1, cv::Scalar(0));
    QCOMPARE(draw(tall, p).size(), tall.size());
}

void TestOps::watermarkUnicodeTextRendersEveryGlyph()
{
    const std::string text = "\u00A9 J\u00F6hn D\u0153 2024 \u2014 \u6771\u4EAC"; // © Jöhn Dœ 2024 — 東京
    const std::string latin = "\u00A9 J\u00F6hn D\u0153 2024 \u2014";
    const std::vector<ShapedGlyph> glyphs = shaped(text);
    QCOMPARE(glyphs.size(), size_t(19)); // one glyph per character, spaces included
    const std::string first = glyphs.front().fontFile;
    for (const ShapedGlyph &g : glyphs) {
        QVERIFY2(g.glyph != 0, qPrintable(QStringLiteral("character %1 is a box").arg(g.character)));
        // The Latin part from the first font; 東京 (characters 17 and 18) from a fallback with CJK.
        QVERIFY2((g.fontFile == first) == (g.character < 17), g.fontFile.c_str());
    }

    const cv::Mat in = cv::Mat::zeros(200, 1200, CV_8UC3);
    WatermarkParams p = visible();
    p.opacity = 1;
    p.sizePercent = 20;
    p.position = Position::TopLeft;
    p.text = text;
    TextReport report;
    const cv::Mat whole = draw(in, p, &report);
    QVERIFY(report.missing.empty() && report.error.empty() && report.familyUsed.empty());
    p.text = latin;
    const cv::Mat latinOnly = draw(in, p);
    p.text = "\u6771\u4EAC";
    const cv::Mat hanOnly = draw(in, p);
    // Drawn together, the runs leave the ink they leave alone (within the anti-aliasing of
    // other sub-pixel positions), and the line is as long as both.
    const double together = ink(in, whole), apart = ink(in, latinOnly) + ink(in, hanOnly);
    QVERIFY2(std::abs(together - apart) < 0.02 * apart,
             qPrintable(QStringLiteral("%1 vs %2").arg(together).arg(apart)));
    const cv::Rect a = changedArea(in, whole), l = changedArea(in, latinOnly), h = changedArea(in, hanOnly);
    QCOMPARE(a.x, l.x);
    QVERIFY2(a.width > l.width + h.width && a.width < l.width + h.width + 0.6 * 40 / 0.73,
             qPrintable(QStringLiteral("%1 vs %2 + %3").arg(a.width).arg(l.width).arg(h.width)));
}

void TestOps::watermarkFallbackGlyphIsNotABox()
{
    // 東 comes from a font that has it; U+FFFF, which no font has, is the first font's box.
    const std::vector<ShapedGlyph> east = shaped("\u6771"), none = shaped("\uFFFF");
    QCOMPARE(east.size(), size_t(1));
    QCOMPARE(none.size(), size_t(1));
    QVERIFY(east[0].glyph != 0);
    QCOMPARE(none[0].glyph, 0u);
    QCOMPARE(none[0].fontFile, dejaVuSans());
    QVERIFY(east[0].fontFile != none[0].fontFile);

    const cv::Mat in = cv::Mat::zeros(200, 200, CV_8UC1);
    WatermarkParams p = visible();
    p.opacity = 1;
    p.sizePercent = 30;
    p.position = Position::Center;
    TextReport eastReport, noneReport;
    p.text = "\u6771";
    const cv::Mat eastImage = draw(in, p, &eastReport);
    p.text = "\uFFFF";
    const cv::Mat boxImage = draw(in, p, &noneReport);
    QVERIFY(eastReport.missing.empty());
    QCOMPARE(noneReport.missing, std::vector<char32_t>{0xFFFF});
    // Both are inked, and differently: 東 has far more strokes than a box has sides.
    const double eastInk = ink(in, eastImage), boxInk = ink(in, boxImage);
    QVERIFY(boxInk > 0);
    QVERIFY2(eastInk > 1.3 * boxInk, qPrintable(QStringLiteral("%1 vs %2").arg(eastInk).arg(boxInk)));
}

void TestOps::watermarkMissingGlyphsAreNamed()
{
    // Through the compiled step, as a worker runs it: the image gets its watermark, and the
    // warning names what no installed font has, by code and character.
    const QString text = QString::fromUcs4(U"ab\uFFFF\U0010FFFDc\uFFFF");
    QString error;
    const auto step = compileStep({{"op", "watermark"}, {"text", text}, {"opacity", 1.0}, {"size", 20.0}}, &error);
    QVERIFY2(step, qPrintable(error));
    const cv::Mat in = cv::Mat::zeros(100, 300, CV_8UC3);
    StepReport report;
    const cv::Mat out = step->apply(in, {1, 1, &resources(), &report});
    QVERIFY(!out.empty());
    QVERIFY(maxDiff(out, in) > 0);
    QVERIFY(report.error.isEmpty());
    QCOMPARE(report.warnings.size(), 1);
    const QString w = report.warnings[0];
    QVERIFY2(w.startsWith("watermark: no installed font has U+FFFF \"\uFFFF\", U+10FFFD \"" +
                          QString::fromUcs4(U"\U0010FFFD") + "\";"),
             qPrintable(w));
    QVERIFY2(!w.contains("U+0061") && !w.contains("U+0063"), qPrintable(w));

    TextReport direct;
    WatermarkParams p = visible();
    p.text = text.toStdString();
    draw(in, p, &direct);
    QCOMPARE(direct.missing, (std::vector<char32_t>{0xFFFF, 0x10FFFD}));

    // Without the process's fonts the step says so instead of drawing nothing.
    StepReport noFonts;
    QVERIFY(step->apply(in, {1, 1, nullptr, &noFonts}).empty());
    QVERIFY2(noFonts.error.contains("no fonts"), qPrintable(noFonts.error));
}

void TestOps::watermarkShapes()
{
    // Kerning: DejaVu Sans pulls V towards A, not H.
    const auto av = shaped("AV"), ah = shaped("AH");
    QVERIFY2(av.at(1).x < ah.at(1).x - 0.01, qPrintable(QStringLiteral("%1 %2").arg(av[1].x).arg(ah[1].x)));
    // A combining mark: e + U+0301 is drawn as the font's é.
    const cv::Mat in = cv::Mat::zeros(100, 100, CV_8UC3);
    WatermarkParams p = visible();
    p.opacity = 1;
    p.sizePercent = 30;
    p.text = "e\u0301";
    TextReport report;
    const cv::Mat combined = draw(in, p, &report);
    QVERIFY(report.missing.empty());
    p.text = "\u00E9";
    COMPARE_MAT(combined, draw(in, p));
    // Joiners and variation selectors are invisible by definition: never "missing".
    p.text = "a\u200D\uFE0Fb";
    draw(in, p, &report);
    QVERIFY(report.missing.empty());
}

// Mixed directions are laid out by the bidirectional algorithm: the paragraph goes the way of
// its first strong character, each run is shaped in its own direction, and the runs are placed
// in visual order. Digits and Latin inside Arabic or Hebrew came out backwards ("4202", "cba"):
// the whole line was shaped in the direction of its first script.
void TestOps::watermarkMixedDirectionsInVisualOrder_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("visual"); // its characters as they stand on the image, left to right
    QTest::newRow("Arabic name, year first")
        << QStringLiteral("\u00A9 2024 \u0645\u062D\u0645\u062F \u0639\u0644\u064A")
        << QStringLiteral("\u064A\u0644\u0639 \u062F\u0645\u062D\u0645 2024 \u00A9");
    QTest::newRow("Hebrew credit, year last")
        << QStringLiteral("\u05E6\u05D9\u05DC\u05D5\u05DD: \u05D3\u05E0\u05D9 2024")
        << QStringLiteral("2024 \u05D9\u05E0\u05D3 :\u05DD\u05D5\u05DC\u05D9\u05E6");
    QTest::newRow("Latin inside Hebrew") << QStringLiteral("\u05E9\u05DC\u05D5\u05DD abc \u05E2\u05D5\u05DC\u05DD")
                                         << QStringLiteral("\u05DD\u05DC\u05D5\u05E2 abc \u05DD\u05D5\u05DC\u05E9");
    QTest::newRow("Hebrew inside Latin") << QStringLiteral("abc \u05E9\u05DC\u05D5\u05DD def")
                                         << QStringLiteral("abc \u05DD\u05D5\u05DC\u05E9 def");
    QTest::newRow("Latin only") << QStringLiteral("\u00A9 Jane 2024") << QStringLiteral("\u00A9 Jane 2024");
    // An explicit override (U+202E … U+202C) is obeyed; the controls themselves draw nothing.
    QTest::newRow("right-to-left override") << QStringLiteral("\u202Eabc\u202C") << QStringLiteral("cba");
}

void TestOps::watermarkMixedDirectionsInVisualOrder()
{
    QFETCH(QString, text);
    QFETCH(QString, visual);
    const std::u32string logical = text.toStdU32String();
    const std::vector<ShapedGlyph> glyphs = shaped(text.toStdString());
    std::u32string seen;
    for (size_t i = 0; i < glyphs.size(); ++i) {
        QVERIFY2(glyphs[i].glyph != 0, qPrintable(QStringLiteral("character %1 is a box").arg(glyphs[i].character)));
        QVERIFY2(i == 0 || glyphs[i].x > glyphs[i - 1].x, "the glyphs go left to right");
        // A control HarfBuzz leaves out is in the cluster of the glyph after it: its first
        // character then. The glyph draws the next one.
        size_t c = glyphs[i].character;
        while (c + 1 < logical.size() && QChar::category(logical[c]) == QChar::Other_Format)
            ++c;
        seen += logical.at(c);
    }
    QCOMPARE(QString::fromStdU32String(seen), visual);

    // What is drawn is that layout: the same pixels as the characters written in visual order
    // under a left-to-right override. (Hebrew and Latin take no contextual forms, so the
    // glyphs are the same.)
    if (text.contains(QChar(0x0645)) || text.contains(QChar(0x202E)))
        return; // Arabic joins: its letters written backwards are other forms
    const cv::Mat in = cv::Mat::zeros(100, 600, CV_8UC1);
    WatermarkParams p = visible();
    p.opacity = 1;
    p.sizePercent = 20;
    p.position = Position::TopLeft;
    p.text = text.toStdString();
    const cv::Mat drawn = draw(in, p);
    p.text = (QChar(0x202D) + visual + QChar(0x202C)).toStdString();
    COMPARE_MAT(drawn, draw(in, p));
}

void TestOps::watermarkRightToLeftMirrorsBrackets()
{
    // In a right-to-left run a bracket is drawn as its mirror image, so that "(abc)" inside
    // Hebrew still opens towards abc: the leftmost glyph is the logical ")" drawn as "(".
    const std::vector<ShapedGlyph> glyphs = shaped("\u05E9\u05DC\u05D5\u05DD (abc)");
    QCOMPARE(glyphs.size(), size_t(10));
    QCOMPARE(glyphs.front().character, size_t(9));
    QCOMPARE(glyphs.front().glyph, shaped("(").at(0).glyph);
    for (size_t i = 1; i <= 3; ++i) // abc between them, left to right
        QCOMPARE(glyphs.at(i).character, 5 + i);
    QCOMPARE(glyphs.at(4).character, size_t(5));
    QCOMPARE(glyphs.at(4).glyph, shaped(")").at(0).glyph);
}

void TestOps::watermarkFontFile()
{
    // A font file draws what that font draws: the same as its family through fontconfig.
    const std::string file = dejaVuSans();
    QVERIFY2(QString::fromStdString(file).endsWith("DejaVuSans.ttf"), file.c_str());
    const cv::Mat in = cv::Mat::zeros(120, 400, CV_8UC3);
    WatermarkParams p = visible();
    p.opacity = 1;
    p.sizePercent = 20;
    p.fontFamily = "DejaVu Sans";
    const cv::Mat byFamily = draw(in, p);
    p.fontFile = file;
    p.fontFamily = "serif";
    TextReport report;
    const cv::Mat byFile = draw(in, p, &report);
    QVERIFY(report.error.empty());
    COMPARE_MAT(byFile, byFamily);
    // Characters the file's font lacks still come from the installed fonts.
    const auto glyphs = shaped("A\u6771", {file, "sans-serif"});
    QCOMPARE(glyphs.size(), size_t(2));
    QCOMPARE(glyphs[0].fontFile, file);
    QVERIFY(glyphs[1].glyph != 0 && glyphs[1].fontFile != file);
}

void TestOps::watermarkFontFileErrors()
{
    QTemporaryDir dir;
    QFile notAFont(dir.filePath("notes.ttf"));
    QVERIFY(notAFont.open(QIODevice::WriteOnly));
    notAFont.write("this is not a font, whatever its name says");
    notAFont.close();
    QFile empty(dir.filePath("empty.otf"));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();

    const cv::Mat in = cv::Mat::zeros(50, 100, CV_8UC3);
    WatermarkParams p = visible();
    const struct {
        QString path, says;
    } cases[] = {{dir.filePath("missing.ttf"), "no such file or folder"},
                 {notAFont.fileName(), "not a font"},
                 {empty.fileName(), "not a font"},
                 {dir.path(), "is a folder, not a font file"}};
    for (const auto &c : cases) {
        p.fontFile = c.path.toStdString();
        TextReport report;
        QVERIFY(draw(in, p, &report).empty());
        const QString error = QString::fromStdString(report.error);
        QVERIFY2(error.startsWith("font file " + c.path + ": ") && error.contains(c.says, Qt::CaseInsensitive),
                 qPrintable(error));
    }
    // The step fails the image with that reason.
    QString error;
    const auto step = compileStep({{"op", "watermark"}, {"font", dir.filePath("missing.ttf")}}, &error);
    QVERIFY2(step, qPrintable(error));
    StepReport report;
    QVERIFY(step->apply(in, {1, 1, &resources(), &report}).empty());
    QVERIFY2(report.error.startsWith("watermark: font file " + dir.filePath("missing.ttf")), qPrintable(report.error));
}

void TestOps::watermarkFontFamily()
{
    const cv::Mat in = cv::Mat::zeros(120, 400, CV_8UC3);
    WatermarkParams p = visible();
    p.opacity = 1;
    p.sizePercent = 20;
    p.fontFamily = "DejaVu Sans";
    const cv::Mat sans = draw(in, p);
    p.fontFamily = "DejaVu Serif";
    TextReport report;
    QVERIFY(maxDiff(draw(in, p, &report), sans) > 0);
    QVERIFY(report.familyUsed.empty());
    // A family that is not installed draws with fontconfig's substitute, and says so.
    QString error;
    const auto step = compileStep({{"op", "watermark"}, {"fontFamily", "No Such Family PixelPool"}}, &error);
    QVERIFY2(step, qPrintable(error));
    StepReport stepReport;
    QVERIFY(maxDiff(step->apply(in, {1, 1, &resources(), &stepReport}), in) > 0);
    QCOMPARE(stepReport.warnings.size(), 1);
    QVERIFY2(stepReport.warnings[0].startsWith("watermark: font family \"No Such Family PixelPool\" is not installed; "
                                               "drawn with \""),
             qPrintable(stepReport.warnings[0]));
}

void TestOps::watermarkCachesWhatItShaped()
{
    // What a worker pays once: fontconfig's configuration, each font, each text.
    TextRenderer renderer;
    QCOMPARE(renderer.stats().configLoads, 0); // nothing before the first text
    const cv::Mat in = cv::Mat::zeros(100, 300, CV_8UC3);
    WatermarkParams p = visible();
    p.text = "Caf\u00E9 \u6771";
    const cv::Mat first = watermark(in, p, renderer);
    const TextRenderer::Stats once = renderer.stats();
    QCOMPARE(once.configLoads, 1);
    QCOMPARE(once.textsShaped, 1);
    QVERIFY(once.facesOpened >= 2); // the first font and the CJK fallback
    COMPARE_MAT(watermark(cv::Mat::zeros(100, 300, CV_8UC3), p, renderer), first);
    const TextRenderer::Stats twice = renderer.stats();
    QCOMPARE(twice.configLoads, 1);
    QCOMPARE(twice.textsShaped, 1);
    QCOMPARE(twice.facesOpened, once.facesOpened);
    p.text = "Other";
    watermark(in, p, renderer);
    QCOMPARE(renderer.stats().textsShaped, 2);
    QCOMPARE(renderer.stats().configLoads, 1);
}

// What a step draws in a colour on a grey photo (a black-and-white picture with a red watermark, a
// coloured frame, a logo) is that colour: the image becomes BGR at its depth, the grey pixels as
// they were. It was the colour's luma: red text came out dark grey, in the preview and the output.
void TestOps::colourDrawnOnAGreyImage()
{
    const cv::Mat grey(100, 200, CV_8UC1, cv::Scalar(90));
    const cv::Scalar red(0, 0, 255, 255);

    WatermarkParams w = visible();
    w.opacity = 1;
    w.sizePercent = 30;
    w.color = red;
    const cv::Mat text = draw(grey, w);
    QCOMPARE(text.type(), CV_8UC3);
    cv::Mat ink;
    cv::inRange(text, cv::Scalar(0, 0, 255), cv::Scalar(0, 0, 255), ink);
    QVERIFY2(cv::countNonZero(ink) > 100, "no pure red in the text");
    cv::Mat untouched;
    cv::inRange(text, cv::Scalar::all(90), cv::Scalar::all(90), untouched);
    QVERIFY(cv::countNonZero(untouched) > int(grey.total() / 2));
    w.color = cv::Scalar(255, 255, 255, 255); // white text leaves a grey image grey
    QCOMPARE(draw(grey, w).type(), CV_8UC1);

    BorderParams b;
    b.size = 3;
    b.color = cv::Scalar(0, 255, 0, 255);
    const cv::Mat framed = border(grey, b);
    QCOMPARE(framed.type(), CV_8UC3);
    QCOMPARE(framed.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 255, 0));
    QCOMPARE(framed.at<cv::Vec3b>(50, 100), cv::Vec3b(90, 90, 90));
    const cv::Mat grey16(10, 10, CV_16UC1, cv::Scalar(90 * 257));
    const cv::Mat framed16 = border(grey16, b); // the depth is kept
    QCOMPARE(framed16.type(), CV_16UC3);
    QCOMPARE(framed16.at<cv::Vec3w>(0, 0), cv::Vec3w(0, 65535, 0));

    const RotateParams r{30, red};
    const cv::Mat turned = rotate(grey, r);
    QCOMPARE(turned.type(), CV_8UC3);
    QCOMPARE(turned.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 255));
    QCOMPARE(turned.at<cv::Vec3b>(turned.rows / 2, turned.cols / 2), cv::Vec3b(90, 90, 90));

    LogoParams l;
    l.position = Position::TopLeft;
    l.sizePercent = 100;
    l.opacity = 1;
    cv::Mat logo(1, 2, CV_8UC4, cv::Scalar(0, 0, 0, 0));
    logo.at<cv::Vec4b>(0, 0) = {255, 0, 0, 255}; // opaque blue, then nothing
    const cv::Mat marked = compositeLogo(cv::Mat(1, 2, CV_8UC1, cv::Scalar(90)), logo, {0, 0}, 1);
    QCOMPARE(marked.type(), CV_8UC3);
    QCOMPARE(marked.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 0, 0));
    QCOMPARE(marked.at<cv::Vec3b>(0, 1), cv::Vec3b(90, 90, 90));
    COMPARE_MAT(overlayLogo(grey, cv::Mat(1, 1, CV_8UC4, cv::Scalar(0, 0, 0, 0)), l), grey); // nothing drawn
}
