// The file that talks to exiv2 (0.27), with IptcXmp.cpp, which it calls inside its guards. Its container parsers are
// not used for JPEG, PNG and WebP: the decoders hand over the raw blocks and exiv2 parses only those, after the size
// caps. Everything exiv2 does is inside try blocks; its log goes to the job's warnings.
#include "Metadata.h"
#include "ColourManagement.h"
#include "ExtendedXmp.h"
#include "FrameMetadata.h"
#include "IptcXmp.h"
#include "XmpText.h"

#include <QDateTime>
#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <iterator>
#include <QRegularExpression>
#include <exiv2/exiv2.hpp>
#include <functional>
#include <unordered_set>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace pp {
namespace {

thread_local QStringList *t_log = nullptr;

void logToJob(int level, const char *message)
{
    if (!t_log || level < Exiv2::LogMsg::error || t_log->size() >= 4)
        return;
    t_log->append(QStringLiteral("metadata: %1").arg(QString::fromUtf8(message).trimmed()));
}

// Once per process, before the first use on any thread: the XMP toolkit is not thread-safe to
// initialise, and hostile XMP registers namespaces, which needs the lock passed here.
void initExiv2()
{
    static std::once_flag once;
    std::call_once(once, [] {
        static std::mutex xmpLock;
        Exiv2::XmpParser::initialize(
            [](void *m, bool lock) {
                if (lock)
                    static_cast<std::mutex *>(m)->lock();
                else
                    static_cast<std::mutex *>(m)->unlock();
            },
            &xmpLock);
        Exiv2::enableBMFF(true); // Canon CR3 (readRawMetadata)
        // The namespace of xmpNote:HasExtendedXMP, which exiv2 0.27 knows only once a packet used it.
        Exiv2::XmpProperties::registerNs("http://ns.adobe.com/xmp/note/", "xmpNote");
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::error);
        Exiv2::LogMsg::setHandler(logToJob);
    });
}

// Routes exiv2's log to this call's warnings while it lives.
class LogScope
{
public:
    explicit LogScope(QStringList *warnings) : m_previous(t_log)
    {
        initExiv2();
        t_log = warnings;
    }
    ~LogScope() { t_log = m_previous; }

private:
    QStringList *m_previous;
};

QString what(const std::exception &e) { return QString::fromUtf8(e.what()).trimmed(); }

// Runs one exiv2 step; any exception becomes a warning "<block> <why>" and false.
template <typename F> bool guarded(const char *block, QStringList *warnings, F &&f)
{
    try {
        f();
        return true;
    } catch (const std::bad_alloc &) {
        warnings->append(QStringLiteral("%1 left out: out of memory while reading it").arg(QLatin1String(block)));
    } catch (const std::exception &e) { // Exiv2::AnyError derives from it
        warnings->append(QStringLiteral("%1 left out: %2").arg(QLatin1String(block), what(e)));
    }
    return false;
}

// The XMP toolkit recurses without limit; real packets nest a dozen levels.
bool xmpTooDeep(const std::string &packet)
{
    int depth = 0;
    for (size_t i = 0; i + 1 < packet.size(); ++i) {
        if (packet[i] != '<')
            continue;
        const char next = packet[i + 1];
        if (next == '/')
            --depth;
        else if (next != '?' && next != '!' && ++depth > 100)
            return true;
    }
    return false;
}

// The XMP toolkit's time grows with the square of the properties in a packet (24,000 of them:
// 12 s; 150,000 in a 3.7 MB packet: past the worker's time limit, twice). Real packets have a few
// hundred, a camera raw developer's with its history some thousands; the items of one array
// (rdf:li, a long list of keywords or ancestor documents) are one property and are not counted.
constexpr int kMaxXmpProperties = 8192;

// The properties of a packet, roughly: start tags other than rdf:li, and attributes; counted up to
// one more than kMaxXmpProperties.
int xmpPropertyCount(const std::string &packet)
{
    int count = 0;
    for (size_t i = 0; i + 1 < packet.size(); ++i) {
        const char c = packet[i], next = packet[i + 1];
        const bool startTag =
            c == '<' && next != '/' && next != '?' && next != '!' && packet.compare(i + 1, 6, "rdf:li") != 0;
        const bool attribute = c == '=' && (next == '"' || next == '\'');
        if ((startTag || attribute) && ++count > kMaxXmpProperties)
            break;
    }
    return count;
}

bool xmpTooManyProperties(const std::string &packet) { return xmpPropertyCount(packet) > kMaxXmpProperties; }

// Whether a property's or a text entry's name says where the photo was taken, by its words
// (split at separators and where the case turns: "LRFTargetLat" is LRF, Target, Lat; "GPS Latitude",
// "exif:GPSLatitude", "gps_longitude"):
// - any word gps, latitude, longitude (and DJI's longtitude), altitude, location, geolocation, geo,
//   geotag, geohash (exif:GPSLatitude, drone-dji:RelativeAltitude, Iptc4xmpExt:LocationCreated,
//   ShotLocation, a custom namespace's GeoTag);
// - a last word lat, lon, lng or alt after another word: drone-dji:LRFTargetLat, LRFTargetAbsAlt,
//   RtkStdLon (the spot a drone's rangefinder hit: where the photo was taken, to some metres); lat,
//   lon and lng alone too (a custom namespace's Lat and Lon). Alt alone or first is another thing:
//   rdf:Alt, Iptc4xmpCore:AltTextAccessibility;
// - a first word country (Iptc4xmpCore:CountryCode);
// - the whole name city, state, provincestate, sublocation, shotlocation, address, coverage
//   (photoshop:City, a PNG's "Address", dc:coverage: the place a photo shows, in words or
//   coordinates). As words they also name an address given for contact (Iptc4xmpCore:CiAdrCity,
//   plus:LicensorCity), which is kept;
// - a name in one case: one that begins with gps, or holds latitude, longitude or altitude
//   (relativealtitude).
bool isLocationName(QStringView name)
{
    static const QSet<QString> anyWord = {"gps",      "latitude", "longitude",   "longtitude", "altitude",
                                          "location", "geo",      "geolocation", "geotag",     "geohash"};
    static const QSet<QString> lastWord = {"lat", "lon", "lng", "alt"};
    static const QSet<QString> wholeName = {"city",         "state",   "provincestate", "sublocation",
                                            "shotlocation", "address", "coverage"};
    QStringList words, pieces;
    QString word, piece;
    const auto endWord = [&] {
        if (!word.isEmpty())
            words.append(std::exchange(word, {}));
    };
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        if (!c.isLetterOrNumber()) {
            endWord();
            if (!piece.isEmpty())
                pieces.append(std::exchange(piece, {}));
            continue;
        }
        if (!word.isEmpty()) {
            const QChar before = name[i - 1];
            const bool nextLower = i + 1 < name.size() && name[i + 1].isLower();
            if ((c.isUpper() && (before.isLower() || before.isDigit())) ||
                (c.isUpper() && before.isUpper() && nextLower) || c.isDigit() != before.isDigit())
                endWord();
        }
        word += c.toLower();
        piece += c.toLower();
    }
    endWord();
    if (!piece.isEmpty())
        pieces.append(piece);
    for (const QString &w : std::as_const(words))
        if (anyWord.contains(w))
            return true;
    if (!words.isEmpty() && lastWord.contains(words.last()) &&
        (words.size() > 1 || words.last() != QLatin1String("alt")))
        return true;
    if (!words.isEmpty() && words.first() == QLatin1String("country"))
        return true;
    for (const QString &p : std::as_const(pieces))
        if (wholeName.contains(p) || p.startsWith(QLatin1String("gps")) || p.contains(QLatin1String("latitude")) ||
            p.contains(QLatin1String("longitude")) || p.contains(QLatin1String("longtitude")) ||
            p.contains(QLatin1String("altitude")))
            return true;
    return false;
}

bool isLocationName(std::string_view name)
{
    return isLocationName(QStringView(QString::fromUtf8(name.data(), qsizetype(name.size()))));
}

// An exiv2 key such as "Xmp.iptcExt.LocationCreated[1]/iptcExt:City": any property's name in it
// (not its prefixes).
bool isLocationXmpKey(const std::string &key)
{
    static const QRegularExpression name(QStringLiteral("[:/.\\]]([^:/.\\[\\]]+)(?=$|[/\\[])"));
    for (auto it = name.globalMatch(QString::fromStdString(key)); it.hasNext();)
        if (isLocationName(it.next().capturedView(1)))
            return true;
    return false;
}

// A text entry's keyword that names a place ("GPS Latitude", "exif:GPSLatitude", "Location", "City").
bool namesAPlace(const QString &keyword) { return isLocationName(QStringView(keyword)); }

