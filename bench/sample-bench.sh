#!/usr/bin/env bash
# What resource sampling costs: N `sleep 100000` programs (default 1000) under the daemon's engine,
# sampled by its sampler thread once a second; that thread's CPU per sample (median of R rounds of
# S samples) and as a percentage of one core at the default sample_interval of 5 s. Every process
# started is stopped before the run ends.
#
#   bench/sample-bench.sh [programs] [samples per round] [rounds]      (1000 10 3)
set -eu
cd "$(dirname "$0")/.."

source bin/lib/jdk.sh
tm_find_java
java=$TASKMASTER_JAVA

cpfile=src/target/bench.classpath
bench_class=src/target/test-classes/taskmaster/bench/SampleBench.class
if [ ! -f "$bench_class" ] || [ ! -f "$cpfile" ] || [ -n "$(find src/main src/test mbeans/src -newer "$bench_class" -name '*.java' | head -1)" ]; then
    mvn -q -B -pl src -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
fi
cp="src/target/classes:src/target/test-classes:mbeans/target/classes:$(cat "$cpfile")"

"$java" -Xms64m -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$cp" taskmaster.bench.SampleBench "$@"
