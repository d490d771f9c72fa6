#include "Preset.h"

#include "NameTemplate.h"
#include "FileIO.h"
#include "PresetReading.h"
#include "OperationCatalog.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {
namespace {

constexpr qint64 kMaxPresetFileBytes = 1 << 20;

const char *const kFormatNames[] = {"keep", "jpeg", "png", "webp", "tiff", "bmp", "jxl", "avif"};
const char *const kOverwriteNames[] = {"skip", "rename", "overwrite"};
const char *const kMetadataNames[] = {"keep", "strip-location", "strip"};
const char *const kColourNames[] = {"keep", "srgb"};
const char *const kRawModeNames[] = {"develop", "preview"};
const char *const kTiffCompressionNames[] = {"none", "lzw", "deflate"};

template <typename E, size_t N> std::optional<E> fromName(const QString &name, const char *const (&names)[N])
{
    for (size_t i = 0; i < N; ++i)
        if (name == QLatin1String(names[i]))
            return E(i);
    return std::nullopt;
}

// Reads one optional field of a settings object ("output", "input") with a type and range check.
class FieldReader
{
public:
    FieldReader(const QJsonObject &obj, QString object, Message *error)
        : m_obj(obj), m_object(std::move(object)), m_error(error)
    {
    }

    // maxLen < 0: as long as it is (what judges the value says when it is too long).
    void text(const char *key, QString *out, int maxLen)
    {
        if (!present(key))
            return;
        const QJsonValue v = m_obj.value(key);
        if (!v.isString())
            return fail(MessageId::MustBeText, key);
        if (maxLen >= 0 && OperationCatalog::characters(v.toString()) > maxLen)
            return fail(MessageId::TextTooLong, key, {QString::number(maxLen)});
        *out = v.toString();
    }
    void integer(const char *key, int *out, int min, int max)
    {
        if (!present(key))
            return;
        const QJsonValue v = m_obj.value(key);
        const double d = v.toDouble();
        // Range first: converting a double outside int's range to int is undefined behaviour.
        if (!v.isDouble() || !(d >= min && d <= max) || d != std::floor(d))
            return fail(MessageId::WholeNumberFromTo, key, {QString::number(min), QString::number(max)});
        *out = int(d);
    }
    void boolean(const char *key, bool *out)
    {
        if (!present(key))
            return;
        if (!m_obj.value(key).isBool())
            return fail(MessageId::MustBeBool, key);
        *out = m_obj.value(key).toBool();
    }
    template <typename E, size_t N> void choice(const char *key, E *out, const char *const (&names)[N])
    {
        if (!present(key))
            return;
        const QString v = m_obj.value(key).toString();
        for (size_t i = 0; i < N; ++i) {
            if (v == QLatin1String(names[i])) {
                *out = E(i);
                return;
            }
        }
        QStringList all;
        for (const char *n : names)
            all << n;
        fail(MessageId::MustBeOneOf, key, {all.join(", ")});
    }
    bool ok() const { return m_error->isEmpty(); }

private:
    bool present(const char *key) const { return ok() && m_obj.contains(QLatin1String(key)); }
    void fail(MessageId why, const char *key, const QStringList &args = {})
    {
        *m_error = Message(why, QStringList{m_object + QLatin1Char('.') + QLatin1String(key)} + args);
    }
    const QJsonObject &m_obj;
    QString m_object;
    Message *m_error;
};

// At most `n` characters of `text` (as OperationCatalog::characters counts them), none cut in two.
QString leftCharacters(const QString &text, qsizetype n)
{
    qsizetype units = 0;
    for (qsizetype kept = 0; units < text.size() && kept < n; ++kept)
        units += text[units].isHighSurrogate() && units + 1 < text.size() && text[units + 1].isLowSurrogate() ? 2 : 1;
    return text.left(units);
}

} // namespace