// XMP about data that an output never carries: xmp:Thumbnails (a JPEG of the old picture), a
// Motion Photo's video and an Ultra HDR photo's gain map (GCamera:MotionPhoto…, MicroVideo…,
// Container:Directory, hdrgm:…: files appended after a JPEG, which an output does not write), and
// the original and depth map of a portrait-blurred photo (GImage:Data, GDepth:Data: the old picture
// and its frame). By namespace URI: a name ending in '*' stands for the names it begins, nullptr
// for every property of the namespace.
struct StaleXmp {
    const char *ns;
    const char *name;
};
constexpr StaleXmp kStaleXmp[] = {
    {"http://ns.adobe.com/xap/1.0/", "Thumbnails"},
    {"http://ns.google.com/photos/1.0/camera/", "MotionPhoto*"},
    {"http://ns.google.com/photos/1.0/camera/", "MicroVideo*"},
    {"http://ns.google.com/photos/1.0/container/", nullptr},
    {"http://ns.google.com/photos/1.0/container/item/", nullptr},
    {"http://ns.adobe.com/hdr-gain-map/1.0/", nullptr},
    {"http://ns.google.com/photos/1.0/image/", nullptr},
    {"http://ns.google.com/photos/1.0/depthmap/", nullptr},
};

bool isStaleXmp(std::string_view ns, std::string_view name)
{
    for (const StaleXmp &s : kStaleXmp) {
        if (ns != s.ns)
            continue;
        const std::string_view n = s.name ? s.name : "*";
        if (n.back() == '*' ? name.substr(0, n.size() - 1) == n.substr(0, n.size() - 1) : name == n)
            return true;
    }
    return false;
}

// The same for an exiv2 key ("Xmp.GCamera.MicroVideoOffset", "Xmp.xmp.Thumbnails[1]/xmpGImg:image"):
// its top-level property's namespace, found by the prefix exiv2 gave it.
bool isStaleXmpKey(const std::string &key)
{
    const size_t dot = key.find('.', 4);
    if (key.rfind("Xmp.", 0) != 0 || dot == std::string::npos)
        return false;
    const std::string prefix = key.substr(4, dot - 4);
    const std::string name = key.substr(dot + 1, key.find_first_of("[/", dot) - dot - 1);
    for (const StaleXmp &s : kStaleXmp) {
        if (!isStaleXmp(s.ns, name))
            continue;
        try {
            if (Exiv2::XmpProperties::ns(prefix) == s.ns)
                return true;
        } catch (const std::exception &) { // a prefix exiv2 does not know: not one of these
        }
    }
    return false;
}

// What a packet kept as text (the toolkit cannot parse it) loses: the stale properties above, with
// `stripLocation` the location properties and the comments, and with `dropRegions` the regions of
// faces and subjects (which cannot be moved as text: FrameMetadata.h). Refuses (nullopt) when the packet
// is not XML that can be edited exactly (XmpText.h), or when a location name is still there
// afterwards (in a text, a CDATA section), so that nothing is kept that might say where.
std::optional<std::string> editRawXmp(const std::string &packet, bool stripLocation, bool dropRegions)
{
    const auto drop = [&](std::string_view ns, std::string_view name) {
        return isStaleXmp(ns, name) || (stripLocation && isLocationName(name)) ||
               (dropRegions && meta::isRegionProperty(ns, name));
    };
    std::optional<std::string> edited = meta::removeXmpProperties(packet, drop, stripLocation);
    if (!edited || !stripLocation)
        return edited;
    // Any name as a prefixed name anywhere, and as an element's or attribute's name without one.
    static const QRegularExpression left(QStringLiteral("[\\w.-]+:([\\w.-]+)|<([\\w.-]+)[\\s/>]|\\s([\\w.-]+)\\s*="));
    for (auto it = left.globalMatch(QString::fromStdString(*edited)); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (isLocationName(m.capturedView(m.lastCapturedIndex())))
            return std::nullopt;
    }
    return edited;
}

const char *const kIptcLocationKeys[] = {
    "Iptc.Application2.LocationCode", "Iptc.Application2.LocationName",  "Iptc.Application2.City",
    "Iptc.Application2.SubLocation",  "Iptc.Application2.ProvinceState", "Iptc.Application2.CountryCode",
    "Iptc.Application2.CountryName",
};

// Tags that describe how a TIFF stores its pixels, or previews of the old picture: never true of
// an output.
const char *const kStructureTags[] = {
    "NewSubfileType",
    "SubfileType",
    "ImageWidth",
    "ImageLength",
    "BitsPerSample",
    "Compression",
    "PhotometricInterpretation",
    "FillOrder",
    "StripOffsets",
    "SamplesPerPixel",
    "RowsPerStrip",
    "StripByteCounts",
    "PlanarConfiguration",
    "Predictor",
    "TileWidth",
    "TileLength",
    "TileOffsets",
    "TileByteCounts",
    "SubIFDs",
    "ExtraSamples",
    "SampleFormat",
    "JPEGTables",
    "JPEGInterchangeFormat",
    "JPEGInterchangeFormatLength",
    "YCbCrSubSampling",
    "YCbCrPositioning",
    "ColorMap",
    "TransferFunction",
    "InterColorProfile",
    "XMLPacket",
    "IPTCNAA",
    "ImageResources",
    "ExifTag",
    "GPSTag",
    "InteroperabilityTag",
    "DNGVersion",
    "DNGBackwardVersion",
    "DNGPrivateData",
    "PrintImageMatching",
    "CFARepeatPatternDim",
    "CFAPattern",
};
// The DNG specification's tags (DNGVersion … DNG 1.6): colour matrices, black and white levels,
// crop, calibration. They say how to develop the sensor data, which an output no longer holds.
constexpr uint16_t kFirstDngTag = 50706, kLastDngTag = 52600;

bool keepExifGroup(const std::string &group)
{
    return group == "Image" || group == "Photo" || group == "GPSInfo" || group == "Iop" ||
           Exiv2::ExifTags::isMakerGroup(group);
}

// The maker-note previews exiv2 names (its tag tables' names with Preview, Thumbnail or
// JpgFromRaw in maker-note groups): the images and the tags that locate or describe them.
bool isPreviewKey(const std::string &key)
{
    static const char *const prefixes[] = {
        "Exif.Minolta.Thumbnail",      "Exif.NikonPreview.",          "Exif.Olympus.Thumbnail",
        "Exif.Olympus2.Thumbnail",     "Exif.OlympusCs.PreviewImage", "Exif.Pentax.Preview",
        "Exif.PentaxDng.Preview",      "Exif.SamsungPreview.",        "Exif.Canon.ThumbnailImage",
        "Exif.Casio2.PreviewImage",    "Exif.Olympus.PreviewImage",   "Exif.Olympus2.PreviewImage",
        "Exif.Sony1.PreviewImage",     "Exif.Sony2.PreviewImage",     "Exif.SonyMinolta.Thumbnail",
        "Exif.Canon.PreviewImageInfo", "Exif.Nikon3.Preview",         "Exif.Samsung2.Preview"};
    for (const char *p : prefixes)
        if (key.rfind(p, 0) == 0)
            return true;
    return false;
}

// The maker-note groups that isPreviewKey() looks into.
bool hasPreviews(const std::string &group)
{
    for (const char *g : {"Minolta", "NikonPreview", "Olympus", "Olympus2", "OlympusCs", "Pentax", "PentaxDng",
                          "SamsungPreview", "Canon", "Casio2", "Sony1", "Sony2", "SonyMinolta", "Nikon3", "Samsung2"})
        if (group == g)
            return true;
    return false;
}

void eraseIf(Exiv2::ExifData &exif, const std::function<bool(const Exiv2::Exifdatum &)> &drop)
{
    for (auto it = exif.begin(); it != exif.end();)
        it = drop(*it) ? exif.erase(it) : std::next(it);
}

// A TIFF structure whose first directory has no entries: what ImageMagick writes into a JPEG it
// made from one without EXIF. Nothing is in it to keep, so nothing is said of leaving it out.
bool holdsNoTags(const std::vector<uint8_t> &tiff)
{
    if (tiff.size() < 8)
        return false;
    const bool little = tiff[0] == 'I' && tiff[1] == 'I', big = tiff[0] == 'M' && tiff[1] == 'M';
    const auto u16 = [&](size_t at) {
        return little ? uint32_t(tiff[at] | tiff[at + 1] << 8) : uint32_t(tiff[at] << 8 | tiff[at + 1]);
    };
    if ((!little && !big) || u16(2) != 42)
        return false;
    const uint64_t ifd0 = little ? (u16(6) << 16 | u16(4)) : (u16(4) << 16 | u16(6));
    return ifd0 >= 8 && ifd0 + 2 <= tiff.size() && u16(size_t(ifd0)) == 0;
}

// What exiv2 said of damage while it read EXIF (its log, "metadata: …"), without what cost nothing:
// a camera's maker note whose directory it could not read ("Directory Canon with 7936 entries
// considered invalid; not read.": a little-endian Canon note in a big-endian TIFF, read in the
// file's byte order) while it kept the note's bytes whole as Exif.Photo.MakerNote, which goes to the
// output as it was; and the XMP toolkit's complaints (about a TIFF's packet, which prepareMetadata
// reads and reports itself). Empty when nothing is left.
QString exifDamage(const QStringList &log, const Exiv2::ExifData &exif)
{
    static const QRegularExpression makerNote(
        QStringLiteral("^(?:Directory (\\w+) with \\d+ entries considered invalid; not read|"
                       "Failed to read (\\w+) IFD Makernote header)\\.?$"));
    const auto keptWhole = [&](const QString &group) {
        const std::string g = group.toStdString();
        if (!Exiv2::ExifTags::isMakerGroup(g))
            return false;
        const auto note = exif.findKey(Exiv2::ExifKey("Exif.Photo.MakerNote"));
        return note != exif.end() && note->size() > 0 &&
               std::none_of(exif.begin(), exif.end(), [&](const Exiv2::Exifdatum &d) { return d.groupName() == g; });
    };
    for (const QString &line : log) {
        const QString why = line.section(QLatin1String(": "), 1);
        if (why.startsWith(QLatin1String("XMP")))
            continue;
        const QRegularExpressionMatch m = makerNote.match(why);
        if (m.hasMatch() && keptWhole(m.captured(1).isEmpty() ? m.captured(2) : m.captured(1)))
            continue;
        return why;
    }
    return {};
}

