#!/usr/bin/env bash
# Runs an installed PixelPool from its installed paths only: `pixelpool --batch` on the installed
# sample photos (the outputs checked), one BMP (the codec plug-in in lib/pixelpool/, loaded by the
# worker in libexec/pixelpool/, and once by pixelpool-in-process there, which bin/pixelpool execs
# for --in-process), and the window offscreen in its screenshot mode, which queues the
# files it is given, processes them in workers and exits by itself.
#   check-installed.sh PREFIX window|pixelpool|none
# window: starts PREFIX/libexec/pixelpool/pixelpool-desktop; pixelpool: starts PREFIX/bin/pixelpool
# with a file argument, as a desktop entry's %F does, which execs the window; none: a build
# without the window.
# PATH is reduced to the system's, so nothing can come from a build tree by PATH.
set -euo pipefail
prefix=$1
how=$2
export PATH=/usr/bin:/bin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin="$prefix/bin/pixelpool"
samples="$prefix/share/pixelpool/samples"
fail() {
  echo "check-installed: $*" >&2
  exit 1
}

docdir="$prefix/share/doc/pixelpool"
echo "== $docdir as dh_compress leaves it"
# gzip -9n for a file over 4 kB (find -size +4k) and for the changelog, whatever its size; the
# copyright as it is; nothing else compressed. -9n: the header's XFL byte is 2 (best), no name
# (FLG bit 3), no time (MTIME 0), so the package is the same every build.
[[ -d $docdir ]] || fail "$docdir is not installed"
for f in "$docdir"/*; do
  name=${f##*/}
  if [[ $name == *.gz ]]; then
    [[ $name != copyright* ]] || fail "$name: the copyright is never compressed"
    gzip -t "$f" 2>/dev/null || fail "$name is not a whole gzip file"
    read -r flg m0 m1 m2 m3 xfl < <(od -An -tu1 -j3 -N6 "$f")
    ((xfl == 2)) || fail "$name is not compressed with gzip -9 (XFL $xfl)"
    (((flg & 8) == 0 && m0 + m1 + m2 + m3 == 0)) || fail "$name keeps a name or a time (gzip without -n)"
    size=$(gzip -dc "$f" | wc -c)
    [[ $name == changelog* ]] || ((size > 4096)) || fail "$name holds $size bytes: under 4 kB, dh_compress leaves it as is"
  else
    [[ $name != changelog* ]] || fail "$name: the changelog is compressed whatever its size"
    [[ $name == copyright ]] || (($(stat -c %s "$f") <= 4096)) || fail "$name is over 4 kB and not compressed"
  fi
done

