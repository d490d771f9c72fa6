// What a worker may still do once it is connected. It parses hostile bytes: a decoder's bug that
// runs code of an image's choosing runs with the worker's rights, which were the user's. A worker
// needs to read and write the files the front end hands it open (its input, the logos and fonts its
// steps read, its outputs' temporaries: WorkerPool::openJobFiles), and to read what every program
// reads (libraries, fonts, the system's configuration); nothing else. Landlock takes the rest away,
// as far as the kernel can:
//   - reading any file or listing any folder but the system's (/usr, /etc, /opt, /sys, its own
//     /proc folder…), the folders of the libraries it has loaded, PixelPool's plug-ins, and
//     fontconfig's (fontconfigReadPaths), none that holds the user's files (readableFolderOr): the
//     user's files, their photos included, are out of its reach but for those handed to it (ABI 1);
//   - making, changing, renaming or removing any file or folder (ABI 1; renames and links across
//     folders, ABI 2; cutting a file short by name, ABI 3; device ioctls, ABI 5). Left: writing to
//     /dev/null, and removing the run's socket folder when the front end was killed (worker/main.cpp);
//   - running any program (ABI 1);
//   - TCP connections and listening ports (ABI 4);
//   - signals to processes outside the sandbox, the front end and the user's other programs, and
//     abstract UNIX sockets (ABI 6).
// With it, a seccomp filter refuses what Landlock does not cover: new sockets (a UNIX socket by its
// path: the session bus, whose systemd runs any program it is asked to), a file's mode, owner,
// times and extended attributes, TIOCSTI, signals to any process but the worker itself, other
// processes' memory, namespaces, mounts, io_uring and the like (WorkerSandbox.cpp, deniedCalls).
// What a worker keeps: writing into the outputs it is handed (also once they have their names,
// while it lives), and removing empty folders beside its run folder (Landlock's right to remove a
// folder is given on its parent).
// A kernel without Landlock (or with it switched off) runs workers as before, unsandboxed:
// `pixelpool --batch --verbose` says which.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace pp {

// The Landlock ABI this kernel offers; 0 when it has none (or it is switched off).
int landlockAbi();

struct SandboxOptions {
    // The run's socket folder: its files may be read (its lock) and removed (a worker outliving a
    // killed front end removes them), and the folder itself from its parent.
    QByteArray runFolder;
    // Test builds only: a folder where files may also be made and written, for the markers test
    // hooks leave (empty: none).
    QByteArray scratchFolder;
    // Files and folders it may also read (fontconfig's, for text: proto::Welcome::drawsText).
    QList<QByteArray> readable;
    // Test builds only: the Landlock ABI to use at most (0: the kernel's), so that a test on a new
    // kernel sandboxes as an older one does (Debian bookworm's 6.1 offers ABI 2).
    int maxAbi = 0;
};

// What the sandbox lets this process read (besides what it is handed): the system's folders, its
// own /proc folder, PixelPool's plug-ins, the folders of the libraries it has loaded, and
// options.readable; never a folder that would open the user's own files (readableFolderOr).
QList<QByteArray> sandboxReadable(const SandboxOptions &options);
// `folder`, unless reading it whole would open the user's files: the home folder or a folder above
// it, /tmp, /media, /run/user… or one above them (the root), and with `notInThem` any folder in
// those too (a library's folder in Downloads); then `file` (which may be empty: nothing).
QByteArray readableFolderOr(const QByteArray &folder, const QByteArray &file, bool notInThem);

// Restricts this process, for the rest of its life and its children's. Returns the ABI the
// sandbox was made with (0: none: the kernel has no Landlock), or -1 with *error when it has and
// the sandbox could not be made.
int enterSandbox(const SandboxOptions &options, QString *error);

} // namespace pp