// The source's EXIF: its first block, completed with the tags of the further ones. False (with a
// warning) when there is none or the first cannot be read; damage exiv2 skipped over is reported.
bool decodeSourceExif(const SourceMetadata &src, Exiv2::ExifData *exif, Exiv2::ByteOrder *order, QStringList *warnings)
{
    if (src.exif.empty())
        return false;
    if (src.exif.size() > kMaxExifBytes) {
        warnings->append(QStringLiteral("EXIF left out: %1 bytes is more than any camera writes").arg(src.exif.size()));
        return false;
    }
    QStringList damage; // what exiv2 logs while it skips damaged directories
    {
        LogScope log(&damage);
        if (!guarded("EXIF", warnings,
                     [&] { *order = Exiv2::ExifParser::decode(*exif, src.exif.data(), uint32_t(src.exif.size())); }))
            return false;
    }
    const QString why = exifDamage(damage, *exif);
    if (exif->empty() && !(why.isEmpty() && holdsNoTags(src.exif)))
        warnings->append(
            QStringLiteral("EXIF left out: %1").arg(why.isEmpty() ? QStringLiteral("no readable tags") : why));
    else if (!why.isEmpty())
        warnings->append(QStringLiteral("EXIF damaged, the readable part kept: %1").arg(why));
    // Further EXIF blocks add the tags the first lacks: looked up in a set (exiv2's findKey is a
    // linear search, and four blocks of 4,000 tags took 6 s).
    std::unordered_set<std::string> keys;
    if (!src.moreExif.empty())
        for (const Exiv2::Exifdatum &d : *exif)
            keys.insert(d.key());
    for (const std::vector<uint8_t> &more : src.moreExif) {
        Exiv2::ExifData extra;
        if (more.size() <= kMaxExifBytes &&
            guarded("EXIF", warnings, [&] { Exiv2::ExifParser::decode(extra, more.data(), uint32_t(more.size())); }))
            for (const Exiv2::Exifdatum &d : extra)
                if (keys.insert(d.key()).second)
                    exif->add(d);
    }
    return true;
}

// Drops what is never true of an output: groups other than the image's, the GPS and interop
// directories and maker notes (the thumbnail, IFD1, among them), maker-note previews, the tags
// that describe how a TIFF stored its pixels, and with stripLocation every GPS tag. Decided once
// per directory: a camera's maker note can hold thousands of tags, and exiv2 finds a tag's group
// name by searching its tables.
void dropUntrueTags(Exiv2::ExifData &exif, bool stripLocation)
{
    struct Verdict {
        bool keep, image, gps, previews;
    };
    std::unordered_map<int, Verdict> verdicts;
    eraseIf(exif, [&](const Exiv2::Exifdatum &d) {
        auto [it, fresh] = verdicts.try_emplace(int(d.ifdId()));
        if (fresh) {
            const std::string g = d.groupName();
            it->second = {keepExifGroup(g), g == "Image", g == "GPSInfo", hasPreviews(g)};
        }
        const Verdict &v = it->second;
        if (!v.keep || (v.previews && isPreviewKey(d.key())))
            return true;
        if (stripLocation && v.gps)
            return true;
        if (v.image && d.tag() >= kFirstDngTag && d.tag() <= kLastDngTag) // how a RAW is to be developed
            return true;
        if (v.image)
            for (const char *t : kStructureTags)
                if (d.tagName() == t)
                    return true;
        return false;
    });
}

// DPI as EXIF states it (XResolution with ResolutionUnit inch or cm), or 0.
double exifDpi(const Exiv2::ExifData &exif, const char *key)
{
    const auto it = exif.findKey(Exiv2::ExifKey(key));
    if (it == exif.end() || it->count() < 1)
        return 0;
    const Exiv2::Rational r = it->toRational(0);
    if (r.second <= 0 || r.first <= 0)
        return 0;
    double v = double(r.first) / r.second;
    const auto unit = exif.findKey(Exiv2::ExifKey("Exif.Image.ResolutionUnit"));
    const long u = unit != exif.end() && unit->count() > 0 ? unit->toLong(0) : 2;
    if (u == 3)
        v *= 2.54;
    else if (u != 2)
        return 0;
    return v >= 1 && v <= 100000 ? v : 0;
}

Exiv2::URational toRational(double v)
{
    if (v == std::floor(v))
        return {uint32_t(v), 1};
    return {uint32_t(std::lround(v * 100)), 100};
}

// The EXIF the output gets: made true of the output, filtered by policy. Returns the byte order to
// encode in through *order.
bool prepareExif(const SourceMetadata &src, const MetadataRequest &req, bool srgb, Exiv2::ExifData *exif,
                 Exiv2::ByteOrder *order, double *dpiX, double *dpiY, QStringList *warnings)
{
    if (!decodeSourceExif(src, exif, order, warnings))
        return false;
    if (*dpiX <= 0) {
        *dpiX = exifDpi(*exif, "Exif.Image.XResolution");
        *dpiY = exifDpi(*exif, "Exif.Image.YResolution");
        if (*dpiY <= 0)
            *dpiY = *dpiX;
    }
    dropUntrueTags(*exif, req.policy == MetadataPolicy::StripLocation);
    if (exif->empty())
        return false;
    // Each tag made true of the output is said once: a directory can repeat a tag (Orientation 1,
    // then 6), and exiv2 sets only the first entry of a key, which left the other in the output for
    // readers that take the last one (Pillow turned the upright pixels by it).
    const bool resolution = *dpiX > 0;
    eraseIf(*exif, [&](const Exiv2::Exifdatum &d) {
        switch (d.tag()) {
        case 0x0112:
            return d.key() == "Exif.Image.Orientation";
        case 0xa002:
            return d.key() == "Exif.Photo.PixelXDimension";
        case 0xa003:
            return d.key() == "Exif.Photo.PixelYDimension";
        case 0x011a:
            return resolution && d.key() == "Exif.Image.XResolution";
        case 0x011b:
            return resolution && d.key() == "Exif.Image.YResolution";
        case 0x0128:
            return resolution && d.key() == "Exif.Image.ResolutionUnit";
        default:
            return false;
        }
    });
    if (!guarded("EXIF", warnings, [&] { meta::frameExif(*exif, req); }))
        return false;
    (*exif)["Exif.Image.Orientation"] = uint16_t(req.orientation);
    // Exif gives compressed data the size tags; a TIFF states its size in IFD0 (exiftool: "not
    // allowed in TIFF"), so one gets none.
    if (req.format != OutputFormat::Tiff) {
        (*exif)["Exif.Photo.PixelXDimension"] = uint32_t(req.size.width);
        (*exif)["Exif.Photo.PixelYDimension"] = uint32_t(req.size.height);
    }
    if (resolution) {
        (*exif)["Exif.Image.XResolution"] = toRational(*dpiX);
        (*exif)["Exif.Image.YResolution"] = toRational(*dpiY);
        (*exif)["Exif.Image.ResolutionUnit"] = uint16_t(2);
    }
    // The colour space EXIF states, where it states one, made true of the output: an sRGB output
    // is ColorSpace 1 with DCF's index R98; one with another profile is "uncalibrated" (0xFFFF),
    // its profile saying what it is, and loses an index R98. A photo converted from Adobe RGB
    // kept "uncalibrated, R03", and a JPEG XL output then said Adobe RGB with nothing else.
    const auto space = exif->findKey(Exiv2::ExifKey("Exif.Photo.ColorSpace"));
    if (space != exif->end())
        space->setValue(srgb ? "1" : "65535");
    const auto index = exif->findKey(Exiv2::ExifKey("Exif.Iop.InteroperabilityIndex"));
    if (index != exif->end()) {
        if (srgb)
            index->setValue("R98");
        else if (QString::fromStdString(index->toString()).remove(QChar(0)).trimmed() == QLatin1String("R98"))
            exif->erase(index);
    }
    // The Exif IFD has tags of its own that Exif 2.32 requires: where the source states none (a file
    // with IFD0 tags only), they are made, and a JPEG's IFD0 says its components are centred, as
    // libjpeg samples them. Before, such an Exif IFD held the size alone
    // and a JPEG lost its YCbCrPositioning (`exiftool -validate`: five required tags missing).
    const auto makeIfMissing = [exif](const char *key, Exiv2::TypeId type, const char *value) {
        const Exiv2::ExifKey k(key);
        if (exif->findKey(k) != exif->end())
            return;
        const Exiv2::Value::AutoPtr v = Exiv2::Value::create(type);
        v->read(value);
        exif->add(k, v.get());
    };
    makeIfMissing("Exif.Photo.ExifVersion", Exiv2::undefined, "48 50 51 50");     // "0232"
    makeIfMissing("Exif.Photo.FlashpixVersion", Exiv2::undefined, "48 49 48 48"); // "0100"
    makeIfMissing("Exif.Photo.ColorSpace", Exiv2::unsignedShort, srgb ? "1" : "65535");
    if (req.format == OutputFormat::Jpeg) {
        makeIfMissing("Exif.Photo.ComponentsConfiguration", Exiv2::undefined, "1 2 3 0"); // Y, Cb, Cr
        (*exif)["Exif.Image.YCbCrPositioning"] = uint16_t(1);
    }
    return true;
}

