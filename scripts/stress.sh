#!/usr/bin/env bash
# Runs the test suite again and again, two tests at a time as CI does, to show that it passes
# every time and not by luck. Stops at the first failure; the failing test's output is printed,
# and a hostile test keeps the logs of its runs in build/tests/hostile/results/<test>-logs/.
#
#   scripts/stress.sh                      the whole suite 30 times, both cores kept busy
#   scripts/stress.sh --runs 50 --no-hog -R hostile_misbehave
#   scripts/stress.sh --build other-build  a build folder other than build/
#
# --hog (the default) runs two `yes > /dev/null` for the whole time: every test then competes
# for the CPU with a busy machine, as on a loaded CI host. Arguments after the options go to
# ctest (-R, -E, -L ...). Builds first (scripts/build.sh) unless --no-build is given.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=30 hog=1 build=build do_build=1
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --hog) hog=1; shift ;;
    --no-hog) hog=0; shift ;;
    --build) build="$2"; shift 2 ;;
    --no-build) do_build=0; shift ;;
    *) break ;;
  esac
done
if ((do_build)); then
  if [[ "$build" == build ]]; then bash scripts/build.sh -DPIXELPOOL_TEST_HOOKS=ON; else ninja -C "$build"; fi
fi

hogs=()
stop_hogs() { ((${#hogs[@]})) && kill "${hogs[@]}" 2>/dev/null; true; }
trap stop_hogs EXIT
if ((hog)); then
  for _ in 1 2; do
    yes > /dev/null &
    hogs+=($!)
  done
fi

export QT_QPA_PLATFORM=offscreen
start=$(date +%s)
status=0
(cd "$build" && ctest -j2 --timeout 600 --output-on-failure --repeat "until-fail:$runs" "$@") || status=$?
elapsed=$(($(date +%s) - start))
load="quiet machine"
((hog)) && load="two busy loops on both cores"
if ((status == 0)); then
  echo "stress: every selected test passed $runs runs in a row ($load, ctest -j2, ${elapsed} s)"
else
  echo "stress: a test failed within $runs runs ($load, ctest -j2, ${elapsed} s): see above"
fi
exit "$status"
