package dev.httptrace.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.httptrace.ClientTrace;
import dev.httptrace.HttpTrace;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link TracingClientHttpRequestFactory} given trace factories composes each request's trace itself, with no
 * interceptor: Spring then streams the request body instead of buffering it, as it does for any interceptor.
 */
class FactoryComposedTracesTest {

    private final LoopbackHttpServer server = LoopbackHttpServer.start();

    private final List<String> order = new CopyOnWriteArrayList<>();

    private final List<TracedRequest> created = new CopyOnWriteArrayList<>();

    private final List<RecordingClientTrace> fromFactory = new CopyOnWriteArrayList<>();

    private final TracingClientHttpRequestFactory factory = new TracingClientHttpRequestFactory(
            TracingHttpClients.createDefault(), List.of(request -> named("factory"), request -> {
                created.add(request);
                RecordingClientTrace trace = new RecordingClientTrace();
                fromFactory.add(trace);
                return trace;
            }));

    @AfterEach
    void close() throws Exception {
        factory.destroy();
        server.close();
    }

    @Test
    void composesAttributeThenScopeThenFactoriesWithoutAnInterceptor() {
        RestClient client = RestClient.builder().requestFactory(factory).build();

        try (HttpTrace.Scope scope = HttpTrace.withClientTrace(named("scope"))) {
            client.get().uri(server.url("/")).attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, named("attribute"))
                    .retrieve().toBodilessEntity();
        }

        assertThat(order).containsExactly("attribute", "scope", "factory");
        assertThat(created).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.uri().getPath()).isEqualTo("/");
        });
        assertThat(fromFactory).singleElement().satisfies(trace -> {
            assertThat(trace.names()).startsWith("getConn").endsWith("gotFirstResponseByte", "putIdleConn");
            assertThat(trace.pairingViolations()).isEmpty();
        });
    }

    @Test
    void everyRequestGetsFreshTraces() {
        RestClient client = RestClient.builder().requestFactory(factory).build();

        client.get().uri(server.url("/")).retrieve().toBodilessEntity();
        client.post().uri(server.url("/")).body("x").retrieve().toBodilessEntity();

        assertThat(created).extracting(TracedRequest::method).containsExactly("GET", "POST");
        assertThat(fromFactory).hasSize(2).doesNotHaveDuplicates();
        assertThat(fromFactory.get(1).names()).containsExactly("getConn", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
    }

    @Test
    void theRequestBodyIsStreamedNotBuffered() {
        RestClient client = RestClient.builder().requestFactory(factory).build();
        AtomicReference<ClientHttpRequest> sent = new AtomicReference<>();

        client.post().uri(server.url("/")).body("x").httpRequest(sent::set).retrieve().toBodilessEntity();

        // Spring's intercepting request buffers the body; the factory's own request takes a streaming body
        assertThat(sent.get()).isInstanceOf(StreamingHttpOutputMessage.class);
        assertThat(fromFactory).singleElement().satisfies(trace -> assertThat(trace.names()).contains("wroteRequest"));
    }

    @Test
    void anInterceptorsCompositeIsUsedAsItIsNotComposedTwice() {
        RestClient client = RestClient.builder().requestFactory(factory)
                .requestInterceptor(new ClientTraceInterceptor(List.of(request -> named("interceptor factory"))))
                .build();

        try (HttpTrace.Scope scope = HttpTrace.withClientTrace(named("scope"))) {
            client.get().uri(server.url("/")).attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, named("attribute"))
                    .retrieve().toBodilessEntity();
        }

        assertThat(order).containsExactly("attribute", "scope", "interceptor factory");
        assertThat(fromFactory).isEmpty();
    }

    private ClientTrace named(String name) {
        return new ClientTrace() {
            @Override
            public void getConn(String hostPort) {
                order.add(name);
            }
        };
    }
}
