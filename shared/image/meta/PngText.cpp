// PngText.h says why the text chunks are read here. Only libdeflate inflates, into one buffer of
// the cap, so that a zip bomb stops where the cap is, having cost that much and no more.
#include "PngText.h"

#include "ByteView.h"

#include <QStringDecoder>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <libdeflate.h>
#include <memory>

namespace pp::meta {
namespace {

uint32_t be32(const uint8_t *p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

// The hex text of a raw profile: two digits a byte, a newline every 72 digits, and a short header.
constexpr size_t rawProfileCap(size_t block) { return 2 * block + block / 36 + 64; }

struct DecompressorDeleter {
    void operator()(libdeflate_decompressor *d) const { libdeflate_free_decompressor(d); }
};

// A keyword as found, for a warning: printable, shortened.
QString shown(const uint8_t *key, size_t n)
{
    QString s = QString::fromLatin1(reinterpret_cast<const char *>(key), qsizetype(std::min<size_t>(n, 40)));
    for (QChar &c : s)
        if (!c.isPrint())
            c = QLatin1Char('?');
    return n > 40 ? s + QStringLiteral("…") : s;
}

class Reader
{
public:
    Reader(std::vector<TextEntry> *texts, PngTextBlocks *blocks, QStringList *warnings)
        : m_texts(texts), m_blocks(blocks), m_warnings(warnings)
    {
    }
    ~Reader() { finish(); }

    void chunk(const uint8_t *type, const uint8_t *body, size_t length);
    void leaveOut(const QString &key, const QString &why)
    {
        if (m_warnings && ++m_leftOut <= 4)
            m_warnings->append(QStringLiteral("PNG text \"%1\" left out: %2").arg(key, why));
    }

private:
    void finish()
    {
        if (m_warnings && m_leftOut > 4)
            m_warnings->append(QStringLiteral("%1 more PNG text entries left out").arg(m_leftOut - 4));
    }
    // The text of a compressed chunk, inflated into at most `cap` bytes; false when it does not
    // inflate or would be larger.
    enum class Inflated { Ok, Damaged, TooLarge };
    Inflated inflate(const uint8_t *data, size_t size, size_t cap, std::string *out);

    std::vector<TextEntry> *m_texts;
    PngTextBlocks *m_blocks;
    QStringList *m_warnings;
    int m_leftOut = 0;
    size_t m_total = 0; // the ordinary entries' text, and what inflating those left out cost
    bool m_seenXmp = false, m_seenExif = false, m_seenIptc = false, m_seenRawXmp = false;
    std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> m_inflater;
    // Not zeroed: the pages of a cap a text never reaches are never touched.
    std::unique_ptr<uint8_t[]> m_buffer;
    size_t m_bufferSize = 0;
};

Reader::Inflated Reader::inflate(const uint8_t *data, size_t size, size_t cap, std::string *out)
{
    if (!m_inflater)
        m_inflater.reset(libdeflate_alloc_decompressor());
    if (!m_inflater)
        return Inflated::Damaged;
    if (m_bufferSize < cap) {
        m_buffer.reset(new uint8_t[cap]);
        m_bufferSize = cap;
    }
    size_t produced = 0;
    const libdeflate_result r =
        libdeflate_zlib_decompress_ex(m_inflater.get(), data, size, m_buffer.get(), cap, nullptr, &produced);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE)
        return Inflated::TooLarge;
    if (r != LIBDEFLATE_SUCCESS)
        return Inflated::Damaged;
    out->assign(reinterpret_cast<const char *>(m_buffer.get()), produced);
    return Inflated::Ok;
}

void Reader::chunk(const uint8_t *type, const uint8_t *body, size_t length)
{
    const bool tEXt = std::memcmp(type, "tEXt", 4) == 0, zTXt = std::memcmp(type, "zTXt", 4) == 0,
               iTXt = std::memcmp(type, "iTXt", 4) == 0;
    if (!tEXt && !zTXt && !iTXt)
        return;
    const uint8_t *end = body + length;
    const uint8_t *nul = static_cast<const uint8_t *>(std::memchr(body, 0, length));
    const size_t keyLength = nul ? size_t(nul - body) : length;
    const QString key =
        QString::fromLatin1(reinterpret_cast<const char *>(body), qsizetype(std::min<size_t>(keyLength, 80)));
    if (!isPngKeyword(key) || keyLength > 79) {
        leaveOut(shown(body, keyLength), QStringLiteral("its keyword is not one PNG allows"));
        return;
    }
    if (!nul && !tEXt) {
        leaveOut(key, QStringLiteral("damaged (the chunk ends in its keyword)"));
        return;
    }
    // Which block, if any, the keyword names; a block's later chunks and other raw profiles are
    // not read.
    std::string *block = nullptr;
    size_t cap = kMaxPngTextBytes;
    bool *seen = nullptr;
    if (key == QLatin1String("XML:com.adobe.xmp"))
        block = &m_blocks->xmp, cap = kMaxXmpBytes, seen = &m_seenXmp;
    else if (key == QLatin1String("Raw profile type exif"))
        block = &m_blocks->rawExif, cap = rawProfileCap(kMaxExifBytes + 6), seen = &m_seenExif;
    else if (key == QLatin1String("Raw profile type iptc"))
        block = &m_blocks->rawIptc, cap = rawProfileCap(kMaxIptcBytes), seen = &m_seenIptc;
    else if (key == QLatin1String("Raw profile type xmp"))
        block = &m_blocks->rawXmp, cap = rawProfileCap(kMaxXmpBytes), seen = &m_seenRawXmp;
    else if (key.startsWith(QLatin1String("Raw profile type ")))
        return; // a binary profile of a kind PixelPool does not keep (8bim, APP1…)
    if (seen && *seen)
        return;
    if (seen)
        *seen = true;
    if (!block && !m_texts)
        return; // the blocks alone are read
    if (!block) {
        if (m_texts->size() >= kMaxPngTextEntries) {
            leaveOut(key, QStringLiteral("more than %1 text entries").arg(kMaxPngTextEntries));
            return;
        }
        cap = std::min(cap, kMaxPngTextTotal - m_total);
    }

    const uint8_t *p = nul ? nul + 1 : end;
    bool compressed = zTXt;
    QString language, translatedKey;
    if (zTXt || iTXt) {
        if (iTXt) {
            if (end - p < 2) {
                leaveOut(key, QStringLiteral("damaged (the chunk ends in its header)"));
                return;
            }
            compressed = p[0] != 0;
            ++p;
        }
        if (p == end || *p != 0) {
            leaveOut(key, QStringLiteral("damaged (an unknown compression method)"));
            return;
        }
        ++p;
        if (iTXt) {
            const auto *lang = static_cast<const uint8_t *>(std::memchr(p, 0, size_t(end - p)));
            const auto *translated =
                lang ? static_cast<const uint8_t *>(std::memchr(lang + 1, 0, size_t(end - lang - 1))) : nullptr;
            if (!translated) {
                leaveOut(key, QStringLiteral("damaged (the chunk ends in its header)"));
                return;
            }
            language =
                QString::fromLatin1(reinterpret_cast<const char *>(p), qsizetype(std::min<ptrdiff_t>(lang - p, 80)));
            QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            translatedKey = utf8(QByteArrayView(lang + 1, qsizetype(std::min<ptrdiff_t>(translated - lang - 1, 320))));
            if (utf8.hasError()) {
                leaveOut(key, QStringLiteral("damaged (its translated keyword is not UTF-8)"));
                return;
            }
            p = translated + 1;
        }
    }
    // What is left out for the caps: an entry over its own, or one over what the entries before it
    // left of the total (a compressed entry counts what inflating it cost, kept or not, so that a
    // file of many bombs costs the total once).
    const QString overTotal =
        QStringLiteral("the text entries before it come to %1 MB, the most read").arg(kMaxPngTextTotal >> 20);
    const bool total = !block && cap < kMaxPngTextBytes;
    std::string text;
    if (compressed && cap == 0) {
        leaveOut(key, overTotal);
        return;
    }
    if (compressed) {
        const Inflated r = inflate(p, size_t(end - p), cap, &text);
        if (r != Inflated::Ok && !block)
            m_total += cap;
        if (r == Inflated::Damaged) {
            leaveOut(key, QStringLiteral("damaged (its compressed text does not inflate)"));
            return;
        }
        if (r == Inflated::TooLarge) {
            leaveOut(key, total ? overTotal : QStringLiteral("it inflates to more than %1 KB").arg(cap >> 10));
            return;
        }
    } else {
        if (size_t(end - p) > cap) {
            leaveOut(key, total ? overTotal : QStringLiteral("it is longer than %1 KB").arg(cap >> 10));
            return;
        }
        text.assign(reinterpret_cast<const char *>(p), size_t(end - p));
    }
    if (block) {
        *block = std::move(text);
        return;
    }
    TextEntry entry;
    entry.key = key;
    entry.language = language;
    entry.translatedKey = translatedKey;
    // Text stops at a NUL (PNG allows none in it), as every reader of C strings shows it.
    const size_t shownLength = std::min(text.size(), std::strlen(text.c_str()));
    if (iTXt) {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        entry.text = utf8(QByteArrayView(text.data(), qsizetype(shownLength)));
        if (utf8.hasError()) {
            leaveOut(key, QStringLiteral("damaged (its text is not UTF-8)"));
            return;
        }
    } else {
        // Latin-1 by the standard; ImageMagick and others write UTF-8 into tEXt, which is read as
        // such where the bytes are UTF-8 beyond ASCII (Latin-1 text almost never is).
        const QByteArrayView bytes(text.data(), qsizetype(shownLength));
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const bool ascii = std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x80; });
        entry.text = ascii ? QString() : QString(utf8(bytes));
        if (ascii || utf8.hasError())
            entry.text = QString::fromLatin1(bytes.data(), bytes.size());
    }
    m_total += text.size();
    m_texts->push_back(std::move(entry));
}

} // namespace

