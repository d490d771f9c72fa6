#include "CompiledStep.h"

namespace pp {

QJsonValue StepArgs::value(const char *key, ParamSpec::Kind kind) const
{
    const ParamSpec *p = m_spec.param(QLatin1String(key));
    if (!p) {
        fail(key, "is not a parameter of this operation");
        return {};
    }
    if (p->kind != kind) {
        fail(key, "is read as another kind than the table declares");
        return {};
    }
    const QJsonValue v = m_values.value(QLatin1String(key));
    if (v.isUndefined())
        fail(key, "is missing: the step was not normalized");
    return v;
}

void StepArgs::fail(const char *key, const char *why) const
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1.%2 %3").arg(m_spec.name, QLatin1String(key), QLatin1String(why));
}

double StepArgs::number(const char *key) const { return value(key, ParamSpec::Kind::Double).toDouble(); }
int StepArgs::integer(const char *key) const { return value(key, ParamSpec::Kind::Int).toInt(); }
bool StepArgs::flag(const char *key) const { return value(key, ParamSpec::Kind::Bool).toBool(); }

std::string StepArgs::text(const char *key) const { return value(key, ParamSpec::Kind::Text).toString().toStdString(); }
std::string StepArgs::file(const char *key) const { return value(key, ParamSpec::Kind::File).toString().toStdString(); }

cv::Scalar StepArgs::color(const char *key) const { return colorToBgra(value(key, ParamSpec::Kind::Color).toString()); }

int StepArgs::choiceIndex(const char *key) const
{
    const QJsonValue v = value(key, ParamSpec::Kind::Choice);
    if (!m_error.isEmpty())
        return 0;
    return int(m_spec.param(QLatin1String(key))->choices.indexOf(v.toString()));
}

std::optional<CompiledStep> compileStep(const QJsonObject &step, QString *error, const OperationCatalog &catalog)
{
    QString why;
    const QJsonObject normalized = catalog.normalizeStep(step, &why);
    const OperationSpec *spec = normalized.isEmpty() ? nullptr : catalog.find(normalized.value("op").toString());
    const OperationBuilder *builder = spec ? findBuilder(spec->name) : nullptr;
    if (spec && !builder)
        why = QStringLiteral("operation \"%1\" cannot be built here: this build has no builder for it").arg(spec->name);
    std::optional<CompiledStep> compiled;
    if (builder) {
        const StepArgs args(*spec, normalized);
        compiled = builder->build(args);
        compiled->name = spec->name;
        compiled->scaleClass = builder->scaleClass(args);
        compiled->worksInSrgb = builder->worksInSrgb && builder->worksInSrgb(args);
        why = args.error();
    }
    if (compiled && why.isEmpty())
        return compiled;
    if (error)
        *error = why;
    return std::nullopt;
}

std::optional<QVector<CompiledStep>> compileSteps(const QVector<QJsonObject> &steps, QString *error,
                                                  const OperationCatalog &catalog, bool uprightBeforeFramed)
{
    QVector<CompiledStep> out;
    out.reserve(steps.size());
    for (const QJsonObject &s : steps) {
        QString why;
        auto compiled = compileStep(s, &why, catalog);
        if (!compiled) {
            if (error)
                *error = QStringLiteral("steps[%1]: %2").arg(QString::number(out.size()), why);
            return std::nullopt;
        }
        out.append(std::move(*compiled));
    }
    if (uprightBeforeFramed) {
        const auto first = std::find_if(out.begin(), out.end(), [](const CompiledStep &s) { return s.framed; });
        if (first != out.end()) {
            first->uprightFirst = true; // runPipeline() turns the picture; the size it predicts is the turned one's
            first->outputSize = [size = first->outputSize](cv::Size in, const StepContext &c) {
                return size(ops::orientedSize(in, c.exifOrientation), c);
            };
        }
    }
    return out;
}

cv::Scalar colorToBgra(const QString &hex)
{
    int rgba[4];
    if (!OperationCatalog::parseColor(hex, rgba))
        return cv::Scalar(0, 0, 0, 255);
    return cv::Scalar(rgba[2], rgba[1], rgba[0], rgba[3]);
}

} // namespace pp
