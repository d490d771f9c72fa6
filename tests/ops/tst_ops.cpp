#include "tst_ops.h"

#include <QFile>
#include <QTest>
#include <cstring>

namespace testutil {

cv::Mat grey(std::initializer_list<std::initializer_list<int>> values)
{
    const int rows = int(values.size());
    const int cols = int(values.begin()->size());
    cv::Mat m(rows, cols, CV_8UC1);
    int y = 0;
    for (const auto &row : values) {
        int x = 0;
        for (int v : row)
            m.at<uchar>(y, x++) = uchar(v);
        ++y;
    }
    return m;
}

namespace {

// This process's resident kilobytes now ("VmRSS:") or at their peak ("VmHWM:"), or -1.
long statusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(std::strlen(field))).trimmed().split(' ').value(0).toLong();
    return -1;
}

} // namespace

long peakGrowthMb(const std::function<void()> &work)
{
    QFile reset(QStringLiteral("/proc/self/clear_refs"));
    if (!reset.open(QIODevice::WriteOnly) || reset.write("5") != 1)
        return -1;
    reset.close();
    const long before = statusKb("VmRSS:");
    work();
    const long peak = statusKb("VmHWM:");
    return before < 0 || peak < 0 ? -1 : (peak - before) / 1024;
}

cv::Mat noise(cv::Size size, int type, int seed)
{
    cv::Mat m(size, type);
    cv::RNG rng{uint64(seed)};
    rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    return m;
}

int maxDiff(const cv::Mat &a, const cv::Mat &b)
{
    if (a.size() != b.size() || a.type() != b.type())
        return -1;
    if (a.empty())
        return 0;
    return int(cv::norm(a, b, cv::NORM_INF));
}

QByteArray describe(const cv::Mat &m)
{
    QByteArray s =
        QByteArray::number(m.cols) + "x" + QByteArray::number(m.rows) + "x" + QByteArray::number(m.channels());
    if (m.total() * m.channels() <= 64) {
        s += " [";
        for (int y = 0; y < m.rows; ++y) {
            const uchar *p = m.ptr<uchar>(y);
            for (int i = 0; i < m.cols * m.channels(); ++i)
                s += QByteArray::number(p[i]) + " ";
            s += y + 1 < m.rows ? "| " : "";
        }
        s += "]";
    }
    return s;
}

pp::ops::TextRenderer &fonts()
{
    static pp::ops::TextRenderer renderer;
    return renderer;
}

cv::Mat TestFiles::load(const std::string &path, cv::Size size, QString *error)
{
    asked << QString::fromStdString(path);
    if (path.find("corrupt") != std::string::npos) {
        *error = QString::fromStdString(path) + ": PNG data is damaged";
        return {};
    }
    return size.empty() ? logo : pp::ops::resizeTo(logo, size, pp::ops::Filter::Auto);
}

TestFiles &files()
{
    static TestFiles f;
    if (f.logo.empty())
        f.logo = noise({8, 6}, CV_8UC4, 21);
    return f;
}

const pp::StepResources &resources()
{
    static const pp::StepResources r{&fonts(), &files()};
    return r;
}

} // namespace testutil

namespace cv {
char *toString(const cv::Size &s) { return qstrdup(QByteArray::number(s.width) + "x" + QByteArray::number(s.height)); }
char *toString(const cv::Rect &r)
{
    return qstrdup(QByteArray::number(r.width) + "x" + QByteArray::number(r.height) + " at " + QByteArray::number(r.x) +
                   "," + QByteArray::number(r.y));
}
char *toString(const cv::Vec3b &v)
{
    return qstrdup(QByteArray("(") + QByteArray::number(v[0]) + ", " + QByteArray::number(v[1]) + ", " +
                   QByteArray::number(v[2]) + ")");
}
char *toString(const cv::Vec4b &v)
{
    return qstrdup(QByteArray("(") + QByteArray::number(v[0]) + ", " + QByteArray::number(v[1]) + ", " +
                   QByteArray::number(v[2]) + ", " + QByteArray::number(v[3]) + ")");
}
} // namespace cv

QTEST_APPLESS_MAIN(TestOps)
