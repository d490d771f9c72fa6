#include "ExtendedXmp.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <algorithm>
#include <cctype>
#include <cstring>

namespace pp::meta {
namespace {

// A part's header after the namespace id: the GUID, the extension's full length and this part's
// offset, both 32-bit big-endian.
constexpr size_t kGuidSize = 32, kPartHeader = kGuidSize + 8;
// What a segment's data holds besides the part: the id and its NUL, then the part's header.
constexpr size_t kSegmentHeader = sizeof kXmpExtensionId + kPartHeader;
constexpr size_t kMaxSegmentData = 65533;

uint32_t bigEndian32(const uint8_t *p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

bool isHexGuid(const std::string &s)
{
    return s.size() == kGuidSize && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(uchar(c)); });
}

} // namespace

std::string extendedXmpGuid(const std::string &mainPacket)
{
    const QString packet = QString::fromUtf8(mainPacket.data(), qsizetype(mainPacket.size()));
    static const QRegularExpression ns(
        QStringLiteral("xmlns:([\\w.-]+)\\s*=\\s*[\"']http://ns\\.adobe\\.com/xmp/note/[\"']"));
    for (auto bindings = ns.globalMatch(packet); bindings.hasNext();) {
        const QString prefix = QRegularExpression::escape(bindings.next().captured(1));
        // As an attribute (the compact form) or as an element.
        const QRegularExpression attribute(
            QStringLiteral("[\\s<]%1:HasExtendedXMP\\s*=\\s*[\"']\\s*([0-9A-Fa-f]{32})\\s*[\"']").arg(prefix));
        const QRegularExpression element(
            QStringLiteral("<%1:HasExtendedXMP(\\s[^>]*)?>\\s*([0-9A-Fa-f]{32})\\s*<").arg(prefix));
        if (const auto m = attribute.match(packet); m.hasMatch())
            return m.captured(1).toStdString();
        if (const auto m = element.match(packet); m.hasMatch())
            return m.captured(2).toStdString();
    }
    return {};
}

std::string joinXmpExtension(const std::string &mainPacket, const std::vector<XmpExtensionPart> &parts, size_t maxBytes,
                             QStringList *warnings)
{
    if (parts.empty())
        return {};
    const auto leftOut = [&](const QString &why) {
        warnings->append(QStringLiteral("extended XMP left out: %1").arg(why));
        return std::string();
    };
    const std::string guid = extendedXmpGuid(mainPacket);
    if (guid.empty())
        return leftOut(QStringLiteral("the main XMP packet does not name it"));
    struct Part {
        uint32_t offset;
        const uint8_t *data;
        size_t size;
    };
    std::vector<Part> ours;
    uint64_t total = 0;
    for (const XmpExtensionPart &p : parts) {
        if (p.size < kPartHeader)
            return leftOut(QStringLiteral("a part of %1 bytes is shorter than its header").arg(p.size));
        const std::string partGuid(reinterpret_cast<const char *>(p.data), kGuidSize);
        if (!isHexGuid(partGuid) || QByteArray::fromStdString(partGuid).compare(guid.c_str(), Qt::CaseInsensitive) != 0)
            continue; // another extension's, which a tool that rewrote the main packet left behind
        const uint32_t length = bigEndian32(p.data + kGuidSize), offset = bigEndian32(p.data + kGuidSize + 4);
        if (ours.empty())
            total = length;
        else if (length != total)
            return leftOut(QStringLiteral("its parts say different lengths (%1 and %2 bytes)").arg(total).arg(length));
        if (total + mainPacket.size() > maxBytes)
            return leftOut(QStringLiteral("%1 bytes with the main packet, over the %2 MB of XMP PixelPool carries")
                               .arg(total + mainPacket.size())
                               .arg(maxBytes >> 20));
        const size_t size = p.size - kPartHeader;
        if (uint64_t(offset) + size > total)
            return leftOut(QStringLiteral("a part of %1 bytes at %2 reaches past its length of %3 bytes")
                               .arg(size)
                               .arg(offset)
                               .arg(total));
        ours.push_back({offset, p.data + kPartHeader, size});
    }
    if (ours.empty())
        return leftOut(QStringLiteral("none of its parts has the GUID the main XMP packet names"));
    // In any order; a part repeated (with the same bytes) is no harm.
    std::sort(ours.begin(), ours.end(), [](const Part &a, const Part &b) { return a.offset < b.offset; });
    std::string joined(size_t(total), '\0');
    uint64_t covered = 0;
    for (const Part &p : ours) {
        if (p.offset > covered)
            break;
        const size_t overlap = size_t(std::min<uint64_t>(covered - p.offset, p.size));
        if (std::memcmp(joined.data() + p.offset, p.data, overlap) != 0)
            return leftOut(QStringLiteral("two parts overlap with different bytes at %1").arg(p.offset));
        std::memcpy(joined.data() + p.offset + overlap, p.data + overlap, p.size - overlap);
        covered = std::max<uint64_t>(covered, p.offset + p.size);
    }
    if (covered < total)
        return leftOut(QStringLiteral("the bytes from %1 of its %2 are missing").arg(covered).arg(total));
    return joined;
}

std::string xmpExtensionGuid(const std::string &extension)
{
    return QCryptographicHash::hash(QByteArrayView(extension.data(), qsizetype(extension.size())),
                                    QCryptographicHash::Md5)
        .toHex()
        .toUpper()
        .toStdString();
}

std::vector<std::string> xmpExtensionSegments(const std::string &extension)
{
    std::vector<std::string> segments;
    const std::string guid = xmpExtensionGuid(extension);
    const size_t chunk = kMaxSegmentData - kSegmentHeader;
    const auto bigEndian = [](uint32_t v) {
        const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
        return std::string(b, 4);
    };
    for (size_t at = 0; at < extension.size(); at += chunk) {
        std::string s(kXmpExtensionId, sizeof kXmpExtensionId); // with its NUL
        s += guid + bigEndian(uint32_t(extension.size())) + bigEndian(uint32_t(at));
        s.append(extension, at, chunk);
        segments.push_back(std::move(s));
    }
    return segments;
}

} // namespace pp::meta
