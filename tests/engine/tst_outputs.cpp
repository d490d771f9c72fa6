// A preset with `outputs`: one decode per image, each output what the preset of that one output
// alone makes (exactly where the path is the same, within 45 dB PSNR where a smaller output is
// derived from a larger one), the schedule's rule, and failures that name the output.
#include "JobExecutor.h"
#include "JobRunner.h"
#include "OutputSchedule.h"
#include "PresetLibrary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sys/stat.h>

using namespace pp;

class TestOutputs : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QByteArray path(const QString &name) const { return QFile::encodeName(m_dir.filePath(name)); }
    static Preset builtin(const char *name) { return PresetLibrary({}).find(name)->preset; }

    static std::unique_ptr<JobExecutor> define(const Preset &p)
    {
        auto e = std::make_unique<JobExecutor>(200'000'000);
        QString error;
        if (!e->definePreset(1, QJsonDocument(p.toJson()).toJson(), &error))
            qFatal("%s", qPrintable(error));
        return e;
    }

    // The job the batch runner makes: the first output in the spec's own fields, the others after.
    JobSpec spec(const Preset &p, const QString &input, const QString &tag) const
    {
        JobSpec s;
        s.id = 7;
        s.presetId = 1;
        s.inputPath = QFile::encodeName(input);
        const QVector<PresetOutput> targets = p.targets();
        for (int k = 0; k < targets.size(); ++k) {
            const QString name = tag + "-" + (targets[k].name.isEmpty() ? "single" : targets[k].name) + ".jpg";
            const QByteArray pattern = path(name), temp = path("." + name + ".part");
            if (k == 0) {
                s.outputPattern = pattern;
                s.tempPath = temp;
                s.outputName = targets[k].name;
            } else {
                s.moreOutputs.append({targets[k].name, pattern, false, temp, Overwrite::Rename, false, false});
            }
        }
        return s;
    }

    // Runs and commits, as a runner does; the final paths, in the preset's order.
    static QList<QByteArray> runAndCommit(const JobExecutor &e, const JobSpec &s, QString *error)
    {
        JobOutcome o = e.run(s.toJob(0), nullptr, 0, {});
        if (!o.ok) {
            *error = o.failed.message;
            return {};
        }
        const WriteResult c = s.commitOutputs(&o.finished);
        if (!c.ok) {
            *error = c.error;
            return {};
        }
        QList<QByteArray> paths{o.finished.outputPath};
        for (const proto::Finished::Output &m : o.finished.moreOutputs)
            paths << m.outputPath;
        return paths;
    }

    static double psnr(const cv::Mat &a, const cv::Mat &b) { return cv::PSNR(a, b); }
    static cv::Mat read(const QByteArray &p) { return cv::imread(p.toStdString(), cv::IMREAD_UNCHANGED); }

