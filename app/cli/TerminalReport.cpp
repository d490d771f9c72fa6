#include "TerminalReport.h"

#include "FileIO.h"
#include "Print.h"
#include "Translations.h"

#include <QFileInfo>
#include <QLocale>
#include <QHash>
#include <QMap>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <sys/ioctl.h>
#include <unistd.h>

namespace pp::cli {
namespace {

bool stderrIsTerminal()
{
    const char *term = std::getenv("TERM");
    return ::isatty(2) && !(term && std::strcmp(term, "dumb") == 0);
}

// https://no-color.org: present and not empty turns colour off.
bool colourWanted()
{
    const char *noColour = std::getenv("NO_COLOR");
    return !(noColour && *noColour);
}

int terminalWidth()
{
    winsize ws{};
    return ::ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20 ? ws.ws_col : 80;
}

QString duration(double seconds)
{
    const qint64 s = qint64(seconds + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(QString::number(s / 3600), QString::number(s / 60 % 60).rightJustified(2, QLatin1Char('0')),
                 QString::number(s % 60).rightJustified(2, QLatin1Char('0')));
    return QStringLiteral("%1:%2").arg(QString::number(s / 60),
                                       QString::number(s % 60).rightJustified(2, QLatin1Char('0')));
}

// A number as the user writes it (a decimal comma in German), without thousands separators: the
// terminal's numbers are read, and sometimes taken apart by scripts, one at a time.
QString decimal(double v, int digits)
{
    QLocale locale;
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    return locale.toString(v, 'f', digits);
}

// Images a second: whole from ten, one decimal below, and two significant digits below one. A
// batch of slow images (half a minute each: large TIFFs, a tight --workers) said "0.0 images/s",
// as if it made nothing; a number a script can still read, in the same unit.
QString rateNumber(double perSecond)
{
    if (perSecond >= 10)
        return decimal(perSecond, 0);
    if (perSecond >= 0.995 || perSecond <= 0)
        return decimal(perSecond, 1);
    return decimal(perSecond, std::clamp(1 - int(std::floor(std::log10(perSecond))), 2, 9));
}

// An image's time in whole milliseconds, and "<1" under one: "0 ms" read as if it had not been timed.
QString milliseconds(double ms) { return ms > 0 && ms < 1 ? QStringLiteral("<1") : decimal(ms, 0); }

const char *const kRed = "\033[31m", *const kYellow = "\033[33m", *const kGreen = "\033[32m", *const kDim = "\033[2m";

} // namespace

TerminalReport::TerminalReport(Verbosity v)
    : TerminalReport(v, stderrIsTerminal(), stderrIsTerminal() && colourWanted())
{
}

TerminalReport::TerminalReport(Verbosity v, bool live, bool colour) : m_verbosity(v), m_live(live), m_colour(colour)
{
    m_clock.start();
    m_lastDraw.start();
    m_redraw.setSingleShot(true);
    QObject::connect(&m_redraw, &QTimer::timeout, [this] { drawBar(true); });
}

void TerminalReport::batchStarts() { m_clock.restart(); }

void TerminalReport::clearBar()
{
    if (m_barShown)
        print(stderr, QStringLiteral("\r\033[K"));
    m_barShown = false;
}

void TerminalReport::line(const QString &label, const char *colour, const QString &text)
{
    clearBar();
    const QString padded = label.leftJustified(8);
    if (m_colour && colour)
        print(stderr, QLatin1String(colour) + padded + QStringLiteral("\033[0m ") + visible(text) + QLatin1Char('\n'));
    else
        print(stderr, padded + QLatin1Char(' ') + visible(text) + QLatin1Char('\n'));
}

void TerminalReport::error(const QString &message)
{
    clearBar();
    print(stderr, QStringLiteral("pixelpool: ") + visible(message) + QLatin1Char('\n'));
}

void TerminalReport::note(const QString &message)
{
    if (m_verbosity != Verbosity::Quiet)
        error(message);
}

void TerminalReport::leftOut(const QVector<SkippedInput> &items)
{
    // Inputs that do not exist are named one by one: the user typed them. Inputs given twice are
    // not something a scan left out: one line names them, as they were typed the second time; a
    // folder inside a folder input, one line for each such input ("in/sub is inside in, scanned as
    // part of it", whichever of the two was given first).
    QVector<SkippedInput> scanned;
    QStringList twice;
    QVector<QByteArray> holders; // in the order met
    QHash<QByteArray, QStringList> inside;
    qsizetype notFound = 0;
    for (const SkippedInput &s : items) {
        if (s.code == LeftOutCode::NotFound) {
            ++notFound;
            error(tr("%1: %2").arg(i18n::localText(s.reason), displayPath(s.path)));
        } else if (s.code == LeftOutCode::GivenTwice && !s.within.isEmpty()) {
            if (!inside.contains(s.within))
                holders << s.within;
            inside[s.within] << displayPath(s.path);
        } else if (s.code == LeftOutCode::GivenTwice) {
            twice << displayPath(s.path);
        } else {
            scanned << s;
        }
    }
    m_notFound = notFound;
    m_givenTwice = items.size() - notFound - scanned.size();
    m_scannedFolders =
        std::count_if(scanned.cbegin(), scanned.cend(), [](const SkippedInput &s) { return leftOutIsFolder(s.code); });
    m_scannedFiles = scanned.size() - m_scannedFolders;
    if (m_verbosity == Verbosity::Quiet)
        return;
    if (!twice.isEmpty()) {
        const QString names = listed(twice);
        error(twice.size() == 1
                  ? tr("given twice, the second time ignored: %1").arg(names)
                  : tr("%1 inputs given twice, the second time ignored: %2").arg(QString::number(twice.size()), names));
    }
    for (const QByteArray &holder : std::as_const(holders)) {
        const QStringList &folders = inside[holder];
        error(folders.size() == 1 ? tr("%1 is inside %2, scanned as part of it").arg(folders[0], displayPath(holder))
                                  : tr("%1 folders are inside %2, scanned as part of it: %3")
                                        .arg(QString::number(folders.size()), displayPath(holder), listed(folders)));
    }
    if (scanned.isEmpty())
        return;
    QMap<QString, QStringList> byReason;
    for (const SkippedInput &s : scanned)
        byReason[i18n::localText(s.reason)] << displayPath(s.path);
    print(stderr,
          tr("left out %1 while scanning:").arg(filesAndFolders(m_scannedFiles, m_scannedFolders)) + QLatin1Char('\n'));
    for (auto it = byReason.cbegin(); it != byReason.cend(); ++it)
        print(stderr, QStringLiteral("  %1 × %2: %3\n")
                          .arg(QString::number(it.value().size()), it.key(), visible(listed(it.value()))));
    if (std::any_of(scanned.cbegin(), scanned.cend(),
                    [](const SkippedInput &s) { return s.code == LeftOutCode::LinkOutside; }))
        print(stderr, tr("  (--follow-links takes the images such links lead to)") + QLatin1Char('\n'));
}

QString TerminalReport::filesAndFolders(qsizetype files, qsizetype folders) const
{
    const QString fileCount = files == 1 ? tr("1 file") : tr("%1 files").arg(QString::number(files));
    const QString folderCount = folders == 1 ? tr("1 folder") : tr("%1 folders").arg(QString::number(folders));
    return folders == 0 ? fileCount
           : files == 0 ? folderCount
                        : tr("%1 and %2", "1 file and 2 folders").arg(fileCount, folderCount);
}

QString TerminalReport::folderName(const QByteArray &folder)
{
    // "in/": the name is a folder's, whatever it is called.
    const QString name = displayPath(folder);
    return name.endsWith(QLatin1Char('/')) ? name : name + QLatin1Char('/');
}

QString TerminalReport::listed(const QStringList &names) const
{
    // A few names (all of them with --verbose): enough to recognise what it was about.
    const int shown = m_verbosity == Verbosity::Verbose ? int(names.size()) : 3;
    return names.mid(0, shown).join(QStringLiteral(", ")) + (names.size() > shown ? QStringLiteral(", …") : QString());
}

QString TerminalReport::withReason(const QString &name, const Message &reason) const
{
    // A failure shown by its translated headline has its English detail in it (localText).
    return tr("%1: %2").arg(name, i18n::localText(reason));
}

void TerminalReport::onEvent(const BatchEvent &e, int completed, int total)
{
    const QString name = displayPath(e.input);
    switch (e.kind) {
    case BatchEvent::Kind::Started:
        m_running.insert(e.index, name);
        m_current = name;
        if (m_verbosity == Verbosity::Verbose)
            line(tr("started"), kDim,
                 tr("%1 (worker %2, pid %3)").arg(name, QString::number(e.worker), QString::number(e.pid)));
        break;
    case BatchEvent::Kind::Progress:
        break;
    case BatchEvent::Kind::Finished:
        m_running.remove(e.index);
        if (!e.reason.isEmpty() && m_verbosity != Verbosity::Quiet)
            line(tr("warning"), kYellow, withReason(name, e.reason));
        // The done line too, where done lines are printed (not under the live bar, nor with --quiet):
        // the warning does not say where the output went.
        if (!(m_verbosity == Verbosity::Verbose || (m_verbosity == Verbosity::Normal && !m_live)))
            break;
        if (!e.outputs.isEmpty()) {
            QStringList made; // a preset with `outputs`: each, by name
            for (const BatchOutput &o : e.outputs)
                made << (o.existing ? tr("%1 %2 (kept)").arg(o.name, displayPath(o.path))
                                    : tr("%1 %2 (%3×%4)")
                                          .arg(o.name, displayPath(o.path), QString::number(o.width),
                                               QString::number(o.height)));
            line(tr("done"), kGreen,
                 tr("%1 -> %2, %3 ms").arg(name, made.join(QStringLiteral(", ")), milliseconds(e.ms)));
        } else {
            line(tr("done"), kGreen,
                 tr("%1 -> %2 (%3×%4, %5 ms)")
                     .arg(name, displayPath(e.output), QString::number(e.width), QString::number(e.height),
                          milliseconds(e.ms)));
        }
        break;
    case BatchEvent::Kind::Skipped:
        m_running.remove(e.index);
        // Where done lines are printed: under the live bar a second run over 5,000 done images
        // printed 5,000 "skipped" lines; the summary counts them, --verbose names them.
        if (m_verbosity == Verbosity::Verbose || (m_verbosity == Verbosity::Normal && !m_live))
            line(tr("skipped"), nullptr, withReason(name, e.reason));
        break;
    case BatchEvent::Kind::Failed:
        m_running.remove(e.index);
        // A cancel ends many images at once: the summary counts them; --verbose names them.
        if (isCancelled(e)) {
            if (m_verbosity == Verbosity::Verbose)
                line(tr("cancelled"), nullptr, name);
        } else if (!e.inputFolderGone.isEmpty()) {
            // A folder gone during the batch (a card taken out) fails every image left in it, each
            // alike: said once here, counted in the summary; --verbose names each.
            if (!m_foldersGone.contains(e.inputFolderGone)) {
                m_foldersGone.insert(e.inputFolderGone);
                line(tr("failed"), kRed,
                     tr("%1 is gone (%2): its images not read yet fail, counted at the end")
                         .arg(folderName(e.inputFolderGone), i18n::localText(e.inputFolderGoneWhy)));
            }
            if (m_verbosity == Verbosity::Verbose)
                line(tr("failed"), kRed, withReason(name, e.reason));
        } else {
            line(tr("failed"), kRed, withReason(name, e.reason));
        }
        break;
    }
    // The images a cancel ends leave the bar where the work was: it was drawn full just before the
    // summary said "cancelled".
    if (isCancelled(e))
        return;
    const bool completes = e.kind != BatchEvent::Kind::Started && e.kind != BatchEvent::Kind::Progress;
    m_worked += completes && tookAWorker(e);
    m_skipped += e.kind == BatchEvent::Kind::Skipped;
    m_completed = completed;
    m_total = total;
    if (!m_running.isEmpty() && !m_running.values().contains(m_current))
        m_current = m_running.last();
    if (m_live && m_verbosity != Verbosity::Quiet)
        drawBar(completes && completed == total);
}

QString TerminalReport::barText(int width) const
{
    // The rate is of the images a worker took, the time left of the images not done yet at that
    // rate; none before a worker has finished one. Images skipped because their outputs exist are
    // counted apart: they move the bar on. Those the planner skips cost nothing; those skipped at
    // commit (a name filled then) were made by a worker first, and are in the rate.
    const double seconds = m_clock.nsecsElapsed() / 1e9;
    const double rate = m_worked > 0 && seconds > 0 ? m_worked / seconds : 0;
    const QString eta = rate > 0 ? duration(std::max(0, m_total - m_completed) / rate) : QStringLiteral("--:--");
    const QString rateText = rateNumber(rate);
    const int percent = m_total ? int(qint64(m_completed) * 100 / m_total) : 100;
    const int barWidth = 20;
    const int filled = m_total ? int(qint64(m_completed) * barWidth / m_total) : barWidth;
    const QString bar = QString(filled, QLatin1Char('#')) + QString(barWidth - filled, QLatin1Char('.'));
    const QString done = QString::number(m_completed), total = QString::number(m_total);
    const QString withBar =
        tr("[%1] %2/%3 %4% %5 images/s ETA %6").arg(bar, done, total, QString::number(percent), rateText, eta);
    const QString numbers =
        tr("%1/%2 %3% %4 images/s ETA %5").arg(done, total, QString::number(percent), rateText, eta);
    const auto skipped = [this](const QString &text) {
        return m_skipped > 0 ? tr("%1 · %2 skipped", "the bar, then the images skipped as their outputs exist")
                                   .arg(text, QString::number(m_skipped))
                             : text;
    };
    // One line whatever the terminal's width: a line that wraps is cleared only on its last row by
    // the next redraw, and every redraw would leave a row behind. The bar goes first, then the
    // count of skipped images, then the rate.
    for (const QString &text : {skipped(withBar), skipped(numbers), numbers,
                                QStringLiteral("%1/%2 %3%").arg(done, total, QString::number(percent))})
        if (text.size() <= width)
            return text;
    return QStringLiteral("%1/%2 %3%").arg(done, total, QString::number(percent)).left(std::max(width, 1));
}

void TerminalReport::drawBar(bool force)
{
    // A redraw costs a write to the terminal: ten a second are enough to look live. One held back
    // is made when the time comes, so that the bar never stays behind the last event.
    if (!force && m_barShown && m_lastDraw.elapsed() < 100) {
        if (!m_redraw.isActive())
            m_redraw.start(int(std::max<qint64>(1, 100 - m_lastDraw.elapsed())));
        return;
    }
    m_redraw.stop();
    m_lastDraw.restart();
    const int width = terminalWidth() - 1;
    QString text = barText(width);
    // The current file's name fills what is left of the line; its end is what tells files apart.
    const int room = width - int(text.size()) - 2;
    QString current = QFileInfo(m_current).fileName();
    if (room >= 8 && !current.isEmpty()) {
        if (current.size() > room)
            current = QStringLiteral("…") + current.right(room - 1);
        text += QStringLiteral("  ") + current;
    }
    print(stderr, QStringLiteral("\r\033[K") + text);
    m_barShown = true;
}

void TerminalReport::summary(const BatchSummary &s)
{
    // The images of each input folder gone during the batch, counted (said once as it went, and
    // with --quiet too: they are failures).
    QVector<QByteArray> gone;
    QHash<QByteArray, std::pair<int, Message>> unread;
    for (const BatchEvent &e : s.results) {
        if (e.kind != BatchEvent::Kind::Failed || e.inputFolderGone.isEmpty())
            continue;
        if (!unread.contains(e.inputFolderGone)) {
            gone << e.inputFolderGone;
            unread.insert(e.inputFolderGone, {0, e.inputFolderGoneWhy});
        }
        ++unread[e.inputFolderGone].first;
    }
    m_redraw.stop(); // the bar is done with
    clearBar();
    for (const QByteArray &folder : std::as_const(gone)) {
        const auto &[count, why] = unread[folder];
        print(stderr,
              visible(count == 1 ? tr("%1 is gone (%2): 1 image not read").arg(folderName(folder), i18n::localText(why))
                                 : tr("%1 is gone (%2): %3 images not read")
                                       .arg(folderName(folder), i18n::localText(why), QString::number(count))) +
                  QLatin1Char('\n'));
    }
    if (m_verbosity == Verbosity::Quiet)
        return;
    QString counts = tr("%1 done, %2 failed, %3 skipped")
                         .arg(QString::number(s.done), QString::number(s.failed), QString::number(s.skipped));
    if (s.cancelledItems > 0)
        counts += tr(", %1 cancelled").arg(QString::number(s.cancelledItems));
    const QString images = s.total == 1 ? tr("1 image") : tr("%1 images").arg(QString::number(s.total));
    const QString workers = s.workers == 1 ? tr("1 worker") : tr("%1 workers").arg(QString::number(s.workers));
    // A rate only when a worker made something (written, or made and then skipped at commit), and
    // of the images a worker took: "26.3 images/s" of refusals reads like work done, and so did
    // "257.0 images/s" for 1 written and 20 skipped by the planner.
    // The workers that began an image, none when every image was skipped or refused before: "(2
    // workers)" there read as if two had worked.
    const auto worked = std::count_if(s.results.cbegin(), s.results.cend(), tookAWorker);
    const bool made = std::any_of(s.results.cbegin(), s.results.cend(), madeByAWorker);
    QString text = made && s.workers > 0 ? tr("%1: %2 in %3 s (%4 images/s, %5)")
                                               .arg(images, counts, decimal(s.seconds, 2),
                                                    rateNumber(s.seconds > 0 ? double(worked) / s.seconds : 0), workers)
                   : s.workers > 0 ? tr("%1: %2 in %3 s (%4)").arg(images, counts, decimal(s.seconds, 2), workers)
                                   : tr("%1: %2 in %3 s").arg(images, counts, decimal(s.seconds, 2));
    // Every input that is no image of its own, in the words of the lines above (--json's left_out
    // counts the same): "; 2 inputs not found; 1 input given twice; 3 files left out while
    // scanning" (it said "; 6 inputs left out", counting a folder's README.md as an input the user
    // gave; then it left out inputs given twice, which --json counted).
    if (m_notFound > 0)
        text +=
            m_notFound == 1 ? tr("; 1 input not found") : tr("; %1 inputs not found").arg(QString::number(m_notFound));
    if (m_givenTwice > 0)
        text += m_givenTwice == 1 ? tr("; 1 input given twice")
                                  : tr("; %1 inputs given twice").arg(QString::number(m_givenTwice));
    if (m_scannedFiles + m_scannedFolders > 0)
        text += tr("; %1 left out while scanning").arg(filesAndFolders(m_scannedFiles, m_scannedFolders));
    if (s.cancelled)
        text += tr(" — cancelled");
    print(stderr, text + QLatin1Char('\n'));
    // Said once, not on every image: the names on the lines above show it.
    QByteArray replaced;
    int renamed = 0;
    for (const BatchEvent &e : s.results) {
        if (!e.nameReplaced.isEmpty() && e.kind != BatchEvent::Kind::Failed) {
            ++renamed;
            windowsName(e.nameReplaced, &replaced); // each once
        }
    }
    // In one order whatever order the images came in (Windows' own), then any other.
    QByteArray ordered;
    for (const char c : std::string_view(kNotInWindowsNames))
        if (replaced.contains(c))
            ordered += c;
    for (const char c : std::as_const(replaced))
        if (!ordered.contains(c))
            ordered += c;
    const QString chars = charactersText(ordered);
    if (renamed > 0)
        print(stderr, (renamed == 1 ? tr("1 output name has _ for %1: the output folder's file system takes none in a "
                                         "name")
                                          .arg(chars)
                                    : tr("%1 output names have _ for %2: the output folder's file system takes none "
                                         "in a name")
                                          .arg(QString::number(renamed), chars)) +
                          QLatin1Char('\n'));
    // Outputs numbered as their names were taken (the rename policy): a rerun's copies beside the
    // first outputs, said as the window's banner says them, not only seen in a name's "(2)".
    const auto taken =
        std::count_if(s.results.cbegin(), s.results.cend(), [](const BatchEvent &e) { return e.nameTaken; });
    if (taken > 0)
        print(stderr, (taken == 1 ? tr("1 output was written under a numbered name (\"photo (2).jpg\"): its name "
                                       "was taken")
                                  : tr("%1 outputs were written under numbered names (\"photo (2).jpg\"): their "
                                       "names were taken")
                                        .arg(QString::number(taken))) +
                          QLatin1Char('\n'));
}

} // namespace pp::cli
