package dev.httptrace.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.httptrace.HttpTrace;
import dev.httptrace.benchmarks.fixtures.Drain;
import dev.httptrace.benchmarks.fixtures.Hc5Fixture;
import dev.httptrace.benchmarks.fixtures.MicrometerObservationFixture;
import dev.httptrace.benchmarks.fixtures.OkHttpFixture;
import dev.httptrace.benchmarks.fixtures.RestClientFixture;
import dev.httptrace.benchmarks.fixtures.TimestampTrace;
import dev.httptrace.benchmarks.fixtures.TracedRestClientFixture;
import dev.httptrace.benchmarks.fixtures.WebClientFixture;
import dev.httptrace.benchmarks.server.ServerProcess;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Not a benchmark: one or two requests through every variant the benchmarks measure, against the same
 * server process, checking that each gets the server's 200 with 1 KiB and that the instrumentation under
 * test really ran (a benchmark of a tracer that silently traced nothing would flatter it). Runs in
 * {@code mvn verify} in a few seconds; the benchmarks themselves never do.
 */
class FixturesTest {

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
    void httpClientVariantsKeepAliveReuseTheConnection() throws Exception {
        try (Hc5Fixture fixture = new Hc5Fixture(server, false, false, 5)) {
            for (int i = 0; i < 3; i++) {
                assertThat(fixture.plain(drain)).isTrue();
                assertThat(fixture.tracedNoTrace(drain)).isTrue();
                assertThat(fixture.tracedNoopTrace(drain)).isTrue();
                assertThat(fixture.tracedMeters(drain)).isTrue();
                assertThat(fixture.tracedTimestamps(drain)).isTrue();
            }
            assertThat(fixture.meteredAcquisitions()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(fixture.tracedMetersExchanges(drain)).isTrue();
            }
            assertThat(fixture.exchanges.recorded()).as("a recorded timeline per request").isEqualTo(3);
            assertThat(fixture.exchanges.recent()).allMatch((exchange) -> exchange.reused() && exchange.status() == 200);
            assertThat(fixture.meteredAcquisitions()).isEqualTo(6);
            assertThat(fixture.registry.find("httptrace.connection.acquire").tag("reused", "true").timer().count())
                    .as("the traced client connected for an earlier variant").isEqualTo(6);
            assertThat(fixture.registry.find("httptrace.server.processing").timer().count()).isEqualTo(6);

            TimestampTrace trace = new TimestampTrace();
            assertThat(fixture.traced.execute(fixture.request(), HttpTrace.withClientTrace(HttpClientContext.create(), trace), drain)).isTrue();
            assertThat(trace.at[TimestampTrace.GET_CONN]).isNotZero();
            assertThat(trace.at[TimestampTrace.GOT_CONN]).isNotZero();
            assertThat(trace.at[TimestampTrace.WROTE_HEADERS]).isNotZero();
            assertThat(trace.at[TimestampTrace.WROTE_REQUEST]).isNotZero();
            assertThat(trace.at[TimestampTrace.GOT_FIRST_RESPONSE_BYTE]).isNotZero();
            assertThat(trace.at[TimestampTrace.PUT_IDLE_CONN]).isNotZero();
            assertThat(trace.at[TimestampTrace.CONNECT_START]).as("pooled connection: no connect").isZero();
        }
    }

    @Test
    void restClientWithTracingWritesSpanEventsOnlyInItsVariant() throws Exception {
        try (TracedRestClientFixture fixture = new TracedRestClientFixture(server)) {
            for (int i = 0; i < 3; i++) {
                assertThat(fixture.tracing(drain)).isTrue();
            }
            assertThat(fixture.spans()).as("a span per request").isEqualTo(3);
            assertThat(fixture.events()).as("no span event without httptrace's").isZero();
            for (int i = 0; i < 3; i++) {
                assertThat(fixture.spanEvents(drain)).isTrue();
            }
            assertThat(fixture.spans()).isEqualTo(6);
            // over the connection the calls without events opened: getConn, gotConn, wroteHeaders, wroteRequest,
            // gotFirstResponseByte, gotFinalResponse (the body's end and the connection's return come after RestClient
            // stopped the observation)
            assertThat(fixture.events()).isEqualTo(3 * 6);
        }
    }

