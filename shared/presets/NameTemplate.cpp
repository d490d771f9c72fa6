#include "NameTemplate.h"

#include "OperationCatalog.h"

#include <QRegularExpression>
#include <QStringList>

namespace pp {
namespace {
const QStringList kTokens = {"name", "ext", "preset", "index", "width", "height", "date", "camera", "lens", "iso"};
} // namespace

Message checkDateFormat(const QString &format)
{
    for (qsizetype i = 0; i < format.size(); ++i) {
        if (format[i] != QLatin1Char('%'))
            continue;
        if (i + 1 == format.size() || !QStringLiteral("YymdHMSj%").contains(format[i + 1]))
            return {MessageId::TemplateDateFormat, {format}};
        ++i;
    }
    for (const QString &part : format.split(QLatin1Char('/')))
        if (part == QLatin1String("..") || part == QLatin1String("."))
            return {MessageId::TemplateDateFolders, {format, part}};
    return {};
}

namespace {

// The template with each placeholder as the text it is filled with, reduced to its slashes and
// dots: a date's format keeps its own slashes, {preset} the dots of `presetName` (the planner
// keeps them, and makes any other character a letter or '_'), every other character (and every
// other placeholder, never empty) is an "x".
QString folderShape(const QString &t, const QString &presetName)
{
    const auto shapeOf = [](QChar c) { return c == '/' || c == '.' ? c : QChar('x'); };
    QString shape;
    for (qsizetype i = 0; i < t.size(); ++i) {
        const qsizetype close = t[i] == '{' ? t.indexOf('}', i) : -1;
        if (close < 0) {
            shape += shapeOf(t[i]);
            continue;
        }
        const QStringView inside = QStringView(t).mid(i + 1, close - i - 1);
        if (inside.startsWith(QLatin1String("date:")) && inside.size() > 5) {
            for (const QChar c : inside.mid(5)) // each conversion gives a character at least
                shape += c == '/' ? QChar('/') : QChar('x');
        } else if (inside == QLatin1String("preset") && !presetName.isEmpty()) {
            for (const QChar c : presetName)
                shape += c == '.' ? c : QChar('x');
        } else {
            shape += 'x';
        }
        i = close;
    }
    return shape;
}

} // namespace

ControlCharacter findControlCharacter(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i)
        if (text[i].category() == QChar::Other_Control) // in the BMP: never half of a pair
            return {OperationCatalog::characters(text.left(i)) + 1,
                    QStringLiteral("%1").arg(text[i].unicode(), 4, 16, QLatin1Char('0')).toUpper()};
    return {};
}

Message checkNameTemplate(const QString &t, const QString &presetName)
{
    if (t.trimmed().isEmpty())
        return {MessageId::TemplateEmpty};
    if (OperationCatalog::characters(t) > kMaxNameTemplateLength)
        return {MessageId::TemplateTooLong, {QString::number(kMaxNameTemplateLength)}};
    if (const ControlCharacter c = findControlCharacter(t); c.at > 0)
        return {MessageId::TemplateControlCharacter, {c.hex, QString::number(c.at)}};
    if (t.startsWith('/'))
        return {MessageId::TemplateAbsolute};
    // Every brace belongs to a placeholder: "{name" wrote "{name (2)" files without an extension,
    // "{name}}.{ext}" a "}" into every name (a brace is never text in a name).
    const auto place = [&t](qsizetype i) { return QString::number(OperationCatalog::characters(t.left(i)) + 1); };
    qsizetype open = -1; // the "{" not closed yet
    for (qsizetype i = 0; i < t.size(); ++i) {
        if (t[i] == '{' && open >= 0)
            return {MessageId::TemplateUnclosedBrace, {place(open)}};
        if (t[i] == '}' && open < 0)
            return {MessageId::TemplateStrayBrace, {place(i)}};
        if (t[i] == '{' || t[i] == '}')
            open = t[i] == '{' ? i : -1;
    }
    if (open >= 0)
        return {MessageId::TemplateUnclosedBrace, {place(open)}};
    static const QRegularExpression re("\\{([^}]*)\\}");
    static const QRegularExpression digits(QStringLiteral("^\\d{1,2}$"));
    auto it = re.globalMatch(t);
    while (it.hasNext()) {
        const QString inside = it.next().captured(1);
        const QString token = inside.section(':', 0, 0);
        if (!kTokens.contains(token))
            return {MessageId::TemplateUnknownPlaceholder, {token, "{" + kTokens.join("}, {") + "}"}};
        const QString arg = inside.contains(':') ? inside.section(':', 1) : QString();
        if (token == QLatin1String("index") && inside.contains(':')) {
            // Checked as a bounded number: {index:999999999} would pad every name to a gigabyte.
            if (!digits.match(arg).hasMatch() || arg.toInt() < 1 || arg.toInt() > kMaxIndexDigits)
                return {MessageId::TemplateIndexWidth, {arg, QString::number(kMaxIndexDigits)}};
        } else if (token == QLatin1String("date") && !arg.isEmpty()) {
            const Message why = checkDateFormat(arg);
            if (!why.isEmpty())
                return why;
        } else if (!arg.isEmpty()) {
            return {MessageId::TemplateTakesNoFormat, {token}};
        }
    }
    for (const QString &part : t.split('/'))
        if (part == ".." || part == ".")
            return {MessageId::TemplateDotFolders, {part}};
    // The folders it makes, filled: a date's format may hold slashes ("{date:/%Y}" made an
    // absolute name, "{date:%Y/}/" an empty folder, each failing every image once it was made).
    const QString shape = folderShape(t, presetName);
    if (shape.startsWith('/'))
        return {MessageId::TemplateAbsolute};
    if (shape.contains(QLatin1String("//")))
        return {MessageId::TemplateEmptyFolder};
    if (shape.endsWith('/'))
        return {MessageId::TemplateNoFileName};
    // Literal "." and ".." folders were refused above: one here is made by {preset}.
    for (const QString &part : shape.split('/'))
        if (part == QLatin1String("..") || part == QLatin1String("."))
            return {MessageId::TemplatePresetDotFolder, {presetName, part}};
    return {};
}

} // namespace pp
