#include "FuzzChecks.h"
#include "ExtendedXmp.h"

#include "ColourManagement.h"
#include "ImageCodec.h"
#include "codecs/Codecs.h"
#include "OperationCatalog.h"
#include "PngText.h"
#include "Preset.h"
#include "Protocol.h"

#include <QByteArrayView>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QtEndian>
#include <cstring>
#include <exiv2/exiv2.hpp>
#include <memory>
#include <sys/mman.h>
#include <unistd.h>

namespace pp::fuzz {

bool sameInfo(const ImageInfo &a, const ImageInfo &b)
{
    return a.format == b.format && a.width == b.width && a.height == b.height &&
           a.exifOrientation == b.exifOrientation && a.largestTilePixels == b.largestTilePixels &&
           a.preview == b.preview && a.coefficientBytes == b.coefficientBytes && a.framePixels == b.framePixels &&
           a.error == b.error;
}

namespace {

QString hexOf(const QByteArray &b, qsizetype max = 64)
{
    return QString::fromLatin1(b.left(max).toHex(' ')) +
           (b.size() > max ? QStringLiteral(" … (%1 bytes)").arg(b.size()) : QString());
}

QString jsonOf(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)).left(2000);
}

// ---------------------------------------------------------------------------------------------
// Frames

using namespace pp::proto;
using proto::Message; // not pp::Message (a text for people), which Preset.h brings in

