package dev.httptrace.autoconfigure;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.httptrace.ClientTrace;
import dev.httptrace.HttpTrace;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordingClientTrace.GetConn;
import dev.httptrace.testsupport.RecordingClientTrace.GotConn;
import dev.httptrace.testsupport.RecordingClientTrace.TlsHandshakeDone;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.TestCertificates;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Boot application with the starter's auto-configurations and Boot's own metrics and observations: the
 * injected {@code RestClient.Builder}, {@code RestTemplateBuilder} and an HTTP interface client are traced over
 * HTTP and over HTTPS (trust from an SSL bundle), and every phase is timed next to {@code http.client.requests}.
 */
@SpringBootTest(classes = TracedApplicationTest.App.class)
class TracedApplicationTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost", "other.test", "127.0.0.1");

    private static final LoopbackHttpServer HTTP = LoopbackHttpServer.start().respond("/upload", 200, "stored");

    private static final LoopbackHttpServer HTTPS = LoopbackHttpServer.startTls(CERTS);

    @TempDir
    static Path pemDir;

    @Autowired
    RestClient.Builder restClientBuilder;

    @Autowired
    RestTemplateBuilder restTemplateBuilder;

    @Autowired
    Echo echo;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        properties.add("spring.ssl.bundle.pem.loopback.truststore.certificate",
                () -> "file:" + CERTS.writePemFiles(pemDir).resolve("ca.crt"));
        properties.add("spring.http.clients.ssl.bundle", () -> "loopback");
        properties.add("spring.http.serviceclient.echo.base-url", () -> HTTP.url("127.0.0.1", ""));
    }

    @AfterAll
    static void stopServers() {
        HTTP.close();
        HTTPS.close();
    }

    @Test
    void everyPhaseIsTimedNextToBootsHttpClientRequestsUnderTheSameClientName() {
        RestClient client = this.restClientBuilder.build();
        assertThat(client.get().uri(HTTP.url("localhost", "/")).retrieve().body(String.class)).isEqualTo("hello");
        assertThat(client.get().uri(HTTP.url("localhost", "/")).retrieve().body(String.class)).isEqualTo("hello");
        assertThat(client.post().uri(HTTP.url("localhost", "/upload")).body("payload").retrieve().body(String.class))
                .isEqualTo("stored");
        assertThat(client.get().uri(HTTPS.url("localhost", "/")).retrieve().body(String.class)).isEqualTo("hello");

        assertTimer("httptrace.dns", Map.of("exception", "none"), 2);
        assertTimer("httptrace.connect", Map.of("network.type", "ipv4", "exception", "none"), 2);
        assertTimer("httptrace.tls.handshake", Map.of("tls.protocol.version", "1.3", "exception", "none"), 1);
        assertTimer("httptrace.connection.acquire", Map.of("reused", "false", "exception", "none"), 2);
        assertTimer("httptrace.connection.acquire", Map.of("reused", "true", "exception", "none"), 2);
        assertTimer("httptrace.connection.idle", Map.of(), 2);
        assertTimer("httptrace.request.write", Map.of("method", "GET", "exception", "none"), 3);
        assertTimer("httptrace.request.write", Map.of("method", "POST", "exception", "none"), 1);
        assertTimer("httptrace.continue.wait", Map.of("outcome", "continued"), 1);
        // the POST's first response byte was its 100 Continue: its server time ends at the final response's head
        assertTimer("httptrace.server.processing", Map.of("method", "GET", "exception", "none"), 3);
        assertTimer("httptrace.server.processing", Map.of("method", "POST", "exception", "none"), 1);
        assertTimer("httptrace.content.transfer", Map.of("method", "GET", "exception", "none"), 3);
        assertTimer("httptrace.content.transfer", Map.of("method", "POST", "exception", "none"), 1);
        assertThat(this.registry.find("httptrace.hook.errors").counters()).isEmpty();

        assertThat(this.registry.find("http.client.requests").tag("client.name", "localhost").timers()
                .stream().mapToLong(Timer::count).sum()).isEqualTo(4);
        assertThat(clientNames("http.client.requests")).contains("localhost");
    }

    @Test
    void aPerRequestTraceSeesEveryHookOfAnHttpsRequest() {
        RecordingClientTrace trace = new RecordingClientTrace();
        // the README's snippet
        String body = this.restClientBuilder.build()
                .get()
                .uri(HTTPS.url("other.test", "/"))
                .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace)
                .retrieve()
                .body(String.class);

        assertThat(body).isEqualTo("hello");
        assertThat(trace.names()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "tlsHandshakeStart", "tlsHandshakeDone", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
        assertThat(trace.pairingViolations()).isEmpty();
        assertThat(trace.first(GetConn.class).hostPort()).isEqualTo("other.test:" + HTTPS.port());
        assertThat(trace.first(GotConn.class).info().reused()).isFalse();
        TlsHandshakeDone handshake = trace.first(TlsHandshakeDone.class);
        assertThat(handshake.err()).isNull();
        assertThat(handshake.state().protocol()).isEqualTo("TLSv1.3");
        assertThat(handshake.state().serverName()).isEqualTo("other.test");
        assertThat(handshake.state().peerCertificates()).first().isEqualTo(CERTS.serverCertificate());
    }

    @Test
    @SuppressWarnings("try") // the scope only needs to be open
    void restTemplateFromTheBuilderIsTraced() {
        RestTemplate restTemplate = this.restTemplateBuilder.build();
        long before = serverProcessingCount("127.0.0.1");
        RecordingClientTrace trace = new RecordingClientTrace();
        try (HttpTrace.Scope scope = HttpTrace.withClientTrace(trace)) {
            assertThat(restTemplate.getForObject(HTTP.url("127.0.0.1", "/"), String.class)).isEqualTo("hello");
        }
        assertThat(trace.names()).containsExactly("getConn", "connectStart", "connectDone", "gotConn", "wroteHeaders",
                "wroteRequest", "gotFirstResponseByte", "putIdleConn");
        assertThat(serverProcessingCount("127.0.0.1")).isEqualTo(before + 1);
    }

    @Test
    void httpInterfaceClientIsTraced() {
        long before = serverProcessingCount("127.0.0.1");
        RecordingClientTrace trace = new RecordingClientTrace();
        assertThat(this.echo.hello(trace)).isEqualTo("hello");
        assertThat(trace.names()).startsWith("getConn").contains("wroteRequest", "gotFirstResponseByte")
                .endsWith("putIdleConn");
        assertThat(trace.first(GetConn.class).hostPort()).isEqualTo("127.0.0.1:" + HTTP.port());
        assertThat(serverProcessingCount("127.0.0.1")).isEqualTo(before + 1);
    }

    /** The one timer {@code name} with {@code client.name=localhost} and {@code tags}, and no other tag keys. */
    private void assertTimer(String name, Map<String, String> tags, long count) {
        var search = this.registry.find(name).tag("client.name", "localhost");
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        Timer timer = search.timer();
        assertThat(timer).as("%s %s", name, tags).isNotNull();
        assertThat(timer.count()).as("%s %s", name, tags).isEqualTo(count);
        assertThat(timer.getId().getTags()).extracting(Tag::getKey)
                .containsExactlyInAnyOrderElementsOf(keys(tags));
    }

    private static Set<String> keys(Map<String, String> tags) {
        Set<String> keys = new java.util.HashSet<>(tags.keySet());
        keys.add("client.name");
        return keys;
    }

    private Set<String> clientNames(String name) {
        return this.registry.find(name).meters().stream().map(Meter::getId)
                .map((id) -> id.getTag("client.name")).collect(Collectors.toSet());
    }

    private long serverProcessingCount(String clientName) {
        return this.registry.find("httptrace.server.processing").tag("client.name", clientName).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    /** An HTTP interface whose per-request trace is a request attribute. */
    interface Echo {

        @GetExchange("/")
        String hello(@RequestAttribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE) ClientTrace trace);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ImportHttpServices(group = "echo", types = Echo.class)
    static class App {

        /** An application's own customizer of the traced builder: switches {@code Expect: 100-continue} on. */
        @Bean
        ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> expectContinue() {
            return new ExpectContinue();
        }
    }

    static final class ExpectContinue
            implements ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> {

        @Override
        public TracingClientHttpRequestFactoryBuilder customize(TracingClientHttpRequestFactoryBuilder builder) {
            return builder.withClientCustomizer((client) -> client
                    .setDefaultRequestConfig(RequestConfig.custom().setExpectContinueEnabled(true).build()));
        }
    }
}
