// The wire protocol between the front end and its workers.
//
// Every frame is an envelope of 8 bytes (little endian) followed by a payload:
//     u32 payloadLength | u16 type | u16 version
// One struct per message; all encoding and decoding lives in Protocol.cpp.
// Frames from a worker are hostile input: decode() validates every length and
// field and reports a violation instead of trusting anything.
#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

namespace pp::proto {

// 4: several outputs from one decode (Job, Finished)
// 5: header probes for cost-aware scheduling (ProbeRequest, ProbeReply)
// 6: a preview of one region at 100 % (Job::region, Finished::beforeRegion and afterRegion)
// 7: a job cancelled while it waits in the worker is answered at once (Failed, no Started)
// 8: the format `format: keep` writes, as the front end named the outputs (Job::keptFormat)
// 9: files travel as descriptors on the worker's file channel (sendJobFiles): the outputs'
//    temporaries, a job's input memory, the preview memory (Welcome::previewShmName is gone)
// 10: a job's input file, the files its steps read and a probe's files travel opened too: a
//    worker reads none of the user's files by name, but fontconfig's (Welcome::drawsText)
// 11: each file on the file channel comes with why it is a placeholder, if it is (FilesHeader): a
//    worker never looks up the name of a file the front end could not open
constexpr quint16 kProtocolVersion = 11;
constexpr int kHeaderSize = 8;
// Largest payload either side accepts. Presets are the biggest messages; pixels never travel
// through the socket (they go through shared memory).
constexpr quint32 kMaxPayload = 1u << 20;
constexpr int kTokenBytes = 32;     // raw bytes; sent as 64 hex characters
constexpr int kMaxPathBytes = 4096; // PATH_MAX
constexpr int kMaxTextBytes = 4096;
constexpr int kMaxFactBytes = 256; // each PhotoFacts text
// A preset with `outputs` makes up to 8 files from one decode: the job's first output travels in
// the fields every job has, the others in Job::moreTempPaths and Finished::moreOutputs.
constexpr int kMaxMoreOutputs = 7;
// The files a preset's steps read (logos, fonts), each once: pp::kMaxStepFiles (presets/Preset.h).
constexpr size_t kMaxReadFiles = 16;
// The files a job's message on the worker's file channel carries (sendJobFiles, SocketWrite.h): its
// input (the file, opened for reading, or the memory of an input without one), the files its
// preset's steps read (Preset::filesRead), then the temporary of each output (none for a preview).
constexpr size_t kMaxJobFiles = 1 + kMaxReadFiles + 1 + kMaxMoreOutputs;
// A region preview (the window's 100 % view): each side of a region, and the largest coordinate
// one may reach (no image is wider or taller than 2^20 pixels).
constexpr qint32 kMaxRegionSide = 4096;
constexpr qint32 kMaxRegionCoordinate = 1 << 20;
// Job::keptFormat's largest value: pp::OutputFormat::Avif (JobExecutor.cpp checks it).
constexpr quint8 kMaxOutputFormat = 7;
// A worker's exit status that says why it ended where no frame can: the system refused it a thread
// (the user's limit on processes and threads, ulimit -u; a container's), and a library that wanted
// one gave up where nothing catches (TBB terminates the process). Said from a terminate handler, on
// whichever thread that was, so by the exit: a frame could cut into one the main thread is
// sending. 71 is sysexits.h's EX_OSERR ("cannot fork"). The front end takes the worker's word for
// it: the image is not to blame, and the slot waits, as one whose worker could not start does.
constexpr int kExitCannotStartThreads = 71;

enum class Type : quint16 {
    Hello = 1,         // worker -> front end: first frame, proves the worker was started by us
    Welcome = 2,       // front end -> worker: settings and the initial presets (the initializer)
    Ready = 3,         // worker -> front end: shared memory attached, ready for jobs
    DefinePreset = 4,  // front end -> worker: a preset the following jobs may use
    Job = 5,           // front end -> worker: process one image
    Started = 6,       // worker -> front end
    Progress = 7,      // worker -> front end
    Finished = 8,      // worker -> front end
    Failed = 9,        // worker -> front end
    Cancel = 10,       // front end -> worker: abandon a job (0 = every job); see struct Cancel
    Shutdown = 11,     // front end -> worker: finish and exit
    ProbeRequest = 12, // front end -> worker: read these files' headers (no decode)
    ProbeReply = 13,   // worker -> front end: what each header says, in the request's order
};

struct Hello {
    quint16 protocolVersion = kProtocolVersion;
    QByteArray token; // hex
    qint64 pid = 0;
};

struct Welcome {
    // This worker's preview slots (0: none): their memory is the first file on its file channel,
    // under job id 0.
    quint32 previewSlots = 0;
    quint32 previewSlotBytes = 0;
    quint64 maxPixels = 0; // refuse images larger than this, before decoding
    quint32 cvThreads = 1;
    quint32 testFlags = 0; // test-only misbehaviour, honoured only by a worker built with tests
    // Its jobs may draw text (RunnerSettings::drawsText): its sandbox lets it read fontconfig's
    // configuration, font and cache folders besides the system's (ops::fontconfigReadPaths, read
    // before it enters the sandbox: 3.5 ms).
    bool drawsText = false;
};

struct Ready {
};

struct DefinePreset {
    quint32 presetId = 0;
    QByteArray json;
};

enum class InputKind : quint8 { File = 0, SharedMemory = 1 };
enum JobFlags : quint8 {
    PreviewOnly = 1, // no output file: only the preview slot is filled
    WantsFacts = 2,  // the output's name uses what the photo says: fill Finished::facts
    // A retry after a worker crashed on this file: decode the pixels without reading the metadata
    // (exiv2 is a parser of hostile bytes too), and say so in the result's warning.
    WithoutMetadata = 4,
};

// A rectangle of pixels. Empty (all zero) means "none"; one that is set has a non-negative
// position, sides of 1..kMaxRegionSide and ends within kMaxRegionCoordinate (the decoders check).
struct Region {
    qint32 x = 0, y = 0, width = 0, height = 0;
    bool isEmpty() const { return width <= 0 || height <= 0; }
    bool operator==(const Region &o) const { return x == o.x && y == o.y && width == o.width && height == o.height; }
};

struct Job {
    quint64 jobId = 0;
    quint32 presetId = 0;
    InputKind inputKind = InputKind::File;
    QByteArray inputPath;   // file path (InputKind::SharedMemory: empty; the memory is the job's first file)
    quint64 inputBytes = 0; // size of the image bytes in that memory
    // Where the worker writes its output; the front end gives it its final name (OutputCommit).
    QByteArray tempPath;
    quint8 flags = 0;
    qint32 previewSlot = -1; // -1 = no preview
    quint16 previewMax = 0;
    quint8 cvThreads = 1; // OpenCV threads for this job: more when fewer jobs than cores remain
    // The format (pp::OutputFormat) of every output whose preset says `format: keep`: the one its
    // name says, which the front end chose from the file's first bytes and name (OutputPlanner),
    // so that the name and the content agree whatever the worker reads the file as. 0 (Keep): the
    // source's own (keepFormatFor), for a job whose outputs were not named so (a preview).
    quint8 keptFormat = 0;
    // A preset with `outputs`: the temporary files of its outputs after the first, in the preset's
    // order (tempPath is the first's). The worker writes every one or fails the job.
    QVector<QByteArray> moreTempPaths;
    // PreviewOnly jobs: instead of a downscaled whole image, this region of the before image
    // (upright, oriented source pixels) at full resolution and the matching region of the output,
    // from a full-scale decode and the preset's pipeline run on the whole image.
    Region region;
};

struct Started {
    quint64 jobId = 0;
};

struct Progress {
    quint64 jobId = 0;
    quint16 step = 0;
    quint16 steps = 0;
};

enum class Outcome : quint8 { Written = 0, SkippedExisting = 1, PreviewOnly = 2 };

// What a photo says about itself, for output names ({date}, {camera}, {lens}, {iso}). Read by the
// worker from the photo's EXIF; the front end treats every field as untrusted text.
inline constexpr char kTakenFormat[] = "yyyy-MM-dd HH:mm:ss"; // PhotoFacts::taken, as QDateTime writes it
struct PhotoFacts {
    QString taken; // kTakenFormat (DateTimeOriginal), or empty
    QString camera, lens;
    quint32 iso = 0; // 0: unknown
};

struct Finished {
    quint64 jobId = 0;
    Outcome outcome = Outcome::Written;
    QByteArray outputPath;
    quint32 sourceWidth = 0, sourceHeight = 0;
    quint32 width = 0, height = 0;
    quint64 bytes = 0;
    quint32 decodeUs = 0, processUs = 0, encodeUs = 0;
    qint32 previewSlot = -1;
    quint16 previewWidth = 0, previewHeight = 0; // BGRA, tightly packed
    QString warning;
    PhotoFacts facts; // with WantsFacts
    // Outputs after the first, in the order of Job::moreTempPaths (outputPath, width, height and
    // bytes above are the first's).
    struct Output {
        Outcome outcome = Outcome::Written;
        QByteArray outputPath;
        quint32 width = 0, height = 0;
        quint64 bytes = 0;
        bool operator==(const Output &o) const
        {
            return outcome == o.outcome && outputPath == o.outputPath && width == o.width && height == o.height &&
                   bytes == o.bytes;
        }
    };
    QVector<Output> moreOutputs;
    // A job with a region: the part of it inside the image (beforeRegion, oriented source pixels)
    // and the region of the output around the same spot, as large or all of the output
    // (afterRegion, output pixels). The preview is then
    // both side by side in one image: the before region at (0, 0), the after region at
    // (beforeRegion.width, 0), the rest transparent; so previewWidth is the sum of both widths
    // and previewHeight the larger height.
    Region beforeRegion, afterRegion;
};

enum class FailureCode : quint16 {
    Unknown = 0,
    CannotRead = 1,  // missing, unreadable, not a regular file
    Unsupported = 2, // not an image format we read
    TooLarge = 3,    // refused by the pixel limit
    Corrupt = 4,     // truncated or damaged data
    Processing = 5,  // an operation failed
    CannotWrite = 6, // output folder missing, read-only, disk full
    Cancelled = 7,
    OutputExists = 8, // the decided output appeared meanwhile and policy forbids replacing
    OutOfMemory = 9,
    // Decided by the front end about a worker; a worker cannot send these (the decoder stops at
    // OutOfMemory).
    WorkerCrashed = 10,      // the worker died or hung up while running the image
    TimedOut = 11,           // the image took longer than the per-image limit
    WorkerMisbehaved = 12,   // the worker broke the protocol while running the image
    WorkersCannotStart = 13, // no worker could be started at all
};

// A stable name for each code ("cannot-read", "cancelled", ...): what --json prints beside the
// text and what code compares, never the text.
const char *failureCodeName(FailureCode code);

struct Failed {
    quint64 jobId = 0;
    FailureCode code = FailureCode::Unknown;
    QString message;
};

// A job that stopped because it was asked to: its message is the code's name.
inline Failed cancelledFailure(quint64 jobId)
{
    return {jobId, FailureCode::Cancelled, QString::fromLatin1(failureCodeName(FailureCode::Cancelled))};
}

// A job the worker holds but has not started (sent ahead of the one it runs) is answered at once,
// between the steps of the running one: Failed with the code Cancelled, and never Started. So the
// front end can take a job back for a worker that has nothing to do. The running job stops at
// its next step, its Started sent before.
struct Cancel {
    quint64 jobId = 0;
};

struct Shutdown {
};

// Cost-aware scheduling (frontend/CostEstimator.h): before a slice of a batch is queued, a worker
// reads the headers of its files (ImageProbe, the first bytes of each file, no pixels), so the
// front end can start the costliest images first without parsing a byte of them itself.
// Each file travels opened, as a job's input does: a request's paths and its files together
// (probeFilesId), within what one message can carry (the kernel's SCM_MAX_FD is 253).
constexpr int kMaxProbePaths = 128;
constexpr int kMaxProbePathBytesTotal = 256 << 10; // all paths of one request together
// The last value of pp::ImageFormat (image/ImageCodec.h; the worker checks the two agree).
constexpr quint8 kMaxProbeFormat = 10;

// The most descriptors one message on the file channel carries: a job's, or a probe's.
constexpr size_t kMaxChannelFiles = std::max(kMaxJobFiles, size_t(kMaxProbePaths));
// What a message on the file channel carries besides its descriptors: the id of the job (or probe)
// they are for, then for each descriptor 0 (the file) or the errno value the front end met opening
// it (a placeholder then: openToHand). bytes(n): its size with n descriptors.
struct FilesHeader {
    quint64 id = 0;
    qint32 errors[kMaxChannelFiles];
    static constexpr size_t bytes(size_t n) { return sizeof(quint64) + n * sizeof(qint32); }
};
static_assert(offsetof(FilesHeader, errors) == sizeof(quint64));
// The id under which a probe request's files travel on the file channel (a job's are under its
// own id, the preview memory's under 0): one bit apart from every job id.
constexpr quint64 probeFilesId(quint64 requestId) { return requestId | (quint64(1) << 63); }

struct ProbeRequest {
    quint64 requestId = 0;
    quint32 presetId = 0; // a preset sent before: its plan says at what scale each image decodes
    QVector<QByteArray> paths;
};

struct ProbeEntry {
    bool ok = false;   // false: unreadable or not understood (the job will say why)
    quint8 format = 0; // pp::ImageFormat
    quint32 width = 0; // as the header says
    quint32 height = 0;
    bool progressive = false; // a JPEG decoded scan by scan (ImageInfo::coefficientBytes)
    quint8 scaleEighths = 8;  // the decode scale the preset's plan chooses, 1..8
    bool operator==(const ProbeEntry &o) const
    {
        return ok == o.ok && format == o.format && width == o.width && height == o.height &&
               progressive == o.progressive && scaleEighths == o.scaleEighths;
    }
};

struct ProbeReply {
    quint64 requestId = 0;
    QVector<ProbeEntry> entries; // one per path of the request, in its order
};

using Message = std::variant<Hello, Welcome, Ready, DefinePreset, Job, Started, Progress, Finished, Failed, Cancel,
                             Shutdown, ProbeRequest, ProbeReply>;

Type typeOf(const Message &m);
const char *typeName(Type t);

// Encodes a whole frame (envelope + payload).
QByteArray encode(const Message &m);

struct Header {
    quint32 payloadLength = 0;
    quint16 type = 0;
    quint16 version = 0;
};

// Reads and checks an envelope. Returns an error text for a frame that must be refused
// (unknown type, wrong version, payload over kMaxPayload), or an empty string.
QString parseHeader(const char *data, Header *out);

// Decodes a payload whose header has been checked. On failure returns nullopt and sets *error.
std::optional<Message> decodePayload(const Header &h, const QByteArray &payload, QString *error);

// Accumulates bytes from a stream and yields whole frames. After the first violation it stays
// broken: the peer is not trusted to resynchronise.
class FrameReader
{
public:
    void append(const char *data, qsizetype size) { m_buffer.append(data, size); }
    void append(const QByteArray &bytes) { m_buffer.append(bytes); }
    // Returns the next complete message, or nullopt when more bytes are needed or on error
    // (check failed()).
    std::optional<Message> next();
    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qsizetype buffered() const { return m_buffer.size() - m_offset; }

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    QString m_error;
};

} // namespace pp::proto
