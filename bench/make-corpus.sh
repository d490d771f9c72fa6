#!/usr/bin/env bash
# Builds the benchmark corpus under bench/corpus/ (git-ignored) from Debian's
# plasma-workspace-wallpapers: real photos (and a few digital artworks) that nobody on this
# project made. Nothing is downloaded except Debian packages. Deterministic: the same package
# versions give the same files (bench/corpus/MANIFEST.sha256 lists them).
#
#   bench/make-corpus.sh            build what is missing
#   bench/make-corpus.sh --force    rebuild from scratch
#
# Sets (see docs/benchmarks.md):
#   main/     32 images, 186.2 megapixels:
#               12 wallpaper JPEGs at 2560x1600, copied byte for byte
#                6 wallpaper JPEGs at 5120x2880, copied byte for byte
#                6 of the 2560x1600 photos re-encoded as PNG (vips, compression 6)
#                4 of the 5120x2880 images downscaled to 2560x1440 (ImageMagick, JPEG q90)
#                4 of the 2560x1600 photos downscaled to 1920x1200 (ImageMagick, JPEG q90)
#   small/    5,000 JPEGs of 640x480 cut from the 18 wallpaper JPEGs at several scales
#   small-extra/ 5,000 more made the same way
#   queue10k/ hard links to the 10,000 images of small/ and small-extra/ (front-end memory
#             test; distinct files: PixelPool skips a second link to a file it already queued)
#   wallpapers/ the second set (bench/lib/make-wallpapers.sh): what the main set lacks, from
#             gnome-backgrounds, lomiri-wallpapers, mate-backgrounds and ukui-wallpapers: big
#             progressive JPEGs at quality 95-100, 4:4:4 and 4:2:2 chroma, big PNGs with alpha
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CORPUS="$HERE/corpus"
WP=/usr/share/wallpapers
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { printf '[make-corpus] %s\n' "$*" >&2; }

# --- packages ---------------------------------------------------------------------------------
# shellcheck source=lib/debs.sh
source "$HERE/lib/debs.sh"
ensure_debs make-corpus plasma-workspace-wallpapers imagemagick libvips-tools python3-pil
# The real ImageMagick, never a wrapper that may sit earlier on PATH.
IM_CONVERT=/usr/bin/convert
PY=/usr/bin/python3

# --- sources ----------------------------------------------------------------------------------
# The wallpapers' JPEGs at 2560x1600 (all photographs) and 5120x2880 (Volna is a photograph;
# Flow, Flow dark, Honeywave, SafeLanding and Shell are digital artworks; they are the only JPEGs
# the package ships at that size, and they are kept for the scale the issue asks for).
SRC_2560=(Autumn BytheWater ColdRipple ColorfulCups DarkestHour EveningGlow FallenLeaf Grey Kite
          OneStandsOut Path summer_1am)
SRC_5120=(Flow:images Flow-dark:images_dark Honeywave:images SafeLanding:images Shell:images
          Volna:images)
PNG_FROM=(Autumn BytheWater ColdRipple ColorfulCups DarkestHour EveningGlow) # -> PNG 2560x1600
HALF_FROM=(Honeywave SafeLanding Shell Volna)                                  # -> JPEG 2560x1440
SMALLER_FROM=(FallenLeaf Kite OneStandsOut Path)                               # -> JPEG 1920x1200

src2560() { echo "$WP/$1/contents/images/2560x1600.jpg"; }
src5120() { local name=${1%%:*} dir=${1#*:}; echo "$WP/${name%-dark}/contents/$dir/5120x2880.jpg"; }

for n in "${SRC_2560[@]}"; do [[ -f $(src2560 "$n") ]] || { log "missing $(src2560 "$n")"; exit 1; }; done
for e in "${SRC_5120[@]}"; do [[ -f $(src5120 "$e") ]] || { log "missing $(src5120 "$e")"; exit 1; }; done

if [[ $FORCE -eq 0 && -f "$CORPUS/.complete" ]]; then
    log "main and small sets already built ($CORPUS); --force rebuilds"
    "$HERE/lib/make-wallpapers.sh" "$CORPUS"
    exit 0
fi
rm -rf "$CORPUS"
mkdir -p "$CORPUS"
TMP="$CORPUS/.build"
mkdir -p "$TMP/main"
export VIPS_WARNING=0 # "unknown EXIF resolution unit" on some wallpapers: harmless

# --- main set ---------------------------------------------------------------------------------
log "main set"
for n in "${SRC_2560[@]}"; do cp "$(src2560 "$n")" "$TMP/main/$n-2560x1600.jpg"; done
for e in "${SRC_5120[@]}"; do cp "$(src5120 "$e")" "$TMP/main/${e%%:*}-5120x2880.jpg"; done
for n in "${PNG_FROM[@]}"; do
    # vips writes no timestamps, so the PNG bytes are reproducible.
    vips copy "$(src2560 "$n")" "$TMP/main/$n-png-2560x1600.png[compression=6,strip]"
done
for n in "${HALF_FROM[@]}"; do
    $IM_CONVERT "$TMP/main/$n-5120x2880.jpg" -resize 2560x1440 -strip -quality 90 "$TMP/main/$n-2560x1440.jpg" 2>/dev/null
done
for n in "${SMALLER_FROM[@]}"; do
    $IM_CONVERT "$TMP/main/$n-2560x1600.jpg" -resize 1920x1200 -strip -quality 90 "$TMP/main/$n-1920x1200.jpg" 2>/dev/null
done

# --- small set and the 10k queue --------------------------------------------------------------
log "small set (5,000 + 5,000 × 640x480) and queue10k (10,000 hard links)"
"$PY" "$HERE/lib/make_small.py" "$TMP/main" "$TMP/small" 5000 "$TMP/small-extra" 5000 "$TMP/queue10k"

# --- manifest ---------------------------------------------------------------------------------
(cd "$TMP" && find main small small-extra -type f | sort | xargs sha256sum) > "$TMP/MANIFEST.sha256"
for d in main small small-extra queue10k; do mv "$TMP/$d" "$CORPUS/$d"; done
mv "$TMP/MANIFEST.sha256" "$CORPUS/"
rmdir "$TMP"
{
    echo "plasma-workspace-wallpapers $(dpkg-query -W -f='${Version}' plasma-workspace-wallpapers)"
    echo "imagemagick $(dpkg-query -W -f='${Version}' imagemagick)"
    echo "libvips-tools $(dpkg-query -W -f='${Version}' libvips-tools)"
    echo "python3-pil $(dpkg-query -W -f='${Version}' python3-pil)"
} > "$CORPUS/.complete"
"$PY" "$HERE/lib/megapixels.py" "$CORPUS/main" main
log "done: $CORPUS ($(du -sh "$CORPUS" | cut -f1))"
"$HERE/lib/make-wallpapers.sh" "$CORPUS" --force
