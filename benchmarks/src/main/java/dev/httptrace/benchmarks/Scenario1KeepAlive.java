package dev.httptrace.benchmarks;

import dev.httptrace.benchmarks.fixtures.Hc5Fixture;
import dev.httptrace.benchmarks.server.ServerProcess;

/**
 * Scenario 1: keep-alive GET of 1 KiB over plain HTTP, one thread, pool of 5 (HttpClient's default): plain
 * HttpClient 5, then the traced client with no trace, with a no-op trace, with all meters, with a
 * timestamp on every hook.
 */
public class Scenario1KeepAlive extends Hc5VariantsBenchmark {

    @Override
    protected Hc5Fixture createFixture() {
        return new Hc5Fixture(ServerProcess.shared(), false, false, 5);
    }
}
