#!/usr/bin/env python3
"""A translation that names a button calls it by the button's own translated words, quoted as the
translation quotes the window's names („Starten“).

    check_button_names.py --ts resources/translations/pixelpool_de.ts --button 'pp::gui::MainWindow=&Start'

Each --button is a button's message (context=source). Every other message whose English names the
button by its words ("Start makes it again.", case and whole word as written) must have each of its
translations (each plural form) name it as its translation reads, without the "&", between the
quotes given (German: „ and “). The German window's button reads "Starten" while a dozen texts
said "Start erzeugt es neu" or "Starten (Strg+Return) verarbeitet es", unquoted: a word of the
sentence, not the button to press.
Exit 0: passed; 1: failed (each finding printed).
"""
import argparse
import re
import sys
import xml.etree.ElementTree as ET


def forms(message):
    tr = message.find("translation")
    plural = [f.text or "" for f in tr.iter("numerusform")]
    return plural or [tr.text or ""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ts", required=True)
    ap.add_argument("--button", action="append", required=True, help="context=source of the button's text")
    ap.add_argument("--quotes", default="„“", help="the opening and closing quote of the translation")
    args = ap.parse_args()
    root = ET.parse(args.ts).getroot()
    messages = [(ctx.findtext("name"), m) for ctx in root.iter("context") for m in ctx.iter("message")]
    failed = 0
    for button in args.button:
        context, _, source = button.partition("=")
        own = [m for c, m in messages if c == context and m.findtext("source") == source]
        if len(own) != 1:
            print("FAIL no message %r in %s" % (source, context))
            failed += 1
            continue
        english = source.replace("&", "")
        translated = forms(own[0])[0].replace("&", "")
        quoted = args.quotes[0] + translated + args.quotes[1]
        naming = re.compile(r"(?<![\w&])%s(?!\w)" % re.escape(english))
        checked = 0
        for c, m in messages:
            text = m.findtext("source") or ""
            if m is own[0] or not naming.search(text):
                continue
            checked += 1
            for form in forms(m):
                if quoted not in form:
                    print("FAIL [%s] %r: %r does not name the button %s" % (c, text, form, quoted))
                    failed += 1
        print("%s: %d messages name it" % (quoted, checked))
        if checked == 0:  # the check would pass by finding nothing
            print("FAIL no message names %r" % english)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
