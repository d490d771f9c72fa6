#include "FailureText.h"

#include "ImageCodec.h"
#include "InputScanner.h"
#include "OperationCatalog.h"
#include "Pipeline.h"
#include "Translations.h"

#include <QLocale>
#include <QRegularExpression>
#include <algorithm>

namespace pp::gui {

QString FailureText::of(const Message &reason, const Preset *preset)
{
    const QString detail = reason.args.value(0);
    QString step;
    if (preset && reason.id == MessageId::FailedProcessing)
        step = stepFailed(detail, *preset);
    else if (preset && reason.id == MessageId::FailedTooLarge)
        step = stepOverPixelLimit(detail, *preset);
    return shownText(step.isEmpty() ? i18n::localText(reason) : step);
}

QString FailureText::shown(const Message &m) { return shownText(i18n::localText(m)); }

QString FailureText::stepOverPixelLimit(const QString &message, const Preset &preset)
{
    // The worker names the step by its place in the preset file, "steps[14] (border)", and in
    // English: the editor's list says "15. Border", in the user's language.
    QString prefix;
    const std::optional<StepOverPixelLimit> over = StepOverPixelLimit::fromText(message, &prefix);
    if (!over)
        return {};
    // With several outputs the worker counts the preset's steps and then the output's own
    // ('output "web": steps[N]'), and the list shows only the preset's.
    static const QRegularExpression outputPrefix(QStringLiteral("^output \"(.*)\": $"));
    const QRegularExpressionMatch named = outputPrefix.match(prefix);
    if (!prefix.isEmpty() && !named.hasMatch())
        return {};
    QVector<QJsonObject> steps = preset.steps;
    int number = over->step;
    QString output;
    if (named.hasMatch()) {
        output = named.captured(1);
        const auto o = std::find_if(preset.outputs.cbegin(), preset.outputs.cend(),
                                    [&](const PresetOutput &out) { return out.name == output; });
        if (o == preset.outputs.cend())
            return {};
        if (number >= steps.size()) {
            number -= int(steps.size());
            steps = o->steps;
        } else {
            output.clear(); // a step of the preset's own, before any output's
        }
    }
    if (number < 0 || number >= steps.size() || steps[number].value("op").toString() != over->op)
        return {}; // not the preset the worker ran
    const OperationSpec *spec = OperationCatalog::builtin().find(over->op);
    const QString title = spec ? i18n::catalogText(spec->title) : over->op;
    const QLocale locale;
    const quint64 pixels = quint64(over->size.width) * quint64(over->size.height);
    const double megapixels = double(pixels) / 1e6;
    const QString what = tr("the image would be %1×%2 pixels (%3 megapixels), over the limit of %4 megapixels")
                             .arg(over->size.width)
                             .arg(over->size.height)
                             .arg(locale.toString(megapixels, 'f', megapixelDecimals(pixels, over->maxPixels)),
                                  locale.toString(over->maxPixels / 1e6, 'f', 1));
    return output.isEmpty()
               ? tr("Step %1 (%2): %3").arg(QString::number(number + 1), title, what)
               : tr("Output \"%1\", step %2 (%3): %4").arg(output, QString::number(number + 1), title, what);
}

QString FailureText::stepFailed(const QString &message, const Preset &preset)
{
    // A step names itself by its operation when it fails ("logo: /x/logo.png: truncated JPEG
    // header"), after its output's name where the preset has several ('output "web": logo: …'),
    // which counts the preset's steps and then the output's own.
    QString rest = message;
    const PresetOutput *output = nullptr;
    for (const PresetOutput &o : preset.outputs) {
        const QString prefix = QStringLiteral("output \"%1\": ").arg(o.name);
        if (!o.name.isEmpty() && rest.startsWith(prefix)) {
            output = &o;
            rest = rest.mid(prefix.size());
            break;
        }
    }
    static const QRegularExpression operation(QStringLiteral("^([A-Za-z]+): (.+)$"),
                                              QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch named = operation.match(rest);
    const OperationSpec *spec = named.hasMatch() ? OperationCatalog::builtin().find(named.captured(1)) : nullptr;
    if (!spec)
        return {};
    const QString detail = named.captured(2);
    struct Step {
        int number; // as the list counts: from 1, the output's own from 1 after its name
        bool ofOutput;
        QJsonObject settings;
    };
    QVector<Step> found;
    const auto collect = [&](const QVector<QJsonObject> &steps, bool ofOutput) {
        for (int i = 0; i < steps.size(); ++i)
            if (steps[i].value("op").toString() == spec->name)
                found.append({i + 1, ofOutput, steps[i]});
    };
    collect(preset.steps, false);
    if (output)
        collect(output->steps, true);
    if (found.isEmpty())
        return {}; // not the preset the worker ran
    if (found.size() > 1) {
        // Steps of the same operation: the one whose settings the text names (a logo's file).
        QVector<Step> named;
        for (const Step &s : std::as_const(found))
            for (auto v = s.settings.constBegin(); v != s.settings.constEnd(); ++v)
                if (v.key() != QLatin1String("op") && v->isString() && !v->toString().isEmpty() &&
                    detail.contains(v->toString())) {
                    named.append(s);
                    break;
                }
        if (named.size() == 1)
            found = named;
    }
    const QString title = i18n::catalogText(spec->title);
    // After the pane's "Preview failed: " or a card's "Failed: ", the step is named once, then what
    // went wrong in the worker's words (a file's path and a decoder's English). A translation says
    // that the step failed and marks those words as the detail ("Schritt 3 (Logo) ist gescheitert
    // (Details: …)"): the code's headline ("a step of the preset failed on this image") followed by
    // the worker's "logo: …" named the step twice, and not as the list does.
    if (found.size() > 1)
        //: %1: the operation, as the editor's list names it; %2: the worker's words, in English. Several
        //: steps have this operation, and the worker's words do not say which.
        return tr("%1 step: %2", "failed as it ran").arg(title, detail);
    const Step &s = found.first();
    if (s.ofOutput)
        //: %1: the output's name; %2, %3: the step as the editor's list numbers and names it; %4: the
        //: worker's words, in English
        return tr("Output \"%1\", step %2 (%3): %4", "failed as it ran")
            .arg(output->name, QString::number(s.number), title, detail);
    //: %1, %2: the step as the editor's list numbers and names it; %3: the worker's words, in English
    return tr("Step %1 (%2): %3", "failed as it ran").arg(QString::number(s.number), title, detail);
}

} // namespace pp::gui
