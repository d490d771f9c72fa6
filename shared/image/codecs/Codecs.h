// One decoder and encoder per format, each on the format's own library (libjpeg-turbo, libpng,
// libwebp, libtiff, libheif, giflib, libjxl). ImageCodec.cpp chooses; everything here runs in a worker on hostile
// bytes. OpenCV's imgcodecs is not linked: it pulls in about 140 shared libraries, which cost every process ~0.2 s to
// load. The one format without a library here (BMP) is read by BmpCodec.cpp where OpenCV reads it wrong, and
// otherwise through OpenCvModule.cpp, a plug-in that loads imgcodecs on first use.
#pragma once

#include "ImageCodec.h"

#include <optional>

namespace pp::codecs {

// Each decoder collects the metadata blocks when withMetadata; each encoder writes what `meta` has
// (may be null) where its format has room.
DecodeResult decodeJpeg(const uint8_t *data, size_t size, const ImageInfo &info, int scaleEighths, bool allowDamaged,
                        bool withMetadata);
bool encodeJpeg(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error);

// fastInflate: libdeflate inflates a clean file's image data at once (PngInflate.h); false reads
// it through libpng's own inflate (the fuzzer compares the two).
DecodeResult decodePng(const uint8_t *data, size_t size, const ImageInfo &info, bool allowDamaged, bool withMetadata,
                       bool fastInflate = true);
// Writes no more than the pixels hold, never changing one (PngCodec.cpp): grey where the colour
// channels are equal, no alpha where it is opaque everywhere, and for 8 bits grey below 8 bits
// where its levels allow, or a palette (with tRNS, at 1, 2, 4 or 8 bits a pixel) where there are
// at most 256 colours and that takes fewer bits a pixel. Grey only where no RGB profile goes with
// it; a palette only where no grey one does. A profile libpng refuses is left out, with a warning.
bool encodePng(const cv::Mat &image, int compression, const OutputMetadata *meta, std::vector<uint8_t> *out,
               QString *error, QStringList *warnings);

// Which channels an image's pixels use: grey, its colour channels equal everywhere (always so with
// one channel); opaque, no alpha or alpha at its maximum everywhere. The scan stops as soon as
// neither can be true, so a colour photo without alpha costs a few pixels (PngCodec.cpp).
struct ChannelUse {
    bool grey = true;
    bool opaque = true;
};
ChannelUse channelUse(const cv::Mat &image);
// Whether an encoder may write grey pixels with this profile beside them: none, or a grey one (an
// RGB profile is invalid on grey pixels, and dropping it would change their colours).
bool profileAllowsGrey(const std::vector<uint8_t> &icc);

DecodeResult decodeWebp(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata);
bool encodeWebp(const cv::Mat &image, int quality, bool lossless, const OutputMetadata *meta, std::vector<uint8_t> *out,
                QString *error);

DecodeResult decodeTiff(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata);
bool encodeTiff(const cv::Mat &image, TiffCompression compression, const OutputMetadata *meta,
                std::vector<uint8_t> *out, QString *error, QStringList *warnings);

// HEIC/HEIF and AVIF through libheif: the primary image, upright (HeifCodec.cpp). The probe reads
// the boxes with libheif too. AVIF is written with libheif's AV1 encoder (AvifEncoder.cpp).
ImageInfo probeHeif(const uint8_t *data, size_t size);
// The size libheif 1.15 hands the primary image over at: its size box, turned and cropped by its
// irot and clap boxes in the order they are associated. libheif's own reported size leaves out
// those associated before the size box (link-u's kimono.rotate90.avif: said 1024×722, decoded
// 722×1024). width 0: not known. decodedPixels: what is decoded before a crop.
struct HeifShownSize {
    int width = 0, height = 0;
    qint64 decodedPixels = 0;
};
// Why the primary image (or its alpha plane) would decode at another size than its size box says,
// or cost far more than it, read from the boxes without libheif; empty when it is consistent. The
// probe refuses such a file: libheif decodes a derived image (grid, overlay) at the size its data
// gives, a coded one at the size of its HEVC SPS or AV1 sequence header (HeifLayout.cpp). When
// it is consistent, *shown (if given) is the size it is handed over at.
QString heifLayoutDamage(const uint8_t *data, size_t size, HeifShownSize *shown = nullptr);
DecodeResult decodeHeif(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata);
bool encodeAvif(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
                QStringList *warnings);

// JPEG XL through libjxl, bare codestream or container: the first frame, upright (JxlCodec.cpp). The
// probe reads the header with libjxl (basic info only). Written by JxlEncoder.cpp.
ImageInfo probeJxl(const uint8_t *data, size_t size);
DecodeResult decodeJxl(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata);
bool encodeJxl(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error,
               QStringList *warnings);

// GIF through giflib: the first frame on its logical screen (GifCodec.cpp). No metadata.
DecodeResult decodeGif(const uint8_t *data, size_t size, const ImageInfo &info);

// Camera RAW through LibRaw (RawCodec.cpp). The probe lets LibRaw read the metadata only (and the
// embedded preview's JPEG header); `claimed` is the size a TIFF-based RAW's sensor directory states,
// reported when LibRaw refuses a size beyond its 65535 a side so that the pixel limit names it.
ImageInfo probeRaw(const uint8_t *data, size_t size, cv::Size claimed);
struct RawDecodeRequest {
    int scaleEighths = 8;      // ≤ 4: LibRaw's half size (one pixel per 2×2 filter block)
    int previewEighths = 0;    // > 0: the embedded JPEG preview at this scale, if it is usable
    bool allowDamaged = false; // damaged sensor data gives a warning instead of a failure
    bool withMetadata = false;
};
DecodeResult decodeRaw(const uint8_t *data, size_t size, const ImageInfo &info, const RawDecodeRequest &request);

// BMP: bit fields read here, OS/2 1.x and RLE files rewritten for OpenCV's reader, the rest
// through it (BmpCodec.cpp). A DIB without BMP's file header (a 40-, 108- or 124-byte info header
// at byte 0 whose fields are sane, as Windows' clipboard holds one) is a BMP too: its probe gives
// its size; none for bytes that are no such DIB.
std::optional<ImageInfo> probeHeaderlessDib(const uint8_t *data, size_t size);
DecodeResult decodeBmp(const uint8_t *data, size_t size, const ImageInfo &info);

// Through OpenCV's imgcodecs, loaded on first use (the pixelpool-opencv-codecs plug-in).
DecodeResult decodeWithOpenCv(const uint8_t *data, size_t size, const ImageInfo &info);
bool encodeWithOpenCv(const char *ext, const cv::Mat &image, std::vector<uint8_t> *out, QString *error);

// An EXIF block without JPEG's "Exif\0\0" header, which some writers put into PNG and WebP too.
std::vector<uint8_t> withoutExifHeader(std::vector<uint8_t> exif);

// The warning for a block a decoder leaves unread, being over its cap (kMaxExifBytes…):
// what is "EXIF", "XMP" or "colour profile".
QString tooLargeToRead(const char *what, size_t size);

// 8-bit with 1, 3 or 4 channels: what the pipeline expects from every decoder.
cv::Mat normalizeDepth(const cv::Mat &in);
// Refuses a decoded size that differs from the header's (the limits were checked on the header).
bool sizeMatches(cv::Size size, const ImageInfo &info, DecodeResult *result);

} // namespace pp::codecs
