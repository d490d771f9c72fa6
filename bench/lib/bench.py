#!/usr/bin/python3
"""PixelPool benchmark harness. Run through bench/run.sh, which installs the tools and builds the
corpus first; see docs/benchmarks.md for what is measured and how.

    bench/run.sh                 full run: 3 interleaved runs of every contender, all checks
    bench/run.sh --quick         1 run, 8 main images, 1,000 small ones: for iteration
    bench/run.sh --only web,startup --runs 5

Writes bench/results/latest.md and latest.json (full runs), or bench/results/raw/quick.md
(quick runs); raw data (GNU time output, --json events, logs) goes to bench/results/raw/<stamp>/.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time

import numpy as np
from PIL import Image

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
CORPUS = os.path.join(BENCH, "corpus")
RESULTS = os.path.join(BENCH, "results")
PP = os.environ.get("PIXELPOOL", os.path.join(ROOT, "build", "bin", "pixelpool"))
GUI_STALL = None  # pixelpool-gui-stall next to PP (built with the window), set in main()
PY = "/usr/bin/python3"  # Debian's, which has python3-pil (not a pyenv shim)
CONVERT = "/usr/bin/convert"  # the real ImageMagick, never a wrapper earlier on PATH
MOGRIFY = "/usr/bin/mogrify"
GM = "/usr/bin/gm"
VIPS = "/usr/bin/vips"
VIPSTHUMBNAIL = "/usr/bin/vipsthumbnail"
PARALLEL = "/usr/bin/parallel"
GNU_TIME = "/usr/bin/time"
HYPERFINE = "/usr/bin/hyperfine"
NODE = "/usr/bin/node"
SHARP_JS = os.path.join(BENCH, "lib", "sharp_batch.js")  # sharp from bench/sharp/node_modules
FLOOR = None  # pixelpool-bench-floor next to PP (bench/floor), set in main()
NCPU = os.cpu_count() or 1
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

WORKLOADS = {
    "classic": dict(box=1200, down_only=False, quality=90,
                    title="classic — Gaussian blur σ 15, fit within 1200×1200, JPEG quality 90"),
    "web": dict(box=1920, down_only=True, quality=85,
                title="web — fit within 1920×1920 (downscale only), unsharp mask σ 1 amount 0.5, JPEG quality 85"),
    "thumbnail": dict(box=256, down_only=True, quality=80,
                      title="thumbnail — fit within 256×256 (downscale only), JPEG quality 80"),
}

# The quick mode's main subset: two of each kind of file.
QUICK_MAIN = ["Autumn-2560x1600.jpg", "Grey-2560x1600.jpg", "Volna-5120x2880.jpg",
              "Flow-5120x2880.jpg", "Autumn-png-2560x1600.png", "ColdRipple-png-2560x1600.png",
              "Honeywave-2560x1440.jpg", "Kite-1920x1200.jpg"]


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------
# Machine state


def read_cpu_jiffies():
    """(busy, total) jiffies over all CPUs; busy counts user, nice, system, irq, softirq, steal."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (v + [0] * 8)[:8]
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def busy_fraction(dt):
    b0, t0 = read_cpu_jiffies()
    time.sleep(dt)
    b1, t1 = read_cpu_jiffies()
    return (b1 - b0) / max(1, t1 - t0)


class IdleGate:
    """Waits, before each measurement, until other processes leave the CPUs alone."""

    def __init__(self, threshold, max_wait):
        self.threshold, self.max_wait = threshold, max_wait
        self.waited = 0.0
        self.gave_up = 0
        self._in_a_row = 0

    def wait(self):
        start = time.monotonic()
        # After three give-ups in a row the machine is busy for good: wait briefly only.
        limit = self.max_wait if self._in_a_row < 3 else min(5.0, self.max_wait)
        if limit <= 0:
            return
        while True:
            f = busy_fraction(0.3)
            if f <= self.threshold:
                self._in_a_row = 0
                break
            if time.monotonic() - start > limit:
                self.gave_up += 1
                self._in_a_row += 1
                log(f"machine still busy ({f:.0%} of all CPUs in use by others); measuring anyway")
                break
            time.sleep(1.0)
        self.waited += time.monotonic() - start


def machine_info():
    info = {}
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        m = re.search(r"Model name:\s*(.+)", out)
        info["cpu"] = m.group(1).strip() if m else platform.processor()
        fam = re.search(r"CPU family:\s*(\d+)", out)
        mod = re.search(r"Model:\s*(\d+)", out)
        if fam and mod:
            info["cpu"] += f" (family {fam.group(1)}, model {mod.group(1)}"
            info["cpu"] += ", AVX-512)" if "avx512f" in out else ")"
    except OSError:
        info["cpu"] = platform.processor()
    info["cores"] = NCPU
    with open("/proc/meminfo") as f:
        info["mem_gib"] = round(int(f.readline().split()[1]) / 1048576, 1)
    info["kernel"] = platform.release()

    def ver(cmd, pattern=None):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True).stdout + ""
        except OSError:
            return "missing"
        line = out.strip().splitlines()[0] if out.strip() else ""
        if pattern:
            m = re.search(pattern, out)
            return m.group(1) if m else line
        return line

    def deb(pkg):
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True,
                              text=True).stdout or "missing"

    info["versions"] = {
        "pixelpool": ver([PP, "--version"], r"pixelpool\s+(\S+)"),
        "Pillow": ver([PY, "-c", "import PIL; print(PIL.__version__)"]),
        "ImageMagick": ver([CONVERT, "-version"], r"ImageMagick (\S+)"),
        "GraphicsMagick": ver([GM, "version"], r"GraphicsMagick (\S+)"),
        "libvips": ver([VIPS, "--version"], r"vips-(\S+)"),
        "GNU parallel": ver([PARALLEL, "--version"], r"GNU parallel (\S+)"),
        "hyperfine": ver([HYPERFINE, "--version"], r"hyperfine (\S+)"),
        "libjpeg-turbo": deb("libjpeg62-turbo"),
        "OpenCV": deb("libopencv-imgproc406") if deb("libopencv-imgproc406") != "missing" else "?",
        "plasma-workspace-wallpapers": deb("plasma-workspace-wallpapers"),
        "sharp": ver([NODE, "-e", "const s = require(" + json.dumps(os.path.join(BENCH, "sharp", "node_modules", "sharp"))
                      + "); console.log('sharp ' + s.versions.sharp + ' (libvips ' + s.versions.vips + ')')"],
                     r"sharp (.+)"),
        "Node.js": ver([NODE, "--version"], r"v(\S+)"),
    }
    git = lambda *a: subprocess.run(["git", "-C", ROOT, *a], capture_output=True, text=True).stdout.strip()
    info["git_commit"] = git("rev-parse", "--short", "HEAD")
    info["git_dirty"] = bool(git("status", "--porcelain", "--untracked-files=no"))
    try:
        info["binary_mtime"] = datetime.datetime.fromtimestamp(os.path.getmtime(PP)).isoformat(timespec="seconds")
    except OSError:
        info["binary_mtime"] = "missing"
    return info


# ------------------------------------------------------------------------------------------------
# Images


_dims_cache = {}


def image_dims(path):
    if path not in _dims_cache:
        with Image.open(path) as im:
            _dims_cache[path] = (im.width, im.height, im.format, len(im.getbands()))
    return _dims_cache[path]


def jpeg_is_progressive(path):
    with open(path, "rb") as f:
        data = f.read(1 << 20)
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xC2, 0xC6, 0xCA, 0xCE):
            return True
        if marker in (0xC0, 0xC1, 0xC3, 0xC5, 0xC7, 0xC9, 0xCB, 0xCD):
            return False
        if marker == 0xFF:
            i += 1
            continue
        i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return False


def image_kind(path):
    """How the report and the charts name a file's kind: "JPEG progressive", "PNG with alpha"..."""
    w, h, kind, bands = image_dims(path)
    if kind == "JPEG":
        kind += " progressive" if jpeg_is_progressive(path) else " baseline"
    if bands == 1:
        kind += ", grey"
    elif bands in (2, 4):
        kind += " with alpha"
    return kind


def expected_size(w, h, workload):
    spec = WORKLOADS[workload]
    s = min(spec["box"] / w, spec["box"] / h)
    if spec["down_only"]:
        s = min(1.0, s)
    return max(1, round(w * s)), max(1, round(h * s))


def check_outputs(workload, in_dir, files, out_dir):
    """Every input has OUT/<stem>.jpg with the expected size (±1 px). Returns (ok, problems).
    The pair job: OUT/web/<stem>.jpg and OUT/thumbnail/<stem>.jpg, as those two jobs."""
    if workload == "pair":
        web = check_outputs("web", in_dir, files, os.path.join(out_dir, "web"))
        thumb = check_outputs("thumbnail", in_dir, files, os.path.join(out_dir, "thumbnail"))
        return min(web[0], thumb[0]), [f"web/{p}" for p in web[1]] + [f"thumbnail/{p}" for p in thumb[1]]
    problems = []
    ok = 0
    for f in files:
        w, h, _, _ = image_dims(os.path.join(in_dir, f))
        ew, eh = expected_size(w, h, workload)
        out = os.path.join(out_dir, os.path.splitext(f)[0] + ".jpg")
        try:
            with Image.open(out) as im:
                aw, ah, fmt = im.width, im.height, im.format
        except (OSError, ValueError) as e:
            problems.append(f"{f}: no readable output ({e.__class__.__name__})")
            continue
        if fmt != "JPEG":
            problems.append(f"{f}: output is {fmt}, not JPEG")
        elif abs(aw - ew) > 1 or abs(ah - eh) > 1:
            problems.append(f"{f}: {aw}×{ah}, expected {ew}×{eh}")
        else:
            ok += 1
    return ok, problems


def psnr_vs(ref_dir, out_dir, files):
    """Median and minimum PSNR (dB, RGB) of OUT/<stem>.jpg against REF/<stem>.jpg."""
    values = []
    for f in files:
        stem = os.path.splitext(f)[0] + ".jpg"
        try:
            a = np.asarray(Image.open(os.path.join(ref_dir, stem)).convert("RGB"), dtype=np.float32)
            b = np.asarray(Image.open(os.path.join(out_dir, stem)).convert("RGB"), dtype=np.float32)
        except OSError:
            continue
        h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
        mse = float(((a[:h, :w] - b[:h, :w]) ** 2).mean())
        values.append(99.0 if mse == 0 else 10 * math.log10(255 ** 2 / mse))
    if not values:
        return None
    return statistics.median(values), min(values)


