// TIFF through libtiff, from and to memory. Grey, RGB, CMYK and L*a*b* of 16 bits, or of samples
// libtiff's RGBA interface misreads (signed, 32-bit, floating point), or with alpha, are read by
// PixelPool as they are stored (TiffSamples.h), interleaved or planar, and keep 16 bits; everything
// else goes through libtiff's RGBA interface, which understands every photometric interpretation,
// bit depth and planar layout and gives 8 bits. Pixels come out in stored order: the pipeline
// applies the Orientation tag, as for EXIF.
#include "Codecs.h"
#include "ColourManagement.h"
#include "TiffSamples.h"

#include <cmath>
#include <cstdarg>
#include <algorithm>
#include <climits>
#include <cstring>
#include <limits>
#include <QRegularExpression>
#include <opencv2/imgproc.hpp>
#include <tiffio.h>
#include <vector>

namespace pp::codecs {
namespace {

using tiff::SampleLayout;

struct TiffMemory {
    const uint8_t *data = nullptr;       // reading
    std::vector<uint8_t> *out = nullptr; // writing
    size_t size = 0;
    size_t pos = 0;
    QString error;
    QString damage; // what libjpeg said of JPEG-compressed data it decoded through (tiffWarning)
};

tmsize_t tiffRead(thandle_t h, void *buf, tmsize_t n)
{
    auto *m = static_cast<TiffMemory *>(h);
    if (!m->data || n < 0 || m->pos >= m->size)
        return 0;
    const size_t k = std::min(size_t(n), m->size - m->pos);
    std::memcpy(buf, m->data + m->pos, k);
    m->pos += k;
    return tmsize_t(k);
}

tmsize_t tiffWrite(thandle_t h, void *buf, tmsize_t n)
{
    auto *m = static_cast<TiffMemory *>(h);
    if (!m->out || n < 0)
        return 0;
    if (m->pos + size_t(n) > m->out->size())
        m->out->resize(m->pos + size_t(n));
    std::memcpy(m->out->data() + m->pos, buf, size_t(n));
    m->pos += size_t(n);
    m->size = std::max(m->size, m->pos);
    return n;
}

toff_t tiffSeek(thandle_t h, toff_t off, int whence)
{
    auto *m = static_cast<TiffMemory *>(h);
    qint64 base = 0;
    if (whence == SEEK_CUR)
        base = qint64(m->pos);
    else if (whence == SEEK_END)
        base = qint64(m->size);
    const qint64 to = base + qint64(off);
    if (to < 0 || (m->data && quint64(to) > m->size))
        return toff_t(-1);
    m->pos = size_t(to);
    return toff_t(to);
}

int tiffClose(thandle_t) { return 0; }
toff_t tiffSize(thandle_t h) { return toff_t(static_cast<TiffMemory *>(h)->size); }
// Reading: the file's bytes are in memory already, and libtiff is given them as a memory-mapped file
// (its default for a file it opens itself). libtiff 4.5 reads an uncompressed tile through its RGBA
// interface only so: otherwise it rounds the tile's buffer up to a multiple of 1024 bytes and then
// refuses the tile ("Invalid tile byte count for tile 0. Expected 768, got 1024"). libtiff checks
// every read from a mapped file against its size, and writes nothing to it (it maps files read-only).
int tiffMap(thandle_t h, void **base, toff_t *size)
{
    auto *m = static_cast<TiffMemory *>(h);
    if (!m->data)
        return 0;
    *base = const_cast<uint8_t *>(m->data);
    *size = toff_t(m->size);
    return 1;
}
void tiffUnmap(thandle_t, void *, toff_t) {}

// libtiff 4.5 says of a strip that begins past the end of a file it reads as mapped (as here) "Read
// error on strip 0; got 18446744073709550238 bytes, expected 1012": the file's size less the
// strip's offset, wrapped below 0 (Pillow's crash-*.tif), which the user was shown. It is said as
// what it is; the offset is that size less the number, wrapped back. A strip cut short by the
// file's end (a number less than expected) keeps libtiff's words, which are true. Empty for any
// other message.
QString stripPastTheEnd(const QString &said, size_t fileSize)
{
    static const QRegularExpression kReadError(
        QStringLiteral("^Read error on strip (\\d+); got (\\d+) bytes, expected (\\d+)$"));
    const QRegularExpressionMatch match = kReadError.match(said);
    const quint64 got = match.captured(2).toULongLong(), expected = match.captured(3).toULongLong();
    if (!match.hasMatch() || got <= expected)
        return {};
    return QStringLiteral("damaged or truncated file: strip %1 begins at byte %2, past its end (%3 bytes)")
        .arg(match.captured(1))
        .arg(quint64(fileSize) - got)
        .arg(fileSize);
}

int tiffError(TIFF *, void *user, const char *module, const char *fmt, va_list ap)
{
    auto *m = static_cast<TiffMemory *>(user);
    if (m->error.isEmpty()) {
        char text[512];
        std::vsnprintf(text, sizeof text, fmt, ap);
        const QString said = QString::fromLatin1(text);
        if (const QString past = stripPastTheEnd(said, m->size); !past.isEmpty())
            m->error = past;
        else
            m->error = module ? QStringLiteral("%1: %2").arg(QString::fromLatin1(module), said) : said;
    }
    return 1; // handled: libtiff prints nothing
}

// libtiff's warnings are dropped, except libjpeg's of JPEG-compressed data that it decoded only by
// guessing (a strip cut short, a bad Huffman code: "Corrupt JPEG data: premature end of data segment"),
// which libtiff passes on as warnings: that is damage, as in a JPEG file. libjpeg's warnings that
// lose no pixels (a bad ICC marker, an unknown JFIF revision or Adobe transform) stay dropped.
int tiffWarning(TIFF *, void *user, const char *module, const char *fmt, va_list ap)
{
    auto *m = static_cast<TiffMemory *>(user);
    if (!m->damage.isEmpty() || !module || std::strcmp(module, "JPEGLib") != 0)
        return 1;
    char text[512];
    std::vsnprintf(text, sizeof text, fmt, ap);
    const QString said = QString::fromLatin1(text);
    if ((said.startsWith(QLatin1String("Corrupt JPEG data")) && !said.contains(QLatin1String("ICC"))) ||
        said.startsWith(QLatin1String("Premature end of JPEG file")))
        m->damage = said;
    return 1;
}

// One TIFF handle with our memory I/O and error capture, closed on scope exit.
class TiffHandle
{
public:
    TiffHandle(TiffMemory *m, const char *mode)
    {
        TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
        TIFFOpenOptionsSetErrorHandlerExtR(opts, tiffError, m);
        TIFFOpenOptionsSetWarningHandlerExtR(opts, tiffWarning, m);
        TIFFOpenOptionsSetMaxSingleMemAlloc(opts, tmsize_t(1) << 30);
        m_tif = TIFFClientOpenExt("image", mode, m, tiffRead, tiffWrite, tiffSeek, tiffClose, tiffSize, tiffMap,
                                  tiffUnmap, opts);
        TIFFOpenOptionsFree(opts);
    }
    ~TiffHandle()
    {
        if (m_tif)
            TIFFClose(m_tif);
    }
    TIFF *get() const { return m_tif; }
    TIFF *release() { return std::exchange(m_tif, nullptr); }

private:
    TIFF *m_tif = nullptr;
};

// Why libtiff cannot read a TIFF's first directory (the one PixelPool writes); empty when it can.
QString unreadable(const std::vector<uint8_t> &tiff)
{
    TiffMemory m;
    m.data = tiff.data();
    m.size = tiff.size();
    const TiffHandle tif(&m, "r");
    if (!tif.get() && m.error.isEmpty())
        return QStringLiteral("libtiff cannot open it");
    return m.error;
}

// The profile, XMP packet and resolution of the directory libtiff has read; EXIF and IPTC come from
// exiv2. A file's XMP packet belongs in IFD0 (XMP's specification for TIFF): read from there when
// the directory read is another (the full image behind a thumbnail) and has none. Its profile and
// resolution are its own: they describe its pixels.
void collectTags(TIFF *tif, const uint8_t *data, size_t size, bool firstDirectory, SourceMetadata *meta)
{
    uint32_t n = 0;
    void *p = nullptr;
    if (TIFFGetField(tif, TIFFTAG_ICCPROFILE, &n, &p) == 1 && p && n > 0) {
        if (n <= colour::kMaxProfileBytes)
            meta->icc.assign(static_cast<const uint8_t *>(p), static_cast<const uint8_t *>(p) + n);
        else
            meta->warnings.append(tooLargeToRead("colour profile", n));
    }
    const auto readXmp = [&] {
        if (TIFFGetField(tif, TIFFTAG_XMLPACKET, &n, &p) != 1 || !p || n == 0)
            return false;
        if (n <= kMaxXmpBytes)
            meta->xmp.assign(static_cast<const char *>(p), n);
        else
            meta->warnings.append(tooLargeToRead("XMP", n));
        return true;
    };
    const bool xmp = readXmp();
    float x = 0, y = 0;
    uint16_t unit = RESUNIT_INCH;
    TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
    if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &x) == 1 && TIFFGetField(tif, TIFFTAG_YRESOLUTION, &y) == 1 && x > 0 &&
        y > 0 && x < 1e6 && y < 1e6 && (unit == RESUNIT_INCH || unit == RESUNIT_CENTIMETER)) {
        meta->dpiX = unit == RESUNIT_INCH ? x : x * 2.54;
        meta->dpiY = unit == RESUNIT_INCH ? y : y * 2.54;
    }
    if (!xmp && !firstDirectory && TIFFSetDirectory(tif, 0))
        readXmp();
    meta::readTiffMetadata(data, size, meta);
}

