#!/usr/bin/env python3
"""`pixelpool` without --batch, as a desktop entry's `Exec=pixelpool %F` and a user's terminal
start it:
- an option the window does not take (-p, -o, -w… without --batch) is a usage error, exit 2,
  before the window opens, and no option's value is taken for an input;
- the files and folders it is given are queued as they are named: names with spaces, and after
  `--` names that start with '-' (with --probe: read from the window's TestProbe file);
- a display that is missing, empty or cannot be opened (no X server at DISPLAY, no Wayland
  compositor at WAYLAND_DISPLAY) is said in PixelPool's words, naming it, with the --batch hint,
  exit 2, instead of Qt's abort;
- both in German under LANGUAGE=de.
  check-window.py PIXELPOOL_EXE SAMPLES_DIR [--probe]"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

exe, samples = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
probe = "--probe" in sys.argv[3:]
problems = []
tmp = tempfile.mkdtemp(prefix="pixelpool-window-")
home = os.path.join(tmp, "home")
runtime = os.path.join(tmp, "runtime")
os.makedirs(home)
os.makedirs(runtime, mode=0o700)
base_env = {"PATH": "/usr/bin:/bin", "HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_RUNTIME_DIR": runtime, "LANG": "C.UTF-8"}


def run(args, env, what, timeout=60):
    try:
        r = subprocess.run([exe] + args, env={**base_env, **env}, capture_output=True, text=True,
                           timeout=timeout, cwd=tmp)
    except subprocess.TimeoutExpired:
        problems.append(f"{what}: still running after {timeout} s (the window opened?)")
        return None
    return r


def expect_refused(args, env, what, needles):
    r = run(args, env, what)
    if r is None:
        return
    if r.returncode != 2:
        problems.append(f"{what}: exit code {r.returncode}, not 2; stderr: {r.stderr.strip()}")
    for n in needles:
        if n not in r.stderr:
            problems.append(f"{what}: stderr does not say {n!r}: {r.stderr.strip()}")
    if "Reinstalling" in r.stderr or "platform plugin" in r.stderr:
        problems.append(f"{what}: Qt's words instead of PixelPool's: {r.stderr.strip()}")
    print(f"{what}: exit {r.returncode}: {r.stderr.strip()}")


offscreen = {"QT_QPA_PLATFORM": "offscreen"}
kite = os.path.join(samples, "kite.jpg")
out = os.path.join(tmp, "out")

# 1. Options the window does not take.
expect_refused(["-p", "thumbnail", "-o", out, "-w", "1", kite], offscreen, "-p -o -w without --batch",
               ["-p, -o, -w", "--batch"])
expect_refused(["-o", out, kite, "--", "-dash.jpg"], offscreen, "-o before --", ["-o", "--batch"])
expect_refused(["--json", kite], offscreen, "--json without --batch", ["--json", "--batch"])
expect_refused(["-r", "--format=png", kite], {**offscreen, "LANGUAGE": "de"}, "-r --format=png, German",
               ["-r, --format", "nur mit --batch"])
if os.path.exists(out):
    problems.append(f"the refused command lines made {out}")

# 2. Displays that cannot be opened; none set.
no_display = {"XDG_SESSION_TYPE": ""}
expect_refused([kite], {**no_display, "DISPLAY": ":99"}, "DISPLAY=:99 (no X server)",
               ['DISPLAY=":99"', "pixelpool --batch"])
expect_refused([kite], {**no_display, "DISPLAY": ":99", "LANGUAGE": "de"}, "DISPLAY=:99, German",
               ['DISPLAY=":99"', "pixelpool --batch", "Bildschirm"])
expect_refused([kite], {**no_display, "DISPLAY": ""}, "DISPLAY= (empty)", ["no display found", "pixelpool --batch"])
expect_refused([kite], {**no_display, "DISPLAY": "", "LANGUAGE": "de"}, "DISPLAY= (empty), German",
               ["pixelpool --batch", "Bildschirm"])
expect_refused([], {**no_display, "WAYLAND_DISPLAY": "wayland-9"}, "WAYLAND_DISPLAY=wayland-9 (no compositor)",
               ['WAYLAND_DISPLAY="wayland-9"', "pixelpool --batch"])
expect_refused([kite], {"QT_QPA_PLATFORM": "no-such-platform"}, "QT_QPA_PLATFORM=no-such-platform",
               ['QT_QPA_PLATFORM="no-such-platform"', "pixelpool --batch"])

# 3. What the window queues (the window's TestProbe, in builds with PIXELPOOL_TEST_HOOKS).
if probe:
    folder = os.path.join(tmp, "in folder")
    os.makedirs(folder)
    shutil.copy(kite, os.path.join(folder, "in-folder.jpg"))
    shutil.copy(kite, os.path.join(tmp, "-dash.jpg"))
    shutil.copy(kite, os.path.join(tmp, "my photo.jpg"))
    shutil.copy(kite, os.path.join(tmp, "-style"))  # a name Qt would take for its own option
    probe_file = os.path.join(tmp, "probe.json")
    args = [kite, "my photo.jpg", folder, "--", "-dash.jpg", "-style"]
    expected = sorted(["kite.jpg", "my photo.jpg", "in-folder.jpg", "-dash.jpg", "-style"])
    p = subprocess.Popen([exe] + args, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         env={**base_env, **offscreen, "PIXELPOOL_TEST_PROBE": probe_file})
    names, deadline = None, time.monotonic() + 90
    try:
        while time.monotonic() < deadline and p.poll() is None:
            try:
                with open(probe_file) as f:
                    names = sorted(os.path.basename(i["name"]) for i in json.load(f)["items"])
            except (OSError, ValueError, KeyError):
                pass
            if names and len(names) >= len(expected):
                time.sleep(0.5)  # nothing more comes
                with open(probe_file) as f:
                    names = sorted(os.path.basename(i["name"]) for i in json.load(f)["items"])
                break
            time.sleep(0.1)
    finally:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        try:
            _, err = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
    if names != expected:
        problems.append(f"pixelpool {' '.join(args)}: the window queued {names}, not {expected}; stderr: {err}")
    else:
        print(f"the window queued {names}")

shutil.rmtree(tmp, ignore_errors=True)
for p in problems:
    print("check-window:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
