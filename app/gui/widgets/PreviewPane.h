// Shows a before/after pair (side by side when wide, stacked when tall). Only paints what a
// PreviewController delivers; it never decodes or processes anything itself.
#pragma once

#include <QImage>
#include <QWidget>

namespace pp::gui {

class PreviewPane : public QWidget
{
    Q_OBJECT
public:
    explicit PreviewPane(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setBefore(const QImage &image, const QSize &size);
    void setAfter(const QImage &image, const QSize &size, double ms);
    void setBusy(bool busy);
    void setError(const QString &message);
    void clear(const QString &hint = {});

    QSize sizeHint() const override { return {360, 480}; }
    QSize minimumSizeHint() const override { return {200, 200}; }

    bool isBusy() const { return m_busy; }
    bool hasBefore() const { return !m_before.isNull(); }
    bool hasAfter() const { return !m_after.isNull(); }
    QImage afterImage() const { return m_after; }

protected:
    void paintEvent(QPaintEvent *) override;

private:
    void paintSide(QPainter &p, const QRect &r, const QImage &img, const QString &caption, bool dim);

    QString m_title, m_hint, m_error;
    QImage m_before, m_after;
    QSize m_beforeSize, m_afterSize;
    double m_ms = 0;
    bool m_busy = false;
};

} // namespace pp::gui
