#include "PreviewPane.h"

#include <QPainter>
#include <QPainterPath>

namespace pp::gui {

PreviewPane::PreviewPane(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_hint = tr("Select an image in the queue to see it before and after its preset.");
}

void PreviewPane::setTitle(const QString &title)
{
    m_title = title;
    update();
}

static QImage forPainting(const QImage &image)
{
    // Converted once when it arrives, not on every repaint.
    return image.isNull() ? image : image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

void PreviewPane::setBefore(const QImage &image, const QSize &size)
{
    m_before = forPainting(image);
    m_beforeSize = size;
    m_error.clear();
    update();
}

void PreviewPane::setAfter(const QImage &image, const QSize &size, double ms)
{
    m_after = forPainting(image);
    m_afterSize = size;
    m_ms = ms;
    m_error.clear();
    update();
}

void PreviewPane::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    update();
}

void PreviewPane::setError(const QString &message)
{
    m_error = message;
    update();
}

void PreviewPane::clear(const QString &hint)
{
    m_before = m_after = {};
    m_error.clear();
    m_title.clear();
    if (!hint.isEmpty())
        m_hint = hint;
    update();
}

void PreviewPane::paintSide(QPainter &p, const QRect &r, const QImage &img, const QString &caption, bool dim)
{
    const QFontMetrics fm(font());
    const QRect captionRect(r.left(), r.bottom() - fm.height(), r.width(), fm.height());
    const QRect area = r.adjusted(0, 0, 0, -fm.height() - 4);
    // A checkerboard-free dark backdrop, so white and transparent images both show their edges.
    p.fillRect(area, palette().color(QPalette::Dark).darker(160));
    if (!img.isNull()) {
        QSizeF s = img.size();
        s.scale(area.size(), Qt::KeepAspectRatio); // fit, up or down: the whole image is shown
        const QRectF target(area.left() + (area.width() - s.width()) / 2, area.top() + (area.height() - s.height()) / 2,
                            s.width(), s.height());
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.setOpacity(dim ? 0.45 : 1.0);
        p.drawImage(target, img);
        p.setOpacity(1.0);
    } else {
        p.setPen(QColor(230, 230, 230));
        p.drawText(area, Qt::AlignCenter, tr("computing…"));
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawText(captionRect, Qt::AlignCenter, fm.elidedText(caption, Qt::ElideRight, captionRect.width()));
}

void PreviewPane::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    QRect r = rect().adjusted(8, 6, -8, -8);
    const QFontMetrics fm(font());
    if (m_before.isNull() && m_after.isNull() && m_error.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(r, Qt::AlignCenter | Qt::TextWordWrap, m_busy ? tr("Computing the preview…") : m_hint);
        return;
    }
    if (!m_title.isEmpty()) {
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(palette().color(QPalette::Text));
        const QRect titleRect(r.left(), r.top(), r.width(), fm.height());
        p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(bold).elidedText(m_title, Qt::ElideMiddle, r.width()));
        p.setFont(font());
        r.setTop(r.top() + fm.height() + 6);
    }
    const bool sideBySide = r.width() > r.height();
    QRect a = r, b = r;
    if (sideBySide) {
        a.setRight(r.left() + r.width() / 2 - 4);
        b.setLeft(r.left() + r.width() / 2 + 4);
    } else {
        a.setBottom(r.top() + r.height() / 2 - 4);
        b.setTop(r.top() + r.height() / 2 + 4);
    }
    const QString beforeCaption = m_beforeSize.isValid()
                                      ? tr("Before · %1×%2").arg(m_beforeSize.width()).arg(m_beforeSize.height())
                                      : tr("Before");
    paintSide(p, a, m_before, beforeCaption, false);
    QString afterCaption =
        m_afterSize.isValid()
            ? tr("After · %1×%2 · %3 ms").arg(m_afterSize.width()).arg(m_afterSize.height()).arg(m_ms, 0, 'f', 0)
            : tr("After");
    if (m_busy)
        afterCaption = tr("After · updating…");
    paintSide(p, b, m_after, afterCaption, m_busy && !m_after.isNull());
    if (!m_error.isEmpty()) {
        const QRect box = b.adjusted(12, b.height() / 3, -12, -b.height() / 3);
        QPainterPath path;
        path.addRoundedRect(box, 6, 6);
        p.setRenderHint(QPainter::Antialiasing);
        p.fillPath(path, QColor(180, 40, 40, 230));
        p.setPen(Qt::white);
        p.drawText(box.adjusted(8, 4, -8, -4), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Preview failed: %1").arg(m_error));
    }
}

} // namespace pp::gui
