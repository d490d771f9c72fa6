// Expands dropped files and folders into queue entries on a background thread, with the
// engine's scanInputs (the same rules as --batch), so a folder of 10,000 images never freezes
// the window. Also encodes pasted images off the UI thread.
#pragma once

#include "QueueModel.h"

#include <QLocale>
#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <memory>

namespace pp::gui {

struct ScanBatch {
    QVector<ScannedFile> files;
    QVector<SkippedInput> skipped;
    bool cancelled = false;
};

// Runs on the scanning thread: scanInputs plus, for each file, its size and identity; files
// named directly are checked by their first bytes when their name does not say "image". A folder
// scan leaves out `outputFolder` (ScanOptions::outputFolder): the window's results do not come back
// as new images when their folder is dropped again. A folder's images are queued in the order a
// file manager lists them in the user's language (orderAsFileManagersDo).
// `approvedLinks`: ScanOptions::approvedLinks (the Skipped list's Add Anyway).
ScanBatch scanForQueue(const QVector<QByteArray> &inputs, const QByteArray &outputFolder,
                       const std::function<void(int)> &progress, const std::atomic_bool *cancel,
                       bool approvedLinks = false);

// Orders the images of each folder input among `items` (scanInputs') as file managers list them
// in `locale`'s collation: accented letters among the plain ones ("école" with "ecole", not after
// "zebra"), whatever their case, numbers by their value ("img2" before "img10"); a sub-folder's
// images together, where its name puts it. Names the collation finds equal keep the scan's order.
// The scan's order (nameOrderLess) is the same on every machine, whatever its language, as a batch
// split over machines needs; the window's queue is read by one person in theirs. Images named
// directly keep the order they were given in, and in the C locale the scan's order stays.
void orderAsFileManagersDo(QVector<InputItem> &items, const QLocale &locale);

// True when the first bytes are those of a format the workers read (JPEG, PNG, WebP, TIFF, BMP).
bool looksLikeImage(const QByteArray &head);
// A file named directly is queued when its name says "image" or, failing that, its first bytes
// (read without blocking, so a FIFO cannot hang the caller).
bool mayBeImageFile(const QByteArray &path);

class ScanController : public QObject
{
    Q_OBJECT
public:
    explicit ScanController(QObject *parent = nullptr);
    ~ScanController() override;

    // Queues a scan; scans run one after another, in the order requested.
    void scan(const QVector<QByteArray> &inputs, const QByteArray &outputFolder, bool approvedLinks = false);
    // Encodes an image that has no file (pasted, or dropped as pixels) as PNG.
    void encodeImage(const QImage &image, const QString &name);
    void cancel(); // stops the running scan and drops the queued ones
    bool isBusy() const { return m_pending > 0; }

signals:
    void progress(int found); // images found so far in the running scan
    void finished(const pp::gui::ScanBatch &batch);
    void imageEncoded(const QByteArray &png, const QString &name);
    void busyChanged(bool busy);

private:
    void finishOne();

    QThreadPool m_pool;
    std::shared_ptr<std::atomic_bool> m_cancel;
    int m_pending = 0;
};

} // namespace pp::gui

Q_DECLARE_METATYPE(pp::gui::ScanBatch)
