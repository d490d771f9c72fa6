#!/usr/bin/env python3
"""Scale-out as a user meets it (docs/scale-out.md): the keys a report gives its inputs, and
`pixelpool report merge`'s command line. Same arguments and exit codes as test_cli.py, whose
helpers it uses:

    test_shard_cli.py --pixelpool BUILD/bin/pixelpool --samples resources/samples --schemas resources/schema CASE
"""
import base64
import json
import os
import re
import signal
import shutil
import socket
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import json_file  # noqa: E402


DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs")


def merge(ctx, *reports, json_out=False):
    return ctx.run("report", "merge", *(("--json",) if json_out else ()), *reports)


def shard_of(key: bytes, n: int) -> int:
    """docs/scale-out.md's partition, to know which shard owns a key without PixelPool."""
    h = 14695981039346656037
    for b in key:
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return (h ^ (h >> 32)) % n


def case_shard_owns_nothing(ctx, ck):
    """Two files in three shards: a shard that owns none of them still writes its report (finished, no
    inputs), and merge without that report is not complete: it names the shard. Before, merge of the
    other two said "complete", though nothing said the third had run."""
    ctx.photos("few", ["a.jpg", "b.jpg"])
    listing = os.path.join(ctx.tmp, "few.txt")
    with open(listing, "w") as f:
        f.write("few/a.jpg\nfew/b.jpg\n")
    owners = {shard_of(k, 3) for k in (b"few/a.jpg", b"few/b.jpg")}
    empty = min(set(range(3)) - owners)
    reports = [os.path.join(ctx.tmp, "few-%d.json" % k) for k in range(3)]
    for k in range(3):
        for sources in (("--inputs-from", listing), ("few/a.jpg", "few/b.jpg")):
            if os.path.exists(reports[k]):
                os.remove(reports[k])
            r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", "few-out", "--overwrite", "skip", "-w", "1",
                        "--shard", "%d/3" % k, "--report", reports[k], *sources, cwd=ctx.tmp)
            ck.check("shard %d/3 (%s): exit 0, a report" % (k, sources[0]),
                     r.rc == 0 and os.path.exists(reports[k]), (r.rc, r.err))
    rep = json_file(reports[empty]) if os.path.exists(reports[empty]) else {}
    ck.check("the shard that owns nothing: its report finished, no inputs, its share 0 of 2",
             rep.get("state") == "finished" and rep.get("inputs") == [] and
             rep.get("totals", {}).get("owned") == 0 and rep.get("listing", {}).get("inputs") == 2 and
             rep.get("shard", {}).get("id") == "%d/3" % empty, rep)
    m = merge(ctx, *reports)
    ck.check("merge of the three: complete, exit 0",
             m.rc == 0 and "complete: every input reported exactly once" in m.out, (m.rc, m.out, m.err))
    others = [f for k, f in enumerate(reports) if k != empty]
    m = merge(ctx, *others)
    ck.check("merge without the empty shard's report: exit 1, the shard named, not complete",
             m.rc == 1 and "missing: shard %d wrote no report (inputs: 0)" % empty in m.out and
             "incomplete: shards without a report: %d (1 of 3)" % empty in m.out and
             "complete: every input" not in m.out, (m.rc, m.out))
    m = merge(ctx, *others, json_out=True)
    doc = m.events()[0] if m.out.strip() else {}
    ck.check("merge --json: complete false, the shard without a report listed",
             m.rc == 1 and doc.get("complete") is False and
             doc.get("shards_without_report") == [{"shard": empty, "inputs": 0}] and doc.get("unreported") == 0,
             (m.rc, m.out))
    m = ctx.run("report", "merge", *others, env={"LANG": "de_DE.UTF-8", "LC_ALL": ""})
    ck.check("merge in German: the last line translated",
             m.rc == 1 and "unvollständig: Teile ohne Bericht: %d (1 von 3)" % empty in m.out, (m.rc, m.out))
    # An argument that does not exist is said by every shard, and each exits 1 for it: the shard that
    # owns nothing exited 0.
    for k in range(3):
        r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", "few-out", "--overwrite", "skip", "-w", "1",
                    "--shard", "%d/3" % k, "few/a.jpg", "few/b.jpg", "nosuch.jpg", cwd=ctx.tmp)
        ck.check("shard %d/3 with an argument that does not exist: said, exit 1" % k,
                 r.rc == 1 and "no such file or folder: nosuch.jpg" in r.err, (r.rc, r.err))