    @Test
    void httpClientVariantsWithConnectionCloseConnectEveryTime() throws Exception {
        try (Hc5Fixture fixture = new Hc5Fixture(server, false, true, 5)) {
            for (int i = 0; i < 2; i++) {
                assertThat(fixture.plain(drain)).isTrue();
                assertThat(fixture.tracedNoTrace(drain)).isTrue();
                assertThat(fixture.tracedNoopTrace(drain)).isTrue();
                assertThat(fixture.tracedMeters(drain)).isTrue();
                assertThat(fixture.tracedTimestamps(drain)).isTrue();
            }
            assertThat(fixture.registry.find("httptrace.connection.acquire").tag("reused", "false").timer().count()).isEqualTo(2);
            assertThat(fixture.registry.find("httptrace.connect").timer().count()).isEqualTo(2);
            assertThat(fixture.registry.find("httptrace.dns").timer().count()).as("localhost is resolved").isEqualTo(2);

            TimestampTrace trace = new TimestampTrace();
            assertThat(fixture.traced.execute(fixture.request(), HttpTrace.withClientTrace(HttpClientContext.create(), trace), drain)).isTrue();
            assertThat(trace.at[TimestampTrace.DNS_START]).isNotZero();
            assertThat(trace.at[TimestampTrace.CONNECT_DONE]).isNotZero();
            assertThat(trace.at[TimestampTrace.PUT_IDLE_CONN]).as("Connection: close is not pooled").isZero();
        }
    }

    @Test
    void httpsVariantsHandshakeAndRecordIt() throws Exception {
        try (Hc5Fixture keepAlive = new Hc5Fixture(server, true, false, 5);
                Hc5Fixture newConnection = new Hc5Fixture(server, true, true, 5)) {
            for (int i = 0; i < 2; i++) {
                assertThat(keepAlive.plain(drain)).isTrue();
                assertThat(keepAlive.tracedMeters(drain)).isTrue();
                assertThat(newConnection.plain(drain)).isTrue();
                assertThat(newConnection.tracedMeters(drain)).isTrue();
            }
            assertThat(keepAlive.registry.find("httptrace.tls.handshake").timer().count()).isEqualTo(1);
            assertThat(newConnection.registry.find("httptrace.tls.handshake").tag("tls.protocol.version", "1.3").timer().count())
                    .isEqualTo(2);
        }
    }

    @Test
    void restClientVariants() throws Exception {
        try (RestClientFixture fixture = new RestClientFixture(server)) {
            for (int i = 0; i < 2; i++) {
                assertThat(fixture.get(fixture.traced)).isTrue();
                assertThat(fixture.get(fixture.httpComponents)).isTrue();
                assertThat(fixture.get(fixture.jdk)).isTrue();
            }
            assertThat(fixture.meteredAcquisitions()).isEqualTo(2);
        }
    }

    @Test
    void peers() throws Exception {
        try (MicrometerObservationFixture observation = new MicrometerObservationFixture(server);
                OkHttpFixture okHttp = new OkHttpFixture(server)) {
            for (int i = 0; i < 2; i++) {
                assertThat(observation.get(drain)).isTrue();
                assertThat(okHttp.plain(drain)).isTrue();
                assertThat(okHttp.metrics(drain)).isTrue();
                assertThat(okHttp.timestamps(drain)).isTrue();
            }
            assertThat(observation.recorded()).isEqualTo(2);
            assertThat(okHttp.recorded()).containsExactly(2, 2);
            assertThat(okHttp.registry.find("bench.okhttp.server.processing").timer().count()).isEqualTo(2);
        }
    }

    @Test
    void webClientVariantsGetTheBodyAndOnlyTheirOwnInstrumentationRecords() {
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
    void thePairedWebClientScenarioChargesEveryThread() throws Exception {
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
