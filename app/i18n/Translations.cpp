#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace pp::i18n {

QString installTranslations(QCoreApplication *app, const QLocale &locale)
{
    // Qt's own texts first: a PixelPool translation installed later is asked first.
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    auto *own = new QTranslator(app);
    if (!own->load(locale, QStringLiteral("pixelpool"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete own;
        return {};
    }
    QCoreApplication::installTranslator(own);
    return own->language();
}

namespace {
// Null when the id shows its English as it came (no headline), else the translated headline, or
// an empty string when no translation has it.
QString translatedHeadline(MessageId id)
{
    const char *headline = messageHeadline(id);
    if (!headline)
        return {};
    const QString t = QCoreApplication::translate(kMessageContext, headline);
    return t == QLatin1String(headline) ? QString() : t;
}

// A failure's detail when it is in the worker's own words that a translation has (kEmptyFileDetail,
// a file access that failed with an error PixelPool names: WorkerErrnoDetail; context
// "pp::WorkerDetail"), translated; else an empty string (a decoding library's words).
QString translatedDetail(const Message &m)
{
    if (!messageHeadline(m.id) || m.args.size() != 1 || m.args.first().isEmpty())
        return {};
    const char *templ = nullptr;
    Message error;
    if (parseWorkerErrnoDetail(m.args.first(), &templ, &error)) {
        const QString t = QCoreApplication::translate(kWorkerDetailContext, templ);
        return t == QLatin1String(templ) ? QString() : fillTemplate(t, {localText(error)});
    }
    const QByteArray detail = m.args.first().toUtf8();
    const QString t = QCoreApplication::translate(kWorkerDetailContext, detail.constData());
    return t == m.args.first() ? QString() : t;
}
} // namespace

// A failure's translated headline with the worker's detail as it came, in English (%2).
const char *const kHeadlineWithDetail =
    //: %1: what went wrong, translated; %2: the worker's or a decoder's own words, in English
    QT_TRANSLATE_NOOP("pp::Message", "%1 (detail: %2)");

QString localText(const Message &m)
{
    if (m.isEmpty())
        return {};
    if (messageHeadline(m.id)) {
        // The worker's words say more than the code's headline when they are PixelPool's own (an
        // empty file is `unsupported`, as any file that is no image): translated, they are shown.
        if (const QString own = translatedDetail(m); !own.isEmpty())
            return own;
        const QString headline = translatedHeadline(m.id);
        if (headline.isEmpty())
            return m.english();
        // Other words of the worker (a decoding library's) have no translation: the headline says
        // in the user's language what went wrong, and the detail follows in English, marked as the
        // detail. Shown without it, German lost what English shows. A detail that only repeats the
        // headline ("cancelled") is left out.
        const QString detail = m.args.value(0).trimmed();
        if (detail.isEmpty() || detail == QLatin1String(messageHeadline(m.id)))
            return headline;
        return fillTemplate(QCoreApplication::translate(kMessageContext, kHeadlineWithDetail), {headline, detail});
    }
    QStringList all = m.args;
    for (const Message &cause : m.causes)
        all << localText(cause);
    return fillTemplate(QCoreApplication::translate(kMessageContext, messageTemplate(m.id)), all);
}

QString catalogText(const QString &english)
{
    return english.isEmpty() ? english
                             : QCoreApplication::translate("pp::OperationCatalog", english.toUtf8().constData());
}

namespace {
// The built-in presets' descriptions (resources/presets/*.json), for lupdate; the German window
// test fails when one here no longer matches its file (it would show in English).
[[maybe_unused]] const char *const kBuiltinDescriptions[] = {
    QT_TRANSLATE_NOOP("pp::BuiltinPreset",
                      "The classic process-pool demonstration: Gaussian blur radius 15, fit within 1200×1200, JPEG."),
    QT_TRANSLATE_NOOP("pp::BuiltinPreset", "Black and white at full size, JPEG quality 90."),
    QT_TRANSLATE_NOOP("pp::BuiltinPreset", "Thumbnails: fit within 256×256, sRGB, no metadata, JPEG quality 80."),
    QT_TRANSLATE_NOOP("pp::BuiltinPreset", "For the web: fit within 1920×1920 (never enlarged), light sharpening, "
                                           "sRGB, no location, JPEG quality 85."),
    QT_TRANSLATE_NOOP("pp::BuiltinPreset",
                      "Two outputs from one decode: web/ as the web preset makes it (fit within 1920×1920, light "
                      "sharpening, no location, quality 85) and thumbnail/ as the thumbnail preset (fit within "
                      "256×256, no metadata, quality 80); both sRGB JPEG."),
};
} // namespace

QString presetDescription(const QString &description, bool builtin)
{
    return builtin && !description.isEmpty()
               ? QCoreApplication::translate("pp::BuiltinPreset", description.toUtf8().constData())
               : description;
}

} // namespace pp::i18n
