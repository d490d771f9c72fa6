#include "Icons.h"

#include "Contrast.h"

#include <QApplication>
#include <QCache>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>

namespace pp::gui {

namespace {

// An icon of resources/icons in the application's palette as it is when painted. The files are
// drawn in a dark slate with blue, green, red and orange accents, for a light window: under a dark
// palette New, Delete, the step arrows and the rest were dark on dark (dark palette QA). Each of an
// icon's colours is moved, as little as it takes, until it shows (3:1) on the window, on a button,
// on a list and on its alternate rows, so the slate turns light on a dark window and stays as drawn
// on a light one.
class PaletteIconEngine : public QIconEngine
{
public:
    explicit PaletteIconEngine(const QString &file) : m_icon(file) {}

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        const QPalette pal = QGuiApplication::palette();
        const QString key = QStringLiteral("%1 %2 %3 %4 %5")
                                .arg(size.width())
                                .arg(size.height())
                                .arg(int(mode))
                                .arg(int(state))
                                .arg(pal.cacheKey());
        if (const QPixmap *made = m_made.object(key))
            return *made;
        QPixmap made = shownOn(pal, m_icon.pixmap(size, 1.0, QIcon::Normal, state));
        if (mode != QIcon::Normal && mode != QIcon::Active) {
            // Greyed (disabled) or as the style marks a selected icon, from the colours shown.
            QStyleOption option;
            option.palette = pal;
            made = QApplication::style()->generatedIconPixmap(mode, made, &option);
        }
        m_made.insert(key, new QPixmap(made));
        return made;
    }
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal) override
    {
        return pixmap(size, mode, state);
    }
    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        painter->drawPixmap(rect, pixmap(rect.size() * dpr, mode, state));
    }
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        // As the files' own icon says it at a device pixel ratio of 1: the largest file's size at
        // most, never more than asked.
        QSize largest;
        for (const QSize &s : m_icon.availableSizes(mode, state))
            largest = largest.expandedTo(s);
        return largest.isValid() ? largest.scaled(size.boundedTo(largest), Qt::KeepAspectRatio) : size;
    }
    QList<QSize> availableSizes(QIcon::Mode mode, QIcon::State state) override
    {
        return m_icon.availableSizes(mode, state);
    }
    QIconEngine *clone() const override { return new PaletteIconEngine(*this); }
    PaletteIconEngine(const PaletteIconEngine &other) : QIconEngine(other), m_icon(other.m_icon) {}

private:
    static QPixmap shownOn(const QPalette &pal, const QPixmap &drawn)
    {
        const QList<QColor> grounds{pal.color(QPalette::Window), pal.color(QPalette::Button), pal.color(QPalette::Base),
                                    pal.color(QPalette::AlternateBase)};
        QImage image = drawn.toImage().convertToFormat(QImage::Format_ARGB32);
        QHash<QRgb, QRgb> shown; // an icon has a few colours, its edges' coverage is in their alpha
        for (int y = 0; y < image.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x) {
                if (qAlpha(line[x]) == 0)
                    continue;
                const QRgb opaque = line[x] | 0xff000000u;
                auto it = shown.find(opaque);
                if (it == shown.end()) {
                    QColor c = QColor::fromRgb(opaque);
                    for (const QColor &ground : grounds)
                        c = readableOn(c, ground, kShapeContrast);
                    it = shown.insert(opaque, c.rgb());
                }
                line[x] = (it.value() & 0x00ffffffu) | (line[x] & 0xff000000u);
            }
        }
        QPixmap out = QPixmap::fromImage(image);
        out.setDevicePixelRatio(drawn.devicePixelRatio());
        return out;
    }

    QIcon m_icon;
    QCache<QString, QPixmap> m_made{16};
};

} // namespace

QIcon icon(const char *name)
{
    return QIcon(new PaletteIconEngine(QStringLiteral(":/icons/%1.png").arg(QLatin1String(name))));
}

QIcon appIcon()
{
    QIcon i(QStringLiteral(":/icons/app-256.png"));
    i.addFile(QStringLiteral(":/icons/app.png"));
    i.addFile(QStringLiteral(":/icons/app@2x.png"));
    return i;
}

} // namespace pp::gui
