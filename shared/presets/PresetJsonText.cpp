// A second reading of a preset file's text, after QJsonDocument has read it: what Qt takes
// without a word that a preset must not say. A key given twice in one object ("quality": 95 …
// "quality": 5, "metadata": "strip" … "metadata": "keep") would be settled by its last value, which
// the author may not be looking at; and a control character written as it is inside a string
// (a NUL byte) is no JSON, though Qt keeps it.
#include "PresetReading.h"

#include <QHash>
#include <algorithm>
#include <cstring>
#include <vector>

namespace pp::presetdetail {
namespace {

// One object or array being read: the keys given so far (with where), or the next index.
struct Level {
    bool object = false;
    QString path; // as errors name settings: "output", "steps[2]"; empty at the top
    QHash<QString, qsizetype> keys;
    QString key;         // the object's key whose value comes next
    bool wantKey = true; // an object expects a key (else a value)
    int index = 0;       // an array's next element
};

// The setting `key` of the object at `path`, named as the loader's errors name settings: a top-level
// one in quotes ("\"steps\""), others by their path ("output.quality", "steps[0].sigma").
QString settingPath(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString shownSetting(const QString &path, const QString &key)
{
    return path.isEmpty() ? QStringLiteral("\"%1\"").arg(key) : settingPath(path, key);
}

} // namespace

Message checkJsonText(const QByteArray &text, const QString &path)
{
    const auto at = [&](qsizetype offset) { return textPosition(text, offset + 1); }; // the character at offset
    std::vector<Level> levels; // as deep as Qt read it (it refuses deeper documents)
    qsizetype i = text.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    // The path of the value that starts at i.
    const auto valuePath = [&]() -> QString {
        if (levels.empty())
            return {};
        const Level &l = levels.back();
        return l.object ? settingPath(l.path, l.key) : QStringLiteral("%1[%2]").arg(l.path, QString::number(l.index));
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '{' || c == '[') {
            Level l;
            l.object = c == '{';
            l.path = valuePath();
            levels.push_back(std::move(l));
            ++i;
        } else if (c == '}' || c == ']') {
            if (levels.empty())
                return {}; // Qt read it: nothing more to find past its end
            levels.pop_back();
            ++i;
        } else if (c == ',') {
            if (!levels.empty()) {
                Level &l = levels.back();
                l.wantKey = l.object;
                ++l.index;
            }
            ++i;
        } else if (c == ':') {
            if (!levels.empty())
                levels.back().wantKey = false;
            ++i;
        } else if (c == '"') {
            const qsizetype start = i++;
            QString value;
            qsizetype run = i; // the bytes since the last escape, as they are (UTF-8)
            while (i < text.size() && text[i] != '"') {
                const auto b = uchar(text[i]);
                if (b < 0x20) {
                    const TextPosition p = at(i);
                    return {MessageId::PresetNotJson,
                            {path, QString::number(p.line), QString::number(p.column)},
                            {Message(MessageId::JsonControlCharacter,
                                     {QStringLiteral("%1").arg(b, 4, 16, QLatin1Char('0')).toUpper()})}};
                }
                if (b != '\\') {
                    ++i;
                    continue;
                }
                value += QString::fromUtf8(text.constData() + run, i - run);
                const char e = i + 1 < text.size() ? text[i + 1] : '\0';
                if (e == 'u' && i + 6 <= text.size()) {
                    bool ok = false;
                    value += QChar(ushort(text.mid(i + 2, 4).toUShort(&ok, 16))); // a surrogate as the unit it is
                    i += 6;
                } else {
                    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
                    const char *found = e ? std::strchr(from, e) : nullptr;
                    value += QLatin1Char(found ? to[found - from] : e);
                    i += 2;
                }
                run = i;
            }
            value += QString::fromUtf8(text.constData() + run, std::min(i, text.size()) - run);
            ++i; // the closing quote
            if (levels.empty() || !levels.back().object || !levels.back().wantKey)
                continue; // a value
            Level &l = levels.back();
            l.key = value;
            if (const auto first = l.keys.constFind(value); first != l.keys.cend()) {
                const TextPosition again = at(start), before = at(*first);
                return {
                    MessageId::At,
                    {path},
                    {Message(MessageId::PresetDuplicateKey,
                             {shownSetting(l.path, value), QString::number(again.line), QString::number(again.column),
                              QString::number(before.line), QString::number(before.column)})}};
            }
            l.keys.insert(value, start);
        } else {
            ++i; // white space, and the characters of a number, true, false or null
        }
    }
    return {};
}

} // namespace pp::presetdetail
