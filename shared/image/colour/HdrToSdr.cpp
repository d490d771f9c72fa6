#include "HdrToSdr.h"

#include "ColourManagement.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <lcms2.h>
#include <memory>
#include <mutex>

namespace pp::colour {
namespace {

constexpr double kPqM1 = 2610.0 / 16384, kPqM2 = 2523.0 / 4096 * 128, kPqC1 = 3424.0 / 4096, kPqC2 = 2413.0 / 4096 * 32,
                 kPqC3 = 2392.0 / 4096 * 32;

double pqEotf(double signal)
{
    const double e = std::pow(std::clamp(signal, 0.0, 1.0), 1 / kPqM2);
    return std::pow(std::max(e - kPqC1, 0.0) / (kPqC2 - kPqC3 * e), 1 / kPqM1);
}

// HLG's inverse OETF: the scene light (1 at the signal's peak) of a signal.
double hlgSceneLight(double signal)
{
    const double a = 0.17883277, b = 1 - 4 * a, c = 0.5 - a * std::log(4 * a);
    return signal <= 0.5 ? signal * signal / 3 : (std::exp((signal - c) / a) + b) / 12;
}

bool knownPrimaries(int primaries) { return primaries == 1 || primaries == 2 || primaries == 9 || primaries == 12; }

struct ProfileCloser {
    void operator()(void *p) const { cmsCloseProfile(p); }
};
using Profile = std::unique_ptr<void, ProfileCloser>;

// A profile's colorants (rXYZ, gXYZ, bXYZ, adapted to D50); false when it has none.
bool colorants(cmsHPROFILE p, std::array<cmsCIEXYZ, 3> *out)
{
    const cmsTagSignature tags[3] = {cmsSigRedColorantTag, cmsSigGreenColorantTag, cmsSigBlueColorantTag};
    for (int i = 0; i < 3; ++i) {
        const auto *xyz = static_cast<const cmsCIEXYZ *>(cmsReadTag(p, tags[i]));
        if (!xyz)
            return false;
        (*out)[size_t(i)] = *xyz;
    }
    return true;
}

// The CICP primaries (1, 9, 12) whose colorants a profile has, as PixelPool's own profiles for them
// store them (within what other writers' rounding and adaptation give); 0 for any others.
int colorantPrimaries(cmsHPROFILE p)
{
    struct Known {
        int cicp;
        std::array<cmsCIEXYZ, 3> xyz;
    };
    static std::vector<Known> known;
    static std::once_flag once;
    std::call_once(once, [] {
        for (const int cicp : {1, 9, 12}) {
            QString why;
            const std::vector<uint8_t> bytes = profileFromCicp(cicp, 8, &why);
            const Profile own(cmsOpenProfileFromMem(bytes.data(), cmsUInt32Number(bytes.size())));
            Known k{cicp, {}};
            if (own && colorants(own.get(), &k.xyz))
                known.push_back(k);
        }
    });
    std::array<cmsCIEXYZ, 3> xyz;
    if (!colorants(p, &xyz))
        return 0;
    for (const Known &k : known) {
        bool same = true;
        for (size_t i = 0; i < 3; ++i)
            same = same && std::abs(xyz[i].X - k.xyz[i].X) < 0.005 && std::abs(xyz[i].Y - k.xyz[i].Y) < 0.005 &&
                   std::abs(xyz[i].Z - k.xyz[i].Z) < 0.005;
        if (same)
            return k.cicp;
    }
    return 0;
}

// PQ or HLG when each of a profile's three curves is that transfer's (PQ: light relative to 10,000
// cd/m²; HLG: scene light), within what a table of a few dozen steps gives; else 0. The curves of
// other transfers lie far apart (at a signal of 0.5: PQ 0.009, HLG 0.083, sRGB 0.21).
int curvesTransfer(cmsHPROFILE p)
{
    const cmsTagSignature tags[3] = {cmsSigRedTRCTag, cmsSigGreenTRCTag, cmsSigBlueTRCTag};
    int found = 0;
    for (const cmsTagSignature tag : tags) {
        const auto *curve = static_cast<const cmsToneCurve *>(cmsReadTag(p, tag));
        if (!curve)
            return 0;
        const auto follows = [&](double (*transfer)(double)) {
            if (std::abs(cmsEvalToneCurveFloat(curve, 1.0f) - 1) > 0.02)
                return false;
            for (const double x : {0.25, 0.5, 0.75}) {
                const double v = cmsEvalToneCurveFloat(curve, cmsFloat32Number(x));
                if (!(v > 0) || std::abs(std::log(v / transfer(x))) > 0.15)
                    return false;
            }
            return true;
        };
        const int transfer = follows(pqEotf) ? kTransferPq : follows(hlgSceneLight) ? kTransferHlg : 0;
        if (transfer == 0 || (found != 0 && transfer != found))
            return 0;
        found = transfer;
    }
    return found;
}

} // namespace

HdrReading hdrReading(int primaries, int transfer, const QString &format)
{
    HdrReading r;
    QString why;
    if (knownPrimaries(primaries) && transfer == kTransferPq) {
        r.linear = profileFromCicp(primaries, 8, &why);
        r.icc = profileFromCicp(primaries, 13, &why); // none for sRGB's primaries
        if (!r.linear.empty() && why.isEmpty()) {
            r.way = HdrReading::Way::ToneMapped;
            r.warning = QStringLiteral("HDR %1 (PQ) tone-mapped to SDR: %2 cd/m² made white, brighter highlights "
                                       "rolled off")
                            .arg(format)
                            .arg(kSdrWhiteNits);
            return r;
        }
    } else if (knownPrimaries(primaries) && transfer == kTransferHlg) {
        r.icc = profileFromCicp(primaries, 1, &why); // the BT.709 curve
        if (!r.icc.empty() && why.isEmpty()) {
            r.way = HdrReading::Way::ThroughBt709;
            r.warning =
                QStringLiteral("HDR %1 (HLG) read as its SDR-compatible signal: through the BT.709 curve").arg(format);
            return r;
        }
    }
    r = HdrReading();
    why.clear();
    profileFromCicp(1, transfer, &why); // says the transfer cannot be converted
    r.warning = why;
    return r;
}

void pqLightToSdr(cv::Mat &image, double nitsPerUnit, bool signal)
{
    if (signal)
        pqToLinear(image);
    toneMapToSdr(image, signal ? 10000 : nitsPerUnit, kSdrWhiteNits);
}

bool pqSignalToSdr(cv::Mat &image, const HdrReading &reading, QString *error)
{
    CV_Assert((image.depth() == CV_8U || image.depth() == CV_16U) && image.channels() >= 3);
    const double scale = image.depth() == CV_8U ? 255.0 : 65535.0;
    cv::Mat light;
    image.convertTo(light, CV_32F, 1 / scale);
    pqLightToSdr(light, 0, true);
    if (!convertFloatBetween(light, reading.linear, reading.icc.empty() ? srgbProfile() : reading.icc, error))
        return false;
    cv::Mat out;                                // a new buffer: `image` may stand on a decoder's own memory
    light.convertTo(out, image.depth(), scale); // rounds and saturates what lies outside the gamut
    image = out;
    return true;
}

ProfileCicp hdrOfProfile(const std::vector<uint8_t> &icc)
{
    ProfileCicp out;
    if (icc.empty() || icc.size() > kMaxProfileBytes)
        return out;
    cmsContext ctx = cmsCreateContext(nullptr, nullptr);
    if (cmsHPROFILE p = cmsOpenProfileFromMemTHR(ctx, icc.data(), cmsUInt32Number(icc.size()))) {
        if (cmsGetColorSpace(p) == cmsSigRgbData) {
            const auto *cicp = static_cast<const cmsVideoSignalType *>(cmsReadTag(p, cmsSigcicpTag));
            out.transfer = cicp && isHdrTransfer(cicp->TransferCharacteristics) ? cicp->TransferCharacteristics
                                                                                : curvesTransfer(p);
            if (out.transfer != 0)
                out.primaries = colorantPrimaries(p);
        }
        cmsCloseProfile(p);
    }
    cmsDeleteContext(ctx);
    return out;
}

void toneMapToSdr(cv::Mat &image, double nitsPerUnit, double whiteNits)
{
    CV_Assert(image.depth() == CV_32F && image.channels() >= 3);
    constexpr double kKnee = 0.8; // of white: below it, nothing changes
    const double scale = nitsPerUnit / whiteNits;
    const int n = image.channels();
    for (int y = 0; y < image.rows; ++y) {
        float *p = image.ptr<float>(y);
        for (int x = 0; x < image.cols; ++x, p += n) {
            const double m = std::max({double(p[0]), double(p[1]), double(p[2])}) * scale;
            const double mapped = m <= kKnee ? m : kKnee + (1 - kKnee) * (1 - std::exp(-(m - kKnee) / (1 - kKnee)));
            const double ratio = m > 0 ? scale * mapped / m : scale;
            for (int c = 0; c < 3; ++c)
                p[c] = float(p[c] * ratio);
        }
    }
}

void pqToLinear(cv::Mat &image)
{
    CV_Assert(image.depth() == CV_32F && image.channels() >= 3);
    const int n = image.channels();
    for (int y = 0; y < image.rows; ++y) {
        float *p = image.ptr<float>(y);
        for (int x = 0; x < image.cols; ++x, p += n)
            for (int c = 0; c < 3; ++c)
                p[c] = float(pqEotf(double(p[c])));
    }
}

} // namespace pp::colour
