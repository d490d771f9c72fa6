#!/usr/bin/env bash
# Makes the README's screenshots from the real window, offscreen, so they stay current:
#   docs/screenshots/main-window.png       mid-batch: thumbnails completing, a failure with its reason
#   docs/screenshots/preset-editor.png     the preset editor with a worker-made before/after preview
#   docs/screenshots/main-window-done.png  the end of the batch: the banner with its failure list
# Builds nothing: run scripts/build.sh first. Inputs: the folders/files given as arguments, else
# resources/samples plus (when installed) one picture of each desktop wallpaper, so the queue is
# full enough to look like real use. The app adds one broken image itself. The window speaks the
# language of LANG; SCREENSHOT_DIR puts the pictures elsewhere (the user guide's German window):
#   scripts/screenshots.sh [IMAGE_OR_FOLDER...]
#   LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 SCREENSHOT_DIR=docs/screenshots/de scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
if [[ ! -x "$build/bin/pixelpool" || ! -x "$build/bin/pixelpool-worker" ]]; then
  echo "screenshots.sh: $build/bin/pixelpool not found; run scripts/build.sh first" >&2
  exit 1
fi
inputs=()
if (($#)); then
  inputs=("$@")
else
  [[ -d resources/samples ]] && inputs+=("$PWD/resources/samples")
  # Wallpaper files are named by resolution ("1920x1080.jpg"): link them under their theme's
  # name so the queue reads like a folder of photos.
  links=$(mktemp -d)
  trap 'rm -rf "$links"' EXIT
  count=0
  for dir in /usr/share/wallpapers/*/contents/images; do
    [[ -d "$dir" ]] || continue
    pick=$(ls "$dir"/1920x1080.* 2>/dev/null | head -n1 || true)
    [[ -n "$pick" ]] || pick=$(ls "$dir"/* 2>/dev/null | head -n1 || true)
    [[ -n "$pick" ]] || continue
    theme=$(basename "$(dirname "$(dirname "$dir")")")
    ln -s "$pick" "$links/$theme.${pick##*.}"
    count=$((count + 1))
    ((count < 17)) || break
  done
  ((count == 0)) || inputs+=("$links")
fi
if ((${#inputs[@]} == 0)); then
  echo "screenshots.sh: no sample images; pass folders or images as arguments" >&2
  exit 1
fi
out="${SCREENSHOT_DIR:-docs/screenshots}"
mkdir -p "$out"
# A 1920×1080 screen: the offscreen platform's own is 800×800, and the preset editor fits itself
# to its screen (it was cut to 796×796, its preview half off the picture).
screens=$(mktemp)
trap 'rm -rf "${links:-}" "$screens"' EXIT
echo '{"screens": [{"name": "screen0", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96}]}' >"$screens"
QT_QPA_PLATFORM="offscreen:configfile=$screens" PIXELPOOL_SCREENSHOT="$(cd "$out" && pwd)" \
  "$build/bin/pixelpool" "${inputs[@]}"
