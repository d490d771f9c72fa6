// The preset library (built-in and user presets) as an item model for the card panel. Cards are
// dragged with their name (kPresetMimeType); the library itself stays the engine's
// PresetLibrary, so --batch and the window always agree on what exists.
#pragma once

#include "PresetLibrary.h"

#include <QAbstractListModel>

namespace pp::gui {

// "Gaussian blur: 15 px" — a step as one line, from the operation catalog (no per-op code).
QString describeStep(const QJsonObject &step);

class PresetLibraryModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { NameRole = Qt::UserRole + 1, DescriptionRole, StepsRole, BuiltinRole, DefaultRole, PathRole };

    explicit PresetLibraryModel(PresetLibrary *library, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }

    PresetLibrary *library() const { return m_library; }
    // Re-reads the library folder; returns problems with broken user files.
    QStringList reload();
    int rowOf(const QString &name) const;
    std::optional<Preset> preset(const QString &name) const;
    // The name a copy of the preset `name` gets: "NAME copy", else "NAME copy 2", "NAME copy 3"…, the
    // first that no preset has (built-in or user, case aside), its start cut to keep it within a
    // preset name's length.
    QString copyName(const QString &name) const;

    QString defaultPreset() const { return m_default; }
    void setDefaultPreset(const QString &name);

signals:
    void defaultPresetChanged(const QString &name);

private:
    PresetLibrary *m_library;
    QString m_default;
};

} // namespace pp::gui
