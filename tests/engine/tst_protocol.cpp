// The wire protocol: every message round-trips; every malformed frame is refused.
#include "Protocol.h"

#include <QtEndian>
#include <QtTest>
#include <functional>
#include <limits>

using namespace pp::proto;

class TestProtocol : public QObject
{
    Q_OBJECT

    static QList<Message> samples()
    {
        Job job;
        job.jobId = 42;
        job.presetId = 7;
        job.inputKind = InputKind::SharedMemory;
        job.inputPath = "/pixelpool-1-abc-in42";
        job.inputBytes = 12345;
        job.tempPath = "/out/.a.part";
        job.flags = PreviewOnly;
        job.previewSlot = 2;
        job.previewMax = 800;
        job.cvThreads = 2;
        job.keptFormat = 4; // TIFF
        job.moreTempPaths = {"/out/thumbnail/.a.part", "/out/archive/.a.part"};
        job.region = {1200, 800, 640, 480};
        Finished fin;
        fin.jobId = 42;
        fin.outcome = Outcome::SkippedExisting;
        fin.outputPath = QByteArray("/out/\xff\xfe-not-utf8.jpg");
        fin.sourceWidth = 5120;
        fin.sourceHeight = 2880;
        fin.width = 1200;
        fin.height = 675;
        fin.bytes = 99999;
        fin.decodeUs = 1;
        fin.processUs = 2;
        fin.encodeUs = 3;
        fin.previewSlot = 1;
        fin.previewWidth = 128;
        fin.previewHeight = 72;
        fin.warning = QStringLiteral("damaged JPEG — written as far as it decoded");
        fin.facts = {QStringLiteral("2024-05-06 07:08:09"), QStringLiteral("Canon EOS R5"),
                     QStringLiteral("RF24-105mm F4 L IS USM"), 400};
        fin.moreOutputs = {{Outcome::Written, "/out/thumbnail/.a.part", 256, 144, 4321},
                           {Outcome::SkippedExisting, "/out/archive/a.jpg", 5120, 2880, 0}};
        Finished region = regionResult();
        return {Hello{kProtocolVersion, QByteArray(64, 'a'), 1234},
                Welcome{3, 65536, 200000000, 1, 0, true},
                Ready{},
                DefinePreset{3, R"({"name":"x"})"},
                job,
                Started{42},
                Progress{42, 1, 3},
                fin,
                region,
                Failed{42, FailureCode::TooLarge, QStringLiteral("JPEG of 60000×60000")},
                Cancel{0},
                Shutdown{},
                ProbeRequest{9, 3, {"/photos/a.jpg", QByteArray("/photos/\xff-not-utf8.png")}},
                ProbeReply{9, {goodProbe(), ProbeEntry{}, ProbeEntry{true, 2, 2560, 1600, false, 8}}}};
    }

    // A progressive JPEG the plan decodes at 3/8.
    static ProbeEntry goodProbe() { return {true, 1, 5640, 3172, true, 3}; }

    // The reply's one entry: flags, format, width, height, scale (1 + 1 + 4 + 4 + 1 bytes) at the end.
    static QByteArray replyWithEntry(const std::function<void(char *entry)> &spoil)
    {
        QByteArray frame = encode(ProbeReply{1, {goodProbe()}});
        spoil(frame.data() + frame.size() - 11);
        return frame;
    }

    // A region preview's result: a 640×480 region at 100 % whose output is half the size.
    static Finished regionResult()
    {
        Finished f;
        f.jobId = 43;
        f.outcome = Outcome::PreviewOnly;
        f.width = 2560;
        f.height = 1440;
        f.previewSlot = 0;
        f.beforeRegion = {1200, 800, 640, 480};
        f.afterRegion = {600, 400, 320, 240};
        f.previewWidth = 640 + 320;
        f.previewHeight = 480;
        return f;
    }

    static std::optional<Message> decodeOne(const QByteArray &frame, QString *error)
    {
        FrameReader r;
        r.append(frame);
        auto m = r.next();
        *error = r.error();
        return m;
    }

