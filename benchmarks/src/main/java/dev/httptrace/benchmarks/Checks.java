package dev.httptrace.benchmarks;

import java.util.Set;
import java.util.function.LongSupplier;

import org.openjdk.jmh.infra.BenchmarkParams;

/** Sanity checks at tear-down: a benchmark whose instrumentation silently did nothing must fail. */
final class Checks {

    private Checks() {
    }

    /**
     * The meters recorded requests exactly when the running benchmark is one of {@link BenchmarkIds#METERED}:
     * a metered variant that recorded nothing, or an unmetered one that recorded something, fails.
     */
    static void metersRecorded(BenchmarkParams params, LongSupplier recorded) {
        recordedExactlyIn(params, "httptrace meters (BenchmarkIds.METERED)", BenchmarkIds.METERED, recorded.getAsLong());
    }

    /**
     * {@code what} recorded requests ({@code count}) exactly when the running benchmark is one of {@code recorders}:
     * one of them that recorded nothing, or another benchmark that recorded something, fails.
     */
    static void recordedExactlyIn(BenchmarkParams params, String what, Set<BenchmarkId> recorders, long count) {
        if (recorders.contains(BenchmarkId.running(params))) {
            positive(params, what, count);
        } else if (count != 0) {
            throw new IllegalStateException(params.getBenchmark() + ": the " + what + " recorded " + count
                    + " requests, yet only " + recorders.stream().map(BenchmarkId::name).sorted().toList() + " should");
        }
    }

    static void positive(BenchmarkParams params, String what, long count) {
        if (count <= 0) {
            throw new IllegalStateException(params.getBenchmark() + ": " + what + " recorded nothing");
        }
    }
}
