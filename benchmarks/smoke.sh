#!/usr/bin/env bash
# Smoke run of every benchmark: one fork each, no warmup, one 200 ms iteration, with the GC and CPU
# profilers, stopping at the first error. It proves that the benchmarks still build, start their server,
# get 200 + 1 KiB from every client, and that each instrumentation under test recorded something. Its
# numbers mean nothing. Then CpuAttribution for a few seconds. About 1.7 minutes on 2 busy cores.
# Builds benchmarks/target/benchmarks.jar first when it is missing (or when SMOKE_BUILD=1).
# Extra arguments go to JMH (for example a benchmark regex).
set -euo pipefail
cd "$(dirname "$0")/.."

jar=benchmarks/target/benchmarks.jar
if [[ ! -f "$jar" || "${SMOKE_BUILD:-0}" == 1 ]]; then
    mvn -B -q -pl benchmarks -am package -DskipTests
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

set +e
java -jar "$jar" -f 1 -wi 0 -i 1 -r 200ms -foe true \
    -prof gc -prof dev.httptrace.benchmarks.CpuProfiler \
    -rf csv -rff "$out/smoke.csv" "$@" > "$out/jmh.log" 2>&1
status=$?
set -e
grep -E '^(# Benchmark:|Iteration )' "$out/jmh.log" || true
if [[ $status -ne 0 ]]; then
    tail -n 60 "$out/jmh.log" >&2
    echo "benchmark smoke run FAILED (JMH exit $status)" >&2
    exit "$status"
fi
expected=$(java -jar "$jar" -l "$@" | grep -c '^dev\.httptrace\.' || true)
ran=$(grep -c '^"dev\.httptrace\.[^:]*",' "$out/smoke.csv" || true)
if [[ "$expected" -eq 0 || "$ran" -ne "$expected" ]]; then
    echo "benchmark smoke run FAILED: $ran of $expected benchmarks produced a result" >&2
    exit 1
fi
# CpuAttribution (run.sh runs it for minutes): a few seconds, to prove the profiler starts and charges samples
java -cp "$jar" dev.httptrace.benchmarks.CpuAttribution keep-alive 3 2 1000 > "$out/attribution.md" 2> "$out/attribution.log" \
    || { cat "$out/attribution.log" >&2; echo "CpuAttribution smoke run FAILED" >&2; exit 1; }
if ! grep -qE '^\| `hc5\.tracedMeters` \| [1-9][0-9]* \| [0-9.]+ \|' "$out/attribution.md"; then
    cat "$out/attribution.md" "$out/attribution.log" >&2
    echo "CpuAttribution smoke run FAILED: no attributed samples for hc5.tracedMeters" >&2
    exit 1
fi
echo "smoke: $ran passed, 0 failed; CpuAttribution ran"
