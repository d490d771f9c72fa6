#!/usr/bin/env python3
"""The command line of `pixelpool` as a user meets it (issue 11): exit codes, usage errors,
missing inputs, unusable output folders, inputs left out, cancelled images, file names that look
like format strings, --dry-run, the terminal's progress bar, and --json against its JSON Schema.

    test_cli.py --pixelpool BUILD/bin/pixelpool --samples resources/samples --schemas resources/schema
                [--test-hooks] CASE

Exit 0: passed; 1: failed (each failed check is printed); 77: cannot run here (reason printed).
"""
import argparse
import base64
import contextlib
import fcntl
import hashlib
import json
import os
import pty
import re
import resource
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time
import zlib

SKIP = 77
PERCENT = "holiday %1 %2 100%.jpg"  # QString::arg chains substituted into names like this one


class Checks:
    def __init__(self):
        self.failed = 0

    def check(self, label, ok, detail=""):
        print("%s %s%s" % ("ok  " if ok else "FAIL", label, "" if ok else ": " + str(detail)[:800]))
        self.failed += 0 if ok else 1


class Run:
    def __init__(self, proc_args, rc, out, err):
        self.args, self.rc, self.out, self.err = proc_args, rc, out, err

    def events(self):
        return [json.loads(l) for l in self.out.splitlines() if l.strip()]

    def of(self, kind):
        return [e for e in self.events() if e.get("event") == kind]


class Ctx:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="pixelpool-cli-")
        self.env = dict(os.environ)
        for k in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "NO_COLOR"):
            self.env.pop(k, None)
        self.env["XDG_RUNTIME_DIR"] = self.mkdir("xdg", 0o700)
        self.env["XDG_CONFIG_HOME"] = self.mkdir("config")  # no user presets of this machine

    def mkdir(self, name, mode=0o755):
        p = os.path.join(self.tmp, name)
        os.makedirs(p, mode, exist_ok=True)
        return p

    def run(self, *argv, env=None, timeout=120, cwd=None):
        e = dict(self.env)
        e.update(env or {})
        p = subprocess.run([self.args.pixelpool] + list(argv), capture_output=True, env=e, timeout=timeout,
                           stdin=subprocess.DEVNULL, cwd=cwd)
        return Run(argv, p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))

    def sample(self, name="kite.jpg"):
        return os.path.join(self.args.samples, name)

    def preset(self, file_name, name, output, steps=()):
        """A preset file in the run's folder: `name`, its `steps`, its `output` settings; its path."""
        path = os.path.join(self.tmp, file_name)
        with open(path, "w") as f:
            json.dump({"format": "pixelpool-preset", "version": 1, "name": name, "steps": list(steps),
                       "output": output}, f)
        return path

    def photos(self, folder, names):
        """Copies of a sample photo under the given names; returns their paths."""
        d = self.mkdir(folder)
        out = []
        for n in names:
            shutil.copy(self.sample("autumn.jpg"), os.path.join(d, n))
            out.append(os.path.join(d, n))
        return d, out


# ------------------------------------------------------------------------------------ cases

def case_exit_codes(ctx, ck):
    r = ctx.run("--bogus")
    ck.check("unknown option, no --batch: exit 2", r.rc == 2 and '"--bogus"' in r.err, (r.rc, r.err))
    r = ctx.run("--batch", "--bogus", ctx.sample())
    ck.check("unknown option: exit 2", r.rc == 2 and '"--bogus"' in r.err, (r.rc, r.err))
    r = ctx.run("--batch", "-x", ctx.sample())
    ck.check("unknown short option: exit 2", r.rc == 2 and '"-x"' in r.err, (r.rc, r.err))
    # A display that does not exist: had pixelpool tried a window, it would fail.
    display = {"DISPLAY": ":97", "QT_QPA_PLATFORM": "xcb"}
    for flag in ("-v", "--version"):
        r = ctx.run(flag, env=display, timeout=20)
        ck.check(flag + ": prints the version, exit 0, no window",
                 r.rc == 0 and r.out.startswith("pixelpool ") and not r.err, (r.rc, r.out, r.err))
    for flag in ("-h", "--help"):
        r = ctx.run(flag, env=display, timeout=20)
        ck.check(flag + ": help on stdout, exit 0, no window",
                 r.rc == 0 and "Exit codes:" in r.out and "--dry-run" in r.out and "--test-flags" not in r.out,
                 (r.rc, r.err))
    r = ctx.run("--batch", "-p", "web", "-p", "thumbnail", ctx.sample())
    ck.check("-p twice: exit 2 naming both", r.rc == 2 and '"web"' in r.err and '"thumbnail"' in r.err, r.err)
    r = ctx.run("--batch", "--preset=web", "-p", "web", ctx.sample())
    ck.check("--preset and -p: exit 2 naming both", r.rc == 2 and "--preset" in r.err and "-p " in r.err, r.err)
    r = ctx.run("--batch", "-q", "--verbose", ctx.sample())
    ck.check("--quiet with --verbose: exit 2 naming both", r.rc == 2 and "-q" in r.err and "--verbose" in r.err,
             r.err)
    r = ctx.run("--batch", ctx.sample(), "--workers")
    ck.check("a value missing: exit 2", r.rc == 2 and "--workers needs a value" in r.err, r.err)
    # An empty value (-o "$UNSET") is a missing one: not the current folder, not no report.
    for option in ("-o", "--report", "--output="):
        argv = [option] if option.endswith("=") else [option, ""]
        r = ctx.run("--batch", "--dry-run", *argv, ctx.sample())
        ck.check("an empty value for %s: exit 2" % option, r.rc == 2 and "needs a value" in r.err, (r.rc, r.err))
    r = ctx.run("--batch", "--json=yes", ctx.sample())
    ck.check("a value for a flag: exit 2", r.rc == 2 and "--json takes no value" in r.err, r.err)
    r = ctx.run("--batch")
    ck.check("no inputs: exit 2", r.rc == 2 and "no inputs" in r.err, r.err)
    r = ctx.run("--batch", "--workers", "many", ctx.sample())
    ck.check("a bad number: exit 2 naming it", r.rc == 2 and '"many"' in r.err, r.err)
    # File names after "--" are files, even when they look like options.
    d, _ = ctx.photos("dash", ["-v.jpg"])
    r = ctx.run("--batch", "-o", ctx.mkdir("dash-out"), "--", os.path.join(d, "-v.jpg"))
    ck.check('"--" ends the options', r.rc == 0, (r.rc, r.err))
    # Bounded numbers: a template that would pad every name to a gigabyte is refused at once.
    preset = ctx.preset("padded.json", "padded", {"nameTemplate": "{index:999999999}-{name}.{ext}"})
    t = time.monotonic()
    r = ctx.run("--batch", "-p", preset, "-o", ctx.mkdir("padded-out"), ctx.sample())
    ck.check("{index:999999999}: refused in validation, exit 2",
             r.rc == 2 and "{index:999999999}" in r.err and "from 1 to 20" in r.err and time.monotonic() - t < 5,
             (r.rc, r.err, time.monotonic() - t))


def case_missing_input(ctx, ck):
    gone = os.path.join(ctx.tmp, "gone %1 %2.jpg")
    out = ctx.mkdir("missing-out")
    r = ctx.run("--batch", "-p", "thumbnail", "-o", out, gone, ctx.sample())
    ck.check("a missing input: exit 1", r.rc == 1, (r.rc, r.err))
    ck.check("named as 'no such file or folder: PATH'", ("no such file or folder: %s\n" % gone) in r.err, r.err)
    ck.check("not counted as an image", "1 image: 1 done, 0 failed, 0 skipped" in r.err, r.err)
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", out + "-json", gone, ctx.sample())
    left = r.of("left-out")
    ck.check("--json: a left-out event with code not-found",
             len(left) == 1 and left[0]["input"] == gone and left[0]["code"] == "not-found", left)
    s = (r.of("summary") or [{}])[0]
    ck.check("--json: the summary counts one image, one left out",
             s.get("total") == 1 and s.get("done") == 1 and s.get("left_out") == 1, s)


def case_output_folder(ctx, ck):
    d, photos = ctx.photos("outdir-in", ["a.jpg", "b.jpg", "c.jpg"])
    not_a_folder = os.path.join(ctx.tmp, "a file %1.txt")
    with open(not_a_folder, "w") as f:
        f.write("x")
    r = ctx.run("--batch", "-o", not_a_folder, d)
    ck.check("an output that is a file: exit 2", r.rc == 2, (r.rc, r.err))
    ck.check("named once, before any work", r.err.count(not_a_folder) == 1 and "is not a folder" in r.err and
             "images:" not in r.err and "done" not in r.err, r.err)
    below = os.path.join(not_a_folder, "sub")
    r = ctx.run("--batch", "--json", "-o", below, d)
    errors = r.of("error")
    ck.check("--json: one error event, no image event",
             r.rc == 2 and len(errors) == 1 and errors[0]["code"] == "output-folder" and
             not_a_folder in errors[0]["message"] and not r.of("started") and not r.of("failed"), r.out)
    r = ctx.run("--batch", "-o", "/proc/pixelpool-cli/out", d)
    ck.check("an output that cannot be created: exit 2, named once",
             r.rc == 2 and r.err.count("/proc/pixelpool-cli/out") == 1, (r.rc, r.err))


def case_report_file(ctx, ck):
    """--report never replaces a file that is not a report, and no output takes the report's place."""
    d, photos = ctx.photos("report-in", ["a.jpg", "b.jpg"])
    with open(photos[0], "rb") as f:
        photo = f.read()
    preset = ctx.preset("mine.json", "mine", {"format": "jpeg"})
    with open(preset, "rb") as f:
        preset_bytes = f.read()
    out = os.path.join(ctx.tmp, "report-out")
    for label, target in (("a photo of the batch", photos[0]), ("the preset", preset)):
        r = ctx.run("--batch", "-p", preset, "-o", out, "--report", target, d)
        with open(target, "rb") as f:
            kept = f.read() == (photo if target == photos[0] else preset_bytes)
        ck.check("--report over %s: exit 2, named, kept" % label,
                 r.rc == 2 and "not a PixelPool report" in r.err and kept and "images:" not in r.err, (r.rc, r.err))
    # the report where an output would go: the output takes the next name, the report stays one
    report = os.path.join(out, "a.jpg")
    r = ctx.run("--batch", "--json", "-p", preset, "-o", out, "--overwrite", "overwrite", "--report", report, d)
    made = {os.path.basename(e["input"]): e.get("output") for e in r.of("finished")}
    doc = json_file(report)
    ck.check("an output never takes the report's place",
             r.rc == 0 and "pixelpool_report" in doc and os.path.basename(made.get("a.jpg", "")) == "a (2).jpg" and
             complete_jpeg(made.get("a.jpg", "")), (r.rc, made, r.err))
    # an earlier run's report is rewritten
    r = ctx.run("--batch", "-p", preset, "-o", out, "--overwrite", "overwrite", "--report", report, d)
    doc = json_file(report)
    ck.check("an earlier report is replaced", r.rc == 0 and doc.get("state") == "finished", (r.rc, r.err))


@contextlib.contextmanager
def tmpfs_mounted(ctx, name, size="1M", inodes=0):
    """A small tmpfs at a folder `name` of the run, unmounted after: a disk that can be filled.
    Skipped where that cannot be (not root, or no mount in this container)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        raise Skipped("needs root to mount a small tmpfs (a disk to fill)")
    folder = ctx.mkdir(name)
    options = "size=" + size + (",nr_inodes=%d" % inodes if inodes else "")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", folder], capture_output=True, text=True)
    if mounted.returncode != 0:
        raise Skipped("cannot mount a tmpfs here: " + mounted.stderr.strip())
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", folder], capture_output=True)


def fill(folder, leave_blocks=0):
    """Fills the file system of `folder` with a file until `leave_blocks` blocks are free; its path."""
    filler = os.path.join(folder, "filler")
    with open(filler, "wb") as f:
        v = os.statvfs(folder)
        free = max(0, v.f_bavail - leave_blocks) * v.f_bsize
        try:
            while free > 0:
                n = f.write(b"\0" * min(free, 1 << 16))
                free -= n
            f.flush()
        except OSError:
            pass
    return filler


def small_png(path, width=16, height=12, rgb=(200, 120, 40)):
    rows = zlib.compress(b"".join(b"\0" + bytes(rgb) * width for _ in range(height)))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
                png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b""))


def small_pngs(ctx, folder, count):
    d = ctx.mkdir(folder)
    for i in range(count):
        small_png(os.path.join(d, "s%04d.png" % i), rgb=(i % 256, 100, 50))
    return d


def case_report_disk_full(ctx, ck):
    """--report on a full disk: QSaveFile's commit() put an empty file in the report's place (exit 0,
    no word), which then stopped the rerun as "not a PixelPool report". Now the report that was
    there stays, the failure is said once, and the exit code says so: 2 when the first write fails
    (nothing runs), 3 when only the last one does (the last report written stays, "running")."""
    with tmpfs_mounted(ctx, "full") as full:
        d = small_pngs(ctx, "full-in", 60)
        out = ctx.mkdir("full-out")
        report = os.path.join(full, "r.json")
        r = ctx.run("--batch", "-q", "-p", "thumbnail", "--overwrite", "skip", "--report", report, "-o", out, d)
        with open(report, "rb") as f:
            first = f.read()
        ck.check("with room: the report is written", r.rc == 0 and json_file(report).get("state") == "finished",
                 (r.rc, r.err))
        final_blocks = (len(first) + 4095) // 4096
        filler = fill(full)
        r = ctx.run("--batch", "-q", "-p", "thumbnail", "--overwrite", "skip", "--report", report, "-o", out, d)
        with open(report, "rb") as f:
            kept = f.read() == first
        ck.check("disk full at the start: exit 2, the reason said once, nothing runs",
                 r.rc == 2 and r.err.count("cannot write the report %s: no space left on the device" % report) == 1
                 and "images:" not in r.err, (r.rc, r.err))
        ck.check("disk full at the start: the earlier report stays as it was", kept, len(first))
        ck.check("disk full at the start: no temporary left", sorted(os.listdir(full)) == ["filler", "r.json"],
                 os.listdir(full))
        # Room for the first write (every input pending) but not for the last one beside it.
        os.remove(filler)
        os.remove(report)
        fill(full, leave_blocks=final_blocks - 1)
        out2 = ctx.mkdir("full-out2")
        r = ctx.run("--batch", "-q", "-p", "thumbnail", "--report", report, "-o", out2, d)
        doc = json_file(report)
        ck.check("disk full at the end: exit 3, the reason said once",
                 r.rc == 3 and r.err.count("cannot write the report %s: no space left on the device" % report) == 1,
                 (r.rc, r.err))
        ck.check("disk full at the end: the last report written stays, whole", doc.get("state") == "running" and
                 len(doc.get("inputs", [])) == 60, doc.get("state"))
        ck.check("disk full at the end: the images were done", len(os.listdir(out2)) == 60, len(os.listdir(out2)))
        # An empty file where the report goes (as the bug left it) holds nothing: it is replaced.
        os.remove(os.path.join(full, "filler"))
        open(report, "w").close()
        r = ctx.run("--batch", "-q", "-p", "thumbnail", "--overwrite", "skip", "--report", report, "-o", out, d)
        ck.check("an empty file is no report to keep: replaced",
                 r.rc == 0 and json_file(report).get("state") == "finished", (r.rc, r.err))


def program_for(as_user, program, folder):
    """`program` as the user `as_user` (a setpriv prefix) can run it: itself, or where the user cannot
    reach it (a checkout under root's home, mode 700), a copy of it with the worker and the codec
    plug-ins beside it, in `folder` (which the user can reach; the caller removes it)."""
    if not as_user or subprocess.run(as_user + ["test", "-x", program]).returncode == 0:
        return program
    own = os.path.join(folder, "programs")
    os.makedirs(own, 0o755, exist_ok=True)
    os.chmod(own, 0o755)
    here = os.path.dirname(program)
    for name in [os.path.basename(program), "pixelpool-worker"] + [
            n for n in os.listdir(here) if n.startswith("libpixelpool-") and n.endswith(".so")]:
        shutil.copy2(os.path.join(here, name), os.path.join(own, name))
    return os.path.join(own, os.path.basename(program))


def landlock_abi():
    """The Landlock ABI this kernel offers, 0 for none (landlock_create_ruleset(NULL, 0,
    LANDLOCK_CREATE_RULESET_VERSION): syscall 444 wherever the kernel has it)."""
    import ctypes
    r = ctypes.CDLL(None, use_errno=True).syscall(444, None, 0, 1)
    return r if r > 0 else 0


def as_nobody(ctx):
    """Where permissions must count, which root's are not: as root with setpriv, a prefix that runs a
    command as nobody, an environment with nobody's own HOME, XDG_RUNTIME_DIR and XDG_CONFIG_HOME, and
    a fresh folder of nobody's that holds them (the caller removes it); else None."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    base = tempfile.mkdtemp(prefix="pixelpool-cli-nobody-")
    os.chmod(base, 0o755)
    env = dict(ctx.env, XDG_RUNTIME_DIR=os.path.join(base, "xdg"), XDG_CONFIG_HOME=os.path.join(base, "config"),
               HOME=base)
    for sub in ("xdg", "config"):
        os.mkdir(os.path.join(base, sub), 0o700)
    for path in (base, os.path.join(base, "xdg"), os.path.join(base, "config")):
        os.chown(path, 65534, 65534)
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], env, base


def json_events_until_started(p, path, seconds=60):
    """The --json events a batch `p` writes until the one saying `path` started (a test hook then
    holds it), read within `seconds`; with the deadline, for what the test waits for next."""
    events = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        events.append(json.loads(line))
        if events[-1].get("event") == "started" and events[-1]["input"] == path:
            break
    return events, deadline


def run_on_a_terminal(argv, env, cols=0):
    """Runs `argv` with its stderr on a terminal (a pty, `cols` wide when given) and reads that
    terminal until the program closes it: its exit code and what it wrote there."""
    master, slave = pty.openpty()
    if cols:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    data = b""
    while select.select([master], [], [], 60)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    p.wait(30)
    os.close(master)
    return p.returncode, data.decode("utf-8", "replace")


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return f.read().split()
    except OSError:
        return []


def case_closed_streams(ctx, ck):
    """Started with stdin, stdout and stderr closed (`<&- >&- 2>&-`, a daemon's child): the signal
    socket became descriptor 2 and took every "done" line until its buffer was full (after some
    280 images), and the batch hung for ever. Now descriptors 0-2 are /dev/null from the start."""
    d = small_pngs(ctx, "closed-in", 400)
    out = os.path.join(ctx.tmp, "closed-out")

    def close_standard_streams():
        for fd in (0, 1, 2):
            os.close(fd)

    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "-w", "2", "-p", "thumbnail", "-o", out, d], env=ctx.env,
                         preexec_fn=close_standard_streams)
    try:
        rc = p.wait(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    made = os.listdir(out) if os.path.isdir(out) else []
    ck.check("every image done, exit 0, no hang", rc == 0 and len(made) == 400, (rc, len(made)))
    # Ctrl+C still reaches it: a run held on its last image is cancelled cleanly.
    if ctx.args.test_hooks:
        small_png(os.path.join(d, "zz-pixelpool-test-gate.png"))
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--test-flags", "1", "-w", "2", "-p", "thumbnail",
                              "--overwrite", "skip", "-o", out, d], env=ctx.env, preexec_fn=close_standard_streams)
        deadline = time.monotonic() + 60
        while not children(p.pid) and time.monotonic() < deadline:  # its workers are there: it runs
            time.sleep(0.05)
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        try:
            rc = p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait()
        ck.check("SIGINT: cancelled, exit 130", rc == 130, rc)

    # One of them closed: a descriptor opened before main() (a static initializer's eventfd) took
    # its number, so `--json >&-` wrote its events into that eventfd (exit 3, every image
    # cancelled) and `--inputs-from - <&-` read it, waiting for ever (failure QA pass). Now they
    # are /dev/null before any initializer runs.
    def closing(fd):
        return lambda: os.close(fd)

    out1 = os.path.join(ctx.tmp, "closed-stdout-out")
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "-w", "2", "-p", "thumbnail", "-o", out1, d],
                         env=ctx.env, stderr=subprocess.PIPE, preexec_fn=closing(1))
    try:
        _, err = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    made = os.listdir(out1) if os.path.isdir(out1) else []
    ck.check("--json with stdout closed: every image done, exit 0",
             p.returncode == 0 and len(made) == len(os.listdir(d)) and b"standard output" not in err,
             (p.returncode, len(made), err[-300:]))
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--inputs-from", "-", "-p", "thumbnail", "-o", out1],
                         env=ctx.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=closing(0))
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    # An empty list is a batch of nothing (docs/scale-out.md): exit 0, said.
    ck.check("--inputs-from - with stdin closed: an empty list, at once (exit 0, nothing to do)",
             p.returncode == 0 and b"the input list - names no input: nothing to do" in err, (p.returncode, err[-300:]))


def case_file_limit(ctx, ck):
    """Too few open files for the pool's own socket (`ulimit -n 8` here): the batch names the limit
    and ends. Before, "QLocalServer::listen: Unknown error 24", and then it waited for ever: the
    thread that writes stderr could not get the descriptor it tells the main thread with. Every
    limit from 7 to 20 is tried (how many files Qt and the C library take first varies)."""
    d = small_pngs(ctx, "file-limit-in", 4)
    out = ctx.mkdir("file-limit-out")
    socket_failures = []
    for limit in range(7, 21):
        def lower(limit=limit):
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
        try:
            p = subprocess.run([ctx.args.pixelpool, "--batch", "-w", "2", "-p", "thumbnail", "--overwrite",
                                "overwrite", "-o", out, d], capture_output=True, env=ctx.env,
                               stdin=subprocess.DEVNULL, preexec_fn=lower, timeout=60)
        except subprocess.TimeoutExpired:
            ck.check("ulimit -n %d: the batch ends" % limit, False, "still running after 60 s")
            continue
        err = p.stderr.decode("utf-8", "replace")
        said = [l for l in err.splitlines() if "cannot listen on" in l]
        socket_failures += said
        ck.check("ulimit -n %d: no error said in Qt's words" % limit, "Unknown error" not in err, err)
        ck.check("ulimit -n %d: the socket's failure names the limit" % limit,
                 all(l.endswith("too many open files (the limit is %d: ulimit -n)" % limit) for l in said), said)
    if not socket_failures:
        raise Skipped("no limit from 7 to 20 left too few files for the socket alone here")


