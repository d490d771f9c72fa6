// Output planning: templates, sub-folders, collisions, and nothing escapes or replaces a source.
#include "JobRunner.h"
#include "OutputPlanner.h"
#include "PresetLibrary.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QtEndian>
#include <QTemporaryDir>
#include <QtTest>
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

using namespace pp;

class TestPlanner : public QObject
{
    Q_OBJECT

    static Preset preset(const QString &tmpl, OverwritePolicy policy = OverwritePolicy::Rename)
    {
        Preset p = PresetLibrary({}).find("classic")->preset;
        p.output.nameTemplate = tmpl;
        p.output.overwrite = policy;
        return p;
    }
    static QByteArray b(const QString &s) { return s.toUtf8(); }

    // A folder made in `tmp` whose path is some 3,990 bytes long: below PATH_MAX, a name of 220
    // bytes in it past it. Empty when it cannot be made.
    static QByteArray deepFolder(const QTemporaryDir &tmp)
    {
        QByteArray deep = b(tmp.path());
        while (deep.size() + 101 <= 3990)
            deep += '/' + QByteArray(100, 'd');
        return QDir().mkpath(QFile::decodeName(deep)) ? deep : QByteArray();
    }
    // Empty files of these names in a folder of their own, scanned: the names the scan took, in its
    // order; the scan in *scan.
    static QStringList takenByScan(const QStringList &files, ScanResult *scan)
    {
        QTemporaryDir dir;
        for (const QString &name : files)
            QFile(dir.filePath(name)).open(QIODevice::WriteOnly);
        *scan = scanInputs({b(dir.path())}, {});
        QStringList taken;
        for (const InputItem &item : scan->items)
            taken << QFileInfo(QFile::decodeName(item.path)).fileName();
        return taken;
    }
    inline static const QByteArray kPhoto = QByteArray("\xFF\xD8\xFF\xE0", 4) + QByteArray(1000, 'x') + "\xFF\xD9";
    // An output as a batch commits it, recording `source` (none: an image without a file).
    static bool writeOutput(const QString &path, const QByteArray &source)
    {
        const QString temp = QFileInfo(path).dir().filePath(".w.part");
        QFile t(temp);
        if (!t.open(QIODevice::WriteOnly) || t.write(kPhoto) != kPhoto.size())
            return false;
        t.close();
        return commitTemporary(QFile::encodeName(temp), b(path), nullptr, Overwrite::Rename, {}, nullptr, source).ok;
    }

    // Commits an output of `source` as a batch does: a complete temporary in `dir`, then
    // commitTemporary with the result's size.
    static WriteResult commitPhoto(const QTemporaryDir &dir, const QByteArray &pattern, QSize size,
                                   const QByteArray &source, Overwrite policy, TakenNames *batch,
                                   const QString &output = {})
    {
        static int job = 0;
        const QByteArray temp = b(dir.filePath(QStringLiteral(".t%1.part").arg(++job)));
        QFile t(QFile::decodeName(temp));
        if (!t.open(QIODevice::WriteOnly) || t.write(kPhoto) != kPhoto.size())
            return {};
        t.close();
        ResultNames n;
        n.width = size.width();
        n.height = size.height();
        return commitTemporary(temp, pattern, &n, policy, {}, nullptr, source, batch, output);
    }

private slots:
    void validateTemplate_data()
    {
        QTest::addColumn<QString>("tmpl");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << "{name}.{ext}" << true;
        QTest::newRow("all tokens") << "{preset}/{index:4}-{name}-{width}x{height}.{ext}" << true;
        QTest::newRow("parent") << "../{name}.{ext}" << false;
        QTest::newRow("nested parent") << "a/../../{name}.{ext}" << false;
        QTest::newRow("absolute") << "/etc/{name}" << false;
        QTest::newRow("unknown") << "{name}-{shutter}.{ext}" << false;
        QTest::newRow("photo facts") << "{date:%Y/%m}/{camera}-{lens}-{iso}-{date}-{name}.{ext}" << true;
        QTest::newRow("date format") << "{date:%Y-%Q}-{name}.{ext}" << false;
        QTest::newRow("date dots") << "{date:%Y/..}/{name}.{ext}" << false;
        QTest::newRow("camera format") << "{camera:x}-{name}.{ext}" << false;
        QTest::newRow("index width") << "{index:ab}-{name}.{ext}" << false;
        QTest::newRow("index widest") << "{index:20}-{name}.{ext}" << true;
        QTest::newRow("index too wide") << "{index:21}-{name}.{ext}" << false;
        QTest::newRow("index a gigabyte wide") << "{index:999999999}-{name}.{ext}" << false;
        QTest::newRow("index no width") << "{index:0}-{name}.{ext}" << false;
        QTest::newRow("too long") << QString(256, 'n') << false;
        QTest::newRow("empty") << "  " << false;
        QTest::newRow("folder only") << "{name}/" << false;
        // Slashes a date's format makes: each of these was taken, then failed every image.
        QTest::newRow("a date made absolute") << "{date:/%Y}/{name}.{ext}" << false;
        QTest::newRow("a folder without a name") << "sub//{name}.{ext}" << false;
        QTest::newRow("a date's folder without a name") << "{date:%Y//%m}/{name}.{ext}" << false;
        QTest::newRow("a date's slash before a slash") << "{date:%Y/}/{name}.{ext}" << false;
        QTest::newRow("a date's slash at the end") << "{name}{date:%Y/}" << false;
        QTest::newRow("index with nothing after its colon") << "{index:}.{ext}" << false;
        QTest::newRow("a date's slash before the name") << "{date:%Y/}{name}.{ext}" << true;
        QTest::newRow("a date's slash after text") << "x{date:/%m}/{name}.{ext}" << true;
        // A NUL made lstat() read "a" of "a\0quad.png": every numbered name was taken, forever.
        QTest::newRow("a NUL") << QStringLiteral("a%1{name}.{ext}").arg(QChar(0)) << false;
        QTest::newRow("a newline") << "a\n{name}.{ext}" << false;
        QTest::newRow("a tab") << "a\t{name}.{ext}" << false;
        QTest::newRow("a C1 control") << QStringLiteral("a%1{name}.{ext}").arg(QChar(0x85)) << false;
        QTest::newRow("dots around {preset}") << "{preset}./.{preset}/{name}.{ext}" << true;
    }
    void validateTemplate()
    {
        QFETCH(QString, tmpl);
        QFETCH(bool, ok);
        QCOMPARE(OutputPlanner::validateTemplate(tmpl).isEmpty(), ok);
    }

