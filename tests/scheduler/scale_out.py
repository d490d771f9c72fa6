#!/usr/bin/env python3
"""Scale-out end to end with the real pixelpool: one batch split into shards, every input
reported exactly once, every good image written once, and a killed shard resumed.

    scale_out.py --pixelpool PATH --repo DIR --mode manual   N = 1 and N = 3 by hand (--shard K/N)
    scale_out.py --pixelpool PATH --repo DIR --mode slurm    the docs' Slurm recipe as an array of
                                                             7 tasks on a local single-node Slurm

The Slurm mode runs the recipe copied from docs/scale-out.md (between the slurm-recipe markers),
so the docs show what was tested. It starts Slurm with scripts/slurm-local.sh and stops exactly
what that started. When Slurm cannot start it says why and exits 77 (skipped), or 1 when CI=true:
CI installs Slurm and must run this. It waits on conditions (squeue empty, a report saying so),
never on fixed sleeps. Exit 0 passed, 1 failed, 77 cannot run here.
"""

import argparse
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

GOOD, BMP_TWINS, HOSTILE = 280, 20, 20  # 300 good images, 20 of them sharing a name with another


def shard_of(key: bytes, n: int) -> int:
    """The partition as docs/scale-out.md documents it: FNV-1a 64, folded, mod N."""
    h = 14695981039346656037
    for b in key:
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return (h ^ (h >> 32)) % n


# ----------------------------------------------------------------------------- inputs

