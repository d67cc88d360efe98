# Sourced by bin/taskmasterd and bin/taskmasterctl after jdk.sh: the JDK's AOT cache (JEP 483,
# 514, 515: the classes of the JDK and of the application loaded and linked ahead of time, with
# method profiles) for the JVM about to start. README.md, "Start-up: the AOT cache".
#
# A cache is made by a training run (bin/lib/aot-train.sh: a real daemon on a small config, a
# `taskmasterctl status` against it), at `package` time and otherwise in the background after a
# start that found none. Its file name holds a digest of everything the JVM checks (the java
# binary, the JDK's modules file, every jar of the classpath with its size and time, every JVM
# option of the command line and of JAVA_TOOL_OPTIONS / JDK_JAVA_OPTIONS), so a rebuilt jar,
# another JDK or other options look for another file and never meet a cache made for something
# else. No start waits for a cache, and none prints anything because of one.

# Sets TASKMASTER_AOT_FLAGS to the JVM options that use (or, in a training run, record) the cache
# of program $1 for the JVM options $2...; leaves it empty when the cache is off, the options
# already choose an archive, or there is no cache yet (then a training is started in the
# background, when none runs and none failed for this key).
tm_aot() {
  local name=$1 a
  shift
  TASKMASTER_AOT_FLAGS=()
  case ${TASKMASTER_AOT:-on} in
    off | 0 | no | false)
      _tm_aot_none
      return 0
      ;;
  esac
  # Options that choose a CDS archive or an AOT cache themselves are the user's choice: kept alone.
  # The AOT options that only tune a cache (bin/taskmasterd's -XX:-AOTReplayTraining) are not.
  # shellcheck disable=SC2086
  for a in "$@" ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-}; do
    case $a in
      -XX:AOTCache=* | -XX:AOTCacheOutput=* | -XX:AOTConfiguration=* | -XX:AOTMode=* | -XX:*SharedArchive* | -Xshare:*)
        _tm_aot_none
        return 0
        ;;
    esac
  done
  local dir=${TASKMASTER_AOT_DIR:-$TASKMASTER_HOME/src/target/aot} key
  key=$({
    printf '%s\n' "${TASKMASTER_JAVA_REAL:-$(readlink -f "$TASKMASTER_JAVA")}" "$@" "${JAVA_TOOL_OPTIONS:-}" "${JDK_JAVA_OPTIONS:-}"
    stat -L -c '%n %s %Y' "$TASKMASTER_JAVA_HOME/lib/modules" "$TASKMASTER_HOME/src/target/taskmaster.jar" \
      "$TASKMASTER_HOME"/src/target/lib/*.jar
  } 2>/dev/null | md5sum 2>/dev/null) || {
    _tm_aot_none
    return 0
  }
  local cache=$dir/$name-${key:0:16}.aot
  if [[ -n ${TASKMASTER_AOT_PRINT:-} ]]; then # the trainer asks where the cache goes
    printf '%s\n' "$cache"
    exit 0
  fi
  if [[ -n ${TASKMASTER_AOT_TRAIN:-} ]]; then # a training run: the trainer moves the file into place
    TASKMASTER_AOT_FLAGS=("-XX:AOTCacheOutput=$TASKMASTER_AOT_TRAIN")
    return 0
  fi
  if [[ -f $cache ]]; then
    # Placed before the user's options, so that a -Xlog:aot of theirs still shows why a cache is
    # refused; otherwise a refused cache (a JDK rebuilt in place, a damaged file) is silent.
    TASKMASTER_AOT_FLAGS=("-XX:AOTCache=$cache" '-Xlog:aot*=off' '-Xlog:cds*=off')
    return 0
  fi
  [[ -e $cache.failed || -n ${TASKMASTER_AOT_TRAINER:-} ]] && return 0
  _tm_aot_train_later "$dir"
}

# No cache for this JVM. The trainer's question (TASKMASTER_AOT_PRINT) ends here too, with an empty
# answer: returning would let the script go on and start a real daemon, on the shipped config and
# detached, inside the trainer's command substitution (a `package` with TASKMASTER_AOT=off did).
_tm_aot_none() {
  [[ -z ${TASKMASTER_AOT_PRINT:-} ]] || exit 0
}
# Starts bin/lib/aot-train.sh detached from this process (its own session, lowest CPU priority,
# no terminal, output to its log), so that the JVM this script becomes never has it as a child and
# the start is not delayed. A folder that cannot be written (a read-only install) means no cache.
_tm_aot_train_later() {
  local dir=$1
  mkdir -p "$dir" 2>/dev/null && [[ -w $dir ]] || return 0
  # The subshell exits at once and is waited for, so the trainer is reparented before the exec.
  (
    cd / && exec setsid nice -n 19 bash "$TASKMASTER_HOME/bin/lib/aot-train.sh" \
      </dev/null >>"$dir/train.log" 2>&1 &
  ) 2>/dev/null || true
}