namespace presetdetail {

// Reads an output settings object over *settings (the defaults, or the preset's `output` for an
// entry of `outputs`); `where` names it in errors: "output", "outputs[1].output".
bool readOutput(const QJsonObject &out, const QString &where, OutputSettings *settings, Message *error)
{
    static const QStringList known = {"folder",       "nameTemplate",   "format",
                                      "quality",      "pngCompression", "progressive",
                                      "overwrite",    "keepStructure",  "allowOverwriteSource",
                                      "damaged",      "background",     "metadata",
                                      "colour",       "keepFileTime",   "lossless",
                                      "webpLossless", "tiffCompression"};
    for (auto it = out.begin(); it != out.end(); ++it) {
        if (!known.contains(it.key())) {
            *error =
                withSuggestion({MessageId::UnknownSetting, {where + QLatin1Char('.') + it.key()}}, it.key(), known);
            return false;
        }
    }
    OutputSettings &o = *settings;
    FieldReader r(out, where, error);
    r.text("folder", &o.folder, 1024);
    r.text("nameTemplate", &o.nameTemplate, -1); // checkNameTemplate() below says when it is too long
    if (!r.ok())
        return false;
    // Refused before a file name is made of it: lstat() stops at a NUL, Qt says "Broken filename".
    if (const ControlCharacter c = findControlCharacter(o.folder); c.at > 0) {
        *error = {MessageId::ControlCharacter, {where + QStringLiteral(".folder"), c.hex, QString::number(c.at)}};
        return false;
    }
    if (out.contains("format")) {
        // As the schema and the documentation write them: "PNG" is no format of a preset file
        // (--format takes any case, as names on a command line are typed).
        const QString name = out.value("format").toString();
        const auto format = name == name.toLower() ? formatFromName(name) : std::nullopt;
        if (!format) {
            QStringList all;
            for (const char *n : kFormatNames)
                all << n;
            *error = {MessageId::MustBeOneOf, {where + QStringLiteral(".format"), all.join(", ")}};
            return false;
        }
        o.format = *format;
    }
    r.integer("quality", &o.quality, 1, 100);
    r.integer("pngCompression", &o.pngCompression, 0, 9);
    r.boolean("progressive", &o.progressive);
    // "webpLossless" is the name presets saved before JPEG XL had a lossless mode too.
    bool oldLossless = false;
    r.boolean("webpLossless", &oldLossless);
    r.boolean("lossless", &o.lossless);
    if (r.ok() && out.contains("webpLossless") && out.contains("lossless") && oldLossless != o.lossless) {
        *error = {MessageId::LosslessConflict, {where}};
        return false;
    }
    // It asked for lossless WebP: with another format it was ignored, and still is (a JPEG preset
    // saying it is no request for a lossless JPEG).
    if (out.contains("webpLossless") && !out.contains("lossless")) {
        o.losslessWebpOnly = oldLossless;
        o.setFormat(o.format);
    }
    r.choice("tiffCompression", &o.tiffCompression, kTiffCompressionNames);
    r.choice("overwrite", &o.overwrite, kOverwriteNames);
    r.boolean("keepStructure", &o.keepStructure);
    r.boolean("allowOverwriteSource", &o.allowOverwriteSource);
    const char *const damagedNames[] = {"fail", "warn"};
    r.choice("damaged", &o.damaged, damagedNames);
    r.text("background", &o.background, -1); // parseColor() judges it
    r.choice("metadata", &o.metadata, kMetadataNames);
    r.choice("colour", &o.colour, kColourNames);
    r.boolean("keepFileTime", &o.keepFileTime);
    if (!r.ok())
        return false;
    int rgba[4];
    if (!OperationCatalog::parseColor(o.background, rgba)) {
        *error = {MessageId::MustBeColour, {where + QStringLiteral(".background"), QStringLiteral("#ffffff")}};
        return false;
    }
    // What a format without alpha is flattened onto: its own alpha would have nothing to show
    // through (it was ignored without a word, an opaque green for "#00ff0080").
    if (rgba[3] != 255) {
        *error = {MessageId::MustBeOpaqueColour,
                  {where + QStringLiteral(".background"), QStringLiteral("#ffffff"), o.background}};
        return false;
    }
    if (const Message why = checkNameTemplate(o.nameTemplate); !why.isEmpty()) {
        *error = {MessageId::At, {where + QStringLiteral(".nameTemplate")}, {why}};
        return false;
    }
    return true;
}

// Reads a list of steps; `where` names it in errors ("steps", "outputs[1].steps").
bool readSteps(const QJsonValue &steps, const QString &where, const QString &baseDir, QVector<QJsonObject> *out,
               Message *error)
{
    const QString label = where.contains('.') ? where : QStringLiteral("\"%1\"").arg(where);
    if (!steps.isArray()) {
        *error = {MessageId::StepsNotAList, {label}};
        return false;
    }
    if (steps.toArray().size() > kMaxSteps) {
        *error = {MessageId::TooManySteps, {label, QString::number(kMaxSteps)}};
        return false;
    }
    const OperationCatalog &catalog = OperationCatalog::builtin();
    int index = 0;
    for (const QJsonValue &s : steps.toArray()) {
        Message why;
        const QJsonObject normalized =
            s.isObject() ? catalog.normalizeStep(s.toObject(), &why, baseDir) : QJsonObject{};
        if (normalized.isEmpty()) {
            *error = {MessageId::At,
                      {QStringLiteral("%1[%2]").arg(where, QString::number(index))},
                      {why.isEmpty() ? Message(MessageId::StepNotAnObject) : why}};
            return false;
        }
        out->append(normalized);
        ++index;
    }
    return true;
}

QJsonObject outputJson(const OutputSettings &o)
{
    QJsonObject out{{"nameTemplate", o.nameTemplate},
                    {"format", formatName(o.format)},
                    {"quality", o.quality},
                    {"pngCompression", o.pngCompression},
                    {"progressive", o.progressive},
                    {"lossless", o.lossless},
                    {"tiffCompression", kTiffCompressionNames[int(o.tiffCompression)]},
                    {"overwrite", overwriteName(o.overwrite)},
                    {"keepStructure", o.keepStructure},
                    {"allowOverwriteSource", o.allowOverwriteSource},
                    {"damaged", o.damaged == DamagedPolicy::Warn ? "warn" : "fail"},
                    {"background", o.background},
                    {"metadata", metadataName(o.metadata)},
                    {"colour", colourName(o.colour)},
                    {"keepFileTime", o.keepFileTime}};
    if (!o.folder.isEmpty())
        out.insert("folder", o.folder);
    return out;
}

} // namespace presetdetail

