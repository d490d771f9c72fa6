#include "PresetLibrary.h"

#include <algorithm>

#include <QCollator>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace pp {

namespace {

// Why `dir` could not be made (QDir::mkpath says only that): making the first folder of it that is
// not there says it (a read-only ~/.config: "permission denied"; a file in the way: "not a
// folder"). The QA pass of the installed package met "cannot create the preset folder …" with no
// reason.
Message whyNoFolder(const QString &dir)
{
    const QByteArray path = QFile::encodeName(QDir::cleanPath(QDir(dir).absolutePath()));
    struct stat st;
    QByteArray first = path; // the highest folder of `path` that is not there
    for (QByteArray up = path.left(path.lastIndexOf('/')); !up.isEmpty() && ::stat(up.constData(), &st) != 0;
         up = up.left(up.lastIndexOf('/')))
        first = up;
    if (::mkdir(first.constData(), 0700) == 0) { // made now: what failed before has gone
        ::rmdir(first.constData());
        return errnoMessage(EAGAIN);
    }
    return errnoMessage(errno);
}

} // namespace

PresetLibrary::PresetLibrary(QString userDir) : m_userDir(std::move(userDir)) { reload(); }

QString PresetLibrary::defaultUserDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + "/PixelPool/presets";
}

void PresetLibrary::reload(QVector<Message> *problems)
{
    m_entries.clear();
    m_problems.clear();
    const QDir builtins(":/presets");
    for (const QString &f : builtins.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        Message error;
        if (auto p = Preset::load(builtins.filePath(f), &error))
            m_entries.append({*p, true, builtins.filePath(f)});
        else
            m_problems.append(error);
    }
    if (!m_userDir.isEmpty()) {
        const QDir user(m_userDir);
        for (const QString &f : user.entryList({"*.json"}, QDir::Files, QDir::Name)) {
            Message error;
            auto p = Preset::load(user.filePath(f), &error);
            if (!p)
                m_problems.append(error);
            else if (find(p->name))
                m_problems.append(Message(MessageId::PresetNameExists, {user.filePath(f), p->name}));
            else
                m_entries.append({*p, false, user.filePath(f)});
        }
    }
    if (problems)
        *problems += m_problems;
    // Cards and Ctrl+1…9 follow this order: the user's presets by the names people see, as their
    // language sorts them (numbers by value), not by file name ("renamed (2)", file
    // renamed--2-.json, came before "renamed", and a copy took its original's place and
    // shortcut). Equal names in that order keep the files' order: the same order every time.
    // The C locale (no language set) compares code points: "Shot 10" before "shot 9". The
    // language-neutral order is the one without a language of its own.
    const QLocale locale = QLocale().language() == QLocale::C ? QLocale(QLocale::English) : QLocale();
    QCollator collator(locale);
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    const auto firstUser =
        std::find_if(m_entries.begin(), m_entries.end(), [](const PresetEntry &e) { return !e.builtin; });
    std::stable_sort(firstUser, m_entries.end(), [&](const PresetEntry &a, const PresetEntry &b) {
        return collator.compare(a.preset.name, b.preset.name) < 0;
    });
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
    // A path is what it names: a user preset named "p/ok.json" does not hide the file p/ok.json.
    const bool path = nameOrFile.endsWith(".json", Qt::CaseInsensitive) || nameOrFile.contains('/');
    if (path && QFileInfo::exists(nameOrFile))
        return Preset::load(nameOrFile, error);
    if (const PresetEntry *e = find(nameOrFile))
        return e->preset;
    if (path || QFileInfo(nameOrFile).isFile())
        return Preset::load(nameOrFile, error);
    QStringList names;
    for (const PresetEntry &e : m_entries)
        names << e.preset.name;
    *error = {MessageId::NoSuchPreset, {nameOrFile, names.join(", ")}};
    return std::nullopt;
}

QString PresetLibrary::userFileFor(const QString &name) const
{
    // The file name is the preset's name made safe; names that come out alike ("A b", "a-b")
    // get numbered files rather than one file between them. A name has up to 100 characters of
    // any script, the file name 255 bytes: its start of at most 200 bytes is kept, whole
    // characters, with room for a number and ".json".
    // Each run of other characters is one "-", none at either end: "Archive PNG (slow)" is
    // archive-png-slow.json (it was archive-png--slow-.json).
    constexpr qsizetype kMaxStemBytes = 200;
    QString stem;
    qsizetype bytes = 0;
    for (const uint code : name.toUcs4()) {
        const char32_t c = code;
        const bool kept = QChar::isLetterOrNumber(c) || c == U'-' || c == U'_';
        if (!kept && (stem.isEmpty() || stem.endsWith(QLatin1Char('-'))))
            continue;
        const QString character = kept ? QString::fromUcs4(&c, 1).toLower() : QStringLiteral("-");
        bytes += character.toUtf8().size();
        if (bytes > kMaxStemBytes)
            break;
        stem += character;
    }
    while (stem.endsWith(QLatin1Char('-')))
        stem.chop(1);
    if (stem.isEmpty()) // a name of signs only
        stem = QStringLiteral("preset");
    const auto taken = [this](const QString &path) {
        return QFileInfo::exists(path) ||
               std::any_of(m_entries.begin(), m_entries.end(), [&](const PresetEntry &e) { return e.path == path; });
    };
    QString path = m_userDir + "/" + stem + ".json";
    for (int n = 2; taken(path); ++n)
        path = m_userDir + "/" + stem + "-" + QString::number(n) + ".json";
    return path;
}

bool PresetLibrary::saveUserPreset(const Preset &preset, Message *error, const QString &replaces)
{
    const PresetEntry *existing = find(preset.name);
    if (existing && existing->builtin) {
        *error = {MessageId::BuiltinPresetReadOnly, {preset.name}};
        return false;
    }
    const PresetEntry *old = replaces.isEmpty() ? nullptr : find(replaces);
    if (old && old->builtin)
        old = nullptr; // a built-in stays: what was made from it is a new preset
    if (old && existing && existing != old) {
        *error = {MessageId::PresetNameTaken, {existing->preset.name}};
        return false;
    }
    if (m_userDir.isEmpty() || !QDir().mkpath(m_userDir)) {
        *error = {MessageId::CannotCreatePresetFolder, {m_userDir}, {whyNoFolder(m_userDir)}};
        return false;
    }
    // A rename in case only keeps the file; any other rename writes the new file first, so a
    // failed write leaves the old preset as it was.
    const QString oldPath = old ? old->path : QString();
    const QString path = existing ? existing->path : userFileFor(preset.name);
    if (!preset.save(path, error))
        return false;
    const bool removed = oldPath.isEmpty() || oldPath == path || QFile::remove(oldPath);
    reload();
    if (!removed) {
        *error = {MessageId::CannotRemovePreset, {oldPath}};
        return false;
    }
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
