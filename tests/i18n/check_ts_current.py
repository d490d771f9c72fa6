#!/usr/bin/env python3
"""The translations in resources/translations are current and complete.

    check_ts_current.py --lupdate /usr/lib/qt6/bin/lupdate --source SOURCE_DIR TS...

lupdate runs over the same sources as the build's `update_translations` target (app/,
shared/text/, shared/presets/), into a copy of each .ts file; the copy must hold the same
messages as the committed file (no text added or removed in the code without `ninja
update_translations`), and every message must have a finished translation.
Exit 0: passed; 1: failed.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SOURCES = ["app", "shared/text", "shared/presets"]  # as app/i18n/CMakeLists.txt


def messages(path):
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            tr = m.find("translation")
            # A plural message keeps its text in <numerusform>s: every one must be filled.
            forms = [(f.text or "").strip() for f in tr.iter("numerusform")]
            text = (tr.text or "").strip() if not forms else ("|".join(forms) if all(forms) else "")
            out[(name, m.findtext("source"))] = (tr.get("type"), text)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lupdate", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("ts", nargs="+")
    args = ap.parse_args()
    failed = 0
    for ts in args.ts:
        committed = messages(ts)
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, os.path.basename(ts))
            shutil.copy(ts, copy)
            r = subprocess.run([args.lupdate, "-no-obsolete", "-locations", "none", "-extensions", "cpp,h"] +
                               [os.path.join(args.source, s) for s in SOURCES] + ["-ts", copy],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print("FAIL lupdate:", r.stdout, r.stderr)
                return 1
            current = messages(copy)
        added = sorted(set(current) - set(committed))
        gone = sorted(set(committed) - set(current))
        unfinished = sorted(k for k, (kind, text) in committed.items() if kind in ("unfinished", "vanished",
                                                                                   "obsolete") or not text)
        for label, items in (("in the code but not in", added), ("in but no longer in the code:", gone),
                             ("without a finished translation in", unfinished)):
            for context, source in items:
                print("FAIL %s %s: [%s] %r" % (label, os.path.basename(ts), context, source))
            failed += len(items)
        print("%s: %d messages, %d problem(s)" % (os.path.basename(ts), len(committed), len(added) + len(gone) +
                                                   len(unfinished)))
    if failed:
        print("run `ninja -C build update_translations`, then translate what is new (docs/translations.md)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
