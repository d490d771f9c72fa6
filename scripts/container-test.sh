#!/usr/bin/env bash
# The container recipe of docs/scale-out.md, for real, with Docker:
#   1. builds the image from the Dockerfile (the .deb made in a build stage, installed with apt);
#   2. checks deploy/kubernetes/pixelpool-job.yaml offline (check-manifest.py) and that its user is
#      the image's;
#   3. runs the manifest's own command, args and env (JOB_COMPLETION_INDEX, PIXELPOOL_SHARD_COUNT=2)
#      as two containers at once, as that user, with the root read-only and /tmp apart, over the
#      bundled samples (resources/samples, README.md included: one input that fails) on a
#      bind-mounted folder at /data;
#   4. merges the two reports in a container (exit 0, every input once), checks that every output
#      exists and decodes (a second batch over them), then removes one output, runs shard 1 again
#      and checks that only that image is redone (resume), and that the manifest's shell hands
#      SIGTERM on (`docker stop` of a shard mid-batch: exit 130, report cancelled, then resumed).
# Not part of CTest or CI: it needs a Docker daemon, which CI has not. No Kubernetes is involved.
#   scripts/container-test.sh [BASE]
# BASE: the image to build from (else $PIXELPOOL_BASE, else debian:bookworm). Where Docker Hub is
# out of reach, make one with debootstrap (docs/scale-out.md) and pass its name.
# PIXELPOOL_IMAGE: the tag to build (default pixelpool:container-test); PIXELPOOL_BUILD_NETWORK:
# `docker build --network` (host, for a daemon without a bridge); PIXELPOOL_NO_BUILD=1: use the
# image already tagged. The shards run with --network none: a batch needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-${PIXELPOOL_BASE:-debian:bookworm}}
image=${PIXELPOOL_IMAGE:-pixelpool:container-test}

fail() {
  echo "container-test: FAILED: $*" >&2
  exit 1
}
phase() { echo "== $* (at ${SECONDS} s)"; }

command -v docker >/dev/null || fail "no docker client"
docker info >/dev/null 2>&1 || fail "no Docker daemon answers (DOCKER_HOST=${DOCKER_HOST:-default})"
# A python3 with PyYAML, preferably one that has Debian's python3-kubernetes for the schema check.
py=
for candidate in python3 /usr/bin/python3; do
  command -v "$candidate" >/dev/null || continue
  "$candidate" -c 'import yaml' 2>/dev/null || continue
  [[ -z $py ]] && py=$candidate
  if "$candidate" -c 'import kubernetes' 2>/dev/null; then
    py=$candidate
    break
  fi
done
[[ -n $py ]] || fail "no python3 with PyYAML (apt-get install python3-yaml)"

if [[ ${PIXELPOOL_NO_BUILD:-0} != 1 ]]; then
  phase "docker build --build-arg BASE=$base -t $image ."
  build_start=$SECONDS
  docker build ${PIXELPOOL_BUILD_NETWORK:+--network "$PIXELPOOL_BUILD_NETWORK"} \
    --build-arg BASE="$base" -t "$image" . || fail "docker build"
  echo "built in $((SECONDS - build_start)) s"
fi
size=$(docker image inspect -f '{{.Size}}' "$image") || fail "no image $image"
echo "image $image: $((size / 1000000)) MB"

phase "the image"
version=$(docker run --rm --network none "$image" --version) || fail "pixelpool --version"
[[ $version == "pixelpool "* ]] || fail "pixelpool --version printed: $version"
echo "$version"
image_user=$(docker image inspect -f '{{.Config.User}}' "$image")
image_uid=$(docker run --rm --network none --entrypoint id "$image" -u)
[[ $image_uid != 0 ]] || fail "the image runs as root"
docker run --rm --network none --entrypoint sh "$image" -c \
  'test ! -e /src && test -z "$(ls -A /var/lib/apt/lists)" && ! dpkg-query -W -f "\${Package}\n" | grep -- "-dev\$"' ||
  fail "the image holds a build tree, apt lists or -dev packages"

phase "deploy/kubernetes/pixelpool-job.yaml"
manifest_json=$("$py" deploy/kubernetes/check-manifest.py) || fail "the manifest (above)"
field() { "$py" -c 'import json, sys; v = json.loads(sys.argv[1])[sys.argv[2]]; print(json.dumps(v) if isinstance(v, (dict, list)) else v)' "$manifest_json" "$1"; }
if [[ $(field schema_checked) == True ]]; then
  echo "fields checked against the Kubernetes API's models (python3-kubernetes)"
else
  echo "fields NOT checked against the Kubernetes API (no python3-kubernetes); only parsed and read"
