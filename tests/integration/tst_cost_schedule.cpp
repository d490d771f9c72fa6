// Cost-aware scheduling end to end: pixelpool --batch with real workers probes each slice's
// headers and starts the costliest image first; every image is done exactly once.
#include "BatchProcess.h"
#include "PhotoFixtures.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

class TestCostSchedule : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QStringList m_inputs;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Baseline JPEGs of noise: many bytes, cheap to decode. Then a PNG and a progressive JPEG of
        // 12 megapixels in flat patches: few bytes, much more to decode.
        for (int i = 0; i < 4; ++i) {
            cv::Mat noise(600 + 10 * i, 800, CV_8UC3);
            cv::randu(noise, 0, 255);
            const QString path = m_dir.filePath(QStringLiteral("noise%1.jpg").arg(i));
            QVERIFY(cv::imwrite(path.toStdString(), noise, {cv::IMWRITE_JPEG_QUALITY, 100}));
            m_inputs << path;
        }
        QVERIFY(pp::testphotos::writeHeavyToDecode(m_dir.path()));
        m_inputs << m_dir.filePath("heavy.png") << m_dir.filePath("progressive.jpg");
        for (int i = 0; i < 4; ++i) // the premise: by bytes, the heavy two would start last
            QVERIFY(QFileInfo(m_inputs[i]).size() > 2 * QFileInfo(m_inputs[4]).size() &&
                    QFileInfo(m_inputs[i]).size() > 2 * QFileInfo(m_inputs[5]).size());
    }

    // One worker starts the jobs in the order they were queued: the heavy two first.
    void theCostliestImagesStartFirstAndEveryImageIsDoneOnce()
    {
        const BatchRun r = runBatch(
            PIXELPOOL_EXE, QStringList{"--preset", "web", "--workers", "1", "-o", m_dir.filePath("out")} + m_inputs);
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> started = r.of("started");
        QCOMPARE(started.size(), m_inputs.size());
        QSet<QString> firstTwo{QFileInfo(started[0]["input"].toString()).fileName(),
                               QFileInfo(started[1]["input"].toString()).fileName()};
        QCOMPARE(firstTwo, (QSet<QString>{"heavy.png", "progressive.jpg"}));
        QList<int> done;
        for (const QJsonObject &e : r.of("finished"))
            done << e["index"].toInt();
        std::sort(done.begin(), done.end());
        QCOMPARE(done, (QList<int>{0, 1, 2, 3, 4, 5}));
        QCOMPARE(r.of("failed").size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCostSchedule)
#include "tst_cost_schedule.moc"
