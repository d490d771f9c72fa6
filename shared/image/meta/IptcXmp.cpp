#include "IptcXmp.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>

namespace pp::meta {
namespace {

// An IIM date (and time) as an XMP date: "2026-05-01T12:34:56+02:00", "2026-05-01", or a year and
// month alone where IIM says 00 for what is not known. nullopt for a date that is none.
std::optional<std::string> xmpDate(const Exiv2::Iptcdatum *date, const Exiv2::Iptcdatum *time)
{
    const auto *d = date ? dynamic_cast<const Exiv2::DateValue *>(&date->value()) : nullptr;
    if (!d)
        return std::nullopt;
    const Exiv2::DateValue::Date v = d->getDate();
    if (v.year < 1 || v.year > 9999 || v.month < 0 || v.month > 12 || v.day < 0 || v.day > 31 ||
        (v.month == 0 && v.day != 0))
        return std::nullopt;
    char text[64];
    if (v.month == 0)
        std::snprintf(text, sizeof text, "%04d", v.year);
    else if (v.day == 0)
        std::snprintf(text, sizeof text, "%04d-%02d", v.year, v.month);
    else
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", v.year, v.month, v.day);
    std::string out = text;
    const auto *t = time ? dynamic_cast<const Exiv2::TimeValue *>(&time->value()) : nullptr;
    if (t && v.day != 0) {
        const Exiv2::TimeValue::Time c = t->getTime();
        const int zoneHours = std::abs(c.tzHour), zoneMinutes = std::abs(c.tzMinute);
        if (c.hour >= 0 && c.hour < 24 && c.minute >= 0 && c.minute < 60 && c.second >= 0 && c.second <= 60 &&
            zoneHours <= 14 && zoneMinutes < 60) {
            std::snprintf(text, sizeof text, "T%02d:%02d:%02d%c%02d:%02d", c.hour, c.minute, c.second,
                          c.tzHour < 0 || c.tzMinute < 0 ? '-' : '+', zoneHours, zoneMinutes);
            out += text;
        }
    }
    return out;
}

const Exiv2::Iptcdatum *find(const Exiv2::IptcData &iptc, const char *key)
{
    const auto it = iptc.findKey(Exiv2::IptcKey(key));
    return it == iptc.end() ? nullptr : &*it;
}

// The part of each dataset of `key` after its `field`-th colon (IIM's "IPR:number:name" forms),
// where `accept` takes it.
template <typename F> Exiv2::XmpArrayValue fields(const Exiv2::IptcData &iptc, const char *key, int field, F accept)
{
    Exiv2::XmpArrayValue out(Exiv2::xmpBag);
    for (const Exiv2::Iptcdatum &d : iptc) {
        if (d.key() != key)
            continue;
        const std::string text = d.toString();
        size_t from = 0;
        for (int i = 0; i < field && from != std::string::npos; ++i)
            from = text.find(':', from) == std::string::npos ? std::string::npos : text.find(':', from) + 1;
        if (from == std::string::npos)
            continue;
        const std::string part = text.substr(from, text.find(':', from) - from);
        if (accept(part))
            out.read(part);
    }
    return out;
}

void addIfMissing(Exiv2::XmpData *xmp, const char *key, const Exiv2::Value &value)
{
    if (value.count() > 0 && xmp->findKey(Exiv2::XmpKey(key)) == xmp->end())
        xmp->add(Exiv2::XmpKey(key), &value);
}

} // namespace

void mirrorIptcInXmp(const Exiv2::IptcData &iptc, Exiv2::XmpData *xmp, QStringList *warnings)
{
    Exiv2::XmpData converted;
    Exiv2::copyIptcToXmp(iptc, converted);
    for (const Exiv2::Xmpdatum &d : converted)
        if (xmp->findKey(Exiv2::XmpKey(d.key())) == xmp->end())
            xmp->add(d);
    // Those exiv2's table lacks.
    std::set<std::string> mirrored = {"Iptc.Application2.RecordVersion"};
    const auto date = [&](const char *dateKey, const char *timeKey, const char *xmpKey) {
        const std::optional<std::string> text = xmpDate(find(iptc, dateKey), find(iptc, timeKey));
        if (!text)
            return;
        addIfMissing(xmp, xmpKey, Exiv2::XmpTextValue(*text));
        mirrored.insert(dateKey);
        mirrored.insert(timeKey);
    };
    date("Iptc.Application2.DateCreated", "Iptc.Application2.TimeCreated", "Xmp.photoshop.DateCreated");
    date("Iptc.Application2.DigitizationDate", "Iptc.Application2.DigitizationTime", "Xmp.xmp.CreateDate");
    const Exiv2::XmpArrayValue codes = fields(iptc, "Iptc.Application2.Subject", 1, [](const std::string &s) {
        return s.size() == 8 && s.find_first_not_of("0123456789") == std::string::npos;
    });
    addIfMissing(xmp, "Xmp.iptc.SubjectCode", codes);
    if (codes.count() > 0)
        mirrored.insert("Iptc.Application2.Subject");
    Exiv2::XmpTextValue genre;
    const Exiv2::XmpArrayValue genres =
        fields(iptc, "Iptc.Application2.ObjectAttribute", 2, [](const std::string &s) { return !s.empty(); });
    if (genres.count() > 0) {
        genre.read(genres.toString(0));
        addIfMissing(xmp, "Xmp.iptc.IntellectualGenre", genre);
        mirrored.insert("Iptc.Application2.ObjectAttribute");
    }
    // What is left has no place in XMP: named, once each.
    QStringList lost;
    for (const Exiv2::Iptcdatum &d : iptc) {
        if (d.record() != Exiv2::IptcDataSets::application2 || !mirrored.insert(d.key()).second)
            continue;
        Exiv2::IptcData one;
        one.add(d);
        Exiv2::XmpData alone;
        Exiv2::copyIptcToXmp(one, alone);
        if (alone.empty())
            lost << QString::fromStdString(d.tagName());
    }
    if (!lost.isEmpty())
        warnings->append(
            QStringLiteral("IPTC %1 left out: this format holds IPTC only inside XMP, which has no place "
                           "for %2")
                .arg(lost.join(QLatin1String(", ")), lost.size() == 1 ? QStringLiteral("it") : QStringLiteral("them")));
}

} // namespace pp::meta
