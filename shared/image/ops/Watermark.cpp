#include "OpsInternal.h"
#include "Operations.h"
#include "TextRenderer.h"

#include <algorithm>
#include <cmath>

namespace pp::ops {

cv::Point2d placeBox(cv::Size image, cv::Size2d box, Position position, double marginPercent)
{
    const double margin = std::round(std::min(image.width, image.height) * marginPercent / 100.0);
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
// same em size so that mixed scripts line up.
cv::Mat watermark(const cv::Mat &in, const WatermarkParams &p, TextRenderer &fonts, TextReport *report)
{
    const double strength = std::clamp(p.opacity, 0.0, 1.0) * std::clamp(p.color[3], 0.0, 255.0) / 255.0;
    if (in.empty() || strength <= 0)
        return in.clone();

    const double capHeight = std::max(1.0, in.rows * p.sizePercent / 100.0);
    TextLayer layer;
    const auto place = [&](cv::Size2d box) { return placeBox(in.size(), box, p.position, p.marginPercent); };
    if (!fonts.draw(p.text, {p.fontFile, p.fontFamily}, capHeight, place, in.size(), &layer, report))
        return {};
    cv::Mat out = in.clone();
    if (layer.coverage.empty())
        return out;

    const int cn = in.channels();
    const cv::Scalar colour = detail::colorFor(cn, p.color);
    const int colourChannels = cn == 4 ? 3 : cn;
    const cv::Rect area = layer.area;
    for (int y = 0; y < area.height; ++y) {
        const uchar *m = layer.coverage.ptr<uchar>(y);
        uchar *d = out.ptr<uchar>(area.y + y) + area.x * cn;
        for (int x = 0; x < area.width; ++x, d += cn) {
            if (m[x] == 0)
                continue;
            const double w = strength * m[x] / 255.0;
            for (int c = 0; c < colourChannels; ++c)
                d[c] = cv::saturate_cast<uchar>(d[c] + (colour[c] - d[c]) * w);
        }
    }
    return out;
}

} // namespace pp::ops
