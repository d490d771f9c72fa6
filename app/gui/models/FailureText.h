// What the window says of an image's failure, in the user's language, wherever it shows one: the
// preview pane, a card of the queue, the batch summary's list of failures. A step of the preset
// that failed is named as the editor's list numbers and names it, once.
#pragma once

#include "Message.h"
#include "Preset.h"

#include <QCoreApplication>

namespace pp::gui {

class FailureText
{
    Q_DECLARE_TR_FUNCTIONS(pp::gui::FailureText)
public:
    // `reason` as BatchRunner's failureMessage() makes it; `preset`: the one the image ran with (none:
    // the reason as i18n::localText says it). A step that failed as it ran, named by the worker by its
    // operation ("logo: /x/logo.png: truncated JPEG header", after 'output "web": ' where the
    // preset has several outputs): "Step 3 (Logo): /x/logo.png: …", German "Schritt 3 (Logo) ist
    // gescheitert (Details: …)". A step whose result would be over the pixel limit, named by its
    // place in the preset file ("steps[14] (border) would make …"): "Step 15 (Border): the image
    // would be … pixels". Any other reason, or one that names no step of `preset`: localText().
    static QString of(const Message &reason, const Preset *preset);
    // Any other message the window shows (a warning, a skip's reason, a preset file's problem), in
    // the user's language. Both read as they are: a quoted name's controls are named (shownText).
    static QString shown(const Message &m);

private:
    static QString stepFailed(const QString &message, const Preset &preset);
    static QString stepOverPixelLimit(const QString &message, const Preset &preset);
};

} // namespace pp::gui