def case_shard_empty_listing(ctx, ck):
    """An --inputs-from list with nothing in it (a nightly `find` that found nothing new, /dev/null)
    is a batch of nothing: said on stderr, naming the list, exit 0; every shard writes its report
    (finished, no inputs) and merge says complete. Before, it was "no inputs given (try --help)",
    exit 2, as for a command line without inputs, with no report and no --json event: a scheduler
    retried every shard, and merge could only say it found no reports."""
    listing = os.path.join(ctx.tmp, "nothing-new.txt")
    open(listing, "w").close()
    blank = os.path.join(ctx.tmp, "blank-lines.txt")
    with open(blank, "w") as f:
        f.write("\n\n")
    for given in (listing, blank, "/dev/null"):
        reports = [os.path.join(ctx.tmp, "empty-%d.json" % k) for k in range(2)]
        for k in range(2):
            if os.path.exists(reports[k]):
                os.remove(reports[k])
            r = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", "empty-out", "--overwrite", "skip",
                        "--shard", "%d/2" % k, "--report", reports[k], "--inputs-from", given, cwd=ctx.tmp)
            summary = r.of("summary")
            ck.check("%s, shard %d/2: exit 0, said, a summary of nothing" % (given, k),
                     r.rc == 0 and "the input list %s names no input: nothing to do" % given in r.err and
                     len(summary) == 1 and summary[0].get("total") == 0 and not r.of("error"),
                     (r.rc, r.out, r.err))
            rep = json_file(reports[k]) if os.path.exists(reports[k]) else {}
            ck.check("%s, shard %d/2: its report finished, no inputs" % (given, k),
                     rep.get("state") == "finished" and rep.get("inputs") == [] and
                     rep.get("listing", {}).get("inputs") == 0, rep)
        m = merge(ctx, *reports)
        ck.check("%s: merge complete, exit 0" % given,
                 m.rc == 0 and "complete: every input reported exactly once" in m.out, (m.rc, m.out, m.err))
        r = ctx.run("--batch", "-p", "thumbnail", "-o", "empty-out-whole/new", "--inputs-from", given, cwd=ctx.tmp)
        ck.check("%s, not sharded: exit 0, said, no output folder made" % given,
                 r.rc == 0 and "the input list %s names no input: nothing to do" % given in r.err and
                 not os.path.exists(os.path.join(ctx.tmp, "empty-out-whole")), (r.rc, r.err))
    # A command line without any input stays a usage error.
    r = ctx.run("--batch", "-p", "thumbnail", "-o", "empty-out", cwd=ctx.tmp)
    ck.check("no input at all: still exit 2, no inputs given", r.rc == 2 and "no inputs given" in r.err, (r.rc, r.err))


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


def case_shard_dry_run(ctx, ck):
    """A shard's dry run shows the names its batch writes: {index} is an input's place in the whole
    listing, and inputs of one name in other shards take theirs first. Before, the dry run planned
    the shard's own inputs as if they were the whole listing: {index} counted 1, 2, 3 in each shard
    (the batch: 4, 7, 12), and six a.png of six folders split over two shards were each shard's
    "a.jpg" and "a (2).jpg" (the batches: a.jpg to "a (6).jpg")."""
    for i in range(12):
        test_cli.small_png(os.path.join(ctx.mkdir("dry-idx"), "i%d.png" % i))
    for i in range(6):
        test_cli.small_png(os.path.join(ctx.mkdir("dry-same/d%d" % i), "a.png"))
    idx = ctx.preset("dry-idx.json", "idx", {"format": "jpeg", "nameTemplate": "{index:3}-{name}.{ext}",
                                             "overwrite": "skip"})
    cases = (("{index}", idx, ["dry-idx/i%d.png" % i for i in range(12)], 3),
             ("one name in six folders", "web", ["dry-same/d%d/a.png" % i for i in range(6)], 2))
    for label, preset, names, shards in cases:
        listing = os.path.join(ctx.tmp, "dry-%s.txt" % shards)
        with open(listing, "w") as f:
            f.write("".join(n + "\n" for n in names))
        out = "dry-out-%d" % shards
        planned, written = {}, {}
        for k in range(shards):
            argv = ("--json", "-p", preset, "--overwrite", "skip", "-o", out, "--shard", "%d/%d" % (k, shards),
                    "--inputs-from", listing)
            d = ctx.run("--dry-run", *argv, cwd=ctx.tmp)
            planned.update({e["input"]: e["output"] for e in d.of("planned")})
            ck.check("%s, shard %d: the dry run, exit 0" % (label, k), d.rc == 0, (d.rc, d.err[-400:]))
        for k in range(shards):
            b = ctx.run("--batch", "-w", "1", "--json", "-p", preset, "--overwrite", "skip", "-o", out, "--shard",
                        "%d/%d" % (k, shards), "--inputs-from", listing, cwd=ctx.tmp)
            written.update({e["input"]: e["output"] for e in b.of("finished")})
            ck.check("%s, shard %d: the batch, exit 0" % (label, k), b.rc == 0, (b.rc, b.err[-400:]))
        ck.check("%s: every shard's dry run names what its batch wrote" % label,
                 len(written) == len(names) and planned == written and
                 len(set(written.values())) == len(names), (planned, written))
    # A shard that owns nothing: its count without a dangling colon.
    one = os.path.join(ctx.tmp, "dry-one.txt")
    with open(one, "w") as f:
        f.write("dry-idx/i0.png\n")
    owner = shard_of(b"dry-idx/i0.png", 2)
    d = ctx.run("--dry-run", "-p", "web", "--overwrite", "skip", "-o", "dry-none", "--shard", "%d/2" % (1 - owner), "--inputs-from", one,
                cwd=ctx.tmp)
    ck.check("a shard that owns nothing: said without a dangling colon",
             d.rc == 0 and d.err.rstrip().endswith("dry run, nothing written: 0 images"), (d.rc, d.err))


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


