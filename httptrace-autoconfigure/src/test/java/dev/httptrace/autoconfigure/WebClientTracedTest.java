package dev.httptrace.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.httptrace.ClientTrace;
import dev.httptrace.GotConnInfo;
import dev.httptrace.HttpTrace;
import dev.httptrace.exchange.ExchangeListener;
import dev.httptrace.exchange.ExchangeTimeline;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import dev.httptrace.testsupport.RecordingClientTrace.GotConn;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code WebClient} from Boot's {@code WebClient.Builder}, on Reactor Netty: a request's attribute trace sees the
 * hooks, and the {@code httptrace.*} meters count its phases under the same names and tags as {@code RestClient}'s.
 */
class WebClientTracedTest {

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false).properties(properties).run();
    }

    private static String get(ConfigurableApplicationContext app, String url, RecordingClientTrace trace) {
        return app.getBean(WebClient.Builder.class).build().get().uri(url)
                .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().bodyToMono(String.class)
                .block(Duration.ofSeconds(10));
    }

    /** The hooks recorded once the connection went back to the pool (a moment after the body). */
    private static List<String> settled(RecordingClientTrace recording) throws InterruptedException {
        return recording.awaitEvent(PutIdleConn.class, Duration.ofSeconds(1)).allNames();
    }

    @Test
    void aWebClientRequestIsTracedAndMetered() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start().respond("/orders/7", 200, "seven");
                ConfigurableApplicationContext app = start()) {
            RecordingClientTrace first = new RecordingClientTrace();
            RecordingClientTrace second = new RecordingClientTrace();

            assertThat(get(app, server.url("localhost", "/orders/7"), first)).isEqualTo("seven");
            settled(first);
            assertThat(get(app, server.url("localhost", "/orders/7"), second)).isEqualTo("seven");

            assertThat(first.allNames()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                    "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "gotFinalResponse",
                    "responseBodyDone", "putIdleConn");
            assertThat(settled(second)).startsWith("getConn", "gotConn").endsWith("responseBodyDone", "putIdleConn");
            assertThat(second.first(GotConn.class).info().reused()).isTrue();
            MeterRegistry registry = app.getBean(MeterRegistry.class);
            assertThat(timerCount(registry, "httptrace.connection.acquire", "reused", "false")).isEqualTo(1);
            assertThat(timerCount(registry, "httptrace.connection.acquire", "reused", "true")).isEqualTo(1);
            assertThat(registry.find("httptrace.server.processing").tag("client.name", "localhost")
                    .tag("method", "GET").timers()).extracting(Timer::count).containsExactly(2L);
            assertThat(registry.find("httptrace.dns").tag("client.name", "localhost").timer().count()).isEqualTo(1);
        }
    }

    @Test
    void aTraceThatThrowsIsCountedAndTheRequestGoesOn() {
        try (LoopbackHttpServer server = LoopbackHttpServer.start().respond("/", 200, "fine");
                ConfigurableApplicationContext app = start()) {
            ClientTrace throwing = new ClientTrace() {
                @Override
                public void gotConn(GotConnInfo info) {
                    throw new IllegalStateException("a broken hook");
                }
            };

            String body = app.getBean(WebClient.Builder.class).build().get().uri(server.url("/"))
                    .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, throwing).retrieve().bodyToMono(String.class)
                    .block(Duration.ofSeconds(10));

            assertThat(body).isEqualTo("fine");
            assertThat(app.getBean(MeterRegistry.class).get("httptrace.hook.errors").tag("hook", "gotConn").counter()
                    .count()).isEqualTo(1);
        }
    }

    @Test
    void aWebClientExchangeIsRecordedWithItsUriTemplate() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start().respond("/orders/7", 200, "seven");
                ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class, Exchanges.class)
                        .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run()) {
            String body = app.getBean(WebClient.Builder.class).build().get()
                    .uri("http://localhost:{port}/orders/{id}?token={token}", server.port(), 7, "secret")
                    .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));

            assertThat(body).isEqualTo("seven");
            List<ExchangeTimeline> exchanges = app.getBean(Exchanges.class).done;
            for (int i = 0; i < 200 && exchanges.isEmpty(); i++) {
                Thread.sleep(5);
            }
            assertThat(exchanges).singleElement().satisfies((exchange) -> {
                assertThat(exchange.uri()).isEqualTo("http://localhost:" + server.port() + "/orders/{id}");
                assertThat(exchange.status()).isEqualTo(200);
                assertThat(exchange.phases().waitNanos()).isNotNegative();
            });
        }
    }

    /** Keeps every exchange the timelines tell of. */
    static class Exchanges {

        final List<ExchangeTimeline> done = new CopyOnWriteArrayList<>();

        @Bean
        ExchangeListener exchanges() {
            return (exchange) -> this.done.add(exchange.copy());
        }
    }

    @Test
    void bootsReactiveClientSettingsStillApplyTheSslBundleAndTheTlsHooksFire() throws Exception {
        TestCertificates certs = TestCertificates.generate("localhost", "127.0.0.1");
        Path ca = certs.writePemFiles(Files.createTempDirectory("webclient-tls")).resolve("ca.crt");
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(certs).respond("/", 200, "secure");
                ConfigurableApplicationContext app = start("spring.ssl.bundle.pem.loopback.truststore.certificate=file:" + ca,
                        "spring.http.clients.ssl.bundle=loopback")) {
            RecordingClientTrace recording = new RecordingClientTrace();

            assertThat(get(app, server.url("localhost", "/"), recording)).isEqualTo("secure");

            assertThat(settled(recording)).containsSubsequence("connectDone", "tlsHandshakeStart", "tlsHandshakeDone",
                    "gotConn");
            assertThat(recording.first(RecordingClientTrace.TlsHandshakeDone.class).state().peerCertificates()).first()
                    .isEqualTo(certs.serverCertificate());
        }
    }

    @Test
    void httptraceDisabledLeavesWebClientAlone() {
        try (LoopbackHttpServer server = LoopbackHttpServer.start().respond("/", 200, "plain");
                ConfigurableApplicationContext app = start("httptrace.enabled=false")) {
            RecordingClientTrace recording = new RecordingClientTrace();

            assertThat(get(app, server.url("/"), recording)).isEqualTo("plain");

            assertThat(recording.allNames()).isEmpty();
            assertThat(app.getBeanNamesForType(HttpTraceWebClientAutoConfiguration.class)).isEmpty();
        }
    }

    @Test
    void theApplicationsOwnReactorNettyCustomizerStillApplies() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start().handle("/", (exchange) -> {
                    byte[] seen = String.valueOf(exchange.getRequestHeaders().getFirst("X-From-App"))
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, seen.length);
                    exchange.getResponseBody().write(seen);
                    exchange.close();
                });
                ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class, OwnCustomizer.class)
                        .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run()) {
            RecordingClientTrace recording = new RecordingClientTrace();

            assertThat(get(app, server.url("/"), recording)).isEqualTo("from the application's customizer");

            assertThat(settled(recording)).containsExactly("getConn", "connectStart", "connectDone", "gotConn",
                    "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "gotFinalResponse", "responseBodyDone",
                    "putIdleConn");
        }
    }

    @Test
    void earlyHintsTakenAsTheResponseAreMeteredAsAFailedExchange() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((connection) -> {
                    if (connection.readRequest() != null) {
                        connection.write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
                        connection.writeResponse(200, "final");
                    }
                });
                ConfigurableApplicationContext app = start()) {
            RecordingClientTrace recording = new RecordingClientTrace();

            // what Reactor Netty does, traced or not: the application gets the 103, with no body
            assertThat(app.getBean(WebClient.Builder.class).build().get().uri(server.url("/"))
                    .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, recording).retrieve().toBodilessEntity()
                    .block(Duration.ofSeconds(10)).getStatusCode().value()).isEqualTo(103);

            assertThat(recording.allNames()).endsWith("got1xxResponse", "exchangeFailed");
            MeterRegistry registry = app.getBean(MeterRegistry.class);
            // the server answered (its 103's first byte ends the server's time); reading the response failed
            assertThat(registry.get("httptrace.server.processing").tag("client.name", "127.0.0.1")
                    .tag("exception", "none").timer().count()).isOne();
            assertThat(registry.get("httptrace.content.transfer").tag("client.name", "127.0.0.1")
                    .tag("exception", "InterimResponseAsFinalException").timer().count()).isOne();
        }
    }

    @Test
    void anotherConnectorIsLeftAloneAndNothingFires() {
        try (LoopbackHttpServer server = LoopbackHttpServer.start().respond("/", 200, "on the JDK's client");
                ConfigurableApplicationContext app = start("spring.http.clients.reactive.connector=jdk")) {
            RecordingClientTrace recording = new RecordingClientTrace();

            assertThat(get(app, server.url("/"), recording)).isEqualTo("on the JDK's client");

            assertThat(recording.allNames()).isEmpty();
            assertThat(app.getBean(MeterRegistry.class).find("httptrace.connection.acquire").timers()).isEmpty();
        }
    }

    private static long timerCount(MeterRegistry registry, String name, String tag, String value) {
        return registry.find(name).tag("client.name", "localhost").tag(tag, value).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    /** An application's own customizer of Boot's Reactor Netty connector, next to httptrace's. */
    @Configuration(proxyBeanMethods = false)
    static class OwnCustomizer {

        @Bean
        ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> applicationsHeader() {
            return (builder) -> builder.withHttpClientCustomizer((client) -> client.headers(
                    (headers) -> headers.set("X-From-App", "from the application's customizer")));
        }
    }
}
