// Decides what a drop or a paste holds: files and folders to scan, preset files to import, a
// preset card, or an image without a file. One place for the rules, shared by the queue, the
// preset panel and Edit ▸ Paste, and testable without widgets.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QStringList>
#include <QVector>

class QMimeData;

namespace pp::gui {

// The MIME type a preset card carries when dragged (its value: the preset name, UTF-8).
inline constexpr char kPresetMimeType[] = "application/x-pixelpool-preset";

struct DropContents {
    QVector<QByteArray> inputs; // local files and folders, raw paths
    QStringList presetFiles;    // local *.json files
    QString presetName;         // a dragged preset card
    QByteArray imageBytes;      // an encoded image without a file (PNG/JPEG/... as dropped)
    QString imageName;          // a name for it ("pasted-image.png", or from the browser's URL)
    QImage image;               // pixels without encoded bytes: to be encoded off the UI thread
    QStringList rejected;       // what could not be used, with why

    bool hasImage() const { return !imageBytes.isEmpty() || !image.isNull(); }
    bool isUsable() const { return !inputs.isEmpty() || !presetFiles.isEmpty() || !presetName.isEmpty() || hasImage(); }
};

// Where the data comes from: the words of a refusal name it ("the clipboard holds…").
enum class DropOrigin { Drop, Paste };

// Cheap check for drag-enter: could this be worth dropping? (No file access.)
bool canAcceptDrop(const QMimeData *mime);
DropContents routeDrop(const QMimeData *mime, DropOrigin origin = DropOrigin::Drop);
// What a drop of `c` on the queue does besides adding images, said while it is held there as the
// preset cards say theirs: "Import 2 presets", "Import the preset in look.json; add photo.jpg to
// the queue". Empty when the drop only adds images (the outlined queue says that).
QString queueDropText(const DropContents &c);

} // namespace pp::gui
