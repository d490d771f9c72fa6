// The worker's side of the protocol: connect, prove who we are, then run jobs until told to stop.
// Single-threaded and blocking on purpose: a worker does one image at a time, and checks its
// socket between pipeline steps so a Cancel does not wait for the whole image.
#pragma once

#include <QByteArray>

#include "Protocol.h"

namespace pp {

struct WorkerOptions {
    QByteArray socketPath;
    QByteArray token;
    qint64 parentPid = 0;
    // The channel the front end hands it each job's files by (sendJobFiles, SocketWrite.h): the
    // temporaries it writes the outputs into. It makes no file itself.
    int filesFd = -1;
};

// Test-only behaviours, enabled by the front end's hidden --test-flags. They let integration
// tests crash, hang or corrupt a worker on cue: an input whose file name contains the marker
// triggers it.
enum TestFlag : quint32 {
    TestMisbehave = 1,
};

// Returns the process exit code.
int runWorker(const WorkerOptions &options);

} // namespace pp
