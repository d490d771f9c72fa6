// Images that steps read from files (a logo), decoded once per worker process: a batch of a
// thousand photos with a logo decodes the logo once. Entries are keyed by path, modification
// time and size, so a logo edited during a batch is read again; a file that cannot be used is
// remembered the same way, so a corrupt logo is not decoded again for every image either.
//
// The file is as hostile as any input: read without blocking (readRegularFile), its header
// probed and checked against the pixel limit before a pixel is decoded, decoded by the project's
// own decoders (never OpenCV's imread), turned upright by its EXIF orientation and converted to
// sRGB through its profile, as the steps that use it work in sRGB. The last size a step asked
// for is kept too: a batch's photos mostly share a size, so the logo is resampled once.
#pragma once

#include "CompiledStep.h"

#include <QString>
#include <list>
#include <mutex>

namespace pp {

class DecodedFileCache : public ImageFiles
{
public:
    explicit DecodedFileCache(quint64 maxPixels) : m_maxPixels(maxPixels) {}

    cv::Mat load(const std::string &path, cv::Size size, QString *error) override;

    // Files decoded so far (cache misses): what tests and measurements count.
    int decodes() const;

    static constexpr size_t kEntries = 4; // a preset has a logo or two

private:
    struct Entry {
        std::string key; // path, modification time, size
        cv::Mat image;   // BGRA; empty when the file cannot be used
        cv::Mat resized; // the last size asked for
        QString error;
    };
    Entry decode(const std::string &path, const QByteArray &native) const;

    quint64 m_maxPixels;
    std::list<Entry> m_entries; // most recently used first
    int m_decodes = 0;
    mutable std::mutex m_lock; // the in-process runner's threads share one executor
};

} // namespace pp
