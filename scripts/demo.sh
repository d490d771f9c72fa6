#!/usr/bin/env bash
# Installs what is missing, builds, and runs the classic job on the bundled sample photos.
# With a display it opens the window too; without one it runs headless (--batch).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DPIXELPOOL_TEST_HOOKS=OFF
out="${PIXELPOOL_DEMO_OUTPUT:-$PWD/demo-output}"
echo
echo "== pixelpool --batch --preset classic -o $out resources/samples"
./build/bin/pixelpool --batch --preset classic -o "$out" resources/samples
echo "Outputs are in $out"
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec ./build/bin/pixelpool
fi
