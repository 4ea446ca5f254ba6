package dev.httptrace.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.httptrace.benchmarks.fixtures.Drain;
import dev.httptrace.benchmarks.fixtures.WebClientFixture;
import dev.httptrace.benchmarks.server.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Not a benchmark: a few requests through each WebClient variant of scenario 7 and {@code PairedCpu webclient},
 * checking that each gets the server's 200 with 1 KiB and that only its own instrumentation records.
 */
class WebClientFixtureTest {

    static ServerProcess server;

    final Drain drain = new Drain();

    @BeforeAll
    static void startServer() {
        server = ServerProcess.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void eachVariantGetsTheBodyAndOnlyItsInstrumentationRecords() {
        try (WebClientFixture fixture = new WebClientFixture(server)) {
            for (int i = 0; i < 3; i++) {
                assertThat(fixture.plain(drain)).isTrue();
            }
            assertThat(fixture.meteredAcquisitions()).isZero();
            assertThat(fixture.reactorNettyResponses()).isZero();
            for (int i = 0; i < 3; i++) {
                assertThat(fixture.tracedMeters(drain)).isTrue();
            }
            assertThat(fixture.meteredAcquisitions()).isEqualTo(3);
            // not whether connections were reused: the caller may ask for the next one before the event loop released
            // the last, and then the pool opens another
            assertThat(fixture.registry.find("httptrace.server.processing").timer().count()).isEqualTo(3);
            assertThat(fixture.reactorNettyResponses()).isZero();
            for (int i = 0; i < 3; i++) {
                assertThat(fixture.reactorNettyMetrics(drain)).isTrue();
            }
            assertThat(fixture.reactorNettyResponses()).isEqualTo(3);
            assertThat(fixture.meteredAcquisitions()).isEqualTo(3);
        }
    }

    @Test
    void thePairedScenarioChargesEveryThread() throws Exception {
        try (PairedVariants paired = PairedVariants.webClient()) {
            assertThat(paired.scope()).isEqualTo(ThreadUsage.Scope.ALL_THREADS);
            assertThat(paired.all().keySet()).containsExactly(PairedVariants.WEB_CLIENT_BASELINE,
                    "webclient.tracedMeters", "webclient.reactorNettyMetrics");
            assertThat(paired.comparisons()).last().isEqualTo(
                    new PairedVariants.Comparison("webclient.tracedMeters", "webclient.reactorNettyMetrics"));
            for (PairedVariants.Variant variant : paired.all().values()) {
                PairedVariants.runBatch(variant, drain, 2);
            }
        }
    }
}
