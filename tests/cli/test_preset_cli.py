#!/usr/bin/env python3
"""Hand-written presets and the command line's overrides as a user meets them: what a preset may not
say is refused before any work (exit 2, the field named, in --dry-run as in --batch), and user
presets that do not load are said. Same arguments and exit codes as test_cli.py, whose helpers it
uses:

    test_preset_cli.py --pixelpool BUILD/bin/pixelpool --samples resources/samples --schemas resources/schema CASE
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import GERMAN, check_against_schema  # noqa: E402


def preset_file(ctx, file_name, text):
    path = os.path.join(ctx.tmp, file_name)
    with open(path, "w" if isinstance(text, str) else "wb") as f:
        f.write(text)
    return path


def head(name="t"):
    return '{"format": "pixelpool-preset", "version": 1, "name": %s, "steps": [], ' % json.dumps(name)


def case_control_characters(ctx, ck):
    """A NUL in output.nameTemplate was taken: outputs were reported as "a?quad.png" while the file
    was "a", the next images failed, and a run into a folder holding "a" spun at 100 % CPU deaf to
    SIGTERM (the planner's numbering saw every name taken). A NUL in output.folder was refused only
    after Qt printed "Broken filename passed to function". Now each is refused when the preset is
    loaded, naming the field, exit 2, before any work; so are a newline and the other controls."""
    out = ctx.mkdir("ctl-out")
    open(os.path.join(out, "a"), "w").close()  # what lstat() saw of every numbered name
    cases = {
        "tpl-nul": (r'"output": {"format": "png", "nameTemplate": "a\u0000{name}.{ext}"}}',
                    "output.nameTemplate: the file name template must not contain control characters "
                    "(U+0000 at character 2)"),
        "tpl-newline": (r'"output": {"format": "png", "nameTemplate": "a\n{name}.{ext}"}}',
                        "(U+000A at character 2)"),
        "folder-nul": (r'"output": {"format": "png", "folder": "nulfold\u0000er"}}',
                       "output.folder must not contain control characters (U+0000 at character 8)"),
        "folder-escape": (r'"output": {"format": "png", "folder": "out\u001b[2J"}}',
                          "output.folder must not contain control characters (U+001B at character 4)"),
    }
    for name, (output, expected) in cases.items():
        path = preset_file(ctx, name + ".json", head() + output)
        for mode in ("--batch", "--dry-run"):
            try:
                r = ctx.run(mode, "-w", "1", "-p", path, "-o", out, ctx.sample(), timeout=30)
            except subprocess.TimeoutExpired:
                ck.check("%s %s: ends" % (name, mode), False, "still running after 30 s")
                continue
            ck.check("%s %s: exit 2, the field named" % (name, mode),
                     r.rc == 2 and expected in r.err and "Broken filename" not in r.err, (r.rc, r.err))
    ck.check("nothing written", sorted(os.listdir(out)) == ["a"], os.listdir(out))
    r = ctx.run("--dry-run", "-p", os.path.join(ctx.tmp, "tpl-nul.json"), "-o", out, ctx.sample(), env=GERMAN)
    ck.check("German", r.rc == 2 and "darf keine Steuerzeichen enthalten (U+0000 an Zeichen 2)" in r.err, r.err)


def case_override_same_names(ctx, ck):
    """--format png on a preset whose two outputs are told apart only by their formats ({name}.{ext},
    png and jpeg): the dry run planned "quad.png" and "quad (2).png", exit 0, while the batch failed
    every image in the worker ("the preset cannot be used: …"), exit 1. The overrides apply to every
    output (docs/outputs.md), so the preset they make is refused before any work, the same in both."""
    path = preset_file(ctx, "mo.json", json.dumps({
        "format": "pixelpool-preset", "version": 1, "name": "mo", "steps": [],
        "outputs": [{"name": "a", "steps": [], "output": {"format": "png", "nameTemplate": "{name}.{ext}"}},
                    {"name": "b", "steps": [{"op": "grayscale"}],
                     "output": {"format": "jpeg", "nameTemplate": "{name}.{ext}"}}]}))
    out = ctx.mkdir("mo-out")
    expected = ("pixelpool: with --format png, the preset cannot be used: outputs[1].output.nameTemplate makes the "
                "same file names as outputs[0]'s: give each output its own, like \"b/{name}.{ext}\"\n")
    for mode in ("--batch", "--dry-run"):
        r = ctx.run(mode, "-w", "1", "-p", path, "--format", "png", "-o", out, ctx.sample())
        ck.check("%s --format png: exit 2, said why" % mode, r.rc == 2 and r.err == expected, (r.rc, r.err))
        r = ctx.run(mode, "-w", "1", "-p", path, "--format", "keep", "--quality", "50", "-o", out, ctx.sample())
        ck.check("%s --format keep --quality 50: exit 2, both options named" % mode,
                 r.rc == 2 and "with --format keep --quality 50, the preset cannot be used" in r.err, (r.rc, r.err))
        r = ctx.run(mode, "--json", "-w", "1", "-p", path, "--format", "png", "-o", out, ctx.sample())
        errors = r.of("error")
        ck.check("%s --json: an error event, code preset, message_code output-same-names" % mode,
                 r.rc == 2 and len(errors) == 1 and errors[0].get("code") == "preset" and
                 errors[0].get("message_code") == "output-same-names" and
                 errors[0].get("message") == expected[len("pixelpool: "):-1], (r.rc, r.out))
        check_against_schema(ctx, ck, mode + " --json", r.events())
    ck.check("nothing written", os.listdir(out) == [], os.listdir(out))
    r = ctx.run("--batch", "-w", "1", "-p", path, "--format", "png", "-o", out, ctx.sample(), env=GERMAN)
    ck.check("German", r.rc == 2 and "mit --format png ist die Voreinstellung nicht verwendbar" in r.err, r.err)
    # Without the override, and with one that keeps the formats apart, it runs.
    r = ctx.run("--batch", "-w", "1", "-p", path, "--quality", "60", "-o", out, ctx.sample())
    ck.check("--quality alone: the two outputs written",
             r.rc == 0 and sorted(os.listdir(out)) == ["kite.jpg", "kite.png"], (r.rc, r.err, os.listdir(out)))


def case_duplicate_keys(ctx, ck):
    """A key given twice in one object was taken silently, the last one winning: "quality" 95 then
    5, "metadata" strip then keep (the file's author saw "strip"; the photos kept their location).
    Refused, naming the key and where, as a misspelt key is."""
    path = preset_file(ctx, "dup.json",
                       '{"format":"pixelpool-preset","version":1,"name":"dup","steps":[],\n'
                       ' "output":{"format":"jpeg","quality":95,"metadata":"strip","quality":5,"metadata":"keep"}}\n')
    out = ctx.mkdir("dup-out")
    for mode in ("--batch", "--dry-run"):
        r = ctx.run(mode, "-p", path, "-o", out, ctx.sample())
        ck.check("%s: exit 2, the key and both places named" % mode,
                 r.rc == 2 and r.err == "pixelpool: %s: output.quality is given twice, at line 2, column 60 and "
                                        "before at line 2, column 28: a preset says each setting once\n" % path,
                 (r.rc, r.err))
    r = ctx.run("--batch", "--json", "-p", path, "-o", out, ctx.sample())
    errors = r.of("error")
    ck.check("--json: message_code preset-duplicate-key",
             r.rc == 2 and [e.get("message_code") for e in errors] == ["preset-duplicate-key"], r.out)
    ck.check("nothing written", os.listdir(out) == [], os.listdir(out))


def case_user_presets_not_loaded(ctx, ck):
    """User presets that do not load (a file holding "{", one named "Web" like the built-in web)
    were dropped without a word: --list-presets showed neither, and `-p broken` said only "no preset
    named …". Now both say which files were left out and why, on stderr (and --json in its error event)."""
    folder = os.path.join(ctx.env["XDG_CONFIG_HOME"], "PixelPool", "presets")
    os.makedirs(folder, exist_ok=True)
    broken, clash = os.path.join(folder, "broken.json"), os.path.join(folder, "y.json")
    with open(broken, "w") as f:
        f.write("{")
    with open(clash, "w") as f:
        f.write(head("Web") + '"output": {"format": "png"}}')
    with open(os.path.join(folder, "mine.json"), "w") as f:
        f.write(head("mine") + '"output": {"format": "png"}}')
    said = ["pixelpool: user preset not loaded: %s: not valid JSON at line 1, column 1: unterminated object" % broken,
            "pixelpool: user preset not loaded: %s: a preset named \"Web\" already exists" % clash]
    r = ctx.run("--list-presets")
    names = [l.split("\t")[0] for l in r.out.splitlines()]
    ck.check("--list-presets: exit 0, the presets that load", r.rc == 0 and "web" in names and "mine (user)" in names
             and "Web (user)" not in names, (r.rc, names))
    ck.check("--list-presets: the files left out said on stderr", r.err.splitlines() == said, r.err)
    r = ctx.run("--batch", "-p", "broken", ctx.sample())
    lines = r.err.splitlines()
    ck.check("-p broken: exit 2, no such preset, then the files left out",
             r.rc == 2 and lines[0].startswith('pixelpool: no preset named "broken" (available: ') and
             lines[1:] == said, (r.rc, r.err))
    r = ctx.run("--dry-run", "--json", "-p", "broken", ctx.sample())
    errors = r.of("error")
    files = errors[0].get("presets_not_loaded", []) if errors else []
    ck.check("--json: the error event lists the files left out",
             r.rc == 2 and len(errors) == 1 and errors[0].get("message_code") == "no-such-preset" and
             [(f.get("file"), f.get("message_code")) for f in files] ==
             [(broken, "preset-not-json"), (clash, "preset-name-exists")], (r.rc, r.out))
    check_against_schema(ctx, ck, "--json", r.events())
    r = ctx.run("--batch", "-p", "mine", "-o", ctx.mkdir("mine-out"), ctx.sample())
    ck.check("a preset found: nothing said of the others", r.rc == 0 and "not loaded" not in r.err, (r.rc, r.err))
    r = ctx.run("--list-presets", env=GERMAN)
    ck.check("German", "eigene Voreinstellung nicht geladen: %s: " % broken in r.err, r.err)


def case_preset_texts(ctx, ck):
    """Each refusal in its own true words: a template over 255 characters said "must be text", so
    did a folder over 1024; "text": 5 said "at most 200 characters". A preset named ".." with
    {preset}/ in its template loaded, then failed every image. "PNG" in capitals was taken though the
    schema refuses it; a raw NUL inside a string was taken though it is no JSON; a preset over 1 MB
    from a pipe was "not valid JSON at … column 1048576"."""
    out = ctx.mkdir("texts-out")
    cases = {
        "tpl-256": ('"output": {"nameTemplate": "{name}%s.{ext}"}}' % ("x" * 250),
                    "output.nameTemplate: the file name template is longer than 255 characters"),
        "folder-long": ('"output": {"folder": "%s"}}' % ("F" * 1025), "output.folder is longer than 1024 characters"),
        "wm-nonstring": ('"output": {}}', "steps[0]: watermark.text must be text"),
        "logo-nonstring": ('"output": {}}', "steps[0]: logo.file must be text"),
        "format-upper": ('"output": {"format": "PNG"}}', "output.format must be one of: keep, jpeg, png"),
        "name-dotdot": ('"output": {"nameTemplate": "{preset}/{name}.{ext}"}}',
                        "output.nameTemplate: {preset} is the preset's name \"..\", which makes a \"..\" folder: "
                        "give the preset another name"),
    }
    for name, (output, expected) in cases.items():
        text = head(".." if name == "name-dotdot" else "t") + output
        if name == "wm-nonstring":
            text = text.replace('"steps": []', '"steps": [{"op": "watermark", "text": 5}]')
        if name == "logo-nonstring":
            text = text.replace('"steps": []', '"steps": [{"op": "logo", "file": 5}]')
        path = preset_file(ctx, name + ".json", text)
        for mode in ("--batch", "--dry-run"):
            r = ctx.run(mode, "-p", path, "-o", out, ctx.sample())
            ck.check("%s %s: exit 2, %s" % (name, mode, expected), r.rc == 2 and expected in r.err, (r.rc, r.err))
    raw = preset_file(ctx, "nul-in-json.json", b'{"format":"pixelpool-preset","version":1,"name":"t\0x","steps":[]}')
    r = ctx.run("--dry-run", "-p", raw, "-o", out, ctx.sample())
    ck.check("a raw NUL in a string: not valid JSON, where",
             r.rc == 2 and "%s: not valid JSON at line 1, column 51: control character U+0000 in a string" % raw
             in r.err, (r.rc, r.err))
    huge = (head() + '"description": "%s"}' % ("d" * (2 << 20))).encode()
    env = dict(ctx.env)
    p = subprocess.run([ctx.args.pixelpool, "--dry-run", "-p", "/dev/stdin", "-o", out, ctx.sample()], input=huge,
                       capture_output=True, env=env, timeout=60)
    err = p.stderr.decode("utf-8", "replace")
    ck.check("over 1 MB through a pipe: larger than 1048576 bytes",
             p.returncode == 2 and "/dev/stdin: larger than 1048576 bytes, not a preset" in err, (p.returncode, err))
    ck.check("nothing written", os.listdir(out) == [], os.listdir(out))


def case_preset_path_or_name(ctx, ck):
    """A user preset named "p/ok.json" hid the file p/ok.json given with -p (names were looked up
    first). An argument with a '/' or ending in .json that names an existing file is that file."""
    folder = os.path.join(ctx.env["XDG_CONFIG_HOME"], "PixelPool", "presets")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "u.json"), "w") as f:
        f.write(head("p/ok.json") + '"output": {"format": "png", "nameTemplate": "user-{name}.{ext}"}}')
    os.makedirs(os.path.join(ctx.tmp, "p"))
    preset_file(ctx, "p/ok.json", head("file") + '"output": {"format": "png", "nameTemplate": "file-{name}.{ext}"}}')
    out = ctx.mkdir("po-out")
    r = ctx.run("--dry-run", "-p", "p/ok.json", "-o", out, ctx.sample(), cwd=ctx.tmp)
    ck.check("-p p/ok.json: the file", r.rc == 0 and "-> %s/file-kite.png" % out in r.out, (r.rc, r.out, r.err))
    os.remove(os.path.join(ctx.tmp, "p/ok.json"))
    r = ctx.run("--dry-run", "-p", "p/ok.json", "-o", out, ctx.sample(), cwd=ctx.tmp)
    ck.check("no such file: the preset of that name", r.rc == 0 and "-> %s/user-kite.png" % out in r.out,
             (r.rc, r.out, r.err))


