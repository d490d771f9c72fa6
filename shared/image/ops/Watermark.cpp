#include "OpsInternal.h"
#include "Operations.h"

#include <QList>
#include <QString>
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace pp::ops {
namespace {

constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;

// Hershey fonts only cover printable ASCII; anything else would come out as unrelated
// glyphs, so it is made visible as '?' instead ('©' has a conventional ASCII spelling).
std::string drawableText(const std::string &utf8)
{
    std::string out;
    for (const char32_t cp : QString::fromStdString(utf8).toUcs4()) {
        if (cp == U'\u00A9')
            out += "(c)";
        else if (cp == U'\t' || cp == U'\n' || cp == U'\r')
            out += ' ';
        else if (cp < 0x20 || cp > 0x7E)
            out += '?';
        else
            out += char(cp);
    }
    return out;
}

struct Layout {
    double fontScale = 1;
    int thickness = 1;
    cv::Rect box;     // the text's extent including descenders
    cv::Point origin; // putText's baseline origin
};

Layout layOut(const std::string &text, cv::Size image, const WatermarkParams &p)
{
    Layout l;
    const double target = std::max(1.0, image.height * p.sizePercent / 100.0);
    // Stroke weight grows with the text, roughly like a regular-weight font.
    l.thickness = std::max(1, int(std::lround(target / 12.0)));
    // "Text height" is the inked height of capitals: the glyph outline (linear in the scale;
    // measured at a large scale to avoid rounding) plus half a stroke above and below.
    int baseline = 0;
    const double perUnit = cv::getTextSize(text, kFont, 100.0, 0, &baseline).height / 100.0;
    l.fontScale = std::max(0.05, (target - l.thickness) / perUnit);
    const cv::Size size = cv::getTextSize(text, kFont, l.fontScale, l.thickness, &baseline);

    const int margin = int(std::lround(std::min(image.width, image.height) * p.marginPercent / 100.0));
    const int boxH = size.height + baseline;
    int x = (image.width - size.width) / 2;
    int y = (image.height - boxH) / 2;
    switch (p.position) {
    case Position::TopLeft:
    case Position::BottomLeft:
    case Position::Left:
        x = margin;
        break;
    case Position::TopRight:
    case Position::BottomRight:
    case Position::Right:
        x = image.width - margin - size.width;
        break;
    default:
        break;
    }
    switch (p.position) {
    case Position::TopLeft:
    case Position::TopRight:
    case Position::Top:
        y = margin;
        break;
    case Position::BottomLeft:
    case Position::BottomRight:
    case Position::Bottom:
        y = image.height - margin - boxH;
        break;
    default:
        break;
    }
    l.box = {x, y, size.width, boxH};
    l.origin = {x, y + size.height};
    return l;
}

} // namespace

// The margin is a share of the shorter side so that it looks the same horizontally and
// vertically. Text wider than the image keeps its size and is clipped at the image edges.
// BGRA images keep their alpha channel: the text tints visible pixels only.
cv::Mat watermark(const cv::Mat &in, const WatermarkParams &p)
{
    const double strength = std::clamp(p.opacity, 0.0, 1.0) * std::clamp(p.color[3], 0.0, 255.0) / 255.0;
    const std::string text = drawableText(p.text);
    if (in.empty() || strength <= 0 || text.find_first_not_of(' ') == std::string::npos)
        return in.clone();

    const Layout l = layOut(text, in.size(), p);
    // Anti-aliasing and round stroke caps reach a little beyond the measured box.
    const int pad = l.thickness + 2;
    const cv::Rect area = cv::Rect(l.box.x - pad, l.box.y - pad, l.box.width + 2 * pad, l.box.height + 2 * pad) &
                          cv::Rect({0, 0}, in.size());
    cv::Mat out = in.clone();
    if (area.empty())
        return out;

    // Only the visible part of the text is rasterised, however large the text is.
    cv::Mat coverage = cv::Mat::zeros(area.size(), CV_8UC1);
    cv::putText(coverage, text, l.origin - area.tl(), kFont, l.fontScale, cv::Scalar(255), l.thickness, cv::LINE_AA);

    const int cn = in.channels();
    const cv::Scalar colour = detail::colorFor(cn, p.color);
    const int colourChannels = cn == 4 ? 3 : cn;
    for (int y = 0; y < area.height; ++y) {
        const uchar *m = coverage.ptr<uchar>(y);
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
