// PreviewMemory: the recycled buffers of the previews a worker pool hands to the window.
#include "PreviewMemory.h"

#include <QtTest>
#include <thread>
#include <vector>

using namespace pp;

class TestPreviewMemory : public QObject
{
    Q_OBJECT

    static void fill(QImage &image, quint8 value)
    {
        for (int y = 0; y < image.height(); ++y)
            std::memset(image.scanLine(y), value, size_t(image.width()) * 4);
    }

    static bool holds(const QImage &image, quint8 value)
    {
        for (int y = 0; y < image.height(); ++y) {
            const uchar *p = image.constScanLine(y);
            for (int x = 0; x < image.width() * 4; ++x)
                if (p[x] != value)
                    return false;
        }
        return true;
    }

private slots:
    void imagesArePreviewsOfTheAskedSize()
    {
        PreviewMemory memory;
        const QImage small = memory.newImage(162, 108);
        QCOMPARE(small.size(), QSize(162, 108));
        QCOMPARE(small.format(), QImage::Format_ARGB32_Premultiplied);
        QCOMPARE(small.bytesPerLine(), qsizetype(162 * 4));
        const QImage big = memory.newImage(800, 600); // the window's preview pane: Qt's own memory
        QCOMPARE(big.size(), QSize(800, 600));
        QCOMPARE(big.format(), QImage::Format_ARGB32_Premultiplied);
        QVERIFY(memory.newImage(0, 10).isNull());
    }

    void aFreedBufferIsTakenByTheNextImageOfItsSize()
    {
        PreviewMemory memory;
        QImage a = memory.newImage(162, 108);
        const uchar *where = a.constBits();
        a = QImage();
        QImage b = memory.newImage(108, 162); // the same pages, portrait
        QCOMPARE(b.constBits(), where);
        QImage c = memory.newImage(108, 162); // the first is taken: another block
        QVERIFY(c.constBits() != where);
        const QImage copy = b; // shared, not released while a copy lives
        b = QImage();
        QVERIFY(memory.newImage(108, 162).constBits() != where);
    }

    // Blocks of every size, from several chunks, all alive at once: none overlaps another.
    void liveImagesNeverShareMemory()
    {
        PreviewMemory memory;
        std::vector<QImage> images;
        for (int i = 0; i < 300; ++i) {
            images.push_back(memory.newImage(1 + (i * 37) % 256, 1 + (i * 53) % 255));
            QVERIFY(!images.back().isNull());
            fill(images.back(), quint8(i));
        }
        for (int i = 0; i < 300; i += 3)
            images[size_t(i)] = QImage(); // freed blocks are taken again below
        for (int i = 0; i < 300; i += 3) {
            images[size_t(i)] = memory.newImage(1 + (i * 37) % 256, 1 + (i * 53) % 255);
            fill(images[size_t(i)], quint8(i));
        }
        for (int i = 0; i < 300; ++i)
            QVERIFY2(holds(images[size_t(i)], quint8(i)), qPrintable(QString::number(i)));
    }

    // Freed blocks stay in memory up to kKeepBytes; past that their pages go back to the
    // system, and the blocks still serve (as fresh memory) when that size comes again.
    void whatIsKeptIsBounded()
    {
        PreviewMemory memory;
        std::vector<QImage> images;
        const size_t block = 64 * 1024; // 128×128×4: 16 pages exactly
        const size_t count = PreviewMemory::kKeepBytes / block + 200;
        for (size_t i = 0; i < count; ++i)
            images.push_back(memory.newImage(128, 128));
        QCOMPARE(memory.keptBytes(), size_t(0)); // 64 KB blocks fill 2 MB chunks: no tails
        images.clear();
        QCOMPARE(memory.keptBytes(), PreviewMemory::kKeepBytes);
        for (size_t i = 0; i < count; ++i) {
            images.push_back(memory.newImage(128, 128));
            fill(images.back(), quint8(i));
        }
        QCOMPARE(memory.keptBytes(), size_t(0)); // every block taken again, kept or given back
        for (size_t i = 0; i < count; ++i)
            QVERIFY(holds(images[i], quint8(i)));
    }

    // The model keeps results after the batch's pool is gone.
    void imagesOutliveTheirMemory()
    {
        QImage kept;
        {
            PreviewMemory memory;
            kept = memory.newImage(100, 100);
            fill(kept, 7);
        }
        QVERIFY(holds(kept, 7));
        fill(kept, 9);
        QVERIFY(holds(kept, 9));
    }

    // Views may let an image go on another thread.
    void imagesMayBeReleasedOnAnyThread()
    {
        PreviewMemory memory;
        for (int round = 0; round < 20; ++round) {
            std::vector<QImage> batch;
            for (int i = 0; i < 50; ++i) {
                batch.push_back(memory.newImage(64 + i, 48));
                fill(batch.back(), quint8(round));
            }
            std::thread releaser([b = std::move(batch)]() mutable { b.clear(); });
            std::vector<QImage> mine;
            for (int i = 0; i < 50; ++i) {
                mine.push_back(memory.newImage(64 + i, 48));
                fill(mine.back(), quint8(100 + round));
            }
            releaser.join();
            for (const QImage &image : mine)
                QVERIFY(holds(image, quint8(100 + round)));
        }
    }
};

QTEST_GUILESS_MAIN(TestPreviewMemory)
#include "tst_preview_memory.moc"