QString formatName(OutputFormat f) { return kFormatNames[int(f)]; }

bool hasLosslessMode(OutputFormat f) { return f != OutputFormat::Jpeg; }

QString losslessFormatNames()
{
    QStringList names;
    for (size_t i = 0; i < std::size(kFormatNames); ++i)
        if (OutputFormat(i) != OutputFormat::Keep && hasLosslessMode(OutputFormat(i)))
            names << QLatin1String(kFormatNames[i]);
    return names.join(QStringLiteral(", "));
}

QString formatExtension(OutputFormat f)
{
    switch (f) {
    case OutputFormat::Jpeg:
        return "jpg";
    case OutputFormat::Tiff:
        return "tif";
    default:
        return formatName(f);
    }
}

std::optional<OutputFormat> formatFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == "jpg")
        return OutputFormat::Jpeg;
    if (n == "tif")
        return OutputFormat::Tiff;
    return fromName<OutputFormat>(n, kFormatNames);
}

QString overwriteName(OverwritePolicy p) { return kOverwriteNames[int(p)]; }

std::optional<OverwritePolicy> overwriteFromName(const QString &name)
{
    for (int i = 0; i < 3; ++i)
        if (name == QLatin1String(kOverwriteNames[i]))
            return OverwritePolicy(i);
    return std::nullopt;
}

