#include "CostEstimator.h"

#include "ImageCodec.h"

#include <algorithm>
#include <numeric>

namespace pp {
namespace {

// What one job costs, in milliseconds of one core, per megapixel: `source` for every pixel of the
// file (what a JPEG's entropy decoding reads whatever the scale, or a whole decode for formats that
// cannot scale), `decoded` for every pixel the decoder puts out (a JPEG's inverse DCT at its scale;
// then the resize, sharpening and encoding that work on it).
struct CostFactors {
    double source, decoded;
};

// Calibrated on bench/corpus/main and bench/corpus/wallpapers (63 images): each alone on one core
// (--workers 1), with the thumbnail and the web preset, each job's time (decode, process, encode)
// fitted by least squares against its source and decoded megapixels, per kind of file. WebP, TIFF,
// HEIF, AVIF and JPEG XL, which the sets lack, from main's 2560×1600 photos and Volna converted by
// vips (the mean of both presets). RAW is not measured: a guess between JPEG and HEIF.
// docs/benchmarks.md ("Scheduling by estimated cost") has the numbers.
struct FormatCost {
    ImageFormat format;
    CostFactors baseline, progressive; // progressive: a JPEG decoded scan by scan
};
constexpr FormatCost kCosts[] = {
    {ImageFormat::Jpeg, {2.5, 14.7}, {30.0, 20.0}},  {ImageFormat::Png, {0.0, 30.0}, {0.0, 30.0}},
    {ImageFormat::Webp, {0.0, 20.0}, {0.0, 20.0}},   {ImageFormat::Tiff, {0.0, 20.0}, {0.0, 20.0}},
    {ImageFormat::Heif, {0.0, 100.0}, {0.0, 100.0}}, {ImageFormat::Avif, {0.0, 50.0}, {0.0, 50.0}},
    {ImageFormat::Jxl, {0.0, 50.0}, {0.0, 50.0}},    {ImageFormat::Raw, {10.0, 40.0}, {10.0, 40.0}},
};
constexpr CostFactors kOtherFormats{0.0, 20.0}; // BMP, GIF: not measured
// A progressive JPEG at 1/8 is made from its DC scans alone (codecs/JpegDcOnly.h): the AC scans,
// most of the file, are skipped unread. Measured: 2.2 ms per source megapixel, whatever the scale.
constexpr CostFactors kProgressiveDcOnly{2.2, 0.0};
// An input the probe could not read, or one given in memory: by its size (both sets: 12-15 ms a MB
// of JPEG or PNG).
constexpr double kMsPerUnknownMB = 15.0;

// A slice's timer may be the one whose timeout is being handled: it goes later, stopped.
void dropTimer(QTimer *timer)
{
    if (timer) {
        timer->stop();
        timer->deleteLater();
    }
}

} // namespace

CostEstimator::CostEstimator(JobRunner *runner, quint32 presetId, QObject *parent)
    : QObject(parent), m_runner(runner), m_presetId(presetId)
{
    connect(runner, &JobRunner::probed, this, &CostEstimator::onProbed);
    connect(runner, &JobRunner::probeFailed, this, &CostEstimator::onProbeFailed);
}

double CostEstimator::estimatedCostMs(const proto::ProbeEntry &entry)
{
    if (!entry.ok)
        return -1;
    const auto format = ImageFormat(entry.format);
    const double sourceMP = double(entry.width) * entry.height / 1e6;
    double decodedMP = sourceMP;
    if (format == ImageFormat::Jpeg) {
        const cv::Size d = scaledJpegSize(cv::Size(int(entry.width), int(entry.height)), entry.scaleEighths);
        decodedMP = double(d.width) * d.height / 1e6;
    } else if (format == ImageFormat::Raw && entry.scaleEighths <= 4) {
        decodedMP = sourceMP / 4; // LibRaw's half size
    }
    CostFactors f = kOtherFormats;
    for (const FormatCost &c : kCosts)
        if (c.format == format)
            f = entry.progressive ? c.progressive : c.baseline;
    if (format == ImageFormat::Jpeg && entry.progressive && entry.scaleEighths == 1)
        f = kProgressiveDcOnly;
    return sourceMP * f.source + decodedMP * f.decoded;
}

std::vector<int> CostEstimator::costOrder(const std::vector<double> &costs, const std::vector<qint64> &bytes)
{
    std::vector<double> c(costs.size());
    for (size_t i = 0; i < costs.size(); ++i)
        c[i] = costs[i] >= 0 ? costs[i] : double(bytes[i]) / 1e6 * kMsPerUnknownMB;
    std::vector<int> order(costs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return c[size_t(a)] > c[size_t(b)]; });
    return order;
}

