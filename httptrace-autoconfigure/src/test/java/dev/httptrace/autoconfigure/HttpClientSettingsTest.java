package dev.httptrace.autoconfigure;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;

import dev.httptrace.HttpTrace;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordingClientTrace.ConnectDone;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.TestCertificates;
import dev.httptrace.testsupport.UnansweredListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Boot's {@code spring.http.clients.*} settings reach the traced client: read and connect timeouts, the SSL
 * bundle and the redirect policy.
 */
@SpringBootTest(classes = HttpClientSettingsTest.App.class, properties = {
        "spring.http.clients.read-timeout=200ms", "spring.http.clients.connect-timeout=250ms",
        "spring.http.clients.redirects=dont-follow", "spring.http.clients.ssl.bundle=loopback" })
class HttpClientSettingsTest {

    private static final TestCertificates CERTS = TestCertificates.generate();

    private static final LoopbackHttpServer HTTP = LoopbackHttpServer.start()
            .respondSlowly("/slow", Duration.ofSeconds(2), "late")
            .handle("/moved", (exchange) -> {
                exchange.getResponseHeaders().set("Location", "/");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });

    private static final LoopbackHttpServer HTTPS = LoopbackHttpServer.startTls(CERTS);

    @TempDir
    static Path pemDir;

    @Autowired
    RestClient.Builder restClientBuilder;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        properties.add("spring.ssl.bundle.pem.loopback.truststore.certificate",
                () -> "file:" + CERTS.writePemFiles(pemDir).resolve("ca.crt"));
    }

    @AfterAll
    static void stopServers() {
        HTTP.close();
        HTTPS.close();
    }

    @Test
    void readTimeoutEndsAWaitForASlowServer() {
        RestClient client = this.restClientBuilder.build();
        long start = System.nanoTime();
        assertThatExceptionOfType(ResourceAccessException.class)
                .isThrownBy(() -> client.get().uri(HTTP.url("localhost", "/slow")).retrieve().body(String.class))
                .withRootCauseInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }

    /**
     * A listener with a full accept queue never completes a handshake (Linux drops the SYN), so only the
     * connect timeout ends the attempt: HttpClient's own default is 3 minutes.
     */
    @Test
    void connectTimeoutEndsAConnectThatNeverCompletes() throws IOException {
        try (UnansweredListener listener = UnansweredListener.start()) {
            RecordingClientTrace trace = new RecordingClientTrace();
            long start = System.nanoTime();
            assertThatExceptionOfType(ResourceAccessException.class)
                    .isThrownBy(() -> this.restClientBuilder.build().get()
                            .uri("http://localhost:" + listener.port() + "/")
                            .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().body(String.class))
                    .withRootCauseInstanceOf(SocketTimeoutException.class);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(elapsed).isBetween(Duration.ofMillis(200), Duration.ofMillis(2000));
            assertThat(trace.first(ConnectDone.class).err()).isInstanceOf(SocketTimeoutException.class);
            assertThat(this.registry.get("httptrace.connect").tag("client.name", "localhost")
                    .tag("exception", "SocketTimeoutException").timer().count()).isOne();
        }
    }

    @Test
    void sslBundleSuppliesTheTrust() {
        // the JDK's default trust store does not know the generated CA: only the bundle does
        assertThat(this.restClientBuilder.build().get().uri(HTTPS.url("localhost", "/")).retrieve()
                .body(String.class)).isEqualTo("hello");
        assertThat(this.registry.get("httptrace.tls.handshake").tag("client.name", "localhost")
                .tag("exception", "none").timer().count()).isOne();
    }

    @Test
    void redirectsAreNotFollowedWhenSoConfigured() {
        var response = this.restClientBuilder.build().get().uri(HTTP.url("localhost", "/moved")).retrieve()
                .toBodilessEntity();
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FOUND);
        assertThat(HTTP.requestLines()).doesNotContain("GET / HTTP/1.1");
    }

    /** Fills a listener's accept queue (backlog 1) until a further connect hangs. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