def case_shard_other_spellings(ctx, ck):
    """The limit docs/scale-out.md states: listed under --shard, a file's absolute path and a link to it
    are other inputs (keys by letters, never resolved), the same in 1 and 3 shards; given as arguments,
    which every shard scans, they are one file (given twice)."""
    d, _ = ctx.photos("other", ["real.jpg"])
    os.symlink("other/real.jpg", os.path.join(ctx.tmp, "link.jpg"))
    absolute = os.path.join(d, "real.jpg")
    listing = os.path.join(ctx.tmp, "other.txt")
    with open(listing, "w") as f:
        f.write("other/real.jpg\n%s\nlink.jpg\n" % absolute)
    for n in (1, 3):
        out = "other-out-%d" % n
        for k in range(n):
            r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", out, "--overwrite", "skip", "-w", "1",
                        "--inputs-from", listing, "--shard", "%d/%d" % (k, n), cwd=ctx.tmp)
            ck.check("listed, %d shards, shard %d: exit 0" % (n, k), r.rc == 0, (r.rc, r.err))
        made = sorted(os.listdir(os.path.join(ctx.tmp, out)))
        ck.check("listed, %d shards: three inputs, three outputs" % n,
                 made == ["link.jpg", "real (2).jpg", "real.jpg"], made)
    r = ctx.run("--batch", "-p", "thumbnail", "-o", "other-args", "--overwrite", "skip", "-w", "1", "--shard", "0/1",
                "other/real.jpg", absolute, "link.jpg", cwd=ctx.tmp)
    made = sorted(os.listdir(os.path.join(ctx.tmp, "other-args")))
    ck.check("as arguments: one file, the others given twice",
             r.rc == 0 and made == ["real.jpg"] and "given twice" in r.err, (r.rc, r.err, made))


def case_report_merge_usage(ctx, ck):
    """`pixelpool report --help` exits 0; an unknown option is a usage error, not a file; --json
    says on stdout why a report cannot be read; --report naming a folder says so, translated."""
    r = ctx.run("report", "--help")
    ck.check("report --help: exit 0, usage on stdout", r.rc == 0 and "report merge" in r.out, (r.rc, r.out, r.err))
    r = ctx.run("report", "merge", "--help")
    ck.check("report merge --help: exit 0", r.rc == 0 and "report merge" in r.out, (r.rc, r.out))
    ck.check("report merge --help: the usage shows --, as docs/scale-out.md",
             "usage: pixelpool report merge [--json] [--] REPORT..." in r.out, r.out)
    r = ctx.run("report", "merge", "--bogus", "x.json")
    ck.check("report merge --bogus: exit 2, named as an option",
             r.rc == 2 and "unknown option: --bogus" in r.err and "x.json" not in r.err, (r.rc, r.err))
    r = ctx.run("report", "merge", "a.json", "-dash.json")
    ck.check("report merge -dash.json: exit 2, the hint to put it after --",
             r.rc == 2 and 'unknown option: -dash.json (a report whose name starts with "-" goes after "--")' in r.err,
             (r.rc, r.err))
    missing = os.path.join(ctx.tmp, "nothing.json")
    r = ctx.run("report", "merge", "--json", missing)
    doc = r.events()[0] if r.out.strip() else {}
    ck.check("report merge --json of a report that cannot be read: exit 2, why on stdout",
             r.rc == 2 and doc.get("code") == "report-cannot-read" and doc.get("report") == missing and
             doc.get("complete") is False, (r.rc, r.out, r.err))
    # Standard output that cannot be written: a full disk, a reader that has gone. Before, merge
    # exited 0 with no word (an empty merge.json read as a merge of nothing), or was killed by
    # SIGPIPE (141), as docs/cli.md says PixelPool never is.
    report = os.path.join(ctx.tmp, "usage-shard.json")
    r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", os.path.join(ctx.tmp, "usage-out"), "--shard", "0/1",
                "--overwrite", "skip", "--report", report, ctx.sample())
    ck.check("a report to merge", r.rc == 0 and os.path.exists(report), (r.rc, r.err))
    for form in ([], ["--json"]):
        label = "report merge %s" % " ".join(form + ["REPORT"])
        with open("/dev/full", "wb") as full:
            p = subprocess.run([ctx.args.pixelpool, "report", "merge"] + form + [report], stdout=full,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ctx.env, timeout=60)
        err = p.stderr.decode("utf-8", "replace")
        ck.check("%s > /dev/full: exit 3, said once" % label, p.returncode == 3 and err.count(
            "pixelpool: cannot write to standard output: no space left on the device (disk full)\n") == 1,
                 (p.returncode, err))
        read, write = os.pipe()
        os.close(read)  # its reader gone before it writes: no race with what it writes
        try:
            p = subprocess.run([ctx.args.pixelpool, "report", "merge"] + form + [report], stdout=write,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ctx.env, timeout=60)
        finally:
            os.close(write)
        err = p.stderr.decode("utf-8", "replace")
        ck.check("%s to a pipe nobody reads: exit 3, not killed by SIGPIPE, said once" % label,
                 p.returncode == 3 and err.count("pixelpool: cannot write to standard output: the program reading "
                                                 "it has ended (broken pipe)\n") == 1, (p.returncode, err))
    # --report naming a folder
    folder = ctx.mkdir("a-folder")
    for lang, expect in (("C.UTF-8", "it is a folder"), ("de_DE.UTF-8", "ein Ordner")):
        r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", os.path.join(ctx.tmp, "f-out"), "--report", folder,
                    ctx.sample(), env={"LANG": lang, "LC_ALL": ""})
        ck.check("--report FOLDER (%s): exit 2, said it is a folder" % lang,
                 r.rc == 2 and expect in r.err and "Input/output" not in r.err, (r.rc, r.err))


