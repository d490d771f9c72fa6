#include "PresetLibrary.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace pp {

PresetLibrary::PresetLibrary(QString userDir) : m_userDir(std::move(userDir)) { reload(); }

QString PresetLibrary::defaultUserDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + "/PixelPool/presets";
}

void PresetLibrary::reload(QVector<Message> *problems)
{
    m_entries.clear();
    const QDir builtins(":/presets");
    for (const QString &f : builtins.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        Message error;
        if (auto p = Preset::load(builtins.filePath(f), &error))
            m_entries.append({*p, true, builtins.filePath(f)});
        else if (problems)
            problems->append(error);
    }
    if (m_userDir.isEmpty())
        return;
    const QDir user(m_userDir);
    for (const QString &f : user.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        Message error;
        auto p = Preset::load(user.filePath(f), &error);
        if (!p) {
            if (problems)
                problems->append(error);
            continue;
        }
        if (find(p->name)) {
            if (problems)
                problems->append(Message(MessageId::PresetNameExists, {user.filePath(f), p->name}));
            continue;
        }
        m_entries.append({*p, false, user.filePath(f)});
    }
}

const PresetEntry *PresetLibrary::find(const QString &name) const
{
    for (const PresetEntry &e : m_entries)
        if (e.preset.name.compare(name, Qt::CaseInsensitive) == 0)
            return &e;
    return nullptr;
}

std::optional<Preset> PresetLibrary::resolve(const QString &nameOrFile, Message *error) const
{
    if (const PresetEntry *e = find(nameOrFile))
        return e->preset;
    if (nameOrFile.endsWith(".json", Qt::CaseInsensitive) || nameOrFile.contains('/') || QFileInfo(nameOrFile).isFile())
        return Preset::load(nameOrFile, error);
    QStringList names;
    for (const PresetEntry &e : m_entries)
        names << e.preset.name;
    *error = {MessageId::NoSuchPreset, {nameOrFile, names.join(", ")}};
    return std::nullopt;
}

QString PresetLibrary::userFileFor(const QString &name) const
{
    QString file;
    for (QChar c : name)
        file += (c.isLetterOrNumber() || c == '-' || c == '_') ? c.toLower() : QChar('-');
    return m_userDir + "/" + file + ".json";
}

bool PresetLibrary::saveUserPreset(const Preset &preset, Message *error)
{
    const PresetEntry *existing = find(preset.name);
    if (existing && existing->builtin) {
        *error = {MessageId::BuiltinPresetReadOnly, {preset.name}};
        return false;
    }
    if (m_userDir.isEmpty() || !QDir().mkpath(m_userDir)) {
        *error = {MessageId::CannotCreatePresetFolder, {m_userDir}};
        return false;
    }
    const QString path = existing ? existing->path : userFileFor(preset.name);
    if (!preset.save(path, error))
        return false;
    reload();
    return true;
}

bool PresetLibrary::removeUserPreset(const QString &name, Message *error)
{
    const PresetEntry *e = find(name);
    if (!e || e->builtin) {
        *error = {MessageId::NotAUserPreset, {name}};
        return false;
    }
    if (!QFile::remove(e->path)) {
        *error = {MessageId::CannotRemovePreset, {e->path}};
        return false;
    }
    reload();
    return true;
}

std::optional<QString> PresetLibrary::importFile(const QString &path, Message *error)
{
    auto p = Preset::load(path, error);
    if (!p)
        return std::nullopt;
    // Importing a preset whose name is taken keeps both: the new one gets a numbered name.
    const QString base = p->name;
    for (int n = 2; find(p->name); ++n)
        p->name = QStringLiteral("%1 (%2)").arg(base, QString::number(n));
    if (!saveUserPreset(*p, error))
        return std::nullopt;
    return p->name;
}

} // namespace pp
