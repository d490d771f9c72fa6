#!/usr/bin/env bash
# The benchmark's second set, bench/corpus/wallpapers/ (git-ignored): what the main set lacks,
# from Debian's wallpaper packages. Called by bench/make-corpus.sh; deterministic (the same
# package versions give the same bytes, listed in MANIFEST-wallpapers.sha256).
#
#   bench/lib/make-wallpapers.sh CORPUS_DIR [--force]
#
# As the packages ship them (byte for byte):
#   mate-backgrounds: Elephants 5640x3172 and 3840x2160 (progressive, quality 100, 4:2:2) and ten
#     photographs of 1680x1050 to 2560x1920 (quality 85-100, 4:2:0 and 4:2:2)
#   ukui-wallpapers: five 3640x2400-3840x2400 JPEGs at quality 99, 4:4:4 (rhythm is progressive),
#     four PNGs of 3640x2400-3840x2400 with alpha
#   lomiri-wallpapers: warty-final-ubuntu.png, 4096x2304; mate-backgrounds: Gulp.png, alpha
# Re-encoded as progressive JPEGs with ImageMagick (-interlace JPEG -strip):
#   gnome-backgrounds: four 4096x4096 WebP artworks at quality 95-100 in 4:4:4, 4:2:2 and 4:2:0
#   three of the mate photographs and one ukui JPEG at quality 95-100
set -euo pipefail
CORPUS=$1
FORCE=0
[[ "${2:-}" == "--force" ]] && FORCE=1
log() { printf '[make-corpus] %s\n' "$*" >&2; }
OUT="$CORPUS/wallpapers"
if [[ $FORCE -eq 0 && -f "$CORPUS/.wallpapers-complete" && -d $OUT ]]; then
    log "wallpapers set already built ($OUT)"
    exit 0
fi
PKGS=(gnome-backgrounds lomiri-wallpapers mate-backgrounds ukui-wallpapers)
# shellcheck source=debs.sh
source "$(dirname "${BASH_SOURCE[0]}")/debs.sh"
ensure_debs make-corpus "${PKGS[@]}" imagemagick
IM_CONVERT=/usr/bin/convert
G=/usr/share/backgrounds/gnome
M=/usr/share/backgrounds/mate
U=/usr/share/backgrounds

SHIPPED=("$M/abstract/Elephants_5640x3172.jpg" "$M/abstract/Elephants_3840x2160.jpg"
         "$M/nature/RainDrops.jpg" "$M/nature/Blinds.jpg" "$M/nature/Dune.jpg" "$M/nature/TwoWings.jpg"
         "$M/nature/Storm.jpg" "$M/nature/Wood.jpg" "$M/nature/LadyBird.jpg" "$M/nature/YellowFlower.jpg"
         "$M/nature/Garden.jpg" "$M/nature/Aqua.jpg"
         "$U/rhythm.jpg" "$U/string.jpg" "$U/2004default.jpg" "$U/firstgeneration.jpg" "$U/the-mouse.jpg"
         "$U/focal-ubuntukylin.png" "$U/fluent-color.png" "$U/goldfish.png" "$U/calla.png"
         "$U/warty-final-ubuntu.png" "$M/abstract/Gulp.png")
# source : quality : chroma (ImageMagick -sampling-factor) : output name
REENCODED=("$G/adwaita-l.webp:100:1x1:adwaita-l-q100-444-prog.jpg"
           "$G/pixels-l.webp:98:2x1:pixels-l-q98-422-prog.jpg"
           "$G/wood-l.webp:100:2x1:wood-l-q100-422-prog.jpg"
           "$G/licorice-d.webp:95:2x2:licorice-d-q95-420-prog.jpg"
           "$M/nature/TwoWings.jpg:100:1x1:TwoWings-q100-444-prog.jpg"
           "$M/nature/Wood.jpg:95:2x1:Wood-q95-422-prog.jpg"
           "$M/nature/LadyBird.jpg:98:2x2:LadyBird-q98-420-prog.jpg"
           "$U/the-mouse.jpg:100:2x1:the-mouse-q100-422-prog.jpg")
for f in "${SHIPPED[@]}"; do [[ -f $f ]] || { log "missing $f"; exit 1; }; done
for e in "${REENCODED[@]}"; do [[ -f ${e%%:*} ]] || { log "missing ${e%%:*}"; exit 1; }; done

log "wallpapers set"
rm -rf "$OUT" "$OUT.build"
mkdir -p "$OUT.build"
for f in "${SHIPPED[@]}"; do cp "$f" "$OUT.build/"; done
for e in "${REENCODED[@]}"; do
    IFS=: read -r src quality chroma name <<< "$e"
    $IM_CONVERT "$src" -strip -interlace JPEG -quality "$quality" -sampling-factor "$chroma" "$OUT.build/$name"
done
(cd "$OUT.build" && find . -type f | sort | xargs sha256sum) > "$CORPUS/MANIFEST-wallpapers.sha256"
mv "$OUT.build" "$OUT"
# The marker last, outside the set: the benchmark takes every file of the folder.
for p in "${PKGS[@]}" imagemagick; do echo "$p $(dpkg-query -W -f='${Version}' "$p")"; done > "$CORPUS/.wallpapers-complete"
/usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/megapixels.py" "$OUT" wallpapers
