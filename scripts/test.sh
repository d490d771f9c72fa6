#!/usr/bin/env bash
# Installs what is missing, checks the C++ format, builds, and runs the whole test suite (CTest +
# Qt Test), then the fuzzers' reproducible sweep (fixed seed and runs). GUI tests run offscreen; no display or stdin needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --tests
bash scripts/check-format.sh
# Line tables only for debug information (-g1): the same code as the default -g, which takes a
# fifth longer to compile and link; backtraces keep their functions, files and lines.
bash scripts/build.sh -DPIXELPOOL_TEST_HOOKS=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
export QT_QPA_PLATFORM=offscreen
(cd build && ctest --output-on-failure -j2 --timeout 600)
if [[ -x scripts/fuzz.sh && "${PIXELPOOL_SKIP_FUZZ:-0}" != 1 ]]; then
  FUZZ_SWEEP=1 bash scripts/fuzz.sh
fi
