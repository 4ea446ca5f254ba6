package dev.httptrace.spring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.httptrace.ClientTrace;
import dev.httptrace.HttpTrace;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** RestClient on plain Spring (no Boot) over the traced factory, with and without the interceptor. */
class RestClientTracingTest {

    private static final List<String> FRESH = List.of("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
            "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "putIdleConn");

    private final LoopbackHttpServer server = LoopbackHttpServer.start();

    private final TracingClientHttpRequestFactory factory = new TracingClientHttpRequestFactory();

    private final List<TracedRequest> created = new CopyOnWriteArrayList<>();

    private final List<RecordingClientTrace> fromFactory = new CopyOnWriteArrayList<>();

    private final RestClient client = RestClient.builder()
            .requestFactory(factory)
            .requestInterceptor(new ClientTraceInterceptor(List.of(request -> {
                created.add(request);
                RecordingClientTrace trace = new RecordingClientTrace();
                fromFactory.add(trace);
                return trace;
            })))
            .build();

    @AfterEach
    void close() throws Exception {
        factory.destroy();
        server.close();
    }

    @Test
    void attributeTraceSeesTheWholeExchange() {
        RecordingClientTrace trace = new RecordingClientTrace();

        String body = client.get().uri(server.url("localhost", "/"))
                .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace)
                .retrieve().body(String.class);

        assertThat(body).isEqualTo("hello");
        assertThat(trace.names()).containsExactlyElementsOf(FRESH);
        assertThat(trace.pairingViolations()).isEmpty();
    }

    @Test
    void factoryCreatesOneTracePerRequestWithMethodUriAndAttributes() {
        client.get().uri(server.url("localhost", "/")).attribute("team", "payments").retrieve().toBodilessEntity();
        client.post().uri(server.url("localhost", "/")).body("x").retrieve().toBodilessEntity();

        assertThat(created).extracting(TracedRequest::method).containsExactly("GET", "POST");
        assertThat(created.get(0).uri().getHost()).isEqualTo("localhost");
        assertThat(created.get(0).attributes()).containsEntry("team", "payments");
        assertThat(fromFactory).hasSize(2);
        assertThat(fromFactory.get(0).names()).containsExactlyElementsOf(FRESH);
        assertThat(fromFactory.get(1).names()).containsExactly("getConn", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
    }

    @Test
    void composesAttributeThenScopeThenFactoriesEachOnce() {
        List<String> order = new CopyOnWriteArrayList<>();
        RestClient ordered = RestClient.builder().requestFactory(factory)
                .requestInterceptor(new ClientTraceInterceptor(List.of(r -> named("factory", order))))
                .build();

        try (HttpTrace.Scope scope = HttpTrace.withClientTrace(named("scope", order))) {
            ordered.get().uri(server.url("/")).attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, named("attribute", order))
                    .retrieve().toBodilessEntity();
        }

        assertThat(order).containsExactly("attribute", "scope", "factory");
    }

    @Test
    void attributeAloneWorksWithoutTheInterceptor() {
        RestClient bare = RestClient.builder().requestFactory(factory).build();
        RecordingClientTrace trace = new RecordingClientTrace();

        bare.get().uri(server.url("localhost", "/")).attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().toBodilessEntity();

        assertThat(trace.names()).containsExactlyElementsOf(FRESH);
    }

    @Test
    void putIdleConnReachesTheTraceWhenTheBodyIsReadAfterTheInterceptorReturned() {
        RecordingClientTrace trace = new RecordingClientTrace();
        List<String> beforeBodyRead = new CopyOnWriteArrayList<>();

        String body = client.get().uri(server.url("localhost", "/"))
                .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace)
                .exchange((request, response) -> {
                    beforeBodyRead.addAll(trace.names());
                    return new String(response.getBody().readAllBytes());
                });

        assertThat(body).isEqualTo("hello");
        assertThat(beforeBodyRead).doesNotContain("putIdleConn");
        assertThat(trace.names()).endsWith("putIdleConn");
    }

    @Test
    void requestsWithoutAnyTraceAreNotTouched() {
        RestClient bare = RestClient.builder().requestFactory(factory).requestInterceptor(new ClientTraceInterceptor()).build();
        Map<String, Object> seen = new HashMap<>();

        bare.get().uri(server.url("/")).attributes(seen::putAll).retrieve().toBodilessEntity();

        assertThat(seen).doesNotContainKey(HttpTrace.CLIENT_TRACE_ATTRIBUTE);
    }

    private static ClientTrace named(String name, List<String> order) {
        return new ClientTrace() {
            @Override
            public void getConn(String hostPort) {
                order.add(name);
            }
        };
    }
}
