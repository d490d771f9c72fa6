#!/usr/bin/env python3
"""PixelPool's hostile-input and reliability tests: runs the real `pixelpool --batch` (and its
worker processes) against hostile files, dying workers, a dying front end, broken output
folders and interrupted runs, and checks that nothing is lost, nothing hangs and every input
gets exactly one clear outcome.

    run_hostile.py --pixelpool build/bin/pixelpool --test inputs|kill_workers|kill_frontend|
                   misbehave|outdir_missing|outdir_readonly|outdir_full|resume|self_overwrite|
                   toctou|runtime_dir|window|all [--keep] [--verbose] [--results-dir DIR]
                   [--gui-test build/bin/tst_gui_hostile] [--test-hooks]

Exit status: 0 passed, 1 failed, 77 skipped (the environment cannot do what the test needs;
the reason is printed). Needs Python 3 (standard library), cjpeg/djpeg (libjpeg-turbo-progs).
Runs pixelpool as user "nobody" (via setpriv) where permissions matter and we are root.

Engine bugs the tests expose are listed in KNOWN_BUGS below: a failing check listed there is
reported as XFAIL and does not fail the test. Empty the entry once the bug is fixed; a strict
entry whose check passes (XPASS) fails the test so that the list stays honest.
"""

import argparse
import collections
import fcntl
import glob
import hashlib
import json
import os
import pwd
import random
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import make_corpus as mc  # noqa: E402

SKIP = 77

# --------------------------------------------------------------------------------------------
# Known engine bugs: the checks below fail because of a bug in the engine, not in the test.
# Key: check id as printed by this driver. strict: the bug shows on every run, so a pass (XPASS)
# means it was fixed and fails the test until the entry is removed. Non-strict: a race, seen on
# some runs only. docs/reliability.md has the reproductions.
# Fixed, their checks kept as regression tests: an output name made with {width}/{height} that
# lands on its own source replaced it (f687c9a); BUG-1..3 and BUG-5..8 of docs/reliability.md
# (79c08ff); BUG-4, outputs committed before the front end accepted the result.
KNOWN_BUGS = {}

FINAL = ("finished", "failed", "skipped", "cancelled", "left-out")
# How the manifest names outcomes: an input a folder scan left out ("left-out" event) is "skipped".
KIND = {"finished": "done", "left-out": "skipped"}


# -------------------------------------------------------------------------------- reporting

class Checker:
    def __init__(self, test, verbose=False):
        self.test = test
        self.verbose = verbose
        self.results = []  # (id, status, detail)
        self.notes = []
        self.numbers = {}

    def check(self, name, ok, detail=""):
        cid = "%s:%s" % (self.test, name)
        bug = KNOWN_BUGS.get(cid)
        if ok:
            status = "XPASS" if bug else "PASS"
        else:
            status = "XFAIL" if bug else "FAIL"
        self.results.append((cid, status, detail))
        if status != "PASS" or self.verbose:
            extra = (" [%s%s]" % (bug["bug"], "" if bug["strict"] else ", race")) if bug else ""
            text = "%-6s %s%s%s" % (status, cid, extra, (": " + detail) if detail else "")
            print(text.replace("\n", "\\n").replace("\t", "\\t"), flush=True)
        return ok

    def note(self, text):
        self.notes.append(text)
        print("note   %s: %s" % (self.test, text), flush=True)

    def exit_code(self):
        counts = collections.Counter(s for _, s, _ in self.results)
        bad = counts["FAIL"] + sum(1 for cid, s, _ in self.results
                                   if s == "XPASS" and KNOWN_BUGS[cid]["strict"])
        print("%s: %d checks: %s" % (self.test, len(self.results),
                                     ", ".join("%d %s" % (n, s) for s, n in sorted(counts.items()))),
              flush=True)
        for cid, s, _ in self.results:
            if s == "XPASS":
                print("       %s passes now: %s" % (cid, "remove it from KNOWN_BUGS in " + __file__ if KNOWN_BUGS[cid]["strict"] else "the race was not hit this run"))
        return 1 if bad else 0

    def as_dict(self):
        return {"test": self.test, "results": [{"id": c, "status": s, "detail": d} for c, s, d in self.results],
                "notes": self.notes, "numbers": self.numbers}


class Skip(Exception):
    pass


# -------------------------------------------------------------------------------- processes

def proc_table():
    """pid -> (comm, state, ppid) for every process."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d, "rb") as f:
                s = f.read()
        except OSError:
            continue
        r = s.rfind(b")")
        comm = s[s.find(b"(") + 1:r].decode(errors="replace")
        fields = s[r + 2:].split()
        out[int(d)] = (comm, fields[0].decode(), int(fields[1]))
    return out


def is_worker(comm):
    return comm.startswith("pixelpool-work")  # comm is cut to 15 characters


def workers_of(front_pid):
    return sorted(p for p, (comm, state, ppid) in proc_table().items()
                  if ppid == front_pid and is_worker(comm) and state not in ("Z", "X"))


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            s = f.read()
    except OSError:
        return False
    return s[s.rfind(b")") + 2:].split()[0] not in (b"Z", b"X")


def processes_mentioning(text):
    """Live processes whose command line contains `text` (bytes)."""
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % d, "rb") as f:
                if text in f.read() and alive(int(d)):
                    found.append(int(d))
        except OSError:
            pass
    return found


class Batch:
    """One `pixelpool --batch --json` run; events are collected as they arrive."""

    def __init__(self, ctx, args, env=None, cwd=None, as_user=None, name="batch"):
        self.ctx = ctx
        cmd = [ctx.pixelpool] + list(args)
        if as_user is not None:
            cmd = ["setpriv", "--reuid=%d" % as_user[0], "--regid=%d" % as_user[1], "--clear-groups",
                   "--", ctx.pixelpool_for(as_user)] + list(args)
        self.cmd = cmd
        self.env = env or ctx.env()
        self.cwd = cwd
        self.events = []
        self.bad_lines = []
        self.cond = threading.Condition()
        self.stderr_path = os.path.join(ctx.tmp, "%s.stderr" % name)
        self.rc = None
        self.hung = False
        self.seconds = None
        self.hold_pred = None  # wait_for(hold=True): stop reading once this is true
        self.holding = False

    def start(self):
        self.t0 = time.monotonic()
        self.stderr_file = open(self.stderr_path, "wb")
        # A small read buffer and a one-page pipe: when the reader holds (wait_for(hold=True)),
        # pixelpool blocks on its next few lines of output, so the batch cannot run ahead of a
        # test that was slow to be scheduled.
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=self.stderr_file,
                                     stdin=subprocess.DEVNULL, env=self.env, cwd=self.cwd,
                                     start_new_session=True, bufsize=512)
        try:
            fcntl.fcntl(self.proc.stdout.fileno(), 1031, 4096)  # F_SETPIPE_SZ
        except OSError:
            pass
        self.pid = self.proc.pid
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        return self

    def _read(self):
        log = open(self.stderr_path[:-len(".stderr")] + ".jsonl", "wb")  # kept with --keep
        for line in self.proc.stdout:
            log.write(line)
            try:
                ev = json.loads(line)
                ev["_t"] = time.monotonic() - self.t0
            except ValueError:
                self.bad_lines.append(line)
                continue
            with self.cond:
                self.events.append(ev)
                if self.hold_pred is not None and self.hold_pred(self.events):
                    self.holding = True
                self.cond.notify_all()
                while self.holding:
                    self.cond.wait()
        log.close()
        with self.cond:
            self.cond.notify_all()

    def running(self):
        return self.proc.poll() is None

    def wait_for(self, pred, timeout, hold=False):
        """Waits until pred(events) is true. hold: the reader stops at the event that made it
        true, so that the batch stops too (its output blocks) until release() or wait()."""
        deadline = time.monotonic() + timeout
        with self.cond:
            if hold:
                self.hold_pred = pred
            while not pred(self.events):
                left = deadline - time.monotonic()
                if left <= 0 or (not self.reader.is_alive()):
                    return pred(self.events)
                self.cond.wait(min(left, 0.05))
            return True

    def release(self):
        with self.cond:
            self.hold_pred = None
            self.holding = False
            self.cond.notify_all()

    def wait(self, timeout):
        self.release()
        try:
            self.rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.hung = True
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self.rc = self.proc.wait()
        self.reader.join(10)
        self.stderr_file.close()
        self.seconds = time.monotonic() - self.t0
        return self.rc

    def run(self, timeout):
        self.start()
        self.wait(timeout)
        return self

    def stderr(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode(errors="replace")

    def finals(self):
        return [e for e in self.events if e.get("event") in FINAL]

    def count(self, kind):
        return sum(1 for e in self.events if e.get("event") == kind)

    def summary(self):
        s = [e for e in self.events if e.get("event") == "summary"]
        return s[-1] if s else None


# -------------------------------------------------------------------------------- outputs

def is_temporary(name):
    return name.endswith(b".part") or b".pixelpool-" in name


def scan_dir(root):
    """(files, temporaries): relative bytes paths of regular files under root."""
    files, temps = [], []
    rootb = os.fsencode(root)
    for d, dirs, names in os.walk(rootb):
        for n in names:
            rel = os.path.relpath(os.path.join(d, n), rootb)
            (temps if is_temporary(n) else files).append(rel)
    return sorted(files), sorted(temps)


def display(b):
    return b.decode("utf-8", "replace")


def decode_jpeg(data):
    """(problem or None, (w, h, channels, pixels))."""
    if not data.startswith(b"\xff\xd8\xff"):
        return "does not start with a JPEG signature", None
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return "does not end with EOI (half-written?)", None
    p = subprocess.run(["djpeg", "-ppm"], input=data, capture_output=True, timeout=60)
    if p.returncode != 0:
        return "djpeg: %s" % (p.stderr.decode(errors="replace").strip() or "exit %d" % p.returncode), None
    return None, mc.parse_ppm(p.stdout)


def pixel_at(img, fx, fy):
    w, h, ch, data = img
    x = min(w - 1, int(round(fx * (w - 1))))
    y = min(h - 1, int(round(fy * (h - 1))))
    i = (y * w + x) * ch
    return tuple(data[i:i + 3]) if ch == 3 else (data[i],) * 3


def check_output(path, want_size=None, pixels=None, event=None):
    """Problems with one output file (a complete, decodable JPEG of the right size)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return ["output %s unreadable: %s" % (display(path), e)]
    problem, img = decode_jpeg(data)
    if problem:
        return ["output %s: %s" % (display(path), problem)]
    w, h = img[0], img[1]
    out = []
    if event is not None and (event.get("width"), event.get("height")) != (w, h):
        out.append("event says %sx%s, file is %dx%d" % (event.get("width"), event.get("height"), w, h))
    if want_size and [w, h] != list(want_size):
        out.append("output is %dx%d, expected %dx%d" % (w, h, want_size[0], want_size[1]))
    for p in pixels or []:
        got = pixel_at(img, *p["at"])
        if max(abs(a - b) for a, b in zip(got, p["rgb"])) > p["tol"]:
            out.append("pixel at %s is %s, expected %s" % (p["at"], list(got), p["rgb"]))
    return out


def resolve_outputs(outdir):
    """display path -> [actual absolute bytes path] for every output file."""
    files, _ = scan_dir(outdir)
    m = collections.defaultdict(list)
    for rel in files:
        full = os.path.join(os.fsencode(outdir), rel)
        m[display(full)].append(full)
    return m


def tree_hashes(root):
    """sha256 of every regular file we can read under root (symlinks and FIFOs not followed)."""
    out = {}
    for d, dirs, names in os.walk(os.fsencode(root)):
        for n in names:
            p = os.path.join(d, n)
            try:
                st = os.lstat(p)
                if not stat.S_ISREG(st.st_mode):
                    continue
                with open(p, "rb") as f:
                    out[p] = hashlib.sha256(f.read()).hexdigest()
            except OSError:
                out[p] = "unreadable"
    return out


