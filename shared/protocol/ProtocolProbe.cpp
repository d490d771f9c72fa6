// The probe messages (Protocol.h, cost-aware scheduling): one write/read pair each, as in
// Protocol.cpp. A reply comes from a worker, so every field is checked against what a header
// probe can honestly say; anything else is a protocol violation.
#include "WireFields.h"

namespace pp::proto::wire {
namespace {

constexpr quint8 kProbeOk = 1, kProbeProgressive = 2;
constexpr quint8 kJpegFormat = 1; // pp::ImageFormat::Jpeg: the only format with progressive scans
constexpr quint32 kMaxProbeSide = 0x7fffffff;

} // namespace

void write(Writer &w, const ProbeRequest &m)
{
    w.num(m.requestId);
    w.num(m.presetId);
    w.num<quint16>(quint16(m.paths.size()));
    for (const QByteArray &path : m.paths)
        w.bytes(path);
}

bool read(Reader &r, ProbeRequest &m)
{
    m.requestId = r.num<quint64>();
    m.presetId = r.num<quint32>();
    const quint16 count = r.num<quint16>();
    if (count > kMaxProbePaths)
        return r.fail("too many paths to probe");
    qint64 total = 0;
    for (int i = 0; i < count; ++i) { // a list cut short leaves the reader failed
        QByteArray path = r.bytes(kMaxPathBytes);
        total += path.size();
        if (r.good()) {
            if (path.isEmpty() || path.contains('\0'))
                return r.fail("empty path or a path with a zero byte");
            if (total > kMaxProbePathBytesTotal)
                return r.fail("paths to probe over their total length limit");
        }
        m.paths.append(std::move(path));
    }
    return true;
}

void write(Writer &w, const ProbeReply &m)
{
    w.num(m.requestId);
    w.num<quint16>(quint16(m.entries.size()));
    for (const ProbeEntry &e : m.entries) {
        w.num<quint8>(quint8((e.ok ? kProbeOk : 0) | (e.progressive ? kProbeProgressive : 0)));
        w.num(e.format);
        w.num(e.width);
        w.num(e.height);
        w.num(e.scaleEighths);
    }
}

bool read(Reader &r, ProbeReply &m)
{
    m.requestId = r.num<quint64>();
    const quint16 count = r.num<quint16>();
    if (count > kMaxProbePaths)
        return r.fail("too many probe results");
    for (int i = 0; i < count; ++i) {
        ProbeEntry e;
        const quint8 flags = r.num<quint8>();
        e.ok = flags & kProbeOk;
        e.progressive = flags & kProbeProgressive;
        e.format = r.num<quint8>();
        e.width = r.num<quint32>();
        e.height = r.num<quint32>();
        e.scaleEighths = r.num<quint8>();
        if (flags > (kProbeOk | kProbeProgressive) || e.format > kMaxProbeFormat || e.scaleEighths < 1 ||
            e.scaleEighths > 8)
            return r.fail("probe result out of range");
        // A failed probe knows nothing; a good one knows a format and a size the decoders accept.
        if (!e.ok && (e.format != 0 || e.width != 0 || e.height != 0 || e.progressive || e.scaleEighths != 8))
            return r.fail("failed probe result with values");
        if (e.ok && (e.format == 0 || e.width == 0 || e.height == 0 || e.width > kMaxProbeSide ||
                     e.height > kMaxProbeSide || (e.progressive && e.format != kJpegFormat)))
            return r.fail("probe result out of range");
        m.entries.append(e);
    }
    return true;
}

} // namespace pp::proto::wire
