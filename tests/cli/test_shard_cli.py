#!/usr/bin/env python3
"""Scale-out as a user meets it (docs/scale-out.md): the keys a report gives its inputs, and
`pixelpool report merge`'s command line. Same arguments and exit codes as test_cli.py, whose
helpers it uses:

    test_shard_cli.py --pixelpool BUILD/bin/pixelpool --samples resources/samples --schemas resources/schema CASE
"""
import base64
import os
import re
import shutil
import socket
import stat
import subprocess
import sys

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
    # --report naming a folder
    folder = ctx.mkdir("a-folder")
    for lang, expect in (("C.UTF-8", "it is a folder"), ("de_DE.UTF-8", "ein Ordner")):
        r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", os.path.join(ctx.tmp, "f-out"), "--report", folder,
                    ctx.sample(), env={"LANG": lang, "LC_ALL": ""})
        ck.check("--report FOLDER (%s): exit 2, said it is a folder" % lang,
                 r.rc == 2 and expect in r.err and "Input/output" not in r.err, (r.rc, r.err))


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
        out = os.path.join(ctx.tmp, "nf-out")  # made before the report begins: a report may go there
        ck.check("--report %s: exit 2, said, no image done" % what,
                 r.rc == 2 and "not a regular file (a pipe, socket or device)" in r.err and
                 (not os.path.exists(out) or not os.listdir(out)), (r.rc, r.err))
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


CASES = {n[len("case_"):]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    test_cli.CASES = CASES
    sys.exit(test_cli.main())
