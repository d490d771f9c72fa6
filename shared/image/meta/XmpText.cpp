#include "XmpText.h"

#include <utility>
#include <vector>

namespace pp::meta {
namespace {

constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kXml = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXmpMeta = "adobe:ns:meta/"; // x:xmpmeta, the packet's wrapper

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool endsName(char c) { return isSpace(c) || c == '/' || c == '>' || c == '=' || c == '<' || c == '"' || c == '\''; }

struct Attribute {
    size_t from, to; // from its leading white space to after its closing quote
    std::string_view name, value;
};

struct StartTag {
    size_t end = 0; // after its '>'
    std::string_view name;
    std::vector<Attribute> attributes;
    bool empty = false; // <name … />
};

// The start tag at `at` (s[at] is '<'), or nullopt when it is not one as XML writes it.
std::optional<StartTag> readStartTag(std::string_view s, size_t at)
{
    StartTag t;
    size_t i = at + 1;
    const auto name = [&] {
        const size_t from = i;
        while (i < s.size() && !endsName(s[i]))
            ++i;
        return s.substr(from, i - from);
    };
    t.name = name();
    if (t.name.empty())
        return std::nullopt;
    for (;;) {
        const size_t space = i;
        while (i < s.size() && isSpace(s[i]))
            ++i;
        if (i >= s.size())
            return std::nullopt;
        if (s[i] == '>') {
            t.end = i + 1;
            return t;
        }
        if (s[i] == '/') {
            if (i + 1 >= s.size() || s[i + 1] != '>')
                return std::nullopt;
            t.end = i + 2;
            t.empty = true;
            return t;
        }
        if (i == space) // attributes are separated by white space
            return std::nullopt;
        const std::string_view attribute = name();
        while (i < s.size() && isSpace(s[i]))
            ++i;
        if (attribute.empty() || i >= s.size() || s[i] != '=')
            return std::nullopt;
        ++i;
        while (i < s.size() && isSpace(s[i]))
            ++i;
        if (i >= s.size() || (s[i] != '"' && s[i] != '\''))
            return std::nullopt;
        const size_t from = i + 1, to = s.find(s[i], from);
        if (to == std::string_view::npos || s.substr(from, to - from).find('<') != std::string_view::npos)
            return std::nullopt;
        i = to + 1;
        t.attributes.push_back({space, i, attribute, s.substr(from, to - from)});
    }
}

// A qualified name's prefix and local name; nullopt for more than one colon or an empty part.
std::optional<std::pair<std::string_view, std::string_view>> splitName(std::string_view name)
{
    const size_t colon = name.find(':');
    if (colon == std::string_view::npos)
        return std::make_pair(std::string_view(), name);
    const std::string_view prefix = name.substr(0, colon), local = name.substr(colon + 1);
    if (prefix.empty() || local.empty() || local.find(':') != std::string_view::npos)
        return std::nullopt;
    return std::make_pair(prefix, local);
}

// The markup of XML itself, never a property: the RDF namespace's elements and attributes
// (rdf:Description, rdf:li, rdf:about…), xml:lang and the like, and the packet's wrapper.
bool isProperty(std::string_view ns) { return ns != kRdf && ns != kXml && ns != kXmpMeta; }

// The scan that the edit and the reading below share, linear in the packet. It calls, in document
// order, on `visit`:
//   comment(at, end)                       a comment, from its "<!--" to after its "-->";
//   start(at, tag, uri, name, depth)       an element's start tag at `at`, its namespace URI and local
//                                          name, inside `depth` open elements;
//   attribute(a, uri, name)                each attribute of it that is no namespace declaration;
//   started(tag, depth)                    after them;
//   end(at, end, depth)                    an end tag from `at` to `end`, `depth` elements left open
//                                          (an empty element's start tag has none).
// False where the packet is not XML this scan reads exactly (removeXmpProperties() says what).
template <typename Visit> bool scanXmp(std::string_view s, Visit &visit)
{
    // The namespaces in scope, innermost last ("" for the default one), and the open elements with
    // the number of bindings in scope outside each.
    std::vector<std::pair<std::string_view, std::string_view>> bindings = {{"xml", kXml}};
    std::vector<std::pair<std::string_view, size_t>> open;
    const auto lookup = [&](std::string_view prefix) -> std::optional<std::string_view> {
        for (auto it = bindings.rbegin(); it != bindings.rend(); ++it)
            if (it->first == prefix)
                return it->second;
        if (prefix.empty())
            return std::string_view(); // no default namespace
        return std::nullopt;
    };
    const auto starts = [&](size_t at, std::string_view with) { return s.compare(at, with.size(), with) == 0; };
    for (size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i)) {
        if (starts(i, "<!--")) {
            const size_t end = s.find("-->", i + 4);
            if (end == std::string_view::npos)
                return false;
            visit.comment(i, end + 3);
            i = end + 3;
            continue;
        }
        if (starts(i, "<![CDATA[")) {
            const size_t end = s.find("]]>", i + 9);
            if (end == std::string_view::npos)
                return false;
            i = end + 3;
            continue;
        }
        if (starts(i, "<!")) // a document type declaration
            return false;
        if (starts(i, "<?")) {
            const size_t end = s.find("?>", i + 2);
            if (end == std::string_view::npos)
                return false;
            i = end + 2;
            continue;
        }
        if (starts(i, "</")) {
            size_t end = i + 2;
            while (end < s.size() && !endsName(s[end]))
                ++end;
            const std::string_view name = s.substr(i + 2, end - i - 2);
            while (end < s.size() && isSpace(s[end]))
                ++end;
            if (end >= s.size() || s[end] != '>' || open.empty() || open.back().first != name)
                return false;
            bindings.resize(open.back().second);
            open.pop_back();
            visit.end(i, end + 1, open.size());
            i = end + 1;
            continue;
        }
        const std::optional<StartTag> tag = readStartTag(s, i);
        if (!tag || open.size() >= size_t(kMaxXmpTextDepth))
            return false;
        const size_t outside = bindings.size();
        for (const Attribute &a : tag->attributes) {
            if (a.name == "xmlns") {
                bindings.emplace_back(std::string_view(), a.value);
            } else if (a.name.substr(0, 6) == "xmlns:") {
                if (a.name.size() == 6 || a.value.empty())
                    return false;
                bindings.emplace_back(a.name.substr(6), a.value);
            }
        }
        const auto element = splitName(tag->name);
        const auto uri = element ? lookup(element->first) : std::nullopt;
        if (!uri)
            return false;
        visit.start(i, *tag, *uri, element->second, open.size());
        for (const Attribute &a : tag->attributes) {
            if (a.name == "xmlns" || a.name.substr(0, 6) == "xmlns:")
                continue;
            const auto name = splitName(a.name);
            // An attribute without a prefix is in no namespace.
            const auto ns = !name ? std::nullopt : name->first.empty() ? std::string_view() : lookup(name->first);
            if (!ns)
                return false;
            visit.attribute(a, *ns, name->second);
        }
        visit.started(*tag, open.size());
        i = tag->end;
        if (tag->empty) {
            bindings.resize(outside);
            continue;
        }
        open.emplace_back(tag->name, outside);
    }
    return open.empty();
}

} // namespace

