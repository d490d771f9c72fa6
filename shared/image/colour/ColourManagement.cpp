#include "ColourManagement.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <lcms2.h>
#include <array>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

namespace pp::colour {
namespace {

constexpr size_t kCachedTransforms = 8;
constexpr size_t kCachedVerdicts = 8, kVerdictBytes = 256 << 10;

double srgbEotf(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }

struct CachedTransform {
    std::vector<uint8_t> profile;
    cmsUInt32Number inFormat = 0, outFormat = 0;
    cmsHTRANSFORM transform = nullptr;
};

// lcms reports errors through a handler of its context: one context per thread, whose handler
// keeps the first message for the call that is running. The thread's transforms live with it,
// most recently used first (a batch from one camera creates each transform once), and go before it.
struct ThreadContext {
    cmsContext ctx = nullptr;
    QString lastError;
    std::list<CachedTransform> transforms;
    // degeneracy()'s verdicts on the profiles last opened (those of at most kVerdictBytes), most
    // recent first: reading a profile's tone curves takes lcms2 about 0.1 ms each, and one job
    // opens its profile a few times (decoding, each output, the preview).
    std::list<std::pair<std::vector<uint8_t>, QString>> verdicts;
    ThreadContext()
    {
        ctx = cmsCreateContext(nullptr, this);
        cmsSetLogErrorHandlerTHR(ctx, [](cmsContext c, cmsUInt32Number, const char *text) {
            auto *self = static_cast<ThreadContext *>(cmsGetContextUserData(c));
            if (self->lastError.isEmpty())
                self->lastError = QString::fromUtf8(text);
        });
    }
    ~ThreadContext()
    {
        for (CachedTransform &e : transforms)
            cmsDeleteTransform(e.transform);
        if (ctx)
            cmsDeleteContext(ctx);
    }
    QString takeError(const QString &fallback)
    {
        QString e = lastError.isEmpty() ? fallback : lastError;
        lastError.clear();
        return e;
    }
};

thread_local ThreadContext t_context;

struct ProfileCloser {
    void operator()(void *p) const { cmsCloseProfile(p); }
};
using Profile = std::unique_ptr<void, ProfileCloser>;

uint32_t bigEndian32(const uint8_t *p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

// Whether the bytes say they are a profile: the "acsp" signature at byte 36 of the header.
bool signedAsProfile(const std::vector<uint8_t> &icc)
{
    return icc.size() >= 40 && std::memcmp(icc.data() + 36, "acsp", 4) == 0;
}

// The size a profile's header declares, or what is stored when that is less (padding past it is not
// the profile's).
size_t declaredSize(const std::vector<uint8_t> &icc)
{
    return signedAsProfile(icc) ? std::min<size_t>(icc.size(), bigEndian32(icc.data())) : icc.size();
}

// A tone curve that maps every value to one (within 1/1000): its value, or a negative number.
double flatCurveValue(const cmsToneCurve *curve)
{
    double least = 2, most = -1;
    for (int k = 0; k <= 32; ++k) {
        const double v = cmsEvalToneCurveFloat(curve, cmsFloat32Number(k / 32.0));
        least = std::min(least, v);
        most = std::max(most, v);
    }
    return most - least < 1e-3 ? most : -1;
}

// The test colours degeneracy() sends through a profile: black, white and the primaries (no ink,
// full black and the three inks for CMYK; lcms2's floating-point CMYK is 0..100).
struct TestColour {
    const char *name;
    cmsFloat64Number value[4];
};
constexpr TestColour kRgbTests[] = {
    {"black", {0, 0, 0}}, {"white", {1, 1, 1}}, {"red", {1, 0, 0}}, {"green", {0, 1, 0}}, {"blue", {0, 0, 1}}};
constexpr TestColour kGreyTests[] = {{"black", {0}}, {"white", {1}}};
constexpr TestColour kCmykTests[] = {{"no ink", {0, 0, 0, 0}},
                                     {"full black", {0, 0, 0, 100}},
                                     {"cyan", {100, 0, 0, 0}},
                                     {"magenta", {0, 100, 0, 0}},
                                     {"yellow", {0, 0, 100, 0}}};

// What makes a profile that lcms2 opens describe no usable colours (empty when nothing does): an
// Adobe RGB profile with its colorant tags zeroed turned every photo black, without a word, and
// `colour: keep` passed it on. Where lcms2 converts through the colorants and tone curves (no table
// for the relative intent), colorants that are zero or lie in one plane (a singular matrix: they mix
// to no more than a plane of colours) and a curve that maps every value to one are named. Then, for
// any RGB, grey or CMYK profile, tables too, the test colours go through it and must come out at
// least kDistinct apart, as they do by far in real profiles (ΔE 100 from black to white; the
// closest pair in any profile tried, a CMYK one's paper and cyan, 73): through the colorants and
// curves computed here (lcms2 takes up to 0.4 ms to make a transform of them), through lcms2 where
// it has tables. The verdict says what the profile is: "unusable (…)", or "damaged (…)" when a
// tone curve or colorant lcms2 converts through cannot be read (lcms2 said "Couldn't link the
// profiles" or "Corrupted tag 'rTRC'" when converting); a profile with tables it cannot convert from
// at all is unusable, in lcms2's words.
QString degeneracy(cmsHPROFILE p)
{
    constexpr double kDistinct = 2; // CIE ΔE 1976
    const cmsColorSpaceSignature space = cmsGetColorSpace(p);
    const TestColour *tests = space == cmsSigRgbData    ? kRgbTests
                              : space == cmsSigGrayData ? kGreyTests
                              : space == cmsSigCmykData ? kCmykTests
                                                        : nullptr;
    const size_t count = space == cmsSigRgbData    ? std::size(kRgbTests)
                         : space == cmsSigGrayData ? std::size(kGreyTests)
                                                   : std::size(kCmykTests);
    if (!tests)
        return {};
    std::vector<cmsCIELab> out(count);
    const bool shaper = space != cmsSigCmykData && !cmsIsCLUT(p, INTENT_RELATIVE_COLORIMETRIC, LCMS_USED_AS_INPUT) &&
                        cmsIsMatrixShaper(p);
    if (shaper) {
        const bool rgb = space == cmsSigRgbData;
        static const struct {
            cmsTagSignature tag;
            const char *name;
        } kCurves[] = {{cmsSigRedTRCTag, "red tone curve (rTRC)"},
                       {cmsSigGreenTRCTag, "green tone curve (gTRC)"},
                       {cmsSigBlueTRCTag, "blue tone curve (bTRC)"},
                       {cmsSigGrayTRCTag, "grey tone curve (kTRC)"}};
        const cmsTagSignature colorantTags[3] = {cmsSigRedColorantTag, cmsSigGreenColorantTag, cmsSigBlueColorantTag};
        cv::Matx33d m = cv::Matx33d::diag({cmsD50_XYZ()->X, cmsD50_XYZ()->Y, cmsD50_XYZ()->Z}); // grey: D50 × Y
        const cmsToneCurve *curves[3] = {};
        const int channels = rgb ? 3 : 1;
        for (int i = 0; i < channels; ++i) {
            const auto &c = kCurves[rgb ? i : 3];
            curves[i] = static_cast<const cmsToneCurve *>(cmsReadTag(p, c.tag));
            if (!curves[i])
                return QStringLiteral("damaged (its %1 cannot be read)").arg(QLatin1String(c.name));
            if (const double v = flatCurveValue(curves[i]); v >= 0)
                return QStringLiteral("unusable (its %1 maps every value to %2)")
                    .arg(QLatin1String(c.name))
                    .arg(v, 0, 'f', 3);
        }
        if (rgb) {
            double norms = 1;
            for (int i = 0; i < 3; ++i) {
                const auto *c = static_cast<const cmsCIEXYZ *>(cmsReadTag(p, colorantTags[i]));
                if (!c)
                    return QStringLiteral("damaged (its %1 colorant (%2) cannot be read)")
                        .arg(QLatin1String(i == 0   ? "red"
                                           : i == 1 ? "green"
                                                    : "blue"),
                             QLatin1String(i == 0   ? "rXYZ"
                                           : i == 1 ? "gXYZ"
                                                    : "bXYZ"));
                m(0, i) = c->X, m(1, i) = c->Y, m(2, i) = c->Z;
                norms *= std::sqrt(c->X * c->X + c->Y * c->Y + c->Z * c->Z);
            }
            if (cv::norm(m) == 0)
                return QStringLiteral("unusable (its colorants (rXYZ, gXYZ, bXYZ) are zero)");
            if (!(std::fabs(cv::determinant(m)) > 1e-3 * norms))
                return QStringLiteral(
                    "unusable (its colorants (rXYZ, gXYZ, bXYZ) lie in one plane (a singular matrix))");
        }
        for (size_t t = 0; t < count; ++t) {
            cv::Vec3d linear(0, 0, 0);
            for (int i = 0; i < 3; ++i)
                linear[i] = cmsEvalToneCurveFloat(curves[rgb ? i : 0], cmsFloat32Number(tests[t].value[rgb ? i : 0]));
            const cv::Vec3d xyz = rgb ? m * linear : cv::Vec3d(m(0, 0), m(1, 1), m(2, 2)) * linear[0];
            const cmsCIEXYZ x{xyz[0], xyz[1], xyz[2]};
            cmsXYZ2Lab(cmsD50_XYZ(), &out[t], &x);
        }
    } else {
        ThreadContext &tc = t_context;
        const cmsUInt32Number format = space == cmsSigRgbData    ? TYPE_RGB_DBL
                                       : space == cmsSigGrayData ? TYPE_GRAY_DBL
                                                                 : TYPE_CMYK_DBL;
        Profile lab(cmsCreateLab4ProfileTHR(tc.ctx, nullptr));
        tc.lastError.clear();
        cmsHTRANSFORM x =
            lab ? cmsCreateTransformTHR(tc.ctx, p, format, lab.get(), TYPE_Lab_DBL, INTENT_RELATIVE_COLORIMETRIC,
                                        cmsFLAGS_NOOPTIMIZE | cmsFLAGS_NOCACHE)
                : nullptr;
        if (!x && lab)
            return tc.lastError.isEmpty()
                       ? QStringLiteral("unusable (lcms2 cannot convert from it)")
                       : QStringLiteral("unusable (lcms2 cannot convert from it: %1)").arg(tc.lastError);
        if (!x)
            return {};
        for (size_t t = 0; t < count; ++t)
            cmsDoTransform(x, tests[t].value, &out[t], 1);
        cmsDeleteTransform(x);
    }
    for (size_t i = 0; i < count; ++i)
        if (!std::isfinite(out[i].L) || !std::isfinite(out[i].a) || !std::isfinite(out[i].b))
            return QStringLiteral("unusable (%1 comes out as no colour through it)").arg(QLatin1String(tests[i].name));
    for (size_t i = 0; i < count; ++i)
        for (size_t j = i + 1; j < count; ++j)
            if (const double d = cmsDeltaE(&out[i], &out[j]); d < kDistinct)
                return QStringLiteral("unusable (%1 and %2 come out alike through it (ΔE %3))")
                    .arg(QLatin1String(tests[i].name), QLatin1String(tests[j].name))
                    .arg(d, 0, 'f', 1);
    return {};
}

// degeneracy() of `p`, opened from `icc`: the thread's verdict when it judged those bytes lately.
QString degeneracyOf(const std::vector<uint8_t> &icc, cmsHPROFILE p)
{
    auto &verdicts = t_context.verdicts;
    for (auto it = verdicts.begin(); it != verdicts.end(); ++it) {
        if (it->first == icc) {
            verdicts.splice(verdicts.begin(), verdicts, it);
            return verdicts.front().second;
        }
    }
    const QString before = t_context.lastError; // what lcms2 says while judging is no reason to give
    QString why = degeneracy(p);
    t_context.lastError = before;
    if (icc.size() <= kVerdictBytes) {
        verdicts.emplace_front(icc, why);
        if (verdicts.size() > kCachedVerdicts)
            verdicts.pop_back();
    }
    return why;
}

// Opens the profile within the size its header declares; a damaged one (profileDamage) or one that
// describes no usable colours (degeneracy) is refused with the reason as the thread's error.
Profile openProfile(const std::vector<uint8_t> &icc)
{
    if (icc.empty() || icc.size() > kMaxProfileBytes)
        return nullptr;
    if (const QString damage = profileDamage(icc); !damage.isEmpty()) {
        t_context.lastError = QStringLiteral("damaged (%1)").arg(damage);
        return nullptr;
    }
    Profile p(cmsOpenProfileFromMemTHR(t_context.ctx, icc.data(), cmsUInt32Number(declaredSize(icc))));
    if (!p)
        return p;
    // Profiles of no image's colours: an abstract one (a colour effect, Lab to Lab), a device link
    // (two devices joined) or a list of named colours. An abstract one was kept silently in a
    // JPEG, left out of a PNG with a warning, and a conversion said lcms2's "Couldn't link the
    // profiles" (metadata QA pass): now each is unusable everywhere alike.
    switch (cmsGetDeviceClass(p.get())) {
    case cmsSigAbstractClass:
        t_context.lastError = QStringLiteral("unusable (an abstract profile, a colour effect: it describes no "
                                             "image's colours)");
        return nullptr;
    case cmsSigLinkClass:
        t_context.lastError = QStringLiteral("unusable (a device link, which joins two devices: it describes no "
                                             "image's colours)");
        return nullptr;
    case cmsSigNamedColorClass:
        t_context.lastError = QStringLiteral("unusable (a list of named colours: it describes no image's colours)");
        return nullptr;
    default:
        break;
    }
    if (QString why = degeneracyOf(icc, p.get()); !why.isEmpty()) {
        t_context.lastError = std::move(why);
        return nullptr;
    }
    return p;
}

cmsToneCurve *srgbCurve(cmsContext ctx)
{
    const cmsFloat64Number params[5] = {2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045};
    return cmsBuildParametricToneCurve(ctx, 4, params);
}

Profile srgbGreyProfile(cmsContext ctx)
{
    cmsToneCurve *curve = srgbCurve(ctx);
    Profile p(cmsCreateGrayProfileTHR(ctx, cmsD50_xyY(), curve));
    cmsFreeToneCurve(curve);
    return p;
}

bool isSrgb(cmsHPROFILE p)
{
    if (cmsGetColorSpace(p) != cmsSigRgbData || !cmsIsMatrixShaper(p))
        return false;
    const cmsTagSignature colorants[3] = {cmsSigRedColorantTag, cmsSigGreenColorantTag, cmsSigBlueColorantTag};
    const cmsTagSignature curves[3] = {cmsSigRedTRCTag, cmsSigGreenTRCTag, cmsSigBlueTRCTag};
    // sRGB's own colorants (D50-adapted, as lcms builds them), read once per process.
    static const std::array<std::optional<cmsCIEXYZ>, 3> reference = [&] {
        std::array<std::optional<cmsCIEXYZ>, 3> r;
        cmsContext ctx = cmsCreateContext(nullptr, nullptr);
        if (cmsHPROFILE srgb = cmsCreate_sRGBProfileTHR(ctx)) {
            for (int i = 0; i < 3; ++i)
                if (const auto *c = static_cast<const cmsCIEXYZ *>(cmsReadTag(srgb, colorants[i])))
                    r[size_t(i)] = *c;
            cmsCloseProfile(srgb);
        }
        cmsDeleteContext(ctx);
        return r;
    }();
    for (int i = 0; i < 3; ++i) {
        const auto *a = static_cast<const cmsCIEXYZ *>(cmsReadTag(p, colorants[i]));
        const std::optional<cmsCIEXYZ> &b = reference[size_t(i)];
        const auto *t = static_cast<const cmsToneCurve *>(cmsReadTag(p, curves[i]));
        if (!a || !b || !t)
            return false;
        if (std::fabs(a->X - b->X) > 0.005 || std::fabs(a->Y - b->Y) > 0.005 || std::fabs(a->Z - b->Z) > 0.005)
            return false;
        for (int k = 0; k <= 64; ++k) {
            const double v = k / 64.0;
            if (std::fabs(cmsEvalToneCurveFloat(t, cmsFloat32Number(v)) - srgbEotf(v)) > 0.005)
                return false;
        }
    }
    return true;
}

// The cached transform from `icc` (inFormat) to sRGB or sRGB grey (outFormat), or null with
// *error set.
cmsHTRANSFORM transformFor(const std::vector<uint8_t> &icc, cmsUInt32Number inFormat, cmsUInt32Number outFormat,
                           QString *error)
{
    auto &entries = t_context.transforms;
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        if (it->inFormat == inFormat && it->outFormat == outFormat && it->profile == icc) {
            entries.splice(entries.begin(), entries, it);
            return entries.front().transform;
        }
    }
    ThreadContext &tc = t_context;
    tc.lastError.clear();
    Profile in = openProfile(icc);
    if (!in) {
        *error = tc.takeError(QStringLiteral("not a usable ICC profile"));
        return nullptr;
    }
    const bool grey = T_COLORSPACE(outFormat) == PT_GRAY;
    Profile out = grey ? srgbGreyProfile(tc.ctx) : Profile(cmsCreate_sRGBProfileTHR(tc.ctx));
    // lcms2's optimised 16-bit transforms interpolate a precalculated table: up to 6 levels (of 255)
    // off an exact conversion for an Adobe RGB photo, where its 8-bit path is within 1. 16-bit
    // pixels exist to be exact, so they go through the unoptimised pipeline (about 5x slower). Its
    // optimised 8-bit grey is up to 10 levels off where a curve is steep (a linear profile's darks:
    // 1 became 6, not 13), so 8-bit grey is converted through a table of the exact transform's 256
    // levels (convertToSrgb).
    const bool exact = T_BYTES(inFormat) == 2 || T_COLORSPACE(inFormat) == PT_GRAY;
    const cmsUInt32Number flags = cmsFLAGS_BLACKPOINTCOMPENSATION | (exact ? cmsFLAGS_NOOPTIMIZE : 0) |
                                  (T_EXTRA(inFormat) && T_EXTRA(outFormat) ? cmsFLAGS_COPY_ALPHA : 0);
    cmsHTRANSFORM x = out ? cmsCreateTransformTHR(tc.ctx, in.get(), inFormat, out.get(), outFormat,
                                                  INTENT_RELATIVE_COLORIMETRIC, flags)
                          : nullptr;
    if (!x) {
        *error = tc.takeError(QStringLiteral("the colour profile cannot be converted from"));
        return nullptr;
    }
    if (entries.size() >= kCachedTransforms) {
        cmsDeleteTransform(entries.back().transform);
        entries.pop_back();
    }
    entries.push_front({icc, inFormat, outFormat, x});
    return x;
}

} // namespace

ProfileInfo inspectProfile(const std::vector<uint8_t> &icc)
{
    ProfileInfo info;
    if (icc.empty())
        return info;
    info.space = ProfileSpace::Invalid;
    if (icc.size() > kMaxProfileBytes) {
        info.error = QStringLiteral("a colour profile of %1 bytes is larger than any real one").arg(icc.size());
        return info;
    }
    t_context.lastError.clear();
    Profile p = openProfile(icc);
    if (!p) {
        info.error = t_context.takeError(QStringLiteral("not an ICC profile"));
        return info;
    }
    char text[256] = {};
    if (cmsGetProfileInfoASCII(p.get(), cmsInfoDescription, "en", "US", text, sizeof text) > 0)
        info.description = QString::fromLatin1(text).trimmed();
    switch (cmsGetColorSpace(p.get())) {
    case cmsSigRgbData:
        info.space = ProfileSpace::Rgb;
        info.srgb = isSrgb(p.get());
        break;
    case cmsSigGrayData:
        info.space = ProfileSpace::Gray;
        break;
    case cmsSigCmykData:
        info.space = ProfileSpace::Cmyk;
        break;
    default:
        info.space = ProfileSpace::Other;
        break;
    }
    t_context.lastError.clear();
    return info;
}

QString profileDamage(const std::vector<uint8_t> &icc)
{
    if (!signedAsProfile(icc))
        return {};
    constexpr size_t kHeader = 128, kTagEntry = 12;
    const size_t stored = icc.size(), declared = bigEndian32(icc.data());
    if (declared > stored)
        return QStringLiteral("its header says %1 bytes, %2 are stored").arg(declared).arg(stored);
    if (declared < kHeader + 4)
        return QStringLiteral("its header says %1 bytes, less than a header and a tag table").arg(declared);
    const size_t tags = bigEndian32(icc.data() + kHeader);
    if (tags > (declared - kHeader - 4) / kTagEntry)
        return QStringLiteral("its table of %1 tags ends past its %2 bytes").arg(tags).arg(declared);
    for (size_t i = 0; i < tags; ++i) {
        const uint8_t *entry = icc.data() + kHeader + 4 + i * kTagEntry;
        const uint64_t offset = bigEndian32(entry + 4), size = bigEndian32(entry + 8);
        if (offset + size > declared) {
            QString name;
            for (int c = 0; c < 4; ++c)
                name += entry[c] >= 0x20 && entry[c] < 0x7F ? QChar(entry[c]) : QChar(u'?');
            return QStringLiteral("its tag '%1' points past its %2 bytes").arg(name).arg(declared);
        }
    }
    return {};
}

bool trimProfilePadding(std::vector<uint8_t> *icc)
{
    const size_t declared = declaredSize(*icc);
    if (declared >= icc->size() || !profileDamage(*icc).isEmpty())
        return false;
    icc->resize(declared);
    return true;
}

bool profileFits(ProfileSpace space, int channels)
{
    return (space == ProfileSpace::Gray && channels == 1) ||
           (space == ProfileSpace::Rgb && (channels == 3 || channels == 4));
}

bool convertsFrom(ProfileSpace space, int channels)
{
    return profileFits(space, channels) || (space == ProfileSpace::Gray && (channels == 3 || channels == 4));
}

bool convertToSrgb(cv::Mat &image, const std::vector<uint8_t> &icc, QString *error)
{
    if ((image.depth() != CV_8U && image.depth() != CV_16U) || image.channels() == 2 || image.channels() > 4) {
        *error = QStringLiteral("colour conversion needs 8- or 16-bit grey, colour or colour+alpha pixels");
        return false;
    }
    // Grey pixels widened to colour (a grey+alpha PNG or TIFF is read as colour+alpha) with their grey
    // profile: each colour channel through it, as one grey channel, to sRGB grey; alpha is kept.
    const bool greyProfile = icc.size() >= 20 && std::memcmp(icc.data() + 16, "GRAY", 4) == 0;
    if (greyProfile && image.channels() >= 3) {
        cv::Mat converted = image.clone(); // in place: never through a view that others share
        cv::Mat channel;
        for (int c = 0; c < 3; ++c) {
            cv::extractChannel(image, channel, c);
            if (!convertToSrgb(channel, icc, error))
                return false;
            cv::insertChannel(channel, converted, c);
        }
        image = converted;
        return true;
    }
    const bool wide = image.depth() == CV_16U;
    const cmsUInt32Number format = image.channels() == 1   ? (wide ? TYPE_GRAY_16 : TYPE_GRAY_8)
                                   : image.channels() == 3 ? (wide ? TYPE_BGR_16 : TYPE_BGR_8)
                                                           : (wide ? TYPE_BGRA_16 : TYPE_BGRA_8);
    cmsHTRANSFORM x = transformFor(icc, format, format, error);
    if (!x)
        return false;
    if (format == TYPE_GRAY_8) { // the exact transform of each level, as a table (transformFor)
        cv::Mat table(1, 256, CV_8U);
        for (int v = 0; v < 256; ++v)
            table.data[v] = uint8_t(v);
        cmsDoTransform(x, table.data, table.data, 256);
        cv::Mat out;
        cv::LUT(image, table, out);
        image = out;
        return true;
    }
    if (!image.isContinuous() || image.u == nullptr || image.u->refcount > 1)
        image = image.clone(); // converted in place: never through a view that others share
    cmsDoTransformLineStride(x, image.data, image.data, cmsUInt32Number(image.cols), cmsUInt32Number(image.rows),
                             cmsUInt32Number(image.step), cmsUInt32Number(image.step), 0, 0);
    return true;
}

bool cmykToSrgb(const cv::Mat &cmyk, bool adobeInverted, const std::vector<uint8_t> &icc, cv::Mat *bgr, QString *error)
{
    if (cmyk.type() != CV_8UC4 && cmyk.type() != CV_16UC4) {
        *error = QStringLiteral("CMYK conversion needs 8- or 16-bit four-channel pixels");
        return false;
    }
    const bool wide = cmyk.depth() == CV_16U;
    const cmsUInt32Number in =
        wide ? (adobeInverted ? TYPE_CMYK_16_REV : TYPE_CMYK_16) : (adobeInverted ? TYPE_CMYK_8_REV : TYPE_CMYK_8);
    cmsHTRANSFORM x = transformFor(icc, in, wide ? TYPE_BGR_16 : TYPE_BGR_8, error);
    if (!x)
        return false;
    bgr->create(cmyk.rows, cmyk.cols, CV_MAKETYPE(cmyk.depth(), 3));
    cmsDoTransformLineStride(x, cmyk.data, bgr->data, cmsUInt32Number(cmyk.cols), cmsUInt32Number(cmyk.rows),
                             cmsUInt32Number(cmyk.step), cmsUInt32Number(bgr->step), 0, 0);
    return true;
}

namespace {

template <typename T> cv::Mat plainCmyk(const cv::Mat &cmyk, bool adobeInverted)
{
    constexpr uint64_t kMax = std::numeric_limits<T>::max();
    // The share of light an ink lets through, kMax where there is none.
    const auto light = [&](T ink) { return adobeInverted ? uint64_t(ink) : kMax - ink; };
    cv::Mat bgr(cmyk.rows, cmyk.cols, CV_MAKETYPE(cv::DataType<T>::depth, 3));
    for (int y = 0; y < cmyk.rows; ++y) {
        const T *s = cmyk.ptr<T>(y);
        T *d = bgr.ptr<T>(y);
        for (int x = 0; x < cmyk.cols; ++x, s += 4, d += 3) {
            const uint64_t k = light(s[3]);
            d[0] = T((light(s[2]) * k + kMax / 2) / kMax);
            d[1] = T((light(s[1]) * k + kMax / 2) / kMax);
            d[2] = T((light(s[0]) * k + kMax / 2) / kMax);
        }
    }
    return bgr;
}

} // namespace

cv::Mat cmykToBgrPlain(const cv::Mat &cmyk, bool adobeInverted)
{
    return cmyk.depth() == CV_16U ? plainCmyk<uint16_t>(cmyk, adobeInverted) : plainCmyk<uint8_t>(cmyk, adobeInverted);
}

QString cmykProfileUnusedWarning(const std::vector<uint8_t> &icc, const QString &why)
{
    QString reason = why;
    if (reason.isEmpty()) {
        const ProfileInfo p = inspectProfile(icc);
        reason = !p.error.isEmpty()              ? p.error
                 : p.space == ProfileSpace::Cmyk ? QStringLiteral("the profile cannot be used")
                                                 : QStringLiteral("not a CMYK profile");
    }
    return QStringLiteral("CMYK converted without its colour profile: %1").arg(reason);
}

namespace {

// XYZ of a white of chromaticity (x, y), Y = 1.
cv::Vec3d whiteXyz(double x, double y) { return {x / y, 1.0, (1 - x - y) / y}; }

// The ICC's D50, as profiles (and lcms2) have it.
const cv::Vec3d kIccD50(0.9642, 1.0, 0.8249);

const cv::Matx33d kBradford(0.8951, 0.2664, -0.1614, -0.7502, 1.7135, 0.0367, 0.0389, -0.0685, 1.0296);

// Linear sRGB from XYZ relative to `white`: Bradford's adaptation from that white to sRGB's own
// (D65), then the matrix of sRGB's primaries (IEC 61966-2-1), both derived here.
cv::Matx33d srgbFromXyz(const cv::Vec3d &white)
{
    const double xr = 0.64, yr = 0.33, xg = 0.30, yg = 0.60, xb = 0.15, yb = 0.06;
    const cv::Vec3d d65 = whiteXyz(0.3127, 0.3290);
    const cv::Matx33d primaries(xr / yr, xg / yg, xb / yb, 1, 1, 1, (1 - xr - yr) / yr, (1 - xg - yg) / yg,
                                (1 - xb - yb) / yb);
    const cv::Vec3d scale = primaries.inv() * d65;
    const cv::Matx33d xyzFromRgb = primaries * cv::Matx33d::diag(scale);
    const cv::Vec3d from = kBradford * white, to = kBradford * d65;
    const cv::Matx33d adapt =
        kBradford.inv() * cv::Matx33d::diag({to[0] / from[0], to[1] / from[1], to[2] / from[2]}) * kBradford;
    return xyzFromRgb.inv() * adapt;
}

// The sRGB curve as a table from linear light in 65536 steps to T's levels.
template <typename T> std::vector<T> srgbCurveTable()
{
    constexpr double kMax = std::numeric_limits<T>::max();
    std::vector<T> table(65536);
    for (size_t i = 0; i < table.size(); ++i) {
        const double v = double(i) / 65535.0;
        const double e = v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1 / 2.4) - 0.055;
        table[i] = T(std::lround(e * kMax));
    }
    return table;
}

// L*a*b* pixels (three colour channels and maybe alpha, labToSrgb's encoding) to sRGB BGR(A).
template <typename T> void labPixelsToSrgb(const cv::Mat &lab, cv::Mat &out, const cv::Vec3d &white)
{
    constexpr bool kWide = sizeof(T) == 2;
    constexpr float kL = kWide ? 655.35f : 2.55f, kAb = kWide ? 257.0f : 1.0f;
    static const std::vector<T> curve = srgbCurveTable<T>();
    const cv::Matx33f m = srgbFromXyz(white);
    const float wx = float(white[0]), wz = float(white[2]);
    const auto finv = [](float t) {
        constexpr float kDelta = 6.0f / 29.0f;
        return t > kDelta ? t * t * t : 3 * kDelta * kDelta * (t - 4.0f / 29.0f);
    };
    // NaN (which no white labToSrgb takes can give) would be black, never an index out of the table.
    const auto encode = [&](float v) { return curve[size_t((v > 0.0f ? std::min(v, 1.0f) : 0.0f) * 65535.0f + 0.5f)]; };
    const auto fy = [&](T l) { return (l / kL + 16.0f) / 116.0f; };
    // At 8 bits, X, Y and Z come from tables: X of each L* and a* code, Z of each L* and b* code.
    std::vector<float> xOf, yOf, zOf;
    if (!kWide) {
        xOf.resize(65536), yOf.resize(256), zOf.resize(65536);
        for (int l = 0; l < 256; ++l) {
            yOf[size_t(l)] = finv(fy(T(l)));
            for (int c = 0; c < 256; ++c) {
                xOf[size_t(l << 8 | c)] = wx * finv(fy(T(l)) + (c - 128.0f) / 500.0f);
                zOf[size_t(l << 8 | c)] = wz * finv(fy(T(l)) - (c - 128.0f) / 200.0f);
            }
        }
    }
    const int n = lab.channels(), on = out.channels();
    for (int y = 0; y < lab.rows; ++y) {
        const T *p = lab.ptr<T>(y);
        T *q = out.ptr<T>(y);
        for (int x = 0; x < lab.cols; ++x, p += n, q += on) {
            float cx, cy, cz;
            if constexpr (kWide) {
                const float f = fy(p[0]);
                cx = wx * finv(f + (p[1] / kAb - 128.0f) / 500.0f);
                cy = finv(f);
                cz = wz * finv(f - (p[2] / kAb - 128.0f) / 200.0f);
            } else {
                cx = xOf[size_t(p[0] << 8 | p[1])];
                cy = yOf[p[0]];
                cz = zOf[size_t(p[0] << 8 | p[2])];
            }
            q[0] = encode(m(2, 0) * cx + m(2, 1) * cy + m(2, 2) * cz);
            q[1] = encode(m(1, 0) * cx + m(1, 1) * cy + m(1, 2) * cz);
            q[2] = encode(m(0, 0) * cx + m(0, 1) * cy + m(0, 2) * cz);
            if (on == 4)
                q[3] = p[3];
        }
    }
}

} // namespace