// Tags Exiv2::ExifParser::encode never writes, left out here too: those the Canon maker note's
// AFInfo array is read into, which exiv2 would write as made-up entries (exiv2 issue 981).
const char *const kMadeUpTags[] = {
    "Exif.Canon.AFInfoSize",      "Exif.Canon.AFAreaMode",        "Exif.Canon.AFNumPoints",
    "Exif.Canon.AFValidPoints",   "Exif.Canon.AFCanonImageWidth", "Exif.Canon.AFCanonImageHeight",
    "Exif.Canon.AFImageWidth",    "Exif.Canon.AFImageHeight",     "Exif.Canon.AFAreaWidths",
    "Exif.Canon.AFAreaHeights",   "Exif.Canon.AFXPositions",      "Exif.Canon.AFYPositions",
    "Exif.Canon.AFPointsInFocus", "Exif.Canon.AFPointsSelected",  "Exif.Canon.AFPointsUnusable",
};

// The tags serialised as a TIFF structure, every one of them. Exiv2::ExifParser::encode makes a
// block fit a JPEG by itself: over 64 KB it drops every tag over 20 KB (4 KB when exiv2 does not
// know it: a camera's maker note, a long UserComment or ImageDescription), and says so only below
// the log level PixelPool listens at. What a format cannot hold is decided here instead, and said.
// The tags ExifParser::encode drops from every block (those above, the image-structure tags and
// sub-image directories) never get here (dropUntrueTags).
Exiv2::Blob encodeWhole(const Exiv2::ExifData &exif, Exiv2::ByteOrder order)
{
    Exiv2::ExifData kept = exif;
    for (const char *key : kMadeUpTags)
        for (auto it = kept.findKey(Exiv2::ExifKey(key)); it != kept.end(); it = kept.findKey(Exiv2::ExifKey(key)))
            kept.erase(it);
    Exiv2::MemIo io;
    Exiv2::TiffParser::encode(io, nullptr, 0, order, kept, Exiv2::IptcData(), Exiv2::XmpData());
    const Exiv2::byte *data = io.size() > 0 ? io.mmap() : nullptr;
    return data ? Exiv2::Blob(data, data + io.size()) : Exiv2::Blob();
}

// Serialises the output's EXIF. A JPEG's APP1 segment holds at most 65533 bytes, "Exif\0\0"
// included; other formats take up to kMaxExifBytes. What does not fit is left out and named: the
// camera's maker notes first, then the largest tags.
std::vector<uint8_t> encodeExif(Exiv2::ExifData &exif, Exiv2::ByteOrder order, OutputFormat format,
                                QStringList *warnings)
{
    std::vector<uint8_t> out;
    const bool jpeg = format == OutputFormat::Jpeg;
    const size_t limit = jpeg ? 65533 - 6 : kMaxExifBytes;
    const QString why = jpeg ? QStringLiteral("EXIF is limited to 64 KB in a JPEG")
                             : QStringLiteral("EXIF is limited to %1 MB here").arg(kMaxExifBytes >> 20);
    guarded("EXIF", warnings, [&] {
        Exiv2::Blob blob = encodeWhole(exif, order);
        if (blob.size() > limit) {
            const auto before = exif.count();
            eraseIf(exif, [](const Exiv2::Exifdatum &d) {
                return d.key() == "Exif.Photo.MakerNote" || Exiv2::ExifTags::isMakerGroup(d.groupName());
            });
            if (exif.count() != before) {
                blob = encodeWhole(exif, order);
                warnings->append(QStringLiteral("the camera's maker notes left out: %1").arg(why));
            }
        }
        // The largest tags, until what is left fits: a round drops as many as the excess needs,
        // each counted with its 12-byte directory entry. What PixelPool made true of the output
        // (orientation, size) stays.
        QStringList dropped;
        for (int round = 0; round < 4 && blob.size() > limit && !exif.empty(); ++round) {
            std::vector<std::pair<long, std::string>> bySize;
            for (const Exiv2::Exifdatum &d : exif)
                if (d.key() != "Exif.Image.Orientation" && d.key() != "Exif.Photo.PixelXDimension" &&
                    d.key() != "Exif.Photo.PixelYDimension")
                    bySize.emplace_back(d.size(), d.key());
            std::sort(bySize.begin(), bySize.end(), std::greater<>());
            size_t freed = 0;
            for (const auto &[size, key] : bySize) {
                if (freed >= blob.size() - limit)
                    break;
                freed += size_t(size) + 12;
                exif.erase(exif.findKey(Exiv2::ExifKey(key)));
                dropped.append(QStringLiteral("%1 (%2 bytes)").arg(QString::fromStdString(key)).arg(size));
            }
            blob = encodeWhole(exif, order);
        }
        if (blob.size() > limit) {
            warnings->append(
                QStringLiteral("EXIF left out: %1 bytes do not fit in the output's EXIF block").arg(blob.size()));
            return;
        }
        if (!dropped.isEmpty()) {
            const qsizetype named = std::min<qsizetype>(dropped.size(), 5);
            QString list = QStringList(dropped.mid(0, named)).join(QLatin1String(", "));
            if (dropped.size() > named)
                list += QStringLiteral(" and %1 more").arg(dropped.size() - named);
            warnings->append(QStringLiteral("EXIF %1 %2 left out: %3")
                                 .arg(dropped.size() == 1 ? QStringLiteral("tag") : QStringLiteral("tags"), list, why));
        }
        out.assign(blob.begin(), blob.end());
    });
    return out;
}

// The most a JPEG's XMP segment holds: 65533 bytes, "http://ns.adobe.com/xap/1.0/" and its NUL
// included.
constexpr size_t kMaxJpegXmp = 65504;

constexpr const char *kHasExtendedXmp = "Xmp.xmpNote.HasExtendedXMP";

// The top-level property an exiv2 XMP key belongs to: "Xmp.xmpMM.History[1]/stEvt:action" to
// "Xmp.xmpMM.History".
std::string topProperty(const std::string &key) { return key.substr(0, key.find_first_of("[/")); }

// Merges a JPEG's extended XMP into its main packet's properties, as the XMP specification tells
// readers to; a property the main packet has itself stays its own. Until 2026-12-06 the extension
// was never read: its properties (a 160 KB dc:description) were lost from every output, which
// still named it in xmpNote:HasExtendedXMP.
void mergeXmpExtension(const std::string &main, const std::string &extension, Exiv2::XmpData *xmp,
                       QStringList *warnings)
{
    const auto leftOut = [&](const QString &why) {
        warnings->append(QStringLiteral("extended XMP left out: %1").arg(why));
    };
    if (xmpTooDeep(extension))
        return leftOut(QStringLiteral("deeper than any real packet"));
    if (xmpPropertyCount(main) + xmpPropertyCount(extension) > kMaxXmpProperties)
        return leftOut(QStringLiteral("with the main packet more than %1 properties, more than any real packet")
                           .arg(kMaxXmpProperties));
    Exiv2::XmpData more;
    int rc = 0;
    QStringList why; // the toolkit's reason goes to the log
    {
        LogScope log(&why);
        if (!guarded("extended XMP", warnings, [&] { rc = Exiv2::XmpParser::decode(more, extension); }))
            return;
    }
    if (rc != 0)
        return leftOut(why.isEmpty() ? QStringLiteral("error %1").arg(rc)
                                     : why.first().section(QLatin1String(": "), 1));
    std::unordered_set<std::string> own;
    for (const Exiv2::Xmpdatum &d : *xmp)
        own.insert(topProperty(d.key()));
    for (const Exiv2::Xmpdatum &d : more)
        if (!own.count(topProperty(d.key())))
            xmp->add(d);
}