// splitmix64: chunk sizes are derived from the input itself, so a file replays identically.
struct Rng {
    quint64 s;
    quint64 next()
    {
        quint64 z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
};

quint64 fnv1a(const QByteArray &b)
{
    quint64 h = 0xcbf29ce484222325ull;
    for (char c : b)
        h = (h ^ quint8(c)) * 0x100000001b3ull;
    return h;
}

QList<qsizetype> randomChunks(const QByteArray &stream)
{
    Rng rng{fnv1a(stream)};
    QList<qsizetype> chunks;
    for (qsizetype left = stream.size(); left > 0;) {
        // Mostly tiny pieces (header split across reads), sometimes large ones.
        const int bits = int(rng.next() % 14); // up to 8 KiB
        const qsizetype c = std::min<qsizetype>(left, 1 + qsizetype(rng.next() % (quint64(1) << bits)));
        chunks.append(c);
        left -= c;
    }
    return chunks;
}

struct FeedResult {
    QList<Message> messages;
    bool failed = false;
    QString error;
    qsizetype buffered = 0;
    QString violation;
};

FeedResult feed(const QByteArray &stream, const QList<qsizetype> &chunks)
{
    FeedResult f;
    FrameReader reader;
    qsizetype pos = 0;
    for (qsizetype c : chunks) {
        reader.append(stream.constData() + pos, c);
        pos += c;
        for (;;) {
            const bool wasFailed = reader.failed();
            std::optional<Message> m = reader.next();
            if (!m)
                break;
            if (wasFailed || reader.failed()) {
                f.violation = QStringLiteral("FrameReader yielded a %1 after it had failed (%2)")
                                  .arg(typeName(typeOf(*m)), reader.error());
                return f;
            }
            f.messages.append(std::move(*m));
        }
    }
    f.failed = reader.failed();
    f.error = reader.error();
    f.buffered = reader.buffered();
    if (f.failed && f.error.isEmpty())
        f.violation = QStringLiteral("FrameReader failed without an error text");
    return f;
}

// Was a text field of the original not valid UTF-8 (so QString replaced bytes with U+FFFD and the
// re-encoding may legitimately differ from the original)? A replacement character that the
// original spelled out in valid UTF-8 re-encodes identically, so it never hides a difference.
bool originalTextIsLossy(const Message &m)
{
    const auto replaced = [](const QString &t) { return t.contains(QChar::ReplacementCharacter); };
    if (const auto *f = std::get_if<Finished>(&m))
        return replaced(f->warning) || replaced(f->facts.taken) || replaced(f->facts.camera) || replaced(f->facts.lens);
    if (const auto *f = std::get_if<Failed>(&m))
        return replaced(f->message);
    return false;
}

// What the decoder promises about a region preview (Protocol.h, Region): an accepted region is
// empty or non-negative, 1..kMaxRegionSide a side and within kMaxRegionCoordinate; a job asks for
// one only as a preview; a result has both regions or none, side by side in its preview.
QString regionInvariants(const Message &m)
{
    const auto valid = [](const Region &r) {
        return r == Region{} || (r.x >= 0 && r.y >= 0 && r.width >= 1 && r.height >= 1 && r.width <= kMaxRegionSide &&
                                 r.height <= kMaxRegionSide && qint64(r.x) + r.width <= kMaxRegionCoordinate &&
                                 qint64(r.y) + r.height <= kMaxRegionCoordinate);
    };
    const auto text = [](const Region &r) {
        return QStringLiteral("%1,%2 %3×%4").arg(r.x).arg(r.y).arg(r.width).arg(r.height);
    };
    if (const auto *job = std::get_if<Job>(&m)) {
        if (!valid(job->region))
            return QStringLiteral("accepted Job with the region %1").arg(text(job->region));
        if (!job->region.isEmpty() && !(job->flags & PreviewOnly))
            return QStringLiteral("accepted Job that writes a file with a region");
    }
    if (const auto *fin = std::get_if<Finished>(&m)) {
        const Region &b = fin->beforeRegion, &a = fin->afterRegion;
        if (!valid(b) || !valid(a) || b.isEmpty() != a.isEmpty())
            return QStringLiteral("accepted Finished with the regions %1 and %2").arg(text(b), text(a));
        if (!b.isEmpty() &&
            (fin->outcome != Outcome::PreviewOnly || fin->previewSlot < 0 ||
             int(fin->previewWidth) != b.width + a.width || int(fin->previewHeight) != std::max(b.height, a.height)))
            return QStringLiteral("accepted Finished whose preview of %1×%2 is not its regions %3 and %4")
                .arg(fin->previewWidth)
                .arg(fin->previewHeight)
                .arg(text(b), text(a));
    }
    return {};
}

// What the probe messages' decoders promise (ProtocolProbe.cpp): the limits a request is sent
// within, and only what a header probe can say in a reply.
QString probeInvariants(const Message &m)
{
    if (const auto *r = std::get_if<ProbeRequest>(&m)) {
        qsizetype total = 0;
        for (const QByteArray &p : r->paths) {
            if (p.isEmpty() || p.contains('\0') || p.size() > kMaxPathBytes)
                return QStringLiteral("accepted ProbeRequest has the path %1").arg(hexOf(p));
            total += p.size();
        }
        if (r->paths.size() > kMaxProbePaths || total > kMaxProbePathBytesTotal)
            return QStringLiteral("accepted ProbeRequest has %1 paths of %2 bytes").arg(r->paths.size()).arg(total);
    }
    if (const auto *r = std::get_if<ProbeReply>(&m)) {
        if (r->entries.size() > kMaxProbePaths)
            return QStringLiteral("accepted ProbeReply has %1 entries").arg(r->entries.size());
        for (const ProbeEntry &e : r->entries) {
            const bool sane = e.ok ? e.format >= 1 && e.format <= kMaxProbeFormat && e.width >= 1 && e.height >= 1 &&
                                         e.width <= 0x7fffffffu && e.height <= 0x7fffffffu && e.scaleEighths >= 1 &&
                                         e.scaleEighths <= 8 && (!e.progressive || e.format == 1)
                                   : e == ProbeEntry{};
            if (!sane)
                return QStringLiteral("accepted ProbeReply has an entry ok=%1 format %2, %3×%4, progressive %5, "
                                      "scale %6/8")
                    .arg(e.ok)
                    .arg(e.format)
                    .arg(e.width)
                    .arg(e.height)
                    .arg(e.progressive)
                    .arg(e.scaleEighths);
        }
    }
    return {};
}

QString checkMessage(const Message &m, const QByteArray &original)
{
    const char *name = typeName(typeOf(m));
    if (const QString v = probeInvariants(m); !v.isEmpty())
        return v;
    if (const QString v = regionInvariants(m); !v.isEmpty())
        return v;
    const QByteArray b1 = encode(m);
    if (b1.size() < kHeaderSize)
        return QStringLiteral("encode(%1) is shorter than a header").arg(name);
    Header h;
    const QString headerError = parseHeader(b1.constData(), &h);
    if (!headerError.isEmpty())
        return QStringLiteral("re-encoded %1 frame refused by parseHeader: %2\n  frame: %3")
            .arg(name, headerError, hexOf(b1));
    if (qsizetype(h.payloadLength) != b1.size() - kHeaderSize || h.type != quint16(typeOf(m)) ||
        h.version != kProtocolVersion)
        return QStringLiteral("re-encoded %1 frame has an inconsistent header: %2").arg(name, hexOf(b1));

    FrameReader r;
    r.append(b1);
    const std::optional<Message> m2 = r.next();
    if (!m2)
        return QStringLiteral("decoded %1 re-encodes to a frame that does not decode: %2\n"
                              "  original:   %3\n  re-encoded: %4")
            .arg(name, r.error(), hexOf(original), hexOf(b1));
    if (r.failed() || r.buffered() != 0 || r.next())
        return QStringLiteral("re-encoded %1 frame decodes to more than one message").arg(name);
    if (typeOf(*m2) != typeOf(m))
        return QStringLiteral("re-encoded %1 frame decodes as %2").arg(name, typeName(typeOf(*m2)));
    const QByteArray b2 = encode(*m2);
    if (b2 != b1)
        return QStringLiteral("%1: encode(decode(encode(m))) != encode(m)\n  first:  %2\n  second: %3")
            .arg(name, hexOf(b1), hexOf(b2));
    if (b1 != original && !originalTextIsLossy(m))
        return QStringLiteral("%1: re-encoding differs from the frame it was decoded from\n"
                              "  original:   %2\n  re-encoded: %3")
            .arg(name, hexOf(original), hexOf(b1));
    return {};
}

// ---------------------------------------------------------------------------------------------
// Presets

QString presetInvariants(const Preset &p)
{
    if (p.name.isEmpty() || p.name != p.name.trimmed() || p.name.size() > 100)
        return QStringLiteral("accepted preset has an invalid name \"%1\"").arg(p.name);
    if (p.description.size() > 1000)
        return QStringLiteral("accepted preset has a description of %1 characters").arg(p.description.size());
    if (p.steps.size() > 64)
        return QStringLiteral("accepted preset has %1 steps").arg(p.steps.size());
    for (const QJsonObject &s : p.steps) {
        const OperationSpec *op = OperationCatalog::builtin().find(s.value("op").toString());
        if (!op)
            return QStringLiteral("accepted preset has a step without a known op: %1").arg(jsonOf(s));
        // Paths reach the worker absolute and clean, within their length, required ones present.
        for (const ParamSpec &param : op->params) {
            if (param.kind != ParamSpec::Kind::File)
                continue;
            const QString path = s.value(param.key).toString();
            if (!s.value(param.key).isString() || path.size() < param.min || path.size() > param.max ||
                (!path.isEmpty() && (!QDir::isAbsolutePath(path) || QDir::cleanPath(path) != path)) ||
                path.contains(QChar(0)))
                return QStringLiteral("accepted preset has %1.%2 = \"%3\"").arg(op->name, param.key, path);
        }
    }
    const OutputSettings &o = p.output;
    if (o.quality < 1 || o.quality > 100 || o.pngCompression < 0 || o.pngCompression > 9)
        return QStringLiteral("accepted preset has quality %1, pngCompression %2").arg(o.quality).arg(o.pngCompression);
    if (o.nameTemplate.trimmed().isEmpty() || o.nameTemplate.size() > 255 || o.folder.size() > 1024)
        return QStringLiteral("accepted preset has an invalid nameTemplate or folder");
    int rgba[4];
    if (!OperationCatalog::parseColor(o.background, rgba))
        return QStringLiteral("accepted preset has background \"%1\"").arg(o.background);
    return {};
}

// ---------------------------------------------------------------------------------------------
// Probe

// ---------------------------------------------------------------------------------------------
// Decode

// A read-only copy of the bytes that ends where an inaccessible page begins. ASan sees over-reads
// only in instrumented code and in the libc calls it intercepts; the decoders' libraries are the
// system's, uninstrumented, so a read past the end must fault by itself.
class GuardedCopy
{
public:
    GuardedCopy(const uint8_t *data, size_t size)
    {
        const size_t page = size_t(sysconf(_SC_PAGESIZE));
        const size_t body = (size + page - 1) / page * page;
        m_length = body + page;
        void *base = mmap(nullptr, m_length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED)
            std::abort();
        m_base = static_cast<uint8_t *>(base);
        m_data = m_base + body - size;
        if (size)
            std::memcpy(m_data, data, size);
        if (mprotect(m_base, body, PROT_READ) != 0 || mprotect(m_base + body, page, PROT_NONE) != 0)
            std::abort();
    }
    ~GuardedCopy() { munmap(m_base, m_length); }
    GuardedCopy(const GuardedCopy &) = delete;
    GuardedCopy &operator=(const GuardedCopy &) = delete;
    const uint8_t *data() const { return m_data; }

private:
    uint8_t *m_base = nullptr;
    uint8_t *m_data = nullptr;
    size_t m_length = 0;
};

QString describe(const DecodeResult &r)
{
    QString image = QStringLiteral("no image");
    if (!r.image.empty())
        image = QStringLiteral("%1×%2 depth %3 channels %4")
                    .arg(r.image.cols)
                    .arg(r.image.rows)
                    .arg(r.image.depth())
                    .arg(r.image.channels());
    return QStringLiteral("%1, error \"%2\", warning \"%3\", corrupt %4").arg(image, r.error, r.warning).arg(r.corrupt);
}

bool same(const DecodeResult &a, const DecodeResult &b)
{
    if (a.error != b.error || a.warning != b.warning || a.corrupt != b.corrupt || a.dcOnly != b.dcOnly ||
        a.stoppedEarly != b.stoppedEarly || a.image.empty() != b.image.empty())
        return false;
    if (a.image.empty())
        return true;
    if (a.image.size() != b.image.size() || a.image.type() != b.image.type())
        return false;
    const size_t rowBytes = size_t(a.image.cols) * a.image.elemSize();
    for (int y = 0; y < a.image.rows; ++y)
        if (std::memcmp(a.image.ptr(y), b.image.ptr(y), rowBytes) != 0)
            return false;
    return true;
}

// The sizes a decode may give: JPEG's DCT scale; a camera RAW at half size (LibRaw halves Bayer
// sensors, evened first, and leaves others whole) or, for its preview, the preview's size (or, when
// the preview cannot be used, the developed size).
bool sizeAllowed(const ImageInfo &info, int scale, int previewScale, cv::Size got)
{
    const cv::Size full(info.width, info.height);
    if (info.format == ImageFormat::Jpeg)
        return got == scaledJpegSize(full, scale);
    if (info.format != ImageFormat::Raw)
        return got == full;
    if (previewScale > 0 && !info.preview.empty() && got == scaledJpegSize(info.preview, previewScale))
        return true;
    if (scale > 4 || got == full)
        return got == full;
    return std::abs(got.width - full.width / 2) <= 1 && std::abs(got.height - full.height / 2) <= 1;
}

// The properties of one result on their own.
QString checkResult(const DecodeResult &r, const ImageInfo &info, int scale, int previewScale, bool allowDamaged)
{
    const QString d = describe(r);
    if (!r.image.empty() && !r.error.isEmpty())
        return QStringLiteral("an image and an error: %1").arg(d);
    if (r.image.empty() && r.error.isEmpty())
        return QStringLiteral("neither an image nor an error: %1").arg(d);
    if (r.image.empty())
        return {};
    if (!sizeAllowed(info, scale, previewScale, r.image.size()))
        return QStringLiteral("decoded %1×%2, not a size %3 gives: %4")
            .arg(r.image.cols)
            .arg(r.image.rows)
            .arg(describeInfo(info), d);
    // 16 bits only where the format can have more than 8 (JPEG, GIF and WebP never do).
    const bool sixteen =
        info.format != ImageFormat::Jpeg && info.format != ImageFormat::Gif && info.format != ImageFormat::Webp;
    if ((r.image.depth() != CV_8U && !(sixteen && r.image.depth() == CV_16U)) ||
        (r.image.channels() != 1 && r.image.channels() != 3 && r.image.channels() != 4))
        return QStringLiteral("not 8-bit (or 16-bit where the format has it) with 1, 3 or 4 channels: %1").arg(d);
    // (A warning that is no damage, the pages of a TIFF, the frames of an animation or the pictures
    // of a JPEG left unread, comes with allowDamaged=false too.)
    if (!allowDamaged && r.corrupt)
        return QStringLiteral("allowDamaged=false returned an image marked damaged: %1").arg(d);
    return {};
}

} // namespace

