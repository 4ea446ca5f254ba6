package dev.httptrace.hc5;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

import dev.httptrace.ClientTrace;
import dev.httptrace.HttpTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.micrometer.MeterClientTraceFactory;
import dev.httptrace.testsupport.Closeables;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.RecordingClientTrace.ConnectDone;
import dev.httptrace.testsupport.RecordingClientTrace.DnsDone;
import dev.httptrace.testsupport.RecordingClientTrace.ExchangeFailed;
import dev.httptrace.testsupport.RecordingClientTrace.GetConnFailed;
import dev.httptrace.testsupport.RecordingClientTrace.Got1xxResponse;
import dev.httptrace.testsupport.RecordingClientTrace.GotFirstResponseByte;
import dev.httptrace.testsupport.RecordingClientTrace.ResponseBodyDone;
import dev.httptrace.testsupport.RecordingClientTrace.TlsHandshakeDone;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import dev.httptrace.testsupport.UnansweredListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix: each fault scripted by a real loopback server. For every row the traced client fails
 * (or succeeds) exactly as a plain HttpClient 5 with the same settings, the failed stage's done hook
 * carries the error, its meter is tagged with the exception, and no connection stays leased.
 */
class FaultMatrixTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost", "127.0.0.1");

    private static final Timeout WAIT_FOR_CONTINUE = Timeout.ofMilliseconds(300);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MeterClientTraceFactory meters = new MeterClientTraceFactory(registry);

    @AutoClose
    final Closeables closeables = new Closeables();


    /** What one request did, on the traced client and on a plain one. */
    private record Outcome(@Nullable Throwable traced, @Nullable Throwable plain, RecordingClientTrace trace, int leasedAfter) {

        Class<?> tracedType() {
            return traced == null ? Void.class : traced.getClass();
        }

        Class<?> plainType() {
            return plain == null ? Void.class : plain.getClass();
        }
    }

    private Outcome run(Supplier<ClassicHttpRequest> request, ConnectionConfig connectionConfig, RequestConfig requestConfig) throws Exception {
        TracingHttpClientBuilder builder = TracingHttpClients.custom()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
                .setDefaultConnectionConfig(connectionConfig)
                .setDefaultRequestConfig(requestConfig)
                .setWaitForContinue(WAIT_FOR_CONTINUE)
                .setHookErrorHandler(meters.hookErrorHandler());
        PooledClient traced = closeables.add(PooledClient.of(builder));
        PoolingHttpClientConnectionManager plainPool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
                .setDefaultConnectionConfig(connectionConfig).build();
        CloseableHttpClient plain = closeables.add(HttpClients.custom().setConnectionManager(plainPool)
                .setRequestExecutor(new HttpRequestExecutor(WAIT_FOR_CONTINUE, null, null))
                .setDefaultRequestConfig(requestConfig).build());

        RecordingClientTrace trace = new RecordingClientTrace();
        ClassicHttpRequest tracedRequest = request.get();
        ClientTrace composite = meters.create(new TracedRequest(tracedRequest.getMethod(), tracedRequest.getUri(), Map.of())).andThen(trace);
        Throwable tracedError = execute(traced.client(), tracedRequest, HttpTrace.withClientTrace(HttpClientContext.create(), composite));
        Throwable plainError = execute(plain, request.get(), HttpClientContext.create());
        assertThat(plainPool.getTotalStats().getLeased()).isZero();
        return new Outcome(tracedError, plainError, trace, traced.pool().getTotalStats().getLeased());
    }

    private Outcome run(Supplier<ClassicHttpRequest> request) throws Exception {
        return run(request, ConnectionConfig.DEFAULT, RequestConfig.DEFAULT);
    }

    private static @Nullable Throwable execute(CloseableHttpClient client, ClassicHttpRequest request, HttpClientContext context) {
        try {
            client.execute(request, context, response -> EntityUtils.toString(response.getEntity()));
            return null;
        } catch (IOException | RuntimeException ex) {
            return ex;
        }
    }

    private double count(String meter, String... tags) {
        return registry.find(meter).tags(tags).timers().stream().mapToLong(t -> t.count()).sum();
    }

    @Test
    void dnsFailure() throws Exception {
        Outcome outcome = run(() -> new HttpGet("http://does-not-exist.test/"));

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType()).isEqualTo(UnknownHostException.class);
        assertThat(outcome.trace().first(DnsDone.class).info().err()).isNotNull();
        assertThat(count("httptrace.dns", "exception", "UnknownHostException")).isEqualTo(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void refusedConnect() throws Exception {
        int port = LoopbackPorts.closedPort();
        Outcome outcome = run(() -> new HttpGet("http://127.0.0.1:" + port + "/"));

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType());
        assertThat(outcome.traced()).isInstanceOf(ConnectException.class);
        assertThat(outcome.trace().first(ConnectDone.class).err()).isInstanceOf(ConnectException.class);
        assertThat(count("httptrace.connect", "exception", "ConnectException")).isEqualTo(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void firstAddressRefusesSecondWorks() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start());
        Outcome outcome = run(() -> new HttpGet(server.url("multi.test", "/")));

        assertThat(outcome.traced()).isNull();
        assertThat(outcome.plain()).isNull();
        assertThat(count("httptrace.connect", "exception", "ConnectException")).isEqualTo(1);
        assertThat(count("httptrace.connect", "exception", "none")).isEqualTo(1);
        assertThat(count("httptrace.connection.acquire", "reused", "false", "exception", "none")).isEqualTo(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void untrustedCertificate() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.startTls(TestCertificates.generate("localhost")));
        Outcome outcome = run(() -> new HttpGet(server.url("localhost", "/")));

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType());
        assertThat(outcome.traced()).isInstanceOf(SSLException.class);
        assertThat(outcome.trace().first(TlsHandshakeDone.class).err()).isInstanceOf(SSLException.class);
        assertThat(count("httptrace.tls.handshake", "exception", outcome.traced().getClass().getSimpleName())).isEqualTo(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void hostNameMismatch() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.startTls(CERTS));
        Outcome outcome = run(() -> new HttpGet(server.url("other.test", "/")));

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType());
        assertThat(outcome.traced()).isInstanceOf(SSLException.class);
        assertThat(count("httptrace.tls.handshake", "exception", outcome.traced().getClass().getSimpleName())).isEqualTo(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void tlsServerClosesDuringTheHandshake() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start(c -> {
            c.socket().getInputStream().read(new byte[64]); // part of the ClientHello
            c.closeWithReset();
        }));
        Outcome outcome = run(() -> new HttpGet("https://localhost:" + server.port() + "/"));

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType());
        assertThat(outcome.traced()).isInstanceOf(IOException.class);
        TlsHandshakeDone done = outcome.trace().first(TlsHandshakeDone.class);
        assertThat(done.err()).isNotNull();
        assertThat(done.state().handshakeComplete()).isFalse();
        // a reset is retriable: HttpClient may try again, each attempt with its own handshake and meter
        int handshakes = outcome.trace().all(TlsHandshakeDone.class).size();
        assertThat(handshakes).isBetween(1, 2);
        assertThat(count("httptrace.tls.handshake", "exception", done.err().getClass().getSimpleName())).isEqualTo(handshakes);
        assertThat(outcome.trace().pairingViolations()).isEmpty();
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void resetInTheMiddleOfTheHeaders() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Le");
            c.closeWithReset();
        }));
        Outcome outcome = run(() -> new HttpGet(server.url("/")));

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType());
        assertThat(outcome.traced()).isInstanceOf(IOException.class);
        // a GET is retried once by HttpClient: two attempts, each reaching the first byte, none pooled
        assertThat(outcome.trace().names()).contains("gotFirstResponseByte").doesNotContain("putIdleConn");
        List<ExchangeFailed> failures = outcome.trace().all(ExchangeFailed.class);
        assertThat(failures).hasSize(2);
        assertThat(failures.get(1).err()).isSameAs(outcome.traced());
        // the first byte ended the server's time: the head that broke off is the exchange's failure
        assertThat(count("httptrace.server.processing", "exception", "none")).isEqualTo(2);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void resetBeforeTheFirstByte() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start(c -> {
            c.readRequest();
            c.closeWithReset();
        }));
        Outcome outcome = run(() -> new HttpGet(server.url("/")));

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType());
        assertThat(outcome.traced()).isInstanceOf(IOException.class);
        // a GET is retried once by HttpClient: two attempts, each ending after wroteRequest
        assertThat(outcome.trace().names()).doesNotContain("gotFirstResponseByte", "putIdleConn");
        List<ExchangeFailed> failures = outcome.trace().all(ExchangeFailed.class);
        assertThat(failures).hasSize(2);
        assertThat(failures.get(1).err()).isSameAs(outcome.traced());
        // each attempt's server time ends in its own failure (the class of the first may differ: the reset races the read)
        assertThat(count("httptrace.server.processing", "exception", outcome.traced().getClass().getSimpleName())).isPositive();
        assertThat(count("httptrace.server.processing", "exception", failures.get(0).err().getClass().getSimpleName())).isPositive();
        assertThat(count("httptrace.server.processing") - count("httptrace.server.processing", "exception", "none")).isEqualTo(2);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void resetInTheMiddleOfTheBody() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly the start");
            Thread.sleep(50);
            c.closeWithReset();
        }));
        Outcome outcome = run(() -> new HttpGet(server.url("/")));

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType());
        assertThat(outcome.traced()).isInstanceOf(IOException.class);
        assertThat(outcome.trace().names()).endsWith("gotFirstResponseByte").doesNotContain("putIdleConn");
        assertThat(outcome.trace().allNames()).endsWith("gotFirstResponseByte", "gotFinalResponse", "responseBodyDone");
        assertThat(outcome.trace().first(ResponseBodyDone.class).info().err()).isSameAs(outcome.traced());
        assertThat(count("httptrace.server.processing", "exception", "none")).isEqualTo(1);
        assertThat(count("httptrace.content.transfer", "exception", outcome.traced().getClass().getSimpleName())).isEqualTo(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void readTimeout() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start(c -> {
            c.readRequest();
            Thread.sleep(5_000);
        }));
        ConnectionConfig shortRead = ConnectionConfig.custom().setSocketTimeout(Timeout.ofMilliseconds(200)).build();
        Outcome outcome = run(() -> new HttpGet(server.url("/")), shortRead, RequestConfig.DEFAULT);

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType()).isEqualTo(SocketTimeoutException.class);
        assertThat(outcome.trace().names()).endsWith("wroteRequest");
        assertThat(outcome.trace().allNames()).endsWith("wroteRequest", "exchangeFailed");
        assertThat(outcome.trace().first(ExchangeFailed.class).err()).isSameAs(outcome.traced());
        assertThat(count("httptrace.server.processing", "method", "GET", "exception", "SocketTimeoutException")).isEqualTo(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void poolLeaseTimeout() throws Exception {
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start());
        RequestConfig shortLease = RequestConfig.custom().setConnectionRequestTimeout(Timeout.ofMilliseconds(200)).build();
        PooledClient traced = closeables.add(PooledClient.of(TracingHttpClients.custom().setMaxConnTotal(1).setMaxConnPerRoute(1)
                .setDefaultRequestConfig(shortLease)));
        CloseableHttpClient plain = closeables.add(HttpClients.custom().setDefaultRequestConfig(shortLease)
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(1).setMaxConnPerRoute(1).build())
                .build());
        // one request holds each pool's only connection (its body unread)
        ClassicHttpResponse tracedHolder = traced.client().executeOpen(null, new HttpGet(server.url("/")), HttpClientContext.create());
        ClassicHttpResponse plainHolder = plain.executeOpen(null, new HttpGet(server.url("/")), HttpClientContext.create());

        RecordingClientTrace trace = new RecordingClientTrace();
        HttpGet request = new HttpGet(server.url("/"));
        ClientTrace composite = meters.create(new TracedRequest("GET", request.getUri(), Map.of())).andThen(trace);
        Throwable tracedError = execute(traced.client(), request, HttpTrace.withClientTrace(HttpClientContext.create(), composite));
        Throwable plainError = execute(plain, new HttpGet(server.url("/")), HttpClientContext.create());
        tracedHolder.close();
        plainHolder.close();

        assertThat(tracedError).isInstanceOf(ConnectionRequestTimeoutException.class);
        assertThat(plainError).isInstanceOf(ConnectionRequestTimeoutException.class);
        assertThat(trace.allNames()).containsExactly("getConn", "getConnFailed");
        assertThat(trace.first(GetConnFailed.class).err()).isSameAs(tracedError);
        assertThat(registry.get("httptrace.connection.acquire").tags("reused", "false", "exception", "ConnectionRequestTimeoutException")
                .timer().totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);
        assertThat(traced.pool().getTotalStats().getLeased()).isZero();
        assertThat(traced.pool().getTotalStats().getPending()).isZero();
    }

    @Test
    void connectTimeoutOnAFullBacklog() throws Exception {
        UnansweredListener full = closeables.add(UnansweredListener.start());
        ConnectionConfig shortConnect = ConnectionConfig.custom().setConnectTimeout(Timeout.ofMilliseconds(300)).build();
        Outcome outcome = run(() -> new HttpGet("http://127.0.0.1:" + full.port() + "/"), shortConnect, RequestConfig.DEFAULT);

        assertThat(outcome.tracedType()).isEqualTo(outcome.plainType());
        assertThat(outcome.traced()).isInstanceOf(ConnectTimeoutException.class);
        assertThat(outcome.trace().first(ConnectDone.class).err()).isInstanceOf(SocketTimeoutException.class);
        assertThat(count("httptrace.connect", "exception", "SocketTimeoutException")).isEqualTo(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void continueNeverAnswered() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start(c -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                c.readBody(request.contentLength());
                c.writeResponse(200, "took your body");
            }
        }));
        Supplier<ClassicHttpRequest> post = () -> {
            HttpPost p = new HttpPost(server.url("/"));
            p.setEntity(new StringEntity("body", ContentType.TEXT_PLAIN));
            return p;
        };
        RequestConfig expect = RequestConfig.custom().setExpectContinueEnabled(true).build();
        Outcome outcome = run(post, ConnectionConfig.DEFAULT, expect);

        assertThat(outcome.traced()).isNull();
        assertThat(outcome.plain()).isNull();
        assertThat(outcome.trace().names()).contains("wait100Continue").doesNotContain("got100Continue");
        assertThat(count("httptrace.continue.wait", "outcome", "timeout")).isEqualTo(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void stormOfFiftyInterimResponses() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start(c -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                StringBuilder storm = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    storm.append("HTTP/1.1 103 Early Hints\r\nLink: </").append(i).append(".css>; rel=preload\r\n\r\n");
                }
                c.write(storm.toString());
                c.writeResponse(200, "after the storm");
            }
        }));
        Outcome outcome = run(() -> new HttpGet(server.url("/")));

        // HttpClient 5 sets no bound on interim responses (Go stops at 5): one hook per interim response
        assertThat(outcome.traced()).isNull();
        assertThat(outcome.plain()).isNull();
        assertThat(outcome.trace().all(Got1xxResponse.class)).hasSize(50);
        assertThat(outcome.trace().all(GotFirstResponseByte.class)).hasSize(1);
        assertThat(outcome.leasedAfter()).isZero();
    }

    @Test
    void abandonedBodyHoldsItsConnectionUntilClosed() throws Exception {
        // HttpClient 5 has no cleaner: an unclosed response keeps its connection leased until it is closed
        LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start().respond("/big", 200, "z".repeat(64 * 1024)));
        PooledClient pooled = closeables.add(PooledClient.of(TracingHttpClients.custom()));
        RecordingClientTrace trace = new RecordingClientTrace();

        ClassicHttpResponse response = pooled.client().executeOpen(null, new HttpGet(server.url("/big")),
                HttpTrace.withClientTrace(HttpClientContext.create(), trace));
        InputStream body = response.getEntity().getContent();
        body.read();
        System.gc();
        assertThat(pooled.pool().getTotalStats().getLeased()).isEqualTo(1);
        assertThat(trace.names()).doesNotContain("putIdleConn");

        response.close();

        assertThat(pooled.pool().getTotalStats().getLeased()).isZero();
        assertThat(trace.pairingViolations()).isEmpty();
    }
}