void CostEstimator::add(std::vector<Item> items)
{
    m_slices.emplace_back();
    Slice &slice = m_slices.back();
    slice.items = std::move(items);
    slice.costs.assign(slice.items.size(), -1);
    // Requests of at most kMaxProbePaths paths and kMaxProbePathBytesTotal bytes; inputs in memory
    // have no path and keep their bytes.
    QVector<QByteArray> paths;
    QVector<Confinement> confinements;
    int first = 0;
    qsizetype total = 0;
    bool refused = false;
    const auto flush = [&](int next) {
        if (!paths.isEmpty()) {
            const quint64 id = m_runner ? m_runner->probe(m_presetId, paths, confinements) : 0;
            if (id == 0)
                refused = true;
            else {
                slice.requests.append(id);
                m_requests.insert(id, {&slice, first});
            }
        }
        paths.clear();
        confinements.clear();
        total = 0;
        first = next;
    };
    for (int i = 0; i < int(slice.items.size()) && !refused; ++i) {
        const JobSpec &spec = slice.items[size_t(i)].spec;
        const bool file = spec.inputKind == proto::InputKind::File;
        if (paths.size() == proto::kMaxProbePaths || total + spec.inputPath.size() > proto::kMaxProbePathBytesTotal ||
            (!file && !paths.isEmpty()))
            flush(i);
        if (!file) {
            first = i + 1; // the next request starts after it
            continue;
        }
        if (paths.isEmpty())
            first = i;
        paths.append(spec.inputPath);
        confinements.append(spec.inputConfinement);
        total += spec.inputPath.size();
    }
    if (!refused)
        flush(int(slice.items.size()));
    if (refused || slice.requests.isEmpty()) {
        giveUp(&slice); // nothing to probe (inputs in memory), or a runner that cannot
    } else {
        slice.timer = new QTimer(this);
        slice.timer->setSingleShot(true);
        Slice *s = &slice;
        connect(slice.timer, &QTimer::timeout, this, [this, s] { giveUp(s); });
        slice.timer->start(m_timeoutMs);
    }
    submitReady();
}

void CostEstimator::onProbed(const proto::ProbeReply &reply)
{
    const auto it = m_requests.constFind(reply.requestId);
    if (it == m_requests.cend())
        return; // another batch's, or one given up on
    auto [slice, first] = *it;
    m_requests.erase(it);
    slice->requests.removeOne(reply.requestId);
    for (int k = 0; k < reply.entries.size() && first + k < int(slice->costs.size()); ++k)
        slice->costs[size_t(first + k)] = estimatedCostMs(reply.entries[k]);
    if (slice->requests.isEmpty() && !slice->resolved) {
        slice->byCost = true;
        slice->resolved = true;
        submitReady();
    }
}

void CostEstimator::onProbeFailed(quint64 requestId)
{
    const auto it = m_requests.constFind(requestId);
    if (it == m_requests.cend())
        return;
    Slice *slice = it->first;
    giveUp(slice);
}

void CostEstimator::giveUp(Slice *slice)
{
    for (const quint64 id : std::as_const(slice->requests))
        m_requests.remove(id);
    slice->requests.clear();
    slice->byCost = false; // what was probed is not enough to compare with the rest
    slice->resolved = true;
    submitReady();
}

void CostEstimator::submitReady()
{
    while (m_runner && !m_slices.empty() && m_slices.front().resolved) {
        Slice slice = std::move(m_slices.front());
        m_slices.pop_front();
        dropTimer(slice.timer);
        std::vector<qint64> bytes;
        for (const Item &item : slice.items)
            bytes.push_back(item.bytes);
        std::vector<double> costs = slice.costs;
        if (!slice.byCost)
            std::fill(costs.begin(), costs.end(), -1.0); // all by bytes, as before probing
        (slice.byCost ? m_byCost : m_byBytes) += 1;
        for (const int i : costOrder(costs, bytes))
            if (!m_withdrawn.remove(slice.items[size_t(i)].spec.id))
                m_runner->submit(slice.items[size_t(i)].spec);
    }
}

QList<quint64> CostEstimator::withdraw(const QSet<quint64> &ids)
{
    // Left in their slices (whose probe requests refer to them by position), and passed over
    // when the slice is submitted.
    QList<quint64> held;
    for (const Slice &slice : m_slices)
        for (const Item &item : slice.items)
            if (ids.contains(item.spec.id) && !m_withdrawn.contains(item.spec.id)) {
                m_withdrawn.insert(item.spec.id);
                held << item.spec.id;
            }
    return held;
}

QList<quint64> CostEstimator::takePending()
{
    QList<quint64> ids;
    for (Slice &slice : m_slices) {
        for (const quint64 id : std::as_const(slice.requests))
            m_requests.remove(id);
        for (const Item &item : slice.items)
            if (!m_withdrawn.contains(item.spec.id))
                ids.append(item.spec.id);
        dropTimer(slice.timer);
    }
    m_slices.clear();
    m_withdrawn.clear();
    return ids;
}

} // namespace pp
