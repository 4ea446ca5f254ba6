package dev.httptrace.autoconfigure;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.httptrace.HttpTrace;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.RecordingClientTrace.GetConn;
import dev.httptrace.testsupport.RecordingClientTrace.GotConn;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.ScriptedServer;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The README's "Customizing the HTTP client": a customizer bean for the traced builder sizes the pool or sets a
 * proxy, each observable on the wire, and the requests stay traced.
 */
class CustomizingTheClientTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
                    ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
                    HttpTraceAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class PoolSize {

        // README: pool size
        @Bean
        ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> poolSize() {
            return (builder) -> builder.withClientCustomizer((client) -> client.setMaxConnTotal(1).setMaxConnPerRoute(1));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PoolSizeBootsWay {

        // README: Boot's name, as for HttpComponentsClientHttpRequestFactoryBuilder with the type changed
        @Bean
        ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> poolSize() {
            return (builder) -> builder.withConnectionManagerCustomizer((pool) -> pool.setMaxConnTotal(1).setMaxConnPerRoute(1));
        }
    }

    @ParameterizedTest
    @ValueSource(classes = { PoolSize.class, PoolSizeBootsWay.class })
    void aPoolOfOneGivesOneConnectionForTwoConcurrentCalls(Class<?> poolSize) {
        try (ScriptedServer server = ScriptedServer.start((c) -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                Thread.sleep(100); // long enough for the other call to wait for the connection
                c.writeResponse(200, request.target());
            }
        })) {
            this.runner.withUserConfiguration(poolSize).run((context) -> {
                RestClient client = context.getBean(RestClient.Builder.class).build();
                List<RecordingClientTrace> traces = List.of(new RecordingClientTrace(), new RecordingClientTrace());
                List<CompletableFuture<String>> calls = traces.stream().map((trace) -> CompletableFuture.supplyAsync(
                        () -> client.get().uri(server.url("/call")).attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace)
                                .retrieve().body(String.class))).toList();
                for (CompletableFuture<String> call : calls) {
                    assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("/call");
                }
                assertThat(server.connectionCount()).isOne();
                // one call connected, the other waited and reused it
                assertThat(traces).extracting((trace) -> trace.first(GotConn.class).info().reused())
                        .containsExactlyInAnyOrder(false, true);
            });
        }
    }

    @Test
    void aProxyFromTheCustomizerCarriesTheRequestAndGetConnNamesIt() {
        try (LoopbackHttpServer proxy = LoopbackHttpServer.start()) {
            int nothingListens = LoopbackPorts.closedPort();
            this.runner.withBean("proxy", ClientHttpRequestFactoryBuilderCustomizer.class, () -> proxyCustomizer(proxy.port()))
                    .run((context) -> {
                        RecordingClientTrace trace = new RecordingClientTrace();
                        String body = context.getBean(RestClient.Builder.class).build().get()
                                .uri("http://other.test:" + nothingListens + "/")
                                .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().body(String.class);

                        assertThat(body).isEqualTo("hello"); // the proxy's answer: the target has no server
                        assertThat(proxy.requestLines())
                                .containsExactly("GET http://other.test:" + nothingListens + "/ HTTP/1.1");
                        assertThat(trace.first(GetConn.class).hostPort()).isEqualTo("127.0.0.1:" + proxy.port());
                    });
        }
    }

    // README: proxy
    static ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> proxyCustomizer(int port) {
        return (builder) -> builder.withClientCustomizer((client) -> client.setProxy(new HttpHost("127.0.0.1", port)));
    }

    @Test
    void bootsReadTimeoutStillAppliesNextToTheCustomizer() {
        try (ScriptedServer server = ScriptedServer.start((c) -> {
            c.readRequest();
            c.drainFor(Duration.ofSeconds(2));
        })) {
            this.runner.withUserConfiguration(PoolSize.class).withPropertyValues("spring.http.clients.read-timeout=200ms")
                    .run((context) -> {
                        RestClient client = context.getBean(RestClient.Builder.class).build();
                        // a read timeout, not the server's close 2 s later (that would be NoHttpResponseException)
                        assertThat(catchThrowable(() -> client.get().uri(server.url("/")).retrieve().body(String.class)))
                                .hasRootCauseInstanceOf(SocketTimeoutException.class);
                    });
        }
    }
}
