#include "EarlierOutputs.h"

#include "OutputCommit.h"

#include <QHash>

namespace pp {

void leaveOutEarlierOutputs(ScanResult *result, const QStringList &outputNames, const QByteArray &outputFolder)
{
    const QByteArray real = canonical(outputFolder);
    if (real.isEmpty())
        return; // not there yet: it holds no earlier output
    const QByteArray inside = real == "/" ? real : real + '/';
    // The origins only where an item records one: most batches hold no output of PixelPool's.
    QVector<qsizetype> recording;
    QVector<QByteArray> recorded;
    for (qsizetype i = 0; i < result->items.size(); ++i) {
        const InputItem &item = result->items[i];
        if (!item.hasFile() || !item.problem.isEmpty())
            continue;
        if (const QByteArray origin = outputOrigin(item.path);
            !origin.isEmpty() && canonical(item.path).startsWith(inside)) {
            recording << i;
            recorded << origin;
        }
    }
    if (recording.isEmpty())
        return;
    QHash<QByteArray, qsizetype> sources; // origin → the item it is the output of
    for (qsizetype i = 0; i < result->items.size(); ++i) {
        const InputItem &item = result->items[i];
        if (!item.hasFile())
            continue;
        for (const QString &name : outputNames)
            sources.insert(originOf(item.path, name), i);
    }
    QVector<bool> leave(result->items.size(), false);
    for (qsizetype k = 0; k < recording.size(); ++k) {
        const auto source = sources.constFind(recorded[k]);
        if (source == sources.cend() || *source == recording[k])
            continue;
        leave[recording[k]] = true;
        result->skipped.append(
            {result->items[recording[k]].path, Message(MessageId::EarlierOutputOfInput), LeftOutCode::EarlierOutput});
    }
    QVector<InputItem> kept;
    kept.reserve(result->items.size());
    for (qsizetype i = 0; i < result->items.size(); ++i)
        if (!leave[i])
            kept.append(std::move(result->items[i]));
    result->items = std::move(kept);
}

} // namespace pp