# ------------------------------------------------------------------------------------------------
# Contenders


class Contender:
    """One way of running a workload. build() returns (argv, env, cwd, stdout_to_file)."""

    def __init__(self, key, label, build, exact=True, note="", pixelpool=False, floor=False):
        self.key, self.label, self.build = key, label, build
        self.exact, self.note, self.pixelpool = exact, note, pixelpool
        self.floor = floor  # the 2-core floor: a yardstick, never a contender to beat


def q(s):
    return shlex.quote(s)


def pp_argv(preset, workers, out, files, in_process=False):
    """The PixelPool command line every PixelPool contender runs."""
    return ([PP, "--batch", "--preset", preset, "--workers", str(workers), "--json", "-q", "-o", out]
            + (["--in-process"] if in_process else []) + files)


def pp_contender(workers, in_process=False):
    key = f"pp-{'inproc' if in_process else 'w'}{workers}"
    label = (f"PixelPool --in-process --workers {workers} (threads)" if in_process
             else f"PixelPool --workers {workers}")

    def build(wl, files, in_dir, out, tmp):
        return pp_argv(wl, workers, out, files, in_process), {}, in_dir, True

    return Contender(key, label, build, pixelpool=True)


def pillow_contender(jobs):
    key = "pillow-pool2" if jobs else "pillow-loop"
    label = "Pillow ProcessPoolExecutor(2)" if jobs else "Pillow plain loop"

    def build(wl, files, in_dir, out, tmp):
        return [PY, os.path.join(BENCH, "lib", "pillow_batch.py"), wl, str(jobs), out] + files, {}, in_dir, False

    notes = {"classic": "GaussianBlur(15) is three box blurs (Pillow's Gaussian)",
             "web": "UnsharpMask(radius=1, percent=50, threshold=0): radius is σ; box-approximated Gaussian"}
    return Contender(key, label, build, note=notes)


# ImageMagick / GraphicsMagick operations per workload. jpeg:size (IM) and -size (GM) are their
# shrink-on-load hints, given the target box: the same rule as PixelPool's and libvips' (decode at
# the largest DCT reduction that still leaves at least the target size).
IM_OPS = {
    "classic": ["-blur", "0x15", "-resize", "1200x1200", "-quality", "90"],
    "web": ["-resize", "1920x1920>", "-unsharp", "0x1+0.5+0", "-quality", "85"],
    "thumbnail": ["-thumbnail", "256x256>", "-quality", "80"],
}
IM_HINT = {"classic": [], "web": ["-define", "jpeg:size=1920x1920"],
           "thumbnail": ["-define", "jpeg:size=256x256"]}
GM_HINT = {"classic": [], "web": ["-size", "1920x1920"], "thumbnail": ["-size", "256x256"]}


def parallel_argv(jobs, command, files, tmp, per_call=1):
    listfile = os.path.join(tmp, "inputs.txt")
    with open(listfile, "w") as f:
        f.write("\n".join(files) + "\n")
    argv = [PARALLEL, "--will-cite", "-j", str(jobs)]
    if per_call > 1:
        argv += ["-n", str(per_call)]
    return argv + [command, "::::", listfile]


IM_ENV = {"MAGICK_CONFIGURE_PATH": os.path.join(BENCH, "lib")}  # imagemagick-policy.xml
IM_NOTE = "Debian's 256 MiB resource policy lifted (bench/lib/imagemagick-policy.xml)"


def im_parallel():
    def build(wl, files, in_dir, out, tmp):
        ops = " ".join(q(o) for o in IM_OPS[wl])
        hint = " ".join(q(o) for o in IM_HINT[wl])
        cmd = f"{CONVERT} {hint} {{}} {ops} {q(out)}/{{/.}}.jpg"
        return parallel_argv(2, cmd, files, tmp), dict(IM_ENV, MAGICK_THREAD_LIMIT="1"), in_dir, False

    return Contender("im-parallel", "ImageMagick convert, GNU parallel -j2", build,
                     note="1 thread per convert (MAGICK_THREAD_LIMIT=1); " + IM_NOTE)


def im_mogrify():
    def build(wl, files, in_dir, out, tmp):
        return [MOGRIFY, "-path", out, "-format", "jpg"] + IM_HINT[wl] + IM_OPS[wl] + files, IM_ENV, in_dir, False

    return Contender("im-mogrify", "ImageMagick mogrify", build, note="one process, OpenMP threads; " + IM_NOTE)


def gm_mogrify():
    def build(wl, files, in_dir, out, tmp):
        return ([GM, "mogrify", "-output-directory", out, "-format", "jpg"] + GM_HINT[wl] + IM_OPS[wl]
                + files, {}, in_dir, False)

    return Contender("gm-mogrify", "GraphicsMagick gm mogrify", build, note="one process, OpenMP threads")


def split2(files, in_dir):
    """Deals the files to two processes, largest first, each to the one with fewer pixels so far
    (a static split, as a script would do)."""
    loads, lists = [0, 0], [[], []]
    for f in sorted(files, key=lambda f: (-image_dims(os.path.join(in_dir, f))[0] * image_dims(os.path.join(in_dir, f))[1], f)):
        w, h, _, _ = image_dims(os.path.join(in_dir, f))
        i = 0 if loads[0] <= loads[1] else 1
        loads[i] += w * h
        lists[i].append(f)
    return lists


def gm_batch2():
    def build(wl, files, in_dir, out, tmp):
        # Two single-threaded `gm batch` processes.
        lists = split2(files, in_dir)
        scripts = []
        for i, part in enumerate(lists):
            path = os.path.join(tmp, f"gm-batch-{i}.txt")
            with open(path, "w") as fh:
                for f in part:
                    words = ["convert"] + GM_HINT[wl] + [f] + IM_OPS[wl] + [os.path.join(out, os.path.splitext(f)[0] + ".jpg")]
                    fh.write(" ".join(words) + "\n")
            scripts.append(path)
        sh = " & ".join(f"{GM} batch -echo off -feedback off -stop-on-error on {q(s)}" for s in scripts) + " & wait"
        return ["/bin/sh", "-c", sh], {"OMP_NUM_THREADS": "1"}, in_dir, False

    return Contender("gm-batch2", "GraphicsMagick gm batch ×2", build,
                     note="two single-threaded batch processes, static split by pixels")


def vipsthumbnail_x2(size, quality, tmp, files, in_dir, o):
    """Two single-threaded vipsthumbnail processes, files split by pixels."""
    cmds = []
    for i, part in enumerate(split2(files, in_dir)):
        listfile = os.path.join(tmp, f"vips-{i}.txt")
        with open(listfile, "w") as fh:
            fh.write("\n".join(part) + "\n")
        cmds.append(f"xargs -d '\\n' -a {q(listfile)} {VIPSTHUMBNAIL} -s '{size}' -o {q(o + f'/%s.jpg[Q={quality}]')}")
    return ["/bin/sh", "-c", " & ".join(cmds) + " & wait"]


VIPS_NO_MODULES = os.path.join("/tmp", "pixelpool-bench-no-vips-modules")
VIPS_NOTE = "VIPSHOME points at an empty folder so that vips does not load its modules (magick, heif…): halves its start-up"


def vips_contenders(wl):
    os.makedirs(VIPS_NO_MODULES, exist_ok=True)
    env1 = {"VIPS_CONCURRENCY": "1", "VIPS_WARNING": "0", "VIPSHOME": VIPS_NO_MODULES}
    envn = {"VIPS_WARNING": "0", "VIPSHOME": VIPS_NO_MODULES}
    out = []
    if wl == "thumbnail":
        def one(wl_, files, in_dir, o, tmp):
            return [VIPSTHUMBNAIL, "-s", "256x256>", "-o", f"{o}/%s.jpg[Q=80]"] + files, envn, in_dir, False

        def two(wl_, files, in_dir, o, tmp):
            return vipsthumbnail_x2("256x256>", 80, tmp, files, in_dir, o), env1, in_dir, False

        out.append(Contender("vips-thumb", "libvips vipsthumbnail (one process)", one,
                             note="libvips threads; " + VIPS_NOTE))
        out.append(Contender("vips-thumb-2", "libvips vipsthumbnail ×2 processes", two,
                             note="VIPS_CONCURRENCY=1 each, static split by pixels"))
    elif wl == "web":
        mask = os.path.join(RESULTS_RAW_HOLDER[0], "unsharp-sigma1-amount0.5.mat")

        def exact(wl_, files, in_dir, o, tmp):
            cmd = (f"{VIPSTHUMBNAIL} -s '1920x1920>' -o {q(tmp)}/{{/.}}.v {{}} && "
                   f"{VIPS} conv {q(tmp)}/{{/.}}.v {q(o)}/{{/.}}.jpg'[Q=85]' {q(mask)} --precision float && "
                   f"rm {q(tmp)}/{{/.}}.v")
            return parallel_argv(2, cmd, files, tmp), env1, in_dir, False

        def nosharp(wl_, files, in_dir, o, tmp):
            return vipsthumbnail_x2("1920x1920>", 85, tmp, files, in_dir, o), env1, in_dir, False

        out.append(Contender("vips-web", "libvips vipsthumbnail + vips conv, GNU parallel -j2", exact,
                             note="unsharp mask as one 7×7 float convolution (1.5·δ − 0.5·G(σ 1)); "
                                  "intermediate .v in /dev/shm; VIPS_CONCURRENCY=1; " + VIPS_NOTE))
        out.append(Contender("vips-web-nosharp", "libvips vipsthumbnail only ×2 processes", nosharp,
                             exact=False, note="NO sharpening: not the web job, shown for reference only"))
    else:
        def classic(wl_, files, in_dir, o, tmp):
            cmd = (f"{VIPS} gaussblur {{}} {q(tmp)}/{{/.}}.v 15 --precision approximate --min-ampl 0.01 && "
                   f"{VIPS} thumbnail {q(tmp)}/{{/.}}.v {q(o)}/{{/.}}.jpg'[Q=90]' 1200 --height 1200 && "
                   f"rm {q(tmp)}/{{/.}}.v")
            return parallel_argv(2, cmd, files, tmp), env1, in_dir, False

        out.append(Contender("vips-classic", "libvips vips gaussblur + vips thumbnail, GNU parallel -j2", classic,
                             note="gaussblur --precision approximate --min-ampl 0.01 (the defaults, integer "
                                  "precision and min-ampl 0.2, cut the kernel at 1.8 σ: 35.5 dB against ImageMagick on "
                                  "Grey; this setting is as fast and 47–51 dB); "
                                  "intermediate .v in /dev/shm; VIPS_CONCURRENCY=1; " + VIPS_NOTE))
    return out


