// pixelpool --batch with a preset that has `outputs` (web-and-thumbnail), end to end with real
// workers: every output written where its name template says, every path in the --json events,
// a resume that redoes an image only when one of its outputs is missing, and the command-line
// overrides reaching every output.
#include "BatchProcess.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using Run = BatchRun;

class TestOutputsBatch : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_in;

    static Run run(const QStringList &args, bool json = true) { return runBatch(PIXELPOOL_EXE, args, 120000, json); }

    static QStringList files(const QString &dir)
    {
        QStringList list = QDir(dir).entryList(QDir::Files | QDir::Hidden);
        list.sort();
        return list;
    }

private slots:
    void initTestCase()
    {
        m_in = m_dir.filePath("in");
        QDir().mkpath(m_in);
        for (int i = 0; i < 4; ++i) {
            cv::Mat m(1500 + 100 * i, 2400, CV_8UC3);
            cv::randu(m, 0, 255);
            cv::GaussianBlur(m, m, {0, 0}, 4);
            QVERIFY(cv::imwrite(QString("%1/img%2.jpg").arg(m_in).arg(i).toStdString(), m));
        }
    }

    void writesEveryOutputAndReportsEachPath()
    {
        const QString out = m_dir.filePath("both");
        const Run r = run({"--preset", "web-and-thumbnail", "-w", "2", "-o", out, m_in});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.of("finished").size(), 4);
        QCOMPARE(files(out + "/web"), (QStringList{"img0.jpg", "img1.jpg", "img2.jpg", "img3.jpg"}));
        QCOMPARE(files(out + "/thumbnail"), files(out + "/web")); // and no temporary left behind
        for (const QJsonObject &e : r.of("finished")) {
            // The fields every finished event has are the first output's; `outputs` lists each.
            const QJsonArray outputs = e.value("outputs").toArray();
            QCOMPARE(outputs.size(), 2);
            QCOMPARE(outputs[0].toObject().value("name").toString(), QString("web"));
            QCOMPARE(outputs[1].toObject().value("name").toString(), QString("thumbnail"));
            QCOMPARE(e.value("output").toString(), outputs[0].toObject().value("output").toString());
            QCOMPARE(e.value("width").toInt(), 1920);
            QCOMPARE(outputs[1].toObject().value("width").toInt(), 256);
            for (const QJsonValue &o : outputs) {
                const QString path = o.toObject().value("output").toString();
                const cv::Mat img = cv::imread(path.toStdString());
                QVERIFY2(!img.empty(), qPrintable(path));
                QCOMPARE(img.cols, o.toObject().value("width").toInt());
                QCOMPARE(img.rows, o.toObject().value("height").toInt());
                QCOMPARE(qint64(QFileInfo(path).size()), qint64(o.toObject().value("bytes").toDouble()));
                QVERIFY(!o.toObject().value("existing").toBool());
            }
        }
        // The terminal names every output too.
        const Run plain =
            run({"--preset", "web-and-thumbnail", "--verbose", "-o", m_dir.filePath("plain"), m_in}, false);
        QCOMPARE(plain.exitCode, 0);
        QVERIFY2(plain.err.contains("web ") && plain.err.contains("thumbnail "), plain.err.constData());
    }

    void resumeRedoesAnImageOnlyWhenAnOutputIsMissing()
    {
        const QString out = m_dir.filePath("resume");
        const QStringList args{"--preset", "web-and-thumbnail", "--overwrite", "skip", "-o", out, m_in};
        Run r = run(args);
        QCOMPARE(r.of("finished").size(), 4);
        const QDateTime webTime = QFileInfo(out + "/web/img2.jpg").lastModified();
        QVERIFY(QFile::remove(out + "/thumbnail/img2.jpg"));
        QTest::qWait(1100); // a rewritten file would show a later time
        r = run(args);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.of("skipped").size(), 3); // every output of these is there
        for (const QJsonObject &e : r.of("skipped"))
            QCOMPARE(e.value("outputs").toArray().size(), 2);
        const QList<QJsonObject> redone = r.of("finished");
        QCOMPARE(redone.size(), 1);
        QVERIFY(redone[0].value("input").toString().endsWith("img2.jpg"));
        const QJsonArray outputs = redone[0].value("outputs").toArray();
        QVERIFY(outputs[0].toObject().value("existing").toBool()); // kept as it was
        QVERIFY(!outputs[1].toObject().value("existing").toBool());
        QVERIFY(QFile::exists(out + "/thumbnail/img2.jpg"));
        QCOMPARE(QFileInfo(out + "/web/img2.jpg").lastModified(), webTime);
        QCOMPARE(files(out + "/web").size(), 4); // nothing renamed beside it
        QCOMPARE(files(out + "/thumbnail").size(), 4);

        // Everything there: nothing to do.
        r = run(args);
        QCOMPARE(r.of("skipped").size(), 4);
        QCOMPARE(r.of("finished").size(), 0);
    }

    void overridesReachEveryOutput()
    {
        const QString out = m_dir.filePath("png");
        const Run r =
            run({"--preset", "web-and-thumbnail", "--format", "png", "-o", out, m_dir.filePath("in/img0.jpg")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFile::exists(out + "/web/img0.png"));
        QVERIFY(QFile::exists(out + "/thumbnail/img0.png"));
    }

    void dryRunNamesEveryOutput()
    {
        const QString out = m_dir.filePath("dry");
        const Run r = run({"--preset", "web-and-thumbnail", "--dry-run", "-o", out, m_in});
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> planned = r.of("planned");
        QCOMPARE(planned.size(), 8);
        QCOMPARE(planned[0].value("output_name").toString(), QString("web"));
        QCOMPARE(planned[1].value("output_name").toString(), QString("thumbnail"));
        QVERIFY(planned[1].value("output").toString().endsWith("/thumbnail/img0.jpg"));
        QVERIFY(!QDir(out).exists());
    }

    void aPresetFileWithABadOutputIsAUsageError()
    {
        const QString file = m_dir.filePath("bad.json");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "pixelpool-preset", "version": 1, "name": "bad", "steps": [],
                    "outputs": [{"name": "a", "steps": [], "output": {"nameTemplate": "a/{name}.{ext}"}},
                                {"name": "b", "steps": [{"op": "blur", "sigma": -1}]}]})");
        f.close();
        const Run r = run({"--preset", file, "-o", m_dir.filePath("bad"), m_in});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.contains("outputs[1].steps[0]") || r.err.contains("outputs[1].steps[0]"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestOutputsBatch)
#include "tst_outputs_batch.moc"