bool isPngKeyword(const QString &key)
{
    if (key.isEmpty() || key.size() > 79 || key.startsWith(QLatin1Char(' ')) || key.endsWith(QLatin1Char(' ')) ||
        key.contains(QLatin1String("  ")))
        return false;
    for (const QChar c : key) {
        const ushort u = c.unicode();
        if (!((u >= 32 && u <= 126) || (u >= 161 && u <= 255)))
            return false;
    }
    return true;
}

namespace {

// The walk of readPngText() and readPngTextBlocks(): the text chunks in file order, up to IEND,
// the first chunk that runs past the end or whose type is no four letters (libpng stops at each).
// blocksOnly: only the chunks isPngBlockKeyword() names are checked (CRC) and read.
void readTextChunks(const uint8_t *data, size_t size, Reader &reader, bool blocksOnly)
{
    if (size < 8)
        return;
    size_t pos = 8; // after the signature
    while (size - pos >= 12) {
        const uint32_t length = be32(data + pos);
        const uint8_t *type = data + pos + 4;
        if (length > 0x7fffffffu || size - pos - 12 < length || !isPngChunkType(type))
            return; // libpng stops here too
        if (std::memcmp(type, "IEND", 4) == 0)
            return;
        if ((std::memcmp(type, "tEXt", 4) == 0 || std::memcmp(type, "zTXt", 4) == 0 ||
             std::memcmp(type, "iTXt", 4) == 0) &&
            (!blocksOnly || isPngBlockKeyword(type + 4, length))) {
            if (libdeflate_crc32(0, type, size_t(length) + 4) != be32(type + 4 + length)) {
                const uint8_t *body = type + 4;
                const auto *nul = static_cast<const uint8_t *>(std::memchr(body, 0, std::min<size_t>(length, 80)));
                reader.leaveOut(shown(body, nul ? size_t(nul - body) : std::min<size_t>(length, 80)),
                                QStringLiteral("damaged (its CRC is wrong)"));
            } else {
                reader.chunk(type, type + 4, length);
            }
        }
        pos += size_t(length) + 12;
    }
}

} // namespace