RESULTS_RAW_HOLDER = [None]  # where the unsharp mask matrix lives, set in main()


def sharp_job(name):
    """A build() running one job of bench/lib/sharp_batch.js over the files."""
    def build(wl, files, in_dir, out, tmp):
        return [NODE, SHARP_JS, name, out] + files, {}, in_dir, False
    return build


def sharp_contenders(wl):
    """sharp (Node.js, its own libvips): one process per batch, two images at a time, one libvips
    thread per image (bench/lib/sharp_batch.js)."""
    common = "one node process, 2 images at a time, sharp.concurrency(1)"
    if wl == "classic":
        return [Contender("sharp-fast", "sharp, blur after the resize (σ scaled)", sharp_job("classic-fast"),
                          note=common + "; resize to 1200 then blur(15 × scale): sharp's default blur (integer "
                               "kernel cut at amplitude 0.2), one pipeline, as sharp users write it"),
                Contender("sharp", "sharp, blur at full size (two pipelines)", sharp_job("classic"),
                          note=common + "; blur({sigma: 15, precision: 'approximate', minAmplitude: 0.01}) to raw, "
                               "then resize: in one pipeline sharp always resizes before it blurs")]
    notes = {"web": common + "; unsharp mask as one 7×7 convolve() (1.5·δ − 0.5·G(σ 1)); sharp's sharpen() is "
                             "another operation",
             "thumbnail": common + "; shrink-on-load"}
    return [Contender("sharp", "sharp", sharp_job(wl), note=notes.get(wl, common))]


def pair_contenders():
    """web and thumbnail of every image: PixelPool's web-and-thumbnail preset (one decode, two
    outputs), the same two presets run one after the other, and sharp with a cloned pipeline."""
    def one_pass(wl, files, in_dir, out, tmp):
        return pp_argv("web-and-thumbnail", 2, out, files), {}, in_dir, True

    def in_turn(wl, files, in_dir, out, tmp):
        run = lambda preset: " ".join(q(a) for a in pp_argv(preset, 2, os.path.join(out, preset), files))
        return ["/bin/sh", "-c", f"{run('web')} && {run('thumbnail')}"], {}, in_dir, True

    cs = [Contender("pp-w2", "PixelPool --workers 2, web-and-thumbnail (one decode)", one_pass, pixelpool=True),
          Contender("pp-seq", "PixelPool --workers 2, web then thumbnail (two batches)", in_turn, pixelpool=True)]
    if SHARP_OK[0]:
        cs.append(Contender("sharp", "sharp, one input, two cloned pipelines", sharp_job("pair"),
                            note="one node process, 2 images at a time, sharp.concurrency(1); clone() of one input"))
    return cs


def floor_contender():
    def build(wl, files, in_dir, out, tmp):
        # Two processes pulling the files, largest first, from one counter (bench/floor/floor.cpp).
        return [FLOOR, wl, out, "2"] + list(files), {}, in_dir, False

    return Contender("floor", "2-core floor (bench/floor, 2 processes)", build, floor=True,
                     note="not a contender: decode (JPEG at the smallest m/8 that covers the output, a "
                          "progressive one at 1/8 from its DC scans), the operations at that size (blur σ "
                          "scaled, box blurs from σ 4), one libjpeg encode; nothing else")



def write_unsharp_mask(path, sigma=1.0, amount=0.5, radius=3):
    """vips matrix for out = in + amount·(in − G_sigma * in), in one convolution."""
    g = [[math.exp(-(x * x + y * y) / (2 * sigma * sigma)) for x in range(-radius, radius + 1)]
         for y in range(-radius, radius + 1)]
    total = sum(map(sum, g))
    n = 2 * radius + 1
    with open(path, "w") as f:
        f.write(f"{n} {n} 1 0\n")
        for y in range(n):
            row = [-amount * g[y][x] / total + ((1 + amount) if x == radius and y == radius else 0.0)
                   for x in range(n)]
            f.write(" ".join(f"{v:.10f}" for v in row) + "\n")


def contenders_for(wl, corpus="main"):
    if corpus != "main":
        # The second set: the fastest of each family only (the others are far behind on the main
        # set), ImageMagick convert as the PSNR reference.
        cs = [pp_contender(2), pp_contender(1), pillow_contender(2), im_parallel()]
        cs += [c for c in vips_contenders(wl) if c.key != "vips-thumb"]
    else:
        cs = [pp_contender(2), pp_contender(1), pp_contender(1, True), pp_contender(2, True)]
        cs += [pillow_contender(0), pillow_contender(2), im_parallel(), im_mogrify(), gm_mogrify(), gm_batch2()]
        cs += vips_contenders(wl)
    if SHARP_OK[0]:
        cs += sharp_contenders(wl)
    if FLOOR:
        cs.append(floor_contender())
    return cs


SHARP_OK = [False]  # set in main() when bench/sharp/node_modules has a working sharp


# ------------------------------------------------------------------------------------------------
# Running


def parse_gnu_time(path):
    r = {}
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("Maximum resident set size"):
                r["maxrss_kb"] = int(line.rsplit(":", 1)[1])
            elif line.startswith("User time"):
                r["user"] = float(line.rsplit(":", 1)[1])
            elif line.startswith("System time"):
                r["sys"] = float(line.rsplit(":", 1)[1])
            elif line.startswith("Exit status"):
                r["exit"] = int(line.rsplit(":", 1)[1])
            elif line.startswith("Command terminated by signal"):
                r["exit"] = 128 + int(line.rsplit(" ", 1)[1])
    return r