def leftovers(pid, xdg):
    """Run files of front end `pid` still present: shm segments, socket folders."""
    pats = ["/dev/shm/pixelpool-%d-*" % pid, "/tmp/pixelpool-%d-*" % pid]
    if xdg:
        pats.append(os.path.join(xdg, "pixelpool-%d-*" % pid))
    found = []
    for p in pats:
        found += glob.glob(p)
    return found


def sysv_segments():
    if not shutil.which("ipcs"):
        return None
    p = subprocess.run(["ipcs", "-m"], capture_output=True, text=True)
    return [l for l in p.stdout.splitlines() if l[:2] == "0x"]


# -------------------------------------------------------------------------------- context

class Context:
    def __init__(self, args):
        self.args = args
        self.pixelpool = os.path.abspath(args.pixelpool)
        worker = os.path.join(os.path.dirname(self.pixelpool), "pixelpool-worker")
        if not os.access(self.pixelpool, os.X_OK) or not os.access(worker, os.X_OK):
            raise SystemExit("pixelpool or pixelpool-worker not found next to %s" % self.pixelpool)
        base = args.work_dir or None
        if base:
            os.makedirs(base, exist_ok=True)
        # short: the run's socket path (XDG_RUNTIME_DIR/pixelpool-<pid>-<id>/pool) must fit in
        # sun_path's 108 bytes
        self.tmp = tempfile.mkdtemp(prefix="pph-", dir=base)
        os.chmod(self.tmp, 0o755)  # "nobody" must reach the corpus and the output folders
        self.sources = args.source or mc.default_sources()
        self.root = os.geteuid() == 0
        self.nobody = None
        if self.root and shutil.which("setpriv"):
            try:
                pw = pwd.getpwnam("nobody")
                self.nobody = (pw.pw_uid, pw.pw_gid)
            except KeyError:
                pass
        self.xdg = self.mkdir("xdg", 0o700)
        for d in ("home", "config"):
            self.mkdir(d, 0o700)

    def mkdir(self, name, mode=0o755, owner=None):
        p = os.path.join(self.tmp, name)
        os.makedirs(p, exist_ok=True)
        os.chmod(p, mode)
        if owner:
            os.chown(p, owner[0], owner[1])
        return p

    def pixelpool_for(self, user):
        """The pixelpool that `user` (uid, gid) runs: this one, or where the user cannot reach it (a
        checkout under root's home, mode 700), a copy with the worker and the codec plug-ins beside it."""
        setpriv = ["setpriv", "--reuid=%d" % user[0], "--regid=%d" % user[1], "--clear-groups", "--"]
        if subprocess.run(setpriv + ["test", "-x", self.pixelpool]).returncode == 0:
            return self.pixelpool
        own = self.mkdir("programs", 0o755)
        here = os.path.dirname(self.pixelpool)
        for name in [os.path.basename(self.pixelpool), "pixelpool-worker"] + [
                n for n in os.listdir(here) if n.startswith("libpixelpool-") and n.endswith(".so")]:
            if not os.path.exists(os.path.join(own, name)):
                shutil.copy2(os.path.join(here, name), os.path.join(own, name))
        return os.path.join(own, os.path.basename(self.pixelpool))

    def give_to(self, owner):
        """Lets `owner` use the run folders (XDG_RUNTIME_DIR, HOME)."""
        for d in ("xdg", "home", "config"):
            os.chown(os.path.join(self.tmp, d), owner[0], owner[1])

    def env(self, **extra):
        e = {k: v for k, v in os.environ.items() if not k.startswith("PIXELPOOL_")}
        e.update({"XDG_RUNTIME_DIR": self.xdg, "HOME": os.path.join(self.tmp, "home"),
                  "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"), "LC_ALL": "C.UTF-8",
                  "QT_QPA_PLATFORM": "offscreen"})
        e.update(extra)
        return e

    def cleanup(self):
        if self.args.keep:
            print("kept %s" % self.tmp)
            return
        for d, dirs, files in os.walk(self.tmp):  # undo chmod 000 so rmtree can go in
            for n in dirs:
                try:
                    if not os.path.islink(os.path.join(d, n)):
                        os.chmod(os.path.join(d, n), 0o755)
                except OSError:
                    pass
        subprocess.run(["chmod", "-R", "u+rwX", self.tmp], capture_output=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


def batch_args(out, *more, workers=2, timeout=60, preset="web"):
    return ["--batch", "--preset", preset, "-o", out, "--json", "--workers", str(workers),
            "--timeout", str(timeout)] + list(more)


def check_exactly_once(ck, batch, expected_inputs, label="every-input-once"):
    """Every expected input has exactly one final event; no other inputs appear."""
    by_input = collections.defaultdict(list)
    for e in batch.finals():
        by_input[e.get("input")].append(e)
    missing = [i for i in expected_inputs if i not in by_input]
    twice = [i for i, l in by_input.items() if len(l) > 1]
    extra = [i for i in by_input if i not in set(expected_inputs)]
    ck.check(label, not missing and not twice and not extra,
             "missing %d %s; twice %d %s; unexpected %d %s" % (len(missing), missing[:3], len(twice), twice[:3],
                                                               len(extra), extra[:3]))
    return by_input


def check_outputs_dir(ck, batch, outdir, label="outputs-complete", allow_extra=(), unclaimed_ok=False):
    """The output folder holds exactly the outputs of 'finished' events, each complete and
    decodable, and no temporaries."""
    files, temps = scan_dir(outdir)
    outputs = resolve_outputs(outdir)
    claimed = set()
    problems = []
    for e in batch.events:
        if e.get("event") == "finished":
            paths = outputs.get(e.get("output"), [])
            if len(paths) != 1:
                problems.append("output of %s: %d files match %r" % (e.get("input"), len(paths), e.get("output")))
                continue
            claimed.add(paths[0])
            problems += check_output(paths[0], event=e)
    unclaimed = [display(f) for f in files if os.path.join(os.fsencode(outdir), f) not in claimed
                 and f not in allow_extra]
    ck.check(label, not problems and (unclaimed_ok or not unclaimed) and not temps,
             "; ".join(problems[:5]) + (" unclaimed files: %s" % unclaimed[:5] if unclaimed else "") +
             (" temporaries: %s" % [display(t) for t in temps[:5]] if temps else ""))
    return files, temps, unclaimed


# -------------------------------------------------------------------------------- tests

def effective(entry, direct, as_root):
    spec = dict(entry)
    if direct:
        spec.update(entry.get("direct", {}))
    if as_root and "root" in entry:
        spec.update(entry["root"])
    return spec


def check_entry(spec, events, outputs):
    """Problems of one manifest entry against its final events."""
    problems = []
    expect = spec["expect"]
    if expect == "absent":
        return ["reported although it must not be: %s" % events[0]] if events else []
    if len(events) != 1:
        return ["%d final events (expected exactly one)" % len(events)]
    e = events[0]
    kind = KIND.get(e["event"], e["event"])
    allowed = {"either": ("done", "failed")}.get(expect, (expect,))
    if kind not in allowed:
        problems.append("%s (expected %s)%s" % (kind, expect, ": " + e.get("reason", "") if e.get("reason") else ""))
        return problems
    if kind in ("failed", "skipped"):
        reason = e.get("reason", "").lower()
        if not reason:
            problems.append("no reason given")
        if spec.get("reason_any") and not any(k.lower() in reason for k in spec["reason_any"]):
            problems.append("reason %r has none of %s" % (e.get("reason"), spec["reason_any"]))
        if kind == "failed":
            for k in spec.get("reason_all", []):
                if k.lower() not in reason:
                    problems.append("reason %r does not mention %r" % (e.get("reason"), k))
    if kind == "done":
        paths = outputs.get(e.get("output"), [])
        if len(paths) != 1:
            problems.append("%d output files match %r" % (len(paths), e.get("output")))
        else:
            problems += check_output(paths[0], spec.get("output_size"), spec.get("pixels"), e)
        warning = e.get("warning", "")
        if spec.get("warning_any"):
            if not any(k.lower() in warning.lower() for k in spec["warning_any"]):
                problems.append("warning %r has none of %s" % (warning, spec["warning_any"]))
        elif warning:
            problems.append("finished with a warning: %s" % warning)
    return problems


def run_corpus_batch(ctx, ck, manifest, corpus, direct):
    """Runs one batch over the corpus (folder scan, or every 'direct' entry as an argument) and
    checks it against the manifest."""
    tag = "direct" if direct else "inputs"
    as_user = ctx.nobody
    as_root = ctx.root and as_user is None
    out = ctx.mkdir("out_" + tag, 0o755, as_user)
    entries = manifest["files"]
    expected = []  # (input string as reported, spec)
    args = []
    if not direct:
        photos = [p for p in ctx.photos()]
        args = ["-r", corpus] + photos
        for e in entries:
            expected.append((corpus + "/" + e["path"], effective(e, False, as_root)))
        expected.append((corpus + "/manifest.json",
                         {"expect": "skipped", "reason_any": ["not an image file name"], "path": "manifest.json"}))
        for p in photos:
            expected.append((p, {"expect": "done", "path": os.path.basename(p), "max_side": 1920}))
    else:
        passed = []
        for e in entries:
            if "direct" not in e:
                continue
            passed.append(bytes.fromhex(e["path_hex"]))
            expected.append((e["path"], effective(e, True, as_root)))
            if e.get("kind") == "dir":  # a folder given directly: its own files are scanned
                for c in entries:
                    if c["path"].startswith(e["path"] + "/") and "/" not in c["path"][len(e["path"]) + 1:]:
                        expected.append((c["path"], effective(c, False, as_root)))
        dup = "./" + [e for e in entries if e["path"].endswith("name with spaces.jpg")][0]["path"]
        passed.append(os.fsencode(dup))
        expected.append((dup, {"expect": "skipped", "reason_any": ["given twice"], "path": dup}))
        args = [b"--"] + passed
    b = Batch(ctx, batch_args(out, timeout=60) + args, cwd=corpus if direct else None, as_user=as_user,
              name=tag).run(ctx.args.timeout)
    ck.check("no-hang", not b.hung, "killed after %d s" % ctx.args.timeout if b.hung else "")
    ck.check("json-only-stdout", not b.bad_lines, "non-JSON lines: %r" % b.bad_lines[:3])
    ck.check("exit-code", b.rc == 1, "exit %s (expected 1: some failed)" % b.rc)
    s = b.summary()
    ck.check("summary", s is not None and not s.get("interrupted") and not s.get("cancelled"), "summary: %s" % s)
    by_input = check_exactly_once(ck, b, [i for i, sp in expected if sp["expect"] != "absent"])
    outputs = resolve_outputs(out)
    for inp, spec in expected:
        evs = by_input.get(inp, [])
        if spec.get("max_side"):  # a good photo from resources/samples
            probs = check_entry(spec, evs, outputs)
            if evs and evs[0].get("event") == "finished" and max(evs[0]["width"], evs[0]["height"]) > 1920:
                probs.append("not fitted into 1920x1920")
            ck.check("photo:" + spec["path"], not probs, "; ".join(probs))
        else:
            probs = check_entry(spec, evs, outputs)
            ck.check(spec["path"], not probs, "; ".join(probs) + " -- " + spec.get("description", ""))
        e = evs[0] if len(evs) == 1 else {}
        ck.numbers.setdefault("cases", []).append({
            "path": spec["path"], "case": spec.get("case", "photo"), "description": spec.get("description", ""),
            "expect": spec["expect"], "got": KIND.get(e.get("event"), e.get("event", "absent")),
            "reason": e.get("reason", e.get("warning", "")),
            "size": "%sx%s" % (e["width"], e["height"]) if "width" in e else ""})
    check_outputs_dir(ck, b, out)
    finals = b.finals()
    n = collections.Counter(KIND.get(e["event"], e["event"]) for e in finals)
    if s:
        # total counts images; inputs left out (not images) are counted apart
        ck.check("summary-counts", s["total"] + s["left_out"] == len(finals) and s["done"] == n["done"] and
                 s["failed"] == n["failed"] and s["skipped"] + s["left_out"] == n["skipped"],
                 "summary total %d done %d failed %d skipped %d left out %d; events: %d final, %s" %
                 (s["total"], s["done"], s["failed"], s["skipped"], s["left_out"], len(finals), dict(n)))
    # the batch went on after every bad file: something finished after the first failure and
    # after the last failure the remaining work was still done
    order = [e["event"] for e in finals if e.get("index", -1) >= 0]
    if "failed" in order:
        first_fail = order.index("failed")
        ck.check("went-on-after-failures", "finished" in order[first_fail:],
                 "nothing finished after the first failure")
    failures = [e for e in finals if e["event"] == "failed"]
    ck.check("every-failure-has-reason", all(e.get("reason") for e in failures),
             str([e for e in failures if not e.get("reason")][:3]))
    ck.numbers.update({"inputs": len(finals), "done": n["done"], "failed": n["failed"],
                       "skipped": n["skipped"], "seconds": round(b.seconds, 2),
                       "as_user": "nobody" if as_user else ("root" if ctx.root else "user")})
    print("%s: %d inputs reported (%d done, %d failed, %d skipped) in %.1f s as %s" %
          (tag, len(finals), n["done"], n["failed"], n["skipped"], b.seconds, ck.numbers["as_user"]))
    return b


def make_hostile_corpus(ctx, ck):
    """Builds the corpus under ctx.tmp and makes it readable by "nobody"; returns (dir, manifest)."""
    corpus = os.path.join(ctx.tmp, "corpus")
    t = time.monotonic()
    manifest = mc.build(corpus, ctx.sources)
    ck.numbers["corpus_seconds"] = round(time.monotonic() - t, 2)
    ck.numbers["corpus_files"] = len(manifest["files"])
    for n in manifest["notes"]:
        ck.note(n)
    for d, dirs, files in os.walk(corpus):  # readable by "nobody" whatever the umask
        for n in dirs + files:
            p = os.path.join(d, n)
            st = os.lstat(p)
            if stat.S_IMODE(st.st_mode) and (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
                os.chmod(p, stat.S_IMODE(st.st_mode) | 0o444 | (0o111 if stat.S_ISDIR(st.st_mode) else 0))
    return corpus, manifest


def test_inputs(ctx, ck):
    corpus, manifest = make_hostile_corpus(ctx, ck)
    if ctx.nobody:
        ctx.give_to(ctx.nobody)
    elif ctx.root:
        ck.note("running as root without setpriv: mode-000 files are readable, so the unreadable "
                "cases are checked for root's outcome (done) instead")
    before = tree_hashes(corpus)
    run_corpus_batch(ctx, ck, manifest, corpus, direct=False)
    ck2 = Checker("direct", ctx.args.verbose)
    run_corpus_batch(ctx, ck2, manifest, corpus, direct=True)
    after = tree_hashes(corpus)
    changed = [display(p) for p in before if after.get(p) != before[p]]
    created = [display(p) for p in after if p not in before and not p.endswith(b".crashed")]
    ck.check("sources-unchanged", not changed and not created, "changed %s, new %s" % (changed[:3], created[:3]))
    ck.results += ck2.results
    ck.numbers["direct"] = ck2.numbers
    # the pixel limit is configurable and exact: 1000x1000 passes --max-megapixels 1, 1001x1000 not
    lim = os.path.join(ctx.tmp, "limit")
    os.makedirs(lim)
    for w in (1000, 1001):
        with open(os.path.join(lim, "w%d.png" % w), "wb") as f:
            f.write(mc.png(w, 1000, 0, 8, (b"\x00" + b"\x80" * w) * 1000))
    b = Batch(ctx, batch_args(ctx.mkdir("out_limit"), lim, "--max-megapixels", "1"), name="limit").run(60)
    ev = {os.path.basename(e["input"]): e for e in b.finals()}
    ok = (ev.get("w1000.png", {}).get("event") == "finished" and ev.get("w1001.png", {}).get("event") == "failed"
          and "1001×1000" in ev["w1001.png"].get("reason", "") and "over the limit" in ev["w1001.png"]["reason"])
    ck.check("limit-boundary", ok, str([(k, v["event"], v.get("reason")) for k, v in ev.items()]))
    check_hostile_logos(ctx, ck)


def check_hostile_logos(ctx, ck):
    """A preset whose logo is hostile (a decompression bomb, cut, not an image): every image
    fails with the logo named and why, no worker crashes, and the batch ends."""
    d = os.path.join(ctx.tmp, "logos")
    os.makedirs(d)
    inputs = []
    for i in range(2):
        inputs.append(os.path.join(d, "photo%d.png" % i))
        with open(inputs[-1], "wb") as f:
            f.write(mc.png(48, 32, 2, 8, mc.raw_rows(48, 32, 3, lambda x, y: bytes([40 * i, 90, 200]))))
    for name, data, words in mc.hostile_logos():
        logo = os.path.join(d, name)
        with open(logo, "wb") as f:
            f.write(data)
        preset = os.path.join(d, name + ".json")
        with open(preset, "w") as f:
            json.dump({"format": "pixelpool-preset", "version": 1, "name": "logo " + name,
                       "steps": [{"op": "logo", "file": name}], "output": {"format": "png"}}, f)
        b = Batch(ctx, batch_args(ctx.mkdir("out_logo_" + name), *inputs, preset=preset),
                  name="logo-" + name).run(60)
        finals = b.finals()
        problems = []
        if b.hung or b.rc != 1:
            problems.append("exit %s%s (expected 1)" % (b.rc, ", hung" if b.hung else ""))
        if len(finals) != len(inputs):
            problems.append("%d final events for %d inputs" % (len(finals), len(inputs)))
        for e in finals:
            reason = e.get("reason", "")
            if e.get("event") != "failed" or e.get("code") != "processing":
                problems.append("%s: %s %s" % (os.path.basename(e.get("input", "")), e.get("event"), e.get("code")))
            elif not reason.startswith("logo: ") or name not in reason or \
                    not all(w.lower() in reason.lower() for w in words):
                problems.append("reason %r lacks the logo's name or %s" % (reason, words))
        ck.check("logo:" + name, not problems, "; ".join(problems))


def test_kill_workers(ctx, ck):
    """kill -9 of random workers, again and again, during batches of ctx.args.images images
    (more batches while fewer than --max-kills workers were killed: a fast machine finishes a
    batch before enough kills)."""
    rng = random.Random(ctx.args.seed)
    totals = collections.Counter()
    for rnd in range(4):
        if totals["kills"] >= ctx.args.max_kills:
            break
        kill_workers_round(ctx, ck, rng, "round%d" % (rnd + 1), ctx.args.max_kills - totals["kills"], totals)
    ck.check("kills-happened", totals["kills"] >= ctx.args.max_kills, "only %d kills" % totals["kills"])
    ck.numbers.update(dict(totals))
    kill_starting_workers(ctx, ck)


def kill_workers_round(ctx, ck, rng, label, max_kills, totals):
    n = ctx.args.images
    src = os.path.join(ctx.tmp, "in_" + label)
    mc.photo_set(src, n, ctx.sources, size="1/2")  # ~1 MP photos: enough work to kill during
    # A full-size photo (the largest file, so the first job) that the gate hook holds until the
    # kills are over: every kill then lands while the batch runs and must be replaced, however
    # fast the other images go. Its worker is never a victim.
    gate = os.path.join(src, "0000-pixelpool-test-gate.jpg")
    shutil.copy(mc.source_photos(ctx.sources)[0], gate)
    n += 1
    out = ctx.mkdir("out_" + label)
    b = Batch(ctx, batch_args(out, src, "--test-flags", "1"), name="kill_workers_" + label).start()
    kills, recoveries, max_pool = [], [], 0
    b.wait_for(lambda ev: any(e["event"] == "started" and e["input"] == gate for e in ev), 30)
    with b.cond:
        gate_pids = {e["pid"] for e in b.events if e["event"] == "started" and e["input"] == gate}
    deadline = time.monotonic() + ctx.args.timeout
    # The kills end when all is done but the gated image and the one its worker may hold behind it.
    others_done = lambda: sum(1 for e in b.finals() if e.get("input") != gate) >= n - 2
    while b.running() and b.summary() is None and time.monotonic() < deadline and len(kills) < max_kills \
            and not others_done():
        time.sleep(rng.uniform(0.05, 0.25))  # a random moment in whatever the workers are doing
        # victims: workers that are up (have taken a job), busy or between two images; workers
        # still starting are the subject of kill_starting_workers()
        with b.cond:
            up = {e["pid"] for e in b.events if e["event"] == "started"}
        ws = workers_of(b.pid)
        max_pool = max(max_pool, len(ws))
        ws = [p for p in ws if p in up and p not in gate_pids]
        if not ws or b.summary() is not None:
            continue
        victim = rng.choice(ws)
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            continue
        kills.append(victim)
        t = time.monotonic()
        recovered = None
        while time.monotonic() - t < 3 and b.running() and b.summary() is None:
            ws = [p for p in workers_of(b.pid) if p != victim]
            max_pool = max(max_pool, len(ws))
            if len(ws) == 2:
                recovered = time.monotonic() - t
                break
            time.sleep(0.005)
        if b.summary() is None and b.running():
            recoveries.append((victim, recovered))
    open(gate + ".go", "wb").close()
    b.wait(max(5, deadline - time.monotonic()))
    L = label + ":"
    ck.check(L + "no-hang", not b.hung)
    s = b.summary()
    ck.check(L + "summary", s is not None, str(s))
    inputs = sorted(os.path.join(src, f) for f in os.listdir(src) if not f.endswith(".go"))
    check_exactly_once(ck, b, inputs, L + "every-input-once")
    failed = [e for e in b.finals() if e["event"] == "failed"]
    bad = [e for e in failed if "signal 9 (sigkill)" not in e.get("reason", "").lower() or e.get("attempts") != 2]
    ck.check(L + "failures-are-double-kills", not bad, "unexpected failures: %s" % bad[:3])
    ck.check(L + "exit-code", b.rc == (1 if failed else 0), "exit %s with %d failed" % (b.rc, len(failed)))
    files, temps, unclaimed = check_outputs_dir(ck, b, out, L + "outputs-complete", unclaimed_ok=True)
    dups = [display(f) for f in files if b" (" in f]
    ck.check("no-duplicate-outputs", not dups and not unclaimed,
             "%s outputs with a ' (n)' suffix (an image written twice): %s; outputs of failed images: %s" %
             (label, dups[:5], unclaimed[:5]))
    # A killed worker is replaced at once while images wait for it (the log says "starting a
    # replacement"); one killed with nothing left to do is not (its slot is filled if work comes).
    log = b.stderr()
    replaced = lambda pid: re.search(r"\(pid %d\) lost: [^\n]*; starting a replacement" % pid, log) is not None
    slow = [r for v, r in recoveries if replaced(v) and (r is None or r > 2.0)]
    ck.check(L + "pool-keeps-its-size", not slow and max_pool <= 2,
             "%d of %d kills not followed by 2 live workers within 2 s; largest pool seen %d" %
             (len(slow), len(recoveries), max_pool))
    log_lost = len(re.findall(r"\) lost: ", log))
    log_replaced = log.count("; starting a replacement")
    if s:
        ck.check(L + "summary-workers", s["workers"] == 2, str(s))
        ck.check(L + "workers-replaced", log_lost == len(kills) and log_lost - 2 <= log_replaced <= log_lost and
                 s["workers_replaced"] in (log_lost, log_lost - 1),
                 "%d kills, %d lost and %d replacements logged, summary says %d" %
                 (len(kills), log_lost, log_replaced, s["workers_replaced"]))
    done = b.count("finished")
    totals.update({"images": n, "kills": len(kills), "done": done, "failed": len(failed), "replaced": log_replaced,
                   "duplicate_outputs": len(dups), "outputs_of_failed": len(unclaimed)})
    totals["seconds"] += round(b.seconds, 2)
    totals["max_recovery_ms"] = max(totals["max_recovery_ms"], round(1000 * max([r for v, r in recoveries if r] or [0])))
    print("kill_workers/%s: %d images, %d workers killed, %d done, %d failed (killed twice), %.1f s" %
          (label, n, len(kills), done, len(failed), b.seconds))


def kill_starting_workers(ctx, ck):
    """kill -9 of workers while they start (a worker needs ~0.5 s to load and connect): three in
    a row must not make the pool give up on the batch."""
    n = 150
    src = os.path.join(ctx.tmp, "in_starting")
    inputs = mc.photo_set(src, n, ctx.sources)
    # An image the gate hook holds until the kills are over: the batch cannot end first, however
    # fast the others go.
    gate = os.path.join(src, "pixelpool-test-gate.jpg")
    shutil.copy(inputs[0], gate)
    inputs.append(gate)
    n += 1
    out = ctx.mkdir("out_starting")
    b = Batch(ctx, batch_args(out, src, "--test-flags", "1"), name="kill_starting").start()
    b.wait_for(lambda ev: any(e["event"] == "started" for e in ev), 30)
    # the first two workers are up (they took a job): kill both; then kill each replacement
    # as soon as it appears, three times
    initial = set()
    b.wait_for(lambda ev: len({e["pid"] for e in ev if e["event"] == "started"}) >= 2, 30)
    with b.cond:
        initial = {e["pid"] for e in b.events if e["event"] == "started"}
    killed, starting_kills = [], 0
    for p in initial:
        try:
            os.kill(p, signal.SIGKILL)
            killed.append(p)
        except ProcessLookupError:
            pass
    seen = set(initial)
    t = time.monotonic()
    while starting_kills < 3 and b.running() and time.monotonic() - t < 20:
        for p in workers_of(b.pid):
            if p in seen:
                continue
            seen.add(p)
            try:
                os.kill(p, signal.SIGKILL)
                killed.append(p)
                starting_kills += 1
            except ProcessLookupError:
                pass
            break
        time.sleep(0.002)
    open(gate + ".go", "wb").close()
    b.wait(ctx.args.timeout)
    fatal = [e for e in b.finals() if "cannot start" in e.get("reason", "")]
    ck.check("no-hang-starting", not b.hung)
    check_exactly_once(ck, b, inputs, "starting:every-input-once")
    ck.check("killed-while-starting", starting_kills == 3,
             "only %d workers could be killed while starting (the batch ended first?)" % starting_kills)
    ck.check("starting-workers-killed-pool-recovers", not fatal and b.count("finished") >= n - 4,
             "%d workers killed while starting; %d done; %d failed with 'workers cannot start' (%s)" %
             (len(killed), b.count("finished"), len(fatal), fatal[0]["reason"] if fatal else ""))
    ck.numbers["kill_starting"] = {"killed": len(killed), "done": b.count("finished"), "gave_up": len(fatal)}


def kill_frontend_round(ctx, ck, label, n, when, hang=False):
    src = os.path.join(ctx.tmp, "in_" + label)
    paths = mc.photo_set(src, n, ctx.sources)
    # An image that holds its worker (hung, or waiting at the gate hook) for longer than the test
    # runs: the batch cannot end before the kill point, however fast the other images go.
    blocker = "0000-pixelpool-test-%s.jpg" % ("hang" if hang else "gate")
    shutil.copy(paths[0], os.path.join(src, blocker))
    extra = ["--test-flags", "1"]
    out = ctx.mkdir("out_" + label)
    xdg = ctx.mkdir("xdg_" + label, 0o700)
    env = ctx.env(XDG_RUNTIME_DIR=xdg)
    sysv_before = sysv_segments()
    b = Batch(ctx, batch_args(out, src, *extra), env=env, name="front_" + label).start()
    reached = b.wait_for(when, 60)
    ck.check(label + ":reached-kill-point", reached and b.running(), "the batch ended before the kill point")
    front = b.pid
    ws = workers_of(front)
    run_dirs = glob.glob(os.path.join(xdg, "pixelpool-%d-*" % front))
    ck.check(label + ":run-folder-found", len(run_dirs) == 1, "socket folders: %s" % run_dirs)
    if run_dirs:
        st = os.stat(run_dirs[0])
        sock = os.path.join(run_dirs[0], "pool")
        ok_sock = os.path.exists(sock) and stat.S_ISSOCK(os.stat(sock).st_mode)
        ck.check(label + ":socket-private", stat.S_IMODE(st.st_mode) == 0o700 and st.st_uid == os.geteuid()
                 and ok_sock, "folder mode %o, socket present %s" % (stat.S_IMODE(st.st_mode), ok_sock))
    os.kill(front, signal.SIGKILL)
    t0 = time.monotonic()
    b.wait(10)
    mention = os.fsencode(run_dirs[0]) if run_dirs else os.fsencode("pixelpool-%d-" % front)
    survivors = ws
    while time.monotonic() - t0 < 2.0:
        survivors = [p for p in ws if alive(p)] + processes_mentioning(mention)
        if not survivors:
            break
        time.sleep(0.01)
    gone_after = time.monotonic() - t0
    ck.check(label + ":workers-die-within-2s", not survivors and len(ws) == 2,
             "workers before the kill %s; alive after %.2f s: %s" % (ws, gone_after, survivors))
    time.sleep(0.1)
    left = leftovers(front, xdg)
    ck.check(label + ":no-leftover-ipc", not left, "left behind: %s" % left)
    if sysv_before is not None:
        ck.check(label + ":no-sysv-shm", sysv_segments() == sysv_before, "ipcs -m changed")
    files, temps = scan_dir(out)
    broken = []
    for f in files:
        broken += check_output(os.path.join(os.fsencode(out), f))
    ck.check(label + ":no-half-written-outputs", not broken, "; ".join(broken[:3]))
    if temps:
        ck.note("%s: %d temporary file(s) left by the killed run: %s" % (label, len(temps), [display(t) for t in temps]))
    # a new run starts cleanly next to what is left
    src2 = os.path.join(ctx.tmp, "in2_" + label)
    mc.photo_set(src2, 4, ctx.sources)
    out2 = ctx.mkdir("out2_" + label)
    b2 = Batch(ctx, batch_args(out2, src2), env=env, name="front2_" + label).run(60)
    ok2 = b2.rc == 0 and b2.count("finished") == 4 and not leftovers(b2.pid, xdg)
    ck.check(label + ":new-run-starts-cleanly", ok2, "exit %s, %d done, leftovers %s; stderr %s" %
             (b2.rc, b2.count("finished"), leftovers(b2.pid, xdg), b2.stderr()[-300:]))
    ck.numbers[label] = {"done_before_kill": b.count("finished"), "workers": len(ws),
                         "workers_gone_ms": round(gone_after * 1000), "temporaries_left": len(temps),
                         "leftover_ipc": len(left)}
    print("kill_frontend/%s: killed after %d done; %d workers gone in %.0f ms; %d leftovers" %
          (label, b.count("finished"), len(ws), gone_after * 1000, len(left)))


def cancel_round(ctx, ck, sig):
    """Ctrl+C / SIGTERM: a clean cancel. Every input still gets its one outcome, in-flight
    temporaries are removed, the workers and run files go."""
    label = "cancel-" + signal.Signals(sig).name.lower()
    src = os.path.join(ctx.tmp, "in_" + label)
    inputs = mc.photo_set(src, 120, ctx.sources)
    # One image the gate hook holds for good: the batch cannot end before the signal, however
    # fast the others go (a few ms each). Its worker ignores the cancel and is put down after
    # the pool's grace period, which ends that image as cancelled too.
    gate = os.path.join(src, "pixelpool-test-gate.jpg")
    shutil.copy(inputs[0], gate)
    inputs.append(gate)
    out = ctx.mkdir("out_" + label)
    b = Batch(ctx, batch_args(out, src, "--test-flags", "1"), name=label).start()
    b.wait_for(lambda ev: sum(1 for e in ev if e["event"] == "finished") >= 20, 60)
    ws = workers_of(b.pid)
    os.kill(b.pid, sig)
    b.wait(30)
    s = b.summary() or {}
    ck.check(label + ":exit-130-cancelled", b.rc == 130 and s.get("interrupted") is True and
             s.get("cancelled", 0) == b.count("cancelled") > 0, "exit %s, summary %s" % (b.rc, s))
    by_input = check_exactly_once(ck, b, inputs, label + ":every-input-once")
    # a cancelled image is reported as cancelled, never as failed
    odd = [e for e in b.finals() if e["event"] == "failed" or
           (e["event"] == "cancelled" and e.get("code") != "cancelled")]
    ck.check(label + ":unfinished-say-cancelled", not odd, str(odd[:3]))
    check_outputs_dir(ck, b, out, label + ":no-temporaries-or-partial-files")
    ck.check(label + ":workers-gone", not any(alive(p) for p in ws), "still alive: %s" % [p for p in ws if alive(p)])
    ck.check(label + ":no-leftover-ipc", not leftovers(b.pid, ctx.xdg), str(leftovers(b.pid, ctx.xdg)))
    ck.numbers[label] = {"done": b.count("finished"), "cancelled": b.count("cancelled")}


def parent_thread_exit_round(ctx, ck):
    """The kernel sends a worker its parent-death signal when the *thread* that started it exits.
    While a killed front end's other threads are still exiting, getppid() goes on naming the front
    end, and a worker that trusted it left the run folder behind (seen on a loaded machine).
    Deterministic here: a worker started from a thread that exits while this process lives on."""
    worker = os.path.join(os.path.dirname(ctx.pixelpool), "pixelpool-worker")
    run_dir = ctx.mkdir("pixelpool-%d-0123abcd" % os.getpid(), 0o700)
    # A front end's run folder holds its lock file, locked while it lives; a worker removes the
    # folder only once it can take that lock (here nobody holds it: the front end is "gone").
    open(os.path.join(run_dir, "lock"), "w").close()
    sock_path = os.path.join(run_dir, "pool")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sock_path)
    server.listen(1)
    server.settimeout(30)
    started = {}

    # The channel a front end hands a worker its jobs' files by (its end inherited).
    files, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)

    def starter():
        started["proc"] = subprocess.Popen(
            [worker, "--connect", sock_path, "--parent", str(os.getpid()), "--memory-limit", "1024",
             "--files", str(theirs.fileno())], pass_fds=(theirs.fileno(),),
            env=ctx.env(PIXELPOOL_TOKEN="00" * 32), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        theirs.close()
        conn, _ = server.accept()
        started["hello"] = conn.recv(256)  # sent after it asked for the death signal
        started["conn"] = conn

    t = threading.Thread(target=starter)
    t.start()
    t.join()  # the starting thread is gone; this process is not
    proc = started["proc"]
    try:
        rc = proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = "still running after 10 s"
    server.close()
    ck.check("parent-thread-exit:worker-exits", rc == 3 and started.get("hello"),
             "exit %s, hello %r" % (rc, started.get("hello", b"")[:8]))
    ck.check("parent-thread-exit:run-folder-removed", not os.path.exists(run_dir),
             "left behind: %s" % os.listdir(run_dir) if os.path.exists(run_dir) else "")
    if "conn" in started:
        started["conn"].close()
    files.close()


def test_kill_frontend(ctx, ck):
    parent_thread_exit_round(ctx, ck)
    started = lambda ev: sum(1 for e in ev if e["event"] == "started") >= 3
    kill_frontend_round(ctx, ck, "early", 60, started)
    finished = lambda ev: sum(1 for e in ev if e["event"] == "finished") >= 30
    kill_frontend_round(ctx, ck, "mid-with-hung-worker", 150, finished, hang=True)
    cancel_round(ctx, ck, signal.SIGINT)
    cancel_round(ctx, ck, signal.SIGTERM)


MISBEHAVIOUR = {
    # name: (expected outcome, reason keywords (all), stderr log keywords (all), attempts)
    "crash": ("failed", ["worker crashed with signal 11 (sigsegv)"], ["crashed with signal 11"], 2),
    "crashonce": ("done", [], ["crashed with signal 11"], None),
    # aborts whenever it reads the file's metadata: the retry after the crash reads none
    "metadataabort": ("done", [], ["signal 6"], None),
    "abort": ("failed", ["worker crashed with signal 6 (sigabrt)"], ["signal 6"], 2),
    "hang": ("failed", ["timed out"], ["timed out after 2 s"], 2),
    "badframe": ("failed", ["malformed frame"], ["malformed frame", "killing it"], 2),
    "oversize": ("failed", ["malformed frame", "exceeds the limit"], ["exceeds the limit", "killing it"], 2),
    "unknowntype": ("failed", ["unknown message type"], ["unknown message type 99", "killing it"], 2),
    "badindex": ("failed", ["invalid message", "another job"], ["broke the protocol", "killing it"], 2),
}


def test_misbehave(ctx, ck):
    src = os.path.join(ctx.tmp, "in")
    # Cheap good images (a few ms each): the 2 s limit must only ever fire for the hang image,
    # however loaded the machine is.
    photos = mc.photo_set(src, 8, ctx.sources, size="1/8", name="good_%02d.jpg")
    tiny = mc.cjpeg(mc.ppm(16, 16, mc.pattern_pixel(4)))
    for m in MISBEHAVIOUR:
        with open(os.path.join(src, "pixelpool-test-%s.jpg" % m), "wb") as f:
            f.write(tiny)
    out = ctx.mkdir("out")
    b = Batch(ctx, batch_args(out, src, "--test-flags", "1", timeout=2), name="misbehave").run(ctx.args.timeout)
    ck.check("no-hang", not b.hung)
    ck.check("front-end-survives", b.summary() is not None and b.rc == 1, "exit %s, summary %s" % (b.rc, b.summary()))
    inputs = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".jpg"))
    by_input = check_exactly_once(ck, b, inputs)
    log = b.stderr()
    outputs = resolve_outputs(out)
    replaced_expected = 0
    for m, (expect, reasons, logs, attempts) in MISBEHAVIOUR.items():
        evs = by_input.get(os.path.join(src, "pixelpool-test-%s.jpg" % m), [])
        probs = []
        if len(evs) != 1:
            probs.append("%d final events" % len(evs))
        else:
            e = evs[0]
            kind = KIND.get(e["event"], e["event"])
            if kind != expect:
                probs.append("%s (expected %s): %s" % (kind, expect, e.get("reason", "")))
            for r in reasons:
                if r not in e.get("reason", "").lower():
                    probs.append("reason %r lacks %r" % (e.get("reason"), r))
            if attempts and e.get("attempts") != attempts:
                probs.append("attempts %s, expected %d (retried once)" % (e.get("attempts"), attempts))
            if kind == "done":
                if "without its metadata" not in e.get("warning", ""):
                    probs.append("the retry after a crash does not say it left the metadata unread")
                paths = outputs.get(e.get("output"), [])
                probs += check_output(paths[0], event=e) if len(paths) == 1 else ["no output file"]
        for l in logs:
            if l not in log:
                probs.append("log does not mention %r" % l)
        replaced_expected += attempts or 1
        ck.check(m, not probs, "; ".join(probs))
    for p in photos:
        evs = by_input.get(p, [])
        ck.check("good:" + os.path.basename(p), len(evs) == 1 and evs[0]["event"] == "finished", str(evs))
    s = b.summary() or {}
    # Every lost worker is logged; it is replaced (and the log says so) while images wait, so all
    # but those lost on the batch's last images (one a worker at most): they have nothing left to do.
    logged = len(re.findall(r"\) lost: ", log))
    replacements = log.count("; starting a replacement")
    ck.check("pool-size-kept", s.get("workers") == 2 and logged == replaced_expected and
             logged - 2 <= replacements <= logged,
             "workers %s, %d workers lost and %d replacements logged (expected %d lost)" %
             (s.get("workers"), logged, replacements, replaced_expected))
    ck.check("summary-workers-replaced", s.get("workers_replaced") == logged,
             "summary says %s workers replaced, the log shows %d lost" % (s.get("workers_replaced"), logged))
    # a failed image must leave no output; a finished one exactly one
    files, temps = scan_dir(out)
    failed_names = ["pixelpool-test-%s" % m for m, v in MISBEHAVIOUR.items() if v[0] == "failed"]
    stray = [display(f) for f in files if any(f.decode(errors="replace") in (n + ".jpg",) or
                                              f.decode(errors="replace").startswith(n + " (") for n in failed_names)]
    dup = [display(f) for f in files if b" (" in f]
    ck.check("no-output-for-failed-images", not stray and not dup and not temps,
             "outputs of failed/retried images: %s %s; temporaries %s" % (stray, dup, temps))
    ck.numbers.update({"inputs": len(inputs), "replaced_logged": logged, "replaced_summary": s.get("workers_replaced"),
                       "seconds": round(b.seconds, 2),
                       "stray_outputs": stray + dup})
    print("misbehave: %d inputs, %s workers replaced, %.1f s" % (len(inputs), s.get("workers_replaced"), b.seconds))


