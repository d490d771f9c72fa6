// Area averaging as two passes in fixed point: first the rows of the source that one output row
// covers are summed with their weights (full width, vectorised along the row), then that row is
// reduced along x. Going vertical first leaves the horizontal pass, the one with scattered
// reads, only the output's rows. The horizontal pass reads its taps two at a time: `pairUp`
// stores each sample beside the same channel of the next pixel, so one pmaddwd weighs both.
//
// Precision: weights of 14 bits that sum to exactly 1 << 14 on each axis, the intermediate row
// keeps 7 fractional bits, so the result is OpenCV's floating-point one within 1.
#include "AreaResize.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pp::ops {
namespace {

// Weights of one axis: output i is the sum of `taps` source samples from start[i] on, weighted
// by their overlap with it; the weights are 1/16384ths that sum to exactly 16384.
struct AxisTaps {
    int taps = 0;
    std::vector<int> start;
    std::vector<int16_t> weight; // taps per output; padded to an even count
};

AxisTaps axisTaps(int src, int dst)
{
    const double k = double(src) / dst;
    AxisTaps t;
    t.taps = int(std::ceil(k - 1e-9)) + 1;
    if (t.taps > src)
        t.taps = src;
    const int stride = (t.taps + 1) & ~1; // the passes take taps two at a time
    t.start.resize(dst);
    t.weight.assign(size_t(dst) * stride, 0);
    constexpr int one = 1 << 14;
    for (int x = 0; x < dst; ++x) {
        const double a = x * k, b = std::min((x + 1) * k, double(src));
        const int first = int(std::floor(a)), end = std::min(int(std::ceil(b)), src);
        const int s = std::clamp(first, 0, src - t.taps);
        t.start[x] = s;
        int16_t *w = &t.weight[size_t(x) * stride];
        int sum = 0, big = first - s;
        for (int i = first; i < end; ++i) {
            const double overlap = std::min(b, i + 1.0) - std::max(a, double(i));
            const int wi = int(std::lround(overlap / k * one));
            w[i - s] = int16_t(wi);
            sum += wi;
            if (wi > w[big])
                big = i - s;
        }
        w[big] = int16_t(w[big] + one - sum);
    }
    t.taps = stride;
    return t;
}

// Vertical pass: a row of value * 128 (int16) from the source rows, weights of 14 bits.
void verticalPass(const uint8_t *const *rows, const int16_t *w, int taps, int16_t *out, int n)
{
    int i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    const __m128i round = _mm_set1_epi32(1 << 6);
    for (; i + 16 <= n; i += 16) {
        __m128i s0 = round, s1 = round, s2 = round, s3 = round;
        for (int j = 0; j < taps; j += 2) { // taps is even: the last weight may be 0
            int32_t wp;
            std::memcpy(&wp, w + j, 4);
            const __m128i wj = _mm_set1_epi32(wp);
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(rows[j] + i));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(rows[j + 1] + i));
            const __m128i lo = _mm_unpacklo_epi8(a, b), hi = _mm_unpackhi_epi8(a, b); // a0 b0 a1 b1 ...
            s0 = _mm_add_epi32(s0, _mm_madd_epi16(_mm_unpacklo_epi8(lo, zero), wj));
            s1 = _mm_add_epi32(s1, _mm_madd_epi16(_mm_unpackhi_epi8(lo, zero), wj));
            s2 = _mm_add_epi32(s2, _mm_madd_epi16(_mm_unpacklo_epi8(hi, zero), wj));
            s3 = _mm_add_epi32(s3, _mm_madd_epi16(_mm_unpackhi_epi8(hi, zero), wj));
        }
        const __m128i lo = _mm_packs_epi32(_mm_srai_epi32(s0, 7), _mm_srai_epi32(s1, 7));
        const __m128i hi = _mm_packs_epi32(_mm_srai_epi32(s2, 7), _mm_srai_epi32(s3, 7));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), lo);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i + 8), hi);
    }
#endif
    for (; i < n; ++i) {
        int32_t s = 1 << 6;
        for (int j = 0; j < taps; ++j)
            s += w[j] * rows[j][i];
        out[i] = int16_t(s >> 7);
    }
}

// pairs[m] = (t[m], t[m + cn]) so that two taps of one sample are one 32-bit word.
void pairUp(const int16_t *t, int cn, int n, int32_t *pairs)
{
    int m = 0;
#if defined(__SSE2__)
    for (; m + 8 <= n - cn; m += 8) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(t + m));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(t + m + cn));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(pairs + m), _mm_unpacklo_epi16(a, b));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(pairs + m + 4), _mm_unpackhi_epi16(a, b));
    }
#endif
    for (; m < n; ++m) {
        const uint16_t a = uint16_t(t[m]), b = m + cn < n ? uint16_t(t[m + cn]) : 0;
        pairs[m] = int32_t(uint32_t(a) | uint32_t(b) << 16);
    }
}

