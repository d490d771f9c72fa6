// Presets: the built-ins load, files round-trip, and every malformed preset names its problem.
#include "CompiledStep.h"
#include "Preset.h"
#include "PresetLibrary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace pp;

class TestPreset : public QObject
{
    Q_OBJECT

    static QString errorFor(const QByteArray &json)
    {
        QString error;
        const auto p = Preset::fromJson(QJsonDocument::fromJson(json).object(), &error);
        return p ? QString() : error;
    }

private slots:
    void builtinsLoad()
    {
        PresetLibrary lib({});
        QStringList problems;
        lib.reload(&problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
        for (const char *name : {"classic", "web", "thumbnail", "grayscale"})
            QVERIFY2(lib.find(name), name);
        const Preset &classic = lib.find("classic")->preset;
        QCOMPARE(classic.steps[1].value("op").toString(), QString("blur"));
        QCOMPARE(classic.steps[1].value("sigma").toDouble(), 15.0);
        QCOMPARE(classic.steps[2].value("width").toInt(), 1200);
        QCOMPARE(classic.output.format, OutputFormat::Jpeg);
        // What each built-in does with metadata and colour (the README says the same).
        QCOMPARE(classic.output.metadata, MetadataPolicy::Keep);
        QCOMPARE(classic.output.colour, ColourPolicy::Keep);
        QCOMPARE(lib.find("grayscale")->preset.output.metadata, MetadataPolicy::Keep);
        QCOMPARE(lib.find("web")->preset.output.metadata, MetadataPolicy::StripLocation);
        QCOMPARE(lib.find("web")->preset.output.colour, ColourPolicy::Srgb);
        QCOMPARE(lib.find("thumbnail")->preset.output.metadata, MetadataPolicy::Strip);
        QCOMPARE(lib.find("thumbnail")->preset.output.colour, ColourPolicy::Srgb);
    }

    void builtinsCompile()
    {
        // What a worker does with each preset it is given: every built-in step builds.
        PresetLibrary lib({});
        QVERIFY(lib.entries().size() >= 4);
        for (const PresetEntry &e : lib.entries()) {
            QString error;
            const auto steps = compileSteps(e.preset.steps, &error);
            QVERIFY2(steps, qPrintable(QStringLiteral("%1: %2").arg(e.preset.name, error)));
            QCOMPARE(steps->size(), e.preset.steps.size());
        }
    }

    void defaultsAreFilledIn()
    {
        QString error;
        const auto p =
            Preset::fromJson(QJsonDocument::fromJson(
                                 R"({"format":"pixelpool-preset","version":1,"name":"x","steps":[{"op":"sharpen"}]})")
                                 .object(),
                             &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->steps[0].value("amount").toDouble(), 0.5);
        QCOMPARE(p->output.nameTemplate, QString("{name}.{ext}"));
        QCOMPARE(p->output.metadata, MetadataPolicy::Keep);
        QCOMPARE(p->output.colour, ColourPolicy::Keep);
        QCOMPARE(p->input.raw, RawMode::Develop);
    }

    void saveAndLoadRoundTrip()
    {
        QTemporaryDir dir;
        PresetLibrary lib(dir.path());
        Preset p = lib.find("web")->preset;
        p.name = "my web";
        p.output.quality = 77;
        p.output.format = OutputFormat::Webp;
        p.output.metadata = MetadataPolicy::Strip;
        p.output.colour = ColourPolicy::Keep;
        p.output.lossless = true;
        p.output.tiffCompression = TiffCompression::Deflate;
        p.output.keepFileTime = true;
        p.input.raw = RawMode::Preview;
        QString error;
        QVERIFY2(lib.saveUserPreset(p, &error), qPrintable(error));
        const PresetEntry *e = lib.find("my web");
        QVERIFY(e && !e->builtin);
        QCOMPARE(e->preset.toJson(), p.toJson());
        QCOMPARE(e->preset.output.metadata, MetadataPolicy::Strip);
        QCOMPARE(e->preset.output.colour, ColourPolicy::Keep);
        QVERIFY(e->preset.output.lossless && e->preset.output.keepFileTime);
        QCOMPARE(e->preset.output.tiffCompression, TiffCompression::Deflate);
        QCOMPARE(e->preset.input.raw, RawMode::Preview);
        QCOMPARE(e->preset.toJson().value("input").toObject().value("raw").toString(), QString("preview"));
    }

    void jxlAndAvifAreFormats()
    {
        const QList<QPair<QString, OutputFormat>> formats{{"jxl", OutputFormat::Jxl}, {"avif", OutputFormat::Avif}};
        for (const auto &f : formats) {
            QCOMPARE(formatFromName(f.first), std::optional(f.second));
            QCOMPARE(formatFromName(f.first.toUpper()), std::optional(f.second)); // --format AVIF
            QCOMPARE(formatName(f.second), f.first);
            QCOMPARE(formatExtension(f.second), f.first);
            QJsonObject json{{"format", "pixelpool-preset"}, {"version", 1}, {"name", "x"}, {"steps", QJsonArray()}};
            json.insert("output", QJsonObject{{"format", f.first}, {"quality", 70}});
            QString error;
            const auto p = Preset::fromJson(json, &error);
            QVERIFY2(p, qPrintable(error));
            QCOMPARE(p->output.format, f.second);
            QCOMPARE(p->output.quality, 70);
            QCOMPARE(Preset::fromJson(p->toJson(), &error)->output.format, f.second);
        }
    }

    void losslessKeepsItsOlderName()
    {
        // Presets saved before JPEG XL said "webpLossless"; they load unchanged and are saved
        // with the general name.
        const QByteArray head = R"({"format":"pixelpool-preset","version":1,"name":"x","steps":[],"output":)";
        QString error;
        const auto old = Preset::fromJson(QJsonDocument::fromJson(head + R"({"webpLossless":true}})").object(), &error);
        QVERIFY2(old, qPrintable(error));
        QVERIFY(old->output.lossless);
        QVERIFY(old->toJson().value("output").toObject().value("lossless").toBool());
        QVERIFY(!old->toJson().value("output").toObject().contains("webpLossless"));
        const auto both = Preset::fromJson(
            QJsonDocument::fromJson(head + R"({"webpLossless":true,"lossless":true}})").object(), &error);
        QVERIFY2(both && both->output.lossless, qPrintable(error));
        const auto none = Preset::fromJson(QJsonDocument::fromJson(head + "{}}").object(), &error);
        QVERIFY(none && !none->output.lossless);
    }

    void builtinCannotBeReplaced()
    {
        QTemporaryDir dir;
        PresetLibrary lib(dir.path());
        QString error;
        QVERIFY(!lib.saveUserPreset(lib.find("classic")->preset, &error));
        QVERIFY(error.contains("built-in"));
    }

    void errorsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray head = R"({"format":"pixelpool-preset","version":1,"name":"x",)";
        QTest::newRow("format") << QByteArray(R"({"version":1})") << "\"format\"";
        QTest::newRow("future version") << QByteArray(
                                               R"({"format":"pixelpool-preset","version":99,"name":"x","steps":[]})")
                                        << "newer";
        QTest::newRow("no name") << QByteArray(R"({"format":"pixelpool-preset","version":1,"steps":[]})") << "\"name\"";
        QTest::newRow("steps not list") << head + R"("steps":{}})"
                                        << "\"steps\"";
        QTest::newRow("unknown op") << head + R"("steps":[{"op":"explode"}]})"
                                    << "steps[0]: unknown operation \"explode\"";
        QTest::newRow("bad type") << head + R"("steps":[{"op":"resize"},{"op":"blur","sigma":"big"}]})"
                                  << "steps[1]: blur.sigma must be a number";
        QTest::newRow("range") << head + R"("steps":[{"op":"blur","sigma":-1}]})"
                               << "blur.sigma is -1, outside";
        QTest::newRow("unknown param") << head + R"("steps":[{"op":"blur","radius":3}]})"
                                       << "unknown parameter \"radius\"";
        QTest::newRow("choice") << head + R"("steps":[{"op":"resize","mode":"squash"}]})"
                                << "resize.mode must be one of";
        QTest::newRow("quality") << head + R"("steps":[],"output":{"quality":101}})"
                                 << "output.quality";
        QTest::newRow("format name") << head + R"("steps":[],"output":{"format":"gif"}})"
                                     << "output.format must be one of: keep, jpeg, png, webp, tiff, bmp, jxl, avif";
        QTest::newRow("lossless, both names") << head + R"("steps":[],"output":{"lossless":true,"webpLossless":false}})"
                                              << "output.webpLossless (the older name of output.lossless)";
        QTest::newRow("metadata") << head + R"("steps":[],"output":{"metadata":"some"}})"
                                  << "output.metadata must be one of: keep, strip-location, strip";
        QTest::newRow("colour policy") << head + R"("steps":[],"output":{"colour":"adobe"}})"
                                       << "output.colour must be one of: keep, srgb";
        QTest::newRow("tiff compression") << head + R"("steps":[],"output":{"tiffCompression":"jpeg"}})"
                                          << "output.tiffCompression must be one of: none, lzw, deflate";
        QTest::newRow("unknown output key") << head + R"("steps":[],"output":{"shell":"rm -rf /"}})"
                                            << "output.shell is not a known setting";
        QTest::newRow("raw mode") << head + R"("steps":[],"input":{"raw":"fast"}})"
                                  << "input.raw must be one of: develop, preview";
        QTest::newRow("unknown input key") << head + R"("steps":[],"input":{"demosaic":"ahd"}})"
                                           << "input.demosaic is not a known setting";
        QTest::newRow("input not object") << head + R"("steps":[],"input":"preview"})"
                                          << "\"input\" must be an object";
        QTest::newRow("colour") << head + R"("steps":[{"op":"border","color":"red"}]})"
                                << "border.color must be a colour";
        QTest::newRow("colour, newline") << head + R"("steps":[{"op":"border","color":"#ffffff
"}]})"
                                         << "border.color must be a colour";
        QTest::newRow("integer") << head + R"("steps":[{"op":"border","size":1.5}]})"
                                 << "border.size must be a whole number";
        QTest::newRow("logo without file") << head + R"("steps":[{"op":"logo"}]})"
                                           << "steps[0]: logo.file must name a file";
        QTest::newRow("logo file not text") << head + R"("steps":[{"op":"logo","file":7}]})"
                                            << "logo.file must be a file's path";
        QTest::newRow("relative logo") << head + R"("steps":[{"op":"logo","file":"mark.png"}]})"
                                       << "logo.file is a relative path (\"mark.png\")";
        QTest::newRow("relative font") << head + R"("steps":[{"op":"watermark","font":"fonts/a.ttf"}]})"
                                       << "watermark.font is a relative path";
        QTest::newRow("nul in path") << head + R"("steps":[{"op":"logo","file":"/a\u0000b.png"}]})"
                                     << "logo.file must be a file's path";
    }
    void errorsNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString error = errorFor(json);
        QVERIFY2(error.contains(expected), qPrintable(QString("got: \"%1\", expected: \"%2\"").arg(error, expected)));
    }

    void fileErrorsNameTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ \"format\": \"pixelpool-preset\", ");
        f.close();
        QString error;
        QVERIFY(!Preset::load(path, &error));
        QVERIFY2(error.startsWith(path) && error.contains("not valid JSON"), qPrintable(error));
        QVERIFY(!Preset::load(dir.filePath("missing.json"), &error));
        QVERIFY2(error.contains("missing.json"), qPrintable(error));
    }

    void pathsInAPresetFileAreRelativeToIt()
    {
        // A preset and its logo travel together: a relative path is taken from the preset
        // file's folder when it is loaded, and the preset carries it absolute from then on.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("presets"));
        const QString path = dir.filePath("presets/marked.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"pixelpool-preset","version":1,"name":"marked","steps":[
            {"op":"logo","file":"../art/mark.png"},{"op":"watermark","font":"font.ttf"},
            {"op":"logo","file":"/abs/./x.png"}]})");
        f.close();
        QString error;
        const auto p = Preset::load(path, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->steps[0].value("file").toString(), dir.filePath("art/mark.png"));
        QCOMPARE(p->steps[1].value("font").toString(), dir.filePath("presets/font.ttf"));
        QCOMPARE(p->steps[1].value("fontFamily").toString(), QString("sans-serif"));
        QCOMPARE(p->steps[2].value("file").toString(), QString("/abs/x.png"));
        // What the front end sends a worker (toJson) needs no folder to be read again.
        const auto again = Preset::fromJson(p->toJson(), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->toJson(), p->toJson());
    }

    void resolveByNameOrFile()
    {
        QTemporaryDir dir;
        PresetLibrary lib({});
        QString error;
        QVERIFY(lib.resolve("Classic", &error)); // names are not case-sensitive
        QVERIFY(!lib.resolve("nope", &error));
        QVERIFY2(error.contains("classic") && error.contains("thumbnail"), qPrintable(error));
        Preset p = lib.find("thumbnail")->preset;
        p.name = "from file";
        QVERIFY(p.save(dir.filePath("t.json"), &error));
        const auto loaded = lib.resolve(dir.filePath("t.json"), &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->name, QString("from file"));
    }

    void importKeepsBothOnNameClash()
    {
        QTemporaryDir dir;
        PresetLibrary lib(dir.filePath("user"));
        QString error;
        Preset p = lib.find("web")->preset; // same name as a built-in
        QVERIFY(p.save(dir.filePath("web.json"), &error));
        const auto name = lib.importFile(dir.filePath("web.json"), &error);
        QVERIFY2(name, qPrintable(error));
        QCOMPARE(*name, QString("web (2)"));
    }
};

QTEST_GUILESS_MAIN(TestPreset)
#include "tst_preset.moc"
