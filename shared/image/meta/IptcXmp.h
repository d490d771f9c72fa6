// IPTC-IIM mirrored into XMP, for the formats that hold IPTC only there (PNG, WebP, JPEG XL, AVIF):
// exiv2's conversion, completed with what its table lacks and the IPTC Photo Metadata Standard's
// mapping gives (the date and time created, the subject codes, the intellectual genre) and the
// Metadata Working Group's (the digitisation date as xmp:CreateDate). Internal to meta/: it uses
// exiv2's types.
#pragma once

#include <QStringList>
#include <exiv2/exiv2.hpp>

namespace pp::meta {

// Adds the XMP properties that `iptc` says to *xmp, where *xmp does not already have them. The
// application record's datasets that XMP has no place for (Contact, Program, FixtureId…) are named
// in one warning: the output loses them.
void mirrorIptcInXmp(const Exiv2::IptcData &iptc, Exiv2::XmpData *xmp, QStringList *warnings);

} // namespace pp::meta