bool usableWhite(double x, double y)
{
    const auto within = [](double v) { return v > 0.1 && v < 0.6; }; // false for NaN
    if (!within(x) || !within(y) || x + y >= 1)
        return false;
    const cv::Vec3d cones = kBradford * whiteXyz(x, y);
    return cones[0] > 0.05 && cones[1] > 0.05 && cones[2] > 0.05;
}

bool labToSrgb(const cv::Mat &lab, cv::Mat *out, QString *error, const double *whiteXy)
{
    const int channels = lab.channels();
    if ((lab.depth() != CV_8U && lab.depth() != CV_16U) || channels > 4) {
        *error = QStringLiteral("L*a*b* conversion needs 8- or 16-bit pixels of one to four channels");
        return false;
    }
    if (whiteXy && !usableWhite(whiteXy[0], whiteXy[1])) {
        *error = QStringLiteral("the white point (%1, %2) is no light's").arg(whiteXy[0]).arg(whiteXy[1]);
        return false;
    }
    const bool wide = lab.depth() == CV_16U;
    // A white a file states as D50 is the ICC's D50, not one rounded from its chromaticity.
    const cv::Vec3d d50Xy(kIccD50[0] / cv::sum(kIccD50)[0], kIccD50[1] / cv::sum(kIccD50)[0], 0);
    const bool d50 = !whiteXy || (std::abs(whiteXy[0] - d50Xy[0]) < 0.001 && std::abs(whiteXy[1] - d50Xy[1]) < 0.001);
    const cv::Vec3d white = d50 ? kIccD50 : whiteXyz(whiteXy[0], whiteXy[1]);
    const auto convert = [&](const cv::Mat &in, cv::Mat &to) {
        if (wide)
            labPixelsToSrgb<uint16_t>(in, to, white);
        else
            labPixelsToSrgb<uint8_t>(in, to, white);
    };
    if (channels >= 3) {
        out->create(lab.rows, lab.cols, CV_MAKETYPE(lab.depth(), channels));
        convert(lab, *out);
        return true;
    }
    // L* alone: every level converted once (a* = b* = 0: grey, sRGB's three channels agree to a
    // level), then looked up; alpha, when there is some, is kept.
    const int levels = wide ? 65536 : 256;
    cv::Mat ramp(1, levels, CV_MAKETYPE(lab.depth(), 3)), rampOut(1, levels, CV_MAKETYPE(lab.depth(), 3)), grey;
    for (int v = 0; v < levels; ++v) {
        if (wide)
            ramp.at<cv::Vec3w>(0, v) = {ushort(v), 128 * 257, 128 * 257};
        else
            ramp.at<cv::Vec3b>(0, v) = {uchar(v), 128, 128};
    }
    convert(ramp, rampOut);
    cv::extractChannel(rampOut, grey, 1);
    std::vector<cv::Mat> planes;
    cv::split(lab, planes);
    cv::Mat l(lab.size(), lab.depth());
    for (int y = 0; y < lab.rows; ++y) {
        const auto put = [&](auto *dst, const auto *src, const auto *table) {
            for (int i = 0; i < lab.cols; ++i)
                dst[i] = table[src[i]];
        };
        if (wide)
            put(l.ptr<ushort>(y), planes[0].ptr<ushort>(y), grey.ptr<ushort>(0));
        else
            put(l.ptr<uchar>(y), planes[0].ptr<uchar>(y), grey.ptr<uchar>(0));
    }
    if (channels == 1) {
        *out = l;
        return true;
    }
    cv::merge(std::vector<cv::Mat>{l, l, l, planes[1]}, *out); // grey + alpha: the pipeline's BGRA
    return true;
}

