// JPEG on libjpeg(-turbo): it gives DCT scaling (decode at 1/8..8/8 of full size, which
// shrink-on-load uses) and tells us about damage through its warnings.
#include "Codecs.h"
#include "ColourManagement.h"
#include "ExtendedXmp.h"
#include "JpegDcOnly.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <csetjmp>
#include <cstdio>
#include <QStringDecoder>
#include <jpeglib.h>
#include <jerror.h>
#include <opencv2/imgproc.hpp>

namespace pp::codecs {
namespace {

// What libjpeg allocates besides the coefficients of a file read scan by scan: tables, and a few
// rows of samples (65535 pixels wide, four components, two MCU rows, with room to spare).
constexpr qint64 kJpegWorkingBytes = 64 << 20;

// libjpeg reports fatal errors through error_exit, which must not return: we longjmp back.
struct JpegErrors {
    jpeg_error_mgr mgr;
    jmp_buf jump;
    QString *damage; // first sign of damaged data, if any
    // While jpeg_read_header() reads the segments before the first scan: stray bytes there (a
    // segment's length off by a few, a stuffed 0xFF 0x00 between segments) cost no pixel. libjpeg
    // skips them to the next marker as the probe does (JpegMarkers.h); they are counted, not damage.
    bool inHeader = false;
    long headerStrayBytes = 0;
    int headerStrayPlaces = 0;
};

void jpegErrorExit(j_common_ptr cinfo) { longjmp(reinterpret_cast<JpegErrors *>(cinfo->err)->jump, 1); }

// Warnings (level -1) are where libjpeg admits it is guessing: truncated data, bad Huffman codes.
// Treat those that mean lost pixels as damage; ignore the cosmetic ones.
void jpegEmitMessage(j_common_ptr cinfo, int level)
{
    if (level != -1)
        return;
    auto *err = reinterpret_cast<JpegErrors *>(cinfo->err);
    const int code = err->mgr.msg_code;
    if (code == JWRN_EXTRANEOUS_DATA && err->inHeader) {
        err->headerStrayBytes += err->mgr.msg_parm.i[0];
        ++err->headerStrayPlaces;
        return;
    }
    // Extraneous bytes before a marker after the header (even before EOI) mean the entropy decoder
    // lost sync: that is damage, not padding.
    const bool harmless = code == JWRN_ADOBE_XFORM || code == JWRN_JFIF_MAJOR || code == JWRN_BOGUS_ICC;
    if (harmless || !err->damage->isEmpty())
        return;
    char text[JMSG_LENGTH_MAX];
    err->mgr.format_message(cinfo, text);
    *err->damage = QString::fromLatin1(text);
}

QString jpegErrorText(j_common_ptr cinfo)
{
    char text[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, text);
    return QString::fromLatin1(text);
}

bool startsWith(const jpeg_saved_marker_ptr m, const char *prefix, size_t n)
{
    return m->data_length >= n && std::memcmp(m->data, prefix, n) == 0;
}

bool isTiffHeader(const uint8_t *p, size_t n)
{
    return n >= 4 && (std::memcmp(p, "II*\0", 4) == 0 || std::memcmp(p, "MM\0*", 4) == 0);
}

// The metadata blocks among the saved APPn markers: the EXIF blocks, the first (main) XMP packet and
// the extended XMP it names, every Photoshop APP13 joined (IPTC may span several), and the JFIF
// resolution.
void collectMarkers(jpeg_decompress_struct &cinfo, SourceMetadata *meta)
{
    static const char exifId[] = "Exif\0\0";
    static const char psId[] = "Photoshop 3.0"; // and its NUL
    std::vector<uint8_t> photoshop;
    std::vector<meta::XmpExtensionPart> extension;
    bool comment = false;
    // exiftool's multi-segment EXIF: a block too large for one segment goes on in the APP1 segments
    // right after it, each "Exif\0\0" and the block's next bytes, without a TIFF header of its own.
    // They are joined, as exiftool reads them, up to kMaxExifBytes: a block that grows past it is left
    // out, said so.
    std::vector<uint8_t> *block = nullptr; // the EXIF block the last segment went into
    size_t blockSize = 0;                  // its size joined, kept or not
    const auto endBlock = [&] {
        if (block && blockSize > kMaxExifBytes) {
            meta->warnings.append(tooLargeToRead("EXIF", blockSize));
            if (block == &meta->exif)
                meta->exif.clear();
            else
                meta->moreExif.pop_back(); // the block went into the last of them
        }
        block = nullptr;
    };
    for (jpeg_saved_marker_ptr m = cinfo.marker_list; m; m = m->next) {
        const bool exif = m->marker == JPEG_APP0 + 1 && startsWith(m, exifId, 6) && m->data_length > 6;
        if (exif && block && !isTiffHeader(m->data + 6, m->data_length - 6)) {
            blockSize += m->data_length - 6;
            if (blockSize <= kMaxExifBytes)
                block->insert(block->end(), m->data + 6, m->data + m->data_length);
            continue;
        }
        endBlock();
        if (m->marker == JPEG_COM && !comment) { // the first: a text entry "Comment", as PNG has
            comment = true;
            const auto *text = reinterpret_cast<const char *>(m->data);
            const qsizetype n = qsizetype(strnlen(text, m->data_length)); // writers may end it with a NUL
            QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            TextEntry entry{QStringLiteral("Comment"), utf8(QByteArrayView(text, n)), {}, {}};
            if (utf8.hasError()) // no encoding is stated: UTF-8 where it is that, else Latin-1
                entry.text = QString::fromLatin1(text, n);
            if (!entry.text.trimmed().isEmpty())
                meta->texts.push_back(std::move(entry));
            continue;
        }
        if (exif) {
            if (meta->exif.empty())
                block = &meta->exif;
            else if (meta->moreExif.size() < 3)
                block = &meta->moreExif.emplace_back();
            if (block)
                block->assign(m->data + 6, m->data + m->data_length);
            blockSize = m->data_length - 6;
        } else if (m->marker == JPEG_APP0 + 1 && meta->xmp.empty() && startsWith(m, kJpegXmpId, sizeof kJpegXmpId)) {
            meta->xmp.assign(reinterpret_cast<const char *>(m->data) + sizeof kJpegXmpId,
                             m->data_length - sizeof kJpegXmpId);
        } else if (m->marker == JPEG_APP0 + 1 && startsWith(m, meta::kXmpExtensionId, sizeof meta::kXmpExtensionId)) {
            extension.push_back(
                {m->data + sizeof meta::kXmpExtensionId, m->data_length - sizeof meta::kXmpExtensionId});
        } else if (m->marker == JPEG_APP0 + 13 && startsWith(m, psId, sizeof psId)) {
            photoshop.insert(photoshop.end(), m->data + sizeof psId, m->data + m->data_length);
        }
    }
    endBlock();
    meta->xmpExtension = meta::joinXmpExtension(meta->xmp, extension, kMaxXmpBytes, &meta->warnings);
    meta->iptc = meta::iptcFromPhotoshop(photoshop.data(), photoshop.size(), &meta->warnings);
    if (cinfo.saw_JFIF_marker && (cinfo.density_unit == 1 || cinfo.density_unit == 2) && cinfo.X_density > 0 &&
        cinfo.Y_density > 0) {
        const double perInch = cinfo.density_unit == 1 ? 1.0 : 2.54;
        meta->dpiX = cinfo.X_density * perInch;
        meta->dpiY = cinfo.Y_density * perInch;
    }
}

// Whether the file has an APP2 segment of an ICC profile chunk (its 12-byte signature, and the
// chunk's number and count after it).
bool hasIccChunks(const jpeg_decompress_struct &cinfo)
{
    for (jpeg_saved_marker_ptr m = cinfo.marker_list; m; m = m->next)
        if (m->marker == JPEG_APP0 + 2 && m->data_length >= 14 && std::memcmp(m->data, "ICC_PROFILE\0", 12) == 0)
            return true;
    return false;
}

uint32_t be16(const uint8_t *p) { return uint32_t(p[0]) << 8 | p[1]; }

// The pictures that a multi-picture index (CIPA's MPF: an APP2 segment "MPF\0" before the first
// scan) lists and the file holds: each where its entry puts it (counted from the index's TIFF
// header; the first is the file itself) and beginning with SOI. A large thumbnail (a camera's
// preview of the same photo) and an entry of undefined kind (an Ultra HDR gain map) are no
// pictures. -1 without an index.
int mpfPictures(const uint8_t *d, size_t size)
{
    // The segments before the first scan, as many as the header probe walks (HeaderProbe.cpp).
    size_t pos = 2, mpf = 0, mpfEnd = 0;
    for (int segments = 0; segments < 4096 && pos + 4 <= size && d[pos] == 0xFF; ++segments) {
        const uint8_t marker = d[pos + 1];
        if (marker == 0xFF || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // fill, no length
            pos += marker == 0xFF ? 1 : 2;
            continue;
        }
        const size_t length = be16(d + pos + 2);
        if (marker == 0xDA || marker == 0xD9 || length < 2 || length > size - pos - 2)
            break;
        if (marker == 0xE2 && length >= 2 + 4 + 8 && std::memcmp(d + pos + 4, "MPF\0", 4) == 0) {
            mpf = pos + 8;
            mpfEnd = pos + 2 + length;
            break;
        }
        pos += 2 + length;
    }
    if (!mpf || !isTiffHeader(d + mpf, mpfEnd - mpf))
        return -1;
    const bool le = d[mpf] == 'I';
    const size_t n = mpfEnd - mpf;
    const auto has = [&](size_t off, size_t bytes) { return off <= n && bytes <= n - off; };
    const auto u16 = [&](size_t off) {
        const uint8_t *p = d + mpf + off;
        return le ? uint32_t(p[0] | p[1] << 8) : be16(p);
    };
    const auto u32 = [&](size_t off) { return le ? u16(off) | u16(off + 2) << 16 : u16(off) << 16 | u16(off + 2); };
    const size_t ifd = u32(4);
    if (!has(ifd, 2))
        return -1;
    for (size_t i = 0, entries = u16(ifd); i < entries && has(ifd + 2 + i * 12, 12); ++i) {
        const size_t e = ifd + 2 + i * 12;
        if (u16(e) != 0xB002) // MPEntry: 16 bytes a picture
            continue;
        const size_t count = u32(e + 4) / 16, values = u32(e + 4) <= 4 ? e + 8 : u32(e + 8);
        if (!has(values, count * 16))
            return -1;
        int pictures = count > 0 ? 1 : 0;
        for (size_t k = 1; k < count; ++k) {
            const size_t v = values + k * 16;
            const uint32_t type = u32(v) & 0xFFFFFF;
            const size_t length = u32(v + 4), at = mpf + u32(v + 8);
            const bool picture = type == 0x030000 || (type & 0xFF0000) == 0x020000; // primary; multi-frame
            if (picture && at > mpf && at < size && length >= 4 && length <= size - at && d[at] == 0xFF &&
                d[at + 1] == 0xD8)
                ++pictures;
        }
        return pictures;
    }
    return -1;
}

// What a JPEG holds besides its first picture, which ends at `firstEnd` (0: not known): the pictures
// its MPF index lists, or without one, complete JPEGs (SOI, segments, scans, EOI, walked by their
// markers) that follow it end to end. Other bytes after the EOI are no picture.
QString morePictures(const uint8_t *data, size_t size, size_t firstEnd)
{
    const auto said = [](int pictures, const char *how) {
        return pictures > 1 ? QStringLiteral("JPEG of %1 pictures (%2): only the first is read")
                                  .arg(pictures)
                                  .arg(QLatin1String(how))
                            : QString();
    };
    if (const int listed = mpfPictures(data, size); listed >= 0)
        return said(listed, "MPF");
    int pictures = 1;
    for (size_t at = firstEnd, end = 0;
         at > 0 && at < size && size - at >= 4 && data[at] == 0xFF && data[at + 1] == 0xD8 && data[at + 2] == 0xFF &&
         jpegScanCount(data + at, size - at, &end) > 0 && end > 0;
         at += end)
        ++pictures;
    return said(pictures, "joined end to end");
}

// Everything that must survive a longjmp lives here, outside the setjmp frame's locals.
struct JpegDecodeState {
    jpeg_decompress_struct cinfo;
    JpegErrors errors;
    jpeg_progress_mgr progress; // limitScans()
    bool tooManyScans = false;
    int scans = 0; // counted before decoding when refused for scans times megapixels, else 0
    cv::Mat image;
    QString damage;
    bool started = false;
    size_t firstEnd = 0; // where the first picture ends, after its EOI (0: not known)
    SourceMetadata metadata;
    // Here, not on decodeJpeg's stack: libjpeg's error exit longjmps past that frame's
    // destructors, and the vector of components would leak (found by fuzz_decode).
    JpegFrame frame;
};

// Between jpeg_start_compress() and the first scanline. prepareMetadata() kept every block within
// a segment's size; the profile is split over APP2 chunks by libjpeg.
void writeMarkers(jpeg_compress_struct &cinfo, const OutputMetadata &meta)
{
    const auto write = [&](int marker, const char *id, size_t idSize, const uint8_t *data, size_t size) {
        if (size == 0 || idSize + size > 65533)
            return;
        std::vector<JOCTET> segment(id, id + idSize);
        segment.insert(segment.end(), data, data + size);
        jpeg_write_marker(&cinfo, marker, segment.data(), unsigned(segment.size()));
    };
    write(JPEG_APP0 + 1, "Exif\0\0", 6, meta.exif.data(), meta.exif.size());
    static const char xmpId[] = "http://ns.adobe.com/xap/1.0/";
    write(JPEG_APP0 + 1, xmpId, sizeof xmpId, reinterpret_cast<const uint8_t *>(meta.xmp.data()), meta.xmp.size());
    if (!meta.xmp.empty())
        for (const std::string &segment : meta::xmpExtensionSegments(meta.xmpExtension))
            write(JPEG_APP0 + 1, "", 0, reinterpret_cast<const uint8_t *>(segment.data()), segment.size());
    static const char psId[] = "Photoshop 3.0";
    write(JPEG_APP0 + 13, psId, sizeof psId, meta.iptcIrb.data(), meta.iptcIrb.size());
    if (!meta.icc.empty())
        jpeg_write_icc_profile(&cinfo, meta.icc.data(), unsigned(meta.icc.size()));
    write(JPEG_COM, "", 0, reinterpret_cast<const uint8_t *>(meta.comment.data()), meta.comment.size());
}

// Whether libjpeg has read enough scans for the output it will make at a reduced scale: every
// coefficient that a component's s×s inverse DCT turns into pixels (the s lowest frequencies each
// way; libjpeg folds the higher ones in, and those may still be missing), the DC to its last bit but
// one, the others to their last two. Measured on the benchmark sets' progressive JPEGs
// (docs/formats.md): 256-pixel thumbnails read at 2/8 are 44.3 dB or more from the plain pipeline's
// (as reading every scan), 1920-pixel web outputs read at 6/8 42.0 dB or more (43.5), in a sixth to
// a half of the time.
bool enoughForScale(const jpeg_decompress_struct &cinfo)
{
    // coef_bits counts in the order the scans send the coefficients (zig-zag): each row-major
    // position's place in it.
    static constexpr int kZigzag[DCTSIZE2] = {0,  1,  5,  6,  14, 15, 27, 28, 2,  4,  7,  13, 16, 26, 29, 42,
                                              3,  8,  12, 17, 25, 30, 41, 43, 9,  11, 18, 24, 31, 40, 44, 53,
                                              10, 19, 23, 32, 39, 45, 52, 54, 20, 22, 33, 38, 46, 51, 55, 60,
                                              21, 34, 37, 47, 50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63};
    for (int c = 0; c < cinfo.num_components; ++c) {
#if JPEG_LIB_VERSION >= 70
        const int s = std::max(cinfo.comp_info[c].DCT_h_scaled_size, cinfo.comp_info[c].DCT_v_scaled_size);
#else
        const int s = cinfo.comp_info[c].DCT_scaled_size;
#endif
        for (int v = 0; v < std::min(s, DCTSIZE); ++v)
            for (int u = 0; u < std::min(s, DCTSIZE); ++u) {
                const int bits = cinfo.coef_bits[c][kZigzag[v * DCTSIZE + u]];
                if (bits < 0 || bits > (u == 0 && v == 0 ? 1 : 2))
                    return false;
            }
    }
    return true;
}

// Ends the decode of a file of more than kMaxJpegScans scans (cinfo.client_data is the
// JpegDecodeState); decodeJpeg() reports it.
[[noreturn]] void refuseScans(j_decompress_ptr cinfo)
{
    auto *state = static_cast<JpegDecodeState *>(cinfo->client_data);
    state->tooManyScans = true;
    longjmp(state->errors.jump, 1);
}

// libjpeg's progress monitor, called while it reads a multi-scan file, as djpeg's -maxscans does it.
void limitScans(j_common_ptr common)
{
    const auto cinfo = reinterpret_cast<j_decompress_ptr>(common);
    if (cinfo->input_scan_number > kMaxJpegScans)
        refuseScans(cinfo);
}

// In buffered-image mode, after jpeg_start_decompress: reads scans until enoughForScale() or the
// end, then starts the output of what was read. True when it stopped before the end. The file is
// regular to its end (isRegularProgressive), so what is left unread holds no cut and no marker out
// of place; damage inside the unread scans' data goes unseen, as with the DC-only read.
bool startOutputOfEnoughScans(jpeg_decompress_struct &cinfo)
{
    int enough = 0; // the scan after which enough was read
    for (;;) {
        const int r = jpeg_consume_input(&cinfo);
        if (r == JPEG_REACHED_EOI || r == JPEG_SUSPENDED)
            break;
        if (r == JPEG_SCAN_COMPLETED && enoughForScale(cinfo)) {
            enough = cinfo.input_scan_number;
            // On to the next scan's header: libjpeg's warning about bytes left over after the
            // last scan read comes with it.
            if (jpeg_consume_input(&cinfo) == JPEG_REACHED_EOI)
                enough = 0;
            break;
        }
    }
    // Block smoothing guesses missing low frequencies from the neighbours' DC; with those read, it
    // would only blur. A file read to its end is output as libjpeg outputs it without buffering.
    if (enough)
        cinfo.do_block_smoothing = FALSE;
    jpeg_start_output(&cinfo, enough ? enough : cinfo.input_scan_number);
    return enough != 0;
}

} // namespace

DecodeResult decodeJpeg(const uint8_t *data, size_t size, const ImageInfo &info, int scaleEighths, bool allowDamaged,
                        bool withMetadata)
{
    DecodeResult result;
    auto state = std::make_unique<JpegDecodeState>();
    jpeg_decompress_struct &cinfo = state->cinfo;
    cinfo.err = jpeg_std_error(&state->errors.mgr);
    state->errors.mgr.error_exit = jpegErrorExit;
    state->errors.mgr.emit_message = jpegEmitMessage;
    state->errors.damage = &state->damage;
    if (setjmp(state->errors.jump)) {
        if (state->tooManyScans && state->scans > 0) {
            result.error = QStringLiteral("JPEG of %1 scans over %2×%3 pixels: refused, as each scan is a pass over "
                                          "the whole image (at most %4 scans times megapixels; progressive photos "
                                          "have about ten scans)")
                               .arg(state->scans)
                               .arg(info.width)
                               .arg(info.height)
                               .arg(kMaxJpegScanMegapixels);
        } else if (state->tooManyScans) {
            result.error = QStringLiteral("JPEG of more than %1 scans (progressive photos have about ten): "
                                          "refused, as each scan is a pass over the whole image")
                               .arg(kMaxJpegScans);
        } else if (const int code = cinfo.err->msg_code;
                   code == JERR_BAD_PRECISION || code == JERR_SOF_UNSUPPORTED || code == JERR_NOT_COMPILED) {
            // A kind of JPEG libjpeg does not decode (12-bit, lossless, hierarchical): not damage.
            result.error =
                QStringLiteral("JPEG of a kind PixelPool does not read: %1").arg(jpegErrorText(j_common_ptr(&cinfo)));
        } else {
            result.error = QStringLiteral("damaged JPEG: %1").arg(jpegErrorText(j_common_ptr(&cinfo)));
            result.corrupt = true;
        }
        jpeg_destroy_decompress(&cinfo);
        return result;
    }
    jpeg_create_decompress(&cinfo);
    cinfo.client_data = state.get();
    state->progress.progress_monitor = limitScans;
    cinfo.progress = &state->progress;
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    // The profile is wanted for CMYK pixels even without metadata: they are converted through it.
    jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xFFFF);
    if (withMetadata) {
        jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
        jpeg_save_markers(&cinfo, JPEG_APP0 + 13, 0xFFFF);
        jpeg_save_markers(&cinfo, JPEG_COM, 0xFFFF);
    }
    state->errors.inHeader = true;
    jpeg_read_header(&cinfo, TRUE);
    state->errors.inHeader = false;
    if (int(cinfo.image_width) != info.width || int(cinfo.image_height) != info.height) {
        // libjpeg found another frame header than the probe did (e.g. one hidden behind bytes
        // the probe took for a segment): the size limits were checked on the probe's.
        result.error = QStringLiteral("damaged JPEG: its frame header says %1×%2, the probe read %3×%4")
                           .arg(cinfo.image_width)
                           .arg(cinfo.image_height)
                           .arg(info.width)
                           .arg(info.height);
        result.corrupt = true;
        jpeg_destroy_decompress(&cinfo);
        return result;
    }
    if (jpeg_has_multiple_scans(&cinfo)) { // before the first pass over the coefficients
        const int scans = jpegScanCount(data, size, &state->firstEnd);
        if (scans > kMaxJpegScans)
            refuseScans(&cinfo);
        if (scans * (double(cinfo.image_width) * cinfo.image_height / 1e6) > kMaxJpegScanMegapixels) {
            state->scans = scans;
            refuseScans(&cinfo);
        }
    }
    cinfo.scale_num = unsigned(std::clamp(scaleEighths, 1, 8));
    cinfo.scale_denom = 8;
    const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    SourceMetadata &meta = state->metadata;
    if (withMetadata || cmyk) {
        JOCTET *icc = nullptr;
        unsigned int iccSize = 0;
        if (jpeg_read_icc_profile(&cinfo, &icc, &iccSize) && icc) {
            if (iccSize <= colour::kMaxProfileBytes)
                meta.icc.assign(icc, icc + iccSize);
            else
                meta.warnings.append(tooLargeToRead("colour profile", iccSize));
        } else if (hasIccChunks(cinfo)) {
            // libjpeg gives up on the whole profile (and warns JWRN_BOGUS_ICC, which is no damage to the
            // pixels) when its chunks do not add up: a number repeated or 0, a total that differs, one missing.
            meta.warnings.append(QStringLiteral("colour profile ignored: its APP2 chunks are numbered wrongly "
                                                "or one is missing"));
        }
        free(icc);
    }
    if (withMetadata) {
        collectMarkers(cinfo, &meta);
        // The orientation the probe took is its EXIF's, else its XMP's; where they disagree, said.
        if (const QString disagree = orientationDisagreement(jpegOrientations(data, size), ImageFormat::Jpeg);
            !disagree.isEmpty())
            meta.warnings.append(disagree);
    }
    int channels = 3;
    if (cmyk) {
        cinfo.out_color_space = JCS_CMYK;
        channels = 4;
    } else if (cinfo.num_components == 1) {
        cinfo.out_color_space = JCS_GRAYSCALE;
        channels = 1;
    } else {
        cinfo.out_color_space = JCS_EXT_BGR;
    }
    // A progressive file at a reduced scale needs only some of its scans: at 1/8 the DC scans
    // (JpegDcOnly.h), read by PixelPool; at other scales libjpeg stops after the scans that the
    // reduced blocks need (enoughForScale), when the file is regular to its end. Anything unusual,
    // and every other file, is decoded whole.
    JpegFrame &frame = state->frame;
    const bool reducedProgressive =
        cinfo.scale_num < 8 && cinfo.progressive_mode && !cinfo.arith_code && frameOfLibjpeg(cinfo, &frame);
    if (reducedProgressive && cinfo.scale_num == 1)
        result.dcOnly = decodeProgressiveDc(data, size, frame, &state->image);
    if (!result.dcOnly) {
        const bool mayStop = reducedProgressive && isRegularProgressive(data, size, frame);
        // Read scan by scan, libjpeg keeps every coefficient of the image; the probe counted them
        // against the pixel limit (ImageInfo::coefficientBytes), and libjpeg may not take more.
        if (cinfo.progressive_mode || cinfo.comps_in_scan < cinfo.num_components) {
            qint64 coefficients = 0;
            for (int i = 0; i < cinfo.num_components; ++i) {
                const jpeg_component_info &c = cinfo.comp_info[i];
                coefficients += qint64((c.width_in_blocks + c.h_samp_factor - 1) / c.h_samp_factor * c.h_samp_factor) *
                                ((c.height_in_blocks + c.v_samp_factor - 1) / c.v_samp_factor * c.v_samp_factor) *
                                qint64(sizeof(JBLOCK));
            }
            if (coefficients > info.coefficientBytes) {
                result.error = QStringLiteral("damaged JPEG: it needs %1 MB of DCT coefficients, its header was "
                                              "checked for %2 MB")
                                   .arg(double(coefficients) / 1e6, 0, 'f', 1)
                                   .arg(double(info.coefficientBytes) / 1e6, 0, 'f', 1);
                result.corrupt = true;
                jpeg_destroy_decompress(&cinfo);
                return result;
            }
            cinfo.mem->max_memory_to_use = long(std::min<qint64>(coefficients + kJpegWorkingBytes, LONG_MAX));
        }
        cinfo.buffered_image = mayStop;
        jpeg_start_decompress(&cinfo);
        if (mayStop)
            result.stoppedEarly = startOutputOfEnoughScans(cinfo);
        state->image.create(int(cinfo.output_height), int(cinfo.output_width), CV_8UC(channels));
        while (cinfo.output_scanline < cinfo.output_height) {
            JSAMPROW row = state->image.ptr<uint8_t>(int(cinfo.output_scanline));
            jpeg_read_scanlines(&cinfo, &row, 1);
        }
        if (mayStop)
            jpeg_finish_output(&cinfo);
        if (!result.stoppedEarly) {
            jpeg_finish_decompress(&cinfo);
            // libjpeg read to the EOI (its source's next byte is in the file, unless the file ended
            // first and libjpeg made up an EOI).
            const JOCTET *next = cinfo.src->next_input_byte;
            if (next > data && next <= data + size)
                state->firstEnd = size_t(next - data);
        }
    }
    jpeg_destroy_decompress(&cinfo);