def case_stdout_errors(ctx, ck):
    """Standard output that cannot be written: `> /dev/full` lost every --json event (and a dry
    run's lines, --list-presets) with exit 0 and no word; `| head -1` killed the batch by SIGPIPE
    (exit 141), without a summary. Now the first failure is said once on stderr, a --json batch is
    cancelled cleanly (no partial file), and the exit code is 3."""
    d, _ = ctx.photos("stdout-in", ["a.jpg", "b.jpg"])
    out = ctx.mkdir("stdout-out")
    full_said = "pixelpool: cannot write to standard output: no space left on the device (disk full)\n"
    for label, argv in (("--batch --json", ["--batch", "--json", "-p", "thumbnail", "-o", out, d]),
                        ("--dry-run", ["--dry-run", "-p", "thumbnail", "-o", out, d]),
                        ("--dry-run --json", ["--dry-run", "--json", "-p", "thumbnail", "-o", out, d]),
                        ("--list-presets", ["--list-presets"]), ("--help", ["--help"])):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([ctx.args.pixelpool] + argv, stdout=full, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, env=ctx.env, timeout=120)
        err = p.stderr.decode("utf-8", "replace")
        ck.check("%s > /dev/full: exit 3, said once" % label, p.returncode == 3 and err.count(full_said) == 1,
                 (p.returncode, err[-600:]))
    # The batch itself writes nothing to stdout without --json: /dev/full does not matter.
    with open("/dev/full", "wb") as full:
        p = subprocess.run([ctx.args.pixelpool, "--batch", "-p", "thumbnail", "--overwrite", "overwrite", "-o", out,
                            d], stdout=full, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ctx.env,
                           timeout=120)
    ck.check("--batch without --json > /dev/full: exit 0", p.returncode == 0, (p.returncode, p.stderr[-400:]))
    if not ctx.args.test_hooks:
        raise Skipped("the rest needs -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    # | head -1: the reader goes while the batch runs (held by the gate, then let go).
    d = small_pngs(ctx, "pipe-in", 30)
    gate = os.path.join(d, "0-pixelpool-test-gate.jpg")
    shutil.copy(ctx.sample("path.jpg"), gate)  # the largest: the one worker takes it first
    pipe_out = os.path.join(ctx.tmp, "pipe-out")
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "--test-flags", "1", "-w", "1", "-p", "thumbnail",
                          "-o", pipe_out, d], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, env=ctx.env)
    first = json.loads(p.stdout.readline() or b"{}")
    p.stdout.close()  # as head -1 does
    open(gate + ".go", "w").close()
    try:
        err = p.stderr.read().decode("utf-8", "replace")
        rc = p.wait(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        rc, err = p.wait(), ""
    ck.check("| head -1: the first event was the gate's start", first.get("event") == "started" and
             first.get("input") == gate, first)
    ck.check("| head -1: exit 3, not killed by SIGPIPE", rc == 3, (rc, err[-600:]))
    ck.check("| head -1: said once, then cancelled with a summary on stderr",
             err.count("cannot write to standard output: the program reading it has ended (broken pipe)") == 1 and
             " cancelled in " in err, err[-600:])
    left = [n for n in os.listdir(pipe_out) if n.startswith(".")] if os.path.isdir(pipe_out) else []
    made = len(os.listdir(pipe_out)) if os.path.isdir(pipe_out) else 0
    ck.check("| head -1: no partial file, not every image done", not left and made < 31, (left, made))


def case_output_at_root(ctx, ck):
    """`-o /`: the outputs at the root of a file system (a chroot's, a container's, a tiny rescue
    system's). Before, the folder of "/kite.jpg" was taken as "" (the text before its last '/'):
    every image failed "cannot create output folder : no such file or folder", and a full disk
    there would have named the folder "". Runs in a chroot whose root is a tmpfs of its own (the
    machine's folders bind-mounted into it), in a private mount namespace; skipped where there is
    none."""
    prefix = bind_mounts_prefix(ctx)
    if not prefix or not shutil.which("chroot"):
        raise Skipped("no private mount namespace with chroot here (unshare -m needs root or user namespaces)")
    d = ctx.mkdir("root-in")
    shutil.copy(ctx.sample("kite.jpg"), os.path.join(d, "kite.jpg"))
    subfolder = ctx.preset("root-sub.json", "sub", {"format": "png", "nameTemplate": "made/{name}.{ext}"})
    # The new root: a tmpfs of SIZE, each entry of "/" in it (folders bind-mounted, links copied).
    # What the root holds after the run is listed into LIST.
    script = (
        'R=$1 SIZE=$2 LIST=$3; shift 3; mount -t tmpfs -o size=$SIZE tmpfs "$R" || exit 99; '
        'for e in /*; do n=${e#/}; if [ -L "$e" ]; then ln -s "$(readlink "$e")" "$R/$n"; '
        'elif [ -d "$e" ]; then mkdir "$R/$n" && mount --rbind "$e" "$R/$n" 2>/dev/null; fi; done; '
        'chroot "$R" "$@"; rc=$?; (cd "$R" && find . -mindepth 1 -maxdepth 1 ! -type l | sort > "$LIST"); exit $rc')
    n = [0]

    def run(size, *args):
        n[0] += 1
        root, listing = ctx.mkdir("new-root-%d" % n[0]), os.path.join(ctx.tmp, "root-files-%d" % n[0])
        p = subprocess.run(prefix + ["sh", "-c", script, "sh", root, size, listing, os.path.abspath(ctx.args.pixelpool),
                                     "--batch", "-o", "/"] + list(args), capture_output=True, env=ctx.env,
                           timeout=120, stdin=subprocess.DEVNULL)
        with open(listing) as f:
            made = [l.strip()[2:] for l in f if l.strip()]
        made = [m for m in made if m not in os.listdir("/")]  # what the run made, not the mount points
        return Run(args, p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")), made

    r, made = run("64m", "-p", "classic", d)
    if r.rc == 99:
        raise Skipped("cannot mount a tmpfs as the new root here")
    ck.check("-o /: the output written at the root", r.rc == 0 and made == ["kite.jpg"] and
             "done     %s -> /kite.jpg (1200" % os.path.join(d, "kite.jpg") in r.err, (r.rc, made, r.err[-600:]))
    r, made = run("64m", "-p", subfolder, d)
    ck.check("-o / with a sub-folder in the name: made, the output in it", r.rc == 0 and made == ["made"] and
             "-> /made/kite.png" in r.err, (r.rc, made, r.err[-600:]))
    dated = ctx.preset("root-dated.json", "dated", {"format": "png", "nameTemplate": "{date:%Y}/{name}.{ext}"})
    r, made = run("64m", "-p", dated, d)
    ck.check("-o / with a folder named by the photo's date: made when the output is committed", r.rc == 0 and
             made == ["2015"] and "-> /2015/kite.png" in r.err, (r.rc, made, r.err[-600:]))
    r, made = run("64k", "--json", "-p", "classic", d)
    reasons = [e.get("reason") for e in r.of("failed")]
    ck.check("-o / on a full disk: the folder named \"/\", no file left", r.rc == 1 and made == [] and reasons ==
             ["cannot write the output in /: no space left on the device (disk full)"], (r.rc, made, reasons, r.err[-600:]))


def case_output_folder_reasons(ctx, ck):
    """An output folder that cannot be created says why, as the system said it: on a full disk a
    sub-folder of the output failed "permission denied" (even for root) and the output folder itself
    "cannot be created" without a reason, as did a symbolic link to nothing and a loop of links."""
    d, _ = ctx.photos("reasons-in", ["a.jpg"])
    dangling = os.path.join(ctx.tmp, "to-nowhere")
    os.symlink("nowhere", dangling)
    loop = os.path.join(ctx.tmp, "loop")
    os.symlink("loop", loop)
    for mode in ("--batch", "--dry-run"):
        r = ctx.run(mode, "-p", "thumbnail", "-o", dangling, d)
        ck.check("%s -o a link to nothing: exit 2, said" % mode, r.rc == 2 and
                 ("output folder %s cannot be created: %s is a symbolic link to nowhere, which does not exist" %
                  (dangling, dangling)) in r.err and not os.path.exists(os.path.join(ctx.tmp, "nowhere")),
                 (r.rc, r.err))
        r = ctx.run(mode, "-p", "thumbnail", "-o", os.path.join(loop, "sub"), d)
        ck.check("%s -o below a loop of links: exit 2, said" % mode, r.rc == 2 and
                 ("cannot create output folder %s: too many levels of symbolic links" % os.path.join(loop, "sub"))
                 in r.err, (r.rc, r.err))
    # Nothing to write: no folder made.
    r = ctx.run("--batch", "-p", "thumbnail", "-o", os.path.join(ctx.tmp, "newdir"), os.path.join(ctx.tmp, "nosuch.jpg"))
    ck.check("no image to write: exit 1, no output folder made", r.rc == 1 and
             not os.path.exists(os.path.join(ctx.tmp, "newdir")), (r.rc, r.err))
    # A disk with no room for one more folder (its inodes used up).
    with tmpfs_mounted(ctx, "full", inodes=16) as full:
        out = os.path.join(full, "out")
        os.mkdir(out)
        for i in range(64):
            try:
                open(os.path.join(full, "f%02d" % i), "w").close()
            except OSError:
                break
        r = ctx.run("--batch", "-p", "thumbnail", "-o", os.path.join(full, "new2"), d)
        # Out of inodes with blocks free: not "disk full", which df would belie.
        ck.check("-o a folder a disk out of inodes cannot hold: exit 2, the reason", r.rc == 2 and
                 ("cannot create output folder %s: no room for another file on the device (all its inodes are in "
                  "use)" % os.path.join(full, "new2")) in r.err, (r.rc, r.err))
        preset = ctx.preset("sub.json", "sub", {"nameTemplate": "sub/{name}.{ext}"})
        r = ctx.run("--batch", "--json", "-p", preset, "-o", out, d)
        reasons = [e.get("reason") for e in r.of("failed")]
        ck.check("a sub-folder a disk out of inodes cannot hold: the reason, not 'permission denied'", r.rc == 1 and
                 reasons == ["cannot create output folder %s: no room for another file on the device (all its "
                             "inodes are in use)" % os.path.join(out, "sub")], (r.rc, reasons, r.err[-400:]))
        # The worker's own output file, in a folder that exists, on that disk.
        r = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", out, d)
        reasons = [e.get("reason") for e in r.of("failed")]
        ck.check("an output file a disk out of inodes cannot hold: the reason, naming the folder", r.rc == 1 and
                 reasons == ["cannot create a file in output folder %s: no room for another file on the device "
                             "(all its inodes are in use)" % out], (r.rc, reasons, r.err[-400:]))
    # A full disk, under a preset whose two outputs have folders of their own: the worker's words
    # ('output "web": cannot write the output: no space left…') with the folder of the output that
    # failed, on the terminal's line too. Before, no folder was named, and a batch's outputs may lie
    # on many disks.
    with tmpfs_mounted(ctx, "full-blocks", size="256k") as full:
        out = os.path.join(full, "out")
        os.mkdir(out)
        fill(full)
        path = ctx.preset("two-folders.json", "two folders", {"format": "png"})
        with open(path) as f:
            preset = json.load(f)
        preset["outputs"] = [{"name": "web", "steps": [], "output": {"nameTemplate": "web/{name}.{ext}"}},
                             {"name": "small", "steps": [], "output": {"nameTemplate": "small/{name}.{ext}"}}]
        with open(path, "w") as f:
            json.dump(preset, f)
        said = 'output "web": cannot write the output in %s: no space left on the device (disk full)' % \
            os.path.join(out, "web")
        r = ctx.run("--batch", "--json", "-p", path, "-o", out, d)
        reasons = [e.get("reason") for e in r.of("failed")]
        ck.check("a full disk: the worker's words name the folder of the output", r.rc == 1 and reasons == [said],
                 (r.rc, reasons, r.err[-400:]))
        r = ctx.run("--batch", "-p", path, "-o", out, d)
        ck.check("a full disk: the terminal's line names it too", r.rc == 1 and
                 "failed   %s: %s\n" % (os.path.join(d, "a.jpg"), said) in r.err, (r.rc, r.err[-400:]))


def case_inputs_from_missing(ctx, ck):
    """Entries of --inputs-from that do not exist are named as arguments that do not exist are
    ("no such file or folder: PATH", left-out code not-found, exit 1); they were images that failed,
    said as "nosuchdir/ is gone (no such file or folder): its images not read yet fail…" with
    input_folder_gone, as if a folder had gone during the batch. A line with a stray leading space
    (" in/") is a name that does not exist, likewise."""
    d, photos = ctx.photos("listed-in", ["a.jpg"])
    listing = os.path.join(ctx.tmp, "list.txt")
    missing = ["nosuchdir/a.jpg", "nosuchdir/b.jpg", " " + d]
    with open(listing, "w") as f:
        f.write("\n".join([photos[0]] + missing) + "\n")
    out = ctx.mkdir("listed-out")
    args = ("--batch", "-p", "thumbnail", "--overwrite", "overwrite", "-o", out)
    for label, argv in (("listed", args + ("--inputs-from", listing)), ("as arguments", args + tuple([photos[0]] + missing))):
        r = ctx.run(*argv, cwd=ctx.tmp)
        ck.check("%s: exit 1, each named as not found, none failed" % label, r.rc == 1 and
                 all(("no such file or folder: %s\n" % m) in r.err for m in missing) and "gone" not in r.err and
                 "failed   " not in r.err and "1 image: 1 done, 0 failed" in r.err, (r.rc, r.err))
        r = ctx.run(*(argv + ("--json",)), cwd=ctx.tmp)
        left = sorted(e["input"] for e in r.of("left-out") if e.get("code") == "not-found")
        s = (r.of("summary") or [{}])[0]
        ck.check("%s --json: left-out not-found, no failed event" % label, left == sorted(missing) and
                 not r.of("failed") and s.get("total") == 1 and s.get("left_out") == 3, (left, r.of("failed"), s))


def case_shard_missing_entry(ctx, ck):
    """A shard's own listed entry whose folder does not exist fails as itself ("no such file or
    folder"): it was said as "nosuchdir/ is gone (no such file or folder): its images not read yet
    fail, counted at the end", a folder gone during the batch, though the folder was never there. A
    folder that goes while the batch runs is still said so (case input_folder_goes)."""
    d, photos = ctx.photos("shard-missing-in", ["a.jpg"])
    listing = os.path.join(ctx.tmp, "shard-missing.txt")
    missing = os.path.join(ctx.tmp, "nosuchdir", "x.jpg")
    with open(listing, "w") as f:
        f.write(photos[0] + "\n" + missing + "\n")
    out = ctx.mkdir("shard-missing-out")
    argv = ("--batch", "-p", "thumbnail", "--overwrite", "skip", "-o", out, "--inputs-from", listing,
            "--shard", "0/1")
    r = ctx.run(*argv)
    ck.check("the entry fails as itself, no folder said gone", r.rc == 1 and
             ("failed   %s: no such file or folder" % missing) in r.err and "gone" not in r.err, (r.rc, r.err))
    r = ctx.run(*(argv + ("--json",)))
    failed = r.of("failed")
    ck.check("--json: cannot-read, no input_folder_gone", len(failed) == 1 and failed[0].get("code") == "cannot-read"
             and "input_folder_gone" not in failed[0], failed)


def case_kernel_files(ctx, ck):
    """A file of the kernel's (/proc/cpuinfo) says it is 0 bytes long and yet holds text: it failed
    as an "empty file". It is judged by what it holds (no image); a file that is empty still is."""
    empty = os.path.join(ctx.tmp, "empty.jpg")
    open(empty, "wb").close()
    out = ctx.mkdir("kernel-out")
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", out, "/proc/cpuinfo", empty)
    reasons = {e["input"]: (e.get("code"), e.get("reason", "")) for e in r.of("failed")}
    ck.check("/proc/cpuinfo: no image, not empty", r.rc == 1 and reasons.get("/proc/cpuinfo", ("", ""))[0] ==
             "unsupported" and reasons["/proc/cpuinfo"][1].startswith("not an image PixelPool can read"), reasons)
    ck.check("an empty file is still an empty file", reasons.get(empty) == ("unsupported", "empty file"), reasons)


def case_inputs_from_limits(ctx, ck):
    """--inputs-from of something that is no list of paths (/dev/zero, /dev/urandom, a binary file)
    grew to 2 GB and aborted with std::bad_alloc. Now an entry longer than any path, a NUL byte in a
    line, or a list over the limits (docs/scale-out.md) is refused at once: exit 2, said."""
    d, photos = ctx.photos("limits-in", ["a.jpg"])
    out = os.path.join(ctx.tmp, "limits-out")
    long_line = os.path.join(ctx.tmp, "long.txt")
    with open(long_line, "w") as f:
        f.write(photos[0] + "\n" + "a" * 5000 + "\n")
    cases = (("/dev/zero", (), "line 1 holds a NUL byte"),
             ("/dev/urandom", (), "is not a list of paths: "),
             ("/dev/zero", ("--null",), "is too large: at most 512 MB and 2000000 paths"),
             # random entries between NUL bytes: over the limits, or one longer than a path first
             ("/dev/urandom", ("--null",), ("is too large: at most 512 MB and 2000000 paths",
                                            "is longer than 4095 bytes")),
             (long_line, (), "entry 2 is longer than 4095 bytes"))
    for listing, extra, said in cases:
        label = " ".join(("--inputs-from", listing) + extra)
        t = time.monotonic()
        try:
            r = ctx.run("--batch", "-p", "thumbnail", "-o", out, "--inputs-from", listing, *extra, timeout=60)
        except subprocess.TimeoutExpired:
            ck.check(label + ": refused in time", False, "still reading after 60 s")
            continue
        said = said if isinstance(said, tuple) else (said,)
        ck.check(label + ": exit 2, said", r.rc == 2 and any(w in r.err for w in said) and r.err.count("\n") == 1,
                 (r.rc, r.err[-400:], round(time.monotonic() - t, 1)))
    ck.check("nothing was made", not os.path.exists(out))
    ok_list = os.path.join(ctx.tmp, "ok.txt")
    with open(ok_list, "w") as f:
        f.write(photos[0] + "\n")
    r = ctx.run("--batch", "-p", "thumbnail", "-o", out, "--inputs-from", ok_list)
    ck.check("a list of paths still runs", r.rc == 0, (r.rc, r.err))
    # A path of 4095 bytes, the longest Linux takes, on a "\r\n" line (a list written on Windows) was
    # refused as longer than 4095 bytes: its '\r' was counted.
    longest = deep_path(ctx.tmp, 4095)
    shutil.copy(photos[0], longest)
    crlf_list = os.path.join(ctx.tmp, "crlf.txt")
    for end, extra in (("\n", ""), ("\r\n", ""), ("\r\n", "x")):
        with open(crlf_list, "w", newline="") as f:
            f.write(longest + extra + end)
        label = "--inputs-from, a %d-byte path, %r line end" % (len(longest + extra), end)
        r = ctx.run("--batch", "-p", "thumbnail", "--overwrite", "overwrite", "-o", out, "--inputs-from", crlf_list)
        if extra:
            ck.check(label + ": exit 2, longer than 4095 bytes", r.rc == 2 and
                     "entry 1 is longer than 4095 bytes" in r.err, (r.rc, r.err[-300:]))
        else:
            ck.check(label + ": done", r.rc == 0 and "1 image: 1 done" in r.err, (r.rc, r.err[-300:]))


def deep_path(base, length):
    """A path of `length` bytes below `base`, its folders made (each name under 255 bytes)."""
    path = base
    while length - len(path) > 100:  # the file's own name stays short (its output's name too)
        path = os.path.join(path, "d" * min(200, length - len(path) - 62))
    os.makedirs(path, exist_ok=True)
    return os.path.join(path, "p" * (length - len(path) - 1 - len(".jpg")) + ".jpg")


def signal_caught(pid, sig, timeout=60):
    """Waits until process `pid` catches `sig` (its handler is installed: the SigCgt mask of
    /proc/PID/status); False if it does not within `timeout` seconds or has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open("/proc/%d/status" % pid) as f:
                caught = [l.split()[1] for l in f if l.startswith("SigCgt:")]
        except OSError:
            return False
        if caught and int(caught[0], 16) & (1 << (int(sig) - 1)):
            return True
        time.sleep(0.01)
    return False


def ended_by(p, sig, timeout):
    """Sends `sig` to the running `p` once it catches it; (exit code or None if still running
    after `timeout` seconds, then killed; stdout; stderr; seconds from the signal to the end)."""
    caught = signal_caught(p.pid, sig)
    t = time.monotonic()
    p.send_signal(sig)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode if caught else "never caught %s" % sig.name
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        rc = None
    text = [(b or b"").decode("utf-8", "replace") for b in (out, err)]
    return rc, text[0], text[1], round(time.monotonic() - t, 1)


def case_signal_while_scanning(ctx, ck):
    """SIGTERM, SIGHUP or SIGINT while the inputs are scanned (`-r /usr`, a second or two) killed
    the batch by the signal (exit 143, 129…) without a summary: the handlers came after the scan.
    Now it stops the scan: exit 130, a summary (--json too), nothing written. A signal the batch was
    started with ignored (a script's background job ignores SIGINT, nohup SIGHUP) stays ignored."""
    tree = "/usr"
    if not os.path.isdir(tree):
        raise Skipped("needs a large folder tree to scan: /usr")
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        out = os.path.join(ctx.tmp, "scan-out-" + sig.name)
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "-r", "-p", "thumbnail", "-o", out, tree],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ctx.env)
        if not signal_caught(p.pid, sig):  # not before its handler is there: the default would kill it
            ck.check("%s: caught" % sig.name, False, "no handler after 60 s")
        scanning = not children(p.pid) and p.poll() is None
        p.send_signal(sig)
        try:
            stdout, stderr = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            stdout, stderr = p.communicate()
        if not scanning:
            print("note: the scan of %s was over at once; %s reached the batch itself" % (tree, sig.name))
        err = stderr.decode("utf-8", "replace")
        events = [json.loads(l) for l in stdout.decode().splitlines() if l.strip()]
        summary = events[-1] if events else {}
        ck.check("%s: exit 130, a summary that says interrupted" % sig.name,
                 p.returncode == 130 and summary.get("event") == "summary" and summary.get("interrupted") is True and
                 "cancelled" in err, (p.returncode, summary, err[-300:]))
        if scanning:
            ck.check("%s while scanning: said, nothing made" % sig.name,
                     "cancelled while scanning the inputs" in err and not os.path.exists(out) and
                     summary.get("total") == 0, (err[-300:], os.path.exists(out)))
    signal_while_listing(ctx, ck)
    if not ctx.args.test_hooks:
        raise Skipped("the rest needs -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    d = small_pngs(ctx, "ignored-in", 3)
    small_png(os.path.join(d, "zz-pixelpool-test-gate.png"))
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--test-flags", "1", "-w", "1", "-p", "thumbnail", "-o",
                          os.path.join(ctx.tmp, "ignored-out"), d], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ctx.env,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    deadline = time.monotonic() + 60
    while not children(p.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    try:  # a cancel would end it within 3 s (the held worker is killed then)
        p.wait(timeout=6)
    except subprocess.TimeoutExpired:
        pass
    still = p.poll() is None
    p.send_signal(signal.SIGTERM)
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    ck.check("started with SIGINT ignored: SIGINT does nothing", still, p.returncode)
    ck.check("started with SIGINT ignored: SIGTERM still cancels, exit 130", p.returncode == 130,
             (p.returncode, err.decode()[-300:]))


def signal_while_listing(ctx, ck):
    """A batch reading --inputs-from a FIFO nobody writes to, or stdin from a pipe held open (a
    terminal: Ctrl+C), ignored SIGTERM and SIGINT until the list ended (the read was restarted).
    Now it stops: exit 130, "cancelled while scanning the inputs", a summary, nothing made. And one
    that comes while two million listed entries are looked up stops them too."""
    _, photos = ctx.photos("listing-in", ["a.jpg"])
    fifo = os.path.join(ctx.tmp, "listing.fifo")
    os.mkfifo(fifo)
    for label, sig, listing in (("a FIFO nobody writes to", signal.SIGTERM, fifo),
                                ("stdin from a pipe held open", signal.SIGTERM, "-"),
                                ("stdin from a pipe held open", signal.SIGINT, "-")):
        out = os.path.join(ctx.tmp, "listing-out")
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "-p", "thumbnail", "-o", out,
                              "--inputs-from", listing], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.PIPE, env=ctx.env)
        held, p.stdin = p.stdin, None  # not closed by communicate(): the writer stays
        held.write(photos[0].encode() + b"\n")  # one entry, and the rest never comes
        held.flush()
        rc, out_text, err, took = ended_by(p, sig, timeout=20)
        held.close()
        events = [json.loads(l) for l in out_text.splitlines() if l.strip()]
        summary = events[-1] if events else {}
        ck.check("--inputs-from %s, %s: exit 130 at once, said, a summary, nothing made" % (label, sig.name),
                 rc == 130 and "cancelled while scanning the inputs" in err and
                 summary.get("event") == "summary" and summary.get("interrupted") is True and
                 not os.path.exists(out), (rc, took, summary, err[-300:]))
    # Two million entries, none of them there: each is looked up (lstat) before anything runs, each
    # named. SIGTERM once the list is read (its file closed again), within the look-ups (seconds),
    # stops them: the entries looked up so far are named, not the rest.
    listing = os.path.join(ctx.tmp, "two-million.txt")
    gone = [("%s/gone/%07d.jpg" % (ctx.tmp, i)).encode() for i in range(2000000)]
    with open(listing, "wb") as f:
        f.write(b"\n".join(gone) + b"\n")
    with open(os.path.join(ctx.tmp, "two-million.err"), "w+b") as err_file:
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "-p", "thumbnail", "-o", out, "--inputs-from", listing],
                             stdout=subprocess.DEVNULL, stderr=err_file, stdin=subprocess.DEVNULL, env=ctx.env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and p.poll() is None and not list_read(p.pid, listing):
            time.sleep(0.005)
        # At once: the look-ups take seconds, so the signal comes before they end (it may come
        # before the first; either way they stop, where they used to go on to the last).
        rc, _, _, took = ended_by(p, signal.SIGTERM, timeout=120)
        err_file.seek(0)
        named = sum(1 for l in err_file if b"no such file or folder: " in l)
    ck.check("SIGTERM while two million listed entries are looked up: exit 130, not all looked up",
             rc == 130 and named < len(gone), (rc, took, named))


def list_read(pid, listing):
    """Whether process `pid` has read the file `listing` through and closed it."""
    try:
        with open("/proc/%d/io" % pid) as f:
            read = int([l.split()[1] for l in f if l.startswith("rchar:")][0])
        if read < os.path.getsize(listing):
            return False
        for fd in os.listdir("/proc/%d/fd" % pid):
            with contextlib.suppress(OSError):
                if os.readlink("/proc/%d/fd/%s" % (pid, fd)) == listing:
                    return False
        return True
    except OSError:
        return False