def expect_all(ck, label, b, inputs, kind, keywords, outdir):
    by_input = check_exactly_once(ck, b, inputs, label + ":every-input-once")
    wrong = []
    for i in inputs:
        for e in by_input.get(i, []):
            k = KIND.get(e["event"], e["event"])
            if k != kind or (keywords and not any(w in e.get("reason", "").lower() for w in keywords)):
                wrong.append("%s: %s %s" % (os.path.basename(i), k, e.get("reason", "")))
    ck.check(label + ":outcome", not wrong, "; ".join(wrong[:4]))
    return by_input


def expect_refused(ck, label, b, keywords, outdir):
    """An unusable output folder: exit 2, one error event naming it, no image tried."""
    ck.check(label + ":exit-code", b.rc == 2, "exit %s" % b.rc)
    errors = [e for e in b.events if e.get("event") == "error"]
    ck.check(label + ":named-once", len(errors) == 1 and errors[0].get("code") == "output-folder" and
             outdir in errors[0].get("message", "") and
             any(k in errors[0].get("message", "").lower() for k in keywords), str(errors))
    ck.check(label + ":no-image-tried", not [e for e in b.events if e.get("event") in ("started", "finished", "failed")],
             str(b.events[:3]))
    ck.check(label + ":stderr-names-it-once", b.stderr().count(outdir) == 1, b.stderr()[-300:])


