#include "TestProbe.h"

#include "BatchBanner.h"
#include "MainWindow.h"
#include "PresetLibraryModel.h"
#include "PresetPanel.h"
#include "ProgressPanel.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "StatusMessage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QSaveFile>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>

namespace pp::gui {

namespace {

QJsonArray globalRect(const QWidget *w, const QRect &local)
{
    const QPoint g = w->mapToGlobal(local.topLeft());
    return {g.x(), g.y(), local.width(), local.height()};
}

// The focus widget, told apart from its siblings: its object name, else its class and its text.
QString describe(const QWidget *w)
{
    if (!w)
        return {};
    if (!w->objectName().isEmpty())
        return w->objectName();
    const auto *button = qobject_cast<const QAbstractButton *>(w);
    const QString text = button ? button->text() : w->accessibleName();
    return QString::fromLatin1(w->metaObject()->className()) + (text.isEmpty() ? QString() : " " + text);
}

} // namespace

TestProbe *TestProbe::attachIfRequested(MainWindow *window)
{
#ifdef PIXELPOOL_TEST_HOOKS
    const QString path = qEnvironmentVariable("PIXELPOOL_TEST_PROBE");
    if (!path.isEmpty())
        return new TestProbe(window, path);
#else
    Q_UNUSED(window);
#endif
    return nullptr;
}

TestProbe::TestProbe(MainWindow *window, const QString &path) : QObject(window), m_window(window), m_path(path)
{
    // Polled, not hooked into every signal: the file follows what is on screen within 100 ms,
    // and the test waits for conditions in it rather than for fixed times.
    auto *timer = new QTimer(this);
    timer->setInterval(100);
    connect(timer, &QTimer::timeout, this, &TestProbe::write);
    timer->start();
}

void TestProbe::write()
{
    QJsonObject o;
    const QRect frame = m_window->frameGeometry();
    o["frame"] = QJsonArray{frame.x(), frame.y(), frame.width(), frame.height()};
    o["client"] = globalRect(m_window, m_window->rect());
    o["visible"] = m_window->isVisible();
    // Where the keys go: Qt's active window (a dialog's title while one is open) and its focus widget.
    o["active"] = m_window->isActiveWindow();
    o["activeWindow"] = QApplication::activeWindow() ? QApplication::activeWindow()->windowTitle() : QString();
    o["focus"] = describe(QApplication::focusWidget());
    // An open menu or list: its title, else what it is.
    const QWidget *popup = QApplication::activePopupWidget();
    o["popup"] = !popup ? QString() : !popup->windowTitle().isEmpty() ? popup->windowTitle() : describe(popup);
    o["status"] = m_window->statusMessage()->text();
    o["statusShown"] = m_window->statusMessage()->shownLines().join(QLatin1Char('\n'));
    o["lastMessage"] = m_window->lastMessage();
    o["defaultPreset"] = m_window->defaultPreset();
    o["outputFolder"] = m_window->outputFolder();
    QListView *cards = m_window->presetPanel()->view();
    QJsonObject presets;
    for (int row = 0; row < m_window->presetModel()->rowCount(); ++row) {
        const QModelIndex i = m_window->presetModel()->index(row);
        const QRect r = cards->visualRect(i).intersected(cards->viewport()->rect());
        if (!r.isEmpty())
            presets[i.data(PresetLibraryModel::NameRole).toString()] = globalRect(cards->viewport(), r);
    }
    o["presets"] = presets;
    QueueView *queue = m_window->queueView();
    o["queue"] = globalRect(queue->viewport(), queue->viewport()->rect());
    QJsonArray items;
    for (int row = 0; row < m_window->queueModel()->rowCount(); ++row) {
        const QueueItem &it = m_window->queueModel()->itemAt(row);
        const QRect r = queue->visualRect(m_window->queueModel()->index(row)).intersected(queue->viewport()->rect());
        items.append(QJsonObject{{"name", it.name},
                                 {"preset", it.preset},
                                 {"state", stateName(it.state)},
                                 {"output", QString::fromLocal8Bit(it.output)},
                                 {"rect", r.isEmpty() ? QJsonArray{} : globalRect(queue->viewport(), r)}});
    }
    o["items"] = items;
    if (auto *start = m_window->progressPanel()->findChild<QToolButton *>("startButton"))
        o["start"] = globalRect(start, start->rect());
    o["banner"] = m_window->batchBanner()->isVisible() ? m_window->batchBanner()->headline() : QString();
    const QByteArray json = QJsonDocument(o).toJson(QJsonDocument::Compact);
    if (json == m_last)
        return;
    QSaveFile f(m_path); // whole or not at all: the test never reads half a file
    if (f.open(QIODevice::WriteOnly) && f.write(json) == json.size() && f.commit())
        m_last = json;
}

} // namespace pp::gui
