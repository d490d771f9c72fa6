// Shows a before/after pair: side by side (stacked when tall), or over each other with a split
// line the user drags (or moves with the slider below) to compare the same spot, fitted or with
// the preview's pixels one to one (the preview is at most 800 px, so "1:1" says which share of
// the full size that is). Only paints what a PreviewController delivers; it never decodes
// or processes anything itself.
#pragma once

#include <QImage>
#include <QWidget>

class QSlider;
class QToolButton;

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

    // Split mode: `position` 0..1 is where the line is, from the left (after on its right).
    void setSplit(bool on);
    bool isSplit() const { return m_split; }
    void setActualSize(bool on);
    void setSplitPosition(double position);
    double splitPosition() const { return m_splitPos; }
    QSlider *splitSlider() const { return m_slider; }
    QRect imageArea() const; // where the images are painted (for tests and pointer drags)

protected:
    void paintEvent(QPaintEvent *) override;
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;

private:
    void paintSide(QPainter &p, const QRect &r, const QImage &img, const QString &caption, bool dim);
    void paintSplit(QPainter &p, const QRect &r);
    void dragSplitTo(int x);

    QString m_title, m_hint, m_error;
    QImage m_before, m_after;
    QSize m_beforeSize, m_afterSize;
    double m_ms = 0;
    bool m_busy = false;
    bool m_split = false, m_actualSize = false;
    double m_splitPos = 0.5;
    QToolButton *m_splitButton, *m_actualButton;
    QSlider *m_slider;
    QWidget *m_controls;
};

} // namespace pp::gui