QString metadataName(MetadataPolicy p) { return kMetadataNames[int(p)]; }
std::optional<MetadataPolicy> metadataFromName(const QString &name)
{
    return fromName<MetadataPolicy>(name, kMetadataNames);
}
QString colourName(ColourPolicy p) { return kColourNames[int(p)]; }
std::optional<ColourPolicy> colourFromName(const QString &name) { return fromName<ColourPolicy>(name, kColourNames); }
QString rawModeName(RawMode m) { return kRawModeNames[int(m)]; }
std::optional<RawMode> rawModeFromName(const QString &name) { return fromName<RawMode>(name, kRawModeNames); }

namespace {

QJsonArray stepsJson(const QVector<QJsonObject> &steps)
{
    QJsonArray a;
    for (const QJsonObject &s : steps)
        a.append(s);
    return a;
}

} // namespace

QVector<PresetOutput> Preset::targets() const
{
    return outputs.isEmpty() ? QVector<PresetOutput>{{QString(), {}, output, {}}} : outputs;
}

QVector<Preset::StepFile> Preset::stepFiles() const
{
    QVector<StepFile> files;
    const auto add = [&files](const QVector<QJsonObject> &list, const QString &where) {
        for (int i = 0; i < list.size(); ++i)
            for (const auto &[key, path] : OperationCatalog::builtin().filesRead(list[i]))
                files.append(
                    {QStringLiteral("%1[%2].%3.%4").arg(where).arg(i).arg(list[i].value("op").toString(), key), path});
    };
    add(steps, QStringLiteral("steps"));
    for (int k = 0; k < outputs.size(); ++k)
        add(outputs[k].steps, QStringLiteral("outputs[%1].steps").arg(k));
    return files;
}

QList<QByteArray> Preset::filesRead() const
{
    QList<QByteArray> files;
    for (const StepFile &f : stepFiles()) {
        const QByteArray file = QFile::encodeName(f.path);
        if (!files.contains(file))
            files.append(file);
    }
    return files;
}

bool Preset::drawsText() const
{
    const auto draws = [](const QVector<QJsonObject> &list) {
        return std::any_of(list.cbegin(), list.cend(),
                           [](const QJsonObject &s) { return s.value("op").toString() == QLatin1String("watermark"); });
    };
    return draws(steps) ||
           std::any_of(outputs.cbegin(), outputs.cend(), [&](const PresetOutput &o) { return draws(o.steps); });
}

Message Preset::unreadableStepFile() const
{
    for (const StepFile &f : stepFiles()) {
        const QByteArray file = QFile::encodeName(f.path);
        struct stat st;
        int err = 0;
        if (::stat(file.constData(), &st) != 0)
            err = errno;
        else if (S_ISDIR(st.st_mode))
            err = EISDIR;
        else if (::access(file.constData(), R_OK) != 0)
            err = errno;
        if (err != 0)
            return {MessageId::StepFileUnreadable, {name, f.field, f.path}, {errnoMessage(err)}};
        // A device or a pipe (/dev/zero, a FIFO): every worker refuses it (FileIO's regular-file
        // check), so every image would fail. Before, the dry run said "write" for each.
        if (!S_ISREG(st.st_mode))
            return {MessageId::StepFileNotRegular, {name, f.field, f.path}};
        if (st.st_size == 0)
            return {MessageId::StepFileEmpty, {name, f.field, f.path}};
    }
    return {};
}

QJsonObject Preset::toJson() const
{
    QJsonObject json{{"format", "pixelpool-preset"},
                     {"version", kPresetFormatVersion},
                     {"name", name},
                     {"steps", stepsJson(steps)},
                     {"input", QJsonObject{{"raw", rawModeName(input.raw)}}},
                     {"output", presetdetail::outputJson(output)}};
    if (!outputs.isEmpty()) {
        QJsonArray list;
        for (const PresetOutput &o : outputs)
            list.append(QJsonObject{
                {"name", o.name}, {"steps", stepsJson(o.steps)}, {"output", presetdetail::ownOutputJson(o, output)}});
        json.insert("outputs", list);
    }
    if (!description.isEmpty())
        json.insert("description", description);
    return json;
}