    if (!state->damage.isEmpty()) {
        result.corrupt = true;
        if (!allowDamaged) {
            result.error = QStringLiteral("damaged JPEG: %1").arg(state->damage);
            return result;
        }
        result.warning = QStringLiteral("damaged JPEG, written as far as it decoded: %1").arg(state->damage);
    }
    result.image = state->image;
    if (cmyk) {
        // Through the embedded profile when there is one; its pixels are sRGB afterwards, and so
        // is the profile an output may carry. Without one, a plain formula. The inks are inverted
        // (255 is no ink), with or without Adobe's APP14 marker that says so: Photoshop writes
        // them so, and browsers, Pillow and ImageMagick read every CMYK JPEG so.
        const colour::ProfileInfo p = colour::inspectProfile(meta.icc);
        QString why;
        cv::Mat bgr;
        if (p.space == colour::ProfileSpace::Cmyk &&
            colour::cmykToSrgb(state->image, /*adobeInverted*/ true, meta.icc, &bgr, &why)) {
            result.image = bgr;
            meta.icc = colour::srgbProfile();
        } else {
            if (!meta.icc.empty())
                meta.warnings.append(colour::cmykProfileUnusedWarning(meta.icc, why));
            result.image = colour::cmykToBgrPlain(state->image, /*adobeInverted*/ true);
            meta.icc.clear();
        }
    }
    if (withMetadata)
        result.metadata = std::move(meta);
    const auto warn = [&](const QString &w) {
        if (!w.isEmpty())
            result.warning = result.warning.isEmpty() ? w : result.warning + QStringLiteral("; ") + w;
    };
    if (const long stray = state->errors.headerStrayBytes; stray > 0) {
        const int places = state->errors.headerStrayPlaces;
        warn(places == 1
                 ? QStringLiteral("JPEG header has %1 stray %2 before a marker; ignored")
                       .arg(stray)
                       .arg(stray == 1 ? QStringLiteral("byte") : QStringLiteral("bytes"))
                 : QStringLiteral("JPEG header has %1 stray bytes before %2 markers; ignored").arg(stray).arg(places));
    }
    // The other pictures are never decoded, only counted: the warning says what was left out.
    warn(morePictures(data, size, state->firstEnd));
    return result;
}

