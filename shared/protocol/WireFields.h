// The field-level encoding every message shares: a writer, and a bounds-checked reader that
// stays failed after the first bad field. Private to the protocol library (Protocol.cpp and
// ProtocolProbe.cpp); the rest of PixelPool sees whole messages only (Protocol.h).
#pragma once

#include "Protocol.h"

#include <QtEndian>
#include <cstring>
#include <type_traits>

namespace pp::proto::wire {

class Writer
{
public:
    template <typename T> void num(T v)
    {
        static_assert(std::is_integral_v<T> || std::is_enum_v<T>);
        if constexpr (std::is_enum_v<T>) {
            num(static_cast<std::underlying_type_t<T>>(v));
        } else {
            T le = qToLittleEndian(v);
            m_out.append(reinterpret_cast<const char *>(&le), sizeof le);
        }
    }
    void bytes(const QByteArray &b)
    {
        num<quint32>(quint32(b.size()));
        m_out.append(b);
    }
    // Text is limited to kMaxTextBytes on the wire, as Reader::text() checks. Longer text (a long
    // path in an error, or text decoded from invalid UTF-8, where each bad byte became U+FFFD, three
    // bytes) is cut at a character boundary instead of producing a frame the peer refuses.
    void text(const QString &s)
    {
        QByteArray b = s.toUtf8();
        if (b.size() > kMaxTextBytes) {
            qsizetype n = kMaxTextBytes;
            while (n > 0 && (quint8(b.at(n)) & 0xC0) == 0x80) // b[n] continues the character before
                --n;
            b.truncate(n);
        }
        bytes(b);
    }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

// Bounds-checked reader: any read past the end, or a string over its limit, marks it bad and
// returns zeros, so decoders stay straight-line and check ok() once at the end.
class Reader
{
public:
    explicit Reader(const QByteArray &in) : m_in(in) {}
    template <typename T> T num()
    {
        if constexpr (std::is_enum_v<T>) {
            return static_cast<T>(num<std::underlying_type_t<T>>());
        } else {
            if (!m_ok || m_in.size() - m_pos < qsizetype(sizeof(T))) {
                m_ok = false;
                return T{};
            }
            T v;
            std::memcpy(&v, m_in.constData() + m_pos, sizeof v);
            m_pos += sizeof v;
            return qFromLittleEndian(v);
        }
    }
    QByteArray bytes(quint32 limit)
    {
        const quint32 n = num<quint32>();
        if (!m_ok || n > limit || quint64(m_in.size() - m_pos) < n) {
            if (m_ok && n > limit)
                m_why = "field over its length limit";
            m_ok = false;
            return {};
        }
        QByteArray b = m_in.mid(m_pos, n);
        m_pos += n;
        return b;
    }
    QString text(quint32 limit) { return QString::fromUtf8(bytes(limit)); }
    bool ok() const { return m_ok && m_pos == m_in.size(); } // trailing bytes are malformed too
    bool good() const { return m_ok; }                       // no bad field so far
    bool fail(const char *why)
    {
        m_ok = false;
        m_why = why;
        return false;
    }
    const char *why() const { return m_why; }

private:
    const QByteArray &m_in;
    qsizetype m_pos = 0;
    bool m_ok = true;
    const char *m_why = nullptr;
};

// The probe messages' codec (ProtocolProbe.cpp), used by Protocol.cpp's encode and decode.
void write(Writer &w, const ProbeRequest &m);
bool read(Reader &r, ProbeRequest &m);
void write(Writer &w, const ProbeReply &m);
bool read(Reader &r, ProbeReply &m);

} // namespace pp::proto::wire
