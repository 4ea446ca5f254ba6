package dev.httptrace.autoconfigure;

import java.lang.reflect.Method;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.httptrace.HttpTrace;
import dev.httptrace.spring.TracingClientHttpRequestFactory;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordingClientTrace.DnsDone;
import dev.httptrace.testsupport.RecordingClientTrace;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The builder on its own, outside a Spring context; Boot 4.1's extra settings where Boot 4.1 runs. */
class TracingClientHttpRequestFactoryBuilderTest {

    private static LoopbackHttpServer server;

    @BeforeAll
    static void startServer() {
        server = LoopbackHttpServer.start()
                .handle("/set-cookie", (exchange) -> {
                    exchange.getResponseHeaders().add("Set-Cookie", "session=abc; Path=/");
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                })
                .handle("/cookie", (exchange) -> {
                    byte[] body = String.valueOf(exchange.getRequestHeaders().getFirst("Cookie"))
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void buildsATracedFactoryWithoutSettingsAndRunsCustomizersInOrder() throws Exception {
        List<String> calls = new ArrayList<>();
        TracingClientHttpRequestFactoryBuilder builder = new TracingClientHttpRequestFactoryBuilder()
                .withClientCustomizer((client) -> calls.add("client"))
                .withCustomizer((factory) -> calls.add("factory"));
        TracingClientHttpRequestFactory factory = builder.build();
        try {
            assertThat(calls).containsExactly("client", "factory");
            RecordingClientTrace trace = new RecordingClientTrace();
            String body = RestClient.builder().requestFactory(factory).build().get().uri(server.url("localhost", "/"))
                    .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().body(String.class);
            assertThat(body).isEqualTo("hello");
            assertThat(trace.names()).startsWith("getConn", "dnsStart", "dnsDone").endsWith("putIdleConn");
        }
        finally {
            factory.destroy();
        }
    }

    @Test
    void boot41InetAddressFilterKeepsFilteredAddressesOut() throws Exception {
        Class<?> filterType = boot41Type("org.springframework.boot.http.client.InetAddressFilter");
        Object externalOnly = filterType.getMethod("externalAddresses").invoke(null);
        HttpClientSettings settings = (HttpClientSettings) HttpClientSettings.class
                .getMethod("withInetAddressFilter", filterType).invoke(HttpClientSettings.defaults(), externalOnly);
        TracingClientHttpRequestFactory factory = new TracingClientHttpRequestFactoryBuilder().build(settings);
        try {
            RecordingClientTrace trace = new RecordingClientTrace();
            RestClient client = RestClient.builder().requestFactory(factory).build();
            int requestsBefore = server.requestCount();
            assertThatExceptionOfType(ResourceAccessException.class)
                    .isThrownBy(() -> client.get().uri(server.url("localhost", "/"))
                            .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().body(String.class))
                    .withRootCauseInstanceOf(UnknownHostException.class)
                    .withMessageContaining("Filtered host 'localhost'");
            assertThat(trace.first(DnsDone.class).info().err()).isInstanceOf(UnknownHostException.class);
            assertThat(trace.names()).doesNotContain("connectStart");
            assertThat(server.requestCount()).isEqualTo(requestsBefore);
        }
        finally {
            factory.destroy();
        }
    }

    @Test
    void boot41CookieHandlingIsApplied() throws Exception {
        assertThat(cookieSentBack(null)).isEqualTo("session=abc");
        assertThat(cookieSentBack("DISABLE")).isEqualTo("null");
    }

    private static @Nullable String cookieSentBack(@Nullable String cookieHandling) throws Exception {
        HttpClientSettings settings = HttpClientSettings.defaults();
        if (cookieHandling != null) {
            Class<?> type = boot41Type("org.springframework.boot.http.client.HttpCookieHandling");
            Method valueOf = type.getMethod("valueOf", String.class);
            settings = (HttpClientSettings) HttpClientSettings.class.getMethod("withCookieHandling", type)
                    .invoke(settings, valueOf.invoke(null, cookieHandling));
        }
        TracingClientHttpRequestFactory factory = new TracingClientHttpRequestFactoryBuilder().build(settings);
        try {
            RestClient client = RestClient.builder().requestFactory(factory).build();
            client.get().uri(server.url("localhost", "/set-cookie")).retrieve().toBodilessEntity();
            return client.get().uri(server.url("localhost", "/cookie")).retrieve().body(String.class);
        }
        finally {
            factory.destroy();
        }
    }

    private static Class<?> boot41Type(String name) {
        try {
            return Class.forName(name);
        }
        catch (ClassNotFoundException bootBefore41) {
            assumeTrue(false, "needs Boot 4.1: " + name);
            throw new AssertionError(bootBefore41);
        }
    }
}
