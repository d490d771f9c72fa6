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

} // namespace

std::optional<std::string> removeXmpProperties(const std::string &packet, const XmpPropertyTest &drop,
                                               bool dropComments, int *removed)
{
    const std::string_view s(packet);
    std::string out;
    out.reserve(s.size());
    size_t copied = 0; // s before it is in `out` or left out
    int count = 0;
    // The namespaces in scope, innermost last ("" for the default one), and the open elements with
    // the number of bindings in scope outside each.
    std::vector<std::pair<std::string_view, std::string_view>> bindings = {{"xml", kXml}};
    std::vector<std::pair<std::string_view, size_t>> open;
    size_t droppedAt = SIZE_MAX; // the depth of the element being left out
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
                return std::nullopt;
            if (dropComments && droppedAt == SIZE_MAX) {
                out.append(s.substr(copied, i - copied));
                copied = end + 3;
            }
            i = end + 3;
            continue;
        }
        if (starts(i, "<![CDATA[")) {
            const size_t end = s.find("]]>", i + 9);
            if (end == std::string_view::npos)
                return std::nullopt;
            i = end + 3;
            continue;
        }
        if (starts(i, "<!")) // a document type declaration
            return std::nullopt;
        if (starts(i, "<?")) {
            const size_t end = s.find("?>", i + 2);
            if (end == std::string_view::npos)
                return std::nullopt;
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
                return std::nullopt;
            bindings.resize(open.back().second);
            open.pop_back();
            i = end + 1;
            if (open.size() == droppedAt) {
                copied = i;
                droppedAt = SIZE_MAX;
                ++count;
            }
            continue;
        }
        const std::optional<StartTag> tag = readStartTag(s, i);
        if (!tag || open.size() >= size_t(kMaxXmpTextDepth))
            return std::nullopt;
        const size_t outside = bindings.size();
        for (const Attribute &a : tag->attributes) {
            if (a.name == "xmlns") {
                bindings.emplace_back(std::string_view(), a.value);
            } else if (a.name.substr(0, 6) == "xmlns:") {
                if (a.name.size() == 6 || a.value.empty())
                    return std::nullopt;
                bindings.emplace_back(a.name.substr(6), a.value);
            }
        }
        const auto element = splitName(tag->name);
        const auto uri = element ? lookup(element->first) : std::nullopt;
        if (!uri)
            return std::nullopt;
        const auto property = [&](std::string_view ns) { return ns != kRdf && ns != kXml && ns != kXmpMeta; };
        bool dropped = false;
        if (droppedAt == SIZE_MAX && property(*uri) && drop(*uri, element->second)) {
            out.append(s.substr(copied, i - copied));
            copied = tag->end;
            dropped = true;
        }
        for (const Attribute &a : tag->attributes) {
            if (a.name == "xmlns" || a.name.substr(0, 6) == "xmlns:")
                continue;
            const auto name = splitName(a.name);
            // An attribute without a prefix is in no namespace.
            const auto ns = !name ? std::nullopt : name->first.empty() ? std::string_view() : lookup(name->first);
            if (!ns)
                return std::nullopt;
            if (droppedAt == SIZE_MAX && !dropped && property(*ns) && drop(*ns, name->second)) {
                out.append(s.substr(copied, a.from - copied));
                copied = a.to;
                ++count;
            }
        }
        i = tag->end;
        if (tag->empty) {
            bindings.resize(outside);
            count += dropped;
            continue;
        }
        if (dropped)
            droppedAt = open.size();
        open.emplace_back(tag->name, outside);
    }
    if (!open.empty())
        return std::nullopt;
    out.append(s.substr(copied));
    if (removed)
        *removed = count;
    return out;
}

} // namespace pp::meta
