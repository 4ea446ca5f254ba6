package dev.httptrace.benchmarks;

import dev.httptrace.benchmarks.fixtures.Hc5Fixture;
import dev.httptrace.benchmarks.server.ServerProcess;

/**
 * Scenario 2: a new connection per request ({@code Connection: close}; the server waits for the client to
 * close, so TIME_WAIT stays on the client side), GET of 1 KiB over plain HTTP to {@code localhost} (the
 * system resolver, so the DNS hooks fire), one thread: plain
 * HttpClient 5, then the traced client with no trace, with a no-op trace, with all meters, with a
 * timestamp on every hook.
 */
public class Scenario2NewConnection extends Hc5VariantsBenchmark {

    @Override
    protected Hc5Fixture createFixture() {
        return new Hc5Fixture(ServerProcess.shared(), false, true, 5);
    }
}
