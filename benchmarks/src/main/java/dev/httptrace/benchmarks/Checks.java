package dev.httptrace.benchmarks;

import java.util.function.LongSupplier;

import org.openjdk.jmh.infra.BenchmarkParams;

/** Sanity checks at tear-down: a benchmark whose instrumentation silently did nothing must fail. */
final class Checks {

    private Checks() {
    }

    /** For a benchmark method whose name contains "Meters": the meters must have recorded requests. */
    static void metersRecorded(BenchmarkParams params, LongSupplier recorded) {
        if (params.getBenchmark().contains("Meters")) {
            positive(params, "httptrace meters", recorded.getAsLong());
        }
    }

    static void positive(BenchmarkParams params, String what, long count) {
        if (count <= 0) {
            throw new IllegalStateException(params.getBenchmark() + ": " + what + " recorded nothing");
        }
    }
}