def json_file(path):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def complete_jpeg(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return False
    return data[:2] == b"\xff\xd8" and data.rstrip(b"\0")[-2:] == b"\xff\xd9"


def case_left_out(ctx, ck):
    d, _ = ctx.photos("scan", ["one.jpg", "two.jpg"])
    for n in ("README.md", "notes %1 %2.txt"):
        with open(os.path.join(d, n), "w") as f:
            f.write("not an image")
    r = ctx.run("--batch", "-p", "thumbnail", "-o", ctx.mkdir("scan-out"), d)
    ck.check("exit 0 when every image is done", r.rc == 0, (r.rc, r.err))
    ck.check("counted by reason on stderr",
             "left out 2 files while scanning:\n  2 × not an image file name: " in r.err and
             "notes %1 %2.txt" in r.err and "README.md" in r.err, r.err)
    ck.check("not counted as images",
             "2 images: 2 done, 0 failed, 0 skipped" in r.err and "; 2 files left out while scanning" in r.err, r.err)
    r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", ctx.mkdir("scan-out-q"), d)
    ck.check("--quiet: nothing on stderr when all is well", r.rc == 0 and r.err == "", r.err)
    # Folders a recursive scan did not enter are counted as folders, beside the files.
    os.makedirs(os.path.join(d, ".cache"))
    r = ctx.run("--batch", "-r", "-p", "thumbnail", "-o", ctx.mkdir("scan-out-2"), d)
    ck.check("files and folders counted apart",
             "left out 2 files and 1 folder while scanning:\n" in r.err and "1 × hidden folder, not scanned" in r.err, r.err)
    # Without --recursive a sub-folder is said as not scanned (a folder of albums looked empty with
    # nothing said); a hidden one is not named.
    os.makedirs(os.path.join(d, "album"))
    shutil.copy(os.path.join(d, "one.jpg"), os.path.join(d, "album"))
    r = ctx.run("--batch", "-p", "thumbnail", "-o", ctx.mkdir("scan-out-flat"), d)
    ck.check("a sub-folder without --recursive is said",
             r.rc == 0 and "left out 2 files and 1 folder while scanning:\n" in r.err and
             "1 × sub-folder, not scanned without --recursive: %s" % os.path.join(d, "album") in r.err and
             ".cache" not in r.err and "2 images: 2 done" in r.err, r.err)
    shutil.rmtree(os.path.join(d, "album"))
    hidden = ctx.mkdir("scan-hidden")
    os.makedirs(os.path.join(hidden, ".a"))
    os.makedirs(os.path.join(hidden, ".b"))
    shutil.copy(os.path.join(d, "one.jpg"), hidden)
    r = ctx.run("--batch", "-r", "-p", "thumbnail", "-o", ctx.mkdir("scan-out-3"), hidden)
    ck.check("folders alone", "left out 2 folders while scanning:\n" in r.err, r.err)
    # A link met before the file it points at: the file is kept (its outputs take its name), the
    # link is the duplicate; a hard link is as much the file as the first name met.
    linked = ctx.mkdir("scan-linked")
    shutil.copy(os.path.join(d, "one.jpg"), os.path.join(linked, "zebra.jpg"))
    os.symlink("zebra.jpg", os.path.join(linked, "best.jpg"))
    os.link(os.path.join(linked, "zebra.jpg"), os.path.join(linked, "zz-hard.jpg"))
    out = ctx.mkdir("scan-out-4")
    r = ctx.run("--batch", "--verbose", "-p", "thumbnail", "-o", out, linked)
    ck.check("the file over a link to it",
             r.rc == 0 and sorted(os.listdir(out)) == ["zebra.jpg"] and
             "2 × duplicate" in r.err and "best.jpg" in r.err and "zz-hard.jpg" in r.err, (r.rc, os.listdir(out), r.err))
    # What is not a file (a pipe) named twice, through its folder and directly, is one input that
    # fails once, and the second name given twice.
    piped = ctx.mkdir("scan-piped")
    os.mkfifo(os.path.join(piped, "pipe.jpg"))
    r = ctx.run("--batch", "-p", "thumbnail", "-o", ctx.mkdir("scan-out-5"), piped, os.path.join(piped, "pipe.jpg"))
    ck.check("a pipe named twice fails once",
             r.rc != 0 and "1 image: 0 done, 1 failed" in r.err and
             "given twice, the second time ignored: %s\n" % os.path.join(piped, "pipe.jpg") in r.err, (r.rc, r.err))


def case_links_outside(ctx, ck):
    """A symbolic link inside a folder input that leads to a file outside the folder (an archive's
    "x.jpg -> ~/.ssh/id_ed25519") is left out and said, with the option that takes it: the file
    was opened and handed to a worker, which another image of the folder could have taken over
    and made write it into an output. --follow-links takes such links; a link named directly is
    taken as asked."""
    base = ctx.mkdir("links-outside")
    d, _ = ctx.photos("links-outside/in", ["a.jpg"])
    private, _ = ctx.photos("links-outside/private", ["holiday.jpg"])
    with open(os.path.join(private, "id_key"), "w") as f:
        f.write("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    os.symlink("../private/holiday.jpg", os.path.join(d, "holiday.jpg"))
    os.symlink(os.path.join(private, "id_key"), os.path.join(d, "key.jpg"))
    out = ctx.mkdir("links-outside/out")
    r = ctx.run("--batch", "-p", "thumbnail", "-o", out, d)
    ck.check("left out, said, with the option that takes them",
             r.rc == 0 and sorted(os.listdir(out)) == ["a.jpg"] and
             "2 × symbolic link to a file outside the folder, not followed: %s, %s" % (
                 os.path.join(d, "holiday.jpg"), os.path.join(d, "key.jpg")) in r.err and
             "(--follow-links takes the images such links lead to)" in r.err, (r.rc, os.listdir(out), r.err))
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", ctx.mkdir("links-outside/out-json"), d)
    ck.check("--json: code link-outside",
             sorted((os.path.basename(e["input"]), e["code"]) for e in r.of("left-out")) ==
             [("holiday.jpg", "link-outside"), ("key.jpg", "link-outside")], r.out)
    r = ctx.run("--dry-run", "-p", "thumbnail", "-o", out, d)
    ck.check("--dry-run leaves them out too", "holiday.jpg" not in r.out and "key.jpg" not in r.out, r.out)
    out2 = ctx.mkdir("links-outside/out-followed")
    r = ctx.run("--batch", "--follow-links", "-p", "thumbnail", "-o", out2, d)
    ck.check("--follow-links takes them: the photo done, the key fails as not an image",
             r.rc == 1 and sorted(os.listdir(out2)) == ["a.jpg", "holiday.jpg"] and "left out" not in r.err and
             "failed   %s: not an image" % os.path.join(d, "key.jpg") in r.err, (r.rc, os.listdir(out2), r.err))
    out3 = ctx.mkdir("links-outside/out-direct")
    r = ctx.run("--batch", "-p", "thumbnail", "-o", out3, os.path.join(d, "holiday.jpg"))
    ck.check("a link named directly is taken", r.rc == 0 and os.listdir(out3) == ["holiday.jpg"], (r.rc, r.err))


def case_hidden_images(ctx, ck):
    """A hidden image in an input folder is read like any other, whatever its name holds: one named
    ".party.pixelpool-2024.png" was left out without a word (even with --verbose), taken for one of
    the temporaries outputs are written to. Those (".<name>.pixelpool-<pid>-<run>-<job>.part") are
    still left out without a word, as every hidden file that is not an image."""
    d = ctx.mkdir("hidden-in")
    names = [".party.pixelpool-2024.png", ".other.png", ".IMG_1.jpg.pixelpool-4242-1f-3.jpg"]
    for n in names:
        shutil.copy(ctx.sample("elarun.png" if n.endswith(".png") else "volna.jpg"), os.path.join(d, n))
    temporary = os.path.join(d, ".a.jpg.pixelpool-%d-ab-1.part" % os.getpid())
    shutil.copy(ctx.sample("volna.jpg"), temporary)
    out = ctx.mkdir("hidden-out")
    r = ctx.run("--batch", "--verbose", "-p", "thumbnail", "-o", out, d)
    done = sorted(l.split(" -> ")[0][len("done     "):] for l in r.err.splitlines() if l.startswith("done     "))
    ck.check("every hidden image is done and named", r.rc == 0 and done == sorted(os.path.join(d, n) for n in names) and
             "3 images: 3 done, 0 failed, 0 skipped in " in r.err, (r.rc, r.err))
    ck.check("their outputs", sorted(os.listdir(out)) == sorted(os.path.splitext(n)[0] + ".jpg" for n in names),
             os.listdir(out))
    ck.check("a temporary: not taken, not said, left where it is",
             os.path.basename(temporary) not in r.err and "left out" not in r.err and os.path.exists(temporary), r.err)
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "--overwrite", "skip", "-o", out, d)
    ck.check("--json: the three, skipped on a second run, no left-out event",
             sorted(e["input"] for e in r.of("skipped")) == sorted(os.path.join(d, n) for n in names) and
             not r.of("left-out"), r.out)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def apng(width, height, colours):
    """An animated PNG of solid RGB frames, the first its default image (IDAT), the others fdAT."""
    rows = lambda rgb: zlib.compress(b"".join(b"\0" + bytes(rgb) * width for _ in range(height)))
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    out += png_chunk(b"acTL", struct.pack(">II", len(colours), 0))
    seq = 0
    for i, rgb in enumerate(colours):
        out += png_chunk(b"fcTL", struct.pack(">IIIIIHHBB", seq, width, height, 0, 0, 1, 10, 0, 0))
        seq += 1
        if i == 0:
            out += png_chunk(b"IDAT", rows(rgb))
        else:
            out += png_chunk(b"fdAT", struct.pack(">I", seq) + rows(rgb))
            seq += 1
    return out + png_chunk(b"IEND", b"")


def first_pixel_of_png(path):
    """The colour of the first pixel of a non-interlaced PNG's first row (whatever its filter, it is
    stored as is): 8-bit grey, RGB(A), or a palette of any depth (PixelPool writes one where the
    pixels have at most 256 colours)."""
    with open(path, "rb") as f:
        data = f.read()
    at, idat, chunks = 8, b"", {}
    while at + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            idat += data[at + 8:at + 8 + n]
        else:
            chunks.setdefault(kind, data[at + 8:at + 8 + n])
        at += 12 + n
    depth, colour_type = chunks[b"IHDR"][8], chunks[b"IHDR"][9]
    first = zlib.decompressobj().decompress(idat, 4)[1:4]
    if colour_type == 3:
        index = first[0] >> (8 - depth)
        return tuple(chunks[b"PLTE"][3 * index:3 * index + 3])
    if colour_type in (0, 4):
        return (first[0],) * 3
    return tuple(first)


def case_animated_png(ctx, ck):
    """A folder's .apng is scanned and done: an animated PNG is read as its default image, here its
    first frame (before, the scan left it out as "not an image file name")."""
    d = ctx.mkdir("apng")
    with open(os.path.join(d, "spin.apng"), "wb") as f:
        f.write(apng(64, 48, [(200, 30, 10), (10, 200, 30), (10, 30, 200)]))
    out = ctx.mkdir("apng-out")
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "--format", "keep", "-o", out, d)
    done = r.of("finished")
    ck.check("scanned, not left out", not r.of("left-out") and len(done) == 1, (r.rc, r.out, r.err))
    ck.check("written as the still PNG it is read as", r.rc == 0 and os.listdir(out) == ["spin.png"], os.listdir(out))
    if os.path.exists(os.path.join(out, "spin.png")):
        ck.check("the first frame", first_pixel_of_png(os.path.join(out, "spin.png")) == (200, 30, 10),
                 first_pixel_of_png(os.path.join(out, "spin.png")))


def with_make(jpeg, make):
    """A JPEG with an EXIF block whose IFD0 holds only Make (ASCII, NUL-terminated)."""
    value = make + b"\0"
    inline = len(value) <= 4
    entry = struct.pack("<HHI", 0x010F, 2, len(value)) + (value.ljust(4, b"\0") if inline else struct.pack("<I", 26))
    tiff = b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", 1) + entry + struct.pack("<I", 0)
    tiff += b"" if inline else value
    app1 = b"Exif\0\0" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


def case_camera_names(ctx, ck):
    """A camera make that is no name (".." from a hostile or broken file) in a {camera} folder: the
    output goes to unknown/, as for a photo that does not say, inside the output folder; one that
    starts with a dot is not hidden. Before, ".." became a folder named "_" and ".Nikon" a hidden
    folder the next scan would not enter."""
    d = ctx.mkdir("camera-names")
    with open(ctx.sample("autumn.jpg"), "rb") as f:
        jpeg = f.read()
    for name, make in (("dots.jpg", b".."), ("hidden.jpg", b".Nikon"), ("slashes.jpg", b"../../x")):
        with open(os.path.join(d, name), "wb") as f:
            f.write(with_make(jpeg, make))
    preset = ctx.preset("by-camera.json", "by camera",
                        {"format": "jpeg", "nameTemplate": "{camera}/{name}.{ext}"})
    out = ctx.mkdir("camera-names-out")
    r = ctx.run("--batch", "--json", "-p", preset, "-o", out, d)
    made = sorted(os.path.relpath(os.path.join(root, n), out) for root, _, names in os.walk(out) for n in names)
    ck.check("exit 0", r.rc == 0, (r.rc, r.err))
    ck.check('".." is unknown/, ".Nikon" is Nikon/, "../../x" one visible folder',
             made == ["Nikon/hidden.jpg", "_.._x/slashes.jpg", "unknown/dots.jpg"], made)
    outputs = [e["output"] for e in r.of("finished")]
    ck.check("every output inside the output folder",
             len(outputs) == 3 and all(os.path.realpath(o).startswith(os.path.realpath(out) + "/") for o in outputs),
             outputs)


def case_warnings(ctx, ck):
    # A photo whose colour profile is damaged: converted, with a warning. Without a terminal both
    # lines are printed: the warning says what was wrong, the done line where the output went.
    with open(ctx.sample(), "rb") as f:
        jpeg = f.read()
    body = b"ICC_PROFILE\x00\x01\x01" + bytes(range(128))
    damaged = jpeg[:2] + b"\xff\xe2" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]
    d = ctx.mkdir("warn-in")
    path = os.path.join(d, "odd profile.jpg")
    with open(path, "wb") as f:
        f.write(damaged)
    out = ctx.mkdir("warn-out")
    r = ctx.run("--batch", "-o", out, path)
    ck.check("exit 0: a warning is no failure", r.rc == 0, (r.rc, r.err))
    ck.check("the warning line", "warning  %s: colour profile ignored" % path in r.err, r.err)
    ck.check("and the done line with the output",
             "done     %s -> %s (1920×1200" % (path, os.path.join(out, "odd profile.jpg")) in r.err, r.err)
    cut = os.path.join(d, "cut.jpg")
    with open(cut, "wb") as f:
        f.write(jpeg[:300])
    r = ctx.run("--batch", "-o", ctx.mkdir("warn-out-cut"), cut)
    ck.check("nothing written: no rate in the summary", r.rc == 1 and "1 image: 0 done, 1 failed, 0 skipped in " in r.err
             and "images/s" not in r.err and "s (1 worker)" in r.err, r.err)
    r = ctx.run("--batch", "-q", "-o", ctx.mkdir("warn-out-q"), path)
    ck.check("--quiet: neither", r.rc == 0 and r.err == "", r.err)


def case_percent_names(ctx, ck):
    """File names are data: printed as they are in every message."""
    d, (photo,) = ctx.photos("percent", [PERCENT])
    broken = os.path.join(d, "broken %1 %2.jpg")
    with open(broken, "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 not really a JPEG %1 %2")
    gone = os.path.join(ctx.tmp, "gone %1 %2 %3.jpg")
    out = os.path.join(ctx.tmp, "percent-out %1")
    r = ctx.run("--batch", "-p", "thumbnail", "-o", out, d, gone)
    written = os.path.join(out, PERCENT)
    ck.check("done line", ("done     %s -> %s (" % (photo, written)) in r.err, r.err)
    ck.check("the output has the name", os.path.exists(written), os.listdir(out) if os.path.isdir(out) else out)
    ck.check("failed line", ("failed   %s: " % broken) in r.err, r.err)
    ck.check("missing input", ("no such file or folder: %s\n" % gone) in r.err, r.err)
    r = ctx.run("--batch", "-p", "thumbnail", "--overwrite", "skip", "-o", out, photo)
    ck.check("skipped line", ("skipped  %s: output exists" % photo) in r.err, r.err)
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "--overwrite", "skip", "-o", out, d, gone)
    ev = {e["input"]: e for e in r.events() if "input" in e}
    ck.check("--json keeps the names", ev.get(photo, {}).get("output") == written and broken in ev and gone in ev,
             r.out)
    # A name with an escape sequence or a newline: shown with '?' on the terminal (it can neither
    # colour it nor split a line), kept as it is in the output's name and in --json.
    d2, (esc, nl) = ctx.photos("controls", ["x\x1b[31mRED\x1b[0m.jpg", "new\nline.jpg"])
    out2 = ctx.mkdir("controls-out")
    r = ctx.run("--batch", "-p", "thumbnail", "-o", out2, d2)
    done = [l for l in r.err.splitlines() if l.startswith("done ")]
    ck.check("control characters shown as ?",
             r.rc == 0 and "\x1b" not in r.err and len(done) == 2 and "x?[31mRED?[0m.jpg" in r.err and
             "new?line.jpg" in r.err and sorted(os.listdir(out2)) == sorted([os.path.basename(esc), os.path.basename(nl)]),
             (r.rc, r.err, os.listdir(out2)))
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "--overwrite", "overwrite", "-o", out2, d2)
    ck.check("--json keeps control characters", {e.get("input") for e in r.of("finished")} == {esc, nl}, r.out)
    # The dry run's lines on stdout and a usage error's quoted name too: the dry run printed the
    # newline as it was, one image on two lines.
    r = ctx.run("--dry-run", "-p", "thumbnail", "-o", ctx.mkdir("controls-dry"), d2)
    ck.check("dry run: one line per image, control characters shown as ?",
             r.rc == 0 and len(r.out.splitlines()) == 2 and "\x1b" not in r.out and "new?line.jpg" in r.out and
             "x?[31mRED?[0m.jpg" in r.out, (r.rc, r.out, r.err))
    # A right-to-left override reorders what follows it where the terminal honours it:
    # "photo<U+202E>gnp.jpg" (a JPEG) read "photogpj.png", and a left-out "invoice<U+202E>gpj.exe"
    # read "invoiceexe.jpg". Shown as '?' too; --json keeps it.
    d3, (rlo,) = ctx.photos("bidi", ["photo\u202egnp.jpg"])
    with open(os.path.join(d3, "invoice\u202egpj.exe"), "w") as f:
        f.write("MZ")
    r = ctx.run("--batch", "-p", "thumbnail", "-o", ctx.mkdir("bidi-out"), d3)
    ck.check("bidirectional controls shown as ?",
             r.rc == 0 and "\u202e" not in r.err and "photo?gnp.jpg -> " in r.err and "invoice?gpj.exe" in r.err,
             (r.rc, r.err))
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "--overwrite", "overwrite", "-o", ctx.tmp + "/bidi-out", d3)
    ck.check("--json keeps bidirectional controls", [e.get("input") for e in r.of("finished")] == [rlo], r.out)
    r = ctx.run("--batch", "-p", os.path.join(ctx.tmp, "no\x1b[31mpreset\n.json"), photo)
    ck.check("usage error: control characters shown as ?",
             r.rc == 2 and "\x1b" not in r.err and "no?[31mpreset?.json" in r.err and len(r.err.splitlines()) == 1,
             (r.rc, r.err))
    r = ctx.run("--dry-run", "-p", "thumbnail", "--overwrite", "overwrite", "-o", out, photo)
    ck.check("dry-run line", ("replace %s -> %s\n" % (photo, written)) in r.out, (r.out, r.err))
    preset = os.path.join(ctx.tmp, "bad %1 %2.json")
    with open(preset, "w") as f:
        f.write("{ not json")
    r = ctx.run("--batch", "-p", preset, photo)
    ck.check("a preset's path in its error", r.rc == 2 and (preset + ": not valid JSON at line 1, column ") in r.err, r.err)
    preset = os.path.join(ctx.tmp, "wm.json")
    with open(preset, "w") as f:
        json.dump({"format": "pixelpool-preset", "version": 1, "name": "n %1 %2", "steps": [
            {"op": "watermark", "text": "%1 %2", "font": "missing %1 %2.ttf"}]}, f)
    r = ctx.run("--batch", "-p", preset, "-o", ctx.mkdir("wm-out"), photo)
    # Refused before any work now (case_step_files): the preset's name and the file's, as they are.
    ck.check("a preset's text in a failure", r.rc == 2 and 'preset "n %1 %2", steps[0].watermark.font: ' in r.err and
             "missing %1 %2.ttf cannot be read" in r.err, r.err)


def case_dry_run(ctx, ck):
    d, photos = ctx.photos("dry", ["a.jpg", "b.jpg", "c.jpg"])
    out = ctx.mkdir("dry-out")
    shutil.copy(ctx.sample("autumn.jpg"), os.path.join(out, "a.jpg"))
    before = sorted(os.listdir(out))
    r = ctx.run("--dry-run", "-p", "thumbnail", "-o", out, d)
    lines = r.out.splitlines()
    ck.check("rename an existing output (the default policy)",
             ("rename  %s -> %s" % (photos[0], os.path.join(out, "a (2).jpg"))) in lines, lines)
    ck.check("write a new one", ("write   %s -> %s" % (photos[1], os.path.join(out, "b.jpg"))) in lines, lines)
    ck.check("nothing written", r.rc == 0 and sorted(os.listdir(out)) == before, (r.rc, os.listdir(out), r.err))
    ck.check("a summary on stderr", "dry run, nothing written: 3 images: 2 to write, 1 to rename" in r.err, r.err)
    r = ctx.run("--dry-run", "-p", "thumbnail", "--overwrite", "skip", "-o", out, d)
    ck.check("skip", ("skip    %s -> %s" % (photos[0], os.path.join(out, "a.jpg"))) in r.out.splitlines(), r.out)
    new = os.path.join(ctx.tmp, "dry-new", "deeper")
    r = ctx.run("--dry-run", "--json", "-p", "thumbnail", "-o", new, d)
    planned = r.of("planned")
    ck.check("--json: planned events", r.rc == 0 and [p["decision"] for p in planned] == ["write"] * 3, r.out)
    ck.check("no folder made", not os.path.exists(os.path.join(ctx.tmp, "dry-new")))
    ck.check("no worker started", not r.of("started") and "worker" not in r.err, r.err)


def case_front_end_libraries(ctx, ck):
    """pixelpool maps none of the decoders' libraries, nor OpenCV, nor Qt GUI: its workers and the
    window do (and pixelpool-in-process, which it execs for --in-process). Mapping them cost a default batch's front end most of its start-up
    (docs/benchmarks.md, results of 2026-12-04)."""
    ldd = shutil.which("ldd")
    if not ldd:
        print("cannot run here: no ldd")
        sys.exit(SKIP)
    p = subprocess.run([ldd, ctx.args.pixelpool], capture_output=True, text=True)
    ck.check("ldd reads pixelpool", p.returncode == 0, p.stderr)
    libs = [line.split()[0] for line in p.stdout.splitlines() if line.strip()]
    decoders = ("libheif", "libde265", "libdav1d", "libjxl", "libraw", "libexiv2", "libwebp", "libtiff", "libgif",
                "liblcms2", "libjpeg", "libpng")
    ck.check("no decoder's library", not [l for l in libs if l.startswith(decoders)],
             [l for l in libs if l.startswith(decoders)])
    # Nor OpenCV: the front end validates presets against the operation table's parameters, and only
    # workers build the operations themselves (CompiledStep.h); loading OpenCV and running its
    # constructors was a fifth of the front end's start.
    ck.check("no OpenCV", not [l for l in libs if l.startswith("libopencv")],
             [l for l in libs if l.startswith("libopencv")])
    # Nor Qt GUI, and with it fonts, X11, EGL and OpenGL: previews reach the window as plain pixels
    # (shared/frontend/Preview.h), and only the window makes QImages of them.
    gui = ("libQt6Gui", "libfontconfig", "libfreetype", "libharfbuzz", "libX11", "libEGL", "libGL", "libpng")
    ck.check("no Qt GUI", not [l for l in libs if l.startswith(gui)], [l for l in libs if l.startswith(gui)])
    out = ctx.mkdir("in-process")
    r = ctx.run("--batch", "--in-process", "--json", "-p", "thumbnail", "-o", out, ctx.sample("kite.jpg"))
    ck.check("--in-process still decodes, through pixelpool-in-process",
             r.rc == 0 and len(r.of("finished")) == 1 and complete_jpeg(os.path.join(out, "kite.jpg")),
             (r.rc, r.err, os.listdir(out)))


def case_worker_threads(ctx, ck):
    """A worker whose jobs get one OpenCV thread each (one worker a core, the default) starts no TBB
    scheduler: cv::setNumThreads(1) had every worker load TBB's allocator, search every library
    folder for TBB's resource manager and read its own memory map before its first job."""
    if not ctx.args.test_hooks:
        raise Skipped("needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    d, (gate,) = ctx.photos("threads", ["pixelpool-test-gate.jpg"])
    out = ctx.mkdir("threads-out")
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--test-flags", "1", "-p", "thumbnail", "-q", "-o", out, d],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ctx.env)
    maps = None
    deadline = time.monotonic() + 60
    while maps is None and time.monotonic() < deadline and p.poll() is None:
        try:
            with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as f:
                workers = [int(c) for c in f.read().split()]
            for w in workers:
                # The gate sleeps a millisecond at a time (clock_nanosleep, 230): the worker has had
                # its welcome, and has started the job.
                with open("/proc/%d/syscall" % w) as f:
                    if f.read().split()[0] == "230":
                        with open("/proc/%d/maps" % w) as m:
                            maps = m.read()
        except (OSError, IndexError, ValueError):
            pass  # a worker still starting, or gone
        time.sleep(0.01)
    open(gate + ".go", "w").close()
    p.communicate(timeout=60)
    ck.check("the worker was seen holding its job", maps is not None, p.returncode)
    ck.check("no TBB scheduler started (its allocator unmapped)", maps is not None and "libtbbmalloc" not in maps,
             [l for l in (maps or "").splitlines() if "tbb" in l])
    ck.check("the image is done", p.returncode == 0 and os.path.exists(os.path.join(out, "pixelpool-test-gate.jpg")),
             (p.returncode, os.listdir(out)))


def case_timeout_last_image(ctx, ck):
    """A worker lost on the batch's last image (--timeout) is not replaced, and the terminal does not
    say it is: nothing is left for a replacement to do. Before, "starting a replacement" was printed
    and one was started, to be killed unused as the batch ended."""
    if not ctx.args.test_hooks:
        raise Skipped("needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the hang hook holds an image)")
    d, photos = ctx.photos("timeout-last", ["pixelpool-test-hang.jpg"])
    hang = photos[0]
    r = ctx.run("--batch", "--test-flags", "1", "-p", "thumbnail", "--timeout", "1", "--workers", "1", "-o",
                ctx.mkdir("timeout-last-out"), d)
    lost = [l for l in r.err.splitlines() if ") lost: " in l]
    ck.check("exit 1, the image failed as timed out",
             r.rc == 1 and "pixelpool-test-hang.jpg: timed out after 1 s" in r.err, (r.rc, r.err))
    ck.check("two workers lost: the first attempt's and the retry's", len(lost) == 2, r.err)
    ck.check("the first is replaced: the retry waits for it",
             lost[:1] and lost[0].endswith("lost: timed out after 1 s while working on %s; starting a replacement"
                                           % hang), lost)
    ck.check("the last is not, and the line says no more than what happened",
             lost[1:] and lost[1].endswith("lost: timed out after 1 s while working on %s" % hang), lost)


def case_output_folder_goes(ctx, ck):
    """The output folder removed, moved away or (for a user other than root) made read-only while a
    batch runs: the first write that fails there says so, naming the folder, and every image not done
    yet fails at once with the same words, without being decoded; the folder is not made again, and
    the summary counts them as failed. Before, each image was decoded and failed in turn with
    "cannot create a file in the output folder: no such file or folder". No temporary file is left
    anywhere: "moved" and "read-only-written" hold a worker after it has written its output's
    temporary (the holdoutput hook) and take the folder away before the front end commits it;
    before, that temporary stayed hidden in the moved or read-only folder."""
    if not ctx.args.test_hooks:
        raise Skipped("needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    # Permissions do not stop root: as root, the read-only cases run as nobody (setpriv), in a
    # folder of nobody's.
    as_user, env, base = as_nobody(ctx) or ([], ctx.env, ctx.tmp)
    # "replaced-by-link" and "replaced-by-folder": moved away, and a link to a folder of someone's
    # files, or a new folder with files of the outputs' names, given its name. The batch wrote into
    # what now had the name: --overwrite overwrite replaced the files behind the link, --overwrite
    # skip skipped its images for the new folder's files, exit 0.
    modes = ["removed", "moved", "replaced-by-link", "replaced-by-folder"] + (
        ["read-only", "read-only-written"] if os.geteuid() != 0 or as_user else [])
    if not modes[2:]:
        print("note: run as root without setpriv, the read-only cases are left to hostile_outdir_full")
    for mode in modes:
        unprivileged = mode.startswith("read-only") and as_user
        d = os.path.join(base, "goes-in-" + mode)
        os.mkdir(d, 0o755)
        if unprivileged:
            os.chown(d, 65534, 65534)  # the hook's marker is made beside the image
        replaced = mode.startswith("replaced")
        written = mode in ("moved", "read-only-written") or replaced
        # The largest file goes first (cost order): the hook holds it while the rest wait.
        gate = os.path.join(d, "0-pixelpool-test-holdoutput.jpg" if written else "0-pixelpool-test-gate.jpg")
        shutil.copy(ctx.sample("path.jpg"), gate)
        for i in range(20):
            shutil.copy(ctx.sample("volna.jpg"), os.path.join(d, "p%02d.jpg" % i))
        out = os.path.join(base, "goes-out-" + mode)
        os.mkdir(out, 0o755)
        if unprivileged:
            os.chown(out, 65534, 65534)
        moved = out + "-moved"
        real = os.path.realpath(out)
        # Someone's files at the outputs' names, where the link leads or in the new folder.
        theirs = os.path.join(base, "goes-theirs-" + mode)
        policy = {"replaced-by-link": ["--overwrite", "overwrite"], "replaced-by-folder": ["--overwrite", "skip"]}
        p = subprocess.Popen((as_user if unprivileged else []) +
                             [program_for(as_user, ctx.args.pixelpool, base) if unprivileged else ctx.args.pixelpool,
                              "--batch", "--json", "--test-flags", "1", "-p", "thumbnail",
                              "--workers", "1", "-o", out] + policy.get(mode, []) + [d], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, env=env if unprivileged else ctx.env)
        before, deadline = json_events_until_started(p, gate)
        held = False
        while written and not held and time.monotonic() < deadline:  # the output is written, not committed
            held = os.path.exists(gate + ".written")
            time.sleep(0.01)
        if written:
            ck.check("%s: the worker holds a written output" % mode, held)
        if replaced:
            os.mkdir(theirs)
            for i in range(20):
                with open(os.path.join(theirs, "p%02d.jpg" % i), "wb") as f:
                    f.write(b"their file %d" % i)
        if mode == "removed":
            shutil.rmtree(out)
        elif mode == "moved" or replaced:
            os.rename(out, moved)
            if mode == "replaced-by-link":
                os.symlink(theirs, out)
            elif mode == "replaced-by-folder":
                os.rename(theirs, out)
                theirs = out
        else:
            os.chmod(out, 0o555)
        open(gate + (".written.go" if written else ".go"), "w").close()
        rest, err = p.communicate(timeout=120)
        after = [json.loads(l) for l in rest.decode().splitlines() if l.strip()]
        events = before + after
        why = ("output folder %s is gone (removed or moved during the batch); it is not made again" % real
               if mode in ("removed", "moved") else
               "output folder %s was replaced during the batch (moved away, and something else given its name: "
               "another folder, a link or a file); nothing is written there" % real if replaced else
               "output folder %s can no longer be written: permission denied" % real)
        done_before = {e["input"] for e in before if e["event"] == "finished"}
        failed = [e for e in events if e["event"] == "failed"]
        summary = (after and after[-1]) or {}
        ck.check("%s: the hook was seen holding its image" % mode,
                 any(e["event"] == "started" and e["input"] == gate for e in before), before[-3:])
        ck.check("%s: exit 1" % mode, p.returncode == 1, (p.returncode, err.decode()[-800:]))
        ck.check("%s: every image not done before fails naming the folder" % mode,
                 len(failed) == 21 - len(done_before) and all(e["reason"] == why and e["code"] == "cannot-write"
                                                              for e in failed),
                 (len(failed), len(done_before), [e["reason"] for e in failed][:3]))
        started_after = [e["input"] for e in after if e["event"] == "started"]
        # At most what the worker holds when the failure comes back: the image prefetched behind
        # the hook's, and the next one it was given as the hook's image left.
        ck.check("%s: no image is decoded for nothing (but at most two the worker holds)" % mode,
                 len(started_after) <= 2, started_after)
        ck.check("%s: the summary counts them as failed" % mode,
                 summary.get("event") == "summary" and summary.get("failed") == len(failed) and
                 summary.get("total") == 21, summary)
        if mode in ("removed", "moved"):
            ck.check("%s: the folder is not made again" % mode, not os.path.exists(out), os.path.exists(out))
        if replaced:
            ck.check("%s: their files are as they were, nothing added" % mode,
                     sorted(os.listdir(theirs)) == ["p%02d.jpg" % i for i in range(20)] and
                     all(open(os.path.join(theirs, "p%02d.jpg" % i), "rb").read() == b"their file %d" % i
                         for i in range(20)), sorted(os.listdir(theirs)))
            ck.check("%s: nothing is skipped for their files" % mode,
                     not [e for e in events if e["event"] == "skipped"], [e for e in events if e["event"] == "skipped"])
        if mode == "moved" or replaced:
            left = [os.path.join(r, n) for r, _, names in os.walk(moved) for n in names]
            ck.check("%s: no temporary file remains anywhere under the moved folder, nothing else is there" % mode,
                     len(left) == len(done_before) and not [f for f in left if os.path.basename(f).startswith(".")],
                     left)
        elif mode != "removed":
            ck.check("%s: the folder keeps the mode it was given" % mode,
                     stat.S_IMODE(os.stat(out).st_mode) == 0o555, oct(os.stat(out).st_mode))
            os.chmod(out, 0o755)
            ck.check("%s: nothing written after, no temporary left" % mode,
                     len(os.listdir(out)) == len(done_before), os.listdir(out))
    if base != ctx.tmp:
        shutil.rmtree(base, ignore_errors=True)


def case_output_folder_goes_while_held(ctx, ck):
    """The output folder removed while a worker holds an image bound there behind the one it is on:
    that image is stopped as a cancel stops it and fails at once with the folder's reason. Before,
    it ran to its end first (a long image for seconds, its card "Queued" in the window while it
    waited) and only its write failed. The slowgate hook holds the second image, reading the front
    end's frames, until it is cancelled or a minute has passed: before, the batch ended only after
    that minute."""
    if not ctx.args.test_hooks:
        raise Skipped("needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the gate hooks hold images)")
    d = ctx.mkdir("held-in")
    # Cost order, largest first: the gate's image, then the slowgate's, then the rest.
    gate = os.path.join(d, "0-pixelpool-test-gate.jpg")
    shutil.copy(ctx.sample("path.jpg"), gate)
    held = os.path.join(d, "1-pixelpool-test-slowgate.jpg")
    shutil.copy(ctx.sample("colorful-cups.jpg"), held)
    for i in range(4):
        shutil.copy(ctx.sample("volna.jpg"), os.path.join(d, "p%02d.jpg" % i))
    out = ctx.mkdir("held-out")
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "--test-flags", "1", "-p", "thumbnail",
                          "--workers", "1", "-o", out, d], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, env=ctx.env)
    before, deadline = json_events_until_started(p, gate)
    ck.check("the gate's image is the worker's first", before and before[-1].get("input") == gate, before[-3:])
    shutil.rmtree(out)
    open(gate + ".go", "w").close()
    try:
        rest, err = p.communicate(timeout=40)  # the slowgate alone holds its image for 60 s
    except subprocess.TimeoutExpired:
        p.kill()
        rest, err = p.communicate()
        ck.check("the batch ends without waiting for the held image to run", False, "still running after 40 s")
        return
    events = before + [json.loads(l) for l in rest.decode().splitlines() if l.strip()]
    why = "output folder %s is gone (removed or moved during the batch); it is not made again" % os.path.realpath(out)
    failed = {e["input"]: e for e in events if e["event"] == "failed"}
    ck.check("exit 1", p.returncode == 1, (p.returncode, err.decode()[-800:]))
    ck.check("every image fails naming the folder, the held one too",
             sorted(failed) == sorted([gate, held] + [os.path.join(d, "p%02d.jpg" % i) for i in range(4)]) and
             all(e["reason"] == why and e["code"] == "cannot-write" for e in failed.values()),
             [(e["input"], e["code"], e["reason"]) for e in failed.values()])
    ck.check("no image after the held one is started",
             [e["input"] for e in events if e["event"] == "started" and e["input"] not in (gate, held)] == [],
             [e["input"] for e in events if e["event"] == "started"])
    ck.check("the folder is not made again", not os.path.exists(out), os.path.exists(out))


