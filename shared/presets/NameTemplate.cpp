#include "NameTemplate.h"

#include <QRegularExpression>
#include <QStringList>

namespace pp {
namespace {
const QStringList kTokens = {"name", "ext", "preset", "index", "width", "height", "date", "camera", "lens", "iso"};
} // namespace

QString checkDateFormat(const QString &format)
{
    for (qsizetype i = 0; i < format.size(); ++i) {
        if (format[i] != QLatin1Char('%'))
            continue;
        if (i + 1 == format.size() || !QStringLiteral("YymdHMSj%").contains(format[i + 1]))
            return QStringLiteral("{date:%1}: use %Y %y %m %d %H %M %S %j or %%").arg(format);
        ++i;
    }
    for (const QString &part : format.split(QLatin1Char('/')))
        if (part == QLatin1String("..") || part == QLatin1String("."))
            return QStringLiteral("{date:%1} must not make \"%2\" folders").arg(format, part);
    return {};
}

QString checkNameTemplate(const QString &t)
{
    if (t.trimmed().isEmpty())
        return QStringLiteral("the file name template is empty");
    if (t.size() > kMaxNameTemplateLength)
        return QStringLiteral("the file name template is longer than %1 characters")
            .arg(QString::number(kMaxNameTemplateLength));
    if (t.startsWith('/'))
        return QStringLiteral("the file name template must be relative to the output folder");
    static const QRegularExpression re("\\{([^}]*)\\}");
    static const QRegularExpression digits(QStringLiteral("^\\d{1,2}$"));
    auto it = re.globalMatch(t);
    while (it.hasNext()) {
        const QString inside = it.next().captured(1);
        const QString token = inside.section(':', 0, 0);
        if (!kTokens.contains(token))
            return QStringLiteral("unknown placeholder {%1} in the file name template (known: %2)")
                .arg(token, "{" + kTokens.join("}, {") + "}");
        const QString arg = inside.contains(':') ? inside.section(':', 1) : QString();
        if (token == QLatin1String("index") && !arg.isEmpty()) {
            // Checked as a bounded number: {index:999999999} would pad every name to a gigabyte.
            if (!digits.match(arg).hasMatch() || arg.toInt() < 1 || arg.toInt() > kMaxIndexDigits)
                return QStringLiteral("{index:%1}: the width is a number of digits from 1 to %2, like {index:4}")
                    .arg(arg, QString::number(kMaxIndexDigits));
        } else if (token == QLatin1String("date") && !arg.isEmpty()) {
            const QString why = checkDateFormat(arg);
            if (!why.isEmpty())
                return why;
        } else if (!arg.isEmpty()) {
            return QStringLiteral("{%1} takes no format").arg(token);
        }
    }
    for (const QString &part : t.split('/'))
        if (part == ".." || part == ".")
            return QStringLiteral("the file name template must not contain \"%1\" folders").arg(part);
    if (t.endsWith('/'))
        return QStringLiteral("the file name template must end with a file name");
    return {};
}

} // namespace pp
