package dev.httptrace.autoconfigure.tracing;

import java.util.List;

import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordedSpan;
import dev.httptrace.testsupport.TestCertificates;
import dev.httptrace.tracing.ClientRequestSpanEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code httptrace.tracing.phase-spans=true} adds a child span for the lookup, the connect and the handshake of a new
 * connection; {@code httptrace.tracing.enabled=false} writes nothing onto the spans, which Boot still makes. With
 * each tracer.
 */
class SpanEventsSwitchesTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost", "127.0.0.1");

    private static final LoopbackHttpServer HTTPS = LoopbackHttpServer.startTls(CERTS).respond("/", 200, "secure");

    @AfterAll
    static void stopServer() {
        HTTPS.close();
    }

    @ParameterizedTest
    @EnumSource(TracerKind.class)
    void phaseSpansAreChildrenOfTheRequestSpanForTheLookupTheConnectAndTheHandshake(TracerKind tracer) throws Exception {
        try (ConfigurableApplicationContext app = tracer.start(App.class, CERTS, "httptrace.tracing.phase-spans=true")) {
            String url = HTTPS.url("localhost", "/");

            app.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);

            List<RecordedSpan> spans = tracer.spans(app);
            RecordedSpan parent = spans.stream().filter((span) -> url.equals(span.tags().get("http.url"))).findFirst()
                    .orElseThrow();
            List<RecordedSpan> children = spans.stream().filter((span) -> parent.spanId().equals(span.parentId()))
                    .toList();
            assertThat(children).extracting(RecordedSpan::name)
                    .containsExactly("hostname resolution", "connect", "tls handshake");
            for (RecordedSpan child : children) {
                assertThat(child.traceId()).isEqualTo(parent.traceId());
                assertThat(child.error()).as(child.name()).isFalse();
                assertThat(child.startNanos()).as(child.name()).isBetween(parent.startNanos(), child.endNanos());
                assertThat(child.endNanos()).as(child.name()).isLessThanOrEqualTo(parent.endNanos());
            }
            RecordedSpan dns = children.get(0);
            RecordedSpan connect = children.get(1);
            RecordedSpan tls = children.get(2);
            // each starts after its start hook's event and ends before its done hook's, by the span's own clock
            assertWithin(dns, parent.event("dnsStart"), parent.event("dnsDone"));
            assertWithin(connect, parent.event("connectStart"), parent.event("connectDone"));
            assertWithin(tls, parent.event("tlsHandshakeStart"), parent.event("tlsHandshakeDone"));
            assertThat(dns.tags()).containsEntry("dns.question.name", "localhost");
            assertThat(connect.tags()).containsEntry("server.address", "localhost")
                    .containsEntry("server.port", String.valueOf(HTTPS.port()))
                    .containsEntry("network.peer.address", "127.0.0.1")
                    .containsEntry("network.peer.port", String.valueOf(HTTPS.port()));
            assertThat(tls.tags()).containsEntry("server.address", "localhost");
        }
    }

    @ParameterizedTest
    @EnumSource(TracerKind.class)
    void tracingDisabledWritesNothingOntoTheSpans(TracerKind tracer) throws Exception {
        try (ConfigurableApplicationContext app = tracer.start(App.class, CERTS, "httptrace.tracing.enabled=false")) {
            String url = HTTPS.url("localhost", "/");

            app.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);

            assertThat(app.getBeansOfType(ClientRequestSpanEvents.class)).isEmpty();
            RecordedSpan span = tracer.spans(app).stream().filter((s) -> url.equals(s.tags().get("http.url")))
                    .findFirst().orElseThrow(() -> new AssertionError("Boot's client span is still made"));
            assertThat(span.hookEvents()).isEmpty();
        }
    }

    private static void assertWithin(RecordedSpan child, RecordedSpan.Event start, RecordedSpan.Event done) {
        assertThat(child.startNanos()).as(child.name()).isGreaterThanOrEqualTo(start.epochNanos());
        assertThat(child.endNanos()).as(child.name()).isLessThanOrEqualTo(done.epochNanos());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
