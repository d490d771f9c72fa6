// Extended XMP in a JPEG (XMP Specification Part 3, 1.1.3.1). A JPEG's APP1 segment holds 64 KB,
// so a larger packet is split: the main packet, in the usual segment, names the rest by a GUID in its
// xmpNote:HasExtendedXMP; the rest is a packet of its own (the extension), cut into APP1 segments of
// "http://ns.adobe.com/xmp/extension/", each with that GUID, the extension's full length and the
// offset of its part. Readers merge the extension's properties into the main packet's. Runs in
// workers on hostile bytes: no XML is parsed here (Metadata.cpp merges, after its caps).
#pragma once

#include <QStringList>
#include <cstdint>
#include <string>
#include <vector>

namespace pp::meta {

// The namespace that begins an extension segment, followed by its NUL.
constexpr char kXmpExtensionId[] = "http://ns.adobe.com/xmp/extension/";

// An extension segment's payload as a JPEG holds it, after kXmpExtensionId and its NUL.
struct XmpExtensionPart {
    const uint8_t *data;
    size_t size;
};

// The GUID the main packet names in xmpNote:HasExtendedXMP (32 hexadecimal digits, under any
// prefix bound to "http://ns.adobe.com/xmp/note/"), or empty.
std::string extendedXmpGuid(const std::string &mainPacket);

// The extension the main packet names, joined from its parts in any order, or empty. Parts of
// another GUID are another (stale) extension's, and are passed over. Left out with a warning
// ("extended XMP left out: …"): parts that the main packet does not name, a length that differs
// between parts or that with the main packet comes to more than `maxBytes`, a part that reaches
// past the length, parts that overlap with other bytes, a gap.
std::string joinXmpExtension(const std::string &mainPacket, const std::vector<XmpExtensionPart> &parts, size_t maxBytes,
                             QStringList *warnings);

// The GUID a writer gives an extension: the MD5 digest of its bytes, 32 upper-case hex digits.
std::string xmpExtensionGuid(const std::string &extension);

// The APP1 segments (their data, kXmpExtensionId first) that carry an extension, in order.
std::vector<std::string> xmpExtensionSegments(const std::string &extension);

} // namespace pp::meta
