#!/usr/bin/env python3
"""Standard output and error whose reader stops reading, or whose terminal hangs up, as a user
meets them (docs/cli.md, "Standard input, output and error"). Same arguments and exit codes as
test_cli.py, whose helpers it uses:

    test_output_cli.py --pixelpool BUILD/bin/pixelpool --samples resources/samples --schemas resources/schema
                       [--test-hooks] CASE
"""
import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_cli  # noqa: E402
from test_cli import Skipped, signal_caught, small_png, small_pngs  # noqa: E402

F_SETPIPE_SZ = 1031
PIPE_SIZE = 4096  # the smallest pipe
GIVEN_UP = "not written: the program reading it took nothing for 3 s after the signal"


def small_pipe():
    """A pipe that holds PIPE_SIZE bytes, full after a few lines: (read end, write end)."""
    r, w = os.pipe()
    fcntl.fcntl(w, F_SETPIPE_SZ, PIPE_SIZE)
    return r, w


def wchans(pid):
    """What each thread of `pid` sleeps in (its kernel function), by thread id."""
    found = {}
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/wchan" % (pid, tid)) as f:
                found[int(tid)] = f.read()
    except OSError:
        pass
    return found


def await_blocked(p, main_waits=False, timeout=60):
    """Waits until a thread of `p` is blocked writing to a full pipe (and with main_waits, its main
    thread sleeps too: in that write, or in a wait for room); False if `p` ended or it took too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and p.poll() is None:
        w = wchans(p.pid)
        writing = any("pipe_write" in v for v in w.values())
        main = w.get(p.pid, "")
        if writing and (not main_waits or "pipe_write" in main or "poll" in main):
            return True
        time.sleep(0.01)
    return False


def wait(p, timeout):
    """p's exit code, or None if it had not ended after `timeout` s (then it is killed)."""
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return None


def read_all(fd, slowly=False):
    """Reads `fd` to its end; slowly: 512 bytes every 50 ms, a reader that takes its time (far less
    than a write waits for, but longer in all than the 3 s a reader that takes nothing is given)."""
    data = b""
    while True:
        chunk = os.read(fd, 512 if slowly else 65536)
        if not chunk:
            return data
        data += chunk
        if slowly:
            time.sleep(0.05)


def gated_batch(ctx, name, count):
    """A folder of `count` small images, and one held by the test gate so that the batch cannot end
    before the test says so (or a cancel stops it)."""
    d = small_pngs(ctx, name, count)
    small_png(os.path.join(d, "zz-pixelpool-test-gate.png"))
    return d


def outcomes(events):
    """index -> the outcome events of that image."""
    seen = {}
    for e in events:
        if e.get("event") in ("finished", "skipped", "failed", "cancelled"):
            seen.setdefault(e["index"], []).append(e["event"])
    return seen