@contextlib.contextmanager
def loop_mounted(ctx, name, megabytes, mkfs, mount, packages):
    """A fresh file system of `megabytes` made by `mkfs` in an image file, on a loop device, mounted
    by the FUSE program `mount` at a folder `name` of the run; unmounted and freed after. Skipped
    where that cannot be (not root, no /dev/fuse, no loop device, no such programs)."""
    needs = [shutil.which(t) for t in (mkfs[0], mount, "losetup", "umount")]
    if os.geteuid() != 0 or not all(needs) or not os.path.exists("/dev/fuse"):
        raise Skipped("needs root, /dev/fuse, losetup and %s (scripts/install-deps.sh --tests)" % packages)
    image = os.path.join(ctx.tmp, name + ".img")
    with open(image, "wb") as f:
        f.truncate(megabytes << 20)
    subprocess.run(mkfs + [image], check=True, capture_output=True)
    loop = subprocess.run(["losetup", "-f", "--show", image], capture_output=True, text=True)
    if loop.returncode != 0:
        raise Skipped("no loop device: " + loop.stderr.strip())
    device = loop.stdout.strip()
    folder = ctx.mkdir(name)
    try:
        mounted = subprocess.run([mount, device, folder], capture_output=True, text=True)
        if mounted.returncode != 0:
            raise Skipped("%s cannot mount here: %s" % (mount, (mounted.stderr or mounted.stdout).strip()))
        yield folder
    finally:
        subprocess.run(["umount", folder], capture_output=True)
        subprocess.run(["losetup", "-d", device], capture_output=True)


def case_exfat_output(ctx, ck):
    """Outputs to an exFAT file system, as on a memory card or a USB stick (a loop device mounted
    with exfat-fuse): it has no hard links, and every output failed "cannot move the output to …:
    permission denied". It takes none of " * : < > ? \\ | in a name: a screenshot's time
    ("10:00:00") or a camera "Canon: X" failed the image; now such characters are written as "_"
    (numbered where two names become one), said by the dry run, the --json events and the summary."""
    with loop_mounted(ctx, "card", 32, ["mkfs.exfat"], "mount.exfat-fuse", "exfat-fuse + exfatprogs") as card:
        d, _ = ctx.photos("exfat-in", ["plain.jpg", "Screenshot at 10:00:00.jpg", "Screenshot at 10?00?00.jpg",
                                       "\u65e5\u672c.jpg"])
        os.mkdir(os.path.join(d, "day: 1"))
        shutil.copy(ctx.sample(), os.path.join(d, "day: 1", "a|b.jpg"))
        out = os.path.join(card, "out")
        dry = ctx.run("--dry-run", "--json", "-r", "-p", "thumbnail", "-o", out, d)
        planned = {os.path.relpath(e["input"], d): (os.path.relpath(e["output"], out), e.get("name_characters_replaced"))
                   for e in dry.of("planned")}
        expect = {"plain.jpg": ("plain.jpg", None), "\u65e5\u672c.jpg": ("\u65e5\u672c.jpg", None),
                  "Screenshot at 10:00:00.jpg": ("Screenshot at 10_00_00.jpg", ":"),
                  "Screenshot at 10?00?00.jpg": ("Screenshot at 10_00_00 (2).jpg", "?"),
                  "day: 1/a|b.jpg": ("day_ 1/a_b.jpg", ":|")}
        ck.check("dry run: the names with _, numbered apart, the characters said", dry.rc == 0 and planned == expect,
                 (dry.rc, dry.err, planned))
        text = ctx.run("--dry-run", "-r", "-p", "thumbnail", "-o", out, d)
        ck.check("the dry run's line says why the name differs",
                 text.out.count("written as _: a file system made for Windows, as on a memory card, takes none in a name") == 3, text.out)
        r = ctx.run("--batch", "--json", "-r", "-p", "thumbnail", "-o", out, d)
        made = sorted(os.path.relpath(os.path.join(root, n), out) for root, _, names in os.walk(out) for n in names)
        ck.check("every image written, the names exFAT takes", r.rc == 0 and made == sorted(o for o, _ in expect.values()),
                 (r.rc, r.err, made))
        ck.check("the finished events say which characters",
                 sorted(e.get("name_characters_replaced", "") for e in r.of("finished")) == ["", "", ":", ":|", "?"],
                 r.of("finished"))
        plain = ctx.run("--batch", "-r", "-p", "thumbnail", "--overwrite", "rename", "-o", out, d)
        ck.check("the summary says it once", plain.rc == 0 and
                 "3 output names have _ for : ? |: the output folder's file system takes none in a name" in plain.err,
                 plain.err)
        made = sorted(os.listdir(out))
        ck.check("the second run numbers its outputs: no existing name is replaced",
                 "plain (2).jpg" in made and "Screenshot at 10_00_00 (3).jpg" in made and len(made) == 9, made)
        # A name filled once the image is made: a camera make with ':' and '?'.
        with open(ctx.sample("autumn.jpg"), "rb") as f:
            jpeg = f.read()
        cam = ctx.mkdir("exfat-camera")
        with open(os.path.join(cam, "c.jpg"), "wb") as f:
            f.write(with_make(jpeg, b"Canon: EOS?"))
        preset = ctx.preset("exfat-camera.json", "by camera", {"format": "jpeg", "nameTemplate": "{camera}/{name}.{ext}"})
        r = ctx.run("--batch", "--json", "-p", preset, "-o", out, cam)
        fin = r.of("finished")
        ck.check("{camera}: written as Canon_ EOS_/c.jpg, said so",
                 r.rc == 0 and os.path.isfile(os.path.join(out, "Canon_ EOS_", "c.jpg")) and len(fin) == 1 and
                 fin[0].get("name_characters_replaced") == ":?", (r.rc, r.err, fin))
        # A date filled once the image is made, with ':' in its format: the time with '_' (before,
        # the placeholder itself was written with '_', "c {date_%H_%M}.jpg", and never filled).
        preset = ctx.preset("exfat-time.json", "by time", {"format": "jpeg", "nameTemplate": "{name} {date:%H:%M}.{ext}"})
        r = ctx.run("--batch", "--json", "-p", preset, "-o", out, cam)
        fin = r.of("finished")
        ck.check("{date:%H:%M}: written as c HH_MM.jpg, said so",
                 r.rc == 0 and len(fin) == 1 and re.fullmatch(r"c \d\d_\d\d\.jpg", os.path.basename(fin[0]["output"]))
                 and os.path.isfile(fin[0]["output"]) and fin[0].get("name_characters_replaced") == ":",
                 (r.rc, r.err, fin))
        # exFAT finds a name in any case, and exfat-fuse gives each spelling its own inode number:
        # an output "IMG_1.jpg" of IMG_1.JPG is the source, and "A.jpg" of A.png is another input
        # a.jpg. Before, overwrite replaced both photos (exit 0 for the first) and skip "skipped"
        # the source as its own output.
        keep = ctx.preset("exfat-keep.json", "keep over", {"format": "keep", "nameTemplate": "{name}.{ext}",
                                                           "overwrite": "overwrite"})

        def digest(path):
            with open(path, "rb") as f:
                return hashlib.sha256(f.read()).hexdigest()

        for policy in ("overwrite", "skip"):
            same = os.path.join(card, "same-" + policy)
            os.mkdir(same)
            shutil.copy(ctx.sample("autumn.jpg"), os.path.join(same, "IMG_1.JPG"))
            shutil.copy(ctx.sample("autumn.jpg"), os.path.join(same, "a.jpg"))
            shutil.copy(ctx.sample("kite.jpg"), os.path.join(same, "A.png"))
            before = {n: digest(os.path.join(same, n)) for n in os.listdir(same)}
            r = ctx.run("--batch", "--json", "-p", keep, "--overwrite", policy, "--format", "jpeg", "-o", same, same)
            failed = sorted(os.path.basename(e["input"]) for e in r.of("failed"))
            ck.check("--overwrite %s into the photos' folder: no photo replaced, each refused, A.png's output passes "
                     "over a.jpg" % policy,
                     failed == ["IMG_1.JPG", "a.jpg"] and {n: digest(os.path.join(same, n)) for n in before} == before
                     and all("replace the source" in e["reason"] for e in r.of("failed")) and
                     sorted(os.listdir(same)) == ["A (2).jpg", "A.png", "IMG_1.JPG", "a.jpg"],
                     (failed, r.err, os.listdir(same)))
        cases = os.path.join(card, "cases")
        r = ctx.run("--batch", "-p", keep, "--format", "png", "-o", cases, os.path.join(card, "same-skip", "A.png"),
                    os.path.join(card, "same-skip", "a.jpg"))
        ck.check("outputs told apart by case only are two files",
                 r.rc == 0 and sorted(os.listdir(cases)) == ["A.png", "a (2).png"], (r.rc, r.err, os.listdir(cases)))


def case_ntfs_output(ctx, ck):
    """Outputs written to an NTFS stick (ntfs-3g): a file system made for Windows that Linux reads
    case-sensitively, so "photo.JPG" and "photo.jpg" can be two files there. The memory-card rule
    (a name in another case is the same file, e2c3bda) must not take one for the other: photo.JPG's
    output passes over the other input photo.jpg to "photo (2).jpg". Before, photo.JPG failed as if
    its output would replace its own source."""
    with loop_mounted(ctx, "stick", 16, ["mkntfs", "-F", "-Q"], "ntfs-3g", "ntfs-3g") as stick:
        shutil.copy(ctx.sample("kite.jpg"), os.path.join(stick, "photo.JPG"))
        shutil.copy(ctx.sample("autumn.jpg"), os.path.join(stick, "photo.jpg"))
        if sorted(os.listdir(stick)) != ["photo.JPG", "photo.jpg"]:
            raise Skipped("this ntfs-3g finds names in any case: %s" % os.listdir(stick))
        r = ctx.run("--batch", "--json", "-p", "thumbnail", "--overwrite", "rename", "-o", stick, stick)
        done = {os.path.basename(e["input"]): os.path.basename(e["output"]) for e in r.of("finished")}
        failed = sorted(os.path.basename(e["input"]) for e in r.of("failed"))
        ck.check("photo.JPG's output passes over the other input photo.jpg; photo.jpg is its own source",
                 done == {"photo.JPG": "photo (2).jpg"} and failed == ["photo.jpg"] and
                 sorted(os.listdir(stick)) == ["photo (2).jpg", "photo.JPG", "photo.jpg"],
                 (r.rc, r.err, done, failed, os.listdir(stick)))


def case_long_names(ctx, ck):
    """Output names longer than a file system allows (255 bytes), from long multi-byte source names
    and a long camera make: each is shortened at a character's boundary, keeps its extension, and
    two names that become one after shortening still get two files ("… (2).jpg"); the dry run, the
    --json events and the terminal's line say so. Before, the plan refused them ("file name too
    long") and a {camera} name failed only at its write."""
    d = ctx.mkdir("long-names")
    stem = "\u5199" * 83  # 249 bytes of UTF-8: a name of 254 bytes with "A.jpg"
    names = [stem + "A.jpg", stem + "B.jpg"]
    for n in names:
        shutil.copy(ctx.sample("kite.jpg"), os.path.join(d, n))
    preset = ctx.preset("long.json", "long", {"format": "jpeg", "nameTemplate": "copy of x {name}.{ext}"})
    out = ctx.mkdir("long-out")
    dry = ctx.run("--dry-run", "--json", "-p", preset, "-o", out, d)
    planned = dry.of("planned")
    ck.check("dry run: exit 0, both shortened, two names",
             dry.rc == 0 and len(planned) == 2 and all(e.get("name_shortened") is True for e in planned) and
             len({e["output"] for e in planned}) == 2, (dry.rc, dry.err, planned))
    text = ctx.run("--dry-run", "-p", preset, "-o", out, d)
    ck.check("dry run's lines say the name was shortened",
             text.out.count("was shortened to 255 bytes") == 2, text.out)
    r = ctx.run("--batch", "--json", "-p", preset, "-o", out, d)
    fin = r.of("finished")
    made = sorted(os.listdir(out.encode()))
    ck.check("batch: exit 0, two outputs", r.rc == 0 and len(fin) == 2 and len(made) == 2, (r.rc, r.err, made))
    # "copy of x " and 80 whole characters (250 bytes; the 81st would end at 253 with ".jpg" after it),
    # then for the second 79 of them and " (2)" (255 bytes).
    expect = sorted([("copy of x " + "\u5199" * 80 + ".jpg").encode(), ("copy of x " + "\u5199" * 79 + " (2).jpg").encode()])
    ck.check("each fits 255 bytes at a character's boundary and keeps .jpg; the second is numbered",
             made == expect and all(len(m) <= 255 for m in made), [(len(m), m.decode(errors="replace")) for m in made])
    ck.check("finished events: name_shortened and the warning",
             all(e.get("name_shortened") is True and "shortened to 255 bytes" in e.get("warning", "") for e in fin),
             fin)
    ck.check("outputs as the dry run planned them",
             sorted(e["output"] for e in fin) == sorted(e["output"] for e in planned), (fin, planned))
    # A name filled once the image is made: a camera make of 120 bytes after a long name.
    with open(ctx.sample("autumn.jpg"), "rb") as f:
        jpeg = f.read()
    cam = ctx.mkdir("long-camera")
    with open(os.path.join(cam, stem + ".jpg"), "wb") as f:
        f.write(with_make(jpeg, ("\u5199" * 40).encode()))
    preset2 = ctx.preset("long-camera.json", "long camera",
                         {"format": "jpeg", "nameTemplate": "{name} {camera}.{ext}"})
    out2 = ctx.mkdir("long-camera-out")
    r2 = ctx.run("--batch", "--json", "-p", preset2, "-o", out2, cam)
    made2 = os.listdir(out2.encode())
    fin2 = r2.of("finished")
    ck.check("{camera}: written, shortened to 255 bytes, said so",
             r2.rc == 0 and len(made2) == 1 and len(made2[0]) <= 255 and made2[0].endswith(b".jpg") and
             len(fin2) == 1 and fin2[0].get("name_shortened") is True, (r2.rc, r2.err, made2, fin2))
    plain = ctx.run("--batch", "-p", preset2, "-o", ctx.mkdir("long-camera-out2"), cam)
    ck.check("the terminal's line warns", "shortened to 255 bytes" in plain.err, plain.err)


def case_codec_plugins(ctx, ck):
    """Workers load HEIF/AVIF and JPEG XL when they first meet those formats: the codecs are plug-ins
    (shared/image/codecs/CodecModules.h), so a batch of JPEGs never maps libheif and libjxl with their
    video codecs and SIMD library. Without the plug-ins those images fail, saying why, and the
    others are done."""
    ldd = shutil.which("ldd")
    if not ldd:
        print("cannot run here: no ldd")
        sys.exit(SKIP)
    bindir = os.path.dirname(os.path.realpath(ctx.args.pixelpool))
    worker = os.path.join(bindir, "pixelpool-worker")
    p = subprocess.run([ldd, worker], capture_output=True, text=True)
    libs = [line.split()[0] for line in p.stdout.splitlines() if line.strip()]
    lazy = ("libheif", "libde265", "libx265", "libaom", "libdav1d", "libjxl", "libhwy")  # not Brotli: FreeType's
    ck.check("the worker maps none of libheif's and libjxl's libraries at start",
             p.returncode == 0 and not [l for l in libs if l.startswith(lazy)], [l for l in libs if l.startswith(lazy)])
    out = ctx.mkdir("plugins-out")
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", out, ctx.sample("kite-phone.heic"), ctx.sample("path-small.avif"),
                ctx.sample("colorful-cups-960.jxl"), ctx.sample("kite.jpg"))
    ck.check("HEIC, AVIF and JPEG XL decode through the plug-ins", r.rc == 0 and len(r.of("finished")) == 4,
             (r.rc, r.err, r.of("failed")))
    # Broken on purpose: the executables alone, without their plug-ins.
    alone = ctx.mkdir("without-plugins")
    for name in ("pixelpool", "pixelpool-worker"):
        shutil.copy(os.path.join(bindir, name), alone)
    out = ctx.mkdir("without-plugins-out")
    e = dict(ctx.env)
    e.pop("LD_LIBRARY_PATH", None)
    p = subprocess.run([os.path.join(alone, "pixelpool"), "--batch", "--json", "-p", "thumbnail", "-o", out,
                        ctx.sample("kite-phone.heic"), ctx.sample("colorful-cups-960.jxl"), ctx.sample("autumn.jpg")],
                       capture_output=True, text=True, env=e, stdin=subprocess.DEVNULL, timeout=120)
    events = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    failed = {os.path.basename(ev.get("input", "")): ev.get("reason", ev.get("message", "")) for ev in events
              if ev.get("event") == "failed"}
    ck.check("exit 1: some images failed", p.returncode == 1, (p.returncode, p.stderr[-500:]))
    ck.check("the JPEG is done", os.path.exists(os.path.join(out, "autumn.jpg")), os.listdir(out))
    ck.check("the HEIC fails naming its plug-in",
             "libpixelpool-heif.so is missing or broken" in failed.get("kite-phone.heic", ""), failed)
    ck.check("the JPEG XL fails naming its plug-in",
             "libpixelpool-jxl.so is missing or broken" in failed.get("colorful-cups-960.jxl", ""), failed)


def case_cancelled(ctx, ck):
    if not ctx.args.test_hooks:
        raise Skipped("needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    d, _ = ctx.photos("cancel", ["p%02d.jpg" % i for i in range(24)] + ["pixelpool-test-gate.jpg"])
    out = ctx.mkdir("cancel-out")
    # SIGHUP: the terminal or the SSH session went away; cancelled as cleanly as Ctrl+C.
    for as_json, sig in ((True, signal.SIGINT), (False, signal.SIGINT), (False, signal.SIGHUP)):
        argv = [ctx.args.pixelpool, "--batch", "--test-flags", "1", "-p", "thumbnail", "--workers", "2", "-o",
                out + str(as_json) + sig.name, d] + (["--json"] if as_json else [])
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ctx.env)
        seen = b""
        deadline = time.monotonic() + 60
        stream = p.stdout if as_json else p.stderr
        while b"finished" not in seen and b"done " not in seen and time.monotonic() < deadline:
            seen += os.read(stream.fileno(), 65536)
        p.send_signal(sig)
        rest_out, rest_err = p.communicate(timeout=30)
        out_text = ((seen if as_json else b"") + rest_out).decode()
        err_text = ((b"" if as_json else seen) + rest_err).decode()
        ck.check("%s: exit 130" % sig.name, p.returncode == 130, (p.returncode, err_text[-500:]))
        if as_json:
            evs = [json.loads(l) for l in out_text.splitlines() if l.strip()]
            cancelled = [e for e in evs if e["event"] == "cancelled"]
            failed = [e for e in evs if e["event"] == "failed"]
            s = [e for e in evs if e["event"] == "summary"][-1]
            ck.check("cancelled images are 'cancelled' events, none 'failed'",
                     cancelled and not failed and all(e["code"] == "cancelled" for e in cancelled), evs[-5:])
            ck.check("the summary counts them apart", s["cancelled"] == len(cancelled) and s["failed"] == 0 and
                     s["interrupted"] is True and s["total"] == 25, s)
        else:
            ck.check("the summary line says cancelled, not failed",
                     " cancelled in " in err_text and " 0 failed" in err_text and "— cancelled" in err_text,
                     err_text[-500:])


def folders_left(out):
    """The folders below `out` (relative), and which of them hold nothing."""
    dirs = sorted(os.path.relpath(os.path.join(root, n), out) for root, names, _ in os.walk(out) for n in names)
    return dirs, [x for x in dirs if not os.listdir(os.path.join(out, x))]


def case_empty_folders(ctx, ck):
    """A name template with folders ({name}/sepia/{name}.{ext}) has them made when the image is
    planned: an image that failed, or was cancelled, left its folders behind empty. The batch
    removes the folders it made that nothing was written into, and only those."""
    d, _ = ctx.photos("folders", ["good.jpg"])
    for bad in ("bad1.jpg", "bad2.jpg"):
        with open(os.path.join(d, bad), "wb") as f:
            f.write(b"\xff\xd8\xff\xe0 not a JPEG")
    preset = ctx.preset("folders.json", "folders", {"format": "jpeg", "nameTemplate": "{name}/sepia/{name}.{ext}"})
    out = ctx.mkdir("folders-out")
    os.makedirs(os.path.join(out, "bad2"))  # there before: not the batch's to remove
    r = ctx.run("--batch", "-p", preset, "-o", out, d)
    dirs, empty = folders_left(out)
    ck.check("exit 1 (two failed)", r.rc == 1, (r.rc, r.err[-300:]))
    ck.check("the good image's folders stay, the failed ones' go, one there before stays",
             dirs == ["bad2", "good", "good/sepia"] and empty == ["bad2"], dirs)
    if not ctx.args.test_hooks:
        raise Skipped("the cancelled half needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the gate hook)")
    d, _ = ctx.photos("folders-cancel", ["p%02d.jpg" % i for i in range(12)] + ["pixelpool-test-gate.jpg"])
    out = ctx.mkdir("folders-cancel-out")
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "--test-flags", "1", "-p", preset, "--workers", "2",
                          "-o", out, d], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ctx.env)
    seen = b""
    deadline = time.monotonic() + 60
    while b'"finished"' not in seen and time.monotonic() < deadline:
        seen += os.read(p.stdout.fileno(), 65536)
    p.send_signal(signal.SIGINT)
    rest, err = p.communicate(timeout=30)
    evs = [json.loads(l) for l in (seen + rest).decode().splitlines() if l.strip()]
    done = sorted(e["input"].rsplit("/", 1)[1][:-4] for e in evs if e["event"] == "finished")
    dirs, empty = folders_left(out)
    ck.check("cancelled: exit 130", p.returncode == 130, (p.returncode, err.decode()[-300:]))
    ck.check("cancelled: only the folders of the images made stay, none empty",
             done and not empty and dirs == sorted(x for n in done for x in (n, n + "/sepia")), (done, dirs))


