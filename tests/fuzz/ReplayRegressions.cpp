// test_fuzz_regressions: replays every seed in tests/fuzz/corpus/<target>/ and every saved
// reproducer in tests/fuzz/regressions/<target>/ through the same checks the fuzzers run.
//
//   test_fuzz_regressions                  replay everything under the built-in source folder
//   test_fuzz_regressions --root DIR       ... under DIR (a copy of tests/fuzz)
//   test_fuzz_regressions TARGET FILE...   replay single files (TARGET: frames, preset, probe, decode, metadata,
//   headerprobe)
//
// In the normal build the checks catch property violations and crashes; in the fuzz build
// (clang, ASan+UBSan) they also catch out-of-bounds reads and undefined behaviour.
#include "FuzzChecks.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <cstdio>

namespace {

using Check = QString (*)(const uint8_t *, size_t);

struct Target {
    const char *name;
    Check check;
};
const Target kTargets[] = {
    {"frames", &pp::fuzz::checkFrames},     {"preset", &pp::fuzz::checkPreset},
    {"probe", &pp::fuzz::checkProbe},       {"decode", &pp::fuzz::checkDecode},
    {"metadata", &pp::fuzz::checkMetadata}, {"headerprobe", &pp::fuzz::checkHeaderProbe},
};

const Target *findTarget(const QString &name)
{
    for (const Target &t : kTargets)
        if (name == QLatin1String(t.name))
            return &t;
    return nullptr;
}

// Returns false on a violation (printed).
bool replay(const Target &t, const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "FAIL %s %s: cannot read: %s\n", t.name, qPrintable(path), qPrintable(f.errorString()));
        return false;
    }
    const QByteArray bytes = f.readAll();
    const QString violation = t.check(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
    if (!violation.isEmpty()) {
        std::fprintf(stderr, "FAIL %s %s\n  %s\n", t.name, qPrintable(path),
                     qPrintable(QString(violation).replace('\n', QLatin1String("\n  "))));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    int files = 0, failures = 0;
    if (!args.isEmpty() && args.first() != QLatin1String("--root")) {
        const Target *t = findTarget(args.takeFirst());
        if (!t || args.isEmpty()) {
            std::fprintf(stderr, "usage: %s [--root DIR] | TARGET FILE...\n", argv[0]);
            return 2;
        }
        for (const QString &path : args) {
            ++files;
            failures += replay(*t, path) ? 0 : 1;
        }
    } else {
        QString root = QStringLiteral(PIXELPOOL_FUZZ_SOURCE_DIR);
        if (args.size() == 2)
            root = args.at(1);
        for (const Target &t : kTargets) {
            int seeds = 0;
            for (const char *kind : {"corpus", "regressions"}) {
                const QDir dir(QStringLiteral("%1/%2/%3").arg(root, QLatin1String(kind), QLatin1String(t.name)));
                const QFileInfoList entries = dir.entryInfoList(QDir::Files, QDir::Name);
                for (const QFileInfo &fi : entries) {
                    if (fi.fileName().startsWith(QLatin1String("README")))
                        continue;
                    ++files;
                    seeds += QLatin1String(kind) == QLatin1String("corpus") ? 1 : 0;
                    failures += replay(t, fi.filePath()) ? 0 : 1;
                }
            }
            if (seeds == 0) {
                std::fprintf(stderr, "FAIL %s: no seeds in %s/corpus/%s\n", t.name, qPrintable(root), t.name);
                ++failures;
            }
        }
    }
    std::printf("replayed %d file(s): %d failure(s)\n", files, failures);
    return failures ? 1 : 0;
}
