// The layout check of HEIF files (codecs/HeifLayout.cpp through probeImage): a derived primary image
// (grid, overlay, iden) or its alpha plane whose data gives another size than its size box, or that
// would cost far more than it, is refused before libheif decodes anything. The files are built box
// by box; their coded images are never decoded (the hostile corpus decodes real grids: 70_heif).
#include "ImageCodec.h"

#include <QtTest>
#include <vector>

using namespace pp;

namespace {

using Bytes = std::vector<uint8_t>;

void put(Bytes &b, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        b.push_back(uint8_t(v >> (8 * i)));
}
void put(Bytes &b, const Bytes &more) { b.insert(b.end(), more.begin(), more.end()); }

Bytes box(const char *type, const Bytes &body)
{
    Bytes b;
    put(b, 8 + body.size(), 4);
    b.insert(b.end(), type, type + 4);
    put(b, body);
    return b;
}
Bytes fullBox(const char *type, int version, uint32_t flags, const Bytes &body)
{
    Bytes b;
    put(b, uint64_t(version) << 24 | flags, 4);
    put(b, body);
    return box(type, b);
}

Bytes operator+(Bytes a, const Bytes &b)
{
    put(a, b);
    return a;
}

// One item of the file: its type, size box, where its data is (in idat) and what it derives from.
struct ItemSpec {
    uint16_t id;
    const char *type;
    uint32_t w, h;              // the size box (0: none)
    Bytes data;                 // grid/iovl data, in idat
    std::vector<uint16_t> from; // dimg
    uint16_t auxFor = 0;        // auxl: the alpha plane of this item
};

// The grid description: version 0, flags (1: 32-bit sizes), rows - 1, columns - 1, width, height.
Bytes grid(int rows, int columns, uint32_t w, uint32_t h, bool wide = false)
{
    Bytes b{0, uint8_t(wide ? 1 : 0), uint8_t(rows - 1), uint8_t(columns - 1)};
    put(b, w, wide ? 4 : 2);
    put(b, h, wide ? 4 : 2);
    return b;
}
// The overlay description: version 0, flags, four fill values, the canvas, an offset pair a layer.
Bytes overlay(uint32_t w, uint32_t h, int layers)
{
    Bytes b{0, 1};
    put(b, 0, 8);
    put(b, w, 4);
    put(b, h, 4);
    put(b, 0, 8 * layers);
    return b;
}

// A HEIF file whose primary image is item `primary`. Coded items (hvc1) carry a stand-in hvcC that
// libheif's box reader accepts; their data is 16 bytes in mdat.
Bytes heif(const std::vector<ItemSpec> &items, uint16_t primary)
{
    Bytes ipco, ipma, iinf, iref, idat;
    put(ipco, box("hvcC",
                  Bytes{1, 1, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x5a, 0xf0, 0, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0}));
    int property = 1;
    std::vector<std::pair<uint16_t, size_t>> idatAt; // item → offset in idat
    put(ipma, items.size(), 4);
    put(iinf, items.size(), 2);
    for (const ItemSpec &it : items) {
        Bytes infe;
        put(infe, it.id, 2);
        put(infe, 0, 2);
        infe.insert(infe.end(), it.type, it.type + 4);
        infe.push_back(0);
        put(iinf, fullBox("infe", 2, 0, infe));
        std::vector<int> assoc;
        if (std::string(it.type) == "hvc1")
            assoc.push_back(0x81); // the hvcC, essential
        if (it.w) {
            Bytes ispe;
            put(ispe, it.w, 4);
            put(ispe, it.h, 4);
            put(ipco, fullBox("ispe", 0, 0, ispe));
            assoc.push_back(++property);
        }
        if (it.auxFor) {
            const char urn[] = "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha";
            put(ipco, fullBox("auxC", 0, 0, Bytes(urn, urn + sizeof urn)));
            assoc.push_back(++property);
        }
        put(ipma, it.id, 2);
        put(ipma, assoc.size(), 1);
        for (const int a : assoc)
            put(ipma, a, 1);
        if (!it.from.empty()) {
            Bytes ref;
            put(ref, it.id, 2);
            put(ref, it.from.size(), 2);
            for (const uint16_t f : it.from)
                put(ref, f, 2);
            put(iref, box("dimg", ref));
        }
        if (it.auxFor) {
            Bytes ref;
            put(ref, it.id, 2);
            put(ref, 1, 2);
            put(ref, it.auxFor, 2);
            put(iref, box("auxl", ref));
        }
        if (!it.data.empty()) {
            idatAt.emplace_back(it.id, idat.size());
            put(idat, it.data);
        }
    }
    const Bytes ftyp = box("ftyp", Bytes{'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'});
    const Bytes coded(16, 0x42);
    auto meta = [&](uint32_t mdatBody) {
        Bytes iloc{0x44, 0x00}; // version 1: offset and length 4 bytes, no base offset or index
        put(iloc, items.size(), 2);
        for (const ItemSpec &it : items) {
            put(iloc, it.id, 2);
            const auto in = std::find_if(idatAt.begin(), idatAt.end(), [&](auto &p) { return p.first == it.id; });
            put(iloc, in != idatAt.end() ? 1 : 0, 2); // construction: idat or the file
            put(iloc, 0, 2);
            put(iloc, 1, 2);
            put(iloc, in != idatAt.end() ? in->second : mdatBody, 4);
            put(iloc, in != idatAt.end() ? it.data.size() : coded.size(), 4);
        }
        Bytes pitm;
        put(pitm, primary, 2);
        Bytes body =
            fullBox("hdlr", 0, 0, Bytes{0, 0, 0, 0, 'p', 'i', 'c', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        put(body, fullBox("pitm", 0, 0, pitm));
        put(body, fullBox("iloc", 1, 0, iloc));
        put(body, fullBox("iinf", 0, 0, iinf));
        if (!iref.empty())
            put(body, fullBox("iref", 0, 0, iref));
        put(body, box("iprp", box("ipco", ipco) + fullBox("ipma", 0, 0, ipma)));
        if (!idat.empty())
            put(body, box("idat", idat));
        return fullBox("meta", 0, 0, body);
    };
    const size_t metaSize = meta(0).size();
    Bytes file = ftyp;
    put(file, meta(uint32_t(ftyp.size() + metaSize + 8)));
    put(file, box("mdat", coded));
    return file;
}

QString probeError(const Bytes &file) { return probeImage(file.data(), file.size()).error; }

ItemSpec tile(uint16_t id, uint32_t w, uint32_t h) { return {id, "hvc1", w, h, {}, {}, 0}; }

} // namespace

class TestHeifLayout : public QObject
{
    Q_OBJECT
private slots:
    void consistentLayoutsAreAccepted_data()
    {
        QTest::addColumn<QByteArray>("file");
        auto add = [](const char *name, const Bytes &b) {
            QTest::newRow(name) << QByteArray((const char *)b.data(), int(b.size()));
        };
        add("coded", heif({tile(1, 64, 48)}, 1));
        add("grid 2x2 of 64x48, cut to 100x90",
            heif({tile(1, 64, 48), {2, "grid", 100, 90, grid(2, 2, 100, 90), {1, 1, 1, 1}, 0}}, 2));
        add("grid with 32-bit sizes",
            heif({tile(1, 64, 48), {2, "grid", 128, 96, grid(2, 2, 128, 96, true), {1, 1, 1, 1}, 0}}, 2));
        add("overlay of two layers", heif({tile(1, 64, 48), {2, "iovl", 64, 96, overlay(64, 96, 2), {1, 1}, 0}}, 2));
        add("iden of a grid", heif({tile(1, 64, 48),
                                    {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0},
                                    {3, "iden", 128, 96, {}, {2}, 0}},
                                   3));
        add("grid with a grid alpha plane", heif({tile(1, 64, 48),
                                                  {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0},
                                                  {3, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 2}},
                                                 2));
    }
    void consistentLayoutsAreAccepted()
    {
        QFETCH(QByteArray, file);
        const ImageInfo info = probeImage(reinterpret_cast<const uint8_t *>(file.constData()), size_t(file.size()));
        QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
        QCOMPARE(info.format, ImageFormat::Heif);
        QVERIFY(info.width > 0 && info.height > 0);
    }

    void inconsistentLayoutsAreRefusedBeforeDecoding_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("reason");
        auto add = [](const char *name, const Bytes &b, const char *reason) {
            QTest::newRow(name) << QByteArray((const char *)b.data(), int(b.size())) << QString::fromUtf8(reason);
        };
        // What libheif 1.15 decoded at the grid's or canvas's size (2.4 GB for 20000²) or crashed on.
        add("grid larger than its size box",
            heif({tile(1, 64, 64), {2, "grid", 64, 64, grid(1, 1, 20000, 20000, true), {1}, 0}}, 2),
            "damaged HEIF: its grid is 20000×20000 but its size box says 64×64");
        add("grid of 65535² with a 16-bit field",
            heif({tile(1, 64, 64), {2, "grid", 64, 64, grid(1, 1, 65535, 65535), {1}, 0}}, 2),
            "its grid is 65535×65535 but its size box says 64×64");
        add("overlay canvas larger than its size box",
            heif({tile(1, 64, 64), {2, "iovl", 64, 64, overlay(20000, 20000, 1), {1}, 0}}, 2),
            "its overlay canvas is 20000×20000 but its size box says 64×64");
        add("tiles too few to cover",
            heif({tile(1, 64, 48), {2, "grid", 200, 96, grid(2, 2, 200, 96), {1, 1, 1, 1}, 0}}, 2),
            "its grid of 200×96 is not tiled by 2×2 tiles of 64×48");
        add("a whole tile to spare",
            heif({tile(1, 64, 48), {2, "grid", 64, 96, grid(2, 2, 64, 96), {1, 1, 1, 1}, 0}}, 2),
            "its grid of 64×96 is not tiled by 2×2 tiles of 64×48");
        add("tile count", heif({tile(1, 64, 48), {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1}, 0}}, 2),
            "its grid of 2×2 has 3 tiles");
        add("tiles of two sizes",
            heif({tile(1, 64, 48), tile(3, 64, 50), {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 3, 1, 1}, 0}}, 2),
            "the tiles of its grid differ in size");
        add("tile without a size", heif({tile(1, 0, 0), {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0}}, 2),
            "a tile of its grid has no size");
        add("grid as a tile",
            heif({tile(1, 64, 48),
                  {2, "grid", 64, 48, grid(1, 1, 64, 48), {1}, 0},
                  {3, "grid", 64, 48, grid(1, 1, 64, 48), {2}, 0}},
                 3),
            "a tile of its grid is a derived image");
        add("overlay stacking", heif({tile(1, 64, 48), {2, "iovl", 64, 48, overlay(64, 48, 5), {1, 1, 1, 1, 1}, 0}}, 2),
            "its overlay stacks more than 4 times the pixels of its 64×48 canvas");
        add("iden of itself", heif({tile(1, 64, 48), {2, "iden", 64, 48, {}, {2}, 0}}, 2),
            "its derived images are nested more than 4 deep (or in a loop)");
        add("iden larger than itself", heif({tile(1, 6400, 4800), {2, "iden", 64, 48, {}, {1}, 0}}, 2),
            "its iden image is 64×48 but the image it shows has 30720000 pixels");
        // libheif 1.15 asserted (and aborted the worker) on an iden or overlay of a non-image item.
        add("iden of an item that is not an image",
            heif({{1, "hvc0", 64, 48, {}, {}, 0}, {2, "iden", 64, 48, {}, {1}, 0}}, 2),
            "one of its derived images refers to an item that is not an image");
        add("overlay of an item that is not there",
            heif({tile(1, 64, 48), {2, "iovl", 64, 48, overlay(64, 48, 1), {7}, 0}}, 2),
            "one of its derived images refers to an item that is not an image");
        add("grid of an Exif item",
            heif({{1, "Exif", 0, 0, {}, {}, 0}, {2, "grid", 64, 48, grid(1, 1, 64, 48), {1}, 0}}, 2),
            "a tile of its grid is not an image");
        // Overlays of overlays of one shared layer: 400 × 400 × 400 walks without a bound.
        {
            std::vector<uint16_t> layers2(400, 2), layers3(400, 3);
            add("overlays sharing layers",
                heif({tile(1, 1, 1),
                      {2, "iovl", 20, 20, overlay(20, 20, 400), std::vector<uint16_t>(400, 1), 0},
                      {3, "iovl", 200, 200, overlay(200, 200, 400), layers2, 0},
                      {4, "iovl", 2000, 2000, overlay(2000, 2000, 400), layers3, 0}},
                     4),
                "its derived images refer to more than 262144 images");
        }
        add("iden of two", heif({tile(1, 64, 48), {2, "iden", 64, 48, {}, {1, 1}, 0}}, 2),
            "its iden image refers to 2 images, not one");
        add("grid without a size box",
            heif({tile(1, 64, 48), {2, "grid", 0, 0, grid(1, 1, 64, 48), {1}, 0}, {3, "iden", 64, 48, {}, {2}, 0}}, 3),
            "its grid image has no size box");
        add("grid description cut short", heif({tile(1, 64, 48), {2, "grid", 64, 48, Bytes{0, 0, 0, 0, 0}, {1}, 0}}, 2),
            "its grid description is cut short");
        add("grid of a later version",
            heif({tile(1, 64, 48), {2, "grid", 64, 48, Bytes{1, 0, 0, 0, 0, 64, 0, 48}, {1}, 0}}, 2),
            "its grid image is of an unknown version");
        add("alpha plane larger than its size box",
            heif({tile(1, 64, 64), tile(2, 64, 64), {3, "grid", 64, 64, grid(1, 1, 20000, 20000, true), {2}, 1}}, 1),
            "its grid is 20000×20000 but its size box says 64×64");
    }
    void inconsistentLayoutsAreRefusedBeforeDecoding()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, reason);
        const QString error = probeError(Bytes(file.begin(), file.end()));
        QVERIFY2(error.contains(reason), qPrintable(error));
    }

    // The grid's data outside the idat box it names, or an extent past the end of the file.
    void derivationDataOutsideTheFileIsRefused()
    {
        Bytes file = heif({tile(1, 64, 48), {2, "grid", 64, 48, grid(1, 1, 64, 48), {1}, 0}}, 2);
        QVERIFY2(probeError(file).isEmpty(), qPrintable(probeError(file)));
        // iloc's entry for item 2 is the second one: id, construction, reference, count, offset, length.
        const Bytes pattern{0, 2, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 8};
        const auto at = std::search(file.begin(), file.end(), pattern.begin(), pattern.end());
        QVERIFY(at != file.end());
        *(at + 11) = 0xf0; // offset 240 in an idat of 8 bytes
        QVERIFY2(probeError(file).contains("the data of its grid image is not in the file"),
                 qPrintable(probeError(file)));
    }

    // Every prefix of a consistent grid file probes without a crash, and never as a size other
    // than its size box (a cut meta box is refused by libheif or by the check, never half-read).
    void everyPrefixIsSafe()
    {
        const Bytes file = heif({tile(1, 64, 48), {2, "grid", 128, 96, grid(2, 2, 128, 96), {1, 1, 1, 1}, 0}}, 2);
        for (size_t n = 0; n <= file.size(); ++n) {
            const ImageInfo info = probeImage(file.data(), n);
            if (info.error.isEmpty())
                QVERIFY2(info.width == 128 && info.height == 96, qPrintable(QString::number(n)));
        }
    }
};

QTEST_GUILESS_MAIN(TestHeifLayout)
#include "tst_heif_layout.moc"
