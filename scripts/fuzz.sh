#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang + ASan + UBSan in build-fuzz/, replays the
# committed seeds and reproducers, then fuzzes each target for a bounded time.
#
#   scripts/fuzz.sh                       every target, 60 s each
#   FUZZ_SECONDS=30 scripts/fuzz.sh       30 s each (0: build and replay only)
#   FUZZ_TARGETS="frames probe" scripts/fuzz.sh
#   FUZZ_BUILD_DIR=/tmp/bf scripts/fuzz.sh
#   FUZZ_SWEEP=1 scripts/fuzz.sh          the test suite's sweep: seed 1, a fixed number of runs
#                                         per target (about 15 s each here), from the committed
#                                         seeds only, so one commit always gives the same verdict
#
# Exits non-zero when a replayed file fails or a fuzzer finds a crash, a sanitizer report, a
# property violation, a timeout or an out-of-memory input; the input is left under
# build-fuzz/crashes/<target>/ and its path printed. Needs no stdin; the network only for apt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SECONDS_EACH="${FUZZ_SECONDS:-60}"
SWEEP="${FUZZ_SWEEP:-0}"
TARGETS="${FUZZ_TARGETS:-headerprobe metadata frames preset decode probe}" # the slowest first
BUILD="${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
[[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] || { echo "FUZZ_SECONDS must be a whole number" >&2; exit 2; }

# Longest input per target: a few frames (and a text field past kMaxTextBytes), a large preset,
# an image header with some EXIF / TIFF IFD entries, a whole small image; for headerprobe, headers
# with gaps of zeros between their parts (tests/fuzz/FuzzChecks.h: the bytes describe a larger file).
max_len() {
  case "$1" in
    frames) echo 16384 ;;
    preset) echo 8192 ;;
    probe) echo 4096 ;;
    decode) echo 65536 ;;
    metadata) echo 65536 ;;
    headerprobe) echo 8192 ;;
    *) echo "unknown fuzz target: $1" >&2; exit 2 ;;
  esac
}

# The sweep's runs per target: 5-40 s each on a 2-core machine under ASan+UBSan (headerprobe the
# longest: each input is a file of up to 16 MB), two at a time.
sweep_runs() {
  case "$1" in
    frames) echo 150000 ;;
    preset) echo 300000 ;;
    probe) echo 15000 ;;
    decode) echo 12000 ;;
    metadata) echo 3000 ;;
    headerprobe) echo 22000 ;;
    *) echo "unknown fuzz target: $1" >&2; exit 2 ;;
  esac
}

# --- clang with libFuzzer -------------------------------------------------------------------
links_fuzzer() {
  local dir
  dir=$(mktemp -d)
  printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char *, unsigned long) { return 0; }\n' \
    > "$dir/t.cpp"
  "$1" -fsanitize=fuzzer,address,undefined "$dir/t.cpp" -o "$dir/t" > /dev/null 2>&1
  local rc=$?
  rm -rf "$dir"
  return $rc
}
find_clang() {
  for c in clang++ clang++-14; do
    if command -v "$c" > /dev/null && links_fuzzer "$c"; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}
CXX_FUZZ=$(find_clang || true)
if [[ -z "$CXX_FUZZ" ]]; then
  echo "Installing clang and its sanitizer runtimes (libFuzzer)"
  bash scripts/install-deps.sh --only clang libclang-rt-14-dev
  CXX_FUZZ=$(find_clang) || { echo "clang cannot link -fsanitize=fuzzer" >&2; exit 1; }
fi
# The project's own build dependencies (Qt, OpenCV, cmake, ninja).
if [[ -f scripts/install-deps.sh ]]; then
  bash scripts/install-deps.sh
fi

# --- build -----------------------------------------------------------------------------------
GENERATOR=()
command -v ninja > /dev/null && GENERATOR=(-G Ninja)
if [[ -f "$BUILD/CMakeCache.txt" ]] && ! grep -q "^PIXELPOOL_FUZZ:BOOL=ON" "$BUILD/CMakeCache.txt"; then
  echo "$BUILD is not a fuzz build folder; remove it or set FUZZ_BUILD_DIR" >&2
  exit 2
fi
mkdir -p "$BUILD"
if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  CONFIGURE=("${GENERATOR[@]}")
else
  CONFIGURE=() # the generator of an existing folder cannot change
fi
cmake -S . -B "$BUILD" "${CONFIGURE[@]}" \
  -DCMAKE_CXX_COMPILER="$CXX_FUZZ" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" \
  -DPIXELPOOL_FUZZ=ON -DPIXELPOOL_BUILD_GUI=OFF -DPIXELPOOL_BUILD_TESTS=OFF \
  > "$BUILD/configure.log" 2>&1 || { cat "$BUILD/configure.log"; exit 1; }
cmake --build "$BUILD" --target fuzzers -j "$(nproc)" > "$BUILD/build.log" 2>&1 \
  || { tail -n 60 "$BUILD/build.log"; exit 1; }
BIN="$BUILD/bin"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
summary=()

# The sweep runs with Qt's hash seed fixed and, where the kernel lets it, without address-space
# randomisation: coverage feedback that depends on addresses (hash orders) would steer the same
# seed elsewhere from one run to the next.
SWEEP_PREFIX=()
if ((SWEEP)); then
  export QT_HASH_SEED=0
  if setarch "$(uname -m)" -R true 2> /dev/null; then
    SWEEP_PREFIX=(setarch "$(uname -m)" -R)
  else
    echo "note: address randomisation cannot be turned off here; the sweep may vary between runs"
  fi
