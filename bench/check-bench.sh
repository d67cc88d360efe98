#!/usr/bin/env bash
# What each check kind costs in daemon CPU: N programs (default 100) each checked once a second,
# for S seconds (default 20) after a 5 s warm-up, one kind per JVM: idle (the baseline), tcp, http
# (against one Python server in its own process), exec (/bin/true), log (N programs printing a
# line a second, with healthcheck = log:^tick). Every process started is killed before each run ends.
#
#   bench/check-bench.sh [programs] [seconds]
set -eu
cd "$(dirname "$0")/.."
programs=${1:-100}
seconds=${2:-20}

source bin/lib/jdk.sh
tm_find_java
java=$TASKMASTER_JAVA

cpfile=src/target/bench.classpath
bench_class=src/target/test-classes/taskmaster/bench/CheckBench.class
if [ ! -f "$bench_class" ] || [ ! -f "$cpfile" ] || [ -n "$(find src/main src/test mbeans/src -newer "$bench_class" -name '*.java' | head -1)" ]; then
    mvn -q -B -pl src -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
fi
cp="src/target/classes:src/target/test-classes:$(cat "$cpfile")"

for kind in idle tcp http exec log; do
    "$java" -Xms64m -Xmx64m --enable-native-access=ALL-UNNAMED -cp "$cp" taskmaster.bench.CheckBench "$kind" "$programs" "$seconds"
done
