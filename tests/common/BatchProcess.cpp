#include "BatchProcess.h"

#include <QJsonDocument>
#include <QProcess>

QList<QJsonObject> BatchRun::of(const QString &kind) const
{
    QList<QJsonObject> list;
    for (const QJsonObject &e : events)
        if (e.value("event").toString() == kind)
            list << e;
    return list;
}

BatchRun runBatch(const QString &exe, const QStringList &args, int timeoutMs, bool json)
{
    QProcess p;
    p.setProgram(exe);
    p.setArguments(QStringList{"--batch"} + (json ? QStringList{"--json"} : QStringList{}) + args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");
    env.remove("QT_QPA_PLATFORM");
    p.setProcessEnvironment(env);
    p.start();
    BatchRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    if (json)
        for (const QByteArray &line : r.out.split('\n'))
            if (!line.trimmed().isEmpty())
                r.events << QJsonDocument::fromJson(line).object();
    return r;
}
