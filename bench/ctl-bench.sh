#!/usr/bin/env bash
# Measures `bin/taskmasterctl -c CONF status` end to end (bash script, JVM start, config read,
# one HTTP request, 1000 lines printed) against a daemon running 1000 `sleep 100000` programs.
# Usage: bench/ctl-bench.sh [runs=20] [programs=1000]. Cleans up the daemon and its children.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-20}
N=${2:-1000}
WORK=$(mktemp -d /tmp/ctl-bench.XXXXXX)
CONF=$WORK/taskmaster.conf
DAEMON_PID=
cleanup() {
  if [[ -n $DAEMON_PID ]] && kill -0 "$DAEMON_PID" 2>/dev/null; then
    kill -TERM "$DAEMON_PID"
    for _ in $(seq 1 600); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$DAEMON_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

{
  printf '[taskmasterd]\npidfile = %%(here)s/tm.pid\nlogfile = %%(here)s/tm.log\njolokia_port = 0\n'
  for i in $(seq -w 1 "$N"); do
    printf '\n[p%s]\ncmd = sleep 100000\nstarttime = 0\nstdout = /dev/null\nstderr = /dev/null\n' "$i"
  done
} >"$CONF"

"$ROOT/bin/taskmasterd" -n -c "$CONF" >"$WORK/console.out" 2>&1 &
DAEMON_PID=$!
echo "daemon pid $DAEMON_PID, $N programs; waiting until all run..."
for _ in $(seq 1 1200); do
  if [[ -f $WORK/tm.pid.url ]] && "$ROOT/bin/taskmasterctl" -c "$CONF" status >/dev/null 2>&1; then break; fi
  sleep 0.25
done
lines=$("$ROOT/bin/taskmasterctl" -c "$CONF" status | grep -c RUNNING || true)
echo "status lists $lines RUNNING processes; url $(cat "$WORK/tm.pid.url")"
[[ $lines -eq $N ]] || { echo "not all running" >&2; exit 1; }

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 2 --runs "$RUNS" "$ROOT/bin/taskmasterctl -c $CONF status"
  exit 0
fi
measure() {  # label, then the taskmasterctl arguments before "status"
  local label=$1; shift
  # warm-up: the first run creates the class-data archive
  "$ROOT/bin/taskmasterctl" "$@" status >/dev/null
  "$ROOT/bin/taskmasterctl" "$@" status >/dev/null
  local times=() t0 t1 sorted
  for _ in $(seq 1 "$RUNS"); do
    t0=$(date +%s%N)
    "$ROOT/bin/taskmasterctl" "$@" status >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  pick() { sed -n "$(( ($1 * RUNS + 99) / 100 ))p" <<<"$sorted"; }
  echo "$label, $N processes, $RUNS runs (ms): min $(head -1 <<<"$sorted") median $(pick 50) p90 $(pick 90) max $(tail -1 <<<"$sorted")"
}
if command -v curl >/dev/null 2>&1; then
  body='{"type":"read","mbean":"taskmaster:type=Supervisor","attribute":"Processes"}'
  for _ in 1 2 3; do curl -s -o /dev/null -u "$(cat "$WORK/tm.pid.secret")" -d "$body" "$(cat "$WORK/tm.pid.url")"; done
  echo "the same read with curl (daemon side + HTTP), ms: $(for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -u "$(cat "$WORK/tm.pid.secret")" -w '%{time_total}\n' -d "$body" "$(cat "$WORK/tm.pid.url")"; done | awk '{printf "%d ", $1*1000}')"
fi
measure "taskmasterctl -c CONF status" -c "$CONF"
measure "taskmasterctl -s URL status (no config read)" -s "$(cat "$WORK/tm.pid.url")"
