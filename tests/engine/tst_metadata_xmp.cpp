// Extended XMP (a JPEG's XMP over 64 KB, XMP Specification Part 3): read from a JPEG, checked, and
// merged into the packet every output carries; written by a JPEG output the standard way, a main
// packet that fits its segment naming an extension by its MD5 digest. The test builds the JPEGs
// byte by byte, runs real jobs through JobExecutor, reads the outputs back with PixelPool's
// decoders and the packets with exiv2, and a JPEG output's segments itself.
#include "ExtendedXmp.h"
#include "ImageCodec.h"
#include "JobExecutor.h"
#include "JobRunner.h"
#include "OneJob.h"
#include "PhotoFixtures.h"
#include "XmpText.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QtTest>
#include <exiv2/exiv2.hpp>

using namespace pp;
using namespace pp::testphotos;

namespace {

const char kExtensionId[] = "http://ns.adobe.com/xmp/extension/"; // and its NUL
const char kXmpId[] = "http://ns.adobe.com/xap/1.0/";             // and its NUL

// 160 KB of description, as the QA's file had: more than a JPEG's XMP segment holds.
std::string longStory()
{
    std::string s;
    for (int i = 0; s.size() < 160 * 1024; ++i)
        s += "Part " + std::to_string(i) + " of a long story about the kite. ";
    return s;
}

std::string md5(const std::string &s)
{
    return QCryptographicHash::hash(QByteArrayView(s.data(), qsizetype(s.size())), QCryptographicHash::Md5)
        .toHex()
        .toUpper()
        .toStdString();
}

// A main packet with a rating and keywords (and xmpNote:HasExtendedXMP when `guid` is not empty).
std::string mainPacket(const std::string &guid)
{
    return R"(<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">)"
           R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" )"
           R"(xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" )"
           R"(xmlns:dc="http://purl.org/dc/elements/1.1/" xmp:Rating="4")" +
           (guid.empty() ? std::string() : " xmpNote:HasExtendedXMP=\"" + guid + "\"") +
           R"(><dc:subject><rdf:Bag><rdf:li>kite</rdf:li><rdf:li>beach</rdf:li></rdf:Bag></dc:subject>)"
           R"(</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>)";
}

// The extension: a packet without its wrapper, holding the long description (and `more`, raw).
std::string extensionPacket(const std::string &more = {})
{
    return R"(<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">)"
           R"(<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>)"
           R"(<rdf:li xml:lang="x-default">)" +
           longStory() + R"(</rdf:li></rdf:Alt></dc:description>)" + more +
           R"(</rdf:Description></rdf:RDF></x:xmpmeta>)";
}

std::string be32(uint32_t v) { return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; }

// One extension part as an APP1 segment's data: the id, the GUID, the full length, the offset.
struct Part {
    std::string guid;
    uint32_t total, offset;
    std::string bytes;
    std::string segment() const
    {
        return std::string(kExtensionId, sizeof kExtensionId) + guid + be32(total) + be32(offset) + bytes;
    }
};

// The extension cut into parts of `size` bytes, in order.
std::vector<Part> partsOf(const std::string &extension, const std::string &guid, size_t size = 60000)
{
    std::vector<Part> parts;
    for (size_t at = 0; at < extension.size(); at += size)
        parts.push_back({guid, uint32_t(extension.size()), uint32_t(at), extension.substr(at, size)});
    return parts;
}

Bytes app1(const std::string &data)
{
    const size_t length = data.size() + 2;
    Bytes s(2 + length);
    s[0] = 0xFF, s[1] = 0xE1, s[2] = uint8_t(length >> 8), s[3] = uint8_t(length);
    std::copy(data.begin(), data.end(), s.begin() + 4);
    return s;
}

// A JPEG with the main packet and the parts' segments, in the order given, after its SOI.
Bytes jpegWith(const std::string &main, const std::vector<Part> &parts)
{
    Bytes jpeg = encoded(photo(64, 48), OutputFormat::Jpeg);
    Bytes segments = app1(std::string(kXmpId, sizeof kXmpId) + main);
    for (const Part &p : parts) {
        const Bytes s = app1(p.segment());
        segments.insert(segments.end(), s.begin(), s.end());
    }
    jpeg.insert(jpeg.begin() + 2, segments.begin(), segments.end());
    return jpeg;
}