bool framesCheckCompacts(const QByteArray &stream) { return fnv1a(stream) % 16 == 0; }

QString checkFrames(const uint8_t *data, size_t size)
{
    const QByteArray stream(reinterpret_cast<const char *>(data), qsizetype(size));
    const FeedResult whole = feed(stream, stream.isEmpty() ? QList<qsizetype>{} : QList<qsizetype>{stream.size()});
    if (!whole.violation.isEmpty())
        return whole.violation;
    const FeedResult split = feed(stream, randomChunks(stream));
    if (!split.violation.isEmpty())
        return split.violation;

    // Same outcome whatever the read sizes.
    if (whole.failed != split.failed || whole.error != split.error || whole.buffered != split.buffered ||
        whole.messages.size() != split.messages.size())
        return QStringLiteral("chunked feed differs from whole feed: %1 vs %2 messages, error \"%3\" vs \"%4\","
                              " buffered %5 vs %6")
            .arg(whole.messages.size())
            .arg(split.messages.size())
            .arg(whole.error, split.error)
            .arg(whole.buffered)
            .arg(split.buffered);
    for (qsizetype i = 0; i < whole.messages.size(); ++i)
        if (encode(whole.messages[i]) != encode(split.messages[i]))
            return QStringLiteral("chunked feed decodes message %1 differently").arg(i);

    // After a frame large enough that the reader compacts its buffer (past 64 KiB consumed with
    // bytes left over), the same stream must decode the same way. Fresh 64 KiB buffers are slow
    // under ASan (page faults), so this runs for one input in 16, chosen by content.
    if (framesCheckCompacts(stream)) {
        static const QByteArray big = encode(DefinePreset{0, QByteArray(65 << 10, 'x')});
        const QByteArray prefixed = big + stream;
        QList<qsizetype> chunks = randomChunks(stream);
        if (chunks.isEmpty()) {
            chunks.append(big.size());
        } else { // the big frame and the start of the stream arrive together
            chunks.first() += big.size();
        }
        const FeedResult after = feed(prefixed, chunks);
        if (!after.violation.isEmpty())
            return after.violation;
        bool agrees = after.failed == whole.failed && after.error == whole.error && after.buffered == whole.buffered &&
                      after.messages.size() == whole.messages.size() + 1;
        for (qsizetype i = 0; agrees && i < whole.messages.size(); ++i)
            agrees = encode(after.messages[i + 1]) == encode(whole.messages[i]);
        if (!agrees)
            return QStringLiteral("stream decodes differently after a 65 KiB frame (buffer compaction):"
                                  " %1 vs %2 messages, error \"%3\" vs \"%4\", buffered %5 vs %6")
                .arg(after.messages.size() - 1)
                .arg(whole.messages.size())
                .arg(after.error, whole.error)
                .arg(after.buffered)
                .arg(whole.buffered);
    }

    // Each message against the frame it came from; frames are contiguous from the start.
    qsizetype offset = 0;
    for (const Message &m : whole.messages) {
        if (stream.size() - offset < kHeaderSize)
            return QStringLiteral("message decoded past the end of the stream");
        const quint32 len = qFromLittleEndian<quint32>(stream.constData() + offset);
        if (quint64(stream.size() - offset - kHeaderSize) < len)
            return QStringLiteral("message decoded from an incomplete frame");
        const QByteArray original = stream.mid(offset, kHeaderSize + qsizetype(len));
        offset += kHeaderSize + qsizetype(len);
        const QString v = checkMessage(m, original);
        if (!v.isEmpty())
            return v;
    }

    // What is left must be exactly the unconsumed tail, and (unless failed) an incomplete frame.
    if (!whole.failed) {
        if (whole.buffered != stream.size() - offset)
            return QStringLiteral("buffered() is %1 but %2 bytes are unconsumed")
                .arg(whole.buffered)
                .arg(stream.size() - offset);
        if (whole.buffered >= kHeaderSize) {
            Header h;
            const QString e = parseHeader(stream.constData() + offset, &h);
            if (!e.isEmpty())
                return QStringLiteral("reader did not fail on a refused header: %1").arg(e);
            if (whole.buffered - kHeaderSize >= qsizetype(h.payloadLength))
                return QStringLiteral("reader holds a complete frame it did not yield");
        }
    }
    return {};
}

