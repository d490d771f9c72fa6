// Shows a before/after pair: side by side (stacked when tall), or over each other with a split
// line the user drags (or moves with the slider below) to compare the same spot. Fitted, or at
// 100 %: then the pane asks for the region it shows (regionWanted), which the worker cuts from a
// full-size decode and the preset run on the whole image, and the user pans it by dragging or
// scrolling; the downscaled preview stands in, smoothly enlarged, wherever the full-size pixels
// have not arrived yet. When the preset changes the size, each side is at 100 % of its own pixels
// and the pane says so ("after 100 % of 1200×800"). Only paints what a PreviewController delivers;
// it never decodes or processes anything itself.
#pragma once

#include "RegionPreview.h"

#include <QImage>
#include <QWidget>
#include <optional>

class QSlider;
class QToolButton;

namespace pp::gui {

class PreviewPane : public QWidget
{
    Q_OBJECT
public:
    explicit PreviewPane(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    QString title() const { return m_title; }
    // Under the title, wrapped to the pane's width, whole (up to a third of the pane's height; what
    // goes past it is cut with "…"): what the pane's owner says of the image it shows, a paragraph a
    // line ("Preview of cut.jpg failed: …" for an image the editor passed by). clear() takes it away.
    void setNote(const QString &note);
    QString note() const { return m_note; }
    // Where the note's lines are painted (empty without a note), each as noteLines() has it.
    QList<QRect> noteRects() const;
    QStringList noteLines() const;
    void setBefore(const QImage &image, const QSize &size);
    void setAfter(const QImage &image, const QSize &size, double ms);
    void setBusy(bool busy);
    void setError(const QString &message);
    // The preset as it is now cannot run (the editor's draft is not valid; `why` says what is wrong):
    // the after side shows no picture and says so, whatever result comes in meanwhile, until it is
    // called with "" (a result kept meanwhile is shown again then). "" by default.
    void setPresetProblem(const QString &why);
    QString presetProblem() const { return m_presetProblem; }
    void clear(const QString &hint = {});
    // The after side only (the before image stays): another preset's result is not this one's.
    void forgetAfter();

    QSize sizeHint() const override { return {360, 480}; }
    QSize minimumSizeHint() const override { return {200, 200}; }

    bool isBusy() const { return m_busy; }
    bool hasBefore() const { return !m_before.isNull(); }
    bool hasAfter() const { return !m_after.isNull(); }
    // Whether an after picture is painted (one has come, and the preset has no problem).
    bool showsAfter() const { return !m_after.isNull() && m_presetProblem.isEmpty(); }
    QImage afterImage() const { return m_after; }

    // Split mode: `position` 0..1 is where the line is, from the left (after on its right).
    void setSplit(bool on);
    bool isSplit() const { return m_split; }
    // 100 %: one image pixel on one screen pixel, the region around viewCentre().
    void setActualSize(bool on);
    bool isActualSize() const { return m_actualSize; }
    void setRegion(const RegionPreview &region); // what the controller sends for regionWanted
    const RegionPreview &region() const { return m_region; }
    QRect wantedRegion() const;      // the before pixels the 100 % view shows; empty when fitted
    QRect regionViewport() const;    // where the 100 % view of the before side is painted
    QPointF viewCentre() const;      // in before pixels
    void panBy(const QPoint &delta); // in widget pixels: the image follows the pointer
    // Where a pixel of the before (or after) image is painted at 100 % (widget coordinates).
    QPointF toWidget(const QPointF &imagePixel, bool after) const;
    void setSplitPosition(double position);
    double splitPosition() const { return m_splitPos; }
    QSlider *splitSlider() const { return m_slider; }
    QRect imageArea() const; // where the images are painted (for tests and pointer drags)
    // Where a failure's red box is painted (empty without one): in the pictures, never over the
    // labels, its text wrapped to fit and cut with "…" when the room runs out (the tooltip has it all).
    QRect errorRect() const;
    // The labels the box leaves readable: each side's caption, or split, "Before", "After" and the
    // 100 % note.
    QList<QRect> labelRects() const;
    // The caption under one side, side by side or stacked ("After · 1600×1600 · 33 ms").
    QString caption(bool after) const;

    QString error() const { return m_error; } // the failure shown, as setError got it; "" without one

signals:
    void regionWanted(const QRect &beforeRect); // empty: no region needed (fitted)
    // A failure is shown (`message` as setError got it; each time, the same one again too), or "" when a
    // result or clear() took it away.
    void errorChanged(const QString &message);

protected:
    void paintEvent(QPaintEvent *) override;
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;
    void mouseReleaseEvent(QMouseEvent *e) override;
    void wheelEvent(QWheelEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;

private:
    void paintSide(QPainter &p, const QRect &r, const QImage &side, const QString &caption, bool dim);
    void paintSplit(QPainter &p, const QRect &r);
    // Split: "Before", "After" and at 100 % the note, each on a dark backdrop of its own (white text
    // straight on the picture was lost on white skies and a white watermark).
    struct SplitLabel {
        QRect box; // the backdrop
        QString text;
    };
    QList<SplitLabel> splitLabels() const;
    void dragSplitTo(int x);
    // PreviewPaneRegion.cpp: the 100 % view.
    void paintActual(QPainter &p, bool after); // each side in its own viewport (toWidget)
    enum class Side { Before, After, Both };
    QString actualNote(Side side) const;
    QSize frameSize(bool after) const;
    void announceRegion();
    QRect sideRect(bool after) const; // side by side or stacked: one side's image area
    struct ErrorBox {
        QRect box;
        QStringList lines;
    };
    ErrorBox errorBox() const;
    QRect errorRoom() const; // where the box may go
    QString errorText() const;
    bool showsProblem() const;              // the preset problem's box instead of the failure's
    void showError(const QString &message); // m_error, the tooltip that says it whole, errorChanged
    void describe();                        // the tooltip and the accessible description, from what the pane shows now

    int noteTop() const; // the note's first line's top
    // Paints `image` into `target`, over a checkerboard where it is see-through: its transparent
    // parts show as such, not as the window or the other side's picture under them.
    void drawPicture(QPainter &p, const QRectF &target, const QImage &image, bool seeThrough) const;
    static bool isSeeThrough(const QImage &image); // some pixel is not opaque

    QString m_title, m_note, m_hint, m_error, m_presetProblem;
    QImage m_before, m_after;
    // Which of them, and of the region's two, have pixels that are not opaque (found once, as each comes).
    bool m_beforeSeeThrough = false, m_afterSeeThrough = false;
    bool m_regionBeforeSeeThrough = false, m_regionAfterSeeThrough = false;
    QSize m_beforeSize, m_afterSize;
    double m_ms = 0;
    bool m_busy = false;
    bool m_split = false, m_actualSize = false;
    double m_splitPos = 0.5;
    RegionPreview m_region;
    std::optional<QPointF> m_centre; // none: the middle of the image
    QRect m_lastWanted;
    bool m_regionAsked = false; // a region was asked for and has not come yet
    enum class Drag { None, Split, Pan } m_drag = Drag::None;
    QPoint m_dragFrom;
    QToolButton *m_splitButton, *m_actualButton;
    QSlider *m_slider;
    QWidget *m_controls;
};

} // namespace pp::gui
