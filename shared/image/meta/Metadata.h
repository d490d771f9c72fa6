// A photo's metadata on its way from the source file to an output: the blocks the decoders find
// (EXIF, XMP, IPTC, the ICC profile, the resolution) and what one output gets of them after the
// preset's metadata policy and the pixels' new truth (size, orientation, profile) are applied.
// Runs in workers; the blocks are hostile bytes, so every parser here is capped and caught, and a
// damaged block is dropped with a warning rather than failing the image. exiv2 is used only in
// Metadata.cpp and the files of meta/ it calls (IptcXmp.cpp, FrameMetadata.cpp).
#pragma once

#include "Preset.h"

#include <QStringList>
#include <cstdint>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace pp {

// Caps applied before any parser sees a block (real files stay far below them).
constexpr size_t kMaxExifBytes = size_t(1) << 20; // camera maker notes reach a few hundred KB
constexpr size_t kMaxXmpBytes = size_t(4) << 20;
constexpr size_t kMaxIptcBytes = size_t(256) << 10;

// A text entry of a PNG (tEXt, zTXt, iTXt): its keyword ("Title", "Author", "Copyright", "Comment"…),
// its text, and an iTXt's language tag and translated keyword (empty for tEXt and zTXt). A JPEG's
// comment (COM segment) is one too, "Comment".
struct TextEntry {
    QString key; // PNG's keyword: Latin-1, 1 to 79 characters
    QString text;
    QString language, translatedKey;
    bool operator==(const TextEntry &o) const
    {
        return key == o.key && text == o.text && language == o.language && translatedKey == o.translatedKey;
    }
};

struct SourceMetadata {
    std::vector<uint8_t> exif; // a TIFF structure ("II*\0"/"MM\0*"), without JPEG's "Exif\0\0"
    // Further EXIF blocks (a JPEG may carry several, e.g. one added by a tool that only set the
    // orientation): their tags fill in what the first one lacks.
    std::vector<std::vector<uint8_t>> moreExif;
    std::string xmp; // the XMP packet as found
    // A JPEG's extended XMP (ExtendedXmp.h), joined and checked against the GUID xmp names: a packet
    // whose properties belong to xmp's, merged in by prepareMetadata.
    std::string xmpExtension;
    std::vector<uint8_t> iptc; // IPTC-IIM datasets (out of a JPEG's Photoshop APP13 or a TIFF)
    std::vector<uint8_t> icc;  // the embedded colour profile
    double dpiX = 0, dpiY = 0; // 0: the container states none (EXIF may still say)
    // A PNG's text entries other than the blocks above (meta/PngText.h), in file order.
    std::vector<TextEntry> texts;
    QStringList warnings; // blocks that were found damaged and left out

    bool empty() const
    {
        return exif.empty() && xmp.empty() && iptc.empty() && icc.empty() && dpiX <= 0 && texts.empty();
    }
};

// What one output carries, each block ready for its container.
struct OutputMetadata {
    std::vector<uint8_t> exif;    // TIFF structure, for JPEG APP1 (after "Exif\0\0"), PNG eXIf, WebP EXIF,
                                  // JPEG XL and HEIF Exif (after their offset field)
    std::string xmp;              // packet
    std::string xmpExtension;     // a JPEG's extended XMP, whose GUID xmp names (ExtendedXmp.h); else empty
    std::vector<uint8_t> iptc;    // IPTC-IIM datasets (TIFF)
    std::vector<uint8_t> iptcIrb; // the same as Photoshop image resources, for a JPEG's APP13
    std::vector<uint8_t> icc;
    double dpiX = 0, dpiY = 0;    // 0: none
    std::vector<TextEntry> texts; // PNG text chunks
    std::string comment;          // a JPEG's COM segment (UTF-8)

    bool empty() const
    {
        return exif.empty() && xmp.empty() && iptc.empty() && iptcIrb.empty() && icc.empty() && dpiX <= 0 &&
               texts.empty() && comment.empty();
    }
};

