// Seeds of fuzz_headerprobe: headers that go on past the header probe's first 64 KB read, written
// compactly (FuzzChecks.h: a gap marker stands for the zeros between a header's parts), and a
// few small whole files, which it reads at once.
#include "FuzzChecks.h"
#include "TestBytes.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtEndian>
#include <functional>
#include <zlib.h>

namespace {

constexpr int kHead = 64 << 10;

using testbytes::be16;
using testbytes::le16;
using testbytes::le32;

// A JPEG marker segment of `length` (its 2 length bytes included) whose body is `start` followed by
// zeros.
QByteArray segment(quint8 marker, quint16 length, const QByteArray &start = {})
{
    return QByteArray("\xff", 1) + char(marker) + be16(length) + start + pp::fuzz::sparseGap(length - 2 - start.size());
}

QByteArray exifOrientation(quint16 orientation)
{
    const QByteArray tiff = QByteArray("II*\0\x08\0\0\0\x01\0", 10) + le16(0x0112) + le16(3) + le32(1) +
                            le16(orientation) + le16(0) + le32(0);
    const QByteArray body = QByteArray("Exif\0\0", 6) + tiff;
    return QByteArray("\xff\xe1", 2) + be16(quint16(2 + body.size())) + body;
}

// A frame header of `components` components (the first 2×2 sampled), its tables and a scan of the
// first component, then a few bytes of entropy-coded data.
QByteArray frame(quint8 sof, quint16 width, quint16 height, int components)
{
    QByteArray b = QByteArray("\xff\xdb", 2) + be16(67) + QByteArray(65, '\x01'); // DQT
    QByteArray s = QByteArray("\xff", 1) + char(sof) + be16(quint16(8 + 3 * components)) + char(8) + be16(height) +
                   be16(width) + char(components);
    for (int c = 1; c <= components; ++c)
        s += QByteArray(1, char(c)) + char(c == 1 ? 0x22 : 0x11) + char(0);
    return b + s;
}
QByteArray scan(int components)
{
    QByteArray dht = QByteArray("\xff\xc4", 2) + be16(20) + char(0) + QByteArray(16, '\0');
    dht[5] = 1; // one code of length 1
    dht += char(0);
    QByteArray sos = QByteArray("\xff\xda", 2) + be16(quint16(6 + 2 * components)) + char(components);
    for (int c = 1; c <= components; ++c)
        sos += QByteArray(1, char(c)) + char(0);
    return dht + sos + QByteArray("\0\x3f\0", 3) + QByteArray(16, '\x55') + QByteArray("\xff\xd9", 2);
}

QByteArray be32(quint32 v) { return be16(quint16(v >> 16)) + be16(quint16(v)); }

// A PNG chunk with its CRC; `gap` zero bytes after `body` (as a gap marker, outside the CRC: the
// probe checks no image data's).
QByteArray pngChunk(const char *type, const QByteArray &body, int gap = 0)
{
    const QByteArray typed = QByteArray(type, 4) + body;
    const quint32 crc = quint32(::crc32(0, reinterpret_cast<const Bytef *>(typed.constData()), uInt(typed.size())));
    return be32(quint32(body.size() + gap)) + typed + (gap ? pp::fuzz::sparseGap(size_t(gap)) : QByteArray()) +
           be32(gap ? 0 : crc);
}

QByteArray tiffIfd(const QList<std::pair<quint16, quint32>> &tags, quint32 next = 0)
{
    QByteArray b = le16(quint16(tags.size()));
    for (const auto &[id, value] : tags)
        b += le16(id) + le16(4) + le32(1) + le32(value);
    return b + le32(next);
}

} // namespace