void readPngText(const uint8_t *data, size_t size, std::vector<TextEntry> *texts, PngTextBlocks *blocks,
                 QStringList *warnings)
{
    Reader reader(texts, blocks, warnings);
    readTextChunks(data, size, reader, false);
}

PngTextBlocks readPngTextBlocks(const uint8_t *data, size_t size)
{
    PngTextBlocks blocks;
    {
        Reader reader(nullptr, &blocks, nullptr);
        readTextChunks(data, size, reader, true);
    }
    return blocks;
}

bool isPngBlockKeyword(const uint8_t *body, size_t length)
{
    const auto is = [&](const char *key) {
        const size_t n = std::strlen(key) + 1; // with its NUL
        return length >= n && std::memcmp(body, key, n) == 0;
    };
    return is("XML:com.adobe.xmp") || is("Raw profile type exif") || is("Raw profile type iptc") ||
           is("Raw profile type xmp");
}

std::vector<uint8_t> rawProfileBytes(const std::string &text, size_t cap)
{
    std::vector<uint8_t> out;
    const size_t size = text.size();
    size_t i = 0;
    int lines = 0;
    while (i < size && lines < 3) // the empty first line, the name, the length
        if (text[i++] == '\n')
            ++lines;
    if (lines < 3)
        return out;
    // The length is on the third line, before the hex digits.
    const char *lengthLine = text.c_str();
    for (size_t k = 0, n = 0; k < i && n < 2; ++k)
        if (text[k] == '\n' && ++n == 2)
            lengthLine = text.c_str() + k + 1;
    const long declared = std::strtol(lengthLine, nullptr, 10);
    if (declared <= 0 || size_t(declared) > cap)
        return out;
    out.reserve(size_t(declared));
    int high = -1;
    for (; i < size && out.size() < size_t(declared); ++i) {
        const char c = text[i];
        const int v = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
        if (v < 0)
            continue;
        if (high < 0)
            high = v;
        else {
            out.push_back(uint8_t(high << 4 | v));
            high = -1;
        }
    }
    if (out.size() != size_t(declared))
        out.clear();
    return out;
}

} // namespace pp::meta
