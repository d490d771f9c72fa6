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
  share/doc/pixelpool/cli.md.gz share/doc/pixelpool/scale-out.md.gz
  share/pixelpool/doc/user-guide.md share/pixelpool/doc/cli.md)
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

# No installed executable or plug-in names the folders it was built from (__FILE__ in OpenCV's
# CV_Assert, the debug information): the top-level CMakeLists.txt maps them to . and build.
source_dir=$(sed -n 's/^PixelPool_SOURCE_DIR:STATIC=//p' "$build/CMakeCache.txt")
build_dir=$(cd "$build" && pwd -P)
[[ -n $source_dir ]] || { echo "install-tree: no PixelPool_SOURCE_DIR in $build/CMakeCache.txt" >&2; exit 1; }
named=0
top=()
for d in bin libexec lib lib64; do [[ -d $tmp/first/$d ]] && top+=("$tmp/first/$d"); done
dirs=$(printf '%s\n' "$source_dir" "$(cd "$source_dir" && pwd -P)" "$build_dir" | sort -u)
while IFS= read -r -d '' f; do
  while IFS= read -r dir; do
    hits=$(strings -a "$f" | grep -F -- "$dir" | sort -u | head -3 || true)
    if [[ -n $hits ]]; then
      echo "install-tree: ${f#"$tmp/first/"} names $dir: $(echo $hits)" >&2
      named=1
    fi
  done <<<"$dirs"
done < <(find "${top[@]}" -type f -print0)
((named == 0)) || exit 1
echo "install-tree: no installed binary names $source_dir or $build_dir"

mv "$tmp/first" "$tmp/moved"
bash "$here/check-installed.sh" "$tmp/moved" "$how"
