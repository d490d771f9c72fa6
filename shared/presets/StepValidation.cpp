// The operation table's checks of what presets say: step objects against their entries
// (normalizeStep), colours, and the defaults a new step starts from. The entries themselves are
// in OperationCatalog.cpp.
#include "NameTemplate.h"
#include "OperationCatalog.h"

#include <QDir>
#include <algorithm>
#include <cmath>

namespace pp {

using K = ParamSpec::Kind;

namespace {

// Whether a watermark's text has a character that draws: not only spaces, controls and format
// characters (U+200B, U+FEFF, a soft hyphen…), variation selectors, fillers and blanks, which an
// image takes no ink from.
bool drawsSomething(const QString &text)
{
    for (const char32_t c : text.toUcs4()) {
        const bool nothing = QChar::isSpace(c) || QChar::category(c) == QChar::Other_Control ||
                             QChar::category(c) == QChar::Other_Format || (c >= 0xFE00 && c <= 0xFE0F) ||
                             (c >= 0xE0100 && c <= 0xE01EF) || c == 0x034F || c == 0x115F || c == 0x1160 ||
                             c == 0x3164 || c == 0xFFA0 || c == 0x2800;
        if (!nothing)
            return true;
    }
    return false;
}

} // namespace

// Strict, character by character: a regular expression's "$" also matches before a final
// newline, which let "#ffffff\n" through validation only to fail every image in the worker.
bool OperationCatalog::parseColor(const QString &text, int rgba[4])
{
    if ((text.size() != 7 && text.size() != 9) || text[0] != QLatin1Char('#'))
        return false;
    // Digit by digit: QString::toInt() would also take "+1", "-1" and " 1".
    const auto digit = [](QChar c) {
        const char16_t u = c.unicode();
        if (u >= '0' && u <= '9')
            return u - '0';
        if (u >= 'a' && u <= 'f')
            return u - 'a' + 10;
        if (u >= 'A' && u <= 'F')
            return u - 'A' + 10;
        return -1;
    };
    int v[4] = {0, 0, 0, 255};
    for (int i = 0; 1 + 2 * i < text.size(); ++i) {
        const int hi = digit(text[1 + 2 * i]), lo = digit(text[2 + 2 * i]);
        if (hi < 0 || lo < 0)
            return false;
        v[i] = hi * 16 + lo;
    }
    std::copy(v, v + 4, rgba);
    return true;
}

QVector<std::pair<QString, QString>> OperationCatalog::filesRead(const QJsonObject &step) const
{
    QVector<std::pair<QString, QString>> files;
    const OperationSpec *spec = find(step.value("op").toString());
    for (const ParamSpec &param : spec ? spec->params : QVector<ParamSpec>{})
        if (param.kind == ParamSpec::Kind::File && spec->uses(param, step) &&
            !step.value(param.key).toString().isEmpty())
            files.append({param.key, step.value(param.key).toString()});
    return files;
}

qsizetype OperationCatalog::characters(const QString &text)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < text.size(); ++i, ++n)
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
    return n;
}

QJsonObject OperationCatalog::defaultStep(const QString &name) const
{
    const OperationSpec *spec = find(name);
    if (!spec)
        return {};
    QJsonObject step{{"op", spec->name}};
    for (const ParamSpec &p : spec->params)
        step.insert(p.key, p.defaultValue);
    return step;
}