// The layouts read directly (TiffSamples.h), interleaved or planar: grey (either way round) or RGB,
// with at most one extra sample and that one declared as alpha; unsigned 16 bits, the samples
// libtiff's RGBA interface cannot read (SampleLayout::beyondRgba), and 8 bits when alpha is declared
// (the RGBA interface premultiplies unassociated alpha into 8 bits, which loses the colour of nearly
// transparent pixels). Others go through the RGBA interface.
bool isPlainGreyOrRgb(const SampleLayout &l, bool declaredAlpha)
{
    if (!l.unsignedOf(16) && !l.beyondRgba() && !(declaredAlpha && l.unsignedOf(8)))
        return false;
    if (l.photometric == PHOTOMETRIC_MINISBLACK || l.photometric == PHOTOMETRIC_MINISWHITE)
        return l.samples == 1 || (l.samples == 2 && declaredAlpha);
    if (l.photometric == PHOTOMETRIC_RGB)
        return l.samples == 3 || (l.samples == 4 && declaredAlpha);
    return false;
}

// 8- or 16-bit CMYK, four inks, with at most one extra sample, declared as alpha: what a CMYK
// profile describes.
bool isPlainCmyk(const SampleLayout &l, bool declaredAlpha)
{
    return (l.unsignedOf(8) || l.unsignedOf(16)) && l.photometric == PHOTOMETRIC_SEPARATED && l.inks == INKSET_CMYK &&
           (l.samples == 4 || (l.samples == 5 && declaredAlpha));
}

