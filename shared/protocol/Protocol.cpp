#include "Protocol.h"
#include "WireFields.h"

#include <algorithm>

namespace pp::proto {
namespace {

using wire::Reader;
using wire::Writer;

bool validEnum(InputKind v) { return quint8(v) <= quint8(InputKind::SharedMemory); }
bool validEnum(Outcome v) { return quint8(v) <= quint8(Outcome::PreviewOnly); }
bool validEnum(FailureCode v) { return quint16(v) <= quint16(FailureCode::OutOfMemory); }

// Empty, or a rectangle that a region preview may use (Protocol.h, Region).
bool validRegion(const Region &r)
{
    if (r == Region{})
        return true;
    return r.x >= 0 && r.y >= 0 && r.width > 0 && r.height > 0 && r.width <= kMaxRegionSide &&
           r.height <= kMaxRegionSide && r.x <= kMaxRegionCoordinate - r.width &&
           r.y <= kMaxRegionCoordinate - r.height;
}

void writeRegion(Writer &w, const Region &r)
{
    w.num(r.x);
    w.num(r.y);
    w.num(r.width);
    w.num(r.height);
}
Region readRegion(Reader &r)
{
    Region region;
    region.x = r.num<qint32>();
    region.y = r.num<qint32>();
    region.width = r.num<qint32>();
    region.height = r.num<qint32>();
    return region;
}

bool isHex(const QByteArray &b)
{
    for (char c : b)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

// --- one write/read pair per message, kept side by side ---

void write(Writer &w, const Hello &m)
{
    w.num(m.protocolVersion);
    w.bytes(m.token);
    w.num(m.pid);
}
bool read(Reader &r, Hello &m)
{
    m.protocolVersion = r.num<quint16>();
    m.token = r.bytes(kTokenBytes * 2);
    m.pid = r.num<qint64>();
    if (r.ok() && (m.token.size() != kTokenBytes * 2 || !isHex(m.token)))
        return r.fail("malformed token");
    return true;
}

void write(Writer &w, const Welcome &m)
{
    w.num(m.previewSlots);
    w.num(m.previewSlotBytes);
    w.num(m.maxPixels);
    w.num(m.cvThreads);
    w.num(m.testFlags);
    w.num<quint8>(m.drawsText ? 1 : 0);
}
bool read(Reader &r, Welcome &m)
{
    m.previewSlots = r.num<quint32>();
    m.previewSlotBytes = r.num<quint32>();
    m.maxPixels = r.num<quint64>();
    m.cvThreads = r.num<quint32>();
    m.testFlags = r.num<quint32>();
    const quint8 drawsText = r.num<quint8>();
    m.drawsText = drawsText == 1;
    if (m.previewSlots > 64 || m.previewSlotBytes > (64u << 20) || m.cvThreads > 256 || drawsText > 1)
        return r.fail("settings out of range");
    return true;
}

void write(Writer &, const Ready &) {}
bool read(Reader &, Ready &) { return true; }

void write(Writer &w, const DefinePreset &m)
{
    w.num(m.presetId);
    w.bytes(m.json);
}
bool read(Reader &r, DefinePreset &m)
{
    m.presetId = r.num<quint32>();
    m.json = r.bytes(kMaxPayload);
    return true;
}

void write(Writer &w, const Job &m)
{
    w.num(m.jobId);
    w.num(m.presetId);
    w.num(m.inputKind);
    w.bytes(m.inputPath);
    w.num(m.inputBytes);
    w.bytes(m.tempPath);
    w.num(m.flags);
    w.num(m.previewSlot);
    w.num(m.previewMax);
    w.num(m.cvThreads);
    w.num(m.keptFormat);
    w.num<quint8>(quint8(m.moreTempPaths.size()));
    for (const QByteArray &path : m.moreTempPaths)
        w.bytes(path);
    writeRegion(w, m.region);
}
bool read(Reader &r, Job &m)
{
    m.jobId = r.num<quint64>();
    m.presetId = r.num<quint32>();
    m.inputKind = r.num<InputKind>();
    m.inputPath = r.bytes(kMaxPathBytes);
    m.inputBytes = r.num<quint64>();
    m.tempPath = r.bytes(kMaxPathBytes);
    m.flags = r.num<quint8>();
    m.previewSlot = r.num<qint32>();
    m.previewMax = r.num<quint16>();
    m.cvThreads = r.num<quint8>();
    m.keptFormat = r.num<quint8>();
    const quint8 more = r.num<quint8>();
    if (more > kMaxMoreOutputs)
        return r.fail("too many outputs");
    for (int i = 0; i < more; ++i) // a list cut short leaves the reader failed
        m.moreTempPaths.append(r.bytes(kMaxPathBytes));
    m.region = readRegion(r);
    if (!validEnum(m.inputKind) || m.keptFormat > kMaxOutputFormat)
        return r.fail("enum out of range");
    if (!validRegion(m.region))
        return r.fail("region out of range");
    if (!m.region.isEmpty() && !(m.flags & PreviewOnly))
        return r.fail("region on a job that writes a file");
    return true;
}

void write(Writer &w, const Started &m) { w.num(m.jobId); }
bool read(Reader &r, Started &m)
{
    m.jobId = r.num<quint64>();
    return true;
}

void write(Writer &w, const Progress &m)
{
    w.num(m.jobId);
    w.num(m.step);
    w.num(m.steps);
}
bool read(Reader &r, Progress &m)
{
    m.jobId = r.num<quint64>();
    m.step = r.num<quint16>();
    m.steps = r.num<quint16>();
    if (m.step > m.steps)
        return r.fail("step beyond step count");
    return true;
}

void write(Writer &w, const Finished &m)
{
    w.num(m.jobId);
    w.num(m.outcome);
    w.bytes(m.outputPath);
    w.num(m.sourceWidth);
    w.num(m.sourceHeight);
    w.num(m.width);
    w.num(m.height);
    w.num(m.bytes);
    w.num(m.decodeUs);
    w.num(m.processUs);
    w.num(m.encodeUs);
    w.num(m.previewSlot);
    w.num(m.previewWidth);
    w.num(m.previewHeight);
    w.text(m.warning);
    w.text(m.facts.taken);
    w.text(m.facts.camera);
    w.text(m.facts.lens);
    w.num(m.facts.iso);
    w.num<quint8>(quint8(m.moreOutputs.size()));
    for (const Finished::Output &o : m.moreOutputs) {
        w.num(o.outcome);
        w.bytes(o.outputPath);
        w.num(o.width);
        w.num(o.height);
        w.num(o.bytes);
    }
    writeRegion(w, m.beforeRegion);
    writeRegion(w, m.afterRegion);
}
bool read(Reader &r, Finished &m)
{
    m.jobId = r.num<quint64>();
    m.outcome = r.num<Outcome>();
    m.outputPath = r.bytes(kMaxPathBytes);
    m.sourceWidth = r.num<quint32>();
    m.sourceHeight = r.num<quint32>();
    m.width = r.num<quint32>();
    m.height = r.num<quint32>();
    m.bytes = r.num<quint64>();
    m.decodeUs = r.num<quint32>();
    m.processUs = r.num<quint32>();
    m.encodeUs = r.num<quint32>();
    m.previewSlot = r.num<qint32>();
    m.previewWidth = r.num<quint16>();
    m.previewHeight = r.num<quint16>();
    m.warning = r.text(kMaxTextBytes);
    m.facts.taken = r.text(kMaxFactBytes);
    m.facts.camera = r.text(kMaxFactBytes);
    m.facts.lens = r.text(kMaxFactBytes);
    m.facts.iso = r.num<quint32>();
    const quint8 more = r.num<quint8>();
    if (more > kMaxMoreOutputs)
        return r.fail("too many outputs");
    for (int i = 0; i < more; ++i) {
        Finished::Output o;
        o.outcome = r.num<Outcome>();
        o.outputPath = r.bytes(kMaxPathBytes);
        o.width = r.num<quint32>();
        o.height = r.num<quint32>();
        o.bytes = r.num<quint64>();
        if (!validEnum(o.outcome))
            return r.fail("enum out of range");
        m.moreOutputs.append(o);
    }
    m.beforeRegion = readRegion(r);
    m.afterRegion = readRegion(r);
    if (!validEnum(m.outcome))
        return r.fail("enum out of range");
    if (!validRegion(m.beforeRegion) || !validRegion(m.afterRegion))
        return r.fail("region out of range");
    if (m.beforeRegion.isEmpty() != m.afterRegion.isEmpty())
        return r.fail("a region preview without both sides");
    if (!m.beforeRegion.isEmpty() && (m.outcome != Outcome::PreviewOnly || m.previewSlot < 0 ||
                                      m.previewWidth != m.beforeRegion.width + m.afterRegion.width ||
                                      m.previewHeight != std::max(m.beforeRegion.height, m.afterRegion.height)))
        return r.fail("region preview does not match its image");
    return true;
}

void write(Writer &w, const Failed &m)
{
    w.num(m.jobId);
    w.num(m.code);
    w.text(m.message);
}
bool read(Reader &r, Failed &m)
{
    m.jobId = r.num<quint64>();
    m.code = r.num<FailureCode>();
    m.message = r.text(kMaxTextBytes);
    if (!validEnum(m.code))
        return r.fail("enum out of range");
    return true;
}

void write(Writer &w, const Cancel &m) { w.num(m.jobId); }
bool read(Reader &r, Cancel &m)
{
    m.jobId = r.num<quint64>();
    return true;
}

void write(Writer &, const Shutdown &) {}
bool read(Reader &, Shutdown &) { return true; }

template <typename T> std::optional<Message> decodeAs(const QByteArray &payload, QString *error)
{
    Reader r(payload);
    T m;
    read(r, m);
    if (!r.ok()) {
        *error = r.why() ? QString::fromLatin1(r.why()) : QStringLiteral("payload size does not match its fields");
        return std::nullopt;
    }
    return Message(std::move(m));
}

} // namespace

Type typeOf(const Message &m)
{
    return Type(m.index() + 1); // the variant's order follows the Type enum
}

const char *failureCodeName(FailureCode code)
{
    switch (code) {
    case FailureCode::Unknown:
        return "unknown";
    case FailureCode::CannotRead:
        return "cannot-read";
    case FailureCode::Unsupported:
        return "unsupported";
    case FailureCode::TooLarge:
        return "too-large";
    case FailureCode::Corrupt:
        return "corrupt";
    case FailureCode::Processing:
        return "processing";
    case FailureCode::CannotWrite:
        return "cannot-write";
    case FailureCode::Cancelled:
        return "cancelled";
    case FailureCode::OutputExists:
        return "output-exists";
    case FailureCode::OutOfMemory:
        return "out-of-memory";
    case FailureCode::WorkerCrashed:
        return "worker-crashed";
    case FailureCode::TimedOut:
        return "timed-out";
    case FailureCode::WorkerMisbehaved:
        return "worker-misbehaved";
    case FailureCode::WorkersCannotStart:
        return "workers-cannot-start";
    }
    return "unknown";
}

const char *typeName(Type t)
{
    switch (t) {
    case Type::Hello:
        return "Hello";
    case Type::Welcome:
        return "Welcome";
    case Type::Ready:
        return "Ready";
    case Type::DefinePreset:
        return "DefinePreset";
    case Type::Job:
        return "Job";
    case Type::Started:
        return "Started";
    case Type::Progress:
        return "Progress";
    case Type::Finished:
        return "Finished";
    case Type::Failed:
        return "Failed";
    case Type::Cancel:
        return "Cancel";
    case Type::Shutdown:
        return "Shutdown";
    case Type::ProbeRequest:
        return "ProbeRequest";
    case Type::ProbeReply:
        return "ProbeReply";
    }
    return "unknown";
}

QByteArray encode(const Message &m)
{
    Writer w;
    std::visit([&w](const auto &msg) { write(w, msg); }, m);
    const QByteArray payload = w.take();
    Writer head;
    head.num<quint32>(quint32(payload.size()));
    head.num<quint16>(quint16(typeOf(m)));
    head.num<quint16>(kProtocolVersion);
    return head.take() + payload;
}

QString parseHeader(const char *data, Header *out)
{
    out->payloadLength = qFromLittleEndian<quint32>(data);
    out->type = qFromLittleEndian<quint16>(data + 4);
    out->version = qFromLittleEndian<quint16>(data + 6);
    if (out->version != kProtocolVersion)
        return QStringLiteral("protocol version %1, expected %2").arg(out->version).arg(kProtocolVersion);
    if (out->type < quint16(Type::Hello) || out->type > quint16(Type::ProbeReply))
        return QStringLiteral("unknown message type %1").arg(out->type);
    if (out->payloadLength > kMaxPayload)
        return QStringLiteral("frame of %1 bytes exceeds the limit of %2").arg(out->payloadLength).arg(kMaxPayload);
    return {};
}

std::optional<Message> decodePayload(const Header &h, const QByteArray &payload, QString *error)
{
    switch (Type(h.type)) {
    case Type::Hello:
        return decodeAs<Hello>(payload, error);
    case Type::Welcome:
        return decodeAs<Welcome>(payload, error);
    case Type::Ready:
        return decodeAs<Ready>(payload, error);
    case Type::DefinePreset:
        return decodeAs<DefinePreset>(payload, error);
    case Type::Job:
        return decodeAs<Job>(payload, error);
    case Type::Started:
        return decodeAs<Started>(payload, error);
    case Type::Progress:
        return decodeAs<Progress>(payload, error);
    case Type::Finished:
        return decodeAs<Finished>(payload, error);
    case Type::Failed:
        return decodeAs<Failed>(payload, error);
    case Type::Cancel:
        return decodeAs<Cancel>(payload, error);
    case Type::Shutdown:
        return decodeAs<Shutdown>(payload, error);
    case Type::ProbeRequest:
        return decodeAs<ProbeRequest>(payload, error);
    case Type::ProbeReply:
        return decodeAs<ProbeReply>(payload, error);
    }
    *error = QStringLiteral("unknown message type %1").arg(h.type);
    return std::nullopt;
}

std::optional<Message> FrameReader::next()
{
    if (failed() || buffered() < kHeaderSize)
        return std::nullopt;
    Header h;
    QString err = parseHeader(m_buffer.constData() + m_offset, &h);
    if (!err.isEmpty()) {
        m_error = err;
        return std::nullopt;
    }
    if (buffered() - kHeaderSize < qsizetype(h.payloadLength))
        return std::nullopt; // wait for the whole frame
    const QByteArray payload = m_buffer.mid(m_offset + kHeaderSize, h.payloadLength);
    m_offset += kHeaderSize + h.payloadLength;
    if (m_offset == m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    } else if (m_offset > (64 << 10)) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    auto msg = decodePayload(h, payload, &err);
    if (!msg) {
        m_error = QStringLiteral("malformed %1 frame: %2").arg(typeName(Type(h.type)), err);
        return std::nullopt;
    }
    return msg;
}

} // namespace pp::proto
