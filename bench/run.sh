#!/usr/bin/env bash
# PixelPool benchmark: one command. See docs/benchmarks.md.
#
#   bench/run.sh            full run (3 interleaved runs of every contender and all the checks;
#                           about 20-30 minutes on 2 cores); writes bench/results/latest.md
#   bench/run.sh --quick    1 run on a subset, a few minutes; writes bench/results/raw/quick.md
#   bench/run.sh --build    run ninja on build/ first (otherwise it builds only when the binary
#                           is missing)
#   other options go to bench/lib/bench.py (--runs N, --only classic,web,thumbnail,small,startup,
#   memory,coldwarm,guistall, --idle-threshold F, --max-idle-wait S, --nice N, --render RAW_DIR)
#
# Installs what it needs from Debian (hyperfine, imagemagick, graphicsmagick, libvips-tools,
# parallel, python3-pil, python3-numpy, time, plasma-workspace-wallpapers) and builds the corpus
# with bench/make-corpus.sh when it is missing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
PP="${PIXELPOOL:-$ROOT/build/bin/pixelpool}"

BUILD=0
ARGS=()
for a in "$@"; do
    case "$a" in
        --build) BUILD=1 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) ARGS+=("$a") ;;
    esac
done

need=()
for p in hyperfine imagemagick graphicsmagick libvips-tools parallel python3-pil python3-numpy time \
         plasma-workspace-wallpapers; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
    echo "[run.sh] installing ${need[*]}" >&2
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [[ -z "${PIXELPOOL:-}" ]]; then
    if [[ ! -d "$ROOT/build" ]]; then
        echo "[run.sh] configuring build/ (cmake, Ninja)" >&2
        cmake -S "$ROOT" -B "$ROOT/build" -G Ninja >/dev/null
    fi
    targets=(pixelpool pixelpool-worker)
    # The responsiveness probe (guistall) exists only in a build with the window.
    if ninja -C "$ROOT/build" -t query pixelpool-gui-stall >/dev/null 2>&1; then
        targets+=(pixelpool-gui-stall)
    fi
    if [[ $BUILD -eq 1 || ! -x "$PP" || ! -x "$PP-worker" ||
          ( ${#targets[@]} -eq 3 && ! -x "$PP-gui-stall" ) ]]; then
        echo "[run.sh] building ${targets[*]}" >&2
        ninja -C "$ROOT/build" "${targets[@]}" >/dev/null
    fi
fi

"$HERE/make-corpus.sh"
exec /usr/bin/python3 "$HERE/lib/bench.py" "${ARGS[@]}"
