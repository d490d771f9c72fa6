#!/usr/bin/env python3
"""The German translation leaves no English behind (issue 11, docs/translations.md).

    check_german.py --ts resources/translations/pixelpool_de.ts batch --pixelpool BUILD/app/pixelpool
    check_german.py --ts resources/translations/pixelpool_de.ts window --dump BUILD/tests/i18n/dump_window_texts

`batch` runs `pixelpool --batch` on a folder with a good image, a damaged one, an empty one, a file
that is no image, a missing input and an unusable output folder; `window` runs a program that shows the
window, runs a batch with a damaged image, opens the preset editor and prints every text of every
widget and action (texts, tool tips, accessible names, items of lists and menus) as JSON lines.
Both run with LANG/LC_ALL/LANGUAGE set to German and fail on any English word left.

English is recognised without a dictionary of the world: the words of the translation's English
sources, of the engine's English reasons in --json (batch), and a few common English words, minus every word that occurs in a German translation
(loanwords such as "Format" or "JPEG"), minus the names that are data (files, presets), minus a
worker's English detail where the text marks it as the detail after its translated headline
("… (Details: Premature end of JPEG file)": a decoder's words, which have no translation). A source
whose translation is missing therefore shows its English words and fails the check. Each mode
also runs once in English and requires the check to find English there, so it cannot pass by
recognising nothing.

No glibc locale needs to exist: Qt takes the language from the variables themselves
(QLocale::system()), so this runs on a clean Debian without `locales`.
Exit 0: passed; 1: failed (each finding printed).
"""
import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
# Frequent English words that a text not wrapped in tr() would likely hold, beyond the sources'.
COMMON = set("""the and of to is are was were not no with from for this that these those it its
be been has have had by or on at as can cannot could would should will into out than then
which what when where who why how all any each every some one two file files folder folders
image images output outputs input inputs done failed skipped cancelled error errors warning
worker workers preset presets batch queue open save settings step steps show hide add remove
left while found processing""".split())
# The source of the template that puts a worker's English detail after a failure's translated
# headline (app/i18n/Translations.cpp).
DETAIL_SOURCE = "%1 (detail: %2)"
GERMAN_ENV = {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de_DE:de"}
ENGLISH_ENV = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": ""}


def words(text):
    # An Alt+letter's "&" is no part of the word: "R&and" is "Rand", not "R" and "and".
    return [w.lower() for w in WORD.findall(re.sub(r"&(?=\w)", "", text))]


class EnglishFinder:
    def __init__(self, ts_path, data_words=()):
        sources, german = set(), set()
        for msg in ET.parse(ts_path).getroot().iter("message"):
            sources.update(w for w in words(msg.findtext("source") or "") if len(w) >= 3)
            german.update(words(msg.findtext("translation") or ""))
        self.german = german
        self.data = {w.lower() for w in data_words}
        self.english = (sources | COMMON) - german - self.data
        # How the translation marks a worker's English detail: the words around %2 in the
        # translation of "%1 (detail: %2)" (i18n::localText).
        self.detail_marks = []
        for msg in ET.parse(ts_path).getroot().iter("message"):
            if msg.findtext("source") == DETAIL_SOURCE:
                before, _, after = (msg.findtext("translation") or "").partition("%2")
                if "%1" in before and before.split("%1")[-1].strip():
                    self.detail_marks.append((before.split("%1")[-1], after))

    def add(self, texts):
        """Also counts as English the words of these texts (the engine's English reasons, what an
        English run prints), but for the data in them (paths, options)."""
        for text in texts:
            self.english |= {w for w in words(self.plain(text)) if len(w) >= 3} - self.german - self.data

    def without_details(self, text):
        """The text without the workers' English details it marks as such (nested brackets in a
        detail, "signal 11 (SIGSEGV)", stay inside it)."""
        for opening, closing in self.detail_marks:
            out, i = "", 0
            while True:
                j = text.find(opening, i)
                if j < 0:
                    out += text[i:]
                    break
                out += text[i:j]
                k, depth = j + len(opening), 0
                while k < len(text) and not (depth == 0 and text.startswith(closing, k)):
                    depth += {"(": 1, ")": -1}.get(text[k], 0)
                    k += 1
                i = k + len(closing)
            text = out
        return text

    def plain(self, text):
        text = self.without_details(text)
        # Paths and file names are data: a token with a slash or a dot in it is left alone.
        # So are the built-in presets' names with a hyphen ("web-and-thumbnail") and options,
        # which are typed as they are ("--verbose").
        return " ".join(t for t in text.split()
                        if "/" not in t and not re.search(r"\w\.\w", t) and t.lower() not in self.data and
                        not t.lstrip("\"'(").startswith("-"))

    def find(self, text):
        return sorted({w for w in words(self.plain(text)) if w in self.english})


def png(path, w=64, h=48):
    rows = b"".join(b"\x00" + b"".join(bytes((x * 4 % 256, y * 5 % 256, 90)) for x in range(w)) for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def run(cmd, env_extra, cwd):
    env = dict(os.environ)
    for k in ("DISPLAY", "WAYLAND_DISPLAY", "NO_COLOR", "LC_MESSAGES"):
        env.pop(k, None)
    env.update(env_extra)
    return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


class Report:
    def __init__(self):
        self.failed = 0

    def check(self, label, ok, detail=""):
        print("%s %s%s" % ("ok  " if ok else "FAIL", label, "" if ok else ": " + str(detail)[:1500]))
        self.failed += 0 if ok else 1


def english_lines(finder, lines):
    found = []
    for line in lines:
        hits = finder.find(line)
        if hits:
            found.append("%s  <- %s" % (line, ", ".join(hits)))
    return found


def check_batch(args, finder, report):
    with tempfile.TemporaryDirectory(prefix="pixelpool-i18n-") as tmp:
        check_batch_in(args, finder, report, tmp)


def check_batch_in(args, finder, report, tmp):
    photos = os.path.join(tmp, "fotos")
    os.makedirs(photos)
    png(os.path.join(photos, "gut.png"))
    with open(os.path.join(photos, "kaputt.jpg"), "wb") as f:  # a JPEG header, then nothing
        f.write(bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb0043") + b"\x08" * 64)
    with open(os.path.join(photos, "keinbild.png"), "wb") as f:
        f.write(b"dies ist kein Bild " * 20)
    with open(os.path.join(photos, "liesmich.txt"), "w") as f:
        f.write("kein Bild\n")
    open(os.path.join(photos, "leer.jpg"), "wb").close()  # an empty file: "unsupported", said as empty
    blocker = os.path.join(tmp, "datei")
    open(blocker, "w").close()
    # Presets that do not load: a JSON file cut short, and a step whose operation does not exist.
    broken = os.path.join(tmp, "kaputt.json")
    with open(broken, "w") as f:
        f.write('{ "format": "pixelpool-preset", "version": 1, ')
    unknown_op = os.path.join(tmp, "explodieren.json")
    with open(unknown_op, "w") as f:
        f.write('{"format": "pixelpool-preset", "version": 1, "name": "x", "steps": [{"op": "explodieren"}]}')
    env_base = {"XDG_RUNTIME_DIR": tmp, "XDG_CONFIG_HOME": os.path.join(tmp, "config")}
    # pixelpool without its worker beside it, and with one that cannot be run: every image fails
    # with why, which was the translated headline and the English ("… (Details: workers cannot
    # start (cannot start worker …))").
    alone, locked = os.path.join(tmp, "allein"), os.path.join(tmp, "gesperrt")
    for d in (alone, locked):
        os.makedirs(d)
        shutil.copy(args.pixelpool, d)
    worker = os.path.join(locked, "pixelpool-worker")
    shutil.copy(os.path.join(os.path.dirname(args.pixelpool), "pixelpool-worker"), worker)
    os.chmod(worker, 0)
    batch = [args.pixelpool, "--batch", "-w", "2", "-o", os.path.join(tmp, "aus"), photos,
             os.path.join(tmp, "fehlt.jpg")]
    # Images whose worker crashes, and one past the time limit (the test build's workers misbehave
    # on request): the front end's own words, which German showed as English details ("… (Details:
    # worker crashed: signal 11 (SIGSEGV))", "… (Details: timed out after 1 s)").
    lost = os.path.join(tmp, "verloren")
    os.makedirs(lost)
    for name in ("pixelpool-test-crash.png", "pixelpool-test-hang.png"):
        shutil.copy(os.path.join(photos, "gut.png"), os.path.join(lost, name))
    losing = [args.pixelpool, "--batch", "-w", "2", "--test-flags", "1", "--timeout", "1", "-o",
              os.path.join(tmp, "aus-verloren"), lost]
    runs = {
        "batch": batch,
        "unusable output folder": [args.pixelpool, "--batch", "-o", blocker, photos],
        "no worker file": [os.path.join(alone, "pixelpool"), "--batch", "-o", os.path.join(tmp, "aus"), photos],
        "a worker file that cannot be run": [os.path.join(locked, "pixelpool"), "--batch", "-o",
                                             os.path.join(tmp, "aus"), photos],
        "workers lost and the time limit": losing,
        "dry run": [args.pixelpool, "--dry-run", "-o", os.path.join(tmp, "probe"), photos],
        "preset that is not JSON": [args.pixelpool, "--batch", "-p", broken, photos],
        "preset with an unknown operation": [args.pixelpool, "--batch", "-p", unknown_op, photos],
        "unknown option": [args.pixelpool, "--batch", "--unsinn", photos],
        "options that conflict": [args.pixelpool, "--batch", "--quiet", "--verbose", photos],
        "value out of range": [args.pixelpool, "--batch", "--quality", "500", photos],
        "a scale-out option without its partner": [args.pixelpool, "--batch", "--shard-count", "3", photos],
        "a shard number out of range": [args.pixelpool, "--batch", "--overwrite", "skip", "--shard", "9/4", photos],
        # A report in a "folder" that is a file: cannot be written, whoever runs the test (root too).
        "a report that cannot be written": [args.pixelpool, "--batch", "-o", os.path.join(tmp, "aus"), "--report",
                                            os.path.join(blocker, "bericht.json"), photos],
        # A report that would replace a photo: refused before any work, the photo kept.
        "a report over a photo": [args.pixelpool, "--batch", "-o", os.path.join(tmp, "aus"), "--report",
                                  os.path.join(photos, "gut.png"), photos],
        # A report named as a folder: said to be one (it was "Input/output error", in English).
        "a report that is a folder": [args.pixelpool, "--batch", "-o", os.path.join(tmp, "aus"), "--report", tmp,
                                      photos],
        "report merge of a report that is not there": [args.pixelpool, "report", "merge",
                                                       os.path.join(tmp, "fehlt.json")],
        "report merge of a file that is not JSON": [args.pixelpool, "report", "merge", broken],
        "report merge of JSON that is no report": [args.pixelpool, "report", "merge", unknown_op],
        "report merge without reports": [args.pixelpool, "report", "merge"],
    }
    # The reports of a batch in two shards, for `pixelpool report merge`. The folder is given as
    # "fotos" from tmp: the keys, and so the partition, are the same whatever tmp is called (each
    # shard owns some of the inputs).
    shard_reports = []
    for k in (0, 1):
        shard_reports.append(os.path.join(tmp, "teil-%d.json" % k))
        run([args.pixelpool, "--batch", "--overwrite", "skip", "--shard", "%d/2" % k, "--report", shard_reports[-1],
             "-o", os.path.join(tmp, "geteilt"), "fotos"], {**env_base, **ENGLISH_ENV}, tmp)
    copies = [f.replace(".json", "-kopie.json") for f in shard_reports]  # two reports of each shard
    for f, c in zip(shard_reports, copies):
        shutil.copy(f, c)
    merges = {  # what merge prints on stdout
        "report merge of every shard": ([args.pixelpool, "report", "merge"] + shard_reports, 0),
        "report merge with a shard missing": ([args.pixelpool, "report", "merge", shard_reports[0]], 1),
        "report merge with a shard twice": ([args.pixelpool, "report", "merge"] + shard_reports + copies, 1),
        "report merge with a report named twice": ([args.pixelpool, "report", "merge"] + shard_reports * 2, 0),
    }
    # The engine's own English (a worker's detail, such as a decoder's words) is what a missing
    # translation would let through: --json gives it, in any language.
    en = run(batch + ["--json"], {**env_base, **ENGLISH_ENV}, tmp)
    events = [json.loads(line) for line in en.stdout.splitlines()]
    finder.add(e.get("reason", "") + " " + e.get("message", "") for e in events)
    damaged_reasons = [e["reason"] for e in events if e.get("reason") and e.get("input", "").endswith("kaputt.jpg")]
    for label, cmd in runs.items():
        de = run(cmd, {**env_base, **GERMAN_ENV}, tmp)
        en = run(cmd, {**env_base, **ENGLISH_ENV}, tmp)
        english_found = english_lines(finder, en.stderr.splitlines())
        # What the English run says is English wherever it shows up untranslated.
        finder.add(en.stderr.splitlines())
        report.check("%s: German stderr says something" % label, de.stderr.strip() != "", de.stderr)
        report.check("%s: same exit code in both languages" % label, de.returncode == en.returncode,
                     (de.returncode, en.returncode))
        left = english_lines(finder, de.stderr.splitlines())
        report.check("%s: no English in the German terminal output" % label, not left, "\n" + "\n".join(left))
        report.check("%s: the check finds the English of an English run" % label, bool(english_found), en.stderr)
        if cmd[0] in (os.path.join(alone, "pixelpool"), os.path.join(locked, "pixelpool")) or cmd is losing:
            report.check("%s: said in German whole, no English detail" % label,
                         "Arbeitsprozess" in de.stderr and "(Details:" not in de.stderr, de.stderr)
        print("---- %s (German stderr)\n%s----" % (label, de.stderr))
    for label, (cmd, code) in merges.items():
        de = run(cmd, {**env_base, **GERMAN_ENV}, tmp)
        en = run(cmd, {**env_base, **ENGLISH_ENV}, tmp)
        english_found = english_lines(finder, en.stdout.splitlines())
        finder.add(en.stdout.splitlines())
        report.check("%s: exit code %d in both languages" % (label, code), de.returncode == en.returncode == code,
                     (de.returncode, en.returncode, de.stderr))
        left = english_lines(finder, de.stdout.splitlines())
        report.check("%s: no English in the German account" % label, de.stdout.strip() and not left,
                     "\n" + "\n".join(left))
        report.check("%s: the check finds the English of an English run" % label, bool(english_found), en.stdout)
        print("---- %s (German stdout)\n%s----" % (label, de.stdout))
        # --json stays the stable English, whatever the language.
        out = [run(cmd + ["--json"], {**env_base, **env}, tmp) for env in (GERMAN_ENV, ENGLISH_ENV)]
        report.check("%s: --json is the same English in both languages" % label,
                     out[0].stdout == out[1].stdout and json.loads(out[1].stdout)["reports"] > 0,
                     (out[0].stdout, out[1].stdout))

    de = run(batch, {**env_base, **GERMAN_ENV}, tmp)
    report.check("batch: a failure and the summary are printed",
                 "kaputt.jpg" in de.stderr and "keinbild.png" in de.stderr and "liesmich.txt" in de.stderr and
                 "fehlt.jpg" in de.stderr and "Bilder:" in de.stderr, de.stderr)

    # The damaged image's line says what went wrong in German, then the decoder's English words (what
    # --json gives as its reason), marked as the detail: German does not lose what English shows.
    damaged = [line for line in de.stderr.splitlines() if "kaputt.jpg" in line]
    report.check("batch: the damaged image keeps its English detail, marked, in German",
                 len(damaged_reasons) == 1 and len(damaged) == 1 and finder.detail_marks and
                 any(damaged[0].endswith(o + damaged_reasons[0] + c) for o, c in finder.detail_marks),
                 (damaged, damaged_reasons, finder.detail_marks))

    # An empty file is said to be empty, in both languages, not "no image format PixelPool reads".
    empty = [line for line in de.stderr.splitlines() if "leer.jpg" in line]
    report.check("batch: an empty file is said to be empty in German",
                 len(empty) == 1 and empty[0].endswith(": leere Datei"), de.stderr)

    # A file that is no image says so in German, not the headline followed by the same in English.
    junk = [line for line in de.stderr.splitlines() if "keinbild.png" in line]
    report.check("batch: a file that is no image is said to be none in German",
                 len(junk) == 1 and junk[0].endswith(": kein Bild, das PixelPool lesen kann (JPEG, PNG, WebP, TIFF, "
                                                     "BMP, HEIC, AVIF, GIF, JPEG XL, Kamera-RAW)"), de.stderr)

    # Numbers as German writes them: a decimal comma in the summary's seconds ("in 0,42 s").
    seconds = re.compile(r"\b\d+([.,])\d\d s\b")
    en = run(batch, {**env_base, **ENGLISH_ENV}, tmp)
    report.check("batch: the summary's seconds have a decimal comma in German",
                 [m.group(1) for m in seconds.finditer(de.stderr)] == [","], de.stderr)
    report.check("batch: ... and a decimal point in English",
                 [m.group(1) for m in seconds.finditer(en.stderr)] == ["."], en.stderr)
    report.check("batch: ... and an empty file is an empty file in English",
                 any(line.endswith("leer.jpg: empty file") for line in en.stderr.splitlines()), en.stderr)

    # --help: what describes the options is German; the options themselves are typed as they are.
    de = run([args.pixelpool, "--help"], {**env_base, **GERMAN_ENV}, tmp)
    en = run([args.pixelpool, "--help"], {**env_base, **ENGLISH_ENV}, tmp)
    report.check("--help: the check finds the English of the English help",
                 len(english_lines(finder, en.stdout.splitlines())) > 10, en.stdout)
    finder.add(en.stdout.splitlines())
    left = english_lines(finder, de.stdout.splitlines())
    report.check("--help: no English in the German help", de.returncode == 0 and not left, "\n" + "\n".join(left))

    report.check("--help: lists the same options in both languages",
                 re.findall(r"--[a-z-]+", de.stdout) == re.findall(r"--[a-z-]+", en.stdout), de.stdout)

    # A preset that does not load: --json says so in English, with the message's code.
    for path, code in ((broken, "preset-not-json"), (unknown_op, "unknown-operation")):
        out = [run([args.pixelpool, "--batch", "--json", "-p", path, photos], {**env_base, **env}, tmp)
               for env in (GERMAN_ENV, ENGLISH_ENV)]
        report.check("--json: a preset that does not load is the same English error in both languages (%s)" % code,
                     out[0].stdout == out[1].stdout and out[0].returncode == 2 and
                     [(e["code"], e["message_code"]) for e in map(json.loads, out[1].stdout.splitlines())] ==
                     [("preset", code)], (out[0].stdout, out[1].stdout))

    # --json stays the stable English with the codes, whatever the language.
    de = run(batch + ["--json"], {**env_base, **GERMAN_ENV}, tmp)
    en = run(batch + ["--json"], {**env_base, **ENGLISH_ENV}, tmp)

    def reasons(out):
        keep = ("event", "input", "reason", "code")
        return sorted(json.dumps({k: e[k] for k in keep if k in e}, sort_keys=True)
                      for e in map(json.loads, out.splitlines()) if "reason" in e)

    report.check("--json: reasons and codes are the same English in both languages",
                 reasons(de.stdout) == reasons(en.stdout) and len(reasons(en.stdout)) >= 4,
                 (reasons(de.stdout), reasons(en.stdout)))


def check_window(args, finder, report):
    def texts(env):
        with tempfile.TemporaryDirectory(prefix="pixelpool-i18n-") as tmp:
            r = run([args.dump], {**env, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": tmp,
                                  "XDG_CONFIG_HOME": tmp}, tmp)
        if r.returncode != 0:
            report.check("the window program ran", False, r.stderr[-3000:])
            return None
        return [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]

    de = texts(GERMAN_ENV)
    en = texts(ENGLISH_ENV)
    if de is None or en is None:
        return
    language = [e["text"] for e in de if e["where"] == "translation"]
    report.check("the German translation is loaded", language == ["de_DE"], language)
    shown = [e for e in de if e["where"] != "translation"]
    report.check("the walk saw the window's parts (%d texts)" % len(shown), len(shown) > 150, len(shown))
    left = ["%s %s: %r <- %s" % (e["where"], e["what"], e["text"], ", ".join(finder.find(e["text"])))
            for e in shown if finder.find(e["text"])]
    report.check("no English in the German window", not left, "\n" + "\n".join(left))
    errors = [e["text"] for e in shown if "kaputt.json" in e["text"] or "explodieren" in e["text"]]
    report.check("the window showed why each broken preset file does not load",
                 any("kaputt.json" in t for t in errors) and any("explodieren" in t for t in errors), errors)
    # The status bar's messages (StatusMessage), each as it was shown: the batch's start, which its end
    # replaced before any walk, the end (with the images that failed, which wait for Start), a preset
    # file that does not load.
    status = [e["text"] for e in de if e["what"] == "statusMessage"]
    report.check("the status bar's messages were seen",
                 "In Arbeit: 4 Bilder…" in status and
                 any(t.startswith("Stapelverarbeitung beendet.") for t in status) and
                 any("kaputt.json" in t for t in status), status)
    report.check("the English status messages are found English",
                 any(finder.find(e["text"]) for e in en if e["what"] == "statusMessage"),
                 [e["text"] for e in en if e["what"] == "statusMessage"])
    report.check("the check finds the English of the English window",
                 sum(1 for e in en if finder.find(e["text"])) > 50, len(en))
    # A worker crashed on an image once: the engine log says so (and is in German, above).
    log = [e["text"] for e in de if e["what"] == "line"]
    report.check("the engine log tab's lines were seen", len(log) > 0, log)
    report.check("the English engine log is found English",
                 any(finder.find(e["text"]) for e in en if e["what"] == "line"),
                 [e["text"] for e in en if e["what"] == "line"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ts", required=True)
    sub = ap.add_subparsers(dest="mode", required=True)
    b = sub.add_parser("batch")
    b.add_argument("--pixelpool", required=True)
    w = sub.add_parser("window")
    w.add_argument("--dump", required=True)
    args = ap.parse_args()
    for name in ("pixelpool", "dump"):  # the programs run in a temporary folder
        if getattr(args, name, None):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    # Data, not words of the interface: the built-in presets' names, the test's file names, the
    # system call Qt names when a program cannot be run ("execve: Zugriff verweigert"), and the names
    # of the signals a worker can die of ("Signal 11 (SIGSEGV)").
    finder = EnglishFinder(args.ts, data_words=["web", "classic", "grayscale", "thumbnail", "web-and-thumbnail", "kaputt", "keinbild",
                                                "explodieren", "execve", "sigsegv", "sigabrt", "sigkill", "sigterm"])
    report = Report()
    (check_batch if args.mode == "batch" else check_window)(args, finder, report)
    print("%d check(s) failed" % report.failed if report.failed else "all checks passed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
