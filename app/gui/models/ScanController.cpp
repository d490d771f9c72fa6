#include "ScanController.h"

#include <QBuffer>
#include <QCollator>
#include <QFile>
#include <QImage>
#include <QImageWriter>
#include <QLocale>
#include <QPointer>
#include <fcntl.h>
#include <numeric>
#include <sys/stat.h>
#include <unistd.h>

namespace pp::gui {

bool looksLikeImage(const QByteArray &h)
{
    return h.startsWith("\xFF\xD8\xFF") || h.startsWith("\x89PNG\r\n\x1A\n") ||
           (h.startsWith("RIFF") && h.mid(8, 4) == "WEBP") || h.startsWith(QByteArray("II*\0", 4)) ||
           h.startsWith(QByteArray("MM\0*", 4)) || h.startsWith("BM");
}

static QByteArray head(const QByteArray &path)
{
    // O_NONBLOCK: a FIFO named like a file must not hang the scanning thread.
    const int fd = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return {};
    char buf[16];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    return n > 0 ? QByteArray(buf, int(n)) : QByteArray();
}

bool mayBeImageFile(const QByteArray &path) { return hasImageExtension(path) || looksLikeImage(head(path)); }

void orderAsFileManagersDo(QVector<InputItem> &items, const QLocale &locale)
{
    // The C locale collates by code points: "Zebra" before "apple", "img10" before "img2". The
    // scan's own order is what people expect there.
    QCollator collator(locale.collation());
    if (collator.locale().language() == QLocale::C)
        return;
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    const auto sortRun = [&](qsizetype from, qsizetype to) {
        // Each image by its place below the folder, a key a name: a sub-folder's images stay
        // together, where its name puts them among the files beside it (as the scan takes them).
        QVector<QList<QCollatorSortKey>> keys;
        keys.reserve(to - from);
        for (qsizetype i = from; i < to; ++i) {
            QList<QCollatorSortKey> parts;
            for (const QByteArray &part : items[i].path.mid(items[i].rootLength).split('/'))
                parts << collator.sortKey(QFile::decodeName(part));
            keys << parts;
        }
        QList<qsizetype> order(to - from);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](qsizetype x, qsizetype y) {
            const QList<QCollatorSortKey> &a = keys[x], &b = keys[y];
            for (qsizetype k = 0; k < a.size() && k < b.size(); ++k)
                if (const int c = a[k].compare(b[k]); c != 0)
                    return c < 0;
            return a.size() < b.size();
        });
        QVector<InputItem> sorted;
        sorted.reserve(to - from);
        for (const qsizetype i : std::as_const(order))
            sorted << std::move(items[from + i]);
        std::move(sorted.begin(), sorted.end(), items.begin() + from);
    };
    // A folder input's images follow one another, each with the folder's path in front (rootLength);
    // images named directly keep the order they were given in.
    for (qsizetype from = 0; from < items.size();) {
        qsizetype to = from + 1;
        if (const int root = items[from].rootLength; root > 0) {
            const QByteArray folder = items[from].path.left(root);
            while (to < items.size() && items[to].rootLength == root && items[to].path.startsWith(folder))
                ++to;
            sortRun(from, to);
        }
        from = to;
    }
}

ScanBatch scanForQueue(const QVector<QByteArray> &inputs, const QByteArray &outputFolder,
                       const std::function<void(int)> &progress, const std::atomic_bool *cancel, bool approvedLinks)
{
    ScanBatch out;
    ScanOptions options;
    options.outputFolder = outputFolder;
    options.approvedLinks = approvedLinks;
    ScanResult r = scanInputs(inputs, options, progress, cancel);
    orderAsFileManagersDo(r.items, QLocale());
    out.skipped = r.skipped;
    QSet<QByteArray> direct(inputs.begin(), inputs.end());
    out.files.reserve(r.items.size());
    for (const InputItem &item : r.items) {
        if (cancel && cancel->load())
            break;
        ScannedFile f;
        f.item = item;
        struct stat st;
        if (item.problem.isEmpty() && ::stat(item.path.constData(), &st) == 0) {
            f.bytes = st.st_size;
            f.modifiedNs = modifiedNs(st);
        }
        // The scanner takes a file named directly whatever its name (it is read by content).
        // In the window that would queue a dropped text file just to fail later, so a file
        // whose name does not say "image" must at least start like one.
        if (item.problem.isEmpty() && direct.contains(item.path) && !mayBeImageFile(item.path)) {
            out.skipped.append(
                {item.path, Message::verbatim(QObject::tr("not an image (neither its name nor its content say so)"))});
            continue;
        }
        out.files.append(f);
    }
    out.cancelled = cancel && cancel->load();
    return out;
}

ScanController::ScanController(QObject *parent) : QObject(parent), m_cancel(std::make_shared<std::atomic_bool>(false))
{
    qRegisterMetaType<pp::gui::ScanBatch>();
    m_pool.setMaxThreadCount(1); // scans in the order they were asked for
}

ScanController::~ScanController()
{
    m_cancel->store(true);
    m_pool.clear();
    m_pool.waitForDone(); // the scan stops at its next file
}

void ScanController::scan(const QVector<QByteArray> &inputs, const QByteArray &outputFolder, bool approvedLinks)
{
    if (m_pending++ == 0)
        emit busyChanged(true);
    std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    QPointer<ScanController> self(this);
    m_pool.start([self, cancel, inputs, outputFolder, approvedLinks] {
        // The destructor waits for this thread, so `self` is valid while we post; a queued call
        // to a deleted object is discarded by Qt.
        auto progress = [&](int found) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, found] {
                    if (self)
                        emit self->progress(found);
                },
                Qt::QueuedConnection);
        };
        ScanBatch batch = scanForQueue(inputs, outputFolder, progress, cancel.get(), approvedLinks);
        QMetaObject::invokeMethod(
            self.data(),
            [self, batch = std::move(batch)] {
                if (!self)
                    return;
                emit self->progress(int(batch.files.size()));
                emit self->finished(batch);
                self->finishOne();
            },
            Qt::QueuedConnection);
    });
}

void ScanController::encodeImage(const QImage &image, const QString &name)
{
    if (m_pending++ == 0)
        emit busyChanged(true);
    QPointer<ScanController> self(this);
    m_pool.start([self, image, name] {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "png");
        writer.setCompression(1); // fast: the bytes only travel to a worker
        writer.write(image);
        QMetaObject::invokeMethod(
            self.data(),
            [self, png, name] {
                if (!self)
                    return;
                emit self->imageEncoded(png, name);
                self->finishOne();
            },
            Qt::QueuedConnection);
    });
}

void ScanController::finishOne()
{
    // After cancel() the count is an estimate; never let it go below zero.
    if (m_pending > 0 && --m_pending == 0)
        emit busyChanged(false);
}

void ScanController::cancel()
{
    // The running scan sees its flag set and stops; later scans get a fresh flag.
    m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic_bool>(false);
    // Queued tasks that have not started are dropped without running: recount what is still
    // coming (the running one reports, marked cancelled).
    m_pool.clear();
    m_pending = m_pool.activeThreadCount();
    if (m_pending == 0)
        emit busyChanged(false);
}

} // namespace pp::gui