QString checkPreset(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return {};

    QString error = QStringLiteral("(not cleared)");
    const std::optional<Preset> p = Preset::fromJson(doc.object(), &error);
    if (!p)
        return error.isEmpty() || error == QLatin1String("(not cleared)")
                   ? QStringLiteral("fromJson refused a preset without saying why")
                   : QString();
    if (!error.isEmpty())
        return QStringLiteral("fromJson accepted a preset but set an error: %1").arg(error);
    if (const QString v = presetInvariants(*p); !v.isEmpty())
        return v;

    const QJsonObject j1 = p->toJson();
    const std::optional<Preset> p2 = Preset::fromJson(j1, &error);
    if (!p2)
        return QStringLiteral("toJson() of an accepted preset is refused: %1\n  %2").arg(error, jsonOf(j1));
    const QJsonObject j2 = p2->toJson();
    if (j2 != j1)
        return QStringLiteral("toJson() is not stable:\n  first:  %1\n  second: %2").arg(jsonOf(j1), jsonOf(j2));

    // Through JSON text, as Preset::save() writes and Preset::load() reads.
    for (const auto format : {QJsonDocument::Indented, QJsonDocument::Compact}) {
        const QByteArray text = QJsonDocument(j1).toJson(format);
        const QJsonDocument reread = QJsonDocument::fromJson(text, &pe);
        if (pe.error != QJsonParseError::NoError || !reread.isObject())
            return QStringLiteral("saved preset is not valid JSON (%1): %2")
                .arg(pe.errorString(), QString::fromUtf8(text.left(2000)));
        const std::optional<Preset> p3 = Preset::fromJson(reread.object(), &error);
        if (!p3)
            return QStringLiteral("saved preset is refused when loaded: %1\n  %2").arg(error, jsonOf(j1));
        const QJsonObject j3 = p3->toJson();
        if (j3 != j1)
            return QStringLiteral("preset changes through save/load:\n  saved:  %1\n  loaded: %2")
                .arg(jsonOf(j1), jsonOf(j3));
    }
    return {};
}

