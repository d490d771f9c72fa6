// One job from file to file: limits before decoding, atomic writes, overwrite policies.
#include "FileIO.h"
#include "ImageCodec.h"
#include "PhotoFixtures.h"
#include "Operations.h"
#include "OutputCommit.h"
#include "JobExecutor.h"
#include "JobRunner.h"
#include "PresetLibrary.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sys/resource.h>

using namespace pp;
using namespace pp::testphotos;

class TestExecutor : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QByteArray path(const QString &name) const { return QFile::encodeName(m_dir.filePath(name)); }

    JobExecutor executor(const char *preset, quint64 maxPixels = 200'000'000)
    {
        JobExecutor e(maxPixels);
        QString error;
        const QByteArray json = QJsonDocument(PresetLibrary({}).find(preset)->preset.toJson()).toJson();
        if (!e.definePreset(1, json, &error))
            qFatal("%s", qPrintable(error));
        return e;
    }

    JobExecutor executorFor(const QJsonArray &steps, const QJsonObject &output)
    {
        JobExecutor e(200'000'000);
        QJsonObject preset{{"format", "pixelpool-preset"}, {"version", 1}, {"name", "test"}, {"steps", steps}};
        preset.insert("output", output);
        QString error;
        if (!e.definePreset(1, QJsonDocument(preset).toJson(), &error))
            qFatal("%s", qPrintable(error));
        return e;
    }

    // A job as the runners make it: the frame the worker gets comes from the spec, and the spec
    // keeps what only the front end uses (the final name, the overwrite policy).
    struct TestJob {
        JobSpec spec;
        operator proto::Job() const { return spec.toJob(0); }
    };
    TestJob job(const QString &in, const QString &out, Overwrite policy = Overwrite::Rename)
    {
        JobSpec s;
        s.id = 9;
        s.presetId = 1;
        s.inputPath = path(in);
        s.outputPattern = path(out);
        s.outputLate = out.contains(QLatin1Char('{')); // as the planner makes it for "{width}x{height}"
        s.tempPath = path("." + out + ".part");
        s.overwrite = policy;
        return {s};
    }

    // What the front end does with an accepted result: give the temporary its final name.
    static JobOutcome commit(JobOutcome o, const TestJob &j)
    {
        if (!o.ok || o.finished.outcome != proto::Outcome::Written)
            return o;
        const WriteResult c = j.spec.commitOutputs(&o.finished);
        if (!c.ok) {
            o.ok = false;
            o.failed = {j.spec.id, c.code, c.error};
        } else {
            o.finished.outcome = c.outcome;
            o.finished.outputPath = c.finalPath;
        }
        return o;
    }

    static QStringList entries(const QString &dir)
    {
        return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    }