// CIE L*a*b*, 8 or 16 bits: L* alone or L*a*b*, with at most one extra sample, declared as alpha.
// Either TIFF's own encoding (CIELab) or the ICC's (ICCLab).
bool isPlainLab(const SampleLayout &l, bool declaredAlpha)
{
    if ((l.photometric != PHOTOMETRIC_CIELAB && l.photometric != PHOTOMETRIC_ICCLAB) ||
        (!l.unsignedOf(8) && !l.unsignedOf(16)))
        return false;
    return l.samples == 1 || l.samples == 3 || ((l.samples == 2 || l.samples == 4) && declaredAlpha);
}

// L*a*b* samples as the file stores them (In) in the encoding colour::labToSrgb reads (Out: the ICC's,
// version 4 at 16 bits), into `out`, which may be `in` itself when the types agree. TIFF's CIELab
// has signed a* and b* (a 256th of a unit at 16 bits) and at 16 bits L* 0..65535 for 0..100, as
// libtiff reads it; ICCLab is the ICC's version 2 encoding (16 bits: L* 0xFF00 for 100, a* and b*
// plus 128, times 256). Associated alpha is divided out of L*, a* and b*.
template <typename In, typename Out> void toIccLab(const cv::Mat &in, cv::Mat &out, bool tiffSigned, bool associated)
{
    constexpr bool kWideIn = sizeof(In) == 2, kWideOut = sizeof(Out) == 2;
    constexpr double kMaxIn = kWideIn ? 65535.0 : 255.0, kMaxOut = kWideOut ? 65535.0 : 255.0;
    constexpr double kOutL = kWideOut ? 655.35 : 2.55; // code values per unit of L*
    constexpr double kOutAb = kWideOut ? 257.0 : 1.0;  // … of a* and b* (plus 128)
    const double inL = !kWideIn ? 2.55 : tiffSigned ? 655.35 : 652.80;
    const int n = in.channels();
    const int colours = n >= 3 ? 3 : 1;
    const bool alpha = n % 2 == 0;
    const auto ab = [&](In v) {
        if (tiffSigned)
            return kWideIn ? int16_t(v) / 256.0 : double(int8_t(v));
        return kWideIn ? v / 256.0 - 128.0 : v - 128.0;
    };
    const auto code = [](double v) { return Out(std::clamp(std::lround(v), 0L, long(kMaxOut))); };
    if (!associated && kWideIn == kWideOut) { // in integers: what most files take
        for (int y = 0; y < in.rows; ++y) {
            const In *p = in.ptr<In>(y);
            Out *q = out.ptr<Out>(y);
            for (int x = 0; x < in.cols; ++x, p += n, q += n) {
                // 8 bits: a* and b* signed to offset; 16: also 256ths to 257ths, and ICCLab's L* too.
                const auto wide = [](uint32_t v) { return Out(std::min<uint32_t>((v * 257 + 128) >> 8, 65535)); };
                if constexpr (kWideIn)
                    q[0] = tiffSigned ? Out(p[0]) : wide(p[0]);
                else
                    q[0] = Out(p[0]);
                for (int c = 1; c < colours; ++c) {
                    const uint32_t offset = tiffSigned ? uint32_t(p[c] ^ (kWideIn ? 0x8000 : 0x80)) : p[c];
                    q[c] = kWideIn ? wide(offset) : Out(offset);
                }
                if (alpha)
                    q[n - 1] = Out(p[n - 1]);
            }
        }
        return;
    }
    for (int y = 0; y < in.rows; ++y) {
        const In *p = in.ptr<In>(y);
        Out *q = out.ptr<Out>(y);
        for (int x = 0; x < in.cols; ++x, p += n, q += n) {
            const double a = alpha ? p[n - 1] / kMaxIn : 1.0;
            const double scale = associated && a > 0 ? 1.0 / a : 1.0;
            q[0] = code(p[0] / inL * scale * kOutL);
            for (int c = 1; c < colours; ++c)
                q[c] = code((ab(p[c]) * scale + 128.0) * kOutAb);
            if (alpha)
                q[n - 1] = code(a * kMaxOut);
        }
    }
}