def case_late_name_replaces_source(ctx, ck):
    """A name only the result fills ({width}) that comes out as the source's own: refused at the
    commit with the words the planner gives a literal name (how to allow it), in the user's
    language; it said a bare English "the output would replace the source image" under a German
    headline."""
    d = ctx.mkdir("late-same")
    src = os.path.join(d, "a64.png")
    small_png(src, width=64, height=48)
    with open(src, "rb") as f:
        before = f.read()
    preset = ctx.preset("late-same.json", "late same", {"format": "png", "nameTemplate": "a{width}.{ext}",
                                                        "overwrite": "overwrite"})
    r = ctx.run("--batch", "--json", "-p", preset, "-o", d, src)
    failed = r.of("failed")
    ck.check("refused, the source kept", r.rc == 1 and len(failed) == 1 and open(src, "rb").read() == before,
             (r.rc, r.out[-400:]))
    ck.check("the reason says how to allow it", failed and failed[0]["code"] == "output-exists" and
             "allowOverwriteSource" in failed[0]["reason"], failed)
    r = ctx.run("--batch", "-p", preset, "-o", d, src, env={"LANGUAGE": "de", "LANG": "de_DE.UTF-8"})
    ck.check("in German, whole", "würde das Quellbild ersetzen" in r.err and "would replace" not in r.err, r.err[-400:])


def case_own_source_at_output_name(ctx, ck):
    """The source itself at an output's name through another name: out/hard.jpg a hard link to
    in/hard.jpg, out/sym.jpg a symbolic link to ../in/sym.jpg. Skip and rename pass over it to the
    next name ("hard (2).jpg"), as past another input: it is no finished output, and rename replaces
    nothing. Before, skip said "skipped in/hard.jpg: output exists" (never processed) and refused
    sym.jpg, and rename refused sym.jpg, "the output would replace the source image". Overwrite
    refuses both before any work (the hard link only at the commit, after the worker's work, and
    --dry-run said "replace"). The sources stay as they were."""
    base = ctx.mkdir("own-source")
    d, photos = ctx.photos("own-source/in", ["hard.jpg", "sym.jpg"])
    with open(photos[1], "wb") as f, open(ctx.sample("kite.jpg"), "rb") as g:
        f.write(g.read())
    before = {p: open(p, "rb").read() for p in photos}
    out = ctx.mkdir("own-source/out")
    os.link(photos[0], os.path.join(out, "hard.jpg"))
    os.symlink("../in/sym.jpg", os.path.join(out, "sym.jpg"))
    links = ["hard.jpg", "sym.jpg"]

    def made():
        return sorted(n for n in os.listdir(out) if n not in links)

    def outputs(r):
        return sorted(os.path.basename(e.get("output", "")) for e in r.of("finished"))

    for policy in ("skip", "rename"):
        dry = ctx.run("--dry-run", "--overwrite", policy, "-o", "out", "in", cwd=base)
        ck.check("--dry-run --overwrite %s: rename past the links" % policy,
                 dry.rc == 0 and dry.out.splitlines() == ["rename  in/hard.jpg -> %s/hard (2).jpg" % out,
                                                         "rename  in/sym.jpg -> %s/sym (2).jpg" % out],
                 (dry.rc, dry.out, dry.err))
        r = ctx.run("--batch", "--json", "--overwrite", policy, "-o", "out", "in", cwd=base)
        ck.check("--overwrite %s: both written past the links, exit 0" % policy,
                 r.rc == 0 and outputs(r) == ["hard (2).jpg", "sym (2).jpg"] and not r.of("skipped") and
                 made() == ["hard (2).jpg", "sym (2).jpg"], (r.rc, r.err, r.out[-800:], made()))
        if policy == "skip":
            again = ctx.run("--batch", "--json", "--overwrite", "skip", "-o", "out", "in", cwd=base)
            ck.check("skip resumed: each image's own output skipped",
                     again.rc == 0 and sorted(os.path.basename(e.get("output", "")) for e in again.of("skipped")) ==
                     ["hard (2).jpg", "sym (2).jpg"] and made() == ["hard (2).jpg", "sym (2).jpg"],
                     (again.rc, again.out[-800:], made()))
        for n in made():
            os.remove(os.path.join(out, n))
    dry = ctx.run("--dry-run", "--overwrite", "overwrite", "-o", "out", "in", cwd=base)
    ck.check("--dry-run --overwrite overwrite: both would fail",
             dry.rc == 1 and [l.split()[0] for l in dry.out.splitlines()] == ["fail", "fail"], (dry.rc, dry.out))
    r = ctx.run("--batch", "--json", "--overwrite", "overwrite", "-o", "out", "in", cwd=base)
    failed = r.of("failed")
    s = (r.of("summary") or [{}])[0]
    ck.check("--overwrite overwrite: both refused before any worker, the links kept",
             r.rc == 1 and len(failed) == 2 and all("replace the source" in e["reason"] for e in failed) and
             s.get("workers") == 0 and made() == [] and os.path.samefile(os.path.join(out, "hard.jpg"), photos[0]) and
             os.readlink(os.path.join(out, "sym.jpg")) == "../in/sym.jpg", (r.rc, failed, s, made()))
    ck.check("the sources are as they were", {p: open(p, "rb").read() for p in photos} == before, "changed")


def case_terminal_interrupt(ctx, ck):
    """Ctrl+C and a hang-up on a real terminal reach the whole process group, workers too: the batch
    is cancelled as by a signal to the front end alone, and no worker counts as crashed."""
    if not ctx.args.test_hooks:
        raise Skipped("needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    d, _ = ctx.photos("ctrl-c", ["p%02d.jpg" % i for i in range(24)] + ["pixelpool-test-gate.jpg"])
    for key, name in ((b"\x03", "Ctrl+C"), (None, "hang-up")):
        argv = [ctx.args.pixelpool, "--batch", "--test-flags", "1", "-p", "thumbnail", "--workers", "2", "-o",
                ctx.mkdir("ctrl-c-out-" + name), d]
        pid, fd = pty.fork()
        if pid == 0:  # a session of its own, with the pty as its controlling terminal
            # A terminal that draws the live bar, whatever the caller's TERM is (with TERM=dumb, as
            # a fresh machine's root shell may have, there is no bar to wait for).
            os.execve(argv[0], argv, dict(ctx.env, TERM="xterm"))
        data = b""
        sent = False
        at_send = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            r, _, _ = select.select([fd], [], [], 0.2)
            if r:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            if not sent and b"images/s" in data:  # running: the gate holds the batch open until cancelled
                if key:
                    os.write(fd, key)  # the terminal sends SIGINT to its foreground process group
                else:
                    os.killpg(pid, signal.SIGHUP)  # the terminal went away: the whole group hears it
                sent = True
                at_send = len(data)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        text = data.decode("utf-8", "replace")
        ck.check("%s on the terminal: exit 130, cancelled, no worker lost" % name,
                 os.waitstatus_to_exitcode(status) == 130 and "cancelled" in text and " 0 failed" in text and
                 "lost" not in text and "crashed" not in text, (os.waitstatus_to_exitcode(status), text[-600:]))
        # The images a cancel ends do not fill the bar: it was drawn at 25/25 100 % just before the
        # summary said "cancelled".
        after = data[at_send:].decode("utf-8", "replace")
        ck.check("%s: the bar stays where the work was, not drawn full" % name,
                 "25/25" not in after and "100%" not in after, repr(after[-600:]))


def case_terminal(ctx, ck):
    d, _ = ctx.photos("tty", ["t%02d.jpg" % i for i in range(6)])
    with open(os.path.join(d, "zz broken.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 not a JPEG")

    def on_a_terminal(extra_env, *more, cols=0, out=None):
        env = dict(ctx.env, TERM="xterm", COLUMNS="100")
        env.update(extra_env)
        return run_on_a_terminal([ctx.args.pixelpool, "--batch", "-p", "thumbnail", "--workers", "2", "-o",
                                  out or ctx.mkdir("tty-out-%d" % time.monotonic_ns())] + list(more) + [d], env, cols)

    rc, text = on_a_terminal({})
    ck.check("a live bar: images/s, ETA, the current file",
             rc == 1 and "\r\x1b[K[" in text and "images/s ETA" in text and "/7 " in text and ".jpg" in text,
             repr(text[-600:]))
    ck.check("a failure in red", "\x1b[31mfailed" in text, repr(text[-600:]))
    ck.check("no per-image 'done' line on a terminal", "done     " not in text, repr(text[-600:]))
    # A second run over done images: under the bar, no line per skipped image (a flood on a large
    # batch); the summary counts them.
    again = ctx.mkdir("tty-again")
    on_a_terminal({}, "--overwrite", "skip", out=again)
    rc, text = on_a_terminal({}, "--overwrite", "skip", out=again)
    ck.check("a second run on a terminal: no 'skipped' line per image, counted in the summary",
             not re.search(r"(^|\r\x1b\[K|\n)skipped  ", text) and "6 skipped in " in text, repr(text[-600:]))
    rc, text = on_a_terminal({"NO_COLOR": "1"})
    ck.check("NO_COLOR: no colours, still a bar", "\x1b[3" not in text and "\r\x1b[K[" in text and "failed" in text,
             repr(text[-600:]))
    # On a narrow terminal every redraw of the bar (what is not ended by a newline) stays on one
    # line: a wrapped one would be cleared only on its last row and leave a row behind each time.
    rc, text = on_a_terminal({}, cols=40)
    redraws = [s for s in text.split("\r\x1b[K")[1:] if "\n" not in s]
    ck.check("40 columns: the bar fits", redraws and all(len(s) <= 39 for s in redraws), redraws)
    rc, text = on_a_terminal({"TERM": "dumb"})
    ck.check("TERM=dumb: plain lines", "\x1b[" not in text and "done     " in text, repr(text[-600:]))
    rc, text = on_a_terminal({}, "--quiet")
    ck.check("--quiet: only the failure", "\r\x1b[K[" not in text and "failed" in text and "images:" not in text,
             repr(text[-600:]))
    rc, text = on_a_terminal({}, "--verbose")
    ck.check("--verbose: every image and each start", "done" in text and "started" in text, repr(text[-600:]))
    abi = landlock_abi()
    said = ("workers run in a sandbox (Landlock ABI %d): they read only the files they are handed and the system's,"
            " and cannot make, change or remove any"
            % abi if abi else "workers are not sandboxed: this kernel offers no Landlock")
    ck.check("--verbose: whether the workers run in a sandbox", said in text, repr(text[:600]))
    r = ctx.run("--batch", "-p", "thumbnail", "-o", ctx.mkdir("tty-pipe"), d)
    ck.check("not a terminal: plain lines, no escapes", "\x1b[" not in r.err and "done     " in r.err, r.err[-400:])


def case_json_schema(ctx, ck):
    try:
        import jsonschema
    except ImportError:
        raise Skipped("python3-jsonschema is not installed (scripts/install-deps.sh --tests)")
    with open(os.path.join(ctx.args.schemas, "batch-events.schema.json")) as f:
        events_schema = json.load(f)
    with open(os.path.join(ctx.args.schemas, "preset.schema.json")) as f:
        preset_schema = json.load(f)
    for s in (events_schema, preset_schema):
        jsonschema.Draft202012Validator.check_schema(s)
    ev = jsonschema.Draft202012Validator(events_schema)
    pv = jsonschema.Draft202012Validator(preset_schema)

    # The preset schema: its examples are valid, its counter-examples are not (the loader's half
    # is tests/engine/tst_preset_schema.cpp), and so are the built-in presets.
    for i, e in enumerate(preset_schema["examples"]):
        errs = list(pv.iter_errors(e))
        ck.check("preset example %d is valid" % i, not errs, errs[:1])
    for c in preset_schema["x-counterexamples"]:
        ck.check("preset counter-example (%s) is invalid" % c["why"], list(pv.iter_errors(c["preset"])))
    presets = os.path.join(os.path.dirname(ctx.args.schemas), "presets")
    for name in sorted(os.listdir(presets)):
        with open(os.path.join(presets, name)) as f:
            errs = list(pv.iter_errors(json.load(f)))
        ck.check("built-in preset %s is valid" % name, not errs, errs[:1])

    # Real output of every kind of event, each line checked against the events schema.
    d, (photo,) = ctx.photos("json", [PERCENT])
    with open(os.path.join(d, "broken.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 not a JPEG")
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write("not an image")
    out = ctx.mkdir("json-out")
    runs = [ctx.run("--batch", "--json", "-p", "thumbnail", "-o", out, d, os.path.join(d, "gone.jpg")),
            ctx.run("--batch", "--json", "-p", "thumbnail", "--overwrite", "skip", "-o", out, photo),
            ctx.run("--dry-run", "--json", "-p", "thumbnail", "-o", out, d),
            ctx.run("--batch", "--json", "-o", photo, d)]
    # Every kind of left-out input: a hidden folder, a link to a folder, the output folder inside the
    # tree (recursive), a sub-folder (not recursive), a link to a file outside the folder. The schema
    # lacked the codes of the first three.
    tree = ctx.mkdir("json-tree")
    shutil.copy(photo, os.path.join(tree, "a.jpg"))
    os.makedirs(os.path.join(tree, ".hidden"))
    os.makedirs(os.path.join(tree, "sub"))
    os.makedirs(os.path.join(tree, "out"))
    os.symlink("sub", os.path.join(tree, "link"))
    os.symlink(photo, os.path.join(tree, "elsewhere.jpg"))
    runs += [ctx.run("--batch", "--json", "-r", "-p", "thumbnail", "-o", os.path.join(tree, "out"), tree),
             ctx.run("--batch", "--json", "-p", "thumbnail", "-o", os.path.join(tree, "out"), tree)]
    codes = {e["code"] for r in runs[-2:] for e in r.of("left-out")}
    ck.check("--json: every left-out code", codes == {"hidden-folder", "folder-link", "output-folder", "sub-folder", "link-outside"},
             codes)
    # A preset that does not load: one error event with the message's code.
    bad_preset = os.path.join(ctx.tmp, "json-bad-preset.json")
    with open(bad_preset, "w") as f:
        json.dump({"format": "pixelpool-preset", "version": 1, "name": "x", "steps": [{"op": "explode"}]}, f)
    runs.append(ctx.run("--batch", "--json", "-p", bad_preset, photo))
    ck.check("--json: a preset that does not load is an error event with its code",
             runs[-1].rc == 2 and [(e["code"], e["message_code"], e["message"]) for e in runs[-1].of("error")] ==
             [("preset", "unknown-operation", bad_preset + ': steps[0]: unknown operation "explode"')], runs[-1].out)
    # A preset with several outputs: finished, then skipped (every output there), then planned per output.
    multi_out = ctx.mkdir("json-multi-out")
    runs += [ctx.run("--batch", "--json", "-p", "web-and-thumbnail", "--overwrite", "skip", "-o", multi_out, photo)
             for _ in range(2)]
    runs.append(ctx.run("--dry-run", "--json", "-p", "web-and-thumbnail", "-o", multi_out, photo))
    multi = [json.loads(line) for r in runs[-3:] for line in r.out.splitlines()]
    ck.check("a preset with outputs reports every output",
             [len(e.get("outputs", [])) for e in multi if e["event"] in ("finished", "skipped")] == [2, 2]
             and [e.get("output_name") for e in multi if e["event"] == "planned"] == ["web", "thumbnail"], multi)
    if ctx.args.test_hooks:
        cd, _ = ctx.photos("json-cancel", ["c%02d.jpg" % i for i in range(12)] + ["pixelpool-test-gate.jpg"])
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "--test-flags", "1", "-p", "thumbnail", "-o",
                              ctx.mkdir("json-cancel-out"), cd], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env=ctx.env)
        seen = b""
        deadline = time.monotonic() + 60
        while b'"finished"' not in seen and time.monotonic() < deadline:
            seen += os.read(p.stdout.fileno(), 65536)
        p.send_signal(signal.SIGTERM)
        rest, _ = p.communicate(timeout=30)
        runs.append(Run(["cancel"], p.returncode, (seen + rest).decode(), ""))
    kinds = set()
    for r in runs:
        for line in r.out.splitlines():
            e = json.loads(line)
            kinds.add(e.get("event"))
            errs = sorted(ev.iter_errors(e), key=lambda x: x.path)
            ck.check("%s event of %s matches the schema" % (e.get("event"), " ".join(r.args[:2])), not errs,
                     (e, [x.message for x in errs[:2]]))
    wanted = {"started", "finished", "skipped", "failed", "left-out", "planned", "error", "summary"}
    if ctx.args.test_hooks:
        wanted.add("cancelled")
    ck.check("every kind of event was seen", wanted <= kinds, wanted - kinds)
    ck.check("every kind the schema names was seen",
             set(events_schema["properties"]["event"]["enum"]) <= kinds | ({"cancelled"} - wanted),
             set(events_schema["properties"]["event"]["enum"]) - kinds)


class Skipped(Exception):
    pass


def case_given_twice(ctx, ck):
    """An input named twice (the same folder as "in", "in/" or "./in", the same file, a file of a
    folder given before it, a missing name) is taken once and said once, plainly: "given twice", not
    "left out … while scanning" (nothing was scanned to find it), and --json's code is given-twice.
    Before, a folder given twice was scanned twice and its sub-folder named twice as left out, and a
    file given twice was a scan's duplicate."""
    base = ctx.mkdir("twice")
    d, _ = ctx.photos("twice/in", ["a.jpg", "b.jpg"])
    ctx.photos("twice/in/sub", ["c.jpg"])
    sub = os.path.join(d, "sub")
    n = [0]

    def run(*inputs, json_=False, extra=(), env=None):
        n[0] += 1
        flags = ("--json",) if json_ else ()
        return ctx.run("--batch", *flags, *extra, "-p", "thumbnail", "-o", ctx.mkdir("twice-out-%d" % n[0]), *inputs,
                       cwd=base, env=env)

    for second in ("in", "in/", "./in", d):
        r = run("in", second)
        ck.check("in %s: scanned once, its sub-folder named once" % second,
                 r.rc == 0 and "2 images: 2 done" in r.err and
                 "1 × sub-folder, not scanned without --recursive: in/sub\n" in r.err, (r.rc, r.err))
        ck.check("in %s: said once as given twice, not as left out while scanning" % second,
                 ("pixelpool: given twice, the second time ignored: %s\n" % second) in r.err and
                 "left out 1 folder while scanning:" in r.err and "duplicate" not in r.err, r.err)
    r = run("in", "./in", json_=True)
    left = [(e["input"], e["code"]) for e in r.of("left-out")]
    ck.check("--json: one sub-folder, one given-twice",
             sorted(left) == [("./in", "given-twice"), ("in/sub", "sub-folder")], left)
    s = (r.of("summary") or [{}])[0]
    ck.check("--json: 2 images, 2 left out", s.get("total") == 2 and s.get("left_out") == 2, s)

    r = run("in/a.jpg", "./in/a.jpg")
    ck.check("a file given twice: one image, said given twice",
             r.rc == 0 and "1 image: 1 done" in r.err and
             "pixelpool: given twice, the second time ignored: ./in/a.jpg\n" in r.err and "scanning" not in r.err,
             (r.rc, r.err))
    r = run("in", "in/a.jpg", json_=True)
    left = [(e["input"], e["code"]) for e in r.of("left-out")]
    ck.check("a folder and then its file: given-twice",
             sorted(left) == [("in/a.jpg", "given-twice"), ("in/sub", "sub-folder")], left)
    # The other way round the folder's scan meets the file: a scan's duplicate, as it says.
    r = run("in/a.jpg", "in")
    ck.check("a file and then its folder: the scan's duplicate",
             r.rc == 0 and "2 images: 2 done" in r.err and
             "1 × duplicate: the same file is already queued: in/a.jpg\n" in r.err and "given twice" not in r.err,
             (r.rc, r.err))
    r = run("gone.jpg", "./gone.jpg", "in/a.jpg")
    ck.check("a missing name given twice: said missing once",
             r.rc == 1 and r.err.count("no such file or folder") == 1 and
             "pixelpool: given twice, the second time ignored: ./gone.jpg\n" in r.err, (r.rc, r.err))
    r = run("in/a.jpg", "in/b.jpg", "in/a.jpg", "./in/b.jpg", "in/sub", "in/sub/")
    ck.check("several: counted, on one line",
             "pixelpool: 3 inputs given twice, the second time ignored: in/a.jpg, ./in/b.jpg, in/sub/\n" in r.err and
             "3 images: 3 done" in r.err and "scanning" not in r.err, r.err)
    # A sub-folder named as an input of its own is scanned: not "not scanned without --recursive".
    for inputs in (("in", "in/sub"), ("in/sub", "in")):
        r = run(*inputs)
        ck.check("%s %s: the sub-folder is an input, not left out" % inputs,
                 r.rc == 0 and "3 images: 3 done" in r.err and "sub-folder" not in r.err and "given twice" not in r.err,
                 (r.rc, r.err))
    r = run("in", "in/sub", extra=("-r",))
    ck.check("-r in in/sub: the sub-folder was scanned already",
             "3 images: 3 done" in r.err and "pixelpool: in/sub is inside in, scanned as part of it\n" in r.err, r.err)
    r = run("in", "in", extra=("-q",))
    ck.check("--quiet: nothing said", r.rc == 0 and r.err == "", r.err)
    r = run("in", "./in", "in/a.jpg", env={"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de_DE:de"})
    ck.check("German", "pixelpool: 2 Eingaben doppelt angegeben, das zweite Mal ignoriert: ./in, in/a.jpg\n" in r.err,
             r.err)


def case_summary_workers(ctx, ck):
    """The summary names the workers that began an image: none when every image was skipped (a second
    run with --overwrite skip) or refused before reaching one. Before, it said "(2 workers)" there."""
    d, photos = ctx.photos("idle-in", ["a.jpg", "b.jpg", "c.jpg"])

    def summary_line(r):
        return r.err.splitlines()[-1] if r.err else ""

    out = ctx.mkdir("idle-out")
    # The workers that began an image: both of the two, or one that took all three before the other
    # was up (a worker starts in a few milliseconds, a thumbnail takes as long): the started events say.
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "-w", "2", "-o", out, d)
    began = {e["worker"] for e in r.of("started")}
    s = (r.of("summary") or [{}])[0]
    said = "images/s, %d worker%s)\n" % (len(began), "s" if len(began) > 1 else "")
    ck.check("a batch that worked: the workers that began an image",
             r.rc == 0 and 1 <= len(began) <= 2 and s.get("workers") == len(began) and said in r.err,
             (r.rc, r.err, began, s))
    for flags in ((), ("--json",)):
        r = ctx.run("--batch", *flags, "-p", "thumbnail", "-w", "2", "--overwrite", "skip", "-o", out, d)
        ck.check("every image skipped: no worker named %s" % (flags,),
                 r.rc == 0 and "3 images: 0 done, 0 failed, 3 skipped in " in r.err and "worker" not in summary_line(r),
                 (r.rc, r.err))
    s = (r.of("summary") or [{}])[0]
    ck.check("--json: workers 0", s.get("workers") == 0 and s.get("skipped") == 3, s)
    # Every output would replace its source: refused before any worker.
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "-w", "2", "--format", "keep", "--overwrite", "overwrite",
                "-o", d, d)
    s = (r.of("summary") or [{}])[0]
    ck.check("every image refused by the planner: no worker named",
             r.rc == 1 and "3 images: 0 done, 3 failed, 0 skipped in " in r.err and "worker" not in summary_line(r) and
             s.get("workers") == 0, (r.rc, r.err, s))
    r = ctx.run("--batch", "-p", "thumbnail", "-w", "2", "--overwrite", "skip", "-o", out, d,
                env={"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de_DE:de"})
    ck.check("German: no worker named", "3 übersprungen in " in r.err and "Arbeitsprozess" not in summary_line(r), r.err)


def case_summary_rate(ctx, ck):
    """The summary's images/s are of the images a worker took (written, or failed on a worker), not of
    those skipped or refused before: a second run with --overwrite skip that wrote 1 image of 21
    said "257.0 images/s"."""
    names = ["p%02d.jpg" % i for i in range(20)]
    d, photos = ctx.photos("rate-in", names)
    out = ctx.mkdir("rate-out")
    r = ctx.run("--batch", "-q", "-p", "thumbnail", "-w", "1", "-o", out, d)
    ck.check("first run", r.rc == 0, (r.rc, r.err))
    shutil.copy(ctx.sample("autumn.jpg"), os.path.join(d, "new.jpg"))
    with open(os.path.join(d, "p00.jpg"), "rb") as f:
        head = f.read(300)
    with open(os.path.join(d, "zz-broken.jpg"), "wb") as f:
        f.write(head)  # fails on the worker: counted
    r = ctx.run("--batch", "-p", "thumbnail", "-w", "1", "--overwrite", "skip", "-o", out, d)
    line = [l for l in r.err.splitlines() if l.startswith("22 images: ")]
    ck.check("1 done, 1 failed, 20 skipped", len(line) == 1 and "1 done, 1 failed, 20 skipped in " in line[0], r.err)
    try:  # the seconds are rounded to 0.01: the images the rate is of lie between two bounds
        seconds = float(line[0].split(" in ")[1].split(" s ")[0])
        rate = float(line[0].split("(")[1].split(" images/s")[0])
        worked = (rate * (seconds - 0.005) - 0.1, rate * (seconds + 0.005) + 0.1)
    except (IndexError, ValueError):
        worked = None
    ck.check("the rate is of the 2 images a worker took, not of 22",
             worked is not None and seconds >= 0.01 and worked[0] <= 2 <= worked[1], (worked, line))


def case_slow_rate(ctx, ck):
    """Below one image a second the summary's rate has two significant digits: a batch of slow images
    (half a minute each) said "0.0 images/s", as if it made nothing. One image held by the gate hook
    for 1.5 s: under one a second whatever the load, so its number has two significant digits."""
    if not ctx.args.test_hooks:
        raise Skipped("needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    d, (gate,) = ctx.photos("slow-rate", ["pixelpool-test-gate.jpg"])
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--test-flags", "1", "-p", "thumbnail", "-w", "1", "-o",
                          ctx.mkdir("slow-rate-out"), d],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ctx.env)
    time.sleep(1.5)
    open(gate + ".go", "w").close()
    _, err = p.communicate(timeout=60)
    err = err.decode("utf-8", "replace")
    m = re.search(r"^1 image: 1 done, 0 failed, 0 skipped in (\d+\.\d\d) s \((0\.0*[1-9]\d) images/s, 1 worker\)$", err,
                  re.M)
    ck.check("the rate in two significant digits", p.returncode == 0 and m is not None, (p.returncode, err[-300:]))
    if m:
        seconds, rate = float(m.group(1)), float(m.group(2))
        ck.check("the rate is the image's", abs(rate * seconds - 1) <= 0.06, (rate, seconds))


def case_names_taken(ctx, ck):
    """Outputs the rename policy numbered because their names were taken are said after the summary
    and marked in --json (name_taken), as the window's banner counts them: a rerun into the same
    folder wrote "p00 (2).jpg" beside every output, seen only in the names."""
    d, _ = ctx.photos("taken-in", ["p%02d.jpg" % i for i in range(3)])
    out = ctx.mkdir("taken-out")
    first = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", out, d)
    ck.check("first run: no name taken", first.rc == 0 and len(first.of("finished")) == 3 and
             not any("name_taken" in e for e in first.of("finished")) and "numbered name" not in first.err,
             (first.rc, first.err))
    again = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", out, d)
    finished = again.of("finished")
    ck.check("again: every output numbered and marked",
             again.rc == 0 and len(finished) == 3 and all(e.get("name_taken") is True for e in finished) and
             all(e["output"].endswith(" (2).jpg") for e in finished), (again.rc, finished))
    ck.check("again: said after the summary",
             "\n3 outputs were written under numbered names (\"photo (2).jpg\"): their names were taken\n" in again.err,
             again.err)
    # A name filled in when the image is written ({width}) is numbered then: said the same.
    preset = ctx.preset("taken-late.json", "taken-late", {"nameTemplate": "{name}_{width}.{ext}"})
    late = ctx.mkdir("taken-late-out")
    runs = [ctx.run("--batch", "--json", "-p", preset, "-o", late, d) for _ in range(2)]
    ck.check("late names: marked the second time only",
             all(r.rc == 0 and len(r.of("finished")) == 3 for r in runs) and
             not any("name_taken" in e for e in runs[0].of("finished")) and
             all(e.get("name_taken") is True and e["output"].endswith(" (2).jpg") for e in runs[1].of("finished")),
             [(r.rc, r.of("finished")) for r in runs])


