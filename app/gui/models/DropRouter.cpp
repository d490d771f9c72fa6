#include "DropRouter.h"

#include "ScanController.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeData>
#include <QRegularExpression>
#include <QUrl>

namespace pp::gui {

namespace {
// Encoded formats a browser or an image editor may put on a drag, best first, with the
// extension the worker-side name gets.
const QList<QPair<QString, QString>> kImageTypes = {
    {"image/png", "png"}, {"image/jpeg", "jpg"}, {"image/webp", "webp"}, {"image/avif", "avif"},
    {"image/jxl", "jxl"}, {"image/tiff", "tif"}, {"image/bmp", "bmp"},   {"image/x-bmp", "bmp"},
};

QString nameFromUrl(const QUrl &url, const QString &ext)
{
    QString name = QFileInfo(url.path()).completeBaseName();
    name.replace(QRegularExpression("[^\\w\\-. ]"), "_");
    if (name.isEmpty())
        name = QStringLiteral("dropped-image");
    return name.left(80) + "." + ext;
}

// Whether a scan of these dropped paths can find anything: a folder, or a file that may be an
// image. Names decide first (no disk access for a drop of photos); only a drop without an image
// name looks at the disk, and only at its first entries: past those the scan decides.
bool mayHoldImages(const QVector<QByteArray> &paths)
{
    for (const QByteArray &p : paths)
        if (hasImageExtension(p))
            return true;
    constexpr int kChecked = 64;
    for (int i = 0; i < paths.size(); ++i) {
        if (i == kChecked)
            return true;
        const QFileInfo info(QFile::decodeName(paths[i]));
        if (info.isDir() || (info.isFile() && mayBeImageFile(paths[i])))
            return true;
    }
    return false;
}
} // namespace

bool canAcceptDrop(const QMimeData *mime)
{
    if (!mime)
        return false;
    if (mime->hasFormat(kPresetMimeType) || mime->hasImage())
        return true;
    for (const auto &t : kImageTypes)
        if (mime->hasFormat(t.first))
            return true;
    for (const QUrl &u : mime->urls())
        if (u.isLocalFile())
            return true;
    return false;
}

DropContents routeDrop(const QMimeData *mime, DropOrigin origin)
{
    DropContents out;
    if (!mime)
        return out;
    if (mime->hasFormat(kPresetMimeType)) {
        out.presetName = QString::fromUtf8(mime->data(kPresetMimeType));
        return out; // a card: nothing else in this drag is meant
    }
    QUrl remote;
    for (const QUrl &u : mime->urls()) {
        if (!u.isLocalFile()) {
            if (!remote.isValid())
                remote = u;
            continue;
        }
        const QString local = u.toLocalFile();
        if (local.endsWith(".json", Qt::CaseInsensitive) && QFileInfo(local).isFile())
            out.presetFiles << local;
        else
            out.inputs << QFile::encodeName(local);
    }
    if (!out.inputs.isEmpty() && !mayHoldImages(out.inputs)) {
        // Only files that are no images (a text file, a document): refused with the reason,
        // rather than queued to fail.
        out.rejected
            << (out.inputs.size() == 1
                    ? QObject::tr("%1 is not an image or a folder").arg(shownPath(out.inputs.first()))
                    : QObject::tr("none of the %L1 dropped files is an image or a folder").arg(out.inputs.size()));
        out.inputs.clear();
        if (out.presetFiles.isEmpty())
            return out;
    }
    if (!out.inputs.isEmpty() || !out.presetFiles.isEmpty())
        return out;

    // No file behind it: a browser's image (often with its web address) or a paste.
    for (const auto &t : kImageTypes) {
        const QByteArray bytes = mime->data(t.first);
        if (!bytes.isEmpty() && looksLikeImage(bytes.left(16))) {
            out.imageBytes = bytes;
            out.imageName =
                remote.isValid() ? nameFromUrl(remote, t.second) : QStringLiteral("pasted-image.%1").arg(t.second);
            return out;
        }
    }
    if (mime->hasImage()) {
        out.image = qvariant_cast<QImage>(mime->imageData());
        if (!out.image.isNull()) {
            out.imageName = remote.isValid() ? nameFromUrl(remote, "png") : QStringLiteral("pasted-image.png");
            return out;
        }
    }
    // In words for people: the formats a drag or the clipboard offers ("TARGETS, text/plain") are
    // the programs' business.
    const bool paste = origin == DropOrigin::Paste;
    if (remote.isValid())
        out.rejected << (paste ? QObject::tr("%1 is a web address; PixelPool does not download. Save the "
                                             "image first, or copy the picture itself.")
                               : QObject::tr("%1 is a web address; PixelPool does not download. Save the "
                                             "image first, or drag the picture itself."))
                            .arg(remote.toDisplayString());
    else
        out.rejected << (paste ? QObject::tr("the clipboard holds no image, file or folder")
                               : QObject::tr("nothing to add: the drop held no files, folders or images"));
    return out;
}

QString queueDropText(const DropContents &c)
{
    if (c.presetFiles.isEmpty())
        return {};
    const int presets = int(c.presetFiles.size()), inputs = int(c.inputs.size());
    // As the preset cards say it ("1" has a text of its own: English has no plural forms file).
    const QString import = presets == 1
                               ? QObject::tr("Import the preset in %1").arg(QFileInfo(c.presetFiles.first()).fileName())
                               : QObject::tr("Import %n presets", nullptr, presets);
    if (inputs == 0)
        return import;
    return inputs == 1 ? QObject::tr("%1; add %2 to the queue")
                             .arg(import, shownPath(c.inputs.first().mid(c.inputs.first().lastIndexOf('/') + 1)))
                       : QObject::tr("%1; add the other %Ln dropped items to the queue", nullptr, inputs).arg(import);
}

} // namespace pp::gui