// After inks went through the plain formula: a profile the file carries described the inks, not the
// colour they became (or is no CMYK profile at all), so it goes, with a warning, as a CMYK JPEG's
// does. `why` is the colour module's reason when it refused a CMYK profile.
void dropInkProfile(SourceMetadata *meta, const QString &why = {})
{
    if (meta->icc.empty())
        return;
    meta->warnings.append(colour::cmykProfileUnusedWarning(meta->icc, why));
    meta->icc.clear();
}

// The file's grey/RGB(A) sample order as the pipeline's grey/BGR/BGRA, associated alpha made
// straight.
cv::Mat fromStoredOrder(const cv::Mat &stored, bool associated)
{
    cv::Mat out;
    switch (stored.channels()) {
    case 1:
        return stored;
    case 2: { // grey + alpha
        std::vector<cv::Mat> planes;
        cv::split(stored, planes);
        cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, out);
        break;
    }
    case 3:
        cv::cvtColor(stored, out, cv::COLOR_RGB2BGR);
        return out;
    default:
        cv::cvtColor(stored, out, cv::COLOR_RGBA2BGRA);
        break;
    }
    if (associated)
        tiff::unassociateAlpha(out);
    return out;
}

// The pages of a TIFF: the directories of its chain, less those that say they are a
// reduced-resolution copy of another (a thumbnail; SubIFDs are no pages either). Only the first and
// the kTiffDirectoriesExamined after it are read for that; the rest are counted as pages. libtiff
// counts the directories by their chain alone, refusing a loop.
int tiffPages(const uint8_t *data, size_t size)
{
    TiffMemory m;
    m.data = data;
    m.size = size;
    TiffHandle tif(&m, "r");
    if (!tif.get())
        return 1;
    const tdir_t directories = TIFFNumberOfDirectories(tif.get());
    int pages = int(directories);
    for (tdir_t i = 0; i < directories && i <= tdir_t(kTiffDirectoriesExamined); ++i) {
        if (i > 0 && !TIFFReadDirectory(tif.get()))
            break;
        uint32_t type = 0;
        if (TIFFGetField(tif.get(), TIFFTAG_SUBFILETYPE, &type) == 1 && (type & FILETYPE_REDUCEDIMAGE))
            --pages;
    }
    return std::max(pages, 1);
}

DecodeResult decodeImageDirectory(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata);

} // namespace

// A multi-page TIFF is read as its first page, as viewers without pages show it; the warning says
// how many there are, so that the others are not dropped without a word. A thumbnail before the
// page (a reduced-resolution IFD0, with the full image in a later directory or in a SubIFD) is
// passed over: the probe's size is the full image's (tiffImageDirectory).
DecodeResult decodeTiff(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata)
{
    DecodeResult result = decodeImageDirectory(data, size, info, withMetadata);
    if (!result.image.empty()) {
        const int pages = tiffPages(data, size);
        if (pages > 1)
            result.warning = QStringLiteral("TIFF of %1 pages: only the first is read").arg(pages);
    }
    return result;
}