    static QByteArray withHeader(quint32 length, quint16 type, quint16 version, const QByteArray &payload)
    {
        QByteArray head(8, 0);
        qToLittleEndian<quint32>(length, head.data());
        qToLittleEndian<quint16>(type, head.data() + 4);
        qToLittleEndian<quint16>(version, head.data() + 6);
        return head + payload;
    }

private slots:
    void everyMessageRoundTrips()
    {
        for (const Message &m : samples()) {
            const QByteArray frame = encode(m);
            QString error;
            const auto back = decodeOne(frame, &error);
            QVERIFY2(back.has_value(), qPrintable(error));
            QCOMPARE(typeOf(*back), typeOf(m));
            QCOMPARE(encode(*back), frame); // every field survived
        }
    }

    void framesSplitAnywhereStillDecode()
    {
        QByteArray stream;
        for (const Message &m : samples())
            stream += encode(m);
        for (int chunk : {1, 3, 7, 64}) {
            FrameReader r;
            int count = 0;
            for (int i = 0; i < stream.size(); i += chunk) {
                r.append(stream.mid(i, chunk));
                while (r.next())
                    ++count;
            }
            QVERIFY(!r.failed());
            QCOMPARE(count, int(samples().size()));
        }
    }

    void truncatedFrameWaitsAndNeverDecodesEarly()
    {
        const QByteArray frame = encode(samples()[4]);
        for (int cut = 0; cut < frame.size(); ++cut) {
            FrameReader r;
            r.append(frame.left(cut));
            QVERIFY(!r.next().has_value());
            QVERIFY(!r.failed());
        }
    }

    void oversizedLengthIsRefused()
    {
        QString error;
        QVERIFY(!decodeOne(withHeader(kMaxPayload + 1, quint16(Type::Started), kProtocolVersion, {}), &error));
        QVERIFY2(error.contains("exceeds"), qPrintable(error));
    }

    void wrongVersionIsRefused()
    {
        QByteArray frame = encode(Started{1});
        qToLittleEndian<quint16>(kProtocolVersion + 1, frame.data() + 6);
        QString error;
        QVERIFY(!decodeOne(frame, &error));
        QVERIFY2(error.contains("version"), qPrintable(error));
    }

    void unknownTypeIsRefused()
    {
        QString error;
        QVERIFY(!decodeOne(withHeader(0, 99, kProtocolVersion, {}), &error));
        QVERIFY2(error.contains("unknown message type"), qPrintable(error));
        QVERIFY(!decodeOne(withHeader(0, 0, kProtocolVersion, {}), &error));
    }

    void payloadThatDoesNotMatchItsFieldsIsRefused()
    {
        const QByteArray good = encode(Started{5});
        // one byte short, and one byte of trailing garbage
        QByteArray shortFrame = withHeader(7, quint16(Type::Started), kProtocolVersion, good.mid(8, 7));
        QByteArray longFrame = withHeader(9, quint16(Type::Started), kProtocolVersion, good.mid(8) + "x");
        QString error;
        QVERIFY(!decodeOne(shortFrame, &error));
        QVERIFY(!decodeOne(longFrame, &error));
    }

    void stringLengthBeyondPayloadIsRefused()
    {
        Failed f{1, FailureCode::Corrupt, "abc"};
        QByteArray frame = encode(f);
        // the message text's length field sits after jobId (8) and code (2)
        qToLittleEndian<quint32>(1000000, frame.data() + 8 + 10);
        QString error;
        QVERIFY(!decodeOne(frame, &error));
    }

    void malformedTokenIsRefused()
    {
        QString error;
        QVERIFY(!decodeOne(encode(Hello{kProtocolVersion, QByteArray(64, 'Z'), 1}), &error));
        QVERIFY(!decodeOne(encode(Hello{kProtocolVersion, QByteArray(10, 'a'), 1}), &error));
    }

    void enumOutOfRangeIsRefused()
    {
        QByteArray frame = encode(Failed{1, FailureCode::Corrupt, ""});
        qToLittleEndian<quint16>(999, frame.data() + 8 + 8);
        QString error;
        QVERIFY(!decodeOne(frame, &error));
        QVERIFY2(error.contains("enum"), qPrintable(error));
    }

