// Profiles that lcms2 opens but that describe no usable colours (colorants zeroed or in one plane, a
// tone curve that maps everything to one value, tables that give every colour alike) are refused as
// unusable, as damaged ones are: an Adobe RGB profile with its colorant tags zeroed made every
// output black, reported done without a word, and `colour: keep` passed it on. Real profiles (RGB
// matrices and tables, grey, CMYK, version 2 and 4) stay usable.
#include "ColourManagement.h"
#include "ImageCodec.h"
#include "JobExecutor.h"
#include "JobRunner.h"
#include "OneJob.h"
#include "PhotoFixtures.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>
#include <lcms2.h>
#include <opencv2/imgproc.hpp>

using namespace pp;
using namespace pp::testphotos;

Q_DECLARE_METATYPE(Bytes)

namespace {

// The bytes of the tag `sig` in `icc` (offset, size), or {0, 0}.
std::pair<size_t, size_t> tagOf(const Bytes &icc, const char *sig)
{
    const quint32 tags = qFromBigEndian<quint32>(icc.data() + 128);
    for (quint32 i = 0; i < tags; ++i) {
        const uint8_t *entry = icc.data() + 132 + 12 * i;
        if (std::memcmp(entry, sig, 4) == 0)
            return {qFromBigEndian<quint32>(entry + 4), qFromBigEndian<quint32>(entry + 8)};
    }
    return {0, 0};
}

// `icc` with the XYZ numbers of the colorant tag `sig` set to those of `from` (nullptr: zero).
Bytes withColorant(Bytes icc, const char *sig, const char *from)
{
    const auto [at, size] = tagOf(icc, sig);
    Q_ASSERT(size == 20);
    if (from)
        std::memcpy(icc.data() + at + 8, icc.data() + tagOf(icc, from).first + 8, 12);
    else
        std::memset(icc.data() + at + 8, 0, 12);
    return icc;
}

// An RGB profile of Adobe RGB's primaries whose red curve is `red` (the others gamma 2.2).
Bytes rgbWithRedCurve(cmsToneCurve *red)
{
    const cmsCIExyY d65 = {0.3127, 0.3290, 1};
    const cmsCIExyYTRIPLE primaries = {{0.64, 0.33, 1}, {0.21, 0.71, 1}, {0.15, 0.06, 1}};
    cmsToneCurve *g = cmsBuildGamma(nullptr, 2.2);
    cmsToneCurve *curves[3] = {red, g, g};
    cmsHPROFILE p = cmsCreateRGBProfile(&d65, &primaries, curves);
    cmsFreeToneCurve(g);
    cmsFreeToneCurve(red);
    return saveProfile(p, "red curve test profile");
}

Bytes greyWithCurve(cmsToneCurve *curve, bool version4 = false)
{
    cmsHPROFILE p = cmsCreateGrayProfile(cmsD50_xyY(), curve);
    cmsFreeToneCurve(curve);
    if (version4)
        cmsSetProfileVersion(p, 4.3);
    return saveProfile(p, "grey test profile");
}

// A profile of `space` (RGB or CMYK) made of tables alone (A2B0, A2B1 to L*a*b*), each input
// colour's L*a*b* given by `lab` (inputs 0..1, L* 0..100); an output profile for CMYK, an input
// one for RGB.
Bytes tableProfile(cmsColorSpaceSignature space, const std::function<cmsCIELab(const double *)> &lab)
{
    const int channels = space == cmsSigCmykData ? 4 : 3;
    cmsHPROFILE p = cmsCreateProfilePlaceholder(nullptr);
    cmsSetProfileVersion(p, 2.4);
    cmsSetDeviceClass(p, space == cmsSigCmykData ? cmsSigOutputClass : cmsSigInputClass);
    cmsSetColorSpace(p, space);
    cmsSetPCS(p, cmsSigLabData);
    cmsPipeline *pipe = cmsPipelineAlloc(nullptr, cmsUInt32Number(channels), 3);
    cmsStage *clut = cmsStageAllocCLut16bit(nullptr, 9, cmsUInt32Number(channels), 3, nullptr);
    struct Cargo {
        const std::function<cmsCIELab(const double *)> *lab;
        int channels;
    } cargo{&lab, channels};
    cmsStageSampleCLut16bit(
        clut,
        [](const cmsUInt16Number in[], cmsUInt16Number out[], void *c) -> cmsInt32Number {
            const auto *cargo = static_cast<const Cargo *>(c);
            double v[4];
            for (int i = 0; i < cargo->channels; ++i)
                v[i] = in[i] / 65535.0;
            const cmsCIELab l = (*cargo->lab)(v);
            cmsFloat2LabEncodedV2(out, &l);
            return 1;
        },
        &cargo, 0);
    cmsPipelineInsertStage(pipe, cmsAT_END, clut);
    cmsWriteTag(p, cmsSigAToB0Tag, pipe);
    cmsWriteTag(p, cmsSigAToB1Tag, pipe);
    cmsPipelineFree(pipe);
    cmsWriteTag(p, cmsSigMediaWhitePointTag, cmsD50_XYZ());
    return saveProfile(p, "table test profile");
}

// sRGB's L*a*b* of an RGB colour (0..1), through lcms2.
cmsCIELab srgbLab(const double *rgb)
{
    static cmsHTRANSFORM x = [] {
        cmsHPROFILE s = cmsCreate_sRGBProfile(), l = cmsCreateLab2Profile(nullptr);
        cmsHTRANSFORM t = cmsCreateTransform(s, TYPE_RGB_DBL, l, TYPE_Lab_DBL, INTENT_RELATIVE_COLORIMETRIC, 0);
        cmsCloseProfile(s);
        cmsCloseProfile(l);
        return t;
    }();
    cmsCIELab out;
    cmsDoTransform(x, rgb, &out, 1);
    return out;
}

Bytes version4(Bytes icc)
{
    cmsHPROFILE p = cmsOpenProfileFromMem(icc.data(), cmsUInt32Number(icc.size()));
    cmsSetProfileVersion(p, 4.3);
    return saveProfile(p, "version 4 test profile");
}

} // namespace