GERMAN = {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de_DE:de"}


def events_schema_validator(ctx):
    """The events' JSON Schema as a validator, or None without python3-jsonschema."""
    try:
        import jsonschema
    except ImportError:
        return None
    with open(os.path.join(ctx.args.schemas, "batch-events.schema.json")) as f:
        return jsonschema.Draft202012Validator(json.load(f))


def check_against_schema(ctx, ck, label, events):
    v = events_schema_validator(ctx)
    if v is None:
        print("note: python3-jsonschema is not installed: %s not checked against the schema" % label)
        return
    bad = [(e, [x.message for x in v.iter_errors(e)][:2]) for e in events if list(v.iter_errors(e))]
    ck.check("%s: every event matches the schema" % label, not bad, bad[:2])


def case_input_folder_goes(ctx, ck):
    """An input folder that goes during the batch (a card taken out, `rm -rf in` on a big folder):
    every image left in it fails, and the terminal says so once as it happens and counts them at the
    end ("in/ is gone (no such file or folder): 197 images not read"), not a line each with the same
    cause; --verbose still names each, and --json keeps every image's failed event, now with
    input_folder_gone. Before, each of the 197 printed "failed   in/pNNN.jpg: cannot open: no such
    file or folder". The gate hook holds an image given before the folder while the folder is
    taken away: no timing is guessed. The image the worker holds next (sent ahead of its turn, its
    file opened then for the worker to read) lies outside the folder: one opened before the folder
    went is converted all the same."""
    if not ctx.args.test_hooks:
        raise Skipped("needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    # Small JPEGs: one thumbnail, copied.
    small_out = ctx.mkdir("goes-small")
    r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", small_out, ctx.sample("volna.jpg"))
    small = os.path.join(small_out, "volna.jpg")
    if r.rc != 0 or not os.path.exists(small):
        ck.check("a small JPEG is made", False, (r.rc, r.err))
        return

    def run(label, extra=(), env=None):
        d = ctx.mkdir("goes-" + label)
        # Cost order (costliest first, with one worker): the three large ones, then the gate (smaller,
        # outside the folder: its ".go" file must be made after the folder went), then the one sent
        # ahead while the gate is held (smaller again, outside the folder too), then the small ones.
        for i in range(3):
            shutil.copy(ctx.sample("kite.jpg"), os.path.join(d, "a%d.jpg" % i))
        for i in range(197):
            shutil.copy(small, os.path.join(d, "p%03d.jpg" % i))
        outside = ctx.mkdir("goes-gate-" + label)
        gate = os.path.join(outside, "0-pixelpool-test-gate.jpg")
        shutil.copy(ctx.sample("colorful-cups.jpg"), gate)
        ahead = os.path.join(outside, "1-ahead.jpg")
        shutil.copy(ctx.sample("volna.jpg"), ahead)
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "--test-flags", "1", "-p", "thumbnail", "-w",
                              "1", *extra, "-o", ctx.mkdir("goes-out-" + label), gate, ahead, d],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                             env=dict(ctx.env, **(env or {})))
        before, deadline = json_events_until_started(p, gate)
        shutil.rmtree(d)
        open(gate + ".go", "w").close()
        rest, err = p.communicate(timeout=120)
        events = before + [json.loads(l) for l in rest.decode().splitlines() if l.strip()]
        done_before = [e["input"] for e in before if e["event"] == "finished"]
        ck.check("%s: the three large images were done before the folder went" % label,
                 sorted(done_before) == [os.path.join(d, "a%d.jpg" % i) for i in range(3)], done_before)
        return d, gate, p.returncode, events, err.decode("utf-8", "replace")

    d, gate, rc, events, err = run("en")
    failed = [e for e in events if e["event"] == "failed"]
    final = [e for e in events if e["event"] in ("finished", "failed", "skipped", "cancelled")]
    summary = ([e for e in events if e["event"] == "summary"] or [{}])[0]
    ck.check("exit 1", rc == 1, (rc, err[-600:]))
    ck.check("--json: every image accounted for once",
             len(final) == 202 and len({e["index"] for e in final}) == 202 and
             summary.get("total") == 202 and summary.get("done") == 5 and summary.get("failed") == 197, summary)
    ck.check("--json: each image left in the folder fails, unread, naming the folder",
             len(failed) == 197 and all(e["code"] == "cannot-read" and e.get("input_folder_gone") == d and
                                        e["input"].startswith(d + "/p") for e in failed),
             [(e["input"], e["code"], e.get("input_folder_gone")) for e in failed][:3])
    check_against_schema(ctx, ck, "a folder gone", events)
    lines = err.splitlines()
    ck.check("said once as it went, then counted",
             ("failed   %s/ is gone (no such file or folder): its images not read yet fail, counted at the end" % d)
             in lines and
             ("%s/ is gone (no such file or folder): 197 images not read" % d) in lines and
             sum("is gone" in l for l in lines) == 2, err[-1200:])
    ck.check("no line an image", not [l for l in lines if l.startswith("failed   %s/p" % d)] and len(lines) <= 8,
             lines[:12])
    ck.check("the summary counts them as failed", "202 images: 5 done, 197 failed, 0 skipped in " in err, err[-600:])

    d, gate, rc, events, err = run("quiet", ("--quiet",))
    ck.check("--quiet: the two lines, they are failures",
             err.splitlines() == [
                 "failed   %s/ is gone (no such file or folder): its images not read yet fail, counted at the end" % d,
                 "%s/ is gone (no such file or folder): 197 images not read" % d], err[-800:])

    d, gate, rc, events, err = run("verbose-de", ("--verbose",), GERMAN)
    lines = err.splitlines()
    named = [l for l in lines if l.startswith("Fehler   %s/p" % d)]
    ck.check("--verbose: each image named as well", len(named) == 197, (len(named), lines[-6:]))
    ck.check("German",
             ("Fehler   %s/ ist weg (Datei oder Ordner existiert nicht): seine noch nicht gelesenen Bilder schlagen "
              "fehl, am Ende gezählt" % d) in lines and
             ("%s/ ist weg (Datei oder Ordner existiert nicht): 197 Bilder nicht gelesen" % d) in lines, lines[-6:])


def case_terminal_skipped_rate(ctx, ck):
    """The live bar's images/s are of the images a worker took, and its time left is of the images
    not done yet at that rate, none before a worker has finished one; images skipped because their
    outputs exist are counted apart ("· 300 skipped"). Before, a rerun that skipped 300 images and
    then worked 2 read hundreds of images/s with no time left while the first one was still on its
    worker. Two gated images (the gate hook) are the only work: the bar is read while the first is
    held, after it is let go (held at least HOLD seconds since the skips were shown), and at the end.
    No timing is guessed: each bound holds however slow the machine is."""
    if not ctx.args.test_hooks:
        raise Skipped("needs a worker built with -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    small_out = ctx.mkdir("skiprate-small")
    r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", small_out, ctx.sample("volna.jpg"))
    small = os.path.join(small_out, "volna.jpg")
    if r.rc != 0 or not os.path.exists(small):
        ck.check("a small JPEG is made", False, (r.rc, r.err))
        return
    d, out = ctx.mkdir("skiprate-in"), ctx.mkdir("skiprate-out")
    for i in range(300):  # each with its output there: skipped
        shutil.copy(small, os.path.join(d, "p%03d.jpg" % i))
        shutil.copy(small, os.path.join(out, "p%03d.jpg" % i))
    gates = [os.path.join(d, "zz-%s-pixelpool-test-gate.jpg" % k) for k in "ab"]  # planned after the skips
    for g in gates:
        shutil.copy(small, g)
    HOLD = 1.5
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 140, 0, 0))
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "--test-flags", "1", "-p", "thumbnail", "-w", "1",
                          "--overwrite", "skip", "-o", out, d], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=slave, env=dict(ctx.env, TERM="xterm"))
    os.close(slave)
    tty, events, pending = [b""], [], [b""]

    def pump(until, seconds=60):
        """Reads the terminal and the events until until() holds (True), the end or the deadline."""
        deadline = time.monotonic() + seconds
        fds = [master] + ([p.stdout.fileno()] if p.stdout else [])
        while not until():
            left = deadline - time.monotonic()
            if left <= 0 or not fds:
                return False
            ready, _, _ = select.select(fds, [], [], left)
            for fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    fds.remove(fd)
                elif fd == master:
                    tty[0] += chunk
                else:
                    lines = (pending[0] + chunk).split(b"\n")
                    pending[0] = lines.pop()
                    events.extend(json.loads(l) for l in lines if l.strip())
        return True

    def bars():  # every redraw of the bar (what no newline ends)
        return [b for b in tty[0].decode("utf-8", "replace").split("\r\x1b[K")[1:] if "\n" not in b]

    def last_bar():
        return (bars() or [""])[-1]

    def seen(kind, path):
        return any(e.get("event") == kind and e.get("input") == path for e in events)

    def numbers(bar):
        """images/s and the time left in seconds (None: "--:--") of a redraw."""
        m = re.search(r"([0-9.]+) images/s ETA (--:--|\d+:\d\d)", bar)
        if not m:
            return None, None
        eta = None if m.group(2) == "--:--" else int(m.group(2).split(":")[0]) * 60 + int(m.group(2).split(":")[1])
        return float(m.group(1)), eta

    try:
        first = None
        ok = pump(lambda: " 300/302 " in last_bar() and any(seen("started", g) for g in gates), 30)
        shown = time.monotonic()
        first = next((g for g in gates if seen("started", g)), gates[0])
        second = gates[1] if first == gates[0] else gates[0]
        bar = last_bar()
        ck.check("held: the bar shows every skipped image counted apart, no rate and no time left yet",
                 ok and re.search(r" 300/302 99% 0\.0 images/s ETA --:-- · 300 skipped", bar), (ok, bar))
        time.sleep(max(0.0, shown + HOLD - time.monotonic()))  # the least time the batch has run for
        open(first + ".go", "w").close()
        ok = pump(lambda: seen("finished", first) and " 301/302 " in last_bar())
        bar = last_bar()
        rate, eta = numbers(bar)
        # The batch ran at least HOLD s for the 1 image a worker took: at most 1/HOLD images/s, and at
        # least HOLD s left for the 1 image to do (shown rounded: 0:02). Before: 301 images over the
        # time run, and 0:00 left.
        ck.check("one worked: the rate is of it, the time left of the one left",
                 ok and rate is not None and rate <= 1 / HOLD + 0.05 and eta is not None and eta >= 2 and
                 "· 300 skipped" in bar, (ok, bar, rate, eta))
        open(second + ".go", "w").close()
        pump(lambda: False, 60)
        p.wait(30)
        bar = last_bar()
        rate, eta = numbers(bar)
        ck.check("the end: the rate of the 2 worked, nothing left",
                 " 302/302 100% " in bar and rate is not None and rate <= 2 / HOLD + 0.05 and eta == 0 and
                 "· 300 skipped" in bar, bar)
        text = tty[0].decode("utf-8", "replace")
        ck.check("exit 0, the summary counts them", p.returncode == 0 and
                 "302 images: 2 done, 0 failed, 300 skipped in " in text, (p.returncode, text[-400:]))
    finally:
        for g in gates:
            open(g + ".go", "w").close()
        if p.poll() is None:
            p.wait(60)
        os.close(master)
        p.stdout.close()
    # Again, every output there now, in German: nothing worked, so no rate and no time left.
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 140, 0, 0))
    p = subprocess.Popen([ctx.args.pixelpool, "--batch", "-p", "thumbnail", "--overwrite", "skip", "-o", out, d],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave,
                         env=dict(ctx.env, TERM="xterm", **GERMAN))
    os.close(slave)
    tty[0] = b""
    try:
        pump(lambda: False, 60)
        p.wait(30)
    finally:
        os.close(master)
    ck.check("all skipped, German: no rate, no time left, the skipped counted apart",
             re.fullmatch(r"\[#{20}\] 302/302 100% 0,0 Bilder/s Rest --:-- · 302 übersprungen(  .*)?", last_bar()),
             bars())


def case_summary_left_out(ctx, ck):
    """The summary's count of what did not become images says what it counts, in the words of the
    lines above it: "; 1 input not found; 1 input given twice; 1 file and 1 folder left out while
    scanning", and --json's left_out is their sum, the number of left-out events. Before it said
    "; 4 inputs left out", counting a folder's README.md and sub-folder as inputs the user gave;
    then it left out the inputs given twice, which --json's left_out counted (6 against "1 file and 1
    folder")."""
    base = ctx.mkdir("tally")
    d, _ = ctx.photos("tally/in", ["a.jpg", "b.jpg"])
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write("not an image")
    ctx.photos("tally/in/sub", ["c.jpg"])
    n = [0]

    def run(*args, env=None):
        n[0] += 1
        return ctx.run("--batch", "-p", "thumbnail", "-o", ctx.mkdir("tally-out-%d" % n[0]), *args, cwd=base, env=env)

    def summary_line(r):
        return (r.err.splitlines() or [""])[-1]  # the last line

    r = run("in", "./in", "gone.jpg", "gone2.jpg")
    ck.check("the lines above: two missing, one given twice, one file and one folder",
             "pixelpool: no such file or folder: gone.jpg\n" in r.err and
             "pixelpool: given twice, the second time ignored: ./in\n" in r.err and
             "left out 1 file and 1 folder while scanning:\n" in r.err, r.err)
    ck.check("the summary in the same words",
             summary_line(r).endswith(
                 "); 2 inputs not found; 1 input given twice; 1 file and 1 folder left out while scanning") and
             "inputs left out" not in r.err, summary_line(r))
    r = run("in")
    ck.check("only what a scan left out", summary_line(r).endswith("; 1 file and 1 folder left out while scanning"),
             summary_line(r))
    r = run("-r", "in")
    ck.check("one file", summary_line(r).endswith("); 1 file left out while scanning"), summary_line(r))
    r = run("in/a.jpg", "gone.jpg")
    ck.check("one input not found", r.rc == 1 and summary_line(r).endswith("; 1 input not found"), summary_line(r))
    r = run("in/a.jpg", "./in/a.jpg")
    ck.check("given twice: taken once, said so", summary_line(r).endswith("); 1 input given twice"), summary_line(r))
    r = run("in", "in/a.jpg", "./in", "-r", "in/sub")
    ck.check("given twice in any way: counted together",
             summary_line(r).endswith("); 3 inputs given twice; 1 file left out while scanning"), summary_line(r))
    # One rule for both: every left-out event is counted, by kind on the terminal, as a sum in --json.
    for args in (("in", "./in", "gone.jpg", "gone2.jpg", "gone.jpg"), ("-r", "in/sub", "in", "in/a.jpg"),
                 ("in/a.jpg", "in/b.jpg")):
        r = run("--json", *args)
        s = (r.of("summary") or [{}])[0]
        said = sum(int(n) for n in re.findall(r"; (\d+) (?:inputs? not found|inputs? given twice)", summary_line(r)))
        said += sum(int(n) for n in re.findall(r"(\d+) (?:files?|folders?)", summary_line(r).partition(";")[2]))
        ck.check("--json %s: left_out is every left-out event, as the terminal counts them" % " ".join(args),
                 s.get("left_out") == len(r.of("left-out")) == said, (s, r.of("left-out"), summary_line(r)))
    r = run("in", "gone.jpg", env=GERMAN)
    ck.check("German", summary_line(r).endswith(
        "; 1 Eingabe nicht gefunden; beim Durchsuchen 1 Datei und 1 Ordner ausgelassen"), summary_line(r))
    r = run("in", "./in", "in/a.jpg", env=GERMAN)
    ck.check("German, given twice", summary_line(r).endswith(
        "; 2 Eingaben doppelt angegeben; beim Durchsuchen 1 Datei und 1 Ordner ausgelassen"), summary_line(r))


def case_folder_inside_input(ctx, ck):
    """A folder and a folder inside it both given, with --recursive: the inner one is part of the
    outer, whichever comes first: the same outputs (its images in out/sub/), and one line says it is
    inside the outer, scanned as part of it; --json has one left-out event for it (given-twice, with
    inside), and every image is taken once. Before, `-r in/sub in` listed each file of in/sub as a
    scan's duplicate ("left out 5 files while scanning: 5 × duplicate …", five left-out events);
    then it took in/sub as an input of its own, its images flat in out/ (in's own pushed to "(2)"
    names), and said "in/sub is inside in (already scanned)", the other way round. A hidden folder
    given as an input of its own was still said "hidden folder, not scanned"."""
    base = ctx.mkdir("inside")
    ctx.photos("inside/in", ["a.jpg", "c0.jpg"])
    ctx.photos("inside/in/sub", ["c%d.jpg" % i for i in range(5)])
    ctx.photos("inside/in/other", ["o.jpg"])
    ctx.photos("inside/hid", ["a.jpg"])
    ctx.photos("inside/hid/.hidden", ["h.jpg"])
    n = [0]

    def run(*args, env=None):
        n[0] += 1
        return ctx.run("--batch", "-p", "thumbnail", "-o", ctx.mkdir("inside-out-%d" % n[0]), *args, cwd=base,
                       env=env)

    made = {}
    for inputs in (("in/sub", "in"), ("in", "in/sub")):
        r = run("-r", *inputs)
        out = os.path.join(ctx.tmp, "inside-out-%d" % n[0])
        made[inputs] = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
        ck.check("-r %s %s: one line, the images once" % inputs,
                 r.rc == 0 and "pixelpool: in/sub is inside in, scanned as part of it\n" in r.err and
                 "8 images: 8 done" in r.err and "duplicate" not in r.err and "given twice, the" not in r.err and
                 "scanning" not in r.err, (r.rc, r.err))
        ck.check("-r %s %s: in/sub's images below sub/, in's own under their names" % inputs,
                 made[inputs] == ["a.jpg", "c0.jpg", "other/o.jpg"] + ["sub/c%d.jpg" % i for i in range(5)],
                 made[inputs])
        r = run("--json", "-r", *inputs)
        left = [(e["input"], e["code"], e.get("inside")) for e in r.of("left-out")]
        images = [e["input"] for e in r.of("finished")]
        ck.check("-r %s %s --json: one left-out event, given-twice inside in" % inputs,
                 left == [("in/sub", "given-twice", "in")], left)
        ck.check("-r %s %s --json: every image once, in the same order" % inputs,
                 len(images) == 8 and len(set(os.path.realpath(os.path.join(base, i)) for i in images)) == 8 and
                 sorted((e["index"], e["input"]) for e in r.of("finished")) ==
                 list(enumerate(["in/a.jpg", "in/c0.jpg", "in/other/o.jpg"] +
                                ["in/sub/c%d.jpg" % i for i in range(5)])), r.of("finished"))
        check_against_schema(ctx, ck, "-r %s %s" % inputs, r.events())
    r = run("-r", "in/sub", "in/other", "in")
    ck.check("two folders inside one input: one line",
             "pixelpool: 2 folders are inside in, scanned as part of it: in/sub, in/other\n" in r.err and
             "8 images: 8 done" in r.err, r.err)
    # A hidden folder is not scanned inside a folder, but it is as an input of its own.
    r = run("-r", "hid")
    ck.check("a hidden folder inside a folder is said, not scanned",
             "\n1 image: 1 done" in r.err and "1 × hidden folder, not scanned: hid/.hidden\n" in r.err, r.err)
    for inputs in (("hid/.hidden", "hid"), ("hid", "hid/.hidden")):
        r = run("-r", *inputs)
        ck.check("-r %s %s: the hidden folder was scanned, not said otherwise" % inputs,
                 r.rc == 0 and "2 images: 2 done" in r.err and "hidden folder" not in r.err and
                 "scanning" not in r.err, (r.rc, r.err))
    r = run("in/sub", "in")
    ck.check("without --recursive nothing is said: in does not go into in/sub, an input of its own",
             "7 images: 7 done" in r.err and "pixelpool:" not in r.err and
             not [l for l in r.err.splitlines() if "in/sub" in l and not l.startswith("done ")], r.err)
    r = run("-q", "-r", "in/sub", "in")
    ck.check("--quiet: nothing said", r.rc == 0 and r.err == "", r.err)
    r = run("-r", "in/sub", "in", env=GERMAN)
    ck.check("German", "pixelpool: in/sub liegt in in, als Teil davon durchsucht\n" in r.err, r.err)

def case_fonts_of_the_user(ctx, ck):
    """A sandboxed worker reads none of the user's files but those it is handed (its input, the
    preset's logos and fonts); fontconfig's own are let in where its configuration puts them (its
    configuration files, font folders and caches), so a family installed in the user's own folder
    draws as it does in-process. The configuration here (FONTCONFIG_FILE) is in the test's folder,
    which the sandbox does not let a worker read otherwise, and knows one font folder there, with a
    family of its own ("PixPoo Sans": DejaVu Sans renamed). Without fontconfig's folders let in, the
    worker's fontconfig could not read the configuration, fell back on the system's, and drew with
    DejaVu Sans, saying the family was not installed."""
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not os.path.exists(font):
        raise Skipped("needs fonts-dejavu-core (scripts/install-deps.sh)")
    fonts = ctx.mkdir("user-fonts")
    with open(font, "rb") as f:
        renamed = f.read().replace(b"DejaVu", b"PixPoo").replace("DejaVu".encode("utf-16-be"),
                                                                  "PixPoo".encode("utf-16-be"))
    with open(os.path.join(fonts, "mine.ttf"), "wb") as f:
        f.write(renamed)
    conf = os.path.join(ctx.mkdir("user-fontconfig"), "fonts.conf")
    with open(conf, "w") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                "<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n" % (fonts, ctx.mkdir("fc-cache")))
    preset = os.path.join(ctx.tmp, "signed.json")
    with open(preset, "w") as f:
        json.dump({"format": "pixelpool-preset", "version": 1, "name": "signed", "steps": [
            {"op": "resize", "mode": "fit", "width": 400, "height": 400},
            {"op": "watermark", "text": "PixelPool", "fontFamily": "PixPoo Sans", "size": 10}],
            "output": {"format": "png"}}, f)
    env = {"FONTCONFIG_FILE": conf}
    outs = {}
    for mode in ("workers", "in-process"):
        out = ctx.mkdir("user-fonts-" + mode)
        extra = ("--in-process",) if mode == "in-process" else ()
        r = ctx.run("--batch", "--json", *extra, "-p", preset, "-o", out, ctx.sample("kite.jpg"), env=env)
        events = [json.loads(l) for l in r.out.splitlines() if l.strip()]
        finished = [e for e in events if e["event"] == "finished"]
        ck.check("%s: drawn without a word" % mode,
                 r.rc == 0 and len(finished) == 1 and "warning" not in finished[0], (r.rc, r.err[-600:], events))
        path = os.path.join(out, "kite.png")
        outs[mode] = open(path, "rb").read() if os.path.exists(path) else None
    ck.check("the same pixels from a sandboxed worker as in-process",
             outs["workers"] is not None and outs["workers"] == outs["in-process"])


def case_step_files(ctx, ck):
    """A logo or a font the preset names that cannot be read here fails every image in its worker:
    the dry run said "write" for each image and the batch then failed them all, one by one. Refused
    once, before any work (exit 2), naming the preset, the field and why, in a dry run too."""
    d, _ = ctx.photos("stepfiles-in", ["a.jpg", "b.jpg"])
    empty = os.path.join(ctx.tmp, "empty.ttf")
    open(empty, "w").close()
    logo = os.path.join(ctx.tmp, "logo.png")
    shutil.copy(ctx.sample("elarun.png"), logo)
    missing = os.path.join(ctx.tmp, "no-such-logo.png")
    fifo = os.path.join(ctx.tmp, "font-fifo.ttf")
    os.mkfifo(fifo)
    cases = [
        ("missing", [{"op": "logo", "file": missing}], None,
         'preset "missing", steps[0].logo.file: %s cannot be read (no such file or folder), so every image would '
         "fail" % missing, "step-file-unreadable"),
        ("folder", [{"op": "autoOrient"}, {"op": "logo", "file": ctx.tmp}], None,
         'preset "folder", steps[1].logo.file: %s cannot be read (is a folder), so every image would fail' % ctx.tmp,
         "step-file-unreadable"),
        # A device and a pipe: every worker refuses them (QA note 45: the dry run said "write").
        ("device", [{"op": "logo", "file": "/dev/zero"}], None,
         'preset "device", steps[0].logo.file: /dev/zero is not a regular file (a pipe, socket or device), so '
         "every image would fail", "step-file-not-regular"),
        ("pipe", [{"op": "watermark", "text": "hi", "font": fifo}], None,
         'preset "pipe", steps[0].watermark.font: %s is not a regular file (a pipe, socket or device), so every '
         "image would fail" % fifo, "step-file-not-regular"),
        ("empty", [{"op": "watermark", "text": "hi", "font": empty}], None,
         'preset "empty", steps[0].watermark.font: %s is an empty file, so every image would fail' % empty,
         "step-file-empty"),
        ("output", [], [{"name": "web", "steps": [{"op": "logo", "file": logo}],
                         "output": {"nameTemplate": "web/{name}.{ext}"}},
                        {"name": "small", "steps": [{"op": "logo", "file": missing}],
                         "output": {"nameTemplate": "small/{name}.{ext}"}}],
         'preset "output", outputs[1].steps[0].logo.file: %s cannot be read (no such file or folder), so every image '
         "would fail" % missing, "step-file-unreadable"),
    ]
    for name, steps, outputs, said, code in cases:
        path = ctx.preset(name + ".json", name, {"format": "png"}, steps)
        if outputs:
            with open(path) as f:
                preset = json.load(f)
            preset["outputs"] = outputs
            with open(path, "w") as f:
                json.dump(preset, f)
        out = os.path.join(ctx.tmp, "stepfiles-out-" + name)
        for mode in ("--dry-run", "--batch"):
            r = ctx.run(mode, "-p", path, "-o", out, d)
            ck.check("%s %s: exit 2, said once before any work" % (name, mode),
                     r.rc == 2 and r.err == "pixelpool: %s\n" % said and not r.out, (r.rc, r.err, r.out))
        r = ctx.run("--batch", "--json", "-p", path, "-o", out, d)
        errors = r.of("error")
        ck.check("%s --json: one error event naming it" % name,
                 r.rc == 2 and len(errors) == 1 and errors[0]["code"] == "preset" and
                 errors[0]["message_code"] == code and errors[0]["message"] == said and not r.of("started"), r.out)
        ck.check("%s: no output folder made" % name, not os.path.exists(out), out)
    # A logo that is there: the images are written.
    path = ctx.preset("there.json", "there", {"format": "png"}, [{"op": "logo", "file": logo}])
    r = ctx.run("--batch", "-p", path, "-o", os.path.join(ctx.tmp, "stepfiles-out-there"), d)
    ck.check("a logo that is there: both written", r.rc == 0 and "2 images: 2 done" in r.err, (r.rc, r.err))
