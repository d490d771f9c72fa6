// Colour profiles through lcms2: what an embedded ICC profile describes, converting pixels from it
// to sRGB, and the sRGB profile PixelPool embeds. Runs in workers: profiles come from hostile files,
// so every profile is opened, checked and capped before use, and every failure is a message.
#pragma once

#include <QString>
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

namespace pp::colour {

// Profiles larger than this are ignored (CMYK LUT profiles reach ~3 MB; matrix profiles ~10 KB).
constexpr size_t kMaxProfileBytes = size_t(4) << 20;

enum class ProfileSpace { None, Invalid, Rgb, Gray, Cmyk, Other };

struct ProfileInfo {
    ProfileSpace space = ProfileSpace::None;
    bool srgb = false;   // colorimetrically sRGB (colorants and tone curves), whatever its name says
    QString description; // the profile's own name, for messages
    QString error;       // Invalid: why
};

// Opens and classifies a profile; an empty profile is None, and Invalid (error: "damaged (…)",
// "unusable (…)") a damaged one (profileDamage) or one that lcms2 opens but that describes no
// usable colours: RGB colorants that are zero or lie in one plane, a tone curve that maps every
// value to one, or black, white and the primaries (the inks for CMYK) coming out alike through it.
// The conversions below refuse such profiles with the same reasons.
ProfileInfo inspectProfile(const std::vector<uint8_t> &icc);

// What is wrong with a profile's structure (ICC.1 7.2, 7.3), checked before lcms2 reads it: a header
// that declares more bytes than are stored ("its header says 10485760 bytes, 596 are stored"), a tag
// table that ends past the declared size, a tag that points past it. Empty when it is whole, and for
// bytes that are no profile at all (no "acsp" signature), which lcms2 refuses by itself. lcms2 opens
// such a profile and leaves out the tags it cannot reach: the colours went wrong without a word.
// Bytes stored past the declared size are no damage: padding, which some writers add.
QString profileDamage(const std::vector<uint8_t> &icc);
// Cuts the bytes stored past the size a profile's header declares (profileDamage); true when it cut.
bool trimProfilePadding(std::vector<uint8_t> *icc);

// Whether a profile of this space describes pixels with this many channels (1: grey, 3/4: RGB).
bool profileFits(ProfileSpace space, int channels);
// Whether convertToSrgb converts pixels of this many channels from a profile of this space: those
// it describes, and grey pixels widened to colour (± alpha) from a grey profile.
bool convertsFrom(ProfileSpace space, int channels);

// Converts 8- or 16-bit grey, BGR or BGRA pixels in place from the profile to sRGB (grey: to grey
// with the sRGB tone curve), relative colorimetric with black-point compensation; alpha is kept.
// With a grey profile, BGR or BGRA pixels are grey widened to colour (a grey+alpha PNG or TIFF is
// read so): each colour channel goes through the grey profile to sRGB grey, so equal channels stay
// equal. Transforms are cached per thread. Returns false with *error when the profile cannot be used.
bool convertToSrgb(cv::Mat &image, const std::vector<uint8_t> &icc, QString *error);

// 8- or 16-bit CMYK (4 channels; Adobe-inverted when adobeInverted) to sRGB BGR of the same depth
// through the profile.
bool cmykToSrgb(const cv::Mat &cmyk, bool adobeInverted, const std::vector<uint8_t> &icc, cv::Mat *bgr, QString *error);
// The same without a profile, by the plain formula (red = (1 - cyan)(1 - black)…), which is all a
// file without one allows.
cv::Mat cmykToBgrPlain(const cv::Mat &cmyk, bool adobeInverted);
// The warning for a profile a CMYK file carries that its inks did not go through, which the
// decoder then drops: `why` when cmykToSrgb gave a reason, else what is wrong with the profile.
QString cmykProfileUnusedWarning(const std::vector<uint8_t> &icc, const QString &why);

// CIE L*a*b* to sRGB of the same depth. Samples as ICC profiles encode them: 8 bits L* 0..255 for
// 0..100, a* and b* plus 128; 16 bits (version 4) L* 0..65535 for 0..100, a* and b* plus 128, times
// 257. One channel is L* alone (sRGB grey), three L*a*b*; a second or fourth is alpha, kept. The
// L*a*b* is relative to the white of chromaticity whiteXy (x, y; see usableWhite), or to the ICC's
// D50 when it is null or within 0.001 of it, brought to sRGB's D65 by Bradford's transform. Computed here (to XYZ,
// linear sRGB, the sRGB curve from a table of 65536 steps): within an 8-bit level of lcms2's exact conversion (a few
// 16-bit levels), about 10 ns a pixel, where lcms2's optimised transform is up to 40 levels off for L*a*b* input and
// its exact one takes 190 ns. Returns false with *error for pixels or a white it does not take.
bool labToSrgb(const cv::Mat &lab, cv::Mat *out, QString *error, const double *whiteXy = nullptr);
// Whether a white of chromaticity (x, y), as a file states it, is a light's that labToSrgb can adapt
// from: x and y between 0.1 and 0.6 (not NaN), x + y below 1, each of Bradford's cone responses
// clearly positive.
bool usableWhite(double x, double y);

// Converts floating-point grey, grey+alpha, RGB or RGBA pixels (channels in that order, 0..1) in
// place from one profile to another, relative colorimetric without black-point compensation, so
// that colours the target holds come out as they were; alpha is kept. Between matrix-shaper
// profiles lcms2 works unbounded: values below 0 or above 1 (colours outside the source's gamut)
// are carried through. Returns false with *error when a profile cannot be used.
bool convertFloatBetween(cv::Mat &image, const std::vector<uint8_t> &from, const std::vector<uint8_t> &to,
                         QString *error);

// The sRGB profile PixelPool embeds after converting (ICC v2, so that every reader knows it).
const std::vector<uint8_t> &srgbProfile();

// Adobe RGB (1998) as lcms2 builds it (its primaries, D65, gamma 563/256; ICC v2, "Adobe RGB (1998)"):
// the colour space of a photo whose EXIF says so without a profile (meta::exifSaysAdobeRgb).
const std::vector<uint8_t> &adobeRgbProfile();

// An ICC profile for a CICP (ITU-T H.273) colour description, as HEIC and AVIF carry it (nclx):
// empty for sRGB (BT.709 primaries with the sRGB or an unspecified curve) and for what cannot be
// described (PQ and HLG: *warning says so; HdrToSdr.h reads them as SDR).
std::vector<uint8_t> profileFromCicp(int primaries, int transfer, QString *warning);

// An ICC profile for what a PNG's gAMA and cHRM chunks say, for a file with neither an iCCP nor an
// sRGB chunk: `gamma` is the file's (0 when it gives none), `chromaticities` white, red, green and
// blue x, y (nullptr when it gives none); a grey profile for grey pixels. Empty when they say sRGB
// (a gamma of 1/2.2 within 1 %, sRGB's chromaticities within 0.01) and when they cannot be used
// (*warning says so).
std::vector<uint8_t> profileFromPngChunks(double gamma, const double *chromaticities, bool grey, QString *warning);

} // namespace pp::colour
