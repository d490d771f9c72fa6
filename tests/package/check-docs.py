#!/usr/bin/env python3
"""Checks the files that describe PixelPool to a system against the real program:
- every option `pixelpool --help` prints is in the man page and in the bash, zsh and fish
  completion, and the man page describes no option that --help lacks;
- the man page's SYNOPSIS has every usage line of --help and of `pixelpool report merge --help`
  with the options each shows, and its EXIT STATUS the exit codes --help lists;
- the bash, zsh and fish completions offer the files of the extensions the input scanner takes;
- the desktop entry lists a MIME type for every extension the input scanner takes that
  shared-mime-info knows, and none for a kind PixelPool refuses (Canon CRW…) or does not take;
- the AppStream file's media types are the desktop entry's, and its screenshots are files of
  the repository at the size it declares;
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

# The documents --help names: in the build tree, docs/NAME of the source (installed, the package's
# share/doc/pixelpool/NAME: check-installed.sh).
named_docs = sorted(set(re.findall(r"[^\s(]*\.md\b", help_text)))
if not named_docs:
    problems.append("--help names no document")
for doc in named_docs:
    if not doc.startswith("docs/") or not (src / doc).is_file():
        problems.append(f"--help names {doc}, which is not a document of the source tree")

# The man page's SYNOPSIS against the usage lines of `pixelpool --help` and `pixelpool report
# merge --help`: each usage has a SYNOPSIS line for the same command, with every option the usage
# shows; and EXIT STATUS has the exit codes --help lists, no more, no fewer.
def roff_text(lines):
    """The words of roff request lines as man shows them: .B/.I join their arguments with spaces,
    .BR/.RB/.IR/.RI/.BI/.IB alternate fonts without one."""
    out = []
    for line in lines:
        line = line.rstrip("\n")
        m = re.match(r"\.(BR|RB|IR|RI|BI|IB|B|I)\s+(.*)$", line)
        if m:
            args = re.findall(r'"([^"]*)"|(\S+)', m.group(2))
            args = [a or b for a, b in args]
            out.append(("" if len(m.group(1)) == 2 else " ").join(args))
        elif line and not line.startswith("."):
            out.append(line)
    return " ".join(out).replace("\\-", "-").replace("\\e", "\\")


def usage_command(text):
    """The words that name a command ("pixelpool report merge", "pixelpool --batch") and the
    options it shows."""
    words = text.replace("[", " [ ").replace("]", " ] ").replace("|", " | ").split()
    head, depth = [], 0
    for w in words:
        if w == "[":
            depth += 1
        elif w == "]":
            depth -= 1
        elif depth == 0 and (w == "pixelpool" or re.fullmatch(r"[a-z]+", w) or
                             (len(head) == 1 and w.startswith("--"))):
            head.append(w)
        else:
            break
    return " ".join(head), set(re.findall(r"(?<![\w-])(--?[a-z][a-z0-9-]*)", text)) - set(head)


synopsis_roff = man.split(".SH SYNOPSIS", 1)[1].split(".SH ", 1)[0]
synopsis = {}
for chunk in synopsis_roff.split(".br\n"):
    command, opts = usage_command(roff_text(chunk.splitlines()))
    synopsis[command] = opts
usages = []
in_usage = False
for line in help_text.splitlines():
    m = re.match(r"\s*(?:Usage:)?\s*(pixelpool\b.*?)(?:\s{2,}.*)?$", line)
    if m and (in_usage or line.lstrip().startswith("Usage:")):
        usages.append(m.group(1))
        in_usage = True
    else:
        in_usage = False
merge_help = subprocess.run([exe, "report", "merge", "--help"], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin"}).stdout
usages += [m.group(1) for m in re.finditer(r"usage:\s*(pixelpool\b.*)", merge_help)]
if len(usages) < 4:
    problems.append(f"could not read the usage lines of --help and report merge --help: {usages}")
for usage in usages:
    command, opts = usage_command(usage)
    if command not in synopsis:
        problems.append(f"man page: SYNOPSIS has no line for {command!r} ({usage})")
    elif opts - synopsis[command]:
        problems.append(f"man page: SYNOPSIS {command!r} lacks {', '.join(sorted(opts - synopsis[command]))} "
                        f"(--help: {usage})")
help_codes = set()
if "Exit codes:" in help_text:
    for line in help_text.split("Exit codes:", 1)[1].splitlines()[1:]:
        m = re.match(r"\s+(\d+)\s", line)
        if not m:
            break
        help_codes.add(m.group(1))
exit_roff = man.split(".SH EXIT STATUS", 1)[1].split(".SH ", 1)[0]
man_codes = set(re.findall(r"^\.TP\n\.B (\d+)$", exit_roff, re.M))
if len(help_codes) < 3:
    problems.append(f"could not read the exit codes of --help: {sorted(help_codes)}")
for code in sorted(help_codes - man_codes, key=int):
    problems.append(f"man page: EXIT STATUS lacks {code}, which --help lists")
for code in sorted(man_codes - help_codes, key=int):
    problems.append(f"man page: EXIT STATUS has {code}, which --help does not list")

# MIME types: the scanner's extensions (shared/frontend/InputScanner.cpp), through shared-mime-info.
scanner = (src / "shared/frontend/InputScanner.cpp").read_text()
extensions = []
for name in ("kImageExtensions", "kCameraRawExtensions"):
    m = re.search(name + r"\[\]\s*=\s*\{([^}]*)\}", scanner)
    if not m:
        sys.exit(f"check-docs: {name} not found in InputScanner.cpp")
    extensions += re.findall(r'"(\w+)"', m.group(1))
# The camera RAW kinds the scanner takes by name but PixelPool never reads: each such file fails
# "a camera RAW of a kind PixelPool does not read" (shared/image/ImageProbe.cpp). The desktop entry
# must not offer to open them. Each kind named here is looked for in that refusal, so a kind that
# becomes readable (or is no longer refused) makes this list wrong and the check fail.
refused = {"crw": "Canon CRW", "mrw": "Minolta MRW", "iiq": "Phase One IIQ"}
probe = (src / "shared/image/ImageProbe.cpp").read_text()
for ext, kind in refused.items():
    if ext not in extensions:
        problems.append(f"check-docs: .{ext} is listed as refused but the scanner does not take it")
    if not re.search(r'\{[^{}]*"' + re.escape(kind) + r'"\}', probe):
        problems.append(f"check-docs: {kind} (.{ext}) is not among the kinds ImageProbe.cpp refuses")
# The completions offer the files a folder scan takes: their extension lists are the scanner's.
for name, pattern in (("bash", r"_pixelpool_images='([^']*)'"), ("zsh", r"local images='\*\.\(#i\)\(([^)]*)\)"),
                      ("fish", r"__pixelpool_files ((?:[a-z0-9]+ |\\\n\s*)+[a-z0-9]+)\n")):
    text = {"bash": bash, "zsh": zsh, "fish": fish}[name]
    m = re.search(pattern, text)
    if not m:
        problems.append(f"{name} completion: its list of image extensions was not found")
        continue
    theirs = re.findall(r"[a-z0-9]+", m.group(1))
    if sorted(theirs) != sorted(extensions):
        problems.append(f"{name} completion: image extensions differ from the scanner's: missing "
                        f"{sorted(set(extensions) - set(theirs))}, not taken {sorted(set(theirs) - set(extensions))}")
desktop = (res / f"desktop/{app_id}.desktop").read_text()
listed_in_order = re.search(r"^MimeType=(.*)$", desktop, re.M).group(1).strip(";").split(";")
listed = set(listed_in_order)
globs = Path("/usr/share/mime/globs2")
if not globs.exists():
    sys.exit("check-docs: /usr/share/mime/globs2 is missing (shared-mime-info)")
known = {}
for line in globs.read_text().splitlines():
    parts = line.split(":")
    if len(parts) >= 3 and parts[2].startswith("*."):
        known.setdefault(parts[2][2:].lower(), set()).add(parts[1])
opened = set()  # the types of the extensions PixelPool opens
for ext in extensions:
    types = known.get(ext.lower(), set())
    if ext in refused:
        continue
    opened |= types
    if types and not types & listed:
        problems.append(f"desktop entry: .{ext} ({', '.join(sorted(types))}) is not in MimeType")
# A type this shared-mime-info does not know (image/apng, image/heic in older ones) is not judged.
for t in sorted((listed - opened) & set().union(*known.values())):
    why = [f".{e}" for e in refused if t in known.get(e, set())]
    problems.append(f"desktop entry: MimeType lists {t}, " +
                    (f"a kind PixelPool refuses ({', '.join(why)})" if why else "which no extension PixelPool opens has"))

# AppStream: the media types are the desktop entry's; every screenshot named is in the repository
# (docs/screenshots/), at the size declared.
import xml.etree.ElementTree as ET
meta = ET.parse(res / f"desktop/{app_id}.metainfo.xml").getroot()
mediatypes = [e.text.strip() for e in meta.iter("mediatype")]
if set(mediatypes) != listed or len(mediatypes) != len(set(mediatypes)):
    problems.append(f"metainfo: <mediatype> lists {len(mediatypes)} types, the desktop entry {len(listed)}: "
                    f"only in metainfo {sorted(set(mediatypes) - listed)}, only in the desktop entry "
                    f"{sorted(listed - set(mediatypes))}")
shots = list(meta.iter("image"))
if not shots:
    problems.append("metainfo: no screenshot")
for image in shots:
    url = image.text.strip()
    m = re.match(r"https://raw\.githubusercontent\.com/[^/]+/[^/]+/[^/]+/(.+)$", url)
    if not m:
        problems.append(f"metainfo: screenshot {url} is not a file of the repository")
        continue
    path = src / m.group(1)
    if not path.is_file():
        problems.append(f"metainfo: screenshot {m.group(1)} is not in the repository")
        continue
    header = path.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        problems.append(f"metainfo: screenshot {m.group(1)} is not a PNG")
        continue
    size = (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big"))
    declared = (int(image.get("width", 0)), int(image.get("height", 0)))
    if size != declared:
        problems.append(f"metainfo: screenshot {m.group(1)} is {size[0]}x{size[1]}, declared "
                        f"{declared[0]}x{declared[1]}")

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
      f"{len(extensions)} extensions covered ({len(refused)} refused); {len(listed)} MIME types, "
      f"{len(shots)} screenshots")
