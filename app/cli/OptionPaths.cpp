#include "OptionPaths.h"

#include "Print.h"

#include <QCoreApplication>
#include <QDir>
#include <cstdlib>
#include <memory>
#include <unistd.h>

namespace pp::cli {
namespace {

// Both from one template marked for translation, in the context of the batch command's usage
// errors; the English as Message::verbatim() (message_code "verbatim").
Refusal refusal(const char *templ, const QStringList &args)
{
    return {Message::verbatim(fillTemplate(QLatin1String(templ), args)),
            fillTemplate(QCoreApplication::translate("pp::BatchCommand", templ), args)};
}

QString hexByte(char c) { return QString::number(uchar(c), 16).toUpper().rightJustified(2, QLatin1Char('0')); }

} // namespace

std::optional<Refusal> optionPathNotUtf8(const CommandLine &cl, const char *option)
{
    const QByteArray path = cl.bytes(option);
    const qsizetype at = firstByteNotUtf8(path);
    if (at < 0)
        return std::nullopt;
    return refusal(QT_TRANSLATE_NOOP("pp::BatchCommand",
                                     "--%1 \"%2\": the path is not UTF-8 (byte 0x%3 at %4); PixelPool takes the "
                                     "paths of options as UTF-8: rename it, or give a link to it whose path is UTF-8"),
                   {QLatin1String(option), bytesShown(path), hexByte(path[at]), QString::number(at + 1)});
}

namespace {

// The current folder's path, when it is not UTF-8 (empty when it is, or cannot be known). A relative
// path is made absolute through it as text (QDir::currentPath()), which then names another folder.
QByteArray currentFolderNotUtf8()
{
    const std::unique_ptr<char, decltype(&std::free)> cwd(::getcwd(nullptr, 0), &std::free);
    const QByteArray path = cwd ? QByteArray(cwd.get()) : QByteArray();
    return firstByteNotUtf8(path) < 0 ? QByteArray() : path;
}

// The current folder's path (not UTF-8) and where in it the first byte that is not: the arguments
// a refusal names it with.
QStringList currentFolderArgs(const QByteArray &cwd)
{
    const qsizetype at = firstByteNotUtf8(cwd);
    return {bytesShown(cwd), hexByte(cwd[at]), QString::number(at + 1)};
}

} // namespace

// OutputPlanner would have made it absolute through QString and written into a new tree beside
// the current folder (…/cwd<U+FFFD>/out).
std::optional<Refusal> outputFolderInCurrentFolderNotUtf8(const QString &outputDir)
{
    if (QDir::isAbsolutePath(outputDir))
        return std::nullopt;
    const QByteArray cwd = currentFolderNotUtf8();
    if (cwd.isEmpty())
        return std::nullopt;
    return refusal(QT_TRANSLATE_NOOP("pp::BatchCommand",
                                     "the output folder \"%1\" is relative to the current folder \"%2\", whose path "
                                     "is not UTF-8 (byte 0x%3 at %4); PixelPool takes the paths of folders as UTF-8: "
                                     "give an absolute output folder whose path is UTF-8 (-o), or run from a folder "
                                     "whose path is UTF-8"),
                   QStringList{visible(outputDir)} + currentFolderArgs(cwd));
}

// ShardReport writes it through QString (QSaveFile), whose temporary file then went into another
// folder, or none.
std::optional<Refusal> reportInCurrentFolderNotUtf8(const CommandLine &cl)
{
    const QByteArray report = cl.bytes("report");
    if (report.isEmpty() || report.startsWith('/'))
        return std::nullopt;
    const QByteArray cwd = currentFolderNotUtf8();
    if (cwd.isEmpty())
        return std::nullopt;
    return refusal(QT_TRANSLATE_NOOP("pp::BatchCommand",
                                     "--report \"%1\" is relative to the current folder \"%2\", whose path is not "
                                     "UTF-8 (byte 0x%3 at %4); PixelPool takes the paths of folders as UTF-8: give "
                                     "an absolute path that is UTF-8, or run from a folder whose path is UTF-8"),
                   QStringList{visible(cl.value("report"))} + currentFolderArgs(cwd));
}

// The files were made absolute through the current folder's path as text, and lost its bytes
// that are not UTF-8 (U+FFFD in their place): read from there, they would be another folder's, or
// none. One whose path climbs out of the folder that is not UTF-8 ("../../logo.png") lost nothing
// and is read.
std::optional<Refusal> stepFileInCurrentFolderNotUtf8(const CommandLine &cl, const Preset &preset)
{
    if (cl.bytes("preset").startsWith('/'))
        return std::nullopt;
    const QByteArray cwd = currentFolderNotUtf8();
    if (cwd.isEmpty())
        return std::nullopt;
    for (const Preset::StepFile &f : preset.stepFiles()) {
        if (!f.path.contains(QChar::ReplacementCharacter))
            continue;
        return refusal(QT_TRANSLATE_NOOP("pp::BatchCommand",
                                         "preset file \"%1\": %2 names a file relative to the preset file, in the "
                                         "current folder \"%3\", whose path is not UTF-8 (byte 0x%4 at %5); PixelPool "
                                         "takes the paths of folders as UTF-8: keep the preset and the files it names "
                                         "in a folder whose path is UTF-8"),
                       QStringList{visible(cl.value("preset")), f.field} + currentFolderArgs(cwd));
    }
    return std::nullopt;
}

} // namespace pp::cli