QString checkProbe(const uint8_t *data, size_t size)
{
    // A buffer of exactly `size` bytes, so any read past the end leaves the allocation.
    const std::unique_ptr<uint8_t[]> copy(new uint8_t[size]);
    if (size)
        std::memcpy(copy.get(), data, size);

    const ImageInfo info = probeImage(copy.get(), size);
    const QString d = describeInfo(info);
    if (info.width < 0 || info.height < 0)
        return QStringLiteral("negative size: %1").arg(d);
    if (info.exifOrientation < 1 || info.exifOrientation > 8)
        return QStringLiteral("orientation out of 1..8: %1").arg(d);
    if (info.largestTilePixels < 0)
        return QStringLiteral("negative largestTilePixels: %1").arg(d);
    if (info.coefficientBytes < 0)
        return QStringLiteral("negative coefficientBytes: %1").arg(d);
    if (info.framePixels < 0)
        return QStringLiteral("negative framePixels: %1").arg(d);
    if (info.format == ImageFormat::Unknown && info.error.isEmpty())
        return QStringLiteral("unknown format without an error: %1").arg(d);
    if (info.error.isEmpty() && (info.width <= 0 || info.height <= 0))
        return QStringLiteral("accepted header with an empty size: %1").arg(d);
    if (!sameInfo(info, probeImage(copy.get(), size)))
        return QStringLiteral("probeImage is not deterministic: %1").arg(d);
    return {};
}