namespace {

DecodeResult decodeImageDirectory(const uint8_t *data, size_t size, const ImageInfo &info, bool withMetadata)
{
    DecodeResult result;
    result.corrupt = true;
    TiffMemory m;
    m.data = data;
    m.size = size;
    TiffHandle tif(&m, "r");
    // libtiff says "Sorry, ..." of what it does not do (a layout its RGBA interface does not read, a
    // compression it was built without): not damage. The layout is named, once known.
    QString layoutNamed;
    const auto fail = [&](const QString &what) {
        const QString why = m.error.isEmpty() ? what : m.error;
        result.corrupt = !why.startsWith(QLatin1String("Sorry"));
        if (result.corrupt)
            result.error = QStringLiteral("cannot decode TIFF: %1").arg(why);
        else if (layoutNamed.isEmpty())
            result.error = QStringLiteral("TIFF of a kind PixelPool does not read: %1").arg(why);
        else
            result.error = QStringLiteral("TIFF of a kind PixelPool does not read: %1 (%2)").arg(layoutNamed, why);
        return result;
    };
    const auto damaged = [&] {
        return m.damage.isEmpty() ? QStringLiteral("damaged or truncated image data")
                                  : QStringLiteral("damaged JPEG data: %1").arg(m.damage);
    };
    if (!tif.get())
        return fail(QStringLiteral("unreadable header"));
    // The directory the probe read the size from; libtiff has read IFD0.
    const uint32_t directory = tiffImageDirectory(data, size);
    const bool firstDirectory = TIFFCurrentDirOffset(tif.get()) == directory;
    if (!firstDirectory && !TIFFSetSubDirectory(tif.get(), directory))
        return fail(QStringLiteral("unreadable directory of the full image"));
    uint16_t compression = COMPRESSION_NONE;
    TIFFGetFieldDefaulted(tif.get(), TIFFTAG_COMPRESSION, &compression);
    if (!TIFFIsCODECConfigured(compression)) { // one libtiff was built without, or no one knows
        const TIFFCodec *codec = TIFFFindCODEC(compression);
        result.corrupt = false;
        result.error = QStringLiteral("TIFF of a kind PixelPool does not read: compression %1")
                           .arg(codec ? QStringLiteral("%1 (%2)").arg(QString::fromLatin1(codec->name)).arg(compression)
                                      : QString::number(compression));
        return result;
    }
    // Which alpha the file declares. With none declared, libtiff takes a fourth sample as
    // associated alpha and hands it over as stored; with either kind declared, it hands over
    // premultiplied colour (it converts unassociated alpha).
    uint16_t extraCount = 0;
    uint16_t *extra = nullptr;
    const bool declaredAlpha = TIFFGetField(tif.get(), TIFFTAG_EXTRASAMPLES, &extraCount, &extra) == 1 &&
                               extraCount > 0 && extra &&
                               (extra[0] == EXTRASAMPLE_ASSOCALPHA || extra[0] == EXTRASAMPLE_UNASSALPHA);
    const SampleLayout layout(tif.get());
    layoutNamed = layout.described();
    // The stored size, checked against the probe's before anything is allocated for it.
    const auto storedSize = [&](cv::Size *dims) {
        uint32_t w = 0, h = 0;
        TIFFGetField(tif.get(), TIFFTAG_IMAGEWIDTH, &w);
        TIFFGetField(tif.get(), TIFFTAG_IMAGELENGTH, &h);
        *dims = cv::Size(int(std::min<uint32_t>(w, INT_MAX)), int(std::min<uint32_t>(h, INT_MAX)));
        if (w <= uint32_t(INT_MAX) && h <= uint32_t(INT_MAX) && sizeMatches(*dims, info, &result))
            return true;
        if (result.error.isEmpty())
            fail(QStringLiteral("impossible size"));
        return false;
    };
    // The layouts below, read whole as the file stores them: false with result's error.
    const auto readStored = [&](cv::Mat *stored) {
        cv::Size dims;
        if (!storedSize(&dims))
            return false;
        stored->create(dims, layout.storedType());
        if (tiff::readSamples(tif.get(), layout, stored) && m.error.isEmpty() && m.damage.isEmpty())
            return true;
        fail(damaged());
        return false;
    };
    const bool associated = declaredAlpha && extra[0] == EXTRASAMPLE_ASSOCALPHA;
    if (isPlainGreyOrRgb(layout, declaredAlpha)) {
        cv::Mat stored;
        if (!readStored(&stored))
            return result;
        QString clipped;
        if (layout.beyondRgba())
            stored = tiff::toPipelineDepth(stored, layout, &clipped);
        result.image = fromStoredOrder(stored, associated);
        if (layout.photometric == PHOTOMETRIC_MINISWHITE)
            tiff::invertColour(result.image);
        result.corrupt = false;
        if (withMetadata)
            collectTags(tif.get(), data, size, firstDirectory, &result.metadata);
        if (!clipped.isEmpty())
            result.metadata.warnings.append(clipped);
        return result;
    }
    // L*a*b* converted to sRGB (colour::labToSrgb; relative to D50 unless the WhitePoint tag names
    // another white, below); its pixels, and the profile an output may carry, are then sRGB. libtiff's RGBA
    // interface aims 8-bit CIELab at a display of its own (up to 91 levels from sRGB on saturated
    // colours) and refuses ICCLab, L* alone and L*a*b* with alpha.
    if (isPlainLab(layout, declaredAlpha)) {
        cv::Mat lab;
        if (!readStored(&lab))
            return result;
        const bool tiffSigned = layout.photometric == PHOTOMETRIC_CIELAB;
        // L*a*b* is relative to the white the WhitePoint tag names (ImageMagick writes D65 and says
        // so; TIFF 6.0 says D65 too, but Photoshop, libtiff and lcms2 take D50 when the tag is
        // absent). A white that is no light's is taken for damage to the tag: D50, with a warning.
        float *tagWhite = nullptr;
        double white[2] = {0, 0};
        bool tagged = false;
        QString whiteWarning;
        if (layout.samples >= 3 && TIFFGetField(tif.get(), TIFFTAG_WHITEPOINT, &tagWhite) == 1 && tagWhite) {
            white[0] = tagWhite[0], white[1] = tagWhite[1];
            tagged = colour::usableWhite(white[0], white[1]);
            if (!tagged)
                whiteWarning =
                    QStringLiteral("L*a*b* taken relative to D50: the WhitePoint tag (%1, %2) names no light")
                        .arg(white[0])
                        .arg(white[1]);
        }
        // In place, except 8-bit samples with associated alpha: divided out at 16 bits, converted at
        // 16 and brought back to 8, so that they are rounded once.
        const bool widened = associated && lab.depth() == CV_8U;
        if (widened) {
            cv::Mat wide(lab.size(), CV_MAKETYPE(CV_16U, lab.channels()));
            toIccLab<uint8_t, uint16_t>(lab, wide, tiffSigned, associated);
            lab = wide;
        } else if (lab.depth() == CV_16U) {
            toIccLab<uint16_t, uint16_t>(lab, lab, tiffSigned, associated);
        } else if (tiffSigned) {
            toIccLab<uint8_t, uint8_t>(lab, lab, tiffSigned, associated);
        }
        QString why;
        const bool converted = colour::labToSrgb(lab, &result.image, &why, tagged ? white : nullptr);
        if (converted && widened)
            result.image.convertTo(result.image, CV_8U, 1.0 / 257);
        if (!converted) {
            result.corrupt = false;
            result.error = QStringLiteral("cannot convert the TIFF's L*a*b* colours: %1").arg(why);
            return result;
        }
        result.corrupt = false;
        if (withMetadata) {
            collectTags(tif.get(), data, size, firstDirectory, &result.metadata);
            result.metadata.icc = result.image.channels() >= 3 ? colour::srgbProfile() : std::vector<uint8_t>{};
        }
        if (!whiteWarning.isEmpty())
            result.metadata.warnings.append(whiteWarning);
        return result;
    }
    // CMYK with a CMYK profile: its inks through the profile, as a CMYK JPEG's (libtiff's RGBA
    // interface applies a plain formula, after which the profile describes nothing); its pixels,
    // and the profile an output may carry, are then sRGB. 16-bit inks, and inks with alpha, are
    // read here in any case (the RGBA interface reads only 8-bit inks, and drops their alpha):
    // without a usable profile, by the plain formula. 8-bit ones without either go through the RGBA
    // interface as before.
    if (isPlainCmyk(layout, declaredAlpha)) {
        uint32_t iccSize = 0;
        void *iccData = nullptr;
        std::vector<uint8_t> icc;
        if (TIFFGetField(tif.get(), TIFFTAG_ICCPROFILE, &iccSize, &iccData) == 1 && iccData && iccSize > 0 &&
            iccSize <= colour::kMaxProfileBytes)
            icc.assign(static_cast<const uint8_t *>(iccData), static_cast<const uint8_t *>(iccData) + iccSize);
        const bool cmykProfile = !icc.empty() && colour::inspectProfile(icc).space == colour::ProfileSpace::Cmyk;
        const bool wide = layout.bits == 16, alpha = layout.samples == 5;
        if (cmykProfile || wide || alpha) {
            cv::Mat inks, alphaPlane;
            if (!readStored(&inks))
                return result;
            if (alpha) { // straight inks apart from their alpha, put back beside the colour they make
                if (associated)
                    tiff::unassociateAlpha(inks);
                cv::Mat parts[] = {cv::Mat(inks.size(), CV_MAKETYPE(inks.depth(), 4)),
                                   cv::Mat(inks.size(), inks.depth())};
                const int fromTo[] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
                cv::mixChannels(&inks, 1, parts, 2, fromTo, 5);
                inks = parts[0];
                alphaPlane = parts[1];
            }
            cv::Mat bgr;
            QString why;
            const bool profiled = cmykProfile && colour::cmykToSrgb(inks, false, icc, &bgr, &why);
            if (profiled || wide || alpha) {
                result.image = profiled ? bgr : colour::cmykToBgrPlain(inks, false);
                if (alpha)
                    cv::merge(std::vector<cv::Mat>{result.image, alphaPlane}, result.image);
                result.corrupt = false;
                if (withMetadata) {
                    collectTags(tif.get(), data, size, firstDirectory, &result.metadata);
                    if (profiled)
                        result.metadata.icc = colour::srgbProfile();
                    else
                        dropInkProfile(&result.metadata, why);
                }
                return result;
            }
        }
    }
    // The RGBA interface takes every sample for unsigned: a signed or floating-point one it would
    // misread (signed 8-bit grey went from white to black halfway up a ramp) is refused by name.
    if (layout.format != SAMPLEFORMAT_UINT && layout.format != SAMPLEFORMAT_VOID) {
        result.corrupt = false;
        result.error = QStringLiteral("TIFF of a kind PixelPool does not read: %1").arg(layoutNamed);
        return result;
    }
    char message[1024] = {};
    TIFFRGBAImage img;
    if (!TIFFRGBAImageOK(tif.get(), message) || !TIFFRGBAImageBegin(&img, tif.get(), 1, message))
        return fail(QString::fromLatin1(message));
    img.req_orientation = img.orientation; // stored order, no flips
    if (img.width > uint32_t(INT_MAX) || img.height > uint32_t(INT_MAX) ||
        !sizeMatches(cv::Size(int(img.width), int(img.height)), info, &result)) {
        TIFFRGBAImageEnd(&img); // compared before allocating: the limits were checked on the probe's size
        if (result.error.isEmpty())
            result.error = QStringLiteral("TIFF with an impossible size");
        return result;
    }
    cv::Mat rgba(int(img.height), int(img.width), CV_8UC4);
    const int ok = TIFFRGBAImageGet(&img, reinterpret_cast<uint32_t *>(rgba.data), img.width, img.height);
    const bool alpha = img.alpha != 0;
    const bool grey = !alpha && img.samplesperpixel == 1 &&
                      (img.photometric == PHOTOMETRIC_MINISBLACK || img.photometric == PHOTOMETRIC_MINISWHITE);
    TIFFRGBAImageEnd(&img);
    if (!ok || !m.error.isEmpty() || !m.damage.isEmpty())
        return fail(damaged());
    // TIFFRGBAImageGet packs R, G, B, A into each 32-bit word from the low byte up.
    cv::Mat out;
    if (alpha) {
        if (declaredAlpha)
            tiff::unassociateAlpha(rgba);
        cv::cvtColor(rgba, out, cv::COLOR_RGBA2BGRA);
    } else if (grey)
        cv::cvtColor(rgba, out, cv::COLOR_RGBA2GRAY);
    else
        cv::cvtColor(rgba, out, cv::COLOR_RGBA2BGR);
    result.corrupt = false;
    result.image = out;
    if (withMetadata) {
        collectTags(tif.get(), data, size, firstDirectory, &result.metadata);
        if (layout.photometric == PHOTOMETRIC_SEPARATED)
            dropInkProfile(&result.metadata);
    }
    if (layout.bits > 8) // a layout PixelPool does not read itself (16-bit YCbCr, extra samples…)
        result.metadata.warnings.append(
            QStringLiteral("TIFF of %1 read at 8 bits (libtiff's RGBA interface reads it only so)").arg(layoutNamed));
    return result;
}

} // namespace