private slots:
    void initTestCase()
    {
        cv::Mat m(900, 1600, CV_8UC3, cv::Scalar(40, 120, 200));
        cv::circle(m, {800, 450}, 300, cv::Scalar(255, 255, 255), -1);
        QVERIFY(cv::imwrite(m_dir.filePath("photo.jpg").toStdString(), m));
    }

    // A 1 GB sparse file is refused from its header with what a whole read would say. First after
    // initTestCase, while the process's peak memory is low: the first row's whole read would raise
    // it by 1 GB (and then stay there for the other rows, which check the refusal's code and text).
    void aLargeFileRefusedByItsHeaderIsNotReadWhole_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        QFile photo(m_dir.filePath("photo.jpg"));
        QVERIFY(photo.open(QIODevice::ReadOnly));
        const QByteArray jpeg = photo.readAll();
        QTest::newRow("zeros") << QByteArray(16, '\0') << int(proto::FailureCode::Unsupported)
                               << "not an image PixelPool can read";
        QTest::newRow("a JPEG header cut into zeros before its frame header")
            << jpeg.left(100) << int(proto::FailureCode::Corrupt) << "damaged JPEG header";
        QByteArray huge = jpeg; // its frame header (SOF0: length, precision, height, width) says 60000×60000
        const int sof = huge.indexOf("\xff\xc0");
        QVERIFY(sof > 0);
        huge[sof + 5] = char(0xea);
        huge[sof + 6] = char(0x60);
        huge[sof + 7] = char(0xea);
        huge[sof + 8] = char(0x60);
        QTest::newRow("a JPEG over the pixel limit") << huge << int(proto::FailureCode::TooLarge) << "60000×60000";
        // Camera RAWs the folder scan takes (.crw, .mrw, .iiq, and an .x3f given by name) whose
        // containers the probe does not read: refused, saying what they are.
        const std::pair<QByteArray, const char *> raws[] = {{QByteArray("II\x1a\0\0\0HEAPCCDR", 14), "Canon CRW"},
                                                            {QByteArray("\0MRM\0\0\0\x20", 8), "Minolta MRW"},
                                                            {QByteArray("IIII\x01\0\0\0", 8), "Phase One IIQ"},
                                                            {QByteArray("FOVb\x00\x04\x02\x00", 8), "Sigma X3F"}};
        for (const auto &[magic, kind] : raws)
            QTest::newRow(kind) << magic << int(proto::FailureCode::Unsupported)
                                << QStringLiteral("a camera RAW of a kind PixelPool does not read (%1)").arg(kind);
    }
    void aLargeFileRefusedByItsHeaderIsNotReadWhole()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, code);
        QFETCH(QString, reason);
        QFile f(m_dir.filePath("large.jpg"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(head), head.size());
        QVERIFY(f.resize(qint64(1) << 30)); // 1 GB, sparse: the rest reads as zeros
        f.close();
        rusage before{}, after{};
        ::getrusage(RUSAGE_SELF, &before);
        const JobOutcome o = executor("thumbnail").run(job("large.jpg", "large-out.jpg"), nullptr, 0, {});
        ::getrusage(RUSAGE_SELF, &after);
        QVERIFY(!o.ok);
        QCOMPARE(int(o.failed.code), code);
        QVERIFY2(o.failed.message.contains(reason), qPrintable(o.failed.message));
        QVERIFY2(after.ru_maxrss - before.ru_maxrss < 300 * 1024, // KB: the peak never grew by the file's 1 GB
                 qPrintable(QString::number(after.ru_maxrss - before.ru_maxrss)));
        QVERIFY(f.remove());
    }

    void writesTheOutputAtomically()
    {
        const TestJob j = job("photo.jpg", "thumb.jpg");
        JobOutcome o = executor("thumbnail").run(j, nullptr, 0, {});
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        QCOMPARE(o.finished.outputPath, j.spec.tempPath); // the worker only writes the temporary
        QVERIFY(!QFile::exists(m_dir.filePath("thumb.jpg")));
        o = commit(o, j);
        QCOMPARE(o.finished.width, 256u);
        QCOMPARE(o.finished.height, 144u);
        QCOMPARE(o.finished.sourceWidth, 1600u);
        QCOMPARE(o.finished.outputPath, path("thumb.jpg"));
        const cv::Mat written = cv::imread(m_dir.filePath("thumb.jpg").toStdString());
        QCOMPARE(written.cols, 256);
        QVERIFY(!entries(m_dir.path()).join(",").contains(".part"));
    }

    void renamePolicyNeverReplaces()
    {
        JobExecutor e = executor("thumbnail");
        QVERIFY(commit(e.run(job("photo.jpg", "r.jpg"), nullptr, 0, {}), job("photo.jpg", "r.jpg")).ok);
        const JobOutcome second = commit(e.run(job("photo.jpg", "r.jpg"), nullptr, 0, {}), job("photo.jpg", "r.jpg"));
        QVERIFY(second.ok);
        QCOMPARE(second.finished.outputPath, path("r (2).jpg"));
    }

    // The numbered name of a name near the file system's 255 bytes still fits: the stem gives up
    // bytes, whole characters (the commit failed with ENAMETOOLONG, which --dry-run did not foresee).
    void renameKeepsLongNamesWithinTheirLimit()
    {
        QCOMPARE(numberedVariant("a/b.jpg", 2), QByteArray("a/b (2).jpg"));
        QCOMPARE(numberedVariant("a.b/c", 3), QByteArray("a.b/c (3)"));
        const QByteArray stem = QByteArray("x") + QByteArray("é").repeated(125); // 251 bytes
        const QByteArray numbered = numberedVariant("dir/" + stem + ".jpg", 12);
        const QByteArray name = numbered.mid(4);
        QVERIFY2(name.size() <= 255, qPrintable(QString::number(name.size())));
        QVERIFY(name.endsWith(" (12).jpg"));
        QVERIFY(stem.startsWith(name.left(name.size() - 9)));
        QVERIFY(QString::fromUtf8(name).toUtf8() == name); // no character cut in half

        JobExecutor e = executor("thumbnail");
        TestJob j = job("photo.jpg", QString::fromUtf8(stem + ".jpg"));
        j.spec.tempPath = path(".long.part"); // the planner's temporaries take 64 bytes of a name
        QVERIFY(commit(e.run(j, nullptr, 0, {}), j).ok);
        const JobOutcome second = commit(e.run(j, nullptr, 0, {}), j);
        QVERIFY2(second.ok, qPrintable(second.failed.message));
        QCOMPARE(second.finished.outputPath, numberedVariant(path(QString::fromUtf8(stem + ".jpg")), 2));
        QVERIFY(QFile::exists(QString::fromUtf8(second.finished.outputPath)));
    }

    void skipPolicyLeavesExistingAlone()
    {
        JobExecutor e = executor("thumbnail");
        QFile f(m_dir.filePath("s.jpg"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("keep me");
        f.close();
        const TestJob j = job("photo.jpg", "s.jpg", Overwrite::Skip);
        const JobOutcome o = commit(e.run(j, nullptr, 0, {}), j);
        QVERIFY(o.ok);
        QCOMPARE(o.finished.outcome, proto::Outcome::SkippedExisting);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("keep me"));
    }

    void aRefusedPresetCanBeDefinedAgain()
    {
        JobExecutor e = executor("thumbnail");
        QString error;
        QVERIFY(!e.definePreset(2, R"({"name":"bad","steps":[{"op":"blur","sigma":"x"}]})", &error));
        proto::Job j = job("photo.jpg", "bad.jpg");
        j.presetId = 2;
        QVERIFY(!e.run(j, nullptr, 0, {}).ok);
        // A good definition for the same id replaces the refusal; an id never defined says so.
        QVERIFY(
            e.definePreset(2, QJsonDocument(PresetLibrary({}).find("thumbnail")->preset.toJson()).toJson(), &error));
        QVERIFY(e.run(j, nullptr, 0, {}).ok);
        j.presetId = 3;
        const JobOutcome o = e.run(j, nullptr, 0, {});
        QVERIFY(!o.ok);
        QVERIFY2(o.failed.message.contains("never defined"), qPrintable(o.failed.message));
    }

    void sizePlaceholdersAreFilledByTheWorker()
    {
        const TestJob j = job("photo.jpg", "t-{width}x{height}.jpg");
        const JobOutcome o = commit(executor("thumbnail").run(j, nullptr, 0, {}), j);
        QVERIFY(o.ok);
        QCOMPARE(o.finished.outputPath, path("t-256x144.jpg"));
    }

    void refusesOverTheLimitBeforeDecoding()
    {
        const JobOutcome o = executor("thumbnail", 1'000'000).run(job("photo.jpg", "big.jpg"), nullptr, 0, {});
        QVERIFY(!o.ok);
        QCOMPARE(o.failed.code, proto::FailureCode::TooLarge);
        QVERIFY2(o.failed.message.contains("1600×900"), qPrintable(o.failed.message));
    }

    void missingAndNonRegularInputsFailClearly()
    {
        JobExecutor e = executor("thumbnail");
        JobOutcome o = e.run(job("nope.jpg", "x.jpg"), nullptr, 0, {});
        QCOMPARE(o.failed.code, proto::FailureCode::CannotRead);
        QVERIFY(o.failed.message.contains("no such file"));
        o = e.run(job(".", "x.jpg"), nullptr, 0, {}); // a folder
        QCOMPARE(o.failed.code, proto::FailureCode::CannotRead);
    }

    void missingOutputFolderFailsWithoutLeftovers()
    {
        const JobOutcome o = executor("thumbnail").run(job("photo.jpg", "no/such/dir/x.jpg"), nullptr, 0, {});
        QVERIFY(!o.ok);
        QCOMPARE(o.failed.code, proto::FailureCode::CannotWrite);
    }

    void sizedNameThatHitsTheSourceIsRefused()
    {
        QVERIFY(QFile::copy(m_dir.filePath("photo.jpg"), m_dir.filePath("p-256x144.jpg")));
        const TestJob j = job("p-256x144.jpg", "p-{width}x{height}.jpg", Overwrite::Replace);
        const JobOutcome o = commit(executor("thumbnail").run(j, nullptr, 0, {}), j);
        QVERIFY(!o.ok);
        QVERIFY(!QFile::exists(QString::fromLocal8Bit(j.spec.tempPath)));
        QVERIFY2(o.failed.message.contains("replace the source"), qPrintable(o.failed.message));
    }

    void cancelStopsBetweenSteps()
    {
        JobHooks hooks;
        hooks.cancelled = [] { return true; };
        const JobOutcome o = executor("classic").run(job("photo.jpg", "c.jpg"), nullptr, 0, hooks);
        QCOMPARE(o.failed.code, proto::FailureCode::Cancelled);
        QVERIFY(!QFile::exists(m_dir.filePath("c.jpg")));
    }

    void presetsAreCheckedWhenDefined()
    {
        // Steps are validated and compiled once, at definition; a refused definition replaces
        // the id's earlier one, and its jobs fail with the reason instead of running either.
        JobExecutor e = executor("thumbnail");
        QString error;
        const QByteArray bad =
            R"({"format":"pixelpool-preset","version":1,"name":"x","steps":[{"op":"blur","sigma":0}]})";
        QVERIFY(!e.definePreset(1, bad, &error));
        QVERIFY2(error.contains("steps[0]") && error.contains("blur.sigma"), qPrintable(error));
        const TestJob j = job("photo.jpg", "again.jpg");
        const JobOutcome o = e.run(j, nullptr, 0, {});
        QVERIFY(!o.ok);
        QCOMPARE(o.failed.code, proto::FailureCode::Processing);
        QVERIFY2(o.failed.message.contains("blur.sigma"), qPrintable(o.failed.message));
        QVERIFY(!QFile::exists(m_dir.filePath("again.jpg")));
    }

    void sixteenBitsStayWhereTheyCan_data()
    {
        QTest::addColumn<QJsonArray>("steps");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("depth");
        const QJsonObject resize{{"op", "resize"}, {"mode", "fit"}, {"width", 200}, {"height", 200}};
        const QJsonObject watermark{{"op", "watermark"}, {"text", "x"}};
        QTest::newRow("png, 16-bit steps")
            << QJsonArray{resize, QJsonObject{{"op", "gamma"}, {"gamma", 1.2}}} << "png" << CV_16U;
        QTest::newRow("tiff, 16-bit steps") << QJsonArray{resize} << "tiff" << CV_16U;
        QTest::newRow("keep, 16-bit steps") << QJsonArray{resize} << "keep" << CV_16U;
        QTest::newRow("png, a watermark") << QJsonArray{resize, watermark} << "png" << CV_16U; // was 8-bit
        QTest::newRow("jpeg") << QJsonArray{resize} << "jpeg" << CV_8U;
        QTest::newRow("webp") << QJsonArray{resize} << "webp" << CV_8U;
    }
    void sixteenBitsStayWhereTheyCan()
    {
        // A 16-bit PNG keeps 16 bits into PNG and TIFF through every step, a watermark's too (it
        // became 8-bit before one until 2026-12-07); into other formats it becomes 8-bit when
        // encoding. The preview is 8-bit.
        QFETCH(QJsonArray, steps);
        QFETCH(QString, format);
        QFETCH(int, depth);
        cv::Mat deep(300, 400, CV_16UC3);
        for (int y = 0; y < deep.rows; ++y)
            for (int x = 0; x < deep.cols; ++x)
                deep.at<cv::Vec3w>(y, x) = {ushort(x * 163), ushort(y * 211), ushort(30000 + x * 7 + y)};
        QVERIFY(cv::imwrite(m_dir.filePath("deep.png").toStdString(), deep));
        const QString out = "deep-out-" + QString(QTest::currentDataTag()).replace(' ', '_').remove(',') + ".{ext}";
        const TestJob j = job("deep.png", out);
        proto::Job frame = j;
        frame.previewSlot = 0;
        frame.previewMax = 64;
        const JobOutcome o = commit(executorFor(steps, {{"format", format}}).run(frame, nullptr, 0, {}), j);
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        QCOMPARE(o.preview.depth(), CV_8U);
        const cv::Mat written =
            cv::imread(QFile::decodeName(o.finished.outputPath).toStdString(), cv::IMREAD_UNCHANGED);
        QCOMPARE(written.size(), cv::Size(200, 150));
        QCOMPARE(written.depth(), depth);
        cv::Mat expected;
        cv::resize(deep, expected, {200, 150}, 0, 0, cv::INTER_AREA);
        if (depth == CV_16U && steps.size() == 1) // resize only: the 16-bit result, not 8 bits widened
            QVERIFY2(cv::norm(written, expected, cv::NORM_INF) <= 2, "the 16-bit resize differs from OpenCV's");
    }

    void previewIsPremultiplied()
    {
        // The window paints the preview as QImage::Format_ARGB32_Premultiplied without converting
        // it: the worker multiplies colour by alpha, rounded as Qt does.
        cv::Mat bgra(40, 60, CV_8UC4, cv::Scalar(200, 100, 50, 128));
        bgra(cv::Rect(0, 0, 30, 40)).setTo(cv::Scalar(90, 180, 255, 0));
        bgra(cv::Rect(30, 20, 30, 20)).setTo(cv::Scalar(10, 20, 30, 255));
        QVERIFY(cv::imwrite(m_dir.filePath("alpha.png").toStdString(), bgra));
        const TestJob j = job("alpha.png", "alpha-out.png");
        proto::Job frame = j;
        frame.previewSlot = 0;
        frame.previewMax = 64;
        const JobOutcome o = commit(executorFor({}, {{"format", "png"}}).run(frame, nullptr, 0, {}), j);
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        QCOMPARE(o.preview.type(), CV_8UC4);
        QCOMPARE(o.preview.size(), cv::Size(60, 40));
        const QImage shown(o.preview.data, o.preview.cols, o.preview.rows, int(o.preview.step),
                           QImage::Format_ARGB32_Premultiplied);
        QCOMPARE(shown.pixel(45, 5), qPremultiply(qRgba(50, 100, 200, 128)));
        QCOMPARE(shown.pixel(5, 5), qRgba(0, 0, 0, 0));
        QCOMPARE(shown.pixel(45, 30), qRgba(30, 20, 10, 255));
        // QImage's own conversion gives the same pixels.
        const QImage converted = QImage(bgra.data, 60, 40, int(bgra.step), QImage::Format_ARGB32)
                                     .convertToFormat(QImage::Format_ARGB32_Premultiplied);
        QCOMPARE(shown.pixel(45, 5), converted.pixel(45, 5));
    }

    // A phone's portrait photo is stored sideways with EXIF Orientation 6. A preset without
    // autoOrient ran its steps on the stored pixels: a crop rectangle cut another part than the
    // one seen, a watermark's corner was another corner, a horizontal flip was vertical as seen
    // (metadata QA pass). Its first step that works on the frame now turns the picture upright
    // first, and the output says Orientation 1; steps that do not (a blur, a scale) leave the
    // pixels as stored, as does a preset that has autoOrient where it put it.
    void framedStepsSeeThePictureUpright_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<QJsonArray>("steps");
        QTest::addColumn<bool>("upright"); // else the stored pixels, the source's orientation kept
        const QJsonObject crop{{"op", "crop"}, {"mode", "rect"}, {"x", 0}, {"y", 0}, {"width", 40}, {"height", 60}};
        const QJsonObject flip{{"op", "flip"}, {"direction", "horizontal"}};
        const QJsonObject box{{"op", "resize"}, {"mode", "exact"}, {"width", 48}, {"height", 80}};
        // A fit the planner serves with a reduced decode (its size once the picture is upright).
        const QJsonObject fit{{"op", "resize"}, {"mode", "fit"}, {"width", 60}, {"height", 30}};
        const QJsonObject blur{{"op", "blur"}, {"sigma", 0.5}};
        const QJsonObject scale{{"op", "resize"}, {"mode", "scale"}, {"percent", 50}};
        const QJsonObject square{{"op", "resize"}, {"mode", "fit"}, {"width", 48}, {"height", 48}};
        const QJsonObject turn{{"op", "rotate"}, {"angle", 90}};
        const QJsonObject orient{{"op", "autoOrient"}};
        for (const int o : {2, 3, 5, 6, 7, 8}) {
            QTest::addRow("crop, orientation %d", o) << o << QJsonArray{crop} << true;
            QTest::addRow("blur then crop, orientation %d", o) << o << QJsonArray{blur, crop} << true;
            QTest::addRow("flip, orientation %d", o) << o << QJsonArray{flip} << true;
            QTest::addRow("exact box, orientation %d", o) << o << QJsonArray{box} << true;
            QTest::addRow("fit box, orientation %d", o) << o << QJsonArray{fit} << true;
            QTest::addRow("rotate 90, orientation %d", o) << o << QJsonArray{turn} << true;
            QTest::addRow("blur, orientation %d", o) << o << QJsonArray{blur} << false;
            QTest::addRow("scale, orientation %d", o) << o << QJsonArray{scale} << false;
            QTest::addRow("square box, orientation %d", o) << o << QJsonArray{square} << false;
        }
        QTest::newRow("crop, upright already") << 1 << QJsonArray{crop} << true;
        // autoOrient where the preset puts it: the crop before it cuts the stored pixels, as asked.
        QTest::newRow("crop then autoOrient") << 6 << QJsonArray{crop, orient} << true;
    }
    void framedStepsSeeThePictureUpright()
    {
        QFETCH(int, orientation);
        QFETCH(QJsonArray, steps);
        QFETCH(bool, upright);
        // Stored 96×64 in six blocks of their own colour, so any turn, flip or cut shows.
        const cv::Scalar colours[6] = {{0, 0, 230},   {0, 230, 0},   {230, 0, 0},
                                       {230, 230, 0}, {0, 230, 230}, {230, 0, 230}};
        cv::Mat stored(64, 96, CV_8UC3);
        for (int b = 0; b < 6; ++b)
            stored(cv::Rect(b % 3 * 32, b / 3 * 32, 32, 32)).setTo(colours[b]);
        std::vector<uchar> jpeg;
        QVERIFY(cv::imencode(".jpg", stored, jpeg, {cv::IMWRITE_JPEG_QUALITY, 98}));
        // An EXIF block after SOI: a little-endian TIFF header, IFD0 with Orientation alone.
        const uchar app1[] = {0xFF,
                              0xE1,
                              0x00,
                              0x22,
                              'E',
                              'x',
                              'i',
                              'f',
                              0,
                              0,
                              'I',
                              'I',
                              42,
                              0,
                              8,
                              0,
                              0,
                              0,
                              1,
                              0,
                              0x12,
                              0x01,
                              3,
                              0,
                              1,
                              0,
                              0,
                              0,
                              uchar(orientation),
                              0,
                              0,
                              0,
                              0,
                              0,
                              0,
                              0};
        jpeg.insert(jpeg.begin() + 2, std::begin(app1), std::end(app1));
        const QString name = QStringLiteral("oriented-%1").arg(QTest::currentDataTag()).replace(' ', '_').remove(',');
        QFile in(m_dir.filePath(name + ".jpg"));
        QVERIFY(in.open(QIODevice::WriteOnly));
        in.write(reinterpret_cast<const char *>(jpeg.data()), qint64(jpeg.size()));
        in.close();
        QCOMPARE(probeImage(jpeg.data(), jpeg.size()).exifOrientation, orientation);

        const TestJob j = job(name + ".jpg", name + "-out.png");
        const JobOutcome o = commit(executorFor(steps, {{"format", "png"}}).run(j, nullptr, 0, {}), j);
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        QFile out(QFile::decodeName(o.finished.outputPath));
        QVERIFY(out.open(QIODevice::ReadOnly));
        const QByteArray bytes = out.readAll();
        const auto *data = reinterpret_cast<const uint8_t *>(bytes.constData());
        const ImageInfo info = probeImage(data, size_t(bytes.size()));
        const cv::Mat written = decodeImage(data, size_t(bytes.size()), info, 8, false).image;

        // The steps as meant: on the picture as seen (or as stored, where the steps say nothing of
        // its frame or the preset turns it itself).
        const bool orientLast = steps.last().toObject().value("op") == "autoOrient";
        cv::Mat expected = upright && !orientLast ? ops::applyExifOrientation(stored, orientation) : stored.clone();
        for (const QJsonValue &v : steps) {
            const QJsonObject s = v.toObject();
            const QString op = s.value("op").toString();
            if (op == "crop")
                expected = expected(cv::Rect(0, 0, 40, 60)).clone();
            else if (op == "flip")
                cv::flip(expected, expected, 1);
            else if (op == "rotate")
                cv::rotate(expected, expected, cv::ROTATE_90_CLOCKWISE);
            else if (op == "autoOrient")
                expected = ops::applyExifOrientation(expected, orientation);
            else if (op == "resize" && s.value("mode") == "exact")
                cv::resize(expected, expected, {48, 80}, 0, 0, cv::INTER_AREA);
            else if (op == "resize" && s.value("mode") == "fit") {
                const double k =
                    std::min(s.value("width").toDouble() / expected.cols, s.value("height").toDouble() / expected.rows);
                cv::resize(expected, expected,
                           {int(std::lround(expected.cols * k)), int(std::lround(expected.rows * k))}, 0, 0,
                           cv::INTER_AREA);
            } else if (op == "resize")
                cv::resize(expected, expected, {48, 32}, 0, 0, cv::INTER_AREA);
        }
        QCOMPARE(written.size(), expected.size());
        // JPEG's and the resamplers' differences are a few levels on average; a block in another
        // place is 100 or more.
        const double mean = cv::norm(written, expected, cv::NORM_L1) / double(expected.total() * 3);
        QVERIFY2(mean < 8, qPrintable(QString::number(mean)));
        QCOMPARE(info.exifOrientation, upright ? 1 : orientation); // what viewers turn it by
    }

    // `format: keep` writes a HEIC as JPEG: one with alpha was flattened without a word, as a BMP's
    // alpha kept as BMP had been (BMP and formats QA passes). Said as the BMP's is.
    void keptAsJpegSaysItFlattenedTransparency()
    {
        cv::Mat bgra(48, 64, CV_8UC4, cv::Scalar(40, 120, 200, 255));
        bgra(cv::Rect(0, 0, 20, 48)).setTo(cv::Scalar(40, 120, 200, 0));
        writeAll(m_dir.filePath("alpha.heic"), heifFile(bgra, false, heif_orientation_normal));
        TestJob j = job("alpha.heic", "alpha-kept.jpg");
        j.spec.keptFormat = OutputFormat::Jpeg; // as the planner decides it for a HEIC
        const JobOutcome o = commit(executorFor({}, {{"format", "keep"}}).run(j, nullptr, 0, {}), j);
        QVERIFY2(o.ok, qPrintable(o.failed.message));
        QVERIFY(o.finished.outputPath.endsWith("alpha-kept.jpg"));
        QCOMPARE(o.finished.warning, QString("transparency flattened onto #ffffff: format: keep writes this image as "
                                             "jpeg, which holds none (png, webp, tiff, jxl and avif keep it)"));
        // Opaque: nothing to say.
        writeAll(m_dir.filePath("opaque.heic"), heifFile(photo(64, 48), false, heif_orientation_normal));
        TestJob k = job("opaque.heic", "opaque-kept.jpg");
        k.spec.keptFormat = OutputFormat::Jpeg;
        const JobOutcome p = commit(executorFor({}, {{"format", "keep"}}).run(k, nullptr, 0, {}), k);
        QVERIFY2(p.ok, qPrintable(p.failed.message));
        QVERIFY2(p.finished.warning.isEmpty(), qPrintable(p.finished.warning));
    }

    void decodesFromMemory()
    {
        QFile f(m_dir.filePath("photo.jpg"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        proto::Job j = job("unused", "mem.jpg");
        j.inputKind = proto::InputKind::SharedMemory;
        const JobOutcome o =
            executor("thumbnail").run(j, reinterpret_cast<const uint8_t *>(bytes.data()), size_t(bytes.size()), {});
        QVERIFY2(o.ok, qPrintable(o.failed.message));
    }
};

QTEST_GUILESS_MAIN(TestExecutor)
#include "tst_executor.moc"
