#!/usr/bin/env bash
# PixelPool benchmark: one command. See docs/benchmarks.md.
#
#   bench/run.sh            full run (3 interleaved runs of every contender and all the checks;
#                           about 20-30 minutes on 2 cores); writes bench/results/latest.md
#   bench/run.sh --quick    1 run on a subset, a few minutes; writes bench/results/raw/quick.md
#   other options go to bench/lib/bench.py (--runs N, --only classic,web,thumbnail,small,startup,
#   memory,coldwarm,guistall, --idle-threshold F, --max-idle-wait S, --nice N, --render RAW_DIR)
#
# Installs what it needs from Debian (hyperfine, imagemagick, graphicsmagick, libvips-tools,
# parallel, python3-pil, python3-numpy, python3-matplotlib, time, the wallpaper packages of the
# corpus; nodejs and npm when there is no Node.js), sharp from the npm registry into
# bench/sharp/node_modules (the benchmark's own folder; PixelPool never needs Node.js), brings the
# binaries it runs up to date in build/ with ninja, builds the corpus with bench/make-corpus.sh when
# it is missing, and draws the charts into docs/benchmarks/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"

ARGS=()
for a in "$@"; do
    case "$a" in
        --build) ;; # what every run does now (below); kept for older command lines
        -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
        *) ARGS+=("$a") ;;
    esac
done

# shellcheck source=lib/debs.sh
source "$HERE/lib/debs.sh"
debs=(hyperfine imagemagick graphicsmagick libvips-tools parallel python3-pil python3-numpy python3-matplotlib time
      plasma-workspace-wallpapers)
command -v node >/dev/null && command -v npm >/dev/null || debs+=(nodejs npm)
ensure_debs run.sh "${debs[@]}"

if [[ -z "${PIXELPOOL:-}" ]]; then
    if [[ ! -d "$ROOT/build" ]]; then
        echo "[run.sh] configuring build/ (cmake, Ninja)" >&2
        cmake -S "$ROOT" -B "$ROOT/build" -G Ninja >/dev/null
    fi
    targets=(pixelpool pixelpool-worker pixelpool-in-process pixelpool-heif pixelpool-jxl pixelpool-opencv-codecs
             pixelpool-bench-floor)
    # The responsiveness probe (guistall) exists only in a build with the window.
    if ninja -C "$ROOT/build" -t query pixelpool-gui-stall >/dev/null 2>&1; then
        targets+=(pixelpool-gui-stall)
    fi
    # Always: ninja does nothing when they are up to date, and a binary that is there but older
    # than the sources (the probe and the floor are not in ninja's default target) would measure
    # other code than the commit the report names.
    echo "[run.sh] bringing ${targets[*]} up to date (ninja)" >&2
    ninja -C "$ROOT/build" "${targets[@]}" >/dev/null
fi

"$HERE/make-corpus.sh"

# sharp, pinned in bench/sharp/package.json; it brings its own libvips. sharp 0.35 needs Node.js
# 20.9 or later; with Debian bookworm's Node.js 18 the last release that supports it is used.
if [[ ! -d "$HERE/sharp/node_modules/sharp" ]]; then
    echo "[run.sh] installing sharp from the npm registry into bench/sharp" >&2
    if node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 9) ? 0 : 1)'; then
        (cd "$HERE/sharp" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    else
        echo "[run.sh] Node.js $(node --version): sharp 0.34.5 instead of the pinned 0.35" >&2
        (cd "$HERE/sharp" && npm install --no-save --no-audit --no-fund --loglevel=error sharp@0.34.5 >/dev/null)
    fi
fi
exec /usr/bin/python3 "$HERE/lib/bench.py" "${ARGS[@]}"