// A packet too large for a JPEG's XMP segment, written as extended XMP: the largest top-level
// properties go to the extension until the main packet fits, which then names the extension by
// its MD5 digest in xmpNote:HasExtendedXMP (as Adobe's XMP toolkit writes it). False when the main
// packet does not come to fit. Until 2026-12-06 the whole packet was left out of such a JPEG, its
// rating and keywords with the large property.
bool splitForJpeg(const Exiv2::XmpData &xmp, std::string *main, std::string *extension)
{
    std::unordered_map<std::string, size_t> sizes; // each top-level property's, roughly as written
    for (const Exiv2::Xmpdatum &d : xmp)
        sizes[topProperty(d.key())] += d.key().size() + d.toString().size() + 64;
    std::vector<std::pair<size_t, std::string>> bySize;
    for (const auto &[name, size] : sizes)
        bySize.emplace_back(size, name);
    std::sort(bySize.begin(), bySize.end(), std::greater<>());
    std::unordered_set<std::string> moved;
    size_t next = 0;
    const auto part = [&](bool extended) {
        Exiv2::XmpData d;
        for (const Exiv2::Xmpdatum &x : xmp)
            if (moved.count(topProperty(x.key())) == size_t(extended))
                d.add(x);
        return d;
    };
    constexpr auto kCompact = Exiv2::XmpParser::useCompactFormat;
    for (int round = 0; round < 16; ++round) {
        Exiv2::XmpData kept = part(false);
        kept[kHasExtendedXmp] = std::string(32, '0'); // as long as the GUID it will be
        std::string packet;
        if (Exiv2::XmpParser::encode(packet, kept, kCompact) != 0)
            return false;
        if (packet.size() <= kMaxJpegXmp) {
            std::string rest;
            if (Exiv2::XmpParser::encode(rest, part(true), kCompact | Exiv2::XmpParser::omitPacketWrapper) != 0 ||
                rest.size() > kMaxXmpBytes)
                return false;
            kept[kHasExtendedXmp] = meta::xmpExtensionGuid(rest);
            if (Exiv2::XmpParser::encode(packet, kept, kCompact) != 0 || packet.size() > kMaxJpegXmp)
                return false;
            *main = std::move(packet);
            *extension = std::move(rest);
            return true;
        }
        if (next == bySize.size())
            return false;
        for (size_t freed = 0; next < bySize.size() && freed < packet.size() - kMaxJpegXmp; ++next) {
            moved.insert(bySize[next].second);
            freed += bySize[next].first;
        }
    }
    return false;
}

// XMP that exiv2 cannot parse (Photoshop often repeats properties, which the toolkit refuses) is
// kept as found, with the few simple properties that must change rewritten in the text, and without
// the source's xmpNote:HasExtendedXMP, which would name an extension the output does not carry.
std::string patchRawXmp(const std::string &packet, const MetadataRequest &req, bool srgb)
{
    QString text = QString::fromUtf8(packet.data(), qsizetype(packet.size()));
    static const QRegularExpression extendedAttribute(
        QStringLiteral("\\s[\\w.-]+:HasExtendedXMP\\s*=\\s*(\"[^\"]*\"|'[^']*')"));
    static const QRegularExpression extendedElement(
        QStringLiteral("<([\\w.-]+:HasExtendedXMP)(\\s[^>]*)?>[^<]*</\\1\\s*>"));
    text.remove(extendedAttribute);
    text.remove(extendedElement);
    const auto set = [&](const char *name, long value) {
        const QString n = QRegularExpression::escape(QLatin1String(name));
        static const QString attr = QStringLiteral("(%1\\s*=\\s*[\"'])\\s*\\d+\\s*([\"'])");
        static const QString elem = QStringLiteral("(<%1>)\\s*\\d+\\s*(</%1>)");
        const QString v = QString::number(value);
        text.replace(QRegularExpression(attr.arg(n)), QStringLiteral("\\1%1\\2").arg(v));
        text.replace(QRegularExpression(elem.arg(n)), QStringLiteral("\\1%1\\2").arg(v));
    };
    set("tiff:Orientation", req.orientation);
    set("exif:PixelXDimension", req.size.width);
    set("exif:PixelYDimension", req.size.height);
    set("tiff:ImageWidth", req.size.width);
    set("tiff:ImageLength", req.size.height);
    set("exif:ColorSpace", srgb ? 1 : 65535);
    return text.toStdString();
}

void setIfPresent(Exiv2::XmpData &xmp, const char *key, const std::string &value)
{
    if (xmp.findKey(Exiv2::XmpKey(key)) != xmp.end())
        xmp[key] = value;
}

// The standard homes of a text entry's keyword (PNG's, matched without regard to case) in EXIF and
// XMP. A Comment goes into a JPEG's COM segment instead.
struct TextHome {
    const char *keyword;
    const char *exifKey; // nullptr: EXIF has none
    const char *xmpKey;
    const char *xmpName; // the property as it stands in a packet's text
};
constexpr TextHome kTextHomes[] = {
    {"Title", nullptr, "Xmp.dc.title", "dc:title"},
    {"Author", "Exif.Image.Artist", "Xmp.dc.creator", "dc:creator"},
    {"Description", "Exif.Image.ImageDescription", "Xmp.dc.description", "dc:description"},
    {"Copyright", "Exif.Image.Copyright", "Xmp.dc.rights", "dc:rights"},
    {"Comment", nullptr, "Xmp.exif.UserComment", "exif:UserComment"},
};
constexpr size_t kHomes = std::size(kTextHomes);
constexpr size_t kComment = 4;

// What the source's text entries say for each home, in file order, and whether the source's EXIF
// or XMP already says it (then the entries are not copied there).
struct TextFields {
    std::array<std::vector<const TextEntry *>, kHomes> entries;
    std::array<bool, kHomes> inSource{};
    bool any() const
    {
        return std::any_of(entries.begin(), entries.end(), [](const auto &e) { return !e.empty(); });
    }
    bool wanted(size_t home) const { return !entries[home].empty() && !inSource[home]; }
};

TextFields textFields(const std::vector<TextEntry> &texts)
{
    TextFields f;
    for (const TextEntry &t : texts)
        for (size_t h = 0; h < kHomes; ++h)
            if (t.key.compare(QLatin1String(kTextHomes[h].keyword), Qt::CaseInsensitive) == 0 && !t.text.isEmpty())
                f.entries[h].push_back(&t);
    return f;
}

// Whether a field says something: cameras fill Artist and Copyright with spaces, which EXIF calls
// unknown.
bool saysSomething(const Exiv2::Value &v)
{
    if (const auto *alt = dynamic_cast<const Exiv2::LangAltValue *>(&v))
        return std::any_of(alt->value_.begin(), alt->value_.end(),
                           [](const auto &entry) { return !QString::fromStdString(entry.second).trimmed().isEmpty(); });
    if (const auto *comment = dynamic_cast<const Exiv2::CommentValue *>(&v))
        return !QString::fromStdString(comment->comment()).remove(QChar(0)).trimmed().isEmpty();
    return !QString::fromStdString(v.toString()).remove(QChar(0)).trimmed().isEmpty();
}

// A language alternative: the first entry as the default, and each entry that names a language
// in that language (the first of each).
void addLangAlt(Exiv2::XmpData &xmp, const char *key, const std::vector<const TextEntry *> &entries)
{
    Exiv2::LangAltValue value;
    value.value_["x-default"] = entries.front()->text.toStdString();
    for (const TextEntry *t : entries)
        if (!t->language.isEmpty() && !value.value_.count(t->language.toStdString()))
            value.value_[t->language.toStdString()] = t->text.toStdString();
    xmp.add(Exiv2::XmpKey(key), &value);
}

// The text entries in the XMP, where neither the source's EXIF nor its XMP says them.
void addTextToXmp(Exiv2::XmpData &xmp, TextFields *fields, bool jpeg)
{
    for (size_t h = 0; h < kHomes; ++h) {
        const auto it = xmp.findKey(Exiv2::XmpKey(kTextHomes[h].xmpKey));
        if (it != xmp.end() && saysSomething(it->value()))
            fields->inSource[h] = true;
        else if (it != xmp.end() && fields->wanted(h) && !(h == kComment && jpeg))
            xmp.erase(it); // blank: the entry's text goes in its place
        if (!fields->wanted(h) || (h == kComment && jpeg))
            continue;
        if (std::strcmp(kTextHomes[h].xmpKey, "Xmp.dc.creator") == 0) {
            Exiv2::XmpArrayValue value(Exiv2::xmpSeq);
            for (const TextEntry *t : fields->entries[h])
                value.read(t->text.toStdString());
            xmp.add(Exiv2::XmpKey(kTextHomes[h].xmpKey), &value);
        } else {
            addLangAlt(xmp, kTextHomes[h].xmpKey, fields->entries[h]);
        }
    }
}

// The text entries in the EXIF, where neither the source's EXIF nor its XMP says them. Authors are
// one Artist, separated by "; ".
void addTextToExif(Exiv2::ExifData &exif, const TextFields &fields)
{
    for (size_t h = 0; h < kHomes; ++h) {
        if (!kTextHomes[h].exifKey || !fields.wanted(h))
            continue;
        QStringList values;
        for (const TextEntry *t : fields.entries[h])
            values.append(t->text);
        const QString value = h == 1 ? values.join(QLatin1String("; ")) : values.first();
        exif[kTextHomes[h].exifKey] = value.toStdString();
    }
}

