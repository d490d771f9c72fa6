#include "Resample.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <vector>

namespace pp::ops {
namespace {

double triangle(double x)
{
    x = std::abs(x);
    return x < 1 ? 1 - x : 0;
}

double catmullRom(double x) // Keys' cubic with a = -0.5
{
    constexpr double a = -0.5;
    x = std::abs(x);
    if (x < 1)
        return ((a + 2) * x - (a + 3)) * x * x + 1;
    if (x < 2)
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    return 0;
}

double sinc(double x)
{
    if (x == 0)
        return 1;
    x *= M_PI;
    return std::sin(x) / x;
}

double lanczos3(double x) { return std::abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0; }

// For each output sample: the first input sample it reads and its weights (normalised).
struct Taps {
    std::vector<int> first, count;
    std::vector<float> weights; // `width` per output sample
    int width = 0;
};

Taps taps(int in, int out, Kernel kernel)
{
    double radius = 1;
    double (*f)(double) = triangle;
    if (kernel == Kernel::CatmullRom) {
        radius = 2;
        f = catmullRom;
    } else if (kernel == Kernel::Lanczos3) {
        radius = 3;
        f = lanczos3;
    }
    const double scale = double(in) / out;
    const double stretch = std::max(1.0, scale); // an axis that shrinks filters more widely
    const double support = radius * stretch;
    Taps t;
    t.width = int(std::ceil(support)) * 2 + 1;
    t.first.resize(size_t(out));
    t.count.resize(size_t(out));
    t.weights.assign(size_t(out) * size_t(t.width), 0.f);
    std::vector<double> w(size_t(t.width));
    for (int i = 0; i < out; ++i) {
        const double centre = (i + 0.5) * scale; // in input coordinates, pixel centres at x + 0.5
        const int lo = std::max(0, int(std::floor(centre - support)));
        const int hi = std::min(in, int(std::ceil(centre + support)));
        double sum = 0;
        int n = 0;
        for (int x = lo; x < hi && n < t.width; ++x, ++n) {
            w[size_t(n)] = f((x + 0.5 - centre) / stretch);
            sum += w[size_t(n)];
        }
        if (sum == 0) { // no sample under the kernel: the nearest one
            const int x = std::clamp(int(centre), 0, in - 1);
            t.first[size_t(i)] = x;
            t.count[size_t(i)] = 1;
            t.weights[size_t(i) * size_t(t.width)] = 1.f;
            continue;
        }
        t.first[size_t(i)] = lo;
        t.count[size_t(i)] = n;
        for (int k = 0; k < n; ++k)
            t.weights[size_t(i) * size_t(t.width) + size_t(k)] = float(w[size_t(k)] / sum);
    }
    return t;
}

template <typename T> T store(float v)
{
    if constexpr (std::is_same_v<T, float>)
        return v;
    else
        return cv::saturate_cast<T>(v); // rounds to nearest and clamps
}

// Down each column of `in` into `out` (`out.rows` rows): rows are contiguous, so the inner loop
// runs over a whole row and vectorises.
template <typename S, typename D> void down(const cv::Mat &in, const Taps &v, cv::Mat &out)
{
    const size_t rowSamples = size_t(in.cols) * size_t(in.channels());
    std::vector<float> acc(rowSamples);
    for (int y = 0; y < out.rows; ++y) {
        std::fill(acc.begin(), acc.end(), 0.f);
        const float *w = &v.weights[size_t(y) * size_t(v.width)];
        for (int k = 0; k < v.count[size_t(y)]; ++k) {
            const S *src = in.ptr<S>(v.first[size_t(y)] + k);
            const float wk = w[k];
            for (size_t i = 0; i < rowSamples; ++i)
                acc[i] += wk * float(src[i]);
        }
        D *dst = out.ptr<D>(y);
        for (size_t i = 0; i < rowSamples; ++i)
            dst[i] = store<D>(acc[i]);
    }
}

// Across each row of `in` into `out` (`out.cols` columns): `CN` channels known at compile time,
// so the tap loop keeps one accumulator a channel in registers.
template <typename S, typename D, int CN> void across(const cv::Mat &in, const Taps &h, cv::Mat &out)
{
    for (int y = 0; y < in.rows; ++y) {
        const S *src = in.ptr<S>(y);
        D *dst = out.ptr<D>(y);
        for (int x = 0; x < out.cols; ++x, dst += CN) {
            const float *w = &h.weights[size_t(x) * size_t(h.width)];
            const S *s = src + size_t(h.first[size_t(x)]) * CN;
            float acc[CN] = {};
            const int n = h.count[size_t(x)];
            for (int k = 0; k < n; ++k, s += CN)
                for (int c = 0; c < CN; ++c)
                    acc[c] += w[k] * float(s[c]);
            for (int c = 0; c < CN; ++c)
                dst[c] = store<D>(acc[c]);
        }
    }
}

template <typename S, typename D> void acrossAny(const cv::Mat &in, const Taps &h, cv::Mat &out)
{
    switch (in.channels()) {
    case 1:
        return across<S, D, 1>(in, h, out);
    case 2:
        return across<S, D, 2>(in, h, out);
    case 3:
        return across<S, D, 3>(in, h, out);
    default:
        return across<S, D, 4>(in, h, out);
    }
}

// The pass whose intermediate is smaller goes first (fewer samples for the second pass, and no
// huge intermediate when one side grows while the other shrinks); down first when they tie.
template <typename T> cv::Mat run(const cv::Mat &in, cv::Size size, Kernel kernel)
{
    const int cn = in.channels();
    const Taps h = taps(in.cols, size.width, kernel);
    const Taps v = taps(in.rows, size.height, kernel);
    cv::Mat out(size, in.type());
    if (int64_t(size.height) * in.cols <= int64_t(in.rows) * size.width) {
        cv::Mat columns(size.height, in.cols, CV_32FC(cn));
        down<T, float>(in, v, columns);
        acrossAny<float, T>(columns, h, out);
    } else {
        cv::Mat rows(in.rows, size.width, CV_32FC(cn));
        acrossAny<T, float>(in, h, rows);
        down<float, T>(rows, v, out);
    }
    return out;
}

} // namespace

cv::Mat resample(const cv::Mat &in, cv::Size size, Kernel kernel)
{
    CV_Assert(!in.empty() && in.channels() >= 1 && in.channels() <= 4 && size.width > 0 && size.height > 0);
    switch (in.depth()) {
    case CV_8U:
        return run<uint8_t>(in, size, kernel);
    case CV_16U:
        return run<uint16_t>(in, size, kernel);
    case CV_32F:
        return run<float>(in, size, kernel);
    default:
        CV_Error(cv::Error::StsUnsupportedFormat, "resample: 8-bit, 16-bit or float samples");
    }
}

} // namespace pp::ops
