#!/usr/bin/env python3
"""Scale-out as a user meets it (docs/scale-out.md): the keys a report gives its inputs, and
`pixelpool report merge`'s command line. Same arguments and exit codes as test_cli.py, whose
helpers it uses:

    test_shard_cli.py --pixelpool BUILD/bin/pixelpool --samples resources/samples --schemas resources/schema CASE
"""
import base64
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import json_file  # noqa: E402


def merge(ctx, *reports, json_out=False):
    return ctx.run("report", "merge", *(("--json",) if json_out else ()), *reports)


def case_shard_same_names(ctx, ck):
    """cam1/DSC_0001.jpg and cam2/DSC_0001.jpg given as two folders: two inputs with two keys, both
    done, and merge says complete, with and without --shard, with 1 and 3 shards."""
    cam1, _ = ctx.photos("cam1", ["DSC_0001.jpg", "DSC_0002.jpg"])
    cam2, _ = ctx.photos("cam2", ["DSC_0001.jpg"])
    base = ("--batch", "-q", "-p", "thumbnail", "--overwrite", "skip", "-w", "1")
    for label, shards in (("without --shard", None), ("--shard 0/1", 1), ("3 shards", 3)):
        out, reports = ctx.mkdir("out-%s" % shards), []
        for k in range(shards or 1):
            reports.append(os.path.join(ctx.tmp, "r-%s-%d.json" % (shards, k)))
            shard = ("--shard", "%d/%d" % (k, shards)) if shards else ()
            r = ctx.run(*base, "-o", out, *shard, "--report", reports[-1], "cam1", "cam2", cwd=ctx.tmp)
            ck.check("%s, shard %d: exit 0" % (label, k), r.rc == 0, (r.rc, r.err))
        keys = sorted(e["key"] for f in reports for e in json_file(f).get("inputs", []))
        ck.check("%s: keys are the paths as given" % label,
                 keys == ["cam1/DSC_0001.jpg", "cam1/DSC_0002.jpg", "cam2/DSC_0001.jpg"], keys)
        m = merge(ctx, *reports)
        ck.check("%s: merge complete, exit 0" % label,
                 m.rc == 0 and "complete: every input reported exactly once" in m.out and "twice" not in m.out,
                 (m.rc, m.out, m.err))


def case_shard_raw_names(ctx, ck):
    """Names that are not UTF-8 (a\\xff.jpg, a\\xfe.jpg) keep their bytes in the report (key_base64,
    path_base64, output_base64): merge tells them apart."""
    d = ctx.mkdir("raw-in")
    names = [b"a\xff.jpg", b"a\xfe.jpg", b"plain.jpg"]
    for n in names:
        shutil.copy(ctx.sample("autumn.jpg"), os.path.join(os.fsencode(d), n))
    listing = os.path.join(ctx.tmp, "raw.nul")
    with open(listing, "wb") as f:
        f.write(b"".join(b"raw-in/" + n + b"\0" for n in names))
    report = os.path.join(ctx.tmp, "raw.json")
    r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", "raw-out", "--overwrite", "skip", "-w", "1", "--null",
                "--inputs-from", listing, "--shard", "0/1", "--report", report, cwd=ctx.tmp)
    ck.check("batch: exit 0", r.rc == 0, (r.rc, r.err))
    entries = json_file(report).get("inputs", [])

    def raw(e, field):
        return base64.b64decode(e[field + "_base64"]) if field + "_base64" in e else e.get(field, "").encode()

    keys = sorted(raw(e, "key") for e in entries)
    outputs = sorted(os.path.basename(raw(e, "output")) for e in entries)
    ck.check("the report keeps the bytes of each name", keys == sorted(b"raw-in/" + n for n in names) and
             len(set(outputs)) == 3 and all(os.path.exists(os.path.join(os.fsencode(ctx.tmp), raw(e, "output")))
                                            for e in entries), (keys, outputs))
    ck.check("only names that are not UTF-8 carry base64",
             sorted("key_base64" in e for e in entries) == [False, True, True], entries)
    m = merge(ctx, report)
    ck.check("merge: complete, exit 0", m.rc == 0 and "twice" not in m.out, (m.rc, m.out))


def case_shard_spellings(ctx, ck):
    """One listed file spelt "in/real.jpg", "in/./real.jpg", "in//real.jpg" under --shard: one input
    (the others given twice), one output, in every shard alike."""
    d, _ = ctx.photos("in", ["real.jpg"])
    listing = os.path.join(ctx.tmp, "spell.txt")
    with open(listing, "w") as f:
        f.write("in/real.jpg\nin/./real.jpg\nin//real.jpg\n./in/real.jpg\n")
    for n in (1, 3):
        out, reports = "spell-out-%d" % n, []
        for k in range(n):
            reports.append(os.path.join(ctx.tmp, "spell-%d-%d.json" % (n, k)))
            r = ctx.run("--batch", "-p", "thumbnail", "-o", out, "--overwrite", "skip", "-w", "1", "--inputs-from",
                        listing, "--shard", "%d/%d" % (k, n), "--report", reports[-1], cwd=ctx.tmp)
            ck.check("%d shards, shard %d: exit 0, the others given twice" % (n, k),
                     r.rc == 0 and "given twice" in r.err, (r.rc, r.err))
        made = os.listdir(os.path.join(ctx.tmp, out))
        keys = [e["key"] for f in reports for e in json_file(f).get("inputs", [])]
        ck.check("%d shards: one output, one key" % n, made == ["real.jpg"] and keys == ["in/real.jpg"],
                 (made, keys))
        m = merge(ctx, *reports)
        ck.check("%d shards: merge complete" % n, m.rc == 0, (m.rc, m.out))


def case_report_merge_usage(ctx, ck):
    """`pixelpool report --help` exits 0; an unknown option is a usage error, not a file; --json
    says on stdout why a report cannot be read; --report naming a folder says so, translated."""
    r = ctx.run("report", "--help")
    ck.check("report --help: exit 0, usage on stdout", r.rc == 0 and "report merge" in r.out, (r.rc, r.out, r.err))
    r = ctx.run("report", "merge", "--help")
    ck.check("report merge --help: exit 0", r.rc == 0 and "report merge" in r.out, (r.rc, r.out))
    r = ctx.run("report", "merge", "--bogus", "x.json")
    ck.check("report merge --bogus: exit 2, named as an option",
             r.rc == 2 and "unknown option: --bogus" in r.err and "x.json" not in r.err, (r.rc, r.err))
    missing = os.path.join(ctx.tmp, "nothing.json")
    r = ctx.run("report", "merge", "--json", missing)
    doc = r.events()[0] if r.out.strip() else {}
    ck.check("report merge --json of a report that cannot be read: exit 2, why on stdout",
             r.rc == 2 and doc.get("code") == "report-cannot-read" and doc.get("report") == missing and
             doc.get("complete") is False, (r.rc, r.out, r.err))
    # --report naming a folder
    folder = ctx.mkdir("a-folder")
    for lang, expect in (("C.UTF-8", "it is a folder"), ("de_DE.UTF-8", "ein Ordner")):
        r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", os.path.join(ctx.tmp, "f-out"), "--report", folder,
                    ctx.sample(), env={"LANG": lang, "LC_ALL": ""})
        ck.check("--report FOLDER (%s): exit 2, said it is a folder" % lang,
                 r.rc == 2 and expect in r.err and "Input/output" not in r.err, (r.rc, r.err))


CASES = {n[len("case_"):]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    test_cli.CASES = CASES
    sys.exit(test_cli.main())