def test_outdir_missing(ctx, ck):
    src = os.path.join(ctx.tmp, "in")
    inputs = mc.photo_set(src, 6, ctx.sources)
    out = os.path.join(ctx.tmp, "not", "there", "yet")
    b = Batch(ctx, batch_args(out, src), name="missing").run(60)
    ck.check("missing:exit-code", b.rc == 0, "exit %s: %s" % (b.rc, b.stderr()[-300:]))
    expect_all(ck, "missing", b, inputs, "done", None, out)
    ck.check("missing:created", os.path.isdir(out))
    if os.path.isdir(out):
        check_outputs_dir(ck, b, out, "missing:outputs-complete")
    # a folder that cannot be created: said once, before any image is tried
    bad = "/proc/pixelpool-hostile/out"
    b = Batch(ctx, batch_args(bad, src), name="uncreatable").run(60)
    expect_refused(ck, "uncreatable", b, ["cannot be created", "cannot create"], bad)


def test_outdir_readonly(ctx, ck):
    if ctx.root and not ctx.nobody:
        raise Skip("running as root without setpriv/nobody: root ignores folder permissions")
    src = os.path.join(ctx.tmp, "in")
    inputs = mc.photo_set(src, 6, ctx.sources)
    out = ctx.mkdir("readonly", 0o555)
    if ctx.nobody:
        ctx.give_to(ctx.nobody)  # the folder stays root's, mode 555: nobody cannot write
    b = Batch(ctx, batch_args(out, src), as_user=ctx.nobody, name="readonly").run(60)
    expect_refused(ck, "readonly", b, ["permission denied"], out)
    files, temps = scan_dir(out)
    ck.check("readonly:nothing-written", not files and not temps, str(files + temps))
    ck.numbers["readonly_as"] = "nobody" if ctx.nobody else "user"


