package dev.httptrace.reactor;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.httptrace.ClientTrace;
import dev.httptrace.ConnectionNotPooledException;
import dev.httptrace.testsupport.Closeables;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.ConnectDone;
import dev.httptrace.testsupport.RecordingClientTrace.DnsDone;
import dev.httptrace.testsupport.RecordingClientTrace.GetConn;
import dev.httptrace.testsupport.RecordingClientTrace.GotConn;
import dev.httptrace.testsupport.RecordingClientTrace.GotFinalResponse;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import dev.httptrace.testsupport.RecordingClientTrace.TlsHandshakeDone;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import io.netty.resolver.DefaultAddressResolverGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Reactor Netty's HTTP client with {@link TracingReactorNetty}, against real loopback servers: the hooks of a fresh
 * connection, of a pooled one, of a refused connect and of a failed lookup, each checked by the recorder's rules
 * (pairing, order, arguments) after the test. Names resolve through the JDK's resolver, as the test hosts file says.
 */
class ReactorNettyHooksTest {

    @AutoClose
    final Closeables closeables = new Closeables();

    private final ConnectionProvider pool = ConnectionProvider.builder("httptrace-test").maxConnections(1).build();

    private final HttpClient client = TracingReactorNetty.trace(HttpClient.create(pool)
            .resolver(DefaultAddressResolverGroup.INSTANCE));