#if defined(__SSE2__)
// Four sums with 21 fractional bits (their rounding already added) as four bytes, clamped to 0..255.
inline int32_t fourBytes(__m128i sums)
{
    sums = _mm_srai_epi32(sums, 21);
    sums = _mm_packs_epi32(sums, sums);
    return _mm_cvtsi128_si32(_mm_packus_epi16(sums, sums));
}
#endif

template <int CN> void horizontalPass(const int32_t *pairs, const AxisTaps &tx, uint8_t *out, int dstW)
{
    const int taps = tx.taps; // even
    const int16_t *w = tx.weight.data();
    int x = 0;
#if defined(__SSE2__)
    if constexpr (CN == 3 || CN == 4) {
        const __m128i round = _mm_set1_epi32(1 << 20);
        for (; x < dstW - 1; ++x, w += taps) {
            const int32_t *p = pairs + tx.start[x] * CN;
            __m128i s = round;
            for (int j = 0; j < taps; j += 2) {
                int32_t wp;
                std::memcpy(&wp, w + j, 4);
                const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + j * CN));
                s = _mm_add_epi32(s, _mm_madd_epi16(v, _mm_set1_epi32(wp)));
            }
            const int32_t bytes = fourBytes(s);
            std::memcpy(out + x * CN, &bytes, 4); // CN == 3: the fourth byte is overwritten next
        }
    } else if constexpr (CN == 1) {
        const __m128i round = _mm_set1_epi32(1 << 20);
        for (; x + 4 <= dstW; x += 4, w += 4 * taps) {
            __m128i s = round;
            for (int j = 0; j < taps; j += 2) {
                int32_t w0, w1, w2, w3;
                std::memcpy(&w0, w + j, 4);
                std::memcpy(&w1, w + taps + j, 4);
                std::memcpy(&w2, w + 2 * taps + j, 4);
                std::memcpy(&w3, w + 3 * taps + j, 4);
                const __m128i v = _mm_set_epi32(pairs[tx.start[x + 3] + j], pairs[tx.start[x + 2] + j],
                                                pairs[tx.start[x + 1] + j], pairs[tx.start[x] + j]);
                s = _mm_add_epi32(s, _mm_madd_epi16(v, _mm_set_epi32(w3, w2, w1, w0)));
            }
            const int32_t bytes = fourBytes(s);
            std::memcpy(out + x, &bytes, 4);
        }
    }
#endif
    for (; x < dstW; ++x, w += taps) {
        const int32_t *p = pairs + tx.start[x] * CN;
        for (int c = 0; c < CN; ++c) {
            int32_t s = 1 << 20;
            for (int j = 0; j < taps; j += 2) {
                const int32_t v = p[j * CN + c];
                s += int16_t(v & 0xffff) * w[j] + int16_t(uint32_t(v) >> 16) * w[j + 1];
            }
            out[x * CN + c] = uint8_t(std::clamp(s >> 21, 0, 255));
        }
    }
}

template <int CN> void resizeRows(const cv::Mat &src, cv::Mat &dst, const AxisTaps &tx, const AxisTaps &ty)
{
    const int n = src.cols * CN;
    // room past the end for the even tap count: zero weights, readable memory
    std::vector<int16_t> row(size_t(n) + 8);
    std::vector<int32_t> pairs(size_t(n) + size_t(tx.taps + 2) * CN + 4, 0);
    std::vector<const uint8_t *> rows(ty.taps);
    for (int y = 0; y < dst.rows; ++y) {
        for (int j = 0; j < ty.taps; ++j) // a padding tap (weight 0) reads the last row again
            rows[j] = src.ptr<uint8_t>(std::min(ty.start[y] + j, src.rows - 1));
        verticalPass(rows.data(), &ty.weight[size_t(y) * ty.taps], ty.taps, row.data(), n);
        pairUp(row.data(), CN, n, pairs.data());
        horizontalPass<CN>(pairs.data(), tx, dst.ptr<uint8_t>(y), dst.cols);
    }
}

} // namespace

bool fixedPointAreaResize(const cv::Mat &in, cv::Mat &out, cv::Size size)
{
    if (in.depth() != CV_8U || in.channels() > 4 || in.empty() || size.width <= 0 || size.height <= 0 ||
        size.width > in.cols || size.height > in.rows)
        return false;
    // Beyond this, weights of 1/16384 grow too coarse to stay within 1 of OpenCV's.
    constexpr int kMaxFactor = 64;
    if (in.cols > size.width * kMaxFactor || in.rows > size.height * kMaxFactor)
        return false;
    const AxisTaps tx = axisTaps(in.cols, size.width);
    const AxisTaps ty = axisTaps(in.rows, size.height);
    cv::Mat result(size, in.type());
    switch (in.channels()) {
    case 1:
        resizeRows<1>(in, result, tx, ty);
        break;
    case 2:
        resizeRows<2>(in, result, tx, ty);
        break;
    case 3:
        resizeRows<3>(in, result, tx, ty);
        break;
    default:
        resizeRows<4>(in, result, tx, ty);
        break;
    }
    out = result;
    return true;
}

