// pixelpool --batch end to end, with real worker processes.
#include "BatchProcess.h"
#include "TestDng.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <unistd.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using Run = BatchRun;

class TestBatch : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_in;

    static Run run(const QStringList &args, int timeoutMs = 120000, bool json = true)
    {
        return runBatch(PIXELPOOL_EXE, args, timeoutMs, json);
    }

    void writeImage(const QString &path, int w, int h)
    {
        cv::Mat m(h, w, CV_8UC3);
        cv::randu(m, 0, 255);
        cv::GaussianBlur(m, m, {0, 0}, 3);
        QVERIFY(cv::imwrite(path.toStdString(), m));
    }

private slots:
    void initTestCase()
    {
        m_in = m_dir.filePath("in");
        QDir().mkpath(m_in + "/sub/deeper");
        for (int i = 0; i < 10; ++i)
            writeImage(QString("%1/img%2.%3").arg(m_in).arg(i).arg(i % 3 ? "jpg" : "png"), 1600 + i * 10, 1000);
        writeImage(m_in + "/sub/nested.jpg", 800, 600);
        writeImage(m_in + "/sub/deeper/deep.jpg", 640, 480);
        QFile notes(m_in + "/notes.txt");
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not an image");
    }

    void processesAFolderWithTwoWorkers()
    {
        const QString out = m_dir.filePath("out-classic");
        const Run r = run({"--preset", "classic", "--workers", "2", "--recursive", "-o", out, m_in});
        QCOMPARE(r.exitCode, 0);
        const auto finished = r.of("finished");
        QCOMPARE(finished.size(), 12);
        QSet<int> indices;
        QSet<qint64> pids;
        for (const QJsonObject &e : r.of("started"))
            pids.insert(e.value("pid").toInteger());
        for (const QJsonObject &e : finished) {
            indices.insert(e.value("index").toInt());
            const cv::Mat img = cv::imread(e.value("output").toString().toStdString());
            QVERIFY2(!img.empty(), qPrintable(e.value("output").toString()));
            QCOMPARE(img.cols, e.value("width").toInt());
            QVERIFY(img.cols <= 1200 && img.rows <= 1200);
        }
        QCOMPARE(indices.size(), 12); // each exactly once
        QVERIFY2(pids.size() >= 2, "more than one worker process did the work");
        QVERIFY(QFile::exists(out + "/sub/deeper/deep.jpg")); // structure kept
        const auto summary = r.of("summary");
        QCOMPARE(summary.size(), 1);
        QCOMPARE(summary[0].value("done").toInt(), 12);
        QCOMPARE(r.of("left-out").size(), 1); // notes.txt, with a reason: not an image of the batch
        QCOMPARE(summary[0].value("total").toInt(), 12);
        QCOMPARE(summary[0].value("left_out").toInt(), 1);
    }

    void everyBuiltinPresetWorks_data()
    {
        QTest::addColumn<QString>("preset");
        for (const char *p : {"classic", "web", "thumbnail", "grayscale"})
            QTest::newRow(p) << QString(p);
    }
    void everyBuiltinPresetWorks()
    {
        QFETCH(QString, preset);
        const QString out = m_dir.filePath("samples-" + preset);
        const Run r = run({"--preset", preset, "-o", out, PIXELPOOL_SAMPLES});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.of("finished").size(),
                 QDir(PIXELPOOL_SAMPLES).entryList({"*.jpg", "*.png", "*.heic", "*.avif", "*.jxl"}).size());
    }

    void autoOrientTurnsTheImageUpright()
    {
        const QString out = m_dir.filePath("orient");
        const Run r = run({"--preset", "thumbnail", "-o", out, PIXELPOOL_SAMPLES "/kite-exif-rotated.jpg"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject e = r.of("finished").value(0);
        QVERIFY(e.value("height").toInt() > e.value("width").toInt()); // landscape source, EXIF 6
    }

    void aCrashedWorkerCostsOneImageOnly()
    {
#ifndef PIXELPOOL_TEST_HOOKS
        QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
        const QString in = m_dir.filePath("crash-in");
        QDir().mkpath(in);
        for (int i = 0; i < 6; ++i)
            writeImage(QString("%1/ok%2.jpg").arg(in).arg(i), 400, 300);
        writeImage(in + "/pixelpool-test-crash.jpg", 400, 300);
        writeImage(in + "/pixelpool-test-crashonce.jpg", 400, 300);
        // Aborts whenever it reads this file's metadata, as exiv2 does on some damaged blocks.
        writeImage(in + "/pixelpool-test-metadataabort.jpg", 400, 300);
        const Run r = run(
            {"--preset", "thumbnail", "--workers", "2", "--test-flags", "1", "-o", m_dir.filePath("crash-out"), in});
        QCOMPARE(r.exitCode, 1); // some failed
        const auto failed = r.of("failed");
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed[0].value("input").toString().endsWith("pixelpool-test-crash.jpg"));
        QCOMPARE(failed[0].value("reason").toString(), QString("worker crashed with signal 11 (SIGSEGV)"));
        QCOMPARE(failed[0].value("code").toString(), QString("worker-crashed"));
        QCOMPARE(failed[0].value("attempts").toInt(), 2);
        QCOMPARE(r.of("finished").size(), 8); // crashonce and metadataabort were retried and done
        QSet<int> done;
        for (const QJsonObject &e : r.of("finished")) {
            QVERIFY(!done.contains(e.value("index").toInt()));
            done.insert(e.value("index").toInt());
            // The retry after a crash leaves the metadata unread, and says so.
            const bool retried = e.value("input").toString().contains("crashonce") ||
                                 e.value("input").toString().contains("metadataabort");
            QCOMPARE(e.value("warning").toString().contains("without its metadata"), retried);
            QVERIFY(QFile::exists(e.value("output").toString()));
        }
        QVERIFY(r.of("summary")[0].value("workers_replaced").toInt() >= 2);
    }

    void timeoutEndsAHungImage()
    {
#ifndef PIXELPOOL_TEST_HOOKS
        QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
        const QString in = m_dir.filePath("hang-in");
        QDir().mkpath(in);
        writeImage(in + "/pixelpool-test-hang.jpg", 200, 200);
        writeImage(in + "/fine.jpg", 200, 200);
        const Run r = run({"--preset", "thumbnail", "--workers", "1", "--timeout", "1", "--test-flags", "1", "-o",
                           m_dir.filePath("hang-out"), in});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.of("failed").value(0).value("reason").toString(), QString("timed out after 1 s"));
        QCOMPARE(r.of("failed").value(0).value("code").toString(), QString("timed-out"));
        QCOMPARE(r.of("finished").size(), 1);
    }

    void interruptCancelsWithoutPartialFiles()
    {
#ifndef PIXELPOOL_TEST_HOOKS
        QSKIP("pixelpool-worker was built without -DPIXELPOOL_TEST_HOOKS=ON");
#endif
        const QString in = m_dir.filePath("many");
        QDir().mkpath(in);
        for (int i = 0; i < 60; ++i)
            writeImage(QString("%1/m%2.jpg").arg(in).arg(i), 1200, 900);
        // Held by the gate hook: the batch cannot end before the interrupt, however fast it goes.
        writeImage(in + "/pixelpool-test-gate.jpg", 100, 100);
        const QString out = m_dir.filePath("many-out");
        QProcess p;
        p.start(PIXELPOOL_EXE, {"--batch", "--json", "--test-flags", "1", "--preset", "classic", "-o", out, in});
        QVERIFY(p.waitForStarted());
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += p.readAllStandardOutput()).contains("\"finished\""), 60000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 130);
        seen += p.readAllStandardOutput();
        QVERIFY(seen.contains("\"event\":\"cancelled\",") && seen.contains("\"code\":\"cancelled\""));
        QVERIFY2(!seen.contains("\"event\":\"failed\""), seen.right(2000).constData()); // cancelled, not failed
        QVERIFY(seen.contains("\"interrupted\":true"));
        const QStringList left = QDir(out).entryList(QDir::Files | QDir::Hidden);
        QVERIFY(left.size() < 61);
        for (const QString &f : left)
            QVERIFY2(!f.endsWith(".part") && cv::imread((out + "/" + f).toStdString()).data, qPrintable(f));
    }

    void resumeWithSkipDoesOnlyWhatIsMissing()
    {
        const QString out = m_dir.filePath("resume");
        Run r = run({"--preset", "thumbnail", "--overwrite", "skip", "-o", out, m_in});
        QCOMPARE(r.of("finished").size(), 10);
        QFile::remove(out + "/img3.jpg");
        r = run({"--preset", "thumbnail", "--overwrite", "skip", "-o", out, m_in});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.of("finished").size(), 1);
        QCOMPARE(r.of("skipped").size(), 9);  // the 9 existing outputs
        QCOMPARE(r.of("left-out").size(), 2); // notes.txt, and sub/ (no --recursive)
    }

    void nonUtf8AndAwkwardNamesSurvive()
    {
        const QByteArray dir = QFile::encodeName(m_dir.filePath("names"));
        QDir().mkpath(QFile::decodeName(dir));
        const QList<QByteArray> names = {"caf\xe9.jpg", "-leading dash.jpg", "new\nline.jpg", "sp ace.png"};
        cv::Mat m(100, 120, CV_8UC3, cv::Scalar(1, 2, 3));
        std::vector<uint8_t> jpg;
        cv::imencode(".jpg", m, jpg);
        for (const QByteArray &n : names) {
            FILE *f = std::fopen((dir + "/" + n).constData(), "wb");
            QVERIFY(f);
            std::fwrite(jpg.data(), 1, jpg.size(), f);
            std::fclose(f);
        }
        const QString out = m_dir.filePath("names-out");
        const Run r = run({"--preset", "thumbnail", "-o", out, QFile::decodeName(dir)});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.of("finished").size(), 4);
        for (const QByteArray &n : names) {
            const QByteArray written = QFile::encodeName(out) + "/" + n.left(n.lastIndexOf('.')) + ".jpg";
            QVERIFY2(::access(written.constData(), R_OK) == 0, written.constData()); // the bytes survived
            ::unlink(written.constData()); // QDir cannot remove names that are not UTF-8
            ::unlink((dir + "/" + n).constData());
        }
    }

    void metadataAndColourOptionsOverrideThePreset()
    {
        const auto output = [&](const QStringList &options) {
            const QString out = m_dir.filePath("meta-%1").arg(options.join("").remove('-'));
            const Run r = run(QStringList{"--preset", "classic", "-o", out} + options +
                              QStringList{PIXELPOOL_SAMPLES "/kite-exif-rotated.jpg"});
            QFile f(r.of("finished").value(0).value("output").toString());
            return r.exitCode == 0 && f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray exif("Exif\0\0", 6), xmp("http://ns.adobe.com/xap/1.0/"), icc("ICC_PROFILE");
        const QByteArray kept = output({});
        QVERIFY(kept.contains(exif) && kept.contains(xmp) && kept.contains(icc)); // classic keeps
        const QByteArray stripped = output({"--metadata", "strip"});
        QVERIFY(!stripped.isEmpty());
        QVERIFY(!stripped.contains(exif) && !stripped.contains(xmp));
        QVERIFY(!stripped.contains(icc)); // the sample's profile is sRGB: untagged says the same
        QVERIFY(output({"--colour", "srgb"}).contains(icc));
        QCOMPARE(run({"--metadata", "most", m_in}).exitCode, 2);
        QCOMPARE(run({"--colour", "adobe", m_in}).exitCode, 2);
    }

    void writesJxlAndAvifAndReadsThemBack()
    {
        // Two photos (one with EXIF) to each new format, by --format; then the outputs themselves as
        // inputs with `format: keep`, through real workers.
        const QStringList inputs{PIXELPOOL_SAMPLES "/kite.jpg", PIXELPOOL_SAMPLES "/colorful-cups-960.jxl"};
        for (const QString format : {"jxl", "avif"}) {
            const QString out = m_dir.filePath("modern-" + format);
            const Run r = run(QStringList{"--preset", "classic", "--format", format, "-o", out} + inputs);
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.of("finished").size(), 2);
            for (const QJsonObject &e : r.of("finished")) {
                const QString path = e.value("output").toString();
                QVERIFY2(path.endsWith("." + format), qPrintable(path));
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QByteArray head = f.read(12);
                QVERIFY2(format == "jxl"
                             ? head.startsWith("\xff\x0a") || head == QByteArray("\0\0\0\x0cJXL \r\n\x87\n", 12)
                             : head.mid(4, 8) == "ftypavif",
                         head.toHex().constData());
            }
            const QString kept = m_dir.filePath("modern-keep-" + format);
            const Run back = run({"--preset", "classic", "--format", "keep", "-o", kept, out});
            QCOMPARE(back.exitCode, 0);
            QCOMPARE(back.of("finished").size(), 2);
            for (const QJsonObject &e : back.of("finished")) {
                QVERIFY(e.value("output").toString().endsWith("." + format));
                QCOMPARE(e.value("width").toInt(), 1200); // classic fits in 1200×1200
            }
        }
    }

    void scanLeftoversAreCountedOnStderr()
    {
        // Without --json too: how many files a folder scan left out, and why.
        const Run r = run({"--preset", "thumbnail", "-o", m_dir.filePath("leftovers"), m_in}, 120000, false);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("left out 1 file and 1 folder while scanning:\n  1 × not an image file name: ") &&
                     r.err.contains("notes.txt") && r.err.contains("1 × sub-folder, not scanned without --recursive: "),
                 r.err.constData());
    }

    void aRerunDoesNotTakeItsOwnResultsAsInputs()
    {
        // The output folder inside the scanned tree: the second run leaves it out (and says so),
        // where it used to process the first run's results as new photos, a layer deeper each time.
        const QString tree = m_dir.filePath("rerun");
        QDir().mkpath(tree + "/.cache");
        writeImage(tree + "/a.jpg", 640, 480);
        writeImage(tree + "/.cache/hidden.jpg", 640, 480);
        const QString out = tree + "/out";
        for (int pass = 0; pass < 2; ++pass) {
            const Run r = run({"--preset", "thumbnail", "--recursive", "--overwrite", "overwrite", "-o", out, tree});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.of("finished").size(), 1);
            QMap<QString, QString> leftOut; // code -> path
            for (const QJsonObject &e : r.of("left-out"))
                leftOut.insert(e.value("code").toString(), e.value("input").toString());
            QCOMPARE(leftOut.value("hidden-folder"), tree + "/.cache"); // said, not silently dropped
            QCOMPARE(leftOut.contains("output-folder"), pass == 1);     // exists from the second run on
            if (pass == 1)
                QCOMPARE(leftOut.value("output-folder"), out);
        }
        QCOMPARE(QDir(out).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{"a.jpg"});
        // Without --recursive no sub-folder is scanned, and a hidden one is not named; the output
        // folder is named as the output folder still (it was "sub-folder, not scanned without
        // --recursive", as if -r would make it an input).
        const Run flat = run({"--preset", "thumbnail", "--overwrite", "overwrite", "-o", out, tree});
        QCOMPARE(flat.exitCode, 0);
        QCOMPARE(flat.of("finished").size(), 1);
        QCOMPARE(flat.of("left-out").size(), 1);
        QCOMPARE(flat.of("left-out")[0].value("code").toString(), QString("output-folder"));
        QCOMPARE(flat.of("left-out")[0].value("input").toString(), out);
        const Run said = run({"--preset", "thumbnail", "--overwrite", "overwrite", "-o", out, tree}, 120000, false);
        QCOMPARE(said.exitCode, 0);
        QVERIFY2(said.err.contains("1 × the output folder, not scanned: its files are results, not inputs: ") &&
                     !said.err.contains("--recursive"),
                 said.err.constData());
        // Named as an input itself, the output folder is a folder like any other.
        const Run direct = run({"--preset", "thumbnail", "-o", m_dir.filePath("rerun-direct"), out});
        QCOMPARE(direct.exitCode, 0);
        QCOMPARE(direct.of("finished").size(), 1);
    }

    // Without autoOrient, a resize into a square box keeps the pixels in stored order and the
    // source's Orientation: {width} and {height}, and the finished event, give the size the output
    // is seen at. A phone's portrait (Orientation 6) was named and reported sideways.
    void sizesAreAsTheOutputIsSeen()
    {
        const QString out = m_dir.filePath("seen");
        const QString presetFile = m_dir.filePath("seen.json");
        QFile f(presetFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"pixelpool-preset","version":1,"name":"seen",
                    "steps":[{"op":"resize","mode":"fit","width":300,"height":300}],
                    "output":{"format":"jpeg","nameTemplate":"{name}-{width}x{height}.{ext}"}})");
        f.close();
        const Run r = run({"--preset", presetFile, "-o", out, PIXELPOOL_SAMPLES "/kite-exif-rotated.jpg"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject e = r.of("finished").value(0);
        const int width = e.value("width").toInt(), height = e.value("height").toInt();
        QVERIFY2(height == 300 && width < height, qPrintable(QString("%1×%2").arg(width).arg(height)));
        QCOMPARE(e.value("source_width").toInt(), 1600); // stored 2560×1600 under Orientation 6
        QCOMPARE(e.value("source_height").toInt(), 2560);
        const QString named = QString("%1/kite-exif-rotated-%2x%3.jpg").arg(out).arg(width).arg(height);
        QCOMPARE(e.value("output").toString(), named);
        const cv::Mat stored = cv::imread(named.toStdString(), cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
        const cv::Mat seen = cv::imread(named.toStdString(), cv::IMREAD_COLOR); // turned as its tag says
        QCOMPARE(stored.size(), cv::Size(height, width)); // kept in stored order, the tag saying 6
        QCOMPARE(seen.size(), cv::Size(width, height));
    }

    void namesFromWhatThePhotoSays()
    {
        const QString out = m_dir.filePath("by-date");
        const QString presetFile = m_dir.filePath("by-date.json");
        QFile f(presetFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"pixelpool-preset","version":1,"name":"by date","steps":[],
                    "output":{"format":"jpeg","nameTemplate":"{date:%Y/%m}/{camera} iso{iso} {name}.{ext}",
                              "keepFileTime":true}})");
        f.close();
        const QString sample = PIXELPOOL_SAMPLES "/kite-exif-rotated.jpg";
        const Run r = run({"--preset", presetFile, "-o", out, sample, m_in + "/img1.jpg"});
        QCOMPARE(r.exitCode, 0);
        // The sample's EXIF: taken 2015-07-21 with an Olympus E-M1 at ISO 200.
        const QString dated = out + "/2015/07/OLYMPUS IMAGING CORP. E-M1 iso200 kite-exif-rotated.jpg";
        QVERIFY2(QFile::exists(dated), qPrintable(r.of("finished").value(0).value("output").toString()));
        QCOMPARE(QFileInfo(dated).lastModified(), QFileInfo(sample).lastModified()); // keepFileTime
        // A photo without EXIF is dated by its file and says what it does not know.
        const QDateTime mtime = QFileInfo(m_in + "/img1.jpg").lastModified();
        QVERIFY(QFile::exists(out + mtime.toString("/yyyy/MM/") + "unknown isounknown img1.jpg"));
    }

    void cameraRawFolder()
    {
        // A folder as a camera card holds it: a DNG stored sideways (Orientation 6) with a preview,
        // and a file named .cr2 that is no photo at all.
        const QString in = m_dir.filePath("card"), out = m_dir.filePath("card-out");
        QVERIFY(QDir().mkpath(in));
        cv::Mat seen = cv::imread(PIXELPOOL_SAMPLES "/kite.jpg");
        cv::resize(seen, seen, {600, 400}, 0, 0, cv::INTER_AREA);
        seen(cv::Rect(0, 0, 80, 80)).setTo(cv::Scalar::all(255)); // ≥ 1 % white: the exposure stays
        pp::test::DngSpec spec;
        spec.bgr = seen;
        spec.orientation = 6;
        spec.previewSize = {300, 200};
        const std::vector<uint8_t> dng = pp::test::makeDng(spec);
        QFile photo(in + "/IMG_0001.dng"), fake(in + "/IMG_0002.cr2");
        QVERIFY(!dng.empty() && photo.open(QIODevice::WriteOnly) && fake.open(QIODevice::WriteOnly));
        photo.write(reinterpret_cast<const char *>(dng.data()), qint64(dng.size()));
        fake.write("not a photo, whatever its name says\n");
        photo.close();
        fake.close();
        const QString presetFile = m_dir.filePath("raw.json");
        QFile f(presetFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"pixelpool-preset","version":1,"name":"raw","steps":[],
                    "output":{"format":"keep","nameTemplate":"{camera} {name}.{ext}"}})");
        f.close();
        const Run r = run({"--preset", presetFile, "-o", out, in});
        QCOMPARE(r.exitCode, 1); // the fake failed
        QCOMPARE(r.of("finished").size(), 1);
        const QString written = out + "/PixelPool Test Camera 1 IMG_0001.jpg"; // keep: RAW is written as JPEG
        QCOMPARE(r.of("finished").value(0).value("output").toString(), written);
        const cv::Mat upright = cv::imread(written.toStdString(), cv::IMREAD_UNCHANGED); // no EXIF turn
        QCOMPARE(upright.cols, 400);
        QCOMPARE(upright.rows, 600);
        cv::Mat expected;
        cv::rotate(seen, expected, cv::ROTATE_90_CLOCKWISE);
        QVERIFY2(cv::PSNR(upright, expected) > 30, qPrintable(QString::number(cv::PSNR(upright, expected))));
        const QJsonObject failed = r.of("failed").value(0);
        QVERIFY(failed.value("input").toString().endsWith("IMG_0002.cr2"));
        QCOMPARE(failed.value("code").toString(), QString("unsupported"));
        QVERIFY2(failed.value("reason").toString().contains("not an image"),
                 qPrintable(failed.value("reason").toString()));
    }

    // `format: keep` writes what each output's name says. A TIFF and a TIFF-based camera RAW share
    // their first bytes, so the name decides before any worker reads the file: a RAW's name gives a
    // JPEG, any other a TIFF, and the worker writes that, whichever it reads the file as. Before, the
    // planner kept the name's extension and the worker wrote what it read: a TIFF named scan.jpg was
    // TIFF data in scan.jpg, a DNG named raw.png JPEG data in raw.png. --dry-run shows the same names.
    void keepWritesWhatItsNameSays()
    {
        const QString in = m_dir.filePath("keep-names"), out = m_dir.filePath("keep-names-out"),
                      looked = m_dir.filePath("keep-names-dry");
        QVERIFY(QDir().mkpath(in));
        cv::Mat seen = cv::imread(PIXELPOOL_SAMPLES "/kite.jpg");
        cv::resize(seen, seen, {192, 128}, 0, 0, cv::INTER_AREA);
        std::vector<uchar> tiff;
        QVERIFY(cv::imencode(".tif", seen, tiff));
        pp::test::DngSpec spec;
        spec.bgr = seen;
        const std::vector<uint8_t> dng = pp::test::makeDng(spec);
        QVERIFY(!dng.empty());
        const auto write = [&](const QString &name, const auto &bytes) {
            QFile f(in + "/" + name);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(reinterpret_cast<const char *>(bytes.data()), qint64(bytes.size()));
        };
        write("scan.jpg", tiff);
        write("scan2.nef", tiff);
        write("plain.tif", tiff);
        write("raw.png", dng);
        write("shot.tif", dng);
        write("IMG_0001.dng", dng);
        // Each output, by its name, and what its first bytes are.
        const QMap<QString, QByteArray> expected{{"IMG_0001.jpg", "jpeg"}, {"plain.tif", "tiff"}, {"raw.tif", "tiff"},
                                                 {"scan.tif", "tiff"},     {"scan2.jpg", "jpeg"}, {"shot.tif", "tiff"}};
        const Run r = run({"-p", "thumbnail", "--format", "keep", "-w", "1", "-o", out, in});
        QCOMPARE(r.exitCode, 0);
        QMap<QString, QByteArray> written;
        for (const QString &name : QDir(out).entryList(QDir::Files)) {
            QFile f(out + "/" + name);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray head = f.read(4);
            const bool isTiff = head == QByteArray("II*\0", 4) || head == QByteArray("MM\0*", 4);
            written[name] = head.startsWith("\xFF\xD8\xFF") ? "jpeg" : isTiff ? "tiff" : head.toHex();
        }
        QCOMPARE(written, expected);
        QStringList reported;
        for (const QJsonObject &e : r.of("finished"))
            reported << QFileInfo(e.value("output").toString()).fileName();
        reported.sort();
        QCOMPARE(reported, expected.keys());
        // The dry run names the same files, before any worker has read one.
        const Run dry = run({"-p", "thumbnail", "--format", "keep", "--dry-run", "-o", looked, in});
        QCOMPARE(dry.exitCode, 0);
        QStringList planned;
        for (const QJsonObject &e : dry.of("planned"))
            planned << QFileInfo(e.value("output").toString()).fileName();
        planned.sort();
        QCOMPARE(planned, expected.keys());
    }

    void textAndLogoWatermarks()
    {
        // A preset file next to its logo (a relative path), with a text in three scripts and a
        // character no font has: every image gets both, and says what it could not draw.
        const QString dir = m_dir.filePath("marked");
        QVERIFY(QDir().mkpath(dir));
        cv::Mat logo(100, 200, CV_8UC4, cv::Scalar(255, 0, 255, 255)); // opaque magenta
        logo(cv::Rect(0, 0, 200, 20)).setTo(cv::Scalar(0, 0, 0, 0));
        QVERIFY(cv::imwrite((dir + "/logo.png").toStdString(), logo));
        const QString text = QString::fromUcs4(U"\u00A9 J\u00F6hn D\u0153 2024 \u2014 \u6771\u4EAC \U0010FFFD");
        const QJsonObject preset{{"format", "pixelpool-preset"},
                                 {"version", 1},
                                 {"name", "marked"},
                                 {"steps", QJsonArray{QJsonObject{{"op", "watermark"},
                                                                  {"text", text},
                                                                  {"position", "bottomRight"},
                                                                  {"size", 6},
                                                                  {"opacity", 1},
                                                                  {"color", "#ffffff"}},
                                                      QJsonObject{{"op", "logo"},
                                                                  {"file", "logo.png"},
                                                                  {"position", "topLeft"},
                                                                  {"size", 10},
                                                                  {"margin", 0},
                                                                  {"opacity", 1}}}},
                                 {"output", QJsonObject{{"format", "png"}}}};
        QFile f(dir + "/marked.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(preset).toJson());
        f.close();
        const QString out = m_dir.filePath("marked-out");
        const Run r = run({"--preset", dir + "/marked.json", "--workers", "2", "-o", out, m_in + "/img0.png",
                           m_in + "/img1.jpg", m_in + "/img2.jpg"});
        QCOMPARE(r.exitCode, 0);
        const auto finished = r.of("finished");
        QCOMPARE(finished.size(), 3);
        const QString missing = "U+10FFFD \"" + QString::fromUcs4(U"\U0010FFFD") + "\"";
        for (const QJsonObject &e : finished) {
            QVERIFY2(e.value("warning").toString().contains("no installed font has " + missing + ";"),
                     qPrintable(e.value("warning").toString()));
            const cv::Mat img = cv::imread(e.value("output").toString().toStdString(), cv::IMREAD_UNCHANGED);
            QVERIFY(!img.empty());
            // The logo: 10 % of the width, in the top-left corner; its transparent band shows the photo.
            const int w = img.cols / 10, h = w / 2;
            QCOMPARE(img.at<cv::Vec3b>(h - 2, w - 2), cv::Vec3b(255, 0, 255));
            QCOMPARE(img.at<cv::Vec3b>(h / 2, w / 2), cv::Vec3b(255, 0, 255));
            QVERIFY(img.at<cv::Vec3b>(1, 1) != cv::Vec3b(255, 0, 255));
            // The text: white ink in the bottom-right corner, none in the bottom-left one.
            const cv::Rect corner(img.cols / 2, img.rows * 3 / 4, img.cols / 2, img.rows / 4);
            cv::Mat white;
            cv::inRange(img(corner), cv::Scalar(255, 255, 255), cv::Scalar(255, 255, 255), white);
            QVERIFY(cv::countNonZero(white) > 100);
        }
        // A logo that is not there would fail every image: said once, before any work (cli_step_files).
        QVERIFY(QFile::remove(dir + "/logo.png"));
        const Run failed = run({"--preset", dir + "/marked.json", "-o", out + "-2", m_in + "/img0.png"});
        QCOMPARE(failed.exitCode, 2);
        QVERIFY(failed.of("failed").isEmpty() && failed.of("started").isEmpty());
        QCOMPARE(failed.of("error").size(), 1);
        QCOMPARE(failed.of("error")[0].value("message_code").toString(), QString("step-file-unreadable"));
    }

    void usageAndPresetErrorsExitWithTwo()
    {
        QCOMPARE(run({}).exitCode, 2); // no inputs
        QCOMPARE(run({"--preset", "nonexistent", m_in}).exitCode, 2);
        QCOMPARE(run({"--workers", "-3", m_in}).exitCode, 2);
        const QString bad = m_dir.filePath("bad.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"pixelpool-preset","version":1,"name":"b","steps":[{"op":"blur","sigma":"x"}]})");
        f.close();
        const Run r = run({"--preset", bad, m_in});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("bad.json") && r.err.contains("steps[0]: blur.sigma"), r.err.constData());
    }

    void missingInputIsNamedAndNotCounted()
    {
        const Run r = run({"--preset", "thumbnail", "-o", m_dir.filePath("x"), m_dir.filePath("nope.jpg"),
                           PIXELPOOL_SAMPLES "/kite.jpg"});
        QCOMPARE(r.exitCode, 1); // something the user named is not there
        QVERIFY2(r.err.contains("no such file or folder: " + m_dir.filePath("nope.jpg").toUtf8() + "\n"),
                 r.err.constData());
        QCOMPARE(r.of("left-out").value(0).value("reason").toString(), QString("no such file or folder"));
        QCOMPARE(r.of("left-out").value(0).value("code").toString(), QString("not-found"));
        QVERIFY(r.of("failed").isEmpty());
        QCOMPARE(r.of("finished").size(), 1);
        QCOMPARE(r.of("summary").value(0).value("total").toInt(), 1); // not an image of the batch
    }

    void inProcessModeGivesTheSameResult()
    {
        const Run r = run({"--in-process", "--preset", "thumbnail", "-o", m_dir.filePath("inproc"), PIXELPOOL_SAMPLES});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.of("finished").size(),
                 QDir(PIXELPOOL_SAMPLES).entryList({"*.jpg", "*.png", "*.heic", "*.avif", "*.jxl"}).size());
    }
};

QTEST_GUILESS_MAIN(TestBatch)
#include "tst_batch.moc"
