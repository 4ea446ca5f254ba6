package dev.httptrace.autoconfigure;

import java.net.ConnectException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLHandshakeException;

import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.TestCertificates;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Failures in each phase are timed with their {@code exception} tag, and the request fails as it does without
 * tracing: Spring's {@link ResourceAccessException} around the transport's exception. Boot's default settings
 * (no SSL bundle, redirects followed).
 */
@SpringBootTest(classes = ErrorPathTest.App.class)
class ErrorPathTest {

    private static final LoopbackHttpServer HTTP = LoopbackHttpServer.start()
            .handle("/moved", (exchange) -> {
                exchange.getResponseHeaders().set("Location", "/");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });

    private static final LoopbackHttpServer HTTPS = LoopbackHttpServer.startTls(TestCertificates.generate());

    @Autowired
    RestClient.Builder restClientBuilder;

    @Autowired
    MeterRegistry registry;

    @AfterAll
    static void stopServers() {
        HTTP.close();
        HTTPS.close();
    }

    @Test
    void unknownHostIsTaggedOnTheDnsTimer() {
        assertThatExceptionOfType(ResourceAccessException.class)
                .isThrownBy(() -> get("http://does-not-exist.test/"))
                .withRootCauseInstanceOf(UnknownHostException.class);
        assertThat(this.registry.get("httptrace.dns").tag("client.name", "does-not-exist.test")
                .tag("exception", "UnknownHostException").timer().count()).isOne();
        assertThat(this.registry.get("httptrace.connection.acquire").tag("client.name", "does-not-exist.test")
                .tag("reused", "false").tag("exception", "UnknownHostException").timer().count()).isOne();
    }

    @Test
    void refusedConnectionIsTaggedOnTheConnectTimer() {
        assertThatExceptionOfType(ResourceAccessException.class)
                .isThrownBy(() -> get("http://localhost:" + LoopbackPorts.closedPort() + "/"))
                .withRootCauseInstanceOf(ConnectException.class);
        assertThat(this.registry.get("httptrace.connect").tag("client.name", "localhost")
                .tag("network.type", "ipv4").tag("exception", "ConnectException").timer().count()).isOne();
    }

    @Test
    void untrustedCertificateIsTaggedOnTheTlsHandshakeTimer() {
        // no spring.http.clients.ssl.bundle here: the JDK's trust store does not know the generated CA
        assertThatExceptionOfType(ResourceAccessException.class)
                .isThrownBy(() -> get(HTTPS.url("other.test", "/")))
                .withCauseInstanceOf(SSLHandshakeException.class);
        assertThat(this.registry.get("httptrace.tls.handshake").tag("client.name", "other.test")
                .tag("exception", "SSLHandshakeException").timer().count()).isOne();
    }

    @Test
    void redirectsAreFollowedByDefault() {
        assertThat(get(HTTP.url("127.0.0.1", "/moved"))).isEqualTo("hello");
        assertThat(HTTP.requestLines()).containsSubsequence("GET /moved HTTP/1.1", "GET / HTTP/1.1");
        // one trace per attempt, both under the original request's client name
        assertThat(this.registry.get("httptrace.server.processing").tag("client.name", "127.0.0.1").timer().count())
                .isEqualTo(2);
    }

    private String get(String url) {
        return this.restClientBuilder.build().get().uri(url).retrieve().body(String.class);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
