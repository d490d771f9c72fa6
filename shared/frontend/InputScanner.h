// Expands what the user gave (files and folders) into a list of images, without opening any.
// Paths stay raw bytes from the command line to the worker: Linux file names need not be UTF-8.
#pragma once

#include "FileIO.h"
#include "Message.h"

#include <QByteArray>
#include <QString>
#include <QVector>
#include <atomic>
#include <functional>

namespace pp {

struct InputItem {
    QByteArray path;               // as given or found; for an image without a file, only its name
    QByteArray relativeDir;        // sub-folder below the dropped folder ("" for files given directly)
    Message problem;               // set: this input fails without being sent to a worker
    QByteArray data = {};          // the encoded image, when it has no file (pasted, dragged from a browser)
    int rootLength = 0;            // bytes of path naming the folder it was found in, with its '/' (0: given directly)
    quint64 device = 0, inode = 0; // the file's identity, for a file the scan took (0: not known)
    // Found by a folder scan without ScanOptions::followLinks: the file must still be this one, or
    // lie in that folder, when it is opened (openToHand): `within` is the folder's real path (empty
    // when it could not be known).
    bool confined = false;
    QByteArray within = {};
    bool hasFile() const { return data.isEmpty(); }
    Confinement confinement() const { return {confined, within, device, inode}; }
};

// Why a scan left a file or folder out: counted by code, shown with the reason's message.
enum class LeftOutCode {
    Other,
    NotAnImage,
    Duplicate,
    FolderLink,
    LinkOutside, // a link to a file outside the folder input it was found in (ScanOptions::followLinks)
    TooDeep,
    UnreadableFolder,
    NotFound,
    HiddenFolder,
    OutputFolder,
    SubFolder,    // a folder inside a folder input, when the scan is not recursive
    GivenTwice,   // an input named again: the same file or folder, or, with --recursive, a folder inside
                  // another folder input, given before or after it (`within` says which)
    MetAgain,     // a folder a scan met again (a loop, a bind mount): its files are taken once, from the first
    EarlierOutput // an output an earlier run wrote of another input of the batch (leaveOutEarlierOutputs)
};
const char *leftOutCodeName(LeftOutCode c); // "not-an-image", ... (stable, for --json)
bool leftOutIsFolder(LeftOutCode c);        // a folder the scan did not enter (hidden, a link, ...)

struct SkippedInput {
    QByteArray path;
    Message reason;
    LeftOutCode code = LeftOutCode::Other;
    // GivenTwice of a folder inside a folder input (with --recursive): that input, as given. Its scan
    // took the folder's images, with their sub-folders below it, whichever of the two came first.
    // Empty otherwise.
    QByteArray within = {};
};

struct ScanOptions {
    bool recursive = true;
    int maxDepth = 64;
    // The folder results are written to (empty: none). A scan that meets it below an input folder
    // leaves it out, so a second run over the same tree does not take the first run's results as
    // its inputs. Named directly as an input, it is scanned like any folder.
    QByteArray outputFolder = {};
    // Whether a symbolic link inside a folder input is followed to a file outside that folder. Off,
    // it is left out (LinkOutside): a folder from elsewhere (an archive, a share) may carry
    // "x.jpg -> ~/.ssh/id_ed25519", and its image would be handed to a worker that another image
    // of the folder might have taken over. Links to folders are never followed; inputs named
    // directly (a link among them) always are.
    bool followLinks = false;
    // The inputs are links a scan left out as leading outside their folder, which the user chose
    // to take (the window's Add Anyway): each is taken only as the file it leads to now, and only
    // that very file is opened for it (a link swapped meanwhile, to a folder or another file, is
    // not what the user saw).
    bool approvedLinks = false;
};

struct ScanResult {
    QVector<InputItem> items;
    QVector<SkippedInput> skipped; // not images, duplicates, symlinked folders...
};

// Scans inputs in order. A folder input inside a later folder input (with --recursive: "-r in/sub
// in") is taken as part of that one, as when it comes after it: the inputs are scanned once more
// then, knowing which. `progress` (optional) is called now and then with the count so far;
// `cancel` (optional) stops the scan early.
ScanResult scanInputs(const QVector<QByteArray> &inputs, const ScanOptions &options,
                      const std::function<void(int)> &progress = {}, const std::atomic_bool *cancel = nullptr);

// The order a folder's entries are taken in: by their bytes, A to Z whatever their case, and each run
// of ASCII digits by its value ("img_2" before "img_10", "IMG_9" between "img_8" and "img_10", as
// file managers show them); names equal but for leading zeros or case by their bytes. Other
// characters (accented letters, other scripts) go by their UTF-8 bytes, after z. The same on every
// machine, whatever its language: shards of a batch count on it.
bool nameOrderLess(const QByteArray &a, const QByteArray &b);

// True for the file name endings PixelPool reads when scanning folders.
bool hasImageExtension(const QByteArray &name);
// True for a camera RAW's ending ("cr2", any case, without the dot): read, never written.
bool isCameraRawExtension(const QByteArray &extension);
// The same endings as a file dialog's name filter: "*.jpg *.jpeg … *.dng …".
QString imageNameFilter();

// A path as a key that two spellings of one name share ("a.jpg", "./a.jpg", "in//a.jpg" and
// "in/" and "in"): made absolute, "." and empty parts and a trailing '/' dropped. ".." is kept:
// "a/../b" through a link to a folder is not "b".
QByteArray sameNameKey(const QByteArray &path);

// Shows a raw path to people: invalid UTF-8 bytes become U+FFFD.
QString displayPath(const QByteArray &path);
// displayPath() for the window, where a name must read as it is: controls that would break the
// line or hide characters are written as C writes them ("\n", "\t", "\r", "\x1B": Unicode's
// pictures of them, "␊", are in few fonts), and the bidirectional controls that reorder what
// follows them are named ("[U+202E]"): "invoice<U+202E>gpj.exe" read "invoiceexe.jpg".
QString shownPath(const QByteArray &path);
// The same for a text that may quote such a name: a failure's reason ("cannot write the output
// /out/a<U+202E>gpj.png: …"), a preset file's problem.
QString shownText(const QString &text);
// Whether `c` is one of those bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
// U+2066–U+2069): the terminal's text replaces them too.
bool isBidiControl(char32_t c);

} // namespace pp
