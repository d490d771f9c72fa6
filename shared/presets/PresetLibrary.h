// Built-in presets (compiled in from resources/presets) and the user's own (JSON files in the
// user's config folder). Both the GUI and --batch find presets here.
#pragma once

#include "Preset.h"

#include <QString>
#include <QVector>

namespace pp {

struct PresetEntry {
    Preset preset;
    bool builtin = false;
    QString path; // file it came from (":/presets/..." for built-ins)
};

class PresetLibrary
{
public:
    // userDir: where user presets live; empty = no user presets.
    explicit PresetLibrary(QString userDir);

    static QString defaultUserDir(); // ~/.config/PixelPool/presets (XDG)

    // Loads built-ins and the user folder. Broken user files are reported, not fatal: each is
    // left out, and problems() says which and why (also appended to *problems).
    void reload(QVector<Message> *problems = nullptr);
    // The files of the last reload() that were left out, each a message that starts with the
    // file: one that does not load, one whose name another preset has.
    const QVector<Message> &problems() const { return m_problems; }
    const QVector<PresetEntry> &entries() const { return m_entries; }
    const PresetEntry *find(const QString &name) const;

    // Resolves --preset: a name in the library, or a path to a .json file. An existing file named
    // by a path with a '/' or a name ending in .json is that file, whatever preset has that name;
    // anything else is looked up by name first.
    std::optional<Preset> resolve(const QString &nameOrFile, Message *error) const;

    // Saves (or replaces) a user preset. Built-in names cannot be replaced. `replaces`: the
    // user preset this one was made from, under its old name: saving renames it (its file goes;
    // a name that belongs to another preset is refused rather than written over).
    bool saveUserPreset(const Preset &preset, Message *error, const QString &replaces = {});
    bool removeUserPreset(const QString &name, Message *error);
    // Imports a preset file into the user folder; returns the imported preset's name.
    std::optional<QString> importFile(const QString &path, Message *error);

    // The same, with the error's stable English.
    std::optional<Preset> resolve(const QString &nameOrFile, QString *error) const
    {
        return withEnglishError(error, [&](Message *m) { return resolve(nameOrFile, m); });
    }
    bool saveUserPreset(const Preset &preset, QString *error, const QString &replaces = {})
    {
        return withEnglishError(error, [&](Message *m) { return saveUserPreset(preset, m, replaces); });
    }
    std::optional<QString> importFile(const QString &path, QString *error)
    {
        return withEnglishError(error, [&](Message *m) { return importFile(path, m); });
    }

    QString userDir() const { return m_userDir; }

private:
    QString userFileFor(const QString &name) const;
    QString m_userDir;
    QVector<PresetEntry> m_entries;
    QVector<Message> m_problems;
};

} // namespace pp
