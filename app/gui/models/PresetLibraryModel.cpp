#include "PresetLibraryModel.h"

#include "FailureText.h"
#include "Translations.h"
#include "DropRouter.h"
#include "OperationCatalog.h"

#include <QFileInfo>
#include <QLocale>
#include <QMimeData>
#include <cmath>

namespace pp::gui {

namespace {
constexpr qsizetype kSummaryTextChars = 16; // of a watermark's text on a card, with its "…"
}

QString describeStep(const QJsonObject &step)
{
    const QString op = step.value("op").toString();
    const OperationSpec *spec = OperationCatalog::builtin().find(op);
    if (!spec)
        return op;
    // The values that say most, in catalog order: of a step with modes (crop, resize), its mode and
    // the values that mode uses (a rectangle's four, not the aspect ratio that it ignores); of
    // another, the first three numbers, choices and texts.
    const bool byMode = spec->hasModes();
    QStringList parts;
    for (const ParamSpec &p : spec->params) {
        if (!spec->uses(p, step) || (byMode && p.onlyInModes.isEmpty() && p.key != QLatin1String("mode")))
            continue;
        if (!byMode && parts.size() >= 3)
            break;
        const QJsonValue v = step.contains(p.key) ? step.value(p.key) : p.defaultValue;
        switch (p.kind) {
        case ParamSpec::Kind::Int:
        case ParamSpec::Kind::Double: {
            // In the user's locale (1,5 px in German), without thousands separators: a size of
            // 1200 px reads as one number, and 12000 px as 12000 (was "1.2E+04"); at most three
            // decimals (a sigma of 0.333333 reads 0.333).
            QLocale locale;
            locale.setNumberOptions(QLocale::OmitGroupSeparator);
            QString n = locale.toString(std::round(v.toDouble() * 1000) / 1000, 'f', QLocale::FloatingPointShortest);
            if (!p.unit.isEmpty())
                n += (p.unit == "%" || p.unit == "°") ? p.unit : " " + p.unit;
            parts << n;
            break;
        }
        case ParamSpec::Kind::Choice:
            parts << i18n::catalogText(p.choiceLabel(v.toString()));
            break;
        case ParamSpec::Kind::Text: {
            // A long text is cut inside its quotes with "…", never between the halves of a
            // character: cut without a mark, "© Jane Doe Photo" read as the whole watermark.
            const QString text = v.toString();
            qsizetype cut = text.size() > kSummaryTextChars ? kSummaryTextChars - 1 : text.size();
            if (cut < text.size() && text.at(cut).isLowSurrogate())
                --cut;
            //: a text watermark's text in a step's summary, quoted as the language quotes
            parts << PresetLibraryModel::tr("\"%1\"").arg(text.left(cut) +
                                                          (cut < text.size() ? QStringLiteral("…") : QString()));
            break;
        }
        case ParamSpec::Kind::File: // the file's name says what it is; its folder rarely does
            if (!v.toString().isEmpty())
                parts << QFileInfo(v.toString()).fileName();
            break;
        case ParamSpec::Kind::Bool:
            if (v.toBool())
                parts << i18n::catalogText(p.label).toLower();
            break;
        case ParamSpec::Kind::Color:
            break;
        }
    }
    const QString title = i18n::catalogText(spec->title);
    return parts.isEmpty() ? title : title + ": " + parts.join(", ");
}

PresetLibraryModel::PresetLibraryModel(PresetLibrary *library, QObject *parent)
    : QAbstractListModel(parent), m_library(library)
{
}

int PresetLibraryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_library->entries().size());
}

QVariant PresetLibraryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_library->entries().size())
        return {};
    const PresetEntry &e = m_library->entries().at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return e.preset.name;
    case DescriptionRole:
        return i18n::presetDescription(e.preset.description, e.builtin);
    case StepsRole: {
        QStringList steps;
        for (const QJsonObject &s : e.preset.steps)
            steps << describeStep(s);
        // A preset with `outputs` is one card: a line per output after the shared steps.
        for (const PresetOutput &o : e.preset.outputs) {
            QStringList own;
            for (const QJsonObject &s : o.steps)
                own << describeStep(s);
            own << formatName(o.output.format).toUpper();
            steps << QStringLiteral("→ %1: %2").arg(o.name, own.join(QStringLiteral(", ")));
        }
        return steps;
    }
    case BuiltinRole:
        return e.builtin;
    case DefaultRole:
        return e.preset.name.compare(m_default, Qt::CaseInsensitive) == 0;
    case PathRole:
        return e.path;
    case Qt::ToolTipRole:
        return tr("%1\n%2\n\nDrag onto images to give them this preset; right-click to make it the default.")
            .arg(e.preset.name, i18n::presetDescription(e.preset.description, e.builtin));
    case Qt::AccessibleTextRole:
        return e.preset.name;
    case Qt::AccessibleDescriptionRole: {
        QString text = i18n::presetDescription(e.preset.description, e.builtin);
        if (e.preset.name.compare(m_default, Qt::CaseInsensitive) == 0)
            text = tr("Default preset. ") + text;
        return text;
    }
    }
    return {};
}

Qt::ItemFlags PresetLibraryModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags f = QAbstractListModel::flags(index);
    return index.isValid() ? f | Qt::ItemIsDragEnabled : f;
}

QStringList PresetLibraryModel::mimeTypes() const { return {QString::fromLatin1(kPresetMimeType)}; }

QMimeData *PresetLibraryModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(kPresetMimeType, data(indexes.first(), NameRole).toString().toUtf8());
    return mime;
}

QStringList PresetLibraryModel::reload()
{
    QVector<Message> problems;
    beginResetModel();
    m_library->reload(&problems);
    endResetModel();
    QStringList texts;
    for (const Message &m : problems)
        texts << FailureText::shown(m);
    return texts;
}

int PresetLibraryModel::rowOf(const QString &name) const
{
    const auto &entries = m_library->entries();
    for (int i = 0; i < entries.size(); ++i)
        if (entries[i].preset.name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

std::optional<Preset> PresetLibraryModel::preset(const QString &name) const
{
    if (const PresetEntry *e = m_library->find(name))
        return e->preset;
    return std::nullopt;
}

QString PresetLibraryModel::copyName(const QString &name) const
{
    for (int n = 1;; ++n) {
        QString base = name;
        const auto candidate = [&base, n] {
            //: the name of a copy of the preset %1 (Duplicate); then "%1 copy 2", "%1 copy 3"…
            return n == 1 ? tr("%1 copy").arg(base) : tr("%1 copy %2").arg(base).arg(n);
        };
        // A name of 100 characters still has a copy: its start is cut, whole characters.
        while (OperationCatalog::characters(candidate()) > Preset::kMaxNameCharacters && !base.isEmpty())
            base.chop(base.size() > 1 && base.back().isLowSurrogate() ? 2 : 1);
        const QString copy = candidate();
        if (!m_library->find(copy))
            return copy;
    }
}

void PresetLibraryModel::setDefaultPreset(const QString &name)
{
    if (name == m_default)
        return;
    const int old = rowOf(m_default);
    m_default = name;
    if (old >= 0)
        emit dataChanged(index(old), index(old), {DefaultRole, Qt::AccessibleDescriptionRole});
    const int now = rowOf(name);
    if (now >= 0)
        emit dataChanged(index(now), index(now), {DefaultRole, Qt::AccessibleDescriptionRole});
    emit defaultPresetChanged(name);
}

} // namespace pp::gui
