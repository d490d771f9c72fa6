#!/usr/bin/env python3
"""Checks the files that describe PixelPool to a system against the real program:
- every option `pixelpool --help` prints is in the man page and in the bash, zsh and fish
  completion, and the man page describes no option that --help lacks;
- the desktop entry lists a MIME type for every extension the input scanner takes that
  shared-mime-info knows;
- desktop-file-validate and `appstreamcli validate --no-net` accept the desktop entry and the
  AppStream file.
  check-docs.py PIXELPOOL_EXE SOURCE_DIR"""
import re
import subprocess
import sys
from pathlib import Path

exe, src = sys.argv[1], Path(sys.argv[2])
res = src / "resources"
app_id = "io.github.pixelpool.PixelPool"
problems = []

help_text = subprocess.run([exe, "--help"], capture_output=True, text=True, check=True,
                           env={"PATH": "/usr/bin:/bin"}).stdout
longs, shorts = set(), set()
for line in help_text.splitlines():
    m = re.match(r"\s+(?:-(\w), )?--([a-z][a-z0-9-]*)", line)
    if m:
        longs.add(m.group(2))
        if m.group(1):
            shorts.add(m.group(1))
if len(longs) < 5:
    sys.exit(f"check-docs: could not read the options from {exe} --help:\n{help_text}")

man = (res / "man/pixelpool.1").read_text()
bash = (res / "completion/pixelpool.bash").read_text()
zsh = (res / "completion/_pixelpool").read_text()
fish = (res / "completion/pixelpool.fish").read_text()
roff = lambda o: o.replace("-", r"\-")
for o in sorted(longs):
    if not re.search(r"\\-\\-" + re.escape(roff(o)) + r"(?![a-z\\])", man):
        problems.append(f"man page: --{o} is not described")
    for name, text in (("bash", bash), ("zsh", zsh)):
        if not re.search(r"--" + re.escape(o) + r"(?![a-z-])", text):
            problems.append(f"{name} completion: --{o} is missing")
    if not re.search(r"-l " + re.escape(o) + r"(?![a-z-])", fish):
        problems.append(f"fish completion: --{o} is missing")
for s in sorted(shorts):
    if not re.search(r"\\-" + s + r"\b", man):
        problems.append(f"man page: -{s} is not described")
    for name, text in (("bash", bash), ("zsh", zsh)):
        if not re.search(r"(?<![-\w])-" + s + r"\b", text):
            problems.append(f"{name} completion: -{s} is missing")
    if not re.search(r"-s " + s + r"\b", fish):
        problems.append(f"fish completion: -{s} is missing")
# The other way: an option the man page's OPTIONS section describes that --help no longer has.
options = man.split(".SH OPTIONS", 1)[1].split(".SH ", 1)[0]
for block in options.split(".TP\n")[1:]:
    for o in re.findall(r"\\-\\-((?:[a-z0-9]|\\-)+)", block.splitlines()[0]):
        o = o.replace("\\-", "-")
        if o not in longs:
            problems.append(f"man page: --{o} is not an option of --help")

# MIME types: the scanner's extensions (shared/frontend/InputScanner.cpp), through shared-mime-info.
scanner = (src / "shared/frontend/InputScanner.cpp").read_text()
extensions = []
for name in ("kImageExtensions", "kCameraRawExtensions"):
    m = re.search(name + r"\[\]\s*=\s*\{([^}]*)\}", scanner)
    if not m:
        sys.exit(f"check-docs: {name} not found in InputScanner.cpp")
    extensions += re.findall(r'"(\w+)"', m.group(1))
desktop = (res / f"desktop/{app_id}.desktop").read_text()
listed = set(re.search(r"^MimeType=(.*)$", desktop, re.M).group(1).strip(";").split(";"))
globs = Path("/usr/share/mime/globs2")
if not globs.exists():
    sys.exit("check-docs: /usr/share/mime/globs2 is missing (shared-mime-info)")
known = {}
for line in globs.read_text().splitlines():
    parts = line.split(":")
    if len(parts) >= 3 and parts[2].startswith("*."):
        known.setdefault(parts[2][2:].lower(), set()).add(parts[1])
for ext in extensions:
    types = known.get(ext.lower(), set())
    if types and not types & listed:
        problems.append(f"desktop entry: .{ext} ({', '.join(sorted(types))}) is not in MimeType")

for cmd in (["desktop-file-validate", str(res / f"desktop/{app_id}.desktop")],
            ["appstreamcli", "validate", "--no-net", str(res / f"desktop/{app_id}.metainfo.xml")]):
    r = subprocess.run(cmd, capture_output=True, text=True)
    print(f"$ {' '.join(cmd)}\n{r.stdout}{r.stderr}", end="")
    if r.returncode != 0:
        problems.append(f"{cmd[0]} failed")

for p in problems:
    print("check-docs:", p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"check-docs: {len(longs)} long and {len(shorts)} short options documented; "
      f"{len(extensions)} extensions covered")
