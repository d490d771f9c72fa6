// Reading and writing image files. Everything here runs in a worker: the bytes are hostile.
// probe() reads only headers, so sizes are checked before a single pixel is decoded.
#pragma once

#include "Metadata.h"
#include "Preset.h"

#include <QString>
#include <algorithm>
#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

namespace pp {

// Heif: HEIF with HEVC (HEIC) or another codec; Avif: HEIF with AV1. Both are read by libheif.
// Raw: camera RAW (DNG, CR2, CR3, NEF, ARW, RAF, ORF, RW2…) through LibRaw.
enum class ImageFormat { Unknown, Jpeg, Png, Webp, Tiff, Bmp, Heif, Gif, Avif, Jxl, Raw };

struct ImageInfo {
    ImageFormat format = ImageFormat::Unknown;
    int width = 0, height = 0;
    int exifOrientation = 1;               // 1..8
    qint64 largestTilePixels = 0;          // TIFF tiles/strips, checked against the limit too
    quint32 tileWidth = 0, tileHeight = 0; // the tile (or strip) that is largestTilePixels
    // JPEG read scan by scan (progressive; sequential with a scan per component): the bytes of DCT
    // coefficients libjpeg keeps for the whole image while decoding, at any scale. Checked against
    // the memory of a decoded image at the pixel limit (kLimitBytesPerPixel a pixel). 0 otherwise.
    qint64 coefficientBytes = 0;
    // JPEG XL: the pixels of the frames libjxl decodes for the first image (the layers blended into
    // it), each whole: a frame may be far larger than the image (its crop, up to 2^30 a side), and
    // libjxl decodes it all before it blends the part inside. Checked against the limit too. 0
    // otherwise, or when the frames cannot be walked (the decode then says why).
    qint64 framePixels = 0;
    // Camera RAW: width × height is the developed picture, already turned upright by LibRaw (so
    // exifOrientation is 1); preview is the embedded JPEG preview, upright too (empty: none).
    cv::Size preview;
    // GIF: its logical screen and where its first frame lies (width × height is the screen widened
    // to hold that frame, the canvas it is decoded on).
    cv::Size screen;
    cv::Point firstFrameAt;
    QString error; // set when the header cannot be understood
};

// What a pixel of the pixel limit stands for in memory: a decoded 8-bit BGRA pixel (the worker's
// memory cap is sized on it, protocol/Limits.h).
constexpr quint64 kLimitBytesPerPixel = 4;

// The EXIF blocks of a JPEG its orientation is looked for in (a camera writes one; the header
// probe reads no more of them whole, and of its XMP packets the first).
constexpr int kMaxJpegExifBlocks = 4;
// What a JPEG's APP1 segment of XMP starts with, and its NUL.
constexpr char kJpegXmpId[] = "http://ns.adobe.com/xap/1.0/";

// The directories of a TIFF's chain after its first that are looked at for what they are (a page, or
// a reduced-resolution copy: a thumbnail); the header probe reads as many.
constexpr int kTiffDirectoriesExamined = 16;

const char *formatLabel(ImageFormat f);

// Reads the header. Returns info with error set for unknown formats or malformed headers.
ImageInfo probeImage(const uint8_t *data, size_t size);

// The orientations an image states, each 1 to 8 or none: its EXIF's; in a PNG also its EXIF in
// ImageMagick's "Raw profile type exif" text; its XMP's tiff:Orientation. The image's orientation
// (probeImage's exifOrientation) is the first of them that states one, as Pillow's exif_transpose()
// reads it.
struct StatedOrientations {
    std::optional<int> exif, rawExif, xmp;
    int taken() const { return exif ? *exif : rawExif ? *rawExif : xmp ? *xmp : 1; }
};
// A PNG's (ImageProbe.cpp): its first eXIf chunk's, before or after the image data (ImageMagick 6
// writes it after); its raw EXIF profile's; its XMP's (the iTXt packet, or else ImageMagick's "Raw
// profile type xmp"). These are the blocks the decoder keeps (codecs/PngCodec.cpp).
StatedOrientations pngOrientations(const uint8_t *data, size_t size);
// A JPEG's (ImageProbe.cpp: probeJpeg): the first of its first kMaxJpegExifBlocks EXIF blocks that
// states one; its first XMP packet's (an APP1 segment of kJpegXmpId, as the decoder keeps it; not
// the extended XMP, which Pillow does not read either).
StatedOrientations jpegOrientations(const uint8_t *data, size_t size);
// The warning when the places that state one disagree, empty when they do not.
QString orientationDisagreement(const StatedOrientations &o, ImageFormat format);
// A HEIF's or AVIF's: HEIF has the image's own transformations count, here `transforms` (what its
// irot/imir amount to, 1–8), and its EXIF Orientation ignored, as libheif and browsers read it,
// while some viewers follow the EXIF (`exif`, the TIFF structure the decoder keeps). The warning
// when the EXIF states another orientation than 1 that they do not amount to; empty otherwise.
QString heifOrientationDisagreement(const std::vector<uint8_t> &exif, int transforms, ImageFormat format);

// The offset of the directory of a TIFF that is read, its size probed and its pixels decoded: the
// first that is no reduced-resolution copy (ImageProbe.cpp says where it is looked for).
uint32_t tiffImageDirectory(const uint8_t *data, size_t size);

// Why a probed image is refused by the pixel limit ("PNG of 60000×60000 (3600.0 megapixels) is
// over the limit of 200.0 megapixels"; a GIF's canvas widened to its first frame, TIFF tiles, a
// progressive JPEG's coefficients and a JPEG XL's frames count too), or empty when it is within it.
QString overPixelLimit(const ImageInfo &info, quint64 maxPixels);
// The decimals that show `pixels` in megapixels beside `limit`: 1, or, over it, as many as it takes
// (up to 6) for an image just over the limit not to read as the limit itself ("200.02 megapixels, over the
// limit of 200.0", not "200.0 … 200.0").
int megapixelDecimals(quint64 pixels, quint64 limit);

struct DecodeResult {
    cv::Mat image;        // 8-bit, 1/3/4 channels (16-bit for 16-bit PNG and TIFF); empty on failure
    QString error;        // why it failed
    bool corrupt = false; // failure (or warning) is about damaged data
    QString warning;      // damage that was tolerated (DamagedPolicy::Warn), or a TIFF's pages left unread
    // Filled when asked for: the blocks as found. A CMYK JPEG's profile is replaced by sRGB's once
    // its pixels have been converted through it.
    SourceMetadata metadata;
    // A lossless WebP (VP8L) or JPEG XL (JxlCodec.cpp says how it knows): `format: keep` keeps
    // it lossless.
    bool lossless = false;
    // A progressive JPEG at 1/8 made from its DC scans alone, the AC scans skipped unread
    // (codecs/JpegDcOnly.h).
    bool dcOnly = false;
    // A progressive JPEG at another reduced scale, read by libjpeg only up to the scans its reduced
    // blocks need (codecs/JpegCodec.cpp, enoughForScale).
    bool stoppedEarly = false;
};

// Decodes, for JPEG at scaleEighths/8 of full size (1..8; DCT scaling); a camera RAW is developed
// at half size (LibRaw's half_size) when scaleEighths ≤ 4. Other formats ignore scaleEighths.
// Damaged data fails unless allowDamaged. withMetadata also collects the metadata blocks
// (DecodeResult::metadata); damage there only adds warnings to them. rawPreviewEighths > 0: a camera
// RAW gives its embedded JPEG preview (info.preview) decoded at that scale instead of developing,
// when the preview is what the probe saw; otherwise (or if it is damaged) the RAW is developed.
DecodeResult decodeImage(const uint8_t *data, size_t size, const ImageInfo &info, int scaleEighths, bool allowDamaged,
                         bool withMetadata = false, int rawPreviewEighths = 0);

// The size decodeImage() returns for a JPEG at scaleEighths/8. Inline: the front end's cost
// estimate uses it, and links none of the codecs.
inline cv::Size scaledJpegSize(cv::Size full, int scaleEighths)
{
    const int m = std::clamp(scaleEighths, 1, 8);
    return {int((qint64(full.width) * m + 7) / 8), int((qint64(full.height) * m + 7) / 8)};
}

struct EncodeSettings {
    OutputFormat format = OutputFormat::Jpeg; // never Keep here
    int quality = 90;
    int pngCompression = 6;
    bool progressive = false;
    const OutputMetadata *metadata = nullptr; // written where the format has room for it
    // WebP, JPEG XL and AVIF in their lossless modes (PNG, TIFF and BMP are lossless anyway); JPEG,
    // which has none, refuses it (hasLosslessMode). At 8 bits where the format holds no more.
    bool lossless = false;
    TiffCompression tiffCompression = TiffCompression::Lzw;
    // The EXIF Orientation that is true of the pixels. JPEG XL and AVIF state it in the image
    // itself (codestream orientation; irot/imir), which their readers apply and their EXIF
    // Orientation does not override; other formats carry it in their EXIF only.
    int orientation = 1;
};

// Whether the format is written with 16 bits per sample when the image has them (PNG, TIFF).
bool holdsSixteenBits(OutputFormat format);

// Encodes into memory. JPEG input must have 1 or 3 channels (flatten alpha first). A 16-bit image
// is written at 16 bits where the format holds them, else brought to 8 bits here, once. Metadata
// that could not be written adds to *warnings (may be null) without failing the image.
bool encodeImage(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
                 QStringList *warnings = nullptr);

// The output format for an input when the preset says Keep.
OutputFormat keepFormatFor(ImageFormat input);

} // namespace pp
