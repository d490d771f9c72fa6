// Presets: the built-ins load, files round-trip, and every malformed preset names its problem.
#include "CompiledStep.h"
#include "Preset.h"
#include "PresetLibrary.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <sys/stat.h>
#include <thread>

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
    // An entry of `outputs` is written with the settings it gives itself, and with those set on it
    // since (--format on each output), so that the preset read again is the same; the others follow
    // the preset's `output` (setSharedOutput, the editor's output settings).
    void outputsKeepTheirOwnSettingsAndFollowTheRest()
    {
        const QByteArray json = R"({"format":"pixelpool-preset","version":1,"name":"x","steps":[],
            "output":{"format":"jpeg","quality":70},
            "outputs":[{"name":"a","steps":[],"output":{"nameTemplate":"a/{name}.{ext}","quality":85}},
                       {"name":"b","steps":[],"output":{"nameTemplate":"b/{name}.{ext}","webpLossless":true}}]})";
        QString error;
        std::optional<Preset> p = Preset::fromJson(QJsonDocument::fromJson(json).object(), &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->outputs[0].output.quality, 85);
        QCOMPARE(p->outputs[1].output.quality, 70);
        QVERIFY(!p->outputs[1].output.lossless); // asked for lossless WebP only
        OutputSettings shared = p->output;
        shared.format = OutputFormat::Webp;
        shared.quality = 60;
        p->setSharedOutput(shared);
        QCOMPARE(p->outputs[0].output.format, OutputFormat::Webp);
        QCOMPARE(p->outputs[0].output.quality, 85);
        QCOMPARE(p->outputs[1].output.quality, 60);
        QVERIFY(p->outputs[1].output.lossless); // WebP now
        QVERIFY(!p->outputs[0].output.lossless);
        // Set on one output alone (as a command line's override may): written, read back.
        p->outputs[0].output.format = OutputFormat::Png;
        std::optional<Preset> again = Preset::fromJson(p->toJson(), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->outputs[0].output.format, OutputFormat::Png);
        QCOMPARE(again->outputs[1].output.format, OutputFormat::Webp);
        QCOMPARE(again->outputs[1].output.quality, 60);
        QVERIFY(again->outputs[1].output.lossless);
        QStringList own = p->toJson().value("outputs").toArray().at(1).toObject().value("output").toObject().keys();
        own.sort();
        QCOMPARE(own, (QStringList{"nameTemplate", "webpLossless"}));
        // Back to JPEG: the older key's lossless WebP does not make a lossless JPEG.
        shared.format = OutputFormat::Jpeg;
        again->setSharedOutput(shared);
        QVERIFY(!again->outputs[1].output.lossless);
        QCOMPARE(again->outputs[1].output.format, OutputFormat::Jpeg);
    }

    // A step that names its mode keeps the other modes' settings (the editor keeps them while
    // people switch modes, and the file it saves holds them): they are not refused.
    void settingsOfAnotherModeWithTheModeNamedLoad()
    {
        const QByteArray head = R"({"format":"pixelpool-preset","version":1,"name":"x",)";
        QCOMPARE(errorFor(head + R"("steps":[{"op":"crop","mode":"aspect","x":10,"width":50}]})"), QString());
        QCOMPARE(errorFor(head + R"("steps":[{"op":"resize","mode":"fit","percent":10}]})"), QString());
        QCOMPARE(errorFor(head + R"("steps":[{"op":"crop","aspectWidth":16,"aspectHeight":9}]})"), QString());
    }

    void builtinsLoad()
    {
        PresetLibrary lib({});
        QVector<Message> problems;
        lib.reload(&problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0).english()));
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
            for (const PresetOutput &o : e.preset.outputs)
                QVERIFY2(compileSteps(o.steps, &error), qPrintable(e.preset.name + "/" + o.name + ": " + error));
        }
    }

    void outputsShareTheStepsAndTakeThePresetsSettings()
    {
        const Preset p = PresetLibrary({}).find("web-and-thumbnail")->preset;
        QCOMPARE(p.steps.size(), 1); // autoOrient, shared
        QCOMPARE(p.outputs.size(), 2);
        QCOMPARE(p.outputs[0].name, QString("web"));
        QCOMPARE(p.outputs[0].steps.size(), 2);
        QCOMPARE(p.outputs[0].output.quality, 85);
        QCOMPARE(p.outputs[0].output.metadata, MetadataPolicy::StripLocation);
        QCOMPARE(p.outputs[0].output.nameTemplate, QString("web/{name}.{ext}"));
        QCOMPARE(p.outputs[1].output.quality, 80);
        QCOMPARE(p.outputs[1].output.metadata, MetadataPolicy::Strip);
        // What an entry does not set is the preset's output.
        QCOMPARE(p.outputs[1].output.colour, ColourPolicy::Srgb);
        QCOMPARE(p.outputs[1].output.format, OutputFormat::Jpeg);
        // The same steps as the single-output presets, in the same order.
        const Preset web = PresetLibrary({}).find("web")->preset;
        QCOMPARE(p.steps + p.outputs[0].steps, web.steps);
        QCOMPARE(p.steps + p.outputs[1].steps, PresetLibrary({}).find("thumbnail")->preset.steps);
        // targets(): the outputs, or the one output of a preset without them.
        QCOMPARE(p.targets().size(), 2);
        QCOMPARE(web.targets().size(), 1);
        QVERIFY(web.targets()[0].name.isEmpty());
        QVERIFY(web.targets()[0].steps.isEmpty());
        QCOMPARE(web.targets()[0].output.quality, 85);
        // Saved and loaded again: the same preset, outputs and all.
        QString error;
        const auto again = Preset::fromJson(p.toJson(), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->toJson(), p.toJson());
        QVERIFY(!web.toJson().contains("outputs")); // a preset without them is saved as before
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
        const auto old = Preset::fromJson(
            QJsonDocument::fromJson(head + R"({"format":"webp","webpLossless":true}})").object(), &error);
        QVERIFY2(old, qPrintable(error));
        QVERIFY(old->output.lossless);
        QVERIFY(old->toJson().value("output").toObject().value("lossless").toBool());
        QVERIFY(!old->toJson().value("output").toObject().contains("webpLossless"));
        const auto both = Preset::fromJson(
            QJsonDocument::fromJson(head + R"({"format":"webp","webpLossless":true,"lossless":true}})").object(),
            &error);
        QVERIFY2(both && both->output.lossless, qPrintable(error));
        const auto none = Preset::fromJson(QJsonDocument::fromJson(head + "{}}").object(), &error);
        QVERIFY(none && !none->output.lossless);
        // It asked for lossless WebP: with another format it is ignored, as it always was, and the
        // preset loads (a JPEG preset saying it was refused by 5c4f4db as a lossless JPEG).
        for (const char *format : {"jpeg", "png", "jxl", "avif", "keep"}) {
            const auto other = Preset::fromJson(
                QJsonDocument::fromJson(head + "{\"format\":\"" + format + "\",\"webpLossless\":true}}").object(),
                &error);
            QVERIFY2(other, qPrintable(format + (": " + error)));
            QVERIFY2(!other->output.lossless, format);
        }
    }

    void losslessNeedsAFormatThatHasIt_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // empty: it loads
        const QByteArray head = R"({"format":"pixelpool-preset","version":1,"name":"x","steps":[],)";
        const QString choose = ", which has no lossless mode: choose one of png, webp, tiff, bmp, jxl, avif, keep, or "
                               "turn lossless off";
        // JPEG has none: the file was written lossy without a word, whatever the preset said.
        QTest::newRow("jpeg") << head + R"("output":{"format":"jpeg","lossless":true}})"
                              << "output.lossless: output.format is jpeg" + choose;
        QTest::newRow("jpg") << head + R"("output":{"format":"jpg","lossless":true}})"
                             << "output.lossless: output.format is jpeg" + choose;
        QTest::newRow("no format: jpeg") << head + R"("output":{"lossless":true}})"
                                         << "output.lossless: output.format (not given) is jpeg" + choose;
        // An entry of `outputs` named where its settings are said: its own, or the preset's output.
        const QByteArray webp =
            R"({"name":"web","steps":[],"output":{"format":"webp","nameTemplate":"w/{name}.{ext}"}})";
        QTest::newRow("an output's own")
            << head + R"("outputs":[)" + webp +
                   R"(,{"name":"a","steps":[],"output":{"format":"jpeg","lossless":true}}]})"
            << "outputs[1].output.lossless: outputs[1].output.format is jpeg" + choose;
        QTest::newRow("an output's, from output")
            << head + R"("output":{"format":"webp","lossless":true},"outputs":[)" + webp +
                   R"(,{"name":"a","steps":[],"output":{"format":"jpeg"}}]})"
            << "output.lossless: outputs[1].output.format is jpeg" + choose;
        QTest::newRow("an output's format from output")
            << head + R"("output":{"format":"jpeg"},"outputs":[)" + webp +
                   R"(,{"name":"a","steps":[],"output":{"lossless":true}}]})"
            << "outputs[1].output.lossless: output.format is jpeg" + choose;
        // What writes every pixel loads: the lossless modes, the formats that are lossless anyway,
        // and `format: keep`, judged per image by the format it keeps (tst_planner).
        for (const char *format : {"webp", "jxl", "avif", "png", "tiff", "bmp", "keep"})
            QTest::addRow("%s", format) << head + "\"output\":{\"format\":\"" + format + "\",\"lossless\":true}}"
                                        << QString();
        QTest::newRow("jpeg, not lossless") << head + R"("output":{"format":"jpeg","lossless":false}})" << QString();
        // The preset's output only gives its entries what they do not set: none of them is JPEG.
        QTest::newRow("output jpeg, every entry another")
            << head + R"("output":{"format":"jpeg","lossless":true},"outputs":[)" + webp + "]}" << QString();
    }
    void losslessNeedsAFormatThatHasIt()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QCOMPARE(errorFor(json), expected);
        if (expected.isEmpty()) { // and it loads again as it was saved
            QString error;
            const auto p = Preset::fromJson(QJsonDocument::fromJson(json).object(), &error);
            QVERIFY2(Preset::fromJson(p->toJson(), &error), qPrintable(error));
        }
    }

    void losslessWithoutModeIsSaidForAFile()
    {
        // A preset file: the error starts with the file, as every error of a file does.
        QTemporaryDir dir;
        const QString path = dir.filePath("archive.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"pixelpool-preset","version":1,"name":"archive","steps":[],
                    "output":{"format":"jpeg","quality":100,"lossless":true}})");
        f.close();
        QString error;
        QVERIFY(!Preset::load(path, &error));
        QCOMPARE(error, path + ": output.lossless: output.format is jpeg, which has no lossless mode: choose one of "
                               "png, webp, tiff, bmp, jxl, avif, keep, or turn lossless off");
    }

    void builtinCannotBeReplaced()
    {
        QTemporaryDir dir;
        PresetLibrary lib(dir.path());
        QString error;
        QVERIFY(!lib.saveUserPreset(lib.find("classic")->preset, &error));
        QVERIFY(error.contains("built-in"));
    }

    // A preset folder that cannot be made says why: "cannot create the preset folder …" came with no
    // reason (QA of the installed package, a read-only ~/.config). A file in the way, as root is not
    // stopped by permissions.
    void aPresetFolderThatCannotBeMadeSaysWhy()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath("config"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString folder = dir.filePath("config/PixelPool/presets");
        PresetLibrary lib(folder);
        Preset mine = lib.find("classic")->preset;
        mine.name = "mine";
        QString error;
        QVERIFY(!lib.saveUserPreset(mine, &error));
        QCOMPARE(error, "cannot create the preset folder " + folder + ": a file stands where a folder should be");
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
        // A misspelt name is said with the one it is closest to (QA note 45: "output.color").
        QTest::newRow("American spelling") << head + R"("steps":[],"output":{"color":"srgb"}})"
                                           << "output.color is not a known setting (did you mean colour?)";
        QTest::newRow("another case") << head + R"("steps":[],"output":{"NameTemplate":"{name}.{ext}"}})"
                                      << "output.NameTemplate is not a known setting (did you mean nameTemplate?)";
        QTest::newRow("a letter too many") << head + R"("steps":[{"op":"blurr"}]})"
                                           << "steps[0]: unknown operation \"blurr\" (did you mean blur?)";
        QTest::newRow("a letter short") << head + R"("steps":[{"op":"blur","sigm":3}]})"
                                        << "steps[0]: blur: unknown parameter \"sigm\" (did you mean sigma?)";
        QTest::newRow("two letters swapped") << head + R"("steps":[],"outptu":{}})"
                                             << "\"outptu\" is not a known setting (did you mean output?)";
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
        // A wrong type and a value too long, each in its own words (both were one text, true of neither).
        QTest::newRow("logo file not text") << head + R"("steps":[{"op":"logo","file":7}]})"
                                            << "steps[0]: logo.file must be text";
        QTest::newRow("logo file too long")
            << head + "\"steps\":[{\"op\":\"logo\",\"file\":\"/" + QByteArray(4096, 'f') + "\"}]}"
            << "steps[0]: logo.file is a path longer than 4096 characters";
        QTest::newRow("watermark text not text") << head + R"("steps":[{"op":"watermark","text":5}]})"
                                                 << "steps[0]: watermark.text must be text";
        QTest::newRow("watermark text too long")
            << head + "\"steps\":[{\"op\":\"watermark\",\"text\":\"" + QByteArray(201, 't') + "\"}]}"
            << "steps[0]: watermark.text is longer than 200 characters";
        QTest::newRow("template too long")
            << head + "\"steps\":[],\"output\":{\"nameTemplate\":\"{name}" + QByteArray(250, 'x') + ".{ext}\"}}"
            << "output.nameTemplate: the file name template is longer than 255 characters";
        // A brace not closed, or closing nothing, was written into every name (QA note 45). Plain
        // strings: moc reads a raw string's braces as code.
        QTest::newRow("template brace not closed")
            << head + "\"steps\":[],\"output\":{\"nameTemplate\":\"{name\"}}"
            << "output.nameTemplate: the \"{\" at character 1 of the file name template is not closed: "
               "placeholders are written like {name}";
        QTest::newRow("template brace not closed at the end")
            << head + "\"steps\":[],\"output\":{\"nameTemplate\":\"é/{name}.{ext\"}}"
            << "output.nameTemplate: the \"{\" at character 10 of the file name template is not closed: "
               "placeholders are written like {name}";
        QTest::newRow("template brace opened twice")
            << head + "\"steps\":[],\"output\":{\"nameTemplate\":\"{na{name}.{ext}\"}}"
            << "output.nameTemplate: the \"{\" at character 1 of the file name template is not closed: "
               "placeholders are written like {name}";
        QTest::newRow("template brace closing nothing")
            << head + "\"steps\":[],\"output\":{\"nameTemplate\":\"{name}}.{ext}\"}}"
            << "output.nameTemplate: the \"}\" at character 7 of the file name template closes no placeholder: "
               "placeholders are written like {name}";
        QTest::newRow("template not text") << head + R"("steps":[],"output":{"nameTemplate":7}})"
                                           << "output.nameTemplate must be text";
        QTest::newRow("folder too long") << head + "\"steps\":[],\"output\":{\"folder\":\"" + QByteArray(1025, 'F') +
                                                "\"}}"
                                         << "output.folder is longer than 1024 characters";
        QTest::newRow("folder not text") << head + R"("steps":[],"output":{"folder":[]}})"
                                         << "output.folder must be text";
        QTest::newRow("background not a colour") << head + R"("steps":[],"output":{"background":"#ffffffffff"}})"
                                                 << "output.background must be a colour";
        // Flattened onto: an alpha of its own was ignored without a word.
        QTest::newRow("background see-through")
            << head + R"("steps":[],"output":{"background":"#00ff0080"}})"
            << "output.background must be an opaque colour like \"#ffffff\": transparency is flattened onto it, "
               "and #00ff0080 is not";
        QTest::newRow("an output's background see-through")
            << head + R"("steps":[],"outputs":[{"name":"b","steps":[],"output":{"background":"#00000000"}}]})"
            << "outputs[0].output.background must be an opaque colour";
        // Control characters in what becomes a file's name: a NUL cut the name lstat() and rename()
        // read ("a" of "a\0quad.png"), a newline split every line that named the file.
        QTest::newRow("template NUL") << head + R"("steps":[],"output":{"nameTemplate":"a\u0000{name}.{ext}"}})"
                                      << "output.nameTemplate: the file name template must not contain control "
                                         "characters (U+0000 at character 2)";
        QTest::newRow("template newline") << head + R"("steps":[],"output":{"nameTemplate":"{name}\n.{ext}"}})"
                                          << "(U+000A at character 7)";
        QTest::newRow("template DEL") << head + R"("steps":[],"output":{"nameTemplate":"{name}\u007f.{ext}"}})"
                                      << "(U+007F at character 7)";
        QTest::newRow("output's template C1")
            << head + R"("steps":[],"outputs":[{"name":"b","steps":[],"output":{"nameTemplate":"\u009b{name}"}}]})"
            << "outputs[0].output.nameTemplate: the file name template must not contain control characters (U+009B";
        QTest::newRow("folder NUL") << head + R"("steps":[],"output":{"folder":"out\u0000er"}})"
                                    << "output.folder must not contain control characters (U+0000 at character 4)";
        QTest::newRow("folder carriage return") << head + R"("steps":[],"output":{"folder":"out\r"}})"
                                                << "output.folder must not contain control characters (U+000D";
        QTest::newRow("format in capitals") << head + R"("steps":[],"output":{"format":"PNG"}})"
                                            << "output.format must be one of: keep, jpeg, png";
        // {preset} is the preset's name, dots kept: ".." made every output "../quad.png".
        QTest::newRow("{preset} makes ..")
            << QByteArray(R"({"format":"pixelpool-preset","version":1,"name":"  ..  ","steps":[],)"
                          R"("output":{"nameTemplate":"{preset}/{name}.{ext}"}})")
            << "output.nameTemplate: {preset} is the preset's name \"..\", which makes a \"..\" folder";
        QTest::newRow("{preset}. makes ..")
            << QByteArray(R"({"format":"pixelpool-preset","version":1,"name":".","steps":[],)"
                          R"("output":{"nameTemplate":"{preset}./{name}.{ext}"}})")
            << "which makes a \"..\" folder";
        QTest::newRow("an output's {preset}")
            << QByteArray(R"({"format":"pixelpool-preset","version":1,"name":".","steps":[],"outputs":[)"
                          R"({"name":"a","steps":[],"output":{"nameTemplate":"a/{name}.{ext}"}},)"
                          R"({"name":"b","steps":[],"output":{"nameTemplate":"{preset}/{name}.{ext}"}}]})")
            << "outputs[1].output.nameTemplate: {preset} is the preset's name \".\", which makes a \".\" folder";
        QTest::newRow("relative logo") << head + R"("steps":[{"op":"logo","file":"mark.png"}]})"
                                       << "logo.file is a relative path (\"mark.png\")";
        QTest::newRow("relative font") << head + R"("steps":[{"op":"watermark","font":"fonts/a.ttf"}]})"
                                       << "watermark.font is a relative path";
        QTest::newRow("nul in path") << head + R"("steps":[{"op":"logo","file":"/a\u0000b.png"}]})"
                                     << "logo.file must not contain control characters (U+0000 at character 3)";
        // A watermark of no text drew nothing, without a word (the editor took it as well).
        QTest::newRow("watermark text empty") << head + R"("steps":[{"op":"watermark","text":""}]})"
                                              << "steps[0]: watermark.text must have some text to draw";
        QTest::newRow("watermark text of spaces") << head + R"("steps":[{"op":"watermark","text":" \t "}]})"
                                                  << "watermark.text must have some text to draw";
        // Nor at opacity 0, which drew nothing either (as a logo at opacity 0 did).
        QTest::newRow("watermark opacity 0") << head + R"("steps":[{"op":"watermark","opacity":0}]})"
                                             << "steps[0]: watermark.opacity is 0, outside 0.01..1";
        QTest::newRow("logo opacity 0") << head + R"("steps":[{"op":"logo","file":"/a.png","opacity":0}]})"
                                        << "steps[0]: logo.opacity is 0, outside 0.01..1";
        // A setting of a mode the step does not name was ignored: the default mode's crop or fit was made.
        QTest::newRow("crop rectangle without its mode")
            << head + R"("steps":[{"op":"crop","x":10,"y":10,"width":50,"height":30}]})"
            << "steps[0]: crop.x is used only in mode \"rect\", and without a \"mode\" the step is \"aspect\"";
        QTest::newRow("resize percent without its mode") << head + R"("steps":[{"op":"resize","percent":10}]})"
                                                         << "resize.percent is used only in mode \"scale\"";
        // One side of a box or a ratio without the other took the other's default: an exact 800
        // wide was 800×1200, a crop to aspectWidth 16 a ratio of 16:1 (operations QA pass).
        QTest::newRow("exact size, width alone")
            << head + R"("steps":[{"op":"resize","mode":"exact","width":800}]})"
            << "steps[0]: resize.height is missing: resize.width is given, and mode \"exact\" needs both";
        QTest::newRow("fill, height alone") << head + R"("steps":[{"op":"resize","mode":"fill","height":80}]})"
                                            << "resize.width is missing: resize.height is given, and mode \"fill\"";
        QTest::newRow("crop aspect, one side")
            << head + R"("steps":[{"op":"crop","aspectWidth":16}]})"
            << "crop.aspectHeight is missing: crop.aspectWidth is given, and mode \"aspect\" needs both";
        QTest::newRow("crop rectangle, one side")
            << head + R"("steps":[{"op":"crop","mode":"rect","x":5,"height":30}]})"
            << "crop.width is missing: crop.height is given, and mode \"rect\" needs both";
        // A watermark whose colour leaves no ink drew nothing, as one at opacity 0 did.
        QTest::newRow("watermark colour of alpha 00")
            << head + R"("steps":[{"op":"watermark","text":"©","color":"#ffffff00"}]})"
            << "steps[0]: watermark.color is #ffffff00: at an opacity of 0.5 the text would not show";
        QTest::newRow("watermark colour of alpha 01 at opacity 0.01")
            << head + R"("steps":[{"op":"watermark","text":"©","color":"#ffffff01","opacity":0.01}]})"
            << "watermark.color is #ffffff01: at an opacity of 0.01 the text would not show";
        // Nor of characters that draw nothing: controls, format characters, a variation selector.
        QTest::newRow("watermark text invisible")
            << head + R"("steps":[{"op":"watermark","text":"\u001f\ufeff\u200b\u2060\u00ad\u180e\ufe0f"}]})"
            << "watermark.text must have some text to draw";
        // `outputs`: each entry's problem named by its path in the file.
        const QByteArray a = R"({"name":"a","steps":[],"output":{"nameTemplate":"a/{name}.{ext}"}})";
        QTest::newRow("outputs empty") << head + R"("steps":[],"outputs":[]})"
                                       << "\"outputs\" must be a list of 1 to 8 outputs";
        QTest::newRow("outputs not list") << head + R"("steps":[],"outputs":{}})"
                                          << "\"outputs\" must be a list";
        QTest::newRow("outputs, nine") << head + R"("steps":[],"outputs":[)" + QByteArray(a + ",").repeated(8) + a +
                                              "]}"
                                       << "\"outputs\" must be a list of 1 to 8 outputs";
        QTest::newRow("output not object") << head + R"("steps":[],"outputs":[7]})"
                                           << "outputs[0] must be an object";
        QTest::newRow("output name") << head + R"("steps":[],"outputs":[{"name":"a/b","steps":[]}]})"
                                     << "outputs[0].name must be 1 to 40 letters";
        QTest::newRow("output without name") << head + R"("steps":[],"outputs":[{"steps":[]}]})"
                                             << "outputs[0].name";
        QTest::newRow("output names alike")
            << head + R"("steps":[],"outputs":[)" + a +
                   R"(,{"name":"A","steps":[],"output":{"nameTemplate":"b/{name}.{ext}"}}]})"
            << "outputs[1].name \"A\" is already the name of outputs[0]";
        QTest::newRow("output bad step") << head + R"("steps":[],"outputs":[)" + a +
                                                R"(,{"name":"b","steps":[{"op":"blur","sigma":-1}]}]})"
                                         << "outputs[1].steps[0]: blur.sigma is -1, outside";
        QTest::newRow("output unknown op") << head + R"("steps":[],"outputs":[{"name":"b","steps":[{"op":"x"}]}]})"
                                           << "outputs[0].steps[0]: unknown operation";
        QTest::newRow("output steps missing") << head + R"("steps":[],"outputs":[{"name":"b"}]})"
                                              << "outputs[0].steps is missing";
        QTest::newRow("output steps not list") << head + R"("steps":[],"outputs":[{"name":"b","steps":3}]})"
                                               << "outputs[0].steps must be a list of operations";
        QTest::newRow("output quality")
            << head + R"("steps":[],"outputs":[{"name":"b","steps":[],"output":{"quality":0}}]})"
            << "outputs[0].output.quality must be a whole number from 1 to 100";
        QTest::newRow("output unknown key") << head + R"("steps":[],"outputs":[{"name":"b","steps":[],"size":3}]})"
                                            << "outputs[0].size is not a known setting";
        QTest::newRow("output folder")
            << head + R"("steps":[],"outputs":[{"name":"b","steps":[],"output":{"folder":"x"}}]})"
            << "outputs[0].output.folder is a setting of the whole preset";
        QTest::newRow("output damaged")
            << head + R"("steps":[],"outputs":[{"name":"b","steps":[],"output":{"damaged":"warn"}}]})"
            << "outputs[0].output.damaged is a setting of the whole preset";
        QTest::newRow("output template")
            << head + R"("steps":[],"outputs":[{"name":"b","steps":[],"output":{"nameTemplate":"{x}"}}]})"
            << "outputs[0].output.nameTemplate: unknown placeholder {x}";
        QTest::newRow("outputs, same names")
            << head + R"("steps":[],"outputs":[{"name":"a","steps":[]},{"name":"b","steps":[]}]})"
            << "outputs[1].output.nameTemplate makes the same file names as outputs[0]'s";
        // Each job hands its worker every file its steps read, open (Preset::filesRead): one
        // message carries at most 16. A file named twice counts once.
        const auto logos = [&](int files, int steps) {
            QByteArray list;
            for (int i = 0; i < steps; ++i)
                list += QByteArray(i ? "," : "") + "{\"op\":\"logo\",\"file\":\"/logos/" +
                        QByteArray::number(i % files) + ".png\"}";
            return head + "\"steps\":[" + list + "]}";
        };
        QTest::newRow("17 files") << logos(17, 17)
                                  << "the preset's steps read more than 16 files (logos and fonts); it reads 17";
        QTest::newRow("16 files in 40 steps") << logos(16, 40) << "";
    }
    // closestName() suggests only a name that is close, and only one: far or tied names none.
    void aSuggestionIsCloseAndAlone()
    {
        const QStringList known = {"sigma", "radius", "amount", "threshold", "nameTemplate", "grey"};
        QCOMPARE(closestName("sigm", known), QString("sigma"));
        QCOMPARE(closestName("SIGMA", known), QString("sigma"));
        QCOMPARE(closestName("gray", known), QString("grey"));
        QCOMPARE(closestName("treshold", known), QString("threshold"));
        QCOMPARE(closestName("nametempalte", known), QString("nameTemplate"));
        QCOMPARE(closestName("size", known), QString());    // nothing within one edit
        QCOMPARE(closestName("shell", known), QString());   // far from all
        QCOMPARE(closestName("ab", {"a", "b"}), QString()); // two as close: neither
        QCOMPARE(closestName("", known), QString());
        QCOMPARE(closestName(QString(1000, 'a'), known), QString());
    }

    void errorsNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString error = errorFor(json);
        QVERIFY2(expected.isEmpty() ? error.isEmpty() : error.contains(expected),
                 qPrintable(QString("got: \"%1\", expected: \"%2\"").arg(error, expected)));
    }

    // A fit given one side fits that side, the other free, as ImageMagick's "800x" does: it was
    // fitted into 800×1200 (the default height), a tall photo 400×1200 (operations QA pass).
    void aFitOfOneSideLeavesTheOtherFree()
    {
        const OperationCatalog &catalog = OperationCatalog::builtin();
        Message error;
        const QJsonObject wide = catalog.normalizeStep({{"op", "resize"}, {"mode", "fit"}, {"width", 800}}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error.english()));
        QCOMPARE(wide.value("width").toInt(), 800);
        QCOMPARE(wide.value("height").toInt(), 65535);
        const QJsonObject tall = catalog.normalizeStep({{"op", "resize"}, {"height", 600}}, &error); // fit: the default
        QVERIFY2(error.isEmpty(), qPrintable(error.english()));
        QCOMPARE(tall.value("width").toInt(), 65535);
        QCOMPARE(tall.value("height").toInt(), 600);
        const QVector<CompiledStep> steps = *compileSteps({wide}, nullptr, catalog);
        QCOMPARE(steps[0].outputSize({1000, 3000}, {1}), cv::Size(800, 2400));
        const QVector<CompiledStep> byHeight = *compileSteps({tall}, nullptr, catalog);
        QCOMPARE(byHeight[0].outputSize({3000, 1000}, {1}), cv::Size(1800, 600));
        // Both sides, or neither (the defaults): as before.
        QCOMPARE(catalog.normalizeStep({{"op", "resize"}}, &error).value("height").toInt(), 1200);
    }

    // A text's limit counts characters, as the docs and the schema's maxLength say: 200 emoji (400
    // UTF-16 units) are 200 characters. 101 of them were refused as "longer than 200 characters".
    void textLimitsCountCharacters()
    {
        const QByteArray emoji = QString::fromUcs4(U"\U0001F600", 1).toUtf8();
        const auto watermark = [](const QByteArray &fields) {
            return "{\"format\":\"pixelpool-preset\",\"version\":1,\"name\":\"x\",\"steps\":[{\"op\":\"watermark\"," +
                   fields + "}]}";
        };
        const QByteArray emoji200 = emoji.repeated(200), emoji201 = emoji.repeated(201);
        QCOMPARE(errorFor(watermark("\"text\":\"" + emoji200 + "\"")), QString());
        QCOMPARE(errorFor(watermark("\"text\":\"A\",\"fontFamily\":\"" + emoji200 + "\"")), QString());
        QCOMPARE(errorFor(watermark("\"text\":\"" + emoji201 + "\"")),
                 QString("steps[0]: watermark.text is longer than 200 characters"));
        QCOMPARE(OperationCatalog::characters(QString::fromUtf8(emoji201)), qsizetype(201));
        QCOMPARE(OperationCatalog::characters(QStringLiteral("a\U0001F600b")), qsizetype(3));
        QCOMPARE(OperationCatalog::characters(QString(QChar(0xD83D))), qsizetype(1)); // a lone surrogate is one
    }

    // Every other text limit of a preset counts characters too, as the schema's maxLength and the
    // messages say: 51 emoji in "name" were refused as "at most 100 characters", 513 in
    // output.folder as "longer than 1024", 128 in a name template as "longer than 255", a logo's
    // path of 2049 as "longer than 4096"; 21 letters outside the Basic Multilingual Plane made an
    // output's name "not 1 to 40 letters" (each was two halves, neither a letter); a description
    // was cut at 500 emoji; a control character's place counted an emoji before it twice.
    void everyTextLimitCountsCharacters()
    {
        const QByteArray emoji = QString::fromUcs4(U"\U0001F600", 1).toUtf8();
        const QByteArray letter = QString::fromUcs4(U"\U00020000", 1).toUtf8(); // CJK, a letter (Lo)
        const auto preset = [](const QByteArray &name, const QByteArray &rest) {
            return "{\"format\":\"pixelpool-preset\",\"version\":1,\"name\":\"" + name + "\",\"steps\":[]" + rest + "}";
        };
        const auto output = [&](const QByteArray &fields) { return preset("x", ",\"output\":{" + fields + "}"); };
        const auto outputs = [&](const QByteArray &name) {
            return preset("x", ",\"outputs\":[{\"name\":\"" + name + "\",\"steps\":[]}]");
        };
        const auto logo = [&](const QByteArray &file) {
            return "{\"format\":\"pixelpool-preset\",\"version\":1,\"name\":\"x\",\"steps\":[{\"op\":\"logo\",\"file\":"
                   "\"" +
                   file + "\"}]}";
        };

        QCOMPARE(errorFor(preset(emoji.repeated(100), {})), QString());
        QCOMPARE(errorFor(preset(emoji.repeated(101), {})),
                 QString("\"name\" must be non-empty text of at most 100 characters"));
        QCOMPARE(errorFor(output("\"folder\":\"" + emoji.repeated(1024) + "\"")), QString());
        QCOMPARE(errorFor(output("\"folder\":\"" + emoji.repeated(1025) + "\"")),
                 QString("output.folder is longer than 1024 characters"));
        QCOMPARE(errorFor(output("\"nameTemplate\":\"{name}" + emoji.repeated(249) + "\"")), QString());
        QCOMPARE(errorFor(output("\"nameTemplate\":\"{name}" + emoji.repeated(250) + "\"")),
                 QString("output.nameTemplate: the file name template is longer than 255 characters"));
        QCOMPARE(errorFor(outputs(letter.repeated(40))), QString());
        QCOMPARE(errorFor(outputs(letter.repeated(41))),
                 QString("outputs[0].name must be 1 to 40 letters, digits, - or _"));
        QCOMPARE(errorFor(outputs(emoji)), QString("outputs[0].name must be 1 to 40 letters, digits, - or _"));
        QCOMPARE(errorFor(logo("/" + emoji.repeated(4095))), QString());
        QCOMPARE(errorFor(logo("/" + emoji.repeated(4096))),
                 QString("steps[0]: logo.file is a path longer than 4096 characters"));
        QCOMPARE(errorFor(output("\"folder\":\"" + emoji + "\\n\"")),
                 QString("output.folder must not contain control characters (U+000A at character 2)"));
        QCOMPARE(errorFor(output("\"nameTemplate\":\"" + emoji + "\\n{name}\"")),
                 QString("output.nameTemplate: the file name template must not contain control characters (U+000A "
                         "at character 2)"));

        const auto description = [&](const QByteArray &text) {
            QString error;
            const auto p = Preset::fromJson(
                QJsonDocument::fromJson(preset("x", ",\"description\":\"" + text + "\"")).object(), &error);
            return p ? p->description : error;
        };
        QCOMPARE(description(emoji.repeated(1000)), QString::fromUtf8(emoji.repeated(1000)));
        QCOMPARE(description(emoji.repeated(1001)), QString::fromUtf8(emoji.repeated(1000))); // cut, never halved
        QCOMPARE(description("a" + emoji.repeated(1000)), QString::fromUtf8("a" + emoji.repeated(999)));
    }

    // A name of dots is a name: only a folder of dots that {preset} would make is refused.
    void presetNamesOfDotsLoad()
    {
        for (const QByteArray &json :
             {QByteArray(R"({"format":"pixelpool-preset","version":1,"name":"..","steps":[]})"),
              QByteArray(R"({"format":"pixelpool-preset","version":1,"name":"..","steps":[],)"
                         R"("output":{"nameTemplate":"{preset}-{name}/x.{ext}"}})"),
              QByteArray(R"({"format":"pixelpool-preset","version":1,"name":"...","steps":[],)"
                         R"("output":{"nameTemplate":"{preset}/{name}.{ext}"}})")})
            QCOMPARE(errorFor(json), QString());
    }

    // QJsonDocument keeps the last of a key given twice, without a word: "quality" 95 then 5,
    // "metadata" strip then keep (the file's author saw "strip"). Refused, naming the key and both
    // places, in any object; a control character written raw in a string is no JSON either.
    void duplicateKeysAndRawControlsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("output.quality")
            << QByteArray("{\"format\":\"pixelpool-preset\",\"version\":1,\"name\":\"d\",\"steps\":[],\n"
                          " \"output\":{\"quality\":95,\"metadata\":\"strip\",\"quality\":5}}")
            << ": output.quality is given twice, at line 2, column 44 and before at line 2, column 12: a preset says "
               "each setting once";
        QTest::newRow("top level")
            << QByteArray(R"({"format":"pixelpool-preset","version":1,"name":"a","name":"b","steps":[]})")
            << ": \"name\" is given twice, at line 1, column 53 and before at line 1, column 42";
        QTest::newRow("in a step")
            << QByteArray(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":[{"op":"blur"},)"
                          R"({"op":"blur","sigma":2,"sigma":600}]})")
            << ": steps[1].sigma is given twice";
        QTest::newRow("steps twice")
            << QByteArray(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":[{"op":"blur"}],"steps":[]})")
            << ": \"steps\" is given twice";
        QTest::newRow("the same key escaped")
            << QByteArray(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":[],)"
                          R"("output":{"metadata":"strip","m\u0065tadata":"keep"}})")
            << ": output.metadata is given twice";
        QTest::newRow("in an output")
            << QByteArray(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":[],"outputs":[)"
                          R"({"name":"a","steps":[],"output":{"nameTemplate":"a/{name}.{ext}"}},)"
                          R"({"name":"b","steps":[],"output":{"quality":3,"quality":4}}]})")
            << ": outputs[1].output.quality is given twice";
        QTest::newRow("raw NUL") << QByteArray("{\"format\":\"pixelpool-preset\",\"version\":1,\"name\":\"t") + '\0' +
                                        QByteArray("x\",\"steps\":[]}")
                                 << ": not valid JSON at line 1, column 51: control character U+0000 in a string (JSON "
                                    "has it written as \\u0000)";
        QTest::newRow("raw tab")
            << QByteArray("{\"format\":\"pixelpool-preset\",\"version\":1,\"name\":\"t\tx\",\"steps\":[]}")
            << ": not valid JSON at line 1, column 51: control character U+0009 in a string";
    }
    void duplicateKeysAndRawControlsAreRefused()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath("p.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
        f.close();
        QString error;
        QVERIFY(!Preset::load(path, &error));
        QVERIFY2(error.startsWith(path + expected), qPrintable(error));
    }

    // The same keys in different objects, and the same text as a key and as a value, are no duplicates.
    void keysOfDifferentObjectsAreNoDuplicates()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\xEF\xBB\xBF"
                R"({"format":"pixelpool-preset","version":1,"name":"name","steps":[{"op":"blur","sigma":2},)"
                "{\"op\":\"blur\",\"sigma\":3}],\"description\":\"a \\\"quoted\\\" \\\\ text, with \\\"name\\\":\","
                R"("outputs":[{"name":"a","steps":[],"output":{"nameTemplate":"a/{name}.{ext}","quality":5}},)"
                R"({"name":"b","steps":[],"output":{"nameTemplate":"b/{name}.{ext}","quality":6}}]})");
        f.close();
        QString error;
        QVERIFY2(Preset::load(path, &error), qPrintable(error));
    }

    // A preset read from a pipe (-p /dev/stdin) has no size to ask first: one over the limit was read
    // to its first megabyte and said to be "not valid JSON … unterminated object".
    void aPresetTooLargeFromAPipeIsSaidSo()
    {
        QTemporaryDir dir;
        const QByteArray fifo = QFile::encodeName(dir.filePath("fifo"));
        QVERIFY(::mkfifo(fifo.constData(), 0600) == 0);
        const QByteArray text =
            "{\"format\":\"pixelpool-preset\",\"version\":1,\"name\":\"t\",\"steps\":[],\"description\":\"" +
            QByteArray(2 << 20, 'd') + "\"}";
        const auto oldPipe = std::signal(SIGPIPE, SIG_IGN); // the reader stops at its limit: the writer's EPIPE
        std::thread writer([&] {
            QFile w(QFile::decodeName(fifo));
            if (w.open(QIODevice::WriteOnly))
                w.write(text); // until the reader closes its end
        });
        QString error;
        QVERIFY(!Preset::load(QFile::decodeName(fifo), &error));
        writer.join();
        std::signal(SIGPIPE, oldPipe);
        QCOMPARE(error, QFile::decodeName(fifo) + ": larger than 1048576 bytes, not a preset");
    }

    // A preset given as a FIFO that no one writes to yet (or `-p /dev/stdin` from a writer that
    // waits) held the batch in open() past Ctrl+C and SIGTERM, each restarting the wait (failure QA
    // pass: 699 s until SIGKILL). The wait now ends at a signal; one that came before it (held by
    // the caller) ends it at once. A FIFO whose writer comes is read as before.
    void aPresetFromAFifoWaitsUntilASignal()
    {
        QTemporaryDir dir;
        const QByteArray fifo = QFile::encodeName(dir.filePath("preset.fifo"));
        QVERIFY(::mkfifo(fifo.constData(), 0600) == 0);
        std::thread writer([&] {
            QFile w(QFile::decodeName(fifo));
            if (w.open(QIODevice::WriteOnly))
                w.write(R"({"format":"pixelpool-preset","version":1,"name":"piped","steps":[]})");
        });
        QString error;
        const auto piped = Preset::load(QFile::decodeName(fifo), &error);
        writer.join();
        QVERIFY2(piped && piped->name == "piped", qPrintable(error));

        // No writer: SIGTERM, held pending as the batch holds it while it reads, ends the wait.
        struct sigaction handled = {}, before = {};
        handled.sa_handler = [](int) {};
        sigemptyset(&handled.sa_mask);
        handled.sa_flags = SA_RESTART; // as the batch's handler: a plain open() would wait on
        QVERIFY(::sigaction(SIGTERM, &handled, &before) == 0);
        sigset_t term, mask;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        QVERIFY(::pthread_sigmask(SIG_BLOCK, &term, &mask) == 0);
        QVERIFY(::pthread_kill(::pthread_self(), SIGTERM) == 0); // to this thread: QtTest's watchdog takes none
        QVERIFY(!Preset::load(QFile::decodeName(fifo), &error));
        ::pthread_sigmask(SIG_SETMASK, &mask, nullptr);
        ::sigaction(SIGTERM, &before, nullptr);
        QCOMPARE(error, QFile::decodeName(fifo) + ": cannot open: Interrupted system call");
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
        // Where, as an editor shows it: line and column (in characters: "ü" is one), not a byte offset.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\n  \"format\": \"pixelpool-preset\",\n  \"name\": \"\xc3\xbc\", \"version\": 1,,\n}\n");
        f.close();
        QVERIFY(!Preset::load(path, &error));
        QCOMPARE(error, path + ": not valid JSON at line 3, column 29: unterminated object"); // the second ","
        // A byte-order mark is no column; a line may end in CR LF or CR alone.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("\xEF\xBB\xBF{\"a\":,}");
        f.close();
        QVERIFY(!Preset::load(path, &error));
        QVERIFY2(error.startsWith(path + ": not valid JSON at line 1, column 6: "), qPrintable(error));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\r\n\"a\": 1,\r\"b\":,}");
        f.close();
        QVERIFY(!Preset::load(path, &error));
        QVERIFY2(error.startsWith(path + ": not valid JSON at line 3, column 5: "), qPrintable(error));
        QVERIFY(!Preset::load(dir.filePath("missing.json"), &error));
        QVERIFY2(error.contains("missing.json"), qPrintable(error));
        // A lone JSON value is JSON, only no preset (Qt reads no scalar at the top, and this was
        // "not valid JSON … illegal value"); an array was said to be no object already.
        for (const QByteArray &value :
             {QByteArray("null"), QByteArray(" 7\n"), QByteArray("\"web\""), QByteArray("[]")}) {
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(value);
            f.close();
            QVERIFY(!Preset::load(path, &error));
            QCOMPARE(error, path + ": a preset must be a JSON object");
        }
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("null null");
        f.close();
        QVERIFY(!Preset::load(path, &error));
        QVERIFY2(error.contains("not valid JSON"), qPrintable(error));
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

    // User presets that do not load are said, with the file and why, not dropped without a word.
    void userPresetsNotLoadedAreSaid()
    {
        QTemporaryDir dir;
        const auto write = [&](const QString &name, const QByteArray &text) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write("broken.json", "{");
        write("y.json", R"({"format":"pixelpool-preset","version":1,"name":"Web","steps":[]})");
        write("good.json", R"({"format":"pixelpool-preset","version":1,"name":"good","steps":[]})");
        PresetLibrary lib(dir.path());
        QVERIFY(lib.find("good"));
        QCOMPARE(lib.problems().size(), 2);
        QCOMPARE(lib.problems()[0].english(),
                 dir.filePath("broken.json") + ": not valid JSON at line 1, column 1: unterminated object");
        QCOMPARE(lib.problems()[1].english(), dir.filePath("y.json") + ": a preset named \"Web\" already exists");
        QVector<Message> problems;
        lib.reload(&problems);
        QCOMPARE(problems, lib.problems());
        QFile::remove(dir.filePath("broken.json"));
        lib.reload();
        QCOMPARE(lib.problems().size(), 1);
    }

    // A path names its file, whatever preset has that name: a user preset named "p/ok.json" hid
    // the file p/ok.json given with -p.
    void aPathIsTheFileItNames()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("user") && QDir(dir.path()).mkpath("p"));
        const auto write = [&](const QString &name, const QByteArray &text) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write("user/a.json", R"({"format":"pixelpool-preset","version":1,"name":"p/ok.json","steps":[]})");
        write("user/b.json", R"({"format":"pixelpool-preset","version":1,"name":"plain","steps":[]})");
        write("p/ok.json", R"({"format":"pixelpool-preset","version":1,"name":"the file","steps":[]})");
        write("plain", R"({"format":"pixelpool-preset","version":1,"name":"a file named plain","steps":[]})");
        PresetLibrary lib(dir.filePath("user"));
        QVERIFY(QDir::setCurrent(dir.path()));
        QString error;
        auto p = lib.resolve("p/ok.json", &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->name, QString("the file"));
        QFile::remove(dir.filePath("p/ok.json")); // no such file: the name
        p = lib.resolve("p/ok.json", &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->name, QString("p/ok.json"));
        p = lib.resolve("plain", &error); // neither a '/' nor .json: the name first
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->name, QString("plain"));
        p = lib.resolve("./plain", &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->name, QString("a file named plain"));
    }

    void namesThatShareAFileNameKeepBoth()
    {
        // "A b" and "a-b" make the same file name: the second must not write over the first.
        QTemporaryDir dir;
        PresetLibrary lib(dir.path());
        Preset first = lib.find("web")->preset, second = lib.find("thumbnail")->preset;
        first.name = "A b";
        second.name = "a-b";
        QString error;
        QVERIFY2(lib.saveUserPreset(first, &error), qPrintable(error));
        QVERIFY2(lib.saveUserPreset(second, &error), qPrintable(error));
        QVERIFY(lib.find("A b") && lib.find("a-b"));
        QCOMPARE(lib.find("A b")->preset.toJson(), first.toJson());
        QCOMPARE(lib.find("a-b")->preset.toJson(), second.toJson());
        QVERIFY(lib.find("A b")->path != lib.find("a-b")->path);
    }

    // A name's signs and spaces are one "-" in its file name, none at either end (the window QA
    // pass: "Archive PNG (slow)" was saved as archive-png--slow-.json).
    void aFileNameHasOneDashBetweenWords()
    {
        QTemporaryDir dir;
        PresetLibrary lib(dir.path());
        QString error;
        for (const auto &[name, file] : {std::pair<QString, QString>{"Archive PNG (slow)", "archive-png-slow.json"},
                                         {"«Web» — 1600 px", "web-1600-px.json"},
                                         {"a-b_c", "a-b_c.json"},
                                         {"(((", "preset.json"}}) {
            Preset p = lib.find("web")->preset;
            p.name = name;
            QVERIFY2(lib.saveUserPreset(p, &error), qPrintable(error));
            QVERIFY(lib.find(name));
            QCOMPARE(QFileInfo(lib.find(name)->path).fileName(), file);
        }
    }

    // A name may have 100 characters of any script: its file name is made to fit the 255 bytes a
    // file name has (100 Chinese characters are 300 bytes of UTF-8), and a letter outside the
    // Basic Multilingual Plane stays one letter in it.
    void longNamesInAnyScriptSave()
    {
        QTemporaryDir dir;
        PresetLibrary lib(dir.path());
        const QString chinese = QString(QChar(0x6771)).repeated(100);
        const QString ext = QString::fromUcs4(U"\U00020000", 1).repeated(100); // 4 bytes each
        QString error;
        for (const QString &name : {chinese, chinese.left(99) + QLatin1Char('x'), ext}) {
            Preset p = lib.find("web")->preset;
            p.name = name;
            QVERIFY2(lib.saveUserPreset(p, &error), qPrintable(error));
            QVERIFY(lib.find(name));
            QVERIFY(!lib.find(name)->builtin);
            const QString file = QFileInfo(lib.find(name)->path).fileName();
            QVERIFY2(file.toUtf8().size() <= 255, qPrintable(file));
            QVERIFY2(file.startsWith(name.left(40)), qPrintable(file));
        }
        QCOMPARE(PresetLibrary(dir.path()).find(ext)->preset.name, ext); // read back
    }

    void renamingMovesThePreset()
    {
        QTemporaryDir dir;
        PresetLibrary lib(dir.path());
        Preset p = lib.find("web")->preset;
        p.name = "mine";
        QString error;
        QVERIFY2(lib.saveUserPreset(p, &error), qPrintable(error));
        p.name = "holiday";
        p.output.quality = 71;
        QVERIFY2(lib.saveUserPreset(p, &error, "mine"), qPrintable(error));
        QVERIFY(!lib.find("mine"));
        QVERIFY(lib.find("holiday") && lib.find("holiday")->preset.output.quality == 71);
        QCOMPARE(QDir(dir.path()).entryList({"*.json"}), QStringList{"holiday.json"});
        // Only the case changes: the same file, the new spelling.
        p.name = "Holiday";
        QVERIFY2(lib.saveUserPreset(p, &error, "holiday"), qPrintable(error));
        QCOMPARE(lib.find("holiday")->preset.name, QString("Holiday"));
        QCOMPARE(QDir(dir.path()).entryList({"*.json"}), QStringList{"holiday.json"});
    }

    void renamingOntoAnotherPresetIsRefused()
    {
        QTemporaryDir dir;
        PresetLibrary lib(dir.path());
        Preset a = lib.find("web")->preset, b = lib.find("thumbnail")->preset;
        a.name = "a";
        b.name = "b";
        QString error;
        QVERIFY(lib.saveUserPreset(a, &error) && lib.saveUserPreset(b, &error));
        Preset renamed = a;
        renamed.name = "B";
        QVERIFY(!lib.saveUserPreset(renamed, &error, "a"));
        QVERIFY2(error.contains("\"B\"") || error.contains("\"b\""), qPrintable(error));
        QCOMPARE(lib.find("a")->preset.toJson(), a.toJson());
        QCOMPARE(lib.find("b")->preset.toJson(), b.toJson());
        renamed.name = "classic";
        QVERIFY(!lib.saveUserPreset(renamed, &error, "a"));
        QVERIFY(lib.find("a"));
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