def run_measured(argv, env, cwd, raw_prefix, stdout_to_file, gate):
    """Runs argv under GNU time -v; returns wall, cpu, peak RSS, foreign CPU share."""
    gate.wait()
    time_file = raw_prefix + ".time"
    stdout_path = raw_prefix + (".jsonl" if stdout_to_file else ".stdout")
    full_env = dict(os.environ)
    full_env.update(env)
    with open(stdout_path, "w") as out, open(raw_prefix + ".stderr", "w") as err:
        b0, _ = read_cpu_jiffies()
        t0 = time.perf_counter()
        p = subprocess.run([GNU_TIME, "-v", "-o", time_file] + argv, cwd=cwd, env=full_env,
                           stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        b1, _ = read_cpu_jiffies()
    t = parse_gnu_time(time_file)
    cpu = t.get("user", 0) + t.get("sys", 0)
    busy = (b1 - b0) / CLK_TCK
    foreign = max(0.0, busy - cpu) / (wall * NCPU)
    return dict(wall=wall, cpu=cpu, maxrss_mb=t.get("maxrss_kb", 0) / 1024, exit=t.get("exit", p.returncode),
                foreign=foreign, stdout=stdout_path)


def read_events(path):
    events = []
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    try:
                        events.append(json.loads(line))
                    except json.JSONDecodeError:
                        pass
    except OSError:
        pass
    return events


def precache(paths):
    """Reads every file once so that timing starts from the page cache."""
    total = 0
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                total += precache([os.path.join(p, name)])
        elif os.path.isfile(p):
            with open(p, "rb") as f:
                while chunk := f.read(1 << 20):
                    total += len(chunk)
    return total


def run_suite(name, wl, contenders, files, in_dir, runs, raw, gate, keep_last=True, psnr_ref=None,
              warm_files=None):
    """Interleaved runs: run r goes through the contenders in an order rotated by r."""
    log(f"{name}: {len(files)} images, {len(contenders)} contenders, {runs} run(s) each")
    base = os.path.join(raw, name)
    os.makedirs(base, exist_ok=True)
    results = {c.key: dict(contender=c, runs=[], problems=[]) for c in contenders}
    tmp_root = f"/dev/shm/pixelpool-bench-{os.getpid()}"
    # Warm-up: libraries and binaries into the page cache, on two files (not timed).
    if warm_files:
        for c in contenders:
            out = os.path.join(base, f"warmup-{c.key}")
            tmp = os.path.join(tmp_root, c.key)
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            os.makedirs(tmp, exist_ok=True)
            argv, env, cwd, to_file = c.build(wl, warm_files, in_dir, out, tmp)
            e = dict(os.environ)
            e.update(env)
            subprocess.run(argv, cwd=cwd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.rmtree(out, ignore_errors=True)
    for r in range(runs):
        order = contenders[r % len(contenders):] + contenders[:r % len(contenders)]
        for c in order:
            out = os.path.join(base, f"out-{c.key}-r{r + 1}")
            tmp = os.path.join(tmp_root, c.key)
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(tmp, ignore_errors=True)
            os.makedirs(out)
            os.makedirs(tmp)
            argv, env, cwd, to_file = c.build(wl, files, in_dir, out, tmp)
            m = run_measured(argv, env, cwd, os.path.join(base, f"{c.key}-r{r + 1}"), to_file, gate)
            ok, problems = check_outputs(wl, in_dir, files, out)
            m["outputs_ok"] = ok
            if m["exit"] != 0:
                problems.insert(0, f"exit status {m['exit']}")
            if c.pixelpool:
                ev = read_events(m["stdout"])
                m["events"] = ev
                fin = [e for e in ev if e.get("event") == "finished"]
                m["sum_ms"] = sum(e.get("ms", 0) for e in fin)
                bad = [e for e in ev if e.get("event") in ("failed", "skipped")]
                if bad:
                    problems.append(f"{len(bad)} failed/skipped events, e.g. {bad[0]}")
            results[c.key]["runs"].append(m)
            results[c.key]["problems"] += [f"run {r + 1}: {p}" for p in problems[:5]]
            log(f"  {name} run {r + 1} {c.key:18s} {m['wall']:8.2f} s  cpu {m['cpu']:7.2f} s  "
                f"rss {m['maxrss_mb']:6.0f} MB  outputs {ok}/{len(files)}"
                + (f"  others used {m['foreign']:.0%} of the CPUs" if m["foreign"] > 0.03 else "")
                + (f"  PROBLEMS: {problems[:2]}" if problems else ""))
            if r < runs - 1 or not keep_last:
                shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(tmp_root, ignore_errors=True)
    # Quality check: PSNR of the last run's outputs against the reference contender's.
    if psnr_ref and keep_last and psnr_ref in results:
        ref_dir = os.path.join(base, f"out-{psnr_ref}-r{runs}")
        for key, res in results.items():
            if key == psnr_ref:
                res["psnr"] = "reference"
                continue
            res["psnr"] = psnr_vs(ref_dir, os.path.join(base, f"out-{key}-r{runs}"), files)
    summary = {}
    for key, res in results.items():
        walls = [m["wall"] for m in res["runs"]]
        summary[key] = dict(
            label=res["contender"].label, exact=res["contender"].exact,
            note=(res["contender"].note.get(wl, "") if isinstance(res["contender"].note, dict)
                  else res["contender"].note),
            pixelpool=res["contender"].pixelpool, floor=res["contender"].floor,
            median=statistics.median(walls), min=min(walls), max=max(walls), walls=walls,
            cpu=statistics.median(m["cpu"] for m in res["runs"]),
            maxrss_mb=max(m["maxrss_mb"] for m in res["runs"]),
            outputs_ok=min(m["outputs_ok"] for m in res["runs"]), n=len(files),
            problems=res["problems"], foreign=max(m["foreign"] for m in res["runs"]),
            psnr=res.get("psnr"),
            events=[m.get("events") for m in res["runs"]] if res["contender"].pixelpool else None,
            sum_ms=[m.get("sum_ms") for m in res["runs"]] if res["contender"].pixelpool else None,
        )
        summary[key]["valid"] = summary[key]["outputs_ok"] == len(files) and not res["problems"]
    return summary


# ------------------------------------------------------------------------------------------------
# PixelPool-only measurements


class ProcMonitor:
    """Samples RSS of a process and its children from /proc while it runs."""

    def __init__(self, pid, interval=0.02):
        self.pid, self.interval = pid, interval
        self.front = dict(hwm=0, rss=0)
        self.children = {}  # pid -> dict(hwm, rss)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def _status(pid):
        try:
            with open(f"/proc/{pid}/status") as f:
                s = f.read()
        except OSError:
            return None
        out = {}
        for k in ("VmHWM", "VmRSS"):
            m = re.search(rf"^{k}:\s+(\d+) kB", s, re.M)
            out[k] = int(m.group(1)) / 1024 if m else 0
        return out

    def _child_pids(self):
        pids = set()
        try:
            for tid in os.listdir(f"/proc/{self.pid}/task"):
                try:
                    with open(f"/proc/{self.pid}/task/{tid}/children") as f:
                        pids.update(int(x) for x in f.read().split())
                except OSError:
                    pass
        except OSError:
            pass
        return pids

    def sample(self):
        st = self._status(self.pid)
        if st:
            self.front["hwm"] = max(self.front["hwm"], st["VmHWM"])
            self.front["rss"] = st["VmRSS"]
        for c in self._child_pids():
            cs = self._status(c)
            if cs:
                d = self.children.setdefault(c, dict(hwm=0, rss=0))
                d["hwm"] = max(d["hwm"], cs["VmHWM"])
                d["rss"] = cs["VmRSS"]

    def _loop(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()


def run_monitored(argv, cwd, checkpoints=()):
    """Runs a PixelPool --json batch, reading its events live. Returns events, the monitor, the
    wall time and, for each checkpoint N, the RSS of the front end and workers after N images."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    mon = ProcMonitor(p.pid)
    mon.start()
    events, at = [], {}
    done = 0
    pending = sorted(checkpoints)
    for line in p.stdout:
        try:
            e = json.loads(line)
        except json.JSONDecodeError:
            continue
        events.append(e)
        if e.get("event") in ("finished", "failed", "skipped"):
            done += 1
            if pending and done >= pending[0]:
                mon.sample()
                at[pending.pop(0)] = dict(front=mon.front["rss"],
                                          workers={pid: d["rss"] for pid, d in mon.children.items()})
    p.wait()
    wall = time.perf_counter() - t0
    mon.stop()
    return events, mon, wall, at, p.returncode


def decoded_bytes(path, workload, reduced):
    """Bytes of the decoded image: full size, or (reduced) what a decoder with DCT scaling must
    hold at least, i.e. JPEG at the smallest m/8 scale that still covers the output size."""
    w, h, fmt, bands = image_dims(path)
    ch = 1 if bands == 1 else 3
    if reduced and fmt == "JPEG":
        ow, oh = expected_size(w, h, workload)
        for m in range(1, 9):
            sw, sh = math.ceil(w * m / 8), math.ceil(h * m / 8)
            if sw >= ow and sh >= oh:
                return sw * sh * ch
    return w * h * ch


def memory_tests(files, in_dir, raw, queue_files, queue_dir, checkpoints, workloads):
    res = {"workers": {}, "queue": None}
    outbase = os.path.join(raw, "memory")
    os.makedirs(outbase, exist_ok=True)
    for wl in workloads:
        out = os.path.join(outbase, f"out-{wl}")
        shutil.rmtree(out, ignore_errors=True)
        log(f"memory: {wl}, 2 workers, sampling RSS every 20 ms")
        argv = [PP, "--batch", "--preset", wl, "--workers", "2", "--json", "-q", "-o", out] + files
        events, mon, wall, _, rc = run_monitored(argv, in_dir)
        # Which images each worker held.
        by_pid = {}
        for e in events:
            if e.get("event") == "started":
                by_pid.setdefault(e.get("pid"), []).append(e.get("input"))
        workers = []
        for pid, d in sorted(mon.children.items()):
            imgs = by_pid.get(pid, [])
            full = max((decoded_bytes(os.path.join(in_dir, os.path.basename(i)), wl, False) for i in imgs), default=0)
            red = max((decoded_bytes(os.path.join(in_dir, os.path.basename(i)), wl, True) for i in imgs), default=0)
            workers.append(dict(pid=pid, images=len(imgs), peak_mb=d["hwm"], held_full_mb=full / 2 ** 20,
                                held_reduced_mb=red / 2 ** 20,
                                limit_full_mb=2.5 * full / 2 ** 20 + 60, limit_reduced_mb=2.5 * red / 2 ** 20 + 60))
        res["workers"][wl] = dict(workers=workers, front_peak_mb=mon.front["hwm"], wall=wall, rc=rc)
        shutil.rmtree(out, ignore_errors=True)
    if queue_files:
        out = os.path.join(outbase, "out-queue")
        shutil.rmtree(out, ignore_errors=True)
        log(f"memory: {len(queue_files)} queued images (thumbnail, 2 workers)")
        argv = [PP, "--batch", "--preset", "thumbnail", "--workers", "2", "--json", "-q", "-o", out] + queue_files
        events, mon, wall, at, rc = run_monitored(argv, queue_dir, checkpoints)
        fin = sum(1 for e in events if e.get("event") == "finished")
        skipped = sum(1 for e in events if e.get("event") == "skipped")
        res["queue"] = dict(n=len(queue_files), finished=fin, skipped=skipped, wall=wall, rc=rc,
                            front_peak_mb=mon.front["hwm"],
                            worker_peaks_mb=[d["hwm"] for d in mon.children.values()],
                            at={str(k): v for k, v in at.items()})
        shutil.rmtree(out, ignore_errors=True)
    return res


def startup_test(image_dir, image, raw, n, gate):
    """Wall time of `pixelpool --batch` on one small image minus the work itself (--json ms)."""
    res = {}
    base = os.path.join(raw, "startup")
    os.makedirs(base, exist_ok=True)
    modes = [("default (2 workers)", []), ("--workers 1", ["--workers", "1"]),
             ("--in-process --workers 1", ["--in-process", "--workers", "1"])]
    for label, extra in modes:
        walls, mss = [], []
        for i in range(n + 1):
            out = os.path.join(base, "out")
            shutil.rmtree(out, ignore_errors=True)
            if i > 0:
                gate.wait()
            t0 = time.perf_counter()
            p = subprocess.run([PP, "--batch", "--preset", "thumbnail", "--json", "-q", "-o", out] + extra + [image],
                               cwd=image_dir, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            if i == 0:
                continue  # warm-up
            ms = [json.loads(l).get("ms", 0) for l in p.stdout.splitlines()
                  if l.startswith("{") and '"finished"' in l]
            if p.returncode != 0 or not ms:
                log(f"startup: {label}: exit {p.returncode}, no finished event")
                continue
            walls.append(wall * 1000)
            mss.append(ms[0])
        over = [w - m for w, m in zip(walls, mss)]
        res[label] = dict(n=len(walls), wall_ms=statistics.median(walls) if walls else None,
                          work_ms=statistics.median(mss) if mss else None,
                          overhead_ms=statistics.median(over) if over else None,
                          overhead_min=min(over) if over else None, overhead_max=max(over) if over else None)
    # Cross-check of the wall time with hyperfine.
    if os.path.exists(HYPERFINE):
        out = os.path.join(base, "out-hf")
        os.makedirs(out, exist_ok=True)
        hf_json = os.path.join(base, "hyperfine.json")
        cmd = f"{PP} --batch --preset thumbnail -q --overwrite overwrite -o {q(out)} {q(image)}"
        gate.wait()
        p = subprocess.run([HYPERFINE, "-N", "--warmup", "3", "--runs", str(max(5, n)), "--export-json", hf_json, cmd],
                           cwd=image_dir, capture_output=True, text=True)
        try:
            with open(hf_json) as f:
                r = json.load(f)["results"][0]
            res["hyperfine"] = dict(mean_ms=r["mean"] * 1000, stddev_ms=r["stddev"] * 1000,
                                    median_ms=r["median"] * 1000)
        except (OSError, KeyError, ValueError, IndexError):
            res["hyperfine"] = None
    shutil.rmtree(os.path.join(base, "out"), ignore_errors=True)
    return res


def cold_warm_test(in_dir, first, raw, workloads, runs, gate):
    """The same image processed first and again later by one worker: is the first image slow?"""
    base = os.path.join(raw, "coldwarm")
    os.makedirs(base, exist_ok=True)
    again = os.path.join(base, "inputs")
    os.makedirs(again, exist_ok=True)
    src = os.path.join(in_dir, first)
    stem, ext = os.path.splitext(first)
    paths = [src]
    # Distinct copies (not links: PixelPool skips a file it already queued).
    for i in range(1, 4):
        dst = os.path.join(again, f"{stem}-again{i}{ext}")
        if not os.path.exists(dst):
            shutil.copyfile(src, dst)
        paths.append(dst)
    res = {}
    for wl in workloads:
        for mode, extra in (("worker", ["--workers", "1"]), ("in-process", ["--in-process", "--workers", "1"])):
            firsts, laters = [], []
            for r in range(runs):
                out = os.path.join(base, "out")
                shutil.rmtree(out, ignore_errors=True)
                gate.wait()
                p = subprocess.run([PP, "--batch", "--preset", wl, "--json", "-q", "-o", out] + extra + paths,
                                   capture_output=True, text=True)
                fin = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{") and '"finished"' in l]
                fin.sort(key=lambda e: e["index"])
                if len(fin) == len(paths):
                    firsts.append(fin[0]["ms"])
                    laters.append(statistics.median(e["ms"] for e in fin[1:]))
            shutil.rmtree(os.path.join(base, "out"), ignore_errors=True)
            res[f"{wl}/{mode}"] = dict(first_ms=statistics.median(firsts) if firsts else None,
                                       later_ms=statistics.median(laters) if laters else None)
    return res


def metadata_cost_test(in_dir, files, raw, runs, gate):
    """What keeping metadata costs per image: the thumbnail job on the main set, one worker, with
    `--metadata keep` and with `--metadata strip` (colour kept in both), runs interleaved. Per
    image: the median over runs of the worker's `ms`; the cost is keep minus strip."""
    base = os.path.join(raw, "metadata")
    os.makedirs(base, exist_ok=True)
    modes = {"keep": ["--metadata", "keep", "--colour", "keep"], "strip": ["--metadata", "strip", "--colour", "keep"]}
    ms = {m: {} for m in modes}
    warnings = {m: 0 for m in modes}
    paths = [os.path.join(in_dir, f) for f in files]
    for r in range(runs):
        for m in (list(modes) if r % 2 == 0 else list(modes)[::-1]):
            out = os.path.join(base, "out-" + m)
            shutil.rmtree(out, ignore_errors=True)
            gate.wait()
            p = subprocess.run([PP, "--batch", "--preset", "thumbnail", "--workers", "1", "--json", "-q", "-o", out]
                               + modes[m] + paths, capture_output=True, text=True)
            for line in p.stdout.splitlines():
                if line.startswith("{") and '"finished"' in line:
                    e = json.loads(line)
                    ms[m].setdefault(os.path.basename(e["input"]), []).append(e["ms"])
                    warnings[m] += 1 if e.get("warning") else 0
            shutil.rmtree(out, ignore_errors=True)
    per = {}
    for f in files:
        k, s_ = ms["keep"].get(f), ms["strip"].get(f)
        if k and s_:
            per[f] = statistics.median(k) - statistics.median(s_)
    diffs = list(per.values())
    return dict(per_image=per, median_ms=statistics.median(diffs) if diffs else None,
                mean_ms=statistics.mean(diffs) if diffs else None, runs=runs, warnings=warnings,
                with_metadata=[f for f in files if has_metadata(os.path.join(in_dir, f))])


def has_metadata(path):
    """Whether a file carries EXIF, XMP or a profile (a plain byte search, for the report only)."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    return any(m in head for m in (b"Exif\0\0", b"http://ns.adobe.com/xap/1.0/", b"ICC_PROFILE", b"iCCP", b"eXIf"))


def gui_stall_test(small_dir, queue_dir, raw, runs, gate, large):
    """The window's event-loop latency while 1,000 images are dropped and processed
    (bench/gui-stall): `runs` runs, plus (large) one with the 10,000-image queue folder dropped."""
    base = os.path.join(raw, "guistall")
    os.makedirs(base, exist_ok=True)
    cases = [("1,000 files dropped", ["--images", small_dir, "--count", "1000"])] * runs
    if large:
        cases.append(("10,000 images: queue10k/ folder dropped", ["--images", queue_dir, "--drop", "folder"]))
    res = []
    for i, (label, extra) in enumerate(cases):
        gate.wait()
        log(f"gui stall probe: {label} (run {i + 1} of {len(cases)})")
        argv = [GUI_STALL, "--preset", "thumbnail", "--timeout", "600"] + extra
        b0, _ = read_cpu_jiffies()
        c0 = os.times()
        t0 = time.perf_counter()
        p = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        wall = time.perf_counter() - t0
        c1 = os.times()
        b1, _ = read_cpu_jiffies()
        with open(os.path.join(base, f"run{i + 1}.json"), "w") as f:
            f.write(p.stdout)
        with open(os.path.join(base, f"run{i + 1}.stderr"), "w") as f:
            f.write(p.stderr)
        try:
            r = json.loads(p.stdout)
        except json.JSONDecodeError:
            r = {"error": f"no JSON (exit {p.returncode})"}
        own = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
        r.update(label=label, exit=p.returncode, wall=wall,
                 foreign=max(0.0, (b1 - b0) / CLK_TCK - own) / (wall * NCPU))
        b = r.get("batch", {})
        log(f"  exit {p.returncode}; " + "; ".join(
            f"{ph} max {v['max_stall_ms']:.0f} ms" for ph, v in r.get("phases", {}).items())
            + f"; batch {b.get('seconds', 0):.1f} s, {b.get('done')} done, {b.get('failed')} failed"
            + (f"  others used {r['foreign']:.0%} of the CPUs" if r["foreign"] > 0.03 else ""))
        res.append(r)
    return res


def gui_stall_section(runs):
    """Markdown for the gui stall runs: one row per run and phase, then the stalls over 50 ms."""
    L = ["### The window stays responsive: event-loop stalls of the UI thread (`pixelpool-gui-stall`)", "",
         "The real main window offscreen, images dropped on the queue, the thumbnail card clicked, Start pressed, "
         "default workers. *timer*: lateness of a 5 ms precise timer on the UI thread beyond its interval; *probe*: "
         "delay of an event posted to the UI thread by a watchdog thread. Stall = either. See docs/benchmarks.md.", "",
         "| run | phase | duration s | max stall ms (timer / probe) | p99 ms (timer / probe) | stalls > 50 ms | "
         "stalls > 100 ms | UI thread CPU s | load avg at start | others' CPU share |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for i, r in enumerate(runs):
        if "phases" not in r:
            L.append(f"| {i + 1}: {r['label']} | — | — | **{r.get('error', 'failed')}** | | | | | | |")
            continue
        for ph in sorted(r["phases"], key=lambda x: ["startup", "add", "batch"].index(x) if x in ("startup", "add", "batch") else 9):
            v = r["phases"][ph]
            t, p = v["timer"], v["probe"]
            L.append(f"| {i + 1}: {r['label']} | {ph} | {v['duration_ms'] / 1000:.1f} | "
                     f"{t['max_ms']:.0f} / {p['max_ms']:.0f} | {t['p99_ms']:.1f} / {p['p99_ms']:.1f} | "
                     f"{max(t['over_50ms'], p['over_50ms'])} | {max(t['over_100ms'], p['over_100ms'])} | "
                     f"{v['ui_thread_cpu_ms'] / 1000:.2f} | {r['load_average_start'][0]:.2f} | {r['foreign']:.0%} |")
    L.append("")
    for i, r in enumerate(runs):
        b = r.get("batch")
        if b:
            L.append(f"- run {i + 1} ({r['label']}): {r.get('queued', 0)} queued (scan in the model after "
                     f"{r.get('scan_finished_ms', 0):.0f} ms), Start click handled in {r.get('start_click_ms', 0):.0f} ms, "
                     f"batch {'finished' if b.get('finished') else '**did not finish**'}"
                     f" in {b.get('seconds', 0):.2f} s: {b.get('done')} done, {b.get('failed')} failed, "
                     f"{b.get('workers')} workers; exit {r['exit']}")
        listed = [s for s in r.get("stalls", []) if s["ms"] > 100 or s["method"] == "probe"]
        for s in listed[:12]:
            where = ""
            top = (s.get("stack_samples") or {}).get("top") or []
            if top and top[0]["frames"]:
                frames = top[0]["frames"]
                own = next((f for f in frames if "pp::" in f), None)
                named = next((f for f in frames if not re.search(r"\+0x[0-9a-f]+$", f)), frames[0])
                where = (f"; UI thread in `{named}`" + (f" called from `{own.split(' <- ')[0]}`" if own and own != frames[0] else "")
                         + f" ({top[0]['samples']} of {s['stack_samples']['count']} stack samples)")
            L.append(f"  - {s['phase']} +{s['at_ms']:.0f} ms: {s['method']} {s['ms']:.0f} ms "
                     f"(UI thread CPU {s['ui_thread_cpu_ms']:.0f} ms){where}")
    L.append("")
    return L


# ------------------------------------------------------------------------------------------------
# Report


def fmt_s(x):
    return "—" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.0f}")


def table(key, summary, n_images, megapixels):
    pp2 = summary.get("pp-w2")
    wl, _, corpus = key.partition("@")
    title = (WORKLOADS[wl]["title"] if wl in WORKLOADS else
             "pair — web and thumbnail of every image (each as its job above)" if wl == "pair" else wl)
    lines = [f"### {title}" + (f" — {corpus} set" if corpus else (" — main set" if wl in WORKLOADS else "")), "",
             f"{n_images} images, {megapixels:.1f} megapixels. Time is wall-clock seconds for the whole batch, process start-up included.", "",
             "| contender | median s | spread (min–max) | images/s | CPU s | peak RSS MB | PixelPool 2w is … faster | outputs | PSNR vs IM, dB (median / min) | notes |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for key, s in summary.items():
        ratio = s["median"] / pp2["median"] if pp2 and pp2["median"] else None
        outputs = f"{s['outputs_ok']}/{s['n']}" + (" ✓" if s["valid"] else " ✗")
        notes = []
        if not s["exact"]:
            notes.append("**inexact: not counted**")
        if not s["valid"]:
            notes.append("**missing or wrong outputs: not counted** (" + "; ".join(s["problems"][:2]) + ")")
        if s["note"]:
            notes.append(s["note"])
        if s["foreign"] > 0.05:
            notes.append(f"other processes got up to {s['foreign']:.0%} of the CPUs during a run")
        psnr = ("—" if not s.get("psnr") else s["psnr"] if isinstance(s["psnr"], str)
                else f"{s['psnr'][0]:.1f} / {s['psnr'][1]:.1f}")
        name = f"**{s['label']}**" if s["pixelpool"] else f"*{s['label']}*" if s.get("floor") else s["label"]
        lines.append(f"| {name} | {fmt_s(s['median'])} | {fmt_s(s['min'])}–{fmt_s(s['max'])} "
                     f"({(s['max'] - s['min']) / s['median'] * 100:.0f} %) | {s['n'] / s['median']:.1f} | "
                     f"{fmt_s(s['cpu'])} | {s['maxrss_mb']:.0f} | "
                     f"{'—' if key == 'pp-w2' or ratio is None else f'{ratio:.2f}×'} | {outputs} | {psnr} | "
                     f"{'; '.join(notes)} |")
    lines.append("")
    return lines


def utilisation(summary):
    """How much of each PixelPool worker slot's time went into images (sum of ms ÷ W × wall)."""
    parts = []
    for key, s in summary.items():
        if not s["pixelpool"] or not s.get("sum_ms"):
            continue
        m = re.search(r"(\d+)$", key)
        if not m:
            continue  # two batches in turn (the pair job): no single worker count
        w = int(m.group(1))
        shares = [ms / 1000 / (w * wall) for ms, wall in zip(s["sum_ms"], s["walls"]) if ms]
        if shares:
            parts.append(f"{s['label']} {statistics.median(shares) * 100:.0f} %")
    if not parts:
        return []
    return ["Share of PixelPool's worker time spent on images (Σ `ms` ÷ (workers × wall), median of runs; "
            "the rest is start-up, waiting and the tail of the batch): " + "; ".join(parts) + ".", ""]


def fastest_other(summary):
    best = None
    for key, s in summary.items():
        if s["pixelpool"] or s.get("floor") or not s["exact"] or not s["valid"]:
            continue
        if best is None or s["median"] < best[1]["median"]:
            best = (key, s)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="1 run, 8 main images, 1,000 small ones")
    ap.add_argument("--runs", type=int, help="runs per contender (default 3, quick 1)")
    ap.add_argument("--only", help="comma list of: classic,web,thumbnail,pair,small,startup,memory,coldwarm,metadata,"
                                   "guistall")
    ap.add_argument("--corpus", default="main,wallpapers",
                    help="comma list of the sets the three jobs run on: main,wallpapers (default both)")
    ap.add_argument("--idle-threshold", type=float, default=0.10,
                    help="wait before each measurement until others use at most this share of the CPUs")
    ap.add_argument("--max-idle-wait", type=float, default=30, help="seconds to wait for that, at most")
    ap.add_argument("--render", metavar="RAW_DIR", help="only re-render the report of an earlier run")
    ap.add_argument("--nice", type=int, default=0,
                    help="run the benchmark at this nice value (negative needs root): on a shared "
                         "machine, keeps other processes from skewing the timings")
    args = ap.parse_args()
    if args.render:
        with open(os.path.join(args.render, "report-full.json")) as f:
            report = json.load(f)
        write_outputs(report, os.path.join(CORPUS, "main"), args.render)
        return

    quick = args.quick
    runs = args.runs or (1 if quick else 3)
    if args.nice:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)  # inherited by every contender
        # With autogroup scheduling, nice only orders processes within one session: the
        # session's group gets the nice value too, so that it counts against other sessions.
        try:
            with open("/proc/self/autogroup", "w") as f:
                f.write(str(args.nice))
        except OSError as e:
            log(f"could not set the autogroup's nice value ({e}); nice counts within this session only")
    parts = ["classic", "web", "thumbnail", "pair", "small", "startup", "memory", "coldwarm", "metadata", "guistall"]
    if args.only:
        parts = [p for p in args.only.split(",") if p]
    stamp = time.strftime("%Y%m%d-%H%M%S") + ("-quick" if quick else "")
    raw = os.path.join(RESULTS, "raw", stamp)
    os.makedirs(raw, exist_ok=True)
    RESULTS_RAW_HOLDER[0] = raw
    # Work on a copy of the binaries: build/ may be rebuilt while the benchmark runs.
    global PP
    bindir = os.path.join(raw, "bin")
    os.makedirs(bindir, exist_ok=True)
    for attempt in range(30):
        try:
            for name in ("pixelpool", "pixelpool-worker", "pixelpool-in-process", "libpixelpool-opencv-codecs.so",
                         "libpixelpool-heif.so", "libpixelpool-jxl.so"):
                src = os.path.join(os.path.dirname(PP), name)
                if name != "pixelpool" and name != "pixelpool-worker" and not os.path.exists(src):
                    continue  # the plug-ins; --in-process of a build before 9a5887a
                shutil.copy2(src, os.path.join(bindir, name))
            if subprocess.run([os.path.join(bindir, "pixelpool"), "--version"], capture_output=True).returncode == 0:
                break
        except OSError:
            pass
        log("the PixelPool binaries are missing or being rebuilt; waiting")
        time.sleep(10)
    else:
        sys.exit("no working PixelPool binary")
    PP = os.path.join(bindir, "pixelpool")
    global GUI_STALL
    stall_src = os.path.join(os.path.dirname(os.environ.get("PIXELPOOL", os.path.join(ROOT, "build", "bin", "pixelpool"))),
                             "pixelpool-gui-stall")
    global FLOOR
    floor_src = os.path.join(os.path.dirname(stall_src), "pixelpool-bench-floor")
    if os.access(floor_src, os.X_OK):
        shutil.copy2(floor_src, os.path.join(bindir, "pixelpool-bench-floor"))
        FLOOR = os.path.join(bindir, "pixelpool-bench-floor")
    else:
        log("no pixelpool-bench-floor next to pixelpool (ninja pixelpool-bench-floor): no 2-core floor")
    SHARP_OK[0] = subprocess.run([NODE, "-e", f"require({json.dumps(os.path.join(BENCH, 'sharp', 'node_modules', 'sharp'))})"],
                                 capture_output=True).returncode == 0
    if not SHARP_OK[0]:
        log("sharp is not installed in bench/sharp (bench/run.sh installs it with npm): no sharp contender")
    if "guistall" in parts and os.access(stall_src, os.X_OK):
        shutil.copy2(stall_src, os.path.join(bindir, "pixelpool-gui-stall"))
        GUI_STALL = os.path.join(bindir, "pixelpool-gui-stall")
    write_unsharp_mask(os.path.join(raw, "unsharp-sigma1-amount0.5.mat"))
    # At a raised priority other processes get only idle CPU time: no need to wait for them.
    gate = IdleGate(args.idle_threshold, 0 if args.nice < 0 else args.max_idle_wait)
    started = time.monotonic()

    main_dir = os.path.join(CORPUS, "main")
    small_dir = os.path.join(CORPUS, "small")
    queue_dir = os.path.join(CORPUS, "queue10k")
    main_files = QUICK_MAIN if quick else sorted(os.listdir(main_dir))
    small_files = sorted(os.listdir(small_dir))[: (1000 if quick else 5000)]
    queue_files = sorted(os.listdir(queue_dir))[: (2000 if quick else 10000)]
    checkpoints = (500, 1000) if quick else (1000, 5000)
    mp = sum(image_dims(os.path.join(main_dir, f))[0] * image_dims(os.path.join(main_dir, f))[1]
             for f in main_files) / 1e6

    info = machine_info()
    log(f"{info['cpu']}, {info['cores']} cores; PixelPool {info['versions']['pixelpool']} "
        f"({info['git_commit']}{', dirty tree' if info['git_dirty'] else ''}, binary {info['binary_mtime']})")
    log(f"page cache: read {precache([main_dir, small_dir, PP, PP + '-worker']) / 1e6:.0f} MB")
    if "memory" in parts or ("guistall" in parts and not quick):
        precache([os.path.join(queue_dir, f) for f in queue_files])

    report = dict(info=info, quick=quick, runs=runs, nice=args.nice, started=datetime.datetime.now().isoformat(timespec="seconds"),
                  main=dict(files=main_files, megapixels=mp), corpora={}, workloads={})
    corpora = [c for c in args.corpus.split(",") if c]
    for corpus in corpora:
        in_dir = os.path.join(CORPUS, corpus)
        files = sorted(os.listdir(in_dir))
        if corpus == "main":
            files, warm = main_files, ["Kite-1920x1200.jpg", "Autumn-png-2560x1600.png"]
        else:
            if quick:
                files = files[::4]
            precache([in_dir])
            warm = files[:2]
        report["corpora"][corpus] = dict(files=files, dir=in_dir, megapixels=sum(
            image_dims(os.path.join(in_dir, f))[0] * image_dims(os.path.join(in_dir, f))[1] for f in files) / 1e6)
        for wl in ("classic", "web", "thumbnail"):
            if wl not in parts:
                continue
            key = wl if corpus == "main" else f"{wl}@{corpus}"
            report["workloads"][key] = run_suite(key.replace("@", "-"), wl, contenders_for(wl, corpus), files, in_dir,
                                                 runs, raw, gate, psnr_ref="im-parallel", warm_files=warm)
    if "pair" in parts:
        for corpus in corpora:
            c = report["corpora"][corpus]
            key = "pair" if corpus == "main" else f"pair@{corpus}"
            report["workloads"][key] = run_suite(key.replace("@", "-"), "pair", pair_contenders(), c["files"], c["dir"],
                                                 runs, raw, gate, warm_files=c["files"][:2])
    if "small" in parts:
        cs = [pp_contender(2), pp_contender(1), pp_contender(1, True),
              pillow_contender(2)] + vips_contenders("thumbnail")[1:]
        report["small"] = run_suite("small", "thumbnail", cs, small_files, small_dir, runs, raw, gate,
                                    keep_last=False, warm_files=small_files[:2])
    if "startup" in parts:
        log("start-up")
        report["startup"] = startup_test(small_dir, small_files[0], raw, 5 if quick else 15, gate)
    if "memory" in parts:
        report["memory"] = memory_tests(main_files, main_dir, raw, queue_files, queue_dir, checkpoints,
                                        [w for w in ("classic", "web", "thumbnail")])
        report["memory"]["checkpoints"] = list(checkpoints)
    if "coldwarm" in parts:
        log("first image per worker")
        report["coldwarm"] = cold_warm_test(main_dir, "Autumn-2560x1600.jpg", raw,
                                            ["classic", "web", "thumbnail"], 1 if quick else 3, gate)
    if "metadata" in parts:
        log("metadata: keep vs strip")
        report["metadata"] = metadata_cost_test(main_dir, main_files, raw, 2 if quick else 5, gate)
    if "guistall" in parts:
        if GUI_STALL:
            report["guistall"] = gui_stall_test(small_dir, queue_dir, raw, runs, gate, large=not quick)
        else:
            log("gui stall probe: no pixelpool-gui-stall next to pixelpool (built only with the window); skipped")
    report["elapsed_s"] = time.monotonic() - started
    report["idle_wait_s"] = gate.waited
    report["idle_gave_up"] = gate.gave_up

    with open(os.path.join(raw, "report-full.json"), "w") as f:
        json.dump(report, f, default=str)
    write_outputs(report, main_dir, raw)
    if not quick and report["workloads"]:
        draw_charts(raw)


def draw_charts(raw):
    """docs/benchmarks/*.png from this run (bench/lib/charts.py), kept beside the numbers."""
    out = os.path.join(ROOT, "docs", "benchmarks")
    r = subprocess.run([PY, os.path.join(BENCH, "lib", "charts.py"), raw, out], capture_output=True, text=True)
    if r.returncode != 0:
        log(f"charts failed: {r.stderr.strip()[-400:]}")
    else:
        log("charts: " + ", ".join(os.path.basename(p) for p in r.stdout.split()))


def write_outputs(report, main_dir, raw):
    quick = report["quick"]
    md = render(report, main_dir, raw)
    out_md = os.path.join(RESULTS, "raw", "quick.md") if quick else os.path.join(RESULTS, "latest.md")
    with open(out_md, "w") as f:
        f.write(md)
    slim = strip_events(report)
    with open(os.path.join(raw, "report.json"), "w") as f:
        json.dump(slim, f, indent=1, default=str)
    if not quick:
        with open(os.path.join(RESULTS, "latest.json"), "w") as f:
            json.dump(slim, f, indent=1, default=str)
    print(md)
    log(f"wrote {out_md} (raw data in {raw}); took {report['elapsed_s'] / 60:.1f} min")


def strip_events(report):
    r = json.loads(json.dumps(report, default=str))
    for part in list(r.get("workloads", {}).values()) + [r.get("small") or {}]:
        for s in part.values():
            s.pop("events", None)
    return r


# ------------------------------------------------------------------------------------------------


def per_image_ms(summary, key):
    """input basename -> list of ms over runs, and -> worker index lists."""
    ms = {}
    for ev in summary[key]["events"] or []:
        for e in ev or []:
            if e.get("event") == "finished":
                ms.setdefault(os.path.basename(e["input"]), []).append(e["ms"])
    return ms


def first_per_worker(summary, key):
    """ms of each worker's first image vs the same image's median ms in the 1-worker runs'
    later positions is not comparable; report each worker's first image and its ms."""
    rows = []
    for ev in summary[key]["events"] or []:
        started = {}
        for e in ev or []:
            if e.get("event") == "started" and e.get("worker") not in started:
                started[e.get("worker")] = e.get("index")
        ms = {e["index"]: e["ms"] for e in ev or [] if e.get("event") == "finished"}
        inputs = {e["index"]: os.path.basename(e["input"]) for e in ev or [] if e.get("event") == "finished"}
        rows.append({w: (inputs.get(i), ms.get(i)) for w, i in started.items()})
    return rows


def targets_issue14(report):
    """The speed targets of issue 14, on every set: 1.3× the fastest contender (sharp included),
    within 15 % of the 2-core floor, the two-output preset 1.5× the two presets in turn."""
    T = []
    for key, summary in report["workloads"].items():
        wl, _, corpus = key.partition("@")
        pp = summary.get("pp-w2")
        if not pp or not pp["valid"]:
            continue
        where = f"{wl}, {corpus or 'main'} set"
        best = fastest_other(summary)
        if best:
            r = best[1]["median"] / pp["median"]
            T.append(f"| {where}: vs fastest contender | ≥ 1.3× | {best[1]['label']} {best[1]['median']:.2f} s; "
                     f"PixelPool {pp['median']:.2f} s → {r:.2f}× | {'✅ met' if r >= 1.3 else '❌ missed'} |")
        fl = summary.get("floor")
        if fl and fl["valid"]:
            r = pp["median"] / fl["median"]
            T.append(f"| {where}: distance to the 2-core floor | ≤ 1.15× the floor | floor {fl['median']:.2f} s; "
                     f"PixelPool {pp['median']:.2f} s → {r:.2f}× | {'✅ met' if r <= 1.15 else '❌ missed'} |")
    for key, pair in report["workloads"].items():
        if not key.startswith("pair") or not (pair.get("pp-w2", {}).get("valid") and pair.get("pp-seq", {}).get("valid")):
            continue
        r = pair["pp-seq"]["median"] / pair["pp-w2"]["median"]
        T.append(f"| web + thumbnail from one decode, {key.partition('@')[2] or 'main'} set | ≥ 1.5× faster than the two presets in turn | "
                 f"{pair['pp-seq']['median']:.2f} s / {pair['pp-w2']['median']:.2f} s = {r:.2f}× | "
                 f"{'✅ met' if r >= 1.5 else '❌ missed'} |")
    # The window's thread: its CPU over the batch phase (the probe's own ticker included) per
    # finished image, every gui-stall run of the report.
    for label in ("1,000", "10,000"):
        runs = [g for g in report.get("guistall") or []
                if g.get("label", "").startswith(label) and "phases" in g and (g.get("batch") or {}).get("done")]
        if not runs:
            continue
        per = [g["phases"]["batch"]["ui_thread_cpu_ms"] / g["batch"]["done"] for g in runs]
        T.append(f"| UI thread per finished image, {label} images (gui-stall) | ≤ 0.3 ms of CPU | "
                 + ", ".join(f"{x:.3f}" for x in per) + f" ms ({len(per)} run{'s' if len(per) > 1 else ''}) | "
                 + ("✅ met" if max(per) <= 0.3 else "❌ missed") + " |")
    if not T:
        return []
    return ["## Targets (issue 14)", "", "| target | required | measured | result |", "|---|---|---|---|"] + T + [""]


def render(report, main_dir, raw):
    info = report["info"]
    L = []
    mode = "quick (1 run, subset)" if report["quick"] else f"full ({report['runs']} interleaved runs per contender)"
    L += ["# PixelPool benchmark results", "",
          f"- Date: {report['started']}; mode: {mode}; total time {report['elapsed_s'] / 60:.1f} min "
          f"(of which {report['idle_wait_s']:.0f} s waiting for other processes to leave the CPUs"
          + (f"; gave up waiting {report['idle_gave_up']} time(s)" if report["idle_gave_up"] else "") + ")"
          + (f"; every process of the benchmark ran at nice {report['nice']} so that other work on the "
             "machine would disturb it less" if report.get("nice") else ""),
          f"- Machine: {info['cpu']}, {info['cores']} cores (as `nproc` and lscpu report them), {info['mem_gib']} GiB, Linux {info['kernel']}",
          f"- PixelPool {info['versions']['pixelpool']}, commit {info['git_commit']}"
          + (" + uncommitted changes in the tree" if info["git_dirty"] else "") + f", binary built {info['binary_mtime']}",
          "- " + ", ".join(f"{k} {v}" for k, v in info["versions"].items() if k != "pixelpool"),
          f"- Main set: {len(report['main']['files'])} images, {report['main']['megapixels']:.1f} megapixels "
          "(bench/corpus/main, built by bench/make-corpus.sh)",
          "- Ratio column: contender's median ÷ PixelPool 2 workers' median (above 1: PixelPool is faster). "
          "Peak RSS: GNU time's maximum resident set size, i.e. the largest single process of the run "
          "(children included), not a sum. PSNR: last run's outputs against ImageMagick `convert`'s (exact "
          "Gaussian and unsharp mask, Lanczos resize), both JPEG. For classic (a blur) it checks the blur: "
          "≥ 40 dB is the same image. For web and thumbnail it mostly shows the resampling filter: exact "
          "tools differ from ImageMagick by 30–45 dB there, so compare contenders with each other.", ""]
    allwls = report["workloads"]
    corpora = report.get("corpora") or {"main": report["main"]}
    for key, summary in allwls.items():
        wl, _, corpus = key.partition("@")
        c = corpora.get(corpus or "main", report["main"])
        L += table(key, summary, len(c["files"]), c["megapixels"])
        L += utilisation(summary)
    wls = {k: v for k, v in allwls.items() if k in WORKLOADS}  # the main set's three jobs: issue 5

    # ---------------- targets
    T = []

    def target(name, required, measured, met):
        T.append(f"| {name} | {required} | {measured} | {'✅ met' if met else '❌ missed'} |")

    def med(wl, key):
        s = wls.get(wl, {}).get(key)
        return s["median"] if s and s["valid"] else None

    if "classic" in wls:
        a, b = med("classic", "pillow-pool2"), med("classic", "pp-w2")
        if a and b:
            target("classic vs Pillow pool", "PixelPool 2w ≥ 1.5× faster than Pillow ProcessPoolExecutor(2)",
                   f"{a:.2f} s / {b:.2f} s = {a / b:.2f}×", a / b >= 1.5)
    for wl in ("web", "thumbnail"):
        if wl in wls and med(wl, "pp-w2"):
            best = fastest_other(wls[wl])
            if best:
                r = best[1]["median"] / med(wl, "pp-w2")
                target(f"{wl} vs fastest contender", "≥ 1.3× faster than the fastest exact contender",
                       f"fastest: {best[1]['label']} {best[1]['median']:.2f} s; PixelPool {med(wl, 'pp-w2'):.2f} s → {r:.2f}×",
                       r >= 1.3)
    for wl in ("classic", "web"):
        a, b = med(wl, "pp-w1"), med(wl, "pp-w2")
        if a and b:
            target(f"scaling, {wl}", "2 workers ≥ 1.85× faster than 1 worker", f"{a:.2f} s / {b:.2f} s = {a / b:.2f}×",
                   a / b >= 1.85)
    a, b = med("thumbnail", "pp-w1"), med("thumbnail", "pp-inproc1")
    if a and b:
        target("process boundary, thumbnail", "1 worker within 3 % of in-process (1 thread)",
               f"{a:.2f} s vs {b:.2f} s: {(a / b - 1) * 100:+.1f} %", a / b <= 1.03)
    small = report.get("small")
    if small:
        s2, s1, si = small.get("pp-w2"), small.get("pp-w1"), small.get("pp-inproc1")
        n = s2["n"]
        mean_ms_w2 = statistics.median(x / n for x in s2["sum_ms"] if x)
        mean_ms_in = statistics.median(x / n for x in si["sum_ms"] if x)
        mean_ms_w1 = statistics.median(x / n for x in s1["sum_ms"] if x)
        over2 = 2 * s2["median"] * 1000 / n - mean_ms_w2
        over1 = s1["median"] * 1000 / n - mean_ms_in
        over1_own = s1["median"] * 1000 / n - mean_ms_w1
        report["small_overhead"] = dict(w2=over2, w1=over1, w1_own=over1_own, mean_ms_w2=mean_ms_w2,
                                        mean_ms_inproc=mean_ms_in, mean_ms_w1=mean_ms_w1)
        target(f"many small images ({n} × 640×480, thumbnail), 2 workers",
               "per-image overhead < 2 ms",
               f"{n / s2['median']:.0f} images/s; overhead = 2 × {s2['median']:.2f} s / {n} − {mean_ms_w2:.2f} ms = {over2:.2f} ms",
               over2 < 2)
        target(f"many small images, 1 worker", "per-image overhead < 2 ms",
               f"{n / s1['median']:.0f} images/s; overhead = {s1['median']:.2f} s / {n} − {mean_ms_in:.2f} ms (in-process) = {over1:.2f} ms",
               over1 < 2)
    st = report.get("startup")
    if st and st.get("default (2 workers)", {}).get("overhead_ms") is not None:
        d = st["default (2 workers)"]
        target("start-up, one small image", "wall − work < 150 ms",
               f"{d['wall_ms']:.0f} ms wall − {d['work_ms']:.1f} ms work = {d['overhead_ms']:.0f} ms (median of {d['n']})",
               d["overhead_ms"] < 150)
    mem = report.get("memory")
    if mem:
        worst = None
        for wl, r in mem["workers"].items():
            for w in r["workers"]:
                margin = w["peak_mb"] / w["limit_full_mb"] if w["limit_full_mb"] else 0
                if worst is None or margin > worst[0]:
                    worst = (margin, wl, w)
        if worst:
            _, wl, w = worst
            target("worker peak RSS", "< 2.5 × largest decoded image + 60 MB",
                   f"worst: {wl}, {w['peak_mb']:.0f} MB vs limit {w['limit_full_mb']:.0f} MB (full-size decode of "
                   f"{w['held_full_mb']:.1f} MB); {w['limit_reduced_mb']:.0f} MB if only the DCT-reduced decode counts",
                   all(x["peak_mb"] < x["limit_full_mb"] for r in mem["workers"].values() for x in r["workers"]))
        qd = mem.get("queue")
        if qd:
            target(f"front end with {qd['n']} queued images", "peak RSS < 300 MB",
                   f"{qd['front_peak_mb']:.0f} MB ({qd['finished']} finished, {qd['skipped']} skipped)",
                   qd["front_peak_mb"] < 300)
            cps = [str(c) for c in mem["checkpoints"]]
            a, b = qd["at"].get(cps[0]), qd["at"].get(cps[1])
            if a and b:
                wa = sorted(a["workers"].values())
                wb = sorted(b["workers"].values())
                dfront = b["front"] - a["front"]
                dworkers = [y - x for x, y in zip(wa, wb)]
                grows = dfront > 5 or any(d > 5 for d in dworkers)
                target(f"no growth, {cps[0]} → {cps[1]} images", "RSS change ≤ 5 MB per process",
                       f"front end {a['front']:.0f} → {b['front']:.0f} MB ({dfront:+.1f}); workers "
                       + ", ".join(f"{x:.0f} → {y:.0f} MB" for x, y in zip(wa, wb)), not grows)
    gs = [r for r in report.get("guistall") or [] if r.get("label", "").startswith("1,000")]
    if gs:
        worst = max((v["max_stall_ms"] for r in gs for ph, v in r.get("phases", {}).items() if ph != "startup"),
                    default=None)
        over = sum(max(v["timer"]["over_100ms"], v["probe"]["over_100ms"])
                   for r in gs for ph, v in r.get("phases", {}).items() if ph != "startup")
        finished = all((r.get("batch") or {}).get("finished") for r in gs)
        if worst is not None:
            target("window responsive, 1,000-image batch", "the event loop never stalls > 100 ms (add and batch phases)",
                   f"worst stall {worst:.0f} ms over {len(gs)} run(s); {over} stall(s) > 100 ms"
                   + ("" if finished else "; a batch did not finish"), over == 0 and finished)
    if T:
        L += ["## Targets (issue 5)", "", "| target | required | measured | result |", "|---|---|---|---|"] + T + [""]
    L += targets_issue14(report)

    # ---------------- details
    if small:
        L += table(f"many small images: {small['pp-w2']['n']} × 640×480, thumbnail preset", small,
                   small["pp-w2"]["n"], small["pp-w2"]["n"] * 0.3072)
        o = report["small_overhead"]
        L += ["Per-image overhead, from the `ms` of PixelPool's `--json` `finished` events (time in the worker "
              "from reading the file to the written output: read, decode, resize, encode, write):",
              f"- 2 workers: 2 × wall / N − mean ms of the same run = {o['w2']:.2f} ms "
              f"(mean ms {o['mean_ms_w2']:.2f})",
              f"- 1 worker: wall / N − mean ms of the in-process run = {o['w1']:.2f} ms "
              f"(in-process mean ms {o['mean_ms_inproc']:.2f}; against its own mean ms {o['mean_ms_w1']:.2f}: {o['w1_own']:.2f} ms)",
              "- The overhead includes start-up (process, worker spawn) spread over the batch, dispatch, messages "
              "and the front end's share of the CPUs.", ""]
    if st:
        L += ["### Start-up: `pixelpool --batch --preset thumbnail` on one 640×480 JPEG", "",
              "| mode | runs | median wall ms | work ms (--json) | wall − work, ms (median, min–max) |",
              "|---|---:|---:|---:|---:|"]
        for k, v in st.items():
            if k == "hyperfine" or v.get("wall_ms") is None:
                continue
            L.append(f"| {k} | {v['n']} | {v['wall_ms']:.0f} | {v['work_ms']:.1f} | {v['overhead_ms']:.0f} "
                     f"({v['overhead_min']:.0f}–{v['overhead_max']:.0f}) |")
        if st.get("hyperfine"):
            h = st["hyperfine"]
            L.append(f"\nhyperfine cross-check (default workers, `-N --warmup 3`): mean {h['mean_ms']:.0f} ± "
                     f"{h['stddev_ms']:.0f} ms, median {h['median_ms']:.0f} ms.")
        L.append("")
    if mem:
        L += ["### Memory (PixelPool, 2 workers; RSS sampled from /proc every 20 ms, peaks are VmHWM)", "",
              "| workload | worker | images | peak RSS MB | largest decoded image MB (full / DCT-reduced) | limit MB (full / reduced) | front end peak MB |",
              "|---|---:|---:|---:|---:|---:|---:|"]
        for wl, r in mem["workers"].items():
            for i, w in enumerate(r["workers"]):
                ok = "✓" if w["peak_mb"] < w["limit_full_mb"] else "✗"
                L.append(f"| {wl} | {i + 1} | {w['images']} | {w['peak_mb']:.0f} {ok} | {w['held_full_mb']:.1f} / "
                         f"{w['held_reduced_mb']:.1f} | {w['limit_full_mb']:.0f} / {w['limit_reduced_mb']:.0f} | "
                         f"{r['front_peak_mb']:.0f} |")
        qd = mem.get("queue")
        if qd:
            L += ["", f"Queue test: {qd['n']} distinct 640×480 JPEGs, thumbnail preset, 2 workers: "
                  f"{qd['wall']:.1f} s ({qd['n'] / qd['wall']:.0f} images/s), exit {qd['rc']}; "
                  f"front end peak {qd['front_peak_mb']:.0f} MB; worker peaks "
                  + ", ".join(f"{x:.0f}" for x in qd["worker_peaks_mb"]) + " MB."]
            for cp, v in qd["at"].items():
                L.append(f"- after {cp} images: front end {v['front']:.0f} MB, workers "
                         + ", ".join(f"{x:.0f}" for x in sorted(v["workers"].values())) + " MB")
        L.append("")
    if report.get("guistall"):
        L += gui_stall_section(report["guistall"])
    cw = report.get("coldwarm")
    if cw:
        L += ["### First image per worker: the same JPEG (Autumn 2560×1600) first, then three copies of it",
              "", "| workload / mode | first image ms | same image later, ms | first ÷ later |", "|---|---:|---:|---:|"]
        for k, v in cw.items():
            if v["first_ms"] and v["later_ms"]:
                L.append(f"| {k} | {v['first_ms']:.1f} | {v['later_ms']:.1f} | {v['first_ms'] / v['later_ms']:.2f}× |")
        L.append("")
    md = report.get("metadata")
    if md and md.get("median_ms") is not None:
        L += ["### What keeping metadata costs: `--metadata keep` minus `--metadata strip`", "",
              f"The thumbnail job on the main set, 1 worker, {md['runs']} interleaved runs of each; per image the "
              f"median worker `ms` of each mode. {len(md['with_metadata'])} of {len(md['per_image'])} files carry "
              f"EXIF, XMP or a profile. Median cost per image **{md['median_ms']:+.2f} ms**, mean "
              f"{md['mean_ms']:+.2f} ms (target: under 2 ms).", "",
              "| image | metadata | keep − strip, ms |", "|---|---|---:|"]
        for f, d in md["per_image"].items():
            L.append(f"| {f} | {'yes' if f in md['with_metadata'] else 'no'} | {d:+.2f} |")
        L.append("")
    # Per-image ms table from the 1-worker runs.
    if wls and all("pp-w1" in s for s in wls.values()):
        L += ["### Per-image time in the worker (`ms` from `--json`, 1 worker, median over runs)", "",
              "| image | format | megapixels | " + " | ".join(f"{wl} ms" for wl in wls) + " |",
              "|---|---|---:|" + "---:|" * len(wls)]
        per = {wl: per_image_ms(s, "pp-w1") for wl, s in wls.items()}
        for f in report["main"]["files"]:
            w, h, _, _ = image_dims(os.path.join(main_dir, f))
            kind = image_kind(os.path.join(main_dir, f))
            cells = [f"{statistics.median(per[wl][f]):.0f}" if per[wl].get(f) else "—" for wl in wls]
            L.append(f"| {f} | {kind} | {w * h / 1e6:.1f} | " + " | ".join(cells) + " |")
        L.append("")
        # First image of each worker in the 2-worker runs.
        L += ["First image of each worker in the 2-worker runs (image, ms):", ""]
        for wl, s in wls.items():
            rows = first_per_worker(s, "pp-w2")
            L.append(f"- {wl}: " + "; ".join(
                ", ".join(f"worker {w}: {img} {ms:.0f} ms" for w, (img, ms) in sorted(r.items()) if ms is not None)
                for r in rows))
        L.append("")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
