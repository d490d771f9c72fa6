// One output of a job, from its finished pixels to its temporary file: alpha flattened for formats
// without it, the metadata and colour profile it keeps (the preset output's policies), encoded,
// written. JobExecutor runs it once per output of the preset; the pieces of the source it needs
// (the probe's facts, the metadata blocks, the usable profile) are the job's, shared by all.
#pragma once

#include "ColourManagement.h"
#include "ImageCodec.h"
#include "Preset.h"
#include "Protocol.h"

#include <QStringList>
#include <opencv2/core.hpp>

namespace pp::job {

struct Source {
    const ImageInfo &info;
    const SourceMetadata &metadata;
    const colour::ProfileInfo &profile; // of metadata.icc, usable
    bool lossless = false;              // a lossless WebP or JPEG XL (`format: keep` keeps it so)
    // What `format: keep` writes, as the front end named the outputs (proto::Job::keptFormat);
    // Keep: the source's own format's (keepFormatFor).
    OutputFormat kept = OutputFormat::Keep;
};

struct Written {
    bool ok = false;
    proto::FailureCode code = proto::FailureCode::Processing;
    QString error;
    quint64 bytes = 0;
};

// The source's profile, if it is one the pixels can be read through; a profile that cannot be
// used is dropped with a warning (the pixels are then taken as sRGB, as every viewer would). A grey
// profile goes with grey pixels: one channel, or grey widened to colour (± alpha: a grey+alpha PNG
// or TIFF is read as colour+alpha), its colour channels equal.
colour::ProfileInfo usableProfile(std::vector<uint8_t> *icc, const cv::Mat &pixels, QStringList *warnings);

// The format an output is written in: `keep` is source.kept, the one the output's name says, or
// without one the source's, as ImageProbe's keepFormatFor says.
OutputFormat outputFormat(const OutputSettings &settings, const Source &source);

// Alpha composited over the background for 8-bit formats without it (JPEG, BMP).
cv::Mat forFormat(cv::Mat image, OutputFormat format, const OutputSettings &settings);

// The preview the window paints (8-bit BGRA, premultiplied), at most maxSide a side. The window
// paints sRGB: pixels still in the source's colour space (an output that keeps its profile, the
// queue's thumbnails, the "before" side) are converted for the preview from `displayFrom`, the
// source's usable non-sRGB profile (nullptr when the pixels are sRGB already).
cv::Mat makePreview(const cv::Mat &image, int maxSide, const std::vector<uint8_t> *displayFrom = nullptr);

// A region preview (proto::Job::region): `asked` clipped to the oriented image `before` (empty when
// they do not overlap), and the region of `output` around the same spot (its centre at the same
// share of the frame) and as large (or all of a smaller output), so a preset that resizes shows
// the spot the user looks at in output pixels.
proto::Region clipRegion(const proto::Region &asked, cv::Size before);
proto::Region mapRegion(const proto::Region &region, cv::Size before, cv::Size output);
// Both regions at their own 100 %, side by side in one BGRA image (Protocol.h, Finished::beforeRegion).
// `before` is sRGB; `after` is converted from `displayFrom` as makePreview() does.
cv::Mat regionPreview(const cv::Mat &before, const cv::Mat &after, const std::vector<uint8_t> *displayFrom = nullptr);

// Whether an output will say how its pixels are to be shown: JPEG XL and AVIF in the image itself
// (codestream orientation, irot/imir), the other formats in their EXIF, which they have only with
// the source's EXIF block and a metadata policy that keeps it. One that will not (`metadata:
// strip`, BMP, a source whose EXIF is not read) is turned upright in its pixels instead, so that
// every output shows the photo upright, in every format alike.
bool carriesOrientation(OutputFormat format, MetadataPolicy policy, const SourceMetadata &metadata);

// Encodes `image` (forFormat() done) and writes it to the temporary `file` the front end made, or
// with -1 to a new file at `tempPath` (writeTemporary). `converted`: its pixels were
// converted to sRGB; `upright`: they were turned upright (by the plan's autoOrient, or because
// the output does not carry the orientation), else they are in the source's stored order. Pixels
// with a grey profile that the format would write as colour (WebP; colour+alpha in JPEG XL or
// AVIF) are converted through it to sRGB here; grey widened to colour without alpha goes to JPEG,
// AVIF and JPEG XL as one channel, which they write grey beside the profile. `frame`: how the
// pixels lie on the source's stored ones (planFrame(), MetadataRequest::frameTurn).
Written writeOutput(const cv::Mat &image, const OutputSettings &settings, const Source &source, bool converted,
                    bool upright, int frame, int file, const QByteArray &tempPath, QStringList *warnings);

} // namespace pp::job