// A JPEG's APP1 segments' data, in file order, up to its first scan.
std::vector<std::string> app1Segments(const Bytes &jpeg)
{
    std::vector<std::string> out;
    for (size_t at = 2; at + 4 <= jpeg.size() && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA;) {
        const size_t length = size_t(jpeg[at + 2]) << 8 | jpeg[at + 3];
        if (jpeg[at + 1] == 0xE1)
            out.emplace_back(reinterpret_cast<const char *>(jpeg.data()) + at + 4, length - 2);
        at += 2 + length;
    }
    return out;
}

// The value of an XMP property in a packet, as exiv2 reads it; empty when it has none or the packet
// does not parse.
std::string xmpValue(const std::string &packet, const char *key)
{
    Exiv2::XmpData xmp;
    if (Exiv2::XmpParser::decode(xmp, packet) != 0)
        return "(does not parse)";
    const auto it = xmp.findKey(Exiv2::XmpKey(key));
    return it == xmp.end() ? std::string() : it->toString();
}

// A packet of the given rdf:Description elements.
std::string packetWith(const std::string &descriptions)
{
    return R"(<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">)"
           R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">)" +
           descriptions + R"(</rdf:RDF></x:xmpmeta><?xpacket end="w"?>)";
}

// A description in which a tool repeated xmp:Rating, which the XMP toolkit refuses (the packet is
// then kept as text), with dc:source "Roll 42" and `more` (attributes, then properties).
std::string repeatedRating(const std::string &attributes, const std::string &properties)
{
    return R"(<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" )"
           R"(xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/" )" +
           attributes + R"(><xmp:Rating>4</xmp:Rating><xmp:Rating>3</xmp:Rating><dc:source>Roll 42</dc:source>)" +
           properties + "</rdf:Description>";
}

// A JPEG whose XMP is repeatedRating(attributes, properties): kept as text (`asText`), or with
// the rating once, so that the XMP toolkit parses it.
Bytes jpegWithDescription(const std::string &attributes, const std::string &properties, bool asText)
{
    std::string description = repeatedRating(attributes, properties);
    if (!asText)
        description.erase(description.find("<xmp:Rating>3</xmp:Rating>"), 26);
    return jpegWith(packetWith(description), {});
}

// The rows of a test run on a packet the toolkit parses and on one it keeps as text.
void parsedAndKeptAsText()
{
    QTest::addColumn<bool>("asText");
    QTest::newRow("parsed") << false;
    QTest::newRow("kept as text") << true;
}

bool has(const std::string &text, const char *what) { return text.find(what) != std::string::npos; }

struct Written {
    bool ok = false;
    QString warning, error;
    Bytes bytes;
    SourceMetadata metadata; // as PixelPool reads the output back
};

} // namespace

