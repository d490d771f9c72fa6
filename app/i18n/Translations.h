// The user's language at the edge: loading the translations, and rendering the engine's
// messages (pp::Message) through them. The window and `pixelpool --batch` both call these;
// --json and reports never do (they keep the stable English, Message::english()).
#pragma once

#include "Message.h"

#include <QLocale>

class QCoreApplication;

namespace pp::i18n {

// Installs PixelPool's translation for `locale` (embedded, :/i18n/pixelpool_<lang>.qm) and Qt's own
// qtbase translation (QLibraryInfo's translations folder, /usr/share/qt6/translations on Debian:
// qt6-translations-l10n) into `app`. QLocale::system() takes the language from LANGUAGE, LC_ALL,
// LC_MESSAGES and LANG themselves, so no glibc locale needs to be generated. Returns the name of
// the PixelPool translation loaded ("de"), or "" when the user's language is English or has none.
QString installTranslations(QCoreApplication *app, const QLocale &locale = QLocale::system());

// A message in the user's language. A failure whose English is a detail as it came (a decoding
// library's words) shows its translated headline followed by that detail in English, marked as the
// detail ("die Bilddaten sind beschädigt oder abgeschnitten (Details: Premature end of JPEG file)"),
// or the detail translated when it is in the worker's own words the translation has
// (kEmptyFileDetail); without a translation it is the English.
QString localText(const Message &m);
// An operation's title, description, parameter label, choice or file filter from the operation
// table (OperationCatalog.cpp, marked QT_TR_NOOP) in the user's language.
QString catalogText(const QString &english);
// A built-in preset's description in the user's language; a user's own preset's as it is.
QString presetDescription(const QString &description, bool builtin);

} // namespace pp::i18n
