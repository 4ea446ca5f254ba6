package dev.httptrace.tracing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.httptrace.ClientTrace;
import dev.httptrace.HttpTrace;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.testsupport.Closeables;
import dev.httptrace.testsupport.InMemoryTracer;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.RecordedSpan;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.TestCertificates;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SpanEventTraceFactory} with plain HttpClient 5: the span current when the request starts gets one event per
 * hook, exactly the hooks the recorder saw and in their order, at the hooks' own times; with OpenTelemetry the events
 * carry their attributes, with Brave only their names. Each case runs with both tracers.
 */
class CurrentSpanEventsTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost", "127.0.0.1");

    @AutoClose
    final Closeables closeables = new Closeables();

    static List<Supplier<InMemoryTracer>> tracers() {
        return List.of(named("OpenTelemetry", InMemoryTracer::openTelemetry), named("Brave", InMemoryTracer::brave));
    }

    private static Supplier<InMemoryTracer> named(String name, Supplier<InMemoryTracer> tracer) {
        return new Supplier<>() {
            @Override
            public InMemoryTracer get() {
                return tracer.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tracers")
    void freshHttpsRequestHasEveryHookAsAnEventInHookOrderAtTheHooksTimes(Supplier<InMemoryTracer> tracers) throws Exception {
        InMemoryTracer tracing = closeables.add(tracers.get());
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.startTls(CERTS))
                .respondSlowly("/slow", Duration.ofMillis(50), "late");
        RecordingClientTrace recording = new RecordingClientTrace();

        String body = call(tracing.tracer(), client(), server.url("localhost", "/slow"), recording, false);

        assertThat(body).isEqualTo("late");
        RecordedSpan span = tracing.span("call");
        assertThat(span.hookEventViolations(recording.allNames())).isEmpty();
        assertThat(span.eventNames()).startsWith("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "tlsHandshakeStart", "tlsHandshakeDone", "gotConn").endsWith("responseBodyDone", "putIdleConn");
        assertThat(span.events()).as("microseconds, not milliseconds")
                .anyMatch((event) -> event.epochNanos() % 1_000_000 != 0);
        assertThat(span.event("gotFirstResponseByte").epochNanos() - span.event("gotConn").epochNanos())
                .as("the server's 50 ms once it has the request, between the connection and the first byte")
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        if (tracing.toString().equals("OpenTelemetry")) {
            assertThat(span.event("connectStart").attributes()).containsEntry("network.peer.address", "127.0.0.1")
                    .containsEntry("network.peer.port", String.valueOf(server.port()));
            assertThat(span.event("getConn").attributes()).isEmpty();
            assertThat(span.event("tlsHandshakeDone").attributes()).doesNotContainKey("error.type");
        } else {
            assertThat(span.events()).allMatch((event) -> event.attributes().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tracers")
    void refusedConnectIsAConnectDoneWithTheErrorType(Supplier<InMemoryTracer> tracers) throws Exception {
        InMemoryTracer tracing = closeables.add(tracers.get());
        RecordingClientTrace recording = new RecordingClientTrace();
        int port = LoopbackPorts.closedPort();

        assertThatThrownBy(() -> call(tracing.tracer(), client(), "http://127.0.0.1:" + port + "/", recording, false))
                .isInstanceOf(ConnectException.class);

        RecordedSpan span = tracing.span("call");
        assertThat(span.hookEventViolations(recording.allNames())).isEmpty();
        assertThat(span.eventNames()).containsExactly("getConn", "connectStart", "connectDone", "getConnFailed");
        if (tracing.toString().equals("OpenTelemetry")) {
            assertThat(span.event("connectDone").attributes()).containsEntry("error.type", "ConnectException")
                    .containsEntry("network.peer.port", String.valueOf(port));
            assertThat(span.event("getConnFailed").attributes()).as("the error the client threw")
                    .containsEntry("error.type", "HttpHostConnectException");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tracers")
    void phaseSpansAreChildrenOfTheCurrentSpan(Supplier<InMemoryTracer> tracers) throws Exception {
        InMemoryTracer tracing = closeables.add(tracers.get());
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.startTls(CERTS)).respond("/", 200, "ok");
        RecordingClientTrace recording = new RecordingClientTrace();

        call(tracing.tracer(), client(), server.url("localhost", "/"), recording, true);

        RecordedSpan parent = tracing.span("call");
        RecordedSpan dns = tracing.span(SpanEventTrace.DNS_SPAN);
        RecordedSpan connect = tracing.span(SpanEventTrace.CONNECT_SPAN);
        RecordedSpan tls = tracing.span(SpanEventTrace.TLS_SPAN);
        for (RecordedSpan child : List.of(dns, connect, tls)) {
            assertThat(child.parentId()).as(child.name()).isEqualTo(parent.spanId());
        }
        // the children's times and tags: SpanEventsSwitchesTest, through Boot
        assertThat(dns.startNanos()).isGreaterThanOrEqualTo(parent.event("dnsStart").epochNanos());
        assertThat(dns.endNanos()).isLessThanOrEqualTo(parent.event("dnsDone").epochNanos());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tracers")
    void withoutACurrentSpanNothingIsTracedAndTheRequestGoesOn(Supplier<InMemoryTracer> tracers) throws Exception {
        InMemoryTracer tracing = closeables.add(tracers.get());
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "ok");

        ClientTrace trace = new SpanEventTraceFactory(tracing.tracer(), true).trace(URI.create(server.url("/")));
        String body = client().execute(new HttpGet(server.url("/")),
                HttpTrace.withClientTrace(HttpClientContext.create(), trace),
                (response) -> EntityUtils.toString(response.getEntity()));

        assertThat(trace).isSameAs(ClientTrace.NONE);
        assertThat(body).isEqualTo("ok");
        assertThat(tracing.spans()).isEmpty();
    }

    private CloseableHttpClient client() {
        return closeables.add(TracingHttpClients.custom()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext())).build());
    }

    /** GETs {@code url} inside a span named {@code call}, ended after the response is closed. */
    private static String call(Tracer tracer, CloseableHttpClient client, String url, RecordingClientTrace recording,
            boolean phaseSpans) throws IOException {
        SpanEventTraceFactory spanEvents = new SpanEventTraceFactory(tracer, phaseSpans);
        Span span = tracer.nextSpan().name("call").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            HttpGet get = new HttpGet(url);
            ClientTrace trace = recording.andThen(spanEvents.trace(URI.create(url)));
            return client.execute(get, HttpTrace.withClientTrace(HttpClientContext.create(), trace),
                    (response) -> EntityUtils.toString(response.getEntity()));
        } finally {
            span.end();
        }
    }
}
