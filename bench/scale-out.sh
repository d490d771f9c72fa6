#!/usr/bin/env bash
# The overhead of sharding and scheduling: the main set (bench/corpus/main, 32 images) as one
# `pixelpool --batch` against the same set as 8 shards of a Slurm job array on a local
# single-node Slurm (scripts/slurm-local.sh), web preset, the recipe of docs/scale-out.md.
# Prints one line for docs/benchmarks.md: the medians and their ratio.
#   sudo bench/scale-out.sh [--runs N]       (root: it starts munged, slurmctld, slurmd)
# Run it on a quiet machine: the tasks of the array and the single batch use both cores.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
[[ "${1:-}" == "--runs" ]] && runs=$2
pixelpool="$PWD/build/bin/pixelpool"
corpus="${PIXELPOOL_BENCH_CORPUS:-$PWD/bench/corpus/main}" # another folder: to try the script on little
[[ -x $pixelpool ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
[[ -d $corpus ]] || { echo "make the corpus first: bench/make-corpus.sh" >&2; exit 1; }

work=$(mktemp -d /tmp/pixelpool-bench-scale.XXXXXX)
export PIXELPOOL_SLURM_DIR="$work/slurm" SLURM_CONF="$work/slurm/slurm.conf"
chmod 755 "$work"
cleanup() { bash scripts/slurm-local.sh down || true; rm -rf "$work"; }
trap cleanup EXIT
bash scripts/slurm-local.sh up
find "$corpus" -maxdepth 1 -type f | sort > "$work/inputs.txt"
sed -n '/<!-- slurm-recipe:begin -->/,/<!-- slurm-recipe:end -->/p' docs/scale-out.md |
  sed '1,2d;$d' | sed '$d' > "$work/pixelpool-shard.sh"

now() { date +%s.%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
single=() sharded=()
for r in $(seq 1 "$runs"); do
  rm -rf "$work/out" "$work/reports"
  t0=$(now)
  "$pixelpool" --batch --quiet --workers 2 --overwrite skip --inputs-from "$work/inputs.txt" -o "$work/out"
  single+=("$(echo "$(now) - $t0" | bc)")

  rm -rf "$work/out" "$work/reports"
  t0=$(now)
  job=$(PIXELPOOL_SHARD_COUNT=8 LIST="$work/inputs.txt" OUT="$work/out" REPORTS="$work/reports" PIXELPOOL="$pixelpool" \
    sbatch --parsable --array=0-7 --cpus-per-task=1 --chdir "$work" "$work/pixelpool-shard.sh")
  while [[ -n $(squeue -h -j "$job" -o %i) ]]; do sleep 0.05; done
  sharded+=("$(echo "$(now) - $t0" | bc)")
  "$pixelpool" report merge "$work"/reports/shard-*.json > /dev/null || { echo "run $r: merge incomplete" >&2; exit 1; }
  echo "run $r: one batch ${single[-1]} s, 8 shards under Slurm ${sharded[-1]} s" >&2
done
s=$(printf '%s\n' "${single[@]}" | median)
h=$(printf '%s\n' "${sharded[@]}" | median)
printf '| %s (%d images), web preset: 8 shards under local Slurm (1 CPU each) vs one --batch --workers 2 | %.2f s vs %.2f s | %.2f× |\n' \
  "$(basename "$corpus")" "$(wc -l < "$work/inputs.txt")" "$h" "$s" "$(echo "$h / $s" | bc -l)"
