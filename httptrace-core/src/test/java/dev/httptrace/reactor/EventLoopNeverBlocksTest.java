package dev.httptrace.reactor;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.httptrace.ClientTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.exchange.ExchangeRecorder;
import dev.httptrace.exchange.ExchangeTraceFactory;
import dev.httptrace.micrometer.MeterClientTraceFactory;
import dev.httptrace.testsupport.Closeables;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import dev.httptrace.testsupport.TestCertificates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's traces never block a Reactor Netty event loop: under Reactor's BlockHound (its own Surefire run, as
 * the agent stays in the JVM), the meters, the exchange recorder and a recorder see fresh, pooled, HTTPS, redirected
 * and contended requests, and BlockHound reports no blocking call on a non-blocking thread. A hook that does block is
 * reported, so the check can fail. Traces that log (the slow-call log, {@code LoggingClientTrace}) write through the
 * application's logging, as Reactor Netty's own logging does, and are not part of the claim.
 */
class EventLoopNeverBlocksTest {

    /** Each blocking call BlockHound saw on a non-blocking thread: the method and the thread. */
    private static final Queue<String> BLOCKED = new ConcurrentLinkedQueue<>();

    @AutoClose
    final Closeables closeables = new Closeables();

    private final ConnectionProvider pool = ConnectionProvider.builder("httptrace-blockhound").maxConnections(2)
            .pendingAcquireMaxCount(-1).build();

    private final HttpClient client = TracingReactorNetty.trace(HttpClient.create(pool));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MeterClientTraceFactory meters = new MeterClientTraceFactory(registry);

    private final ExchangeRecorder exchanges = new ExchangeRecorder(100, 10, 100);

    private final ExchangeTraceFactory timelines = new ExchangeTraceFactory(List.of(exchanges));

    @BeforeAll
    static void installBlockHound() {
        // with the integrations found on the class path (Reactor's and Netty's mark their threads non-blocking)
        BlockHound.install((builder) -> builder.blockingMethodCallback(
                (method) -> BLOCKED.add(method + " on " + Thread.currentThread().getName())));
    }

    @AfterEach
    void disposePool() {
        pool.disposeLater().block(Duration.ofSeconds(5));
        BLOCKED.clear();
    }

    /** What the starter gives a WebClient request: the meters and the recorded timeline, and a recorder. */
    private Mono<String> get(HttpClient http, String url, RecordingClientTrace recording) {
        TracedRequest request = new TracedRequest("GET", URI.create(url), Map.of());
        ClientTrace trace = meters.create(request).andThen(timelines.create(request)).andThen(recording);
        return http.get().uri(url).responseSingle((response, body) -> body.asString())
                .contextWrite((context) -> TracingReactorNetty.withTrace(context, trace, URI.create(url)));
    }

    @Test
    void freshPooledHttpsRedirectedAndContendedRequestsBlockNoEventLoop() throws Exception {
        TestCertificates certs = TestCertificates.generate("localhost", "127.0.0.1");
        LoopbackHttpServer http = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "plain")
                .respondSlowly("/slow", Duration.ofMillis(5), "late")
                .handle("/redirect", (exchange) -> {
                    exchange.getResponseHeaders().add("Location", "/");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                });
        LoopbackHttpServer https = closeables.add(LoopbackHttpServer.startTls(certs)).respond("/", 200, "secure");
        HttpClient secure = client.secure((spec) -> spec.sslContext(Http11SslContextSpec.forClient()
                .configure((builder) -> builder.trustManager(certs.caCertificate()))));
        List<RecordingClientTrace> recordings = new ArrayList<>();

        RecordingClientTrace fresh = record(recordings);
        assertThat(get(client, http.url("localhost", "/"), fresh).block(Duration.ofSeconds(10))).isEqualTo("plain");
        RecordingClientTrace pooled = record(recordings);
        assertThat(get(client, http.url("localhost", "/"), pooled).block(Duration.ofSeconds(10))).isEqualTo("plain");
        RecordingClientTrace tls = record(recordings);
        assertThat(get(secure, https.url("localhost", "/"), tls).block(Duration.ofSeconds(10))).isEqualTo("secure");
        RecordingClientTrace redirected = record(recordings);
        assertThat(get(client.followRedirect(true), http.url("/redirect"), redirected).block(Duration.ofSeconds(10)))
                .isEqualTo("plain");
        List<Mono<String>> contended = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            contended.add(get(client, http.url("/slow?request=" + i), record(recordings)));
        }
        assertThat(Flux.merge(contended).collectList().block(Duration.ofSeconds(30))).hasSize(16).containsOnly("late");

        for (RecordingClientTrace recording : recordings) {
            recording.awaitEvent(PutIdleConn.class, Duration.ofSeconds(1));
        }
        assertThat(fresh.allNames()).contains("dnsStart", "connectStart", "gotConn");
        assertThat(tls.allNames()).contains("tlsHandshakeStart", "tlsHandshakeDone");
        assertThat(redirected.allNames()).filteredOn("getConn"::equals).hasSize(2);
        assertThat(exchanges.recorded()).isEqualTo(recordings.size() + 1); // the redirect is two attempts
        assertThat(registry.find("httptrace.connection.acquire").timers()).isNotEmpty();
        assertThat(BLOCKED).as("blocking calls on non-blocking threads").isEmpty();
    }

    @Test
    void aHookThatBlocksIsCaught() {
        LoopbackHttpServer http = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "plain");
        ClientTrace sleeping = new ClientTrace() {
            @Override
            public void gotFirstResponseByte() {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        String url = http.url("/");

        assertThat(client.get().uri(url).responseSingle((response, body) -> body.asString())
                .contextWrite((context) -> TracingReactorNetty.withTrace(context, sleeping, URI.create(url)))
                .block(Duration.ofSeconds(10))).isEqualTo("plain");

        assertThat(BLOCKED).anyMatch((call) -> call.contains("sleep") && call.contains("reactor-http-"));
    }

    private static RecordingClientTrace record(List<RecordingClientTrace> recordings) {
        RecordingClientTrace recording = new RecordingClientTrace();
        recordings.add(recording);
        return recording;
    }
}