struct MetadataRequest {
    MetadataPolicy policy = MetadataPolicy::Keep;
    OutputFormat format = OutputFormat::Jpeg;
    cv::Size size;       // the output's pixels
    int orientation = 1; // the EXIF Orientation that is true of the output's pixels
    // Metadata bound to places in the picture (MWG face regions, EXIF's SubjectArea): how the
    // output's pixels lie on the source's stored ones, `frameTurn`, an EXIF orientation 1–8 (1: the
    // same frame, resized or not; planFrame()) or 0 when the frame changed otherwise (a crop, a
    // border, a turn by another angle); the source's stored size and its Orientation. An empty
    // `sourceSize` says nothing is known: such metadata is kept as it is.
    int frameTurn = 1;
    cv::Size sourceSize;
    int sourceOrientation = 1;
    std::vector<uint8_t> icc; // the profile to embed (chosen with the colour policy); may be empty
};

// The blocks one output gets. Never throws; what cannot be kept is reported in *warnings.
//  - Keep: EXIF, XMP, IPTC, profile and resolution, made true: Orientation is request.orientation,
//    pixel-dimension tags say the output's size, the EXIF thumbnail and maker-note previews are
//    dropped (they would show the old picture), image-structure tags of a TIFF source are dropped.
//    A PNG output gets the source's text entries; another format gets those that have a home in
//    EXIF or XMP where the source's EXIF and XMP do not already say it (textHomes()).
//  - StripLocation: the same without GPS, the XMP/IPTC location fields and the text entries whose
//    keyword names a place.
//  - Strip: only the profile, if the request has one.
// A format without room for a block (BMP: none; PNG, WebP, JPEG XL, AVIF: no IPTC container, so
// IPTC is mirrored into XMP) leaves it out; a JPEG segment that would be too large is left out with a warning.
OutputMetadata prepareMetadata(const SourceMetadata &source, const MetadataRequest &request, QStringList *warnings);

namespace meta {

// What the photo's EXIF says for output names: DateTimeOriginal, the camera (make and model), the
// lens and the ISO speed. Texts are trimmed to printable characters, each at most 60 of them.
struct Facts {
    QString taken; // "yyyy-MM-dd HH:mm:ss"
    QString camera, lens;
    quint32 iso = 0;
};
Facts photoFacts(const SourceMetadata &source);

// Whether the source's EXIF says, in the only way EXIF can, that its pixels are Adobe RGB (1998):
// ColorSpace 0xFFFF (uncalibrated) and the Interoperability index "R03" (the DCF option file, Exif
// 2.21), what cameras set to Adobe RGB write into a JPEG that has no ICC profile. Only the first
// EXIF block counts, within kMaxExifBytes; a damaged one says nothing.
bool exifSaysAdobeRgb(const SourceMetadata &source);

// The IPTC datasets inside a JPEG's APP13 Photoshop image resources (after "Photoshop 3.0\0").
// Empty when there are none; damage adds a warning.
std::vector<uint8_t> iptcFromPhotoshop(const uint8_t *data, size_t size, QStringList *warnings);

// EXIF and IPTC of a TIFF file's first directory (the XMP and profile come from libtiff).
void readTiffMetadata(const uint8_t *data, size_t size, SourceMetadata *out);

// EXIF, IPTC and XMP of a camera RAW, read by exiv2's parser for its container (TIFF-based RAWs,
// CR2, CR3, ORF, RW2, RAF); the sensor data and previews are not read.
void readRawMetadata(const uint8_t *data, size_t size, SourceMetadata *out);

// Adds EXIF, IPTC and XMP to a TIFF that PixelPool has just encoded (libtiff wrote the profile and
// the resolution). Returns false with *error saying what was left out: everything (the TIFF is then
// unchanged), or only an XMP packet that exiv2 could not write.
bool addTiffMetadata(std::vector<uint8_t> *tiff, const OutputMetadata &m, QString *error);

// For a TIFF that libtiff cannot read with the EXIF exiv2 writes into it: what of the output's EXIF
// libtiff can write as its own tags, exactly (the first Orientation of 1 to 8, and those of IFD0's
// ImageDescription, Make, Model, Software, DateTime, Artist, HostComputer and Copyright that are
// one ASCII string), and every other entry's name, for the warning. The resolution entries are
// neither when `resolutionWritten` (libtiff wrote them from OutputMetadata's dpi); the pointers to
// sub-directories are not entries.
struct PlainTiffTags {
    uint16_t orientation = 0;                            // 0: none
    std::vector<std::pair<uint16_t, std::string>> texts; // tag, text without its terminating zero
    QStringList kept;                                    // "Orientation", "Artist"…
    QStringList leftOut;                                 // "Rating", "LensModel"…
};
PlainTiffTags plainTiffTags(const std::vector<uint8_t> &exif, bool resolutionWritten);

} // namespace meta

} // namespace pp