bool convertFloatBetween(cv::Mat &image, const std::vector<uint8_t> &from, const std::vector<uint8_t> &to,
                         QString *error)
{
    const int channels = image.channels();
    if (image.depth() != CV_32F || channels > 4) {
        *error = QStringLiteral("colour conversion between profiles needs floating-point pixels");
        return false;
    }
    const cmsUInt32Number format = channels == 1   ? TYPE_GRAY_FLT
                                   : channels == 2 ? TYPE_GRAYA_FLT
                                   : channels == 3 ? TYPE_RGB_FLT
                                                   : TYPE_RGBA_FLT;
    ThreadContext &tc = t_context;
    tc.lastError.clear();
    const Profile in = openProfile(from), out = openProfile(to);
    if (!in || !out) {
        *error = tc.takeError(QStringLiteral("not a usable ICC profile"));
        return false;
    }
    // Once per image, not cached: this serves the rare lossy JPEG XL whose profile is not one
    // that libjxl can name.
    cmsHTRANSFORM x = cmsCreateTransformTHR(tc.ctx, in.get(), format, out.get(), format, INTENT_RELATIVE_COLORIMETRIC,
                                            channels % 2 == 0 ? cmsFLAGS_COPY_ALPHA : 0);
    if (!x) {
        *error = tc.takeError(QStringLiteral("the colour profiles cannot be converted between"));
        return false;
    }
    if (!image.isContinuous() || image.u == nullptr || image.u->refcount > 1)
        image = image.clone();
    cmsDoTransformLineStride(x, image.data, image.data, cmsUInt32Number(image.cols), cmsUInt32Number(image.rows),
                             cmsUInt32Number(image.step), cmsUInt32Number(image.step), 0, 0);
    cmsDeleteTransform(x);
    return true;
}