def mount_prefix(probe_dir):
    """A command prefix that gives a private mount namespace where mount -t tmpfs works."""
    cands = [["unshare", "-m", "--propagation", "private"]] if os.geteuid() == 0 else []
    cands.append(["unshare", "-r", "-m", "--propagation", "private"])
    for c in cands:
        if not shutil.which(c[0]):
            continue
        p = subprocess.run(c + ["sh", "-c", "mount -t tmpfs -o size=64k tmpfs '%s'" % probe_dir],
                           capture_output=True, text=True)
        if p.returncode == 0:
            return c
    return None


def test_outdir_full(ctx, ck):
    """Re-runs itself in a private mount namespace (nothing is mounted on the host)."""
    if not ctx.args.inner:
        probe = ctx.mkdir("probe")
        prefix = mount_prefix(probe)
        if not prefix:
            raise Skip("cannot mount a tmpfs (not root, no user namespaces): disk-full and read-only "
                       "file-system cases not run")
        cmd = prefix + [sys.executable, os.path.abspath(__file__), "--inner", "--test", "outdir_full",
                        "--pixelpool", ctx.pixelpool, "--results-dir", ctx.tmp,
                        # inside this run's folder: the inner run cannot remove its own, where its
                        # file systems are mounted; this one's cleanup does, once they are gone
                        "--work-dir", ctx.tmp] + (["--verbose"] if ctx.args.verbose else []) + (["--keep"] if ctx.args.keep else []) + \
            (["--test-hooks"] if ctx.args.test_hooks else [])
        for s in ctx.sources:
            cmd += ["--source", s]
        p = subprocess.run(cmd, timeout=ctx.args.timeout + 60)
        res = os.path.join(ctx.tmp, "outdir_full.json")
        if os.path.exists(res):
            with open(res) as f:
                d = json.load(f)
            ck.results += [(r["id"], r["status"], r["detail"]) for r in d["results"]]
            ck.numbers.update(d["numbers"])
        if p.returncode == SKIP:
            raise Skip("inner run skipped")
        ck.check("inner-run", p.returncode == 0 or os.path.exists(res), "exit %d" % p.returncode)
        return
    # ---- inside the namespace
    src = os.path.join(ctx.tmp, "in")
    inputs = mc.photo_set(src, 12, ctx.sources)
    full = ctx.mkdir("full")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", full], check=True)
    b = Batch(ctx, batch_args(full, src), name="full").run(60)
    by_input = check_exactly_once(ck, b, inputs, "full:every-input-once")
    done = b.count("finished")
    failed = [e for e in b.finals() if e["event"] == "failed"]
    # Said where: the worker writes to a file it was handed, and its words alone named no folder.
    said = "cannot write the output in %s: no space left on the device (disk full)" % full
    wrong = [e for e in failed if e.get("reason") != said]
    ck.check("full:some-written-rest-fail-with-reason", done >= 1 and len(failed) >= 1 and not wrong,
             "%d done, %d failed, other reasons: %s" % (done, len(failed), wrong[:3]))
    ck.check("full:exit-code", b.rc == 1, "exit %s" % b.rc)
    check_outputs_dir(ck, b, full, "full:no-partial-files")
    ck.numbers["full"] = {"images": len(inputs), "done": done, "failed": len(failed),
                          "reason": failed[0]["reason"] if failed else None}
    print("outdir_full: 200 KiB tmpfs: %d done, %d failed (%s)" %
          (done, len(failed), failed[0]["reason"] if failed else "-"))
    rofs = ctx.mkdir("rofs")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", rofs], check=True)
    b = Batch(ctx, batch_args(rofs, src), name="rofs").run(60)
    expect_refused(ck, "read-only-fs", b, ["read-only"], rofs)
    ck.numbers["read_only_fs_reason"] = ([e for e in b.events if e.get("event") == "error"] or [{}])[0].get("message")
    # The runtime folder out of inodes (a tmpfs of two: its root and a file), then read-only: the
    # run's socket folder is made in the temporary folder instead, and nothing is left behind
    # (before, out of inodes: "cannot create the private folder …: No space left on device", exit 2).
    for what, options in (("out-of-inodes", "nr_inodes=2,size=64k"), ("read-only", "ro,size=64k")):
        runtime = ctx.mkdir("runtime-" + what)
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", runtime], check=True)
        if what == "out-of-inodes":
            open(os.path.join(runtime, "filler"), "wb").close()  # its last inode
        b = Batch(ctx, batch_args(ctx.mkdir("out-runtime-" + what), src), env=ctx.env(XDG_RUNTIME_DIR=runtime),
                  name="runtime-" + what).run(60)
        ck.check("runtime-dir-%s:falls-back-to-tmp" % what,
                 b.rc == 0 and b.count("finished") == len(inputs) and not leftovers(b.pid, runtime),
                 "exit %s, %d of %d done, left behind %s; stderr: %s" %
                 (b.rc, b.count("finished"), len(inputs), leftovers(b.pid, runtime), b.stderr().strip()[-300:]))
    if ctx.args.test_hooks:
        outdir_turns_read_only(ctx, ck)