// The output's XMP packet; IPTC is mirrored into it where the format has no IPTC block.
std::string prepareXmp(const SourceMetadata &src, const MetadataRequest &req, bool srgb, const Exiv2::IptcData *mirror,
                       TextFields *fields, std::string *extension, QStringList *warnings)
{
    std::string packet;
    Exiv2::XmpData xmp;
    bool parsed = true;
    if (!src.xmp.empty()) {
        if (src.xmp.size() > kMaxXmpBytes || xmpTooDeep(src.xmp)) {
            warnings->append(QStringLiteral("XMP left out: larger or deeper than any real packet"));
            return {};
        }
        if (xmpTooManyProperties(src.xmp)) {
            warnings->append(QStringLiteral("XMP left out: more than %1 properties, more than any real packet")
                                 .arg(kMaxXmpProperties));
            return {};
        }
        int rc = 0;
        QStringList why; // the toolkit's reason goes to the log
        {
            LogScope log(&why);
            if (!guarded("XMP", warnings, [&] { rc = Exiv2::XmpParser::decode(xmp, src.xmp); }))
                return {};
        }
        parsed = rc == 0;
        const QString reason =
            why.isEmpty() ? QStringLiteral("error %1").arg(rc) : why.first().section(QLatin1String(": "), 1);
        // Kept as text: well-formed packets the toolkit refuses, in which a tool repeated a property
        // or bound one namespace to two prefixes (an old packet's xap: with a newer tool's xmp:), both
        // seen in the wild; all of such a packet is still what the photographer wrote.
        if (!parsed && !reason.contains(QLatin1String("Duplicate property")) &&
            !reason.contains(QLatin1String("namespace URI and prefix mismatch"))) {
            warnings->append(QStringLiteral("XMP left out: %1").arg(reason));
            return {};
        }
        if (!parsed) {
            if (!src.xmpExtension.empty())
                warnings->append(QStringLiteral("extended XMP left out: the main XMP packet cannot be read (%1), "
                                                "so nothing can be merged into it")
                                     .arg(reason));
            // The text entries are not added to a packet kept as text; it says what it says.
            for (size_t h = 0; h < kHomes; ++h)
                if (src.xmp.find(kTextHomes[h].xmpName) != std::string::npos)
                    fields->inSource[h] = true;
            const bool stripLocation = req.policy == MetadataPolicy::StripLocation;
            const std::optional<std::string> packet = editRawXmp(src.xmp, stripLocation, meta::frameChanged(req));
            if (!packet) {
                warnings->append(stripLocation ? QStringLiteral("XMP left out: it cannot be read (%1), and its "
                                                                "location fields cannot be removed safely")
                                                     .arg(reason)
                                               : QStringLiteral("XMP left out: %1").arg(reason));
                return {};
            }
            if (mirror && !mirror->empty())
                warnings->append(QStringLiteral("IPTC left out: this format holds it only inside XMP, and the "
                                                "source's XMP cannot be read"));
            return patchRawXmp(*packet, req, srgb);
        }
    }
    if (!src.xmpExtension.empty())
        mergeXmpExtension(src.xmp, src.xmpExtension, &xmp, warnings);
    // The output never carries the source's extension (a JPEG output names its own, splitForJpeg).
    for (auto it = xmp.findKey(Exiv2::XmpKey(kHasExtendedXmp)); it != xmp.end();
         it = xmp.findKey(Exiv2::XmpKey(kHasExtendedXmp)))
        xmp.erase(it);
    const bool stripLocation = req.policy == MetadataPolicy::StripLocation;
    if (!guarded("XMP", warnings, [&] {
            for (auto it = xmp.begin(); it != xmp.end();)
                it = isStaleXmpKey(it->key()) || (stripLocation && isLocationXmpKey(it->key())) ? xmp.erase(it)
                                                                                                : std::next(it);
            meta::frameXmp(xmp, req);
        }))
        return {};
    if (mirror && !mirror->empty()) {
        guarded("IPTC", warnings, [&] { meta::mirrorIptcInXmp(*mirror, &xmp, warnings); });
    }
    guarded("XMP", warnings, [&] { addTextToXmp(xmp, fields, req.format == OutputFormat::Jpeg); });
    if (xmp.empty())
        return {};
    setIfPresent(xmp, "Xmp.tiff.Orientation", std::to_string(req.orientation));
    setIfPresent(xmp, "Xmp.exif.PixelXDimension", std::to_string(req.size.width));
    setIfPresent(xmp, "Xmp.exif.PixelYDimension", std::to_string(req.size.height));
    setIfPresent(xmp, "Xmp.tiff.ImageWidth", std::to_string(req.size.width));
    setIfPresent(xmp, "Xmp.tiff.ImageLength", std::to_string(req.size.height));
    setIfPresent(xmp, "Xmp.exif.ColorSpace", srgb ? "1" : "65535");
    int rc = 0;
    if (!guarded("XMP", warnings,
                 [&] { rc = Exiv2::XmpParser::encode(packet, xmp, Exiv2::XmpParser::useCompactFormat); }))
        return {};
    if (rc != 0) {
        warnings->append(QStringLiteral("XMP left out: it could not be written back (error %1)").arg(rc));
        return {};
    }
    if (req.format == OutputFormat::Jpeg && packet.size() > kMaxJpegXmp) {
        std::string main;
        if (guarded("XMP", warnings,
                    [&] {
                        if (splitForJpeg(xmp, &main, extension))
                            packet = std::move(main);
                    }) &&
            extension->empty())
            warnings->append(QStringLiteral("XMP left out: %1 bytes do not fit in a JPEG's XMP segment (64 KB), "
                                            "nor as extended XMP")
                                 .arg(packet.size()));
        if (extension->empty())
            return {};
    }
    return packet;
}

} // namespace

OutputMetadata prepareMetadata(const SourceMetadata &src, const MetadataRequest &req, QStringList *warnings)
{
    OutputMetadata out;
    out.icc = req.icc;
    if (req.policy == MetadataPolicy::Strip)
        return out;
    if (req.format == OutputFormat::Bmp) { // said once, naming what the source has (the profile: JobOutput)
        QStringList blocks;
        if (!src.exif.empty())
            blocks << QStringLiteral("EXIF");
        if (!src.xmp.empty())
            blocks << QStringLiteral("XMP");
        if (!src.iptc.empty())
            blocks << QStringLiteral("IPTC");
        const bool comment = std::all_of(src.texts.begin(), src.texts.end(),
                                         [](const TextEntry &t) { return t.key == QLatin1String("Comment"); });
        if (!src.texts.empty())
            blocks << (comment ? QStringLiteral("the comment") : QStringLiteral("text entries"));
        if (src.dpiX > 0)
            blocks << QStringLiteral("the resolution");
        if (!blocks.isEmpty())
            warnings->append(
                QStringLiteral("metadata left out: bmp holds none of it (%1)").arg(blocks.join(QLatin1String(", "))));
        return out;
    }
    LogScope log(warnings);
    out.dpiX = src.dpiX;
    out.dpiY = src.dpiY > 0 ? src.dpiY : src.dpiX;

    // A PNG keeps its text entries as they are; other formats get those with a home (kTextHomes).
    std::vector<TextEntry> texts;
    for (const TextEntry &t : src.texts)
        if (req.policy != MetadataPolicy::StripLocation || !namesAPlace(t.key))
            texts.push_back(t);
    TextFields fields;
    if (req.format == OutputFormat::Png)
        out.texts = std::move(texts);
    else
        fields = textFields(texts);

    // The output is sRGB without a profile, or with one that is sRGB.
    const bool srgb = req.icc.empty() || req.icc == colour::srgbProfile() || colour::inspectProfile(req.icc).srgb;
    Exiv2::ExifData exif;
    Exiv2::ByteOrder order = Exiv2::littleEndian;
    if (!prepareExif(src, req, srgb, &exif, &order, &out.dpiX, &out.dpiY, warnings))
        exif.clear(); // what a failed read left
    for (size_t h = 0; h < kHomes; ++h) {
        const char *key = h == kComment ? "Exif.Photo.UserComment" : kTextHomes[h].exifKey;
        const auto it = key ? exif.findKey(Exiv2::ExifKey(key)) : exif.end();
        fields.inSource[h] = it != exif.end() && saysSomething(it->value());
    }

    Exiv2::IptcData iptc;
    if (!src.iptc.empty()) {
        int rc = 0;
        if (src.iptc.size() > kMaxIptcBytes)
            warnings->append(QStringLiteral("IPTC left out: larger than any real block"));
        else if (guarded("IPTC", warnings,
                         [&] { rc = Exiv2::IptcParser::decode(iptc, src.iptc.data(), uint32_t(src.iptc.size())); }) &&
                 rc != 0) {
            warnings->append(QStringLiteral("IPTC left out: damaged"));
            iptc.clear();
        }
        if (req.policy == MetadataPolicy::StripLocation)
            for (const char *key : kIptcLocationKeys)
                for (auto it = iptc.findKey(Exiv2::IptcKey(key)); it != iptc.end();
                     it = iptc.findKey(Exiv2::IptcKey(key)))
                    iptc.erase(it);
    }
    const bool iptcInXmp = req.format == OutputFormat::Png || req.format == OutputFormat::Webp ||
                           req.format == OutputFormat::Jxl || req.format == OutputFormat::Avif;
    out.xmp = prepareXmp(src, req, srgb, iptcInXmp ? &iptc : nullptr, &fields, &out.xmpExtension, warnings);
    if (fields.any()) {
        guarded("EXIF", warnings, [&] {
            const bool fresh = exif.empty();
            addTextToExif(exif, fields);
            if (fresh && !exif.empty() && req.orientation != 1) // a block of its own says how to turn
                exif["Exif.Image.Orientation"] = uint16_t(req.orientation);
        });
        if (req.format == OutputFormat::Jpeg && !fields.entries[kComment].empty()) {
            out.comment = fields.entries[kComment].front()->text.toStdString();
            if (out.comment.size() > 65533) {
                warnings->append(QStringLiteral("Comment left out: %1 bytes do not fit in a JPEG's comment segment "
                                                "(64 KB)")
                                     .arg(out.comment.size()));
                out.comment.clear();
            }
        }
    }
    if (!exif.empty())
        out.exif = encodeExif(exif, order, req.format, warnings);
    if (req.format == OutputFormat::Jpeg && out.xmp.size() > kMaxJpegXmp) { // a packet kept as text
        warnings->append(
            QStringLiteral("XMP left out: %1 bytes do not fit in a JPEG's XMP segment (64 KB)").arg(out.xmp.size()));
        out.xmp.clear();
    }
    if (!iptc.empty() && !iptcInXmp) {
        guarded("IPTC", warnings, [&] {
            const Exiv2::DataBuf raw = Exiv2::IptcParser::encode(iptc);
            out.iptc.assign(raw.pData_, raw.pData_ + raw.size_);
            if (req.format == OutputFormat::Jpeg) {
                const Exiv2::DataBuf irb = Exiv2::Photoshop::setIptcIrb(nullptr, 0, iptc);
                if (irb.size_ > 65533 - 14)
                    warnings->append(QStringLiteral("IPTC left out: larger than a JPEG segment"));
                else
                    out.iptcIrb.assign(irb.pData_, irb.pData_ + irb.size_);
            }
        });
    }
    return out;
}

