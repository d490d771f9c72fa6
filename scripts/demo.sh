#!/usr/bin/env bash
# Installs what is missing, builds, and runs the classic job on the bundled sample photos.
# With a display it opens the window too; without one it runs headless (--batch).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The programs only: the tests are scripts/test.sh's (a third of the build's time on 2 cores).
bash scripts/build.sh -DPIXELPOOL_TEST_HOOKS=OFF -DPIXELPOOL_BUILD_TESTS=OFF
out="${PIXELPOOL_DEMO_OUTPUT:-$PWD/demo-output}"
echo
# Run again, it replaces its own outputs of the last run (not "kite (2).jpg" beside them).
echo "== pixelpool --batch --preset classic --overwrite overwrite -o $out resources/samples"
./build/bin/pixelpool --batch --preset classic --overwrite overwrite -o "$out" resources/samples
echo "Outputs are in $out"
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec ./build/bin/pixelpool
fi
