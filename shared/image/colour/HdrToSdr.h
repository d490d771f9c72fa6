// HDR images (the PQ and HLG transfers) read as SDR, one way for every input that says it is HDR: a
// JPEG XL's colour encoding or ICC profile, an AVIF or HEIC's nclx colour description
// (docs/formats.md, "HDR inputs"). Read through their HDR profile, they went through lcms2's relative
// colorimetric conversion, which makes the transfer's peak white: 10,000 cd/m² for PQ, so a PQ image
// came out nearly black and an HLG one dark. What each becomes instead:
// - PQ in sRGB's, Display P3 or BT.2020 primaries: its light tone mapped with 203 cd/m² as white,
//   then the sRGB curve in the image's own primaries.
// - HLG in those primaries: its signal read through the BT.709 curve, the SDR rendition HLG is made
//   for (its peak made white, as an HLG-to-SDR rendering does, is darker).
// - Otherwise (other primaries, grey): the signal read as sRGB, with a warning that says so.
#pragma once

#include <QString>
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

namespace pp::colour {

// The light an SDR rendition of a PQ image makes white: BT.2408's HDR reference white (graphics
// white), where a PQ image puts its diffuse white; brighter highlights roll off below white.
constexpr double kSdrWhiteNits = 203;
// The HDR transfers, as ITU-T H.273 (CICP) numbers them (JPEG XL's enum does too).
constexpr int kTransferPq = 16;
constexpr int kTransferHlg = 18;
inline bool isHdrTransfer(int transfer) { return transfer == kTransferPq || transfer == kTransferHlg; }

// How an image of an HDR transfer is read as SDR (see the top).
struct HdrReading {
    enum class Way { ToneMapped, ThroughBt709, AsSrgb };
    Way way = Way::AsSrgb;
    // ToneMapped: linear light in the image's primaries, the profile pqToSdr converts from.
    std::vector<uint8_t> linear;
    // The profile of the pixels read as SDR: the sRGB curve (ToneMapped) or BT.709's (ThroughBt709)
    // in the image's primaries; empty for sRGB's primaries, and for AsSrgb.
    std::vector<uint8_t> icc;
    QString warning; // what was done, naming the format ("HDR AVIF (PQ) tone-mapped to SDR: …")
};

// The reading of an image with these CICP primaries (1 or 2: BT.709/sRGB, 9: BT.2020, 12: Display
// P3; 0 for grey and any other) and HDR transfer, `format` as its warning names it ("JPEG XL").
HdrReading hdrReading(int primaries, int transfer, const QString &format);

// PQ light to SDR, in place, for floating-point RGB or RGBA pixels (channels 0..2; alpha is kept):
// the PQ signal itself when `signal` (decoded to light, 1 is 10,000 cd/m²), else linear light of
// `nitsPerUnit` cd/m² to 1; then tone mapped with kSdrWhiteNits as white (toneMapToSdr). The light
// stays linear, in the primaries it came in.
void pqLightToSdr(cv::Mat &image, double nitsPerUnit, bool signal);

// 8- or 16-bit RGB or RGBA pixels (channels in that order) of the PQ signal to SDR in place, at the
// same depth: decoded, tone mapped (pqLightToSdr), then converted from reading.linear into
// reading.icc (sRGB when empty). Returns false with *error when lcms2 cannot convert.
bool pqSignalToSdr(cv::Mat &image, const HdrReading &reading, QString *error);

// What an ICC profile says of an HDR image: its cicp tag's transfer when that is PQ or HLG, else PQ
// or HLG when its curves are those (as libjxl and others write them, as tables), with the CICP
// primaries its colorants are (1, 9 or 12; 0 for others). Transfer 0 for any other profile, and for
// one that is not RGB.
struct ProfileCicp {
    int primaries = 0;
    int transfer = 0;
};
ProfileCicp hdrOfProfile(const std::vector<uint8_t> &icc);

// HDR light to SDR, in place, for floating-point RGB or RGBA pixels (channels 0..2 linear light,
// `nitsPerUnit` cd/m² to 1): `whiteNits` becomes white (1), what is darker than 80 % of it stays
// where SDR has it, and brighter light rolls off smoothly towards white (an exponential shoulder, so
// that highlights keep their order and nothing clips). Each pixel is scaled by the ratio its
// brightest channel takes, which keeps its hue; alpha is kept.
void toneMapToSdr(cv::Mat &image, double nitsPerUnit, double whiteNits);
// The PQ (SMPTE ST 2084) signal of floating-point RGB or RGBA pixels to linear light, in place:
// 1 is 10,000 cd/m²; alpha is kept.
void pqToLinear(cv::Mat &image);

} // namespace pp::colour