def case_folder_not_entered(ctx, ck):
    """A folder that can be listed but not entered (mode 644: read without search permission) is said
    as one that cannot be read, as a mode 311 one (search without read) is: "cannot read folder:
    permission denied", code unreadable-folder, a folder left out while scanning, whether a scan meets
    it or it is named directly. Before, its images were dropped without a word: `-r in` said "1 image:
    1 done", no left-out event, left_out 0; named directly, only "no images found in the inputs".
    Permissions do not stop root: as root the batches run as nobody (setpriv)."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        raise Skipped("run as root without setpriv: root enters any folder")
    prefix, env, base = as_nobody(ctx) or ([], dict(ctx.env), ctx.tmp)
    tree = os.path.join(base, "locks")
    try:
        for name, files in (("in", ["a.jpg"]), ("in/listed", ["b.jpg", "c.jpg"]), ("in/shut", ["d.jpg"])):
            os.makedirs(os.path.join(tree, name))
            for f in files:
                shutil.copy(ctx.sample("autumn.jpg"), os.path.join(tree, name, f))
        os.chmod(os.path.join(tree, "in/listed"), 0o644)
        os.chmod(os.path.join(tree, "in/shut"), 0o311)
        n = [0]

        def run(*args):
            n[0] += 1
            argv = ["--batch", "-p", "thumbnail", "-o", os.path.join(base, "locks-out-%d" % n[0])] + list(args)
            p = subprocess.run(prefix + [program_for(prefix, ctx.args.pixelpool, base)] + argv, capture_output=True,
                               env=env, timeout=120,
                               stdin=subprocess.DEVNULL, cwd=tree)
            return Run(argv, p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))

        denied = "cannot read folder: permission denied"
        r = run("-r", "in")
        # Exit 1: the images they may hold were never seen (7938224).
        ck.check("-r in: both folders said, the same way, exit 1",
                 r.rc == 1 and "left out 2 folders while scanning:\n  2 × %s: in/listed, in/shut\n" % denied in r.err,
                 (r.rc, r.err))
        ck.check("-r in: the summary counts them", (r.err.splitlines() or [""])[-1].startswith("1 image: 1 done") and
                 r.err.rstrip().endswith("; 2 folders left out while scanning"), r.err)
        r = run("-r", "--json", "in")
        left = sorted((e["input"], e["code"], e["reason"]) for e in r.of("left-out"))
        s = (r.of("summary") or [{}])[0]
        ck.check("-r --json in: a left-out event for each",
                 left == [("in/listed", "unreadable-folder", denied), ("in/shut", "unreadable-folder", denied)] and
                 s.get("total") == 1 and s.get("left_out") == 2, (left, s))
        # Named directly: the same as a folder that cannot be listed.
        said = {}
        for folder in ("in/listed", "in/shut"):
            r = run("--json", folder)
            said[folder] = (r.rc, [(e["input"].replace(folder, "X"), e["code"], e["reason"]) for e in r.of("left-out")],
                            [e.get("code") for e in r.of("error")])
        ck.check("named directly: said as a folder that cannot be read, as one of mode 311",
                 said["in/listed"] == said["in/shut"] == (1, [("X", "unreadable-folder", denied)], ["no-images"]),
                 said)
    finally:
        for d in ("in/listed", "in/shut"):
            if os.path.isdir(os.path.join(tree, d)):
                os.chmod(os.path.join(tree, d), 0o755)
        if base != ctx.tmp:
            shutil.rmtree(base, ignore_errors=True)


def bind_mounts_prefix(ctx):
    """A command prefix that runs its command in a private mount namespace where `mount --bind`
    works (as root, or in a user namespace), or None."""
    a, b = ctx.mkdir("bind-probe/a"), ctx.mkdir("bind-probe/b")
    candidates = ([["unshare", "-m", "--propagation", "private"]] if os.geteuid() == 0 else []) + \
        [["unshare", "-r", "-m", "--propagation", "private"]]
    for c in candidates:
        if shutil.which(c[0]) and subprocess.run(c + ["mount", "--bind", a, b], capture_output=True).returncode == 0:
            return c
    return None


def case_home_unset(ctx, ck):
    """HOME unset (`env -u HOME`, a service started without one): the home folder is the passwd
    entry's, as GLib takes it, so the user's presets are found. Before, Qt took "/" for home: user
    presets were looked for in //.config/PixelPool/presets and not found, without a word (and the
    window offered //Pictures/PixelPool as the output folder). The passwd entry's home is a folder of
    this run's, bind-mounted over it in a private mount namespace."""
    prefix = bind_mounts_prefix(ctx)
    if not prefix:
        raise Skipped("no private mount namespace here (unshare -m needs root or user namespaces)")
    home = ctx.mkdir("passwd-home")
    presets = os.path.join(home, ".config", "PixelPool", "presets")
    os.makedirs(presets)
    with open(os.path.join(presets, "from-home.json"), "w") as f:
        json.dump({"format": "pixelpool-preset", "version": 1, "name": "from home", "steps": [],
                   "output": {"format": "png"}}, f)
    env = {k: v for k, v in ctx.env.items() if k not in ("HOME", "XDG_CONFIG_HOME")}
    script = ('passwd_home=$(getent passwd "$(id -u)" | cut -d: -f6) && mount --bind "$1" "$passwd_home" '
              '|| exit 99; shift; exec "$@"')
    for home_value in (None, ""):
        run_env = dict(env) if home_value is None else dict(env, HOME=home_value)
        p = subprocess.run(prefix + ["sh", "-c", script, "sh", home, ctx.args.pixelpool, "--list-presets"],
                           capture_output=True, text=True, env=run_env, timeout=60, stdin=subprocess.DEVNULL)
        ck.check("HOME %s: the passwd entry's home is taken, its user preset listed" %
                 ("unset" if home_value is None else "empty"),
                 p.returncode == 0 and "from home (user)\t" in p.stdout, (p.returncode, p.stdout[-400:], p.stderr[-400:]))


def case_worker_out_of_reach(ctx, ck):
    """A worker file the user may not reach (in a folder of another user's, mode 700, as a careless
    install leaves it) is said as such: "cannot start worker …: permission denied", exit 1. Before,
    it was "no such file or folder", which sent the user looking for a file that is there. Once the
    folder may be entered, the same command runs. The worker is reached through a link beside the
    program, as the build's layout finds it."""
    nobody = as_nobody(ctx)
    if os.geteuid() == 0 and not nobody:
        raise Skipped("run as root without setpriv: root enters any folder")
    prefix, env, base = nobody or ([], dict(ctx.env), ctx.tmp)
    try:
        programs, locked = os.path.join(base, "reach-bin"), os.path.join(base, "reach-locked")
        os.makedirs(programs, 0o755)
        os.makedirs(locked, 0o755)
        here = os.path.dirname(ctx.args.pixelpool)
        for name in ["pixelpool"] + [n for n in os.listdir(here) if n.startswith("libpixelpool-") and n.endswith(".so")]:
            shutil.copy2(os.path.join(here, name), os.path.join(programs, name))
        shutil.copy2(os.path.join(here, "pixelpool-worker"), os.path.join(locked, "pixelpool-worker"))
        worker = os.path.join(programs, "pixelpool-worker")
        os.symlink(os.path.join(locked, "pixelpool-worker"), worker)
        # Root's folder of mode 700 for nobody; for any other user, a folder it may not enter.
        os.chmod(locked, 0o700 if nobody else 0o600)
        image = os.path.join(base, "reach.jpg")
        shutil.copy(ctx.sample("autumn.jpg"), image)
        os.chmod(image, 0o644)
        argv = prefix + [os.path.join(programs, "pixelpool"), "--batch", "-p", "thumbnail", "-w", "1",
                         "-o", os.path.join(base, "reach-out"), image]
        p = subprocess.run(argv, capture_output=True, env=env, timeout=120, stdin=subprocess.DEVNULL, cwd=base)
        err = p.stderr.decode("utf-8", "replace")
        ck.check("out of reach: said as permission denied, exit 1",
                 p.returncode == 1 and "cannot start worker %s: permission denied" % worker in err and
                 "no such file" not in err, (p.returncode, err))
        os.chmod(locked, 0o755)
        p = subprocess.run(argv, capture_output=True, env=env, timeout=120, stdin=subprocess.DEVNULL, cwd=base)
        err = p.stderr.decode("utf-8", "replace")
        ck.check("within reach: the same command runs", p.returncode == 0 and "1 done" in err, (p.returncode, err))
    finally:
        if os.path.isdir(os.path.join(base, "reach-locked")):
            os.chmod(os.path.join(base, "reach-locked"), 0o755)
        if base != ctx.tmp:
            shutil.rmtree(base, ignore_errors=True)


def case_workers_that_cannot_run(ctx, ck):
    """Workers that begin but cannot run: a worker file that is not executable, one that exits as it
    starts. Said once before the images' failures, as when none can be started at all: an `error`
    event workers-cannot-start first under --json and "pixelpool: workers cannot start (…)" on the
    terminal; then each image fails, the summary is last and nothing is said after it. Before, only
    each image said it, no error event came, the pool started its workers again for the next images
    as it gave up, and their loss was said after the summary; a file not executable was said as
    "execve: Permission denied"."""
    here = os.path.dirname(ctx.args.pixelpool)
    images = []
    for i in range(3):
        images.append(os.path.join(ctx.tmp, "cannot-run-%d.jpg" % i))
        shutil.copy(ctx.sample("autumn.jpg"), images[-1])
    for kind in ("not executable", "exits at start", "missing"):
        programs = ctx.mkdir("cannot-run-" + kind.replace(" ", "-"))
        for name in ["pixelpool"] + [n for n in os.listdir(here) if n.startswith("libpixelpool-") and n.endswith(".so")]:
            shutil.copy2(os.path.join(here, name), os.path.join(programs, name))
        worker = os.path.join(programs, "pixelpool-worker")
        if kind == "missing":  # none can be started at all
            why = "cannot start worker %s: no such file or folder" % worker
        elif kind == "not executable":
            shutil.copy(os.path.join(here, "pixelpool-worker"), worker)
            os.chmod(worker, 0o644)
            why = "cannot start worker %s: permission denied" % worker
        else:
            with open(worker, "w") as f:
                f.write("#!/bin/sh\nexit 3\n")
            os.chmod(worker, 0o755)
            why = "exited unexpectedly with code 3"
        if os.geteuid() == 0 and kind == "not executable" and os.access(worker, os.X_OK):
            continue  # root may run any file
        for json_out in (True, False):
            argv = [os.path.join(programs, "pixelpool"), "--batch", "-w", "2", "-o",
                    os.path.join(programs, "out", "deep")] + (["--json"] if json_out else []) + images
            p = subprocess.run(argv, capture_output=True, env=ctx.env, timeout=120, stdin=subprocess.DEVNULL)
            out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
            # Nothing written: the folders the run made go again, as when every image fails
            # (before, "missing" left out/deep behind, empty).
            ck.check("%s%s: the output folders made are gone" % (kind, ", --json" if json_out else ""),
                     not os.path.exists(os.path.join(programs, "out")), os.listdir(programs))
            lines = [l for l in err.splitlines() if l.strip()]
            if json_out:
                events = [json.loads(l) for l in out.splitlines() if l.strip()]
                kinds = [e.get("event") for e in events]
                ck.check("%s, --json: an error event first, each image failed, the summary last" % kind,
                         p.returncode == 1 and kinds == ["error", "failed", "failed", "failed", "summary"] and
                         events[0].get("code") == "workers-cannot-start" and why in events[0].get("message", "") and
                         all(e.get("code") == "workers-cannot-start" for e in events[1:4]),
                         (p.returncode, out, err))
            else:
                said = [i for i, l in enumerate(lines) if l.startswith("pixelpool: workers cannot start")]
                ck.check("%s: said once before the failures, nothing after the summary" % kind,
                         p.returncode == 1 and len(said) == 1 and why in lines[said[0]] and
                         all(not l.startswith("failed") for l in lines[:said[0]]) and
                         lines[-1].startswith("3 images: 0 done, 3 failed") and "execve" not in err,
                         (p.returncode, err))


def case_folder_met_again(ctx, ck):
    """Folders a scan meets a second time, through bind mounts: of the input inside itself (a loop),
    of a folder below it inside that folder (a loop below the input), of one folder at a second place.
    Each is left out and said for what it is: "the same folder met again while scanning (a loop or a
    bind mount), not scanned twice", code folder-met-again, a folder left out while scanning; every
    image is taken once, by its own name (its output in out/sub/x/, not out/sub/x/back/x/). Before,
    the loop back to the input was said to be an input "given twice" ("in/sub/loop is inside in
    (already scanned)"), a path the user never gave; the loop below it was entered once more, so
    in/sub/x/t.jpg was taken as in/sub/x/back/x/t.jpg (written to out/sub/x/back/x/) and its own name
    said a "duplicate"; the folder at a second place was scanned again, its image a duplicate. Runs in
    a private mount namespace (unshare -m), skipped where there is none."""
    prefix = bind_mounts_prefix(ctx)
    if not prefix:
        raise Skipped("no private mount namespace here (unshare -m needs root or user namespaces)")
    base = ctx.mkdir("again")
    for folder, names in (("in", ["a.jpg"]), ("in/one", ["o.jpg"]), ("in/sub", ["s.jpg"]), ("in/sub/x", ["t.jpg"])):
        ctx.photos("again/" + folder, names)
    for empty in ("in/two", "in/sub/loop", "in/sub/x/back"):
        ctx.mkdir("again/" + empty)
    mounts = [("in", "in/sub/loop"), ("in/sub", "in/sub/x/back"), ("in/one", "in/two")]
    script = "".join('mount --bind "$%d" "$%d" || exit 99; ' % (2 * i + 1, 2 * i + 2) for i in range(len(mounts)))
    n = [0]

    def run(*args, env=None):
        n[0] += 1
        argv = ["--batch", "-p", "thumbnail", "-o", ctx.mkdir("again-out-%d" % n[0])] + list(args)
        e = dict(ctx.env)
        e.update(env or {})
        p = subprocess.run(prefix + ["sh", "-c", script + "shift %d; exec \"$@\"" % (2 * len(mounts)), "sh"] +
                           [p for m in mounts for p in m] + [ctx.args.pixelpool] + argv,
                           capture_output=True, env=e, timeout=120, stdin=subprocess.DEVNULL, cwd=base)
        return Run(argv, p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))

    again = "the same folder met again while scanning (a loop or a bind mount), not scanned twice"
    r = run("-r", "--json", "in")
    out = os.path.join(ctx.tmp, "again-out-%d" % n[0])
    made = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
    left = [(e["input"], e["code"], e["reason"]) for e in r.of("left-out")]
    images = sorted(e["input"] for e in r.of("finished"))
    s = (r.of("summary") or [{}])[0]
    ck.check("--json: each met again, nothing else left out",
             r.rc == 0 and left == [(p, "folder-met-again", again) for p in ("in/sub/loop", "in/sub/x/back", "in/two")],
             (r.rc, left, r.err[-500:]))
    ck.check("--json: every image once, by its own name",
             images == ["in/a.jpg", "in/one/o.jpg", "in/sub/s.jpg", "in/sub/x/t.jpg"] and s.get("total") == 4 and
             s.get("left_out") == 3 and made == ["a.jpg", "one/o.jpg", "sub/s.jpg", "sub/x/t.jpg"], (images, s, made))
    check_against_schema(ctx, ck, "folder-met-again", r.events())
    r = run("-r", "in")
    ck.check("said as folders left out while scanning, not as inputs given twice",
             r.rc == 0 and "left out 3 folders while scanning:\n  3 × %s: in/sub/loop, in/sub/x/back, in/two\n" % again
             in r.err and "given twice" not in r.err and "inside" not in r.err and
             r.err.rstrip().endswith("; 3 folders left out while scanning"), (r.rc, r.err))
    r = run("-r", "in", env=GERMAN)
    ck.check("German", "3 × derselbe Ordner beim Durchsuchen noch einmal angetroffen (eine Schleife oder ein "
             "Bind-Mount), nicht zweimal durchsucht: in/sub/loop" in r.err, r.err)


def case_earlier_outputs(ctx, ck):
    """The output folder given as the input folder (`-o photos photos`): a second run took the first
    run's outputs as photos, wrote an output of each, and numbered each photo's own output anew, as
    its earlier one was an input it may not replace; with --overwrite skip too, each run more files.
    An output that records another image of the batch as its source is left out now (earlier-output),
    so a rerun with skip does nothing; an output of a photo not in the batch stays an input."""
    d = ctx.mkdir("earlier-photos")
    for i in range(3):
        shutil.copy(ctx.sample("elarun.png"), os.path.join(d, "p%d.png" % i))
    r = ctx.run("--batch", "-p", "thumbnail", "--overwrite", "skip", "-o", d, d)
    ck.check("first run: 3 written", r.rc == 0 and "3 images: 3 done" in r.err, (r.rc, r.err))
    try:
        os.getxattr(os.path.join(d, "p0.jpg"), "user.pixelpool.source")
    except OSError:
        raise Skipped("the folder keeps no extended attributes: outputs record no source here")
    before = sorted(os.listdir(d))
    for run in (2, 3):
        r = ctx.run("--batch", "--json", "-p", "thumbnail", "--overwrite", "skip", "-o", d, d)
        left = [e for e in r.of("left-out") if e["code"] == "earlier-output"]
        s = (r.of("summary") or [{}])[0]
        ck.check("run %d: the 3 outputs left out as earlier outputs" % run,
                 sorted(os.path.basename(e["input"]) for e in left) == ["p0.jpg", "p1.jpg", "p2.jpg"] and
                 all(e["reason"] == "an output an earlier run made of another image of this batch" for e in left),
                 r.out)
        ck.check("run %d: the photos skipped, nothing written" % run,
                 r.rc == 0 and s.get("total") == 3 and s.get("skipped") == 3 and s.get("done") == 0 and
                 sorted(os.listdir(d)) == before, (s, sorted(os.listdir(d))))
    r = ctx.run("--batch", "-p", "thumbnail", "--overwrite", "skip", "-o", d, d)
    ck.check("said on the terminal, counted among the files left out",
             "3 × an output an earlier run made of another image of this batch: " in r.err and
             "3 images: 0 done, 0 failed, 3 skipped" in r.err and "3 files left out while scanning" in r.err, r.err)
    # Outside the output folder they are inputs as asked, with their photos (a WebP made of a JPEG,
    # both archived).
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", os.path.join(ctx.tmp, "earlier-elsewhere"), d)
    ck.check("into another folder: photos and outputs are all images",
             r.rc == 0 and len(r.of("finished")) == 6 and not r.of("left-out"), r.out)
    # Outputs of photos that are not in the batch are its inputs: thumbnails of an export.
    thumbs = os.path.join(ctx.tmp, "earlier-thumbs")
    outputs = [os.path.join(d, n) for n in ("p0.jpg", "p1.jpg", "p2.jpg")]
    r = ctx.run("--batch", "--json", "-p", "thumbnail", "-o", thumbs, *outputs)
    ck.check("outputs of photos not in the batch are images of it",
             r.rc == 0 and len(r.of("finished")) == 3 and not r.of("left-out"), r.out)



def case_quality_changes_nothing(ctx, ck):
    """--quality on a preset whose every output is lossless (PNG, TIFF, BMP, or WebP, JPEG XL and
    AVIF asked lossless) was ignored without a word. Said on stderr, once, before the batch; where
    any output uses it (JPEG, lossy WebP, `keep`), nothing is said."""
    d, _ = ctx.photos("quality-in", ["a.jpg"])
    out = os.path.join(ctx.tmp, "quality-out")
    two = ctx.preset("two.json", "two", {})
    with open(two) as f:
        preset = json.load(f)
    preset["outputs"] = [{"name": "a", "steps": [], "output": {"format": "avif", "lossless": True,
                                                                "nameTemplate": "a/{name}.{ext}"}},
                         {"name": "b", "steps": [], "output": {"format": "tiff", "nameTemplate": "b/{name}.{ext}"}}]
    with open(two, "w") as f:
        json.dump(preset, f)
    mixed = ctx.preset("mixed.json", "mixed", {})
    preset["name"] = "mixed"
    preset["outputs"][1]["output"]["format"] = "jpeg"
    with open(mixed, "w") as f:
        json.dump(preset, f)
    said = 'pixelpool: --quality 50 changes nothing: preset "%s" writes only lossless outputs (%s)\n'
    cases = [
        (["-p", "thumbnail", "--format", "png"], said % ("thumbnail", "png")),
        (["-p", "thumbnail", "--format", "bmp"], said % ("thumbnail", "bmp")),
        (["-p", two], said % ("two", "lossless avif, tiff")),
        (["-p", "thumbnail"], None),
        (["-p", "thumbnail", "--format", "webp"], None),
        (["-p", "thumbnail", "--format", "keep"], None),
        (["-p", mixed], None),
    ]
    for args, expected in cases:
        for mode in ("--dry-run", "--batch"):
            r = ctx.run(mode, *args, "--quality", "50", "-o", out, d)
            name = " ".join(os.path.basename(a) for a in args) + " " + mode
            if expected:
                ck.check(name + ": said once, and the batch runs", r.rc == 0 and r.err.count(expected) == 1 and
                         r.err.startswith(expected), (r.rc, r.err))
            else:
                ck.check(name + ": nothing said", r.rc == 0 and "changes nothing" not in r.err, (r.rc, r.err))
    r = ctx.run("--batch", "-p", "thumbnail", "--format", "png", "-o", out, d)
    ck.check("without --quality nothing is said", r.rc == 0 and "changes nothing" not in r.err, r.err)


def files_under(ctx):
    """Every path below the run's folder, as bytes (names need not be UTF-8), but the runtime and
    config folders Ctx made: what a run wrote, wherever it went."""
    found = set()
    for top, dirs, files in os.walk(os.fsencode(ctx.tmp)):
        if top == os.fsencode(ctx.tmp):
            dirs[:] = [d for d in dirs if d not in (b"xdg", b"config")]
        found.update(os.path.join(top, n) for n in dirs + files)
    return found


def case_option_paths_not_utf8(ctx, ck):
    r"""The paths of options lost their bytes that are not UTF-8 (U+FFFD in their place): `-o caf\xE9`
    and then `-o caf\xE8` both wrote into a new folder "caf<U+FFFD>", the second batch replacing
    the first's outputs, exit 0; `-p ./pr\xE9.json` was "cannot open", `--report rep\xE9.json` wrote
    rep<U+FFFD>.json, `--inputs-from list\xE9` could not be read. --preset, --output and --report
    (opened through text) are refused before any work, naming the option and the byte; the list of
    --inputs-from is read by its bytes; a name that starts with U+FEFF keeps it."""
    base = ctx.mkdir("nonutf8")
    raw = os.fsdecode  # an argument, byte for byte
    os.makedirs(os.path.join(base, "other"))
    shutil.copy(ctx.sample("autumn.jpg"), os.path.join(base, "a.jpg"))
    shutil.copy(ctx.sample("kite.jpg"), os.path.join(base, "other", "a.jpg"))  # another photo, same name
    for name in (b"caf\xe9", b"caf\xe8"):
        os.mkdir(os.path.join(os.fsencode(base), name))
    with open(os.path.join(os.fsencode(base), b"pr\xe9.json"), "w") as f:
        json.dump({"format": "pixelpool-preset", "version": 1, "name": "pr", "steps": [], "output": {}}, f)
    before = files_under(ctx)
    said = ('pixelpool: --output "caf\\xE%s": the path is not UTF-8 (byte 0xE%s at 4); PixelPool takes the paths '
            'of options as UTF-8: rename it, or give a link to it whose path is UTF-8\n')
    for option, letter, photo in (["-o", "9", "a.jpg"], ["--output=", "8", "other/a.jpg"]):
        folder = raw(b"caf" + bytes([0xE0 + int(letter)]))
        argv = [option + folder] if option.endswith("=") else [option, folder]
        r = ctx.run("--batch", "-w", "1", "-p", "web", "--overwrite", "overwrite", *argv, photo, cwd=base)
        ck.check("%s caf\\xE%s: refused, exit 2, naming the option and the byte" % (option, letter),
                 r.rc == 2 and r.err == said % (letter, letter), (r.rc, r.err))
        r = ctx.run("--batch", "--json", "-w", "1", "-p", "web", *argv, photo, cwd=base)
        errors = r.of("error")
        ck.check("%s caf\\xE%s --json: an output-folder error event, nothing else" % (option, letter),
                 r.rc == 2 and len(r.events()) == 1 and len(errors) == 1 and errors[0]["code"] == "output-folder" and
                 "the path is not UTF-8 (byte 0xE%s at 4)" % letter in errors[0]["message"], (r.rc, r.out))
        check_against_schema(ctx, ck, "%s --json" % option, r.events())
        r = ctx.run("--dry-run", *argv, photo, cwd=base)
        ck.check("%s caf\\xE%s --dry-run: refused too" % (option, letter), r.rc == 2 and "not UTF-8" in r.err, r.err)
    absolute = os.path.join(os.fsencode(base), b"caf\xe9")
    r = ctx.run("--batch", "-o", raw(absolute), "a.jpg", cwd=base)
    ck.check("an absolute -o that is not UTF-8: refused", r.rc == 2 and "(byte 0xE9 at %d)" % len(absolute) in r.err,
             r.err)
    out = os.path.join(ctx.tmp, "nonutf8-out")
    r = ctx.run("--batch", "--json", "-p", raw(b"./pr\xe9.json"), "-o", out, "a.jpg", cwd=base)
    errors = r.of("error")
    ck.check("-p ./pr\\xE9.json: a preset error event, exit 2",
             r.rc == 2 and len(errors) == 1 and errors[0]["code"] == "preset" and
             errors[0]["message"].startswith('--preset "./pr\\xE9.json": the path is not UTF-8 (byte 0xE9 at 5)'),
             (r.rc, r.out, r.err))
    r = ctx.run("--batch", "-p", "web", "-o", out, "--report", raw(b"rep\xe9.json"), "a.jpg", cwd=base)
    ck.check("--report rep\\xE9.json: refused, exit 2",
             r.rc == 2 and r.err.startswith('pixelpool: --report "rep\\xE9.json": the path is not UTF-8'), r.err)
    r = ctx.run("--batch", "-p", "x", "-p", raw(b"y\xff"), "a.jpg", cwd=base)
    ck.check("a value given twice is shown with its bytes", r.rc == 2 and '"y\\xFF"' in r.err, r.err)
    ck.check("nothing written anywhere by the refused runs", files_under(ctx) == before,
             sorted(files_under(ctx) ^ before))
    # Read by its bytes: a list whose name is not UTF-8.
    with open(os.path.join(os.fsencode(base), b"list\xe9"), "w") as f:
        f.write("a.jpg\n")
    r = ctx.run("--batch", "-w", "1", "-p", "web", "-o", out, "--inputs-from", raw(b"list\xe9"), cwd=base)
    ck.check("--inputs-from list\\xE9: read, its image written", r.rc == 0 and os.listdir(out) == ["a.jpg"],
             (r.rc, r.err))
    # A byte-order mark at the start of a name is a character of it, not dropped.
    r = ctx.run("--batch", "-w", "1", "-p", "web", "-o", "\ufeffbom", "a.jpg", cwd=base)
    ck.check("-o U+FEFF bom: written into that folder, not into bom",
             r.rc == 0 and os.path.exists(os.path.join(base, "\ufeffbom", "a.jpg")) and
             not os.path.exists(os.path.join(base, "bom")), (r.rc, r.err, os.listdir(base)))


