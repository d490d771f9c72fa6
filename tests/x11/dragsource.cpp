// pixelpool-x11-dragsource: a stand-in for a file manager in the X11 tests. A small window that,
// when the pointer is pressed on it and moved, starts a drag of the files and folders given as arguments as
// text/uri-list over XDND — what Nautilus or Dolphin send — and exits when the drag ends,
// printing the action the target took ("copy", or "ignored" when nothing accepted the drop).
//   pixelpool-x11-dragsource PATH...
#include <QApplication>
#include <QDrag>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QUrl>
#include <cstdio>

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
        QApplication::exit(action == Qt::CopyAction ? 0 : 2);
    }

private:
    QList<QUrl> m_urls;
    QPoint m_pressed;
    bool m_started = false;
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
    w.show();
    return app.exec();
}