class TestMetadataXmp : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    Written run(const Bytes &input, const char *format, const char *metadata = "keep")
    {
        const QString json = QStringLiteral(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":[],
                              "output":{"format":"%1","quality":90,"metadata":"%2"}})")
                                 .arg(QLatin1String(format), QLatin1String(metadata));
        const OneJob job = runOneJob(json, input, QDir(m_dir.path()));
        const JobOutcome &o = job.outcome;
        Written w;
        w.ok = o.ok;
        w.error = o.failed.message;
        w.warning = o.finished.warning;
        if (!o.ok)
            return w;
        w.bytes = job.written;
        const ImageInfo info = probeImage(w.bytes.data(), w.bytes.size());
        w.metadata = decodeImage(w.bytes.data(), w.bytes.size(), info, 8, false, true).metadata;
        return w;
    }

    // What every output of a JPEG with extended XMP must say: the main packet's rating and
    // keywords and the extension's description, and no xmpNote:HasExtendedXMP unless the output is
    // a JPEG that names its own extension.
    static void checkMerged(const Written &w, const char *format, const std::string &story)
    {
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(format, w.warning)));
        const std::string &packet = w.metadata.xmp;
        QCOMPARE(xmpValue(packet, "Xmp.xmp.Rating"), std::string("4"));
        QCOMPARE(xmpValue(packet, "Xmp.dc.subject"), std::string("kite, beach"));
        if (std::strcmp(format, "jpeg") != 0) {
            QVERIFY2(packet.find("HasExtendedXMP") == std::string::npos, format);
            QCOMPARE(xmpValue(packet, "Xmp.dc.description"), "lang=\"x-default\" " + story);
            return;
        }
        // A JPEG: the main packet fits its segment and names the extension by its MD5 digest; the
        // extension, joined from its own segments, holds the description.
        std::string main, extension;
        std::string guid;
        uint32_t total = 0;
        for (const std::string &s : app1Segments(w.bytes)) {
            if (s.compare(0, sizeof kXmpId, kXmpId, sizeof kXmpId) == 0) {
                main = s.substr(sizeof kXmpId);
            } else if (s.compare(0, sizeof kExtensionId, kExtensionId, sizeof kExtensionId) == 0) {
                const std::string head = s.substr(sizeof kExtensionId, 40);
                guid = head.substr(0, 32);
                total = uint32_t(uchar(head[32])) << 24 | uint32_t(uchar(head[33])) << 16 |
                        uint32_t(uchar(head[34])) << 8 | uchar(head[35]);
                const uint32_t offset = uint32_t(uchar(head[36])) << 24 | uint32_t(uchar(head[37])) << 16 |
                                        uint32_t(uchar(head[38])) << 8 | uchar(head[39]);
                QCOMPARE(size_t(offset), extension.size()); // written in order
                extension += s.substr(sizeof kExtensionId + 40);
            }
        }
        QVERIFY(!main.empty() && main.size() <= 65504);
        QCOMPARE(size_t(total), extension.size());
        QCOMPARE(guid, md5(extension));
        QCOMPARE(xmpValue(main, "Xmp.xmpNote.HasExtendedXMP"), guid);
        QCOMPARE(xmpValue(main, "Xmp.xmp.Rating"), std::string("4"));
        QCOMPARE(xmpValue(main, "Xmp.dc.subject"), std::string("kite, beach"));
        QCOMPARE(xmpValue(main, "Xmp.dc.description"), std::string());
        QCOMPARE(xmpValue(extension, "Xmp.dc.description"), "lang=\"x-default\" " + story);
        QVERIFY(w.metadata.xmpExtension == extension); // and PixelPool reads it back
    }

