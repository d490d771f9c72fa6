#!/usr/bin/env bash
# The Debian package, end to end, from an existing build (no second build):
#   1. CPack makes build/package/pixelpool_VERSION-1_ARCH.deb (Depends from dpkg-shlibdeps);
#   2. lintian checks it: errors fail, warnings must be listed in docs/packaging.md;
#      desktop-file-validate and appstreamcli check the files inside it;
#   3. apt installs it, tests/package/check-installed.sh runs it from /usr (--batch on the
#      installed samples, the window offscreen from /usr/libexec/pixelpool), and apt removes it.
# Installs system-wide, so it needs root (else it exits 77: skipped); the CTest test package_deb
# runs it. Needs lintian, desktop-file-utils and appstream (install-deps.sh --tests).
#   scripts/package-test.sh [BUILD_DIR]      (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
if [[ $(id -u) -ne 0 ]]; then
  echo "package-test: skipped, needs root (it installs the package with apt)"
  exit 77
fi
for tool in cpack dpkg-deb lintian desktop-file-validate appstreamcli apt-get; do
  command -v "$tool" >/dev/null || { echo "package-test: $tool is missing (bash scripts/install-deps.sh --tests)" >&2; exit 1; }
done
# The test marks the package it installs here before apt-get runs and removes the mark once the
# package is purged: a run cut short (killed, machine restarted) before its cleanup leaves both,
# and the next run purges that leftover. A pixelpool installed without the mark belongs to
# someone else: the test would replace it and then remove it, so it leaves that to its owner.
mark=/var/lib/pixelpool-package-test.installed
# dpkg's state letter: n not installed, c only its configuration files, else (partly) installed.
state() { dpkg-query -W -f='${db:Status-Abbrev}' pixelpool 2>/dev/null | cut -c2; }
present() { [[ ! $(state) =~ ^[nc]?$ ]]; }
purge() { apt-get purge -y -qq -o DPkg::Lock::Timeout=300 pixelpool </dev/null >/dev/null; }
if [[ -e $mark ]]; then
  # Cut short inside apt, dpkg's own journal may be open too: apt then refuses everything until
  # `dpkg --configure -a` (what apt asks for) finishes that run.
  if [[ -n $(find /var/lib/dpkg/updates -maxdepth 1 -type f -name '[0-9]*' -print -quit 2>/dev/null) ]]; then
    echo "package-test: finishing the dpkg run an interrupted run of this test left (dpkg --configure -a)"
    dpkg --configure -a </dev/null >/dev/null || { echo "package-test: dpkg --configure -a failed" >&2; exit 1; }
  fi
  if [[ ! $(state) =~ ^n?$ ]]; then
    echo "package-test: removing the pixelpool package an interrupted run of this test left ($(cat "$mark"))"
    purge || { echo "package-test: could not remove the package an interrupted run left" >&2; exit 1; }
  fi
  rm -f "$mark"
fi
if present; then
  echo "package-test: a pixelpool package is installed already; remove it first (apt-get remove pixelpool)" >&2
  exit 1
fi
tmp=$(mktemp -d)
installed=0
cleanup() {
  if ((installed)); then
    if purge; then rm -f "$mark"; else echo "package-test: could not remove the package" >&2; fi
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

phase() { echo "== $* (at ${SECONDS} s)"; }
phase cpack
rm -f "$build"/package/pixelpool_*.deb
cpack --config "$build/CPackConfig.cmake" -B "$build/package" >"$tmp/cpack.log" 2>&1 || {
  cat "$tmp/cpack.log" >&2
  exit 1
}
debs=("$build"/package/pixelpool_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { echo "package-test: no single .deb in $build/package" >&2; exit 1; }
deb=${debs[0]}
depends=$(dpkg-deb -f "$deb" Depends)
echo "$(basename "$deb"): $(du -h "$deb" | cut -f1); Depends: $depends"
# Made by dpkg-shlibdeps from the ELF files: the libraries the executables and the plug-in link.
for lib in libqt6core6 libqt6widgets6 libopencv-core libheif1 libraw; do
  [[ $depends == *"$lib"* ]] || { echo "package-test: Depends lacks $lib" >&2; exit 1; }
done

phase lintian
lintian --no-tag-display-limit "$deb" >"$tmp/lintian.log" 2>&1 || true
cat "$tmp/lintian.log"
if grep -q '^E: ' "$tmp/lintian.log"; then
  echo "package-test: lintian found errors" >&2
  exit 1
fi
unlisted=0
for tag in $(sed -n 's/^W: pixelpool[^:]*: \([a-z0-9-]*\).*/\1/p' "$tmp/lintian.log" | sort -u); do
  grep -q -- "\`$tag\`" docs/packaging.md || { echo "package-test: lintian warning $tag is not in docs/packaging.md" >&2; unlisted=1; }
done
((unlisted == 0)) || exit 1

phase "desktop-file-validate, appstreamcli validate --no-net (the packaged files)"
dpkg-deb -x "$deb" "$tmp/root"
desktop-file-validate "$tmp"/root/usr/share/applications/*.desktop
appstreamcli validate --no-net "$tmp"/root/usr/share/metainfo/*.metainfo.xml

phase "apt-get install ./$(basename "$deb")"
installed=1
echo "installed by scripts/package-test.sh from $deb at $(date -u +%FT%TZ)" >"$mark"
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "$deb" </dev/null >"$tmp/apt.log" 2>&1 || {
  cat "$tmp/apt.log" >&2
  exit 1
}
phase "tests/package/check-installed.sh /usr window"
bash tests/package/check-installed.sh /usr window
dpkg -L pixelpool >"$tmp/files"

phase "apt-get remove pixelpool"
installed=0
apt-get remove -y -qq -o DPkg::Lock::Timeout=300 pixelpool </dev/null >"$tmp/apt.log" 2>&1 || {
  cat "$tmp/apt.log" >&2
  exit 1
}
left=$(grep -E '^/usr/(bin|libexec/pixelpool|lib/pixelpool)/' "$tmp/files" | while read -r f; do [[ -e $f ]] && echo "$f"; done || true)
[[ -z $left ]] || { echo "package-test: left after removal: $left" >&2; exit 1; }
# CPack's postrm keeps dpkg's record of the package ("config-files") until a purge.
dpkg --purge pixelpool >/dev/null
rm -f "$mark"
echo "package-test: built, checked, installed, run and removed $(basename "$deb") in ${SECONDS} s"
