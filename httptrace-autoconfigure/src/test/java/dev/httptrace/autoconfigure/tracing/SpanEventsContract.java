package dev.httptrace.autoconfigure.tracing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.autoconfigure.TracingClientHttpRequestFactoryBuilder;
import dev.httptrace.exchange.ExchangeListener;
import dev.httptrace.exchange.ExchangeTimeline;
import dev.httptrace.exchange.Har;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.RecordedSpan;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.TestCertificates;
import dev.httptrace.tracing.ClientRequestSpanEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every tracer gets through Boot's auto-configuration, with the starter: a span event per hook on the span of
 * each {@code http.client.requests} observation, exactly the hooks a recorder saw in the same request, in order,
 * inside the span; nothing after Spring stopped the observation; each span only its own request's events under
 * contention; the exchange's trace id. A subclass names the tracer the application starts with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpanEventsContract {

    static final TestCertificates CERTS = TestCertificates.generate("localhost", "127.0.0.1");

    final LoopbackHttpServer HTTP = LoopbackHttpServer.start().respond("/", 200, "hello")
            .respondSlowly("/slow", Duration.ofMillis(50), "late");

    final LoopbackHttpServer HTTPS = LoopbackHttpServer.startTls(CERTS).respond("/", 200, "secure");

    /** The recorder of each request, by URI, made by the {@code ClientTraceFactory} bean of {@link App}. */
    static final Map<String, RecordingClientTrace> RECORDINGS = new ConcurrentHashMap<>();

    static final List<ExchangeTimeline> EXCHANGES = new CopyOnWriteArrayList<>();

    private final TracerKind tracer;

    private ConfigurableApplicationContext context;

    SpanEventsContract(TracerKind tracer) {
        this.tracer = tracer;
    }

    /** The application with this tracer, started for the first test of the class. */
    ConfigurableApplicationContext app() throws Exception {
        if (context == null) {
            context = tracer.start(App.class, CERTS);
        }
        return context;
    }

    List<RecordedSpan> finishedSpans(ConfigurableApplicationContext context) {
        return tracer.spans(context);
    }

    boolean attributes() {
        return tracer.attributes();
    }

    @BeforeEach
    void clear() throws Exception {
        RECORDINGS.clear();
        EXCHANGES.clear();
        if (context != null) {
            tracer.clear(context);
        }
    }

    @AfterAll
    void close() {
        if (context != null) {
            context.close();
            context = null;
        }
        HTTP.close();
        HTTPS.close();
    }

    RestClient restClient() throws Exception {
        return app().getBean(RestClient.Builder.class).build();
    }

    /** The one finished span of Spring's client observation for {@code url}. */
    RecordedSpan clientSpan(String url) throws Exception {
        List<RecordedSpan> spans = finishedSpans(app()).stream()
                .filter((span) -> url.equals(span.tags().get("http.url"))).toList();
        assertThat(spans).as("client spans of %s in %s", url, finishedSpans(app())).hasSize(1);
        return spans.get(0);
    }

    /**
     * The hooks the recorder saw for {@code url} before Spring stopped its observation: all but the last two.
     * {@code RestClient} stops the observation, then closes the response; reading a body of known length stops at
     * its last byte without reading past it, so its end ({@code responseBodyDone}) and the connection's return to
     * the pool ({@code putIdleConn}) come with the close, after the span ended.
     */
    static List<String> hooksBeforeTheObservationStopped(String url) {
        List<String> names = new ArrayList<>(RECORDINGS.get(url).allNames());
        assertThat(names).as("the recorder's hooks").endsWith("responseBodyDone", "putIdleConn");
        return names.subList(0, names.size() - 2);
    }

    @Test
    void freshHttpsRequestHasEveryHookAsAnEventInOrderInsideTheSpan() throws Exception {
        String url = HTTPS.url("localhost", "/");

        assertThat(restClient().get().uri(url).retrieve().body(String.class)).isEqualTo("secure");

        RecordedSpan span = clientSpan(url);
        assertThat(span.hookEventViolations(hooksBeforeTheObservationStopped(url))).isEmpty();
        assertThat(span.eventNames()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart",
                "connectDone", "tlsHandshakeStart", "tlsHandshakeDone", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "gotFinalResponse");
        assertThat(span.events()).as("microseconds, not milliseconds")
                .anyMatch((event) -> event.epochNanos() % 1_000_000 != 0);
        assertThat(span.error()).isFalse();
        if (attributes()) {
            assertThat(span.event("connectDone").attributes()).containsEntry("network.peer.address", "127.0.0.1")
                    .containsEntry("network.peer.port", String.valueOf(HTTPS.port())).doesNotContainKey("error.type");
        } else {
            assertThat(span.events()).allMatch((event) -> event.attributes().isEmpty());
        }
    }

    @Test
    void eventsAreAtTheHooksOwnTimes() throws Exception {
        String url = HTTP.url("localhost", "/slow");

        restClient().get().uri(url).retrieve().body(String.class);

        RecordedSpan span = clientSpan(url);
        assertThat(span.event("gotFirstResponseByte").epochNanos() - span.event("gotConn").epochNanos())
                .as("the server's 50 ms once it has the request, between the connection and the first byte")
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void reusedConnectionHasNoLookupConnectOrHandshakeEvents() throws Exception {
        String first = HTTP.url("localhost", "/");
        String second = HTTP.url("localhost", "/?again");
        RestClient client = restClient();
        client.get().uri(first).retrieve().body(String.class);

        client.get().uri(second).retrieve().body(String.class);

        RecordedSpan span = clientSpan(second);
        assertThat(span.hookEventViolations(hooksBeforeTheObservationStopped(second))).isEmpty();
        assertThat(span.eventNames()).startsWith("getConn", "gotConn")
                .doesNotContain("dnsStart", "connectStart", "tlsHandshakeStart");
        assertThat(RECORDINGS.get(second).first(RecordingClientTrace.GotConn.class).info().reused()).isTrue();
    }

    @Test
    void refusedConnectIsAConnectDoneEventAndTheSpanIsInError() throws Exception {
        String url = "http://127.0.0.1:" + LoopbackPorts.closedPort() + "/";

        assertThatThrownBy(() -> restClient().get().uri(url).retrieve().body(String.class))
                .isInstanceOf(ResourceAccessException.class);

        RecordedSpan span = clientSpan(url);
        assertThat(span.hookEventViolations(RECORDINGS.get(url).allNames())).isEmpty();
        assertThat(span.hookEvents()).extracting(RecordedSpan.Event::name)
                .containsExactly("getConn", "connectStart", "connectDone", "getConnFailed");
        assertThat(span.error()).isTrue();
        if (attributes()) {
            assertThat(span.event("connectDone").attributes()).containsEntry("error.type", "ConnectException");
        }
    }

    @Test
    void restTemplateClosesTheResponseBeforeStoppingSoPutIdleConnIsOnTheSpan() throws Exception {
        String url = HTTP.url("localhost", "/?template");

        app().getBean(RestTemplateBuilder.class).build().getForObject(url, String.class);

        RecordedSpan span = clientSpan(url);
        assertThat(span.hookEventViolations(RECORDINGS.get(url).allNames())).isEmpty();
        assertThat(span.eventNames()).endsWith("responseBodyDone", "putIdleConn");
    }

    @Test
    void webClientRequestHasTheHookEventsUpToItsResponsesHead() throws Exception {
        String url = HTTP.url("localhost", "/?webclient");

        String body = app().getBean(WebClient.Builder.class).build().get().uri(url).retrieve().bodyToMono(String.class)
                .block(Duration.ofSeconds(10));

        assertThat(body).isEqualTo("hello");
        RecordingClientTrace recording = RECORDINGS.get(url).awaitEvent(RecordingClientTrace.PutIdleConn.class,
                Duration.ofSeconds(1));
        // WebClient stops its observation when the response's head arrives: the body's end and the release come after
        List<String> expected = recording.allNames().subList(0, recording.allNames().indexOf("gotFinalResponse") + 1);
        RecordedSpan span = clientSpan(url);
        assertThat(span.hookEventViolations(expected)).isEmpty();
        assertThat(span.eventNames()).startsWith("getConn").contains("gotConn", "wroteRequest", "gotFirstResponseByte");
    }

    @Test
    void concurrentRequestsOnAPoolOfFourEachHaveOnlyTheirOwnEvents() throws Exception {
        RestClient client = restClient();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            urls.add(HTTP.url(i % 2 == 0 ? "localhost" : "127.0.0.1", "/?request=" + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (String url : urls) {
                calls.add(threads.submit(() -> client.get().uri(url).retrieve().body(String.class)));
            }
            for (Future<String> call : calls) {
                assertThat(call.get()).isEqualTo("hello");
            }
        } finally {
            threads.shutdownNow();
        }

        for (String url : urls) {
            RecordedSpan span = clientSpan(url);
            assertThat(span.hookEventViolations(hooksBeforeTheObservationStopped(url))).as(url).isEmpty();
        }
        assertThat(RECORDINGS.values()).as("some requests waited for one of the four connections")
                .anyMatch((recording) -> recording.first(RecordingClientTrace.GotConn.class).info().reused());
    }

    @Test
    void recordedExchangesCarryTheSpansTraceId() throws Exception {
        String url = HTTP.url("localhost", "/?exchange");

        restClient().get().uri(url).retrieve().body(String.class);

        String traceId = clientSpan(url).traceId();
        assertThat(EXCHANGES).singleElement().extracting(ExchangeTimeline::traceId).isEqualTo(traceId);
        assertThat(Har.document(EXCHANGES, "httptrace", "test").toString()).contains("_traceId=" + traceId);
    }

    @Test
    void withoutPhaseSpansTheRequestSpanHasNoChildren() throws Exception {
        String url = HTTPS.url("localhost", "/?children");

        restClient().get().uri(url).retrieve().body(String.class);

        RecordedSpan span = clientSpan(url);
        assertThat(finishedSpans(app())).noneMatch((other) -> span.spanId().equals(other.parentId()));
        assertThat(app().getBean(ClientRequestSpanEvents.class)).hasToString("ClientRequestSpanEvents[phaseSpans=false]");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        ClientTraceFactory recordingPerRequest() {
            return (request) -> RECORDINGS.computeIfAbsent(request.uri().toString(), (uri) -> new RecordingClientTrace());
        }

        @Bean
        ExchangeListener exchanges() {
            return (exchange) -> EXCHANGES.add(exchange.copy());
        }

        @Bean
        ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> poolOfFour() {
            return (builder) -> builder.withClientCustomizer((client) -> client.setMaxConnTotal(4).setMaxConnPerRoute(4));
        }
    }
}