def case_parallel_recipe(ctx, ck):
    """docs/scale-out.md's GNU parallel recipe, as written there (without -S, its /shared in a
    temporary folder), over a listing with a broken image and a text file: each of the 48 shards
    runs once, parallel exits 0, merge says complete. Before, the recipe's --retries 3 ran every
    shard that owns a failed image (exit 1) three times, and parallel exited with their number."""
    if not shutil.which("parallel"):
        raise test_cli.Skipped("GNU parallel is not installed (scripts/install-deps.sh --tests)")
    with open(os.path.join(DOCS, "scale-out.md")) as f:
        m = re.search(r"<!-- parallel-recipe:begin -->\n```sh\n(.*?)```\n<!-- parallel-recipe:end -->", f.read(), re.S)
    ck.check("the recipe is in docs/scale-out.md", m)
    if not m:
        return
    shared = ctx.mkdir("shared")
    recipe = m.group(1)
    ck.check("the recipe names -S and /shared/ (what the test replaces)",
             " -S node1,node2,node3" in recipe and "/shared/" in recipe, recipe)
    recipe = recipe.replace(" -S node1,node2,node3", "").replace("/shared/", shared + "/")
    d, _ = ctx.photos(os.path.join("shared", "photos"), ["a.jpg", "b.jpg", "c.jpg", "d.jpg"])
    with open(os.path.join(d, "broken.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 not a JPEG")
    with open(os.path.join(d, "notes.txt"), "w") as f:
        f.write("not an image\n")
    wrap = ctx.mkdir("wrap")  # pixelpool on PATH: records each run, then runs the one under test
    calls = os.path.join(ctx.tmp, "calls.log")
    with open(os.path.join(wrap, "pixelpool"), "w") as f:
        f.write('#!/bin/sh\necho "$*" >> %s\nexec %s "$@"\n' % (calls, os.path.abspath(ctx.args.pixelpool)))
    os.chmod(os.path.join(wrap, "pixelpool"), 0o755)
    env = dict(ctx.env, PATH=wrap + os.pathsep + ctx.env.get("PATH", "/usr/bin:/bin"), SHELL="/bin/sh")
    env.pop("PARALLEL_SEQ", None)
    p = subprocess.run(["bash", "-c", "set -o pipefail\n" + recipe.replace(
        "\npixelpool report merge", "\necho parallel exit $?\npixelpool report merge")], capture_output=True,
        env=env, cwd=ctx.tmp, timeout=170, stdin=subprocess.DEVNULL)
    out = p.stdout.decode("utf-8", "replace")
    with open(calls) as f:
        runs = re.findall(r"--shard (\d+)/48", f.read())
    twice = sorted({k for k in runs if runs.count(k) > 1}, key=int)
    ck.check("each of the 48 shards ran once", len(runs) == 48 and not twice, (len(runs), twice))
    ck.check("parallel exited 0", "parallel exit 0" in out, (out[-500:], p.stderr.decode()[-500:]))
    ck.check("merge: complete (the broken image and the text file counted as failed), exit 0",
             p.returncode == 0 and "complete: every input reported exactly once" in out and ", 2 failed," in out,
             (p.returncode, out[-800:]))


def case_help_table(ctx, ck):
    """docs/cli.md's table of options is --help's (app/cli/Options.cpp): the same options in the same
    order, each with a value where --help shows one; and --help names `pixelpool report merge`.
    Before, the table lacked --shard, --shard-count, --inputs-from, --null and --report, and --help
    never mentioned report merge."""
    r = ctx.run("--help")
    helped = []
    for line in r.out.splitlines():
        m = re.match(r"\s+(?:-(\w), )?--([a-z][a-z0-9-]*)( \S+)?", line)
        if m:
            helped.append((m.group(1), m.group(2), bool(m.group(3))))
    with open(os.path.join(DOCS, "cli.md")) as f:
        doc = f.read()
    section = doc.split("\n## Options\n", 1)[1].split("\n## ", 1)[0]
    tabled = []
    for row in section.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if not row.startswith("| `-") or len(cells) < 3:
            continue
        names = re.findall(r"`(--?[a-z][a-z0-9-]*)`", cells[0])
        short = [n[1:] for n in names if not n.startswith("--")]
        long_ = [n[2:] for n in names if n.startswith("--")]
        tabled.append((short[0] if short else None, long_[0] if long_ else None, bool(cells[1])))
    ck.check("--help lists options", len(helped) >= 20, r.out)
    ck.check("docs/cli.md's table is --help's options, in order, with values alike", tabled == helped,
             [("doc", t, "help", h) for t, h in zip(tabled + [None] * len(helped), helped + [None] * len(tabled))
              if t != h][:4])
    ck.check("--help names pixelpool report merge, with --",
             "pixelpool report merge [--json] [--] REPORT..." in r.out, r.out[:600])


def case_report_merge_messages(ctx, ck):
    """What merge says of reports of several splits, of one file named twice, and of one batch's
    options spelt differently (docs/scale-out.md). Before: reports of 3 shards with one of a 1-shard
    run said "shard 0/1 has two reports: <the 0/3 report> and <the 0/1 report>"; a file named twice
    was "shard 1/3 has two reports: X and X" and every input of it "twice", exit 1; `-o out` and
    `--output=out/` were "made with different options"."""
    d, _ = ctx.photos("mp", ["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg", "g.jpg", "h.jpg"])
    with open(os.path.join(ctx.tmp, "inputs.txt"), "w") as f:
        f.write("".join("mp/%s.jpg\n" % c for c in "abcdefgh"))
    for sub in ("r3", "r1", "r7", "rs", "rf"):
        ctx.mkdir(sub)
    base = ("--batch", "-q", "-w", "1", "-p", "thumbnail")

    def shard(k, n, report, *options, common=base):
        r = ctx.run(*common, *options, "--shard", "%d/%d" % (k, n), "--report", report, cwd=ctx.tmp)
        ck.check("shard %d/%d -> %s: exit 0" % (k, n, report), r.rc == 0, (r.rc, r.err))

    listed = ("--inputs-from", "inputs.txt", "-o", "mm/out", "--overwrite", "skip")
    for k in range(3):
        shard(k, 3, "r3/shard-%d.json" % k, *listed)
    shard(0, 1, "r1/shard-0.json", *listed)
    shard(1, 7, "r7/shard-1.json", *listed)
    r3 = ["r3/shard-%d.json" % k for k in range(3)]
    for other, k, n in (("r1/shard-0.json", 0, 1), ("r7/shard-1.json", 1, 7)):
        m = ctx.run("report", "merge", *r3, other, cwd=ctx.tmp)
        ck.check("3-shard reports + shard %d/%d: the counts said, no shard said to have two reports" % (k, n),
                 m.rc == 1 and "different numbers of shards (%s)" % ("1, 3" if n == 1 else "3, 7") in m.out and
                 "has two reports" not in m.out, (m.rc, m.out))
    m = ctx.run("report", "merge", *r3, "r3/shard-1.json", "./r3//shard-1.json", cwd=ctx.tmp)
    ck.check("a report named twice (and a third time, spelt otherwise): read once, said, complete, exit 0",
             m.rc == 0 and "r3/shard-1.json is the report r3/shard-1.json again: read once" in m.out and
             "./r3//shard-1.json is the report r3/shard-1.json again" in m.out and "twice:" not in m.out and
             "has two reports" not in m.out and "complete: every input reported exactly once" in m.out,
             (m.rc, m.out))
    j = ctx.run("report", "merge", "--json", *r3, "r3/shard-1.json", cwd=ctx.tmp)
    doc = j.events()[0] if j.out.strip() else {}
    ck.check("--json: complete, the name said among the warnings",
             j.rc == 0 and doc.get("complete") is True and doc.get("reported_twice") == [] and
             doc.get("warnings") == ["r3/shard-1.json is the report r3/shard-1.json again: read once"], j.out)
    # One batch, its options spelt two ways: the listing, the output folder, the policy, folder inputs.
    shutil.copy(os.path.join(ctx.tmp, "r3/shard-0.json"), os.path.join(ctx.tmp, "rs"))
    shutil.copy(os.path.join(ctx.tmp, "r3/shard-1.json"), os.path.join(ctx.tmp, "rs"))
    shard(2, 3, "rs/shard-2.json", "--inputs-from=inputs.txt", "--output=mm/out/", "--overwrite=skip",
          "--workers=1", "--preset=thumbnail", "--quiet", common=("--batch",))
    m = ctx.run("report", "merge", "rs/shard-0.json", "rs/shard-1.json", "rs/shard-2.json", cwd=ctx.tmp)
    ck.check("options spelt otherwise: no warning, complete, exit 0",
             m.rc == 0 and "warning" not in m.out and "complete: every input" in m.out, (m.rc, m.out))
    for k, folder in ((0, "mp/"), (1, "./mp"), (2, "mp")):
        shard(k, 3, "rf/shard-%d.json" % k, "-o", "mm/fout", "--overwrite", "skip", folder)
    m = ctx.run("report", "merge", *("rf/shard-%d.json" % k for k in range(3)), cwd=ctx.tmp)
    ck.check("a folder input as mp/, ./mp and mp: no warning, complete",
             m.rc == 0 and "warning" not in m.out and "complete: every input" in m.out, (m.rc, m.out))
    # A real difference stays a warning: another format.
    os.remove(os.path.join(ctx.tmp, "rf/shard-2.json"))
    shard(2, 3, "rf/shard-2.json", "-o", "mm/fout", "--overwrite", "skip", "--format", "png", "mp")
    m = ctx.run("report", "merge", *("rf/shard-%d.json" % k for k in range(3)), cwd=ctx.tmp)
    ck.check("another format: a warning naming both, complete, exit 0",
             m.rc == 0 and "warning: rf/shard-2.json and rf/shard-0.json were made with different options" in m.out and
             "--format png" in m.out, (m.rc, m.out))


def case_report_not_a_file(ctx, ck):
    """--report naming a FIFO, a socket, a device (a copy of /dev/null's node, as root) or /dev/stdout
    into a pipe: exit 2 before any work, said, and the thing stays what it was. Before, the report's
    temporary was renamed over it (as root, `--report /dev/null` replaced the system's /dev/null),
    and a FIFO made the batch wait for a writer."""
    things = {}
    fifo = os.path.join(ctx.tmp, "fifo.json")
    os.mkfifo(fifo)
    things["a FIFO"] = (fifo, stat.S_ISFIFO)
    sock_path = os.path.join(ctx.tmp, "socket.json")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(sock_path)
    things["a socket"] = (sock_path, stat.S_ISSOCK)
    link = os.path.join(ctx.tmp, "link-to-fifo.json")
    os.symlink("fifo.json", link)
    things["a link to a FIFO"] = (link, stat.S_ISFIFO)
    if os.geteuid() == 0:
        null = os.path.join(ctx.tmp, "null")
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        things["a device"] = (null, stat.S_ISCHR)
    else:
        print("not root: the device node is left out (mknod)")
    for what, (path, kind) in things.items():
        try:
            r = ctx.run("--batch", "-q", "-w", "1", "-p", "thumbnail", "-o", os.path.join(ctx.tmp, "nf-out"),
                        "--report", path, ctx.sample(), timeout=30)
        except subprocess.TimeoutExpired:
            ck.check("--report %s: exit 2, not waiting" % what, False, "still running after 30 s")
            continue
        # Made before the report begins (a report may go there), and removed again when it cannot.
        out = os.path.join(ctx.tmp, "nf-out")
        ck.check("--report %s: exit 2, said, no image done, no output folder left" % what,
                 r.rc == 2 and "not a regular file (a pipe, socket or device)" in r.err and not os.path.exists(out),
                 (r.rc, r.err, os.path.exists(out)))
        ck.check("--report %s: still %s" % (what, what), kind(os.stat(path).st_mode), oct(os.stat(path).st_mode))
    sock.close()
    r = ctx.run("--batch", "-q", "-w", "1", "-p", "thumbnail", "-o", os.path.join(ctx.tmp, "nf-out"),
                "--report", "/dev/stdout", ctx.sample(), timeout=30)
    ck.check("--report /dev/stdout into a pipe: exit 2, said",
             r.rc == 2 and "not a regular file" in r.err and not r.out, (r.rc, r.out, r.err))


def case_report_dev_stdout(ctx, ck):
    """--report /dev/stdout with stdout a file: every write goes to that file, the last one says
    finished. Before, the first write replaced the file and later ones followed /proc/self/fd/1 to
    a new file named "report.json (deleted)"; report.json kept "running"."""
    d = ctx.mkdir("stdout-report")
    target = os.path.join(d, "report.json")
    e = dict(ctx.env)
    with open(target, "wb") as out:
        p = subprocess.run([ctx.args.pixelpool, "--batch", "-q", "-w", "1", "-p", "thumbnail", "-o", "out",
                            "--report", "/dev/stdout", ctx.sample("kite.jpg"), ctx.sample("autumn.jpg")],
                           stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=e, cwd=d, timeout=120)
    made = sorted(os.listdir(d))
    rep = json_file(target) if os.path.getsize(target) else {}
    ck.check("exit 0, one report file, finished with both images done",
             p.returncode == 0 and made == ["out", "report.json"] and rep.get("state") == "finished" and
             rep.get("totals", {}).get("done") == 2, (p.returncode, made, rep.get("state"), p.stderr[-500:]))
    # With --json, the events go to that file too: refused before any work. Before, each write of the
    # report replaced the file and the events went on into the one replaced, lost, with exit 0.
    with open(target, "wb") as out:
        p = subprocess.run([ctx.args.pixelpool, "--batch", "--json", "-p", "thumbnail", "-o", "json-out",
                            "--report", "/dev/stdout", ctx.sample("kite.jpg")],
                           stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=e, cwd=d, timeout=120)
    ck.check("--json with --report /dev/stdout: exit 2, said, nothing done", p.returncode == 2 and
             b"cannot write the report /dev/stdout: it is standard output, where --json writes its events" in p.stderr
             and not os.path.exists(os.path.join(d, "json-out")), (p.returncode, p.stderr[-500:]))


def validators(ctx):
    """The report's and merge's JSON Schemas (resources/schema), checked as schemas."""
    try:
        import jsonschema
    except ImportError:
        raise test_cli.Skipped("python3-jsonschema is not installed (scripts/install-deps.sh --tests)")
    out = []
    for name in ("report.schema.json", "report-merge.schema.json"):
        with open(os.path.join(ctx.args.schemas, name)) as f:  # missing: the case fails, saying which
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        out.append((schema, jsonschema.Draft202012Validator(schema)))
    return out


def schema_errors(validator, doc):
    return [e.message for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path))][:2]