def case_current_folder_not_utf8(ctx, ck):
    """The current folder's path is not UTF-8: a relative output folder was made absolute through
    text and written into a new tree beside it (…/cwd<U+FFFD>/out), exit 0. A relative output folder
    (-o, the preset's folder, the default), a relative --report, and a preset file's relative logo
    there are refused before any work; inputs and --inputs-from, relative or not, are read by
    their bytes, and an absolute output folder is written as asked."""
    cwd = os.path.join(os.fsencode(ctx.tmp), b"cwd\xe9")
    os.makedirs(os.path.join(cwd, b"in"))
    shutil.copy(ctx.sample("autumn.jpg"), os.path.join(cwd, b"in", b"a.jpg"))
    shutil.copy(ctx.sample("elarun.png"), os.path.join(cwd, b"logo.png"))
    shown = os.fsdecode(cwd).encode("utf-8", "surrogateescape").decode("utf-8", "replace").replace("\ufffd", "\\xE9")
    at = len(cwd)
    for name, folder, steps in (("rel", "rel-out", []), ("logo", "", [{"op": "logo", "file": "logo.png"}])):
        with open(os.path.join(cwd, name.encode() + b".json"), "w") as f:
            json.dump({"format": "pixelpool-preset", "version": 1, "name": name, "steps": steps,
                       "output": {"folder": folder} if folder else {}}, f)
    before = files_under(ctx)
    out = os.path.join(ctx.tmp, "cwd-out")
    refused = [
        (["-o", "out"], "out"),
        ([], "pixelpool-output"),
        (["-p", "rel.json"], "rel-out"),
    ]
    for args, folder in refused:
        said = ('the output folder "%s" is relative to the current folder "%s", whose path is not UTF-8 (byte 0xE9 '
                'at %d)' % (folder, shown, at))
        for mode in ("--batch", "--dry-run"):
            r = ctx.run(mode, "-w", "1", *args, "in", cwd=cwd)
            ck.check("%s %s: refused, exit 2" % (mode, " ".join(args) or "(default folder)"),
                     r.rc == 2 and r.err.startswith("pixelpool: " + said), (r.rc, r.err))
        r = ctx.run("--batch", "--json", "-w", "1", *args, "in", cwd=cwd)
        errors = r.of("error")
        ck.check("--json %s: an output-folder error event" % (" ".join(args) or "(default folder)"),
                 r.rc == 2 and len(errors) == 1 and errors[0]["code"] == "output-folder" and
                 errors[0]["message"].startswith(said), (r.rc, r.out))
        check_against_schema(ctx, ck, "--json %s" % (" ".join(args) or "(default folder)"), r.events())
    r = ctx.run("--batch", "-w", "1", "-o", out, "--report", "rep.json", "in", cwd=cwd)
    ck.check("a relative --report: refused, exit 2",
             r.rc == 2 and r.err.startswith('pixelpool: --report "rep.json" is relative to the current folder "%s"' %
                                            shown), (r.rc, r.err))
    r = ctx.run("--batch", "--json", "-w", "1", "-p", "logo.json", "-o", out, "in", cwd=cwd)
    errors = r.of("error")
    ck.check("a preset file's relative logo: a preset error event, exit 2",
             r.rc == 2 and len(errors) == 1 and errors[0]["code"] == "preset" and errors[0]["message"].startswith(
                 'preset file "logo.json": steps[0].logo.file names a file relative to the preset file, in the '
                 'current folder "%s"' % shown), (r.rc, r.out, r.err))
    ck.check("nothing written anywhere by the refused runs", files_under(ctx) == before,
             sorted(files_under(ctx) ^ before))
    # What is read by its bytes works there: relative inputs and lists, into an absolute folder.
    with open(os.path.join(cwd, b"list"), "w") as f:
        f.write("in/a.jpg\n")
    report = os.path.join(ctx.tmp, "cwd-report.json")
    r = ctx.run("--batch", "-w", "1", "-o", out, "--inputs-from", "list", "--report", report, cwd=cwd)
    ck.check("relative inputs and --inputs-from, absolute -o and --report: done",
             r.rc == 0 and os.listdir(out) == ["a.jpg"] and json_file(report).get("state") == "finished", (r.rc, r.err))
    ck.check("and nothing written elsewhere", files_under(ctx) - before == {os.fsencode(p) for p in (
        out, os.path.join(out, "a.jpg"), report)} | {os.path.join(cwd, b"list")}, sorted(files_under(ctx) - before))


def case_preset_fifo(ctx, ck):
    """A preset given as a FIFO that no one writes to yet held the batch in open() past SIGTERM and
    Ctrl+C, each signal restarting the wait (failure QA pass: 699 s, until SIGKILL). Now the wait
    ends at the signal, exit 130, said; a preset from a pipe whose writer comes is read as before."""
    d, (photo,) = ctx.photos("preset-fifo", ["a.jpg"])
    fifo = os.path.join(d, "preset.fifo")
    os.mkfifo(fifo)
    out = os.path.join(ctx.tmp, "preset-fifo-out")
    for sig in (signal.SIGTERM, signal.SIGINT):
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "-p", fifo, "-o", out, photo], env=ctx.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.5)  # waiting for the FIFO's writer, or about to: either way the signal ends it
        p.send_signal(sig)
        try:
            events, err = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            events, err = p.communicate()
        summary = [json.loads(l) for l in events.splitlines() if l.strip()][-1:]
        ck.check("%s while waiting for the preset: exit 130, said, a summary that says interrupted"
                 % signal.Signals(sig).name,
                 p.returncode == 130 and b"cancelled while reading the preset" in err and
                 summary and summary[0].get("interrupted") is True, (p.returncode, err[-300:], summary))
    ck.check("nothing written", not os.path.exists(out))
    preset = b'{"format":"pixelpool-preset","version":1,"name":"piped","steps":[]}'
    p = subprocess.run([ctx.args.pixelpool, "--batch", "-p", "/dev/stdin", "-o", out, photo], env=ctx.env,
                       input=preset, capture_output=True, timeout=120)
    ck.check("a preset from a pipe: read, the image done",
             p.returncode == 0 and os.path.isdir(out) and os.listdir(out) == ["a.jpg"], (p.returncode, p.stderr[-300:]))


def case_folder_not_seen_exit(ctx, ck):
    """A folder the scan did not enter as nested too deep (or could not read) may hold images the
    batch never saw: exit 1, as for an input that does not exist. It was 0, "every image done", to a
    script whose photos there were never looked at (failure QA pass)."""
    d, (top,) = ctx.photos("too-deep", ["top.jpg"])
    deep = os.path.join(d, *(["d"] * 66))
    os.makedirs(deep)
    shutil.copy(top, os.path.join(deep, "bottom.jpg"))
    out = os.path.join(ctx.tmp, "too-deep-out")
    for argv, label in ((["--batch"], "batch"), (["--dry-run"], "dry run"), (["--batch", "--json"], "--json")):
        r = ctx.run(*argv, "-r", "-p", "thumbnail", "--overwrite", "overwrite", "-o", out, d)
        ck.check("%s: the folder nested too deep said, exit 1" % label,
                 r.rc == 1 and ("folder nested too deep" in r.err or "too-deep" in r.out), (r.rc, r.err[-400:]))
    ck.check("the image above it done", os.listdir(out) == ["top.jpg"], os.listdir(out))
    r = ctx.run("--batch", "-p", "thumbnail", "--overwrite", "overwrite", "-o", out, top)
    ck.check("without such a folder: exit 0", r.rc == 0, (r.rc, r.err[-300:]))


def case_overwrite_keeps_others(ctx, ck):
    """--overwrite overwrite replaces an image's own earlier output, never another image's: rerun on a
    subset (in/b of in/a and in/b, both holding x.jpg, into one folder without sub-folders), b's x.jpg
    replaced out/x.jpg, a's output, and left its own out/x (2).jpg stale; two batches at once into one
    folder replaced each other's outputs of the same names, both exit 0. The output that records this
    image's source is replaced wherever it is in its family, one that records another source is passed
    over (--dry-run says rename), one that records nothing is replaced by name; for literal names
    (planned before the work), for names filled at commit ({width}x{height}), and for an output a
    batch running alongside wrote into the planned name while this one's image was made (the
    holdoutput hook holds it)."""
    def digest(path):
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    base = ctx.mkdir("owk")
    for sub, sample in (("a", "kite.jpg"), ("b", "autumn.jpg")):
        os.makedirs(os.path.join(base, "in", sub))
        shutil.copy(ctx.sample(sample), os.path.join(base, "in", sub, "x.jpg"))
    literal = ctx.preset("owk-literal.json", "literal", {"format": "jpeg", "nameTemplate": "{name}.{ext}",
                                                         "keepStructure": False})
    late = ctx.preset("owk-late.json", "late", {"format": "png", "nameTemplate": "{width}x{height}.{ext}",
                                                "keepStructure": False}, [{"op": "resize", "mode": "exact",
                                                                           "width": 64, "height": 48}])
    for kind, preset, first, second in (("literal", literal, "x.jpg", "x (2).jpg"),
                                        ("late", late, "64x48.png", "64x48 (2).png")):
        out = os.path.join(base, "out-" + kind)

        def batch(*args):
            return ctx.run("--batch", "--json", "-w", "1", "-p", preset, "-o", out, *args, cwd=base)

        def dry(*args):
            return ctx.run("--dry-run", "-p", preset, "--overwrite", "overwrite", "-o", out, *args, cwd=base)

        r = batch("in/a/x.jpg", "in/b/x.jpg")
        ck.check("%s: first run writes a's and b's" % kind, r.rc == 0 and
                 sorted(os.listdir(out)) == sorted([first, second]), (r.rc, r.err, os.listdir(out)))
        try:
            os.getxattr(os.path.join(out, first), "user.pixelpool.source")
        except OSError:
            raise Skipped("the folder keeps no extended attributes: outputs record no source here")
        a_out = digest(os.path.join(out, first))
        # b's own output is "(2)": replaced there; a's stays.
        r = dry("in/b/x.jpg")
        if kind == "literal":
            ck.check("%s: --dry-run replaces b's own output" % kind, r.rc == 0 and
                     "replace in/b/x.jpg -> %s" % os.path.join(out, second) in r.out, (r.rc, r.out, r.err))
        inode = os.stat(os.path.join(out, second)).st_ino
        r = batch("--overwrite", "overwrite", "in/b/x.jpg")
        done = [e.get("output") for e in r.of("finished")]
        ck.check("%s: b's own output replaced, a's kept" % kind,
                 r.rc == 0 and done == [os.path.join(out, second)] and sorted(os.listdir(out)) == sorted([first, second]) and
                 digest(os.path.join(out, first)) == a_out and
                 os.stat(os.path.join(out, second)).st_ino != inode, (r.rc, done, r.err, os.listdir(out)))
        # b's output deleted: a's is passed over for the next name, not replaced.
        os.unlink(os.path.join(out, second))
        r = dry("in/b/x.jpg")
        if kind == "literal":
            ck.check("%s: --dry-run passes a's output over" % kind, r.rc == 0 and
                     "rename  in/b/x.jpg -> %s" % os.path.join(out, second) in r.out, (r.rc, r.out, r.err))
        r = batch("--overwrite", "overwrite", "in/b/x.jpg")
        ck.check("%s: a's output passed over, b's written next to it" % kind,
                 r.rc == 0 and [e.get("output") for e in r.of("finished")] == [os.path.join(out, second)] and
                 digest(os.path.join(out, first)) == a_out, (r.rc, r.out, r.err, os.listdir(out)))
        # A file that records nothing (another tool's) is replaced by name.
        os.unlink(os.path.join(out, second))
        os.unlink(os.path.join(out, first))
        with open(os.path.join(out, first), "wb") as f:
            f.write(b"another tool's file")
        r = batch("--overwrite", "overwrite", "in/b/x.jpg")
        ck.check("%s: a file that records no source is replaced" % kind,
                 r.rc == 0 and [e.get("output") for e in r.of("finished")] == [os.path.join(out, first)] and
                 os.listdir(out) == [first], (r.rc, r.out, r.err, os.listdir(out)))
        if not ctx.args.test_hooks:
            continue
        # Two batches at once: b's image is held after it is made, a's batch writes the name
        # meanwhile; b's commit passes a's output over.
        shutil.rmtree(out)
        held = os.path.join(base, "in", "b", "x-pixelpool-test-holdoutput.jpg")
        mine = os.path.join(base, "in", "a", "x-pixelpool-test-holdoutput.jpg")
        shutil.copy(ctx.sample("autumn.jpg"), held)
        shutil.copy(ctx.sample("kite.jpg"), mine)
        name = "x-pixelpool-test-holdoutput.jpg" if kind == "literal" else first
        numbered = "x-pixelpool-test-holdoutput (2).jpg" if kind == "literal" else second
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "--test-flags", "1", "-w", "1", "-p", preset,
                              "--overwrite", "overwrite", "-o", out, held], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=ctx.env)
        deadline = time.monotonic() + 60
        while not os.path.exists(held + ".written") and time.monotonic() < deadline:
            time.sleep(0.01)
        was_held = os.path.exists(held + ".written")
        r = batch("--overwrite", "overwrite", mine)
        a_out = digest(os.path.join(out, name)) if os.path.exists(os.path.join(out, name)) else None
        open(held + ".written.go", "w").close()
        rest, err = p.communicate(timeout=120)
        events = [json.loads(l) for l in rest.decode().splitlines() if l.strip()]
        done = [e.get("output") for e in events if e.get("event") == "finished"]
        ck.check("%s at once: the held image was written, not committed" % kind, was_held)
        ck.check("%s at once: the other batch's output kept, the held one written next to it" % kind,
                 r.rc == 0 and p.returncode == 0 and a_out and digest(os.path.join(out, name)) == a_out and
                 done == [os.path.join(out, numbered)] and
                 sorted(n for n in os.listdir(out) if not n.startswith(".")) == sorted([name, numbered]),
                 (r.rc, p.returncode, done, err.decode()[-400:], os.listdir(out)))
        os.unlink(held)
        os.unlink(mine)
        os.unlink(held + ".written.go")
        os.unlink(held + ".written")
    # Many images of the same names from two batches at once: every output kept, each its own.
    for sub in ("a", "b"):
        d = os.path.join(base, "many", sub)
        os.makedirs(d)
        for i in range(24):
            shutil.copy(ctx.sample("kite.jpg" if sub == "a" else "autumn.jpg"), os.path.join(d, "p%02d.jpg" % i))
    out = os.path.join(base, "out-many")
    for run in (1, 2):
        procs = [subprocess.Popen([ctx.args.pixelpool, "--batch", "-q", "-w", "1", "-p", literal, "--overwrite",
                                   "overwrite", "-o", out, os.path.join(base, "many", sub)],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=ctx.env) for sub in ("a", "b")]
        rcs = [p.wait(timeout=120) for p in procs]
        names = sorted(os.listdir(out))
        kinds = {}
        for n in names:
            kinds.setdefault(digest(os.path.join(out, n)), []).append(n)
        ck.check("two batches at once, run %d: 48 outputs, 24 of each, exit 0" % run,
                 rcs == [0, 0] and len(names) == 48 and sorted(len(v) for v in kinds.values()) == [24, 24],
                 (rcs, len(names), [len(v) for v in kinds.values()]))


def case_json_names_not_utf8(ctx, ck):
    r"""--json could not name a file whose name is not valid UTF-8: the events said in/caf\uFFFD.jpg and
    out/caf\uFFFD.jpg, so caf\xE9.jpg and caf\xE8.jpg were one name, while the report carries their
    bytes in path_base64 and output_base64. The events now carry input_base64, output_base64 (also in
    each of `outputs`) and inside_base64 beside the name, as the report does, and only for such a name."""
    base = os.fsencode(ctx.mkdir("json-names"))
    d = os.path.join(base, b"in")
    os.mkdir(d)
    for name in (b"caf\xe9.jpg", b"caf\xe8.jpg", b"plain.jpg"):
        shutil.copy(ctx.sample("autumn.jpg"), os.path.join(d, name))
    with open(os.path.join(d, b"bad\xff.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 not a JPEG")
    out = os.path.join(base, b"out")
    raw = os.fsdecode
    b64 = lambda b: base64.b64encode(b).decode()

    def named(events, field):
        """field's value for each event (or output) that names caf\xE9, caf\xE8, bad\xFF or plain."""
        return sorted((e["event"] if "event" in e else "output", e[field], e.get(field + "_base64"))
                      for e in events if field in e)

    ins = {n: b"in/" + n for n in (b"caf\xe9.jpg", b"caf\xe8.jpg", b"plain.jpg", b"bad\xff.jpg")}
    shown = {n: p.decode("utf-8", "replace") for n, p in ins.items()}
    for run, args, kinds in (("dry run", ("--dry-run",), ("planned",)),
                             ("batch", ("--batch", "-w", "1"), ("started", "finished", "failed")),
                             ("rerun", ("--batch", "--overwrite", "skip"), ("skipped", "failed"))):
        r = ctx.run(*args, "--json", "-p", "thumbnail", "-o", raw(out), "in", raw(b"in/caf\xe9.jpg"), cwd=raw(base))
        events = r.events()
        for kind in kinds:
            got = named([e for e in events if e["event"] == kind], "input")
            want = sorted((kind, shown[n], None if n == b"plain.jpg" else b64(p)) for n, p in ins.items()
                          if kind in ("planned", "started") or (kind == "failed") == (n == b"bad\xff.jpg"))
            ck.check("%s: %s events carry input_base64 for names that are not UTF-8" % (run, kind), got == want,
                     (got, want, r.err[-300:]))
        outs = named([e for e in events if e["event"] in ("finished", "skipped", "planned") and
                      "bad" not in e["input"]], "output")
        want = sorted((kind, os.path.join(out, n).decode("utf-8", "replace"),
                       None if n == b"plain.jpg" else b64(os.path.join(out, n))) for n in (b"caf\xe9.jpg", b"caf\xe8.jpg",
                                                                                          b"plain.jpg")
                      for kind in kinds if kind in ("finished", "skipped", "planned"))
        ck.check("%s: output_base64 for outputs whose names are not UTF-8" % run, outs == want, (outs, want))
        given = [e for e in events if e["event"] == "left-out"]
        ck.check("%s: the input given twice said with its bytes" % run,
                 [(e["input"], e.get("input_base64")) for e in given] ==
                 [(shown[b"caf\xe9.jpg"], b64(ins[b"caf\xe9.jpg"]))], given)
        check_against_schema(ctx, ck, run, events)
    # A folder inside a folder input whose name is not UTF-8: `inside` with its bytes.
    os.makedirs(os.path.join(base, b"top\xe9", b"sub"))
    shutil.copy(ctx.sample("autumn.jpg"), os.path.join(base, b"top\xe9", b"sub", b"a.jpg"))
    r = ctx.run("--dry-run", "--json", "-r", "-p", "thumbnail", "-o", raw(out), raw(b"top\xe9"), raw(b"top\xe9/sub"),
                cwd=raw(base))
    given = [(e.get("input_base64"), e.get("inside_base64")) for e in r.of("left-out")]
    ck.check("a folder given twice: input_base64 and inside_base64", given == [(b64(b"top\xe9/sub"), b64(b"top\xe9"))],
             (given, r.out, r.err))
    check_against_schema(ctx, ck, "inside", r.events())
    # A preset with several outputs: each output's name with its bytes.
    r = ctx.run("--batch", "--json", "-p", "web-and-thumbnail", "-o", raw(os.path.join(base, b"two")),
                raw(b"in/caf\xe9.jpg"), cwd=raw(base))
    outputs = [o for e in r.of("finished") for o in e.get("outputs", [])]
    ck.check("outputs: each with output_base64", len(outputs) == 2 and all(
        base64.b64decode(o["output_base64"]).endswith(b"/caf\xe9.jpg") for o in outputs), (r.rc, outputs, r.err))
    check_against_schema(ctx, ck, "outputs", r.events())


def case_resume_named_at_commit(ctx, ck):
    """Resuming with --overwrite skip a batch whose names are filled once the image is made
    ({width}x{height}) makes every image again before its output is found there and it is skipped;
    the bar said "0.0 images/s ETA --:-- · 82 skipped" the whole run and the summary gave no rate
    ("12000 images: 5 done, 0 failed, 11995 skipped in 3.89 s (1.3 images/s, 2 workers)", the rate of
    the 5). Those images are work a worker did: the bar's rate and time left count them, and so does
    the summary. Images the planner skips (literal names) still cost nothing and give no rate."""
    d = ctx.mkdir("commitskip-in")
    for i in range(6):
        shutil.copy(ctx.sample("autumn.jpg"), os.path.join(d, "p%d.jpg" % i))
    out = ctx.mkdir("commitskip-out")
    dims = ctx.preset("commitskip.json", "dims", {"format": "png", "nameTemplate": "{width}x{height}.{ext}",
                                                  "keepStructure": False},
                      [{"op": "resize", "mode": "exact", "width": 64, "height": 48}])
    r = ctx.run("--batch", "-w", "1", "-p", dims, "-o", out, d)
    ck.check("first run: 6 written", r.rc == 0 and len(os.listdir(out)) == 6, (r.rc, r.err))

    def on_a_terminal(*args):
        rc, text = run_on_a_terminal([ctx.args.pixelpool, "--batch", "-w", "1", "--overwrite", "skip"] + list(args),
                                     dict(ctx.env, TERM="xterm"), 140)
        bars = [b for b in text.split("\r\x1b[K")[1:] if "\n" not in b]
        return rc, text, bars

    rc, text, bars = on_a_terminal("-p", dims, "-o", out, d)
    last = (bars or [""])[-1]
    m = re.search(r" 6/6 100% ([0-9.]+) images/s ETA (\S+) · 6 skipped", last)
    ck.check("the bar's last redraw: a rate of the images made, nothing left",
             rc == 0 and m and float(m.group(1)) > 0 and m.group(2) == "0:00", (rc, last))
    ck.check("no redraw after the first image made says --:--",
             not any("ETA --:--" in b for b in bars if not re.search(r" 0/6 ", b)), bars)
    m = re.search(r"6 images: 0 done, 0 failed, 6 skipped in ([0-9.]+) s \(([0-9.]+) images/s, 1 worker\)", text)
    try:
        worked = (float(m.group(2)) * (float(m.group(1)) - 0.005) - 0.1,
                  float(m.group(2)) * (float(m.group(1)) + 0.005) + 0.1)
    except (AttributeError, ValueError):
        worked = None
    ck.check("the summary's rate is of the 6 made", worked is not None and worked[0] <= 6 <= worked[1],
             (worked, text[-300:]))
    # Literal names: skipped by the planner, no worker, no rate.
    lit = ctx.mkdir("commitskip-literal")
    r = ctx.run("--batch", "-q", "-p", "thumbnail", "-o", lit, d)
    rc, text, bars = on_a_terminal("-p", "thumbnail", "-o", lit, d)
    ck.check("skipped before any work: no rate, no worker", rc == 0 and
             re.search(r"6 images: 0 done, 0 failed, 6 skipped in [0-9.]+ s\r?\n", text) and
             all("0.0 images/s ETA --:--" in b for b in bars), (text[-300:], bars))


def case_sub_millisecond_times(ctx, ck):
    """An image made in less than a millisecond read "done IN -> OUT (64×48, 0 ms)" while --json said
    "ms": 0.433, as if it had not been timed: such a time reads "<1 ms". 1×1 BMPs, one worker: the
    first wakes the worker, the rest take well under a millisecond (the case cannot be shown on a
    machine where none does: 77)."""
    d = ctx.mkdir("submillisecond-in")
    pixel = struct.pack("<2sIHHI", b"BM", 58, 0, 0, 54) + struct.pack("<IiiHHIIiiII", 40, 1, 1, 1, 24, 0, 4, 2835,
                                                                       2835, 0, 0) + b"\x20\x40\x80\x00"
    for i in range(12):
        with open(os.path.join(d, "t%02d.bmp" % i), "wb") as f:
            f.write(pixel)
    preset = ctx.preset("submillisecond.json", "bare", {"format": "bmp", "nameTemplate": "{name}.{ext}",
                                                         "keepStructure": False})
    r = ctx.run("--batch", "--json", "-w", "1", "-p", preset, "-o", ctx.mkdir("submillisecond-out"), d)
    ms = {os.path.basename(e["input"]): e["ms"] for e in r.of("finished")}
    lines = {m.group(1): m.group(2) for m in re.finditer(r"^done +\S*/(t\d\d\.bmp) -> \S+ \(1×1, (\S+) ms\)$", r.err,
                                                           re.M)}
    ck.check("every image done, each with a done line", r.rc == 0 and len(ms) == 12 and set(lines) == set(ms),
             (r.rc, ms, r.err[-500:]))
    if not any(v < 1 for v in ms.values()):
        raise Skipped("no image took less than a millisecond here: %s" % sorted(ms.values()))
    wrong = [(n, ms[n], lines.get(n)) for n in ms if ms[n] < 1 and lines.get(n) != "<1"]
    ck.check("under a millisecond: <1 ms", not wrong, wrong)
    ck.check("no line says 0 ms", "0" not in lines.values(), lines)


def case_output_folder_made_for_nothing(ctx, ck):
    """An output folder the batch made and left empty because every image failed (a full disk, files
    that are no images) stayed behind, while the sub-folders it made were removed. It goes too, with
    the folders made above it, never a folder that was there before, one that holds anything (the
    report), one where an image was written, nor one of a shard (another shard may write there)."""
    d = ctx.mkdir("madefor-in")
    with open(os.path.join(d, "a.jpg"), "wb") as f:
        f.write(b"not an image")
    base = ctx.mkdir("madefor")
    runs = [("a new folder and its new parent", ["-o", os.path.join(base, "new", "deeper")], "new", False),
            ("a folder that was there", ["-o", ctx.mkdir("madefor/there")], "there", True),
            ("a new folder holding the report", ["-o", os.path.join(base, "report"), "--report",
                                                 os.path.join(base, "report", "r.json")], "report", True),
            ("a shard's new folder", ["-o", os.path.join(base, "shard"), "--shard", "0/1", "--overwrite", "skip"],
             "shard", True)]
    for label, args, top, stays in runs:
        r = ctx.run("--batch", "-p", "thumbnail", *args, d)
        ck.check("%s: the image failed, exit 1" % label, r.rc == 1 and "0 done, 1 failed" in r.err, (r.rc, r.err))
        ck.check("%s: %s" % (label, "stays" if stays else "gone, with the new parent"),
                 os.path.isdir(os.path.join(base, top)) == stays, sorted(os.listdir(base)))
    # One image written: the folder stays with it.
    shutil.copy(ctx.sample("kite.jpg"), os.path.join(d, "b.jpg"))
    out = os.path.join(base, "written")
    r = ctx.run("--batch", "-p", "thumbnail", "-o", out, d)
    ck.check("one image written: the folder stays with it", r.rc == 1 and os.listdir(out) == ["b.jpg"],
             (r.rc, r.err, os.listdir(base)))


CASES = {n[len("case_"):]: f for n, f in globals().items() if n.startswith("case_")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pixelpool", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--test-hooks", action="store_true")
    ap.add_argument("case", choices=sorted(CASES))
    args = ap.parse_args()
    ctx = Ctx(args)
    ck = Checks()
    try:
        CASES[args.case](ctx, ck)
    except Skipped as s:
        print("skipped: %s" % s)
        return SKIP
    finally:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    print("%s: %d failed" % (args.case, ck.failed))
    return 1 if ck.failed else 0


if __name__ == "__main__":
    sys.exit(main())