std::optional<Preset> Preset::fromJson(const QJsonObject &json, Message *error, const QString &baseDir)
{
    *error = {};
    if (json.value("format").toString() != "pixelpool-preset") {
        *error = {MessageId::PresetBadFormat};
        return std::nullopt;
    }
    const QJsonValue version = json.value("version");
    if (!version.isDouble() || version.toInt() < 1) {
        *error = {MessageId::PresetBadVersion};
        return std::nullopt;
    }
    if (version.toInt() > kPresetFormatVersion) {
        *error = {MessageId::PresetNewerVersion,
                  {QString::number(version.toInt()), QString::number(kPresetFormatVersion)}};
        return std::nullopt;
    }
    Preset p;
    const QJsonValue name = json.value("name");
    if (!name.isString() || name.toString().trimmed().isEmpty() ||
        OperationCatalog::characters(name.toString()) > kMaxNameCharacters) {
        *error = {MessageId::PresetBadName};
        return std::nullopt;
    }
    p.name = name.toString().trimmed();
    // Every key is known (resources/schema/preset.schema.json says the same): a misspelt one
    // would otherwise be ignored without a word.
    static const QStringList knownTop = {"format", "version", "name",   "description",
                                         "steps",  "input",   "output", "outputs"};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!knownTop.contains(it.key())) {
            *error = withSuggestion({MessageId::UnknownSetting, {QStringLiteral("\"%1\"").arg(it.key())}}, it.key(),
                                    knownTop);
            return std::nullopt;
        }
    }
    const QJsonValue description = json.value("description");
    if (!description.isUndefined() && !description.isString()) {
        *error = {MessageId::MustBeText, {QStringLiteral("\"description\"")}};
        return std::nullopt;
    }
    p.description = leftCharacters(description.toString(), kMaxDescriptionCharacters);

    if (!presetdetail::readSteps(json.value("steps"), QStringLiteral("steps"), baseDir, &p.steps, error))
        return std::nullopt;

    const QJsonValue inValue = json.value("input");
    if (!inValue.isUndefined() && !inValue.isObject()) {
        *error = {MessageId::MustBeObject, {QStringLiteral("\"input\"")}};
        return std::nullopt;
    }
    const QJsonObject in = inValue.toObject();
    for (auto it = in.begin(); it != in.end(); ++it) {
        if (it.key() != QLatin1String("raw")) {
            *error = withSuggestion({MessageId::UnknownSetting, {QStringLiteral("input.") + it.key()}}, it.key(),
                                    {QStringLiteral("raw")});
            return std::nullopt;
        }
    }
    FieldReader inputReader(in, "input", error);
    inputReader.choice("raw", &p.input.raw, kRawModeNames);
    if (!inputReader.ok())
        return std::nullopt;

    const QJsonValue outValue = json.value("output");
    if (!outValue.isUndefined() && !outValue.isObject()) {
        *error = {MessageId::MustBeObject, {QStringLiteral("\"output\"")}};
        return std::nullopt;
    }
    if (!presetdetail::readOutput(outValue.toObject(), QStringLiteral("output"), &p.output, error))
        return std::nullopt;
    if (json.contains("outputs") && !presetdetail::readOutputs(json.value("outputs"), &p, baseDir, error))
        return std::nullopt;
    if (const qsizetype files = p.filesRead().size(); files > kMaxStepFiles) {
        *error = {MessageId::TooManyStepFiles, {QString::number(kMaxStepFiles), QString::number(files)}};
        return std::nullopt;
    }
    // {preset} is known only with the name: a preset named ".." would make every output's folder "..".
    const QVector<PresetOutput> targets = p.targets();
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const QString where = p.hasOutputs() ? QStringLiteral("outputs[%1].output").arg(i) : QStringLiteral("output");
        if (const Message why = checkNameTemplate(targets[i].output.nameTemplate, p.name); !why.isEmpty()) {
            *error = {MessageId::At, {where + QStringLiteral(".nameTemplate")}, {why}};
            return std::nullopt;
        }
        // Asked for lossless, a JPEG would be written lossy without a word; `format: keep` is
        // judged per image (OutputPlanner), by the format it keeps.
        const OutputSettings &o = targets[i].output;
        if (o.lossless && !hasLosslessMode(o.format)) {
            // Named where the file says it: an entry of `outputs` takes what it does not set from `output`.
            const QJsonObject own = p.hasOutputs()
                                        ? json.value("outputs").toArray().at(i).toObject().value("output").toObject()
                                        : outValue.toObject();
            const std::pair<QJsonObject, QString> objects[] = {{own, where},
                                                               {outValue.toObject(), QStringLiteral("output")}};
            const auto field = [&](std::initializer_list<const char *> keys) {
                for (const auto &[object, prefix] : objects)
                    for (const char *key : keys)
                        if (object.contains(QLatin1String(key)))
                            return prefix + QLatin1Char('.') + QLatin1String(key);
                // not given: the default, said to be one
                return QStringLiteral("output.") + QLatin1String(*keys.begin()) + QStringLiteral(" (not given)");
            };
            *error = {MessageId::LosslessWithoutMode,
                      {field({"lossless", "webpLossless"}), field({"format"}), formatName(o.format),
                       losslessFormatNames() + QStringLiteral(", keep")}};
            return std::nullopt;
        }
    }
    return p;
}