private slots:
    // extxmp.jpg of the QA: its 160 KB dc:description, in extended XMP, was lost from every output,
    // which still said xmpNote:HasExtendedXMP. The extension's parts come here out of order, one of
    // them twice, and with a stale part of another extension.
    void extendedXmpReachesEveryOutput_data()
    {
        QTest::addColumn<QString>("format");
        for (const char *f : {"png", "webp", "tiff", "avif", "jxl", "jpeg"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void extendedXmpReachesEveryOutput()
    {
        QFETCH(QString, format);
        const std::string extension = extensionPacket(), guid = md5(extension);
        std::vector<Part> parts = partsOf(extension, guid);
        QCOMPARE(parts.size(), size_t(3));
        std::swap(parts[0], parts[2]);
        parts.push_back(parts[1]);
        parts.push_back({md5("stale"), 100, 0, std::string(100, 'x')});
        const Written w = run(jpegWith(mainPacket(guid), parts), qPrintable(format));
        checkMerged(w, qPrintable(format), longStory());
        if (QTest::currentTestFailed())
            return;
        // A JPEG output read again: the same everywhere.
        if (format == "jpeg")
            checkMerged(run(w.bytes, "png"), "png", longStory());
    }

    // bigxmp.png of the QA: a PNG's XMP over 64 KB left a JPEG output without any XMP (its rating and
    // keywords too). It is extended XMP now.
    void aLargePacketIsExtendedXmpInAJpeg()
    {
        // The main packet with the description in it: one packet of 170 KB.
        std::string packet = mainPacket({});
        const std::string description = R"(<dc:description><rdf:Alt><rdf:li xml:lang="x-default">)" + longStory() +
                                        "</rdf:li></rdf:Alt></dc:description>";
        packet.insert(packet.find("</rdf:Description>"), description);
        QVERIFY(xmpValue(packet, "Xmp.dc.description").size() > 160 * 1024);
        OutputMetadata meta;
        meta.xmp = packet;
        EncodeSettings settings{OutputFormat::Png, 90, 6, false};
        settings.metadata = &meta;
        Bytes png;
        QString error;
        QVERIFY2(encodeImage(photo(64, 48), settings, &png, &error), qPrintable(error));
        checkMerged(run(png, "jpeg"), "jpeg", longStory());
    }

    // Extension parts that do not add up are left out with a warning that says why; the main
    // packet stays, without a HasExtendedXMP that names what is not there.
    void anInconsistentExtensionIsLeftOut_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("warning");
        QTest::newRow("not named") << "unnamed"
                                   << "extended XMP left out: the main XMP packet does not name it";
        QTest::newRow("another GUID") << "guid"
                                      << "extended XMP left out: none of its parts has the GUID the main XMP "
                                         "packet names";
        QTest::newRow("lengths differ") << "length"
                                        << "extended XMP left out: its parts say different lengths";
        QTest::newRow("past its length") << "past"
                                         << "extended XMP left out: a part of 60000 bytes at 120000 reaches past";
        QTest::newRow("a part missing") << "gap"
                                        << "extended XMP left out: the bytes from 60000 of its";
        QTest::newRow("overlapping parts differ") << "overlap"
                                                  << "extended XMP left out: two parts overlap with different bytes";
        QTest::newRow("larger than any packet") << "huge"
                                                << "extended XMP left out: 4194305 bytes with the main packet";
        QTest::newRow("a header cut short") << "short"
                                            << "extended XMP left out: a part of 20 bytes is shorter than its header";
        QTest::newRow("not XMP") << "junk"
                                 << "extended XMP left out: ";
        QTest::newRow("too deep") << "deep"
                                  << "extended XMP left out: deeper than any real packet";
    }
    void anInconsistentExtensionIsLeftOut()
    {
        QFETCH(QString, damage);
        QFETCH(QString, warning);
        std::string extension = extensionPacket();
        if (damage == "junk")
            extension = std::string(extension.size(), 'x');
        else if (damage == "deep")
            extension = extensionPacket([] {
                std::string nest;
                for (int i = 0; i < 200; ++i)
                    nest += "<dc:x" + std::to_string(i) + ">";
                return nest + "deep" + [] {
                    std::string close;
                    for (int i = 199; i >= 0; --i)
                        close += "</dc:x" + std::to_string(i) + ">";
                    return close;
                }();
            }());
        const std::string guid = md5(extension);
        std::vector<Part> parts = partsOf(extension, guid);
        QVERIFY(parts.size() >= 3);
        if (damage == "guid") {
            for (Part &p : parts)
                p.guid = md5("another");
        } else if (damage == "length") {
            parts[1].total += 1;
        } else if (damage == "past") {
            parts[2].offset = 120000;
            parts[2].bytes = std::string(60000, ' ');
        } else if (damage == "gap") {
            parts.erase(parts.begin() + 1);
        } else if (damage == "overlap") {
            Part p = parts[1];
            p.offset -= 10;
            p.bytes = std::string(20, 'x');
            parts.push_back(p);
        } else if (damage == "huge") {
            const uint32_t total = uint32_t(kMaxXmpBytes + 1 - mainPacket(guid).size());
            parts = {{guid, total, 0, std::string(1000, ' ')}};
        }
        Bytes jpeg = jpegWith(mainPacket(damage == "unnamed" ? std::string() : guid), parts);
        if (damage == "short") { // one more part: 20 bytes of its GUID and nothing else
            const Bytes s = app1(std::string(kExtensionId, sizeof kExtensionId) + guid.substr(0, 20));
            jpeg.insert(jpeg.begin() + 2, s.begin(), s.end());
        }
        for (const char *format : {"png", "jpeg"}) {
            const Written w = run(jpeg, format);
            QVERIFY2(w.ok, qPrintable(w.error));
            QVERIFY2(w.warning.startsWith(warning) && !w.warning.contains(';'),
                     qPrintable(QStringLiteral("%1: %2").arg(format, w.warning)));
            const std::string &packet = w.metadata.xmp;
            QCOMPARE(xmpValue(packet, "Xmp.xmp.Rating"), std::string("4"));
            QCOMPARE(xmpValue(packet, "Xmp.dc.description"), std::string());
            QVERIFY2(packet.find("HasExtendedXMP") == std::string::npos, format);
            QVERIFY(w.metadata.xmpExtension.empty());
        }
    }

    // The main packet names an extension the file does not carry (a tool dropped it): nothing to
    // merge and nothing lost here, so nothing is said; the output does not name it either.
    void aMissingExtensionIsNotNamed()
    {
        const Written w = run(jpegWith(mainPacket(md5("gone")), {}), "png");
        QVERIFY2(w.ok, qPrintable(w.error));
        QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
        QCOMPARE(xmpValue(w.metadata.xmp, "Xmp.xmp.Rating"), std::string("4"));
        QVERIFY(w.metadata.xmp.find("HasExtendedXMP") == std::string::npos);
    }

    // strip-location on a packet kept as text (the toolkit refuses it) removes every location
    // property by its name, whatever prefix or default namespace says it. A GPS property in a
    // default namespace (QA note 35, #9) was kept.
    void locationLeavesAPacketKeptAsText_data()
    {
        QTest::addColumn<QString>("attributes");
        QTest::addColumn<QString>("properties");
        QTest::newRow("default namespace") << ""
                                           << R"(<GPSDestLatitude xmlns="http://ns.adobe.com/exif/1.0/">48,51.600N)"
                                              "</GPSDestLatitude>";
        QTest::newRow("default namespace, empty") << ""
                                                  << R"(<GPSDestLatitude xmlns="http://ns.adobe.com/exif/1.0/" )"
                                                     R"(rdf:value="48,51.600N"/>)";
        QTest::newRow("default namespace, structure")
            << ""
            << R"(<LocationCreated xmlns="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"><rdf:Bag>)"
               R"(<rdf:li rdf:parseType="Resource"><City>48,51.600N</City></rdf:li></rdf:Bag></LocationCreated>)";
        QTest::newRow("attribute") << R"(exif:GPSLatitude="48,51.600N")"
                                   << "";
        QTest::newRow("another prefix") << ""
                                        << R"(<e:GPSLatitude xmlns:e="http://ns.adobe.com/exif/1.0/">48,51.600N)"
                                           "</e:GPSLatitude>";
        QTest::newRow("nested in its own name") << ""
                                                << "<exif:GPSLatitude><exif:GPSLatitude>48,51.600N</exif:GPSLatitude>"
                                                   "</exif:GPSLatitude>";
        QTest::newRow("CDATA") << ""
                               << "<exif:GPSLatitude><![CDATA[48,51.600N]]></exif:GPSLatitude>";
        QTest::newRow("comment") << ""
                                 << "<!-- <exif:GPSLatitude>48,51.600N</exif:GPSLatitude> -->";
    }
    void locationLeavesAPacketKeptAsText()
    {
        QFETCH(QString, attributes);
        QFETCH(QString, properties);
        const std::string packet = packetWith(repeatedRating(attributes.toStdString(), properties.toStdString()));
        QVERIFY(has(packet, "48,51.600N"));
        OutputMetadata meta;
        meta.xmp = packet;
        EncodeSettings settings{OutputFormat::Png, 90, 6, false};
        settings.metadata = &meta;
        Bytes png;
        QString error;
        QVERIFY2(encodeImage(photo(64, 48), settings, &png, &error), qPrintable(error));
        for (const char *format : {"png", "jpeg"}) {
            const Written w = run(png, format, "strip-location");
            QVERIFY2(w.ok, qPrintable(w.error));
            QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
            QVERIFY2(!has(w.metadata.xmp, "48,51"), w.metadata.xmp.c_str());
            QVERIFY2(has(w.metadata.xmp, "Roll 42"), w.metadata.xmp.c_str());
            QVERIFY2(has(w.metadata.xmp, "<xmp:Rating>3</xmp:Rating>"), w.metadata.xmp.c_str());
            // Kept with `keep`.
            QVERIFY(has(run(png, format).metadata.xmp, "48,51.600N"));
        }
    }

    // The scan alone: what it cannot read exactly, it refuses.
    void aPacketThatCannotBeEditedExactlyIsRefused_data()
    {
        QTest::addColumn<QString>("properties");
        QTest::newRow("an end tag of another element") << "<dc:title>x</dc:source>";
        QTest::newRow("a tag cut short") << "<dc:title x";
        QTest::newRow("a prefix bound to nothing") << "<n:title>x</n:title>";
        QTest::newRow("a document type") << "<!DOCTYPE x [<!ENTITY a 'b'>]>";
        QTest::newRow("a comment not closed") << "<!-- x";
        QTest::newRow("too deep") << QString("<dc:a>").repeated(300) + QString("</dc:a>").repeated(300);
    }
    void aPacketThatCannotBeEditedExactlyIsRefused()
    {
        QFETCH(QString, properties);
        const auto any = [](std::string_view, std::string_view name) { return name == "GPSLatitude"; };
        const std::string fine = packetWith(repeatedRating("", "<exif:GPSLatitude>1</exif:GPSLatitude>"));
        int removed = 0;
        const auto edited = meta::removeXmpProperties(fine, any, false, &removed);
        QVERIFY(edited && removed == 1 && !has(*edited, "GPSLatitude") && has(*edited, "Roll 42"));
        QVERIFY(!meta::removeXmpProperties(packetWith(repeatedRating("", properties.toStdString())), any));
    }

    // A valid packet that binds one namespace to two prefixes, as an old packet with a block a
    // newer tool added has it (xap: and xmp:, both http://ns.adobe.com/xap/1.0/), is refused by the
    // XMP toolkit ("Schema namespace URI and prefix mismatch"); it was left out whole (QA note 35,
    // #3): its title, keywords and rating lost. It is kept as text, as one with a repeated property.
    void oneNamespaceUnderTwoPrefixesIsKept_data()
    {
        QTest::addColumn<QString>("format");
        for (const char *f : {"png", "webp", "tiff", "jpeg"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void oneNamespaceUnderTwoPrefixesIsKept()
    {
        QFETCH(QString, format);
        const std::string packet = packetWith(
            R"(<rdf:Description rdf:about="" xmlns:xap="http://ns.adobe.com/xap/1.0/" )"
            R"(xmlns:exif="http://ns.adobe.com/exif/1.0/" xap:CreatorTool="Old tool" exif:GPSLatitude="48,51.504N"/>)"
            R"(<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" )"
            R"(xmlns:dc="http://purl.org/dc/elements/1.1/" xmp:Rating="5"><dc:title><rdf:Alt>)"
            R"(<rdf:li xml:lang="x-default">My title</rdf:li></rdf:Alt></dc:title></rdf:Description>)");
        const Bytes jpeg = jpegWith(packet, {});
        const Written kept = run(jpeg, qPrintable(format));
        QVERIFY2(kept.ok, qPrintable(kept.error));
        QVERIFY2(kept.warning.isEmpty(), qPrintable(kept.warning));
        for (const char *what : {"My title", "xmp:Rating=\"5\"", "Old tool", "48,51.504N"})
            QVERIFY2(has(kept.metadata.xmp, what), what);
        const Written stripped = run(jpeg, qPrintable(format), "strip-location");
        QVERIFY2(stripped.warning.isEmpty(), qPrintable(stripped.warning));
        QVERIFY2(has(stripped.metadata.xmp, "My title"), stripped.metadata.xmp.c_str());
        QVERIFY2(!has(stripped.metadata.xmp, "48,51"), stripped.metadata.xmp.c_str());
    }

    // XMP about what the output does not carry is left out, parsed or kept as text, under any
    // prefix (QA note 35, #6): a Motion Photo's video (readers looked for it at the end of the
    // output), an Ultra HDR gain map, xmp:Thumbnails of the old picture (the README promises no
    // stale thumbnail), a portrait photo's original and depth map.
    void xmpAboutWhatTheOutputLacksIsLeftOut_data() { parsedAndKeptAsText(); }
    void xmpAboutWhatTheOutputLacksIsLeftOut()
    {
        QFETCH(bool, asText);
        const std::string attributes =
            R"(xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" xmlns:hdrgm="http://ns.adobe.com/hdr-gain-map/1.0/" )"
            R"(xmlns:C="http://ns.google.com/photos/1.0/container/" xmlns:I="http://ns.google.com/photos/1.0/container/item/" )"
            R"(xmlns:xmpGImg="http://ns.adobe.com/xap/1.0/g/img/" xmlns:GImage="http://ns.google.com/photos/1.0/image/" )"
            R"(xmlns:GDepth="http://ns.google.com/photos/1.0/depthmap/" GCamera:MotionPhoto="1" )"
            R"(GCamera:MotionPhotoVersion="1" GCamera:MotionPhotoPresentationTimestampUs="968644" GCamera:MicroVideo="1" )"
            R"(GCamera:MicroVideoOffset="123456" GCamera:BurstID="burst-7" hdrgm:Version="1.0" )"
            R"(GImage:Mime="image/jpeg" GImage:Data="/9j/AAAA" GDepth:Format="RangeInverse" GDepth:Data="/9j/BBBB")";
        const std::string properties =
            R"(<C:Directory><rdf:Seq><rdf:li rdf:parseType="Resource"><C:Item I:Mime="image/jpeg" I:Semantic="Primary"/>)"
            R"(</rdf:li><rdf:li rdf:parseType="Resource"><C:Item I:Mime="video/mp4" I:Semantic="MotionPhoto" )"
            R"(I:Length="123456"/></rdf:li></rdf:Seq></C:Directory><xmp:Thumbnails><rdf:Alt>)"
            R"(<rdf:li rdf:parseType="Resource"><xmpGImg:width>160</xmpGImg:width>)"
            R"(<xmpGImg:image>/9j/CCCC</xmpGImg:image></rdf:li></rdf:Alt></xmp:Thumbnails>)";
        const Bytes jpeg = jpegWithDescription(attributes, properties, asText);
        for (const char *format : {"jpeg", "png"}) {
            const Written w = run(jpeg, format);
            QVERIFY2(w.ok, qPrintable(w.error));
            QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
            const std::string &xmp = w.metadata.xmp;
            for (const char *stale : {"MotionPhoto", "MicroVideo", "Directory", "video/mp4", "Thumbnails", "/9j/",
                                      "hdrgm:Version", "GDepth:Format", "GImage:Mime"})
                QVERIFY2(!has(xmp, stale), qPrintable(QStringLiteral("%1 in %2").arg(stale, xmp.c_str())));
            QVERIFY2(has(xmp, "Roll 42") && has(xmp, "burst-7"), xmp.c_str());
            QCOMPARE(has(xmp, "<xmp:Rating>3</xmp:Rating>"), asText);
        }
    }

    // strip-location leaves out a position whatever a vendor calls it: a DJI drone's rangefinder
    // target (drone-dji:LRFTargetLat, LRFTargetLon, LRFTargetAbsAlt: where the photo was taken, to
    // some metres), its height above take-off (RelativeAltitude) and its RTK accuracy (QA note 45):
    // all were kept, only whole names (GPS…, latitude, altitude…) were known. A creator's contact
    // address, an alternative text and a language alternative (rdf:Alt) are not the place, and stay.
    void aDronesPositionIsLeftOut_data() { parsedAndKeptAsText(); }
    void aDronesPositionIsLeftOut()
    {
        QFETCH(bool, asText);
        const std::string attributes =
            R"(xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/" xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" )"
            R"(drone-dji:LRFTargetLat="48.8587" drone-dji:LRFTargetLon="2.2951" drone-dji:LRFTargetAlt="30.1" )"
            R"(drone-dji:LRFTargetAbsAlt="65.2" drone-dji:RelativeAltitude="+45.10" drone-dji:RtkStdLat="0.0123" )"
            R"(drone-dji:RtkStdLon="0.0124" drone-dji:GpsLongtitude="2.2949" drone-dji:GimbalYawDegree="-87.5" )"
            R"(Iptc4xmpCore:AltTextAccessibility="A kite over the beach")";
        const std::string properties =
            R"(<Iptc4xmpCore:CreatorContactInfo rdf:parseType="Resource"><Iptc4xmpCore:CiAdrCity>Kiel</Iptc4xmpCore:CiAdrCity>)"
            R"(</Iptc4xmpCore:CreatorContactInfo><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Kites</rdf:li>)"
            R"(</rdf:Alt></dc:title>)";
        const Bytes jpeg = jpegWithDescription(attributes, properties, asText);
        for (const char *format : {"jpeg", "png"}) {
            QVERIFY(has(run(jpeg, format).metadata.xmp, "LRFTargetLat")); // kept with `keep`
            const Written w = run(jpeg, format, "strip-location");
            QVERIFY2(w.ok, qPrintable(w.error));
            QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
            const std::string &xmp = w.metadata.xmp;
            for (const char *place : {"48.85", "2.29", "30.1", "65.2", "45.10", "0.0123", "0.0124"})
                QVERIFY2(!has(xmp, place), qPrintable(QStringLiteral("%1 in %2").arg(place, xmp.c_str())));
            for (const char *kept : {"-87.5", "A kite over the beach", "Kiel", "Kites", "Roll 42"})
                QVERIFY2(has(xmp, kept), qPrintable(QStringLiteral("%1 not in %2").arg(kept, xmp.c_str())));
        }
    }

    // A position under short names in a namespace of an application's own (my:Lat, my:Lon, my:Lng,
    // my:Geo, my:GeoTag) and the place in Dublin Core's coverage were kept by strip-location (QA
    // note 46): the rule wanted another word before lat or lon. A language alternative (rdf:Alt) and a
    // property named Alt alone are not the place, and stay.
    void aPositionByShortNamesIsLeftOut_data() { parsedAndKeptAsText(); }
    void aPositionByShortNamesIsLeftOut()
    {
        QFETCH(bool, asText);
        const std::string attributes =
            R"(xmlns:my="http://example.com/my-app/1.0/" my:Lat="48.8587" my:Lon="2.2951" my:Lng="2.2952" )"
            R"(my:Geo="48.8588,2.2953" my:GeoTag="u09tunq" my:Alt="a kite, flying" )";
        const std::string properties = R"(<dc:coverage>Paris, 48.8589 N 2.2954 E</dc:coverage><dc:title><rdf:Alt>)"
                                       R"(<rdf:li xml:lang="x-default">Kites</rdf:li></rdf:Alt></dc:title>)";
        const Bytes jpeg = jpegWithDescription(attributes, properties, asText);
        for (const char *format : {"jpeg", "png"}) {
            QVERIFY(has(run(jpeg, format).metadata.xmp, "48.8589")); // kept with `keep`
            const Written w = run(jpeg, format, "strip-location");
            QVERIFY2(w.ok, qPrintable(w.error));
            QVERIFY2(w.warning.isEmpty(), qPrintable(w.warning));
            const std::string &xmp = w.metadata.xmp;
            for (const char *place : {"48.858", "2.295", "u09tunq", "Paris"})
                QVERIFY2(!has(xmp, place), qPrintable(QStringLiteral("%1 in %2").arg(place, xmp.c_str())));
            for (const char *kept : {"a kite, flying", "Kites", "Roll 42"})
                QVERIFY2(has(xmp, kept), qPrintable(QStringLiteral("%1 not in %2").arg(kept, xmp.c_str())));
        }
    }

    // The reader alone, on parts of every size up to a segment's, in any order.
    void partsJoinInAnyOrder()
    {
        const std::string extension = extensionPacket(), guid = md5(extension);
        QCOMPARE(meta::xmpExtensionGuid(extension), guid);
        const std::vector<std::string> segments = meta::xmpExtensionSegments(extension);
        QCOMPARE(segments.size(), size_t(3));
        std::vector<meta::XmpExtensionPart> parts;
        for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
            QVERIFY(it->size() <= 65533);
            parts.push_back({reinterpret_cast<const uint8_t *>(it->data()) + sizeof kExtensionId,
                             it->size() - sizeof kExtensionId});
        }
        QStringList warnings;
        QVERIFY(meta::joinXmpExtension(mainPacket(guid), parts, kMaxXmpBytes, &warnings) == extension);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join("; ")));
        // The GUID as an element, under another prefix.
        std::string element = mainPacket({});
        element.insert(element.find("<dc:subject>"), "<n:HasExtendedXMP>" + guid + "</n:HasExtendedXMP>");
        element.insert(element.find("xmlns:xmp="), "xmlns:n='http://ns.adobe.com/xmp/note/' ");
        QCOMPARE(meta::extendedXmpGuid(element), guid);
    }
};

QTEST_GUILESS_MAIN(TestMetadataXmp)
#include "tst_metadata_xmp.moc"