def png_bytes(w, h, rng):
    rows = b"".join(b"\0" + rng.randbytes(w * 3) for _ in range(h))  # noise: the bytes are the cost
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def bmp_bytes(w, h, rng):
    stride = (w * 3 + 3) & ~3
    pixels = b"".join(rng.randbytes(w * 3) + bytes(stride - w * 3) for _ in range(h))
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def make_inputs(root):
    """300 good images in three folders (20 BMPs named like a PNG beside them, so two inputs want
    one output name) and 20 hostile files. Returns (good, hostile): relative paths."""
    rng = random.Random(13)
    good, hostile = [], []
    for i in range(GOOD):
        rel = f"{'abc'[i % 3]}/img_{i:03d}.png"
        size = rng.randrange(64, 201)
        write(os.path.join(root, rel), png_bytes(size, rng.randrange(64, 201), rng))
        good.append(rel)
    for i in range(BMP_TWINS):
        rel = f"{'abc'[i % 3]}/img_{i:03d}.bmp"
        write(os.path.join(root, rel), bmp_bytes(rng.randrange(64, 120), rng.randrange(64, 120), rng))
        good.append(rel)
    for i in range(HOSTILE):
        if i < 10:  # truncated in the middle of the pixels
            data = png_bytes(120, 120, rng)
            rel, data = f"bad/truncated_{i:02d}.png", data[:len(data) // 2]
        elif i < 19:  # not an image at all, whatever the name says
            rel, data = f"bad/garbage_{i:02d}.jpg", rng.randbytes(rng.randrange(10, 3000))
        else:
            rel, data = "bad/empty.png", b""
        write(os.path.join(root, rel), data)
        hostile.append(rel)
    return good, hostile


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# ----------------------------------------------------------------------------- checks

class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


def run(cmd, expect=None, env=None, input=None, timeout=120, cwd=None):
    p = subprocess.run(cmd, capture_output=True, env=env, input=input, timeout=timeout, cwd=cwd)
    if expect is not None and p.returncode != expect:
        raise Failure(f"{' '.join(map(str, cmd))}: exit {p.returncode}, expected {expect}\n"
                      f"stdout: {p.stdout.decode(errors='replace')[-3000:]}\n"
                      f"stderr: {p.stderr.decode(errors='replace')[-3000:]}")
    return p


def load(path):
    with open(path) as f:
        return json.load(f)


def merge(pixelpool, reports, expect):
    p = run([pixelpool, "report", "merge", "--json", *reports], expect=expect)
    return json.loads(p.stdout)


def outputs_on_disk(out):
    """Every visible file under out (hidden temporaries of a killed run are not outputs)."""
    found = set()
    for d, _, files in os.walk(out):
        for name in files:
            if not name.startswith("."):
                found.add(os.path.relpath(os.path.join(d, name), out))
    return found


def complete_jpeg(path):
    with open(path, "rb") as f:
        data = f.read()
    return data[:2] == b"\xff\xd8" and data.rstrip(b"\0")[-2:] == b"\xff\xd9"


def by_key(reports):
    """key -> (entry, report) over reports; a key twice is a failure."""
    entries = {}
    for r in reports:
        for e in load(r)["inputs"]:
            check(e["key"] not in entries, f"{e['key']} reported twice")
            entries[e["key"]] = e
    return entries


def check_batch(out, entries, good_keys, hostile_keys):
    """Every input has a final outcome; good ones one complete output each, no output twice."""
    check(set(entries) == set(good_keys) | set(hostile_keys),
          f"reported {len(entries)} inputs, expected {len(good_keys) + len(hostile_keys)}")
    outputs = {}
    for key in good_keys:
        e = entries[key]
        check(e["outcome"] in ("done", "already_done"), f"{key}: {e['outcome']} {e.get('reason', '')}")
        rel = os.path.relpath(e["output"], out)
        check(rel not in outputs, f"{key} and {outputs.get(rel)} both wrote {rel}")
        outputs[rel] = key
        check(complete_jpeg(e["output"]), f"{e['output']} is not a complete JPEG")
    for key in hostile_keys:
        e = entries[key]
        check(e["outcome"] == "failed" and e.get("code") and e.get("reason"), f"{key}: {e}")
    on_disk = outputs_on_disk(out)
    check(on_disk == set(outputs), f"outputs on disk but in no report: {sorted(on_disk - set(outputs))[:5]}, "
                                   f"in a report but not on disk: {sorted(set(outputs) - on_disk)[:5]}")
    return {k: os.path.relpath(e["output"], out) for k, e in entries.items() if k in good_keys}


# ----------------------------------------------------------------------------- by hand

def manual(args, work):
    inputs = os.path.join(work, "in")
    good, hostile = make_inputs(inputs)
    # The folder is given as "in" from the work folder: a report's key is the path as given, so the
    # keys are "in/a/img_000.png" and the same whichever way the inputs come (folder or listing).
    good, hostile = ["in/" + k for k in good], ["in/" + k for k in hostile]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLURM_", "PARALLEL_", "PIXELPOOL_SHARD")) and k != "JOB_COMPLETION_INDEX"}
    base = [args.pixelpool, "--batch", "--quiet", "--recursive", "--workers", "2", "--overwrite", "skip"]

    p = run(base + ["--shard", "auto", inputs, "-o", os.path.join(work, "x")], expect=2, env=env)
    check(b"no scheduler found" in p.stderr, p.stderr)
    p = run(base[:-2] + ["--shard", "0/3", inputs, "-o", os.path.join(work, "x")], expect=2, env=env)
    check(b"rename" in p.stderr, p.stderr)

    mappings = {}
    for n in (1, 3):
        out, reports = os.path.join(work, f"out{n}"), os.path.join(work, f"reports{n}")
        os.makedirs(reports)
        for k in range(n):
            run(base + ["--shard", f"{k}/{n}", "in", "-o", out, "--report", f"{reports}/shard-{k}.json"],
                expect=1, env=env, cwd=work)  # 1: the hostile files failed
        files = [os.path.join(reports, f"shard-{k}.json") for k in range(n)]
        m = merge(args.pixelpool, files, 0)
        check(m["complete"] and m["totals"]["done"] == len(good) and m["totals"]["failed"] == len(hostile), m)
        for k, f in enumerate(files):
            r = load(f)
            check(r["shard"]["id"] == f"{k}/{n}" and r["state"] == "finished", r["shard"])
            check(r["command"][-2:] == ["--report", f], r["command"])
            for e in r["inputs"]:
                check(shard_of(e["key"].encode(), n) == k, f"{e['key']} in shard {k} of {n}")
        mappings[n] = check_batch(out, by_key(files), good, hostile)
        print(f"N={n}: {len(good)} outputs, {len(hostile)} failed, merge complete")
    # The same names whichever shard ran an input, the numbered twins included.
    check(mappings[1] == mappings[3], "outputs differ between 1 and 3 shards")
    twins = [k for k in good if k.endswith(".bmp")]
    check(all(" (2)." in mappings[1][k.replace(".bmp", ".png")] or " (2)." in mappings[1][k] for k in twins),
          "a BMP and its PNG twin do not have numbered names")

    # GNU parallel numbers its jobs from 1: --shard auto takes PARALLEL_SEQ - 1.
    if shutil.which("parallel"):
        out, reports = os.path.join(work, "out-parallel"), os.path.join(work, "reports-parallel")
        os.makedirs(reports)
        command = (f"{args.pixelpool} --batch --quiet --recursive --workers 1 --overwrite skip --shard auto --shard-count 3 "
                   f"in -o {out} --report {reports}/shard-{{}}.json")
        run(["parallel", "--will-cite", "-j", "2", command, ":::", "0", "1", "2"], env=env, cwd=work)
        files = [os.path.join(reports, f"shard-{k}.json") for k in range(3)]
        merge(args.pixelpool, files, 0)
        check([load(f)["shard"]["scheduler"] for f in files] == ["parallel"] * 3, "not sharded by PARALLEL_SEQ")
        check(check_batch(out, by_key(files), good, hostile) == mappings[3], "GNU parallel: other outputs")
        print("GNU parallel, --shard auto --shard-count 3: merge complete, the same outputs")
    elif os.environ.get("CI") == "true":
        raise Failure("GNU parallel is not installed (scripts/install-deps.sh --tests installs it)")
    else:
        print("GNU parallel is not installed: its recipe was not run")

    reports = os.path.join(work, "reports3")
    m = merge(args.pixelpool, [f"{reports}/shard-0.json", f"{reports}/shard-2.json"], 1)
    check(m["shards_without_report"] == [{"shard": 1, "inputs": len(load(f"{reports}/shard-1.json")["inputs"])}], m)

    # Resume by hand: five outputs of shard 2 lost; its rerun redoes those five and no more.
    entries = load(f"{reports}/shard-2.json")["inputs"]
    lost = [e for e in entries if e["outcome"] == "done"][:5]
    for e in lost:
        os.unlink(e["output"])
    kept = {e["output"]: os.stat(e["output"]).st_mtime_ns for e in entries if e["outcome"] == "done" and e not in lost}
    # The listing through stdin, NUL-separated, this time: a file named directly is keyed by its
    # path as given, "in/a/img_000.png" as from the folder above.
    listing = b"".join(k.encode() + b"\0" for k in sorted(good + hostile))
    run(base + ["--shard", "2/3", "--inputs-from", "-", "--null", "-o", "out-list", "--report", "list.json"],
        expect=1, env=env, input=listing, cwd=work)
    listed = load(f"{work}/list.json")["inputs"]
    check(sorted(e["key"] for e in listed) == sorted(k for k in good + hostile if shard_of(k.encode(), 3) == 2),
          "--inputs-from: not the inputs of shard 2")
    run(base + ["--shard", "2/3", "in", "-o", os.path.join(work, "out3"), "--report", f"{reports}/shard-2.json"],
        expect=1, env=env, cwd=work)
    again = load(f"{reports}/shard-2.json")
    redone = sorted(e["key"] for e in again["inputs"] if e["outcome"] == "done")
    check(redone == sorted(e["key"] for e in lost), f"redone {redone}, lost {[e['key'] for e in lost]}")
    check(again["totals"]["already_done"] == len(kept), again["totals"])
    check(all(os.stat(p).st_mtime_ns == t for p, t in kept.items()), "an output that was done was written again")
    merge(args.pixelpool, [f"{reports}/shard-{k}.json" for k in range(3)], 0)
    print("resume by hand: only the 5 lost outputs were redone")


# ----------------------------------------------------------------------------- Slurm

def recipe(repo):
    with open(os.path.join(repo, "docs", "scale-out.md")) as f:
        text = f.read()
    m = re.search(r"<!-- slurm-recipe:begin -->\s*```bash\n(.*?)```\s*<!-- slurm-recipe:end -->", text, re.S)
    if not m:
        raise Failure("docs/scale-out.md has no slurm-recipe block")
    return m.group(1)


class Slurm:
    def __init__(self, repo, state):
        self.script = os.path.join(repo, "scripts", "slurm-local.sh")
        self.env = dict(os.environ, PIXELPOOL_SLURM_DIR=state, SLURM_CONF=os.path.join(state, "slurm.conf"))
        self.up_done = False

    def up(self):
        p = subprocess.run(["bash", self.script, "up"], env=self.env, capture_output=True, text=True, timeout=60)
        self.up_done = p.returncode == 0
        return p

    def down(self):
        if self.up_done:
            subprocess.run(["bash", self.script, "down"], env=self.env, timeout=60)

    def sbatch(self, *args, env=None):
        # The recipe's variables in sbatch's environment, as docs/scale-out.md submits them.
        p = run(["sbatch", "--parsable", *args], expect=0, env=dict(self.env, **(env or {})))
        return p.stdout.decode().strip().split(";")[0]

    def wait(self, job, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            p = run(["squeue", "-h", "-j", job, "-o", "%i %T"], env=self.env)
            if p.returncode == 0 and not p.stdout.strip():
                return
            time.sleep(0.2)
        raise Failure(f"Slurm job {job} still queued or running after {timeout} s")


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise Failure(f"timed out waiting for {what}")


def read_report(path):
    try:
        return load(path)
    except (OSError, ValueError):
        return None


def slurm(args, work):
    state = f"/tmp/pixelpool-slurm-{os.getpid()}"  # munged must reach it as its own user
    cluster = Slurm(args.repo, state)
    p = cluster.up()
    if p.returncode != 0:
        print(f"Slurm cannot start here: {p.stderr.strip()}")
        if os.environ.get("CI") == "true":
            print("CI=true: Slurm must start in CI (scripts/install-deps.sh --tests installs it)")
            return 1
        return 77
    try:
        return slurm_batch(args, work, cluster)
    finally:
        cluster.down()


def slurm_batch(args, work, cluster):
    n = 7
    inputs = os.path.join(work, "in")
    good, hostile = make_inputs(inputs)
    # One image holds its worker until told (a test hook): shard 3 is mid-run for as long as the
    # test needs, whatever the machine's load. Named so that it falls in shard 3; small, so that
    # the larger images of its shard are done before it (largest first, one worker).
    gate = next(f"a/pixelpool-test-gate-{i}.png" for i in range(1000)
                if shard_of(f"in/a/pixelpool-test-gate-{i}.png".encode(), n) == 3)
    write(os.path.join(inputs, gate), png_bytes(80, 80, random.Random(3)))
    os.unlink(os.path.join(inputs, good.pop()))  # in its place: still 300 good images
    good.append(gate)
    # The listing names inputs relative to the jobs' folder (--chdir): those paths are the keys.
    good, hostile = ["in/" + r for r in good], ["in/" + r for r in hostile]
    listing = os.path.join(work, "inputs.txt")
    with open(listing, "w") as f:
        f.write("".join(k + "\n" for k in sorted(good + hostile)))
    script = os.path.join(work, "pixelpool-shard.sh")
    with open(script, "w") as f:
        f.write(recipe(args.repo))
    out, reports = os.path.join(work, "out"), os.path.join(work, "reports")
    os.makedirs(reports)
    export = {"PIXELPOOL_SHARD_COUNT": str(n), "LIST": listing, "OUT": out, "REPORTS": reports,
              "PIXELPOOL": args.pixelpool}

    started = time.monotonic()
    job = cluster.sbatch(f"--array=0-{n - 1}", "--cpus-per-task=1", "--chdir", work, script, env=export)
    cluster.wait(job)
    files = [os.path.join(reports, f"shard-{k}.json") for k in range(n)]
    missing = [f for f in files if not os.path.exists(f)]
    if missing:
        logs = "".join(open(os.path.join(work, f)).read() for f in os.listdir(work) if f.endswith(".out"))
        raise Failure(f"no report from {missing}; job output:\n{logs[-3000:]}")
    m = merge(args.pixelpool, files, 0)
    check(m["complete"] and m["totals"]["done"] == len(good) and m["totals"]["failed"] == len(hostile), m)
    for k, f in enumerate(files):
        shard = load(f)["shard"]
        check(shard["scheduler"] == "slurm" and shard["id"] == f"{k}/{n}", shard)
        check(shard["ids"].get("SLURM_ARRAY_JOB_ID") == job, shard)
    check_batch(out, by_key(files), good, hostile)
    print(f"array of {n}: {len(good)} outputs, {len(hostile)} failed, merge complete "
          f"({time.monotonic() - started:.1f} s; the shards' own time {m['shard_seconds']:.1f} s, "
          f"the longest {m['wall_seconds']:.1f} s)")
    for f in files:
        r = load(f)
        print(f"  shard {r['shard']['id']}: started {r['started']}, {r['seconds']:.1f} s")

    # Shard 3 again from nothing, stopped mid-run with scancel, then its index submitted again.
    shard3 = os.path.join(reports, "shard-3.json")
    before = load(shard3)["inputs"]
    for e in before:
        if e["outcome"] == "done":
            os.unlink(e["output"])
    os.unlink(shard3)
    job = cluster.sbatch("--array=3", "--cpus-per-task=1", "--chdir", work, script,
                         env=dict(export, PIXELPOOL_OPTIONS="--test-flags 1"))

    def mid_run():
        r = read_report(shard3)
        if not r:
            return None
        done = [e for e in r["inputs"] if e["outcome"] == "done"]
        gated = [e for e in r["inputs"] if e["key"].endswith(gate)]
        return r if done and gated and gated[0]["outcome"] == "pending" else None
    wait_for(mid_run, "shard 3 to finish some images and wait at the gate")
    run(["scancel", f"{job}_3"], expect=0, env=cluster.env)
    cluster.wait(job)
    killed = load(shard3)
    done = {e["key"] for e in killed["inputs"] if e["outcome"] == "done"}
    unfinished = {e["key"] for e in killed["inputs"] if e["outcome"] in ("pending", "cancelled")}
    check(done and any(k.endswith(gate) for k in unfinished), f"killed shard: {killed['totals']}")
    m = merge(args.pixelpool, files, 1)
    check(not m["complete"] and set(m["unfinished"]) >= unfinished, m)
    print(f"scancel mid-run: {len(done)} done, {len(unfinished)} unfinished, merge says incomplete")

    kept = {e["output"]: os.stat(e["output"]).st_mtime_ns for e in killed["inputs"] if e["outcome"] == "done"}
    job = cluster.sbatch("--array=3", "--cpus-per-task=1", "--chdir", work, script, env=export)
    cluster.wait(job)
    again = load(shard3)
    check(again["state"] == "finished", again["state"])
    already = {e["key"] for e in again["inputs"] if e["outcome"] == "already_done"}
    redone = {e["key"] for e in again["inputs"] if e["outcome"] == "done"}
    good3 = {e["key"] for e in before if e["key"] in set(good)}
    check(already == done, f"already done {len(already)}, done before the kill {len(done)}")
    check(redone == good3 - done, f"redone {sorted(redone)}, missing were {sorted(good3 - done)}")
    check(all(os.stat(p).st_mtime_ns == t for p, t in kept.items()), "an output done before the kill was rewritten")
    m = merge(args.pixelpool, files, 0)
    check(m["complete"], m)
    check_batch(out, by_key(files), good, hostile)
    print(f"index 3 again: {len(already)} already done, {len(redone)} redone, merge complete "
          f"({time.monotonic() - started:.1f} s in all)")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pixelpool", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--mode", choices=["manual", "slurm"], required=True)
    args = ap.parse_args()
    args.pixelpool = os.path.abspath(args.pixelpool)
    work = tempfile.mkdtemp(prefix=f"pixelpool-scale-{args.mode}-")
    try:
        if args.mode == "manual":
            manual(args, work)
            code = 0
        else:
            code = slurm(args, work)
    except Failure as e:
        print(f"FAILED: {e}")
        code = 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
