// Edits of an XMP packet as text, for the packets the XMP toolkit refuses and PixelPool keeps as they
// were found (a repeated property, one namespace bound to two prefixes), and reading a simple
// property where the toolkit is not at hand (the probe's orientation): properties are named by
// their namespace URI and local name, whatever prefix the packet binds, a default namespace
// (<GPSLatitude xmlns="http://ns.adobe.com/exif/1.0/">) included. Runs in workers on hostile
// bytes: the scan is linear, keeps no more than the nesting it is allowed (kMaxXmpTextDepth), and
// refuses what it cannot read exactly rather than guess.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pp::meta {

constexpr int kMaxXmpTextDepth = 256;

// A property's namespace URI (empty for an attribute without a prefix) and local name.
using XmpPropertyTest = std::function<bool(std::string_view uri, std::string_view name)>;

// The packet without the elements (with their content) and attributes that `drop` names, and,
// with `dropComments`, without its comments. The markup of XML itself is never a property: the
// xmlns declarations, xml:lang and the like, and the elements and attributes of the RDF namespace
// (rdf:Description, rdf:li, rdf:about…). *removed, when given, counts what was taken out.
// nullopt when the packet is not XML this scan reads exactly: a tag cut short, an end tag that
// closes another element, a prefix bound to nothing, a document type declaration (its entities
// could spell out what is removed), nesting deeper than kMaxXmpTextDepth.
std::optional<std::string> removeXmpProperties(const std::string &packet, const XmpPropertyTest &drop,
                                               bool dropComments = false, int *removed = nullptr);

// The text of the first simple property `name` of namespace `uri` in the packet, written as an
// attribute (tiff:Orientation="6") or as an element of text alone (<tiff:Orientation>6</…>), as it
// stands (entities are not replaced); nullopt without one, or when the packet is not XML the scan
// above reads exactly.
std::optional<std::string> xmpPropertyValue(const std::string &packet, std::string_view uri, std::string_view name);

} // namespace pp::meta
