#!/usr/bin/env bash
# Compares starting N `sleep 100000` processes with PosixSpawnLauncher (posix_spawn + one
# epoll reaper thread) and with ProcessBuilder + `setsid` (one reaper thread per process):
# wall time, threads, RSS. Every process started is killed and reaped before each run ends.
#
#   bench/spawn-bench.sh [count]        (default 1000)
set -eu
cd "$(dirname "$0")/.."
count=${1:-1000}

# A JDK 25 or newer, found as the launch scripts find it.
source bin/lib/jdk.sh
tm_find_java
java=$TASKMASTER_JAVA

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