def case_reader_stops(ctx, ck):
    """`pixelpool --batch --json … | (sleep 25; cat)`: once the pipe was full, the front end blocked
    in write(); SIGTERM, SIGINT and SIGHUP waited for the reader (only kill -9 ended one that never
    read), and the batch, its workers and their time-outs stood still. Now the signal cancels the
    batch whatever the reader does: exit 130, and output its reader took nothing of for 3 s after
    the signal is dropped and said on stderr. A reader that does read gets every event, in order,
    the summary last."""
    if not ctx.args.test_hooks:
        raise Skipped("needs -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    d = gated_batch(ctx, "json-in", 200)
    for sig, slowly in ((signal.SIGTERM, False), (signal.SIGINT, True)):
        label = "%s, %s" % (sig.name, "a slow reader" if slowly else "a reader that never reads")
        r, w = small_pipe()
        err_path = os.path.join(ctx.tmp, "json-%s.err" % sig.name)
        with open(err_path, "wb") as err:
            p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--json", "--test-flags", "1", "-w", "2", "-p",
                                  "thumbnail", "-o", os.path.join(ctx.tmp, "json-out-" + sig.name), d], stdout=w,
                                 stderr=err, stdin=subprocess.DEVNULL, env=ctx.env)
        os.close(w)
        full = await_blocked(p)
        ck.check("%s: the pipe filled while the batch ran" % label, full and p.poll() is None, p.poll())
        caught = signal_caught(p.pid, sig)
        p.send_signal(sig)
        if slowly:
            data = read_all(r, slowly=True)
            rc = wait(p, 60)
        else:
            rc = wait(p, 30)  # nothing read: ended by the signal alone (a cancel takes 3 s, the reader 3 s)
            data = read_all(r) if rc is not None else b""
        os.close(r)
        with open(err_path, encoding="utf-8", errors="replace") as f:
            err_text = f.read()
        ck.check("%s: exit 130 without the reader" % label if not slowly else "%s: exit 130" % label,
                 caught and rc == 130, (rc, err_text[-500:]))
        text = data.decode("utf-8", "replace")
        try:
            events = [json.loads(line) for line in text.splitlines()]
        except ValueError as e:
            events = []
            ck.check("%s: whole lines of JSON" % label, False, (e, text[-300:]))
        ck.check("%s: what was written ends with a whole line" % label, text.endswith("\n"), text[-200:])
        seen = outcomes(events)
        if slowly:
            summary = events[-1] if events else {}
            ck.check("%s: every event, the summary last, interrupted" % label,
                     summary.get("event") == "summary" and summary.get("interrupted") is True and
                     summary.get("total") == 201 and len(seen) == 201 and
                     all(len(v) == 1 for v in seen.values()), (summary, len(seen)))
            ck.check("%s: nothing dropped" % label, "not written" not in err_text, err_text[-300:])
        else:
            said = re.search(r"pixelpool: standard output: the last (\d+) lines \((\d+) bytes\) " + GIVEN_UP,
                             err_text)
            ck.check("%s: what was not written is said, once, with the summary on stderr" % label,
                     said and err_text.count("not written") == 1 and " — cancelled" in err_text and
                     int(said.group(1)) > 0, err_text[-500:])


def case_reader_stops_stderr(ctx, ck):
    """The same without --json, stderr's reader stopping: `( pixelpool --batch … 3>&1 1>&2 2>&3 ) |
    (sleep 25; tail -1)` ended only once the reader read. Now SIGHUP cancels it at once: exit 130."""
    if not ctx.args.test_hooks:
        raise Skipped("needs -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    d = gated_batch(ctx, "plain-in", 200)
    for sig, slowly in ((signal.SIGHUP, False), (signal.SIGTERM, True)):
        label = "%s, %s" % (sig.name, "a slow reader" if slowly else "a reader that never reads")
        r, w = small_pipe()
        p = subprocess.Popen([ctx.args.pixelpool, "--batch", "--test-flags", "1", "-w", "2", "-p", "thumbnail",
                              "-o", os.path.join(ctx.tmp, "plain-out-" + sig.name), d], stdout=subprocess.DEVNULL,
                             stderr=w, stdin=subprocess.DEVNULL, env=ctx.env)
        os.close(w)
        full = await_blocked(p)
        ck.check("%s: the pipe filled while the batch ran" % label, full and p.poll() is None, p.poll())
        caught = signal_caught(p.pid, sig)
        p.send_signal(sig)
        if slowly:
            data = read_all(r, slowly=True)
            rc = wait(p, 60)
        else:
            rc = wait(p, 30)
            data = read_all(r) if rc is not None else b""
        os.close(r)
        text = data.decode("utf-8", "replace")
        ck.check("%s: exit 130" % label, caught and rc == 130, (rc, text[-300:]))
        ck.check("%s: whole lines" % label, text.endswith("\n"), text[-200:])
        if slowly:
            last = text.splitlines()[-1] if text.strip() else ""
            done = re.match(r"201 images: (\d+) done, 0 failed, 0 skipped, (\d+) cancelled in ", last)
            ck.check("%s: every line, the summary last, cancelled" % label,
                     done and last.endswith(" — cancelled") and
                     int(done.group(1)) == len(re.findall(r"^done     ", text, re.M)), last)


def case_reader_stops_dry_run(ctx, ck):
    """A dry run of thousands of images to a reader that stops: more than a megabyte waits, and
    the dry run waits for room, until a signal; then it stops, and the reader is given up."""
    d = ctx.mkdir("dry-in")
    for i in range(8000):
        open(os.path.join(d, "a-photo-with-a-rather-long-name-%05d.png" % i), "wb").close()
    r, w = small_pipe()
    err_path = os.path.join(ctx.tmp, "dry.err")
    with open(err_path, "wb") as err:
        p = subprocess.Popen([ctx.args.pixelpool, "--dry-run", "--json", "-p", "thumbnail", "-o",
                              os.path.join(ctx.tmp, "dry-out"), d], stdout=w, stderr=err,
                             stdin=subprocess.DEVNULL, env=ctx.env)
    os.close(w)
    full = await_blocked(p, main_waits=True)
    ck.check("the pipe filled, the dry run waits", full and p.poll() is None, p.poll())
    caught = signal_caught(p.pid, signal.SIGINT)
    p.send_signal(signal.SIGINT)
    rc = wait(p, 30)
    os.close(r)
    with open(err_path, encoding="utf-8", errors="replace") as f:
        err_text = f.read()
    ck.check("SIGINT, nothing read: exit 130", caught and rc == 130, (rc, err_text[-300:]))
    ck.check("what was not written is said", GIVEN_UP in err_text, err_text[-300:])


def on_a_terminal(argv, env, leader_ignores_hangup):
    """Runs argv on a new terminal, as the session's leader or (leader_ignores_hangup) under one that
    outlives the hang-up without passing it on, as a shell may take its time to. Returns (the
    terminal's master, a function that returns the exit code of argv, waiting up to N s)."""
    status_r, status_w = os.pipe()
    pid, master = pty.fork()
    if pid == 0:
        try:
            if not leader_ignores_hangup:
                os.execve(argv[0], argv, env)
            signal.signal(signal.SIGHUP, lambda *_: None)
            p = subprocess.Popen(argv, env=env)
            os.write(status_w, str(p.wait()).encode())
        finally:
            os._exit(0)
    os.close(status_w)

    def exit_code(timeout):
        deadline = time.monotonic() + timeout
        if leader_ignores_hangup:
            ready, _, _ = select.select([status_r], [], [], timeout)
            code = int(os.read(status_r, 16) or b"-1") if ready else None
            if code is None:
                os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(status_r)
            return code
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                os.close(status_r)
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.02)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(status_r)
        return None

    return master, exit_code


