// fuzz_make_seeds: writes the seed corpora under tests/fuzz/corpus/ (committed). Rebuild and
// rerun it when the protocol or the preset format changes:
//   cmake --build build --target fuzz_make_seeds && build/bin/fuzz_make_seeds tests/fuzz/corpus
// Seeds are small valid inputs: one encoded frame per message type plus a multi-frame stream,
// presets covering every operation and output setting, tiny image headers of every format, and
// tiny whole images of every layout the decoders handle (MakeDecodeSeeds.cpp).
#include "FuzzChecks.h"
#include "ImageCodec.h"
#include "OperationCatalog.h"
#include "Preset.h"
#include "Protocol.h"
#include "TestDng.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>
#include <cstdio>
#include <functional>
#include <opencv2/imgcodecs.hpp>

void writeDecodeSeeds(const std::function<void(const QString &, const QByteArray &)> &put);
void writeMetadataSeeds(const std::function<void(const QString &, const QByteArray &)> &put);
void writeHeaderProbeSeeds(const std::function<void(const QString &, const QByteArray &)> &put);

using namespace pp;
using namespace pp::proto;

namespace {

QString g_root;
int g_written = 0;

void put(const char *target, const QString &name, const QByteArray &bytes)
{
    QDir().mkpath(g_root + "/" + target);
    QFile f(QStringLiteral("%1/%2/%3").arg(g_root, QLatin1String(target), name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(f.fileName()));
        std::exit(1);
    }
    ++g_written;
}

// Little helpers for hand-made binary headers.
struct Buf {
    QByteArray b;
    bool be = false;
    Buf &raw(const QByteArray &s)
    {
        b += s;
        return *this;
    }
    Buf &u8(int v)
    {
        b += char(v);
        return *this;
    }
    Buf &u16(quint16 v)
    {
        v = be ? qToBigEndian(v) : qToLittleEndian(v);
        b.append(reinterpret_cast<const char *>(&v), 2);
        return *this;
    }
    Buf &u32(quint32 v)
    {
        v = be ? qToBigEndian(v) : qToLittleEndian(v);
        b.append(reinterpret_cast<const char *>(&v), 4);
        return *this;
    }
};

QByteArray tiff(bool bigEndian, const QList<std::tuple<quint16, quint16, quint32>> &tags)
{
    Buf t;
    t.be = bigEndian;
    t.raw(bigEndian ? "MM" : "II").u16(42).u32(8).u16(quint16(tags.size()));
    for (const auto &[id, type, value] : tags) {
        t.u16(id).u16(type).u32(1);
        if (type == 3)
            t.u16(quint16(value)).u16(0);
        else
            t.u32(value);
    }
    t.u32(0); // no next IFD
    return t.b;
}

void frames()
{
    const QByteArray token = QByteArray(32, '\x5a').toHex();
    Hello hello{kProtocolVersion, token, 4242};
    Welcome welcome{4, 1 << 20, 200'000'000, 2, 0, true};
    QFile webPreset(QStringLiteral(PIXELPOOL_SOURCE_DIR "/resources/presets/web.json"));
    webPreset.open(QIODevice::ReadOnly);
    DefinePreset define{7, webPreset.readAll()};
    Job job;
    job.jobId = 1;
    job.presetId = 7;
    job.inputPath = "/photos/in/IMG_0001.jpg";
    job.inputBytes = 123456;
    job.tempPath = "/photos/out/.IMG_0001.jpg.pixelpool-tmp";
    job.previewSlot = 2;
    job.previewMax = 256;
    job.cvThreads = 2;
    job.keptFormat = 1; // `format: keep`: JPEG, as its name says
    Job shmJob = job;
    shmJob.keptFormat = 0;
    shmJob.jobId = 2;
    shmJob.inputKind = InputKind::SharedMemory;
    shmJob.inputPath = "/pixelpool-input-2";
    shmJob.flags = PreviewOnly;
    Finished finished;
    finished.jobId = 1;
    finished.outputPath = "/photos/out/IMG_0001_1920x1080.jpg";
    finished.sourceWidth = 4000;
    finished.sourceHeight = 2250;
    finished.width = 1920;
    finished.height = 1080;
    finished.bytes = 654321;
    finished.decodeUs = 1000;
    finished.processUs = 2000;
    finished.encodeUs = 3000;
    finished.previewSlot = 2;
    finished.previewWidth = 256;
    finished.previewHeight = 144;
    finished.warning = QStringLiteral("damaged data at the end — kept what decoded ✓");
    Failed failed{3, FailureCode::Corrupt, QStringLiteral("truncated JPEG: no frame header")};
    // A preset with `outputs`: the outputs after the first travel in the frames' appended lists.
    Job multiJob = job;
    multiJob.jobId = 4;
    multiJob.moreTempPaths = {"/photos/out/thumbnail/.IMG_0001.jpg.pixelpool-tmp-1"};
    Finished multiFinished = finished;
    multiFinished.jobId = 4;
    multiFinished.moreOutputs = {
        {Outcome::Written, "/photos/out/thumbnail/.IMG_0001.jpg.pixelpool-tmp-1", 256, 144, 12345}};

    // Cost-aware scheduling: a slice's paths, and what the worker's header probe says of each.
    ProbeRequest probeRequest{1, 7, {"/photos/in/IMG_0001.jpg", "/photos/in/scan.png", "/photos/in/broken.jpg"}};
    ProbeReply probeReply{1, {{true, 1, 4000, 2250, true, 4}, {true, 2, 2480, 3508, false, 8}, ProbeEntry{}}};

    // The window's 100 % view: a region of the before image, and both regions side by side.
    Job regionJob = shmJob;
    regionJob.jobId = 5;
    regionJob.previewMax = 800;
    regionJob.region = {1800, 1200, 640, 480};
    Finished regionFinished;
    regionFinished.jobId = 5;
    regionFinished.outcome = Outcome::PreviewOnly;
    regionFinished.sourceWidth = finished.sourceWidth;
    regionFinished.sourceHeight = finished.sourceHeight;
    regionFinished.width = 1920;
    regionFinished.height = 1080;
    regionFinished.previewSlot = 2;
    regionFinished.beforeRegion = regionJob.region;
    regionFinished.afterRegion = {864, 576, 308, 231};
    regionFinished.previewWidth = 640 + 308;
    regionFinished.previewHeight = 480;

    const QList<std::pair<QString, proto::Message>> all = {
        {"hello", hello},
        {"welcome", welcome},
        {"ready", Ready{}},
        {"define_preset", define},
        {"job_file", job},
        {"job_shm", shmJob},
        {"started", Started{1}},
        {"progress", Progress{1, 2, 5}},
        {"finished", finished},
        {"failed", failed},
        {"cancel", Cancel{0}},
        {"shutdown", Shutdown{}},
        {"job_outputs", multiJob},
        {"finished_outputs", multiFinished},
        {"job_region", regionJob},
        {"finished_region", regionFinished},
        {"probe_request", probeRequest},
        {"probe_reply", probeReply},
    };
    QByteArray stream;
    for (const auto &[name, m] : all) {
        put("frames", name + ".bin", encode(m));
        stream += encode(m);
    }
    put("frames", "stream_all.bin", stream);
    // The same stream with a trailing Cancel whose id makes checkFrames() run its buffer
    // compaction feed (it does so for one input in 16).
    for (quint64 id = 1;; ++id) {
        const QByteArray s = stream + encode(Cancel{id});
        if (pp::fuzz::framesCheckCompacts(s)) {
            put("frames", "stream_all_compaction.bin", s);
            break;
        }
    }
    // A worker's side of a session: Hello, Ready, then a job's Started/Progress/Finished.
    put("frames", "stream_worker.bin",
        encode(hello) + encode(Ready{}) + encode(Started{1}) + encode(Progress{1, 1, 3}) + encode(Progress{1, 3, 3}) +
            encode(finished) + encode(Started{3}) + encode(failed));
    // A probe answered between a job's frames, as a worker does while it runs one.
    put("frames", "stream_worker_probe.bin",
        encode(hello) + encode(Ready{}) + encode(probeReply) + encode(Started{1}) + encode(Progress{1, 1, 3}) +
            encode(ProbeReply{2, {ProbeEntry{}}}) + encode(finished));
}

void presets()
{
    const QDir dir(QStringLiteral(PIXELPOOL_SOURCE_DIR "/resources/presets"));
    for (const QString &name : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        f.open(QIODevice::ReadOnly);
        put("preset", "builtin_" + name, f.readAll());
    }
    // Every operation with its defaults (and a file where one is required), and every output setting.
    QJsonArray steps;
    for (const OperationSpec &op : OperationCatalog::builtin().operations()) {
        QJsonObject step{{"op", op.name}};
        for (const ParamSpec &p : op.params)
            if (p.kind == ParamSpec::Kind::File && p.min > 0)
                step.insert(p.key, "/srv/pixelpool/" + p.key + ".png");
        QString why;
        steps.append(OperationCatalog::builtin().normalizeStep(step, &why));
    }
    const QJsonObject output{{"folder", "out"},
                             {"nameTemplate", "{name}_small.{ext}"},
                             {"format", "png"},
                             {"quality", 75},
                             {"pngCompression", 9},
                             {"progressive", true},
                             {"overwrite", "skip"},
                             {"keepStructure", false},
                             {"allowOverwriteSource", true},
                             {"damaged", "warn"},
                             {"background", "#102030ff"}};
    const QJsonObject every{{"format", "pixelpool-preset"},
                            {"version", 1},
                            {"name", "every op"},
                            {"description", "Each operation once, with defaults."},
                            {"steps", steps},
                            {"output", output}};
    put("preset", "all_ops.json", QJsonDocument(every).toJson(QJsonDocument::Indented));
    // Minimal, and non-default parameters.
    put("preset", "minimal.json", R"({"format":"pixelpool-preset","version":1,"name":"x","steps":[]})");
    put("preset", "params.json", R"({"format":"pixelpool-preset","version":1,"name":" spaced ",
"steps":[{"op":"resize","mode":"scale","percent":12.5,"filter":"lanczos"},
{"op":"crop","mode":"rect","x":10,"y":20,"width":300,"height":200},
{"op":"rotate","angle":-33.3,"background":"#00000000"},{"op":"flip","direction":"both"},
{"op":"watermark","text":"\u00a9 \ud83d\udcf7 PixelPool","position":"center","size":10,"opacity":1,"color":"#ff8800","margin":0},
{"op":"border","size":0,"color":"#abcdef"}],
"output":{"format":"jpg","overwrite":"overwrite","background":"#000000"}})");
    // Watermarks: a font file and a family, a logo; paths to clean, and a relative one (refused
    // without the preset file's folder).
    put("preset", "watermarks.json", R"({"format":"pixelpool-preset","version":1,"name":"marks",
"steps":[{"op":"watermark","text":"\u00a9 J\u00f6hn D\u0153 2024 \u2014 \u6771\u4eac\uffff","font":"/usr/share/fonts/../fonts/a.ttf",
"fontFamily":"DejaVu Serif:bold"},{"op":"watermark","fontFamily":""},
{"op":"logo","file":"/srv//logos/./mark.png","position":"topLeft","size":100,"opacity":0.01,"margin":25}],
"output":{"format":"png"}})");
    put("preset", "relative_logo.json", R"({"format":"pixelpool-preset","version":1,"name":"relative",
"steps":[{"op":"logo","file":"logos/mark.png"}]})");
}

