#!/usr/bin/env bash
# Configures and builds PixelPool into build/ (Release with debug info).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" > build-configure.log \
  || { cat build-configure.log; exit 1; }
rm -f build-configure.log
ninja -C build
