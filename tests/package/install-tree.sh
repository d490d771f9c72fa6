#!/usr/bin/env bash
# `cmake --install` of an existing build into a temporary prefix: the GNU layout is checked, then
# the tree is moved elsewhere and run from there by check-installed.sh. A moved tree works because
# the executables find each other through the relative paths between the install folders.
#   install-tree.sh BUILD_DIR window|pixelpool|none
set -euo pipefail
build=$1
how=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/first" >"$tmp/install.log"

id=io.github.pixelpool.PixelPool
expected=(bin/pixelpool libexec/pixelpool/pixelpool-worker libexec/pixelpool/pixelpool-in-process
  share/pixelpool/presets/web.json
  share/pixelpool/samples/kite.jpg share/applications/$id.desktop share/metainfo/$id.metainfo.xml
  share/icons/hicolor/scalable/apps/$id.svg share/man/man1/pixelpool.1.gz
  share/bash-completion/completions/pixelpool share/zsh/vendor-completions/_pixelpool
  share/fish/vendor_completions.d/pixelpool.fish share/doc/pixelpool/copyright
  share/doc/pixelpool/cli.md share/doc/pixelpool/scale-out.md)
[[ $how == none ]] || expected+=(libexec/pixelpool/pixelpool-desktop)
for size in 16 24 32 48 64 128 256; do expected+=(share/icons/hicolor/${size}x$size/apps/$id.png); done
missing=0
for f in "${expected[@]}"; do
  [[ -e "$tmp/first/$f" ]] || { echo "install-tree: $f was not installed" >&2; missing=1; }
done
# lib/ or lib/<multiarch>/, as GNUInstallDirs chose for the configured prefix.
for name in opencv-codecs heif jxl; do
  plugin=$(cd "$tmp/first" && ls lib*/pixelpool/libpixelpool-$name.so lib/*/pixelpool/libpixelpool-$name.so 2>/dev/null || true)
  [[ -n $plugin ]] || { echo "install-tree: the $name plug-in is not in lib/pixelpool/" >&2; missing=1; }
done
unexpected=$(cd "$tmp/first" && ls | grep -vxE 'bin|lib|lib64|libexec|share' || true)
[[ -z $unexpected ]] || { echo "install-tree: unexpected folders at the top: $unexpected" >&2; missing=1; }
((missing == 0)) || exit 1
# Each PNG icon is the size its folder says (the PNG header's width and height).
for size in 16 24 32 48 64 128 256; do
  png="$tmp/first/share/icons/hicolor/${size}x$size/apps/$id.png"
  read -r w h < <(od -An -tu1 -j16 -N8 "$png" | awk '{print $3*256+$4, $7*256+$8}')
  [[ "$w $h" == "$size $size" ]] || { echo "install-tree: $png is ${w}x$h" >&2; exit 1; }
done
echo "install-tree: the layout is complete ($plugin)"

mv "$tmp/first" "$tmp/moved"
bash "$here/check-installed.sh" "$tmp/moved" "$how"