QByteArray encoded(const char *ext, int channels)
{
    cv::Mat m(2, 3, channels == 4 ? CV_8UC4 : channels == 1 ? CV_8UC1 : CV_8UC3, cv::Scalar(10, 200, 30, 255));
    std::vector<uchar> out;
    if (!cv::imencode(ext, m, out))
        return {};
    return QByteArray(reinterpret_cast<const char *>(out.data()), qsizetype(out.size()));
}

void images()
{
    // Real tiny files from OpenCV's encoders.
    for (const auto &[ext, name] : QList<std::pair<const char *, QString>>{
             {".jpg", "cv.jpg"}, {".png", "cv.png"}, {".webp", "cv.webp"}, {".tif", "cv.tif"}, {".bmp", "cv.bmp"}}) {
        const QByteArray b = encoded(ext, 3);
        if (!b.isEmpty())
            put("probe", name, b);
    }
    const QByteArray gray = encoded(".png", 1);
    if (!gray.isEmpty())
        put("probe", "cv_gray.png", gray);

    // Hand-made headers reaching each parser branch.
    const QByteArray exifTiff = tiff(false, {{0x0112, 3, 6}});
    Buf jpeg;
    jpeg.be = true;
    jpeg.u8(0xFF)
        .u8(0xD8)
        .u8(0xFF)
        .u8(0xE1)
        .u16(quint16(2 + 6 + exifTiff.size()))
        .raw(QByteArray("Exif\0\0", 6))
        .raw(exifTiff);
    jpeg.u8(0xFF).u8(0xFF).u8(0xC2).u16(17).u8(8).u16(480).u16(640).u8(3);
    for (int c = 1; c <= 3; ++c)
        jpeg.u8(c).u8(0x11).u8(0);
    jpeg.u8(0xFF).u8(0xD9);
    put("probe", "jpeg_exif_sof2.jpg", jpeg.b);

    Buf png;
    png.be = true;
    png.raw("\x89PNG\r\n\x1a\n").u32(13).raw("IHDR").u32(640).u32(480).u8(8).u8(6).u8(0).u8(0).u8(0).u32(0);
    put("probe", "png_ihdr.png", png.b);
    // The signature a text-mode transfer leaves (CR LF made LF): a damaged PNG.
    put("probe", "png_signature_crlf_made_lf.png", QByteArray(png.b).replace("\r\n", "\n"));

    Buf vp8;
    vp8.raw("RIFF").u32(30).raw("WEBPVP8 ").u32(18).u8(0).u8(0).u8(0).u8(0x9d).u8(0x01).u8(0x2a).u16(640).u16(480);
    put("probe", "webp_vp8.webp", vp8.b);
    Buf vp8l;
    vp8l.raw("RIFF").u32(30).raw("WEBPVP8L").u32(5).u8(0x2f).u32((639u) | (479u << 14));
    put("probe", "webp_vp8l.webp", vp8l.b);
    Buf vp8x;
    vp8x.raw("RIFF").u32(30).raw("WEBPVP8X").u32(10).u32(0x10).u16(639).u8(0).u16(479).u8(0);
    put("probe", "webp_vp8x.webp", vp8x.b);

    put("probe", "tiff_strips_le.tif", tiff(false, {{256, 3, 640}, {257, 3, 480}, {278, 4, 16}, {0x0112, 3, 8}}));
    put("probe", "tiff_tiles_be.tif", tiff(true, {{256, 4, 5000}, {257, 4, 4000}, {322, 3, 256}, {323, 3, 256}}));
    put("probe", "tiff_tiles_long_le.tif",
        tiff(false, {{256, 4, 20000}, {257, 4, 10000}, {322, 4, 512}, {323, 4, 512}, {0x0112, 3, 3}}));

    Buf bmp;
    bmp.raw("BM").u32(54).u32(0).u32(54).u32(40).u32(640).u32(quint32(-480)).u16(1).u16(24).u32(0);
    put("probe", "bmp_topdown.bmp", bmp.b);
    Buf os2;
    os2.raw("BM").u32(26).u32(0).u32(26).u32(12).u16(64).u16(48).u16(1).u16(24);
    put("probe", "bmp_os2.bmp", os2.b);
    Buf dib; // no file header: a BITMAPINFOHEADER at byte 0, as Windows' clipboard holds one
    dib.u32(40).u32(640).u32(480).u16(1).u16(32).u32(3).u32(0).u32(0).u32(0).u32(0).u32(0);
    put("probe", "dib_headerless.dib", dib.b);

    put("probe", "heif_ftyp.heic",
        QByteArray("\0\0\0\x18"
                   "ftypheic",
                   12));
    put("probe", "gif.gif", QByteArray("GIF89a\x01\0\x01\0", 10));
    // JPEG XL: 64×64 in its smallest size header, default metadata; bare, and in the container.
    const QByteArray jxl("\xff\x0a\x4f\x02", 4);
    put("probe", "jxl_codestream.jxl", jxl);
    put("probe", "jxl_container.jxl",
        QByteArray("\0\0\0\x0cJXL \r\n\x87\n\0\0\0\x14"
                   "ftypjxl \0\0\0\0jxl \0\0\0\x0cjxlc",
                   40) +
            jxl);

    // Camera RAW: a whole small DNG (tests/common/TestDng.h), a CR2-marked TIFF, and the headers of
    // the RAWs with magic of their own (RW2, ORF, RAF, CR3), which reach LibRaw.
    pp::test::DngSpec dng;
    dng.bgr = cv::Mat(23, 37, CV_8UC3, cv::Scalar(40, 160, 220));
    dng.previewSize = {18, 12};
    const std::vector<uint8_t> dngBytes = pp::test::makeDng(dng);
    put("probe", "dng_37x23_preview.dng",
        QByteArray(reinterpret_cast<const char *>(dngBytes.data()), qsizetype(dngBytes.size())));
    Buf cr2; // Canon's marker after the TIFF header, IFD0 after it
    cr2.raw("II").u16(42).u32(16).raw(QByteArray("CR\x02\0", 4)).u32(0).u16(2);
    cr2.u16(256).u16(3).u32(1).u16(640).u16(0).u16(257).u16(3).u32(1).u16(480).u16(0).u32(0);
    put("probe", "cr2_marker.cr2", cr2.b);
    put("probe", "rw2_magic.rw2", QByteArray("IIU\0\x08\0\0\0", 8) + QByteArray(64, '\0'));
    put("probe", "orf_magic.orf", QByteArray("IIRO\x08\0\0\0", 8) + QByteArray(64, '\0'));
    put("probe", "raf_magic.raf", QByteArray("FUJIFILMCCD-RAW 0201FF383501") + QByteArray(64, '\0'));
    put("probe", "cr3_ftyp.cr3",
        QByteArray("\0\0\0\x18"
                   "ftypcrx \0\0\0\x01"
                   "crx isom",
                   24));
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s tests/fuzz/corpus\n", argv[0]);
        return 2;
    }
    g_root = QString::fromLocal8Bit(argv[1]);
    frames();
    presets();
    images();
    writeDecodeSeeds([](const QString &name, const QByteArray &bytes) { put("decode", name, bytes); });
    writeMetadataSeeds([](const QString &name, const QByteArray &bytes) { put("metadata", name, bytes); });
    writeHeaderProbeSeeds([](const QString &name, const QByteArray &bytes) { put("headerprobe", name, bytes); });
    std::printf("wrote %d seed files under %s\n", g_written, qPrintable(g_root));
    return 0;
}