fi

# --- replay seeds and reproducers under the sanitizers -----------------------------------------
echo "== replaying tests/fuzz/corpus and tests/fuzz/regressions (ASan+UBSan)"
if "$BIN/test_fuzz_regressions" --root "$ROOT/tests/fuzz" < /dev/null > "$BUILD/replay.log" 2>&1; then
  tail -n 1 "$BUILD/replay.log"
  summary+=("replay: ok")
else
  grep -v '^    #' "$BUILD/replay.log" | head -n 60
  # A sanitizer aborts the replayer at the first bad file: replay each file alone to name them.
  for t in $TARGETS; do
    for f in "$ROOT/tests/fuzz/corpus/$t"/* "$ROOT/tests/fuzz/regressions/$t"/*; do
      [[ -f "$f" && "$(basename "$f")" != README* ]] || continue
      "$BIN/test_fuzz_regressions" "$t" "$f" < /dev/null > /dev/null 2>&1 \
        || echo "   FAILS: $t ${f#"$ROOT"/}  (reproduce: $BIN/fuzz_$t $f)"
    done
  done
  summary+=("replay: FAILED (see above)")
  failed=1
fi

# --- fuzz ------------------------------------------------------------------------------------
# One target: its log, crashes and a line for the summary in $OUT/<target>.{out,summary,failed}.
fuzz_one() {
  local t=$1 len work budget what crashes log dict marker rc runs rate found
  len=$(max_len "$t")
  work="$BUILD/corpus/$t" # grows across runs; libFuzzer writes new inputs here
  if ((SWEEP)); then
    # Deterministic: the same seed, inputs and number of runs every time (a fresh folder, so
    # what earlier runs found does not steer it). Exploration is the default mode's job.
    work="$BUILD/sweep/$t"
    rm -rf "$work"
    # -use_cmp=0: no mutations from the values the code compared (libFuzzer's table of recent
    # comparisons). That table differs from one run to the next (it holds whatever was compared,
    # addresses among them, and libraries underneath run threads of their own): with it, three
    # sweeps of one commit grew three different corpora, and CI found a leak in one run of several.
    budget=(-seed=1 -runs="$(sweep_runs "$t")" -use_cmp=0)
    what="$(sweep_runs "$t") runs, seed 1"
  else
    budget=(-max_total_time="$SECONDS_EACH")
    what="${SECONDS_EACH}s"
  fi
  crashes="$BUILD/crashes/$t"
  log="$BUILD/logs/fuzz_$t.log"
  mkdir -p "$work" "$crashes" "$(dirname "$log")"
  dict=()
  [[ -f "$ROOT/tests/fuzz/dict/$t.dict" ]] && dict=(-dict="$ROOT/tests/fuzz/dict/$t.dict")
  marker="$BUILD/.fuzz-start-$t"
  touch "$marker"
  echo "== fuzz_$t for $what (max_len $len)"
  set +e
  "${SWEEP_PREFIX[@]}" "$BIN/fuzz_$t" "${budget[@]}" -max_len="$len" -timeout=10 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "${dict[@]}" \
    "$work" "$ROOT/tests/fuzz/corpus/$t" < /dev/null > "$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(grep -o 'exec/s: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || true)
  if ((rc == 0)); then
    echo "fuzz_$t: ok, ${runs:-?} runs, ${rate:-?} exec/s" > "$OUT/$t.summary"
    echo "   ok: ${runs:-?} runs, ${rate:-?} exec/s"
  else
    touch "$OUT/$t.failed"
    found=$(find "$crashes" -type f -newer "$marker" | sort)
    echo "fuzz_$t: FOUND A PROBLEM (exit $rc) after ${runs:-?} runs" > "$OUT/$t.summary"
    echo "   fuzz_$t stopped with exit code $rc; log: $log"
    grep -E -A 12 'ERROR: |PROPERTY VIOLATION|runtime error|==[0-9]+==' "$log" | head -n 40 || true
    for f in $found; do
      echo "   input: $f"
      echo "     reproduce:    $BIN/fuzz_$t $f"
      echo "     minimise:     $BIN/fuzz_$t -minimize_crash=1 -max_total_time=60 -exact_artifact_path=$f.min $f"
      echo "     keep it:      cp $f tests/fuzz/regressions/$t/"
    done
    [[ -n "$found" ]] || tail -n 20 "$log"
  fi
  rm -f "$marker"
}

# The targets run side by side, one per core (each fuzzer is one process on one core; the sweep's
# verdict does not depend on how many run at once), and their reports are printed in order.
if ((SECONDS_EACH > 0 || SWEEP)); then
  OUT="$BUILD/logs/run"
  rm -rf "$OUT"
  mkdir -p "$OUT"
  lanes=$(nproc 2> /dev/null || echo 1)
  running=0
  for t in $TARGETS; do
    if ((running >= lanes)); then
      wait -n || true
      running=$((running - 1))
    fi
    fuzz_one "$t" > "$OUT/$t.out" 2>&1 &
    running=$((running + 1))
  done
  wait || true
  for t in $TARGETS; do
    cat "$OUT/$t.out"
    if [[ -f "$OUT/$t.summary" ]]; then
      summary+=("$(cat "$OUT/$t.summary")")
    else
      summary+=("fuzz_$t: did not finish (see $OUT/$t.out)")
      failed=1
    fi
    [[ ! -f "$OUT/$t.failed" ]] || failed=1
  done
fi

echo "== fuzz summary"
printf '   %s\n' "${summary[@]}"
exit "$failed"
