#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for tests and trying the scale-out recipes
# (docs/scale-out.md), from Debian's slurm-wlm and munge packages, without systemd.
#   slurm-local.sh up     start munged, slurmctld and slurmd; wait until the node is idle
#   slurm-local.sh down   stop exactly the daemons `up` started (by their pids), remove the state
#   slurm-local.sh env    print the SLURM_CONF line that sbatch, squeue, scancel need
# Everything (configuration, munge key and socket, state, logs, pids) lives in one folder,
# $PIXELPOOL_SLURM_DIR (default /tmp/pixelpool-slurm), so the machine's /etc/slurm and
# /etc/munge are never touched. The ports are the machine's: one such cluster at a time
# ($PIXELPOOL_SLURM_PORT, default 6817, and the next one for slurmd).
# Exit codes: 0 done, 1 failed (the logs are printed), 3 cannot run here (not root, not installed).
set -euo pipefail

dir="${PIXELPOOL_SLURM_DIR:-/tmp/pixelpool-slurm}"
port="${PIXELPOOL_SLURM_PORT:-6817}"
conf="$dir/slurm.conf"

say() { echo "slurm-local: $*" >&2; }

# Stops one daemon we started: only if the pid still runs the program we started under it.
stop_pid() {
  local name=$1 file="$dir/$1.pid" pid
  [[ -f $file ]] || return 0
  pid=$(cat "$file")
  local cmdline
  cmdline=$({ tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null || true)
  if [[ $cmdline == *"$name"* ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do # slurmctld takes about 4 s to save its state and exit
      [[ -e /proc/$pid ]] || break
      sleep 0.1
    done
    if [[ -e /proc/$pid ]]; then
      say "$name ($pid) did not stop in 10 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

logs() {
  for f in "$dir"/munged.log "$dir"/slurmctld.log "$dir"/slurmd.log; do
    [[ -f $f ]] && { echo "--- $f"; tail -n 20 "$f"; }
  done >&2
}

case "${1:-}" in
up)
  if [[ $(id -u) -ne 0 ]]; then
    say "needs root (slurmd starts jobs as their users)"
    exit 3
  fi
  for tool in munged slurmctld slurmd sinfo setpriv; do
    if ! command -v "$tool" > /dev/null; then
      say "$tool is not installed (apt-get install --no-install-recommends slurm-wlm munge)"
      exit 3
    fi
  done
  if [[ -f $dir/slurmctld.pid ]]; then
    say "already up in $dir (slurm-local.sh down first)"
    exit 1
  fi
  host=$(hostname -s)
  cpus=$(nproc)
  # Above the machine's memory the node is refused ("inval"): declare a little less.
  mem=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  rm -rf "$dir"
  mkdir -p "$dir/munge" "$dir/munge-socket" "$dir/state" "$dir/spool"
  chmod 755 "$dir" "$dir/munge-socket" # every user that submits reaches the socket
  chmod 700 "$dir/munge"
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
  chown -R munge:munge "$dir/munge" "$dir/munge-socket"
  cat > "$conf" << CONF
# Written by scripts/slurm-local.sh: one node, no accounting, no cgroups.
ClusterName=pixelpool
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$dir/munge-socket/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.self.pid
SlurmdPidFile=$dir/slurmd.self.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MailProg=/bin/true
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
KillWait=5
MinJobAge=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  # Each daemon in the foreground, in the background here: $! is its own pid, nothing forks.
  setpriv --reuid=munge --regid=munge --init-groups munged --foreground \
    --socket="$dir/munge-socket/munge.socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.self.pid" --seed-file="$dir/munge/munged.seed" \
    --log-file="$dir/munge/munged.log" > "$dir/munged.log" 2>&1 &
  echo $! > "$dir/munged.pid"
  for _ in $(seq 1 50); do
    [[ -S $dir/munge-socket/munge.socket ]] && break
    sleep 0.1
  done
  if [[ ! -S $dir/munge-socket/munge.socket ]]; then
    say "munged did not start"
    cat "$dir/munge/munged.log" >&2 2>/dev/null || true
    logs
    "$0" down
    exit 1
  fi
  SLURM_CONF="$conf" slurmctld -D -c -f "$conf" > "$dir/slurmctld.out" 2>&1 &
  echo $! > "$dir/slurmctld.pid"
  SLURM_CONF="$conf" slurmd -D -f "$conf" > "$dir/slurmd.out" 2>&1 &
  echo $! > "$dir/slurmd.pid"
  state=""
  for _ in $(seq 1 200); do # 20 s
    state=$(SLURM_CONF="$conf" sinfo -h -o %T 2>/dev/null || true)
    [[ $state == idle ]] && break
    sleep 0.1
  done
  if [[ $state != idle ]]; then
    say "the node did not become idle (state: ${state:-none})"
    logs
    "$0" down
    exit 1
  fi
  say "up: node $host, $cpus CPUs, ${mem} MB; export SLURM_CONF=$conf"
  ;;
down)
  # slurmd first, so the controller does not see its node fail; munged last, both use it.
  stop_pid slurmd
  stop_pid slurmctld
  stop_pid munged
  rm -rf "$dir"
  ;;
env)
  echo "export SLURM_CONF=$conf"
  ;;
*)
  echo "usage: $0 up|down|env" >&2
  exit 2
  ;;
esac
