// Metadata bound to places in the picture, made true of the output's frame or left out: EXIF's
// SubjectArea and SubjectLocation (pixels of the stored picture), the Metadata Working Group's face
// and focus regions (mwg-rs:Regions: normalised areas, and the dimensions they were applied to),
// Microsoft's (MP:RegionInfo) and the IPTC's (Iptc4xmpExt:ImageRegion). Through a resize, flips
// and quarter turns they follow the pixels exactly (MetadataRequest::frameTurn); a crop, a border
// or a turn by another angle leaves them out, where they named the wrong part of the picture.
// Internal to meta/: it uses exiv2's types.
#pragma once

#include "Metadata.h"

#include <exiv2/exiv2.hpp>
#include <string_view>

namespace pp::meta {

// Both do nothing when the request's sourceSize is empty (nothing known of the frame).
void frameExif(Exiv2::ExifData &exif, const MetadataRequest &request);
void frameXmp(Exiv2::XmpData &xmp, const MetadataRequest &request);

// For a packet kept as text, whose regions cannot be rewritten: whether the output's frame is not
// the source's exactly (another size or turn), and the region properties, by namespace URI.
bool frameChanged(const MetadataRequest &request);
bool isRegionProperty(std::string_view ns, std::string_view name);

} // namespace pp::meta