    @AfterEach
    void disposePool() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }

    private String get(String url, ClientTrace trace) {
        return client.get().uri(url).responseSingle((response, body) -> body.asString())
                .contextWrite((context) -> TracingReactorNetty.withTrace(context, trace, URI.create(url)))
                .block(Duration.ofSeconds(10));
    }

    /** The hooks recorded once the connection went back to the pool (a moment after the body). */
    private static List<String> settled(RecordingClientTrace recording) throws InterruptedException {
        return recording.awaitEvent(PutIdleConn.class, Duration.ofSeconds(1)).allNames();
    }

    @Test
    void freshConnectionFiresEveryHookInGosOrder() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "fresh");
        RecordingClientTrace recording = new RecordingClientTrace();

        assertThat(get(server.url("localhost", "/"), recording)).isEqualTo("fresh");

        assertThat(settled(recording)).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "gotFinalResponse",
                "responseBodyDone", "putIdleConn");
        assertThat(recording.first(GetConn.class).hostPort()).isEqualTo("localhost:" + server.port());
        assertThat(recording.first(DnsDone.class).info().err()).isNull();
        assertThat(recording.first(ConnectDone.class).addr()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(recording.first(GotConn.class).info().reused()).isFalse();
        assertThat(recording.first(GotConn.class).info().conn().remoteAddress().getPort()).isEqualTo(server.port());
        assertThat(recording.first(GotFinalResponse.class).code()).isEqualTo(200);
        assertThat(recording.first(PutIdleConn.class).err()).isNull();
    }

    @Test
    void freshHttpsConnectionHasItsHandshakeBetweenConnectAndGotConn() throws Exception {
        TestCertificates certs = TestCertificates.generate("localhost", "127.0.0.1");
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.startTls(certs)).respond("/", 200, "secure");
        HttpClient secure = client.secure((spec) -> spec.sslContext(Http11SslContextSpec.forClient()
                .configure((builder) -> builder.trustManager(certs.caCertificate()))));
        RecordingClientTrace recording = new RecordingClientTrace();
        String url = server.url("localhost", "/");

        String body = secure.get().uri(url).responseSingle((response, content) -> content.asString())
                .contextWrite((context) -> TracingReactorNetty.withTrace(context, recording, URI.create(url)))
                .block(Duration.ofSeconds(10));

        assertThat(body).isEqualTo("secure");
        assertThat(settled(recording)).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "tlsHandshakeStart", "tlsHandshakeDone", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "gotFinalResponse", "responseBodyDone", "putIdleConn");
        TlsHandshakeDone handshake = recording.first(TlsHandshakeDone.class);
        assertThat(handshake.err()).isNull();
        assertThat(handshake.state().protocol()).startsWith("TLSv1.");
        assertThat(handshake.state().serverName()).isEqualTo("localhost");
        assertThat(handshake.state().peerCertificates()).first().isEqualTo(certs.serverCertificate());
    }

    @Test
    void untrustedCertificateIsTlsHandshakeDoneWithTheErrorThenGetConnFailed() {
        TestCertificates certs = TestCertificates.generate("localhost", "127.0.0.1");
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.startTls(certs)).respond("/", 200, "secure");
        HttpClient untrusting = client.secure((spec) -> spec.sslContext(Http11SslContextSpec.forClient()));
        RecordingClientTrace recording = new RecordingClientTrace();
        String url = server.url("localhost", "/");

        Throwable failure = catchThrowable(() -> untrusting.get().uri(url).responseSingle((response, content) -> content.asString())
                .contextWrite((context) -> TracingReactorNetty.withTrace(context, recording, URI.create(url)))
                .block(Duration.ofSeconds(10)));

        assertThat(failure).isNotNull();
        assertThat(recording.allNames()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "tlsHandshakeStart", "tlsHandshakeDone", "getConnFailed");
        TlsHandshakeDone handshake = recording.first(TlsHandshakeDone.class);
        assertThat(handshake.err()).isNotNull();
        assertThat(handshake.state().handshakeComplete()).isFalse();
    }

    @Test
    void hooksRunOnTheEventLoopsButGetConnOnTheSubscriber() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "loops");
        RecordingClientTrace recording = new RecordingClientTrace();

        get(server.url("localhost", "/"), recording);
        settled(recording);

        List<RecordingClientTrace.Recorded> recorded = recording.recorded();
        String subscriber = Thread.currentThread().getName();
        assertThat(recorded.get(0).event().name()).isEqualTo("getConn");
        assertThat(recorded.get(0).thread()).isEqualTo(subscriber);
        // the lookup runs on the JDK resolver's thread here (DefaultAddressResolverGroup); the rest on Netty's loops
        assertThat(recorded.stream().filter((r) -> !r.event().name().startsWith("dns")).skip(1))
                .allSatisfy((r) -> assertThat(r.thread()).as(r.event().name()).startsWith("reactor-http-"));
    }

    @Test
    void pooledConnectionIsReusedWithItsIdleTime() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "again");
        RecordingClientTrace first = new RecordingClientTrace();
        get(server.url("/"), first);
        settled(first);
        Thread.sleep(20);
        RecordingClientTrace second = new RecordingClientTrace();

        assertThat(get(server.url("/"), second)).isEqualTo("again");

        assertThat(settled(second)).containsExactly("getConn", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "gotFinalResponse", "responseBodyDone", "putIdleConn");
        GotConn reused = second.first(GotConn.class);
        assertThat(reused.info().reused()).isTrue();
        assertThat(reused.info().idleTime()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(reused.info().conn().localAddress()).isEqualTo(first.first(GotConn.class).info().conn().localAddress());
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void refusedConnectIsConnectDoneWithTheErrorThenGetConnFailed() throws Exception {
        int port = LoopbackPorts.closedPort();
        RecordingClientTrace recording = new RecordingClientTrace();

        Throwable failure = catchThrowable(() -> get("http://127.0.0.1:" + port + "/", recording));

        assertThat(failure).isNotNull();
        assertThat(recording.allNames()).containsExactly("getConn", "connectStart", "connectDone", "getConnFailed");
        assertThat(recording.first(ConnectDone.class).err()).isNotNull();
        assertThat(recording.first(ConnectDone.class).addr()).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void aNameWithTwoAddressesConnectsToEachInTurnUntilOneAnswers() throws Exception {
        // multi.test is 127.0.0.2 (nothing listens there) and then 127.0.0.1 (the test hosts file)
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "second address");
        RecordingClientTrace recording = new RecordingClientTrace();

        assertThat(get(server.url("multi.test", "/"), recording)).isEqualTo("second address");

        assertThat(settled(recording)).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "connectStart", "connectDone", "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte",
                "gotFinalResponse", "responseBodyDone", "putIdleConn");
        List<ConnectDone> connects = recording.all(ConnectDone.class);
        assertThat(connects).extracting(ConnectDone::addr)
                .containsExactly("127.0.0.2:" + server.port(), "127.0.0.1:" + server.port());
        assertThat(connects.get(0).err()).isNotNull();
        assertThat(connects.get(1).err()).isNull();
        // Reactor Netty reports the first address it resolved only; Go's dnsDone names both
        assertThat(recording.first(DnsDone.class).info().addrs()).extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.2");
    }

    @Test
    void aConnectionTheServerClosesIsNeverPutIdle() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start((connection) -> {
            if (connection.readRequest() != null) {
                connection.writeResponse(200, "last", "Connection: close");
            }
        }));
        RecordingClientTrace recording = new RecordingClientTrace();

        assertThat(get(server.url("/"), recording)).isEqualTo("last");

        Thread.sleep(200); // the connection's close, which must not be reported as put idle
        assertThat(recording.allNames()).containsExactly("getConn", "connectStart", "connectDone", "gotConn",
                "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "gotFinalResponse", "responseBodyDone");
    }

    @Test
    void aConnectionThePoolEvictsOnReleaseIsPutIdleWithTheError() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "once");
        ConnectionProvider shortLived = ConnectionProvider.builder("httptrace-short").maxConnections(1)
                .maxLifeTime(Duration.ofMillis(1)).build();
        HttpClient evicting = TracingReactorNetty.trace(HttpClient.create(shortLived));
        try {
            for (int call = 0; call < 2; call++) {
                RecordingClientTrace recording = new RecordingClientTrace();
                String url = server.url("/");
                assertThat(evicting.get().uri(url).responseSingle((response, body) -> body.asString())
                        .contextWrite((context) -> TracingReactorNetty.withTrace(context, recording, URI.create(url)))
                        .block(Duration.ofSeconds(10))).isEqualTo("once");

                assertThat(settled(recording)).endsWith("responseBodyDone", "putIdleConn");
                assertThat(recording.first(GotConn.class).info().reused()).isFalse();
                assertThat(recording.first(PutIdleConn.class).err()).isInstanceOf(ConnectionNotPooledException.class)
                        .hasMessageContaining("evicted");
            }
        } finally {
            shortLived.disposeLater().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void failedLookupIsDnsDoneWithTheErrorThenGetConnFailed() {
        RecordingClientTrace recording = new RecordingClientTrace();

        Throwable failure = catchThrowable(() -> get("http://reactor-missing.test/", recording));

        assertThat(failure).isNotNull();
        assertThat(recording.allNames()).containsExactly("getConn", "dnsStart", "dnsDone", "getConnFailed");
        assertThat(recording.first(DnsDone.class).info().err()).isNotNull();
        assertThat(recording.first(DnsDone.class).info().addrs()).isEmpty();
    }

    @Test
    void aTraceThatThrowsNeverBreaksTheRequestNorTheTracesAfterIt() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "fine");
        ClientTrace throwing = new ClientTrace() {
            @Override
            public void getConn(String hostPort) {
                throw new IllegalStateException("a broken hook");
            }

            @Override
            public void gotConn(dev.httptrace.GotConnInfo info) {
                throw new IllegalStateException("a broken hook");
            }
        };
        ClientTrace failingAssertion = new ClientTrace() {
            @Override
            public void getConn(String hostPort) {
                throw new AssertionError("an Error, not an exception");
            }
        };
        RecordingClientTrace recording = new RecordingClientTrace();
        List<String> failed = new CopyOnWriteArrayList<>();
        String url = server.url("/");

        String body = client.get().uri(url).responseSingle((response, content) -> content.asString())
                .contextWrite((context) -> TracingReactorNetty.withTrace(context,
                        throwing.andThen(recording).andThen(failingAssertion), URI.create(url),
                        (hook, error) -> failed.add(hook + ": " + error.getMessage())))
                .block(Duration.ofSeconds(10));

        assertThat(body).isEqualTo("fine");
        // each trace's failure told once, and the trace between the two still gets every hook
        assertThat(failed).containsExactly("getConn: a broken hook", "getConn: an Error, not an exception",
                "gotConn: a broken hook");
        assertThat(settled(recording)).containsExactly("getConn", "connectStart", "connectDone", "gotConn",
                "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "gotFinalResponse", "responseBodyDone",
                "putIdleConn");
    }

    @Test
    void concurrentRequestsOnAPoolOfFourEachSeeOnlyTheirOwnHooks() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start())
                .respondSlowly("/slow", Duration.ofMillis(20), "late");
        ConnectionProvider four = ConnectionProvider.builder("httptrace-four").maxConnections(4)
                .pendingAcquireMaxCount(-1).build();
        HttpClient pooled = TracingReactorNetty.trace(HttpClient.create(four).resolver(DefaultAddressResolverGroup.INSTANCE));
        try {
            List<RecordingClientTrace> recordings = new ArrayList<>();
            List<Mono<String>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                RecordingClientTrace recording = new RecordingClientTrace();
                recordings.add(recording);
                String url = server.url(i % 2 == 0 ? "localhost" : "127.0.0.1", "/slow?request=" + i);
                calls.add(pooled.get().uri(url).responseSingle((response, body) -> body.asString())
                        .contextWrite((context) -> TracingReactorNetty.withTrace(context, recording, URI.create(url))));
            }

            List<String> bodies = Flux.merge(calls).collectList().block(Duration.ofSeconds(30));

            assertThat(bodies).hasSize(32).containsOnly("late");
            for (RecordingClientTrace recording : recordings) {
                settled(recording);
                assertThat(recording.all(GetConn.class)).hasSize(1);
                assertThat(recording.all(GotConn.class)).hasSize(1);
                assertThat(recording.allNames()).endsWith("gotFinalResponse", "responseBodyDone", "putIdleConn");
            }
            assertThat(recordings).as("some waited for one of the four connections and reused it")
                    .anyMatch((recording) -> recording.first(GotConn.class).info().reused());
        } finally {
            four.disposeLater().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void eachFollowedRedirectIsAnAttemptOfItsOwnFromGetConn() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "target")
                .handle("/redirect", (exchange) -> {
                    exchange.getResponseHeaders().add("Location", "/");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                });
        RecordingClientTrace recording = new RecordingClientTrace();
        String url = server.url("/redirect");

        assertThat(followingRedirects(url, recording)).isEqualTo("target");

        // the pool has one connection: the second attempt begins once the first's connection is back, and reuses it
        assertThat(recording.awaitEvents(PutIdleConn.class, 2, Duration.ofSeconds(1)).allNames()).containsExactly(
                "getConn", "connectStart", "connectDone", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "gotFinalResponse", "responseBodyDone", "putIdleConn",
                "getConn", "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "gotFinalResponse",
                "responseBodyDone", "putIdleConn");
        assertThat(recording.all(GotFinalResponse.class)).extracting(GotFinalResponse::code).containsExactly(302, 200);
        assertThat(recording.all(GetConn.class)).extracting(GetConn::hostPort)
                .containsExactly("127.0.0.1:" + server.port(), "127.0.0.1:" + server.port());
        assertThat(recording.all(GotConn.class)).extracting((gotConn) -> gotConn.info().reused()).containsExactly(false, true);
        assertThat(recording.all(PutIdleConn.class)).extracting(PutIdleConn::err).containsOnlyNulls();
    }

    @Test
    void aRedirectToAnotherHostGetsItsOwnConnection() throws Exception {
        LoopbackHttpServer target = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "elsewhere");
        LoopbackHttpServer origin = closeables.add(LoopbackHttpServer.start()).handle("/moved", (exchange) -> {
            exchange.getResponseHeaders().add("Location", target.url("other.test", "/"));
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        RecordingClientTrace recording = new RecordingClientTrace();
        String url = origin.url("/moved");

        assertThat(followingRedirects(url, recording)).isEqualTo("elsewhere");

        List<String> first = List.of("getConn", "connectStart", "connectDone", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "gotFinalResponse", "responseBodyDone");
        List<String> second = List.of("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone", "gotConn",
                "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "gotFinalResponse", "responseBodyDone",
                "putIdleConn");
        List<String> released = new ArrayList<>(first);
        released.add("putIdleConn");
        released.addAll(second);
        List<String> overtaken = new ArrayList<>(first);
        overtaken.addAll(second);
        // the first connection's release reports before the second attempt or, when that attempt's own connection
        // came first, not at all: never inside the second attempt
        assertThat(recording.awaitEvents(PutIdleConn.class, 2, Duration.ofSeconds(1)).allNames()).isIn(released, overtaken);
        assertThat(recording.all(GetConn.class)).extracting(GetConn::hostPort)
                .containsExactly("127.0.0.1:" + origin.port(), "other.test:" + target.port());
        assertThat(recording.all(GotFinalResponse.class)).extracting(GotFinalResponse::code).containsExactly(301, 200);
    }

    @Test
    void concurrentRedirectsOnAPoolOfTwoKeepEachAttemptWhole() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start())
                .respondSlowly("/slow", Duration.ofMillis(10), "late")
                .handle("/redirect", (exchange) -> {
                    exchange.getResponseHeaders().add("Location", "/slow");
                    exchange.sendResponseHeaders(307, -1);
                    exchange.close();
                });
        ConnectionProvider two = ConnectionProvider.builder("httptrace-two").maxConnections(2)
                .pendingAcquireMaxCount(-1).build();
        HttpClient pooled = TracingReactorNetty.trace(HttpClient.create(two)).followRedirect(true);
        try {
            List<RecordingClientTrace> recordings = new ArrayList<>();
            List<Mono<String>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                RecordingClientTrace recording = new RecordingClientTrace();
                recordings.add(recording);
                String url = server.url("/redirect?request=" + i);
                calls.add(pooled.get().uri(url).responseSingle((response, body) -> body.asString())
                        .contextWrite((context) -> TracingReactorNetty.withTrace(context, recording, URI.create(url))));
            }

            assertThat(Flux.merge(calls).collectList().block(Duration.ofSeconds(30))).hasSize(16).containsOnly("late");
            for (RecordingClientTrace recording : recordings) {
                recording.awaitEvents(PutIdleConn.class, 2, Duration.ofMillis(500));
                assertThat(recording.all(GetConn.class)).hasSize(2);
                assertThat(recording.all(GotConn.class)).hasSize(2);
                assertThat(recording.all(GotFinalResponse.class)).extracting(GotFinalResponse::code)
                        .containsExactly(307, 200);
                assertThat(recording.allNames()).endsWith("gotFinalResponse", "responseBodyDone", "putIdleConn");
            }
        } finally {
            two.disposeLater().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void aResubscribedRequestIsANewAttemptOfTheSameTrace() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "again");
        RecordingClientTrace recording = new RecordingClientTrace();
        String url = server.url("/");
        // one context, so one request's trace for both subscriptions (repeat subscribes again once the first emitted,
        // before Reactor Netty reported the first body's end)
        Mono<String> request = client.get().uri(url).responseSingle((response, body) -> body.asString())
                .contextWrite(TracingReactorNetty.withTrace(Context.empty(), recording, URI.create(url)));

        assertThat(request.repeat(1).collectList().block(Duration.ofSeconds(10))).containsExactly("again", "again");

        // the first attempt ends as the second begins; its connection's release, after that, is not reported
        recording.awaitEvents(GotFinalResponse.class, 2, Duration.ofSeconds(1));
        List<String> hooks = recording.awaitEvents(PutIdleConn.class, 2, Duration.ofMillis(300)).allNames();
        assertThat(hooks.subList(0, 9)).containsExactly("getConn", "connectStart", "connectDone", "gotConn",
                "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "gotFinalResponse", "responseBodyDone");
        assertThat(recording.all(GetConn.class)).hasSize(2);
        assertThat(recording.all(GotFinalResponse.class)).hasSize(2);
        assertThat(hooks).endsWith("gotFinalResponse", "responseBodyDone", "putIdleConn");
    }

    private String followingRedirects(String url, RecordingClientTrace recording) {
        return client.followRedirect(true).get().uri(url).responseSingle((response, content) -> content.asString())
                .contextWrite((context) -> TracingReactorNetty.withTrace(context, recording, URI.create(url)))
                .block(Duration.ofSeconds(10));
    }

    @Test
    void aRequestWithoutATraceIsUntouched() {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "plain");

        assertThat(client.get().uri(server.url("/")).responseSingle((response, body) -> body.asString())
                .block(Duration.ofSeconds(10))).isEqualTo("plain");
    }
}
