// The metadata seeds of fuzz_make_seeds: small images in every format with metadata, written by
// PixelPool's own encoders from blocks made with exiv2 (EXIF with GPS, a thumbnail and maker-note
// tags, IPTC, XMP with location fields, an ICC profile, a resolution), plus damaged and hostile
// blocks: EXIF that is not a TIFF structure, a profile that is not a profile, XMP nested deeper
// than any real packet, an EXIF IFD that points outside itself, a PNG profile whose CRC is wrong;
// a JPEG with extended XMP, and one whose parts are another extension's.
#include "ColourManagement.h"
#include "ExtendedXmp.h"
#include "ImageCodec.h"
#include "TestDng.h"

#include <QByteArray>
#include <QString>
#include <exiv2/exiv2.hpp>
#include <functional>

using Put = std::function<void(const QString &name, const QByteArray &bytes)>;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes exifBlock(bool bigEndian)
{
    Exiv2::ExifData exif;
    exif["Exif.Image.Make"] = "PixelCam";
    exif["Exif.Image.Model"] = "PC-1";
    exif["Exif.Image.Orientation"] = uint16_t(6);
    exif["Exif.Image.XResolution"] = Exiv2::URational(300, 1);
    exif["Exif.Image.YResolution"] = Exiv2::URational(300, 1);
    exif["Exif.Image.ResolutionUnit"] = uint16_t(2);
    exif["Exif.Photo.DateTimeOriginal"] = "2024:05:06 07:08:09";
    exif["Exif.Photo.PixelXDimension"] = uint32_t(37);
    exif["Exif.GPSInfo.GPSLatitudeRef"] = "N";
    exif["Exif.GPSInfo.GPSLatitude"] = "48/1 51/1 2400/100";
    exif["Exif.Image.NewSubfileType"] = uint32_t(0); // an image-structure tag, dropped on the way
    const uint8_t thumb[] = {0xFF, 0xD8, 0xFF, 0xD9};
    Exiv2::ExifThumb(exif).setJpegThumbnail(thumb, sizeof thumb);
    Exiv2::Blob blob;
    Exiv2::ExifParser::encode(blob, bigEndian ? Exiv2::bigEndian : Exiv2::littleEndian, exif);
    return Bytes(blob.begin(), blob.end());
}

Bytes iptcBlock()
{
    Exiv2::IptcData iptc;
    iptc["Iptc.Application2.Byline"] = "Jo";
    iptc["Iptc.Application2.City"] = "Paris";
    const Exiv2::DataBuf raw = Exiv2::IptcParser::encode(iptc);
    return Bytes(raw.pData_, raw.pData_ + raw.size_);
}

std::string xmpPacket()
{
    Exiv2::XmpData xmp;
    xmp["Xmp.dc.creator"] = "Jo";
    xmp["Xmp.photoshop.City"] = "Paris";
    xmp["Xmp.exif.GPSLatitude"] = "48,51.4N";
    xmp["Xmp.tiff.Orientation"] = "6";
    xmp["Xmp.exif.PixelXDimension"] = "37";
    std::string packet;
    Exiv2::XmpParser::encode(packet, xmp);
    return packet;
}

cv::Mat pattern()
{
    cv::Mat m(23, 37, CV_8UC3);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<cv::Vec3b>(y, x) = {uchar(x * 7), uchar(y * 11), uchar((x + y) * 5)};
    return m;
}

QByteArray encode(pp::OutputFormat format, const pp::OutputMetadata &meta)
{
    pp::EncodeSettings s{format, 80, 6, false};
    s.metadata = &meta;
    std::vector<uint8_t> out;
    QString error;
    QStringList warnings;
    if (!pp::encodeImage(pattern(), s, &out, &error, &warnings))
        std::fprintf(stderr, "seed not written: %s\n", qPrintable(error));
    return QByteArray(reinterpret_cast<const char *>(out.data()), qsizetype(out.size()));
}

// A camera RAW: a DNG stored sideways with a preview (tests/common/TestDng.h), given the camera
// block's date, GPS and XMP by exiv2, as a raw converter would leave it.
QByteArray cameraDng()
{
    pp::test::DngSpec spec;
    spec.bgr = pattern();
    spec.orientation = 6;
    spec.previewSize = {18, 12};
    std::vector<uint8_t> dng = pp::test::makeDng(spec);
    auto image = Exiv2::ImageFactory::open(dng.data(), long(dng.size()));
    image->readMetadata();
    Exiv2::ExifData &exif = image->exifData();
    exif["Exif.Photo.DateTimeOriginal"] = "2024:05:06 07:08:09";
    exif["Exif.Photo.ISOSpeedRatings"] = uint16_t(400);
    exif["Exif.GPSInfo.GPSLatitudeRef"] = "N";
    exif["Exif.GPSInfo.GPSLatitude"] = "48/1 51/1 2400/100";
    image->setXmpPacket(xmpPacket());
    image->writeMetadata();
    Exiv2::BasicIo &io = image->io();
    io.open();
    QByteArray out(qsizetype(io.size()), '\0');
    io.seek(0, Exiv2::BasicIo::beg);
    io.read(reinterpret_cast<Exiv2::byte *>(out.data()), long(out.size()));
    io.close();
    return out;
}

} // namespace