namespace {

const std::vector<uint8_t> kNoProfile;

// The pixels as libtiff writes them, with the profile and resolution; with `plain`, also the tags
// it names and the IPTC and XMP (libtiff's own tags: what a TIFF keeps when libtiff cannot read it
// with the EXIF exiv2 writes).
bool writeTiff(const cv::Mat &image, TiffCompression compression, const OutputMetadata *meta,
               const meta::PlainTiffTags *plain, std::vector<uint8_t> *out, QString *error)
{
    out->clear();
    TiffMemory m;
    m.out = out;
    TiffHandle tif(&m, "w");
    if (!tif.get()) {
        *error = m.error;
        return false;
    }
    // Only the channels the pixels use (as for PNG): grey where the colour channels are equal and
    // no RGB profile goes with them, no alpha where it is opaque everywhere.
    const ChannelUse use = channelUse(image);
    const bool grey = image.channels() == 1 || (use.grey && profileAllowsGrey(meta ? meta->icc : kNoProfile));
    std::vector<int> picked = grey ? std::vector<int>{0} : std::vector<int>{2, 1, 0}; // R, G, B from B, G, R
    if (!use.opaque)
        picked.push_back(3);
    const int channels = int(picked.size());
    TIFF *t = tif.get();
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(image.cols));
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(image.rows));
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, uint16_t(channels));
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, uint16_t(image.depth() == CV_16U ? 16 : 8));
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, grey ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
    switch (compression) {
    case TiffCompression::None:
        TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
        break;
    case TiffCompression::Lzw:
        TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_LZW);
        TIFFSetField(t, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
        break;
    case TiffCompression::Deflate:
        TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
        TIFFSetField(t, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
        break;
    }
    if (!use.opaque) {
        const uint16_t extra[] = {EXTRASAMPLE_UNASSALPHA};
        TIFFSetField(t, TIFFTAG_EXTRASAMPLES, uint16_t(1), extra);
    }
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(t, 0));
    if (meta && !meta->icc.empty())
        TIFFSetField(t, TIFFTAG_ICCPROFILE, uint32_t(meta->icc.size()), meta->icc.data());
    // TIFF 6.0's baseline requires a resolution: where the source states none (or its metadata is
    // stripped), 72 pixels an inch, what readers take a TIFF without one to mean.
    const bool stated = meta && meta->dpiX > 0 && meta->dpiY > 0;
    TIFFSetField(t, TIFFTAG_XRESOLUTION, float(stated ? meta->dpiX : 72));
    TIFFSetField(t, TIFFTAG_YRESOLUTION, float(stated ? meta->dpiY : 72));
    TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, uint16_t(RESUNIT_INCH));
    std::vector<uint32_t> iptc; // RichTIFFIPTC as LONGs (older libtiff): the datasets, zero-padded
    if (meta && plain) {
        if (plain->orientation > 0)
            TIFFSetField(t, TIFFTAG_ORIENTATION, plain->orientation);
        for (const auto &[tag, text] : plain->texts)
            TIFFSetField(t, uint32_t(tag), text.c_str());
        const TIFFField *field = TIFFFieldWithTag(t, TIFFTAG_RICHTIFFIPTC);
        if (!meta->iptc.empty() && field && TIFFFieldDataType(field) == TIFF_LONG) {
            iptc.resize((meta->iptc.size() + 3) / 4);
            std::memcpy(iptc.data(), meta->iptc.data(), meta->iptc.size());
            TIFFSetField(t, TIFFTAG_RICHTIFFIPTC, uint32_t(iptc.size()), iptc.data());
        } else if (!meta->iptc.empty()) { // libtiff 4.1 and later: bytes
            TIFFSetField(t, TIFFTAG_RICHTIFFIPTC, uint32_t(meta->iptc.size()), meta->iptc.data());
        }
        if (!meta->xmp.empty())
            TIFFSetField(t, TIFFTAG_XMLPACKET, uint32_t(meta->xmp.size()), meta->xmp.data());
    }
    // A row of the picked channels (also for one channel: the predictor rewrites the row it is given).
    std::vector<uint8_t> row(image.cols * image.elemSize());
    const auto pick = [&](const auto *s, auto *d) {
        for (int x = 0; x < image.cols; ++x, s += image.channels())
            for (const int c : picked)
                *d++ = s[c];
    };
    for (int y = 0; y < image.rows; ++y) {
        if (image.depth() == CV_16U)
            pick(image.ptr<uint16_t>(y), reinterpret_cast<uint16_t *>(row.data()));
        else
            pick(image.ptr<uint8_t>(y), row.data());
        if (TIFFWriteScanline(t, row.data(), uint32_t(y), 0) < 0) {
            *error = m.error;
            return false;
        }
    }
    TIFF *done = tif.release();
    TIFFClose(done); // writes the directory
    if (!m.error.isEmpty()) {
        *error = m.error;
        return false;
    }
    out->resize(m.size);
    return true;
}