def outdir_turns_read_only(ctx, ck):
    """The output folder's file system remounted read-only while the batch runs (inside the test's
    mount namespace): the first write that fails there names the folder and why, and every image
    not done yet fails at once with the same words, none of them decoded for nothing."""
    src = os.path.join(ctx.tmp, "in_midway")
    inputs = mc.photo_set(src, 12, ctx.sources)
    # A photo whose open the front end's hook holds (as a network share that does not answer) until
    # the remount: after the batch found the folder writable, before any output's temporary is made.
    # (The kernel refuses to remount a file system read-only while a file on it is open for writing,
    # and a job a worker holds has its output's temporary open: held at the worker, the remount
    # failed "mount point is busy", and this case never ran.)
    hung = os.path.join(src, "0000-pixelpool-test-openhang.jpg")
    shutil.copy(mc.source_photos(ctx.sources)[0], hung)
    inputs.append(hung)
    out = ctx.mkdir("midway")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", out], check=True)
    b = Batch(ctx, batch_args(out, src, workers=1), env=ctx.env(PIXELPOOL_TEST_OPEN_HANG="1"),
              name="rofs-midway").start()
    deadline = time.monotonic() + 30
    while not os.path.exists(hung + ".opening") and time.monotonic() < deadline and b.proc.poll() is None:
        time.sleep(0.01)
    with b.cond:
        seen = len(b.events)
        done_before = sum(1 for e in b.events if e["event"] == "finished")
    subprocess.run(["mount", "-o", "remount,ro", out], check=True)
    open(hung + ".go", "wb").close()
    b.wait(60)
    check_exactly_once(ck, b, inputs, "turns-read-only:every-input-once")
    failed = [e for e in b.finals() if e["event"] == "failed"]
    why = "output folder %s can no longer be written: the file system is read-only" % os.path.realpath(out)
    ck.check("turns-read-only:the-rest-fail-naming-the-folder",
             len(failed) == len(inputs) - done_before and all(e.get("reason") == why for e in failed),
             "%d failed of %d, %d done before; reasons %s" %
             (len(failed), len(inputs), done_before, sorted({e.get("reason") for e in failed})))
    # A worker is handed an image with its output's temporary, which cannot be made on a read-only
    # file system: an image that reaches one fails there undecoded. At most three do: the held one,
    # the one sent ahead to the same worker, and one sent as the held one's failure freed it, before
    # the batch heard of that failure and stopped writing there.
    started = [e["input"] for e in b.events[seen:] if e["event"] == "started"]
    ck.check("turns-read-only:no-image-decoded-for-nothing", len(started) <= 3,
             "%d images started after the remount: %s" % (len(started), started))
    ck.check("turns-read-only:exit-code", b.rc == 1, "exit %s" % b.rc)
    check_outputs_dir(ck, b, out, "turns-read-only:no-partial-files")
    ck.numbers["turns_read_only"] = {"images": len(inputs), "done_before": done_before, "failed": len(failed),
                                     "started_after": len(started), "reason": failed[0]["reason"] if failed else None}
    print("outdir_full: read-only midway: %d done before, %d failed (%s), %d started after" %
          (done_before, len(failed), failed[0]["reason"] if failed else "-", len(started)))


def test_resume(ctx, ck):
    if not ctx.args.test_hooks:
        print("resume: not run: the batch is held by a test hook (--test-hooks), which this build lacks")
        return
    n = 150
    src = os.path.join(ctx.tmp, "in")
    inputs = mc.photo_set(src, n, ctx.sources)
    # The smallest image, the batch's last, holds its worker (the test hook "pixelpool-test-gate")
    # until a file says go: the batch cannot end before this test kills it, however fast it runs.
    # Holding the reader of its events held it too, until its output got a thread and a megabyte of
    # its own: then a fast machine ran the 150 images to their end before the kill came.
    gate = os.path.join(ctx.mkdir("gate"), "zz-pixelpool-test-gate.jpg")  # beside, not among them: its "go" too
    with open(gate, "wb") as f:
        f.write(mc.cjpeg(mc.ppm(16, 16, mc.pattern_pixel(3))))
    inputs.append(gate)
    out = ctx.mkdir("out")
    b = Batch(ctx, batch_args(out, src, gate, "--overwrite", "skip", "--test-flags", "1"), name="interrupted").start()
    # held: the reader stops near 2/5 of the batch, which its output's buffer lets run on
    b.wait_for(lambda ev: sum(1 for e in ev if e["event"] == "finished") >= n * 2 // 5, 60, hold=True)
    ws = workers_of(b.pid)
    os.kill(b.pid, signal.SIGKILL)
    b.wait(10)
    t0 = time.monotonic()
    while any(alive(p) for p in ws) and time.monotonic() - t0 < 3:
        time.sleep(0.01)
    first_done = {e["input"] for e in b.events if e["event"] == "finished"}
    files, temps = scan_dir(out)
    broken = []
    for f in files:
        broken += check_output(os.path.join(os.fsencode(out), f))
    ck.check("interrupted:only-complete-outputs", not broken, "; ".join(broken[:3]))
    ck.check("interrupted:really-interrupted", 0 < len(files) < len(inputs),
             "%d outputs of %d" % (len(files), len(inputs)))
    # what a crash leaves when a worker dies inside its write (SIGTERM from PR_SET_PDEATHSIG while
    # the temporary is open): planted here, because hitting that window by chance is rare
    dead_pid = 4194303  # above any default pid_max: never a live process
    planted = os.path.join(out, ".img_0149.jpg.pixelpool-%d-deadbeef00000000-150.part" % dead_pid)
    with open(planted, "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 half a JPEG")
    # what a power loss can leave of outputs whose data was not flushed yet: an empty file and
    # one cut short, under their final names
    cut = [e for e in b.events if e["event"] == "finished"][:2]
    for e, size in zip(cut, (0, None)):
        path = os.fsencode(e["output"])  # absolute; ASCII names in this test
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) // 2 if size is None else size)
    cut_inputs = {e["input"] for e in cut}
    open(gate + ".go", "w").close()  # the resumed batch makes the image that held the first
    b2 = Batch(ctx, batch_args(out, src, gate, "--overwrite", "skip", "--test-flags", "1"),
               name="resumed").run(ctx.args.timeout)
    ck.check("resumed:exit-code", b2.rc == 0, "exit %s" % b2.rc)
    by_input = check_exactly_once(ck, b2, inputs, "resumed:every-input-once")
    redone = [i for i in first_done - cut_inputs if by_input.get(i) and by_input[i][0]["event"] != "skipped"]
    ck.check("resumed:finished-images-skipped", not redone, "%d images done before the kill were redone: %s" %
             (len(redone), redone[:3]))
    kept = [i for i in cut_inputs if not by_input.get(i) or by_input[i][0]["event"] != "finished"]
    ck.check("resumed:cut-short-outputs-redone", len(cut) == 2 and not kept,
             "%d outputs cut short; not redone: %s" % (len(cut), kept))
    failed = [e for e in b2.finals() if e["event"] == "failed"]
    ck.check("resumed:no-failures", not failed, str(failed[:3]))
    files2, temps2 = scan_dir(out)
    broken = []
    for f in files2:
        broken += check_output(os.path.join(os.fsencode(out), f))
    names = sorted(display(f) for f in files2)
    ck.check("resumed:all-outputs-complete",
             not broken and len(files2) == len(inputs) and not any(" (" in x for x in names),
             "%d outputs for %d inputs; problems %s" % (len(files2), len(inputs), broken[:3]))
    ck.check("no-stale-temporaries", not temps2, "after the resumed run: %s" % [display(t) for t in temps2])
    ck.numbers.update({"images": n, "done_before_kill": len(first_done), "outputs_after_kill": len(files),
                       "temporaries_after_kill": len(temps), "cut_short_before_resume": len(cut),
                       "skipped_on_resume": b2.count("skipped"),
                       "done_on_resume": b2.count("finished")})
    print("resume: %d done before the kill, %d skipped and %d done on resume" %
          (len(first_done), b2.count("skipped"), b2.count("finished")))
    sized_resume(ctx, ck)