void writeMetadataSeeds(const Put &put)
{
    put(QStringLiteral("camera.dng"), cameraDng());
    using pp::OutputFormat;
    const std::pair<OutputFormat, const char *> formats[] = {{OutputFormat::Jpeg, "jpg"},
                                                             {OutputFormat::Png, "png"},
                                                             {OutputFormat::Webp, "webp"},
                                                             {OutputFormat::Tiff, "tif"},
                                                             {OutputFormat::Jxl, "jxl"}};
    for (const auto &[format, ext] : formats) {
        pp::OutputMetadata meta;
        meta.exif = exifBlock(format == OutputFormat::Tiff);
        meta.xmp = xmpPacket();
        meta.iptc = iptcBlock();
        meta.icc = pp::colour::srgbProfile();
        meta.dpiX = meta.dpiY = 300;
        if (format == OutputFormat::Jpeg) {
            Exiv2::IptcData iptc;
            Exiv2::IptcParser::decode(iptc, meta.iptc.data(), uint32_t(meta.iptc.size()));
            const Exiv2::DataBuf irb = Exiv2::Photoshop::setIptcIrb(nullptr, 0, iptc);
            meta.iptcIrb.assign(irb.pData_, irb.pData_ + irb.size_);
        }
        put(QStringLiteral("camera.%1").arg(ext), encode(format, meta));
        if (format == OutputFormat::Png) { // its iCCP's CRC wrong: libpng keeps such a profile, PixelPool not
            QByteArray png = encode(format, meta);
            const qsizetype at = png.indexOf("iCCP");
            if (at >= 4) {
                const auto *p = reinterpret_cast<const uint8_t *>(png.constData()) + at - 4;
                const qsizetype length = qsizetype(uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | p[2] << 8 | p[3]);
                png.replace(at + 4 + length, 4, QByteArray(4, '\0'));
            }
            put(QStringLiteral("profile_crc.png"), png);
        }

        pp::OutputMetadata damaged;
        damaged.exif = {'I', 'I', 42, 0, 8, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3}; // 65535 entries in 5 bytes
        damaged.icc = Bytes(200, 0x41);
        damaged.icc[3] = 200; // says 200 bytes, is no profile
        std::string deep;
        for (int i = 0; i < 300; ++i)
            deep += "<a>";
        damaged.xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">" + deep + "</x:xmpmeta>";
        put(QStringLiteral("damaged.%1").arg(ext), encode(format, damaged));
    }
    // Extended XMP (meta/ExtendedXmp.h), as PixelPool's JPEG encoder writes it: a main packet that names
    // an extension by its MD5 digest, here a small one in one APP1 segment (a writer splits only packets
    // over 64 KB, a reader takes any); and one whose main packet names another extension, the stale
    // part then passed over.
    std::string story;
    while (story.size() < 1000)
        story += "A long description, as a caption writer leaves it. ";
    Exiv2::XmpData rest;
    rest["Xmp.dc.description"] = "lang=x-default " + story;
    pp::OutputMetadata extended;
    Exiv2::XmpParser::encode(extended.xmpExtension, rest,
                             Exiv2::XmpParser::useCompactFormat | Exiv2::XmpParser::omitPacketWrapper);
    Exiv2::XmpProperties::registerNs("http://ns.adobe.com/xmp/note/", "xmpNote");
    Exiv2::XmpData main;
    Exiv2::XmpParser::decode(main, xmpPacket());
    main["Xmp.xmpNote.HasExtendedXMP"] = pp::meta::xmpExtensionGuid(extended.xmpExtension);
    Exiv2::XmpParser::encode(extended.xmp, main, Exiv2::XmpParser::useCompactFormat);
    put(QStringLiteral("extended_xmp.jpg"), encode(OutputFormat::Jpeg, extended));
    main["Xmp.xmpNote.HasExtendedXMP"] = pp::meta::xmpExtensionGuid("another");
    Exiv2::XmpParser::encode(extended.xmp, main, Exiv2::XmpParser::useCompactFormat);
    put(QStringLiteral("extended_xmp_stale.jpg"), encode(OutputFormat::Jpeg, extended));
    // XMP the toolkit refuses and PixelPool edits as text (meta/XmpText.h): one namespace under two
    // prefixes, a repeated property, a GPS property in a default namespace, a comment, CDATA, and the
    // properties about what an output does not carry (a Motion Photo's video, xmp:Thumbnails), which
    // the parsed packet of the second seed has too.
    const std::string stale =
        R"(<rdf:Description rdf:about="" xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" )"
        R"(xmlns:Container="http://ns.google.com/photos/1.0/container/" )"
        R"(xmlns:Item="http://ns.google.com/photos/1.0/container/item/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" )"
        R"(xmlns:xmpGImg="http://ns.adobe.com/xap/1.0/g/img/" GCamera:MotionPhoto="1" GCamera:MicroVideoOffset="99">)"
        R"(<Container:Directory><rdf:Seq><rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="video/mp4" )"
        R"(Item:Length="99"/></rdf:li></rdf:Seq></Container:Directory><xmp:Thumbnails><rdf:Alt>)"
        R"(<rdf:li rdf:parseType="Resource"><xmpGImg:image>/9j/</xmpGImg:image></rdf:li></rdf:Alt>)"
        R"(</xmp:Thumbnails></rdf:Description>)";
    const auto packet = [](const std::string &descriptions) {
        return R"(<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">)"
               R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">)" +
               descriptions + R"(</rdf:RDF></x:xmpmeta><?xpacket end="w"?>)";
    };
    pp::OutputMetadata asText;
    asText.xmp = packet(
        R"(<rdf:Description rdf:about="" xmlns:xap="http://ns.adobe.com/xap/1.0/" xap:CreatorTool="Old tool" )"
        R"(xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.5N"><!-- a comment -->)"
        R"(<GPSDestLatitude xmlns="http://ns.adobe.com/exif/1.0/">48,51.6N</GPSDestLatitude><exif:GPSAltitude>)"
        R"(<![CDATA[35]]></exif:GPSAltitude><xap:Rating>4</xap:Rating><xap:Rating>3</xap:Rating></rdf:Description>)" +
        stale);
    put(QStringLiteral("xmp_as_text.jpg"), encode(OutputFormat::Jpeg, asText));
    pp::OutputMetadata parsed;
    parsed.xmp = packet(stale);
    put(QStringLiteral("xmp_stale.png"), encode(OutputFormat::Png, parsed));
    // Face regions (MWG, Microsoft's, the IPTC's) and EXIF's subject area, which follow the output's
    // frame (meta/FrameMetadata.h).
    pp::OutputMetadata regions;
    Exiv2::ExifData subject;
    subject["Exif.Image.Orientation"] = uint16_t(6);
    subject["Exif.Photo.SubjectArea"] = "20 10 8 6";
    subject["Exif.Photo.SubjectLocation"] = "20 10";
    Exiv2::MemIo io;
    Exiv2::TiffParser::encode(io, nullptr, 0, Exiv2::littleEndian, subject, Exiv2::IptcData(), Exiv2::XmpData());
    regions.exif.assign(io.mmap(), io.mmap() + io.size());
    regions.xmp = packet(
        "<rdf:Description rdf:about='' xmlns:mwg-rs='http://www.metadataworkinggroup.com/schemas/regions/' "
        "xmlns:stDim='http://ns.adobe.com/xap/1.0/sType/Dimensions#' "
        "xmlns:stArea='http://ns.adobe.com/xmp/sType/Area#' "
        "xmlns:MP='http://ns.microsoft.com/photo/1.2/' xmlns:MPRI='http://ns.microsoft.com/photo/1.2/t/RegionInfo#' "
        "xmlns:MPReg='http://ns.microsoft.com/photo/1.2/t/Region#'><mwg-rs:Regions rdf:parseType='Resource'>"
        "<mwg-rs:AppliedToDimensions stDim:w='37' stDim:h='23' stDim:unit='pixel'/><mwg-rs:RegionList><rdf:Bag>"
        "<rdf:li><rdf:Description mwg-rs:Name='A' mwg-rs:Type='Face'><mwg-rs:Area stArea:x='0.5' stArea:y='0.4' "
        "stArea:w='0.2' stArea:h='0.3' stArea:unit='normalized'/></rdf:Description></rdf:li><rdf:li><rdf:Description "
        "mwg-rs:Type='Focus'><mwg-rs:Area stArea:x='0.1' stArea:y='0.9' stArea:d='0.1' stArea:unit='normalized'/>"
        "</rdf:Description></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions><MP:RegionInfo "
        "rdf:parseType='Resource'><MPRI:Regions><rdf:Bag><rdf:li MPReg:Rectangle='0.1, 0.2, 0.3, 0.4' "
        "MPReg:PersonDisplayName='A'/></rdf:Bag></MPRI:Regions></MP:RegionInfo></rdf:Description>");
    put(QStringLiteral("regions.jpg"), encode(OutputFormat::Jpeg, regions));

    // EXIF over two APP1 segments, as exiftool writes a block too large for one (the second
    // "Exif\0\0" and the block's next bytes), here split after 100 bytes.
    pp::OutputMetadata camera;
    camera.exif = exifBlock(false);
    QByteArray split = encode(OutputFormat::Jpeg, camera);
    const qsizetype at = split.indexOf(QByteArray("Exif\0\0", 6)) - 4,
                    length = (uchar(split[at + 2]) << 8) | uchar(split[at + 3]);
    const QByteArray block = split.mid(at + 4 + 6, length - 2 - 6);
    const auto app1 = [](const QByteArray &part) {
        const QByteArray payload = QByteArray("Exif\0\0", 6) + part;
        return QByteArray("\xff\xe1", 2) + char((payload.size() + 2) >> 8) + char(payload.size() + 2) + payload;
    };
    split.replace(at, 2 + length, app1(block.left(100)) + app1(block.mid(100)));
    put(QStringLiteral("exif_two_segments.jpg"), split);
}
