// PreviewMemory: the recycled buffers of the previews a worker pool hands to the window.
#include "PreviewMemory.h"

#include <QtTest>
#include <thread>
#include <vector>

using namespace pp;

class TestPreviewMemory : public QObject
{
    Q_OBJECT

    static void fill(Preview &image, quint8 value)
    {
        for (int y = 0; y < image.height(); ++y)
            std::memset(image.scanLine(y), value, size_t(image.width()) * 4);
    }

    static bool holds(const Preview &image, quint8 value)
    {
        for (int y = 0; y < image.height(); ++y) {
            const uchar *p = image.scanLine(y);
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
        const Preview small = memory.newPreview(162, 108);
        QCOMPARE(QSize(small.width(), small.height()), QSize(162, 108));
        QCOMPARE(small.bytesPerLine(), qsizetype(162 * 4));
        const Preview big = memory.newPreview(800, 600); // the window's preview pane: from the heap
        QCOMPARE(QSize(big.width(), big.height()), QSize(800, 600));
        QCOMPARE(big.bytesPerLine(), qsizetype(800 * 4));
        QVERIFY(memory.newPreview(0, 10).isNull());
    }

    void aFreedBufferIsTakenByTheNextImageOfItsSize()
    {
        PreviewMemory memory;
        Preview a = memory.newPreview(162, 108);
        const uchar *where = a.bits();
        a = Preview();
        Preview b = memory.newPreview(108, 162); // the same pages, portrait
        QCOMPARE(b.bits(), where);
        Preview c = memory.newPreview(108, 162); // the first is taken: another block
        QVERIFY(c.bits() != where);
        const Preview copy = b; // shared, not released while a copy lives
        b = Preview();
        QVERIFY(memory.newPreview(108, 162).bits() != where);
    }

    // Blocks of every size, from several chunks, all alive at once: none overlaps another.
    void liveImagesNeverShareMemory()
    {
        PreviewMemory memory;
        std::vector<Preview> images;
        for (int i = 0; i < 300; ++i) {
            images.push_back(memory.newPreview(1 + (i * 37) % 256, 1 + (i * 53) % 255));
            QVERIFY(!images.back().isNull());
            fill(images.back(), quint8(i));
        }
        for (int i = 0; i < 300; i += 3)
            images[size_t(i)] = Preview(); // freed blocks are taken again below
        for (int i = 0; i < 300; i += 3) {
            images[size_t(i)] = memory.newPreview(1 + (i * 37) % 256, 1 + (i * 53) % 255);
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
        std::vector<Preview> images;
        const size_t block = 64 * 1024; // 128×128×4: 16 pages exactly
        const size_t count = PreviewMemory::kKeepBytes / block + 200;
        for (size_t i = 0; i < count; ++i)
            images.push_back(memory.newPreview(128, 128));
        QCOMPARE(memory.keptBytes(), size_t(0)); // 64 KB blocks fill 2 MB chunks: no tails
        images.clear();
        QCOMPARE(memory.keptBytes(), PreviewMemory::kKeepBytes);
        for (size_t i = 0; i < count; ++i) {
            images.push_back(memory.newPreview(128, 128));
            fill(images.back(), quint8(i));
        }
        QCOMPARE(memory.keptBytes(), size_t(0)); // every block taken again, kept or given back
        for (size_t i = 0; i < count; ++i)
            QVERIFY(holds(images[i], quint8(i)));
    }

    // The model keeps results after the batch's pool is gone.
    void imagesOutliveTheirMemory()
    {
        Preview kept;
        {
            PreviewMemory memory;
            kept = memory.newPreview(100, 100);
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
            std::vector<Preview> batch;
            for (int i = 0; i < 50; ++i) {
                batch.push_back(memory.newPreview(64 + i, 48));
                fill(batch.back(), quint8(round));
            }
            std::thread releaser([b = std::move(batch)]() mutable { b.clear(); });
            std::vector<Preview> mine;
            for (int i = 0; i < 50; ++i) {
                mine.push_back(memory.newPreview(64 + i, 48));
                fill(mine.back(), quint8(100 + round));
            }
            releaser.join();
            for (const Preview &image : mine)
                QVERIFY(holds(image, quint8(100 + round)));
        }
    }
};

QTEST_GUILESS_MAIN(TestPreviewMemory)
#include "tst_preview_memory.moc"
