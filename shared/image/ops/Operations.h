// Image operations: pure functions cv::Mat -> cv::Mat with a parameter struct each. They know
// nothing of presets or JSON; the operation table (shared/presets/OperationCatalog.cpp) names
// them, declares their parameters and defaults, and builds their parameter structs.
//
// Pixel convention for every operation: 8-bit unsigned, 1 (grey), 3 (BGR) or 4 (BGRA)
// channels, and the same at 16 bits (CV_16U) for every operation (tests/ops/tst_registry.cpp
// checks); an operation returns the depth it was given, and parameters (colours, thresholds)
// stay on the 8-bit scale whatever the depth. An operation accepts all three channel counts and
// returns one of them (it may change the channel count, e.g. grayscale returns 1 channel; it keeps
// alpha where it can). Inputs are never modified in place.
//
// The parameter structs carry no defaults of their own, only zeros (and the first enumerator):
// a parameter's default lives in exactly one place, the operation table. Direct callers (the
// tests) set every field they mean.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace pp::ops {

// A 16-bit image at 8 bits (v / 257, rounded); any other image as it is.
cv::Mat toEightBit(const cv::Mat &in);

// ---- geometry ----
enum class ResizeMode { Fit, Fill, Exact, Scale };
enum class Filter { Auto, Area, Linear, Cubic, Lanczos, Nearest };
struct ResizeParams {
    ResizeMode mode = ResizeMode::Fit;
    int width = 0, height = 0;
    double percent = 0;
    // Never enlarge: fit and scale leave an image they would enlarge as it is; fill and exact use
    // the largest box of their box's shape that needs no enlarging (fill then only crops).
    bool downscaleOnly = false;
    Filter filter = Filter::Auto; // Auto: INTER_AREA when shrinking, cubic when enlarging
};
// The size resize() produces for an input of size `in` (fill: the size after its crop).
cv::Size resizeOutputSize(cv::Size in, const ResizeParams &p);
cv::Mat resize(const cv::Mat &in, const ResizeParams &p);
// Resizes to exactly `size` with the filter (Auto chooses by direction). Fill mode's crop is
// not part of this; see resize().
cv::Mat resizeTo(const cv::Mat &in, cv::Size size, Filter filter);

enum class CropMode { Aspect, Rect };
struct CropParams {
    CropMode mode = CropMode::Aspect;
    double aspectWidth = 0, aspectHeight = 0; // largest centred area of this ratio
    int x = 0, y = 0, width = 0, height = 0;  // clipped to the image
};
// The part of an image of size `in` that crop() keeps (a rectangle clipped to the image).
cv::Rect cropArea(cv::Size in, const CropParams &p);
cv::Size cropOutputSize(cv::Size in, const CropParams &p);
cv::Mat crop(const cv::Mat &in, const CropParams &p);

struct RotateParams {
    double angle = 0;      // degrees clockwise; multiples of 90 are exact transposes
    cv::Scalar background; // BGRA, for the corners of other angles
};
cv::Size rotateOutputSize(cv::Size in, const RotateParams &p);
cv::Mat rotate(const cv::Mat &in, const RotateParams &p);

enum class FlipDirection { Horizontal, Vertical, Both };
cv::Mat flip(const cv::Mat &in, FlipDirection d);

// EXIF orientation 1..8 (1 = as stored); other values leave the image alone.
cv::Size orientedSize(cv::Size in, int exifOrientation);
cv::Mat applyExifOrientation(const cv::Mat &in, int exifOrientation);

struct BorderParams {
    int size = 0;
    cv::Scalar color; // BGRA
};
cv::Mat border(const cv::Mat &in, const BorderParams &p);

// ---- filters ----
cv::Mat gaussianBlur(const cv::Mat &in, double sigma);
struct SharpenParams {
    double sigma = 0, amount = 0;
    int threshold = 0; // differences at or below this are left alone
};
cv::Mat sharpen(const cv::Mat &in, const SharpenParams &p);

// ---- colour ----
cv::Mat brightnessContrast(const cv::Mat &in, int brightnessPercent, int contrastPercent);
cv::Mat gamma(const cv::Mat &in, double gamma);
cv::Mat saturation(const cv::Mat &in, double factor);
cv::Mat grayscale(const cv::Mat &in); // returns 1 channel (2 with alpha is not used: BGRA stays 4)
cv::Mat sepia(const cv::Mat &in, double intensity);

// ---- watermarks ----
enum class Position { BottomRight, BottomLeft, TopRight, TopLeft, Center, Top, Bottom, Left, Right };

// The top-left corner of a box of `box` pixels placed on an image at `position`, `marginPercent`
// of the image's shorter side away from the edges it is anchored to (so that the margin looks
// the same horizontally and vertically). A box larger than the image overhangs it.
cv::Point2d placeBox(cv::Size image, cv::Size2d box, Position position, double marginPercent);

class TextRenderer; // fonts, shaping and glyph rasterising, cached per process (TextRenderer.h)

struct WatermarkParams {
    std::string text; // UTF-8
    Position position = Position::BottomRight;
    double sizePercent = 0; // the height of capitals as a share of the image height
    double opacity = 0;
    cv::Scalar color; // BGRA
    double marginPercent = 0;
    std::string fontFile;   // a font file (absolute path), or empty: the family's font
    std::string fontFamily; // a fontconfig pattern ("sans-serif", "DejaVu Serif:bold"); also the fallbacks
};
// What drawing a text found out besides its pixels.
struct TextReport {
    std::vector<char32_t> missing; // characters no installed font draws (drawn as the font's box)
    std::string familyUsed;        // set when fontFamily is not installed: the family drawn with instead
    std::string error;             // why nothing was drawn: the font file cannot be used
};
// The margin and position apply to the text's inked box. Text that would reach past the image
// less its margins (roomInside) is drawn smaller, whole inside them. BGRA images keep their alpha channel: the text
// tints visible pixels only. Returns an empty image with report->error set when the font cannot be used. `report` may
// be null.
cv::Mat watermark(const cv::Mat &in, const WatermarkParams &p, TextRenderer &fonts, TextReport *report = nullptr);

struct LogoParams {
    Position position = Position::BottomRight;
    double sizePercent = 0; // the logo's width as a share of the image width
    double opacity = 0;
    double marginPercent = 0;
};
// The rectangle the logo covers on an image: `sizePercent` of the image width, made smaller when
// that would reach past the image less the margins of the sides its position is anchored to (so no
// part of it is cut), at least 1 pixel.
cv::Rect2d logoPlacement(cv::Size image, cv::Size logo, const LogoParams &p);
// Composites `logo` (8-bit BGRA, straight alpha; its alpha times the opacity is its coverage)
// over the image with the "over" operator, at logoPlacement(). A BGRA image gets the logo's
// alpha added to its own.
cv::Mat overlayLogo(const cv::Mat &in, const cv::Mat &logo, const LogoParams &p);
// The same for a logo already resized to its place: its top-left corner at `at`.
cv::Mat compositeLogo(const cv::Mat &in, const cv::Mat &logo, cv::Point at, double opacity);

} // namespace pp::ops