fi
user=$(field user)
group=$(field group)
[[ $user == "$image_uid" ]] || fail "the manifest's runAsUser $user is not the image's user ($image_uid)"
[[ $image_user == "$user:$group" || $image_user == "$user" ]] ||
  fail "the manifest's user $user:$group is not the image's USER $image_user"
[[ $(field mounts) == *'"/data"'* ]] || fail "the manifest mounts nothing at /data"
# The container's command, args and env as bash arrays, quoted by python.
manifest_cmd=() manifest_env=()
eval "$("$py" -c '
import json, shlex, sys
m = json.loads(sys.argv[1])
print("manifest_cmd=(" + " ".join(shlex.quote(a) for a in m["command"] + m["args"]) + ")")
print("manifest_env=(" + " ".join(shlex.quote(f"{k}={v}") for k, v in m["env"].items() if k != "PIXELPOOL_SHARD_COUNT") + ")")
' "$manifest_json")"
run_opts=(--network none --user "$user:$group")
[[ $(field read_only_root) == True ]] && run_opts+=(--read-only --tmpfs /tmp)

tmp=$(mktemp -d)
data=$tmp/data
cleanup() {
  # Files made by the container's user: removed by that user, as the host's may not own them.
  docker run --rm --network none --user "$user:$group" -v "$data:/data" --entrypoint sh "$image" \
    -c 'rm -rf /data/out /data/reports /data/check /data/inputs.txt /data/many' >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$data/photos"
cp resources/samples/* "$data/photos/"
# As the manifest asks of the volume: writable by the image's user.
chmod 0777 "$data"
run() { docker run --rm "${run_opts[@]}" -v "$data:/data" "$@"; }
# One pod of the Job: the manifest's container, shard $1 of $2, named $3 (for docker stop).
shard() { run --name "$3" -e JOB_COMPLETION_INDEX="$1" -e PIXELPOOL_SHARD_COUNT="$2" \
  "${manifest_env[@]/#/--env=}" --entrypoint "${manifest_cmd[0]}" "$image" "${manifest_cmd[@]:1}"; }
report() { "$py" -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["totals"][sys.argv[2]] if len(sys.argv) > 2 else r["state"])' "$data/reports/shard-$1.json" "${@:2}"; }

phase "the listing, as the manifest's comment makes it"
run --entrypoint sh "$image" -c 'find /data/photos -type f > /data/inputs.txt' || fail "find"
inputs=$(wc -l <"$data/inputs.txt")
images=$(grep -vc 'README.md$' "$data/inputs.txt")
echo "$inputs inputs, $images of them images"

phase "shards 0/2 and 1/2 at once (the manifest's command, JOB_COMPLETION_INDEX, PIXELPOOL_SHARD_COUNT=2)"
name=pixelpool-container-test-$$
start=$(date +%s.%N)
shard 0 2 "$name-0" >"$tmp/shard-0.log" 2>&1 &
pid0=$!
shard 1 2 "$name-1" >"$tmp/shard-1.log" 2>&1 &
pid1=$!
status0=0 status1=0
wait $pid0 || status0=$?
wait $pid1 || status1=$?
end=$(date +%s.%N)
cat "$tmp/shard-0.log" "$tmp/shard-1.log"
((status0 == 0 && status1 == 0)) || fail "a shard exited $status0/$status1 (the README.md's failure must not fail the pod)"
echo "two shards in $(awk "BEGIN { printf \"%.2f\", $end - $start }") s (docker run to exit, both)"
owner=$(stat -c %u "$data/out")
[[ $owner == "$user" ]] || fail "the outputs belong to uid $owner, not $user"

phase "pixelpool report merge (in a container)"
run "$image" report merge /data/reports/shard-0.json /data/reports/shard-1.json || fail "merge exited $?"
run "$image" report merge --json /data/reports/shard-0.json /data/reports/shard-1.json >"$tmp/merge.json" ||
  fail "merge --json"
"$py" - "$tmp/merge.json" "$data" "$inputs" "$images" <<'EOF' || fail "the reports (above)"
import json, os, sys
merge, data, inputs, images = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
problems = []
if not merge["complete"] or merge["inputs"] != inputs:
    problems.append(f"merge: complete={merge['complete']}, {merge['inputs']} inputs of {inputs}")
t = merge["totals"]
if (t["done"], t["failed"]) != (images, inputs - images):
    problems.append(f"merge totals {t}: expected {images} done and {inputs - images} failed")
listing = [line.rstrip("\n") for line in open(os.path.join(data, "inputs.txt"))]
seen, outputs = [], []
for k in (0, 1):
    r = json.load(open(os.path.join(data, "reports", f"shard-{k}.json")))
    if r["state"] != "finished" or r["shard"]["scheduler"] != "kubernetes" or r["shard"]["id"] != f"{k}/2":
        problems.append(f"shard {k}: state {r['state']}, shard {r['shard']}")
    for i in r["inputs"]:
        seen.append(i["path"])
        if i["outcome"] == "done":
            outputs.append(i["output"])
        elif not (i["outcome"] == "failed" and i["path"].endswith("README.md")):
            problems.append(f"{i['path']}: {i['outcome']} {i.get('reason', '')}")
if sorted(seen) != sorted(listing):
    problems.append("the reports' inputs are not the listing, each once")
if len(set(outputs)) != images:
    problems.append(f"{len(set(outputs))} distinct outputs for {images} images")
for o in outputs:
    host = os.path.join(data, os.path.relpath(o, "/data"))
    if not o.startswith("/data/out/") or not os.path.isfile(host) or os.path.getsize(host) == 0:
        problems.append(f"output {o}: missing or empty")
for p in problems:
    print("  " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
echo "every input reported once; $images outputs, one per image"

phase "the outputs decode: a batch over them"
run "$image" --batch --quiet --preset thumbnail -o /data/check /data/out || fail "an output does not decode (above)"
checked=$(find "$data/check" -type f | wc -l)
[[ $checked == "$images" ]] || fail "$checked thumbnails of $images outputs"

phase "resume: one output removed, shard 1 again"
victim=$("$py" -c 'import json, sys; print(next(i["output"] for i in json.load(open(sys.argv[1]))["inputs"] if i["outcome"] == "done"))' "$data/reports/shard-1.json")
host_victim=$data/${victim#/data/}
done1=$(report 1 "done")
before=$(find "$data/out" -type f ! -path "$host_victim" -printf '%P %i %T@\n' | sort)
rm -f "$host_victim"
shard 1 2 "$name-1-again" || fail "the rerun of shard 1 exited $?"
[[ -s $host_victim ]] || fail "the rerun did not redo $victim"
after=$(find "$data/out" -type f ! -path "$host_victim" -printf '%P %i %T@\n' | sort)
[[ $before == "$after" ]] || fail "the rerun touched outputs that were complete"
[[ $(report 1 "done") == 1 && $(report 1 already_done) == $((done1 - 1)) ]] ||
  fail "the rerun's report: done $(report 1 "done"), already_done $(report 1 already_done); expected 1 and $((done1 - 1))"
run "$image" report merge /data/reports/shard-0.json /data/reports/shard-1.json >/dev/null || fail "merge after the rerun"
echo "redone: $victim; kept: $((done1 - 1))"

phase "SIGTERM: docker stop of a shard mid-batch, then its rerun"
# Enough images that the shard is still at work when its report shows the first done (the report
# is rewritten at most once a second while it runs): 20 copies of the samples.
# shellcheck disable=SC2016 # expanded by the container's shell
run --entrypoint sh "$image" -c 'for i in $(seq 1 20); do mkdir -p /data/many/$i && cp /data/photos/*.* /data/many/$i/; done &&
  find /data/many -type f ! -name README.md > /data/inputs.txt && rm -rf /data/reports /data/out' || fail "the larger listing"
shard 0 1 "$name-stop" >"$tmp/stop.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  [[ -f $data/reports/shard-0.json ]] && (($(report 0 "done") > 0)) && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
kill -0 $pid 2>/dev/null || { cat "$tmp/stop.log"; fail "the shard ended before it could be stopped mid-batch"; }
docker stop -t 60 "$name-stop" >/dev/null
status=0
wait $pid || status=$?
cat "$tmp/stop.log"
[[ $status == 130 ]] || fail "the stopped shard exited $status, not 130 (SIGTERM not handed on?)"
[[ $(report 0) == cancelled ]] || fail "the stopped shard's report says $(report 0), not cancelled"
parts=$(find "$data/out" -name '.*.part' | wc -l)
[[ $parts == 0 ]] || fail "the stopped shard left $parts partial files"
kept=$(report 0 "done")
shard 0 1 "$name-stop-again" >/dev/null 2>&1 || fail "the rerun after SIGTERM exited $?"
[[ $(report 0) == finished && $(report 0 already_done) == "$kept" ]] ||
  fail "the rerun after SIGTERM: $(report 0), already_done $(report 0 already_done) of the $kept done before"
echo "stopped after $kept of $(wc -l <"$data/inputs.txt") images (exit 130, report cancelled); the rerun did the rest"

echo "container-test: passed in ${SECONDS} s (image $image, $((size / 1000000)) MB)"
