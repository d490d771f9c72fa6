// A preset: a named, ordered pipeline of operations plus output settings, stored as JSON.
#pragma once

#include "Message.h"

#include <QJsonObject>
#include <QString>
#include <QVector>
#include <optional>

namespace pp {

constexpr int kPresetFormatVersion = 1;

enum class OutputFormat { Keep, Jpeg, Png, Webp, Tiff, Bmp, Jxl, Avif };
enum class OverwritePolicy { Skip, Rename, Overwrite };
enum class DamagedPolicy { Fail, Warn }; // truncated/corrupt input: fail, or write what decoded
// What of the source's EXIF, XMP, IPTC and resolution an output keeps (Metadata.h says how).
enum class MetadataPolicy { Keep, StripLocation, Strip };
// Keep: pixels as they are, the source's profile embedded. Srgb: pixels converted to sRGB.
enum class ColourPolicy { Keep, Srgb };
enum class TiffCompression { None, Lzw, Deflate };

// How a camera RAW becomes pixels: developed from its sensor data, or its embedded JPEG preview
// (the camera's own rendering, much faster) when that is at least the size the output needs.
enum class RawMode { Develop, Preview };

struct InputSettings {
    RawMode raw = RawMode::Develop;
};

struct OutputSettings {
    QString folder; // empty: chosen by the caller (--output, GUI)
    QString nameTemplate = QStringLiteral("{name}.{ext}");
    OutputFormat format = OutputFormat::Jpeg;
    int quality = 90;         // JPEG, WebP, JPEG XL, AVIF: 1..100
    int pngCompression = 6;   // 0..9
    bool progressive = false; // JPEG
    // Every pixel kept: WebP, JPEG XL and AVIF in their lossless modes; PNG, TIFF and BMP are
    // lossless anyway (a BMP with transparency, which it would flatten, is refused by the worker).
    // A preset that asks for it with JPEG, which has no lossless mode, is refused, and with
    // `format: keep` so is an image kept as JPEG (hasLosslessMode). "webpLossless" is its older
    // name in preset files; `format: keep` keeps a lossless source lossless anyway.
    bool lossless = false;
    // Said by the older key "webpLossless" alone: lossless when the output is WebP (setFormat).
    bool losslessWebpOnly = false;
    TiffCompression tiffCompression = TiffCompression::Lzw;
    OverwritePolicy overwrite = OverwritePolicy::Rename;
    bool keepStructure = true;         // recreate sub-folders of dropped folders
    bool allowOverwriteSource = false; // an output may replace its own source file
    DamagedPolicy damaged = DamagedPolicy::Fail;
    QString background = QStringLiteral("#ffffff"); // for alpha in formats without it (JPEG)
    MetadataPolicy metadata = MetadataPolicy::Keep;
    ColourPolicy colour = ColourPolicy::Keep;
    bool keepFileTime = false; // outputs get their source's modification time

    // The format, and lossless asked for by the older key alone judged by it: where the preset is
    // read, and again where --format overrides it (a WebP preset with "webpLossless", written
    // --format jpeg, is a plain JPEG; a JPEG one written --format webp, a lossless WebP).
    void setFormat(OutputFormat f)
    {
        format = f;
        if (losslessWebpOnly)
            lossless = f == OutputFormat::Webp;
    }
    // Whether `quality` changes what is written: JPEG, and WebP, JPEG XL and AVIF unless lossless
    // (PNG, TIFF and BMP have no quality); `keep` uses it for the images it keeps lossy.
    bool usesQuality() const
    {
        switch (format) {
        case OutputFormat::Jpeg:
        case OutputFormat::Keep:
            return true;
        case OutputFormat::Webp:
        case OutputFormat::Jxl:
        case OutputFormat::Avif:
            return !lossless;
        default:
            return false;
        }
    }
};

// One of several outputs made from one decode (a preset's `outputs`): its own steps, run after the
// preset's shared `steps`, and its own output settings; what its entry does not set is the preset's
// `output`. The folder and the damaged-input policy belong to the whole preset (one decode, one
// output folder: a sub-folder goes into the name template).
struct PresetOutput {
    QString name; // for reports and events: letters, digits, '-', '_'
    QVector<QJsonObject> steps;
    OutputSettings output;
    // The settings its entry's `output` gives itself ("quality", "nameTemplate"…, as the file names
    // them): the others are the preset's `output`, when it is read and after setSharedOutput().
    QStringList ownSettings;
};

constexpr int kMaxPresetOutputs = 8;
// The files a preset's steps may read (logos, fonts), each counted once: each job hands them to its
// worker open (proto::kMaxReadFiles).
constexpr int kMaxStepFiles = 16;

struct Preset {
    // The longest name and description, in characters (OperationCatalog::characters): a longer name
    // is refused, a longer description cut.
    static constexpr qsizetype kMaxNameCharacters = 100, kMaxDescriptionCharacters = 1000;
    QString name;
    QString description;
    QVector<QJsonObject> steps; // normalized: {"op": name, every parameter}
    InputSettings input;
    OutputSettings output;
    QVector<PresetOutput> outputs; // empty: one output, made by `steps` with `output`

