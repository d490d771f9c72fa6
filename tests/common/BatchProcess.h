// `pixelpool --batch` run as a child process by the integration tests, its --json events parsed.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

struct BatchRun {
    int exitCode = -1;         // -1: it did not end in time (and was killed)
    QList<QJsonObject> events; // one per --json line
    QByteArray out, err;
    QList<QJsonObject> of(const QString &kind) const; // the events of one kind, in order
};

// `exe --batch [--json] ARGS`, without a display (no DISPLAY, no QT_QPA_PLATFORM: --batch needs
// none), waited for at most timeoutMs.
BatchRun runBatch(const QString &exe, const QStringList &args, int timeoutMs = 120000, bool json = true);
