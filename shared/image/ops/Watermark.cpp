#include "OpsInternal.h"
#include "Operations.h"
#include "TextRenderer.h"

#include <algorithm>
#include <cmath>

namespace pp::ops {

namespace {

// The margin placeBox() keeps: a share of the image's shorter side, so that it looks the same
// horizontally and vertically.
double marginPixels(cv::Size image, double marginPercent)
{
    return std::round(std::min(image.width, image.height) * marginPercent / 100.0);
}

// The room a mark has, so that none of it is cut and it keeps its margin from every edge: the
// image less the margin on each side, a pixel at least. A mark made smaller to fit keeps the
// margin on the side across from its anchor too: with the margin only on its anchored sides, a
// long bottom-right text shrunk to fit touched the left edge and looked cut off there.
cv::Size2d roomInside(cv::Size image, double marginPercent)
{
    const double margin = marginPixels(image, marginPercent);
    return {std::max(1.0, image.width - 2 * margin), std::max(1.0, image.height - 2 * margin)};
}

// The text's coverage laid on `out` in `colour` (on out's scale), at `strength`; alpha untouched.
template <typename T> void blendText(cv::Mat &out, const TextLayer &layer, const cv::Scalar &colour, double strength)
{
    const int cn = out.channels();
    const int colourChannels = cn == 4 ? 3 : cn;
    const cv::Rect area = layer.area;
    for (int y = 0; y < area.height; ++y) {
        const uchar *m = layer.coverage.ptr<uchar>(y);
        T *d = out.ptr<T>(area.y + y) + area.x * cn;
        for (int x = 0; x < area.width; ++x, d += cn) {
            if (m[x] == 0)
                continue;
            const double w = strength * m[x] / 255.0;
            for (int c = 0; c < colourChannels; ++c)
                d[c] = cv::saturate_cast<T>(d[c] + (colour[c] - d[c]) * w);
        }
    }
}

// The 8-bit straight-alpha `scaled` laid "over" `out` (8 or 16 bits) at `visible`, `target` being
// where the whole of `scaled` would be.
template <typename T>
void blendLogo(cv::Mat &out, const cv::Mat &scaled, cv::Rect target, cv::Rect visible, double opacity)
{
    const double k = sizeof(T) == 2 ? 257.0 : 1.0; // the logo's 8 bits on out's scale
    const int cn = out.channels();
    for (int y = 0; y < visible.height; ++y) {
        const uchar *s = scaled.ptr<uchar>(visible.y - target.y + y) + (visible.x - target.x) * 4;
        T *d = out.ptr<T>(visible.y + y) + visible.x * cn;
        for (int x = 0; x < visible.width; ++x, s += 4, d += cn) {
            const double a = s[3] / 255.0 * opacity;
            if (a <= 0)
                continue;
            if (cn == 1) {
                d[0] = cv::saturate_cast<T>(detail::luma({double(s[0]), double(s[1]), double(s[2])}) * k * a +
                                            d[0] * (1 - a));
                continue;
            }
            const double b = cn == 4 ? d[3] / (255.0 * k) : 1.0;
            const double alpha = a + b * (1 - a);
            for (int c = 0; c < 3; ++c)
                d[c] = cv::saturate_cast<T>((s[c] * k * a + d[c] * b * (1 - a)) / alpha);
            if (cn == 4)
                d[3] = cv::saturate_cast<T>(alpha * 255 * k);
        }
    }
}

} // namespace

cv::Point2d placeBox(cv::Size image, cv::Size2d box, Position position, double marginPercent)
{
    const double margin = marginPixels(image, marginPercent);
    double x = (image.width - box.width) / 2, y = (image.height - box.height) / 2;
    switch (position) {
    case Position::TopLeft:
    case Position::BottomLeft:
    case Position::Left:
        x = margin;
        break;
    case Position::TopRight:
    case Position::BottomRight:
    case Position::Right:
        x = image.width - margin - box.width;
        break;
    default:
        break;
    }
    switch (position) {
    case Position::TopLeft:
    case Position::TopRight:
    case Position::Top:
        y = margin;
        break;
    case Position::BottomLeft:
    case Position::BottomRight:
    case Position::Bottom:
        y = image.height - margin - box.height;
        break;
    default:
        break;
    }
    return {x, y};
}

// "Text height" is the height of capitals, as type sizes are read on a page: the first font's
// cap height scales to sizePercent of the image height, and every fallback font is drawn at the
// same em size so that mixed scripts line up. A text that would then reach past the image, its
// margins kept, is drawn smaller, whole inside them, as a logo is (on a portrait photo, a long
// text at 5 % of the height was cut at the image's edge: "graphy 2024").
cv::Mat watermark(const cv::Mat &in, const WatermarkParams &p, TextRenderer &fonts, TextReport *report)
{
    const double strength = std::clamp(p.opacity, 0.0, 1.0) * std::clamp(p.color[3], 0.0, 255.0) / 255.0;
    if (in.empty() || strength <= 0)
        return in.clone();

    const double capHeight = std::max(1.0, in.rows * p.sizePercent / 100.0);
    TextLayer layer;
    const auto place = [&](cv::Size2d box) { return placeBox(in.size(), box, p.position, p.marginPercent); };
    if (!fonts.draw(p.text, {p.fontFile, p.fontFamily}, capHeight, roomInside(in.size(), p.marginPercent), place,
                    in.size(), &layer, report))
        return {};
    if (layer.coverage.empty())
        return in.clone();
    // Coloured text on a grey image makes it colour: the text is the colour asked for, not its luma.
    cv::Mat out = detail::needsColour(in, p.color) ? detail::greyAsColour(in) : in.clone();

    const cv::Scalar colour = detail::onScale(out, detail::colorFor(out.channels(), p.color));
    if (out.depth() == CV_16U)
        blendText<ushort>(out, layer, colour, strength);
    else
        blendText<uchar>(out, layer, colour, strength);
    return out;
}

cv::Rect2d logoPlacement(cv::Size image, cv::Size logo, const LogoParams &p)
{
    if (image.empty() || logo.empty())
        return {};
    // Width from the image's width; a logo that would then reach past the image, its margins
    // kept, is fitted to the room inside them instead (a top-left logo at 100 % was the image's
    // width, or height, and lost what its margin pushed off the image; a thin, tall logo must not
    // ask for more pixels than the image has).
    const cv::Size2d room = roomInside(image, p.marginPercent);
    const double scale = std::min(
        {image.width * p.sizePercent / 100.0 / logo.width, room.width / logo.width, room.height / logo.height});
    const cv::Size2d size(std::max(1.0, std::round(logo.width * scale)),
                          std::max(1.0, std::round(logo.height * scale)));
    const cv::Point2d at = placeBox(image, size, p.position, p.marginPercent);
    return {std::round(at.x), std::round(at.y), size.width, size.height};
}

// Straight-alpha "over": with a = logo alpha × opacity and b = the image's alpha,
//   alpha = a + b(1 − a),   colour = (logo·a + image·b(1 − a)) / alpha.
// Opaque images (b = 1) reduce to logo·a + image·(1 − a). The logo is resampled premultiplied
// (resizeTo), so its transparent pixels' colour never bleeds into its edges.
cv::Mat overlayLogo(const cv::Mat &in, const cv::Mat &logo, const LogoParams &p)
{
    if (in.empty() || logo.empty() || p.opacity <= 0)
        return in.clone();
    const cv::Rect2d placed = logoPlacement(in.size(), logo.size(), p);
    const cv::Rect target(int(placed.x), int(placed.y), int(placed.width), int(placed.height));
    return compositeLogo(in, resizeTo(logo, target.size(), Filter::Auto), target.tl(), p.opacity);
}

cv::Mat compositeLogo(const cv::Mat &in, const cv::Mat &scaled, cv::Point at, double opacityIn)
{
    const double opacity = std::clamp(opacityIn, 0.0, 1.0);
    if (in.empty() || scaled.empty() || opacity <= 0)
        return in.clone();
    CV_Assert(scaled.type() == CV_8UC4);
    const cv::Rect target(at, scaled.size());
    const cv::Rect visible = target & cv::Rect({0, 0}, in.size());
    if (visible.empty())
        return in.clone();
    // A grey image under a logo with colour becomes colour; under a grey logo it stays grey.
    bool colour = false;
    for (int y = 0; y < visible.height && in.channels() == 1 && !colour; ++y) {
        const uchar *s = scaled.ptr<uchar>(visible.y - target.y + y) + (visible.x - target.x) * 4;
        for (int x = 0; x < visible.width && !colour; ++x, s += 4)
            colour = s[3] > 0 && (s[0] != s[1] || s[1] != s[2]);
    }
    cv::Mat out = colour ? detail::greyAsColour(in) : in.clone();

    if (out.depth() == CV_16U)
        blendLogo<ushort>(out, scaled, target, visible, opacity);
    else
        blendLogo<uchar>(out, scaled, target, visible, opacity);
    return out;
}

} // namespace pp::ops