// What checkDecode() and checkMetadata() decode: JPEG, PNG, WebP, TIFF, HEIF/AVIF, GIF, JPEG XL,
// camera RAW, and BMP (bit fields are PixelPool's own reading, OS/2 1.x and RLE ones are rewritten
// by it; the rest go through the OpenCV plug-in, BmpCodec.cpp), small enough to decode quickly and
// within the fuzzer's memory.
static bool decodable(const ImageInfo &info)
{
    if (!info.error.isEmpty())
        return false;
    const ImageFormat f = info.format;
    if (f != ImageFormat::Jpeg && f != ImageFormat::Png && f != ImageFormat::Webp && f != ImageFormat::Tiff &&
        f != ImageFormat::Heif && f != ImageFormat::Avif && f != ImageFormat::Gif && f != ImageFormat::Jxl &&
        f != ImageFormat::Raw && f != ImageFormat::Bmp)
        return false;
    return qint64(info.width) * info.height <= kDecodeMaxPixels && info.largestTilePixels <= kDecodeMaxPixels &&
           info.framePixels <= kDecodeMaxPixels;
}

QString checkDecode(const uint8_t *data, size_t size)
{
    const GuardedCopy copy(data, size);
    const ImageInfo info = probeImage(copy.data(), size);
    if (!decodable(info))
        return {};

    const quint64 hash = fnv1a(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    // (scale, preview scale): JPEG also at a reduced scale chosen by the bytes (1/8..7/8); a camera
    // RAW developed at full and half size, and through its preview at a scale chosen by the bytes.
    QList<std::pair<int, int>> scales{{8, 0}};
    if (info.format == ImageFormat::Jpeg)
        scales.append({1 + int(hash % 7), 0});
    // A progressive JPEG at 1/8: the DC-only read (codecs/JpegDcOnly.h); at 2/8: libjpeg stopping
    // after the scans that scale needs (codecs/JpegCodec.cpp).
    for (const int reduced : {1, 2})
        if (info.coefficientBytes > 0 && !scales.contains(std::pair{reduced, 0}))
            scales.append({reduced, 0});
    if (info.format == ImageFormat::Raw)
        scales << std::pair{4, 0} << std::pair{8, 1 + int(hash % 8)};
    if (info.format == ImageFormat::Png)
        for (const bool allowDamaged : {false, true}) {
            // libdeflate's whole-buffer inflate (codecs/PngInflate.h) changes nothing but the time:
            // the same pixels, error and warning as libpng's own inflate.
            const DecodeResult fast = codecs::decodePng(copy.data(), size, info, allowDamaged, true, true);
            const DecodeResult plain = codecs::decodePng(copy.data(), size, info, allowDamaged, true, false);
            if (!same(fast, plain) || fast.metadata.exif != plain.metadata.exif ||
                fast.metadata.icc != plain.metadata.icc || fast.metadata.xmp != plain.metadata.xmp)
                return QStringLiteral("PNG %1×%2, allowDamaged=%3: the fast inflate differs from libpng's\n"
                                      "  fast:  %4\n  libpng: %5")
                    .arg(info.width)
                    .arg(info.height)
                    .arg(allowDamaged ? "true" : "false", describe(fast), describe(plain));
        }
    for (const auto &[scale, previewScale] : scales) {
        const QString where = QStringLiteral("%1 %2×%3 at %4/8, preview at %5/8")
                                  .arg(formatLabel(info.format))
                                  .arg(info.width)
                                  .arg(info.height)
                                  .arg(scale)
                                  .arg(previewScale);
        const DecodeResult strict = decodeImage(copy.data(), size, info, scale, false, false, previewScale);
        if (const QString v = checkResult(strict, info, scale, previewScale, false); !v.isEmpty())
            return QStringLiteral("%1, allowDamaged=false: %2").arg(where, v);
        const DecodeResult lenient = decodeImage(copy.data(), size, info, scale, true, false, previewScale);
        if (const QString v = checkResult(lenient, info, scale, previewScale, true); !v.isEmpty())
            return QStringLiteral("%1, allowDamaged=true: %2").arg(where, v);
        if (!strict.image.empty()) {
            // Nothing was damaged, so tolerating damage changes nothing (and this is the repeat
            // decode that shows determinism).
            if (!same(strict, lenient))
                return QStringLiteral("%1: allowDamaged=true differs from a clean allowDamaged=false decode\n"
                                      "  false: %2\n  true:  %3")
                    .arg(where, describe(strict), describe(lenient));
            continue;
        }
        if (!lenient.image.empty() && lenient.warning.isEmpty())
            return QStringLiteral("%1: only allowDamaged=true decodes it, yet without a warning\n"
                                  "  false: %2\n  true:  %3")
                .arg(where, describe(strict), describe(lenient));
        const DecodeResult again = decodeImage(copy.data(), size, info, scale, true, false, previewScale);
        if (!same(lenient, again))
            return QStringLiteral("%1: decodeImage is not deterministic\n  first:  %2\n  second: %3")
                .arg(where, describe(lenient), describe(again));
    }
    return {};
}

QString checkMetadata(const uint8_t *data, size_t size)
{
    const GuardedCopy copy(data, size);
    const ImageInfo info = probeImage(copy.data(), size);
    if (!decodable(info))
        return {};
    const DecodeResult plain = decodeImage(copy.data(), size, info, 8, true, false);
    const DecodeResult with = decodeImage(copy.data(), size, info, 8, true, true);
    const QString where = QStringLiteral("%1 %2×%3").arg(formatLabel(info.format)).arg(info.width).arg(info.height);
    if (plain.error != with.error || plain.image.size() != with.image.size() ||
        (!plain.image.empty() && cv::norm(plain.image, with.image, cv::NORM_INF) != 0))
        return QStringLiteral("%1: collecting metadata changed the decode: %2 / %3")
            .arg(where, plain.error, with.error);
    if (with.image.empty())
        return {};
    const SourceMetadata &m = with.metadata;
    if (m.exif.size() > kMaxExifBytes || m.xmp.size() + m.xmpExtension.size() > kMaxXmpBytes ||
        m.iptc.size() > kMaxIptcBytes || m.icc.size() > colour::kMaxProfileBytes ||
        (!m.xmpExtension.empty() && meta::extendedXmpGuid(m.xmp).empty()))
        return QStringLiteral("%1: a collected block is over its cap").arg(where);
    size_t textBytes = 0; // each character was at least a byte in the file
    for (const TextEntry &t : m.texts)
        textBytes += size_t(t.text.size());
    if (m.texts.size() > meta::kMaxPngTextEntries || textBytes > meta::kMaxPngTextTotal)
        return QStringLiteral("%1: the text entries are over their caps (%2 of %3 characters)")
            .arg(where)
            .arg(m.texts.size())
            .arg(textBytes);

    const int orientation =
        1 + int(fnv1a(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size))) % 8);
    cv::Mat pixels(7, 9, CV_8UC3, cv::Scalar(10, 120, 230));
    for (const MetadataPolicy policy : {MetadataPolicy::Keep, MetadataPolicy::StripLocation, MetadataPolicy::Strip})
        for (const OutputFormat format :
             {OutputFormat::Jpeg, OutputFormat::Png, OutputFormat::Webp, OutputFormat::Tiff, OutputFormat::Jxl}) {
            const QString what = QStringLiteral("%1 → %2, %3").arg(where, formatName(format), metadataName(policy));
            MetadataRequest request;
            request.policy = policy;
            request.format = format;
            request.size = pixels.size();
            request.orientation = orientation;
            // Regions and the subject area moved through a turn of the bytes' choosing, or a crop (0).
            request.sourceSize = cv::Size(info.width, info.height);
            request.sourceOrientation = info.exifOrientation;
            request.frameTurn = (orientation + int(format)) % 9;
            QStringList warnings;
            const OutputMetadata out = prepareMetadata(m, request, &warnings);
            if (policy == MetadataPolicy::Strip && (!out.exif.empty() || !out.xmp.empty() || !out.iptc.empty() ||
                                                    !out.iptcIrb.empty() || !out.texts.empty() || !out.comment.empty()))
                return QStringLiteral("%1: strip left metadata in").arg(what);
            EncodeSettings es{format, 80, 1, false};
            es.metadata = &out;
            // libjxl's lossy encoder costs ~17 ms even at 9×7 (lossless: 0.2 ms); the boxes and the
            // profile are written the same way either way.
            es.lossless = format == OutputFormat::Jxl;
            std::vector<uint8_t> encoded;
            QString error;
            if (!encodeImage(pixels, es, &encoded, &error, &warnings))
                return QStringLiteral("%1: the encode failed: %2").arg(what, error);
            const ImageInfo back = probeImage(encoded.data(), encoded.size());
            const DecodeResult again = decodeImage(encoded.data(), encoded.size(), back, 8, false, true);
            if (again.image.empty())
                return QStringLiteral("%1: the output does not decode: %2 %3").arg(what, back.error, again.error);
            const SourceMetadata &b = again.metadata;
            if (policy == MetadataPolicy::Strip &&
                (!b.exif.empty() || !b.xmp.empty() || !b.iptc.empty() || !b.texts.empty()))
                return QStringLiteral("%1: the output carries metadata").arg(what);
            const bool exifWritten = !out.exif.empty() && !warnings.join(' ').contains(QLatin1String("not written"));
            // (PNG and WebP: the probe reads no EXIF; JPEG XL: the orientation is the codestream's,
            // applied by libjxl, so the probe says 1.)
            if (exifWritten && back.exifOrientation != orientation && format != OutputFormat::Png &&
                format != OutputFormat::Webp && format != OutputFormat::Jxl)
                return QStringLiteral("%1: the output's Orientation is %2, not %3")
                    .arg(what)
                    .arg(back.exifOrientation)
                    .arg(orientation);
            if (policy == MetadataPolicy::StripLocation && !b.exif.empty()) {
                Exiv2::ExifData exif;
                try {
                    Exiv2::ExifParser::decode(exif, b.exif.data(), uint32_t(b.exif.size()));
                } catch (const std::exception &e) {
                    return QStringLiteral("%1: the output's EXIF does not parse: %2").arg(what, e.what());
                }
                for (const Exiv2::Exifdatum &d : exif)
                    if (d.groupName() == "GPSInfo")
                        return QStringLiteral("%1: the output's EXIF has %2")
                            .arg(what, QString::fromStdString(d.key()));
            }
        }
    return {};
}

} // namespace pp::fuzz