namespace {

// One axis's area weights in floating point: output i is the sum of count[i] samples from
// start[i] on, each weighted by its overlap with i over the factor (the weights sum to 1).
struct FloatTaps {
    std::vector<int> start, count;
    std::vector<float> weight; // `stride` per output
    int stride = 0;
};

FloatTaps floatTaps(int src, int dst)
{
    const double k = double(src) / dst;
    FloatTaps t;
    t.stride = std::min(int(std::ceil(k - 1e-9)) + 1, src);
    t.start.resize(size_t(dst));
    t.count.resize(size_t(dst));
    t.weight.assign(size_t(dst) * size_t(t.stride), 0.f);
    for (int x = 0; x < dst; ++x) {
        const double a = x * k, b = std::min((x + 1) * k, double(src));
        const int first = int(std::floor(a)), end = std::min(int(std::ceil(b)), src);
        t.start[size_t(x)] = first;
        t.count[size_t(x)] = std::min(end - first, t.stride);
        for (int i = first; i < first + t.count[size_t(x)]; ++i)
            t.weight[size_t(x) * size_t(t.stride) + size_t(i - first)] =
                float((std::min(b, i + 1.0) - std::max(a, double(i))) / k);
    }
    return t;
}

template <typename T> void straightAlphaRows(const cv::Mat &in, cv::Mat &out, const cv::Scalar &transparent)
{
    constexpr float kMax = float(std::numeric_limits<T>::max());
    constexpr float kFine = sizeof(T) == 1 ? kMax : 1.f;
    const FloatTaps tx = floatTaps(in.cols, out.cols), ty = floatTaps(in.rows, out.rows);
    // Premultiplied colour and alpha (on the 0..kMax scale) of the output row's source rows, summed
    // with their weights along y; then reduced along x.
    std::vector<float> column(size_t(in.cols) * 4);
    T fill[3];
    for (int c = 0; c < 3; ++c)
        fill[c] = cv::saturate_cast<T>(transparent[c] * (kMax / 255.f));
    for (int oy = 0; oy < out.rows; ++oy) {
        std::fill(column.begin(), column.end(), 0.f);
        for (int t = 0; t < ty.count[size_t(oy)]; ++t) {
            const float wy = ty.weight[size_t(oy) * size_t(ty.stride) + size_t(t)];
            const T *s = in.ptr<T>(ty.start[size_t(oy)] + t);
            float *d = column.data();
            for (int x = 0; x < in.cols; ++x, s += 4, d += 4) {
                const float wa = wy * float(s[3]);
                d[0] += wa * float(s[0]);
                d[1] += wa * float(s[1]);
                d[2] += wa * float(s[2]);
                d[3] += wa;
            }
        }
        T *o = out.ptr<T>(oy);
        for (int ox = 0; ox < out.cols; ++ox, o += 4) {
            float sum[4] = {0, 0, 0, 0};
            const float *w = &tx.weight[size_t(ox) * size_t(tx.stride)];
            const float *src = &column[size_t(tx.start[size_t(ox)]) * 4];
            for (int t = 0; t < tx.count[size_t(ox)]; ++t, src += 4)
                for (int c = 0; c < 4; ++c)
                    sum[c] += w[t] * src[c];
            // Nothing visible, even at the finer scale 8-bit premultiplying had (colour × alpha):
            // the colour is the fill's.
            if (sum[3] * kFine < 0.5f) {
                std::copy(fill, fill + 3, o);
                o[3] = 0;
                continue;
            }
            for (int c = 0; c < 3; ++c)
                o[c] = cv::saturate_cast<T>(sum[c] / sum[3]);
            o[3] = cv::saturate_cast<T>(sum[3]);
        }
    }
}

} // namespace

bool areaResizeStraightAlpha(const cv::Mat &in, cv::Mat &out, cv::Size size, const cv::Scalar &transparent)
{
    if ((in.type() != CV_8UC4 && in.type() != CV_16UC4) || size.width <= 0 || size.height <= 0 ||
        size.width > in.cols || size.height > in.rows)
        return false;
    cv::Mat result(size, in.type());
    if (in.depth() == CV_16U)
        straightAlphaRows<uint16_t>(in, result, transparent);
    else
        straightAlphaRows<uint8_t>(in, result, transparent);
    out = result;
    return true;
}

void areaResize(const cv::Mat &in, cv::Mat &out, cv::Size size)
{
    // OpenCV's halving is vector code of its own and faster still.
    const bool halving = size.width * 2 == in.cols && size.height * 2 == in.rows;
    if (halving || !fixedPointAreaResize(in, out, size))
        cv::resize(in, out, size, 0, 0, cv::INTER_AREA);
}

} // namespace pp::ops