namespace {

// Saves a profile built here: version 2.1, a description, and the same bytes in every run (a
// fixed creation date in header bytes 24-35 instead of lcms's clock, no profile ID in 84-99).
std::vector<uint8_t> saveBuiltProfile(cmsContext ctx, cmsHPROFILE p, const char *description)
{
    std::vector<uint8_t> bytes;
    cmsSetProfileVersion(p, 2.1);
    cmsMLU *name = cmsMLUalloc(ctx, 1);
    cmsMLUsetASCII(name, "en", "US", description);
    cmsWriteTag(p, cmsSigProfileDescriptionTag, name);
    cmsMLU *copyright = cmsMLUalloc(ctx, 1);
    cmsMLUsetASCII(copyright, "en", "US", "No copyright, use freely");
    cmsWriteTag(p, cmsSigCopyrightTag, copyright);
    cmsMLUfree(name);
    cmsMLUfree(copyright);
    if (cmsGetColorSpace(p) == cmsSigRgbData) {
        cmsLinkTag(p, cmsSigGreenTRCTag, cmsSigRedTRCTag);
        cmsLinkTag(p, cmsSigBlueTRCTag, cmsSigRedTRCTag);
    }
    cmsUInt32Number n = 0;
    if (cmsSaveProfileToMem(p, nullptr, &n) && n > 128) {
        bytes.resize(n);
        if (!cmsSaveProfileToMem(p, bytes.data(), &n))
            bytes.clear();
    }
    if (bytes.size() > 128) {
        const uint8_t date[12] = {0x07, 0xE8, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0}; // 2024-01-01 00:00:00
        std::memcpy(bytes.data() + 24, date, sizeof date);
        std::memset(bytes.data() + 84, 0, 16);
    }
    return bytes;
}

constexpr cmsCIExyY kD65 = {0.3127, 0.3290, 1.0};

// An RGB profile with the given white (D65 unless said), primaries and one curve for all three
// channels; empty when they describe no colour space (lcms2 cannot invert their matrix).
std::vector<uint8_t> rgbProfile(const cmsCIExyYTRIPLE &primaries, cmsToneCurve *curve, const char *description,
                                const cmsCIExyY &white = kD65)
{
    cmsContext ctx = cmsCreateContext(nullptr, nullptr);
    cmsToneCurve *curves[3] = {curve, curve, curve};
    std::vector<uint8_t> bytes;
    if (cmsHPROFILE p = cmsCreateRGBProfileTHR(ctx, &white, &primaries, curves)) {
        bytes = saveBuiltProfile(ctx, p, description);
        cmsCloseProfile(p);
    }
    cmsDeleteContext(ctx);
    return bytes;
}

} // namespace

