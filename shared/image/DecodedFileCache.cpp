#include "DecodedFileCache.h"

#include "ColourManagement.h"
#include "FileIO.h"
#include "ImageCodec.h"

#include <QFile>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <opencv2/imgproc.hpp>
#include <sys/stat.h>

namespace pp {

cv::Mat DecodedFileCache::load(const std::string &path, cv::Size size, QString *error)
{
    const QString name = QString::fromStdString(path);
    const QByteArray native = QFile::encodeName(name);
    struct stat st {
    };
    if (const int err = statFile(native, &st)) {
        *error = QStringLiteral("cannot read %1: %2").arg(name, describeErrno(err));
        return {};
    }
    const std::string key = path + '\n' + std::to_string(st.st_mtim.tv_sec) + '.' + std::to_string(st.st_mtim.tv_nsec) +
                            '\n' + std::to_string(st.st_size);
    std::lock_guard lock(m_lock);
    auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry &e) { return e.key == key; });
    if (it != m_entries.end()) {
        m_entries.splice(m_entries.begin(), m_entries, it);
    } else {
        // Another version of the same file is of no more use.
        m_entries.remove_if([&](const Entry &e) { return e.key.compare(0, path.size() + 1, path + '\n') == 0; });
        Entry entry = decode(path, native);
        entry.key = key;
        ++m_decodes;
        m_entries.push_front(std::move(entry));
        if (m_entries.size() > kEntries)
            m_entries.pop_back();
    }
    Entry &e = m_entries.front();
    *error = e.error;
    if (e.image.empty() || size.empty() || size == e.image.size())
        return e.image;
    if (e.resized.size() != size)
        e.resized = ops::resizeTo(e.image, size, ops::Filter::Auto);
    return e.resized;
}

int DecodedFileCache::decodes() const
{
    std::lock_guard lock(m_lock);
    return m_decodes;
}

DecodedFileCache::Entry DecodedFileCache::decode(const std::string &path, const QByteArray &native) const
{
    Entry e;
    const QString name = QString::fromStdString(path);
    const auto fail = [&](const QString &why) {
        e.error = QStringLiteral("%1: %2").arg(name, why);
        return e;
    };
    std::vector<uint8_t> bytes;
    QString why;
    if (!readRegularFile(native, kMaxInputFileBytes, &bytes, &why))
        return fail(why);
    const ImageInfo info = probeImage(bytes.data(), bytes.size());
    if (!info.error.isEmpty())
        return fail(info.error);
    if (const QString tooLarge = overPixelLimit(info, m_maxPixels); !tooLarge.isEmpty())
        return fail(tooLarge);
    DecodeResult decoded;
    try {
        decoded = decodeImage(bytes.data(), bytes.size(), info, 8, false, true);
    } catch (const std::bad_alloc &) {
        return fail(QStringLiteral("out of memory decoding %1×%2").arg(info.width).arg(info.height));
    } catch (const cv::Exception &e) {
        return fail(QString::fromStdString(e.msg));
    }
    if (decoded.image.empty())
        return fail(decoded.error);

    cv::Mat image = ops::applyExifOrientation(decoded.image, info.exifOrientation);
    // Taken as sRGB when it has no profile, or one that cannot be used, as inputs are; grey+alpha
    // (read as colour+alpha) through its grey profile.
    const std::vector<uint8_t> &icc = decoded.metadata.icc;
    const colour::ProfileInfo profile = colour::inspectProfile(icc);
    if (!icc.empty() && !profile.srgb && colour::convertsFrom(profile.space, image.channels())) {
        QString ignored;
        colour::convertToSrgb(image, icc, &ignored);
    }
    // Drawn at 8 bits, as the steps that take it (a logo) draw: one of 16 bits a channel, from a
    // PNG or TIFF exported at depth, failed every image on an assertion.
    image = ops::toEightBit(image);
    switch (image.channels()) {
    case 1:
        cv::cvtColor(image, e.image, cv::COLOR_GRAY2BGRA);
        break;
    case 3:
        cv::cvtColor(image, e.image, cv::COLOR_BGR2BGRA);
        break;
    default:
        e.image = image;
        break;
    }
    return e;
}

} // namespace pp
