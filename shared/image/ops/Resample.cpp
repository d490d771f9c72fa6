#include "Resample.h"

#include <algorithm>
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

// Down each column of `in` into `out` (floats, the output's height): rows are contiguous, so the
// inner loop runs over a whole row and vectorises. This pass goes first: the strided pass across
// the rows then has the fewer rows of the output to do.
template <typename T> void down(const cv::Mat &in, const Taps &v, cv::Mat &out)
{
    const size_t rowSamples = size_t(in.cols) * size_t(in.channels());
    for (int y = 0; y < out.rows; ++y) {
        float *dst = out.ptr<float>(y);
        std::fill(dst, dst + rowSamples, 0.f);
        const float *w = &v.weights[size_t(y) * size_t(v.width)];
        for (int k = 0; k < v.count[size_t(y)]; ++k) {
            const T *src = in.ptr<T>(v.first[size_t(y)] + k);
            const float wk = w[k];
            for (size_t i = 0; i < rowSamples; ++i)
                dst[i] += wk * float(src[i]);
        }
    }
}

// Across each row of `in` (floats) into the output type: `CN` channels known at compile time, so
// the tap loop keeps one accumulator a channel in registers.
template <typename T, int CN> void across(const cv::Mat &in, const Taps &h, cv::Mat &out)
{
    for (int y = 0; y < in.rows; ++y) {
        const float *src = in.ptr<float>(y);
        T *dst = out.ptr<T>(y);
        for (int x = 0; x < out.cols; ++x, dst += CN) {
            const float *w = &h.weights[size_t(x) * size_t(h.width)];
            const float *s = src + size_t(h.first[size_t(x)]) * CN;
            float acc[CN] = {};
            const int n = h.count[size_t(x)];
            for (int k = 0; k < n; ++k, s += CN)
                for (int c = 0; c < CN; ++c)
                    acc[c] += w[k] * s[c];
            for (int c = 0; c < CN; ++c)
                dst[c] = store<T>(acc[c]);
        }
    }
}

template <typename T> cv::Mat run(const cv::Mat &in, cv::Size size, Kernel kernel)
{
    const int cn = in.channels();
    const Taps h = taps(in.cols, size.width, kernel);
    const Taps v = taps(in.rows, size.height, kernel);
    cv::Mat columns(size.height, in.cols, CV_32FC(cn));
    down<T>(in, v, columns);
    cv::Mat out(size, in.type());
    switch (cn) {
    case 1:
        across<T, 1>(columns, h, out);
        break;
    case 2:
        across<T, 2>(columns, h, out);
        break;
    case 3:
        across<T, 3>(columns, h, out);
        break;
    default:
        across<T, 4>(columns, h, out);
        break;
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