std::optional<std::string> removeXmpProperties(const std::string &packet, const XmpPropertyTest &drop,
                                               bool dropComments, int *removed)
{
    struct Remove {
        std::string_view s;
        const XmpPropertyTest &drop;
        bool dropComments;
        std::string out;
        size_t copied = 0; // s before it is in `out` or left out
        int count = 0;
        size_t droppedAt = SIZE_MAX; // the depth of the element being left out
        bool dropped = false;        // the element whose start tag is being read

        void comment(size_t at, size_t end)
        {
            if (dropComments && droppedAt == SIZE_MAX) {
                out.append(s.substr(copied, at - copied));
                copied = end;
            }
        }
        void start(size_t at, const StartTag &tag, std::string_view uri, std::string_view name, size_t)
        {
            dropped = droppedAt == SIZE_MAX && isProperty(uri) && drop(uri, name);
            if (dropped) {
                out.append(s.substr(copied, at - copied));
                copied = tag.end;
            }
        }
        void attribute(const Attribute &a, std::string_view uri, std::string_view name)
        {
            if (droppedAt == SIZE_MAX && !dropped && isProperty(uri) && drop(uri, name)) {
                out.append(s.substr(copied, a.from - copied));
                copied = a.to;
                ++count;
            }
        }
        void started(const StartTag &tag, size_t depth)
        {
            if (tag.empty)
                count += dropped;
            else if (dropped)
                droppedAt = depth;
        }
        void end(size_t, size_t end, size_t depth)
        {
            if (depth == droppedAt) {
                copied = end;
                droppedAt = SIZE_MAX;
                ++count;
            }
        }
    } remove{packet, drop, dropComments, {}};
    remove.out.reserve(packet.size());
    if (!scanXmp(packet, remove))
        return std::nullopt;
    remove.out.append(remove.s.substr(remove.copied));
    if (removed)
        *removed = remove.count;
    return std::move(remove.out);
}

std::optional<std::string> xmpPropertyValue(const std::string &packet, std::string_view uri, std::string_view name)
{
    struct Read {
        std::string_view s, uri, name;
        std::optional<std::string> value;
        size_t openAt = SIZE_MAX; // the depth of the property's element while it is open
        size_t content = 0;       // where its content begins

        void comment(size_t, size_t) {}
        void start(size_t, const StartTag &tag, std::string_view u, std::string_view n, size_t depth)
        {
            if (!value && openAt == SIZE_MAX && !tag.empty && u == uri && n == name) {
                openAt = depth;
                content = tag.end;
            }
        }
        void attribute(const Attribute &a, std::string_view u, std::string_view n)
        {
            if (!value && openAt == SIZE_MAX && u == uri && n == name)
                value = std::string(a.value);
        }
        void started(const StartTag &, size_t) {}
        void end(size_t at, size_t, size_t depth)
        {
            if (depth != openAt)
                return;
            openAt = SIZE_MAX;
            const std::string_view text = s.substr(content, at - content);
            if (text.find('<') == std::string_view::npos) // text alone: a simple property
                value = std::string(text);
        }
    } read{packet, uri, name, {}};
    if (!scanXmp(packet, read))
        return std::nullopt;
    return read.value;
}

} // namespace pp::meta
