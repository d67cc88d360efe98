#!/bin/sh
# Compares starting N `sleep 100000` processes with PosixSpawnLauncher (posix_spawn + one
# epoll reaper thread) and with ProcessBuilder + `setsid` (one reaper thread per process):
# wall time, threads, RSS. Every process started is killed and reaped before each run ends.
#
#   bench/spawn-bench.sh [count]        (default 1000)
set -eu
cd "$(dirname "$0")/.."
count=${1:-1000}

# A JDK 25 or newer: JAVA_HOME, then the java on PATH, then /usr/lib/jvm/*.
java_version() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
find_java() {
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
        [ -x "$candidate" ] || continue
        v=$(java_version "$candidate")
        if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$candidate"; return 0; fi
    done
    echo "spawn-bench: no JDK 25 or newer found (set JAVA_HOME)" >&2
    return 1
}
java=$(find_java)

cpfile=src/target/bench.classpath
bench_class=src/target/test-classes/taskmaster/bench/SpawnBench.class
if [ ! -f "$bench_class" ] || [ ! -f "$cpfile" ] || [ -n "$(find src/main src/test mbeans/src -newer "$bench_class" -name '*.java' | head -1)" ]; then
    mvn -q -B -pl src -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
fi
cp="src/target/classes:src/target/test-classes:$(cat "$cpfile")"

for mode in posix jdk; do
    # Same fixed heap for both, so RSS differences are the processes' bookkeeping, not heap sizing.
    "$java" -Xms64m -Xmx64m --enable-native-access=ALL-UNNAMED -cp "$cp" taskmaster.bench.SpawnBench "$mode" "$count"
done