namespace meta {

namespace {

QString cleanFact(const std::string &s)
{
    QString out;
    for (const QChar c : QString::fromUtf8(s.data(), qsizetype(s.size())).simplified())
        if (c.isPrint())
            out += c;
    return out.left(60).trimmed();
}

} // namespace

Facts photoFacts(const SourceMetadata &src)
{
    Facts f;
    QStringList ignored; // damage is reported by prepareMetadata(); here it only means "unknown"
    LogScope log(&ignored);
    Exiv2::ExifData exif;
    Exiv2::ByteOrder order = Exiv2::littleEndian;
    if (!decodeSourceExif(src, &exif, &order, &ignored))
        return f;
    guarded("EXIF", &ignored, [&] {
        const auto date = Exiv2::dateTimeOriginal(exif);
        if (date != exif.end()) {
            const QDateTime t =
                QDateTime::fromString(cleanFact(date->toString()), QStringLiteral("yyyy:MM:dd HH:mm:ss"));
            if (t.isValid())
                f.taken = t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        }
        const auto make = Exiv2::make(exif), model = Exiv2::model(exif);
        const QString mk = make != exif.end() ? cleanFact(make->toString()) : QString();
        const QString md = model != exif.end() ? cleanFact(model->toString()) : QString();
        // "Canon" + "Canon EOS R5" is "Canon EOS R5"; "NIKON CORPORATION" + "NIKON D850" likewise.
        const QString brand = mk.section(QLatin1Char(' '), 0, 0);
        f.camera = md.isEmpty()                                                  ? mk
                   : (mk.isEmpty() || md.startsWith(brand, Qt::CaseInsensitive)) ? md
                                                                                 : mk + QLatin1Char(' ') + md;
        f.camera = f.camera.left(60);
        const auto lens = Exiv2::lensName(exif);
        if (lens != exif.end())
            f.lens = cleanFact(lens->print(&exif));
        const auto iso = Exiv2::isoSpeed(exif);
        if (iso != exif.end() && iso->count() > 0) {
            const long v = iso->toLong(0);
            f.iso = v > 0 && v < 10'000'000 ? quint32(v) : 0;
        }
    });
    return f;
}

bool exifSaysAdobeRgb(const SourceMetadata &src)
{
    // "R03" is in the block's bytes wherever the index is (a 4-byte value sits in its entry): a
    // camera set to sRGB, the common case, is answered without parsing.
    static const char kR03[] = "R03";
    if (src.exif.empty() || src.exif.size() > kMaxExifBytes ||
        std::search(src.exif.begin(), src.exif.end(), kR03, kR03 + 3) == src.exif.end())
        return false;
    QStringList ignored; // damage is reported by prepareMetadata(); here it only means "not said"
    LogScope log(&ignored);
    Exiv2::ExifData exif;
    bool adobe = false;
    guarded("EXIF", &ignored, [&] {
        Exiv2::ExifParser::decode(exif, src.exif.data(), uint32_t(src.exif.size()));
        const auto space = exif.findKey(Exiv2::ExifKey("Exif.Photo.ColorSpace"));
        const auto index = exif.findKey(Exiv2::ExifKey("Exif.Iop.InteroperabilityIndex"));
        adobe = space != exif.end() && space->count() == 1 && space->toLong(0) == 0xFFFF && index != exif.end() &&
                QString::fromStdString(index->toString()).remove(QChar(0)).trimmed() == QLatin1String("R03");
    });
    return adobe;
}

std::vector<uint8_t> iptcFromPhotoshop(const uint8_t *data, size_t size, QStringList *warnings)
{
    std::vector<uint8_t> out;
    if (size == 0)
        return out;
    if (size > kMaxIptcBytes) {
        warnings->append(QStringLiteral("IPTC left out: larger than any real block"));
        return out;
    }
    LogScope log(warnings);
    guarded("IPTC", warnings, [&] {
        const Exiv2::byte *record = nullptr;
        uint32_t header = 0, length = 0;
        const int rc = Exiv2::Photoshop::locateIptcIrb(data, long(size), &record, &header, &length);
        if (rc == 0 && record && size_t(record - data) + header + length <= size)
            out.assign(record + header, record + header + length);
        else if (rc < 0)
            warnings->append(QStringLiteral("IPTC left out: damaged Photoshop resources"));
    });
    return out;
}

namespace {

// The blocks of a whole file's metadata as SourceMetadata keeps them; directories that are never
// kept (sub-images, previews, image structure) are dropped before encoding, so that their data is
// never copied.
void keepFileBlocks(Exiv2::ExifData &exif, const Exiv2::IptcData &iptc, Exiv2::ByteOrder order, SourceMetadata *out)
{
    dropUntrueTags(exif, false);
    guarded("EXIF", &out->warnings, [&] {
        if (exif.empty())
            return;
        const Exiv2::Blob blob = encodeWhole(exif, order);
        out->exif.assign(blob.begin(), blob.end());
    });
    guarded("IPTC", &out->warnings, [&] {
        if (iptc.empty())
            return;
        const Exiv2::DataBuf raw = Exiv2::IptcParser::encode(iptc);
        out->iptc.assign(raw.pData_, raw.pData_ + raw.size_);
    });
}

} // namespace

namespace {

// Damage exiv2 logged while it read a whole file's metadata, said as decodeSourceExif says it (which
// reads the block again, and may find the same: said once then).
void reportFileDamage(const QStringList &log, const Exiv2::ExifData &exif, SourceMetadata *out)
{
    if (const QString why = exifDamage(log, exif); !why.isEmpty())
        out->warnings.append(QStringLiteral("EXIF damaged, the readable part kept: %1").arg(why));
}

} // namespace

void readTiffMetadata(const uint8_t *data, size_t size, SourceMetadata *out)
{
    if (size > UINT32_MAX)
        return;
    QStringList damage;
    LogScope log(&damage);
    Exiv2::ExifData exif;
    Exiv2::IptcData iptc;
    Exiv2::XmpData xmp; // from libtiff's raw packet instead: exiv2 drops packets it cannot parse
    Exiv2::ByteOrder order = Exiv2::littleEndian;
    if (guarded("EXIF", &out->warnings,
                [&] { order = Exiv2::TiffParser::decode(exif, iptc, xmp, data, uint32_t(size)); })) {
        reportFileDamage(damage, exif, out);
        // IFD0's resolution is the container's (the decoder's dpiX and dpiY), as a JPEG's JFIF
        // density is: every TIFF states one, a stripped output too, and no EXIF says it again.
        eraseIf(exif, [](const Exiv2::Exifdatum &d) {
            return d.key() == "Exif.Image.XResolution" || d.key() == "Exif.Image.YResolution" ||
                   d.key() == "Exif.Image.ResolutionUnit";
        });
        keepFileBlocks(exif, iptc, order, out);
    }
}

void readRawMetadata(const uint8_t *data, size_t size, SourceMetadata *out)
{
    if (size > size_t(LONG_MAX))
        return;
    QStringList damage;
    LogScope log(&damage);
    guarded("EXIF", &out->warnings, [&] {
        // The packet as found (exiv2 keeps it even when its toolkit cannot parse it), as for TIFF.
        const Exiv2::Image::AutoPtr image = Exiv2::ImageFactory::open(data, long(size));
        image->readMetadata();
        reportFileDamage(damage, image->exifData(), out);
        const Exiv2::ByteOrder order = image->byteOrder();
        keepFileBlocks(image->exifData(), image->iptcData(),
                       order == Exiv2::invalidByteOrder ? Exiv2::littleEndian : order, out);
        if (image->xmpPacket().size() <= kMaxXmpBytes)
            out->xmp = image->xmpPacket();
    });
}

namespace {

bool writeTiffMetadata(std::vector<uint8_t> *tiff, const OutputMetadata &m, bool withXmp, QString *error)
{
    QStringList log;
    LogScope scope(&log);
    try {
        std::vector<uint8_t> copy = *tiff; // exiv2 may write into the buffer it was given
        auto image = Exiv2::ImageFactory::open(copy.data(), long(copy.size()));
        image->readMetadata();
        Exiv2::ExifData &exif = image->exifData();
        if (!m.exif.empty()) {
            Exiv2::ExifData add;
            Exiv2::ExifParser::decode(add, m.exif.data(), uint32_t(m.exif.size()));
            for (const Exiv2::Exifdatum &d : add) {
                // libtiff's own tags stay; IFD0 of a TIFF gets no tag that TIFF readers do not know
                // (libtiff refuses some, such as tag 0, as errors), no entry of a type TIFF does not
                // have (a damaged source's ApertureValue of type 69: libtiff refuses the whole file,
                // "TIFF_SETGET_UNDEFINED"), and no entry has no value (libtiff refuses a "null
                // count" in IFD0 and the whole file with it).
                const bool ifd0 = d.groupName() == "Image";
                const bool unknown = ifd0 && d.tagName().rfind("0x", 0) == 0;
                const bool untyped = ifd0 && (d.typeId() < Exiv2::unsignedByte || d.typeId() > Exiv2::tiffIfd);
                if (!unknown && !untyped && d.count() > 0 && exif.findKey(Exiv2::ExifKey(d.key())) == exif.end())
                    exif.add(d);
            }
        }
        if (!m.iptc.empty()) {
            Exiv2::IptcData iptc;
            if (Exiv2::IptcParser::decode(iptc, m.iptc.data(), uint32_t(m.iptc.size())) == 0)
                image->setIptcData(iptc);
        }
        if (withXmp && !m.xmp.empty()) {
            image->setXmpPacket(m.xmp);
            image->writeXmpFromPacket(true);
        }
        image->writeMetadata();
        Exiv2::BasicIo &io = image->io();
        io.open();
        std::vector<uint8_t> written(size_t(io.size()));
        io.seek(0, Exiv2::BasicIo::beg);
        if (io.read(written.data(), long(written.size())) != long(written.size()))
            throw std::runtime_error("could not read the result back");
        io.close();
        *tiff = std::move(written);
        return true;
    } catch (const std::exception &e) {
        const QString why = what(e).isEmpty() ? log.value(0, QStringLiteral("exiv2 refused it")) : what(e);
        *error = QStringLiteral("TIFF metadata not written: %1").arg(why);
    }
    return false;
}

// The packet as IFD0's XMLPacket entry (tag 700) of a classic TIFF, in place of any there: the
// packet and a copy of IFD0 with the entry go after the file's end, and the header points at the
// copy (the old IFD0 stays behind, unreferenced). For packets exiv2 must parse to write and
// cannot (a property repeated), which prepareXmp keeps as text.
bool withXmpPacket(std::vector<uint8_t> *tiff, const std::string &packet)
{
    std::vector<uint8_t> &t = *tiff;
    if (t.size() < 8 || packet.size() <= 4 || (t[0] != t[1]) || (t[0] != 'I' && t[0] != 'M'))
        return false;
    const bool little = t[0] == 'I';
    // A number of `bytes` bytes at `at`, in the file's byte order, read and written.
    const auto value = [&](const uint8_t *at, int bytes) {
        uint32_t v = 0;
        for (int i = 0; i < bytes; ++i)
            v |= uint32_t(at[little ? i : bytes - 1 - i]) << (8 * i);
        return v;
    };
    const auto get = [&](size_t at, int bytes) { return value(&t[at], bytes); };
    const auto put = [&](uint8_t *at, uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i)
            at[little ? i : bytes - 1 - i] = uint8_t(v >> (8 * i));
    };
    if (get(2, 2) != 42)
        return false;
    const size_t ifd = get(4, 4);
    if (ifd < 8 || ifd + 2 > t.size())
        return false;
    const size_t count = get(ifd, 2);
    if (ifd + 2 + count * 12 + 4 > t.size())
        return false;
    constexpr uint32_t kXmlPacket = 700;
    std::vector<std::array<uint8_t, 12>> entries;
    for (size_t i = 0; i < count; ++i) {
        const size_t at = ifd + 2 + i * 12;
        if (get(at, 2) == kXmlPacket)
            continue;
        std::array<uint8_t, 12> e;
        std::copy_n(t.begin() + long(at), 12, e.begin());
        entries.push_back(e);
    }
    const uint32_t next = get(ifd + 2 + count * 12, 4);
    const size_t packetAt = (t.size() + 1) & ~size_t(1); // TIFF offsets are even
    const size_t ifdAt = (packetAt + packet.size() + 1) & ~size_t(1);
    const size_t end = ifdAt + 2 + (entries.size() + 1) * 12 + 4;
    if (end > UINT32_MAX)
        return false;
    std::array<uint8_t, 12> xmp{};
    put(&xmp[0], kXmlPacket, 2);
    put(&xmp[2], 1, 2); // BYTE
    put(&xmp[4], uint32_t(packet.size()), 4);
    put(&xmp[8], uint32_t(packetAt), 4);
    const auto before = std::find_if(entries.begin(), entries.end(),
                                     [&](const std::array<uint8_t, 12> &e) { return value(e.data(), 2) > kXmlPacket; });
    entries.insert(before, xmp);
    t.resize(end, 0);
    std::copy(packet.begin(), packet.end(), t.begin() + long(packetAt));
    put(&t[ifdAt], uint32_t(entries.size()), 2);
    for (size_t i = 0; i < entries.size(); ++i)
        std::copy(entries[i].begin(), entries[i].end(), t.begin() + long(ifdAt + 2 + i * 12));
    put(&t[ifdAt + 2 + entries.size() * 12], next, 4);
    put(&t[4], uint32_t(ifdAt), 4);
    return true;
}

} // namespace