def case_report_json_schema(ctx, ck):
    """Real reports of every kind against resources/schema/report.schema.json, and merge --json against
    report-merge.schema.json (installed as share/pixelpool/schema/, docs/packaging.md): every outcome,
    names that are not UTF-8, several outputs, each scheduler's ids, a report while running, merges
    complete and incomplete. Before, docs/packaging.md promised a report schema there was none of."""
    (report_schema, rv), (merge_schema, mv) = validators(ctx)
    events = json_file(os.path.join(ctx.args.schemas, "batch-events.schema.json"))
    ck.check("the report's failure codes are --json's",
             report_schema["$defs"]["failureCode"]["enum"] == events["$defs"]["failureCode"]["enum"])
    d, _ = ctx.photos("rj-in", ["a.jpg", "b.jpg", "c.jpg", "d.jpg"])
    with open(os.path.join(d, "broken.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 not a JPEG")
    shutil.copy(ctx.sample("autumn.jpg"), os.path.join(os.fsencode(d), b"caf\xe9.jpg"))
    reports = {}

    def run(name, *options, env=None, preset="thumbnail"):
        path = os.path.join(ctx.tmp, name)
        r = ctx.run("--batch", "-q", "-w", "1", "-p", preset, "--overwrite", "skip", *options, "--report", path,
                    cwd=ctx.tmp, env=env)
        ck.check("%s: exit 0 or 1 (the broken image), a report" % name, r.rc in (0, 1) and os.path.exists(path),
                 (r.rc, r.err))
        reports[name] = path
        return path

    for attempt in ("first", "again"):  # again: already_done
        for k in range(3):
            run("%s-%d.json" % (attempt, k), "-o", "rj-out", "--shard", "%d/3" % k, "rj-in")
    run("plain.json", "-o", "rj-out", "rj-in")
    run("multi.json", "-o", "rj-multi", "--shard", "0/1", "rj-in/a.jpg", preset="web-and-thumbnail")
    slurm = {"SLURM_JOB_ID": "7", "SLURM_ARRAY_JOB_ID": "5", "SLURM_ARRAY_TASK_ID": "0", "SLURM_RESTART_COUNT": "1"}
    for name, env in (("slurm.json", slurm), ("kubernetes.json", {"JOB_COMPLETION_INDEX": "0", "HOSTNAME": "pod-0"}),
                      ("parallel.json", {"PARALLEL_SEQ": "1"})):
        run(name, "-o", "rj-sched", "--shard", "auto", "--shard-count", "1", "rj-in/a.jpg", env=env)
    if ctx.args.test_hooks:  # held by the gate, then SIGTERM: running, then cancelled with pending inputs
        gd, _ = ctx.photos("rj-gate", ["g%02d.jpg" % i for i in range(6)] + ["pixelpool-test-gate.jpg"])
        path = os.path.join(ctx.tmp, "cancelled.json")
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "-q", "--test-flags", "1", "-w", "1", "-p", "thumbnail",
                              "--overwrite", "skip", "-o", ctx.mkdir("rj-gate-out"), "--shard", "0/1", "--report", path, gd],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ctx.env)
        running = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and p.poll() is None:
            try:
                running = json_file(path)
            except (OSError, ValueError):
                running = {}
            if running.get("totals", {}).get("pending", 7) < 7:
                break
            time.sleep(0.1)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
        ck.check("held, then SIGTERM: exit 130", p.returncode == 130, (p.returncode, err.decode()[-300:]))
        errs = schema_errors(rv, running)
        ck.check("the report while running matches the schema",
                 running.get("state") == "running" and not errs, (running.get("state"), errs))
        reports["cancelled.json"] = path
    else:
        print("without test hooks: no cancelled report (the gate hook holds an image)")
    outcomes, ids = set(), set()
    if ctx.args.test_hooks:  # the image held is pending while running; SIGTERM makes the rest cancelled
        outcomes |= {e.get("outcome") for e in running.get("inputs", [])}
    for name, path in reports.items():
        doc = json_file(path)
        errs = schema_errors(rv, doc)
        ck.check("%s matches the schema" % name, not errs, errs)
        outcomes |= {e["outcome"] for e in doc["inputs"]}
        ids |= set(doc["shard"]["ids"])
    wanted = {"done", "failed", "already_done"} | ({"pending", "cancelled"} if ctx.args.test_hooks else set())
    ck.check("every outcome was seen", wanted <= outcomes, wanted - outcomes)
    ck.check("every scheduler's ids were seen",
             set(report_schema["properties"]["shard"]["properties"]["ids"]["properties"]) == ids, ids)
    ck.check("a name that is not UTF-8 carries its bytes",
             any("key_base64" in e and "output_base64" in e for e in json_file(reports["first-0.json"])["inputs"] +
                 json_file(reports["first-1.json"])["inputs"] + json_file(reports["first-2.json"])["inputs"]))
    ck.check("several outputs listed", len(json_file(reports["multi.json"])["inputs"][0].get("outputs", [])) == 2)
    # A counter-example: the schema is not empty.
    bad = json_file(reports["first-0.json"])
    bad["inputs"].append({"key": "x", "path": "x", "outcome": "done"})  # no ms, no at
    ck.check("a done input without its time does not match", schema_errors(rv, bad))

    # merge --json: complete, a shard without its report, a short report, another listing, unfinished.
    short = json_file(reports["again-1.json"])
    short["inputs"] = short["inputs"][1:]
    short_path = os.path.join(ctx.tmp, "short-1.json")
    with open(short_path, "w") as f:
        json.dump(short, f)
    firsts = [reports["first-%d.json" % k] for k in range(3)]
    merges = {"complete": firsts, "a shard without a report": firsts[:2], "a short report": [firsts[0], short_path,
              firsts[2]], "another listing": firsts + [reports["slurm.json"]],
              "named twice": firsts + [firsts[1]]}
    if "cancelled.json" in reports:
        merges["unfinished"] = [reports["cancelled.json"]]
    seen = {}
    for label, files in merges.items():
        m = merge(ctx, *files, json_out=True)
        doc = m.events()[0] if m.out.strip() else {}
        seen[label] = doc
        errs = schema_errors(mv, doc)
        ck.check("merge --json, %s: matches the schema" % label, m.rc in (0, 1) and not errs, (m.rc, errs, m.out))
    ck.check("merge --json fields were filled",
             seen["complete"].get("complete") is True and seen["a shard without a report"]["shards_without_report"] and
             seen["a short report"]["short_reports"] and seen["another listing"]["problems"] and
             "inputs" not in seen["another listing"] and seen["named twice"]["warnings"] and
             (not ctx.args.test_hooks or seen["unfinished"]["unfinished_shards"]), seen)


