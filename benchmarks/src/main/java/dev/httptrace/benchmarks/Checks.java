package dev.httptrace.benchmarks;

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
        long count = recorded.getAsLong();
        if (BenchmarkIds.METERED.contains(BenchmarkId.running(params))) {
            positive(params, "httptrace meters", count);
        } else if (count != 0) {
            throw new IllegalStateException(params.getBenchmark() + ": not in BenchmarkIds.METERED, yet the httptrace"
                    + " meters recorded " + count + " requests");
        }
    }

    static void positive(BenchmarkParams params, String what, long count) {
        if (count <= 0) {
            throw new IllegalStateException(params.getBenchmark() + ": " + what + " recorded nothing");
        }
    }
}