const std::vector<uint8_t> &srgbProfile()
{
    static std::vector<uint8_t> bytes;
    static std::once_flag once;
    std::call_once(once, [] {
        // sRGB's primaries with the exact sRGB curve as one shared 1024-entry table: about 2.6 KB.
        std::vector<cmsUInt16Number> table(1024);
        for (size_t i = 0; i < table.size(); ++i)
            table[i] = cmsUInt16Number(std::lround(srgbEotf(double(i) / 1023.0) * 65535.0));
        cmsToneCurve *curve = cmsBuildTabulatedToneCurve16(nullptr, cmsUInt32Number(table.size()), table.data());
        bytes = rgbProfile({{0.64, 0.33, 1}, {0.30, 0.60, 1}, {0.15, 0.06, 1}}, curve, "sRGB");
        cmsFreeToneCurve(curve);
    });
    return bytes;
}

const std::vector<uint8_t> &adobeRgbProfile()
{
    static std::vector<uint8_t> bytes;
    static std::once_flag once;
    std::call_once(once, [] {
        cmsToneCurve *curve = cmsBuildGamma(nullptr, 563.0 / 256.0);
        bytes = rgbProfile({{0.64, 0.33, 1}, {0.21, 0.71, 1}, {0.15, 0.06, 1}}, curve, "Adobe RGB (1998)");
        cmsFreeToneCurve(curve);
    });
    return bytes;
}