class TestColourProfiles : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Output {
        bool ok = false;
        QString warning, error;
        cv::Mat pixels;
        Bytes icc;
    };

    // One job of `steps` writing a PNG with `colour` on `input`; the output read back with its profile.
    Output run(const Bytes &input, const char *steps, const char *colour)
    {
        const QString json = QStringLiteral(R"({"format":"pixelpool-preset","version":1,"name":"t","steps":%1,
                                               "output":{"format":"png","metadata":"keep","colour":"%2"}})")
                                 .arg(QLatin1String(steps), QLatin1String(colour));
        const OneJob job = runOneJob(json, input, QDir(m_dir.path()));
        const JobOutcome &o = job.outcome;
        Output w;
        w.ok = o.ok;
        w.error = o.failed.message;
        w.warning = o.finished.warning;
        if (!o.ok)
            return w;
        const Bytes &bytes = job.written;
        const ImageInfo info = probeImage(bytes.data(), bytes.size());
        const DecodeResult d = decodeImage(bytes.data(), bytes.size(), info, 8, false, true);
        w.pixels = d.image;
        w.icc = d.metadata.icc;
        return w;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void degenerateProfilesAreUnusable_data()
    {
        QTest::addColumn<Bytes>("icc");
        QTest::addColumn<QString>("why");
        const Bytes adobe = adobeRgb();
        QTest::newRow("colorants zero") << withColorant(
                                               withColorant(withColorant(adobe, "rXYZ", nullptr), "gXYZ", nullptr),
                                               "bXYZ", nullptr)
                                        << "its colorants (rXYZ, gXYZ, bXYZ) are zero";
        // Profiles of no image's colours (metadata QA pass: an abstract one was kept in a JPEG, left
        // out of a PNG, and failed a conversion in lcms2's words).
        QTest::newRow("abstract") << [] {
            return saveProfile(cmsCreateBCHSWabstractProfile(17, 0, 1.2, 0, 0, 6504, 6504), "warmer");
        }() << "an abstract profile, a colour effect: it describes no image's colours";
        QTest::newRow("device link") << [] {
            cmsToneCurve *curves[3] = {cmsBuildGamma(nullptr, 1.8), cmsBuildGamma(nullptr, 1.8),
                                       cmsBuildGamma(nullptr, 1.8)};
            cmsHPROFILE p = cmsCreateLinearizationDeviceLink(cmsSigRgbData, curves);
            cmsFreeToneCurveTriple(curves);
            return saveProfile(p, "link"); // closes it
        }() << "a device link, which joins two devices: it describes no image's colours";
        QTest::newRow("blue colorant zero") << withColorant(adobe, "bXYZ", nullptr)
                                            << "its colorants (rXYZ, gXYZ, bXYZ) lie in one plane (a singular matrix)";
        QTest::newRow("green colorant red's")
            << withColorant(adobe, "gXYZ", "rXYZ")
            << "its colorants (rXYZ, gXYZ, bXYZ) lie in one plane (a singular matrix)";
        const cmsUInt16Number half[2] = {32768, 32768};
        QTest::newRow("red curve flat") << rgbWithRedCurve(cmsBuildTabulatedToneCurve16(nullptr, 2, half))
                                        << "its red tone curve (rTRC) maps every value to 0.500";
        const cmsUInt16Number zero[2] = {0, 0};
        QTest::newRow("grey curve flat, version 4")
            << greyWithCurve(cmsBuildTabulatedToneCurve16(nullptr, 2, zero), true)
            << "its grey tone curve (kTRC) maps every value to 0.000";
        QTest::newRow("RGB tables, one colour") << tableProfile(cmsSigRgbData, [](const double *) {
            return cmsCIELab{50, 10, 10};
        }) << "black and white come out alike through it (ΔE 0.0)";
        // Colour without chroma: every colour grey (its lightness sRGB's).
        QTest::newRow("RGB tables, grey") << tableProfile(cmsSigRgbData, [](const double *rgb) {
            const double mean[3] = {(rgb[0] + rgb[1] + rgb[2]) / 3, (rgb[0] + rgb[1] + rgb[2]) / 3,
                                    (rgb[0] + rgb[1] + rgb[2]) / 3};
            return srgbLab(mean);
        }) << "red and green come out alike through it (ΔE 0.0)";
        QTest::newRow("CMYK tables, one colour") << tableProfile(cmsSigCmykData, [](const double *) {
            return cmsCIELab{0, 0, 0};
        }) << "no ink and full black come out alike through it (ΔE 0.0)";
    }
    void degenerateProfilesAreUnusable()
    {
        QFETCH(Bytes, icc);
        QFETCH(QString, why);
        QVERIFY(colour::profileDamage(icc).isEmpty()); // whole: lcms2 opens it
        cmsHPROFILE opened = cmsOpenProfileFromMem(icc.data(), cmsUInt32Number(icc.size()));
        QVERIFY(opened);
        cmsCloseProfile(opened);
        const colour::ProfileInfo p = colour::inspectProfile(icc);
        QCOMPARE(int(p.space), int(colour::ProfileSpace::Invalid));
        QCOMPARE(p.error, QStringLiteral("unusable (%1)").arg(why));
        if (why.startsWith("no ink")) { // CMYK: the inks are converted without it
            cv::Mat bgr;
            QString error;
            QVERIFY(!colour::cmykToSrgb(cv::Mat(2, 2, CV_8UC4, cv::Scalar::all(9)), false, icc, &bgr, &error));
            QCOMPARE(error, p.error);
            return;
        }
        cv::Mat pixels = photo(16, 8);
        if (why.contains("grey"))
            cv::cvtColor(pixels, pixels, cv::COLOR_BGR2GRAY);
        const cv::Mat before = pixels.clone();
        QString error;
        QVERIFY(!colour::convertToSrgb(pixels, icc, &error));
        QCOMPARE(error, p.error);
        QCOMPARE(cv::norm(pixels, before, cv::NORM_INF), 0.0);
    }

    // Every real kind stays as it was: matrix and table RGB of narrow and wide gamuts, grey, CMYK,
    // version 2 and 4, and whatever profiles the system has (Ghostscript's, icc-profiles-free).
    void realProfilesStayUsable()
    {
        QList<std::pair<QString, Bytes>> profiles{
            {"Adobe RGB", adobeRgb()},
            {"Display P3", displayP3()},
            {"sRGB", lcmsSrgb()},
            {"ROMM", rommProfile()},
            {"linear grey", linearGrey()},
            {"Adobe RGB v4", version4(adobeRgb())},
            {"Display P3 v4", version4(displayP3())},
            {"grey gamma 2.2 v4", greyWithCurve(cmsBuildGamma(nullptr, 2.2), true)},
            {"grey gamma 1.8", greyWithCurve(cmsBuildGamma(nullptr, 1.8))},
            {"sRGB tables", tableProfile(cmsSigRgbData, srgbLab)},
            {"PixelPool's sRGB", colour::srgbProfile()},
            {"PixelPool's Adobe RGB", colour::adobeRgbProfile()}};
        QString warning;
        for (const auto &[name, primaries, transfer] :
             {std::tuple{"Rec. 2020", 9, 14}, std::tuple{"Rec. 2020 linear", 9, 8}, std::tuple{"P3 D65", 12, 13},
              std::tuple{"BT.709", 1, 1}}) {
            const Bytes icc = colour::profileFromCicp(primaries, transfer, &warning);
            QVERIFY2(!icc.empty(), name);
            profiles.append({QString::fromLatin1(name), icc});
        }
        const double p3[8] = {0.3127, 0.3290, 0.680, 0.320, 0.265, 0.690, 0.150, 0.060};
        profiles.append({"PNG gamma 1.8, P3", colour::profileFromPngChunks(1 / 1.8, p3, false, &warning)});
        profiles.append({"PNG grey gamma 1.0", colour::profileFromPngChunks(1.0, nullptr, true, &warning)});
        int cmyk = 0;
        QDirIterator files("/usr/share/color/icc", {"*.icc", "*.ICC", "*.icm", "*.ICM"}, QDir::Files,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            const Bytes icc = readAll(path);
            // An abstract profile (colord ships one, a colour effect) describes no image's colours.
            if (icc.size() >= 16 && std::equal(icc.begin() + 12, icc.begin() + 16, "abst")) {
                QVERIFY2(colour::inspectProfile(icc).error.contains("an abstract profile"), qPrintable(path));
                continue;
            }
            // Nor does a named-colour profile (colord-data's x11-colors.icc, when it is installed):
            // refused as such. The test failed on a machine that had it.
            if (icc.size() >= 16 && std::equal(icc.begin() + 12, icc.begin() + 16, "nmcl")) {
                QVERIFY2(colour::inspectProfile(icc).error.contains("a list of named colours"), qPrintable(path));
                continue;
            }
            profiles.append({path, icc});
        }
        for (const auto &[name, icc] : profiles) {
            QVERIFY2(!icc.empty(), qPrintable(name));
            const colour::ProfileInfo p = colour::inspectProfile(icc);
            QVERIFY2(p.space != colour::ProfileSpace::Invalid, qPrintable(name + ": " + p.error));
            QString error;
            if (p.space == colour::ProfileSpace::Rgb || p.space == colour::ProfileSpace::Gray) {
                cv::Mat pixels = photo(16, 8);
                if (p.space == colour::ProfileSpace::Gray)
                    cv::cvtColor(pixels, pixels, cv::COLOR_BGR2GRAY);
                QVERIFY2(colour::convertToSrgb(pixels, icc, &error), qPrintable(name + ": " + error));
                QVERIFY2(cv::norm(pixels, cv::NORM_INF) > 100, qPrintable(name));
            } else if (p.space == colour::ProfileSpace::Cmyk) {
                ++cmyk;
                cv::Mat bgr;
                QVERIFY2(colour::cmykToSrgb(cmykPixels(16, 8), true, icc, &bgr, &error),
                         qPrintable(name + ": " + error));
            }
        }
        qInfo("%lld profiles, %d of them CMYK", qlonglong(profiles.size()), cmyk);
    }

    // What a job makes of a photo with such a profile: the profile left out with a warning, the
    // pixels taken as sRGB, whether it converts to sRGB, keeps the profile, or draws a watermark
    // in the photo's own colour space. All three came out black (converting, and the watermark
    // under keep) or carried the profile on, without a word.
    void aJobIgnoresADegenerateProfileWithAWarning_data()
    {
        QTest::addColumn<QString>("steps");
        QTest::addColumn<QString>("colour");
        QTest::newRow("srgb") << "[]"
                              << "srgb";
        QTest::newRow("keep") << "[]"
                              << "keep";
        QTest::newRow("keep, watermark") << R"([{"op":"watermark","text":"PixelPool","opacity":1}])"
                                         << "keep";
    }
    void aJobIgnoresADegenerateProfileWithAWarning()
    {
        QFETCH(QString, steps);
        QFETCH(QString, colour);
        const Bytes adobe = adobeRgb();
        const Bytes zero =
            withColorant(withColorant(withColorant(adobe, "rXYZ", nullptr), "gXYZ", nullptr), "bXYZ", nullptr);
        const cv::Mat picture = photo(96, 64);
        const QByteArray s = steps.toLatin1(), c = colour.toLatin1();
        const Output degenerate = run(encoded(picture, OutputFormat::Png, zero), s.constData(), c.constData());
        QVERIFY2(degenerate.ok, qPrintable(degenerate.error));
        QCOMPARE(degenerate.warning,
                 QStringLiteral("colour profile ignored: unusable (its colorants (rXYZ, gXYZ, bXYZ) are zero)"));
        QVERIFY(degenerate.icc.empty());
        const Output plain = run(encoded(picture, OutputFormat::Png), s.constData(), c.constData());
        QVERIFY2(plain.ok && plain.warning.isEmpty(), qPrintable(plain.error + plain.warning));
        QCOMPARE(cv::norm(degenerate.pixels, plain.pixels, cv::NORM_INF), 0.0);
        QVERIFY(cv::mean(degenerate.pixels)[1] > 40); // not black
    }
};

QTEST_GUILESS_MAIN(TestColourProfiles)
#include "tst_colour_profiles.moc"