def sized_resume(ctx, ck):
    # Names filled once an image is made ({width}x{height}) are numbered among the names they
    # meet, and a resumed batch with a new photo that sorts first skips every photo's own output
    # (it records its source) and writes the new one after them.
    sized, sized_out = ctx.mkdir("sized"), ctx.mkdir("sized_out")
    for k, (name, w) in enumerate((("b.jpg", 96), ("c.jpg", 96), ("d.jpg", 120), ("e.jpg", 96), ("a.jpg", 96))):
        with open(os.path.join(ctx.tmp if name == "a.jpg" else sized, name), "wb") as f:
            f.write(mc.cjpeg(mc.ppm(w, 64, mc.pattern_pixel(k))))
    try:  # outputs record their source only where the file system keeps extended attributes
        os.setxattr(sized_out, "user.pixelpool.probe", b"1")
        os.removexattr(sized_out, "user.pixelpool.probe")
    except OSError as e:
        print("resume: sized checks not run: %s keeps no extended attributes (%s); such names are "
              "numbered when planned there" % (sized_out, e))
        return
    preset = os.path.join(ctx.tmp, "sized.json")
    with open(preset, "w") as f:
        json.dump({"format": "pixelpool-preset", "version": 1, "name": "sized", "steps": [],
                   "output": {"format": "jpeg", "nameTemplate": "{width}x{height}.{ext}"}}, f)
    b3 = Batch(ctx, batch_args(sized_out, sized, "--overwrite", "skip", preset=preset), name="sized").run(60)
    first_names = sorted(os.listdir(sized_out))
    ck.check("sized:numbered-among-the-names-they-meet", b3.rc == 0 and first_names ==
             ["120x64.jpg", "96x64 (2).jpg", "96x64 (3).jpg", "96x64.jpg"], "exit %s: %s" % (b3.rc, first_names))
    shutil.move(os.path.join(ctx.tmp, "a.jpg"), os.path.join(sized, "a.jpg"))
    b4 = Batch(ctx, batch_args(sized_out, sized, "--overwrite", "skip", preset=preset), name="sized-resumed").run(60)
    made = [(os.path.basename(e["input"]), os.path.basename(e["output"])) for e in b4.finals()
            if e["event"] == "finished"]
    ck.check("sized:resumed-skips-their-own", b4.rc == 0 and b4.count("skipped") == 4 and
             made == [("a.jpg", "96x64 (4).jpg")] and sorted(os.listdir(sized_out)) ==
             sorted(first_names + ["96x64 (4).jpg"]),
             "exit %s, %d skipped, made %s; %s" % (b4.rc, b4.count("skipped"), made, sorted(os.listdir(sized_out))))


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_self_overwrite(ctx, ck):
    d = os.path.join(ctx.tmp, "photos")
    os.makedirs(d)
    img = mc.cjpeg(mc.ppm(96, 64, mc.pattern_pixel(2)))
    a = os.path.join(d, "a.jpg")
    with open(a, "wb") as f:
        f.write(img)
    p = os.path.join(d, "p.png")
    with open(p, "wb") as f:
        f.write(mc.png(32, 24, 2, 8, mc.raw_rows(32, 24, 3, lambda x, y: (x, y, 9))))
    link = os.path.join(ctx.tmp, "link_to_photos")
    os.symlink(d, link)
    before = {x: sha(x) for x in (a, p)}
    cases = [  # label, inputs, output folder, options, inputs whose output is their own path
        ("same-folder", [a], d, [], ["a.jpg"]),
        ("same-folder-overwrite-policy", [a], d, ["--overwrite", "overwrite"], ["a.jpg"]),
        ("output-folder-is-a-symlink-to-it", [a], link, ["--overwrite", "overwrite"], ["a.jpg"]),
        ("keep-format-png", [p], d, ["--format", "keep", "--overwrite", "overwrite"], ["p.png"]),
        # a.jpg -> a.jpg is refused; p.png -> p.jpg is a new file and fine
        ("folder-input-into-itself", [d], d, ["--overwrite", "overwrite"], ["a.jpg"]),
    ]
    for label, inputs, out, extra, refused in cases:
        b = Batch(ctx, batch_args(out, *inputs, *extra), name=label).run(60)
        finals = [e for e in b.finals() if e.get("index", -1) >= 0]
        wrong = [e for e in finals if (os.path.basename(e["input"]) in refused) !=
                 (e["event"] == "failed" and "replace the source" in e.get("reason", ""))]
        ok = b.rc == 1 and len(finals) >= len(refused) and not wrong
        ck.check(label, ok and all(sha(x) == before[x] for x in before),
                 "exit %s, events %s" % (b.rc, [(e["event"], e.get("reason")) for e in b.finals()]))
    # another input's output lands on a.jpg (a.png -> a.jpg), which is an input of the batch too:
    # never replaced, nor taken for a.png's finished output, whatever the policy
    other = ctx.mkdir("other")
    ap = os.path.join(other, "a.png")
    with open(ap, "wb") as f:
        f.write(mc.png(40, 30, 2, 8, mc.raw_rows(40, 30, 3, lambda x, y: (y, x, 200))))
    for policy in ("overwrite", "skip", "rename"):
        b = Batch(ctx, batch_args(d, ap, a, "--overwrite", policy), name="another-input-" + policy).run(60)
        by = {os.path.basename(e["input"]): e for e in b.finals() if e.get("index", -1) >= 0}
        made = by.get("a.png", {})
        ck.check("another-input-kept:" + policy,
                 sha(a) == before[a] and made.get("event") == "finished" and
                 os.path.basename(made.get("output", "")) == "a (2).jpg",
                 "a.jpg %s; a.png: %s" % ("unchanged" if sha(a) == before[a] else "REPLACED",
                                         (made.get("event"), made.get("output", made.get("reason")))))
        for x in os.listdir(d):
            if x.startswith("a ("):
                os.remove(os.path.join(d, x))
    # a name made from {width}x{height} that comes out as the input's own name
    shot = os.path.join(d, "shot_96x64.jpg")
    with open(shot, "wb") as f:
        f.write(img)
    before[shot] = sha(shot)
    preset = os.path.join(ctx.tmp, "sizename.json")
    with open(preset, "w") as f:
        json.dump({"format": "pixelpool-preset", "version": 1, "name": "sizename", "steps": [],
                   "output": {"format": "jpeg", "nameTemplate": "shot_{width}x{height}.{ext}",
                              "overwrite": "overwrite"}}, f)
    b = Batch(ctx, batch_args(d, shot, preset=preset), name="size-template").run(60)
    e = (b.finals() or [{}])[0]
    unchanged = sha(shot) == before[shot]
    ck.check("size-template-replaces-source", unchanged and e.get("event") == "failed",
             "event %s %s; source %s" % (e.get("event"), e.get("reason", e.get("output")),
                                        "unchanged" if unchanged else "REPLACED by the output"))
    # with the default policy (rename) the source survives and the output gets a new name
    with open(shot, "wb") as f:
        f.write(img)
    with open(preset, "w") as f:
        json.dump({"format": "pixelpool-preset", "version": 1, "name": "sizename", "steps": [],
                   "output": {"format": "jpeg", "nameTemplate": "shot_{width}x{height}.{ext}"}}, f)
    b = Batch(ctx, batch_args(d, shot, preset=preset), name="size-template-rename").run(60)
    ck.check("size-template-rename-keeps-source", sha(shot) == before[shot], str(b.finals()))
    for x in (a, p):
        ck.check("source-intact:" + os.path.basename(x), sha(x) == before[x])
    # output names cannot leave the output folder
    outside = ctx.mkdir("outside")
    out = ctx.mkdir("out_escape")
    for label, tmpl in (("template-dotdot-refused", "../{name}.{ext}"),
                        ("template-absolute-refused", outside + "/{name}.{ext}"),
                        ("template-dotdot-deep-refused", "x/../../{name}.{ext}")):
        with open(preset, "w") as f:
            json.dump({"format": "pixelpool-preset", "version": 1, "name": "escape", "steps": [],
                       "output": {"format": "jpeg", "nameTemplate": tmpl}}, f)
        b = Batch(ctx, batch_args(out, a, preset=preset), name=label).run(60)
        ck.check(label, b.rc == 2 and not os.listdir(outside),
                 "exit %s (expected 2, a usage error); outside: %s" % (b.rc, os.listdir(outside)))
    tree = os.path.join(ctx.tmp, "tree")
    os.makedirs(os.path.join(tree, "sub"))
    shutil.copy(a, os.path.join(tree, "sub", "deep.jpg"))
    os.symlink(outside, os.path.join(out, "sub"))  # out/sub -> outside
    b = Batch(ctx, batch_args(out, "-r", tree), name="symlinked-subfolder").run(60)
    e = (b.finals() or [{}])[0]
    ck.check("symlinked-subfolder-refused", e.get("event") == "failed" and "outside" in e.get("reason", "")
             and not os.listdir(outside), "event %s; outside now holds %s" % (e, os.listdir(outside)))