void writeHeaderProbeSeeds(const std::function<void(const QString &, const QByteArray &)> &put)
{
    using pp::fuzz::sparseGap;
    const QByteArray soi("\xff\xd8", 2);
    const QByteArray xmp("http://ns.adobe.com/xap/1.0/\0", 29);
    const QByteArray icc("ICC_PROFILE\0\x01\x01", 14);

    // Megabytes of XMP between the EXIF block and the frame header.
    put(QStringLiteral("jpeg_xmp_before_frame.jpg"), soi + exifOrientation(6) + segment(0xE1, 65535, xmp) +
                                                         segment(0xE1, 65535, xmp) + segment(0xE1, 40000, xmp) +
                                                         frame(0xC0, 4000, 3000, 3) + scan(3));
    // The EXIF block after a large ICC profile, so past the first read; a progressive frame.
    put(QStringLiteral("jpeg_exif_after_icc_progressive.jpg"), soi + segment(0xE2, 65535, icc) +
                                                                   segment(0xE2, 20000, icc) + exifOrientation(8) +
                                                                   frame(0xC2, 6000, 4000, 3) + scan(1));
    // A sequential frame with a scan per component whose first scan header lies past the first
    // read, behind a comment after the frame header.
    put(QStringLiteral("jpeg_scan_after_comment.jpg"),
        soi + segment(0xFE, kHead - 200) + frame(0xC1, 5000, 5000, 3) + segment(0xFE, 30000) + scan(1));
    // Two EXIF blocks, the first's Orientation 1 before the frame header, a stale 6 behind a profile
    // after it, past the first read: the first block's wins.
    put(QStringLiteral("jpeg_exif_after_frame.jpg"), soi + exifOrientation(1) + frame(0xC0, 4000, 3000, 3) +
                                                         segment(0xE2, 65535, icc) + exifOrientation(6) + scan(3));
    // An XMP packet that states the orientation (no EXIF) behind a profile after the frame header,
    // past the first read.
    const QByteArray xmpOrientation = xmp + "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
                                            "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
                                            "rdf:about='' xmlns:tiff='http://ns.adobe.com/tiff/1.0/' "
                                            "tiff:Orientation='6'/></rdf:RDF></x:xmpmeta>";
    put(QStringLiteral("jpeg_xmp_orientation.jpg"),
        soi + frame(0xC0, 4000, 3000, 3) + segment(0xE2, 65535, icc) + QByteArray("\xff\xe1", 2) +
            be16(quint16(2 + xmpOrientation.size())) + xmpOrientation + scan(3));
    // Fill bytes and a restart marker among the segments past the first read.
    put(QStringLiteral("jpeg_fill_bytes.jpg"), soi + segment(0xE1, 65535, xmp) + QByteArray("\xff\xff\xff", 3) +
                                                   segment(0xED, 2000) + frame(0xC0, 800, 600, 1) + scan(1));

    // Stray bytes where markers are due past the first read, before and after the frame header
    // (libjpeg skips them to the next marker, and so do both probes).
    put(QStringLiteral("jpeg_stray_bytes.jpg"), soi + segment(0xE1, 65535, xmp) + QByteArray("hello") +
                                                    frame(0xC2, 4000, 3000, 3) + QByteArray("\xff\x00\x00\x02", 4) +
                                                    scan(1));

    // A TIFF whose first directory comes after its pixels.
    const quint32 pixels = 300000;
    put(QStringLiteral("tiff_ifd_after_pixels.tif"),
        QByteArray("II*\0", 4) + le32(8 + pixels) + sparseGap(pixels) +
            tiffIfd({{256, 1000}, {257, 100}, {274, 6}, {278, 16}, {273, 8}, {279, pixels}}));
    // A tiled TIFF whose directory starts just before the end of the first read.
    const quint32 at = kHead - 40;
    put(QStringLiteral("tiff_ifd_across_head.tif"),
        QByteArray("II*\0", 4) + le32(at) + sparseGap(at - 8) +
            tiffIfd({{256, 3000}, {257, 2000}, {274, 3}, {322, 256}, {323, 256}, {324, 8}, {325, 100}}) +
            sparseGap(100000));
    // A camera-RAW-like TIFF: a small IFD0 in the first read, the sensor's SubIFD far behind it.
    const quint32 sub = 200000;
    put(QStringLiteral("tiff_raw_subifd_far.tif"),
        QByteArray("II*\0", 4) + le32(8) + tiffIfd({{254, 1}, {256, 160}, {257, 120}, {262, 2}, {330, sub}}) +
            sparseGap(sub - 8 - 2 - 5 * 12 - 4) +
            tiffIfd({{254, 0}, {256, 6000}, {257, 4000}, {262, 32803}, {273, 8}, {279, 1000}}));

    // A thumbnail's directory (IFD0, reduced-resolution) in the first read, the image's far behind
    // it: next in the chain, or in a SubIFD (TIFF/EP).
    put(QStringLiteral("tiff_image_far_behind_a_thumbnail.tif"),
        QByteArray("II*\0", 4) + le32(8) + tiffIfd({{254, 1}, {256, 160}, {257, 120}, {262, 2}}, sub) +
            sparseGap(sub - 8 - 2 - 4 * 12 - 4) +
            tiffIfd({{254, 0}, {256, 6000}, {257, 4000}, {262, 2}, {274, 6}, {278, 16}, {273, 8}, {279, 1000}}));
    put(QStringLiteral("tiff_ep_image_in_a_far_subifd.tif"),
        QByteArray("II*\0", 4) + le32(8) + tiffIfd({{254, 1}, {256, 160}, {257, 120}, {262, 2}, {330, sub}}) +
            sparseGap(sub - 8 - 2 - 5 * 12 - 4) +
            tiffIfd({{254, 0}, {256, 6000}, {257, 4000}, {262, 2}, {322, 512}, {323, 512}, {324, 8}, {325, 100}}));

    // Small whole files and headers in front of large bodies.
    put(QStringLiteral("png_large.png"),
        QByteArray("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x0f\xa0\0\0\x0b\xb8\x08\x06\0\0\0\0\0\0\0", 33) +
            sparseGap(200000));
    // PNGs that state their orientation after their image data, past the first read: an eXIf
    // chunk (ImageMagick 6 writes it there) and XMP; ImageMagick's raw EXIF profile before it.
    const QByteArray ihdr = pngChunk("IHDR", be32(4000) + be32(3000) + QByteArray("\x08\x02\0\0\0", 5));
    QByteArray idat;
    for (int i = 0; i < 12; ++i)
        idat += pngChunk("IDAT", {}, 8192);
    const QByteArray tiff6 =
        QByteArray("MM\0*\0\0\0\x08\0\x01", 10) + be16(0x0112) + be16(3) + be32(1) + be16(6) + be16(0) + be32(0);
    const QByteArray xmpPacket("<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
                               "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
                               "rdf:about='' xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Orientation='3'/>"
                               "</rdf:RDF></x:xmpmeta>");
    const QByteArray png("\x89PNG\r\n\x1a\n", 8);
    put(QStringLiteral("png_exif_after_image_data.png"),
        png + ihdr + idat + pngChunk("eXIf", tiff6) +
            pngChunk("iTXt", QByteArray("XML:com.adobe.xmp\0\0\0\0\0", 22) + xmpPacket) + pngChunk("IEND", {}));
    const QByteArray raw = "\nexif\n      " + QByteArray::number(tiff6.size() + 6) + "\n" +
                           (QByteArray("Exif\0\0", 6) + tiff6).toHex() + "\n";
    put(QStringLiteral("png_raw_exif_profile.png"),
        png + ihdr + pngChunk("tEXt", QByteArray("Raw profile type exif\0", 22) + raw) + idat +
            pngChunk("iTXt", QByteArray("XML:com.adobe.xmp\0\0\0\0\0", 22) + xmpPacket) + pngChunk("IEND", {}));
    put(QStringLiteral("webp_vp8x_large.webp"), QByteArray("RIFF", 4) + le32(100000) + QByteArray("WEBPVP8X", 8) +
                                                    le32(10) + le32(0x10) + QByteArray("\x9f\x0f\0\xb7\x0b\0", 6) +
                                                    sparseGap(100000));
    put(QStringLiteral("gif_large.gif"), QByteArray("GIF89a\x20\x03\x58\x02\0\0\0", 13) + sparseGap(70000));
    put(QStringLiteral("bmp_large.bmp"), QByteArray("BM", 2) + le32(54) + le32(0) + le32(54) + le32(40) + le32(640) +
                                             le32(480) + le16(1) + le16(24) + le32(0) + sparseGap(640 * 480 * 3));
    put(QStringLiteral("dib_large.dib"), // a BMP without its file header, as Windows' clipboard holds one
        le32(40) + le32(640) + le32(480) + le16(1) + le16(24) + le32(0) + le32(0) + le32(0) + le32(0) + le32(0) +
            le32(0) + sparseGap(640 * 480 * 3));
    put(QStringLiteral("heif_ftyp.heic"), QByteArray("\0\0\0\x18"
                                                     "ftypheic\0\0\0\0heicmif1",
                                                     24));
    put(QStringLiteral("jxl_codestream.jxl"), QByteArray("\xff\x0a\x4f\x02", 4) + sparseGap(80000));
}
