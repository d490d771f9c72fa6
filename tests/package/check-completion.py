#!/usr/bin/env python3
"""The shell completions at work, with the real `pixelpool` on PATH and a user preset whose name
holds a space ("my web"), in a folder of files of every case (a.jpg, B.JPG, c.Jpg, d.kdc, i.txt):
- bash (through bash-completion's functions, as COMP_WORDS holds them): `--format=j` and
  `--preset=th` complete the value, `-p my` gives the one name "my web", inputs are the images
  and folders in any case and not i.txt, `report` offers `merge`;
- fish (`complete -C`): the same inputs, presets and preset files but no other file, `report`;
- zsh (an interactive zsh on a pseudo-terminal): `-p my` completes to `my\\ web`, `c` to c.Jpg.
A shell that is not installed is left out (and said); bash is needed.
  check-completion.py PIXELPOOL_EXE SOURCE_DIR"""
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

exe, src = os.path.abspath(sys.argv[1]), Path(sys.argv[2]).resolve()
comp = src / "resources/completion"
problems = []
tmp = Path(tempfile.mkdtemp(prefix="pixelpool-completion-"))
files = tmp / "files"
files.mkdir()
for name in ("a.jpg", "B.JPG", "c.Jpg", "d.kdc", "e.apng", "f.dib", "i.txt", "preset.json"):
    (files / name).write_bytes(b"x")
(files / "photos").mkdir()
config = tmp / "config"
(config / "PixelPool/presets").mkdir(parents=True)
shutil.copy(src / "resources/presets/web.json", config / "PixelPool/presets/my web.json")
preset = json.loads((config / "PixelPool/presets/my web.json").read_text())
preset["name"] = "my web"
(config / "PixelPool/presets/my web.json").write_text(json.dumps(preset))
env = {"PATH": f"{os.path.dirname(exe)}:/usr/bin:/bin", "HOME": str(tmp), "XDG_CONFIG_HOME": str(config),
       "LANG": "C.UTF-8", "TERM": "dumb"}
listed = subprocess.run([exe, "--list-presets"], env=env, capture_output=True, text=True).stdout
if "my web" not in listed:
    sys.exit(f"check-completion: the user preset 'my web' is not listed:\n{listed}")


def expect(shell, line, got, has=(), lacks=(), exactly=None):
    for h in has:
        if h not in got:
            problems.append(f"{shell} [{line}]: {h!r} not offered (got {got})")
    for l in lacks:
        if l in got:
            problems.append(f"{shell} [{line}]: {l!r} offered (got {got})")
    if exactly is not None and sorted(got) != sorted(exactly):
        problems.append(f"{shell} [{line}]: {got}, not {exactly}")
    print(f"{shell} [{line}] -> {got}")


# bash: the words as bash splits them (COMP_WORDBREAKS makes "=" a word of its own).
bash_completion = Path("/usr/share/bash-completion/bash_completion")
if not bash_completion.exists():
    sys.exit("check-completion: bash-completion is not installed")
harness = r'''
source /usr/share/bash-completion/bash_completion
source "$1"
shift
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE="${*}"; COMP_LINE="${COMP_LINE// = /=}"
COMP_POINT=${#COMP_LINE}
COMPREPLY=(); _pixelpool pixelpool "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
'''


def bash(*words):
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", harness, "bash", str(comp / "pixelpool.bash"),
                        "pixelpool", *words], env=env, cwd=files, capture_output=True, text=True)
    return [w for w in r.stdout.split("\n") if w]


expect("bash", "--format=j", bash("--format", "=", "j"), exactly=["jpeg", "jxl"])
expect("bash", "--preset=th", bash("--preset", "=", "th"), exactly=["thumbnail"])
expect("bash", "--colour=", bash("--colour", "=", ""), exactly=["keep", "srgb"])
expect("bash", "-p my", bash("-p", "my"), exactly=["my web"])
expect("bash", "-p my\\ w", bash("-p", "my\\ w"), exactly=["my web"])
expect("bash", "-p ", bash("-p", ""), has=["my web", "web", "preset.json", "photos"], lacks=["i.txt", "a.jpg"])
expect("bash", "", bash(""), has=["a.jpg", "B.JPG", "c.Jpg", "d.kdc", "e.apng", "f.dib", "photos"], lacks=["i.txt"])
expect("bash", "c", bash("c"), exactly=["c.Jpg"])
expect("bash", "report ", bash("report", ""), exactly=["merge"])
expect("bash", "report merge ", bash("report", "merge", ""), exactly=["photos", "preset.json"])

if shutil.which("fish"):
    def fish(line):
        r = subprocess.run(["fish", "--no-config", "-c", f"source {comp / 'pixelpool.fish'}; complete -C {line!r}"],
                           env=env, cwd=files, capture_output=True, text=True)
        return [w.split("\t")[0] for w in r.stdout.split("\n") if w]

    expect("fish", "pixelpool ", fish("pixelpool "), has=["a.jpg", "B.JPG", "c.Jpg", "d.kdc", "photos/", "report"],
           lacks=["i.txt", "preset.json"])
    expect("fish", "pixelpool -p ", fish("pixelpool -p "), has=["my web", "preset.json", "photos/"],
           lacks=["i.txt", "a.jpg"])
    expect("fish", "pixelpool --preset=th", fish("pixelpool --preset=th"), exactly=["--preset=thumbnail"])
    expect("fish", "pixelpool report ", fish("pixelpool report "), exactly=["merge"])
else:
    print("check-completion: fish is not installed, its completion is not tried")

if shutil.which("zsh"):
    def zsh(line):
        """What an interactive zsh makes of the line after one Tab."""
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(files)
            os.execve("/bin/sh", ["sh", "-c", "exec zsh -f -i"], env)
        out = b""

        def read(seconds, until=None):
            nonlocal out
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                if until and re.search(until, out):
                    return
                r, _, _ = select.select([fd], [], [], 0.1)
                if r:
                    try:
                        out += os.read(fd, 65536)
                    except OSError:
                        return

        read(10, rb"\S")  # zsh's first prompt: it reads the terminal now
        read(0.3)
        os.write(fd, f"PS1='READY> '; fpath=({comp} $fpath); autoload -Uz compinit; compinit -u -D\n".encode())
        read(10, rb"[\r\n]READY> ")
        out = b""
        os.write(fd, line.encode() + b"\t")
        read(5, rb"\x07|" + re.escape(line.encode()) + rb"\S")
        read(0.5)
        os.write(fd, b"\x15exit\n")
        read(2)
        os.close(fd)
        os.waitpid(pid, 0)
        text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\x07|\x08", "", out.decode(errors="replace"))
        # The line as completed; the Ctrl+U and "exit" sent after it follow after a run of spaces.
        return re.split(r"\s{3,}", text.split("\n")[0])[0].strip()

    for line, want in (("pixelpool -p my", "pixelpool -p my\\ web"), ("pixelpool c", "pixelpool c.Jpg"),
                       ("pixelpool report m", "pixelpool report merge")):
        got = zsh(line)
        if got != want:
            problems.append(f"zsh [{line}]: completed to {got!r}, not {want!r}")
        print(f"zsh [{line}] -> {got!r}")
else:
    print("check-completion: zsh is not installed, its completion is not tried")

shutil.rmtree(tmp, ignore_errors=True)
for p in problems:
    print("check-completion:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
