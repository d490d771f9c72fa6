// What a person sees on stderr during `pixelpool --batch`: on a terminal a live progress bar
// (current file, images/s, ETA) with the notable images printed above it; otherwise, or with
// TERM=dumb, plain lines. NO_COLOR turns colours off; --quiet leaves only failures and errors,
// --verbose adds every finished image and each start.
#pragma once

#include "BatchRunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QSet>
#include <QTimer>

namespace pp::cli {

enum class Verbosity { Quiet, Normal, Verbose };

// Everything it prints is in the user's language (tr(), and engine messages through
// i18n::localText()); --json beside it keeps the stable English.
class TerminalReport
{
    Q_DECLARE_TR_FUNCTIONS(TerminalReport)

public:
    explicit TerminalReport(Verbosity v);
    // Decided by the caller in tests; by default from isatty(2), TERM and NO_COLOR.
    TerminalReport(Verbosity v, bool live, bool colour);

    // Inputs that are no images of the batch, counted by reason with a few names each; the summary
    // counts them with the same words.
    void leftOut(const QVector<SkippedInput> &items);
    // An error that stops the batch before it starts, or a message from the runner.
    void error(const QString &message);
    void note(const QString &message);
    // The batch starts: the bar's rate counts from here, as the summary's seconds do (not the scan).
    void batchStarts();
    void onEvent(const BatchEvent &e, int completed, int total);
    // The line counts, in the words leftOut() used, every input that is no image of its own: inputs
    // not found, inputs given twice (taken once) and what scans left out; --json's left_out is
    // their sum.
    void summary(const BatchSummary &s);

    bool live() const { return m_live; }

private:
    QString withReason(const QString &name, const Message &reason) const;
    QString listed(const QStringList &names) const;
    QString filesAndFolders(qsizetype files, qsizetype folders) const;
    static QString folderName(const QByteArray &folder);
    void line(const QString &label, const char *colour, const QString &text);
    void drawBar(bool force);
    QString barText(int width) const;
    void clearBar();

    Verbosity m_verbosity;
    bool m_live, m_colour;
    bool m_barShown = false;
    QElapsedTimer m_clock, m_lastDraw;
    // A redraw held back by the ten-a-second limit, made when the limit allows: the last events of a
    // burst (500 images skipped) are shown even when no other event follows for a while.
    QTimer m_redraw;
    int m_completed = 0, m_total = 0; // the runner's: finished, failed or skipped (a cancel's, not)
    // Images a worker took (tookAWorker(), as the summary counts them): the bar's rate is of these.
    // An image skipped because its output exists costs nothing: a rerun that skipped 500 in its
    // first second read hundreds of images/s, and seconds left for the images still to do.
    int m_worked = 0, m_skipped = 0;
    QMap<int, QString> m_running; // index -> name, of the images on a worker now
    QString m_current;
    // What leftOut() said, for the summary.
    qsizetype m_notFound = 0, m_givenTwice = 0, m_scannedFiles = 0, m_scannedFolders = 0;
    QSet<QByteArray> m_foldersGone; // input folders gone during the batch, said once each
};

} // namespace pp::cli
