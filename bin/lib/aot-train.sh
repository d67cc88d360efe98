#!/usr/bin/env bash
# The AOT caches' training run (bin/lib/aot.sh): a real taskmasterd on a small generated config
# (three programs, one captured to a file, Jolokia on port 0, everything in a temporary folder),
# a `taskmasterctl status` against it, then SIGTERM and a clean shutdown. Each JVM that has no
# cache yet runs with -XX:AOTCacheOutput, which on its exit assembles its cache into the
# temporary folder; each complete cache is then renamed into place, so that a JVM that starts
# meanwhile sees either no file or a whole one.
#
# Run by the build (`package`, in the foreground) and by a start that found no cache (detached,
# at the lowest priority, its output appended to train.log next to the caches). One training at
# a time per folder (flock); a key whose training failed is marked NAME-KEY.aot.failed and not
# tried again until the jar, the JDK or the options change.
set -uo pipefail

bin=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# Only what chooses the JDK and the JVM options passes to the training: it must find the caches
# a start in the caller's environment looks for, and nothing else of the caller (a benchmark's or
# a test's tag in the environment, say) reaches its daemon or that daemon's programs.
if [[ -z ${_TM_AOT_CLEAN_ENV:-} ]]; then
  keep=(_TM_AOT_CLEAN_ENV=1 "PATH=$PATH" "HOME=${HOME:-/}")
  for v in JAVA_HOME TASKMASTER_AOT TASKMASTER_JAVA_OPTS TASKMASTER_CTL_OPTS TASKMASTER_AOT_DIR JAVA_TOOL_OPTIONS \
    JDK_JAVA_OPTIONS _JAVA_SR_SIGNUM; do
    [[ -n ${!v+set} ]] && keep+=("$v=${!v}")
  done
  exec env -i "${keep[@]}" bash "${BASH_SOURCE[0]}" "$@"
fi
export TASKMASTER_AOT_TRAINER=1 # the scripts never build from here: a stale jar ends the training

log() { printf '%s aot-train[%d]: %s\n' "$(date -u +%FT%TZ)" "$$" "$*"; }

daemon_cache=$(TASKMASTER_AOT_PRINT=1 "$bin/taskmasterd") || { log "no cache path for taskmasterd"; exit 0; }
ctl_cache=$(TASKMASTER_AOT_PRINT=1 "$bin/taskmasterctl") || { log "no cache path for taskmasterctl"; exit 0; }
[[ $daemon_cache == *.aot && $ctl_cache == *.aot ]] || { log "the AOT cache is off for these options"; exit 0; }
dir=$(dirname "$daemon_cache")
mkdir -p "$dir" 2>/dev/null && [[ -w $dir ]] || { log "$dir cannot be written: no cache"; exit 0; }

needed() { [[ ! -e $1 && ! -e $1.failed ]]; }
# The build waits for a training under way (--wait); a start's background training does not.
wait_lock=(-n)
[[ ${1:-} == --wait ]] && wait_lock=(-w 900)
exec 9>>"$dir/.train.lock" || exit 0
if ! flock "${wait_lock[@]}" 9; then
  log "another training holds $dir/.train.lock"
  exit 0
fi
needed "$daemon_cache" || needed "$ctl_cache" || exit 0

# A training killed half-way leaves its folder: removed once it is an hour old.
find "$dir" -maxdepth 1 -name 'train.*' -type d -mmin +60 -exec rm -rf {} + 2>/dev/null
work=$(mktemp -d "$dir/train.XXXXXX") || exit 0
daemon_pid=
cleanup() {
  if [[ -n $daemon_pid ]] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -KILL "$daemon_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' TERM INT HUP

conf=$work/train.conf
cat >"$conf" <<'EOF'
[taskmasterd]
pidfile = %(here)s/tm.pid
logfile = %(here)s/tm.log
jolokia_port = 0

[sleeper]
cmd = sleep 600
numprocs = 2
starttime = 0
stdout = /dev/null
stderr = /dev/null

[talker]
cmd = sh -c 'echo ready; exec sleep 600'
starttime = 0
stdout = %(here)s/talker.out
EOF

train_daemon=()
needed "$daemon_cache" && train_daemon=("TASKMASTER_AOT_TRAIN=$work/daemon.aot")
train_ctl=()
needed "$ctl_cache" && train_ctl=("TASKMASTER_AOT_TRAIN=$work/ctl.aot")

log "training ${train_daemon:+$daemon_cache }${train_ctl:+$ctl_cache}"
env "${train_daemon[@]}" "$bin/taskmasterd" -n -c "$conf" >"$work/daemon.out" 2>&1 &
daemon_pid=$!
up=
for _ in $(seq 1 1200); do # up to 2 minutes on a loaded machine
  [[ -s $work/tm.pid.url ]] && { up=1; break; }
  kill -0 "$daemon_pid" 2>/dev/null || break
  sleep 0.1
done
ctl_ok=
if [[ -n $up ]]; then
  if env "${train_ctl[@]}" "$bin/taskmasterctl" -c "$conf" status >"$work/ctl.out" 2>&1; then
    ctl_ok=1
  else
    log "taskmasterctl status failed: $(tail -3 "$work/ctl.out")"
  fi
else
  log "the training daemon did not come up: $(tail -5 "$work/daemon.out")"
fi
kill -TERM "$daemon_pid" 2>/dev/null
# The daemon's JVM assembles its cache on its way out: allowed up to 5 minutes.
for _ in $(seq 1 3000); do
  kill -0 "$daemon_pid" 2>/dev/null || break
  sleep 0.1
done
wait "$daemon_pid" 2>/dev/null
daemon_rc=$?
daemon_pid=

# Moves a complete cache into place (a rename within one folder), or marks the key failed.
settle() { # what, produced file, target, whether its run succeeded
  if [[ -n $4 && -s $2 ]]; then
    mv -f "$2" "$3" && log "created $3 ($(stat -c %s "$3") bytes)"
    # This program's caches (and failure marks) made before the current jar are an older build's.
    local name=${3##*/}
    find "$dir" -maxdepth 1 -type f -name "${name%-*}-*.aot*" ! -name "$name" \
      ! -newer "$bin/../src/target/taskmaster.jar" -delete 2>/dev/null
  else
    : >"$3.failed"
    log "no cache for $1; marked $3.failed. The run's output: $(tail -5 "$work/$1.out" 2>/dev/null)"
  fi
}
[[ ${#train_daemon[@]} -gt 0 ]] && settle daemon "$work/daemon.aot" "$daemon_cache" "$([[ $up && $daemon_rc == 0 ]] && echo 1)"
[[ ${#train_ctl[@]} -gt 0 ]] && settle ctl "$work/ctl.aot" "$ctl_cache" "$ctl_ok"
exit 0