    void expandsTokens()
    {
        QTemporaryDir dir;
        OutputPlanner planner(preset("{preset}-{index:3}-{name}.{ext}"), dir.path(), "tag");
        const PlannedOutput out = planner.plan({"/in/My Photo.JPEG", {}, {}}, 7, 1, {});
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error.english()));
        QCOMPARE(out.pattern, b(QFileInfo(dir.path()).canonicalFilePath() + "/classic-007-My Photo.jpg"));
        QVERIFY(out.tempPath.contains("/.classic-007-My Photo.jpg.tag-1.part"));
        QCOMPARE(OutputPlanner::example("{name}_{width}.{ext}", "web", "cat.png", OutputFormat::Webp),
                 QString("cat_1200.webp"));
        // `format: keep` of a format PixelPool does not write: the name says what is written.
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "IMG_1234.HEIC", OutputFormat::Keep),
                 QString("IMG_1234.jpg"));
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "a.avif", OutputFormat::Keep), QString("a.avif"));
        // The editor shows examples of templates being typed, before they are checked: the
        // padding stays bounded (it once built a gigabyte of zeros).
        QCOMPARE(OutputPlanner::example("{index:999999999}.{ext}", "web", "a.jpg", OutputFormat::Jpeg),
                 QString(19, '0') + "1.jpg");
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "a.JXL", OutputFormat::Keep), QString("a.jxl"));
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "a.png", OutputFormat::Jxl), QString("a.jxl"));
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "a.png", OutputFormat::Avif), QString("a.avif"));
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "a.gif", OutputFormat::Keep), QString("a.png"));
        // An animated PNG is written as the still PNG it is read as.
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "a.apng", OutputFormat::Keep), QString("a.png"));
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "IMG_0001.CR2", OutputFormat::Keep),
                 QString("IMG_0001.jpg"));
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "a.dng", OutputFormat::Keep), QString("a.jpg"));
        QCOMPARE(OutputPlanner::example("{name}.{ext}", "web", "a.TIF", OutputFormat::Keep), QString("a.tif"));
        QCOMPARE(OutputPlanner::example("{date:%Y/%m}/{camera} {iso} {date:%H%M%S}.{ext}", "web", "cat.png",
                                        OutputFormat::Jpeg),
                 QString("2024/05/Canon EOS R5 400 070809.jpg"));
    }

    void namesFromThePhotoAreSafeAndMakeFolders()
    {
        ResultNames n;
        n.camera = QStringLiteral("../../etc/passwd");
        n.lens = QStringLiteral("..");
        n.taken = QDateTime(QDate(2023, 12, 31), QTime(23, 59, 58));
        QCOMPARE(fillLateName("/o/{camera}|{lens}|{iso}|{date}|{date:%y%j %%}", n),
                 QByteArray("/o/_.._etc_passwd|unknown|unknown|2023-12-31|23365 %"));
        QCOMPARE(fillLateName("/o/{date}", ResultNames{}), QByteArray("/o/undated"));

        // The temporary goes into the folder known when planning; the date's folders are made at
        // commit, and never through a symbolic link that leads outside.
        QTemporaryDir dir, outside;
        const QString root = QFileInfo(dir.path()).canonicalFilePath();
        OutputPlanner planner(preset("{date:%Y/%m}/{name}.{ext}"), dir.path(), "tag");
        const PlannedOutput out = planner.plan({"/in/a.png", {}, {}}, 1, 1, {});
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error.english()));
        QCOMPARE(out.tempPath.left(out.tempPath.lastIndexOf('/')), b(root));
        QFile t(QFile::decodeName(out.tempPath));
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write(kPhoto);
        t.close();
        WriteResult r = commitTemporary(out.tempPath, out.pattern, &n, out.overwrite, {});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.finalPath, b(root + "/2023/12/a.jpg"));
        QVERIFY(QFile::exists(root + "/2023/12/a.jpg"));

        QVERIFY(QFile::link(outside.path(), root + "/2022"));
        n.taken = n.taken.addYears(-1);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write(kPhoto);
        t.close();
        r = commitTemporary(out.tempPath, out.pattern, &n, out.overwrite, {});
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains("outside"), qPrintable(r.error));
        QVERIFY(QDir(outside.path()).isEmpty());
        QVERIFY(!QFile::exists(t.fileName())); // the temporary is gone
    }

    // A camera or lens from a hostile file is one visible name in a path: ".." and the like say
    // nothing and are "unknown" (as a photo that does not say), never "_" nor a hidden name;
    // separators and what does not print become "_", leading dots go, and a long value is cut
    // between characters to 60 of them and 120 bytes.
    void photoValuesAreOneVisibleName_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("name");
        QTest::newRow("..") << ".." << QByteArray("unknown");
        QTest::newRow(".") << "." << QByteArray("unknown");
        QTest::newRow("...") << "..." << QByteArray("unknown");
        QTest::newRow("empty") << "" << QByteArray("unknown");
        QTest::newRow("spaces") << " \t  " << QByteArray("unknown");
        QTest::newRow("slash") << "/" << QByteArray("unknown");
        QTest::newRow("dots and slashes") << "../.." << QByteArray("unknown");
        QTest::newRow("NUL") << QString(QChar(0)) << QByteArray("unknown");
        QTest::newRow("NUL inside") << QString("EOS") + QChar(0) + "R5" << QByteArray("EOS_R5");
        QTest::newRow("a slash inside") << "AC/DC 5" << QByteArray("AC_DC 5");
        QTest::newRow("backslash") << "C:\\x" << QByteArray("C:_x");
        QTest::newRow("hidden") << ".hidden" << QByteArray("hidden");
        QTest::newRow("dots, then a name") << ". . .Canon" << QByteArray("Canon");
        QTest::newRow("a trailing dot stays") << "OLYMPUS IMAGING CORP." << QByteArray("OLYMPUS IMAGING CORP.");
        QTest::newRow("escape sequence") << "\x1b[31mred" << QByteArray("_[31mred");
        QTest::newRow("right-to-left override") << QString::fromUtf8("gpj.\u202Eexe") << QByteArray("gpj._exe");
        QTest::newRow("long") << QString(100, 'a') << QByteArray(60, 'a');
        QTest::newRow("long in 3 bytes") << QString(100, QChar(0x6F22)) << QString(40, QChar(0x6F22)).toUtf8();
        QTest::newRow("long in 4 bytes") << QString::fromUcs4(std::u32string(50, U'\U0001F4F7').c_str())
                                         << QString::fromUcs4(std::u32string(30, U'\U0001F4F7').c_str()).toUtf8();
    }
    void photoValuesAreOneVisibleName()
    {
        QFETCH(QString, value);
        QFETCH(QByteArray, name);
        ResultNames n;
        n.camera = n.lens = value;
        const QByteArray filled = fillLateName("{camera}/{lens}", n);
        QCOMPARE(filled, name + '/' + name);
        QCOMPARE(QString::fromUtf8(name).toUtf8(), name); // whole characters
        QVERIFY(!name.startsWith('.') && !name.contains('/') && !name.contains('\0'));
    }

    // A camera of ".." in a folder name: the output goes to "unknown/" inside the output folder,
    // where it went to "_/".
    void aCameraOfDotsNamesNoFolderOfItsOwn()
    {
        QTemporaryDir dir;
        const QString root = QFileInfo(dir.path()).canonicalFilePath();
        OutputPlanner planner(preset("{camera}/{lens}/{name}.{ext}"), dir.path(), "tag");
        const PlannedOutput out = planner.plan({"/in/a.png", {}, {}}, 1, 1, {});
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error.english()));
        QFile t(QFile::decodeName(out.tempPath));
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write(kPhoto);
        t.close();
        ResultNames n;
        n.camera = QStringLiteral("..");
        n.lens = QStringLiteral("../..");
        const WriteResult r = commitTemporary(out.tempPath, out.pattern, &n, out.overwrite, {});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.finalPath, b(root + "/unknown/unknown/a.jpg"));
        QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{"unknown"});
    }

    // The date is looked up only for a name that asks for it (a parse on the window's thread per
    // image); one output of several that asks is enough, and an undated photo still takes its
    // file's time (JobSpec::sourceTimes).
    void theDateIsLookedUpWhenANameAsksForIt()
    {
        QTemporaryDir dir;
        const QByteArray root = b(QFileInfo(dir.path()).canonicalFilePath());
        const QByteArray source = root + "/photo.png";
        QFile src(QFile::decodeName(source));
        QVERIFY(src.open(QIODevice::WriteOnly));
        src.close();
        const QDateTime mtime(QDate(2019, 3, 4), QTime(5, 6, 7));
        QVERIFY(src.open(QIODevice::ReadWrite) && src.setFileTime(mtime, QFileDevice::FileModificationTime));
        src.close();
        const auto temporary = [&](const QByteArray &name) {
            QFile t(QFile::decodeName(root + "/" + name));
            return t.open(QIODevice::WriteOnly) && t.write(kPhoto) == kPhoto.size() ? t.fileName().toUtf8()
                                                                                    : QByteArray();
        };
        JobSpec spec;
        spec.inputPath = source;
        struct stat st;
        QVERIFY(::stat(source.constData(), &st) == 0);
        spec.sourceTimes = FileTimes{st.st_atim, st.st_mtim}; // as the runner took them from the file it handed
        spec.outputPattern = root + "/plain.jpg";
        spec.tempPath = temporary(".plain.part");
        JobOutputSpec dated;
        dated.name = QStringLiteral("archive");
        dated.outputPattern = root + "/{date:%Y}/{name}.jpg";
        dated.outputPattern.replace("{name}", "photo");
        dated.late = true;
        dated.tempPath = temporary(".dated.part");
        spec.moreOutputs = {dated};
        proto::Finished f;
        f.width = f.height = 10;
        f.moreOutputs.resize(1);
        f.moreOutputs[0].width = f.moreOutputs[0].height = 5;
        const WriteResult r = spec.commitOutputs(&f); // no EXIF date: the file's
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(f.outputPath, root + "/plain.jpg");
        QCOMPARE(f.moreOutputs[0].outputPath, root + "/2019/photo.jpg");
        QVERIFY(QFile::exists(QFile::decodeName(root + "/2019/photo.jpg")));

        f.facts.taken = QStringLiteral("2021-08-09 10:11:12"); // the photo's own date wins
        spec.tempPath = temporary(".plain2.part");
        spec.moreOutputs[0].tempPath = temporary(".dated2.part");
        QVERIFY(spec.commitOutputs(&f).ok);
        QCOMPARE(f.moreOutputs[0].outputPath, root + "/2021/photo.jpg");

        QVERIFY(!needsDate("/o/{width}x{height}-{camera}.jpg"));
        QVERIFY(needsDate("/o/{date}.jpg"));
        QVERIFY(needsDate("/o/{date:%Y}/a.jpg"));
    }

    void keepsSubFolderStructure()
    {
        QTemporaryDir dir;
        OutputPlanner planner(preset("{name}.{ext}"), dir.path(), "tag");
        const PlannedOutput out = planner.plan({"/in/2024/may/a.png", "2024/may", {}}, 1, 1, {});
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error.english()));
        QVERIFY(out.pattern.endsWith("/2024/may/a.jpg"));
        QVERIFY(QFileInfo(dir.filePath("2024/may")).isDir()); // created before dispatch
    }

    // An output folder removed while the batch runs is not made again for a sub-folder planned
    // later: the image fails naming the folder (before, mkpath made the folder and the sub-folder).
    void aRemovedOutputFolderIsNotMadeAgain()
    {
        QTemporaryDir dir;
        const QString root = QFileInfo(dir.path()).canonicalFilePath() + "/out";
        OutputPlanner planner(preset("{name}.{ext}"), root, "tag");
        QVERIFY(planner.plan({"/in/2024/may/a.png", "2024/may", {}}, 1, 1, {}).error.isEmpty());
        QVERIFY(QDir(root).removeRecursively());
        const PlannedOutput out = planner.plan({"/in/2024/june/b.png", "2024/june", {}}, 2, 2, {});
        QCOMPARE(out.error.id, MessageId::OutputFolderGone);
        QCOMPARE(
            out.error.english(),
            QString("output folder %1 is gone (removed or moved during the batch); it is not made again").arg(root));
        QVERIFY(!QFileInfo::exists(root));
    }

    // A name longer than the file system allows (255 bytes) is shortened when it is planned, at a
    // character's boundary, keeping its extension; two that become one are numbered apart, and
    // the numbered one fits too. Before, the plan refused it ("file name too long").
    void longNamesAreShortenedToFit()
    {
        QTemporaryDir dir;
        const QString root = QFileInfo(dir.path()).canonicalFilePath();
        OutputPlanner planner(preset("copy of x {name}.{ext}"), root, "tag");
        const QString stem = QString(83, QChar(0x5199)); // 249 bytes of UTF-8
        const PlannedOutput a = planner.plan({b("/in/" + stem + "A.png"), {}, {}}, 1, 1, {});
        const PlannedOutput c = planner.plan({b("/in/" + stem + "B.png"), {}, {}}, 2, 2, {});
        QVERIFY(a.error.isEmpty() && c.error.isEmpty());
        QVERIFY(a.shortened && c.shortened);
        const QByteArray nameA = a.pattern.mid(a.pattern.lastIndexOf('/') + 1);
        const QByteArray nameC = c.pattern.mid(c.pattern.lastIndexOf('/') + 1);
        // "copy of x " and 80 characters is 250 bytes; the 81st would end past 251, where ".jpg" must fit.
        QCOMPARE(nameA, b("copy of x " + QString(80, QChar(0x5199)) + ".jpg"));
        QCOMPARE(nameC, b("copy of x " + QString(79, QChar(0x5199)) + " (2).jpg"));
        QVERIFY(nameC.size() <= NAME_MAX);
        // A name that fits is left as it is; a folder of the template is shortened too.
        OutputPlanner folders(preset("{name}{name}/{name}.{ext}"), root, "tag2");
        const PlannedOutput f = folders.plan({b("/in/" + QString(50, QChar(0x5199)) + ".png"), {}, {}}, 1, 3, {});
        QVERIFY(f.error.isEmpty() && f.shortened);
        const QList<QByteArray> parts = f.pattern.mid(root.size() + 1).split('/');
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0], b(QString(85, QChar(0x5199)))); // 300 bytes to 255
        QCOMPARE(parts[1], b(QString(50, QChar(0x5199)) + ".jpg"));
        const PlannedOutput plain = planner.plan({"/in/short.png", {}, {}}, 3, 4, {});
        QVERIFY(!plain.shortened);
        QCOMPARE(plain.pattern, b(root + "/copy of x short.jpg"));
        // Text of the template after {name} stays: the source's name gives up its end, not "- web"
        // (which went before, "{name} - web" and "{name} - print" both becoming the name alone).
        OutputPlanner suffixed(preset("{name} - web {index:3}.{ext}"), root, "tag3");
        const PlannedOutput w = suffixed.plan({b("/in/" + stem + "A.png"), {}, {}}, 7, 5, {});
        QVERIFY(w.error.isEmpty() && w.shortened);
        const QByteArray nameW = w.pattern.mid(w.pattern.lastIndexOf('/') + 1);
        // " - web 007.jpg" is 14 bytes: 241 for the name, 80 whole characters (240 bytes).
        QCOMPARE(nameW, b(QString(80, QChar(0x5199)) + " - web 007.jpg"));
        // Twice in the name: each use gives up the same.
        OutputPlanner twice(preset("{name}-{name}.{ext}"), root, "tag4");
        const PlannedOutput t = twice.plan({b("/in/" + stem + "A.png"), {}, {}}, 1, 6, {});
        const QByteArray nameT = t.pattern.mid(t.pattern.lastIndexOf('/') + 1);
        QCOMPARE(nameT, b(QString(41, QChar(0x5199)) + "-" + QString(41, QChar(0x5199)) + ".jpg"));
        QVERIFY(nameT.size() <= NAME_MAX);
    }

    // A name filled once the image is made ({camera}) is shortened when it is committed.
    void aNameFilledAtCommitIsShortenedToFit()
    {
        QTemporaryDir dir;
        const QByteArray pattern = b(dir.path() + "/" + QString(83, QChar(0x5199))) + " {camera}.jpg";
        QFile t(dir.filePath(".t.part"));
        QVERIFY(t.open(QIODevice::WriteOnly) && t.write(kPhoto) == kPhoto.size());
        t.close();
        ResultNames n;
        n.camera = QString(40, QChar(0x5199)); // 120 bytes
        const WriteResult r = commitTemporary(b(dir.filePath(".t.part")), pattern, &n, Overwrite::Rename, {});
        QVERIFY2(r.ok, qPrintable(r.error));
        const QByteArray name = r.finalPath.mid(r.finalPath.lastIndexOf('/') + 1);
        // 249 bytes, the space (a 251st byte would be inside the camera's first character), no space at the end.
        QCOMPARE(name, b(QString(83, QChar(0x5199)) + ".jpg"));
        QVERIFY(name.size() <= NAME_MAX && name.endsWith(".jpg"));
        QVERIFY(QString::fromUtf8(name).toUtf8() == name &&
                !QString::fromUtf8(name).contains(QChar::ReplacementCharacter));
        QVERIFY(QFileInfo::exists(QFile::decodeName(r.finalPath)));
    }

    // A complete temporary at `out`'s, committed with the result's size and `n`'s other values.
    static WriteResult commitPlanned(const PlannedOutput &out, ResultNames n)
    {
        QFile t(QFile::decodeName(out.tempPath));
        if (!t.open(QIODevice::WriteOnly) || t.write(kPhoto) != kPhoto.size())
            return {};
        t.close();
        return commitTemporary(out.tempPath, out.pattern, out.late ? &n : nullptr, out.overwrite, {});
    }

    // A name filled at commit that is too long gives up the source's name first, as a literal one
    // does: "{name} - web {width}x{height}.{ext}" of a 300-byte name keeps " - web 30x20.jpg".
    // Before, its end went, the template's text and the size with it.
    void aNameFilledAtCommitGivesUpTheSourcesNameFirst()
    {
        QTemporaryDir dir;
        OutputPlanner planner(preset("{name} - web {width}x{height}.{ext}"), dir.path(), "tag");
        const QString name(100, QChar(0x5199)); // 300 bytes
        const PlannedOutput out = planner.plan({b("/in/" + name + ".png"), {}, {}}, 1, 1, {});
        QVERIFY2(out.error.isEmpty() && out.late, qPrintable(out.error.english()));
        QVERIFY(!out.shortened); // said when it is filled
        QCOMPARE(QFileInfo(QFile::decodeName(out.shown())).fileName(), name + " - web {width}x{height}.jpg");
        ResultNames n;
        n.width = 30;
        n.height = 20;
        const WriteResult r = commitPlanned(out, n);
        QVERIFY2(r.ok, qPrintable(r.error));
        const QByteArray file = r.finalPath.mid(r.finalPath.lastIndexOf('/') + 1);
        // 255 - 16 bytes of " - web 30x20.jpg" leave 239: 79 whole characters of 3 bytes.
        QCOMPARE(file, b(QString(79, QChar(0x5199)) + " - web 30x20.jpg"));
        bool shortened = false;
        QCOMPARE(fillLateName(out.pattern, n, &shortened), r.finalPath); // as the batch says it (namedAtCommit)
        QVERIFY(shortened);
    }

    // Which braces are placeholders is the template's to say: a source named "{width}x{height}
    // {date}.png", in a kept sub-folder "{camera}", into an output folder "{iso}", keeps its
    // names; only the template's own placeholders are filled. Before, a source's name was filled
    // as if the template had said it ("64x48 undated.jpg"), with a literal template too.
    void onlyTheTemplatesPlaceholdersAreFilled()
    {
        QTemporaryDir dir;
        const QString rootText = dir.path() + "/{iso}";
        QVERIFY(QDir().mkpath(rootText));
        const QByteArray root = b(QFileInfo(rootText).canonicalFilePath());
        const InputItem item{"/in/{camera}/{width}x{height} {date}.png", "{camera}", {}};
        ResultNames n;
        n.width = 30;
        n.height = 20;
        n.iso = 400;
        n.camera = QStringLiteral("Canon");

        OutputPlanner literal(preset("{name}.{ext}"), rootText, "tag");
        const PlannedOutput a = literal.plan(item, 1, 1, {});
        QVERIFY2(a.error.isEmpty() && !a.late, qPrintable(a.error.english()));
        QCOMPARE(a.pattern, root + "/{camera}/{width}x{height} {date}.jpg");
        WriteResult r = commitPlanned(a, n);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.finalPath, a.pattern);

        OutputPlanner late(preset("{name} {width}.{ext}"), rootText, "tag2");
        const PlannedOutput c = late.plan(item, 1, 2, {});
        QVERIFY2(c.error.isEmpty() && c.late, qPrintable(c.error.english()));
        QCOMPARE(c.shown(), root + "/{camera}/{width}x{height} {date} {width}.jpg");
        QCOMPARE(c.tempPath.left(c.tempPath.lastIndexOf('/')), root + "/{camera}");
        QVERIFY(!needsDate(c.pattern) && !needsPhotoFacts(c.pattern)); // the source's {date} is no question
        r = commitPlanned(c, n);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.finalPath, root + "/{camera}/{width}x{height} {date} 30.jpg");
        QCOMPARE(OutputPlanner::example("{name} {iso}.{ext}", "web", "{iso} {x}.png", OutputFormat::Jpeg),
                 QStringLiteral("{iso} {x} 400.jpg"));
    }

    // Numbered when planned (a shard, a folder without extended attributes), a late pattern keeps
    // its placeholders whole: numberedVariant shortened it as a name, by its escaped bytes, and could
    // cut "{height}" in two ("… 1600x{he (2).jpg"). The commit fits the filled name, the source's
    // name first.
    void aLatePatternNumberedWhenPlannedKeepsItsPlaceholders()
    {
        QTemporaryDir dir;
        OutputPlanner planner(preset("{name} {width}x{height}.{ext}"), dir.path(), "tag");
        planner.setKeepsOrigins(false);
        const QString name(80, QChar(0x5199)); // 240 bytes
        const PlannedOutput a = planner.plan({b("/in/a/" + name + ".png"), {}, {}}, 1, 1, {});
        const PlannedOutput c = planner.plan({b("/in/b/" + name + ".png"), {}, {}}, 2, 2, {});
        QVERIFY2(a.error.isEmpty() && c.error.isEmpty() && c.late, qPrintable(c.error.english()));
        QVERIFY2(c.shown().endsWith(b(name) + " {width}x{height} (2).jpg"), c.shown().constData());
        ResultNames n;
        n.width = 1600;
        n.height = 1000;
        const QByteArray filled = fillLateName(c.pattern, n);
        const QByteArray file = filled.mid(filled.lastIndexOf('/') + 1);
        QVERIFY2(file.endsWith(" 1600x1000 (2).jpg") && file.size() <= NAME_MAX, file.constData());
    }

    // A long literal name numbered (its plain name taken) keeps the template's text, as the plain
    // name did: the number took the end of the name ("MMM…-w (2).jpg" of "{name}-web.{ext}"), the
    // template's text with it, and nothing said the name was shortened.
    void aLongNameNumberedKeepsTheTemplatesText()
    {
        QTemporaryDir dir;
        OutputPlanner planner(preset("{name}-web.{ext}"), dir.path(), "tag");
        const QString name(250, QChar('M'));
        const PlannedOutput a = planner.plan({b("/in/a/" + name + ".png"), {}, {}}, 1, 1, {});
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error.english()));
        const QByteArray plain = a.pattern.mid(a.pattern.lastIndexOf('/') + 1);
        QVERIFY2(plain.endsWith("MMM-web.jpg") && plain.size() == NAME_MAX, plain.constData());
        QVERIFY(a.shortened);
        const PlannedOutput c = planner.plan({b("/in/b/" + name + ".png"), {}, {}}, 2, 2, {});
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error.english()));
        const QByteArray numbered = c.pattern.mid(c.pattern.lastIndexOf('/') + 1);
        QVERIFY2(numbered.endsWith("MMM-web (2).jpg") && numbered.size() == NAME_MAX, numbered.constData());
        QVERIFY(c.shortened);
        // A short name's number shortens nothing.
        planner.plan({"/in/a/short.png", {}, {}}, 3, 3, {});
        const PlannedOutput d = planner.plan({"/in/b/short.png", {}, {}}, 4, 4, {});
        QVERIFY(d.pattern.endsWith("/short-web (2).jpg") && !d.shortened);
    }

    // A late pattern numbered when planned takes its number before the extension its template
    // writes: the last dot of the pattern was taken, which may be a date's ("{date:%d (2).%m}",
    // filled "05 (2).12") or the source name's.
    void aLatePatternIsNumberedBeforeItsTemplatesExtension_data()
    {
        QTest::addColumn<QString>("nameTemplate");
        QTest::addColumn<QString>("shown");  // the second output's name as planned
        QTest::addColumn<QString>("filled"); // … and as written
        QTest::newRow("a date with a dot, no extension") << "{date:%d.%m}"
                                                         << "{date:%d.%m} (2)"
                                                         << "05.12 (2)";
        QTest::newRow("a date with a dot and a slash") << "{date:%Y/%m.%d}.{ext}"
                                                       << "{date:%Y/%m.%d} (2).jpg"
                                                       << "2026/12.05 (2).jpg";
        QTest::newRow("the source's name with dots") << "{name} {width}"
                                                     << "my.photo {width} (2)"
                                                     << "my.photo 64 (2)";
        QTest::newRow("an extension") << "{width}.{ext}"
                                      << "{width} (2).jpg"
                                      << "64 (2).jpg";
    }
    void aLatePatternIsNumberedBeforeItsTemplatesExtension()
    {
        QFETCH(QString, nameTemplate);
        QFETCH(QString, shown);
        QFETCH(QString, filled);
        QTemporaryDir dir;
        OutputPlanner planner(preset(nameTemplate), dir.path(), "tag");
        planner.setKeepsOrigins(false);
        const PlannedOutput a = planner.plan({"/in/a/my.photo.png", {}, {}}, 1, 1, {});
        const PlannedOutput c = planner.plan({"/in/b/my.photo.png", {}, {}}, 2, 2, {});
        QVERIFY2(a.error.isEmpty() && c.error.isEmpty() && c.late, qPrintable(c.error.english()));
        const QByteArray root = QFile::encodeName(dir.path()) + '/';
        QCOMPARE(c.shown(), root + b(shown));
        ResultNames n;
        n.width = 64;
        n.height = 48;
        n.taken = QDateTime(QDate(2026, 12, 5), QTime(10, 30));
        QCOMPARE(fillLateName(c.pattern, n), root + b(filled));
    }

    // The window's batches share their taken names; one into a memory card folds their case from
    // then on, the names taken before too (they stayed as written, and "A.jpg" then missed "a.jpg").
    void takenNamesFoldedLaterFoldWhatWasTaken()
    {
        TakenNames taken;
        taken.take("/card/A.jpg");
        QVERIFY(!taken.contains("/card/a.jpg"));
        taken.setFoldsCase(true);
        QVERIFY(taken.contains("/card/a.jpg") && taken.contains("/card/A.jpg"));
        taken.setFoldsCase(false); // a later batch elsewhere: it stays on
        QVERIFY(taken.contains("/card/a.JPG"));
    }

    // On a memory card the values filled at commit are written as the rest of the name is: a date
    // "%H:%M" and a camera "Canon: EOS?" with '_' (before, the planner had written the
    // placeholder "{date:%H:%M}" itself with '_', and the name kept "{date_%H_%M}").
    void valuesFilledAtCommitTakeWindowsNames()
    {
        ResultNames n;
        n.taken = QDateTime(QDate(2024, 5, 6), QTime(10, 30, 0));
        n.camera = QStringLiteral("Canon: EOS?");
        const QByteArray pattern = "/card/" + lateSourceName("a") + " {date:%H:%M} {camera}.jpg";
        QCOMPARE(fillLateName(pattern, n), QByteArray("/card/a 10:30 Canon: EOS?.jpg"));
        n.windowsNames = true;
        QByteArray replaced;
        QCOMPARE(fillLateName(pattern, n, nullptr, &replaced), QByteArray("/card/a 10_30 Canon_ EOS_.jpg"));
        QCOMPARE(replaced, QByteArray(":?"));
        QCOMPARE(shownPattern(pattern), QByteArray("/card/a {date:%H:%M} {camera}.jpg"));
    }

    // A whole path longer than the system allows fails when it is planned, naming the limit.
    void aPathBeyondPathMaxFailsWhenPlanned()
    {
        QTemporaryDir dir;
        QString root = QFileInfo(dir.path()).canonicalFilePath();
        for (int i = 0; root.toUtf8().size() < 3900; ++i)
            root += "/" + QString(200, QChar('d'));
        OutputPlanner planner(preset("{name}.{ext}"), root, "tag", OutputPlanner::Mode::LookOnly);
        const PlannedOutput out = planner.plan({"/in/" + QByteArray(200, 'n') + ".png", {}, {}}, 1, 1, {});
        QCOMPARE(out.error.id, MessageId::OutputPathTooLong);
        QVERIFY2(out.error.english().contains("PATH_MAX of 4096 bytes") && out.error.english().contains("3968 bytes"),
                 qPrintable(out.error.english()));
    }

    // A job's temporary written (as a worker does), then its folder taken away before the commit:
    // the commit fails, and the temporary is gone from wherever the folder is now.
    static JobSpec writtenJob(const QByteArray &dir, proto::Finished *result)
    {
        JobSpec spec;
        spec.id = 1;
        spec.inputPath = "/nonexistent/a.jpg";
        spec.outputPattern = dir + "/a.jpg";
        spec.tempPath = dir + "/.a.jpg.pixelpool-1-ab-1.part";
        spec.holdTemporaryFolders(); // as the runner does before a worker may make the file
        QFile t(QFile::decodeName(spec.tempPath));
        if (t.open(QIODevice::WriteOnly))
            t.write(kPhoto);
        result->jobId = 1;
        result->outcome = proto::Outcome::Written;
        result->outputPath = spec.tempPath;
        result->width = result->height = 8;
        return spec;
    }

    void aTemporaryIsRemovedFromAFolderMovedAway()
    {
        QTemporaryDir tmp;
        const QByteArray dir = b(tmp.path()) + "/out", moved = b(tmp.path()) + "/out-moved";
        QVERIFY(QDir().mkpath(QFile::decodeName(dir)));
        proto::Finished result;
        const JobSpec spec = writtenJob(dir, &result);
        QVERIFY(::rename(dir.constData(), moved.constData()) == 0);
        QVERIFY(!spec.commitOutputs(&result).ok);
        QCOMPARE(QDir(QFile::decodeName(moved)).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
        QVERIFY(!QFileInfo::exists(QFile::decodeName(dir)));
        // The same for a job that failed (a worker lost mid-write): the runner removes it.
        const QByteArray again = b(tmp.path()) + "/again", away = b(tmp.path()) + "/again-moved";
        QVERIFY(QDir().mkpath(QFile::decodeName(again)));
        const JobSpec lost = writtenJob(again, &result);
        QVERIFY(::rename(again.constData(), away.constData()) == 0);
        lost.removeTemporaries();
        QCOMPARE(QDir(QFile::decodeName(away)).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
    }

    // Made read-only by its owner between the write and the commit: the commit cannot rename,
    // and the temporary still goes; the folder keeps the mode it was given. Permissions do not
    // stop root, so as root the job runs as nobody in a child process.
    void aTemporaryIsRemovedFromAFolderMadeReadOnly()
    {
        QTemporaryDir tmp;
        QVERIFY(::chmod(QFile::encodeName(tmp.path()).constData(), 0755) == 0);
        const QByteArray dir = b(tmp.path()) + "/out";
        QVERIFY(QDir().mkpath(QFile::decodeName(dir)));
        const bool root = ::geteuid() == 0;
        if (root)
            QVERIFY(::chown(dir.constData(), 65534, 65534) == 0);
        const auto run = [&]() -> int {
            proto::Finished result;
            const JobSpec spec = writtenJob(dir, &result);
            if (!QFileInfo::exists(QFile::decodeName(spec.tempPath)))
                return 2;
            if (::chmod(dir.constData(), 0555) != 0)
                return 3;
            const WriteResult c = spec.commitOutputs(&result);
            struct stat st;
            if (c.ok || !c.error.contains("permission denied") || ::stat(dir.constData(), &st) != 0)
                return 4;
            if ((st.st_mode & 07777) != 0555)
                return 5;
            return QDir(QFile::decodeName(dir)).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot) ? 0 : 6;
        };
        if (!root) {
            QCOMPARE(run(), 0);
            return;
        }
        const pid_t child = ::fork();
        if (child == 0) {
            const bool dropped = ::setgroups(0, nullptr) == 0 && ::setgid(65534) == 0 && ::setuid(65534) == 0;
            ::_exit(dropped ? run() : 7);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
    }

    // `format: keep` writes what the source is, so the output's extension follows the content
    // when the name says otherwise (a PNG named shot.jpg is written as shot.png).
    void keepNamesTheFormatTheContentIs_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("output");
        const QByteArray jpeg("\xFF\xD8\xFF\xE0", 4), png("\x89PNG\r\n\x1A\n", 8), tiff("II*\0", 4);
        const auto ftyp = [](const char *major, const char *compatible) {
            return QByteArray("\0\0\0\x18"
                              "ftyp",
                              8) +
                   major + QByteArray("\0\0\0\0", 4) + "mif1" + compatible;
        };
        QTest::newRow("png named jpg") << "shot.jpg" << png << "shot.png";
        QTest::newRow("animated png: a still png") << "spin.apng" << png << "spin.png";
        QTest::newRow("jpeg named jfi") << "old.jfi" << jpeg << "old.jfi";
        // A stereo camera's pair (MPF): its first picture, a JPEG, under a JPEG's name.
        QTest::newRow("jpeg named mpo") << "pair.MPO" << jpeg << "pair.jpg";
        QTest::newRow("jpeg named png") << "photo.png" << jpeg << "photo.jpg";
        QTest::newRow("jpeg named JPEG") << "a.JPEG" << jpeg << "a.jpeg";
        QTest::newRow("bmp named gif") << "b.gif" << QByteArray("BM") << "b.bmp";
        QTest::newRow("gif named webp") << "g.webp" << QByteArray("GIF89a") << "g.png";
        QTest::newRow("webp named tif") << "w.tif" << QByteArray("RIFF\0\0\0\0WEBPVP8 ", 16) << "w.webp";
        // A TIFF and a TIFF-based RAW share their first bytes: a RAW's name gives a JPEG, any other
        // a TIFF (the worker writes what the name says, whichever it reads the file as).
        QTest::newRow("tiff-shaped named TIFF") << "t.TIFF" << tiff << "t.tiff";
        QTest::newRow("tiff-shaped named jpg") << "scan.jpg" << tiff << "scan.tif";
        QTest::newRow("tiff-shaped named png") << "raw.png" << tiff << "raw.tif";
        QTest::newRow("tiff-shaped without extension") << "scan" << tiff << "scan.tif";
        QTest::newRow("tiff-shaped camera raw") << "r.NEF" << tiff << "r.jpg";
        QTest::newRow("tiff-shaped camera raw, big-endian") << "r.dng" << QByteArray("MM\0*", 4) << "r.jpg";
        QTest::newRow("rw2: a camera raw by its signature") << "p.tif" << QByteArray("IIU\0", 4) << "p.jpg";
        QTest::newRow("jxl named png") << "x.png" << QByteArray("\xFF\x0A", 2) << "x.jxl";
        QTest::newRow("avif named heic") << "h.heic" << ftyp("mif1", "avif") << "h.avif";
        QTest::newRow("heic named avif") << "h.avif" << ftyp("heic", "heic") << "h.jpg";
        QTest::newRow("avif named jpg") << "h.jpg" << ftyp("avif", "miaf") << "h.avif";
        QByteArray brands = QByteArray("\0\0\0\x50"
                                       "ftypmif1",
                                       12) +
                            QByteArray(4, '\0'); // 16 brands, avif last
        for (int i = 0; i < 15; ++i)
            brands += "miaf";
        QTest::newRow("avif brand past 64 bytes") << "l.avif" << brands + "avif"
                                                  << "l.avif";
        QTest::newRow("not an image") << "n.bmp" << QByteArray("hello") << "n.bmp";
        QTest::newRow("empty") << "e.webp" << QByteArray() << "e.webp";
    }
    void keepNamesTheFormatTheContentIs()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, head);
        QFETCH(QString, output);
        QTemporaryDir in, out;
        QFile f(in.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(head + QByteArray(100, '\0'));
        f.close();
        Preset p = preset("{name}.{ext}");
        p.output.format = OutputFormat::Keep;
        OutputPlanner planner(p, out.path(), "tag");
        const PlannedOutput planned = planner.plan({b(f.fileName()), {}, {}}, 1, 1, {});
        QCOMPARE(QFileInfo(QFile::decodeName(planned.pattern)).fileName(), output);
        // The worker writes the format the extension names (proto::Job::keptFormat).
        const QString ext = QFileInfo(output).suffix();
        const std::optional<OutputFormat> named = formatFromName(ext == "jpeg" || ext == "jfi" ? "jpg"
                                                                 : ext == "tiff"               ? "tif"
                                                                                               : ext);
        QCOMPARE(planned.keptFormat, named.value_or(OutputFormat::Keep));
        // An image without a file (pasted) by its bytes.
        InputItem pasted{b(name), {}, {}, head + QByteArray(100, '\0')};
        OutputPlanner again(p, out.path(), "tag");
        if (!head.isEmpty())
            QCOMPARE(QFileInfo(QFile::decodeName(again.plan(pasted, 1, 1, {}).pattern)).fileName(), output);
    }

    void keepWithLosslessRefusesWhatItKeepsAsJpeg_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("keptAs"); // empty: written (its format has a lossless mode)
        const QByteArray jpeg("\xFF\xD8\xFF\xE0", 4), tiff("II*\0", 4);
        const auto ftyp = [](const char *major) {
            return QByteArray("\0\0\0\x14"
                              "ftyp",
                              8) +
                   major + QByteArray("\0\0\0\0", 4) + "mif1";
        };
        // `format: keep` writes these as JPEG, which has no lossless mode: asked for lossless, a lossy
        // file was written without a word.
        QTest::newRow("jpeg") << "a.jpg" << jpeg << "jpeg";
        QTest::newRow("heic") << "h.heic" << ftyp("heic") << "jpeg";
        QTest::newRow("camera raw") << "r.NEF" << tiff << "jpeg";
        // These keep a format that writes every pixel, by nature or in its lossless mode.
        QTest::newRow("png") << "p.png" << QByteArray("\x89PNG\r\n\x1A\n", 8) << QString();
        QTest::newRow("gif, as png") << "g.gif" << QByteArray("GIF89a") << QString();
        QTest::newRow("webp") << "w.webp" << QByteArray("RIFF\0\0\0\0WEBPVP8 ", 16) << QString();
        QTest::newRow("tiff") << "t.tif" << tiff << QString();
        QTest::newRow("bmp") << "b.bmp" << QByteArray("BM") << QString();
        QTest::newRow("jxl") << "x.jxl" << QByteArray("\xFF\x0A", 2) << QString();
        QTest::newRow("avif") << "v.avif" << ftyp("avif") << QString();
    }
    void keepWithLosslessRefusesWhatItKeepsAsJpeg()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, head);
        QFETCH(QString, keptAs);
        QTemporaryDir in, out;
        QFile f(in.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(head + QByteArray(100, '\0'));
        f.close();
        Preset p = preset("sub/{name}.{ext}");
        p.output.format = OutputFormat::Keep;
        p.output.lossless = true;
        OutputPlanner planner(p, out.path(), "tag");
        const PlannedOutput planned = planner.plan({b(f.fileName()), {}, {}}, 1, 1, {});
        if (keptAs.isEmpty()) {
            QVERIFY2(planned.error.isEmpty(), qPrintable(planned.error.english()));
            return;
        }
        QCOMPARE(planned.error.english(),
                 "lossless output asked for, but format: keep (same as the input) writes this image as " + keptAs +
                     ", which has no lossless mode: choose an output format that has one (png, webp, tiff, bmp, "
                     "jxl, avif), or turn lossless off");
        QCOMPARE(planned.code, proto::FailureCode::Unsupported);
        QVERIFY(!QFileInfo::exists(out.filePath("sub"))); // no folder made for it
        // Without lossless it is written as before, lossy in the format it keeps.
        p.output.lossless = false;
        OutputPlanner lossy(p, out.path(), "tag");
        QVERIFY(lossy.plan({b(f.fileName()), {}, {}}, 1, 1, {}).error.isEmpty());
        // With outputs, only the one that asks for it.
        Preset two = p;
        two.outputs = {{"lossless", {}, p.output, {}}, {"lossy", {}, p.output, {}}};
        two.outputs[0].output.lossless = true;
        two.outputs[0].output.nameTemplate = "l/{name}.{ext}";
        OutputPlanner both(two, out.path(), "tag");
        QCOMPARE(both.plan({b(f.fileName()), {}, {}}, 1, 1, {}, 0).error.id, MessageId::LosslessKeptFormat);
        QVERIFY(both.plan({b(f.fileName()), {}, {}}, 1, 1, {}, 1).error.isEmpty());
    }

    // What a resumed skip batch takes for done: every format with a size or an end to check
    // is checked, so that a file cut short by a power loss is made again.
    void cutShortOutputsAreToldInEachFormat_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<int>("cut"); // bytes of it a power loss left
        QTest::addColumn<bool>("complete");
        const auto box = [](const char *type, int size) {
            QByteArray b(4, '\0');
            qToBigEndian<quint32>(quint32(size), b.data());
            return b + type + QByteArray(size - 8, 'x');
        };
        QByteArray bmp = "BM" + QByteArray(198, '\0');
        qToLittleEndian<quint32>(200, bmp.data() + 2);
        const QByteArray avif = box("ftyp", 24) + box("meta", 100) + box("mdat", 400);
        const QByteArray jxl = QByteArray("\0\0\0\x0cJXL \r\n\x87\n", 12) + box("ftyp", 20) + box("jxlc", 300);
        QByteArray wideMdat =
            box("ftyp", 24) + QByteArray("\0\0\0\x01mdat", 8) + QByteArray(8, '\0') + QByteArray(84, 'x');
        qToBigEndian<quint64>(100, wideMdat.data() + 32);
        for (const auto &[name, data] :
             {std::pair{"bmp", bmp}, {"avif", avif}, {"jxl container", jxl}, {"64-bit box", wideMdat}}) {
            QTest::addRow("%s whole", name) << data << int(data.size()) << true;
            QTest::addRow("%s cut", name) << data << int(data.size() * 2 / 3) << false;
        }
        const QByteArray lastToTheEnd = box("ftyp", 24) + QByteArray("\0\0\0\0mdat", 8) + QByteArray(50, 'x');
        // A PNG's last chunk, IEND, is 12 bytes: its length (0), its type and its CRC. PixelPool refuses
        // one without the whole CRC, so resume must redo it.
        const QByteArray png =
            QByteArray("\x89PNG\r\n\x1A\n", 8) + QByteArray(200, 'x') + QByteArray("\0\0\0\0IEND\xAE\x42\x60\x82", 12);
        QTest::addRow("png whole") << png << int(png.size()) << true;
        QTest::addRow("png without the CRC's last byte") << png << int(png.size()) - 1 << false;
        QTest::addRow("png without the CRC") << png << int(png.size()) - 4 << false;
        QTest::addRow("png cut in IDAT") << png << 100 << false;
        QTest::addRow("box to the end") << lastToTheEnd << int(lastToTheEnd.size()) << true;
        QTest::addRow("bare jxl: not judged") << QByteArray("\xFF\x0A", 2) + QByteArray(300, 'x') << 100 << true;
    }
    void cutShortOutputsAreToldInEachFormat()
    {
        QFETCH(QByteArray, file);
        QFETCH(int, cut);
        QFETCH(bool, complete);
        QTemporaryDir dir;
        QFile f(dir.filePath("out"));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(file.left(cut)) == cut);
        f.close();
        QCOMPARE(outputLooksComplete(b(f.fileName())), complete);
    }

    // A folder scan takes every name the decoders' formats go by: an animated PNG (read as its
    // default image), JPEG's rarer .jif and .jfi, a stereo camera's .mpo (its first picture; folders
    // of them were left out as "not an image file name"), BMP's .dib; not an image sequence (.heics,
    // .avifs: libheif reads a file's still items only), nor a text.
    void aFolderScanTakesEveryNameTheDecodersRead()
    {
        const QStringList images = {"a.apng", "b.JPE", "c.jfif", "d.jif", "e.jfi",
                                    "f.dib",  "g.tif", "h.hif",  "i.PNG", "j.MPO"};
        ScanResult scan;
        QCOMPARE(takenByScan(images + QStringList{"notes.txt", "clip.heics", "anim.avifs"}, &scan), images);
        QCOMPARE(scan.skipped.size(), 3);
        for (const SkippedInput &s : scan.skipped) {
            QCOMPARE(s.code, LeftOutCode::NotAnImage);
            // A sequence is said to be one, and how to read it (it was "not an image file name").
            const bool sequence = s.path.endsWith(".heics") || s.path.endsWith(".avifs");
            QCOMPARE(s.reason.english(), sequence
                                             ? QString("an image sequence (.avifs, .heics), not taken from folders: "
                                                       "named on its own, its still image is read")
                                             : QString("not an image file name"));
        }
        QVERIFY(imageNameFilter().contains("*.apng"));
    }

    // Every camera RAW name LibRaw 0.20 (Debian's, built without X3F) opens is scanned, in any
    // case; the worker reads each by content (a .crw, .mrw or .iiq fails saying what it is).
    void aFolderScanTakesEveryCameraRawName()
    {
        const QStringList raws = {"a.3FR", "a.arw", "a.cr2", "a.cr3", "a.crw", "a.dcr", "a.dng", "a.erf", "a.fff",
                                  "a.iiq", "a.k25", "a.kdc", "a.mef", "a.mos", "a.mrw", "a.nef", "a.nrw", "a.orf",
                                  "a.ori", "a.pef", "a.raf", "a.rw2", "a.rwl", "a.sr2", "a.srf", "a.srw"};
        ScanResult scan;
        QCOMPARE(takenByScan(raws + QStringList{"a.x3f", "a.xmp", "a.thm"}, &scan), raws);
        QCOMPARE(scan.skipped.size(), 3); // X3F: this LibRaw does not read Sigma's files; sidecars
        for (const QString &name : raws) {
            QVERIFY2(isCameraRawExtension(QFileInfo(name).suffix().toUtf8()), qPrintable(name));
            QVERIFY(imageNameFilter().contains("*." + QFileInfo(name).suffix().toLower()));
        }
    }

    // An input that leads to no file fails once, however often it is met: the same folder twice
    // (a link to nothing in it), the same name twice; and a link to nothing is called one.
    void unreadableInputsFailOnce()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("f"));
        QVERIFY(QFile::link(dir.filePath("f/nothing-there.jpg"), dir.filePath("f/dangling.jpg")));
        const QByteArray folder = b(dir.filePath("f")), dangling = b(dir.filePath("f/dangling.jpg"));
        const QByteArray missing = b(dir.filePath("missing.jpg"));
        // Different names that are not UTF-8, and a name through a link and "..", are other files.
        const QByteArray notUtf8a = b(dir.path()) + "/\xff.jpg", notUtf8b = b(dir.path()) + "/\xfe.jpg";
        QVERIFY(QDir(dir.path()).mkpath("far/deep"));
        QVERIFY(QFile::link(dir.filePath("far/deep"), dir.filePath("dl")));
        const QByteArray viaLink = b(dir.path()) + "/dl/../missing.jpg"; // far/missing.jpg
        const ScanResult other = scanInputs({notUtf8a, notUtf8b, missing, viaLink}, {});
        QCOMPARE(other.items.size(), 4);
        const ScanResult scan = scanInputs({folder, folder, dangling, missing, missing}, {});
        QCOMPARE(scan.items.size(), 2);
        QCOMPARE(scan.items[0].path, dangling);
        QCOMPARE(scan.items[0].problem.id, MessageId::BrokenLink);
        QCOMPARE(scan.items[1].path, missing);
        QVERIFY(!scan.items[1].problem.isEmpty());
        // Each named a second time: given twice (the folder not scanned again), not a scan's duplicate.
        QCOMPARE(scan.skipped.size(), 3);
        for (const SkippedInput &s : scan.skipped)
            QCOMPARE(s.code, LeftOutCode::GivenTwice);
        QCOMPARE(scan.skipped[0].path, folder);
        QCOMPARE(scan.skipped[1].path, dangling);
        QCOMPARE(scan.skipped[2].path, missing);
        // A link to nothing by another name (notes moved away, a folder deleted) was left out without
        // a word; it is said and left out now, as a file by that name is. A hidden one is not said.
        QVERIFY(QFile::link(dir.filePath("gone.txt"), dir.filePath("f/notes.txt")));
        QVERIFY(QFile::link(dir.filePath("gone"), dir.filePath("f/album")));
        QVERIFY(QFile::link(dir.filePath("gone"), dir.filePath("f/.hidden")));
        const ScanResult again = scanInputs({folder}, {});
        QCOMPARE(again.items.size(), 1);
        QCOMPARE(again.skipped.size(), 2);
        QCOMPARE(again.skipped[0].path, folder + "/album");
        QCOMPARE(again.skipped[1].path, folder + "/notes.txt");
        for (const SkippedInput &s : again.skipped) {
            QCOMPARE(s.reason.id, MessageId::BrokenLink);
            QCOMPARE(s.code, LeftOutCode::Other);
            QCOMPARE(s.reason.english(), QStringLiteral("broken symbolic link: no such file or folder"));
        }
    }

    // A link in a scanned folder to a file outside it (an archive's "x.jpg -> ~/.ssh/id_ed25519")
    // is left out, whatever the path on the way: a worker another image of the folder took over
    // would be handed it. Links that lead back inside are taken (as duplicates when their file is
    // queued), a link out to a file another input queues is a duplicate, a link named directly
    // and ScanOptions::followLinks follow it. They were all followed.
    void linksLeadingOutsideTheFolderAreLeftOut()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("in/sub") && QDir(dir.path()).mkpath("private") &&
                QDir(dir.path()).mkpath("other"));
        const auto make = [&](const QString &name) {
            QFile f(dir.filePath(name));
            return f.open(QIODevice::WriteOnly) && f.write("x") == 1;
        };
        QVERIFY(make("in/a.jpg") && make("private/key.jpg") && make("other/shared.jpg") && make("in/sub/b.jpg"));
        QVERIFY(QFile::link("../private/key.jpg", dir.filePath("in/k1.jpg")));            // out, relative
        QVERIFY(QFile::link(dir.filePath("private/key.jpg"), dir.filePath("in/k2.jpg"))); // out, absolute
        QVERIFY(QFile::link("../../in/sub/b.jpg", dir.filePath("in/sub/c.jpg")));         // out and back in
        QVERIFY(QFile::link(dir.filePath("in/a.jpg"), dir.filePath("in/sub/d.jpg")));     // absolute, inside
        QVERIFY(QFile::link("../../other/shared.jpg", dir.filePath("in/sub/e.jpg")));     // out, queued later
        QVERIFY(QFile::link("../..", dir.filePath("in/sub/up")));                         // a folder link
        const QByteArray in = b(dir.filePath("in")), other = b(dir.filePath("other"));
        const auto items = [](const ScanResult &r) {
            QStringList out;
            for (const InputItem &item : r.items)
                out << QFile::decodeName(item.path.mid(item.path.lastIndexOf('/') + 1));
            return out.join(' ');
        };
        const auto skipped = [](const ScanResult &r) {
            QStringList out;
            for (const SkippedInput &s : r.skipped)
                out << QFile::decodeName(s.path.mid(s.path.lastIndexOf('/') + 1)) + ':' + leftOutCodeName(s.code);
            return out.join(' ');
        };
        const ScanResult scan = scanInputs({in, other}, {});
        QCOMPARE(items(scan), QStringLiteral("a.jpg b.jpg shared.jpg"));
        QCOMPARE(skipped(scan), QStringLiteral("k1.jpg:link-outside k2.jpg:link-outside c.jpg:duplicate "
                                               "d.jpg:duplicate e.jpg:duplicate up:folder-link"));
        QCOMPARE(scan.skipped[0].reason.english(),
                 QStringLiteral("symbolic link to a file outside the folder, not followed"));
        // Where each must still lie when it is opened (openToHand): its folder, links followed.
        char *real = ::realpath(in.constData(), nullptr);
        const QByteArray inReal(real);
        std::free(real);
        QCOMPARE(scan.items[0].within, inReal);
        QCOMPARE(scan.items[1].within, inReal);
        // Through a folder given by a link (~/Pictures -> /data/pictures): inside is where it leads.
        QVERIFY(QFile::link(in, dir.filePath("pictures")));
        QCOMPARE(skipped(scanInputs({b(dir.filePath("pictures"))}, {})),
                 QStringLiteral("k1.jpg:link-outside k2.jpg:link-outside c.jpg:duplicate d.jpg:duplicate "
                                "e.jpg:link-outside up:folder-link"));
        ScanOptions follow;
        follow.followLinks = true;
        const ScanResult followed = scanInputs({in}, follow);
        QCOMPARE(items(followed), QStringLiteral("a.jpg k1.jpg b.jpg e.jpg"));
        for (const InputItem &item : followed.items)
            QVERIFY(item.within.isEmpty());
        QCOMPARE(skipped(followed), QStringLiteral("k2.jpg:duplicate c.jpg:duplicate d.jpg:duplicate up:folder-link"));
        QCOMPARE(items(scanInputs({b(dir.filePath("in/k1.jpg"))}, {})), QStringLiteral("k1.jpg"));
        // Links the user chose to take (the window's Add Anyway): each as the very file it leads to,
        // never a folder it leads to now.
        ScanOptions approved;
        approved.approvedLinks = true;
        QVERIFY(QFile::link(dir.filePath("private"), dir.filePath("in/turned.jpg")));
        const ScanResult chosen =
            scanInputs({b(dir.filePath("in/k1.jpg")), b(dir.filePath("in/turned.jpg"))}, approved);
        QCOMPARE(items(chosen), QStringLiteral("k1.jpg"));
        QCOMPARE(skipped(chosen), QStringLiteral("turned.jpg:folder-link"));
        const Confinement k1 = chosen.items[0].confinement();
        QVERIFY(k1.confined && k1.folder.isEmpty() && k1.inode != 0);
        QVERIFY(!scanInputs({b(dir.filePath("in/k1.jpg"))}, {}).items[0].confined); // named directly
    }

    // A folder whose real path cannot be known (here past PATH_MAX, scanned from inside its parent;
    // a parent folder the user may not search is another such case) confines its images to the
    // files the scan saw: the same file opens (a legitimate one deep in a tree failed as "leads
    // outside the folder"), another one in its place does not (any file did: security review 44,
    // D1 and D3).
    void aFolderOfUnknownRealPathConfinesItsImagesToTheFilesScanned()
    {
        QTemporaryDir tmp;
        const QByteArray deep = deepFolder(tmp);
        QVERIFY(!deep.isEmpty());
        const QString was = QDir::currentPath();
        QVERIFY(::chdir(deep.constData()) == 0);
        const auto back = qScopeGuard([&] { QDir::setCurrent(was); });
        const QByteArray folder(220, 'f'); // deep + '/' + it is past 4096 bytes
        QVERIFY(::mkdir(folder.constData(), 0755) == 0);
        QVERIFY(QFile::copy(QFINDTESTDATA("../../resources/samples/kite.jpg"), QFile::decodeName(folder + "/a.jpg")));
        QVERIFY(QFile::copy(QFINDTESTDATA("../../resources/samples/kite.jpg"), "elsewhere.jpg"));
        const ScanResult scan = scanInputs({folder}, {});
        QCOMPARE(scan.items.size(), 1);
        const Confinement c = scan.items[0].confinement();
        QVERIFY(c.confined && c.folder.isEmpty() && c.inode != 0);
        int err = -2;
        int fd = openToHand(scan.items[0].path, c, &err);
        QVERIFY(fd >= 0);
        QCOMPARE(err, 0);
        ::close(fd);
        QVERIFY(::unlink(scan.items[0].path.constData()) == 0);
        QVERIFY(::symlink("../elsewhere.jpg", scan.items[0].path.constData()) == 0);
        fd = openToHand(scan.items[0].path, c, &err);
        QVERIFY(fd >= 0); // the placeholder
        QCOMPARE(err, kOutsideFolder);
        ::close(fd);
    }

    // An entry whose path is longer than PATH_MAX, in a folder whose own path is not (deep in a
    // tree): lstat() refuses it (ENAMETOOLONG), and the scan skipped it without a word: an image
    // never processed and never said. Each is accounted for now, as what its name and the type the
    // folder's listing gives say it is.
    void entriesPastPathMaxAreAccountedFor()
    {
        QTemporaryDir tmp;
        const QByteArray deep = deepFolder(tmp);
        QVERIFY(!deep.isEmpty());
        const QByteArray longName(220, 'n'); // deep + '/' + it is past 4096 bytes, its folder is not
        const QByteArray image = longName + ".jpg", notes = longName + ".txt", folder = longName,
                         hidden = '.' + longName, hiddenFile = '.' + longName + ".txt";
        const int fd = ::open(deep.constData(), O_RDONLY | O_DIRECTORY);
        QVERIFY(fd >= 0);
        const auto cleanUp = qScopeGuard([&] { // QTemporaryDir cannot name them
            for (const QByteArray &name : {image, notes, hiddenFile})
                ::unlinkat(fd, name.constData(), 0);
            for (const QByteArray &name : {folder, hidden})
                ::unlinkat(fd, name.constData(), AT_REMOVEDIR);
            ::close(fd);
        });
        for (const QByteArray &name : {image, notes, hiddenFile}) {
            const int f = ::openat(fd, name.constData(), O_WRONLY | O_CREAT | O_EXCL, 0644);
            QVERIFY(f >= 0);
            ::close(f);
        }
        for (const QByteArray &name : {folder, hidden})
            QVERIFY(::mkdirat(fd, name.constData(), 0755) == 0);
        QVERIFY(QFile(QFile::decodeName(deep + "/short.jpg")).open(QIODevice::WriteOnly));
        struct stat st;
        QVERIFY(::lstat((deep + '/' + image).constData(), &st) != 0 && errno == ENAMETOOLONG);

        const auto said = [](const ScanResult &scan) {
            QStringList out;
            for (const InputItem &item : scan.items)
                out << QStringLiteral("image %1: %2")
                           .arg(QString::fromUtf8(item.path.mid(item.path.lastIndexOf('/') + 1).left(12)),
                                item.problem.english());
            for (const SkippedInput &s : scan.skipped)
                out << QStringLiteral("left out %1 (%2): %3")
                           .arg(QString::fromUtf8(s.path.mid(s.path.lastIndexOf('/') + 1).left(12)),
                                leftOutCodeName(s.code), s.reason.english());
            return out;
        };
        const QString n = QStringLiteral("nnnnnnnnnnnn");
        const QStringList expected = {
            QStringLiteral("image %1: file name too long").arg(n), // its name is an image's: it fails as one
            QStringLiteral("image short.jpg: "),
            QStringLiteral("left out .%1 (unreadable-folder): cannot read folder: file name too long").arg(n.left(11)),
            QStringLiteral("left out %1 (other): file name too long").arg(n),
            QStringLiteral("left out %1 (unreadable-folder): cannot read folder: file name too long").arg(n)};
        QStringList recursive = said(scanInputs({b(tmp.path())}, {}));
        recursive.sort();
        QCOMPARE(recursive, expected);
        // Without --recursive, of the folder itself: a hidden folder is left out without a word, as
        // any is then; a hidden file that is not an image always is.
        ScanOptions flat;
        flat.recursive = false;
        QStringList own = said(scanInputs({deep}, flat));
        own.sort();
        QCOMPARE(own, QStringList(expected).filter(QRegularExpression("^(?!left out \\.)")));
    }

    // A folder's images come in the order a file manager shows them, numbers by their value:
    // img_2 before img_10 (it was img_10, img_2: by bytes), in every folder of the tree; the same on
    // every machine whatever its language (nameOrderLess compares bytes, never the locale).
    void foldersAreTakenInNameOrderWithNumbersByValue()
    {
        QTemporaryDir tmp;
        const QStringList names = {"img_10.jpg",  "img_2.jpg",  "img_1.jpg", "IMG_9.jpg",   "img_02.jpg",
                                   "img_100.jpg", "img_1b.jpg", "a/x.jpg",   "set10/x.jpg", "set9/x.jpg"};
        for (const QString &n : names) {
            QDir().mkpath(QFileInfo(tmp.filePath(n)).path());
            QFile f(tmp.filePath(n));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        QStringList order;
        for (const InputItem &it : scanInputs({b(tmp.path())}, {}).items)
            order << QString::fromUtf8(it.path.mid(it.rootLength));
        // Letters whatever their case (IMG_9 among img_…, as a file manager shows it).
        QCOMPARE(order, QStringList({"a/x.jpg", "img_1.jpg", "img_1b.jpg", "img_02.jpg", "img_2.jpg", "IMG_9.jpg",
                                     "img_10.jpg", "img_100.jpg", "set9/x.jpg", "set10/x.jpg"}));
        QVERIFY(nameOrderLess("B1", "b2") && nameOrderLess("a9", "B1") && nameOrderLess("Zebra", "émile"));
        QVERIFY(nameOrderLess("A1", "a1") && !nameOrderLess("a1", "A1")); // equal but for case: by bytes
        QVERIFY(nameOrderLess("x9", "x10") && !nameOrderLess("x10", "x9"));
        QVERIFY(nameOrderLess("x02", "x2") && !nameOrderLess("x2", "x02")); // equal values: by bytes
        QVERIFY(nameOrderLess("x", "x0") && !nameOrderLess("x0", "x"));
        QVERIFY(!nameOrderLess("x7", "x7"));
        QVERIFY(nameOrderLess("x99999999999999999999998", "x99999999999999999999999")); // past 64 bits
    }

    // With --recursive a folder given beside a folder that holds it is part of that one, in whichever
    // order they come: the same images, each with its place below the outer folder (its output in
    // out/sub/), and the inner one said to be inside the outermost. Before, "-r in/sub in" took
    // in/sub as an input of its own (its images flat in out/, pushing in's own to "(2)" names) and
    // said in/sub was inside in, as if in had taken it.
    void aFolderInsideAnotherIsPartOfItWhicheverComesFirst()
    {
        QTemporaryDir dir;
        for (const char *file : {"in/img_1.jpg", "in/sub/img_1.jpg", "in/sub/deep/img_2.jpg", "in/zz.jpg"}) {
            QVERIFY(QDir(dir.path()).mkpath(QFileInfo(dir.filePath(file)).path()));
            QVERIFY(QFile(dir.filePath(file)).open(QIODevice::WriteOnly));
        }
        const QByteArray in = b(dir.filePath("in")), sub = b(dir.filePath("in/sub")),
                         deep = b(dir.filePath("in/sub/deep"));
        const auto taken = [](const ScanResult &scan) {
            QStringList out;
            for (const InputItem &item : scan.items)
                out << QStringLiteral("%1 [%2] %3")
                           .arg(QString::fromUtf8(item.path.mid(item.rootLength)), QString::fromUtf8(item.relativeDir))
                           .arg(item.rootLength);
            return out;
        };
        const auto said = [](const ScanResult &scan) {
            QStringList out;
            for (const SkippedInput &s : scan.skipped)
                out << QStringLiteral("%1 %2 inside %3")
                           .arg(QString::fromUtf8(s.path), leftOutCodeName(s.code), QString::fromUtf8(s.within));
            std::sort(out.begin(), out.end());
            return out;
        };
        const int root = int(in.size() + 1);
        const QStringList images = {
            QStringLiteral("img_1.jpg [] %1").arg(root), QStringLiteral("sub/deep/img_2.jpg [sub/deep] %1").arg(root),
            QStringLiteral("sub/img_1.jpg [sub] %1").arg(root), QStringLiteral("zz.jpg [] %1").arg(root)};
        const ScanResult outerFirst = scanInputs({in, sub}, {});
        QCOMPARE(taken(outerFirst), images);
        QCOMPARE(said(outerFirst), QStringList{QString::fromUtf8(sub + " given-twice inside " + in)});
        const ScanResult innerFirst = scanInputs({sub, in}, {});
        QCOMPARE(taken(innerFirst), images);
        QCOMPARE(said(innerFirst), said(outerFirst));
        // Nested twice, in any order: each inside the outermost.
        const QStringList both = {QString::fromUtf8(sub + " given-twice inside " + in),
                                  QString::fromUtf8(deep + " given-twice inside " + in)};
        for (const QVector<QByteArray> &inputs :
             {QVector<QByteArray>{deep, sub, in}, QVector<QByteArray>{sub, deep, in},
              QVector<QByteArray>{in, deep, sub}, QVector<QByteArray>{deep, in, sub}}) {
            const ScanResult scan = scanInputs(inputs, {});
            QCOMPARE(taken(scan), images);
            QCOMPARE(said(scan), both);
        }
        // Without --recursive in does not go into in/sub: it is an input of its own (its image out
        // of in's place, flat), before or after in, and not said as left out.
        ScanOptions flat;
        flat.recursive = false;
        const ScanResult own = scanInputs({sub, in}, flat);
        QCOMPARE(taken(own),
                 (QStringList{QStringLiteral("img_1.jpg [] %1").arg(sub.size() + 1),
                              QStringLiteral("img_1.jpg [] %1").arg(root), QStringLiteral("zz.jpg [] %1").arg(root)}));
        QCOMPARE(said(own), QStringList{QString::fromUtf8(deep + " sub-folder inside ")});
    }

    void fileNameBytesSurvive()
    {
        QTemporaryDir dir;
        OutputPlanner planner(preset("{name}.{ext}"), dir.path(), "tag");
        const QByteArray name("/in/caf\xe9-\xff.jpg"); // Latin-1 bytes: not UTF-8
        const PlannedOutput out = planner.plan({name, {}, {}}, 1, 1, {});
        QVERIFY(out.pattern.endsWith(QByteArray("/caf\xe9-\xff.jpg")));
    }

    void collisionsWithinABatchGetNumbers()
    {
        QTemporaryDir dir;
        OutputPlanner planner(preset("{name}.{ext}"), dir.path(), "tag");
        const auto a = planner.plan({"/in/a.png", {}, {}}, 1, 1, {});
        const auto b2 = planner.plan({"/in/a.jpg", {}, {}}, 2, 2, {});
        const auto c = planner.plan({"/other/a.webp", {}, {}}, 3, 3, {});
        QVERIFY(a.pattern.endsWith("/a.jpg"));
        QVERIFY(b2.pattern.endsWith("/a (2).jpg"));
        QVERIFY(c.pattern.endsWith("/a (3).jpg"));
    }

    void skipPolicySkipsExistingOutputs()
    {
        QTemporaryDir dir;
        const auto write = [&](const char *name, const QByteArray &bytes) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        const QByteArray jpeg = QByteArray("\xFF\xD8\xFF\xE0", 4) + QByteArray(100000, 'x');
        write("a.jpg", jpeg + "\xFF\xD9");
        write("c.jpg", QByteArray());                                // empty: the data never reached the disk
        write("d.jpg", jpeg);                                        // cut short: no end marker
        write("e.jpg", jpeg + "\xFF\xD9" + QByteArray(70000, '\0')); // zeros where data was
        write("f.jpg", "II*\0 a TIFF, not a JPEG");                  // a TIFF: non-empty is enough
        OutputPlanner planner(preset("{name}.{ext}", OverwritePolicy::Skip), dir.path(), "tag");
        const auto a = planner.plan({"/in/a.png", {}, {}}, 1, 1, {});
        QVERIFY(a.skipExisting);
        QVERIFY(!a.replacesIncomplete);
        const auto b = planner.plan({"/in/b.png", {}, {}}, 2, 2, {});
        QVERIFY(!b.skipExisting);
        QCOMPARE(b.overwrite, Overwrite::Skip);
        for (const char *cut : {"/in/c.png", "/in/d.png", "/in/e.png"}) {
            const auto o = planner.plan({cut, {}, {}}, 3, 3, {});
            QVERIFY2(!o.skipExisting && o.replacesIncomplete, cut);
            QCOMPARE(o.overwrite, Overwrite::Replace);
        }
        QVERIFY(planner.plan({"/in/f.png", {}, {}}, 4, 4, {}).skipExisting);
    }

    void neverReplacesTheSourceUnlessAllowed()
    {
        QTemporaryDir dir;
        const QString src = dir.filePath("a.jpg");
        QFile f(src);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        Preset p = preset("{name}.{ext}", OverwritePolicy::Overwrite);
        OutputPlanner planner(p, dir.path(), "tag");
        const auto refused = planner.plan({b(src), {}, {}}, 1, 1, {});
        QVERIFY2(refused.error.english().contains("replace the source"), qPrintable(refused.error.english()));
        p.output.allowOverwriteSource = true;
        OutputPlanner allowed(p, dir.path(), "tag");
        const auto ok = allowed.plan({b(src), {}, {}}, 1, 1, {});
        QVERIFY(ok.error.isEmpty());
        QCOMPARE(ok.overwrite, Overwrite::Replace);
    }

    // The source itself at the output's name through another name (out/hard.jpg a hard link to
    // in/hard.jpg, out/sym.jpg a symbolic link to it) is no finished output: skip took the
    // unprocessed source for its own output ("skipped: output exists", never processed), and rename
    // refused the symbolic link as replacing the source, where it replaces nothing. Both pass over
    // it to the next name now, as past another input; overwrite refuses both when planning (the
    // hard link was refused only at the commit, after a worker had made the output, and --dry-run
    // said "replace"). Its own name stays refused under every policy.
    void theSourceAtTheOutputsNameIsNoFinishedOutput()
    {
        const auto fileName = [](const QByteArray &path) { return QFileInfo(QFile::decodeName(path)).fileName(); };
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("in") && QDir(dir.path()).mkpath("out"));
        for (const char *name : {"in/hard.jpg", "in/sym.jpg"}) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(kPhoto);
        }
        QVERIFY(::link(QFile::encodeName(dir.filePath("in/hard.jpg")).constData(),
                       QFile::encodeName(dir.filePath("out/hard.jpg")).constData()) == 0);
        QVERIFY(QFile::link("../in/sym.jpg", dir.filePath("out/sym.jpg")));
        const ScanResult scan = scanInputs({b(dir.filePath("in"))}, {});
        QCOMPARE(scan.items.size(), 2);
        const std::shared_ptr<const SourceFiles> sources = sourceFilesOf(scan.items);
        const auto planned = [&](OverwritePolicy policy, const QString &folder) {
            OutputPlanner planner(preset("{name}.{ext}", policy), dir.filePath(folder), "tag");
            planner.setSources(sources);
            QStringList out;
            for (int i = 0; i < scan.items.size(); ++i) {
                const PlannedOutput o = planner.plan(scan.items[i], i + 1, quint64(i + 1), {});
                out << (!o.error.isEmpty()                  ? o.error.english().section(';', 0, 0)
                        : o.skipExisting                    ? QStringLiteral("skip ") + fileName(o.pattern)
                        : o.renamed                         ? QStringLiteral("rename ") + fileName(o.pattern)
                        : o.overwrite == Overwrite::Replace ? QStringLiteral("replace ") + fileName(o.pattern)
                                                            : QStringLiteral("write ") + fileName(o.pattern));
            }
            return out;
        };
        const QStringList passedOver = {"rename hard (2).jpg", "rename sym (2).jpg"};
        QCOMPARE(planned(OverwritePolicy::Skip, "out"), passedOver);
        QCOMPARE(planned(OverwritePolicy::Rename, "out"), passedOver);
        const QString refused = QStringLiteral("the output would replace the source image");
        QCOMPARE(planned(OverwritePolicy::Overwrite, "out"), QStringList({refused, refused}));
        for (const OverwritePolicy policy :
             {OverwritePolicy::Skip, OverwritePolicy::Rename, OverwritePolicy::Overwrite})
            QCOMPARE(planned(policy, "in"), QStringList({refused, refused})); // its own name
        // Resumed with skip: the output written past the link is this image's, skipped.
        QVERIFY(writeOutput(dir.filePath("out/hard (2).jpg"), scan.items[0].path));
        QCOMPARE(planned(OverwritePolicy::Skip, "out").value(0), QStringLiteral("skip hard (2).jpg"));
        QCOMPARE(QFileInfo(dir.filePath("in/sym.jpg")).size(), kPhoto.size());

        // A name only the result fills, committed where it is kept by name (a shard, a file system
        // without extended attributes) for a preset that lets outputs replace their sources
        // (nothing protected): a link to the source is passed over, not kept as done; the source by
        // its own name is replaced, as the planner replaces a literal one.
        QVERIFY(QFile::link("../in/sym.jpg", dir.filePath("out/sym64.jpg")));
        const auto commitLate = [&](const QString &tmpl, const QString &folder, const QByteArray &source) {
            OutputPlanner planner(preset(tmpl, OverwritePolicy::Skip), dir.filePath(folder), "tag");
            planner.setKeepsOrigins(false);
            const PlannedOutput o = planner.plan({source, {}, {}}, 1, 9, {});
            QFile t(QFile::decodeName(o.tempPath));
            [&] { QVERIFY(t.open(QIODevice::WriteOnly)); }();
            t.write("output");
            t.close();
            ResultNames n;
            n.width = 64;
            return commitTemporary(o.tempPath, o.pattern, &n, o.overwrite, {}, nullptr, source, nullptr);
        };
        const WriteResult past = commitLate("{name}{width}.{ext}", "out", scan.items[1].path);
        QVERIFY2(past.ok, qPrintable(past.error));
        QCOMPARE(past.outcome, proto::Outcome::Written);
        QCOMPARE(fileName(past.finalPath), QStringLiteral("sym64 (2).jpg"));
        QCOMPARE(QFileInfo(dir.filePath("in/sym.jpg")).size(), kPhoto.size());
        QVERIFY(QFile::copy(dir.filePath("in/sym.jpg"), dir.filePath("in/x64.jpg")));
        const WriteResult own = commitLate("x{width}.{ext}", "in", b(dir.filePath("in/x64.jpg")));
        QVERIFY2(own.ok, qPrintable(own.error));
        QCOMPARE(own.outcome, proto::Outcome::Written);
        QCOMPARE(fileName(own.finalPath), QStringLiteral("x64.jpg"));
        QCOMPARE(QFileInfo(dir.filePath("in/x64.jpg")).size(), qint64(6)); // replaced, as allowed
    }

    // An output into the folder its inputs are in never takes another input's place, whatever the
    // policy: a.bmp's output is not written over the input a.jpg (nor is a.bmp skipped because
    // a.jpg looks like its output), and a name known only from the result ({width}…) is checked
    // when it is committed.
    // The temporaries a dead run left are swept when their folder is first used, but never a file
    // of that name that is one of the batch's inputs, and nothing where a linked sub-folder leads.
    void staleTemporariesAreSweptButNeverAnInputOrOutside()
    {
        QProcess gone; // a process that has ended: its pid names a dead run
        gone.start("true", {});
        QVERIFY(gone.waitForStarted());
        const QString pid = QString::number(gone.processId());
        QVERIFY(gone.waitForFinished());
        QTemporaryDir dir, outside;
        const auto touch = [](const QString &path) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("x");
        };
        const QString left = dir.filePath(".a.jpg.pixelpool-" + pid + "-abc-1.part");
        const QString input = dir.filePath(".b.jpg.pixelpool-" + pid + "-abc-2.part");
        const QString there = outside.filePath(".c.jpg.pixelpool-" + pid + "-abc-3.part");
        touch(left);
        touch(input);
        touch(there);
        QVERIFY(QFile::link(outside.path(), dir.filePath("sub")));
        auto sources = std::make_shared<SourceFiles>();
        sources->add(QFile::encodeName(input));

        OutputPlanner planner(preset("{name}.{ext}", OverwritePolicy::Rename), dir.path(), "tag");
        planner.setSources(sources);
        const PlannedOutput out = planner.plan({"/in/photo.png", {}, {}}, 1, 1, {});
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error.english()));
        QVERIFY(!QFile::exists(left));
        QVERIFY(QFile::exists(input));

        OutputPlanner linked(preset("sub/{name}.{ext}", OverwritePolicy::Rename), dir.path(), "tag");
        linked.setSources(sources);
        const PlannedOutput refused = linked.plan({"/in/photo.png", {}, {}}, 1, 2, {});
        QVERIFY(!refused.error.isEmpty());
        QVERIFY(QFile::exists(there));
    }

    void neverTakesAnotherInputsPlace_data()
    {
        QTest::addColumn<int>("policy");
        QTest::newRow("overwrite") << int(OverwritePolicy::Overwrite);
        QTest::newRow("skip") << int(OverwritePolicy::Skip);
        QTest::newRow("rename") << int(OverwritePolicy::Rename);
    }
    void neverTakesAnotherInputsPlace()
    {
        QFETCH(int, policy);
        QTemporaryDir dir;
        const auto write = [&](const QString &name, const QByteArray &bytes) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        const QByteArray photo = QByteArray("\xFF\xD8\xFF\xE0", 4) + QByteArray(1000, 'x') + "\xFF\xD9";
        write("a.jpg", photo);
        write("a.bmp", "BM");
        write("30x20.jpg", photo);
        const ScanResult scan = scanInputs({b(dir.path())}, {});
        QCOMPARE(scan.items.size(), 3);
        const InputItem *bmp = nullptr;
        for (const InputItem &item : scan.items)
            if (item.path.endsWith("a.bmp"))
                bmp = &item;
        QVERIFY(bmp);
        const std::shared_ptr<const SourceFiles> sources = sourceFilesOf(scan.items);

        OutputPlanner planner(preset("{name}.{ext}", OverwritePolicy(policy)), dir.path(), "tag");
        planner.setSources(sources);
        const PlannedOutput out = planner.plan(*bmp, 1, 1, {});
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error.english()));
        QVERIFY(!out.skipExisting);
        QCOMPARE(QFileInfo(QFile::decodeName(out.pattern)).fileName(), QStringLiteral("a (2).jpg"));

        OutputPlanner sized(preset("{width}x{height}.{ext}", OverwritePolicy(policy)), dir.path(), "tag");
        sized.setSources(sources);
        const PlannedOutput late = sized.plan(*bmp, 1, 2, {});
        QFile t(QFile::decodeName(late.tempPath));
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write("output");
        t.close();
        ResultNames n;
        n.width = 30;
        n.height = 20;
        const WriteResult r =
            commitTemporary(late.tempPath, late.pattern, &n, late.overwrite, bmp->path, sources.get(), bmp->path);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.outcome, proto::Outcome::Written);
        QCOMPARE(QFileInfo(QFile::decodeName(r.finalPath)).fileName(), QStringLiteral("30x20 (2).jpg"));
        QFile kept(dir.filePath("30x20.jpg"));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), photo);
    }

    // Resuming with the skip policy skips an image's own output only. a.jpg was done as a.jpg; a.bmp,
    // which sorts first and also makes a.jpg, joined the folder since (IMG_1.CR2 next to IMG_1.JPG):
    // it passes over a.jpg, which records another source, and a.jpg skips its own. By name alone
    // a.bmp would skip a.jpg's output and a.jpg be done again as "a (2).jpg".
    void skipTellsOutputsByTheirSource()
    {
        QTemporaryDir dir;
        const auto fileName = [](const PlannedOutput &o) { return QFileInfo(QFile::decodeName(o.pattern)).fileName(); };
        QVERIFY(writeOutput(dir.filePath("a.jpg"), "/photos/a.jpg"));
        QVERIFY(writeOutput(dir.filePath("b.jpg"), {})); // an image without a file: records nothing

        // By name: a shard (shards reserve each other's names without looking, so they number
        // alike), and an output that records nothing (another tool's, an older run's).
        OutputPlanner shard(preset("{name}.jpg", OverwritePolicy::Skip), dir.path(), "tag");
        shard.setShard(true);
        const PlannedOutput byName = shard.plan({"/photos/a.bmp", {}, {}}, 1, 3, {});
        QCOMPARE(fileName(byName), QStringLiteral("a.jpg"));
        QVERIFY(byName.skipExisting);
        QVERIFY(outputOrigin(b(dir.filePath("b.jpg"))).isEmpty());
        OutputPlanner older(preset("{name}.jpg", OverwritePolicy::Skip), dir.path(), "tag");
        QVERIFY(older.plan({"/photos/b.png", {}, {}}, 1, 4, {}).skipExisting);

        if (outputOrigin(b(dir.filePath("a.jpg"))).isEmpty())
            QSKIP("this file system keeps no extended attributes: outputs are told by name (checked above)");
        QCOMPARE(outputOrigin(b(dir.filePath("a.jpg"))), originOf("/photos/a.jpg"));
        QCOMPARE(originOf("/photos/a.jpg").size(), 32); // a digest: no folder names travel with outputs
        QVERIFY(originOf("/photos/a.jpg") != originOf("/other/a.jpg"));

        OutputPlanner planner(preset("{name}.jpg", OverwritePolicy::Skip), dir.path(), "tag");
        const PlannedOutput bmp = planner.plan({"/photos/a.bmp", {}, {}}, 1, 1, {});
        const PlannedOutput card = planner.plan({"/card0/a.jpg", {}, {}}, 2, 2, {}); // same name, another card
        const PlannedOutput jpg = planner.plan({"/photos/a.jpg", {}, {}}, 3, 3, {});
        QCOMPARE(fileName(bmp), QStringLiteral("a (2).jpg"));
        QVERIFY(!bmp.skipExisting);
        QVERIFY(bmp.renamed); // --dry-run says "rename"
        QCOMPARE(fileName(card), QStringLiteral("a (3).jpg"));
        QVERIFY(!card.skipExisting);
        QCOMPARE(fileName(jpg), QStringLiteral("a.jpg"));
        QVERIFY(jpg.skipExisting);
    }

    // A name filled at commit ({date}, {width}…) cannot be looked at when planning: the commit keeps
    // an existing output with the skip policy only when it records this source (or nothing), and
    // passes over another source's to the next numbered name, where a rerun finds its own.
    void skipAtCommitTellsOutputsByTheirSource()
    {
        QTemporaryDir dir;
        QVERIFY(writeOutput(dir.filePath("300x200.jpg"), "/photos/IMG_1.JPG"));
        if (outputOrigin(b(dir.filePath("300x200.jpg"))).isEmpty())
            QSKIP("this file system keeps no extended attributes: outputs are told by name");
        const QByteArray pattern = b(dir.filePath("{width}x{height}.jpg"));
        ResultNames n;
        n.width = 300;
        n.height = 200;
        const auto commit = [&](const QByteArray &source, bool byOrigin) {
            const QByteArray temp = b(dir.filePath(".t.part"));
            QFile t(QFile::decodeName(temp));
            [&] { QVERIFY(t.open(QIODevice::WriteOnly)); }();
            t.write(kPhoto);
            t.close();
            TakenNames batch; // each commit another batch's (a shard's: none)
            return commitTemporary(temp, pattern, &n, Overwrite::Skip, {}, nullptr, source,
                                   byOrigin ? &batch : nullptr);
        };
        const WriteResult raw = commit("/photos/IMG_1.CR2", true);
        QVERIFY2(raw.ok, qPrintable(raw.error));
        QCOMPARE(raw.outcome, proto::Outcome::Written);
        QCOMPARE(QFileInfo(QFile::decodeName(raw.finalPath)).fileName(), QStringLiteral("300x200 (2).jpg"));
        QCOMPARE(outputOrigin(raw.finalPath), originOf("/photos/IMG_1.CR2"));
        const WriteResult again = commit("/photos/IMG_1.CR2", true); // resumed: finds its own
        QCOMPARE(again.outcome, proto::Outcome::SkippedExisting);
        QCOMPARE(again.finalPath, raw.finalPath);
        const WriteResult own = commit("/photos/IMG_1.JPG", true);
        QCOMPARE(own.outcome, proto::Outcome::SkippedExisting);
        QCOMPARE(QFileInfo(QFile::decodeName(own.finalPath)).fileName(), QStringLiteral("300x200.jpg"));
        const WriteResult shard = commit("/photos/IMG_2.JPG", false); // by name
        QCOMPARE(shard.outcome, proto::Outcome::SkippedExisting);
        QCOMPARE(QDir(dir.path()).entryList({"*.jpg"}).size(), 2);
        QVERIFY(QDir(dir.path()).entryList({"*.part"}, QDir::Hidden | QDir::Files).isEmpty());
    }

    // A name filled at commit ({width}x{height}, {date}) is numbered among the names it meets, not
    // among the batch's identical patterns: two photos of different sizes are 300x200.jpg and
    // 400x300.jpg, not "400x300 (2).jpg" next to no 400x300.jpg. A resumed batch finds each
    // photo's own output by the source it records, wherever the order of finishing put it, and a
    // new photo that sorts first is written after them (skip); overwrite makes no new names;
    // rename passes over them all. Two photos never skip at one output that records nothing.
    void namesFilledAtCommitStartFromTheirPlainName()
    {
        QTemporaryDir dir;
        const auto fileName = [](const QByteArray &path) { return QFileInfo(QFile::decodeName(path)).fileName(); };
        OutputPlanner planner(preset("{width}x{height}.jpg", OverwritePolicy::Skip), dir.path(), "tag");
        const PlannedOutput a = planner.plan({"/photos/a.jpg", {}, {}}, 1, 1, {});
        const PlannedOutput c = planner.plan({"/photos/c.jpg", {}, {}}, 2, 2, {});
        const PlannedOutput d = planner.plan({"/photos/d.jpg", {}, {}}, 3, 3, {});
        QCOMPARE(fileName(c.pattern), QStringLiteral("{width}x{height}.jpg"));
        QCOMPARE(d.pattern, a.pattern);
        QVERIFY(!c.renamed && !d.renamed);
        const std::shared_ptr<TakenNames> taken = planner.takenNames();
        QVERIFY(taken);
        OutputPlanner shard(preset("{width}x{height}.jpg", OverwritePolicy::Skip), dir.path(), "tag");
        shard.setShard(true); // shards number alike when planning, none looking at the disk
        shard.plan({"/photos/a.jpg", {}, {}}, 1, 4, {});
        QCOMPARE(fileName(shard.plan({"/photos/c.jpg", {}, {}}, 2, 5, {}).pattern),
                 QStringLiteral("{width}x{height} (2).jpg"));
        QVERIFY(!shard.takenNames());
        OutputPlanner plain(preset("{width}x{height}.jpg", OverwritePolicy::Skip), dir.path(), "tag");
        plain.setKeepsOrigins(false); // outputs told apart by the plan's numbers only
        plain.plan({"/photos/a.jpg", {}, {}}, 1, 4, {});
        QCOMPARE(fileName(plain.plan({"/photos/c.jpg", {}, {}}, 2, 5, {}).pattern),
                 QStringLiteral("{width}x{height} (2).jpg"));
        QVERIFY(!plain.takenNames()); // and its commits keep what is there by name

        const auto commit = [&](const PlannedOutput &o, const QByteArray &source, int w, Overwrite policy,
                                TakenNames *batch) {
            QFile t(QFile::decodeName(o.tempPath));
            [&] { QVERIFY(t.open(QIODevice::WriteOnly)); }();
            t.write(kPhoto);
            t.close();
            ResultNames n;
            n.width = w;
            n.height = w * 2 / 3;
            const WriteResult r = commitTemporary(o.tempPath, o.pattern, &n, policy, {}, nullptr, source, batch);
            [&] { QVERIFY2(r.ok, qPrintable(r.error)); }();
            return r;
        };
        QCOMPARE(fileName(commit(d, "/photos/d.jpg", 300, Overwrite::Skip, taken.get()).finalPath),
                 QStringLiteral("300x200.jpg"));
        QCOMPARE(fileName(commit(c, "/photos/c.jpg", 450, Overwrite::Skip, taken.get()).finalPath),
                 QStringLiteral("450x300.jpg"));
        QCOMPARE(fileName(commit(a, "/photos/a.jpg", 300, Overwrite::Skip, taken.get()).finalPath),
                 QStringLiteral("300x200 (2).jpg"));
        QCOMPARE(QDir(dir.path()).entryList({"*.jpg"}).size(), 3);

        // Nor at a literal name the planner gave another photo of the batch (not written yet).
        TakenNames planned;
        planned.take(b(QFileInfo(dir.path()).canonicalFilePath() + "/750x500.jpg"));
        const WriteResult past = commit(a, "/photos/h.jpg", 750, Overwrite::Rename, &planned);
        QCOMPARE(fileName(past.finalPath), QStringLiteral("750x500 (2).jpg"));
        QVERIFY(QFile::remove(QFile::decodeName(past.finalPath)));

        if (outputOrigin(b(dir.filePath("300x200.jpg"))).isEmpty())
            QSKIP("this file system keeps no extended attributes: a resumed batch tells outputs by name");
        // An output in the family that records nothing (another tool's) is nobody's to skip: two
        // photos of the batch are written past it.
        QVERIFY(writeOutput(dir.filePath("600x400.jpg"), {}));
        TakenNames other;
        QCOMPARE(fileName(commit(a, "/photos/f.jpg", 600, Overwrite::Skip, &other).finalPath),
                 QStringLiteral("600x400 (2).jpg"));
        QCOMPARE(fileName(commit(a, "/photos/g.jpg", 600, Overwrite::Skip, &other).finalPath),
                 QStringLiteral("600x400 (3).jpg"));
        for (const char *name : {"600x400.jpg", "600x400 (2).jpg", "600x400 (3).jpg"})
            QVERIFY(QFile::remove(dir.filePath(name)));
        // Resumed with a new photo e that sorts first and is done first: a and d find their own.
        TakenNames resumed;
        const WriteResult e = commit(a, "/photos/e.jpg", 300, Overwrite::Skip, &resumed);
        QCOMPARE(e.outcome, proto::Outcome::Written);
        QCOMPARE(fileName(e.finalPath), QStringLiteral("300x200 (3).jpg"));
        for (const auto &[source, w] :
             {std::pair{QByteArray("/photos/a.jpg"), 300}, std::pair{QByteArray("/photos/c.jpg"), 450},
              std::pair{QByteArray("/photos/d.jpg"), 300}}) {
            const WriteResult r = commit(a, source, w, Overwrite::Skip, &resumed);
            QCOMPARE(r.outcome, proto::Outcome::SkippedExisting);
            QCOMPARE(outputOrigin(r.finalPath), originOf(source));
        }
        // Overwrite: every photo replaces one of the names, none is added.
        TakenNames replaced;
        for (const auto &[source, w] :
             {std::pair{QByteArray("/photos/a.jpg"), 300}, std::pair{QByteArray("/photos/c.jpg"), 450},
              std::pair{QByteArray("/photos/d.jpg"), 300}, std::pair{QByteArray("/photos/e.jpg"), 300}})
            QCOMPARE(commit(a, source, w, Overwrite::Replace, &replaced).outcome, proto::Outcome::Written);
        QCOMPARE(QDir(dir.path()).entryList({"*.jpg"}).size(), 4);
        TakenNames renamed;
        QCOMPARE(fileName(commit(a, "/photos/a.jpg", 300, Overwrite::Rename, &renamed).finalPath),
                 QStringLiteral("300x200 (4).jpg"));
        QVERIFY(QDir(dir.path()).entryList({"*.part"}, QDir::Hidden | QDir::Files).isEmpty());
    }

    // A resumed batch redoes an output that a crash or power loss cut short, also when its name is
    // only known at commit ({width}…): the planner cannot look at it, the commit does.
    void aCutShortOutputIsRedoneAtCommit()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("300x200.jpg");
        QVERIFY(writeOutput(path, "/photos/d.jpg"));
        QVERIFY(QFile::resize(path, kPhoto.size() / 2)); // its end never reached the disk
        for (const bool again : {false, true}) {         // redone, then complete: skipped
            const QByteArray temp = b(dir.filePath(".t.part"));
            QFile t(QFile::decodeName(temp));
            QVERIFY(t.open(QIODevice::WriteOnly));
            t.write(kPhoto);
            t.close();
            ResultNames n;
            n.width = 300;
            n.height = 200;
            TakenNames batch;
            const WriteResult r = commitTemporary(temp, b(dir.filePath("{width}x{height}.jpg")), &n, Overwrite::Skip,
                                                  {}, nullptr, "/photos/d.jpg", &batch);
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.outcome, again ? proto::Outcome::SkippedExisting : proto::Outcome::Written);
            QCOMPARE(r.finalPath, b(path));
            QCOMPARE(QFileInfo(path).size(), kPhoto.size());
        }
    }

    // Skipping finds a photo's own output anywhere in its family, also past a name that is free
    // now (its output deleted to have it redone), and a rename rerun over a long family looks at
    // each name once for the whole batch, not once per photo (firstOpen).
    void aResumedBatchFindsEachPhotosOwnOutput()
    {
        QTemporaryDir dir;
        const QByteArray pattern = b(QFileInfo(dir.path()).canonicalFilePath() + "/{width}x{height}.jpg");
        const QByteArray plain = b(QFileInfo(dir.path()).canonicalFilePath() + "/300x200.jpg");
        const auto commit = [&](const QByteArray &source, Overwrite policy, TakenNames *batch) {
            const WriteResult r = commitPhoto(dir, pattern, {300, 200}, source, policy, batch);
            [&] { QVERIFY2(r.ok, qPrintable(r.error)); }();
            return r;
        };
        TakenNames first;
        for (const char *photo : {"/p/p.jpg", "/p/q.jpg", "/p/r.jpg"})
            commit(photo, Overwrite::Skip, &first);
        if (outputOrigin(plain).isEmpty())
            QSKIP("this file system keeps no extended attributes: names filled at commit are numbered when planned");
        QCOMPARE(outputOrigin(numberedVariant(plain, 2)), originOf("/p/q.jpg"));
        QVERIFY(QFile::remove(QFile::decodeName(plain))); // p's, to have it redone

        TakenNames resumed;
        const WriteResult q = commit("/p/q.jpg", Overwrite::Skip, &resumed); // done first, 300x200.jpg free
        QCOMPARE(q.outcome, proto::Outcome::SkippedExisting);
        QCOMPARE(q.finalPath, numberedVariant(plain, 2));
        const WriteResult p = commit("/p/p.jpg", Overwrite::Skip, &resumed);
        QCOMPARE(p.outcome, proto::Outcome::Written);
        QCOMPARE(p.finalPath, plain);
        QCOMPARE(commit("/p/r.jpg", Overwrite::Skip, &resumed).outcome, proto::Outcome::SkippedExisting);
        QCOMPARE(commit("/p/new.jpg", Overwrite::Skip, &resumed).finalPath, numberedVariant(plain, 4));
        QCOMPARE(QDir(dir.path()).entryList({"*.jpg"}).size(), 4);

        TakenNames rerun;
        QCOMPARE(commit("/p/p.jpg", Overwrite::Rename, &rerun).finalPath, numberedVariant(plain, 5));
        QCOMPARE(rerun.firstOpen(plain), 6); // the four in use are not looked at again
        QCOMPARE(rerun.firstFree(plain), 1); // ...but replacing starts from the first
        QVERIFY(QDir(dir.path()).entryList({"*.part"}, QDir::Hidden | QDir::Files).isEmpty());

        // Two outputs of one photo in one family (a preset's "{date}.jpg" and "{date}.{ext}") are
        // told apart: each records its source and which output it is.
        TakenNames two;
        const auto output = [&](int k, TakenNames *batch) {
            return commitPhoto(dir, pattern, {30, 20}, "/p/two.jpg", Overwrite::Skip, batch,
                               k == 0 ? QStringLiteral("full") : QStringLiteral("small"));
        };
        const QByteArray small = b(QFileInfo(dir.path()).canonicalFilePath() + "/30x20.jpg");
        QCOMPARE(output(0, &two).finalPath, small);
        QCOMPARE(output(1, &two).finalPath, numberedVariant(small, 2));
        QVERIFY(QFile::remove(QFile::decodeName(small))); // the first output, to have it redone
        TakenNames again;
        const WriteResult redone = output(0, &again);
        QCOMPARE(redone.outcome, proto::Outcome::Written);
        QCOMPARE(redone.finalPath, small);
        const WriteResult second = output(1, &again);
        QCOMPARE(second.outcome, proto::Outcome::SkippedExisting);
        QCOMPARE(second.finalPath, numberedVariant(small, 2));

        // Where outputs cannot record their source, the planner numbers such names itself.
        QVERIFY(keepsOrigins(b(dir.path()), true));
        QVERIFY(keepsOrigins(b(dir.filePath("not/made/yet")), false)); // a dry run's folder
        QVERIFY(!keepsOrigins("/proc", false));                        // procfs keeps none
    }

    // A name so long that its numbered variants lose the end of their stem (255 bytes): a
    // resumed batch still finds each photo's own output.
    void longNamesFindTheirOwnOutputToo()
    {
        QTemporaryDir dir;
        const QByteArray pattern =
            b(QFileInfo(dir.path()).canonicalFilePath() + "/") + QByteArray(248, 'x') + "{width}.jpg";
        const auto commit = [&](const QByteArray &source, TakenNames *batch) {
            return commitPhoto(dir, pattern, {300, 200}, source, Overwrite::Skip, batch);
        };
        TakenNames first;
        for (const char *photo : {"/p/a.jpg", "/p/b.jpg", "/p/c.jpg"})
            QCOMPARE(commit(photo, &first).outcome, proto::Outcome::Written);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
        if (outputOrigin(commit("/p/a.jpg", nullptr).finalPath).isEmpty())
            QSKIP("this file system keeps no extended attributes");
        TakenNames resumed;
        for (const char *photo : {"/p/c.jpg", "/p/b.jpg", "/p/a.jpg"}) {
            const WriteResult r = commit(photo, &resumed);
            QCOMPARE(r.outcome, proto::Outcome::SkippedExisting);
            QCOMPARE(outputOrigin(r.finalPath), originOf(photo));
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
    }

    // Every number of a family below firstFree() is taken, whatever order they were taken in.
    void takenNamesKeepTheFirstFreeNumber()
    {
        TakenNames taken;
        const QByteArray plain = "/o/2024-05-01.jpg";
        QCOMPARE(taken.firstFree(plain), 1);
        taken.take(plain, 2, numberedVariant(plain, 2));
        QCOMPARE(taken.firstFree(plain), 1);
        taken.take(plain, 1, plain);
        QCOMPARE(taken.firstFree(plain), 3);
        taken.take(plain, 4, numberedVariant(plain, 4));
        taken.take(numberedVariant(plain, 3)); // a literal name of the batch, planned
        QCOMPARE(taken.firstFree(plain), 3);   // not known to be taken until one looks
        taken.take(plain, 5, numberedVariant(plain, 5));
        QCOMPARE(taken.firstFree(plain), 3);
        QVERIFY(taken.contains(numberedVariant(plain, 3)));
        QCOMPARE(taken.firstFree("/o/other.jpg"), 1);
    }

    // The origin is the front end's to say: one a worker set on its temporary never stays.
    void aWorkersOwnOriginDoesNotStay()
    {
        QTemporaryDir dir;
        const QByteArray temp = b(dir.filePath(".t.part"));
        QFile t(QFile::decodeName(temp));
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write(kPhoto);
        t.close();
        if (::lsetxattr(temp.constData(), kOriginAttribute, "forged", 6, 0) != 0)
            QSKIP("this file system keeps no extended attributes");
        const WriteResult r = commitTemporary(temp, b(dir.filePath("x.jpg")), nullptr, Overwrite::Rename, {});
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(outputOrigin(r.finalPath).isEmpty());
    }

    // A worker's temporary that is a second name of another file (a hard link to ~/.ssh/id_rsa) is
    // not its output: it is not moved into the output folder, and the file it names is left as it
    // was, without the origin attribute and with its own time. Before, it was committed as the
    // image's output (security review).
    void aWorkersHardLinkIsNotCommitted()
    {
        QTemporaryDir dir;
        const QByteArray secret = b(dir.filePath("secret.txt"));
        QFile s(QFile::decodeName(secret));
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.write("TOP SECRET");
        s.close();
        const QByteArray temp = b(dir.filePath(".t.part"));
        QCOMPARE(::link(secret.constData(), temp.constData()), 0);
        const QByteArray out = b(dir.filePath("a.jpg"));
        const WriteResult r = commitTemporary(temp, out, nullptr, Overwrite::Rename, {}, nullptr, b("/photos/a.jpg"));
        QVERIFY(!r.ok);
        QCOMPARE(r.error, QString("the worker's output is not a file of its own"));
        QVERIFY(!QFileInfo::exists(QFile::decodeName(out)));
        QVERIFY(!QFileInfo::exists(QFile::decodeName(temp)));
        QVERIFY(outputOrigin(secret).isEmpty());
        QVERIFY(s.open(QIODevice::ReadOnly));
        QCOMPARE(s.readAll(), QByteArray("TOP SECRET"));
        // Its own file, written the same way, is committed.
        QFile t(QFile::decodeName(temp));
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write(kPhoto);
        t.close();
        const WriteResult fine =
            commitTemporary(temp, out, nullptr, Overwrite::Rename, {}, nullptr, b("/photos/a.jpg"));
        QVERIFY2(fine.ok, qPrintable(fine.error));
        QCOMPARE(fine.finalPath, out);
    }

    // The window's queue is looked up in slices (SourceFiles::addLater): each resolve() stops at
    // its deadline (after 64 files), the next goes on where it stopped, and once every file is
    // known the set protects what an add() would have, through links too.
    void sourcesAddedLaterAreLookedUpInSlices()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("queued.jpg"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        QVERIFY(QFile::link(dir.filePath("queued.jpg"), dir.filePath("link.jpg")));
        SourceFiles sources;
        for (int i = 0; i < 150; ++i)
            sources.addLater(QFile::encodeName(dir.filePath(QStringLiteral("gone-%1.jpg").arg(i))));
        sources.addLater(QFile::encodeName(dir.filePath("queued.jpg")));
        const QByteArray linked = QFile::encodeName(dir.filePath("link.jpg"));
        int calls = 1;
        while (!sources.resolve(QDeadlineTimer(0)))
            ++calls;
        QCOMPARE(calls, 3); // 64, 128, then the last 23
        QVERIFY(sources.holdsOther(linked, {}));
        QVERIFY(!sources.holdsOther(QFile::encodeName(dir.filePath("other.jpg")), {}));
        QVERIFY(sources.resolve(QDeadlineTimer(0))); // nothing left

        SourceFiles atOnce; // a deadline that never passes: one call
        atOnce.addLater(QFile::encodeName(dir.filePath("queued.jpg")));
        QVERIFY(!atOnce.holdsOther(linked, {})); // not before it is resolved
        QVERIFY(atOnce.resolve(QDeadlineTimer(QDeadlineTimer::Forever)));
        QVERIFY(atOnce.holdsOther(linked, {}));
    }

    // With the rename policy the planner takes the first free name itself, so the names do not
    // depend on which job finishes first: a.png would take a.jpg, which a run before wrote, so
    // it takes a (2).jpg, and a.jpg from another folder the next free name.
    // A name whose numbered names all look taken (here: made with a NUL, which the loader now
    // refuses, so that lstat() reads the name before it) fails its image with the reason after a
    // bounded number of them; before, the planner tried numbers for ever, at 100 % CPU.
    void numberingGivesUpWhenEveryNameIsTaken()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("a"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        OutputPlanner planner(preset(QStringLiteral("a%1{name}.{ext}").arg(QChar(0))), dir.path(), "tag");
        QElapsedTimer clock;
        clock.start();
        const auto plan = planner.plan({"/in/quad.png", {}, {}}, 1, 1, {});
        QCOMPARE(plan.error.id, MessageId::OutputNoFreeName);
        QVERIFY2(plan.error.english().contains("the 100000 numbered names after it are taken"),
                 qPrintable(plan.error.english()));
        QVERIFY(plan.pattern.isEmpty());
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
        // The next image is planned as well, and fails the same way (nothing was taken for the first).
        QCOMPARE(planner.plan({"/in/b.png", {}, {}}, 2, 2, {}).error.id, MessageId::OutputNoFreeName);
    }

    void renameIsPlannedInInputOrder()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("a.jpg"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        OutputPlanner planner(preset("{name}.{ext}"), dir.path(), "tag");
        const auto first = planner.plan({"/in/a.png", {}, {}}, 1, 1, {});
        const auto second = planner.plan({"/other/a.jpg", {}, {}}, 2, 2, {});
        QVERIFY(first.pattern.endsWith("/a (2).jpg"));
        QVERIFY(first.renamed);
        QVERIFY(second.pattern.endsWith("/a (3).jpg"));
        QVERIFY(second.renamed);
    }

    // What stands at an output's name must be a file to replace or keep: a folder and a pipe are
    // refused when planned (not after the work, and --dry-run says the same), a link that leads
    // nowhere is no output to skip, and a name longer than a file name may be is refused.
    void whatIsInTheWayIsSaidWhenPlanned_data()
    {
        QTest::addColumn<int>("policy");
        QTest::newRow("overwrite") << int(OverwritePolicy::Overwrite);
        QTest::newRow("skip") << int(OverwritePolicy::Skip);
    }
    void whatIsInTheWayIsSaidWhenPlanned()
    {
        QFETCH(int, policy);
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("a.jpg/inner"));
        QVERIFY(::mkfifo(QFile::encodeName(dir.filePath("b.jpg")).constData(), 0600) == 0);
        QVERIFY(QFile::link("/nonexistent/c.jpg", dir.filePath("c.jpg")));
        QFile blocker(dir.filePath("d"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        OutputPlanner planner(preset("{name}.{ext}", OverwritePolicy(policy)), dir.path(), "tag");
        const PlannedOutput folder = planner.plan({"/in/a.png", {}, {}}, 1, 1, {});
        QVERIFY2(folder.error.english().endsWith("a.jpg: is a folder"), qPrintable(folder.error.english()));
        const PlannedOutput pipe = planner.plan({"/in/b.png", {}, {}}, 2, 2, {});
        QVERIFY2(pipe.error.english().contains("not a regular file"), qPrintable(pipe.error.english()));
        const PlannedOutput dangling = planner.plan({"/in/c.png", {}, {}}, 3, 3, {});
        QVERIFY2(dangling.error.isEmpty(), qPrintable(dangling.error.english()));
        QVERIFY(!dangling.skipExisting);
        QCOMPARE(dangling.overwrite, Overwrite::Replace);

        OutputPlanner sub(preset("{name}/x.{ext}", OverwritePolicy(policy)), dir.path(), "tag");
        const PlannedOutput blocked = sub.plan({"/in/d.png", {}, {}}, 4, 4, {});
        QVERIFY2(blocked.error.english().contains("is not a folder"), qPrintable(blocked.error.english()));

        OutputPlanner suffixed(preset("{name}-long-suffix.{ext}", OverwritePolicy(policy)), dir.path(), "tag");
        // A name too long for the file system is no longer in the way: it is shortened to fit.
        const PlannedOutput tooLong = suffixed.plan({"/in/" + QByteArray(245, 'y') + ".png", {}, {}}, 5, 5, {});
        QVERIFY2(tooLong.error.isEmpty(), qPrintable(tooLong.error.english()));
        QVERIFY(tooLong.shortened);
        // The source's name gives up its end, the template's "-long-suffix" stays.
        QCOMPARE(tooLong.pattern.mid(tooLong.pattern.lastIndexOf('/') + 1), QByteArray(239, 'y') + "-long-suffix.jpg");
    }

    void symlinkedSubFolderCannotLeadOutside()
    {
        QTemporaryDir dir, outside;
        QVERIFY(QFile::link(outside.path(), dir.filePath("escape")));
        OutputPlanner planner(preset("escape/{name}.{ext}"), dir.path(), "tag");
        const auto out = planner.plan({"/in/a.png", {}, {}}, 1, 1, {});
        QVERIFY2(out.error.english().contains("outside"), qPrintable(out.error.english()));
    }

    void nameThatIsDotsIsRefused()
    {
        QTemporaryDir dir;
        OutputPlanner planner(preset("{name}"), dir.path(), "tag");
        QVERIFY(!planner.plan({"/in/...jpg", {}, {}}, 1, 1, {}).error.isEmpty()); // {name} = ".."
    }

    // A memory card's names (exFAT: tests/cli case exfat_output writes onto a real one): what
    // Windows takes in no name is '_', folders are kept, and each character replaced is said once.
    void windowsNamesHaveUnderscores()
    {
        QByteArray replaced;
        QCOMPARE(windowsName("day: 1/10:00 a|b?\"*<>\\\x01\x1f.jpg", &replaced),
                 QByteArray("day_ 1/10_00 a_b________.jpg"));
        QCOMPARE(replaced, QByteArray(":|?\"*<>\\\x01\x1f"));
        QCOMPARE(charactersText(replaced), QStringLiteral(": | ? \" * < > \\ \\x01 \\x1f"));
        replaced = ":";
        QCOMPARE(windowsName("Caf\xc3\xa9 \xe6\x97\xa5 [1] {x} #2 it's.jpg", &replaced),
                 QByteArray("Caf\xc3\xa9 \xe6\x97\xa5 [1] {x} #2 it's.jpg")); // UTF-8 and the rest as they are
        QCOMPARE(replaced, QByteArray(":"));
        QTemporaryDir dir; // where the tests run: a Linux file system, not one made for Windows
        QVERIFY(!takesWindowsNamesOnly(QFile::encodeName(dir.path())));
        QVERIFY(!takesWindowsNamesOnly("/no/such/folder"));
        OutputPlanner planner(preset("{name}.{ext}"), dir.path(), "tag");
        const auto out = planner.plan({"/in/10:00.png", {}, {}}, 1, 1, {});
        QVERIFY2(out.pattern.contains("/10:00.") && out.replaced.isEmpty(), out.pattern.constData());
    }
};

QTEST_GUILESS_MAIN(TestPlanner)
#include "tst_planner.moc"