def test_toctou(ctx, ck):
    """Files deleted or replaced between queueing and processing."""
    if not ctx.args.test_hooks:
        print("toctou: not run: the batch is held by a test hook (--test-hooks), which this build lacks")
        return
    n = 40
    src = os.path.join(ctx.tmp, "in")
    inputs = mc.photo_set(src, n, ctx.sources)
    out = ctx.mkdir("out")
    changes = {
        30: ("deleted", lambda p: os.unlink(p), ["no such file"]),
        31: ("replaced by a FIFO", lambda p: (os.unlink(p), os.mkfifo(p)), ["not a regular file"]),
        32: ("replaced by a symlink to /dev/zero", lambda p: (os.unlink(p), os.symlink("/dev/zero", p)),
             ["not a regular file"]),
        33: ("truncated to 0 bytes", lambda p: open(p, "wb").close(), ["empty file"]),
        34: ("replaced by a folder", lambda p: (os.unlink(p), os.mkdir(p)), ["folder"]),
        35: ("replaced by a 3 GiB sparse file", lambda p: os.truncate(p, 3 << 30), ["over the limit"]),
        36: ("cut in half", lambda p: os.truncate(p, os.path.getsize(p) // 2), ["damaged", "truncated"]),
    }
    # The files to change are the smallest, so the batch (largest image first) comes to them last;
    # its first and largest image (twice the photos' sides), on its one worker, holds that worker
    # (the test hook "pixelpool-test-gate") until they have changed: the batch cannot get near
    # them before, however fast it runs. (Holding the reader of its events held it too, until its
    # output got a thread and a megabyte of its own: then the 40 images could all be made before
    # the files changed.) The gate is given first: the batch orders each planning slice by cost,
    # and a loaded machine plans the 41 images in more than one slice (32 at a time once 10 ms
    # have passed), where the gate given last was in the second and img_0000 started first.
    small = mc.cjpeg(mc.ppm(96, 64, mc.pattern_pixel(5)))
    assert all(len(small) < os.path.getsize(p) for p in inputs)
    for i in changes:
        with open(inputs[i], "wb") as f:
            f.write(small)
    sources = mc.source_photos(ctx.sources if ctx.sources else mc.default_sources())
    gate = os.path.join(ctx.tmp, "gate", "pixelpool-test-gate.jpg")
    os.makedirs(os.path.dirname(gate))
    with open(gate, "wb") as f:
        f.write(mc.small_photo(sources[0], "1/2") if sources else mc.cjpeg(mc.ppm(1280, 800, mc.pattern_pixel(4))))
    b = Batch(ctx, batch_args(out, gate, *inputs, "--test-flags", "1", workers=1), name="toctou").start()
    b.wait_for(lambda ev: any(e["event"] == "started" for e in ev), 30)
    for i, (what, fn, _) in changes.items():
        fn(inputs[i])
    started_before = [e["input"] for e in b.events if e["event"] == "started"]
    open(gate + ".go", "w").close()
    b.wait(ctx.args.timeout)
    ck.check("changes-made-in-time", started_before == [gate], "started before the changes: %s" % started_before)
    ck.check("no-hang", not b.hung)
    by_input = check_exactly_once(ck, b, inputs + [gate])
    for i, (what, _, words) in changes.items():
        evs = by_input.get(inputs[i], [])
        r = evs[0].get("reason", "").lower() if evs else ""
        ck.check("%02d-%s" % (i, what.replace(" ", "-")), len(evs) == 1 and evs[0]["event"] == "failed"
                 and any(w in r for w in words), str(evs))
    others = [inputs[i] for i in range(n) if i not in changes] + [gate]
    ck.check("others-done", all(by_input.get(p, [{}])[0].get("event") == "finished" for p in others))
    check_outputs_dir(ck, b, out)
    ck.check("exit-code", b.rc == 1, "exit %s" % b.rc)
    ck.numbers.update({"images": n, "changed": len(changes), "seconds": round(b.seconds, 2)})


def test_runtime_dir(ctx, ck):
    """Where the run's socket lives: an unusable or very long XDG_RUNTIME_DIR, and the sweep of
    what crashed runs left behind."""
    src = os.path.join(ctx.tmp, "in")
    inputs = mc.photo_set(src, 3, ctx.sources)
    # 1. a long (but legal) runtime folder: the socket path no longer fits in sun_path (108 bytes)
    long_dir = ctx.mkdir("run-" + "x" * (66 - len(ctx.tmp) - 5), 0o700)  # 66 characters
    b = Batch(ctx, batch_args(ctx.mkdir("out_long"), src), env=ctx.env(XDG_RUNTIME_DIR=long_dir),
              name="long").run(60)
    ck.check("long-xdg-runtime-dir", b.rc == 0 and b.count("finished") == 3,
             "XDG_RUNTIME_DIR of %d characters: exit %s, %d done, %d events; stderr: %s" %
             (len(long_dir), b.rc, b.count("finished"), len(b.finals()), b.stderr().strip()[-200:]))
    ck.check("long-xdg-runtime-dir:every-input-reported", len(b.finals()) == 3,
             "%d of 3 inputs got an outcome" % len(b.finals()))
    # 2. a runtime folder that does not exist: falls back to the temporary folder
    b = Batch(ctx, batch_args(ctx.mkdir("out_missing"), src),
              env=ctx.env(XDG_RUNTIME_DIR=os.path.join(ctx.tmp, "no-such-dir")), name="missing").run(60)
    ck.check("missing-xdg-runtime-dir", b.rc == 0 and b.count("finished") == 3 and not leftovers(b.pid, None),
             "exit %s, %d done; stderr %s" % (b.rc, b.count("finished"), b.stderr()[-200:]))
    # 3. what a kill -9 of both sides can leave: swept by the next run, but only for dead runs
    dead = 4194303  # above any default pid_max
    stale_dir = os.path.join(ctx.xdg, "pixelpool-%d-0123456789abcdef" % dead)
    os.mkdir(stale_dir, 0o700)
    with open(os.path.join(stale_dir, "pool"), "wb"):
        pass
    stale_shm = "/dev/shm/pixelpool-%d-0123456789abcdef-in7a0" % dead
    live_shm = "/dev/shm/pixelpool-%d-0123456789abcdef-in7a0" % os.getpid()
    live_dir = os.path.join(ctx.xdg, "pixelpool-%d-0123456789abcdef" % os.getpid())
    os.mkdir(live_dir, 0o700)
    shm_ok = os.path.isdir("/dev/shm")
    if shm_ok:
        for x in (stale_shm, live_shm):
            with open(x, "wb") as f:
                f.write(b"\0" * 64)
    b = Batch(ctx, batch_args(ctx.mkdir("out_sweep"), src), name="sweep").run(60)
    ck.check("stale-run-files-swept", b.rc == 0 and not os.path.exists(stale_dir) and
             not (shm_ok and os.path.exists(stale_shm)),
             "exit %s; stale folder %s, stale shm %s" % (b.rc, os.path.exists(stale_dir), os.path.exists(stale_shm)))
    ck.check("live-run-files-kept", os.path.isdir(live_dir) and (not shm_ok or os.path.exists(live_shm)),
             "a live process's run folder or segment was removed")
    for x in (stale_shm, live_shm):
        if os.path.exists(x):
            os.unlink(x)


def test_window(ctx, ck):
    """The corpus dropped on the window's queue (tests/gui/tst_gui_hostile.cpp): every tile's
    thumbnail is made by a worker and is either there or failed with a reason, as the batch would
    decide for the same file; the window lives to the end."""
    if not ctx.args.gui_test:
        raise Skip("no --gui-test program (the window is not built)")
    corpus, manifest = make_hostile_corpus(ctx, ck)
    # Files that crash or abort a worker on cue (test builds): they cost a worker, never the window.
    hooked = {}
    for name, word in (("pixelpool-test-crash.png", "signal 11"), ("pixelpool-test-abort.png", "signal 6")):
        with open(os.path.join(corpus, name), "wb") as f:
            f.write(mc.png(40, 30, 2, 8, (b"\x00" + b"\x80\x20\x20" * 40) * 30))
        hooked[name] = {"expect": "failed" if ctx.args.test_hooks else "done", "path": name,
                        "reason_any": ["crashed", word]}
    report_path = os.path.join(ctx.tmp, "window-report.json")
    stderr_path = os.path.join(ctx.tmp, "window.stderr")
    t = time.monotonic()
    with open(stderr_path, "wb") as err:
        try:
            rc = subprocess.run([ctx.args.gui_test, corpus, report_path], env=ctx.env(), stdin=subprocess.DEVNULL,
                                stdout=err, stderr=err, timeout=ctx.args.timeout * 3).returncode
        except subprocess.TimeoutExpired:
            rc = "hung"
    ck.numbers["seconds"] = round(time.monotonic() - t, 2)
    ck.check("window-lived", rc == 0, "exit %s; stderr: %s" % (rc, open(stderr_path, errors="replace").read()[-600:]))
    if rc != 0:
        return
    with open(report_path) as f:
        report = json.load(f)
    got = {bytes.fromhex(i["path_hex"]): i for i in report["items"]}
    ck.numbers.update({"queued": len(got), "workers_replaced": report["workers_replaced"],
                       "thumbnails": sum(1 for i in got.values() if i["thumbnail"] == "ready"),
                       "failed": sum(1 for i in got.values() if i["thumbnail"] == "failed")})
    specs = [(bytes.fromhex(e["path_hex"]), effective(e, False, ctx.root)) for e in manifest["files"]]
    specs += [(n.encode(), sp) for n, sp in hooked.items()]
    known = set(p for p, _ in specs)
    ck.check("nothing-unexpected-queued", all(p in known for p in got),
             "queued but not in the corpus: %s" % [display(p) for p in got if p not in known][:5])
    side = report["side"]
    for path, spec in specs:
        item = got.get(path)
        expect = spec["expect"]
        problems = []
        if expect in ("absent", "skipped"):
            if item:
                problems.append("queued although the scan must leave it out")
        elif not item:
            problems.append("not in the queue")
        elif item["thumbnail"] == "missing":
            problems.append("no thumbnail and no failure within a minute")
        elif expect == "done" and item["thumbnail"] != "ready":
            problems.append("thumbnail failed: %s" % item.get("reason"))
        elif expect == "done" and max(item["width"], item["height"]) > side:
            problems.append("thumbnail %dx%d is over %d px" % (item["width"], item["height"], side))
        elif expect == "failed" and item["thumbnail"] != "failed":
            problems.append("a thumbnail was made although the file cannot be processed")
        elif expect == "failed" and spec.get("reason_any") and \
                not any(k.lower() in item.get("reason", "").lower() for k in spec["reason_any"]):
            problems.append("reason %r has none of %s" % (item.get("reason"), spec["reason_any"]))
        ck.check("window:" + spec["path"], not problems, "; ".join(problems) + " -- " + spec.get("description", ""))
    if ctx.args.test_hooks:
        ck.check("crashes-cost-workers", report["workers_replaced"] >= 2,
                 "%d workers replaced for two files that crash one each" % report["workers_replaced"])


TESTS = {
    "inputs": test_inputs,
    "kill_workers": test_kill_workers,
    "kill_frontend": test_kill_frontend,
    "misbehave": test_misbehave,
    "outdir_missing": test_outdir_missing,
    "outdir_readonly": test_outdir_readonly,
    "outdir_full": test_outdir_full,
    "resume": test_resume,
    "self_overwrite": test_self_overwrite,
    "toctou": test_toctou,
    "runtime_dir": test_runtime_dir,
    "window": test_window,
}


def photos_for(args):
    d = args.photos or os.path.join(REPO, "resources", "samples")
    return sorted(p for p in glob.glob(os.path.join(d, "*")) if p.lower().endswith((".jpg", ".jpeg", ".png")))


def keep_logs(ctx, name, results_dir, failed):
    """A failing test keeps what every pixelpool run of it printed (stderr and --json events) in
    RESULTS_DIR/<test>-logs/, so the failure can be read afterwards; a passing one removes them."""
    logs = os.path.join(results_dir, name + "-logs")
    shutil.rmtree(logs, ignore_errors=True)
    if not failed:
        return
    os.makedirs(logs)
    for f in sorted(os.listdir(ctx.tmp)):
        if f.endswith((".stderr", ".jsonl")):
            shutil.copy(os.path.join(ctx.tmp, f), logs)
    # An inner run's (test_outdir_full) kept its own in this run's folder, which goes at cleanup.
    inner = os.path.join(ctx.tmp, name + "-logs")
    for f in sorted(os.listdir(inner)) if os.path.isdir(inner) else []:
        shutil.copy(os.path.join(inner, f), logs)
    print("logs of every run in this test: %s" % logs, flush=True)


def run_one(name, args):
    ctx = Context(args)
    ctx.photos = lambda: photos_for(args)
    ck = Checker(name, args.verbose)
    code = 0
    t = time.monotonic()
    try:
        TESTS[name](ctx, ck)
        code = ck.exit_code()
    except Skip as e:
        print("SKIP   %s: %s" % (name, e), flush=True)
        ck.notes.append("skipped: %s" % e)
        code = SKIP
    except Exception:
        # A case that stopped half-way fails, in its results too: an inner run's results are all its
        # outer run reads (test_outdir_full), and it read a crash's as the checks done before it.
        ck.check("ran-to-its-end", False, traceback.format_exc())
        code = 1
    finally:
        ck.numbers["test_seconds"] = round(time.monotonic() - t, 2)
        if args.results_dir:
            os.makedirs(args.results_dir, exist_ok=True)
            keep_logs(ctx, name, args.results_dir, code == 1)
            d = ck.as_dict()
            d["exit"] = code
            with open(os.path.join(args.results_dir, name + ".json"), "w") as f:
                json.dump(d, f, indent=1, ensure_ascii=False)
        ctx.cleanup()
    return code


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pixelpool", required=True)
    ap.add_argument("--test", required=True, choices=list(TESTS) + ["all"])
    ap.add_argument("--source", action="append", help="source JPEG for the corpus (default: resources/samples)")
    ap.add_argument("--photos", help="folder of good photos mixed into the hostile batch")
    ap.add_argument("--images", type=int, default=300, help="images in the kill-workers batch")
    ap.add_argument("--max-kills", type=int, default=30, help="workers killed in the kill-workers batch")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--timeout", type=int, default=120, help="seconds before a batch counts as hung")
    ap.add_argument("--work-dir", help="where temporary folders go (default: $TMPDIR)")
    ap.add_argument("--results-dir", help="write <test>.json with every check and the numbers")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--gui-test", help="tst_gui_hostile, for the window test")
    ap.add_argument("--test-hooks", action="store_true",
                    help="the worker was built with PIXELPOOL_TEST_HOOKS (files named pixelpool-test-* misbehave)")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    for tool in ("cjpeg", "djpeg"):
        if not shutil.which(tool):
            print("SKIP: %s not installed (Debian: libjpeg-turbo-progs)" % tool)
            return SKIP
    if args.test != "all":
        return run_one(args.test, args)
    codes = {}
    for name in TESTS:
        codes[name] = run_one(name, args)
    print("\n" + "  ".join("%s=%s" % (k, {0: "ok", 1: "FAIL", SKIP: "skip"}[v]) for k, v in codes.items()))
    return 1 if 1 in codes.values() else 0


if __name__ == "__main__":
    sys.exit(main())
