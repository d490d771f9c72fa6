#include "NameTemplate.h"

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

Message checkNameTemplate(const QString &t)
{
    if (t.trimmed().isEmpty())
        return {MessageId::TemplateEmpty};
    if (t.size() > kMaxNameTemplateLength)
        return {MessageId::TemplateTooLong, {QString::number(kMaxNameTemplateLength)}};
    if (t.startsWith('/'))
        return {MessageId::TemplateAbsolute};
    static const QRegularExpression re("\\{([^}]*)\\}");
    static const QRegularExpression digits(QStringLiteral("^\\d{1,2}$"));
    auto it = re.globalMatch(t);
    while (it.hasNext()) {
        const QString inside = it.next().captured(1);
        const QString token = inside.section(':', 0, 0);
        if (!kTokens.contains(token))
            return {MessageId::TemplateUnknownPlaceholder, {token, "{" + kTokens.join("}, {") + "}"}};
        const QString arg = inside.contains(':') ? inside.section(':', 1) : QString();
        if (token == QLatin1String("index") && !arg.isEmpty()) {
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
    if (t.endsWith('/'))
        return {MessageId::TemplateNoFileName};
    return {};
}

} // namespace pp