// "A, B and C".
QString listed(const QStringList &names)
{
    if (names.size() < 2)
        return names.value(0);
    return QStringLiteral("%1 and %2").arg(names.mid(0, names.size() - 1).join(QLatin1String(", ")), names.last());
}

// EXIF, IPTC and XMP through exiv2, into the TIFF libtiff wrote. What exiv2 copies from a source's
// EXIF can make a directory libtiff refuses (a damaged source's odd entries): the written file is
// read back, and when libtiff cannot read it the TIFF is written again by libtiff alone, with what
// it writes as its own tags (the Orientation, IFD0's text entries, IPTC and XMP, besides the profile
// and resolution); the EXIF entries left out are named in a warning, with what was kept. An output
// nobody can open loses the photo.
void addMetadata(const cv::Mat &image, TiffCompression compression, const OutputMetadata &meta,
                 std::vector<uint8_t> *out, QStringList *warnings)
{
    if (meta.exif.empty() && meta.iptc.empty() && meta.xmp.empty())
        return;
    std::vector<uint8_t> plain = *out;
    QString why;
    const bool written = meta::addTiffMetadata(out, meta, &why);
    const QString broken = unreadable(*out);
    if (broken.isEmpty()) {
        if (!written)
            warnings->append(why);
        return;
    }
    const meta::PlainTiffTags tags = meta::plainTiffTags(meta.exif, meta.dpiX > 0 && meta.dpiY > 0);
    QString unused;
    if (!writeTiff(image, compression, &meta, &tags, out, &unused) || !unreadable(*out).isEmpty()) {
        *out = std::move(plain);
        warnings->append(
            QStringLiteral("EXIF, IPTC and XMP left out: libtiff cannot read the TIFF with them (%1)").arg(broken));
        return;
    }
    if (tags.leftOut.isEmpty())
        return; // libtiff wrote all of it
    QStringList kept = tags.kept;
    if (meta.dpiX > 0 && meta.dpiY > 0 && !meta.exif.empty())
        kept.append(QStringLiteral("the resolution"));
    if (!meta.iptc.empty())
        kept.append(QStringLiteral("IPTC"));
    if (!meta.xmp.empty())
        kept.append(QStringLiteral("XMP"));
    constexpr qsizetype kNamed = 8;
    QStringList named = tags.leftOut.mid(0, kNamed);
    if (tags.leftOut.size() > kNamed)
        named.append(QStringLiteral("%1 more").arg(tags.leftOut.size() - kNamed));
    QString warning =
        QStringLiteral("EXIF entries left out: %1 (libtiff cannot read the TIFF with all of the EXIF: %2)")
            .arg(listed(named), broken);
    if (!kept.isEmpty())
        warning += QStringLiteral("; kept: %1").arg(listed(kept));
    warnings->append(warning);
}

} // namespace

bool encodeTiff(const cv::Mat &image, TiffCompression compression, const OutputMetadata *meta,
                std::vector<uint8_t> *out, QString *error, QStringList *warnings)
{
    if ((image.depth() != CV_8U && image.depth() != CV_16U) ||
        (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)) {
        *error = QStringLiteral("TIFF needs 8- or 16-bit grey, colour or colour+alpha pixels");
        return false;
    }
    if (!writeTiff(image, compression, meta, nullptr, out, error))
        return false;
    if (meta)
        addMetadata(image, compression, *meta, out, warnings);
    return true;
}

} // namespace pp::codecs