bool addTiffMetadata(std::vector<uint8_t> *tiff, const OutputMetadata &m, QString *error)
{
    if (m.exif.empty() && m.iptc.empty() && m.xmp.empty())
        return true;
    if (writeTiffMetadata(tiff, m, true, error))
        return true;
    // Without the XMP packet, which exiv2 must parse to write it into a TIFF; the packet is then
    // written as it is.
    QString second;
    if (!m.xmp.empty() && writeTiffMetadata(tiff, m, false, &second)) {
        if (withXmpPacket(tiff, m.xmp))
            return true;
        *error = QStringLiteral("XMP left out: %1").arg(error->section(QLatin1String(": "), 1));
        return false;
    }
    return false;
}

PlainTiffTags plainTiffTags(const std::vector<uint8_t> &exif, bool resolutionWritten)
{
    // IFD0's text tags, all of type ASCII in TIFF 6.0 and in libtiff.
    static const uint16_t kTextTags[] = {270, 271, 272, 305, 306, 315, 316, 33432};
    static const uint16_t kResolutionTags[] = {282, 283, 296};
    static const uint16_t kPointerTags[] = {34665, 34853, 40965}; // ExifTag, GPSTag, InteroperabilityTag
    const auto among = [](uint16_t tag, const auto &tags) {
        return std::find(std::begin(tags), std::end(tags), tag) != std::end(tags);
    };
    PlainTiffTags out;
    if (exif.empty())
        return out;
    Exiv2::ExifData data;
    QStringList log;
    LogScope scope(&log);
    if (!guarded("EXIF", &log, [&] { Exiv2::ExifParser::decode(data, exif.data(), uint32_t(exif.size())); })) {
        out.leftOut.append(QStringLiteral("all of it"));
        return out;
    }
    for (const Exiv2::Exifdatum &d : data) {
        const bool ifd0 = d.groupName() == "Image";
        const uint16_t tag = d.tag();
        if (ifd0 && among(tag, kPointerTags))
            continue;
        if (ifd0 && resolutionWritten && among(tag, kResolutionTags))
            continue;
        const QString name = QString::fromStdString(d.tagName());
        if (ifd0 && tag == 274 && out.orientation == 0 && d.typeId() == Exiv2::unsignedShort && d.count() == 1 &&
            d.toLong(0) >= 1 && d.toLong(0) <= 8) {
            out.orientation = uint16_t(d.toLong(0));
            out.kept.prepend(name);
            continue;
        }
        if (ifd0 && among(tag, kTextTags) && d.typeId() == Exiv2::asciiString && d.size() > 0) {
            std::string text(size_t(d.size()), '\0');
            d.copy(reinterpret_cast<Exiv2::byte *>(text.data()), Exiv2::littleEndian);
            while (!text.empty() && text.back() == '\0')
                text.pop_back();
            if (!text.empty() && text.find('\0') == std::string::npos) { // one string, as libtiff writes it
                out.texts.emplace_back(tag, text);
                out.kept.append(name);
                continue;
            }
        }
        out.leftOut.append(name);
    }
    return out;
}

} // namespace meta

} // namespace pp