def read_until(master, needle, timeout=60):
    data = b""
    deadline = time.monotonic() + timeout
    while needle not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data


def case_terminal_hangup(ctx, ck):
    """A --json batch on a terminal that hangs up (a dropped SSH session) exited 3, for the events
    it could not write, where a hang-up is exit 130, as it was without --json. Now the hang-up
    decides when it came with the failed write, or before it: the SIGHUP the terminal sends, or the
    write that fails on the terminal gone (EIO), which can come first (the shell passes the SIGHUP
    on when it gets to it)."""
    if not ctx.args.test_hooks:
        raise Skipped("needs -DPIXELPOOL_TEST_HOOKS=ON (the gate hook holds an image)")
    d, _ = ctx.photos("hup-in", ["p%02d.jpg" % i for i in range(12)])
    gate = os.path.join(d, "0-pixelpool-test-gate.jpg")
    shutil.copy(ctx.sample("path.jpg"), gate)  # the largest: the one worker takes it first
    env = dict(ctx.env, TERM="xterm")
    for leader_ignores, as_json in ((False, True), (False, False), (True, True), (True, False)):
        label = "%s, %s" % ("the hang-up before the write (SIGHUP)" if not leader_ignores
                            else "the failed write before any SIGHUP", "--json" if as_json else "without --json")
        if os.path.exists(gate + ".go"):
            os.remove(gate + ".go")
        argv = [ctx.args.pixelpool, "--batch", "--test-flags", "1", "-w", "1", "-p", "thumbnail", "-o",
                os.path.join(ctx.tmp, "hup-out-%d-%d" % (leader_ignores, as_json)), d] + (["--json"] if as_json else [])
        master, exit_code = on_a_terminal(argv, env, leader_ignores)
        seen = read_until(master, b"images/s" if not as_json else b'"started"')
        os.close(master)  # the terminal goes away
        if leader_ignores:  # nothing told it: the next write fails
            open(gate + ".go", "w").close()
        rc = exit_code(60)
        if not leader_ignores:
            open(gate + ".go", "w").close()
        ck.check("%s: the batch ran" % label, b"started" in seen or b"images/s" in seen, seen[-300:])
        ck.check("%s: exit 130" % label, rc == 130, rc)


CASES = {n[len("case_"):]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    test_cli.CASES = CASES
    sys.exit(test_cli.main())