def case_lossless_without_mode(ctx, ck):
    """`"lossless": true` with JPEG, which has no lossless mode, was ignored without a word: a lossy
    file, exit 0. Such a preset is refused before any work (exit 2, the field named, in --dry-run as
    in --batch), and so is --format jpeg on a preset that asks for lossless. With `format: keep`, an
    image kept as JPEG fails with why (exit 1, said by the dry run too) and the others are written
    lossless."""
    out = ctx.mkdir("ll-out")
    jpeg = preset_file(ctx, "ll-jpeg.json", head("archive") + '"output": {"format": "jpeg", "quality": 100, '
                                                                '"lossless": true}}')
    why = ("output.lossless: output.format is jpeg, which has no lossless mode: choose one of png, webp, tiff, bmp, "
           "jxl, avif, keep, or turn lossless off")
    for mode in ("--batch", "--dry-run"):
        r = ctx.run(mode, "-w", "1", "-p", jpeg, "-o", out, ctx.sample())
        ck.check("%s: exit 2, the field named" % mode, r.rc == 2 and r.err == "pixelpool: %s: %s\n" % (jpeg, why),
                 (r.rc, r.err))
    r = ctx.run("--batch", "--json", "-p", jpeg, "-o", out, ctx.sample())
    ck.check("--json: message_code lossless-without-mode",
             r.rc == 2 and [e.get("message_code") for e in r.of("error")] == ["lossless-without-mode"], r.out)
    r = ctx.run("--dry-run", "-p", jpeg, "-o", out, ctx.sample(), env=GERMAN)
    ck.check("German", r.rc == 2 and "output.lossless: output.format ist jpeg, das keinen verlustfreien Modus hat"
             in r.err, r.err)
    webp = preset_file(ctx, "ll-webp.json", head("archive") + '"output": {"format": "webp", "lossless": true}}')
    for mode in ("--batch", "--dry-run"):
        r = ctx.run(mode, "-w", "1", "-p", webp, "--format", "jpeg", "-o", out, ctx.sample())
        ck.check("%s --format jpeg on a lossless preset: exit 2, said why" % mode,
                 r.rc == 2 and r.err == "pixelpool: with --format jpeg, the preset cannot be used: %s\n" % why,
                 (r.rc, r.err))
    ck.check("nothing written", os.listdir(out) == [], os.listdir(out))

    # The older key webpLossless asks for lossless WebP, judged by the format written, --format's
    # too: a WebP preset with it, written --format jpeg, is a JPEG (it was refused as a lossless
    # JPEG); a JPEG preset with it, written --format webp, a lossless WebP (it was lossy).
    old = ctx.mkdir("ll-old")
    for fmt, override, written, magic in (("webp", "jpeg", "kite.jpg", b"\xff\xd8"),
                                          ("jpeg", "webp", "kite.webp", b"VP8L")):
        p = preset_file(ctx, "ll-old-%s.json" % fmt,
                        head("archive") + '"output": {"format": "%s", "webpLossless": true}}' % fmt)
        r = ctx.run("--batch", "-w", "1", "-p", p, "--format", override, "-o", old, ctx.sample())
        path = os.path.join(old, written)
        data = open(path, "rb").read() if os.path.exists(path) else b""
        # A JPEG's start; a WebP's lossless bitstream chunk (after VP8X and the metadata chunks)
        got = data[:2] == magic if override == "jpeg" else magic in data and b"VP8 " not in data
        ck.check("webpLossless in a %s preset, --format %s" % (fmt, override), r.rc == 0 and got,
                 (r.rc, r.err, data[:40]))

    # `format: keep`: judged per image, by the format it keeps. A lossy WebP made first is kept as a
    # lossless one (VP8L); the JPEG would be JPEG again, lossy.
    src = ctx.mkdir("ll-src")
    r = ctx.run("--batch", "-p", "thumbnail", "--format", "webp", "-o", src, ctx.sample())
    small = os.path.join(src, "kite.webp")
    ck.check("a lossy WebP to keep", r.rc == 0 and open(small, "rb").read()[12:16] == b"VP8 ", (r.rc, r.err))
    keep = preset_file(ctx, "ll-keep.json", head("archive") + '"output": {"format": "keep", "lossless": true}}')
    refused = ("%s: lossless output asked for, but format: keep (same as the input) writes this image as jpeg, which "
               "has no lossless mode: choose an output format that has one (png, webp, tiff, bmp, jxl, avif), or turn "
               "lossless off" % ctx.sample())
    r = ctx.run("--dry-run", "-p", keep, "-o", out, ctx.sample(), small)
    ck.check("--dry-run: exit 1, the JPEG would fail, the WebP be written",
             r.rc == 1 and r.out.splitlines() == ["fail    " + refused,
                                                  "write   %s -> %s" % (small, os.path.join(out, "kite.webp"))],
             (r.rc, r.out, r.err))
    r = ctx.run("--batch", "--json", "-p", keep, "-o", out, ctx.sample(), small)
    failed = r.of("failed")
    ck.check("--batch: exit 1, the JPEG failed with why, code unsupported",
             r.rc == 1 and [(e["input"], e["code"], e["reason"]) for e in failed] ==
             [(ctx.sample(), "unsupported", refused.split(": ", 1)[1])], (r.rc, r.out))
    ck.check("--batch: the WebP written, lossless", os.listdir(out) == ["kite.webp"] and
             open(os.path.join(out, "kite.webp"), "rb").read()[12:16] == b"VP8L", os.listdir(out))
    check_against_schema(ctx, ck, "--json", r.events())


CASES = {n[len("case_"):]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    test_cli.CASES = CASES
    sys.exit(test_cli.main())
