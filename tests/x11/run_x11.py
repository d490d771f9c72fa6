#!/usr/bin/env python3
"""The window driven by a real pointer on a real X server (Xvfb + openbox + xdotool).

What offscreen Qt tests cannot show, because they send synthetic events to widgets:
  1. a preset card dragged onto one image gives exactly that image the preset (outputs on disk),
     says what it will change while held and leaves the default preset alone;
  2. a folder dropped from another process over XDND, as a file manager does, is queued;
  3. the window fits the screen on a first start and when restored on a smaller screen;
  4. the keys reach the window after a file dialog is accepted, with a screen reader listening (Tab,
     and an Alt+letter at once), and the screen reader hears the cards it has met change as the
     batch makes them.
Screenshots go to --artifacts. The window reports where its parts are through TestProbe
(PIXELPOOL_TEST_PROBE, a build with PIXELPOOL_TEST_HOOKS). Every wait is for a condition, with
a deadline; every process started here is ended here by its pid.
"""
import argparse
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TIMEOUT = 90  # seconds for any one condition: generous, the machine may be loaded


class Failure(Exception):
    pass


def wait_for(what, condition, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure("timed out waiting for " + what)
        time.sleep(0.05)


class Session:
    """One X server with a window manager; the processes are ours and only ours."""

    def __init__(self, width, height, workdir, env, accessibility=None):
        self.procs = []
        self.env = dict(env)
        read_fd, write_fd = os.pipe()
        # -displayfd: the server picks a free display number and writes it to us, so parallel
        # runs never collide and nothing is guessed.
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "%dx%dx24" % (width, height),
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=open(os.path.join(workdir, "xvfb.log"), "ab"))
        self.procs.append(self.xvfb)
        os.close(write_fd)
        number = b""
        with os.fdopen(read_fd, "rb") as r:
            while not number.endswith(b"\n"):
                chunk = r.read(1)
                if not chunk:
                    raise Failure("Xvfb did not start (see xvfb.log)")
                number += chunk
        self.display = ":" + number.decode().strip()
        self.env["DISPLAY"] = self.display
        self.screen = (width, height)
        wm = subprocess.Popen(["openbox", "--sm-disable"], env=self.env, stdout=subprocess.DEVNULL,
                              stderr=open(os.path.join(workdir, "openbox.log"), "ab"))
        self.procs.append(wm)
        # The window manager is up when it has announced itself on the root window.
        wait_for("openbox", lambda: b"window id" in self.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
                                                                 check=False))
        self.bus = self.heard = None
        if accessibility:
            self.start_accessibility(workdir, *accessibility)

    def start_accessibility(self, workdir, dbus_daemon, launcher, python, listener):
        """A session bus of our own, the accessibility bus on it and a screen reader's key listener."""
        log = open(os.path.join(workdir, "atspi.log"), "ab")
        bus = subprocess.Popen([dbus_daemon, "--session", "--nofork", "--print-address"], env=self.env,
                               stdout=subprocess.PIPE, stderr=log)
        self.procs.append(bus)
        self.bus = read_line(bus, "the session bus address")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.bus
        self.procs.append(subprocess.Popen([launcher, "--launch-immediately"], env=self.env,
                                           stdout=subprocess.DEVNULL, stderr=log))
        self.heard = os.path.join(workdir, "heard-%s.jsonl" % self.display.lstrip(":"))
        ears = subprocess.Popen([python, listener, self.heard], env=self.env, stdout=subprocess.PIPE, stderr=log)
        self.procs.append(ears)
        if read_line(ears, "the key listener on the accessibility bus") != "ready":
            raise Failure("the key listener did not start (see atspi.log)")

    def run(self, argv, check=True):
        r = subprocess.run(argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
        if check and r.returncode != 0:
            raise Failure("%s failed: %s" % (" ".join(argv), r.stderr.decode(errors="replace")))
        return r.stdout

    def start(self, argv, log, extra_env=None, stdin=None):
        env = dict(self.env)
        env.update(extra_env or {})
        p = subprocess.Popen(argv, env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=open(log, "ab"))
        self.procs.append(p)
        return p

    def xdotool(self, *args):
        return self.run(["xdotool"] + [str(a) for a in args])

    def screenshot(self, path):
        self.run(["import", "-window", "root", path])

    def close(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()


class App:
    """pixelpool-desktop with its probe file."""

    def __init__(self, session, desktop, home, inputs, workdir):
        self.session = session
        self.probe_path = os.path.join(workdir, "probe-%s.json" % session.display.lstrip(":"))
        if os.path.exists(self.probe_path):
            os.remove(self.probe_path)
        env = {"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
               "QT_QPA_PLATFORM": "xcb", "PIXELPOOL_TEST_PROBE": self.probe_path}
        if session.bus:
            env["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"  # as when a screen reader runs
        else:
            # No session bus here: the end-of-batch notification must give up quietly.
            env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(workdir, "no-bus")
        self.proc = session.start([desktop] + inputs, os.path.join(workdir, "desktop.log"), env)

    def probe(self):
        if self.proc.poll() is not None:
            raise Failure("pixelpool-desktop exited with %s" % self.proc.returncode)
        try:
            with open(self.probe_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def wait(self, what, condition, timeout=TIMEOUT):
        def check():
            p = self.probe()
            return p if p and condition(p) else None
        return wait_for(what, check, timeout)

    def quit(self):
        self.session.xdotool("key", "--clearmodifiers", "ctrl+q")
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise Failure("the window did not close on Ctrl+Q")


def centre(rect):
    return rect[0] + rect[2] // 2, rect[1] + rect[3] // 2


def drag(session, start, end, hold=None):
    """Press at start, move in small steps (as a hand does: Qt starts a drag after a few pixels,
    and XDND needs motion over the target), release at end; `hold` runs before the release."""
    session.xdotool("mousemove", *start)
    session.xdotool("mousedown", 1)
    steps = 12
    for i in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * i // steps
        y = start[1] + (end[1] - start[1]) * i // steps
        session.xdotool("mousemove", x, y)
        time.sleep(0.03)  # pacing of the pointer, not a wait for a result
    session.xdotool("mousemove", end[0] + 1, end[1])
    session.xdotool("mousemove", *end)
    try:
        if hold:
            hold()
    finally:
        session.xdotool("mouseup", 1)


def chord(session, modifier, key):
    """A chord pressed as a hand does, each key down and up 50 ms apart: `xdotool key alt+b` sends
    them all at once, which no keyboard does."""
    for action, k in (("keydown", modifier), ("keydown", key), ("keyup", key), ("keyup", modifier)):
        session.xdotool(action, k)
        time.sleep(0.05)  # the pace of a hand, not a wait for a result


def read_line(proc, what, timeout=TIMEOUT):
    """The next line proc prints, waiting at most timeout seconds for it."""
    deadline = time.monotonic() + timeout
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([proc.stdout], [], [], left)[0]:
            raise Failure("timed out waiting for " + what)
        chunk = os.read(proc.stdout.fileno(), 1)
        if not chunk:
            raise Failure("%s: the process ended (exit %s)" % (what, proc.wait()))
        line += chunk
    return line.decode().strip()


def image_size(path):
    out = subprocess.run(["identify", "-format", "%w %h", path], stdout=subprocess.PIPE, check=True).stdout
    w, h = out.split()
    return int(w), int(h)


def make_images(folder, names, size):
    os.makedirs(folder, exist_ok=True)
    for i, name in enumerate(names):
        subprocess.run(["convert", "-size", "%dx%d" % size, "gradient:#d03030-#3050e0", "-rotate", str(i * 90),
                        os.path.join(folder, name)], check=True)


def fits(frame, screen):
    x, y, w, h = frame
    return x >= 0 and y >= 0 and x + w <= screen[0] and y + h <= screen[1]


def client_geometry(session, wid):
    out = session.xdotool("getwindowgeometry", "--shell", wid).decode()
    g = dict(line.split("=", 1) for line in out.split() if "=" in line)
    return [int(g["X"]), int(g["Y"]), int(g["WIDTH"]), int(g["HEIGHT"])]


def framed_window(session):
    """The PixelPool window's id once the X server has mapped it and the window manager has framed
    it. Qt reports the window visible as soon as show() returns; the map request, and openbox's
    reparenting with _NET_FRAME_EXTENTS, come later: asked before, there is no window to measure."""
    def find():
        ids = session.run(["xdotool", "search", "--onlyvisible", "--name", "^PixelPool$"], check=False).split()
        if not ids:
            return None
        wid = ids[0].decode()
        extents = session.run(["xprop", "-id", wid, "_NET_FRAME_EXTENTS"], check=False).decode()
        return wid if "=" in extents else None
    return wait_for("the PixelPool window mapped and framed", find)


def window_geometry(session):
    """The PixelPool window with its frame, as the X server and the window manager have it
    (not as Qt believes): the client geometry grown by _NET_FRAME_EXTENTS."""
    wid = framed_window(session)
    info = dict(line.strip().split(":", 1) for line in session.run(["xwininfo", "-id", wid]).decode().splitlines()
                if ":" in line)
    x, y, w, h = (int(info[k]) for k in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height"))
    out = session.run(["xprop", "-id", wid, "_NET_FRAME_EXTENTS"]).decode()
    left, right, top, bottom = [int(v) for v in out.split("=", 1)[1].split(",")]
    return [x - left, y - top, w + left + right, h + top + bottom]


def scenario_drag_and_drop(args, workdir, env):
    home = os.path.join(workdir, "home")
    inputs = os.path.join(workdir, "photos")
    names = ["a-beach.jpg", "b-city.jpg", "c-forest.jpg", "d-lake.jpg"]
    make_images(inputs, names, (900, 600))
    out = os.path.join(workdir, "out")
    os.makedirs(os.path.join(home, ".config", "PixelPool"), exist_ok=True)
    with open(os.path.join(home, ".config", "PixelPool", "PixelPool.conf"), "w") as f:
        f.write("[General]\noutputFolder=%s\nworkers=2\ndefaultPreset=web\n" % out)
    session = Session(1280, 1024, workdir, env)
    try:
        app = App(session, args.desktop, home, [inputs], workdir)
        p = app.wait("four queued images and the thumbnail card",
                     lambda p: len(p["items"]) == 4 and all(i["rect"] for i in p["items"])
                     and "thumbnail" in p["presets"] and p["visible"])
        frame = window_geometry(session)
        if not fits(frame, session.screen):
            raise Failure("first start: window %s does not fit the %s screen" % (frame, session.screen))
        session.screenshot(os.path.join(args.artifacts, "01-start-1280x1024.png"))

        # 1. The card onto the second image; while held, the status bar says what will change.
        target = p["items"][1]
        expected = "“thumbnail” → %s" % target["name"]
        held = {}

        def while_held():
            # The pointer crossed a-beach.jpg on its way: the window may still be handling those
            # XDND positions (a loaded machine), so the preview of the image under the pointer is
            # waited for; a wrong one that stays fails the wait, with the status it shows.
            try:
                held["probe"] = app.wait("the drop preview naming %s" % target["name"],
                                         lambda q: q["status"] == expected)
            except Failure:
                raise Failure("while held: status %r, expected %r" % ((app.probe() or {}).get("status"), expected))
            session.screenshot(os.path.join(args.artifacts, "02-card-held-over-image.png"))

        drag(session, centre(p["presets"]["thumbnail"]), centre(target["rect"]), while_held)
        p = app.wait("the preset on the dropped image", lambda q: q["items"][1]["preset"] == "thumbnail")
        presets = [i["preset"] for i in p["items"]]
        if presets != ["", "thumbnail", "", ""]:
            raise Failure("after the drop the presets are %s" % presets)
        if p["defaultPreset"] != "web":
            raise Failure("the drag changed the default preset to %r" % p["defaultPreset"])
        if "Ctrl+Z" not in p["lastMessage"]:
            raise Failure("no result in the status bar: %r" % p["lastMessage"])
        session.screenshot(os.path.join(args.artifacts, "03-after-drop.png"))

        # Start, pressed with the pointer; then the outputs on disk.
        session.xdotool("mousemove", *centre(p["start"]))
        session.xdotool("click", 1)
        p = app.wait("the batch to end", lambda q: q["banner"] and all(i["state"] == "Done" for i in q["items"]))
        session.screenshot(os.path.join(args.artifacts, "04-batch-done-banner.png"))
        small = []
        for item in p["items"]:
            if not os.path.isfile(item["output"]):
                raise Failure("no output for %s" % item["name"])
            w, h = image_size(item["output"])
            if max(w, h) <= 256:
                small.append(item["name"])
        if small != [target["name"]]:
            raise Failure("thumbnail-sized outputs: %s, expected only %s" % (small, target["name"]))

        scenario_xdnd_folder(args, workdir, session, app, p)
        app.quit()  # saves its geometry, restored on a smaller screen next
    finally:
        session.close()
    return home


def scenario_xdnd_folder(args, workdir, session, app, p):
    """2. A folder dropped from another process over XDND, as from a file manager. The window
    asks the source for the text/uri-list only after the drop, so the source stays up (as a file
    manager does) until its stdin is closed, once the queue has shown the result."""
    more = os.path.join(workdir, "more")
    make_images(more, ["e-hill.png", "f-sky.png"], (300, 200))
    source = session.start([args.dragsource, more], os.path.join(workdir, "dragsource.log"), stdin=subprocess.PIPE)
    wid = wait_for("the drag source window", lambda: session.run(
        ["xdotool", "search", "--onlyvisible", "--name", "^pixelpool-x11-dragsource$"], check=False).split())
    session.xdotool("windowmove", wid[0].decode(), 20, session.screen[1] - 160)
    src = wait_for("the drag source in place", lambda: (lambda g: g if g[1] > session.screen[1] - 300 else None)(
        client_geometry(session, wid[0].decode())))
    queue = p["queue"]
    drag(session, (src[0] + 80, src[1] + 45), (queue[0] + queue[2] - 40, queue[1] + queue[3] - 40))
    action = read_line(source, "the end of the drag from the other process")
    if action != "copy":
        raise Failure("the drop was not accepted: %r" % action)
    try:
        p = app.wait("the dropped folder's images",
                     lambda q: len(q["items"]) >= 6 and "Added 2 images" in q["lastMessage"])
    except Failure:
        q = app.probe()
        raise Failure("the drop was accepted, then %d images queued and the window says %r"
                      % (len(q["items"]), q["lastMessage"]))
    names = sorted(i["name"] for i in p["items"][4:])
    if len(p["items"]) != 6 or names != ["e-hill.png", "f-sky.png"]:
        raise Failure("queued from the folder: %s" % names)
    session.screenshot(os.path.join(args.artifacts, "05-folder-dropped.png"))
    source.stdin.close()  # the source may go now
    try:
        if source.wait(timeout=TIMEOUT) != 0:
            raise Failure("the drag source exited with %s" % source.returncode)
    except subprocess.TimeoutExpired:
        raise Failure("the drag source did not exit when its stdin was closed")


def scenario_smaller_screen(args, workdir, env, home):
    # 3. The geometry saved on 1280×1024 restored on 1366×768, and a first start there.
    for label, fresh in (("restored", False), ("first-start", True)):
        run_home = home
        if fresh:
            run_home = os.path.join(workdir, "home-fresh")
            os.makedirs(run_home, exist_ok=True)
        session = Session(1366, 768, workdir, env)
        try:
            app = App(session, args.desktop, run_home, [], workdir)
            app.wait("the window", lambda p: p["visible"])
            # Fitted once the window manager has framed it (the fit runs again after showing).
            frame = wait_for("the window inside 1366×768",
                             lambda: (lambda g: g if fits(g, session.screen) else None)(window_geometry(session)),
                             timeout=30)
            session.screenshot(os.path.join(args.artifacts, "06-%s-1366x768.png" % label))
            print("1366x768 %s: frame %s" % (label, frame))
            app.quit()
        except Failure as e:
            session.screenshot(os.path.join(args.artifacts, "06-%s-1366x768-FAILED.png" % label))
            probe = app.probe() or {}
            raise Failure("%s on 1366×768: %s (X: frame %s; Qt: frame %s, client %s)" % (
                label, e, window_geometry(session), probe.get("frame"), probe.get("client")))
        finally:
            session.close()


def scenario_keys_after_dialogs(args, workdir, env):
    """4. A file dialog accepted from the keyboard (a path typed, Return) gives the keys back to the
    window: Tab then moves the focus in it. With a screen reader's key listener the dialog's
    completer list could still be open when the window system gave the window the focus; Qt set
    that activation aside and the window had no focus widget until a menu was opened and closed."""
    home = os.path.join(workdir, "home-keys")
    photos = os.path.join(workdir, "keys-photos")
    make_images(photos, ["g-dune.png", "h-reef.png"], (120, 80))
    presets = []
    with open(os.path.join(args.presets, "thumbnail.json")) as f:
        preset = json.load(f)
    for n in range(2):
        preset["name"] = "Keys %d" % n
        presets.append(os.path.join(workdir, "keys-%d.json" % n))
        with open(presets[-1], "w") as f:
            json.dump(preset, f)
    rounds = [("ctrl+i", "Import presets", presets[0], lambda p: "Keys 0" in p["lastMessage"]),
              ("ctrl+shift+o", "Add a folder of images", photos, lambda p: len(p["items"]) == 2),
              ("ctrl+i", "Import presets", presets[1], lambda p: "Keys 1" in p["lastMessage"])]
    session = Session(1280, 1024, workdir, env,
                      accessibility=(args.dbus_daemon, args.atspi_launcher, args.atspi_python,
                                     os.path.join(os.path.dirname(os.path.abspath(__file__)), "atspi_listener.py")))
    try:
        app = App(session, args.desktop, home, [], workdir)
        app.wait("the window active", lambda p: p["visible"] and p["active"] and p["focus"])
        for n, (keys, title, path, done) in enumerate(rounds, 1):
            session.xdotool("key", "--clearmodifiers", keys)
            app.wait("the dialog %r" % title, lambda p: p["activeWindow"] == title)
            # Typed as a person types: the dialog's completer opens its list on the way.
            session.xdotool("type", "--delay", "30", path)
            session.xdotool("key", "Return")
            app.wait("what dialog %d chose" % n, done)
            try:
                p = app.wait("the window active again, with a focus widget",
                             lambda p: p["active"] and p["focus"], timeout=30)
            except Failure:
                q = app.probe() or {}
                session.screenshot(os.path.join(args.artifacts, "07-keys-after-dialog-%d-FAILED.png" % n))
                raise Failure("after dialog %d (%s) Qt's active window is %r and the focus widget %r, while X "
                              "gives the focus to %s" % (n, title, q.get("activeWindow"), q.get("focus"), session.run(
                                  ["xdotool", "getactivewindow", "getwindowname"], check=False).decode().strip()))
            # An Alt+letter straight after, while the bus is still busy with the dialog's going: the
            # Alt came back after the menu B had opened, and closed it.
            time.sleep(0.2)  # a person's pace, not a wait for a result
            chord(session, "alt", "b")
            try:
                app.wait("Alt+B to open the Batch menu", lambda q: q["popup"], timeout=10)
            except Failure:
                session.screenshot(os.path.join(args.artifacts, "07-alt-after-dialog-%d-FAILED.png" % n))
                raise Failure("after dialog %d (%s) Alt+B opened no menu (focus %r)"
                              % (n, title, (app.probe() or {}).get("focus")))
            # One Esc closes the menu and gives the keys back (MenuBarEscape): the menu bar kept them,
            # and a second Esc was needed before the window's own.
            session.xdotool("key", "Escape")
            app.wait("the menu closed", lambda q: not q["popup"])
            p = app.wait("the keys back in the window", lambda q: q["focus"] and q["focus"] != "QMenuBar")
            session.xdotool("key", "Tab")
            p = app.wait("Tab to move the focus from %s" % p["focus"], lambda q, was=p["focus"]: q["focus"] != was)
        session.screenshot(os.path.join(args.artifacts, "07-keys-after-dialogs.png"))
        print("keys after %d accepted dialogs: the focus moved on Tab each time (last %s)" % (len(rounds), p["focus"]))

        # The cards the keyboard has been on say their changes: Qt's list tells the bus nothing of a
        # row's new data, so a screen reader on a card heard nothing of Processing or Done, and one
        # met while Queued and left was still read "Queued" once done (the reader keeps what it
        # was told). The first card is met and left for the second before the batch.
        met, on = p["items"][0], p["items"][1]
        session.xdotool("mousemove", *centre(met["rect"]))
        session.xdotool("click", 1)
        app.wait("the queue with the keyboard", lambda q: q["focus"] == "queueView")
        session.xdotool("key", "Right")

        def heard(kind, card):
            with open(session.heard) as f:
                return [e for e in map(json.loads, f) if e["type"] == kind and e["name"] == card["name"]]
        # Right goes over the bus and back before it moves the keyboard; Ctrl+Return, a shortcut, does not.
        wait_for("the screen reader to hear %s focused" % on["name"],
                 lambda: heard("object:state-changed:focused", on), timeout=20)
        session.xdotool("key", "--clearmodifiers", "ctrl+Return")
        app.wait("the batch to end", lambda q: q["banner"] and all(i["state"] == "Done" for i in q["items"]))

        def told_done(card):
            return [e for e in heard("object:property-change:accessible-description", card)
                    if (e["description"] or "").startswith("Done")]
        for card in (on, met):
            try:
                told = wait_for("the screen reader to hear %s done" % card["name"], lambda: told_done(card), timeout=20)
            except Failure:
                with open(session.heard) as f:
                    about = [line.strip() for line in f if card["name"] in line]
                raise Failure("a screen reader that met %s heard nothing of it being done; of it: %s"
                              % (card["name"], about[-5:]))
            print("a screen reader that met %s heard: %s" % (card["name"], told[0]["description"]))
        app.quit()
    finally:
        session.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--desktop", required=True)
    ap.add_argument("--dragsource", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--presets", required=True, help="the bundled presets (resources/presets)")
    ap.add_argument("--dbus-daemon", required=True)
    ap.add_argument("--atspi-launcher", required=True, help="at-spi-bus-launcher")
    ap.add_argument("--atspi-python", required=True, help="a python3 with pyatspi (Debian's)")
    args = ap.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="pixelpool-x11-")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    try:
        home = scenario_drag_and_drop(args, workdir, env)
        scenario_smaller_screen(args, workdir, env, home)
        scenario_keys_after_dialogs(args, workdir, env)
    except Failure as e:
        for log in ("desktop.log", "dragsource.log", "atspi.log"):
            path = os.path.join(workdir, log)
            if os.path.exists(path):
                shutil.copy(path, os.path.join(args.artifacts, log))
        print("FAIL: %s (screenshots and logs in %s)" % (e, args.artifacts))
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("PASS: drag onto one image, folder dropped from another process, window fits 1280×1024 and "
          "1366×768, keys after file dialogs with a screen reader listening; screenshots in "
          + args.artifacts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