def case_report_merge_codes(ctx, ck):
    """Each file merge refuses has the code docs/scale-out.md lists for it (and report-merge.schema.json):
    a file or folder that cannot be read, no JSON, JSON that is not a report, a report of version 1 or 3,
    one without its parts, and reports that are not valid (a shard index not below the count, a
    per_shard of another length, an outcome PixelPool does not write, a key that is no path, one input
    listed twice). Before, the document gave report-cannot-read for "a file that is not a report"; a
    key that was a number was merged as an input named "", and an input listed twice in one report
    was said as overlapping shards."""
    (_, _), (merge_schema, mv) = validators(ctx)
    _, (photo,) = ctx.photos("rc-in", ["a.jpg"])
    real = os.path.join(ctx.tmp, "real.json")
    r = ctx.run("--batch", "-q", "-w", "1", "-p", "thumbnail", "-o", os.path.join(ctx.tmp, "rc-out"), "--overwrite",
                "skip", "--shard", "0/1", "--report", real, photo)
    ck.check("a real report: exit 0", r.rc == 0, (r.rc, r.err))
    good = json_file(real)

    def edited(change):
        doc = json.loads(json.dumps(good))
        change(doc)
        return json.dumps(doc)

    files = [("report-cannot-read", None, "nothing here"), ("report-cannot-read", "folder", "a folder"),
             ("report-not-json", "", "an empty file"), ("report-not-json", json.dumps(good)[:40], "cut short"),
             ("report-not-a-report", '{"inputs": []}', "other JSON"), ("report-not-a-report", "[1, 2]", "an array"),
             ("report-earlier-partition", edited(lambda d: d.update(pixelpool_report=1)), "version 1"),
             ("report-bad-version", edited(lambda d: d.update(pixelpool_report=3)), "version 3"),
             ("report-missing-parts", '{"pixelpool_report": 2}', "no parts"),
             ("report-bad-shard", edited(lambda d: d["shard"].update(index=5)), "index 5 of 1"),
             ("report-bad-per-shard", edited(lambda d: d["listing"].update(per_shard=[1, 0])), "per_shard of 2"),
             ("report-bad-outcome", edited(lambda d: d["inputs"][0].update(outcome="weird")), "outcome weird"),
             ("report-bad-key", edited(lambda d: d["inputs"][0].update(key=7)), "a key that is a number"),
             ("report-bad-key", edited(lambda d: d["inputs"][0].pop("key")), "no key"),
             ("report-key-twice", edited(lambda d: d["inputs"].append(dict(d["inputs"][0]))), "a key twice")]
    codes = set()
    for i, (code, text, what) in enumerate(files):
        path = os.path.join(ctx.tmp, "bad-%d.json" % i)
        if text == "folder":
            os.mkdir(path)
        elif text is not None:
            with open(path, "w") as f:
                f.write(text)
        m = merge(ctx, real, path, json_out=True)
        doc = m.events()[0] if m.out.strip() else {}
        ck.check("%s: exit 2, code %s, the file named, on stderr too" % (what, code),
                 m.rc == 2 and doc.get("code") == code and doc.get("report") == path and path in m.err,
                 (m.rc, m.out, m.err))
        errs = schema_errors(mv, doc)
        ck.check("%s: matches the schema" % what, not errs, errs)
        codes.add(doc.get("code"))
    with open(os.path.join(DOCS, "scale-out.md")) as f:
        doc_text = f.read()
    listed = re.search(r"<!-- merge-codes:begin -->(.*?)<!-- merge-codes:end -->", doc_text, re.S)
    documented = set(re.findall(r"`(report-[a-z-]+)`", listed.group(1))) if listed else set()
    ck.check("docs/scale-out.md lists exactly these codes", documented == codes, (documented ^ codes))
    schema_codes = set(merge_schema["$defs"]["error"]["properties"]["code"]["enum"])
    ck.check("report-merge.schema.json lists exactly these codes", schema_codes == codes, (schema_codes ^ codes))


CASES = {n[len("case_"):]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    test_cli.CASES = CASES
    sys.exit(test_cli.main())