std::optional<Preset> Preset::load(const QString &path, Message *error)
{
    // A pipe or a FIFO too (`-p <(…)`, `-p /dev/stdin`), its writer waited for until a signal.
    // One byte more than a preset may have: a pipe or a special file has no size to ask first.
    QByteArray text;
    if (path.startsWith(QLatin1Char(':'))) { // a built-in one, compiled in (Qt's resources)
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = {MessageId::PresetCannotOpen, {path}, {Message::verbatim(f.errorString())}};
            return std::nullopt;
        }
        text = f.read(kMaxPresetFileBytes + 1);
    } else if (const int err = readSmallFile(QFile::encodeName(path), kMaxPresetFileBytes, &text)) {
        *error = {MessageId::PresetCannotOpen, {path}, {errnoMessage(err)}};
        return std::nullopt;
    }
    if (text.size() > kMaxPresetFileBytes) {
        *error = {MessageId::PresetFileTooLarge, {path, QString::number(kMaxPresetFileBytes)}};
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    // Qt reads objects and arrays only: a lone value (null, 7, "web") is JSON, just no preset.
    QJsonParseError asValue;
    if (parseError.error != QJsonParseError::NoError &&
        QJsonDocument::fromJson("[" + text + "]", &asValue).array().size() == 1 &&
        asValue.error == QJsonParseError::NoError) {
        *error = {MessageId::PresetNotAnObject, {path}};
        return std::nullopt;
    }
    if (parseError.error != QJsonParseError::NoError) {
        const TextPosition at = textPosition(text, parseError.offset);
        *error = {MessageId::PresetNotJson,
                  {path, QString::number(at.line), QString::number(at.column)},
                  {jsonErrorMessage(parseError.error)}};
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = {MessageId::PresetNotAnObject, {path}};
        return std::nullopt;
    }
    // What Qt reads without a word: a key given twice (the last one wins), a raw control character.
    if (const Message why = presetdetail::checkJsonText(text, path); !why.isEmpty()) {
        *error = why;
        return std::nullopt;
    }
    Message why;
    auto preset = fromJson(doc.object(), &why, QFileInfo(path).absolutePath());
    if (!preset)
        *error = {MessageId::At, {path}, {why}};
    return preset;
}

bool Preset::save(const QString &path, Message *error) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = {MessageId::PresetCannotWrite, {path}, {Message::verbatim(f.errorString())}};
        return false;
    }
    f.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!f.commit()) {
        *error = {MessageId::PresetCannotWrite, {path}, {Message::verbatim(f.errorString())}};
        return false;
    }
    return true;
}

} // namespace pp