std::vector<uint8_t> profileFromCicp(int primaries, int transfer, QString *warning)
{
    const bool srgbTransfer = transfer == 13 || transfer == 2; // sRGB, or unspecified (read as sRGB)
    if ((primaries == 1 || primaries == 2) && srgbTransfer)
        return {};
    cmsCIExyYTRIPLE p;
    const char *name = nullptr;
    switch (primaries) {
    case 1:
    case 2:
        p = {{0.64, 0.33, 1}, {0.30, 0.60, 1}, {0.15, 0.06, 1}};
        name = "BT.709";
        break;
    case 9:
        p = {{0.708, 0.292, 1}, {0.170, 0.797, 1}, {0.131, 0.046, 1}};
        name = "BT.2020";
        break;
    case 12:
        p = {{0.680, 0.320, 1}, {0.265, 0.690, 1}, {0.150, 0.060, 1}};
        name = "Display P3";
        break;
    default:
        *warning = QStringLiteral("colour description (CICP primaries %1) not understood: read as sRGB").arg(primaries);
        return {};
    }
    cmsToneCurve *curve = nullptr;
    if (srgbTransfer) {
        curve = srgbCurve(nullptr);
    } else if (transfer == 1 || transfer == 6 || transfer == 14 || transfer == 15) {
        const cmsFloat64Number bt709[5] = {1 / 0.45, 1 / 1.099, 0.099 / 1.099, 1 / 4.5, 0.081};
        curve = cmsBuildParametricToneCurve(nullptr, 4, bt709);
    } else if (transfer == 8) {
        curve = cmsBuildGamma(nullptr, 1.0);
    } else if (transfer == 4) {
        curve = cmsBuildGamma(nullptr, 2.2);
    } else if (transfer == 5) {
        curve = cmsBuildGamma(nullptr, 2.8);
    } else {
        *warning = QStringLiteral("colour description (CICP transfer %1%2) cannot be converted: read as sRGB")
                       .arg(transfer)
                       .arg(transfer == 16   ? ", PQ"
                            : transfer == 18 ? ", HLG"
                                             : "");
        return {};
    }
    std::vector<uint8_t> bytes = rgbProfile(p, curve, name);
    cmsFreeToneCurve(curve);
    return bytes;
}