    bool hasOutputs() const { return !outputs.isEmpty(); }
    // `output` becomes `shared`, and so does every setting an entry of `outputs` does not give
    // itself, as reading the file again would make them (the editor's output settings).
    void setSharedOutput(const OutputSettings &shared);
    // What the preset writes: `outputs`, or the one output of a preset without them (no name, no
    // steps of its own, `output`'s settings). Never empty.
    QVector<PresetOutput> targets() const;

    // Every file a step reads (a logo, a font), in the preset's order, with the field that names it
    // ("steps[2].logo.file", "outputs[0].steps[1].watermark.font").
    struct StepFile {
        QString field;
        QString path;
    };
    QVector<StepFile> stepFiles() const;
    // Those files once each, as paths in the file system's bytes, in the same order: the front end
    // opens them for each job and hands them to the worker (HandedFiles, FileIO.h), which may not
    // open them itself. At most kMaxStepFiles in a valid preset.
    QList<QByteArray> filesRead() const;
    // Whether a step draws text (watermark), for which a worker needs fontconfig's files.
    bool drawsText() const;

    // The first file a step reads (a logo, a font) that cannot be read here: missing, not a file,
    // not readable, or empty, with the field that names it ("steps[2].logo.file",
    // "outputs[0].steps[1].watermark.font"); empty when every one can. Every image would fail on it:
    // the command line refuses such a preset before any work. Only the worker reads the file's bytes.
    Message unreadableStepFile() const;

    QJsonObject toJson() const;
    // Parses and validates. Errors name the field, e.g. "steps[2].blur.sigma must be a number".
    // Paths in steps (a logo, a font) come out absolute: relative ones are taken from `baseDir`,
    // and refused without one.
    // Errors are messages with codes (Message.h): the front ends show them in the user's language.
    static std::optional<Preset> fromJson(const QJsonObject &json, Message *error, const QString &baseDir = {});
    // Reads a file; errors start with the file name. Relative paths in it are relative to its folder.
    static std::optional<Preset> load(const QString &path, Message *error);
    bool save(const QString &path, Message *error) const; // atomic (QSaveFile)

    // The same, with the error's stable English (the worker's failure reasons, tests).
    static std::optional<Preset> fromJson(const QJsonObject &json, QString *error, const QString &baseDir = {})
    {
        return withEnglishError(error, [&](Message *m) { return fromJson(json, m, baseDir); });
    }
    static std::optional<Preset> load(const QString &path, QString *error)
    {
        return withEnglishError(error, [&](Message *m) { return load(path, m); });
    }
    bool save(const QString &path, QString *error) const
    {
        return withEnglishError(error, [&](Message *m) { return save(path, m); });
    }
};

QString formatName(OutputFormat f); // "jpeg", ...
// Whether the format writes every pixel as it is, by nature or with `lossless`: all but JPEG (BMP
// without transparency). Keep is decided per image, by the format it keeps.
bool hasLosslessMode(OutputFormat f);
// The formats that do, as a preset file names them: "png, webp, tiff, bmp, jxl, avif".
QString losslessFormatNames();
QString formatExtension(OutputFormat f); // "jpg", ...
std::optional<OutputFormat> formatFromName(const QString &name);
QString overwriteName(OverwritePolicy p);
std::optional<OverwritePolicy> overwriteFromName(const QString &name);
QString metadataName(MetadataPolicy p); // "keep", "strip-location", "strip"
std::optional<MetadataPolicy> metadataFromName(const QString &name);
QString colourName(ColourPolicy p); // "keep", "srgb"
std::optional<ColourPolicy> colourFromName(const QString &name);
QString rawModeName(RawMode m); // "develop", "preview"
std::optional<RawMode> rawModeFromName(const QString &name);

} // namespace pp
