# Sourced by bin/taskmasterd and bin/taskmasterctl: finds a JDK 25 or newer and builds the
# application when it is missing or older than its sources.

TASKMASTER_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TASKMASTER_MIN_JAVA=25

# Prints the feature version of the java binary $1 (25 for "25.0.1"), or nothing. Reads the JDK's
# `release` file rather than running `java -version`: no JVM is started (0.1 s each), and no
# short-lived java process appears under the script for tools that look for the daemon's JVM.
_tm_java_version() {
  _tm_java_version_of "$1"
  [[ -n $_tm_v ]] && echo "$_tm_v"
  return 0
}

# As _tm_java_version, into _tm_v (and the resolved binary into _tm_real) rather than on stdout:
# tm_find_java calls it in its own shell, for every candidate, without a $(...) fork each time.
# A path with no symbolic link in it is its own `readlink -f`, and is taken as it is: a fork and
# exec fewer (each ~1-2 ms; a machine with an older java on PATH checks several candidates).
_tm_java_version_of() {
  local real= home line p=$1
  _tm_v= _tm_real=
  if [[ -e $p && $p == /* && $p != *//* && $p != */./* && $p != */../* ]]; then
    real=$p
    while [[ -n $p ]]; do
      if [[ -L $p ]]; then
        real=
        break
      fi
      p=${p%/*}
    done
  fi
  [[ -n $real ]] || real=$(readlink -f "$1") || return 0
  _tm_real=$real
  home=${real%/bin/java}
  if [[ -r $home/release ]]; then
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
        _tm_v=${BASH_REMATCH[1]}
        [[ $_tm_v == 1 ]] && _tm_v=8 # 1.8.0_x
        return 0
      fi
    done <"$home/release"
  fi
  _tm_v=$("$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.[^"]*)?".*/\1/p')
}

# Sets TASKMASTER_JAVA to the first JDK >= 25 among JAVA_HOME, java on PATH and the usual
# install folders, or explains what it looked at and returns 1.
tm_find_java() {
  local candidates=() c v
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME/bin/java")
  c=$(command -v java 2>/dev/null) && candidates+=("$c")
  for c in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java /opt/*/bin/java \
           /usr/local/lib/jvm/*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java \
           "$HOME"/.jdks/*/bin/java; do
    [[ -x $c ]] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    _tm_java_version_of "$c"
    v=$_tm_v
    if [[ -n $v && $v -ge $TASKMASTER_MIN_JAVA ]]; then
      TASKMASTER_JAVA=$c
      TASKMASTER_JAVA_REAL=$_tm_real # readlink -f of it, for bin/lib/aot.sh's cache key
      [[ $c == */* ]] && TASKMASTER_JAVA_HOME=${c%/*} || TASKMASTER_JAVA_HOME=.
      TASKMASTER_JAVA_HOME=$(cd "$TASKMASTER_JAVA_HOME/.." && pwd)
      return 0
    fi
  done
  {
    echo "taskmaster: no JDK $TASKMASTER_MIN_JAVA or newer found."
    echo "  looked at: JAVA_HOME (${JAVA_HOME:-unset}), java on PATH, /usr/lib/jvm, /usr/java, /opt/java, /opt, ~/.sdkman, ~/.jdks"
    for c in "${candidates[@]}"; do echo "  $c: version $(_tm_java_version "$c")"; done
    echo "  install one (e.g. Temurin 25) or set JAVA_HOME to it."
  } >&2
  return 1
}

# Builds with Maven when the jar is missing or a source is newer than it.
tm_build_if_needed() {
  local jar=$TASKMASTER_HOME/src/target/taskmaster.jar
  if [[ -f $jar && -z $(find "$TASKMASTER_HOME/pom.xml" "$TASKMASTER_HOME/src/pom.xml" "$TASKMASTER_HOME/src/main" \
        "$TASKMASTER_HOME/mbeans" -newer "$jar" -type f -not -path '*/target/*' 2>/dev/null | head -1) ]]; then
    return 0
  fi
  if [[ -n ${TASKMASTER_AOT_TRAINER:-} ]]; then # bin/lib/aot-train.sh trains the jar it found, or none
    echo "taskmaster: $jar is missing or out of date: no AOT training" >&2
    return 1
  fi
  # The repository's Maven Wrapper, pinned to one Maven; a machine's own mvn only without it.
  local mvn=$TASKMASTER_HOME/mvnw
  if [[ ! -x $mvn ]]; then
    mvn=mvn
    if ! command -v mvn >/dev/null 2>&1; then
      echo "taskmaster: $jar is missing or out of date and neither ./mvnw nor Maven (mvn) is there to build it" >&2
      return 1
    fi
  fi
  # -Daot.skip: the AOT training is left to the background (bin/lib/aot.sh), not added to this start.
  echo "taskmaster: building (${mvn##*/} -q -B -DskipTests -Daot.skip=true package)..." >&2
  (cd "$TASKMASTER_HOME" && "$mvn" -q -B -DskipTests -Daot.skip=true package) >&2 || {
    echo "taskmaster: the build failed; see above" >&2
    return 1
  }
}

TASKMASTER_CLASSPATH="$TASKMASTER_HOME/src/target/taskmaster.jar:$TASKMASTER_HOME/src/target/lib/*"