std::vector<uint8_t> profileFromPngChunks(double gamma, const double *chromaticities, bool grey, QString *warning)
{
    // White, red, green, blue (x, y) of sRGB, as an sRGB PNG's cHRM states them.
    static const double kSrgb[8] = {0.3127, 0.3290, 0.64, 0.33, 0.30, 0.60, 0.15, 0.06};
    bool srgbPrimaries = true;
    for (int i = 0; chromaticities && i < (grey ? 2 : 8); ++i)
        srgbPrimaries = srgbPrimaries && std::abs(chromaticities[i] - kSrgb[i]) <= 0.01;
    // A gamma of 1/2.2 is how PNG writers say sRGB without the sRGB chunk (libpng's own rule).
    const bool srgbGamma = gamma == 0 || std::abs(gamma * 2.2 - 1) <= 0.01;
    if (srgbGamma && srgbPrimaries)
        return {};
    const double exponent = gamma > 0 ? 1 / gamma : 0;
    if (gamma > 0 && (exponent < 0.2 || exponent > 5)) {
        *warning = QStringLiteral("PNG gamma %1 not believable: read as sRGB").arg(gamma);
        return {};
    }
    const double *c = chromaticities ? chromaticities : kSrgb;
    for (int i = 0; i < 8; i += 2)
        if (!(c[i] > 0 && c[i] < 1 && c[i + 1] > 0 && c[i + 1] < 1)) {
            *warning = QStringLiteral("PNG chromaticities not understood: read as sRGB");
            return {};
        }
    cmsToneCurve *curve = gamma > 0 ? cmsBuildGamma(nullptr, exponent) : srgbCurve(nullptr);
    const cmsCIExyY white = {c[0], c[1], 1.0};
    std::vector<uint8_t> bytes;
    if (grey) {
        cmsContext ctx = cmsCreateContext(nullptr, nullptr);
        if (cmsHPROFILE p = cmsCreateGrayProfileTHR(ctx, &white, curve)) {
            bytes = saveBuiltProfile(ctx, p, "PNG gamma");
            cmsCloseProfile(p);
        }
        cmsDeleteContext(ctx);
    } else {
        bytes = rgbProfile({{c[2], c[3], 1}, {c[4], c[5], 1}, {c[6], c[7], 1}}, curve, "PNG gamma and chromaticities",
                           white);
    }
    cmsFreeToneCurve(curve);
    if (bytes.empty())
        *warning = QStringLiteral("PNG chromaticities describe no colour space: read as sRGB");
    return bytes;
}

} // namespace pp::colour