bool encodeJpeg(const cv::Mat &image, const EncodeSettings &s, std::vector<uint8_t> *out, QString *error)
{
    if (image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3)) {
        *error = QStringLiteral("JPEG needs 8-bit grey or colour pixels");
        return false;
    }
    // Said as WebP's and AVIF's limits are, where libjpeg said "Maximum supported image dimension
    // is 65500 pixels" after the image had been made.
    if (image.cols > JPEG_MAX_DIMENSION || image.rows > JPEG_MAX_DIMENSION) {
        *error = QStringLiteral("JPEG cannot hold %1×%2 pixels (at most %3 on a side)")
                     .arg(image.cols)
                     .arg(image.rows)
                     .arg(JPEG_MAX_DIMENSION);
        return false;
    }
    struct State {
        jpeg_compress_struct cinfo;
        JpegErrors errors;
        QString damage;
        unsigned char *buffer = nullptr;
        unsigned long size = 0;
    };
    auto st = std::make_unique<State>();
    jpeg_compress_struct &cinfo = st->cinfo;
    cinfo.err = jpeg_std_error(&st->errors.mgr);
    st->errors.mgr.error_exit = jpegErrorExit;
    st->errors.damage = &st->damage;
    if (setjmp(st->errors.jump)) {
        *error = QStringLiteral("JPEG encoder: %1").arg(jpegErrorText(j_common_ptr(&cinfo)));
        jpeg_destroy_compress(&cinfo);
        free(st->buffer);
        return false;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &st->buffer, &st->size);
    cinfo.image_width = JDIMENSION(image.cols);
    cinfo.image_height = JDIMENSION(image.rows);
    cinfo.input_components = image.channels();
    cinfo.in_color_space = image.channels() == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, s.quality, TRUE);
    if (image.channels() == 3 && s.quality >= 90) {
        // Chroma at full resolution for high quality, as ImageMagick does; 4:2:0 below.
        cinfo.comp_info[0].h_samp_factor = cinfo.comp_info[0].v_samp_factor = 1;
    }
    if (s.progressive)
        jpeg_simple_progression(&cinfo);
    const OutputMetadata *meta = s.metadata;
    if (meta && meta->dpiX > 0 && meta->dpiY > 0) {
        cinfo.density_unit = 1; // dots per inch
        cinfo.X_density = UINT16(std::clamp(std::lround(meta->dpiX), 1L, 65535L));
        cinfo.Y_density = UINT16(std::clamp(std::lround(meta->dpiY), 1L, 65535L));
    }
    jpeg_start_compress(&cinfo, TRUE);
    if (meta)
        writeMarkers(cinfo, *meta);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<uint8_t *>(image.ptr<uint8_t>(int(cinfo.next_scanline)));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    out->assign(st->buffer, st->buffer + st->size);
    free(st->buffer);
    return true;
}

} // namespace pp::codecs