private slots:
    void initTestCase()
    {
        // The samples decoded in full, as lossless PNG: inputs whose decode has no reduced scale,
        // so that a single-output preset and its output in a preset with `outputs` differ only by
        // the derived downscale, and a reference for what shrink-on-load approximates.
        for (const char *name : {"autumn", "volna", "kite-exif-rotated"}) {
            const cv::Mat m = cv::imread(QStringLiteral(PIXELPOOL_SAMPLES "/%1.jpg").arg(name).toStdString());
            QVERIFY(cv::imwrite(m_dir.filePath(QStringLiteral("%1.png").arg(name)).toStdString(), m));
        }
    }

    void webAndThumbnailMatchTheirOwnPresets_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("2560x1600 photo") << QStringLiteral("autumn");
        QTest::newRow("1920x1080 photo") << QStringLiteral("volna");
        QTest::newRow("portrait, EXIF-rotated") << QStringLiteral("kite-exif-rotated");
    }

    void webAndThumbnailMatchTheirOwnPresets()
    {
        QFETCH(QString, name);
        const Preset both = builtin("web-and-thumbnail");
        QCOMPARE(both.outputs.size(), 2);
        const auto multi = define(both);
        const auto web = define(builtin("web")), thumbnail = define(builtin("thumbnail"));
        QString error;
        // [jpeg, png] x [web, thumbnail]
        QList<QByteArray> made, alone;
        for (const QString &input :
             {QStringLiteral(PIXELPOOL_SAMPLES "/%1.jpg").arg(name), m_dir.filePath(name + ".png")}) {
            const QString tag = name + (input.endsWith(".png") ? "-png" : "-jpg");
            const QList<QByteArray> both2 = runAndCommit(*multi, spec(both, input, tag + "-multi"), &error);
            QVERIFY2(both2.size() == 2, qPrintable(error));
            made += both2;
            alone += runAndCommit(*web, spec(builtin("web"), input, tag + "-web"), &error);
            alone += runAndCommit(*thumbnail, spec(builtin("thumbnail"), input, tag + "-thumb"), &error);
            QVERIFY2(alone.size() == made.size(), qPrintable(error));
        }
        QCOMPARE(multi->imagesDecoded(), quint64(2)); // one decode per image for both outputs
        QCOMPARE(web->imagesDecoded() + thumbnail->imagesDecoded(), quint64(4));
        for (int k = 0; k < 4; ++k) {
            const cv::Mat a = read(made[k]), b = read(alone[k]);
            QCOMPARE(a.size(), b.size());
            QCOMPARE(a.type(), b.type());
        }
        // The web output takes the same path as the web preset (its decode is the larger): the
        // same file, byte for byte.
        for (const int k : {0, 2}) {
            QFile a(QFile::decodeName(made[k])), b(QFile::decodeName(alone[k]));
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QVERIFY2(a.readAll() == b.readAll(), made[k].constData());
        }
        // The thumbnail is resized from the web-sized image. From the same decode (PNG), that is
        // the only difference, and it stays within 45 dB of the thumbnail preset's.
        const double derived = psnr(read(made[3]), read(alone[3]));
        // From a JPEG, the thumbnail preset alone decodes at a reduced DCT scale (shrink-on-load,
        // within 40 dB of the full decode: tst_pipeline), which the shared decode does not: the
        // two differ by that, and the one from several outputs is at least as close to the full
        // decode's (the PNG's) result.
        const double jpeg = psnr(read(made[1]), read(alone[1]));
        const double multiToFull = psnr(read(made[1]), read(alone[3]));
        const double aloneToFull = psnr(read(alone[1]), read(alone[3]));
        qInfo("thumbnail: derived %.1f dB; from JPEG %.1f dB; to the full decode's %.1f dB (the preset alone: %.1f dB)",
              derived, jpeg, multiToFull, aloneToFull);
        QVERIFY2(derived >= 45, qPrintable(QString::number(derived)));
        QVERIFY2(jpeg >= 40, qPrintable(QString::number(jpeg)));
        QVERIFY2(multiToFull >= aloneToFull, qPrintable(QStringLiteral("%1 < %2").arg(multiToFull).arg(aloneToFull)));
    }

    void scheduleDerivesOnlyFromALargeEnoughUncroppedResize()
    {
        const auto resize = [](const char *mode, int w, int h) {
            return QJsonObject{{"op", "resize"}, {"mode", mode}, {"width", w}, {"height", h}};
        };
        const auto plan = [](const QVector<QJsonObject> &steps) {
            QString error;
            const auto compiled = compileSteps(steps, &error);
            if (!compiled)
                qFatal("%s", qPrintable(error));
            PlanOptions o;
            o.canScaleDecode = true;
            return planPipeline(*compiled, {4000, 3000}, 1, o);
        };
        const QJsonObject orient{{"op", "autoOrient"}}, sharpen{{"op", "sharpen"}, {"sigma", 1}, {"amount", 0.5}};
        // Listed smallest first: the schedule runs the largest first.
        QVector<PipelinePlan> plans{plan({orient, resize("fit", 256, 256)}),
                                    plan({orient, resize("fit", 1920, 1920), sharpen})};
        QVector<OutputRun> s = scheduleOutputs(plans, 1);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[0].output, 1);
        QCOMPARE(s[0].from, -1);
        QCOMPARE(s[1].output, 0);
        QVERIFY(s[1].derived); // from the 1920 resize, before the sharpening
        QCOMPARE(s[1].from, 0);
        QCOMPARE(s[1].fromStep, 2);
        QCOMPARE(s[1].startStep, 1);
        QCOMPARE(snapshotSteps(s, 0), QVector<int>{2});

        // Less than twice the size: the common prefix only.
        plans = {plan({orient, resize("fit", 1200, 1200)}), plan({orient, resize("fit", 1920, 1920)})};
        s = scheduleOutputs(plans, 1);
        QVERIFY(!s[1].derived);
        QCOMPARE(s[1].from, 0);
        QCOMPARE(s[1].startStep, 1);
        // A cropped (fill) larger output is not the whole picture: no derivation.
        plans = {plan({orient, resize("fill", 1920, 600)}), plan({orient, resize("fit", 256, 256)})};
        s = scheduleOutputs(plans, 1);
        QVERIFY(!s[1].derived);
        // Own steps written alike are not shared steps: nothing is taken from the other output.
        plans = {plan({orient, sharpen}), plan({orient, sharpen})};
        s = scheduleOutputs(plans, 1);
        QCOMPARE(s[1].startStep, 1);
        QVERIFY(!s[1].derived);
    }

    void fullSizeCopyAndColourTravelWithEveryOutput()
    {
        // An archive copy with no own steps, and a thumbnail: the profile and EXIF go with each as
        // its own policies say.
        QString error;
        auto preset =
            Preset::fromJson(QJsonDocument::fromJson(R"({"format": "pixelpool-preset", "version": 1, "name": "t",
                "steps": [{"op": "autoOrient"}], "output": {"format": "png"},
                "outputs": [{"name": "archive", "steps": [], "output": {"nameTemplate": "a/{name}.{ext}"}},
                            {"name": "small", "steps": [{"op": "resize", "mode": "fit", "width": 64, "height": 64}],
                             "output": {"nameTemplate": "s/{name}.{ext}", "format": "jpeg"}}]})")
                                 .object(),
                             &error);
        QVERIFY2(preset, qPrintable(error));
        const auto e = define(*preset);
        const QString input = QStringLiteral(PIXELPOOL_SAMPLES "/kite-exif-rotated.jpg");
        const QList<QByteArray> made = runAndCommit(*e, spec(*preset, input, "copy"), &error);
        QVERIFY2(made.size() == 2, qPrintable(error));
        QVERIFY(made[0].endsWith("copy-archive.jpg")); // the spec names them; the format is the preset's
        const cv::Mat archive = read(made[0]), small = read(made[1]);
        const cv::Mat source = cv::imread(input.toStdString()); // upright, as autoOrient makes it
        QCOMPARE(archive.size(), source.size());
        QVERIFY(std::max(small.cols, small.rows) == 64);
        QCOMPARE(e->imagesDecoded(), quint64(1));
    }

    void aFailingOutputFailsTheImageNamingIt()
    {
        const Preset both = builtin("web-and-thumbnail");
        const auto e = define(both);
        JobSpec s = spec(both, QStringLiteral(PIXELPOOL_SAMPLES "/volna.jpg"), "fail");
        s.moreOutputs[0].tempPath = path("missing-folder/.thumb.part"); // cannot be written
        const JobOutcome o = e->run(s.toJob(0), nullptr, 0, {});
        QVERIFY(!o.ok);
        QCOMPARE(o.failed.code, proto::FailureCode::CannotWrite);
        QVERIFY2(o.failed.message.startsWith("output \"thumbnail\": "), qPrintable(o.failed.message));

        // A job that does not name every output is refused, not half done.
        JobSpec one = spec(both, QStringLiteral(PIXELPOOL_SAMPLES "/volna.jpg"), "one");
        one.moreOutputs.clear();
        const JobOutcome refused = e->run(one.toJob(0), nullptr, 0, {});
        QVERIFY(!refused.ok);
        QVERIFY2(refused.failed.message.contains("the preset makes 2"), qPrintable(refused.failed.message));
    }

    void aCommitThatFailsNamesTheOutputAndLeavesNoTemporary()
    {
        const Preset both = builtin("web-and-thumbnail");
        const auto e = define(both);
        JobSpec s = spec(both, QStringLiteral(PIXELPOOL_SAMPLES "/volna.jpg"), "commit");
        // The second output's final name leaves its folder: refused at commit.
        s.moreOutputs[0].outputPattern = "/elsewhere/x.jpg";
        JobOutcome o = e->run(s.toJob(0), nullptr, 0, {});
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        const WriteResult c = s.commitOutputs(&o.finished);
        QVERIFY(!c.ok);
        QVERIFY2(c.error.startsWith("output \"thumbnail\": "), qPrintable(c.error));
        QVERIFY(!QFile::exists(QFile::decodeName(s.moreOutputs[0].tempPath)));
        QVERIFY(QFile::exists(QFile::decodeName(s.outputPattern))); // the first is complete and stays
    }

    void previewShowsTheFirstOutputOnly()
    {
        const Preset both = builtin("web-and-thumbnail");
        const auto e = define(both);
        JobSpec s = spec(both, QStringLiteral(PIXELPOOL_SAMPLES "/volna.jpg"), "preview");
        s.previewOnly = true;
        s.moreOutputs.clear();
        proto::Job j = s.toJob(128);
        j.previewSlot = 0;
        const JobOutcome o = e->run(j, nullptr, 0, {});
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        QCOMPARE(o.finished.outcome, proto::Outcome::PreviewOnly);
        QCOMPARE(o.finished.width, 1920u); // the web output
        QVERIFY(o.finished.moreOutputs.isEmpty());
        QVERIFY(!o.preview.empty());
    }
};

QTEST_GUILESS_MAIN(TestOutputs)
#include "tst_outputs.moc"
