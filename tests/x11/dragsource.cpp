// pixelpool-x11-dragsource: a stand-in for a file manager in the X11 tests. A small window that,
// when the pointer is pressed on it and moved, starts a drag of the files and folders given as arguments as
// text/uri-list over XDND — what Nautilus or Dolphin send. When the drag ends it prints the
// action the target took ("copy", or "ignored" when nothing accepted the drop), and then, like a
// file manager, keeps running until its standard input is closed: over XDND the target reads the
// dropped data from the source after the drop, so a source that quit at once would leave the
// target an empty drop. The exit status is 0 for "copy", 2 otherwise.
//   pixelpool-x11-dragsource PATH...
#include <QApplication>
#include <QDrag>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QSocketNotifier>
#include <QUrl>
#include <cstdio>
#include <unistd.h>

namespace {

class DragSource : public QLabel
{
public:
    explicit DragSource(const QList<QUrl> &urls) : m_urls(urls)
    {
        setText(QStringLiteral("drag me"));
        setAlignment(Qt::AlignCenter);
        setWindowTitle(QStringLiteral("pixelpool-x11-dragsource"));
        // Above the window under test, so the pointer can always reach it.
        setWindowFlag(Qt::WindowStaysOnTopHint);
        setFixedSize(160, 90);
        setStyleSheet(QStringLiteral("background: #f5c542; font-weight: bold"));
    }

    // Standard input closed: the test has seen what it needed from the drop.
    void stdinClosed()
    {
        m_stdinClosed = true;
        if (m_exitCode >= 0)
            QApplication::exit(m_exitCode);
    }

protected:
    void mousePressEvent(QMouseEvent *e) override
    {
        if (e->button() == Qt::LeftButton)
            m_pressed = e->position().toPoint();
    }
    // As a file manager does: the drag starts when the pressed pointer has moved a little.
    void mouseMoveEvent(QMouseEvent *e) override
    {
        if (!(e->buttons() & Qt::LeftButton) || m_started ||
            (e->position().toPoint() - m_pressed).manhattanLength() < QApplication::startDragDistance())
            return;
        m_started = true;
        auto *drag = new QDrag(this);
        auto *mime = new QMimeData;
        mime->setUrls(m_urls);
        drag->setMimeData(mime);
        const Qt::DropAction action = drag->exec(Qt::CopyAction | Qt::LinkAction, Qt::CopyAction);
        std::printf("%s\n", action == Qt::CopyAction ? "copy" : action == Qt::IgnoreAction ? "ignored" : "other");
        std::fflush(stdout);
        m_exitCode = action == Qt::CopyAction ? 0 : 2;
        // Qt's exec() returns as soon as XdndDrop is sent, before the target has asked for the
        // data (it does so from its drop handler). Stay to serve it until told to go.
        if (m_stdinClosed)
            QApplication::exit(m_exitCode);
    }

private:
    QList<QUrl> m_urls;
    QPoint m_pressed;
    bool m_started = false;
    bool m_stdinClosed = false;
    int m_exitCode = -1; // set when the drag has ended
};

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QList<QUrl> urls;
    for (int i = 1; i < argc; ++i)
        urls << QUrl::fromLocalFile(QFileInfo(QFile::decodeName(argv[i])).absoluteFilePath());
    if (urls.isEmpty()) {
        std::fprintf(stderr, "usage: pixelpool-x11-dragsource PATH...\n");
        return 1;
    }
    DragSource w(urls);
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &w, [&] {
        char buf[256];
        if (::read(STDIN_FILENO, buf, sizeof buf) <= 0) {
            input.setEnabled(false);
            w.stdinClosed();
        }
    });
    w.show();
    return app.exec();
}
