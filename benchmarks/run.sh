#!/usr/bin/env bash
# The full measurement behind BENCHMARKS.md, in one command: builds and runs every benchmark on the default
# build (Spring Boot 4.0.7 BOM: HttpClient 5.5.x), then the keep-alive baseline, our meters and the peers
# again on Boot 4.1.2 (HttpClient 5.6.x), which adds the httpclient5-observation peer; writes the JMH CSVs
# and logs to benchmarks/results/, the Markdown tables to benchmarks/results/report.md and the paired
# one-JVM CPU/allocation comparisons (PairedCpu) to benchmarks/results/paired-cpu*.md (WebClient's, summed
# over all threads, to paired-cpu-webclient.md), and where the request thread's CPU goes (CpuAttribution,
# async-profiler) to benchmarks/results/attribution-*.md.
# Run it on a quiet machine: about 37 minutes on 2 cores.
# JMH_OPTS overrides the run length (default below); extra arguments go to both JMH runs.
set -euo pipefail
cd "$(dirname "$0")/.."

opts=${JMH_OPTS:-"-f 1 -wi 6 -w 2s -i 6 -r 3s"}
profilers=(-prof gc -prof dev.httptrace.benchmarks.CpuProfiler)
results=benchmarks/results
mkdir -p "$results"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
    echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "java: $(java -version 2>&1 | head -n 2 | tr '\n' ' ')"
    echo "jmh options: $opts"
} > "$results/machine.txt"

echo "== build (Boot 4.0.7 / HttpClient 5.5)"
rm -rf benchmarks/target
mvn -B -q -pl benchmarks -am package -DskipTests
echo "== run every benchmark ($opts)"
# shellcheck disable=SC2086
java -jar benchmarks/target/benchmarks.jar $opts "${profilers[@]}" -foe true \
    -rf csv -rff "$results/boot-4.0.csv" "$@" | tee "$results/boot-4.0.log"

echo "== build (Boot 4.1.2 / HttpClient 5.6, with the httpclient5-observation peer)"
rm -rf benchmarks/target
mvn -B -q -pl benchmarks -am package -DskipTests -Dspring-boot.version=4.1.2
echo "== run baseline, meters and peers on HttpClient 5.6 (the benchmarks BenchmarkIds.BOOT_41_RUN names)"
mapfile -t boot41 < <(java -cp benchmarks/target/benchmarks.jar dev.httptrace.benchmarks.BenchmarkIds)
# shellcheck disable=SC2086
java -jar benchmarks/target/benchmarks.jar $opts "${profilers[@]}" -foe true \
    -rf csv -rff "$results/boot-4.1.csv" "$@" "${boot41[@]}" | tee "$results/boot-4.1.log"

echo "== rebuild the default jar, write the report"
rm -rf benchmarks/target
mvn -B -q -pl benchmarks -am package -DskipTests
java -cp benchmarks/target/benchmarks.jar dev.httptrace.benchmarks.Report \
    "$results/boot-4.0.csv" "$results/boot-4.1.csv" > "$results/report.md"
echo "== paired CPU/allocation of the keep-alive variants in one JVM (about 2 minutes)"
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.httptrace.benchmarks.PairedCpu 150 400 40 > "$results/paired-cpu.md"
echo "== the same for a new connection per request (about 1 minute)"
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.httptrace.benchmarks.PairedCpu 40 200 20 new-connection \
    > "$results/paired-cpu-new-connection.md"
echo "== the same for WebClient on Reactor Netty (plain, every meter, Reactor Netty's metrics), over all threads (4.5 min)"
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.httptrace.benchmarks.PairedCpu 2000 400 40 webclient \
    > "$results/paired-cpu-webclient.md"
echo "== where the CPU goes: async-profiler attribution, keep-alive (about 3 minutes) and new connection (2 minutes)"
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.httptrace.benchmarks.CpuAttribution keep-alive 150 40 500 \
    > "$results/attribution-keep-alive.md"
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.httptrace.benchmarks.CpuAttribution new-connection 90 30 500 \
    > "$results/attribution-new-connection.md"
echo "== done: $results/report.md"