QJsonObject OperationCatalog::normalizeStep(const QJsonObject &step, Message *error, const QString &baseDir) const
{
    const QJsonValue opValue = step.value("op");
    if (!opValue.isString()) {
        *error = {MessageId::StepNoOp};
        return {};
    }
    const OperationSpec *spec = find(opValue.toString());
    if (!spec) {
        QStringList names;
        for (const OperationSpec &o : m_ops)
            names << o.name;
        *error = withSuggestion({MessageId::UnknownOperation, {opValue.toString()}}, opValue.toString(), names);
        return {};
    }
    QJsonObject out{{"op", spec->name}};
    for (auto it = step.begin(); it != step.end(); ++it) {
        if (it.key() != "op" && !spec->param(it.key())) {
            QStringList keys;
            for (const ParamSpec &p : spec->params)
                keys << p.key;
            *error = withSuggestion({MessageId::UnknownParameter, {spec->name, it.key()}}, it.key(), keys);
            return {};
        }
    }
    // A crop's rectangle or a resize's percent without the mode that uses them was ignored
    // without a word (the default mode's crop or fit was made). A step that names its mode may
    // keep the others' settings (the editor keeps them while people switch modes).
    const ParamSpec *mode = spec->param(QStringLiteral("mode"));
    for (const ParamSpec &p : spec->params) {
        if (mode && step.contains(p.key) && !step.contains(mode->key) && !spec->uses(p, step)) {
            *error = {
                MessageId::SettingOfAnotherMode,
                {QStringLiteral("%1.%2").arg(spec->name, p.key), p.onlyInModes.first(), mode->defaultValue.toString()}};
            return {};
        }
    }
    // The two sides of a box or a ratio, given one without the other: the other's default (1200 px,
    // an aspect of 1) made a fit to width 800 of a tall photo 400×1200, and an exact 800 wide
    // 800×1200, without a word (operations QA pass). A fit given one side fits that side alone, as
    // ImageMagick's "800x" does: the other is free (its largest value); other modes need both.
    QJsonObject given = step;
    for (const auto &[first, second] : {std::pair{QStringLiteral("width"), QStringLiteral("height")},
                                        std::pair{QStringLiteral("aspectWidth"), QStringLiteral("aspectHeight")}}) {
        const ParamSpec *a = spec->param(first), *b = spec->param(second);
        if (!a || !b || !mode || step.contains(first) == step.contains(second) || !spec->uses(*a, step))
            continue;
        const ParamSpec *missing = step.contains(first) ? b : a;
        const QString modeName =
            step.contains(mode->key) ? step.value(mode->key).toString() : mode->defaultValue.toString();
        if (spec->name == QLatin1String("resize") && modeName == QLatin1String("fit")) {
            given.insert(missing->key, missing->max);
            continue;
        }
        *error = {MessageId::SettingWithoutItsPair,
                  {QStringLiteral("%1.%2").arg(spec->name, missing->key),
                   QStringLiteral("%1.%2").arg(spec->name, missing == a ? second : first), modeName}};
        return {};
    }
    for (const ParamSpec &p : spec->params) {
        const QJsonValue v = given.contains(p.key) ? given.value(p.key) : p.defaultValue;
        const QString where = QStringLiteral("%1.%2").arg(spec->name, p.key);
        switch (p.kind) {
        case K::Int:
        case K::Double: {
            if (!v.isDouble() || !std::isfinite(v.toDouble())) {
                *error = {MessageId::MustBeNumber, {where}};
                return {};
            }
            const double d = v.toDouble();
            if (p.kind == K::Int && d != std::floor(d)) {
                *error = {MessageId::MustBeWholeNumber, {where}};
                return {};
            }
            if (d < p.min || d > p.max) {
                *error = {MessageId::OutsideRange,
                          {where, QString::number(d, 'g', 12), QString::number(p.min, 'g', 12),
                           QString::number(p.max, 'g', 12)}};
                return {};
            }
            out.insert(p.key, p.kind == K::Int ? QJsonValue(int(d)) : QJsonValue(d));
            break;
        }
        case K::Bool:
            if (!v.isBool()) {
                *error = {MessageId::MustBeBool, {where}};
                return {};
            }
            out.insert(p.key, v);
            break;
        case K::Choice:
            if (!v.isString() || !p.choices.contains(v.toString())) {
                *error = {MessageId::MustBeOneOf, {where, p.choices.join(", ")}};
                return {};
            }
            out.insert(p.key, v);
            break;
        case K::Color: {
            int rgba[4];
            if (!v.isString() || !parseColor(v.toString(), rgba)) {
                *error = {MessageId::MustBeColour, {where, QStringLiteral("#ff8800")}};
                return {};
            }
            out.insert(p.key, v);
            break;
        }
        case K::Text:
            if (!v.isString()) {
                *error = {MessageId::MustBeText, {where}};
                return {};
            }
            if (characters(v.toString()) > qsizetype(p.max)) {
                *error = {MessageId::TextTooLong, {where, QString::number(p.max)}};
                return {};
            }
            if (p.min > 0 && !drawsSomething(v.toString())) { // a watermark of no text draws nothing
                *error = {MessageId::MustHaveText, {where}};
                return {};
            }
            out.insert(p.key, v);
            break;
        case K::File: {
            const QString path = v.toString();
            if (!v.isString()) {
                *error = {MessageId::MustBeText, {where}};
                return {};
            }
            if (characters(path) > qsizetype(p.max)) {
                *error = {MessageId::FilePathTooLong, {where, QString::number(p.max)}};
                return {};
            }
            if (const ControlCharacter c = findControlCharacter(path); c.at > 0) { // lstat() stops at a NUL
                *error = {MessageId::ControlCharacter, {where, c.hex, QString::number(c.at)}};
                return {};
            }
            if (characters(path) < qsizetype(p.min)) {
                *error = {MessageId::MustNameFile, {where}};
                return {};
            }
            if (path.isEmpty() || QDir::isAbsolutePath(path)) {
                out.insert(p.key, QDir::cleanPath(path));
                break;
            }
            // Relative to the preset file, so that a preset and its logo travel together.
            if (baseDir.isEmpty()) {
                *error = {MessageId::RelativePath, {where, path}};
                return {};
            }
            out.insert(p.key, QDir::cleanPath(QDir(baseDir).absoluteFilePath(path)));
            break;
        }
        }
    }
    // A watermark's colour may be see-through; one that leaves no ink (alpha 00, or so little with
    // the opacity that not 1 % shows) drew nothing without a word, where an opacity of 0 is refused.
    if (spec->name == QLatin1String("watermark")) {
        int rgba[4];
        const QString colour = out.value(QLatin1String("color")).toString();
        const double opacity = out.value(QLatin1String("opacity")).toDouble();
        if (parseColor(colour, rgba) && rgba[3] / 255.0 * opacity < 0.01) {
            *error = {MessageId::InkNotVisible,
                      {QStringLiteral("watermark.color"), colour, QString::number(opacity, 'g', 12)}};
            return {};
        }
    }
    return out;
}

} // namespace pp