echo "== $bin --help and the man page: the documents they name are installed"
# --help names them by their installed path (share/doc/pixelpool/), from bin/pixelpool and from
# libexec/pixelpool/pixelpool-in-process, which bin/pixelpool execs for --in-process; a compressed
# one with its .gz.
for help in "$bin --help" "$bin --in-process --help"; do
  docs=$(cd "$tmp" && $help | grep -oE '[^ (]*\.md(\.gz)?' | sort -u)
  [[ -n $docs ]] || fail "$help names no document"
  for doc in $docs; do
    [[ $doc == /* ]] || fail "$help names $doc, which is not a path from anywhere"
    [[ -s $doc ]] || fail "$help names $doc, which is not installed"
    [[ $doc == "$docdir"/* ]] || fail "$help names $doc, outside $docdir"
  done
done
# The man page's SEE ALSO names them in /usr/share/doc/pixelpool/, by the names installed.
man="$prefix/share/man/man1/pixelpool.1.gz"
see_also=$(gzip -dc "$man" | sed -n '/^\.SH SEE ALSO/,/^\.SH/p')
[[ $see_also == *"/usr/share/doc/pixelpool/"* ]] || fail "the man page's SEE ALSO names no /usr/share/doc/pixelpool/"
named=$(grep -oE '[a-z-]+\.md(\.gz)?' <<<"$see_also" | sort -u)
[[ -n $named ]] || fail "the man page's SEE ALSO names no document"
for doc in $named; do
  [[ -s $docdir/$doc ]] || fail "the man page names $doc in /usr/share/doc/pixelpool/, which is not installed ($(ls "$docdir" | tr '\n' ' '))"
done

helpdir="$prefix/share/pixelpool/doc"
echo "== $helpdir: the documents the window's Help menu opens, and those they link"
# As they are, not compressed: the desktop's program for Markdown opens them. Every document the
# user guide or the command-line reference links to is beside them (the screenshots are not).
for doc in user-guide.md cli.md; do
  [[ -f $helpdir/$doc ]] || fail "$helpdir/$doc is not installed"
  [[ $(head -c 2 "$helpdir/$doc") == "# " ]] || fail "$helpdir/$doc is not the Markdown document"
  for linked in $(grep -oE '\]\([a-z-]+\.md(#[^)]*)?\)' "$helpdir/$doc" | sed -E 's/^\]\(//; s/[#)].*//' | sort -u); do
    [[ -f $helpdir/$linked ]] || fail "$doc links $linked, which is not installed beside it ($(ls "$helpdir" | tr '\n' ' '))"
  done
done

echo "== $bin --batch --preset thumbnail --json -o OUT $samples"
"$bin" --batch --preset thumbnail --json -o "$tmp/out" "$samples" >"$tmp/events.json" 2>"$tmp/stderr" ||
  fail "--batch exited with $? ($(cat "$tmp/stderr"))"
python3 - "$tmp/events.json" "$samples" <<'PY'
import json, os, sys
events = [json.loads(line) for line in open(sys.argv[1])]
summary = [e for e in events if e["event"] == "summary"]
images = [f for f in os.listdir(sys.argv[2]) if not f.endswith(".md")]
assert len(summary) == 1, "no summary event"
s = summary[0]
# The samples' README.md is left out by the folder scan (skipped), every image is done.
assert s["done"] == len(images) and s["failed"] == 0, f"summary {s} for {len(images)} images"
finished = [e for e in events if e["event"] == "finished"]
assert len(finished) == len(images), f"{len(finished)} finished events for {len(images)} images"
for e in finished:
    with open(e["output"], "rb") as f:
        assert f.read(3) == b"\xff\xd8\xff", f"{e['output']} is not a JPEG"
    assert 0 < e["width"] <= 256 and 0 < e["height"] <= 256, f"{e['output']} is {e['width']}x{e['height']}"
print(f"check-installed: {len(images)} thumbnails, every one a JPEG within 256x256")
PY

echo "== $bin --batch --format bmp (the OpenCV codec plug-in)"
"$bin" --batch --preset thumbnail --format bmp -q -o "$tmp/bmp" "$samples/kite.jpg" ||
  fail "--batch --format bmp exited with $?"
[[ $(head -c 2 "$tmp/bmp/kite.bmp") == BM ]] || fail "no BMP written: $(ls "$tmp/bmp")"

echo "== $bin --batch --in-process --format bmp (pixelpool-in-process from libexec/, the plug-in)"
"$bin" --batch --in-process --preset thumbnail --format bmp -q -o "$tmp/bmp-in-process" "$samples/kite.jpg" ||
  fail "--batch --in-process --format bmp exited with $?"
[[ $(head -c 2 "$tmp/bmp-in-process/kite.bmp") == BM ]] || fail "no BMP written in-process"

echo "== $bin --batch without its worker: the message names the worker where it is"
# Through the real folders, not the relative way there ("bin/../libexec/…", as it said before).
worker="$prefix/libexec/pixelpool/pixelpool-worker"
mv "$worker" "$worker.away"
said=$("$bin" --batch --preset thumbnail -q -o "$tmp/no-worker" "$samples/kite.jpg" 2>&1) && rc=0 || rc=$?
mv "$worker.away" "$worker"
real_worker="$(cd "$prefix/libexec/pixelpool" && pwd -P)/pixelpool-worker"
[[ $rc == 1 && $said == *"cannot start worker $real_worker: no such file or folder"* && $said != *"/../"* ]] ||
  fail "without its worker: exit $rc, said: $said"

case $how in
  none)
    echo "check-installed: all good from $prefix (a build without the window)"
    exit 0
    ;;
  window) cmd=("$prefix/libexec/pixelpool/pixelpool-desktop" "$samples/kite.jpg") ;;
  pixelpool) cmd=("$bin" "$samples/kite.jpg") ;;
  *) fail "unknown mode $how" ;;
esac
echo "== ${cmd[*]} (offscreen, screenshot mode)"
QT_QPA_PLATFORM=offscreen PIXELPOOL_SCREENSHOT="$tmp/shots" timeout 300 "${cmd[@]}" 2>"$tmp/window.log" ||
  fail "the window exited with $?: $(cat "$tmp/window.log")"
# The last screenshot is taken once the batch (the broken image the mode adds, and kite.jpg) ended.
[[ -s "$tmp/shots/main-window-done.png" ]] || fail "the window did not finish its batch: $(cat "$tmp/window.log")"
echo "check-installed: all good from $prefix"
