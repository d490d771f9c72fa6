#include "FrameMetadata.h"
#include "FrameTurn.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <regex>

namespace pp::meta {
namespace {

int orientationOf(int o) { return o >= 1 && o <= 8 ? o : 1; }

cv::Size turned(cv::Size s, int orientation) { return turnSwaps(orientation) ? cv::Size(s.height, s.width) : s; }

void eraseKeys(Exiv2::XmpData &xmp, const std::string &prefix)
{
    for (auto it = xmp.begin(); it != xmp.end();)
        it = it->key().rfind(prefix, 0) == 0 ? xmp.erase(it) : std::next(it);
}

bool hasKeys(const Exiv2::XmpData &xmp, const std::string &prefix)
{
    for (const Exiv2::Xmpdatum &d : xmp)
        if (d.key().rfind(prefix, 0) == 0)
            return true;
    return false;
}

std::optional<double> number(const Exiv2::XmpData &xmp, const std::string &key)
{
    const auto it = xmp.findKey(Exiv2::XmpKey(key));
    if (it == xmp.end())
        return std::nullopt;
    const std::string text = it->toString();
    char *end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::string text(double v)
{
    char out[32];
    std::snprintf(out, sizeof out, "%.6g", v);
    return out;
}

// The same picture's two sizes, in proportion (a tool may have written the regions of a copy).
bool sameShape(double w, double h, cv::Size s)
{
    return w > 0 && h > 0 && std::abs(w * s.height - h * s.width) <= 0.01 * w * s.height;
}

constexpr const char *kMwg = "Xmp.mwg-rs.Regions";

// The MWG regions made true of the output, or left out. Which frame they are in, the stored
// picture's or the one shown after the Orientation, tools disagree on; where the two readings
// would move the regions differently, the dimensions they say they were applied to decide, and
// when those cannot (a square, other proportions, none), the regions are left out.
void frameMwg(Exiv2::XmpData &xmp, const MetadataRequest &req)
{
    if (!hasKeys(xmp, kMwg))
        return;
    const int turn = req.frameTurn;
    const int source = orientationOf(req.sourceOrientation), output = orientationOf(req.orientation);
    if (turn < 1 || turn > 8)
        return eraseKeys(xmp, kMwg);
    const std::string applied = std::string(kMwg) + "/mwg-rs:AppliedToDimensions/stDim:";
    const std::optional<double> w = number(xmp, applied + "w"), h = number(xmp, applied + "h");
    const cv::Size shown = turned(req.sourceSize, source);
    const bool asStored = w && h && sameShape(*w, *h, req.sourceSize);
    const bool asShown = w && h && sameShape(*w, *h, shown);
    const int storedMap = turn, shownMap = composeTurns(composeTurns(inverseTurn(source), turn), output);
    bool shownFrame = false;
    if (storedMap != shownMap) {
        if (asStored == asShown)
            return eraseKeys(xmp, kMwg);
        shownFrame = asShown;
    } else {
        shownFrame = asShown && !asStored;
    }
    const int map = shownFrame ? shownMap : storedMap;
    // Each area: its centre and size, normalised.
    static const std::regex area(R"(^(Xmp\.mwg-rs\.Regions/mwg-rs:RegionList\[\d+\]/mwg-rs:Area)/stArea:(\w+)$)");
    std::map<std::string, std::map<std::string, std::string>> areas;
    for (const Exiv2::Xmpdatum &d : xmp) {
        std::smatch m;
        const std::string key = d.key();
        if (std::regex_match(key, m, area))
            areas[m[1]][m[2]] = d.toString();
    }
    for (const auto &[base, fields] : areas) {
        const auto unit = fields.find("unit");
        if (unit == fields.end() || unit->second != "normalized" || !fields.count("x") || !fields.count("y") ||
            (fields.count("d") && turnSwaps(map)))
            return eraseKeys(xmp, kMwg);
        const std::optional<double> x = number(xmp, base + "/stArea:x"), y = number(xmp, base + "/stArea:y");
        if (!x || !y || *x < 0 || *x > 1 || *y < 0 || *y > 1)
            return eraseKeys(xmp, kMwg);
        const auto [nx, ny] = turnPoint(map, *x, *y);
        xmp[base + "/stArea:x"] = text(nx);
        xmp[base + "/stArea:y"] = text(ny);
        if (turnSwaps(map) && fields.count("w") && fields.count("h")) {
            const std::string aw = fields.at("w"), ah = fields.at("h");
            xmp[base + "/stArea:w"] = ah;
            xmp[base + "/stArea:h"] = aw;
        } else if (turnSwaps(map) && (fields.count("w") || fields.count("h"))) {
            return eraseKeys(xmp, kMwg);
        }
    }
    if (w && h) {
        const cv::Size now = shownFrame ? turned(req.size, output) : req.size;
        xmp[applied + "w"] = std::to_string(now.width);
        xmp[applied + "h"] = std::to_string(now.height);
        xmp[applied + "unit"] = "pixel";
    }
}

// A point of the source's stored pixels in the output's, or nullopt when it is outside.
std::optional<std::pair<long, long>> movePoint(long x, long y, const MetadataRequest &req)
{
    const cv::Size s = req.sourceSize;
    if (x < 0 || y < 0 || x >= s.width || y >= s.height)
        return std::nullopt;
    const auto [nx, ny] = turnPoint(req.frameTurn, (x + 0.5) / s.width, (y + 0.5) / s.height);
    const auto clamp = [](double v, int size) { return std::lround(std::min(std::max(v, 0.0), size - 1.0)); };
    return std::make_pair(clamp(nx * req.size.width - 0.5, req.size.width),
                          clamp(ny * req.size.height - 0.5, req.size.height));
}

} // namespace

void frameExif(Exiv2::ExifData &exif, const MetadataRequest &req)
{
    if (!frameChanged(req)) // kept as they are, whatever their form
        return;
    const cv::Size before = turned(req.sourceSize, req.frameTurn);
    const double sx = double(req.size.width) / before.width, sy = double(req.size.height) / before.height;
    for (const char *key : {"Exif.Photo.SubjectArea", "Exif.Photo.SubjectLocation", "Exif.Image.SubjectLocation"}) {
        const auto it = exif.findKey(Exiv2::ExifKey(key));
        if (it == exif.end())
            continue;
        const long n = it->count();
        std::optional<std::pair<long, long>> centre;
        if (req.frameTurn >= 1 && req.frameTurn <= 8 && n >= 2 && n <= 4 && it->typeId() == Exiv2::unsignedShort)
            centre = movePoint(it->toLong(0), it->toLong(1), req);
        if (!centre) {
            exif.erase(it);
            continue;
        }
        Exiv2::UShortValue value;
        const auto coordinate = [](long v) { return uint16_t(std::min(v, 65535L)); }; // SHORT, as EXIF has it
        value.value_ = {coordinate(centre->first), coordinate(centre->second)};
        const auto scaled = [](double v) { return uint16_t(std::min(65535.0, std::round(v))); };
        if (n == 3) { // a circle's diameter
            value.value_.push_back(scaled(it->toLong(2) * (sx + sy) / 2));
        } else if (n == 4) { // a rectangle's width and height
            long w = it->toLong(2), h = it->toLong(3);
            if (turnSwaps(req.frameTurn))
                std::swap(w, h);
            value.value_.push_back(scaled(w * sx));
            value.value_.push_back(scaled(h * sy));
        }
        it->setValue(&value);
    }
}

void frameXmp(Exiv2::XmpData &xmp, const MetadataRequest &req)
{
    if (!frameChanged(req))
        return;
    frameMwg(xmp, req);
    // Microsoft's regions are normalised: right through a resize that turns nothing.
    const bool unturned = req.frameTurn == 1 && orientationOf(req.orientation) == orientationOf(req.sourceOrientation);
    if (!unturned)
        eraseKeys(xmp, "Xmp.MP.RegionInfo");
    // The IPTC's may be in pixels: right only in the same frame, or when every one is relative.
    bool pixels = false;
    for (const Exiv2::Xmpdatum &d : xmp)
        if (d.key().rfind("Xmp.iptcExt.ImageRegion", 0) == 0 && d.key().find("rbUnit") != std::string::npos)
            pixels |= d.toString() != "relative";
    if (!unturned || (pixels && req.size != req.sourceSize))
        eraseKeys(xmp, "Xmp.iptcExt.ImageRegion");
}

bool frameChanged(const MetadataRequest &req)
{
    return !req.sourceSize.empty() && (req.frameTurn != 1 || req.size != req.sourceSize ||
                                       orientationOf(req.orientation) != orientationOf(req.sourceOrientation));
}

bool isRegionProperty(std::string_view ns, std::string_view name)
{
    return (ns == "http://www.metadataworkinggroup.com/schemas/regions/" && name == "Regions") ||
           (ns == "http://ns.microsoft.com/photo/1.2/" && name == "RegionInfo") ||
           (ns == "http://iptc.org/std/Iptc4xmpExt/2008-02-29/" && name == "ImageRegion");
}

} // namespace pp::meta