    // The format `format: keep` writes is one the worker knows (0 for none, up to AVIF).
    void keptFormatOutOfRangeIsRefused()
    {
        Job job;
        job.keptFormat = kMaxOutputFormat;
        QString error;
        const auto back = decodeOne(encode(job), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(std::get<Job>(*back).keptFormat, kMaxOutputFormat);
        job.keptFormat = quint8(kMaxOutputFormat + 1);
        QVERIFY(!decodeOne(encode(job), &error));
        QVERIFY2(error.contains("enum out of range"), qPrintable(error));
    }

    // A job or result lists at most kMaxMoreOutputs outputs after the first: the count byte is the
    // payload's last before the lists, so a frame claiming more is refused before any is read.
    void tooManyOutputsAreRefused()
    {
        Job job;
        job.moreTempPaths.fill("/out/.x.part", kMaxMoreOutputs);
        QString error;
        QVERIFY2(decodeOne(encode(job), &error), qPrintable(error));
        job.moreTempPaths.append("/out/.y.part");
        QVERIFY(!decodeOne(encode(job), &error));
        QVERIFY2(error.contains("too many outputs"), qPrintable(error));

        Finished fin;
        fin.width = fin.height = 1;
        fin.moreOutputs.fill({}, kMaxMoreOutputs + 1);
        QVERIFY(!decodeOne(encode(fin), &error));
        QVERIFY2(error.contains("too many outputs"), qPrintable(error));
    }

    void outputOutcomeOutOfRangeIsRefused()
    {
        Finished fin;
        fin.moreOutputs = {{Outcome::Written, "/o/.a.part", 1, 1, 1}};
        QByteArray frame = encode(fin);
        // the list's one entry: outcome (1), path (4 + 10), width, height (4 + 4), bytes (8); then
        // the two regions (2 × 16)
        const qsizetype at = frame.size() - (1 + 4 + 10 + 4 + 4 + 8 + 32);
        QCOMPARE(quint8(frame.at(at)), quint8(Outcome::Written));
        frame[at] = char(9);
        QString error;
        QVERIFY(!decodeOne(frame, &error));
        QVERIFY2(error.contains("enum"), qPrintable(error));
    }

    void outputListCutShortIsRefused()
    {
        Job job;
        job.moreTempPaths = {"/out/.x.part"};
        QByteArray frame = encode(job);
        // Claim two paths where one follows: the reader runs out of payload, the frame is refused.
        frame[frame.size() - (1 + 4 + 12 + 16)] = char(2); // the count, before the path and the region
        QString error;
        QVERIFY(!decodeOne(frame, &error));
    }

    void probeMessagesRoundTripEveryField()
    {
        for (const Message &m : samples()) {
            QString error;
            if (const auto *reply = std::get_if<ProbeReply>(&m)) {
                const auto back = decodeOne(encode(m), &error);
                QVERIFY2(back, qPrintable(error));
                QCOMPARE(std::get<ProbeReply>(*back).entries, reply->entries);
                QCOMPARE(std::get<ProbeReply>(*back).requestId, 9u);
            } else if (const auto *request = std::get_if<ProbeRequest>(&m)) {
                const auto back = decodeOne(encode(m), &error);
                QVERIFY2(back, qPrintable(error));
                QCOMPARE(std::get<ProbeRequest>(*back).paths, request->paths);
                QCOMPARE(std::get<ProbeRequest>(*back).presetId, 3u);
            }
        }
    }

    void probeRequestOverItsLimitsIsRefused()
    {
        QString error;
        ProbeRequest full{1, 1, QVector<QByteArray>(kMaxProbePaths, "/p.jpg")};
        QVERIFY2(decodeOne(encode(full), &error), qPrintable(error));
        full.paths.append("/q.jpg");
        QVERIFY(!decodeOne(encode(full), &error));
        QVERIFY2(error.contains("too many paths"), qPrintable(error));

        // 100 paths of 4000 bytes: each within kMaxPathBytes, together over kMaxProbePathBytesTotal.
        const ProbeRequest longPaths{1, 1, QVector<QByteArray>(100, QByteArray(4000, 'a'))};
        QVERIFY(!decodeOne(encode(longPaths), &error));
        QVERIFY2(error.contains("total length"), qPrintable(error));

        QVERIFY(!decodeOne(encode(ProbeRequest{1, 1, {QByteArray("/a\0b.jpg", 8)}}), &error));
        QVERIFY2(error.contains("zero byte"), qPrintable(error));
        QVERIFY(!decodeOne(encode(ProbeRequest{1, 1, {QByteArray()}}), &error));
    }

    // A worker's reply claims only what a header probe can say; anything else kills the worker.
    void probeReplyOutOfRangeIsRefused()
    {
        QString error;
        QVERIFY2(decodeOne(replyWithEntry([](char *) {}), &error), qPrintable(error));
        const QList<std::pair<const char *, std::function<void(char *)>>> spoiled{
            {"unknown flag", [](char *e) { e[0] = char(4 | 1); }},
            {"format beyond ImageFormat", [](char *e) { e[1] = char(kMaxProbeFormat + 1); }},
            {"zero width", [](char *e) { qToLittleEndian<quint32>(0, e + 2); }},
            {"width over 2^31", [](char *e) { qToLittleEndian<quint32>(0x80000000u, e + 2); }},
            {"scale 0", [](char *e) { e[10] = 0; }},
            {"scale 9", [](char *e) { e[10] = 9; }},
            {"progressive PNG", [](char *e) { e[1] = 2; }},
            {"failed entry with a size", [](char *e) { e[0] = 0; }},
            {"unknown format that succeeded", [](char *e) { e[0] = 1, e[1] = 0; }},
        };
        for (const auto &[what, spoil] : spoiled) {
            QVERIFY2(!decodeOne(replyWithEntry(spoil), &error), what);
            QVERIFY2(error.contains("probe result"), qPrintable(QString::fromLatin1(what) + ": " + error));
        }
        ProbeReply many{1, QVector<ProbeEntry>(kMaxProbePaths + 1)};
        QVERIFY(!decodeOne(encode(many), &error));
        QVERIFY2(error.contains("too many probe results"), qPrintable(error));
        // Claim two entries where one follows: refused, never read past the payload.
        QByteArray cut = encode(ProbeReply{1, {goodProbe()}});
        qToLittleEndian<quint16>(2, cut.data() + 8 + 8);
        QVERIFY(!decodeOne(cut, &error));
    }

    // A region is empty (all zero) or non-negative, 1..kMaxRegionSide a side and within
    // kMaxRegionCoordinate; only a preview-only job asks for one.
    void regionsOutOfRangeAreRefused()
    {
        QString error;
        Job job;
        job.flags = PreviewOnly;
        job.region = {kMaxRegionCoordinate - kMaxRegionSide, 0, kMaxRegionSide, kMaxRegionSide};
        QVERIFY2(decodeOne(encode(job), &error), qPrintable(error));
        const QList<Region> bad{{-1, 0, 10, 10},
                                {0, -5, 10, 10},
                                {0, 0, 0, 10},
                                {0, 0, 10, -1},
                                {5, 5, 0, 0},
                                {0, 0, kMaxRegionSide + 1, 10},
                                {0, 0, 10, kMaxRegionSide + 1},
                                {kMaxRegionCoordinate - 9, 0, 10, 10},
                                {0, std::numeric_limits<qint32>::max(), 10, 10}};
        for (const Region &r : bad) {
            job.region = r;
            QVERIFY(!decodeOne(encode(job), &error));
            QVERIFY2(error.contains("region out of range"), qPrintable(error));
        }
        job.region = {0, 0, 10, 10};
        job.flags = 0; // a job that writes a file
        QVERIFY(!decodeOne(encode(job), &error));
        QVERIFY2(error.contains("region on a job that writes"), qPrintable(error));

        QVERIFY2(decodeOne(encode(regionResult()), &error), qPrintable(error));
        Finished fin = regionResult();
        fin.afterRegion = {};
        QVERIFY(!decodeOne(encode(fin), &error)); // one side only
        fin = regionResult();
        fin.beforeRegion.x = -1;
        QVERIFY(!decodeOne(encode(fin), &error));
        fin = regionResult();
        fin.previewWidth = 800; // not the two regions side by side
        QVERIFY(!decodeOne(encode(fin), &error));
        fin = regionResult();
        fin.previewHeight = 240;
        QVERIFY(!decodeOne(encode(fin), &error));
        fin = regionResult();
        fin.outcome = Outcome::Written;
        QVERIFY(!decodeOne(encode(fin), &error));
        fin = regionResult();
        fin.previewSlot = -1;
        QVERIFY(!decodeOne(encode(fin), &error));
        QVERIFY2(error.contains("region"), qPrintable(error));
    }

    void readerStaysBrokenAfterAViolation()
    {
        FrameReader r;
        r.append(withHeader(0, 99, kProtocolVersion, {}));
        r.append(encode(Started{1}));
        QVERIFY(!r.next());
        QVERIFY(r.failed());
        QVERIFY(!r.next()); // no resynchronising on a hostile stream
    }
};

QTEST_APPLESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
